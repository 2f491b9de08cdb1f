"""Reading a workbook row by row, with the cell references every message needs.

Workbooks are opened read-only (streaming, so a province's bulk export fits in
memory) with cached formula values. Read-only mode hides two things we need,
merged ranges and formulas that were never calculated, so each sheet's XML is
scanned once for them before its rows are read.
"""

from __future__ import annotations

import bisect
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from itertools import islice
from typing import Iterator
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.functions import iterparse

from ..errors import InputError, Problem, Problems, problem_at
from ..model import Location
from ..limits import SHEETS
from . import _guard

#: Rows a reader looks at to recognise a sheet (its title, unit line and one- or two-row header).
HEAD_ROWS = 20

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SCAN_MARKERS = (b"<f", b"<mergeCell", b":f", b":mergeCell")
# SyntaxError: lxml (which openpyxl uses when it is installed) raises XMLSyntaxError, not ElementTree's ParseError.
_BROKEN = (zipfile.BadZipFile, zlib.error, ParseError, SyntaxError, InvalidFileException, KeyError, ValueError,
           TypeError, IndexError, AttributeError, EOFError, OSError)
_PLAIN_SHEET_NAME = re.compile(r"^[^\s'!]+$")


def quoted_sheet(sheet: str) -> str:
    """A sheet name as a reference prefix; names with spaces or quotes are quoted as Excel does."""
    return sheet if _PLAIN_SHEET_NAME.match(sheet) else "'" + sheet.replace("'", "''") + "'"


def cell_ref(sheet: str, row: int, column: int) -> str:
    """`附件12-4!D12`."""
    return f"{quoted_sheet(sheet)}!{get_column_letter(column)}{row}"


class Merges:
    """Merged ranges of one sheet, indexed by column; valid sheets never overlap ranges,
    so the one range that can cover a row is the last that starts at or above it."""

    def __init__(self, refs: list[str] = ()):
        by_column: dict[int, list[tuple[int, int, int]]] = {}
        spanned = 0
        for ref in refs:
            try:
                min_col, min_row, max_col, max_row = range_boundaries(ref)
            except (ValueError, TypeError):
                continue
            if None in (min_col, min_row, max_col, max_row):
                continue
            spanned += min(max_col, _guard.MAX_COLUMNS) - min_col + 1
            if spanned > _guard.MAX_MERGED_COLUMNS:
                raise ValueError(f"more than {_guard.MAX_MERGED_COLUMNS} merged columns")
            for column in range(min_col, min(max_col, _guard.MAX_COLUMNS) + 1):
                by_column.setdefault(column, []).append((min_row, max_row, min_col))
        self._starts: dict[int, list[int]] = {}
        self._ranges: dict[int, list[tuple[int, int, int]]] = {}
        self.origins_by_row: dict[int, set[int]] = {}
        for column, ranges in by_column.items():
            ranges.sort()
            for min_row, _, min_col in ranges:
                self.origins_by_row.setdefault(min_row, set()).add(min_col)
            self._ranges[column] = ranges
            self._starts[column] = [r[0] for r in ranges]

    def origin(self, row: int, column: int) -> tuple[int, int] | None:
        """The top-left cell of the merged range covering (row, column), unless it is that cell itself."""
        starts = self._starts.get(column)
        if not starts:
            return None
        i = bisect.bisect_right(starts, row) - 1
        if i < 0:
            return None
        min_row, max_row, min_col = self._ranges[column][i]
        if row > max_row or (min_row, min_col) == (row, column):
            return None
        return min_row, min_col

    def __bool__(self) -> bool:
        return bool(self._ranges)


class Sheet:
    """One worksheet: its rows as cell tuples, its merges, and helpers that say where a cell is."""

    def __init__(self, book: "Workbook", worksheet):
        self.book = book
        self.title: str = worksheet.title
        self._prefix = quoted_sheet(self.title) + "!"
        self._ws = worksheet
        merges, uncached = book.scan(worksheet)
        try:
            self.merges = Merges(merges)
        except ValueError:
            raise InputError(problem_at(self.file, None, f"工作表“{self.title}”的合并单元格不超过 {_guard.MAX_MERGED_COLUMNS} 列次",
                                        f"{len(merges)} 个合并区域，文件可能已损坏")) from None
        self.uncached_formulas: list[tuple[str, str]] = uncached
        self._origin_cells: dict[tuple[int, int], object] = {}

    @property
    def file(self) -> str:
        return self.book.file

    def head(self, count: int = HEAD_ROWS) -> tuple[list[tuple[int, tuple]], Iterator[tuple[int, tuple]]]:
        """The first `count` rows (where a reader recognises the sheet by its headers) and an iterator of the rest."""
        rows = self.rows()
        return list(islice(rows, count)), rows

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(row number, cells) for every row from 1, empty rows included; a broken sheet is an InputError."""
        iterator = iter(self._ws.iter_rows())
        number = 0
        while True:
            try:
                cells = next(iterator)
            except StopIteration:
                return
            except _BROKEN as exc:
                raise InputError(problem_at(self.file, None, f"完好的工作表“{self.title}”",
                                            f"第 {number + 1} 行附近内容损坏（{type(exc).__name__}）")) from None
            number += 1
            if number > _guard.MAX_ROWS:
                raise InputError(problem_at(self.file, None, f"工作表“{self.title}”至多 {_guard.MAX_ROWS} 行", "更多行"))
            for column in self.merges.origins_by_row.get(number, ()):
                if column <= len(cells):
                    self._origin_cells[(number, column)] = cells[column - 1]
            yield number, cells

    def merged(self, row: int, column: int, cell):
        """The cell itself, or for a blank cell inside a merged range the range's top-left cell (read earlier)."""
        if self.merges and (cell is None or getattr(cell, "value", None) is None):
            origin = self.merges.origin(row, column)
            if origin is not None:
                return self._origin_cells.get(origin, cell)
        return cell

    def ref(self, row: int, column: int) -> str:
        return f"{self._prefix}{get_column_letter(column)}{row}"

    def loc(self, row: int, column: int = 1) -> Location:
        return Location(self.file, line=row, cell=self.ref(row, column))

    def problem(self, row: int, column: int, expected: str, found: object = "") -> Problem:
        return problem_at(self.file, row, expected, found, cell=self.ref(row, column))

    def uncached_formula_problems(self) -> list[Problem]:
        """One problem per formula Excel never calculated: we read saved values, never compute."""
        from openpyxl.utils.cell import coordinate_to_tuple

        problems = []
        for coordinate, formula in self.uncached_formulas:
            try:
                row, column = coordinate_to_tuple(coordinate)
            except (ValueError, TypeError):
                row, column = 1, 1
            problems.append(self.problem(row, column, "有计算结果的公式（请在 Excel 中打开并保存后再读取，或改填数值）",
                                         f"={formula}，没有缓存的计算结果"))
        return problems


class Workbook:
    """A guarded, read-only, cached-values workbook; use as a context manager."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.file = str(path)
        _guard.check_archive(self.path)
        try:
            with warnings.catch_warnings():  # what openpyxl would warn about on stderr, we check and say below
                warnings.simplefilter("ignore")
                self._book = load_workbook(self.path, read_only=True, data_only=True, keep_links=False)
        except _BROKEN as exc:
            raise InputError(problem_at(self.file, None, "完好的 .xlsx 工作簿", f"无法打开（{type(exc).__name__}: {exc}）")) from None
        self._archive = zipfile.ZipFile(self.path)
        # A cell names its format by index into the styles part; with that part missing or cut
        # short, openpyxl would end in IndexError wherever a cell's format is first read.
        self._book._cell_styles = _Styles(self._book._cell_styles, self.file, "单元格格式（cellXfs）")
        self._book._number_formats = _Styles(self._book._number_formats, self.file, "数字格式（numFmts）")
        self.hidden: list[str] = []
        """Names of hidden worksheets `sheets()` skipped, for the readers to report."""
        try:
            self._check_listed_sheets()
        except InputError:
            self.close()
            raise

    def _check_listed_sheets(self) -> None:
        """Refuse a workbook that lists a sheet whose part is missing: reading the rest would lose it silently."""
        loaded = {ws.title for ws in self._book.worksheets} | {cs.title for cs in getattr(self._book, "chartsheets", [])}
        listed = []
        try:
            with self._archive.open("xl/workbook.xml") as source:
                for _, element in iterparse(source):
                    if element.tag == f"{_MAIN}sheet" and element.get("name"):
                        listed.append(element.get("name"))
        except _BROKEN:
            return  # openpyxl read it; a second opinion that fails proves nothing
        missing = [name for name in listed if name not in loaded]
        if len(listed) > SHEETS.value:
            raise SHEETS.error(self.file, f"{len(listed):,} 张")
        if missing:
            raise InputError(problem_at(
                self.file, None, "工作簿列出的每张工作表都有内容（zip 中有对应的部件）",
                f"工作表 {'、'.join(f'“{name}”' for name in missing[:20])} 缺失，文件不完整或已损坏；请在 Excel 中打开并另存后再读取"))

    def skipped(self) -> str:
        """A sentence naming the hidden sheets that were skipped, or ""."""
        if not self.hidden:
            return ""
        names = "、".join(f"“{name}”" for name in self.hidden[:20])
        more = f" 等 {len(self.hidden)} 张" if len(self.hidden) > 20 else ""
        return f"隐藏的工作表 {names}{more} 未读取；如其中有要处理的表，请在 Excel 中取消隐藏后再运行"

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._book.close()
        self._archive.close()

    def sheets(self, problems: Problems | None = None) -> Iterator[Sheet]:
        """The visible worksheets, in workbook order, each checked before it is read; with `problems`,
        each sheet's formulas that have no cached value are reported there as it is reached."""
        for worksheet in self._book.worksheets:
            if not hasattr(worksheet, "iter_rows"):
                continue  # chart sheets hold no cells
            if getattr(worksheet, "sheet_state", "visible") != "visible":
                # a template's hidden lists (dropdown choices) are not part of what was filled in;
                # skipped, but named, so a workbook hidden whole is never read as empty in silence
                self.hidden.append(worksheet.title)
                continue
            _guard.check_dimensions(self.file, worksheet.title, worksheet.max_row, worksheet.max_column)
            worksheet.reset_dimensions()  # iterate the rows that exist, not a declared rectangle
            sheet = Sheet(self, worksheet)
            if problems is not None:
                problems.extend(sheet.uncached_formula_problems())
            yield sheet

    def scan(self, worksheet) -> tuple[list[str], list[tuple[str, str]]]:
        """Merged ranges and (cell, formula) of formulas without a cached value, from the sheet's XML.

        A quick byte search skips the XML parse for the usual sheet that has neither.
        """
        member = getattr(worksheet, "_worksheet_path", None)
        if member is None:
            return [], []
        try:
            if not self._contains_markers(member):
                return [], []
            merges: list[str] = []
            uncached: list[tuple[str, str]] = []
            with self._archive.open(member) as source:
                for _, element in iterparse(source):
                    tag = element.tag
                    if tag == f"{_MAIN}c":
                        formula = element.find(f"{_MAIN}f")
                        if formula is not None and not (element.findtext(f"{_MAIN}v") or "").strip():
                            if element.get("t") != "inlineStr":
                                uncached.append((element.get("r") or "?", formula.text or ""))
                        element.clear()
                    elif tag == f"{_MAIN}row":
                        element.clear()
                    elif tag == f"{_MAIN}mergeCell":
                        merges.append(element.get("ref") or "")
        except _BROKEN as exc:
            raise InputError(problem_at(self.file, None, f"完好的工作表“{worksheet.title}”",
                                        f"内容损坏（{type(exc).__name__}）")) from None
        return merges, uncached

    def _contains_markers(self, member: str) -> bool:
        tail = b""
        with self._archive.open(member) as source:
            while True:
                chunk = source.read(1 << 20)
                if not chunk:
                    return False
                window = tail + chunk
                if any(marker in window for marker in _SCAN_MARKERS):
                    return True
                tail = chunk[-16:]


class _Styles(list):
    """The workbook's style list, turning an index past its end into one clear InputError."""

    def __init__(self, items, file: str, what: str):
        super().__init__(items)
        self.file, self.what = file, what

    def __getitem__(self, index):
        try:
            return list.__getitem__(self, index)
        except IndexError:
            raise InputError(problem_at(
                self.file, None, f"完好的样式部件（xl/styles.xml）：单元格引用第 {index} 个{self.what}",
                f"样式部件缺失或损坏，只有 {len(self)} 个；请在 Excel 中打开并另存后再读取")) from None
