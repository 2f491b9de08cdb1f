"""The scoring engine: targets + actuals + a rule set -> a score sheet.

All policy comes from the rule set; the engine only converts units, fills the formula
variables, keeps every score between 0 and its weight, and adds up. Arithmetic is
Decimal with 50 significant digits (exact whenever a quotient terminates); a total that
lands within 1e-30 of a grade boundary is recomputed in Fractions, so grades are exact.
"""

from __future__ import annotations

import decimal
import itertools
from bisect import bisect_left
import operator
from decimal import Decimal
from fractions import Fraction
from typing import Callable, Iterable

import attrs

from .._gc import paused_gc
from .._memo import Memo
from ..actuals import Actual, Actuals, Band, ProjectFunds
from ..errors import InputError, Problem, problem_at
from ..judgement import deadline_met
from .._methods import define, frozen
from ..model import DepartmentTargetTable, Indicator, TargetTable, packed_builder, slot_builder
from ..operators import Operator
from .match import Unpaired, check_kinds, match_actuals, paired_in_order
from .rules import EXECUTION_VARIABLES, QUANTITATIVE_VARIABLES, ScoringRules

PRECISION = 50
_SUM = decimal.Context(prec=2 * PRECISION)
_NEAR = Decimal("1e-30")

MET, UNMET, EXCEEDED, NOT_APPLICABLE, QUALITATIVE, MISSING = (
    "met", "unmet", "exceeded", "not_applicable", "qualitative", "missing")


@define(unsafe_hash=True)
class IndicatorScore:
    """One 自评表 row: the indicator, its actual, 分值 (after any rescaling), 得分, status and flags.

    A per-row object (a province has a million): slotted and built by plain slot stores (0.19 us,
    where a frozen class's builder took 0.52); equal and hashed by its fields as before. Not to be
    changed once built (the sheet shares rows with nobody, but treat it as frozen)."""

    indicator: Indicator
    actual: Actual | None
    weight: Decimal | None
    score: Decimal | None
    status: str
    flags: tuple[str, ...] = ()



@define(unsafe_hash=True)
class ExecutionScore:
    """The 预算执行率 row."""

    budget: Decimal
    adjusted_budget: Decimal | None
    spent: Decimal
    rate: Decimal
    weight: Decimal
    score: Decimal
    flag: bool


@define(unsafe_hash=True)
class ProjectScore:
    """A project's sheet: rows, 预算执行率, 总分 and grade (None when incomplete). Per project, so
    slotted and not frozen, like IndicatorScore (treat it as frozen)."""

    table: TargetTable
    indicators: tuple[IndicatorScore, ...]
    execution: ExecutionScore | None
    total: Decimal | None
    grade: str | None
    complete: bool


#: IndicatorScore(...), ProjectScore(...) and ExecutionScore(...) with every field positional: the lean path's rows
#: and sheets and every 预算执行率 row, built
#: by plain slot stores (about 0.3 us where the class's own __init__ takes 0.44).
_indicator_score = slot_builder(IndicatorScore)
_project_score = slot_builder(ProjectScore)
_execution_score = slot_builder(ExecutionScore)
_indicator_score_packed = packed_builder(IndicatorScore, 2, 0)  # (indicator, actual, (weight, score, status, flags))


@frozen
class ScoreSheet:
    """The result of one run. `missing` lists what kept projects incomplete, all at once."""

    rules: ScoringRules
    projects: tuple[ProjectScore, ...]
    missing: tuple[Problem, ...] = ()

    @property
    def complete(self) -> bool:
        return all(p.complete for p in self.projects)


def score(tables: Iterable[TargetTable], actuals: Actuals, rules: ScoringRules, *,
          targets_file: str = "<targets>", progress: Callable[[int], None] | None = None) -> ScoreSheet:
    """Score every project table. Unpairable or malformed input raises InputError listing every problem;
    targets without actuals leave their projects incomplete and are listed in `missing`."""
    tables = tuple(tables)
    plan = _plan(rules)
    memo: dict = Memo()  # bounded: on a province whose cases never repeat it stops growing
    with paused_gc():
        pairs = paired_in_order(tables, actuals)  # actuals listed project by project, as most are
    reported = 0  # tables reported to `progress`
    if pairs is not None:
        problems: list[Problem] = []
        missing: list[Problem] = []
        tick = None
        if progress is not None:
            def tick(count: int) -> None:
                nonlocal reported
                reported += count
                progress(count)
        try:
            projects = _score_tables(pairs, rules, plan, memo, targets_file, tick, problems, missing)
        except Unpaired:  # a row match_actuals has something to say about: it pairs them all, in its order
            pass
        else:
            if problems:
                raise InputError(problems)
            return ScoreSheet(rules, tuple(projects), tuple(missing))
    with paused_gc():
        matched = match_actuals(tables, actuals)
    problems = list(matched.problems)
    missing = []
    paired, funds = matched.actuals, matched.funds
    projects = _score_tables(((table, paired[table.project_code], funds.get(table.project_code), True) for table in tables),
                             rules, plan, memo, targets_file, progress, problems, missing, reported)
    if problems:
        raise InputError(problems)
    return ScoreSheet(rules, tuple(projects), tuple(missing))


def _score_tables(pairs: Iterable[tuple], rules: ScoringRules, plan: dict, memo: dict, targets_file: str,
                  progress: Callable[[int], None] | None, problems: list, missing: list, reported: int = 0) -> list:
    """The sheet of each (table, slots, funds, whether their kinds are checked) of `pairs`, in turn, their problems
    and missing actuals added to `problems` and `missing`; `progress(1)` per table past the first `reported`.
    Raises Unpaired where a pair's kind is wrong (match.check_kinds; the lean rows tell most pairs apart)."""
    projects: list[ProjectScore] = []
    minimums = plan[_MINIMUMS]
    with decimal.localcontext() as ctx, paused_gc():
        ctx.prec = PRECISION
        ctx.traps[decimal.Inexact] = False
        project = _Project(None, [], None, rules, plan, targets_file, memo)  # aimed at each table in turn
        lean, append = project.lean, projects.append
        for project.table, project.slots, project.funds, checked in pairs:
            project.unchecked = not checked
            result = lean()
            if result is None:
                if not checked:
                    check_kinds(project.table, project.slots)
                result = project.run(exact=False)
                if result.total is not None and _near_boundary(result.total, minimums):
                    result = project.run(exact=True)
            elif project.near:  # lean worked out its grade and nearness in one bisection
                result = project.run(exact=True)
            if project.problems:
                problems.extend(project.problems)
            if project.missing:
                missing.extend(project.missing)
            append(result)
            if progress is not None:
                if reported:
                    reported -= 1
                else:
                    progress(1)
    return projects


def plan(rules: ScoringRules) -> dict:
    """What `score_paired` needs of a rule set, made once per rule set by a caller that scores many tables."""
    return _plan(rules)


def score_paired(table: TargetTable, slots: list[Actual | None], funds: ProjectFunds | None, rules: ScoringRules,
                 plan: dict, *, targets_file: str = "<targets>", memo: dict | None = None) -> ProjectScore:
    """One table whose actuals are already paired with its indicators, position by position (the audit
    re-scores each 自评表 this way): the same rows, total and problems as `score`, without its matching
    or per-call setup (`plan` is `plan(rules)`; `memo`, kept across calls under the same `rules`, scores
    each distinct case once, as `score` does across its projects). Raises InputError as `score` does."""
    from .match import check_kind

    problems = [p for indicator, actual in zip(table.indicators, slots) if actual is not None
                for p in check_kind(table, indicator, actual)]
    with decimal.localcontext() as ctx:
        ctx.prec = PRECISION
        ctx.traps[decimal.Inexact] = False
        project = _Project(table, slots, funds, rules, plan, targets_file, memo)
        result = project.run(exact=False)
        if result.total is not None and _near_boundary(result.total, plan[_MINIMUMS]):
            result = project.run(exact=True)
    problems.extend(project.problems)
    if problems:
        raise InputError(problems)
    return result


from .match import check_kind as _check_kind  # (for score_rows_lean, once: match is imported above)


def score_rows_lean(table: TargetTable, slots: list[Actual], funds: ProjectFunds | None, rules: ScoringRules,
                    plan: dict, *, targets_file: str = "<targets>", memo: dict | None = None,
                    execution: bool = True, exact: bool = False
                    ) -> tuple[list[IndicatorScore], ExecutionScore | None, list[Problem]] | None:
    """The rows and 预算执行率 of `score_paired`'s pass in Decimals (the same `_Project.rows` and `execution`; no
    rerun in Fractions near a grade's minimum: the caller tells), without the table's total, grade and
    ProjectScore, which the audit works out itself: (rows, execution, problems), None where
    `_Project.LEAN` is off. The table's rows all have a weight and an applicable actual (may be none). `execution`
    False: the caller knows the 预算执行率 (None is given for it). `exact`: the rows and 预算执行率 of the pass
    in Fractions instead (`run(exact=True)`'s steps and conversion), for a caller whose total lies near a grade's
    minimum."""
    if not _Project.LEAN:
        return None
    indicators = table.indicators
    problems: list[Problem] = []
    for indicator, actual in zip(indicators, slots):
        # (the pairs check_kinds passes by its quick test have nothing to report: most)
        if not ((actual.band is not None) if indicator.operator is _QUALITATIVE else (
                actual.value is not None and (actual.unit is None or actual.unit is indicator.unit))):
            problems += _check_kind(table, indicator, actual)
    with decimal.localcontext() as ctx:
        ctx.prec = PRECISION
        ctx.traps[decimal.Inexact] = False
        project = _lean_project(table, slots, funds, plan, targets_file, memo)
        rows: list[IndicatorScore] = []
        if exact:  # as `run(exact=True)` weighs, scores and converts them
            printed = sum(map(Fraction, map(_WEIGHT, indicators)), Fraction(0))
            points = Fraction(project.rules.indicator_points)
            base = points if project.rules.weights == "rescale" else min(printed, points)
            factor = base / printed if printed else Fraction(0)
            score_row = project.indicator
            dec = _dec_here  # (in this context: `_dec`'s settings)
            rows = [_indicator_score(r.indicator, r.actual, dec(r.weight), dec(r.score), r.status, r.flags)
                    for r in (score_row(indicator, actual, factor, Fraction, True)
                              for indicator, actual in zip(indicators, slots))]
            found = project.execution(Fraction, True) if execution else None
            if found is not None:
                found = _execution_score(dec(found.budget), dec(found.adjusted_budget), dec(found.spent),
                                         dec(found.rate), dec(found.weight), dec(found.score), found.flag)
            problems.extend(project.problems)
            return rows, found, problems
        if indicators:  # as `lean` weighs them
            weights = list(map(_WEIGHT, indicators))
            printed = sum(weights, _ZERO)
            points = project.rules.indicator_points
            base = points if project.rules.weights == "rescale" else min(printed, points)
            rows = project.rows(indicators, slots, weights, base / printed if printed else _ZERO)[0]
        execution = project.execution(_same, False) if execution else None
    problems.extend(project.problems)
    return rows, execution, problems


def score_cases(keys: list[tuple], funds: ProjectFunds | None, plan: dict, memo: dict, *,
                execution: bool = True, exact: bool = False) -> tuple[list[tuple], ExecutionScore | None] | None:
    """`score_rows_lean` (in Decimals) of a table whose rows are all quantitative, each with a target and a measured
    value in the target's unit, given by their cases alone (`case_rows`' keys: operator's value, target, measured
    value, weight), without the table, its Indicators and Actuals: (each row's (weight, score, status, flags) as
    `rows` keeps it, the 预算执行率 of `funds` or None). The same steps (`rows`' memo under the same factor, `judge`,
    `execution`) in the same context; None where `_Project.LEAN` is off or a case or the 预算执行率 is one those
    steps would report a problem of (or `rows` leaves to `indicator`): the caller then scores the table
    (`score_rows_lean`), which reports it. `exact`: `score_rows_lean(exact=True)`'s rows and 预算执行率 instead
    (`exact_case_rows`: `quantitative`'s steps in Fractions, under the memo keys it uses for them)."""
    if not _Project.LEAN:
        return None
    current = _getcontext()
    _setcontext(_engine_context(current))  # (`localcontext`'s: the engine's precision, Inexact not trapped)
    try:
        project = _case_project(funds, plan, memo)
        rows: list[tuple] | None = []
        if exact:  # as `score_rows_lean(exact=True)` weighs, scores and converts them
            if keys:
                printed = sum(map(Fraction, map(_CASE_WEIGHT, keys)), Fraction(0))
                points = Fraction(project.rules.indicator_points)
                base = points if project.rules.weights == "rescale" else min(printed, points)
                rows = project.exact_case_rows(keys, base / printed if printed else Fraction(0))
                if rows is None:
                    return None
            found = project.execution(Fraction, True) if execution else None
            if found is not None:
                dec = _dec_here
                found = _execution_score(dec(found.budget), dec(found.adjusted_budget), dec(found.spent),
                                         dec(found.rate), dec(found.weight), dec(found.score), found.flag)
        elif keys:  # as `score_rows_lean` weighs them
            printed = sum(map(_CASE_WEIGHT, keys), _ZERO)
            points = project.rules.indicator_points
            base = points if project.rules.weights == "rescale" else min(printed, points)
            rows = project.case_rows(keys, base / printed if printed else _ZERO)
            if rows is None:
                return None
        if not exact:
            found = project.execution(_same, False) if execution else None
    finally:
        _setcontext(current)
    if project.problems:
        return None
    return rows, found


_getcontext, _setcontext = decimal.getcontext, decimal.setcontext


def _engine_context(current: decimal.Context) -> decimal.Context:
    """The context `decimal.localcontext()` makes from `current` with the engine's precision and Inexact not
    trapped, for `score_cases` (called once per sheet of an audit: a context copied, set up and dropped per call
    cost more than its cases' arithmetic), made once and used again while `current`'s other settings (rounding,
    exponent limits, clamp, capitals, traps: what a result or its raising can depend on; its flags no operation
    reads) are those it was made from; a caller that changes any of them gets a context made from them.
    `_SHARED_CONTEXT` off (tests) makes one per call."""
    held = _HELD_CONTEXT
    if held is not None and current.rounding == held[0] and current.Emax == held[1] and current.Emin == held[2] \
            and current.clamp == held[3] and current.capitals == held[4] and current.traps == held[5] \
            and _SHARED_CONTEXT:
        return held[6]
    context = current.copy()
    context.prec = PRECISION
    context.traps[decimal.Inexact] = False
    model = current.copy()  # (its traps compared with the caller's, as they are now: held with the context they view)
    _held_context(model.rounding, model.Emax, model.Emin, model.clamp, model.capitals, model.traps, context, model)
    return context


def _held_context(*held) -> None:
    global _HELD_CONTEXT
    _HELD_CONTEXT = held


_HELD_CONTEXT: tuple | None = None
#: `_engine_context` uses its context again while the caller's settings are the same (tests turn it off to compare)
_SHARED_CONTEXT = True


def _lean_project(table: TargetTable, slots: list, funds: ProjectFunds | None, plan: dict, targets_file: str,
                  memo: dict | None) -> "_Project":
    """The _Project `score_rows_lean` scores a table with: one per plan and memo (a caller's memo, kept across
    calls: the audit's, per rule set), aimed at each table in turn as `_score_tables` aims its one project, with
    the state of its last table (problems, missing actuals, nearness) cleared; a new one for any other call."""
    held = _LEAN_PROJECTS.get(id(plan))
    if memo is None or held is None or held[0] is not plan or held[1].memo is not memo:
        project = _Project(table, slots, funds, plan[None], plan, targets_file, memo)
        if memo is not None:
            if len(_LEAN_PROJECTS) >= 64:
                _LEAN_PROJECTS.clear()
            _LEAN_PROJECTS[id(plan)] = (plan, project)  # (the plan held: its id stays its own)
        return project
    project = held[1]
    project.table, project.slots, project.funds, project.targets_file = table, slots, funds, targets_file
    if project.problems:
        project.problems = []
    if project.missing:
        project.missing = []
    project.near, project.unchecked, project.general_memo = False, False, True
    return project


_LEAN_PROJECTS: dict[int, tuple[dict, "_Project"]] = {}


def _case_project(funds: ProjectFunds | None, plan: dict, memo: dict) -> "_Project":
    """The _Project `score_cases` scores cases with: one per plan and memo, as `_lean_project`'s, but its own, so
    that only its funds change from call to call (its table none: `_NO_TABLE`), and the last one used kept at hand
    (an audit asks with one plan and memo sheet after sheet); the state of its last call (problems, missing
    funds) cleared."""
    last = _LAST_CASE_PROJECT
    if last[0] is plan and last[1] is memo:
        project = last[2]
    else:
        held = _CASE_PROJECTS.get(id(plan))
        if held is None or held[0] is not plan or held[1].memo is not memo:
            project = _Project(_NO_TABLE, _NO_SLOTS, funds, plan[None], plan, "<targets>", memo)
            if len(_CASE_PROJECTS) >= 64:
                _CASE_PROJECTS.clear()
            _CASE_PROJECTS[id(plan)] = (plan, project)  # (the plan held: its id stays its own)
        else:
            project = held[1]
        last[:] = plan, memo, project
    project.funds = funds
    if project.problems:
        project.problems = []
    if project.missing:
        project.missing = []
    return project


_CASE_PROJECTS: dict[int, tuple[dict, "_Project"]] = {}
_LAST_CASE_PROJECT: list = [None, None, None]  # (plan, memo, project) of the last `_case_project`


#: The 项目编码 actuals use for the 部门整体绩效目标表 (its label, e.g. `附件 11`, or the 部门名称 also work).
DEPARTMENT_CODE = "部门整体"


def department_as_table(table: DepartmentTargetTable) -> TargetTable:
    """The 部门整体 table in the shape the engine scores (its own code, its budget as funds)."""
    return TargetTable(table.label, DEPARTMENT_CODE, table.unit_name, table.indicators, title=table.title,
                       funds=table.budget, goal=table.goal, funds_rows=table.funds_rows, location=table.location)


def department_codes(table: DepartmentTargetTable) -> frozenset[str]:
    return frozenset(c for c in (DEPARTMENT_CODE, table.label, table.unit_name) if c)


def score_department(table: DepartmentTargetTable, actuals: Actuals, rules: ScoringRules, *,
                     targets_file: str = "<targets>") -> ScoreSheet:
    """Score the 部门整体 table under the rule set's [department] section (`ScoringRules.for_department`).

    Its actuals are those whose 项目编码 is `部门整体`, the table's label or the 部门名称.
    """
    codes = department_codes(table)
    own = Actuals([attrs.evolve(a, project_code=DEPARTMENT_CODE) for a in actuals.actuals if a.project_code in codes],
                  [attrs.evolve(f, project_code=DEPARTMENT_CODE) for f in actuals.funds if f.project_code in codes])
    return score([department_as_table(table)], own, rules.for_department(), targets_file=targets_file)


def scored_again(total: Decimal, execution: ExecutionScore | None, plan: dict) -> bool:
    """Whether the engine scores a table again in Fractions (`run(exact=True)`) where the table (without problems,
    every row given its actual) has rows and 预算执行率 `execution` whose scores sum, exactly, to `total`: its total
    is complete and, rounded to the engine's precision, within 1e-30 of a grade's minimum (`_near_boundary`)."""
    if execution is None and plan[None].execution_points:
        return False  # (incomplete: no total to grade)
    with decimal.localcontext() as ctx:
        ctx.prec = PRECISION
        return _near_boundary(+total, plan[_MINIMUMS])


def _near_boundary(total: Decimal, minimums: tuple[Decimal, ...]) -> bool:
    """Whether `total` lies within 1e-30 of a grade's minimum (then the project is rescored in Fractions).
    `minimums` ascending (the plan's): only the nearest minimum below and above can be that near, found
    by bisection in C (this runs for every project)."""
    i = bisect_left(minimums, total)
    if i < len(minimums) and abs(total - minimums[i]) < _NEAR:
        return True
    return i > 0 and abs(total - minimums[i - 1]) < _NEAR


def _graded(total: Decimal, plan: dict, grade: Callable[[Decimal], str]) -> tuple[str, bool]:
    """(the grade of `total`, whether it lies within 1e-30 of a grade's minimum, as `_near_boundary` says) from one
    bisection over the plan's ascending minimums; `grade` (the rule set's) names it when the bisection cannot."""
    minimums, bounds, names = plan[_GRADING]
    i = bisect_left(minimums, total)
    if bounds is not None:  # total <= minimums[i] and total > minimums[i - 1]: each nearness one comparison
        if i < len(minimums) and total > bounds[0][i] or i and total < bounds[1][i - 1]:
            return grade(total), True
    elif i < len(minimums) and abs(total - minimums[i]) < _NEAR or i and abs(total - minimums[i - 1]) < _NEAR:
        return grade(total), True
    # no minimum equals the total: the highest below it names the grade (rules.grade: the first grade, from the
    # highest minimum down, whose minimum the total reaches; else the last)
    return (grade(total) if names is None else names[i]), False


class _Project:
    """Scores one table; `run(exact=True)` repeats the same steps over Fractions.

    `LEAN` (tests turn it off): in Decimals, a table whose rows all have a weight and an applicable
    actual is scored through `rows`, which reuses the result of each distinct case; the general path
    scores every row through `indicator`. tests/test_scoring_lean.py holds the two equal."""

    LEAN = True

    def __init__(self, table: TargetTable, slots: list[Actual | None], funds: ProjectFunds | None,
                 rules: ScoringRules, plan: dict, targets_file: str, memo: dict | None = None):
        # the rule set's settings as plain attributes (ScoringRules reads each through a property)
        self.table, self.slots, self.funds, self.rules, self.plan = table, slots, funds, plan[None], plan
        self.memo = {} if memo is None else memo
        self.general_memo = True  # quantitative() keeps each case in `memo` (not when `rows` keeps it)
        self.targets_file = targets_file
        self.problems: list[Problem] = []
        self.missing: list[Problem] = []
        self.near = False  # lean's last sheet has a total within 1e-30 of a grade's minimum
        self.unchecked = False  # the slots' kinds are still to check (match.paired_in_order): lean's rows check them
        self.lean_execution = plan[_EXECUTION]  # (read for every table: a tuple key is hashed at each look-up)
        self.rescale = self.rules.weights == "rescale"
        self.held = None  # the memo's list of the lean rows' cases (`rows`)

    def where(self, indicator: Indicator | None = None) -> tuple[str, int | None, str | None]:
        location = indicator.location if indicator is not None else self.table.location
        file = location.file if location.file != "<memory>" else self.targets_file
        return file, location.line, location.cell

    def problem(self, indicator: Indicator | None, expected: str, found: object = "") -> None:
        file, line, cell = self.where(indicator)
        self.problems.append(problem_at(file, line, expected, found, cell=cell))

    def problem_in_actual(self, actual: Actual, expected: str, found: object = "") -> None:
        """A problem the user fixes in the actuals file, so it points there."""
        location = actual.location
        self.problems.append(problem_at(location.file, location.line, expected, found, cell=location.cell))

    def run(self, exact: bool) -> ProjectScore:
        self.problems, self.missing = [], []
        rules, table = self.rules, self.table
        num: Callable = Fraction if exact else _same
        zero = Fraction(0) if exact else _ZERO
        indicators, slots = table.indicators, self.slots
        weights = None
        if not exact and self.LEAN:
            weights = list(map(_WEIGHT, indicators))
            # identity tests in C (`None in weights` would ask numbers.Rational of each Decimal)
            if not all(map(operator.is_not, weights, _NONES)) or not all(slots) or any(map(_NOT_APPLICABLE, slots)):
                weights = None
        if weights is not None:  # every row weighted and given an applicable actual (most are): a plain sum
            printed = applicable = sum(weights, zero)
        else:
            printed, applicable = self.weigh(num, zero)
        points = num(rules.indicator_points)
        # as_printed keeps a short table short, but weights printed above the indicator
        # total are scaled down to it: no project may score past the rule set's maximum.
        base = points if rules.weights == "rescale" else min(printed, points)
        if printed and not applicable:
            self.problem(None, f"{table.project_code}（{table.label}）的指标全部为“不适用”，无法计算指标得分")
        factor = base / applicable if applicable else zero

        rows = []
        total = zero
        complete = not self.missing
        # Row scores carry 50 digits; summing them in a 100-digit context is exact, so the
        # total does not depend on the order of the rows (rounded once, below).
        add = operator.add if exact else _SUM.add
        if weights is not None:
            rows, total = self.rows(indicators, slots, weights, factor)
        else:
            for indicator, actual in zip(indicators, slots):
                row = self.indicator(indicator, actual, factor, num, exact)
                rows.append(row)
                if row.score is not None:
                    total = add(total, row.score)
        execution = self.execution(num, exact)
        if rules.execution_points and execution is None:
            complete = False
        if execution is not None:
            total = add(total, execution.score)
        if not exact:
            total = +total  # one rounding to the engine's precision
        if self.problems or not complete:
            return ProjectScore(table, tuple(rows), execution, None, None, False)
        grade = rules.grade(total)
        if exact:
            rows = [_indicator_score(r.indicator, r.actual, _dec(r.weight), _dec(r.score), r.status, r.flags)
                    for r in rows]
            if execution is not None:  # (ExecutionScore's fields in order)
                execution = _execution_score(_dec(execution.budget), _dec(execution.adjusted_budget),
                                             _dec(execution.spent), _dec(execution.rate), _dec(execution.weight),
                                             _dec(execution.score), execution.flag)
            total = _dec(total)
        return ProjectScore(table, tuple(rows), execution, total, grade, True)

    def lean(self) -> ProjectScore | None:
        """`run(exact=False)` of a table whose rows all have a weight and an applicable actual (most tables), in
        fewer steps: no weighing, no missing actuals, a plain sum of the weights; None for any other table (and
        when `LEAN` is off), which `run` scores. tests/test_scoring_lean.py holds the two alike."""
        table, slots = self.table, self.slots
        indicators = table.indicators
        weights = list(map(_WEIGHT, indicators))
        if not self.LEAN or not all(slots) or any(map(_NOT_APPLICABLE, slots)):
            return None
        try:
            printed = sum(weights, _ZERO)  # every row applicable: as printed
        except TypeError:  # a row without a weight (None): run weighs and reports it
            return None
        self.near = False
        if self.problems:  # a caller has taken the last table's lists: empty ones are shared
            self.problems = []
        if self.missing:
            self.missing = []
        rules = self.rules
        points = rules.indicator_points
        # as in run: weights printed above the indicator total are scaled down to it
        base = points if self.rescale else min(printed, points)
        rows, total = self.rows(indicators, slots, weights, base / printed if printed else _ZERO, self.unchecked)
        execution = self.execution(_same, False)
        if execution is not None:
            total = _SUM.add(total, execution.score)
        elif rules.execution_points:
            return ProjectScore(table, tuple(rows), None, None, None, False)
        total = +total  # one rounding to the engine's precision
        if self.problems:
            return ProjectScore(table, tuple(rows), execution, None, None, False)
        grade, self.near = _graded(total, self.plan, rules.grade)
        return _project_score(table, tuple(rows), execution, total, grade, True)

    def weigh(self, num, zero) -> tuple:
        """(printed, applicable): the weights as printed and those of the rows that count, with the rows'
        problems (no weight, 不适用 where forbidden) and missing actuals recorded."""
        rules, table = self.rules, self.table
        printed, applicable = zero, zero
        for indicator, actual in zip(table.indicators, self.slots):
            if indicator.weight is None:
                self.problem(indicator, f"{table.label} {indicator.path} 没有权重，无法计分")
                continue
            weight = num(indicator.weight)
            printed += weight
            if actual is None or not actual.not_applicable or rules.not_applicable != "rescale":
                applicable += weight
            if actual is not None and actual.not_applicable and rules.not_applicable == "forbid":
                self.problem_in_actual(actual, f"规则集 {rules.name} 不允许“不适用”的指标；{table.label} {indicator.path} 须给出实际完成值",
                             "不适用")
            if actual is None:
                file, line, cell = self.where(indicator)
                self.missing.append(problem_at(file, line, f"{table.project_code}（{table.label}）缺少实际完成值：{indicator.path}",
                                               cell=cell))
        return printed, applicable

    def rows(self, indicators, slots, weights: list, factor, check: bool = False) -> tuple[list[IndicatorScore], Decimal]:
        """The rows of a table whose indicators all have a weight and an applicable actual, and their
        total, in Decimals. A row is worked out by `indicator` (the one home of the rules) the first time
        its case is seen; a later row of the same case (the same operator, target, measured value in the
        target's unit or none, and weight; or the same band, share and weight for a 定性 row) takes the
        same (weight × factor, score, status, flags), kept per `factor` (the first 64) in the run's memo. A case that reported a problem
        is not kept, so each such row reports its own. `check`: each pair's kind is checked as match_actuals checks it
        (the pairs the key below takes as they are pass its quick test), raising Unpaired where it has a word."""
        cases = self.cases(factor)
        add, same, problems = _SUM.add, _same, self.problems
        self.general_memo = False  # a case met here is kept here, not in the general memo too
        total = _ZERO
        rows: list[IndicatorScore] = []
        append = rows.append
        for indicator, actual, weight in zip(indicators, slots, weights):
            operator_ = indicator.operator
            if operator_ is _QUALITATIVE:
                band = actual.band
                if band is not None:
                    key = (None, band._value_, actual.share, weight)
                else:
                    if check:
                        check_kinds(self.table, (actual,), (indicator,))
                    key = None
            elif actual.value is not None:
                unit = actual.unit
                if unit is None or unit is indicator.unit:
                    key = (operator_._value_, indicator.value, actual.value, weight)
                else:
                    if check:
                        check_kinds(self.table, (actual,), (indicator,))
                    if indicator.unit is None:
                        key = None  # nothing to convert to: `quantitative` takes the number as it is
                    else:  # `3.2万人` for a target in 人: the case in the target's unit, as `quantitative` converts it
                        ratio = _ratio(unit, indicator.unit)
                        key = (operator_._value_, indicator.value, actual.value if ratio is None else
                               actual.value * ratio.numerator / ratio.denominator, weight)
            else:
                if check:
                    check_kinds(self.table, (actual,), (indicator,))
                key = None  # a date, a schedule, a missing value: worked out each time
            known = cases.get(key)
            if known is None:
                reported = len(problems)
                if key is not None and key[0] is not None and key[1] is not None:
                    # a number in the target's unit (or none) for a quantitative row with a target: what
                    # `indicator` and `quantitative` do for it, without their tests of what is known here
                    weighted = weight * factor
                    points, status, flags = self.judge(indicator, key[0], key[1], key[2], weighted, same, False)
                    row = _indicator_score(indicator, actual, weighted, points, status, flags)
                else:
                    row = self.indicator(indicator, actual, factor, same, False)
                    points = row.score
                if key is not None and len(problems) == reported:
                    cases.keep(key, (row.weight, points, row.status, row.flags))
            else:  # the case's weight object too: equal to weight * factor, and its hash already worked out
                points = known[1]
                row = _indicator_score_packed(indicator, actual, known)  # (weight, score, status, flags)
            append(row)
            if points is not None:
                total = add(total, points)
        self.general_memo = True
        return rows, total

    def cases(self, factor) -> Memo:
        """The memo's cases of the lean rows under `factor` (`rows`, `case_rows`): each case's (weight × factor,
        score, status, flags)."""
        held = self.held  # [the last factor, its cases, cases by factor]
        if held is None:
            held = self.memo.get(_ROWS)
            if held is None:
                held = self.memo[_ROWS] = [None, None, {}]
            self.held = held
        if held[0] is not None and factor == held[0]:  # most tables share one factor: no 50-digit hash
            return held[1]
        factors = held[2]
        cases = factors.get(factor)
        if cases is None:  # a few factors in a province (most tables total their points); past 64, not kept
            cases = Memo()
            if len(factors) < 64:
                factors[factor] = cases
        held[0], held[1] = factor, cases
        return cases

    def case_rows(self, keys: list[tuple], factor) -> list[tuple] | None:
        """What `rows` keeps of the rows whose cases are `keys` (each a quantitative row's as `rows` keys it:
        operator's value, target, measured value in the target's unit, weight) under `factor`: each case's
        (weight × factor, score, status, flags), taken from the memo or worked out by `judge` and kept, as `rows`
        does; None at the first case `rows` would leave to `indicator` (no target or value) or that reports a
        problem (not kept), whose table the caller scores."""
        cases, judge, same, problems = self.cases(factor), self.judge, _same, self.problems
        found = []
        for key in keys:
            known = cases.get(key)
            if known is None:
                operator_, target, measured, weight = key
                if operator_ is None or target is None or measured is None:
                    return None
                weighted = weight * factor
                points, status, flags = judge(None, operator_, target, measured, weighted, same, False)
                if problems:
                    return None
                known = cases.keep(key, (weighted, points, status, flags))
            found.append(known)
        return found

    def exact_case_rows(self, keys: list[tuple], factor: Fraction) -> list[tuple] | None:
        """`case_rows` in Fractions: what `score_rows_lean(exact=True)` gives of the rows whose cases are `keys`
        under `factor` (`indicator` and `quantitative` with `exact`: the same memo keys and `judge`), each row's
        (weight × factor, score, status, flags) at the engine's precision; None at the first case `indicator`
        would not take to `judge` (no target or value) or that reports a problem (not kept)."""
        memo, judge, problems, dec, exact_case = self.memo, self.judge, self.problems, _dec_here, _EXACT_CASE
        found = []
        for operator_, target, measured, weight in keys:
            if operator_ is None or target is None or measured is None or weight is None:
                return None
            weight = Fraction(weight) * factor
            memo_key = (exact_case, operator_, target, measured, weight)
            known = memo.get(memo_key)
            if known is None:
                known = judge(None, operator_, Fraction(target), Fraction(measured), weight, Fraction, True)
                if problems:
                    return None
                _remember(memo, memo_key, known)
            found.append((dec(weight), dec(known[0]), known[1], known[2]))
        return found

    def indicator(self, indicator: Indicator, actual: Actual | None, factor, num, exact: bool) -> IndicatorScore:
        rules = self.rules
        if indicator.weight is None:
            return IndicatorScore(indicator, actual, None, None, MISSING)
        weight = num(indicator.weight) * factor
        if actual is None:
            return IndicatorScore(indicator, None, weight, None, MISSING)
        if actual.not_applicable:
            if rules.not_applicable == "full":
                return IndicatorScore(indicator, actual, weight, weight, NOT_APPLICABLE)
            return IndicatorScore(indicator, actual, None, None, NOT_APPLICABLE)
        if indicator.deadline is not None and actual.value is None and actual.band is None \
                or (actual.value is None and actual.band is None and actual.text):
            return self.deadline(indicator, actual, weight, num, exact)
        if indicator.operator is _QUALITATIVE:
            return self.qualitative(indicator, actual, weight, num, exact)
        return self.quantitative(indicator, actual, weight, num, exact)

    def deadline(self, indicator, actual, weight, num, exact) -> IndicatorScore:
        """A 时效 target written as a date or schedule: the same text, an earlier date or a word of completion
        meets it (scored as 达成), a later date does not (未达成); anything else is not a result."""
        target = indicator.printed or (indicator.text_value or "")
        met = deadline_met(target, actual.text, self.year()) if target and actual.text else None
        if met is None:
            self.problem_in_actual(actual, f"{self.table.label} {indicator.path} 的指标值为“{target or '数值'}”，"
                                           f"实际完成值应为日期（如 2026年11月）、与指标值相同的写法或数值", actual.text)
            return IndicatorScore(indicator, actual, weight, None, UNMET)
        band = Band.ACHIEVED if met else Band.NOT_ACHIEVED
        return self.qualitative(indicator, attrs.evolve(actual, band=band), weight, num, exact)

    def year(self) -> int | None:
        return self.table.start_year

    def qualitative(self, indicator, actual, weight, num, exact) -> IndicatorScore:
        if actual.band is None:  # a number for a 定性 row the matcher let through as a deadline
            self.problem_in_actual(actual, f"{self.table.label} {indicator.path} 是定性指标，应给出 评价等级"
                                           f"（达成 / 部分达成 / 未达成）", actual.text or actual.value)
            return IndicatorScore(indicator, actual, weight, None, QUALITATIVE)
        band = self.rules.bands[actual.band]
        share = actual.share if actual.share is not None else band.default
        if share is None:
            self.problem_in_actual(actual, f"{self.table.label} {indicator.path} 评为“{band.band.value}”，规则集 {self.rules.name} "
                                    f"要求给出 得分比例（区间 {band.interval}）", actual.text or band.band.value)
            return IndicatorScore(indicator, actual, weight, None, QUALITATIVE)
        if not band.contains(share):
            self.problem_in_actual(actual, f"{self.table.label} {indicator.path} 评为“{band.band.value}”，得分比例应在 {band.interval} 内",
                         str(share))
            return IndicatorScore(indicator, actual, weight, None, QUALITATIVE)
        flags = _UNMET if actual.band is not Band.ACHIEVED else ()
        # as in quantitative: once per distinct case (in Decimals, and in Fractions near a grade's minimum)
        memo_key = (_EXACT_CASE, QUALITATIVE, share, weight) if exact else (QUALITATIVE, share, weight)
        score = self.memo.get(memo_key)
        if score is None:
            env = {"weight": weight, "share": num(share)}
            value = self.evaluate(self.rules.qualitative_formula, "qualitative.formula", env, indicator, exact)
            if value is None:
                return IndicatorScore(indicator, actual, weight, None, QUALITATIVE)
            score = _clamp(value, weight)
            _remember(self.memo, memo_key, score)
        return IndicatorScore(indicator, actual, weight, score, QUALITATIVE, flags)

    def quantitative(self, indicator, actual, weight, num, exact) -> IndicatorScore:
        kind = self.plan[indicator.operator._value_][2]
        target = indicator.value
        if target is None:
            self.problem(indicator, f"{self.table.label} {indicator.path} 是定量指标但没有指标值，无法计分")
            return IndicatorScore(indicator, actual, weight, None, UNMET)
        measured = actual.value
        if measured is None:  # a band or text for a quantitative row the matcher let through as a deadline
            self.problem_in_actual(actual, f"{self.table.label} {indicator.path} 是定量指标（{indicator.operator.value}），"
                                           f"应给出数值的 实际完成值", actual.text or (actual.band.value if actual.band else ""))
            return IndicatorScore(indicator, actual, weight, None, UNMET)
        unit = actual.unit
        if unit is not None and unit is not indicator.unit:
            ratio = _ratio(unit, indicator.unit)
            if ratio is not None:
                measured = Fraction(measured) * ratio if exact else measured * ratio.numerator / ratio.denominator
        if exact:  # (a table near a grade's minimum, again in Fractions: each distinct case once too)
            memo_key = (_EXACT_CASE, indicator.operator._value_, target, measured, weight)
            known = self.memo.get(memo_key)
            if known is None:
                problems = len(self.problems)
                known = self.judge(indicator, indicator.operator._value_, Fraction(target), Fraction(measured), weight,
                                   num, exact)
                if len(self.problems) == problems:
                    _remember(self.memo, memo_key, known)
            return IndicatorScore(indicator, actual, weight, known[0], known[1], known[2])
        # A province repeats the same target, actual and weight on many rows (≥95% met with 100%):
        # each distinct case is scored once per run. Equal Decimals give equal results (every step
        # is exact or rounded to the same 50 digits), so the sheet is the same to the last digit.
        if not self.general_memo:  # from `rows`, which keeps the case itself
            known = self.judge(indicator, indicator.operator._value_, target, measured, weight, num, exact)
            return IndicatorScore(indicator, actual, weight, known[0], known[1], known[2])
        memo_key = (kind, target, measured, weight)
        known = self.memo.get(memo_key)
        if known is None:
            problems = len(self.problems)
            known = self.judge(indicator, indicator.operator._value_, target, measured, weight, num, exact)
            if len(self.problems) == problems:  # a row that failed is reported for itself, each time
                _remember(self.memo, memo_key, known)
        return IndicatorScore(indicator, actual, weight, known[0], known[1], known[2])

    def judge(self, indicator, operator_, target, measured, weight, num, exact) -> tuple:
        """(score, status, flags) of a quantitative row from its operator (`operator_`, its value), target, measured
        value and weight; `indicator` (None: `case_rows`) is only named by a problem."""
        rules = self.rules
        formula, key, kind, upward, needs_deviation, positional = self.plan[operator_]
        tolerance = num(rules.equal_tolerance)
        deviation = None
        if needs_deviation:
            difference = abs(measured - target)
            deviation = difference / abs(target) if target else difference
        result = None
        if positional is not None and not exact and self.LEAN:  # the formula as a plain function (Formula.positional)
            try:
                result = positional(weight, measured, target, tolerance, deviation)  # QUANTITATIVE_VARIABLES' order
            except (ArithmeticError, decimal.InvalidOperation):
                pass  # evaluated again below, which reports it
        if result is None:
            env = {"weight": weight, "actual": measured, "target": target, "tolerance": tolerance,
                   "deviation": deviation}
            result = self.evaluate(formula, key, env, indicator, exact)
            if result is None:
                return None, UNMET, ()
        if result < 0:
            result = result * 0
        elif result > weight:
            result = weight

        if kind == "ge":
            met = measured >= target
        elif kind == "le":
            met = measured <= target
        elif kind == "gt":
            met = measured > target
        elif kind == "lt":
            met = measured < target
        elif rules.equal_met_when == "within_tolerance":
            met, upward = deviation <= tolerance, None
        else:
            met, upward = measured >= target - tolerance * abs(target), True
        if not met:
            return result, UNMET, _UNMET
        if upward is None or rules.over_policy == "off" or not target:
            return result, MET, ()
        excess = (measured - target if upward else target - measured) / abs(target)
        threshold = num(rules.over_threshold)
        if excess <= threshold:
            return result, MET, ()
        if rules.over_policy == "deduct":
            env = {"weight": weight, "score": result, "actual": measured, "target": target,
                   "excess": excess, "threshold": threshold}
            deducted = self.evaluate(rules.over_formula, "over_achievement.formula", env, indicator, exact)
            if deducted is None:
                return None, EXCEEDED, _OVER
            result = _clamp(deducted, weight)
        return result, EXCEEDED, _OVER

    def execution(self, num, exact) -> ExecutionScore | None:
        funds = self.funds
        lean = self.lean_execution
        if lean is not None and not exact and funds is not None and self.LEAN:
            # the steps below for the common case (scored, funds given, a budget, a formula that evaluates) in
            # Decimals, with the rule set's settings taken from the plan and its formula as a plain function of
            # EXECUTION_VARIABLES (Formula.positional); anything else goes on below
            formula, weight, threshold, floor, use_adjusted = lean
            adjusted = funds.adjusted_budget
            budget = adjusted if use_adjusted and adjusted is not None else funds.budget
            if budget:
                spent = funds.spent
                rate = spent / budget
                try:
                    value = formula(weight, rate, budget, spent, floor)  # EXECUTION_VARIABLES' order
                except (ArithmeticError, decimal.InvalidOperation):
                    pass  # evaluated again below, which reports it
                else:  # as _clamp
                    return _execution_score(funds.budget, adjusted, spent, rate, weight,
                                            value * 0 if value < 0 else weight if value > weight else value,
                                            threshold is not None and rate < threshold)
        rules = self.rules
        if not rules.execution_points:  # not scored (a 部门整体 table): funds given are kept, at 0 points
            if funds is None or not (funds.adjusted_budget if rules.execution_budget == "adjusted"
                                     and funds.adjusted_budget is not None else funds.budget):
                return None
        if funds is None:
            file, line, cell = self.where()
            self.missing.append(problem_at(file, line, f"{self.table.project_code}（{self.table.label}）缺少全年预算数、全年执行数，"
                                                        "无法计算预算执行率", cell=cell))
            return None
        use_adjusted = rules.execution_budget == "adjusted" and funds.adjusted_budget is not None
        budget = num(funds.adjusted_budget if use_adjusted else funds.budget)
        if not budget:
            self.problem(None, f"{self.table.project_code}（{self.table.label}）的{'调整后预算数' if use_adjusted else '全年预算数'}为 0，"
                               "无法计算预算执行率", f"{funds.location}")
            return None
        spent = num(funds.spent)
        rate = spent / budget
        weight = num(rules.execution_points)
        threshold = None if rules.execution_threshold is None else num(rules.execution_threshold)
        env = {"weight": weight, "rate": rate, "budget": budget, "spent": spent,
               "threshold": threshold if threshold is not None else (Fraction(0) if exact else _ZERO)}
        value = self.evaluate(rules.execution_formula, "execution.formula", env, None, exact)
        if value is None:
            return None
        flag = threshold is not None and rate < threshold
        return _execution_score(num(funds.budget), None if funds.adjusted_budget is None else num(funds.adjusted_budget),
                                spent, rate, weight, _clamp(value, weight), flag)

    def evaluate(self, formula, key, env, indicator, exact):
        try:
            return formula.fraction(env) if exact else formula.decimal(env)
        except (ArithmeticError, decimal.InvalidOperation) as exc:
            values = "，".join(f"{k}={_dec(v)}" for k, v in env.items())
            self.problem(indicator, f"规则 {self.rules.name} 的 {key} 无法对此行计算（{type(exc).__name__}）：{values}", formula.text)
            return None


# operator -> (rule key, met test, direction: True more is better, False less is better, None for =)
_OPERATORS = {
    Operator.GE: ("formulas.ge", "ge", True),
    Operator.GT: ("formulas.gt", "gt", True),
    Operator.LE: ("formulas.le", "le", False),
    Operator.LT: ("formulas.lt", "lt", False),
    Operator.EQ: ("formulas.eq", "eq", None),
}


class _Settings:
    """What the engine reads of a rule set, read once: ScoringRules gives each setting through a property
    (a Python call), and a province's run reads a dozen of them per project."""

    __slots__ = ("name", "indicator_points", "execution_points", "weights", "equal_tolerance", "equal_met_when",
                 "over_policy", "over_threshold", "over_formula", "bands", "qualitative_formula", "execution_formula",
                 "execution_budget", "execution_threshold", "not_applicable", "grade", "grades")

    def __init__(self, rules: ScoringRules):
        for name in self.__slots__:
            setattr(self, name, getattr(rules, name))


def _plan(rules: ScoringRules) -> dict:
    """Per operator, everything the hot loop needs in one lookup: formula, key, met test, direction,
    whether `deviation` must be computed (a 50-digit division, skipped when nothing reads it) and the formula as
    a plain function of QUANTITATIVE_VARIABLES (`Formula.positional`; None: its `decimal`).
    Keyed by the operator's value (a str): Enum.__hash__ is Python code, a str hashes in C. Under
    None, the rule set's settings (`_Settings`)."""
    minimums = tuple(sorted(grade.minimum for grade in rules.grades))
    grades = rules.grades
    # names[i]: the grade of a total above the i-th lowest minimum and below the next (grades listed from the highest
    # minimum down, as a rule set must: rules.grade takes the first whose minimum a total reaches, else the last)
    descending = all(upper.minimum > lower.minimum for upper, lower in zip(grades, grades[1:]))
    names = (grades[-1].name, *(grade.name for grade in reversed(grades))) if grades and descending else None
    execution = None
    evaluate = rules.execution_formula.positional(EXECUTION_VARIABLES) if rules.execution_points else None
    if evaluate is not None:
        threshold = rules.execution_threshold
        execution = (evaluate, rules.execution_points, threshold,
                     _ZERO if threshold is None else threshold, rules.execution_budget == "adjusted")
    plan: dict = {None: _Settings(rules), _MINIMUMS: minimums, _GRADES: names, _EXECUTION: execution,
                  _GRADING: (minimums, _bounds(minimums), names)}
    for op, (key, kind, upward) in _OPERATORS.items():
        formula = rules.formulas[op]
        needs = "deviation" in formula.variables or (kind == "eq" and rules.equal_met_when == "within_tolerance")
        plan[op.value] = (formula, key, kind, upward, needs, formula.positional(QUANTITATIVE_VARIABLES))
    return plan
_QUALITATIVE = Operator.QUALITATIVE
_WEIGHT = operator.attrgetter("weight")
_ZERO = Decimal(0)
_MINIMUMS = ("minimums",)  # the plan's key of the grades' minimums (read for every total)
_GRADES = ("grades",)  # the plan's key of the grade's name after each minimum (None: rules.grade says)
_GRADING = ("grading",)  # the plan's key of what `_graded` reads: the minimums, their bounds (`_bounds`), the names
_EXECUTION = ("execution",)  # the plan's key of what the 预算执行率's common case needs (None: general steps only)
_ROWS = ("rows",)  # the memo's key of the lean rows' cases, per factor
_EXACT_CASE = ("exact",)  # the memo's keys of the cases worked out in Fractions start with it
_NOT_APPLICABLE = operator.attrgetter("not_applicable")
_CASE_WEIGHT = operator.itemgetter(3)  # a case's weight (`case_rows`' keys)
_NO_TABLE = TargetTable("", "", "", ())  # the table `score_cases` scores cases as (its problems name no row)
_NO_SLOTS: list = []
_NONES = itertools.repeat(None)
_UNMET = ("unmet",)
_OVER = ("over_achieved",)


def _bounds(minimums: tuple[Decimal, ...]) -> tuple[tuple, tuple] | None:
    """(each minimum - 1e-30, each minimum + 1e-30), exactly, for `_graded`: a total (rounded to 50 digits) lies
    within 1e-30 of a minimum as `abs(total - minimum) < 1e-30` says exactly when it lies strictly between them,
    provided no minimum has a digit past the 20th decimal place (then that difference, wherever it can be that
    small, is worked out without rounding). None for any other minimums: `_graded` subtracts."""
    exact = decimal.Context(prec=4 * PRECISION, traps=[decimal.Inexact, decimal.InvalidOperation])
    try:
        if any(not m.is_finite() or m.as_tuple().exponent < -20 for m in minimums):
            return None
        return tuple(exact.subtract(m, _NEAR) for m in minimums), tuple(exact.add(m, _NEAR) for m in minimums)
    except (ArithmeticError, AttributeError, TypeError):
        return None


def _remember(memo: dict, key: tuple, value) -> None:
    """memo[key] = value while the memo has room (a Memo stops at its size; a caller's dict is not bounded)."""
    if len(memo) < getattr(memo, "size", len(memo) + 1):
        memo[key] = value


def _ratio(unit, target_unit) -> Fraction | None:
    """unit.factor / target_unit.factor, None when they are equal or the target has no unit (nothing to convert
    to: the matcher has reported the actual's unit, and the run ends in that InputError). Worked out once per
    pair of unit objects (Fraction arithmetic is Python code): kept by identity, the units held with it."""
    if target_unit is None:
        return None
    key = (id(unit), id(target_unit))
    known = _RATIOS.get(key)
    if known is not None and known[0] is unit and known[1] is target_unit:
        return known[2]
    ratio = None if unit.factor == target_unit.factor else unit.factor / target_unit.factor
    if len(_RATIOS) < 4096:
        _RATIOS[key] = (unit, target_unit, ratio)
    return ratio


_RATIOS: dict[tuple[int, int], tuple] = {}


def _same(value):
    return value


def _clamp(value, weight):
    if value < 0:
        return value * 0
    return weight if value > weight else value


def _dec(value):
    """A Fraction (or Decimal) as a Decimal at the engine's precision; None stays None."""
    if value is None or isinstance(value, Decimal):
        return value
    with decimal.localcontext() as ctx:
        ctx.prec = PRECISION
        return _dec_here(value)


def _dec_here(value):
    """`_dec` in a context already at the engine's precision (`score_rows_lean`'s: the same settings `_dec` makes),
    without making one per value."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(value.numerator) / Decimal(value.denominator)
