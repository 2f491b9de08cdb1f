"""perfeval.vocab: the one vocabulary of real forms."""

from __future__ import annotations

import subprocess
import sys

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfeval import vocab
from perfeval.actuals import Actual, ProjectFunds
from perfeval.model import DepartmentTargetTable, Indicator, TargetTable
from perfeval.selfeval.model import Funds, Goal, Row, SelfEvaluation

from .conftest import ROOT


def _fields(*classes) -> set[str]:
    return {f.name for cls in classes for f in attrs.fields(cls)}


@pytest.mark.parametrize("table, classes", [
    (vocab.TARGET, (TargetTable,)),
    (vocab.DEPARTMENT, (DepartmentTargetTable,)),
    (vocab.INDICATOR, (Indicator,)),
    (vocab.ACTUALS, (Actual, ProjectFunds, Funds, TargetTable, Indicator, Row)),  # funds terms as on the 自评表
    (vocab.SELF_FUNDS, (Funds,)),
    (vocab.SELF_ROW, (Row,)),
    (vocab.SELF_PROJECT, (SelfEvaluation,)),
    (vocab.SELF_GOAL, (Goal,)),
])
def test_every_alias_key_names_a_real_model_field(table, classes):
    assert set(table) <= _fields(*classes)


def test_flat_self_evaluation_keys_name_fields_of_the_sheet_its_funds_or_its_goal():
    for key in vocab.SELF_FLAT:
        owner, _, field = key.rpartition(".")
        cls = {"": SelfEvaluation, "funds": Funds, "goal": Goal}[owner]
        assert field in _fields(cls), key


def test_no_alias_means_two_fields_within_a_table():
    for table in (vocab.TARGET, vocab.DEPARTMENT, vocab.INDICATOR, vocab.SELF_FUNDS, vocab.SELF_ROW):
        seen: dict[str, str] = {}
        for field, aliases in table.items():
            for alias in aliases:
                assert seen.setdefault(vocab.key(alias), field) == field, alias


def test_real_form_synonyms_reach_their_fields():
    lookup = vocab.INDICATOR_LOOKUP
    for word in ("指标值", "年度指标值", "目标值", "绩效标准", "当年预期实现值", "指标解释"):
        assert lookup[vocab.key(word)] == "value", word
    for word in ("分值", "权重"):
        assert lookup[vocab.key(word)] == "weight"
    for word in ("度量单位", "计量单位"):
        assert lookup[vocab.key(word)] == "unit"
    for word in ("指标方向", "指标性质"):
        assert lookup[vocab.key(word)] == "operator"
    for word in ("实际完成值", "全年实际值", "实际值", "完成值"):
        assert vocab.SELF_ROW_LOOKUP[vocab.key(word)] == "actual"
    funds = vocab.SELF_FUNDS_LOOKUP
    assert (funds[vocab.key("年初预算")], funds[vocab.key("调整后预算数")], funds[vocab.key("预算执行数")]) == (
        "initial", "budget", "spent")


def test_one_key_normaliser_for_widths_brackets_spaces_marks_pinyin_and_traditional_characters():
    assert vocab.key("*部门(单位) 名称") == vocab.key("部门（单位）名称")
    assert vocab.key("资金总额(万元)") == vocab.key("资金总额（万元）")
    assert vocab.key(" 项目\n名称：") == "项目名称"
    assert vocab.key("項(xiàng)目名稱") == "项目名称"
    assert vocab.key("實際完成值") == "实际完成值"
    assert vocab.find("指标值（包含数字及文字描述）", vocab.INDICATOR_LOOKUP) == "value"


def test_level_names_carrying_points():
    assert vocab.level_name("产出指标(50分)") == ("产出指标", "50")
    assert vocab.level_name("效益指标（30分）") == ("效益指标", "30")
    assert vocab.level_name("满意度指标") == ("满意度指标", "")


def test_yes_no_words_and_the_project_code():
    assert [vocab.yes_no(w) for w in ("是", "否", "", "√")] == [True, False, None, True]
    with pytest.raises(ValueError):
        vocab.yes_no("也许")
    assert vocab.split_project("50015224T000004337668-全民参保入户登记调查工作经费") == (
        "50015224T000004337668", "全民参保入户登记调查工作经费")
    assert vocab.split_project("城乡居民医保参保补助") == ("", "城乡居民医保参保补助")


_PIECES = st.sampled_from(["5001", "52", "T", "a", "Z", "0", "-", " ", "\u3000", "\n", "项目", "经费", "é", "٣", "²"])


@settings(max_examples=600, deadline=None)
@given(st.tuples(st.lists(_PIECES, max_size=6), st.sampled_from(["-", "－", "—", " -", "- ", "-\u3000", ""]),
                 st.lists(_PIECES, max_size=4)).map(lambda parts: "".join(parts[0]) + parts[1] + "".join(parts[2])))
@example("500152-")
@example("500152- \n")
@example(" 500152-项目")
@example("500152- 项目 \u3000")
@example("500152٣-项目")
def test_a_project_code_split_as_its_pattern_splits_it(text):
    """split_project's shortcut for a plain code before the first `-` gives what PROJECT_CODE's match gives."""
    match = vocab.PROJECT_CODE.match(text.strip())
    assert vocab.split_project(text) == ((match.group(1), match.group(2).strip()) if match else ("", text.strip()))


@pytest.mark.parametrize("title, kind", [
    ("2026 年项目支出绩效目标表-4", "target"),
    ("附件3 2024年项目支出绩效目标申报表", "target"),
    ("绩效目标批复表", "target"),
    ("部门整体支出绩效目标表", "department"),
    ("部门整体绩效目标申报表", "department"),
    ("重庆市潼南区社会保险事务中心整体绩效目标表", "department"),
    ("项目支出绩效自评表（2023年度）", "self"),
    ("部门整体支出绩效自评表", "self"),
    ("部门预算项目支出绩效自评表", "self"),
    ("一般公共预算财政拨款支出预算表", None),
])
def test_form_titles(title, kind):
    assert vocab.form_kind(title) == kind


def test_opencc_is_imported_only_for_traditional_characters():
    code = ("import sys\nfrom perfeval import vocab\nvocab.key('项目名称'); a = 'opencc' in sys.modules\n"
            "vocab.key('項目名稱'); print(a, 'opencc' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.split() == ["False", "True"]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("体育发展经济abc 1≥—·①Ⅰ😀體發經濟龘\u3000（）"), max_size=12))
@example("体育")
@example("體育")
@example("≥90%😀")
def test_a_traditional_character_is_a_cjk_character_outside_gb2312(text):
    # has_traditional encodes the whole text first; the character-by-character definition is what it means
    expected = any("\u4e00" <= ch <= "\u9fff" and not vocab._simplified_only(ch) for ch in text)
    assert vocab.has_traditional(text) is expected
