"""Reading actuals from YAML, JSON and CSV: the examples, exact numbers, and every kind of bad input."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import example, given, settings, strategies as st

from perfeval.actuals import Band
from perfeval.errors import InputError
from perfeval.readers.actuals import read_actuals

from .conftest import EXAMPLES

YAML_EXAMPLE = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"
CSV_EXAMPLE = EXAMPLES / "tongnan-shebao-2026.actuals.csv"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path):
    with pytest.raises(InputError) as info:
        read_actuals(path)
    return [(p.line, p.expected, p.found) for p in info.value.problems]


def test_yaml_example_reads_every_project():
    actuals = read_actuals(YAML_EXAMPLE)
    assert len(actuals.funds) == 17 and len(actuals.actuals) == 79
    first = actuals.actuals[0]
    assert (first.project_code, first.indicator, first.value, first.unit.symbol) == ("50015224T000004337668", "流动宣传车", 2, "台")
    assert first.location.file == str(YAML_EXAMPLE) and first.location.line == 15


def test_csv_example_says_the_same_as_yaml():
    assert read_actuals(CSV_EXAMPLE) == read_actuals(YAML_EXAMPLE)


def test_json_has_the_same_schema(tmp_path):
    data = {"projects": [{"项目编码": "P1", "全年预算数": 25.5, "全年执行数": "24.6",
                          "指标": [{"三级指标": "人数", "实际完成值": "20.5 万人", "偏差原因": "无"},
                                   {"三级指标": "定性", "评价等级": "部分达成", "得分比例": "70%"},
                                   {"三级指标": "x", "不适用": True}]}]}
    actuals = read_actuals(write(tmp_path, "a.json", json.dumps(data, ensure_ascii=False)))
    people, band, na = actuals.actuals
    assert (people.value, people.unit.symbol, people.text, people.reason) == (Decimal("20.5"), "万人", "20.5 万人", "无")
    assert (band.band, band.share) == (Band.PARTLY, Decimal("0.7"))
    assert na.not_applicable
    assert actuals.funds[0].budget == Decimal("25.5") and type(actuals.funds[0].budget) is Decimal


def test_english_keys_and_yaml_floats_are_exact(tmp_path):
    path = write(tmp_path, "a.yaml", "projects:\n- project: P1\n  budget: 0.1\n  spent: 0.3\n"
                                     "  indicators:\n  - {indicator: 率, actual: 95.55, level2: 质量指标}\n")
    actuals = read_actuals(path)
    assert actuals.funds[0].budget == Decimal("0.1") and actuals.actuals[0].value == Decimal("95.55")
    assert actuals.actuals[0].level2 == "质量指标" and actuals.actuals[0].unit is None


def test_many_problems_are_reported_at_once_with_lines(tmp_path):
    path = write(tmp_path, "bad.yaml", """projects:
  - 项目编码: P1
    全年预算数: -5
    全年执行数: 3
    指标:
      - {三级指标: 人数, 实际完成值: 很多}
      - {三级指标: 率, 实际完成值: 95 公斤斤}
      - {三级指标: 定性, 评价等级: 很好}
      - {三级指标: 定性2, 评价等级: 达成, 得分比例: 1.5}
      - {三级指标: 其他, 实际完成 : 3}
      - {实际完成值: 3}
""")
    found = problems(path)
    lines = [line for line, _, _ in found]
    assert lines == [2, 6, 7, 8, 9, 10, 10, 11]
    text = "\n".join(e for _, e, _ in found)
    for words in ("全年预算数 不能为负数", "应为数值", "未知的度量单位", "评价等级 应为", "得分比例", "未知的键", "缺少 三级指标"):
        assert words in text


def test_duplicate_yaml_key_is_refused(tmp_path):
    path = write(tmp_path, "dup.yaml", "projects:\n- 项目编码: P1\n  项目编码: P2\n")
    [(line, expected, found)] = problems(path)
    assert line == 3 and "重复" in found


def test_yaml_syntax_error_has_a_line(tmp_path):
    [(line, expected, _)] = problems(write(tmp_path, "x.yaml", "projects:\n  - {a: 1\n"))
    assert expected == "合法的 YAML" and line == 3


def test_json_syntax_error_has_a_line(tmp_path):
    [(line, expected, _)] = problems(write(tmp_path, "x.json", '{"projects": [\n  {"a": 1,}\n]}'))
    assert expected == "合法的 JSON" and line == 2


def test_csv_problems_have_lines(tmp_path):
    path = write(tmp_path, "bad.csv", "项目编码,三级指标,实际完成值,全年预算数,全年执行数\n"
                                      "P1,,,100,abc\n"
                                      "P1,人数,3人,,\n"
                                      "P1,率,95%,10,\n"
                                      ",x,1,,\n")
    found = problems(path)
    assert [line for line, _, _ in found] == [2, 4, 5]
    assert "全年执行数 应为数" in found[0][1] and "三级指标 为空的一行" in found[1][1] and "缺少 项目编码" in found[2][1]


def test_csv_unknown_column(tmp_path):
    found = problems(write(tmp_path, "c.csv", "项目编码,三级指标,实际完成,x\nP1,a,1,\n"))
    assert [(line, token) for line, _, token in found] == [(1, "实际完成"), (1, "x")]
    assert "是否想写：实际完成值？" in found[0][1]


def test_unreadable_and_unknown_format(tmp_path):
    assert "存在的文件" in problems(tmp_path / "none.yaml")[0][1]
    assert ".csv" in problems(write(tmp_path, "a.txt", "x"))[0][1]


def test_xlsx_goes_to_the_excel_reader(tmp_path, monkeypatch):
    import sys
    import types

    seen = []
    module = types.ModuleType("perfeval.xlsx.actuals")
    module.read_actuals_xlsx = lambda path: seen.append(path) or "from excel"
    package = types.ModuleType("perfeval.xlsx")
    package.actuals = module
    monkeypatch.setitem(sys.modules, "perfeval.xlsx", package)
    monkeypatch.setitem(sys.modules, "perfeval.xlsx.actuals", module)
    assert read_actuals(tmp_path / "a.xlsx") == "from excel" and seen == [tmp_path / "a.xlsx"]


def test_xlsx_without_the_excel_reader_is_a_clear_error(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "perfeval.xlsx.actuals", None)
    assert "perfeval.xlsx" in problems(tmp_path / "a.xlsx")[0][1]


def test_gbk_csv_as_saved_by_excel(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("项目编码,三级指标,实际完成值\nP1,发放人数,21人\n".encode("gb18030"))
    [actual] = read_actuals(path).actuals
    assert (actual.indicator, actual.value, actual.unit.symbol) == ("发放人数", 21, "人")


_RESULT_TAILS = ("人", "万人", "%", "万元", "元", "户", "个", "张", "天", "日", "月", "个月", "前", "年底前", "按时完成", "完成",
                 "提前", "次", "万人次", "至", "号", "内", "底", "末", "中旬", "起", "到", "亿元", "平方米", "人日", "以内")


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"[0-9]{1,6}(\.[0-9]{1,3})?", fullmatch=True), st.lists(st.sampled_from(_RESULT_TAILS)
                                                                   | st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
                                                                   | st.sampled_from("%.-/ "), max_size=3))
def test_a_result_the_quick_test_calls_no_date_is_no_date_to_the_full_reading(number, tails):
    from perfeval.judgement import is_timing_text
    from perfeval.readers.actuals import _DATE_CHARS, _NUMBER_ONLY, _QUANTITY_SHAPE, _timing
    from perfeval.text import nfkc

    text = number + "".join(tails)
    full = is_timing_text(text) and not _NUMBER_ONLY.fullmatch(nfkc(text).strip())
    assert _timing(text) == bool(full)
    if _QUANTITY_SHAPE.fullmatch(text) and _DATE_CHARS.isdisjoint(text):
        assert not full


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[0-9]{1,30}(\.[0-9]{1,3})?", fullmatch=True) | st.sampled_from(["", "０1", "1.", ".5", "1,000"]),
       st.lists(st.sampled_from(_RESULT_TAILS) | st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
                | st.sampled_from(["%", "％", ".", " ", "/", "达成", "不适用", "人/月", "万", *"月日天年前按"]), max_size=3))
@example("12", ["月"]).via("a month is a date, not 12 月")
@example("5", ["日"]).via("日 is also 天")
@example("1234567890123456789012345", ["人"]).via("past parse_decimal's direct reading")
@example("10000000000000000000", []).via("10^19: past the magnitude limit, refused by both readings")
def test_a_result_given_alone_reads_as_the_full_reading_gives_it(number, tails):
    """The first reading of a 实际完成值 given alone (`_plain_quantity`) gives what `_value` gives: the same Actual,
    the same problems (none where it answers), and the same row read again from the memo."""
    from perfeval.readers import actuals as module
    from perfeval.model import Location

    text = number + "".join(tails)
    where = Location("a.json")
    results = []
    try:
        for lean in (True, False):
            module.LEAN = lean
            module._OUTCOMES.clear()
            module._QUANTITIES.clear()
            reader = module._Reader("a.json")
            for code in ("P1", "P2"):  # the second row from the memo the first reading filled
                reader.indicator_of(code, where, "指标", None, text, None, None, None, None, None)
            results.append((reader.actuals, [str(p) for p in reader.problems.items]))
    finally:
        module.LEAN = True
    assert results[0] == results[1]
    if module._plain_quantity(text) is not None:
        assert not results[0][1] and results[0][0][0].value == Decimal(number)
