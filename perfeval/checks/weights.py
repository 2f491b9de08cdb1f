"""Weight checks: each table's 权重 add up to the rule set's total, and none is zero or negative."""

from __future__ import annotations

from decimal import Decimal

from ..findings import Severity
from ..judgement import note_split
from ..model import DepartmentTargetTable, Document, TargetTable
from .catalogue import NUMBER, NUMBER_MAP, Param, rule
from .context import Context
from .walk import Walk, run

SUM = rule(
    "weights.sum", "error", "项目绩效目标表权重合计",
    "{table} 各指标权重合计为 {total}，应为 {expected}",
    "自评满分 100 分 = 预算执行率 10 分 + 绩效指标 90 分（财预〔2020〕10号），故指标权重合计默认应为 90；"
    "指标占满 100 分的省份把 total 设为 100。",
    evidence=("total", "expected"),
    params=(Param("total", NUMBER, 90, "项目表指标权重应达到的合计"),),
)
DEPARTMENT_SUM = rule(
    "weights.department_sum", "error", "整体绩效目标表权重合计",
    "{table} 各指标权重合计为 {total}，应为 {expected}",
    "整体绩效目标表列出权重时，合计应为规则集规定的总分（默认 100）；表中未列权重时不检查。",
    evidence=("total", "expected"),
    params=(Param("total", NUMBER, 100, "整体表指标权重应达到的合计"),),
)
NONPOSITIVE = rule(
    "weights.nonpositive", "error", "权重为零或负数",
    "{table} 指标「{indicator}」的权重为 {weight}，应大于 0",
    "权重为零的指标不参与评分，负权重没有意义；应删去该指标或给出正的权重。",
    evidence=("weight",),
)
MISSING = rule(
    "weights.missing", "error", "缺少权重",
    "{table} 指标「{indicator}」未填写权重",
    "项目绩效目标表的每个指标都要有权重，否则无法算出合计，也无法自评打分。",
)
NO_COLUMN = rule(
    "weights.no_column", "warning", "表中没有权重",
    "{table} 的 {count} 个指标都没有权重{why}；应按规则集补上各指标权重（合计 {expected}）",
    "整张表没有权重时只报告这一条，不再逐行报告缺少权重、权重合计与一级指标分配。表样本身没有权重列"
    "（读取时记入表样的缺列）时只作提示：权重要在自评时另行确定。",
    evidence=("count", "why", "expected"),
)
LEVEL1_SHARE = rule(
    "weights.level1_share", "info", "一级指标权重分配",
    "{table} 一级指标「{level1}」权重合计为 {total}，原则上为 {expected}；如无特别理由，宜按此分配",
    "财预〔2020〕10号：产出 50、效益 30、满意度 10 为“原则上”的分配，偏离不算错误，仅作提示。",
    evidence=("level1", "total", "expected"),
    params=(Param("shares", NUMBER_MAP, {"产出指标": 50, "效益指标": 30, "满意度指标": 10},
                  "一级指标及其原则分值"),),
)

_ZERO = Decimal(0)  # a Decimal against the int 0 compares 2.5 times as slowly as against a Decimal


def check(document: Document, ctx: Context) -> None:
    run([walk(document, ctx)], document)


def walk(document: Document, ctx: Context) -> Walk:
    """Rule settings read once per run; per table, one pass over its rows."""
    project_total = SUM.params_in(ctx).total if ctx.on(SUM.code) else None
    department_total = DEPARTMENT_SUM.params_in(ctx).total if ctx.on(DEPARTMENT_SUM.code) else None
    shares = LEVEL1_SHARE.params_in(ctx).shares if ctx.on(LEVEL1_SHARE.code) else None
    near = _near_miss(ctx) if shares is not None else None
    notes = ctx.on("sense.form_note")

    def table(table: TargetTable) -> None:
        # One pass for the common table: every row weighted and positive, every 一级指标 a standard one.
        # It gives the sums `_check_table` and `_check_shares` would; any other table takes them.
        if shares is not None and (table.profile is None or not notes or not table.profile.notes):
            total, totals = _ZERO, dict.fromkeys(shares, _ZERO)  # (a Decimal is immutable: += binds a new one)
            count = 0
            for indicator in table.indicators:
                weight, level1 = indicator.weight, indicator.level1
                if weight is None or indicator.not_applicable or level1 not in totals or not weight > _ZERO:
                    break
                total += weight
                totals[level1] += weight
                count += 1
            else:
                if count and table.has("weight"):
                    if project_total is not None and total != project_total:
                        ctx.report(SUM.code, table=table, total=total, expected=project_total)
                    for level1, expected in shares.items():
                        if totals[level1] != expected:
                            ctx.report(LEVEL1_SHARE.code, table=table, level1=level1, total=totals[level1],
                                       expected=expected)
                    return
        if _check_table(table, ctx, SUM.code, project_total, True) and shares is not None:
            _check_shares(table, ctx, shares, near, notes)

    def department(table: DepartmentTargetTable) -> None:
        _check_table(table, ctx, DEPARTMENT_SUM.code, department_total, False)

    return Walk(table=table, department=department)


def _check_table(table: TargetTable | DepartmentTargetTable, ctx: Context, sum_code: str,
                 expected: Decimal | None, project_table: bool) -> bool:
    """Missing, non-positive and summed weights; `expected` is None when the sum rule is off.

    False when the table has no weights at all (reported once), so nothing more is checked.
    """
    total = Decimal(0)
    weighted = 0
    rows = [indicator for indicator in table.indicators if not indicator.not_applicable]
    if rows and (not table.has("weight") or all(indicator.weight is None for indicator in rows)):
        if project_table or not table.has("weight"):
            lacks = not table.has("weight")
            ctx.report(NO_COLUMN.code, table=table, count=len(rows), expected="—" if expected is None else expected,
                       why="（表样没有权重列）" if lacks else "", cap=Severity.INFO if lacks else None)
        return False
    for indicator in rows:
        weight = indicator.weight
        if weight is None:
            if project_table:
                ctx.report(MISSING.code, table=table, indicator=indicator.name, location=indicator.location)
            continue
        weighted += 1
        total += weight
        if weight <= 0:
            ctx.report(NONPOSITIVE.code, table=table, indicator=indicator.name, location=indicator.location, weight=weight)
    if expected is not None and (weighted or project_table) and rows:
        if total != expected:
            ctx.report(sum_code, table=table, total=total, expected=expected)
    return True


def _check_shares(table: TargetTable, ctx: Context, shares: dict, near, notes: bool) -> None:
    totals = dict.fromkeys(shares, Decimal(0))
    for indicator in table.indicators:
        level1 = indicator.level1
        if level1 not in totals and level1 and near is not None:
            level1 = near(level1)  # `效益指示` is reported once as a near-miss, and counted as 效益指标 here
        if level1 in totals and indicator.weight is not None:
            totals[level1] += indicator.weight
    noted = note_split(table.profile.notes) if table.profile is not None and notes else {}
    for level1, expected in shares.items():
        if level1 in noted:
            continue  # the form prints its own split: sense.form_note compares with it, once
        if totals[level1] != expected:
            ctx.report(LEVEL1_SHARE.code, table=table, level1=level1, total=totals[level1], expected=expected)


def _near_miss(ctx: Context):
    """The standard 一级指标 a misspelt one stands for, as taxonomy.near_miss reports it (None when that rule is off)."""
    from .taxonomy import NEAR_MISS, _closest

    if not ctx.on(NEAR_MISS.code) or not ctx.ruleset.taxonomy:
        return None
    similarity = float(NEAR_MISS.params_in(ctx).similarity)
    names = tuple(ctx.ruleset.taxonomy)
    return lambda name: _closest(name, names, similarity)
