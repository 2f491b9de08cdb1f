"""An indicator's target written as one string: `≥ 95 %`, `> 500 人`, `定性`, `定性 优`.

This is how people say a target and how our YAML writes it; it is also how
self-evaluation sheets print 年度指标值 (`≥90%`, `100百分比`). Parsing accepts
every operator spelling `parse_operator` knows; formatting is its exact inverse.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from ._methods import frozen
from .model import slot_builder
from .operators import SPELLINGS, Operator, parse_operator
from .text import nfkc, parse_decimal, split_number
from .units import Unit, parse_unit

_OPERATOR = "|".join(re.escape(s) for s in sorted(SPELLINGS, key=len, reverse=True))
_OPERATOR_AT_START = re.compile(_OPERATOR)  # alternation of fixed spellings: linear


# After the operator: a number of plain digits as `split_number` and `parse_decimal` read it exactly (up
# to 24 characters, nothing after it that they would take as more of the number); the rest is its unit.
_PLAIN_NUMBER = re.compile(r"\s*([0-9]{1,12}(?:\.[0-9]{1,11})?)(?![0-9.,，])")
_OPERATORS: dict[str, Operator] = {}  # parse_operator of each operator spelling met
_UNITS: dict[str, Unit] = {}  # parse_unit of each unit text met (bounded by the spellings parse_unit accepts)


@frozen
class Target:
    operator: Operator
    value: Decimal | None = None
    unit: Unit | None = None
    text_value: str | None = None


@functools.lru_cache(maxsize=1 << 16)
def parse_target(text: str, default: Operator | None = None) -> Target:
    """A Target from `≥ 95 %`-style text; ValueError says what was expected.

    Without an operator the `default` applies (for sheets that print only `95%`).
    Cached: a province's tables repeat the same few hundred target strings; the common shape
    (operator, plain number, known unit) is read in one match (`_plain_parts`), anything else by
    `_read`, which gives the same Target for that shape too (tests/test_units_operators_text.py).
    """
    plain = nfkc(text or "").strip()
    match = _OPERATOR_AT_START.match(plain)
    if match:
        parts = _plain_parts(plain, match)
        if parts is not None:
            operator, value, unit = parts
            return _target_row(operator, value, unit, None)
    return _read(text, plain, match, default)


#: Target(...) with every field positional (`model.slot_builder`): the common shape's target, once per distinct text
_target_row = slot_builder(Target)


def target_parts(text: str) -> tuple[Operator, Decimal | None, Unit | None, str | None]:
    """(operator, value, unit, text_value) of `parse_target(text)` (no default operator), ValueError as it
    raises: the common shape read by `_plain_parts` without a Target or the cache (for readers that keep
    the parts of each distinct text themselves), anything else by `parse_target`."""
    plain = nfkc(text).strip()
    match = _OPERATOR_AT_START.match(plain)
    if match:
        parts = _plain_parts(plain, match)
        if parts is not None:
            return parts[0], parts[1], parts[2], None
    target = parse_target(text)
    return target.operator, target.value, target.unit, target.text_value


def _plain_parts(plain: str, match: re.Match) -> tuple[Operator, Decimal, Unit | None] | None:
    """`≥ 95 %`: an operator (`match`, at the start of NFKC-normalised, stripped `plain`), a plain number and a
    known unit or none, read in one match; None for any other text (`_read` reads it)."""
    simple = _PLAIN_NUMBER.match(plain, match.end())
    if simple is None:
        return None
    op_text, number = match.group(0), simple.group(1)
    operator = _OPERATORS.get(op_text)
    if operator is None:
        operator = _OPERATORS[op_text] = parse_operator(op_text)
    unit_text = plain[simple.end():].strip()
    if not unit_text:
        return operator, Decimal(number), None
    unit = _UNITS.get(unit_text)
    if unit is None:
        try:
            unit = parse_unit(unit_text)
        except ValueError:
            return None  # the general reading says what is wrong, or keeps the text
        if len(_UNITS) < 4096:
            _UNITS[unit_text] = unit
    return operator, Decimal(number), unit


def _read(text: str, plain: str, match: re.Match | None, default: Operator | None) -> Target:
    """`parse_target` of every text: operator, then a number with its unit, or a text value."""
    op_text = match.group(0) if match else None
    rest = plain[match.end():].strip() if match else plain
    if op_text:
        operator = parse_operator(op_text)
    elif default is not None:
        operator = default
    else:
        raise ValueError(f"指标应以指标性质开头（≥ ≤ = > < 或 定性），如“≥ 95 %”；实际为 {text!r}")
    if not rest:
        return Target(operator)
    number = split_number(rest)
    if number:
        try:
            value = parse_decimal(number[0].replace("，", ","))
            unit_text = number[1]
            unit = parse_unit(unit_text) if unit_text else None
            return Target(operator, value, unit)
        except ValueError:
            if operator.quantitative:
                raise
    if operator.quantitative and not number:
        raise ValueError(f"定量指标（{operator.value}）的指标值应为数字加单位，如“≥ 95 %”；实际为 {text!r}")
    return Target(operator, text_value=rest)


def format_target(operator: Operator, value: Decimal | None, unit: Unit | None, text_value: str | None = None) -> str:
    """The one-string form; `parse_target(format_target(...))` gives the same parts back."""
    parts = [operator.value]
    if value is not None:
        parts.append(format(value, "f"))
        if unit is not None:
            parts.append(unit.symbol)
    elif text_value:
        parts.append(text_value)
    return " ".join(parts)


def representable(operator: Operator, value: Decimal | None, unit: Unit | None, text_value: str | None) -> bool:
    """Whether the one-string form can carry these parts without loss."""
    if value is None and unit is not None:
        return False
    if value is not None and text_value:
        return False
    if text_value is not None and operator.quantitative:
        return False
    if text_value is not None and (not text_value or split_number(text_value) or text_value != text_value.strip()):
        return False
    return True
