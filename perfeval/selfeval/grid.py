"""The printed 项目支出绩效自评表 layout, read from a grid of cells (PDF text or a worksheet).

Both the text a PDF extractor gives (one line per row, cells separated by tabs, empty
cells kept) and a worksheet are a grid of located cells; this module finds the 自评表
in it: the 项目名称 / 主管部门 block, the 项目资金 header and its 年度资金总额 row, the
年度总体目标 pair, the 绩效指标 header and its rows (一级/二级 cells merged down are
filled down), the 总分 row and 自评等级. Several sheets may follow one another. The
flat layout (one row per indicator, project columns repeated) is read here too.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

import attrs

from ..errors import InputError, Problems, problem_at
from ..model import Location
from ..scoring.engine import DEPARTMENT_CODE
from .. import vocab
from ..text import clean_cell, nfkc
from .model import Funds, FundsPart, Goal, Row, SelfEvaluation
from .values import Unreadable, read_amount


@attrs.frozen
class Cell:
    text: str
    location: Location


GridRow = Sequence[Cell]

GRADE_LABELS = vocab.GRADE_LABELS
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
key = vocab.key
FUNDS_LOOKUP = vocab.SELF_FUNDS_LOOKUP
INDICATOR_LOOKUP = vocab.SELF_ROW_LOOKUP
FLAT_LOOKUP = vocab.SELF_FLAT_LOOKUP
split_project = vocab.split_project
_UNIT_SUFFIX = re.compile(r"[（(](?:万元|元|亿元|分|%)[）)]$")
# A 部门（单位）整体支出绩效自评表's 部门（单位）名称 row names the sheet, read under the code 部门整体.
_DEPARTMENT_NAME = vocab.key(vocab.DEPARTMENT["unit_name"][0])


def _header(row: GridRow, lookup: dict[str, str]) -> dict[str, int]:
    """Columns by field for a header row; a header may carry its unit (`全年预算数（万元）`)."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        label = key(cell.text)
        field = lookup.get(label) or lookup.get(_UNIT_SUFFIX.sub("", label)) or vocab.find(label, lookup)  # `（A）`
        if field is not None and field not in columns:
            columns[field] = index
    return columns


def _assign(row: GridRow, columns: dict[str, int], after: int = -1) -> dict[str, Cell]:
    """Cells by field, for the filled cells right of column `after` (a row label).

    By the header's columns where the row lines up with them; else shifted as a whole
    (an extractor that dropped or added a leading empty cell moves every cell by one);
    else the filled cells in the header's order.
    """
    if not columns:
        return {}
    if row and row[0].location.cell is not None:  # a worksheet: cells are where the header says
        return {field: row[i] for field, i in columns.items() if after < i < len(row)}
    start = min(columns.values())
    filled = [i for i, cell in enumerate(row) if cell.text and i > after]
    if not filled:
        return {}
    for offset in (0, filled[0] - start):
        mapped = {i + offset for i in columns.values()}
        if all(i in mapped for i in filled):
            return {field: row[i + offset] for field, i in columns.items() if 0 <= i + offset < len(row)}
    ordered = sorted(columns, key=columns.get)
    return {field: row[i] for field, i in zip(ordered, filled)}


GOAL_LOOKUP = vocab.lookup(vocab.SELF_GOAL)


def _label(text: str) -> str:
    """A label cell without a trailing note in brackets: `实施单位（盖章）` -> `实施单位`."""
    k = key(text)
    return re.sub(r"\([^()]*\)$", "", k) if k.endswith(")") else k


def _terms(row: GridRow, columns: dict[str, int], prefix: str) -> dict[str, str]:
    """The words a header row prints for its fields' columns (`funds.` or `row.` + field, as in `vocab.SELF_TERMS`),
    cleaned of units and notes, where they differ from the central template's."""
    terms = {}
    for field, index in columns.items():
        name = prefix + field
        if name in vocab.SELF_TERMS and index < len(row):
            word = vocab.printed_term(row[index].text)
            if word and not vocab.central_term(name, word):
                terms[name] = word
    return terms


def _is_funds_header(row: GridRow) -> bool:
    """A 项目资金 header row: a budget column (年初预算数, 全年预算数, 调整后预算数…) and an executed column."""
    fields = set(_header(row, FUNDS_LOOKUP))
    return "spent" in fields and bool({"initial", "budget"} & fields)


_ADJUSTED = "adjusted"  # marks a header with its own 调整后预算数 column


def _funds_header(row: GridRow) -> dict[str, int]:
    """The funds header's columns. Beside a separate 调整后预算数 column, 全年预算数 is the budget before
    adjustment (as in perfeval's actuals) and 调整后预算数 the full-year budget the rate divides by."""
    columns = _header(row, FUNDS_LOOKUP)
    adjusted = [i for i, cell in enumerate(row) if _UNIT_SUFFIX.sub("", key(cell.text)) == "调整后预算数"]
    if adjusted and columns.get("budget") not in (None, adjusted[0]) and "initial" not in columns:
        columns["initial"], columns["budget"] = columns["budget"], adjusted[0]
        columns[_ADJUSTED] = adjusted[0]
    return columns


def _budget_cells(cells: dict[str, Cell], columns: dict[str, int]) -> dict[str, Cell]:
    """A funds row's cells; an empty 调整后预算数 (no adjustment) leaves the budget as it was."""
    if _ADJUSTED in columns and not (cells.get("budget") and cells["budget"].text) and "initial" in cells:
        cells = {**cells, "budget": cells["initial"]}
    cells.pop(_ADJUSTED, None)
    return cells


def _funds(cells: dict[str, Cell], columns: dict[str, int], where: Location) -> Funds:
    """The 年度资金总额 row."""
    cells = _budget_cells(cells, columns)
    values = {field: clean_cell(cell.text) for field, cell in cells.items()}
    return Funds(location=where, cells={f: c.location for f, c in cells.items()}, **values)


_PART_AMOUNTS = ("initial", "budget", "spent")  # a 其中 row's own amounts (its 分值 and 得分 are `—` or blank)
_OF_WHICH_ALONE = object()  # a `其中` printed on its own row, above the rows it heads


def _funds_part(row: GridRow, index: int, columns: dict[str, int], listing: bool,
                stray: list[Cell]) -> FundsPart | object | None:
    """The 其中 row at `row` (its label at `index`), read with the total row's columns; None if it is not one.

    A row is a 其中 row when its label says so (`vocab.funds_part_label`: after `其中`, or naming a funds source
    such as 上年结转资金), or, once the list has begun (`listing`), when it has a label and an amount under the
    年初预算数 / 全年预算数 / 全年执行数 columns (a sub-item the vocabulary does not know, such as 中央补助资金).
    A `其中` cell alone heads the label beside it, or the rows below (`_OF_WHICH_ALONE`). Filled cells that fall
    under no column of the header go to `stray`, to be reported.
    """
    label_cell = row[index]
    label = vocab.funds_part_label(label_cell.text)
    located = label_cell.location.cell is not None  # a worksheet or table: cells are where the header says
    first_amount = min((columns[f] for f in _PART_AMOUNTS if f in columns), default=len(row))
    if label == "":  # `其中` alone in its cell
        beside = next((i for i in range(index + 1, len(row))
                       if row[i].text and key(row[i].text) not in vocab.NOT_APPLICABLE), None)
        if beside is None:  # nothing beside it but blanks and the `—` of 分值 and 得分
            return _OF_WHICH_ALONE
        if (not located or beside < first_amount) and not _NUMERIC.match(key(row[beside].text)):
            index, label_cell = beside, row[beside]
            label = vocab.of_which(clean_cell(label_cell.text))[1]
        else:
            label = clean_cell(label_cell.text)
    if located and index >= first_amount:
        return None  # the label stands where the amounts are: not a 其中 row
    cells = _budget_cells(_assign(row, columns, after=index), columns)
    if label is None:
        if not listing or _starts_a_block(key(label_cell.text)) or \
                not any(_is_amount(cells.get(f)) for f in _PART_AMOUNTS):
            return None
        label = clean_cell(label_cell.text)
    placed = {id(cell) for cell in cells.values()}
    stray.extend(cell for cell in row[index + 1:] if cell.text and id(cell) not in placed)
    amounts = {field: cells[field] for field in _PART_AMOUNTS if field in cells}
    rate = cells.get("rate")
    if rate is not None and rate.text and key(rate.text) not in vocab.NOT_APPLICABLE:
        amounts["rate"] = rate  # the row's own 执行率, where the form prints one (四川: 100.00% on each sub-row)
    if not located and all(key(cell.text) in vocab.NOT_APPLICABLE for cell in row[index + 1:] if cell.text):
        # a text copy that dropped the empty cells of a blank sub-row keeps only its `—` under 分值 and 得分
        amounts = {}
    return FundsPart(location=label_cell.location, label=label,
                     cells={"label": label_cell.location, **{f: c.location for f, c in amounts.items()}},
                     **{field: clean_cell(cell.text) for field, cell in amounts.items()})


_GOAL_LABELS = frozenset(key(label) for label in vocab.TARGET["goal"])
_TOTAL_ROW = vocab.SELF_TOTAL[1:]  # the 总分 row's other labels, under the indicators


def _starts_a_block(label: str) -> bool:
    """A `key`ed label that begins another part of the form (a number, 总分/合计, 自评等级, 年度总体目标, 绩效指标):
    never a funds sub-item, whatever numbers its row holds."""
    return bool(_NUMERIC.match(label)) or label.startswith("总分") or label in _TOTAL_ROW or \
        label in GRADE_LABELS or label in _GOAL_LABELS or vocab.level_name(label)[0] in vocab.INDICATOR_BLOCK


def _is_amount(cell: Cell | None) -> bool:
    """A cell holding an amount (`12`, `0.00`, `72890元`), not blank, `—` or words."""
    if cell is None or not cell.text:
        return False
    try:
        return read_amount(clean_cell(cell.text), "金额") is not None
    except Unreadable:
        return False


def _first(row: GridRow) -> tuple[int, str]:
    for index, cell in enumerate(row):
        if cell.text:
            return index, key(cell.text)
    return -1, ""


def _after(row: GridRow, index: int) -> Cell | None:
    for cell in row[index + 1:]:
        if cell.text:
            return cell
    return None


class _Builder:
    """Accumulates one sheet's parts while the rows go by."""

    def __init__(self, label: str, location: Location):
        self.label = label
        self.location = location
        self.fields: dict[str, str] = {}
        self.funds: Funds | None = None
        self.goal: Goal | None = None
        self.rows: list[Row] = []
        self.total_weight = self.total = self.grade = ""
        self.cells: dict[str, Location] = {}
        self.self_evaluation = False  # a 自评表's own header (项目资金 or 实际完成值/得分) was seen
        self.execution: dict[str, Cell] = {}  # a 预算执行率 row printed among the indicator rows
        self.department = False  # a 部门整体支出绩效自评表 (its title said so)
        self.parts: list[FundsPart] = []  # the 其中 rows under 年度资金总额
        self.parts_open = False  # the rows right under 年度资金总额 are read as its 其中 rows
        self.listing = False  # a 其中 row (or a `其中` alone) was read: further sub-items may follow
        self.terms: dict[str, str] = {}  # the words its headers print where not the central template's (`_terms`)

    @property
    def started(self) -> bool:
        return self.self_evaluation and bool(self.fields.get("project_name") or self.rows or self.funds)

    def build(self) -> SelfEvaluation:
        if self.execution:
            self.merge_execution()
        if self.parts and self.funds is not None:
            self.funds = attrs.evolve(self.funds, parts=tuple(self.parts))
        name = self.fields.get("project_name", "")
        code = self.fields.get("project_code", "")
        if name and not code:
            code, name = split_project(name)
        return SelfEvaluation(self.label, project_name=name, project_code=code,
                              department=self.fields.get("department", ""),
                              implementer=self.fields.get("implementer", ""), year=self.fields.get("year", ""),
                              funds=self.funds, goal=self.goal, rows=tuple(self.rows),
                              total_weight=self.total_weight, total=self.total, grade=self.grade,
                              location=self.location, cells=self.cells, terms=self.terms)

    def merge_execution(self) -> None:
        """Fill the funds block's 执行率 / 分值 / 得分 from a 预算执行率 row where the block leaves them out."""
        funds = self.funds or Funds(location=next(iter(self.execution.values())).location)
        values, cells = {}, dict(funds.cells)
        for field, cell in self.execution.items():
            if cell.text and not getattr(funds, field):
                values[field] = clean_cell(cell.text)
                cells[field] = cell.location
        self.funds = attrs.evolve(funds, cells=cells, **values)


def _row_model(cells: dict[str, Cell], location: Location, fill: dict[str, str]) -> Row:
    values = {field: clean_cell(cell.text) for field, cell in cells.items()}
    for level in ("level1", "level2"):
        if values.get(level):
            values[level] = vocab.level_name(values[level])[0]  # `产出指标（50分）`: the name, not its points
            fill[level] = values[level]
        else:
            values[level] = fill.get(level, "")
    where = {field: cell.location for field, cell in cells.items()}
    return Row(location=location, cells=where, **values)


def is_flat(rows: Sequence[GridRow]) -> bool:
    """Whether the grid is the flat layout: a header naming 三级指标 and 项目名称 or 项目编码 among its first rows (a
    header of words: a row that also holds numbers is a whole form printed on one line, not a flat header)."""
    for row in rows[:5]:
        keys = {key(c.text) for c in row}
        if "三级指标" in keys and ("项目名称" in keys or "项目编码" in keys) \
                and not any(_NUMERIC.match(k) for k in keys):
            return True
    return False


def parse_form(rows: Iterable[GridRow], file: str, label: str) -> list[SelfEvaluation]:
    """Every 自评表 in the grid, in order; InputError when there is none. A flat export (`is_flat`: one row per
    indicator, the project's columns beside it, as a system exports it to text) is read by `parse_flat`."""
    rows = list(rows)
    if is_flat(rows):
        return parse_flat(rows, file, label)
    sheets: list[SelfEvaluation] = []
    current: _Builder | None = None
    funds_columns: dict[str, int] | None = None
    goal_columns: dict[str, int] | None = None
    indicator_columns: dict[str, int] | None = None
    fill: dict[str, str] = {}
    pending_year = ""
    target_tables = 0
    problems = Problems()
    stray: list[Cell] = []

    def finish() -> None:
        nonlocal current
        if current is not None and current.started:
            sheets.append(current.build())
        current = None

    def builder(location: Location) -> _Builder:
        nonlocal current
        if current is None:
            current = _Builder(label, location)
            if pending_year:
                current.fields["year"] = pending_year
        return current

    for row in rows:
        index, first = _first(row)
        if index < 0:
            continue
        where = row[index].location
        joined = key("".join(cell.text for cell in row))
        if "自评表" in first and len([c for c in row if c.text]) == 1:
            finish()
            funds_columns = goal_columns = indicator_columns = None
            year = _YEAR.search(nfkc(row[index].text))
            pending_year = year.group(1) if year else ""
            builder(where).department = bool(vocab.DEPARTMENT_SELF_TITLE.search(first))
            continue
        if re.fullmatch(r"[（(]?\d{4}年度?[)）]?", first):
            pending_year = first.strip("（）()").rstrip("年度")
            if current is not None:
                current.fields["year"] = pending_year
            continue
        if first == "项目名称":
            if current is not None and current.fields.get("project_name"):
                finish()
                funds_columns = goal_columns = indicator_columns = None
            value = _after(row, index)
            sheet = builder(where)
            sheet.fields["project_name"] = clean_cell(value.text) if value else ""
            if value:
                sheet.cells["project_name"] = value.location
            continue
        if first == _DEPARTMENT_NAME or (current is not None and current.department and
                                         vocab.DEPARTMENT_LOOKUP.get(first) == "unit_name"):
            # 部门（单位）名称 on a 部门整体 form: the sheet's name, under the code the scoring gives the table
            if current is not None and current.fields.get("project_name"):  # the next sheet, printed without a title
                finish()
                funds_columns = goal_columns = indicator_columns = None
            value = _after(row, index)
            sheet = builder(where)
            sheet.department = True
            sheet.fields.update(project_name=clean_cell(value.text) if value else "", project_code=DEPARTMENT_CODE)
            if value:
                sheet.cells["project_name"] = value.location
            continue
        if current is None and first not in ("主管部门",):
            if "三级指标" not in joined and not _is_funds_header(row):
                continue
        sheet = builder(where)
        if sheet.parts_open and funds_columns is not None:
            part = _funds_part(row, index, funds_columns, sheet.listing, stray)
            if part is not None:
                sheet.listing = True
                if part is _OF_WHICH_ALONE:
                    continue
                sheet.parts.append(part)
                for cell in stray:  # a cell under no column of the 项目资金 header: reported, never dropped
                    problems.add(problem_at(file, cell.location.line,
                                            f"其中 {part.label} 一行的金额写在 项目资金 表头的栏下（年初预算数、全年预算数、"
                                            "全年执行数、分值、执行率、得分）", cell.text, cell=cell.location.cell))
                stray.clear()
                continue
            sheet.parts_open = False  # the first row that is no 其中 row ends the funds block
        if first in ("主管部门", "实施单位") or "实施单位" in [_label(c.text) for c in row]:
            for i, cell in enumerate(row):
                label_key = _label(cell.text)  # `实施单位（盖章）` is 实施单位
                if label_key in ("主管部门", "实施单位", "项目编码"):
                    value = _after(row, i)
                    field = {"主管部门": "department", "实施单位": "implementer", "项目编码": "project_code"}[label_key]
                    if value is not None and key(value.text) not in ("主管部门", "实施单位", "项目编码"):
                        sheet.fields[field] = clean_cell(value.text)
            continue
        if first == "项目编码":
            value = _after(row, index)
            sheet.fields["project_code"] = clean_cell(value.text) if value else ""
            continue
        if "三级指标" in [key(c.text) for c in row]:
            indicator_columns = _header(row, INDICATOR_LOOKUP)
            fill = {}
            if {"actual", "score"} & set(indicator_columns):
                sheet.self_evaluation = True
                sheet.terms.update(_terms(row, indicator_columns, "row."))
            else:  # a 绩效目标表 (targets only), not a 自评表
                indicator_columns = None
                target_tables += 1
            continue
        if funds_columns is None and _is_funds_header(row):
            funds_columns = _funds_header(row)
            sheet.self_evaluation = True
            sheet.terms.update(_terms(row, funds_columns, "funds."))
            continue
        if {"expected", "achieved"} <= set(_header(row, GOAL_LOOKUP)):
            goal_columns = _header(row, GOAL_LOOKUP)
            continue
        if first.startswith("总分") or (indicator_columns is not None and first in _TOTAL_ROW):
            _total_row(sheet, row, index, indicator_columns)
            indicator_columns = None  # what follows the 总分 row is not an indicator
            continue
        if first in GRADE_LABELS or first.rstrip(":：") in GRADE_LABELS:
            value = _after(row, index)
            if value is not None:
                sheet.grade, sheet.cells["grade"] = clean_cell(value.text), value.location
            continue
        if funds_columns is not None and sheet.funds is None and any(label in first for label in vocab.FUNDS_LINE):
            sheet.funds = _funds(_assign(row, funds_columns, after=index), funds_columns, where)
            sheet.parts_open = True
            total = vocab.printed_term(row[index].text)
            if "总额" in total and not vocab.central_term("funds.total", total):  # (总额, 资金总额: the total's own name)
                sheet.terms["funds.total"] = total
            continue
        if goal_columns is not None and sheet.goal is None and indicator_columns is None:
            if vocab.part_heading(row[index].text):
                goal_columns = None  # both goal texts empty: the next part's heading (`2.项目实施内容…`) ends the goal
                continue
            cells = _assign(row, goal_columns)
            texts = [clean_cell(c.text) for c in row if c.text and key(c.text) != "年度总体目标"]
            if len(texts) == 2:
                sheet.goal = Goal(location=where, expected=texts[0], achieved=texts[1])
            elif cells:
                sheet.goal = Goal(location=where, expected=clean_cell(cells["expected"].text) if "expected" in cells else "",
                                  achieved=clean_cell(cells["achieved"].text) if "achieved" in cells else "")
            continue
        if indicator_columns is not None and first in vocab.EXECUTION_ROW:
            # perfeval's own score sheet and some provinces print the execution row among the indicators:
            # its 实际完成值 cell holds the rate.
            by_field = {f: row[i] for f, i in indicator_columns.items() if i < len(row) and i > index}
            sheet.execution = {field: by_field[source] for field, source in
                               (("rate", "actual"), ("weight", "weight"), ("score", "score")) if source in by_field}
            continue
        if funds_columns is not None and sheet.funds is None and indicator_columns is None \
                and index >= min(funds_columns.values(), default=0) and _NUMERIC.match(first):
            # a funds block printed without its 年度资金总额 label: the first row of numbers under its header
            sheet.funds = _funds(_assign(row, funds_columns), funds_columns, where)
            sheet.parts_open = True
            continue
        if indicator_columns is not None and "name" in indicator_columns:
            cells = _assign(row, indicator_columns)
            name = cells.get("name")
            if name is not None and name.text:
                sheet.rows.append(_row_model(cells, name.location if name.location.cell else where, fill))
            else:  # a category row carrying a merged 一级/二级 label: it labels the rows below
                for level in ("level1", "level2"):
                    if cells.get(level) is not None and cells[level].text:
                        fill[level] = vocab.level_name(clean_cell(cells[level].text))[0]
            continue
    finish()
    problems.raise_if_any()
    if not sheets:
        found = f"没有找到自评表（有 {target_tables} 张绩效目标表：表头没有 实际完成值、得分）" if target_tables else "没有找到自评表"
        raise InputError(problem_at(file, None, "项目支出绩效自评表（应有 项目名称、项目资金、绩效指标 表头（三级指标、实际完成值、分值、得分）与 总分）",
                                    found))
    return sheets


_NUMERIC = re.compile(r"^[\d０-９.．,，%％]+分?$")


def _total_row(sheet: _Builder, row: GridRow, index: int, columns: dict[str, int] | None) -> None:
    cells = [c for c in row[index + 1:] if c.text]
    numbers = [c for c in cells if _NUMERIC.match(key(c.text))]
    words = [c for c in cells if not _NUMERIC.match(key(c.text))]
    if columns and "weight" in columns and "score" in columns:
        by_column = {f: row[i] for f, i in columns.items() if i < len(row) and row[i].text}
        if "score" in by_column:
            numbers = [by_column.get("weight"), by_column["score"]]
            numbers = [c for c in numbers if c is not None]
    if len(numbers) >= 2:
        sheet.total_weight, sheet.cells["total_weight"] = clean_cell(numbers[0].text), numbers[0].location
        sheet.total, sheet.cells["total"] = clean_cell(numbers[1].text), numbers[1].location
    elif numbers:
        sheet.total, sheet.cells["total"] = clean_cell(numbers[0].text), numbers[0].location
    elif cells and not words:
        sheet.total = clean_cell(cells[0].text)
    for cell in words:
        text = key(cell.text)
        if text in GRADE_LABELS:
            continue
        if len(text) <= 2 or text in vocab.GRADES:
            sheet.grade, sheet.cells["grade"] = clean_cell(cell.text), cell.location
        elif not numbers and not sheet.total:
            sheet.total, sheet.cells["total"] = clean_cell(cell.text), cell.location


def parse_flat(rows: Iterable[GridRow], file: str, label: str) -> list[SelfEvaluation]:
    """Sheets from the flat layout: a header row naming 三级指标 and 项目名称 or 项目编码, one row per indicator.

    Rows whose project cells are blank belong to the project above; a project's own
    columns (资金, 总分, 等级) are read from its first row that fills them.
    """
    header: dict[str, int] | None = None
    header_line: int | None = None
    terms: dict[str, str] = {}
    projects: dict[tuple[str, str], _Builder] = {}
    order: list[tuple[str, str]] = []
    fills: dict[tuple[str, str], dict[str, str]] = {}
    last: tuple[str, str] | None = None
    problems = Problems()
    for row in rows:
        if header is None:
            columns = _header(row, FLAT_LOOKUP)
            if "name" in columns and ({"project_name", "project_code"} & set(columns)):
                header = columns
                terms = _flat_terms(row, columns)
                header_line = next(c for c in row if c.text).location.line
            continue
        cells = {f: row[i] for f, i in header.items() if i < len(row)}
        if not any(c.text for c in cells.values()):
            continue
        name = clean_cell(cells["project_name"].text) if "project_name" in cells else ""
        code = clean_cell(cells["project_code"].text) if "project_code" in cells else ""
        if name and not code:
            code, name = split_project(name)
        ident = (code, name) if (code or name) else last
        if ident is None:
            first = next(c for c in cells.values() if c.text)
            problems.add(problem_at(file, first.location.line, "项目名称 或 项目编码（首个指标行须填写）", "空",
                                       cell=first.location.cell))
            continue
        last = ident
        where = next(c for c in row if c.text).location
        sheet = projects.get(ident)
        if sheet is None:
            sheet = projects[ident] = _Builder(f"{label} {ident[0] or ident[1]}", where)
            sheet.fields.update(project_code=ident[0], project_name=ident[1])
            sheet.terms = dict(terms)
            order.append(ident)
            fills[ident] = {}
        _flat_project(sheet, cells, where)
        indicator = {f: c for f, c in cells.items() if f in vocab.SELF_ROW}
        if indicator.get("name") is not None and indicator["name"].text:
            sheet.rows.append(_row_model(indicator, where, fills[ident]))
    problems.raise_if_any()
    if header is None:
        raise InputError(problem_at(file, None, "表头行（含 项目名称 或 项目编码、三级指标、实际完成值、分值、得分）", "没有找到表头"))
    if not order:
        raise InputError(problem_at(file, header_line, "表头下每个指标一行（项目名称 或 项目编码、三级指标、实际完成值、分值、得分）",
                                    "表头下没有指标行"))
    return [projects[ident].build() for ident in order]


def _flat_terms(row: GridRow, columns: dict[str, int]) -> dict[str, str]:
    """`_terms` of the flat layout's header: its `funds.x` columns and its indicator columns (`row.x`), where the
    word is one of the field's own column words (not `预算执行率分值`, which names the funds' 分值 in full)."""
    funds = {f.split(".", 1)[1]: i for f, i in columns.items() if f.startswith("funds.")}
    terms = {**_terms(row, funds, "funds."), **_terms(row, {f: i for f, i in columns.items() if f in vocab.SELF_ROW},
                                                       "row.")}
    return {name: word for name, word in terms.items()
            if (FUNDS_LOOKUP if name.startswith("funds.") else INDICATOR_LOOKUP).get(word) == name.split(".", 1)[1]}


def _flat_project(sheet: _Builder, cells: dict[str, Cell], where: Location) -> None:
    def value(field: str) -> str:
        cell = cells.get(field)
        return clean_cell(cell.text) if cell is not None else ""

    for field in ("department", "implementer", "year"):
        if value(field) and not sheet.fields.get(field):
            sheet.fields[field] = value(field)
    funds = {f: f.split(".", 1)[1] for f in vocab.SELF_FLAT if f.startswith("funds.")}
    if sheet.funds is None and any(value(f) for f in funds):
        sheet.funds = Funds(location=where, cells={funds[f]: cells[f].location for f in funds if f in cells},
                            **{funds[f]: value(f) for f in funds})
    if sheet.goal is None and (value("goal.expected") or value("goal.achieved")):
        sheet.goal = Goal(location=where, expected=value("goal.expected"), achieved=value("goal.achieved"))
    for field in ("total_weight", "total", "grade"):
        if value(field) and not getattr(sheet, field):
            setattr(sheet, field, value(field))
            sheet.cells[field] = cells[field].location
