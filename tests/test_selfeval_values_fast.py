"""values.py's shortcut for a plain ASCII number (`524`, `419.2`, `80.00%`) gives what the general reading gives.

Every reader is compared with `_PLAIN_FAST` on and off, uncached (`__wrapped__`), on generated cell texts:
plain numbers beside full-width digits, thousands separators, signs, exponents, spaces, units, 万元, %, 分,
dashes and empty cells. Equal means the same Decimal to the exponent (`repr`), or the same refusal.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given, settings, strategies as st

from perfeval.selfeval import values
from perfeval.selfeval.values import Unreadable

_PIECES = ["0", "1", "5", "9", "10", "100", "524", "0.5", "8.0", "80.00", "419.2", "0.0073", "1" * 23, "9" * 24,
           "１", "０", "٣", ".", "．", ",", "，", "+", "-", "e", "E", "e3", " ", "\u3000", "%", "％", "%%", "万元", "元",
           "亿元", "分", "百分比", "—", "/", "以上", "\n", "≥", "NaN", "Infinity"]

_TEXTS = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=5).map("".join),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.tuples(st.integers(0, 10 ** 26), st.integers(0, 12), st.sampled_from(["", "%", "元", "万元", " "])).map(
        lambda t: f"{str(t[0])[:-t[1]] or '0'}.{str(t[0])[-t[1]:]}{t[2]}" if t[1] else f"{t[0]}{t[2]}"),
)


def _read(reader, *args):
    try:
        value = reader.__wrapped__(*args)
    except Unreadable as exc:
        return ("unreadable", exc.expected, exc.found)
    except ValueError as exc:
        return ("error", str(exc))
    return repr(value)


def _both(reader, *args):
    fast = _read(reader, *args)
    values._PLAIN_FAST = False
    try:
        general = _read(reader, *args)
    finally:
        values._PLAIN_FAST = True
    return fast, general


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
@example("524")
@example("419.2")
@example("80.00%")
@example("8.0")
@example("100.00%")
@example("0.5")
@example("0.80")
@example("1" * 24 + ".5")
@example("1" * 25)
@example("10000000000000000000000.0")  # (beyond the magnitude limit: refused by both, found by hypothesis)
@example("1" * 24)
@example("0." + "0" * 20 + "1")
@example("١٢")
@example("-5")
def test_plain_numbers_read_as_in_general(text):
    for reader, args in ((values.read_points, (text, "得分")), (values.read_amount, (text, "全年执行数")),
                         (values.read_rate, (text, "执行率")), (values.half_unit, (text,)),
                         (values.amount_half_unit, (text,))):
        fast, general = _both(reader, *args)
        assert fast == general, (reader.__name__, text)


def test_the_shortcut_is_taken():
    """The examples above do go through the shortcut (a patched general path would not be seen otherwise)."""
    values.plain.cache_clear()
    assert values.read_amount.__wrapped__("419.2", "全年执行数") == Decimal("419.2")
    assert values.read_rate.__wrapped__("80.00%", "执行率") == Decimal("0.8")
    assert values.half_unit.__wrapped__("98.45") == Decimal("0.005")
    assert values.plain.cache_info().currsize == 0


@pytest.mark.parametrize("text, expected", [("524", "Decimal('0')"), ("419.2", "Decimal('0.05')"),
                                            ("0.0073", "Decimal('0.00005')")])
def test_amount_rounding(text, expected):
    assert repr(values.amount_half_unit(text)) == expected


_TARGET_PIECES = ["≥", "≤", "=", ">", "<", "﹦", "＞", "≧", "0", "5", "90", "100", "1025", "1.5", "0.18", "1" * 13,
                  "．", ".", ",", "９０", "%", "％", "人次", "元", "万元", "天", "/人", "/", "以上", "以下", "以内", "之内",
                  "及以上", "百分比", "百分率", "完成", "达成", "（含）", "(年)", " ", "\u3000", "\t", "km", "e3", "-", "+",
                  "不适用", "无", "〇", "２"]
_TARGET_TEXTS = st.lists(st.sampled_from(_TARGET_PIECES), max_size=5).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_TARGET_TEXTS, st.sampled_from(["", " ", "≥", "≤", "定性", "x"]), st.sampled_from(["", " ", "人", "%", "万元"]),
       st.booleans())
@example("≥1025人次", "", "", False)
@example("≤1808元", "", "", True)
@example("≥90%", "", "", False)
@example("60%以上", "", "", False)
@example("5/人", "", "", False)
@example("≥1" + "0" * 12, "", "", False)
@example("3135人次", "", "", False)  # (no operator: the default's, as `_read` reads it)
@example("500", "", "", True)
@example("≥5艘", "", "", False)  # (a unit parse_unit does not know: the general steps' opaque unit)
@example("5艘", "", "", False)
@example("≤5元/人", "", "", True)
@example("=100%", "", "", False)
@example("<3天", "≥", "", False)
@example("12月", "", "", False)
def test_plain_targets_and_actuals_read_as_in_general(text, nature, unit, cost):
    fast, general = _both(values.read_target, text, nature, unit, cost)
    assert fast == general, text
    fast, general = _both(values.read_actual, text, unit)
    assert fast == general, text
    fast, general = _both(values.half_unit, text)
    assert fast == general, text


def test_plain_targets_and_actuals_take_the_shortcut(monkeypatch):
    values.plain.cache_clear()
    assert values.read_target.__wrapped__("≥1025人次").value == Decimal(1025)
    # a plain target with a unit parse_unit knows is read from its match alone, never by parse_target
    monkeypatch.setattr(values, "_parse_target", None)
    assert [repr(values.read_target.__wrapped__(text, "", "", cost)) for text, cost in
            (("≥1025人次", False), ("3135人次", False), ("≤1808元", True), ("90", True), ("=100%", False))] == \
        [repr(values.Target(op, Decimal(n), values.unit_of(u) if u else None)) for op, n, u in
         ((values.Operator.GE, "1025", "人次"), (values.Operator.GE, "3135", "人次"), (values.Operator.LE, "1808", "元"),
          (values.Operator.LE, "90", ""), (values.Operator.EQ, "100", "%"))]
    monkeypatch.undo()
    assert values.read_actual.__wrapped__("0.18万元").unit.symbol == "万元"
    assert values.plain.cache_info().currsize == 0
