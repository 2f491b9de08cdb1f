"""What real forms print beyond the standard columns, drawn onto valid tables and documents.

`printed_forms(strategy)` takes tables or documents from the other strategies and adds
the fields real provinces' forms carry: funds sub-rows that add up to 资金总额, a 中期
goal, a form profile (a form without 权重 or 是否核心指标 columns drops those values, so
the table stays true to its form), and on some indicators a deadline, a tolerance band,
a direction, a 中期 value, a not-applicable mark or an operator the form did not print.
Everything stays valid under the rule set: weights, operators and values are untouched
except where a form that lacks a column cannot carry them.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import strategies as st

from ..model import Deadline, DepartmentTargetTable, Document, FormProfile, FundsRow, Indicator, TargetTable
from ..operators import Operator
from ..units import Quantity, parse_unit
from ._partition import tidy

_FUNDS_LABELS = ("当年财政拨款", "上年结转资金", "其他资金")
_SCHEDULES = ("按季度", "按月", "按年度")
_MID_GOALS = ("三年内持续稳定运行", "到期末全面完成建设任务", "中期保持服务水平不下降")
_PERCENT = parse_unit("%")


@st.composite
def _deadline(draw) -> Deadline:
    if draw(st.booleans()):
        return Deadline(schedule=draw(st.sampled_from(_SCHEDULES)))
    year = draw(st.none() | st.integers(2019, 2030))
    month = draw(st.integers(1, 12))
    day = draw(st.none() | st.integers(1, 28))
    return Deadline(year, month, day, inclusive=draw(st.booleans()) if day else True)


@st.composite
def _printed_indicator(draw, indicator: Indicator) -> Indicator:
    kind = draw(st.sampled_from(("plain", "plain", "deadline", "tolerance", "direction", "mid_term",
                                 "not_applicable", "assumed")))
    if kind == "deadline" and indicator.level2 == "时效指标":
        deadline = draw(_deadline())
        return attrs.evolve(indicator, deadline=deadline, printed=draw(st.sampled_from(("12月底前", "按季度", "年底前"))))
    if kind == "tolerance" and indicator.operator is Operator.EQ and indicator.value is not None:
        band = tidy(Decimal(draw(st.integers(1, 10))))
        return attrs.evolve(indicator, tolerance=Quantity(band, _PERCENT), printed=f"{indicator.value}±{band}%")
    if kind == "direction" and indicator.operator in (Operator.GE, Operator.LE):
        return attrs.evolve(indicator, direction="正向" if indicator.operator is Operator.GE else "反向")
    if kind == "mid_term" and indicator.value is not None:
        return attrs.evolve(indicator, mid_term=f"{indicator.operator.value}{indicator.value * 3}")
    if kind == "not_applicable" and indicator.weight is None:
        return attrs.evolve(indicator, not_applicable=True, printed=draw(st.sampled_from(("/", "无", "不适用"))))
    if kind == "assumed" and indicator.operator in (Operator.GE, Operator.LE) and indicator.value is not None:
        return attrs.evolve(indicator, operator_printed=False)
    return indicator


@st.composite
def _funds_rows(draw, total: Decimal | None) -> tuple[FundsRow, ...]:
    if total is None or total <= 0 or not draw(st.booleans()):
        return ()
    cents = int(total * 100)
    count = draw(st.integers(1, len(_FUNDS_LABELS)))
    cuts = sorted(draw(st.lists(st.integers(0, cents), min_size=count - 1, max_size=count - 1)))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [cents])]
    return tuple(FundsRow(label, tidy(Decimal(p) / 100)) for label, p in zip(_FUNDS_LABELS, parts))


@st.composite
def _printed_table(draw, table):
    lacks = set(draw(st.sets(st.sampled_from(("weight", "core", "start", "attribute")), max_size=2)))
    if isinstance(table, DepartmentTargetTable):
        lacks &= {"weight"}
    indicators = list(table.indicators)
    if "weight" in lacks:
        indicators = [attrs.evolve(i, weight=None) for i in indicators]
    if "core" in lacks:
        indicators = [attrs.evolve(i, core=None) for i in indicators]
    indicators = [draw(_printed_indicator(i)) for i in indicators]
    notes = tuple(draw(st.lists(st.sampled_from(("注：产出指标 50 分，效益指标 30 分。", "注：本表由项目单位填报。")),
                                max_size=1, unique=True)))
    profile = FormProfile(draw(st.sampled_from(("generic", "guangdong-project", "zhejiang-project"))), lacks, notes) \
        if (lacks or notes) else None
    changes = dict(indicators=indicators, profile=profile)
    if isinstance(table, TargetTable):
        changes.update(funds_rows=draw(_funds_rows(table.funds)),
                       mid_goal=draw(st.sampled_from(("",) + _MID_GOALS)))
        if "start" in lacks:
            changes["start"] = ""
        if "attribute" in lacks:
            changes["attribute"] = ""
    else:
        changes.update(funds_rows=draw(_funds_rows(table.budget)))
    return attrs.evolve(table, **changes)


@st.composite
def _printed_document(draw, doc: Document) -> Document:
    department = draw(_printed_table(doc.department_table)) if doc.department_table is not None else None
    return attrs.evolve(doc, department_table=department,
                        target_tables=[draw(_printed_table(t)) for t in doc.target_tables])


def printed_forms(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """`strategy`'s tables or documents with what real provinces' forms print (see the module docstring).

    >>> from perfeval.strategies import target_tables
    >>> table = printed_forms(target_tables("national")).example()
    >>> sum(r.amount for r in table.funds_rows) in (0, table.funds)
    True
    """
    def decorate(value):
        if isinstance(value, Document):
            return _printed_document(value)
        return _printed_table(value)

    return strategy.flatmap(decorate)
