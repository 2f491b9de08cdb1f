"""`perfeval audit` as a user runs it: the example batch, formats, exit codes, output files, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

from click.testing import CliRunner

from perfeval.cli import cli

from .conftest import EXAMPLES, ROOT

AUDIT = EXAMPLES / "audit"
CLEAN = [str(AUDIT / "clean-shebao-dengji.yaml"), str(AUDIT / "clean-tuixiu-fuwu.txt")]
BATCH = sorted(str(p) for p in AUDIT.iterdir() if p.suffix in (".txt", ".yaml", ".json", ".xlsx"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_clean_sheets_exit_0_and_say_so():
    result = run("audit", *CLEAN)
    assert result.exit_code == 0, result.output
    assert result.output.count("未发现问题。") == 2
    assert "错误 0 条，警告 0 条，提示 0 条" in result.output


def test_example_batch_as_json_finds_each_planted_fault():
    result = run("audit", *BATCH, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    codes = {f["code"] for f in report["findings"]}
    assert {"arith.score_range", "arith.points_total", "arith.stated_points", "arith.rate", "arith.grade",
            "rescore.over", "rescore.under", "rescore.execution", "explain.unmet", "explain.over",
            "explain.execution", "quality.actual_as_target", "quality.actual_word", "quality.unit_mismatch",
            "quality.category", "sheet.number"} <= codes
    clean = {s["table"]: s for s in report["sheets"]}
    assert clean["clean-tuixiu-fuwu.txt"]["error"] == clean["clean-tuixiu-fuwu.txt"]["warning"] == 0
    assert report["summary"]["files"] == len(BATCH)
    first = report["findings"][0]
    assert set(first) == {"code", "severity", "table", "project", "indicator", "message", "location", "evidence"}


def test_markdown_output_file_and_fail_on_never(tmp_path):
    out = tmp_path / "report.md"
    result = run("audit", *BATCH, "-o", str(out), "--fail-on", "never")
    assert result.exit_code == 0
    assert "已写入" in result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("## 自评表复核") and "| 级别" in text and "### 汇总" in text


def test_json_output_file(tmp_path):
    out = tmp_path / "report.json"
    assert run("audit", *CLEAN, "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["sheets"] == 2


def test_fail_on_warning():
    assert run("audit", CLEAN[0], "--fail-on", "warning").exit_code == 0
    assert run("audit", str(AUDIT / "faulty-points-110.yaml"), "--rules", "national", "--fail-on", "warning").exit_code == 1


def test_unreadable_sheets_are_all_named_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("项目名称: X\n总份: 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", str(bad), str(tmp_path / "missing.txt"), CLEAN[0]])
    assert result.exit_code == 2
    assert "bad.yaml:2" in result.output and "missing.txt" in result.output and "文件不存在" in result.output
    assert "Traceback" not in result.output


def test_bad_rules_and_bad_options_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["audit", CLEAN[0], "--rules", "nosuch"])
    assert result.exit_code == 2
    assert CliRunner().invoke(cli, ["audit", CLEAN[0], "--tolerance", "-1"]).exit_code == 2
    assert CliRunner().invoke(cli, ["audit", CLEAN[0], "-o", str(tmp_path / "x.pdf")]).exit_code == 2


def test_province_rules_change_the_verdict():
    report = json.loads(run("audit", CLEAN[1], "--rules", "province-20", "--format", "json").output)
    assert [f["code"] for f in report["findings"] if f["severity"] != "info"] == ["arith.points_split"]


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    files = []
    for i in range(25):
        path = tmp_path / f"s{i}.yaml"
        path.write_text((AUDIT / "clean-shebao-dengji.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        files.append(str(path))
    code = "import sys\nfrom perfeval.cli import main\nmain(sys.argv[1:])"
    result = subprocess.run([sys.executable, "-c", code, "audit", *files, "--format", "json"], capture_output=True,
                            text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.returncode == 0
    assert result.stderr == ""
    assert json.loads(result.stdout)["summary"]["sheets"] == 25


def test_auditing_text_and_json_imports_no_openpyxl_hypothesis_or_yaml():
    code = ("import sys\nfrom perfeval.cli import main\n"
            "try:\n    main(['audit', *sys.argv[1:], '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'hypothesis', 'openpyxl', 'yaml'}), file=sys.stderr)")
    files = [str(AUDIT / "clean-tuixiu-fuwu.txt"), str(AUDIT / "faulty-jiuye-peixun.json")]
    result = subprocess.run([sys.executable, "-c", code, *files], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_auditing_a_json_batch_as_a_table_imports_only_what_it_runs(tmp_path):
    """A batch the lean JSON reader reads (from 64 KB), written as a table: json is imported only to write JSON or
    to read a small file, and the target documents' reader not at all."""
    sheet = {key: value for key, value in json.loads((AUDIT / "faulty-jiuye-peixun.json").read_text(encoding="utf-8"))
             .items() if key != "格式"}
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps({"自评表": [sheet] * 40}, ensure_ascii=False), encoding="utf-8")
    assert batch.stat().st_size >= 1 << 16
    code = ("import sys\nfrom perfeval.cli import main\ntry:\n    main(['audit', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('json', 'msgspec') or m == 'perfeval.native'),"
            " file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(batch)], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert "batch.json#40　" in result.stdout and "batch.json#41" not in result.stdout
    imported = result.stderr.strip().splitlines()[-1]
    assert "'msgspec.json'" in imported and "'json'" not in imported  # (read by msgspec, written as a table)
    assert "perfeval.native" not in imported  # (target documents' reader: the number hooks come from readers.native)


def test_excel_report_has_the_findings_and_the_audit_views(tmp_path):
    import openpyxl

    out = tmp_path / "report.xlsx"
    result = run("audit", *BATCH, "-o", str(out))
    assert result.exit_code == 1 and "已写入" in result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["问题清单", "复核汇总", "等级对照", "差异最大", "总分差异", "常见问题", "汇总"]
    report = json.loads(run("audit", *BATCH, "--format", "json").output)
    findings = list(book["问题清单"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == len(report["findings"])
    assert findings[0][0] == "错误"
    sheets = {row[0]: row for row in book["复核汇总"].iter_rows(min_row=2, values_only=True)}
    # a sheet with a row that could not be re-scored gets no re-scored total, and says which row
    daolu = {s["table"]: s for s in report["sheets"]}["faulty-daolu-yanghu.txt"]
    assert daolu["rescored_total"] is None and daolu["unscored"] == ["桥梁检测数量"]
    assert sheets["faulty-daolu-yanghu.txt"][6] is None
    assert sheets["workbook-yanglao.xlsx[平铺] 50015224T000004339201"][7] == "优"


def test_excel_report_keeps_re_scored_totals_to_four_places(tmp_path):
    import openpyxl

    sheet = (AUDIT / "clean-shebao-dengji.yaml").read_text(encoding="utf-8")
    path = tmp_path / "third.yaml"
    path.write_text(sheet, encoding="utf-8")
    report = json.loads(run("audit", str(path), "--format", "json").output)
    exact = report["sheets"][0]["rescored_total"]
    out = tmp_path / "report.xlsx"
    run("audit", str(path), "-o", str(out))
    row = next(openpyxl.load_workbook(out)["复核汇总"].iter_rows(min_row=2, values_only=True))
    assert row[6] == float(round(Decimal(exact), 4))


def test_taxonomy_checks_can_be_turned_off():
    sheet = str(AUDIT / "faulty-jiuye-peixun.json")
    with_names = json.loads(run("audit", sheet, "--format", "json").output)
    assert "taxonomy.near_miss" in {f["code"] for f in with_names["findings"]}
    without = json.loads(run("audit", sheet, "--format", "json", "--taxonomy", "off").output)
    assert not [f for f in without["findings"] if f["code"].startswith("taxonomy.")]
    assert CliRunner().invoke(cli, ["audit", sheet, "--taxonomy", "nosuch"]).exit_code == 2


def test_a_folder_stands_for_the_sheets_in_it(tmp_path):
    report = json.loads(run("audit", str(AUDIT), "--format", "json").output)
    assert report["summary"]["files"] == len(BATCH)
    assert sorted({s["file"] for s in report["sheets"]}) == BATCH
    empty = CliRunner().invoke(cli, ["audit", str(tmp_path)])
    assert empty.exit_code == 2 and "没有自评表文件" in empty.output


def test_progress_bar_on_a_terminal_for_a_large_batch(tmp_path):
    import os
    import pty

    sheet = (AUDIT / "clean-shebao-dengji.yaml").read_text(encoding="utf-8")
    for i in range(25):
        (tmp_path / f"s{i:02d}.yaml").write_text(sheet, encoding="utf-8")
    master, slave = pty.openpty()
    code = "import sys\nfrom perfeval.cli import main\nmain(sys.argv[1:])"
    result = subprocess.run([sys.executable, "-c", code, "audit", str(tmp_path), "--format", "json"], stdout=subprocess.PIPE,
                            stderr=slave, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert result.returncode == 0
    assert "复核自评表" in shown.decode("utf-8", "replace")
    assert json.loads(result.stdout)["summary"]["sheets"] == 25  # stdout stays clean JSON
