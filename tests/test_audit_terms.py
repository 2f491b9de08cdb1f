"""The audit names a 自评表's columns by the words the sheet prints (SelfEvaluation.terms), and checks the 执行率
each 其中 row prints (FundsPart.rate) as it checks the total's.

四川's provincial system prints 年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重 and, on each 其中 row, its own
预算执行率 (as published by 青神县, scqs.gov.cn); the central template prints 年初预算数 / 全年预算数 / 全年执行数 /
执行率 / 分值. A finding says the word of the sheet it is about.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import yaml

from perfeval.api import audit_files
from perfeval.model import Location
from perfeval.selfeval import native
from perfeval.selfeval.grid import Cell, parse_flat
from perfeval.selfeval.model import FundsPart
from perfeval.selfeval.readers import read_sheets
from perfeval.vocab import SELF_TERMS, printed_term

from ._selfeval import CLEAN_FUNDS, CLEAN_ROWS, audit, found, replace, sheet


def _all(result, code: str) -> list:
    return [f for f in result.findings if f.code == code]

CORPUS = Path(__file__).resolve().parent / "corpus"
SICHUAN_TERMS = {"funds.initial": "年初预算", "funds.budget": "调整后预算数", "funds.spent": "预算执行数",
                 "funds.rate": "预算执行率", "funds.weight": "权重", "funds.reason": "原因", "row.target": "指标值",
                 "row.actual": "完成值", "row.weight": "权重", "row.reason": "未完成原因分析", "funds.total": "总额"}


def test_the_words_are_cleaned_of_units_and_notes():
    assert printed_term("全年执行数（万元）") == "全年执行数"
    assert printed_term("年初预算(万元)") == "年初预算"
    assert printed_term(" 调整后预算数 ") == "调整后预算数"
    assert printed_term("（万元）") == "(万元)"  # (nothing but a note: kept, never emptied)


def test_a_sichuan_form_keeps_its_words_and_its_findings_say_them():
    [sheet_] = read_sheets(CORPUS / "sichuan-2024-weijian-ziping.txt")  # the cell-by-cell text copy
    assert sheet_.terms == SICHUAN_TERMS
    assert sheet_.words()["funds.spent"] == "预算执行数" and sheet_.words()["funds.score"] == "得分"
    findings = {f.code: f for f in audit_files([CORPUS / "sichuan-2024-weijian-ziping.txt"]).findings}
    assert findings["arith.funds_parts"].message == (
        "sichuan-2024-weijian-ziping.txt 总额的预算执行数 46.8 万元，其中各项（财政资金 45、财政专户管理资金 0、"
        "单位资金 0.8）合计 45.8 万元，相差 -1；应核对总额或分项")
    assert findings["arith.funds_parts"].evidence["field"] == "预算执行数"
    assert findings["arith.funds_parts"].indicator == "总额"  # the total row as the form names it
    assert findings["arith.rate"].message == \
        ("sichuan-2024-weijian-ziping.txt 预算执行率写 100.00%，预算执行数 46.8 ÷ 调整后预算数 52 = 90%；"
         "应把预算执行率改为 90%，或核对预算执行数与调整后预算数")
    assert findings["arith.rate"].evidence["basis"] == "调整后预算数"
    # the worksheet of the same system: the same words, and each 其中 row's own 执行率 read at its cell
    [xls] = read_sheets(CORPUS / "sichuan-2023-sifa-ziping.xls")
    assert xls.terms == SICHUAN_TERMS
    assert [(p.label, p.rate) for p in xls.funds.parts] == [
        ("财政资金", "100.00%"), ("财政专户管理资金", "0.00%"), ("单位资金", "0.00%"), ("其他资金", "")]
    assert xls.funds.parts[0].where("rate").cell == "部门预算项目支出绩效自评表!F9"


def test_the_central_templates_findings_keep_the_central_words():
    [finding] = audit_files([CORPUS / "guizhou-2024-yanghu-ziping.pdf"]).findings
    assert finding.message == ("guizhou-2024-yanghu-ziping.pdf「当年财政拨款」全年执行数 175 万元超过全年预算数 170 万元；"
                               "应核对执行数，或按调整后的预算填写全年预算数")
    [hunan] = read_sheets(CORPUS / "hunan-2022-nongji-ziping.html")
    assert hunan.terms == {}  # (its 偏差原因分析及改进措施 is the central template's, called 偏差原因 in messages)
    assert sheet().terms == {} and sheet().words() is SELF_TERMS


def test_a_wrong_sub_row_rate_is_reported_at_its_cell_with_its_label():
    [finding] = audit_files([CORPUS / "sichuan-2025-shuili-ziping.xls"]).findings
    assert (finding.code, finding.indicator, finding.location.cell) == (
        "arith.rate", "其中 财政资金", "部门预算项目支出绩效自评表!F9")
    assert finding.message == ("sichuan-2025-shuili-ziping.xls 其中 财政资金 一行的预算执行率写 100.00%，"
                               "预算执行数 30.4 ÷ 调整后预算数 32 = 95%；应把其中 财政资金 一行的预算执行率改为 95%，"
                               "或核对预算执行数与调整后预算数")
    assert str(finding.evidence["computed"]) == "0.95" and str(finding.evidence["stated"]) == "1.00"


def _parted(rate: str, **terms) -> object:
    parts = (FundsPart(label="当年财政拨款", initial="80", budget="80", spent="78", rate=rate,
                       cells={"rate": Location("t.yaml", 6, "F6")}),
             FundsPart(label="上年结转资金", initial="20", budget="20", spent="20", rate="100%"))
    return attrs.evolve(sheet(), funds=attrs.evolve(CLEAN_FUNDS, parts=parts), terms=terms)


def test_a_sub_row_rate_is_checked_within_its_printed_rounding():
    assert _all(audit(_parted("97.5%")), "arith.rate") == []  # 78 ÷ 80 = 97.5%
    assert _all(audit(_parted("97%")), "arith.rate") == []  # within half a percent, as printed
    wrong = found(audit(_parted("90%")), "arith.rate")
    assert wrong.location.cell == "F6" and wrong.indicator == "其中 当年财政拨款"
    assert wrong.message == ("t.yaml 其中 当年财政拨款 一行的执行率写 90%，全年执行数 78 ÷ 全年预算数 80 = 97.5%；"
                             "应把其中 当年财政拨款 一行的执行率改为 97.5%，或核对全年执行数与全年预算数")
    unread = found(audit(_parted("九成")), "sheet.number")
    assert unread.indicator == "其中 当年财政拨款" and unread.evidence["field"] == "执行率"
    # execution.budget original divides by the row's 年初预算数, as for the total's
    assert _all(audit(_parted("97.5%"), "province-20"), "arith.rate") == []


def test_row_and_funds_findings_use_the_sheets_words_and_the_memo_keeps_the_central_ones():
    rows = replace(CLEAN_ROWS, 0, weight="三十")
    rows = replace(rows, 1, score="25")  # over its 20
    words = {"row.weight": "权重", "funds.spent": "预算执行数", "funds.budget": "调整后预算数"}
    over = attrs.evolve(CLEAN_FUNDS, spent="120", rate="120%", score="10")
    result = audit(attrs.evolve(sheet(rows, funds=over), terms=words))
    number = found(result, "sheet.number")
    assert number.evidence["field"] == "权重" and "的权重“三十”无法读作数字" in number.message
    ranged = found(result, "arith.score_range")
    assert ranged.message == "t.yaml「培训合格率」得分 25，权重 20；得分应在 0 与权重之间"
    overspent = found(result, "arith.overspent")
    assert "「年度资金总额」预算执行数 120 万元超过调整后预算数 100 万元；应核对执行数，或按调整后的预算填写调整后预算数" \
        in overspent.message
    # the same row texts on a sheet printing the central words: the central words (the row's reading is kept
    # once per distinct text; the sheet's words are put in only when reported)
    central = audit(sheet(rows, funds=over))
    assert found(central, "sheet.number").evidence["field"] == "分值"
    assert found(central, "arith.score_range").message == "t.yaml「培训合格率」得分 25，分值 20；得分应在 0 与分值之间"
    assert "全年执行数 120 万元超过全年预算数 100 万元" in found(central, "arith.overspent").message


def test_no_budget_asks_for_the_sheets_own_budget_column():
    blank = attrs.evolve(CLEAN_FUNDS, budget="0")
    own = found(audit(attrs.evolve(sheet(funds=blank), terms={"funds.budget": "调整后预算数"})), "arith.no_budget")
    assert own.message == "t.yaml 调整后预算数写 0，全年执行数却有 98 万元，并写了执行率、得分；应填写调整后预算数"
    central = found(audit(sheet(funds=blank)), "arith.no_budget")
    assert central.message.endswith("应填写全年预算数（调整后预算数）")


def test_the_flat_layout_keeps_the_words_of_its_columns():
    header = ["项目名称", "三级指标", "年度指标值", "全年实际值", "权重", "得分", "年初预算数", "调整后预算数（万元）", "执行数",
              "预算执行率分值"]
    values = ["P 项目", "人次", "≥10人", "12人", "90", "90", "10", "10", "9", "10"]
    grid = [[Cell(text, Location("f.xlsx", line, f"{chr(65 + i)}{line}")) for i, text in enumerate(texts)]
            for line, texts in ((1, header), (2, values))]
    [flat] = parse_flat(grid, "f.xlsx", "f.xlsx")
    assert flat.terms == {"row.actual": "全年实际值", "row.weight": "权重", "funds.budget": "调整后预算数",
                          "funds.spent": "执行数"}  # (预算执行率分值 names the funds' 分值 in full: not a word of 分值)


_NATIVE = {"格式": "perfeval 自评表 1", "项目名称": "P", "项目编码": "P1",
           "项目资金": {"年初预算数": "48", "调整后预算数": "52", "全年执行数": "46.8", "分值": "10", "执行率": "90%",
                    "得分": "9", "其中": [{"项目": "财政资金", "年初预算数": "48", "调整后预算数": "51.2",
                                       "全年执行数": "45", "执行率": "87.89%"},
                                      {"项目": "单位资金", "调整后预算数": "0.8", "全年执行数": "1.8", "执行率": "100%"}]},
           "绩效指标": [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "人次", "年度指标值": "≥10人",
                     "实际完成值": "12人", "分值": "90", "得分": "90"}],
           "总分": {"分值": "100", "得分": "99"}}


def test_native_json_and_yaml_keep_the_sub_row_rate_and_the_budget_word_round_trip(tmp_path):
    text = json.dumps(_NATIVE, ensure_ascii=False)
    lean = native.read_json_sheets(text, "a.json", "a.json")  # (the lean reader, msgspec)
    native._LEAN = False
    try:
        general = native.read_json_sheets(text, "a.json", "a.json")
    finally:
        native._LEAN = True
    from_yaml = native.read_yaml_sheets(yaml.safe_dump(_NATIVE, allow_unicode=True), "a.yaml", "a.yaml")
    for [read] in (lean, general, from_yaml):
        assert read.terms == {"funds.budget": "调整后预算数"}
        assert [(p.label, p.budget, p.rate) for p in read.funds.parts] == [("财政资金", "51.2", "87.89%"),
                                                                            ("单位资金", "0.8", "100%")]
        data = native.sheet_to_data(read)
        assert data["项目资金"]["调整后预算数"] == "52" and "全年预算数" not in data["项目资金"]
        assert data["项目资金"]["其中"][0] == {"项目": "财政资金", "年初预算数": "48", "调整后预算数": "51.2",
                                          "全年执行数": "45", "执行率": "87.89%"}
        [again] = native.read_json_sheets(json.dumps(data, ensure_ascii=False), "a.json", "a.json")
        assert attrs.evolve(again, label=read.label) == read and again.terms == read.terms and again.funds.parts == read.funds.parts
    # the audit of it: the 单位资金 row spent 1.8 of 0.8 and prints 100% (225%): both at its cells, by the words
    path = tmp_path / "a.json"
    path.write_text(text, encoding="utf-8")
    findings = audit_files([path]).findings
    [rate] = [f for f in findings if f.code == "arith.rate" and f.indicator == "其中 单位资金"]
    assert rate.location.cell == "$.项目资金.其中[1].执行率"
    assert rate.message == ("a.json 其中 单位资金 一行的执行率写 100%，全年执行数 1.8 ÷ 调整后预算数 0.8 = 225%；"
                            "应把其中 单位资金 一行的执行率改为 225%，或核对全年执行数与调整后预算数")
    [over] = [f for f in findings if f.code == "arith.overspent"]
    assert "全年执行数 1.8 万元超过调整后预算数 0.8 万元" in over.message


def test_a_central_native_sheet_writes_the_central_keys():
    data = json.loads(json.dumps(_NATIVE, ensure_ascii=False).replace("调整后预算数", "全年预算数"))
    [read] = native.read_json_sheets(json.dumps(data, ensure_ascii=False), "a.json", "a.json")
    assert read.terms == {}
    written = native.sheet_to_data(read)
    assert written["项目资金"]["全年预算数"] == "52" and "调整后预算数" not in written["项目资金"]


def test_the_indicator_findings_say_the_sheets_target_actual_and_reason_words():
    rows = replace(CLEAN_ROWS, 0, actual="完成")  # a number target, a word for the actual
    rows = replace(rows, 1, actual="80%", score="20")  # unmet (≥90%), full marks and no reason
    words = {"row.target": "指标值", "row.actual": "完成值", "row.reason": "未完成原因分析"}
    result = audit(attrs.evolve(sheet(rows, total="97.8"), terms=words))
    assert found(result, "quality.actual_word").message == "t.yaml「培训人次」是定量指标（指标值 ≥500人次），完成值却写“完成”；应写实际达到的数"
    assert found(result, "explain.unmet").message == "t.yaml「培训合格率」未完成（指标值 ≥90%，完成值 80%），未填写未完成原因分析"
    assert "（指标值 ≥90%，完成值 80%）" in found(result, "rescore.over").message
    central = audit(sheet(rows, total="97.8"))
    assert found(central, "explain.unmet").message == \
        "t.yaml「培训合格率」未完成（年度指标值 ≥90%，实际完成值 80%），未填写偏差原因"


def test_a_reason_that_explains_nothing_is_named_by_the_sheets_reason_column():
    rows = replace(CLEAN_ROWS, 1, actual="80%", score="20", reason="无")
    words = {"row.reason": "未完成原因分析", "funds.reason": "原因"}
    low = attrs.evolve(CLEAN_FUNDS, spent="50", rate="50%", score="5", reason="/")
    result = audit(attrs.evolve(sheet(rows, funds=low, total="93"), terms=words))
    messages = sorted(f.message for f in _all(result, "explain.placeholder"))
    assert messages[0].startswith("t.yaml「培训合格率」须说明未完成原因分析（") and messages[0].endswith("应填写未完成原因分析及改进措施")
    assert messages[1].startswith("t.yaml「预算执行率」须说明原因（执行率 50% 偏低），原因却写“/”") and messages[1].endswith("应填写原因及改进措施")
    central = sorted(f.message for f in _all(audit(sheet(rows, funds=low, total="93")), "explain.placeholder"))
    assert central[1].startswith("t.yaml「预算执行率」须说明偏差原因（执行率 50% 偏低），偏差原因却写“/”")
