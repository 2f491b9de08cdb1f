"""Matching a header row against the alias table, and keeping data out of unknown columns."""

from __future__ import annotations

import itertools
from typing import Iterator

import attrs

from ._cells import cell_text, is_blank
from .headers import IGNORED, normalise


@attrs.define
class Header:
    """Where each field's column is (1-based), and which other columns may hold text."""

    row: int
    columns: dict[str, int]
    passive: set[int]

    def reader(self, sheet, number: int, cells: tuple):
        """field -> the row's cell in that field's column (a merged range's value where merged), or None."""
        def cell(field: str):
            column = self.columns.get(field)
            if column is None:
                return None
            return sheet.merged(number, column, cells[column - 1] if column <= len(cells) else None)
        return cell

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


def two_row_header(upper: tuple, lower: tuple, lookup: dict[str, str]) -> tuple | None:
    """A header printed on two rows (a merged group title such as 绩效指标 above 一级/二级/三级指标):
    each column's lower text, or the upper one where the lower cell is empty (merged down).

    None unless the upper row itself names at least two columns, so a form's `项目名称 | …` row
    above its grid is never taken for half a header.
    """
    if len(header_fields(upper, lookup)) < 2:
        return None
    width = max(len(upper), len(lower))
    return tuple(lower[i] if i < len(lower) and not is_blank(lower[i]) else (upper[i] if i < len(upper) else None)
                 for i in range(width))


def split_header(rows: Iterator[tuple[int, tuple]], is_header, lookup: dict[str, str]):
    """(rows above the header, (row number, header cells) or None, the rows below) of a streamed sheet.

    A header may be printed on two rows: a qualifying row whose next row adds column names
    (a group title above sub-headers), or a row that qualifies only together with the one above.
    """
    above: list[tuple[int, tuple]] = []
    for number, cells in rows:
        if is_header(cells):
            following = next(rows, None)
            if following is not None:
                both = two_row_header(cells, following[1], lookup)
                if both and is_header(both) and len(header_fields(both, lookup)) > len(header_fields(cells, lookup)):
                    return above, (following[0], both), rows
                rows = itertools.chain([following], rows)
            return above, (number, cells), rows
        if above:
            both = two_row_header(above[-1][1], cells, lookup)
            if both and is_header(both):
                above.pop()
                return above, (number, both), rows
        above.append((number, cells))
    return above, None, rows
