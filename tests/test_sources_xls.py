"""The old-Excel source adapter: merged cells, title rows above the header, numbers as shown, hidden sheets.

tests/corpus/fixture-formats.xls is written by tests/corpus/make_corpus.py (xlwt, the corpus extra).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfeval.errors import InputError
from perfeval.sources.xls import read_grid

FIXTURE = Path(__file__).resolve().parent / "corpus" / "fixture-formats.xls"


def test_title_rows_merged_cells_numbers_and_hidden_sheet():
    grid = read_grid(FIXTURE, FIXTURE.read_bytes())
    assert grid.source == "xls"
    assert [row.texts()[0] for row in grid if row.is_free_text] == ["2021年部门项目支出绩效目标表", "单位：万元"]
    rows = grid.tables()[1]
    assert [r.texts(fill=True) for r in rows] == [
        ["项目名称", "一级指标", "三级指标", "指标值", "权重", "完成率"],
        ["0101-困难群众救助", "产出指标", "救助人数", "1320000", "30", "95.00%"],
        ["0101-困难群众救助", "", "资金", "972.20", "0.3", ""]]
    assert rows[2].cells[0].covered and rows[1].cells[0].rowspan == 2
    assert str(rows[1].cells[3].location) == f"{FIXTURE}:4 (部门项目支出绩效目标05-2!D4)"
    assert len(grid.problems) == 1 and "代码表" in grid.problems[0].render() and "隐藏" in grid.problems[0].render()


def test_not_an_xls_is_refused(tmp_path):
    path = tmp_path / "x.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Workbook".encode("utf-16-le"))
    with pytest.raises(InputError) as caught:
        read_grid(path, path.read_bytes())
    assert "x.xls" in str(caught.value) and "损坏" in str(caught.value)


def test_xlsx_bytes_are_sent_to_the_xlsx_reader(tmp_path):
    path = tmp_path / "saved-as.xls"
    path.write_bytes(b"PK\x03\x04rest")
    with pytest.raises(InputError) as caught:
        read_grid(path, path.read_bytes())
    assert ".xlsx" in str(caught.value)
