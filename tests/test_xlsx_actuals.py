"""perfeval.xlsx.actuals: 实际完成值 and project funds from a flat workbook."""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

from perfeval.actuals import Band, ProjectFunds
from perfeval.errors import InputError
from perfeval.xlsx.actuals import read_actuals_xlsx

from .xlsx_samples import one_sheet_book

HEADER = ["项目编码", "项目名称", "三级指标", "年度指标值", "实际完成值", "计量单位", "偏差原因分析及改进措施",
          "年初预算数", "全年执行数", "全年预算数"]


def _book(path, rows, header=HEADER, formats=None):
    return one_sheet_book(path, "自评", header, rows, formats)


def test_reads_numbers_units_bands_and_funds(tmp_path):
    path = _book(tmp_path / "a.xlsx", [
        ["P0000001", "项目甲", "参保缴费人数", "＞500人", 1176, "人", "", 478, "470.5", None],
        [None, None, "发放准确率", "≥95%", 0.98, None, "", None, None, None],
        [None, None, "服务群众满意度", "定性", "部分达成", None, "宣传不足，明年加强", None, None, None],
        [None, None, "市级配套", "≤10万元", "9.5万元", None, "", None, None, None],
        [],
        ["P0000002", "项目乙", "宣传车", "2台", "不适用", None, "车辆停用", 25, 30, 28],
    ], formats={"E3": "0%"})
    result = read_actuals_xlsx(path)
    got = [(a.project_code, a.indicator, a.value, a.unit.symbol if a.unit else None, a.band, a.not_applicable, a.text)
           for a in result.actuals]
    assert got == [
        ("P0000001", "参保缴费人数", D("1176"), "人", None, False, ""),
        ("P0000001", "发放准确率", D("98.00"), "%", None, False, ""),
        ("P0000001", "服务群众满意度", None, None, Band.PARTLY, False, ""),
        ("P0000001", "市级配套", D("9.5"), "万元", None, False, "9.5万元"),
        ("P0000002", "宣传车", None, None, None, True, "不适用"),
    ]
    assert result.actuals[2].reason == "宣传不足，明年加强"
    assert result.actuals[1].location.cell == "自评!E3"
    # 年初预算数 only: no adjustment in the year, so 全年预算数 is the same 478
    assert list(result.funds) == [ProjectFunds("P0000001", D("478"), D("470.5")),
                                  ProjectFunds("P0000002", D("25"), D("30"), D("28"))]


def test_code_taken_from_the_project_name(tmp_path):
    path = _book(tmp_path / "a.xlsx", [["50015224T000004337668-全民参保", "流动宣传车", "2台"]],
                 header=["项目名称", "三级指标", "实际值"])
    actual = read_actuals_xlsx(path).actuals[0]
    assert (actual.project_code, actual.value, actual.unit.symbol) == ("50015224T000004337668", D("2"), "台")


def test_band_share_not_applicable_and_level2_columns(tmp_path):
    path = _book(tmp_path / "a.xlsx", [
        ["P0000001", "产出指标", "满意度", None, "达成", "85%", None],
        ["P0000001", "效益指标", "满意度", None, "部分达成", 0.7, "否"],
        ["P0000001", None, "宣传车", None, None, None, "是"],
    ], header=["项目编码", "二级指标", "三级指标", "实际完成值", "评价等级", "得分比例", "不适用"])
    got = [(a.level2, a.indicator, a.band, a.share, a.not_applicable) for a in read_actuals_xlsx(path).actuals]
    assert got == [("产出指标", "满意度", Band.ACHIEVED, D("0.85"), False),
                   ("效益指标", "满意度", Band.PARTLY, D("0.7"), False),
                   (None, "宣传车", None, None, True)]


def test_band_column_with_a_value_and_share_without_band_are_reported(tmp_path):
    path = _book(tmp_path / "a.xlsx", [["P0000001", "满意度", 95, "达成", None], ["P0000001", "人数", 5, None, 0.5],
                                       ["P0000001", "场次", None, None, None]],
                 header=["项目编码", "三级指标", "实际完成值", "评价等级", "得分比例"])
    with pytest.raises(InputError) as err:
        read_actuals_xlsx(path)
    assert [p.cell for p in err.value.problems] == ["自评!C2", "自评!E3", "自评!C4"]


def test_bad_cells_are_reported_with_references(tmp_path):
    path = _book(tmp_path / "a.xlsx", [
        ["P0000001", "项目甲", "人数", "", "很多", None, "", "四百", 1, None],
        ["P0000001", "项目甲", "人数", "", 5, "公斤斤", "", None, None, None],
        ["P0000002", "项目乙", "比例", "", "95%", "人", "", 10, None, None],
        ["P0000003", "项目丙", "数量", "", 3, None, "", None, None, None],
        ["P0000003", "项目丙", "数量", "", 4, None, "", None, None, None],
    ])
    with pytest.raises(InputError) as err:
        read_actuals_xlsx(path)
    cells = sorted(p.cell for p in err.value.problems)
    assert cells == ["自评!C6", "自评!E2", "自评!E4", "自评!F3", "自评!H2", "自评!H4"]
    assert "缺少 全年执行数" in str(err.value)


def test_conflicting_funds_are_reported(tmp_path):
    path = _book(tmp_path / "a.xlsx", [["P0000001", "项目甲", "人数", "", 5, None, "", 100, 90, None],
                                       ["P0000001", "项目甲", "质量", "", 6, None, "", 100, 95, None]])
    with pytest.raises(InputError, match=r"自评!I3.*自评!I2"):
        read_actuals_xlsx(path)


def test_funds_only_sheet_and_unknown_sheet(tmp_path):
    path = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "资金"
    wb.active.append(["项目编码", "全年预算数", "全年执行数"])
    wb.active.append(["P0000001", 100, 99.5])
    wb.save(path)
    assert read_actuals_xlsx(path).funds == (ProjectFunds("P0000001", D("100"), D("99.5")),)
    other = wb.create_sheet("说明")
    other["B3"] = "请按模板填写"
    wb.save(path)
    with pytest.raises(InputError, match=r"说明!B3"):
        read_actuals_xlsx(path)


def test_extra_column_is_reported(tmp_path):
    path = _book(tmp_path / "a.xlsx", [["P0000001", "人数", 5, "x"]], header=["项目编码", "三级指标", "实际完成值", "审核意见"])
    with pytest.raises(InputError, match=r"自评!D1.*审核意见"):
        read_actuals_xlsx(path)


def test_hidden_sheets_are_not_read(tmp_path):
    path = _book(tmp_path / "a.xlsx", [["P0000001", "项目甲", "人数", "", 5, None, "", None, None, None]])
    wb = openpyxl.load_workbook(path)
    choices = wb.create_sheet("下拉选项")
    choices.append(["达成", "部分达成", "未达成"])
    choices.sheet_state = "hidden"
    wb.save(path)
    assert [a.indicator for a in read_actuals_xlsx(path).actuals] == ["人数"]
    wb["下拉选项"].sheet_state = "visible"
    wb.save(path)
    with pytest.raises(InputError, match="下拉选项!A1"):
        read_actuals_xlsx(path)


def test_two_row_header(tmp_path):
    path = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评"
    ws.append(["项目编码", "三级指标", "完成情况", None, "全年预算数"])
    ws.append([None, None, "实际完成值", "偏差原因", None])
    ws.append(["P0000001", "人数", 5, "无", 10])
    ws.merge_cells("C1:D1")
    wb.save(path)
    with pytest.raises(InputError, match="全年执行数"):  # the budget needs its 执行数: the header was read
        read_actuals_xlsx(path)
    ws["F1"] = "全年执行数"
    ws["F3"] = 9
    wb.save(path)
    result = read_actuals_xlsx(path)
    assert [(a.indicator, a.value, a.reason) for a in result.actuals] == [("人数", D("5"), "无")]
    assert result.funds == (ProjectFunds("P0000001", D("10"), D("9")),)
