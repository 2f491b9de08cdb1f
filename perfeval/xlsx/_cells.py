"""What a read cell holds, as perfeval's types: text, an exact Decimal, a yes/no.

Excel stores numbers as binary doubles; the shortest repr of a double gives back
the decimal that was typed for anything up to 15 significant digits (Excel's own
precision), so numbers become Decimal here, at the cell boundary, and nowhere else.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from .. import vocab
from ..limits import number_problem, quantize
from ..text import parse_decimal

YES = vocab.YES
NO = vocab.NO - {""}


class BadCell(ValueError):
    """A cell that does not hold what its column needs; `found` is what it holds."""

    def __init__(self, expected: str, found: object):
        super().__init__(expected)
        self.expected = expected
        self.found = found


def is_blank(cell) -> bool:
    value = getattr(cell, "value", None)
    return value is None or (isinstance(value, str) and not value.strip())


def _check_error(cell) -> None:
    if getattr(cell, "data_type", None) == "e":
        raise BadCell("有效的值（不是 Excel 错误值）", f"错误值 {cell.value}")


_FIXED_FORMAT = re.compile(r"^[#,]*0(?:\.(0+))?$")


def shown_places(cell, value: Decimal) -> Decimal:
    """The decimal with the trailing zeros its number format shows: 972.2 shown as `0.00` is 972.20.

    Excel keeps no trailing zeros, the format does; values with more places than shown keep them all.
    """
    match = _FIXED_FORMAT.match(getattr(cell, "number_format", "") or "")
    if not match or not match.group(1):
        return value
    places = len(match.group(1))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent < places:
        return quantize(value, Decimal(1).scaleb(-places))
    return value


def number_to_decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def cell_text(cell) -> str:
    """A cell as text: strings trimmed, whole numbers without `.0`, dates as ISO dates."""
    _check_error(cell)
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        return format(number_to_decimal(value).normalize() if isinstance(value, float) and value.is_integer() else number_to_decimal(value), "f")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def is_percent(cell) -> bool:
    """True for a number Excel shows as a percentage: the user typed `95%` and Excel stored 0.95."""
    value = getattr(cell, "value", None)
    return isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (getattr(cell, "number_format", "") or "")


def cell_decimal(cell, what: str = "数字") -> Decimal | None:
    """The exact number in a cell (a number, or text like `1,320,000`); None when empty."""
    _check_error(cell)
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise BadCell(what, cell_text(cell))
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise BadCell(what, repr(value))
        number = number_to_decimal(value)
        why = number_problem(number)  # Excel stores up to 1e308: past perfeval's range, say so here
        if why:
            raise BadCell(f"{what}：{why}", repr(value))
        return shown_places(cell, number)
    try:
        return parse_decimal(str(value))
    except ValueError:
        raise BadCell(what, str(value).strip()) from None


def cell_flag(cell) -> bool | None:
    """是/否 (also Y/N, TRUE/FALSE, √/×); None when empty."""
    _check_error(cell)
    value = getattr(cell, "value", None)
    if isinstance(value, bool):
        return value
    text = cell_text(cell)
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise BadCell("是 或 否", text)
