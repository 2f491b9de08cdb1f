"""The flat layout: one sheet, one row per indicator, the project's columns repeated on each row.

This is what a budget system's bulk export gives, and it sorts and filters freely.
Reading groups rows by (表号, 项目编码, 项目名称); a row whose project cells are blank
(or merged down) belongs to the project above it, and a project column that says
two different things for one project is reported with both cells.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from ..errors import InputError
from ..model import TargetTable, UnplacedLine
from ._cells import BadCell, cell_decimal, cell_text, is_blank
from ._form import split_project
from ._grid import cell_text_safe, header_fields, keep_consistent, match_header, split_header
from ._indicators import PROJECT_FIELDS, PROJECT_HEADERS, indicator_cells, read_indicator
from ._write import Styled, number_format_for
from .headers import FLAT_LOOKUP, INDICATOR, PROJECT, spelled

FLAT_TITLE = "项目绩效目标"
PROJECT_COLUMNS = (
    ("label", "表号"), ("title", "表名"), ("project_code", "项目编码"), ("project_name", "项目名称"),
    ("department", "主管部门"), ("implementer", "实施单位"), ("funds", "资金总额（万元）"),
    ("attribute", "项目属性"), ("start", "项目起始时间"), ("end", "项目终止时间"),
    ("overview", "项目概况"), ("basis", "立项依据"), ("goal", "项目当年绩效目标"),
)
_KEY_FIELDS = ("label", "title", "project_code", "project_name")
_INDICATOR_FIELDS = set(PROJECT_FIELDS)


def flat_rows(tables: Sequence[TargetTable]) -> Iterator[list[object]]:
    """Header and one row per indicator, made as they are written; refuses tables the reader could not tell apart again."""
    seen: dict[tuple, TargetTable] = {}
    for table in tables:
        key = tuple(getattr(table, f) for f in _KEY_FIELDS)
        if not any(key):
            raise InputError(f"平铺版式无法写出没有表号、表名、项目编码和项目名称的表；请改用 form 版式")
        if key in seen:
            raise InputError(f"平铺版式无法区分表号、表名、项目编码、项目名称都相同的两张表（{table.label} {table.project_code}-{table.project_name}）；"
                             "请改用 form 版式，或先修正重复的项目")
        seen[key] = table
    yield [Styled(h, header=True) for _, h in PROJECT_COLUMNS] + [Styled(PROJECT_HEADERS[f], header=True) for f in PROJECT_FIELDS]
    for table in tables:
        project = [getattr(table, field) or None for field, _ in PROJECT_COLUMNS]
        if table.funds is not None:
            project[6] = Styled(table.funds, number_format_for(table.funds, thousands=True))
        if not table.indicators:
            yield project
        for indicator in table.indicators:
            yield project + indicator_cells(indicator, PROJECT_FIELDS)


def is_flat_header(cells: tuple) -> bool:
    fields = header_fields(cells, FLAT_LOOKUP)
    return "name" in fields and bool(fields & {"project_code", "project_name"})


class _Project:
    def __init__(self, number: int):
        self.first_row = number
        self.values: dict[str, tuple[int, int, object]] = {}
        self.indicators: list = []


def read_flat(sheet, rows: Iterable[tuple[int, tuple]], problems, unplaced: list[UnplacedLine]) -> list[TargetTable]:
    above, found, rows = split_header(iter(rows), is_flat_header, FLAT_LOOKUP)
    for number, cells in above:
        if any(not is_blank(c) for c in cells):
            unplaced.append(UnplacedLine(" ".join(cell_text_safe(c) for c in cells if not is_blank(c)),
                                         f"工作表“{sheet.title}”表头之上的文字", location=sheet.loc(number)))
    if found is None:
        return []
    number, cells = found
    header = match_header(sheet, problems, number, cells, FLAT_LOOKUP, spelled(PROJECT) + "、" + spelled(INDICATOR))
    missing = [f for f in ("name", "operator") if f not in header.columns]
    if missing:
        problems.add(sheet.problem(number, 1, "表头应含 三级指标 与 指标性质 两列", "缺少 " + "、".join(missing)))
        return []
    projects: dict[tuple, _Project] = {}
    current: tuple | None = None
    for number, cells in rows:
        if all(is_blank(c) for c in cells):
            continue
        if header.unknown_cells(sheet, problems, number, cells):
            continue
        columns = header.columns

        cell = header.reader(sheet, number, cells)

        key_cells = {f: cell(f) for f in _KEY_FIELDS}
        if all(is_blank(c) for c in key_cells.values()):
            if current is None:
                problems.add(sheet.problem(number, columns.get("project_name", columns.get("project_code", 1)),
                                           "项目编码或项目名称", "空"))
                continue
            key = current
        else:
            label, title, code, name = (cell_text_safe(key_cells[f]) for f in _KEY_FIELDS)
            if "project_code" not in columns:
                code, name = split_project(name)
            key = (label, title, code, name)
        project = projects.get(key)
        if project is None:
            project = projects[key] = _Project(number)
            project.values.update({f: (number, columns.get(f, 1), v) for f, v in zip(_KEY_FIELDS, key)})
        current = key
        for field, _ in PROJECT_COLUMNS[4:]:
            c = cell(field)
            if is_blank(c):
                continue
            try:
                value = cell_decimal(c, "资金总额（数字，万元）") if field == "funds" else cell_text(c)
            except BadCell as exc:
                problems.add(sheet.problem(number, columns[field], exc.expected, exc.found))
                continue
            keep_consistent(sheet, problems, project.values, field, number, columns[field], value, dict(PROJECT_COLUMNS)[field])
        if all(is_blank(cell(f)) for f in _INDICATOR_FIELDS):
            continue  # a project row without an indicator
        what = key[0] or key[2] or key[3]
        indicator = read_indicator(sheet, problems, number, cells, {f: c for f, c in columns.items() if f in _INDICATOR_FIELDS}, what)
        if indicator is not None:
            project.indicators.append(indicator)
    tables = []
    for (label, title, code, name), project in projects.items():
        def text(field: str) -> str:
            entry = project.values.get(field)
            return entry[2] if entry else ""
        funds = project.values.get("funds")
        tables.append(TargetTable(
            label=label, title=title, project_code=code, project_name=name,
            department=text("department"), implementer=text("implementer"), funds=funds[2] if funds else None,
            attribute=text("attribute"), start=text("start"), end=text("end"), overview=text("overview"),
            basis=text("basis"), goal=text("goal"), indicators=project.indicators,
            location=sheet.loc(project.first_row)))
    return tables
