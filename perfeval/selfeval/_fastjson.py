"""自评表 JSON decoded straight into typed structs (msgspec), then into the sheets `native.sheets_from_data` gives.

The bytes are decoded once, in C, into small structs whose field names are the sheet's own keys (native's key
tables), with numbers given to the hook the standard-library path uses (`readers.native.json_float`), so every
value is the one `json.loads` would have given. Each block is then read as `native._Decoder.fields` reads the
mapping (`_block_reader`, generated from the key tables): a text stripped, a whole number as its digits, anything
else as `native.text_of` writes it, and the cells of the keys present located at their JSON path as
`native._PathCells` locates them: a block's or row's cells are its own struct (`_StructCells`), which knows which
keys it had, given the block's Location. The 绩效指标 rows are built by one loop generated from the field names
(`_rows_builder`).

This path only ever says yes or "not sure": whatever it cannot vouch for (a key it does not know, a value of an
unexpected type, a row without 三级指标, a field given by two keys, a blank or empty sheet, a key written twice
or null, a number past perfeval's range, a problem to report) returns None, and the caller reads the file the
standard way, which gives the same sheets or the same error with its line. Imported only when JSON is read.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import attrs
import msgspec

from ..judgement import CATEGORY_NAMES
from ..model import Location, slot_builder
from ..readers.native import JsonRefused, json_float
from ..vocab import split_project
from .model import Funds, FundsPart, Goal, Row, SelfEvaluation
from .native import (
    FORMAT_MARK,
    FUNDS_ALIASES,
    FUNDS_KEYS,
    NO_TERMS,
    funds_terms,
    GOAL_KEYS,
    PART_KEYS,
    ROW_KEYS,
    SHEET_KEYS,
    TOTAL_KEYS,
    _build_funds,
    _build_sheet,
    _location,
    text_of,
)


class _NotLean(Exception):
    """Raised while reading the structs: read the file the standard way instead."""


def _spec(keys: dict[str, str | None]) -> tuple[tuple[str, str | None, str], ...]:
    """(struct attribute, model field, key) for each key of a native key table: the attribute is the field's name,
    with `_` added for a second key of the same field (全年预算数 and 调整后预算数), `mark` for 格式."""
    spec, seen = [], set()
    for key, field in keys.items():
        attr = field or "mark"
        while attr in seen:
            attr += "_"
        seen.add(attr)
        spec.append((attr, field, key))
    return tuple(spec)


class _StructCells(msgspec.Struct, gc=False):
    """A block's or row's struct is its cells once the reader has set `here`, the block's Location: a field's cell
    is where its key is, `{here.cell}.{key}`, made only when a finding asks; a field whose key the block does not
    have has none (`native._PathCells` locates them the same). No object and no mapping of keys per block for them.
    `_CELLS` (each struct type's own): each field's (struct attribute, `.key`) pairs (two where a field has two
    keys: a block read has at most one of them)."""

    _CELLS: ClassVar[dict[str, tuple[tuple[str, str], ...]]] = {}

    def get(self, field: str, default=None):
        pairs = self._CELLS.get(field)
        if pairs is not None:
            for attr, key in pairs:
                if getattr(self, attr) is not None:
                    here = self.here
                    return _location(here.file, None, here.cell + key, None)
        return default


class _SheetCells(_StructCells):
    """A sheet's cells: its own fields', and where 总分 is written as a mapping, 分值's and 得分's in it (the sheet's
    total_weight and total, `{here.cell}.总分.{key}`; 总分 itself where that mapping has no 得分). Once the file is
    read, `read_json_lean` leaves in `rows` and `total` only what this asks: True for the 绩效指标 list, the keys
    of a 总分 mapping (a frozenset)."""

    def get(self, field: str, default=None):
        key = _TOTAL_KEY.get(field)
        if key is not None:
            total = self.total
            if type(total) is frozenset and key in total:
                here = self.here
                return _location(here.file, None, f"{here.cell}.{_TOTAL_PATH}.{key}", None)
        return _StructCells.get(self, field, default)


#: the key of each struct's `here` field (the block's Location, set as it is read): a block or row that writes it
#: (the standard path reports it as a key not in the schema) is left to the standard path
_HERE_KEY = "@here"


def _struct(name: str, spec, types: dict[str, Any] | None = None, base: type = _StructCells) -> type:
    """A struct with one field per key of `spec`, each None when absent, and `here`; any other key is refused."""
    types = types or {}
    cells: dict[str, tuple[tuple[str, str], ...]] = {}
    for attr, field, key in spec:
        if field is not None:
            cells[field] = (*cells.get(field, ()), (attr, f".{key}"))
    return msgspec.defstruct(name, [*((attr, types.get(attr, Any), None) for attr, _, _ in spec), ("here", Any, None)],
                             bases=(base,), namespace={"_CELLS": cells},
                             rename={**{attr: key for attr, _, key in spec}, "here": _HERE_KEY},
                             forbid_unknown_fields=True, omit_defaults=True, gc=False)


_SHEET, _FUNDS, _PART, _GOAL, _ROW = (_spec(SHEET_KEYS), _spec(FUNDS_KEYS), _spec(PART_KEYS), _spec(GOAL_KEYS),
                                      _spec(ROW_KEYS))
_Row = _struct("_Row", _ROW)
_Part = _struct("_Part", _PART)
_Funds = _struct("_Funds", _FUNDS, {"parts": list[_Part] | None})
_Goal = _struct("_Goal", _GOAL)
_Sheet = _struct("_Sheet", _SHEET, {"funds": _Funds | None, "goal": _Goal | None, "rows": list[_Row] | None},
                 _SheetCells)
_Top = msgspec.defstruct("_Top", [("sheets", list[_Sheet])], rename={"sheets": "自评表"}, forbid_unknown_fields=True,
                         gc=False)
#: the same with each row's 一级指标 and 二级指标 one of the category names (`judgement.CATEGORY_NAMES`: what nearly
#: every row writes there) or empty, which msgspec gives as the one text it holds for it, where any text is decoded
#: into a new str each time (its UTF-8 widened to two bytes a character: two of the costliest texts of a row, 140,000
#: in the 10,000-sheet batch). A file that writes any other name there is decoded again with the structs above (from
#: its start: up to one decoding more, where the first such name is the batch's last row).
_NAME = Literal[(*CATEGORY_NAMES, "")] | None  # type: ignore[valid-type]
_NamedRow = _struct("_NamedRow", _ROW, {"level1": _NAME, "level2": _NAME})
_NamedSheet = _struct("_NamedSheet", _SHEET, {"funds": _Funds | None, "goal": _Goal | None,
                                              "rows": list[_NamedRow] | None}, _SheetCells)
_NamedTop = msgspec.defstruct("_NamedTop", [("sheets", list[_NamedSheet])], rename={"sheets": "自评表"},
                              forbid_unknown_fields=True, gc=False)


def _float_text(token: str) -> Any:
    """A number with a point as the text the model keeps of it (`_Decoder.fields`: `text_of` of `json_float`'s
    Decimal): a plain token of at most 24 characters is that text already (str of its Decimal writes the same
    digits; only a value below 1e-6, which the Decimal writes with an exponent, can differ: any token holding
    0.000000 is read as Decimal); anything else as `json_float` reads it (its refusals too)."""
    if len(token) <= 24 and "e" not in token and "E" not in token and "0.000000" not in token:
        return token
    return json_float(token)


#: the decoders of a file that is `{自评表: [...]}`, a list of sheets, or one sheet: of the structs with category
#: names, then of the general structs
_NAMED, _GENERAL = (tuple(msgspec.json.Decoder(kind, float_hook=_float_text) for kind in (top, list[sheet], sheet))
                    for top, sheet in ((_NamedTop, _NamedSheet), (_Top, _Sheet)))
_ERRORS = (msgspec.MsgspecError, JsonRefused, ValueError, RecursionError)
_astuple = msgspec.structs.astuple
# `readers.native._int` refuses an integer written with more than 40 characters (NUMBER_DIGITS)
_LOW, _HIGH = -10 ** 39, 10 ** 40


def read_json_lean(data: bytes, file: str, label: str) -> list[SelfEvaluation] | None:
    """The sheets of 自评表 JSON `data` as `native.read_json_sheets` reads them, or None where it must decide."""
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    start = data.lstrip()[:1]
    if start != b"[" and start != b"{":
        return None
    try:
        try:
            structs, many, top = _decoded(data, start, *_NAMED)
        except msgspec.ValidationError:  # (a 一级/二级 name that is no category's, or anything the general ones refuse)
            structs, many, top = _decoded(data, start, *_GENERAL)
    except _ERRORS:
        return None
    if not structs:
        return None
    reader = _Reader(file)
    several = many and len(structs) > 1
    try:
        sheets = [reader.sheet(struct, f"自评表[{i}]" if many else "$", f"{label}#{i + 1}" if several else label)
                  for i, struct in enumerate(structs)]
    except _NotLean:
        return None
    if not _members_agree(data, structs, reader.members + top):
        return None
    for struct in structs:  # (a sheet's cells keep of its struct's 绩效指标 and 总分 only which keys were written)
        if struct.rows is not None:
            struct.rows = True
        total = struct.total
        if type(total) is dict:
            struct.total = _BOTH if len(total) == 2 else frozenset(total)
    return sheets


def _decoded(data: bytes, start: bytes, whole, listed, one) -> tuple[list, bool, int]:
    """The sheets' structs of `data` (starting with `start`, `[` or `{`) by these decoders, whether the file lists its
    sheets, and the members outside them (自评表)."""
    if start == b"[":
        return listed.decode(data), True, 0
    try:
        return whole.decode(data).sheets, True, 1
    except msgspec.ValidationError:
        return [one.decode(data)], False, 0


def _members_agree(data: bytes, structs: list, kept: int) -> bool:
    """Whether no object of `data` writes a key twice (the standard reader refuses that; msgspec keeps the last)
    and none writes null (a struct does not tell it from a key left out).

    Every member of an object is written with one `:`, and a `:` elsewhere is inside a string, so `data` has at
    least as many colons as members and at least as many members as `kept`, the members read: when the colons
    are `kept`, no member was dropped. Otherwise (a colon inside a text) what was decoded is encoded again, which
    writes each kept member and each text once (a null field not at all): as many colons as `data` exactly when
    no member was dropped (unless a colon was written `\\u003a`: then this says no). Each struct read also
    writes its `here` (the Location set as it was read, as null): one colon more each."""
    colons = data.count(b":")
    if colons == kept:
        return True
    if data.find(b"\\u003") >= 0:
        return False
    located: list[Location] = []
    encoded = msgspec.json.encode(structs, enc_hook=lambda value: _null(value, located))
    return encoded.count(b":") - len(located) == colons


def _null(value: Any, located: list) -> None:
    """A struct's Location (`here`) encoded as null, and counted in `located`."""
    if type(value) is not Location:
        raise TypeError(type(value).__name__)
    located.append(value)


def _text(value: Any) -> str:
    """A value that is no str and not None as `_Decoder.fields` keeps it; _NotLean for a mapping or a list (the
    standard path leaves it out of the values) and for an integer the standard reader refuses."""
    kind = type(value)
    if kind is int:
        if 0 <= value < 1024:
            return _DIGITS[value]
        if _LOW < value < _HIGH:
            return str(value)
        raise _NotLean
    if kind is dict or kind is list:
        raise _NotLean
    return text_of(value)


def _block_reader(spec, blocks: tuple[str, ...] = (), defaults: dict[str, str] | None = None, terms: bool = False):
    """`read(struct)`: the values of a block's fields in the order of their first keys, each read as
    `_Decoder.fields` reads it (`defaults` or "" where its keys are left out), but for `blocks` (a mapping or list
    the caller reads: as decoded), then how many of its keys are present. _NotLean where two keys give one field
    (which one the standard path keeps depends on their order) or the block writes `_HERE_KEY`. Generated from
    the key table. With `terms` (the 项目资金 block), also the sheet's terms of its keys (`native.funds_terms` of
    the keys present), asked only where a key of `FUNDS_ALIASES` is present (most blocks write none: NO_TERMS)."""
    defaults = defaults or {}
    aliased = [(attr, key) for attr, _, key in spec if key in FUNDS_ALIASES] if terms else []
    first: dict[str, str] = {}  # field: the attribute of its first key
    body = ["    if here is not None:\n        raise NotLean\n    present = 0\n"]
    for attr, field, key in spec:
        if field is None:  # (格式: the caller reads it)
            continue
        if field in first:
            kept = first[field]
            body.append(f"    if {attr} is not None:\n        if {kept} is not None:\n            raise NotLean\n"
                        f"        {kept} = {attr}\n        present += 1\n")
        else:
            first[field] = attr
            body.append(f"    if {attr} is not None:\n        present += 1\n")
    if terms:  # (the keys present, as written)
        body.append(f"    terms = NO_TERMS if {' and '.join(f'{attr} is None' for attr, _ in aliased)} else "
                    "funds_terms(key for attr, key in ALIASED if getattr(struct, attr) is not None)\n")
    for field, attr in first.items():
        if field not in blocks:
            body.append(f"    {attr} = {defaults.get(field, '')!r} if {attr} is None else {_CONVERT.format(v=attr)}\n")
    returned = [*first.values(), "present", *(["terms"] if terms else [])]
    source = (f"def read(struct):\n    {', '.join(attr for attr, _, _ in spec)}, here, = astuple(struct)\n"
              + "".join(body) + f"    return {', '.join(returned)},\n")
    scope = {"astuple": _astuple, "NotLean": _NotLean, "text": _text, "LOW": _LOW, "HIGH": _HIGH, "DIGITS": _DIGITS,
             "NO_TERMS": NO_TERMS, "funds_terms": funds_terms, "ALIASED": aliased}
    exec(compile(source, "<block reader of 自评表 JSON>", "exec"), scope)  # generated from the key tables only
    return scope["read"]


_ABSENT = object()
#: 总分's keys (分值, 得分) and the fields they give (native.TOTAL_KEYS)
(_WEIGHT_KEY, _WEIGHT_FIELD), (_STATED_KEY, _STATED_FIELD) = TOTAL_KEYS.items()


def _total(total: dict) -> tuple[str, str, int]:
    """总分 written as a mapping (分值, 得分), read as `_Decoder.fields` reads it, and how many members it has."""
    if len(total) == 2:  # (most: both, each once)
        weight, stated = total.get(_WEIGHT_KEY, _ABSENT), total.get(_STATED_KEY, _ABSENT)
        if weight is not _ABSENT and stated is not _ABSENT:
            return ("" if weight is None else weight.strip() if type(weight) is str else _text(weight),
                    "" if stated is None else stated.strip() if type(stated) is str else _text(stated), 2)
    weight = stated = ""
    for key, value in total.items():
        field = TOTAL_KEYS.get(key)
        if field is None:
            raise _NotLean  # (a key it does not know: the standard path reports it)
        value = "" if value is None else value.strip() if type(value) is str else _text(value)
        if field == _STATED_FIELD:
            stated = value
        else:
            weight = value
    return weight, stated, len(total)


#: 总分's key of each of its fields (分值: total_weight, 得分: total), and its own key on the sheet, for a sheet's cells
_TOTAL_KEY = {field: key for key, field in TOTAL_KEYS.items()}
_BOTH = frozenset(TOTAL_KEYS)  # (the keys of a 总分 written with both, most: shared)
_TOTAL_PATH = next(key for key, field in SHEET_KEYS.items() if field == "total")


class _Reader:
    """The sheets of one file from their structs, as `native._Decoder.sheet` reads them from mappings. Each block's
    struct becomes its cells (`_StructCells`) with its Location set as `here`."""

    def __init__(self, file: str):
        self.file = file
        self.members = 0  # the members read, for `_members_agree`

    def sheet(self, struct, path: str, label: str) -> SelfEvaluation:
        file = self.file
        mark = struct.mark
        if mark is not None and not (type(mark) is str and mark.startswith(FORMAT_MARK)):
            raise _NotLean  # (the standard path reports it)
        name, code, department, implementer, year, funds, goal, listing, total, grade, present = _read_sheet(struct)
        if not present:
            raise _NotLean  # a sheet with nothing in it (the standard path passes over it)
        members = present + (mark is not None)
        terms = NO_TERMS
        if funds is not None:
            funds, counted, terms = self.funds(funds, f"{path}.项目资金")
            members += counted
        if goal is not None:
            expected, achieved, counted = _read_goal(goal)
            here = goal.here = _location(file, None, f"{path}.年度总体目标", None)
            goal = _build_goal(here, goal, expected, achieved)
            members += counted
        rows: Any = ()
        if listing:
            rows = []
            members += _build_rows(file, f"{path}.绩效指标[", listing, rows)
            rows = tuple(rows)
        if type(total) is dict:
            total_weight, total, counted = _total(total)
            members += counted
        else:
            total_weight = ""
            total = "" if total is None else total.strip() if type(total) is str else _text(total)
        self.members += members
        if name and not code:
            code, name = split_project(name)
        here = struct.here = _location(file, None, path, None)
        # (SelfEvaluation's fields in order, by its slot builder: rows passed as the tuple its converter makes)
        return _build_sheet(here, struct, label, name, code, department, implementer, year, funds, goal, rows,
                            total_weight, total, grade, terms)

    def funds(self, struct, path: str):
        """The 项目资金 block, the members it was written with and the sheet's terms of them (`native.funds_terms`)."""
        file = self.file
        initial, budget, spent, weight, rate, score, reason, unit, listing, members, terms = _read_funds(struct)
        parts: Any = ()
        if listing:
            parts = []
            for i, item in enumerate(listing):
                label, p_initial, p_budget, p_spent, p_rate, counted = _read_part(item)
                here = item.here = _location(file, None, f"{path}.其中[{i}]", None)
                parts.append(_build_part(here, item, label, p_initial, p_budget, p_spent, p_rate))
                members += counted
            parts = tuple(parts)
        here = struct.here = _location(file, None, path, None)
        # (Funds' fields in order, by its slot builder: 其中 passed as the tuple its converter makes)
        return (_build_funds(here, struct, initial, budget, spent, weight, rate, score, reason, unit, parts), members,
                terms)


#: a value (not None) as `_Decoder.fields` keeps it: text stripped, a whole number as its digits, anything else by
#: `_text` (`{v}`: the name the generated code gives the value)
_CONVERT = "{v}.strip() if type({v}) is str else (DIGITS[{v}] if 0 <= {v} < 1024 else str({v}) if LOW < {v} < HIGH " \
           "else text({v})) if type({v}) is int else text({v})"
#: the row fields mostly written as small whole numbers (分值, 得分)
_POINTS = ("weight", "score")
#: the digits of the first whole numbers (分值 and 得分 are mostly such), one text each
_DIGITS = [str(i) for i in range(1024)]


#: the end of a row's path, `{i}]`, for the rows of a sheet (made once: a sheet's rows are few)
_INDEX = [f"{i}]" for i in range(64)]


def _indexes(count: int) -> list[str]:
    """`_INDEX` for a sheet of `count` rows."""
    return [f"{i}]" for i in range(count)]


def _rows_builder():
    """`build(file, prefix, structs, out)`: the Rows of a sheet's 绩效指标 structs appended to `out`, each field
    converted as `_Decoder.fields` converts it (a key left out as ""), each row located at `{prefix}{i}]` with its
    cells where its keys are (its struct, `_StructCells`, with `here` set); returns how many members the rows were
    written with. _NotLean for a row without 三级指标, with both 偏差原因 keys or writing `_HERE_KEY`. Generated
    from the field names: one loop, each row's values unpacked from its struct at once, its slots set as attributes
    (Row is not frozen).

    The members are counted where a value is found left out (a key absent is a None), in the branch that makes it
    "", not by counting the Nones of each row's values (tuple.count compares each text with None: ~0.15 us a row):
    of a field's two keys one at least is absent in every row read (both present is refused), so each pair counts
    one absence for its second key, and its first key's absence where the field is left out."""
    fields: dict[str, str] = {}
    body = []
    params = [attr for attr, _, _ in _ROW] + ["here"]
    seconds = 0  # the second keys of fields (one absence each, per row)
    for attr, field, _ in _ROW:
        if field in fields:  # a second key of the field: the row may have one of them, not both
            first = fields[field]
            body.append(f"        if {attr} is not None:\n"
                        f"            if {first} is not None:\n                raise NotLean\n"
                        f"            {first} = {attr}\n")
            seconds += 1
        else:
            fields[field] = attr
    # (the common type first: a text mostly, a small whole number for the points; a value left out counted)
    for field, attr in fields.items():
        common = (f"type({attr}) is int and 0 <= {attr} < 1024:\n            {attr} = DIGITS[{attr}]\n"
                  if field in _POINTS else f"type({attr}) is str:\n            {attr} = {attr}.strip()\n")
        body.append(f"        if {common}        elif {attr} is None:\n            {attr} = ''\n"
                    f"            absent += 1\n        else:\n            {attr} = {_CONVERT.format(v=attr)}\n")
    body.append(f"        if not {fields['name']}:\n            raise NotLean\n")
    body.append("        if here is not None:\n            raise NotLean\n")  # (a row that writes _HERE_KEY)
    # (the row's Location made here as its slot builder makes it: `native._location`, one call fewer per row)
    assert [field.name for field in attrs.fields(Location)] == ["file", "line", "cell", "page"]
    assert Location.__setattr__ is object.__setattr__  # (plain slots, as its slot builder assigns them)
    body.append("        where = prefix + end\n        self = new(Row)\n"
                "        here = new(Location)\n        here.file = file\n        here.line = None\n"
                "        here.cell = where\n        here.page = None\n        self.location = here\n"
                "        struct.here = here\n        self.cells = struct\n")
    assert list(fields) == [field.name for field in attrs.fields(Row)][2:], fields
    body += [f"        self.{field} = {attr}\n" for field, attr in fields.items()]
    source = ("def build_rows(file, prefix, structs, out):\n    append = out.append\n    absent = 0\n"
              "    index = _INDEX if len(structs) <= len(_INDEX) else indexes(len(structs))\n"
              f"    for struct, end in zip(structs, index):\n"
              f"        {', '.join(params)}, = astuple(struct)\n" + "".join(body) +
              f"        append(self)\n    return {len(_ROW) - seconds} * len(structs) - absent\n")
    scope = {"new": object.__new__, "Row": Row, "Location": Location, "NotLean": _NotLean,
             "text": _text, "LOW": _LOW, "HIGH": _HIGH, "DIGITS": _DIGITS, "astuple": _astuple, "_INDEX": _INDEX,
             "indexes": _indexes}
    exec(compile(source, "<rows builder of 自评表 JSON>", "exec"), scope)  # generated from field names only
    return scope["build_rows"]


_build_rows = _rows_builder()
# (`_Reader` unpacks each block's values by name and builds it in its class's field order: the key table's)
for _spec_of, _cls in ((_FUNDS, Funds), (_GOAL, Goal), (_PART, FundsPart)):
    assert list(dict.fromkeys(field for _, field, _ in _spec_of)) == [a.name for a in attrs.fields(_cls)][2:], _spec_of
del _spec_of, _cls
_build_goal, _build_part = slot_builder(Goal), slot_builder(FundsPart)
_read_sheet = _block_reader(_SHEET, ("funds", "goal", "rows", "total"))
_read_funds = _block_reader(_FUNDS, ("parts",), {"unit": "万元"}, terms=True)
_read_part = _block_reader(_PART)
_read_goal = _block_reader(_GOAL)
