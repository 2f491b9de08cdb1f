"""Findings: what a check (validate) or a review (audit) reports, as data.

A finding keeps its stable code, severity, place and the numbers compared apart
from its rendered Chinese message, so tests assert on codes and evidence, other
tools read the JSON form, and the message can be re-rendered in another language.
"""

from __future__ import annotations

import enum
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from typing import Any, Iterable

import attrs

from .model import NOWHERE, Location
from .vocab import SEVERITY_LABELS


class Severity(enum.Enum):
    """How bad a finding is; ordered so `Severity.ERROR > Severity.WARNING > Severity.INFO`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        """The Chinese word printed in reports."""
        return _LABEL[self]

    def __lt__(self, other: "Severity") -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: "Severity") -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: "Severity") -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: "Severity") -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str) -> "Severity":
        """A Severity from `error`/`warning`/`info` (or 错误/警告/提示); ValueError lists the choices."""
        key = str(text).strip().lower()
        for severity in cls:
            if key in (severity.value, severity.label):
                return severity
        raise ValueError(f"未知的级别 {text!r}；应为 error、warning 或 info")


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_LABEL = {severity: SEVERITY_LABELS[severity.value] for severity in Severity}

Evidence = dict[str, Any]


def _evidence_converter(value: dict | None) -> Evidence:
    return dict(value or {})


@attrs.frozen
class Finding:
    """One reported defect: a stable dotted `code`, where it is, and the numbers compared."""

    code: str
    severity: Severity
    message: str
    table: str | None = None
    project: str | None = None
    indicator: str | None = None
    location: Location = NOWHERE
    evidence: Evidence = attrs.field(factory=dict, converter=_evidence_converter, hash=False)

    def sort_key(self) -> tuple:
        return (-self.severity.rank, self.location.file, self.location.line or 0, self.code)


def json_value(value: Any) -> Any:
    """Evidence as JSON: exact decimals become strings (`"1176"`), never floats."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


def finding_to_json(finding: Finding) -> dict:
    """The stable JSON form of a finding (see docs/validate.md)."""
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "table": finding.table,
        "project": finding.project,
        "indicator": finding.indicator,
        "message": finding.message,
        "location": {
            "file": finding.location.file,
            "line": finding.location.line,
            "cell": finding.location.cell,
        },
        "evidence": _evidence_json(finding.evidence),
    }


def _evidence_json(evidence: dict) -> dict:
    """`json_value` of an evidence dict, the common values (text, whole numbers, Decimals) without its
    chain of type tests: a report of a province turns some hundred thousand of these into JSON."""
    out = {}
    for key, value in evidence.items():
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            pass
        elif kind is Decimal:
            value = format(value, "f")
        else:
            value = json_value(value)
        out[key if type(key) is str else str(key)] = value
    return out


def summarize(findings: Iterable[Finding], files: int) -> dict:
    """Counts by severity and the number of files read."""
    by_severity = Counter(finding.severity for finding in findings)  # Enum.value is a Python property: read once each
    counts = {severity.value: by_severity[severity] for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    counts["files"] = files
    return counts


def report_to_json(findings: Iterable[Finding], files: int) -> dict:
    """`{"findings": [...], "summary": {...}}`, the object `perfeval validate --format json` prints."""
    findings = list(findings)
    return {"findings": [finding_to_json(f) for f in findings], "summary": summarize(findings, files)}


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The most severe severity among `findings`, or None when there are none."""
    return max((f.severity for f in findings), default=None)
