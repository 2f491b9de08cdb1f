"""The project list (项目支出明细表): which projects the budget funds, by code, name and amount.

Budget tables print a project as `50015224T000004337668-全民参保入户登记调查工作经费`
in a 项目名称 column; money and budget checks compare target tables with it.
"""

from __future__ import annotations

from decimal import Decimal

from .._methods import define
from ..model import BudgetTable, Document, Location, slot_builder
from .. import vocab
from ..text import nfkc

_PROJECT = vocab.LISTED_PROJECT_CODE
_AMOUNT_NAMES = ("合计", "总计", "金额", "预算数")


@define
class ListedProject:
    """A project as the project list prints it. A per-row object (one per row of a province's 项目支出明细表):
    slotted, not frozen, so its builder assigns each field (a frozen one sets each through its descriptor)."""

    code: str
    name: str
    amount: Decimal | None
    table: str
    location: Location


_listed_project = slot_builder(ListedProject)  # ListedProject(...) positional: one per row of a province's list


def project_list(document: Document) -> list[ListedProject]:
    """Every project row of the document's budget tables, in order (first listing of a code wins).

    A row lists the project named by the first text cell of a text column (their places found once per
    table) that names one. A text met before in the table that named none (the 预算单位 a province's list
    repeats on every row) is passed over without the pattern."""
    projects: dict[str, ListedProject] = {}
    match = _PROJECT.match
    for table in document.budget_tables:
        amount_column = _amount_column(table)
        texts = [i for i, column in enumerate(table.columns) if not column.numeric]
        label = table.label
        named_none: set[str] = set()
        for row in table.rows:
            cells = row.cells
            count = len(cells)
            for i in texts:
                if i >= count:
                    break
                cell = cells[i]
                if isinstance(cell, str):
                    if cell in named_none:
                        continue
                    found = match(cell)
                    if found is None:
                        if len(named_none) < _NAMED_NONE:
                            named_none.add(cell)
                        continue
                    code = found.group(1)
                    if code not in projects:
                        amount = cells[amount_column] if amount_column is not None else None
                        projects[code] = _listed_project(code, found.group(2),
                                                         amount if isinstance(amount, Decimal) else None, label,
                                                         row.location)
                    break
    return list(projects.values())


_NAMED_NONE = 4096  # texts kept per table that name no project


def _amount_column(table: BudgetTable) -> int | None:
    numeric = table.amount_columns()
    for wanted in _AMOUNT_NAMES:
        for i in numeric:
            if table.columns[i].name.split("/")[-1].strip() == wanted:
                return i
    return numeric[0] if numeric else None


def same_name(a: str, b: str) -> bool:
    """Names compare equal when they differ only in spacing or full-/half-width forms.

    Identical names (nearly every table against its project list) skip the normalising.
    """
    if a == b:
        return True
    return "".join(nfkc(a).split()) == "".join(nfkc(b).split())
