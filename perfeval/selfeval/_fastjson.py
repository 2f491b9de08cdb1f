"""自评表 JSON decoded straight into typed rows (msgspec), for batches of thousands of sheets.

The bytes are decoded once, in C, into small structs whose field names are the format's own
keys (native.py's key tables); every value is the one `json.loads` would have given (numbers
through the same `_float` hook, each field typed Any). `_Decoder.sheet` then builds the model
from them as it does from dicts, so both paths give the same sheets.

Like perfeval.readers._fastjson, this path only says yes or "not sure": whatever it cannot
vouch for (an unknown or misspelt key, a key written twice, an explicit null, an integer
the standard reader may refuse, a single sheet without `自评表: [...]`, any problem to report)
returns None, and the caller reads the file the standard way, which gives the same sheets or
the same errors. Imported only when a 自评表 JSON file is read.
"""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec.structs import astuple

from ..errors import InputError
from ..limits import NUMBER_DIGITS
from ..readers._fastjson import _colons_agree
from ..readers.native import _float, _Refused
from .model import SelfEvaluation
from .native import FUNDS_KEYS, GOAL_KEYS, PART_KEYS, ROW_KEYS, SHEET_KEYS, _Decoder, _PathCells, sheets_from_data, text_of


def _struct(name: str, keys: dict[str, str | None], types: dict[str, Any] | None = None) -> tuple[type, tuple]:
    """A struct with one field per key (`f0`, `f1`, …: two keys may name one field, 全年预算数 and
    调整后预算数), and for `_FastDecoder.fields` the (field, key) of each and the attributes of a field
    written two ways. The 格式 key (no field: `mark` reads it) comes last, out of `fields`' way."""
    types = types or {}
    items = sorted(keys.items(), key=lambda item: item[1] is None)
    attrs = [f"f{i}" for i in range(len(items))]
    struct = msgspec.defstruct(name, [(attr, types.get(key, Any), None) for attr, (key, _) in zip(attrs, items)],
                               rename={attr: key for attr, (key, _) in zip(attrs, items)}, forbid_unknown_fields=True,
                               omit_defaults=True, gc=False)
    fields = tuple((field, key) for key, field in items if field is not None)
    doubled = tuple((attrs[i], attrs[j]) for i in range(len(items)) for j in range(i + 1, len(items))
                    if items[i][1] is not None and items[i][1] == items[j][1])
    return struct, (fields, doubled)


_Row, _ROW = _struct("_Row", ROW_KEYS)
_Part, _PART = _struct("_Part", PART_KEYS)
_Goal, _GOAL = _struct("_Goal", GOAL_KEYS)
_Funds, _FUNDS = _struct("_Funds", FUNDS_KEYS, {"其中": list[_Part] | None})
_Sheet, _SHEET = _struct("_Sheet", SHEET_KEYS, {"项目资金": _Funds | None, "年度总体目标": _Goal | None,
                                                "绩效指标": list[_Row] | None})
_Sheets = msgspec.defstruct("_Sheets", [("sheets", list[_Sheet])], rename={"sheets": "自评表"},
                            forbid_unknown_fields=True, gc=False)
_MARK = f"f{len(SHEET_KEYS) - 1}"  # 格式, the struct's last field
_SPECS = {_Row: _ROW, _Part: _PART, _Goal: _GOAL, _Funds: _FUNDS, _Sheet: _SHEET}
_DECODER = msgspec.json.Decoder(_Sheets | list[_Sheet], float_hook=_float)
# any run of more than NUMBER_DIGITS digits (or minus signs): an integer `readers.native._int` may refuse
_DIGITS = bytes(0x30 if chr(i) in "-0123456789" else 0x20 for i in range(256))
_LONG = b"0" * (NUMBER_DIGITS.value + 1)


class _NotPlain(Exception):
    """Read the file the standard way instead."""


def read_json_sheets_fast(data: bytes, file: str, label: str) -> list[SelfEvaluation] | None:
    """The sheets of 自评表 JSON `data` (`自评表: [...]` or a list), or None where the standard reader must decide."""
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    if _LONG in data.translate(_DIGITS):
        return None
    try:
        top = _DECODER.decode(data)
    except (msgspec.MsgspecError, _Refused, ValueError, RecursionError):
        return None
    sheets, colons = (top, 0) if type(top) is list else (top.sheets, 1)
    if not sheets or not _colons_agree(data, colons, sheets):
        return None
    try:
        return sheets_from_data(sheets, file, label, decoder=_FastDecoder(file))
    except (_NotPlain, InputError):
        return None


class _FastDecoder(_Decoder):
    """`_Decoder` over the typed structs: each struct's present fields as `fields` gives a dict's."""

    def __init__(self, file: str):
        super().__init__(file)

    def fields(self, node: Any, keys: dict[str, str | None], path: str, what: str):
        spec = _SPECS.get(type(node))
        if spec is None:
            return super().fields(node, keys, path, what)
        fields, doubled = spec
        values: dict[str, str] = {}
        names: dict[str, str] = {}
        raw: dict[str, Any] = {}
        for (name, key), value in zip(fields, astuple(node)):
            if value is None:
                continue
            raw[name] = value
            names[name] = key
            kind = type(value)
            if kind is str:
                values[name] = value.strip()
            elif kind is int:
                values[name] = str(value)
            elif kind is not dict and kind is not list:
                values[name] = text_of(value)
        for first, second in doubled:
            # two spellings of one field: which was written last, the standard reader knows
            if getattr(node, first) is not None and getattr(node, second) is not None:
                raise _NotPlain
        return values, _PathCells(self.file, path, names), raw

    @staticmethod
    def mark(node: Any) -> Any:
        return getattr(node, _MARK) if type(node) is _Sheet else _Decoder.mark(node)

    @staticmethod
    def mapping(node: Any) -> bool:
        return type(node) is _Row or isinstance(node, dict)
