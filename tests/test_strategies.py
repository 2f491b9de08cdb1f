"""perfeval.strategies: public surface, argument checks, validity by construction, injectors against the validator."""

from __future__ import annotations

import doctest
import importlib
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.errors import NonInteractiveExampleWarning

import perfeval.strategies as strategies
from perfeval.checks import load_ruleset, validate_document
from perfeval.findings import Severity
from perfeval.model import Document
from perfeval.operators import Operator
from perfeval.scoring import load_scoring_rules, score
from perfeval.scoring.engine import EXCEEDED, MET, NOT_APPLICABLE, QUALITATIVE, UNMET
from perfeval.strategies import (
    INJECTORS, InvalidArgument, actual_for, actuals, defective_documents, department_tables, documents, indicators,
    inject, target_tables,
)
from perfeval.strategies._vocab import DEPARTMENT_NAMES, NAMES
from perfeval.units import Dimension

NATIONAL = load_ruleset("national")
CHONGQING = load_ruleset("chongqing")
MODULES = ["perfeval.strategies", "perfeval.strategies._indicators", "perfeval.strategies._tables",
           "perfeval.strategies._documents", "perfeval.strategies._actuals", "perfeval.strategies._defects"]


def test_all_lists_exactly_the_public_names():
    public = {name for name in vars(strategies) if not name.startswith("_")}
    assert public == set(strategies.__all__)
    assert "target_tables" in strategies.__all__ and "documents" in strategies.__all__


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


def _pairs(name):
    return {name[i:i + 2] for i in range(len(name) - 1)}


def test_no_indicator_name_is_shadowed_by_another():
    """The goal check matches claims by shared character pairs; no name may be covered by another."""
    names = [n for pool in NAMES.values() for n, _ in pool] + [n for n, _ in DEPARTMENT_NAMES]
    assert len(names) == len(set(names))
    for a in names:
        for b in names:
            if a != b:
                assert not _pairs(a) <= _pairs(b), (a, b)


@pytest.mark.parametrize("call, argument", [
    (lambda: indicators(weight=-3), "weight"),
    (lambda: indicators(weight=1.5), "weight"),
    (lambda: indicators(operator="≥"), "operator"),
    (lambda: indicators(operator=Operator.QUALITATIVE, dimension=Dimension.MONEY), "dimension"),
    (lambda: target_tables("national", min_indicators=5, max_indicators=4), "max_indicators"),
    (lambda: target_tables("national", max_indicators=2), "max_indicators"),
    (lambda: target_tables("national", weight_total=0), "weight_total"),
    (lambda: target_tables(42), "ruleset"),
    (lambda: documents("national", min_projects=3, max_projects=1), "max_projects"),
    (lambda: inject(Document("x"), "no-such-defect"), "kind"),
    (lambda: inject(Document("x"), "cost_floor"), "document"),
    (lambda: inject(Document("x"), "department_few_core", "national"), "kind"),
    (lambda: defective_documents("national", kinds=("typo",)), "kinds"),
    (lambda: actuals("not a table"), "table"),
    (lambda: actuals(target_tables().example(), outcomes=("great",)), "outcomes"),
])
def test_bad_arguments_fail_at_the_call_naming_the_argument(call, argument):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        with pytest.raises(InvalidArgument) as caught:
            call()
    assert caught.value.argument == argument
    assert f"{argument}=" in str(caught.value)


def test_an_impossible_outcome_is_refused_with_the_possible_ones():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        row = indicators(operator=Operator.QUALITATIVE, weight=10).example()
    with pytest.raises(InvalidArgument, match="met、unmet、not_applicable"):
        actual_for(row, "P", "exceeded")


@given(indicators(dimension=Dimension.RATIO))
def test_percentage_indicators_stay_reachable(indicator):
    if indicator.operator.quantitative and indicator.unit.symbol == "%":
        assert 0 <= indicator.value <= 100
        assert not (indicator.operator is Operator.GT and indicator.value >= 100)
    assert indicator.operator is Operator.QUALITATIVE or indicator.unit.dimension is Dimension.RATIO


@given(st.sampled_from([NATIONAL, CHONGQING]).flatmap(lambda rs: st.tuples(st.just(rs), target_tables(rs))))
def test_target_tables_are_valid_by_construction(case):
    ruleset, table = case
    assert table.weight_total == Decimal(90)
    assert len({i.name for i in table.indicators}) == len(table.indicators)
    assert {"产出指标", "效益指标", "满意度指标"} <= {i.level1 for i in table.indicators}
    assert any(i.core for i in table.indicators)
    for indicator in table.indicators:
        if indicator.level2 in ("成本指标", "经济成本指标"):
            assert indicator.operator.upper_bound
    findings = validate_document(Document("单位", year=2026, target_tables=[table]), ruleset)
    assert [f.code for f in findings] == []


@given(target_tables("national", weight_total=100))
def test_weight_total_overrides_the_rule_set(table):
    assert table.weight_total == 100


@given(documents("chongqing", max_projects=2))
def test_documents_raise_no_finding_at_all(document):
    assert [f.code for f in validate_document(document, CHONGQING)] == []
    listed = document.budget_table("附件 9")
    assert [row.cells[1] for row in listed.rows[:-1]] == [t.funds for t in document.target_tables]
    assert listed.rows[-1].cells[1] == sum(t.funds for t in document.target_tables)


@given(department_tables("chongqing"))
def test_department_tables_meet_the_core_rule(table):
    assert table.weight_total == 100
    assert len(table.indicators) >= 5


def _found(injected, ruleset):
    findings = validate_document(injected.document, ruleset)
    defect = injected.defect
    hits = [f for f in findings if f.code == defect.code and f.table == defect.table
            and (defect.indicator is None or f.indicator == defect.indicator)]
    others = {f.code for f in findings if f.severity > Severity.INFO} - {defect.code}
    return hits, others


# One test per injector (about forty): a quarter of the profile's examples each (ci 10, dev 25,
# thorough 500) keeps the default suite under three minutes on two cores.
PER_INJECTOR = settings(max_examples=max(10, settings.default.max_examples // 4))


@pytest.mark.parametrize("kind", sorted(k for k in INJECTORS if k != "department_few_core"))
@PER_INJECTOR
@given(data=st.data())
def test_each_injected_defect_is_found_by_its_rule_and_nothing_else(kind, data):
    injected = data.draw(defective_documents(NATIONAL, kinds=(kind,), max_projects=1))
    assert injected.defect.code == INJECTORS[kind].code
    assert injected.defect.severity is NATIONAL.rules[injected.defect.code].severity
    hits, others = _found(injected, NATIONAL)
    assert hits, injected.defect
    assert others == set()


@given(defective_documents(CHONGQING, kinds=("department_few_core", "department_weights_off")))
def test_department_defects_are_found_under_chongqing(injected):
    hits, others = _found(injected, CHONGQING)
    assert hits and others == set()


def test_inject_changes_only_the_document_it_is_given():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        document = documents("national", min_projects=1, max_projects=1).example()
        injected = inject(document, "weights_off").example()
    table = injected.document.target_tables[0]
    assert table.weight_total != 90
    assert document.target_tables[0].weight_total == 90


_STATUS = {"met": MET, "unmet": UNMET, "exceeded": EXCEEDED, "not_applicable": NOT_APPLICABLE}


@pytest.mark.parametrize("rules_name", ["national", "province-20", "strict"])
@given(data=st.data())
def test_actual_outcomes_are_what_the_engine_says(rules_name, data):
    rules = load_scoring_rules(rules_name)
    table = data.draw(target_tables(NATIONAL, weight_total=rules.indicator_points))
    position = data.draw(st.integers(0, len(table.indicators) - 1))
    indicator = table.indicators[position]
    outcome = data.draw(st.sampled_from(strategies.outcomes_for(indicator, rules)))
    actual = data.draw(actual_for(indicator, table.project_code, outcome, rules=rules, other_units=True))
    others = data.draw(actuals(table, rules=rules, outcomes=("met",)))
    rest = tuple(a for a in others.actuals if a.indicator != indicator.name) + (actual,)
    sheet = score([table], type(others)(actuals=rest, funds=others.funds), rules)
    row = sheet.projects[0].indicators[position]
    if indicator.operator is Operator.QUALITATIVE and outcome != "not_applicable":
        assert row.status == QUALITATIVE
        assert ("unmet" in row.flags) == (outcome == "unmet")
    elif outcome == "exceeded" and rules.over_policy == "off":
        assert row.status == MET
    else:
        assert row.status == _STATUS[outcome]
    if outcome == "met" and indicator.operator.quantitative:
        assert row.score == row.weight


def test_the_documented_example_tests_run_and_pass():
    """The code block in docs/testing-rules.md, pointed at the shipped rule sets."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "testing-rules.md").read_text(encoding="utf-8")
    block = text.split("## Using the strategies in your own tests", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    code = block.replace('"my-validation.toml"', '"national"').replace('"my-province.toml"', '"strict"')
    namespace: dict = {}
    exec(compile(code, "docs/testing-rules.md", "exec"), namespace)
    tests = [name for name in namespace if name.startswith("test_")]
    assert len(tests) == 3
    for name in tests:
        namespace[name]()
