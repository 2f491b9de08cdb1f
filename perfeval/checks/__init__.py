"""Validation checks, one module per scope, and the function that runs them on a document.

Each module declares its rules in the catalogue (`perfeval.checks.catalogue`) and
exposes `walk(document, ctx)` (what it does per table, for the one shared walk over the
document, `perfeval.checks.walk`) and `check(document, ctx)` (the same on its own); a rule set (`perfeval.checks.ruleset`) decides which
of those rules run, at what severity and with which thresholds.
"""

from __future__ import annotations

from ..findings import Finding
from ..model import Document
from . import fields  # noqa: I001  (import order is the catalogue's order)
from . import weights
from . import taxonomy
from . import operators
from . import goal
from . import money
from . import budget
from . import sense
from .context import Context
from .ruleset import RuleSet, load_ruleset
from .walk import run

CHECKS = (fields, weights, taxonomy, operators, goal, money, budget, sense)

__all__ = ["CHECKS", "RuleSet", "load_ruleset", "validate_document"]
# Reading and validating files (many, some unreadable) is perfeval.api.validate_files.


def validate_document(document: Document, ruleset: RuleSet) -> list[Finding]:
    """Every finding the rule set's rules report on `document`, most severe first."""
    ctx = Context(document, ruleset)
    run([module.walk(document, ctx) for module in CHECKS], document)
    return sorted(ctx.findings, key=Finding.sort_key)
