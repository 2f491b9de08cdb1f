"""PDF pages read into a located-cell grid with pdfplumber.

Ruled tables come from pdfplumber's table finder, their merged cells from the cell
boxes (a box over two row bands is an anchor with rowspan 2). Text outside ruled
tables is grouped into lines; runs of lines whose words stand in separate columns
(a table drawn without lines) become a table by clustering the columns' x
positions; the other lines become free-text rows, a paragraph wrapped over several
lines joined into one row. A table that runs onto the next page keeps its table
number: the page's repeated title and header rows are dropped, and a row that the
page break cut in two is rejoined. Page numbers are layout and are left out.

Refused with a clear message (exit 2): a file that is not a PDF or is damaged, an
encrypted PDF that needs a password, a scan with no text layer (it needs OCR), and
a PDF whose fonts carry no Unicode map (its text cannot be decoded).
"""

from __future__ import annotations

import io
import re
import statistics
from pathlib import Path

import attrs

from ..errors import InputError, problem_at
from ..grid import Grid, GridCell, GridRow, text_row
from ..model import Location
from ..text import clean_cell
from . import missing_library

_PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,4})$")
_TOUCH = 1.5  # points: two boxes closer than this share an edge
_SENTENCE_END = re.compile(r"[。；;！!？?]$")
_ITEM_START = re.compile(r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|第[一二三四五六七八九十\d]+)")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")


def _join_lines(first: str, second: str) -> str:
    """Two lines of one wrapped cell or paragraph: Chinese text and numbers wrap anywhere, so
    no space is put back between them; only Latin words (wrapped at a space) get it back."""
    if not first or not second:
        return first or second
    space = " " if _LATIN_END.search(first) and _LATIN_START.match(second) else ""
    return clean_cell(first + space + second)


@attrs.define
class _Line:
    """A line of words outside ruled tables: its segments (runs of words with no column gap)."""

    top: float
    bottom: float
    segments: list[tuple[float, float, str]]  # (x0, x1, text)

    @property
    def x0(self) -> float:
        return self.segments[0][0]

    @property
    def x1(self) -> float:
        return self.segments[-1][1]

    @property
    def text(self) -> str:
        # segments stand apart by a column gap: kept as two spaces, as `pdftotext -layout` shows them
        return "  ".join(clean_cell(s[2]) for s in self.segments)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@attrs.define
class _Table:
    """A table found on one page: rectangular rows of cells (covered cells point at anchors)."""

    top: float
    bottom: float
    rows: list[list[GridCell]]
    tops: list[float]
    kind: str  # "ruled" or "words"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@attrs.define
class _Text:
    top: float
    bottom: float
    text: str


@attrs.define
class _Page:
    number: int
    items: list  # _Table | _Text in reading order
    height: float


def read_grid(path: Path, data: bytes) -> Grid:
    """Every page of a PDF as one grid; InputError for a damaged, encrypted or scanned PDF."""
    try:
        import pdfplumber
        from pdfplumber.utils.exceptions import PdfminerException
    except ImportError:  # pragma: no cover - pdfplumber is a dependency
        raise missing_library(path, " PDF ", "pdfplumber") from None
    file = str(path)
    head = data[:1024]
    if b"%PDF-" not in head:
        raise InputError(problem_at(file, None, "PDF 文件（以 %PDF- 开头）", "文件开头不是 PDF 标记，文件不是 PDF 或已损坏"))
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise _open_error(file, exc) from None
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise _damaged(file, None, exc) from None
    pages: list[_Page] = []
    chars = 0
    images = 0
    scanned: list[int] = []  # pages with an image and no text among pages that have text
    with pdf:
        try:
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    found = len(page.chars)
                    chars += found
                    images += len(page.images)
                    if not found and page.images:
                        scanned.append(number)
                    pages.append(_read_page(page, number, file))
                except InputError:
                    raise
                except Exception as exc:
                    raise _damaged(file, number, exc) from None
                finally:
                    page.close()  # drop the page's parsed objects: a 200-page PDF need not stay in memory
        except PdfminerException as exc:
            raise _open_error(file, exc) from None
        except InputError:
            raise
        except Exception as exc:
            raise _damaged(file, None, exc) from None
    if not pages:
        raise InputError(problem_at(file, None, "至少一页的 PDF", "文件没有页面"))
    if chars == 0:
        raise InputError(problem_at(
            file, None, "带文字层的 PDF",
            f"全部 {len(pages)} 页都没有文字层（{'是扫描图像，' if images else ''}可能是扫描件），"
            "需要先做文字识别（OCR），或向发布单位索取可复制文字的 PDF、Word 或 Excel 版本"))
    problems = [problem_at(file, None, "带文字层的页面",
                           f"第 {n} 页只有图像、没有文字层（扫描页），未读取；如其中有表格，需要先做文字识别（OCR）")
                for n in scanned]
    return Grid(file, _stitch(pages, file), "pdf", problems)


def _open_error(file: str, exc: Exception) -> InputError:
    cause = exc.args[0] if exc.args else exc
    name = type(cause).__name__
    if "Password" in name or "Encrypt" in name:
        return InputError(problem_at(
            file, None, "未加密的 PDF",
            "文件已加密，需要密码才能打开；请用 PDF 阅读器输入密码后另存为不加密的 PDF 再试"))
    return _damaged(file, None, cause)


def _damaged(file: str, page: int | None, exc: object) -> InputError:
    where = f"第 {page} 页无法解析" if page else "文件结构无法解析"
    detail = str(exc).strip() or type(exc).__name__
    return InputError(problem_at(file, None, "完整可读的 PDF 文件",
                                 f"{where}，文件可能已损坏或下载不完整（{detail}）；请重新下载或另存后再试"))


# ----------------------------------------------------------------------------- one page


def _read_page(page, number: int, file: str) -> _Page:
    chars = page.chars
    undecoded = sum(1 for c in chars if c["text"].startswith("(cid:"))
    if chars and undecoded > max(3, len(chars) // 20):
        raise InputError(problem_at(
            file, None, "文字可以解码的 PDF",
            f"第 {number} 页的字体没有 Unicode 对照表，文字无法解码为汉字（显示为 (cid:…)）；"
            "请用其他方式导出 PDF，或使用原始的 Word/Excel 文件"))
    tables = []
    boxes = []
    for found in page.find_tables():
        table = _ruled_table(found, number, file)
        if table is None:
            continue
        tables.append(table)
        boxes.append(found.bbox)

    def outside(obj) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj)) if boxes else page
    lines = _lines(rest.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"]))
    items = tables + _word_tables_and_text(lines, page.width, number, file)
    items.sort(key=lambda item: item.top)
    return _Page(number, items, float(page.height))


def _ruled_table(found, page: int, file: str) -> _Table | None:
    """A pdfplumber table as rectangular rows with spans; None for a one-cell box (a framed title)."""
    texts = found.extract()
    bands = found.rows
    columns = [c.bbox for c in found.columns]
    if not bands or not columns:
        return None
    if len(columns) == 1 or (len(bands) == 1 and sum(1 for t in texts[0] if t) <= 1):
        return None
    row_tops = [band.bbox[1] for band in bands]
    grid: list[list[GridCell | None]] = [[None] * len(columns) for _ in bands]
    boxes: list[tuple[int, int, tuple]] = []
    for r, band in enumerate(bands):
        for c, box in enumerate(band.cells):
            if box is not None and c < len(columns):
                boxes.append((r, c, box))
    # every position no cell starts at is covered by the printed cell whose box holds its centre
    extent = {(r, c): (r, c) for r, c, _ in boxes}
    for r, band in enumerate(bands):
        cy = (band.bbox[1] + band.bbox[3]) / 2
        for c, column in enumerate(columns):
            if (r, c) in extent:
                continue
            cx = (column[0] + column[2]) / 2
            for r0, c0, box in boxes:
                if box[0] - _TOUCH <= cx <= box[2] + _TOUCH and box[1] - _TOUCH <= cy <= box[3] + _TOUCH:
                    extent[(r, c)] = (r0, c0)
                    break
    spans: dict[tuple[int, int], list[int]] = {}
    for (r, c), (r0, c0) in extent.items():
        span = spans.setdefault((r0, c0), [1, 1])
        span[0] = max(span[0], r - r0 + 1)
        span[1] = max(span[1], c - c0 + 1)
    anchors: dict[tuple[int, int], GridCell] = {}
    for r, c, box in boxes:
        rowspan, colspan = spans[(r, c)]
        anchors[(r, c)] = GridCell(_cell_text(texts[r][c]), Location(file, r + 1, f"第{c + 1}列", page),
                                   rowspan=rowspan, colspan=colspan)
        grid[r][c] = anchors[(r, c)]
    for (r, c), key in extent.items():
        if key != (r, c):
            anchor = anchors[key]
            grid[r][c] = GridCell("", anchor.location, covered=True, anchor=anchor)
    rows = [[cell if cell is not None else GridCell("", Location(file, r + 1, f"第{c + 1}列", page))
             for c, cell in enumerate(row)] for r, row in enumerate(grid)]
    return _Table(found.bbox[1], found.bbox[3], rows, row_tops, "ruled")


def _cell_text(text: str | None) -> str:
    parts = [clean_cell(part.replace("\xa0", " ")) for part in (text or "").split("\n")]
    joined = ""
    for part in parts:
        joined = _join_lines(joined, part)
    return joined


def _lines(words: list[dict]) -> list[_Line]:
    """Words grouped into lines (by vertical overlap), each line cut into segments at column gaps."""
    words = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    lines: list[list[dict]] = []
    for word in words:
        middle = (word["top"] + word["bottom"]) / 2
        for line in reversed(lines[-3:]):
            first = line[0]
            if first["top"] - 1 <= middle <= first["bottom"] + 1:
                line.append(word)
                break
        else:
            lines.append([word])
    result = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        size = statistics.median(w.get("size") or (w["bottom"] - w["top"]) for w in line)
        segments: list[list] = []
        for word in line:
            if segments and word["x0"] - segments[-1][1] < 1.6 * size:
                gap = word["x0"] - segments[-1][1]
                segments[-1][1] = word["x1"]
                segments[-1][2] += (" " if gap > 0.15 * size else "") + word["text"]
            else:
                segments.append([word["x0"], word["x1"], word["text"]])
        result.append(_Line(min(w["top"] for w in line), max(w["bottom"] for w in line),
                            [(s[0], s[1], s[2]) for s in segments]))
    result.sort(key=lambda ln: ln.top)
    return result


def _word_tables_and_text(lines: list[_Line], width: float, page: int, file: str) -> list:
    """Runs of column-aligned lines become tables; the other lines, joined into paragraphs, free text."""
    items: list = []
    i = 0
    while i < len(lines):
        j = _table_run(lines, i)
        if j > i:
            starts = _column_starts(lines[i:j])
            while j - i > 2 and not all(any(abs(x0 - s) <= 3 for s in starts) for x0, _, _ in lines[i].segments):
                items.append(lines[i])  # a key line above the header (`单位名称：…  单位：万元`), off the columns
                i += 1
            items.append(_word_table(lines[i:j], page, file))
            i = j
            continue
        items.append(lines[i])
        i += 1
    # join wrapped paragraph lines: the previous line runs to the right edge and the next follows closely
    # (the text block's right edge mirrors its left margin: a line reaching it was wrapped)
    left = min((ln.x0 for ln in lines), default=0.0)
    right = width - left
    merged: list = []
    prev_x1 = 0.0
    for item in items:
        if not isinstance(item, _Line):
            merged.append(item)
            continue
        prev = merged[-1] if merged else None
        if (isinstance(prev, _Text) and prev.bottom + 0.9 * item.height >= item.top
                and prev_x1 >= right - 2.5 * item.height and item.x0 <= left + 0.5 * item.height):
            merged[-1] = _Text(prev.top, item.bottom, _join_lines(prev.text, item.text))
        else:
            merged.append(_Text(item.top, item.bottom, item.text))
        prev_x1 = item.x1
    return merged


def _column_starts(lines: list[_Line]) -> list[float]:
    widest = max(len(ln.segments) for ln in lines)
    return [min(ln.segments[k][0] for ln in lines if len(ln.segments) == widest) for k in range(widest)]


def _table_run(lines: list[_Line], start: int) -> int:
    """The end of a run of column-aligned lines starting at `start` (== start when there is none).

    A run starts and ends on lines with two or more segments and holds at least two such
    lines; one-segment lines inside it (a row with one filled cell, a wrapped cell) stay in
    it when they sit as close as the run's own line spacing.
    """
    if len(lines[start].segments) < 2:
        return start
    end = start + 1
    multi = 1
    k = start + 1
    while k < len(lines):
        gap = lines[k].top - lines[k - 1].bottom
        if gap > 2.5 * lines[k].height:
            break
        if len(lines[k].segments) >= 2:
            multi += 1
            end = k + 1
        elif k + 1 >= len(lines) or len(lines[k + 1].segments) < 2:
            break
        k += 1
    return end if multi >= 2 else start


def _word_table(lines: list[_Line], page: int, file: str) -> _Table:
    """Lines of a table drawn without rules, cut into columns by clustering segment positions."""
    widest = max(len(ln.segments) for ln in lines)
    model = [ln for ln in lines if len(ln.segments) == widest]
    columns = []
    for k in range(widest):
        columns.append((min(ln.segments[k][0] for ln in model), max(ln.segments[k][1] for ln in model)))
    # a column starts halfway between the end of the one before and its own first character
    starts = [columns[0][0]] + [min(columns[k][0], (columns[k - 1][1] + columns[k][0]) / 2) for k in range(1, widest)]

    def column_of(x0: float, x1: float) -> int:
        probe = x0 + min(x1 - x0, 2 * lines[0].height) / 2
        return max((k for k in range(widest) if starts[k] <= probe), default=0)

    # rows: a line that follows closer than the table's usual spacing continues the row above
    spacings = [lines[k].top - lines[k - 1].top for k in range(1, len(lines))]
    usual = statistics.median(spacings) if spacings else 0.0
    rows_text: list[list[str]] = []
    row_lines: list[_Line] = []
    for ln in lines:
        texts = [""] * widest
        for x0, x1, text in ln.segments:
            k = column_of(x0, x1)
            texts[k] = clean_cell((texts[k] + " " + text).strip())
        if rows_text and usual and ln.top - row_lines[-1].top < 0.75 * usual and len(ln.segments) < widest:
            rows_text[-1] = [_join_lines(a, b) for a, b in zip(rows_text[-1], texts)]
            continue
        rows_text.append(texts)
        row_lines.append(ln)
    rows = [[GridCell(t, Location(file, r + 1, f"第{c + 1}列", page)) for c, t in enumerate(texts)]
            for r, texts in enumerate(rows_text)]
    return _Table(lines[0].top, lines[-1].bottom, rows, [ln.top for ln in row_lines], "words")


# ----------------------------------------------------------------------------- pages into one grid


def _stitch(pages: list[_Page], file: str) -> list[GridRow]:
    """All pages' items as grid rows; a table continued on the next page keeps its number."""
    rows: list[GridRow] = []
    number = 0
    last: _Table | None = None  # the last table, if it closed its page
    last_number = 0
    last_row: list[GridCell] | None = None
    header: list[list[str]] = []
    before: list[str] = []  # free text printed above the last table's start (its title, `单位：万元`)
    recent: list[str] = []
    for page in pages:
        items = [it for it in page.items if not (isinstance(it, _Text) and _PAGE_NUMBER.match(it.text))]
        line = 0
        k = 0
        continued = False
        if last is not None:
            # skip a repeated title / unit line above a continuation
            while k < len(items) and isinstance(items[k], _Text) and items[k].text in before:
                k += 1
            if k < len(items) and isinstance(items[k], _Table) and items[k].width == last.width:
                continued = True
            else:
                k = 0
        for index, item in enumerate(items):
            if index < k:
                continue
            if isinstance(item, _Text):
                line += 1
                rows.append(text_row(item.text, Location(file, line, None, page.number)))
                recent = (recent + [item.text])[-6:]
                continue
            table_rows = item.rows
            if continued and index == k:
                table_rows = _drop_repeated_header(table_rows, header)
                if table_rows and last_row is not None and _is_fragment(table_rows[0], last_row):
                    joined = _join_fragment(last_row, table_rows[0])
                    rows[-1] = GridRow(joined, last_number, rows[-1].location)
                    last_row = joined
                    table_rows = table_rows[1:]
                table_number = last_number
            else:
                number += 1
                table_number = number
                header = [[c.text for c in r] for r in item.rows[:3]]
                before = recent
            renamed: dict[int, GridCell] = {}
            if continued and index == k and table_rows and last_row is not None:
                table_rows = _carry_merges(table_rows, last_row, renamed)
            for cells in table_rows:
                line += 1
                cells = _relocate(cells, renamed, Location(file, line, None, page.number))
                rows.append(GridRow(tuple(cells), table_number, Location(file, line, None, page.number)))
                last_row = cells
            last_number = table_number
        tail = items[-1] if items else None
        last = tail if isinstance(tail, _Table) else None
        if last is None:
            last_row = None
    return rows


def _relocate(cells: list[GridCell], renamed: dict[int, GridCell], where: Location) -> list[GridCell]:
    """The cells with the row's page line as location; covered cells follow their (relocated) anchor."""
    out = []
    for cell in cells:
        if cell.covered and cell.anchor is not None:
            anchor = renamed.get(id(cell.anchor), cell.anchor)
            out.append(attrs.evolve(cell, anchor=anchor, location=anchor.location))
        else:
            new = attrs.evolve(cell, location=attrs.evolve(where, cell=cell.location.cell))
            renamed[id(cell)] = new
            out.append(new)
    return out


def _carry_merges(rows: list[list[GridCell]], previous: list[GridCell], renamed: dict[int, GridCell]) -> list[list[GridCell]]:
    """A merged cell the page break cut (`数量指标` over rows on both pages) stays one merge.

    The continuation prints the merge's lower part as an empty cell; it becomes covered by
    the anchor above the break, and so do the rows that empty cell itself covered.
    """
    first = list(rows[0])
    for c, cell in enumerate(first):
        if c >= len(previous) or cell.text or cell.covered:
            continue
        above = previous[c]
        anchor = above.anchor if above.covered else above
        if anchor is None or anchor.rowspan < 2 or not anchor.text:
            continue
        first[c] = GridCell("", anchor.location, covered=True, anchor=anchor)
        renamed[id(cell)] = anchor
    return [first] + rows[1:]


def _drop_repeated_header(rows: list[list[GridCell]], header: list[list[str]]) -> list[list[GridCell]]:
    k = 0
    while k < len(rows) and k < len(header) and [c.text for c in rows[k]] == header[k]:
        k += 1
    return rows[k:]


def _is_fragment(row: list[GridCell], previous: list[GridCell]) -> bool:
    """The first row of a continued table is the rest of the row the page break cut.

    It fills at most a third of the columns, never the first, and each filled cell
    continues a filled cell of the last row above the break: that text does not end a
    sentence (`。`, `；`) and the continuation does not start an item of its own
    (`十六、`, `（二）`, `3.`), as the rows of a two-sided budget table do.
    """
    filled = [i for i, c in enumerate(row) if c.text and not c.covered]
    if not filled or len(filled) > max(1, len(row) // 3) or len(row) != len(previous):
        return False
    if row[0].text or row[0].covered:
        return False
    for i in filled:
        above = previous[i]
        if not above.text or above.covered or _SENTENCE_END.search(above.text) or _ITEM_START.match(row[i].text):
            return False
    return True


def _join_fragment(previous: list[GridCell], fragment: list[GridCell]) -> list[GridCell]:
    renamed: dict[int, GridCell] = {}
    joined = []
    for p, f in zip(previous, fragment):
        if p.covered and p.anchor is not None:
            anchor = renamed.get(id(p.anchor), p.anchor)
            joined.append(attrs.evolve(p, anchor=anchor))
            continue
        new = attrs.evolve(p, text=_join_lines(p.text, f.text)) if f.text else p
        renamed[id(p)] = new
        joined.append(new)
    return joined
