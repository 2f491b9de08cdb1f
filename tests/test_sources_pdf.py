"""The PDF source adapter: ruled and unruled tables, merged cells, page breaks, refusals."""

from __future__ import annotations

import pytest

from perfeval.errors import InputError
from perfeval.sources.pdf import read_grid

pytest.importorskip("reportlab", reason="writing test PDFs needs reportlab (pip install -e '.[test]')")

from .corpus.pdfwriter import Table, drawn_pdf, ruled_pdf, unruled_pdf  # noqa: E402

HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "指标解释"]


def read(path):
    return read_grid(path, path.read_bytes())


def table_rows(grid, number=1):
    return [row.texts(fill=True) for row in grid.tables()[number]]


def test_ruled_table_keeps_merged_cells_and_free_text(tmp_path):
    rows = [HEADER,
            ["产出指标", "数量指标", "培训人次", "≥500人次", "签到表"],
            ["", "质量指标", "培训合格率", "≥95%", "考试合格人数/参训人数"],
            ["效益指标", "社会效益指标", "就业率", "≥80%", ""]]
    path = ruled_pdf(tmp_path / "a.pdf", ["#2025年项目支出绩效目标表", "单位：万元",
                                          Table(rows, spans=[((0, 1), (0, 2))]), "注：指标值为年度目标。"])
    grid = read(path)
    assert grid.source == "pdf"
    free = [row.texts()[0] for row in grid if row.is_free_text]
    assert free == ["2025年项目支出绩效目标表", "单位：万元", "注：指标值为年度目标。"]
    got = table_rows(grid)
    assert got[0] == HEADER
    assert got[2] == ["产出指标", "质量指标", "培训合格率", "≥95%", "考试合格人数/参训人数"]
    anchor, covered = grid.tables()[1][1].cells[0], grid.tables()[1][2].cells[0]
    assert (anchor.text, anchor.rowspan, covered.covered, covered.anchor is anchor) == ("产出指标", 2, True, True)
    assert got[3][4] == ""
    title = grid.rows[0]
    assert (title.location.page, title.location.line) == (1, 1)


def test_table_over_pages_drops_repeated_header_and_keeps_one_number(tmp_path):
    rows = [HEADER] + [["产出指标", "数量指标", f"指标{i}", str(i), "说明"] for i in range(70)]
    path = ruled_pdf(tmp_path / "long.pdf", ["#2024年项目支出绩效目标表", Table(rows, header=1)])
    grid = read(path)
    assert set(grid.tables()) == {1}
    got = table_rows(grid)
    assert got.count(HEADER) == 1
    assert [r[2] for r in got[1:]] == [f"指标{i}" for i in range(70)]
    assert grid.tables()[1][-1].location.page == 2


def test_row_cut_by_page_break_is_rejoined(tmp_path):
    widths = [70, 70, 90, 50, 200]
    path = drawn_pdf(tmp_path / "cut.pdf", [
        ["2024年项目支出绩效目标表", (widths, [HEADER, ["产出指标", "数量指标", "培训人次", "500", "按培训签到\n表统计"],
                                              ["产出指标", "质量指标", "合格率", "95", "考试合格人数除以"]]), "1"],
        ["2024年项目支出绩效目标表", (widths, [HEADER, ["", "", "", "", "参训总人数"],
                                              ["效益指标", "社会效益指标", "就业率", "80", "回访统计"]]), "2"]])
    grid = read(path)
    assert table_rows(grid) == [HEADER,
                                ["产出指标", "数量指标", "培训人次", "500", "按培训签到表统计"],
                                ["产出指标", "质量指标", "合格率", "95", "考试合格人数除以参训总人数"],
                                ["效益指标", "社会效益指标", "就业率", "80", "回访统计"]]
    assert [row.texts()[0] for row in grid if row.is_free_text] == ["2024年项目支出绩效目标表"]


def test_table_without_rules_is_read_by_column_positions(tmp_path):
    xs = [40, 140, 250, 420, 520, 600]
    rows = [["一级指标", "二级指标", "三级指标", "指标值", "度量单位", "权重"],
            ["产出指标", "数量指标", "培训人次", "≥500", "人次", "10"],
            ["", "质量指标", "合格率", "≥95%", "%", "10"],
            ["效益指标", "", "", "", "", ""],
            ["", "社会效益指标", "就业率", "≥80%", "%", "20"]]
    path = unruled_pdf(tmp_path / "plain.pdf", [["#2023年部门整体支出绩效目标表", "单位名称：某某局" + " " * 20 + "单位：万元",
                                                 (xs, rows), "注：无。"]])
    grid = read(path)
    assert table_rows(grid) == rows
    assert [row.texts()[0] for row in grid if row.is_free_text] == [
        "2023年部门整体支出绩效目标表", "单位名称：某某局  单位：万元", "注：无。"]


def test_wrapped_paragraph_is_one_row(tmp_path):
    long = "根据部门职能职责，开展全民参保扩面宣传，" * 12
    path = ruled_pdf(tmp_path / "p.pdf", ["一、单位基本情况", long, "二、部门收支总体情况"])
    assert [row.texts()[0] for row in read(path)] == ["一、单位基本情况", long, "二、部门收支总体情况"]


def test_scanned_pdf_says_it_needs_ocr(tmp_path):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "scan.pdf"))
    c.rect(50, 50, 400, 600, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(InputError) as caught:
        read(tmp_path / "scan.pdf")
    assert "没有文字层" in str(caught.value) and "OCR" in str(caught.value)


def test_encrypted_pdf_says_it_needs_a_password(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "locked.pdf"), encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="o"))
    c.drawString(72, 720, "table")
    c.save()
    with pytest.raises(InputError) as caught:
        read(tmp_path / "locked.pdf")
    assert "已加密" in str(caught.value) and "locked.pdf" in str(caught.value)


@pytest.mark.parametrize("cut", ["half", "header-only", "not-pdf"])
def test_damaged_pdf_is_refused_clearly(tmp_path, cut):
    good = ruled_pdf(tmp_path / "good.pdf", ["#标题", Table([HEADER, ["a", "b", "c", "1", "x"]])]).read_bytes()
    data = {"half": good[: len(good) // 2], "header-only": b"%PDF-1.4\n", "not-pdf": b"<html>not a pdf</html>"}[cut]
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read(path)
    message = str(caught.value)
    assert "bad.pdf" in message and ("损坏" in message or "不是 PDF" in message)


def test_merged_cell_cut_by_page_break_stays_one_merge(tmp_path):
    widths = [70, 70, 120, 50]
    header = HEADER[:4]
    path = drawn_pdf(tmp_path / "merge.pdf", [
        ["2024年项目支出绩效目标表", (widths, [header, ["产出指标", "数量指标", "培训人次", "500"],
                                              [None, None, "发放人数", "300"]])],
        ["2024年项目支出绩效目标表", (widths, [header, ["", "", "宣传场次", "20"], [None, None, "资料份数", "900"]])]])
    grid = read(path)
    rows = grid.tables()[1]
    assert [r.texts(fill=True) for r in rows[1:]] == [["产出指标", "数量指标", "培训人次", "500"],
                                                      ["产出指标", "数量指标", "发放人数", "300"],
                                                      ["产出指标", "数量指标", "宣传场次", "20"],
                                                      ["产出指标", "数量指标", "资料份数", "900"]]
    anchor = rows[1].cells[0]
    assert anchor.rowspan == 2 and all(r.cells[0].anchor is anchor for r in rows[2:])
    assert rows[3].location.page == 2


def test_a_scanned_page_among_text_pages_is_reported(tmp_path):
    from reportlab.pdfgen import canvas

    from .corpus.pdfwriter import FONT, _font

    _font()
    c = canvas.Canvas(str(tmp_path / "mixed.pdf"))
    c.setFont(FONT, 12)
    c.drawString(72, 720, "2025年项目支出绩效目标表")
    c.showPage()
    c.drawInlineImage(_tiny_png(tmp_path), 72, 400, 200, 200)
    c.showPage()
    c.save()
    grid = read(tmp_path / "mixed.pdf")
    assert [row.texts()[0] for row in grid] == ["2025年项目支出绩效目标表"]
    assert len(grid.problems) == 1 and "第 2 页" in grid.problems[0].render() and "OCR" in grid.problems[0].render()


def _tiny_png(tmp_path):
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 4 for _ in range(4))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path = tmp_path / "scan.png"
    path.write_bytes(png)
    return str(path)


def test_right_aligned_amounts_stay_in_their_columns(tmp_path):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    from .corpus.pdfwriter import FONT, _font

    _font()
    rows = [["项目", "预算数", "执行数", "说明"], ["一般公共预算拨款", "3,151.93", "3,033.16", "含结转资金"],
            ["其中：基本支出", "972.2", "951.07", ""], ["政府性基金", "0", "0", ""]]
    c = canvas.Canvas(str(tmp_path / "right.pdf"), pagesize=landscape(A4))
    c.setFont(FONT, 9)
    y = 540
    for name, budget, spent, note in rows:
        c.drawString(40, y, name)
        c.drawRightString(300, y, budget)  # amounts printed flush right, as budget tables print them
        c.drawRightString(420, y, spent)
        c.drawString(460, y, note)
        y -= 17
    c.save()
    assert table_rows(read(tmp_path / "right.pdf")) == rows
