"""A 项目支出绩效自评表 copied from a web page cell by cell (`text-lines`: one line per filled cell, empty cells
left out) reads as the form it was copied from: its key cells (项目名称, 主管部门, 实施单位（盖章）), the 项目资金
header with 年度资金总额 and its 其中 rows, the 年度总体目标 pair, every indicator row, 总分 / 合计 and 自评等级.

Every 自评表 layout of the corpus (tests/corpus/make_corpus.py) is copied so and compared with what the form
holds, and with its `|` copy (tests/test_selfeval_funds_parts.py); the audit finds the originals' faults
at the copy's lines. A cell the funds block cannot place is reported with its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfeval.api import audit_files
from perfeval.errors import InputError
from perfeval.selfeval import read_sheets
from perfeval.selfeval.readers import read_text_sheets
from perfeval.sources.text import layout_of, text_grid

from .corpus import make_corpus
from .test_corpus import row_fields, sheet_fields

# layout function -> (the columns its indicator rows print, whether the operator is printed inside the value)
FORMS = {
    "anhui_2022": ({"value", "actual"}, True),
    "yunnan_2024": ({"value", "actual"}, True),
    "sichuan_2023_self": ({"op", "value", "unit", "actual"}, False),
    "hunan_2022_self": ({"value", "actual"}, True),
    "guizhou_2024_self": ({"value", "actual"}, True),
    "sichuan_2024_web_self": ({"op", "value", "unit", "actual"}, False),
}


def copy(layout: str, style: str, tmp_path: Path) -> Path:
    blocks, _ = getattr(make_corpus, layout)()
    path = tmp_path / f"{layout}.{style}.txt"
    make_corpus.write_text(path, blocks, style)
    return path


@pytest.mark.parametrize("layout", FORMS)
def test_a_cell_by_cell_copy_reads_as_the_form(layout, tmp_path):
    path = copy(layout, "lines", tmp_path)
    assert layout_of(path.read_text(encoding="utf-8")) == "text-lines"
    _, [data] = getattr(make_corpus, layout)()
    columns, combined = FORMS[layout]
    want = make_corpus.selfeval_expected(data, columns, combined)  # amounts as printed (`0.00`), as a text copy keeps them
    [sheet] = read_sheets(path)
    got = sheet_fields(sheet)
    assert {k: got[k] for k in want if k in got} == {k: v for k, v in want.items() if k in got}
    assert got["funds"]["rate"] and got["funds_parts"]  # the 预算执行率 (10 of 100 points) and the 其中 rows are there
    assert [row_fields(r) for r in sheet.rows if r.name] == want["rows"]


@pytest.mark.parametrize("layout", FORMS)
def test_a_cell_by_cell_copy_reads_like_the_pipe_copy(layout, tmp_path):
    [lines] = read_sheets(copy(layout, "lines", tmp_path))
    [pipe] = read_sheets(copy(layout, "pipe", tmp_path))
    assert sheet_fields(lines) == sheet_fields(pipe)
    assert [row_fields(r) for r in lines.rows] == [row_fields(r) for r in pipe.rows]
    assert (lines.year, lines.funds.parts[0].label) == (pipe.year, pipe.funds.parts[0].label)


def test_the_cells_keep_their_lines(tmp_path):
    path = copy("anhui_2022", "lines", tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    [sheet] = read_sheets(path)
    funds = sheet.funds
    assert lines[funds.where("spent").line - 1] == "89.97" and lines[funds.where("rate").line - 1] == "99.97%"
    first = funds.parts[0]
    assert lines[first.where("label").line - 1] == "其中：本年财政拨款"
    assert first.where("spent").line == first.where("label").line + 3
    blank = funds.parts[1]  # 上年结转资金: only its `—` under 分值 and 得分 were copied
    assert (blank.label, blank.initial, blank.budget, blank.spent) == ("上年结转资金", "", "", "")
    reason = next(r for r in sheet.rows if r.reason)
    assert lines[reason.where("reason").line - 1] == "个别制度执行滞后，下年加强督促"
    assert lines[sheet.cells["grade"].line - 1] == "优"


def test_the_audit_finds_the_forms_faults_at_the_copys_lines(tmp_path):
    hunan = copy("hunan_2022_self", "lines", tmp_path)
    [finding] = audit_files([hunan]).findings
    assert (finding.code, finding.indicator) == ("arith.funds_parts", "年度资金总额")
    assert hunan.read_text(encoding="utf-8").splitlines()[finding.location.line - 1] == "142.5"  # the total's 全年执行数
    assert "其中各项（财政拨款 124.5、上年结转资金 16）合计 140.5 万元，相差 -2" in finding.message
    guizhou = copy("guizhou_2024_self", "lines", tmp_path)
    [finding] = audit_files([guizhou]).findings
    assert (finding.code, finding.indicator, finding.location.line) == ("arith.overspent", "当年财政拨款", 29)
    assert "「当年财政拨款」全年执行数 175 万元超过全年预算数 170 万元" in finding.message


def test_the_corpus_web_copy_reports_its_funds_faults_in_its_terms():
    """四川's web page: 预算执行率 100.00% for 46.8 of 52, and 其中 rows adding up to 45.8 where the total says 46.8."""
    path = make_corpus.HERE / "sichuan-2024-weijian-ziping.txt"
    result = audit_files([path])
    messages = {(f.code, f.location.line): f.message for f in result.findings}
    assert set(messages) == {("arith.funds_parts", 29), ("arith.rate", 30), ("rescore.execution", 32)}
    assert "预算执行率写 100.00%，预算执行数 46.8 ÷ 调整后预算数 52 = 90%" in messages[("arith.rate", 30)]
    assert "其中各项（财政资金 45、财政专户管理资金 0、单位资金 0.8）合计 45.8 万元，相差 -1" in messages[("arith.funds_parts", 29)]
    assert "预算执行率得分 10，按预算执行率 90%" in messages[("rescore.execution", 32)]
    [sheet] = read_sheets(path)
    assert (sheet.implementer, sheet.funds.reason) == ("卫生健康局", "执行率按预算执行数除以调整后预算数计算；未达90%的须说明原因")


HEAD = ["项目支出绩效自评表", "项目名称", "培训补助", "项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
        "得分", "年度资金总额", "100", "100", "95", "10", "95%", "9.5"]
TAIL = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
        "产出指标", "数量指标", "培训人数", "≥100人", "120人", "90", "90", "总分", "100", "99.5"]


def sheet_of(*lines: str):
    text = "\n".join(lines) + "\n"
    return read_text_sheets(text, "x.txt", "x.txt")


def test_a_funds_cell_no_column_takes_is_reported_at_its_line():
    head = [t for t in HEAD if t not in ("执行率", "95%")]  # a funds header without 执行率
    with pytest.raises(InputError) as caught:
        sheet_of(*head, "其中：当年财政拨款", "80", "80", "76", "95%", "—", "—", *TAIL)
    [problem] = caught.value.problems
    assert (problem.location.line, problem.found) == (20, "95%")
    assert problem.expected == ("「其中：当年财政拨款」一行的每格各在 项目资金 表头的一栏下（年初预算数、全年预算数、全年执行数、分值、"
                                "得分）；这一格放不进任何一栏：应核对是否多抄了一格，或表头少了一栏")
    with pytest.raises(InputError) as caught:  # one cell more than the header has columns
        sheet_of(*HEAD, "其中：当年财政拨款", "80", "80", "76", "10", "95%", "9.5", "76", *TAIL)
    [problem] = caught.value.problems
    assert problem.location.line in range(19, 26) and problem.found in ("80", "76", "10", "9.5")


def test_funds_cells_are_placed_by_what_fits_each_column():
    [sheet] = sheet_of(*HEAD, "其中：当年财政拨款", "80", "80", "76", "—", "—",  # 执行率 left empty
                       "上年结转资金", "20", "20", "19", "95%",  # 分值 and 得分 left empty
                       "其他资金", "—", "—", *TAIL)  # a blank sub-row: its amounts left empty
    assert [(p.label, p.initial, p.budget, p.spent) for p in sheet.funds.parts] == [
        ("当年财政拨款", "80", "80", "76"), ("上年结转资金", "20", "20", "19"), ("其他资金", "", "", "")]
    assert (sheet.funds.rate, sheet.funds.score, sheet.total_weight, sheet.total) == ("95%", "9.5", "100", "99.5")


def rows_of(*data: str, header=("一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分")):
    grid = text_grid("\n".join(["绩效指标", *header, *data]) + "\n", "x.txt", "text-lines")
    return [[c.text for c in row.cells] for row in grid.rows[2:]]


def test_the_execution_row_printed_among_the_indicators_is_read_and_the_rows_after_it_too():
    rows = [["项目支出绩效自评表"], ["项目名称", "P01-培训"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "40", "40"],
            ["", "", "预算执行率", "≥90%", "95%", "10", "9.5"],
            ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", "40", "40"],
            ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", "10", "10"],
            ["总分", "", "", "", "", "100", "99.5"]]
    [sheet] = sheet_of(*[cell for row in rows for cell in row if cell])
    assert (sheet.funds.rate, sheet.funds.weight, sheet.funds.score) == ("95%", "10", "9.5")
    assert [(r.name, r.level1, r.score) for r in sheet.rows] == [
        ("培训人数", "产出指标", "40"), ("就业率", "效益指标", "40"), ("满意度", "满意度指标", "10")]


def test_cost_is_a_second_level_under_output_and_a_first_level_before_its_own_second_level():
    assert rows_of("产出指标", "时效指标", "响应时间", "≤2小时", "1.5小时", "10", "10",
                   "成本指标", "运维成本", "≤280万元", "248.3万元", "10", "10") == [
        ["产出指标", "时效指标", "响应时间", "≤2小时", "1.5小时", "10", "10"],
        ["", "成本指标", "运维成本", "≤280万元", "248.3万元", "10", "10"]]
    assert rows_of("成本指标", "经济成本指标", "单位成本", "≤5万元", "4.8万元", "10", "10") == [
        ["成本指标", "经济成本指标", "单位成本", "≤5万元", "4.8万元", "10", "10"]]


def test_an_actual_ending_in_zhibiao_and_an_empty_category_row():
    assert rows_of("效益指标(30分)", "经济效益指标", "社会效益指标", "造价控制作用", "效果明显", "达成预期指标", "15", "15") == [
        ["效益指标(30分)", "经济效益指标", "", "", "", "", ""],
        ["", "社会效益指标", "造价控制作用", "效果明显", "达成预期指标", "15", "15"]]


def test_a_row_without_its_actual_and_score_keeps_its_weight():
    assert rows_of("产出指标", "数量指标", "覆盖率", "=100%", "60", "效益指标", "社会效益指标", "保障率", "=100%", "30") == [
        ["产出指标", "数量指标", "覆盖率", "=100%", "", "60", ""], ["效益指标", "社会效益指标", "保障率", "=100%", "", "30", ""]]


# -- generated forms: the cell-by-cell copy reads as the tab copy, which keeps every empty cell --------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LEVELS = {"产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
          "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
          "满意度指标": ("服务对象满意度指标",)}
NAMES = ("培训人数", "验收合格率", "完成时间", "项目总成本", "带动增收", "群众知晓率", "设施使用年限", "受益群众满意度",
         "覆盖乡镇数", "资金拨付及时率")
ACTUALS = ("120人", "100%", "按时完成", "达成预期指标", "95", "89.97万元", "明显提升", "12个")
REASONS = ("部分任务顺延至下年", "个别乡镇进度滞后，下年加强督导")


def amount(draw) -> str:
    return draw(st.sampled_from(("0", "0.00", "12", "15.36", "90", "124.5", "261.46", "1200")))


def indicators(draw, sichuan: bool) -> list:
    rows = []
    for level1, level2s in LEVELS.items():
        for level2 in draw(st.lists(st.sampled_from(level2s), min_size=1, max_size=2)):
            common = dict(weight=draw(st.sampled_from(("10", "15", "20"))), score=draw(st.sampled_from(("10", "9", "14.5"))),
                          reason=draw(st.sampled_from(("",) * 3 + REASONS)), actual=draw(st.sampled_from(ACTUALS)))
            name = draw(st.sampled_from(NAMES))
            if not sichuan:
                cell = draw(st.sampled_from(("≥100人", "100%", "按计划完成", "≤90万元", "效果明显")))
                rows.append(make_corpus.Ind(level1, level2, name, cell=cell, **common))
            elif draw(st.booleans()):
                rows.append(make_corpus.Ind(level1, level2, name, draw(st.sampled_from(("≥", "≤", "="))),
                                            draw(st.sampled_from(("36", "100", "0.5"))), draw(st.sampled_from(("个", "%", "人"))),
                                            **common))
            else:
                rows.append(make_corpus.Ind(level1, level2, name, "定性", text="显著提升", **common))
    return rows


@st.composite
def forms(draw):
    """A 自评表 in the central template or 四川's (预算执行情况 with 原因, 指标性质 / 指标值 / 度量单位 columns, 合计):
    funds total and 其中 rows (some blank), indicator rows under merged or repeated 一级 cells, a reason here and
    there; every actual and score filled (a copy that drops an empty 得分 beside a numeric actual cannot say
    which of the two is missing)."""
    sichuan = draw(st.booleans())
    parts = []
    for label in draw(st.lists(st.sampled_from(("当年财政拨款", "上年结转资金", "其他资金", "单位资金")),
                               min_size=1, max_size=3, unique=True)):
        blank = draw(st.booleans())
        parts.append((label, "", "", "") if blank else (label, amount(draw), amount(draw), amount(draw)))
    parts[0] = ("其中：" + parts[0][0], *parts[0][1:])
    funds = {"initial": amount(draw), "budget": amount(draw), "spent": amount(draw), "weight": "10",
             "rate": draw(st.sampled_from(("95%", "99.97%", "100.00%"))), "score": draw(st.sampled_from(("9.5", "10")))}
    rows = indicators(draw, sichuan)
    sheet = make_corpus.SelfEval("", "委托业务费", "镇人民政府", "镇财政所", "2024", funds, parts, "完成全年任务。", "已完成。",
                                 rows, "100", "98", draw(st.sampled_from(("优", "良", ""))))
    rate_in_parts, merged = draw(st.booleans()), draw(st.booleans())
    f = sheet.funds
    if sichuan:
        tb = make_corpus.TB(11)
        tb.row("项目名称", sheet.project_name, spans={1: 10})
        tb.row("主管部门", sheet.department, "实施单位（盖章）", sheet.implementer, spans={1: 4, 5: 2, 7: 4})
        tb.row("项目基本情况", "1.项目年度目标完成情况", "项目年度目标", "年度目标完成情况", spans={1: 2, 3: 4, 7: 4})
        tb.row("", "", sheet.expected_goal, sheet.achieved_goal, spans={1: 2, 3: 4, 7: 4})
        tb.row("预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因",
               spans={8: 3})
        tb.row("", "总额", f["initial"], f["budget"], f["spent"], f["rate"], f["weight"], f["score"],
               draw(st.sampled_from(("", "预算执行率=预算执行数/调整后预算数"))), spans={8: 3})
        for label, a, b, c in parts:
            tb.row("", label, a, b, c, "90.00%" if rate_in_parts and a else "", "/", "/", "", spans={8: 3})
        columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标性质", "op"), ("指标值", "value"),
                   ("度量单位", "unit"), ("完成值", "actual"), ("权重", "weight"), ("得分", "score"), ("未完成原因分析", "reason")]
        tb.row("绩效指标(90分)", *[h for h, _ in columns])
        total = "合计"
    else:
        tb = make_corpus.TB(10)
        tb.row("项目名称", sheet.project_name, spans={1: 9})
        tb.row("主管部门", sheet.department, "实施单位", sheet.implementer, spans={1: 4, 6: 4})
        tb.row("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", spans={0: 3, 8: 2})
        tb.row("年度资金总额", f["initial"], f["budget"], f["spent"], f["weight"], f["rate"], f["score"], spans={0: 3, 8: 2})
        for label, a, b, c in parts:
            tb.row(label, a, b, c, "—", "90%" if rate_in_parts and a else "", "—", spans={0: 3, 8: 2})
        tb.row("年度总体目标", "预期目标", "实际完成情况", spans={1: 4, 5: 5})
        tb.row("", sheet.expected_goal, sheet.achieved_goal, spans={1: 4, 5: 5})
        columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("年度指标值", "value"),
                   ("实际完成值", "actual"), ("分值", "weight"), ("得分", "score"), ("偏差原因分析及改进措施", "reason")]
        tb.row("绩效指标", *[h for h, _ in columns], spans={0: 2})
        total = "总分"
    for k, ind in enumerate(rows):
        cells = make_corpus.indicator_cells(ind, columns)
        if merged and k and rows[k - 1].level1 == ind.level1:
            cells[0] = ""  # 一级 merged down its run: printed once
        tb.row("", *cells, spans={0: 2}) if not sichuan else tb.row("", *cells)
    tb.row(total, sheet.total_weight, sheet.total, "", spans={0: 7})
    if sheet.grade:
        tb.row("自评等级", sheet.grade, spans={0: 3, 3: 7})
    return ["项目支出绩效自评表", "（2024年度）", tb.finish()], sheet


@settings(max_examples=40, deadline=None)
@given(forms())
def test_a_generated_form_reads_the_same_copied_cell_by_cell_as_with_tabs(form):
    import tempfile

    blocks, data = form
    with tempfile.TemporaryDirectory() as folder:
        read = {}
        for style in ("tab", "lines"):
            path = Path(folder) / f"x.{style}.txt"
            make_corpus.write_text(path, blocks, style)
            [read[style]] = read_sheets(path)
    tab, lines = read["tab"], read["lines"]
    assert sheet_fields(lines) == sheet_fields(tab)
    assert [row_fields(r) for r in lines.rows] == [row_fields(r) for r in tab.rows]
    # and both are the form's own values
    assert {f: getattr(lines.funds, f) for f in data.funds} == data.funds
    assert [(p.label, p.initial, p.budget, p.spent) for p in lines.funds.parts] == \
        [(label.removeprefix("其中："), *amounts) for label, *amounts in data.funds_rows]
    assert [(r.level1, r.level2, r.name, r.actual, r.weight, r.score, r.reason) for r in lines.rows if r.name] == \
        [(i.level1, i.level2, i.name, i.actual, i.weight, i.score, i.reason) for i in data.rows]
    assert (lines.total_weight, lines.total, lines.grade, lines.goal.achieved) == \
        (data.total_weight, data.total, data.grade, data.achieved_goal)


def test_the_vocabulary_words_the_regrouping_compares_are_printed_keyed():
    from perfeval import vocab

    assert all(vocab.key(word) == word for word in vocab.SELF_TOTAL + vocab.GRADES + vocab.GRADE_LABELS)


def test_a_long_copy_with_spaced_out_signature_lines_is_still_one_cell_per_line(tmp_path):
    """Three forms, each with a `填报人：      联系电话：` line: the header words on lines of their own decide."""
    one = copy("anhui_2022", "lines", tmp_path).read_text(encoding="utf-8")
    assert one.count("填报人：            联系电话：") == 1
    text = one * 3
    assert layout_of(text) == "text-lines"
    sheets = read_text_sheets(text, "x.txt", "x.txt")
    assert [(s.label, s.funds.spent, len(s.funds.parts), s.grade) for s in sheets] == [
        (f"x.txt#{n}", "89.97", 3, "优") for n in (1, 2, 3)]


@pytest.mark.parametrize("extra, line", [(["10", "10"], 16), (["95%"], 16), (["达成预期指标", "10"], 17)])
def test_an_indicator_cell_that_belongs_to_no_row_is_reported_at_its_line(extra, line):
    data = ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "90", "90", *extra]
    with pytest.raises(InputError) as caught:
        text_grid("\n".join(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", *data]),
                  "x.txt", "text-lines")
    problem = caught.value.problems[0]
    assert (problem.location.line, problem.found) == (line, extra[0] if line == 16 else extra[1])
    assert problem.expected == ("指标行的单元格（与其三级指标同在一行，各在表头 一级指标、二级指标、三级指标、年度指标值、实际完成值、"
                                "分值、得分 的一栏下）；这一格前后没有三级指标，不属于任何指标行：应核对是否多抄了一格，或漏抄了三级指标")


def test_a_department_form_copied_cell_by_cell_reads_as_with_tabs():
    """部门整体支出绩效自评表: 部门（单位）名称 names the sheet; its funds split by kind of spending (基本支出 / 项目支出)."""
    rows = [["2023年度部门整体支出绩效自评表"], ["部门（单位）名称", "县农业农村局"],
            ["年度预算资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "500", "520", "510", "10", "98.08%", "9.8"],
            ["其中：基本支出", "300", "310", "305", "—", "", "—"], ["项目支出", "200", "210", "205", "—", "", "—"],
            ["年度总体目标", "预期目标", "实际完成情况"], ["", "保障机关运转，完成农业项目。", "已完成。"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
            ["产出指标", "数量指标", "项目个数", "≥10个", "12个", "50", "50", ""],
            ["效益指标", "社会效益指标", "农民增收", "≥5%", "6%", "30", "30", ""],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "10", "10", ""],
            ["总分", "", "", "", "", "100", "99.8", ""], ["自评等级", "优"]]
    [tab] = read_text_sheets("\n".join("\t".join(row) for row in rows), "x.txt", "x.txt")
    [lines] = sheet_of(*[cell for row in rows for cell in row if cell])
    assert sheet_fields(lines) == sheet_fields(tab) and lines.project_code == tab.project_code == "部门整体"
    assert [row_fields(r) for r in lines.rows] == [row_fields(r) for r in tab.rows]
    assert [(p.label, p.spent) for p in lines.funds.parts] == [("基本支出", "305"), ("项目支出", "205")]
