"""A workbook as a located-cell grid, for layouts perfeval's own Excel readers do not know.

Budget-system exports and provinces' templates print titles, `单位：万元` lines and notes
around the table and merge cells freely; read as a grid, they go through the same form
recogniser as PDF, Word and HTML. Each worksheet is one table; a cell inside a merged range
is `covered` and points at the range's top-left cell. The workbook is opened through the
guarded reader, so corrupt or oversized files are refused the same way.
"""

from __future__ import annotations

from pathlib import Path

from ..grid import Grid, GridCell, GridRow


def read_grid(path: Path, data: bytes | None = None) -> Grid:
    from ..selfeval.readers import excel_text
    from ._workbook import Workbook

    rows: list[GridRow] = []
    with Workbook(path) as book:
        for number_of_sheet, sheet in enumerate(book.sheets(), start=1):
            anchors: dict[tuple[int, int], GridCell] = {}
            for number, cells in sheet.rows():
                out: list[GridCell] = []
                for column, cell in enumerate(cells, start=1):
                    origin = sheet.merges.origin(number, column) if sheet.merges else None
                    location = sheet.loc(number, column)
                    if origin is not None and origin in anchors:
                        out.append(GridCell("", location, covered=True, anchor=anchors[origin]))
                        continue
                    text = excel_text(cell) if getattr(cell, "value", None) is not None else ""
                    grid_cell = GridCell(text, location)
                    anchors[(number, column)] = grid_cell
                    out.append(grid_cell)
                while out and not out[-1].text and not out[-1].covered:
                    out.pop()
                if any(c.text for c in out):
                    rows.append(GridRow(tuple(out), number_of_sheet, sheet.loc(number)))
    return Grid(str(path), rows, source="xlsx")
