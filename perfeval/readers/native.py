"""Loading perfeval's YAML and JSON documents, keeping line numbers for error messages.

Numbers are read as Decimal (never float) so 7.26 stays 7.26. JSON is loaded with
the fast standard parser; only when it turns out to be malformed do we load it
again as YAML (JSON is a subset) to say on which line.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .._gc import paused_gc
from ..errors import InputError, problem_at
from ..native import document_from_data
from ..model import Document


def load_json(text: str, path: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(problem_at(path, exc.lineno, "合法的 JSON", exc.msg)) from None


def read_yaml_document(text: str, path: str) -> Document:
    from .yamlload import line_of, load_yaml

    with paused_gc():
        data = load_yaml(text, path, key_lines=False)
        try:
            return document_from_data(data, path, line_of)
        except InputError:
            # Read again keeping every key's line so each problem points at its key; only on the error path.
            del data
            return document_from_data(load_yaml(text, path), path, line_of)


def read_json_document(text: str, path: str) -> Document:
    with paused_gc():
        data = load_json(text, path)
    try:
        with paused_gc():
            return document_from_data(data, path)
    except InputError:
        # Read again with line numbers so the user learns where; only on the error path.
        from .yamlload import line_of, load_yaml

        return document_from_data(load_yaml(text, path), path, line_of)
