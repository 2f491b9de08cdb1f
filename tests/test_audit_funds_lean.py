"""The funds block read at once (`_Run.read_funds` with `_LEAN_FUNDS`) gives what reading each cell through
`_Run.number` gives: the same values and the same findings, on generated blocks with readable, empty and
unreadable cells, 其中 rows or none, on project and 部门整体 sheets."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from perfeval.scoring import load_scoring_rules
from perfeval.selfeval import Auditor
from perfeval.selfeval import audit as audit_module
from perfeval.selfeval.native import sheets_from_data

AUDITOR = Auditor(load_scoring_rules("national"))
_CELLS = st.sampled_from(["", "524", "419.2", "80.00%", "8.0", "10", "100", "0", "９５", "1,320", "72890元", "—", "x",
                          "8分", "98.4", "0.984", "-5", "1e3", " 12 "])
_FIELDS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")


@st.composite
def sheets(draw):
    funds = {key: draw(_CELLS) for key in _FIELDS if draw(st.booleans()) or key != "年初预算数"}
    if draw(st.booleans()):
        funds["其中"] = [{"项目": "当年财政拨款", "全年预算数": draw(_CELLS), "全年执行数": draw(_CELLS)}]
    name = draw(st.sampled_from(["P1-培训项目", "部门整体支出"]))
    rows = [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥500人次",
             "分值": draw(st.sampled_from(["90", "100", "x"])), "实际完成值": "450人次", "得分": "81"}]
    data = {"项目名称": name, "项目资金": funds, "绩效指标": rows,
            "总分": {"分值": "100", "得分": draw(st.sampled_from(["", "89", "x"]))}}
    return sheets_from_data(data, "a.json", "a.json")[0]


def _seen(sheet, lean):
    audit_module._LEAN_FUNDS = lean
    try:
        run = audit_module._Run(AUDITOR, sheet)
        read = run.read_funds()
        audit = AUDITOR.audit(sheet)
    finally:
        audit_module._LEAN_FUNDS = True
    return (read, [(f.code, f.message, f.location, f.indicator) for f in run.findings],
            [(f.code, f.message, f.location, f.indicator, sorted(f.evidence.items())) for f in audit.findings])


@settings(max_examples=300, deadline=None)
@given(sheets())
def test_the_funds_read_at_once_are_the_funds_read_cell_by_cell(sheet):
    lean, general = _seen(sheet, True), _seen(sheet, False)
    assert repr(lean) == repr(general)


def test_a_block_with_a_cell_to_report_reads_it_the_general_way():
    sheet = sheets_from_data({"项目名称": "P1-培训项目", "项目资金": {"全年预算数": "x", "全年执行数": "9", "得分": ""},
                              "绩效指标": [{"三级指标": "培训人次", "分值": 90}]}, "a.json", "a.json")[0]
    read, found, _ = _seen(sheet, True)
    assert read["budget"] is None and read["spent"] == 9
    assert [code for code, *_ in found] == ["sheet.number", "sheet.missing"]


# 执行率 near 执行数 ÷ 预算数: amounts printed with 0-2 decimals (some negative, 0 or empty), the 执行数 often on or
# just over or under the 预算数 (within or past their rounding), the rate as the quotient rounded to 0-3 places as a
# percent or a fraction, then moved by a few of its last places (on, just within or just past its own rounding and
# the amounts' share of the slack); a 其中 row of amounts so drawn or none
_AMOUNT = st.one_of(st.decimals(-50, 2000, places=2).map(lambda d: f"{d:.2f}"),
                    st.decimals(-50, 2000, places=1).map(lambda d: f"{d:.1f}"),
                    st.integers(-50, 2000).map(str), st.sampled_from(["", "0", "0.0"]))


def _near(amount: str):
    """Amounts on, just over or just under `amount`, printed with as many decimals or one more."""
    from decimal import Decimal
    try:
        base = Decimal(amount)
    except Exception:  # (empty: any amount)
        return _AMOUNT
    places = st.sampled_from([max(0, -base.as_tuple().exponent), max(0, -base.as_tuple().exponent) + 1])
    steps = st.sampled_from(["0", "0.01", "-0.01", "0.04", "0.05", "0.06", "0.1", "-0.1", "0.5", "0.6", "1", "-1"])
    return st.tuples(steps, places).map(lambda t: f"{base + Decimal(t[0]):.{t[1]}f}")


@st.composite
def rated_sheets(draw):
    from decimal import Decimal
    budget = draw(_AMOUNT)
    spent = draw(st.one_of(_AMOUNT, _near(budget)))
    initial = draw(st.one_of(_AMOUNT, st.just(budget)))
    places, percent = draw(st.integers(0, 3)), draw(st.booleans())
    try:
        quotient = Decimal(spent) / Decimal(draw(st.sampled_from([budget, initial])))
    except Exception:  # (an empty or zero divisor: any rate)
        quotient = Decimal("0.8")
    step = Decimal(1).scaleb(-places)
    shown = (quotient * 100 if percent else quotient).quantize(step) + step * draw(st.sampled_from(
        [0, 0, 0, Decimal("0.5"), Decimal("-0.5"), Decimal("0.6"), 1, -1, 3]))
    rate = f"{shown}%" if percent else str(shown)
    funds = {"年初预算数": initial, "全年预算数": budget, "全年执行数": spent, "分值": "10", "执行率": rate, "得分": "8"}
    if draw(st.booleans()):
        part_budget = draw(_AMOUNT)
        funds["其中"] = [{"项目": "当年财政拨款", "全年预算数": part_budget,
                        "全年执行数": draw(st.one_of(_AMOUNT, _near(part_budget)))}]
    data = {"项目名称": draw(st.sampled_from(["P1-培训项目", "部门整体支出"])), "项目资金": funds,
            "绩效指标": [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥500人次",
                      "分值": "90", "实际完成值": "520人次", "得分": "90"}],
            "总分": {"分值": "100", "得分": "98"}}
    return sheets_from_data(data, "a.json", "a.json")[0]


def _rate_findings(sheet, auditor, lean):
    audit_module._LEAN_SLACK = lean
    try:
        audit = auditor.audit(sheet)
    finally:
        audit_module._LEAN_SLACK = True
    return [(f.code, f.message, f.location, f.indicator, sorted(f.evidence.items())) for f in audit.findings]


@settings(max_examples=400, deadline=None)
@given(rated_sheets(), st.sampled_from(["national", "strict"]))
def test_a_rate_or_spending_within_its_own_rounding_is_passed_over_as_the_whole_slack_passes_it(sheet, rules):
    # (a fresh auditor each way: a block kept by its texts would skip the check on the second audit)
    lean = _rate_findings(sheet, Auditor(load_scoring_rules(rules)), True)
    general = _rate_findings(sheet, Auditor(load_scoring_rules(rules)), False)
    assert lean == general
