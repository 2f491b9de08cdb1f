"""The one YAML loader perfeval uses for user files: safe, exact, line-aware and lean.

Data is built straight from libyaml's event stream (the C parser), without the node tree
PyYAML composes first, which held several kilobytes per indicator. Values are typed by a
schema that keeps what was written: `0500` stays the text "0500" (not octal 320), `1:30`
and `0x28` stay text (not 90 and 40), a date stays text, and only plain decimal numbers,
`true`/`false` and `null`/`~` are typed. Floats are read as Decimal. A key written twice in
one mapping is refused (YAML would silently keep the last), and so are anchors on lists and
mappings (`&a [...]`, `*a`: unbounded repetition is the "billion laughs" attack; an alias of one
value, as older perfeval wrote for shared numbers, costs nothing and is read) and tags other than
`!!str`, `!!map` and `!!seq` (`!!binary`, `!!set` …).

Each mapping and list remembers the line it starts on; `key_lines=True` also records
the line of every key. Readers load without key lines and, only when something is wrong,
load again with them so the message points at the exact key.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent)

from ..errors import InputError, problem_at

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML without libyaml: the pure-Python parser gives the same events, slower
    from yaml.loader import BaseLoader as _Parser  # type: ignore[assignment]

_TAG = "tag:yaml.org,2002:"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Whole numbers without leading zeros (a code like 0500 stays text), decimals with a point or an exponent.
# An exponent needs a point (as in YAML 1.1), so a code like 12E45 stays text; so do 100-digit numbers.
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,99})\Z")
_DECIMAL = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]{0,99})\.[0-9]{0,100}|\.[0-9]{1,100})(?:[eE][-+]?[0-9]{1,6})?\Z")
_MAP_TAGS = frozenset((None, _TAG + "map"))
_SEQ_TAGS = frozenset((None, _TAG + "seq"))
_STR_TAGS = frozenset((_TAG + "str", "!"))


class LineDict(dict):
    """A mapping that remembers the line it started on (and, when asked, the line of each key)."""

    __slots__ = ("line", "key_lines")


class LineList(list):
    __slots__ = ("line",)


_NO_KEY = object()  # a mapping waiting for its next key


class _Again(Exception):
    """A problem whose message needs the key lines the fast load did not keep."""


def line_of(node: Any, key: str | None = None) -> int | None:
    """The line of `key` inside a loaded mapping, else of the mapping or list itself."""
    if key is not None:
        line = getattr(node, "key_lines", {}).get(key)
        if line is not None:
            return line
    return getattr(node, "line", None)


def plain_scalar(text: str) -> Any:
    """The value of an unquoted scalar under perfeval's schema (see the module docstring)."""
    if text in _NULLS:
        return None
    first = text[0]
    if first in "0123456789+-.":
        if _INT.match(text):
            return int(text)
        if _DECIMAL.match(text):
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
                return text
        return text
    return _BOOLS.get(text, text)


def load_yaml(text: str, path: str, key_lines: bool = True) -> Any:
    """Parse YAML text into dicts, lists and scalars; a syntax or schema error names the file and line."""
    try:
        return _load(text, path, key_lines)
    except _Again:
        return _load(text, path, True)


def _load(text: str, path: str, key_lines: bool) -> Any:
    parser = _Parser(text)
    try:
        return _build(parser, path, key_lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(problem_at(path, line, "合法的 YAML", f"{exc.problem or exc}")) from None
    except yaml.YAMLError as exc:
        raise InputError(problem_at(path, None, "合法的 YAML", str(exc))) from None
    finally:
        parser.dispose()


def _refuse(path: str, event: Any, expected: str, found: str) -> InputError:
    return InputError(problem_at(path, event.start_mark.line + 1, expected, found))


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _build(parser: Any, path: str, key_lines: bool) -> Any:
    """One document from the event stream, built iteratively (deep nesting cannot overflow the stack)."""
    get = parser.get_event
    # Each open container: [container, is_mapping, pending key, key_lines dict].
    stack: list[list[Any]] = []
    result: Any = None
    documents = 0
    no_key = _NO_KEY
    share = {}.setdefault
    scalars: dict[str, Any] = {}  # anchored single values: an alias of one costs what the value costs
    while True:
        event = get()
        cls = type(event)
        if cls is ScalarEvent:
            tag = event.tag
            if tag is None:
                value = plain_scalar(event.value) if event.implicit[0] else event.value
            elif tag in _STR_TAGS:
                value = event.value
            else:
                raise _refuse(path, event, "不带标签的文字或数字：请去掉标签，把内容直接写出", f"标签 {_tag_name(tag)}")
            if type(value) is str and len(value) <= 32:
                value = share(value, value)  # keys and level names repeat on every row: one object each
            if event.anchor is not None:
                scalars[event.anchor] = value  # older perfeval wrote &id anchors on shared numbers
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            if event.anchor is not None:
                raise _anchor(path, event)
            mapping = cls is MappingStartEvent
            if event.tag not in (_MAP_TAGS if mapping else _SEQ_TAGS):
                raise _refuse(path, event, "不带标签的列表或键值对：请去掉标签", f"标签 {_tag_name(event.tag)}")
            if stack and stack[-1][1] and stack[-1][2] is no_key:
                raise _refuse(path, event, "键应为文字", "复合键")
            container: Any = LineDict() if mapping else LineList()
            container.line = event.start_mark.line + 1
            entry = [container, mapping, no_key, None]
            if mapping and key_lines:
                entry[3] = container.key_lines = {}
            stack.append(entry)
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            value = stack.pop()[0]
        elif cls is AliasEvent:
            if event.anchor not in scalars:  # an alias of a list or mapping: the "billion laughs" expansion
                raise _anchor(path, event)
            value = scalars[event.anchor]
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _refuse(path, event, "一个文件只含一个 YAML 文档", "第二个文档（---）")
            continue
        elif cls is StreamEndEvent:
            return result
        else:  # StreamStartEvent, DocumentEndEvent
            continue
        if not stack:
            result = value
            continue
        top = stack[-1]
        if not top[1]:
            top[0].append(value)
        elif top[2] is no_key:
            if value.__class__ in (LineDict, LineList):  # pragma: no cover - refused at its start event
                raise _refuse(path, event, "键应为文字", "复合键")
            if value in top[0]:
                if top[3] is None:
                    raise _Again()
                raise _refuse(path, event, f"同一层中每个键只写一次（“{value}”已在第 {top[3][value]} 行）",
                              f"重复的键 {value}")
            top[2] = value
            if top[3] is not None:
                top[3][value] = event.start_mark.line + 1
        else:
            top[0][top[2]] = value
            top[2] = no_key


def _anchor(path: str, event: Any) -> InputError:
    found = f"别名 *{event.anchor}" if type(event) is AliasEvent else f"锚点 &{event.anchor}"
    return _refuse(path, event, "数据文件中列表和键值对不用 YAML 锚点与别名（&名称 / *名称）：请把重复的内容直接写出", found)


