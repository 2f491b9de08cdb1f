"""Money checks: cost indicators within the project's funds; target tables agree with the project list."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..intervals import scale
from ..model import BudgetTable, Document, TargetTable
from ..units import Dimension, parse_unit
from ..judgement import stated_funds
from .catalogue import HALF_CENT, TEXTS, Param, rule
from .context import Context
from .walk import Walk, run
from .operators import COST_LEVELS
from .projects import ListedProject, project_list, same_name

_TOLERANCE = Param("tolerance", HALF_CENT, "0.005",
                   "每个印出数字的舍入误差上限（万元），两数之差允许 2 × tolerance（尾数误差）")
_COST_LEVELS = Param("levels", TEXTS, list(COST_LEVELS), "视为成本指标的一级或二级指标名称")

COST_EXCEEDS_FUNDS = rule(
    "money.cost_exceeds_funds", "error", "成本指标超过资金总额",
    "{table} 成本指标「{indicator}」为 {operator}{value}{unit}（{value_wan} 万元），超过项目资金总额 {funds} 万元；应核对度量单位与指标值",
    "项目的成本不可能超过它的全部资金；这类上限要么单位填错，要么照抄了别的项目。",
    evidence=("operator", "value", "unit", "value_wan", "funds"),
    params=(_COST_LEVELS,),
)
FUNDS_MISMATCH = rule(
    "money.funds_mismatch", "error", "资金总额与项目支出明细表不符",
    "{table} 资金总额 {funds} 万元，{list_table} 中同一项目为 {listed} 万元，相差 {difference} 万元；应核对两表的金额",
    "同一项目在绩效目标表与预算表中的金额应一致；只差舍入尾数（见 tolerance）的不报告。",
    evidence=("funds", "listed", "difference", "list_table"),
    params=(_TOLERANCE,),
)
NAME_MISMATCH = rule(
    "money.name_mismatch", "warning", "同一项目编码名称不同",
    "{table} 项目名称为「{name}」，{list_table} 中同一编码为「{listed_name}」；应统一项目名称，或核对项目编码",
    "同一项目编码在各表中应使用同一名称，否则难以核对，也可能是编码填错。",
    evidence=("name", "listed_name", "list_table"),
)
NOT_LISTED = rule(
    "money.not_listed", "warning", "项目不在项目支出明细表中",
    "{table} 的项目编码 {project} 不在 {list_table} 中；应核对项目编码及 {list_table} 是否缺页",
    "有绩效目标表的项目应在项目支出明细表中有预算；找不到时多为编码写错或明细表缺页。",
    evidence=("list_table",),
)

DEPARTMENT_BUDGET = rule(
    "money.department_budget", "error", "整体表预算数与部门支出总表不符",
    "{table} 部门支出预算数 {budget} 万元，{budget_table}（{title}）合计为 {total} 万元，相差 {difference} 万元；应核对两表的金额",
    "部门（单位）整体绩效目标表的预算数应等于同一文档部门支出总表的合计；只差舍入尾数的不报告。",
    evidence=("budget", "total", "difference", "budget_table", "title"),
    params=(_TOLERANCE, Param("titles", TEXTS, ["部门支出总表"], "用作比较的预算表标题（包含即可，按顺序取第一张）")),
)

_WAN = parse_unit("万元")
_MONEY = Dimension.MONEY


def check(document: Document, ctx: Context) -> None:
    run([walk(document, ctx)], document)


def walk(document: Document, ctx: Context) -> Walk:
    """The department's budget first; per project table, its costs against its funds and its
    funds and name against the project list."""
    if ctx.on(DEPARTMENT_BUDGET.code):
        _check_department_budget(document, ctx)
    levels = frozenset(COST_EXCEEDS_FUNDS.params_in(ctx).levels) if ctx.on(COST_EXCEEDS_FUNDS.code) else None
    in_wan: dict[int, tuple] = {}
    listed = {project.code: project for project in ctx.memo("projects", project_list)}
    list_table = next(iter(listed.values())).table if listed else None
    tolerance = FUNDS_MISMATCH.params_in(ctx).tolerance if listed and ctx.on(FUNDS_MISMATCH.code) else None

    def table(table: TargetTable) -> None:
        funds = table.funds or stated_funds(table.funds, table.funds_rows)  # (a total given is what it states)
        if levels is not None and funds is not None:
            _check_costs(table, funds, levels, in_wan, ctx)
        if not listed:
            return
        project = listed.get(table.project_code)
        if project is None:
            ctx.report(NOT_LISTED.code, table=table, list_table=list_table)
            return
        _compare_with_list(table, project, funds, tolerance, ctx)

    return Walk(table=table)


def _check_costs(table: TargetTable, funds: Decimal, levels: frozenset, in_wan: dict[int, tuple],
                 ctx: Context) -> None:
    """Cost indicators above the table's stated funds; `in_wan` keeps each unit's factor to 万元 for the run (by the
    unit's identity, the unit held beside it: a Fraction's numerator and denominator are Python properties)."""
    for indicator in table.indicators:
        unit = indicator.unit
        if unit is None or unit.dimension is not _MONEY or indicator.value is None:
            continue
        if indicator.level1 not in levels and indicator.level2 not in levels:
            continue
        held = in_wan.get(id(unit))
        if held is None or held[0] is not unit:
            to_wan = unit.factor / _WAN.factor
            held = in_wan[id(unit)] = (unit, to_wan, to_wan == 1)
        value_wan = indicator.value if held[2] else scale(indicator.value, held[1])  # (scale by 1 is the value)
        if value_wan > funds:
            if isinstance(value_wan, Fraction):
                value_wan = Decimal(value_wan.numerator) / Decimal(value_wan.denominator)
            ctx.report(COST_EXCEEDS_FUNDS.code, table=table, indicator=indicator.name, location=indicator.location,
                       operator=indicator.operator.value, value=indicator.value, unit=unit.symbol,
                       value_wan=value_wan, funds=funds)


def _compare_with_list(table: TargetTable, project: ListedProject, funds: Decimal | None, tolerance: Decimal | None,
                       ctx: Context) -> None:
    """The stated funds and the name against the project list; `tolerance` is None when the funds rule is off."""
    if tolerance is not None and funds is not None and project.amount is not None:
        difference = abs(funds - project.amount)
        if difference > 2 * tolerance:
            ctx.report(FUNDS_MISMATCH.code, table=table, funds=funds, listed=project.amount,
                       difference=difference, list_table=project.table)
    if table.project_name and not same_name(table.project_name, project.name):
        ctx.report(NAME_MISMATCH.code, table=table, name=table.project_name, listed_name=project.name,
                   list_table=project.table)


def _check_department_budget(document: Document, ctx: Context) -> None:
    department = document.department_table
    if department is None or department.budget is None:
        return
    for title in DEPARTMENT_BUDGET.params_in(ctx).titles:
        table = next((t for t in document.budget_tables if title in t.title), None)
        total = _total(table) if table is not None else None
        if total is None:
            continue
        difference = abs(department.budget - total)
        if difference > 2 * DEPARTMENT_BUDGET.params_in(ctx).tolerance:
            ctx.report(DEPARTMENT_BUDGET.code, table=department, budget=department.budget, total=total,
                       difference=difference, budget_table=table.label, title=table.title)
        return


def _total(table: BudgetTable) -> Decimal | None:
    """The first amount of the table's 合计 row."""
    for row in table.rows:
        if any(isinstance(c, str) and "".join(c.split()) == "合计" for c in row.cells):
            return next((c for c in row.cells if isinstance(c, Decimal)), None)
    return None
