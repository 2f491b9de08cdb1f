"""Goal text against indicators: a table must not promise in words more than its indicators ask.

Each numeric claim of 项目当年绩效目标 and 项目概况 is matched to the indicators
of the same dimension (after unit normalisation) whose 三级指标 names share the
most words (character pairs) with the claim's subject, and the two sets are
compared exactly (see perfeval.intervals): 1176 人 promised, > 500 人 asked, is weaker.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

from ..intervals import NONNEGATIVE, Interval, compare, scale
from ..model import Document, Indicator, TargetTable
from ..operators import Operator
from .catalogue import RATIO, Param, rule
from .context import Context
from .walk import Walk, run

if TYPE_CHECKING:  # (goaltext is imported where the check runs: `perfeval audit` loads this module for its rules only)
    from ..goaltext import Claim

# 1 or more would read "约 1000 人" as anything up to 2000: a target doubled would still not promise more.
_ABOUT = RATIO.below(1, "应在 0 与 1 之间（0.1 即“约 1000 人”按 900–1100 人理解）：1 以上时目标承诺翻倍也不算多于指标值")
_EVIDENCE = ("source", "goal", "goal_operator", "goal_value", "goal_unit", "operator", "value", "unit")

WEAKER = rule(
    "goal.weaker", "error", "指标弱于绩效目标",
    "{table} {source}写明“{goal}”，但指标「{indicator}」只要求 {operator}{value}{unit}；应使指标值与目标一致",
    "目标文字承诺的数量高于指标值时，指标完成了而目标没有完成，年终自评会失真；应把指标值调到不低于目标。",
    evidence=_EVIDENCE,
    params=(Param("tolerance", _ABOUT, "0.1", "“约”“左右”的目标视为 ±该比例的区间"),),
)
CONTRADICTION = rule(
    "goal.contradiction", "error", "指标与绩效目标矛盾",
    "{table} {source}写明“{goal}”，而指标「{indicator}」为 {operator}{value}{unit}，两者不可能同时成立；应核对指标值或目标表述",
    "目标文字与指标值没有交集，至少有一处写错。",
    evidence=_EVIDENCE,
)
UNMEASURED = rule(
    "goal.unmeasured", "info", "绩效目标中的数量没有对应指标",
    "{table} 项目当年绩效目标写明“{goal}”，但没有同单位、同对象的指标衡量它；宜增设衡量它的指标",
    "目标里承诺的数量应有指标衡量，否则年终无法评价是否完成。只检查项目当年绩效目标，不检查项目概况。",
    evidence=("goal", "goal_value", "goal_unit", "subject"),
)

_GOAL, _OVERVIEW = "项目当年绩效目标", "项目概况"
_CHUNK = 4096  # tables whose texts' claims are found together


def check(document: Document, ctx: Context) -> None:
    run([walk(document, ctx)], document)


def walk(document: Document, ctx: Context) -> Walk:
    """The goal check of each project table.

    Claims come from `claims_of_texts` (or `claim_parts`) as the tuples of their fields: a Claim is
    built only where one is needed (an interval of a claim not in the indicator's unit, or approximate).
    A claim repeated within a table is checked once; a place and a message are built only for a finding.
    """
    if not (ctx.on(WEAKER.code) or ctx.on(CONTRADICTION.code) or ctx.on(UNMEASURED.code)):
        return Walk()
    from ..goaltext import claim_parts, claims_of_texts

    tolerance = Fraction(WEAKER.params_in(ctx).tolerance) if ctx.on(WEAKER.code) else Fraction(WEAKER.defaults.tolerance)
    verdict = _Intervals(tolerance).verdict
    # The claims of the tables' texts are found _CHUNK tables at a time, in one scan of their distinct texts
    # (goaltext.claims_of_texts); a table the walk meets out of the document's order reads its own.
    tables = document.target_tables
    position = 0  # the table the walk meets next, in the document's order
    chunk: dict[str, tuple] = {}

    def visit(table: TargetTable) -> None:
        nonlocal position, chunk
        if position < len(tables) and tables[position] is table:
            if not position % _CHUNK:
                texts = list(dict.fromkeys([text or "" for row in tables[position:position + _CHUNK]
                                            for text in (row.goal, row.overview)]))
                chunk = dict(zip(texts, claims_of_texts(texts)))
            position += 1
            goal_claims, overview_claims = chunk[table.goal or ""], chunk[table.overview or ""]
        else:
            goal_claims, overview_claims = claim_parts(table.goal), claim_parts(table.overview)
        if not overview_claims:
            if not goal_claims:
                return
            claims = goal_claims
        else:
            claims = goal_claims + overview_claims if goal_claims else overview_claims
        goals = len(goal_claims)
        candidates = _candidates(table.indicators)
        repeated = _repeated(claims) if len(claims) > 1 else None  # a claim repeated in the table is checked once
        index = -1
        for claim in claims:
            index += 1
            if repeated is not None and repeated[index]:
                continue
            operator, value, unit, subject, _, approximate, quote = claim
            group = candidates.get(unit.base)
            matches = _best(subject, group) if group else None
            if not matches:
                if index < goals:
                    ctx.report(UNMEASURED.code, table=table, goal=quote, goal_value=value, goal_unit=unit.symbol,
                               subject=subject)
                continue
            for indicator in matches:
                found = verdict(claim, indicator)
                if found is not None:
                    ctx.report(CONTRADICTION.code if found == "contradiction" else WEAKER.code, table=table,
                               indicator=indicator.name, location=indicator.location,
                               source=_GOAL if index < goals else _OVERVIEW, goal=quote,
                               goal_operator=operator._value_, goal_value=value, goal_unit=unit.symbol,
                               operator=indicator.operator._value_, value=indicator.value, unit=indicator.unit.symbol)

    return Walk(table=visit)


class _Intervals:
    """Exact intervals of claims and indicators, computed once per distinct (operator, value, unit factor).

    A province repeats a few hundred indicator values (95 %, 90 %) and goal values;
    converting each to base units with Fractions per claim cost more than comparing.
    Equal values give equal intervals, so sharing one changes no comparison.
    """

    def __init__(self, tolerance: Fraction):
        self.tolerance = tolerance
        self._goals: dict[tuple, Interval] = {}
        self._asked: dict[tuple, Interval] = {}
        self._verdicts: dict[tuple, str | None] = {}

    def goal(self, claim: tuple) -> Interval:
        """The interval of a claim (its fields, as `claim_parts` gives them): `Claim.interval`."""
        operator, value, unit, _, _, approximate, _ = claim
        factor = unit.factor
        key = (operator, value, factor.numerator, factor.denominator, approximate)
        interval = self._goals.get(key)
        if interval is None:
            from ..goaltext import Claim

            interval = self._goals[key] = Claim(*claim).interval(self.tolerance)
        return interval

    def verdict(self, claim: tuple, indicator: Indicator) -> str | None:
        """`compare` of the claim's (its fields) and the indicator's intervals.

        When both are in one unit and the claim is exact, scaling to base units changes no
        comparison, and the intervals' ends are the two values and 0: the verdict depends only
        on the operators and on how the two values and 0 are ordered, so it is computed once
        per such pattern (five Decimal comparisons, no Fractions, no intervals built).
        """
        operator, g, cu, _, _, approximate, _ = claim
        iu = indicator.unit
        if not approximate and (cu is iu or cu.factor == iu.factor):
            v = indicator.value
            key = (id(operator), id(indicator.operator), (g > v) - (g < v), (g > _ZERO) - (g < _ZERO),
                   (v > _ZERO) - (v < _ZERO))  # (a Decimal 0: against the int 0 a comparison costs 2.5 times as much)
            try:
                return self._verdicts[key]
            except KeyError:
                verdict = self._verdicts[key] = compare(self.goal(claim), self.asked(indicator), operator.upper_bound)
                return verdict
        return compare(self.goal(claim), self.asked(indicator), operator.upper_bound)

    def asked(self, indicator: Indicator) -> Interval:
        operator, factor = indicator.operator, indicator.unit.factor
        key = (operator, indicator.value, factor.numerator, factor.denominator)
        interval = self._asked.get(key)
        if interval is None:
            interval = Interval.of(operator, scale(indicator.value, factor))
            if operator.upper_bound:
                interval = interval.intersection(NONNEGATIVE)  # counts and amounts are never negative
            self._asked[key] = interval
        return interval


def _repeated(claims: tuple) -> list[bool] | None:
    """For each claim (of two or more), whether an earlier one repeats it: the same value, unit symbol, operator,
    approximation and subject; None when none does. Two or three claims (most tables) are compared field by
    field, the value first (where they differ, as they mostly do, nothing else is looked at); more are keyed."""
    if len(claims) <= 3:
        b = claims[1]
        a = claims[0]
        second = a[1] == b[1] and a[0] is b[0] and a[3] == b[3] and a[5] == b[5] and a[2].symbol == b[2].symbol
        if len(claims) == 2:
            return [False, True] if second else None
        c = claims[2]
        third = (a[1] == c[1] and a[0] is c[0] and a[3] == c[3] and a[5] == c[5] and a[2].symbol == c[2].symbol) \
            or (b[1] == c[1] and b[0] is c[0] and b[3] == c[3] and b[5] == c[5] and b[2].symbol == c[2].symbol)
        return [False, second, third] if second or third else None
    seen: set[tuple] = set()
    repeated = []
    for operator, value, unit, subject, _, approximate, _ in claims:
        key = (value, unit.symbol, id(operator), approximate, subject)
        repeated.append(key in seen)
        seen.add(key)
    return repeated


def _candidates(indicators) -> dict[str, list[Indicator]]:
    """Quantitative indicators with a value and unit, by base unit (in table order); a name's character
    pairs are looked up only for a claim in its unit."""
    by_base: dict[str, list[Indicator]] = {}
    for i in indicators:
        if i.value is not None and i.unit is not None and i.operator is not _QUALITATIVE:
            group = by_base.get(i.unit.base)
            if group is None:
                by_base[i.unit.base] = [i]
            else:
                group.append(i)
    return by_base


_QUALITATIVE = Operator.QUALITATIVE
_ZERO = Decimal(0)


def _best(subject: str, group: list[Indicator]) -> list[Indicator]:
    """The indicators of `group` (the candidates in a claim's unit) whose names share the most character pairs
    with the claim's `subject` (none when no name shares one). A pair is shared when the name (its spaces
    dropped) holds it."""
    pairs = _pairs(subject)
    if len(group) == 1:  # (the common case: the one indicator in the unit, if it shares a pair)
        name = "".join(group[0].name.split())
        for pair in pairs:
            if pair in name:
                return group
        return []
    best, chosen = 0, []
    for indicator in group:
        name = "".join(indicator.name.split())
        score = 0
        for pair in pairs:
            if pair in name:
                score += 1
        if score > best:
            best, chosen = score, [indicator]
        elif score == best and score:
            chosen.append(indicator)
    return chosen


def match_indicators(claim: Claim, indicators) -> list[Indicator]:
    """The quantitative indicators in the claim's dimension whose names best share its subject's words."""
    group = _candidates(indicators).get(claim.unit.base)
    return _best(claim.subject, group) if group else []


@lru_cache(maxsize=65536)
def _pairs(text: str) -> frozenset[str]:
    text = "".join(text.split())
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))
