"""Reading what units type into a 自评表: the spellings the issue lists, and what is refused."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perfeval.actuals import Band
from perfeval.operators import Operator
from perfeval.selfeval.values import (Unreadable, amount_half_unit, band_of, half_unit, rate_half_unit, read_actual,
                                      read_amount, read_points, read_rate, read_target)


@pytest.mark.parametrize("text, op, value, unit", [
    ("≥90%", Operator.GE, D(90), "%"),
    ("100百分比", Operator.GE, D(100), "%"),
    ("﹦100%", Operator.EQ, D(100), "%"),
    ("＝１００％", Operator.EQ, D(100), "%"),
    ("９５％以上", Operator.GE, D(95), "%"),
    ("≤72890元", Operator.LE, D(72890), "元"),
    ("3 个以内", Operator.LE, D(3), "个"),
    ("≥ 1,320,000 张", Operator.GE, D(1320000), "张"),
])
def test_targets(text, op, value, unit):
    target = read_target(text)
    assert (target.operator, target.value, target.unit.symbol) == (op, value, unit)


def test_target_with_separate_nature_and_unit_columns():
    target = read_target("95", nature="≥", unit="%")
    assert (target.operator, target.value, target.unit.symbol) == (Operator.GE, D(95), "%")


def test_cost_rows_default_to_a_cap():
    assert read_target("1500元", cost=True).operator is Operator.LE
    assert read_target("1500元").operator is Operator.GE


def test_words_are_a_qualitative_target():
    target = read_target("达成预期目标")
    assert target.operator is Operator.QUALITATIVE and target.text_value == "达成预期目标"


def test_unknown_unit_compares_only_with_itself():
    target = read_target("≥5艘")
    assert target.value == D(5)
    assert target.unit.convertible_to(read_actual("6艘").unit)
    assert not target.unit.convertible_to(read_actual("6个").unit)


def test_operator_without_number_is_unreadable():
    with pytest.raises(Unreadable) as info:
        read_target("≥高")
    assert info.value.found == "≥高"


def test_actuals():
    assert read_actual("≥266米").as_target and read_actual("≥266米").value == D(266)
    word = read_actual("完成")
    assert word.value is None and word.word == "完成" and word.band is Band.ACHIEVED
    assert read_actual("7.29 万元").unit.symbol == "万元"
    assert read_actual("２台").value == D(2)
    assert read_actual("100%完成").value == D(100)
    assert read_actual("12（全年）").value == D(12)
    assert read_actual("不适用").not_applicable
    assert read_actual("").missing


@pytest.mark.parametrize("text, band", [
    ("达成", Band.ACHIEVED), ("达到预期", Band.ACHIEVED), ("有效提升", Band.ACHIEVED),
    ("部分达成", Band.PARTLY), ("基本完成", Band.PARTLY), ("有所提升", Band.PARTLY),
    ("未达成", Band.NOT_ACHIEVED), ("未完成", Band.NOT_ACHIEVED), ("差", Band.NOT_ACHIEVED),
    ("详见附件", None),
])
def test_bands(text, band):
    assert band_of(text) is band


def test_points_amounts_and_rates():
    assert read_points("15分", "得分") == D(15)
    assert read_points("", "得分") is None
    with pytest.raises(Unreadable):
        read_points("十五", "得分")
    assert read_amount("72890 元", "x") == D("7.289")
    assert read_amount("7.29 万元", "x") == D("7.29")
    assert read_amount("0.0073亿元", "x") == D("73.0000")
    assert read_rate("98.4%") == D("0.984")
    assert read_rate("98.4") == D("0.984")
    assert read_rate("0.984") == D("0.984")
    with pytest.raises(Unreadable):
        read_rate("大部分")


def test_rounding_carried_by_printed_numbers():
    assert half_unit("13") == D("0.5")
    assert half_unit("13.47") == D("0.005")
    assert rate_half_unit("98.4%") == D("0.0005")
    assert rate_half_unit("98%") == D("0.005")
    assert amount_half_unit("24.6") == D("0.05")
    assert amount_half_unit("25") == 0  # whole amounts are exact
    assert amount_half_unit("7.29万元") == D("0.005")
