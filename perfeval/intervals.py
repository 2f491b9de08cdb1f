"""Exact real intervals, for comparing what a goal text promises with what an indicator asks.

`Interval` does the comparisons validation needs (intersection, bounds) with exact
numbers (Decimal, or Fraction where a unit factor such as 1/24 needs it), because
building sympy sets per indicator costs far more than the rest of a validation run. `Interval.to_sympy()` gives the same set as a sympy Interval,
used by the tests as the oracle and by the benchmark to measure the difference.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple, Union

from .operators import Operator


Exact = Union[Decimal, Fraction]


def scale(value: Decimal, factor: Fraction) -> Exact:
    """`value × factor` exactly, staying in Decimal (fast) unless the factor is not an integer."""
    numerator, denominator = factor.numerator, factor.denominator
    if denominator == 1:
        return value if numerator == 1 else value * numerator
    return Fraction(value) * factor


class Interval(NamedTuple):
    """The set of numbers between `lo` and `hi` (None for an infinite end).

    A named tuple rather than an attrs class: the goal check builds a few per claim,
    and a tuple is about a third cheaper to construct.
    """

    lo: Exact | None
    hi: Exact | None
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def of(cls, operator: Operator, value: Exact) -> "Interval":
        """The values that satisfy `x <operator> value`."""
        if operator is Operator.GE:
            return cls(value, None)
        if operator is Operator.GT:
            return cls(value, None, lo_open=True)
        if operator is Operator.LE:
            return cls(None, value)
        if operator is Operator.LT:
            return cls(None, value, hi_open=True)
        if operator is Operator.EQ:
            return cls(value, value)
        raise ValueError("定性 indicators have no interval")

    @property
    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def intersection(self, other: "Interval") -> "Interval":
        lo, lo_open = _tighter(self.lo, self.lo_open, other.lo, other.lo_open, max)
        hi, hi_open = _tighter(self.hi, self.hi_open, other.hi, other.hi_open, min)
        return Interval(lo, hi, lo_open, hi_open)

    def disjoint(self, other: "Interval") -> bool:
        return self.intersection(other).empty

    def to_sympy(self):
        """The same set as a sympy Interval (sympy is imported only here)."""
        import sympy

        def rational(x: Exact):
            exact = Fraction(x)
            return sympy.Rational(exact.numerator, exact.denominator)

        lo = sympy.S.NegativeInfinity if self.lo is None else rational(self.lo)
        hi = sympy.S.Infinity if self.hi is None else rational(self.hi)
        return sympy.Interval(lo, hi, self.lo_open or self.lo is None, self.hi_open or self.hi is None)


NONNEGATIVE = Interval(Decimal(0), None)


def _tighter(a, a_open, b, b_open, pick):
    if a is None:
        return b, b_open
    if b is None:
        return a, a_open
    if a == b:
        return a, a_open or b_open
    chosen = pick(a, b)
    return chosen, (a_open if chosen == a else b_open)


def _lower(interval: Interval) -> Exact:
    return interval.lo if interval.lo is not None else Decimal(0)


def compare(goal: Interval, indicator: Interval, upper: bool) -> str | None:
    """How an indicator's set relates to a goal's: "contradiction", "weaker" or None (consistent).

    Weaker means the indicator is met by an outcome that falls short of the goal:
    a lower bound below the goal's (or, for a goal that caps, an upper bound above
    it). Bounds that differ only by being open or closed are consistent.
    """
    if goal.disjoint(indicator):
        return "contradiction"
    if upper:
        if goal.hi is not None and (indicator.hi is None or indicator.hi > goal.hi):
            return "weaker"
    elif _lower(indicator) < _lower(goal):
        return "weaker"
    return None


def compare_sympy(goal: Interval, indicator: Interval, upper: bool) -> str | None:
    """`compare` computed with sympy sets; the tests hold the two to the same answers."""
    import sympy

    g, i = goal.to_sympy(), indicator.to_sympy()
    if g.intersect(i) is sympy.S.EmptySet:
        return "contradiction"
    if upper:
        if g.sup.is_finite and i.sup > g.sup:
            return "weaker"
    elif sympy.Max(i.inf, 0) < sympy.Max(g.inf, 0):
        return "weaker"
    return None
