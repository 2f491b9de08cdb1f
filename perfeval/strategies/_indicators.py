"""Single indicators of any operator and unit dimension."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from ..model import Indicator
from ..operators import Operator
from ..units import Dimension, parse_unit
from ._partition import tidy
from ._args import InvalidArgument, check_choice, positive_decimal
from ._vocab import NAMES, QUALITATIVE_TEXTS

# Units drawn for each dimension, and the range a plausible 指标值 of that dimension falls in.
DIMENSION_UNITS: dict[Dimension, tuple[str, ...]] = {
    Dimension.MONEY: ("元", "万元"),
    Dimension.PEOPLE: ("人", "万人", "人次", "名"),
    Dimension.RATIO: ("%", "‰"),
    Dimension.COUNT: ("个", "台", "张", "项", "次", "户", "家", "套"),
    Dimension.TIME: ("天", "工作日", "小时", "月", "年"),
    Dimension.LENGTH: ("米", "公里"),
    Dimension.AREA: ("平方米", "亩", "公顷"),
    Dimension.MASS: ("吨", "千克"),
    Dimension.VOLUME: ("立方米",),
    Dimension.SCORE: ("分",),
    Dimension.RATE: ("元/人/月", "元/人"),
}
_RANGES: dict[Dimension, tuple[Decimal, Decimal, int]] = {
    Dimension.RATIO: (Decimal(1), Decimal(100), 1),
    Dimension.SCORE: (Decimal(60), Decimal(100), 0),
    Dimension.TIME: (Decimal(1), Decimal(365), 0),
    Dimension.MONEY: (Decimal("0.01"), Decimal(100000), 2),
    Dimension.RATE: (Decimal(1), Decimal(5000), 2),
}
_DEFAULT_RANGE = (Decimal(1), Decimal(100000), 0)
_ALL_NAMES = tuple(sorted({name for names in NAMES.values() for name, _ in names}))


def values(dimension: Dimension, operator: Operator = Operator.GE, low: Decimal | None = None,
           high: Decimal | None = None, places: int | None = None) -> st.SearchStrategy[Decimal]:
    """Exact 指标值 for `dimension`: percentages stay in 0–100 and are reachable under `operator`."""
    default_low, default_high, default_places = _RANGES.get(dimension, _DEFAULT_RANGE)
    low = default_low if low is None else low
    high = default_high if high is None else high
    places = default_places if places is None else places
    if dimension is Dimension.RATIO and operator is Operator.GT:
        high = min(high, Decimal(99))
    step = Decimal(1).scaleb(-places)
    return st.integers(int(low / step), int(high / step)).map(lambda n: tidy(n * step))


def indicators(*, operator: Operator | None = None, dimension: Dimension | None = None,
               weight: Decimal | int | str | None = None, level1: str | None = None,
               level2: str | None = None, core: bool | None = None,
               names: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Indicator]:
    """Indicators with a quantitative 指标值 in a unit of `dimension`, or 定性 ones.

    Any argument left as None is drawn. A quantitative indicator always has a value
    and a unit; a 定性 one has neither, only a grade text such as 达成预期指标.

    >>> from perfeval.units import Dimension
    >>> example = indicators(operator=Operator.LE, dimension=Dimension.MONEY, weight=10).example()
    >>> example.operator.value, example.unit.dimension.value, example.weight
    ('≤', '金额', Decimal('10'))
    """
    function = "indicators"
    if operator is not None:
        check_choice(function, "operator", operator, tuple(Operator))
    if dimension is not None:
        check_choice(function, "dimension", dimension, tuple(Dimension))
        if operator is Operator.QUALITATIVE:
            raise InvalidArgument(function, "dimension", "None：定性指标没有度量单位（去掉 dimension，或改用定量的 operator）", dimension)
    fixed_weight = None if weight is None else positive_decimal(function, "weight", weight)
    if names is not None and not isinstance(names, st.SearchStrategy):
        raise InvalidArgument(function, "names", "生成三级指标名称的策略，如 st.sampled_from([\"培训人数\"])", names)
    return _indicator(operator, dimension, fixed_weight, level1, level2, core, names)


@st.composite
def _indicator(draw, operator, dimension, fixed_weight, level1, level2, core, names) -> Indicator:
    op = operator or draw(st.sampled_from(tuple(Operator)))
    name = draw(names if names is not None else st.sampled_from(_ALL_NAMES))
    drawn_weight = fixed_weight if fixed_weight is not None else draw(st.integers(1, 30).map(Decimal))
    common = dict(name=name, operator=op, weight=drawn_weight, level1=level1, level2=level2,
                  core=core if core is not None else draw(st.booleans()))
    if op is Operator.QUALITATIVE:
        return Indicator(text_value=draw(st.sampled_from(QUALITATIVE_TEXTS)), **common)
    dim = dimension or draw(st.sampled_from(tuple(DIMENSION_UNITS)))
    unit = parse_unit(draw(st.sampled_from(DIMENSION_UNITS[dim])))
    return Indicator(value=draw(values(dim, op)), unit=unit, **common)
