"""Web pages saved as HTML read into a located-cell grid with the standard library's parser.

Finance bureaus publish target tables as web pages; saved, they are HTML tables,
often inside a layout table and written loosely (unclosed `<td>`, `<br>` inside
cells, `&nbsp;` for empty cells). The page is parsed into a small tree that closes
what the author left open; a table whose cells hold other tables is layout and its
text becomes free text, while a table of cells is a numbered table with `rowspan`
and `colspan` honoured (`表2 第3行第4列`). Text between tables (titles, `单位：万元`,
notes) becomes free-text rows, one per printed line; scripts and styles are skipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import attrs

from ..errors import InputError, problem_at
from ..grid import Grid, GridCell, GridRow, expand_spans, text_row
from ..model import Location
from ..readers import decode
from ..text import clean_cell

_VOID = {"br", "img", "meta", "link", "input", "hr", "col", "area", "base", "wbr", "source", "param", "embed"}
_SKIP = {"script", "style", "head", "title", "noscript", "template"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "section",
          "article", "header", "footer", "center", "blockquote", "pre", "dl", "dt", "dd", "caption", "form", "body"}
_CELL = {"td", "th"}
_SECTION = {"thead", "tbody", "tfoot"}
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_SPACES = re.compile(r"[ \t\r\n\xa0\u3000]+")
_MAX_SPAN = 1000


class _Node:
    __slots__ = ("tag", "attrs", "children", "line")

    def __init__(self, tag: str, attrs: dict, line: int):
        self.tag = tag
        self.attrs = attrs
        self.children: list = []  # _Node or str
        self.line = line


class _Tree(HTMLParser):
    """A forgiving tree builder: implied ends of cells, rows and paragraphs are closed for the author."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, 1)
        self.stack = [self.root]
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if self.skip:
            if tag in _SKIP:
                self.skip += 1
            return
        if tag in _SKIP:
            self.skip = 1
            return
        if tag in _CELL:
            self._close_to({"tr", "table"}, {"td", "th"})
        elif tag == "tr":
            self._close_to({"table"} | _SECTION, {"tr", "td", "th"})
        elif tag in _SECTION:
            self._close_to({"table"}, _SECTION | {"tr", "td", "th"})
        elif tag == "p":
            self._close_to(_CELL | {"table", "div"}, {"p"})
        node = _Node(tag, {k: v for k, v in attrs}, self.getpos()[0])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if not self.skip:
            self.stack[-1].children.append(_Node(tag, dict(attrs), self.getpos()[0]))

    def handle_endtag(self, tag):
        if self.skip:
            if tag in _SKIP:
                self.skip -= 1
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
            if self.stack[i].tag == "table" and tag != "table":
                return  # a stray end tag never closes the table around it

    def handle_data(self, data):
        if not self.skip:
            self.stack[-1].children.append(data)

    def _close_to(self, stop: set, close: set) -> None:
        """Pop open `close` elements down to the nearest `stop` element (the implied end tags)."""
        cut = None
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in stop:
                break
            if tag in close:
                cut = i
        if cut is not None:
            del self.stack[cut:]


def read_grid(path: Path, data: bytes) -> Grid:
    """Every table and line of text of a saved web page; InputError for a page with no content."""
    file = str(path)
    text = _decode(data, path)
    tree = _Tree()
    try:
        tree.feed(text)
        tree.close()
    except Exception as exc:  # html.parser is forgiving; anything it raises means unreadable bytes
        raise InputError(problem_at(file, None, "可解析的 HTML 网页", f"{type(exc).__name__}: {exc}")) from None
    walker = _Walker(file)
    walker.walk(tree.root)
    walker.flush()
    if not walker.rows:
        raise InputError(problem_at(file, None, "有文字或表格的 HTML 网页", "网页中没有任何文字"))
    return Grid(file, walker.rows, "html")


def _decode(data: bytes, path: Path) -> str:
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk", "gb18030", "x-gbk"):
            name = "gb18030"
        try:
            return data.decode("utf-8-sig" if name in ("utf-8", "utf8") else name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, path)[0]


class _Walker:
    """Walks the tree in document order, collecting free-text lines and data tables."""

    def __init__(self, file: str):
        self.file = file
        self.rows: list[GridRow] = []
        self.line: list[str] = []
        self.line_at = 1
        self.tables = 0

    def flush(self) -> None:
        text = clean_cell(_SPACES.sub(" ", "".join(self.line)))
        if text:
            self.rows.append(text_row(text, Location(self.file, self.line_at)))
        self.line = []

    def walk(self, node: _Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                if not self.line:
                    self.line_at = node.line
                self.line.append(child)
                continue
            if child.tag == "br":
                self.flush()
                continue
            if child.tag == "table" and not _has_table(child, top=True):
                self.flush()
                self._table(child)
                continue
            block = child.tag in _BLOCK or child.tag in _CELL
            if block:
                self.flush()
            self.line_at = child.line
            self.walk(child)
            if block:
                self.flush()

    def _table(self, table: _Node) -> None:
        self.tables += 1
        number = self.tables
        caption = next((c for c in table.children if isinstance(c, _Node) and c.tag == "caption"), None)
        if caption is not None:
            text = clean_cell(_SPACES.sub(" ", _text(caption)))
            if text:
                self.rows.append(text_row(text, Location(self.file, caption.line)))
        stray = clean_cell(_SPACES.sub(" ", "".join(c for c in table.children if isinstance(c, str))))
        if stray:  # text written inside <table> but outside any cell: a browser shows it above the table
            self.rows.append(text_row(stray, Location(self.file, table.line)))
        printed: list[list[GridCell]] = []
        lines: list[int] = []
        for r, tr in enumerate(_rows(table)):
            cells = []
            c = 0
            for td in tr.children:
                if not isinstance(td, _Node) or td.tag not in _CELL:
                    continue
                where = Location(self.file, td.line, f"表{number} 第{r + 1}行第{c + 1}列")
                cells.append(GridCell(clean_cell(_SPACES.sub(" ", _text(td))), where,
                                      rowspan=_span(td.attrs.get("rowspan")), colspan=_span(td.attrs.get("colspan"))))
                c += 1
            printed.append(cells)
            lines.append(tr.line)
        renamed: dict[int, GridCell] = {}
        for r, cells in enumerate(expand_spans(printed)):
            # name each cell by the column it landed in once the spans above were laid out
            located = []
            for c, cell in enumerate(cells):
                if cell.covered and cell.anchor is not None:
                    anchor = renamed.get(id(cell.anchor), cell.anchor)
                    located.append(attrs.evolve(cell, anchor=anchor, location=anchor.location))
                else:
                    new = attrs.evolve(cell, location=attrs.evolve(cell.location, cell=f"表{number} 第{r + 1}行第{c + 1}列"))
                    renamed[id(cell)] = new
                    located.append(new)
            if located:
                self.rows.append(GridRow(tuple(located), number, Location(self.file, lines[r], f"表{number} 第{r + 1}行")))


def _has_table(node: _Node, top: bool = False) -> bool:
    """Whether a table holds another table (layout), looking inside its cells only."""
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == "table" and not top:
                return True
            if _has_table(child):
                return True
    return False


def _rows(table: _Node) -> list[_Node]:
    """The table's rows, from its sections in order; cells written with no `<tr>` form a row of their own."""
    found: list[_Node] = []

    def take(parent: _Node) -> None:
        loose: _Node | None = None
        for child in parent.children:
            if not isinstance(child, _Node):
                continue
            if child.tag == "tr":
                found.append(child)
                loose = None
            elif child.tag in _SECTION:
                take(child)
                loose = None
            elif child.tag in _CELL:
                if loose is None:
                    loose = _Node("tr", {}, child.line)
                    found.append(loose)
                loose.children.append(child)

    take(table)
    return found


def _text(node: _Node) -> str:
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append(" ")
        else:
            block = child.tag in _BLOCK
            if block and parts:
                parts.append(" ")
            parts.append(_text(child))
    return "".join(parts)


def _span(value: str | None) -> int:
    try:
        span = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(span, 1), _MAX_SPAN)
