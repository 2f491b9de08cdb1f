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
gives the same model or the same error with its line. Imported only when JSON is read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from ..actuals import Actuals, _project_funds_row, project_funds
from .._memo import Memo
from ..errors import InputError
from ..model import Document, Location, TargetTable, slot_builder, target_table_row
from ..text import clean_cell
from ..native import (
    BUDGET_KEYS,
    DEPARTMENT_KEYS,
    DOC_KEYS,
    INDICATOR_KEYS,
    TARGET_KEYS,
    _Decoder,
    _no_lines,
)
from .actuals import _NAMES, _OUTCOMES as _ALONE, INDICATOR_KEYS as ACTUAL_KEYS, PROJECT_KEYS, _Reader, _actual, _name
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
            for row in rows:
                for cell in row:
                    if type(cell) is not str and cell is not None and type(cell) is not Decimal:
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



# -- actuals ---------------------------------------------------------------------------------------

def _first_spellings(keys: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {canonical: spellings[0] for canonical, spellings in keys.items()}


_ActualRow = msgspec.defstruct(
    "_ActualRow", [("indicator", _TEXT, None), ("level2", _TEXT, None), ("actual", Any, None), ("unit", _TEXT, None),
                   ("band", _TEXT, None), ("share", Any, None), ("not_applicable", bool | str | None, None),
                   ("reason", _TEXT, None)],
    rename=_first_spellings(ACTUAL_KEYS), forbid_unknown_fields=True, omit_defaults=True, gc=False)
_Project = msgspec.defstruct(
    "_Project", [("project", _TEXT, None), ("initial", Any, None), ("budget", Any, None), ("spent", Any, None),
                 ("indicators", list[_Raw] | None, None)],  # each distinct row text decoded once (_ROWS)
    rename=_first_spellings(PROJECT_KEYS), forbid_unknown_fields=True, omit_defaults=True, gc=False)
_Projects = msgspec.defstruct(
    "_Projects", [("projects", list[_Project] | None, None), ("chinese", list[_Project] | None, None)],
    rename={"projects": "projects", "chinese": "项目"}, forbid_unknown_fields=True, omit_defaults=True, gc=False)
_ACTUALS = msgspec.json.Decoder(_Projects | list[_Project], float_hook=_float)
_ACTUAL_ROW = msgspec.json.Decoder(_ActualRow, float_hook=_float)
_FUNDS = ("initial", "budget", "spent")
_PROJECT_FIELDS = len(_Project.__struct_fields__)
_ACTUAL_FIELDS = len(_ActualRow.__struct_fields__)
_location = slot_builder(Location)  # Location(file, line, cell, page): one per project
_ZERO = Decimal(0)  # compared with a Decimal: 2.5 times as fast as with the int 0
_WHOLES = Memo()  # a whole 全年预算数 -> its Decimal: budgets repeat across a province's projects


#: (实际完成值, 单位, 评价等级, 得分比例, 不适用) as written -> (value, unit, band, share, not_applicable, text)
#: of the Actual `_Reader.indicator_of` read from them: a province repeats these across projects. Not for a
#: 实际完成值 given alone (the common row), which `_Reader.alone` keeps by its text (`_ALONE`).
_OUTCOMES = Memo()
#: A row's JSON text -> the fields of its Actual but the project's code and place (name, value, unit, band, share,
#: not_applicable, reason, text, level2) and the text's colons: the same row text is the same actual.
_ROWS = Memo()
_ROW_TEXT = 1024  # longer row texts are not kept: the memo outlives the file, and such rows rarely repeat


def read_actuals_fast(data: bytes, path: str) -> Actuals | None:
    """The Actuals of a JSON file written with the documented keys (docs/scoring.md), or None where the
    standard reader must decide (other spellings, a problem to report, anything `read_json_fast` says no to).

    Each row is read by `_Reader.indicator_of`, the standard reader's own code, the first time its
    result fields are seen; a row repeating them with a known name and no 二级指标 or 偏差原因 is
    built from what that reading gave (`_Reader.alone` for a 实际完成值 given alone, which also reads a plain
    quantity on its first sight; `_OUTCOMES` for the rest), and a row text seen before from the fields its
    reading gave (`_ROWS`).
    """
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    try:
        top = _ACTUALS.decode(data)
    except (msgspec.MsgspecError, _Refused, ValueError, RecursionError):
        return None
    if type(top) is list:
        projects, colons = top, 0
    else:
        projects = top.projects if top.projects is not None else top.chinese
        colons = (top.projects is not None) + (top.chinese is not None)
    if projects is None:
        return None
    reader = _Reader(path)
    try:
        members = _read_projects(reader, projects)
    except (_NotPlain, msgspec.MsgspecError, _Refused, ValueError, RecursionError):
        return None  # the rows are decoded as they are read: their decoding errors come here
    if members is None or reader.problems:
        return None
    unchecked = members < 0
    if unchecked:
        members = -1 - members
    if not (_colons_agree(data, colons + members)
            or (not unchecked or _rows_agree(_ACTUAL_ROW, (project.indicators for project in projects)))
            and _colons_agree(data, colons, projects)):
        return None
    return reader.result()


def _read_projects(reader: _Reader, projects: list) -> int | None:
    """Read `projects` into `reader`; the number of members (key-value pairs) they hold (for `_colons_agree`),
    or None where a project cannot be read here; -1 - that number when rows were read without their own
    duplicate-key check (once rows are known not to repeat: see `_members_agree`'s `unchecked`)."""
    funds, file, actuals, problems = reader.funds, reader.file, reader.actuals, reader.problems
    funds_row = _project_funds_row
    append, rows, room = actuals.append, _ROWS, _ROWS.size
    outcomes, names, decode, alone_memo, alone = _OUTCOMES, _NAMES, _ACTUAL_ROW.decode, _ALONE, reader.alone
    members = seen = kept = 0  # rows read, rows kept in _ROWS by this file (see _FastDecoder.rows)
    unchecked = False
    wholes = _WHOLES
    for p, project in enumerate(projects):
        where = _location(file, None, "projects[%d]" % p, None)
        fields = _astuple(project)
        code, initial, budget, spent, indicators = fields
        if code is None or not (code := code.strip()):
            return None
        if (initial is None and spent.__class__ is Decimal and spent >= _ZERO
                and (budget.__class__ is int and 0 <= budget < _INT_LIMIT
                     or budget.__class__ is Decimal and budget >= _ZERO)):
            # The common project: 全年预算数 and 全年执行数 alone, whole or exact, not negative. What `project_funds`
            # builds from them (`_amounts`' reading; no 年初预算数: no adjustment), its row built directly.
            # Its members: 项目编码, the two amounts and 指标 when given (not `fields.count(None)`, which compares
            # the Decimal with None through the numbers ABC: 0.3 us).
            members += 3 if indicators is None else 4
            if budget.__class__ is int:
                whole = wholes.get(budget)
                budget = whole if whole is not None else wholes.keep(budget, Decimal(budget))
            funds.append(funds_row(code, budget, spent, None, where))
        elif initial is not None or budget is not None or spent is not None:
            members += _PROJECT_FIELDS - fields.count(None)
            kind = spent.__class__
            if kind is Decimal and spent >= 0 or kind is int and 0 <= spent < _INT_LIMIT:  # 全年执行数, as a rule
                amounts = _amounts(initial, budget) if initial is not None or budget is not None else None
            else:
                amounts = None
            if amounts is not None:
                funds.append(project_funds(code, *amounts, Decimal(spent), where))
            else:
                reader.project_funds(code, {name: _checked(value) for name in _FUNDS
                                            if (value := getattr(project, name)) is not None}, where)
        else:
            members += _PROJECT_FIELDS - fields.count(None)
        indicators = indicators or ()
        seen += len(indicators)
        for raw in indicators:
            if not room:  # rows do not repeat here: no text made, members counted (`_members_agree`'s `unchecked`)
                row = decode(raw)
                members += _ACTUAL_FIELDS - _astuple(row).count(None)
                unchecked = True
                text = None
            else:
                text = bytes(raw)
                known = rows.get(text)
                if known is not None:
                    name, value, unit, band, share, na, reason, shown, level2, colons = known
                    append(_actual(code, name, value, unit, band, share, na, reason, shown, level2, where))
                    members += colons
                    continue
                row = decode(text)
                # The row's own duplicate-key check, as `read_json_fast` does per row: as many colons as members
                # kept (then none was dropped and none is in a string), else as many as encoding what was kept
                # writes.
                colons = text.count(b":")
                if _ACTUAL_FIELDS - _astuple(row).count(None) != colons and (
                        b"\\u003" in text or _ENCODE(row).count(b":") != colons):
                    raise _NotPlain
                members += colons
            # A row with a known name and no 二级指标 or 偏差原因 whose result fields `_Reader.indicator_of` reads without
            # a problem is built from what it reads them as: a 实际完成值 given alone (the common row) as `_Reader.alone`
            # reads it (its memo, `_ALONE`, by the text), other fields as read before (`_OUTCOMES`, kept by `_read_row`).
            actual, share = row.actual, row.share
            if ((actual is None or actual.__class__ is str) and (share is None or share.__class__ is str)
                    and row.level2 is None and row.reason is None):
                unit, band, na = row.unit, row.band, row.not_applicable
                if actual is not None and unit is None and band is None and share is None and na is None:
                    known = alone_memo.get(actual) or alone(actual)
                    if known is not None:
                        value, unit, band, na, shown = known
                else:
                    known = outcomes.get((actual, unit, band, share, na))
                    if known is not None:
                        value, unit, band, share, na, shown = known
                if known is not None:
                    name = row.indicator  # named as `indicator_of` names it (`_name`; a str or None: `_ActualRow`)
                    if text is None:  # rows do not repeat here, nor their names: not looked up nor kept
                        name = clean_cell(name) if name is not None else ""
                    else:
                        known_name = names.get(name)
                        name = known_name if known_name is not None else _name(name)
                    if name:
                        append(_actual(code, name, value, unit, band, share, na, "", shown, None, where))
                        if text is not None and not problems.items and len(rows) < room and len(text) <= _ROW_TEXT:
                            rows[text] = (name, value, unit, band, share, na, "", shown, None, colons)
                            kept += 1
                            if kept == _TRIAL and seen < 2 * _TRIAL:  # rows rarely repeat in this file: keep no more
                                room = 0
                        continue
            fields = _read_row(reader, code, where, row)
            # Kept only when it gave one actual and no problem (after one, the file is read the standard way).
            if (text is not None and fields is not None and not problems.items and len(rows) < room
                    and len(text) <= _ROW_TEXT):
                rows[text] = fields + (colons,)
                kept += 1
                if kept == _TRIAL and seen < 2 * _TRIAL:  # rows rarely repeat in this file: keep no more of them
                    room = 0
        reader.current = ""
    return -1 - members if unchecked else members


def _read_row(reader: _Reader, code: str, where: Location, row) -> tuple | None:
    """One decoded row into `reader` by `_Reader.indicator_of`; the fields of its Actual after the code (name …
    level2, as `_ROWS` keeps them) when it gave one and no problem. Its result fields, when text, bools and None,
    are kept with what they gave (`_OUTCOMES`): values of two types that compare equal (1, True, Decimal('1.0'))
    never meet in the key."""
    actual, unit, band, share, na = row.actual, row.unit, row.band, row.share, row.not_applicable
    plain = (actual is None or actual.__class__ is str) and (share is None or share.__class__ is str)
    if not plain:
        if actual.__class__ in (dict, list) or share.__class__ in (dict, list):
            raise _NotPlain  # not a value the readers take
        if actual is not None and actual.__class__ is not str:
            _checked(actual)
        if share is not None:
            _checked(share)
    reader.current = ""
    actuals = reader.actuals
    count = len(actuals)
    reader.indicator_of(code, where, row.indicator, row.level2, actual, unit, band, share, na, row.reason)
    if len(actuals) != count + 1 or reader.problems.items:
        return None
    made = actuals[-1]
    # A 实际完成值 given alone is kept by `indicator_of` itself (`_Reader.alone`'s memo), by its text.
    if plain and len(_OUTCOMES) < _OUTCOMES.size and (actual is None or unit is not None or band is not None
                                                      or share is not None or na is not None):
        _OUTCOMES[(actual, unit, band, share, na)] = (made.value, made.unit, made.band, made.share,
                                                      made.not_applicable, made.text)
    return (made.indicator, made.value, made.unit, made.band, made.share, made.not_applicable, made.reason, made.text,
            made.level2)


def _amounts(initial: Any, budget: Any) -> tuple | None:
    """年初预算数 and 全年预算数 as `_Reader.project_funds` reads them, where each is absent or a whole or exact
    number, not negative; else None (the reader's own reading reports)."""
    kind = initial.__class__
    if not (initial is None or kind is Decimal and initial >= 0 or kind is int and 0 <= initial < _INT_LIMIT):
        return None
    kind = budget.__class__
    if not (budget is None or kind is Decimal and budget >= 0 or kind is int and 0 <= budget < _INT_LIMIT):
        return None
    return (None if initial is None else Decimal(initial)), (None if budget is None else Decimal(budget))
