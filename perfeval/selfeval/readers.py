"""Reading 自评表 files: YAML/JSON (native.py), PDF-extracted text and Excel (both via grid.py).

`read_sheets(path)` picks the reader by content and extension, like
`perfeval.readers.read_document`; a file may hold several sheets. openpyxl is imported
only for workbooks, the form layouts (grid.py) only for forms, text and workbooks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, problem_at
from ..model import Location
from ..readers import decode, read_bytes
from .model import SelfEvaluation

if TYPE_CHECKING:
    from .grid import Cell

_ZIP = b"PK\x03\x04"
_BLANK = b" \t\r\n\xef\xbb\xbf"  # JSON's white space and the UTF-8 byte order mark


#: JSON files from this size on are read by the lean decoder (`_fastjson`); smaller ones by the standard reader
LEAN_FROM_BYTES = 1 << 16


def read_sheets(path: str | Path) -> list[SelfEvaluation]:
    """Every 自评表 in a .txt (PDF text), .yaml/.yml, .json or .xlsx/.xlsm file."""
    path = Path(path)
    data = read_bytes(path)
    label = path.name
    suffix = path.suffix.lower()
    from ..readers import BY_NAME, binary_kind, grid_of

    kind = binary_kind(data, path)
    if kind in ("pdf", "docx", "xls", "html", "doc"):
        from ..forms import read_sheets_grid

        return read_sheets_grid(grid_of(BY_NAME[kind], path, data), label)
    if data.startswith(_ZIP) or suffix in (".xlsx", ".xlsm"):
        if not data.startswith(_ZIP):
            raise InputError(problem_at(str(path), None, "Excel 工作簿（.xlsx，zip 格式）", "不是 zip 文件"))
        return read_xlsx_sheets(path, label)
    if len(data) >= LEAN_FROM_BYTES and data.lstrip(_BLANK)[:1] in (b"{", b"["):
        # JSON: decoded straight into the sheets where it can be (a small file is read the standard way, to the
        # same sheets, without importing msgspec and generating the readers: ~15 ms of a few sheets' audit)
        from ._fastjson import read_json_lean

        sheets = read_json_lean(data, str(path), label)
        if sheets is not None:
            return sheets
    text, _ = decode(data, path)
    if not text.strip():
        raise InputError(problem_at(str(path), None, "有内容的自评表文件", "文件为空"))
    head = text.lstrip()
    if suffix == ".json" or head.startswith(("{", "[")):
        from .native import read_json_sheets

        return read_json_sheets(text, str(path), label)
    if suffix in (".yaml", ".yml") or head.startswith(("格式:", "格式：", "---", "项目名称:", "自评表:")):
        from .native import read_yaml_sheets

        return read_yaml_sheets(text, str(path), label)
    return read_text_sheets(text, str(path), label)


def text_grid(text: str, file: str) -> list[list[Cell]]:
    """Lines as rows, tab-separated cells, each at its line."""
    from .grid import Cell

    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        location = Location(file, number)
        rows.append([Cell(part.strip(), location) for part in line.split("\t")])
    return rows


def read_text_sheets(text: str, file: str, label: str) -> list[SelfEvaluation]:
    """Sheets from the text a PDF extractor gave (see examples/audit/*.txt), or any other text copy."""
    from ..sources.text import layout_of

    layout = layout_of(text)
    if layout != "text-tab":
        from ..forms import read_sheets_grid
        from ..sources.text import text_grid as source_grid

        return read_sheets_grid(source_grid(text, file, layout), label)
    from .grid import parse_form

    sheets = parse_form(text_grid(text, file), file, label)
    if len(sheets) > 1:
        import attrs

        sheets = [attrs.evolve(s, label=f"{label}#{i}") for i, s in enumerate(sheets, start=1)]
    return sheets


def excel_text(cell) -> str:
    """A worksheet cell as the text a user sees: `95%` for a percent-formatted 0.95, else the Excel helper's text."""
    from ..xlsx import cell_text, is_percent, number_to_decimal

    try:
        if is_percent(cell):
            return format((number_to_decimal(cell.value) * 100).normalize(), "f") + "%"
        return cell_text(cell)
    except ValueError:  # an Excel error value such as #DIV/0!
        return str(getattr(cell, "value", "") or "").strip()


def read_xlsx_sheets(path: Path, label: str) -> list[SelfEvaluation]:
    """Sheets from a workbook: each worksheet in the form layout (one 自评表) or the flat layout (many).

    The workbook is opened through the Excel helper's guarded reader (`perfeval.xlsx._workbook`):
    corrupt or oversized files are refused and formulas Excel never calculated are reported by
    cell instead of being read as empty. Merged 一级/二级 cells are filled down by the grid parser.
    """
    from ..errors import Problems
    from ..xlsx import Workbook
    from .grid import Cell, key, parse_flat, parse_form

    problems = Problems()
    sheets: list[SelfEvaluation] = []
    with Workbook(path) as book:
        for worksheet in book.sheets(problems):
            grid = []
            for number, cells in worksheet.rows():
                row = [Cell(excel_text(cell), Location(str(path), None, worksheet.ref(number, column)))
                       for column, cell in enumerate(cells, start=1)]
                if any(c.text for c in row):
                    grid.append(row)
            if not grid:
                continue
            flat = any({"三级指标", "项目名称"} <= {key(c.text) for c in row} or
                       {"三级指标", "项目编码"} <= {key(c.text) for c in row} for row in grid[:5])
            where = f"{label}[{worksheet.title}]"
            try:
                sheets.extend(parse_flat(grid, str(path), where) if flat else parse_form(grid, str(path), where))
            except InputError as exc:
                if not flat and "没有找到自评表" in exc.render():
                    continue  # a worksheet of notes or instructions
                problems.extend(p for p in exc.problems if not isinstance(p, str))
    problems.raise_if_any()
    if not sheets:
        raise InputError(problem_at(str(path), None, "含自评表的工作表（表单版式或平铺版式，见 docs/audit.md）",
                                    "没有找到" + (f"（{book.skipped()}）" if book.hidden else "")))
    return sheets
