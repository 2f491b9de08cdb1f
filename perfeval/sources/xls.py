"""Old Excel 97-2003 workbooks (.xls) read into a located-cell grid with xlrd.

Each visible sheet is one table, located as `sheet!D12`; merged ranges become an
anchor and covered cells. The title and unit rows a budget system prints above the
header (one filled cell, often merged across the sheet: `部门项目支出绩效目标表`,
`单位：万元`) are free-text rows, so the recogniser finds titles the same way in every
source. Numbers become exact decimals as the cell shows them (`0.00` keeps two
places, a `%` format shows `95%`); dates become ISO dates.

Hidden sheets are not read: each is reported by name in `Grid.problems`, since a
budget system hides its code lists there and a user may have hidden a real table.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from ..errors import InputError, problem_at
from ..grid import Grid, GridCell, GridRow, text_row
from ..model import Location
from ..text import clean_cell
from . import OLE2, missing_library, refuse_ole2, spaced_text


def read_grid(path: Path, data: bytes) -> Grid:
    """Every visible sheet of an .xls as a table; InputError for a file xlrd cannot open."""
    file = str(path)
    if data.startswith(b"PK"):
        raise InputError(problem_at(file, None, "旧版 Excel .xls 文件", "这是 .xlsx（zip）格式的工作簿，请以 .xlsx 扩展名读取"))
    if not data.startswith(OLE2):
        raise InputError(problem_at(file, None, "旧版 Excel .xls 文件（OLE2 复合文档）", "文件开头不是 .xls 标记，文件不是 .xls 或已损坏"))
    refuse_ole2(path, data)
    try:
        import xlrd
    except ImportError:  # pragma: no cover - xlrd is a dependency
        raise missing_library(path, "旧版 Excel 文件", "xlrd") from None
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, AssertionError... for broken files
        raise InputError(problem_at(file, None, "完整可读的 .xls 工作簿",
                                    f"无法解析（{type(exc).__name__}: {exc}），文件可能已损坏或加密；请用 Excel 或 WPS 打开后另存再试")) from None
    rows: list[GridRow] = []
    problems = []
    table = 0
    for sheet in book.sheets():
        if sheet.visibility:
            problems.append(problem_at(file, None, "可见的工作表",
                                       f"工作表「{sheet.name}」是隐藏的，未读取；如其中有绩效表，请在 Excel 中取消隐藏后再读取",
                                       cell=sheet.name))
            continue
        if sheet.nrows == 0:
            continue
        table += 1
        rows.extend(_sheet(book, sheet, table, file))
    return Grid(file, rows, "xls", problems)


def _sheet(book, sheet, number: int, file: str) -> list[GridRow]:
    import xlrd
    from xlrd.formula import cellname

    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for rlo, rhi, clo, chi in sheet.merged_cells:
        spans[(rlo, clo)] = (rhi - rlo, chi - clo)
        for r in range(rlo, rhi):
            for c in range(clo, chi):
                if (r, c) != (rlo, clo):
                    covered[(r, c)] = (rlo, clo)
    width = sheet.ncols
    anchors: dict[tuple[int, int], GridCell] = {}
    out: list[GridRow] = []
    in_table = False
    for r in range(sheet.nrows):
        cells: list[GridCell] = []
        for c in range(width):
            where = Location(file, r + 1, f"{sheet.name}!{cellname(r, c)}")
            if (r, c) in covered:
                anchor = anchors.get(covered[(r, c)])
                cells.append(GridCell("", anchor.location if anchor else where, covered=True, anchor=anchor))
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            cell = GridCell(_text(book, sheet.cell(r, c)), where, rowspan=rowspan, colspan=colspan)
            anchors[(r, c)] = cell
            cells.append(cell)
        filled = [cell for cell in cells if cell.text]
        if not filled and not any(cell.covered for cell in cells):
            continue
        row_where = Location(file, r + 1, f"{sheet.name}!{r + 1}")
        if not in_table and len(filled) <= 1 and not any(cell.covered and cell.anchor is None for cell in cells):
            if filled and _spans_title(cells, filled[0]):
                raw = sheet.cell(*_position(filled[0], r, cells))
                out.append(text_row(spaced_text(str(raw.value)) if raw.ctype == xlrd.XL_CELL_TEXT else filled[0].text,
                                    filled[0].location))
                continue
        in_table = True
        out.append(GridRow(tuple(cells), number, row_where))
    return out


def _position(cell: GridCell, row: int, cells: list[GridCell]) -> tuple[int, int]:
    return row, next(c for c, other in enumerate(cells) if other is cell)


def _spans_title(cells: list[GridCell], cell: GridCell) -> bool:
    """A row above the header with one filled cell (a title, `单位：万元`), merged or not."""
    return all(c is cell or not c.text for c in cells)


def _text(book, cell) -> str:
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return clean_cell(str(cell.value))
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "是" if cell.value else "否"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#错误")
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return _number(book, cell)
        return moment.date().isoformat() if moment.time() == datetime.time() else moment.isoformat(sep=" ")
    return _number(book, cell)


def _number(book, cell) -> str:
    """A number as the cell shows it: the format's decimal places, `%` formats as percent."""
    from ..xlsx import shown_places

    # Excel shows 15 significant digits: a computed 0.1+0.2 is shown, and meant, as 0.3
    value = Decimal(format(cell.value, ".15g"))
    if value == value.to_integral_value() and isinstance(cell.value, float):
        value = value.quantize(Decimal(1))
    fmt = ""
    try:
        fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str or ""
    except (IndexError, KeyError, AttributeError):
        pass
    if "%" in fmt:
        percent = (value * 100).normalize()
        places = fmt.split("%")[0]
        shown = _Shown(places.replace('"', ""))
        return format(shown_places(shown, percent if percent.as_tuple().exponent <= 0 else percent.quantize(Decimal(1))), "f") + "%"
    return format(shown_places(_Shown(fmt), value), "f")


class _Shown:
    """The one attribute `shown_places` reads from a cell: its number format."""

    def __init__(self, number_format: str):
        self.number_format = number_format
