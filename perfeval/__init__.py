"""perfeval: validate, score and property-test Chinese budget performance targets (绩效目标).

The public API is re-exported here and loaded on first use, so `import perfeval` stays
cheap and a command pays only for what it runs:

    >>> import perfeval
    >>> doc = perfeval.read_document("examples/tongnan-shebao-2026.txt")      # doctest: +SKIP
    >>> findings = perfeval.validate_document(doc, perfeval.load_ruleset("national"))  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # the model
    "Document": "perfeval.model", "TargetTable": "perfeval.model", "DepartmentTargetTable": "perfeval.model",
    "Indicator": "perfeval.model", "BudgetTable": "perfeval.model", "BudgetRow": "perfeval.model",
    "Column": "perfeval.model", "Paragraph": "perfeval.model", "UnplacedLine": "perfeval.model",
    "Location": "perfeval.model", "Operator": "perfeval.operators", "parse_operator": "perfeval.operators",
    "Unit": "perfeval.units", "Quantity": "perfeval.units", "Dimension": "perfeval.units", "parse_unit": "perfeval.units",
    "Actual": "perfeval.actuals", "Actuals": "perfeval.actuals", "ProjectFunds": "perfeval.actuals", "Band": "perfeval.actuals",
    # errors
    "PerfevalError": "perfeval.errors", "InputError": "perfeval.errors", "RuleError": "perfeval.errors",
    # reading and writing
    "read_document": "perfeval.readers", "read_actuals": "perfeval.readers.actuals",
    "dump_yaml": "perfeval.writers.native", "dump_json": "perfeval.writers.native",
    # validation
    "Finding": "perfeval.findings", "Severity": "perfeval.findings",
    "load_ruleset": "perfeval.checks", "validate_document": "perfeval.checks",
    # the pipelines (docs/api.md)
    "validate_files": "perfeval.api", "score_files": "perfeval.api", "audit_files": "perfeval.api",
    "ValidateResult": "perfeval.api", "ScoreResult": "perfeval.api", "AuditResult": "perfeval.api",
    "Unreadable": "perfeval.api",
    # scoring
    "load_scoring_rules": "perfeval.scoring", "score": "perfeval.scoring", "compile_formula": "perfeval.formula",
    # audit
    "read_sheets": "perfeval.selfeval", "Auditor": "perfeval.selfeval",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'perfeval' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
