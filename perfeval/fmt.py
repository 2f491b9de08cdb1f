"""How perfeval writes a number: one formatter per purpose.

- `exact`: for JSON, the score sheet and the round trips: every digit of a value that
  terminates within 20 places, else rounded there (half-even); no trailing zeros, never `-0`.
- `display`: for people reading a score: fixed places in the rule set's rounding mode (`97.45`).
- `evidence`: a number quoted in a finding or a message, as a reader writes it (`80`, `0.01`,
  `1176`): no exponent, no trailing zeros, at most `places` decimals (half-up) when given; a
  Fraction that does not terminate is shown to 6 places, marked `≈`.
- `percent`: a rate quoted in a message (`0.925` → `92.5%`).
- `plain`: a number as written, no exponent (`format(value, "f")`, faster): a target or an actual as given.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from itertools import repeat
from typing import Any

from .limits import quantize

EXACT_PLACES = 20
_EXACT_QUANTUM = Decimal(1).scaleb(-EXACT_PLACES)
_ROUNDINGS = {"ROUND_HALF_UP": ROUND_HALF_UP, "ROUND_HALF_EVEN": ROUND_HALF_EVEN}


def exact(value: Decimal) -> str:
    """The decimal string of a value: exact when it terminates within 20 places, else rounded there."""
    text = str(value)  # plain digits unless it needs an exponent: a value read from a file has a few places
    if "E" not in text and type(value) is Decimal:
        point = text.find(".")
        if point < 0:
            return "0" if text == "-0" else text
        if len(text) - point <= EXACT_PLACES + 1:
            text = text.rstrip("0").rstrip(".")
            return "0" if text in ("-0", "") else text
    # Rounding to 20 places first and trimming the zeros gives the same text as trimming a value of
    # at most 20 places (quantize pads it exactly) at half the cost; a value the context cannot hold
    # with 20 places (InvalidOperation, or NaN when not trapped) takes the long way.
    try:
        rounded = value.quantize(_EXACT_QUANTUM, rounding=ROUND_HALF_EVEN)
    except InvalidOperation:
        return _exact_slow(value)
    if rounded.is_nan():
        return _exact_slow(value)
    text = plain(rounded).rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def exact_display(value: Decimal, places: int, rounding: str) -> tuple[str, str]:
    """(exact(value), display(Decimal(exact(value)), places, rounding)): a score sheet's exact text and, beside
    it, that text rounded for people, with the value rounded to 20 places once (not written and read back).
    tests/test_scoring_lean.py holds it equal to the two calls."""
    text = str(value)
    if "E" not in text and type(value) is Decimal:
        point = text.find(".")
        if point < 0 or len(text) - point <= EXACT_PLACES + 1:
            if point >= 0:
                trimmed = text.rstrip("0").rstrip(".")
                if len(trimmed) != len(text) and trimmed not in ("-0", ""):
                    # a value too long for the context to round shows its text as it is: the exact text's,
                    # without the zeros it was written with (1…7.194900 at precision 28 shows 1…7.1949)
                    return trimmed, display(Decimal(trimmed), places, rounding)
                text = trimmed
            # the exact text of a zero is "0", never "-0": its display is a positive zero's too
            return ("0" if text in ("-0", "") else text), display(value if value else _ZERO, places, rounding)
        try:
            rounded = value.quantize(_EXACT_QUANTUM, rounding=ROUND_HALF_EVEN)
        except InvalidOperation:
            rounded = None
        if rounded is not None and not rounded.is_nan():
            text = plain(rounded).rstrip("0").rstrip(".")
            return ("0" if text in ("-0", "") else text), display(rounded if rounded else _ZERO, places, rounding)
    text = exact(value)
    return text, display(Decimal(text), places, rounding)


_ZERO = Decimal(0)


def exact_texts(values: list) -> list:
    """[exact(v) for v in values] (None for None): plain nonnegative Decimals rounded to 20 places and trimmed
    in C loops (exact's own steps: quantize, str, strip the zeros and the point); a list holding anything else,
    or a text exact writes otherwise (an exponent: a zero or a tiny value; NaN; a sign), value by value.
    tests/test_fmt_texts.py holds the two equal."""
    rounded = _rounded(values)
    if rounded is None:
        return [None if value is None else exact(value) for value in values]
    return list(map(str.rstrip, map(str.rstrip, rounded[1], repeat("0")), repeat(".")))


def exact_display_texts(values: list, places: int, rounding: str) -> tuple[list, list]:
    """([exact(v) ...], [display(Decimal(exact(v)), places, rounding) ...]) (None for None): exact_display of
    each value, in C loops where exact_texts takes them (the display rounds the value rounded to 20 places:
    the exact text's value); otherwise value by value. tests/test_fmt_texts.py holds the two equal."""
    rounded = _rounded(values)
    if rounded is not None:
        quantum = _QUANTA.get(places)
        if quantum is None:
            quantum = _QUANTA[places] = Decimal(1).scaleb(-places)
        try:
            shown = list(map(str, map(Decimal.quantize, rounded[0], repeat(quantum), repeat(_ROUNDINGS[rounding]))))
        except InvalidOperation:
            shown = None
        if shown is not None and "E" not in "".join(shown):
            return list(map(str.rstrip, map(str.rstrip, rounded[1], repeat("0")), repeat("."))), shown
    pairs = [(None, None) if value is None else exact_display(value, places, rounding) for value in values]
    return [pair[0] for pair in pairs], [pair[1] for pair in pairs]


def _rounded(values: list) -> tuple[list[Decimal], list[str]] | None:
    """Plain Decimals rounded to 20 places (half-even) and their texts, each with its point and 20 places; None
    when a value is not a Decimal, or a text would not be so (an exponent, NaN, Infinity, a sign)."""
    if not values or {*map(type, values)} != _DECIMAL:
        return None
    try:
        rounded = list(map(Decimal.quantize, values, repeat(_EXACT_QUANTUM), repeat(ROUND_HALF_EVEN)))
    except InvalidOperation:  # too long for the context to round (or NaN, when that is trapped)
        return None
    texts = list(map(str, rounded))
    joined = "".join(texts)
    if "E" in joined or "N" in joined or "I" in joined or "-" in joined:
        return None
    return rounded, texts


_DECIMAL = {Decimal}


def plain(value: Decimal) -> str:
    """format(value, "f"): the str of a Decimal that needs no exponent is the same text, at 40% of the cost."""
    text = str(value)
    return text if "E" not in text and type(value) is Decimal else format(value, "f")


def _exact_slow(value: Decimal) -> str:
    text = format(value, "f")
    point = text.find(".")
    if point < 0:
        return "0" if text == "-0" else text
    if len(text) - point - 1 > EXACT_PLACES:
        text = format(quantize(value, _EXACT_QUANTUM, ROUND_HALF_EVEN), "f")
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def display(value: Decimal | None, places: int = 2, rounding: str = "ROUND_HALF_UP") -> str:
    """A number rounded for people: fixed `places`, the rule set's rounding mode ("" for None)."""
    if value is None:
        return ""
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = _QUANTA[places] = Decimal(1).scaleb(-places)
    # limits.quantize's work inline for a plain Decimal that rounds (a score sheet shows 60,000 at 100,000
    # rows); anything else (a value the context cannot hold rounded, NaN, another type) through it
    if type(value) is Decimal:
        try:
            rounded = value.quantize(quantum, _ROUNDINGS[rounding])
        except InvalidOperation:
            pass
        else:
            if not rounded.is_nan():
                text = str(rounded)
                return text if "E" not in text else format(rounded, "f")
    return plain(quantize(value, quantum, _ROUNDINGS[rounding]))


_QUANTA: dict[int, Decimal] = {}


def evidence(value: Any, places: int | None = None) -> str:
    """A number as a message quotes it: `80`, `0.01`, `1176`; anything else as str()."""
    kind = type(value)
    if kind is str:  # most evidence is text: no isinstance tests (a finding renders each value)
        return value
    if kind is not Decimal:  # (most of the rest is: not asked Fraction's ABC instance check, which it never passes)
        if isinstance(value, Fraction):
            denominator = value.denominator
            for prime in (2, 5):
                while denominator % prime == 0:
                    denominator //= prime
            quotient = Decimal(value.numerator) / Decimal(value.denominator)
            if denominator != 1:
                return "≈" + evidence(quotient, 6)
            value = quotient
        elif not isinstance(value, Decimal):
            return str(value)
    if places is not None and value.as_tuple().exponent < -places:  # type: ignore[operator]
        value = quantize(value, Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def percent(rate: Decimal, places: int = 2) -> str:
    """A rate as a percentage for a message: `0.925` → `92.5%`."""
    return evidence(rate * 100, places) + "%"
