"""perfeval.xlsx._write: streamed workbooks (one sheet at a time), and refusals made before any work."""

from __future__ import annotations

import os
from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.worksheet import _writer

from perfeval.cli import cli
from perfeval.errors import InputError
from perfeval.readers import read_document
from perfeval.writers.native import dump_yaml
from perfeval.xlsx import _write, read_document_xlsx, write_document_xlsx, write_findings_xlsx, write_score_xlsx
from perfeval.xlsx._write import Book, Styled

from .conftest import EXAMPLES, SEED
from .test_xlsx_score import SHEET

ACTUALS = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def test_write_only_book_closes_each_sheet_before_the_next(tmp_path, monkeypatch):
    """No file stays open per sheet: openpyxl's temporary file is closed as soon as its sheet is written."""
    opened = []
    original = _writer.create_temporary_file
    monkeypatch.setattr(_writer, "create_temporary_file", lambda suffix="": opened.append(1) or original(suffix))
    built = []

    def build(n):
        built.append(n)
        return ([["表", Decimal(n)], [f"=SUM(A{n})", Styled(Decimal("1.50"), "0.00")]], [], None)

    book = Book()
    for n in range(40):
        book.add_sheet(f"表{n}", build=lambda n=n: build(n))
    assert built == list(range(40)) and opened == []  # measured and checked, nothing written yet
    before = _open_descriptors()
    fds = []
    real_write_sheet = _write._write_sheet
    monkeypatch.setattr(_write, "_write_sheet", lambda wb, spec: (real_write_sheet(wb, spec), fds.append(_open_descriptors())))
    book.save(tmp_path / "many.xlsx")
    assert len(opened) == 40 and max(fds) <= before + 1
    wb = openpyxl.load_workbook(tmp_path / "many.xlsx")
    ws = wb["表39"]
    assert ws["B1"].value == 39 and ws["A2"].value == "=SUM(A39)" and ws["A2"].data_type == "s"
    assert ws["B2"].number_format == "0.00" and ws.dimensions == "A1:B2"


def test_write_only_book_refuses_a_bad_cell_before_writing_anything(tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(_writer, "create_temporary_file", lambda suffix="": opened.append(1))
    book = Book()
    book.add_sheet("好", build=lambda: ([["a"]], [], None))
    with pytest.raises(InputError, match="控制字符"):
        book.add_sheet("坏", build=lambda: ([["ok"], ["bad\x01"]], [], None))
    assert opened == [] and not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("layout", ["form", "flat"])
def test_write_only_round_trip_of_the_seed_keeps_its_yaml_byte_identical(tmp_path, layout):
    doc = read_document(SEED)
    path = tmp_path / f"{layout}.xlsx"
    write_document_xlsx(doc, path, layout=layout)
    assert dump_yaml(read_document_xlsx(path)) == dump_yaml(doc)


def test_write_only_flat_sheet_is_one_streamed_sheet_with_a_dimension(tmp_path):
    doc = read_document(SEED)
    path = tmp_path / "flat.xlsx"
    write_document_xlsx(doc, path, layout="flat")
    ws = openpyxl.load_workbook(path, read_only=True)["项目绩效目标"]
    rows = 1 + sum(len(t.indicators) or 1 for t in doc.target_tables)
    assert ws.max_row == rows and ws.calculate_dimension().endswith(str(rows))


def test_sheet_count_refusal_for_the_form_layout_names_the_flat_layout(tmp_path, monkeypatch):
    monkeypatch.setattr(_write, "MAX_SHEETS", 10)
    doc = read_document(SEED)
    path = tmp_path / "form.xlsx"
    with pytest.raises(InputError) as info:
        write_document_xlsx(doc, path, layout="form")
    problem = info.value.problems[0]
    assert "最多 10 张工作表" in problem.expected and "--layout flat" in problem.expected
    assert "17 张项目绩效目标表" in problem.found and not path.exists()
    write_document_xlsx(doc, path, layout="flat")  # one sheet for all tables: allowed
    assert path.exists()


def test_sheet_count_refusal_for_the_score_sheet_comes_before_scoring(tmp_path, monkeypatch):
    monkeypatch.setattr(_write, "MAX_SHEETS", 10)
    import perfeval.readers.actuals

    monkeypatch.setattr(perfeval.readers.actuals, "read_actuals", lambda *a: pytest.fail("read actuals before refusing"))
    path = tmp_path / "score.xlsx"
    result = CliRunner().invoke(cli, ["score", str(SEED), str(ACTUALS), "-o", str(path)])
    assert result.exit_code == 2
    assert "最多 10 张工作表" in result.stderr and "17 个项目" in result.stderr and "Traceback" not in result.stderr
    assert not path.exists()


def test_sheet_count_refusal_through_convert_exits_2_without_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(_write, "MAX_SHEETS", 10)
    path = tmp_path / "form.xlsx"
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(path)])
    assert result.exit_code == 2 and "--layout flat" in result.stderr and "Traceback" not in result.output
    assert not path.exists()


def test_sheet_rows_refusal_for_a_flat_layout_longer_than_excel(tmp_path, monkeypatch):
    monkeypatch.setattr(_write, "EXCEL_MAX_ROWS", 20)
    with pytest.raises(InputError) as info:
        write_document_xlsx(read_document(SEED), tmp_path / "flat.xlsx", layout="flat")
    assert "最多 20 行" in info.value.problems[0].expected


def test_score_and_findings_workbooks_still_write_within_the_limits(tmp_path):
    write_score_xlsx(SHEET, tmp_path / "s.xlsx")
    assert openpyxl.load_workbook(tmp_path / "s.xlsx").sheetnames == ["汇总", "附件12-4"]
    report = {"findings": [{"severity": "warning", "code": "W1", "message": "=1+1", "location": {"line": 3}},
                           {"severity": "error", "code": "E1", "message": "m", "location": {}}],
              "summary": {"error": 1, "warning": 1, "info": 0, "files": 1}}
    write_findings_xlsx(report, tmp_path / "f.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx")["问题清单"]
    assert [c.value for c in ws["B"]] == ["代码", "E1", "W1"] and ws["F3"].value == "=1+1" and ws["F3"].data_type == "s"
