"""perfeval.forms: one recogniser from grids of any source to the model, on several provinces' layouts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perfeval.errors import InputError
from perfeval.forms import read_document_grid, read_sheets_grid
from perfeval.forms.values import build_indicator, parse_tolerance
from perfeval.judgement import parse_deadline
from perfeval.grid import Grid, GridCell, GridRow, expand_spans, text_row
from perfeval.model import Deadline, Location
from perfeval.operators import Operator
from perfeval.readers import read_document
from perfeval.readers.pdftext import read_pdf_text
from perfeval.sources.text import text_grid
from perfeval.units import Quantity, parse_unit

from .conftest import ROOT

SEED = ROOT / "examples" / "tongnan-shebao-2026.txt"
HERE = Location("t.txt", 1)


def _grid(*rows, source="docx") -> Grid:
    """Rows of strings (a one-string row is free text); `(text, rowspan, colspan)` tuples are merged cells."""
    printed: list[list[GridCell]] = []
    kinds = []
    for n, row in enumerate(rows, start=1):
        loc = Location("t.docx", None, f"表1 第{n}行")
        if isinstance(row, str):
            printed.append([GridCell(row, loc)])
            kinds.append(None)
            continue
        cells = []
        for cell in row:
            text, rowspan, colspan = cell if isinstance(cell, tuple) else (cell, 1, 1)
            cells.append(GridCell(text, loc, rowspan, colspan))
        printed.append(cells)
        kinds.append(1)
    table_rows = [p for p, k in zip(printed, kinds) if k]
    expanded = iter(expand_spans(table_rows))
    out = []
    for cells, kind in zip(printed, kinds):
        if kind is None:
            out.append(text_row(cells[0].text, cells[0].location))
        else:
            out.append(GridRow(next(expanded), 1, cells[0].location))
    return Grid("t.docx", out, source=source)


# -- the seed --------------------------------------------------------------------------------------

def test_the_seed_read_through_the_grid_equals_the_seed_read_line_by_line():
    text = SEED.read_text("utf-8")
    assert read_document_grid(text_grid(text, str(SEED))) == read_pdf_text(text, str(SEED))


# -- Guangdong style: 申报表, operator inside the value, no 权重 or 核心 column, merged 一级 ----------

def test_guangdong_style_declaration_form_with_merged_levels_and_operators_in_values():
    grid = _grid(
        "2024年项目支出绩效目标申报表",
        "单位：万元",
        ["项目名称", ("城乡居民医保参保补助", 1, 3)],
        ["主管部门", "某市医疗保障局", "实施单位", "某市医疗保障事务中心"],
        ["资金总额", ("120", 1, 3)],
        ["其中：财政拨款", ("100", 1, 3)],
        ["其他资金", ("20", 1, 3)],
        ["年度绩效目标", ("参保率不低于95%", 1, 3)],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        [("产出指标(50分)", 3, 1), "数量指标", "参保人数", "≥12000人"],
        ["质量指标", "补助发放准确率", ">98%"],
        ["时效指标", "资金拨付时间", "2024年12月前"],
        [("效益指标（30分）", 1, 1), ("社会效益指标", 1, 1), "群众就医负担", "有所减轻"],
        ["满意度指标", "服务对象满意度指标", "参保群众满意度", "90%以上"],
    )
    doc = read_document_grid(grid)
    (table,) = doc.target_tables
    assert (table.project_name, table.department, table.implementer, table.funds) == (
        "城乡居民医保参保补助", "某市医疗保障局", "某市医疗保障事务中心", D(120))
    assert [(r.label, r.amount) for r in table.funds_rows] == [("财政拨款", D(100)), ("其他资金", D(20))]
    first, second, due, text, satisfied = table.indicators
    assert (first.level1, first.level2, first.name, first.operator, first.value, first.unit.symbol) == (
        "产出指标", "数量指标", "参保人数", Operator.GE, D(12000), "人")
    assert (second.level1, second.operator, second.value, second.unit.symbol) == ("产出指标", Operator.GT, D(98), "%")
    assert (due.level1, due.deadline, due.printed, due.operator_printed) == (
        "产出指标", Deadline(2024, 12), "2024年12月前", False)
    assert (text.level1, text.operator, text.text_value) == ("效益指标", Operator.QUALITATIVE, "有所减轻")
    assert (satisfied.operator, satisfied.value, satisfied.operator_printed) == (Operator.GE, D(90), True)
    assert table.profile is not None and {"weight", "core", "start", "end"} <= table.profile.lacks
    assert "operator" in table.profile.lacks and "level1" not in table.profile.lacks
    assert doc.unplaced == ()


# -- Zhejiang style: 部门整体, 指标方向 正向/反向, 分值, keys in a row, funds in 元 ------------------------

def test_zhejiang_style_department_form_with_direction_and_points():
    grid = _grid(
        "部门整体支出绩效目标表",
        "单位：元",
        ["部门（单位）名称", "某县农业农村局", "年度预算总额", "34,567,800"],
        ["年度整体绩效目标", ("推进乡村振兴，保障粮食安全", 1, 3)],
        ["一级指标", "二级指标", "指标名称", "指标方向", "指标值", "计量单位", "分值"],
        [("产出指标", 2, 1), "数量指标", "高标准农田建设面积", "正向", "5000", "亩", "20"],
        ["质量指标", "农田撂荒率", "反向", "2", "%", "20"],
        ["效益指标", "社会效益指标", "带动农户增收", "定性", "明显提高", "", "20"],
        ["效益指标", "可持续影响指标", "耕地质量监测", "定量", "按年度监测", "", "10"],
    )
    doc = read_document_grid(grid)
    table = doc.department_table
    assert (table.unit_name, table.budget, table.goal) == ("某县农业农村局", D("3456.78"), "推进乡村振兴，保障粮食安全")
    area, waste, income, monitor = table.indicators
    assert (area.operator, area.value, area.direction, area.weight, area.level1) == (
        Operator.GE, D(5000), "正向", D(20), "产出指标")
    assert (waste.operator, waste.direction, waste.level1, waste.level2) == (Operator.LE, "反向", "产出指标", "质量指标")
    assert (income.operator, income.text_value) == (Operator.QUALITATIVE, "明显提高")
    assert (monitor.operator.quantitative, monitor.printed, monitor.deadline) == (True, "按年度监测", Deadline(schedule="按年度监测"))
    assert table.profile.lacks == {"core"}  # the 一级/二级/三级 grid without 是否核心指标


# -- Jiangsu style: 绩效目标批复表, keys spread over columns in another order, 中期/年度 targets ---------

def test_jiangsu_style_approval_form_with_mid_term_targets_and_a_category_row():
    grid = _grid(
        "附件2",
        "2023年绩效目标批复表",
        ["主管部门", "某市教育局", "项目名称", "32000023T000001-义务教育学校运转补助"],
        ["项目起始时间", "2023年", "项目终止时间", "2025年"],
        ["中期目标", "年度目标"],
        ["保障学校正常运转", "年内完成全部拨付"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "中期指标值", "权重", "是否核心指标"],
        ["产出指标", "", "", "", "", "", ""],
        ["", "数量指标", "补助学校数", "≥35所", "≥105所", "30", "是"],
        ["", "成本指标", "生均补助标准", "≤800元", "", "20", "否"],
        ["满意度指标", "服务对象满意度指标", "教师满意度", "≥90%", "", "10", "否"],
    )
    doc = read_document_grid(grid)
    (table,) = doc.target_tables
    assert (table.project_code, table.project_name, table.department, table.start, table.end) == (
        "32000023T000001", "义务教育学校运转补助", "某市教育局", "2023年", "2025年")
    assert (table.mid_goal, table.goal, table.label) == ("保障学校正常运转", "年内完成全部拨付", "附件 2")
    schools, cost, teachers = table.indicators  # the category row is a label, not an indicator, and shifts nothing
    assert (schools.level1, schools.level2, schools.value, schools.mid_term, schools.core) == (
        "产出指标", "数量指标", D(35), "≥105所", True)
    assert (cost.level1, cost.operator, cost.value, cost.unit.symbol, cost.weight) == (
        "产出指标", Operator.LE, D(800), "元", D(20))
    assert (teachers.level1, teachers.weight) == ("满意度指标", D(10))


# -- Sichuan style: two projects in one file, page-repeated title and header -------------------------

def test_two_projects_with_titles_and_headers_repeated_over_pages():
    header = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "是否核心指标"]
    grid = _grid(
        "项目支出绩效目标表",
        ["项目名称", "项目甲", "主管部门", "某局"],
        header,
        ["产出指标", "数量指标", "培训人数", "≥", "100", "人", "50", "是"],
        "项目支出绩效目标表",
        header,
        ["效益指标", "社会效益指标", "就业率", "≥", "80", "%", "40", "否"],
        "项目支出绩效目标表",
        ["项目名称", "项目乙", "主管部门", "某局"],
        header,
        ["产出指标", "数量指标", "宣传场次", "=", "12", "场", "90", "是"],
    )
    doc = read_document_grid(grid)
    first, second = doc.target_tables
    assert (first.project_name, [i.name for i in first.indicators]) == ("项目甲", ["培训人数", "就业率"])
    assert (second.project_name, [i.name for i in second.indicators]) == ("项目乙", ["宣传场次"])
    assert first.profile is not None and second.profile is not None  # no 项目属性/起止时间 keys


# -- Beijing style: web copy with pipes, rowspan cells dropped -------------------------------------

PIPE_COPY = """\
2025年项目支出绩效目标申报表
| 项目名称 | 社区养老服务驿站运营补贴 |
| 主管部门 | 某区民政局 | 实施单位 | 某区养老服务指导中心 |
| 资金总额（万元） | 360 |
| 年度绩效目标 | 支持驿站运营，服务老年人 |
| 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 权重 | 是否核心指标 |
|---|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 补贴驿站数 | ≥ | 30 | 个 | 30 | 是 |
| 质量指标 | 驿站评估合格率 | ≥ | 95 | % | 20 | 否 |
| 效益指标 | 社会效益指标 | 服务老年人次 | ≥ | 5000 | 人次 | 30 | 否 |
| 满意度指标 | 服务对象满意度指标 | 老年人满意度 | ≥ | 90 | % | 10 | 否 |
"""


def test_pipe_copy_that_dropped_rowspan_cells_is_realigned_against_the_header():
    doc = read_document_grid(text_grid(PIPE_COPY, "bj.txt"))
    (table,) = doc.target_tables
    stations, quality, served, satisfied = table.indicators
    assert (quality.level1, quality.level2, quality.name, quality.value, quality.unit.symbol, quality.weight,
            quality.core) == ("产出指标", "质量指标", "驿站评估合格率", D(95), "%", D(20), False)
    assert (served.level1, served.value, satisfied.weight) == ("效益指标", D(5000), D(10))
    assert table.funds == D(360)


def test_text_copy_with_runs_of_spaces_as_pdftotext_layout_prints():
    text = """\
2025年项目支出绩效目标表
项目名称        农村公路养护                主管部门    某县交通运输局
资金总额        500
一级指标    二级指标    三级指标          指标性质    指标值    度量单位    权重    是否核心指标
产出指标    数量指标    养护里程          ≥           120       公里        40      是
            时效指标    完工时间          ≤           11        月          20      否
效益指标    社会效益指标  道路优良率      ≥           85        %           30      否
"""
    (table,) = read_document(_write(text)).target_tables
    mileage, done, good = table.indicators
    assert (mileage.value, mileage.unit.symbol, done.level1, done.level2, done.weight) == (
        D(120), "公里", "产出指标", "时效指标", D(20))
    assert (good.level1, good.value) == ("效益指标", D(85))


def test_text_copy_with_one_cell_per_line():
    text = "\n".join([
        "2024年项目支出绩效目标表", "项目名称", "老旧小区改造", "主管部门", "某区住建委",
        "一级指标", "二级指标", "三级指标", "指标值", "权重",
        "产出指标", "数量指标", "改造小区数", "≥12个", "40",
        "质量指标", "验收合格率", "≥95%", "30",
        "满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "20",
    ])
    (table,) = read_document(_write(text)).target_tables
    assert (table.project_name, table.department) == ("老旧小区改造", "某区住建委")
    assert [(i.level1, i.level2, i.name, i.value, i.weight) for i in table.indicators] == [
        ("产出指标", "数量指标", "改造小区数", D(12), D(40)),
        ("产出指标", "质量指标", "验收合格率", D(95), D(30)),
        ("满意度指标", "服务对象满意度指标", "居民满意度", D(90), D(20)),
    ]


_TMP: list = []


def _write(text: str):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    path = folder / "copy.txt"
    path.write_text(text, encoding="utf-8")
    return path


# -- rows are placed or reported -----------------------------------------------------------------

def test_a_row_that_cannot_be_read_is_reported_not_dropped():
    grid = _grid(
        "项目支出绩效目标表",
        ["项目名称", "项目甲"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"],
        ["产出指标", "数量指标", "培训人数", "≥", "100", "人", "五十"],
        ["产出指标", "数量指标", "监测浓度", "≤", "30", "微克每升", "0"],
        ["产出指标", "数量指标", "宣传场次", "=", "12", "场", "50"],
        "注：产出指标 50 分。",
    )
    doc = read_document_grid(grid)
    (table,) = doc.target_tables
    assert [i.name for i in table.indicators] == ["监测浓度", "宣传场次"]
    (bad,) = doc.unplaced
    assert "培训人数" in bad.text and "权重" in bad.reason
    unknown = table.indicators[0]  # an unknown unit keeps the row, the unit kept as printed
    assert (unknown.value, unknown.unit, unknown.printed) == (D(30), None, "30微克每升")
    assert table.profile.notes == ("注：产出指标 50 分。",)


def test_a_grid_with_no_form_says_what_it_looked_for():
    with pytest.raises(InputError) as caught:
        read_document_grid(_grid("一些文字", ["甲", "乙"]))
    assert "未找到任何表格" in caught.value.render() and "项目支出绩效目标表" in caught.value.render()


# -- 自评表 from any grid ---------------------------------------------------------------------------

def test_self_evaluation_from_a_word_style_grid_with_other_provinces_funds_labels():
    grid = _grid(
        "项目支出绩效自评表",
        "（2023年度）",
        ["项目名称", ("乡村道路养护", 1, 6)],
        ["主管部门", ("某县交通局", 1, 2), "实施单位", ("某县公路中心", 1, 2)],
        [("项目资金（万元）", 2, 1), "", "年初预算", "调整后预算数", "预算执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "100", "100", "95", "10", "95%", "9.5"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "全年实际值", "分值", "得分"],
        [("产出指标", 2, 1), "数量指标", "养护里程", "≥120公里", "125公里", "40", "40"],
        ["质量指标", "优良率", "≥85%", "88%", "40", "40"],
        ["总分", "", "", "", "", "100", "89.5"],
    )
    (sheet,) = read_sheets_grid(grid, "t.docx")
    assert (sheet.project_name, sheet.department, sheet.implementer) == ("乡村道路养护", "某县交通局", "某县公路中心")
    assert (sheet.funds.initial, sheet.funds.budget, sheet.funds.spent, sheet.funds.score) == ("100", "100", "95", "9.5")
    assert [(r.level1, r.name, r.target, r.actual) for r in sheet.rows] == [
        ("产出指标", "养护里程", "≥120公里", "125公里"), ("产出指标", "优良率", "≥85%", "88%")]
    assert (sheet.total_weight, sheet.total) == ("100", "89.5")


# -- values ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2023年12月前", Deadline(2023, 12)),
    ("12月底前", Deadline(None, 12)),
    ("2024年6月30日前", Deadline(2024, 6, 30)),
    ("2024-06-30前", Deadline(2024, 6, 30)),
    ("2025年底前", Deadline(2025, 12)),
    ("第三季度前", Deadline(None, 9)),
    ("按季度", Deadline(schedule="按季度")),
    ("按月安排", Deadline(schedule="按月安排")),
    ("12月", None),
    ("95%", None),
])
def test_deadlines_and_schedules(text, expected):
    assert parse_deadline(text, cell=True) == expected


def test_deadline_last_day():
    assert Deadline(None, 2).last_day(2024).isoformat() == "2024-02-29"


@pytest.mark.parametrize("text, value, tolerance", [
    ("±3%以内", D(0), Quantity(D(3), parse_unit("%"))),
    ("误差不超过5%", D(0), Quantity(D(5), parse_unit("%"))),
    ("100±2%", D(100), Quantity(D(2), parse_unit("%"))),
    ("≥95%", None, None),
])
def test_tolerance_bands(text, value, tolerance):
    found = parse_tolerance(text)
    assert (found[0], found[2]) == (value, tolerance) if value is not None else found is None


@pytest.mark.parametrize("value, unit, operator, number, shown_unit, printed", [
    ("≥60%", "", Operator.GE, D(60), "%", None),
    (">92%", "", Operator.GT, D(92), "%", None),
    ("≤90万元", "", Operator.LE, D(90), "万元", None),
    ("28.8万元", "%", Operator.GE, D("28.8"), "万元", "28.8万元"),
    ("95%以上", "", Operator.GE, D(95), "%", None),
    ("5%以下", "", Operator.LE, D(5), "%", None),
])
def test_operators_inside_values_and_a_value_carrying_its_own_unit(value, unit, operator, number, shown_unit, printed):
    built = build_indicator({"name": "x", "value": value, "unit": unit}, HERE).indicator
    assert (built.operator, built.value, built.unit.symbol, built.printed) == (operator, number, shown_unit, printed)


def test_a_number_without_any_operator_is_assumed_and_marked():
    plain = build_indicator({"name": "x", "value": "100", "unit": "%"}, HERE).indicator
    cost = build_indicator({"name": "x", "level1": "成本指标", "value": "50", "unit": "万元"}, HERE).indicator
    assert (plain.operator, plain.operator_printed) == (Operator.GE, False)
    assert (cost.operator, cost.operator_printed) == (Operator.LE, False)


@pytest.mark.parametrize("mark", ["/", "无", "不适用"])
def test_not_applicable_rows(mark):
    built = build_indicator({"name": "x", "operator": "≥", "value": mark}, HERE).indicator
    assert (built.not_applicable, built.value, built.printed) == (True, None, mark)


def test_a_quantitative_column_with_a_text_value_keeps_the_text():
    built = build_indicator({"name": "x", "operator": "定量", "value": "按月安排"}, HERE).indicator
    assert built.operator.quantitative and built.printed == "按月安排"


# -- form variants as data --------------------------------------------------------------------------

def test_shipped_form_variants_load_and_name_the_profile_of_a_matching_form():
    from perfeval.forms.profiles import variants

    names = {v.name for v in variants()}
    assert {"guangdong-project", "zhejiang-project", "jiangsu-approval", "department-declaration"} <= names
    grid = _grid(
        "2024年项目支出绩效目标申报表",
        ["项目名称", "项目甲", "主管部门", "某局"],
        ["一级指标", "二级指标", "三级指标", "指标值（包含数字及文字描述）"],
        ["产出指标", "数量指标", "培训人数", "≥100人"],
    )
    (table,) = read_document_grid(grid).target_tables
    assert table.profile.name == "guangdong-project"
    assert {"weight", "core", "operator", "unit"} <= table.profile.lacks
    assert not table.has("weight") and table.has("name")
    assert table.indicators[0].value == D(100)


def test_a_bad_form_variant_file_names_what_is_wrong(tmp_path):
    from perfeval.errors import RuleError
    from perfeval.forms.profiles import load_variant

    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\nkind = "target"\nlacks = ["wieght"]\ncolour = 1\n', encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_variant(path)
    text = caught.value.render()
    assert "wieght" in text and "colour" in text


def test_a_budget_system_export_in_excel_is_read_as_a_grid(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "部门项目支出绩效目标05-2"
    for row in (["2025年部门项目支出绩效目标表"], ["单位：万元"],
                ["项目名称", "主管部门", "一级指标", "二级指标", "三级指标", "指标值", "分值"],
                ["农村公路养护", "某县交通局", "产出指标", "数量指标", "养护里程", "≥120公里", 40],
                [None, None, None, "质量指标", "优良率", "≥85%", 30],
                ["乡村学校营养餐", "某县教育局", "产出指标", "数量指标", "受益学生数", "≥3000人", 50]):
        sheet.append(row)
    for merged in ("A1:G1", "A4:A5", "B4:B5", "C4:C5"):
        sheet.merge_cells(merged)
    path = tmp_path / "export.xlsx"
    book.save(path)
    roads, meals = read_document(path).target_tables
    assert (roads.project_name, roads.department, [i.name for i in roads.indicators]) == (
        "农村公路养护", "某县交通局", ["养护里程", "优良率"])
    assert (roads.indicators[1].level1, roads.indicators[1].weight, roads.indicators[1].value) == ("产出指标", D(30), D(85))
    assert (meals.project_name, meals.indicators[0].value) == ("乡村学校营养餐", D(3000))
    assert roads.indicators[0].location.cell == "部门项目支出绩效目标05-2!E4"


def test_text_that_looks_like_json_but_is_not_says_what_was_tried(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text("[附件1]\n一些文字\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_document(path)
    text = caught.value.render()
    assert "看起来是 JSON（以 `[` 开头）" in text and "再按文本" in text and "未找到任何表格" in text


SELF_PIPE = """\
项目支出绩效自评表
（2023年度）
| 项目名称 | 乡村道路养护 |
| 主管部门 | 某县交通局 | 实施单位 | 某县公路中心 |
| 项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| 年度资金总额 | 100 | 100 | 95 | 10 | 95% | 9.5 |
| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
| 产出指标 | 数量指标 | 养护里程 | ≥120公里 | 125公里 | 40 | 40 | |
| 质量指标 | 优良率 | ≥85% | 88% | 40 | 40 |
| 总分 | 100 | 89.5 |
"""


def test_self_evaluation_from_a_pipe_copy_that_dropped_the_merged_level():
    from perfeval.selfeval.readers import read_text_sheets

    (sheet,) = read_text_sheets(SELF_PIPE, "copy.txt", "copy.txt")
    assert (sheet.project_name, sheet.implementer, sheet.year) == ("乡村道路养护", "某县公路中心", "2023")
    assert [(r.level1, r.level2, r.name, r.target, r.actual, r.weight, r.score) for r in sheet.rows] == [
        ("产出指标", "数量指标", "养护里程", "≥120公里", "125公里", "40", "40"),
        ("产出指标", "质量指标", "优良率", "≥85%", "88%", "40", "40")]
    assert (sheet.funds.spent, sheet.total) == ("95", "89.5")


def test_rules_check_proves_each_shipped_form_variant_reads_back_as_itself(tmp_path):
    from click.testing import CliRunner

    from perfeval.cli import cli

    for path in sorted((ROOT / "rules" / "forms").glob("*.toml")):
        result = CliRunner().invoke(cli, ["rules", "check", str(path), "--max-examples", "10"])
        assert result.exit_code == 0, result.output
        assert "表样" in result.output and "[通过]" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nkind = "target"\ndescription = "某省项目支出绩效目标表"\ntitle = "申报表"\n'
                   'lacks = ["weight"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "check", str(bad), "--max-examples", "10"])
    assert result.exit_code == 1 and "description（印在表上的表名）应与 title 匹配" in result.output


def test_two_variants_naming_words_for_the_same_field_both_count(monkeypatch):
    # Each variant's own words are learnt; a later file must not replace an earlier file's words.
    from perfeval import vocab
    from perfeval.forms import profiles

    def variant(name, words):
        return profiles.Variant(name, "target", None, frozenset(), {"value": words}, {"funds": words})

    monkeypatch.setattr(profiles, "variants", lambda: (variant("a", ("项目总预算",)), variant("b", ("项目资金总额（万元）",))))
    for word in ("项目总预算", "项目资金总额（万元）"):
        assert profiles.table_lookup("target")[vocab.key(word)] == "funds"
        assert profiles.indicator_lookup()[vocab.key(word)] == "value"
