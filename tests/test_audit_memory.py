"""What an audit keeps for each sheet, row and finding is small: the objects a batch keeps to the end (one
RowResult per row, one Finding per finding, one SheetAudit per sheet) carry their fields and nothing else, and
what is equal is shared where nobody can tell (an evidence dict judged once per distinct row)."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from perfeval.findings import Finding
from perfeval.scoring import load_scoring_rules
from perfeval.selfeval import RowResult, SheetAudit

from .test_audit_fast_paths import _audit_batches, _kept_as_checked

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("cls", [RowResult, SheetAudit, Finding, "Row", "Location"])
def test_the_per_row_and_per_finding_classes_carry_their_fields_alone(cls):
    import attrs

    from perfeval.model import Location
    from perfeval.selfeval import Row

    cls = {"Row": Row, "Location": Location}.get(cls, cls)  # (the 自评表's rows and every located thing too)

    # no instance dict and no weak-reference slot (8 bytes on each of ~100,000 objects a province's audit keeps)
    assert cls.__slots__ == tuple(field.name for field in attrs.fields(cls))
    assert "__weakref__" not in dir(cls) and "__dict__" not in dir(cls)
    assert cls.__basicsize__ == object.__basicsize__ + 8 * len(attrs.fields(cls))


def test_an_audit_of_such_objects_pickles_and_compares_as_before():
    from perfeval.api import audit_files

    audits = audit_files(sorted((ROOT / "examples" / "audit").iterdir()), "national").audits
    assert sum(len(audit.findings) for audit in audits) > 10 and sum(len(audit.rows) for audit in audits) > 10
    again = pickle.loads(pickle.dumps(audits))
    assert again == audits and [hash(audit) for audit in again] == [hash(audit) for audit in audits]


def _sheet(name: str, actual: str, score: str = "90", unit: str = "元", weight: str = "90", path: str = "s.json"):
    """A one-row 自评表 (target ≥500) scored as the national rule set prints it: 90 points and 10 for the 预算执行率."""
    from perfeval.model import Location
    from perfeval.selfeval import Funds, Row, SelfEvaluation

    row = Row(level1="产出指标", level2="数量指标", name=name, target="≥500", actual=actual, unit=unit, weight=weight,
              score=score, reason="", location=Location(path, 10))
    funds = Funds(initial="100", budget="100", spent="98", weight="10", rate="98%", score="9.8",
                  location=Location(path, 5))
    total = Decimal(score) + Decimal("9.8")
    return SelfEvaluation(path, project_name="项目", project_code="P1", funds=funds, rows=(row,), total=str(total),
                          grade="优" if total >= 90 else "良", total_weight="100", location=Location(path, 1))


def test_a_rows_evidence_judged_once_is_shared_by_the_findings_of_every_sheet():
    from perfeval.scoring import load_scoring_rules
    from perfeval.selfeval import Auditor

    auditor = Auditor(load_scoring_rules("national"))
    # the same row's texts on two sheets under other names: a unit converted, a target's form, a 得分 over its 分值
    first, second = (auditor.audit(_sheet(name, "≥0.06万元", score="95", path=path))
                     for name, path in (("培训班次", "a.json"), ("服务人次", "b.json")))
    converted = {"found": "≥0.06万元", "target_unit": "元", "converted": Decimal(600)}
    for code, evidence in (("quality.unit_converted", converted),
                           ("quality.actual_as_target", {"found": "≥0.06万元"}),
                           ("arith.score_range", {"score": Decimal(95), "weight": Decimal(90)})):
        mine, theirs = ([f for f in audit.findings if f.code == code] for audit in (first, second))
        assert len(mine) == len(theirs) == 1, code
        assert mine[0].evidence == theirs[0].evidence == evidence
        assert mine[0].evidence is theirs[0].evidence  # one dict, not a copy per finding
        assert mine[0].location.file == "a.json" and theirs[0].location.file == "b.json"
        assert "培训班次" in mine[0].message and "服务人次" in theirs[0].message


def test_a_full_memo_of_row_facts_is_emptied_and_the_audits_stay_the_same(monkeypatch):
    from perfeval.scoring import load_scoring_rules
    from perfeval.selfeval import Auditor, audit

    rules = load_scoring_rules("national")
    batch = [_sheet(f"指标{n}", actual, score=score) for n in range(3)
             for actual, score in (("520人次", "90"), ("0.06万元", "88"), ("≥0.06万元", "95"), ("480", "85"))]
    audit._FACTS.clear()
    expected = [_shape(a) for a in map(Auditor(rules).audit, batch * 2)]
    assert len(audit._FACTS) == 4  # one facts per distinct row text (the names differ, their kind does not)
    monkeypatch.setattr(audit, "_FACTS_SIZE", 2)  # full after two rows: emptied, and the rows judged again
    audit._FACTS.clear()
    assert [_shape(a) for a in map(Auditor(rules).audit, batch * 2)] == expected
    assert 1 <= len(audit._FACTS) <= 2


def _shape(result):
    """A SheetAudit as it is written: numbers by repr (20 and 20.0 differ), findings whole."""
    return ([(f.code, f.severity, f.message, repr(f.evidence), f.location) for f in result.findings],
            [(r.row, repr(r.claimed), repr(r.rescored), repr(r.tolerance)) for r in result.rows],
            repr((result.claimed_total, result.rescored_total, result.rescored_grade, result.execution_rescored,
                  result.execution_tolerance, result.unscored)))


def test_a_row_only_summed_and_met_before_gets_no_line(monkeypatch):
    from perfeval.scoring import load_scoring_rules
    from perfeval.selfeval import Auditor, audit

    made = []
    build = audit._line_row
    monkeypatch.setattr(audit, "_line_row", lambda *values: made.append(values[0].name) or build(*values))
    auditor = Auditor(load_scoring_rules("national"))
    plain = _sheet("培训班次", "520", unit="人次")  # 520 of ≥500 人次 at 90 of 90 points: nothing to say of it
    odd = _sheet("服务人次", "≥0.06万元", score="95")  # a target's form, a unit converted, a 得分 over its 分值
    first = [auditor.audit(sheet) for sheet in (plain, odd)]
    # met first: the new case's outcome is worked out from its facts by `finish` (no line: nothing to compare); the odd
    # row's line for its findings
    assert made == ["服务人次"]
    made.clear()
    again = [auditor.audit(sheet) for sheet in (plain, odd)]
    assert made == ["服务人次"]  # the plain row, met before, is only summed and its result taken: no line
    assert [_shape(a) for a in again] == [_shape(a) for a in first]
    assert again[0].rows[0].claimed == again[0].rows[0].rescored == Decimal(90) and not again[0].findings


@pytest.mark.parametrize("actual, score, codes", [("450", "90", ("rescore.over", "explain.unmet")),
                                                  ("520", "80", ("rescore.under",))])
def test_what_compare_says_of_a_row_met_again_is_one_evidence_dict(actual, score, codes):
    from perfeval.scoring import load_scoring_rules
    from perfeval.selfeval import Auditor

    auditor, general = Auditor(load_scoring_rules("national")), Auditor(load_scoring_rules("national"))
    sheets = [_sheet(name, actual, score=score, unit="人次", path=path)
              for name, path in (("培训班次", "a.json"), ("服务人次", "b.json"), ("培训班次", "c.json"))]
    audits = [auditor.audit(sheet) for sheet in sheets]
    try:
        Auditor.LEAN = False  # every sheet scored whole: nothing kept, each finding its own dict
        expected = [_shape(general.audit(sheet)) for sheet in sheets]
    finally:
        Auditor.LEAN = True
    assert [_shape(a) for a in audits] == expected
    for code in codes:
        found = [[f for f in audit.findings if f.code == code] for audit in audits]
        assert [len(f) for f in found] == [1, 1, 1], code
        assert found[0][0].evidence is found[1][0].evidence is found[2][0].evidence
        assert [f[0].location.file for f in found] == ["a.json", "b.json", "c.json"]
    over = [f for f in audits[0].findings if f.code.startswith("rescore.")][0].evidence
    assert over == {"claimed": Decimal(score), "rescored": Decimal(81 if actual == "450" else 90),
                    "difference": abs(Decimal(score) - (81 if actual == "450" else 90)), "tolerance": Decimal("0.5"),
                    "target": "≥500人次", "actual": actual, "rules": "national"}


@st.composite
def _printed_batches(draw):
    """Sheets scored as the national rule set prints them (90 points over their rows, 10 for the 预算执行率), so the
    lean re-score takes them, with rows met on, under and over their targets, 得分 claimed right, off, with decimals or
    blank, with and without 偏差原因."""
    from perfeval.model import Location
    from perfeval.selfeval import Funds, Row, SelfEvaluation

    batch = []
    for n in range(draw(st.integers(1, 5))):
        weights = draw(st.sampled_from([["90"], ["45", "45"], ["30", "30", "30"], ["20", "20", "20", "30"]]))
        rows = []
        for i, weight in enumerate(weights):
            target, unit, actual = draw(st.sampled_from([("≥500", "人次", "520"), ("≥500", "人次", "450"),
                                                         ("≥500", "人次", "500"), ("≤2000", "元", "0.18万元"),
                                                         ("≥90%", "", "88%"), ("≥90%", "", "95%"),
                                                         ("有效提升", "", "部分达成")]))
            score = draw(st.sampled_from([weight, weight, f"{weight}.0", str(int(weight) - 3), "", "12.5",
                                          str(int(weight) + 5)]))
            rows.append(Row(level1="产出指标", level2="数量指标", name=f"指标{i}", target=target, actual=actual, unit=unit,
                            weight=weight, score=score, reason=draw(st.sampled_from(["", "", "受天气影响"])),
                            location=Location("s.json", 10 + i)))
        funds = Funds(initial="100", budget="100", spent=draw(st.sampled_from(["98", "80", "100"])), weight="10",
                      rate="", score=draw(st.sampled_from(["9.8", "10", "8"])), location=Location("s.json", 5))
        batch.append(SelfEvaluation(f"s{n}.json", project_name="项目", project_code="P1", funds=funds,
                                    rows=tuple(rows), total=draw(st.sampled_from(["99.8", "90", ""])), grade="",
                                    total_weight="100", location=Location("s.json", 1)))
    return batch


@settings(max_examples=60, deadline=None)
@given(_printed_batches(), st.sampled_from(["national", "strict"]))
def test_a_total_counted_from_each_rows_own_score_is_the_sum_run_made(sheets, rules):
    # _Run.finish takes the printed 得分 summed by run's pass as the re-scored total's rows where every row counts its
    # own 得分 (most sheets) instead of summing them again: the same audits as summing them (_LEAN_COUNTED off), the
    # batch met twice (the second time from the outcomes kept), here and on the general batches
    _kept_as_checked("_LEAN_COUNTED", load_scoring_rules(rules), sheets * 2)


@settings(max_examples=30, deadline=None)
@given(_audit_batches(), st.sampled_from(["national", "province-20"]))
def test_a_total_counted_from_each_rows_own_score_is_the_sum_on_any_sheet(sheets, rules):
    _kept_as_checked("_LEAN_COUNTED", load_scoring_rules(rules), sheets * 2)


def test_a_row_off_its_re_score_counts_the_re_score_in_the_total():
    from perfeval.scoring import load_scoring_rules
    from perfeval.selfeval import Auditor

    auditor = Auditor(load_scoring_rules("national"))
    for _ in range(2):  # worked out, then from the outcome kept
        off = auditor.audit(_sheet("培训班次", "450", score="90", unit="人次"))  # 450 of ≥500: 81, not 90
        assert (off.rescored_total, off.claimed_total) == (Decimal("90.8"), Decimal("99.8"))
        own = auditor.audit(_sheet("培训班次", "520", score="90", unit="人次"))
        assert own.rescored_total == own.claimed_total == Decimal("99.8")
