"""The mutation campaign (`perfeval rules mutate`): how much of a rule set's meaning `rules check` covers.

Every single-point mutant of a rule file (perfeval.rulecheck._mutants) is written to a
temporary file and run through the loader and the properties, stopping at the first
property that fails. A mutant is then:

- killed at load: the loader refuses it (the message names the key);
- equivalent (proved): it loads to exactly the same rules as the original (same
  numbers, policies, and formulas with the same sympy expression);
- killed by a property (named);
- for validation rule sets, killed by detection (tried before the properties, being cheaper):
  on documents drawn valid or with one injected defect under the original rule set, the
  mutant reports different findings;
- survived: sorted by the notes kept with the campaign (rules/mutation-notes.toml) into
  equivalent, a legitimate variant (naming the province rule it matches) or a gap.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable

import attrs

from ..errors import PerfevalError, RuleError
from ..rulesets import load_toml, rules_dir
from ._mutants import Mutant, scoring_mutants, to_toml, validation_mutants
from ._result import Budget

KILLED_AT_LOAD = "load"
KILLED = "property"
DETECTION = "detection"
EQUIVALENT = "equivalent"
SURVIVED = "survived"
NOTE_KINDS = {"equivalent": "等价", "variant": "合理变体", "gap": "缺口"}


@attrs.frozen
class Outcome:
    """What became of one mutant: status, the property (or load message) that killed it, the note's kind."""

    mutant: Mutant
    status: str
    by: str = ""
    kind: str = ""
    why: str = ""


@attrs.frozen
class Campaign:
    """All mutants of one rule file and what became of them."""

    kind: str
    name: str
    path: str
    outcomes: tuple[Outcome, ...]
    seconds: float

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def survivors(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status == SURVIVED)

    @property
    def excused(self) -> int:
        """Mutants that need not be killed: proved equivalent, or survivors noted as equivalent or a variant."""
        return self.count(EQUIVALENT) + sum(1 for o in self.survivors if o.kind in ("equivalent", "variant"))

    @property
    def killed(self) -> int:
        return self.count(KILLED_AT_LOAD, KILLED, DETECTION)

    @property
    def score(self) -> float:
        """Killed / (all − excused): the share of mutants that should die and did."""
        relevant = len(self.outcomes) - self.excused
        return self.killed / relevant if relevant else 1.0


def load_notes(path: Path | None = None) -> dict[tuple[str, str], tuple[str, str]]:
    """(rule set, mutant id) -> (kind, why) from the campaign's notes file."""
    path = path or rules_dir() / "mutation-notes.toml"
    if not path.is_file():
        return {}
    notes = {}
    for entry in load_toml(path).get("survivor", []):
        notes[(entry["ruleset"], entry["mutant"])] = (entry["kind"], entry.get("why", ""))
    return notes


def _scoring_fingerprint(rules) -> str:
    """Everything a scoring rule set's behaviour depends on (its sections as the file would say them,
    without its name and titles); formulas by their sympy expression."""
    from ..scoring.rules import rules_data

    data = rules_data(rules, formula=lambda f: str(f.expr))
    for key in ("name", "title", "version", "source", "description"):
        data.pop(key, None)
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _validation_fingerprint(ruleset) -> tuple:
    rules = tuple(sorted((code, c.severity.value, repr(sorted(c.params.items()))) for code, c in ruleset.rules.items()))
    return (tuple(sorted(ruleset.taxonomy.items())), rules)


def rule_set_label(path: Path) -> str:
    """`scoring/national`: the label the notes file uses."""
    return f"{path.parent.name}/{path.stem}"


def run_campaign(path: Path, kind: str, budget: Budget, validation: str = "national",
                 notes: dict | None = None, mutants: Iterable[Mutant] | None = None,
                 progress: Callable[[Outcome], None] | None = None) -> Campaign:
    """Run every (or the given) mutant of one rule file; `kind` is `scoring` or `validation`."""
    from ..checks import load_ruleset

    notes = load_notes() if notes is None else notes
    label = rule_set_label(path)
    data = load_toml(path)
    if mutants is None:
        mutants = scoring_mutants(data) if kind == "scoring" else validation_mutants(data)
    start = time.monotonic()
    outcomes = []
    tables_rules = load_ruleset(validation)
    with tempfile.TemporaryDirectory(prefix="perfeval-mutant-") as folder:
        if kind == "scoring":
            from ..scoring.rules import load_scoring_rules

            original = load_scoring_rules(path)
            runner = _ScoringRunner(original, tables_rules, budget)
        else:
            original = load_ruleset(path)
            runner = _ValidationRunner(original, budget)
        mutant_path = Path(folder) / path.name
        for mutant in mutants:
            mutant_path.write_text(to_toml(mutant.data), encoding="utf-8")
            outcome = runner.run(mutant, mutant_path)
            if outcome.status == SURVIVED and (label, mutant.id) in notes:
                note_kind, why = notes[(label, mutant.id)]
                outcome = attrs.evolve(outcome, kind=note_kind, why=why)
            outcomes.append(outcome)
            if progress:
                progress(outcome)
    name = getattr(original, "name", path.stem)
    return Campaign(kind, name, str(path), tuple(outcomes), time.monotonic() - start)


def _load_error(exc: PerfevalError) -> str:
    text = exc.render().strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return re.sub(r"^\S*perfeval-mutant-[^/\\]+[/\\]", "", first)


class _ScoringRunner:
    def __init__(self, original, tables_rules, budget: Budget):
        self.fingerprint = _scoring_fingerprint(original)
        self.tables_rules, self.budget = tables_rules, budget

    def run(self, mutant: Mutant, path: Path) -> Outcome:
        from ..scoring.rules import load_scoring_rules
        from ._run import scoring_results

        try:
            rules = load_scoring_rules(path)
        except RuleError as exc:
            return Outcome(mutant, KILLED_AT_LOAD, _load_error(exc))
        if _scoring_fingerprint(rules) == self.fingerprint:
            return Outcome(mutant, EQUIVALENT, "载入后与原规则集完全相同", "equivalent")
        for result in scoring_results(rules, self.tables_rules, self.budget):
            if result.holds is False:
                return Outcome(mutant, KILLED, result.name)
        return Outcome(mutant, SURVIVED)


class _ValidationRunner:
    def __init__(self, original, budget: Budget):
        self.original, self.budget = original, budget
        self.fingerprint = _validation_fingerprint(original)

    def run(self, mutant: Mutant, path: Path) -> Outcome:
        from ..checks import load_ruleset
        from ._run import validation_results

        try:
            ruleset = load_ruleset(path)
        except RuleError as exc:
            return Outcome(mutant, KILLED_AT_LOAD, _load_error(exc))
        if _validation_fingerprint(ruleset) == self.fingerprint:
            return Outcome(mutant, EQUIVALENT, "载入后（含 extends 合并）与原规则集完全相同", "equivalent")
        # The differential run first: it is the cheaper, and most validation mutants change detection.
        changed = detection_change(self.original, ruleset, self.budget)
        if changed:
            return Outcome(mutant, DETECTION, changed)
        for result in validation_results(ruleset, self.budget):
            if result.holds is False:
                return Outcome(mutant, KILLED, result.name)
        return Outcome(mutant, SURVIVED)


def _findings(document, ruleset) -> frozenset:
    from ..checks import validate_document

    return frozenset((f.code, f.severity.value, f.table or "", f.indicator or "")
                     for f in validate_document(document, ruleset))


def _changed_codes(original, mutant) -> set[str]:
    """Rule codes enabled in one rule set and not the other, or run with other severity or parameters."""
    codes = set(original.rules) ^ set(mutant.rules)
    for code in set(original.rules) & set(mutant.rules):
        a, b = original.rules[code], mutant.rules[code]
        if a.severity != b.severity or a.params != b.params:
            codes.add(code)
    return codes


def detection_change(original, mutant, budget: Budget) -> str:
    """The finding codes that differ between the two rule sets on a document drawn valid, or with one
    injected defect, under the original; empty when none differ in the budget's examples."""
    from hypothesis import strategies as st

    from ..strategies import InvalidArgument, defective_documents, documents

    from ..strategies import INJECTORS

    def differs(drawn):
        document = getattr(drawn, "document", drawn)
        return _findings(document, original) != _findings(document, mutant)

    # Defects of the rules the mutant changed are drawn first: a defect one kind in 26 would rarely
    # be drawn in a small budget otherwise.
    changed = _changed_codes(original, mutant)
    kinds = tuple(kind for kind, injector in INJECTORS.items()
                  if injector.code in changed and injector.code in original.rules)
    try:
        strategies = [documents(original, max_projects=2)]
        if kinds:
            strategies.insert(0, defective_documents(original, kinds=kinds, max_projects=2))
        strategies.append(defective_documents(original, max_projects=2))
        found = budget.find(st.one_of(strategies), differs)
    except InvalidArgument:
        return ""
    if found is None:
        return ""
    document = getattr(found, "document", found)
    delta = _findings(document, original) ^ _findings(document, mutant)
    return "检出变化：" + "、".join(sorted({code for code, *_ in delta}))
