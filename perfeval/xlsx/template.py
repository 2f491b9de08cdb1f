"""The actuals template as a workbook: 实际完成值 (one row per indicator) and 项目资金 (one row per project).

The rows come from perfeval.writers.template; this module adds what Excel offers a
person filling it in: the blank columns shaded, drop-down lists for 评价等级 (定性
indicators only) and 不适用, number checks on 得分比例 and the amounts, an input
message showing the target, frozen headers and a filter. Streamed (write-only).
"""

from __future__ import annotations

from copy import copy
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import PerfevalError
from ..model import TargetTable
from ..writers.template import (BANDS, FILL_COLUMNS, FUNDS_COLUMNS, FUNDS_SHEET_COLUMNS, INDICATOR_COLUMNS, YES_NO,
                                template_rows)
from ._write import check_value, display_width

INDICATOR_SHEET = "实际完成值"
FUNDS_SHEET = "项目资金"
_FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_MAX_WIDTH = 40


def _column(name: str, columns: tuple[str, ...]) -> str:
    return get_column_letter(columns.index(name) + 1)


def write_template_xlsx(tables: Iterable[TargetTable], path: str | Path) -> tuple[int, int]:
    """Write the template workbook; returns (projects, indicators)."""
    indicator_rows: list[list[str]] = []
    qualitative: list[int] = []  # row numbers of 定性 indicators (评价等级 applies)
    funds_rows: list[list[str]] = []
    for table, rows in template_rows(tables):
        funds_rows.append([table.project_code, table.project_name, "", "", ""])
        for row in rows:
            indicator_rows.append(row.cells())
            if row.qualitative:
                qualitative.append(len(indicator_rows) + 1)
    for title, columns, rows in ((INDICATOR_SHEET, INDICATOR_COLUMNS, indicator_rows),
                                 (FUNDS_SHEET, FUNDS_SHEET_COLUMNS, funds_rows)):
        for number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                check_value(value, title, number, column)

    book = Workbook(write_only=True)
    ws = book.create_sheet(INDICATOR_SHEET)
    last = len(indicator_rows) + 1
    _setup(ws, INDICATOR_COLUMNS, indicator_rows)
    if last > 1:
        band = _column("评价等级", INDICATOR_COLUMNS)
        bands = DataValidation(type="list", formula1='"' + ",".join(BANDS) + '"', allow_blank=True,
                               showErrorMessage=True, errorTitle="评价等级",
                               error="定性指标的评价等级为 达成、部分达成 或 未达成；定量指标请填 实际完成值。",
                               promptTitle="评价等级", prompt="定性指标：达成 / 部分达成 / 未达成", showInputMessage=True)
        for number in qualitative:
            bands.add(f"{band}{number}")
        share = _column("得分比例", INDICATOR_COLUMNS)
        shares = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True,
                                showErrorMessage=True, errorTitle="得分比例",
                                error="得分比例为 0 到 1 之间的数（如 0.9），须在所选评价等级的区间内。")
        shares.add(f"{share}2:{share}{last}")
        yes = _column("不适用", INDICATOR_COLUMNS)
        yes_no = DataValidation(type="list", formula1='"' + ",".join(YES_NO) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="不适用", error="填 是 或 否（或留空）。")
        yes_no.add(f"{yes}2:{yes}{last}")
        actual = _column("实际完成值", INDICATOR_COLUMNS)
        hint = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="200", allow_blank=True,
                              promptTitle="实际完成值", showInputMessage=True,
                              prompt="数值可带单位（如 132万张、96%）；单位可与年度指标值不同但须能换算。定性指标改填 评价等级。")
        hint.add(f"{actual}2:{actual}{last}")
        for validation in (bands, shares, yes_no, hint):
            if validation.sqref:
                ws.data_validations.append(validation)
    fill = {INDICATOR_COLUMNS.index(name) + 1 for name in FILL_COLUMNS}
    _rows(ws, INDICATOR_COLUMNS, indicator_rows, fill)
    ws.close()  # its temporary file released now, not at save

    funds = book.create_sheet(FUNDS_SHEET)
    _setup(funds, FUNDS_SHEET_COLUMNS, funds_rows)
    if funds_rows:
        amounts = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                 showErrorMessage=True, errorTitle="金额", error="金额为不小于 0 的数，单位万元。",
                                 promptTitle="金额（万元）", prompt="单位：万元。全年预算数 为调整后的全年预算，只在年中调整过预算时填写。",
                                 showInputMessage=True)
        first, end = _column(FUNDS_COLUMNS[0], FUNDS_SHEET_COLUMNS), _column(FUNDS_COLUMNS[-1], FUNDS_SHEET_COLUMNS)
        amounts.add(f"{first}2:{end}{len(funds_rows) + 1}")
        funds.data_validations.append(amounts)
    _rows(funds, FUNDS_SHEET_COLUMNS, funds_rows, {FUNDS_SHEET_COLUMNS.index(n) + 1 for n in FUNDS_COLUMNS})
    try:
        book.save(str(path))
    except OSError as exc:
        raise PerfevalError(f"无法写入 {path}：{exc.strerror or exc}") from None
    return len(funds_rows), len(indicator_rows)


def _setup(ws, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    width = len(columns)
    ref = f"A1:{get_column_letter(width)}{len(rows) + 1}"
    ws.calculate_dimension = lambda: ref
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ref
    for column, name in enumerate(columns, start=1):
        widest = max([display_width(name)] + [display_width(r[column - 1]) for r in rows[:500]])
        ws.column_dimensions[get_column_letter(column)].width = min(_MAX_WIDTH, max(widest, 8)) + 2
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _rows(ws, columns: tuple[str, ...], rows: list[list[str]], fill: set[int]) -> None:
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, name)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
        header.append(cell)
    ws.append(header)
    # openpyxl hashes every style object on each assignment; each combination is registered once
    # and later cells take a copy of its style indices (as perfeval.xlsx.official does).
    seen: dict[tuple[bool, bool, bool], object] = {}
    for row in rows:
        out = []
        for column, value in enumerate(row, start=1):
            cell = WriteOnlyCell(ws)
            quote = False
            if value:
                cell.value = value
                cell.data_type = "s"  # codes such as 0012 and targets such as =100% stay text
                quote = value.startswith(("=", "+", "-", "@"))
            key = (column in fill, display_width(value) > _MAX_WIDTH, quote)
            style = seen.get(key)
            if style is None:
                cell.border = _BORDER
                if key[0]:
                    cell.fill = _FILL
                if key[1]:
                    cell.alignment = _WRAP
                if quote:
                    cell.quotePrefix = True
                seen[key] = copy(cell._style)
            else:
                cell._style = copy(style)
            out.append(cell)
        ws.append(out)
