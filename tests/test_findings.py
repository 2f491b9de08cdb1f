"""The Finding model and its stable JSON form (read by other tools)."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from perfeval.findings import Finding, Severity, finding_to_json, report_to_json, summarize, worst
from perfeval.model import Location


def make(severity=Severity.ERROR, **evidence) -> Finding:
    return Finding(code="weights.sum", severity=severity, message="附件 12-4 各指标权重合计为 80，应为 90",
                   table="附件 12-4", project="50015224T000004338562", indicator=None,
                   location=Location("seed.txt", 500), evidence=evidence)


def test_severities_are_ordered():
    assert Severity.ERROR > Severity.WARNING > Severity.INFO
    assert sorted([Severity.WARNING, Severity.ERROR, Severity.INFO]) == [Severity.INFO, Severity.WARNING, Severity.ERROR]
    assert worst([make(Severity.INFO), make(Severity.WARNING)]) is Severity.WARNING
    assert worst([]) is None


@pytest.mark.parametrize("text, expected", [("error", Severity.ERROR), ("Warning", Severity.WARNING), ("提示", Severity.INFO)])
def test_severity_parse(text, expected):
    assert Severity.parse(text) is expected


def test_severity_parse_rejects_unknown_words():
    with pytest.raises(ValueError, match="error、warning 或 info"):
        Severity.parse("fatal")


def test_json_form_has_exactly_the_documented_keys_and_exact_decimals():
    data = finding_to_json(make(total=Decimal("80"), expected=Decimal("90.00"), share=Fraction(1, 4), count=3))
    assert list(data) == ["code", "severity", "table", "project", "indicator", "message", "location", "evidence"]
    assert data["location"] == {"file": "seed.txt", "line": 500, "cell": None}
    assert data["evidence"] == {"total": "80", "expected": "90.00", "share": "0.25", "count": 3}
    assert data["severity"] == "error" and data["project"] == "50015224T000004338562"
    json.dumps(data)


def test_report_summary_counts_by_severity_and_files():
    findings = [make(), make(Severity.WARNING), make(Severity.WARNING)]
    report = report_to_json(findings, files=2)
    assert report["summary"] == {"error": 1, "warning": 2, "info": 0, "files": 2}
    assert len(report["findings"]) == 3
    assert summarize([], 0) == {"error": 0, "warning": 0, "info": 0, "files": 0}


def test_findings_are_hashable_despite_evidence_dicts():
    assert len({make(total=Decimal(1)), make(total=Decimal(1))}) == 1


# --- finding_json_lines: each finding's line written straight, against the encoder of finding_to_json ---

from hypothesis import given, settings, strategies as st  # noqa: E402

from perfeval.findings import finding_json_lines  # noqa: E402

_ODD = st.sampled_from(['"', "\\", "\x00", "\x1f", "\x7f", "\n", "\u2028", "𝕏", "\ud800", "附", " ", "a"])
_TEXT = st.text(st.one_of(_ODD, st.characters()), max_size=6)
_SHARED = st.sampled_from(["goal.weaker", "附件 12-1", "a.txt", "source", ""])  # texts that repeat: kept ones
_TEXTY = st.one_of(_SHARED, _TEXT)
_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-(2 ** 70), 2 ** 70), _TEXTY,
                    st.decimals(), st.sampled_from([Decimal(t) for t in ("1E+2", "-0", "1.50", "1E-7", "NaN", "-Infinity")]),
                    st.fractions(), st.floats(), st.sampled_from(list(Severity)))
_VALUE = st.recursive(_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.tuples(inner, inner),
    st.dictionaries(st.one_of(_TEXTY, st.integers(), st.booleans()), inner, max_size=3)), max_leaves=6)
_KEY = st.one_of(_TEXTY, _TEXTY, _TEXTY, st.integers(0, 2), st.booleans())  # mostly texts; others go the general way
_FINDING = st.builds(
    Finding, code=st.one_of(_TEXTY, _TEXTY, st.none(), st.integers(0, 1), st.booleans()),
    severity=st.sampled_from(list(Severity)), message=st.one_of(_TEXTY, st.none()),
    table=st.one_of(st.none(), _TEXTY), project=st.one_of(st.none(), _TEXTY), indicator=st.one_of(st.none(), _TEXTY),
    location=st.builds(Location, st.one_of(_TEXTY, st.none()), st.one_of(st.none(), st.integers(0, 1), st.integers(),
                                                                      st.booleans()),
                       st.one_of(st.none(), _TEXTY)),
    evidence=st.dictionaries(_KEY, _VALUE, max_size=5))


@settings(max_examples=300)
@given(st.lists(_FINDING, max_size=6))
def test_finding_json_lines_are_the_encoders_text_of_finding_to_json(findings):
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    findings = findings + findings[::-1]  # the second time round, from the kept texts
    expected = []
    for finding in findings:
        try:
            expected.append(encode(finding_to_json(finding)))
        except ValueError as error:  # an int too long for repr: the line raises the same
            expected.append(type(error))
    got = []
    lines = finding_json_lines(findings)
    while True:
        try:
            got.append(next(lines))
        except StopIteration:
            break
        except ValueError as error:
            got.append(type(error))
            break
    assert got == expected[:len(got)] and (len(got) == len(expected) or got[-1] is ValueError)


def test_finding_json_lines_of_the_seed_and_odd_findings():
    odd = Finding(code="x", severity=Severity.INFO, message='引号"与\\反斜杠\x01', table=None, project="𝕏",
                  indicator=None, location=Location("a.txt", True, None),  # a line that is a bool: the general way
                  evidence={"n": True, 1: "int key", "1": "same text", "d": {"k": [Decimal("1.50"), None]}})
    line, = finding_json_lines([odd])
    assert line == json.dumps(finding_to_json(odd), ensure_ascii=False)
    assert json.loads(line)["evidence"] == {"n": True, "1": "same text", "d": {"k": ["1.50", None]}}
    assert json.loads(line)["location"]["line"] is True
