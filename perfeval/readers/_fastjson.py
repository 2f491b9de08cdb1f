"""perfeval's JSON documents decoded straight into typed rows (msgspec), for province-sized files.

The JSON is decoded once, in C, into small structs whose field names are the format's own
keys (perfeval.native's key tables), with numbers given to the same `_float` hook the
standard-library path uses, so every value is the one `json.loads` would have given. A table's
rows are kept as their JSON text (msgspec.Raw: no strings made for them) and each distinct text
is decoded and read once: a province repeats whole rows, and a row means what its text says.
Targets: the common rows (names, a 指标 text, a weight) go through `_Decoder.plain_indicator`,
the same code the YAML and standard JSON paths use, anything else through `_Decoder`'s full
reading, and a row text met again in the file is the same Indicator. Actuals: each row through
`_Reader.indicator_of`, the standard reader's own code, and a row text met again gives the same
fields under its project's code.

This path only ever says yes or "not sure": whatever it cannot vouch for (a value of
an unexpected type, an unknown key, a number past perfeval's range, a key written twice, a
problem to report) returns None, and the caller reads the file the standard way, which
gives the same model or the same error with its line. Imported only when JSON is read; the actuals'
reading lives in perfeval.readers._fastjson_actuals, imported only when an actuals file is read
(validating a document imports no actuals reader).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from .._memo import Memo
from ..errors import InputError
from ..model import Document, TargetTable, target_table_row
from ..native import (
    BUDGET_KEYS,
    DEPARTMENT_KEYS,
    DOC_KEYS,
    INDICATOR_KEYS,
    TARGET_KEYS,
    _Decoder,
    _no_lines,
)
from .native import _float, _Refused


class _NotPlain(Exception):
    """Raised inside the fast decoder: read the file the standard way instead."""


def _struct(name: str, keys: dict[str, str | None], types: dict[str, Any]) -> type:
    """A struct with one field per key of a perfeval.native key table, each None when absent.

    Unknown keys are refused (the standard reader names them); None fields are left out
    when encoding, which `_members_agree` relies on.
    """
    fields = [(field, types.get(field, Any), None) for field in keys.values() if field is not None]
    rename = {field: key for key, field in keys.items() if field is not None}
    return msgspec.defstruct(name, fields, rename=rename, forbid_unknown_fields=True, omit_defaults=True, gc=False)


_TEXT = str | None
# The fields `_Decoder.plain_indicator` takes first, in its order, then the rest (all None in the common row).
_PLAIN_ROW = ("三级指标", "指标", "权重", "一级指标", "二级指标", "核心指标")
_Row = _struct("_Row", {**{key: INDICATOR_KEYS[key] for key in _PLAIN_ROW}, **INDICATOR_KEYS},
               {"level1": _TEXT, "level2": _TEXT, "name": _TEXT, "target": _TEXT})
_NO_EXTRAS = (None,) * (len(INDICATOR_KEYS) - len(_PLAIN_ROW))
# The common row alone (`_Row`'s first fields, nothing else allowed): rows that do not repeat are decoded into it
# first, and into `_Row` when it refuses them (until it has refused `_MISSES` rows of the file).
_PlainRow = _struct("_PlainRow", {key: INDICATOR_KEYS[key] for key in _PLAIN_ROW}, {"level1": _TEXT, "level2": _TEXT,
                                                                                   "name": _TEXT, "target": _TEXT})
_PLAIN_FIELDS = len(_PLAIN_ROW)
_MISSES = 64
# A table's rows are kept as their JSON text (msgspec.Raw, no strings made) and decoded into `_Row` once per
# distinct text: a province repeats whole rows, and a row's meaning is a function of its text.
_Raw = msgspec.Raw
_Table = _struct("_Table", TARGET_KEYS, {
    **{field: _TEXT for field in TARGET_KEYS.values() if field not in ("funds", "indicators", "funds_rows", "profile")},
    "indicators": list[_Raw] | None})
_Department = _struct("_Department", DEPARTMENT_KEYS, {"indicators": list[_Raw] | None})
_Budget = _struct("_Budget", BUDGET_KEYS, {"label": _TEXT, "title": _TEXT, "unit": _TEXT, "columns": list[str] | None,
                                           "text_columns": list[str] | None, "rows": list[list[Any]] | None,
                                           "notes": list[str] | None})
_DOC_KEYS = {key: field or "mark" for key, field in DOC_KEYS.items()}
_Doc = _struct("_Doc", _DOC_KEYS, {"mark": _TEXT, "unit_name": _TEXT, "title": _TEXT,
                                   "narrative": list[dict[str, str]] | None, "unplaced": list[dict[str, str]] | None,
                                   "budget_tables": list[_Budget] | None, "department_table": _Department | None,
                                   "target_tables": list[_Table] | None})
_DECODER = msgspec.json.Decoder(_Doc, float_hook=_float)
_ROW = msgspec.json.Decoder(_Row, float_hook=_float)
_PLAIN = msgspec.json.Decoder(_PlainRow, float_hook=_float)
_TABLE_FIELDS = len(_Table.__struct_fields__)
_ROW_FIELDS = len(_Row.__struct_fields__)
_BUDGET_FIELDS = len(_Budget.__struct_fields__)
_astuple = msgspec.structs.astuple
_ENCODE = msgspec.json.encode
_TRIAL = 8192  # distinct rows read before a row memo judges whether rows repeat enough to keep more
_INT_LIMIT = 10 ** 39  # `readers.native._int` refuses an integer written with more than 40 characters


def read_json_fast(data: bytes, path: str) -> Document | None:
    """The Document of perfeval JSON `data`, or None where the standard reader must decide."""
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    try:
        doc = _DECODER.decode(data)
    except (msgspec.MsgspecError, _Refused, ValueError, RecursionError):
        return None
    decoder = _FastDecoder(path)
    try:
        document = decoder.document(_as_dict(doc, _DOC_KEYS))
    except (_NotPlain, InputError, msgspec.MsgspecError, _Refused, ValueError, RecursionError):
        return None  # the rows are decoded as they are read: their decoding errors come here
    if not _members_agree(data, doc, decoder.members if decoder.counted else None, decoder.unchecked):
        return None
    return document


def _members_agree(data: bytes, doc, counted: int | None = None, unchecked: bool = False) -> bool:
    """Whether no object of `data` writes a key twice (the standard reader refuses that; msgspec keeps the last).

    Every member of an object is written with one `:`, and a `:` elsewhere is inside a string. Encoding
    what was decoded writes each kept member and each kept string once, so it has as many colons as
    `data` exactly when no member was dropped as a duplicate (unless a colon was written `\\u003a`: then
    this says no). Explicit nulls are dropped too (None fields are not encoded): also "no".

    `counted`, when given, is the number of members the reading counted in the project tables plus the
    colons of their rows' text (`_FastDecoder.members`; each distinct row was checked on its own as it
    was read, and its text is what encoding writes for it): the rest of the document is encoded (the
    budget tables only counted, first), and when that adds up to `data`'s colons, no member was dropped.
    Otherwise (a colon in a table's text or a cell, or a dropped member) the tables are encoded too.

    `unchecked`: some rows were read without their own check (`_FastDecoder.indicators` on rows that do not
    repeat), their members counted instead of their text's colons. Every part of `data` has at least as many
    colons as the members kept from it, so when the total agrees each part does; otherwise each row is checked
    on its own (`_rows_agree`) before the tables are encoded (which writes a row's text as it is).
    """
    tables, budgets = doc.target_tables, doc.budget_tables
    top = msgspec.structs.replace(doc, target_tables=[] if tables is not None else None,
                                  budget_tables=[] if budgets is not None else None)
    colons = _ENCODE(top).count(b":")
    if counted is not None:
        # A budget table's rows are lists (no members): its members are its fields, when no cell holds a colon.
        members = sum(_BUDGET_FIELDS - _astuple(budget).count(None) for budget in budgets or ())
        if _colons_agree(data, colons + counted + members) or _colons_agree(data, colons + counted, budgets or ()):
            return True
    if unchecked and not _rows_agree(_ROW, (table.indicators for table in tables or ())):
        return False
    return _colons_agree(data, colons, tables or (), budgets or ())


def _rows_agree(decoder, tables) -> bool:
    """Whether no row of `tables` (lists of row texts, None for none) writes a key twice: each row's own check."""
    fields = len(decoder.type.__struct_fields__)
    for rows in tables:
        for raw in rows or ():
            text = bytes(raw)
            colons = text.count(b":")
            row = decoder.decode(text)
            if fields - _astuple(row).count(None) != colons and (
                    b"\\u003" in text or _ENCODE(row).count(b":") != colons):
                return False
    return True


def _colons_agree(data: bytes, colons: int, *lists: list) -> bool:
    """Whether `data` has as many `:` as `colons` plus those of the items of `lists` encoded (a few at a time)."""
    if data.find(b"\\") >= 0 and data.find(b"\\u003") >= 0:
        return False
    for items in lists:
        for i in range(0, len(items), 2048):
            colons += _ENCODE(items[i:i + 2048]).count(b":")
    return colons == data.count(b":")


def _as_dict(struct, keys: dict[str, str | None]) -> dict[str, Any]:
    """A struct's present fields under the format's keys, as `json.loads` would have given them (one level)."""
    return {key: value for key, field in keys.items() if field is not None
            and (value := getattr(struct, field)) is not None}


def _checked(value: Any) -> Any:
    """`value` (any JSON data) when every integer in it is one the standard reader accepts, else _NotPlain."""
    kind = type(value)
    if kind is int:
        if not -_INT_LIMIT < value < 10 * _INT_LIMIT:
            raise _NotPlain
    elif kind is dict:
        for item in value.values():
            _checked(item)
    elif kind is list:
        for item in value:
            _checked(item)
    return value


class _FastDecoder(_Decoder):
    """`_Decoder` over the typed tables and their rows' text: the common shapes directly, anything else through
    its dict reading."""

    lean = False

    def __init__(self, path: str):
        super().__init__(path, _no_lines)
        # The colons of the project tables' members and of their rows' text read by the lean paths below,
        # for `_members_agree`; `counted` turns False when a table takes another path.
        self.members = 0
        self.counted = True
        # A province repeats whole rows (the same names, 指标 text, weight) across projects: within a
        # file, one row text is one Indicator (location included), read once. Where the first _TRIAL
        # distinct rows came from fewer than twice as many rows, no more are kept (`seen` rows read).
        self.rows: Memo = Memo()
        self.room = self.rows.size
        self.seen = 0
        # Once rows are known not to repeat (`lean`, a class default for tests), a project table's rows are read
        # without their text or the memo, their members counted in place of their colons (`unchecked`, for
        # `_members_agree`).
        self.unchecked = False
        self.misses = 0  # rows `_PlainRow` refused

    def indicator(self, node: Any, table: str) -> Any:
        if type(node) is not _Row:
            return super().indicator(node, table)
        if (node.operator is None and node.value is None and node.unit is None and node.printed is None
                and node.operator_assumed is None and node.tolerance is None and node.deadline is None
                and node.direction is None and node.mid_term is None and node.not_applicable is None):
            row = self.plain_indicator(node.name, node.target, node.weight, node.level1, node.level2, node.core,
                                       self.file_location)
            if row is not None:
                return row
        return super().indicator(_checked(msgspec.to_builtins(node, builtin_types=(Decimal,))), table)

    def indicators(self, node: Any, items: Any, table: str) -> list:
        """The rows of a table, each distinct row text decoded and read once (`indicator`), the others shared."""
        if type(items) is not list:
            self.counted = False
            return super().indicators(node, items, table)
        rows, room, plain, location = self.rows, self.room, self.plain_indicator, self.file_location
        self.seen += len(items)
        members = 0
        out = []
        append = out.append
        if self.lean and type(node) is _Table:
            self.unchecked = True
            decode = _ROW.decode
            common = _PLAIN.decode if self.misses < _MISSES else None
            for raw in items:
                indicator = None
                if common is not None:
                    try:  # the common row's keys only (names, a 指标 text, a weight, a core flag), as below
                        fields = _astuple(common(raw))
                    except msgspec.ValidationError:  # another key, or a value of another type: the full row
                        self.misses += 1
                    else:
                        members += _PLAIN_FIELDS - fields.count(None)
                        indicator = plain(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], location)
                        if indicator is not None:
                            append(indicator)
                            continue
                        members -= _PLAIN_FIELDS - fields.count(None)
                row = decode(raw)
                fields = _astuple(row)
                members += _ROW_FIELDS - fields.count(None)
                if fields[6:] == _NO_EXTRAS:  # as below
                    indicator = plain(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], location)
                if indicator is None:
                    indicator = self.indicator(row, table)
                    if indicator is None:
                        continue
                append(indicator)
            self.members += members
            return out
        for raw in items:
            text = bytes(raw)
            known = rows.get(text)
            if known is None:
                row = _ROW.decode(text)
                fields = _astuple(row)
                # The row's own duplicate-key check (`_members_agree`, on one row): as many colons as members kept
                # (then none was dropped and none is in a string), else as many as encoding what was kept writes,
                # unless a member was dropped (or a colon written `\u003a`).
                colons = text.count(b":")
                if _ROW_FIELDS - fields.count(None) != colons and (
                        b"\\u003" in text or _ENCODE(row).count(b":") != colons):
                    raise _NotPlain
                indicator = None
                if fields[6:] == _NO_EXTRAS:  # the common row: names, a 指标 text, a weight, a core flag
                    indicator = plain(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], location)
                if indicator is None:
                    indicator = self.indicator(row, table)
                if indicator is None:
                    members += colons
                    continue
                known = (indicator, colons)
                # Kept only while no problem was found (after one, the file is read the standard way).
                if not self.problems.items and len(rows) < room:
                    rows[text] = known
                    if len(rows) == _TRIAL and self.seen < 2 * _TRIAL:  # rows rarely repeat here: keep no more
                        room = self.room = _TRIAL
                        self.lean = True  # nor look them up, from the next table on
            append(known[0])
            members += known[1]
        self.members += members
        return out

    def target_table(self, node: Any) -> TargetTable | None:
        if type(node) is not _Table:
            self.counted = False
            return super().target_table(node)
        fields = _astuple(node)  # one call for every field (in `TARGET_KEYS`' order) and the members they count
        (label, title, code, name, department, implementer, funds, attribute, start, end, overview, basis, goal,
         mid_goal, indicators, funds_rows, profile) = fields
        if label is None or not label.strip() or not (code or name) or funds_rows is not None or profile is not None:
            self.counted = False
            return super().target_table(self._fields(node, TARGET_KEYS))
        if type(funds) is int and -1000 < funds < 1000:
            funds = self.int_decimals.get(funds) or self.int_decimals.setdefault(funds, Decimal(funds))
        elif funds is not None:
            funds = self.number(node, _checked(funds), "资金总额")
        self.members += _TABLE_FIELDS - fields.count(None)
        return target_table_row(
            label, code or "", name or "", tuple(self.indicators(node, indicators, label)), title or "",
            department or "", implementer or "", funds, attribute or "", start or "", end or "", overview or "",
            basis or "", goal or "", mid_goal or "", (), None, self.file_location)

    def department_table(self, node: Any):
        members = self.members  # its rows are counted with the rest of the document (`_members_agree`)
        try:
            if type(node) is not _Department:
                return super().department_table(node)
            return super().department_table(self._fields(node, DEPARTMENT_KEYS))
        finally:
            self.members = members

    def budget_table(self, node: Any):
        if type(node) is not _Budget:
            return super().budget_table(node)
        rows = node.rows
        if rows is not None:
            low, high = -_INT_LIMIT, 10 * _INT_LIMIT
            for row in rows:
                for cell in row:
                    kind = type(cell)
                    if kind is int:  # `_checked`'s test of an integer, without a call per amount
                        if not low < cell < high:
                            raise _NotPlain
                    elif kind is not str and cell is not None and kind is not Decimal:
                        _checked(cell)
        return super().budget_table(_as_dict(node, BUDGET_KEYS))

    def document(self, node: Any) -> Document:
        _checked(node.get("年度"))
        return super().document(node)

    @staticmethod
    def _fields(struct, keys: dict[str, str | None]) -> dict[str, Any]:
        """A table's fields as a dict for `_Decoder`, its rows kept typed (they take the indicator path above)."""
        fields = _as_dict(struct, keys)
        for key, value in fields.items():
            if key != "绩效指标":
                _checked(value)
        return fields


# -- actuals (perfeval.readers._fastjson_actuals) ---------------------------------------------------

def read_actuals_fast(data: bytes, path: str):
    """`_fastjson_actuals.read_actuals_fast`: the Actuals of a JSON file, or None where the standard reader must
    decide (imported here, when actuals are read)."""
    from ._fastjson_actuals import read_actuals_fast as read

    return read(data, path)


def __getattr__(name: str) -> Any:
    """The actuals' typed rows, decoders and memos (`_ACTUALS`, `_Project`, ...), where they live. (Not a dunder: the
    import system asks for `__path__` on every `from ._fastjson import ...`.)"""
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import _fastjson_actuals

    try:
        return getattr(_fastjson_actuals, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
