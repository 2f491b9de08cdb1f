"""The 指标性质 of an indicator: a comparison, or 定性 for a qualitative target."""

from __future__ import annotations

import enum

from .text import nfkc


class Operator(enum.Enum):
    """How the actual result is compared with the 指标值."""

    GE = "≥"
    LE = "≤"
    EQ = "="
    GT = ">"
    LT = "<"
    QUALITATIVE = "定性"

    # (each member compared by identity with the module's names for them, `_GE` …: an `Operator.GE` looked up on the
    # enum class costs as much as the rest of the test)
    @property
    def quantitative(self) -> bool:
        return self is not _QUALITATIVE

    @property
    def lower_bound(self) -> bool:
        """True for ≥ and >: more is better."""
        return self is _GE or self is _GT

    @property
    def upper_bound(self) -> bool:
        """True for ≤ and <: less is better (a cap)."""
        return self is _LE or self is _LT

    def holds(self, actual, target) -> bool:
        """Whether `actual` meets `target` under this operator (numbers in one unit)."""
        if self is _GE:
            return actual >= target
        if self is _LE:
            return actual <= target
        if self is _GT:
            return actual > target
        if self is _LT:
            return actual < target
        if self is _EQ:
            return actual == target
        raise ValueError("定性 indicators have no numeric comparison")

    def __str__(self) -> str:
        return self.value


_GE, _LE, _EQ, _GT, _LT, _QUALITATIVE = Operator.GE, Operator.LE, Operator.EQ, Operator.GT, Operator.LT, Operator.QUALITATIVE
_SPELLINGS: dict[str, Operator] = {}


def _spell(op: Operator, *names: str) -> None:
    for name in names:
        _SPELLINGS[name] = op


_spell(Operator.GE, "≥", ">=", "=>", "≧", "⩾", "大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少", "以上", "正向")
_spell(Operator.LE, "≤", "<=", "=<", "≦", "⩽", "小于等于", "小于或等于", "不高于", "不多于", "不大于", "不超过", "至多", "以下", "反向")
_spell(Operator.EQ, "=", "==", "等于", "﹦", "＝", "持平")
_spell(Operator.GT, ">", "大于", "高于", "多于", "超过")
_spell(Operator.LT, "<", "小于", "低于", "少于")
_spell(Operator.QUALITATIVE, "定性", "定性指标", "qualitative")

SPELLINGS: tuple[str, ...] = tuple(_SPELLINGS)


def parse_operator(text: str) -> Operator:
    """An Operator from any spelling users type; ValueError names what is accepted."""
    key = nfkc(text or "").strip().replace(" ", "")
    op = _SPELLINGS.get(key) or _SPELLINGS.get(text.strip() if text else "")
    if op is None:
        raise ValueError(
            f"未知的指标性质 {text!r}；应为 ≥ ≤ = > < 或 定性（也接受 >=、大于等于、不低于、不少于 等写法）"
        )
    return op
