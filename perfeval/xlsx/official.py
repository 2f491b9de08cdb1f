"""The official 项目支出绩效自评表 (财预〔2020〕10号 附件) as a workbook: one form per project and a 汇总 sheet.

The layout is the paper form's: title and year, 项目名称 / 主管部门 / 实施单位, the
项目资金 block (年度资金总额 and its 其中 rows against 年初预算数 … 得分), 年度总体目标,
the 绩效指标 rows, 总分 and 自评等级, with borders, the paper form's merged cells and an
A4 print setup. `perfeval audit` reads it back (perfeval.selfeval.grid): every label
here is one that reader looks for, and a test proves the round trip.

A scored 部门整体绩效目标表 (project code `部门整体`) is written as the 部门整体支出绩效自评表
that provinces publish beside the project forms: `{year}年度部门整体支出绩效自评表`, 部门（单位）名称,
the 年度预算 block (年度资金总额, 其中 基本支出 / 项目支出) at the rule set's [department]
points (0 by default: shown as —), then 年度总体目标, the indicators, 总分 and 自评等级 as above.

Written in openpyxl's write-only mode, each sheet closed as soon as it is written: openpyxl
would otherwise keep one temporary file open per streamed sheet until the workbook is saved
(`Too many open files` at some thousand projects, issue 17). A workbook with more sheets than
anyone can use is refused before any work (`check_sheet_count`).
"""

from __future__ import annotations

import math
from copy import copy
import re
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

import attrs
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties

from .. import vocab
from ..errors import PerfevalError
from ..scoring.engine import DEPARTMENT_CODE, NOT_APPLICABLE, IndicatorScore, ProjectScore, ScoreSheet
from ..scoring.sheet import actual_text, target_text
from . import _write
from ._write import check_value, display_width, excel_number, number_format_for, sheet_title

TITLE = "项目支出绩效自评表"
SUMMARY_TITLE = "汇总"
FUNDS_LABEL = "项目资金（万元）"
FUNDS_HEADER = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
FUNDS_TOTAL = "年度资金总额"
# 其中 rows of the paper form, with the words that find their amount among the target table's funds rows.
FUNDS_PARTS = (("其中：当年财政拨款", ("财政拨款", "财政资金")), ("上年结转资金", ("结转",)), ("其他资金", ("其他",)))
# The 部门整体支出绩效自评表: its own title, name row and 年度预算 block with 其中 rows by kind of spending.
DEPARTMENT_TITLE = "部门整体支出绩效自评表"
DEPARTMENT_NAME = vocab.DEPARTMENT["unit_name"][0]  # 部门（单位）名称
DEPARTMENT_FUNDS_LABEL = "年度预算（万元）"
DEPARTMENT_FUNDS_PARTS = (("其中：基本支出", ("基本支出",)), ("项目支出", ("项目支出",)))
GOAL_LABEL = "年度总体目标"
INDICATOR_LABEL = "绩效指标"
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                    "偏差原因分析及改进措施")
GRADE_LABEL = "自评等级"
SUMMARY_HEADER = ("序号", "工作表", "项目编码", "项目名称", "主管部门", "实施单位", "全年预算数（万元）",
                  "全年执行数（万元）", "执行率", "总分", "自评等级", "评分完整")
COLUMNS = 10  # A 标签, B 一级, C 二级, D 三级, E 年度指标值, F 实际完成值, G 分值, H 得分, I–J 偏差原因
WIDTHS = (11, 12, 14, 24, 14, 14, 8, 9, 16, 16)
SUMMARY_WIDTHS = (6, 14, 24, 36, 18, 22, 12, 12, 10, 9, 9, 9)
PRINT_TITLE_ROWS = "1:4"  # title, year, 项目名称, 主管部门: every printed page says which project it is
DEPARTMENT_PRINT_TITLE_ROWS = "1:2"  # title with the year, 部门（单位）名称
LINE_HEIGHT = 15.0
PAPER_A4 = "9"  # the OOXML paper size code for A4
# Excel slows to a crawl and nobody pages through a workbook long before this many sheets; beyond it
# the caller is told to use a flat output or to split the batch.
SHEETS_HINT = ("请改用每个指标一行的平铺输出（-o 自评表.csv 或 --format json），"
               "或把目标表按主管部门拆成几个文件分别评分")

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_BOLD = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=16)


@attrs.frozen
class _Value:
    """One cell of the form: its value and how to show it."""

    value: object = None
    number_format: str | None = None
    bold: bool = False
    center: bool = False
    font: Font | None = None
    border: bool = True


def _label(text: str) -> _Value:
    return _Value(text, bold=True, center=True)


@attrs.frozen
class _Form:
    """A sheet's rows (each COLUMNS cells wide), merged ranges and row heights."""

    title: str
    rows: list[list[_Value]]
    merges: list[str]
    heights: dict[int, float]
    widths: Sequence[float]
    print_titles: str | None = None
    freeze: str | None = None


class _Numbers:
    """Scores rounded once, with the rule set's display places and rounding, stored with a matching format."""

    def __init__(self, sheet: ScoreSheet):
        from ..scoring.rules import ROUNDINGS

        self.places = sheet.rules.display_places
        self.rounding = ROUNDINGS[sheet.rules.display_rounding]
        self.quantum = Decimal(1).scaleb(-self.places)
        self.format = "0" + ("." + "0" * self.places if self.places > 0 else "")
        self.execution_points = sheet.rules.execution_points

    def rounded(self, value: Decimal) -> Decimal:
        return value.quantize(self.quantum, rounding=self.rounding)

    def weights(self, rows: Sequence[IndicatorScore]) -> list[Decimal | None]:
        """The 分值 column as shown: rescaled weights (90 × 8/80 …) rounded so that they still add up.

        Each weight is rounded down to the display places and the units left over go to the
        largest remainders, so the column sums to the rounded total of the exact weights, as
        on a hand-made form. A not-applicable indicator that was rescaled away shows 0.
        """
        exact = [Decimal(0) if r.weight is None and r.status == NOT_APPLICABLE else r.weight for r in rows]
        known = [w for w in exact if w is not None]
        if all(w == self.rounded(w) for w in known):
            return exact
        floors = {i: w.quantize(self.quantum, rounding=ROUND_FLOOR) for i, w in enumerate(exact) if w is not None}
        left = int((self.rounded(sum(known, Decimal(0))) - sum(floors.values(), Decimal(0))) / self.quantum)
        by_remainder = sorted(floors, key=lambda i: (-(exact[i] - floors[i]), i))
        for i in by_remainder[:max(left, 0)]:
            floors[i] += self.quantum
        return [floors.get(i) for i in range(len(exact))]

    def points(self, value: Decimal | None) -> _Value:
        if value is None:
            return _Value()
        return _Value(value.quantize(self.quantum, rounding=self.rounding), self.format, center=True)

    def rate(self, value: Decimal | None) -> _Value:
        if value is None:
            return _Value()
        return _Value(value.quantize(self.quantum.scaleb(-2), rounding=self.rounding), self.format + "%", center=True)


def money(value: Decimal | None) -> _Value:
    """An amount in 万元 exactly as given, shown with its own places."""
    if value is None:
        return _Value()
    return _Value(value, number_format_for(value, thousands=True), center=True)


def _score_parts(result: Any, year: int | str | None) -> tuple[ScoreSheet, str]:
    """The score sheet and the year, from a ScoreSheet or a pipeline result carrying one."""
    sheet = result if isinstance(result, ScoreSheet) else getattr(result, "sheet", None)
    if not isinstance(sheet, ScoreSheet):
        raise TypeError(f"write_official_form needs a score result, not {type(result).__name__}")
    if year is None:
        year = getattr(result, "year", None)
        document = getattr(result, "document", None)
        if year is None and document is not None:
            year = getattr(document, "year", None)
    if year is None:  # the target tables' own titles: `2026 年项目支出绩效目标表-1`
        for project in sheet.projects:
            found = _YEAR.search(project.table.title)
            if found:
                year = found.group(1)
                break
    return sheet, "" if year is None else str(year)


def _rows_needed(text: str, width: float) -> int:
    """Lines a wrapped text takes in a cell `width` characters wide (wide characters count 2)."""
    if not text:
        return 1
    return sum(max(1, math.ceil(display_width(line) / max(width - 1, 1))) for line in text.split("\n"))


def _span_width(first: int, last: int) -> float:
    return sum(WIDTHS[first - 1:last])


def _fit(heights: dict[int, float], number: int, texts: Iterable[tuple[str, int, int]]) -> None:
    lines = max((_rows_needed(text, _span_width(a, b)) for text, a, b in texts), default=1)
    if lines > 1:
        heights[number] = LINE_HEIGHT * lines + 3


def is_department(project: ProjectScore) -> bool:
    """The scored 部门整体绩效目标表 (score_department's code), written as the 部门整体支出绩效自评表."""
    return project.table.project_code == DEPARTMENT_CODE


def project_form(project: ProjectScore, numbers: _Numbers, year: str, title: str,
                 department_points: Decimal | None = None) -> _Form:
    """One project's 自评表, row by row as on the paper form; the 部门整体 form for the department table.

    `department_points` is the rule set's [department] execution points (the department form's 分值).
    """
    table = project.table
    department = is_department(project)
    rows: list[list[_Value]] = []
    merges: list[str] = []
    heights: dict[int, float] = {}

    def add(cells: Sequence[_Value], *spans: tuple[int, int]) -> int:
        row = list(cells) + [_Value()] * (COLUMNS - len(cells))
        rows.append(row)
        number = len(rows)
        for first, last in spans:
            merges.append(f"{get_column_letter(first)}{number}:{get_column_letter(last)}{number}")
        return number

    def banner(text: str, **style) -> int:
        return add([_Value(text, center=True, border=False, **style)] + [_Value(border=False)] * (COLUMNS - 1),
                   (1, COLUMNS))

    # Title and year, without borders, as printed above the form.
    if department:
        banner(f"{year}年度{DEPARTMENT_TITLE}" if year else DEPARTMENT_TITLE, font=_TITLE_FONT)
        heights[1] = 28
        number = add([_label(DEPARTMENT_NAME), _Value(table.project_name)], (2, COLUMNS))
        _fit(heights, number, [(table.project_name, 2, COLUMNS)])
        execution_points = numbers.execution_points if department_points is None else department_points
        funds_label, funds_parts = DEPARTMENT_FUNDS_LABEL, DEPARTMENT_FUNDS_PARTS
    else:
        banner(TITLE, font=_TITLE_FONT)
        heights[1] = 28
        banner(f"（{year}年度）" if year else "（    年度）")
        name = f"{table.project_code}-{table.project_name}" if table.project_code else table.project_name
        number = add([_label("项目名称"), _Value(name)], (2, COLUMNS))
        _fit(heights, number, [(name, 2, COLUMNS)])
        number = add([_label("主管部门"), _Value(table.department), _Value(), _Value(), _Value(),
                      _label("实施单位"), _Value(table.implementer)], (2, 5), (7, COLUMNS))
        _fit(heights, number, [(table.department, 2, 5), (table.implementer, 7, COLUMNS)])
        execution_points = numbers.execution_points
        funds_label, funds_parts = FUNDS_LABEL, FUNDS_PARTS

    # 项目资金（万元） / 年度预算（万元）: header, 年度资金总额, then the 其中 rows.
    dash = _Value("—", center=True)
    funds_top = add([_label(funds_label), _Value(), _Value(),
                     *(_label(h) for h in FUNDS_HEADER)], (2, 3), (9, COLUMNS))
    execution = project.execution
    if execution is not None:
        initial = execution.budget
        full_year = execution.adjusted_budget if execution.adjusted_budget is not None else execution.budget
        scored = execution.weight != 0  # a 部门整体 table's execution is shown, not scored, at 0 points
        add([_Value(), _label(FUNDS_TOTAL), _Value(), money(initial), money(full_year), money(execution.spent),
             numbers.points(execution.weight) if scored else dash, numbers.rate(execution.rate),
             numbers.points(execution.score) if scored else dash], (2, 3), (9, COLUMNS))
    else:
        add([_Value(), _label(FUNDS_TOTAL), _Value(), money(table.funds), _Value(), _Value(),
             numbers.points(execution_points) if execution_points else dash, _Value(),
             _Value() if execution_points else dash], (2, 3), (9, COLUMNS))
    for label, words in funds_parts:
        amount = next((row.amount for row in table.funds_rows if any(w in row.label for w in words)), None)
        add([_Value(), _Value(label), _Value(), money(amount), _Value(), _Value(), dash, dash, dash],
            (2, 3), (9, COLUMNS))
    merges.append(f"A{funds_top}:A{len(rows)}")

    # 年度总体目标: 预期目标 from the target table; 实际完成情况 is the unit's to write.
    goal_top = add([_label(GOAL_LABEL), _label("预期目标"), *[_Value()] * 4, _label("实际完成情况")],
                   (2, 6), (7, COLUMNS))
    number = add([_Value(), _Value(table.goal)], (2, 6), (7, COLUMNS))
    _fit(heights, number, [(table.goal, 2, 6)])
    merges.append(f"A{goal_top}:A{number}")

    # 绩效指标: the header, one row per indicator (一级/二级 merged down their runs), 总分, 自评等级.
    indicator_top = add([_label(INDICATOR_LABEL), *(_label(h) for h in INDICATOR_HEADER)], (9, COLUMNS))
    first_row = len(rows) + 1
    for row, weight in zip(project.indicators, numbers.weights(project.indicators)):
        number = add(_indicator_cells(row, weight, numbers), (9, COLUMNS))
        _fit(heights, number, [(row.indicator.name, 4, 4), (_reason(row), 9, COLUMNS),
                               (target_text(row), 5, 5), (actual_text(row), 6, 6)])
    last_row = len(rows)
    if last_row >= first_row:
        merges.extend(_runs(rows, first_row, last_row))
    merges.append(f"A{indicator_top}:A{max(indicator_top, last_row)}")
    weights = sum((w for w in numbers.weights(project.indicators) if w is not None), Decimal(0))
    weights += execution.weight if execution is not None else execution_points
    add([_label("总分"), *[_Value()] * 5, numbers.points(weights), numbers.points(project.total)],
        (1, 6), (9, COLUMNS))
    add([_label(GRADE_LABEL), _Value(project.grade or "", center=True)], (2, COLUMNS))
    return _Form(title, rows, merges, heights, WIDTHS,
                 DEPARTMENT_PRINT_TITLE_ROWS if department else PRINT_TITLE_ROWS, None)


def _reason(row: IndicatorScore) -> str:
    return row.actual.reason if row.actual is not None else ""


def _indicator_cells(row: IndicatorScore, weight: Decimal | None, numbers: _Numbers) -> list[_Value]:
    """One 绩效指标 row; `weight` is the 分值 as shown (see _Numbers.weights)."""
    indicator = row.indicator
    if row.status == NOT_APPLICABLE and row.score is None:  # rescaled away: its points went to the others
        score: Decimal | None = weight
    elif row.score is not None and row.weight is not None and weight is not None:
        # full marks show as the 分值 shown; no score shows above it after rounding
        score = weight if row.score == row.weight else min(numbers.rounded(row.score), weight)
    else:
        score = None if row.score is None else numbers.rounded(row.score)
    return [_Value(), _Value(indicator.level1 or "", center=True), _Value(indicator.level2 or "", center=True),
            _Value(indicator.name), _Value(target_text(row), center=True), _Value(actual_text(row), center=True),
            numbers.points(weight), numbers.points(score), _Value(_reason(row))]


def _runs(rows: list[list[_Value]], top: int, bottom: int) -> list[str]:
    """一级 (B) and 二级 (C) cells merged down their runs; a 二级 run never crosses a 一级 boundary."""
    merges: list[str] = []
    for column, letter in ((2, "B"), (3, "C")):
        def key(r: int) -> tuple:
            return tuple(rows[r - 1][c - 1].value for c in range(2, column + 1))

        start = top
        for r in range(top + 1, bottom + 2):
            if r <= bottom and key(r) == key(start):
                continue
            if r - 1 > start and rows[start - 1][column - 1].value:
                merges.append(f"{letter}{start}:{letter}{r - 1}")
            start = r
    for merge in merges:  # the cells under a merge are blank, as on the paper form
        bounds = CellRange(merge)
        for r in range(bounds.min_row + 1, bounds.max_row + 1):
            rows[r - 1][bounds.min_col - 1] = _Value(center=True)
    return merges


def summary_form(sheet: ScoreSheet, titles: Sequence[str], numbers: _Numbers, year: str) -> _Form:
    """汇总: one row per project, the sheet that holds its form, then the count by grade and the mean."""
    rows: list[list[_Value]] = []
    # with the 部门整体 form among the projects', the heading names both forms
    forms = f"{DEPARTMENT_TITLE}与{TITLE}" if any(is_department(p) for p in sheet.projects) else TITLE
    heading = f"{year}年度{forms}汇总" if year else f"{forms}汇总"
    width = len(SUMMARY_HEADER)
    rows.append([_Value(heading, font=_TITLE_FONT, center=True, border=False)] + [_Value(border=False)] * (width - 1))
    rows.append([_label(h) for h in SUMMARY_HEADER])
    for index, (project, title) in enumerate(zip(sheet.projects, titles), start=1):
        table, execution = project.table, project.execution
        rows.append([_Value(Decimal(index), "0", center=True), _Value(title), _Value(table.project_code),
                     _Value(table.project_name), _Value(table.department), _Value(table.implementer),
                     money(execution.adjusted_budget if execution and execution.adjusted_budget is not None
                           else execution.budget if execution else None),
                     money(execution.spent if execution else None),
                     numbers.rate(execution.rate if execution else None), numbers.points(project.total),
                     _Value(project.grade or "", center=True), _Value("是" if project.complete else "否", center=True)])
    scored = [p for p in sheet.projects if p.complete and p.total is not None]
    rows.append([_Value(border=False)] * width)
    rows.append([_label("项目数"), _Value(Decimal(len(sheet.projects)), "0", center=True)])
    if scored:
        mean = sum((p.total for p in scored), Decimal(0)) / len(scored)
        rows.append([_label("平均分"), numbers.points(mean)])
    for grade in sheet.rules.grades:
        count = sum(1 for p in scored if p.grade == grade.name)
        rows.append([_label(grade.name), _Value(Decimal(count), "0", center=True)])
    return _Form(SUMMARY_TITLE, rows, [f"A1:{get_column_letter(width)}1"], {1: 28}, SUMMARY_WIDTHS, "1:2", "A3")


def check_sheet_count(projects: int, path: str | Path) -> None:
    """Refuse, before any work, a form workbook with more sheets than one workbook sensibly holds
    (the one workbook limit, perfeval.xlsx._write.MAX_SHEETS)."""
    _write.check_sheet_count(projects + 1, path, f"官方自评表（{projects:,} 个项目每个一张，加汇总）", SHEETS_HINT)


def write_official_form(result: Any, path: str | Path, *, year: int | str | None = None) -> None:
    """Write the score result as the official 自评表 workbook: 汇总 first, then one form per project.

    `result` is a ScoreSheet or a pipeline result carrying one (`.sheet`, and the year as
    `.year` or `.document.year`); `year` overrides it.
    """
    sheet, year_text = _score_parts(result, year)
    check_sheet_count(len(sheet.projects), path)
    numbers = _Numbers(sheet)
    department_points = sheet.rules.for_department().execution_points
    used = {SUMMARY_TITLE.casefold()}
    titles = [sheet_title(p.table.label or p.table.project_code or "项目", used) for p in sheet.projects]
    forms = [project_form(project, numbers, year_text, title, department_points)
             for project, title in zip(sheet.projects, titles)]
    summary = summary_form(sheet, titles, numbers, year_text)
    for form in (summary, *forms):  # every value checked before openpyxl opens any temporary file
        for number, row in enumerate(form.rows, start=1):
            for column, cell in enumerate(row, start=1):
                check_value(cell.value, form.title, number, column)
    book = Workbook(write_only=True)
    styles = _Styles()
    _write_form(book, summary, styles, landscape=True)
    for form in forms:
        _write_form(book, form, styles, landscape=False)
    try:
        book.save(str(path))
    except OSError as exc:
        raise PerfevalError(f"无法写入 {path}：{exc.strerror or exc}") from None


def _write_form(book: Workbook, form: _Form, styles: "_Styles", landscape: bool) -> None:
    ws = book.create_sheet(form.title)
    width = max(len(r) for r in form.rows)
    ref = f"A1:{get_column_letter(width)}{len(form.rows)}"
    ws.calculate_dimension = lambda: ref
    for column, size in enumerate(form.widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = size
    for number, height in form.heights.items():
        ws.row_dimensions[number].height = height
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    if form.print_titles:
        ws.print_title_rows = form.print_titles
    if form.freeze:
        ws.freeze_panes = form.freeze
    for merge in form.merges:
        ws.merged_cells.add(CellRange(merge))
    for row in form.rows:
        ws.append([styles.cell(ws, value) for value in row])
    ws.close()  # writes the sheet's tail and releases its temporary file now, not at save


class _Styles:
    """Each combination of border, alignment, font and number format registered with the workbook once.

    openpyxl registers a style by hashing its objects on every assignment, which took half the
    time of a 1,000-project workbook; a cell whose combination was seen takes a copy of the first
    such cell's style indices (its `_style` array) instead.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple, Any] = {}

    def cell(self, ws, value: _Value) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws)
        content = value.value
        number_format = None
        if isinstance(content, Decimal):
            cell.value = excel_number(content)
            number_format = value.number_format or number_format_for(content)
        elif isinstance(content, str):
            if content:
                cell.value = content
                cell.data_type = "s"  # never a formula, whatever the text starts with
        elif content is not None:
            raise TypeError(f"cannot write {type(content).__name__} to a form cell")
        quote = isinstance(content, str) and content.startswith(("=", "+", "-", "@"))
        key = (value.border, value.center, value.bold, id(value.font), number_format, quote)
        style = self._seen.get(key)
        if style is not None:
            cell._style = copy(style)
            return cell
        if value.border:
            cell.border = _BORDER
        cell.alignment = _CENTER if value.center else _WRAP
        if value.font is not None:
            cell.font = value.font
        elif value.bold:
            cell.font = _BOLD
        if number_format:
            cell.number_format = number_format
        if quote:
            cell.quotePrefix = True
        self._seen[key] = copy(cell._style)
        return cell
