"""Typed rule parameters: each converter turns a TOML value into the check's value or says what it expected.

A rule declares its parameters once, on the rule (`Param("total", NUMBER, 90, "…")`);
the rule-set loader, `perfeval rules list`, docs/rules.md and the checks all read
that declaration. Converters are small callables in the manner of attrs'
validators: a readable repr, and a `ParamError` carrying the Chinese "expected"
text when the value does not fit. `Converter.at_least(minimum, why)` and `.below(limit, why)` narrow one to a
range found by `perfeval rules mutate` (a tolerance below half a cent, a count of 0).
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

import attrs

from .._methods import frozen
from .._repr import shared_repr
from ..limits import checked_decimal


class ParamError(ValueError):
    """A parameter value that does not fit its declaration; `expected` completes "{code}.{name} …"."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


@frozen
class Converter:
    """A parameter type: `convert` raises ValueError on a bad value, `expected` says what fits (after 应为)."""

    name: str
    convert: Callable[[Any], Any] = attrs.field(repr=False)
    expected: str
    shape: str = "number"  # number, map (of numbers) or texts: what `perfeval rules mutate` may change
    test: Callable[[Any], bool] | None = attrs.field(default=None, repr=False)
    why: str = ""

    def __call__(self, value: Any) -> Any:
        try:
            converted = self.convert(value)
        except ValueError:
            raise ParamError(f"应为{self.expected}") from None
        if self.test is not None and not self.test(converted):
            raise ParamError(self.why)
        return converted

    @property
    def summary(self) -> str:
        """What fits, in a few words, for listings: `非负整数，应至少为 1`."""
        return self.expected + ("，" + self.why.split("：", 1)[0] if self.why else "")

    def where(self, test: Callable[[Any], bool], why: str) -> Converter:
        """This type narrowed to the values `test` accepts; `why` (starting 应…) says which and why.

        `test` should compare equal and pickle, as the rule set does (see `at_least`, `below`).
        """
        return attrs.evolve(self, name=f"{self.name}*", test=test, why=why)

    def at_least(self, minimum: Any, why: str) -> Converter:
        return self.where(_Bound(operator.le, minimum), why)

    def below(self, limit: Any, why: str) -> Converter:
        return self.where(_Bound(operator.gt, limit), why)


@frozen
class _Bound:
    """`compare(limit, value)`: a range test that compares equal and pickles (a lambda does neither)."""

    compare: Callable[[Any, Any], bool]
    limit: Any

    def __call__(self, value: Any) -> bool:
        return self.compare(self.limit, value)


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError
    if isinstance(value, int) and value.bit_length() > 128:
        raise ValueError
    try:
        return checked_decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError from None


def _nonnegative(value: Any) -> Decimal:
    number = _decimal(value)
    if number < 0:
        raise ValueError
    return number


def _ratio(value: Any) -> Decimal:
    number = _decimal(value)
    if not 0 <= number <= 1:
        raise ValueError
    return number


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError
    return value


def _text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError
    return tuple(value)


def _regex_list(value: Any) -> tuple[str, ...]:
    items = _text_list(value)
    for item in items:
        try:
            re.compile(item)
        except re.error:
            raise ValueError from None
    return items


def _number_map(value: Any) -> dict[str, Decimal]:
    if not isinstance(value, dict) or not value:
        raise ValueError
    return {str(key): _nonnegative(number) for key, number in value.items()}


NUMBER = Converter("number", _nonnegative, "非负数（如 90 或 \"0.01\"）")
RATIO = Converter("ratio", _ratio, "0 到 1 之间的数（如 0.6）")
COUNT = Converter("count", _count, "非负整数")
TEXTS = Converter("texts", _text_list, "字符串数组（如 [\"产出指标\", \"效益指标\"]）", "texts")
PATTERNS = Converter("patterns", _regex_list, "正则表达式字符串数组", "texts")
NUMBER_MAP = Converter("number_map", _number_map, "名称到非负数的表（如 { \"产出指标\" = 50 }）", "map")


@frozen
class _TextsFrom:
    choices: tuple[str, ...]

    def __call__(self, value: Any) -> tuple[str, ...]:
        items = _text_list(value)
        if any(item not in self.choices for item in items):
            raise ValueError
        return items


def texts_from(choices: tuple[str, ...]) -> Converter:
    """A string array whose every item is one of `choices` (the names of the form's fields)."""
    return Converter("texts_from", _TextsFrom(tuple(choices)), f"{TEXTS.expected}，元素取自：{'、'.join(choices)}", "texts")


#: Limits found by `perfeval rules mutate`: values a type admits that no rule set should use.
HALF_CENT = NUMBER.at_least(
    Decimal("0.005"),
    "应不小于 0.005（万元）：金额以万元保留两位小数印出，每个数字最多差半分，更小的容差会把舍入误差报成不符")
AT_LEAST_ONE = COUNT.at_least(1, "应至少为 1：0 等于不检查，不需要时删去这条规则或写 enabled = false")


@frozen
class Param:
    """A parameter a rule file may set on one rule: its name, type, default and meaning."""

    name: str
    type: Converter
    default: Any
    doc: str

    def convert(self, value: Any) -> Any:
        """The value a check sees; ParamError (with `.expected`) when it does not fit."""
        return self.type(value)

    @property
    def expected(self) -> str:
        return self.type.expected


_CLASSES: dict[str, type] = {}


def values_class(code: str, params: tuple[Param, ...]) -> type:
    """The frozen class with one attribute per parameter of rule `code`: what `RULE.params_in(ctx)` returns."""
    cls = _CLASSES.get(code)
    if cls is None:
        # (repr=False: the shared repr writes what attrs' would, without a method compiled per class at start-up)
        cls = shared_repr(attrs.make_class(f"Params[{code}]", {p.name: attrs.field() for p in params}, frozen=True,
                                           slots=True, unsafe_hash=False, eq=True, repr=False))
        cls.__reduce__ = lambda self: (_rebuild, (code, attrs.asdict(self, recurse=False)))  # no import path
        _CLASSES[code] = cls
    return cls


def _rebuild(code: str, values: dict[str, Any]) -> Any:
    from .catalogue import load_all

    return load_all()[code].values(values)
