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
from typing import Callable, Iterable, Sequence

import attrs
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from ..errors import InputError, PerfevalError, problem_at

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


MAX_SHEETS = 5_000
"""More sheets than anyone can page through (and openpyxl slows down with each one): refused before any work."""
EXCEL_MAX_ROWS = 1_048_576

Rows = Iterable[Sequence[object]]
Build = Callable[[], "tuple[Rows, Iterable[str], dict[int, float] | None]"]


def check_sheet_count(count: int, path: str | Path, what: str, hint: str) -> None:
    """Refuse, before any work, a workbook that would hold more than MAX_SHEETS sheets."""
    if count > MAX_SHEETS:
        raise InputError(problem_at(str(path), None, f"一个工作簿最多 {MAX_SHEETS:,} 张工作表；{hint}",
                                    f"{what}需要 {count:,} 张工作表"))


def check_sheet_rows(count: int, path: str | Path, what: str, hint: str) -> None:
    """Refuse, before any work, a sheet longer than Excel's 1,048,576 rows."""
    if count > EXCEL_MAX_ROWS:
        raise InputError(problem_at(str(path), None, f"一张工作表最多 {EXCEL_MAX_ROWS:,} 行；{hint}",
                                    f"{what}需要 {count:,} 行"))


@attrs.frozen
class _SheetSpec:
    title: str
    build: Build
    size: tuple[int, int]  # rows, columns
    merges: tuple[str, ...] | None  # None: the build gives them again when written
    freeze: str | None
    auto_filter: bool
    widths: dict[int, float]
    heights: dict[int, float]
    wrap_long: bool


class Book:
    """A streaming workbook: each sheet is checked when added, and written, one at a time, by `save`.

    A sheet is given either as its rows or as `build`, a function that makes its rows (a list
    or a generator), merged ranges and row heights afresh each time it is called. Adding a
    sheet checks every cell and measures the columns, keeping only the widths; `save` builds
    each sheet again and streams it into the file, closing it before the next. So memory holds
    one sheet at a time, no file stays open per sheet, and a bad value fails before openpyxl
    has opened any temporary file: a refused document leaves nothing half-written behind.
    """

    def __init__(self) -> None:
        self._sheets: list[_SheetSpec] = []
        self._used: set[str] = set()

    def add_sheet(
        self,
        wanted_title: str,
        rows: Sequence[Sequence[object]] | None = None,
        *,
        build: Build | None = None,
        merges: Iterable[str] = (),
        freeze: str | None = None,
        auto_filter: bool = False,
        widths: dict[int, float] | None = None,
        heights: dict[int, float] | None = None,
        wrap_long: bool = True,
    ) -> str:
        if (rows is None) == (build is None) or (build is not None and merges):
            raise TypeError("add_sheet takes either rows (with merges) or build (which gives them)")
        title = sheet_title(wanted_title, self._used)
        kept_merges: tuple[str, ...] | None = None
        if build is None:
            given, kept_merges, kept_heights = rows, tuple(merges), dict(heights or {})
            build = lambda: (given, kept_merges, kept_heights)  # noqa: E731
            sheet_rows: Rows = given  # type: ignore[assignment]
        else:
            sheet_rows, built_merges, built_heights = build()
            heights = {**(built_heights or {}), **(heights or {})}
        column_widths, size = _measure(sheet_rows, title)
        column_widths.update(widths or {})
        self._sheets.append(_SheetSpec(title, build, size, kept_merges, freeze, auto_filter, column_widths,
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


def _measure(rows: Rows, title: str) -> tuple[dict[int, float], tuple[int, int]]:
    """Check every cell (before anything is written) and find each column's width and the sheet's size."""
    widest: dict[int, int] = {}
    number = columns = 0
    for number, row in enumerate(rows, start=1):
        if len(row) > columns:
            columns = len(row)
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            style = value if isinstance(value, Styled) else None
            plain = style.value if style is not None else value
            if isinstance(plain, str):
                _check_text(plain, title, number, column)
            elif isinstance(plain, Decimal):
                excel_number(plain, f"工作表“{title}”{get_column_letter(column)}{number}")
            if style is not None and style.span:
                continue
            width = display_width(shown_text(value))
            if width > widest.get(column, 0):
                widest[column] = width
    if number > EXCEL_MAX_ROWS:
        raise InputError(f"无法写入 Excel：工作表“{title}”有 {number:,} 行，超过 Excel 每张工作表 {EXCEL_MAX_ROWS:,} 行的上限")
    widths = {column: min(MAX_WIDTH, max(width, 4)) + 2 for column, width in widest.items()}
    return widths, (number, columns)


def _write_sheet(wb, spec: _SheetSpec) -> None:
    rows, merges, _ = spec.build()
    ws = wb.create_sheet(spec.title)
    count, columns = spec.size
    if count and columns:
        # Streaming sheets do not know their size, so openpyxl writes no <dimension>, and a reader
        # must then parse the whole sheet to learn that; we know it, so declare it.
        ref = f"A1:{get_column_letter(columns)}{count}"
        ws.calculate_dimension = lambda: ref
    for column, width in spec.widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    for row, height in spec.heights.items():
        ws.row_dimensions[row].height = height
    if spec.freeze:
        ws.freeze_panes = spec.freeze
    if spec.auto_filter and count and columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{count}"
    for ref in spec.merges if spec.merges is not None else merges:
        ws.merged_cells.add(CellRange(ref))  # streaming sheets write these in their tail
    wrap_long = spec.wrap_long
    for row in rows:
        ws.append([_cell(ws, value, wrap_long) for value in row])
    ws.close()  # writes the tail and closes the sheet's temporary file now, not at save


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


def check_value(value: object, title: str, row: int, column: int) -> None:
    """Refuse a value Excel cannot hold (control characters, over-long text, numbers past 15 digits)."""
    if isinstance(value, Styled):
        value = value.value
    if isinstance(value, str):
        _check_text(value, title, row, column)
    elif isinstance(value, Decimal):
        excel_number(value, f"工作表“{title}”{get_column_letter(column)}{row}")


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
