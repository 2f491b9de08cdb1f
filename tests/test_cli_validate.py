"""`perfeval validate` as a user runs it: formats, exit codes, output files, bad input, start-up imports."""

from __future__ import annotations

import json
from pathlib import Path
import subprocess
import sys

import pytest
from click.testing import CliRunner

from perfeval.cli import cli
from perfeval.readers import read_document
from perfeval.writers.native import dump_json

from .conftest import ROOT, SEED


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_seed_as_json_reports_the_known_defects_and_exits_1():
    result = run("validate", str(SEED), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    weights = [f for f in report["findings"] if f["code"] == "weights.sum"]
    assert [(f["table"], f["project"], f["evidence"]) for f in weights] == [
        ("附件 12-4", "50015224T000004338562", {"total": "80", "expected": "90"})]
    goal = [f for f in report["findings"] if f["code"] == "goal.weaker" and f["table"] == "附件 12-4"]
    assert [(f["evidence"]["goal_value"], f["evidence"]["value"]) for f in goal] == [("1176", "500")]
    summary = report["summary"]
    assert summary["files"] == 1
    assert summary["error"] == sum(f["severity"] == "error" for f in report["findings"]) > 0
    assert set(report["findings"][0]) == {"code", "severity", "table", "project", "indicator", "message", "location", "evidence"}


def test_table_format_groups_by_table_most_severe_first_and_ends_with_the_counts():
    result = run("validate", str(SEED))
    lines = result.output.rstrip("\n").splitlines()
    report = json.loads(run("validate", str(SEED), "--format", "json").output)["summary"]
    assert lines[-1] == (f"共 {report['error'] + report['warning'] + report['info']} 条：错误 {report['error']} 条，"
                         f"警告 {report['warning']} 条，提示 {report['info']} 条（1 个文件）")
    headings = [line for line in lines if line.startswith("附件") and " · " in line]
    assert any(h.startswith("附件 12-4（项目 50015224T000004338562）") for h in headings)
    first_warning_only = next(i for i, h in enumerate(headings) if h.startswith("附件 12-1（"))
    assert all(not h.startswith("附件 12-4") for h in headings[first_warning_only:])


def test_markdown_format():
    result = run("validate", str(SEED), "--format", "markdown")
    assert result.output.startswith("# 绩效目标校验结果")
    assert "## 附件 12-4（项目 50015224T000004338562）" in result.output
    assert "| 错误   | weights.sum" in result.output


@pytest.mark.parametrize("fail_on, code", [("never", 0), ("error", 1), ("warning", 1)])
def test_fail_on(fail_on, code):
    assert run("validate", str(SEED), "--fail-on", fail_on, "--format", "json").exit_code == code


def test_clean_document_exits_0_and_warning_threshold_counts_warnings(tmp_path):
    from perfeval.writers.native import dump_json

    from .builders import document, sound_table

    path = tmp_path / "clean.json"
    path.write_text(dump_json(document([sound_table()])), encoding="utf-8")
    assert run("validate", str(path)).exit_code == 0
    warned = tmp_path / "warned.json"
    warned.write_text(dump_json(document([sound_table(start="2025 年")])), encoding="utf-8")
    assert run("validate", str(warned)).exit_code == 0
    assert run("validate", str(warned), "--fail-on", "warning").exit_code == 1


def test_output_files(tmp_path):
    out = tmp_path / "report.json"
    result = run("validate", str(SEED), "-o", str(out))
    assert result.exit_code == 1 and "已写入" in result.output
    assert json.loads(out.read_text("utf-8"))["summary"]["files"] == 1
    md = tmp_path / "report.md"
    run("validate", str(SEED), "-o", str(md))
    assert md.read_text("utf-8").startswith("# 绩效目标校验结果")
    bad = run("validate", str(SEED), "-o", str(tmp_path / "report.pdf"))
    assert bad.exit_code == 2


def test_several_files_are_counted(tmp_path):
    report = json.loads(run("validate", str(SEED), str(SEED), "--format", "json").output)
    assert report["summary"]["files"] == 2
    assert sum(f["code"] == "weights.sum" for f in report["findings"]) == 2


def test_unreadable_input_exits_2_without_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run("validate", str(empty))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_bad_rule_file_exits_2_with_the_problem(tmp_path):
    rules = tmp_path / "bad.toml"
    rules.write_text('[rules."weights.sum"]\ntotl = 90\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(SEED), "--rules", str(rules)])
    assert result.exit_code == 2
    assert "bad.toml:2" in result.output and "是否想写：total？" in result.output


def test_a_province_rule_set_changes_the_total(tmp_path):
    rules = tmp_path / "hundred.toml"
    rules.write_text('[ruleset]\nextends = "national"\n[rules."weights.sum"]\ntotal = 100\n', encoding="utf-8")
    report = json.loads(run("validate", str(SEED), "--rules", str(rules), "--format", "json").output)
    assert sum(f["code"] == "weights.sum" for f in report["findings"]) == 17


@pytest.mark.parametrize("suffix, output_format", [(".txt", "json"), (".json", "json"), (".txt", "table")])
def test_validate_imports_no_heavy_module_it_does_not_use(suffix, output_format, tmp_path):
    source = SEED
    if suffix == ".json":
        source = tmp_path / "seed.json"
        source.write_text(dump_json(read_document(SEED)), encoding="utf-8")
    # packages by their top-level name; then modules by their own name: the wcwidth package (its C extension
    # is loaded alone, perfeval.render.width), tabulate (the terminal table lays out plain cells itself), what
    # only -o uses (tempfile, shutil), the process pool of --jobs with more than one file and the actuals' readers
    # (the typed JSON decoder's actuals half included)
    code = ("import sys\nfrom perfeval.cli import main\n"
            f"try:\n    main(['validate', sys.argv[1], '--format', '{output_format}'])\nexcept SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sympy', 'hypothesis', 'openpyxl', 'yaml', 'pdfplumber',"
            " 'pdfminer', 'docx', 'xlrd', 'opencc', 'lxml', 'bs4', 'html5lib'}), file=sys.stderr)\n"
            "print(sorted(set(sys.modules) & {'wcwidth', 'tabulate', 'tempfile', 'shutil', 'concurrent.futures.process',"
            " 'perfeval.actuals', 'perfeval.readers.actuals', 'perfeval.readers._fastjson_actuals'}),"
            " file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(source)], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.stderr.strip().splitlines()[-2:] == ["[]", "[]"]


def test_xlsx_output_goes_through_the_excel_writer(tmp_path, monkeypatch):
    import types

    written = {}
    fake = types.ModuleType("perfeval.xlsx")
    fake.write_findings_xlsx = lambda report, path: written.update(report=report, path=str(path))
    monkeypatch.setitem(sys.modules, "perfeval.xlsx", fake)
    out = tmp_path / "report.xlsx"
    result = run("validate", str(SEED), "-o", str(out))
    assert result.exit_code == 1
    # written to a temporary file beside the target, then renamed onto it
    assert Path(written["path"]).parent == out.parent and out.exists() and not Path(written["path"]).exists()
    assert written["report"]["summary"]["files"] == 1
    assert {f["code"] for f in written["report"]["findings"]} >= {"weights.sum", "goal.weaker"}


def test_findings_come_out_in_the_same_order_whatever_the_hash_seed():
    # Regression: budget column groups were visited in set order, so 附件 4's findings swapped between runs.
    outputs = set()
    for seed in ("0", "7", "123"):
        result = subprocess.run([sys.executable, "-m", "perfeval", "validate", str(SEED), "--format", "json"],
                                capture_output=True, text=True, cwd=ROOT,
                                env={"PYTHONPATH": str(ROOT), "PATH": "", "PYTHONHASHSEED": seed})
        outputs.add(result.stdout)
    assert len(outputs) == 1 and '"budget.column_sum"' in outputs.pop()


def test_a_large_document_and_its_result_are_left_to_the_end_of_the_process(tmp_path):
    from perfeval import _gc
    from perfeval.api import ValidateResult
    from perfeval.model import Document

    tables = [{"表号": f"附件 12-{p + 1}", "项目编码": f"P{p:04d}", "项目名称": f"项目{p}", "资金总额": 10,
               "绩效指标": [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "发放人数", "指标": "≥ 10 人",
                             "权重": 90}]} for p in range(_gc.KEEP_MIN)]
    large = tmp_path / "province.json"
    large.write_text(json.dumps({"格式": "perfeval 文档 1", "年度": 2026, "项目绩效目标表": tables}, ensure_ascii=False),
                     encoding="utf-8")
    parked = _gc._KEPT
    first = run("validate", str(large), "--format", "json", "-o", str(tmp_path / "a.json"))
    assert first.exit_code in (0, 1), first.output
    assert len(parked) == 3 and isinstance(parked[1], Document) and isinstance(parked[2], ValidateResult)
    assert len(parked[1].target_tables) == _gc.KEEP_MIN and len(parked[2].units) == _gc.KEEP_MIN + 1
    document, result = parked[1], parked[2]
    again = run("validate", str(large), "--format", "json", "-o", str(tmp_path / "b.json"))
    assert again.exit_code == first.exit_code and len(parked) == 3  # the earlier ones let go, never piled up
    assert parked[1] is not document and parked[2] is not result
    assert (tmp_path / "b.json").read_bytes() == (tmp_path / "a.json").read_bytes()
    kept = parked[1:]
    small = run("validate", str(SEED), "--format", "json")
    assert small.exit_code == 1 and len(parked) == 3  # a small document and result are not kept
    assert parked[1] is kept[0] and parked[2] is kept[1]


def test_writing_a_file_imports_no_tempfile_and_leaves_no_temporary(tmp_path):
    out = tmp_path / "report.json"
    code = ("import sys\nfrom perfeval.cli import main\n"
            "try:\n    main(['validate', sys.argv[1], '--format', 'json', '-o', sys.argv[2]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(set(sys.modules) & {'tempfile', 'shutil', 'random'}), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(SEED), str(out)], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["error"] == 27
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]
