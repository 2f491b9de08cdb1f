"""度量单位: what an indicator's number counts, and how to compare across units.

Every unit has a dimension (money, people, ratio, …), a base unit it converts to
and an exact factor, so `20 万人` and `200000 人` compare equal and `人` against
`万元` is refused instead of compared.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction

import attrs

from ._methods import frozen
from .text import nfkc


class Dimension(enum.Enum):
    MONEY = "金额"
    PEOPLE = "人数"
    RATIO = "比率"
    COUNT = "数量"
    TIME = "时间"
    LENGTH = "长度"
    AREA = "面积"
    MASS = "质量"
    VOLUME = "体积"
    SCORE = "分值"
    RATE = "单价或人均"


@frozen
class Unit:
    """A normalised unit: `symbol` as written in documents, `factor` × `base` exactly."""

    symbol: str
    dimension: Dimension
    base: str
    factor: Fraction = attrs.field(converter=Fraction)

    def convertible_to(self, other: "Unit") -> bool:
        return self.base == other.base

    def __str__(self) -> str:
        return self.symbol


@frozen
class Quantity:
    """A number with its unit; compare through `in_base()`, which is exact."""

    value: Decimal
    unit: Unit

    def in_base(self) -> Fraction:
        return Fraction(self.value) * self.unit.factor

    def to(self, unit: Unit) -> Fraction:
        if not self.unit.convertible_to(unit):
            raise ValueError(f"单位 {self.unit.symbol} 不能换算为 {unit.symbol}")
        return self.in_base() / unit.factor


_UNITS: dict[str, Unit] = {}
_ALIASES: dict[str, str] = {}
# Each text parse_unit accepted, as written -> its Unit: one dict look-up for a spelling met before (units are few,
# their spellings too; an actuals file reads every distinct 实际完成值 and its unit). Emptied by register_unit.
_SPELLINGS: dict[str, Unit] = {}
_SPELLINGS_MAX = 4096

# Counters that take 万/千/亿 prefixes (万张, 万户, 万人次 ...).
_PREFIXES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000}


def register_unit(symbol: str, dimension: Dimension, base: str | None = None, factor: Fraction | int | str = 1) -> Unit:
    """Add a unit to the registry (for local documents that use one we lack)."""
    unit = Unit(symbol, dimension, base or symbol, Fraction(factor))
    _UNITS[symbol] = unit
    _SPELLINGS.clear()  # a spelling may now name another unit
    return unit


def _family(base: str, dimension: Dimension, prefixed: bool = True) -> None:
    register_unit(base, dimension)
    if prefixed:
        for prefix, factor in _PREFIXES.items():
            _UNITS.setdefault(prefix + base, Unit(prefix + base, dimension, base, Fraction(factor)))


_family("元", Dimension.MONEY)
_family("人", Dimension.PEOPLE)
_family("人次", Dimension.PEOPLE)
for _word in "个 台 张 条 项 次 件 所 家 户 套 份 本 册 篇 场 期 辆 座 处 批 块 部 棵 株 头 只 间 栋 门 类 组 支 盏 根 把 人日 元件 卡 单 箱 袋 盒".split():
    if _word not in _UNITS:
        _family(_word, Dimension.COUNT)
register_unit("名", Dimension.PEOPLE, "人")
register_unit("位", Dimension.PEOPLE, "人")
register_unit("%", Dimension.RATIO, "1", Fraction(1, 100))
register_unit("‰", Dimension.RATIO, "1", Fraction(1, 1000))
register_unit("/10万", Dimension.RATIO, "1", Fraction(1, 100_000))  # 孕产妇死亡率 and other rates per 100,000
register_unit("百分点", Dimension.RATIO, "百分点")
register_unit("倍", Dimension.RATIO, "1")
register_unit("天", Dimension.TIME)
register_unit("小时", Dimension.TIME, "天", Fraction(1, 24))
register_unit("分钟", Dimension.TIME, "天", Fraction(1, 1440))
register_unit("周", Dimension.TIME, "天", 7)
register_unit("月", Dimension.TIME)
register_unit("年", Dimension.TIME, "月", 12)
register_unit("工作日", Dimension.TIME)
register_unit("米", Dimension.LENGTH)
register_unit("公里", Dimension.LENGTH, "米", 1000)
register_unit("千米", Dimension.LENGTH, "米", 1000)
register_unit("厘米", Dimension.LENGTH, "米", Fraction(1, 100))
register_unit("平方米", Dimension.AREA)
register_unit("万平方米", Dimension.AREA, "平方米", 10_000)
register_unit("平方公里", Dimension.AREA, "平方米", 1_000_000)
register_unit("公顷", Dimension.AREA, "平方米", 10_000)
register_unit("亩", Dimension.AREA, "平方米", Fraction(2000, 3))
register_unit("万亩", Dimension.AREA, "平方米", Fraction(20_000_000, 3))
register_unit("千克", Dimension.MASS)
register_unit("公斤", Dimension.MASS, "千克")
register_unit("吨", Dimension.MASS, "千克", 1000)
register_unit("克", Dimension.MASS, "千克", Fraction(1, 1000))
register_unit("毫克", Dimension.MASS, "千克", Fraction(1, 1_000_000))
register_unit("微克", Dimension.MASS, "千克", Fraction(1, 1_000_000_000))  # 微克/立方米: PM2.5 and other concentrations
register_unit("万吨", Dimension.MASS, "千克", 10_000_000)
register_unit("立方米", Dimension.VOLUME)
register_unit("万立方米", Dimension.VOLUME, "立方米", 10_000)
register_unit("分", Dimension.SCORE)

_ALIASES.update({
    "百分比": "%", "百分率": "%", "％": "%", "percent": "%", "千分比": "‰",
    "个月": "月", "日": "天", "自然日": "天", "h": "小时", "km": "公里", "m": "米",
    "m2": "平方米", "㎡": "平方米", "m3": "立方米", "kg": "千克", "t": "吨", "g": "克", "mg": "毫克", "μg": "微克",
    "人数": "人", "人/次": "人次", "元/年": "元",
})

KNOWN_UNITS_HINT = "元、万元、人、万人、%、个、台、张、条、项、次、户、家、天、月、年、米、平方米、吨 等"


def parse_unit(text: str) -> Unit:
    """The normalised Unit a cell names; ValueError says which units are known.

    `元/人/月` style rates are accepted when every part is a known unit.
    """
    unit = _SPELLINGS.get(text)
    if unit is not None:
        return unit
    unit = _parse_unit(text)
    if len(_SPELLINGS) < _SPELLINGS_MAX and type(text) is str:
        _SPELLINGS[text] = unit
    return unit


def _parse_unit(text: str) -> Unit:
    key = nfkc(text or "").strip().replace(" ", "")
    key = _ALIASES.get(key, key)
    unit = _UNITS.get(key)
    if unit is not None:
        return unit
    if "/" in key:
        parts = [parse_unit(part) for part in key.split("/") if part]
        if len(parts) >= 2:
            factor = parts[0].factor
            for part in parts[1:]:
                factor /= part.factor
            base = "/".join(p.base for p in parts)
            return Unit(key, Dimension.RATE, base, factor)
    raise ValueError(f"未知的度量单位 {text!r}；应为已知单位，如 {KNOWN_UNITS_HINT}")


def known_units() -> tuple[str, ...]:
    return tuple(_UNITS)
