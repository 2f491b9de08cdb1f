"""Findings for people: grouped by table, most severe first, ending with counts by severity.

The same grouping serves the terminal table and the Markdown report; the JSON
form lives in perfeval.findings because other tools read it.
"""

from __future__ import annotations

from typing import Iterable

from ..findings import Finding, summarize

_DOCUMENT = "（全文）"


def group_by_table(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """(table label, its findings) with the groups holding the most severe findings first."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.location.file, finding.table or _DOCUMENT), []).append(finding)
    ordered = []
    for (file, label), items in groups.items():
        items.sort(key=lambda f: (-f.severity.rank, f.location.line or 0, f.code))
        first_line = min((f.location.line or 0) for f in items)
        ordered.append(((-items[0].severity.rank, file, first_line), label, items))
    ordered.sort(key=lambda entry: entry[0])
    return [(label, items) for _, label, items in ordered]


def rule_title(code: str) -> str:
    """The Chinese title of a finding's rule (validate's or audit's, from the one catalogue), or ""."""
    from ..checks.catalogue import title_of

    return title_of(code)


def summary_line(findings: list[Finding], files: int) -> str:
    counts = summarize(findings, files)
    return (f"共 {len(findings)} 条：错误 {counts['error']} 条，警告 {counts['warning']} 条，"
            f"提示 {counts['info']} 条（{files} 个文件）")


def _rows(items: list[Finding]) -> list[tuple[str, str, str, str]]:
    return [(f.severity.label, code_with_title(f.code), _where(f), f.message) for f in items]


def code_with_title(code: str) -> str:
    """The code with its rule's Chinese title beside it: `weights.sum（权重合计）` (once per code: a table row each)."""
    shown = _TITLED.get(code)
    if shown is None:
        title = rule_title(code)
        if not title:
            return code
        shown = _TITLED[code] = f"{code}（{title}）"  # a declared rule's title never changes
    return shown


_TITLED: dict[str, str] = {}


def _where(finding: Finding) -> str:
    location = finding.location
    if location.cell:
        return location.cell
    return f"第 {location.line} 行" if location.line else ""


HEADERS = ("级别", "代码（规则）", "位置", "说明")


def render_table(findings: list[Finding], files: int, width: int | None = None) -> str:
    """The terminal report: one block per table, then the summary line; fitted to `width` columns if given."""
    from .terminal import table

    blocks = []
    for label, items in group_by_table(findings):
        heading = _heading(label, items)
        blocks.append(f"{heading}\n{table(_rows(items), HEADERS, 'table', width)}")
    blocks.append(summary_line(findings, files))
    return "\n\n".join(blocks) + "\n"


def render_markdown(findings: list[Finding], files: int) -> str:
    """A Markdown report: a heading and a table per document table, then the summary."""
    from .terminal import markdown_cell, table

    parts = ["# 绩效目标校验结果", ""]
    for label, items in group_by_table(findings):
        parts += [f"## {markdown_cell(_heading(label, items))}", "", table(_rows(items), HEADERS, "markdown"), ""]
    parts.append(summary_line(findings, files))
    return "\n".join(parts) + "\n"


def _heading(label: str, items: list[Finding]) -> str:
    projects = {f.project for f in items}
    project = next(iter(projects)) if len(projects) == 1 else None
    heading = f"{label}（项目 {project}）" if project else label
    return f"{heading} · {items[0].location.file}"
