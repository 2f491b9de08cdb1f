"""Properties of whole score sheets: totals within the maximum, order and units irrelevant.

These run the real engine on target tables and actuals drawn from
perfeval.strategies, so they catch what the formulas alone cannot: the rescaling of
weights, not-applicable rows, execution points and the grade of the total.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import strategies as st

from ..actuals import Actuals
from ..errors import PerfevalError
from ..scoring.engine import score
from ..scoring.rules import ScoringRules
from ..strategies import actuals, target_tables
from ..strategies import project_codes
from ._numbers import show
from ._result import Budget, Counterexample

_HEADERS = ("项目", "三级指标", "指标性质", "指标值", "实际完成值", "分值", "得分")


@st.composite
def _projects(drawn, rules: ScoringRules, validation, max_projects: int = 3, other_units: bool = False):
    """Up to `max_projects` tables (weights summing to the indicator points) with actuals for each."""
    count = drawn(st.integers(1, max_projects))
    codes = drawn(st.lists(project_codes(), min_size=count,
                           max_size=count, unique=True))
    tables = [drawn(target_tables(validation, weight_total=rules.indicator_points, max_indicators=8,
                                  label=f"附件 12-{i + 1}", project_code=code)) for i, code in enumerate(codes)]
    parts = [drawn(actuals(table, rules=rules, other_units=other_units)) for table in tables]
    merged = Actuals(actuals=tuple(a for p in parts for a in p.actuals), funds=tuple(f for p in parts for f in p.funds))
    return tuple(tables), merged


def _run(tables, acts, rules):
    try:
        return score(tables, acts, rules), None
    except PerfevalError as exc:
        return None, exc.render()


def _rows(sheet) -> tuple:
    rows = []
    for project in sheet.projects:
        for row in project.indicators:
            indicator = row.indicator
            target = "定性" if indicator.value is None else f"{show(indicator.value)}{indicator.unit or ''}"
            actual = row.actual.text if row.actual is not None else ""
            rows.append((project.table.label, indicator.name, indicator.operator.value, target, actual,
                         show(row.weight), show(row.score)))
        if project.execution is not None:
            e = project.execution
            rows.append((project.table.label, "预算执行率", "", "", show(e.rate), show(e.weight), show(e.score)))
        rows.append((project.table.label, "总分", "", "", "", show(sheet.rules.total_points), show(project.total)))
    return tuple(rows)


def total_bounds(rules: ScoringRules, validation, budget: Budget) -> list[Counterexample]:
    """Each project's 总分 lies in [0, indicator points + execution points] and has a grade."""
    maximum = rules.total_points

    def violates(case):
        sheet, error = _run(*case, rules)
        if error:
            return True
        return any(p.total is not None and not (0 <= p.total <= maximum) for p in sheet.projects)

    found = budget.find(_projects(rules, validation), violates, examples=max(10, budget.max_examples // 4))
    if found is None:
        return []
    sheet, error = _run(*found, rules)
    if error:
        return [Counterexample("formulas", ("问题",), ((error,),), "评分引擎无法对生成的表打分")]
    return [Counterexample("points", _HEADERS, _rows(sheet), f"总分超出 0 到满分 {show(maximum)} 的范围")]


# The engine works at 50 significant digits: a share such as 90/89 of a weight does not
# terminate, so an actual converted from another unit can land a last digit away.
# Differences below this are that rounding, not a property of the rule set. Reordering
# must give identical scores: the engine sums rows exactly.
ROUNDING = Decimal("1e-40")


def _same(first: dict, second: dict, tolerance: Decimal = ROUNDING) -> bool:
    if first.keys() != second.keys():
        return False
    for key, a in first.items():
        b = second[key]
        if a != b and (a is None or b is None or abs(a - b) > tolerance):
            return False
    return True


def _scores(sheet) -> dict:
    found = {}
    for project in sheet.projects:
        code = project.table.project_code
        found[(code, "总分")] = project.total
        for row in project.indicators:
            found[(code, row.indicator.level2, row.indicator.name)] = row.score
    return found


@st.composite
def _shuffled(draw, rules, validation):
    """(tables, actuals) twice: as drawn, and with projects and rows shuffled."""
    tables, acts = draw(_projects(rules, validation))
    shuffled = [attrs.evolve(t, indicators=draw(st.permutations(t.indicators))) for t in tables]
    return (tables, acts), (tuple(draw(st.permutations(shuffled))), acts)


@st.composite
def _converted(draw, rules, validation):
    """(tables, actuals) twice: actuals in the indicators' units, and in other units of the same base."""
    tables, converted = draw(_projects(rules, validation, max_projects=1, other_units=True))
    plain = Actuals(actuals=tuple(_in_target_unit(a, tables) for a in converted.actuals), funds=converted.funds)
    return (tables, plain), (tables, converted)


def _same_sheets(rules: ScoringRules, strategy, budget: Budget, note: str,
                 tolerance: Decimal = ROUNDING) -> list[Counterexample]:
    """The two runs of each drawn pair must give the same scores (or the same error)."""
    def violates(pair):
        (first, error), (second, error2) = (_run(*run, rules) for run in pair)
        if error or error2:
            return error != error2
        return not _same(_scores(first), _scores(second), tolerance)

    found = budget.find(strategy, violates, examples=max(10, budget.max_examples // 4))
    if found is None:
        return []
    (first, error), (second, error2) = (_run(*run, rules) for run in found)
    if first is None or second is None:
        return [Counterexample("formulas", ("问题",), ((error or error2,),), note)]
    return [Counterexample("formulas", _HEADERS, _rows(first) + _rows(second), note)]


def reordering(rules: ScoringRules, validation, budget: Budget) -> list[Counterexample]:
    """Shuffling the projects and the rows of each table changes no 得分 and no 总分."""
    return _same_sheets(rules, _shuffled(rules, validation), budget, "上半为原顺序，下半为调换顺序后的得分",
                        tolerance=Decimal(0))


def unit_change(rules: ScoringRules, validation, budget: Budget) -> list[Counterexample]:
    """An actual written in another unit of the same dimension (0.12万人 for 1200人) scores the same."""
    return _same_sheets(rules, _converted(rules, validation), budget, "上半为指标的单位，下半为换用的单位")


def _in_target_unit(actual, tables):
    """The same actual written in its indicator's own unit (exactly)."""
    if actual.value is None or actual.unit is None:
        return actual
    for table in tables:
        for indicator in table.indicators:
            if indicator.name == actual.indicator and indicator.unit is not None and indicator.unit is not actual.unit:
                value = actual.value * Decimal(actual.unit.factor.numerator) / Decimal(actual.unit.factor.denominator)
                value = value * Decimal(indicator.unit.factor.denominator) / Decimal(indicator.unit.factor.numerator)
                return attrs.evolve(actual, value=value.normalize(), unit=indicator.unit, text=f"{value}{indicator.unit}")
    return actual
