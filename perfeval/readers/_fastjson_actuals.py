"""Actuals files (JSON written with the documented keys) decoded straight into typed rows (msgspec).

The actuals half of perfeval.readers._fastjson (see there for the approach: one decoding in C, each
distinct row text read once by the standard reader's own code, None wherever the standard reading
must decide), kept apart so that validating a document never imports the actuals readers: imported
when an actuals file is read (`_fastjson.read_actuals_fast`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from ..actuals import Actuals, _project_funds_row, project_funds
from .._memo import Memo
from ..model import Location, slot_builder
from ..text import clean_cell
from ._fastjson import (_ENCODE, _INT_LIMIT, _TEXT, _TRIAL, _NotPlain, _Raw, _astuple, _checked, _colons_agree,
                        _rows_agree)
from .actuals import _NAMES, _OUTCOMES as _ALONE, INDICATOR_KEYS as ACTUAL_KEYS, PROJECT_KEYS, _Reader, _actual, _name
from .native import _float, _Refused



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
