"""`perfeval rules check rules/forms/x.toml`: a form variant printed as it describes reads back as itself.

The property prints valid target tables the way the variant's form does (its title, no
column or key for what it lacks, the operator and unit inside the 指标值 when the form has
no column for them) as a grid, reads the grid with the form recogniser, and expects the
same indicators back and the variant's name on the profile.
"""

from __future__ import annotations

from ..grid import Grid, GridCell, GridRow, text_row
from ..model import Location, TargetTable
from ._result import Budget, Counterexample

TITLE = "按此表样印出的目标表被识别为此表样，指标原样读回"
_KEYS = (("project_name", "项目名称"), ("department", "主管部门"), ("implementer", "实施单位"), ("funds", "资金总额"),
         ("attribute", "项目属性"), ("start", "项目起始时间"), ("end", "项目终止时间"), ("overview", "项目概况"),
         ("basis", "立项依据"), ("goal", "项目当年绩效目标"))
_COLUMNS = (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"), ("operator", "指标性质"),
            ("value", "指标值"), ("unit", "度量单位"), ("weight", "权重"), ("core", "是否核心指标"))


def printed_grid(table: TargetTable, title: str, lacks: frozenset[str], words: dict[str, str] | None = None) -> Grid:
    """The grid of `table` printed on a form without `lacks`, its columns headed by `words` where given."""
    where = Location("<表样>")
    words = words or {}
    rows = [text_row(title, where)]
    for field, word in _KEYS:
        value = getattr(table, field)
        if field not in lacks and value not in (None, ""):
            rows.append(GridRow((GridCell(word, where), GridCell(format(value, "f") if field == "funds" else str(value), where)), 1, where))
    columns = [(f, words.get(f, w)) for f, w in _COLUMNS if f not in lacks]
    rows.append(GridRow(tuple(GridCell(w, where) for _, w in columns), 1, where))
    for indicator in table.indicators:
        cells = []
        for field, _ in columns:
            if field == "value":
                text = format(indicator.value, "f") if indicator.value is not None else (indicator.text_value or "")
                if "operator" in lacks and indicator.operator.quantitative:
                    text = indicator.operator.value + text
                if "unit" in lacks and indicator.unit is not None and indicator.value is not None:
                    text += indicator.unit.symbol
            elif field == "operator":
                text = indicator.operator.value
            elif field == "unit":
                text = indicator.unit.symbol if indicator.unit else ""
            elif field == "weight":
                text = format(indicator.weight, "f") if indicator.weight is not None else ""
            elif field == "core":
                text = "" if indicator.core is None else ("是" if indicator.core else "否")
            else:
                text = getattr(indicator, field) or ""
            cells.append(GridCell(text, where))
        rows.append(GridRow(tuple(cells), 1, where))
    return Grid("<表样>", rows, source="docx")


def _differences(table: TargetTable, variant) -> list[tuple[str, str, str]]:
    from ..forms import read_document_grid
    from ..errors import InputError

    from ..forms.profiles import indicator_lookup
    from ..vocab import find

    title = variant.description or "项目支出绩效目标表"
    lookup = indicator_lookup()
    words = {find(h, lookup): h for h in variant.headers if find(h, lookup)}
    try:
        doc = read_document_grid(printed_grid(table, title, variant.lacks, words))
    except InputError as exc:
        return [("读取", "一张目标表", exc.render())]
    if len(doc.target_tables) != 1:
        return [("目标表张数", "1", str(len(doc.target_tables)))]
    read = doc.target_tables[0]
    out = []
    name = read.profile.name if read.profile is not None else "（无表样）"
    expected = variant.name if variant.lacks else "（无表样）"  # a form lacking nothing is the standard form
    if name != expected:
        out.append(("表样", expected, name))
    for want, got in zip(table.indicators, read.indicators):
        for field in ("name", "operator", "value", "unit", "weight", "level1", "level2"):
            if field in variant.lacks:
                continue
            a, b = getattr(want, field), getattr(got, field)
            if field == "unit" and want.value is None:
                continue
            if a != b:
                out.append((f"{want.name}.{field}", str(a), str(b)))
    if len(read.indicators) != len(table.indicators):
        out.append(("指标个数", str(len(table.indicators)), str(len(read.indicators))))
    return out


def recognised(variant, budget: Budget) -> list[Counterexample]:
    """The counterexample of the property, or [] when it holds."""
    from ..strategies import target_tables

    if variant.title is not None and not variant.title.search(variant.description or ""):
        return [Counterexample("title", ("键", "值"), (("title", variant.title.pattern),
                                                    ("description", variant.description)),
                               "description（印在表上的表名）应与 title 匹配")]
    example = budget.find(target_tables("national"), lambda t: bool(_differences(t, variant)))
    if example is None:
        return []
    return [Counterexample("lacks", ("项", "应为", "读出"), tuple(_differences(example, variant)),
                           f"按表样“{variant.name}”印出后读回不一致")]
