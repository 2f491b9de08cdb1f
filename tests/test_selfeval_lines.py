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
    assert "执行率写 100.00%，全年执行数 46.8 ÷ 全年预算数 52 = 90%" in messages[("arith.rate", 30)]
    assert "其中各项（财政资金 45、财政专户管理资金 0、单位资金 0.8）合计 45.8 万元，相差 -1" in messages[("arith.funds_parts", 29)]
    assert "预算执行率得分 10，按执行率 90%" in messages[("rescore.execution", 32)]
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
