"""Tables for a terminal: columns fitted to its width, Chinese text wrapped inside cells.

Every text table perfeval prints (validate's findings, score's sheet, audit's report)
goes through `table`, so the width rules live in one place. Widths are display widths
(wcwidth, loaded by .width: a Chinese character takes two columns).
"""

from __future__ import annotations

import operator
import os
import re
from itertools import repeat
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


def display_width(text: str) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    from .width import wcswidth

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
    if fmt == "markdown":
        from tabulate import tabulate

        cells = [[markdown_cell(c) for c in row] for row in rows]
        return tabulate(cells, headers=[markdown_cell(h) for h in headers], tablefmt="github", disable_numparse=True)
    if not width:
        rows = rows if type(rows) is list else list(rows)
        text = _plain(rows, headers)  # a table of plain one-line texts (score's sheet), laid out in C loops
        if text is not None:
            return text
    cells = [["" if c is None else str(c) for c in row] for row in rows]
    limits = fit_widths(cells, headers, width) if width else None
    if limits is None or not any(limits):
        return _simple(cells, headers)
    for _ in range(8):
        # the wrapper may leave a line a column or two over (a wide character at the edge): narrow and retry.
        # Fitted tables drop tabulate's two columns of header padding, which a narrow terminal cannot spare.
        text = _simple(cells, headers, limits)
        over = max(display_width(line) for line in text.split("\n")) - width
        capped = [i for i, limit in enumerate(limits) if limit is not None and limit > MIN_COLUMN]
        if over <= 0 or not capped:
            return text
        widest = max(capped, key=lambda i: limits[i])
        limits[widest] = max(MIN_COLUMN, limits[widest] - over)
    return text


# ---------------------------------------------------------------------------------------------
# tabulate's "simple" layout, written directly
#
# tabulate spends most of a 100,000-row table on type guessing and per-cell regular expressions;
# with numbers left unparsed the layout is simple: cells stripped and left-aligned by display
# width, each column as wide as its widest cell or its header plus two, two spaces between,
# lines right-trimmed, wrapped cells (with `limits`) cut by tabulate's own wrapper. `_simple`
# writes exactly what tabulate writes (tests/test_render_terminal.py compares them) and hands a table
# with a cell it would treat specially (escape codes, odd line breaks, control characters,
# True/False) to tabulate itself.

_CONTROLS = "\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029"  # characters tabulate treats specially, "\n" apart
_SPECIAL = re.compile(f"[{_CONTROLS}]")
_SPECIAL_OR_BREAK = re.compile(f"[{_CONTROLS}\n]")  # one search for a plain cell's two checks
_BOOLS = ("True", "False")


class _Special(Exception):
    """A cell that only tabulate itself lays out the way tabulate does."""


def _simple(cells: list[list[str]], headers: Sequence[str], limits: list[int | None] | None = None) -> str:
    if limits is None:
        text = _plain(cells, headers)
        if text is not None:
            return text
    try:
        return _layout(cells, list(headers), limits)
    except _Special:
        return _tabulate(cells, headers, limits)


def _tabulate(cells: list[list[str]], headers: Sequence[str], limits: list[int | None] | None) -> str:
    import tabulate as module

    if limits is None:
        return module.tabulate(cells, headers=list(headers), tablefmt="simple", disable_numparse=True)
    padding, module.MIN_PADDING = module.MIN_PADDING, 0
    try:
        return module.tabulate(cells, headers=list(headers), tablefmt="simple", disable_numparse=True,
                               maxcolwidths=limits, maxheadercolwidths=limits)
    finally:
        module.MIN_PADDING = padding


def _layout(cells: list[list[str]], headers: list[str], limits: list[int | None] | None) -> str:
    count = len(headers)
    padding = 2 if limits is None else 0
    wrap = _wrapper() if limits is not None else None
    if limits is not None:
        headers = [h if limit is None else wrap(h, limit) for h, limit in zip(headers, limits)]
    heads = [_HEADERS.get(h) or _measure(h, strip=False) for h in headers]  # tabulate does not strip headers
    columns = [head[2] + padding for head in heads]
    multiline = any(head[3] for head in heads)
    measured, measure = _MEASURED, _measure
    if len(measured) > _MEASURED_SIZE:
        measured.clear()
    body = []
    for row in cells:
        if len(row) != count:
            raise _Special
        if limits is not None:
            row = [cell if limit is None else wrap(cell, limit) for cell, limit in zip(row, limits)]
        body.append([measured.get(cell) or measure(cell) for cell in row])
    if body:  # widths and line breaks column by column, in C (zip, map, max, any)
        for i, column in enumerate(zip(*body)):
            widest = max(map(_WIDEST, column))
            if widest > columns[i]:
                columns[i] = widest
            if not multiline and any(map(_BROKEN, column)):
                multiline = True
    out = _lines(heads, columns, multiline, header=True)
    out.append("  ".join("-" * w for w in columns).rstrip())
    if multiline:
        for laid in body:
            out.extend(_lines(laid, columns, True))
    else:
        for laid in body:
            out.append("  ".join([cell[0][0] + " " * (w - cell[2]) for cell, w in zip(laid, columns)]).rstrip())
    return "\n".join(out)


class _Unusual(Exception):
    """A cell `_plain` does not lay out (not a str, a line break, or one that `_measure` handles)."""


class _Widths(dict):
    """Display width of each plain cell text as tabulate measures it (stripped), worked out once per text.

    Only a `str` is ever a key (a cell of another type raises _Unusual, or TypeError if it does not hash,
    on lookup, and never equals a str key)."""

    def __missing__(self, text: object) -> int:
        if type(text) is not str or _SPECIAL_OR_BREAK.search(text) is not None or text in _BOOLS:
            raise _Unusual
        stripped = text.strip()
        if stripped.isascii():
            width = len(stripped)
        else:
            width = (_wcswidth or _line_width)(stripped)
            if width < 0:
                raise _Special
        if len(self) >= _TEXTS_SIZE:  # the caches are emptied together
            self.clear()
            _STRIPPED.clear()
            _PADS.clear()
            _FRAMES.clear()
            _ROW_WIDTHS.clear()
        if stripped is not text:  # kept only where stripping changed it (`_Padded` looks it up with a default)
            _STRIPPED[text] = stripped
        self[text] = width
        return width


class _Padded(dict):
    """For one column width: each cell text stripped and padded to it (keys already in `_WIDTHS`)."""

    def __init__(self, width: int):
        super().__init__()
        self.width = width

    def __missing__(self, text: str) -> str:
        width = _WIDTHS[text]  # first: measures it again (and keeps its stripped text) if the caches were emptied
        padded = self[text] = _STRIPPED.get(text, text) + " " * (self.width - width)
        return padded


_WIDTHS = _Widths()
# distinct cell texts kept (with their padded texts): a province's repeated texts (levels, scores, labels,
# targets: 23,563 at 100,000 rows) fit; texts that never repeat (each row's own name) only pass through
_TEXTS_SIZE = 1 << 15
_HEADS: dict[tuple[str, ...], tuple[list, list[int]]] = {}  # headers -> (laid out, column widths)
_FRAMES: dict[tuple, tuple[list[_Padded], str]] = {}  # (headers, *column widths) -> (padders, header lines)
_STRIPPED: dict[str, str] = {}
_PADS: dict[int, _Padded] = {}
_ROW_WIDTHS: dict[tuple, tuple[int, ...]] = {}  # a row (as a tuple of texts) -> its cells' widths
_LAID_SIZE = 1 << 16  # rows' lines kept per frame
_ROW_TRIAL = 8192  # rows looked up before `_plain` asks whether keeping them pays


class _RowMemo:
    """Whether `_plain` keeps rows (their widths and lines): on until, after a trial, fewer than a quarter of
    the rows looked up were kept (rows that each name their own indicator never repeat)."""
    on, looked, hits = True, 0, 0


_ROW_MEMO = _RowMemo()


def _plain(rows: list, headers: Sequence[str]) -> str | None:
    """tabulate's unfitted `simple` table when every cell is a one-line str that `_measure` would lay out
    as it is (stripped), and no header breaks a line: each cell's width and padded text are looked up
    per distinct text, the columns measured and the lines joined in C loops. None otherwise (the caller
    takes `_layout`, which gives the same text for these tables, more slowly)."""
    names = tuple(headers)
    known = _HEADS.get(names)
    if known is None:
        try:
            heads = [_HEADERS.get(h) or _measure(h, strip=False) for h in headers]
        except _Special:
            return None
        if any(head[3] for head in heads):
            return None
        known = (heads, [head[2] + 2 for head in heads])
        if len(_HEADS) < 256:
            _HEADS[names] = known
    heads, columns = known
    count = len(heads)
    if rows:
        if not all(map(count.__eq__, map(len, rows))):
            return None
        width = _WIDTHS.__getitem__
        memo = _ROW_MEMO
        try:
            try:  # a row given as a tuple: its cells' widths kept per row while a province's rows repeat
                widths = list(map(_ROW_WIDTHS.get, rows)) if memo.on else None
            except TypeError:
                widths = None
            if widths is None:  # rows given as lists, or not kept: per column, its widest cell or header (plus two)
                columns = list(map(max, columns, map(max, map(map, repeat(width), zip(*rows)))))
                rows_kept = False
            else:
                rows_kept = True
                misses = widths.count(None)
                memo.looked += len(rows)
                memo.hits += len(rows) - misses
                if misses and memo.looked >= _ROW_TRIAL and memo.hits * 4 < memo.looked:
                    memo.on = False  # rows do not repeat here: stop keeping them (and their lines)
                    _ROW_WIDTHS.clear()
                    for frame in _FRAMES.values():
                        frame[2].clear()
                    rows_kept = False
                if misses:
                    for i, known in enumerate(widths):
                        if known is None:
                            row = rows[i]
                            known = widths[i] = tuple(map(width, row))
                            if rows_kept and len(_ROW_WIDTHS) < _MEASURED_SIZE:
                                _ROW_WIDTHS[row] = known
                columns = list(map(max, columns, *widths))
        except (_Unusual, _Special, TypeError):  # TypeError: a cell that does not hash (a list)
            return None
    frame = _FRAMES.get((names, *columns))  # a province's tables come in a few shapes: each laid out once
    if frame is None:
        pads = []
        for w in columns:
            pad = _PADS.get(w)
            if pad is None:
                pad = _PADS[w] = _Padded(w)
            pads.append(pad)
        top = "\n".join((*_lines(heads, columns, False, header=True), "  ".join("-" * w for w in columns).rstrip()))
        frame = (pads, top, {})  # and each row's line laid out in this frame, kept per row given as a tuple
        if len(_FRAMES) >= 4096:
            _FRAMES.clear()
        _FRAMES[(names, *columns)] = frame
    if not rows:
        return frame[1]
    # each row: its cells padded to their columns (per distinct text), joined by two spaces, right-trimmed
    pads, laid = frame[0], frame[2]
    if not rows_kept:  # rows given as lists, or not kept
        return "\n".join((frame[1], *map(str.rstrip, map("  ".join, map(map, repeat(operator.getitem), repeat(pads), rows)))))
    lines = list(map(laid.get, rows))
    if None in lines:
        if len(laid) >= _LAID_SIZE:
            laid.clear()
        getitem = operator.getitem
        for i, line in enumerate(lines):
            if line is None:
                row = rows[i]
                line = lines[i] = laid[row] = "  ".join(map(getitem, pads, row)).rstrip()
    return "\n".join((frame[1], *lines))


# ---------------------------------------------------------------------------------------------
# the lean layout: a caller that builds its rows itself (score's sheet, a project at a time) measures
# each cell with `plain_width` as it builds it (a text met again carries its width from the caller's own
# caches), takes its columns and header lines from `plain_frame`, and writes each line as its cells each
# followed by GAPPED[column - width] (the spaces that pad it to its column and the gap to the next),
# right-trimmed; cells that repeat together (a row's levels) may be padded once per frame with
# `padded_run`. `plain_table` is that layout for any rows. A cell `plain_width` refuses sends the caller
# back to `table`, whose text this is to the character (tests/test_render_lean.py holds them equal).


def plain_width(text: object) -> int:
    """The display width of a cell the lean layout takes as it is: a printable one-line str (no control
    character, no separator but the ASCII space) with nothing to strip, not "True" or "False"; else
    REFUSED (wider than any column the lean layout pads)."""
    if type(text) is not str or not text.isprintable():
        return REFUSED
    if text.isascii():
        if text in _BOOLS or (text and (text[0] == " " or text[-1] == " ")):
            return REFUSED
        return len(text)
    if text[0] == " " or text[-1] == " ":
        return REFUSED
    width = (_wcswidth or _line_width_or_special)(text)
    return width if width >= 0 else REFUSED


def plain_widths(texts: list) -> list[int]:
    """[plain_width(text) for text in texts], measured together where one scan of their joined text says each
    is a printable str with no space at all (none to strip) and no "True" or "False" among them: then each
    one's width is its length (all ASCII) or wcswidth's. Texts that rarely repeat (each row's own name)."""
    if {*map(type, texts)} <= _STR:
        joined = "".join(texts)
        if joined.isprintable() and " " not in joined and "True" not in joined and "False" not in joined:
            if joined.isascii():
                return list(map(len, texts))
            from .width import wcswidth

            widths = list(map(wcswidth, texts))
            if min(widths, default=0) >= 0:
                return widths
    return list(map(plain_width, texts))


_STR = {str}


def _line_width_or_special(text: str) -> int:
    try:
        return _line_width(text)
    except _Special:
        return -1


REFUSED = 256  # a cell `plain_width` refuses, or wider than the lean layout pads
GAPPED = [" " * n + "  " for n in range(REFUSED)]  # n spaces of padding and the gap between columns
_TOPS: dict[tuple, str] = {}  # (headers, *column widths) -> header and rule lines


def plain_frame(headers: tuple[str, ...], widths: list[tuple[int, ...]]) -> tuple[list[int], str] | None:
    """The columns of an unfitted table of cells whose `plain_width`s are `widths` (row by row): each
    column its widest cell or its header plus two; and its header and rule lines. None when a header
    is not plain or a column is REFUSED or wider."""
    known = _HEADS.get(headers)
    if known is None:
        if _plain([], headers) is None:  # measures the headers (and keeps them)
            return None
        known = _HEADS.get(headers)
        if known is None:
            return None
    heads, columns = known
    if widths:
        columns = list(map(max, columns, *widths))
        if max(columns) >= REFUSED:
            return None
    key = (headers, *columns)
    top = _TOPS.get(key)
    if top is None:
        if len(_TOPS) >= 4096:
            _TOPS.clear()
        top = _TOPS[key] = "\n".join((*_lines(heads, columns, False, header=True),
                                       "  ".join("-" * w for w in columns).rstrip()))
    return columns, top


def github_lines(headers: Sequence[str], columns: Sequence[int]) -> str:
    """The header and rule lines of tabulate's github table (`table(..., "markdown")`) of plain cells (`plain_width`
    takes each, as `markdown_cell` writes it) in columns this wide (`plain_frame`'s: each its widest cell or its
    header plus two); each row then is `| ` + its cells, each padded to its column, joined by ` | `, + ` |`."""
    return "\n".join(("| " + " | ".join(h + " " * (c - display_width(h)) for h, c in zip(headers, columns)) + " |",
                       "|" + "|".join("-" * (c + 2) for c in columns) + "|"))


def padded_run(texts: Sequence[str], widths: Sequence[int], columns: Sequence[int]) -> str:
    """Cells in a row, each padded to its column and followed by the gap (the line is trimmed as a whole)."""
    return "".join(map(operator.add, texts, map(GAPPED.__getitem__, map(operator.sub, columns, widths))))


def plain_table(headers: tuple[str, ...], rows: list[tuple[str, ...]], widths: list[tuple[int, ...]]) -> str | None:
    """`table(rows, headers)` for rows of texts (as many as headers) whose `plain_width`s are `widths`, row
    by row, laid out without looking a cell up; None when `plain_frame` gives none (then take `table`)."""
    frame = plain_frame(headers, widths)
    if frame is None:
        return None
    columns, top = frame
    return "\n".join((top, *[padded_run(row, w, columns).rstrip() for row, w in zip(rows, widths)]))


_WIDEST, _BROKEN = operator.itemgetter(2), operator.itemgetter(3)
_wcswidth = None  # wcwidth.wcswidth, bound by _line_width on first use
_MEASURED: dict[str, tuple[list[str], list[int], int, bool]] = {}  # a province's cells repeat across its tables
_HEADERS: dict[str, tuple[list[str], list[int], int, bool]] = {}
_MEASURED_SIZE = 200_000


def _measure(text: str, strip: bool = True) -> tuple[list[str], list[int], int, bool]:
    """A cell as tabulate lays it out: its lines (stripped as a whole), their display widths, the widest,
    and whether it holds a line break before stripping (tabulate then lays out every row line by line)."""
    if text in _BOOLS or _SPECIAL.search(text) is not None:
        raise _Special
    lines = (text.strip() if strip else text).split("\n")
    widths = [len(line) if line.isascii() else _line_width(line) for line in lines]
    known = (lines, widths, max(widths), "\n" in text)
    if strip:
        _MEASURED[text] = known
    elif len(_HEADERS) < _MEASURED_SIZE:
        _HEADERS[text] = known
    return known


def _lines(laid: list[tuple[list[str], list[int], int, bool]], columns: list[int], multiline: bool,
           header: bool = False) -> list[str]:
    """One row's lines: each cell's line padded to its column, joined by two spaces, right-trimmed."""
    if not multiline:
        return ["  ".join(cell[0][0] + " " * (w - cell[1][0]) for cell, w in zip(laid, columns)).rstrip()]
    # an empty cell has no lines here (a row of empty cells none at all), as in tabulate
    # the header's cells are padded before they are cut into lines, so an empty header still has one
    height = max(0 if cell[0] == [""] and not header else len(cell[0]) for cell in laid)
    out = []
    for n in range(height):
        parts = []
        for cell, w in zip(laid, columns):
            lines, widths = cell[0], cell[1]
            parts.append(lines[n] + " " * (w - widths[n]) if n < len(lines) else " " * w)
        out.append("  ".join(parts).rstrip())
    return out


def _line_width(line: str) -> int:
    global _wcswidth
    if _wcswidth is None:  # imported on the first non-ASCII cell (not at start-up), then bound here
        from .width import wcswidth as _wcswidth
    width = _wcswidth(line)
    if width < 0:
        raise _Special
    return width


_WRAPPED: dict[tuple[str, int], str] = {}


def _wrapper():
    """tabulate's wrapping of a cell to `limit` columns (its own TextWrapper, blank lines dropped), cached."""
    import tabulate as module

    if not all(hasattr(module, name) for name in ("_CustomTextWrap", "_BREAK_LONG_WORDS", "_BREAK_ON_HYPHENS")):
        raise _Special  # a tabulate whose wrapper we do not know: let it wrap and lay out itself
    wrappers: dict[int, object] = {}
    cache = _WRAPPED
    if len(cache) > _MEASURED_SIZE:
        cache.clear()

    def wrap(cell: str, limit: int) -> str:
        key = (cell, limit)
        text = cache.get(key)
        if text is None:
            if cell in _BOOLS:
                raise _Special
            wrapper = wrappers.get(limit)
            if wrapper is None:
                wrapper = wrappers[limit] = module._CustomTextWrap(
                    width=limit, break_long_words=module._BREAK_LONG_WORDS, break_on_hyphens=module._BREAK_ON_HYPHENS)
            text = cache[key] = "\n".join("\n".join(wrapper.wrap(line)) for line in cell.splitlines()
                                          if line.strip() != "")
        return text
    return wrap


def markdown_cell(value: object) -> str:
    """A Markdown table cell: `|` and `\\` escaped, line breaks as spaces, so one cell cannot break the columns."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
