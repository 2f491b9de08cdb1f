"""The year-end actuals (实际完成值) that scoring compares with the targets.

Keyed by project code and 三级指标 name, as users write them in their 自评表;
readers for YAML/JSON/CSV and Excel all produce this model.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from ._methods import define, frozen
from . import vocab
from .model import Location, NOWHERE, TUPLE, slot_builder
from .units import Unit


class Band(enum.Enum):
    """The qualitative bands an evaluator chooses for a 定性 indicator."""

    ACHIEVED = "达成"
    PARTLY = "部分达成"
    NOT_ACHIEVED = "未达成"


@define(unsafe_hash=True)
class Actual:
    """One indicator's result: a number with its unit, a band for 定性, or not applicable.

    Slotted, not frozen, and immutable by convention like `model.Indicator` (see perfeval.model):
    a scoring run builds one per indicator.

    `share` is the evaluator's chosen share of the weight within the band (0–1), if given;
    `text` is the result as the user wrote it, kept for the score sheet. `level2` (二级指标)
    is needed only where a table prints the same 三级指标 name twice.
    """

    project_code: str
    indicator: str
    value: Decimal | None = None
    unit: Unit | None = None
    band: Band | None = None
    share: Decimal | None = None
    not_applicable: bool = False
    reason: str = ""
    text: str = ""
    level2: str | None = None
    location: Location = attrs.field(default=NOWHERE, eq=False, repr=False, kw_only=True)


#: The funds terms of the official 自评表, with one meaning in every command (score actuals, audit sheets,
#: workbooks): 年初预算数 the budget at the start of the year; 全年预算数 the budget after the year's
#: adjustments (调整后预算数 is another name for it); 全年执行数 what was spent. docs/scoring.md.
FUNDS_TERMS: dict[str, tuple[str, ...]] = {term: vocab.ACTUALS[term] for term in ("initial", "budget", "spent")}


def project_funds(code: str, initial: Decimal | None, budget: Decimal | None, spent: Decimal,
                  location: "Location" = None) -> "ProjectFunds":
    """ProjectFunds from the three terms: `budget` is 年初预算数 where given, `adjusted_budget` the 全年预算数
    where both are printed.

    Without a 全年预算数 the year had no adjustment (全年 = 年初); without a 年初预算数 the original
    budget is the 全年预算数. Rule sets choose the denominator (`[execution] budget`).
    """
    full = budget if budget is not None else initial
    adjusted = budget if initial is not None and budget is not None else None  # only when both are printed
    return _project_funds_row(code, initial if initial is not None else full, spent, adjusted,
                              location if location is not None else NOWHERE)


@define(unsafe_hash=True)
class ProjectFunds:
    """One project's funds in 万元: `budget` 年初预算数, `spent` 全年执行数, `adjusted_budget` 全年预算数
    (the adjusted budget; `project_funds` builds it from the printed terms).

    Slotted, not frozen, and immutable by convention like `Actual` (equal and hashed by its fields as
    before): a province's actuals build one per project, which the slot builder sets as plain attributes
    (0.15 us where a frozen class's descriptors take 0.45).
    """

    project_code: str
    budget: Decimal
    spent: Decimal
    adjusted_budget: Decimal | None = None
    location: Location = attrs.field(default=NOWHERE, eq=False, repr=False, kw_only=True)


#: ProjectFunds(...) with every field positional (location last): one per project of a province.
_project_funds_row = slot_builder(ProjectFunds)


@frozen
class Actuals:
    """All actuals of one scoring run."""

    actuals: tuple[Actual, ...] = attrs.field(converter=TUPLE, factory=tuple)
    funds: tuple[ProjectFunds, ...] = attrs.field(converter=TUPLE, factory=tuple)
    location: Location = attrs.field(default=NOWHERE, eq=False, repr=False, kw_only=True)
