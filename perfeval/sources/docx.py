"""Word .docx documents read into a located-cell grid with python-docx.

The body is read in order: each paragraph with text is a free-text row, each table
a numbered table whose cells are located as `表2 第3行第4列`. Merged cells are read
from the table XML itself (python-docx repeats a merged cell's object, which would
hide where the merge starts): `w:gridSpan` is a colspan, a `w:vMerge` restart cell
with its continuation cells below is a rowspan, `w:gridBefore` keeps a short row's
cells in their columns. A table nested inside a cell gives its text to that cell.

An old Word 97-2003 `.doc` (OLE2) is refused by name (`perfeval.sources.refuse_ole2`):
the user is told to save it as .docx.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import InputError, problem_at
from ..grid import Grid, GridCell, GridRow, expand_spans, text_row
from ..model import Location
from ..text import clean_cell
from . import OLE2, missing_library, refuse_ole2, spaced_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_grid(path: Path, data: bytes) -> Grid:
    """A .docx's paragraphs and tables in body order; InputError for a .doc or a broken file."""
    file = str(path)
    if data.startswith(OLE2):
        refuse_ole2(path, data)
    if not data.startswith(b"PK"):
        raise InputError(problem_at(file, None, "Word .docx 文件（zip 格式）", "不是 zip 文件，文件不是 .docx 或已损坏"))
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise missing_library(path, " Word 文件", "python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(problem_at(file, None, "完整的 Word .docx 文件",
                                    f"文件结构无法解析（{exc}），可能已损坏或不是 Word 文档；请用 Word 或 WPS 打开后另存为 .docx")) from None
    except Exception as exc:  # lxml and python-docx raise various types for broken parts
        raise InputError(problem_at(file, None, "完整的 Word .docx 文件", f"文件结构无法解析（{type(exc).__name__}: {exc}）")) from None
    rows: list[GridRow] = []
    counts = {"paragraph": 0, "table": 0}

    def walk(container) -> None:
        for element in container.iterchildren():
            if element.tag == _W + "p":
                counts["paragraph"] += 1
                text = spaced_text(_text(element))
                if text:
                    rows.append(text_row(text, Location(file, None, f"第{counts['paragraph']}段")))
            elif element.tag == _W + "tbl":
                counts["table"] += 1
                rows.extend(_table(element, counts["table"], file))
            elif element.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                walk(element.find(_W + "sdtContent") if element.tag == _W + "sdt" else element)  # content controls

    walk(document.element.body)
    return Grid(file, rows, "docx")


def _text(element) -> str:
    """The text of a paragraph or cell: runs joined, tabs and breaks as spaces."""
    parts = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "p"):
        if node.tag == _W + "t":
            parts.append(node.text or "")
        elif node.tag == _W + "p":
            if parts:
                parts.append("\n")
        else:
            parts.append("\t" if node.tag == _W + "tab" else " ")
    return "".join(parts)


def _cell_text(tc) -> str:
    lines = [spaced_text(line) for line in _text(tc).split("\n")]
    return clean_cell(" ".join(line for line in lines if line))


def _val(tc_pr, tag: str) -> str | None:
    if tc_pr is None:
        return None
    node = tc_pr.find(_W + tag)
    if node is None:
        return None
    return node.get(_W + "val", "")


def _table(tbl, number: int, file: str) -> list[GridRow]:
    """One Word table as grid rows, merges turned into anchors and covered cells."""
    printed: list[list[tuple[int, int, str | None, str]]] = []  # (column, colspan, vMerge, text)
    for tr in tbl.iterchildren(_W + "tr"):
        tr_pr = tr.find(_W + "trPr")
        column = int(_val(tr_pr, "gridBefore") or 0)
        cells = []
        for tc in tr.iterchildren(_W + "tc"):
            tc_pr = tc.find(_W + "tcPr")
            span = max(1, int(_val(tc_pr, "gridSpan") or 1))
            merge = _val(tc_pr, "vMerge")
            cells.append((column, span, merge, _cell_text(tc)))
            column += span
        printed.append(cells)
    # rowspan of each restart cell: the continuation cells below it in the same column
    starts: dict[int, tuple[int, int]] = {}
    spans: dict[tuple[int, int], int] = {}
    for r, cells in enumerate(printed):
        for column, _, merge, _ in cells:
            if merge == "restart" or merge is None:
                if merge == "restart":
                    starts[column] = (r, column)
                    spans[(r, column)] = 1
                else:
                    starts.pop(column, None)
            elif column in starts:
                spans[starts[column]] += 1
    rows: list[list[GridCell]] = []
    for r, cells in enumerate(printed):
        out: list[GridCell] = []
        col = 0
        for column, span, merge, text in cells:
            continuation = merge not in (None, "restart") and any(
                key[1] == column and key[0] < r < key[0] + n for key, n in spans.items())
            if continuation:
                col = column + span  # expand_spans puts the covered cells here
                continue
            for gap in range(col, column):  # gridBefore, or cells a short row leaves out
                if not _pending(spans, r, gap):
                    out.append(GridCell("", Location(file, None, _where(number, r, gap))))
            out.append(GridCell(text, Location(file, None, _where(number, r, column)),
                                rowspan=spans.get((r, column), 1), colspan=span))
            col = column + span
        rows.append(out)
    return [GridRow(cells, number, Location(file, None, f"表{number} 第{r + 1}行"))
            for r, cells in enumerate(expand_spans(rows))]


def _pending(spans: dict[tuple[int, int], int], r: int, col: int) -> bool:
    """Whether a merge from a row above covers (r, col), so no empty cell is printed there."""
    return any(key[1] == col and key[0] < r < key[0] + n for key, n in spans.items())


def _where(table: int, row: int, column: int) -> str:
    return f"表{table} 第{row + 1}行第{column + 1}列"
