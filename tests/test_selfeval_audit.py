"""Each fault the issue lists, planted in a small sheet built here; and a clean sheet that raises nothing."""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import attrs
from hypothesis import given
from hypothesis import strategies as st

from perfeval.model import Location
from perfeval.selfeval import Funds, SelfEvaluation

from .conftest import ROOT
from ._selfeval import CLEAN_FUNDS, CLEAN_ROWS, audit, codes, found, replace, row, sheet


def test_clean_sheet_has_no_findings_and_rescores_to_its_own_total():
    result = audit(sheet())
    assert result.findings == ()
    assert result.claimed_total == D("97.8")
    assert result.rescored_total == D("97.8")
    assert (result.claimed_grade, result.rescored_grade) == ("优", "优")


# -- arithmetic ---------------------------------------------------------------------------------------

def test_score_above_its_weight():
    rows = replace(CLEAN_ROWS, 1, score="22")
    finding = found(audit(sheet(rows, total="99.8")), "arith.score_range")
    assert finding.indicator == "培训合格率"
    assert finding.evidence == {"score": D(22), "weight": D(20)}
    assert finding.severity.value == "error"


def test_indicators_at_100_plus_execution_10_while_total_says_100():
    rows = replace(CLEAN_ROWS, 0, weight="40", score="40")
    result = audit(sheet(rows, total="107.8", grade="优"))
    points = found(result, "arith.points_total")
    assert points.evidence["indicators"] == D(100) and points.evidence["execution"] == D(10)
    assert points.evidence["total"] == D(110) and points.evidence["expected"] == D(100)
    stated = found(result, "arith.stated_points")
    assert stated.evidence == {"stated": D(100), "total": D(110)}
    # The rows are re-scored at their printed points, so the structure is reported once, not on every row.
    assert not {"rescore.over", "rescore.under"} & set(codes(result))
    # The re-scored total is the engine's under the rule set proper: indicators rescaled from 100 to 90.
    assert result.rescored_total == D("98")  # (40 + 20 + 18 + 20) × 0.9 + 9.8


def test_points_split_differently_from_the_rule_set():
    result = audit(sheet(), rules="province-20")
    finding = found(result, "arith.points_split")
    assert finding.evidence["expected_indicators"] == D(80) and finding.evidence["expected_execution"] == D(20)
    assert finding.severity.value == "warning"


def test_sum_of_scores_differs_from_stated_total():
    finding = found(audit(sheet(total="100")), "arith.total")
    assert finding.evidence["sum"] == D("97.8")
    assert finding.evidence["difference"] == D("-2.2")


def test_rounding_tail_in_the_total_is_not_a_finding():
    rows = replace(CLEAN_ROWS, 2, score="18.33")
    funds = attrs.evolve(CLEAN_FUNDS, score="9.80")
    result = audit(sheet(rows, funds, total="98.1"))  # parts sum to 98.13; 98.1 is within 0.05 + 0.005 + 0.005
    assert "arith.total" not in codes(result)
    assert "arith.total" in codes(audit(sheet(rows, funds, total="98.2")))


def test_execution_rate_that_does_not_follow_from_spent_and_budget():
    funds = attrs.evolve(CLEAN_FUNDS, rate="100%")
    finding = found(audit(sheet(funds=funds)), "arith.rate")
    assert finding.evidence["computed"] == D("0.98")
    assert finding.evidence["stated"] == D(1)
    assert "98%" in finding.message


def test_execution_rate_within_printed_rounding_is_accepted():
    funds = attrs.evolve(CLEAN_FUNDS, initial="25", budget="25", spent="24.6", rate="98.4%", score="9.84")
    result = audit(sheet(funds=funds, total="97.84"))
    assert "arith.rate" not in codes(result)
    funds = attrs.evolve(funds, rate="98%")  # 98.4% printed as a whole percent: within half a percent
    assert "arith.rate" not in codes(audit(sheet(funds=funds, total="97.84")))


def test_grade_that_does_not_match_the_score_band():
    finding = found(audit(sheet(grade="良")), "arith.grade")
    assert finding.evidence == {"total": D("97.8"), "expected": "优", "stated": "良"}
    assert "arith.grade" not in codes(audit(sheet(grade="优秀")))


# -- re-scoring ---------------------------------------------------------------------------------------

def test_quantity_at_zero_with_full_marks_is_over_scored():
    rows = replace(CLEAN_ROWS, 0, actual="0人次")
    result = audit(sheet(rows))
    finding = found(result, "rescore.over")
    assert finding.indicator == "培训人次"
    assert finding.evidence["claimed"] == D(30) and finding.evidence["rescored"] == D(0)
    assert finding.evidence["difference"] == D(30)
    assert result.rescored_total == D("67.8")
    assert result.rescored_grade == "中"
    assert found(result, "rescore.grade").evidence["rescored_grade"] == "中"


def test_every_target_met_yet_points_deducted_without_reason():
    rows = replace(CLEAN_ROWS, 0, score="27")
    rows = replace(rows, 1, score="18")
    result = audit(sheet(rows, total="92.8"))
    under = [f for f in result.findings if f.code == "rescore.under"]
    assert [(f.indicator, f.evidence["claimed"], f.evidence["rescored"]) for f in under] == [
        ("培训人次", D(27), D(30)), ("培训合格率", D(18), D(20))]
    assert all(f.severity.value == "warning" for f in under)


def test_deduction_with_a_reason_is_not_reported():
    rows = replace(CLEAN_ROWS, 0, score="27", reason="部分学员中途退出，已调整招生方式")
    assert "rescore.under" not in codes(audit(sheet(rows, total="94.8")))


def test_partial_proportional_score_matches_the_rule_set():
    rows = replace(CLEAN_ROWS, 0, actual="450人次", score="27", reason="招生不足")
    result = audit(sheet(rows, total="94.8"))
    assert result.findings == ()
    assert result.rows[0].rescored == D(27)  # 30 × 450 / 500


def test_integer_rounding_of_a_proportional_score_is_tolerated():
    rows = replace(CLEAN_ROWS, 0, actual="471人次", score="28", reason="招生不足")  # 30 × 471/500 = 28.26
    assert "rescore.over" not in codes(audit(sheet(rows, total="95.8")))
    rows = replace(rows, 0, score="29")
    assert found(audit(sheet(rows, total="96.8")), "rescore.over").evidence["rescored"] == D("28.26")


def test_qualitative_band_bounds_the_score():
    rows = replace(CLEAN_ROWS, 2, actual="部分达成")  # 18 of 20 is 90%, above the band [60%, 80%)
    finding = found(audit(sheet(rows)), "rescore.over")
    assert finding.evidence["rescored"] == D(16)
    rows = replace(CLEAN_ROWS, 2, actual="达成", score="10", reason="")  # 50% is below the band [80%, 100%]
    finding = found(audit(sheet(rows, total="89.8", grade="良")), "rescore.under")
    assert finding.evidence["rescored"] == D(16)


def test_execution_score_of_zero_next_to_funds_fully_spent():
    funds = attrs.evolve(CLEAN_FUNDS, spent="100", rate="100%", score="0")
    result = audit(sheet(funds=funds, total="88", grade="良"))
    finding = found(result, "rescore.execution")
    assert finding.evidence["claimed"] == D(0) and finding.evidence["rescored"] == D(10)
    assert result.execution_difference == D(-10)


def test_row_the_engine_cannot_score_is_skipped_and_the_rest_still_rescored(tmp_path):
    from perfeval.scoring import load_scoring_rules
    from perfeval.selfeval import Auditor

    national = (ROOT / "rules" / "scoring" / "national.toml").read_text(encoding="utf-8")
    lines = [('ge = "Min(weight, weight * actual / target)"' if line.startswith("ge = ") else line)
             for line in national.splitlines()]
    path = tmp_path / "dividing.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    rows = replace(CLEAN_ROWS, 0, target="≥0人次", actual="0人次")  # weight × actual / target divides by zero
    rows = replace(rows, 1, actual="80%", score="20")
    result = Auditor(load_scoring_rules(path)).audit(sheet(rows))
    skipped = found(result, "rescore.skipped")
    assert skipped.indicator == "培训人次"
    assert found(result, "rescore.over").indicator == "培训合格率"


# -- explanations -------------------------------------------------------------------------------------

def test_unmet_target_without_reason():
    rows = replace(CLEAN_ROWS, 1, actual="85%", score="18.89")
    result = audit(sheet(rows, total="96.69"))
    finding = found(result, "explain.unmet")
    assert finding.indicator == "培训合格率"
    assert (finding.evidence["target"], finding.evidence["actual"]) == ("≥90%", "85%")
    rows = replace(rows, 1, reason="考核标准提高")
    assert "explain.unmet" not in codes(audit(sheet(rows, total="96.69")))


def test_over_achievement_past_threshold_without_reason():
    rows = replace(CLEAN_ROWS, 0, actual="800人次")  # 60% above the target; national threshold is 50%
    finding = found(audit(sheet(rows)), "explain.over")
    assert finding.evidence["excess"] == D("0.6")
    assert finding.evidence["threshold"] == D("0.5")
    rows = replace(CLEAN_ROWS, 0, actual="700人次")  # 40%: below the threshold
    assert "explain.over" not in codes(audit(sheet(rows)))


def test_execution_below_threshold_without_reason():
    funds = attrs.evolve(CLEAN_FUNDS, spent="80", rate="80%", score="8")
    result = audit(sheet(funds=funds, total="96"))
    finding = found(result, "explain.execution")
    assert finding.evidence["rate"] == D("0.8")
    funds = attrs.evolve(funds, reason="项目延期至次年")
    assert "explain.execution" not in codes(audit(sheet(funds=funds, total="96")))


# -- data quality -------------------------------------------------------------------------------------

def test_actual_written_as_a_target_is_flagged_and_its_number_used():
    rows = replace(CLEAN_ROWS, 0, target="≥266米", actual="≥266米")
    result = audit(sheet(rows))
    assert found(result, "quality.actual_as_target").evidence == {"found": "≥266米"}
    assert result.rows[0].rescored == D(30)


def test_word_where_a_number_is_needed():
    rows = replace(CLEAN_ROWS, 0, actual="完成")
    result = audit(sheet(rows))
    assert found(result, "quality.actual_word").evidence == {"target": "≥500人次", "found": "完成"}
    assert found(result, "rescore.skipped").indicator == "培训人次"
    assert result.rows[0].rescored is None


def test_actual_unit_that_cannot_convert_to_the_targets():
    rows = replace(CLEAN_ROWS, 1, actual="96人")
    finding = found(audit(sheet(rows)), "quality.unit_mismatch")
    assert finding.evidence == {"target_unit": "%", "actual_unit": "人", "found": "96人"}


def test_convertible_unit_within_printed_precision_counts_as_equal():
    rows = replace(CLEAN_ROWS, 0, level1="成本指标", level2="经济成本指标", name="人均培训成本",
                   target="≤72890元", actual="7.29万元")
    result = audit(sheet(rows))
    assert found(result, "quality.unit_converted").evidence["converted"] == D(72890)
    assert "explain.unmet" not in codes(result)
    assert result.rows[0].rescored == D(30)
    rows = replace(rows, 0, actual="7.3万元")  # 73000 元, but 7.3 万元 is only printed to the nearest 1000 元
    assert "explain.unmet" not in codes(audit(sheet(rows)))
    rows = replace(rows, 0, actual="7.35万元", score="29.75")  # 73500 元: over the cap beyond the rounding
    result = audit(sheet(rows, total="97.55"))
    assert "explain.unmet" in codes(result)
    assert result.rows[0].rescored.quantize(D("0.0001")) == D("29.7510")  # 30 × 72890 / 73500


def test_cost_item_under_benefit_is_out_of_place():
    rows = replace(CLEAN_ROWS, 2, name="人均补助标准", target="≤1500元", actual="1450元", score="20",
                   level1="效益指标", level2="经济效益指标")
    finding = found(audit(sheet(rows, total="99.8")), "quality.category")
    assert finding.evidence["kind"] == "成本类指标" and finding.evidence["level1"] == "效益指标"


def test_missing_actual():
    rows = replace(CLEAN_ROWS, 3, actual="")
    result = audit(sheet(rows))
    assert found(result, "quality.actual_missing").indicator == "参训人员满意度"


# -- unreadable values are findings, not crashes ---------------------------------------------------------

def test_unreadable_number_is_a_finding():
    rows = replace(CLEAN_ROWS, 0, score="三十")
    result = audit(sheet(rows))
    finding = found(result, "sheet.number")
    assert finding.evidence["field"] == "得分" and finding.evidence["found"] == "三十"
    assert "arith.total" not in codes(result)  # cannot be summed; not reported as a mismatch


def test_unreadable_target_is_a_warning_and_the_row_is_not_rescored():
    rows = replace(CLEAN_ROWS, 0, target="≥高")
    result = audit(sheet(rows))
    assert found(result, "sheet.target").severity.value == "warning"
    assert result.rows[0].rescored is None


def test_missing_score_and_total():
    rows = replace(CLEAN_ROWS, 0, score="")
    result = audit(sheet(rows, total=""))
    missing = [f.evidence["field"] for f in result.findings if f.code == "sheet.missing"]
    assert missing == ["得分", "总分"]


def test_normalised_spellings_read_as_the_same_numbers():
    rows = (
        row("培训人次", "５００人次以上", "５２０人次", "３０", "３０"),
        row("培训合格率", "90百分比", "95％", "20", "20", level2="质量指标"),
        row("就业率提升", "有效提升", "达成", "20", "18", level1="效益指标", level2="社会效益指标"),
        row("参训人员满意度", "﹦100%", "100%", "20", "20", level1="满意度指标", level2="服务对象满意度指标"),
    )
    assert audit(sheet(rows)).findings == ()


def test_findings_carry_the_rows_location_and_json_shape():
    from perfeval.findings import finding_to_json

    rows = replace(CLEAN_ROWS, 1, score="22")
    finding = found(audit(sheet(rows, total="99.8")), "arith.score_range")
    data = finding_to_json(finding)
    assert data["location"] == {"file": "t.yaml", "line": 11, "cell": None}
    assert data["evidence"] == {"score": "22", "weight": "20"}
    assert data["table"] == "t.yaml" and data["project"] == "P001"


# -- properties -----------------------------------------------------------------------------------------

_CENT = D("0.01")


def _money(value: D) -> str:
    return format(value.quantize(_CENT, rounding=ROUND_HALF_UP), "f")


@st.composite
def consistent_sheets(draw):
    """A sheet whose every number follows from its targets and actuals under the national rules, rounded to cents
    the way units print them; unmet rows and low execution carry a reason. Weights are a drawn partition of 90."""
    n = draw(st.integers(3, 8))
    cuts = sorted(draw(st.lists(st.integers(1, 89), min_size=n - 1, max_size=n - 1, unique=True)))
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, 90])]
    rows, total = [], D(0)
    for i, weight in enumerate(weights):
        target = draw(st.integers(1, 5000))
        actual = draw(st.integers(0, target * 3 // 2))
        score = D(weight) * min(D(1), D(actual) / D(target))
        printed = _money(score)
        total += D(printed)
        rows.append(row(f"指标{i}", f"≥{target}人", f"{actual}人", str(weight), printed, line=10 + i,
                        reason="" if actual >= target else "受政策调整影响"))
    budget = draw(st.integers(1, 1000))
    spent = draw(st.integers(0, budget))
    rate = D(spent) / D(budget)
    execution = _money(10 * rate)
    total += D(execution)
    funds = Funds(initial=str(budget), budget=str(budget), spent=str(spent), weight="10",
                  rate=_money(rate * 100) + "%", score=execution, reason="" if rate >= D("0.9") else "项目延期",
                  location=Location("t.yaml", 5))
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    return SelfEvaluation("t.yaml", project_code="P", rows=rows, funds=funds, total=format(total, "f"), grade=grade,
                          total_weight="100")


@given(consistent_sheets())
def test_a_consistent_sheet_raises_nothing_and_keeps_its_grade(sheet_):
    result = audit(sheet_)
    assert [(f.code, f.message) for f in result.findings] == []
    assert result.rescored_grade == result.claimed_grade
    assert result.rescored_total == result.claimed_total


@given(consistent_sheets(), st.data())
def test_any_claim_above_the_rescore_beyond_tolerance_is_reported_on_its_row(sheet_, data):
    i = data.draw(st.integers(0, len(sheet_.rows) - 1))
    bump = data.draw(st.decimals(D("0.02"), D("30"), places=2))
    claimed = D(sheet_.rows[i].score) + bump
    rows = replace(sheet_.rows, i, score=format(claimed, "f"))
    result = audit(attrs.evolve(sheet_, rows=rows, total=format(D(sheet_.total) + bump, "f")))
    over = [f for f in result.findings if f.code == "rescore.over"]
    assert [f.indicator for f in over] == [f"指标{i}"]
    assert abs(over[0].evidence["difference"] - bump) <= D("0.005")


_CELL_TEXT = st.one_of(
    st.sampled_from(["", "0", "15", "13.47", "≥90%", "100百分比", "﹦100%", "完成", "达成", "部分达成", "不适用",
                     "≥266米", "7.29万元", "72890 元", "十", "—", "-5", "1e3", "NaN", "１５", "%", "≥", "0人次"]),
    st.text(max_size=8),
)


@given(st.lists(st.tuples(*[_CELL_TEXT] * 6), min_size=0, max_size=5), st.tuples(*[_CELL_TEXT] * 6),
       _CELL_TEXT, _CELL_TEXT, st.sampled_from(["national", "province-20", "strict"]))
def test_any_cell_text_gives_findings_never_an_exception(cells, funds, total, grade, rules):
    rows = [row(f"指标{i}", target, actual, weight, score, nature=nature, unit=unit)
            for i, (target, actual, weight, score, nature, unit) in enumerate(cells)]
    money = Funds(initial=funds[0], budget=funds[1], spent=funds[2], weight=funds[3], rate=funds[4], score=funds[5])
    result = audit(sheet(rows, money, total=total, grade=grade), rules)
    assert len(result.rows) == len(rows)
    assert all(f.code.split(".")[0] in ("sheet", "arith", "rescore", "explain", "quality") for f in result.findings)


def test_indicator_names_are_checked_by_the_validation_taxonomy():
    from perfeval.checks import load_ruleset
    from perfeval.scoring import load_scoring_rules
    from perfeval.selfeval import Auditor

    rows = replace(CLEAN_ROWS, 2, level2="可持续发展指标")
    rows = replace(rows, 3, level1="效益指标", level2="数量指标")
    with_names = Auditor(load_scoring_rules("national"), taxonomy=load_ruleset("national")).audit(sheet(rows))
    near = found(with_names, "taxonomy.near_miss")
    assert (near.indicator, near.evidence["suggestion"]) == ("就业率提升", "可持续影响指标")
    assert found(with_names, "taxonomy.level2").indicator == "参训人员满意度"
    assert found(with_names, "taxonomy.required").evidence == {"missing": "满意度指标"}
    assert "taxonomy.core" not in codes(with_names)  # 自评表 carry no 核心指标 column
    assert not [c for c in codes(audit(sheet(rows))) if c.startswith("taxonomy.")]


def test_the_total_points_cell_read_or_reported_at_its_cell():
    # 总分的分值 unreadable: one sheet.number at its cell, no arith.stated_points; printed otherwise: compared
    unreadable = audit(sheet(total_weight="一百分"))
    number = found(unreadable, "sheet.number")
    assert number.location == sheet().where("total_weight") and number.evidence["found"] == "一百分"
    assert "arith.stated_points" not in codes(unreadable)
    stated = found(audit(sheet(total_weight="90")), "arith.stated_points")
    assert (stated.evidence["stated"], stated.evidence["total"]) == (D(90), D(100))
    assert not {"sheet.number", "arith.stated_points"} & set(codes(audit(sheet())))
