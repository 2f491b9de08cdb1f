"""The audit report's lean paths give what the general ones give: each sheet's block taken from its own audit
where its findings are its own, the summary counted in one loop over the audits."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
from hypothesis import example, given, settings, strategies as st

from perfeval.api import audit_files
from perfeval.findings import summarize as count_findings
from perfeval.scoring import load_scoring_rules
from perfeval.scoring.sheet import exact_text
from perfeval.selfeval import render as render_module
from perfeval.selfeval.render import render, render_audits
from perfeval.selfeval.summary import summarize

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = load_scoring_rules("national")
_RESULT = []


def _result():
    if not _RESULT:
        _RESULT.append(audit_files(sorted((ROOT / "examples" / "audit").glob("*.[jty]*")), NATIONAL))
    return _RESULT[0]


# a change to the batch: a sheet audited twice (the same file and label), a finding naming another sheet's table
# or another file, a sheet without findings
_CHANGES = st.lists(st.tuples(st.sampled_from(["twice", "table", "file", "none"]), st.integers(0, 100),
                              st.integers(0, 100)), max_size=3)


def _changed(audits: list, changes) -> list:
    audits = list(audits)
    for change, at, other in changes:
        audit = audits[at % len(audits)]
        if change == "twice":
            audits.insert(other % (len(audits) + 1), audit)
        elif change == "none":
            audits[at % len(audits)] = attrs.evolve(audit, findings=())
        elif audit.findings:
            findings = list(audit.findings)
            n = other % len(findings)
            if change == "table":
                findings[n] = attrs.evolve(findings[n], table=audits[other % len(audits)].sheet.label)
            else:
                findings[n] = attrs.evolve(findings[n], location=attrs.evolve(findings[n].location, file="other.yaml"))
            audits[at % len(audits)] = attrs.evolve(audit, findings=tuple(findings))
    return audits


@settings(max_examples=40, deadline=None)
@given(_CHANGES)
def test_sheet_blocks_taken_from_their_own_audits_are_the_findings_grouped(changes):
    result = attrs.evolve(_result(), audits=_changed(_result().audits, changes))
    lean = render_audits(result)
    assert lean == render(result.report())
    render_module._LEAN = False
    try:
        assert lean == render_audits(result)
    finally:
        render_module._LEAN = True


@settings(max_examples=40, deadline=None)
@given(_CHANGES)
def test_the_summary_counted_from_the_audits_is_the_findings_counted(changes):
    audits = _changed(_result().audits, changes)
    findings = [f for a in audits for f in a.findings]
    summary = summarize(audits, None, 7)
    assert summary == summarize(audits, findings, 7)
    assert {k: summary[k] for k in ("error", "warning", "info", "files")} == count_findings(findings, 7)
    assert summary["sheets_with_errors"] == sum(1 for a in audits if any(f.severity.value == "error"
                                                                         for f in a.findings))
    assert summary["error"] > 0 or not findings


def test_a_batch_left_to_the_exit_writes_what_one_freed_writes(tmp_path):
    # the command keeps a batch of KEEP_MIN sheets or more to the end of the process: the same report, stderr and
    # exit code as when it is freed (here the threshold is 1 or never, in real processes, so the exit handlers run)
    import subprocess
    import sys

    run = ("import sys, perfeval.cli.audit as command; command.KEEP_MIN = int(sys.argv[1]); "
           "from perfeval.cli import main; main(sys.argv[2:])")
    sheets = str(ROOT / "examples" / "audit")
    seen = []
    for threshold in ("1", "1000000000"):
        out = tmp_path / f"{threshold}.json"
        table = subprocess.run([sys.executable, "-c", run, threshold, "audit", sheets], capture_output=True, text=True)
        written = subprocess.run([sys.executable, "-c", run, threshold, "audit", sheets, "-o", str(out)],
                                 capture_output=True, text=True)
        seen.append((table.returncode, table.stdout, table.stderr, written.returncode, written.stdout,
                     written.stderr.replace(str(out), "OUT"), out.read_text(encoding="utf-8")))
    assert seen[0] == seen[1]
    assert seen[0][0] == 1 and "自评表复核" in seen[0][1] and "自评表 8 张" in seen[0][5] and '"findings"' in seen[0][6]


_POINTS = st.sampled_from([None, Decimal("0"), Decimal("5"), Decimal("5.0"), Decimal("4.99"), Decimal("10"),
                           Decimal("-3"), Decimal("7.5")])


_TOLERANCE = st.sampled_from([Decimal(0), Decimal("0.01"), Decimal("1"), Decimal("2.5")])  # (2.5: 7.5 − 5, at the edge)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.lists(st.tuples(_POINTS, _POINTS, _TOLERANCE), max_size=4),
                          _POINTS, _POINTS, _TOLERANCE, st.sampled_from(["a", "b"])), min_size=1, max_size=8),
       st.integers(1, 12))
@example([([(Decimal("7.5"), Decimal("5"), Decimal("2.5")), (Decimal("5"), Decimal("4.99"), Decimal("0.01"))],
           Decimal("4.99"), Decimal("5"), Decimal("0.01"), "a")], 3)  # (differences at their tolerances: none shown)
def test_the_largest_differences_are_the_first_of_every_difference_sorted(sheets, limit):
    # ties (equal differences, labels and names) keep the order found, as sorted()[:limit] does
    from perfeval.selfeval.summary import largest_differences, largest_total_differences

    base = _result().audits[0]
    audits = []
    for rows, claimed, rescored, tolerance, label in sheets:
        results = tuple(attrs.evolve(base.rows[0], claimed=c, rescored=r, tolerance=t) for c, r, t in rows)
        audits.append(attrs.evolve(base, sheet=attrs.evolve(base.sheet, label=label), rows=results,
                                   execution_claimed=claimed, execution_rescored=rescored,
                                   execution_tolerance=tolerance, claimed_total=claimed, rescored_total=rescored))
    expected = []
    for audit in audits:
        expected += [(abs(r.difference), audit.sheet.label, r.row.name, r.difference) for r in audit.rows if r.difference]
        if audit.execution_difference:
            expected.append((abs(audit.execution_difference), audit.sheet.label, "预算执行率", audit.execution_difference))
    expected.sort(key=lambda item: (-item[0], item[1], item[2]))
    largest = largest_differences(audits, limit)
    assert [(d["table"], d["indicator"], d["difference"]) for d in largest] == \
        [(label, name, exact_text(difference)) for _, label, name, difference in expected[:limit]]
    # the summary's (each row's kept as its size and result, the rest made for the contenders): the same rows, in the
    # same order, with the same claimed and re-scored 得分 and places
    from perfeval.selfeval.summary import summary_and_overview

    assert summary_and_overview(audits, [g.name for g in NATIONAL.grades], 1, limit)[1]["largest_differences"] == \
        largest
    totals = sorted([a for a in audits if a.claimed_total is not None and a.rescored_total is not None
                     and a.claimed_total != a.rescored_total],
                    key=lambda a: (-abs(a.claimed_total - a.rescored_total), a.sheet.label))
    assert [(d["table"], d["difference"]) for d in largest_total_differences(audits, limit)] == \
        [(a.sheet.label, exact_text(a.claimed_total - a.rescored_total)) for a in totals[:limit]]


@settings(max_examples=40, deadline=None)
@given(_CHANGES)
def test_the_summary_and_overview_in_one_loop_are_the_functions_of_each(changes):
    from perfeval.selfeval.summary import overview, summary_and_overview

    audits = _changed(_result().audits, changes)
    grades = [g.name for g in NATIONAL.grades]
    for limit in (1, 3, 10):
        summary, view = summary_and_overview(audits, grades, 7, limit)
        assert summary == summarize(audits, None, 7)
        findings = [f for a in audits for f in a.findings]
        expected = overview(audits, findings, grades)
        if limit != 10:
            from perfeval.selfeval.summary import frequent_codes, largest_differences, largest_total_differences

            expected.update(largest_differences=largest_differences(audits, limit),
                            largest_total_differences=largest_total_differences(audits, limit),
                            frequent_codes=frequent_codes(findings, limit))
        assert view == expected


# messages and places of a batch's findings: plain ones, and ones the lean layout refuses (empty, a space to strip,
# "True", a line break, an ideographic space) or lays out beyond its frame (wider than 255 columns)
_TEXT = st.sampled_from(["中文说明", "a b", "≤1808元", "", " 前", "后 ", "True", "两\n行", "\u3000全角", "宽" * 130,
                         "x" * 300, "a|b", "反\\斜", "回\r\n车", "|"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=6),
       st.sampled_from([("table", None), ("markdown", None), ("markdown", 60)]))
def test_the_batch_laid_out_at_once_is_each_sheet_laid_out(texts, layout):
    audits = []
    for audit in _result().audits:
        found = [attrs.evolve(f, message=message, location=attrs.evolve(f.location, cell=cell or None))
                 for f, (message, cell) in zip(audit.findings, texts * len(audit.findings))]
        audits.append(attrs.evolve(audit, findings=tuple(found)))
    result = attrs.evolve(_result(), audits=audits)
    fmt, width = layout  # (markdown is never fitted: the same text whatever the width)
    lean = render_audits(result, fmt, width=width)
    assert lean == render(result.report(), fmt, width=width)
    render_module._LEAN = False
    try:
        assert lean == render_audits(result, fmt, width=width)
    finally:
        render_module._LEAN = True


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["error", "warning", "info"]), st.sampled_from(["a.x", "a.y", "b.z"])),
                min_size=1, max_size=7), st.integers(0, 3))
def test_the_findings_counted_by_the_lean_table_are_the_summarys(kinds, empty):
    # a code met at two severities in one sheet counts one sheet; a sheet's errors make it one with errors
    from perfeval.findings import Severity
    from perfeval.render.findings import code_with_title
    from perfeval.render.terminal import plain_width
    from perfeval.selfeval.summary import summary_and_overview

    audits = []
    for n, audit in enumerate(_result().audits):
        found = () if n % 4 == empty else tuple(
            attrs.evolve(f, severity=Severity(severity), code=code)
            for f, (severity, code) in zip(audit.findings, kinds * len(audit.findings)))
        audits.append(attrs.evolve(audit, findings=found))
    lean = render_module._lean_blocks(audits, render_module._Labels(code_with_title, plain_width))
    assert lean is not None
    grades = [g.name for g in NATIONAL.grades]
    assert summary_and_overview(audits, grades, 3, counted=lean[1]) == summary_and_overview(audits, grades, 3)
    # each finding's 级别 and code as the report's, whichever severity its code was first met at (the lean table
    # looks a row's cells up by its code, then by its severity and code)
    result = attrs.evolve(_result(), audits=audits)
    for fmt in ("table", "markdown"):
        assert render_audits(result, fmt) == render(result.report(), fmt)


@settings(max_examples=30, deadline=None)
@given(_CHANGES, st.booleans(), st.lists(_TEXT, max_size=3))
def test_the_json_written_from_the_audits_is_the_results_json(changes, summary_only, messages):
    # output writes report_json (findings as their lines, sheets' rows from the audits) where it wrote to_json
    from perfeval.output import dumps_json, json_chunks
    from perfeval.selfeval.summary import report_json

    audits = _changed(_result().audits, changes)
    if messages:
        audits = [attrs.evolve(a, findings=tuple(attrs.evolve(f, message=m) for f, m in zip(a.findings, messages * 9)))
                  for a in audits]
    result = attrs.evolve(_result(), audits=audits)
    assert "".join(json_chunks(report_json(result, summary_only))) == dumps_json(result.to_json(summary_only))


def test_a_sheets_json_row_with_odd_values_is_the_encoders():
    # a total that is a Decimal's subclass (the row is encoded from its dict: summary._sheet_line refuses it), a
    # project name that is None, unscored rows, quotes and a line break: one text either way
    from perfeval.output import dumps_json, json_chunks
    from perfeval.selfeval.summary import report_json

    audits = list(_result().audits)
    first, second, third = audits[:3]
    class Total(Decimal):
        pass

    audits[0] = attrs.evolve(first, claimed_total=Total("90.50"), unscored=("甲", "乙\\n"))
    audits[1] = attrs.evolve(second, sheet=attrs.evolve(second.sheet, project_name=None), rescored_total=None)
    audits[2] = attrs.evolve(third, unscored=('"引"', "乙\\n"), claimed_grade=None)
    result = attrs.evolve(_result(), audits=audits)
    assert "".join(json_chunks(report_json(result))) == dumps_json(result.to_json())


# totals as sheets give them: equal values written with other exponents, a value of more than 20 places just under
# a half (exact_text rounds it at 20 places first: the re-scored total shows 98.01 where the claimed one shows 98)
_TOTALS = st.sampled_from([None, Decimal("98"), Decimal("98.0"), Decimal("98.005"),
                           Decimal("98.00499999999999999999999"), Decimal("98.0049999999999999999999999999"),
                           Decimal("-0"), Decimal("0.00"), Decimal("1E+2"), Decimal("100")])


_NAMES = st.sampled_from([None, "", "5001", "项目甲"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_TOTALS, _TOTALS, _NAMES, _NAMES), min_size=1, max_size=8))
def test_a_sheets_head_shows_its_totals_and_project_as_the_report_shows_them(heads):
    # the lean table shows a re-scored total equal to the claimed one by the claimed one's text where both are the
    # value rounded to two places; a project's code and name, either of them, or none
    audits = [attrs.evolve(a, claimed_total=c, rescored_total=r,
                           sheet=attrs.evolve(a.sheet, project_code=code, project_name=name))
              for a, (c, r, code, name) in zip(_result().audits, heads * len(_result().audits))]
    result = attrs.evolve(_result(), audits=audits)
    for fmt in ("table", "markdown"):
        assert render_audits(result, fmt) == render(result.report(), fmt)
