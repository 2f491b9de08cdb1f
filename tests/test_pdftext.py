"""The PDF-text reader against the bundled seed document and small crafted inputs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval.errors import InputError
from perfeval.operators import Operator
from perfeval.readers import read_document
from perfeval.readers.pdftext import read_pdf_text

from .conftest import SEED


@pytest.fixture(scope="module")
def doc():
    return read_document(SEED)


def _indicator(table, name):
    matches = [i for i in table.indicators if i.name == name]
    assert len(matches) == 1, f"{name} in {table.label}"
    return matches[0]


def test_document_header(doc):
    assert doc.unit_name == "重庆市潼南区社会保险事务中心"
    assert doc.year == 2026
    assert doc.title == "2026 年部门预算情况说明"


def test_every_target_table_and_indicator(doc):
    assert [t.label for t in doc.target_tables] == [f"附件 12-{i}" for i in range(1, 18)]
    assert sum(len(t.indicators) for t in doc.target_tables) == 79
    assert [len(t.indicators) for t in doc.target_tables] == [5, 5, 5, 5, 4, 5, 5, 4, 4, 5, 4, 4, 5, 5, 5, 4, 5]
    assert doc.unplaced == ()


def test_target_table_header_block(doc):
    table = doc.target_tables[3]
    assert table.label == "附件 12-4"
    assert table.project_code == "50015224T000004338562"
    assert table.project_name == "国有企业困难（双解）人员和困难下岗分流人员基本养老保险缴费补贴"
    assert table.department == "426-人社局"
    assert table.implementer == "426003-社会保险事务中心"
    assert table.funds == Decimal("478")
    assert table.attribute == "新增"
    assert (table.start, table.end, table.start_year) == ("2024 年", "长期", 2024)
    assert table.goal == "享受缴费补贴人数大于 1176 人"
    assert table.weight_total == Decimal("80")
    assert table.location.line == 500


def test_indicators_keep_operator_value_unit_weight(doc):
    t4 = doc.target_tables[3]
    first = _indicator(t4, "参保缴费人数")
    assert (first.level1, first.level2) == ("产出指标", "数量指标")
    assert (first.operator, first.value, first.unit.symbol, first.weight, first.core) == (
        Operator.GT, Decimal(500), "人", Decimal(20), True)
    assert first.location.line == 514

    t14 = doc.target_tables[13]
    insured = _indicator(t14, "参保人员")
    assert (insured.operator, insured.value, insured.unit.symbol, insured.weight) == (Operator.GE, Decimal(20), "万人", Decimal(10))
    assert insured.quantity.in_base() == 200000

    leaflets = _indicator(doc.target_tables[0], "印制登记表册和宣传资料")
    assert (leaflets.operator, leaflets.value, leaflets.unit.symbol) == (Operator.EQ, Decimal(1320000), "张")

    qualitative = _indicator(doc.target_tables[0], "参保全覆盖，提高群众保障水平")
    assert (qualitative.operator, qualitative.value, qualitative.unit, qualitative.weight) == (
        Operator.QUALITATIVE, None, None, Decimal(20))

    cost = _indicator(doc.target_tables[9], "社保卡制卡费及宣传经费")
    assert (cost.level1, cost.level2, cost.operator, cost.value, cost.unit.symbol) == (
        "成本指标", "经济成本指标", Operator.LE, Decimal(20), "万元")

    last = doc.target_tables[16].indicators[-1]
    assert (last.name, last.operator, last.value, last.weight, last.core) == (
        "缴费补贴政策服务满意度", Operator.GT, Decimal(95), Decimal(10), False)


def test_department_table(doc):
    dept = doc.department_table
    assert dept.label == "附件 11"
    assert dept.unit_name == "重庆市潼南区社会保险事务中心"
    assert dept.budget == Decimal("3151.93")
    assert len(dept.indicators) == 9
    assert dept.weight_total == Decimal(100)
    cap = dept.indicators[0]
    assert (cap.name, cap.operator, cap.value, cap.unit.symbol, cap.weight, cap.level1, cap.core) == (
        "基本支出保障单位日常工作正常运转", Operator.LE, Decimal(1000), "万元", Decimal(10), None, None)
    assert dept.indicators[3].text_value == "优"
    assert dept.indicators[8].text_value == "良"


def test_budget_tables_and_headers(doc):
    assert [t.label for t in doc.budget_tables] == [f"附件 {i}" for i in range(1, 11)]
    t2 = doc.budget_table("附件 2")
    assert [c.name for c in t2.columns] == ["单位/科目编码", "单位/科目名称", "2025 年预算数",
                                            "2026 年预算数/总计", "2026 年预算数/基本支出", "2026 年预算数/项目支出"]
    assert [c.numeric for c in t2.columns] == [False, False, True, True, True, True]
    total = t2.rows[0]
    assert total.cells == ("合计", "", None, Decimal("3151.93"), Decimal("972.20"), Decimal("2179.72"))
    row = next(r for r in t2.rows if t2.code(r) == "20801")
    assert t2.name(row) == "人力资源和社会保障管理事务"
    assert row.cells[3:] == (Decimal("996.70"), Decimal("703.70"), Decimal("293.00"))
    # The row after the page break without a repeated header is kept.
    assert any(t2.code(r) == "2083099" for r in t2.rows)


def test_wrapped_cells_are_joined(doc):
    t7 = doc.budget_table("附件 7")
    names = {t7.code(r): t7.name(r) for r in t7.rows}
    assert names["20801"] == "人力资源和社会保障管理事务"
    assert names["2080109"] == "社会保险经办机构"
    assert names["2080505"] == "机关事业单位基本养老保险缴费支出"
    assert [c.name for c in t7.columns][3] == "上年结转结余资金"


def test_continuation_pages_repeat_title_and_header(doc):
    t3 = doc.budget_table("附件 3")
    codes = [t3.code(r) for r in t3.rows]
    assert codes[:3] == ["", "301", "30101"]
    assert "30202" in codes and codes.index("30202") == codes.index("30201") + 1
    printing = t3.rows[codes.index("30202")]
    assert printing.cells[2:] == (Decimal("15.00"), None, Decimal("15.00"))
    assert printing.location.line == 192
    # 附件 7 reprints its 合计 row under the second page header: kept once.
    t7 = doc.budget_table("附件 7")
    assert [t7.name(r) for r in t7.rows].count("合计") == 1
    assert len(t7.rows) == 22


def test_project_list_rows(doc):
    t10 = doc.budget_table("附件 10")
    assert len(t10.rows) == 23  # 合计 and 22 projects across three pages
    row = t10.rows[20]
    assert row.cells[0] == "20"
    assert row.cells[2] == "50015226T000005655676-再安排-国有企业困难（双解）人员和困难下岗分流人员基本养老保险缴费补贴"
    assert row.cells[3] == Decimal("469.30")
    assert t10.columns[9].name == "上级专项/提前下达专项"


def test_three_level_header(doc):
    t4 = doc.budget_table("附件 4")
    assert t4.columns[5].name == "2025 年预算数/公务用车购置及运行费/公务用车购置"
    assert t4.columns[13].name == "2026 年预算数/公务接待费"
    assert t4.rows[1].cells[4] == Decimal(35)  # as printed (an extraction glitch validation reports)


def test_empty_budget_table_keeps_its_total_row(doc):
    t5 = doc.budget_table("附件 5")
    assert len(t5.rows) == 1 and t5.rows[0].cells[1] == "合计"
    assert t5.notes == ("（备注：本单位无政府性基金收支，故此表无数据。）",)


def test_narrative_paragraphs(doc):
    sections = {p.section for p in doc.narrative}
    assert "一、单位基本情况" in sections and "七、专业性名词解释" in sections
    item5 = next(p for p in doc.narrative if p.text.startswith("5."))
    assert item5.text.endswith("承担信息统计和社保卡等数据库管理服务工作的。")  # joined across the page break
    assert item5.location.line == 17
    performance = next(p for p in doc.narrative if "绩效目标设置情况" in p.text)
    assert "2179.72 万元" in performance.text


HEADER = "\t".join(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标性质", "度量单位", "权重", "是否核心指标"])


def _target_text(rows: list[str], extra_header: str = "") -> str:
    return "\n".join([
        "某单位", "2026 年部门预算情况说明", "附件 12-1", "2026 年项目支出绩效目标表-1", "单位：万元",
        "项目名称\t12345678-测试项目",
        "资金总额（万元）\t１０\t\t项目属性\t\t新增",
        extra_header,
        HEADER,
        *rows,
    ])


def test_full_width_digits_and_operator_spellings():
    text = _target_text(["\t产出指标\t数量指标\t人数\t１，２００\t不少于\t人\t３０\t是",
                         "\t产出指标\t质量指标\t合格率\t95\t＞＝\t％\t60\t否"])
    doc = read_pdf_text(text, "t.txt")
    table = doc.target_tables[0]
    assert table.funds == Decimal(10)
    a, b = table.indicators
    assert (a.operator, a.value, a.weight) == (Operator.GE, Decimal(1200), Decimal(30))
    assert (b.operator, b.unit.symbol) == (Operator.GE, "%")


def test_target_table_split_across_pages():
    rows = ["\t产出指标\t数量指标\t人数\t10\t≥\t人\t30\t是", "",
            "2026 年项目支出绩效目标表-1", "单位：万元", HEADER,
            "\t效益指标\t社会效益指标\t满意度\t95\t≥\t%\t60\t否"]
    doc = read_pdf_text(_target_text(rows), "t.txt")
    assert [i.name for i in doc.target_tables[0].indicators] == ["人数", "满意度"]
    assert doc.unplaced == ()


def test_wrong_shape_row_names_file_line_and_expectation():
    text = _target_text(["\t产出指标\t数量指标\t人数\t10\t≥\t人\t30\t是\t多余\t又多"])
    with pytest.raises(InputError) as info:
        read_pdf_text(text, "t.txt")
    problem = info.value.problems[0]
    assert (problem.file, problem.line) == ("t.txt", 10)
    assert "应有 8 列" in problem.expected


def test_unknown_operator_and_unit_are_errors_with_lines():
    text = _target_text(["\t产出指标\t数量指标\t人数\t10\t约等于\t人\t30\t是",
                         "\t产出指标\t数量指标\t距离\t10\t≥\t光年\t30\t否"])
    with pytest.raises(InputError) as info:
        read_pdf_text(text, "t.txt")
    lines = [(p.line, p.found) for p in info.value.problems]
    assert lines == [(10, "约等于"), (11, "光年")]
    assert "未知的指标性质" in info.value.problems[0].expected
    assert "未知的度量单位" in info.value.problems[1].expected


def test_unplaced_line_is_kept_and_reported():
    text = _target_text(["\t产出指标\t数量指标\t人数\t10\t≥\t人\t90\t是"], extra_header="备用\t说明\t随便")
    doc = read_pdf_text(text, "t.txt")
    assert len(doc.target_tables[0].indicators) == 1
    assert [(u.text, u.location.line) for u in doc.unplaced] == [("备用\t说明\t随便", 8)]


def test_no_tables_is_an_error():
    with pytest.raises(InputError) as info:
        read_pdf_text("只是一段文字\n没有表格\n", "plain.txt")
    assert "未找到任何表格" in info.value.render()
