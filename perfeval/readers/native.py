"""Loading perfeval's YAML and JSON documents, keeping line numbers for error messages.

Numbers are read as Decimal (never float) so 7.26 stays 7.26. JSON is loaded with
the fast standard parser; only when it turns out to be malformed do we load it
again as YAML (JSON is a subset) to say on which line.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from ..errors import InputError, problem_at
from ..native import document_from_data
from ..model import Document

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping that remembers the line it started on and the line of each key."""

    __slots__ = ("line", "key_lines")


class LineList(list):
    __slots__ = ("line",)


class LineLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that reads floats as Decimal and records each mapping's and list's line."""


def _mapping(loader, node):
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (dict, list)):
            raise InputError(problem_at(loader.name, key_node.start_mark.line + 1, "键应为文字", "复合键"))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
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
    if key is not None:
        line = getattr(node, "key_lines", {}).get(key)
        if line is not None:
            return line
    return getattr(node, "line", None)


def load_yaml(text: str, path: str) -> Any:
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


def load_json(text: str, path: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(problem_at(path, exc.lineno, "合法的 JSON", exc.msg)) from None


def read_yaml_document(text: str, path: str) -> Document:
    data = load_yaml(text, path)
    return document_from_data(data, path, line_of)


def read_json_document(text: str, path: str) -> Document:
    data = load_json(text, path)
    try:
        return document_from_data(data, path)
    except InputError:
        # Read again with line numbers so the user learns where; only on the error path.
        return document_from_data(load_yaml(text, path), path, line_of)
