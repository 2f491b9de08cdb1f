"""Weight rules: totals per rule set, zero/negative and missing weights, first-level shares."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from .builders import Case, case_id, department, document, ind, only, sound_table, with_indicator

D = Decimal

CASES = [
    Case("weights.sum", document([with_indicator(sound_table(), 0, weight=D(20))]), document([sound_table()]),
         {"total": D(80), "expected": D(90)}),
    Case("weights.department_sum",
         document(dept=department([ind("甲", "≥", 1, "个", 50, None, None, None),
                                                     ind("乙", "≥", 1, "个", 40, None, None, None)])),
         document(dept=department()), {"total": D(90), "expected": D(100)}),
    Case("weights.nonpositive",
         document([with_indicator(with_indicator(sound_table(), 0, weight=D(0)), 1, weight=D(50))]),
         document([sound_table()]), {"weight": D(0)}),
    Case("weights.missing", document([with_indicator(sound_table(), 1, weight=None)]), document([sound_table()])),
    Case("weights.no_column",
         document([attrs.evolve(sound_table(), indicators=[attrs.evolve(i, weight=None) for i in sound_table().indicators])]),
         document([sound_table()]), {"count": 4, "why": ""}),
    Case("weights.level1_share",
         document([with_indicator(with_indicator(sound_table(), 0, weight=D(20)), 2, weight=D(40))]),
         document([sound_table()]), {"level1": "产出指标", "total": D(40), "expected": D(50)}),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_breaks_and_holds(case):
    case.verify()


def test_sound_documents_have_no_findings_at_all():
    from .builders import findings

    assert findings(document([sound_table()], dept=department())) == []
    assert findings(document([sound_table()], dept=department()), "chongqing") == []


def test_department_table_without_weights_is_not_summed():
    unweighted = department([ind("甲", "≥", 1, "个", None, None, None, None)])
    assert only(document(dept=unweighted), "weights.department_sum") == []
    assert only(document(dept=unweighted), "weights.missing") == []


def test_negative_weight_reports_its_value_and_the_wrong_total():
    table = with_indicator(sound_table(), 1, weight=D(-20))
    doc = document([table])
    assert [f.evidence["weight"] for f in only(doc, "weights.nonpositive")] == [D(-20)]
    assert [f.evidence["total"] for f in only(doc, "weights.sum")] == [D(50)]
    assert only(doc, "weights.sum")[0].project == table.project_code


def test_a_table_without_weights_is_one_finding_and_an_info_when_the_form_has_no_weight_column():
    from perfeval.model import FormProfile

    from .builders import findings

    bare = attrs.evolve(sound_table(), indicators=[attrs.evolve(i, weight=None) for i in sound_table().indicators])
    found = [f for f in findings(document([bare])) if f.code.startswith("weights.")]
    assert [(f.code, f.severity.value) for f in found] == [("weights.no_column", "warning")]
    profiled = attrs.evolve(bare, profile=FormProfile("generic", lacks={"weight"}))
    found = [f for f in findings(document([profiled])) if f.code.startswith("weights.")]
    assert [(f.code, f.severity.value) for f in found] == [("weights.no_column", "info")]


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ROWS = st.lists(st.tuples(st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标", "效益指示", "其他", None]),
                           st.sampled_from([None, D(-5), D(0), D("0.5"), D(10), D(20), D(30), D(50)]),
                           st.booleans()), max_size=7)


@given(_ROWS, st.sampled_from(["national", "chongqing"]), st.sampled_from([None, (), ("注：产出指标 50 分、效益指标 30 分",)]),
       st.booleans())
def test_the_one_pass_over_a_common_table_reports_what_the_two_checks_report(rows, rules, notes, no_weight_column):
    from perfeval.checks import load_ruleset
    from perfeval.checks.context import Context
    from perfeval.checks.walk import run
    from perfeval.checks import weights
    from perfeval.model import FormProfile

    indicators = [attrs.evolve(ind(f"指标{n}", weight=weight, level1=level1), not_applicable=na and n % 3 == 0)
                  for n, (level1, weight, na) in enumerate(rows)]
    profile = None if notes is None else FormProfile(name="generic", notes=notes,
                                                     lacks={"weight"} if no_weight_column else ())
    doc = document([sound_table(indicators=indicators, profile=profile)])
    ruleset = load_ruleset(rules)

    walked = Context(doc, ruleset)
    run([weights.walk(doc, walked)], doc)
    checked = Context(doc, ruleset)  # the general path: the two checks as the walk calls them for other tables
    shares = weights.LEVEL1_SHARE.params_in(checked).shares if checked.on(weights.LEVEL1_SHARE.code) else None
    total = weights.SUM.params_in(checked).total if checked.on(weights.SUM.code) else None
    table = doc.target_tables[0]
    if weights._check_table(table, checked, weights.SUM.code, total, True) and shares is not None:
        weights._check_shares(table, checked, shares, weights._near_miss(checked), checked.on("sense.form_note"))
    assert [(f.code, f.message, f.evidence) for f in walked.findings] == \
        [(f.code, f.message, f.evidence) for f in checked.findings]
