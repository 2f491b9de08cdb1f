"""Deadlines and schedules in `perfeval score`: 时效 targets written as dates are compared as dates,
and a result written exactly as its target is met, never "not a number"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval.errors import InputError
from perfeval.native import document_from_data
from perfeval.readers.actuals import read_actuals_csv
from perfeval.scoring import load_scoring_rules, score

RULES = load_scoring_rules("national").with_points(execution=Decimal(0))


def _table(*rows):
    data = {"格式": "perfeval 文档 1", "单位名称": "x", "项目绩效目标表": [{
        "表号": "T1", "项目编码": "P1", "项目名称": "p", "资金总额": 10, "项目起始时间": "2026年1月",
        "绩效指标": [{"一级指标": "产出指标", "二级指标": "时效指标", "三级指标": name, "指标": target, "权重": 30}
                 for name, target in rows]}]}
    return document_from_data(data, "t.yaml").target_tables


def _scores(tables, rows):
    text = "项目编码,三级指标,实际完成值\n" + "".join(f"P1,{name},{actual}\n" for name, actual in rows)
    return [row.score for row in score(tables, read_actuals_csv(text), RULES).projects[0].indicators]


@pytest.mark.parametrize("actual,expected", [("2026年11月", 30), ("2026年12月31日", 30), ("2027年2月", 0),
                                             ("按时完成", 30), ("延期完成", 0)])
def test_a_date_deadline_is_compared_as_a_date(actual, expected):
    tables = _table(("建成时间", "2026年12月前"), ("报送", "按季度"), ("发放", "每月10日前"))
    assert _scores(tables, [("建成时间", actual), ("报送", "按季度"), ("发放", "每月10日前")]) == \
        [Decimal(expected), Decimal(30), Decimal(30)]


def test_a_month_without_a_year_takes_the_tables_year():
    tables = _table(("建成时间", "12月底前"), ("报送", "按季度"), ("发放", "每月10日前"))
    assert _scores(tables, [("建成时间", "2026年10月"), ("报送", "按季度"), ("发放", "每月10日前")])[0] == 30


def test_a_date_for_a_numeric_target_is_still_refused_with_the_fix():
    tables = _table(("办结时限", "≤ 30 天"), ("报送", "按季度"), ("发放", "每月10日前"))
    with pytest.raises(InputError) as caught:
        _scores(tables, [("办结时限", "2026年11月"), ("报送", "按季度"), ("发放", "每月10日前")])
    assert "办结时限" in str(caught.value)
