"""The old-Excel source adapter: merged cells, title rows above the header, numbers as shown, hidden sheets."""

from __future__ import annotations

import pytest

from perfeval.errors import InputError
from perfeval.sources.xls import read_grid

xlwt = pytest.importorskip("xlwt", reason="writing .xls test files needs xlwt (pip install -e '.[corpus]')")


def write(path):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("部门项目支出绩效目标05-2")
    sheet.write_merge(0, 0, 0, 5, "2021年部门项目支出绩效目标表")
    sheet.write(1, 5, "单位：万元")
    for col, text in enumerate(["项目名称", "一级指标", "三级指标", "指标值", "权重", "完成率"]):
        sheet.write(2, col, text)
    sheet.write_merge(3, 4, 0, 0, "0101-困难群众救助")
    sheet.write(3, 1, "产出指标")
    sheet.write(3, 2, "救助人数")
    sheet.write(3, 3, 1320000.0)
    sheet.write(3, 4, 30.0)
    sheet.write(3, 5, 0.95, xlwt.easyxf(num_format_str="0.00%"))
    sheet.write(4, 2, "资金")
    sheet.write(4, 3, 972.2, xlwt.easyxf(num_format_str="0.00"))
    sheet.write(4, 4, 0.1 + 0.2)
    hidden = book.add_sheet("代码表")
    hidden.write(0, 0, "001")
    hidden.visibility = 1
    book.save(str(path))
    return path


def test_title_rows_merged_cells_numbers_and_hidden_sheet(tmp_path):
    path = write(tmp_path / "export.xls")
    grid = read_grid(path, path.read_bytes())
    assert [row.texts()[0] for row in grid if row.is_free_text] == ["2021年部门项目支出绩效目标表", "单位：万元"]
    rows = grid.tables()[1]
    assert [r.texts(fill=True) for r in rows] == [
        ["项目名称", "一级指标", "三级指标", "指标值", "权重", "完成率"],
        ["0101-困难群众救助", "产出指标", "救助人数", "1320000", "30", "95.00%"],
        ["0101-困难群众救助", "", "资金", "972.20", "0.3", ""]]
    assert rows[2].cells[0].covered and rows[1].cells[0].rowspan == 2
    assert str(rows[1].cells[3].location) == f"{path}:4 (部门项目支出绩效目标05-2!D4)"
    assert len(grid.problems) == 1 and "代码表" in grid.problems[0].render() and "隐藏" in grid.problems[0].render()


def test_not_an_xls_is_refused(tmp_path):
    path = tmp_path / "x.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Workbook".encode("utf-16-le"))
    with pytest.raises(InputError) as caught:
        read_grid(path, path.read_bytes())
    assert "x.xls" in str(caught.value) and "损坏" in str(caught.value)
