"""The audit's name checks (taxonomy.* and sense.* on a 自评表's rows) skipped where `run`'s pass finds that
none can report, and the template check skipped where one scan of a sheet's texts finds nothing: the same
findings as running them on every sheet, for generated rows and rule sets."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from perfeval.checks import load_ruleset
from perfeval.model import Location
from perfeval.scoring import load_scoring_rules
from perfeval.selfeval import Auditor, Goal, Row, SelfEvaluation
from perfeval.selfeval import audit as audit_module

from ._selfeval import CLEAN_FUNDS, CLEAN_ROWS, replace, sheet

NATIONAL = load_scoring_rules("national")
NAMES = load_ruleset("national")


def _without(*codes: str):
    return attrs.evolve(NAMES, rules={c: r for c, r in NAMES.rules.items() if c not in codes})


RULE_SETS = {
    "national": NAMES,
    "no required": _without("taxonomy.required"),
    "no duplicates": _without("taxonomy.duplicate"),
    "sense only": attrs.evolve(NAMES, rules={c: r for c, r in NAMES.rules.items() if not c.startswith("taxonomy.")}),
    "taxonomy only": attrs.evolve(NAMES, rules={c: r for c, r in NAMES.rules.items() if not c.startswith("sense.")}),
}
# one pair of auditors per rule set for the whole run, as a batch keeps one: their memos see every example
AUDITORS = {name: (Auditor(NATIONAL, taxonomy=names), Auditor(NATIONAL, taxonomy=names))
            for name, names in RULE_SETS.items()}

LEVEL1 = ["产出指标", "效益指标", "满意度指标", "成本指标", "产出指示", "效益", ""]
LEVEL2 = ["数量指标", "质量指标", "时效指标", "社会效益指标", "生态效益指标", "可持续发展指标", "服务对象满意度指标",
          "经济成本指标", "满意度指标", ""]
NAMES_ = ["培训人次", "数量指标 ", "培训合格率", "数量指标", "经济成本指标", "参训人员满意度", "人均培训成本", "参训人数",
          "覆盖率", "培训人次 ", "", "资金支出", "补助人数", "河道整治长度", "群众满意率", "服务质量", "人均补助标准"]
TARGETS = ["≥500人次", "≥90%", "≤2000元", "有效提升", "≥5个", "10人/年", "≤50万元", "/", "≥3人", "三十", "2025年12月前"]
ACTUALS = ["520人次", "95%", "达成", "/", "不适用", "", "0", "6个", "0.18万元"]


# rows as a clean sheet has them: standard names under their 一级指标 (the first three the required ones), each
# name once, nothing a sense check reports
CLEAN = [("产出指标", "数量指标", "培训人次", "≥500人次", "520人次"),
         ("效益指标", "社会效益指标", "就业率提升", "有效提升", "达成"),
         ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "93%"),
         ("产出指标", "质量指标", "培训合格率", "≥90%", "95%"),
         ("产出指标", "时效指标", "补贴发放及时率", "2025年12月前", "2025年11月"),
         ("成本指标", "经济成本指标", "人均培训成本", "≤2000元", "0.18万元"),
         ("效益指标", "可持续影响指标", "职业技能水平", "有效提升", "/"),
         ("产出指标", "数量指标", "新建场所", "≥5个", "6个")]
# one fault planted in a row: (field, values)
FAULTS = {"level1": ("level1", LEVEL1), "level2": ("level2", LEVEL2), "name": ("name", NAMES_),
          "target": ("target", TARGETS), "actual": ("actual", ACTUALS), "unit": ("unit", ["人", "个", "万元"])}


@st.composite
def rows(draw):
    """Rows as a clean sheet has them, most with one fault planted (a name off the taxonomy, missing or twice,
    a category's name, a rate counted as a quantity, a 不适用 row, ...): both the sheets no check can report on
    and those one check can are drawn."""
    picked = draw(st.permutations(range(3, len(CLEAN))))
    chosen = [CLEAN[n] for n in (0, 1, 2, *picked)][:draw(st.integers(1, 6))]
    out = [Row(level1=level1, level2=level2, name=name, target=target, actual=actual, weight="15", score="15",
               location=Location("g.yaml", 10 + n)) for n, (level1, level2, name, target, actual) in enumerate(chosen)]
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(out) - 1))
        fault = draw(st.sampled_from(["twice", *FAULTS]))
        if fault == "twice":
            out[at] = attrs.evolve(out[at], name=out[draw(st.integers(0, len(out) - 1))].name)
        else:
            field, values = FAULTS[fault]
            out[at] = attrs.evolve(out[at], **{field: draw(st.sampled_from(values))})
    return tuple(out)


@st.composite
def sheets(draw):
    department = draw(st.booleans())
    filled = draw(st.sampled_from([True, True, True, False]))
    found = SelfEvaluation("g.yaml#%d" % draw(st.integers(1, 3)),
                           project_name=draw(st.sampled_from(["职业技能提升培训", "部门整体支出", "河道生态修复"])),
                           project_code="P001", funds=CLEAN_FUNDS, rows=draw(rows()),
                           total="97.8" if filled else "", grade="优" if filled else "", total_weight="100",
                           location=Location("g.yaml", 1))
    if not filled:  # an unfilled sheet: its rows' names are still judged
        found = attrs.evolve(found, rows=tuple(attrs.evolve(r, actual="", score="") for r in found.rows))
    if department:
        found = attrs.evolve(found, label="部门整体支出绩效自评表")
    return found


def _seen(result):
    return [(f.code, f.severity, f.message, f.location, f.indicator, f.table, f.project, sorted(f.evidence.items(),
             key=lambda item: item[0])) for f in result.findings]


def _audit(auditor, found, lean: bool):
    audit_module._LEAN_NAMES = lean
    try:
        return auditor.audit(found)
    finally:
        audit_module._LEAN_NAMES = True


@pytest.mark.parametrize("rule_set", list(RULE_SETS))
@settings(max_examples=120, deadline=None)
@given(found=sheets())
def test_name_checks_skipped_where_none_can_report_give_the_same_findings(rule_set, found):
    lean, general = AUDITORS[rule_set]
    assert _seen(_audit(lean, found, True)) == _seen(_audit(general, found, False))


def test_a_clean_sheet_builds_no_table_and_a_faulty_one_is_checked(monkeypatch):
    # the name checks' table is the one the sense checks are given (the re-score builds its own, or none)
    checked = []
    real = audit_module.sense.check_rows
    monkeypatch.setattr(audit_module.sense, "check_rows", lambda table, *args: checked.append(table) or real(table, *args))
    auditor = Auditor(NATIONAL, taxonomy=NAMES)
    assert auditor.check_sense and auditor.check_taxonomy
    clean = auditor.audit(sheet())
    assert checked == []
    for rows, code in ((replace(CLEAN_ROWS, 1, name="培训人次"), "taxonomy.duplicate"),
                       (replace(CLEAN_ROWS, 2, level2="可持续发展指标"), "taxonomy.near_miss"),
                       (replace(CLEAN_ROWS, 1, name="质量指标"), "sense.name_is_category"),
                       (CLEAN_ROWS[:2] + CLEAN_ROWS[3:], "taxonomy.required")):
        checked.clear()
        found = auditor.audit(sheet(rows=rows))
        assert code in [f.code for f in found.findings]
        assert [[i.name for i in table.indicators] for table in checked] == [[row.name for row in rows]]
    assert not [f for f in clean.findings if f.code.startswith(("taxonomy.", "sense."))]


def test_a_name_judged_with_the_same_facts_as_another_is_judged_again():
    # the verdict kept on a row's facts is for the name last judged with them: rows of the same cells but another
    # name (a rate counted under 数量指标, a category's name) are judged again, in either order, on one auditor
    auditor = Auditor(NATIONAL, taxonomy=NAMES)
    names = ["培训人次", "培训合格率", "培训人次", "数量指标", "培训人次"]
    found = [[f.code for f in auditor.audit(sheet(rows=replace(CLEAN_ROWS, 0, name=name))).findings
              if f.code.startswith("sense.")] for name in names]
    assert found[0] == found[2] == found[4] == []
    assert found[1] == ["sense.rate_as_quantity"] and found[3] == ["sense.name_is_category"]


# texts with no character a template instruction starts with (对照 and 年度 apart, one X), and texts with one:
# an instruction, or only a character one starts with (（, 请)
_PLAIN = st.sampled_from(["", "达成", "服务对象", "95%", "对照", "年度", "X"])
_TRICKY = st.sampled_from(["（100字以内）", "请填写偏差原因", "对照年度绩效目标逐项说明", "（如：人次）", "XX", "请", "（",
                           "填写说明", "对照年度"])  # (_TRICKY_TEXTS below)


@st.composite
def _texts(draw):
    texts = draw(st.lists(_PLAIN, min_size=9, max_size=9))
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):  # most sheets: none or one cell with one
        texts[draw(st.sampled_from(range(9)))] = draw(_TRICKY)
    return texts


_TRICKY_TEXTS = ["（100字以内）", "请填写偏差原因", "对照年度绩效目标逐项说明", "（如：人次）", "XX", "请", "（", "填写说明", "对照年度"]


def test_each_cell_scanned_at_once_gives_its_template_finding():
    # every cell the check reads, alone holding each text (the others plain), on its own and on a 部门 sheet's
    for at in range(9):
        for text in _TRICKY_TEXTS:
            texts = [""] * 9
            texts[at] = text
            _same_template_findings(texts, 2, True)
    _same_template_findings(["对照", "年度", "X", "对照", "年度", "X", "对照", "年度", "X"], 1, True)


@settings(max_examples=200, deadline=None)
@given(texts=_texts(), count=st.integers(1, 3), goal=st.booleans())
def test_a_sheets_texts_scanned_at_once_give_the_template_findings_cell_by_cell(texts, count, goal):
    _same_template_findings(texts, count, goal)


# what else a sheet's pass over its rows reports, planted in a row (run reports it as it reads the rows, after the
# template findings: they must come first, as the cell-by-cell check run before the pass reports them), or a sheet
# with no actual and no score (sheet.unfilled, reported after its template findings)
_READ_FAULTS = [None, ("weight", "二十"), ("score", ""), ("actual", "（请填写）"), ("unit", "万元"), "unfilled"]


@settings(max_examples=150, deadline=None)
@given(texts=_texts(), count=st.integers(1, 3), goal=st.booleans(), fault=st.sampled_from(_READ_FAULTS),
       at=st.integers(0, 3))
def test_template_findings_come_before_what_the_pass_over_the_rows_reports(texts, count, goal, fault, at):
    _same_template_findings(texts, count, goal, fault, at)


def test_a_template_finding_goes_before_an_unreadable_score_of_an_earlier_row():
    # the template text in the last row, the unreadable 分值 in the first: the finding of the text still comes first
    lean = _same_template_findings(["", "", "", "", "", "", "", "", "请填写偏差原因"], 3, False, ("weight", "二十"), 0)
    assert [code for code, *_ in lean[:2]] == ["quality.template_text", "sheet.number"]
    unfilled = _same_template_findings(["", "", "", "", "", "", "", "", "请填写偏差原因"], 3, False, "unfilled", 0)
    assert [code for code, *_ in unfilled[:2]] == ["quality.template_text", "sheet.unfilled"]


def _same_template_findings(texts, count, goal, fault=None, at=0):
    name, actual, reason, expected, achieved, funds_reason, other, last, other_reason = texts
    rows = replace(CLEAN_ROWS, 0, name=name or "培训人次", actual=actual, reason=reason)
    rows = replace(rows, count, name=other + last, reason=other_reason)  # (对照 + 年度: a start made of two)
    if fault == "unfilled":
        rows = tuple(attrs.evolve(row, actual="", score="") for row in rows)
    elif fault is not None:
        rows = replace(rows, at, **{fault[0]: fault[1]})
    found = attrs.evolve(sheet(rows=rows, total="" if fault == "unfilled" else "97.8"),
                         funds=attrs.evolve(CLEAN_FUNDS, reason=funds_reason),
                         goal=Goal(expected=expected, achieved=achieved) if goal else None)
    auditor = AUDITORS["national"][0]
    lean = _seen(auditor.audit(found))
    audit_module._LEAN_TEXTS = False
    try:
        general = _seen(auditor.audit(found))
    finally:
        audit_module._LEAN_TEXTS = True
    assert lean == general
    return lean


def test_a_name_is_judged_once_per_row_shape_and_again_under_another_name(monkeypatch):
    # the verdict is kept with the row's shape (unit, operator, levels, 不适用), which rows of other numbers share:
    # the same name on a row of new numbers is not judged again, another name is, in either order
    judged = []
    real = audit_module.sense.name_quiet
    monkeypatch.setattr(audit_module.sense, "name_quiet", lambda name, tests: judged.append(name) or real(name, tests))
    auditor = Auditor(NATIONAL, taxonomy=NAMES)
    names = ["培训人次", "培训人次", "培训合格率", "培训人次", "数量指标", "数量指标"]
    found = []
    for n, name in enumerate(names):
        rows = replace(CLEAN_ROWS, 0, name=name, target=f"≥{500 + n}人次", actual=f"{520 + n}人次")
        found.append([f.code for f in auditor.audit(sheet(rows=rows)).findings if f.code.startswith("sense.")])
    assert found == [[], [], ["sense.rate_as_quantity"], [], ["sense.name_is_category"], ["sense.name_is_category"]]
    assert judged[:2] == ["培训人次", "培训合格率"] and judged.count("培训人次") == 2


def test_the_name_ends_asked_about_are_the_category_ends_and_every_space():
    spaces = {c for c in map(chr, range(0x110000)) if c.isspace()}
    assert set(audit_module._SPACES) == spaces
    assert audit_module._NAME_ENDS == audit_module.sense._CATEGORY_ENDS | spaces
