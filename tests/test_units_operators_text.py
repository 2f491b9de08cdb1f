"""Operators, units and number parsing: the vocabulary every reader shares."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from perfeval.operators import Operator, parse_operator
from perfeval.target_text import format_target, parse_target
from perfeval.text import clean_cell, parse_decimal, split_number
from perfeval.units import Dimension, Quantity, parse_unit


@pytest.mark.parametrize("text, op", [
    (">=", Operator.GE), ("≥", Operator.GE), ("＞＝", Operator.GE), ("大于等于", Operator.GE), ("不低于", Operator.GE),
    ("不少于", Operator.GE), ("<=", Operator.LE), ("≤", Operator.LE), ("不超过", Operator.LE), ("不高于", Operator.LE),
    ("=", Operator.EQ), ("﹦", Operator.EQ), ("＝", Operator.EQ), (">", Operator.GT), ("＞", Operator.GT),
    ("大于", Operator.GT), ("<", Operator.LT), ("小于", Operator.LT), ("定性", Operator.QUALITATIVE),
])
def test_operator_spellings(text, op):
    assert parse_operator(text) is op


def test_unknown_operator_lists_the_choices():
    with pytest.raises(ValueError, match="≥ ≤ = > < 或 定性"):
        parse_operator("约等于")


def test_units_convert_exactly():
    assert Quantity(Decimal(20), parse_unit("万人")).in_base() == Quantity(Decimal(200000), parse_unit("人")).in_base()
    assert Quantity(Decimal("7.29"), parse_unit("万元")).to(parse_unit("元")) == 72900
    assert parse_unit("百分比") == parse_unit("%") == parse_unit("％")
    assert parse_unit("%").factor == Fraction(1, 100)
    assert parse_unit("万张").base == "张" and parse_unit("万张").factor == 10000
    assert parse_unit("元/人/月").dimension is Dimension.RATE
    assert parse_unit("小时").factor == Fraction(1, 24)


def test_incompatible_units_refuse_to_convert():
    with pytest.raises(ValueError, match="不能换算"):
        Quantity(Decimal(1), parse_unit("人")).to(parse_unit("万元"))
    assert not parse_unit("台").convertible_to(parse_unit("张"))


def test_unknown_unit():
    with pytest.raises(ValueError, match="未知的度量单位"):
        parse_unit("光年")


@pytest.mark.parametrize("text, value", [
    ("3, 151. 93", Decimal("3151.93")), ("1,320,000", Decimal(1320000)), ("１２３．５", Decimal("123.5")),
    ("972. 20", Decimal("972.20")), ("", None), ("-5", Decimal(-5)),
])
def test_parse_decimal(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["12,34", "abc", "1.2.3", "95%"])
def test_parse_decimal_rejects(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_clean_cell_joins_wrapped_chinese_only():
    assert clean_cell("人力资源和社会保障 管理事务") == "人力资源和社会保障管理事务"
    assert clean_cell("潼南 13 家改制企业") == "潼南 13 家改制企业"
    assert clean_cell("  社会保险经办机 构 ") == "社会保险经办机构"


@pytest.mark.parametrize("text", ["≥ 95 %", "> 500 人", "= 1320000 张", "定性", "定性 优", "≤ 20 万元", "< 0.5 天"])
def test_target_text_round_trip(text):
    t = parse_target(text)
    assert format_target(t.operator, t.value, t.unit, t.text_value) == text


_TARGET_PIECES = st.sampled_from(["≥", "≤", ">", "<", "=", ">=", "大于", "不低于", "定性", " ", "\u3000", "\t", "95", "0",
                                  "00", "1.5", ".", "5.", "12,000", "，", "-", "+", "%", "％", "人", "万元", "元/人/月",
                                  "人次", "个", "优", "达成", "１２", "万", "千米", "/", "9" * 13, "1" * 12 + "." + "2" * 11,
                                  "1" * 12 + "." + "2" * 12])


@given(st.lists(_TARGET_PIECES, min_size=1, max_size=6), st.sampled_from([None, Operator.EQ]))
def test_the_one_match_reading_of_a_target_gives_what_the_general_reading_gives(pieces, default):
    from perfeval.target_text import _OPERATOR_AT_START, _read
    from perfeval.text import nfkc

    text = "".join(pieces)
    plain = nfkc(text).strip()

    def outcome(read):
        try:
            target = read()
        except ValueError as error:
            return str(error)
        return (target.operator, target.value, str(target.value), target.unit, target.text_value)

    assert outcome(lambda: parse_target.__wrapped__(text, default)) == \
        outcome(lambda: _read(text, plain, _OPERATOR_AT_START.match(plain), default))


@settings(max_examples=300, deadline=None)
@given(st.lists(_TARGET_PIECES, min_size=1, max_size=6))
def test_a_targets_parts_are_its_targets_fields(pieces):
    """target_parts (the readers' lean reading, no Target made) gives parse_target's fields, or its error."""
    from perfeval.target_text import target_parts

    text = "".join(pieces)

    def outcome(read):
        try:
            parts = read()
        except ValueError as error:
            return str(error)
        return parts, tuple(str(part) for part in parts)

    assert outcome(lambda: target_parts(text)) == outcome(
        lambda: (lambda t: (t.operator, t.value, t.unit, t.text_value))(parse_target.__wrapped__(text)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,，. \u3000+-人%万元年月５a", max_size=12), st.booleans())
def test_split_numbers_common_case_match_gives_what_the_scan_gives(text, spaces):
    from perfeval.text import _scan_number

    assert split_number(text, spaces=spaces) == _scan_number(text.strip(), spaces)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \u3000\t\n人力资源社会保障管理事务（）()a1,", max_size=12))
def test_a_cell_with_no_space_inside_is_cleaned_as_the_wrap_space_pattern_cleans_it(text):
    from perfeval.text import _wrap_space

    assert clean_cell(text) == (_wrap_space().sub("", text.strip().replace("\u3000", " ")) if text else "")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["人", "万人", "%", "％", "百分比", " 万元 ", "元/人/月", "个月", "km", "张", "万张", "m2",
                        "人数", "元/年", "天", "小时", "分", "立方米", "亩", "吨", "万吨", "户", "人次"]))
def test_a_unit_spelling_met_again_gives_the_same_unit(text):
    from perfeval.units import _SPELLINGS, _parse_unit

    first = parse_unit(text)
    assert first == _parse_unit(text) and _SPELLINGS[text] is first
    assert parse_unit(text) is first


def test_registering_a_unit_forgets_the_spellings_read_before():
    from perfeval import units

    parse_unit("万人")
    assert "万人" in units._SPELLINGS
    units.register_unit("人", Dimension.PEOPLE)  # the same definition again: nothing else changes
    assert units._SPELLINGS == {} and parse_unit("万人").factor == 10000


@pytest.mark.parametrize("digits", [20, 24, 25])
def test_a_number_beyond_the_magnitude_limit_is_refused_however_long(digits):
    # The plain-number shortcut took any 24 characters: 10^23 was read while 10^24 was refused by the limit.
    with pytest.raises(ValueError, match="数量级"):
        parse_decimal("1" + "0" * (digits - 1))
    assert parse_decimal("9" * 19) == Decimal("9" * 19)
