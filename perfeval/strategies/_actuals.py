"""Year-end actuals (实际完成值) for a target table, with the outcome of each row chosen.

An outcome is what the score sheet should say of the row: `met`, `unmet`,
`exceeded` (beyond the scoring rule set's over-achievement threshold) or
`not_applicable`; a 定性 row is met with 达成 and unmet with 部分达成 or 未达成, with
a share inside that band of the rule set. Values are exact multiples of the target
(in thousandths), optionally written in another unit of the same dimension.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from ..actuals import Actual, Actuals, Band, ProjectFunds
from ..model import Indicator, TargetTable
from ..operators import Operator
from ..units import Unit, known_units, parse_unit
from ._args import InvalidArgument, check_choice, scoring_rules
from ._partition import tidy

OUTCOMES = ("met", "unmet", "exceeded", "not_applicable")
_PER = 1000  # actual = target × k / 1000


def outcomes_for(indicator: Indicator, rules) -> tuple[str, ...]:
    """The outcomes an actual can have for `indicator` under scoring `rules`."""
    found = []
    if indicator.operator is Operator.QUALITATIVE:
        found += ["met", "unmet"]
    elif indicator.value is not None and indicator.value > 0:
        found += [o for o in ("met", "unmet", "exceeded") if _ratios(indicator.operator, o, rules) is not None]
    if rules.not_applicable != "forbid":
        found.append("not_applicable")
    return tuple(found)


def _threshold(rules) -> Fraction:
    return Fraction(rules.over_threshold) if rules.over_threshold is not None else Fraction(1, 2)


def _ratios(operator: Operator, outcome: str, rules) -> tuple[int, int] | None:
    """The range of k (actual = target × k / 1000) giving `outcome`, or None when it cannot happen."""
    up = math.floor(_PER * (1 + _threshold(rules)))
    down = math.ceil(_PER * (1 - _threshold(rules)))
    tolerance = Fraction(rules.equal_tolerance)
    far = up + 2 * _PER
    table = {
        (Operator.GE, "met"): (_PER, up), (Operator.GE, "unmet"): (0, _PER - 1), (Operator.GE, "exceeded"): (up + 1, far),
        (Operator.GT, "met"): (_PER + 1, up), (Operator.GT, "unmet"): (0, _PER), (Operator.GT, "exceeded"): (up + 1, far),
        (Operator.LE, "met"): (max(down, 0), _PER), (Operator.LE, "unmet"): (_PER + 1, 3 * _PER),
        (Operator.LE, "exceeded"): (0, down - 1),
        (Operator.LT, "met"): (max(down, 0), _PER - 1), (Operator.LT, "unmet"): (_PER, 3 * _PER),
        (Operator.LT, "exceeded"): (0, down - 1),
        (Operator.EQ, "met"): (_PER, _PER),
        (Operator.EQ, "unmet"): (0, math.ceil(_PER * (1 - tolerance)) - 1),
        (Operator.EQ, "exceeded"): (up + 1, far) if rules.equal_met_when == "at_least" else (1, 0),
    }
    low, high = table[(operator, outcome)]
    return (low, high) if low <= high else None


def _terminating(value: Fraction) -> bool:
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _as_decimal(value: Fraction) -> Decimal:
    return tidy(Decimal(value.numerator) / Decimal(value.denominator))


def same_dimension_units(unit: Unit) -> tuple[Unit, ...]:
    """Units an actual may be written in instead of `unit` (same base), `unit` first."""
    others = sorted({u.symbol for u in map(parse_unit, known_units()) if u.base == unit.base and u.symbol != unit.symbol})
    return (unit, *(parse_unit(s) for s in others))


def actual_for(indicator: Indicator, project_code: str, outcome: str, *, rules="national",
               other_units: bool = False) -> st.SearchStrategy[Actual]:
    """One Actual for `indicator` whose score-sheet status will be `outcome`.

    With `other_units`, the value may be written in another unit of the same base
    (`0.0012万人` for `12 人`) whenever the conversion is exact.

    >>> from perfeval.units import parse_unit
    >>> row = Indicator("职业技能培训人数", Operator.GE, Decimal(500), parse_unit("人"), Decimal(30))
    >>> actual = actual_for(row, "P1", "unmet").example()
    >>> actual.value < 500 and actual.unit.symbol
    '人'
    """
    function = "actual_for"
    loaded = scoring_rules(function, rules)
    check_choice(function, "outcome", outcome, OUTCOMES)
    if not isinstance(indicator, Indicator):
        raise InvalidArgument(function, "indicator", "perfeval.model.Indicator", indicator)
    possible = outcomes_for(indicator, loaded)
    if outcome not in possible:
        raise InvalidArgument(function, "outcome", f"指标「{indicator.name}」（{indicator.operator.value}）在规则集 "
                                                   f"{loaded.name} 下可能的结果之一：{'、'.join(possible)}", outcome)
    common = dict(project_code=project_code, indicator=indicator.name, level2=indicator.level2)
    if outcome == "not_applicable":
        return st.just(Actual(not_applicable=True, text="不适用", **common))
    if indicator.operator is Operator.QUALITATIVE:
        bands = (Band.ACHIEVED,) if outcome == "met" else (Band.PARTLY, Band.NOT_ACHIEVED)
        return st.sampled_from(bands).flatmap(lambda band: _band_actual(band, loaded, common))
    low, high = _ratios(indicator.operator, outcome, loaded)
    target = Fraction(indicator.value)
    units = same_dimension_units(indicator.unit) if other_units and indicator.unit is not None else (indicator.unit,)
    if not _terminating(target / _PER):
        raise InvalidArgument(function, "indicator", "指标值为有限小数的指标", indicator.value)
    return _quantitative_actual(indicator, target, low, high, units, common)


@st.composite
def _quantitative_actual(draw, indicator: Indicator, target: Fraction, low: int, high: int, units, common: dict) -> Actual:
    value = target * draw(st.integers(low, high)) / _PER
    unit = draw(st.sampled_from(units))
    if unit is not None and unit is not indicator.unit:
        converted = value * indicator.unit.factor / unit.factor
        if _terminating(converted):
            value = converted
        else:
            unit = indicator.unit
    number = _as_decimal(value) if _terminating(value) else _as_decimal(Fraction(math.floor(value * 100), 100))
    symbol = unit.symbol if unit is not None else ""
    return Actual(value=number, unit=unit, text=f"{number}{symbol}", **common)


def _band_actual(band: Band, rules, common: dict) -> st.SearchStrategy[Actual]:
    rule = rules.bands[band]
    low = int(rule.low * 100) + (0 if rule.low_inclusive else 1)
    high = int(rule.high * 100) - (0 if rule.high_inclusive else 1)
    shares = st.integers(low, high).map(lambda n: tidy(Decimal(n) / 100)) if low <= high else st.nothing()
    if rule.default is not None:
        shares = st.one_of(st.none(), shares) if low <= high else st.none()
    # text as every actuals reader keeps it: a band is given in its own column, not as 实际完成值
    return shares.map(lambda share: Actual(band=band, share=share, **common))


def actuals(table: TargetTable, *, outcomes: tuple[str, ...] = OUTCOMES, rules="national",
            funds: bool = True, other_units: bool = False) -> st.SearchStrategy[Actuals]:
    """Actuals for every row of `table`, each with an outcome drawn from `outcomes`, plus its funds.

    Rows for which none of `outcomes` can happen (a 定性 row asked to be `exceeded`)
    are met instead. At least one row is applicable unless only `not_applicable` was
    asked for: rule sets refuse a project with nothing to score. 全年执行数 is drawn
    between 0 and 110% of 全年预算数.

    >>> from perfeval.strategies import target_tables
    >>> table = target_tables("national").example()
    >>> drawn = actuals(table, outcomes=("met",)).example()
    >>> len(drawn.actuals) == len(table.indicators), drawn.funds[0].budget == table.funds
    (True, True)
    """
    function = "actuals"
    loaded = scoring_rules(function, rules)
    if not isinstance(table, TargetTable):
        raise InvalidArgument(function, "table", "perfeval.model.TargetTable（如 target_tables() 生成的表）", table)
    if isinstance(outcomes, str) or not outcomes:
        raise InvalidArgument(function, "outcomes", f"非空元组，元素取自 {OUTCOMES}", outcomes)
    for outcome in outcomes:
        check_choice(function, "outcomes", outcome, OUTCOMES)
    rows, applicable = [], []
    for indicator in table.indicators:
        possible = [o for o in outcomes if o in outcomes_for(indicator, loaded)] or ["met"]
        scored = [o for o in possible if o != "not_applicable"]
        rows.append(_row(indicator, table.project_code, possible, loaded, other_units))
        applicable.append(_row(indicator, table.project_code, scored, loaded, other_units) if scored else None)
    return _actuals(table, tuple(rows), tuple(applicable), funds)


def _row(indicator, code, possible, rules, other_units) -> st.SearchStrategy[Actual]:
    return st.sampled_from(possible).flatmap(
        lambda o: actual_for(indicator, code, o, rules=rules, other_units=other_units))


@st.composite
def _actuals(draw, table: TargetTable, rows: tuple, applicable: tuple, funds: bool) -> Actuals:
    candidates = [i for i, row in enumerate(applicable) if row is not None]
    keep = draw(st.sampled_from(candidates)) if candidates else None  # this row is scored
    drawn = tuple(draw(applicable[i] if i == keep else row) for i, row in enumerate(rows))
    project_funds = ()
    if funds:
        budget = table.funds if table.funds else Decimal(100)
        spent = tidy(budget * draw(st.integers(0, 1100)) / 1000)
        project_funds = (ProjectFunds(table.project_code, budget, spent),)
    return Actuals(actuals=drawn, funds=project_funds)
