"""The located-cell grid that every source is read into before forms are recognised.

A PDF page, a Word table, a worksheet, an HTML table and a line of copied text all
become rows of cells, each cell knowing where it was printed. Free text between
tables (titles, `附件 12-3`, `单位：万元`, notes) is a row of one cell outside any
table. One form recogniser then turns a grid into the model, whatever the source,
so header names, merged-cell handling and row placement are written once.

Merged cells: the anchor cell carries the text and its `rowspan`/`colspan`; every
position it covers holds a `covered` cell with no text, so columns stay aligned.
`GridRow.texts(fill=True)` repeats a merged value into the positions it covers.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import attrs

from .model import NOWHERE, TUPLE, Location


@attrs.frozen(slots=True)
class GridCell:
    """One printed cell: its text (stripped of layout, not of meaning), its place, its span."""

    text: str
    location: Location = attrs.field(default=NOWHERE, eq=False, repr=False)
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False
    anchor: "GridCell | None" = attrs.field(default=None, eq=False, repr=False)
    """For a covered cell, the merged range's anchor (whose text it shows when filled)."""


@attrs.frozen(slots=True)
class GridRow:
    """A row of cells in reading order; `table` numbers the source table (None: free text)."""

    cells: tuple[GridCell, ...] = attrs.field(converter=TUPLE)
    table: int | None = None
    location: Location = attrs.field(default=NOWHERE, eq=False, repr=False)

    def texts(self, fill: bool = False) -> list[str]:
        """Each cell's text; with `fill`, covered cells show their merged anchor's text."""
        if not fill:
            return [c.text for c in self.cells]
        return [(c.anchor.text if c.covered and c.anchor is not None else c.text) for c in self.cells]

    @property
    def is_free_text(self) -> bool:
        return self.table is None

    def nonempty(self) -> list[GridCell]:
        return [c for c in self.cells if c.text.strip()]


@attrs.frozen
class Grid:
    """Everything one file printed, as rows in reading order.

    `source` names the adapter (`pdf`, `pdf-words`, `docx`, `xlsx`, `xls`, `html`,
    `text-tab`, `text-pipe`, `text-space`, `text-lines`); `problems` holds what the
    adapter could not place (each an `errors.Problem`), reported with the document.
    """

    file: str
    rows: tuple[GridRow, ...] = attrs.field(converter=TUPLE)
    source: str = "text-tab"
    problems: tuple = attrs.field(converter=TUPLE, factory=tuple)

    def __iter__(self) -> Iterator[GridRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def tables(self) -> dict[int, list[GridRow]]:
        """The rows of each source table, by table number, in order."""
        found: dict[int, list[GridRow]] = {}
        for row in self.rows:
            if row.table is not None:
                found.setdefault(row.table, []).append(row)
        return found


def text_row(text: str, location: Location) -> GridRow:
    """A free-text line (a title, a `单位：万元` line, a note) as a one-cell row outside any table."""
    return GridRow((GridCell(text, location),), None, location)


def expand_spans(rows: Iterable[list[GridCell]]) -> list[list[GridCell]]:
    """Insert `covered` cells for every anchor's row and column span, so columns line up.

    Input rows list only the cells actually printed (as HTML and Word give them); the
    result is rectangular per row, with covered positions pointing at their anchor.
    """
    pending: dict[tuple[int, int], GridCell] = {}
    result: list[list[GridCell]] = []
    for r, printed in enumerate(rows):
        out: list[GridCell] = []
        queue = list(printed)
        c = 0
        while queue or any(key[0] == r and key[1] >= c for key in pending):
            if (r, c) in pending:
                anchor = pending.pop((r, c))
                out.append(GridCell("", anchor.location, covered=True, anchor=anchor))
                c += 1
                continue
            if not queue:
                c += 1
                continue
            cell = queue.pop(0)
            out.append(cell)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if dr or dc:
                        if dr == 0:
                            out.append(GridCell("", cell.location, covered=True, anchor=cell))
                        else:
                            pending[(r + dr, c + dc)] = cell
            c += cell.colspan
        result.append(out)
    return result
