"""perfeval.xlsx.document: Documents to workbooks in both layouts and back, and users' own workbooks."""

from __future__ import annotations

import zipfile
from decimal import Decimal as D

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from perfeval.errors import InputError
from perfeval.operators import Operator
from perfeval.writers.native import dump_yaml
from perfeval.xlsx import read_document_xlsx, write_document_xlsx
from .strategies import documents
from .xlsx_samples import one_sheet_book, sample_document, sample_tables


@pytest.mark.parametrize("layout", ["form", "flat"])
def test_round_trip_gives_an_equal_document(tmp_path, layout):
    doc = sample_document()
    path = tmp_path / f"doc-{layout}.xlsx"
    write_document_xlsx(doc, path, layout=layout)
    back = read_document_xlsx(path)
    assert back == doc
    # Locations point into the workbook: sheet and cell.
    location = back.target_table("50015224T000004338562").indicators[0].location
    expected = {"form": ("附件12-4!D12", 12), "flat": ("项目绩效目标!P7", 7)}[layout]
    assert (location.cell, location.line, location.file) == (*expected, str(path))


def test_form_layout_merges_level_cells_down(tmp_path):
    path = tmp_path / "form.xlsx"
    write_document_xlsx(sample_document(), path, layout="form")
    ws = openpyxl.load_workbook(path)["附件12-1"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 产出指标 covers rows 12-13, 效益指标 rows 14-16; 社会效益指标 rows 14-15; 绩效指标 label A11:A16.
    assert {"B12:B13", "B14:B16", "C12:C13", "C14:C15", "A11:A16"} <= merged
    assert ws["B12"].value == "产出指标" and ws["B13"].value is None
    assert ws["D16"].value == "参保全覆盖，提高群众保障水平"


def test_numbers_are_numbers_with_formats(tmp_path):
    path = tmp_path / "form.xlsx"
    write_document_xlsx(sample_document(), path, layout="form")
    book = openpyxl.load_workbook(path)
    ws = book["附件12-4"]
    assert (ws["B6"].value, ws["B6"].data_type, ws["B6"].number_format) == (478.5, "n", "#,##0.00")  # 478.50 as printed
    assert (ws["E13"].value, ws["E13"].data_type, ws["E13"].number_format) == (95.5, "n", "0.0")
    assert (ws["H12"].value, ws["H12"].data_type) == (20, "n")
    budget = book["附件2"]
    assert budget["A8"].value == "2080101" and budget["A8"].data_type == "s"  # a code stays text
    assert (budget["D6"].value, budget["D6"].number_format) == (3151.93, "#,##0.00")


def test_column_widths_count_chinese_characters_twice(tmp_path):
    path = tmp_path / "form.xlsx"
    write_document_xlsx(sample_document(), path, layout="form")
    ws = openpyxl.load_workbook(path)["附件12-1"]
    # Column D holds 三级指标 names; the widest, 参保全覆盖，提高群众保障水平, is 14 wide characters.
    assert ws.column_dimensions["D"].width == 14 * 2 + 2


@pytest.mark.parametrize("text", ["=1+1", "+86 023", "-5", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"点我\")"])
def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path, text):
    t1, t2 = sample_tables()
    doc = attrs.evolve(sample_document(), target_tables=[attrs.evolve(t1, basis=text, project_name=text)])
    for layout in ("form", "flat"):
        path = tmp_path / f"{layout}.xlsx"
        write_document_xlsx(doc, path, layout=layout)
        book = openpyxl.load_workbook(path)
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == text]
        assert cells, layout
        assert all(c.data_type == "s" and c.quotePrefix for c in cells)
        assert b"<f>" not in b"".join(zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()
                                      if n.startswith("xl/worksheets/"))
        assert read_document_xlsx(path) == doc


def test_project_code_that_does_not_split_cleanly_gets_its_own_row(tmp_path):
    t1, _ = sample_tables()
    odd = [attrs.evolve(t1, project_code="", project_name="ABCDEF12-看似编码的名称"),
           attrs.evolve(t1, project_code="X-1", project_name="短编码")]
    doc = attrs.evolve(sample_document(), target_tables=odd)
    path = tmp_path / "odd.xlsx"
    write_document_xlsx(doc, path)
    assert read_document_xlsx(path) == doc


def test_labels_that_do_not_look_like_attachments_survive(tmp_path):
    t1, _ = sample_tables()
    doc = sample_document()
    doc = attrs.evolve(doc, target_tables=[attrs.evolve(t1, label="表 3-1")],
                       budget_tables=[attrs.evolve(doc.budget_tables[0], label="预算表一")])
    path = tmp_path / "labels.xlsx"
    write_document_xlsx(doc, path)
    assert openpyxl.load_workbook(path)["表3-1"]["A1"].value == "表号：表 3-1"
    assert read_document_xlsx(path) == doc


def test_unknown_layout_is_refused(tmp_path):
    with pytest.raises(ValueError, match="layout"):
        write_document_xlsx(sample_document(), tmp_path / "x.xlsx", layout="wide")


# -- workbooks as users make them --------------------------------------------------------------------

FLAT_HEADER = ["项目名称", "项目编码", "计量单位", "三级指标", "指标方向", "分值", "一级指标", "二级指标", "指标值"]


def _flat_book(path, rows, header=FLAT_HEADER):
    return one_sheet_book(path, "清单", header, rows)


def test_flat_sheet_with_shuffled_aliased_headers_and_an_empty_row(tmp_path):
    path = _flat_book(tmp_path / "flat.xlsx", [
        ["社保卡制卡费项目", "50015225T000005026784", "张", "制卡数量", "≥", 30, "产出指标", "数量指标", 5000],
        [None, None, None, None, None, None, None, None, None],
        [None, None, "%", "制卡合格率", "大于等于", 20, "产出指标", "质量指标", "98.5"],
        ["社保网络系统维护费", "50015225T000005026805", None, "系统运行稳定", "定性", 40, "效益指标", "社会效益指标", "良好"],
    ])
    doc = read_document_xlsx(path)
    assert [t.project_code for t in doc.target_tables] == ["50015225T000005026784", "50015225T000005026805"]
    card = doc.target_tables[0]
    assert card.project_name == "社保卡制卡费项目"
    assert [(i.name, i.operator, i.value, i.unit.symbol, i.weight, i.level2) for i in card.indicators] == [
        ("制卡数量", Operator.GE, D("5000"), "张", D("30"), "数量指标"),
        ("制卡合格率", Operator.GE, D("98.5"), "%", D("20"), "质量指标"),
    ]
    assert card.indicators[1].location.cell == "清单!D4"
    network = doc.target_tables[1].indicators[0]
    assert (network.operator, network.value, network.text_value) == (Operator.QUALITATIVE, None, "良好")


def test_flat_sheet_with_merged_project_cells(tmp_path):
    path = _flat_book(tmp_path / "merged.xlsx", [
        ["社保卡制卡费项目", "50015225T000005026784", "张", "制卡数量", "≥", 30, "产出指标", "数量指标", 5000],
        [None, "50015225T000005026784", "%", "制卡合格率", "≥", 20, None, "质量指标", 98],
        ["社保网络系统维护费", "50015225T000005026805", "%", "系统可用率", "≥", 40, "效益指标", "社会效益指标", 99],
    ])
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("A2:A3")
    wb.active.merge_cells("G2:G3")
    wb.save(path)
    tables = read_document_xlsx(path).target_tables
    assert [(t.project_code, t.project_name, [i.level1 for i in t.indicators]) for t in tables] == [
        ("50015225T000005026784", "社保卡制卡费项目", ["产出指标", "产出指标"]),
        ("50015225T000005026805", "社保网络系统维护费", ["效益指标"]),
    ]


def test_flat_sheet_with_a_two_row_header_and_a_title_above(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "导出"
    ws.append(["2026 年项目绩效目标汇总表"])
    ws.append(["项目编码", "项目名称", "绩效指标", None, None, "指标值", "指标性质", "度量单位", "权重"])
    ws.append([None, None, "一级指标", "二级指标", "三级指标", None, None, None, None])
    ws.append(["P0000001", "项目甲", "产出指标", "数量指标", "宣传车", 2, "=", "台", 30])
    for ref in ("A2:A3", "B2:B3", "C2:E2", "F2:F3", "G2:G3", "H2:H3", "I2:I3"):
        ws.merge_cells(ref)
    ws["G4"].data_type = "s"
    wb.save(tmp_path / "two.xlsx")
    doc = read_document_xlsx(tmp_path / "two.xlsx")
    indicator = doc.target_tables[0].indicators[0]
    assert (indicator.level1, indicator.level2, indicator.name, indicator.value, indicator.weight) == (
        "产出指标", "数量指标", "宣传车", D("2"), D("30"))
    assert [(u.text, u.location.cell) for u in doc.unplaced] == [("2026 年项目绩效目标汇总表", "导出!A1")]


def test_flat_header_whose_upper_row_already_qualifies(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目编码", "项目名称", "三级指标", "指标性质", "目标", None])
    ws.append([None, None, None, None, "指标值", "度量单位"])
    ws.append(["P0000001", "项目甲", "宣传车", "≥", 2, "台"])
    ws.merge_cells("E1:F1")
    wb.save(tmp_path / "two.xlsx")
    indicator = read_document_xlsx(tmp_path / "two.xlsx").target_tables[0].indicators[0]
    assert (indicator.name, indicator.value, indicator.unit.symbol) == ("宣传车", D("2"), "台")


def test_form_without_a_grid_label_is_not_taken_for_a_two_row_header(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "P0000001-项目甲"])
    ws.append([None, "一级指标", "二级指标", "三级指标", "指标性质"])
    ws.append([None, "产出指标", "数量指标", "宣传车", "定性"])
    wb.save(tmp_path / "form.xlsx")
    table = read_document_xlsx(tmp_path / "form.xlsx").target_tables[0]
    assert (table.project_code, [i.name for i in table.indicators]) == ("P0000001", ["宣传车"])


def test_flat_sheet_with_combined_code_and_name(tmp_path):
    path = _flat_book(tmp_path / "flat.xlsx", [["50015225T000005026784-社保卡制卡费项目", "制卡数量", "≥", 5000]],
                      header=["项目名称", "三级指标", "指标性质", "指标值"])
    table = read_document_xlsx(path).target_tables[0]
    assert (table.project_code, table.project_name) == ("50015225T000005026784", "社保卡制卡费项目")


def test_extra_column_is_reported_with_its_cell(tmp_path):
    path = _flat_book(tmp_path / "extra.xlsx", [["项目甲", "P0000001", "个", "数量", "≥", 10, "产出指标", "数量指标", 5, "随便"]],
                      header=FLAT_HEADER + ["备注说明"])
    with pytest.raises(InputError) as err:
        read_document_xlsx(path)
    assert "清单!J1" in str(err.value) and "备注说明" in str(err.value)


def test_data_under_a_blank_header_is_reported(tmp_path):
    path = _flat_book(tmp_path / "extra.xlsx", [["项目甲", "P0000001", "个", "数量", "≥", 10, "产出指标", "数量指标", 5, None, "孤立"]])
    with pytest.raises(InputError, match=r"清单!K2"):
        read_document_xlsx(path)


def test_sequence_number_column_is_allowed(tmp_path):
    path = _flat_book(tmp_path / "seq.xlsx", [[1, "项目甲", "P0000001", "个", "数量", "≥", 10, "产出指标", "数量指标", 5]],
                      header=["序号"] + FLAT_HEADER)
    assert read_document_xlsx(path).target_tables[0].indicators[0].value == D("5")


def test_bad_cells_are_all_reported_with_references(tmp_path):
    path = _flat_book(tmp_path / "bad.xlsx", [
        ["项目甲", "P0000001", "公斤斤", "数量", "≥", "十", "产出指标", "数量指标", "很多"],
        ["项目甲", "P0000001", "个", "质量", "约等于", 10, "产出指标", "质量指标", 5],
    ])
    with pytest.raises(InputError) as err:
        read_document_xlsx(path)
    text = str(err.value)
    for ref in ("清单!C2", "清单!F2", "清单!I2", "清单!E3"):
        assert ref in text, ref
    assert len(err.value.problems) == 4


def test_conflicting_project_columns_are_reported(tmp_path):
    header = ["项目编码", "项目名称", "资金总额", "三级指标", "指标性质"]
    path = _flat_book(tmp_path / "conflict.xlsx", [["P0000001", "项目甲", 10, "数量", "定性"],
                                                   ["P0000001", "项目甲", 12, "质量", "定性"]], header=header)
    with pytest.raises(InputError, match=r"清单!C3.*清单!C2|清单!C2.*清单!C3"):
        read_document_xlsx(path)


def test_number_formats_give_back_the_printed_places(tmp_path):
    path = _flat_book(tmp_path / "places.xlsx", [
        ["项目甲", "P0000001", "万元", "成本", "≤", 10, "成本指标", "经济成本指标", 972.2],
        ["项目甲", "P0000001", "%", "比例", "≥", 10, "产出指标", "质量指标", 0.333],
    ])
    wb = openpyxl.load_workbook(path)
    wb.active["I2"].number_format = "#,##0.00"
    wb.active["I3"].number_format = "0.00"  # shows 0.33, holds 0.333: the value is kept whole
    wb.save(path)
    values = [i.value for i in read_document_xlsx(path).target_tables[0].indicators]
    assert [str(v) for v in values] == ["972.20", "0.333"]


def test_percent_formatted_value_is_read_as_a_percentage(tmp_path):
    path = tmp_path / "pct.xlsx"
    _flat_book(path, [["项目甲", "P0000001", None, "满意度", "≥", 10, "满意度指标", "服务对象满意度指标", 0.95]])
    wb = openpyxl.load_workbook(path)
    wb.active["I2"].number_format = "0%"
    wb.save(path)
    indicator = read_document_xlsx(path).target_tables[0].indicators[0]
    assert (indicator.value, indicator.unit.symbol) == (D("95"), "%")


def _patch_sheet(path, sheet_member, old: bytes, new: bytes):
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    if old not in parts[sheet_member] and b"<v />" in old:
        old = old.replace(b"<v />", b"<v></v>")  # openpyxl writes with lxml when installed (python-docx brings it)
    assert old in parts[sheet_member]
    parts[sheet_member] = parts[sheet_member].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_formula_cells_are_read_by_cached_value_or_reported(tmp_path):
    path = _flat_book(tmp_path / "formula.xlsx", [
        ["项目甲", "P0000001", "个", "数量", "≥", "=10+20", "产出指标", "数量指标", 5],
        ["项目甲", "P0000001", "个", "质量", "≥", "=5*2", "产出指标", "质量指标", 6],
        ["项目甲", "P0000001", "个", "时效", "≥", 10, "产出指标", "时效指标", "=A99"],
    ])
    # Excel saves each formula's last result next to it; openpyxl cannot, so add two results by hand.
    _patch_sheet(path, "xl/worksheets/sheet1.xml", b"<f>10+20</f><v />", b"<f>10+20</f><v>30</v>")
    _patch_sheet(path, "xl/worksheets/sheet1.xml", b"<f>5*2</f><v />", b"<f>5*2</f><v>10</v>")
    with pytest.raises(InputError) as err:
        read_document_xlsx(path)
    assert [p.cell for p in err.value.problems] == ["清单!I4"]
    assert "=A99" in str(err.value)
    _patch_sheet(path, "xl/worksheets/sheet1.xml", b"<f>A99</f><v />", b"<f>A99</f><v>7</v>")
    weights = [i.weight for i in read_document_xlsx(path).target_tables[0].indicators]
    values = [i.value for i in read_document_xlsx(path).target_tables[0].indicators]
    assert weights == [D("30"), D("10"), D("10")] and values == [D("5"), D("6"), D("7")]


def test_cell_beginning_with_equals_sign_is_text_not_a_formula(tmp_path):
    path = _flat_book(tmp_path / "eq.xlsx", [["项目甲", "P0000001", "%", "=完成率", "=", 10, "产出指标", "质量指标", 100]])
    wb = openpyxl.load_workbook(path)
    wb.active["D2"].data_type = "s"  # as a user's quote-prefixed entry is stored
    wb.save(path)
    indicator = read_document_xlsx(path).target_tables[0].indicators[0]
    assert (indicator.name, indicator.operator) == ("=完成率", Operator.EQ)


def test_error_value_cell_is_reported(tmp_path):
    path = _flat_book(tmp_path / "err.xlsx", [["项目甲", "P0000001", "个", "数量", "≥", 10, "产出指标", "数量指标", 5]])
    _patch_sheet(path, "xl/worksheets/sheet1.xml", b'<c r="F2" t="n"><v>10</v></c>', b'<c r="F2" t="e"><v>#DIV/0!</v></c>')
    with pytest.raises(InputError, match=r"清单!F2.*#DIV/0!"):
        read_document_xlsx(path)


def test_user_form_sheet_with_merged_levels_and_a_note_below(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目一"
    ws.append(["2026 年项目支出绩效目标表"])
    ws.append(["*项目名称", "50015224T000004337668-全民参保入户登记调查工作经费"])
    ws.append(["主管部门", "426-人社局", "实施单位", "426003-社会保险事务中心"])
    ws.append(["资金总额(万元)", "25.5", "项目属性", "新增"])
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "指标方向", "指标值", "计量单位", "分值", "核心指标"])
    ws.append([None, "产出指标", "数量指标", "流动宣传车", "=", 2, "台", 30, "是"])
    ws.append([None, None, None, "宣传资料", "≥", 1000, "张", 20, "否"])
    ws.append([None, None, "质量指标", "合格率", "≥", 95, "%", 20, None])
    ws.append([None, "效益指标", None, "群众知晓", "定性", "优", None, 20, None])
    ws.append(["填报人：张三"])
    ws.merge_cells("B6:B8")
    ws.merge_cells("C6:C7")
    ws["E6"].data_type = "s"
    wb.save(tmp_path / "form.xlsx")
    doc = read_document_xlsx(tmp_path / "form.xlsx")
    table = doc.target_tables[0]
    assert (table.title, table.project_code, table.funds, table.implementer) == (
        "2026 年项目支出绩效目标表", "50015224T000004337668", D("25.5"), "426003-社会保险事务中心")
    assert [(i.level1, i.level2, i.name, i.core) for i in table.indicators] == [
        ("产出指标", "数量指标", "流动宣传车", True),
        ("产出指标", "数量指标", "宣传资料", False),
        ("产出指标", "质量指标", "合格率", None),
        ("效益指标", None, "群众知晓", None),  # an empty, unmerged 二级指标 stays empty
    ]
    assert table.indicators[3].text_value == "优"
    assert [(u.text, u.location.cell) for u in doc.unplaced] == [("填报人：张三", "项目一!A10")]


def test_label_and_title_as_header_block_keys(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["表号", "附件 12-9", "表名", "2026 年项目支出绩效目标表-9"])
    ws.append(["项目名称", "P0000001-项目甲"])
    ws.append(["绩效指标", "三级指标", "指标性质"])
    ws.append([None, "数量", "定性"])
    wb.save(tmp_path / "form.xlsx")
    table = read_document_xlsx(tmp_path / "form.xlsx").target_tables[0]
    assert (table.label, table.title, table.project_code) == ("附件 12-9", "2026 年项目支出绩效目标表-9", "P0000001")


def test_unknown_header_block_key_is_reported(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目一"
    ws.append(["项目名称", "P0000001-项目甲"])
    ws.append(["联系人", "张三"])
    ws.append(["绩效指标", "三级指标", "指标性质"])
    ws.append([None, "数量", "定性"])
    wb.save(tmp_path / "form.xlsx")
    with pytest.raises(InputError, match=r"项目一!A2.*联系人"):
        read_document_xlsx(tmp_path / "form.xlsx")


def test_unrecognised_sheets_are_kept_as_unplaced_lines_and_blank_sheets_ignored(tmp_path):
    path = tmp_path / "doc.xlsx"
    write_document_xlsx(sample_document(), path)
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Sheet3")
    notes = wb.create_sheet("填表说明")
    notes.append(["1. 指标值请填写数字"])
    wb.save(path)
    doc = read_document_xlsx(path)
    assert doc.unplaced[-1].text == "1. 指标值请填写数字"
    assert doc.unplaced[-1].location.cell == "填表说明!A1"


def test_workbook_with_nothing_recognisable_is_an_input_error(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["hello"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(InputError, match="可识别的工作表"):
        read_document_xlsx(tmp_path / "x.xlsx")


# -- the seed ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_doc():
    from perfeval.readers import read_document

    from .conftest import SEED

    return read_document(SEED)


@pytest.mark.parametrize("layout", ["form", "flat"])
def test_seed_round_trips_through_excel(tmp_path, seed_doc, layout):
    path = tmp_path / f"seed-{layout}.xlsx"
    write_document_xlsx(seed_doc, path, layout=layout)
    back = read_document_xlsx(path)
    assert len(back.target_tables) == 17 and len(back.budget_tables) == 10
    assert back == seed_doc
    # Equal Decimals may still print differently (972.2 vs 972.20); the number formats keep the places.
    assert dump_yaml(back) == dump_yaml(seed_doc)
    book = openpyxl.load_workbook(path)
    if layout == "form":
        assert len(book.sheetnames) == 1 + 1 + 10 + 1 + 17  # info, narrative, budgets, 附件 11, 17 projects
        assert any(r.min_col == 2 and r.max_row > r.min_row for r in book["附件12-4"].merged_cells.ranges)
    else:
        rows = book["项目绩效目标"].max_row
        assert rows == 1 + sum(len(t.indicators) for t in seed_doc.target_tables)


def test_convert_command_writes_both_layouts(tmp_path):
    from click.testing import CliRunner

    from perfeval.cli import cli

    from .conftest import SEED

    for layout in ("form", "flat"):
        out = tmp_path / f"seed-{layout}.xlsx"
        result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(out), "--layout", layout])
        assert result.exit_code == 0, result.output
        yaml_out = tmp_path / f"back-{layout}.yaml"
        result = CliRunner().invoke(cli, ["convert", str(out), "-o", str(yaml_out)])
        assert result.exit_code == 0, result.output
        assert "附件 12-17" in yaml_out.read_text("utf-8")


def test_broken_workbook_through_the_command_line_exits_2_without_traceback(tmp_path):
    from click.testing import CliRunner

    from perfeval.cli import cli

    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "broken.xlsx" in result.output


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=documents(), layout=st.sampled_from(["form", "flat"]))
def test_any_document_round_trips(tmp_path, doc, layout):
    if layout == "flat":
        keys = [(t.label, t.title, t.project_code, t.project_name) for t in doc.target_tables]
        assume(len(set(keys)) == len(keys))  # the flat writer refuses tables it could not tell apart
    path = tmp_path / "any.xlsx"
    write_document_xlsx(doc, path, layout=layout)
    back = read_document_xlsx(path)
    assert back == doc
    assert dump_yaml(back) == dump_yaml(doc)


def test_flat_layout_refuses_tables_it_could_not_tell_apart(tmp_path):
    t1, _ = sample_tables()
    doc = attrs.evolve(sample_document(), target_tables=[t1, attrs.evolve(t1, funds=D("1"))])
    with pytest.raises(InputError, match="form 版式"):
        write_document_xlsx(doc, tmp_path / "dup.xlsx", layout="flat")
    write_document_xlsx(doc, tmp_path / "dup.xlsx", layout="form")
    assert read_document_xlsx(tmp_path / "dup.xlsx") == doc


def test_written_sheets_declare_their_size(tmp_path):
    path = tmp_path / "flat.xlsx"
    write_document_xlsx(sample_document(), path, layout="flat")
    book = openpyxl.load_workbook(path, read_only=True)
    ws = book["项目绩效目标"]
    assert (ws.max_row, ws.max_column) == (11, 21)  # header + 10 indicators; 13 project + 8 indicator columns
    assert openpyxl.load_workbook(path)["项目绩效目标"].auto_filter.ref == "A1:U11"
    book.close()
