"""Property checks of rule sets (`perfeval rules check`), as a library.

Scoring rule sets: formula bounds, full marks when met, monotonicity, unit
invariance, bands and grades, totals, order independence, plus exact sympy checks
once per formula. Validation rule sets: valid-by-construction documents pass, and
each injected defect is found by the rule it names.
"""

from ._campaign import load_notes, run_campaign
from ._mutants import scoring_mutants, validation_mutants
from ._result import Budget, Counterexample, PropertyResult
from ._run import Report, check, check_scoring, check_validation, rule_kind, steps, targets
from ._render import render

__all__ = ["Budget", "Counterexample", "PropertyResult", "Report", "check", "check_scoring",
           "check_validation", "load_notes", "render", "rule_kind", "run_campaign", "scoring_mutants", "steps",
           "targets", "validation_mutants"]
