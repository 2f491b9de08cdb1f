"""The 部门整体绩效目标表 (附件 11) is scored and audited under the rule set's [department] section."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from perfeval.actuals import Actual, Actuals, Band
from perfeval.api import score_files
from perfeval.readers import read_document
from perfeval.scoring import DEPARTMENT_CODE, load_scoring_rules, score_department

from ._selfeval import CLEAN_ROWS, audit, codes, sheet
from .conftest import ROOT

D = Decimal
SEED_YAML = ROOT / "examples" / "tongnan-shebao-2026.yaml"
ACTUALS = ROOT / "examples" / "tongnan-shebao-2026.actuals.yaml"


@pytest.mark.parametrize("name", ["national", "province-20", "strict"])
def test_every_shipped_rule_set_says_how_the_department_table_is_scored(name):
    rules = load_scoring_rules(name).for_department()
    assert (rules.indicator_points, rules.execution_points) == (D(100), D(0))


def _department_actuals(code=DEPARTMENT_CODE):
    document = read_document(SEED_YAML)
    rows = []
    for indicator in document.department_table.indicators:
        if indicator.value is None:
            rows.append(Actual(code, indicator.name, band=Band.ACHIEVED))
        else:
            rows.append(Actual(code, indicator.name, indicator.value, indicator.unit))
    return document.department_table, rows


@pytest.mark.parametrize("code", [DEPARTMENT_CODE, "附件 11", "重庆市潼南区社会保险事务中心"])
def test_the_department_table_scores_100_when_every_indicator_is_met(code):
    table, rows = _department_actuals(code)
    sheet_ = score_department(table, Actuals(rows), load_scoring_rules("national"))
    (project,) = sheet_.projects
    assert project.total == D(100) and project.execution is None


def test_score_command_scores_the_department_table_with_the_projects(tmp_path):
    table, rows = _department_actuals()
    lines = [f"  - 项目编码: {DEPARTMENT_CODE}", "    指标:"]
    for actual in rows:
        value = "达成" if actual.band else f"{actual.value}{actual.unit.symbol}"
        key = "评价等级" if actual.band else "实际完成值"
        lines.append(f"      - {{三级指标: \"{actual.indicator}\", {key}: \"{value}\"}}")
    path = tmp_path / "a.yaml"
    path.write_text(ACTUALS.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    sheet_ = score_files(SEED_YAML, path).sheet
    codes_ = [p.table.project_code for p in sheet_.projects]
    assert codes_[0] == DEPARTMENT_CODE and len(codes_) == 18
    assert sheet_.projects[0].total == D(100)


def test_a_department_sheet_without_an_execution_row_is_audited_under_the_department_points():
    rows = [attrs.evolve(r, weight=str(int(r.weight) + 2 if i < 2 else int(r.weight) + 3),
                         score=str(int(r.weight) + 2 if i < 2 else int(r.weight) + 3)) for i, r in enumerate(CLEAN_ROWS)]
    rows[2] = attrs.evolve(rows[2], score="23")
    department = attrs.evolve(sheet(rows=rows, funds=None, total="98", grade="优"),
                              project_name="某区民政局部门整体支出绩效自评表")
    project = attrs.evolve(department, project_name="职业技能提升培训")
    assert "arith.points_split" not in codes(audit(department))
    assert "arith.points_split" in codes(audit(project))
