"""The Word source adapter: merged cells from the XML, paragraphs as free text, .doc refused."""

from __future__ import annotations

import pytest

from perfeval.errors import InputError
from perfeval.sources import ole2_kind
from perfeval.sources.docx import read_grid

docx = pytest.importorskip("docx")


def write(path):
    document = docx.Document()
    document.add_paragraph("附件2")
    document.add_paragraph("2022年度项目支出绩效自评表")
    document.add_paragraph("填报单位：某 局\t\t单位：万元")
    table = document.add_table(rows=5, cols=5)
    for i, text in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]):
        table.cell(0, i).text = text
    table.cell(1, 0).merge(table.cell(3, 0)).text = "产出指标"
    for col, text in enumerate(["数量指标", "培训人次", "≥500人次", "520人次"], start=1):
        table.cell(1, col).text = text
    table.cell(2, 1).merge(table.cell(3, 1)).text = "质量指标"
    table.cell(2, 2).text = "合格率"
    table.cell(3, 2).text = "优良率"
    table.cell(4, 0).merge(table.cell(4, 4)).text = "注：金额单位为万元"
    document.add_paragraph("")
    document.add_paragraph("填报人：王某")
    document.save(str(path))
    return path


def test_merged_cells_and_paragraphs(tmp_path):
    path = write(tmp_path / "self.docx")
    grid = read_grid(path, path.read_bytes())
    assert grid.source == "docx"
    assert [row.texts()[0] for row in grid if row.is_free_text] == ["附件2", "2022年度项目支出绩效自评表",
                                                                      "填报单位：某局  单位：万元", "填报人：王某"]
    rows = grid.tables()[1]
    assert [r.texts(fill=True) for r in rows[1:4]] == [
        ["产出指标", "数量指标", "培训人次", "≥500人次", "520人次"],
        ["产出指标", "质量指标", "合格率", "", ""],
        ["产出指标", "质量指标", "优良率", "", ""]]
    first = rows[1].cells[0]
    assert (first.rowspan, first.colspan) == (3, 1)
    assert rows[3].cells[0].covered and rows[3].cells[0].anchor is first
    assert (rows[2].cells[1].rowspan, rows[3].cells[1].covered) == (2, True)
    note = rows[4].cells
    assert (note[0].text, note[0].colspan, [c.covered for c in note[1:]]) == ("注：金额单位为万元", 5, [True] * 4)
    assert str(rows[2].cells[2].location) == f"{path} (表1 第3行第3列)"


def test_old_doc_is_named_and_told_to_save_as_docx(tmp_path):
    # an OLE2 header and a directory entry naming the WordDocument stream, as Word 97-2003 writes
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 64
    path = tmp_path / "自评表.docx"
    path.write_bytes(data)
    assert ole2_kind(data) == "doc"
    with pytest.raises(InputError) as caught:
        read_grid(path, data)
    assert ".doc" in str(caught.value) and "另存为" in str(caught.value)


def test_broken_docx_is_refused(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError) as caught:
        read_grid(path, path.read_bytes())
    assert "broken.docx" in str(caught.value) and "损坏" in str(caught.value)


def test_content_controls_are_read(tmp_path):
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("附件1")
    sdt = parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtContent>'
        '<w:p><w:r><w:t>项目支出绩效目标表</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    document.element.body.insert(1, sdt)
    path = tmp_path / "sdt.docx"
    document.save(str(path))
    assert [row.texts() for row in read_grid(path, path.read_bytes())] == [["附件1"], ["项目支出绩效目标表"]]
