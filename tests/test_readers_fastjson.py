"""The typed JSON decoder (perfeval.readers._fastjson) against the standard reader it stands in for.

It may only say "the same model" or "not sure" (None, then the standard reader decides): these
tests hold it to that on generated documents, on the shapes it hands back, and on every way a
file can be refused (a key written twice, numbers past perfeval's range, bad JSON).
"""

from __future__ import annotations

import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from perfeval import strategies as public_strategies
from perfeval.actuals import ProjectFunds, _project_funds_row
from perfeval.errors import InputError
from perfeval.model import Indicator, Location, TargetTable, indicator_row, slot_builder, target_table_row
from perfeval.native import document_from_data
from perfeval.operators import Operator
from perfeval.readers import read_document
from perfeval.readers._fastjson import read_actuals_fast, read_json_fast
from perfeval.readers.actuals import actuals_from_data, read_actuals
from perfeval.readers.native import load_json, read_json_document
from perfeval.writers.native import dump_json

from .conftest import SEED
from .strategies import documents


def standard(text: str, path: str = "x.json"):
    """The standard JSON reading (json.loads with perfeval's hooks, then the dict decoder)."""
    return document_from_data(load_json(text, path), path)


def assert_same(fast, slow) -> None:
    """Equal models, and equal where equality does not look: every table's and row's location."""
    assert fast == slow
    assert fast.location == slow.location
    for (table_a, row_a), (table_b, row_b) in zip(fast.all_indicators(), slow.all_indicators(), strict=True):
        assert (table_a.location, row_a.location) == (table_b.location, row_b.location)
    for a, b in zip(fast.budget_tables, slow.budget_tables, strict=True):
        assert [r.location for r in a.rows] == [r.location for r in b.rows]


@settings(max_examples=60, deadline=None)
@given(documents())
def test_fast_and_standard_readers_give_the_same_model(doc):
    text = dump_json(doc)
    fast = read_json_fast(text.encode("utf-8"), "x.json")
    assert fast is not None, "perfeval's own JSON must take the typed path"
    assert_same(fast, standard(text))
    assert fast == doc


@settings(max_examples=25, deadline=None)
@given(public_strategies.printed_forms(public_strategies.documents("national", max_projects=3)))
def test_printed_forms_documents_read_the_same_both_ways(doc):
    # dates, tolerances, 不适用 rows, funds rows and form profiles: the decoder's dict lanes
    text = dump_json(doc)
    fast = read_json_fast(text.encode("utf-8"), "x.json")
    assert fast is not None
    assert_same(fast, standard(text))
    assert fast == doc


def test_the_seed_reads_the_same_both_ways(tmp_path):
    doc = read_document(SEED)
    text = dump_json(doc)
    assert_same(read_json_fast(text.encode("utf-8"), "seed.json"), standard(text, "seed.json"))


def _doc(rows: str, table_extra: str = "", top_extra: str = "") -> str:
    return ('{"单位名称": "某中心", "年度": 2026' + top_extra + ', "项目绩效目标表": [{"表号": "附件 12-1", '
            '"项目编码": "5001", "项目名称": "测试"' + table_extra + ', "绩效指标": [' + rows + ']}]}')


ROW = '{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "发放人数", "指标": "≥ 50 人", "权重": 20}'


@pytest.mark.parametrize("text", [
    _doc(ROW),
    _doc(ROW.replace('"权重": 20', '"权重": 20.50')),
    _doc(ROW.replace('"权重": 20', '"权重": "20.5"')),  # a weight written as text: the dict lane
    _doc(ROW.replace('"权重": 20', '"权重": 1000')),
    _doc(ROW.replace('"权重": 20', '"权重": null')),  # an explicit null: the standard reader decides
    _doc(ROW.replace('"指标": "≥ 50 人"', '"指标": "2026年12月前"')),
    _doc(ROW.replace('"指标": "≥ 50 人"', '"指标性质": "≥", "指标值": 50, "度量单位": "人"')),
    _doc(ROW + ', ' + ROW.replace("发放人数", "满意度").replace("≥ 50 人", "定性 优") + ', {"三级指标": "x", "指标": "≤ 3 天", "核心指标": true}'),
    _doc(ROW.replace('"权重": 20', '"权重": 20, "时限": {"年": 2026, "月": 12}, "不适用": "是"')),
    _doc(ROW, ', "资金总额": 123456789, "项目概况": "时间: 9:00"'),
    _doc(ROW, ', "资金来源": [{"名称": "当年财政拨款", "金额": 5.5}]'),
    _doc(ROW, top_extra=', "情况说明": [{"章节": "一", "内容": "说明: 见下"}], "未归位的行": [{"内容": "x", "原因": "y"}]'),
    _doc(ROW, top_extra=', "预算表": [{"表号": "附件 1", "表名": "t", "列": ["项目", "金额"], "文字列": ["项目"], '
                        '"行": [["a", 1], ["b", 2.50], ["c", null], ["d", "3"]]}]'),
    _doc(ROW, top_extra=', "预算表": [{"表号": "附件 1", "表名": "t", "列": ["项目", "金额"], "文字列": ["项目"], '
                        '"行": [["时间: 9:00", 1]]}]'),
    _doc(ROW, top_extra=', "部门整体绩效目标表": {"表号": "附件 11", "部门名称": "d", "部门支出预算数": 100, "绩效指标": ['
                        '{"三级指标": "y", "指标": "= 100 %", "权重": 10}]}'),
    _doc(ROW.replace('"三级指标": "发放人数"', '"三级指标": "\\u53d1\\u653e\\u4eba\\u6570"')),  # escapes
    "\ufeff" + _doc(ROW),
])
def test_hand_written_shapes_read_the_same_both_ways(text):
    fast = read_json_fast(text.encode("utf-8"), "x.json")
    slow = standard(text.lstrip("\ufeff"))
    if fast is not None:
        assert_same(fast, slow)
    assert_same(read_json_document(text.lstrip("\ufeff"), "x.json"), slow)


def test_the_typed_path_is_taken_for_the_common_shapes():
    assert read_json_fast(_doc(ROW).encode("utf-8"), "x.json") is not None
    assert read_json_fast(_doc(ROW, ', "项目概况": "时间: 9:00"').encode("utf-8"), "x.json") is not None
    # ... and handed back where only the standard reader can say what a file means
    assert read_json_fast(_doc(ROW.replace('"权重": 20', '"权重": null')).encode("utf-8"), "x.json") is None


def refusal(text: str):
    with pytest.raises(InputError) as info:
        read_json_document(text, "x.json")
    return info.value.problems[0]


@pytest.mark.parametrize("text, line", [
    ('{"单位名称": "a",\n "单位名称": "b"}', 2),
    (_doc(ROW.replace('"权重": 20', '\n"权重": 20, "权重": 30')), 2),
    (_doc(ROW, ',\n "项目名称": "again"'), 2),
    (_doc(ROW.replace('"权重": 20', '"权重": 20, "时限": {"年": 2026,\n "年": 2027}')), 2),
    (_doc(ROW, top_extra=', "情况说明": [{"内容": "a",\n "内容": "b"}]'), 2),
    # a colon inside a string does not hide one: "a:b" dropped with its duplicate key
    (_doc(ROW.replace('"权重": 20', '"权重": 20,\n "三级指标": "a:b"')), 2),
    # in a budget table, beside a cell holding a colon
    (_doc(ROW, top_extra=', "预算表": [{"表号": "附件 1",\n "表号": "附件 2", "表名": "t", "列": ["项目"], "文字列": ["项目"], '
                         '"行": [["a:b"]]}]'), 2),
    # nor does a colon written as an escape elsewhere
    (_doc(ROW.replace('"权重": 20', '"权重": 20,\n "二级指标": "质量指标"'), ', "项目概况": "a\\u003ab"'), 2),
])
def test_a_key_written_twice_is_still_refused_with_its_line(text, line):
    assert read_json_fast(text.encode("utf-8"), "x.json") is None
    problem = refusal(text)
    assert "重复的键" in problem.found and problem.line == line


def test_a_key_written_twice_in_actuals_is_still_refused(tmp_path):
    path = tmp_path / "actuals.json"
    path.write_text('{"projects": [{"项目编码": "5001", "全年预算数": 10, "全年执行数": 9, "指标": [\n'
                    '{"三级指标": "发放人数", "实际完成值": "60人", "实际完成值": "70人"}]}]}', encoding="utf-8")
    assert read_actuals_fast(path.read_bytes(), str(path)) is None
    with pytest.raises(InputError) as info:
        read_actuals(path)
    assert "重复的键" in info.value.problems[0].found and info.value.problems[0].line == 2


@pytest.mark.parametrize("project", [
    '{"项目编码": "5001", "全年预算数": 10, "全年预算数": 12, "全年执行数": 9}',  # no 指标: three members kept
    '{"项目编码": "5001", "全年预算数": 10, "全年执行数": 9, "全年执行数": 8, "指标": []}',
    '{"项目编码": "5001", "全年预算数": 10.5, "全年执行数": 9, "全年执行数": 8}',
])
def test_a_funds_key_written_twice_is_still_refused(project):
    text = '{"projects": [' + project + ', {"项目编码": "5002", "全年预算数": 1, "全年执行数": 1.5}]}'
    assert read_actuals_fast(text.encode("utf-8"), "a.json") is None
    with pytest.raises(InputError, match="重复的键"):
        actuals_from_data(load_json(text, "a.json"), "a.json")


@pytest.mark.parametrize("number", [
    "1e0001",  # an exponent of four digits: refused by the standard reader's hook, so here too
    "-" + "9" * 40,  # 41 characters: past perfeval's number_digits
    "1." + "2" * 45,
    "1e999999",
    "1" * 5000,
])
def test_numbers_past_perfevals_range_are_refused_as_before(number):
    for text in (_doc(ROW.replace('"权重": 20', f'"权重": {number}')),
                 _doc(ROW, f', "项目概况": {number}'),
                 _doc(ROW, top_extra=f', "预算表": [{{"表号": "附件 1", "表名": "t", "列": ["项目"], "文字列": ["项目"], '
                                     f'"行": [[{number}]]}}]')):
        with pytest.raises(InputError) as expected:
            standard(text)
        assert read_json_fast(text.encode("utf-8"), "x.json") is None
        assert refusal(text).expected == expected.value.problems[0].expected


@pytest.mark.parametrize("text, line", [
    ('{\n "单位名称": "a",\n oops\n}', 3),
    ('{\n "单位名称": "a",\n "年度": NaN,\n "x": 1}', 4),
    (_doc(ROW.replace('"指标": "≥ 50 人"', '\n"指标": "≥ 5 光年"')), 2),
    (_doc(ROW.replace('"权重": 20', '\n"权重": 20, "颜色": "红"')), 2),
])
def test_bad_json_gives_the_standard_error_with_its_line(text, line):
    assert read_json_fast(text.encode("utf-8"), "x.json") is None
    assert refusal(text).line == line


def test_gb18030_json_is_read_the_standard_way(tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes(_doc(ROW).encode("gb18030"))
    assert read_json_fast(path.read_bytes(), str(path)) is None
    assert read_document(path) == standard(_doc(ROW), str(path))


ACTUALS = {"projects": [
    {"项目编码": "5001", "全年预算数": 10, "全年执行数": 9.5, "年初预算数": "8", "指标": [
        {"三级指标": "发放人数", "实际完成值": "60人"},
        {"三级指标": "发放 人数", "二级指标": "数量指标", "实际完成值": 70, "单位": "人", "偏差原因": "无"},
        {"三级指标": "满意度", "评价等级": "部分达成", "得分比例": "70%"},
        {"三级指标": "时效", "实际完成值": "2026年11月"},
        {"三级指标": "x", "不适用": True, "偏差原因": "当年未开展"},
        {"三级指标": "y", "实际完成值": "达成"}]},
    {"项目编码": "5002", "全年预算数": 1.25, "全年执行数": 1}]}


@pytest.mark.parametrize("data", [ACTUALS, ACTUALS["projects"], {"项目": ACTUALS["projects"]}])
def test_actuals_read_the_same_both_ways(data):
    text = json.dumps(data, ensure_ascii=False)
    fast = read_actuals_fast(text.encode("utf-8"), "a.json")
    slow = actuals_from_data(load_json(text, "a.json"), "a.json")
    assert fast is not None and fast == slow
    assert [(a.location, a.text) for a in fast.actuals] == [(a.location, a.text) for a in slow.actuals]
    assert [f.location for f in fast.funds] == [f.location for f in slow.funds]


def test_actuals_in_other_spellings_are_read_the_standard_way(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"projects": [{"project": "5001", "budget": 10, "spent": 9, "indicators": [
        {"indicator": "发放人数", "actual": "60人"}]}]}), encoding="utf-8")
    assert read_actuals_fast(path.read_bytes(), str(path)) is None
    assert read_actuals(path).actuals[0].value == Decimal(60)


def test_actuals_problems_are_reported_by_the_standard_reader(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"projects": [{"项目编码": "5001", "全年执行数": 9, "指标": [
        {"三级指标": "发放人数", "实际完成值": "很多"}]}]}, ensure_ascii=False), encoding="utf-8")
    assert read_actuals_fast(path.read_bytes(), str(path)) is None
    with pytest.raises(InputError) as info:
        read_actuals(path)
    assert [p.expected.split("（")[0] for p in info.value.problems][:1] == ["缺少 全年预算数"]


def test_the_slot_builders_build_what_init_builds():
    where = Location("f.json", 3)
    row = indicator_row("n", Operator.GE, Decimal(5), None, Decimal(20), "产出指标", None, True, None, None, True,
                        None, None, None, None, False, where)
    assert attrs.astuple(row) == attrs.astuple(Indicator("n", Operator.GE, Decimal(5), weight=Decimal(20),
                                                         level1="产出指标", core=True, location=where))
    assert row.location is where and hash(row) == hash(attrs.evolve(row))
    assert row == attrs.evolve(row, location=Location("g.json")) and repr(row) == repr(attrs.evolve(row))
    table = target_table_row("附件 12-1", "5001", "x", (row,), "", "", "", None, "", "", "", "", "", "", "", (), None,
                             where)
    assert attrs.astuple(table) == attrs.astuple(TargetTable("附件 12-1", "5001", "x", [row], location=where))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):  # the document-level classes stay frozen
        table.label = "m"
    funds = _project_funds_row("5001", Decimal(10), Decimal("9.5"), None, where)  # plain slots: set as attributes
    assert attrs.astuple(funds) == attrs.astuple(ProjectFunds("5001", Decimal(10), Decimal("9.5"), location=where))
    assert funds == ProjectFunds("5001", Decimal(10), Decimal("9.5")) and funds.location is where
    assert hash(funds) == hash(ProjectFunds("5001", Decimal(10), Decimal("9.5")))


def test_the_slot_builder_refuses_a_class_whose_init_does_more():
    @attrs.frozen
    class Checked:
        value: int = attrs.field(validator=attrs.validators.instance_of(int))

    with pytest.raises(TypeError, match="validator|skip"):
        slot_builder(Checked)


# -- rows read once per distinct text ---------------------------------------------------------------
# The typed path reads each distinct row text once and shares what it gave (targets: the Indicator within a
# file; actuals: the fields of the Actual under each project). Rows drawn from small pools repeat, nearly
# repeat (a weight 20, 20.0, "20" or true; a core flag "是", true or 1; a key written twice) and hold the odd
# value, so a memo that confused two texts, two values equal across types, or kept what a problem stopped
# would read differently from the standard reader.

_MEMBERS = {
    "一级指标": ['"产出指标"', '"效益指标"', '1'],
    "二级指标": ['"数量指标"', '"质量指标"', 'null'],
    "三级指标": ['"发放人数"', '"足额发放率"', '"发放 人数"', '""', '2'],
    "指标": ['"≥ 95 %"', '"= 100 %"', '"定性"', '"定性 优"', '"≤ 168 万元"', '"2026年12月前"', '"很多"', '"≥ 95: 人"'],
    "权重": ['20', '20.0', '20.00', '"20"', 'true', '1', '1.0', '0', '-5', '1000', '12.5', 'null'],
    "核心指标": ['"是"', '"否"', 'true', 'false', '1', '1.0', '0'],
    "指标方向": ['"正向"'],
    "指标性质": ['"≥"'],
    "颜色": ['"红"'],
}
_KEYS = st.sampled_from(list(_MEMBERS))


@st.composite
def _row_texts(draw):
    keys = ["三级指标", "指标"] + draw(st.lists(_KEYS, max_size=4))  # a key may come twice
    if draw(st.booleans()):
        keys = keys[:2] + ["一级指标", "二级指标", "权重"]
    return "{" + ", ".join(f'"{key}": {draw(st.sampled_from(_MEMBERS[key]))}' for key in keys) + "}"


@st.composite
def _target_files(draw):
    pool = draw(st.lists(_row_texts(), min_size=1, max_size=5))
    tables = []
    for t in range(draw(st.integers(1, 4))):
        rows = draw(st.lists(st.sampled_from(pool), min_size=0, max_size=5))
        tables.append(f'{{"表号": "附件 12-{t + 1}", "项目编码": "500{t}", "项目名称": "项目{t}", "资金总额": {t * 10}, '
                      f'"绩效指标": [{", ".join(rows)}]}}')
    department = ""
    if draw(st.booleans()):
        department = f', "部门整体绩效目标表": {{"表号": "附件 11", "部门名称": "d", "绩效指标": [{draw(st.sampled_from(pool))}]}}'
    return f'{{"单位名称": "某中心", "年度": 2026{department}, "项目绩效目标表": [{", ".join(tables)}]}}'


def _standard_or_error(read):
    try:
        return read(), None
    except InputError as error:
        return None, [(p.expected, p.found, p.line) for p in error.problems]


@settings(max_examples=60, deadline=None)
@given(_target_files())
def test_rows_repeated_and_nearly_repeated_read_as_the_standard_reader_reads_them(text):
    json.loads(text)  # the drawn text is JSON (keys may repeat)
    slow, error = _standard_or_error(lambda: read_json_document(text, "x.json", fast=False))
    fast = read_json_fast(text.encode("utf-8"), "x.json")
    if fast is not None:
        assert error is None, "the typed path read a file the standard reader refuses"
        assert_same(fast, slow)
        for (_, row), (_, other) in zip(fast.all_indicators(), slow.all_indicators()):
            assert repr(row.weight) == repr(other.weight) and type(row.core) is type(other.core)
    assert _standard_or_error(lambda: read_json_document(text, "x.json")) == (slow, error)


def test_a_row_text_repeated_in_a_file_is_one_indicator(tmp_path):
    text = _doc(ROW + ", " + ROW.replace('"权重": 20', '"权重": 20.0') + ", " + ROW)
    doc = read_json_fast(text.encode("utf-8"), "x.json")
    first, decimal, again = doc.target_tables[0].indicators
    assert first is again and first == decimal  # equal as numbers, but read apart:
    assert (str(first.weight), str(decimal.weight)) == ("20", "20.0")
    assert doc == standard(text)


_ACTUAL_MEMBERS = {
    "三级指标": ['"发放人数"', '"足额发放率"', '"发放 人数"', '""', '" 发放人数 "', '"发放\u3000人数"', '" "'],
    "实际完成值": ['"95%"', '"100%"', '"2462人"', '"0.17万人"', '"达成"', '"2026年11月"', '"按季度"', '"不适用"', '"很多"',
              '95', '95.0', '1', 'true', '""', '"95: 人"'],
    "单位": ['"%"', '"人"', '""'],
    "评价等级": ['"达成"', '"部分达成"', '"优"'],
    "得分比例": ['"70%"', '0.7', '1', 'true', '2'],
    "不适用": ['true', 'false', '"是"', '"否"', '1'],
    "偏差原因": ['"无"', '" 当年未开展 "'],
    "二级指标": ['"数量指标"'],
}


@st.composite
def _actual_row_texts(draw):
    keys = ["三级指标"] + draw(st.lists(st.sampled_from(list(_ACTUAL_MEMBERS)), max_size=3))
    return "{" + ", ".join(f'"{key}": {draw(st.sampled_from(_ACTUAL_MEMBERS[key]))}' for key in keys) + "}"


@st.composite
def _actual_files(draw):
    pool = draw(st.lists(_actual_row_texts(), min_size=1, max_size=5))
    projects = []
    for p in range(draw(st.integers(1, 4))):
        rows = draw(st.lists(st.sampled_from(pool), max_size=5))
        funds = draw(st.sampled_from(['"全年预算数": 10, "全年执行数": 9.5', '"年初预算数": 8, "全年预算数": 10, "全年执行数": 9',
                                      '"全年执行数": 9', '"全年预算数": -1, "全年执行数": 9', '"全年预算数": "10", "全年执行数": 9',
                                      '"全年预算数": 10, "全年执行数": true', '"全年预算数": 1.250, "全年执行数": 0.0',
                                      '"全年预算数": 0, "全年执行数": -0.5', '"全年预算数": -0.0, "全年执行数": 1e3',
                                      '"全年预算数": 12.5, "全年执行数": -0.0', '"全年预算数": -2.5, "全年执行数": 2',
                                      '"全年预算数": 10, "全年预算数": 12, "全年执行数": 9', '"全年预算数": 10, "全年执行数": 9, "全年执行数": 8',
                                      '']))
        listed = f'"指标": [{", ".join(rows)}]' if rows or draw(st.booleans()) else ""  # a project without 指标 too
        projects.append(f'{{"项目编码": "500{p}"{", " + funds if funds else ""}{", " + listed if listed else ""}}}')
    return f'{{"projects": [{", ".join(projects)}]}}'


@settings(max_examples=80, deadline=None)
@given(_actual_files())
def test_actual_rows_repeated_and_nearly_repeated_read_as_the_standard_reader_reads_them(text):
    json.loads(text)
    slow, error = _standard_or_error(lambda: actuals_from_data(load_json(text, "a.json"), "a.json"))
    fast = read_actuals_fast(text.encode("utf-8"), "a.json")
    if fast is not None:
        assert error is None, "the typed path read a file the standard reader refuses"
        assert fast == slow
        assert [(a.location, a.text, repr(a.value), a.reason) for a in fast.actuals] == \
            [(a.location, a.text, repr(a.value), a.reason) for a in slow.actuals]
        assert [(f.location, repr(f.budget), repr(f.spent)) for f in fast.funds] == \
            [(f.location, repr(f.budget), repr(f.spent)) for f in slow.funds]


@pytest.mark.parametrize("row", [
    '"实际完成值": "60人", "单位": "%"',  # its value text read alone before: here its unit disagrees
    '"实际完成值": "60人", "单位": "人"', '"实际完成值": "60", "单位": "人"', '"实际完成值": "60人", "单位": ""',
    '"实际完成值": "不适用"', '"实际完成值": "60人", "不适用": true', '"实际完成值": "60人", "不适用": false',
    '"实际完成值": "达成", "得分比例": "70%"', '"评价等级": "达成", "得分比例": "70%"', '"实际完成值": "60人", "评价等级": "达成"',
    '"实际完成值": "2026年11月"', '"实际完成值": "60人", "偏差原因": "无"', '"实际完成值": "60人", "二级指标": "数量指标"',
])
@pytest.mark.parametrize("lean", [False, True])
def test_actual_rows_beside_a_value_given_alone_read_as_the_standard_reader_reads_them(row, lean):
    """The 实际完成值 `60人` alone is read first (kept by its text), then rows with the same or other fields, twice."""
    rows = '{"三级指标": "发放人数", "实际完成值": "60人"}, {"三级指标": "足额发放率", ' + row + "}"
    text = ('{"projects": [{"项目编码": "5001", "全年预算数": 10, "全年执行数": 9.5, "指标": [' + rows + ']}, '
            '{"项目编码": "5002", "全年预算数": 10, "全年执行数": 9.5, "指标": [' + rows + ']}]}')
    slow, error = _standard_or_error(lambda: actuals_from_data(load_json(text, "a.json"), "a.json"))
    if lean:
        with _Lean():
            fast = read_actuals_fast(text.encode("utf-8"), "a.json")
    else:
        fast = read_actuals_fast(text.encode("utf-8"), "a.json")
    if fast is not None:
        assert error is None, "the typed path read a file the standard reader refuses"
        assert fast == slow
        assert [(a.location, a.text, repr(a.value), a.not_applicable, a.reason, a.level2) for a in fast.actuals] == \
            [(a.location, a.text, repr(a.value), a.not_applicable, a.reason, a.level2) for a in slow.actuals]


def test_the_typed_path_is_taken_for_repeated_actual_rows():
    row = '{"三级指标": "发放人数", "实际完成值": "95%"}'
    text = ('{"projects": [{"项目编码": "5001", "全年预算数": 10, "全年执行数": 9.5, "指标": [' + row + "]}, "
            '{"项目编码": "5002", "全年预算数": 10, "全年执行数": 9.5, "指标": [' + row + ', {"三级指标": "发放人数", "实际完成值": 95}]}]}')
    fast = read_actuals_fast(text.encode("utf-8"), "a.json")
    assert fast is not None and fast == actuals_from_data(load_json(text, "a.json"), "a.json")
    assert [(a.project_code, repr(a.value), a.unit and a.unit.symbol, a.text) for a in fast.actuals] == [
        ("5001", "Decimal('95')", "%", "95%"), ("5002", "Decimal('95')", "%", "95%"), ("5002", "Decimal('95')", None, "")]


def test_the_typed_row_puts_plain_indicators_fields_first_in_its_order():
    import inspect

    from perfeval.native import _Decoder
    from perfeval.readers._fastjson import _NO_EXTRAS, _Row

    plain = list(inspect.signature(_Decoder.plain_indicator).parameters)[1:7]
    assert list(_Row.__struct_fields__[:6]) == ["name", "target", "weight", "level1", "level2", "core"]
    assert plain == ["name", "target_text", "weight", "level1", "level2", "core"]
    assert len(_Row.__struct_fields__) == 6 + len(_NO_EXTRAS)


def test_the_typed_tables_and_projects_keep_the_order_their_readers_unpack():
    from perfeval.native import TARGET_KEYS
    from perfeval.readers._fastjson import _Project, _Table

    # `_FastDecoder.target_table` and `_read_projects` unpack these structs' fields by position.
    assert _Table.__struct_fields__ == tuple(TARGET_KEYS.values()) == (
        "label", "title", "project_code", "project_name", "department", "implementer", "funds", "attribute", "start",
        "end", "overview", "basis", "goal", "mid_goal", "indicators", "funds_rows", "profile")
    assert _Project.__struct_fields__ == ("project", "initial", "budget", "spent", "indicators")


# -- rows that do not repeat ------------------------------------------------------------------------
# Once a file's rows are known not to repeat, they are read without their text (no memo, no per-row
# duplicate-key check: their members are counted and checked against the file's colons at the end, each
# row on its own only when that total disagrees). Forced here from the first row on.

class _Lean:
    def __enter__(self):
        from perfeval._memo import Memo
        from perfeval.readers import _fastjson, _fastjson_actuals

        self.module, self.rows = _fastjson_actuals, _fastjson_actuals._ROWS
        _fastjson._FastDecoder.lean = True
        _fastjson_actuals._ROWS = Memo(0)

    def __exit__(self, *exc):
        from perfeval.readers import _fastjson

        _fastjson._FastDecoder.lean = False
        self.module._ROWS = self.rows


@settings(max_examples=50, deadline=None)
@given(_target_files())
def test_rows_read_lean_read_as_the_standard_reader_reads_them(text):
    slow, error = _standard_or_error(lambda: read_json_document(text, "x.json", fast=False))
    with _Lean():
        fast = read_json_fast(text.encode("utf-8"), "x.json")
    if fast is not None:
        assert error is None, "the lean path read a file the standard reader refuses"
        assert_same(fast, slow)


@settings(max_examples=50, deadline=None)
@given(_actual_files())
def test_actual_rows_read_lean_read_as_the_standard_reader_reads_them(text):
    slow, error = _standard_or_error(lambda: actuals_from_data(load_json(text, "a.json"), "a.json"))
    with _Lean():
        fast = read_actuals_fast(text.encode("utf-8"), "a.json")
    if fast is not None:
        assert error is None, "the lean path read a file the standard reader refuses"
        assert fast == slow
        assert [(a.location, a.text, repr(a.value)) for a in fast.actuals] == \
            [(a.location, a.text, repr(a.value)) for a in slow.actuals]


@pytest.mark.parametrize("row, read", [
    ('{"三级指标": "发放人数", "指标": "≥ 95 %", "权重": 20}', True),
    ('{"三级指标": "发放:人数", "指标": "≥ 95 %", "权重": 20}', True),  # a colon in a text: each row checked
    ('{"三级指标": "发放人数", "指标": "≥ 95 %", "权重": 20, "权重": 30}', False),  # a key twice: the standard reader
    ('{"三级指标": "a:b", "指标": "≥ 95 %", "权重": 20, "权重": 30}', False),  # both
])
def test_lean_target_rows_written_twice_are_left_to_the_standard_reader(row, read):
    text = _doc(ROW + ", " + row)
    with _Lean():
        fast = read_json_fast(text.encode("utf-8"), "x.json")
    assert (fast is not None) is read
    if read:
        assert_same(fast, read_json_document(text, "x.json", fast=False))


@pytest.mark.parametrize("row, read", [
    ('{"三级指标": "发放人数", "实际完成值": "95%"}', True),
    ('{"三级指标": "发放:人数", "实际完成值": "95%"}', True),  # a colon in a text: each row checked
    ('{"三级指标": "发放人数", "实际完成值": "95%", "实际完成值": "96%"}', False),
    ('{"三级指标": "a:b", "实际完成值": "95%", "实际完成值": "96%"}', False),
])
def test_lean_actual_rows_written_twice_are_left_to_the_standard_reader(row, read):
    text = '{"projects": [{"项目编码": "5001", "全年预算数": 10, "全年执行数": 9.5, "指标": [' + row + ']}]}'
    with _Lean():
        fast = read_actuals_fast(text.encode("utf-8"), "a.json")
    assert (fast is not None) is read
    if read:
        assert fast == actuals_from_data(load_json(text, "a.json"), "a.json")


def test_the_packed_builder_builds_what_init_builds():
    from perfeval.scoring.engine import IndicatorScore

    from perfeval.model import packed_builder

    where = Location("f.json", 3)
    row = indicator_row("n", Operator.GE, Decimal(5), None, Decimal(20), "产出指标", None, True, None, None, True,
                        None, None, None, None, False, where)
    built = packed_builder(IndicatorScore, 2, 0)(row, None, (Decimal(18), Decimal(9), "unmet", ("unmet",)))
    assert attrs.astuple(built, recurse=False) == attrs.astuple(
        IndicatorScore(row, None, Decimal(18), Decimal(9), "unmet", ("unmet",)), recurse=False)
    packed = packed_builder(Indicator, 1, 1)("n", (Operator.GE, Decimal(5), None, Decimal(20), "产出指标", None, True,
                                                   None, None, True, None, None, None, None, False), where)
    assert attrs.astuple(packed, recurse=False) == attrs.astuple(row, recurse=False) and packed.location is where
    with pytest.raises(TypeError):  # frozen: its slots are not set by plain assignments
        packed_builder(TargetTable, 1, 1)
