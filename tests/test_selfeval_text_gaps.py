"""自评表 copied as text, the shapes a careful reviewer meets on published pages (docs/reading.md, text copies):

- a goal whose 实际完成情况 (or 年度目标完成情况) cell is empty, followed by the next numbered part of the copy
  (`2.项目实施内容及过程概述`, `二、…`, `（二）…`): the achieved text stays empty and the heading is left alone;
- a web page's table copied one cell per line with a ` |` after each cell (an empty cell a lone `|`), as some
  county portals publish the 四川 system's form;
- header and category cells printed over two or three lines (湖北's pages: `年度` / `指标值`, `社会效益` / `指标`);
- flat exports (one row per indicator beside its project's columns) as tab text and as `pdftotext -layout` text;
- a form copied with one space between cells (`text-words`), and a header the copy broke apart reported at its line.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.errors import InputError

from perfeval.selfeval.readers import read_text_sheets
from perfeval.sources.text import layout_of, text_grid

from .corpus import make_corpus
from .test_corpus import row_fields, sheet_fields

SICHUAN = (make_corpus.HERE / "sichuan-2024-weijian-ziping.txt").read_text(encoding="utf-8")
ACHIEVED = "全年签约12450人，老年人健康管理率67.2%。"


def sheets(text: str):
    return read_text_sheets(text, "x.txt", "x.txt")


@pytest.mark.parametrize("heading", ["2.项目实施内容及过程概述", "2、项目实施内容及过程概述", "二、项目实施内容及过程概述",
                                     "（二）项目实施内容及过程概述", "(2)项目实施内容", "2．项目实施情况："])
def test_an_empty_achieved_goal_before_a_numbered_heading_stays_empty(heading):
    text = SICHUAN.replace(ACHIEVED + "\n", "").replace("2.项目实施内容及过程概述", heading)
    assert layout_of(text) == "text-lines"
    [sheet] = sheets(text)
    assert (sheet.goal.expected, sheet.goal.achieved) == ("为辖区常住居民免费提供基本公共卫生服务。", "")
    [original] = sheets(SICHUAN)
    assert sheet.funds == original.funds and sheet.rows == original.rows  # the rest of the form reads as before
    lines = text_grid(text, "x.txt").rows
    assert any([c.text for c in row.cells] == [heading] for row in lines)  # the heading is free text, left alone


@pytest.mark.parametrize("achieved", ["1.全年签约12450人", "一、完成全年签约任务", "2.完成签约12450人；老年人健康管理率67.2%。"])
def test_a_numbered_achieved_text_is_still_the_achieved_text(achieved):
    """A goal text may itself be a numbered list: only a heading-like line (short, no figures, no sentence, numbered
    after the first) ends the goal."""
    text = SICHUAN.replace(ACHIEVED, achieved)
    [sheet] = sheets(text)
    assert sheet.goal.achieved == achieved


def test_both_goal_texts_empty_before_a_numbered_heading():
    text = SICHUAN.replace(ACHIEVED + "\n", "").replace("为辖区常住居民免费提供基本公共卫生服务。\n", "")
    [sheet] = sheets(text)
    assert sheet.goal is None or (sheet.goal.expected, sheet.goal.achieved) == ("", "")


@pytest.mark.parametrize("style", ["tab", "pipe", "space", "lines"])
@pytest.mark.parametrize("blank", ["achieved", "both"])
def test_empty_goal_texts_in_every_copy_style(style, blank, tmp_path):
    """The same form copied with tabs, `|`, runs of spaces or one cell per line, its goal texts left empty: a copy
    that drops empty cells must not take the next part's heading (and its text) for the goal."""
    blocks, _ = make_corpus.sichuan_2024_web_self()
    path = tmp_path / f"x.{style}.txt"
    make_corpus.write_text(path, blocks, style)
    text = path.read_text(encoding="utf-8").replace(ACHIEVED, "")
    if blank == "both":
        text = text.replace("为辖区常住居民免费提供基本公共卫生服务。", "")
    [sheet] = sheets(text)
    expected = "" if blank == "both" else "为辖区常住居民免费提供基本公共卫生服务。"
    if blank == "both":
        assert sheet.goal is None  # nothing printed under 预期目标 / 实际完成情况
    else:
        assert (sheet.goal.expected, sheet.goal.achieved) == (expected, "")
    [original] = sheets(SICHUAN)
    assert [row_fields(r) for r in sheet.rows] == [row_fields(r) for r in original.rows]


def piped(tab_text: str) -> str:
    """A tab copy as a portal's table page prints it: each cell on its line closed by ` |`, an empty cell a lone `|`."""
    return "".join(f"{cell} |\n" if cell.strip() else "|\n" for line in tab_text.splitlines() for cell in line.split("\t"))


@pytest.mark.parametrize("layout", ["sichuan_2024_web_self", "sichuan_2023_self", "anhui_2022", "hunan_2022_self",
                                    "guizhou_2024_self", "yunnan_2024"])
def test_a_copy_closing_each_cell_with_a_rule_reads_as_the_cell_by_cell_copy(layout, tmp_path):
    blocks, _ = getattr(make_corpus, layout)()
    for style in ("tab", "lines"):
        make_corpus.write_text(tmp_path / style, blocks, style)
    text = piped((tmp_path / "tab").read_text(encoding="utf-8"))
    assert text.count("\n|\n") > 10 and layout_of(text) == "text-lines"
    [sheet] = sheets(text)
    [lines] = sheets((tmp_path / "lines").read_text(encoding="utf-8"))
    assert sheet_fields(sheet) == sheet_fields(lines)
    assert [row_fields(r) for r in sheet.rows] == [row_fields(r) for r in lines.rows]
    def parts(s):
        return [(p.label, p.initial, p.budget, p.spent, p.rate) for p in s.funds.parts]

    assert parts(sheet) == parts(lines) and len(parts(sheet)) >= 2
    assert text.splitlines()[sheet.funds.where("spent").line - 1] == sheet.funds.spent + " |"  # cells keep their lines


# -- cells printed over two or three lines (湖北's page: `年度` / `指标值`, `社会效益` / `指标`) ---------------------

def grid_rows(*lines: str) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in text_grid("\n".join(lines) + "\n", "x.txt", "text-lines").rows]


def test_header_and_category_cells_broken_over_lines_are_one_cell_at_their_first_line():
    rows = grid_rows("绩效指标", "一级", "指标", "二级指标", "三级指标", "年度", "指标值", "实际", "完成值", "分值", "得分",
                     "偏差原因分析", "及改进措施",
                     "产出指标", "（50分）", "数量指标", "服务人次", "≥100人次", "120人次", "20", "20",
                     "效益指标", "社会效益", "指标", "办理效率", "明显提升", "明显提升", "20", "18", "个别月份滞后",
                     "满意度", "指标", "服务对象", "满意度指标", "使用单位满意度", "≥90%", "93%", "10", "10")
    assert rows[1:] == [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标（50分）", "数量指标", "服务人次", "≥100人次", "120人次", "20", "20", ""],
        ["效益指标", "社会效益指标", "办理效率", "明显提升", "明显提升", "20", "18", "个别月份滞后"],
        ["满意度指标", "服务对象满意度指标", "使用单位满意度", "≥90%", "93%", "10", "10", ""]]
    grid = text_grid("\n".join(["绩效指标", "一级指标", "二级指标", "三级指标", "年度", "指标值", "实际", "完成值"]), "x.txt",
                     "text-lines")
    assert [(c.text, c.location.line) for c in grid.rows[1].cells][3:] == [("年度指标值", 5), ("实际完成值", 7)]


def test_cells_that_each_name_something_or_hold_values_are_not_joined():
    rows = grid_rows("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                     "产出指标", "数量指标", "年度", "12", "12", "20", "20",  # a 三级 named 年度 before a number: kept apart
                     "效益指标", "社会效益指标", "实际", "完成值较上年提高", "提高", "20", "20")  # 实际完成值较上年提高: no word
    assert rows[2:] == [["产出指标", "数量指标", "年度", "12", "12", "20", "20"],
                        ["效益指标", "社会效益指标", "实际", "完成值较上年提高", "提高", "20", "20"]]


def test_the_hubei_page_reads_its_two_forms_whole():
    """The corpus copy (make_corpus.hubei_2019_self): before, the broken header cells ended the indicator header
    and every indicator row of both forms was lost without a word."""
    path = make_corpus.HERE / "hubei-2019-caizheng-ziping.txt"
    first, second = read_text_sheets(path.read_text(encoding="utf-8"), str(path), path.name)
    assert [(r.level1, r.level2, r.name, r.target, r.actual, r.score) for r in first.rows][3:] == [
        ("效益指标", "社会效益指标", "业务办理效率", "明显提升", "明显提升", "20"),
        ("满意度指标", "服务对象满意度指标", "使用单位满意度", "≥90%", "93%", "15")]
    assert (len(second.rows), second.goal.achieved, second.total) == (4, "", "92.5")


# -- flat exports: one row per indicator, the project's columns beside it, a project a block of rows -----------

FLAT = [["项目编码", "项目名称", "主管部门", "实施单位", "年初预算数", "全年预算数", "全年执行数", "执行率", "预算执行率得分",
         "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因", "总分"],
        ["P001", "培训补助", "县人社局", "县就业局", "100", "100", "95", "95%", "9.5", "产出指标", "数量指标", "培训人数",
         "≥100人", "120人", "40", "40", "", "99.5"],
        [""] * 9 + ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", "40", "40", "", ""],
        [""] * 9 + ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", "10", "10", "", ""],
        ["P002", "就业补贴", "县人社局", "县就业局", "50", "60", "54", "90%", "9", "产出指标", "数量指标", "补贴人数",
         "≥500人", "420人", "50", "42", "部分人员延至下年", "91"],
        [""] * 9 + ["效益指标", "社会效益指标", "就业稳定率", "≥90%", "92%", "40", "40", "", ""]]


def flat_read(sheets) -> list:
    return [(s.project_code, s.project_name, s.implementer, s.funds.spent, s.funds.rate, s.funds.score, s.total,
             [(r.level1, r.level2, r.name, r.target, r.actual, r.weight, r.score, r.reason) for r in s.rows])
            for s in sheets]


FLAT_READ = [("P001", "培训补助", "县就业局", "95", "95%", "9.5", "99.5",
              [("产出指标", "数量指标", "培训人数", "≥100人", "120人", "40", "40", ""),
               ("效益指标", "社会效益指标", "就业率", "≥80%", "85%", "40", "40", ""),
               ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", "10", "10", "")]),
             ("P002", "就业补贴", "县就业局", "54", "90%", "9", "91",
              [("产出指标", "数量指标", "补贴人数", "≥500人", "420人", "50", "42", "部分人员延至下年"),
               ("效益指标", "社会效益指标", "就业稳定率", "≥90%", "92%", "40", "40", "")])]


def test_a_flat_export_with_tabs_reads_each_project():
    """Before, a tab-separated flat export went to the form reader and was refused (没有找到自评表)."""
    text = "单位：万元\n" + "\n".join("\t".join(row) for row in FLAT) + "\n"
    assert layout_of(text) == "text-tab"
    assert flat_read(sheets(text)) == FLAT_READ


def spaced(rows: list[list[str]], right: bool) -> str:
    """`pdftotext -layout` text of a table: each column as wide as its widest cell and two spaces, empty cells left
    blank; numbers flush right in their column when `right` (as a PDF often prints them)."""
    from .corpus.make_corpus import _display

    widths = [max(_display(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = []
    for row in rows:
        line = ""
        for c, t in enumerate(row):
            pad = " " * (widths[c] - _display(t))
            line += (pad + t if right and t[:1].isdigit() else t + pad) + "  "
        lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("right", [False, True])
def test_a_flat_export_laid_out_by_pdftotext_places_cells_by_their_columns(right):
    """Before, the continuation rows (their project cells blank) and a row with an empty 偏差原因 lost their places:
    every project after the first was refused (项目名称 或 项目编码（首个指标行须填写）)."""
    text = spaced(FLAT, right)
    assert layout_of(text) == "text-space"
    assert flat_read(sheets(text)) == FLAT_READ


def test_a_target_flat_export_laid_out_by_pdftotext_reads_as_its_tab_copy(tmp_path):
    """The same placement serves a 绩效目标表 flat export (浙江's): before, each continuation row of a project became
    a project of its own named after its levels (`产出指标-质量指标`)."""
    from perfeval.readers import read_document

    blocks, projects = make_corpus.zhejiang_2025_flat()
    read = {}
    for style in ("tab", "space"):
        make_corpus.write_text(tmp_path / style, blocks, style)
        read[style] = read_document(tmp_path / style)
    tab, space = read["tab"], read["space"]
    assert [t.project_name for t in space.target_tables] == [t.project_name for t in tab.target_tables]
    assert len(space.target_tables) == len(projects) >= 2
    assert [[(i.level2, i.name, i.weight) for i in t.indicators] for t in space.target_tables] == \
        [[(i.level2, i.name, i.weight) for i in t.indicators] for t in tab.target_tables]
    assert [len(t.indicators) for t in space.target_tables] == [len(p.indicators) for p in projects]
    assert not space.unplaced


# -- one space between cells (a page's text copied as it shows: 湖北's 自评表 page) ----------------------------------

HUBEI_PAGE = """项目支出绩效自评表
（2019年度）
项目名称 政务服务外包
主管部门 市数据局 实施单位 市数据局
项目资金 年初预算数 全年预算数 全年执行数 分值 执行率 得分
（万元）
年度资金总额 300 300 270 10 90% 9
其中：当年财政拨款 300 300 270
上年结转资金
其他资金
年度总体目标 预期目标 实际完成情况
完成政务服务外包。 已完成。
一级指标 二级指标 三级指标 年度 实际 分值 得分 偏差原因分析
指标值 完成值 及改进措施
产出指标 数量指标 服务人次 100人次 120人次 20 20
质量指标 服务达标率 ≥80% 85% 20 18 个别月份未达标，已整改
效益指标 社会效益 运行效率提升 ≥80% 82% 30 30
指标
满意度 服务对象 受益群体满意度 ≥90% 92% 10 10
指标 满意度指标
总分 80 78
"""


def test_a_form_copied_with_one_space_between_cells_reads_whole():
    """Before, such a copy (no tab, no run of spaces) was read as lines of free text: 没有找到自评表."""
    assert layout_of(HUBEI_PAGE) == "text-words"
    [sheet] = sheets(HUBEI_PAGE)
    assert (sheet.project_name, sheet.department, sheet.implementer) == ("政务服务外包", "市数据局", "市数据局")
    assert (sheet.funds.initial, sheet.funds.spent, sheet.funds.rate, sheet.funds.score) == ("300", "270", "90%", "9")
    assert [(p.label, p.spent) for p in sheet.funds.parts] == [("当年财政拨款", "270"), ("上年结转资金", ""), ("其他资金", "")]
    assert (sheet.goal.expected, sheet.goal.achieved, sheet.total_weight, sheet.total) == (
        "完成政务服务外包。", "已完成。", "80", "78")
    assert [(r.level1, r.level2, r.name, r.target, r.actual, r.weight, r.score, r.reason) for r in sheet.rows] == [
        ("产出指标", "数量指标", "服务人次", "100人次", "120人次", "20", "20", ""),
        ("产出指标", "质量指标", "服务达标率", "≥80%", "85%", "20", "18", "个别月份未达标，已整改"),
        ("效益指标", "社会效益指标", "运行效率提升", "≥80%", "82%", "30", "30", ""),
        ("满意度指标", "服务对象满意度指标", "受益群体满意度", "≥90%", "92%", "10", "10", "")]
    lines = HUBEI_PAGE.splitlines()
    assert lines[sheet.rows[2].where("level2").line - 1].startswith("效益指标 社会效益")  # at the line the cell starts
    assert lines[sheet.rows[1].where("reason").line - 1].endswith("个别月份未达标，已整改")


def test_a_note_in_brackets_stays_with_its_word():
    text = HUBEI_PAGE.replace("实施单位 市数据局", "实施单位 (盖章) 市数据局").replace("产出指标 数量指标", "产出指标 （60分） 数量指标")
    [sheet] = sheets(text)
    assert (sheet.implementer, sheet.rows[0].level1, sheet.rows[0].level2) == ("市数据局", "产出指标", "数量指标")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["项目名称", "甲", "一级指标", "二级指标", "三级指标", "年度", "指标值", "实际",
                                          "完成值", "分值", "得分", "产出指标", "社会效益", "指标", "≥90%", "95%", "10",
                                          "总分", "100", "(盖章)", "年初预算数", "全年预算数", "全年执行数", "年度资金总额"]),
                         max_size=9), min_size=1, max_size=20))
def test_any_copy_with_one_space_between_cells_reads_or_is_an_input_error(lines):
    text = "\n".join(" ".join(words) for words in lines)
    try:
        read = sheets(text)
    except InputError as error:
        assert all(p.location.line is None or 1 <= p.location.line <= len(lines) for p in error.problems)
        return
    assert read


def test_an_indicator_header_without_its_third_level_column_is_reported_not_dropped():
    """A one-line copy keeps `年度 实际` and `指标值 完成值` apart: the header has no 三级指标 run to read rows under, and
    its cells are reported at their line (before: every indicator row lost without a word)."""
    text = HUBEI_PAGE.replace("偏差原因分析\n指标值 完成值 及改进措施", "偏差原因分析 指标值 完成值 及改进措施")
    with pytest.raises(InputError) as caught:
        sheets(text)
    [problem] = caught.value.problems
    assert problem.location.line == 13 and "中没有 三级指标 一栏" in problem.expected and "应核对表头是否抄全" in problem.expected


def whole_cells(page: str) -> str:
    """HUBEI_PAGE with every cell on one line (no cell broken over two)."""
    return (page.replace("偏差原因分析\n指标值 完成值 及改进措施", "偏差原因分析及改进措施").replace("年度 实际", "年度指标值 实际完成值")
            .replace("社会效益 运行效率提升 ≥80% 82% 30 30\n指标", "社会效益指标 运行效率提升 ≥80% 82% 30 30")
            .replace("满意度 服务对象 受益群体满意度 ≥90% 92% 10 10\n指标 满意度指标",
                     "满意度指标 服务对象满意度指标 受益群体满意度 ≥90% 92% 10 10"))


def test_one_form_per_line_with_one_space_between_cells():
    one = " ".join(whole_cells(HUBEI_PAGE).splitlines())
    text = one + "\n" + one.replace("政务服务外包", "档案数字化").replace("300 300 270", "200 200 190") + "\n"
    assert layout_of(text) == "text-words"
    [first, second] = sheets(text)
    [page] = sheets(HUBEI_PAGE)
    assert [row_fields(r) for r in first.rows] == [row_fields(r) for r in second.rows] == [row_fields(r) for r in page.rows]
    assert (first.project_name, first.funds.spent, second.project_name, second.funds.spent) == (
        "政务服务外包", "270", "档案数字化", "190")
    assert {r.location.line for r in first.rows} == {1} and {r.location.line for r in second.rows} == {2}


def test_a_whole_form_on_one_tab_line_is_no_flat_header():
    """Its cells name 项目名称 and 三级指标 as a flat header does, but it holds numbers: not taken for a flat export
    (which said 表头下没有指标行); the form reader says what it did not find."""
    with pytest.raises(InputError) as caught:
        sheets("\t".join(whole_cells(HUBEI_PAGE).split()) + "\n")
    assert "没有找到自评表" in str(caught.value)


# -- 安徽's county layout: 年度总体目标完成情况 / 年度绩效指标完成情况 labels, funds headers with (A) (B) --------------

TIANCHANG = [["项目支出绩效自评表"], ["（2022年度）"], ["项目名称", "水旱灾害防御经费"], ["主管部门", "市水利局", "实施单位", "市水利局"],
             ["项目资金（万元）", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
             ["年度资金总额：", "880", "880", "870", "10", "98.86%", "9.89"],
             ["其中：本年财政拨款", "880", "880", "870", "-", "-"], ["上年结转资金", "-", "-"], ["其他资金", "-", "-"],
             ["年度总体目标完成情况", "预期目标", "实际完成情况"], ["完成年度防汛工作。", ""],
             ["年度绩效指标完成情况", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
              "偏差原因分析及改进措施"],
             ["产出指标（50分）", "数量指标", "指标1：完成灌区改造项目数量", "1", "1", "50", "50"],
             ["效益指标（30分）", "社会效益指标", "指标1：保护人口财产", "有效", "有效", "30", "30"],
             ["满意度指标（10分）", "服务对象满意度指标", "指标1：服务对象满意度", "90%", "100%", "10", "10"],
             ["总分", "100", "99.89"]]


@pytest.mark.parametrize("style", ["lines", "tab", "pipe"])
def test_the_anhui_county_layout_with_an_empty_achieved_goal(style):
    """Before: the cell-by-cell copy took the 年度绩效指标完成情况 label for the empty 实际完成情况, and every copy lost
    the funds block (its header's `全年预算数（A）` / `全年执行数（B）` were not read as 全年预算数 / 全年执行数)."""
    if style == "lines":
        text = "\n".join(c for row in TIANCHANG for c in row if c)
    elif style == "tab":
        text = "\n".join("\t".join(row) for row in TIANCHANG)
    else:
        text = "\n".join("| " + " | ".join(c for c in row if c) + " |" for row in TIANCHANG)
    [sheet] = sheets(text)
    assert (sheet.goal.expected, sheet.goal.achieved) == ("完成年度防汛工作。", "")
    assert (sheet.funds.budget, sheet.funds.spent, sheet.funds.rate, sheet.funds.score) == ("880", "870", "98.86%", "9.89")
    assert [(p.label, p.budget, p.spent) for p in sheet.funds.parts] == [
        ("本年财政拨款", "880", "870"), ("上年结转资金", "", ""), ("其他资金", "", "")]
    assert [(r.level1, r.level2, r.actual, r.score) for r in sheet.rows] == [
        ("产出指标", "数量指标", "1", "50"), ("效益指标", "社会效益指标", "有效", "30"),
        ("满意度指标", "服务对象满意度指标", "100%", "10")]
    assert (sheet.total_weight, sheet.total) == ("100", "99.89")
