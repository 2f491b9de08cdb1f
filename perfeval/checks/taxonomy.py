"""Structure checks: standard 一级/二级 names, required categories, core indicators, duplicates.

The taxonomy itself is data in the rule set (`[taxonomy]`), so a province that
uses other names ships a rule file, not code. Department-level tables carry no
一级/二级 names; their checks classify indicators from unit and operator instead.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..model import DepartmentTargetTable, Document, Indicator, TargetTable
from ..units import Dimension
from .catalogue import AT_LEAST_ONE, RATIO, TEXTS, Param, rule
from .context import Context
from .walk import Walk, run

_SIMILARITY = Param("similarity", RATIO, "0.6", "名称相似度达到该值（0–1）即视为写法近似")

LEVEL1 = rule(
    "taxonomy.level1", "error", "一级指标不规范",
    "{table} 指标「{indicator}」的一级指标「{level1}」不在标准名称中（{expected}）；应改用其中之一",
    "一级指标应为规则集 [taxonomy] 列出的标准名称（产出、效益、满意度、成本指标）。",
    evidence=("level1", "expected"),
)
LEVEL2 = rule(
    "taxonomy.level2", "error", "二级指标与一级指标不符",
    "{table} 指标「{indicator}」的二级指标「{level2}」不属于一级指标「{level1}」（应为：{expected}）",
    "二级指标应为其一级指标下的标准名称，例如“数量指标”属于“产出指标”。",
    evidence=("level1", "level2", "expected"),
)
NEAR_MISS = rule(
    "taxonomy.near_miss", "warning", "指标名称写法近似标准名称",
    "{table} 指标「{indicator}」的{level}「{found}」与标准名称「{suggestion}」近似，应统一写法",
    "如“可持续发展指标”应为“可持续影响指标”，“满意度指标”作二级指标应为“服务对象满意度指标”。",
    evidence=("level", "found", "suggestion"),
    params=(_SIMILARITY,),
)
MISSING_LEVEL = rule(
    "taxonomy.missing_level", "error", "缺少一级或二级指标",
    "{table} 指标「{indicator}」未填写{level}",
    "项目绩效目标表每一行都应有一级、二级、三级指标。",
    evidence=("level",),
)
REQUIRED = rule(
    "taxonomy.required", "warning", "缺少必备的一级指标",
    "{table} 缺少一级指标「{missing}」；应补上该类指标",
    "规则集要求每张项目表包含的一级指标（默认产出、效益、满意度指标；服务类项目尤其不应缺少满意度指标）。",
    evidence=("missing",),
    params=(Param("levels", TEXTS, ["产出指标", "效益指标", "满意度指标"], "每张项目表必须包含的一级指标"),),
)
CORE = rule(
    "taxonomy.core", "error", "核心指标不足",
    "{table} 核心指标 {count} 个，至少应有 {expected} 个",
    "每张项目表至少要标注一个核心指标（是否核心指标 = 是）。",
    evidence=("count", "expected"),
    params=(Param("min", AT_LEAST_ONE, 1, "项目表至少应有的核心指标个数"),),
)
NO_CORE_COLUMN = rule(
    "taxonomy.no_core_column", "info", "表样没有核心指标列",
    "{table} 的表样没有「是否核心指标」列，未检查核心指标；应按规则集标出至少 {expected} 个核心指标（可在说明中列出）",
    "表样本身没有是否核心指标列（读取时记入表样的缺列）时，不能说“核心指标 0 个”：只提示一次，"
    "由审核人另行确认核心指标。",
    evidence=("expected",),
)
DUPLICATE = rule(
    "taxonomy.duplicate", "warning", "同一指标重复",
    "{table} 三级指标「{indicator}」出现 {count} 次；应合并重复的行，或改用不同的名称",
    "同一张表里同名的三级指标会重复计分，通常是复制粘贴的遗留。",
    evidence=("count",),
)
DEPARTMENT_CORE = rule(
    "taxonomy.department_core", "error", "整体绩效目标表核心指标",
    "{table} 核心指标 {count} 个、覆盖 {kinds} 类指标，应至少 {min_core} 个、覆盖 {min_kinds} 类",
    "重庆要求部门整体绩效目标表至少 5 个核心指标、覆盖至少 2 类指标。整体表未标注核心指标时，全部指标视为核心指标；"
    "整体表没有一级指标名称时，按单位与指标性质归类（满意度、成本、效益、产出）。",
    evidence=("count", "kinds", "min_core", "min_kinds"),
    params=(Param("min_core", AT_LEAST_ONE, 5, "至少应有的核心指标个数"),
            Param("min_kinds", AT_LEAST_ONE, 2, "核心指标至少覆盖的指标类别数")),
)


def check(document: Document, ctx: Context) -> None:
    run([walk(document, ctx)], document)


def settings(ctx: Context) -> tuple:
    """The rule settings the walk reads, once per run: (taxonomy, 二级 -> 一级, similarity or None, the required
    一级指标 or None, the least core rows or None, whether duplicates are looked for). `table` below says from
    them which checks cannot report; the audit asks the same of a sheet's rows before it builds a table."""
    return (ctx.ruleset.taxonomy, ctx.ruleset.level2_parent,
            float(NEAR_MISS.params_in(ctx).similarity) if ctx.on(NEAR_MISS.code) else None,
            REQUIRED.params_in(ctx).levels if ctx.on(REQUIRED.code) else None,
            CORE.params_in(ctx).min if ctx.on(CORE.code) else None,
            ctx.on(DUPLICATE.code))


def walk(document: Document, ctx: Context) -> Walk:
    """Rule settings read once per run; the names, required levels, core flags and duplicates of each table."""
    taxonomy, parents, similarity, required, core, duplicates = settings(ctx)

    def table(table: TargetTable) -> None:
        # One pass over the rows says which checks cannot report (every name standard, the required 一级指标
        # present, enough core rows, no name twice); only the others run, in their order.
        standard = True
        level1s, names = set(), set()
        cores = 0
        for indicator in table.indicators:
            level1 = indicator.level1
            if standard and taxonomy:
                level2 = indicator.level2
                if not (level1 and level2 and level1 in taxonomy and level2 in taxonomy[level1]):
                    standard = False
            level1s.add(level1)
            names.add(indicator.name)
            if indicator.core:
                cores += 1
        if not standard:
            _check_names(table, ctx, taxonomy, parents, similarity)
        if required is not None and not level1s.issuperset(required):
            _check_required(table, ctx, required, similarity)
        if core is not None and not (cores >= core and table.has("core")):
            _check_core(table, ctx, core)
        if duplicates and len(names) != len(table.indicators):
            _check_duplicates(table, ctx)

    def department(table: DepartmentTargetTable) -> None:
        if duplicates:
            _check_duplicates(table, ctx)
        _check_department_core(table, ctx)

    return Walk(table=table, department=department)


def _check_names(table: TargetTable, ctx: Context, taxonomy: dict, parents: dict, similarity: float | None) -> None:
    """Names against the taxonomy; `similarity` is read once per run and the place is built only to report."""
    if not taxonomy:
        return
    level1_names = tuple(taxonomy)
    for indicator in table.indicators:
        level1, level2 = indicator.level1, indicator.level2
        if level1 and level2 and level1 in taxonomy and level2 in taxonomy[level1]:
            continue  # the common case: both names standard
        where = dict(table=table, indicator=indicator.name, location=indicator.location)
        if not level1 or not level2:
            ctx.report(MISSING_LEVEL.code, level="一级指标" if not level1 else "二级指标", **where)
        if not level1:
            continue
        if level1 not in taxonomy:
            close = _closest(level1, level1_names, similarity) if similarity is not None else None
            if close:
                ctx.report(NEAR_MISS.code, level="一级指标", found=level1, suggestion=close, **where)
                level1 = close
            else:
                ctx.report(LEVEL1.code, level1=level1, expected="、".join(level1_names), **where)
                continue
        allowed = taxonomy[level1]
        if not level2 or level2 in allowed:
            continue
        standard_elsewhere = level2 in parents
        close = _closest(level2, allowed, similarity) if similarity is not None and not standard_elsewhere else None
        if close:
            ctx.report(NEAR_MISS.code, level="二级指标", found=level2, suggestion=close, **where)
        else:
            ctx.report(LEVEL2.code, level1=level1, level2=level2, expected="、".join(allowed), **where)


@lru_cache(maxsize=4096)
def _closest(name: str, choices: tuple[str, ...], similarity: float) -> str | None:
    """The standard name `name` is a variant of: a containing/contained name, else the most similar."""
    contained = [c for c in choices if name in c or c in name]
    if len(contained) == 1:
        return contained[0]
    import difflib  # (here: only a name off the taxonomy needs it)

    close = difflib.get_close_matches(name, choices, n=1, cutoff=similarity)
    return close[0] if close else None


def _check_required(table: TargetTable, ctx: Context, levels: list[str], similarity: float | None) -> None:
    """`levels` the table must have; `similarity` is None when taxonomy.near_miss is off."""
    present = {indicator.level1 for indicator in table.indicators}
    if present.issuperset(levels):
        return  # the common case: nothing missing, and near-misses could only add names
    taxonomy = ctx.ruleset.taxonomy
    if taxonomy and similarity is not None:
        # A level name already reported as a near-miss of a standard name counts as that name:
        # `效益指示` is one finding (write 效益指标), not also "missing 效益指标".
        standard = tuple(taxonomy)
        present |= {_closest(name, standard, similarity) for name in present if name and name not in taxonomy}
    for level1 in levels:
        if level1 not in present:
            ctx.report(REQUIRED.code, table=table, missing=level1)


def _check_core(table: TargetTable, ctx: Context, expected: int) -> None:
    if not table.indicators:
        return
    if not table.has("core"):
        # The printed form has no 是否核心指标 column: one note for the table, not "0 core indicators".
        ctx.report(NO_CORE_COLUMN.code, table=table, expected=expected)
        return
    count = 0
    for indicator in table.indicators:  # (a loop: sum() over a generator cost more than the test)
        if indicator.core:
            count += 1
    if count < expected:
        ctx.report(CORE.code, table=table, count=count, expected=expected)


def _check_duplicates(table: TargetTable | DepartmentTargetTable, ctx: Context) -> None:
    names = [indicator.name for indicator in table.indicators]
    if len(set(names)) == len(names):
        return  # the common case: every name once
    counts = Counter(names)
    for indicator in table.indicators:
        count = counts.get(indicator.name, 0)
        if count > 1:
            ctx.report(DUPLICATE.code, table=table, indicator=indicator.name, location=indicator.location, count=count)
            counts[indicator.name] = 0


def kind(indicator: Indicator) -> str:
    """The indicator's category: its 一级指标 where printed, else a guess from unit and operator."""
    if indicator.level1:
        return indicator.level1
    if "满意" in indicator.name:
        return "满意度指标"
    unit = indicator.unit
    if unit is not None and unit.dimension is Dimension.MONEY and indicator.operator.upper_bound:
        return "成本指标"
    if unit is None or unit.dimension is Dimension.RATIO:
        return "效益指标"
    return "产出指标"


def _check_department_core(table: DepartmentTargetTable, ctx: Context) -> None:
    if not ctx.on(DEPARTMENT_CORE.code) or not table.indicators:
        return
    flagged = [i for i in table.indicators if i.core is not None]
    core = [i for i in table.indicators if i.core] if flagged else list(table.indicators)
    kinds = len({kind(i) for i in core})
    min_core = DEPARTMENT_CORE.params_in(ctx).min_core
    min_kinds = DEPARTMENT_CORE.params_in(ctx).min_kinds
    if len(core) < min_core or kinds < min_kinds:
        ctx.report(DEPARTMENT_CORE.code, table=table, count=len(core), kinds=kinds, min_core=min_core, min_kinds=min_kinds)
