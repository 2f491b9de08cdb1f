"""Scores computed by hand for every operator and policy of the shipped rule sets.

Each expected value is worked out in the comment beside it from the formula in the
rule file, so changing a formula (or the engine) makes the test fail.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.actuals import Actuals
from perfeval.errors import InputError
from perfeval.scoring import load_scoring_rules, score
from perfeval.scoring.engine import EXCEEDED, MET, MISSING, NOT_APPLICABLE, UNMET

from ._scoring import act, actuals, funds, ind, table, variant


def one(indicator, actual, rules="national", money=None):
    """The scored row of `indicator`, in a project padded with a met filler row so printed weights total 90."""
    rows, items = [indicator], [actual]
    if indicator.weight < 90:
        rows.append(ind("filler", "≥", 1, "个", 90 - indicator.weight))
        items.append(act("filler", 1))
    sheet = score([table(*rows)], actuals(*items, money=money), load_scoring_rules(rules))
    return sheet.projects[0].indicators[0]


def row(indicator, actual, rules="national"):
    r = one(indicator, actual, rules)
    return r.score, r.status, r.flags


# ≥ : weight × Min(1, actual / target)
def test_ge_proportional_when_unmet():
    # 30 × 150000 / 200000 = 22.5
    assert row(ind("人数", "≥", 200000, "人", 30), act("人数", 150000, "人")) == (Decimal("22.5"), UNMET, ("unmet",))


def test_ge_full_when_met_with_unit_conversion():
    # 20.5 万人 = 205000 人 ≥ 200000 人: full 30, 2.5% above is not "far" (threshold 50%)
    assert row(ind("人数", "≥", 200000, "人", 30), act("人数", "20.5", "万人")) == (Decimal(30), MET, ())


def test_unit_conversion_to_a_larger_unit():
    # 150000 元 = 15 万元 against ≥ 20 万元: 20 × 15/20 = 15
    assert row(ind("配套", "≥", 20, "万元", 20), act("配套", 150000, "元"))[0] == Decimal(15)


def test_bare_number_is_in_the_targets_unit():
    # 90 (%) against ≥ 95 %: 10 × 90/95 = 180/19 = 9.473684…
    score_, status, _ = row(ind("率", "≥", 95, "%", 10), act("率", 90))
    assert status == UNMET and abs(Fraction(score_) - Fraction(180, 19)) < Fraction(1, 10**40)


# > : same proportional formula; equal to the target is not met
def test_gt_unmet_proportional():
    # 20 × 400/500 = 16
    assert row(ind("人数", ">", 500, "人", 20), act("人数", 400))[0] == Decimal(16)


def test_gt_equal_is_flagged_unmet():
    score_, status, flags = row(ind("人数", ">", 500, "人", 20), act("人数", 500))
    assert (score_, status, flags) == (Decimal(20), UNMET, ("unmet",))


# ≤ : if_(actual <= target, weight, weight × target / actual)
def test_le_inverse_proportional():
    # 20 × 20/25 = 16
    assert row(ind("成本", "≤", 20, "万元", 20), act("成本", 25, "万元")) == (Decimal(16), UNMET, ("unmet",))


def test_le_zero_actual_is_met_without_dividing_by_zero():
    # full 10; 0 against a cap of 5 is 100% better than the cap, past the 50% threshold → flagged
    assert row(ind("投诉", "≤", 5, "次", 10), act("投诉", 0))[0:2] == (Decimal(10), EXCEEDED)


def test_lt_inverse_proportional():
    # 10 × 20/40 = 5
    assert row(ind("成本", "<", 20, "万元", 10), act("成本", 40))[0] == Decimal(5)


# = policies
def test_eq_national_treats_below_as_ge():
    # national: as ≥ → 10 × 96/100 = 9.6
    assert row(ind("率", "=", 100, "%", 10), act("率", 96, "%"))[0:2] == (Decimal("9.6"), UNMET)


def test_eq_national_above_target_is_met():
    assert row(ind("率", "=", 100, "%", 10), act("率", 104, "%"))[0:2] == (Decimal(10), MET)


def test_eq_province_scores_by_closeness():
    # province-20: tolerance 1%, else weight × (1 − deviation); weight 45 of 90 rescales to 40: 40 × (1 − 0.04) = 38.4
    assert row(ind("率", "=", 100, "%", 45), act("率", 104, "%"), "province-20")[0:2] == (Decimal("38.4"), UNMET)


def test_eq_province_within_tolerance_is_met():
    # |99.5 − 100| / 100 = 0.005 ≤ 0.01 → full 40
    assert row(ind("率", "=", 100, "%", 45), act("率", "99.5", "%"), "province-20")[0:2] == (Decimal(40), MET)


def test_eq_strict_all_or_nothing():
    assert row(ind("率", "=", 100, "%", 10), act("率", "99.5", "%"), "strict")[0:2] == (Decimal(0), UNMET)


def test_strict_scores_unmet_quantitative_as_zero():
    assert row(ind("人数", "≥", 200000, "人", 30), act("人数", 199999), "strict")[0] == Decimal(0)


# qualitative bands
@pytest.mark.parametrize("band, share, expected", [
    ("达成", None, "20"),        # default 1 → 20
    ("达成", "0.8", "16"),       # 20 × 0.8 (80% included in 达成)
    ("部分达成", "0.7", "14"),   # 20 × 0.7
    ("部分达成", "0.6", "12"),   # 60% included in 部分达成
    ("未达成", None, "0"),       # default 0
    ("未达成", "0.5", "10"),     # 20 × 0.5
])
def test_qualitative_bands_national(band, share, expected):
    r = one(ind("定性", "定性", None, None, 20), act("定性", band=band, share=share))
    assert r.score == Decimal(expected)
    assert r.flags == (() if band == "达成" else ("unmet",))


@pytest.mark.parametrize("band, share, words", [
    ("部分达成", None, "要求给出 得分比例"),
    ("部分达成", "0.8", "[0.6, 0.8)"),
    ("部分达成", "0.5", "[0.6, 0.8)"),
    ("达成", "0.79", "[0.8, 1]"),
    ("未达成", "0.6", "[0, 0.6)"),
])
def test_qualitative_share_outside_band_is_refused(band, share, words):
    with pytest.raises(InputError) as info:
        one(ind("定性", "定性", None, None, 20, line=7), act("定性", band=band, share=share, line=12))
    assert words in str(info.value) and "actuals.yaml:12" in str(info.value)


def test_province_band_reaches_down_to_half():
    # province-20: 部分达成 is [0.5, 0.8); weight 45 of 90 rescaled to 40 → 40 × 0.5 = 20
    assert one(ind("定性", "定性", None, None, 45), act("定性", band="部分达成", share="0.5"), "province-20").score == 20


# execution rate
def run_project(indicators, items, rules="national", money=None):
    return score([table(*indicators)], actuals(*items, money=money), load_scoring_rules(rules)).projects[0]


FULL = [ind("人数", "≥", 100, "人", 90)]
MET_ALL = [act("人数", 100)]


def test_execution_rate_proportional_and_flagged():
    # 85 / 100 = 0.85 → 10 × 0.85 = 8.5, below 0.9 → flag; total 90 + 8.5
    project = run_project(FULL, MET_ALL, money=funds(100, 85))
    assert (project.execution.rate, project.execution.score, project.execution.flag) == (Decimal("0.85"), Decimal("8.5"), True)
    assert project.total == Decimal("98.5")


def test_execution_uses_adjusted_budget_in_national_and_original_in_strict():
    # national: 85 / 90 → 10 × 17/18 = 9.444…; strict: 85 / 100 → 8.5
    national = run_project(FULL, MET_ALL, money=funds(100, 85, adjusted=90)).execution
    strict = run_project(FULL, MET_ALL, "strict", money=funds(100, 85, adjusted=90)).execution
    assert abs(Fraction(national.score) - Fraction(85, 9)) < Fraction(1, 10**40) and not national.flag
    assert strict.score == Decimal("8.5") and strict.flag


def test_execution_capped_at_its_weight():
    assert run_project(FULL, MET_ALL, money=funds(100, 120)).execution.score == Decimal(10)


def test_execution_weight_twenty_in_province():
    # 20 × 0.85 = 17; indicators rescale to 80
    project = run_project(FULL, MET_ALL, "province-20", money=funds(100, 85))
    assert project.execution.score == Decimal(17) and project.total == Decimal(97)


# over-achievement
def test_far_exceeded_is_flagged_not_deducted_in_national():
    # 3 against ≥ 1: excess 200% > 50% → flag, full 30
    assert row(ind("社区", "≥", 1, "个", 30), act("社区", 3)) == (Decimal(30), EXCEEDED, ("over_achieved",))


def test_over_threshold_boundary_is_not_exceeded():
    # excess exactly 50% is not "past" the threshold
    assert row(ind("社区", "≥", 100, "个", 30), act("社区", 150))[1] == MET


def test_far_exceeded_is_deducted_in_strict():
    # excess 0.8, threshold 0.5: Max(0, 30 − 30 × 0.3) = 21
    assert row(ind("页数", "≥", 100, "张", 30), act("页数", 180), "strict") == (Decimal(21), EXCEEDED, ("over_achieved",))


def test_far_under_a_cap_is_exceeded_too():
    # ≤ 50 万元, actual 11: excess (50 − 11)/50 = 0.78 → strict: 20 − 20 × 0.28 = 14.4
    assert row(ind("成本", "≤", 50, "万元", 20), act("成本", 11), "strict")[0:2] == (Decimal("14.4"), EXCEEDED)


def test_over_achievement_off(tmp_path):
    rules = variant(tmp_path, "national", ('policy = "flag"', 'policy = "off"'), ('threshold = "0.5"', ''))
    assert row(ind("社区", "≥", 1, "个", 30), act("社区", 3), str(rules))[1:] == (MET, ())


# not applicable
def test_not_applicable_rescales_the_rest():
    # weights 30/30/30, one not applicable: 90/60 → 45 each; one met, one at 50% → 45 + 22.5
    project = run_project([ind("a", "≥", 10, "个", 30), ind("b", "≥", 10, "个", 30), ind("c", "≥", 10, "个", 30)],
                          [act("a", 10), act("b", 5), act("c", na=True)])
    weights = [r.weight for r in project.indicators]
    assert weights == [Decimal(45), Decimal(45), None]
    assert [r.score for r in project.indicators] == [Decimal(45), Decimal("22.5"), None]
    assert project.indicators[2].status == NOT_APPLICABLE
    assert project.total == Decimal("77.5")


def test_not_applicable_full_marks(tmp_path):
    rules = variant(tmp_path, "national", ('policy = "rescale"       # 不适用', 'policy = "full"       # 不适用'))
    project = run_project([ind("a", "≥", 10, "个", 45), ind("b", "≥", 10, "个", 45)], [act("a", 5), act("b", na=True)],
                          str(rules))
    # a: 45 × 0.5 = 22.5; b: full 45; execution 10
    assert [r.score for r in project.indicators] == [Decimal("22.5"), Decimal(45)] and project.total == Decimal("77.5")


def test_not_applicable_forbidden(tmp_path):
    rules = variant(tmp_path, "national", ('policy = "rescale"       # 不适用', 'policy = "forbid"       # 不适用'))
    with pytest.raises(InputError, match="不允许“不适用”"):
        run_project([ind("a", "≥", 10, "个", 90)], [act("a", na=True)], str(rules))


# weights that do not sum to the indicator total
def test_weights_rescale_or_as_printed():
    indicators = [ind("a", "≥", 10, "个", 40), ind("b", "≥", 10, "个", 40)]  # printed total 80
    national = run_project(indicators, [act("a", 10), act("b", 10)])
    strict = run_project(indicators, [act("a", 10), act("b", 10)], "strict")
    assert national.total == Decimal(100) and national.indicators[0].weight == Decimal(45)
    assert strict.total == Decimal(90) and strict.indicators[0].weight == Decimal(40)


def test_as_printed_weights_above_the_total_are_scaled_down():
    # Regression: strict scored weights 34 + 42 + 25 = 101 as printed and reached 100.0047 > 100.
    indicators = [ind("a", "≥", 10, "个", 34), ind("b", "≥", 10, "个", 42), ind("c", "≥", 10, "个", 25)]
    strict = run_project(indicators, [act("a", 10), act("b", 10), act("c", 10)], "strict")
    # 50-digit decimals: exact to the 20 places the sheet reports (docs/scoring.md).
    assert strict.total.quantize(Decimal("1e-20")) == Decimal(100)
    assert abs(Fraction(strict.indicators[1].weight) - Fraction(42 * 90, 101)) < Fraction(1, 10**40)


# grades
@pytest.mark.parametrize("actual, total, grade", [
    (7999, "89.99", "良"), (8000, "90", "优"), (8001, "90.01", "优"),
    (6999, "79.99", "中"), (7000, "80", "良"), (4999, "59.99", "差"), (5000, "60", "中"),
])
def test_grade_boundaries(actual, total, grade):
    # 90 × actual / 9000 = actual / 100, plus execution 10
    project = run_project([ind("页数", "≥", 9000, "张", 90)], [act("页数", actual)])
    assert (project.total, project.grade) == (Decimal(total), grade)


def test_total_on_a_boundary_is_exact_even_when_decimals_are_not():
    # eleven weights of 3 rescaled to 90 (90/33 each) sum to 89.99…98 in 50-digit decimals;
    # the exact recomputation gives 90 → 优 (execution 0: nothing spent)
    indicators = [ind(f"i{k}", "≥", 1, "个", 3) for k in range(11)]
    project = run_project(indicators, [act(f"i{k}", 1) for k in range(11)], money=funds(100, 0))
    assert project.total == Decimal(90) and project.grade == "优"


# completeness and input problems
def test_missing_actuals_are_all_listed_and_the_project_is_incomplete():
    sheet = score([table(ind("a", "≥", 1, "个", 45, line=10), ind("b", "≥", 1, "个", 45, line=11))],
                  actuals(), load_scoring_rules("national"))
    project = sheet.projects[0]
    assert not sheet.complete and project.total is None and project.grade is None
    assert [r.status for r in project.indicators] == [MISSING, MISSING]
    assert [(p.file, p.line) for p in sheet.missing] == [("targets.yaml", 10), ("targets.yaml", 11)]


def test_missing_funds_make_the_project_incomplete():
    sheet = score([table(*FULL)], Actuals(MET_ALL, []), load_scoring_rules("national"))
    assert not sheet.complete
    assert any("预算执行率" in p.expected for p in sheet.missing)


def test_zero_target_division_is_reported_not_guessed():
    with pytest.raises(InputError, match="formulas.ge"):
        run_project([ind("a", "≥", 0, "个", 90, line=4)], [act("a", -1)])


def test_scores_stay_between_zero_and_weight(tmp_path):
    rules = variant(tmp_path, "national", ('ge = "if_(actual >= target, weight, weight * actual / target)"', 'ge = "weight * actual / target - 5"'))
    assert row(ind("a", "≥", 10, "个", 90), act("a", 20), str(rules))[0] == Decimal(90)
    assert row(ind("a", "≥", 10, "个", 90), act("a", 0), str(rules))[0] == Decimal(0)


def test_zero_target_met_without_dividing():
    # ≥ 0 with 3: met, full weight; the proportional branch (which would divide by 0) is never evaluated
    assert row(ind("事故", "≥", 0, "次", 90), act("事故", 3))[0:2] == (Decimal(90), MET)


def test_boundary_recomputation_is_what_makes_the_grade_exact(monkeypatch):
    # Without the exact recomputation the 50-digit sum 89.99…98 would grade 良.
    from perfeval.scoring import engine

    monkeypatch.setattr(engine, "_near_boundary", lambda total, rules: False)
    graded = engine._graded  # the lean path's grade and nearness in one: never near either
    monkeypatch.setattr(engine, "_graded", lambda total, plan, grade: (graded(total, plan, grade)[0], False))
    indicators = [ind(f"i{k}", "≥", 1, "个", 3) for k in range(11)]
    project = run_project(indicators, [act(f"i{k}", 1) for k in range(11)], money=funds(100, 0))
    assert project.grade == "良" and project.total < 90


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["≥", ">", "≤", "<", "="]), st.integers(1, 10**6), st.integers(0, 2 * 10**6),
                          st.integers(1, 50)), min_size=1, max_size=8),
       st.sampled_from(["national", "province-20", "strict"]),
       st.integers(1, 10**4), st.integers(0, 2 * 10**4))
def test_scores_stay_in_range_and_decimals_agree_with_fractions(rows, rules_name, budget, spent):
    from perfeval.scoring.engine import _Project, _plan

    rules = load_scoring_rules(rules_name)
    project_table = table(*[ind(f"i{k}", op, target, "个", weight) for k, (op, target, _, weight) in enumerate(rows)])
    given = [act(f"i{k}", actual) for k, (_, _, actual, _) in enumerate(rows)]
    project = _Project(project_table, given, funds(budget, spent), rules, _plan(rules), "t")
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        fast = project.run(exact=False)
    exact = project.run(exact=True)
    for row_ in fast.indicators:
        assert 0 <= row_.score <= row_.weight
    assert 0 <= fast.total <= rules.total_points
    assert abs(Fraction(fast.total) - Fraction(exact.total)) < Fraction(1, 10**40)


def test_all_indicators_not_applicable_is_refused():
    with pytest.raises(InputError, match="全部为“不适用”"):
        run_project([ind("a", "≥", 1, "个", 90)], [act("a", na=True)])


def test_a_number_for_a_qualitative_deadline_row_is_a_problem_not_a_keyerror():
    # Found by the long fuzz run (actuals #6330): a 定性 row printed as a deadline, given a number.
    import attrs

    from perfeval.model import Deadline

    deadline = attrs.evolve(ind("完成时间", "定性", None, None, 20, line=7), deadline=Deadline(2026, 12),
                            printed="2026年12月前")
    with pytest.raises(InputError) as info:
        one(deadline, act("完成时间", 3, line=12))
    assert "是定性指标，应给出 评价等级" in str(info.value) and "actuals.yaml:12" in str(info.value)


def test_a_band_for_a_quantitative_deadline_row_is_a_problem_not_a_typeerror():
    # The same fuzz input, once the first fault was fixed: a ≤ row printed as a deadline, given a band.
    import attrs

    from perfeval.model import Deadline

    deadline = attrs.evolve(ind("完成时间", "≤", 12, "月", 20, line=7), deadline=Deadline(None, 12), printed="12月底前")
    with pytest.raises(InputError) as info:
        one(deadline, act("完成时间", band="达成", line=12))
    assert "是定量指标（≤），应给出数值的 实际完成值" in str(info.value) and "actuals.yaml:12" in str(info.value)


def test_rows_scored_once_per_distinct_case_give_the_same_sheet_as_each_project_alone():
    """The engine scores each distinct (target, actual, weight) once per run (issue 13.2): projects that
    repeat a case get the same scores as when scored alone, also when the actual is written 9.50 or 9.5."""
    rules = load_scoring_rules("national")

    def project(code, value):
        return (table(ind("人数", "≥", 200000, "人", 30), ind("率", "≥", "9.5", "%", 30), ind("成本", "≤", 7, "万元", 30),
                      code=code),
                [act("人数", 150000, "人", code=code), act("率", value, code=code), act("成本", 9, code=code)])

    parts = [project("P1", "9.50"), project("P2", "9.5"), project("P3", "7.3")]
    together = score([t for t, _ in parts], Actuals([a for _, items in parts for a in items], [funds(code=c) for c in ("P1", "P2", "P3")]), rules)
    for (t, items), scored in zip(parts, together.projects):
        alone = score([t], Actuals(items, [funds(code=t.project_code)]), rules).projects[0]
        assert [(r.score, r.status, r.flags) for r in scored.indicators] == [(r.score, r.status, r.flags) for r in alone.indicators]
        assert scored.total == alone.total
    with decimal.localcontext(prec=50):
        assert together.projects[2].indicators[1].score == Decimal(30) * Decimal("7.3") / Decimal("9.5")
        assert together.projects[2].indicators[2].score == Decimal(30) * 7 / 9


def test_a_row_whose_formula_fails_is_reported_in_every_project_that_repeats_it(tmp_path):
    rules = load_scoring_rules(variant(tmp_path, "national",
                                       ('ge = "if_(actual >= target, weight, weight * actual / target)"',
                                        'ge = "weight * actual / (target - 5)"')))
    tables = [table(ind("人数", "≥", 5, "人", 90), code=c) for c in ("P1", "P2")]
    items = Actuals([act("人数", 4, "人", code=c) for c in ("P1", "P2")], [funds(code=c) for c in ("P1", "P2")])
    with pytest.raises(InputError) as raised:
        score(tables, items, rules)
    assert len([p for p in raised.value.problems if "无法对此行计算" in str(p)]) == 2


def test_unit_given_for_a_target_without_one_is_reported_not_a_crash():
    # the matcher's problem (the target names no unit, so 3 万人 cannot be converted), not an AttributeError
    # from converting to no unit; the same through score_paired (the audit's re-scoring)
    from perfeval.scoring.engine import plan, score_paired

    rules = load_scoring_rules("national")
    target = table(ind("人数", "≥", 20000, None, 90))
    with pytest.raises(InputError, match="未注明度量单位") as info:
        score([target], actuals(act("人数", 3, "万人", line=4), money=funds()), rules)
    assert [p.line for p in info.value.problems] == [4]
    with pytest.raises(InputError, match="未注明度量单位"):
        score_paired(target, [act("人数", 3, "万人", line=4)], funds(), rules, plan(rules))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(
           st.tuples(st.sampled_from(["≥", ">", "≤", "<", "="]), st.sampled_from([0, 1, 3, 500, 90]),
                     st.sampled_from([("0", None), ("3", None), ("500", None), ("0.05", "万个"), ("95.0", None)]),
                     st.sampled_from(["3", "3.0", "20", "10.5"])),
           st.tuples(st.just("定性"), st.sampled_from(["达成", "部分达成", "未达成"]), st.sampled_from([None, "0.6", "0.8"]),
                     st.sampled_from(["3", "3.0", "20"]))), min_size=1, max_size=8),
       st.sampled_from(["national", "province-20", "strict"]))
def test_cases_worked_out_in_fractions_are_kept_per_distinct_case(rows, rules_name):
    # run(exact=True) (a total near a grade's minimum) keeps each case it works out in the memo, as the Decimal pass
    # does: the same tables scored one after another with one memo (the later ones from it) give what each gives
    # with a memo of its own, to the last digit (repr), problems included
    from perfeval.scoring.engine import _Project, _plan

    rules = load_scoring_rules(rules_name)
    indicators, given = [], []
    for k, (op, *rest) in enumerate(rows):
        if op == "定性":
            band, share, weight = rest
            indicators.append(ind(f"i{k}", "定性", None, None, Decimal(weight)))
            given.append(act(f"i{k}", band=band, share=share))
        else:
            target, (actual, unit), weight = rest
            indicators.append(ind(f"i{k}", op, target, "个", Decimal(weight)))
            given.append(act(f"i{k}", actual, unit))
    plan, shared = _plan(rules), {}

    def exact(memo, indicators_):
        project = _Project(table(*indicators_), given[:len(indicators_)], funds(100, 98), rules, plan, "t", memo)
        result = project.run(exact=True)
        return repr((result.indicators, result.execution, result.total, result.grade)), [str(p) for p in project.problems]

    for count in [len(indicators), 1, len(indicators)] * 2:
        assert exact(shared, indicators[:count]) == exact({}, indicators[:count])
