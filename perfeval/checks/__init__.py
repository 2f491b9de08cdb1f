"""Validation checks, one module per scope, and the function that runs them on a document.

Each module declares its rules in the catalogue (`perfeval.checks.catalogue`) and
exposes `check(document, ctx)`; a rule set (`perfeval.checks.ruleset`) decides which
of those rules run, at what severity and with which thresholds.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

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

CHECKS = (fields, weights, taxonomy, operators, goal, money, budget, sense)

__all__ = ["CHECKS", "RuleSet", "load_ruleset", "validate_document", "validate_files"]


def validate_document(document: Document, ruleset: RuleSet) -> list[Finding]:
    """Every finding the rule set's rules report on `document`, most severe first."""
    ctx = Context(document, ruleset)
    for module in CHECKS:
        module.check(document, ctx)
    return sorted(ctx.findings, key=Finding.sort_key)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building and checking large, acyclic object graphs.

    Reading a province's batch allocates millions of objects; each full collection
    walks all of them, which costs more than the checks themselves. Nothing here
    creates reference cycles, so collection can wait until the run is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate_files(paths: Iterable[str | Path], ruleset: RuleSet) -> list[Finding]:
    """Read each file (any format read_document knows) and validate it; findings of all files in order."""
    from ..readers import read_document

    findings: list[Finding] = []
    with _gc_paused():
        for path in paths:
            findings.extend(validate_document(read_document(path), ruleset))
    return findings
