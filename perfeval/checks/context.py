"""What a check sees while it runs: the document, the rule set, and a way to report."""

from __future__ import annotations

from typing import Any, Callable

import attrs

from ..findings import Finding, Severity
from ..fmt import evidence
from ..model import NOWHERE, DepartmentTargetTable, Document, Location, TargetTable
from .ruleset import RuleSet


show = evidence  # a number as a finding quotes it: `80`, `0.01`, `1176`


@attrs.define
class Context:
    """Collects findings; `report` renders the rule's Chinese template from the evidence."""

    document: Document
    ruleset: RuleSet
    findings: list[Finding] = attrs.field(factory=list)
    _memo: dict[str, Any] = attrs.field(factory=dict, alias="_memo")

    def memo(self, key: str, compute: Callable[[Document], Any]) -> Any:
        """`compute(document)` once per run, for facts several checks need (the project list)."""
        if key not in self._memo:
            self._memo[key] = compute(self.document)
        return self._memo[key]

    def on(self, code: str) -> bool:
        return self.ruleset.enabled(code)

    def param(self, code: str, name: str) -> Any:
        return self.ruleset.rules[code].params[name]

    def report(self, code: str, *, table: TargetTable | DepartmentTargetTable | str | None = None,
               indicator: str | None = None, location: Location | None = None,
               project: str | None = None, cap: Severity | None = None, **evidence: Any) -> None:
        """Report `code`; `cap` lowers the rule set's severity for this finding (a fact the form itself explains)."""
        config = self.ruleset.rules.get(code)
        if config is None:
            return
        label = table if isinstance(table, str) or table is None else table.label
        if project is None and isinstance(table, TargetTable):
            project = table.project_code
        if location is None:
            location = getattr(table, "location", None) or NOWHERE
        fields = {key: show(value) for key, value in evidence.items()}
        fields.update(table=label or "文档", indicator=indicator or "", project=project or "")
        message = config.rule.template.format_map(fields)
        severity = config.severity if cap is None else min(config.severity, cap)
        self.findings.append(Finding(code=code, severity=severity, message=message, table=label,
                                     project=project, indicator=indicator, location=location, evidence=evidence))
