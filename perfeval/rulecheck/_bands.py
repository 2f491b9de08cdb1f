"""Grades and qualitative bands checked exactly: they must cover their range with no gap and no overlap.

Both are finite lists of intervals, so no search is needed: walk the sorted ends
and name the first share or total that falls in two bands, or in none.
"""

from __future__ import annotations

from decimal import Decimal

from ..actuals import Band
from ..scoring.rules import ScoringRules
from ._numbers import show
from ._result import Counterexample

_ORDER = (Band.NOT_ACHIEVED, Band.PARTLY, Band.ACHIEVED)


def band_problems(rules: ScoringRules) -> list[Counterexample]:
    """Qualitative bands partition [0, 1] from 未达成 up to 达成; grades partition [0, 满分]."""
    found = []
    bands = [rules.bands[b] for b in _ORDER if b in rules.bands]
    headers = ("规则", "等级", "得分比例区间", "问题")
    for lower, upper in zip(bands, bands[1:]):
        key = f"qualitative.bands.{upper.band.value}"
        if upper.low < lower.high or (upper.low == lower.high and upper.low_inclusive and lower.high_inclusive):
            point = upper.low if upper.low >= lower.low else lower.low
            found.append(Counterexample(key, headers, (
                (f"qualitative.bands.{lower.band.value}", lower.band.value, lower.interval, f"得分比例 {show(point)} 同属两档"),
                (key, upper.band.value, upper.interval, f"得分比例 {show(point)} 同属两档"),
            ), "定性档位重叠：同一得分比例可以评为两个等级"))
        elif upper.low > lower.high or not (upper.low_inclusive or lower.high_inclusive):
            gap = (lower.high + upper.low) / 2 if upper.low > lower.high else upper.low
            found.append(Counterexample(key, headers, (
                (f"qualitative.bands.{lower.band.value}", lower.band.value, lower.interval, f"得分比例 {show(gap)} 不属任何一档"),
                (key, upper.band.value, upper.interval, f"得分比例 {show(gap)} 不属任何一档"),
            ), "定性档位有缺口"))
    if bands:
        first, last = bands[0], bands[-1]
        if first.low != 0 or not first.low_inclusive:
            found.append(Counterexample(f"qualitative.bands.{first.band.value}", headers, (
                (f"qualitative.bands.{first.band.value}", first.band.value, first.interval, "不含 0"),), "最低一档应从 0 起（含 0）"))
        if last.high != 1 or not last.high_inclusive:
            found.append(Counterexample(f"qualitative.bands.{last.band.value}", headers, (
                (f"qualitative.bands.{last.band.value}", last.band.value, last.interval, "不含 1"),), "最高一档应到 1 为止（含 1）"))
    found += _grade_problems(rules)
    return found


def _grade_problems(rules: ScoringRules) -> list[Counterexample]:
    maximum = rules.total_points
    found = []
    for grade in rules.grades:
        if grade.minimum > maximum:
            found.append(Counterexample(f"grades.{grade.name}", ("规则", "等级", "最低分", "满分", "问题"), (
                (f"grades.{grade.name}", grade.name, show(grade.minimum), show(maximum), "任何总分都达不到"),),
                f"等级 {grade.name} 的最低分高于满分 {show(maximum)}"))
    if rules.grades and rules.grades[-1].minimum != Decimal(0):
        lowest = rules.grades[-1]
        found.append(Counterexample(f"grades.{lowest.name}", ("规则", "等级", "最低分", "问题"), (
            (f"grades.{lowest.name}", lowest.name, show(lowest.minimum), f"总分 0 到 {show(lowest.minimum)} 没有等级"),),
            "最低的等级应从 0 分起"))
    return found
