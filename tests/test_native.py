"""perfeval's YAML/JSON format: lossless round trips and clear errors with line numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given

from perfeval.errors import InputError
from perfeval.readers import read_document
from perfeval.readers.native import read_json_document, read_yaml_document
from perfeval.writers.native import dump_json, dump_yaml

from .conftest import SEED
from .strategies import documents


@given(documents())
def test_yaml_round_trip(doc):
    assert read_yaml_document(dump_yaml(doc), "x.yaml") == doc


@given(documents())
def test_json_round_trip(doc):
    assert read_json_document(dump_json(doc), "x.json") == doc


def test_seed_to_yaml_and_json_and_back(tmp_path):
    doc = read_document(SEED)
    (tmp_path / "seed.yaml").write_text(dump_yaml(doc), encoding="utf-8")
    (tmp_path / "seed.json").write_text(dump_json(doc), encoding="utf-8")
    assert read_document(tmp_path / "seed.yaml") == doc
    assert read_document(tmp_path / "seed.json") == doc


def test_yaml_is_written_in_the_documents_terms():
    text = dump_yaml(read_document(SEED))
    assert "三级指标: 参保缴费人数\n    指标: '> 500 人'\n    权重: 20\n    核心指标: 是" in text
    assert "资金总额: 469.3\n" in text
    assert "- ['20801', 人力资源和社会保障管理事务, 996.70, 703.70, 293.00]" in text  # codes stay text


HAND_WRITTEN = """\
单位名称: 某区某中心
年度: 2026
项目绩效目标表:
  - 表号: 附件 12-1
    项目编码: "5001"
    项目名称: 测试项目
    资金总额: 7.26
    绩效指标:
      - 三级指标: 发放人数
        指标: 不少于 350 人
        权重: 20
      - 三级指标: 发放时间
        指标性质: 定性
        权重: 30
      - 三级指标: 满意度
        指标性质: '>='
        指标值: 95
        度量单位: 百分比
        权重: 40
"""


def test_hand_written_yaml_accepts_every_spelling():
    doc = read_yaml_document(HAND_WRITTEN, "hand.yaml")
    table = doc.target_tables[0]
    assert table.funds == Decimal("7.26") and isinstance(table.funds, Decimal)
    people, time, satisfaction = table.indicators
    assert (people.operator.value, people.value, people.unit.symbol) == ("≥", 350, "人")
    assert (time.operator.value, time.value) == ("定性", None)
    assert (satisfaction.operator.value, satisfaction.value, satisfaction.unit.symbol) == ("≥", 95, "%")
    assert people.location.line == 9


@pytest.mark.parametrize(
    "mutation, line, expected",
    [
        (("权重: 20", "权重: 二十"), 11, "权重应为数字"),
        (("指标: 不少于 350 人", "指标: 大约 350 人"), 10, "指标应以指标性质开头"),
        (("指标性质: 定性", "指标性质: 差不多"), 13, "未知的指标性质"),
        (("度量单位: 百分比", "度量单位: 光年"), 18, "未知的度量单位"),
        (("    资金总额: 7.26", "    资金总额: 7.26\n    负责人: 张三"), 8, "项目绩效目标表的键之一"),
    ],
)
def test_bad_yaml_names_line_and_expectation(mutation, line, expected):
    text = HAND_WRITTEN.replace(*mutation)
    with pytest.raises(InputError) as info:
        read_yaml_document(text, "hand.yaml")
    problem = info.value.problems[0]
    assert (problem.file, problem.line) == ("hand.yaml", line)
    assert expected in problem.expected


def test_yaml_syntax_error_has_a_line():
    with pytest.raises(InputError) as info:
        read_yaml_document("单位名称: a\n项目绩效目标表: [\n  - x\n", "bad.yaml")
    assert info.value.problems[0].line is not None and "合法的 YAML" in info.value.problems[0].expected


def test_json_schema_error_is_located_by_line(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text('{\n "单位名称": "a",\n "项目绩效目标表": [\n  {"表号": "附件 12-1", "项目名称": "x",\n   "绩效指标": [\n    {"三级指标": "n", "指标": "≥ 5 光年"}]}]}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.problems[0].line == 6


def test_json_syntax_error_has_a_line(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text('{\n "单位名称": "a",\n oops\n}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.problems[0].line == 3


def test_bundled_yaml_example_matches_the_text_it_came_from():
    assert read_document(SEED.with_suffix(".yaml")) == read_document(SEED)


def test_empty_indicator_name_is_reported():
    text = HAND_WRITTEN.replace("三级指标: 发放人数", "三级指标: ''")
    with pytest.raises(InputError) as info:
        read_yaml_document(text, "hand.yaml")
    assert info.value.problems[0].expected == "必填项：三级指标（指标名称）"


def test_a_key_written_twice_is_refused_with_both_lines():
    text = HAND_WRITTEN.replace("        权重: 20\n", "        权重: 20\n        权重: 25\n")
    with pytest.raises(InputError) as info:
        read_yaml_document(text, "hand.yaml")
    problem = info.value.problems[0]
    assert problem.line == 12 and "第 11 行" in problem.expected


def test_names_are_shared_while_they_repeat_and_left_as_read_once_they_do_not():
    # A province repeats level names and often indicator names: one object each keeps a big model small.
    # Where each project names its own indicators, keeping every name would only grow a dict: after a trial
    # of distinct names that were nearly all new, names are left as read (the rows are the same by value).
    from perfeval import native

    def rows(decoder, names):
        location = decoder.file_location
        return [decoder.plain_indicator(name, "≥ 5 人", 10, "产出指标", "数量指标", None, location) for name in names]

    repeated = native._Decoder("t.json", native._no_lines)
    made = rows(repeated, ["".join(["发放", str(n % 7)]) for n in range(3 * native._NAME_TRIAL)])
    assert made[0].name is made[7].name and repeated.shared_names is not None
    assert made[0].level1 is made[-1].level1

    distinct = native._Decoder("t.json", native._no_lines)
    names = ["".join(["发放", str(n)]) for n in range(native._NAME_TRIAL + 10)]
    again = ["".join(["发放", str(n)]) for n in range(native._NAME_TRIAL + 10)]  # equal texts, other objects
    made = rows(distinct, names + again)
    assert distinct.shared_names is None  # given up at the trial's end
    assert made[-1].name is again[-1] and made[-1].name is not made[len(names) - 1].name
    assert made[0].level2 is made[-1].level2 and [row.name for row in made] == names + names
