"""perfeval.xlsx.findings: the validate report as a sorted, filterable workbook."""

from __future__ import annotations

import openpyxl

from perfeval.xlsx import write_findings_xlsx


def _finding(code, severity, message, line=None, cell=None, evidence=None, indicator=None):
    return {"code": code, "severity": severity, "table": "附件 12-4", "project": "50015224T000004338562",
            "indicator": indicator, "message": message,
            "location": {"file": "examples/tongnan-shebao-2026.txt", "line": line, "cell": cell},
            "evidence": evidence or {}}


REPORT = {
    "findings": [
        _finding("unit.missing", "info", "指标“保障社会稳定”没有度量单位", line=470),
        _finding("weights.sum", "error", "附件 12-4 的权重合计为 80，应为 90", line=500, evidence={"total": "80", "expected": "90"}),
        _finding("goal.exceeds", "warning", "=项目当年绩效目标承诺 1176 人，指标只写 500 人", cell="附件12-4!B10",
                 indicator="参保缴费人数"),
        _finding("weights.core", "error", "核心指标不足", line=501),
    ],
    "summary": {"error": 2, "warning": 1, "info": 1, "files": 1},
}


def test_rows_sorted_by_severity_with_filter_and_frozen_header(tmp_path):
    path = tmp_path / "findings.xlsx"
    write_findings_xlsx(REPORT, path)
    ws = openpyxl.load_workbook(path)["问题清单"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["级别", "代码", "表", "项目", "三级指标", "说明", "文件", "行", "单元格", "依据"]
    assert [(r[0], r[1]) for r in rows[1:]] == [("错误", "weights.sum"), ("错误", "weights.core"),
                                                 ("警告", "goal.exceeds"), ("提示", "unit.missing")]
    assert rows[1][9] == "total=80；expected=90"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J5"
    line = ws["H2"]
    assert (line.value, line.data_type) == (500, "n")
    injected = ws["F4"]
    assert (injected.value, injected.data_type) == ("=项目当年绩效目标承诺 1176 人，指标只写 500 人", "s")
    assert ws["I4"].value == "附件12-4!B10"
    # The message column is wide enough for Chinese text: 2 units per character, capped.
    assert ws.column_dimensions["F"].width == 80


def test_summary_sheet_counts(tmp_path):
    path = tmp_path / "findings.xlsx"
    write_findings_xlsx(REPORT, path)
    ws = openpyxl.load_workbook(path)["汇总"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [["错误", 2], ["警告", 1], ["提示", 1], ["文件", 1]]


def test_empty_report_still_writes_a_header(tmp_path):
    path = tmp_path / "none.xlsx"
    write_findings_xlsx({"findings": [], "summary": {"error": 0, "warning": 0, "info": 0, "files": 1}}, path)
    ws = openpyxl.load_workbook(path)["问题清单"]
    assert ws.max_row == 1 and ws["A1"].value == "级别"
