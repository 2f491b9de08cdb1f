"""`perfeval rules check`: one line per property, counterexample tables, exit codes 0 / 1 / 2."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from perfeval.cli.rules_check import check
from perfeval.rulesets import rules_dir

BROKEN = Path(__file__).parent / "rules_broken"


def _run(*args):
    return CliRunner().invoke(check, [*args], catch_exceptions=False)


def test_a_shipped_scoring_rule_set_passes_with_exit_0():
    result = _run(str(rules_dir() / "scoring" / "strict.toml"), "--max-examples", "20")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("  [")]
    assert len(lines) == 16
    assert all(line.startswith("  [通过]") for line in lines)


def test_a_wrong_way_le_fails_with_exit_1_and_a_table_naming_the_rule():
    result = _run(str(BROKEN / "le_wrong_way.toml"), "--max-examples", "30", "--seed", "3")
    assert result.exit_code == 1
    assert "[失败] ≥ 随实际完成值增大不减，≤ 不增  ← formulas.le" in result.output
    assert "反例（规则 formulas.le）" in result.output
    header = next(line for line in result.output.splitlines() if "实际完成值" in line and "得分" in line)
    assert "指标性质" in header and "分值" in header


def test_overlapping_bands_fail_with_exit_1():
    result = _run(str(BROKEN / "overlapping_bands.toml"), "--max-examples", "10")
    assert result.exit_code == 1
    assert "qualitative.bands.达成" in result.output


def test_an_unreadable_file_exits_2_without_a_traceback():
    result = CliRunner().invoke(check, [str(BROKEN / "unreadable.toml")])
    assert result.exit_code == 2
    assert "unreadable.toml:2" in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_exits_2():
    result = CliRunner().invoke(check, ["no/such/rules.toml"])
    assert result.exit_code == 2
    assert "规则文件不存在" in result.output


def test_an_unknown_name_lists_the_shipped_rule_sets():
    result = CliRunner().invoke(check, ["nosuchname"])
    assert result.exit_code == 2
    assert "national" in result.output


def test_max_examples_must_be_positive():
    result = CliRunner().invoke(check, ["national", "--max-examples", "0"])
    assert result.exit_code == 2


def test_tables_option_takes_the_validation_rule_set_for_scoring_checks():
    result = _run(str(rules_dir() / "scoring" / "province-20.toml"), "--max-examples", "10", "--tables", "chongqing")
    assert result.exit_code == 0, result.output
    missing = CliRunner().invoke(check, ["strict", "--tables", "nosuch"])
    assert missing.exit_code == 2
