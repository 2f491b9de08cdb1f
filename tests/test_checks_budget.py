"""Budget-table rules: sums with a rounding tolerance, balance, missing target tables, 项目属性."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .builders import CODE, Case, case_id, budget, document, only, project_list, sound_table

D = Decimal
COLUMNS = [("科目编码", False), ("科目名称", False), ("2026 年预算数/总计", True),
           ("2026 年预算数/基本支出", True), ("2026 年预算数/项目支出", True)]


def subjects(parent: str = "149.74", total: str = "199.74", child_total: str = "50.00") -> object:
    return budget("附件 2", COLUMNS, [
        ("合计", "", D(total), D(total) - D("50.00"), D("50.00")),
        ("208", "社会保障和就业支出", D(total), D(total) - D("50.00"), D("50.00")),
        ("20805", "行政事业单位养老支出", D(parent), D(parent), None),
        ("2080505", "基本养老保险缴费", D("73.22"), D("73.22"), None),
        ("2080506", "职业年金缴费", D("36.61"), D("36.61"), None),
        ("2080599", "其他养老支出", D("39.90"), D("39.90"), None),
        ("20807", "就业补助", D(child_total), None, D(child_total)),
        ("2080799", "其他就业补助支出", D("50.00"), None, D("50.00")),
    ])


def three_public(subtotal: str) -> object:
    columns = [("部门编码", False), ("部门名称", False), ("2025 年预算数/总计", True),
               ("2025 年预算数/因公出国(境)费用", True), ("2025 年预算数/公务用车购置及运行费/小计", True),
               ("2025 年预算数/公务用车购置及运行费/公务用车购置", True),
               ("2025 年预算数/公务用车购置及运行费/公务用车运行维护费", True), ("2025 年预算数/公务接待费", True)]
    return budget("附件 4", columns, [("", "合计", D(5), None, D(3), None, D(3), D(2)),
                                      ("426003", "社会保险事务中心", D(5), None, D(subtotal), None, D(3), D(2))])


def balance(expense: str) -> object:
    columns = [("收入/项目", False), ("收入/预算数", True), ("支出/支出科目", False), ("支出/合计", True)]
    return budget("附件 1", columns, [("收入总计", D("3151.93"), "支出总计", D(expense))])


LIST = project_list((CODE, "缴费补贴", "478"), ("50015226T000005550779", "生活和医疗补助", "175"))
ALL = ["3. 绩效目标设置情况。2026 年项目支出均实行了绩效目标管理，涉及一般公共预算当年财政拨款 2179.72 万元。"]

CASES = [
    Case("budget.sum", document(budgets=[subjects(child_total="58.76")]), document(budgets=[subjects()]),
         {"row": "20807 就业补助", "column": "2026 年预算数/总计", "total": D("58.76"), "parts": D("50.00"),
          "difference": D("8.76"), "count": 1}),
    Case("budget.rounding", document(budgets=[subjects(parent="149.74")]),
         document(budgets=[subjects(parent="149.73", total="199.73")]),
         {"row": "20805 行政事业单位养老支出", "total": D("149.74"), "parts": D("149.73"), "difference": D("0.01")}),
    Case("budget.column_sum", document(budgets=[three_public("35")]), document(budgets=[three_public("3")]),
         {"row": "426003 社会保险事务中心", "column": "2025 年预算数/公务用车购置及运行费/小计",
          "total": D(35), "parts": D(3), "difference": D(32)}),
    Case("budget.balance", document(budgets=[balance("3087.69")]), document(budgets=[balance("3151.93")]),
         {"income": D("3151.93"), "expense": D("3087.69"), "difference": D("64.24")}),
    Case("budget.missing_target_table", document([sound_table()], budgets=[LIST], narrative=ALL),
         document([sound_table()], budgets=[project_list((CODE, "缴费补贴", "478"))], narrative=ALL),
         {"name": "生活和医疗补助", "amount": D(175), "listed": 2, "tables": 1}),
    Case("budget.attribute", document([sound_table(start="2024 年")]), document([sound_table(start="2026 年")]),
         {"attribute": "新增", "start_year": 2024, "year": 2026, "expected": "延续"}),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_breaks_and_holds(case):
    case.verify()


def test_rounding_differences_are_never_errors():
    doc = document(budgets=[subjects(parent="149.74")])
    assert only(doc, "budget.sum") == []
    assert [f.severity.value for f in only(doc, "budget.rounding")] == ["info", "info"]


def test_rounding_tolerance_grows_with_the_number_of_parts():
    # Three children: up to 0.005 × 4 = 0.02 is rounding; 0.03 is not.
    assert only(document(budgets=[subjects(parent="149.75", total="199.75")]), "budget.sum") == []
    wrong = only(document(budgets=[subjects(parent="149.76", total="199.76")]), "budget.sum")
    assert [f.evidence["difference"] for f in wrong] == [D("0.03"), D("0.03")]


def test_total_row_is_compared_with_the_top_level_subjects():
    table = subjects()
    rows = list(table.rows)
    rows[0] = type(rows[0])(("合计", "", D("250.00"), D("149.74"), D("100.00")), location=rows[0].location)
    import attrs

    findings = only(document(budgets=[attrs.evolve(table, rows=rows)]), "budget.sum")
    assert {(f.evidence["row"], f.evidence["difference"]) for f in findings} == {("合计", D("50.26")), ("合计", D("50.00"))}


def test_missing_target_tables_are_not_claimed_when_the_text_does_not_say_all():
    doc = document([sound_table()], budgets=[LIST], narrative=["部分项目实行绩效目标管理。"])
    assert only(doc, "budget.missing_target_table") == []


@pytest.mark.parametrize("attribute, start, expected", [
    ("延续", "2026 年", "新增"), ("新增", "2025", "延续"), ("延续", "2024 年", None), ("新增", "2027 年", "（起始时间应不晚于预算年度）"),
])
def test_attribute_against_start_year(attribute, start, expected):
    found = only(document([sound_table(attribute=attribute, start=start)]), "budget.attribute")
    assert [f.evidence["expected"] for f in found] == ([expected] if expected else [])


def test_a_total_without_its_breakdown_is_not_compared():
    columns = [("收入/项目", False), ("收入/预算数", True), ("支出/支出科目", False), ("支出/合计", True),
               ("支出/一般公共预算", True)]
    doc = document(budgets=[budget("附件 1", columns, [("收入总计", D(5), "支出总计", D(5), None)])])
    assert only(doc, "budget.column_sum") == []
