"""Reading the values units type into a 自评表: points, money, rates, targets and actuals.

Sheets write the same thing many ways: `≥90%`, `90%以上`, `100百分比`, `﹦100%`,
full-width digits, `72890 元` in a 万元 column. Each reader here returns the value or
raises `Unreadable` with what was expected, so the audit can report the cell and go on.
`half_unit` gives the rounding a printed number carries (half its last printed place),
which is how every tolerance of the audit is built (docs/audit.md).
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from .._methods import frozen
from ..actuals import Band
from ..model import slot_builder
from ..operators import Operator, parse_operator
from ..target_text import Target, parse_target
from ..text import nfkc, parse_decimal
from ..units import Dimension, Unit, parse_unit


class Unreadable(ValueError):
    """A cell that does not hold what its column needs; `expected` says what would."""

    def __init__(self, expected: str, found: str):
        super().__init__(expected)
        self.expected = expected
        self.found = found


_NUMBER = re.compile(r"^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)")
_SPACES = re.compile(r"\s+")
_NOTE = re.compile(r"[（(][^（()）]*[)）]$")
_SUFFIX_OPERATORS = (("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"))
_WORD_ALIASES = (("百分比", "%"), ("百分率", "%"), ("％", "%"))
#: a cell that is only ASCII digits with at most one dot inside (`524`, `419.2`, `8.0`), at most 19 digits before
#: the point and 18 after (within `limits.number_problem`'s range: magnitude ±18): every reader below gives
#: `Decimal(text)` for it (`plain` leaves it as it is and `parse_decimal` reads it so), so a first read of it (most
#: amounts of a province differ) skips the rest. `_PLAIN_FAST` off reads every text the general way
#: (tests/test_selfeval_values_fast.py compares the two)
_ASCII_NUMBER = re.compile(r"[0-9]{1,19}(?:\.[0-9]{1,18})?\Z")
_PLAIN_FAST = True


@lru_cache(maxsize=65536)
def plain(text: str | None) -> str:
    """NFKC, no spaces, `百分比` as `%`, `﹦` as `=`: the form every reader below starts from."""
    text = _SPACES.sub("", nfkc(text or ""))
    for word, symbol in _WORD_ALIASES:
        text = text.replace(word, symbol)
    return text


_HALF = Decimal("0.5")
_EXACT = Decimal(0)


@lru_cache(maxsize=65536)
def half_unit(text: str) -> Decimal:
    """Half the last printed place of the number in `text`: `13` → 0.5, `98.45` → 0.005."""
    if _PLAIN_FAST and len(text) <= 24 and _ASCII_NUMBER.match(text) is not None:
        dot = text.find(".")
        return _HALF if dot < 0 else Decimal(5).scaleb(dot - len(text))
    if _PLAIN_FAST:  # digits then a unit (`0.18万元`, `96%`): the number is the match's (nothing `plain` changes in it)
        match = _PLAIN_ACTUAL.match(text)
        if match is not None:
            number = match[1]
            dot = number.find(".")
            return _HALF if dot < 0 else Decimal(5).scaleb(dot - len(number))
    match = _NUMBER.match(plain(text).lstrip("≥≤=<>"))
    if not match or "." not in match.group(0):
        return Decimal("0.5")
    places = len(match.group(0).split(".", 1)[1])
    return Decimal(5).scaleb(-places - 1)


@lru_cache(maxsize=65536)
def read_points(text: str, what: str) -> Decimal | None:
    """分值 or 得分: a number, optionally followed by 分; None for an empty cell."""
    if _PLAIN_FAST and len(text) <= 24 and _ASCII_NUMBER.match(text) is not None:
        return Decimal(text)
    value = plain(text)
    if not value or value in ("-", "—", "/"):
        return None
    if value.endswith("分"):
        value = value[:-1]
    try:
        return parse_decimal(value)
    except ValueError:
        raise Unreadable(f"{what}应为数字（如 15 或 13.5）", text) from None


_MONEY_UNITS = {"元": Decimal(1) / Decimal(10_000), "万元": Decimal(1), "亿元": Decimal(10_000)}


@lru_cache(maxsize=65536)
def read_amount(text: str, what: str) -> Decimal | None:
    """A 万元 amount; `72890 元` and `0.0073 亿元` are converted exactly; None for an empty cell."""
    if _PLAIN_FAST and len(text) <= 24 and _ASCII_NUMBER.match(text) is not None:
        return Decimal(text)  # (the general path's `number * Decimal(1)` is exact at 24 digits)
    value = plain(text)
    if not value or value in ("-", "—", "/"):
        return None
    factor = Decimal(1)
    for symbol in ("万元", "亿元", "元"):
        if value.endswith(symbol):
            value, factor = value[: -len(symbol)], _MONEY_UNITS[symbol]
            break
    try:
        number = parse_decimal(value)
    except ValueError:
        raise Unreadable(f"{what}应为金额（万元，如 25 或 72890元）", text) from None
    return None if number is None else number * factor


@lru_cache(maxsize=65536)
def read_rate(text: str, what: str = "执行率") -> Decimal | None:
    """A rate as a fraction: `98.4%` → 0.984. A bare number above 1 is a percentage (`98.4`), else a fraction."""
    if _PLAIN_FAST and len(text) <= 25:
        percent = text[-1:] == "%"
        digits = text[:-1] if percent else text
        if _ASCII_NUMBER.match(digits) is not None:
            number = Decimal(digits)
            return number / 100 if percent or number > 1 else number
    value = plain(text)
    if not value or value in ("-", "—", "/"):
        return None
    percent = value.endswith("%")
    try:
        number = parse_decimal(value.rstrip("%"))
    except ValueError:
        raise Unreadable(f"{what}应为百分数（如 98.4%）", text) from None
    if number is None:
        raise Unreadable(f"{what}应为百分数（如 98.4%）", text)
    return number / 100 if percent or number > 1 else number


@lru_cache(maxsize=65536)
def rate_half_unit(text: str) -> Decimal:
    """The rounding of a printed rate, as a fraction: `98.4%` → 0.0005."""
    value = plain(text)
    half = half_unit(value.rstrip("%"))
    number = _NUMBER.match(value)
    percent = value.endswith("%") or (number is not None and Decimal(number.group(0).replace(",", "")) > 1)
    return half / 100 if percent else half


@lru_cache(maxsize=4096)
def unit_of(symbol: str) -> Unit:
    """The registered unit, or an opaque unit that only converts to itself (`艘` stays `艘`)."""
    try:
        return parse_unit(symbol)
    except ValueError:
        return Unit(symbol, Dimension.COUNT, "?" + symbol, Fraction(1))


def _suffix_operator(text: str) -> str:
    for word, symbol in _SUFFIX_OPERATORS:
        if text.endswith(word) and len(text) > len(word) and _NUMBER.search(text):
            return symbol + text[: -len(word)]
    return text


def _starts_with_number(text: str) -> bool:
    return bool(_NUMBER.match(text.lstrip("≥≤=<>")))


@lru_cache(maxsize=16384)
def read_target(text: str, nature: str = "", unit: str = "", cost: bool = False) -> Target:
    """年度指标值 with the row's 指标性质 and 度量单位 columns, where the sheet has them.

    Without an operator in either place a number is read as `≥` (as `≤` for a cost
    row); text that is not a number is a 定性 target with that wording.
    """
    if _PLAIN_FAST and not nature and not unit:
        # What `parse_target` reads of a plain target (`_PLAIN_TARGET`: an operator or none, plain digits, CJK
        # characters, `%` or `/`; nothing NFKC or a strip changes; and, as for an actual, no suffix operator or 百分), or
        # `_with_opaque_unit` after it where parse_unit does not know the unit, taken from the match: the operator,
        # else the default (as `_read` takes it), the digits as Decimal (as `parse_decimal` reads plain digits),
        # the unit as `unit_of` gives it (parse_unit's, else opaque)
        match = _PLAIN_TARGET_MATCH(text)
        if match is not None and text[-1] not in _SUFFIX_ENDS and "百分" not in text:
            op_text, number, unit_text = match.groups()
            return _target_row(_OPERATOR_OF[op_text] if op_text else _LE if cost else _GE, Decimal(number),
                               unit_of(unit_text) if unit_text else None, None)
    default = _LE if cost else _GE
    if nature.strip():
        try:
            default = parse_operator(nature)
        except ValueError:
            raise Unreadable("指标性质应为 ≥ ≤ = > < 或 定性", nature) from None
    value = _plain_value(text, default, unit)
    if isinstance(value, Target):
        return value
    try:
        target = _parse_target(value, default)
    except ValueError:
        target = _with_opaque_unit(value, default, text)
    if target.operator is not _QUALITATIVE and target.value is None:
        raise Unreadable("年度指标值应为数字加单位（如 ≥95%）", text)
    return target


#: `parse_target` without its cache: `read_target`'s own holds each distinct cell (a second key per first read of a
#: target, its operator hashed in Python, cost more than the rare text two cells share saves)
_parse_target = parse_target.__wrapped__
_QUALITATIVE, _LE, _GE = Operator.QUALITATIVE, Operator.LE, Operator.GE


_OPERATOR_OF = {symbol: parse_operator(symbol) for symbol in "≥≤=<>"}
#: Target(...) with every field positional (`model.slot_builder`): a plain target, once per distinct cell
_target_row = slot_builder(Target)


def _plain_value(text: str, default: Operator, unit: str) -> str | Target:
    """`read_target`'s text as `parse_target` reads it: plain, a suffix operator moved to the front, a note
    dropped, the unit column appended to a bare number; or the 定性 Target it is."""
    value = _suffix_operator(plain(text))
    if not value:
        if default is Operator.QUALITATIVE:
            return Target(Operator.QUALITATIVE)
        raise Unreadable("年度指标值应为数字加单位（如 ≥95%）", text)
    if default is Operator.QUALITATIVE or not _starts_with_number(value):
        if not _starts_with_number(value) and value[:1] in "≥≤=<>" and len(value) > 1:
            raise Unreadable("年度指标值应为数字加单位（如 ≥95%）或定性的描述", text)
        if not _starts_with_number(value):
            return Target(Operator.QUALITATIVE, text_value=text.strip())
    match = _NOTE.search(value)
    if match:
        value = value[: match.start()]
    if unit.strip() and not re.search(r"[^\d.,≥≤=<>+-]", value):
        value += plain(unit)
    return value


#: a target or an actual the general steps would leave as it is: an operator (targets), ASCII digits with at
#: most one dot, then CJK characters, `%` or `/` (no space, nothing NFKC changes, no bracket), and
#: (tested beside the match) no suffix operator (`以上`) at its end and no 百分比/百分率
_PLAIN_TARGET = re.compile(r"([≥≤=<>]?)([0-9]{1,12}(?:\.[0-9]{1,11})?)([\u4e00-\u9fff%/]*)\Z")
_PLAIN_ACTUAL = re.compile(r"([0-9]{1,12}(?:\.[0-9]{1,11})?)([\u4e00-\u9fff%/]*)\Z")
_PLAIN_TARGET_MATCH, _PLAIN_ACTUAL_MATCH = _PLAIN_TARGET.match, _PLAIN_ACTUAL.match
_SUFFIX_WORDS = tuple(word for word, _ in _SUFFIX_OPERATORS)
#: the last characters of the suffix operators (上, 下, 内): a plain text (matched, so not empty) ending otherwise ends
#: in none of them; one ending so (`以上`, but also `室内`) is read the general way (one test of a character where
#: `str.endswith` of six words took twice as long)
_SUFFIX_ENDS = "".join(sorted({word[-1] for word in _SUFFIX_WORDS}))


def _with_opaque_unit(value: str, default: Operator, text: str) -> Target:
    op = default
    for symbol in "≥≤=<>":
        if value.startswith(symbol):
            op, value = parse_operator(symbol), value[1:]
            break
    match = _NUMBER.match(value)
    if not match:
        raise Unreadable("年度指标值应为数字加单位（如 ≥95%）", text)
    try:
        number = parse_decimal(match.group(0))
    except ValueError as exc:  # past perfeval's number limits (docs/limits.md)
        raise Unreadable(f"年度指标值：{exc}", text) from None
    rest = value[match.end():]
    return Target(op, number, unit_of(rest) if rest else None)


@frozen
class ActualValue:
    """What a 实际完成值 cell says: a number (and unit), a band word, not applicable, or nothing usable.

    `as_target` marks a result written like a target (`≥266米`); `word` keeps a word
    written where a number was needed (`完成`).
    """

    value: Decimal | None = None
    unit: Unit | None = None
    band: Band | None = None
    not_applicable: bool = False
    as_target: bool = False
    word: str = ""
    text: str = ""

    @property
    def missing(self) -> bool:
        return self.value is None and self.band is None and not self.not_applicable and not self.word


_NOT_APPLICABLE = {"不适用", "无", "/", "—", "-", "n/a", "N/A"}
_NEGATIVE = ("未达成", "未完成", "未实现", "未达到", "没有", "不达标", "未", "差")
_PARTLY = ("部分达成", "基本达成", "部分完成", "基本完成", "部分实现", "基本实现", "基本达到", "较好", "一般",
           "有所", "良", "中")
_ACHIEVED = ("达成", "完成", "实现", "达到", "达标", "好", "优", "是", "显著", "明显", "有效", "提升", "提高",
             "保障", "满意", "按时", "规范", "合格", "稳定", "及时")


def band_of(text: str) -> Band | None:
    """The band a qualitative result's wording claims: 达成, 部分达成 or 未达成 (docs/audit.md lists the words)."""
    value = plain(text)
    if not value:
        return None
    if any(word in value for word in _NEGATIVE[:-2]) or value in ("差", "未"):
        return Band.NOT_ACHIEVED
    if any(word in value for word in _PARTLY[:-2]) or value in ("良", "中"):
        return Band.PARTLY
    if value in (b.value for b in Band):
        return Band(value)
    if any(word in value for word in _ACHIEVED):
        return Band.ACHIEVED
    return None


@lru_cache(maxsize=16384)
def read_actual(text: str, unit: str = "") -> ActualValue:
    """实际完成值 as printed, with the row's 度量单位 column if any; never raises."""
    if _PLAIN_FAST:
        match = _PLAIN_ACTUAL_MATCH(text)
        if match is not None and text[-1] not in _SUFFIX_ENDS and "百分" not in text:  # (what the steps below find)
            rest = match[2]
            if rest and rest[-2:] != "完成":  # (`_number_actual` of a unit in the text: the column's not asked)
                return _actual_value(Decimal(match[1]), unit_of(rest), None, False, False, "", text)
            return _number_actual(Decimal(match[1]), rest, unit, False, text)
    raw = text.strip()
    value = plain(raw)
    if not value:
        return ActualValue(text=raw)
    if value in _NOT_APPLICABLE:
        return ActualValue(not_applicable=True, text=raw)
    as_target = False
    shaped = _suffix_operator(value)
    if shaped[:1] in "≥≤=<>" and _starts_with_number(shaped):
        as_target, value = True, shaped.lstrip("≥≤=<>")
    note = _NOTE.search(value)
    if note and _starts_with_number(value):
        value = value[: note.start()]
    match = _NUMBER.match(value)
    if match:
        rest = value[match.end():]
        try:
            number = parse_decimal(match.group(0))
        except ValueError:
            number = None
        if number is not None and (not rest or _DIGIT.search(rest) is None):
            return _number_actual(number, rest, unit, as_target, raw)
    return ActualValue(band=band_of(raw), word=raw, text=raw)


_DIGIT = re.compile(r"\d")


def _number_actual(number: Decimal, rest: str, unit: str, as_target: bool, raw: str) -> ActualValue:
    symbol = rest or plain(unit)
    if symbol.endswith("完成"):
        symbol = symbol[: -len("完成")]
    return _actual_value(number, unit_of(symbol) if symbol else None, None, False, as_target, "", raw)


#: ActualValue(...) with every field positional (`model.slot_builder`): a number read from a cell, once per
#: distinct cell
_actual_value = slot_builder(ActualValue)


@lru_cache(maxsize=65536)
def amount_half_unit(text: str) -> Decimal:
    """The rounding of a printed amount, in 万元: `24.6` → 0.05; whole numbers (`25`, `72890 元`) are taken as exact."""
    if _PLAIN_FAST and len(text) <= 24 and _ASCII_NUMBER.match(text) is not None:
        dot = text.find(".")
        return _EXACT if dot < 0 else Decimal(5).scaleb(dot - len(text))
    value = plain(text)
    factor = Decimal(1)
    for symbol in ("万元", "亿元", "元"):
        if value.endswith(symbol):
            value, factor = value[: -len(symbol)], _MONEY_UNITS[symbol]
            break
    if "." not in value:
        return Decimal(0)
    return half_unit(value) * factor
