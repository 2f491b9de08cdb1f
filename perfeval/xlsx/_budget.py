"""Budget tables (附件 1–10) as sheets: printed headers, a row saying which columns are amounts, the rows.

Every row below the 文本/金额 row is a row of the table, an empty one included.

The column names are written whole (`2026 年预算数/总计`) in one header row, because a
name may itself contain `/` (`单位/科目编码`); the 文本/金额 row below it keeps each
column's kind even for a table with no data, so the sheet reads back to the same model.
"""

from __future__ import annotations

from ..model import BudgetRow, BudgetTable, Column, UnplacedLine
from ._cells import BadCell, cell_decimal, cell_text, is_blank
from ._form import UNIT_LINE, label_cell, read_label
from ._grid import cell_text_safe
from ._write import Styled, number_format_for

TEXT, AMOUNT = "文本", "金额"
_KINDS = {TEXT, AMOUNT}


def budget_sheet(table: BudgetTable) -> tuple[list[list[object]], list[str]]:
    rows: list[list[object]] = [
        [label_cell(table.label)],
        [Styled(table.title, bold=True, span=True) if table.title else None],
        [f"单位：{table.unit}"] + list(table.notes),
        [Styled(c.name, header=True) for c in table.columns],
        [AMOUNT if c.numeric else TEXT for c in table.columns],
    ]
    for row in table.rows:
        out: list[object] = []
        for value, column in zip(row.cells, table.columns):
            if column.numeric and value is not None and not isinstance(value, str):
                out.append(Styled(value, number_format_for(value, thousands=True)))
            else:
                out.append(value if value != "" else None)
        if all(v is None for v in out) and out:
            out[0] = Styled(None, align="left")  # a styled empty cell keeps an empty printed row in the file
        rows.append(out)
    return rows, []


def kinds_row(head: list[tuple[int, tuple]]) -> int | None:
    """Index in `head` of the 文本/金额 row that marks a budget sheet (it follows the header row)."""
    for i, (_, cells) in enumerate(head[1:], start=1):
        texts = [cell_text_safe(c) for c in cells if not is_blank(c)]
        if texts and all(t in _KINDS for t in texts):
            return i
    return None


def read_budget(sheet, rows: list[tuple[int, tuple]], kinds_at: int, problems, unplaced: list[UnplacedLine]) -> BudgetTable:
    label = title = ""
    unit = "万元"
    notes: list[str] = []
    for number, cells in rows[: kinds_at - 1]:
        texts = [cell_text_safe(c) for c in cells if not is_blank(c)]
        if not texts:
            continue
        if read_label(texts[0]) is not None and not label:
            label = read_label(texts[0])
        elif UNIT_LINE.match(texts[0]):
            unit = texts[0].split("：" if "：" in texts[0] else ":", 1)[1].strip() or unit
            notes.extend(texts[1:])
        elif not title:
            title = " ".join(texts)
        else:
            unplaced.append(UnplacedLine(" ".join(texts), f"工作表“{sheet.title}”表头之上无法识别的文字", location=sheet.loc(number)))
    header_number, header_cells = rows[kinds_at - 1]
    kinds_number, kinds_cells = rows[kinds_at]
    width = max(len(header_cells), len(kinds_cells))
    while width and is_blank(header_cells[width - 1] if width <= len(header_cells) else None) \
            and is_blank(kinds_cells[width - 1] if width <= len(kinds_cells) else None):
        width -= 1
    columns = []
    for j in range(width):
        name = cell_text_safe(header_cells[j]) if j < len(header_cells) else ""
        kind = cell_text_safe(kinds_cells[j]) if j < len(kinds_cells) else ""
        if kind not in _KINDS:
            problems.add(sheet.problem(kinds_number, j + 1, f"列类型 {TEXT} 或 {AMOUNT}", kind or "空"))
        columns.append(Column(name or f"第{j + 1}列", numeric=kind == AMOUNT))
    table_rows = []
    for number, cells in rows[kinds_at + 1:]:
        if not cells:
            continue  # rows absent from the file; a printed empty row has a (styled) cell
        if any(not is_blank(c) for c in cells[width:]):
            extra = next(j for j in range(width, len(cells)) if not is_blank(cells[j]))
            problems.add(sheet.problem(number, extra + 1, f"至多 {width} 列（表头之外没有内容）", cell_text_safe(cells[extra])))
            continue
        out: list = []
        for j, column in enumerate(columns):
            cell = cells[j] if j < len(cells) else None
            try:
                out.append(cell_decimal(cell, f"“{column.name}”列的金额") if column.numeric else cell_text(cell))
            except BadCell as exc:
                problems.add(sheet.problem(number, j + 1, exc.expected, exc.found))
                out.append(None)
        table_rows.append(BudgetRow(out, location=sheet.loc(number)))
    return BudgetTable(label=label, title=title, columns=columns, rows=table_rows, unit=unit, notes=notes,
                       location=sheet.loc(rows[0][0] if rows else 1))
