"""The typed model of a budget disclosure and its performance-target tables.

Readers build it, checks and scoring read it, and nothing flows back. Classes are
frozen and slotted; every table and row carries its source `Location`, which is
left out of equality so a document read from text, YAML or Excel compares equal
when it says the same thing.

The per-row classes a province has hundreds of thousands of (`Indicator` here,
`perfeval.actuals.Actual`, and `Location`, one per row and per finding) are slotted but not frozen: attrs' frozen classes must set each
field through `object.__setattr__`, which made building a row cost 1.1 µs against 0.3 µs.
They are immutable by convention, exactly like the frozen ones: nothing assigns to a
row's attribute after it is built (change one with `attrs.evolve`), they hash by content
as before (`unsafe_hash`), and a reader may hand the same row object to several places
that say the same thing (the JSON reader shares identical rows of one file).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Callable, Iterator, Union

import attrs

from ._methods import define, frozen
from ._lazyre import lazy
from .operators import Operator
from .units import Quantity, Unit


def _converter(function: Callable) -> Callable:
    """`function` as one attrs converter for every field that uses it.

    attrs inspects a converter's signature for each field it is given to (about 0.3 ms a field for a
    builtin such as `tuple`, whose text signature is tokenized); an `attrs.Converter` (attrs >= 24.1) is
    inspected once, where it is made, and calls `function` the same.
    """
    shared = getattr(attrs, "Converter", None)
    return function if shared is None else shared(function)


def _tuple(items) -> tuple:
    """tuple(items), as a Python function: inspecting it does not tokenize (and compile the tokenizer's
    patterns, 2 ms at start-up) as inspecting the builtin does. Rows built per indicator or per line
    use slot builders, which call no converter."""
    return tuple(items)


TUPLE = _converter(_tuple)  # converter=TUPLE, not converter=tuple, on every attrs field of the package
FROZENSET = _converter(frozenset)  # no text signature: nothing is tokenized


@define(unsafe_hash=True, weakref_slot=False)
class Location:
    """Where something was read: a file, a 1-based line, and for workbooks a cell (`附件12-4!D12`).

    `page` is the 1-based page of a PDF; `cell` also names a .docx or HTML table cell
    (`表2 第3行第4列`). For PDF the line is counted within the page.

    One is made per row read and per finding: slotted, not frozen (a slot builder sets it as plain attributes,
    0.17 µs where the frozen class took 0.38), immutable by convention and hashed by its fields like the rows.
    """

    file: str
    line: int | None = None
    cell: str | None = None
    page: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.page is not None:
            text += f" 第{self.page}页"
        if self.line is not None:
            text += f":{self.line}"
        if self.cell:
            text += f" ({self.cell})"
        return text


NOWHERE = Location("<memory>")


def _location_field():
    return attrs.field(default=NOWHERE, eq=False, repr=False, kw_only=True)


@frozen
class Deadline:
    """A 时效 target written as a date or a schedule rather than a number.

    `2025年12月前` is (2025, 12, None); `12月底前` is (None, 12, None) with the year taken
    from the table; `按季度` / `按月` is a schedule with no date. `inclusive` is False for
    `前` written as strictly before (rare: most forms mean "by").
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    schedule: str | None = None
    inclusive: bool = True

    def last_day(self, default_year: int | None = None) -> datetime.date | None:
        """The last date that still meets the deadline, or None for a schedule or an unknown year."""
        year = self.year or default_year
        if year is None or self.month is None:
            return None
        if self.day is not None:
            return datetime.date(year, self.month, self.day)
        following = datetime.date(year + (self.month == 12), self.month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)


@define(unsafe_hash=True)
class Indicator:
    """One 绩效指标 row (immutable by convention, not frozen: see the module's docstring).

    `value` is the number of a quantitative target; `text_value` holds what a
    qualitative (定性) target says instead, such as `优` or `达成预期指标`.
    Department-level tables have no 一级/二级 names and no core flag: those are None.

    What real forms print beyond that, each None/False when the form does not say it:
    `printed` the 指标值 cell exactly as printed where the fields above cannot say it
    (`按月安排`, `28.8万元` under a `%` unit column); `operator_printed` False when the
    form printed no operator and the reader assumed one; `tolerance` a band around the
    value (`±3%以内`: a `%` tolerance on a non-`%` unit is relative to the value);
    `deadline` a date or schedule target; `direction` 正向/反向 as printed; `mid_term`
    the 中期指标值 as printed; `not_applicable` a row marked `/`, `无` or 不适用.
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
    printed: str | None = None
    operator_printed: bool = True
    tolerance: Quantity | None = None
    deadline: Deadline | None = None
    direction: str | None = None
    mid_term: str | None = None
    not_applicable: bool = False
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


def slot_builder(cls: type) -> Callable[..., object]:
    """A constructor of the slotted attrs class `cls` taking every field positionally, in order.

    For a frozen class it sets each slot through the slot's own descriptor, where attrs' `__init__`
    calls `object.__setattr__` by name: the same object at about 60% of the cost
    (benchmarks/bench_read.py); for a class without its own `__setattr__` (the per-row classes) it
    assigns each attribute, as `__init__` does, without the keyword handling. For readers that build
    a row per indicator of a province. Values are stored as given: a field with a converter (`tuple`)
    must be passed what the converter returns. Refused for classes with validators or init hooks,
    which it would skip.
    """
    built = _BUILDERS.get(cls)
    if built is not None:  # (made once per class: two modules may build one class's rows)
        return built
    fields = attrs.fields(cls)
    for field in fields:
        if field.validator is not None or not field.init or field.on_setattr not in (None, attrs.setters.NO_OP):
            raise TypeError(f"{cls.__name__}.{field.name}: the slot builder would skip what __init__ does")
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        raise TypeError(f"{cls.__name__}: the slot builder would skip its init hooks")
    names = [field.name for field in fields]
    if cls.__setattr__ is object.__setattr__:  # plain slots: an assignment is what __init__ does
        body = "".join(f"    self.{name} = {name}\n" for name in names)
    else:
        body = "".join(f"    set_{name}(self, {name})\n" for name in names)
    source = f"def build_{cls.__name__}({', '.join(names)}):\n    self = new(cls)\n" + body + "    return self\n"
    # getattr, not cls.__dict__: a slot may be declared by a base class
    scope = {"new": object.__new__, "cls": cls, **{f"set_{name}": getattr(cls, name).__set__ for name in names}}
    exec(compile(source, f"<slot builder of {cls.__name__}>", "exec"), scope)  # generated from field names only
    built = _BUILDERS[cls] = scope[f"build_{cls.__name__}"]
    return built


_BUILDERS: dict[type, Callable[..., object]] = {}


def packed_builder(cls: type, before: int, after: int) -> Callable[..., object]:
    """A constructor of the plainly slotted attrs class `cls` (a per-row class: no `__setattr__` of its own) taking
    its first `before` fields positionally, then one tuple of the fields after them up to the last `after`, then
    those: `packed_builder(Actual, 1, 1)(code, (name, value, ...), location)`. For a hot loop that keeps the middle
    fields of rows in a memo: the tuple is unpacked straight into the slots, without passing each field.
    What `slot_builder` refuses it refuses too."""
    slot_builder(cls)  # its refusals
    if cls.__setattr__ is not object.__setattr__:
        raise TypeError(f"{cls.__name__}: a packed builder needs plain slots")
    names = [field.name for field in attrs.fields(cls)]
    head, middle, tail = names[:before], names[before:len(names) - after], names[len(names) - after:]
    if len(middle) < 2:
        raise TypeError(f"{cls.__name__}: nothing to pack")
    source = (f"def build_{cls.__name__}_packed({', '.join([*head, 'packed', *tail])}):\n    self = new(cls)\n"
              + "".join(f"    self.{name} = {name}\n" for name in head)
              + f"    {', '.join(f'self.{name}' for name in middle)} = packed\n"
              + "".join(f"    self.{name} = {name}\n" for name in tail) + "    return self\n")
    scope = {"new": object.__new__, "cls": cls}
    exec(compile(source, f"<packed builder of {cls.__name__}>", "exec"), scope)  # generated from field names only
    return scope[f"build_{cls.__name__}_packed"]


#: Indicator(...) with all 17 fields positional, in declaration order (location last): for readers' hot loops.
indicator_row = slot_builder(Indicator)


@frozen
class FundsRow:
    """A funds sub-row under 资金总额: `其中：当年财政拨款`, `上年结转资金`, `其他资金`, in 万元."""

    label: str
    amount: Decimal | None = None
    location: Location = _location_field()


@frozen
class FormProfile:
    """What a printed form has and lacks, recorded when it is read.

    `name` is the form variant (a file under rules/forms/, or `generic`); `lacks` the model
    fields the form has no column or key for (`weight`, `core`, `start`, …), so checks skip
    them and say so once per table; `notes` the form's own printed notes (`注：产出指标 50 分…`).
    A table read from a form that has every field carries no profile (None).
    """

    name: str
    lacks: frozenset[str] = attrs.field(converter=FROZENSET, factory=frozenset)
    notes: tuple[str, ...] = attrs.field(converter=TUPLE, factory=tuple)

    def has(self, field: str) -> bool:
        return field not in self.lacks


class _FormTable:
    """What a target table and the 部门整体 table share: the form they were read from, their weights."""

    __slots__ = ()
    profile: FormProfile | None
    indicators: tuple[Indicator, ...]

    def has(self, field: str) -> bool:
        """Whether the form this table was read from has `field` (True when no profile says otherwise)."""
        return self.profile is None or self.profile.has(field)

    @property
    def weight_total(self) -> Decimal:
        return sum((i.weight for i in self.indicators if i.weight is not None), Decimal(0))


@frozen
class TargetTable(_FormTable):
    """A 项目支出绩效目标表 (附件 12-x): one project, its goal text and indicators."""

    label: str
    project_code: str
    project_name: str
    indicators: tuple[Indicator, ...] = attrs.field(converter=TUPLE, factory=tuple)
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
    mid_goal: str = ""
    funds_rows: tuple[FundsRow, ...] = attrs.field(converter=TUPLE, factory=tuple)
    profile: FormProfile | None = None
    location: Location = _location_field()

    @property
    def start_year(self) -> int | None:
        match = re.search(r"(\d{4})", self.start)
        return int(match.group(1)) if match else None


#: TargetTable(...) with all 18 fields positional, in declaration order; `indicators` and `funds_rows` as tuples.
target_table_row = slot_builder(TargetTable)


@frozen
class DepartmentTargetTable(_FormTable):
    """The 部门（单位）整体绩效目标表 (附件 11 in the seed)."""

    label: str
    unit_name: str
    indicators: tuple[Indicator, ...] = attrs.field(converter=TUPLE, factory=tuple)
    title: str = ""
    budget: Decimal | None = None
    goal: str = ""
    funds_rows: tuple[FundsRow, ...] = attrs.field(converter=TUPLE, factory=tuple)
    profile: FormProfile | None = None
    location: Location = _location_field()


Cell = Union[str, Decimal, None]


@frozen
class Column:
    """A budget-table column: its header as printed (levels joined by `/`) and whether it holds amounts."""

    name: str
    numeric: bool


@frozen
class BudgetRow:
    """One printed row: a cell per column (text for text columns, Decimal or None for amounts)."""

    cells: tuple[Cell, ...] = attrs.field(converter=TUPLE)
    location: Location = _location_field()


_CODE_HEADER = lazy(r"编码|编号|代码")
_NAME_HEADER = lazy(r"名称|项目|科目")


@frozen
class BudgetTable:
    """A budget table (附件 1–10): the printed column headers and every row, amounts in `unit`.

    Tables printed as two sides (收入 | 支出) keep both sides as columns of one row,
    exactly as printed; `code_column` and `name_column` find the subject columns.
    """

    label: str
    title: str
    columns: tuple[Column, ...] = attrs.field(converter=TUPLE)
    rows: tuple[BudgetRow, ...] = attrs.field(converter=TUPLE, factory=tuple)
    unit: str = "万元"
    notes: tuple[str, ...] = attrs.field(converter=TUPLE, factory=tuple)
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


@frozen
class Paragraph:
    """A paragraph of the narrative part (一 … 七), with the section heading it falls under."""

    text: str
    section: str = ""
    location: Location = _location_field()


@frozen
class UnplacedLine:
    """A line the reader could not place in any table or paragraph; kept and reported, never dropped."""

    text: str
    reason: str
    location: Location = _location_field()


@frozen
class Document:
    """A 部门预算公开 document: budget tables, the department target table, project target tables."""

    unit_name: str
    year: int | None = None
    title: str = ""
    narrative: tuple[Paragraph, ...] = attrs.field(converter=TUPLE, factory=tuple)
    budget_tables: tuple[BudgetTable, ...] = attrs.field(converter=TUPLE, factory=tuple)
    department_table: DepartmentTargetTable | None = None
    target_tables: tuple[TargetTable, ...] = attrs.field(converter=TUPLE, factory=tuple)
    unplaced: tuple[UnplacedLine, ...] = attrs.field(converter=TUPLE, factory=tuple)
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
