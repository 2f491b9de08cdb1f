"""One form recogniser: grids from any source into the model.

`read_document_grid(grid)` gives a `Document` (project target tables, 部门整体 target tables,
budget tables); `read_sheets_grid(grid, label)` gives the 自评表 (`SelfEvaluation`) in it.
Forms are found by their titles and headers (see perfeval.vocab), so any source adapter
(text, PDF, Word, Excel, HTML) reaches the same model the same way.
"""

from __future__ import annotations

from .. import vocab
from ..grid import Grid
from ..model import Document


def simplified_grid(grid: Grid) -> Grid:
    """The grid with traditional characters converted to simplified (OpenCC), when it has any.

    Some re-publications print forms in traditional characters; converting the cells, not only
    the headers, lets names, units and level names match the vocabulary and the rule sets.
    """
    if not any(vocab.has_traditional(cell.text) for row in grid.rows for cell in row.cells if cell.text):
        return grid
    import attrs

    converted: dict[int, object] = {}

    def cell_of(cell):
        done = converted.get(id(cell))
        if done is None:
            anchor = cell_of(cell.anchor) if cell.anchor is not None else None
            text = vocab.simplified(cell.text) if cell.text and vocab.has_traditional(cell.text) else cell.text
            done = attrs.evolve(cell, text=text, anchor=anchor)
            converted[id(cell)] = done
        return done

    rows = [attrs.evolve(row, cells=tuple(cell_of(c) for c in row.cells)) for row in grid.rows]
    return attrs.evolve(grid, rows=rows)


def read_document_grid(grid: Grid) -> Document:
    """The Document a grid holds; InputError (exit 2) when it holds no form perfeval knows."""
    from .recognise import recognise

    return recognise(simplified_grid(grid))


def read_sheets_grid(grid: Grid, label: str):
    """Every 自评表 in a grid (form or flat layout); InputError when there is none."""
    from ..selfeval.grid import Cell, is_flat, parse_flat, parse_form
    from .recognise import _texts

    rows = []
    header: list | None = None
    grid = simplified_grid(grid)
    for row in grid.rows:
        texts = _texts(row, fill=False)  # the 自评表 reader fills merged 一级/二级 down itself
        cells = [Cell(text, cell.location) for text, cell in zip(texts, row.cells)]
        if not any(c.text for c in cells):
            continue
        fields = [vocab.find(t, vocab.SELF_ROW_LOOKUP) if t else None for t in texts]
        if "name" in fields and {"actual", "score"} & set(fields):
            header = fields
        elif header is not None and grid.source in ("text-pipe", "text-space") and len(cells) < len(header):
            first = vocab.key(next(t for t in texts if t))
            if first.startswith("总分") or first in vocab.GRADE_LABELS or vocab.form_kind(first):
                header = None
            else:
                cells = _realigned(cells, header)
        rows.append(cells)
    flat = is_flat(rows)
    sheets = parse_flat(rows, grid.file, label) if flat else parse_form(rows, grid.file, label)
    if len(sheets) > 1 and not flat:
        import attrs

        sheets = [attrs.evolve(s, label=f"{label}#{i}") for i, s in enumerate(sheets, start=1)]
    return sheets


def _realigned(cells, header):
    """A short row of a copy that dropped merged and empty cells, placed under the header's columns."""
    from ..grid import GridCell
    from ..selfeval.grid import Cell
    from .recognise import _align

    filled = [GridCell(c.text, c.location) for c in cells if c.text]
    placed = _align(filled, header)
    where = filled[0].location
    return [Cell(placed[j].text, placed[j].location) if j in placed else Cell("", where) for j in range(len(header))]


__all__ = ["read_document_grid", "read_sheets_grid"]
