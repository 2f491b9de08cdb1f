"""Loading scoring rule sets: the shipped ones, and every kind of malformed file refused at load time."""

from __future__ import annotations

from decimal import Decimal

import attrs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.actuals import Band
from perfeval.errors import RuleError
from perfeval.operators import Operator
from perfeval.rulesets import shipped
from perfeval.scoring.rules import load_scoring_rules

from ._scoring import variant


def test_three_rule_sets_ship():
    assert {p.stem for p in shipped("scoring")} >= {"national", "province-20", "strict"}


def test_national_is_the_domain_default():
    rules = load_scoring_rules("national")
    assert (rules.indicator_points, rules.execution_points) == (90, 10)
    assert [(g.name, g.minimum) for g in rules.grades] == [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
    achieved, partly, missed = (rules.bands[b] for b in (Band.ACHIEVED, Band.PARTLY, Band.NOT_ACHIEVED))
    assert (achieved.interval, partly.interval, missed.interval) == ("[0.8, 1]", "[0.6, 0.8)", "[0, 0.6)")
    assert str(rules.formulas[Operator.GE]) == "Piecewise((weight, actual >= target), (actual*weight/target, True))"
    assert rules.execution_threshold == Decimal("0.9")


def test_variants_differ_in_substance():
    province, strict = load_scoring_rules("province-20"), load_scoring_rules("strict")
    assert (province.indicator_points, province.execution_points) == (80, 20)
    assert province.bands[Band.PARTLY].low == Decimal("0.5")
    assert strict.over_policy == "deduct" and strict.weights == "as_printed"


@pytest.mark.parametrize("old, new, line, words", [
    ('ge = "if_(actual >= target, weight, weight * actual / target)"', 'ge = "__import__(\'os\').system(\'touch PWNED\')"', 22, "formulas.ge"),
    ('ge = "if_(actual >= target, weight, weight * actual / target)"', 'ge = "weight.real"', 22, "属性访问"),
    ('ge = "if_(actual >= target, weight, weight * actual / target)"', 'ge = "(lambda: 1)()"', 22, "lambda"),
    ('ge = "if_(actual >= target, weight, weight * actual / target)"', 'ge = "weight * acutal"', 22, "是否想写：actual？"),
    ('ge = "if_(actual >= target, weight, weight * actual / target)"', 'ge = "weight * (actual"', 22, "语法错误"),
    ('formula = "weight * share"', 'formula = "weight * rate"', 40, "qualitative.formula"),
    ('execution = 10 ', 'executoin = 10 ', 14, "是否想写：execution？"),
    ('indicators = 90 ', 'indicators = "ninety" ', 13, "points.indicators"),
    ('weights = "rescale"', 'weights = "sometimes"', 15, "rescale | as_printed"),
    ('"部分达成" = { range = "[0.6, 0.8)" }', '"部分达成" = { range = "[0.6, 1.8)" }', 44, "0 到 1"),
    ('"达成" = { range = "[0.8, 1]", default = "1" }', '"达成" = { range = "[0.8, 1]", default = "0.5" }', 43, "default"),
    ('"差" = 0', '"差" = 10', 55, "从 0 分起"),
    # each kind of declared key, with the loader's whole message
    ('policy = "flag"', 'policy = "off"\nformula = "weight"', 37, 'over_achievement.formula：只有 policy = "deduct" 时才使用 formula'),
    ('policy = "flag"', 'policy = "deduct"', 35, "over_achievement.formula：缺少必需的公式"),
    ('places = 2', 'places = 12', 62, "display.places：应为 0 到 10 之间的整数"),
    ('places = 2', 'places = "2"', 62, "display.places：应为整数"),
    ('indicators = 100 ', 'indicator = 100 ', 68, "department.indicator：未知的键（是否想写：indicators？）；允许的键：indicators、execution、weights"),
])
def test_malformed_rule_files_are_refused_with_line_and_key(tmp_path, old, new, line, words):
    path = variant(tmp_path, "national", (old, new))
    with pytest.raises(RuleError) as info:
        load_scoring_rules(str(path))
    [problem] = info.value.problems
    assert problem.file == str(path) and problem.line == line and words in problem.expected + problem.found


def test_rule_file_side_effects_never_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = variant(tmp_path, "national",
                   ('ge = "if_(actual >= target, weight, weight * actual / target)"', 'ge = "__import__(\'os\').system(\'touch PWNED\')"'),
                   ('formula = "weight * share"', 'formula = "open(\'PWNED\', \'w\')"'),
                   ('formula = "weight * Min(1, rate)"', 'formula = "[x for x in ().__class__.__base__.__subclasses__()]"'))
    with pytest.raises(RuleError) as info:
        load_scoring_rules(str(path))
    assert len(info.value.problems) == 3  # all reported at once
    assert not (tmp_path / "PWNED").exists()


def test_missing_sections_are_listed(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text('name = "x"\n', encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_scoring_rules(str(path))
    text = str(info.value)
    for key in ("title", "points", "formulas", "qualitative", "execution", "grades"):
        assert key in text


def test_toml_syntax_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\n[points\n', encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_scoring_rules(str(path))
    assert info.value.problems[0].line == 2


def test_unknown_rule_set_name():
    with pytest.raises(RuleError, match="national"):
        load_scoring_rules("nowhere")


@pytest.mark.parametrize("name", ["national", "province-20", "strict"])
def test_every_shipped_rule_set_round_trips_through_its_declared_schema(tmp_path, name):
    from perfeval.rulecheck import run_campaign  # noqa: F401  (the campaign's fingerprint is what must match)
    from perfeval.rulecheck._campaign import _scoring_fingerprint
    from perfeval.rulecheck._mutants import to_toml
    from perfeval.scoring.rules import rules_data

    rules = load_scoring_rules(name)
    path = tmp_path / f"{name}.toml"
    path.write_text(to_toml(rules_data(rules)), encoding="utf-8")
    again = load_scoring_rules(str(path))
    assert rules_data(again) == rules_data(rules)
    assert _scoring_fingerprint(again) == _scoring_fingerprint(rules)
    assert again == attrs.evolve(rules, path=str(path))


def test_policies_are_enums_spelt_as_the_file_spells_them():
    from perfeval.scoring.rules import POLICY_CHOICES, NotApplicablePolicy, OverPolicy, Weights

    strict = load_scoring_rules("strict")
    assert strict.over_achievement.policy is OverPolicy.DEDUCT and strict.over_policy == "deduct"
    assert strict.points.weights is Weights.AS_PRINTED and f"{strict.weights}" == "as_printed"
    assert strict.not_applicable is NotApplicablePolicy.RESCALE and NotApplicablePolicy.FULL.label == "计满分"
    assert POLICY_CHOICES[("over_achievement", "policy")] == ("off", "flag", "deduct")
    assert POLICY_CHOICES[("department", "weights")] == ("rescale", "as_printed")


def test_department_section_reuses_points_with_its_own_default():
    rules = load_scoring_rules("national")
    assert rules.department.execution == 0 and rules.for_department().points == rules.department
    assert rules.for_department().title.endswith("（部门整体）")
    assert rules.with_points(weights="as_printed").weights is rules.points.weights.AS_PRINTED


def test_docs_table_of_keys_covers_every_declared_key():
    import re
    from pathlib import Path

    from perfeval.scoring.rules import schema_keys

    rows = [line for line in (Path(__file__).parent.parent / "docs" / "scoring.md").read_text("utf-8").splitlines()
            if line.startswith("| `")]
    missing = []
    for path, key in schema_keys():
        if key.kind == "section":
            continue
        if key.kind == "table":
            wanted = [f"`[{'.'.join(path)}]`"]
            found = any(wanted[0] in row for row in rows)
        elif len(path) == 1:
            found = any(f"`{path[0]}`" in row.split("|")[1] for row in rows)
        else:
            found = any(f"[{path[0]}]" in row.split("|")[1] and re.search(rf"\b{path[1]}\b", row.split("|")[1])
                        for row in rows)
        if not found:
            missing.append(".".join(path))
    assert missing == []


# The pattern `_key_lines` matched each line with before its scan (`rules._key_of`), kept as the oracle.
_KEY_PATTERN = r"^\s*(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_\-\u4e00-\u9fff]+)\s*="
_KEY_PIECES = st.sampled_from(["", " ", "\t", "\u3000", "\xa0", "=", " = ", '"', "'", "a", "Z9", "_-", "分值", "优",
                               "\u4e00", "\u9fff", "\u3400", "\ua000", "é", "[", "#", ".", "x y", "\u2028", "1 = 2"])


@settings(max_examples=600, deadline=None)
@given(st.lists(_KEY_PIECES, max_size=8).map("".join) | st.text(max_size=12))
def test_a_lines_key_is_what_the_pattern_read(line):
    import re

    from perfeval.scoring.rules import _key_of

    match = re.match(_KEY_PATTERN, line)
    assert _key_of(line) == (match.group(1) if match else None)


def test_key_lines_of_a_shipped_rule_set():
    from perfeval.rulesets import find_rule_file
    from perfeval.scoring.rules import _key_lines

    text = '[formulas]\n"ge" = "1"\n  分值 = 3\n[qualitative.bands."优"]\n\'x\'=1\nnot a key\n'
    assert _key_lines(text) == {("formulas", None): 1, ("formulas", "ge"): 2, ("formulas", "分值"): 3,
                                ("qualitative.bands.优", None): 4, ("qualitative.bands.优", "x"): 5}
    assert len(_key_lines(find_rule_file("national", "scoring").read_text(encoding="utf-8-sig"))) > 30
