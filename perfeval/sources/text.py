"""Text copied out of a PDF or a web page, read into a `Grid`.

Four ways a copy prints a table row, each recognised by its content:

- `text-tab`: cells separated by tabs, empty cells kept (what most PDF extractors give; the seed);
- `text-pipe`: `| a | b |` rows copied from a web page or a Markdown export, which may drop
  empty cells and cells merged down (the recogniser realigns short rows against the header);
- `text-space`: runs of two or more spaces between cells, as `pdftotext -layout` prints;
- `text-lines`: one cell per line, as a browser copies a table cell by cell; rows are
  rebuilt from the vocabulary (a key line and its value; a run of header lines; then data
  cells assigned to the header's columns in order, a new row where the next cell cannot
  follow the last).

A line with one cell is free text (a title, `单位：万元`, a note). Every line keeps its number.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import vocab
from ..errors import InputError, problem_at
from ..grid import Grid, GridCell, GridRow, text_row
from ..model import Location
from ..text import clean_cell

_PIPE_RULE = re.compile(r"^\|?[\s:：\-|+=]+\|?$")
_SPACES = re.compile(r"(?:[ \t]{2,}|\u3000+)")


def read_grid(path: Path, data: bytes) -> Grid:
    """The grid of a text file (UTF-8 or GBK/GB18030)."""
    from ..readers import decode

    text, _ = decode(data, path)
    if not text.strip():
        raise InputError(problem_at(str(path), None, "有内容的文件", "文件为空"))
    return text_grid(text, str(path))


def layout_of(text: str) -> str:
    """Which of the four row layouts a text uses, by its lines."""
    if "\t" in text and "|" not in text:
        return "text-tab"  # the common case, decided without a pass over the lines
    lines = [line for line in text.splitlines() if line.strip()]
    tabs = sum("\t" in line.strip() for line in lines) if "\t" in text else 0
    pipes = sum(line.count("|") >= 2 for line in lines) if "|" in text else 0
    if tabs and tabs >= pipes:
        return "text-tab"
    if pipes >= 2:
        return "text-pipe"
    spaces = sum(len(_SPACES.split(line.strip())) >= 2 for line in lines)
    if spaces >= 3:
        return "text-space"
    headers = sum(vocab.find(line, vocab.INDICATOR_LOOKUP) is not None for line in lines)
    if headers >= 3:
        return "text-lines"
    return "text-tab"


def _cells(line: str, layout: str) -> list[str] | None:
    """A line's cells, or None for a line to skip (a table rule)."""
    stripped = line.strip()
    if layout == "text-tab":
        return [clean_cell(c) for c in line.rstrip("\r\n").split("\t")]
    if layout == "text-pipe":
        if stripped.count("|") < 2 and not stripped.startswith("|"):
            return [clean_cell(stripped)]
        if _PIPE_RULE.match(stripped):
            return None
        parts = stripped.split("|")
        if parts and not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        return [clean_cell(p) for p in parts]
    if layout == "text-space":
        return [clean_cell(c) for c in _SPACES.split(stripped)]
    return [clean_cell(stripped)]


def text_grid(text: str, file: str, layout: str | None = None) -> Grid:
    """Every non-blank line as a row; rows of two or more cells are table rows, numbered by block."""
    layout = layout or layout_of(text)
    rows: list[GridRow] = []
    table = 0
    in_table = False
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if layout == "text-lines":
        return Grid(file, _regroup_lines(numbered, file), source=layout)
    for number, line in numbered:
        cells = _cells(line, layout)
        if cells is None:
            continue
        location = Location(file, number)
        if len([c for c in cells if c]) <= 1 and len(cells) <= 1:
            rows.append(text_row(cells[0] if cells else "", location))
            in_table = False
            continue
        if not in_table:
            table += 1
            in_table = True
        rows.append(GridRow(tuple(GridCell(c, location) for c in cells), table, location))
    return Grid(file, rows, source=layout)


# -- one cell per line ------------------------------------------------------------------------------

def _is_key(text: str) -> bool:
    k = vocab.key(text)
    return k in vocab.TARGET_LOOKUP or k in vocab.DEPARTMENT_LOOKUP or k in vocab.SELF_FUNDS_LOOKUP


def _header_field(text: str) -> str | None:
    return vocab.find(text, vocab.INDICATOR_LOOKUP) or vocab.find(text, vocab.SELF_ROW_LOOKUP)


def _stops_data(text: str) -> bool:
    k = vocab.key(text)
    return (_is_key(text) or vocab.form_kind(text) is not None or bool(vocab.NOTE.match(text))
            or k.startswith("总分") or k in vocab.GRADE_LABELS or bool(vocab.ATTACHMENT.match(k)))


def _regroup_lines(numbered: list[tuple[int, str]], file: str) -> list[GridRow]:
    from ..forms.values import fits

    rows: list[GridRow] = []
    table = 0
    i = 0
    while i < len(numbered):
        number, line = numbered[i]
        text = clean_cell(line)
        location = Location(file, number)
        if _header_field(text) is not None and i + 2 < len(numbered) and \
                _header_field(clean_cell(numbered[i + 1][1])) is not None:
            header: list[tuple[int, str]] = []
            while i < len(numbered) and (_header_field(clean_cell(numbered[i][1])) is not None):
                header.append(numbered[i])
                i += 1
            table += 1
            rows.append(GridRow(tuple(GridCell(clean_cell(t), Location(file, n)) for n, t in header), table, location))
            fields = [_header_field(clean_cell(t)) for _, t in header]
            current: dict[int, GridCell] = {}
            last = -1

            def flush() -> None:
                if current:
                    first = min(current.values(), key=lambda c: c.location.line or 0)
                    rows.append(GridRow(tuple(current.get(j, GridCell("", first.location)) for j in range(len(fields))),
                                        table, first.location))

            while i < len(numbered) and not _stops_data(clean_cell(numbered[i][1])):
                n, t = numbered[i]
                cell = GridCell(clean_cell(t), Location(file, n))
                if vocab.key(t) in vocab.INDICATOR_BLOCK:
                    i += 1
                    continue
                later = [j for j in range(last + 1, len(fields)) if fits(fields[j], t) > 0]
                starts_row = last >= 0 and any(f in ("level1", "level2") and fits(f, t) > 0 for f in fields[:last + 1])
                if later and not starts_row:
                    j = later[0]
                else:
                    flush()
                    current = {}
                    j = next((j for j in range(len(fields)) if fits(fields[j], t) > 0), 0)
                current[j] = cell
                last = j
                i += 1
            flush()
            continue
        if _is_key(text) and i + 1 < len(numbered) and not _is_key(clean_cell(numbered[i + 1][1])) \
                and _header_field(clean_cell(numbered[i + 1][1])) is None:
            value_number, value = numbered[i + 1]
            table += 1
            rows.append(GridRow((GridCell(text, location), GridCell(clean_cell(value), Location(file, value_number))),
                                table, location))
            i += 2
            continue
        rows.append(text_row(text, location))
        i += 1
    return rows
