"""Validation findings as a reviewer's workbook: one row per finding, errors first, filterable."""

from __future__ import annotations

from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any

from .. import vocab
from ._write import Book, Styled, check_sheet_rows

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = vocab.SEVERITY_LABELS
COLUMNS = ("级别", "代码", "表", "项目", "三级指标", "说明", "文件", "行", "单元格", "依据")


def _evidence(evidence: dict[str, Any] | None) -> str | None:
    if not evidence:
        return None
    return "；".join(f"{key}={value}" for key, value in evidence.items())


def finding_row(finding: dict[str, Any]) -> list[object]:
    location = finding.get("location") or {}
    severity = finding.get("severity") or ""
    line = location.get("line")
    return [
        SEVERITY_LABELS.get(severity, severity) or None,
        finding.get("code"),
        finding.get("table"),
        finding.get("project"),
        finding.get("indicator"),
        finding.get("message"),
        location.get("file"),
        Decimal(line) if isinstance(line, int) else None,
        location.get("cell"),
        _evidence(finding.get("evidence")),
    ]


def write_findings_xlsx(report: dict[str, Any], path: str | Path) -> None:
    """Write the validate JSON report (docs/validate.md, "JSON output") as 问题清单 and 汇总 sheets.

    Findings are sorted by severity (错误, 警告, 提示), keeping the report's order within one.
    """
    findings = sorted(report.get("findings", []), key=lambda f: SEVERITY_ORDER.get(f.get("severity"), len(SEVERITY_ORDER)))
    header = [Styled(c, header=True) for c in COLUMNS]
    check_sheet_rows(len(findings) + 1, path, f"{len(findings):,} 条问题的问题清单", "请改用 --format json 输出")
    book = Book()
    book.add_sheet("问题清单", build=lambda: (chain([header], map(finding_row, findings)), (), None),
                   freeze="A2", auto_filter=True, wrap_long=False, widths={6: 80})
    summary = report.get("summary") or {}
    counts = [[Styled("项目", header=True), Styled("数量", header=True)]]
    for key, label in (*SEVERITY_LABELS.items(), ("files", "文件")):
        value = summary.get(key)
        counts.append([label, Decimal(value) if isinstance(value, int) else None])
    book.add_sheet("汇总", counts)
    book.save(path)
