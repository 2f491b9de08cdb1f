"""The HTML source adapter: loose markup, rowspan/colspan, layout tables, text between tables."""

from __future__ import annotations

from perfeval.sources.html import read_grid

PAGE = """<html><head><meta charset="gb2312"><title>公开</title><script>var t = "<table><tr><td>x";</script></head>
<body><table width=100%><tr><td>
<p align=center><b>2020年项目支出绩效目标表</b></p>
<div>单位：万元<br>编制单位：某某局</div>
<table border=1>
<tr><th>一级指标<th>二级指标<th>三级指标<th>指标值
<tr><td rowspan=2>产出指标<td>数量指标<td>培训人次<td>&ge;500人次
<tr><td>质量指标<td>合格率<td>&ge;95%
<tr><td colspan="2">效益指标<td>就业率<td>
<tr><td>满意度<td colspan=3>&nbsp;</td></tr>
</table>
<p>注：以上数据为计划数。</p>
</td></tr></table></body></html>
"""


def test_rowspan_colspan_and_text_between_tables(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.encode("gb18030"))
    grid = read_grid(path, path.read_bytes())
    assert [row.texts()[0] for row in grid if row.is_free_text] == [
        "2020年项目支出绩效目标表", "单位：万元", "编制单位：某某局", "注：以上数据为计划数。"]
    assert list(grid.tables()) == [1]  # the layout table around it is not a table of data
    rows = grid.tables()[1]
    assert [r.texts(fill=True) for r in rows] == [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训人次", "≥500人次"],
        ["产出指标", "质量指标", "合格率", "≥95%"],
        ["效益指标", "效益指标", "就业率", ""],
        ["满意度", "", "", ""]]
    assert rows[2].cells[0].covered and rows[2].cells[0].anchor is rows[1].cells[0]
    assert rows[3].cells[1].anchor is rows[3].cells[0] and rows[3].cells[0].colspan == 2
    assert rows[2].cells[1].location.cell == "表1 第3行第2列"
    assert rows[1].location.line == 7  # the line of its <tr> in the page source


def test_utf8_page_without_declared_charset(tmp_path):
    path = tmp_path / "p.htm"
    path.write_text("<table><tr><td>部门（单位）名称</td><td>某某局</td></tr></table>", encoding="utf-8")
    grid = read_grid(path, path.read_bytes())
    assert grid.rows[0].texts() == ["部门（单位）名称", "某某局"]


def test_cells_without_rows_and_text_outside_cells_are_kept(tmp_path):
    path = tmp_path / "loose.html"
    path.write_text("<table>单位：万元<td>项目名称</td><td>培训补贴</td></table>", encoding="utf-8")
    grid = read_grid(path, path.read_bytes())
    assert [row.texts() for row in grid] == [["单位：万元"], ["项目名称", "培训补贴"]]
