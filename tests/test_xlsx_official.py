"""perfeval.xlsx.official: the official 项目支出绩效自评表 workbook, and `perfeval audit` reading it back."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import openpyxl
import pytest

from perfeval.xlsx import _write

from perfeval.api import score_files
from perfeval.errors import InputError
from perfeval.scoring.engine import NOT_APPLICABLE
from perfeval.selfeval import read_sheets
from perfeval.selfeval.batch import audit_all, audit_report
from perfeval.scoring import load_scoring_rules
from perfeval.xlsx import official
from perfeval.xlsx.official import write_official_form

from .conftest import EXAMPLES, SEED

ACTUALS = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"


@pytest.fixture(scope="module")
def seed_result():
    return score_files(str(SEED), str(ACTUALS))


@pytest.fixture(scope="module")
def seed_sheet(seed_result):
    return seed_result.sheet


@pytest.fixture(scope="module")
def form_path(seed_result, tmp_path_factory):
    path = tmp_path_factory.mktemp("official") / "自评表.xlsx"
    write_official_form(seed_result, path)  # perfeval.api's result, as `perfeval score -o` passes it
    return path


def test_audit_reads_the_form_back_and_finds_nothing_inconsistent(seed_sheet, form_path):
    sheets = read_sheets(form_path)
    assert len(sheets) == 17  # the 汇总 sheet is not taken for a 自评表
    rules = load_scoring_rules("national")
    audits = audit_all(sheets, rules, taxonomy=None)
    report = audit_report(audits, rules, files=1)
    codes = Counter(f["code"] for f in report["findings"])
    assert report["summary"]["error"] == 0
    # What remains is what the score run itself flags: three low execution rates and one large
    # over-achievement with no reason in the actuals, and four actuals given in another unit.
    assert codes == {"explain.execution": 3, "explain.over": 1, "quality.unit_converted": 4}
    flagged = sum(1 for p in seed_sheet.projects if p.execution is not None and p.execution.flag)
    assert codes["explain.execution"] == flagged
    assert codes["explain.over"] == sum("over_achieved" in r.flags and not r.actual.reason
                                        for p in seed_sheet.projects for r in p.indicators)
    for audit, project in zip(audits, seed_sheet.projects):
        assert audit.sheet.project_code == project.table.project_code
        assert Decimal(audit.sheet.total) == project.total.quantize(Decimal("0.01"))
        assert audit.claimed_grade == audit.rescored_grade == project.grade


def test_form_fields_read_back(seed_sheet, form_path):
    sheets = {s.project_code: s for s in read_sheets(form_path)}
    project = seed_sheet.projects[0]
    sheet = sheets[project.table.project_code]
    assert (sheet.project_name, sheet.department, sheet.implementer, sheet.year) == (
        project.table.project_name, project.table.department, project.table.implementer, "2026")
    assert sheet.goal.expected == project.table.goal
    assert (sheet.funds.initial, sheet.funds.budget, sheet.funds.spent, sheet.funds.rate, sheet.funds.score) == (
        "25", "25", "24.6", "98.4%", "9.84")
    assert [r.name for r in sheet.rows] == [r.indicator.name for r in project.indicators]
    assert sheet.rows[0].level1 == "产出指标" and sheet.rows[0].target == "=2台" and sheet.rows[0].actual == "2台"


def test_layout_borders_merges_and_print_setup(form_path):
    book = openpyxl.load_workbook(form_path)
    assert book.sheetnames[0] == "汇总" and book.sheetnames[1] == "附件12-1"
    ws = book["附件12-1"]
    assert ws["A1"].value == "项目支出绩效自评表" and ws["A2"].value == "（2026年度）"
    assert ws["A3"].value == "项目名称" and ws["B3"].value == "50015224T000004337668-全民参保入户登记调查工作经费"
    assert [ws.cell(5, c).value for c in range(4, 10)] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert [ws.cell(r, 2).value for r in range(6, 10)] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert ws["H6"].number_format == "0.00%" and ws["H6"].value == pytest.approx(0.984)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:J1", "B3:J3", "A5:A9", "A10:A11", "B10:F10", "G10:J10"} <= merged
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == "三级指标")
    assert [ws.cell(header, c).value for c in range(1, 10)] == [
        "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    assert {f"B{header + 1}:B{header + 2}", f"C{header + 1}:C{header + 2}"} <= merged  # 产出指标/数量指标 over two rows
    assert ws.cell(header + 2, 2).value is None
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "总分")
    assert (ws.cell(total, 7).value, ws.cell(total, 8).value) == (100, pytest.approx(99.44))
    assert ws.cell(total + 1, 1).value == "自评等级" and ws.cell(total + 1, 2).value == "优"
    assert ws["D5"].border.top.style == "thin" and ws["J12"].border.right.style == "thin"
    assert ws["A1"].border.top.style is None  # the title sits above the form
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$1:$4"
    summary = book["汇总"]
    assert summary["A1"].value == "2026年度项目支出绩效自评表汇总"
    assert summary["A2"].value == "序号" and summary.cell(3, 2).value == "附件12-1"
    assert [summary.cell(r, 11).value for r in range(3, 20)] == ["优"] * 17


def test_rescaled_weights_still_add_up(seed_sheet, form_path):
    # 附件 12-4 prints weights totalling 80; the national rule set rescales them to 90 (20 × 90/80 = 22.5 …,
    # and 15 × 90/80 = 16.875 rounds): the 分值 column still sums to 90 as shown.
    sheet = next(s for s in read_sheets(form_path) if s.label.endswith("[附件12-4]"))
    assert sum(Decimal(r.weight) for r in sheet.rows) == 90
    assert sheet.total_weight == "100"


def test_not_applicable_indicator_shows_zero_points(seed_sheet, form_path):
    project = next(p for p in seed_sheet.projects if any(r.status == NOT_APPLICABLE for r in p.indicators))
    sheet = next(s for s in read_sheets(form_path) if s.project_code == project.table.project_code)
    row = next(r for r in sheet.rows if r.name == "感恩党和国家的关爱")
    assert (row.weight, row.score) == ("0", "0") and row.reason


def test_refuses_more_sheets_than_a_workbook_holds(seed_sheet, tmp_path, monkeypatch):
    monkeypatch.setattr(_write, "MAX_SHEETS", 10)
    path = tmp_path / "big.xlsx"
    with pytest.raises(InputError) as info:
        write_official_form(seed_sheet, path)
    message = info.value.render()
    assert "17 个项目" in message and "最多 10 张" in message and "-o 自评表.csv" in message
    assert not path.exists()


def test_accepts_a_pipeline_result(seed_sheet):
    class Result:  # what a pipeline result offers: the sheet, and maybe the year
        sheet = seed_sheet
        year = 2025

    assert official._score_parts(Result(), None) == (seed_sheet, "2025")
    assert official._score_parts(seed_sheet, None) == (seed_sheet, "2026")  # from the target tables' titles
    assert official._score_parts(seed_sheet, 2024)[1] == "2024"
    with pytest.raises(TypeError):
        write_official_form(object(), "never.xlsx")


def test_cli_refuses_before_scoring(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import perfeval.scoring
    from perfeval.cli import cli

    monkeypatch.setattr(_write, "MAX_SHEETS", 10)

    def never(*args, **kwargs):
        raise AssertionError("scored although the workbook was going to be refused")

    monkeypatch.setattr(perfeval.scoring, "score", never)
    path = tmp_path / "自评表.xlsx"
    result = CliRunner().invoke(cli, ["score", str(SEED), str(ACTUALS), "-o", str(path)])
    assert result.exit_code == 2 and "最多 10 张" in result.output and "Traceback" not in result.output
    assert not path.exists()


@pytest.mark.parametrize("rules_name, errors", [
    ("province-20", []),
    # strict keeps weights as printed: 附件 12-4's indicators total 80, so its sheet truly totals 90 of 100.
    # It divides by the budget before adjustment (execution.budget = original), which audit now does too.
    ("strict", ["arith.points_total"]),
])
def test_round_trip_under_other_rule_sets(tmp_path, rules_name, errors):
    from perfeval.api import score_files as api_score

    path = tmp_path / f"{rules_name}.xlsx"
    write_official_form(api_score(str(SEED), str(ACTUALS), rules_name), path)
    rules = load_scoring_rules(rules_name)
    report = audit_report(audit_all(read_sheets(path), rules, taxonomy=None), rules, files=1)
    assert [f["code"] for f in report["findings"] if f["severity"] == "error"] == errors


def test_each_sheet_releases_its_file_so_many_projects_need_few_file_handles(seed_sheet, tmp_path):
    # openpyxl keeps a streamed sheet's temporary file open until save unless the sheet is closed;
    # 52 sheets are written here with room for only 20 more open files (issue 17: Too many open files).
    import os
    import resource

    import attrs

    tables = [attrs.evolve(p, table=attrs.evolve(p.table, label=f"表{n}-{i}"))
              for n in range(3) for i, p in enumerate(seed_sheet.projects)]
    many = attrs.evolve(seed_sheet, projects=tuple(tables))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    in_use = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 64
    resource.setrlimit(resource.RLIMIT_NOFILE, (in_use + 20, hard))
    try:
        write_official_form(many, tmp_path / "many.xlsx")
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    import zipfile

    with zipfile.ZipFile(tmp_path / "many.xlsx") as archive:
        assert sum(n.startswith("xl/worksheets/sheet") for n in archive.namelist()) == 52
