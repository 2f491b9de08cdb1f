"""Target tables valid by construction for a validation rule set.

Each table is built, not filtered: the weights are a drawn partition of the rule
set's total (per 一级指标 when its principle shares add up to that total), every
required 一级指标 is present, operators follow the 二级指标 (cost ≤, quantity ≥ or =),
cost caps stay within the project's funds, names are unique, enough rows are core,
and the goal text promises exactly what one quantity indicator asks.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import strategies as st

from ..model import DepartmentTargetTable, Indicator, TargetTable
from ..operators import Operator
from ..units import parse_unit
from ._args import InvalidArgument, check_count, check_range, positive_decimal, validation_ruleset
from ._indicators import values
from ._partition import partitions, step_of, tidy
from ._policy import Policy, policy_of
from ._vocab import DEPARTMENT_NAMES, NAME_UNITS, NAMES, PROFILES, PROJECT_NAMES, QUALITATIVE_TEXTS, UNIT_NAMES, Profile

PROJECT_CODES = st.tuples(st.integers(0, 9999), st.integers(0, 10**12 - 1)).map(lambda p: f"5001{p[0]:04d}T{p[1]:012d}")


def project_codes() -> st.SearchStrategy[str]:
    """Project codes as the seed's budget system prints them (`5001` + 4 digits + `T` + 12 digits)."""
    return PROJECT_CODES


FUNDS = st.integers(100, 500_000).map(lambda cents: tidy(Decimal(cents) / 100))
_GOAL_WORDS = {Operator.GE: "不少于", Operator.EQ: "达到", Operator.GT: "超过"}
_GOAL_KINDS = ("people", "count", "area")


def target_tables(ruleset="national", *, weight_total: Decimal | int | str | None = None,
                  min_indicators: int = 3, max_indicators: int | None = None, year: int = 2026,
                  label: str | None = None, project_code: str | None = None,
                  project_name: str | None = None, funds: Decimal | int | str | None = None,
                  ) -> st.SearchStrategy[TargetTable]:
    """项目支出绩效目标表 that raise no error-level finding under the validation rule set `ruleset`.

    `ruleset` is a loaded RuleSet, a shipped name or a path. `weight_total` replaces
    the rule set's weights.sum total (use the scoring rule set's indicator points).
    `max_indicators` defaults to 10, or more when the rule set requires more rows.

    >>> table = target_tables("national", project_code="50015224T000004337668").example()
    >>> table.weight_total, table.project_code
    (Decimal('90'), '50015224T000004337668')
    >>> {"产出指标", "效益指标", "满意度指标"} <= {i.level1 for i in table.indicators}
    True
    """
    function = "target_tables"
    rules = validation_ruleset(function, ruleset)
    total = None if weight_total is None else positive_decimal(function, "weight_total", weight_total)
    policy = policy_of(rules, total)
    check_count(function, "min_indicators", min_indicators, 1)
    needed = max(len(_level1s_needed(policy)), policy.core_min)
    if max_indicators is None:
        max_indicators = max(10, needed, min_indicators)
    check_count(function, "max_indicators", max_indicators, 1)
    check_range(function, "min_indicators", min_indicators, "max_indicators", max_indicators)
    check_count(function, "year", year, 1900)
    if max_indicators < needed:
        raise InvalidArgument(function, "max_indicators",
                              f"至少 {needed}：规则集 {rules.name} 要求的一级指标与核心指标个数", max_indicators)
    units = policy.total / step_of(policy.total, *(policy.shares or {}).values())
    if units < needed:
        raise InvalidArgument(function, "weight_total", f"能分给 {needed} 个指标的正权重合计", policy.total)
    fixed_funds = None if funds is None else positive_decimal(function, "funds", funds)
    return _target_table(policy, max(min_indicators, needed), max_indicators, year, label, project_code,
                         project_name, fixed_funds)


@st.composite
def _target_table(draw, policy: Policy, low: int, high: int, year: int, label, project_code, project_name,
                  fixed_funds) -> TargetTable:
    name = project_name or draw(st.sampled_from(PROJECT_NAMES))
    money = fixed_funds if fixed_funds is not None else draw(FUNDS)
    indicators = draw(_indicator_rows(policy, low, high, money))
    start_year = draw(st.sampled_from((year, year - 1, year - 2, year - 5)))
    return TargetTable(
        label=label or f"附件 12-{draw(st.integers(1, 30))}",
        title=f"{year}年项目支出绩效目标表",
        project_code=project_code or draw(PROJECT_CODES),
        project_name=name,
        department=draw(st.sampled_from(UNIT_NAMES)),
        implementer=draw(st.sampled_from(UNIT_NAMES)),
        funds=money,
        attribute="新增" if start_year == year else "延续",
        start=f"{start_year}年1月",
        end=draw(st.sampled_from(("长期", f"{year}年12月"))),
        overview=f"本项目用于{name}，按照年度工作计划组织实施。" + (
            "兼顾生态环境保护。" if any(i.level2 == "生态效益指标" for i in indicators) else ""),
        basis="《中华人民共和国预算法》及相关政策文件",
        goal=goal_text(name, indicators),
        indicators=indicators,
    )


def goal_text(project_name: str, indicators) -> str:
    """The goal a careful author writes: the first quantity indicator's promise, word for word."""
    for indicator in indicators:
        if indicator.operator in _GOAL_WORDS and indicator.unit is not None and indicator.value is not None \
                and _kind_of(indicator.name) in _GOAL_KINDS:
            promise = f"{indicator.name}{_GOAL_WORDS[indicator.operator]}{indicator.value}{indicator.unit.symbol}"
            return f"保障{project_name}顺利实施，{promise}。"
    return f"保障{project_name}顺利实施，提升服务质量和群众获得感。"


def _kind_of(name: str) -> str | None:
    for names in NAMES.values():
        for known, kind in names:
            if known == name:
                return kind
    return None


def _level1s_needed(policy: Policy) -> tuple[str, ...]:
    if policy.shares:
        return tuple(policy.shares)
    return tuple(dict.fromkeys(policy.required))


@st.composite
def _indicator_rows(draw, policy: Policy, low: int, high: int, funds: Decimal) -> tuple[Indicator, ...]:
    groups = list(_level1s_needed(policy))
    if not policy.shares:
        others = [l1 for l1 in policy.taxonomy if l1 not in groups]
        groups += draw(st.lists(st.sampled_from(others), unique=True, max_size=len(others))) if others else []
        if not groups:
            groups = [next(iter(policy.taxonomy))]
    count = draw(st.integers(max(low, len(groups)), max(high, len(groups))))
    per_group = max(3, -(-low // len(groups)))
    if policy.shares:
        caps = [int(policy.shares[g] / step_of(policy.total, *policy.shares.values())) for g in groups]
        count = min(count, sum(min(per_group, c) for c in caps))
    else:
        caps = [count] * len(groups)
    sizes = [1] * len(groups)
    for _ in range(count - len(groups)):
        open_groups = [i for i, size in enumerate(sizes) if size < min(per_group, caps[i]) or not policy.shares]
        if not open_groups:
            break
        sizes[draw(st.sampled_from(open_groups))] += 1
    if policy.shares:
        step = step_of(policy.total, *policy.shares.values())
        weights = [w for g, n in zip(groups, sizes) for w in draw(partitions(policy.shares[g], n, step))]
    else:
        weights = list(draw(partitions(policy.total, sum(sizes), step_of(policy.total))))
    slots = [(g, i) for g, n in zip(groups, sizes) for i in range(n)]
    used: set[str] = set()
    rows = []
    forced = _forced_level2s(policy, dict(zip(groups, sizes)))
    for (level1, index), weight in zip(slots, weights):
        choices = policy.taxonomy.get(level1) or (level1.replace("指标", "") + "其他指标",)
        level2 = forced.pop((level1, index), None) or draw(st.sampled_from(choices))
        rows.append(draw(_row(policy, level1, level2, weight, funds, used)))
    rows = _quantified(draw, policy, rows, [g for g, n in zip(groups, sizes) for _ in range(n)])
    core = min(max(policy.core_min, 1), len(rows))
    chosen = set(draw(st.lists(st.integers(0, len(rows) - 1), min_size=core, max_size=core, unique=True)))
    return tuple(Indicator(**{**_fields(r), "core": i in chosen}) for i, r in enumerate(rows))


def _quantified(draw, policy: Policy, rows: list[Indicator], groups: list[str]) -> list[Indicator]:
    """Rows whose 定性 weight stays within the rule set's share: within each 一级指标 the heaviest
    weights go to quantitative rows, and if that is not enough the heaviest 定性 rows become rates."""
    if policy.qualitative_limit is None:
        return rows
    rows = list(rows)
    for group in dict.fromkeys(groups):
        positions = [i for i, g in enumerate(groups) if g == group]
        weights = sorted((rows[i].weight for i in positions), reverse=True)
        ordered = sorted(positions, key=lambda i: rows[i].operator is Operator.QUALITATIVE)
        for i, weight in zip(ordered, weights):
            rows[i] = attrs.evolve(rows[i], weight=weight)
    limit = policy.total * policy.qualitative_limit
    while sum(r.weight for r in rows if r.operator is Operator.QUALITATIVE) > limit:
        i = max((i for i, r in enumerate(rows) if r.operator is Operator.QUALITATIVE), key=lambda i: rows[i].weight)
        profile = PROFILES["percent_up"]
        rows[i] = attrs.evolve(rows[i], name=rows[i].name + "达标率", operator=Operator.GE, text_value=None,
                               unit=parse_unit("%"), value=draw(values(parse_unit("%").dimension, Operator.GE,
                                                                       profile.low, profile.high)))
    return rows


def _fields(indicator: Indicator) -> dict:
    return {name: getattr(indicator, name) for name in
            ("name", "operator", "value", "unit", "weight", "level1", "level2", "core", "text_value")}


def _forced_level2s(policy: Policy, sizes: dict[str, int]) -> dict[tuple[str, int], str]:
    """A quantity row first and a cost row where the taxonomy allows, so every table has both kinds."""
    forced: dict[tuple[str, int], str] = {}
    for wanted in (policy.quantity_levels, policy.cost_levels):
        for level1, size in sizes.items():
            options = [l2 for l2 in policy.taxonomy.get(level1, ()) if l2 in wanted]
            if level1 in wanted and not options:
                options = list(policy.taxonomy.get(level1, ()))
            index = sum(1 for key in forced if key[0] == level1)
            if options and index < size:
                forced[(level1, index)] = options[0]
                break
    return forced


@st.composite
def _row(draw, policy: Policy, level1: str, level2: str, weight: Decimal, funds: Decimal, used: set[str]) -> Indicator:
    cost = policy.is_cost(level1, level2)
    quantity = level2 in policy.quantity_levels
    pool = [(n, k) for n, k in NAMES.get(level2, ()) if n not in used]
    if pool:
        name, kind = draw(st.sampled_from(pool))
    else:
        kind = "money_cost" if cost else ("count" if quantity else "qualitative")
        name = f"{level2}{'情况' if kind == 'qualitative' else '数值'}（{len(used) + 1}）"
    used.add(name)
    profile = PROFILES[kind]
    operators = profile.operators
    if cost and profile.quantitative:
        operators = tuple(op for op in operators if op.upper_bound) or (Operator.LE,)
    if quantity and profile.quantitative:
        operators = tuple(op for op in operators if not op.upper_bound) or (Operator.GE,)
    operator = draw(st.sampled_from(operators))
    common = dict(name=name, operator=operator, weight=weight, level1=level1, level2=level2)
    if operator is Operator.QUALITATIVE:
        return Indicator(text_value=draw(st.sampled_from(QUALITATIVE_TEXTS)), **common)
    unit_symbol = NAME_UNITS.get(name) or draw(st.sampled_from(profile.units))
    return Indicator(value=draw(_value(profile, unit_symbol, operator, funds)), unit=parse_unit(unit_symbol), **common)


def _value(profile: Profile, unit_symbol: str, operator: Operator, funds: Decimal):
    unit = parse_unit(unit_symbol)
    if profile.kind == "money_cost":
        cap = funds * 10_000 if unit_symbol == "元" else funds
        places = 0 if unit_symbol == "元" else 2
        return values(unit.dimension, operator, Decimal(1).scaleb(-places), cap, places)
    return values(unit.dimension, operator, profile.low, profile.high, profile.places)


def department_tables(ruleset="national", *, budget: Decimal | int | str | None = None,
                      unit_name: str | None = None, label: str = "附件 11"
                      ) -> st.SearchStrategy[DepartmentTargetTable]:
    """部门（单位）整体绩效目标表 whose weights add up to the rule set's department total
    and whose (implicitly core) indicators cover 产出, 效益, 满意度 and 成本.

    >>> table = department_tables("chongqing").example()
    >>> table.weight_total, len(table.indicators) >= 5
    (Decimal('100'), True)
    """
    function = "department_tables"
    policy = policy_of(validation_ruleset(function, ruleset))
    fixed_budget = None if budget is None else positive_decimal(function, "budget", budget)
    needed = max(policy.department_core, 5)
    if policy.department_total / step_of(policy.department_total) < needed:
        raise InvalidArgument(function, "ruleset", f"整体表权重合计能分给 {needed} 个指标的规则集", policy.department_total)
    return _department_table(policy, needed, fixed_budget, unit_name, label)


@st.composite
def _department_table(draw, policy: Policy, needed: int, fixed_budget, unit_name, label) -> DepartmentTargetTable:
    money = fixed_budget if fixed_budget is not None else draw(FUNDS)
    base = list(DEPARTMENT_NAMES)
    while len(base) < needed:
        base.append((f"重点任务完成情况（{len(base) + 1}）", "qualitative"))
    count = draw(st.integers(needed, len(base)))
    picked = [base[0], base[4], base[5], *draw(st.permutations(base[1:4] + base[6:]))][:count]
    weights = draw(partitions(policy.department_total, count))
    rows = []
    for (name, kind), weight in zip(picked, weights):
        profile = PROFILES[kind]
        operator = draw(st.sampled_from(profile.operators))
        if operator is Operator.QUALITATIVE:
            rows.append(Indicator(name=name, operator=operator, weight=weight,
                                  text_value=draw(st.sampled_from(QUALITATIVE_TEXTS))))
            continue
        unit_symbol = NAME_UNITS.get(name) or draw(st.sampled_from(profile.units))
        rows.append(Indicator(name=name, operator=operator, weight=weight, unit=parse_unit(unit_symbol),
                              value=draw(_value(profile, unit_symbol, operator, money))))
    name = unit_name or draw(st.sampled_from(UNIT_NAMES))
    return DepartmentTargetTable(label=label, unit_name=name, title=f"{name}部门（单位）整体绩效目标表",
                                 budget=money, goal="全面完成年度重点工作任务，提升公共服务水平。",
                                 indicators=tuple(rows))
