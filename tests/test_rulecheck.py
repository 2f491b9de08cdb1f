"""perfeval.rulecheck: shipped rule sets hold every property; broken rule files fail naming the broken key."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from perfeval.errors import RuleError
from perfeval.rulecheck import Budget, check, rule_kind
from perfeval.rulecheck._formulas import bounds, monotone
from perfeval.rulecheck._symbolic import check_formula, symbolic_results
from perfeval.operators import Operator
from perfeval.rulesets import shipped
from perfeval.scoring import load_scoring_rules

BROKEN = Path(__file__).parent / "rules_broken"
FAST = Budget(max_examples=30, shrink_seconds=3)
# Where a test needs only that a counterexample exists (no shrink phase at all).
FOUND = Budget(max_examples=30, shrink_seconds=0)
# Where a test asserts the exact shrunk counterexample: shrinking must never be cut short by the
# clock (a loaded machine would stop it earlier and report a larger example). Derandomized.
EXACT = Budget(max_examples=30, shrink_seconds=600)


@functools.lru_cache(maxsize=None)
def _checked(file: str):
    """Each broken file is checked once and its report shared by the tests that read it. The
    validation file's documents are slow to shrink and its tests only read the rule key and the
    finding's text, so its counterexample is not shrunk."""
    (report,) = check(str(BROKEN / file), FOUND if file == "level1_share_error.toml" else FAST)
    return report


def _result(report, name):
    return next(r for r in report.results if r.name == name)


@pytest.mark.parametrize("path", shipped("scoring") + shipped("validation"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_shipped_rule_set_holds_every_property(path):
    (report,) = check(str(path), FAST)
    failed = [(r.name, r.rules) for r in report.results if r.holds is False]
    assert failed == []
    assert report.holds


def test_a_bare_name_checks_both_kinds_of_that_name():
    reports = check("national", Budget(max_examples=5))
    assert [r.kind for r in reports] == ["validation", "scoring"]


@pytest.mark.parametrize("file, prop, key, contains", [
    ("score_above_weight.toml", "bounds", "formulas.ge", ("formulas.ge", "≥")),
    ("le_wrong_way.toml", "monotone", "formulas.le", ("formulas.le", "≤")),
    ("le_wrong_way.toml", "symbolic.below_full", "formulas.le", ("formulas.le",)),
    ("overlapping_bands.toml", "bands", "qualitative.bands.达成", ("0.8 同属两档",)),
    ("unit_dependent.toml", "unit_scale", "formulas.ge", ("formulas.ge",)),
    ("unit_dependent.toml", "symbolic.unit", "formulas.ge", ("仍含 target",)),
    ("unreachable_grade.toml", "bands", "grades.优", ("110",)),
    ("level1_share_error.toml", "valid", "weights.level1_share", ("原则上为",)),
])
def test_broken_rule_files_fail_with_a_counterexample_naming_the_rule(file, prop, key, contains):
    report = _checked(file)
    result = _result(report, prop)
    assert result.holds is False
    assert key in result.rules
    example = next(e for e in result.counterexamples if e.rule == key)
    cells = " ".join(str(c) for row in example.rows for c in row)
    for text in contains:
        assert text in cells
    assert not report.holds
    others = [r.name for r in report.results if r.holds is False]
    assert prop in others


def test_the_wrong_way_le_counterexample_shows_overspending_rewarded():
    report = _checked("le_wrong_way.toml")
    example = _result(report, "monotone").counterexamples[0]
    (_, op, weight, target, low_actual, low_score), (_, _, _, _, high_actual, high_score) = example.rows
    assert op == "≤"
    assert float(high_actual) > float(low_actual)
    assert float(high_score) > float(low_score)
    assert example.headers == ("规则", "指标性质", "分值", "指标值", "实际完成值", "得分")


def test_score_above_weight_counterexample_is_minimal_and_exact():
    (example,) = bounds(load_scoring_rules(BROKEN / "score_above_weight.toml"), EXACT)
    (row,) = example.rows
    _, _, weight, target, actual, score = row
    assert (weight, target, actual, score) == ("0.1", "1", "1.001", "0.1001")


def test_the_same_seed_gives_the_same_counterexample():
    rules = load_scoring_rules(BROKEN / "le_wrong_way.toml")
    # No shrinking clock: on a loaded machine a clock would stop the two runs at different points.
    seeded = Budget(max_examples=30, seed=7, shrink_seconds=600)
    first = monotone(rules, seeded)
    second = monotone(rules, seeded)
    assert first == second
    assert first[0].rule == "formulas.le"


def test_symbolic_checks_derive_the_national_slope():
    rules = load_scoring_rules("national")
    unit, at_target, slope, bounds, below = check_formula(rules, Operator.LE)
    assert all(v.holds for v in (unit, at_target, slope, bounds, below))
    assert "-w/(s + 1)**2" in slope.detail


def test_symbolic_tolerance_band_is_reported_undecided_not_passed():
    results = symbolic_results(load_scoring_rules("province-20"))
    holds, examples, note = results["below_full"]
    assert holds is True and examples == []
    assert "formulas.eq" in note


def test_rule_kind_is_read_from_the_sections():
    assert rule_kind(shipped("scoring")[0]) == "scoring"
    assert rule_kind(shipped("validation")[0]) == "validation"


def test_a_file_of_neither_kind_is_a_rule_error(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text('title = "x"\n', encoding="utf-8")
    with pytest.raises(RuleError, match="评分规则集"):
        check(str(path), FAST)


def test_an_unsatisfiable_validation_rule_set_fails_instead_of_crashing(tmp_path):
    path = tmp_path / "core-heavy.toml"
    path.write_text('[ruleset]\nname = "core-heavy"\nextends = "national"\n\n[rules."taxonomy.core"]\nmin = 95\n',
                    encoding="utf-8")
    (report,) = check(str(path), Budget(max_examples=5, shrink_seconds=0))
    valid = _result(report, "valid")
    assert valid.holds is False
    assert "95" in valid.counterexamples[0].rows[0][0]
