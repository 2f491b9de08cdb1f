"""Goal text against indicators: weaker, contradicting and unmeasured claims."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .builders import Case, case_id, document, findings, ind, only, sound_table

D = Decimal


def table(goal: str, *indicators, overview: str = "") -> object:
    base = list(sound_table().indicators)
    return document([attrs.evolve(sound_table(), goal=goal, overview=overview, indicators=[*base, *indicators])])


PAID = ind("享受参保缴费补贴人数", ">", 500, "人", 0, "效益指标", "经济效益指标")
CASES = [
    Case("goal.weaker", table("享受缴费补贴人数大于 1176 人", PAID),
         table("享受缴费补贴人数大于 1176 人", attrs.evolve(PAID, value=D(1176))),
         {"goal_value": D(1176), "goal_unit": "人", "goal_operator": ">", "value": D(500), "operator": ">",
          "unit": "人", "source": "项目当年绩效目标"}),
    Case("goal.contradiction", table("补贴人数不超过 300 人", attrs.evolve(PAID, operator=PAID.operator.GE)),
         table("补贴人数不超过 300 人", attrs.evolve(PAID, value=D(200), operator=PAID.operator.LE)),
         {"goal_value": D(300), "goal_operator": "≤", "value": D(500), "operator": "≥"}),
    Case("goal.unmeasured", table("完成 12 场培训"), table("完成 12 场培训", ind("培训场次", "≥", 12, "场", 0)),
         {"goal_value": D(12), "goal_unit": "场"}),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_breaks_and_holds(case):
    case.verify()


def test_units_are_normalised_before_comparing():
    # 60 余万 people promised; 20 万人 asked is weaker, 600000 人 is not.
    goal = "切实保障全区 60 余万参保人员和 20 余万退休人员各项业务正常运转。"
    insured = ind("参保人员", "≥", 20, "万人", 0)
    retired = ind("退休人员", "≥", 20, "万人", 0)
    (finding,) = only(table(goal, insured, retired), "goal.weaker")
    assert (finding.indicator, finding.evidence["goal_value"], finding.evidence["goal_unit"]) == ("参保人员", D(60), "万人")
    assert only(table(goal, attrs.evolve(insured, value=D(600000), unit=ind("x", unit="人").unit), retired),
                "goal.weaker") == []


def test_a_claim_is_compared_with_the_indicator_about_the_same_thing():
    paying = ind("参保缴费人数", ">", 2000, "人", 0)
    findings = only(table("享受缴费补贴人数大于 1176 人", paying, PAID), "goal.weaker")
    assert [f.indicator for f in findings] == ["享受参保缴费补贴人数"]


def test_indicators_of_another_dimension_are_not_compared():
    money = ind("享受缴费补贴金额", ">", 5, "万元", 0)
    doc = document([attrs.evolve(sound_table(), goal="享受缴费补贴人数大于 1176 人", indicators=[money])])
    assert only(doc, "goal.weaker") == [] and only(doc, "goal.contradiction") == []
    assert [f.evidence["goal_value"] for f in only(doc, "goal.unmeasured")] == [D(1176)]


def test_overview_claims_are_compared_but_never_reported_unmeasured():
    staff = ind("辅助性岗位人员人数", "=", 6, "人", 0)
    doc = table("全额发放", staff, overview="同意聘请 8 名辅助性岗位工作人员。")
    (finding,) = only(doc, "goal.contradiction")
    assert (finding.evidence["source"], finding.evidence["goal_value"], finding.evidence["value"]) == ("项目概况", D(8), D(6))
    assert only(table("全额发放", overview="涉及 6 个领域"), "goal.unmeasured") == []


def test_approximate_goals_allow_the_rule_set_tolerance():
    assert only(table("约 1000 人参加培训", ind("参加培训人数", "≥", 950, "人", 0)), "goal.weaker") == []
    assert only(table("约 1000 人参加培训", ind("参加培训人数", "≥", 800, "人", 0)), "goal.weaker") != []


def test_goal_caps_make_looser_caps_weaker():
    cost = ind("培训成本", "≤", 60, "万元", 0, "成本指标", "经济成本指标")
    doc = table("培训成本不超过 50 万元", cost)
    assert [(f.evidence["goal_value"], f.evidence["value"]) for f in only(doc, "goal.weaker")] == [(D(50), D(60))]
    assert only(table("培训成本不超过 50 万元", attrs.evolve(cost, value=D(40))), "goal.weaker") == []


def test_verdicts_kept_per_pattern_are_the_exact_comparison():
    # The goal check keeps one verdict per (operators, order of the two values and 0) for a claim
    # and an indicator in one unit; every such pattern, met in any order, gives compare()'s answer.
    from fractions import Fraction

    from perfeval.checks.goal import _Intervals
    from perfeval.goaltext import Claim
    from perfeval.intervals import compare
    from perfeval.operators import Operator
    from perfeval.units import parse_unit

    people = parse_unit("人")
    operators = [Operator.GE, Operator.GT, Operator.LE, Operator.LT, Operator.EQ]
    values = [D(-2), D(0), D("0.5"), D(3), D(7)]
    pairs = [(g, v) for g in values for v in values]
    shared = _Intervals(Fraction(1, 10))
    seen = set()
    for goal_op in operators:
        for asked_op in operators:
            for goal_value, asked_value in pairs + pairs[::-1]:
                claim = Claim(goal_op, goal_value, people, "补贴人数", "")
                fields = attrs.astuple(claim, recurse=False)  # what the check passes: the claim's fields
                indicator = ind("补贴人数", asked_op.value, asked_value, "人")
                fresh = _Intervals(Fraction(1, 10))
                expected = compare(claim.interval(Fraction(1, 10)), fresh.asked(indicator), claim.upper)
                assert fresh.goal(fields) == claim.interval(Fraction(1, 10))
                assert shared.verdict(fields, indicator) == expected
                seen.add(expected)
    assert seen == {None, "weaker", "contradiction"}


def test_claims_found_together_or_alone_give_the_same_findings(monkeypatch):
    # The walk finds the claims of many tables' texts in one scan (goaltext.claims_of_texts), a chunk of tables at
    # a time: the findings are the same for any chunk, and the same as each table on its own (claim_parts).
    from perfeval.checks import goal as module

    goals = ["享受缴费补贴人数大于 1176 人", "享受缴费补贴人数大于 1176 人", "补贴人数不超过 300 人", "完成 12 场培训",
             "享受缴费补贴人数大于 1176 人", "按时足额发放", "补贴人数不超过 300 人", None, "达到 5 十万人 6人"]
    tables = [attrs.evolve(sound_table(), label=f"附件 12-{n}", goal=text, overview="同意聘请 8 名辅助性岗位工作人员。",
                           indicators=[*sound_table().indicators, PAID, ind("辅助性岗位人员人数", "=", 6, "人", 0)])
              for n, text in enumerate(goals)]
    doc = document(tables)
    kept = [f for f in findings(doc) if f.code.startswith("goal.")]
    alone = [f for table in tables for f in findings(document([table])) if f.code.startswith("goal.")]
    for chunk in (1, 2, 5):
        monkeypatch.setattr(module, "_CHUNK", chunk)
        assert [f for f in findings(doc) if f.code.startswith("goal.")] == kept
    assert sorted(kept, key=lambda f: (f.table, f.message)) == sorted(alone, key=lambda f: (f.table, f.message))
    assert {f.code for f in kept} == {"goal.weaker", "goal.contradiction", "goal.unmeasured"}


def _key_repeats(claims):
    """The claims a table checks twice, as the goal check first kept them: a set of (value, unit symbol, operator,
    approximation, subject) keys."""
    seen, repeated = set(), []
    for operator, value, unit, subject, _, approximate, _ in claims:
        key = (value, unit.symbol, id(operator), approximate, subject)
        repeated.append(key in seen)
        seen.add(key)
    return repeated


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["GE", "GT", "EQ"]), st.sampled_from(["5", "5.0", "95", "-0", "0"]),
                          st.sampled_from(["人", "%", "万人"]), st.sampled_from(["补贴人数", "满意度", ""]),
                          st.booleans()), min_size=2, max_size=6))
def test_claims_repeated_in_a_table_are_those_a_key_set_finds(rows):
    # goal._repeated compares two or three claims field by field (equal values written apart: 5 and 5.0), more by key
    from perfeval.checks.goal import _repeated
    from perfeval.operators import Operator
    from perfeval.units import parse_unit

    claims = tuple((Operator[op], D(value), parse_unit(unit), subject, "", approximate, "")
                   for op, value, unit, subject, approximate in rows)
    expected = _key_repeats(claims)
    assert (_repeated(claims) or [False] * len(claims)) == expected
    assert len(claims) > 3 or _repeated(claims) is None or any(expected)  # (two or three: None when none repeats)
