"""Many files, some bad (issue 10.6); batches across units, the terminal, GBK consoles and click's
messages in Chinese (issue 12.6, 12.7)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from perfeval.api import audit_files, score_files, validate_files
from perfeval.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "tongnan-shebao-2026.txt"
SEED_YAML = EXAMPLES / "tongnan-shebao-2026.yaml"
ACTUALS = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"
AUDIT = EXAMPLES / "audit"


def run(*args, **kwargs):
    return CliRunner(**kwargs).invoke(cli, [str(a) for a in args])


@pytest.fixture
def batch(tmp_path):
    """A folder of two units' documents and two stray files."""
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED, folder / "a-shebao.txt")
    other = SEED_YAML.read_text(encoding="utf-8").replace("426-人社局", "427-民政局").replace(
        "426003-社会保险事务中心", "427001-救助站")
    (folder / "b-jiuzhu.yaml").write_text(other, encoding="utf-8")
    (folder / "c-empty.txt").write_text("", encoding="utf-8")
    (folder / "d-binary.json").write_bytes(b"\x00\x01garbage")
    return folder


# --- many files, some bad -----------------------------------------------------------------------------


def test_validate_reads_every_readable_file_and_reports_each_unreadable_one(batch):
    result = run("validate", batch, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert sorted(u["file"].rsplit("/", 1)[1] for u in data["unreadable"]) == ["c-empty.txt", "d-binary.json"]
    assert all(u["problems"] for u in data["unreadable"])
    files = {f["location"]["file"].rsplit("/", 1)[1] for f in data["findings"]}
    assert files == {"a-shebao.txt", "b-jiuzhu.yaml"}  # the stray files hide nothing
    assert data["summary"]["files"] == 2 and data["summary"]["unreadable"] == 2
    # each unreadable file is reported on stderr as it is found, then once more at the end
    assert result.stderr.count("无法读取 ") == 2 and "2 个文件无法读取" in result.stderr


def test_json_is_written_even_when_no_file_could_be_read(tmp_path):
    for command in (["validate", tmp_path / "nope.txt"], ["score", tmp_path / "nope.txt", tmp_path / "nope.yaml"],
                    ["audit", tmp_path / "nope.txt"]):
        result = run(*command, "--format", "json")
        assert result.exit_code == 2, result.output
        data = json.loads(result.stdout)
        assert [u["file"] for u in data["unreadable"]] == [str(p) for p in command[1:]]


def test_score_scores_the_readable_targets_and_names_the_bad_ones(batch, tmp_path):
    result = score_files([batch / "a-shebao.txt", batch / "c-empty.txt"], ACTUALS)
    assert result.exit_code == 2 and len(result.projects) == 17
    assert [u.file for u in result.unreadable] == [str(batch / "c-empty.txt")]
    cli_result = run("score", batch / "a-shebao.txt", batch / "c-empty.txt", ACTUALS, "-o", tmp_path / "s.json")
    assert cli_result.exit_code == 2
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert len(data["projects"]) == 17 and len(data["unreadable"]) == 1


def test_audit_audits_the_readable_sheets_and_names_the_bad_ones(tmp_path):
    folder = tmp_path / "sheets"
    shutil.copytree(AUDIT, folder)
    (folder / "zz-broken.json").write_text("{not json", encoding="utf-8")
    result = audit_files(folder)
    assert result.exit_code == 2 and len(result.audits) == 8
    assert [Path(u.file).name for u in result.unreadable] == ["zz-broken.json"]


# --- batches across units -------------------------------------------------------------------------


def test_groups_by_department_and_implementer(batch):
    result = validate_files(batch)
    groups = {(g["department"], g["implementer"]): g for g in result.groups()}
    assert set(groups) == {("426-人社局", "426003-社会保险事务中心"), ("427-民政局", "427001-救助站")}
    seed = groups[("426-人社局", "426003-社会保险事务中心")]
    assert seed["tables"] == 17 and seed["error"] + seed["warning"] + seed["info"] == 88  # 27 errors, 26 warnings, 35 提示 (issue 11 added sense.rate_as_quantity on 附件 12-7)
    assert seed["codes"]["budget.sum"] == 15


def test_summary_only_prints_the_groups_and_not_the_findings(batch):
    result = run("validate", batch / "a-shebao.txt", batch / "b-jiuzhu.yaml", "--summary-only")
    assert result.exit_code == 1
    assert "按主管部门、实施单位汇总" in result.stdout and "427-民政局" in result.stdout
    assert "第 137 行" not in result.stdout
    score = run("score", SEED, ACTUALS, "--summary-only")
    assert "426003-社会保险事务中心" in score.stdout and "流动宣传车" not in score.stdout
    data = json.loads(run("audit", AUDIT, "--summary-only", "--format", "json").stdout)
    assert "findings" not in data and {g["sheets"] for g in data["groups"]} and data["summary"]["sheets"] == 8


def test_score_groups_give_grades_mean_and_lowest():
    group, = score_files(SEED, ACTUALS).groups()
    assert group["projects"] == 17 and group["by_grade"]["优"] == 17
    assert group["mean_display"] == "97.45" and group["lowest"]["total_display"] == "90.79"


# --- the terminal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 100])
def test_tables_fit_the_terminal_width_and_wrap_chinese(width, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(width))
    output = run("validate", SEED).stdout
    table_lines = [line for line in output.splitlines() if line.startswith(("错误", "警告", "提示", "  ", "---"))]
    assert table_lines and max(wcswidth(line) for line in table_lines) <= width
    assert "budget.sum（上级" in output  # the rule's title beside its code (wrapped within its cell)


def test_show_fits_the_indicator_grid_too(monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")
    output = run("show", SEED, "--table", "附件 12-4").stdout
    grid = output.split("项目当年绩效目标", 1)[1].split("权重合计", 1)[0].splitlines()[1:]
    assert grid[0].startswith("一级指") and max(wcswidth(line) for line in grid) <= 70


def test_min_severity_hides_info_but_not_the_exit_code():
    shown = run("validate", SEED, "--min-severity", "warning", "--format", "json")
    data = json.loads(shown.stdout)
    assert shown.exit_code == 1 and data["summary"]["info"] == 0 and data["summary"]["warning"] == 26
    assert "提示" not in run("validate", SEED, "--min-severity", "warning").stdout.split("共 ")[0]


def test_clicks_own_messages_are_chinese():
    missing = run("validate")
    assert missing.exit_code == 2 and "缺少参数" in missing.output and "用法：" in missing.output
    unknown = run("validat")
    assert unknown.exit_code == 2 and "没有命令" in unknown.output
    helped = run("--help")
    assert "用法：" in helped.output and "选项" in helped.output and "命令" in helped.output
    bad = run("validate", SEED, "--fail-on", "sometimes")
    assert bad.exit_code == 2 and "的值无效" in bad.output


@pytest.mark.parametrize("argv", [
    ["show", SEED], ["convert", SEED, "-o", "-"], ["validate", SEED], ["validate", "缺失✓.txt"],
    ["score", SEED, ACTUALS], ["audit", AUDIT], ["rules", "list"], ["validate"], ["nosuch"],
], ids=lambda a: " ".join(map(str, a))[:40])
def test_a_gbk_console_never_gets_a_traceback(argv):
    """In-process: click's runner with a strict GBK stream, as `PYTHONIOENCODING=gbk` gives."""
    result = run(*argv, charset="gbk")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2)


def test_a_gbk_console_in_a_real_process():
    """The issue's case: `perfeval audit` with output redirected and PYTHONIOENCODING=gbk."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    done = subprocess.run([sys.executable, "-m", "perfeval", "audit", str(AUDIT), "--min-severity", "info",
                           "缺失✓.txt"], capture_output=True, env=env, timeout=60)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert "无法读取 缺失?.txt".encode("gbk") in done.stderr  # ✓ is not in GBK: replaced, not fatal


def test_a_progress_bar_only_on_a_terminal_and_only_for_long_runs(monkeypatch):
    import io

    from perfeval.cli import _common

    with _common.progress(1000, "校验") as update:
        assert update is None  # stderr is not a terminal under pytest
    stream = io.StringIO()
    stream.isatty = lambda: True
    monkeypatch.setattr(sys, "stderr", stream)
    with _common.progress(5, "校验") as update:
        assert update is None  # too short to need one
    with _common.progress(40, "校验") as update:
        update(40)
    assert "校验" in stream.getvalue()
