"""`perfeval score` end to end: the seed under every shipped rule set, formats, exit codes."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from perfeval.cli import cli

from .conftest import EXAMPLES, SEED

ACTUALS = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"


def run(*args):
    return CliRunner().invoke(cli, ["score", *map(str, args)])


@pytest.fixture(scope="module")
def totals():
    out = {}
    for rules in ("national", "province-20", "strict"):
        result = run(SEED, ACTUALS, "--rules", rules, "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert len(data["projects"]) == 17 and all(p["complete"] for p in data["projects"])
        out[rules] = {p["table"]: Decimal(p["total"]) for p in data["projects"]}
    return out


def test_seed_scores_under_every_rule_set_with_different_totals(totals):
    assert totals["national"] != totals["province-20"] != totals["strict"]
    # 附件 12-7: everything met and fully spent → 100 under all three
    assert {t["附件 12-7"] for t in totals.values()} == {Decimal(100)}


def test_seed_hand_checked_projects(totals):
    # 附件 12-1 national: 30 + 20 + 10×96/100 + 10 + 20 = 89.6; execution 10 × 24.6/25 = 9.84 → 99.44
    assert totals["national"]["附件 12-1"] == Decimal("99.44")
    # strict: 扩大社会保险宣传面 unmet → 0: 80 + 9.84 = 89.84
    assert totals["strict"]["附件 12-1"] == Decimal("89.84")
    # 附件 12-2 strict: 市级示范社区 3 vs ≥1 → excess 2 → Max(0, 30 − 30 × 1.5) = 0; 18 + 10 + 20 + 10 + 10 = 68
    assert totals["strict"]["附件 12-2"] == Decimal(68)
    # 附件 12-9 national: 感恩… not applicable → 60 printed rescaled ×1.5: 发放人数 30 × 6200/6500 + 45 + 15 × 99/100;
    # execution 10 × 104.5/110 = 9.5
    expected = Decimal(30) * 6200 / 6500 + 45 + Decimal("14.85") + Decimal("9.5")
    assert abs(totals["national"]["附件 12-9"] - expected) < Decimal("1e-20")
    # 附件 12-4 prints weights summing to 80: strict keeps them (max 90), national rescales to 90
    assert totals["strict"]["附件 12-4"] < 90 and totals["national"]["附件 12-4"] > 98


def test_csv_actuals_give_the_same_sheet():
    yaml_out = run(SEED, ACTUALS, "--format", "json").output
    csv_out = run(SEED, EXAMPLES / "tongnan-shebao-2026.actuals.csv", "--format", "json").output
    assert yaml_out == csv_out


def test_table_and_markdown_and_output_file(tmp_path):
    table = run(SEED, ACTUALS)
    assert table.exit_code == 0 and "附件 12-17" in table.output and "总分" in table.output
    target = tmp_path / "sheet.md"
    result = run(SEED, ACTUALS, "--format", "markdown", "-o", target)
    assert result.exit_code == 0 and result.stdout == "" and "## 汇总" in target.read_text(encoding="utf-8")
    assert f"已写入 {target}" in result.stderr


def test_xlsx_output_goes_to_the_excel_writer(tmp_path, monkeypatch):
    import sys
    import types

    seen = {}
    module = types.ModuleType("perfeval.xlsx")
    module.write_score_xlsx = lambda sheet, path: seen.update(sheet=sheet, path=path)
    module.check_score_workbook = lambda projects, path: seen.update(checked=projects)
    monkeypatch.setitem(sys.modules, "perfeval.xlsx", module)
    # --layout sheet: perfeval's own score workbook (the default is the official 自评表, perfeval.xlsx.official)
    result = run(SEED, ACTUALS, "-o", tmp_path / "sheet.xlsx", "--layout", "sheet")
    assert result.exit_code == 0 and seen["path"].parent == tmp_path and (tmp_path / "sheet.xlsx").exists()
    assert seen["checked"] == 17  # the sheet count is checked before scoring
    assert seen["sheet"]["rule_set"]["name"] == "national" and len(seen["sheet"]["projects"]) == 17


def test_missing_actuals_exit_1_and_are_listed_at_once(tmp_path):
    text = ACTUALS.read_text(encoding="utf-8")
    kept = "\n".join(line for line in text.splitlines() if "市级配套" not in line and "领取人员满意度" not in line)
    path = tmp_path / "missing.yaml"
    path.write_text(kept, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(SEED), str(path), "--format", "json"])
    assert result.exit_code == 1
    assert "缺少 4 项" in result.stderr and result.stderr.count("缺少实际完成值") == 4
    data = json.loads(result.stdout)
    assert sum(not p["complete"] for p in data["projects"]) == 3


def test_bad_actuals_exit_2_without_traceback(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("projects:\n- 项目编码: 50015224T000004337668\n  全年预算数: 25\n  全年执行数: 20\n  指标:\n"
                    "  - {三级指标: 流动宣传车, 实际完成值: 2万元}\n  - {三级指标: 不存在的指标, 实际完成值: 1}\n"
                    "- 项目编码: 50015224T000004338295\n  指标:\n  - {三级指标: 保障社会稳定, 实际完成值: 100%}\n",
                    encoding="utf-8")
    result = run(SEED, path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{path}:6" in result.output and "无法换算" in result.output
    assert f"{path}:7" in result.output and "没有这个三级指标" in result.output
    assert f"{path}:10" in result.output and "出现 2 次" in result.output


def test_bad_rule_file_exit_2(tmp_path):
    path = tmp_path / "evil.toml"
    path.write_text((EXAMPLES.parent / "rules" / "scoring" / "national.toml").read_text(encoding="utf-8")
                    .replace('ge = "if_(actual >= target, weight, weight * actual / target)"', 'ge = "__import__(\'os\')"'), encoding="utf-8")
    result = run(SEED, ACTUALS, "--rules", path)
    assert result.exit_code == 2 and "formulas.ge" in result.output and "__import__" in result.output


def test_unreadable_targets_exit_2(tmp_path):
    result = run(tmp_path / "none.txt", ACTUALS)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_seed_as_perfeval_yaml_scores_the_same():
    from_text = json.loads(run(SEED, ACTUALS, "--format", "json").output)
    from_yaml = json.loads(run(EXAMPLES / "tongnan-shebao-2026.yaml", ACTUALS, "--format", "json").output)
    assert [p["total"] for p in from_yaml["projects"]] == [p["total"] for p in from_text["projects"]]


def test_no_progress_bar_on_a_pipe():
    result = run(SEED, ACTUALS, "--format", "json")
    assert result.stderr == ""


def test_the_official_layout_is_refused_cleanly_where_it_is_not_installed(tmp_path, monkeypatch):
    import perfeval.output as output

    monkeypatch.setattr(output, "find_spec", lambda name: None)
    result = run(SEED, ACTUALS, "-o", tmp_path / "form.xlsx", "--layout", "official")
    assert result.exit_code == 2 and "--layout sheet" in result.stderr and not (tmp_path / "form.xlsx").exists()
    assert [p for p in tmp_path.iterdir()] == []


@pytest.mark.parametrize("complete", [True, False])
def test_a_result_kept_to_the_end_of_the_process_changes_no_output_nor_exit_code(complete, tmp_path):
    """Runs of KEEP_MIN projects or more leave their result to the process's end (not freed object by
    object): in a real process with the threshold at one project, the seed's table, its stderr and its exit
    code (0; 1 with an actual missing) are those of a run that frees it."""
    import subprocess
    import sys

    actuals = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"
    if not complete:
        text = actuals.read_text(encoding="utf-8")
        cut = tmp_path / "missing.yaml"
        cut.write_text("\n".join(line for line in text.splitlines() if "市级配套" not in line), encoding="utf-8")
        actuals = cut
    program = ("import sys, perfeval.cli.score as s\n"
               "s.KEEP_MIN = int(sys.argv[1])\n"
               "from perfeval.cli import main\n"
               "main(sys.argv[2:])\n")
    runs = [subprocess.run([sys.executable, "-c", program, threshold, "score", str(SEED), str(actuals)],
                           capture_output=True, text=True, encoding="utf-8") for threshold in ("1", "1000000")]
    kept, freed = runs
    assert (kept.returncode, kept.stdout, kept.stderr) == (freed.returncode, freed.stdout, freed.stderr)
    assert kept.returncode == (0 if complete else 1) and "总分" in kept.stdout
