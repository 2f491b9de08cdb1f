"""Matching a header row against the alias table, and keeping data out of unknown columns."""

from __future__ import annotations

import attrs

from ._cells import cell_text, is_blank
from .headers import IGNORED, normalise


@attrs.define
class Header:
    """Where each field's column is (1-based), and which other columns may hold text."""

    row: int
    columns: dict[str, int]
    passive: set[int]

    def unknown_cells(self, sheet, problems, number: int, cells: tuple) -> bool:
        """Report content in a column the header did not name; True if there was any."""
        found = False
        mapped = set(self.columns.values())
        for column, cell in enumerate(cells, start=1):
            if column in mapped or column in self.passive or is_blank(cell):
                continue
            problems.add(sheet.problem(number, column, "表头中有列名的列（此列没有表头）", cell_text_safe(cell)))
            found = True
        return found


def cell_text_safe(cell) -> str:
    try:
        return cell_text(cell)
    except ValueError:
        return str(getattr(cell, "value", ""))


def match_header(sheet, problems, number: int, cells: tuple, lookup: dict[str, str], accepted: str,
                 passive_names: tuple[str, ...] = ()) -> Header:
    """Map each header cell to its field; unknown and repeated headers are problems with their cell."""
    columns: dict[str, int] = {}
    passive: set[int] = set()
    ignored = {normalise(n) for n in IGNORED + passive_names}
    for column, cell in enumerate(cells, start=1):
        text = normalise(cell_text_safe(cell))
        if not text:
            continue
        field = lookup.get(text)
        if field is None:
            if text in ignored:
                passive.add(column)
            else:
                problems.add(sheet.problem(number, column, f"已知的列名之一：{accepted}", cell_text_safe(cell)))
                passive.add(column)  # reported once here, not again on every row
            continue
        if field in columns:
            problems.add(sheet.problem(number, column, f"每个字段只有一列（与 {sheet.ref(number, columns[field])} 重复）",
                                       cell_text_safe(cell)))
            passive.add(column)
            continue
        columns[field] = column
    return Header(number, columns, passive)


def header_fields(cells: tuple, lookup: dict[str, str]) -> set[str]:
    """The fields a row's cells name, for recognising which kind of sheet this is."""
    return {lookup[t] for t in (normalise(cell_text_safe(c)) for c in cells) if t in lookup}


def keep_consistent(sheet, problems, store: dict, field: str, number: int, column: int, value: object, name: str) -> None:
    """Remember a per-project value; a later row saying something else is a problem naming both cells."""
    seen = store.get(field)
    if seen is None:
        store[field] = (number, column, value)
    elif seen[2] != value:
        problems.add(sheet.problem(number, column, f"同一项目各行的“{name}”一致（{sheet.ref(seen[0], seen[1])} 为 {seen[2]}）",
                                   str(value)))
