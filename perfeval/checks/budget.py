"""Budget-table checks: parents equal the sum of their children, totals the sum of their parts.

Amounts are printed in 万元 rounded to the cent, and the tables warn that sums may
carry a rounding tail (本套报表金额单位转换时可能存在尾数误差). A difference no larger
than `tolerance` per printed figure is reported as 尾数误差 (info), never as an error.
Also: every listed project has a target table where the narrative says all do, and
项目属性 agrees with 起始时间 and the budget year.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .._lazyre import lazy
from ..model import BudgetRow, BudgetTable, Document, TargetTable
from .catalogue import HALF_CENT, PATTERNS, Param, rule
from .context import Context
from .walk import Walk, run
from .projects import project_list

_SUM_EVIDENCE = ("row", "column", "total", "parts", "difference", "count")

ROUNDING = rule(
    "budget.rounding", "info", "尾数误差",
    "{table} {row}「{column}」为 {total}，其组成部分之和为 {parts}，相差 {difference}，在尾数误差范围内，无须改动",
    "金额以万元保留两位小数印出，每个印出的数字最多有 tolerance（默认 0.005 万元）的舍入误差；"
    "合计与分项之差不超过 tolerance ×（分项个数 + 1）时属于尾数误差，只作提示。",
    evidence=_SUM_EVIDENCE,
    params=(Param("tolerance", HALF_CENT, "0.005", "每个印出数字的舍入误差上限（与表格金额同单位）"),),
)
SUM = rule(
    "budget.sum", "error", "上级科目不等于下级之和",
    "{table} {row}「{column}」为 {total}，其下级（{count} 项）之和为 {parts}，相差 {difference}；应核对上级科目或其下级各项的金额",
    "科目编码分级（类 3 位、款 5 位、项 7 位）：上级的金额应等于下级之和，合计行应等于各类之和。超出尾数误差的差额多为漏行、缺页或录入错误。",
    evidence=_SUM_EVIDENCE,
)
COLUMN_SUM = rule(
    "budget.column_sum", "error", "合计列不等于分列之和",
    "{table} {row}「{column}」为 {total}，同组分列（{count} 列）之和为 {parts}，相差 {difference}；应核对合计列或各分列的金额",
    "同一行中，总计/合计/小计列应等于同一表头下各分列之和（如 总计 = 基本支出 + 项目支出）。",
    evidence=_SUM_EVIDENCE,
)
BALANCE = rule(
    "budget.balance", "error", "收支总计不平衡",
    "{table} 收入总计 {income} 与支出总计 {expense} 不等，相差 {difference}；应核对收入与支出各项",
    "收支总表的收入总计必须等于支出总计。",
    evidence=("income", "expense", "difference"),
)
MISSING_TARGET_TABLE = rule(
    "budget.missing_target_table", "error", "项目缺少绩效目标表",
    "{table} 列出的项目 {project}「{name}」（{amount} 万元）没有绩效目标表；文中称“{claim}”（明细表 {listed} 个项目，目标表 {tables} 张）；应补上该项目的绩效目标表（或核对是否缺页）",
    "说明中称项目支出全部实行绩效目标管理时，项目支出明细表中的每个项目都应有一张项目支出绩效目标表；"
    "缺表多为漏报或公开文本缺页。说明中没有这样的表述时不检查。",
    evidence=("name", "amount", "claim", "listed", "tables"),
    params=(Param("phrases", PATTERNS, ["均实行了?绩效目标管理", "全部实行了?绩效目标管理", "全面实行了?绩效目标管理",
                                            "全部纳入绩效目标管理"], "说明中表示“全部项目实行绩效目标管理”的说法（正则）"),),
)
ATTRIBUTE = rule(
    "budget.attribute", "warning", "项目属性与起始时间不符",
    "{table} 项目属性为“{attribute}”，项目起始时间为 {start_year} 年，预算年度为 {year} 年，应为“{expected}”",
    "起始时间早于预算年度的项目是延续项目，起始于预算年度的是新增项目；起始时间晚于预算年度则是填错了。",
    evidence=("attribute", "start_year", "year", "expected"),
)

_TOTAL_NAMES = frozenset({"合计", "总计"})
_TOTAL_COLUMNS = frozenset({"合计", "总计", "小计"})
_ORDINAL = lazy(r"^\s*[（(]?[一二三四五六七八九十]+[)）、]")
_CODE = lazy(r"^\d+$")
_YEAR = lazy(r"(20\d\d|19\d\d)\s*年")


def check(document: Document, ctx: Context) -> None:
    run([walk(document, ctx)], document)


def walk(document: Document, ctx: Context) -> Walk:
    """The budget tables and the project list first; then each project table's 项目属性."""
    tolerance = _tolerance(ctx)
    for table in document.budget_tables:
        if ctx.on(SUM.code) or ctx.on(ROUNDING.code):
            _check_rows(table, tolerance, ctx)
        if ctx.on(COLUMN_SUM.code) or ctx.on(ROUNDING.code):
            _check_columns(table, tolerance, ctx)
        if ctx.on(BALANCE.code):
            _check_balance(table, tolerance, ctx)
    if ctx.on(MISSING_TARGET_TABLE.code):
        _check_target_tables(document, ctx)
    if ctx.on(ATTRIBUTE.code):
        year = budget_year(document)
        if year is not None:
            verdicts: dict[tuple[str, str], tuple | None] = {}

            def table(table: TargetTable) -> None:
                key = (table.start, table.attribute)  # all the verdict depends on, besides the year
                try:
                    verdict = verdicts[key]
                except KeyError:
                    verdict = verdicts[key] = _attribute_verdict(table, year)
                if verdict is not None:
                    attribute, start, expected = verdict
                    ctx.report(ATTRIBUTE.code, table=table, attribute=attribute, start_year=start, year=year,
                               expected=expected)

            return Walk(table=table)
    return Walk()


def _tolerance(ctx: Context) -> Decimal:
    if ctx.on(ROUNDING.code):
        return ROUNDING.params_in(ctx).tolerance
    return ROUNDING.defaults.tolerance


def _compare(ctx: Context, code: str, table: BudgetTable, row: BudgetRow, label: str, column: str,
             total: Decimal | None, parts: list[Decimal | None], tolerance: Decimal) -> None:
    if all(p is None for p in parts):
        return  # a total printed without its breakdown (收入总计 rows) is not a sum to check
    total = total or Decimal(0)
    summed = sum((p for p in parts if p is not None), Decimal(0))
    difference = abs(total - summed)
    if not difference:
        return
    within = difference <= tolerance * (len(parts) + 1)
    ctx.report(ROUNDING.code if within else code, table=table.label, location=row.location, row=label,
               column=column, total=total, parts=summed, difference=difference, count=len(parts))


def _labeller(table: BudgetTable):
    """A function giving a row's label (code and name, else its first text), with the columns found once."""
    code_column, name_column = table.code_column, table.name_column

    def label(row: BudgetRow) -> str:
        parts = [row.cells[i] for i in (code_column, name_column) if i is not None]
        text = " ".join(p for p in parts if isinstance(p, str) and p)
        if text:
            return text
        return next((c for c in row.cells if isinstance(c, str) and c.strip()), "")

    return label


def _is_total(row: BudgetRow) -> bool:
    for c in row.cells:  # (a loop, not any() over a generator: asked of every budget row)
        if isinstance(c, str) and "计" in c and "".join(c.split()) in _TOTAL_NAMES:
            return True
    return False


def _check_rows(table: BudgetTable, tolerance: Decimal, ctx: Context) -> None:
    """Subject-code hierarchy (208 ⊃ 20801 ⊃ 2080101) and the 合计 row over the top level."""
    columns = table.amount_columns()
    if not columns:
        return
    label, code_column, name_column = _labeller(table), table.code_column, table.name_column
    total_row: BudgetRow | None = None
    coded: dict[str, BudgetRow] = {}
    plain: list[BudgetRow] = []
    for row in table.rows:
        if _is_total(row):
            total_row = total_row or row
            continue
        code = "".join(str(row.cells[code_column] or "").split()) if code_column is not None else ""
        if code and _CODE.match(code):  # (digits only: never the empty text)
            coded.setdefault(code, row)
        else:
            cells = row.cells
            for i in columns:
                if isinstance(cells[i], Decimal):
                    plain.append(row)
                    break
    children: dict[str | None, list[str]] = {}
    for code in coded:
        parent = next((code[:n] for n in range(len(code) - 1, 0, -1) if code[:n] in coded), None)
        children.setdefault(parent, []).append(code)
    for parent, kids in children.items():
        if parent is None:
            continue
        row = coded[parent]
        for i in columns:
            _compare(ctx, SUM.code, table, row, label(row), table.columns[i].name,
                     row.cells[i], [coded[k].cells[i] for k in kids], tolerance)
    if total_row is None:
        return
    if coded:
        top = [coded[k] for k in children.get(None, [])]
    elif plain and not (name_column is not None and _any_ordinal([r.cells[name_column] for r in plain])):
        top = plain
    else:
        return
    for i in columns:
        _compare(ctx, SUM.code, table, total_row, "合计", table.columns[i].name,
                 total_row.cells[i], [r.cells[i] for r in top], tolerance)


def _any_ordinal(names: list) -> bool:
    """Whether any of `names` (cells: text, numbers, None) starts as an ordinal (`一、`, `（二）`) does."""
    match = _ORDINAL.match
    for name in names:
        if match(str(name or "")):
            return True
    return False


def _check_columns(table: BudgetTable, tolerance: Decimal, ctx: Context) -> None:
    """总计/合计/小计 columns against the other columns under the same header."""
    groups = _column_groups(table)
    if not groups:
        return
    label = _labeller(table)
    for row in table.rows:
        for total, parts in groups:
            _compare(ctx, COLUMN_SUM.code, table, row, label(row), table.columns[total].name,
                     row.cells[total], [row.cells[i] for i in parts], tolerance)


def _column_groups(table: BudgetTable) -> list[tuple[int, list[int]]]:
    """(total column, part columns) for every header group that has a 总计/合计/小计 column."""
    paths = {i: tuple(p.strip() for p in table.columns[i].name.split("/")) for i in table.amount_columns()}
    groups: list[tuple[int, list[int]]] = []
    prefixes = dict.fromkeys(path[:-1] for path in paths.values())  # column order, not set order: stable output
    for prefix in prefixes:
        members = {i: path for i, path in paths.items() if path[:len(prefix)] == prefix and len(path) > len(prefix)}
        total = next((i for i, path in members.items() if len(path) == len(prefix) + 1 and path[-1] in _TOTAL_COLUMNS), None)
        if total is None:
            continue
        parts: list[int] = []
        subgroups: dict[str, list[int]] = {}
        for i, path in members.items():
            if i == total:
                continue
            if len(path) == len(prefix) + 1:
                parts.append(i)
            else:
                subgroups.setdefault(path[len(prefix)], []).append(i)
        for name, indices in subgroups.items():
            sub_total = next((i for i in indices if len(paths[i]) == len(prefix) + 2 and paths[i][-1] in _TOTAL_COLUMNS), None)
            if sub_total is not None:
                parts.append(sub_total)
            else:
                parts.extend(i for i in indices if len(paths[i]) == len(prefix) + 2)
        if parts:
            groups.append((total, sorted(parts)))
    return groups


def _check_balance(table: BudgetTable, tolerance: Decimal, ctx: Context) -> None:
    """收入总计 against 支出总计 on one row; a row without 收入总计 (almost all) is not scanned twice, and one whose
    text cells hold no 计 (which both labels end with) is passed over in one loop over its cells."""
    for row in table.rows:
        for cell in row.cells:
            if isinstance(cell, str) and "计" in cell:
                break
        else:
            continue
        income = _amount_after(table, row, "收入总计")
        if income is None:
            continue
        expense = _amount_after(table, row, "支出总计")
        if expense is None:
            continue
        difference = abs(income - expense)
        if difference > tolerance * 2:
            ctx.report(BALANCE.code, table=table.label, location=row.location,
                       income=income, expense=expense, difference=difference)


def _amount_after(table: BudgetTable, row: BudgetRow, label: str) -> Decimal | None:
    for i, cell in enumerate(row.cells):
        if isinstance(cell, str) and label[-1] in cell and "".join(cell.split()) == label:
            for later in row.cells[i + 1:]:
                if isinstance(later, Decimal):
                    return later
                if isinstance(later, str) and later.strip():
                    return None
    return None


def _check_target_tables(document: Document, ctx: Context) -> None:
    phrases = [re.compile(p) for p in MISSING_TARGET_TABLE.params_in(ctx).phrases]
    claim = None
    for paragraph in document.narrative:
        for pattern in phrases:
            match = pattern.search(paragraph.text)
            if match:
                claim = _sentence_around(paragraph.text, match.start(), match.end())
                break
        if claim:
            break
    if claim is None:
        return
    listed = ctx.memo("projects", project_list)
    have = {table.project_code for table in document.target_tables}
    for project in listed:
        if project.code not in have:
            ctx.report(MISSING_TARGET_TABLE.code, table=project.table, project=project.code, location=project.location,
                       name=project.name, amount=project.amount if project.amount is not None else "",
                       claim=claim, listed=len(listed), tables=len(document.target_tables))


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in "。；;，,") + 1
    rights = [i for i in (text.find(mark, end) for mark in "。；;，,") if i >= 0]
    return text[left:min(rights) if rights else len(text)].strip()


def budget_year(document: Document) -> int | None:
    """The budget year: the document's, else the first year printed in a target table's title."""
    if document.year:
        return document.year
    for table in document.target_tables:
        match = _YEAR.search(table.title)
        if match:
            return int(match.group(1))
    return None


def _attribute_verdict(table: TargetTable, year: int) -> tuple[str, int, str] | None:
    """(项目属性 as written, start year, what it should be) when the 项目属性 disagrees with the start year,
    else None. Depends on the table's start and 项目属性 texts and the year alone: the walk keeps it per text."""
    start = table.start_year
    attribute = "".join(table.attribute.split())
    if start is None or attribute not in ("新增", "延续"):
        return None
    if start > year:
        expected = "（起始时间应不晚于预算年度）"
    elif start < year:
        expected = "延续"
    else:
        expected = "新增"
    return (attribute, start, expected) if attribute != expected else None
