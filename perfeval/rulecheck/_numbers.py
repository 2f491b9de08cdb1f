"""Exact numbers for property checks, and how they are shown in counterexample tables."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from ..fmt import evidence

WEIGHTS = st.integers(1, 1000).map(lambda n: Fraction(n, 10))
TARGETS = st.one_of(st.integers(1, 1000).map(Fraction), st.integers(1, 10**6).map(lambda n: Fraction(n, 100)))
# Unit factors an actual and its target may both be multiplied by (万, 千, 百分点, 小时/天, 亩/平方米 …).
FACTORS = st.sampled_from([Fraction(10000), Fraction(1, 10000), Fraction(1000), Fraction(1, 100), Fraction(100),
                           Fraction(24), Fraction(1, 24), Fraction(2000, 3)])


def ratio(low: int, high: int) -> st.SearchStrategy[Fraction]:
    """k / 1000 for k in [low, high]: how far an actual lies from its target."""
    return st.integers(low, high).map(lambda k: Fraction(k, 1000))


def show(value) -> str:
    """A number as a reader writes it; non-terminating fractions to 6 places (marked ≈)."""
    return "" if value is None else evidence(value)
