"""perfeval.xlsx._guard and _workbook: malformed, hostile and huge workbooks fail fast with an InputError."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from perfeval.errors import InputError
from perfeval.xlsx import read_document_xlsx
from perfeval.xlsx._workbook import Merges, cell_ref


def _rewrite(path, member, transform):
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    changed = transform(parts[member])
    assert changed != parts[member]
    parts[member] = changed
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.fixture
def small_book(tmp_path):
    path = tmp_path / "small.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "清单"
    wb.active.append(["项目名称", "三级指标", "指标性质"])
    wb.active.append(["P0000001-项目甲", "数量", "定性"])
    wb.save(path)
    return path


def _fails_fast(path, pattern):
    """The checks run before any row is parsed; benchmarks/xlsx_guard.py times them."""
    with pytest.raises(InputError, match=pattern) as err:
        read_document_xlsx(path)
    return err.value


def test_small_book_reads(small_book):
    assert read_document_xlsx(small_book).target_tables[0].project_code == "P0000001"


def test_missing_file(tmp_path):
    _fails_fast(tmp_path / "nope.xlsx", "不存在")


def test_not_a_zip(tmp_path):
    path = tmp_path / "text.xlsx"
    path.write_text("项目名称,三级指标\n", encoding="utf-8")
    _fails_fast(path, "不是 zip")


def test_old_xls(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _fails_fast(path, "另存为 .xlsx")


def test_zip_without_a_workbook(tmp_path):
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    _fails_fast(path, "不是 Excel 文件")


def test_truncated_workbook(small_book, tmp_path):
    data = small_book.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    _fails_fast(path, "xlsx|zip")


def test_corrupt_sheet_xml(small_book):
    _rewrite(small_book, "xl/worksheets/sheet1.xml", lambda b: b.replace(b"</sheetData>", b"<row><c r=\"A9\"><v>1"))
    _fails_fast(small_book, "损坏")


def test_huge_declared_dimension_is_refused_before_reading_rows(small_book):
    _rewrite(small_book, "xl/worksheets/sheet1.xml",
             lambda b: b.replace(b'<dimension ref="A1:C2"', b'<dimension ref="A1:XFD1048576"'))
    _fails_fast(small_book, "清单.*单元格")


def test_dimension_beyond_excel_limits_is_refused(small_book):
    _rewrite(small_book, "xl/worksheets/sheet1.xml",
             lambda b: b.replace(b'<dimension ref="A1:C2"', b'<dimension ref="A1:C99999999"'))
    _fails_fast(small_book, "上限")


def test_zip_bomb_is_refused_by_its_compression_ratio(small_book):
    # 40 MB of one repeated byte deflates to about 40 KB: a ratio no real sheet has.
    _rewrite(small_book, "xl/worksheets/sheet1.xml", lambda b: b + b" " * (40 << 20))
    _fails_fast(small_book, "压缩比")


def test_absurd_merged_ranges_are_refused(small_book):
    merges = b"".join(b'<mergeCell ref="A%d:XFD%d"/>' % (r, r) for r in range(1, 200))
    _rewrite(small_book, "xl/worksheets/sheet1.xml",
             lambda b: b.replace(b"</sheetData>", b'</sheetData><mergeCells count="199">' + merges + b"</mergeCells>"))
    _fails_fast(small_book, "合并单元格")


def test_cell_references_quote_sheet_names_only_when_excel_would():
    assert cell_ref("附件12-4", 12, 4) == "附件12-4!D12"
    assert cell_ref("My Sheet", 1, 28) == "'My Sheet'!AB1"


def test_merges_find_the_top_left_cell():
    merges = Merges(["B12:B14", "C12:D13", "A1:I1"])
    assert merges.origin(13, 2) == (12, 2)
    assert merges.origin(12, 2) is None  # the top-left is itself
    assert merges.origin(15, 2) is None
    assert merges.origin(13, 4) == (12, 3)
    assert merges.origin(1, 9) == (1, 1)
    assert merges.origin(2, 9) is None
