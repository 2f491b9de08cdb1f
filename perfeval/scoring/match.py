"""Pairing each actual with the one indicator it reports on, or saying exactly why not.

Actuals are keyed by project code and 三级指标 name; a name printed twice in one table
(附件 12-2 has 保障社会稳定 under 质量指标 and under 社会效益指标) needs the 二级指标 too.
Anything that cannot be paired for certain is a problem, never a guess.
"""

from __future__ import annotations

import difflib

import attrs

from ..actuals import Actual, Actuals, ProjectFunds
from ..errors import Problem, problem_at
from ..model import Indicator, Location, TargetTable
from ..operators import Operator


@attrs.frozen
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
    for table in tables:
        earlier = by_code.setdefault(table.project_code, table)
        if earlier is not table:
            problems.append(_problem(table.location, f"项目编码 {table.project_code} 在 {earlier.label}（{earlier.location}）"
                                                     f"和 {table.label} 中重复，无法确定实际完成值属于哪一张表", table.project_code))
    slots: dict[str, list[Actual | None]] = {t.project_code: [None] * len(t.indicators) for t in tables}
    names: dict[str, dict[str, list[int]]] = {}
    for table in tables:
        index: dict[str, list[int]] = {}
        for i, indicator in enumerate(table.indicators):
            index.setdefault(indicator.name, []).append(i)
        names[table.project_code] = index

    for actual in actuals.actuals:
        code = actual.project_code
        index = names.get(code)
        if index is None:
            code = _resolve_code(code, by_code)
            if code is None:
                problems.append(_problem(actual.location, _unknown_project(actual.project_code, by_code), actual.project_code))
                continue
            index = names[code]
        table = by_code[code]
        positions = index.get(actual.indicator)
        if positions is None:
            hint = difflib.get_close_matches(actual.indicator, list(index), n=1, cutoff=0.5)
            suggestion = f"（是否为“{hint[0]}”？）" if hint else ""
            problems.append(_problem(actual.location,
                                     f"项目 {code}（{table.label}）没有这个三级指标{suggestion}", actual.indicator))
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
        row = slots[code]
        earlier = row[i]
        if earlier is not None:
            problems.append(_problem(actual.location,
                                     f"同一指标（{table.label} {table.indicators[i].path}）的实际完成值重复给出，"
                                     f"前一次在 {earlier.location}", actual.indicator))
            continue
        wrong = _check_kind(table, table.indicators[i], actual)
        if wrong:
            problems.extend(wrong)
        row[i] = actual

    funds: dict[str, ProjectFunds] = {}
    for entry in actuals.funds:
        code = _resolve_code(entry.project_code, by_code)
        if code is None:
            problems.append(_problem(entry.location, _unknown_project(entry.project_code, by_code), entry.project_code))
        elif code in funds:
            problems.append(_problem(entry.location, f"项目 {code} 的预算数、执行数重复给出，前一次在 {funds[code].location}",
                                     entry.project_code))
        else:
            funds[code] = entry
    return Matched(slots, funds, tuple(problems))


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


_NONE: list[Problem] = []


def _resolve_code(given: str, by_code: dict[str, TargetTable]) -> str | None:
    if given in by_code:
        return given
    prefix = given.split("-", 1)[0].strip()
    return prefix if prefix in by_code else None


def _unknown_project(given: str, by_code: dict[str, TargetTable]) -> str:
    hint = difflib.get_close_matches(given, list(by_code), n=1, cutoff=0.8)
    suggestion = f"（是否为 {hint[0]}？）" if hint else ""
    return f"目标表中没有这个项目编码{suggestion}"
