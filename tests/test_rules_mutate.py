"""`perfeval rules mutate`: mutants generated from the rule files' structure, each gap the campaign
found closed by a check that kills the very mutant that revealed it, and the campaign itself
(on a handful of mutants here; the full run is marked slow)."""

from __future__ import annotations

import functools
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfeval.checks import load_ruleset
from perfeval.errors import RuleError
from perfeval.rulecheck import Budget
from perfeval.rulecheck._campaign import DETECTION, EQUIVALENT, KILLED, KILLED_AT_LOAD, load_notes, run_campaign
from perfeval.rulecheck._mutants import formula_variants, number_variants, scoring_mutants, to_toml, validation_mutants
from perfeval.rulesets import load_toml, rules_dir, shipped
from perfeval.scoring import load_scoring_rules

SCORING = rules_dir() / "scoring"
VALIDATION = rules_dir() / "validation"
QUICK = Budget(max_examples=10, shrink_seconds=0)


@functools.lru_cache(maxsize=None)
def _mutants(path: Path) -> dict:
    data = load_toml(path)
    found = scoring_mutants(data) if path.parent.name == "scoring" else validation_mutants(data)
    return {m.id: m for m in found}


def _write(tmp_path: Path, path: Path, mutant_id: str) -> Path:
    mutant = _mutants(path)[mutant_id]
    out = tmp_path / path.name
    out.write_text(to_toml(mutant.data), encoding="utf-8")
    return out



# ---- generating mutants ------------------------------------------------------------------

def test_numbers_are_nudged_in_their_last_place_negated_zeroed_and_multiplied():
    assert number_variants("0.005") == [("nudge", "0.006"), ("negate", "-0.005"), ("zero", "0"), ("times10", "0.05")]
    assert number_variants("0") == [("nudge", "1")]          # −0, 0 and 0 × 10 are the original


def test_formula_mutants_splice_the_source_and_keep_everything_else():
    changed = {(op, after) for op, _, after, _ in
               formula_variants("if_(actual >= target, weight, weight * Min(1, actual / target))",
                                ("weight", "actual", "target"))}
    assert ("flip", "<") in changed and ("mirror", "<=") in changed
    assert ("minmax", "Max") in changed
    assert ("variable", "target") in changed and ("times10", "10") in changed
    texts = [new for *_, new in formula_variants("weight * Min(1, rate)", ("weight", "rate"))]
    assert "weight * Max(1, rate)" in texts and "weight * Min((-1), rate)" in texts and "rate * Min(1, rate)" in texts


def test_every_mutant_of_every_shipped_rule_set_is_written_as_toml_that_reads_back():
    for path in shipped("scoring") + shipped("validation"):
        for mutant in _mutants(path).values():
            import tomllib

            assert tomllib.loads(to_toml(mutant.data)) == mutant.data, mutant.id


def test_the_campaign_covers_each_kind_of_mutation():
    operators = {m.operator for m in _mutants(SCORING / "national.toml").values()}
    assert operators >= {"nudge", "negate", "zero", "times10", "flip", "mirror", "minmax", "variable", "policy",
                         "grade_across", "band_across", "bracket", "remove"}
    chongqing = _mutants(VALIDATION / "chongqing.toml")
    assert "ruleset.extends [remove] national → （删除）" in chongqing
    assert "rules.taxonomy.department_core [remove] [rules.\"taxonomy.department_core\"] → （删除）" in chongqing


# ---- gaps the campaign found, each closed by a check that kills its mutant ----------------

@pytest.mark.parametrize("mutant_id, key, says", [
    # The example: 良 needs 95 and 优 90; a project with 100 points graded 良.
    ("grades.良 [grade_across] 80 → 95", "grades.良", "总分更高的项目会得到更差的等级"),
    ("grades.优 [grade_across] 90 → 75", "grades.良", "从高到低"),
    ("grades.良 [remove] 80 → （删除）", "grades", "缺少等级 良"),
    ("points.indicators [nudge] 90 → 91", "points.indicators", "之和应为自评表的总分 100"),
    ("points.execution [zero] 10 → 0", "points.indicators", "请改 points.indicators 或 points.execution"),
    ("over_achievement.threshold [zero] 0.5 → 0", "over_achievement.threshold", "写成 0 等于没有阈值"),
    ("over_achievement.threshold [times10] 0.5 → 5", "over_achievement.threshold", "百分数"),
    ("execution.threshold [times10] 0.9 → 9", "execution.threshold", "0.9 即 90%"),
    ("execution.threshold [zero] 0.9 → 0", "execution.threshold", "删去此键"),
    ("equal.tolerance [nudge] 0 → 1", "equal.tolerance", "实际完成值为 0 也算完成"),
])
def test_a_scoring_gap_is_refused_at_load_naming_the_key(tmp_path, mutant_id, key, says):
    path = _write(tmp_path, SCORING / "national.toml", mutant_id)
    with pytest.raises(RuleError) as caught:
        load_scoring_rules(path)
    text = caught.value.render()
    assert key in text and says in text


def test_tolerance_as_a_score_factor_is_refused_at_load(tmp_path):
    # With equal.tolerance = 0 this mutant scores every unmet ≥ indicator 0 — the strict rule set's
    # behaviour, reached by accident: it passed every property until tolerance was confined to comparisons.
    mutant = "formulas.ge [variable] weight（if_(actual >= target, weight, weight * actual / target)） → " \
             "tolerance（if_(actual >= target, weight, tolerance * actual / target)）"
    path = _write(tmp_path, SCORING / "national.toml", mutant)
    with pytest.raises(RuleError, match="formulas.ge：tolerance 是 = 指标的相对容差.*只能出现在比较中"):
        load_scoring_rules(path)


def test_an_unmet_property_kills_full_marks_for_unspent_budget(tmp_path):
    from perfeval.rulecheck._formulas import unmet_below_full

    path = _write(tmp_path, SCORING / "national.toml", "execution.formula [variable] rate（weight * Min(1, rate)） → "
                                                          "weight（weight * Min(1, weight)）")
    (example,) = unmet_below_full(load_scoring_rules(path), QUICK)
    assert example.rule == "execution.formula"
    _, weight, _, _, rate, score = example.rows[0]
    assert weight == score == "10" and float(rate) < 0.9


def test_an_unmet_property_kills_full_marks_outside_the_tolerance(tmp_path):
    from perfeval.rulecheck._formulas import unmet_below_full

    # national's = formula gives full marks at or above the target: right for met_when = at_least,
    # wrong once = must lie within the tolerance.
    path = _write(tmp_path, SCORING / "national.toml", "equal.met_when [policy] at_least → within_tolerance")
    (example,) = unmet_below_full(load_scoring_rules(path), QUICK)
    assert example.rule == "formulas.eq" and "within_tolerance" in example.note
    _, _, weight, target, actual, score = example.rows[0]
    assert float(actual) > float(target) and score == weight


@pytest.mark.parametrize("path, mutant_id, says", [
    # Each survived the campaign: generated documents carry exact amounts and defects far beyond any threshold.
    (VALIDATION / "national.toml", "rules.money.funds_mismatch.tolerance [zero] 0.005 → 0", "money.funds_mismatch.tolerance 应不小于 0.005"),
    (VALIDATION / "national.toml", "rules.budget.rounding.tolerance [zero] 0.005 → 0", "舍入误差报成不符"),
    (VALIDATION / "national.toml", "rules.goal.weaker.tolerance [times10] 0.1 → 1", "goal.weaker.tolerance 应在 0 与 1 之间"),
    (VALIDATION / "chongqing.toml", "rules.taxonomy.department_core.min_kinds [zero] 2 → 0", "min_kinds 应至少为 1"),
])
def test_a_validation_gap_is_refused_at_load_naming_the_key(tmp_path, path, mutant_id, says):
    with pytest.raises(RuleError) as caught:
        load_ruleset(_write(tmp_path, path, mutant_id))
    assert says in caught.value.render()


def test_a_weight_scale_property_kills_a_score_not_proportional_to_its_weight(tmp_path):
    from perfeval.rulecheck._formulas import weight_scale

    # Passed every other property: below the tolerance band it scores weight·(1 − weight), a share of
    # the weight that changes when the weight is rescaled (and 0 for any weight of 1 or more).
    mutant = "formulas.eq [variable] deviation（if_(deviation <= tolerance, weight, weight * Max(0, 1 - deviation))） → " \
             "weight（if_(deviation <= tolerance, weight, weight * Max(0, 1 - weight))）"
    rules = load_scoring_rules(_write(tmp_path, SCORING / "province-20.toml", mutant))
    (example,) = weight_scale(rules, QUICK)
    assert example.rule == "formulas.eq"
    (_, _, w1, t1, a1, s1), (_, _, w2, t2, a2, s2) = example.rows
    assert (t1, a1) == (t2, a2) and w1 != w2
    assert Fraction(s2) * Fraction(w1) != Fraction(s1) * Fraction(w2)


def test_an_over_deducts_property_kills_a_deduction_that_cancels_out(tmp_path):
    from perfeval.rulecheck._formulas import over_deducts

    # strict deducts for large over-achievement; with excess replaced by threshold the deduction is
    # weight·(threshold − threshold) = 0, which every bound and monotonicity property accepts.
    mutant = "over_achievement.formula [variable] excess（Max(0, score - weight * (excess - threshold))） → " \
             "threshold（Max(0, score - weight * (threshold - threshold))）"
    (example,) = over_deducts(load_scoring_rules(_write(tmp_path, SCORING / "strict.toml", mutant)), QUICK)
    ((_, weight, before, excess, after),) = example.rows
    assert example.rule == "over_achievement.formula" and before == after == weight and float(excess) > 0.5
    assert over_deducts(load_scoring_rules(SCORING / "strict.toml"), QUICK) == []


def test_the_shipped_variants_still_load():
    for path in shipped("scoring"):
        assert [g.name for g in load_scoring_rules(path).grades] == ["优", "良", "中", "差"]


# ---- the campaign --------------------------------------------------------------------------

def test_a_campaign_on_a_handful_of_mutants_kills_and_proves_equivalence(tmp_path):
    mutants = _mutants(SCORING / "national.toml")
    chosen = [
        mutants["grades.良 [grade_across] 80 → 95"],                 # refused at load
        mutants["display.places [remove] 2 → （删除）"],              # the default is 2: the same rules
        mutants["qualitative.formula [variable] share（weight * share） → weight（weight * weight）"],
    ]
    campaign = run_campaign(SCORING / "national.toml", "scoring", QUICK, notes={}, mutants=chosen)
    statuses = [o.status for o in campaign.outcomes]
    assert statuses == [KILLED_AT_LOAD, EQUIVALENT, KILLED]
    assert campaign.outcomes[2].by == "bounds"
    assert campaign.score == 1.0


def test_a_removed_validation_rule_changes_what_the_injectors_detect(tmp_path):
    mutants = _mutants(VALIDATION / "national.toml")
    chosen = [mutants['rules.weights.sum [remove] [rules."weights.sum"] → （删除）']]
    campaign = run_campaign(VALIDATION / "national.toml", "validation", QUICK, notes={}, mutants=chosen)
    (outcome,) = campaign.outcomes
    assert outcome.status == DETECTION and "weights.sum" in outcome.by


def test_every_note_names_a_mutant_the_campaign_generates():
    for (ruleset, mutant_id), (kind, why) in load_notes().items():
        kind_dir, name = ruleset.split("/")
        assert mutant_id in _mutants(rules_dir() / kind_dir / f"{name}.toml"), mutant_id
        assert kind in ("equivalent", "variant", "gap") and why


def test_the_mutate_command_reports_a_score_and_exit_code():
    from perfeval.cli.rules import rules

    result = CliRunner().invoke(rules, ["mutate", str(SCORING / "national.toml"), "--only", "grades.良 [grade_across] 80 → 95"],
                                catch_exceptions=False)
    assert "变异分数" in result.output
    assert result.exit_code == 0, result.output
    assert "载入时拒绝 1" in result.output and "变异分数 100.0%" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("path", shipped("scoring") + shipped("validation"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_full_campaign_leaves_no_unsorted_survivor(path):
    """Every survivor is sorted with a reason. Scoring rule sets kill at least 95% of the mutants that
    should die; validation rule sets keep gaps that need new injectors in perfeval.strategies (each
    says so in rules/mutation-notes.toml), so only the sorting is asserted for them."""
    campaign = run_campaign(path, path.parent.name, Budget(max_examples=30, shrink_seconds=0))
    assert [o.mutant.id for o in campaign.survivors if not o.kind] == []
    assert all(o.why for o in campaign.survivors)
    if path.parent.name == "scoring":
        assert campaign.score >= 0.95
