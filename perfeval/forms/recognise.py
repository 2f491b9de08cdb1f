"""One form recogniser: a `Grid` (from any source) into the model.

Forms are recognised by what they print, not by an `附件` heading: a title naming the
form (vocab.form_kind), a key/value block (`项目名称 | X | 主管部门 | Y`, keys in any
column order), and an indicator grid whose header names the columns. Several forms may
follow one another in a file; a title or header a PDF repeats on every page is merged
into the table it continues; a 项目名称 with a new value starts the next table.

Every row is placed or reported: rows the recogniser cannot place become
`Document.unplaced` with the reason, never dropped.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from .. import vocab
from ..errors import InputError, Problems, problem_at
from ..grid import Grid, GridCell, GridRow
from ..model import (BudgetRow, BudgetTable, Column, DepartmentTargetTable, Document, FundsRow, Indicator, Location,
                     TargetTable, UnplacedLine)
from ..text import clean_cell, nfkc, parse_decimal
from . import profiles
from .values import build_indicator, fits

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_MONEY = re.compile(r"^\s*([+-]?[\d,，.\s]+?)\s*(万元|元|亿元)?\s*$")
_PERIOD_KEYS = {"项目期", "项目周期", "实施周期", "项目实施期", "起止时间", "项目起止时间", "实施期限"}
_OF_WHICH = vocab.OF_WHICH  # `其中：` before a funds sub-row
_UNIT_AT_END = re.compile(r"(?:金额)?单位[:：]\s*(万元|元|亿元)$")
_BUDGET_TITLE = re.compile(r"^[^，。；：:,]{2,38}表$")


def _texts(row: GridRow, fill: bool) -> list[str]:
    """Each cell's text; with `fill`, a cell covered by a merge from a row above shows the merged text.

    A cell covered from the left (a column span) stays empty, so a value is not read twice.
    """
    out: list[str] = []
    previous: GridCell | None = None
    for cell in row.cells:
        text = cell.text
        if fill and cell.covered and cell.anchor is not None:
            from_left = previous is not None and (previous is cell.anchor or previous.anchor is cell.anchor)
            text = "" if from_left else cell.anchor.text
        out.append(clean_cell(text))
        previous = cell
    return out


def money(text: str, unit: str = "万元") -> Decimal | None:
    """An amount in 万元 from a cell (`478`, `1,200,000元` in a 万元 table, `120` under `单位：元`)."""
    plain = nfkc(text or "").strip()
    if not plain:
        return None
    match = _MONEY.match(plain)
    if match is None:
        raise ValueError(text)
    number = parse_decimal(match.group(1).replace("，", ",").replace(" ", ""))
    if number is None:
        raise ValueError(text)
    printed_unit = match.group(2) or unit
    if printed_unit == "元":
        number = number / Decimal(10000)
    elif printed_unit == "亿元":
        number = number * Decimal(10000)
    if printed_unit != unit or printed_unit != "万元":
        number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return number


def _align(cells: list[GridCell], fields: list[str | None]) -> dict[int, GridCell]:
    """Place a short row's cells under the header's columns, in order, where their kinds fit best.

    Copies that drop empty and merged cells (`|`-separated text) print fewer cells than the
    header has columns; the leading 一级/二级 are usually the ones missing.
    """
    columns = [j for j, f in enumerate(fields) if f is not None]
    m, n = len(cells), len(columns)
    if m > n:
        return {columns[j]: c for j, c in enumerate(cells[:n])}
    negative = float("-inf")
    best = [[negative] * (n + 1) for _ in range(m + 1)]
    choice: dict[tuple[int, int], bool] = {}
    for j in range(n + 1):
        best[m][j] = 0
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            take = fits(fields[columns[j]], cells[i].text) + best[i + 1][j + 1]
            skip = best[i][j + 1] - (5 if fields[columns[j]] == "name" else 0)
            # On a tie, a leading 一级/二级 column is the one a copy dropped (its merged cell).
            leading = fields[columns[j]] in ("level1", "level2")
            best[i][j], choice[(i, j)] = (take, True) if (take > skip or take == skip and not leading) else (skip, False)
    placed: dict[int, GridCell] = {}
    i = j = 0
    while i < m and j < n:
        if choice.get((i, j)):
            placed[columns[j]] = cells[i]
            i += 1
        j += 1
    return placed


@attrs.define
class _Table:
    kind: str  # target | department | budget
    label: str
    title: str
    location: Location
    unit: str = "万元"
    fields: dict[str, str] = attrs.field(factory=dict)
    field_cells: dict[str, Location] = attrs.field(factory=dict)
    funds_rows: list[FundsRow] = attrs.field(factory=list)
    indicators: list[Indicator] = attrs.field(factory=list)
    header: list[str | None] | None = None
    header_texts: tuple[str, ...] = ()
    present: set[str] = attrs.field(factory=set)
    notes: list[str] = attrs.field(factory=list)
    fill: dict[str, str] = attrs.field(factory=dict)
    last_key: str | None = None
    goal_columns: dict[int, str] | None = None
    # budget tables
    header_rows: list[list[str]] = attrs.field(factory=list)
    columns: tuple[Column, ...] | None = None
    rows: list[BudgetRow] = attrs.field(factory=list)
    after_header: bool = False
    project_columns: dict[int, str] = attrs.field(factory=dict)


class Recogniser:
    def __init__(self, grid: Grid):
        self.grid = grid
        self.file = grid.file
        self.unplaced: list[UnplacedLine] = []
        self.tables: list[_Table] = []
        self.current: _Table | None = None
        self.label = ""
        self.title = ""
        self.kind: str | None = None
        self.unit = "万元"
        self.narrative: list[tuple[str, Location]] = []
        self.title_lines: set[str] = set()
        self.unit_name = ""
        self.doc_title = ""
        self.year: int | None = None
        self.indicator_lookup = profiles.indicator_lookup()
        self.lookups = {"target": profiles.table_lookup("target"), "department": profiles.table_lookup("department")}

    # -- helpers ----------------------------------------------------------------------------------

    def unplace(self, text: str, reason: str, location: Location) -> None:
        self.unplaced.append(UnplacedLine(text, reason, location=location))

    def amount(self, table: "_Table", field: str, name: str):
        """A header-block amount in 万元 (converted from the table's unit), or None; text that is no
        number is kept as an unplaced line naming the field."""
        printed = table.fields.get(field)
        if not printed:
            return None
        try:
            return money(printed, table.unit)
        except ValueError:
            self.unplace(printed, f"{table.label} 的{name}应为数字（万元）", table.field_cells.get(field, table.location))
            return None

    def finish(self) -> None:
        if self.current is not None:
            self.tables.append(self.current)
        self.current = None

    def start(self, kind: str, location: Location) -> _Table:
        self.finish()
        count = sum(t.kind == kind for t in self.tables) + 1
        label = self.label or (f"{self.title or '表'}-{count}" if kind != "department" else (self.title or "部门整体绩效目标表"))
        self.current = _Table(kind, label, self.title, location, unit=self.unit)
        self.label = ""
        return self.current

    def key_field(self, text: str) -> tuple[str, str] | None:
        """(kind, field) for a header-block key cell, preferring the kind of the form being read."""
        k = vocab.key(text)
        order = [self.kind] if self.kind in self.lookups else []
        order += [kind for kind in ("target", "department") if kind not in order]
        for kind in order:
            field = self.lookups[kind].get(k)
            if field is None and k.endswith(")"):
                field = vocab.find(k, self.lookups[kind])
            if field is not None and field not in ("label", "title"):
                return kind, field
        return None

    def funds_label(self, text: str) -> str | None:
        k = vocab.key(text)
        plain = _OF_WHICH.sub("", k)
        if k != plain or plain in {vocab.key(f) for f in vocab.FUNDS_ROWS}:
            if plain and any(vocab.key(f) in plain or plain in vocab.key(f) for f in vocab.FUNDS_ROWS):
                return plain
        return None

    # -- the walk -----------------------------------------------------------------------------------

    def read(self) -> Document:
        for row in self.grid.rows:
            filled = [c for c in row.cells if c.text.strip()]
            if not filled:
                continue
            if len(filled) == 1 and (row.is_free_text or len(row.cells) == 1 or self.free_line(filled[0].text)):
                self.free(filled[0].text, filled[0].location or row.location)
            else:
                self.table_row(row)
        self.finish()
        return self.build()

    @staticmethod
    def free_line(text: str) -> bool:
        """A lone cell inside a table that is really a title, label, unit line or note."""
        k = vocab.key(text)
        return (vocab.form_kind(text) is not None or bool(vocab.ATTACHMENT.match(k)) or bool(vocab.UNIT_LINE.match(k))
                or bool(vocab.NOTE.match(text.strip())))

    def free(self, text: str, location: Location) -> None:
        text = clean_cell(text)
        k = vocab.key(text)
        attachment = vocab.ATTACHMENT.match(k)
        if attachment:
            self.label = "附件 " + re.sub(r"[－—]", "-", attachment.group(1))
            rest = attachment.group(2)
            if rest:
                self.free(rest, location)
            return
        unit = vocab.UNIT_LINE.match(k) or _UNIT_AT_END.search(k)
        if unit:
            self.unit = "元" if unit.group(1).startswith("元") else unit.group(1)
            if self.current is not None and not (self.current.fields or self.current.indicators or self.current.rows):
                self.current.unit = self.unit
            return
        kind = vocab.form_kind(text)
        if kind is not None:
            if self.current is not None and self.current.title == text and self.kind == kind:
                return  # the title a PDF repeats on every page
            year = _YEAR.search(text)
            if year and self.year is None:
                self.year = int(year.group(1))
            self.finish()
            self.kind, self.title, self.unit = kind, text, "万元"
            return
        if vocab.NOTE.match(text):
            if self.current is not None:
                self.current.notes.append(text)
            else:
                self.unplace(text, "表格之外的注释", location)
            return
        table = self.current
        if k in vocab.INDICATOR_BLOCK:
            return  # the label of the indicator part, printed on a line of its own
        if not self.label and self.kind == "budget" and (text == self.title or text in self.title_lines):
            return  # a budget table's title repeated on the next page
        if self.kind == "budget" and self.current is None and self.label and not self.title.endswith("表"):
            self.title += text  # a title printed over two lines
            self.title_lines.add(text)
            return
        form_pending = self.kind in ("target", "department", "self") and table is None
        if (self.label or _BUDGET_TITLE.match(text)) and not form_pending and not (
                table is not None and table.last_key is not None and table.header is None):
            self.finish()
            self.kind, self.title, self.unit = "budget", text, "万元"
            self.title_lines = {text}
            return
        if table is not None and table.last_key is not None and table.header is None:
            table.fields[table.last_key] += text  # a long cell wrapped onto the next line
            return
        if table is None and not self.tables:
            if not self.unit_name and not _YEAR.search(text) and len(text) <= 40:
                self.unit_name = text
            elif not self.doc_title and _YEAR.search(text) and len(text) <= 40:
                self.doc_title = text
                self.year = self.year or int(_YEAR.search(text).group(1))
            else:
                self.narrative.append((text, location))
            return
        self.unplace(text, "表格之间无法识别的文字" if table is None else f"{table.label} 中无法识别的文字", location)

    def _selfeval_hint(self) -> str:
        """When the file holds only 自评表: say so, and which command reads them."""
        for row in self.grid.rows:
            for cell in row.cells:
                if cell.text and vocab.form_kind(cell.text) == "self":
                    return f"（文件中是绩效自评表「{cell.text}」：自评表请用 perfeval audit 审核）"
        return ""

    def table_row(self, row: GridRow) -> None:
        if self.kind == "self":
            return  # 自评表 rows are read by the 自评表 reader (perfeval.selfeval)
        plain = _texts(row, fill=False)
        header = self.indicator_header(row)
        if header is not None:
            table = self.current
            if table is None:
                table = self.start(self.kind if self.kind in ("target", "department") else "target", row.location)
            texts = tuple(vocab.key(t) for t in _texts(row, fill=True))
            if table.header is not None and texts == table.header_texts:
                return  # the header a PDF repeats on every page
            if table.header is not None and table.indicators:
                table = self.start(table.kind, row.location)
            if table.header is not None and not table.indicators:
                # a second header row: sub-columns under a merged parent (年度指标值 | 中期指标值)
                table.header = [h2 or h1 for h1, h2 in zip(table.header + [None] * len(header), header)]
            else:
                table.header = header
            table.header_texts = texts
            table.project_columns = self.project_columns(row, header)
            table.present.update(f for f in header if f)
            table.present.update(table.project_columns.values())
            if len([f for f in header if f]) < 2:
                table.header = None
            return
        first = next((t for t in plain if t), "")
        found = self.key_field(first)
        funds = self.funds_label(first)
        if self.kind == "budget" and (self.current is None or self.current.kind == "budget"):
            found = funds = None
        if (found is not None or funds is not None) and (self.current is None or self.current.header is None
                                                          or found is not None and found[1] in ("project_name", "unit_name")):
            self.key_row(row, plain)
            return
        table = self.current
        if table is not None and table.goal_columns is not None:
            self.goal_values(table, row, plain)
            return
        if table is not None and table.header is not None:
            self.indicator_row(table, row)
            return
        if self.kind == "budget" or (table is not None and table.kind == "budget"):
            self.budget_row(row)
            return
        self.unplace(" | ".join(t for t in plain if t), "无法归入任何表格的行", row.location)

    # -- key/value block ------------------------------------------------------------------------

    def key_row(self, row: GridRow, texts: list[str]) -> None:
        cells = [(i, t) for i, t in enumerate(texts) if t]
        keys = [(i, self.key_field(t), self.funds_label(t)) for i, t in cells]
        # `中期目标 | 年度目标` headers with the texts on the next row.
        if all(f is not None and f[1] in ("goal", "mid_goal") for _, f, _ in keys) and len(keys) >= 2:
            table = self.current or self.start(self.kind if self.kind in self.lookups else "target", row.location)
            table.goal_columns = {i: f[1] for i, f, _ in keys}
            table.present.update(table.goal_columns.values())
            return
        j = 0
        while j < len(cells):
            index, text = cells[j]
            _, found, funds = keys[j]
            value_text = ""
            value_location = row.cells[index].location
            if j + 1 < len(cells) and keys[j + 1][1] is None and keys[j + 1][2] is None:
                value_text = cells[j + 1][1]
                value_location = row.cells[cells[j + 1][0]].location
                step = 2
            else:
                step = 1
            if found is None and funds is None and vocab.key(text) in vocab.TARGET_KEYS_IGNORED:
                j += step  # a key the form prints and the model deliberately does not hold (vocab)
                continue
            if found is None and funds is None:
                period = vocab.key(text) in _PERIOD_KEYS
                target = self.current
                if period and target is not None and value_text:
                    start, end = (re.split(r"\s*(?:至|—|－|~|～)\s*", value_text, maxsplit=1) + [""])[:2]
                    for field, part in (("start", start), ("end", end)):
                        if part and not target.fields.get(field):
                            target.fields[field] = part
                            target.present.add(field)
                    j += step
                    continue
                shown = f"{text} {value_text}".strip() if step == 2 else text
                label = target.label if target is not None else "表头"
                self.unplace(shown, f"{label} 中无法识别的表头项“{text}”", row.cells[index].location)
                j += step
                continue
            if found is not None:
                kind, field = found
                table = self.current
                if field in ("project_name", "unit_name"):
                    if table is not None and table.fields.get(field) == value_text:
                        j += step
                        continue  # a page-repeated header block
                    if table is None or table.fields.get(field) or table.kind != kind or table.indicators:
                        if self.kind not in ("target", "department"):
                            self.kind = kind
                        table = self.start(kind, row.location)
                if table is None:
                    table = self.start(kind, row.location)
                if field in table.fields and table.fields[field] and value_text == table.fields[field]:
                    j += step
                    continue
                table.fields[field] = value_text
                table.field_cells[field] = value_location
                table.present.add(field)
                table.last_key = field
            else:
                table = self.current or self.start(self.kind if self.kind in self.lookups else "target", row.location)
                try:
                    amount = money(value_text, table.unit)
                except ValueError:
                    amount = None
                    self.unplace(f"{text} {value_text}", f"{table.label} 的资金来源金额应为数字（万元）", value_location)
                table.funds_rows.append(FundsRow(funds, amount, location=value_location))
                table.last_key = None
            j += step

    def goal_values(self, table: _Table, row: GridRow, texts: list[str]) -> None:
        columns = sorted(table.goal_columns)
        for n, index in enumerate(columns):
            end = columns[n + 1] if n + 1 < len(columns) else len(texts)
            value = "".join(t for t in texts[index:end] if t)
            if not value and index > 0:
                value = texts[index - 1] if n == 0 and index - 1 >= 0 and not texts[index] else value
            table.fields[table.goal_columns[index]] = value
        table.goal_columns = None
        table.last_key = None

    # -- indicator grid -----------------------------------------------------------------------------

    def indicator_header(self, row: GridRow) -> list[str | None] | None:
        texts = _texts(row, fill=True)
        fields: list[str | None] = []
        rank: dict[str, int] = {}
        for j, text in enumerate(texts):
            field = vocab.find(text, self.indicator_lookup) if text else None
            if field is not None and field in rank:
                # Two columns for one field (绩效标准 beside 当年预期实现值): the better-ranked word wins;
                # 指标方向 beside 指标性质 is the direction (正向/反向).
                order = _alias_rank(field, text)
                loser = "direction" if field == "operator" else None
                if order < rank[field]:
                    fields[fields.index(field)] = loser
                else:
                    field = loser
            if field is not None:
                rank[field] = _alias_rank(field, text)
            fields.append(field)
        if "name" not in fields and "level2" in fields:
            # `二级指标` printed over two columns, the second holding the 三级 names.
            after = fields.index("level2") + 1
            if after < len(fields) and fields[after] is None and not texts[after]:
                fields[after] = "name"
        named = sum(f is not None for f in fields)
        if named >= 3 and "name" in fields and ({"value", "operator", "weight", "level1", "unit"} & set(fields)):
            if any(vocab.find(t, vocab.SELF_ROW_LOOKUP) in ("actual", "score") for t in texts if t):
                if self.kind != "self":
                    self.kind = "self"
                    self.finish()
                return None
            return fields
        return None

    def project_columns(self, row: GridRow, header: list[str | None]) -> dict[int, str]:
        """Columns of a flat table (one row per indicator) that name the project: 项目名称, 主管部门 …"""
        out: dict[int, str] = {}
        for j, text in enumerate(_texts(row, fill=True)):
            if j < len(header) and header[j] is None and text:
                found = vocab.find(text, self.lookups["target"])
                if found is not None and found not in ("label", "title") and found not in out.values():
                    out[j] = found
        return out if "project_name" in out.values() or "project_code" in out.values() else {}

    def flat_project(self, table: _Table, row: GridRow, texts: list[str]) -> _Table:
        """The table a flat row belongs to: a new project name starts one; a blank name continues the last."""
        values = {field: texts[j] for j, field in table.project_columns.items() if j < len(texts) and texts[j]}
        ident = values.get("project_name") or values.get("project_code")
        known = table.fields.get("project_name") or table.fields.get("project_code")
        if ident and known and ident != known:
            header, header_texts, columns, present = table.header, table.header_texts, table.project_columns, table.present
            table = self.start("target", row.location)
            table.header, table.header_texts, table.project_columns = header, header_texts, columns
            table.present = set(present)
        for field, value in values.items():
            if not table.fields.get(field):
                table.fields[field] = value
                table.field_cells[field] = row.location
        return table

    def indicator_row(self, table: _Table, row: GridRow) -> None:
        texts = _texts(row, fill=True)
        if table.project_columns:
            table = self.flat_project(table, row, texts)
        header = table.header
        cells = [GridCell(t, c.location) for t, c in zip(texts, row.cells)]
        label_columns = {j for j, f in enumerate(header) if f is None}
        if len(row.cells) < len(header) or (self.grid.source in ("text-pipe", "text-space") and
                                             len([c for c in cells if c.text]) < len([f for f in header if f])):
            filled = [c for j, c in enumerate(cells) if c.text and not (vocab.key(c.text) in vocab.INDICATOR_BLOCK)]
            placed = _align(filled, header)
        else:
            placed = {j: c for j, c in enumerate(cells) if j < len(header) and c.text and j not in label_columns}
        values = {header[j]: c.text for j, c in placed.items() if header[j]}
        extra = [c.text for j, c in enumerate(cells) if c.text and j >= len(header)]
        if extra and len(row.cells) > len(header):
            self.unplace(" | ".join(extra), f"{table.label} 指标行多出的单元格（表头只有 {len(header)} 列）", row.location)
        for level in ("level1", "level2"):
            if values.get(level):
                name = vocab.level_name(values[level])[0]
                if level == "level1" and name != table.fill.get("level1"):
                    table.fill.pop("level2", None)
                table.fill[level] = name
        if not values.get("name"):
            if values.get("level1") or values.get("level2"):
                return  # a category row carrying a merged 一级/二级 label: placed as the label of what follows
            text = " | ".join(t for t in texts if t)
            if vocab.key(text) in vocab.INDICATOR_BLOCK:
                return
            self.unplace(text, f"{table.label} 绩效指标部分无法识别的行（没有三级指标名称）", row.location)
            return
        for level in ("level1", "level2"):
            if not values.get(level) and table.fill.get(level):
                values[level] = table.fill[level]
        location = placed[next(j for j, f in enumerate(header) if f == "name" and j in placed)].location \
            if any(f == "name" and j in placed for j, f in enumerate(header)) else row.location
        if "core" in table.present:
            values.setdefault("core", "")
        built = build_indicator(values, location)
        if built.indicator is None:
            reasons = "；".join(p.replace("|", "，实际为：") for p in built.problems)
            self.unplace(" | ".join(t for t in texts if t), f"{table.label} 的指标行无法读取：{reasons}", row.location)
            return
        table.indicators.append(built.indicator)

    # -- budget tables --------------------------------------------------------------------------------

    def budget_row(self, row: GridRow) -> None:
        table = self.current
        if table is None or table.kind != "budget":
            table = self.start("budget", row.location)
        texts = _texts(row, fill=True)
        amounts = [t for t in texts if t and _is_amount(t)]
        first = next(((i, t) for i, t in enumerate(texts) if t), (0, ""))
        if table.columns is None and not amounts and not (first[1] in ("合计", "总计") and first[0] <= 1):
            table.header_rows.append(texts)
            return
        if table.columns is None:
            if not table.header_rows:
                self.unplace(" | ".join(t for t in texts if t), f"{table.label} 没有表头的数据行", row.location)
                return
            width = max(len(r) for r in table.header_rows)
            from ..readers.pdftext import flatten_header as _flatten_header

            table.columns = _flatten_header([r + [""] * (width - len(r)) for r in table.header_rows], width)
        if tuple(texts) in {tuple(r) for r in table.header_rows}:
            table.after_header = True  # the header a PDF repeats on every page
            return
        width = len(table.columns)
        if len([t for t in texts if t]) and len(texts) > width and any(texts[width:]):
            self.unplace(" | ".join(t for t in texts if t), f"{table.label} 的一行多于 {width} 列", row.location)
            return
        cells: list = []
        for text, column in zip(texts + [""] * (width - len(texts)), table.columns):
            if not column.numeric:
                cells.append(text)
                continue
            try:
                cells.append(parse_decimal(text))
            except ValueError:
                self.unplace(" | ".join(t for t in texts if t), f"{table.label} 的“{column.name}”列应为数字", row.location)
                return
        repeated_total = table.after_header and table.rows and tuple(cells) == table.rows[0].cells
        table.after_header = False
        if repeated_total:
            return  # the total row some documents reprint under every page header
        table.rows.append(BudgetRow(cells, location=row.location))

    # -- the model ------------------------------------------------------------------------------------

    def build(self) -> Document:
        targets: list[TargetTable] = []
        department: DepartmentTargetTable | None = None
        budgets: list[BudgetTable] = []
        problems = Problems()
        for table in self.tables:
            if table.kind == "budget":
                if table.columns is not None:
                    budgets.append(BudgetTable(table.label, table.title, table.columns, table.rows, unit=table.unit,
                                               notes=table.notes, location=table.location))
                continue
            if not (table.fields or table.indicators):
                continue
            _backfill_levels(table)
            notes = tuple(table.notes)
            if table.kind == "target":
                project = table.fields.get("project_name", "")
                code, name = vocab.split_project(project)
                code = table.fields.get("project_code") or code
                funds = self.amount(table, "funds", "资金总额")
                profile = profiles.profile_for("target", table.title, table.present, notes, table.header_texts)
                targets.append(TargetTable(
                    label=table.label, title=table.title, project_code=code, project_name=name,
                    department=table.fields.get("department", ""), implementer=table.fields.get("implementer", ""),
                    funds=funds, attribute=table.fields.get("attribute", ""), start=table.fields.get("start", ""),
                    end=table.fields.get("end", ""), overview=table.fields.get("overview", ""),
                    basis=table.fields.get("basis", ""), goal=table.fields.get("goal", ""),
                    mid_goal=table.fields.get("mid_goal", ""), indicators=table.indicators,
                    funds_rows=table.funds_rows, profile=profile, location=table.location))
            else:
                budget = self.amount(table, "budget", "部门支出预算数")
                profile = profiles.profile_for("department", table.title, table.present, notes, table.header_texts)
                built = DepartmentTargetTable(
                    label=table.label, title=table.title, unit_name=table.fields.get("unit_name", ""),
                    budget=budget, goal=table.fields.get("goal", ""), indicators=table.indicators,
                    funds_rows=table.funds_rows, profile=profile, location=table.location)
                if department is None:
                    department = built
                else:
                    problems.add(problem_at(self.file, table.location.line, "文档只有一张部门（单位）整体绩效目标表",
                                            f"又一张：{table.label}", cell=table.location.cell))
        problems.raise_if_any()
        if not (targets or department or budgets):
            raise InputError(problem_at(self.file, None, "项目支出绩效目标表、部门整体绩效目标表或预算表（按表名与表头识别）",
                                        "未找到任何表格" + self._selfeval_hint()))
        unit_name = self.unit_name or (department.unit_name if department else "") or \
            (targets[0].department if targets else "")
        from ..readers.pdftext import narrative_paragraphs

        return Document(unit_name=unit_name, year=self.year, title=self.doc_title,
                        narrative=narrative_paragraphs(self.narrative),
                        budget_tables=budgets, department_table=department, target_tables=targets,
                        unplaced=self.unplaced, location=Location(self.file, 1))


def _alias_rank(field: str, text: str) -> int:
    aliases = [vocab.key(a) for a in vocab.INDICATOR.get(field, ())]
    k = vocab.key(text)
    return aliases.index(k) if k in aliases else len(aliases)


def _backfill_levels(table: _Table) -> None:
    """Rows above the first printed 一级/二级 label take it: a merged cell a layout copy printed mid-block."""
    for level in ("level1", "level2"):
        if level not in table.present:
            continue
        first = next((i for i, ind in enumerate(table.indicators) if getattr(ind, level)), None)
        if first:
            label = getattr(table.indicators[first], level)
            table.indicators[:first] = [attrs.evolve(ind, **{level: label}) for ind in table.indicators[:first]]


def _is_amount(text: str) -> bool:
    try:
        return parse_decimal(text) is not None
    except ValueError:
        return False


def recognise(grid: Grid) -> Document:
    """The Document a grid holds; InputError when it holds no form perfeval knows."""
    return Recogniser(grid).read()
