"""自评表 as YAML or JSON, with the sheet's own Chinese keys (schema in docs/audit.md).

A file holds one sheet, a list of sheets, or `自评表: [...]`. Values are kept as
written (numbers exactly, as their digits) for the audit to read; a wrong or
misspelt key is an InputError naming the line (YAML) or the path (JSON) and the
keys allowed, every problem at once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from ..errors import Problems, problem_at
from ..limits import NUMBER_DIGITS, NUMBER_EXPONENT, number_problem
from ..model import Location, slot_builder
from ..suggestions import suggestion
from ..vocab import SELF_TERMS, split_project
from .model import Funds, FundsPart, Goal, Row, SelfEvaluation

FORMAT_MARK = "perfeval 自评表"
SHEET_KEYS = {"格式": None, "项目名称": "project_name", "项目编码": "project_code", "主管部门": "department",
              "实施单位": "implementer", "年度": "year", "项目资金": "funds", "年度总体目标": "goal",
              "绩效指标": "rows", "总分": "total", "自评等级": "grade"}
FUNDS_KEYS = {"年初预算数": "initial", "全年预算数": "budget", "调整后预算数": "budget", "全年执行数": "spent",
              "分值": "weight", "执行率": "rate", "得分": "score", "偏差原因": "reason", "单位": "unit", "其中": "parts"}
PART_KEYS = {"项目": "label", "年初预算数": "initial", "全年预算数": "budget", "调整后预算数": "budget",
             "全年执行数": "spent", "执行率": "rate"}
GOAL_KEYS = {"预期目标": "expected", "实际完成情况": "achieved"}
ROW_KEYS = {"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标性质": "nature",
            "年度指标值": "target", "度量单位": "unit", "实际完成值": "actual", "分值": "weight", "得分": "score",
            "偏差原因": "reason", "偏差原因分析及改进措施": "reason"}
TOTAL_KEYS = {"分值": "total_weight", "得分": "total"}
#: the 项目资金 keys that name a column by another word than the central template's (调整后预算数 for 全年预算数):
#: a sheet written with one keeps it in SelfEvaluation.terms (`funds_terms`), and is written back with it
FUNDS_ALIASES = {key: field for key, field in FUNDS_KEYS.items()
                 if field and SELF_TERMS.get(f"funds.{field}", key) != key}
NO_TERMS: dict[str, str] = {}  # (shared by the sheets that print the central words; never changed)


_ALIASED = tuple(dict.fromkeys(FUNDS_ALIASES.values()))  # the fields such a key may give


def funds_terms(keys) -> dict[str, str]:
    """SelfEvaluation.terms of a 项目资金 block written with `keys` (the keys as written)."""
    terms = {f"funds.{FUNDS_ALIASES[key]}": key for key in keys if key in FUNDS_ALIASES}
    return terms or NO_TERMS


def funds_terms_of(names: dict[str, str]) -> dict[str, str]:
    """`funds_terms` of a block read into `names` (field -> the key it was written with): most name no alias."""
    for field in _ALIASED:
        if names.get(field) in FUNDS_ALIASES:
            return funds_terms(names.values())
    return NO_TERMS


def text_of(value: Any) -> str:
    """A scalar as the text it was written as: `7.26` stays `7.26`, `None` is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        text = str(value)
        if len(text) <= _SHORT and "E" not in text and "e" not in text:
            return text  # written plainly (as format "f" writes it), with so few digits: within perfeval's range
        # past perfeval's range (1E+999999) the scientific form keeps the text short, and the
        # value readers then report it as unreadable instead of printing a million zeros
        return format(value, "f") if number_problem(value) is None else text
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


#: a number written plainly in this many characters or fewer has fewer digits than NUMBER_DIGITS and a magnitude
#: within NUMBER_EXPONENT (at most _SHORT - 1 digits before the point, fewer after): `number_problem` finds none
_SHORT = NUMBER_EXPONENT.value + 1
assert _SHORT <= NUMBER_DIGITS.value


class _PathCells(tuple):
    """Per-field locations of a JSON mapping, `(file, path, keys)`, made only when a finding asks (`$.绩效指标[2].得分`):
    a tuple (one per row of a province's batch). `(file, path, keys, other)`: with the fields of another mapping
    located in it (`joined`)."""

    __slots__ = ()

    def get(self, field: str, default=None):
        if len(self) > 3 and field in self[3][2]:  # a field of another mapping (总分's 分值 and 得分 on the sheet)
            return self[3].get(field)
        key = self[2].get(field)
        return default if key is None else _location(self[0], None, f"{self[1]}.{key}", None)

    def joined(self, other: "_PathCells") -> "_PathCells":
        """These cells with `other`'s fields as this mapping's (each located in `other`, when asked)."""
        return _PathCells((self[0], self[1], self[2], other))


class _Decoder:
    def __init__(self, file: str, line_of=None):
        self.file = file
        self.line_of = line_of
        self.problems = Problems()
        self.unread = False

    def where(self, node: Any, path: str, key: str | None = None) -> Location:
        if self.line_of is not None:
            return Location(self.file, self.line_of(node, key))
        return _location(self.file, None, f"{path}.{key}" if key else path, None)  # (Location's slot builder)

    def fail(self, location: Location, expected: str, found: object = "") -> None:
        self.problems.add(problem_at(location.file, location.line, expected, found, cell=location.cell))

    def fields(self, node: Any, keys: dict[str, str | None], path: str, what: str) -> tuple[dict[str, str], Any, dict[str, Any]]:
        if not isinstance(node, dict):
            self.fail(self.where(node, path), f"{what}应为键值对（映射）", type(node).__name__)
            return {}, {}, {}
        values: dict[str, str] = {}
        lazy = self.line_of is None
        names: dict[str, Any] = {}
        cells: Any = _PathCells((self.file, path, names)) if lazy else {}
        raw: dict[str, Any] = {}
        for key, value in node.items():
            name = keys.get(key)  # the key as the schema spells it: one lookup (10,000 sheets make 800,000)
            if name is None:
                name = keys.get(key.strip()) if isinstance(key, str) else None
                if name is None:
                    if not isinstance(key, str) or key.strip() not in keys:
                        hint = suggestion(key, keys)
                        self.fail(self.where(node, path, key), f"{what}的键之一：{'、'.join(keys)}{hint}", str(key))
                    continue
            raw[name] = value
            if lazy:
                names[name] = key
            else:
                cells[name] = self.where(node, path, key)
            kind = type(value)
            if kind is str:
                values[name] = value.strip()
            elif kind is int:
                values[name] = str(value)
            elif not isinstance(value, (dict, list)):  # (YAML gives its own dict and list types)
                values[name] = text_of(value)
        return values, cells, raw

    def lean_rows(self, listing: list, path: str) -> list[Row | None]:
        """The 绩效指标 rows of the sheet at `path`: each JSON row whose keys are all the schema's and that names
        its 三级指标 read as `fields` reads it, with the Row built by its slot builder; None for anything else (then
        `fields` reads and reports it). The rows of a file mostly share their keys in the same order: each such
        order is looked up once; a row's cells are a `_PathCells`, made as a tuple."""
        file = self.file
        prefix = f"{path}.绩效指标["
        plans, blank, build, located, location = _ROW_PLANS, _BLANK_ROW, _build_row, _PathCells, _location
        out: list[Row | None] = []
        append = out.append
        self.unread = False  # whether a row was left to `fields` (a None in the list)
        for i, item in enumerate(listing):
            if type(item) is not dict:
                append(None)
                self.unread = True
                continue
            order = tuple(item)
            plan = plans.get(order)
            if plan is None:
                plan = _row_plan(order)
            if plan is _NO_PLAN:
                append(None)
                self.unread = True
                continue
            if type(plan) is not tuple:  # the order's own builder: converts and places each value itself
                row = plan(file, f"{prefix}{i}]", *item.values())
                if row is None:
                    self.unread = True
                append(row)
                continue
            slots, names = plan  # (an order naming a field twice: the values placed one by one)
            values = blank.copy()  # the row's fields in order, at "" (a list: cheaper to copy than a dict)
            for slot, value in zip(slots, item.values()):
                kind = type(value)
                if kind is str:
                    values[slot] = value.strip()
                elif kind is int:
                    values[slot] = str(value)
                elif kind is not dict and kind is not list:
                    values[slot] = text_of(value)
            if not values[_NAME_SLOT]:
                append(None)
                self.unread = True
                continue
            where = f"{prefix}{i}]"
            append(build(location(file, None, where, None), located((file, where, names)), *values))
        return out

    def sheet(self, node: Any, path: str, label: str) -> SelfEvaluation | None:
        values, cells, raw = self.fields(node, SHEET_KEYS, path, "自评表")
        if not raw and not values:
            return None
        mark = node.get("格式") if isinstance(node, dict) else None
        if mark is not None and not str(mark).startswith(FORMAT_MARK):
            self.fail(self.where(node, path, "格式"), f"格式 应为“{FORMAT_MARK} 1”", str(mark))
        funds = goal = None
        terms = NO_TERMS
        if "funds" in raw:
            if isinstance(raw["funds"], dict):
                terms = funds_terms(key.strip() for key in raw["funds"] if isinstance(key, str))
            f_values, f_cells, f_raw = self.fields(raw["funds"], FUNDS_KEYS, f"{path}.项目资金", "项目资金")
            parts = []
            listing = f_raw.get("parts") or []
            if not isinstance(listing, list):
                self.fail(self.where(raw["funds"], f"{path}.项目资金", "其中"), "其中 应为列表（每项：项目、年初预算数、全年预算数、全年执行数）",
                          type(listing).__name__)
                listing = []
            for i, item in enumerate(listing):
                item_path = f"{path}.项目资金.其中[{i}]"
                p_values, p_cells, _ = self.fields(item, PART_KEYS, item_path, "其中")
                parts.append(FundsPart(location=self.where(item, item_path), cells=p_cells, **p_values))
            get = f_values.get  # (Funds' fields in order, by its slot builder; a 其中 that is no list is no part)
            funds = _build_funds(self.where(raw["funds"], f"{path}.项目资金"), f_cells, get("initial", ""),
                                 get("budget", ""), get("spent", ""), get("weight", ""), get("rate", ""),
                                 get("score", ""), get("reason", ""), get("unit", "万元"), tuple(parts))
        if "goal" in raw:
            g_values, g_cells, _ = self.fields(raw["goal"], GOAL_KEYS, f"{path}.年度总体目标", "年度总体目标")
            goal = Goal(location=self.where(raw["goal"], f"{path}.年度总体目标"), cells=g_cells, **g_values)
        listing = raw.get("rows") or []
        if not isinstance(listing, list):
            self.fail(cells.get("rows", self.where(node, path)), "绩效指标 应为列表", type(listing).__name__)
            listing = []
        lean = self.lean_rows(listing, path) if _LEAN and self.line_of is None else None
        if lean is not None and not self.unread:  # every row read lean (most sheets): they are the rows
            rows = lean
        else:
            rows = []
            for i, item in enumerate(listing):
                row = lean[i] if lean is not None else None
                if row is not None:
                    rows.append(row)
                    continue
                item_path = f"{path}.绩效指标[{i}]"
                r_values, r_cells, _ = self.fields(item, ROW_KEYS, item_path, "绩效指标")
                if isinstance(item, dict) and not r_values.get("name"):
                    self.fail(self.where(item, item_path), "每个绩效指标应有 三级指标")
                rows.append(Row(location=self.where(item, item_path), cells=r_cells, **r_values))
        total_weight = ""
        total = values.get("total", "")
        if isinstance(raw.get("total"), dict):
            t_values, t_cells, _ = self.fields(raw["total"], TOTAL_KEYS, f"{path}.总分", "总分")
            total_weight, total = t_values.get("total_weight", ""), t_values.get("total", "")
            cells = cells.joined(t_cells) if type(cells) is _PathCells else {**cells, **t_cells}
        code = values.get("project_code", "")
        name = values.get("project_name", "")
        if name and not code:
            code, name = split_project(name)
        get = values.get
        # (SelfEvaluation's fields in order, by its slot builder: rows passed as the tuple its converter makes)
        return _build_sheet(self.where(node, path), cells, label, name, code, get("department", ""),
                            get("implementer", ""), get("year", ""), funds, goal, tuple(rows), total_weight, total,
                            get("grade", ""), terms)


#: rows read by `_Decoder.lean_rows` where they can be (tests turn it off to compare with `fields`)
_LEAN = True
_ROW_FIELDS = tuple(field.name for field in attrs.fields(Row))
assert _ROW_FIELDS[:2] == ("location", "cells"), _ROW_FIELDS
_BLANK_ROW = [""] * (len(_ROW_FIELDS) - 2)  # a lean row's fields after location and cells, in order
_SLOT = {name: i for i, name in enumerate(_ROW_FIELDS[2:])}
_NAME_SLOT = _SLOT["name"]
_build_row = slot_builder(Row)
_build_sheet = slot_builder(SelfEvaluation)
_build_funds = slot_builder(Funds)
_location = slot_builder(Location)  # Location(file, line, cell, page), positionally: one per row and per finding
_NO_PLAN = ()
_ROW_PLANS: dict[tuple, Any] = {}


def _row_plan(order: tuple) -> Any:
    """For a row's keys in this order: a builder of the Row from the values in that order (`_order_builder`), or
    where two keys name one field, the slot of the field each names (its place in `_BLANK_ROW`) and the keys by
    field (as `fields` keeps them, a later key of the same field winning; shared by the rows, read only); or
    `_NO_PLAN` where a key is not the schema's."""
    if not all(type(key) is str and key in ROW_KEYS for key in order):
        plan: Any = _NO_PLAN
    else:
        names = {ROW_KEYS[key]: key for key in order}
        if len(names) == len(order):
            plan = _order_builder(order, names)
        else:
            plan = (tuple(_SLOT[ROW_KEYS[key]] for key in order), names)
    if len(_ROW_PLANS) >= 4096:  # a file with rows in thousands of key orders: start again
        _ROW_PLANS.clear()
    _ROW_PLANS[order] = plan
    return plan


#: a value as `_Decoder.fields` keeps it: text stripped, a whole number as its digits, a mapping or list as ""
#: (`fields` leaves it out), anything else `text_of`; `{v}`: the name the generated code gives the value
_CONVERT = "({v}.strip() if type({v}) is str else str({v}) if type({v}) is int else '' if type({v}) is dict " \
           "or type({v}) is list else text_of({v}))"


def _order_builder(order: tuple, names: dict[str, str]):
    """`build(file, where, *values)`: the Row of a JSON row whose keys are `order` (each naming its own field) from
    its values in that order, each converted as `fields` converts it and every other field "", with its location
    and cells at `where`; None where it names no 三级指标 (then `fields` reads and reports it). Generated from the
    field names, once per key order (a file's rows mostly share one): no list of fields copied and filled per row."""
    fields = [ROW_KEYS[key] for key in order]
    params = [f"v{i}" for i in range(len(order))]
    body = [f"    {field} = {_CONVERT.format(v=param)}\n" for field, param in zip(fields, params)]
    if "name" not in fields:
        return _NO_PLAN  # (a row without 三级指标 is left to `fields`, which reports it)
    body.append("    if not name:\n        return None\n")
    body.append("    self = new(Row)\n    set_location(self, location(file, None, where, None))\n"
                "    set_cells(self, cells((file, where, names)))\n")
    body += [f"    set_{field}(self, {field if field in fields else repr('')})\n" for field in _ROW_FIELDS[2:]]
    source = f"def build_row(file, where, {', '.join(params)}):\n" + "".join(body) + "    return self\n"
    scope = {"new": object.__new__, "Row": Row, "location": _location, "cells": _PathCells, "names": names,
             "text_of": text_of, **{f"set_{field}": getattr(Row, field).__set__ for field in _ROW_FIELDS}}
    exec(compile(source, "<row builder of a key order>", "exec"), scope)  # generated from field names only
    return scope["build_row"]


def sheets_from_data(data: Any, file: str, label: str, line_of=None) -> list[SelfEvaluation]:
    """Sheets from loaded YAML/JSON; InputError listing every problem."""
    decoder = _Decoder(file, line_of)
    if isinstance(data, dict) and "自评表" in data:
        extra = [k for k in data if k != "自评表"]
        if extra:
            decoder.fail(decoder.where(data, "$"), "顶层只应有 自评表（列表）", "、".join(map(str, extra)))
        data = data["自评表"]
    many = isinstance(data, list)
    nodes = data if many else [data]
    sheets = []
    for i, node in enumerate(nodes):
        path = f"自评表[{i}]" if many else "$"
        sheet = decoder.sheet(node, path, f"{label}#{i + 1}" if many and len(nodes) > 1 else label)
        if sheet is not None:
            sheets.append(sheet)
    if not sheets and not decoder.problems:
        decoder.fail(Location(file, 1), "自评表（项目名称、项目资金、绩效指标、总分 …，见 docs/audit.md）", "空")
    decoder.problems.raise_if_any()
    return sheets


def read_yaml_sheets(text: str, file: str, label: str) -> list[SelfEvaluation]:
    from ..readers.native import load_yaml_bounded
    from ..readers.yamlload import line_of

    return sheets_from_data(load_yaml_bounded(text, file), file, label, line_of)


def read_json_sheets(text: str, file: str, label: str) -> list[SelfEvaluation]:
    from ..readers.native import load_json

    return sheets_from_data(load_json(text, file), file, label)


def sheet_to_data(sheet: SelfEvaluation) -> dict[str, Any]:
    """The sheet as plain data in the schema above (used by the example generator and the benchmark)."""
    data: dict[str, Any] = {"格式": f"{FORMAT_MARK} 1", "项目名称": sheet.project_name}
    for key, field in (("项目编码", "project_code"), ("主管部门", "department"), ("实施单位", "implementer"),
                       ("年度", "year")):
        if getattr(sheet, field):
            data[key] = getattr(sheet, field)
    if sheet.funds is not None:
        # each field under one key: the word the sheet was written with (调整后预算数), else the central one
        budget = "调整后预算数" if sheet.terms.get("funds.budget") == "调整后预算数" else "全年预算数"
        skip = {"全年预算数", "调整后预算数"} - {budget}
        data["项目资金"] = {k: getattr(sheet.funds, f) for k, f in FUNDS_KEYS.items()
                        if f != "parts" and k not in skip and getattr(sheet.funds, f)
                        and not (f == "unit" and sheet.funds.unit == "万元")}
        if sheet.funds.parts:
            data["项目资金"]["其中"] = [{k: getattr(part, f) for k, f in PART_KEYS.items()
                                     if k not in skip and getattr(part, f)} for part in sheet.funds.parts]
    if sheet.goal is not None:
        data["年度总体目标"] = {k: getattr(sheet.goal, f) for k, f in GOAL_KEYS.items()}
    data["绩效指标"] = [{k: getattr(row, f) for k, f in ROW_KEYS.items() if k != "偏差原因分析及改进措施" and getattr(row, f)}
                    for row in sheet.rows]
    data["总分"] = {"分值": sheet.total_weight, "得分": sheet.total} if sheet.total_weight else sheet.total
    if sheet.grade:
        data["自评等级"] = sheet.grade
    return data
