"""Money rules: cost caps within the project's funds; target tables against the project list."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from .builders import CODE, Case, budget, case_id, department, document, ind, only, project_list, sound_table

D = Decimal
LISTED = project_list((CODE, "缴费补贴", "478.00"), ("50015224T000004337668", "宣传经费", "25.00"))


def with_cost(value: str, unit: str = "万元") -> object:
    cost = ind("补贴区级配套", "≤", value, unit, 0, "成本指标", "经济成本指标")
    return document([attrs.evolve(sound_table(funds=D(11)), indicators=[*sound_table().indicators, cost])])


def _department_doc(amount: str) -> object:
    spending = budget("附件 8", [("科目编码", False), ("科目名称", False), ("合计", True), ("基本支出", True)],
                      [("", "合计", D("3151.93"), D("972.20"))], title="某单位部门支出总表")
    return document(dept=attrs.evolve(department(), budget=D(amount)), budgets=[spending])


CASES = [
    Case("money.cost_exceeds_funds", with_cost("50"), with_cost("11"),
         {"value": D(50), "unit": "万元", "funds": D(11), "value_wan": D(50)}),
    Case("money.funds_mismatch", document([sound_table(funds=D("469.3"))], budgets=[LISTED]),
         document([sound_table(funds=D("478"))], budgets=[LISTED]),
         {"funds": D("469.3"), "listed": D("478.00"), "difference": D("8.70"), "list_table": "附件 10"}),
    Case("money.name_mismatch", document([sound_table(project_name="缴费补贴工作")], budgets=[LISTED]),
         document([sound_table(project_name="缴费 补贴")], budgets=[LISTED]),
         {"name": "缴费补贴工作", "listed_name": "缴费补贴"}),
    Case("money.not_listed", document([sound_table(project_code="50015226T000005550779")], budgets=[LISTED]),
         document([sound_table()], budgets=[LISTED]), {"list_table": "附件 10"}),
    Case("money.department_budget", _department_doc("3000"), _department_doc("3151.93"),
         {"budget": D(3000), "total": D("3151.93"), "difference": D("151.93"), "budget_table": "附件 8"}),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_breaks_and_holds(case):
    case.verify()


def test_cost_in_yuan_is_converted_before_comparing_with_funds_in_wan():
    assert only(with_cost("110000", "元"), "money.cost_exceeds_funds") == []
    (finding,) = only(with_cost("120000", "元"), "money.cost_exceeds_funds")
    assert finding.evidence["value_wan"] == D(12)


def test_a_cent_of_rounding_between_tables_is_not_a_mismatch():
    assert only(document([sound_table(funds=D("478.01"))], budgets=[LISTED]), "money.funds_mismatch") == []
    assert only(document([sound_table(funds=D("478.02"))], budgets=[LISTED]), "money.funds_mismatch") != []


def test_without_a_project_list_nothing_is_compared():
    doc = document([sound_table(project_code="X", funds=D(1))])
    assert only(doc, "money.not_listed") == [] and only(doc, "money.funds_mismatch") == []

