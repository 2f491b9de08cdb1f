"""Writing test PDFs with reportlab's built-in Chinese font (STSong-Light: no font file needed).

A test and corpus tool only (the `corpus` extra), never imported by perfeval itself.
`ruled_pdf` draws tables with lines (platypus tables: merged cells, header rows
repeated on each page, long rows split across a page break); `unruled_pdf` places
each cell's text at its column's x position with no lines, as many budget systems print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

FONT = "STSong-Light"


def _font() -> None:
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics

    rl_config.invariant = 1  # no timestamp or random id: the same input writes the same bytes
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


class Table:
    """A ruled table: rows of text, `spans` as ((col, row), (col, row)) corners, header rows to repeat."""

    def __init__(self, rows: Sequence[Sequence[str]], spans: Sequence = (), header: int = 0,
                 widths: Sequence[float] | None = None, split_rows: bool = False):
        self.rows = [list(r) for r in rows]
        self.spans = list(spans)
        self.header = header
        self.widths = widths
        self.split_rows = split_rows


def ruled_pdf(path: Path, blocks: Sequence, landscape: bool = False, page_break_before: Sequence[int] = (),
              indent: bool = False, keep_spaces: bool = False) -> Path:
    """Blocks are strings (a paragraph; `#` first makes it a centred title) or `Table`s.

    `indent` starts each paragraph two characters in, as Chinese documents print them;
    `keep_spaces` wraps lines and cells only between two printed characters, never at a
    space (a reader cannot tell a wrap at a space from a wrap inside a word, so a document
    that must read back exactly, like the seed, is printed this way)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turn
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    _font()
    size = turn(A4) if landscape else A4
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK", spaceAfter=6,
                          firstLineIndent=20 if indent else 0)
    title = ParagraphStyle("title", parent=body, fontSize=14, leading=20, alignment=1)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11, wordWrap="CJK")
    doc = SimpleDocTemplate(str(path), pagesize=size, leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40)
    usable = size[0] - 80
    story = []
    for index, block in enumerate(blocks):
        if index in page_break_before:
            story.append(PageBreak())
        if isinstance(block, str):
            if block.startswith("#"):
                story.append(Paragraph(_escape(block[1:].strip()), title))
            elif keep_spaces:
                lines = _prewrap(block, usable - 14, 10, first_indent=20 if indent else 0)  # the frame pads 6 pt a side
                story.append(Paragraph("<br/>".join(_escape(line) for line in lines), body))
            else:
                story.append(Paragraph(_escape(block), body))
            continue
        n = max(len(r) for r in block.rows)
        widths = block.widths or [usable / n] * n
        if keep_spaces:
            data = [[Paragraph("<br/>".join(_escape(x) for x in _prewrap(t, widths[c] - 14, 9)), cell) if t else ""
                     for c, t in enumerate(r)] + [""] * (n - len(r)) for r in block.rows]
        else:
            data = [[Paragraph(_escape(t), cell) if t else "" for t in r] + [""] * (n - len(r)) for r in block.rows]
        table = RLTable(data, colWidths=widths, repeatRows=block.header, splitInRow=1 if block.split_rows else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("FONT", (0, 0), (-1, -1), FONT, 9)]
        style += [("SPAN", a, b) for a, b in block.spans]
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 8)]
    doc.build(story)
    return path


def unruled_pdf(path: Path, pages: Sequence[Sequence], landscape: bool = True) -> Path:
    """Each page is a list of blocks: a string (a text line; `#` first: a centred title) or
    (column x positions, rows of cell texts), drawn with no lines at all."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turn
    from reportlab.pdfgen import canvas

    _font()
    size = turn(A4) if landscape else A4
    c = canvas.Canvas(str(path), pagesize=size)
    for page in pages:
        y = size[1] - 50
        for block in page:
            if isinstance(block, str):
                if block.startswith("#"):
                    c.setFont(FONT, 14)
                    c.drawCentredString(size[0] / 2, y, block[1:].strip())
                    y -= 26
                else:
                    c.setFont(FONT, 10)
                    c.drawString(40, y, block)
                    y -= 18
                continue
            xs, rows = block
            c.setFont(FONT, 9)
            for row in rows:
                for x, text in zip(xs, row):
                    if text:
                        c.drawString(x, y, text)
                y -= 17
            y -= 8
        c.showPage()
    c.save()
    return path


def drawn_pdf(path: Path, pages: Sequence[Sequence], landscape: bool = False) -> Path:
    """Pages drawn exactly as given: strings are text lines, (column widths, rows) a ruled
    grid of one-line cells (a cell may hold several lines separated by `\\n`; None merges a
    cell with the one above, drawing no rule between them). Used where a
    layout must be exact, such as a row that a page break cut in two."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turn
    from reportlab.pdfgen import canvas

    _font()
    size = turn(A4) if landscape else A4
    c = canvas.Canvas(str(path), pagesize=size)
    for page in pages:
        y = size[1] - 50
        for block in page:
            if isinstance(block, str):
                c.setFont(FONT, 12)
                c.drawString(40, y, block)
                y -= 22
                continue
            widths, rows = block
            c.setFont(FONT, 9)
            c.setLineWidth(0.5)
            for r, row in enumerate(rows):
                lines = max(len((t or "").split("\n")) for t in row)
                height = 6 + 11 * lines
                x = 40
                for col, (w, text) in enumerate(zip(widths, row)):
                    below = rows[r + 1][col] if r + 1 < len(rows) else ""
                    c.line(x, y, x, y - height)
                    c.line(x + w, y, x + w, y - height)
                    if text is not None:  # None: merged with the cell above (no rule between them)
                        c.line(x, y, x + w, y)
                    if below is not None:
                        c.line(x, y - height, x + w, y - height)
                    for k, part in enumerate((text or "").split("\n")):
                        c.drawString(x + 3, y - 12 - 11 * k, part)
                    x += w
                y -= height
            y -= 10
        c.showPage()
    c.save()
    return path


def _prewrap(text: str, width: float, size: float, first_indent: float = 0) -> list[str]:
    """Greedy lines no wider than `width`, broken only between two non-space characters."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    start = 0
    limit = width - first_indent
    while start < len(text):
        end = start + 1
        while end < len(text) and stringWidth(text[start:end + 1], FONT, size) <= limit:
            end += 1
        if end < len(text):
            cut = end
            while cut > start + 1 and (text[cut - 1] == " " or text[cut] == " "):
                cut -= 1
            end = cut
        lines.append(text[start:end])
        start = end
        limit = width
    return lines


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
