"""The parts of a Document that are not tables: its header facts, narrative and unplaced lines.

Each gets a small sheet of its own so a document converted to Excel and back loses nothing.
"""

from __future__ import annotations

from ..model import Document, Paragraph, UnplacedLine
from ._cells import BadCell, cell_decimal, cell_text, is_blank
from ._grid import cell_text_safe
from ._write import Styled
from .headers import normalise

INFO_TITLE, NARRATIVE_TITLE, UNPLACED_TITLE = "文档信息", "说明", "未归位内容"
INFO_KEYS = {"编制单位": "unit_name", "预算年度": "year", "文档标题": "title"}
NARRATIVE_HEADER = ("章节", "段落")
UNPLACED_HEADER = ("原文", "原因", "原位置")


def info_rows(doc: Document) -> list[list[object]]:
    return [[Styled("编制单位", bold=True), doc.unit_name or None],
            [Styled("预算年度", bold=True), doc.year],
            [Styled("文档标题", bold=True), doc.title or None]]


def narrative_rows(doc: Document) -> list[list[object]]:
    return [[Styled(h, header=True) for h in NARRATIVE_HEADER]] + [[p.section or None, p.text or None] for p in doc.narrative]


def unplaced_rows(doc: Document) -> list[list[object]]:
    return [[Styled(h, header=True) for h in UNPLACED_HEADER]] + [
        [u.text or None, u.reason or None, str(u.location)] for u in doc.unplaced]


def meta_kind(head: list[tuple[int, tuple]]) -> str | None:
    first = next(((n, cells) for n, cells in head if any(not is_blank(c) for c in cells)), None)
    if first is None:
        return None
    texts = [normalise(cell_text_safe(c)) for c in first[1]]
    if texts and texts[0] in INFO_KEYS:
        return "info"
    if tuple(texts[:2]) == NARRATIVE_HEADER:
        return "narrative"
    if tuple(texts[:2]) == UNPLACED_HEADER[:2]:
        return "unplaced"
    return None


def read_info(sheet, rows, problems) -> dict[str, object]:
    out: dict[str, object] = {}
    for number, cells in rows:
        if all(is_blank(c) for c in cells):
            continue
        key = normalise(cell_text_safe(cells[0])) if cells else ""
        field = INFO_KEYS.get(key)
        if field is None:
            problems.add(sheet.problem(number, 1, f"文档信息项之一：{'、'.join(INFO_KEYS)}", cell_text_safe(cells[0])))
            continue
        cell = cells[1] if len(cells) > 1 else None
        try:
            if field == "year":
                year = cell_decimal(cell, "年份（如 2026）")
                if year is not None and (year != year.to_integral_value() or not 1900 <= year <= 2999):
                    raise BadCell("年份（如 2026）", cell_text(cell))
                out[field] = int(year) if year is not None else None
            else:
                out[field] = cell_text(cell)
        except BadCell as exc:
            problems.add(sheet.problem(number, 2, exc.expected, exc.found))
    return out


def _pairs(rows):
    """(row number, first cell text, second cell text) of each non-empty row under a header row."""
    for number, cells in rows[1:]:
        if all(is_blank(c) for c in cells):
            continue
        texts = [cell_text_safe(c) for c in cells[:2]] + [""] * (2 - len(cells[:2]))
        yield number, texts[0], texts[1]


def read_narrative(sheet, rows, problems) -> list[Paragraph]:
    return [Paragraph(text=text, section=section, location=sheet.loc(number, 2))
            for number, section, text in _pairs(rows)]


def read_unplaced(sheet, rows, problems) -> list[UnplacedLine]:
    return [UnplacedLine(text=text, reason=reason, location=sheet.loc(number)) for number, text, reason in _pairs(rows)]
