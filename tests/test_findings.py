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
