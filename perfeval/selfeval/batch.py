"""Auditing many sheets at once: read every file first (all unreadable ones reported
together), then audit each sheet and build the report. (`perfeval.api.audit_files` is the
pipeline the command runs: it reads and audits file by file, on every core.)"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

from .._gc import paused_gc
from ..errors import Problems
from ..checks.ruleset import RuleSet
from ..scoring import ScoringRules
from .audit import DEFAULT_TOLERANCE, Auditor, SheetAudit
from .model import SelfEvaluation
from .readers import read_sheets
from .summary import report


SHEET_SUFFIXES = (".txt", ".yaml", ".yml", ".json", ".xlsx", ".xlsm")


def read_all(paths: Iterable[str | Path]) -> list[SelfEvaluation]:
    """Every sheet of every file (folders expanded); one InputError naming every file that could not be read."""
    from ..api import each_file, expand

    sheets: list[SelfEvaluation] = []
    unreadable: list = []
    with paused_gc():
        for _, found in each_file(expand(paths, SHEET_SUFFIXES), read_sheets, unreadable):
            sheets.extend(found)
    problems = Problems()
    for item in unreadable:
        problems.extend(item.problems)
    problems.raise_if_any()
    return sheets


def audit_all(sheets: Iterable[SelfEvaluation], rules: ScoringRules, tolerance: Decimal = DEFAULT_TOLERANCE,
              progress: Callable[[int], None] | None = None, taxonomy: RuleSet | None = None) -> list[SheetAudit]:
    """Every sheet audited, in order; the cycle collector waits (nothing here forms cycles)."""
    auditor = Auditor(rules, tolerance, taxonomy)
    audits = []
    with paused_gc():
        for sheet in sheets:
            audits.append(auditor.audit(sheet))
            if progress is not None:
                progress(1)
    return audits


def audit_report(audits: list[SheetAudit], rules: ScoringRules, files: int) -> dict:
    """The JSON report (docs/audit.md): findings, counts, per-sheet totals and the overview."""
    meta = {"name": rules.name, "title": rules.title, "version": rules.version, "source": rules.source}
    return report(audits, [g.name for g in rules.grades], files, meta)
