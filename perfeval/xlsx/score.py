"""The score sheet (自评表) as a workbook: one sheet per project and a 汇总 sheet.

Scores arrive as exact decimal strings; each is rounded once, here, with the rule
set's display places and rounding mode, and stored as a number with a matching
format, so what a cell holds is exactly what it shows and what the terminal view prints.
"""

from __future__ import annotations

import decimal
import functools
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import vocab
from ..errors import InputError
from ..limits import quantize
from ._write import Book, Styled, check_sheet_count, run_merges

STATUS_LABELS, FLAG_LABELS = vocab.STATUS_LABELS, vocab.FLAG_LABELS
HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "完成情况", "须说明",
          "偏差原因分析及改进措施")
_ROUNDINGS = {name: getattr(decimal, name) for name in dir(decimal) if name.startswith("ROUND_")}


class _Numbers:
    """Exact decimal strings to rounded Decimals with the sheet's display rule and number format."""

    def __init__(self, display: dict[str, Any] | None):
        display = display or {}
        self.places = int(display.get("places", 2))
        rounding = display.get("rounding", "ROUND_HALF_UP")
        if rounding not in _ROUNDINGS:
            raise InputError(f"评分表的 display.rounding 应为 {'、'.join(sorted(_ROUNDINGS))} 之一，实际为 {rounding!r}")
        self.rounding = _ROUNDINGS[rounding]
        self.quantum = Decimal(1).scaleb(-self.places)
        self.format = "0" + ("." + "0" * self.places if self.places > 0 else "")

    def exact(self, text: object) -> Decimal | None:
        if text is None or text == "":
            return None
        try:
            return Decimal(str(text))
        except decimal.InvalidOperation:
            raise InputError(f"评分表中的数值应为十进制数字字符串，实际为 {text!r}") from None

    def cell(self, text: object, percent: bool = False) -> Styled | None:
        value = self.exact(text)
        if value is None:
            return None
        if percent:  # a rate of 0.9523 shows as 95.23% and holds 0.9523
            value = quantize(value, self.quantum.scaleb(-2), self.rounding)
            return Styled(value, self.format + "%")
        return Styled(quantize(value, self.quantum, self.rounding), self.format)


def _project_rows(project: dict[str, Any], numbers: _Numbers) -> tuple[list[list[object]], list[str]]:
    code, name = project.get("project_code") or "", project.get("project_name") or ""
    rows: list[list[object]] = [
        [Styled("项目支出绩效自评表", bold=True, align="center", span=True)],
        [Styled("项目名称", bold=True), Styled(f"{code}-{name}" if code else name, span=True)],
        [Styled("表号", bold=True), project.get("table")],
        [],
        [Styled(h, header=True) for h in HEADER],
    ]
    merges = ["A1:J1", "B2:J2"]
    top = len(rows) + 1
    weights = Decimal(0)
    for item in project.get("indicators", []):
        weight = numbers.exact(item.get("weight"))
        weights += weight or 0
        rows.append([item.get("level1"), item.get("level2"), item.get("name"), item.get("target"), item.get("actual"),
                     numbers.cell(item.get("weight")), numbers.cell(item.get("score")),
                     STATUS_LABELS.get(item.get("status"), item.get("status")),
                     "；".join(FLAG_LABELS.get(f, f) for f in item.get("flags", [])) or None,
                     item.get("reason") or None])
    merges.extend(run_merges(rows, top, len(rows), columns=(1, 2)))
    execution = project.get("execution")
    if execution:
        weights += numbers.exact(execution.get("weight")) or 0
        rows.append(["预算执行率", None, None, None, numbers.cell(execution.get("rate"), percent=True),
                     numbers.cell(execution.get("weight")), numbers.cell(execution.get("score")), None,
                     "执行率偏低，须说明原因" if execution.get("flag") else None, None])
        merges.append(f"A{len(rows)}:D{len(rows)}")
    total = numbers.cell(project.get("total"))
    rows.append(["总分", None, None, None, None, Styled(weights, numbers.format), total,
                 None if total is not None else "评分不完整", None, None])
    merges.append(f"A{len(rows)}:E{len(rows)}")
    rows.append(["等级", None, None, None, None, None, project.get("grade") or None])
    merges.append(f"A{len(rows)}:F{len(rows)}")
    if execution:
        rows.append([])
        rows.append([Styled(h, header=True) for h in ("年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）")])
        # one number printed: the year had no adjustment, and it is the 全年预算数 (perfeval.actuals.project_funds)
        adjusted = execution.get("adjusted_budget")
        initial, full = (execution.get("budget"), adjusted) if adjusted is not None else (None, execution.get("budget"))
        rows.append([_money(numbers, initial), _money(numbers, full), _money(numbers, execution.get("spent"))])
    return rows, merges


def _money(numbers: _Numbers, text: object) -> Styled | None:
    value = numbers.exact(text)
    return None if value is None else Styled(value, "#,##0.00")


def _summary_rows(sheet: dict[str, Any], numbers: _Numbers) -> list[list[object]]:
    rule = sheet.get("rule_set") or {}
    rows: list[list[object]] = [
        [Styled("评分规则", bold=True), f"{rule.get('title') or ''}（{rule.get('name') or ''} {rule.get('version') or ''}）"],
        [],
        [Styled(h, header=True) for h in ("表号", "项目编码", "项目名称", "预算执行率", "总分", "等级", "评分完整")],
    ]
    for project in sheet.get("projects", []):
        execution = project.get("execution") or {}
        rows.append([project.get("table"), project.get("project_code"), project.get("project_name"),
                     numbers.cell(execution.get("rate"), percent=True), numbers.cell(project.get("total")),
                     project.get("grade"), "是" if project.get("complete") else "否"])
    summary = sheet.get("summary") or {}
    rows.append([])
    rows.append([Styled("项目数", bold=True), Styled(Decimal(int(summary.get("projects", 0))), "0")])
    rows.append([Styled("平均分", bold=True), numbers.cell(summary.get("mean"))])
    for grade, count in (summary.get("by_grade") or {}).items():
        rows.append([Styled(f"{grade}（个）", bold=True), Styled(Decimal(int(count)), "0")])
    lowest = summary.get("lowest") or []
    if lowest:
        rows.append([])
        rows.append([Styled("得分最低的项目", bold=True)])
        for item in lowest:
            rows.append([None, item.get("project_code"), item.get("project_name"), None,
                         numbers.cell(item.get("total")), item.get("grade")])
    return rows


SHEETS_HINT = "请用 --format json 或 markdown 输出，或把目标表按主管部门拆成几份分别评分"


def check_score_workbook(projects: int, path: str | Path) -> None:
    """Refuse, before scoring, a score workbook with more sheets than MAX_SHEETS (one per project)."""
    check_sheet_count(projects + 1, path, f"{projects:,} 个项目的自评表（每个项目一张）", SHEETS_HINT)


def _project_sheet(project: dict[str, Any], numbers: _Numbers):
    rows, merges = _project_rows(project, numbers)
    return rows, merges, None


def write_score_xlsx(sheet: dict[str, Any], path: str | Path) -> None:
    """Write the score JSON (docs/scoring.md, "The JSON sheet") as a 汇总 sheet and one 自评表 sheet per project."""
    projects = sheet.get("projects", [])
    check_score_workbook(len(projects), path)
    numbers = _Numbers(sheet.get("display"))
    book = Book()
    book.add_sheet("汇总", _summary_rows(sheet, numbers), freeze="A4")
    for project in projects:
        book.add_sheet(project.get("table") or project.get("project_code") or "项目",
                       build=functools.partial(_project_sheet, project, numbers), freeze="A6")
    book.save(path)
