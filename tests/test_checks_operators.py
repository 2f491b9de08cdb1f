"""Operator rules: what each 指标性质 needs, and which directions make sense for which indicators."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from perfeval.operators import Operator
from perfeval.units import parse_unit

from .builders import Case, case_id, department, document, ind, only, sound_table, with_indicator

D = Decimal
OK = document([sound_table()])


def _replace(index: int, indicator) -> object:
    indicators = list(sound_table().indicators)
    indicators[index] = indicator
    return document([attrs.evolve(sound_table(), indicators=indicators)])


CASES = [
    Case("operators.missing_value", document([with_indicator(sound_table(), 1, value=None)]), OK, {"operator": "≥"}),
    Case("operators.missing_unit", document([with_indicator(sound_table(), 0, unit=None)]), OK,
         {"operator": "≥", "value": D(100)}),
    Case("operators.qualitative_number", document([with_indicator(sound_table(), 2, value=D(100), unit=parse_unit("%"))]),
         OK, {"value": D(100), "unit": "%"}),
    Case("operators.quantity_capped", document([with_indicator(sound_table(), 0, operator=Operator.LE)]), OK,
         {"operator": "≤", "value": D(100), "unit": "人"}),
    Case("operators.cost_floor", _replace(1, ind("市级配套", "≥", 10, "万元", 20, "成本指标", "经济成本指标")),
         _replace(1, ind("市级配套", "≤", 10, "万元", 20, "成本指标", "经济成本指标")),
         {"operator": "≥", "value": D(10), "unit": "万元"}),
    Case("operators.percent_range", document([with_indicator(sound_table(), 1, value=D(120))]), OK,
         {"operator": "≥", "value": D(120)}),
    Case("operators.rate_unit", document([with_indicator(sound_table(), 1, unit=parse_unit("人"))]), OK,
         {"unit": "人"}),
    Case("operators.qualitative_share",
         document([with_indicator(sound_table(), 0, operator=Operator.QUALITATIVE, value=None, unit=None)]), OK,
         {"qualitative": D(60), "total": D(90), "share": D("66.7"), "limit": D(50)}),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_breaks_and_holds(case):
    case.verify()


@pytest.mark.parametrize("op, value, bad", [
    ("≥", 100, False), ("=", 100, False), (">", 99, False), ("<", 5, False),
    (">", 100, True), ("<", 0, True), ("≥", -1, True), ("≤", 101, True), ("=", 100.5, True),
])
def test_percent_range_knows_unreachable_targets(op, value, bad):
    doc = document([with_indicator(sound_table(), 1, operator=Operator(op), value=D(str(value)))])
    assert bool(only(doc, "operators.percent_range")) is bad


def test_second_level_cost_under_output_is_a_cost_indicator_too():
    doc = _replace(1, ind("单位成本", ">", 10, "万元", 20, "产出指标", "成本指标"))
    assert [f.evidence["operator"] for f in only(doc, "operators.cost_floor")] == [">"]


def test_qualitative_grade_text_is_not_a_number():
    assert only(OK, "operators.qualitative_number") == []
    assert sound_table().indicators[2].text_value == "达成预期指标"


def test_department_table_indicators_are_checked_without_level_names():
    dept = department([ind("服务群众满意度", "≥", None, "%", 50, None, None, None),
                       ind("宣传覆盖面", "≥", 95, None, 50, None, None, None)])
    doc = document(dept=dept)
    assert [f.indicator for f in only(doc, "operators.missing_value")] == ["服务群众满意度"]
    assert [f.indicator for f in only(doc, "operators.missing_unit")] == ["宣传覆盖面"]
    assert only(doc, "operators.cost_floor") == [] and only(doc, "operators.quantity_capped") == []


def test_a_reduction_rate_with_a_floor_caps_the_cost():
    # 湖北's `水电气消耗下降率 >= 2%` under 成本指标: at least 2% less spent is a cap, not a floor
    assert only(_replace(1, ind("水电气消耗下降率", "≥", 2, "%", 20, "产出指标", "成本指标")), "operators.cost_floor") == []
    assert only(_replace(1, ind("水电气消耗", "≥", 2, "万元", 20, "产出指标", "成本指标")), "operators.cost_floor")


def test_a_unit_the_form_printed_but_perfeval_does_not_know_is_not_missing():
    from perfeval.units import parse_unit

    assert parse_unit("微克/立方米").base == "千克/立方米"
    known = _replace(1, ind("PM2.5平均浓度", "≤", 30, "微克/立方米", 20, "效益指标", "生态效益指标"))
    assert only(known, "operators.missing_unit") == []
    unknown = _replace(1, attrs.evolve(ind("浓度", "≤", 30, None, 20, "效益指标", "生态效益指标"), printed="30某单位"))
    assert only(unknown, "operators.missing_unit") == []
    bare = _replace(1, ind("浓度", "≤", 30, None, 20, "效益指标", "生态效益指标"))
    assert [f.indicator for f in only(bare, "operators.missing_unit")] == ["浓度"]
