"""Reading 自评表 from PDF text, YAML, JSON and Excel (form and flat layouts) into the same model."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval.errors import InputError
from perfeval.selfeval import read_sheets
from perfeval.selfeval.readers import read_text_sheets

from .conftest import EXAMPLES

AUDIT = EXAMPLES / "audit"


def test_pdf_text_sheet_reads_every_block():
    [sheet] = read_sheets(AUDIT / "clean-tuixiu-fuwu.txt")
    assert sheet.project_code == "50015224T000004338295"
    assert sheet.project_name == "企业退休人员社会化管理服务工作专项补助"
    assert (sheet.department, sheet.implementer, sheet.year) == ("426-人社局", "426003-社会保险事务中心", "2025")
    funds = sheet.funds
    assert (funds.initial, funds.budget, funds.spent, funds.weight, funds.rate, funds.score) == \
        ("12", "12", "12", "10", "100%", "10")
    assert sheet.goal.expected.startswith("做好企业退休人员") and sheet.goal.achieved.startswith("创建市级示范社区")
    assert [r.name for r in sheet.rows] == ["市级示范社区", "保障社会稳定", "当年财政资金到位率", "退休人员社会化管理率",
                                            "服务群众满意度"]
    first = sheet.rows[0]
    assert (first.level1, first.level2, first.target, first.actual, first.weight, first.score) == \
        ("产出指标", "数量指标", "≥1个", "3个", "20", "20")
    assert first.reason.startswith("年初目标按保底数设定")
    assert first.location.line == 14
    assert (sheet.total_weight, sheet.total, sheet.grade) == ("100", "98", "优")


def test_several_sheets_in_one_text_file_and_merged_levels_filled_down(tmp_path):
    one = (AUDIT / "clean-tuixiu-fuwu.txt").read_text(encoding="utf-8")
    two = one.replace("\t产出指标\t质量指标\t保障社会稳定", "\t\t质量指标\t保障社会稳定")
    path = tmp_path / "two.txt"
    path.write_text(one + "\n" + two, encoding="utf-8")
    sheets = read_sheets(path)
    assert [s.label for s in sheets] == ["two.txt#1", "two.txt#2"]
    assert sheets[1].rows[1].level1 == "产出指标"
    assert sheets[1].rows[1].location.line == one.count("\n") + 1 + 15  # after the first sheet and a blank line


def test_text_without_a_sheet_is_an_input_error():
    with pytest.raises(InputError) as info:
        read_text_sheets("附件 1\n收支总表\n", "x.txt", "x.txt")
    assert "没有找到自评表" in str(info.value)


def test_yaml_sheet_with_lines():
    [sheet] = read_sheets(AUDIT / "clean-shebao-dengji.yaml")
    assert sheet.funds.rate == "98.4%" and sheet.funds.spent == "24.6"
    assert sheet.rows[2].name == "扩大社会保险宣传面" and sheet.rows[2].score == "14.69"
    assert sheet.rows[2].location.line == 20
    assert (sheet.total_weight, sheet.total) == ("100", "99.53")


def test_yaml_unknown_keys_are_all_reported_with_line_and_suggestion(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("项目名称: X\n项目资金:\n  全年预算: 10\n绩效指标:\n  - {三级指标: a, 得份: 1}\n总分: 1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_sheets(path)
    problems = info.value.problems
    assert [p.line for p in problems] == [3, 5]
    assert "全年预算数" in problems[0].expected and problems[0].found == "全年预算"
    assert "得分" in problems[1].expected


def test_json_locations_are_paths():
    [sheet] = read_sheets(AUDIT / "faulty-jiuye-peixun.json")
    assert sheet.rows[5].where("score").cell == "$.绩效指标[5].得分"
    assert sheet.rows[5].score == "十"
    assert sheet.funds.initial == "72890 元"


def test_json_list_of_sheets(tmp_path):
    path = tmp_path / "many.json"
    path.write_text('{"自评表": [{"项目名称": "A-一", "总分": 1}, {"项目名称": "B", "总分": 2}]}', encoding="utf-8")
    sheets = read_sheets(path)
    assert [s.label for s in sheets] == ["many.json#1", "many.json#2"]
    assert sheets[0].project_code == "" and sheets[0].project_name == "A-一"


def _form_workbook(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws.append(["项目支出绩效自评表"])
    ws.append(["项目名称", "P00009-示范项目"])
    ws.append(["主管部门", "人社局", None, None, "实施单位", "就业中心"])
    ws.append(["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.append([None, "年度资金总额", 100, 100, 98, 10, 0.98, 9.8])
    ws["G5"].number_format = "0.00%"
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    ws.append([None, "产出指标", "数量指标", "培训人次", "≥500人次", "520人次", 45, 45])
    ws.append([None, None, "质量指标", "培训合格率", "≥90%", 0.85, 45, 42.5, "考核标准提高"])
    ws["F8"].number_format = "0%"
    ws.merge_cells("B7:B8")
    ws.append(["总分", None, None, None, None, None, 100, 97.3])
    ws.append(["自评等级", "优"])
    wb.save(path)


def test_excel_form_layout(tmp_path):
    path = tmp_path / "form.xlsx"
    _form_workbook(path)
    [sheet] = read_sheets(path)
    assert sheet.project_code == "P00009" and sheet.label == "form.xlsx[自评表]"
    assert sheet.funds.rate == "98%" and sheet.funds.where("rate").cell == "自评表!G5"
    assert [(r.level1, r.name, r.actual, r.score) for r in sheet.rows] == [
        ("产出指标", "培训人次", "520人次", "45"), ("产出指标", "培训合格率", "85%", "42.5")]
    assert sheet.rows[1].where("score").cell == "自评表!H8"
    assert (sheet.total, sheet.grade) == ("97.3", "优")


def test_excel_flat_layout_groups_rows_by_project(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["项目编码", "项目名称", "全年预算数", "全年执行数", "预算执行率分值", "执行率", "预算执行率得分",
               "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因", "总分", "自评等级"])
    ws.append(["A1", "甲项目", 10, 10, 10, "100%", 10, "产出指标", "数量指标", "台数", "≥2台", "2台", 90, 90, None, 100, "优"])
    ws.append(["B2", "乙项目", 20, 10, 10, "50%", 5, "产出指标", "数量指标", "人数", "≥10人", "5人", 90, 45, "招生不足", 50, "差"])
    ws.append([None, None, None, None, None, None, None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 0, 0])
    path = tmp_path / "flat.xlsx"
    wb.save(path)
    sheets = read_sheets(path)
    assert [(s.project_code, s.project_name, len(s.rows)) for s in sheets] == [("A1", "甲项目", 1), ("B2", "乙项目", 2)]
    assert sheets[1].funds.rate == "50%" and sheets[1].total == "50" and sheets[1].grade == "差"
    assert sheets[1].rows[1].where("actual").cell == "汇总!L4"


def test_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError):
        read_sheets(path)


def test_excel_formula_without_a_cached_value_is_reported_by_cell(tmp_path):
    import openpyxl

    path = tmp_path / "formula.xlsx"
    _form_workbook(path)
    wb = openpyxl.load_workbook(path)
    wb["自评表"]["H9"] = "=SUM(H7:H8)+H5"
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_sheets(path)
    [problem] = info.value.problems
    assert problem.cell == "自评表!H9" and "没有缓存的计算结果" in problem.found


def test_workbook_with_a_notes_sheet_reads_the_sheet_that_is_a_self_evaluation(tmp_path):
    import openpyxl

    path = tmp_path / "notes.xlsx"
    _form_workbook(path)
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("填表说明", 0).append(["请按财政部门要求填写"])
    wb.save(path)
    assert [s.label for s in read_sheets(path)] == ["notes.xlsx[自评表]"]


_TOKENS = st.sampled_from(["", "项目支出绩效自评表", "项目名称", "P000001-甲", "主管部门", "实施单位", "项目资金（万元）",
                           "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "年度资金总额", "年度总体目标",
                           "预期目标", "实际完成情况", "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值",
                           "实际完成值", "偏差原因分析及改进措施", "产出指标", "≥90%", "95%", "10", "总分", "100", "优",
                           "自评等级", "（2025 年度）"])


@given(st.lists(st.lists(_TOKENS, max_size=10), max_size=25))
def test_any_grid_of_sheet_words_reads_or_is_an_input_error(lines):
    text = "\n".join("\t".join(cells) for cells in lines)
    try:
        sheets = read_text_sheets(text, "x.txt", "x.txt")
    except InputError:
        return
    assert sheets and all(s.label.startswith("x.txt") for s in sheets)


def test_a_target_table_document_is_not_taken_for_self_evaluations():
    from .conftest import SEED

    with pytest.raises(InputError) as info:
        read_sheets(SEED)
    assert "有 17 张绩效目标表" in str(info.value)


def test_rows_shifted_by_the_extractor_are_realigned():
    text = "\n".join([
        "项目支出绩效自评表",
        "项目名称\tP000001-甲项目",
        "年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",          # header without its 项目资金 label cell
        "年度资金总额\t100\t100\t98\t10\t98%\t9.8",
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "产出指标\t数量指标\t培训人次\t≥500人次\t\t90\t0\t未开班",             # leading empty cell dropped; 实际完成值 empty
        "\t\t质量指标\t培训合格率\t≥90%\t95%\t0\t0",
        "总分\t\t\t\t\t\t90\t9.8",
    ])
    [sheet] = read_text_sheets(text, "x.txt", "x.txt")
    funds = sheet.funds
    assert (funds.initial, funds.budget, funds.spent, funds.weight, funds.rate, funds.score) == \
        ("100", "100", "98", "10", "98%", "9.8")
    first, second = sheet.rows
    assert (first.level1, first.name, first.target, first.actual, first.weight, first.score, first.reason) == \
        ("产出指标", "培训人次", "≥500人次", "", "90", "0", "未开班")
    assert (second.level1, second.level2, second.actual) == ("产出指标", "质量指标", "95%")


def test_perfevals_own_score_workbook_reads_without_taking_the_budget_row_for_an_indicator(tmp_path):
    # Regression (issue 12): the score workbook's 全年预算数 block under 总分 was read as an indicator
    # row and its 预算执行率 row ignored: 82 errors on 17 correct sheets.
    from perfeval.api import score_files
    from perfeval.scoring import sheet_to_json
    from perfeval.xlsx import write_score_xlsx

    scored = score_files(str(EXAMPLES / "tongnan-shebao-2026.txt"), str(EXAMPLES / "tongnan-shebao-2026.actuals.yaml")).sheet
    path = tmp_path / "score.xlsx"
    write_score_xlsx(sheet_to_json(scored), path)
    sheets = read_sheets(path)
    assert [len(s.rows) for s in sheets] == [len(p.indicators) for p in scored.projects]
    first = sheets[0]
    assert (first.funds.budget, first.funds.spent, first.funds.rate, first.funds.weight, first.funds.score) == \
        ("25", "24.6", "98.4%", "10", "9.84")
    adjusted = sheets[3]  # 附件 12-4 gives 调整后预算数 470 beside 全年预算数 478
    assert (adjusted.funds.initial, adjusted.funds.budget, adjusted.funds.spent) == ("478", "470", "441.8")
