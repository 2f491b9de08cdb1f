"""Reviewer's-sense rules: funds block, category sense, text sense, the form's own notes."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfeval.model import FormProfile, FundsRow
from perfeval.units import parse_unit

from .builders import Case, case_id, department, document, ind, only, sound_indicators, sound_table, with_indicator

D = Decimal
ROWS = (FundsRow("当年财政拨款", D("400")), FundsRow("上年结转资金", D("78")))
NOTE = FormProfile("generic", notes=("注：产出指标 50 分、效益指标 30 分、满意度 10 分、预算执行率 10 分",))


def _rows_moved(weights):
    table = sound_table()
    for i, weight in enumerate(weights):
        table = with_indicator(table, i, weight=D(weight))
    return table


CASES = [
    Case("sense.funds_total_blank", document([sound_table(funds=D(0), funds_rows=ROWS)]),
         document([sound_table(funds_rows=ROWS)]), {"sum": D(478), "total": "0"}),
    Case("sense.funds_rows_sum", document([sound_table(funds=D(500), funds_rows=ROWS)]),
         document([sound_table(funds_rows=ROWS)]), {"sum": D(478), "total": D(500)}),
    Case("sense.money_misfiled",
         document([with_indicator(sound_table(), 2, name="人员经费", operator=ind("x", "≤").operator, value=D(20),
                                  unit=ind("x", "≤", 1, "万元").unit, text_value=None)]),
         document([sound_table()]), {"kind": "成本类指标", "expected": "经济成本指标"}),
    Case("sense.rate_as_quantity", document([with_indicator(sound_table(), 0, name="发放覆盖率", unit=ind("x", "≥", 1, "%").unit)]),
         document([sound_table()]), {"unit": "%"}),
    Case("sense.name_is_category", document([with_indicator(sound_table(), 0, name="经济成本指标")]),
         document([sound_table()]), {"category": "经济成本指标"}),
    Case("sense.unit_subject", document([with_indicator(sound_table(), 0, unit=ind("x", "≥", 1, "个").unit)]),
         document([sound_table()])),
    Case("sense.ecology", document([with_indicator(sound_table(), 2, level2="生态效益指标")]),
         document([with_indicator(sound_table(overview="农村生活垃圾收运补贴"), 2, level2="生态效益指标")])),
    Case("sense.template_text", document([sound_table(goal="（100字以内）按时足额发放")]),
         document([sound_table(goal="按时足额发放，保障 100 人按月领取")]), {"found": "（100字以内）"}),
    Case("sense.text_money",
         document([sound_table(overview="项目资金 478 万元，其中：补贴 400 万元、经办费 68 万元。")]),
         document([sound_table(overview="项目资金 478 万元，其中：补贴 400 万元、经办费 78 万元。")]),
         {"field": "项目概况"}),
    Case("sense.form_note", document([sound_table(profile=NOTE, indicators=[
            *[attrs.evolve(i, weight=w) for i, w in zip(sound_indicators(), (D(30), D(20), D(20), D(20)))]])]),
         document([sound_table(profile=NOTE)]), {"level1": "满意度指标", "expected": D(10), "total": D(20)}),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_breaks_and_holds(case):
    case.verify()


def test_money_in_a_quantity_row_equal_to_the_whole_budget_is_only_a_note():
    table = with_indicator(sound_table(), 0, name="项目资金", value=D(478), unit=ind("x", "≥", 1, "万元").unit)
    (finding,) = only(document([table]), "sense.money_misfiled")
    assert finding.severity.value == "info" and "资金总额" in finding.message


def test_people_per_year_as_a_quality_target_belongs_under_quantity():
    table = with_indicator(sound_table(), 1, name="培训人数", value=D(30), unit=ind("x", "≥", 1, "人/年").unit)
    (finding,) = only(document([table]), "sense.unit_subject")
    assert "数量指标" in finding.message


def test_department_table_funds_rows_are_checked_against_its_budget():
    dept = attrs.evolve(department(), budget=D(3151.93).quantize(D("0.01")),
                        funds_rows=(FundsRow("一般公共预算拨款", D("3000")), FundsRow("其他收入", D("100"))))
    (finding,) = only(document(dept=dept), "sense.funds_rows_sum")
    assert finding.evidence["sum"] == D(3100)


def test_not_applicable_rows_are_not_judged():
    table = with_indicator(sound_table(), 0, name="经济成本指标", not_applicable=True, value=None, unit=None)
    findings_ = only(document([table]), "sense.name_is_category") + only(document([table]), "operators.missing_value")
    assert findings_ == []


def test_events_counted_for_people_are_not_people_and_sewage_is_the_environment():
    events = with_indicator(sound_table(), 0, name="群众文化活动场次", unit=parse_unit("场"))
    assert only(document([events]), "sense.unit_subject") == []
    people = with_indicator(sound_table(), 0, name="参与群众人数", unit=parse_unit("场"))
    assert [f.indicator for f in only(document([people]), "sense.unit_subject")] == ["参与群众人数"]
    from perfeval import judgement

    assert judgement.mentions_environment("农村生活污水设施运维")


def test_template_prefilter_never_hides_a_match():
    """template_text skips a text with no character a match can start with; the skip must not change an answer."""
    from perfeval import judgement

    _, first = judgement._compiled(judgement.TEMPLATE_PATTERNS)
    assert first is not None and first.search("按时足额发放") is None  # the default patterns get a prefilter
    for text, found in (("（100字以内）按时足额发放", "（100字以内）"), ("请填写项目概况", "请填写"), ("XX 项目", "XX"),
                        ("（例如：培训人数）", "（例如：培训人数）"), ("按时足额发放", None)):
        assert judgement.template_text(text) == found
    # a start the prefilter cannot know (a class, an optional start): no prefilter, same answers
    for patterns in ((r"\d+字以内",), (r"a?请填",), (r"(?i:todo)",)):
        assert judgement._compiled(patterns)[1] is None
    assert judgement.template_text("限 100字以内", (r"\d+字以内",)) == "100字以内"
    assert judgement.template_text("TODO 补充", (r"(?i:todo)",)) == "TODO"
    assert judgement.template_text("请填", (r"a?请填",)) == "请填"


_PATTERN_SETS = (
    None,  # the default patterns
    (r"对照年度.{0,3}说明", r"请(?:填写|填报)", r"X{2,}", r"[（(]\s*\d+字"),
    (r"ab", r"a", r"(?:ba|c)d+", r"[b-d]x"),  # starts that begin with others
    (r"abcde", r"cdx"),  # a match that starts inside another pattern's start (abcdx)
)


@settings(max_examples=400, deadline=None)
@example("abcdx", _PATTERN_SETS[3]).via("a match inside another start")
@example("服务对象对照年度目标说明", None).via("a 对 that starts nothing, then one that does")
@given(st.text(alphabet="对照年度说明服务象请填写报XX××＊＊（()100字以内：如abcdex 本栏此处\n", max_size=30),
       st.sampled_from(_PATTERN_SETS))
def test_template_starts_find_every_match(text, patterns):
    """The template prefilter (literal starts, searched one place after another) answers as the patterns
    searched plainly do: `clean` of a joined text, `template_text` of a cell, `template_starts`."""
    import re

    from perfeval import judgement
    from perfeval.checks.sense import _clean, _template_finder

    patterns = judgement.TEMPLATE_PATTERNS if patterns is None else patterns
    plain = re.compile("|".join(patterns)).search(text)
    starts = judgement.template_starts(patterns)
    assert starts is not None
    assert _clean(_template_finder(patterns))(text) is (plain is None)
    assert judgement.template_text(text, patterns) == (plain.group() if plain and text else None)
    if plain is not None:
        assert starts.search(text) is not None and starts.search(text).start() <= plain.start()
