"""Text copied out of a PDF or a web page, read into a `Grid`.

Five ways a copy prints a table row, each recognised by its content:

- `text-tab`: cells separated by tabs, empty cells kept (what most PDF extractors give; the seed);
- `text-pipe`: `| a | b |` rows copied from a web page or a Markdown export, which may drop
  empty cells and cells merged down (the recogniser realigns short rows against the header);
- `text-space`: runs of two or more spaces between cells, as `pdftotext -layout` prints (a flat export's rows placed
  under its header's columns by where each cell starts);
- `text-lines`: one cell per line, as a browser copies a table cell by cell, empty cells left
  out; rows are rebuilt from the vocabulary (a key line and its value; a run of header lines —
  the indicator grid, a 自评表's 项目资金 block or its 年度总体目标 pair — then the data cells cut
  into rows and placed under the header's columns by what fits each; 总分 and its numbers).
  A cell no column takes is reported with its line. A portal's copy closing each cell with ` |` reads the same;
  a header or category cell printed over two or three lines is joined again (`年度` / `指标值`, `社会效益` / `指标`);
- `text-words`: one space between a row's cells (a page's text as it shows): read as one cell per word, then as
  `text-lines`; a line that only ends cells of the row above (`指标值 完成值` under `年度 实际`) completes them.

A line with one cell is free text (a title, `单位：万元`, a note). Every line keeps its number.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .. import vocab
from ..errors import InputError, Problems, problem_at
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
    if "|" in text and sum(_PIPED_CELL.match(line) is not None for line in lines) * 2 >= len(lines):
        lines = [_unpiped(line) for line in lines]  # `cell |` lines: one cell per line, each closed by its rule
    spaces = sum(len(_SPACES.split(line.strip())) >= 2 for line in lines)
    headers = sum(vocab.find(line, vocab.INDICATOR_LOOKUP) is not None for line in lines)
    if headers >= 3 and headers > spaces:  # header words each on a line of their own outnumber spaced-out lines
        return "text-lines"  # (a cell-by-cell copy may hold a few `填报人：     联系电话：` lines)
    if spaces >= 3:
        return "text-space"
    if any(sum(_header_field(word) is not None or _funds_field(word) is not None for word in line.split()) >= 4
           for line in lines if " " in line.strip()):
        return "text-words"  # a header's words one space apart: a copy that kept one space between cells
    return "text-tab"


_PIPED_CELL = re.compile(r"^[^|]*\|\s*$")  # `项目名称 |`, `|`: a web page's cell and the rule after it


def _unpiped(line: str) -> str:
    """A `cell |` line's cell (a lone `|` is an empty cell: nothing); any other line as it is."""
    return line.rstrip().removesuffix("|") if _PIPED_CELL.match(line) else line


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


def _width(text: str) -> int:
    """Display columns: a CJK or full-width character takes two, as `pdftotext -layout` lines them up."""
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text) if not text.isascii() else len(text)


def _positioned(line: str) -> list[tuple[int, str]]:
    """A spaced-out line's cells, each with the display column it starts at."""
    cells = []
    start = 0
    for sep in [*_SPACES.finditer(line), None]:
        end = sep.start() if sep is not None else len(line)
        chunk = line[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            cells.append((_width(line[:start + lead]), clean_cell(chunk)))
        start = sep.end() if sep is not None else len(line)
    return cells


def _flat_header(cells: list[str]) -> bool:
    """The header of a flat export (one row per indicator beside its project's columns)."""
    keys = {vocab.key(c) for c in cells}
    return "三级指标" in keys and bool({"项目名称", "项目编码"} & keys)


def _bounds(header: str) -> list[int]:
    """Where each column of a spaced-out header begins: midway in the gap after the header cell before it (a cell
    printed flush left, centred or flush right under its header starts past it)."""
    cells = _positioned(header)
    return [0] + [(at + _width(text) + after) // 2 for (at, text), (after, _) in zip(cells, cells[1:])]


def _under(line: str, bounds: list[int]) -> list[str] | None:
    """A spaced-out line's cells under the header columns beginning at `bounds`, empty cells kept; None when two
    cells fall under one column."""
    out = [""] * len(bounds)
    for at, text in _positioned(line):
        column = max(k for k, bound in enumerate(bounds) if bound <= at)
        if out[column]:
            return None
        out[column] = text
    return out


def text_grid(text: str, file: str, layout: str | None = None) -> Grid:
    """Every non-blank line as a row; rows of two or more cells are table rows, numbered by block."""
    layout = layout or layout_of(text)
    rows: list[GridRow] = []
    table = 0
    in_table = False
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if layout == "text-words":
        return Grid(file, _regroup_lines(_words(numbered), file), source=layout)
    if layout == "text-lines":
        if "|" in text:  # a copy closing each cell with `|` (some portals' table pages); empty cells left out
            numbered = [(n, cell) for n, line in numbered if (cell := _unpiped(line)).strip()]
        return Grid(file, _regroup_lines(numbered, file), source=layout)
    bounds: list[int] | None = None  # a flat export's header columns (text-space): its rows placed by position
    for number, line in numbered:
        cells = _cells(line, layout)
        if cells is None:
            continue
        location = Location(file, number)
        if len([c for c in cells if c]) <= 1 and len(cells) <= 1:
            rows.append(text_row(cells[0] if cells else "", location))
            in_table = False
            bounds = None
            continue
        if layout == "text-space":
            if _flat_header(cells):
                bounds = _bounds(line)
            elif bounds is not None:
                cells = _under(line, bounds) or cells  # (two cells under one column: as split, realigned later)
        if not in_table:
            table += 1
            in_table = True
        rows.append(GridRow(tuple(GridCell(c, location) for c in cells), table, location))
    return Grid(file, rows, source=layout)


# -- one cell per line ------------------------------------------------------------------------------
#
# A browser's copy of a table gives one line per filled cell; empty cells are left out. Rows are rebuilt
# from what each line is, by the vocabulary: a run of header words starts a table (the indicator grid,
# a 自评表's 项目资金 block, its 年度总体目标 pair); a key line and its value make a row (项目名称, 主管部门,
# 实施单位（盖章）, 自评等级); 总分 / 合计 and the numbers after it make the total row. The data cells after a
# header are cut into rows and placed under the header's columns by what fits each column
# (forms.values.fits), the best placement over the whole run (`_place`): a row may lack any cell.

_SKIP_COST = {"level1": 0.0, "level2": 0.3, "name": 5.0, "weight": 1.2, "reason": 0.2}  # leaving a column empty
_NEW_ROW = 1.0
# In a funds block an empty 执行率 or 得分 is common, an empty amount less so; `—` and `/` stand under
# 分值 / 得分 (and 执行率) of the 其中 rows.
_FUNDS_SKIP_COST = {"initial": 0.5, "budget": 0.5, "spent": 0.5, "weight": 0.3, "rate": 0.1, "score": 0.1, "reason": 0.0}
_FUNDS_NA = {"weight": 2, "score": 2, "rate": 1, "reason": 0}
_VALUE = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?(?:%|万元|亿元|元|分)?$")
_FUNDS_AMOUNTS = ("initial", "budget", "spent")


def _is_key(text: str) -> bool:
    """A key of a form's header block (`项目名称`, `实施单位（盖章）`) or a funds column word."""
    return vocab.find(text, vocab.TARGET_LOOKUP) is not None or vocab.find(text, vocab.DEPARTMENT_LOOKUP) is not None \
        or vocab.key(text) in vocab.SELF_FUNDS_LOOKUP


def _header_field(text: str) -> str | None:
    return vocab.find(text, vocab.INDICATOR_LOOKUP) or vocab.find(text, vocab.SELF_ROW_LOOKUP)


def _funds_field(text: str) -> str | None:
    return vocab.find(text, vocab.SELF_FUNDS_LOOKUP)


def _goal_field(text: str) -> str | None:
    return vocab.find(text, _goal_lookup())


@functools.cache
def _goal_lookup() -> dict[str, str]:
    return vocab.lookup(vocab.SELF_GOAL)


# vocab's 总分 labels, grades and grade labels are printed in their `key`ed form already
_TOTAL_KEYS, _GRADES, _GRADE_LABELS = vocab.SELF_TOTAL, vocab.GRADES, vocab.GRADE_LABELS


def _is_total(text: str) -> bool:
    k = vocab.key(text)
    return k.startswith(_TOTAL_KEYS[0]) or k in _TOTAL_KEYS


def _is_value(text: str) -> bool:
    """A number, amount, rate or points cell, or a not-applicable mark (`—`, `/`)."""
    k = vocab.key(text)
    return k in vocab.NOT_APPLICABLE or _VALUE.match(k) is not None


def _stops_data(text: str) -> bool:
    k = vocab.key(text)
    return (_is_key(text) or vocab.form_kind(text) is not None or bool(vocab.NOTE.match(text))
            or _is_total(text) or k in _GRADE_LABELS or bool(vocab.ATTACHMENT.match(k)))


def _funds_label(text: str) -> bool:
    """The label of a funds block row: 年度资金总额 (`总额`), a 其中 row, or `其中` alone."""
    if vocab.funds_part_label(text) is not None:
        return True
    k = vocab.key(text)
    return len(k) <= 12 and not _is_value(text) and any(word in k for word in vocab.FUNDS_LINE)


@functools.lru_cache(maxsize=1 << 12)
def _word(text: str) -> str | None:
    """What a header or label cell names: an indicator, funds or goal column, or a level (一级/二级 category name)."""
    field = _header_field(text) or _funds_field(text) or _goal_field(text)
    if field is not None:
        return field
    from ..judgement import CATEGORY_NAMES  # only when a copy is read cell by cell

    name = vocab.level_name(vocab.key(text))[0]
    return "level:" + name if name in CATEGORY_NAMES else None


_BROKEN_MAX = 3  # a header or label cell printed over at most three lines


@functools.cache
def _word_starts() -> frozenset[str]:
    """Every beginning of a column or level word (`年`, `年度`, … `年度指标值`): only a line that is one may start a
    broken cell."""
    from ..judgement import CATEGORY_NAMES

    words = [*vocab.INDICATOR_LOOKUP, *vocab.SELF_ROW_LOOKUP, *vocab.SELF_FUNDS_LOOKUP, *_goal_lookup(),
             *map(vocab.key, CATEGORY_NAMES)]
    return frozenset(word[:k] for word in words for k in range(1, len(word) + 1))


def _broken(parts: list[str]) -> bool:
    """Whether `parts` are one cell broken over lines: together they name a column or level, and the first alone names
    none (or the same, with the rest naming nothing: a note or the end of the word)."""
    whole = _word("".join(parts))
    if whole is None:
        return False
    first = _word(parts[0])
    return first is None or (first == whole and all(_word(t) is None for t in parts[1:]))


def _joined(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines with the header and category cells a page printed over two or three lines (`年度` / `指标值`,
    `实际` / `完成值`, `社会效益` / `指标`, `偏差原因分析` / `及改进措施`, `产出指标` / `（50分）`) made one cell, at its first line.

    Lines are joined when together they name a column or level and the first alone names none (or the same, with
    the rest naming nothing: a note or the end of the word). Values never join.
    """
    out: list[tuple[int, str]] = []
    i = 0
    starts = _word_starts()
    while i < len(lines):
        number, text = lines[i]
        for count in range(_BROKEN_MAX, 1, -1) if vocab.key(text) in starts else ():
            parts = [t for _, t in lines[i:i + count]]
            if len(parts) < count or any(len(t) > 12 or _is_value(t) for t in parts):
                continue
            if _broken(parts):
                out.append((number, "".join(parts)))
                i += count
                break
        else:
            out.append((number, text))
            i += 1
    return out


_NOTE_WORD = re.compile(r"^[（(][^()（）]*[)）]$")


def _words(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A copy with one space between cells, as one cell per line (each at its line): the words of each line, where a
    line that only ends cells of the line before (a header or category cell wrapped under itself: `年度 实际` over
    `指标值 完成值`, `社会效益 运行效率 …` over `指标`) completes them."""
    rows: list[tuple[int, list[str]]] = []
    for number, line in numbered:
        words: list[str] = []
        for word in line.split():
            if words and _NOTE_WORD.match(word):
                words[-1] += word  # `实施单位 (盖章)`, `产出指标 （50分）`: a note in brackets belongs to the word before
            else:
                words.append(word)
        if not (rows and _completes(rows[-1][1], words)):
            rows.append((number, words))
    return [(number, word) for number, words in rows for word in words]


def _completes(before: list[str], words: list[str]) -> bool:
    """Whether `words` end, in order, cells of `before` broken over the two lines (`_broken`); if so `before` is
    completed in place."""
    starts = _word_starts()
    done, k = {}, 0
    for word in words:
        while k < len(before) and not (vocab.key(before[k]) in starts and _broken([before[k], word])):
            k += 1
        if k == len(before):
            return False
        done[k] = before[k] + word
        k += 1
    for k, text in done.items():
        before[k] = text
    return bool(done)


class _Lines:
    """The regrouping of one copy: `rows` built line by line; `problems` for cells no column takes."""

    def __init__(self, numbered: list[tuple[int, str]], file: str):
        self.lines = _joined([(n, clean_cell(t)) for n, t in numbered])
        self.file = file
        self.rows: list[GridRow] = []
        self.table = 0
        self.problems = Problems()

    def cell(self, i: int) -> GridCell:
        number, text = self.lines[i]
        return GridCell(text, Location(self.file, number))

    def text(self, i: int) -> str:
        return self.lines[i][1] if i < len(self.lines) else ""

    def run(self, i: int, field) -> int:
        """The end of the run of lines from `i` that `field` names."""
        j = i
        while j < len(self.lines) and field(self.text(j)) is not None:
            j += 1
        return j

    def starts_block(self, i: int) -> bool:
        """Whether line `i` begins a header, a key, a total or a note: no data cell of the block before it."""
        text = self.text(i)
        return (_stops_data(text) or self.indicator_header(i) > i or self.funds_header(i) > i
                or self.goal_header(i) > i or vocab.level_name(vocab.key(text))[0] in vocab.INDICATOR_BLOCK)

    def indicator_header(self, i: int) -> int:
        end = self.run(i, _header_field)
        return end if end - i >= 2 else i

    def funds_header(self, i: int) -> int:
        if _funds_field(self.text(i)) not in _FUNDS_AMOUNTS:
            return i
        end = self.run(i, _funds_field)
        fields = {_funds_field(self.text(j)) for j in range(i, end)}
        return end if "spent" in fields and {"initial", "budget"} & fields else i

    def goal_header(self, i: int) -> int:
        end = self.run(i, _goal_field)
        return end if {"expected", "achieved"} <= {_goal_field(self.text(j)) for j in range(i, end)} else i

    def header_row(self, i: int, end: int, lead: bool = False) -> None:
        """The header cells of lines i..end, after an empty label column when `lead`."""
        cells = [self.cell(j) for j in range(i, end)]
        if lead:
            cells.insert(0, GridCell("", cells[0].location))
        self.table += 1
        self.rows.append(GridRow(tuple(cells), self.table, cells[0].location))

    def data_row(self, cells: dict[int, GridCell], width: int) -> None:
        first = min(cells.values(), key=lambda c: c.location.line or 0)
        self.rows.append(GridRow(tuple(cells.get(j, GridCell("", first.location)) for j in range(width)),
                                 self.table, first.location))

    # -- the blocks ----------------------------------------------------------------------------

    def regroup(self) -> list[GridRow]:
        i = 0
        while i < len(self.lines):
            text = self.text(i)
            if (end := self.funds_header(i)) > i:
                i = self.funds_block(i, end)
            elif (end := self.indicator_header(i)) > i:
                i = self.indicator_block(i, end)
            elif (end := self.goal_header(i)) > i:
                i = self.goal_block(i, end)
            elif _is_total(text):
                i = self.total_row(i)
            elif (_is_key(text) or vocab.key(text) in _GRADE_LABELS) and i + 1 < len(self.lines) \
                    and not self.starts_block(i + 1):
                self.table += 1
                self.rows.append(GridRow((self.cell(i), self.cell(i + 1)), self.table, self.cell(i).location))
                i += 2
            else:
                self.rows.append(text_row(text, self.cell(i).location))
                i += 1
        self.problems.raise_if_any()
        return self.rows

    def indicator_block(self, i: int, end: int) -> int:
        fields = [_header_field(self.text(j)) for j in range(i, end)]
        self.header_row(i, end)
        data: list[int] = []
        j = end
        while j < len(self.lines) and (not self.starts_block(j) or vocab.key(self.text(j)) in vocab.EXECUTION_ROW):
            if vocab.key(self.text(j)) not in vocab.INDICATOR_BLOCK:  # the 预算执行率 row among them is one
                data.append(j)
            j += 1
        header = "、".join(self.text(k) for k in range(i, end))
        if "name" not in fields and data:  # header words with no 三级指标 among them: no row can be read under them
            first = self.cell(data[0])
            self.problems.add(problem_at(
                self.file, first.location.line,
                f"指标表头（一级指标、二级指标、三级指标……）；表头 {header} 中没有 三级指标 一栏，其下 {len(data)} 格无法归入指标行："
                "应核对表头是否抄全，或是否有表头单元格被拆开、错位", first.text))
        for row in _place([self.text(k) for k in data], fields, _fit, _SKIP_COST):
            cells = {column: self.cell(data[k]) for k, column in row}
            if "name" in fields and fields.index("name") not in cells:  # no indicator: 一级/二级 labels only, or
                for column, cell in cells.items():  # cells that fit no row (the form reader would drop them)
                    if fields[column] not in ("level1", "level2") or _fit(fields[column], cell.text) <= 0:
                        self.problems.add(problem_at(
                            self.file, cell.location.line,
                            f"指标行的单元格（与其三级指标同在一行，各在表头 {header} 的一栏下）；这一格前后没有三级指标，"
                            "不属于任何指标行：应核对是否多抄了一格，或漏抄了三级指标", cell.text))
            self.data_row(cells, len(fields))
        return j

    def goal_block(self, i: int, end: int) -> int:
        """年度总体目标's 预期目标 / 实际完成情况 header and the two texts under it (either may be empty)."""
        self.header_row(i, end)
        j = end
        while j < len(self.lines) and j < end + end - i and not self.starts_block(j) \
                and not vocab.part_heading(self.text(j)):  # an empty 实际完成情况 before the next part's heading
            j += 1
        if j > end:
            self.rows.append(GridRow(tuple(self.cell(k) for k in range(end, j)), self.table, self.cell(end).location))
        return j

    def total_row(self, i: int) -> int:
        """总分 (合计) and the 分值, 得分 and grade printed after it."""
        j = i + 1
        while j < min(len(self.lines), i + 4) and (_is_value(self.text(j)) or vocab.key(self.text(j)) in _GRADES):
            j += 1
        self.table += 1
        self.rows.append(GridRow(tuple(self.cell(k) for k in range(i, j)), self.table, self.cell(i).location))
        return j

    def funds_block(self, i: int, end: int) -> int:
        """The 项目资金 header (年初预算数 … 得分), then 年度资金总额 and its 其中 rows: a label and its cells each.

        A label is 年度资金总额 (`总额`), a 其中 row's (vocab.funds_part_label) or, once the 其中 rows have begun, any
        words followed by an amount (a sub-item the vocabulary does not know). A row's cells are amounts, rates,
        points and `—` or `/`, and under a 原因 column the words that explain the rate.
        """
        fields = [_funds_field(self.text(j)) for j in range(i, end)]
        header = "、".join(self.text(j) for j in range(i, end))
        self.header_row(i, end, lead=True)
        listing = False  # a 其中 row was read: a sub-item the vocabulary does not know may follow

        def unknown_part(j: int) -> bool:
            return listing and not _is_value(self.text(j)) and not self.starts_block(j) and _is_value(self.text(j + 1))

        def reason(j: int) -> bool:  # words under the 原因 column, after the row's amounts
            return "reason" in fields and not self.starts_block(j) and not unknown_part(j)

        j = end
        while j < len(self.lines):
            text = self.text(j)
            if vocab.form_kind(text) is not None or vocab.NOTE.match(text):
                break
            if _funds_label(text) or unknown_part(j):
                label: int | None = j
                listing = listing or vocab.funds_part_label(text) is not None
                j += 1
            elif j == end and _is_value(text):
                label = None  # a total row printed without its label: the first row of numbers
            else:
                break
            cells: list[int] = []
            while j < len(self.lines) and not _funds_label(self.text(j)) and (
                    _is_value(self.text(j)) or (cells and reason(j))):
                cells.append(j)
                j += 1
            self.funds_row(label, cells, fields, header)
        return j

    def funds_row(self, label: int | None, cells: list[int], fields: list[str | None], header: str) -> None:
        texts = [self.text(k) for k in cells]
        placed = _place(texts, fields, _funds_fit, _FUNDS_SKIP_COST, one_row=True)
        row = {0: self.cell(label)} if label is not None else {}
        taken = set()
        for k, column in (placed[0] if placed else []):
            if column < 0 or _funds_fit(fields[column], texts[k]) < 0:
                continue  # no column left for it, or none it fits: reported below
            row[column + 1] = self.cell(cells[k])
            taken.add(k)
        for k in range(len(cells)):
            if k not in taken:
                where = self.cell(cells[k])
                what = self.text(label) if label is not None else "年度资金总额"
                self.problems.add(problem_at(
                    self.file, where.location.line,
                    f"「{what}」一行的每格各在 项目资金 表头的一栏下（{header}）；这一格放不进任何一栏："
                    "应核对是否多抄了一格，或表头少了一栏",
                    where.text))
        if row:
            self.data_row(row, len(fields) + 1)


@functools.lru_cache(maxsize=1 << 14)  # a copy repeats its cells (`—`, `10`, 产出指标, the header's fields)
def _fit(field: str | None, text: str) -> float:
    """`fits`, and a 一级指标 name (产出指标, 效益指标(30分)) under no other column (it starts a row), a number under
    no 三级指标."""
    from ..forms.values import fits  # only when a copy is read cell by cell: kept out of start-up

    if field not in ("level1", "level2") and fits("level1", text) > 3:
        return -3
    if field == "name" and _is_value(text):  # a number or `—` names no indicator
        return -3
    return fits(field, text)


@functools.lru_cache(maxsize=1 << 12)
def _funds_fit(field: str | None, text: str) -> float:
    """How well a funds block cell fits a column: `fits`, with `—` / `/` under 分值, 执行率, 得分 and words as 原因."""
    from ..forms.values import fits

    k = vocab.key(text)
    if k in vocab.NOT_APPLICABLE:
        return _FUNDS_NA.get(field or "", 0)
    if field == "reason":
        return -2 if _is_value(text) else 3
    return fits(field, text)


def _place(texts: list[str], fields: list[str | None], fit, skip_cost: dict[str, float],
           one_row: bool = False) -> list[list[tuple[int, int]]]:
    """Cut a run of data cells into rows and place each under a column: the best total fit.

    Within a row, cells keep their order under increasing columns; a column left empty costs
    `skip_cost` (1 unless named: an empty 一级 is a merged cell, an empty 三级指标 is rare); each new row
    costs `_NEW_ROW`; a row of 一级/二级 cells only is a category row (it labels the rows below) and
    costs nothing more. Returns the rows, each as (cell index, column index) pairs. `one_row`: every
    cell in one row; a cell that fits no column left (more cells than columns) gets column -1.
    """
    m, n = len(texts), len(fields)
    if m == 0 or n == 0:
        return [[(i, -1) for i in range(m)]] if m and one_row else []
    before = [0.0]
    for f in fields:
        before.append(before[-1] + skip_cost.get(f or "", 1.0))  # before[k]: leaving columns 0..k-1 empty
    # gap[a][b]: the cost of leaving columns a..b-1 empty
    gap = [[before[b] - before[a] if b > a else 0.0 for b in range(n + 1)] for a in range(n + 1)]

    def close(c: int) -> float:  # ending a row whose last cell is in column c (-1: no cell)
        if c >= 0 and fields[c] in ("level1", "level2") and not one_row:
            return 0.0
        return gap[c + 1][n]

    score = [[fit(f, t) for f in fields] for t in texts]
    negative = float("-inf")
    # best[i][c + 1]: the best total for cells i.. when the open row's last cell is in column c (-1: none yet)
    best = [[negative] * (n + 1) for _ in range(m + 1)]
    step: dict[tuple[int, int], tuple[int, bool]] = {}
    for c in range(-1, n):
        best[m][c + 1] = -close(c)
    closing = [close(c) + _NEW_ROW for c in range(n)]
    for i in range(m - 1, -1, -1):
        here, after = score[i], best[i + 1]
        # the best new row for cell i, whatever the open row (what ending it costs is added below)
        opening, opened = negative, 0
        if not one_row:
            for k in range(n):
                value = here[k] - gap[0][k] + after[k + 1]
                if value > opening:
                    opening, opened = value, k
        for c in range(-1, n):
            top, choice = negative, (c, False)
            skipped = gap[c + 1]
            for k in range(c + 1, n):  # the same row
                value = here[k] - skipped[k] + after[k + 1]
                if value > top:
                    top, choice = value, (k, False)
            if not one_row and c >= 0 and opening - closing[c] > top:  # a new row
                top, choice = opening - closing[c], (opened, True)
            if one_row and _UNPLACED + after[c + 1] > top:  # the cell left out, to be reported
                top, choice = _UNPLACED + after[c + 1], (-1, False)
            best[i][c + 1] = top
            step[(i, c)] = choice
    rows: list[list[tuple[int, int]]] = [[]]
    c = -1
    for i in range(m):
        k, new = step[(i, c)]
        if new:
            rows.append([])
        rows[-1].append((i, k))
        c = c if k < 0 else k
    return rows


_UNPLACED = -20.0  # a funds cell left out of its row costs more than any fit gains


def _regroup_lines(numbered: list[tuple[int, str]], file: str) -> list[GridRow]:
    return _Lines(numbered, file).regroup()
