"""Loading perfeval's YAML and JSON documents, keeping line numbers for error messages.

Numbers are read as Decimal (never float) so 7.26 stays 7.26. JSON is loaded with
the fast standard parser; only when it turns out to be malformed do we load it
again as YAML (JSON is a subset) to say on which line.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .._gc import paused_gc
from ..errors import InputError, problem_at
from ..limits import DEPTH, NUMBER_DIGITS, checked_decimal, line_of_offset
from ..model import Document


class _Refused(Exception):
    """Raised from inside json's hooks; carries what to report (the reader finds the line)."""

    def __init__(self, kind: str, token: str, why: str = ""):
        super().__init__(kind)
        self.kind, self.token, self.why = kind, token, why


def _unique(pairs: list, dict=dict, len=len) -> dict:  # noqa: A002 - local names: this runs per object
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused("duplicate", key)
            seen.add(key)
    return result


def _float(token: str) -> Decimal:
    if len(token) <= 24 and "e" not in token and "E" not in token:
        return Decimal(token)
    try:
        return checked_decimal(token)
    except ValueError as exc:
        raise _Refused("number", token, str(exc)) from None


#: the number hook and its refusal for readers that decode JSON with their own decoder (msgspec's float_hook):
#: every value as `load_json` gives it, every number it refuses refused
json_float, JsonRefused = _float, _Refused


def _int(token: str, int=int, len=len, most=NUMBER_DIGITS.value) -> int:  # noqa: A002
    if len(token) > most:
        raise _Refused("number", token, NUMBER_DIGITS.expected())
    return int(token)


def _line_of_token(text: str, token: str, occurrence: int = 1) -> int | None:
    at = -1
    for _ in range(occurrence):
        at = text.find(token, at + 1)
        if at < 0:
            return None
    return line_of_offset(text, at)


def load_json(text: str, path: str) -> Any:
    """JSON as plain data with exact numbers; a key written twice, a number past perfeval's
    range or nesting past its depth is refused with the line, never kept or raised raw."""
    import json  # (here: an audit of JSON 自评表 reads them with msgspec, a table is written without json)

    try:
        return json.loads(text, parse_float=_float, parse_int=_int, object_pairs_hook=_unique)
    except json.JSONDecodeError as exc:
        raise InputError(problem_at(path, exc.lineno, "合法的 JSON", exc.msg)) from None
    except RecursionError:
        raise DEPTH.error(path, "嵌套过深（数千层括号）") from None
    except _Refused as refused:
        if refused.kind == "duplicate":
            key = refused.token
            quoted = json.dumps(key, ensure_ascii=False)
            line = _line_of_token(text, quoted, 2)
            first = _line_of_token(text, quoted, 1)
            where = f"（“{key}”已在第 {first} 行）" if first and line else ""
            raise InputError(problem_at(path, line, f"同一层中每个键只写一次{where}", f"重复的键 {key}")) from None
        shown = refused.token if len(refused.token) <= 40 else f"{refused.token[:20]}…（共 {len(refused.token):,} 个字符）"
        raise InputError(problem_at(path, _line_of_token(text, refused.token[:200]), refused.why, shown)) from None


def read_yaml_document(text: str, path: str) -> Document:
    from ..native import document_from_data
    from .yamlload import line_of

    with paused_gc():
        data = load_yaml_bounded(text, path, key_lines=False)
        try:
            return document_from_data(data, path, line_of)
        except InputError:
            # Read again keeping every key's line so each problem points at its key; only on the error path.
            del data
            return document_from_data(load_yaml_bounded(text, path), path, line_of)


def load_yaml_bounded(text: str, path: str, key_lines: bool = True) -> Any:
    """load_yaml with Python's own limits (integer digits, recursion) turned into perfeval's."""
    from .yamlload import load_yaml

    try:
        return load_yaml(text, path, key_lines=key_lines)
    except RecursionError:
        raise DEPTH.error(path, "嵌套过深") from None
    except ValueError as exc:
        if "digits" not in str(exc):
            raise
        raise NUMBER_DIGITS.error(path, "超过 4,300 位的整数") from None


def read_json_bytes(data: bytes, path: str) -> Document:
    """A .json file's Document from its bytes: decoded straight into the model where it can be
    (perfeval.readers._fastjson), else read as text the standard way, with its errors and lines."""
    from ._fastjson import read_json_fast

    with paused_gc():
        document = read_json_fast(data, path)
    if document is not None:
        return document
    from ._source import decode

    text, _ = decode(data, path)
    if not text.strip():
        raise InputError(problem_at(path, None, "有内容的文件", "文件为空"))
    return read_json_document(text, path, fast=False)


def read_json_document(text: str, path: str, fast: bool = True) -> Document:
    from ..native import document_from_data  # (here: the audit reads the number hooks above, never a Document)

    if fast:
        from ._fastjson import read_json_fast

        with paused_gc():
            document = read_json_fast(text.encode("utf-8"), path)
        if document is not None:
            return document
    with paused_gc():
        data = load_json(text, path)
    try:
        with paused_gc():
            return document_from_data(data, path)
    except InputError:
        # Read again with line numbers so the user learns where; only on the error path.
        from .yamlload import line_of

        return document_from_data(load_yaml_bounded(text, path), path, line_of)
