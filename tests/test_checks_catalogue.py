"""The one catalogue: validate's and audit's codes declared once, templates checked, parameters typed."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.checks import CHECKS, weights
from perfeval.checks.catalogue import (AUDIT_SCOPES, CATALOGUE, HALF_CENT, NUMBER, RATIO, Rule, audit_rules, load_all,
                                       rule, title_of, validation_rules)
from perfeval.checks.context import Context
from perfeval.checks.params import ParamError
from perfeval.checks.ruleset import load_ruleset
from perfeval.errors import RuleError
from perfeval.findings import Severity
from perfeval.model import NOWHERE, Document, Location
from perfeval.rulecheck._mutants import validation_mutants
from perfeval.selfeval import codes


def _declared_in(module) -> list[Rule]:
    return [value for value in vars(module).values() if isinstance(value, Rule)]


def test_the_one_catalogue_lists_every_validate_and_audit_code_once_with_title_and_fix_text():
    catalogue = load_all()
    declared = {id(r): r for module in (*CHECKS, codes) for r in _declared_in(module)}
    assert sorted(r.code for r in declared.values()) == sorted(catalogue)  # each once, none missing, none extra
    assert all(catalogue[r.code] is r for r in declared.values())
    assert set(catalogue) == set(validation_rules()) | set(audit_rules())
    assert not set(validation_rules()) & set(audit_rules())
    assert {r.scope for r in audit_rules().values()} == set(AUDIT_SCOPES)
    assert len(validation_rules()) == 51 and len(audit_rules()) == 32
    for entry in catalogue.values():
        assert entry.title.strip() and entry.doc.strip(), entry.code
        assert title_of(entry.code) == entry.title
    assert title_of("weights.sum") == "项目绩效目标表权重合计" and title_of("rescore.over") == "得分高于复核结果"
    assert title_of("no.such") == ""


def test_a_code_declared_twice_is_refused_and_the_catalogue_keeps_the_first():
    first = CATALOGUE["weights.sum"]
    with pytest.raises(ValueError, match="declared twice"):
        rule("weights.sum", "error", "重复", "{table}", "重复声明。")
    assert CATALOGUE["weights.sum"] is first


def test_an_audit_rule_cannot_take_parameters_a_validation_rule_file_would_set():
    with pytest.raises(ValueError, match="audit rules"):
        rule("sheet.__probe", "error", "探针", "{table}", "只为测试。", params=(weights.SUM.params[0],))
    assert "sheet.__probe" not in CATALOGUE


def test_every_rules_template_is_checked_against_its_evidence():
    for entry in load_all().values():
        # each evidence key, and nothing else, fills the template: a KeyError here is a template naming a missing key
        finding = entry.finding({key: f"<{key}>" for key in entry.evidence}, table="表", indicator="指标", project="P")
        assert "{" not in finding.message.replace("{ ", "").replace("{}", ""), entry.code
    with pytest.raises(ValueError, match=r"undeclared evidence \['total'\]"):
        Rule("x.y", Severity.ERROR, "标题", "{table} 合计 {total}", "说明。", evidence=("sum",))
    with pytest.raises(ValueError, match="title"):
        Rule("x.y", Severity.ERROR, "", "{table}", "说明。")


def test_the_one_reporter_renders_the_message_and_keeps_the_evidence_exact():
    finding = weights.SUM.finding({"total": Decimal("89.50"), "expected": Decimal(90)}, table="表1",
                                  location=Location("a.txt", 3), project="P1")
    assert finding.message == "表1 各指标权重合计为 89.5，应为 90"
    assert finding.evidence == {"total": Decimal("89.50"), "expected": Decimal(90)}
    assert finding.severity is Severity.ERROR and finding.location.line == 3 and finding.project == "P1"
    shown = codes.OVER.finding({k: Decimal("1.23456") for k in codes.OVER.evidence}, table="自评表",
                               indicator="覆盖率", shown=lambda v: "≈" + str(v), display={"rules": "national"},
                               severity=Severity.WARNING)
    assert shown.message.startswith("自评表「覆盖率」自评得分 ≈1.23456，按规则集 national 复核为 ≈1.23456")
    assert shown.severity is Severity.WARNING and shown.evidence["rules"] == Decimal("1.23456")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "province.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(RuleError) as caught:
        load_ruleset(str(_write(tmp_path, text)))
    return caught.value.render()


def test_a_wrong_parameter_names_the_file_the_line_and_what_its_declared_type_expects(tmp_path):
    message = _error(tmp_path, '[ruleset]\nname = "p"\n\n[rules."weights.sum"]\n# 合计\ntotal = "九十"\n')
    assert "province.toml:6" in message
    assert 'weights.sum.total 应为非负数（如 90 或 "0.01"）' in message and "九十" in message


def test_a_value_the_type_admits_but_the_declared_limit_refuses_says_why(tmp_path):
    message = _error(tmp_path, '[rules."money.funds_mismatch"]\ntolerance = "0.001"\n'
                               '[rules."taxonomy.core"]\nmin = 0\n[rules."goal.weaker"]\ntolerance = 1\n')
    assert "province.toml:2" in message and "money.funds_mismatch.tolerance 应不小于 0.005（万元）" in message
    assert "province.toml:4" in message and "taxonomy.core.min 应至少为 1" in message
    assert "province.toml:6" in message and "goal.weaker.tolerance 应在 0 与 1 之间" in message


def test_a_list_parameter_with_a_name_outside_its_choices_lists_them(tmp_path):
    message = _error(tmp_path, '[rules."fields.missing"]\nrequired = ["项目名称", "项目经理"]\n')
    assert "province.toml:2" in message and "fields.missing.required 应为字符串数组" in message
    assert "元素取自：项目名称、主管部门" in message


def test_converters_carry_their_expected_text_and_a_readable_repr():
    assert NUMBER("0.50") == Decimal("0.50") and NUMBER(90) == Decimal(90)
    for bad in (-1, "x", True, [1]):
        with pytest.raises(ParamError) as caught:
            NUMBER(bad)
        assert caught.value.expected == '应为非负数（如 90 或 "0.01"）'
    with pytest.raises(ParamError, match="0 到 1"):
        RATIO("1.5")
    assert HALF_CENT("0.005") == Decimal("0.005")
    with pytest.raises(ParamError) as caught:
        HALF_CENT("0.004")
    assert caught.value.expected.startswith("应不小于 0.005（万元）")
    assert repr(NUMBER).startswith("Converter(name='number'") and "非负数" in repr(NUMBER)
    assert HALF_CENT.summary == '非负数（如 90 或 "0.01"），应不小于 0.005（万元）'


def test_checks_read_typed_parameters_through_their_rule_object(tmp_path):
    national = Context(Document("单位"), load_ruleset())
    assert weights.SUM.params_in(national).total == Decimal(90)
    assert weights.LEVEL1_SHARE.params_in(national).shares == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    province = Context(Document("单位"), load_ruleset(str(_write(tmp_path, '[rules."weights.sum"]\ntotal = 100\n'))))
    values = weights.SUM.params_in(province)
    assert values.total == Decimal(100) and isinstance(values.total, Decimal)
    with pytest.raises(AttributeError):
        values.totl  # noqa: B018  (a misspelt parameter fails where it is read, not silently)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        values.total = Decimal(1)
    assert province.ruleset["weights.sum"].params == {"total": Decimal(100)}
    assert weights.SUM.defaults.total == Decimal(90)


def test_rules_mutate_changes_only_what_a_parameters_declared_type_makes_a_number():
    data = {"rules": {"weights.level1_share": {"shares": {"产出指标": 50}},
                      "taxonomy.required": {"levels": ["产出指标"]},
                      "taxonomy.near_miss": {"similarity": "0.6"}}}
    ids = {m.id for m in validation_mutants(data)}
    assert "rules.weights.level1_share.shares.产出指标 [times10] 50 → 500" in ids
    assert "rules.taxonomy.near_miss.similarity [nudge] 0.6 → 0.7" in ids
    assert not any(i.startswith("rules.taxonomy.required.levels") for i in ids)


def test_a_loaded_rule_set_with_its_typed_values_pickles_and_compares_equal():
    import pickle

    ruleset = load_ruleset("chongqing")
    again = pickle.loads(pickle.dumps(ruleset))
    assert again == ruleset and again["goal.weaker"].values.tolerance == Decimal("0.1")


_VALUES = st.one_of(st.sampled_from(["", "人", "附件 12-1", "{x}", "}{", "指标「甲」"]), st.none(), st.booleans(),
                    st.integers(-10**6, 10**6), st.decimals(allow_nan=False, allow_infinity=False, places=3),
                    st.fractions(max_denominator=12))


#: templates beyond the catalogue's: conversions and format specs (written positionally), literal braces, and a
#: field nested in a spec (written by format_map)
_TEMPLATES = ("{table}「{indicator}」{a!r}，{b:>6}{{a}}{project!s:^5}", "{a!s:*<4}}}{{{b!a}", "{a:{b}}{table}")


def _format_map(declared: Rule, evidence, shown, display, table, indicator, project) -> str:
    """The message as format_map writes it: every evidence value shown, then the display texts, then the context."""
    fields = {key: shown(value) for key, value in evidence.items()}
    fields.update(declared.words)  # (the document's words: the central ones where display gives none)
    fields.update(display or {})
    fields.update(table=table or "文档", indicator=indicator or "", project=project or "")
    return declared.template.format_map(fields)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(sorted(load_all())), st.sampled_from(_TEMPLATES)), st.booleans(), st.data())
def test_a_message_written_positionally_is_the_one_format_map_writes(code, audit, data):
    # Rule.finding writes each field's text into the template made positional (catalogue._written), for validate's
    # `show` and the audit's own `_shown` (rounded), with or without display texts; format_map of the template over
    # the shown evidence, the display texts and the context fields is what it stands in for.
    from perfeval.checks.catalogue import show
    from perfeval.selfeval.audit import _shown

    if code in _TEMPLATES:
        declared = Rule("test.template", Severity.INFO, "测试", code, "测试。", evidence=("a", "b"))
    else:
        declared = load_all()[code]
    evidence = {key: data.draw(_VALUES) for key in declared.evidence}
    if code == "{a:{b}}{table}":  # b's text is a's format spec: a width of billions would ask for that much memory
        evidence["b"] = data.draw(st.one_of(_VALUES.filter(lambda v: type(v) not in (int, Decimal, Fraction)),
                                            st.integers(-999, 999), st.decimals(-999, 999, places=3)))
    names = sorted(declared.evidence) + ["table"] + sorted(declared.words)  # (display over a word too)
    display = data.draw(st.none() | st.dictionaries(st.sampled_from(names), st.sampled_from(["80%", "{x}", ""]),
                                                    max_size=2))
    if declared.evidence and data.draw(st.booleans()):  # a value shown only through display, not in the evidence
        display = {**(display or {}), declared.evidence[0]: "显示"}
        evidence = {k: v for k, v in evidence.items() if k != declared.evidence[0]}
    table, indicator, project = (data.draw(st.sampled_from([None, "", "附件 12-4", "X"])) for _ in range(3))
    shown = _shown if audit else show
    kwargs = {"shown": _shown} if audit else {}
    try:
        expected = _format_map(declared, evidence, shown, display, table, indicator, project)
    except ValueError as exc:  # ("{a:{b}}" where b's text is no format spec)
        with pytest.raises(type(exc)):
            declared.finding(evidence, table=table, indicator=indicator, project=project, display=display, **kwargs)
        return
    finding = declared.finding(evidence, table=table, indicator=indicator, project=project, display=display,
                               **kwargs)
    assert finding.message == expected
    assert finding.evidence == evidence and finding.evidence is not evidence
    assert (finding.table, finding.indicator, finding.project) == (table, indicator, project)
    # evidence handed over (`owned`, the audit's `**evidence`) is kept, not copied; the finding is the same
    given = dict(evidence)
    kept = declared.finding(given, table=table, indicator=indicator, project=project, display=display, owned=True,
                            **kwargs)
    assert kept == finding and kept.message == expected and kept.evidence is given
    # the reporter (every argument positional, the evidence kept: the audit's `_Run.found`) gives the same finding
    location = Location("a.json", None, "$.x")
    given = dict(evidence)
    reported = declared.reporter(shown)(given, table, location, project, indicator, display)
    assert reported == attrs.evolve(finding, location=location) and reported.message == expected
    assert reported.evidence is given and reported.severity is declared.severity
    assert declared.reporter(shown)(given, table, NOWHERE, project, indicator, display, Severity.ERROR) == \
        attrs.evolve(finding, severity=Severity.ERROR)  # (validate's rule sets set a severity of their own)


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False) | st.integers() | st.fractions(), st.integers(0, 3))
def test_the_audits_shown_is_show_and_alike_for_equal_decimals(value, zeros):
    # `_shown` keeps a finite Decimal's text by its value: equal Decimals (trailing zeros, another exponent) show
    # alike, and as `show` writes each (a NaN is no evidence: `show` refuses it as before)
    from perfeval.selfeval.audit import _shown, show

    assert _shown(value) == show(value)
    assert _shown(value) == show(value)  # (a second look-up, from the memo)
    if isinstance(value, Decimal) and value.is_finite():
        text = format(value, "f")
        same = Decimal(text + "0" * zeros if "." in text else text + "." + "0" * zeros) if zeros else \
            Decimal(text.rstrip("0").rstrip(".") if "." in text else text)  # (exact: from text, no context)
        assert same == value and _shown(same) == show(same) == show(value)


#: Words that say what to do ("；应核对…", "应改为…", "宜…", "须…", "补上…", "删去…", "可复核"). A fault stated as an
#: omission ("未填写{field}", "未说明原因") names the very cell to fill, so 填写/说明 count.
FIX_WORDS = ("应", "须", "请", "可", "改", "补", "核对", "删", "填写", "写明", "说明", "去掉", "宜", "需")
#: Phrases holding a fix word that state the fault or quote the document, never a fix: removed before looking.
NOT_A_FIX = ("写明“", "不可能", "填写了")
#: Rules whose fix is carried by a field the reporter fills, never by the template (each checked below).
FIX_IN_FIELD = {
    # the check gives the fix for each case ("应把度量单位改为 人（或 人次）", "应把这一行移到 质量指标")
    "sense.rate_as_quantity": "fix",
    "sense.unit_subject": "fix",
    # selfeval.values.Unreadable.expected: what the cell should hold ("得分应为数字（如 15 或 13.5）")
    "sheet.number": "expected",
    "sheet.target": "expected",
}


def _says_how_to_fix(template: str) -> bool:
    for phrase in NOT_A_FIX:
        template = template.replace(phrase, "")
    return any(word in template for word in FIX_WORDS)


def test_every_rules_message_says_how_to_fix_what_it_finds():
    catalogue = load_all()
    silent = sorted(code for code, declared in catalogue.items()
                    if code not in FIX_IN_FIELD and not _says_how_to_fix(declared.template))
    assert silent == [], "add a short clause saying what to do (e.g. '；应核对…'), in the document's terms"
    for code, field in FIX_IN_FIELD.items():  # the allow-list stays needed and its field stays in the message
        assert "{" + field + "}" in catalogue[code].template and not _says_how_to_fix(catalogue[code].template), code
    # the phrases that are not a fix are not counted: a fault alone, with or without them, is not enough
    assert not _says_how_to_fix("{table} 项目当年绩效目标写明“{goal}”，两者不可能同时成立")
    assert not _says_how_to_fix("{table} 指标「{indicator}」却填写了数值")
    assert _says_how_to_fix("{table} 三级指标「{indicator}」出现 {count} 次；应合并重复的行")


def test_the_fields_that_carry_a_fix_say_one():
    from perfeval.selfeval.values import Unreadable, read_amount, read_points, read_rate, read_target

    cases = [(read_points, ("十", "得分")), (read_amount, ("约百万", "全年执行数")), (read_rate, ("九成",)),
             (read_target, ("",)), (read_target, ("≥较多",)), (read_target, ("95", "大约"))]
    for reader, arguments in cases:
        with pytest.raises(Unreadable) as caught:
            reader(*arguments)
        assert "应为" in caught.value.expected, (reader.__name__, arguments, caught.value.expected)
    source = (Path(__file__).parents[1] / "perfeval" / "checks" / "sense.py").read_text("utf-8")
    fixes = re.findall(r'fix(?: = |=)"([^"]*)"(?: if counted else "([^"]*)")?', source)
    texts = [text for pair in fixes for text in pair if text]
    assert len(texts) >= 4 and all(text.startswith("应") for text in texts), texts
