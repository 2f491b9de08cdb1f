"""Writing sheets safely: text stays text, numbers stay numbers, Chinese stays readable.

Every workbook is written in openpyxl's streaming mode so a province's export
needs little memory. Strings are always stored as strings (a value like `=1+1`,
`@SUM(A1)` or `#N/A` would otherwise become a formula or an error value), and the
ones Excel would re-read as a formula when edited also get the quote prefix.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence

import attrs
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from ..errors import InputError, PerfevalError

FORMULA_PREFIXES = ("=", "+", "-", "@")
EXCEL_MAX_TEXT = 32_767
EXCEL_DIGITS = 15
MAX_WIDTH = 60
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@attrs.frozen
class Styled:
    """A value with how to show it; plain values get sensible defaults."""

    value: object
    number_format: str | None = None
    bold: bool = False
    wrap: bool = False
    header: bool = False
    align: str | None = None
    span: bool = False  # spans merged columns: does not set its column's width


def number_format_for(value: Decimal, thousands: bool = False) -> str:
    """`0`, `0.0`, `0.00` … matching the places the decimal was written with, so it shows as printed."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    base = "#,##0" if thousands else "0"
    return base + ("." + "0" * places if places else "")


def excel_number(value: Decimal, where: str = "") -> int | float:
    """The number Excel stores for an exact decimal; refuses what a double cannot hold exactly."""
    if not value.is_finite():
        raise InputError(f"无法写入 Excel：{where} 的 {value} 不是有限数")
    digits = len(value.normalize().as_tuple().digits)
    if digits > EXCEL_DIGITS:
        raise InputError(f"无法写入 Excel：{where} 的 {value} 超过 Excel 的 {EXCEL_DIGITS} 位有效数字精度")
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@functools.lru_cache(maxsize=65_536)
def display_width(text: str) -> int:
    """Width in Excel's character units: East Asian wide and full-width characters count 2."""
    widest = 0
    for line in text.split("\n"):
        width = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)
        widest = max(widest, width)
    return widest


def shown_text(value: object) -> str:
    if isinstance(value, Styled):
        if isinstance(value.value, Decimal) and value.number_format and "." in value.number_format:
            places = len(value.number_format.split(".")[1].rstrip("%"))
            return format(value.value, f",.{places}f")
        value = value.value
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def sheet_title(wanted: str, used: set[str]) -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\) close to `wanted`."""
    base = _SHEET_FORBIDDEN.sub("_", wanted.replace(" ", "")).strip("'") or "Sheet"
    base = base[:31]
    title, n = base, 2
    while title.casefold() in used:
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title.casefold())
    return title


@attrs.frozen
class _SheetSpec:
    title: str
    rows: Sequence[Sequence[object]]
    merges: tuple[str, ...]
    freeze: str | None
    auto_filter: bool
    widths: dict[int, float]
    heights: dict[int, float]
    wrap_long: bool


class Book:
    """A streaming workbook: sheets are checked as they are added and all written by `save`.

    Checking every cell first means a bad value fails before openpyxl has opened any
    temporary file, so a refused document leaves nothing half-written behind.
    """

    def __init__(self) -> None:
        self._sheets: list[_SheetSpec] = []
        self._used: set[str] = set()

    def add_sheet(
        self,
        wanted_title: str,
        rows: Sequence[Sequence[object]],
        *,
        merges: Iterable[str] = (),
        freeze: str | None = None,
        auto_filter: bool = False,
        widths: dict[int, float] | None = None,
        heights: dict[int, float] | None = None,
        wrap_long: bool = True,
    ) -> str:
        title = sheet_title(wanted_title, self._used)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                _check(value, title, number, column)
        column_widths = _widths(rows)
        column_widths.update(widths or {})
        self._sheets.append(_SheetSpec(title, rows, tuple(merges), freeze, auto_filter, column_widths,
                                       dict(heights or {}), wrap_long))
        return title

    def save(self, path: str | Path) -> None:
        wb = Workbook(write_only=True)
        if not self._sheets:
            wb.create_sheet("空")
        for spec in self._sheets:
            _write_sheet(wb, spec)
        try:
            wb.save(str(path))
        except OSError as exc:
            raise PerfevalError(f"无法写入 {path}：{exc.strerror or exc}") from None


def _write_sheet(wb, spec: _SheetSpec) -> None:
    ws = wb.create_sheet(spec.title)
    columns = max((len(r) for r in spec.rows), default=0)
    if spec.rows and columns:
        # Streaming sheets do not know their size, so openpyxl writes no <dimension>, and a reader
        # must then parse the whole sheet to learn that; we know it, so declare it.
        ref = f"A1:{get_column_letter(columns)}{len(spec.rows)}"
        ws.calculate_dimension = lambda: ref
    for column, width in spec.widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    for row, height in spec.heights.items():
        ws.row_dimensions[row].height = height
    if spec.freeze:
        ws.freeze_panes = spec.freeze
    if spec.auto_filter and spec.rows and columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{len(spec.rows)}"
    for ref in spec.merges:
        ws.merged_cells.add(CellRange(ref))  # streaming sheets write these in their tail
    for number, row in enumerate(spec.rows, start=1):
        ws.append([_cell(ws, value, spec.wrap_long) for value in row])


def _check(value: object, title: str, row: int, column: int) -> None:
    if isinstance(value, Styled):
        value = value.value
    if isinstance(value, str):
        _check_text(value, title, row, column)
    elif isinstance(value, Decimal):
        excel_number(value, f"工作表“{title}”{get_column_letter(column)}{row}")


def _widths(rows: Sequence[Sequence[object]]) -> dict[int, float]:
    widest: dict[int, int] = {}
    for row in rows:
        for column, value in enumerate(row, start=1):
            if isinstance(value, Styled) and value.span:
                continue
            width = display_width(shown_text(value))
            if width > widest.get(column, 0):
                widest[column] = width
    return {column: min(MAX_WIDTH, max(width, 4)) + 2 for column, width in widest.items()}


def _cell(ws, value: object, wrap_long: bool = True):
    style = value if isinstance(value, Styled) else None
    if style is not None:
        value = style.value
    if value is None and style is None:
        return None
    if isinstance(value, str):
        if style is None and not value.startswith(FORMULA_PREFIXES) and value not in ERROR_CODES \
                and (not wrap_long or display_width(value) <= MAX_WIDTH):
            return value  # the fast path: openpyxl stores a plain string as a string
    cell = WriteOnlyCell(ws)
    if isinstance(value, Decimal):
        cell.value = excel_number(value)
        cell.number_format = (style.number_format if style and style.number_format else number_format_for(value))
    elif isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula or an error value, whatever the text starts with
        if value.startswith(FORMULA_PREFIXES) or value in ERROR_CODES:
            cell.quotePrefix = True
    elif isinstance(value, bool) or value is None:
        cell.value = value
    elif isinstance(value, (int, float)):
        cell.value = value
        if style and style.number_format:
            cell.number_format = style.number_format
    else:
        raise TypeError(f"cannot write {type(value).__name__} to a cell")
    if style is not None:
        if style.bold or style.header:
            cell.font = Font(bold=True)
        if style.header:
            cell.fill = _HEADER_FILL
        if style.wrap or style.align or style.header:
            cell.alignment = Alignment(wrap_text=style.wrap or style.header, vertical="center",
                                       horizontal=style.align or ("center" if style.header else None))
    elif isinstance(value, str) and wrap_long and display_width(value) > MAX_WIDTH:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _check_text(value: str, title: str, row: int, column: int) -> None:
    where = f"工作表“{title}”{get_column_letter(column)}{row}"
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise InputError(f"无法写入 Excel：{where} 的文字含 Excel 不允许的控制字符：{value[:40]!r}")
    if len(value) > EXCEL_MAX_TEXT:
        raise InputError(f"无法写入 Excel：{where} 的文字超过 Excel 单元格上限 {EXCEL_MAX_TEXT} 字")


def run_merges(rows: Sequence[Sequence[object]], top: int, bottom: int, columns: tuple[int, ...]) -> list[str]:
    """Merged ranges for runs of equal, non-empty cells down each column in rows top..bottom (1-based).

    A run in a later column never crosses a boundary of the columns before it, so a
    二级指标 run stays inside its 一级指标.
    """
    def value(r: int, column: int) -> object:
        row = rows[r - 1]
        cell = row[column - 1] if column <= len(row) else None
        return cell.value if isinstance(cell, Styled) else cell

    merges: list[str] = []
    for i, column in enumerate(columns):
        letter = get_column_letter(column)
        key = lambda r: tuple(value(r, c) for c in columns[: i + 1])  # noqa: E731
        start = top
        for r in range(top + 1, bottom + 2):
            if r <= bottom and key(r) == key(start):
                continue
            if r - 1 > start and value(start, column) not in (None, ""):
                merges.append(f"{letter}{start}:{letter}{r - 1}")
            start = r
    return merges
