"""`perfeval rules list`, and docs/rules.md kept identical to the generated catalogue."""

from __future__ import annotations

import json

from click.testing import CliRunner

from perfeval.checks.catalogue import validation_rules
from perfeval.cli import cli
from perfeval.cli.rules import rules

from .conftest import ROOT


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_list_prints_every_rule_with_its_default_severity():
    result = run("rules", "list")
    assert result.exit_code == 0
    for rule in validation_rules().values():
        line = next(line for line in result.output.splitlines() if line.startswith(rule.code + " "))
        assert rule.severity.value in line and rule.title in line
    assert result.output.rstrip().endswith(f"共 {len(validation_rules())} 条规则，运行 {len(validation_rules())} 条")


def test_list_with_a_rule_set_shows_its_values_and_what_is_off():
    result = run("rules", "list", "--rules", "national")
    line = next(line for line in result.output.splitlines() if line.startswith("taxonomy.department_core"))
    assert " off " in line
    assert "total = 90" in next(line for line in result.output.splitlines() if line.startswith("weights.sum "))
    chongqing = json.loads(run("rules", "list", "--rules", "chongqing", "--format", "json").output)
    entry = next(e for e in chongqing["rules"] if e["code"] == "taxonomy.department_core")
    assert (entry["enabled"], entry["params"]) == (True, {"min_core": 5, "min_kinds": 2})


def test_list_with_a_bad_rule_set_exits_2(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[rules."weights.sun"]\n', encoding="utf-8")
    result = run("rules", "list", "--rules", str(path))
    assert result.exit_code == 2 and "是否想写：weights.sum？" in result.output


def test_docs_rules_md_embeds_the_generated_catalogue():
    generated = run("rules", "list", "--format", "markdown").output
    text = (ROOT / "docs" / "rules.md").read_text("utf-8")
    embedded = text.split("<!-- catalogue:begin -->\n", 1)[1].split("<!-- catalogue:end -->", 1)[0]
    assert embedded == generated, "regenerate with: perfeval rules list --format markdown"


def test_the_group_takes_more_subcommands():
    assert {"list", "check"} <= set(rules.commands)
    assert rules.name == "rules"


def test_the_rule_set_example_in_the_docs_loads(tmp_path):
    from decimal import Decimal

    from perfeval.checks.ruleset import load_ruleset

    text = (ROOT / "docs" / "rules.md").read_text("utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "sichuan.toml"
    path.write_text(example, encoding="utf-8")
    rules = load_ruleset(str(path))
    assert rules.name == "sichuan" and rules["weights.sum"]["total"] == Decimal(100)
    assert "goal.unmeasured" not in rules.rules
    assert rules.taxonomy["产出指标"] == ("数量指标", "质量指标", "时效指标")
