"""The score sheet: JSON schema (docs/scoring.md, "The JSON sheet"), exact strings, display rounding, summary, rendering."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval.scoring import load_scoring_rules, render, score, sheet_to_json
from perfeval.scoring.sheet import display, exact_text

from ._scoring import act, actuals, funds, ind, table


@pytest.mark.parametrize("value, text", [
    (Decimal("90"), "90"), (Decimal("90.000"), "90"), (Decimal("16.875"), "16.875"), (Decimal("0E-10"), "0"),
    (Decimal("1E+2"), "100"), (Decimal(180) / Decimal(19), "9.47368421052631578947"), (None, None),
])
def test_exact_text(value, text):
    assert exact_text(value) == text


@pytest.mark.parametrize("value, places, rounding, text", [
    (Decimal("16.875"), 2, "ROUND_HALF_UP", "16.88"), (Decimal("16.865"), 2, "ROUND_HALF_EVEN", "16.86"),
    (Decimal("89.995"), 2, "ROUND_HALF_UP", "90.00"), (Decimal("7"), 1, "ROUND_HALF_UP", "7.0"),
])
def test_display_rounding(value, places, rounding, text):
    assert display(value, places, rounding) == text


@pytest.fixture
def sheet():
    tables = [table(ind("人数", "≥", 200000, "人", 60), ind("定性", "定性", None, None, 30, level2="社会效益指标")),
              table(ind("成本", "≤", 20, "万元", 90), code="P2", label="附件 12-2")]
    given = actuals(act("人数", "15", "万人"), act("定性", band="部分达成", share="0.7"),
                    act("成本", 25, code="P2"), money=funds(100, 80))
    given = type(given)(given.actuals, [funds(100, 80), funds(50, 50, code="P2")])
    return score(tables, given, load_scoring_rules("national"))


def test_json_schema_and_values(sheet):
    data = sheet_to_json(sheet)
    assert set(data) == {"rule_set", "projects", "summary", "display"}
    assert data["rule_set"]["name"] == "national" and data["display"] == {"places": 2, "rounding": "ROUND_HALF_UP"}
    p1, p2 = data["projects"]
    assert set(p1) == {"project_code", "project_name", "table", "indicators", "execution", "total", "grade", "complete"}
    people, quality = p1["indicators"]
    assert people == {"level1": "产出指标", "level2": "数量指标", "name": "人数", "operator": "≥", "target": "≥200000人",
                      "actual": "15万人", "weight": "60", "score": "45", "status": "unmet", "flags": ["unmet"], "reason": ""}
    # 60 × 150000 / 200000 = 45; 30 × 0.7 = 21; 10 × 80/100 = 8 → 74
    assert (quality["score"], quality["actual"], quality["target"]) == ("21", "部分达成（70%）", "定性")
    assert p1["execution"] == {"budget": "100", "adjusted_budget": None, "spent": "80", "rate": "0.8", "weight": "10",
                               "score": "8", "flag": True}
    assert (p1["total"], p1["grade"], p1["complete"]) == ("74", "中", True)
    # 90 × 20/25 = 72, execution full → 82
    assert (p2["total"], p2["grade"]) == ("82", "良")
    assert data["summary"] == {"projects": 2, "by_grade": {"优": 0, "良": 1, "中": 1, "差": 0}, "mean": "78",
                               "lowest": [{"project_code": "P1", "project_name": "测试项目", "total": "74", "grade": "中"},
                                          {"project_code": "P2", "project_name": "测试项目", "total": "82", "grade": "良"}]}


def test_render_table_and_markdown(sheet):
    text = render(sheet, "table")
    assert "预算执行率" in text and "80.00%" in text and "74.00" in text and "须说明偏差原因" in text
    assert "平均分 78.00" in text
    markdown = render(sheet, "markdown")
    assert "| 一级指标" in markdown and "## 汇总" in markdown


def test_incomplete_project_has_no_total():
    sheet = score([table(ind("a", "≥", 1, "个", 90))], actuals(), load_scoring_rules("national"))
    project = sheet_to_json(sheet)["projects"][0]
    assert (project["total"], project["grade"], project["complete"]) == (None, None, False)
    assert project["indicators"][0]["status"] == "missing" and project["indicators"][0]["score"] is None
    assert sheet_to_json(sheet)["summary"]["mean"] is None
