"""One formatter per purpose: exact (JSON), display (scores for people), evidence (numbers in messages)."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

from perfeval.fmt import display, evidence, exact, percent


@pytest.mark.parametrize("value, text", [
    (D("97.450"), "97.45"), (D("100"), "100"), (D("-0.000"), "0"), (D("1E+2"), "100"),
    (D(1) / D(3), "0.33333333333333333333"),  # rounded at 20 places, half-even
])
def test_exact_keeps_every_digit_up_to_twenty_places(value, text):
    assert exact(value) == text


@pytest.mark.parametrize("value, places, rounding, text", [
    (D("97.445"), 2, "ROUND_HALF_UP", "97.45"), (D("97.445"), 2, "ROUND_HALF_EVEN", "97.44"),
    (D("90"), 2, "ROUND_HALF_UP", "90.00"), (None, 2, "ROUND_HALF_UP", ""),
])
def test_display_fixes_the_places_in_the_rule_sets_rounding(value, places, rounding, text):
    assert display(value, places, rounding) == text


@pytest.mark.parametrize("value, places, text", [
    (D("80.00"), None, "80"), (D("0.0100"), None, "0.01"), (D("1176"), None, "1176"),
    (D("0.123456"), 4, "0.1235"), (D("-0.00001"), 4, "0"), (Fraction(1, 3), None, "≈0.333333"),
    (Fraction(3, 4), None, "0.75"), ("定性", None, "定性"),
    # (another type than Decimal and str: through the instance checks, as before the Decimal's shortcut)
    (Fraction(4, 2), 4, "2"), (3, None, "3"), (True, 4, "True"), (None, None, "None"),
    (type("Sub", (D,), {})("1.50"), None, "1.5"),
])
def test_evidence_writes_a_number_as_a_reader_would(value, places, text):
    assert evidence(value, places) == text


def test_percent_is_evidence_in_percent():
    assert (percent(D("0.925")), percent(D("1")), percent(D("0.123456"))) == ("92.5%", "100%", "12.35%")


from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP  # noqa: E402

from hypothesis import example, given, strategies as st  # noqa: E402

from perfeval.limits import quantize  # noqa: E402

_ROUNDING = {"ROUND_HALF_UP": ROUND_HALF_UP, "ROUND_HALF_EVEN": ROUND_HALF_EVEN}


@given(st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from([D("-0"), D("-0.004"), D("0.005"), D("1E+30"),
                                                                           D("1e-30"), D("9" * 30 + ".995")]),
       st.integers(0, 6), st.sampled_from(sorted(_ROUNDING)))
@example(D("2.665"), 2, "ROUND_HALF_UP")  # half up 2.67, half even 2.66
@example(D("0.125"), 2, "ROUND_HALF_EVEN")  # half even 0.12, half up 0.13
def test_display_rounds_as_the_bounded_quantize_and_writes_as_format_f(value, places, rounding):
    """display's inline rounding (the score table's hot path) is limits.quantize followed by format 'f'."""
    expected = format(quantize(value, D(1).scaleb(-places), _ROUNDING[rounding]), "f")
    text = display(value, places, rounding)
    assert text == expected
    # the score table takes a displayed number's length as its width: ASCII, printable, nothing to strip
    assert text.isascii() and text.isprintable() and text == text.strip() and text not in ("True", "False")
