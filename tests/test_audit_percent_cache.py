"""The audit's messages quote rates through `audit._percent`, `fmt.percent` kept per value: equal rates written
with other exponents (0.5, 0.50, 5E-1), signs of zero and rounding at the second decimal place must give the text
`percent` gives each of them, whichever of them was met first."""

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from perfeval.fmt import percent
from perfeval.selfeval import audit

_RATES = st.decimals(min_value=-2, max_value=2, places=6, allow_nan=False, allow_infinity=False)


@st.composite
def _rates(draw):
    """Rates and the same values written with more trailing zeros (another exponent), shuffled together."""
    rates = draw(st.lists(_RATES | st.sampled_from([Decimal("0"), Decimal("-0"), Decimal("0.00005"),
                                                    Decimal("-0.00005"), Decimal("0.899999")]), max_size=12))
    widened = [rate.quantize(Decimal(1).scaleb(rate.as_tuple().exponent - draw(st.integers(1, 3))))
               for rate in rates]
    return draw(st.permutations(rates + widened))


@settings(max_examples=200, deadline=None)
@given(_rates())
def test_a_rate_written_from_the_kept_texts_is_the_one_percent_writes(rates):
    audit._percent.cache_clear()
    assert [audit._percent(rate) for rate in rates] == [percent(rate) for rate in rates]
