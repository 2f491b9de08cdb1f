"""Every size perfeval accepts, declared once, with the message a user sees past it.

A limit is far above any real budget document and far below what would hang the
machine or exhaust its memory. Each reader checks its input against these values
before the work that would grow with them, and refuses with the file, the place
and the limit (exit 2). docs/limits.md lists them; a test keeps it in step.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Iterable

from ._methods import frozen
from .errors import InputError, Problem


@frozen
class Limit:
    """One bound: what it limits (in the documents' terms), its value and unit, and how to fix."""

    name: str
    value: int
    what: str
    unit: str
    hint: str

    def expected(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.what}不超过 {self.value:,}{unit}（perfeval 的上限 {self.name}）；{self.hint}"

    def problem(self, file: str, found: object, line: int | None = None, cell: str | None = None) -> Problem:
        from .model import Location  # model imports this module (through text)

        return Problem(Location(str(file), line, cell), self.expected(), str(found), code="limit")

    def error(self, file: str, found: object, line: int | None = None, cell: str | None = None) -> InputError:
        return InputError(self.problem(file, found, line, cell))


_MIB = 1 << 20

FILE_BYTES = Limit("file_bytes", 512 * _MIB, "输入文件的大小", "字节",
                   "更大的文件请按单位或项目拆分后分别处理")
RULE_FILE_BYTES = Limit("rule_file_bytes", 1 * _MIB, "规则文件的大小", "字节", "规则文件只写规则，不放数据")
DEPTH = Limit("depth", 64, "YAML/JSON 数据的嵌套层数", "层",
              "perfeval 的文档至多嵌套 6 层，请检查括号是否配对")
LINES = Limit("lines", 5_000_000, "文本或 CSV 的行数", "行", "更大的文件请拆分后分别处理")
CELL_CHARS = Limit("cell_chars", 32_767, "一个单元格（或 CSV 字段）的长度", "个字符",
                   "与 Excel 单元格的上限相同；过长的文字请检查是否漏了分隔符或换行")
NUMBER_DIGITS = Limit("number_digits", 40, "一个数的位数", "位",
                      "金额、权重、分值和年份都远少于这个位数，请检查是否多写或粘贴了数字")
NUMBER_EXPONENT = Limit("number_exponent", 18, "一个数的数量级（10 的幂，正负）", "",
                        "写成普通数字，如 1500 或 0.05；科学计数法的指数不能超出 ±18")
FORMULA_CHARS = Limit("formula_chars", 2_000, "一个公式的长度", "个字符", "把公式拆短，或改用 Min/Max")
FORMULA_DEPTH = Limit("formula_depth", 50, "一个公式的嵌套层数（括号与运算）", "层",
                      "公式应写成若干项之和而不是层层嵌套")
EXTENDS_DEPTH = Limit("extends_depth", 16, "规则集 extends 的层数", "层", "让规则集直接继承内置规则集")
SHEETS = Limit("sheets", 1_000, "一个工作簿中的工作表数", "张", "把工作簿拆分后分别处理")
REPORTED = Limit("reported", 100, "一次报告的同类问题", "条", "先改正已报告的问题再重新运行")

ALL: tuple[Limit, ...] = (FILE_BYTES, RULE_FILE_BYTES, DEPTH, LINES, CELL_CHARS, NUMBER_DIGITS, NUMBER_EXPONENT,
                          FORMULA_CHARS, FORMULA_DEPTH, EXTENDS_DEPTH, SHEETS, REPORTED)

YEAR_RANGE = (1900, 2200)
"""Years perfeval accepts for 年度; a year outside this range is a typo, not a plan."""


def number_problem(value: Decimal) -> str | None:
    """Why a finite number is outside perfeval's range (digits or magnitude), or None.

    Decimal keeps any number exactly, but arithmetic on 1e999999 or a 5,000-digit
    integer overflows contexts, hangs quantize and trips Python's own limits; a
    number this size in a budget table is always a typo.
    """
    if not value.is_finite():
        return "不是有限的数"
    sign, digits, exponent = value.as_tuple()
    if value and len(digits) > NUMBER_DIGITS.value:
        return NUMBER_DIGITS.expected()
    if value and abs(value.adjusted()) > NUMBER_EXPONENT.value:
        return NUMBER_EXPONENT.expected()
    if isinstance(exponent, int) and -exponent > NUMBER_DIGITS.value:  # 0E-999999
        return NUMBER_DIGITS.expected()
    return None


def text_number_problem(text: str) -> str | None:
    """The same judgement on a number's text, before it is converted (so `1e999999999` costs nothing)."""
    digits = sum(1 for c in text if c.isdigit())
    mantissa, _, exp = text.lower().partition("e")
    if exp:
        exp = exp.lstrip("+-")
        if len(exp) > 3:
            return NUMBER_EXPONENT.expected()
    if sum(1 for c in mantissa if c.isdigit()) > NUMBER_DIGITS.value + 20 or digits > 4 * NUMBER_DIGITS.value:
        return NUMBER_DIGITS.expected()
    return None


def checked_decimal(text: str) -> Decimal:
    """Decimal(text) for a number inside perfeval's range; ValueError (with the limit) otherwise."""
    if len(text) > NUMBER_DIGITS.value + 24:
        raise ValueError(NUMBER_DIGITS.expected())
    why = text_number_problem(text)
    if why:
        raise ValueError(why)
    value = Decimal(text)
    why = number_problem(value)
    if why:
        raise ValueError(why)
    return value


def line_of_offset(text: str, offset: int) -> int:
    return text.count("\n", 0, max(offset, 0)) + 1


def over_limit(lengths: Iterable[int], limit: Limit) -> int | None:
    """The index of the first length past `limit`, or None."""
    for i, n in enumerate(lengths):
        if n > limit.value:
            return i
    return None


def quantize(value: Decimal, quantum: Decimal, rounding: str | None = None) -> Decimal:
    """`value.quantize(quantum)` that cannot raise: a value whose rounded form needs more
    digits than the context holds (1e18 to 16 places; a ratio of 1e18 to 1e-18) is
    returned as it is, exactly, instead of ending in decimal.InvalidOperation."""
    try:
        result = value.quantize(quantum, rounding=rounding)
    except InvalidOperation:  # trapped, as in the default context
        return value
    return value if result.is_nan() and not value.is_nan() else result  # a context that does not trap it
