"""The 其中 rows under 年度资金总额, read from printed 自评表 forms (perfeval.selfeval.grid) into Funds.parts.

Every layout the form reader knows: the label in the first column or in the second after a merged
项目资金（万元） cell, `其中：` before the first label, `其中` on a row of its own or in a cell beside the
labels, traditional characters, blank sub-rows, a 调整后预算数 column; and what is no 其中 row.
The corpus documents (tests/test_corpus.py, tests/test_corpus_audit.py) hold the same layouts in
Word, .xls, HTML and PDF.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from perfeval.api import audit_files
from perfeval.errors import InputError
from perfeval.selfeval import read_sheets
from perfeval.selfeval.readers import read_text_sheets

CORPUS = Path(__file__).resolve().parent / "corpus"

HEADER = ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
TAIL = [["年度总体目标", "预期目标", "", "", "", "实际完成情况"],
        ["", "完成培训任务，使用财政资金100万元。", "", "", "", "完成"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["", "产出指标", "数量指标", "培训人数", "≥100人", "120人", "90", "90"],
        ["总分", "", "", "", "", "", "100", "99.5"]]


def form(*block: list[str], header: list[str] = HEADER) -> list[list[str]]:
    """A 自评表 whose funds block is `header`, then the rows of `block` (年度资金总额 and its 其中 rows)."""
    return [["项目支出绩效自评表"], ["项目名称", "P01-职业技能培训"], header, *block, *TAIL]


def as_text(rows: list[list[str]]):
    text = "\n".join("\t".join(row) for row in rows) + "\n"
    return read_text_sheets(text, "x.txt", "x.txt")


def as_xlsx(rows: list[list[str]], tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    for row in rows:
        sheet.append([_number(text) for text in row])
    path = tmp_path / "x.xlsx"
    book.save(path)
    return read_sheets(path)


def _number(text: str):
    try:
        return int(text) if text.isdigit() else float(text) if text and text.replace(".", "", 1).isdigit() else (text or None)
    except ValueError:
        return text


def parts(sheets) -> list[tuple[str, str, str, str]]:
    [sheet] = sheets
    return [(p.label, p.initial, p.budget, p.spent) for p in sheet.funds.parts]


TOTAL = ["", "年度资金总额", "100", "100", "95", "10", "95%", "9.5"]


@pytest.mark.parametrize("reader", ["text", "xlsx"])
def test_prefixed_labels_in_the_second_column_with_their_cells(reader, tmp_path):
    rows = form(TOTAL, ["", "其中：当年财政拨款", "80", "80", "76", "—", "—", "—"],
                ["", "上年结转资金", "20", "20", "19", "—", "—", "—"], ["", "其他资金", "", "", "", "—", "—", "—"])
    sheets = as_text(rows) if reader == "text" else as_xlsx(rows, tmp_path)
    assert parts(sheets) == [("当年财政拨款", "80", "80", "76"), ("上年结转资金", "20", "20", "19"), ("其他资金", "", "", "")]
    first = sheets[0].funds.parts[0]
    if reader == "text":
        assert first.where("spent").line == 5 and first.where("label").line == 5
    else:
        assert (first.where("label").cell, first.where("initial").cell, first.where("spent").cell) == \
            ("自评表!B5", "自评表!C5", "自评表!E5")
    # and the rest of the sheet still reads: the goal row under the block is no 其中 row
    assert sheets[0].goal.expected.startswith("完成培训任务") and [r.name for r in sheets[0].rows] == ["培训人数"]


def test_of_which_on_a_row_of_its_own_heads_the_rows_below(tmp_path):
    rows = form(["年度资金总额", "", "100", "100", "95", "10", "95%", "9.5"], ["其中"],
                ["财政拨款", "", "100", "100", "95", "—", "", "—"], ["其他资金", "", "", "", "", "—", "", "—"])
    assert parts(as_xlsx(rows, tmp_path)) == [("财政拨款", "100", "100", "95"), ("其他资金", "", "", "")]
    assert parts(as_text(rows)) == [("财政拨款", "100", "100", "95"), ("其他资金", "", "", "")]


def test_of_which_in_a_cell_beside_the_labels(tmp_path):
    rows = form(["年度资金总额", "", "100", "100", "95", "10", "95%", "9.5"],
                ["其中", "当年财政拨款", "70", "70", "70", "—", "—", "—"],
                ["", "上年结转资金", "30", "30", "25", "—", "—", "—"])
    sheets = as_xlsx(rows, tmp_path)
    assert parts(sheets) == [("当年财政拨款", "70", "70", "70"), ("上年结转资金", "30", "30", "25")]
    assert sheets[0].funds.parts[0].where("label").cell == "自评表!B5"


def test_traditional_characters_are_recognised_and_kept_as_printed(tmp_path):
    rows = form(TOTAL, ["", "其中：財政撥款", "80", "80", "70", "—", "—", "—"],
                ["", "上年結轉資金", "20", "20", "19", "—", "—", "—"])
    path = tmp_path / "x.xlsx"
    sheets = as_xlsx(rows, tmp_path)
    assert parts(sheets) == [("財政撥款", "80", "80", "70"), ("上年結轉資金", "20", "20", "19")]
    [finding] = [f for f in audit_files([path]).findings if f.code == "arith.funds_parts"]
    assert finding.location.cell == "自评表!E4"  # the total's 全年执行数: 70 + 19 = 89, not 95
    assert "其中各项（財政撥款 70、上年結轉資金 19）合计 89 万元，相差 -6" in finding.message


def test_a_sub_item_the_vocabulary_does_not_know_is_read_once_the_list_has_begun(tmp_path):
    rows = form(TOTAL, ["", "其中：中央补助资金", "60", "60", "57", "—", "—", "—"],
                ["", "省级补助资金", "40", "40", "38", "—", "—", "—"],
                ["", "备注：含年中追加资金", "", "", "", "", "", ""])
    sheets = as_xlsx(rows, tmp_path)
    assert parts(sheets) == [("中央补助资金", "60", "60", "57"), ("省级补助资金", "40", "40", "38")]
    assert sheets[0].goal.expected.startswith("完成培训任务")  # the note ended the block; the goal still reads


def test_a_row_of_words_right_under_the_total_is_no_part(tmp_path):
    rows = form(TOTAL, ["", "说明：资金来源见附表", "", "", "", "", "", ""])
    assert parts(as_xlsx(rows, tmp_path)) == []


def test_an_amount_under_no_column_of_the_header_is_reported_at_its_cell(tmp_path):
    rows = form(TOTAL, ["", "其中：当年财政拨款", "80", "80", "76", "—", "—", "—", "12"])
    with pytest.raises(InputError) as caught:
        as_xlsx(rows, tmp_path)
    [problem] = caught.value.problems
    assert problem.location.cell == "自评表!I5" and problem.found == "12"
    assert "其中 当年财政拨款 一行的金额写在 项目资金 表头的栏下" in problem.expected


def test_blank_sub_rows_are_kept_and_left_out_of_the_sums(tmp_path):
    rows = form(TOTAL, ["", "其中：当年财政拨款", "100", "100", "95", "—", "—", "—"],
                ["", "上年结转资金", "", "", "", "—", "—", "—"], ["", "其他资金", "—", "—", "—", "—", "—", "—"])
    path = tmp_path / "x.xlsx"
    assert parts(as_xlsx(rows, tmp_path)) == [("当年财政拨款", "100", "100", "95"), ("上年结转资金", "", "", ""),
                                             ("其他资金", "—", "—", "—")]
    assert [f.code for f in audit_files([path]).findings if f.code.startswith("arith.")] == []


def test_an_empty_adjusted_budget_of_a_sub_row_is_its_full_year_budget_as_for_the_total(tmp_path):
    header = ["项目资金（万元）", "", "全年预算数", "调整后预算数", "全年执行数", "分值", "执行率", "得分"]
    rows = form(["", "年度资金总额", "12", "15", "15", "10", "100%", "10"],
                ["", "其中：财政资金", "10", "13", "13", "—", "—", "—"],
                ["", "单位资金", "2", "", "2", "—", "—", "—"], header=header)
    # beside 调整后预算数, 全年预算数 is the budget before adjustment (年初预算数); no adjustment keeps it
    assert parts(as_xlsx(rows, tmp_path)) == [("财政资金", "10", "13", "13"), ("单位资金", "2", "2", "2")]


def test_the_department_forms_kinds_of_spending(tmp_path):
    rows = form(TOTAL, ["", "其中：基本支出", "70", "70", "66", "—", "—", "—"],
                ["", "项目支出", "30", "30", "29", "—", "—", "—"])
    assert parts(as_xlsx(rows, tmp_path)) == [("基本支出", "70", "70", "66"), ("项目支出", "30", "30", "29")]


def test_a_sheet_without_sub_rows_has_no_parts(tmp_path):
    assert parts(as_xlsx(form(TOTAL), tmp_path)) == []


@pytest.mark.parametrize("document, expected", [
    ("anhui-2022-weituo-ziping.docx", [("本年财政拨款", "90", "90", "89.97"), ("上年结转资金", "", "", ""),
                                       ("其他资金", "", "", "")]),
    ("yunnan-2024-shuju-ziping.xls", [("当年财政拨款", "280", "261.46", "248.3"), ("上年结转资金", "0", "0", "0"),
                                      ("其他资金", "0", "0", "0")]),
    ("sichuan-2023-sifa-ziping.xls", [("财政资金", "12", "15.36", "15.36"), ("财政专户管理资金", "0", "0", "0"),
                                      ("单位资金", "0", "0", "0"), ("其他资金", "", "", "")]),
    ("hunan-2022-nongji-ziping.html", [("财政拨款", "100", "130", "124.5"), ("上年结转资金", "20", "20", "16"),
                                       ("其他资金", "", "", "")]),
    ("guizhou-2024-yanghu-ziping.pdf", [("当年财政拨款", "150", "170", "175"), ("上年结转资金", "50", "50", "40"),
                                        ("其他资金", "0", "0", "0")]),
])
def test_corpus_forms_parts(document, expected):
    assert parts(read_sheets(CORPUS / document)) == expected


def test_corpus_part_cells():
    [sheet] = read_sheets(CORPUS / "sichuan-2023-sifa-ziping.xls")
    first = sheet.funds.parts[0]
    assert (first.where("label").cell, first.where("initial").cell, first.where("budget").cell,
            first.where("spent").cell) == ("部门预算项目支出绩效自评表!B9", "部门预算项目支出绩效自评表!C9",
                                           "部门预算项目支出绩效自评表!D9", "部门预算项目支出绩效自评表!E9")
    [sheet] = read_sheets(CORPUS / "anhui-2022-weituo-ziping.docx")
    assert sheet.funds.parts[0].where("spent").cell == "表1 第7行第6列"


@pytest.mark.parametrize("style", ["tab", "pipe", "space", "lines"])
@pytest.mark.parametrize("layout", ["anhui_2022", "yunnan_2024", "sichuan_2023_self", "hunan_2022_self", "guizhou_2024_self"])
def test_text_copies_of_the_corpus_forms(layout, style, tmp_path):
    """The corpus forms copied as text: tab-separated, `|`-separated with empty and merged cells dropped, and
    `pdftotext -layout` spacing. A blank sub-row keeps no `—` of its 分值/得分 cells as an amount."""
    from .corpus import make_corpus

    blocks, [data] = getattr(make_corpus, layout)()
    path = tmp_path / f"{layout}.txt"
    make_corpus.write_text(path, blocks, style)
    [sheet] = read_sheets(path)
    got = [(p.label, p.initial, p.budget, p.spent) for p in sheet.funds.parts]
    # the tab copy is read as printed (traditional characters kept); the others through the simplified grid
    printed = make_corpus.traditional if style == "tab" and layout.startswith("hunan") else str
    assert got == [(printed(label.removeprefix("其中：")), *amounts) for label, *amounts in data.funds_rows]


@pytest.mark.parametrize("label", ["总分", "合计", "自评等级", "年度总体目标", "绩效指标(90分)", "98"])
def test_a_row_that_starts_another_block_is_no_sub_item_whatever_numbers_it_holds(label):
    from perfeval.model import Location
    from perfeval.selfeval.grid import Cell, _funds_part, _header, FUNDS_LOOKUP

    where = Location("x.txt", 9)
    columns = _header([Cell(t, where) for t in HEADER], FUNDS_LOOKUP)
    row = [Cell(t, where) for t in ["", label, "100", "100", "99.5"]]
    assert _funds_part(row, 1, columns, True, []) is None
    known = [Cell(t, where) for t in ["", "上级补助资金", "100", "100", "99.5"]]
    assert _funds_part(known, 1, columns, True, []).label == "上级补助资金"  # the same row as a sub-item
    assert _funds_part(known, 1, columns, False, []) is None  # ... only once a 其中 list has begun


@pytest.mark.parametrize("printed, label", [
    ("其中：当年财政拨款", "当年财政拨款"), ("其中:财政资金", "财政资金"), (" 其中 ：其他资金 ", "其他资金"),
    ("其中：財政撥款", "財政撥款"), ("上年結轉資金", "上年結轉資金"), ("财政专户管理资金", "财政专户管理资金"),
    ("项目支出", "项目支出"), ("其中", ""), ("其中：", ""),
    ("年度总体目标", None), ("中央补助资金", None), ("保障财政资金安全，提高资金使用效益，按时完成全年任务", None),
])
def test_the_vocabulary_says_which_labels_are_sub_rows(printed, label):
    from perfeval import vocab

    assert vocab.funds_part_label(printed) == label


@pytest.mark.parametrize("document", ["hunan-2022-nongji-ziping.html", "sichuan-2023-sifa-ziping.xls"])
def test_parts_read_from_a_form_survive_perfevals_own_json_and_yaml(document):
    import json

    import yaml

    from perfeval.selfeval.native import read_json_sheets, read_yaml_sheets, sheet_to_data

    [sheet] = read_sheets(CORPUS / document)
    data = sheet_to_data(sheet)
    assert [part["项目"] for part in data["项目资金"]["其中"]] == [p.label for p in sheet.funds.parts]
    [from_json] = read_json_sheets(json.dumps(data, ensure_ascii=False), "x.json", "x.json")
    [from_yaml] = read_yaml_sheets(yaml.safe_dump(data, allow_unicode=True), "x.yaml", "x.yaml")
    assert from_json.funds.parts == from_yaml.funds.parts == sheet.funds.parts


def test_an_unreadable_amount_of_a_sub_row_is_reported_at_its_cell_and_its_column_not_summed(tmp_path):
    rows = form(TOTAL, ["", "其中：当年财政拨款", "八十", "80", "76", "—", "—", "—"],
                ["", "上年结转资金", "20", "20", "19", "—", "—", "—"])
    as_xlsx(rows, tmp_path)
    findings = audit_files([tmp_path / "x.xlsx"]).findings
    [number] = [f for f in findings if f.code == "sheet.number"]
    assert number.location.cell == "自评表!C5" and number.indicator == "其中 当年财政拨款"
    assert "年初预算数“八十”无法读作数字" in number.message
    # 年初预算数 cannot be summed; 全年预算数 (80 + 20) and 全年执行数 (76 + 19) add up to the total's
    assert [f.code for f in findings if f.code.startswith("arith.")] == []


def test_sub_rows_that_do_not_add_up_are_reported_once_the_unreadable_amount_is_mended(tmp_path):
    rows = form(TOTAL, ["", "其中：当年财政拨款", "70", "80", "76", "—", "—", "—"],
                ["", "上年结转资金", "20", "20", "19", "—", "—", "—"])
    as_xlsx(rows, tmp_path)
    [parts_finding] = [f for f in audit_files([tmp_path / "x.xlsx"]).findings if f.code == "arith.funds_parts"]
    assert parts_finding.evidence["total"] == 100 and parts_finding.evidence["sum"] == 90
