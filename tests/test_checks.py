"""The checks as a whole: every catalogued rule is tested, and the seed's known defects are found."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval.checks import load_ruleset, validate_document
from perfeval.checks.catalogue import validation_rules
from perfeval.readers import read_document

from . import test_checks_budget, test_checks_fields, test_checks_goal, test_checks_money, test_checks_operators
from . import test_checks_sense, test_checks_taxonomy, test_checks_weights
from .conftest import SEED

D = Decimal
CASE_MODULES = (test_checks_fields, test_checks_weights, test_checks_taxonomy, test_checks_operators, test_checks_goal,
                test_checks_money, test_checks_budget, test_checks_sense)


def test_every_rule_in_the_catalogue_has_a_breaking_and_a_passing_case():
    tested = {case.code for module in CASE_MODULES for case in module.CASES}
    assert tested == set(validation_rules())


def test_every_rule_runs_in_the_national_or_a_provincial_rule_set():
    running = set(load_ruleset("national").rules) | set(load_ruleset("chongqing").rules)
    assert running == set(validation_rules())


@pytest.fixture(scope="module")
def seed_findings():
    return validate_document(read_document(SEED), load_ruleset("national"))


def _find(findings, code, table=None):
    return [f for f in findings if f.code == code and (table is None or f.table == table)]


def test_seed_weight_sum_of_attachment_12_4(seed_findings):
    (finding,) = _find(seed_findings, "weights.sum")
    assert (finding.table, finding.project) == ("附件 12-4", "50015224T000004338562")
    assert (finding.evidence["total"], finding.evidence["expected"]) == (D(80), D(90))
    assert finding.location.file == str(SEED) and finding.location.line is not None


def test_seed_goal_1176_against_indicator_500(seed_findings):
    (finding,) = _find(seed_findings, "goal.weaker", "附件 12-4")
    assert finding.project == "50015224T000004338562"
    assert finding.indicator == "享受参保缴费补贴人数"
    assert (finding.evidence["goal_operator"], finding.evidence["goal_value"], finding.evidence["goal_unit"]) == (">", D(1176), "人")
    assert (finding.evidence["operator"], finding.evidence["value"], finding.evidence["unit"]) == (">", D(500), "人")
    assert finding.evidence["source"] == "项目当年绩效目标"


def test_seed_goal_60_wan_insured_against_indicator_20_wan(seed_findings):
    (finding,) = _find(seed_findings, "goal.weaker", "附件 12-14")
    assert (finding.indicator, finding.evidence["goal_value"], finding.evidence["value"]) == ("参保人员", D(60), D(20))


def test_seed_rounding_only_differences_are_not_errors(seed_findings):
    rounding = _find(seed_findings, "budget.rounding")
    assert rounding and all(f.severity.value == "info" and f.evidence["difference"] == D("0.01") for f in rounding)
    errors = _find(seed_findings, "budget.sum") + _find(seed_findings, "budget.column_sum")
    assert all(f.evidence["difference"] > D("0.05") for f in errors)


def test_seed_missing_target_tables_are_the_five_unlisted_projects(seed_findings):
    missing = _find(seed_findings, "budget.missing_target_table")
    assert sorted(f.project for f in missing) == [
        "50015224T000004339657", "50015225T000005009529", "50015226T000005550779",
        "50015226T000005668549", "50015226T000005668566"]
    assert {(f.evidence["listed"], f.evidence["tables"]) for f in missing} == {(22, 17)}


def test_seed_three_public_extraction_glitch_is_a_finding(seed_findings):
    glitch = _find(seed_findings, "budget.column_sum", "附件 4")
    assert {(f.evidence["total"], f.evidence["parts"]) for f in glitch} == {(D(35), D(3)), (D(5), D(37))}


def test_seed_missing_page_of_attachment_2_shows_as_sum_differences(seed_findings):
    medical = [f for f in _find(seed_findings, "budget.sum", "附件 2") if f.evidence["row"].startswith("21011")]
    assert {f.evidence["difference"] for f in medical} == {D("8.76")}


def test_seed_name_mismatch_and_cost_above_funds(seed_findings):
    (name,) = _find(seed_findings, "money.name_mismatch")
    assert (name.table, name.evidence["listed_name"]) == ("附件 12-6", "再安排-企业退休人员社会化管理服务专项补助")
    (cost,) = _find(seed_findings, "money.cost_exceeds_funds")
    assert (cost.table, cost.evidence["value_wan"], cost.evidence["funds"]) == ("附件 12-15", D(50), D(11))


from hypothesis import given  # noqa: E402

from .strategies import documents  # noqa: E402


@given(documents())
def test_any_document_gives_findings_not_a_crash(doc):
    for finding in validate_document(doc, load_ruleset("chongqing")):
        assert finding.code in validation_rules()
        assert finding.message and "{" not in finding.message


def test_the_shared_walk_gives_each_module_s_findings_in_its_own_order():
    # validate_document runs every module's Walk; the findings equal running the modules one by
    # one on their own, code by code and in order (the final sort is stable, so order matters).
    from perfeval.checks import CHECKS
    from perfeval.checks.context import Context
    from perfeval.findings import Finding

    from .conftest import ROOT

    paths = [SEED, ROOT / "tests" / "corpus" / "jiangsu-2019-nongye.txt", ROOT / "tests" / "corpus" / "henan-2023-jiaoyu-flat.xls"]
    for path in paths:
        document, rules = read_document(path), load_ruleset("chongqing")
        ctx = Context(document, rules)
        for module in CHECKS:
            module.check(document, ctx)
        alone = sorted(ctx.findings, key=Finding.sort_key)
        walked = validate_document(document, rules)
        assert [(f.code, f.message, f.location) for f in walked] == [(f.code, f.message, f.location) for f in alone]
        assert walked
