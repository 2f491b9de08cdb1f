"""`perfeval show`: every table of a document, as the document prints it."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from tabulate import tabulate

from ..model import BudgetTable, DepartmentTargetTable, Document, Indicator, TargetTable

INDICATOR_COLUMNS = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "是否核心指标")


def number(value: Decimal | None) -> str:
    """A Decimal as the document would print it (no exponent, no float rounding)."""
    return "" if value is None else format(value, "f")


def indicator_cells(indicator: Indicator) -> list[str]:
    value = number(indicator.value) if indicator.value is not None else (indicator.text_value or "")
    core = "" if indicator.core is None else ("是" if indicator.core else "否")
    return [indicator.level1 or "", indicator.level2 or "", indicator.name, indicator.operator.value, value,
            indicator.unit.symbol if indicator.unit else "", number(indicator.weight), core]


def render_budget_table(table: BudgetTable, tablefmt: str) -> str:
    headers = [column.name for column in table.columns]
    rows = [[number(c) if isinstance(c, Decimal) else (c or "") for c in row.cells] for row in table.rows]
    align = ["right" if column.numeric else "left" for column in table.columns]
    body = tabulate(rows, headers=headers, tablefmt=tablefmt, colalign=align, disable_numparse=True) if table.columns else "（无列）"
    lines = [f"{table.label}  {table.title}（单位：{table.unit}）", body]
    lines += list(table.notes)
    return "\n".join(lines)


def _fields(pairs: Iterable[tuple[str, str]], tablefmt: str) -> str:
    return tabulate([[k, v] for k, v in pairs if v], tablefmt=tablefmt if tablefmt != "simple" else "plain",
                    disable_numparse=True, maxcolwidths=[None, 60])


def _grid(rows, headers, tablefmt: str, width: int | None) -> str:
    """An indicator grid; in a terminal (`simple`, a width known) fitted to it, Chinese wrapped in cells."""
    if width and tablefmt == "simple":
        from .terminal import table

        return table(rows, headers, "table", width)
    return tabulate(rows, headers=headers, tablefmt=tablefmt, disable_numparse=True)


def render_target_table(table: TargetTable, tablefmt: str, width: int | None = None) -> str:
    header = _fields([
        ("项目名称", f"{table.project_code}-{table.project_name}" if table.project_code else table.project_name),
        ("主管部门", table.department), ("实施单位", table.implementer),
        ("资金总额（万元）", number(table.funds)), ("项目属性", table.attribute),
        ("项目起始时间", table.start), ("项目终止时间", table.end), ("项目概况", table.overview),
        ("立项依据", table.basis), ("项目当年绩效目标", table.goal),
    ], tablefmt)
    grid = _grid([indicator_cells(i) for i in table.indicators], INDICATOR_COLUMNS, tablefmt, width)
    return "\n".join([f"{table.label}  {table.title}", header, grid, f"权重合计：{number(table.weight_total)}"])


def render_department_table(table: DepartmentTargetTable, tablefmt: str, width: int | None = None) -> str:
    header = _fields([("部门（单位）名称", table.unit_name), ("部门支出预算数（万元）", number(table.budget)),
                      ("当年整体绩效目标", table.goal)], tablefmt)
    columns = ("指标名称", "指标权重", "计量单位", "指标性质", "指标值")
    rows = [[i.name, number(i.weight), i.unit.symbol if i.unit else "", i.operator.value,
             number(i.value) if i.value is not None else (i.text_value or "")] for i in table.indicators]
    grid = _grid(rows, columns, tablefmt, width)
    return "\n".join([f"{table.label}  {table.title}", header, grid, f"权重合计：{number(table.weight_total)}"])


def render_document(doc: Document, tablefmt: str = "simple", labels: set[str] | None = None,
                    width: int | None = None) -> str:
    """All tables in document order; `labels` limits the output to those 附件; target tables fitted to `width`."""
    def wanted(label: str) -> bool:
        return not labels or label in labels

    parts = [f"{doc.unit_name}  {doc.title}".strip()]
    parts += [render_budget_table(t, tablefmt) for t in doc.budget_tables if wanted(t.label)]
    if doc.department_table is not None and wanted(doc.department_table.label):
        parts.append(render_department_table(doc.department_table, tablefmt, width))
    parts += [render_target_table(t, tablefmt, width) for t in doc.target_tables if wanted(t.label)]
    if doc.unplaced and not labels:
        rows = [[str(u.location.line or ""), u.text, u.reason] for u in doc.unplaced]
        parts.append("未能归入表格的行（已保留，请核对）\n" + tabulate(rows, headers=("行", "内容", "原因"),
                                                         tablefmt=tablefmt, disable_numparse=True))
    indicators = sum(len(t.indicators) for t in doc.target_tables)
    parts.append(f"共 {len(doc.budget_tables)} 张预算表，{len(doc.target_tables)} 张项目支出绩效目标表，"
                 f"{indicators} 个项目绩效指标" + ("，1 张部门整体绩效目标表" if doc.department_table else "") + "。")
    return "\n\n".join(parts) + "\n"
