"""Exact intervals agree with sympy's sets, which the tests use as the oracle."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval.intervals import NONNEGATIVE, Interval, compare, compare_sympy
from perfeval.operators import Operator

QUANTITATIVE = [op for op in Operator if op.quantitative]
NUMBERS = st.fractions(min_value=0, max_value=1000, max_denominator=100)


@st.composite
def intervals(draw) -> Interval:
    if draw(st.booleans()):
        return Interval.of(draw(st.sampled_from(QUANTITATIVE)), draw(NUMBERS)).intersection(NONNEGATIVE)
    low = draw(NUMBERS)
    return Interval(low, low + draw(NUMBERS))


@given(intervals(), intervals(), st.booleans())
def test_compare_agrees_with_sympy(goal, indicator, upper):
    assert compare(goal, indicator, upper) == compare_sympy(goal, indicator, upper)


@given(intervals(), intervals())
def test_intersection_agrees_with_sympy(a, b):
    import sympy

    mine = a.intersection(b)
    theirs = a.to_sympy().intersect(b.to_sympy())
    assert (theirs is sympy.S.EmptySet) == mine.empty
    if not mine.empty:
        assert mine.to_sympy() == theirs


def test_the_seed_example():
    goal = Interval.of(Operator.GT, Fraction(1176))
    assert compare(goal, Interval.of(Operator.GT, Fraction(500)), upper=False) == "weaker"
    assert compare(goal, Interval.of(Operator.GE, Fraction(1176)), upper=False) is None
    assert compare(goal, Interval.of(Operator.EQ, Fraction(500)), upper=False) == "contradiction"


@pytest.mark.parametrize("op, lo, hi, lo_open, hi_open", [
    (Operator.GE, 5, None, False, False), (Operator.GT, 5, None, True, False),
    (Operator.LE, None, 5, False, False), (Operator.LT, None, 5, False, True), (Operator.EQ, 5, 5, False, False),
])
def test_of_operator(op, lo, hi, lo_open, hi_open):
    interval = Interval.of(op, Fraction(5))
    assert (interval.lo, interval.hi, interval.lo_open, interval.hi_open) == (lo, hi, lo_open, hi_open)


def test_qualitative_has_no_interval():
    with pytest.raises(ValueError):
        Interval.of(Operator.QUALITATIVE, Fraction(1))


def test_open_point_is_empty():
    assert Interval(Fraction(1), Fraction(1), lo_open=True).empty
    assert not Interval(Fraction(1), Fraction(1)).empty


DECIMALS = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


@given(st.sampled_from(QUANTITATIVE), DECIMALS, st.sampled_from(QUANTITATIVE), NUMBERS, st.booleans())
def test_decimal_and_fraction_bounds_mix_exactly(op_a, a, op_b, b, upper):
    # Units with integer factors stay Decimal; 小时 (1/24 天) makes a Fraction. Both compare exactly.
    goal = Interval.of(op_a, a).intersection(NONNEGATIVE)
    indicator = Interval.of(op_b, b).intersection(NONNEGATIVE)
    assert compare(goal, indicator, upper) == compare_sympy(goal, indicator, upper)


def test_scale_is_exact():
    from decimal import Decimal

    from perfeval.intervals import scale

    assert scale(Decimal("60"), Fraction(10000)) == Decimal("600000")
    assert isinstance(scale(Decimal("1.5"), Fraction(1)), Decimal)
    assert scale(Decimal("3"), Fraction(1, 24)) == Fraction(1, 8)
