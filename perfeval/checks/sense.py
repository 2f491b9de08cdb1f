"""Reviewer's sense: the funds block, rows filed under the wrong category, template text,
money parts that do not add up, and the form's own printed split of points.

The vocabulary (what counts as a cost, a rate, a people count, a template phrase) lives
in `perfeval.judgement`, shared with the audit of 自评表. Rows marked not applicable
(`/`, 不适用) are skipped throughout.
"""

from __future__ import annotations

from decimal import Decimal

from .. import judgement
from ..findings import Severity
from ..model import DepartmentTargetTable, Document, Indicator, TargetTable
from ..units import parse_unit
from .catalogue import NUMBER, PATTERNS, Param, rule
from .context import Context, show
from .walk import Walk, run

FUNDS_TOTAL_BLANK = rule(
    "sense.funds_total_blank", "error", "资金总额为空或为 0 而其中各项有金额",
    "{table} 资金总额写 {total}，而其中各项（{parts}）合计 {sum} 万元；应把资金总额填为 {sum} 万元",
    "资金总额是其中 当年财政拨款、上年结转资金、其他资金 之和；总额留 0 或空白而分项有钱，是漏填总额。",
    evidence=("total", "parts", "sum"),
)
FUNDS_ROWS_SUM = rule(
    "sense.funds_rows_sum", "error", "资金总额与其中各项之和不符",
    "{table} 资金总额 {total} 万元，其中各项（{parts}）合计 {sum} 万元，相差 {difference} 万元；应核对资金总额或各分项",
    "其中各项之和应等于资金总额；容差为每个印出数字的尾数误差（每个数最多 tolerance 万元）。",
    evidence=("total", "parts", "sum", "difference", "tolerance"),
    params=(Param("tolerance", NUMBER, "0.005", "每个印出的金额最多差多少万元（尾数误差）"),),
)
MONEY_MISFILED = rule(
    "sense.money_misfiled", "warning", "金额或成本类指标归类不当",
    "{table} 指标「{indicator}」以 {unit} 计，是{kind}，却列在「{where}」下；应把这一行移到 成本指标（{expected}）",
    "成本、费用、资金等以金额计的指标应列在成本指标下；列在效益指标下会把花钱当成效益，列在数量指标下会把花钱当成产出。"
    "数量指标写的正是项目资金总额时只作提示。",
    evidence=("unit", "kind", "where", "expected"),
)
RATE_AS_QUANTITY = rule(
    "sense.rate_as_quantity", "info", "数量指标实为比率",
    "{table} 指标「{indicator}」是比率（{unit}），却列在数量指标下；{fix}",
    "率、比例、百分比衡量的是完成的质量或覆盖程度，通常列在质量指标下；数量指标应是个数、人数等绝对数。",
    evidence=("unit", "fix"),
)
NAME_IS_CATEGORY = rule(
    "sense.name_is_category", "warning", "三级指标照抄了类别名称",
    "{table} 三级指标写成「{indicator}」，这是类别名称（{category}）；应写明具体衡量什么（如 人均补助标准、培训人数）",
    "三级指标应是可衡量的具体内容；写成“经济成本指标”“数量指标”等类别名称，说明表格未填完整。",
    evidence=("category",),
)
UNIT_SUBJECT = rule(
    "sense.unit_subject", "warning", "度量单位与指标对象不符",
    "{table} 指标「{indicator}」{problem}；{fix}",
    "度量单位应与所计的对象相符：人数用 人 或 人次，不用 个；“人/年”这类按期计的数量是数量指标，不是质量指标。",
    evidence=("problem", "fix"),
)
ECOLOGY = rule(
    "sense.ecology", "info", "生态效益指标与项目无关",
    "{table} 列有生态效益指标「{indicator}」，但项目名称、概况与绩效目标都未涉及环境；应确认该指标是否适用，不适用的删去",
    "生态效益指标衡量对环境的影响；项目本身与环境无关时，此类指标往往是照模板套用。",
)
TEMPLATE_TEXT = rule(
    "sense.template_text", "warning", "单元格里留有填表说明",
    "{table} {field}中留有填表说明“{found}”；应删去说明文字，填写实际内容",
    "空白表样里的说明（如“（100字以内）”“请填写…”“对照年度目标…说明”）应在填写后删去；留着说明说明此栏可能没有认真填写。",
    evidence=("field", "found"),
    params=(Param("patterns", PATTERNS, list(judgement.TEMPLATE_PATTERNS), "视为填表说明的正则表达式"),),
)
TEXT_MONEY = rule(
    "sense.text_money", "error", "文字中的金额分项与总额不符",
    "{table} {field}写“{quote}”：其中各项合计 {sum}，与所写总额 {total} 不符；应改正总额或分项",
    "目标与概况文字列出的资金分项之和应等于同一句写的总额；容差为各数的尾数误差。",
    evidence=("field", "quote", "sum", "total"),
)
FORM_NOTE = rule(
    "sense.form_note", "warning", "分值与表样自身的注不符",
    "{table} 表注写明“{level1} {expected} 分”，而表中{level1}权重合计 {total}；应按表注调整权重",
    "表样印有自己的分值说明（如“注：产出指标 50 分、效益指标 30 分、满意度 10 分、预算执行率 10 分”）时，"
    "表中的权重应与之相符，此外仍按规则集检查。",
    evidence=("level1", "expected", "total"),
)

_LEVELS_BENEFIT = "效益"
_WAN = parse_unit("万元")


def check(document: Document, ctx: Context) -> None:
    run([walk(document, ctx)], document)


def walk(document: Document, ctx: Context) -> Walk:
    """Per table: the funds block, where each row belongs, the texts, the printed split of points.

    Rows and cell texts repeat across a province (the same 三级指标 names, units and levels
    in thousands of tables), so what a row or a cell can be reported for is worked out once per
    distinct row or text; a row with nothing to report costs a dictionary look-up.
    """
    patterns = TEMPLATE_TEXT.params_in(ctx).patterns if ctx.on(TEMPLATE_TEXT.code) else None
    template = _template_finder(tuple(patterns)) if patterns is not None else None
    text_money = ctx.on(TEXT_MONEY.code)
    quiet = _quiet_rows()
    plain_rows = _plain_rows(quiet, template)
    free_texts = _free_texts(template, text_money)

    def table(table: TargetTable) -> None:
        if table.funds_rows:
            _funds(table, table.funds, ctx)
        rows_plain = plain_rows(table.indicators)
        if not rows_plain:
            _rows(table, ctx, (table.project_name, table.overview, table.goal, table.basis), quiet)
        fields = (("项目概况", table.overview), ("立项依据", table.basis),
                  ("项目当年绩效目标", table.goal), ("中期目标", table.mid_goal))
        if not (rows_plain and free_texts(fields)):
            _texts(table, ctx, fields, template, text_money)
        if table.profile is not None:
            _note(table, ctx)

    def department(department: DepartmentTargetTable) -> None:
        _funds(department, department.budget, ctx)
        _rows(department, ctx, (department.unit_name, department.goal), quiet)
        _texts(department, ctx, (("当年整体绩效目标", department.goal),), template, text_money)
        _note(department, ctx)

    return Walk(table=table, department=department)


def _funds(table: TargetTable | DepartmentTargetTable, total: Decimal | None, ctx: Context) -> None:
    rows = [row for row in table.funds_rows if row.amount is not None]
    if not rows:
        return
    summed = sum((row.amount for row in rows), Decimal(0))
    parts = "、".join(f"{row.label} {show(row.amount)}" for row in rows)
    if not total:
        if summed:
            ctx.report(FUNDS_TOTAL_BLANK.code, table=table, total="空" if total is None else "0", parts=parts,
                       sum=summed)
        return
    if not ctx.on(FUNDS_ROWS_SUM.code) or len(rows) < 1:
        return
    tolerance = FUNDS_ROWS_SUM.params_in(ctx).tolerance * (len(rows) + 1)
    if abs(summed - total) > tolerance:
        ctx.report(FUNDS_ROWS_SUM.code, table=table, total=total, parts=parts, sum=summed,
                   difference=summed - total, tolerance=tolerance)




def check_rows(table: TargetTable, ctx: Context, quiet=None) -> None:
    """Where each row belongs (used by the audit on a 自评表's rows, as on a target table); `quiet` is
    a `quiet_rows()` kept across the tables of a run."""
    _rows(table, ctx, (table.project_name, table.overview, table.goal, table.basis), quiet)


def quiet_rows():
    """`quiet(indicator)` for `check_rows`: True where no rule of `_rows` can fire on the row, kept per distinct row."""
    return _quiet_rows()


def _rows(table: TargetTable | DepartmentTargetTable, ctx: Context, texts: tuple[str, ...], quiet=None) -> None:
    """Where each row belongs; `quiet(indicator)` says a row can have nothing to report (see `_quiet_rows`)."""
    funds = table.funds if isinstance(table, TargetTable) else table.budget
    environment = None
    for indicator in table.indicators:
        if indicator.not_applicable or (quiet is not None and quiet(indicator)):
            continue
        where = dict(table=table, indicator=indicator.name, location=indicator.location)
        category = judgement.repeats_category(indicator.name)
        if category:
            ctx.report(NAME_IS_CATEGORY.code, category=category, **where)
            continue
        _misfiled(indicator, funds, ctx, where)
        level2 = indicator.level2 or ""
        if level2 == "数量指标" and judgement.is_rate(indicator.name, indicator.unit):
            counted = any(word in indicator.name for word in ("数量", "人数", "个数", "次数", "户数"))
            fix = "应把指标值写成所计的人数或个数（如 ≥ 数字 人），不用 %" if counted else "应把这一行移到 质量指标"
            ctx.report(RATE_AS_QUANTITY.code, unit=indicator.unit.symbol if indicator.unit else "率", fix=fix, **where)
        if judgement.people_in_count_unit(indicator.name, indicator.unit):
            ctx.report(UNIT_SUBJECT.code, problem=f"计的是人，单位却写“{indicator.unit.symbol}”",
                       fix="应把度量单位改为 人（或 人次）", **where)
        elif level2 == "质量指标" and judgement.people_per_time(indicator.unit):
            ctx.report(UNIT_SUBJECT.code, problem=f"以“{indicator.unit.symbol}”计，是按期计的数量，却列在质量指标下",
                       fix="应把这一行移到 数量指标，或改写为比率", **where)
        if level2 == "生态效益指标":
            if environment is None:
                environment = judgement.mentions_environment(*texts)
            if not environment:
                ctx.report(ECOLOGY.code, **where)


def _quiet_rows():
    """`quiet(indicator)`: True when `_rows` can report nothing for the row, whatever the table.

    Every rule of `_rows` depends only on the row's name, unit, levels and operator (the
    funds and the table's texts only change what a reported row says), so the answer is
    kept per distinct such row for the run. Units are keyed by identity: the document holds
    them for the whole run.
    """
    memo: dict[tuple, bool] = {}

    def quiet(indicator: Indicator) -> bool:
        key = (indicator.name, id(indicator.unit), indicator.level1, indicator.level2, id(indicator.operator))
        answer = memo.get(key)
        if answer is None:
            answer = memo[key] = not _may_report(indicator)
        return answer

    return quiet


def _plain_rows(quiet, template):
    """`plain(indicators)`: True when no row can be reported, by `_rows` (`quiet`) nor for template
    text in its name or value (`template`, None when that rule is off).

    Kept per distinct row (what those depend on: name, unit, levels, operator, value text) for
    the run, so a table of rows already seen costs one look-up per row, where asking `quiet` and
    the template finder for each row cost three calls.
    """
    memo: dict[tuple, bool] = {}

    def plain(indicators) -> bool:
        for i in indicators:
            value = i.text_value or i.printed or ""
            key = (i.name, id(i.unit), i.level1, i.level2, id(i.operator), value)
            answer = memo.get(key)
            if answer is None:
                answer = memo[key] = quiet(i) and (template is None or not (template(i.name) or template(value)))
            if not answer:
                return False
        return True

    return plain


def _free_texts(template, text_money: bool):
    """`plain(fields)`: True when `_texts` can report nothing for these free texts: no character a template
    instruction starts with in any of them (one scan of the texts joined), no 其中 for the money parts."""
    first = judgement.template_starts(template.patterns) if template is not None else None

    def plain(fields: tuple[tuple[str, str], ...]) -> bool:
        if template is not None and first is None:
            return False
        joined = "\n".join([text or "" for _, text in fields])
        if text_money and "其中" in joined:
            return False
        return first is None or first.search(joined) is None

    return plain


def _may_report(indicator: Indicator) -> bool:
    """Whether any rule of `_rows` can fire on the row (the conditions of `_rows` and `_misfiled`, in one place)."""
    name, unit = indicator.name, indicator.unit
    level1, level2 = indicator.level1 or "", indicator.level2 or ""
    if judgement.repeats_category(name) or level2 == "生态效益指标":
        return True
    if judgement.is_money(unit) and (level2 == "数量指标" or (
            _LEVELS_BENEFIT in level1 and judgement.is_cost(name, unit, indicator.operator.upper_bound))):
        return True
    if level2 == "数量指标" and judgement.is_rate(name, unit):
        return True
    return judgement.people_in_count_unit(name, unit) or (level2 == "质量指标" and judgement.people_per_time(unit))


def _misfiled(indicator: Indicator, funds: Decimal | None, ctx: Context, where: dict) -> None:
    if not judgement.is_money(indicator.unit):
        return
    level1, level2 = indicator.level1 or "", indicator.level2 or ""
    cost = judgement.is_cost(indicator.name, indicator.unit, indicator.operator.upper_bound)
    if cost and _LEVELS_BENEFIT in level1:
        ctx.report(MONEY_MISFILED.code, unit=indicator.unit.symbol, kind="成本类指标", where=f"{level1}/{level2}",
                   expected="经济成本指标", **where)
    elif level2 == "数量指标":
        whole = funds is not None and indicator.value is not None \
            and indicator.quantity.to(_WAN) == funds
        ctx.report(MONEY_MISFILED.code, unit=indicator.unit.symbol, kind="金额" + ("（即项目资金总额）" if whole else ""),
                   where=f"{level1}/{level2}", expected="经济成本指标", cap=Severity.INFO if whole else None, **where)


def _texts(table: TargetTable | DepartmentTargetTable, ctx: Context, fields: tuple[tuple[str, str], ...],
           template, text_money: bool) -> None:
    """Template instructions left in the texts and cells (`template` is None when that rule is off),
    and money parts in the texts that do not add up."""
    if template is not None:
        for field, text in fields:
            found = judgement.template_text(text, template.patterns)
            if found:
                ctx.report(TEMPLATE_TEXT.code, table=table, field=field, found=found)
        in_values = []  # reported after every name, as before
        for i in table.indicators:
            found = template(i.name)
            if found:
                ctx.report(TEMPLATE_TEXT.code, table=table, field=f"指标「{i.name}」", found=found)
            found = template(i.text_value or i.printed or "")
            if found:
                in_values.append((i, found))
        for i, found in in_values:
            ctx.report(TEMPLATE_TEXT.code, table=table, field=f"指标「{i.name}」的指标值", found=found)
    if text_money:
        for field, text in fields:
            for quote, total, parts, _ in judgement.money_parts(text):
                ctx.report(TEXT_MONEY.code, table=table, field=field, quote=quote,
                           sum=judgement.yuan(sum(parts, Decimal(0))), total=judgement.yuan(total))


class _template_finder:
    """`judgement.template_text` of a cell, kept per distinct cell text for the run (names and
    values repeat from table to table; the free texts, which do not, are searched directly)."""

    def __init__(self, patterns: tuple[str, ...]):
        self.patterns = patterns
        self._found: dict[str, str | None] = {}

    def __call__(self, text: str) -> str | None:
        try:
            return self._found[text]
        except KeyError:
            found = self._found[text] = judgement.template_text(text, self.patterns)
            return found


def _note(table: TargetTable | DepartmentTargetTable, ctx: Context) -> None:
    if table.profile is None or not table.profile.notes or not ctx.on(FORM_NOTE.code):
        return
    if not table.has("weight") or all(i.weight is None for i in table.indicators):
        return
    split = judgement.note_split(table.profile.notes)
    totals: dict[str, Decimal] = {}
    for indicator in table.indicators:
        if indicator.level1 and indicator.weight is not None and not indicator.not_applicable:
            totals[indicator.level1] = totals.get(indicator.level1, Decimal(0)) + indicator.weight
    for level1, expected in split.items():
        if level1 == "预算执行率":
            continue
        name = next((n for n in totals if n.startswith(level1.removesuffix("指标"))), level1)
        total = totals.get(name, Decimal(0))
        if total != expected:
            ctx.report(FORM_NOTE.code, table=table, level1=level1, expected=expected, total=total)

