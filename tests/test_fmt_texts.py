"""fmt's texts of many values at once (exact_texts, exact_display_texts: C loops over a list) are exact's and
exact_display's of each value, whatever the values: zeros, signs, exponents, NaN, too long to round, None."""

from __future__ import annotations

from decimal import Decimal, localcontext

from hypothesis import example, given, settings, strategies as st

from perfeval.fmt import exact, exact_display, exact_display_texts, exact_texts

_D = Decimal
_USUAL = (st.decimals(0, 10 ** 6, places=4)
          | st.integers(0, 10 ** 6).map(lambda n: _D(n) / _D(7)) | st.integers(0, 10 ** 8).map(lambda n: _D(n) / 100))
_ODD = (st.decimals(allow_nan=True, allow_infinity=True) | st.none()
        | st.sampled_from([_D("-0"), _D("0"), _D("0E-5"), _D("-1e-25"), _D("1e-25"), _D("0.005"), _D("2.665"),
                           _D("1E+30"), _D("1.6E+2"), _D("9" * 30 + ".995"), _D("99.99999999999999999999500"),
                           _D("101185238447016525371036177.719490"), _D("-7.4999999999999999999995"), 5, 1.5]))
# mostly usual lists (the C loops' case), some with an odd value anywhere in them (the value-by-value case)
_VALUES = st.lists(_USUAL, max_size=6) | st.lists(_USUAL | _ODD, max_size=6)


@settings(max_examples=500, deadline=None)
@given(_VALUES, st.integers(0, 6), st.sampled_from(["ROUND_HALF_UP", "ROUND_HALF_EVEN"]), st.sampled_from([28, 50]))
@example([_D("101185238447016525371036177.719490")], 2, "ROUND_HALF_UP", 28)  # too long for the context to round
@example([_D("0.125"), _D("2.675"), _D("168")], 2, "ROUND_HALF_UP", 28)  # the display of the exact text rounds up
@example([_D("0.125"), _D("0.135")], 2, "ROUND_HALF_EVEN", 28)
def test_the_texts_of_many_values_are_each_values_texts(values, places, rounding, precision):
    with localcontext() as ctx:
        ctx.prec = precision
        try:
            expected = [None if v is None else exact(v) for v in values]
        except Exception as exc:  # exact refuses it (a float): so do the texts
            try:
                exact_texts(values)
            except type(exc):
                return
            raise AssertionError("exact_texts took what exact refuses")
        assert exact_texts(values) == expected
        pairs = [(None, None) if v is None else exact_display(v, places, rounding) for v in values]
        assert exact_display_texts(values, places, rounding) == ([p[0] for p in pairs], [p[1] for p in pairs])


def test_usual_values_take_the_c_loops():
    """A block of plain values is written without exact's call per value (and still as exact writes each)."""
    import perfeval.fmt as fmt

    values = [_D("168"), _D("160.02"), _D(1) / _D(3), _D("0.9525")]
    calls = []
    kept = fmt.exact, fmt.exact_display
    fmt.exact = lambda v: calls.append(v) or kept[0](v)
    fmt.exact_display = lambda *a: calls.append(a) or kept[1](*a)
    try:
        texts = fmt.exact_texts(values)
        shown = fmt.exact_display_texts(values, 2, "ROUND_HALF_UP")
    finally:
        fmt.exact, fmt.exact_display = kept
    assert calls == []
    assert texts == ["168", "160.02", "0.33333333333333333333", "0.9525"] == shown[0]
    assert shown[1] == ["168.00", "160.02", "0.33", "0.95"]
