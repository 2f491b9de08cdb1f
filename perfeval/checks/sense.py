"""Reviewer's sense: the funds block, rows filed under the wrong category, template text,
money parts that do not add up, and the form's own printed split of points.

The vocabulary (what counts as a cost, a rate, a people count, a template phrase) lives
in `perfeval.judgement`, shared with the audit of 自评表. Rows marked not applicable
(`/`, 不适用) are skipped throughout.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

try:
    from re import _parser as _sre_parser  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parser

from .. import judgement
from .._memo import Memo
from ..findings import Severity
from ..model import DepartmentTargetTable, Document, Indicator, TargetTable
from ..units import Dimension, parse_unit
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

    Most tables have nothing to report, and that is settled cheaply: whether `_rows` can report
    a row depends on its unit, levels and operator, worked out once per distinct such shape, and
    on a few tests of its name (`_shape`); template text and money parts are looked for in one
    scan of the table's texts, names and values joined (`_plain_tables`). Only a table where either
    may find something takes the general checks, which decide what is reported.
    """
    patterns = TEMPLATE_TEXT.params_in(ctx).patterns if ctx.on(TEMPLATE_TEXT.code) else None
    template = _template_finder(tuple(patterns)) if patterns is not None else None
    text_money = ctx.on(TEXT_MONEY.code)
    quiet = _quiet_rows()
    clean = _clean(template)
    plain_table = _plain_tables(clean)

    def table(table: TargetTable) -> None:
        if table.funds_rows:
            _funds(table, table.funds, ctx)
        fields = (table.overview, table.basis, table.goal, table.mid_goal)
        free = "\n".join([text or "" for text in fields])
        plain = plain_table(table.indicators, free)
        if not plain:
            _rows(table, ctx, (table.project_name, table.overview, table.goal, table.basis), quiet)
        if not (plain and not (text_money and "其中" in free)):
            _texts(table, ctx, tuple(zip(_FIELDS, fields)), template, text_money)
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
    kept per distinct such row for the run (the audit asks it for rows it has seen before).
    Units are keyed by identity and kept alive by the memo of shapes.
    """
    memo = Memo()  # bounded: where names never repeat, later rows are judged by their shape again
    shapes = _shapes()

    def quiet(indicator: Indicator) -> bool:
        key = (indicator.name, id(indicator.unit), indicator.level1, indicator.level2, id(indicator.operator))
        answer = memo.get(key)
        if answer is None:
            answer = memo.keep(key, shapes.quiet(indicator))
        return answer

    return quiet


class _shapes:
    """Whether `_rows` can report a row, decided per distinct shape (unit, levels, operator) and a few
    tests of the name: `_shape` says which. Units are keyed by identity; the memo keeps each alive."""

    def __init__(self):
        self.memo: dict[tuple, tuple | bool] = {}

    def tests(self, indicator: Indicator) -> tuple | bool:
        """`_shape` of the row: True, or the tests of its name."""
        key = (id(indicator.unit), indicator.level1, indicator.level2, id(indicator.operator))
        tests = self.memo.get(key)
        if tests is None:
            tests = self.memo[key] = _shape(indicator.unit, indicator.level1, indicator.level2,
                                            indicator.operator.upper_bound)
            self.memo[(key, "unit")] = indicator.unit  # (so its id is not reused while it is a key)
        return tests

    def quiet(self, indicator: Indicator) -> bool:
        """True when no rule of `_rows` can fire on the row."""
        return name_quiet(indicator.name, self.tests(indicator))


def row_shape(unit, level1: str | None, level2: str | None, operator) -> tuple | bool:
    """`_shape` of a row of this unit, these levels and this operator, for a caller that keeps it itself (the
    audit, per distinct row): True, or the tests of the name for `name_quiet`."""
    return _shape(unit, level1, level2, operator.upper_bound)


def name_quiet(name: str, tests: tuple | bool) -> bool:
    """True when no rule of `_rows` can fire on a row named `name` whose shape's `_shape` is `tests`."""
    if tests is True:
        return False
    last = name[-1:]
    if (last in _CATEGORY_ENDS or last.isspace()) and judgement.repeats_category(name):
        return False
    for test in tests:
        if test(name):
            return False
    return True


def _shape(unit, level1: str | None, level2: str | None, upper_bound: bool) -> tuple | bool:
    """The conditions of `_rows` and `_misfiled`, in one place, for a row of this unit, these levels and an
    operator capping from above or not: True when a rule fires whatever the row's name, else the tests of
    the name of which any passing makes a rule fire. A name repeating a category always does, whatever the
    shape: the callers ask that of every row (`judgement.repeats_category`, only of a name that can be one:
    it ends as a category does, or in a space, `_CATEGORY_ENDS`)."""
    level1, level2 = level1 or "", level2 or ""
    if level2 == "生态效益指标":
        return True
    tests: list = []
    if judgement.is_money(unit):
        if level2 == "数量指标":
            return True
        if _LEVELS_BENEFIT in level1:
            if judgement.is_cost("", unit, upper_bound):  # a cap is a cost, whatever the name
                return True
            tests.append(partial(_cost_name, unit=unit))
    if level2 == "数量指标":
        if judgement.is_rate("", unit):  # a rate by its unit, whatever the name
            return True
        tests.append(partial(judgement.is_rate, unit=unit))
    if level2 == "质量指标" and judgement.people_per_time(unit):
        return True
    if unit is not None and unit.dimension is Dimension.COUNT:  # (the unit `people_in_count_unit` asks for)
        tests.append(partial(judgement.people_in_count_unit, unit=unit))
    return tuple(tests)


# The last characters of the category names: a name whose spaces dropped is one (`judgement.repeats_category`)
# ends in one of them, or in a space.
_CATEGORY_ENDS = frozenset(name[-1] for name in judgement.CATEGORY_NAMES)


def _cost_name(name: str, unit) -> bool:
    return judgement.is_cost(name, unit, False)


_FIELDS = ("项目概况", "立项依据", "项目当年绩效目标", "中期目标")
_MEMO_ROWS = 1 << 17  # distinct rows kept by `_plain_tables` (a row not kept is only judged again)
_MEMO_TRIAL = 4096  # rows `_plain_tables` looks up before it asks whether its memo pays


def _plain_tables(clean):
    """`plain(indicators, free)`: True when neither `_rows` nor the template rule can report anything in the
    table: no row can be reported (`_shapes`), no template instruction in a name, a value or the free
    texts `free` (`clean`).

    A row is judged by its shape and a few tests of its name; the names and values of the rows not
    known to be plain are scanned for template text once, joined with the free texts. Rows judged
    plain are kept for the run by what that depends on (name, unit, levels, operator, value text),
    so a province's repeated rows cost a look-up each; where rows do not repeat (the first
    `_MEMO_TRIAL` rows found fewer than one in four seen before) the memo is dropped, since keeping
    and looking up each row then costs more than judging it. A reader gives a repeated row as one object
    (readers._fastjson: one Indicator per distinct row text), so the rows kept are also kept by identity
    (`same`: the object itself beside its id), and such a row met again costs an id look-up, not its key.
    """
    seen: set[tuple] | None = set()
    same: dict[int, Indicator] = {}  # id -> each row kept in `seen` (the object: compared by identity)
    looked = hits = 0
    shapes = _shapes()
    memo, shape_of = shapes.memo, shapes.tests
    repeats_category = judgement.repeats_category

    def plain(indicators, free: str) -> bool:
        nonlocal seen, looked, hits
        new = None
        if seen is not None:
            looked += len(indicators)
        for i in indicators:
            if seen is not None:
                if same.get(id(i)) is i:
                    hits += 1
                    continue
                value = i.text_value or i.printed or ""
                key = (i.name, id(i.unit), i.level1, i.level2, id(i.operator), value)
                if key in seen:
                    hits += 1
                    continue
            else:
                value = i.text_value or i.printed or ""
            tests = memo.get((id(i.unit), i.level1, i.level2, id(i.operator)))
            if tests is None:
                tests = shape_of(i)
            if tests is True:
                return False
            name = i.name
            last = name[-1:]
            if (last in _CATEGORY_ENDS or last.isspace()) and repeats_category(name):
                return False
            for test in tests:
                if test(name):
                    return False
            if new is None:
                new = [name, value]
            else:
                new.append(name)
                new.append(value)
        if new is None:
            return clean(free)
        new.append(free)
        if not clean("\n".join(new)):
            return False  # (the general checks decide)
        if seen is not None:
            if looked >= _MEMO_TRIAL and hits * 4 < looked:
                seen = None
                same.clear()
            elif len(seen) < _MEMO_ROWS:
                seen.update([(i.name, id(i.unit), i.level1, i.level2, id(i.operator), i.text_value or i.printed or "")
                             for i in indicators])
                if len(same) < _MEMO_ROWS:
                    same.update(zip(map(id, indicators), indicators))
        return True

    return plain


def _clean(template):
    """`clean(text)`: True when `text` (texts joined by newlines) holds no template instruction (always,
    when that rule is off); False may also mean the patterns could not be ruled out.

    A match starts where `judgement.template_starts` matches; the patterns are tried only where it
    does (each place in turn: its matches may overlap). Joining texts hides no match of a pattern that
    looks at nothing outside it (`_local`); for any other, a start alone answers False.
    """
    if template is None:
        return lambda text: True
    regex, first = judgement._compiled(template.patterns)
    if first is None:
        return lambda text: False
    if not _local(template.patterns):
        return lambda text: first.search(text) is None

    def clean(text: str) -> bool:
        start = first.search(text)
        while start is not None:
            at = start.start()
            if regex.match(text, at):
                return False
            start = first.search(text, at + 1)
        return True

    return clean


def _local(patterns: tuple[str, ...]) -> bool:
    """True when no pattern looks outside what it matches (no anchor, word boundary or lookaround): then a
    text's match is a match at the same place of any text it is part of, so joining texts hides none."""
    def ops(node):
        if isinstance(node, _sre_parser.SubPattern):
            for op, argument in node:
                yield str(op)
                yield from ops(argument)
        elif isinstance(node, (list, tuple)):
            for item in node:
                yield from ops(item)

    try:
        return not any(op in ("AT", "ASSERT", "ASSERT_NOT") for pattern in patterns
                       for op in ops(_sre_parser.parse(pattern)))
    except Exception:  # noqa: BLE001 - the parser's internals are no contract: then assume it is not
        return False


def _may_report(indicator: Indicator) -> bool:
    """Whether any rule of `_rows` can fire on the row (see `_shape`)."""
    return not _shapes().quiet(indicator)


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

