"""Pairing each actual with the one indicator it reports on, or saying exactly why not.

Actuals are keyed by project code and 三级指标 name; a name printed twice in one table
(附件 12-2 has 保障社会稳定 under 质量指标 and under 社会效益指标) needs the 二级指标 too.
Anything that cannot be paired for certain is a problem, never a guess.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Iterable, Iterator

from .._methods import frozen
from ..actuals import Actual, Actuals, ProjectFunds
from ..errors import Problem, problem_at
from ..model import Indicator, Location, TargetTable
from ..operators import Operator
from ..suggestions import suggestion
from ..text import clean_cell


@frozen
class Matched:
    """Actuals paired with target tables: per table, the actual of each indicator position (or None)."""

    actuals: dict[str, list[Actual | None]]
    funds: dict[str, ProjectFunds]
    problems: tuple[Problem, ...]


def _problem(location: Location, expected: str, found: object = "") -> Problem:
    return problem_at(location.file, location.line, expected, found, cell=location.cell)


def match_actuals(tables: tuple[TargetTable, ...], actuals: Actuals) -> Matched:
    """Pair actuals and funds with tables; every unpairable row becomes a problem (all reported at once)."""
    problems: list[Problem] = []
    by_code: dict[str, TargetTable] = {}
    slots: dict[str, list[Actual | None]] = {}
    # per code: (name -> positions, the table, its slots). A province's tables print the same few lists of
    # names: each list is indexed once and its index shared (only read below).
    places: dict[str, tuple[dict[str, list[int]], TargetTable, list[Actual | None]]] = {}
    indexes: dict[tuple[str, ...], dict[str, list[int]]] = {}
    cleaned: dict[str, str] = {}  # each name trimmed once
    for table in tables:
        code = table.project_code
        earlier = by_code.setdefault(code, table)
        if earlier is not table:
            problems.append(_problem(table.location, f"项目编码 {code} 在 {earlier.label}（{earlier.location}）"
                                                     f"和 {table.label} 中重复，无法确定实际完成值属于哪一张表", code))
            continue  # its actuals are paired with the first table of the code (its index, slots and rows alike)
        indicators = table.indicators
        printed = tuple(map(_NAME, indicators))
        try:
            index = indexes.get(printed)
        except TypeError:  # a name that does not hash (from a reader we do not know): indexed for itself
            printed, index = None, None
        if index is None and printed is not None:
            index = _plain_index(printed)
            if index is not None and len(indexes) < _INDEXES:
                indexes[printed] = index
        if index is None:
            index = _index(printed or tuple(map(_NAME, indicators)), cleaned)
            if printed is not None and len(indexes) < _INDEXES:
                indexes[printed] = index
        row = slots[code] = [None] * len(indicators)
        places[code] = (index, table, row)

    unknown: dict[str, list[Actual | ProjectFunds]] = {}  # code -> its rows: one message per code, with a count
    last, code, place = _UNSEEN, None, None  # a project's actuals come together: its code is looked up (or resolved) once
    for actual in actuals.actuals:
        if actual.project_code is not last:
            last = code = actual.project_code
            place = places.get(code)
            if place is None:
                code = _resolve_code(code, by_code)
                place = None if code is None else places[code]
        if place is None:
            unknown.setdefault(actual.project_code, []).append(actual)
            continue
        index, table, row = place
        positions = index.get(actual.indicator)
        if positions is None:
            positions = index.get(clean_cell(actual.indicator))  # `流动宣传车 ` typed with a trailing space
        if positions is None:
            problems.append(_problem(actual.location,
                                     f"项目 {code}（{table.label}）没有这个三级指标{suggestion(actual.indicator, index)}",
                                     actual.indicator))
            continue
        level2 = actual.level2
        if level2:
            narrowed = [i for i in positions if table.indicators[i].level2 == level2]
            if not narrowed:
                printed = "、".join(str(table.indicators[i].level2) for i in positions)
                problems.append(_problem(actual.location,
                                         f"{table.label} 的三级指标“{actual.indicator}”在二级指标 {printed} 下，不在所给的二级指标下",
                                         level2))
                continue
            positions = narrowed
        if len(positions) > 1:
            printed = "、".join(f"{table.indicators[i].level2}（{table.indicators[i].location}）" for i in positions)
            problems.append(_problem(actual.location,
                                     f"{table.label} 中三级指标“{actual.indicator}”出现 {len(positions)} 次：{printed}；"
                                     "请加上 二级指标 以确定是哪一行", actual.indicator))
            continue
        i = positions[0]
        earlier = row[i]
        if earlier is not None:
            problems.append(_problem(actual.location,
                                     f"同一指标（{table.label} {table.indicators[i].path}）的实际完成值重复给出，"
                                     f"前一次在 {earlier.location}", actual.indicator))
            continue
        indicator = table.indicators[i]
        # what _check_kind passes without a word, tested here without the call: a band for a 定性 row, a number
        # with no unit or the target's own for any other (tests/test_scoring_lean.py holds the two alike)
        if not ((actual.band is not None) if indicator.operator is _QUALITATIVE
                else (actual.value is not None and (actual.unit is None or actual.unit is indicator.unit))):
            wrong = _check_kind(table, indicator, actual)
            if wrong:
                problems.extend(wrong)
        row[i] = actual

    funds: dict[str, ProjectFunds] = {}
    for entry in actuals.funds:
        code = entry.project_code
        if code in by_code and code not in funds:  # most: found as given (what `_resolve_code` tries first), and new
            funds[code] = entry
            continue
        code = _resolve_code(code, by_code)
        if code is None:
            unknown.setdefault(entry.project_code, []).append(entry)
        elif code in funds:
            problems.append(_problem(entry.location, f"项目 {code} 的预算数、执行数重复给出，前一次在 {funds[code].location}",
                                     entry.project_code))
        else:
            funds[code] = entry
    problems.extend(_unknown_projects(unknown, by_code))
    return Matched(slots, funds, tuple(problems))


class Unpaired(Exception):
    """Raised by `paired_in_order`'s pairs where `match_actuals` would report a problem: the caller pairs again
    with `match_actuals`, which words it."""


def paired_in_order(tables: tuple[TargetTable, ...], actuals: Actuals) -> Iterator[tuple] | None:
    """(table, its slots, its funds, whether their kinds are checked) for each table in turn, as `match_actuals`
    pairs them, for actuals and funds listed project by project in the tables' order (most files: written from
    the tables). A project's rows that name its table's indicators in the table's order (distinct names with
    nothing to trim, no 二级指标) are its slots as they come, their kinds left to check (`check_kinds`, or the
    engine's rows, which tell most pairs apart on the way); any other project's rows are paired by
    `match_actuals` on that table alone. `Unpaired` is raised, while pairing or at the end, where the whole
    pairing has more to say (a code repeated, rows or funds of a code not listed in the tables' order, of no
    table's code as written or given twice, a problem with a row): then `match_actuals` pairs everything, in
    its order, with its problems. None with `LEAN` off. tests/test_scoring_pairing.py holds the two alike."""
    return _pairs(tables, actuals.actuals, actuals.funds) if LEAN else None


def _pairs(tables: tuple[TargetTable, ...], given: tuple, funds: tuple) -> Iterator[tuple]:
    # Each table takes the rows and the funds entry at the front of what is left, those of its own code: when
    # every row and entry has been taken so, each code's rows are the block its table took (codes do not repeat).
    # A table finds none while rows (or entries) are left that name an earlier table, no table, or only tables past
    # the next `_SKIPPED` tables with none: they are not in the tables' order, and match_actuals pairs them now,
    # not after every table was scored without them.
    codes: set = set()
    known_codes: set | None = None  # every table's code, once a table finds no rows (or no entry) of its own
    plain: dict[tuple, bool] = {}  # a table's names -> whether they are distinct with nothing to trim (`_plain_index`)
    at = taken = 0
    without = without_funds = 0  # tables in a row that found no rows, no funds entry, while some were left
    count, entries = len(given), len(funds)
    for table in tables:
        code = table.project_code
        if code in codes:
            raise Unpaired
        codes.add(code)
        indicators = table.indicators
        size = len(indicators)
        entry = None
        if taken < entries:
            entry = funds[taken]
            if entry.project_code == code:
                taken += 1
                without_funds = 0
            else:
                if known_codes is None:
                    known_codes = set(map(_CODE, tables))
                upcoming, entry = entry.project_code, None
                without_funds += 1
                if upcoming in codes or upcoming not in known_codes or without_funds > _SKIPPED:
                    raise Unpaired
        run = given[at:at + size]
        end = at + size
        if (size and len(run) == size and run[-1].project_code == code and (end == count or given[end].project_code != code)
                and list(map(_CODE, run)).count(code) == size):
            names = tuple(map(_NAME, indicators))
            try:
                known = plain.get(names)
            except TypeError:  # a name that does not hash
                known = False
            if known is None:
                known = _plain_index(names) is not None
                if len(plain) < _INDEXES:
                    plain[names] = known
            if known and tuple(map(_INDICATOR, run)) == names and not any(map(_LEVEL2, run)):
                at, without = end, 0
                yield table, run, entry, False  # (a tuple of the actuals) each pair's kind still to check
                continue
        end = at
        while end < count and given[end].project_code == code:
            end += 1
        if end == at:  # no actuals: every slot empty (the engine lists them as missing)
            if at < count:
                if known_codes is None:
                    known_codes = set(map(_CODE, tables))
                upcoming = given[at].project_code
                without += 1
                if upcoming in codes or upcoming not in known_codes or without > _SKIPPED:
                    raise Unpaired
            yield table, [None] * size, entry, True
            continue
        # rows in another order, some missing, 二级指标 ...: paired by match_actuals, on their table alone
        matched = match_actuals((table,), Actuals(given[at:end]))
        if matched.problems:
            raise Unpaired
        at, without = end, 0
        yield table, matched.actuals[code], entry, True
    if at != count or taken != entries:  # rows or funds not taken in the tables' order
        raise Unpaired


_SKIPPED = 64  # tables in a row without rows (or funds) of their own, while some are left, before pairing stops


def check_kinds(table: TargetTable, slots: Iterable, indicators: Iterable | None = None) -> None:
    """Raise `Unpaired` where `match_actuals` would report a pair of `table`'s indicators (or `indicators` of it)
    and `slots` (None: no actual) for its kind (`_check_kind`, called where the quick test below cannot tell)."""
    for indicator, actual in zip(table.indicators if indicators is None else indicators, slots):
        if actual is not None and not ((actual.band is not None) if indicator.operator is _QUALITATIVE else (
                actual.value is not None and (actual.unit is None or actual.unit is indicator.unit))):
            if _check_kind(table, indicator, actual):
                raise Unpaired


def _index(names: tuple, cleaned: dict[str, str]) -> dict[str, list[int]]:
    """Each name (and its trimmed form, as the actuals reader trims names) -> its positions; `cleaned`
    keeps each name's trimmed form across tables."""
    index: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        index.setdefault(name, []).append(i)
        trimmed = cleaned.get(name)
        if trimmed is None:
            trimmed = cleaned[name] = clean_cell(name)
        if trimmed != name:
            index.setdefault(trimmed, []).append(i)
    return index


def _plain_index(names: tuple) -> dict[str, tuple[int]] | None:
    """`_index` of a list of distinct names that `clean_cell` leaves as they are (a province's names almost
    always: no whitespace at all, so nothing to trim or unwrap), built in C: each name -> (its position,).
    None for anything else (a repeated name, a space or any other whitespace or unprintable character, a
    name that is not text), which `_index` indexes. Every whitespace character but " " is unprintable, so
    one scan of the joined names (isprintable) and one for " " stand for trimming each name and comparing.
    tests/test_scoring_lean.py holds the two equal."""
    try:
        joined = "".join(names)
        if " " in joined or not joined.isprintable():
            return None
    except TypeError:
        return None
    index = dict(zip(names, _POSITIONS if len(names) <= len(_POSITIONS) else zip(range(len(names)))))
    return index if len(index) == len(names) else None


_POSITIONS = tuple((i,) for i in range(256))  # each position as a 1-tuple, made once


_INDEXES = 4096  # lists of names indexed and kept for the tables that print them again


def _check_kind(table: TargetTable, indicator: Indicator, actual: Actual) -> list[Problem]:
    """A band for a 定性 indicator, a number with a convertible unit for a quantitative one."""
    if actual.not_applicable:
        return _NONE
    if indicator.deadline is not None or (actual.value is None and actual.band is None and actual.text
                                          and actual.text == (indicator.printed or indicator.text_value)):
        return _NONE  # a date, a schedule or the target's own text: judged as a deadline by the engine
    if indicator.operator is Operator.QUALITATIVE:
        if actual.band is None:
            return [_problem(actual.location, f"{table.label} {indicator.path} 是定性指标，应给出 评价等级（达成 / 部分达成 / 未达成）",
                             actual.text or actual.value)]
        return _NONE
    if actual.value is None:
        return [_problem(actual.location, f"{table.label} {indicator.path} 是定量指标（{indicator.operator.value}），应给出数值的 实际完成值",
                         actual.text or (actual.band.value if actual.band else ""))]
    unit = actual.unit
    if unit is None or unit is indicator.unit:
        return _NONE
    if indicator.unit is None:
        return [_problem(actual.location, f"{table.label} {indicator.path} 未注明度量单位，实际完成值不应带单位（无法确定如何换算）",
                         unit.symbol)]
    if not unit.convertible_to(indicator.unit):
        return [_problem(actual.location, f"{table.label} {indicator.path} 的度量单位是 {indicator.unit.symbol}，实际完成值的单位无法换算",
                         unit.symbol)]
    return _NONE


check_kind = _check_kind  # the engine's pairwise path (score_paired) makes the same checks

_NONE: list[Problem] = []
_NAME = attrgetter("name")
_CODE = attrgetter("project_code")
_INDICATOR = attrgetter("indicator")
_LEVEL2 = attrgetter("level2")
#: `paired_in_order` pairs what it can vouch for (tests turn it off: every pairing by `match_actuals`).
LEAN = True
_QUALITATIVE = Operator.QUALITATIVE
_UNSEEN = object()  # no actual's code: the first actual's code is always looked up


def _resolve_code(given: str, by_code: dict[str, TargetTable]) -> str | None:
    if given in by_code:
        return given
    prefix = given.split("-", 1)[0].strip()
    return prefix if prefix in by_code else None


def _unknown_projects(unknown: dict[str, list], by_code: dict[str, TargetTable]) -> list[Problem]:
    """One problem per unknown project code (at its first row, with the count of its rows).

    A suggestion is computed once per distinct code and only for the first few: a
    last year's actuals file has a thousand unknown codes, and the user needs to be
    told that, not a thousand similar codes.
    """
    problems = []
    items = list(unknown.items())
    for given, rows in items[:_SUGGESTED]:
        count = f"（共 {len(rows)} 行）" if len(rows) > 1 else ""
        problems.append(_problem(rows[0].location, f"目标表中没有这个项目编码{suggestion(given, by_code)}{count}", given))
    rest = items[_SUGGESTED:]
    if rest:
        rows = sum(len(r) for _, r in rest)
        codes = "、".join(code for code, _ in rest[:5]) + ("……" if len(rest) > 5 else "")
        problems.append(_problem(rest[0][1][0].location,
                                 f"另有 {len(rest)} 个项目编码（共 {rows} 行）在目标表中也找不到（目标表共 {len(by_code)} 个项目）；"
                                 "请确认实际完成值文件与目标表是同一单位、同一年度", codes))
    return problems


_SUGGESTED = 20
