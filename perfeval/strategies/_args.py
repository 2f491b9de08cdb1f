"""Eager argument checks for the public strategies.

A strategy with a bad argument should fail where it is called, with a message
that says how to fix the call, not deep inside a test run with a shrunk example.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from hypothesis.errors import InvalidArgument as _HypothesisInvalidArgument


class InvalidArgument(_HypothesisInvalidArgument, ValueError):
    """A strategy was called with an argument it cannot honour; the message says how to fix the call."""

    def __init__(self, function: str, argument: str, expected: str, found: Any):
        self.function = function
        self.argument = argument
        self.expected = expected
        self.found = found
        super().__init__(f"{function}({argument}=…)：{argument} 应为{expected}；实际为 {found!r}")


def check_choice(function: str, argument: str, value: Any, choices: Iterable[Any]) -> None:
    choices = tuple(choices)
    if value not in choices:
        shown = "、".join(str(c) for c in choices)
        raise InvalidArgument(function, argument, f"以下之一：{shown}", value)


def check_count(function: str, argument: str, value: Any, minimum: int = 0) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgument(function, argument, f"不小于 {minimum} 的整数", value)


def check_range(function: str, low_name: str, low: int, high_name: str, high: int) -> None:
    if low > high:
        raise InvalidArgument(function, high_name, f"不小于 {low_name}（{low}）的整数", high)


def positive_decimal(function: str, argument: str, value: Any) -> Decimal:
    """`value` as a positive Decimal; ints and decimal strings are accepted, floats are not (they are inexact)."""
    if isinstance(value, bool) or isinstance(value, float) or not isinstance(value, (int, str, Decimal)):
        raise InvalidArgument(function, argument, "正数，写成 int、Decimal 或字符串（如 90 或 Decimal(\"90\")；不接受 float）", value)
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise InvalidArgument(function, argument, "正数（如 90）", value) from None
    if not number.is_finite() or number <= 0:
        raise InvalidArgument(function, argument, "正数（如 90）", value)
    return number


def validation_ruleset(function: str, ruleset: Any):
    """A loaded validation RuleSet from a RuleSet, a shipped name or a path."""
    from ..checks.ruleset import RuleSet, load_ruleset

    if isinstance(ruleset, RuleSet):
        return ruleset
    if isinstance(ruleset, (str, Path)):
        return load_ruleset(ruleset)
    raise InvalidArgument(function, "ruleset", "校验规则集：RuleSet、内置名称（如 \"national\"）或 .toml 路径", ruleset)


def scoring_rules(function: str, rules: Any):
    """Loaded ScoringRules from ScoringRules, a shipped name or a path; None stays None."""
    if rules is None:
        return None
    from ..scoring.rules import ScoringRules, load_scoring_rules

    if isinstance(rules, ScoringRules):
        return rules
    if isinstance(rules, (str, Path)):
        return load_scoring_rules(rules)
    raise InvalidArgument(function, "rules", "评分规则集：ScoringRules、内置名称（如 \"national\"）或 .toml 路径，或 None", rules)
