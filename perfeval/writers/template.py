"""The actuals template (实际完成值模板) sent to units: every indicator of every target table, blanks to fill.

One row per indicator with its project, levels, target and weight, and blank
实际完成值 / 评价等级 / 得分比例 / 不适用 / 偏差原因 columns; per project one funds row
(年初预算数 / 全年预算数 / 全年执行数: the official terms, 全年预算数 being the adjusted budget,
left blank when the budget was not adjusted). The column names are the actuals readers' own
(perfeval.readers.actuals and perfeval.xlsx.actuals), so the template filled in is an
actuals file: `perfeval score TARGETS 实际完成值.xlsx` reads it as it is. The columns
describing the target are ones both readers know and skip (TARGET_COLUMNS).

This module builds the rows and writes CSV; perfeval.xlsx.template writes the workbook.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable, Iterator

import attrs

from ..errors import PerfevalError
from ..model import Indicator, TargetTable
from ..target_text import format_target

# Columns copied from the target table for the unit to read; the actuals readers skip them.
INFO_COLUMNS = ("项目名称", "一级指标", "年度指标值", "分值")
# Columns the unit fills in (the actuals readers' canonical spellings).
FILL_COLUMNS = ("实际完成值", "评价等级", "得分比例", "不适用", "偏差原因")
FUNDS_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")
INDICATOR_COLUMNS = ("项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "分值") + FILL_COLUMNS
FUNDS_SHEET_COLUMNS = ("项目编码", "项目名称") + FUNDS_COLUMNS
CSV_COLUMNS = INDICATOR_COLUMNS + FUNDS_COLUMNS
BANDS = ("达成", "部分达成", "未达成")
YES_NO = ("是", "否")


@attrs.frozen
class TemplateRow:
    """One indicator to report on: where it is and what was promised."""

    project_code: str
    project_name: str
    level1: str
    level2: str
    name: str
    target: str
    weight: str
    qualitative: bool

    def cells(self) -> list[str]:
        """The INDICATOR_COLUMNS, blanks to fill included."""
        return [self.project_code, self.project_name, self.level1, self.level2, self.name, self.target, self.weight,
                "", "", "", "", ""]


def target_of(indicator: Indicator) -> str:
    """年度指标值 as the unit knows it: as printed where the reader kept it, else written from the model."""
    if indicator.printed:
        return indicator.printed
    return format_target(indicator.operator, indicator.value, indicator.unit, indicator.text_value)


def _weight(indicator: Indicator) -> str:
    return "" if indicator.weight is None else format(indicator.weight, "f")


def template_rows(tables: Iterable[TargetTable]) -> Iterator[tuple[TargetTable, list[TemplateRow]]]:
    """Each project table with its indicator rows, in document order."""
    for table in tables:
        rows = [TemplateRow(table.project_code, table.project_name, i.level1 or "", i.level2 or "", i.name,
                            target_of(i), _weight(i), not i.operator.quantitative)
                for i in table.indicators]
        yield table, rows


def write_template_csv(tables: Iterable[TargetTable], path: str | Path) -> tuple[int, int]:
    """The template as one CSV (UTF-8 with a BOM, so Excel opens it): per project its funds row, then its indicators.

    Returns (projects, indicators) written.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    blanks = [""] * len(FUNDS_COLUMNS)
    projects = indicators = 0
    for table, rows in template_rows(tables):
        projects += 1
        writer.writerow([table.project_code, table.project_name] + [""] * (len(INDICATOR_COLUMNS) - 2) + blanks)
        for row in rows:
            indicators += 1
            writer.writerow(row.cells() + blanks)
    try:
        Path(path).write_text(out.getvalue(), encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise PerfevalError(f"无法写入 {path}：{exc.strerror or exc}") from None
    return projects, indicators
