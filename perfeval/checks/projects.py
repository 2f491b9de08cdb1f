"""The project list (项目支出明细表): which projects the budget funds, by code, name and amount.

Budget tables print a project as `50015224T000004337668-全民参保入户登记调查工作经费`
in a 项目名称 column; money and budget checks compare target tables with it.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..model import BudgetRow, BudgetTable, Document, Location, slot_builder
from .. import vocab
from ..text import nfkc

_PROJECT = vocab.LISTED_PROJECT_CODE
_AMOUNT_NAMES = ("合计", "总计", "金额", "预算数")


@attrs.frozen
class ListedProject:
    """A project as the project list prints it."""

    code: str
    name: str
    amount: Decimal | None
    table: str
    location: Location


_listed_project = slot_builder(ListedProject)  # ListedProject(...) positional: one per row of a province's list


def project_list(document: Document) -> list[ListedProject]:
    """Every project row of the document's budget tables, in order (first listing of a code wins)."""
    projects: dict[str, ListedProject] = {}
    for table in document.budget_tables:
        amount_column = _amount_column(table)
        texts = [i for i, column in enumerate(table.columns) if not column.numeric]
        for row in table.rows:
            listed = _listed(table, row, amount_column, texts)
            if listed is not None and listed.code not in projects:
                projects[listed.code] = listed
    return list(projects.values())


def _amount_column(table: BudgetTable) -> int | None:
    numeric = table.amount_columns()
    for wanted in _AMOUNT_NAMES:
        for i in numeric:
            if table.columns[i].name.split("/")[-1].strip() == wanted:
                return i
    return numeric[0] if numeric else None


def _listed(table: BudgetTable, row: BudgetRow, amount_column: int | None, texts: list[int]) -> ListedProject | None:
    """The project `row` lists, if any: the first text cell of a text column (`texts`, their places in column
    order, found once per table) that names one."""
    cells = row.cells
    count = len(cells)
    for i in texts:
        if i >= count:
            break
        cell = cells[i]
        if isinstance(cell, str):
            match = _PROJECT.match(cell)
            if match:
                amount = cells[amount_column] if amount_column is not None else None
                return _listed_project(match.group(1), match.group(2), amount if isinstance(amount, Decimal) else None,
                                       table.label, row.location)
    return None


def same_name(a: str, b: str) -> bool:
    """Names compare equal when they differ only in spacing or full-/half-width forms.

    Identical names (nearly every table against its project list) skip the normalising.
    """
    if a == b:
        return True
    return "".join(nfkc(a).split()) == "".join(nfkc(b).split())
