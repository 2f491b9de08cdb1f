"""Documents and workbooks shared by the tests/test_xlsx_*.py files.

`sample_document()` mirrors the seed's shapes (two 附件 12 tables with merged-looking
一级/二级 runs, the 附件 11 department table, two budget tables, narrative, one
unplaced line) so the Excel tests need not wait for the text reader.
"""

from __future__ import annotations

from decimal import Decimal as D

from perfeval.model import (BudgetRow, BudgetTable, Column, DepartmentTargetTable, Document, Indicator,
                            Paragraph, TargetTable, UnplacedLine)
from perfeval.operators import Operator
from perfeval.units import parse_unit


def ind(level1, level2, name, op, value, unit, weight, core=False, text=None):
    return Indicator(name=name, operator=op, value=None if value is None else D(value),
                     unit=parse_unit(unit) if unit else None, weight=D(weight), level1=level1, level2=level2,
                     core=core, text_value=text)


def sample_tables() -> tuple[TargetTable, ...]:
    t1 = TargetTable(
        label="附件 12-1", title="2026 年项目支出绩效目标表-1", project_code="50015224T000004337668",
        project_name="全民参保入户登记调查工作经费", department="426-人社局", implementer="426003-社会保险事务中心",
        funds=D("25"), attribute="新增", start="2024 年", end="长期",
        overview="根据国家、市级关于开展全民参保扩面提质行动工作安排，通过各类方式大力开展全民参保扩面宣传。",
        basis="根据部门职能职责", goal="全民参保入户登记调查全覆盖",
        indicators=[
            ind("产出指标", "数量指标", "流动宣传车", Operator.EQ, "2", "台", "30", True),
            ind("产出指标", "数量指标", "印制登记表册和宣传资料", Operator.EQ, "1320000", "张", "20"),
            ind("效益指标", "社会效益指标", "扩大社会保险宣传面", Operator.EQ, "100", "%", "10"),
            ind("效益指标", "社会效益指标", "提高参保意识，做到全民参保", Operator.EQ, "100", "%", "10"),
            ind("效益指标", "可持续影响指标", "参保全覆盖，提高群众保障水平", Operator.QUALITATIVE, None, None, "20"),
        ])
    t2 = TargetTable(
        label="附件 12-4", title="2026 年项目支出绩效目标表-4", project_code="50015224T000004338562",
        project_name="国有企业困难（双解）人员和困难下岗分流人员基本养老保险缴费补贴", department="426-人社局",
        implementer="426003-社会保险事务中心", funds=D("478.50"), attribute="新增", start="2024 年", end="长期",
        overview="养老保险缴费补贴", basis="根据部门职能职责", goal="享受缴费补贴人数大于 1176 人",
        indicators=[
            ind("产出指标", "数量指标", "参保缴费人数", Operator.GT, "500", "人", "20", True),
            ind("产出指标", "质量指标", "参保缴费补贴发放准确率", Operator.GE, "95.5", "%", "15"),
            ind("效益指标", "经济效益指标", "享受参保缴费补贴人数", Operator.GT, "500", "人", "15"),
            ind("满意度指标", "服务对象满意度指标", "服务群众满意度", Operator.QUALITATIVE, None, None, "10", text="优"),
            ind("成本指标", "经济成本指标", "市级配套", Operator.LE, "10", "万元", "20"),
        ])
    return t1, t2


def sample_document() -> Document:
    department = DepartmentTargetTable(
        label="附件 11", title="重庆市潼南区社会保险事务中心整体绩效目标表", unit_name="重庆市潼南区社会保险事务中心",
        budget=D("3151.93"), goal="围绕“健全多层次社会保障体系”目标，推动社保工作再上新台阶。",
        indicators=[
            Indicator("基本支出保障单位日常工作正常运转", Operator.LE, D("1000"), parse_unit("万元"), D("10")),
            Indicator("扩大社会保险宣传面", Operator.GE, D("95"), parse_unit("%"), D("10")),
            Indicator("参保全覆盖，提高群众保障水平", Operator.QUALITATIVE, None, None, D("10"), text_value="优"),
        ])
    budget = BudgetTable(
        label="附件 2", title="重庆市潼南区社会保险事务中心一般公共预算财政拨款支出预算表",
        columns=[Column("单位/科目编码", False), Column("单位/科目名称", False), Column("2025 年预算数", True),
                 Column("2026 年预算数/总计", True), Column("2026 年预算数/基本支出", True)],
        rows=[BudgetRow(["", "合计", None, D("3151.93"), D("972.20")]),
              BudgetRow(["208", "社会保障和就业支出", None, D("3033.16"), D("853.44")]),
              BudgetRow(["2080101", "行政运行", D("5"), D("703.70"), D("703.70")])],
        notes=["备注：本套报表金额单位转换时可能存在尾数误差"])
    empty = BudgetTable(
        label="附件 5", title="重庆市潼南区社会保险事务中心政府性基金预算支出表",
        columns=[Column("科目编码", False), Column("科目名称", False), Column("本年政府性基金预算财政拨款支出/总计", True)],
        rows=[BudgetRow(["", "合计", None])])
    return Document(
        unit_name="重庆市潼南区社会保险事务中心", year=2026, title="重庆市潼南区社会保险事务中心 2026 年部门预算情况说明",
        narrative=[Paragraph("（一）部门职责", section="一、部门基本情况"), Paragraph("负责社会保险经办。", section="一、部门基本情况")],
        budget_tables=[budget, empty], department_table=department, target_tables=sample_tables(),
        unplaced=[UnplacedLine("=HYPERLINK(\"x\")", "页脚")])


def one_sheet_book(path, title: str, header: list, rows: list, formats: dict | None = None):
    """A workbook as a user types it: one sheet, a header row, rows; `formats` maps cells to number formats."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(row)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    wb.save(path)
    return path
