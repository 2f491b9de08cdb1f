"""The three pipelines (validate, score, audit) as functions returning result objects.

The command line, the benchmarks and Python users all call these; nothing here prints.
Each pipeline reads every file it is given (folders stand for the files below them),
keeps going past a file it cannot read, and lists that file in `result.unreadable`
with its problems, so one stray file never hides the others' results.

    >>> from perfeval.api import validate_files
    >>> result = validate_files(["examples/"])                        # doctest: +SKIP
    >>> result.exit_code, len(result.findings), result.unreadable      # doctest: +SKIP

`result.rows()` gives one flat dict per finding (or score row) for pandas or csv;
`result.to_json()` the documented JSON report (docs/api.md).
"""

from __future__ import annotations

import operator
from collections import Counter
from decimal import Decimal
from pathlib import Path
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any, Callable, ContextManager, Iterable, Iterator

import attrs

from ._methods import define, frozen
from ._gc import KEEP_MIN, keep_to_exit, paused_gc
from .errors import PerfevalError, Problem
from .findings import Finding, Severity, finding_to_json, summarize

if TYPE_CHECKING:  # pragma: no cover
    from .checks.ruleset import RuleSet
    from .scoring import ScoringRules
    from .scoring.engine import ScoreSheet
    from .selfeval.audit import SheetAudit

DOCUMENT_SUFFIXES = (".txt", ".text", ".yaml", ".yml", ".json", ".xlsx", ".xlsm")
ACTUALS_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx", ".xlsm")
NO_UNIT = "（未填）"

Progress = Callable[[int], None]

__all__ = ["Unreadable", "ValidateResult", "ScoreResult", "AuditResult", "validate_files", "score_files",
           "audit_files", "expand", "each_file", "workers", "DOCUMENT_SUFFIXES", "ACTUALS_SUFFIXES"]


# ---------------------------------------------------------------------------------------------
# results


@frozen
class Unreadable:
    """A file that could not be read, and every problem found with it (Chinese, with place)."""

    file: str
    problems: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "problems": list(self.problems)}

    @classmethod
    def from_error(cls, file: str | Path, error: PerfevalError) -> "Unreadable":
        return cls(str(file), tuple(p.render() if isinstance(p, Problem) else str(p) for p in error.problems))


@frozen
class Unit:
    """Who a table belongs to: 主管部门 and 实施单位 (either may be empty)."""

    department: str = ""
    implementer: str = ""

    def key(self) -> tuple[str, str]:
        return (self.department or NO_UNIT, self.implementer or NO_UNIT)


def _severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter([f.severity._value_ for f in findings])  # (`.value` is a Python property of the enum)
    return {s: counts.get(s, 0) for s in ("error", "warning", "info")}


@define
class ValidateResult:
    """`perfeval validate`: findings of every readable file, in file order."""

    findings: list[Finding]
    files: list[str]                        # the files read
    unreadable: list[Unreadable]
    ruleset: str = "national"
    units: dict[tuple[str, str | None], Unit] = attrs.field(factory=dict)  # (file, project code or None) -> unit

    kind = "validate"

    @property
    def exit_code(self) -> int:
        """2 when a file was unreadable, else 1 when an error was found, else 0 (the CLI's --fail-on may differ)."""
        return 2 if self.unreadable else (1 if any(f.severity is Severity.ERROR for f in self.findings) else 0)

    def unit_of(self, finding: Finding) -> Unit:
        file = finding.location.file
        return self.units.get((file, finding.project)) or self.units.get((file, None)) or Unit()

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per finding (for pandas, csv): severity, code, title, place, unit, message."""
        from .render.findings import rule_title

        rows = []
        for f in self.findings:
            unit = self.unit_of(f)
            rows.append({"severity": f.severity.value, "级别": f.severity.label, "code": f.code,
                         "title": rule_title(f.code), "file": f.location.file, "line": f.location.line,
                         "cell": f.location.cell, "table": f.table, "project": f.project,
                         "indicator": f.indicator, "department": unit.department, "implementer": unit.implementer,
                         "message": f.message})
        return rows

    def groups(self) -> list[dict[str, Any]]:
        """Findings per 主管部门 and 实施单位: counts by severity and by code."""
        buckets: dict[tuple[str, str], list[Finding]] = {}
        tables: Counter[tuple[str, str]] = Counter()
        # each unit's key worked out once per unit object (a province's tables share a few) and kept by the
        # (file, project) it is the unit of, where a finding's is looked up as `unit_of` looks it up
        key_of: dict[tuple[str, str | None], tuple[str, str]] = {}
        counted: dict[int, list] = {}  # id(unit) -> [its key, the tables it is the unit of]
        for place, unit in self.units.items():
            entry = counted.get(id(unit))
            if entry is None:
                entry = counted[id(unit)] = [unit.key(), 0]
            key_of[place] = entry[0]
            if place[1] is not None:
                entry[1] += 1
            else:
                buckets.setdefault(entry[0], [])
        for key, count in counted.values():
            if count:
                tables[key] += count
        alone = Unit().key()
        for f in self.findings:
            file = f.location.file
            key = key_of.get((file, f.project)) or key_of.get((file, None)) or alone
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = [f]
            else:
                bucket.append(f)
        out = []
        for (department, implementer), items in sorted(buckets.items()):
            out.append({"department": department, "implementer": implementer,
                        "tables": tables.get((department, implementer), 0), **_severity_counts(items),
                        "codes": dict(Counter(f.code for f in items).most_common())})
        return out

    def to_json(self, summary_only: bool = False) -> dict[str, Any]:
        summary = summarize(self.findings, len(self.files))
        summary["unreadable"] = len(self.unreadable)
        data: dict[str, Any] = {}
        if not summary_only:
            data["findings"] = [finding_to_json(f) for f in self.findings]
        data["summary"] = summary
        data["groups"] = self.groups()
        data["unreadable"] = [u.to_json() for u in self.unreadable]
        return data


@define
class ScoreResult:
    """`perfeval score`: the score sheet of every readable target table against the actuals."""

    sheet: "ScoreSheet | None"              # None when no targets or no actuals could be read
    targets: list[str]
    actuals: list[str]
    unreadable: list[Unreadable]
    rules: "ScoringRules"
    year: int | None = None                  # the documents' year when they agree (the official form's title)

    kind = "score"
    GROUP_AT_ONCE = True  # groups(): one unit's projects taken at once (tests turn it off: one loop for all)

    @property
    def missing(self) -> tuple[Problem, ...]:
        return self.sheet.missing if self.sheet is not None else ()

    @property
    def projects(self) -> tuple:
        return self.sheet.projects if self.sheet is not None else ()

    @property
    def files(self) -> list[str]:
        return [*self.targets, *self.actuals]

    @property
    def exit_code(self) -> int:
        """2 when a file was unreadable, 1 when the sheet is incomplete, else 0."""
        return 2 if self.unreadable else (1 if self.missing or self.sheet is None else 0)

    def display(self, value: Decimal | None) -> str | None:
        """A number rounded as the rule set says for people (places, rounding mode); None stays None."""
        from .scoring.sheet import display

        if value is None:
            return None
        return display(value, self.rules.display_places, self.rules.display_rounding)

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per indicator row and per 预算执行率 row; scores as exact strings and display values."""
        from .scoring.sheet import STATUS_LABELS, actual_text, exact_text, target_text

        rows = []
        for project in self.projects:
            table = project.table
            head = {"project_code": table.project_code, "project_name": table.project_name,
                    "department": table.department, "implementer": table.implementer, "file": table.location.file}
            for row in project.indicators:
                ind = row.indicator
                rows.append({**head, "level1": ind.level1 or "", "level2": ind.level2 or "", "indicator": ind.name,
                             "target": target_text(row), "actual": actual_text(row),
                             "weight": exact_text(row.weight), "score": exact_text(row.score),
                             "score_display": self.display(row.score), "status": row.status,
                             "完成情况": STATUS_LABELS[row.status], "flags": "；".join(row.flags),
                             "reason": row.actual.reason if row.actual is not None else ""})
            if project.execution is not None:
                ex = project.execution
                rows.append({**head, "level1": "预算执行率", "level2": "", "indicator": "预算执行率", "target": "",
                             "actual": exact_text(ex.rate * 100) + "%" if ex.rate is not None else "",
                             "weight": exact_text(ex.weight), "score": exact_text(ex.score),
                             "score_display": self.display(ex.score), "status": "", "完成情况": "",
                             "flags": "low_execution" if ex.flag else "", "reason": ""})
        return rows

    def project_rows(self) -> list[dict[str, Any]]:
        """One flat dict per project: total (exact and display), grade, complete."""
        from .scoring.sheet import exact_text

        return [{"project_code": p.table.project_code, "project_name": p.table.project_name,
                 "department": p.table.department, "implementer": p.table.implementer,
                 "total": exact_text(p.total), "total_display": self.display(p.total), "grade": p.grade,
                 "complete": p.complete} for p in self.projects]

    def groups(self) -> list[dict[str, Any]]:
        """Projects per 主管部门 and 实施单位: count, grades, mean and lowest total."""
        from .scoring.sheet import exact_text

        from .scoring.sheet import lowest_projects

        projects = self.projects
        pair = unit_pair(projects) if self.GROUP_AT_ONCE else None
        buckets: dict[tuple[str, str], list] = {}
        if pair is not None:  # every project names the same 主管部门 and 实施单位 as written (a province's file): one group
            buckets[Unit(*pair).key()] = list(projects)
        else:
            keys: dict[tuple, tuple[str, str]] = {}  # a province names few units: each pair's key made once
            for p in projects:
                pair = (p.table.department, p.table.implementer)
                key = keys.get(pair)
                if key is None:
                    key = keys[pair] = Unit(*pair).key()
                buckets.setdefault(key, []).append(p)
        grades = [g.name for g in self.rules.grades]
        out = []
        for (department, implementer), items in sorted(buckets.items()):
            scored = [p for p in items if p.complete and p.total is not None]
            mean = sum(map(_TOTAL, scored), Decimal(0)) / len(scored) if scored else None
            # min by (total, project code): the first of the lowest, as min gives it
            low = lowest_projects(scored, 1)[0] if scored else None
            by_grade = dict.fromkeys(grades, 0)
            for p in scored:
                by_grade[p.grade] = by_grade.get(p.grade, 0) + 1
            out.append({"department": department, "implementer": implementer, "projects": len(items),
                        "complete": len(scored), "by_grade": by_grade,
                        "mean": exact_text(mean), "mean_display": self.display(mean),
                        "lowest": None if low is None else {
                            "project_code": low.table.project_code, "project_name": low.table.project_name,
                            "total": exact_text(low.total), "total_display": self.display(low.total),
                            "grade": low.grade}})
        return out

    def to_json(self, summary_only: bool = False) -> dict[str, Any]:
        """sheet_to_json (docs/scoring.md) plus `*_display` beside every score and total, groups and unreadable."""
        rules = self.rules
        data: dict[str, Any]
        if self.sheet is not None:
            from .scoring.sheet import sheet_to_json

            data = sheet_to_json(self.sheet, with_display=True)
            if summary_only:
                del data["projects"]
        else:
            data = {"rule_set": {"name": rules.name, "title": rules.title, "version": rules.version,
                                 "source": rules.source}, "projects": [], "summary": None,
                    "display": {"places": rules.display_places, "rounding": rules.display_rounding}}
            if summary_only:
                del data["projects"]
        data["groups"] = self.groups()
        data["missing"] = [p.render() for p in self.missing]
        data["unreadable"] = [u.to_json() for u in self.unreadable]
        return data


def unit_pair(projects: Iterable[Any]) -> tuple | None:
    """The (主管部门, 实施单位) every project names as written, when they all name one (a set of their pairs, in C);
    None for none, several, or a name that does not hash (groups' loop then says)."""
    tables = list(map(_TABLE, projects))
    try:
        pairs = set(zip(map(_DEPARTMENT, tables), map(_IMPLEMENTER, tables)))
    except TypeError:
        return None
    return pairs.pop() if len(pairs) == 1 else None


_TABLE, _DEPARTMENT, _IMPLEMENTER, _TOTAL = (operator.attrgetter(name)
                                             for name in ("table", "department", "implementer", "total"))


@define
class AuditResult:
    """`perfeval audit`: the audit of every sheet of every readable file."""

    audits: "list[SheetAudit]"
    files: list[str]
    unreadable: list[Unreadable]
    rules: "ScoringRules"
    _report: dict[str, Any] | None = attrs.field(default=None, init=False, repr=False, eq=False)

    kind = "audit"

    @property
    def findings(self) -> list[Finding]:
        return [f for audit in self.audits for f in audit.findings]

    @property
    def exit_code(self) -> int:
        return 2 if self.unreadable else (1 if any(f.severity is Severity.ERROR for f in self.findings) else 0)

    def report(self) -> dict[str, Any]:
        """The audit report dict of docs/audit.md (findings, summary, sheets, overview), computed once."""
        if self._report is None:
            from .selfeval.batch import audit_report

            self._report = audit_report(self.audits, self.rules, len(self.files))
        return self._report

    def display(self, value: Any) -> str | None:
        from .scoring.sheet import display

        if value is None:
            return None
        return display(Decimal(str(value)), self.rules.display_places, self.rules.display_rounding)

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per finding, with the sheet's project and units."""
        from .render.findings import rule_title

        rows = []
        for audit in self.audits:
            sheet = audit.sheet
            for f in audit.findings:
                rows.append({"severity": f.severity.value, "级别": f.severity.label, "code": f.code,
                             "title": rule_title(f.code), "file": f.location.file, "line": f.location.line,
                             "cell": f.location.cell, "table": f.table, "project": sheet.project_code or f.project,
                             "project_name": sheet.project_name, "indicator": f.indicator,
                             "department": sheet.department, "implementer": sheet.implementer,
                             "message": f.message})
        return rows

    def sheet_rows(self) -> list[dict[str, Any]]:
        """One flat dict per sheet: claimed and re-scored totals and grades, counts by severity."""
        out = []
        for audit, entry in zip(self.audits, self.report()["sheets"]):
            out.append({**entry, "department": audit.sheet.department, "implementer": audit.sheet.implementer,
                        "claimed_total_display": self.display(entry["claimed_total"]),
                        "rescored_total_display": self.display(entry["rescored_total"])})
        return out

    def groups(self) -> list[dict[str, Any]]:
        """Sheets per 主管部门 and 实施单位: findings per code, re-scored grades, mean and lowest re-scored total."""
        from .scoring.sheet import exact_text

        buckets: dict[tuple[str, str], list] = {}
        for audit in self.audits:
            buckets.setdefault(Unit(audit.sheet.department, audit.sheet.implementer).key(), []).append(audit)
        out = []
        for (department, implementer), items in sorted(buckets.items()):
            findings = [f for a in items for f in a.findings]
            totals = [a for a in items if a.rescored_total is not None]
            mean = sum((a.rescored_total for a in totals), Decimal(0)) / len(totals) if totals else None
            low = min(totals, key=lambda a: (a.rescored_total, a.sheet.label), default=None)
            out.append({"department": department, "implementer": implementer, "sheets": len(items),
                        **_severity_counts(findings), "codes": dict(Counter(f.code for f in findings).most_common()),
                        "grades": dict(Counter(a.rescored_grade or "—" for a in items)),
                        "mean": exact_text(mean), "mean_display": self.display(mean),
                        "lowest": None if low is None else {
                            "table": low.sheet.label, "project_code": low.sheet.project_code or None,
                            "total": exact_text(low.rescored_total), "total_display": self.display(low.rescored_total),
                            "grade": low.rescored_grade}})
        return out

    def to_json(self, summary_only: bool = False) -> dict[str, Any]:
        data = dict(self.report())
        data["sheets"] = self.sheet_rows()
        if summary_only:
            del data["findings"], data["sheets"]
        data["summary"] = {**data["summary"], "unreadable": len(self.unreadable)}
        data["groups"] = self.groups()
        data["unreadable"] = [u.to_json() for u in self.unreadable]
        return data


# ---------------------------------------------------------------------------------------------
# pipelines


def _as_list(paths: "Iterable[str | Path] | str | Path") -> list[str | Path]:
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def expand(paths: Iterable[str | Path], suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES) -> list[Path]:
    """Files as given; a folder stands for the files below it with one of `suffixes`
    (sorted; hidden files and Excel's `~$` lock files skipped). A path that does not exist stays,
    so that reading it reports it."""
    files: list[Path] = []
    for path in map(Path, _as_list(paths)):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                                and not p.name.startswith(("~$", "."))))
        else:
            files.append(path)
    return files


def _no_files(paths: Iterable[str | Path], suffixes: tuple[str, ...], noun: str = "文档") -> Unreadable:
    shown = "、".join(map(str, paths))
    return Unreadable(shown, (f"{shown}: 没有{noun}文件（{'、'.join(suffixes)}）",))


def validate_files(paths: "Iterable[str | Path] | str | Path", rules: "str | RuleSet" = "national", *,
                   progress: Progress | None = None,
                   on_unreadable: Callable[[Unreadable], None] | None = None, jobs: int | None = 1) -> ValidateResult:
    """Read and validate every file (folders expanded); unreadable files are listed, not raised.

    `rules` is a rule set's name, a .toml path or a loaded RuleSet; a bad rule file raises RuleError.
    `jobs` files are read and validated at once in worker processes (None: one per core); the
    result is the same as with one.
    """
    from .checks import load_ruleset

    ruleset = load_ruleset(rules) if isinstance(rules, (str, Path)) else rules
    paths = _as_list(paths)
    files = expand(paths)
    findings: list[Finding] = []
    read: list[str] = []
    units: dict[tuple[str, str | None], Unit] = {}
    unreadable = _Reported(on_unreadable)
    if not files:
        unreadable.append(_no_files(paths, DOCUMENT_SUFFIXES))
    with paused_gc():
        for path, (file_units, file_findings) in each_file(files, _Validate(ruleset), unreadable, jobs=jobs,
                                                           progress=progress):
            read.append(str(path))
            units.update(file_units)
            findings.extend(file_findings)
    return ValidateResult(findings, read, list(unreadable), getattr(ruleset, "name", str(rules)), units)


@frozen
class _Validate:
    """One file's work in validate_files: (its units by (file, project code), its findings)."""

    ruleset: "RuleSet"

    def __call__(self, path: Path) -> tuple[dict[tuple[str, str | None], Unit], list[Finding]]:
        from .checks import validate_document
        from .readers import read_document

        document = read_document(path)
        file = document.location.file or str(path)
        unit_name = document.unit_name
        units: dict[tuple[str, str | None], Unit] = {}
        made: dict[tuple[str, str], Unit] = {}  # one Unit per distinct (主管部门, 实施单位): a province's tables share a few
        for table in document.target_tables:
            pair = (table.department or unit_name, table.implementer or unit_name)
            unit = made.get(pair)
            if unit is None:
                unit = made[pair] = Unit(*pair)
            units[(file, table.project_code)] = unit
        # the document's own tables (budget, 部门整体) belong to its projects' unit when they share one (the units
        # kept, each pair one object: compared by identity, not by attrs' hash of each table's)
        shared = {id(unit): unit for unit in units.values()}
        units[(file, None)] = shared.popitem()[1] if len(shared) == 1 else Unit(unit_name, unit_name)
        findings = list(validate_document(document, self.ruleset))
        if len(document.target_tables) >= KEEP_MIN:
            # a province's model, read and checked, is left to the end of the process (freeing 100,000 indicators
            # one by one costs 9-17 ms), as the commands leave their large results; the next one kept frees it
            keep_to_exit(document)
        return units, findings


# ---------------------------------------------------------------------------------------------
# the one read-or-report loop (every pipeline's files go through it, on one core or many)


def each_file(files: list[Path], work: Callable[[Path], Any], unreadable: list, *, jobs: int | None = 1,
              progress: Progress | None = None) -> Iterator[tuple[Path, Any]]:
    """`(path, work(path))` for every file, in input order. A file whose work raises PerfevalError
    (or returns an Unreadable) goes to `unreadable` instead, and the loop goes on with the others:
    one bad file never hides the rest. `progress(1)` is called per file.

    With `jobs` above 1 (None: one per core) and more than one file, the files are worked in a
    pool of processes (`work` must then pickle: a module-level function or such an object; each
    worker receives it once), and the results still come in input order, the same as on one core.
    """
    for path, outcome in _outcomes(files, work, workers(jobs, len(files), files)):
        if isinstance(outcome, Unreadable):
            unreadable.append(outcome)
        else:
            yield path, outcome
        if progress is not None:
            progress(1)


POOL_FROM_BYTES = 256 * 1024
"""With `jobs=None`, files that together are smaller than this are worked in this process: a pool's start-up
(the pool's modules, the workers, each importing its readers again) costs more than it saves on them
(examples/audit, six files of 16 KB: 0.35 -> 0.28 s CPU and less time on the clock; 256 KB of JSON is about
10 ms of work, of text about 0.4 s)."""


def workers(jobs: int | None, files: int, paths: Iterable[Path] = ()) -> int:
    """How many processes `jobs` means for `files` files: None is every core this process may use, or 1
    when `paths` (the files) are together smaller than POOL_FROM_BYTES; never more than the files, and 1
    (no pool, no start-up cost) for a single file."""
    if jobs is None:
        import os

        if files > 1 and paths and _smaller_than(paths, POOL_FROM_BYTES):
            return 1
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs, files))


def _smaller_than(paths: Iterable[Path], limit: int) -> bool:
    """Whether the files' sizes add up to less than `limit` (a file that cannot be read counts as empty:
    it is reported when it is worked on)."""
    import os

    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size
        except (OSError, ValueError):
            continue
        if total >= limit:
            return False
    return True


def _attempt(work: Callable[[Path], Any], path: Path) -> Any:
    try:
        return work(path)
    except PerfevalError as exc:
        return Unreadable.from_error(path, exc)


def _outcomes(files: list[Path], work: Callable[[Path], Any], count: int) -> Iterator[tuple[Path, Any]]:
    if count < 2:
        for path in files:
            yield path, _attempt(work, path)
        return
    from concurrent.futures import ProcessPoolExecutor

    # a few files per task when there are many: fewer round trips, still every worker busy to the end
    chunk = max(1, min(8, len(files) // (count * 4)))
    with ProcessPoolExecutor(count, initializer=_start_worker, initargs=(work,)) as pool:
        yield from zip(files, pool.map(_work_in_worker, files, chunksize=chunk))


_WORK: Callable[[Path], Any] | None = None  # in a worker process: the work it was started with


def _start_worker(work: Callable[[Path], Any]) -> None:
    global _WORK
    _WORK = work


def _work_in_worker(path: Path) -> Any:
    assert _WORK is not None
    with paused_gc():  # as in the parent: nothing a file's work builds forms cycles
        return _attempt(_WORK, path)


class _Reported(list):
    """The unreadable files, each passed to `on_unreadable` as it is found."""

    def __init__(self, on_unreadable: Callable[[Unreadable], None] | None):
        super().__init__()
        self.on_unreadable = on_unreadable

    def append(self, item: Unreadable) -> None:
        super().append(item)
        if self.on_unreadable is not None:
            self.on_unreadable(item)


def _read_actuals(paths: list[Path], unreadable: "_Reported", jobs: int | None = 1) -> tuple[Any, list[str]]:
    """(the actuals of every readable file merged, or None; the files read)."""
    from .actuals import Actuals
    from .readers.actuals import read_actuals

    parts, read = [], []
    for path, part in each_file(paths, read_actuals, unreadable, jobs=jobs):
        parts.append(part)
        read.append(str(path))
    if not parts:
        return None, read
    if len(parts) == 1:
        return parts[0], read
    return Actuals([a for part in parts for a in part.actuals], [f for part in parts for f in part.funds],
                   location=parts[0].location), read


def _read_targets(path: Path) -> Any:
    """A target document, or its Unreadable when it holds no project table."""
    from .readers import read_document

    document = read_document(path)
    if not document.target_tables:
        return Unreadable(str(path), (
            Problem(str(path), None, "包含至少一张项目支出绩效目标表的文档", "没有找到项目支出绩效目标表").render(),))
    return document


def score_files(targets: "Iterable[str | Path] | str | Path", actuals: "Iterable[str | Path] | str | Path",
                rules: "str | ScoringRules" = "national", *, progress: Progress | None = None,
                timings: dict[str, float] | None = None,
                on_unreadable: Callable[[Unreadable], None] | None = None,
                progress_bar: "Callable[[int], ContextManager[Progress | None]] | None" = None,
                check: Callable[[int], None] | None = None, jobs: int | None = 1) -> ScoreResult:
    """Read the target documents and the actuals (files or folders) and score every project table.

    Unreadable files are listed in the result; so are actuals that cannot be paired with the
    targets (unknown projects, malformed values: the engine's InputError), and then nothing is
    scored (`sheet` is None). A one-shot
    process building a province's worth of small acyclic objects: the cyclic GC is paused
    while they are built and, for large inputs, they are frozen out of later collections.
    `timings` receives each phase's CPU seconds (the benchmark reads them). `progress(1)` is called
    per project scored; or `progress_bar(number of projects)`, once they are known, gives a context
    manager yielding that callable (the CLI's bar). `check(number of tables)`, if given, may refuse
    the run (raising PerfevalError) once the targets are read and before any actuals are.
    The 部门整体 table is scored too, under the rule set's [department] section, when the actuals
    carry its code (see scoring.department_codes). `jobs` files are read at once (None: one per
    core); scoring stays in this process.
    """
    import gc
    import time

    from .scoring import load_scoring_rules, score, score_department

    clock = time.process_time()

    def phase(name: str) -> None:
        nonlocal clock
        if timings is not None:
            now = time.process_time()
            timings[name] = now - clock
            clock = now

    targets, actuals = _as_list(targets), _as_list(actuals)
    scoring_rules = load_scoring_rules(rules) if isinstance(rules, (str, Path)) else rules
    phase("rules")
    unreadable = _Reported(on_unreadable)
    target_files, actual_files = expand(targets), expand(actuals, ACTUALS_SUFFIXES)
    read_targets: list[str] = []
    sheet = None
    years: set[int | None] = set()
    with paused_gc():
        tables = []
        departments = []
        if not target_files:
            unreadable.append(_no_files(targets, DOCUMENT_SUFFIXES, "目标表"))
        for path, document in each_file(target_files, _read_targets, unreadable, jobs=jobs):
            read_targets.append(str(path))
            tables.extend(document.target_tables)
            if document.department_table is not None:
                departments.append(document.department_table)
            years.add(document.year)
        phase("read_targets")
        if check is not None and tables:
            check(len(tables))
        if not actual_files:
            unreadable.append(_no_files(actuals, ACTUALS_SUFFIXES, "实际完成值"))
        given, read_actuals = _read_actuals(actual_files, unreadable, jobs)
        phase("read_actuals")
        if tables and given is not None:
            big = len(tables) >= PROGRESS_MIN_PROJECTS
            if big:
                gc.freeze()
            targets_file = read_targets[0] if len(read_targets) == 1 else "、".join(read_targets)
            project_actuals, departments = _department_actuals(departments, given)
            try:
                with (progress_bar(len(tables)) if progress_bar is not None else nullcontext(progress)) as update:
                    sheet = score(tables, project_actuals, scoring_rules, targets_file=targets_file, progress=update)
                for department in departments:
                    whole = score_department(department, given, scoring_rules, targets_file=targets_file)
                    sheet = attrs.evolve(sheet, projects=(*whole.projects, *sheet.projects),
                                         missing=(*whole.missing, *sheet.missing))
            except PerfevalError as exc:  # actuals that cannot be paired with the targets: nothing is scored
                unreadable.append(Unreadable.from_error("、".join(read_actuals), exc))
            if big:
                gc.freeze()
        phase("score")
    year = years.pop() if len(years) == 1 else None
    return ScoreResult(sheet, read_targets, read_actuals, list(unreadable), scoring_rules, year)


def _department_actuals(departments: list, given: Any) -> tuple[Any, list]:
    """(the actuals of the project tables, the 部门整体 tables whose actuals are given): a department
    table is scored only when the actuals name it; its rows are kept out of the projects'."""
    from .scoring import department_codes

    chosen, codes = [], set()
    for department in departments:
        own = department_codes(department)
        if any(a.project_code in own for a in (*given.actuals, *given.funds)):
            chosen.append(department)
            codes |= own
    if codes:
        given = attrs.evolve(given, actuals=[a for a in given.actuals if a.project_code not in codes],
                             funds=[f for f in given.funds if f.project_code not in codes])
    return given, chosen


PROGRESS_MIN_PROJECTS = 200  # below this a run finishes before a progress bar or a GC freeze helps


def audit_files(paths: "Iterable[str | Path] | str | Path", rules: "str | ScoringRules" = "national", *,
                tolerance: Decimal | None = None, taxonomy: "str | RuleSet | None" = "national",
                progress: Progress | None = None,
                on_unreadable: Callable[[Unreadable], None] | None = None, jobs: int | None = 1) -> AuditResult:
    """Read every sheet of every file (folders expanded) and audit it; unreadable files are listed.

    `taxonomy` is the validation rule set whose 一级/二级 names are checked, or None for none.
    `jobs` files are read and audited at once in worker processes (None: one per core); the
    result is the same as with one.
    """
    from .checks.ruleset import load_ruleset
    from .scoring import load_scoring_rules
    from .selfeval.audit import DEFAULT_TOLERANCE, TAXONOMY_CODES, Auditor
    from .selfeval.batch import SHEET_SUFFIXES

    scoring_rules = load_scoring_rules(rules) if isinstance(rules, (str, Path)) else rules
    names = load_ruleset(taxonomy, only=TAXONOMY_CODES) if isinstance(taxonomy, (str, Path)) else taxonomy
    auditor = Auditor(scoring_rules, DEFAULT_TOLERANCE if tolerance is None else tolerance, names)
    paths = _as_list(paths)
    files = expand(paths, SHEET_SUFFIXES)
    unreadable = _Reported(on_unreadable)
    read: list[str] = []
    audits = []
    if not files:
        unreadable.append(_no_files(paths, SHEET_SUFFIXES, "自评表"))
    with paused_gc():  # nothing read or audited here forms cycles
        for path, found in each_file(files, _Audit(auditor), unreadable, jobs=jobs, progress=progress):
            read.append(str(path))
            audits.extend(found)
    return AuditResult(audits, read, list(unreadable), scoring_rules)


@frozen
class _Audit:
    """One file's work in audit_files: the audit of each of its sheets."""

    auditor: Any

    def __call__(self, path: Path) -> list["SheetAudit"]:
        from .selfeval.readers import read_sheets

        return [self.auditor.audit(sheet) for sheet in read_sheets(path)]
