"""The labelled judgement corpus: recall over the faults a careful reviewer reports, and false alarms.

Each document in tests/corpus/judgement/ has a labels file listing every fault (code and place)
and the clean facts that must raise nothing (see the corpus README). A finding matches a fault
when the code, the table and (where the label names one) the indicator agree. False errors and
warnings are findings of that severity that match no labelled fault; a finding a clean fact
forbids is a false alarm whatever its severity.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import attrs
import pytest
import yaml

from perfeval.checks import load_ruleset, validate_document
from perfeval.findings import Severity
from perfeval.readers import read_document
from perfeval.scoring import load_scoring_rules
from perfeval.selfeval import Auditor
from perfeval.selfeval.readers import read_sheets

CORPUS = Path(__file__).resolve().parent / "corpus" / "judgement"
DOCUMENTS = sorted(p for p in CORPUS.glob("*.yaml") if not p.name.endswith(".labels.yaml"))


@attrs.frozen
class Outcome:
    document: str
    faults: int
    found: tuple[dict, ...]
    missed: tuple[dict, ...]
    false_errors: tuple[str, ...]
    false_warnings: tuple[str, ...]
    clean_violations: tuple[str, ...]


def _labels(path: Path) -> dict:
    return yaml.safe_load(path.with_name(path.stem + ".labels.yaml").read_text(encoding="utf-8"))


def _findings(path: Path, command: str):
    if command == "validate":
        return validate_document(read_document(path), load_ruleset("national"))
    auditor = Auditor(load_scoring_rules("national"), taxonomy=load_ruleset("national"))
    return [f for sheet in read_sheets(path) for f in auditor.audit(sheet).findings]


def _at(finding, label: dict) -> bool:
    if label.get("table") is not None and finding.table != label["table"]:
        return False
    return label.get("indicator") is None or finding.indicator == label["indicator"]


@lru_cache(maxsize=None)
def outcome(name: str) -> Outcome:
    path = CORPUS / name
    labels = _labels(path)
    faults = labels.get("faults") or []
    findings = _findings(path, labels["command"])
    matched = lambda f, label: f.code == label["code"] and _at(f, label)
    found = tuple(label for label in faults if any(matched(f, label) for f in findings))
    missed = tuple(label for label in faults if label not in found)
    unlabelled = [f for f in findings if not any(matched(f, label) for label in faults)]
    false_errors = tuple(f"{f.code}: {f.message}" for f in unlabelled if f.severity is Severity.ERROR)
    false_warnings = tuple(f"{f.code}: {f.message}" for f in unlabelled if f.severity is Severity.WARNING)
    violations = []
    for fact in labels.get("clean") or []:
        forbidden = set(fact.get("codes") or [])
        for f in findings:
            if _at(f, fact) and (f.code in forbidden or (not forbidden and f.severity > Severity.INFO)):
                violations.append(f"{fact['what']}: {f.code}: {f.message}")
    return Outcome(name, len(faults), found, missed, false_errors, false_warnings, tuple(violations))


def figures() -> dict:
    """Recall and false alarms over the whole corpus (the README reports these)."""
    outcomes = [outcome(p.name) for p in DOCUMENTS]
    faults = sum(o.faults for o in outcomes)
    found = sum(len(o.found) for o in outcomes)
    return {"documents": len(outcomes), "faults": faults, "found": found,
            "recall": found / faults if faults else 1.0,
            "false_errors": sum(len(o.false_errors) for o in outcomes),
            "false_warnings": sum(len(o.false_warnings) for o in outcomes),
            "clean_violations": sum(len(o.clean_violations) for o in outcomes)}


def test_the_corpus_has_documents_of_both_commands():
    commands = {_labels(p)["command"] for p in DOCUMENTS}
    assert commands == {"validate", "audit"} and len(DOCUMENTS) >= 8


@pytest.mark.parametrize("name", [p.name for p in DOCUMENTS])
def test_each_document_raises_no_false_error_and_breaks_no_clean_fact(name):
    result = outcome(name)
    assert result.false_errors == ()
    assert result.clean_violations == ()


def test_recall_is_at_least_95_percent_with_no_false_error():
    numbers = figures()
    missed = [(o.document, label) for p in DOCUMENTS for o in [outcome(p.name)] for label in o.missed]
    print(f"\njudgement corpus: {numbers}")
    assert numbers["recall"] >= 0.95, missed
    assert numbers["false_errors"] == 0
