"""The one YAML loader perfeval uses for user files: safe, exact and line-aware.

It builds only plain data (SafeLoader), reads floats as Decimal, refuses a key
written twice in one mapping (YAML would silently keep the last), and records
the line of every mapping, list and key so errors can say where.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from ..errors import InputError, problem_at

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping that remembers the line it started on and the line of each key."""

    __slots__ = ("line", "key_lines")


class LineList(list):
    __slots__ = ("line",)


class LineLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that reads floats as Decimal and records lines."""


def _mapping(loader, node):
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if isinstance(key, (dict, list)):
            raise InputError(problem_at(loader.name, line, "键应为文字", "复合键"))
        if key in result.key_lines:
            raise InputError(problem_at(loader.name, line, f"同一层中每个键只写一次（“{key}”已在第 {result.key_lines[key]} 行）",
                                        f"重复的键 {key}"))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _sequence(loader, node):
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


def _decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return value if value.is_finite() else text


LineLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _sequence)
LineLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def line_of(node: Any, key: str | None = None) -> int | None:
    """The line of `key` inside a loaded mapping, else of the mapping or list itself."""
    if key is not None:
        line = getattr(node, "key_lines", {}).get(key)
        if line is not None:
            return line
    return getattr(node, "line", None)


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML text; a syntax error names the file and line."""
    try:
        loader = LineLoader(text)
        loader.name = path
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(problem_at(path, line, "合法的 YAML", f"{exc.problem or exc}")) from None
    except yaml.YAMLError as exc:
        raise InputError(problem_at(path, None, "合法的 YAML", str(exc))) from None
