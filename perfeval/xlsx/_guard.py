"""Checks a workbook must pass before openpyxl parses it.

An .xlsx file is a zip of XML parts; a corrupt, renamed or hostile file must give
one clear InputError at once, not a traceback or minutes of parsing. The zip's
central directory declares every part's size, and Python's zipfile never returns
more than the declared size, so checking the declarations bounds all later work.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError, problem_at

# Limits, chosen far above any real budget workbook (a province's flat export of
# 300 000 indicators is about 250 MB of sheet XML) and far below what would hang.
MAX_PARTS = 10_000
MAX_UNCOMPRESSED_BYTES = 1 << 30          # all parts together, 1 GiB
MAX_RATIO = 1000                            # uncompressed / compressed size of one part
RATIO_CHECK_FROM = 10 << 20                 # parts smaller than 10 MiB may compress as they like
MAX_ROWS = 1_048_576                        # Excel's own sheet limits
MAX_COLUMNS = 16_384
MAX_CELLS = 60_000_000                      # declared rows x columns of one sheet
MAX_MERGED_COLUMNS = 2_000_000              # merged ranges x the columns each spans, per sheet

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_archive(path: str | Path) -> None:
    """Refuse files that are not an .xlsx zip, or whose parts would unpack to too much."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            magic = handle.read(8)
    except FileNotFoundError:
        raise InputError(problem_at(name, None, "一个存在的 Excel 文件", "文件不存在")) from None
    except IsADirectoryError:
        raise InputError(problem_at(name, None, "一个 Excel 文件", "这是一个目录")) from None
    except OSError as exc:
        raise InputError(problem_at(name, None, "可读取的 Excel 文件", exc.strerror or str(exc))) from None
    if magic == _OLE2:
        raise InputError(problem_at(
            name, None, "Excel 2007 及以上的 .xlsx 工作簿",
            "旧版 .xls 或加密的工作簿；请在 Excel 中另存为 .xlsx（不加密码）"))
    if not zipfile.is_zipfile(path):
        raise InputError(problem_at(name, None, "Excel .xlsx 工作簿（zip 格式）", "不是 zip 文件，文件可能已损坏或并非 Excel 文件"))
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(problem_at(name, None, "完好的 .xlsx 工作簿", f"zip 结构损坏（{exc}）")) from None
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
        raise InputError(problem_at(name, None, "Excel .xlsx 工作簿", "zip 中没有工作簿（xl/workbook.xml），不是 Excel 文件"))
    if len(parts) > MAX_PARTS:
        raise InputError(problem_at(name, None, f"至多 {MAX_PARTS} 个部件的工作簿", f"{len(parts)} 个部件"))
    total = sum(part.file_size for part in parts)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputError(problem_at(
            name, None, f"解压后不超过 {MAX_UNCOMPRESSED_BYTES >> 20} MB 的工作簿", f"解压后 {total >> 20} MB"))
    for part in parts:
        if part.file_size >= RATIO_CHECK_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise InputError(problem_at(
                name, None, f"压缩比不超过 {MAX_RATIO}:1 的部件",
                f"{part.filename} 压缩比 {part.file_size // max(part.compress_size, 1)}:1（疑似 zip 炸弹）"))


def check_dimensions(path: str | Path, title: str, max_row: int | None, max_column: int | None) -> None:
    """Refuse a sheet whose declared size is beyond Excel's limits or ours, before reading a row."""
    rows, columns = max_row or 0, max_column or 0
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise InputError(problem_at(
            str(path), None, f"工作表“{title}”的尺寸在 Excel 上限内（{MAX_ROWS} 行、{MAX_COLUMNS} 列）",
            f"声明 {rows} 行、{columns} 列，文件已损坏"))
    if rows * columns > MAX_CELLS:
        raise InputError(problem_at(
            str(path), None, f"工作表“{title}”至多 {MAX_CELLS} 个单元格",
            f"声明 {rows} 行 × {columns} 列"))
