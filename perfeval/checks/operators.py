"""Operator sanity: what each 指标性质 needs (a number and a unit, or neither) and which directions make sense."""

from __future__ import annotations

from decimal import Decimal

from ..judgement import is_reduction
from ..limits import quantize
from ..model import DepartmentTargetTable, Document, TargetTable
from ..operators import Operator
from ..units import Dimension
from .catalogue import RATIO, TEXTS, Param, rule
from .context import Context
from .walk import Walk, run

COST_LEVELS = ("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标")

MISSING_VALUE = rule(
    "operators.missing_value", "error", "定量指标缺少指标值",
    "{table} 指标「{indicator}」指标性质为 {operator}，但未填写数值指标值",
    "≥ ≤ = > < 是定量比较，必须有数值才能在年终比较实际完成值。",
    evidence=("operator",),
)
MISSING_UNIT = rule(
    "operators.missing_unit", "error", "定量指标缺少度量单位",
    "{table} 指标「{indicator}」指标值为 {operator}{value}，但未填写度量单位",
    "没有度量单位的数值无法与实际完成值或项目目标比较（人还是万人？元还是万元？）。",
    evidence=("operator", "value"),
)
QUALITATIVE_NUMBER = rule(
    "operators.qualitative_number", "warning", "定性指标带有数值或单位",
    "{table} 指标「{indicator}」指标性质为定性，却填写了数值或单位（{value}{unit}）；应删去数值，或把指标性质改为 ≥、≤ 或 =",
    "定性指标按等级评价，不带数值和单位；带数值的应改为定量指标（≥ ≤ = 等）。",
    evidence=("value", "unit"),
)
QUANTITY_CAPPED = rule(
    "operators.quantity_capped", "warning", "数量指标设了上限",
    "{table} 数量指标「{indicator}」为 {operator}{value}{unit}：数量产出通常以 ≥ 或 = 承诺，设上限值得复核；如非有意封顶，应改用 ≥ 或 =",
    "产出数量是承诺要达到的量，应为 ≥ 或 =；用 ≤ 或 < 封顶没有明文禁止，故为警告。",
    evidence=("operator", "value", "unit"),
    params=(Param("levels", TEXTS, ["数量指标"], "视为数量指标的二级指标名称"),),
)
COST_FLOOR = rule(
    "operators.cost_floor", "error", "成本指标未设上限",
    "{table} 成本指标「{indicator}」为 {operator}{value}{unit}，成本指标应以 ≤ 控制上限",
    "成本指标表达的是支出上限，应为 ≤（或 <）；≥ 或 > 等于承诺多花钱。以降幅计的成本指标"
    "（能耗下降率 ≥ 2%、节约率）本身就是上限，不报告。",
    evidence=("operator", "value", "unit"),
    params=(Param("levels", TEXTS, list(COST_LEVELS), "视为成本指标的一级或二级指标名称"),),
)
PERCENT_RANGE = rule(
    "operators.percent_range", "error", "百分比超出 0–100",
    "{table} 指标「{indicator}」为 {operator}{value}%，百分比指标值应在 0 到 100 之间且可以达到",
    "比率不能超过 100% 或低于 0%；“> 100%”“< 0%”这样的目标永远无法完成。",
    evidence=("operator", "value"),
)
RATE_UNIT = rule(
    "operators.rate_unit", "warning", "比率类指标单位不是百分比",
    "{table} 指标「{indicator}」看来是比率或满意度，但度量单位为 {unit}；应核对度量单位（通常为 %）",
    "名称以“率”结尾或含“满意度”的指标，通常以 % 计量；其他单位往往是填错了列。",
    evidence=("unit",),
)

QUALITATIVE_SHARE = rule(
    "operators.qualitative_share", "info", "定性指标占比过高",
    "{table} 定性指标权重 {qualitative} 占指标权重 {total} 的 {share}%，超过 {limit}%；宜将部分定性指标量化",
    "绩效目标应尽量量化；定性指标权重占比过高时，年终评价主要靠主观判断。",
    evidence=("qualitative", "total", "share", "limit"),
    params=(Param("max_share", RATIO, "0.5", "定性指标权重占比的上限（0–1）"),),
)

_RATE_DIMENSIONS = (Dimension.RATIO, Dimension.SCORE)


def check(document: Document, ctx: Context) -> None:
    run([walk(document, ctx)], document)


def walk(document: Document, ctx: Context) -> Walk:
    """The per-indicator rules on each table's rows (the 部门整体 table's first, as reported before),
    and the share of qualitative weight per project table."""
    rows = _indicator_rules(ctx)
    if document.department_table is not None:
        rows(document.department_table)
    limit = QUALITATIVE_SHARE.params_in(ctx).max_share if ctx.on(QUALITATIVE_SHARE.code) else None

    def table(table: TargetTable) -> None:
        rows(table)
        if limit is not None:
            # the total weight and the qualitative rows' in one pass, added in the order weight_total adds them
            total = qualitative = _ZERO
            for i in table.indicators:
                weight = i.weight
                if weight is not None:
                    total += weight
                    if i.operator is _QUALITATIVE:
                        qualitative += weight
            if total > _ZERO and qualitative > total * limit:
                share = quantize(qualitative * 100 / total, Decimal("0.1"))
                ctx.report(QUALITATIVE_SHARE.code, table=table, qualitative=qualitative, total=total,
                           share=share, limit=limit * 100)

    return Walk(table=table)


def _indicator_rules(ctx: Context):
    """Per-indicator rules; the place and the shown values are built only for an indicator that is reported.

    A province has hundreds of thousands of indicators and almost all pass, so
    building two dicts per indicator up front cost more than the checks.
    """
    quantity_levels = frozenset(QUANTITY_CAPPED.params_in(ctx).levels) if ctx.on(QUANTITY_CAPPED.code) else frozenset()
    cost_levels = frozenset(COST_FLOOR.params_in(ctx).levels) if ctx.on(COST_FLOOR.code) else frozenset()
    hundred = Decimal(100)

    def rows(table: TargetTable | DepartmentTargetTable) -> None:
        for indicator in table.indicators:
            if indicator.not_applicable:
                continue  # a row marked /, 无 or 不适用 is neither missing nor judged
            op = indicator.operator
            value, unit = indicator.value, indicator.unit
            if op is _QUALITATIVE:
                if value is not None or unit is not None:
                    ctx.report(QUALITATIVE_NUMBER.code, value=value if value is not None else "",
                               unit=unit.symbol if unit else "", **_where(table, indicator))
                continue
            if indicator.deadline is not None:
                continue  # a 时效 target written as a date or schedule (2025年12月前, 按季度) has no number to check
            if value is None:
                ctx.report(MISSING_VALUE.code, operator=op.value, **_where(table, indicator))
            elif unit is None and indicator.printed is None:
                # (a unit the form printed but perfeval does not know is kept in `printed`: not missing)
                ctx.report(MISSING_UNIT.code, operator=op.value, value=value, **_where(table, indicator))
            if op is _GE or op is _GT:
                capped = False
                floored = (indicator.level1 in cost_levels or indicator.level2 in cost_levels) \
                    and not is_reduction(indicator.name)  # `能耗下降率 ≥ 2%` caps the cost
            elif op is _LE or op is _LT:
                capped, floored = indicator.level2 in quantity_levels, False
            else:
                capped = floored = False
            if capped or floored:
                shown = dict(operator=op.value, value=value if value is not None else "", unit=unit.symbol if unit else "")
                if capped:
                    ctx.report(QUANTITY_CAPPED.code, **shown, **_where(table, indicator))
                if floored:
                    ctx.report(COST_FLOOR.code, **shown, **_where(table, indicator))
            if unit is None:
                continue
            if unit.symbol == "%" and value is not None:
                if value < _ZERO or value > hundred or (op is _GT and value >= hundred) or (op is _LT and value <= _ZERO):
                    ctx.report(PERCENT_RANGE.code, operator=op.value, value=value, **_where(table, indicator))
            elif unit.dimension not in _RATE_DIMENSIONS and (indicator.name.endswith("率") or "满意度" in indicator.name):
                ctx.report(RATE_UNIT.code, unit=unit.symbol, **_where(table, indicator))

    return rows


_QUALITATIVE, _GE, _GT, _LE, _LT = Operator.QUALITATIVE, Operator.GE, Operator.GT, Operator.LE, Operator.LT
_ZERO = Decimal(0)  # (against the int 0 a Decimal compares 2.5 times as slowly)


def _where(table, indicator) -> dict:
    return dict(table=table, indicator=indicator.name, location=indicator.location)
