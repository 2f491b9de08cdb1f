"""The validate checks' fast paths give what their general paths give, for generated tables.

sense judges most tables plain without running its rules (a row by its shape and a few tests of
its name, template text by one scan of the table's texts joined); goal extracts and matches claims
once per table. Each is compared here with the general path it stands in for.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfeval import judgement
from perfeval.checks import load_ruleset, sense
from perfeval.checks.context import Context
from perfeval.checks.walk import run
from perfeval.model import Document, FormProfile, Indicator, Location
from perfeval.operators import Operator
from perfeval.units import parse_unit

from .builders import document as _document_of, sound_table

_UNITS = [None, *map(parse_unit, ["万元", "元", "人", "人次", "%", "个", "场", "项", "人/年", "元/人", "天"])]
_NAME_PARTS = ["发放", "人数", "经费", "成本", "补助标准", "覆盖率", "比例", "群众", "场次", "人均", "培训", "满意度",
               "数量指标", "经济成本指标", "预算执行率", "环境", " ", "XX", "（100字以内）", "请填写", "对照年度目标说明",
               "服务对象", "甲", "支出"]
_LEVELS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
           ("效益指标", "社会效益指标"), ("效益指标", "经济效益指标"), ("效益指标", "生态效益指标"),
           ("满意度指标", "服务对象满意度指标"), ("成本指标", "经济成本指标"), (None, None), ("效益", "数量指标")]
_TEXTS = ["", "按时足额发放", "项目资金 478 万元，其中：补贴 400 万元、经办费 68 万元。", "请填写项目概况",
          "（100字以内）", "对照年度绩效目标说明", "改善生态环境", "服务对象满意", "X"]


@st.composite
def _rows(draw) -> Indicator:
    operator = draw(st.sampled_from(list(Operator)))
    level1, level2 = draw(st.sampled_from(_LEVELS))
    text_value = draw(st.sampled_from([None, "达成预期指标", "请填写", "XX", "按月"]))
    return Indicator(
        name="".join(draw(st.lists(st.sampled_from(_NAME_PARTS), min_size=1, max_size=3))) or "指标",
        operator=operator, value=draw(st.sampled_from([None, Decimal(10), Decimal(478)])),
        unit=draw(st.sampled_from(_UNITS)), weight=Decimal(10), level1=level1, level2=level2,
        text_value=text_value, not_applicable=draw(st.booleans()) and draw(st.booleans()),
        location=Location("t.yaml", draw(st.integers(1, 99))))


@st.composite
def _documents(draw) -> Document:
    pool = draw(st.lists(_rows(), min_size=1, max_size=8))  # rows repeat from table to table, as in a province
    tables = []
    for n in range(draw(st.integers(1, 6))):
        rows = draw(st.lists(st.one_of(st.sampled_from(pool), _rows()), max_size=6))
        tables.append(sound_table(label=f"附件 12-{n}", indicators=rows, overview=draw(st.sampled_from(_TEXTS)),
                                  goal=draw(st.sampled_from(_TEXTS)), basis=draw(st.sampled_from(_TEXTS))))
    return _document_of(tables)


def _sense_findings(document: Document, rules) -> list:
    ctx = Context(document, rules)
    run([sense.walk(document, ctx)], document)
    return ctx.findings


@settings(max_examples=150)
@given(_documents(), st.sampled_from(["national", "chongqing"]), st.booleans())
def test_sense_plain_tables_report_what_the_general_checks_report(document, rules, short_trial):
    rules = load_ruleset(rules)
    fast = _sense_findings(document, rules)
    plain, trial = sense._plain_tables, sense._MEMO_TRIAL
    try:
        sense._plain_tables = lambda clean: (lambda indicators, free: False)  # every table takes the general checks
        general = _sense_findings(document, rules)
        sense._MEMO_TRIAL = 1 if short_trial else trial  # the memo dropped at once
        dropped = _sense_findings(document, rules)
    finally:
        sense._plain_tables, sense._MEMO_TRIAL = plain, trial
    assert fast == general and dropped == general


def _may_report_reference(indicator: Indicator) -> bool:
    """sense's rows test as it was written before the shapes (each judgement asked for the row)."""
    name, unit = indicator.name, indicator.unit
    level1, level2 = indicator.level1 or "", indicator.level2 or ""
    if judgement.repeats_category(name) or level2 == "生态效益指标":
        return True
    if judgement.is_money(unit) and (level2 == "数量指标" or (
            "效益" in level1 and judgement.is_cost(name, unit, indicator.operator.upper_bound))):
        return True
    if level2 == "数量指标" and judgement.is_rate(name, unit):
        return True
    return judgement.people_in_count_unit(name, unit) or (level2 == "质量指标" and judgement.people_per_time(unit))


@settings(max_examples=300)
@given(st.lists(_rows(), min_size=1, max_size=10))
def test_a_rows_shape_and_name_tests_decide_as_each_judgement_did(rows):
    quiet = sense.quiet_rows()
    for row in rows:
        assert quiet(row) is not _may_report_reference(row)
        assert sense._may_report(row) is _may_report_reference(row)


def test_joining_texts_hides_no_template_match_and_odd_patterns_are_not_joined():
    assert sense._local(judgement.TEMPLATE_PATTERNS)
    for pattern in (r"说明$", r"^请", r"\bXX", r"请填写(?!完)", r"(?<=[。])请"):
        assert not sense._local((pattern,))
    clean = sense._clean(sense._template_finder(judgement.TEMPLATE_PATTERNS))
    assert clean("服务对象满意度\n≥ 90 %\n按时足额发放") and not clean("服务对象满意度\n请填写")
    anchored = sense._clean(sense._template_finder((r"说明$",)))
    assert not anchored("情况说明\n其他")  # `说明$` matches the first text alone: a start character sends it on
    table = attrs.evolve(sound_table(), goal="按时足额发放，情况说明")
    rules = load_ruleset("national")
    rules = attrs.evolve(rules, rules={**rules.rules, "sense.template_text": attrs.evolve(
        rules.rules["sense.template_text"], values=attrs.evolve(rules.rules["sense.template_text"].values,
                                                                patterns=[r"说明$"]))})
    (finding,) = [f for f in _sense_findings(_document_of([table]), rules) if f.code == "sense.template_text"]
    assert finding.evidence["found"] == "说明"


_NAME_CHARS = st.sampled_from(list("发放人数补贴享受覆盖率满意度培训 甲乙\u3000"))


@settings(max_examples=300)
@given(st.text(_NAME_CHARS, min_size=0, max_size=8), st.lists(st.text(_NAME_CHARS, min_size=1, max_size=10), max_size=5),
       st.sampled_from(["人", "%", "万元"]))
@example("发放人数", ["发 放人数", "覆盖率", "发放"], "人")  # a space inside a name splits no pair
@example("发放", ["发 放"], "人")
def test_a_claim_matches_the_indicators_sharing_most_character_pairs(subject, names, unit):
    """goal._best counts a subject's pairs found in a name; the sets of pairs intersected say the same."""
    from perfeval.checks import goal
    from perfeval.goaltext import Claim

    def pairs(text):
        text = "".join(text.split())
        return {text[i:i + 2] for i in range(len(text) - 1)}

    rows = [Indicator(name=name, operator=Operator.GE, value=Decimal(1), unit=parse_unit(u))
            for name, u in zip(names, ["人", "%", "人", "万元", "人"])]
    claim = Claim(Operator.GE, Decimal(1), parse_unit(unit), subject, "≥ 1")
    scores = [len(pairs(subject) & pairs(row.name)) if row.unit.base == claim.unit.base else -1 for row in rows]
    best = max([s for s in scores if s > 0], default=None)
    expected = [row.name for row, s in zip(rows, scores) if best is not None and s == best]
    assert [row.name for row in goal.match_indicators(claim, rows)] == expected


# taxonomy: one pass over a table's rows says which of its four checks cannot report; those are skipped.
_TAXONOMY_LEVELS = [*_LEVELS, ("产出指标", None), (None, "数量指标"), ("效益指示", "社会效益指标"), ("产出指标", "满意度指标"),
                    ("满意度指标", "服务对象满意度")]


@st.composite
def _taxonomy_documents(draw) -> Document:
    tables = []
    for n in range(draw(st.integers(1, 4))):
        rows = []
        for _ in range(draw(st.integers(0, 5))):
            level1, level2 = draw(st.sampled_from(_TAXONOMY_LEVELS))
            rows.append(Indicator(name=draw(st.sampled_from(["发放人数", "覆盖率", "满意度", "成本"])),
                                  operator=Operator.GE, value=Decimal(1), unit=parse_unit("人"),
                                  weight=Decimal(10), level1=level1, level2=level2,
                                  core=draw(st.sampled_from([None, True, False])), location=Location("t.yaml", n)))
        profile = draw(st.sampled_from([None, FormProfile("无核心列", ["core"]), FormProfile("全", [])]))
        tables.append(sound_table(label=f"附件 12-{n}", indicators=rows, profile=profile))
    return _document_of(tables)


@settings(max_examples=200)
@given(_taxonomy_documents(), st.sampled_from(["national", "chongqing"]))
def test_taxonomy_runs_only_the_checks_its_one_pass_cannot_rule_out(document, rules):
    from perfeval.checks import taxonomy

    rules = load_ruleset(rules)
    ctx = Context(document, rules)
    run([taxonomy.walk(document, ctx)], document)
    general = Context(document, rules)  # each check on every table, in their order, as before the one pass
    similarity = float(taxonomy.NEAR_MISS.params_in(general).similarity) if general.on(taxonomy.NEAR_MISS.code) else None
    for table in document.target_tables:
        taxonomy._check_names(table, general, rules.taxonomy, rules.level2_parent, similarity)
        if general.on(taxonomy.REQUIRED.code):
            taxonomy._check_required(table, general, taxonomy.REQUIRED.params_in(general).levels, similarity)
        if general.on(taxonomy.CORE.code):
            taxonomy._check_core(table, general, taxonomy.CORE.params_in(general).min)
        if general.on(taxonomy.DUPLICATE.code):
            taxonomy._check_duplicates(table, general)
    assert ctx.findings == general.findings
