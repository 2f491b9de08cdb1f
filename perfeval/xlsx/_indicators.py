"""One indicator row, to cells and back; shared by the form, flat and department sheets."""

from __future__ import annotations

import functools
from decimal import Decimal

from ..model import Indicator
from ..operators import Operator, parse_operator
from ..units import parse_unit
from ._cells import BadCell, cell_decimal, cell_flag, cell_text, is_blank, is_percent
from ._write import Styled, number_format_for

PROJECT_HEADERS = {
    "level1": "一级指标", "level2": "二级指标", "name": "三级指标", "value": "指标值",
    "operator": "指标性质", "unit": "度量单位", "weight": "权重", "core": "是否核心指标",
}
DEPARTMENT_HEADERS = {
    "level1": "一级指标", "level2": "二级指标", "name": "指标名称", "weight": "指标权重",
    "unit": "计量单位", "operator": "指标性质", "value": "指标值", "core": "是否核心指标",
}
_FAILED = object()
# Operators and units repeat on every row of a big sheet; parsing is pure, so remember it.
_parse_operator = functools.lru_cache(maxsize=1024)(parse_operator)
_parse_unit = functools.lru_cache(maxsize=4096)(parse_unit)
PROJECT_FIELDS = ("level1", "level2", "name", "value", "operator", "unit", "weight", "core")
DEPARTMENT_FIELDS = ("name", "weight", "unit", "operator", "value")


def department_fields(indicators) -> tuple[str, ...]:
    """The seed's department columns, plus 一级/二级/核心 when some indicator has them."""
    fields = list(DEPARTMENT_FIELDS)
    if any(i.level2 for i in indicators):
        fields.insert(0, "level2")
    if any(i.level1 for i in indicators):
        fields.insert(0, "level1")
    if any(i.core is not None for i in indicators):
        fields.append("core")
    return tuple(fields)


def indicator_cells(indicator: Indicator, fields: tuple[str, ...]) -> list[object]:
    out: list[object] = []
    for field in fields:
        if field == "value":
            if indicator.value is not None:
                out.append(Styled(indicator.value, number_format_for(indicator.value)))
            else:
                out.append(indicator.text_value)
        elif field == "operator":
            out.append(indicator.operator.value)
        elif field == "unit":
            out.append(indicator.unit.symbol if indicator.unit else None)
        elif field == "weight":
            out.append(indicator.weight)
        elif field == "core":
            out.append(None if indicator.core is None else ("是" if indicator.core else "否"))
        else:
            out.append(getattr(indicator, field))
    return out


def read_indicator(sheet, problems, number: int, cells: tuple, columns: dict[str, int], what: str) -> Indicator | None:
    """The Indicator on row `number`; problems are added with their cell, and None returned, when a cell is wrong.

    `columns` maps fields to 1-based columns. 一级/二级 cells merged down take the merged value;
    a number Excel shows as a percentage (typed `95%`, stored 0.95) is read as 95 with unit %.
    """
    def cell(field: str):
        column = columns.get(field)
        if column is None:
            return None
        found = cells[column - 1] if column <= len(cells) else None
        if field in ("level1", "level2"):
            found = sheet.merged(number, column, found)
        return found

    def bad(field: str, expected: str, found: object) -> None:
        problems.add(sheet.problem(number, columns.get(field, 1), f"{what}：{expected}", found))

    ok = True
    try:
        name = cell_text(cell("name"))
        level1 = cell_text(cell("level1")) or None
        level2 = cell_text(cell("level2")) or None
    except BadCell as exc:
        problems.add(sheet.problem(number, 1, f"{what}：{exc.expected}", exc.found))
        return None
    if not name:
        bad("name", "三级指标（指标名称）", "空")
        ok = False

    def parsed(field: str, parse, empty: str | None = None):
        """The parsed cell, None when empty (a problem if `empty` says what belongs there), or _FAILED."""
        text = ""
        try:
            text = cell_text(cell(field))
            if text:
                return parse(text)
            if empty is None:
                return None
            bad(field, empty, "空")
        except BadCell as exc:
            bad(field, exc.expected, exc.found)
        except ValueError as exc:
            bad(field, str(exc), text)
        return _FAILED

    operator = parsed("operator", _parse_operator, "指标性质（≥ ≤ = > < 或 定性）")
    unit = parsed("unit", _parse_unit)
    if operator is _FAILED or unit is _FAILED:
        ok = False
        operator = operator if operator is not _FAILED else None
        unit = unit if unit is not _FAILED else None
    value: Decimal | None = None
    text_value: str | None = None
    value_cell = cell("value")
    if not is_blank(value_cell):
        try:
            value = cell_decimal(value_cell)
            if value is not None and is_percent(value_cell):
                value = value * 100
                if unit is None:
                    unit = parse_unit("%")
                elif unit.symbol != "%":
                    bad("value", f"百分数格式的指标值应配 % 单位", f"单位 {unit.symbol}")
                    ok = False
        except BadCell as exc:
            if getattr(value_cell, "data_type", None) == "e" or (operator is not None and operator.quantitative):
                bad("value", f"定量指标（{operator.value if operator else '?'}）的指标值应为数字", exc.found)
                ok = False
            else:
                text_value = cell_text(value_cell)
    weight = core = None
    try:
        weight = cell_decimal(cell("weight"), "权重（数字）")
    except BadCell as exc:
        bad("weight", exc.expected, exc.found)
        ok = False
    if "core" in columns:
        try:
            core = cell_flag(cell("core"))
        except BadCell as exc:
            bad("core", "是否核心指标应为 是 或 否", exc.found)
            ok = False
    if not ok:
        return None
    return Indicator(
        name=name,
        operator=operator if operator is not None else Operator.QUALITATIVE,
        value=value,
        unit=unit,
        weight=weight,
        level1=level1,
        level2=level2,
        core=core,
        text_value=text_value,
        location=sheet.loc(number, columns.get("name", 1)),
    )
