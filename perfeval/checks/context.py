"""What a check sees while it runs: the document, the rule set, and a way to report."""

from __future__ import annotations

from typing import Any, Callable

import attrs

from .._methods import define
from ..findings import Finding, Severity
from ..model import NOWHERE, DepartmentTargetTable, Document, Location, TargetTable
from .catalogue import Rule, show
from .ruleset import RuleSet

__all__ = ["Context", "show"]


@define
class Context:
    """Collects findings; `report` hands the rule set's severity and the evidence to the rule's one reporter."""

    document: Document
    ruleset: RuleSet
    findings: list[Finding] = attrs.field(factory=list)
    _memo: dict[str, Any] = attrs.field(factory=dict, alias="_memo")

    def memo(self, key: str, compute: Callable[[Document], Any]) -> Any:
        """`compute(document)` once per run, for facts several checks need (the project list)."""
        if key not in self._memo:
            self._memo[key] = compute(self.document)
        return self._memo[key]

    def on(self, rule: Rule | str) -> bool:
        """Whether the rule set runs `rule` (asked tens of thousands of times a run: kept to one lookup)."""
        return (rule if isinstance(rule, str) else rule.code) in self.ruleset.rules

    def report(self, rule: Rule | str, *, table: TargetTable | DepartmentTargetTable | str | None = None,
               indicator: str | None = None, location: Location | None = None,
               project: str | None = None, cap: Severity | None = None, **evidence: Any) -> None:
        """Report `rule`; `cap` lowers the rule set's severity for this finding (a fact the form itself explains)."""
        config = self.ruleset.rules.get(rule if isinstance(rule, str) else rule.code)
        if config is None:
            return
        label = table if isinstance(table, str) or table is None else table.label
        if project is None and isinstance(table, TargetTable):
            project = table.project_code
        if location is None:
            location = getattr(table, "location", None) or NOWHERE
        severity = config.severity if cap is None else min(config.severity, cap)
        self.findings.append(config.rule.finding(evidence, table=label, location=location, project=project,
                                                 indicator=indicator, severity=severity))
