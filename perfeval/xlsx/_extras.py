"""What real forms print beyond the standard columns, in a sheet of its own: `表样与附加字段`.

One row per non-default field: which table (类别, 表号, 项目编码, 项目名称), which indicator
(指标序号 and 三级指标, empty for a table-level field), the field's key as in perfeval's
YAML (docs/format.md: 中期绩效目标, 资金来源, 表样, 容差, 时限, …) and its value written as
that format writes it (JSON for lists and mappings). The standard sheets stay exactly as
before, and a document whose fields are all at their defaults gets no such sheet.
"""

from __future__ import annotations

import json
from decimal import Decimal

import attrs

from .. import native
from ..model import Document
from ._cells import cell_text, is_blank
from ._grid import cell_text_safe
from ._write import Styled

EXTRAS_TITLE = "表样与附加字段"
HEADER = ("类别", "表号", "项目编码", "项目名称", "指标序号", "三级指标", "字段", "值")
_TABLE_KEYS = ("中期绩效目标", "资金来源", "表样")
_INDICATOR_KEYS = tuple(sorted(native._EXTRA_INDICATOR_KEYS))
_PROJECT, _DEPARTMENT = "项目", "部门整体"


def _json(value) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=lambda d: format(d, "f") if isinstance(d, Decimal) else str(d))


def extras_rows(doc: Document) -> list[list[object]]:
    """The sheet's rows, or [] when every table and indicator has only standard fields."""
    rows: list[list[object]] = []
    tables = [(_DEPARTMENT, doc.department_table, native.department_table_to_data)] if doc.department_table else []
    tables += [(_PROJECT, t, native.target_table_to_data) for t in doc.target_tables]
    for kind, table, to_data in tables:
        data = to_data(table)
        where = [kind, table.label or None, getattr(table, "project_code", "") or None,
                 getattr(table, "project_name", "") or None]
        for key in _TABLE_KEYS:
            if key in data:
                rows.append(where + [None, None, key, _json(data[key])])
        for number, item in enumerate(data.get("绩效指标", ()), start=1):
            for key in _INDICATOR_KEYS:
                if key in item:
                    rows.append(where + [number, item.get("三级指标"), key, _json(item[key])])
    if not rows:
        return []
    return [[Styled(h, header=True) for h in HEADER]] + rows


def is_extras(head) -> bool:
    first = next((cells for _, cells in head if any(not is_blank(c) for c in cells)), None)
    return first is not None and tuple(cell_text_safe(c) for c in first[:len(HEADER)]) == HEADER


def read_extras(sheet, rows, problems) -> list[tuple[tuple, int | None, str, object, int]]:
    """(table key, indicator number, field key, value, row) for each row after the header."""
    out = []
    for number, cells in rows[1:]:
        if all(is_blank(c) for c in cells):
            continue
        texts = [cell_text_safe(c) for c in cells] + [""] * len(HEADER)
        kind, label, code, name, index, _, key, value = texts[:len(HEADER)]
        if key not in _TABLE_KEYS + _INDICATOR_KEYS:
            problems.add(sheet.problem(number, 7, f"字段之一：{'、'.join(_TABLE_KEYS + _INDICATOR_KEYS)}", key))
            continue
        try:
            index_number = int(index) if index else None
        except ValueError:
            problems.add(sheet.problem(number, 5, "指标序号（整数）", index))
            continue
        raw = cell_text(cells[7]) if len(cells) > 7 else ""
        if raw[:1] in "[{":
            try:
                parsed = json.loads(raw, parse_float=Decimal)
            except ValueError:
                problems.add(sheet.problem(number, 8, "JSON 格式的值", raw))
                continue
        else:
            parsed = raw
        out.append(((kind, label, code, name), index_number, key, parsed, number))
    return out


def apply_extras(doc: Document, extras, sheet_problem) -> Document:
    """The document with the extra fields set on the tables and indicators they name."""
    if not extras:
        return doc
    decoder = native._Decoder("<excel>", native._no_lines)
    by_table: dict[tuple, list] = {}
    for entry in extras:
        by_table.setdefault(entry[0], []).append(entry)

    def update(table, kind):
        ident = (kind, table.label, getattr(table, "project_code", ""), getattr(table, "project_name", ""))
        entries = by_table.pop(ident, [])
        if not entries:
            return table
        fields = {native.TARGET_KEYS.get(key, key): value for _, index, key, value, _ in entries if index is None}
        changes = decoder.table_extras(None, fields)
        if "mid_goal" in fields:
            changes["mid_goal"] = str(fields["mid_goal"])
        indicators = list(table.indicators)
        for _, index, key, value, row in entries:
            if index is None:
                continue
            if not 1 <= index <= len(indicators):
                sheet_problem(row, f"{table.label} 的指标序号（1–{len(indicators)}）", str(index))
                continue
            extra = decoder.indicator_extras({key: value})
            indicators[index - 1] = attrs.evolve(indicators[index - 1], **extra)
        changes["indicators"] = indicators
        return attrs.evolve(table, **changes)

    department = update(doc.department_table, _DEPARTMENT) if doc.department_table is not None else None
    targets = [update(t, _PROJECT) for t in doc.target_tables]
    for ident, entries in by_table.items():
        sheet_problem(entries[0][4], "附加字段所指的表（类别、表号、项目编码、项目名称与某张表一致）", " ".join(p for p in ident if p))
    for problem in decoder.problems:
        sheet_problem(None, problem.expected, problem.found)
    return attrs.evolve(doc, department_table=department, target_tables=targets)
