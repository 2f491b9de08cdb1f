"""perfeval.xlsx.score: the score JSON as a 自评表 workbook whose cells hold the scores as numbers.

The sheet below is built by hand per docs/scoring.md ("The JSON sheet"). Hand computation:
  参保缴费人数  > 500 人, actual 450 人: 20 × 450 / 500 = 18
  发放准确率   ≥ 95 %, actual 98 %: met, 15
  服务群众满意度 定性, 部分达成 at 70 %: 10 × 0.7 = 7
  宣传场次     ≥ 30 场, actual 20 场: 20 × 20 / 30 = 13.333…  -> shows 13.33
  预算执行率   470.5 / 478 = 0.98430962343096234310; 10 × rate = 9.8430962343096234310 -> 9.84, 98.43%
  总分 = 18 + 15 + 7 + 13.33333333333333333333 + 9.84309623430962343096 = 63.17642956764295676429 -> 63.18, 中
"""

from __future__ import annotations

import copy

import openpyxl
import pytest

from perfeval.errors import InputError
from perfeval.xlsx import write_score_xlsx


def _indicator(level1, level2, name, operator, target, actual, weight, score, status, flags=(), reason=""):
    return {"level1": level1, "level2": level2, "name": name, "operator": operator, "target": target, "actual": actual,
            "weight": weight, "score": score, "status": status, "flags": list(flags), "reason": reason}


SHEET = {
    "rule_set": {"name": "national-2020", "title": "财预〔2020〕10号 自评", "version": "1", "source": "rules/scoring/national-2020.toml"},
    "projects": [{
        "project_code": "50015224T000004338562", "project_name": "国有企业困难人员基本养老保险缴费补贴", "table": "附件 12-4",
        "indicators": [
            _indicator("产出指标", "数量指标", "参保缴费人数", ">", ">500人", "450人", "20", "18", "unmet", ["unmet"],
                       "=部分人员迁出本区"),
            _indicator("产出指标", "质量指标", "发放准确率", "≥", "≥95%", "98%", "15", "15", "met"),
            _indicator("满意度指标", "服务对象满意度指标", "服务群众满意度", "定性", "定性", "部分达成", "10", "7", "qualitative"),
            _indicator("满意度指标", "服务对象满意度指标", "宣传场次", "≥", "≥30场", "20场", "20", "13.33333333333333333333", "unmet", ["unmet"]),
        ],
        "execution": {"budget": "478", "adjusted_budget": None, "spent": "470.5", "rate": "0.98430962343096234310",
                      "weight": "10", "score": "9.84309623430962343096", "flag": False},
        "total": "63.17642956764295676429", "grade": "中", "complete": True,
    }],
    "summary": {"projects": 1, "by_grade": {"优": 0, "良": 0, "中": 1, "差": 0}, "mean": "63.17642956764295676429",
                "lowest": [{"project_code": "50015224T000004338562", "project_name": "国有企业困难人员基本养老保险缴费补贴",
                            "total": "63.17642956764295676429", "grade": "中"}]},
    "display": {"places": 2, "rounding": "ROUND_HALF_UP"},
}


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "score.xlsx"
    write_score_xlsx(SHEET, path)
    return openpyxl.load_workbook(path)


def _row(ws, first):
    for row in ws.iter_rows():
        if row[0].value == first:
            return row
    raise AssertionError(first)


def test_sheets(book):
    assert book.sheetnames == ["汇总", "附件12-4"]


def test_indicator_scores_are_numbers(book):
    ws = book["附件12-4"]
    assert [c.value for c in ws[5]] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                                        "完成情况", "须说明", "偏差原因分析及改进措施"]
    scores = [(ws.cell(r, 3).value, ws.cell(r, 6).value, ws.cell(r, 7).value) for r in range(6, 10)]
    assert scores == [("参保缴费人数", 20, 18), ("发放准确率", 15, 15), ("服务群众满意度", 10, 7), ("宣传场次", 20, 13.33)]
    for r in range(6, 10):
        for column in (6, 7):
            cell = ws.cell(r, column)
            assert cell.data_type == "n" and cell.number_format == "0.00"
    assert ws["H6"].value == "未完成" and ws["I6"].value == "未完成，须说明偏差原因"
    assert (ws["J6"].value, ws["J6"].data_type) == ("=部分人员迁出本区", "s")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A6:A7", "A8:A9", "B8:B9"} <= merged


def test_execution_total_and_grade(book):
    ws = book["附件12-4"]
    execution = _row(ws, "预算执行率")
    assert (execution[4].value, execution[4].number_format) == (0.9843, "0.00%")
    assert (execution[5].value, execution[6].value) == (10, 9.84)
    total = _row(ws, "总分")
    # 分值 total is the sum of the rows above: 20 + 15 + 10 + 20 + 10.
    assert (total[5].value, total[6].value, total[6].data_type, total[6].number_format) == (75, 63.18, "n", "0.00")
    assert _row(ws, "等级")[6].value == "中"
    funds = _row(ws, "年初预算数（万元）")
    below = ws[funds[0].row + 1]
    assert (below[0].value, below[1].value, below[2].value) == (None, 478, 470.5)  # one number: the 全年预算数


def test_summary_sheet(book):
    ws = book["汇总"]
    project = _row(ws, "附件 12-4")
    assert [c.value for c in project] == ["附件 12-4", "50015224T000004338562", "国有企业困难人员基本养老保险缴费补贴",
                                          0.9843, 63.18, "中", "是"]
    assert _row(ws, "平均分")[1].value == 63.18
    assert _row(ws, "中（个）")[1].value == 1


def test_display_rounding_mode_is_honoured(tmp_path):
    for rounding, expected in (("ROUND_HALF_UP", 2.67), ("ROUND_HALF_EVEN", 2.66)):
        sheet = copy.deepcopy(SHEET)
        sheet["display"]["rounding"] = rounding
        sheet["projects"][0]["indicators"][0]["score"] = "2.665"
        path = tmp_path / f"{rounding}.xlsx"
        write_score_xlsx(sheet, path)
        assert openpyxl.load_workbook(path)["附件12-4"]["G6"].value == expected


def test_incomplete_project_and_bad_number(tmp_path):
    sheet = copy.deepcopy(SHEET)
    sheet["projects"][0]["total"] = None
    sheet["projects"][0]["grade"] = None
    path = tmp_path / "incomplete.xlsx"
    write_score_xlsx(sheet, path)
    total = _row(openpyxl.load_workbook(path)["附件12-4"], "总分")
    assert (total[6].value, total[7].value) == (None, "评分不完整")
    sheet["projects"][0]["indicators"][0]["score"] = "十八"
    with pytest.raises(InputError, match="十八"):
        write_score_xlsx(sheet, tmp_path / "bad.xlsx")


def test_scoring_the_seed_writes_the_scores_as_numbers(tmp_path):
    """End to end once the score command is on this branch: the seed's example actuals, given as .xlsx."""
    pytest.importorskip("perfeval.scoring")
    import csv
    import json
    from decimal import ROUND_HALF_UP, Decimal

    from click.testing import CliRunner

    from perfeval.cli import cli

    from .conftest import EXAMPLES, SEED

    source = EXAMPLES / "tongnan-shebao-2026.actuals.csv"
    wb = openpyxl.Workbook()
    with source.open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            wb.active.append([c or None for c in row])
    for row in wb.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    actuals = tmp_path / "actuals.xlsx"
    wb.save(actuals)
    out, js = tmp_path / "sheet.xlsx", tmp_path / "sheet.json"
    for args in (["-o", str(out), "--layout", "sheet"], ["--format", "json", "-o", str(js)]):  # sheet: perfeval's own layout
        result = CliRunner().invoke(cli, ["score", str(SEED), str(actuals), *args])
        assert result.exit_code == 0, result.output
    sheet = json.loads(js.read_text("utf-8"))
    book = openpyxl.load_workbook(out)
    assert len(book.sheetnames) == 1 + 17
    for project in sheet["projects"]:
        ws = book[project["table"].replace(" ", "")]
        for i, indicator in enumerate(project["indicators"]):
            cell = ws.cell(6 + i, 7)
            expected = Decimal(indicator["score"]).quantize(Decimal("0.01"), ROUND_HALF_UP) if indicator["score"] else None
            assert (cell.value, cell.data_type) == ((float(expected), "n") if expected is not None else (None, "n"))
        total = _row(ws, "总分")[6]
        assert total.value == float(Decimal(project["total"]).quantize(Decimal("0.01"), ROUND_HALF_UP))
    # By hand, 附件 12-1: 流动宣传车 =2台, actual 2台: met, 30; 印制登记表册 =1320000张, actual 132万张: met, 20;
    # 预算执行率 24.6 / 25 = 0.984, 10 × 0.984 = 9.84.
    first = book["附件12-1"]
    assert (first["C6"].value, first["G6"].value, first["C7"].value, first["G7"].value) == (
        "流动宣传车", 30, "印制登记表册和宣传资料", 20)
    execution = _row(first, "预算执行率")
    assert (execution[4].value, execution[6].value) == (0.984, 9.84)
