"""Pairing actuals with indicators: repeated names, unknown rows, duplicates, units, kinds."""

from __future__ import annotations

from perfeval.actuals import Actuals
from perfeval.scoring.match import match_actuals

from ._scoring import act, funds, ind, table

REPEATED = table(ind("保障社会稳定", "定性", None, None, 20, level2="质量指标", line=5),
                 ind("保障社会稳定", "=", 100, "%", 20, level2="社会效益指标", line=7),
                 ind("人数", "≥", 200000, "人", 50, line=8), label="附件 12-2")


def problems(*items, tables=(REPEATED,), money=()):
    matched = match_actuals(tables, Actuals(items, money))
    return [(p.line, p.expected) for p in matched.problems], matched


def test_second_level_name_disambiguates_a_repeated_name():
    found, matched = problems(act("保障社会稳定", band="达成", level2="质量指标", line=1),
                              act("保障社会稳定", 100, "%", level2="社会效益指标", line=2))
    assert found == []
    first, second, third = matched.actuals["P1"]
    assert first.band is not None and second.value == 100 and third is None


def test_repeated_name_without_second_level_is_ambiguous_not_guessed():
    [(line, expected)], matched = problems(act("保障社会稳定", 100, "%", line=3))
    assert line == 3 and "出现 2 次" in expected and "质量指标" in expected and "社会效益指标" in expected
    assert matched.actuals["P1"] == [None, None, None]


def test_wrong_second_level_is_reported():
    [(line, expected)], _ = problems(act("保障社会稳定", 100, "%", level2="时效指标", line=4))
    assert "不在所给的二级指标下" in expected


def test_unknown_indicator_suggests_the_closest_name():
    [(line, expected)], _ = problems(act("人数量", 3, line=9))
    assert line == 9 and "没有这个三级指标" in expected and "是否想写：人数？" in expected


def test_names_are_compared_trimmed_as_the_readers_trim_them():
    found, matched = problems(act("人数 ", 3, "人", line=9))
    assert found == [] and matched.actuals["P1"][2].value == 3


def test_unknown_project():
    [(line, expected)], _ = problems(act("人数", 3, code="P9", line=2))
    assert "没有这个项目编码" in expected


def test_project_code_with_name_is_accepted():
    found, matched = problems(act("人数", 3, code="P1-测试项目"))
    assert found == [] and matched.actuals["P1"][2].value == 3


def test_duplicate_row_names_both_places():
    [(line, expected)], _ = problems(act("人数", 3, line=2), act("人数", 4, line=6))
    assert line == 6 and "重复" in expected and "actuals.yaml:2" in expected


def test_duplicate_funds():
    found, _ = problems(money=(funds(), funds()))
    assert len(found) == 1 and "重复" in found[0][1]


def test_unit_that_cannot_convert():
    [(line, expected)], _ = problems(act("人数", 3, "万元", line=3))
    assert "无法换算" in expected and "人" in expected


def test_band_for_a_quantitative_and_number_for_a_qualitative_indicator():
    found, _ = problems(act("人数", band="达成", line=1), act("保障社会稳定", 3, level2="质量指标", line=2))
    assert [line for line, _ in found] == [1, 2]
    assert "定量指标" in found[0][1] and "定性指标" in found[1][1]


def test_two_tables_with_one_project_code_are_refused():
    found, _ = problems(tables=(REPEATED, table(ind("x", "≥", 1, "个", 90), label="附件 12-9")))
    assert len(found) == 1 and "重复" in found[0][1] and "附件 12-9" in found[0][1]
