"""The audit's reviewer's-sense codes: each with a sheet that breaks it and the clean sheet that does not."""

from __future__ import annotations

import attrs
import pytest

from perfeval.scoring import load_scoring_rules
from perfeval.selfeval import Auditor
from perfeval.selfeval.model import FundsPart

from ._selfeval import CLEAN_FUNDS, CLEAN_ROWS, audit, codes, found, replace, row, sheet

PARTS = (FundsPart(label="当年财政拨款", initial="80", budget="80", spent="78"),
         FundsPart(label="上年结转资金", initial="20", budget="20", spent="20"))
FUNDS = attrs.evolve(CLEAN_FUNDS, parts=PARTS)


def test_the_clean_sheet_with_funds_parts_raises_nothing():
    assert codes(audit(sheet(funds=FUNDS))) == []


BROKEN = [
    ("sheet.unfilled", dict(rows=[attrs.evolve(r, actual="", score="") for r in CLEAN_ROWS], total="", grade="")),
    ("arith.funds_blank", dict(funds=attrs.evolve(FUNDS, initial="0"))),
    ("arith.funds_parts", dict(funds=attrs.evolve(FUNDS, parts=(attrs.evolve(PARTS[0], budget="70"), PARTS[1])))),
    ("arith.overspent", dict(funds=attrs.evolve(FUNDS, parts=(attrs.evolve(PARTS[0], spent="85"),
                                                            attrs.evolve(PARTS[1], spent="13"))))),
    ("arith.no_budget", dict(funds=attrs.evolve(CLEAN_FUNDS, initial="", budget="0"))),
    ("quality.cost_vs_funds", dict(rows=CLEAN_ROWS + (row("人均培训成本", "≤2000元", "0元", "0", "0", level1="成本指标",
                                                          level2="经济成本指标"),))),
    ("quality.template_text", dict(rows=replace(CLEAN_ROWS, 2, reason="对照年度目标，说明偏差原因（100字以内）"))),
    ("explain.placeholder", dict(rows=replace(CLEAN_ROWS, 0, actual="450人次", score="27", reason="无"))),
]


@pytest.mark.parametrize("code,changes", BROKEN, ids=[c for c, _ in BROKEN])
def test_each_code_breaks_on_its_fault(code, changes):
    result = audit(sheet(**changes))
    finding = found(result, code)
    assert finding.message and "应" in finding.message


def test_an_unfilled_sheet_is_one_finding_with_the_count_of_blank_cells():
    result = audit(sheet(rows=[attrs.evolve(r, actual="", score="") for r in CLEAN_ROWS], total="", grade=""))
    assert codes(result) == ["sheet.unfilled"]
    assert result.findings[0].evidence["blank"] == 8 + 1 + 0


def test_an_empty_rate_next_to_money_spent_is_reported_once():
    result = audit(sheet(funds=attrs.evolve(CLEAN_FUNDS, rate="")))
    assert found(result, "sheet.missing").evidence["field"] == "执行率"


def test_a_no_for_a_met_row_is_a_fine_answer():
    assert codes(audit(sheet(rows=replace(CLEAN_ROWS, 0, reason="无")))) == []


def test_a_deadline_target_met_by_the_same_text_or_an_earlier_date():
    deadline = row("完成时间", "2025年12月前", "2025年11月", "0", "0", level2="时效指标")
    same = row("发放时间", "按季度", "按季度", "0", "0", level2="时效指标")
    result = audit(sheet(rows=CLEAN_ROWS + (deadline, same)))
    assert codes(result) == []
    late = row("完成时间", "12月底前", "2026年2月", "0", "0", level2="时效指标")
    result = audit(attrs.evolve(sheet(rows=CLEAN_ROWS + (late,)), year="2025"))
    assert found(result, "explain.unmet").indicator == "完成时间"


def test_a_money_cost_in_line_with_the_money_spent_is_no_contradiction():
    # Found when the official form was read back: spent 11 万元, cost 11 万元 under a ≤ 50 万元 cap.
    spent = CLEAN_FUNDS.spent
    cost = row("项目成本", "≤500万元", f"{spent}万元", "0", "0", level1="成本指标", level2="经济成本指标")
    assert "quality.cost_vs_funds" not in codes(audit(sheet(rows=CLEAN_ROWS + (cost,))))
    none_spent = row("项目成本", "≤50万元", "0万元", "0", "0", level1="成本指标", level2="经济成本指标")
    assert "quality.cost_vs_funds" in codes(audit(sheet(rows=CLEAN_ROWS + (none_spent,))))


@pytest.mark.parametrize("target,actual,reported", [
    ("≤1808元", "0.18万元", False),  # a 人均 cost on its target, a tiny part of what the project spent
    ("≤2000元", "1500元", False),  # under its cap, not under half of it
    ("≤2000元", "900元", True),  # under half its cap while 98 万元 were spent
    ("≤2000元", "0元", True),
    ("≤20人次", "9人次", True),  # not money: compared with its target only
    ("≤20人次", "12人次", False),
])
def test_a_unit_cost_is_set_against_the_funds_only_when_far_under_its_target(target, actual, reported):
    # A per-person cost is always a tiny part of a project's spending: only an actual of 0 or under half its
    # target (docs/audit.md) contradicts money that was spent. Before, every 人均 cost of a project that spent
    # more than twice it was reported.
    cost = row("人均培训成本", target, actual, "0", "0", level1="成本指标", level2="经济成本指标")
    assert ("quality.cost_vs_funds" in codes(audit(sheet(rows=CLEAN_ROWS + (cost,))))) is reported


@pytest.mark.parametrize("target,actual,weight", [("≤2000元", "0元", "0"), ("≤2000元", "100元", "10"),
                                                  ("≤20人次", "2人次", "10")])
def test_a_cost_contradicting_the_money_spent_is_one_finding_not_also_an_unexplained_excess(target, actual, weight):
    # quality.cost_vs_funds marks the row's line (made where the check reports: the pass over the rows makes none) and
    # compare, later, says nothing more of it: no explain.over, on the row's first sheet nor on a sheet meeting it again
    cost = row("人均培训成本", target, actual, weight, weight, level1="成本指标", level2="经济成本指标")
    auditor = Auditor(load_scoring_rules("national"))
    for _ in range(2):
        found = codes(auditor.audit(sheet(rows=CLEAN_ROWS + (cost,))))
        assert "quality.cost_vs_funds" in found and "explain.over" not in found
