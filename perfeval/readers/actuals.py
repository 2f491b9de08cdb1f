"""Reading year-end actuals (实际完成值) from YAML, JSON or CSV into `perfeval.actuals.Actuals`.

One schema for all three, keyed by 项目编码 and 三级指标 with the document's own words
(English aliases accepted); the format is documented in docs/scoring.md. Every problem
in a file is collected with its file and line and reported at once; numbers are read
exactly (YAML and JSON floats become Decimal from their digits). Excel workbooks are
read by `perfeval.xlsx.actuals`, imported only when one is given.
"""

from __future__ import annotations

import csv
import re
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._gc import paused_gc
from .._memo import Memo
from ..actuals import FUNDS_TERMS, Actual, Actuals, Band, ProjectFunds, project_funds
from ..errors import InputError, Problems, problem_at
from ..limits import CELL_CHARS, FILE_BYTES, LINES, over_limit
from ..judgement import is_timing_text
from ..model import Location, slot_builder
from ..suggestions import suggestion
from ..text import clean_cell, nfkc, parse_decimal, split_number
from ..units import parse_unit
from .. import vocab
from ._source import decode, read_bytes
from .native import load_json, load_yaml_bounded

# canonical key -> accepted spellings: the one vocabulary's Chinese words (the first is what docs and
# examples use) plus the English keys of this file format.
PROJECT_KEYS = {
    "project": (*vocab.ACTUALS["project_code"], "项目", "project", "project_code"),
    # the official terms, one meaning in every command (perfeval.actuals.FUNDS_TERMS)
    "initial": (*FUNDS_TERMS["initial"], "initial_budget"),
    "budget": (*FUNDS_TERMS["budget"], "budget", "adjusted_budget"),
    "spent": (*FUNDS_TERMS["spent"], "spent"),
    "indicators": ("指标", "indicators"),
}
INDICATOR_KEYS = {
    "indicator": (*vocab.ACTUALS["name"], "indicator", "name"),
    "level2": (*vocab.ACTUALS["level2"], "level2"),
    "actual": (*vocab.ACTUALS["actual"], "actual"),
    "unit": ("单位", *vocab.ACTUALS["unit"], "unit"),
    "band": (*vocab.ACTUALS["band"], "band"),
    "share": ("得分比例", *vocab.ACTUALS["share"], "share"),
    "not_applicable": (*vocab.ACTUALS["not_applicable"], "not_applicable"),
    "reason": (*vocab.ACTUALS["reason"], "reason"),
}
_FUNDS_KEYS = ("initial", "budget", "spent")
# Target-table columns a filled-in template (perfeval template actuals) or a 自评表 copy may carry:
# known, and deliberately not read (the vocabulary's ACTUALS_IGNORED, as in workbooks).
CSV_SKIPPED = ("项目名称",) + vocab.ACTUALS_IGNORED
CSV_KEYS = {"project": PROJECT_KEYS["project"], **{k: PROJECT_KEYS[k] for k in _FUNDS_KEYS},
            **INDICATOR_KEYS}
_BANDS = {b.value: b for b in Band}
_TRUE = {w.lower() for w in vocab.YES} | {"1", "不适用"}
_FALSE = {w.lower() for w in vocab.NO} | {"0"}
# A number with at most a duration or % unit; matched against stripped text so it stays linear.
_NUMBER_ONLY = re.compile(r"[+-]?[0-9][0-9,.\s]*(?:%|天|日|个工作日|工作日|小时|个月)?")


def _aliases(keys: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {spelling: canonical for canonical, spellings in keys.items() for spelling in spellings}


#: Actual(...) with every field positional (project_code, indicator, value, unit, band, share, not_applicable,
#: reason, text, level2, location): a row per indicator of a province.
_actual = slot_builder(Actual)
_PROJECT_ALIASES = _aliases(PROJECT_KEYS)
_INDICATOR_ALIASES = _aliases(INDICATOR_KEYS)
_CSV_ALIASES = _aliases(CSV_KEYS)


def read_actuals(path: str | Path) -> Actuals:
    """Actuals from a .yaml/.yml, .json, .csv file (or .xlsx/.xlsm through the Excel reader)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            from ..xlsx.actuals import read_actuals_xlsx
        except ImportError:
            raise InputError(problem_at(str(path), None, "读取 Excel 实际完成值需要 perfeval.xlsx 模块（当前安装中没有）；"
                                                         "请改用 YAML、JSON 或 CSV")) from None
        with paused_gc():
            return read_actuals_xlsx(path)
    if suffix not in (".yaml", ".yml", ".json", ".csv"):
        raise InputError(problem_at(str(path), None, "实际完成值文件应为 .yaml、.yml、.json、.csv 或 .xlsx", path.suffix or "无扩展名"))
    data = read_bytes(path)
    if suffix == ".json":
        from ._fastjson import read_actuals_fast  # typed rows straight from the bytes, else the standard reading

        with paused_gc():
            actuals = read_actuals_fast(data, str(path))
        if actuals is not None:
            return actuals
    text, _ = decode(data, path)  # UTF-8 or GBK (Excel saves CSV as GBK on Chinese Windows)
    del data
    with paused_gc():
        if suffix == ".csv":
            return read_actuals_csv(text, str(path))
        if suffix == ".json":
            data = load_json(text, str(path))
        else:
            data = load_yaml_bounded(text, str(path), key_lines=False)  # rows keep their lines; keys need none
        return actuals_from_data(data, str(path))


class _Reader:
    """Turns parsed rows into Actual and ProjectFunds, collecting every problem with its place."""

    def __init__(self, file: str):
        self.file = file
        self.problems = Problems()
        self.actuals: list[Actual] = []
        self.funds: list[ProjectFunds] = []
        self._locations: dict[tuple[int | None, str | None], Location] = {}
        self._texts: dict[str, str] = {}
        self.current = ""  # the 三级指标 being read, named in messages about rows without a line (JSON)

    def location(self, line: int | None, cell: str | None = None) -> Location:
        key = (line, cell)
        location = self._locations.get(key)
        if location is None:
            location = self._locations[key] = Location(self.file, line, cell)
        return location

    def problem(self, where: Location, expected: str, found: object = "") -> None:
        if where.line is None and self.current:
            expected = f"三级指标“{self.current}”：{expected}"
        self.problems.add(problem_at(where.file, where.line, expected, found, cell=where.cell))

    def canonical(self, row: dict[str, Any], aliases: dict[str, str], where: Location, what: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in row.items():
            name = aliases.get(key)
            if name is None:
                name = aliases.get(nfkc(str(key)).strip())
                if name is None:
                    self.problem(where, f"{what}中未知的键{suggestion(key, aliases)}", str(key))
                    continue
            if name in out and name == "budget":
                self.problem(where, "全年预算数 与 调整后预算数 是同一个数（调整后的全年预算），只写一个；"
                                    "年初的预算写 年初预算数", str(key))
                continue
            if name in out:
                self.problem(where, f"{what}中“{name}”重复给出", str(key))
                continue
            out[name] = value
        return out

    def amount(self, value: Any, where: Location, label: str, required: bool) -> Decimal | None:
        if value is None or value == "":
            if required:
                self.problem(where, f"缺少 {label}（万元）")
            return None
        number = _number(value)
        if number is None:
            self.problem(where, f"{label} 应为数（万元）", value)
            return None
        if number < 0:
            self.problem(where, f"{label} 不能为负数", value)
            return None
        return number

    def project_funds(self, code: str, row: dict[str, Any], where: Location) -> None:
        initial = self.amount(row.get("initial"), where, "年初预算数", False)
        budget = self.amount(row.get("budget"), where, "全年预算数", initial is None)
        spent = self.amount(row.get("spent"), where, "全年执行数", True)
        if (budget is not None or initial is not None) and spent is not None:
            self.funds.append(project_funds(code, initial, budget, spent, location=where))

    def indicator(self, code: str, row: dict[str, Any], where: Location) -> None:
        get = row.get
        self.indicator_of(code, where, get("indicator"), get("level2"), get("actual"), get("unit"), get("band"),
                          get("share"), get("not_applicable"), get("reason"))

    def indicator_of(self, code: str, where: Location, name: Any, level2: Any, value_given: Any, unit_given: Any,
                     band_text: Any, share_given: Any, na_given: Any, reason: Any) -> None:
        """One indicator's actual from its fields (None where not given), as every format's reader gives them."""
        name = self.current = (name.__class__ is str and _NAMES.get(name)) or _name(name)
        if not name:
            self.problem(where, "缺少 三级指标（名称应与目标表一致）")
            return
        level2 = None if level2 is None else _name(level2) or None
        reason = "" if reason is None else (reason if reason.__class__ is str else str(reason)).strip()
        if (value_given.__class__ is str and unit_given is None and band_text is None and share_given is None
                and na_given is None):
            # Only the 实际完成值 text decides the rest (95%, 达成, 2026年11月): read each distinct text once.
            known = _OUTCOMES.get(value_given) or self.alone(value_given)
            if known is None:
                problems, count = len(self.problems.items), len(self.actuals)
                self._value(code, name, level2, reason, False, value_given, unit_given, band_text, share_given, where)
                if len(self.problems.items) == problems and len(self.actuals) == count + 1:
                    row = self.actuals[-1]
                    _OUTCOMES.keep(value_given, (row.value, row.unit, row.band, row.not_applicable, row.text))
                return
            value, unit, band, na, text = known
            self.actuals.append(_actual(code, name, value, unit, band, None, na, reason, text, level2, where))
            return
        na = False if na_given is None else _flag(na_given)
        if na is None:
            self.problem(where, "不适用 应为 true 或 false（是 / 否）", na_given)
            return
        self._value(code, name, level2, reason, na, value_given, unit_given, band_text, share_given, where)

    def alone(self, value_given: str) -> tuple | None:
        """(value, unit, band, not_applicable, text) of the Actual a 实际完成值 text given alone (no 单位, 评价等级,
        得分比例 or 不适用) reads as: as read before (`_OUTCOMES`, one entry per distinct text), or on its first
        sight as a plain quantity (`2462人`, `95%`: what `_value` gives such a text, without its steps); None
        where only `_value` can tell (which reports what is wrong). The fast JSON reader asks it too."""
        known = _OUTCOMES.get(value_given)
        if known is None and LEAN:
            quantity = _plain_quantity(value_given)
            if quantity is not None:
                known = _OUTCOMES.keep(value_given, (*quantity, None, False,
                                                     self._texts.setdefault(value_given, value_given)))
        return known

    def _value(self, code: str, name: str, level2: str | None, reason: str, na: bool, value_given: Any,
               unit_given: Any, band_text: Any, share_given: Any, where: Location) -> None:
        if value_given is None:
            text = ""
        elif value_given.__class__ is str:
            text = value_given.strip()
        else:
            text = format(value_given, "f") if isinstance(value_given, Decimal) else str(value_given).strip()
        if na or text == "不适用":
            self.actuals.append(_actual(code, name, None, None, None, None, True, reason, "不适用", level2, where))
            return
        band = None
        if band_text is not None and band_text != "":
            band = _BANDS.get(str(band_text).strip())
            if band is None:
                self.problem(where, f"评价等级 应为 {'、'.join(_BANDS)} 之一", band_text)
                return
        elif text in _BANDS:
            band, text = _BANDS[text], ""
        share = None
        if share_given is not None and share_given != "":
            share = _share(share_given)
            if share is None:
                self.problem(where, "得分比例 应为 0 到 1 之间的数或百分数（如 0.7 或 70%）", share_given)
                return
            if band is None:
                self.problem(where, "得分比例 只用于定性指标，须同时给出 评价等级", share_given)
                return
        if band is not None:
            if text:
                self.problem(where, "定性指标给出 评价等级 即可，不应同时给出数值的 实际完成值", text)
                return
            self.actuals.append(_actual(code, name, None, None, band, share, False, reason, "", level2, where))
            return
        if not text:
            self.problem(where, f"“{name}”缺少 实际完成值（定量指标给数值，定性指标给 评价等级，或标明 不适用）")
            return
        if unit_given in (None, "") and _timing(text):
            # a date or schedule (2026年11月, 按季度): the result of a 时效 target written as a deadline,
            # judged against the target's own text when scored
            self.actuals.append(_actual(code, name, None, None, None, None, False, reason, text, level2, where))
            return
        value, unit = self.quantity(value_given, unit_given, where)
        if value is None:
            return
        # the same printed values (`95%`, `100%`) recur on many rows: keep one copy of each
        shown = self._texts.setdefault(text, text) if value_given.__class__ is str else ""
        self.actuals.append(_actual(code, name, value, unit, None, None, False, reason, shown, level2, where))

    def quantity(self, given: Any, unit_given: Any, where: Location):
        """A number and optional unit from `20.5万人`, `95%`, `1,320,000 张` or a bare number."""
        if unit_given in (None, "") and given.__class__ is str:
            known = _QUANTITIES.get(given)
            if known is None:
                known = self._quantity(given, None, where)
                if known[0] is not None:
                    _QUANTITIES.keep(given, known)
            return known
        return self._quantity(given, unit_given, where)

    def _quantity(self, given: Any, unit_given: Any, where: Location):
        unit_text = str(unit_given).strip() if unit_given not in (None, "") else ""
        if isinstance(given, (int, Decimal)) and not isinstance(given, bool):
            number, rest = Decimal(given), ""
        else:
            match = split_number(nfkc(str(given)), spaces=True)
            number = why = None
            if match:
                try:
                    number = parse_decimal(match[0])
                except ValueError as exc:
                    why = str(exc) if "perfeval" in str(exc) else None
            if number is None:
                self.problem(where, why or "实际完成值 应为数值（可带单位，如 20.5万人、95%），定性指标用 评价等级", given)
                return None, None
            rest = match[1]
        if rest and unit_text and rest != unit_text:
            self.problem(where, f"实际完成值自带单位 {rest}，与 单位 列的 {unit_text} 不一致", given)
            return None, None
        symbol = rest or unit_text
        if not symbol:
            return number, None
        try:
            return number, parse_unit(symbol)
        except ValueError as exc:
            self.problem(where, str(exc), symbol)
            return None, None

    def result(self) -> Actuals:
        self.problems.raise_if_any()
        return Actuals(self.actuals, self.funds, location=Location(self.file))


def actuals_from_data(data: Any, file: str = "<actuals>") -> Actuals:
    """Actuals from parsed YAML/JSON: `{"projects": [{项目编码, 全年预算数, 全年执行数, 指标: [...]}, ...]}`."""
    reader = _Reader(file)
    top = reader.location(1)
    if isinstance(data, dict):
        extra = [k for k in data if k not in ("projects", "项目")]
        if extra:
            reader.problem(top, "顶层只应有 projects（项目列表）", "、".join(map(str, extra)))
        data = data.get("projects", data.get("项目"))
    if not isinstance(data, list):
        reader.problem(top, "顶层应为 projects: [...] 的项目列表", type(data).__name__)
        return reader.result()
    for p, project in enumerate(data):
        where = _where(reader, project, f"projects[{p}]")
        if not isinstance(project, dict):
            reader.problem(where, "每个项目应为一个映射（项目编码、全年预算数、全年执行数、指标）", project)
            continue
        row = reader.canonical(project, _PROJECT_ALIASES, where, "项目")
        code = str(row.get("project") or "").strip()
        if not code:
            reader.problem(where, "缺少 项目编码")
            continue
        if any(k in row for k in _FUNDS_KEYS):
            reader.project_funds(code, row, where)
        indicators = row.get("indicators") or []
        if not isinstance(indicators, list):
            reader.problem(where, "指标 应为列表", type(indicators).__name__)
            continue
        for i, item in enumerate(indicators):
            item_where = where if where.line is None else _where(reader, item, "")
            if not isinstance(item, dict):
                reader.problem(item_where, "每个指标应为一个映射（三级指标、实际完成值 …）", item)
                continue
            reader.current = ""
            reader.indicator(code, reader.canonical(item, _INDICATOR_ALIASES, item_where, "指标"), item_where)
        reader.current = ""
    return reader.result()


def _where(reader: _Reader, item: Any, path: str) -> Location:
    """A YAML row's line; JSON keeps no lines, so its rows are placed by project (`projects[3]`)."""
    line = getattr(item, "line", None)  # set by perfeval.readers.yamlload
    return reader.location(line, None if line is not None else path)


def read_actuals_csv(text: str, file: str = "<actuals.csv>") -> Actuals:
    """Actuals from CSV: one row per indicator; a row with an empty 三级指标 carries the project's funds."""
    reader = _Reader(file)
    # The csv module's own field limit (128 KiB) would end the read in _csv.Error; lift it
    # deliberately and apply perfeval's cell limit instead, row by row, naming the cell.
    csv.field_size_limit(max(csv.field_size_limit(), FILE_BYTES.value))
    rows = csv.reader(io.StringIO(text))
    try:
        header = next(rows, None)
    except csv.Error as exc:
        reader.problem(reader.location(1), "合法的 CSV 表头", str(exc))
        return reader.result()
    if not header:
        reader.problem(reader.location(1), "CSV 第一行应为表头（项目编码, 三级指标, 实际完成值 …）", "空文件")
        return reader.result()
    columns: list[str | None] = []
    for name in header:
        canonical = _CSV_ALIASES.get(nfkc(name).strip())
        if canonical is None and name.strip() and nfkc(name).strip() not in _CSV_SKIPPED:
            reader.problem(reader.location(1), f"未知的列名{suggestion(name, _CSV_ALIASES)}", name)
        columns.append(canonical)
    if "project" not in columns:
        reader.problem(reader.location(1), "缺少 项目编码 列", "，".join(header))
    if reader.problems:
        return reader.result()
    for line, cells in _csv_rows(rows, reader):
        if not any(c.strip() for c in cells):
            continue
        where = reader.location(line)
        long = over_limit(map(len, cells), CELL_CHARS)
        if long is not None:
            reader.problem(where, f"第 {long + 1} 列：{CELL_CHARS.expected()}", f"{len(cells[long]):,} 个字符")
            continue
        if len(cells) > len(columns):
            reader.problem(where, f"本行有 {len(cells)} 列，表头只有 {len(columns)} 列", ",".join(cells))
            continue
        row = {c: v.strip() for c, v in zip(columns, cells) if c is not None and v.strip() != ""}
        skipped = any(c is None and v.strip() for c, v in zip(columns, cells))
        code = row.get("project", "")
        if not code:
            reader.problem(where, "缺少 项目编码")
            continue
        if not row.get("indicator"):
            if not any(k in row for k in _FUNDS_KEYS):
                if len(row) == 1 and skipped:
                    continue  # a template's funds row left blank: the score lists the project as lacking funds
                reader.problem(where, "三级指标 为空的行用于填写 全年预算数、全年执行数，但两者都没有填")
                continue
            reader.project_funds(code, row, where)
            continue
        funds = [k for k in _FUNDS_KEYS if k in row]
        if funds:
            reader.problem(where, "全年预算数、全年执行数 应写在该项目 三级指标 为空的一行", "、".join(funds))
            continue
        if skipped and not any(k in row for k in _RESULT_KEYS):
            continue  # a template row left blank: not given, so the score lists it as missing
        reader.indicator(code, row, where)
    return reader.result()


def _csv_rows(rows, reader: _Reader):
    """(line, cells) of a CSV body; a quoting error or a file past the line limit is reported, not raised.

    `line` counts physical lines, so a quoted cell spanning lines keeps later rows' numbers right.
    """
    line = 2
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            reader.problem(reader.location(rows.line_num), "合法的 CSV 行（引号成对）", str(exc))
            return
        if rows.line_num > LINES.value:
            reader.problem(reader.location(rows.line_num), LINES.expected(), f"超过 {LINES.value:,} 行")
            return
        yield line, cells
        line = rows.line_num + 1



_RESULT_KEYS = ("actual", "band", "share", "not_applicable", "reason", "unit")
_CSV_SKIPPED = frozenset(CSV_SKIPPED)
_QUANTITIES = Memo()  # actual text -> (number, unit): values repeat (95%, 100%)
_NAMES = Memo()


def _name(value: Any) -> str:
    """An indicator name as the document prints it (wrap spaces removed), memoised: names repeat across projects."""
    if value is None:
        return ""
    text = value if value.__class__ is str else str(value)
    name = _NAMES.get(text)
    if name is None:
        name = clean_cell(text)
        if len(_NAMES) < _NAMES.size:  # Memo.keep, inline: every distinct name comes here
            _NAMES[text] = name
    return name


_TIMINGS = Memo()
#: 实际完成值 text given alone -> (value, unit, band, not_applicable, text) of its Actual: as read the first time.
_OUTCOMES = Memo()


# An actual that is surely not a date or schedule: ASCII digits (one `.`), then only `%` and CJK ideographs
# (unchanged by NFKC) none of which starts a month (月), a word after a dotted date (`_DATE_TAIL`: 前, 日, 至 …),
# a schedule (按, 每, 及) or a word of completion (`_TIMING_WORDS`). `2462人`, `184.8万元`, `95%`: the common
# result of a quantitative row, `_timing` False without reading it as a date (tests: the same answer).
_QUANTITY_SHAPE = re.compile(r"[0-9]+(?:\.[0-9]+)?[%\u4e00-\u9fff]*")
_DATE_CHARS = frozenset("月前之以内底末中上下日号止截完起开到至按每及延滞逾提")


#: `_QUANTITY_SHAPE` with its number and its unit apart.
_QUANTITY_PARTS = re.compile(r"([0-9]+(?:\.[0-9]+)?)([%\u4e00-\u9fff]*)")
#: Whether `indicator_of` reads a 实际完成值 given alone by `_plain_quantity` first (tests turn it off).
LEAN = True


def _plain_quantity(text: str) -> tuple | None:
    """(number, unit or None) of an actual given alone as `_QUANTITY_SHAPE` text (`2462人`, `184.8万元`, `95%`)
    that names a known unit, as `_Reader._value` reads it; None for anything else, which `_value` reads.

    Such a text has no space to strip, is no band, 不适用 or date (`_timing`'s own first test), NFKC leaves
    it as it is, and its number is what `split_number` and `parse_decimal` give: a plain Decimal (up to
    19 characters, as `parse_decimal` reads them directly: never outside perfeval's range; a longer one is left to
    `_value`, which refuses 10^19 and beyond). Tests: the same Actual as `_value`'s reading.
    """
    match = _QUANTITY_PARTS.fullmatch(text)
    if match is None or not _DATE_CHARS.isdisjoint(text):
        return None
    number, symbol = match.groups()
    if len(number) > 19:
        return None
    if not symbol:
        return Decimal(number), None
    try:
        return Decimal(number), parse_unit(symbol)
    except ValueError:  # not a unit: `_value` reports it
        return None


def _timing(text: str) -> bool:
    """Whether an actual's text is a date or schedule rather than a number (memoised: texts repeat)."""
    if _QUANTITY_SHAPE.fullmatch(text) is not None and _DATE_CHARS.isdisjoint(text):
        return False
    timing = _TIMINGS.get(text)
    if timing is None:
        timing = _TIMINGS.keep(text, is_timing_text(text) and not _NUMBER_ONLY.fullmatch(nfkc(text).strip()))
    return timing


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return parse_decimal(str(value))
    except ValueError:
        return None


def _share(value: Any) -> Decimal | None:
    text = str(value).strip() if not isinstance(value, (int, Decimal)) else None
    if text is not None and text.endswith(("%", "％")):
        number = _number(text[:-1])
        number = number / 100 if number is not None else None
    else:
        number = _number(value)
    return number if number is not None and 0 <= number <= 1 else None


def _flag(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None
