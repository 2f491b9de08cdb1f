"""Filling the actuals template in as a unit would, from an Actuals model (shared by the template tests)."""

from __future__ import annotations

import csv
from decimal import Decimal

from perfeval.actuals import Actual, Actuals
from perfeval.writers.template import CSV_COLUMNS, FUNDS_SHEET_COLUMNS, INDICATOR_COLUMNS


def _result(actual: Actual) -> dict[str, str]:
    if actual.not_applicable:
        return {"不适用": "是", "偏差原因": actual.reason}
    if actual.band is not None:
        share = "" if actual.share is None else format(actual.share, "f")
        return {"评价等级": actual.band.value, "得分比例": share, "偏差原因": actual.reason}
    text = actual.text or format(actual.value, "f") + (actual.unit.symbol if actual.unit else "")
    return {"实际完成值": text, "偏差原因": actual.reason}


def lookup(given: Actuals):
    """(project, 三级指标, 二级指标) -> the cells to fill; funds by project."""
    by_name: dict[tuple[str, str], list[Actual]] = {}
    for actual in given.actuals:
        by_name.setdefault((actual.project_code, actual.indicator), []).append(actual)

    def find(code: str, name: str, level2: str) -> dict[str, str]:
        found = by_name.get((code, name), [])
        if len(found) > 1:
            found = [a for a in found if a.level2 == level2]
        return _result(found[0]) if found else {}

    funds = {f.project_code: f for f in given.funds}
    return find, funds


def _amount(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def fill_xlsx(path, given: Actuals) -> None:
    import openpyxl

    find, funds = lookup(given)
    book = openpyxl.load_workbook(path)
    sheet = book["实际完成值"]
    col = {name: i for i, name in enumerate(INDICATOR_COLUMNS)}
    for row in sheet.iter_rows(min_row=2):
        cells = find(row[col["项目编码"]].value, row[col["三级指标"]].value, row[col["二级指标"]].value or None)
        for name, value in cells.items():
            if value:
                row[col[name]].value = value
    money = book["项目资金"]
    fcol = {name: i for i, name in enumerate(FUNDS_SHEET_COLUMNS)}
    for row in money.iter_rows(min_row=2):
        f = funds.get(row[fcol["项目编码"]].value)
        if f is not None:
            row[fcol["年初预算数"]].value = float(f.budget)
            row[fcol["全年执行数"]].value = float(f.spent)
            if f.adjusted_budget is not None:
                row[fcol["全年预算数"]].value = float(f.adjusted_budget)
    book.save(path)


def fill_csv(path, given: Actuals) -> None:
    find, funds = lookup(given)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["三级指标"]:
            row.update({k: v for k, v in find(row["项目编码"], row["三级指标"], row["二级指标"] or None).items() if v})
        elif row["项目编码"] in funds:
            f = funds[row["项目编码"]]
            row.update(年初预算数=_amount(f.budget), 全年执行数=_amount(f.spent), 全年预算数=_amount(f.adjusted_budget))
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
