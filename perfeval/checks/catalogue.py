"""The rule catalogue: every validation rule's stable code, default severity, message and parameters.

Checks declare the rules they emit here, so the catalogue is complete by
construction: `perfeval rules list` and docs/rules.md are generated from it, and a
rule file can only name codes and parameters that exist.
"""

from __future__ import annotations

import string
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

import attrs

from ..findings import Severity
from ..limits import checked_decimal


@attrs.frozen
class Param:
    """A rule parameter a rule file may set: its kind decides how the TOML value is checked."""

    name: str
    kind: str  # a key of _CONVERTERS
    default: Any
    doc: str
    choices: tuple[str, ...] = ()

    def convert(self, value: Any) -> Any:
        """The parameter's value from TOML; ValueError says what was expected."""
        converted = _CONVERTERS[self.kind](value)
        if self.choices and any(item not in self.choices for item in converted):
            raise ValueError
        return converted

    @property
    def expected(self) -> str:
        if self.choices:
            return f"{_EXPECTED[self.kind]}，元素取自：{'、'.join(self.choices)}"
        return _EXPECTED[self.kind]


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


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError
    return value


def _text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError
    return tuple(value)


def _decimal_map(value: Any) -> dict[str, Decimal]:
    if not isinstance(value, dict) or not value:
        raise ValueError
    return {str(key): _nonnegative(number) for key, number in value.items()}


def _regex_list(value: Any) -> tuple[str, ...]:
    import re

    items = _text_list(value)
    for item in items:
        try:
            re.compile(item)
        except re.error:
            raise ValueError from None
    return items


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "decimal": _nonnegative,
    "ratio": _ratio,
    "int": _count,
    "str": _text,
    "str_list": _text_list,
    "regex_list": _regex_list,
    "decimal_map": _decimal_map,
}
_EXPECTED = {
    "decimal": "非负数（如 90 或 \"0.01\"）",
    "ratio": "0 到 1 之间的数（如 0.6）",
    "int": "非负整数",
    "str": "非空字符串",
    "str_list": "字符串数组（如 [\"产出指标\", \"效益指标\"]）",
    "regex_list": "正则表达式字符串数组",
    "decimal_map": "名称到非负数的表（如 { \"产出指标\" = 50 }）",
}


@attrs.frozen
class Rule:
    """One rule: stable dotted code, default severity, Chinese title and message template.

    `template` uses `{table}`, `{indicator}`, `{project}` and the evidence keys the
    check supplies; `doc` explains in one or two sentences why the rule exists.
    """

    code: str
    severity: Severity
    title: str
    template: str
    doc: str
    evidence: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()

    def __attrs_post_init__(self) -> None:
        fields = {name for _, name, _, _ in string.Formatter().parse(self.template) if name}
        unknown = fields - CONTEXT_FIELDS - set(self.evidence)
        if unknown:
            raise ValueError(f"{self.code}: template names undeclared evidence {sorted(unknown)}")

    @property
    def scope(self) -> str:
        return self.code.split(".", 1)[0]

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)


CONTEXT_FIELDS = frozenset({"table", "indicator", "project"})
CATALOGUE: dict[str, Rule] = {}


def rule(code: str, severity: str, title: str, template: str, doc: str,
         evidence: tuple[str, ...] = (), params: tuple[Param, ...] = ()) -> Rule:
    """Declare a rule in the catalogue; a check module calls this once per code it emits."""
    if code in CATALOGUE:
        raise ValueError(f"rule {code} declared twice")
    declared = Rule(code, Severity(severity), title, template, doc, tuple(evidence), tuple(params))
    CATALOGUE[code] = declared
    return declared


def load_all() -> dict[str, Rule]:
    """The full catalogue, after every check module has declared its rules."""
    from . import CHECKS  # noqa: F401  (importing the checks declares their rules)

    return CATALOGUE
