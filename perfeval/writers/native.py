"""Writing a Document as perfeval YAML or JSON, exactly (numbers keep every digit)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import yaml

from ..model import Document
from ..native import document_to_data

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _FlowList(list):
    """A list written on one line: budget-table rows read best that way."""


class _YamlDumper(_Dumper):  # type: ignore[misc, valid-type]
    def ignore_aliases(self, data) -> bool:
        return True  # shared objects (one Decimal for many cells) are written out, never as &anchors


def _represent_decimal(dumper, value: Decimal):
    if value == value.to_integral_value() and "E" not in str(value) and "." not in str(value):
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_YamlDumper.add_representer(Decimal, _represent_decimal)
_YamlDumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _flow_rows(data: dict) -> dict:
    for table in data.get("预算表", []):
        if "行" in table:
            table["行"] = [_FlowList(row) for row in table["行"]]
        if "列" in table:
            table["列"] = _FlowList(table["列"])
        if "文字列" in table:
            table["文字列"] = _FlowList(table["文字列"])
    return data


def dump_yaml(doc: Document) -> str:
    data = _flow_rows(document_to_data(doc))
    return yaml.dump(data, Dumper=_YamlDumper, allow_unicode=True, sort_keys=False, width=10**9, indent=2)


def _json_number(value: Decimal) -> int | float | str:
    """An exact JSON number where a float carries the digits exactly, else the decimal as text."""
    if value == value.to_integral_value() and abs(value) < 2**53:
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else format(value, "f")


def _jsonable(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _jsonable(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_jsonable(v) for v in node]
    if isinstance(node, Decimal):
        return _json_number(node)
    return node


def dump_json(doc: Document) -> str:
    return json.dumps(_jsonable(document_to_data(doc)), ensure_ascii=False, indent=2) + "\n"
