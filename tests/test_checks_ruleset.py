"""Rule files are data, checked completely at load: typos, unknown codes and bad thresholds fail with file and line."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from perfeval.checks.catalogue import validation_rules
from perfeval.checks.ruleset import load_ruleset
from perfeval.errors import RuleError
from perfeval.findings import Severity


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_national_defaults_follow_the_domain_rules():
    rules = load_ruleset()
    assert rules.name == "national"
    assert rules["weights.sum"]["total"] == Decimal(90)
    assert rules["weights.department_sum"]["total"] == Decimal(100)
    assert rules["budget.rounding"]["tolerance"] == Decimal("0.005")
    assert rules["operators.quantity_capped"].severity is Severity.WARNING
    assert rules.taxonomy["满意度指标"] == ("服务对象满意度指标",)
    assert rules.level2_parent["可持续影响指标"] == "效益指标"
    assert "taxonomy.department_core" not in rules.rules


def test_chongqing_extends_national_and_adds_department_rules():
    rules = load_ruleset("chongqing")
    assert rules["taxonomy.department_core"]["min_core"] == 5
    assert rules["taxonomy.department_core"]["min_kinds"] == 2
    assert rules["weights.sum"]["total"] == Decimal(90)
    assert set(load_ruleset().rules) < set(rules.rules)


def test_a_province_overrides_a_threshold_and_switches_a_rule_off(tmp_path):
    path = write(tmp_path, '[ruleset]\nextends = "national"\n[rules."weights.sum"]\ntotal = 100\n'
                           '[rules."goal.unmeasured"]\nenabled = false\n[rules."operators.rate_unit"]\nseverity = "error"\n')
    rules = load_ruleset(str(path))
    assert rules["weights.sum"]["total"] == Decimal(100)
    assert "goal.unmeasured" not in rules.rules
    assert rules["operators.rate_unit"].severity is Severity.ERROR
    assert rules.name == "national" and rules.path == str(path)


def test_a_file_without_extends_runs_only_what_it_lists(tmp_path):
    rules = load_ruleset(str(write(tmp_path, '[rules."weights.sum"]\n')))
    assert set(rules.rules) == {"weights.sum"} and rules["weights.sum"]["total"] == Decimal(90)


def _error(tmp_path, text: str) -> str:
    with pytest.raises(RuleError) as caught:
        load_ruleset(str(write(tmp_path, text)))
    return caught.value.render()


def test_unknown_rule_code_names_file_line_and_suggestion(tmp_path):
    message = _error(tmp_path, '[ruleset]\nname = "x"\n\n[rules."weights.summ"]\ntotal = 90\n')
    assert "mine.toml:4" in message and "weights.summ" in message and "是否想写：weights.sum？" in message


def test_typo_in_a_parameter_names_its_line_and_the_known_keys(tmp_path):
    message = _error(tmp_path, '[rules."weights.sum"]\ntotl = 90\n')
    assert "mine.toml:2" in message and "totl" in message and "是否想写：total？" in message


def test_bad_threshold_is_rejected_with_the_expected_kind(tmp_path):
    message = _error(tmp_path, '[rules."weights.sum"]\ntotal = "ninety"\n[rules."taxonomy.near_miss"]\nsimilarity = 1.5\n')
    assert "mine.toml:2" in message and "weights.sum.total" in message
    assert "mine.toml:4" in message and "0 到 1" in message


def test_bad_severity_and_enabled_values(tmp_path):
    message = _error(tmp_path, '[rules."weights.sum"]\nseverity = "fatal"\n[rules."weights.missing"]\nenabled = "yes"\n')
    assert "mine.toml:2" in message and "mine.toml:4" in message


def test_unknown_section_and_meta_key(tmp_path):
    message = _error(tmp_path, '[rulesset]\nname = "x"\n[ruleset]\ntitel = "y"\n')
    assert "是否想写：ruleset？" in message and "是否想写：title？" in message


def test_several_problems_are_reported_together(tmp_path):
    with pytest.raises(RuleError) as caught:
        load_ruleset(str(write(tmp_path, '[rules."a.b"]\n[rules."weights.sum"]\ntotl = 1\n')))
    assert len(caught.value.problems) == 2


def test_extends_cycle_is_an_error(tmp_path):
    write(tmp_path, '[ruleset]\nextends = "' + str(tmp_path / "b.toml") + '"\n', "a.toml")
    write(tmp_path, '[ruleset]\nextends = "' + str(tmp_path / "a.toml") + '"\n', "b.toml")
    with pytest.raises(RuleError, match="循环"):
        load_ruleset(str(tmp_path / "a.toml"))


def test_unknown_shipped_name_and_toml_syntax_error(tmp_path):
    with pytest.raises(RuleError, match="national"):
        load_ruleset("nowhere")
    message = _error(tmp_path, '[rules."weights.sum"\n')
    assert "mine.toml:1" in message


def test_every_catalogued_parameter_default_is_valid():
    for rule in validation_rules().values():
        for param in rule.params:
            param.convert(param.default)


def test_only_keeps_the_rules_asked_for_as_the_whole_set_has_them_and_still_checks_the_rest(tmp_path):
    from perfeval.selfeval.audit import TAXONOMY_CODES, taxonomy_rules

    for name in ("national", "chongqing"):
        whole, cut = load_ruleset(name), load_ruleset(name, only=TAXONOMY_CODES)
        assert cut == taxonomy_rules(whole) and cut.taxonomy == whole.taxonomy
        assert set(cut.rules) == set(TAXONOMY_CODES) & set(whole.rules) and "taxonomy.near_miss" in cut.rules
        assert cut["taxonomy.near_miss"].values == whole["taxonomy.near_miss"].values
    # a bad value of a rule left out is the same error, at the same line
    text = '[ruleset]\nextends = "national"\n[rules."weights.sum"]\ntotal = "ninety"\n'
    with pytest.raises(RuleError) as whole_error:
        load_ruleset(str(write(tmp_path, text)))
    with pytest.raises(RuleError) as cut_error:
        load_ruleset(str(write(tmp_path, text)), only=TAXONOMY_CODES)
    assert cut_error.value.render() == whole_error.value.render() and "weights.sum.total" in cut_error.value.render()


def test_only_builds_no_values_for_the_rules_left_out():
    code = ("from perfeval.checks.ruleset import load_ruleset\nfrom perfeval.checks.params import _CLASSES\n"
            "from perfeval.selfeval.audit import TAXONOMY_CODES\nload_ruleset('national', only=TAXONOMY_CODES)\n"
            "print(' '.join(sorted(_CLASSES)))")
    made = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert made == ["taxonomy.near_miss", "taxonomy.required"]  # (of the 18 rules with parameters national runs)
