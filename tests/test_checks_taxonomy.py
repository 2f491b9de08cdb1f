"""Structure rules: standard names and near misses, required categories, core indicators, duplicates."""

from __future__ import annotations

import attrs

from perfeval.model import FormProfile
import pytest

from .builders import Case, case_id, department, document, ind, only, sound_table, with_indicator

OK = document([sound_table()])

CASES = [
    Case("taxonomy.level1", document([with_indicator(sound_table(), 1, level1="质量类")]), OK,
         {"level1": "质量类"}),
    Case("taxonomy.level2", document([with_indicator(sound_table(), 0, level2="社会效益指标")]), OK,
         {"level1": "产出指标", "level2": "社会效益指标"}),
    Case("taxonomy.near_miss", document([with_indicator(sound_table(), 2, level2="可持续发展指标")]), OK,
         {"level": "二级指标", "found": "可持续发展指标", "suggestion": "可持续影响指标"}),
    Case("taxonomy.missing_level", document([with_indicator(sound_table(), 1, level2=None)]), OK,
         {"level": "二级指标"}),
    Case("taxonomy.required", document([attrs.evolve(sound_table(), indicators=sound_table().indicators[:3])]), OK,
         {"missing": "满意度指标"}),
    Case("taxonomy.core", document([with_indicator(sound_table(), 0, core=False)]), OK,
         {"count": 0, "expected": 1}),
    Case("taxonomy.no_core_column",
         document([attrs.evolve(sound_table(), indicators=[attrs.evolve(i, core=None) for i in sound_table().indicators],
                                profile=FormProfile("generic", lacks={"core"}))]), OK, {"expected": 1}),
    Case("taxonomy.duplicate", document([with_indicator(sound_table(), 1, name="发放人数")]), OK, {"count": 2}),
    Case("taxonomy.department_core",
         document(dept=department(list(department().indicators[:4]))), document(dept=department()),
         {"count": 4, "min_core": 5}, rules="chongqing"),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_breaks_and_holds(case):
    case.verify()


def test_satisfaction_as_second_level_is_a_near_miss_of_the_standard_name():
    doc = document([with_indicator(sound_table(), 3, level2="满意度指标")])
    (finding,) = only(doc, "taxonomy.near_miss")
    assert finding.evidence["suggestion"] == "服务对象满意度指标"
    assert only(doc, "taxonomy.level2") == []


def test_a_standard_second_level_under_the_wrong_first_level_is_not_a_near_miss():
    doc = document([with_indicator(sound_table(), 2, level1="成本指标", level2="经济效益指标")])
    assert [f.evidence["level2"] for f in only(doc, "taxonomy.level2")] == ["经济效益指标"]
    assert only(doc, "taxonomy.near_miss") == []


def test_near_miss_first_level_is_checked_against_its_corrected_name():
    doc = document([with_indicator(sound_table(), 0, level1="产出")])
    assert [f.evidence["suggestion"] for f in only(doc, "taxonomy.near_miss")] == ["产出指标"]
    assert only(doc, "taxonomy.level1") == [] and only(doc, "taxonomy.level2") == []


def test_cost_indicators_under_output_are_accepted_as_the_older_form():
    cost = ind("单位成本", "≤", 5, "万元", 20, "产出指标", "成本指标")
    doc = document([attrs.evolve(sound_table(), indicators=[*sound_table().indicators[:1], cost, *sound_table().indicators[2:]])])
    assert only(doc, "taxonomy.level2") == [] and only(doc, "taxonomy.near_miss") == []


def test_department_table_without_level_names_counts_kinds_from_unit_and_operator():
    # Five indicators, all percentages with ≥: one kind only.
    same = [ind(f"指标{i}", "≥", 90, "%", 20, None, None, None) for i in range(5)]
    (finding,) = only(document(dept=department(same)), "taxonomy.department_core", "chongqing")
    assert (finding.evidence["count"], finding.evidence["kinds"]) == (5, 1)


def test_department_core_flags_are_used_when_printed():
    flagged = [attrs.evolve(i, core=(n < 2)) for n, i in enumerate(department().indicators)]
    (finding,) = only(document(dept=department(flagged)), "taxonomy.department_core", "chongqing")
    assert finding.evidence["count"] == 2


def test_department_core_is_not_a_national_rule():
    assert only(document(dept=department(list(department().indicators[:2]))), "taxonomy.department_core") == []


def test_a_form_without_a_core_column_is_one_info_not_zero_core_indicators():
    from perfeval.findings import Severity

    from .builders import findings

    table = attrs.evolve(sound_table(), indicators=[attrs.evolve(i, core=None) for i in sound_table().indicators],
                         profile=FormProfile("generic", lacks={"core"}))
    found = [(f.code, f.severity) for f in findings(document([table])) if "core" in f.code]
    assert found == [("taxonomy.no_core_column", Severity.INFO)]
