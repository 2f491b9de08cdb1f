"""The 部门整体支出绩效自评表 in the official workbook: written where the department table is scored,
and read back by `perfeval audit` with nothing found on a consistent sheet (issue 12, item 1)."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from perfeval.api import audit_files, score_files
from perfeval.readers import read_document
from perfeval.scoring import DEPARTMENT_CODE
from perfeval.xlsx.official import write_official_form

from .conftest import EXAMPLES, SEED

ACTUALS = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"
UNIT = "重庆市潼南区社会保险事务中心"
# Actuals of the 部门整体绩效目标表 (附件 11): one target missed, one qualitative row partly achieved.
MISSED = {"扩大社会保险宣传面": ("90%", "偏远村社宣传覆盖不足，次年增加下乡频次")}
PARTLY = {"保障社会稳定": "部分达成, 得分比例: 0.7, 偏差原因: 个别待遇发放延迟引起信访，已约谈代发银行"}


def _department_entry(funds: bool) -> str:
    lines = [f"  - 项目编码: {DEPARTMENT_CODE}"]
    if funds:
        lines += ["    年初预算数: 3151.93", "    全年预算数: 3200", "    全年执行数: 3100.5"]
    lines.append("    指标:")
    for indicator in read_document(SEED).department_table.indicators:
        if indicator.name in MISSED:
            value, reason = MISSED[indicator.name]
            lines.append(f"      - {{三级指标: \"{indicator.name}\", 实际完成值: \"{value}\", 偏差原因: \"{reason}\"}}")
        elif indicator.value is None:
            band = PARTLY.get(indicator.name, "达成")
            lines.append(f"      - {{三级指标: \"{indicator.name}\", 评价等级: {band}}}")
        else:
            lines.append(f"      - {{三级指标: \"{indicator.name}\", 实际完成值: \"{indicator.value}{indicator.unit.symbol}\"}}")
    return "\n".join(lines) + "\n"


def _scored(tmp_path, funds: bool = True):
    actuals = tmp_path / "actuals.yaml"
    actuals.write_text(ACTUALS.read_text(encoding="utf-8").rstrip("\n") + "\n" + _department_entry(funds),
                       encoding="utf-8")
    result = score_files(str(SEED), str(actuals))
    assert not result.unreadable
    path = tmp_path / "自评表.xlsx"
    write_official_form(result, path)
    return result, path


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    return _scored(tmp_path_factory.mktemp("department"))


def _department_findings(path):
    audit = audit_files(path)  # as `perfeval audit` runs it: national rules, national taxonomy
    assert not audit.unreadable
    sheet = next(a for a in audit.audits if a.sheet.project_code == DEPARTMENT_CODE)
    return audit, sheet, [f for f in audit.findings if f.project == DEPARTMENT_CODE]


def test_the_department_form_reads_back_with_nothing_found(written):
    result, path = written
    project = result.sheet.projects[0]
    assert project.table.project_code == DEPARTMENT_CODE and project.total < 100
    audit, sheet, findings = _department_findings(path)
    assert findings == []
    assert len(audit.audits) == 18  # the department and the 17 projects; 汇总 is not a 自评表
    assert (sheet.sheet.project_name, sheet.sheet.year) == (UNIT, "2026")
    assert sheet.sheet.goal.expected == read_document(SEED).department_table.goal
    assert Decimal(sheet.sheet.total) == project.total.quantize(Decimal("0.01"))
    assert sheet.claimed_grade == sheet.rescored_grade == project.grade
    assert sheet.rescored_total == Decimal(sheet.sheet.total)
    # scored under the [department] points: indicators 100, the 年度预算 row shown but not scored
    assert sum(Decimal(r.weight) for r in sheet.sheet.rows) == 100 and sheet.sheet.total_weight == "100"
    assert (sheet.sheet.funds.initial, sheet.sheet.funds.budget, sheet.sheet.funds.spent, sheet.sheet.funds.rate) == (
        "3151.93", "3200", "3100.5", "96.89%")
    assert (sheet.sheet.funds.weight, sheet.sheet.funds.score) == ("—", "—")


def test_without_funds_the_department_form_still_reads_back_clean(tmp_path):
    result, path = _scored(tmp_path, funds=False)
    assert result.sheet.projects[0].execution is None and result.sheet.projects[0].complete
    _, sheet, findings = _department_findings(path)
    assert findings == [] and sheet.sheet.funds.initial == "3151.93" and not sheet.sheet.funds.spent


def test_an_edited_score_is_found(written, tmp_path):
    _, path = written
    book = openpyxl.load_workbook(path)
    ws = book["附件11"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == "服务群众满意度")
    assert ws.cell(row, 8).value == 10
    ws.cell(row, 8).value = 6  # 得分 lowered by hand, 总分 left as it was
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    _, _, findings = _department_findings(edited)
    assert {f.code for f in findings} == {"rescore.under", "arith.total"}
    assert any(f.location.cell == f"附件11!H{row}" for f in findings)


def test_layout_merges_and_print_setup(written):
    _, path = written
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["汇总", "附件11"]
    assert book["汇总"]["A1"].value == "2026年度部门整体支出绩效自评表与项目支出绩效自评表汇总"
    ws = book["附件11"]
    assert ws["A1"].value == "2026年度部门整体支出绩效自评表" and ws["A1"].border.top.style is None
    assert (ws["A2"].value, ws["B2"].value) == ("部门（单位）名称", UNIT)
    assert [ws.cell(3, c).value for c in range(1, 10)] == [
        "年度预算（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert [ws.cell(r, 2).value for r in range(4, 7)] == ["年度资金总额", "其中：基本支出", "项目支出"]
    assert (ws["D4"].value, ws["E4"].value, ws["F4"].value, ws["G4"].value, ws["I4"].value) == (
        3151.93, 3200, 3100.5, "—", "—")
    assert ws["H4"].number_format == "0.00%" and ws["H4"].value == pytest.approx(0.9689)
    assert (ws["A7"].value, ws["B7"].value, ws["G7"].value) == ("年度总体目标", "预期目标", "实际完成情况")
    assert [ws.cell(9, c).value for c in range(1, 10)] == [
        "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "总分")
    assert ws.cell(total, 7).value == 100 and ws.cell(total + 1, 1).value == "自评等级"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:J1", "B2:J2", "A3:A6", "B4:C4", "A7:A8", "B8:F8", "G8:J8", f"A9:A{total - 1}", f"A{total}:F{total}"} <= merged
    assert ws["D3"].border.top.style == "thin" and ws[f"J{total}"].border.right.style == "thin"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True and ws.print_title_rows == "$1:$2"
    summary = book["汇总"]
    assert [summary.cell(3, c).value for c in (2, 3, 4)] == ["附件11", DEPARTMENT_CODE, UNIT]
    assert summary.cell(3, 10).value == pytest.approx(float(written[0].sheet.projects[0].total.quantize(Decimal("0.01"))))


def test_a_printed_department_form_is_recognised_by_its_title_and_name_row():
    # the PDF-text path of `perfeval audit`: a province's 部门（单位）整体支出绩效自评表 naming the unit as 部门名称
    from perfeval.scoring import load_scoring_rules
    from perfeval.selfeval.batch import audit_all
    from perfeval.selfeval.readers import read_text_sheets

    text = "\n".join([
        "部门（单位）整体支出绩效自评表（2025年度）",
        "部门名称\t某区民政局",
        "年度预算（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "\t年度资金总额\t100\t100\t95\t—\t95%\t—",
        "年度总体目标\t预期目标\t实际完成情况",
        "\t保障困难群众基本生活\t已完成",
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "\t产出指标\t数量指标\t临时救助人次\t≥100人次\t120人次\t60\t60\t",
        "\t满意度指标\t服务对象满意度指标\t救助对象满意度\t≥90%\t95%\t40\t40\t",
        "总分\t100\t100",
        "自评等级\t优",
    ])
    (sheet,) = read_text_sheets(text, "d.txt", "d.txt")
    assert (sheet.project_code, sheet.project_name, sheet.year) == (DEPARTMENT_CODE, "某区民政局", "2025")
    assert (sheet.funds.budget, sheet.funds.spent, sheet.funds.rate) == ("100", "95", "95%")
    assert [r.name for r in sheet.rows] == ["临时救助人次", "救助对象满意度"]
    (audit,) = audit_all([sheet], load_scoring_rules("national"))
    assert audit.findings == () and audit.rescored_total == Decimal(100)


def test_two_department_forms_without_titles_are_two_sheets():
    from perfeval.selfeval.readers import read_text_sheets

    form = ["部门（单位）名称\t{}",
            "年度预算（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
            "\t年度资金总额\t100\t100\t95\t—\t95%\t—",
            "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
            "\t产出指标\t数量指标\t临时救助人次\t≥100人次\t120人次\t100\t100\t",
            "总分\t100\t100"]
    text = "\n".join(["部门整体支出绩效自评表", *form]).format("某区民政局") + "\n" + "\n".join(form).format("某区残联")
    sheets = read_text_sheets(text, "d.txt", "d.txt")
    assert [(s.project_code, s.project_name, len(s.rows)) for s in sheets] == [
        (DEPARTMENT_CODE, "某区民政局", 1), (DEPARTMENT_CODE, "某区残联", 1)]
