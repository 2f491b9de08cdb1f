"""The form layout: one sheet per table, laid out like the printed 绩效目标表.

A title block (附件 label, title, 单位), the header block of key and value cells,
then the indicator grid whose 一级/二级 cells are merged down over the rows they
govern, exactly as the seed's tables print. The department table (附件 11) uses
the same shape with its own keys and columns.
"""

from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.utils.cell import get_column_letter

from ..model import DepartmentTargetTable, TargetTable, UnplacedLine
from .. import vocab
from ..units import Dimension, parse_unit
from ._cells import BadCell, cell_decimal, cell_text, is_blank
from ._grid import cell_text_safe, header_fields, match_header
from ._indicators import (DEPARTMENT_HEADERS, PROJECT_FIELDS, PROJECT_HEADERS, department_fields,
                          indicator_cells, read_indicator)
from ._write import Styled, display_width, number_format_for, run_merges
from .headers import DEPARTMENT, DEPARTMENT_LOOKUP, INDICATOR, INDICATOR_LOOKUP, PROJECT, PROJECT_LOOKUP, normalise, spelled

PROJECT_CODE = vocab.PROJECT_CODE
LABEL = vocab.ATTACHMENT_LABEL
LABEL_KEY = re.compile(r"^表号\s*[:：]\s*")
UNIT_LINE = vocab.UNIT_LABEL
GRID_LABEL = "绩效指标"


def split_project(text: str) -> tuple[str, str]:
    """`50015224T000004337668-全民参保…` -> (code, name); text without a code is all name."""
    match = PROJECT_CODE.match(text)
    return (match.group(1), match.group(2)) if match else ("", text)


# -- writing ----------------------------------------------------------------------------------------

def label_cell(label: str) -> str | None:
    """A1 of a table sheet: the label as printed, or `表号：…` when it does not read as one (`附件 N`)."""
    if not label:
        return None
    return label if LABEL.match(label) else f"表号：{label}"


def read_label(text: str) -> str | None:
    """The label an A1-style line states, or None when the line is not a label."""
    if LABEL_KEY.match(text):
        return LABEL_KEY.sub("", text, count=1)
    return text if LABEL.match(text) else None


def _title_rows(label: str, title: str, width: int) -> tuple[list[list[object]], list[str]]:
    last = get_column_letter(width)
    rows = [[label_cell(label)],
            [Styled(title, bold=True, align="center", span=True) if title else None],
            [Styled("单位：万元", align="right", span=True)]]
    return rows, [f"A2:{last}2", f"A3:{last}3"]


def _key(text: str) -> Styled:
    return Styled(text, bold=True, wrap=True)


def _long(text: str) -> Styled:
    return Styled(text or None, wrap=True, span=True)


def _height(text: str, width_chars: int) -> float | None:
    lines = sum(max(1, -(-display_width(line) // max(width_chars, 1))) for line in (text or "").split("\n"))
    return 15.0 * lines if lines > 1 else None


def _grid(rows: list, merges: list[str], indicators, fields: tuple[str, ...], headers: dict[str, str]) -> None:
    """Append the indicator header and rows; merge column A and runs of equal 一级/二级 down."""
    top = len(rows) + 1
    rows.append([_key(GRID_LABEL)] + [Styled(headers[f], header=True) for f in fields])
    for indicator in indicators:
        rows.append([None] + indicator_cells(indicator, fields))
    bottom = len(rows)
    if bottom > top:
        merges.append(f"A{top}:A{bottom}")
    levels = tuple(fields.index(level) + 2 for level in ("level1", "level2") if level in fields)
    merges.extend(run_merges(rows, top + 1, bottom, levels))


def target_form(table: TargetTable) -> tuple[list[list[object]], list[str], dict[int, float]]:
    """Rows, merged ranges and row heights of one 项目支出绩效目标表 sheet (columns A–I)."""
    rows, merges = _title_rows(table.label, table.title, 9)
    heights: dict[int, float] = {}
    combined = f"{table.project_code}-{table.project_name}" if table.project_code else table.project_name
    if split_project(combined) != (table.project_code, table.project_name):
        rows.append([_key("项目编码"), table.project_code or None])
        merges.append(f"B{len(rows)}:I{len(rows)}")
        combined = table.project_name
    rows.append([_key("项目名称"), Styled(combined, span=True) if combined else None])
    merges.append(f"B{len(rows)}:I{len(rows)}")
    funds = Styled(table.funds, number_format_for(table.funds, thousands=True)) if table.funds is not None else None
    for left, lvalue, right, rvalue in (("主管部门", table.department, "实施单位", table.implementer),
                                        ("资金总额（万元）", funds, "项目属性", table.attribute),
                                        ("项目起始时间", table.start, "项目终止时间", table.end)):
        rows.append([_key(left), lvalue or None, None, None, _key(right), None, rvalue or None])
        n = len(rows)
        merges.extend([f"B{n}:D{n}", f"E{n}:F{n}", f"G{n}:I{n}"])
    for key, text in (("项目概况", table.overview), ("立项依据", table.basis), ("项目当年绩效目标", table.goal)):
        rows.append([_key(key), _long(text)])
        merges.append(f"B{len(rows)}:I{len(rows)}")
        height = _height(text, 90)
        if height:
            heights[len(rows)] = height
    _grid(rows, merges, table.indicators, PROJECT_FIELDS, PROJECT_HEADERS)
    return rows, merges, heights


def department_form(table: DepartmentTargetTable) -> tuple[list[list[object]], list[str], dict[int, float]]:
    """Rows, merged ranges and row heights of the 部门（单位）整体绩效目标表 sheet."""
    fields = department_fields(table.indicators)
    width = len(fields) + 1
    last = get_column_letter(width)
    rows, merges = _title_rows(table.label, table.title, width)
    budget = Styled(table.budget, number_format_for(table.budget, thousands=True)) if table.budget is not None else None
    rows.append([_key("部门（单位）名称"), table.unit_name or None, None, _key("部门支出预算数"), budget])
    n = len(rows)
    merges.extend([f"B{n}:C{n}", f"E{n}:{last}{n}"] if width > 5 else [f"B{n}:C{n}"])
    rows.append([_key("当年整体绩效目标"), _long(table.goal)])
    merges.append(f"B{len(rows)}:{last}{len(rows)}")
    heights = {}
    height = _height(table.goal, 60)
    if height:
        heights[len(rows)] = height
    _grid(rows, merges, table.indicators, fields, DEPARTMENT_HEADERS)
    return rows, merges, heights


# -- reading ----------------------------------------------------------------------------------------

def form_kind(head: list[tuple[int, tuple]]) -> str | None:
    """'target' or 'department' when a row of the sheet's head starts with a header-block key.

    Rows with a key and its value decide first: a lone title cell may happen to read like a key.
    """
    rows = [cells for _, cells in head]
    paired = [cells for cells in rows if sum(not is_blank(c) for c in cells) >= 2]
    for cells in paired + rows:
        first = next((c for c in cells if not is_blank(c)), None)
        if first is None:
            continue
        key = normalise(cell_text_safe(first))
        if key in PROJECT_LOOKUP and key != normalise("表号") and key != normalise("表名"):
            return "target"
        if key in DEPARTMENT_LOOKUP:
            return "department"
    return None


def _is_grid_header(cells: tuple) -> bool:
    fields = header_fields(cells, INDICATOR_LOOKUP)
    return "name" in fields and "operator" in fields


def _money_unit(sheet, row: int, column: int, text: str, problems) -> Decimal | None:
    """万元 per unit of a `单位：元` line (0.0001); an amount unit perfeval cannot convert is reported."""
    written = UNIT_LINE.sub("", text).strip()
    try:
        unit = parse_unit(written)
    except ValueError:
        unit = None
    if unit is None or unit.dimension is not Dimension.MONEY:
        problems.add(sheet.problem(row, column, "金额单位，如 万元 或 元（资金总额按此换算为万元）", text))
        return None
    ratio = unit.factor / parse_unit("万元").factor
    return Decimal(ratio.numerator) / Decimal(ratio.denominator)


def read_form(sheet, rows: list[tuple[int, tuple]], problems, kind: str, unplaced: list[UnplacedLine]):
    """A TargetTable or DepartmentTargetTable from a form sheet's rows."""
    lookup = PROJECT_LOOKUP if kind == "target" else DEPARTMENT_LOOKUP
    table_keys = PROJECT if kind == "target" else DEPARTMENT
    label = title = ""
    fields: dict[str, tuple[int, int, object]] = {}  # field -> (row, column, value cell)
    money: Decimal | None = None  # 万元 per the unit the sheet's 单位 line names (元: 0.0001)
    i = 0
    # Title block: label, title, unit line, until the first header-block key.
    while i < len(rows):
        number, cells = rows[i]
        filled = [(c, cell) for c, cell in enumerate(cells, start=1) if not is_blank(cell)]
        if filled and normalise(cell_text_safe(filled[0][1])) in lookup:
            break
        rest, beside = [], False
        for column, cell in filled:  # a label or a unit line is one cell; text beside it is its own
            cell_value = cell_text_safe(cell)
            if not label and read_label(cell_value) is not None:
                label, beside = read_label(cell_value), True
            elif UNIT_LINE.match(cell_value) and money is None:
                money, beside = _money_unit(sheet, number, column, cell_value, problems), True
            else:
                rest.append((column, cell_value))
        if rest:
            text = " ".join(value for _, value in rest)
            if not title and not beside:
                title = text
            else:
                where = "表号或单位旁" if beside else "表头之上"
                unplaced.append(UnplacedLine(text, f"工作表“{sheet.title}”{where}无法识别的文字", location=sheet.loc(number, rest[0][0])))
        i += 1
    table_row = rows[i][0] if i < len(rows) else 1
    # Header block: key/value cells until the indicator grid's header row.
    while i < len(rows) and not _is_grid_header(rows[i][1]):
        number, cells = rows[i]
        filled = [(c, cell) for c, cell in enumerate(cells, start=1) if not is_blank(cell)]
        j = 0
        while j < len(filled):
            column, cell = filled[j]
            key = lookup.get(normalise(cell_text_safe(cell)))
            if key is None:
                problems.add(sheet.problem(number, column, f"表头项之一：{spelled(table_keys)}", cell_text_safe(cell)))
                j += 1
                continue
            value = None
            if j + 1 < len(filled) and normalise(cell_text_safe(filled[j + 1][1])) not in lookup:
                value = filled[j + 1]
                j += 2
            else:
                j += 1
            if key in fields:
                problems.add(sheet.problem(number, column, "每个表头项只出现一次", cell_text_safe(cell)))
            fields[key] = (number, value[0] if value else column + 1, value[1] if value else None)
        i += 1
    indicators = []
    if i < len(rows):
        indicators = _read_grid(sheet, rows[i:], problems, unplaced, label or sheet.title)
    else:
        problems.add(sheet.problem(rows[-1][0] if rows else 1, 1,
                                   f"绩效指标表头行（含 {'/'.join(INDICATOR['name'])} 与 {'/'.join(INDICATOR['operator'])}）", "未找到"))

    def text(field: str) -> str:
        entry = fields.get(field)
        if entry is None:
            return ""
        try:
            return cell_text(entry[2])
        except BadCell as exc:
            problems.add(sheet.problem(entry[0], entry[1], exc.expected, exc.found))
            return ""

    def amount(field: str, what: str) -> Decimal | None:
        entry = fields.get(field)
        if entry is None:
            return None
        try:
            value = cell_decimal(entry[2], f"{what}（数字，万元）")
        except BadCell as exc:
            problems.add(sheet.problem(entry[0], entry[1], exc.expected, exc.found))
            return None
        if value is None or money is None or money == 1:
            return value
        converted = value * money  # 250000 元 → 25 万元, printed without the zeros the factor adds
        return converted.quantize(Decimal(1)) if converted == converted.to_integral_value() else converted.normalize()

    location = sheet.loc(table_row)
    if kind == "department":
        return DepartmentTargetTable(
            label=label, title=title, unit_name=text("unit_name"), budget=amount("budget", "部门支出预算数"),
            goal=text("goal"), indicators=indicators, location=location)
    label = label or text("label")
    title = title or text("title")
    if "project_name" not in fields:
        problems.add(sheet.problem(table_row, 1, "项目名称", "未找到"))
    name = text("project_name")
    if "project_code" in fields:
        code = text("project_code")
    else:
        code, name = split_project(name)
    return TargetTable(
        label=label, title=title, project_code=code, project_name=name,
        department=text("department"), implementer=text("implementer"), funds=amount("funds", "资金总额"),
        attribute=text("attribute"), start=text("start"), end=text("end"), overview=text("overview"),
        basis=text("basis"), goal=text("goal"), indicators=indicators, location=location)


def _read_grid(sheet, rows, problems, unplaced, what: str):
    number, cells = rows[0]
    header = match_header(sheet, problems, number, cells, INDICATOR_LOOKUP, spelled(INDICATOR), (GRID_LABEL,))
    indicators = []
    data_columns = set(header.columns.values())
    for number, cells in rows[1:]:
        filled = [(c, cell) for c, cell in enumerate(cells, start=1) if not is_blank(cell)]
        if not filled:
            continue  # an empty row in the middle is only spacing
        if not any(c in data_columns for c, _ in filled):
            texts = [cell_text_safe(cell) for _, cell in filled]
            if texts == [GRID_LABEL]:
                continue
            unplaced.append(UnplacedLine(" ".join(texts), f"工作表“{sheet.title}”绩效指标之后无法识别的行",
                                         location=sheet.loc(number, filled[0][0])))
            continue
        if header.unknown_cells(sheet, problems, number, cells):
            continue
        indicator = read_indicator(sheet, problems, number, cells, header.columns, what)
        if indicator is not None:
            indicators.append(indicator)
    return indicators
