"""A whole Document to a workbook and back.

Each sheet says what it is by its content, not its name, so users may rename and
reorder sheets: a 文本/金额 row marks a budget table, a header row with both a project
column and 三级指标 marks the flat layout, a first key 项目名称 or 部门（单位）名称 marks a
form. A non-empty sheet that is none of these is kept as unplaced lines, never dropped.
"""

from __future__ import annotations

from functools import partial
from itertools import chain
from pathlib import Path


from ..errors import InputError, Problems, problem_at
from ..model import Document, Location, UnplacedLine
from ._budget import budget_sheet, kinds_row, read_budget
from ._extras import EXTRAS_TITLE, apply_extras, extras_rows, is_extras, read_extras
from ._cells import is_blank
from ._flat import FLAT_TITLE, flat_rows, is_flat_header, read_flat
from ._form import department_form, form_kind, read_form, target_form
from ._grid import cell_text_safe, two_row_header
from .headers import FLAT_LOOKUP
from ._meta import (INFO_TITLE, NARRATIVE_TITLE, UNPLACED_TITLE, info_rows, meta_kind, narrative_rows,
                    read_info, read_narrative, read_unplaced, unplaced_rows)
from ._workbook import Workbook, cell_ref
from ._write import Book, check_sheet_count, check_sheet_rows

LAYOUTS = ("form", "flat")


def write_document_xlsx(doc: Document, path: str | Path, layout: str = "form") -> None:
    """Write `doc` as a workbook: target tables one sheet each (`form`) or all in one sheet (`flat`)."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    _check_size(doc, path, layout)
    book = Book()
    book.add_sheet(INFO_TITLE, info_rows(doc))
    if doc.narrative:
        book.add_sheet(NARRATIVE_TITLE, narrative_rows(doc), freeze="A2", widths={2: 100})
    for table in doc.budget_tables:
        rows, merges = budget_sheet(table)
        book.add_sheet(table.label or table.title or "预算表", rows, merges=merges, freeze="A6")
    if doc.department_table is not None:
        rows, merges, heights = department_form(doc.department_table)
        book.add_sheet(doc.department_table.label or "整体绩效目标表", rows, merges=merges, heights=heights)
    if layout == "form":
        for table in doc.target_tables:
            book.add_sheet(table.label or table.project_name or "项目", build=partial(target_form, table))
    elif doc.target_tables:
        tables = doc.target_tables
        book.add_sheet(FLAT_TITLE, build=lambda: (flat_rows(tables), (), None), freeze="E2", auto_filter=True,
                       wrap_long=False)
    if doc.unplaced:
        book.add_sheet(UNPLACED_TITLE, unplaced_rows(doc), freeze="A2")
    extras = extras_rows(doc)
    if extras:
        book.add_sheet(EXTRAS_TITLE, extras, freeze="A2")
    book.save(path)


def _check_size(doc: Document, path: str | Path, layout: str) -> None:
    """Refuse at once what Excel cannot hold or no one can page through, before any sheet is built."""
    if layout == "form":
        count = 1 + bool(doc.narrative) + len(doc.budget_tables) + (doc.department_table is not None) \
            + len(doc.target_tables) + bool(doc.unplaced)
        check_sheet_count(count, path, f"form 版式（{len(doc.target_tables):,} 张项目绩效目标表，每张一页）",
                          "请改用 --layout flat（一个指标一行，全在一张工作表），或把文档按主管部门拆成几份分别转换")
    else:
        rows = 1 + sum(len(t.indicators) or 1 for t in doc.target_tables)
        check_sheet_rows(rows, path, f"flat 版式（{len(doc.target_tables):,} 张项目绩效目标表）",
                         "请把文档按主管部门拆成几份分别转换，或改用 YAML / JSON")


def _classify(head: list[tuple[int, tuple]]) -> tuple[str, int | None] | None:
    kind = meta_kind(head)
    if kind:
        return kind, None
    if is_extras(head):
        return "extras", None
    at = kinds_row(head)
    if at is not None:
        return "budget", at
    if any(is_flat_header(cells) for _, cells in head):
        return "flat", None
    if any(is_flat_header(two_row_header(a, b, FLAT_LOOKUP) or ()) for (_, a), (_, b) in zip(head, head[1:])):
        return "flat", None
    kind = form_kind(head)
    return (kind, None) if kind else None


def read_document_xlsx(path: str | Path) -> Document:
    """A Document from a workbook in either layout; InputError lists every bad cell with its reference."""
    problems = Problems()
    unplaced: list[UnplacedLine] = []
    info: dict[str, object] = {}
    narrative, budgets, targets = [], [], []
    department = None
    recognised = 0
    extras: list = []
    extras_sheet = None
    with Workbook(path) as book:
        for sheet in book.sheets(problems):
            head, rows = sheet.head()
            found = _classify(head)
            if found is None:
                for number, cells in chain(head, rows):
                    texts = [cell_text_safe(c) for c in cells if not is_blank(c)]
                    if texts:
                        unplaced.append(UnplacedLine(" ".join(texts), f"无法识别的工作表“{sheet.title}”中的内容",
                                                     location=sheet.loc(number)))
                continue
            kind, at = found
            recognised += 1
            if kind == "flat":
                targets.extend(read_flat(sheet, chain(head, rows), problems, unplaced))
                continue
            all_rows = head + list(rows)
            if kind == "info":
                info.update(read_info(sheet, all_rows, problems))
            elif kind == "narrative":
                narrative.extend(read_narrative(sheet, all_rows, problems))
            elif kind == "extras":
                extras.extend(read_extras(sheet, all_rows, problems))
                extras_sheet = sheet
            elif kind == "unplaced":
                unplaced.extend(read_unplaced(sheet, all_rows, problems))
            elif kind == "budget":
                budgets.append(read_budget(sheet, all_rows, at, problems, unplaced))
            elif kind == "department":
                if department is not None:
                    problems.add(sheet.problem(all_rows[0][0], 1, "只有一张部门（单位）整体绩效目标表", "又一张"))
                department = read_form(sheet, all_rows, problems, kind, unplaced)
            else:
                targets.append(read_form(sheet, all_rows, problems, kind, unplaced))
        for name in book.hidden:
            unplaced.append(UnplacedLine(f"隐藏的工作表“{name}”", book.skipped(),
                                         location=Location(str(path), 1, cell_ref(name, 1, 1))))
    problems.raise_if_any()
    if not recognised:
        raise InputError(problem_at(str(path), None,
                                    "至少一张可识别的工作表：项目支出绩效目标表（表单或一行一指标的清单）、整体绩效目标表或预算表",
                                    "没有" + (f"（{book.skipped()}）" if book.hidden else "")))
    unit_name = str(info.get("unit_name") or (department.unit_name if department is not None else ""))
    doc = Document(
        unit_name=unit_name, year=info.get("year"), title=str(info.get("title") or ""), narrative=narrative,
        budget_tables=budgets, department_table=department, target_tables=targets, unplaced=unplaced,
        location=Location(str(path)))
    if extras:
        doc = apply_extras(doc, extras, lambda row, expected, found: problems.add(
            extras_sheet.problem(row or 1, 1, expected, found)))
    problems.raise_if_any()
    return doc
