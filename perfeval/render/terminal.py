"""Tables for a terminal: columns fitted to its width, Chinese text wrapped inside cells.

Every text table perfeval prints (validate's findings, score's sheet, audit's report)
goes through `table`, so the width rules live in one place. Widths are display widths
(wcwidth: a Chinese character takes two columns).
"""

from __future__ import annotations

import os
import re
import shutil
from typing import Iterable, Sequence

MIN_COLUMN = 6       # narrower than this a cell becomes unreadable: let the line run over instead
_GAP = 2             # tabulate's "simple" format puts two spaces between columns


def terminal_width() -> int | None:
    """The width to fit: $COLUMNS, else the terminal's, else None (not a terminal: no wrapping)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(1).columns if os.isatty(1) else None
    except OSError:
        return None


def fallback_width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def display_width(text: str) -> int:
    from wcwidth import wcswidth

    widths = [wcswidth(line) for line in str(text).split("\n")]
    return max((w if w >= 0 else len(line) for w, line in zip(widths, str(text).split("\n"))), default=0)


def fit_widths(rows: Sequence[Sequence[str]], headers: Sequence[str], width: int) -> list[int | None]:
    """Per column, the widest a cell may be (None: as wide as it needs) so that the table fits `width`.

    Each column keeps at least its header's width where that fits; then water-filling: the narrow
    columns keep their natural width and the widest share what is left.
    """
    count = len(headers)
    natural = [display_width(h) for h in headers]  # a header wraps too, but no narrower than MIN_COLUMN
    for row in rows:
        for i, cell in enumerate(row[:count]):
            w = display_width(cell)
            if w > natural[i]:
                natural[i] = w
    available = width - _GAP * (count - 1)
    if sum(natural) <= available:
        return [None] * count
    # each column keeps at least its header's width (or MIN_COLUMN when even that does not fit) ...
    floors = [min(n, max(display_width(h), MIN_COLUMN)) for n, h in zip(natural, headers)]
    if sum(floors) > available:
        floors = [min(n, MIN_COLUMN) for n in natural]
    # ... and the widest columns share what is left
    cap = max(natural)
    while cap > MIN_COLUMN and sum(max(f, min(n, cap)) for f, n in zip(floors, natural)) > available:
        cap -= 1
    limits = [max(f, min(n, cap)) for f, n in zip(floors, natural)]
    return [None if limit >= n else limit for limit, n in zip(limits, natural)]


def table(rows: Iterable[Sequence[object]], headers: Sequence[str], fmt: str = "table",
          width: int | None = None) -> str:
    """rows as a `simple` table fitted to `width` (None: unfitted) or, for fmt "markdown", a GitHub table
    whose cells have `|` escaped and line breaks flattened."""
    from tabulate import tabulate

    if fmt == "markdown":
        cells = [[markdown_cell(c) for c in row] for row in rows]
        return tabulate(cells, headers=[markdown_cell(h) for h in headers], tablefmt="github", disable_numparse=True)
    cells = [["" if c is None else str(c) for c in row] for row in rows]
    limits = fit_widths(cells, headers, width) if width else None
    if limits is None or not any(limits):
        return _simple(cells, headers) or tabulate(cells, headers=list(headers), tablefmt="simple",
                                                   disable_numparse=True)
    import tabulate as module

    for _ in range(8):
        # the wrapper may leave a line a column or two over (a wide character at the edge): narrow and retry.
        # Fitted tables drop tabulate's two columns of header padding, which a narrow terminal cannot spare.
        padding, module.MIN_PADDING = module.MIN_PADDING, 0
        try:
            text = tabulate(cells, headers=list(headers), tablefmt="simple", disable_numparse=True,
                            maxcolwidths=limits, maxheadercolwidths=limits)
        finally:
            module.MIN_PADDING = padding
        over = max(display_width(line) for line in text.split("\n")) - width
        capped = [i for i, limit in enumerate(limits) if limit is not None and limit > MIN_COLUMN]
        if over <= 0 or not capped:
            return text
        widest = max(capped, key=lambda i: limits[i])
        limits[widest] = max(MIN_COLUMN, limits[widest] - over)
    return text


_SPECIAL = re.compile("[\r\n\x0b\x0c\x1b\x1c-\x1e\x85\u2028\u2029]")  # line breaks and escapes: tabulate's


def _simple(cells: list[list[str]], headers: Sequence[str]) -> str | None:
    """tabulate's unfitted `simple` table, the same text, written directly (tabulate costs ~0.1 ms a call
    in type guessing, and an audit report makes one table per sheet); None where a cell needs tabulate's
    own handling (line breaks, control or escape characters, ragged rows) or nothing is left to write."""
    from wcwidth import wcswidth

    count = len(headers)
    heads = [wcswidth(h) for h in headers]
    if not count or any(len(row) != count for row in cells) or min(heads) < 0 or \
            any(_SPECIAL.search(c) for c in headers) or any(_SPECIAL.search(c) for row in cells for c in row):
        return None
    widths = [w + 2 for w in heads]  # tabulate's two columns of header padding
    texts, shown = [], []
    for row in cells:
        stripped = [c.strip() for c in row]
        seen = [wcswidth(c) for c in stripped]
        for i, w in enumerate(seen):
            if w > widths[i]:
                widths[i] = w
        texts.append(stripped)
        shown.append(seen)
    if any(w < 0 for seen in shown for w in seen):
        return None
    lines = [_line(list(headers), heads, widths), "  ".join("-" * w for w in widths)]
    lines.extend(_line(row, seen, widths) for row, seen in zip(texts, shown))
    return "\n".join(lines)


def _line(cells: list[str], seen: list[int], widths: list[int]) -> str:
    return "  ".join(c + " " * (w - n) for c, n, w in zip(cells, seen, widths)).rstrip()


def markdown_cell(value: object) -> str:
    """A Markdown table cell: `|` and `\\` escaped, line breaks as spaces, so one cell cannot break the columns."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
