"""Reading the text a PDF extractor gives for a published 部门预算公开 document.

The extractor prints each table row as one line with cells separated by tabs,
repeats a table's title and header at the top of every page, joins a wrapped
cell with a space and prints numbers as `3, 151. 93`. This reader walks the
lines once: the narrative part until the first `附件 N`, then one block per
附件, recognising repeated page headers and reporting every line it cannot place.
"""

from __future__ import annotations

import re

import attrs

from ..errors import InputError, Problems, problem_at
from ..model import (
    BudgetRow,
    BudgetTable,
    Column,
    DepartmentTargetTable,
    Document,
    Indicator,
    Location,
    Paragraph,
    TargetTable,
    UnplacedLine,
)
from ..operators import parse_operator
from ..text import clean_cell, nfkc, parse_decimal
from ..units import parse_unit
from .. import vocab

_ATTACHMENT = vocab.ATTACHMENT_ONLY
_UNIT_LINE = vocab.UNIT_LINE
_NOTE = re.compile(r"^[（(]?备注[:：]")
_YEAR = re.compile(r"(\d{4})\s*年")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_NUMBERED = re.compile(r"^(?:\d+\s*[.．、]|[（(]\d+[）)]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_SENTENCE_END = tuple("。！？；：）)」”")
_LABELLED = re.compile(r"^[^，。：:]{1,12}[:：]")
_TOTAL_CELLS = {"合计", "总计"}
_TEXT_HEADER = re.compile(r"(编码|编号|代码|名称|^序号$|^项目$|^支出科目$|^预算单位$|^单位$)")
_PROJECT = vocab.PROJECT_CODE

# Header-block keys and indicator-grid headers: the one vocabulary, keyed by model field.
PROJECT_KEYS = vocab.TARGET_LOOKUP
DEPARTMENT_KEYS = vocab.DEPARTMENT_LOOKUP
INDICATOR_HEADERS = vocab.INDICATOR_LOOKUP


def split_cells(line: str) -> list[str]:
    """A printed row's cells, cleaned; trailing empty cells are kept (they may be columns)."""
    return [clean_cell(cell) for cell in line.rstrip("\r\n").split("\t")]


def _unit_line(line: "_Line") -> re.Match | None:
    """A `单位：万元` line: the unit alone in its row. Text in another cell beside it (`单位：万元\t某说明`) is
    not part of the unit, and such a line is no page repeat to skip: it is read on, or reported unplaced."""
    filled = [cell for cell in line.cells if cell]
    return _UNIT_LINE.match(filled[0]) if len(filled) == 1 else None


def _trimmed(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


@attrs.define
class _Line:
    number: int
    raw: str

    @property
    def text(self) -> str:
        return clean_cell(self.raw.replace("\t", " "))

    @property
    def cells(self) -> list[str]:
        return split_cells(self.raw)


class _Reader:
    def __init__(self, text: str, path: str):
        self.path = path
        self.lines = [_Line(i + 1, raw) for i, raw in enumerate(text.splitlines())]
        self.problems = Problems()
        self.unplaced: list[UnplacedLine] = []

    def loc(self, line: _Line) -> Location:
        return Location(self.path, line.number)

    def problem(self, line: _Line, expected: str, found: object = "") -> None:
        self.problems.add(problem_at(self.path, line.number, expected, found))

    def unplace(self, line: _Line, reason: str) -> None:
        self.unplaced.append(UnplacedLine(line.raw.strip(), reason, location=self.loc(line)))

    # -- whole document -------------------------------------------------------------------------

    def read(self) -> Document:
        blocks: list[tuple[_Line, list[_Line]]] = []
        preamble: list[_Line] = []
        current: list[_Line] | None = None
        for line in self.lines:
            if _ATTACHMENT.match(line.text):
                current = []
                blocks.append((line, current))
            elif current is None:
                preamble.append(line)
            else:
                current.append(line)

        unit_name, title, year, narrative = self.read_preamble(preamble)
        budget_tables: list[BudgetTable] = []
        department: DepartmentTargetTable | None = None
        targets: list[TargetTable] = []
        for head, body in blocks:
            label = "附件 " + re.sub(r"\s+", "", nfkc(_ATTACHMENT.match(head.text).group(1))).replace("－", "-")
            table = self.read_block(label, head, body)
            if isinstance(table, TargetTable):
                targets.append(table)
            elif isinstance(table, DepartmentTargetTable):
                if department is not None:
                    self.problem(head, "文档只有一张部门（单位）整体绩效目标表", f"又一张：{label}")
                department = table
            elif table is not None:
                budget_tables.append(table)

        self.problems.raise_if_any()
        if not (budget_tables or targets or department):
            raise InputError(problem_at(
                self.path, None,
                "部门预算公开文本：含“附件 N”标题的预算表或绩效目标表（或 YAML/JSON/Excel 格式的文档）",
                "未找到任何表格",
            ))
        return Document(
            unit_name=unit_name,
            year=year,
            title=title,
            narrative=narrative,
            budget_tables=budget_tables,
            department_table=department,
            target_tables=targets,
            unplaced=self.unplaced,
            location=Location(self.path, 1),
        )

    def read_preamble(self, lines: list[_Line]) -> tuple[str, str, int | None, list[Paragraph]]:
        """The unit name and title at the top, then the narrative as paragraphs under their headings."""
        content = [line for line in lines if line.text]
        unit_name = title = ""
        year = None
        while content and not (unit_name and title):
            first = content[0]
            if not unit_name and not _YEAR.search(first.text):
                unit_name = first.text
            elif not title and _YEAR.search(first.text) and len(first.text) <= 40:
                title = first.text
                year = int(_YEAR.search(first.text).group(1))
            else:
                break
            content.pop(0)
        return unit_name, title, year, narrative_paragraphs([(line.text, self.loc(line)) for line in content])

    # -- one 附件 --------------------------------------------------------------------------------

    def read_block(self, label: str, head: _Line, body: list[_Line]):
        content = [line for line in body if line.text]
        title_lines: list[str] = []
        unit = "万元"
        index = 0
        while index < len(content):
            line = content[index]
            unit_match = _unit_line(line)
            if unit_match:
                unit = unit_match.group(1)
                index += 1
                break
            if "\t" in line.raw.strip("\t") or _NOTE.match(line.text):
                break
            title_lines.append(line.text)
            index += 1
        title = "".join(title_lines)
        rest = content[index:]
        if not title:
            self.problem(head, f"{label} 之后应有表名", "未找到表名")
            return None
        repeated = set(title_lines) | {title, f"单位：{unit}", f"单位:{unit}"}
        if "整体绩效目标" in title:
            return self.read_department(label, title, head, rest, repeated)
        if "绩效目标" in title:
            return self.read_target(label, title, head, rest, repeated)
        return self.read_budget(label, title, unit, head, rest, repeated)

    def _is_repeat(self, line: _Line, repeated: set[str]) -> bool:
        return line.text in repeated or bool(_unit_line(line))

    # -- budget tables ---------------------------------------------------------------------------

    def read_budget(self, label, title, unit, head, lines, repeated) -> BudgetTable:
        header_rows: list[list[str]] = []
        data_start = len(lines)
        notes: list[str] = []
        for i, line in enumerate(lines):
            cells = line.cells
            if _NOTE.match(line.text):
                data_start = i
                break
            if self._is_data_row(cells):
                data_start = i
                break
            header_rows.append(cells)
        if not header_rows:
            self.problem(head, f"{label}（{title}）应有表头行", "未找到表头")
            return BudgetTable(label, title, (), unit=unit, location=self.loc(head))
        width = max(len(_trimmed(row)) for row in header_rows)
        columns = flatten_header([row + [""] * (width - len(row)) for row in header_rows], width)
        header_texts = {"\t".join(_trimmed(row)) for row in header_rows}
        rows: list[BudgetRow] = []
        first_data: tuple | None = None
        after_page_header = False
        for line in lines[data_start:]:
            cells = line.cells
            if _NOTE.match(line.text):
                notes.append(line.text)
                continue
            if self._is_repeat(line, repeated) or "\t".join(_trimmed(cells)) in header_texts:
                after_page_header = True
                continue
            row_cells = self._budget_cells(line, cells, columns, label)
            if row_cells is None:
                continue
            if after_page_header and first_data is not None and row_cells == first_data:
                # The total row some documents reprint under every page header.
                after_page_header = False
                continue
            after_page_header = False
            if first_data is None:
                first_data = row_cells
            rows.append(BudgetRow(row_cells, location=self.loc(line)))
        return BudgetTable(label, title, columns, rows, unit=unit, notes=notes, location=self.loc(head))

    @staticmethod
    def _is_data_row(cells: list[str]) -> bool:
        filled = [c for c in cells if c]
        if any(_is_amount(c) for c in filled):
            return True
        return bool(filled) and filled[0] in _TOTAL_CELLS and cells.index(filled[0]) <= 1

    def _budget_cells(self, line: _Line, cells: list[str], columns: tuple[Column, ...], label: str):
        trimmed = _trimmed(cells)
        if len(trimmed) > len(columns):
            self.problem(line, f"{label} 的一行最多 {len(columns)} 个单元格（{'、'.join(c.name for c in columns)}）",
                         f"{len(trimmed)} 个：{line.raw.strip()}")
            return None
        if "\t" not in line.raw and not _is_amount(line.text):
            self.unplace(line, f"{label} 中既非表头也非数据行的文字")
            return None
        padded = trimmed + [""] * (len(columns) - len(trimmed))
        out: list = []
        for cell, column in zip(padded, columns):
            if not column.numeric:
                out.append(cell)
                continue
            try:
                out.append(parse_decimal(cell))
            except ValueError:
                self.problem(line, f"{label} 的“{column.name}”列应为数字", cell)
                return None
        return tuple(out)

    # -- target tables ---------------------------------------------------------------------------

    def _key_values(self, line: _Line, keys: dict[str, str]) -> dict[str, str] | None:
        """`key value key value` cells of a header-block line, or None when the line has no key."""
        cells = [c for c in line.cells if c]
        if not cells or _norm_key(cells[0]) not in keys:
            return None
        values: dict[str, str] = {}
        i = 0
        while i < len(cells):
            key = _norm_key(cells[i])
            if key not in keys:
                self.problem(line, f"表头项之一：{vocab.spelled(vocab.TARGET if keys is PROJECT_KEYS else vocab.DEPARTMENT)}", cells[i])
                return values
            if i + 1 < len(cells) and _norm_key(cells[i + 1]) not in keys:
                values[keys[key]] = cells[i + 1]
                i += 2
            else:
                values[keys[key]] = ""
                i += 1
        return values

    def _header_block(self, lines: list[_Line], keys: dict[str, str], repeated: set[str], label: str):
        fields: dict[str, str] = {}
        last_field: str | None = None
        for i, line in enumerate(lines):
            if self._is_repeat(line, repeated):
                continue
            first = next((c for c in line.cells if c), "")
            if first == "绩效指标":
                return fields, i
            pairs = self._key_values(line, keys)
            if pairs is not None:
                fields.update(pairs)
                last_field = list(pairs)[-1] if pairs else last_field
            elif last_field is not None and len([c for c in line.cells if c]) == 1:
                fields[last_field] += line.text  # a long cell the PDF wrapped onto the next line
            else:
                self.unplace(line, f"{label} 表头部分无法识别的行")
        return fields, len(lines)

    def _indicator_rows(self, lines: list[_Line], repeated: set[str], label: str, department: bool):
        if not lines:
            return []
        header_line = lines[0]
        header = [_norm_key(c) for c in _trimmed(header_line.cells)]
        fields = []
        for cell in header[1:]:
            field = INDICATOR_HEADERS.get(cell)
            if field is None:
                self.problem(header_line, f"绩效指标表头之一：{vocab.spelled(vocab.INDICATOR)}", cell)
                return []
            fields.append(field)
        if "name" not in fields or "operator" not in fields:
            self.problem(header_line, "绩效指标表头应含 三级指标（或 指标名称）与 指标性质", "\t".join(header))
            return []
        header_text = "\t".join(header)
        indicators: list[Indicator] = []
        for line in lines[1:]:
            cells = _trimmed(line.cells)
            if self._is_repeat(line, repeated) or (cells and _norm_key(cells[0]) == header[0]
                                                    and "\t".join(_norm_key(c) for c in cells) == header_text):
                continue
            if cells and cells[0] and cells[0] != "绩效指标":
                self.unplace(line, f"{label} 绩效指标部分无法识别的行")
                continue
            values = cells[1:]
            if len(values) > len(fields):
                self.problem(line, f"{label} 的指标行应有 {len(fields)} 列（{'、'.join(header[1:])}）",
                             f"{len(values)} 列：{line.raw.strip()}")
                continue
            row = dict(zip(fields, values + [""] * (len(fields) - len(values))))
            indicator = self._indicator(line, row, label)
            if indicator is not None:
                indicators.append(indicator)
        return indicators

    def _indicator(self, line: _Line, row: dict[str, str], label: str) -> Indicator | None:
        ok = True
        if not row.get("name"):
            self.problem(line, f"{label} 的指标行应有三级指标名称", "空")
            ok = False
        try:
            operator = parse_operator(row.get("operator", ""))
        except ValueError as exc:
            self.problem(line, str(exc), row.get("operator", ""))
            return None
        value = text_value = None
        raw_value = row.get("value", "")
        if raw_value:
            try:
                value = parse_decimal(raw_value)
            except ValueError:
                if operator.quantitative:
                    self.problem(line, f"{label} 定量指标（{operator.value}）的指标值应为数字", raw_value)
                    ok = False
                else:
                    text_value = raw_value
        unit = None
        if row.get("unit"):
            try:
                unit = parse_unit(row["unit"])
            except ValueError as exc:
                self.problem(line, str(exc), row["unit"])
                ok = False
        weight = None
        if row.get("weight"):
            try:
                weight = parse_decimal(row["weight"])
            except ValueError:
                self.problem(line, f"{label} 的权重应为数字", row["weight"])
                ok = False
        core = None
        if "core" in row:
            flag = row["core"]
            try:
                core = vocab.yes_no(flag)
            except ValueError:
                self.problem(line, "是否核心指标应为 是 或 否", flag)
                ok = False
        if not ok:
            return None
        return Indicator(
            name=row["name"],
            operator=operator,
            value=value,
            unit=unit,
            weight=weight,
            level1=row.get("level1") or None,
            level2=row.get("level2") or None,
            core=core,
            text_value=text_value,
            mid_term=row.get("mid_term") or None,
            location=self.loc(line),
        )

    def read_target(self, label, title, head, lines, repeated) -> TargetTable | None:
        fields, grid = self._header_block(lines, PROJECT_KEYS, repeated, label)
        indicators = self._indicator_rows(lines[grid:], repeated, label, department=False)
        project = fields.get("project_name", "")
        match = _PROJECT.match(project)
        code, name = (match.group(1), match.group(2)) if match else ("", project)
        if fields.get("project_code") and not code:
            code = fields["project_code"]
        if not project:
            self.problem(head, f"{label} 应有项目名称", "未找到")
        funds = None
        if fields.get("funds"):
            try:
                funds = parse_decimal(fields["funds"])
            except ValueError:
                self.problem(head, f"{label} 的资金总额应为数字（万元）", fields["funds"])
        return TargetTable(
            label=label,
            title=title,
            project_code=code,
            project_name=name,
            department=fields.get("department", ""),
            implementer=fields.get("implementer", ""),
            funds=funds,
            attribute=fields.get("attribute", ""),
            start=fields.get("start", ""),
            end=fields.get("end", ""),
            overview=fields.get("overview", ""),
            basis=fields.get("basis", ""),
            goal=fields.get("goal", ""),
            mid_goal=fields.get("mid_goal", ""),
            indicators=indicators,
            location=self.loc(head),
        )

    def read_department(self, label, title, head, lines, repeated) -> DepartmentTargetTable:
        fields, grid = self._header_block(lines, DEPARTMENT_KEYS, repeated, label)
        indicators = self._indicator_rows(lines[grid:], repeated, label, department=True)
        budget = None
        if fields.get("budget"):
            try:
                budget = parse_decimal(fields["budget"])
            except ValueError:
                self.problem(head, f"{label} 的部门支出预算数应为数字（万元）", fields["budget"])
        return DepartmentTargetTable(
            label=label,
            title=title,
            unit_name=fields.get("unit_name", ""),
            budget=budget,
            goal=fields.get("goal", ""),
            indicators=indicators,
            location=self.loc(head),
        )


_norm_key = vocab.text_key


def _is_amount(cell: str) -> bool:
    try:
        return parse_decimal(cell) is not None
    except ValueError:
        return False


def flatten_header(rows: list[list[str]], width: int) -> tuple[Column, ...]:
    """One name per column from stacked header rows; a parent cell spans the empty cells to its right
    wherever the row below has sub-headers."""
    names: list[list[str]] = [[] for _ in range(width)]
    for r, row in enumerate(rows):
        below = rows[r + 1:]
        owner = ""
        for j in range(width):
            cell = row[j]
            if cell:
                owner = cell
                names[j].append(cell)
            elif owner and any(lower[j] for lower in below):
                names[j].append(owner)
            else:
                owner = "" if not any(lower[j] for lower in below) else owner
    columns = []
    for j in range(width):
        name = "/".join(names[j]) or f"第{j + 1}列"
        last = names[j][-1] if names[j] else ""
        columns.append(Column(name, numeric=not _TEXT_HEADER.search(last) if last else True))
    return tuple(columns)


def narrative_paragraphs(lines: list[tuple[str, Location]]) -> list[Paragraph]:
    """The narrative part's lines as paragraphs under their headings, rejoining what the PDF broke."""
    paragraphs: list[Paragraph] = []
    section = ""
    for text, location in lines:
        if _HEADING.match(text) and len(text) <= 30:
            section = text
            paragraphs.append(Paragraph(text, section, location=location))
            continue
        previous = paragraphs[-1] if paragraphs else None
        if (previous is not None and previous.section == section and previous.text != section
                and not previous.text.endswith(_SENTENCE_END) and not _NUMBERED.match(text)
                and not _LABELLED.match(text)):
            # A paragraph the PDF broke across lines or pages.
            paragraphs[-1] = attrs.evolve(previous, text=previous.text + text)
            continue
        paragraphs.append(Paragraph(text, section, location=location))
    return paragraphs


def read_pdf_text(text: str, path: str) -> Document:
    """A Document from extracted text; InputError lists every line that breaks a table's shape."""
    return _Reader(text, path).read()
