"""perfeval.xlsx.template: the template workbook, with what Excel offers the person filling it in."""

from __future__ import annotations

import openpyxl

from perfeval.readers import read_document
from perfeval.xlsx.template import FUNDS_SHEET, INDICATOR_SHEET, write_template_xlsx

from .conftest import SEED


def test_sheets_columns_and_data_validation(tmp_path):
    path = tmp_path / "t.xlsx"
    assert write_template_xlsx(read_document(SEED).target_tables, path) == (17, 79)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [INDICATOR_SHEET, FUNDS_SHEET]
    ws = book[INDICATOR_SHEET]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "分值"]
    assert ws.max_row == 80 and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:L80"
    assert ws["H2"].value is None and ws["H2"].fill.fgColor.rgb.endswith("FFF2CC")  # 实际完成值, to fill
    assert ws["A2"].data_type == "s" and ws["E2"].value == "流动宣传车"
    rules = {dv.formula1: dv for dv in ws.data_validations.dataValidation}
    bands = rules['"达成,部分达成,未达成"']
    # only the 定性 rows get the 评价等级 list: 附件 12-1's fifth indicator is the first
    assert "I6" in str(bands.sqref) and "I2" not in str(bands.sqref).split()
    assert rules['"是,否"'].sqref and str(rules['"是,否"'].sqref) == "K2:K80"
    share = next(dv for dv in ws.data_validations.dataValidation if dv.type == "decimal")
    assert (share.formula1, share.formula2, str(share.sqref)) == ("0", "1", "J2:J80")
    funds = book[FUNDS_SHEET]
    assert [c.value for c in funds[1]] == ["项目编码", "项目名称", "年初预算数", "全年预算数", "全年执行数"]
    assert funds.max_row == 18
    money = funds.data_validations.dataValidation[0]
    assert (money.type, money.operator, str(money.sqref)) == ("decimal", "greaterThanOrEqual", "C2:E18")
