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
from typing import Any, Iterable, Iterator

import attrs

from ._methods import frozen
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


@frozen(weakref_slot=False)
class Finding:
    """One reported defect: a stable dotted `code`, where it is, and the numbers compared.

    A batch keeps one per finding (tens of thousands in a province's audit): slotted, with no weak-reference slot."""

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


def finding_json_lines(findings: Iterable[Finding]) -> Iterator[str]:
    """Each finding as one line of JSON: the text `json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))`
    gives for `finding_to_json(finding)`, written straight from the finding. The texts that repeat across a
    province are quoted once: a finding's code and severity, its place, its evidence keys. Anything
    unusual (a severity that is no Severity, an evidence key that is no str, a value the encoder rejects)
    goes through `finding_to_json` and the encoder, which give the same text or raise the same error."""
    import json
    from json.encoder import encode_basestring as quote  # what the encoder quotes with (ensure_ascii=False)

    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    heads: dict[tuple, str] = {}      # (code, severity) -> the text up to the table's value
    places: dict[tuple, str] = {}     # (file, line, cell) -> the text from the message to the evidence
    keys: dict[str, str] = {}         # evidence key -> its quoted text and ": "
    decimal, string, integer = Decimal, str, int

    def q(value: Any) -> str:
        """A value that may be None (or, from a reader we do not know, not a str)."""
        if value is None:
            return "null"
        return quote(value) if type(value) is string else encode(value)

    for finding in findings:
        try:
            severity, code = finding.severity, finding.code
            if type(severity) is not Severity:
                raise TypeError(severity)
            head = heads.get((code, severity._value_))
            if head is None:
                head = f'{{"code": {q(code)}, "severity": {quote(severity._value_)}, "table": '
                if type(code) is string and len(heads) < _KEPT:
                    heads[(code, severity._value_)] = head  # only texts are kept: 1 and True would be one key
            location = finding.location
            file, line, cell = location.file, location.line, location.cell
            if line is not None and type(line) is not integer:
                raise TypeError(line)
            place = places.get((file, line, cell))
            if place is None:
                place = (f', "location": {{"file": {q(file)}, "line": {"null" if line is None else repr(line)}, '
                         f'"cell": {q(cell)}}}, "evidence": ')
                if ((file is None or type(file) is string) and (cell is None or type(cell) is string)
                        and len(places) < _KEPT):
                    places[(file, line, cell)] = place
            table, project, indicator, message = finding.table, finding.project, finding.indicator, finding.message
            evidence = finding.evidence
            if evidence:
                items = []  # each member's text: its quoted key, ": " and its value
                for key, value in evidence.items():
                    if type(key) is not string:
                        raise TypeError(key)  # str(key) of two keys may be one text
                    name = keys.get(key)
                    if name is None:
                        name = quote(key) + ": "
                        if len(keys) < _KEPT:
                            keys[key] = name
                    kind = type(value)
                    if kind is string:
                        items.append(name + quote(value))
                    elif value is None:
                        items.append(name + "null")
                    elif kind is decimal:
                        # f'"{value:f}"' (digits, a point, a sign, NaN or Infinity: nothing to escape), which is the
                        # Decimal's str wherever that holds no exponent (str, in C, takes a quarter of the time)
                        text = str(value)
                        items.append(f'{name}"{text}"' if "E" not in text else f'{name}"{value:f}"')
                    elif kind is integer:
                        items.append(name + repr(value))
                    else:
                        items.append(name + encode(json_value(value)))
                members = "{" + ", ".join(items) + "}}"
            else:
                members = "{}}"
            # one f-string: the pieces written into one text, not listed and joined
            yield (f'{head}{quote(table) if type(table) is string else q(table)}, "project": '
                   f'{quote(project) if type(project) is string else q(project)}, "indicator": '
                   f'{quote(indicator) if type(indicator) is string else q(indicator)}, "message": '
                   f'{quote(message) if type(message) is string else q(message)}{place}{members}')
        except (TypeError, AttributeError, ValueError):
            yield encode(finding_to_json(finding))


_KEPT = 65536  # texts kept by finding_json_lines (a province has a few hundred distinct ones)


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
