"""The typed model of a budget disclosure and its performance-target tables.

Readers build it, checks and scoring read it, and nothing flows back. Classes are
frozen and slotted; every table and row carries its source `Location`, which is
left out of equality so a document read from text, YAML or Excel compares equal
when it says the same thing.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, Union

import attrs

from .operators import Operator
from .units import Quantity, Unit


@attrs.frozen
class Location:
    """Where something was read: a file, a 1-based line, and for workbooks a cell (`附件12-4!D12`)."""

    file: str
    line: int | None = None
    cell: str | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        if self.cell:
            text += f" ({self.cell})"
        return text


NOWHERE = Location("<memory>")


def _location_field():
    return attrs.field(default=NOWHERE, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Indicator:
    """One 绩效指标 row.

    `value` is the number of a quantitative target; `text_value` holds what a
    qualitative (定性) target says instead, such as `优` or `达成预期指标`.
    Department-level tables have no 一级/二级 names and no core flag: those are None.
    """

    name: str
    operator: Operator
    value: Decimal | None = None
    unit: Unit | None = None
    weight: Decimal | None = None
    level1: str | None = None
    level2: str | None = None
    core: bool | None = None
    text_value: str | None = None
    location: Location = _location_field()

    @property
    def quantity(self) -> Quantity | None:
        if self.value is None or self.unit is None:
            return None
        return Quantity(self.value, self.unit)

    @property
    def path(self) -> str:
        """一级/二级/三级 joined, for messages."""
        return "/".join(p for p in (self.level1, self.level2, self.name) if p)


@attrs.frozen
class TargetTable:
    """A 项目支出绩效目标表 (附件 12-x): one project, its goal text and indicators."""

    label: str
    project_code: str
    project_name: str
    indicators: tuple[Indicator, ...] = attrs.field(converter=tuple, factory=tuple)
    title: str = ""
    department: str = ""
    implementer: str = ""
    funds: Decimal | None = None
    attribute: str = ""
    start: str = ""
    end: str = ""
    overview: str = ""
    basis: str = ""
    goal: str = ""
    location: Location = _location_field()

    @property
    def start_year(self) -> int | None:
        match = re.search(r"(\d{4})", self.start)
        return int(match.group(1)) if match else None

    @property
    def weight_total(self) -> Decimal:
        return sum((i.weight for i in self.indicators if i.weight is not None), Decimal(0))


@attrs.frozen
class DepartmentTargetTable:
    """The 部门（单位）整体绩效目标表 (附件 11 in the seed)."""

    label: str
    unit_name: str
    indicators: tuple[Indicator, ...] = attrs.field(converter=tuple, factory=tuple)
    title: str = ""
    budget: Decimal | None = None
    goal: str = ""
    location: Location = _location_field()

    @property
    def weight_total(self) -> Decimal:
        return sum((i.weight for i in self.indicators if i.weight is not None), Decimal(0))


Cell = Union[str, Decimal, None]


@attrs.frozen
class Column:
    """A budget-table column: its header as printed (levels joined by `/`) and whether it holds amounts."""

    name: str
    numeric: bool


@attrs.frozen
class BudgetRow:
    """One printed row: a cell per column (text for text columns, Decimal or None for amounts)."""

    cells: tuple[Cell, ...] = attrs.field(converter=tuple)
    location: Location = _location_field()


_CODE_HEADER = re.compile(r"编码|编号|代码")
_NAME_HEADER = re.compile(r"名称|项目|科目")


@attrs.frozen
class BudgetTable:
    """A budget table (附件 1–10): the printed column headers and every row, amounts in `unit`.

    Tables printed as two sides (收入 | 支出) keep both sides as columns of one row,
    exactly as printed; `code_column` and `name_column` find the subject columns.
    """

    label: str
    title: str
    columns: tuple[Column, ...] = attrs.field(converter=tuple)
    rows: tuple[BudgetRow, ...] = attrs.field(converter=tuple, factory=tuple)
    unit: str = "万元"
    notes: tuple[str, ...] = attrs.field(converter=tuple, factory=tuple)
    location: Location = _location_field()

    def column_index(self, name: str) -> int:
        for i, column in enumerate(self.columns):
            if column.name == name:
                return i
        raise KeyError(name)

    @property
    def code_column(self) -> int | None:
        for i, column in enumerate(self.columns):
            if not column.numeric and _CODE_HEADER.search(column.name):
                return i
        return None

    @property
    def name_column(self) -> int | None:
        for i, column in enumerate(self.columns):
            if not column.numeric and _NAME_HEADER.search(column.name) and not _CODE_HEADER.search(column.name):
                return i
        return None

    def amount_columns(self) -> list[int]:
        return [i for i, column in enumerate(self.columns) if column.numeric]

    def code(self, row: BudgetRow) -> str:
        i = self.code_column
        return str(row.cells[i] or "") if i is not None else ""

    def name(self, row: BudgetRow) -> str:
        i = self.name_column
        return str(row.cells[i] or "") if i is not None else ""


@attrs.frozen
class Paragraph:
    """A paragraph of the narrative part (一 … 七), with the section heading it falls under."""

    text: str
    section: str = ""
    location: Location = _location_field()


@attrs.frozen
class UnplacedLine:
    """A line the reader could not place in any table or paragraph; kept and reported, never dropped."""

    text: str
    reason: str
    location: Location = _location_field()


@attrs.frozen
class Document:
    """A 部门预算公开 document: budget tables, the department target table, project target tables."""

    unit_name: str
    year: int | None = None
    title: str = ""
    narrative: tuple[Paragraph, ...] = attrs.field(converter=tuple, factory=tuple)
    budget_tables: tuple[BudgetTable, ...] = attrs.field(converter=tuple, factory=tuple)
    department_table: DepartmentTargetTable | None = None
    target_tables: tuple[TargetTable, ...] = attrs.field(converter=tuple, factory=tuple)
    unplaced: tuple[UnplacedLine, ...] = attrs.field(converter=tuple, factory=tuple)
    location: Location = _location_field()

    def all_indicators(self) -> Iterator[tuple[TargetTable | DepartmentTargetTable, Indicator]]:
        if self.department_table is not None:
            for indicator in self.department_table.indicators:
                yield self.department_table, indicator
        for table in self.target_tables:
            for indicator in table.indicators:
                yield table, indicator

    def budget_table(self, label: str) -> BudgetTable | None:
        for table in self.budget_tables:
            if table.label == label:
                return table
        return None

    def target_table(self, project_code: str) -> TargetTable | None:
        for table in self.target_tables:
            if table.project_code == project_code:
                return table
        return None
