"""Hypothesis strategies for model objects, used by the round-trip tests.

`documents()` draws whole Documents with Chinese text, exact decimals and every
operator and unit, e.g. a TargetTable labelled 附件 12-3 holding `≥ 95 %` indicators.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from perfeval import vocab
from perfeval.model import (
    BudgetRow, BudgetTable, Column, DepartmentTargetTable, Document, Indicator, Paragraph, TargetTable, UnplacedLine,
)
from perfeval.operators import Operator
from perfeval.units import parse_unit

CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
# A cell whose whole text is a header word (`项目名称`, `项目基本情况`) cannot be told from that header in a
# sheet; hypothesis draws such words from perfeval's own constants, so they are left out of free text.
_HEADER_WORDS = frozenset(vocab.TARGET_LOOKUP) | frozenset(vocab.DEPARTMENT_LOOKUP) | frozenset(vocab.INDICATOR_LOOKUP)
TEXT = st.text(alphabet=st.one_of(CHINESE, st.sampled_from("，。、（）：ABC123 -")), min_size=1, max_size=20).map(
    str.strip).filter(lambda t: bool(t) and vocab.key(t) not in _HEADER_WORDS)
UNITS = st.sampled_from(["万元", "元", "人", "万人", "%", "个", "台", "张", "条", "天", "元/人/月"]).map(parse_unit)
AMOUNTS = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False, allow_infinity=False)
WEIGHTS = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)


@st.composite
def indicators(draw, department: bool = False) -> Indicator:
    operator = draw(st.sampled_from(list(Operator)))
    value = unit = text_value = None
    if operator.quantitative or draw(st.booleans()):
        value = draw(st.one_of(st.none(), AMOUNTS)) if operator.quantitative else draw(AMOUNTS)
        unit = draw(st.one_of(st.none(), UNITS))
    elif draw(st.booleans()):
        text_value = draw(st.sampled_from(["优", "良", "达成预期指标", "按时 发放"]))
    return Indicator(
        name=draw(TEXT), operator=operator, value=value, unit=unit, weight=draw(st.one_of(st.none(), WEIGHTS)),
        level1=None if department else draw(st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标"])),
        level2=None if department else draw(TEXT),
        core=None if department else draw(st.one_of(st.none(), st.booleans())),
        text_value=text_value,
    )


@st.composite
def target_tables(draw) -> TargetTable:
    return TargetTable(
        label=f"附件 12-{draw(st.integers(1, 99))}", title=draw(TEXT),
        project_code=draw(st.from_regex(r"5001[0-9]{4}T[0-9]{12}", fullmatch=True)), project_name=draw(TEXT),
        department=draw(TEXT), implementer=draw(TEXT), funds=draw(st.one_of(st.none(), AMOUNTS)),
        attribute=draw(st.sampled_from(["新增", "延续", ""])), start=draw(st.sampled_from(["2024 年", "2026", ""])),
        end=draw(st.sampled_from(["长期", "1 年", ""])), overview=draw(TEXT), basis=draw(TEXT), goal=draw(TEXT),
        indicators=draw(st.lists(indicators(), max_size=6)),
    )


@st.composite
def budget_tables(draw) -> BudgetTable:
    names = draw(st.lists(TEXT, min_size=1, max_size=5, unique=True))
    numeric = draw(st.lists(st.booleans(), min_size=len(names), max_size=len(names)))
    columns = [Column(n, flag) for n, flag in zip(names, numeric)]
    cell = {True: st.one_of(st.none(), AMOUNTS), False: st.one_of(st.just(""), TEXT, st.from_regex(r"0?[0-9]{3,7}", fullmatch=True))}
    rows = draw(st.lists(st.tuples(*[cell[c.numeric] for c in columns]).map(BudgetRow), max_size=5))
    # a title printed as `单位：…` is the unit line on paper, not a title (hypothesis draws 单位： from the code)
    title = draw(TEXT.filter(lambda t: not vocab.UNIT_LINE.match(t)))
    return BudgetTable(label=f"附件 {draw(st.integers(1, 10))}", title=title, columns=columns, rows=rows,
                       notes=draw(st.lists(TEXT, max_size=1)))


@st.composite
def documents(draw) -> Document:
    department = None
    if draw(st.booleans()):
        department = DepartmentTargetTable(label="附件 11", unit_name=draw(TEXT), title=draw(TEXT),
                                           budget=draw(st.one_of(st.none(), AMOUNTS)), goal=draw(TEXT),
                                           indicators=draw(st.lists(indicators(department=True), max_size=4)))
    return Document(
        unit_name=draw(TEXT), year=draw(st.one_of(st.none(), st.integers(2000, 2100))), title=draw(TEXT),
        narrative=draw(st.lists(st.builds(Paragraph, TEXT, TEXT), max_size=3)),
        budget_tables=draw(st.lists(budget_tables(), max_size=2)),
        department_table=department,
        target_tables=draw(st.lists(target_tables(), max_size=3)),
        unplaced=draw(st.lists(st.builds(UnplacedLine, TEXT, TEXT), max_size=2)),
    )
