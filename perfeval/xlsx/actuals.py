"""Year-end actuals (实际完成值) from a workbook in the flat layout.

One row per indicator: 项目编码 (or 项目名称 starting with the code), 三级指标 (and
二级指标 where a table repeats a name), 实际完成值 or 评价等级 or 不适用, optionally
度量单位, 偏差原因, 得分比例; per project 全年预算数, 全年执行数 and 调整后预算数 on any
of its rows (repeated or once, or on a row of their own). The columns and their
meaning are those of the CSV actuals file; a sheet may also keep the target
columns of a 自评表 (指标值, 分值 …), which are known and skipped.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import chain
from pathlib import Path

from ..actuals import Actual, Actuals, Band, ProjectFunds, project_funds
from ..errors import InputError, Problems, problem_at
from ..model import Location
from ..text import clean_cell, nfkc, parse_decimal, split_number
from ..units import Unit, parse_unit
from ._cells import BadCell, cell_decimal, cell_flag, cell_text, is_blank, is_percent
from ._form import split_project
from ._grid import cell_text_safe, header_fields, keep_consistent, match_header, split_header, two_row_header
from ._workbook import Workbook
from .headers import ACTUALS, ACTUALS_IGNORED, ACTUALS_LOOKUP, spelled

NOT_APPLICABLE = {"不适用", "不涉及"}
_BANDS = {b.value: b for b in Band}
_FUNDS = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}


def _is_header(cells: tuple) -> bool:
    fields = header_fields(cells, ACTUALS_LOOKUP)
    has_project = bool(fields & {"project_code", "project_name"})
    return has_project and (("name" in fields and "actual" in fields) or bool(fields & set(_FUNDS)))


def read_actuals_xlsx(path: str | Path) -> Actuals:
    """Actuals from every sheet with a 实际完成值 or 全年预算数/全年执行数 header; every bad cell is reported."""
    problems = Problems()
    actuals: list[Actual] = []
    funds: dict[str, dict] = {}
    seen: dict[tuple[str, str], str] = {}
    read_any = False
    with Workbook(path) as book:
        for sheet in book.sheets(problems):
            head, rows = sheet.head()
            pairs = zip(head, head[1:])
            if not any(_is_header(cells) for _, cells in head) and not any(
                    _is_header(two_row_header(a, b, ACTUALS_LOOKUP) or ()) for (_, a), (_, b) in pairs):
                filled = next(((n, c) for n, cells in head for c, cell in enumerate(cells, 1) if not is_blank(cell)), None)
                if filled is not None:
                    problems.add(sheet.problem(filled[0], filled[1],
                                               "实际完成值表（表头含 项目编码/项目名称、三级指标、实际完成值，或 全年预算数、全年执行数）",
                                               "无法识别的工作表"))
                continue
            read_any = True
            _read_sheet(sheet, chain(head, rows), problems, actuals, funds, seen)
    project_funds = _funds(funds, problems)
    problems.raise_if_any()
    if not read_any:
        raise InputError(problem_at(str(path), None, "至少一张实际完成值表",
                                    "没有" + (f"（{book.skipped()}）" if book.hidden else "")))
    return Actuals(actuals=actuals, funds=project_funds, location=Location(str(path)))


def _read_sheet(sheet, rows, problems, actuals, funds, seen) -> None:
    _, found, rows = split_header(iter(rows), _is_header, ACTUALS_LOOKUP)  # title lines above are not data
    if found is None:
        return
    header = match_header(sheet, problems, found[0], found[1], ACTUALS_LOOKUP, spelled(ACTUALS), ACTUALS_IGNORED)
    current = None
    for number, cells in rows:
        if all(is_blank(c) for c in cells) or header.unknown_cells(sheet, problems, number, cells):
            continue
        columns = header.columns

        cell = header.reader(sheet, number, cells)

        code_cell, name_cell = cell("project_code"), cell("project_name")
        if is_blank(code_cell) and is_blank(name_cell):
            if current is None:
                problems.add(sheet.problem(number, columns.get("project_code", columns.get("project_name", 1)), "项目编码", "空"))
                continue
            code = current
        else:
            code = cell_text_safe(code_cell) if "project_code" in columns else split_project(cell_text_safe(name_cell))[0]
            if not code:
                problems.add(sheet.problem(number, columns.get("project_code", columns.get("project_name", 1)),
                                           "项目编码（或以编码开头的项目名称，如 50015224T000004337668-项目名）", cell_text_safe(name_cell)))
                continue
        current = code
        store = funds.setdefault(code, {})
        for field, name in _FUNDS.items():
            if field in columns and not is_blank(cell(field)):
                try:
                    value = cell_decimal(cell(field), f"{name}（数字，万元）")
                except BadCell as exc:
                    problems.add(sheet.problem(number, columns[field], exc.expected, exc.found))
                    store["reported"] = True  # do not also report the pair as incomplete
                    continue
                keep_consistent(sheet, problems, store, field, number, columns[field], value, name)
                store.setdefault("sheet", sheet)
        if all(is_blank(cell(f)) for f in ("name", "actual", "band", "not_applicable", "share", "reason")):
            continue  # a row carrying only the project's funds
        if all(is_blank(cell(f)) for f in ("actual", "band", "not_applicable", "share", "reason")) and any(
                c <= len(cells) and not is_blank(cells[c - 1]) for c in header.passive):
            continue  # a template row (it shows its target) left blank: not given, so the score lists it as missing
        actual = _actual(sheet, problems, number, columns, cell, code)
        if actual is None:
            continue
        key = (code, actual.level2, actual.indicator)
        if key in seen:
            problems.add(sheet.problem(number, columns["name"], f"每个项目的每个三级指标只有一行（已在 {seen[key]}）", actual.indicator))
            continue
        seen[key] = sheet.ref(number, columns["name"])
        actuals.append(actual)


def _actual(sheet, problems, number, columns, cell, code) -> Actual | None:
    """One Actual, as the CSV and YAML readers make it: bands and numbers keep `text` empty
    (the score sheet renders them), text results keep what the user wrote."""
    def bad(field, expected, found):
        problems.add(sheet.problem(number, columns.get(field, 1), expected, found))

    try:
        name = clean_cell(cell_text(cell("name")))
        level2 = clean_cell(cell_text(cell("level2"))) or None
        reason = cell_text(cell("reason"))
        text = cell_text(cell("actual"))
        band_text = cell_text(cell("band"))
    except BadCell as exc:
        bad("name", exc.expected, exc.found)
        return None
    if not name:
        bad("name", "三级指标（名称应与目标表一致）", "空")
        return None
    unit: Unit | None = None
    unit_text = cell_text_safe(cell("unit"))
    if unit_text:
        try:
            unit = parse_unit(unit_text)
        except ValueError as exc:
            bad("unit", str(exc), unit_text)
            return None
    base = dict(project_code=code, indicator=name, level2=level2, reason=reason,
                location=sheet.loc(number, columns.get("actual", columns["name"])))
    not_applicable = False
    if not is_blank(cell("not_applicable")):
        try:
            not_applicable = cell_text(cell("not_applicable")) == "不适用" or bool(cell_flag(cell("not_applicable")))
        except BadCell as exc:
            bad("not_applicable", "不适用 应为 是 或 否", exc.found)
            return None
    if not_applicable or text in NOT_APPLICABLE:
        return Actual(not_applicable=True, text="不适用", **base)
    band = None
    if band_text:
        band = _BANDS.get(band_text)
        if band is None:
            bad("band", f"评价等级 应为 {'、'.join(_BANDS)} 之一", band_text)
            return None
        if text:
            bad("actual", "定性指标给出 评价等级 即可，不应同时给出 实际完成值", text)
            return None
    elif text in _BANDS:
        band = _BANDS[text]
    share = None
    if not is_blank(cell("share")):
        try:
            share = _share(cell("share"))
        except BadCell as exc:
            bad("share", exc.expected, exc.found)
            return None
        if band is None:
            bad("share", "得分比例 只用于定性指标，须同时给出 评价等级（达成、部分达成、未达成）", cell_text_safe(cell("share")))
            return None
    if band is not None:
        return Actual(band=band, share=share, **base)
    actual_cell = cell("actual")
    if not text:
        bad("actual", f"“{name}”的实际完成值（定量指标填数值，定性指标填 评价等级，或标明 不适用）", "空")
        return None
    if isinstance(actual_cell.value, str):
        match = split_number(nfkc(text))
        try:
            if not match or any(c.isspace() for c in match[1]):
                raise ValueError(text)
            value = parse_decimal(match[0].replace("，", ","))
            written = parse_unit(match[1]) if match[1] else None
        except ValueError:
            bad("actual", "实际完成值：数字（可带单位，如 20.5万人、95%）、达成/部分达成/未达成 或 不适用", text)
            return None
        if written is not None and unit is not None and written != unit:
            bad("actual", f"与度量单位列一致的单位（{unit.symbol}）", text)
            return None
        return Actual(value=value, unit=written or unit, text=text, **base)
    try:
        value = cell_decimal(actual_cell, "实际完成值（数字）")
    except BadCell as exc:
        bad("actual", exc.expected, exc.found)
        return None
    if is_percent(actual_cell):
        value *= 100
        if unit is not None and unit.symbol != "%":
            bad("actual", "百分数格式的实际完成值应配 % 单位", f"单位 {unit.symbol}")
            return None
        unit = parse_unit("%")
    return Actual(value=value, unit=unit, **base)


def _share(cell) -> Decimal:
    """档内比例 as a fraction 0–1: a number, a percentage cell, or text like `85%`."""
    if isinstance(cell.value, str) and cell.value.strip().endswith(("%", "％")):
        try:
            value = parse_decimal(cell.value.strip()[:-1]) / 100
        except (ValueError, TypeError):
            raise BadCell("档内比例（0 到 1 之间的数，或百分数）", cell.value) from None
    else:
        value = cell_decimal(cell, "档内比例（0 到 1 之间的数，或百分数）")
    if not Decimal(0) <= value <= Decimal(1):
        raise BadCell("档内比例在 0 到 1 之间", cell_text(cell))
    return value


def _funds(funds: dict[str, dict], problems) -> list[ProjectFunds]:
    out = []
    for code, store in funds.items():
        present = {f: store[f][2] for f in _FUNDS if f in store}
        if not present or store.get("reported"):
            continue
        sheet = store["sheet"]
        missing = [f for f in ("budget", "spent") if f not in present and not (f == "budget" and "initial" in present)]
        if missing:
            number, column, _ = next(iter(store[f] for f in _FUNDS if f in store))
            problems.add(sheet.problem(number, column, f"项目 {code} 同时填写 全年预算数 与 全年执行数",
                                       "缺少 " + "、".join(_FUNDS[f] for f in missing)))
            continue
        first = min(store[f][0] for f in present)
        out.append(project_funds(code, present.get("initial"), present.get("budget"), present["spent"],
                                 location=sheet.loc(first)))
    return out
