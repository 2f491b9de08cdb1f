"""The 项目支出绩效自评表 as a unit filled it in: every cell as printed, with where it was read.

Values stay text here (`≥90%`, `100百分比`, `7.29 万元`, `完成`) because reading them is
itself part of the review: a value that cannot be read where a number is needed is a
finding (see `values.py` and `audit.py`), not a reader error. Only the layout (which
cell is which) is the readers' business.
"""

from __future__ import annotations

import attrs

from .._methods import define, frozen
from ..model import NOWHERE, TUPLE, Location
from ..vocab import SELF_TERMS


def _cells_field():
    return attrs.field(factory=dict, eq=False, repr=False, kw_only=True, hash=False)


def _location_field():
    return attrs.field(default=NOWHERE, eq=False, repr=False, kw_only=True)


class _Where:
    """Mixin behaviour: `where(field)` is the row's location narrowed to the field's own cell, if known."""

    __slots__ = ()
    location: Location
    cells: dict[str, Location]

    def where(self, field: str | None = None) -> Location:
        return self.cells.get(field) or self.location  # (no cell for None; a Location is never false)


@frozen
class Located(_Where):
    """A block of the sheet with its location and the cells of its fields."""

    location: Location = _location_field()
    cells: dict[str, Location] = _cells_field()


@frozen
class FundsPart(Located):
    """A 其中 row under 年度资金总额 (当年财政拨款, 上年结转资金, 其他资金, or a listed sub-item), as printed.

    `rate` is the row's own 执行率 where the form prints one (四川's system prints it on every sub-row)."""

    label: str = ""
    initial: str = ""
    budget: str = ""
    spent: str = ""
    rate: str = ""


@frozen
class Funds(Located):
    """项目资金（万元）: 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分 of 年度资金总额.

    `parts` are its 其中 rows where the sheet lists them (each with its own amounts).
    """

    initial: str = ""
    budget: str = ""
    spent: str = ""
    weight: str = ""
    rate: str = ""
    score: str = ""
    reason: str = ""
    unit: str = "万元"
    parts: tuple[FundsPart, ...] = attrs.field(converter=TUPLE, factory=tuple)


@frozen
class Goal(Located):
    """年度总体目标: 预期目标 and 实际完成情况, free text."""

    expected: str = ""
    achieved: str = ""


@define(unsafe_hash=True, weakref_slot=False)
class Row(_Where):
    """One 绩效指标 row of the sheet, as printed. `nature` is 指标性质 where the sheet has that column.

    A per-row object (a province's batch reads hundreds of thousands): slotted, not frozen, so a reader sets its
    slots as plain attributes (`selfeval._fastjson`); nothing changes a row once read. Equal and hashed by its
    fields, as the frozen blocks are (not by its location and cells)."""

    location: Location = _location_field()
    cells: dict[str, Location] = _cells_field()
    level1: str = ""
    level2: str = ""
    name: str = ""
    nature: str = ""
    target: str = ""
    unit: str = ""
    actual: str = ""
    weight: str = ""
    score: str = ""
    reason: str = ""

    @property
    def path(self) -> str:
        """一级/二级/三级 joined, for messages."""
        return "/".join(p for p in (self.level1, self.level2, self.name) if p)


@frozen
class SelfEvaluation(Located):
    """One 自评表: the project, its funds block, its overall goal, indicator rows, 总分 and 自评等级.

    `label` names the sheet in findings (the file name, plus the sheet's position or
    worksheet when a file holds several); `total_weight` is the 分值 printed on the 总分 row.
    `terms` holds the words the sheet prints for its columns where they differ from the central template's
    (`vocab.SELF_TERMS`: `funds.spent` -> 预算执行数 on 四川's form), cleaned of units and notes; findings name
    the columns by them (`words`).
    """

    label: str
    project_name: str = ""
    project_code: str = ""
    department: str = ""
    implementer: str = ""
    year: str = ""
    funds: Funds | None = None
    goal: Goal | None = None
    rows: tuple[Row, ...] = attrs.field(converter=TUPLE, factory=tuple)
    total_weight: str = ""
    total: str = ""
    grade: str = ""
    terms: dict[str, str] = attrs.field(factory=dict, eq=False, hash=False, kw_only=True)

    def words(self) -> dict[str, str]:
        """Every column's word for this sheet, by field (`vocab.SELF_TERMS`' keys): the printed one where
        `terms` has it, else the central template's."""
        return {**SELF_TERMS, **self.terms} if self.terms else SELF_TERMS
