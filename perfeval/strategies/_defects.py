"""Defect injectors: take a valid document, introduce exactly one known defect, say which rule must find it.

Each injector names the finding code it causes and changes only what that defect
needs, keeping everything else valid (weights still add up when a weight is
removed, a removed category's weight moves elsewhere, a changed budget row keeps
its 合计 column), so the validator should report that code and no other error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

import attrs
from hypothesis import strategies as st

from ..judgement import CATEGORY_NAMES, counts_people, mentions_environment
from ..model import Document, FormProfile, FundsRow, Indicator, TargetTable
from ..operators import Operator
from ..units import Dimension, parse_unit
from ._args import InvalidArgument, validation_ruleset
from ._documents import documents, project_list_table
from ._partition import tidy
from ._policy import Policy, policy_of
from ._tables import _kind_of, goal_text
from ._vocab import PROJECT_NAMES


@attrs.frozen
class Defect:
    """What was broken and what the validator must say about it.

    `code` is the finding code the rule set should report, at `severity` (the rule
    set's setting for that code), on `table` and, where one row was changed, `indicator`.
    """

    kind: str
    code: str
    severity: Any
    table: str | None
    indicator: str | None
    description: str


@attrs.frozen
class Injected:
    """A document with exactly one defect, and that defect."""

    document: Document
    defect: Defect


@attrs.frozen
class Injector:
    """One kind of defect: the code it causes, where it can be applied, and how."""

    kind: str
    code: str
    description: str
    candidates: Callable[[Document, Policy], list] = attrs.field(repr=False)
    apply: Callable[..., tuple[Document, str | None, str | None]] = attrs.field(repr=False)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(f"Injector({self.kind!r})")

    def applicable(self, document: Document, policy: Policy) -> bool:
        return policy.enabled(self.code) and bool(self.candidates(document, policy))


INJECTORS: dict[str, Injector] = {}


def _injector(kind: str, code: str, description: str, candidates: Callable[[Document, Policy], list]):
    def register(apply):
        INJECTORS[kind] = Injector(kind, code, description, candidates, apply)
        return apply
    return register


# ---- helpers ----------------------------------------------------------------

def _with_table(document: Document, index: int, table: TargetTable) -> Document:
    tables = list(document.target_tables)
    tables[index] = table
    return attrs.evolve(document, target_tables=tuple(tables))


def _with_rows(table: TargetTable, rows) -> TargetTable:
    return attrs.evolve(table, indicators=tuple(rows))


def _rows(document: Document, keep: Callable[[TargetTable, Indicator], bool]) -> list[tuple[int, int]]:
    """Rows `keep` accepts; a row the form marks not applicable (`/`, 无) is never a candidate."""
    return [(t, i) for t, table in enumerate(document.target_tables)
            for i, row in enumerate(table.indicators) if not row.not_applicable and keep(table, row)]


def _unquoted(table: TargetTable, row: Indicator) -> bool:
    """Rows the goal text does not mention: changing them cannot upset the goal check."""
    return row.name not in table.goal and row.name not in table.overview


def _unquote(table: TargetTable, row: Indicator) -> TargetTable:
    """`table` with a goal that no longer mentions `row`, so changing the row cannot upset the goal check."""
    if _unquoted(table, row):
        return table
    return attrs.evolve(table, goal=goal_text(table.project_name, ()))


def _step(weight: Decimal) -> Decimal:
    return Decimal(1) if weight == weight.to_integral_value() else Decimal(1).scaleb(weight.normalize().as_tuple().exponent)


def _list_table_index(document: Document) -> int | None:
    for i, table in enumerate(document.budget_tables):
        if any(isinstance(c, str) and c.startswith(tuple(t.project_code for t in document.target_tables))
               for row in table.rows for c in row.cells):
            return i
    return None


def _subject_table_index(document: Document) -> int | None:
    for i, table in enumerate(document.budget_tables):
        if table.columns and table.columns[0].name == "科目编码":
            return i
    return None


def _with_budget(document: Document, index: int, table) -> Document:
    tables = list(document.budget_tables)
    tables[index] = table
    return attrs.evolve(document, budget_tables=tuple(tables))


# ---- weights ----------------------------------------------------------------

@_injector("weights_off", "weights.sum", "改动一个指标的权重，使合计不等于规则集的总分",
           lambda d, p: _rows(d, lambda t, r: r.weight is not None))
def _weights_off(draw, document, policy, target):
    t, i = target
    table = document.target_tables[t]
    row = table.indicators[i]
    step = _step(row.weight)
    delta = draw(st.integers(1, 20)) * step
    if draw(st.booleans()) and row.weight - delta > 0:
        delta = -delta
    rows = list(table.indicators)
    rows[i] = attrs.evolve(row, weight=tidy(row.weight + delta))
    return _with_table(document, t, _with_rows(table, rows)), table.label, None


def _weight_pairs(document: Document, policy: Policy) -> list[tuple[int, int, int]]:
    pairs = []
    for t, table in enumerate(document.target_tables):
        for i, row in enumerate(table.indicators):
            for j, other in enumerate(table.indicators):
                if i != j and other.level1 == row.level1 and other.weight is not None and row.weight is not None \
                        and table.has("weight"):
                    pairs.append((t, i, j))
    return pairs


def _move_weight(document, target, new_weight):
    t, i, j = target
    table = document.target_tables[t]
    rows = list(table.indicators)
    rows[j] = attrs.evolve(rows[j], weight=rows[j].weight + rows[i].weight)
    rows[i] = attrs.evolve(rows[i], weight=new_weight)
    return _with_table(document, t, _with_rows(table, rows)), table.label, rows[i].name


@_injector("weight_zero", "weights.nonpositive", "把一个指标的权重改为 0（其权重移给同一一级指标下的另一指标，合计不变）",
           _weight_pairs)
def _weight_zero(draw, document, policy, target):
    return _move_weight(document, target, Decimal(0))


@_injector("weight_missing", "weights.missing", "删去一个指标的权重（其权重移给同一一级指标下的另一指标，合计不变）",
           _weight_pairs)
def _weight_missing(draw, document, policy, target):
    return _move_weight(document, target, None)


# ---- operators --------------------------------------------------------------

@_injector("cost_floor", "operators.cost_floor", "把成本指标的 ≤ 改为 ≥（承诺多花钱）",
           lambda d, p: _rows(d, lambda t, r: p.is_cost(r.level1, r.level2) and r.operator.upper_bound))
def _cost_floor(draw, document, policy, target):
    return _change_row(document, target, operator=draw(st.sampled_from((Operator.GE, Operator.GT))))


def _change_row(document, target, **changes):
    t, i = target
    table = _unquote(document.target_tables[t], document.target_tables[t].indicators[i])
    rows = list(table.indicators)
    if "operator" in changes or "value" in changes:
        # What the form printed beside the old target no longer describes the new one.
        changes = {"printed": None, "tolerance": None, "direction": None, "operator_printed": True, "deadline": None,
                   **changes}
    rows[i] = attrs.evolve(rows[i], **changes)
    return _with_table(document, t, _with_rows(table, rows)), table.label, rows[i].name


@_injector("quantity_capped", "operators.quantity_capped", "把数量指标的 ≥ 改为 ≤（给产出数量封顶）",
           lambda d, p: _rows(d, lambda t, r: r.level2 in p.quantity_levels and r.operator.quantitative
                              and not r.operator.upper_bound))
def _quantity_capped(draw, document, policy, target):
    return _change_row(document, target, operator=draw(st.sampled_from((Operator.LE, Operator.LT))))


_QUANTITATIVE = lambda p: (lambda t, r: r.operator.quantitative and r.value is not None and r.unit is not None)


@_injector("missing_value", "operators.missing_value", "删去一个定量指标的指标值", lambda d, p: _rows(d, _QUANTITATIVE(p)))
def _missing_value(draw, document, policy, target):
    return _change_row(document, target, value=None)


@_injector("missing_unit", "operators.missing_unit", "删去一个定量指标的度量单位", lambda d, p: _rows(d, _QUANTITATIVE(p)))
def _missing_unit(draw, document, policy, target):
    return _change_row(document, target, unit=None)


@_injector("percent_over_100", "operators.percent_range", "把一个百分比指标值改到 100% 以上",
           lambda d, p: _rows(d, lambda t, r: r.unit is not None and r.unit.symbol == "%"))
def _percent_over(draw, document, policy, target):
    return _change_row(document, target, value=Decimal(100 + draw(st.integers(1, 900))))


# ---- goal text --------------------------------------------------------------

def _goal_rows(operators):
    return lambda d, p: _rows(d, lambda t, r: r.operator in operators and r.value is not None and r.unit is not None
                              and _kind_of(r.name) in ("people", "count", "area"))


@_injector("goal_weaker", "goal.weaker", "在项目当年绩效目标中承诺比指标值更多的数量",
           _goal_rows((Operator.GE, Operator.GT)))
def _goal_weaker(draw, document, policy, target):
    t, i = target
    table = document.target_tables[t]
    row = table.indicators[i]
    tolerance = policy.param("goal.weaker", "tolerance")
    more = tidy(row.value * 2 + draw(st.integers(1, 1000)) + tolerance * row.value)
    goal = f"{table.goal}{row.name}不少于{more}{row.unit.symbol}。"
    return _with_table(document, t, attrs.evolve(table, goal=goal)), table.label, row.name


@_injector("goal_contradiction", "goal.contradiction", "在项目当年绩效目标中写下与指标值不可能同时成立的数量",
           _goal_rows((Operator.GE, Operator.GT, Operator.EQ)))
def _goal_contradiction(draw, document, policy, target):
    t, i = target
    table = document.target_tables[t]
    row = table.indicators[i]
    goal = f"{table.goal}{row.name}少于{row.value}{row.unit.symbol}。"
    return _with_table(document, t, attrs.evolve(table, goal=goal)), table.label, row.name


# ---- taxonomy ---------------------------------------------------------------

def _required_removals(document: Document, policy: Policy) -> list[tuple[int, str]]:
    found = []
    for t, table in enumerate(document.target_tables):
        present = {r.level1 for r in table.indicators}
        for level1 in policy.required:
            if level1 in present and len(present) > 1:
                found.append((t, level1))
    return found


@_injector("missing_category", "taxonomy.required", "删去一个必备一级指标下的全部指标（权重移给其余指标）",
           _required_removals)
def _missing_category(draw, document, policy, target):
    t, level1 = target
    table = document.target_tables[t]
    removed = [r for r in table.indicators if r.level1 == level1]
    kept = [r for r in table.indicators if r.level1 != level1]
    gain = sum((r.weight or Decimal(0)) for r in removed)
    receiver = draw(st.integers(0, len(kept) - 1))
    cores = sum(1 for r in table.indicators if r.core)
    needed = max(policy.core_min - sum(1 for r in kept if r.core), 0)
    rows = []
    for k, row in enumerate(kept):
        changes = {}
        if k == receiver and row.weight is not None:  # a form without 权重 has no weight to move
            changes["weight"] = row.weight + gain
        if needed and not row.core and cores:
            changes["core"] = True
            needed -= 1
        rows.append(attrs.evolve(row, **changes))
    return _with_table(document, t, _with_rows(table, rows)), table.label, None


def _duplicate_pairs(document: Document, policy: Policy) -> list[tuple[int, int, int]]:
    pairs = []
    for t, table in enumerate(document.target_tables):
        for j, victim in enumerate(table.indicators):
            same_level = sum(1 for r in table.indicators if r.level1 == victim.level1)
            for i, source in enumerate(table.indicators):
                if i != j and (same_level > 1 or source.level1 == victim.level1):
                    pairs.append((t, i, j))
    return pairs


@_injector("duplicate", "taxonomy.duplicate", "把一行改成同表另一行的副本（三级指标重复）", _duplicate_pairs)
def _duplicate(draw, document, policy, target):
    t, i, j = target
    table = _unquote(document.target_tables[t], document.target_tables[t].indicators[j])
    rows = list(table.indicators)
    rows[j] = attrs.evolve(rows[i], weight=rows[j].weight, core=rows[j].core)
    return _with_table(document, t, _with_rows(table, rows)), table.label, rows[i].name


@_injector("no_core", "taxonomy.core", "取消全部核心指标标记",
           lambda d, p: [t for t, table in enumerate(d.target_tables)
                         if p.core_min >= 1 and table.indicators and table.has("core")])
def _no_core(draw, document, policy, t):
    table = document.target_tables[t]
    rows = [attrs.evolve(r, core=False) for r in table.indicators]
    return _with_table(document, t, _with_rows(table, rows)), table.label, None


def _foreign_level2(policy: Policy, level1: str) -> list[str]:
    own = policy.taxonomy.get(level1, ())
    return [l2 for other, names in policy.taxonomy.items() if other != level1 for l2 in names
            if l2 not in own and l2 not in policy.cost_levels and l2 not in policy.quantity_levels]


@_injector("level2_mismatch", "taxonomy.level2", "把二级指标改为另一一级指标下的标准名称",
           lambda d, p: _rows(d, lambda t, r: r.level1 in p.taxonomy and _foreign_level2(p, r.level1)
                              and not p.is_cost(r.level1, None) and r.level2 not in p.quantity_levels))
def _level2_mismatch(draw, document, policy, target):
    t, i = target
    level1 = document.target_tables[t].indicators[i].level1
    return _change_row(document, target, level2=draw(st.sampled_from(_foreign_level2(policy, level1))))


@_injector("unknown_level1", "taxonomy.level1", "把一级指标改为不在标准名称中的写法",
           lambda d, p: _rows(d, lambda t, r: sum(1 for x in t.indicators if x.level1 == r.level1) > 1
                              and not p.is_cost(r.level1, r.level2)))
def _unknown_level1(draw, document, policy, target):
    return _change_row(document, target, level1="附加考核项")


# ---- money ------------------------------------------------------------------

@_injector("cost_over_funds", "money.cost_exceeds_funds", "把成本指标的上限改到超过项目资金总额",
           lambda d, p: _rows(d, lambda t, r: t.funds is not None and p.is_cost(r.level1, r.level2) and r.unit is not None
                              and r.unit.dimension is Dimension.MONEY and r.value is not None))
def _cost_over_funds(draw, document, policy, target):
    t, i = target
    table = document.target_tables[t]
    row = table.indicators[i]
    per_wan = 10_000 if row.unit.symbol == "元" else 1
    over = tidy(table.funds * per_wan + draw(st.integers(1, 10_000)))
    return _change_row(document, target, value=over)


def _listed_tables(document: Document, policy: Policy) -> list[int]:
    return list(range(len(document.target_tables))) if _list_table_index(document) is not None else []


@_injector("funds_mismatch", "money.funds_mismatch", "改动绩效目标表的资金总额，使其与项目支出明细表不符", _listed_tables)
def _funds_mismatch(draw, document, policy, t):
    table = document.target_tables[t]
    tolerance = policy.param("money.funds_mismatch", "tolerance")
    delta = tidy(2 * tolerance + Decimal(draw(st.integers(1, 100_000))) / 100)
    return _with_table(document, t, attrs.evolve(table, funds=table.funds + delta)), table.label, None


@_injector("name_mismatch", "money.name_mismatch", "改动绩效目标表的项目名称，使其与项目支出明细表不同", _listed_tables)
def _name_mismatch(draw, document, policy, t):
    table = document.target_tables[t]
    name = draw(st.sampled_from([n for n in PROJECT_NAMES if n != table.project_name]))
    return _with_table(document, t, attrs.evolve(table, project_name=name)), table.label, None


@_injector("not_listed", "money.not_listed", "从项目支出明细表中删去一个项目（合计行随之调整）",
           lambda d, p: _listed_tables(d, p) if len(d.target_tables) > 1 else [])
def _not_listed(draw, document, policy, t):
    index = _list_table_index(document)
    old = document.budget_tables[index]
    kept = tuple(table for k, table in enumerate(document.target_tables) if k != t)
    listed = project_list_table(kept, label=old.label)
    listed = attrs.evolve(listed, title=old.title)
    return _with_budget(document, index, listed), document.target_tables[t].label, None


# ---- budget tables ----------------------------------------------------------

@_injector("missing_target_table", "budget.missing_target_table", "删去一个已列入项目支出明细表的项目的绩效目标表",
           lambda d, p: _listed_tables(d, p) if any("绩效目标管理" in x.text for x in d.narrative) else [])
def _missing_target_table(draw, document, policy, t):
    index = _list_table_index(document)
    tables = tuple(table for k, table in enumerate(document.target_tables) if k != t)
    return attrs.evolve(document, target_tables=tables), document.budget_tables[index].label, None


def _parent_rows(document: Document, policy: Policy) -> list[int]:
    index = _subject_table_index(document)
    if index is None:
        return []
    table = document.budget_tables[index]
    codes = [str(r.cells[0]) for r in table.rows]
    return [k for k, code in enumerate(codes) if code and any(c != code and c.startswith(code) for c in codes)]


@_injector("parent_sum", "budget.sum", "改动一个上级科目行（合计列与基本支出列同改），使其不再等于下级之和", _parent_rows)
def _parent_sum(draw, document, policy, k):
    index = _subject_table_index(document)
    table = document.budget_tables[index]
    delta = Decimal(draw(st.integers(1, 10_000)))
    rows = list(table.rows)
    code, name, total, basic, project = rows[k].cells
    rows[k] = attrs.evolve(rows[k], cells=(code, name, total + delta, basic + delta, project))
    return _with_budget(document, index, attrs.evolve(table, rows=tuple(rows))), table.label, None


def _leaf_rows(document: Document, policy: Policy) -> list[int]:
    index = _subject_table_index(document)
    if index is None:
        return []
    codes = [str(r.cells[0]) for r in document.budget_tables[index].rows]
    return [k for k, code in enumerate(codes) if len(code) == 7]


@_injector("column_sum", "budget.column_sum", "改动一个项级科目的基本支出（并同改其各级上级与合计行），使合计列不等于分列之和",
           _leaf_rows)
def _column_sum(draw, document, policy, k):
    index = _subject_table_index(document)
    table = document.budget_tables[index]
    leaf = str(table.rows[k].cells[0])
    delta = Decimal(draw(st.integers(1, 10_000)))
    rows = []
    for row in table.rows:
        code, name, total, basic, project = row.cells
        if leaf.startswith(str(code)) or name == "合计":
            row = attrs.evolve(row, cells=(code, name, total, basic + delta, project))
        rows.append(row)
    return _with_budget(document, index, attrs.evolve(table, rows=tuple(rows))), table.label, None


@_injector("attribute", "budget.attribute", "把项目属性在 新增 与 延续 之间对调",
           lambda d, p: [t for t, table in enumerate(d.target_tables) if d.year and table.attribute in ("新增", "延续")])
def _attribute(draw, document, policy, t):
    table = document.target_tables[t]
    flipped = "延续" if table.attribute == "新增" else "新增"
    return _with_table(document, t, attrs.evolve(table, attribute=flipped)), table.label, None


# ---- department table -------------------------------------------------------

@_injector("department_weights_off", "weights.department_sum", "改动整体绩效目标表一个指标的权重，使合计不等于规定总分",
           lambda d, p: [i for i, r in enumerate(d.department_table.indicators) if r.weight is not None]
           if d.department_table else [])
def _department_weights(draw, document, policy, i):
    table = document.department_table
    rows = list(table.indicators)
    rows[i] = attrs.evolve(rows[i], weight=rows[i].weight + draw(st.integers(1, 20)))
    return attrs.evolve(document, department_table=attrs.evolve(table, indicators=tuple(rows))), table.label, None


@_injector("department_few_core", "taxonomy.department_core", "把整体绩效目标表的指标减到少于规定的核心指标个数（权重合计不变）",
           lambda d, p: [0] if d.department_table and p.department_core > 1 else [])
def _department_few_core(draw, document, policy, _):
    table = document.department_table
    keep = policy.department_core - 1
    rows = list(table.indicators[:keep])
    removed = sum((r.weight or Decimal(0) for r in table.indicators[keep:]), Decimal(0))
    if rows[0].weight is not None:
        rows[0] = attrs.evolve(rows[0], weight=rows[0].weight + removed)
    return attrs.evolve(document, department_table=attrs.evolve(table, indicators=tuple(rows))), table.label, None


@_injector("department_budget_mismatch", "money.department_budget", "改动整体绩效目标表的预算数，使其与部门支出总表的合计不符",
           lambda d, p: [0] if d.department_table and d.department_table.budget is not None
           and _subject_table_index(d) is not None else [])
def _department_budget(draw, document, policy, _):
    table = document.department_table
    tolerance = policy.param("money.department_budget", "tolerance")
    delta = tidy(2 * tolerance + Decimal(draw(st.integers(1, 100_000))) / 100)
    changed = attrs.evolve(table, budget=table.budget + delta)
    return attrs.evolve(document, department_table=changed), table.label, None


# ---- reviewer's sense -------------------------------------------------------

def _split(amount: Decimal) -> tuple[FundsRow, FundsRow]:
    """A 资金总额 as two 其中 rows that add up to it exactly."""
    first = tidy((amount * 3 / 4).quantize(Decimal("0.01")))
    return FundsRow("当年财政拨款", first), FundsRow("上年结转资金", tidy(amount - first))


@_injector("funds_total_blank", "sense.funds_total_blank", "资金总额改为 0，而其中各项仍有金额",
           lambda d, p: [t for t, table in enumerate(d.target_tables) if table.funds])
def _funds_total_blank(draw, document, policy, t):
    table = document.target_tables[t]
    changed = attrs.evolve(table, funds=Decimal(0), funds_rows=_split(table.funds))
    return _with_table(document, t, changed), table.label, None


@_injector("funds_rows_sum", "sense.funds_rows_sum", "给资金总额加上其中各项，使其合计与总额不符",
           lambda d, p: [t for t, table in enumerate(d.target_tables) if table.funds])
def _funds_rows_sum(draw, document, policy, t):
    table = document.target_tables[t]
    tolerance = policy.param("sense.funds_rows_sum", "tolerance")
    first, second = _split(table.funds)
    delta = tidy(4 * tolerance + Decimal(draw(st.integers(1, 10_000))) / 100)
    changed = attrs.evolve(table, funds_rows=(first, FundsRow(second.label, second.amount + delta)))
    return _with_table(document, t, changed), table.label, None


@_injector("money_misfiled", "sense.money_misfiled", "把一个效益指标改成以万元设上限的经费指标（成本列在效益下）",
           lambda d, p: _rows(d, lambda t, r: (r.level1 or "").startswith("效益") and t.funds
                              and not any(x.name == "项目经费支出额" for x in t.indicators)))
def _money_misfiled(draw, document, policy, target):
    return _change_row(document, target, name="项目经费支出额", operator=Operator.LE, value=Decimal(1),
                       unit=parse_unit("万元"), text_value=None)


@_injector("rate_as_quantity", "sense.rate_as_quantity", "把一个数量指标的单位改为 %（数量指标写成比率）",
           lambda d, p: _rows(d, lambda t, r: r.level2 == "数量指标" and r.operator.lower_bound and r.value is not None))
def _rate_as_quantity(draw, document, policy, target):
    return _change_row(document, target, unit=parse_unit("%"), value=Decimal(draw(st.integers(1, 100))),
                       operator=Operator.GE)


@_injector("name_is_category", "sense.name_is_category", "把三级指标改写成它的二级指标名称（类别名称）",
           lambda d, p: _rows(d, lambda t, r: r.level2 in CATEGORY_NAMES
                              and not any(x.name == r.level2 for x in t.indicators)))
def _name_is_category(draw, document, policy, target):
    t, i = target
    return _change_row(document, target, name=document.target_tables[t].indicators[i].level2)


@_injector("unit_subject", "sense.unit_subject", "把计人数的指标的单位改为 个",
           lambda d, p: _rows(d, lambda t, r: r.unit is not None and r.unit.dimension is Dimension.PEOPLE
                              and counts_people(r.name)))
def _unit_subject(draw, document, policy, target):
    return _change_row(document, target, unit=parse_unit("个"))


@_injector("ecology", "sense.ecology", "把一个效益指标改为生态效益指标（项目与环境无关）",
           lambda d, p: _rows(d, lambda t, r: r.level1 == "效益指标" and r.level2 != "生态效益指标"
                              and "生态效益指标" in p.taxonomy.get("效益指标", ())
                              and not mentions_environment(t.project_name, t.overview, t.goal, t.basis, r.name)))
def _ecology(draw, document, policy, target):
    return _change_row(document, target, level2="生态效益指标")


@_injector("template_text", "sense.template_text", "在项目当年绩效目标里留下填表说明“（100字以内）”",
           lambda d, p: list(range(len(d.target_tables))))
def _template_text(draw, document, policy, t):
    table = document.target_tables[t]
    return _with_table(document, t, attrs.evolve(table, goal=table.goal + "（100字以内）")), table.label, None


@_injector("text_money", "sense.text_money", "在中期目标里写下分项之和不等于总额的资金构成",
           lambda d, p: list(range(len(d.target_tables))))
def _text_money(draw, document, policy, t):
    table = document.target_tables[t]
    total = draw(st.integers(100, 10_000))
    part = draw(st.integers(1, total - 50))
    text = f"三年共安排资金{total}万元，其中：设备购置{part}万元、运行维护{total - part + 10}万元。"
    return _with_table(document, t, attrs.evolve(table, mid_goal=text)), table.label, None


@_injector("form_note", "sense.form_note", "给表样加上与表中一级指标权重不符的注（产出指标多 5 分）",
           lambda d, p: [t for t, table in enumerate(d.target_tables)
                         if any(r.level1 == "产出指标" and r.weight is not None for r in table.indicators)])
def _form_note(draw, document, policy, t):
    table = document.target_tables[t]
    output = sum((r.weight for r in table.indicators if r.level1 == "产出指标" and r.weight is not None), Decimal(0))
    note = f"注：产出指标 {tidy(output + 5)} 分"
    return _with_table(document, t, attrs.evolve(table, profile=FormProfile("generic", notes=(note,)))), table.label, None


@_injector("no_weights", "weights.no_column", "删去一张表全部指标的权重（整表没有权重）",
           lambda d, p: [t for t, table in enumerate(d.target_tables) if table.indicators])
def _no_weights(draw, document, policy, t):
    table = document.target_tables[t]
    rows = [attrs.evolve(r, weight=None) for r in table.indicators]
    return _with_table(document, t, _with_rows(table, rows)), table.label, None


# ---- public strategies -------------------------------------------------------

def inject(document: Document, kind: str, ruleset="national") -> st.SearchStrategy[Injected]:
    """`document` with the one defect `kind` (a key of INJECTORS), and the finding it must cause.

    >>> doc = documents("national", min_projects=1, max_projects=1).example()
    >>> injected = inject(doc, "weights_off").example()
    >>> injected.defect.code, injected.defect.severity.value, injected.defect.table
    ('weights.sum', 'error', '附件 12-1')
    """
    function = "inject"
    if kind not in INJECTORS:
        raise InvalidArgument(function, "kind", f"INJECTORS 中的一种：{'、'.join(INJECTORS)}", kind)
    if not isinstance(document, Document):
        raise InvalidArgument(function, "document", "perfeval.model.Document（如 documents() 生成的文档）", document)
    rules = validation_ruleset(function, ruleset)
    policy = policy_of(rules)
    injector = INJECTORS[kind]
    if not policy.enabled(injector.code):
        raise InvalidArgument(function, "kind", f"规则集 {rules.name} 启用的规则所对应的缺陷（{injector.code} 未启用）", kind)
    targets = injector.candidates(document, policy)
    if not targets:
        raise InvalidArgument(function, "document", f"含有可注入“{injector.description}”之处的文档", document.title or document.unit_name)
    return _inject(_Quiet(document), injector, policy, targets)


class _Quiet:
    """Wraps a document passed to a strategy, so the strategy's repr stays one line."""

    def __init__(self, document: Document):
        self.document = document

    def __repr__(self) -> str:
        return f"<Document {self.document.unit_name} {len(self.document.target_tables)} 张目标表>"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


@st.composite
def _inject(draw, quiet: _Quiet, injector: Injector, policy: Policy, targets: list) -> Injected:
    target = draw(st.sampled_from(targets))
    changed, table, indicator = injector.apply(draw, quiet.document, policy, target)
    severity = policy.ruleset.rules[injector.code].severity
    return Injected(changed, Defect(injector.kind, injector.code, severity, table, indicator, injector.description))


def applicable_injectors(document: Document, ruleset="national") -> list[str]:
    """The kinds of defect that can be injected into `document` under `ruleset`."""
    policy = policy_of(validation_ruleset("applicable_injectors", ruleset))
    return [kind for kind, injector in INJECTORS.items() if injector.applicable(document, policy)]


def defective_documents(ruleset="national", *, kinds: tuple[str, ...] | None = None,
                        min_projects: int = 1, max_projects: int = 3) -> st.SearchStrategy[Injected]:
    """Valid documents with one injected defect of a kind in `kinds` (default: every kind the rule set checks).

    >>> injected = defective_documents("national", kinds=("weights_off",)).example()
    >>> injected.defect.code
    'weights.sum'
    """
    function = "defective_documents"
    rules = validation_ruleset(function, ruleset)
    policy = policy_of(rules)
    chosen = tuple(INJECTORS) if kinds is None else tuple(kinds)
    for kind in chosen:
        if kind not in INJECTORS:
            raise InvalidArgument(function, "kinds", f"INJECTORS 中的种类组成的元组：{'、'.join(INJECTORS)}", kind)
    enabled = [k for k in chosen if policy.enabled(INJECTORS[k].code)]
    if not enabled:
        raise InvalidArgument(function, "kinds", f"至少一种规则集 {rules.name} 启用了对应规则的缺陷", kinds)
    return _defective(policy, tuple(enabled), min_projects, max_projects)


@st.composite
def _defective(draw, policy: Policy, enabled: tuple[str, ...], min_projects: int, max_projects: int) -> Injected:
    document = draw(documents(policy.ruleset, min_projects=max(min_projects, 2 if "not_listed" in enabled else 1),
                              max_projects=max(max_projects, min_projects, 2)))
    usable = [k for k in enabled if INJECTORS[k].candidates(document, policy)]
    if not usable:
        from hypothesis import reject
        reject()
    injector = INJECTORS[draw(st.sampled_from(usable))]
    return draw(_inject(_Quiet(document), injector, policy, injector.candidates(document, policy)))
