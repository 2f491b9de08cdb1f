"""Small builders for the validation tests: a sound target table, then one change that breaks a rule.

`sound_table()` passes every national rule: weights 50 + 30 + 10 = 90, one core
indicator, standard 一级/二级 names, units everywhere, e.g. `发放人数 ≥ 100 人`.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from perfeval.checks import load_ruleset, validate_document
from perfeval.findings import Finding
from perfeval.model import (
    BudgetRow, BudgetTable, Column, DepartmentTargetTable, Document, Indicator, Location, Paragraph, TargetTable,
)
from perfeval.operators import parse_operator
from perfeval.units import parse_unit

CODE = "50015224T000004338562"


def ind(name: str, op: str = "≥", value=None, unit: str | None = None, weight="10",
        level1: str | None = "产出指标", level2: str | None = "数量指标", core: bool | None = False,
        text_value: str | None = None, line: int | None = None) -> Indicator:
    return Indicator(
        name=name, operator=parse_operator(op), value=None if value is None else Decimal(str(value)),
        unit=parse_unit(unit) if unit else None, weight=None if weight is None else Decimal(str(weight)),
        level1=level1, level2=level2, core=core, text_value=text_value,
        location=Location("t.yaml", line),
    )


def sound_indicators() -> list[Indicator]:
    return [
        ind("发放人数", "≥", 100, "人", 30, "产出指标", "数量指标", core=True),
        ind("发放准确率", "≥", 95, "%", 20, "产出指标", "质量指标"),
        ind("保障社会稳定", "定性", None, None, 30, "效益指标", "社会效益指标", text_value="达成预期指标"),
        ind("服务对象满意度", "≥", 90, "%", 10, "满意度指标", "服务对象满意度指标"),
    ]


def sound_table(**changes) -> TargetTable:
    fields = dict(label="附件 12-4", project_code=CODE, project_name="缴费补贴", indicators=sound_indicators(),
                  title="2026 年项目支出绩效目标表-4", funds=Decimal("478"), attribute="新增", start="2026 年",
                  goal="按时足额发放", overview="缴费补贴", basis="根据部门职能职责", location=Location("t.yaml", 10))
    fields.update(changes)
    return TargetTable(**fields)


def with_indicator(table: TargetTable, index: int, **changes) -> TargetTable:
    indicators = list(table.indicators)
    indicators[index] = attrs.evolve(indicators[index], **changes)
    return attrs.evolve(table, indicators=indicators)


def department(indicators: list[Indicator] | None = None) -> DepartmentTargetTable:
    if indicators is None:
        indicators = [
            ind("基本支出保障", "≤", 1000, "万元", 20, None, None, None),
            ind("宣传覆盖面", "≥", 95, "%", 20, None, None, None),
            ind("参保全覆盖", "定性", None, None, 20, None, None, None, text_value="优"),
            ind("制卡经费", "≤", 30, "万元", 20, None, None, None),
            ind("服务群众满意度", "≥", 95, "%", 20, None, None, None),
        ]
    return DepartmentTargetTable(label="附件 11", unit_name="社保中心", indicators=indicators,
                                 location=Location("t.yaml", 5))


def budget(label: str, columns: list[tuple[str, bool]], rows: list[tuple], title: str = "支出预算表") -> BudgetTable:
    def cell(value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Decimal(str(value))
        if isinstance(value, str) and value[:1].isdigit() and "." in value:
            return Decimal(value)
        return value

    return BudgetTable(label=label, title=title, columns=[Column(n, numeric) for n, numeric in columns],
                       rows=[BudgetRow(tuple(cell(c) for c in row), location=Location("t.yaml", 100 + i))
                             for i, row in enumerate(rows)])


def project_list(*projects: tuple[str, str, str]) -> BudgetTable:
    """附件 10 with (code, name, amount) rows and a matching 合计 row."""
    total = sum(Decimal(amount) for _, _, amount in projects)
    rows = [("", "", "合计", total)] + [(str(i + 1), "426003-社会保险事务中心", f"{code}-{name}", Decimal(amount))
                                       for i, (code, name, amount) in enumerate(projects)]
    return budget("附件 10", [("序号", False), ("预算单位", False), ("项目名称", False), ("合计", True)], rows,
                  title="项目支出明细表")


def document(tables=(), dept=None, budgets=(), narrative=(), year=2026) -> Document:
    return Document(unit_name="社保中心", year=year, target_tables=list(tables), department_table=dept,
                    budget_tables=list(budgets), narrative=[Paragraph(text) for text in narrative])


def findings(doc: Document, rules: str = "national") -> list[Finding]:
    return validate_document(doc, load_ruleset(rules))


def codes(doc: Document, rules: str = "national") -> set[str]:
    return {f.code for f in findings(doc, rules)}


def only(doc: Document, code: str, rules: str = "national") -> list[Finding]:
    return [f for f in findings(doc, rules) if f.code == code]


@attrs.frozen
class Case:
    """A rule, a document that breaks it (with the evidence expected) and one that does not."""

    code: str
    broken: Document
    fine: Document
    evidence: dict = attrs.field(factory=dict)
    rules: str = "national"

    def verify(self) -> None:
        hits = only(self.broken, self.code, self.rules)
        assert hits, f"{self.code} not reported; got {sorted(codes(self.broken, self.rules))}"
        assert any(all(f.evidence.get(k) == v for k, v in self.evidence.items()) for f in hits), \
            [f.evidence for f in hits]
        assert only(self.fine, self.code, self.rules) == []


def case_id(case: Case) -> str:
    return case.code
