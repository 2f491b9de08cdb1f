"""Human-readable reports: grouped by table, most severe tables first, one summary line."""

from __future__ import annotations

from perfeval.findings import Finding, Severity
from perfeval.model import Location
from perfeval.render.findings import group_by_table, render_markdown, render_table, summary_line


def make(table, severity, line, code="x.y", project=None):
    return Finding(code=code, severity=severity, message=f"{table} 第 {line} 行", table=table, project=project,
                   location=Location("a.txt", line))


FINDINGS = [
    make("附件 12-1", Severity.WARNING, 10), make("附件 2", Severity.INFO, 5),
    make("附件 12-4", Severity.WARNING, 40, project="P4"), make("附件 12-4", Severity.ERROR, 45, project="P4"),
    make(None, Severity.ERROR, 1),
]


def test_groups_put_tables_with_errors_first_and_keep_document_order_within_a_severity():
    groups = group_by_table(FINDINGS)
    assert [label for label, _ in groups] == ["（全文）", "附件 12-4", "附件 12-1", "附件 2"]
    assert [f.severity for f in groups[1][1]] == [Severity.ERROR, Severity.WARNING]


def test_summary_line_counts():
    assert summary_line(FINDINGS, 1) == "共 5 条：错误 2 条，警告 2 条，提示 1 条（1 个文件）"


def test_table_and_markdown_headings_name_the_project_when_there_is_one():
    table = render_table(FINDINGS, 1)
    assert "附件 12-4（项目 P4） · a.txt" in table and table.rstrip().endswith("（1 个文件）")
    markdown = render_markdown(FINDINGS, 1)
    assert "## 附件 12-4（项目 P4） · a.txt" in markdown and "## 附件 2 · a.txt" in markdown


def test_no_findings_still_prints_the_summary():
    assert render_table([], 2) == "共 0 条：错误 0 条，警告 0 条，提示 0 条（2 个文件）\n"
