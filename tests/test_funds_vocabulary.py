"""One vocabulary for funds: 年初预算数, 全年预算数 (= 调整后预算数) and 全年执行数 mean the same in
`score` actuals and `audit` sheets, so the two commands compute the same 预算执行率 from the same numbers."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from perfeval.actuals import Actual, Actuals, Band, ProjectFunds
from perfeval.errors import InputError
from perfeval.readers.actuals import read_actuals_csv
from perfeval.scoring import load_scoring_rules, score

from ._selfeval import CLEAN_FUNDS, audit, sheet
from .builders import sound_table

D = Decimal


def _actuals(tmp_path, funds_yaml: str):
    from perfeval.readers.actuals import read_actuals

    path = tmp_path / "a.yaml"
    path.write_text(f"projects:\n  - 项目编码: P001\n{funds_yaml}", encoding="utf-8")
    return read_actuals(path)


@pytest.mark.parametrize("full_key", ["全年预算数", "调整后预算数"])
def test_score_actuals_read_the_terms_as_the_official_sheet_prints_them(tmp_path, full_key):
    funds = _actuals(tmp_path, f"    年初预算数: 100\n    {full_key}: 90\n    全年执行数: 85\n").funds
    assert funds == (ProjectFunds("P001", D(100), D(85), D(90)),)


def test_one_budget_is_the_full_year_budget(tmp_path):
    assert _actuals(tmp_path, "    全年预算数: 90\n    全年执行数: 85\n").funds == (ProjectFunds("P001", D(90), D(85)),)


def test_both_names_of_the_adjusted_budget_is_refused_with_the_fix(tmp_path):
    with pytest.raises(InputError) as caught:
        _actuals(tmp_path, "    全年预算数: 90\n    调整后预算数: 80\n    全年执行数: 85\n")
    assert "年初的预算写 年初预算数" in str(caught.value)


def test_csv_reads_the_same_terms():
    text = "项目编码,三级指标,年初预算数,全年预算数,全年执行数\nP001,,100,90,85\n"
    assert read_actuals_csv(text).funds == (ProjectFunds("P001", D(100), D(85), D(90)),)


def test_score_and_audit_compute_the_same_execution_score(tmp_path):
    funds = _actuals(tmp_path, "    年初预算数: 100\n    全年预算数: 90\n    全年执行数: 85\n").funds
    table = attrs.evolve(sound_table(), project_code="P001")
    rules = load_scoring_rules("national")
    actuals = Actuals([Actual("P001", i.name, i.value, i.unit) if i.value is not None
                       else Actual("P001", i.name, band=Band.ACHIEVED) for i in table.indicators], funds)
    execution = score([table], actuals, rules, targets_file="t.yaml").projects[0].execution
    sheet_funds = attrs.evolve(CLEAN_FUNDS, initial="100", budget="90", spent="85", rate="94.44%", score="9.44")
    result = audit(sheet(funds=sheet_funds, total="97.44"))
    # both divide 全年执行数 by 全年预算数 (the adjusted budget), not by 年初预算数
    assert round(execution.rate, 12) == round(D(85) / D(90), 12) and execution.adjusted_budget == D(90)
    assert round(result.execution_rescored, 6) == round(execution.score, 6) == round(D(10) * D(85) / D(90), 6)
    assert [f.code for f in result.findings if f.code in ("arith.rate", "rescore.execution")] == []
