"""Auditing one 自评表: arithmetic, re-scoring under a rule set, explanations and data quality.

The unit's own numbers are read (`values.py`), checked against each other, and compared
with a re-score by the scoring engine (`perfeval.scoring.score`) under the named rule
set. Re-scoring uses the 分值 the sheet prints, so a wrong points structure is reported
once (`arith.points_total`) instead of making every row look mis-scored. Tolerances are
the rounding the printed numbers carry, never less than `tolerance` (docs/audit.md).
"""

from __future__ import annotations

import decimal
import re
from bisect import bisect_right
from decimal import Decimal
from functools import lru_cache
from itertools import repeat
from math import gcd
from typing import Any, NamedTuple

import attrs

from ..actuals import Actual, Actuals, Band
from ..actuals import project_funds as make_project_funds
from ..errors import InputError, Problem
from ..findings import Finding
from ..fmt import evidence, percent
from ..checks import sense, taxonomy
from ..checks.context import Context
from ..checks.ruleset import RuleSet
from .._lazyre import lazy
from .._methods import define
from ..model import (NOWHERE, Document, Indicator, Location, TargetTable, indicator_row, slot_builder,
                     target_table_row)
from ..operators import Operator
from ..scoring import DEPARTMENT_CODE, ScoringRules, score
from ..scoring.engine import plan, score_cases, score_paired, score_rows_lean, scored_again
from ..target_text import Target
from ..units import Dimension, parse_unit
from .. import judgement
from ..vocab import SELF_TERMS
from .._memo import SIZE as MEMO_SIZE
from . import codes

_WAN = parse_unit("万元")
from .model import Row, SelfEvaluation
from .values import (ActualValue, Unreadable, amount_half_unit, band_of, half_unit, read_actual, read_amount,
                     read_points, read_rate, read_target, rate_half_unit)

DEFAULT_TOLERANCE = Decimal("0.01")
#: sums of re-scored points, exact (each carries at most the engine's 50 digits)
_EXACT = decimal.Context(prec=200)
#: a total this near a grade's minimum is left to the engine, which scores such a table again in Fractions
#: (within 1e-30): far wider than any rounding of a 50-digit total, so the lean re-score never meets one
_NEAR_GRADE = Decimal("1e-20")
_GRADE_SPELLINGS = {"优秀": "优", "良好": "良", "中等": "中", "合格": "中", "较差": "差", "不合格": "差"}
_ZERO = Decimal(0)
_UNSET: Any = object()  # (a value not worked out yet, where None is one)


@define(unsafe_hash=True, weakref_slot=False)
class RowResult:
    """A row's claimed and re-scored 得分 (either None where unreadable or not re-scored).

    A per-row object (one per row of every sheet audited): slotted and built by plain slot stores (0.4 us, where
    the frozen class's builder took 1.0); equal and hashed by its fields as before, with no weak-reference slot (8
    bytes on each row a batch keeps). Not to be changed once built (treat it as frozen)."""

    row: Row
    claimed: Decimal | None
    rescored: Decimal | None
    tolerance: Decimal = Decimal(0)

    @property
    def difference(self) -> Decimal | None:
        """claimed − re-scored where it exceeds the tolerance, else 0 (None where either is unknown)."""
        return significant_difference(self.claimed, self.rescored, self.tolerance)


def significant_difference(claimed: Decimal | None, rescored: Decimal | None, tolerance: Decimal) -> Decimal | None:
    """claimed − rescored when it exceeds `tolerance`, 0 when within it, None when either is unknown."""
    if claimed is None or rescored is None:
        return None
    difference = claimed - rescored
    return difference if abs(difference) > tolerance else Decimal(0)


@define(unsafe_hash=True, weakref_slot=False)
class SheetAudit:
    """The audit of one sheet: its findings, and claimed against re-scored totals and grades.

    One per sheet of a batch: slotted and built by plain slot stores, as `RowResult` (no weak-reference slot either);
    equal and hashed by its fields as before. Not to be changed once built (treat it as frozen)."""

    sheet: SelfEvaluation
    findings: tuple[Finding, ...]
    rows: tuple[RowResult, ...]
    claimed_total: Decimal | None
    claimed_grade: str | None
    rescored_total: Decimal | None
    rescored_grade: str | None
    execution_claimed: Decimal | None = None
    execution_rescored: Decimal | None = None
    execution_tolerance: Decimal = Decimal(0)
    #: rows that could not be re-scored; when any, no re-scored total or grade is given
    unscored: tuple[str, ...] = ()

    @property
    def execution_difference(self) -> Decimal | None:
        """Claimed − re-scored 预算执行率 得分 beyond the tolerance, else 0."""
        return significant_difference(self.execution_claimed, self.execution_rescored, self.execution_tolerance)


def show(value: Any, places: int = 4) -> str:
    """A number for a message: at most `places` decimals, no trailing zeros."""
    return evidence(value, places)


_show_once = lru_cache(maxsize=1 << 16, typed=True)(show)


def _shown(value: Any) -> str:
    """`show` of an evidence value, looked up once per value (equal Decimals show alike: trailing zeros go); a
    finite Decimal's (most of them) kept in a plain dict by its value."""
    if value.__class__ is Decimal and value.is_finite():
        text = _SHOWN.get(value)
        if text is None:
            text = show(value)
            if len(_SHOWN) < 1 << 16:
                _SHOWN[value] = text
        return text
    try:
        return _show_once(value)
    except TypeError:  # a list or another unhashable value
        return show(value)


_SHOWN: dict[Decimal, str] = {}


class _Reporters(dict):
    """code -> the rule's reporter with the audit's `_shown` (`Rule.reporter`), made on first use."""

    def __missing__(self, code: str):
        made = self[code] = codes.RULES[code].reporter(_shown)
        return made


_REPORTERS = _Reporters()
_OVER, _UNDER, _EXECUTION, _PLACEHOLDER = codes.OVER.code, codes.UNDER.code, codes.EXECUTION.code, codes.PLACEHOLDER.code
_SCORE_RANGE = codes.SCORE_RANGE.code
_EXPLAIN_UNMET, _EXPLAIN_OVER, _EXPLAIN_EXECUTION = (codes.EXPLAIN_UNMET.code, codes.EXPLAIN_OVER.code,
                                                     codes.EXPLAIN_EXECUTION.code)


def _grade_names(rules: ScoringRules) -> frozenset[str]:
    names = _GRADE_NAMES.get(id(rules))
    if names is None or names[0] is not rules:
        names = _GRADE_NAMES[id(rules)] = (rules, frozenset(g.name for g in rules.grades))
    return names[1]


_GRADE_NAMES: dict[int, tuple[ScoringRules, frozenset[str]]] = {}


def _points_of(rules: ScoringRules) -> tuple[ScoringRules, Decimal, Decimal, Decimal]:
    """(rules, its 指标 points, its 预算执行率 points, its total), read once per rule set (`_Run.arithmetic` asks for
    every sheet; the rule set's points are properties), held by the rule set's id with the rule set."""
    held = _POINTS.get(id(rules))
    if held is None or held[0] is not rules:
        if len(_POINTS) >= 64:
            _POINTS.clear()
        held = _POINTS[id(rules)] = (rules, rules.indicator_points, rules.execution_points, rules.total_points)
    return held


_POINTS: dict[int, tuple[ScoringRules, Decimal, Decimal, Decimal]] = {}


def normal_grade(text: str) -> str:
    text = text.strip()
    return _GRADE_SPELLINGS.get(text, text)


TAXONOMY_CODES = ("taxonomy.level1", "taxonomy.level2", "taxonomy.near_miss", "taxonomy.missing_level",
                  "taxonomy.duplicate", "taxonomy.required",
                  # the reviewer's sense of where a row belongs, judged on the sheet's rows as on a target table
                  "sense.rate_as_quantity", "sense.name_is_category", "sense.unit_subject", "sense.ecology")


def taxonomy_rules(ruleset: RuleSet) -> RuleSet:
    """A validation rule set cut down to its indicator-name checks, which apply to a 自评表's rows as they do to targets."""
    return attrs.evolve(ruleset, rules={code: ruleset.rules[code] for code in TAXONOMY_CODES if code in ruleset.rules})


#: every unit a row's target was read with, kept for the process: the name checks' memo (`sense.quiet_rows`)
#: keys units by identity, and a unit a sheet made (`元/人/月`) and dropped could leave its id to another one
_UNITS: dict[int, Any] = {}


def _keep_unit(target: Target | None) -> None:
    unit = target.unit if target is not None else None
    if unit is not None and id(unit) not in _UNITS:
        _UNITS[id(unit)] = unit


class _Case(NamedTuple):
    """What `_Run.finish` reads of the engine's row of a case, kept without the row's indicator and actual."""

    weight: Decimal | None
    score: Decimal | None
    flags: tuple[str, ...]


class _Row(_Case):
    """What `_Run.finish` reads of the engine's row of a case not kept (`_Run.rescore_lean`: the engine's memo is
    full): a row of its sheet's own, as an IndicatorScore is (`finish` keeps no outcome of it)."""

    __slots__ = ()


_new_tuple = tuple.__new__  # (a NamedTuple's own __new__ is Python code)
_row_result = slot_builder(RowResult)  # RowResult(row, claimed, rescored, tolerance), for every row of a batch
_sheet_audit = slot_builder(SheetAudit)  # SheetAudit(...) with its 11 fields in order, for every sheet
_actual_row = slot_builder(Actual)


class Auditor:
    """Audits sheets under one scoring rule set; build once, call `audit` per sheet.

    `taxonomy`, a validation rule set, adds its indicator-name checks (`taxonomy.*`:
    standard 一级/二级 names, 二级 under the right 一级, duplicates, required 一级).
    """

    def __init__(self, rules: ScoringRules, tolerance: Decimal = DEFAULT_TOLERANCE, taxonomy: RuleSet | None = None):
        self.rules = rules
        self.tolerance = tolerance
        self.taxonomy = taxonomy_rules(taxonomy) if taxonomy is not None else None
        # each group of name checks runs only where the rule set turns one of its rules on
        on = self.taxonomy.rules if self.taxonomy is not None else {}
        self.check_taxonomy = any(code in on for code in TAXONOMY_CODES if code.startswith("taxonomy."))
        self.check_sense = any(code in on for code in TAXONOMY_CODES if code.startswith("sense."))
        if not (self.check_taxonomy or self.check_sense):
            self.taxonomy = None
        self._department: ScoringRules | None = None
        # (base, execution points, indicator points) -> the variant rule set; rule set id -> its scoring plan
        self._variants: dict[tuple[int, Decimal, Decimal], tuple[ScoringRules, ScoringRules]] = {}
        self._plans: dict[int, tuple[ScoringRules, dict, dict]] = {}
        self._names: tuple[Context, Any, Any] | None = None
        self._name_held: tuple | None = None  # (`name_settings`)
        self._band_ranges: dict[tuple, tuple[ScoringRules, tuple[Decimal, Decimal]]] = {}
        # rule set id -> what the lean re-score keeps under it (`lean_cases`); (base, printed points) -> that
        self._lean: dict[int, list] = {}
        self._lean_by_points: dict[tuple, tuple[ScoringRules, list]] = {}
        self._lean_last: tuple = (None, None, None, None)  # (base, points, points, list) `lean_for` gave last
        #: a project's and a 部门整体 sheet's funds blocks that reported nothing, by their six texts (`_Run.block`)
        self._blocks: tuple[dict, dict] = ({}, {})
        #: a project's and a 部门整体 sheet's sums that reported nothing, by what they read (`_Run.arithmetic`)
        self._sums: tuple[dict, dict] = ({}, {})

    def __getstate__(self) -> dict:
        # sent to worker processes before any sheet is audited: the name checks' state (closures) is made there
        return {**self.__dict__, "_names": None, "_name_held": None}

    def names(self) -> tuple[Context, Any, Any]:
        """The name checks' context and taxonomy walk, made once: the rule settings are read once per run,
        and each sheet's findings are taken from the context's list (see `_Run.names`)."""
        if self._names is None:
            context = Context(Document(""), self.taxonomy)
            self._names = (context, taxonomy.walk(context.document, context) if self.check_taxonomy else None,
                           sense.quiet_rows())
        return self._names

    def name_settings(self) -> tuple:
        """What `_Run.run` judges the rows' names by, made once (the tuple itself the key of what is kept under it:
        `_RowFacts.named`): (None, the standard 一级/二级 names, the bit of each required 一级指标, all of them, the core
        rows asked for, whether a name twice is reported, the shapes of rows met (`_name_shape`), whether the
        taxonomy walk runs, whether the sense checks run)."""
        held = self._name_held
        if held is None:
            context, walk, _ = self.names()
            standard, _, _, required, core, duplicates = taxonomy.settings(context)
            bits = {name: 1 << n for n, name in enumerate(dict.fromkeys(required or ()))}
            held = self._name_held = (None, standard, bits, sum(bits.values()), core, duplicates, {},
                                      walk is not None, self.check_sense)
        return held

    @property
    def department(self) -> ScoringRules:
        """The rule set as it scores a 部门整体 sheet, made once."""
        if self._department is None:
            self._department = self.rules.for_department()
        return self._department

    def rules_for(self, execution_weight: Decimal | None, indicator_weight: Decimal,
                  base: ScoringRules | None = None) -> ScoringRules:
        """The rule set with the sheet's printed points: indicators and execution at their printed 分值
        (made once per base rule set and the points it is made with: indicators printed below the rule set's are
        scored under its own, one variant for all such sheets)."""
        base = base or self.rules
        points = base.execution_points if execution_weight is None or not base.execution_points \
            else execution_weight
        indicators = max(indicator_weight, base.indicator_points)
        key = (id(base), points, indicators)
        held = self._variants.get(key)
        if held is None or held[0] is not base:  # (the base held too: its id stays its own)
            variant = base.with_points(weights="as_printed", execution=points, indicators=indicators)
            held = self._variants[key] = (base, variant)
        return held[1]

    def plan(self, rules: ScoringRules) -> dict:
        """The engine's plan of `rules` (one the auditor made or holds), made once per rule set."""
        return self._planned(rules)[1]

    def memo(self, rules: ScoringRules) -> dict:
        """The engine's scores of each distinct case under `rules`, kept across sheets (see `score_paired`)."""
        return self._planned(rules)[2]

    def _planned(self, rules: ScoringRules) -> tuple[ScoringRules, dict, dict]:
        held = self._plans.get(id(rules))
        if held is None:
            held = self._plans[id(rules)] = (rules, plan(rules), {})  # the rule set held: its id stays its own
        return held

    def band_range(self, rules: ScoringRules, band: Band, weight: Decimal) -> tuple[Decimal, Decimal]:
        """The points a 定性 row of `weight` rated `band` may take under `rules`: the qualitative formula at the
        band's lowest and highest share, worked out once per (rule set, band, weight) (a batch repeats them)."""
        key = (id(rules), band._value_, weight)  # (an Enum hashes in Python, its value in C)
        held = self._band_ranges.get(key)
        if held is not None and held[0] is rules:
            return held[1]
        limits, formula = rules.bands[band], rules.qualitative_formula
        found = (formula({"weight": weight, "share": limits.low}), formula({"weight": weight, "share": limits.high}))
        if len(self._band_ranges) < 4096:  # (the rule set held: its id stays its own)
            self._band_ranges[key] = (rules, found)
        return found

    #: a sheet scored as printed takes the engine's row of each case met before and is scored by the engine only
    #: for its new cases and 预算执行率 (`_Run.rescore_lean`); tests turn it off to compare with the engine's
    #: re-score of every sheet whole (`_Run.rescore`)
    LEAN = True

    def lean_cases(self, rules: ScoringRules) -> list:
        """[rules, the bounds of the totals near its grades' minimums (`_near_bounds`), the engine's row of each case
        met under `rules` (a `_Case` by the case: `_Run.rescore_lean`), how many rows were offered to the engine's memo under `rules`, its `plan`,
        its `memo`, the engine's 预算执行率 of each funds met under `rules` (by 全年预算数, 全年执行数 and 年初预算数:
        `_Run.rescore_lean`), the engine's row of each case and its 预算执行率 of each funds in its pass in Fractions
        (a `_Case` by the case, an ExecutionScore by the funds' terms: `_Run.rescore_lean`, near a grade's
        minimum), a token of its own (what a row's kept outcome was worked out under: `_RowFacts.kept`; one list per
        variant, each variant one base rule set's, so the token names the base too)]."""
        held = self._lean.get(id(rules))
        if held is None or held[0] is not rules:  # (the rule set held: its id stays its own)
            held = self._lean[id(rules)] = [rules, _near_bounds(grade.minimum for grade in rules.grades), {}, 0,
                                            *self._planned(rules)[1:], {}, {}, {}, object()]
        return held

    def lean_for(self, execution_weight: Decimal | None, indicator_weight: Decimal, base: ScoringRules) -> list:
        """`lean_cases(rules_for(execution_weight, indicator_weight, base))`, looked up once per sheet by its points
        (equal points give one variant there too)."""
        last = self._lean_last  # (most sheets have the points of the sheet before: compared, not hashed)
        if last[0] is base and last[1] == execution_weight and last[2] == indicator_weight:
            return last[3]
        key = (id(base), execution_weight, indicator_weight)
        held = self._lean_by_points.get(key)
        if held is None or held[0] is not base:  # (the base held: its id stays its own)
            held = self._lean_by_points[key] = (base, self.lean_cases(self.rules_for(execution_weight,
                                                                                     indicator_weight, base)))
        self._lean_last = (base, execution_weight, indicator_weight, held[1])
        return held[1]

    def audit(self, sheet: SelfEvaluation) -> SheetAudit:
        return _Run(self, sheet).run()


class _LineState:
    """What the steps after `_Run.run`'s pass set on a line where they have something to say of it (`finish` before
    `compare`, `cost_actual`, the indicator made for the name checks and the re-score): class-level defaults, so
    a line is built with the values read alone (`_line_row`). A row that `run`'s pass only sums and that `finish`
    leaves to `rescore_lean` (most) gets no line at all: they read its facts (`_Run.line`)."""

    rescored: Decimal | None = None
    scorable: bool = False
    band_range: tuple[Decimal, Decimal] | None = None
    flags: tuple[str, ...] = ()
    tolerance: Decimal = Decimal(0)
    contradicted: bool = False
    #: the row as an indicator, made once for the name checks and the re-score
    indicator: Indicator | None = None


@define
class _Line(_LineState):
    """A row while it is audited: the values read from it (the re-score and the rest: `_LineState`)."""

    row: Row
    weight: Decimal | None = None
    score: Decimal | None = None
    target: Target | None = None
    actual: ActualValue | None = None
    value: Decimal | None = None
    #: what the row's own texts say, judged once per distinct row (`_row_facts`)
    facts: "_RowFacts | None" = None


#: _Line(...) with every field positional, in declaration order (one per row of a batch)
_line_row = slot_builder(_Line)


class _Run:
    #: `block`: whether the funds were read at once (`read_funds`), the block's key where it reported nothing, its
    #: kept [values, execution, tolerance, the lean cases its terms were last met under (`Auditor.lean_cases`), (the
    #: engine's terms of it, `_funds_terms`, and their kept 预算执行率 there or None), whether its 得分 is off the
    #: execution's beyond the tolerance] where it was met before, and whether `rate` is known quiet (class-level
    #: defaults: set on a sheet only where they change)
    lean_read = False
    quiet_block: tuple | None = None
    kept_block: list | None = None
    rated = False
    #: the sheet's claimed grade (`claimed_grade_of`) where `arithmetic` took its verdict from `Auditor._sums`
    claimed_grade: Any = _UNSET
    #: every row's line in row order, once a step needs them all (`all_lines`; an unfilled sheet's made by `run`)
    lines: list | None = None

    def __init__(self, auditor: Auditor, sheet: SelfEvaluation):
        self.auditor = auditor
        # a 部门整体支出绩效自评表 is scored under the rule set's [department] section
        self.is_department = is_department(sheet)
        self.rules = auditor.department if self.is_department else auditor.rules
        self.sheet = sheet
        #: each column's word on this sheet (`SelfEvaluation.words`), and the words the messages that name a column
        #: write (`codes.WORDS`; None: the central template's, the rules' own)
        if sheet.terms:
            self.words = words = sheet.words()
            self.display = _display_words(words)
        else:  # (most sheets: the central words, the rules' own)
            self.words, self.display = SELF_TERMS, None
        self.findings: list[Finding] = []
        #: each row's facts, in row order (`run`'s pass); the line of a row is made only where a step asks for it
        #: (`line`, `all_lines`): most rows are only summed and looked up by their facts, and need none
        self.facts: list[_RowFacts] = []
        self.built: dict[int, _Line] = {}  # the lines made so far, by their rows' places
        self.restructured = False
        self.proper_total: Decimal | None = None
        self.spent: Decimal | None = None
        #: the token of the rule set `rescore_lean` looked each row's case up in (`Auditor.lean_cases`; None: the
        #: sheet was scored whole), what `finish` keeps each row's outcome under (`_RowFacts.kept`)
        self.token: object | None = None

    # -- reporting ---------------------------------------------------------------------------------
    def report(self, code: str, location: Location, indicator: str | None = None,
               display: dict[str, str] | None = None, **evidence: Any) -> None:
        """The finding; a rule whose message names a column (`Rule.words`) names it by this sheet's word."""
        self.found(code, location, indicator, evidence, display)

    def found(self, code: str, location: Location, indicator: str | None, evidence: dict[str, Any],
              display: dict[str, str] | None = None) -> None:
        """`report`, every argument positional: `evidence` a dict of its own, kept as the finding's."""
        if self.display is not None:  # (a rule without words passes over them)
            display = self.display if display is None else {**self.display, **display}
        sheet = self.sheet
        self.findings.append(_REPORTERS[code](evidence, sheet.label, location, sheet.project_code or None, indicator,
                                              display))

    def number(self, reader, owner, field: str, what: str, indicator: str | None,
               required: bool = False) -> Decimal | None:
        """`owner.field` read by `reader`; an unreadable or missing required value is reported at its cell."""
        text = getattr(owner, field)
        try:
            value = reader(text, what)
        except Unreadable as exc:
            self.report(codes.NUMBER.code, owner.where(field), indicator, field=what, found=text, expected=exc.expected)
            return None
        if value is None and required:
            self.report(codes.MISSING.code, owner.where(field), indicator, field=what)
        return value

    # -- the run -----------------------------------------------------------------------------------
    def run(self) -> SheetAudit:
        sheet = self.sheet
        lean_texts = _LEAN_TEXTS
        if not lean_texts:  # (the general way: every cell looked at, before anything else is reported)
            self.texts()
        rows = sheet.rows
        # (most sheets: the first row's actual says the sheet is filled; `unfilled` looks at every row)
        blank = None if not rows or rows[0].actual.strip() or rows[0].score.strip() else self.unfilled()
        if blank is not None:
            if lean_texts:
                self.texts()
            self.report(codes.UNFILLED.code, sheet.location, None, blank=blank)
            if self.auditor.taxonomy is not None:  # where the rows belong is judged even on an unfilled sheet
                self.lines = [_Line(row, target=_quiet_target(row)) for row in sheet.rows]
                self.names()
            return SheetAudit(sheet, tuple(self.findings), tuple(RowResult(row, None, None) for row in sheet.rows),
                              None, None, None, None)
        facts_list, year, found = self.facts, sheet.year, self.found
        # the name checks (`names`) run on a sheet's rows where any of them may report; whether none can (most
        # sheets) is judged row by row in this pass (`quiet`: no check can report on the rows so far), by the tests
        # `taxonomy.walk`'s table makes before it runs a check (every 一级/二级 name standard, the required 一级指标
        # present, no core rows asked for, no name twice) and those of `sense.quiet_rows` (the row's shape,
        # `sense.row_shape`, then its name, `sense.name_quiet`). What a row gives those checks besides its name (its
        # levels, unit, operator and 不适用 mark: the row as `_indicator` makes it) follows from its facts, so it
        # is worked out once per shape of row (`_name_shape`, kept on the facts: `_RowFacts.named`), with the verdict
        # on the name last judged with that shape. A sheet found not quiet goes to the checks, which decide what is
        # reported
        auditor = self.auditor
        named = auditor.taxonomy is not None
        quiet = named and _LEAN_NAMES
        if quiet:
            held = auditor.name_settings()
            walked = held[7] and not self.is_department  # (a 部门整体 sheet has no 一级/二级 names, as its table)
            if walked and held[4] is not None:  # core rows asked for
                quiet = False
            covered = 0  # the required 一级指标 present, one bit each
            seen: list | None = [] if walked and held[5] else None  # (names gathered where a name twice is reported)
        # one pass over the rows: each row's 分值, 得分, target and actual (what cannot be read reported at its
        # cell), and what the later steps sum or pick out of them, so that none walks the rows again: for
        # `arithmetic`, every printed 分值 summed (`points`, None once one is unknown) and every 得分 (`scored`) with
        # the rounding of those printed with decimals (`halves`), in row order, and the rows whose 得分 is out of
        # range (`ranged`); the rows `quality` and `cost_actual` have something to say of (`marked`); whether any
        # row is not re-scored (`skipped`; the 分值 of those the engine re-scores, `printed`, are then summed after
        # the pass, else they are `points`). A row with none of these to say (`_RowFacts.common`: most) adds its
        # 分值 and 得分 and nothing else
        # The template check (`texts`) takes the texts it scans at once from this pass: the rows' names, actuals and
        # 偏差原因 (`texts`), scanned after it; where the scan finds a character an instruction starts with, the
        # cells are looked at (`template_cells`) and what they report goes before what this pass reported, as
        # `texts` run first reports it
        skipped, points, scored, halves, lean_rows, facts_of = False, _ZERO, _ZERO, _ZERO, _LEAN_ROWS, _FACTS.get
        ranged: list[int] | None = None  # (places of rows)
        marked: list[int] | None = None
        texts: list[str] = []
        for row in rows:
            name, actual = row.name, row.actual
            texts += (name, actual, row.reason)
            key = (row.weight, row.score, row.level1, row.level2, row.target, row.nature, row.unit, actual, year,
                   "" if _KIND_SEARCH(name) is None else _name_kind(name))
            facts = facts_of(key)
            if facts is None:
                facts = _row_facts(key)
            if facts.common and lean_rows:  # (scorable: a 分值; a 得分 in range, without decimals)
                facts_list.append(facts)  # (no line made: `line` makes it where a later step asks)
                if points is not None:
                    points += facts.weight
                if scored is not None:
                    scored += facts.score
            else:  # (no line made here either: the steps below take the row's place, and make its line if they need it)
                position = len(facts_list)
                facts_list.append(facts)
                weight, score = facts.weight, facts.score
                if facts.unscorable:
                    skipped = True
                if weight is None:
                    points = None
                elif points is not None:
                    points += weight
                if score is None:
                    scored = None
                elif scored is not None:
                    scored += score
                    if facts.dotted is not None:
                        halves += facts.dotted
                if facts.ranged:
                    if ranged is None:
                        ranged = []
                    ranged.append(position)
                if facts.quality or facts.cost is not None:
                    if marked is None:
                        marked = []
                    marked.append(position)
                if facts.read:
                    quoted_name = name or row.path
                    for code, field, quoted in facts.read:  # (the evidence shared by every row of these facts)
                        if self.display is not None and "field" in quoted:  # (read once per distinct row: central words)
                            quoted = {**quoted, "field": self.words.get(f"row.{field}", quoted["field"])}
                        found(code, row.where(field), quoted_name, quoted)
            if quiet:
                shape = facts.named
                if shape is None or shape[0] is not held:
                    shape = facts.named = _name_shape(facts, row, held)
                if walked:
                    if shape[1] < 0:
                        quiet = False
                    covered |= shape[1]
                    if seen is not None:
                        seen.append(name)
                tests = shape[2]  # (None: the sense checks pass the row over whatever its name)
                if tests is not None:
                    # (a name ending otherwise repeats no category: with no test of its own, it is quiet)
                    if tests or name[-1:] in _NAME_ENDS:
                        if name != shape[3]:  # `sense.name_quiet`, kept on the shape for the name last judged with it
                            shape[3], shape[4] = name, sense.name_quiet(name, tests)
                        if not shape[4]:
                            quiet = False
        if lean_texts and not self.scan(texts):  # (most sheets: no character an instruction starts with)
            later, self.findings = self.findings, []
            self.template_cells()
            self.findings += later
        self.scored = scored  # (the printed 得分 summed in row order: what `finish` counts where each row counts its own)
        funds = self.block()
        try:  # (`number`, its reading written out: a 总分 that cannot be read or is missing is reported there)
            total = read_points(sheet.total, "总分")
        except Unreadable:
            total = None
        if total is None:
            total = self.number(read_points, sheet, "total", "总分", "总分", required=True)
        self.arithmetic(funds, total, points, scored, halves, ranged)
        if marked is not None:
            spent = self.spent
            for position in marked:  # (most rows have neither: their two calls are skipped)
                facts = facts_list[position]
                if facts.quality:
                    self.quality(position)
                if facts.cost is not None and spent:
                    self.cost_actual(position)
        if named and not (quiet and (not walked or covered == held[3] and (seen is None or
                                                                          len(set(seen)) == len(seen)))):
            self.names()
        if not skipped:
            printed = points  # (every row re-scored: its 分值 summed in the same order)
        else:
            printed = _ZERO
            for facts in facts_list:
                if not facts.unscorable:  # (a scorable row has a 分值)
                    printed += facts.weight
        lean = self.rescore_lean(funds, printed, skipped) if self.auditor.LEAN and not self.restructured else None
        if lean is None:
            execution, row_scores = self.rescore(funds)
            return self.finish(total, funds, execution, row_scores)
        return self.finish(total, funds, *lean)

    def line(self, position: int) -> _Line:
        """The line of the row at `position`, made once (from its facts) where it was not made by `run`'s pass."""
        lines = self.lines
        if lines is not None:
            return lines[position]
        line = self.built.get(position)
        if line is None:
            facts = self.facts[position]
            line = self.built[position] = _line_row(self.sheet.rows[position], facts.weight, facts.score,
                                                    facts.target, facts.actual, facts.value, facts)
        return line

    def all_lines(self) -> list[_Line]:
        """Every row's line, in row order (those made before kept: a step may have set something on them)."""
        lines = self.lines
        if lines is None:
            line = self.line
            lines = self.lines = [line(position) for position in range(len(self.facts))]
        return lines

    def unfilled(self) -> int | None:
        """A sheet whose rows carry neither actuals nor scores is one finding (`sheet.unfilled`, reported by `run`),
        not one per blank cell: its count of blank cells, or None where the sheet is filled."""
        sheet = self.sheet
        rows = sheet.rows
        if not rows:
            return None
        for row in rows:  # (most sheets: the first row's actual)
            if row.actual.strip() or row.score.strip():
                return None
        if sheet.total.strip():
            return None
        blank = sum(1 for row in sheet.rows for value in (row.actual, row.score) if not value.strip()) + 1
        funds = sheet.funds
        if funds is not None:
            blank += sum(1 for value in (funds.spent, funds.rate, funds.score) if not value.strip())
        return blank

    def texts(self) -> None:
        """Template instructions left in any cell the unit writes: most sheets hold none of the characters one
        starts with in any of them, found by one scan of their texts (`scan`); the others are looked at cell by
        cell (`template_cells`). `run` gathers the rows' texts in its pass and scans them there (this: an unfilled
        sheet's, or every cell with `_LEAN_TEXTS` off)."""
        if _LEAN_TEXTS:
            texts: list[str] = []
            for row in self.sheet.rows:
                texts += (row.name, row.actual, row.reason)
            if self.scan(texts):
                return
        self.template_cells()

    def scan(self, texts: list[str]) -> bool:
        """Whether the rows' `texts` (each row's name, actual and 偏差原因, in row order) and the goal's and funds'
        texts hold none of the characters a template instruction starts with: one scan of them all joined by line
        breaks (no start holds one, so none is made across two texts)."""
        sheet = self.sheet
        goal, funds = sheet.goal, sheet.funds
        if goal is not None:
            texts += (goal.expected, goal.achieved)
        if funds is not None:
            texts.append(funds.reason)
        return _NO_TEMPLATE("\n".join(texts)) is None

    def template_cells(self) -> None:
        """`texts` cell by cell: each cell that holds a template instruction is reported."""
        sheet = self.sheet
        cells = []
        words = self.words
        if sheet.goal is not None:
            cells += [(sheet.goal, "expected", "年度总体目标", "预期目标"), (sheet.goal, "achieved", "年度总体目标", "实际完成情况")]
        if sheet.funds is not None:
            cells.append((sheet.funds, "reason", "预算执行率", words["funds.reason"]))
        for row in sheet.rows:
            # most cells repeat across a batch (`达成`, `100%`): look each text up once, build the tuple only for a hit
            # (names mostly differ from row to row: a name with no character a template instruction starts
            # with is passed over with one scan, not kept in the memo)
            if (_NO_TEMPLATE(row.name) is not None and _template_text(row.name)) or _template_text(row.actual) \
                    or _template_text(row.reason):
                cells += [(row, "name", row.name, words["row.name"]), (row, "actual", row.name, words["row.actual"]),
                          (row, "reason", row.name, words["row.reason"])]
        for owner, field, indicator, what in cells:
            found = _template_text(getattr(owner, field))
            if found:
                self.report(codes.TEMPLATE_TEXT.code, owner.where(field), indicator, field=what, found=found)

    def funds_block(self, funds: dict[str, Any]) -> None:
        """年度资金总额 against its 其中 rows; 执行数 within 预算数; a 预算数 of 0 with money spent; an empty 执行率."""
        sheet_funds = self.sheet.funds
        parts = sheet_funds.parts
        words = self.words
        mismatches: dict[tuple, list[tuple[str, str]]] = {}
        for field, term in _FUND_FIELDS if parts else ():  # (a block without 其中 rows has nothing to sum)
            what = words[term]
            amounts = []
            unreadable = False
            for part in parts:
                text = getattr(part, field)
                try:
                    amounts.append((part, read_amount(text, what)))
                except Unreadable as exc:  # reported at its cell; the column's sum is then unknown
                    self.report(codes.NUMBER.code, part.where(field), f"其中 {part.label}", field=what, found=text,
                                expected=exc.expected)
                    unreadable = True
            amounts = [(part, amount) for part, amount in amounts if amount is not None]
            if not amounts or unreadable:
                continue
            summed = sum((a for _, a in amounts), _ZERO)
            listed = "、".join(f"{part.label} {show(a)}" for part, a in amounts)
            total = funds.get(field)
            if not total:
                if summed and not (total is None and getattr(sheet_funds, field).strip()):
                    self.drop_missing(what)
                    self.report(codes.FUNDS_BLANK.code, sheet_funds.where(field), self.words["funds.total"], field=what,
                                total="空" if total is None else "0", parts=listed, sum=summed)
                    funds[field] = summed  # judge the rest of the block on what the parts say
                continue
            slack = amount_half_unit(getattr(sheet_funds, field)) + sum(
                (amount_half_unit(getattr(part, field)) for part, _ in amounts), _ZERO)
            slack = max(slack, self.auditor.tolerance)
            if abs(summed - total) > slack:
                mismatches.setdefault((total, summed, listed, slack), []).append((field, what))
        for (total, summed, listed, slack), fields in mismatches.items():
            # the same gap in several columns (年初预算数 and 全年预算数 both 10 short) is one fact
            self.report(codes.FUNDS_PARTS.code, sheet_funds.where(fields[0][0]), self.words["funds.total"],
                        field="、".join(what for _, what in fields), total=total, parts=listed, sum=summed,
                        difference=summed - total, tolerance=slack)
        for part in parts:
            try:
                budget, spent = read_amount(part.budget, words["funds.budget"]), read_amount(part.spent, words["funds.spent"])
            except Unreadable:  # (reported above, at its cell)
                continue
            if budget is not None and spent is not None and (spent > budget or not _LEAN_SLACK) \
                    and spent > budget + amount_half_unit(part.budget) + amount_half_unit(part.spent):
                self.report(codes.OVERSPENT.code, part.where("spent"), part.label, spent=spent, budget=budget)
            if part.rate:
                self.part_rate(part, budget, spent)
        budget, spent = funds.get("budget"), funds.get("spent")
        if spent and not budget:
            self.drop_missing(words["funds.budget"])
            printed = [words[f"funds.{field}"] for field in ("rate", "score") if getattr(sheet_funds, field).strip()]
            self.report(codes.NO_BUDGET.code, sheet_funds.where("budget"), "预算执行率",
                        budget="空" if budget is None else "0", spent=spent,
                        printed=f"，并写了{'、'.join(printed)}" if printed else "")
        elif budget and spent is not None:
            # (the amounts' rounding, never below 0, asked only of a spending above the budget: `_LEAN_SLACK`)
            if (spent > budget or not _LEAN_SLACK) and \
                    spent > budget + amount_half_unit(sheet_funds.budget) + amount_half_unit(sheet_funds.spent):
                self.report(codes.OVERSPENT.code, sheet_funds.where("spent"), self.words["funds.total"], spent=spent, budget=budget)
            if not sheet_funds.rate.strip():
                self.report(codes.MISSING.code, sheet_funds.where("rate"), "预算执行率", field=words["funds.rate"])
        self.spent = spent

    def part_rate(self, part, budget: Decimal | None, spent: Decimal | None) -> None:
        """A 其中 row's own 执行率 (四川 prints one on each sub-row) against its 执行数 ÷ 预算数, as `rate` checks the
        total's; reported at the row's 执行率 cell, named by its label. The rule set's execution.budget original
        divides by the row's 年初预算数, as for the total."""
        words = self.words
        try:
            stated = read_rate(part.rate, words["funds.rate"])
        except Unreadable as exc:
            self.report(codes.NUMBER.code, part.where("rate"), f"其中 {part.label}", field=words["funds.rate"],
                        found=part.rate, expected=exc.expected)
            return
        field = "budget"
        if self.rules.execution_budget == "original":
            try:
                initial = read_amount(part.initial, words["funds.initial"])
            except Unreadable:  # (reported with the sums, at its cell)
                return
            if initial:
                budget, field = initial, "initial"
        if stated is None or not budget or spent is None:
            return
        computed = spent / budget
        slack = rate_half_unit(part.rate) + _rate_slack(part, spent, budget, field)
        if abs(computed - stated) > slack:
            display = {"stated": part.rate, "computed": percent(computed),
                       "rate_word": f"其中 {part.label} 一行的{words['funds.rate']}"}
            self.report(codes.RATE.code, part.where("rate"), f"其中 {part.label}", display, stated=stated, spent=spent,
                        budget=budget, basis=words[f"funds.{field}"], computed=computed, tolerance=slack)

    def block(self) -> dict[str, Any] | None:
        """The funds block read (`read_funds`) and checked (`funds_block`, and `rate` in `arithmetic`); a block
        that none of them reports on (most) is kept by its six cells' texts under the sheet's rule set (none of them
        reads anything else of a block without 其中 rows where it reports nothing), and a sheet with the same texts
        takes its values (the same objects) and skips the three (`_LEAN_BLOCKS`; `Auditor._blocks`)."""
        funds = self.sheet.funds
        if funds is None:
            return None
        if _LEAN_BLOCKS and self.auditor.LEAN and not funds.parts:
            key = (funds.initial, funds.budget, funds.spent, funds.weight, funds.score, funds.rate)
            blocks = self.auditor._blocks[self.is_department]
            held = blocks.get(key)
            if held is not None:
                self.spent, self.rated, self.kept_block = held[0].get("spent"), True, held
                return held[0]
            findings = self.findings
            count = len(findings)
            read = self.read_funds()
            self.funds_block(read)
            if self.lean_read and self.findings is findings and len(findings) == count:
                self.quiet_block = key  # kept by `arithmetic` when `rate` reports nothing either
            return read
        read = self.read_funds()
        self.funds_block(read)
        return read

    def drop_missing(self, what: str) -> None:
        """Forget a `sheet.missing` of a funds cell that a more precise funds finding explains."""
        self.findings = [f for f in self.findings
                         if not (f.code == codes.MISSING.code and f.evidence.get("field") == what)]

    def read_funds(self) -> dict[str, Any] | None:
        funds = self.sheet.funds
        if funds is None:
            return None
        scored = bool(self.rules.execution_points)
        if _LEAN_FUNDS:  # the six cells read at once; a cell that would be reported sends the block the general way
            try:
                out = {"initial": read_amount(funds.initial, "年初预算数"), "budget": read_amount(funds.budget, "全年预算数"),
                       "spent": read_amount(funds.spent, "全年执行数"), "weight": read_points(funds.weight, "预算执行率分值"),
                       "score": read_points(funds.score, "预算执行率得分"), "rate": read_rate(funds.rate, "执行率")}
                # (the words only name the field in an Unreadable, which sends the block to the general way below)
            except Unreadable:
                pass
            else:
                if not scored or (out["budget"] is not None and out["spent"] is not None and out["score"] is not None):
                    self.lean_read = True
                    return out
        out = {}
        words = self.words
        for field, term in _FUND_FIELDS:
            # required where the rate is scored: a 部门整体 sheet (0 points by default) may leave them blank
            out[field] = self.number(read_amount, funds, field, words[term], "预算执行率",
                                     required=field != "initial" and scored)
        out["weight"] = self.number(read_points, funds, "weight", "预算执行率" + words["funds.weight"], "预算执行率")
        out["score"] = self.number(read_points, funds, "score", "预算执行率" + words["funds.score"], "预算执行率",
                                   required=scored)
        out["rate"] = self.number(read_rate, funds, "rate", words["funds.rate"], "预算执行率")
        return out

    # -- arithmetic --------------------------------------------------------------------------------
    def arithmetic(self, funds: dict[str, Any] | None, total: Decimal | None, indicator_points: Decimal | None,
                   scored: Decimal | None, halves: Decimal, ranged: list[int] | None) -> None:
        """The sheet's sums, from what `run`'s pass over the rows gathered: `indicator_points`, the printed 分值
        summed (None where a row has none); `scored`, the printed 得分 summed (None where a row has none) and
        `halves`, the rounding of those printed with decimals, in row order; `ranged`, the places of the rows whose
        得分 is outside 0 to its 分值 (`_RowFacts.ranged`)."""
        rules, sheet = self.rules, self.sheet
        if ranged is not None:
            rows, facts = sheet.rows, self.facts
            for position in ranged:  # (the evidence judged once per distinct row, shared: `_RowFacts.ranged`)
                row = rows[position]
                self.found(_SCORE_RANGE, row.where("score"), row.name, facts[position].ranged)
        if _LEAN_SUMS:
            # the checks below but `rate` (points, 总分的分值, the 预算执行率 得分's range, 总分 and 自评等级) read nothing
            # else of the sheet than these: where they reported nothing (most sheets) the verdict is kept by them
            sheet_funds = sheet.funds
            key = (sheet.total, sheet.total_weight, sheet.grade, indicator_points, scored, halves, not self.facts,
                   None if sheet_funds is None else sheet_funds.weight,
                   None if sheet_funds is None else sheet_funds.score)
            sums = self.auditor._sums[self.is_department]
            held = sums.get(key)
            if held is not None:
                self.restructured, self.claimed_grade = held
                if funds is not None and not self.rated:
                    self.rate_kept(funds)
                return
            findings = self.findings
            count = len(findings)
        weighed = indicator_points is not None
        _, rules_indicators, rules_execution, rules_total = _points_of(rules)
        execution_points = (funds or {}).get("weight")
        if execution_points is None and funds is not None and funds.get("score") is not None:
            execution_points = rules_execution
        execution_points = execution_points if execution_points is not None else _ZERO
        if weighed and self.facts:
            printed = indicator_points + execution_points
            self.restructured = indicator_points != rules_indicators or execution_points != rules_execution
            if printed != rules_total:
                self.report(codes.POINTS_TOTAL.code, sheet.location, None, indicators=indicator_points,
                            execution=execution_points, total=printed, expected=rules_total, rules=rules.name)
            elif indicator_points != rules_indicators:
                self.report(codes.POINTS_SPLIT.code, sheet.location, None, indicators=indicator_points,
                            execution=execution_points, expected_indicators=rules_indicators,
                            expected_execution=rules_execution, rules=rules.name)
            try:  # (`number`, its reading written out: a 分值 that cannot be read is reported there)
                stated = read_points(sheet.total_weight, "总分的分值")
            except Unreadable:
                stated = self.number(read_points, sheet, "total_weight", "总分的分值", "总分")
            if stated is not None and stated != printed:
                self.report(codes.STATED_POINTS.code, sheet.where("total_weight"), "总分", stated=stated, total=printed)
        if _LEAN_SUMS:
            quiet = self.findings is findings and len(findings) == count
        if funds is not None:
            if not self.rated:
                self.rate_kept(funds)
            if _LEAN_SUMS:
                findings = self.findings
                count = len(findings)
            score = funds.get("score")
            weight = funds.get("weight")
            if score is not None and weight is not None and not _ZERO <= score <= weight:
                display = {"score_word": self.words["funds.score"], "weight_word": self.words["funds.weight"]}
                self.report(codes.SCORE_RANGE.code, sheet.funds.where("score"), "预算执行率", display, score=score,
                            weight=weight)
        if total is not None:
            if scored is not None and funds is not None and funds.get("score") is not None:
                scored += funds["score"]
                if "." in sheet.funds.score:
                    halves += half_unit(sheet.funds.score)
            if scored is not None:
                summed = scored
                slack = half_unit(sheet.total) if "." in sheet.total else _ZERO
                slack += halves
                slack = max(slack, self.auditor.tolerance)
                if abs(summed - total) > slack:
                    self.report(codes.TOTAL.code, sheet.where("total"), "总分", stated=total, sum=summed,
                                difference=summed - total, tolerance=slack)
            if sheet.grade:
                expected = rules.grade(total)
                if normal_grade(sheet.grade) != expected:
                    self.report(codes.GRADE.code, sheet.where("grade"), "自评等级", total=total, expected=expected,
                                stated=sheet.grade)
        if _LEAN_SUMS and quiet and self.findings is findings and len(findings) == count:
            if len(sums) >= 1 << 14:
                sums.clear()
            grade = self.claimed_grade = self.claimed_grade_of(total)
            sums[key] = (self.restructured, grade)

    def rate_kept(self, funds: dict[str, Any]) -> None:
        """`rate`; a block that reported nothing in `block` nor here is kept by its texts (`Auditor._blocks`)."""
        findings = self.findings
        count = len(findings)
        self.rate(funds)
        if self.quiet_block is not None and self.findings is findings and len(findings) == count:
            blocks = self.auditor._blocks[self.is_department]
            if len(blocks) >= 1 << 14:
                blocks.clear()
            blocks[self.quiet_block] = self.kept_block = [funds, None, None, None, None, False]

    def claimed_grade_of(self, total: Decimal | None) -> str | None:
        """The sheet's 自评等级 as the unit wrote it (`normal_grade`), or that of its 总分 where it wrote none."""
        grade = self.sheet.grade
        return normal_grade(grade) if grade else (self.rules.grade(total) if total is not None else None)

    def rate(self, funds: dict[str, Any]) -> None:
        stated, budget, spent = funds.get("rate"), funds.get("budget"), funds.get("spent")
        field, term = "budget", "funds.budget"
        if self.rules.execution_budget == "original" and funds.get("initial"):
            # the rule set divides by the budget before adjustment, as the re-scoring does
            budget, field, term = funds["initial"], "initial", "funds.initial"
        if stated is None or not budget or spent is None:
            return
        sheet_funds = self.sheet.funds
        computed = spent / budget
        difference, half = abs(computed - stated), rate_half_unit(sheet_funds.rate)
        if _LEAN_SLACK and difference <= half and budget > 0 and spent >= 0:
            # within the printed rate's own rounding (most blocks): the slack, that and the amounts' share
            # (`_rate_slack`, never below 0 for a budget above 0 and a spending of at least 0), is no smaller
            return
        slack = half + _rate_slack(sheet_funds, spent, budget, field)
        if difference > slack:
            self.report(codes.RATE.code, sheet_funds.where("rate"), "预算执行率",
                        display={"stated": sheet_funds.rate, "computed": percent(computed)},
                        stated=stated, spent=spent, budget=budget, basis=self.words[term], computed=computed,
                        tolerance=slack)

    # -- data quality ------------------------------------------------------------------------------
    def quality(self, position: int) -> None:
        """What the cells of the row at `position` say about its quality (judged once per distinct row:
        `_RowFacts.quality`)."""
        row = self.sheet.rows[position]
        found, name = self.found, row.name
        for code, field, quoted, display in self.facts[position].quality:  # (the evidence shared by every row of
            found(code, row.where(field), name, quoted, display)             # these facts)

    def cost_actual(self, position: int) -> None:
        """A cost row (at `position`) whose actual is 0 or under half its target (`_cost`) while the project's money
        was spent: for money, also far under what was spent (a cost in line with the spending is no contradiction)."""
        facts = self.facts[position]
        cost = facts.cost
        if cost is None or not self.spent:
            return
        row = self.sheet.rows[position]
        if cost is _NOT_MONEY:
            far_below = True  # (under half its target)
        elif self.is_department:
            far_below = False  # one cost line of a whole department's spending: only a cost of 0 contradicts it
        else:
            # money against money: an actual cost in line with what was spent is no contradiction,
            # however far under its cap (spent 11 万元, cost 11 万元 against ≤ 50 万元 is consistent)
            numerator, denominator = cost  # twice the value in 万元 under what was spent (exact, in integers)
            spent_numerator, spent_denominator = self.spent.as_integer_ratio()
            far_below = numerator * spent_denominator < spent_numerator * denominator
        if facts.value == 0 or far_below:
            self.line(position).contradicted = True  # one finding: not also "大幅超额未说明原因"
            self.report(codes.COST_VS_FUNDS.code, row.where("actual"), row.name, actual=row.actual,
                        target=row.target + (row.unit if row.unit and row.unit not in row.target else ""),
                        spent=self.spent)

    def names(self) -> None:
        """The validation rule set's taxonomy checks, run on the rows as a target table (`run` calls it where its pass
        over the rows did not find that no check can report: most sheets are not checked)."""
        sheet = self.sheet
        auditor = self.auditor
        context, walk, quiet_rows = auditor.names()  # the checks of one table, as validate runs them on a document's
        walked = walk is not None and not self.is_department  # a 部门整体 sheet has no 一级/二级 names, as its table
        indicators = [_indicator(line) for line in self.all_lines()]
        goal = sheet.goal.expected if sheet.goal is not None else ""
        table = _table(sheet.label, sheet.project_code, sheet.project_name, indicators, goal, sheet.location)
        context.findings = self.findings
        try:
            if walked:
                walk.table(table)
            if auditor.check_sense:
                sense.check_rows(table, context, quiet_rows)
        finally:
            context.findings = []

    # -- re-scoring --------------------------------------------------------------------------------
    def rescore(self, funds: dict[str, Any] | None) -> tuple[Any, list]:
        """Score the readable rows and the funds with the engine: (its ExecutionScore or None, the engine's row of
        each line, None where the line is not re-scored)."""
        sheet = self.sheet
        code = sheet.project_code or "自评表"
        indicators: list[Indicator] = []
        actuals: list[Actual] = []
        used: list[_Line] = []
        positions: list[int] = []  # each used line's place among the lines
        seen: dict[str, int] = {}
        printed = _ZERO  # the 分值 of the rows scored
        lines = self.all_lines()
        row_scores: list = [None] * len(lines)
        for position, line in enumerate(lines):
            row = line.row
            why = line.facts.unscorable
            if why:
                self.report(codes.SKIPPED.code, row.where("score"), row.name, why=why)
                continue
            target = line.target
            name = row.name or "（未命名）"
            count = seen.get(name, 0)
            seen[name] = count + 1
            if count:
                name = f"{name}（{count + 1}）"
            indicators.append((line.indicator or _indicator(line)) if name == row.name else
                              Indicator(name, target.operator, target.value, target.unit, line.weight,
                                        row.level1 or None, row.level2 or None,
                                        text_value=target.text_value, location=row.location))
            printed += line.weight  # (a scorable row has one)
            actuals.append(self.actual(line, code, name))
            used.append(line)
            positions.append(position)
        rules = self.auditor.rules_for(None if funds is None else funds.get("weight"), printed, self.rules)
        funds_row = _funds_row(funds, rules, code)
        project_funds = [funds_row] if funds_row is not None else []
        table = _table(sheet.label, code, sheet.project_name, indicators, "", sheet.location)
        # the rows and their actuals are paired by position: scored without the batch's matching and setup
        auditor = self.auditor
        auditor.lean_cases(rules)[3] += len(used)  # (the cases offered to the engine's memo: `rescore_lean`)
        try:
            project = score_paired(table, actuals, funds_row, rules, auditor.plan(rules),
                                   targets_file=sheet.location.file, memo=auditor.memo(rules))
        except InputError:
            return self.rescore_each(table, actuals, project_funds, rules, used, positions, row_scores), row_scores
        for position, row_score in zip(positions, project.indicators):
            row_scores[position] = row_score
        if self.restructured and len(used) == len(lines) and (project_funds or not self.rules.execution_points):
            try:
                proper = score_paired(table, actuals, funds_row, self.rules, auditor.plan(self.rules),
                                      targets_file=sheet.location.file, memo=auditor.memo(self.rules))
                self.proper_total = proper.total
            except InputError:
                pass
        return project.execution, row_scores

    def actual(self, line: _Line, code: str, name: str) -> Actual:
        """A scorable row's actual as the engine takes it, paired with the row's indicator named `name`."""
        row, target, actual = line.row, line.target, line.actual
        # (Actual's fields in order: project_code, indicator, value, unit, band, share, not_applicable, reason,
        # text, level2, location)
        if actual.not_applicable:
            return _actual_row(code, name, None, None, None, None, True, row.reason, actual.text, None, NOWHERE)
        if target.operator is not _QUALITATIVE:  # (Operator.quantitative without its call)
            return _actual_row(code, name, line.value, target.unit, None, None, False, row.reason, actual.text,
                               None, NOWHERE)
        return _actual_row(code, name, None, None, actual.band, self.share(line), False, row.reason, actual.text,
                           None, NOWHERE)

    def rescore_lean(self, funds: dict[str, Any] | None, printed: Decimal, skipped: bool):
        """`rescore` of a sheet scored as printed (not `restructured`), in fewer steps: each row whose case (the
        engine's: operator, target, value and 分值; band, share and 分值 for a 定性 row) was met before under
        the sheet's rule set takes the engine's row of it (`Auditor.lean_cases`); the others and the 预算执行率
        are scored by the engine from their cases (`score_cases`), or as a table of their own where one is 定性 or
        the engine reports a problem (`score_rows_lean`: the rows of a table scored as printed do not depend on
        each other, its factor is 1). Returns (execution, each line's row) as `rescore`
        does, and what of `finish`'s work on the rows was done here (`finish`'s `done`), or None, having reported
        nothing, where the engine must see the sheet whole: a row 不适用, a
        problem the engine would raise. A total near a grade's minimum, which the engine scores again in Fractions,
        takes the engine's rows and 预算执行率 of that pass (`score_rows_lean(exact=True)`; `_LEAN_NEAR`).
        `printed`: the 分值 of the scorable rows summed in order (as `rescore` sums them); `skipped`: whether any
        row is not scorable."""
        sheet, facts_list, auditor = self.sheet, self.facts, self.auditor
        held = auditor.lean_for(None if funds is None else funds.get("weight"), printed, self.rules)
        rules, cases = held[0], held[2]
        row_scores: list = []  # the engine's row of each line (None: not re-scored), as `rescore` gives them
        # `finish`'s work done here: a row met before with its case (its outcome kept on its facts, `_RowFacts.kept`)
        # that `compare` has nothing to say of (not asked, no 偏差原因: most rows) takes its RowResult and the score
        # it counts now; the others are left to `finish` (`pending`: each line's place and its kept outcome,
        # `_RowFacts.kept`, or None)
        results: list = []
        claims: list = []
        pending: list = []
        new: list[int] | None = None  # the places of the lines whose cases were not met before
        keys: list[tuple] = []  # and their cases, in order
        plain = True  # whether every new case is quantitative (`score_cases` takes them)
        add, total = _EXACT.add, _ZERO  # the rows met before summed here (exact: in any order), the others below
        token, row_result = held[9], _row_result
        own = True  # whether every row so far counts its own 得分 (`finish`)
        for row, facts in zip(sheet.rows, facts_list):  # (a line's values read are its facts': no line made)
            # a row met before under this rule set: its case and what finish takes of it, kept by `finish`
            kept = facts.kept
            if kept is not None and kept[0] is not token:  # (the outcome kept before under these cases, if any)
                other = facts.other
                if other is not None and other[0] is token:
                    facts.kept, facts.other = kept, other = other, kept
                else:
                    kept = None
            if kept is not None:
                _, row_score, score, asked, rescored, tolerance, claimed, _ = kept
                if score is not None:
                    total = add(total, score)
                if asked or row.reason:  # (`finish` compares)
                    pending.append((len(row_scores), kept))
                    results.append(None)
                    claims.append(None)
                else:
                    results.append(row_result(row, facts.score, rescored, tolerance))
                    claims.append(claimed)
                    if claimed is not facts.score:
                        own = False
                row_scores.append(row_score)
                continue
            pending.append((len(row_scores), None))
            results.append(None)
            claims.append(None)
            key = facts.case
            if key is None:
                if facts.unscorable:
                    row_scores.append(None)
                    continue
                if facts.actual.not_applicable:
                    return None
                key = (None, facts.actual.band._value_, self.share(facts), facts.weight)  # (a 定性 row)
            row_score = cases.get(key)
            if row_score is None:
                if new is None:
                    new = []
                new.append(len(row_scores))
                keys.append(key)
                if key[0] is None:
                    plain = False
            elif row_score.score is not None:
                total = add(total, row_score.score)
            row_scores.append(row_score)
        code = sheet.project_code or "自评表"
        # the 预算执行率 of funds met before under `rules` is the engine's of them then (kept by the terms of the
        # engine's funds, `_funds_terms`: the same Decimal objects, as read_amount keeps each text's, for 524 and
        # 524.0 divide to rates written apart); the engine's funds are made only where it scores them
        # (a block kept by its texts, `block`, holds its funds' terms and what was known of them under the cases it
        # was last met with: the same funds, so the same terms and 预算执行率, without working out its terms again;
        # such a block's terms are not looked up by their values, which rarely meet another block's)
        executions, kept_block, stored = held[6], self.kept_block, None
        if kept_block is not None and kept_block[3] is held:
            paid, known = stored = kept_block[4]
        else:
            paid = _funds_terms(funds, held[4][None].execution_points)
            known = None
            if paid is not None and kept_block is None:
                known = executions.get(paid)
                if known is not None and not (known[0] is paid[0] and known[1] is paid[1] and known[2] is paid[2]):
                    known = None
        if new is None and known is not None:  # every row and the 预算执行率 met before: nothing for the engine
            # (else the engine scores the new rows, and the 预算执行率 only where it is not known)
            execution = known[3]
        else:
            unpaid = None if paid is None or known is not None else make_project_funds(code, *paid)
            # new quantitative cases are scored by the engine from the cases alone (`score_cases`: the same steps
            # as for a table of them): each case's (weight, score, status, flags); a 定性 case, or a case or
            # 预算执行率 the engine would report a problem of, makes the table of the new rows (its own texts are
            # read by the engine for its problems only, which leave the sheet to `rescore`)
            result = score_cases(keys, unpaid, held[4], held[5], execution=known is None) \
                if plain and _LEAN_CASES else None
            if result is not None:
                found, execution = result
            else:
                table, actuals = self.table_of(new or (), code)
                result = score_rows_lean(table, actuals, unpaid, rules, held[4], targets_file=sheet.location.file,
                                         memo=held[5], execution=known is None)
                if result is None or result[2]:
                    return None
                found = [(row.weight, row.score, row.status, row.flags) for row in result[0]]
                execution = result[1]
            if known is not None:
                execution = known[3]
            elif paid is not None and execution is not None:
                known = (*paid, execution)
                if kept_block is None:
                    if len(executions) >= 1 << 14:
                        executions.clear()
                    executions[paid] = known
            if new is not None:
                held[3] += len(new)  # the cases offered to the engine's memo under `rules`
                # the engine's memo of cases has kept every case offered to it (when full, it takes no more and works
                # each out again, in the row's own numbers): so are they kept here, and the line takes its case kept,
                # as a line met later will (so `finish` keeps its outcome now); else the row is the sheet's own
                keep = held[3] <= MEMO_SIZE
                made = _Case if keep else _Row
                for position, key, (weight, score, _, flags) in zip(new, keys, found):
                    if score is not None:
                        total = add(total, score)
                    row_scores[position] = row_score = _new_tuple(made, (weight, score, flags))  # (made(...))
                    if keep:
                        cases[key] = row_score
        if kept_block is not None and (stored is None or stored[1] is not known):
            kept_block[3], kept_block[4] = held, (paid, known)
        if execution is not None:
            total = add(total, execution.score)  # the engine's total (the sum is exact)
        # near a grade's minimum the engine scores the sheet's rows and 预算执行率 again in Fractions (its own test,
        # `scored_again`, on the total it rounds): so are they here; a total only near enough for `_near` keeps the
        # rows of the pass in Decimals, as the engine does
        if _near(total, held[1]) and (not _LEAN_NEAR or scored_again(total, execution, held[4])):
            if not _LEAN_NEAR:
                return None
            # a case's row (and the funds' 预算执行率) in Fractions depends on its values alone (the factor is 1; 524
            # and 524.0 are one Fraction): each worked out by the engine once, kept under `rules`
            exact_rows, exact_executions = held[7], held[8]
            row_scores, new, scorable, plain = [], [], 0, True
            for facts in facts_list:
                if facts.unscorable:
                    row_scores.append(None)
                    continue
                scorable += 1
                key = facts.case
                if key is None:
                    key = (None, facts.actual.band._value_, self.share(facts), facts.weight)  # (a 定性 row)
                row_score = exact_rows.get(key)
                if row_score is None:
                    new.append((len(row_scores), key))
                    if key[0] is None:
                        plain = False
                row_scores.append(row_score)
            execution = None if paid is None else exact_executions.get(paid)
            if new or paid is not None and execution is None:
                unpaid = None if paid is None or execution is not None else make_project_funds(code, *paid)
                # new quantitative cases are scored by the engine from the cases alone, in Fractions (`score_cases`
                # with `exact`: `score_rows_lean(exact=True)`'s steps, under the same memo keys); a 定性 case, or a
                # case or 预算执行率 the engine would report a problem of, makes the table of the new rows
                result = score_cases([key for _, key in new], unpaid, held[4], held[5], execution=execution is None,
                                     exact=True) if plain and _LEAN_EXACT_CASES else None
                if result is not None:
                    found = result[0]
                else:
                    table, actuals = self.table_of([position for position, _ in new], code)
                    result = score_rows_lean(table, actuals, unpaid, rules, held[4], targets_file=sheet.location.file,
                                             memo=held[5], exact=True, execution=execution is None)
                    if result is None or result[2]:
                        return None
                    found = [(row.weight, row.score, row.status, row.flags) for row in result[0]]
                if len(exact_rows) >= 1 << 14:
                    exact_rows.clear()
                for (position, key), (weight, score, _, flags) in zip(new, found):
                    row_scores[position] = exact_rows[key] = _Case(weight, score, flags)
                if execution is None and paid is not None:
                    execution = result[1]
                    if execution is not None:
                        if len(exact_executions) >= 1 << 14:
                            exact_executions.clear()
                        exact_executions[paid] = execution
            held[3] += scorable  # (as `rescore` offers them)
            token = None  # (`finish` works out every row and keeps no outcome of them, as after `rescore`)
        if skipped:
            report = self.report
            for row, facts in zip(sheet.rows, facts_list):
                why = facts.unscorable
                if why:
                    report(codes.SKIPPED.code, row.where("score"), row.name, why=why)
        self.token = token
        return execution, row_scores, None if token is None else (results, claims, pending, own)

    def table_of(self, positions, code: str) -> tuple[TargetTable, list]:
        """The table of the rows at `positions` and their actuals, for the engine to score where their cases alone
        cannot be (a 定性 case, or one it reports a problem of): each row's line, Indicator and Actual made here."""
        sheet = self.sheet
        indicators, actuals = [], []
        for position in positions:
            line = self.line(position)
            indicator = line.indicator or _indicator(line)
            indicators.append(indicator)
            actuals.append(self.actual(line, code, indicator.name))
        table = _table(sheet.label, code, sheet.project_name, indicators, "", sheet.location) if indicators \
            else _NO_ROWS
        return table, actuals

    def finish(self, total: Decimal | None, funds: dict[str, Any] | None, execution, row_scores: list,
               done: tuple | None = None) -> SheetAudit:
        """The rest of `run` after the re-score, in one loop over the lines: each line's re-score from the engine's
        row of it (`row_scores`, None where the line is not re-scored), its tolerance and the score a re-scored
        total counts (`_outcome`: worked out here once per distinct row and case met before, and kept on the row's
        facts for `rescore_lean`: `_RowFacts.kept`), compared (`compare`), and its result; then the 预算执行率 and
        the totals: claimed against re-scored total and grade (differences within tolerance do not move the total).
        `done`, from `rescore_lean`: (each line's RowResult, None where it is left here; the score each line counts,
        likewise; the place of each line left here with its kept outcome or None; whether each line it worked out
        counts its own 得分), else every line is worked out. Where every line counts its own 得分 (the same object: most
        sheets), their sum is the one `run` made of them in the same order (`self.scored`), not made again."""
        if done is None:
            count = len(self.facts)
            results: list = [None] * count
            claims: list = [None] * count
            pending: Any = zip(range(count), repeat(None))
            own = True
        else:
            results, claims, pending, own = done
        unscored_rows: list[str] = []
        if pending:  # (a sheet whose rows were all settled by `rescore_lean` skips what they would need)
            auditor = self.auditor
            least, always, rules, band_ranges = auditor.tolerance, not auditor.LEAN, self.rules, auditor.band_range
            # the token of the cases the lean re-score looked the rows' cases up in: a line's outcome is kept on its
            # facts where its row is a case met before (`rescore_lean`: `self.token`)
            token = self.token if _LEAN_OUTCOMES else None
            # (a line's values read are its facts': the line itself is made only for `compare`)
            rows, facts_list = self.sheet.rows, self.facts
            for position, kept in pending:
                facts = facts_list[position]
                row_score = row_scores[position]
                row = rows[position]
                if row_score is not None:
                    if kept is None:
                        rescored, band_range, tolerance, _, asked, claimed = \
                            _outcome(facts, row_score, rules, least, band_ranges)
                        if token is not None and row_score.__class__ is _Case:  # (the engine's own rows: each sheet's)
                            before = facts.kept
                            if before is not None and before[0] is not token:  # (kept under other cases: kept too)
                                facts.other = before
                            facts.kept = (token, row_score, row_score.score, asked, rescored, tolerance, claimed,
                                          band_range)
                    else:
                        _, _, _, asked, rescored, tolerance, claimed, band_range = kept
                    # compare says nothing of a line with no 偏差原因 that `_outcome` does not ask about: not asked
                    # (with LEAN)
                    if asked or row.reason or always:
                        line = self.line(position)
                        line.scorable, line.flags, line.rescored, line.band_range = True, row_score.flags, rescored, \
                            band_range
                        line.tolerance = tolerance
                        self.compare(line, tolerance)
                    results[position] = _row_result(row, facts.score, rescored, tolerance)
                else:
                    rounding, claimed = facts.rounding, facts.score
                    results[position] = _row_result(row, claimed, None, least if not rounding > least else rounding)
                    unscored_rows.append(row.name or row.path)
                claims[position] = claimed
                if claimed is not facts.score:
                    own = False
        if own and _LEAN_COUNTED:
            counted = self.scored  # (each line's own 得分, summed by `run` in row order from 0: the same sum)
        else:
            try:  # (summed in row order, each line's score added in turn)
                counted = sum(claims, _ZERO)
            except TypeError:  # (a score unknown: None)
                counted = None
        exec_claimed, exec_rescored, exec_tolerance, executed = self.compare_execution(funds, execution)
        return self.graded(total, results, unscored_rows, counted, exec_claimed, exec_rescored, exec_tolerance,
                           executed)

    def share(self, line: "_Line | _RowFacts") -> Decimal:
        """The share of the weight a qualitative row is scored at: the unit's own where its band allows it. `line`:
        the row's line or its facts (what it reads, 得分, 分值 and actual, a line takes from its facts)."""
        band = self.rules.bands[line.actual.band]
        if line.score is not None and line.weight:
            claimed = line.score / line.weight
            if band.contains(claimed):
                return claimed
        return band.default if band.default is not None else band.low

    def rescore_each(self, table, actuals, project_funds, rules, used, positions, row_scores):
        """The engine refused the sheet as a whole: score row by row to report only the rows it refuses (the others'
        rows into `row_scores` at their `positions`); returns the ExecutionScore (or None)."""
        for indicator, actual, line, position in zip(table.indicators, actuals, used, positions):
            single = attrs.evolve(table, indicators=[indicator])
            try:
                result = score([single], Actuals([actual]), rules.with_points(execution=_ZERO))
            except InputError as exc:
                why = "；".join(p.expected if isinstance(p, Problem) else str(p) for p in exc.problems)
                self.report(codes.SKIPPED.code, line.row.where("score"), line.row.name, why=why)
                continue
            row_scores[position] = result.projects[0].indicators[0]
        if not project_funds:
            return None
        try:
            return score([attrs.evolve(table, indicators=[])], Actuals([], project_funds), rules).projects[0].execution
        except InputError as exc:
            why = "；".join(p.expected if isinstance(p, Problem) else str(p) for p in exc.problems)
            self.report(codes.SKIPPED.code, self.sheet.funds.where("score"), "预算执行率", why=why)
            return None

    def compare(self, line: _Line, tolerance: Decimal) -> None:
        """A scored line's 得分 against its re-score (beyond `tolerance`), and the 偏差原因 it needs."""
        row = line.row
        reason = row.reason
        empty = _placeholder_reason(reason, row.name) if reason else None
        explained = bool(reason) and empty is None
        score, rescored = line.score, line.rescored
        if score is not None and rescored is not None:
            difference = score - rescored
            if difference > tolerance:
                self.found(_OVER, row.where("score"), row.name, self.rescored_evidence(line, difference, tolerance))
            elif -difference > tolerance and not explained:
                if empty:
                    self.placeholder(row, "得分被扣", empty)
                    return
                self.found(_UNDER, row.where("score"), row.name, self.rescored_evidence(line, -difference, tolerance))
        if explained:
            return
        flags = line.flags
        unmet = "unmet" in flags or (line.band_range is not None and line.actual.band is not Band.ACHIEVED)
        if unmet and empty:
            self.placeholder(row, "指标未完成", empty)
        elif unmet:  # (its evidence the row's texts alone: one dict for the rows of its facts, `_RowFacts.said`)
            facts = line.facts
            said = facts.said
            if said is None:
                said = facts.said = [None, None, None]
            evidence = said[2]
            if evidence is None:
                evidence = said[2] = {"target": _target_text(row), "actual": row.actual}
            self.found(_EXPLAIN_UNMET, row.where("reason"), row.name, evidence)
        elif line.contradicted:
            return
        elif "over_achieved" in flags and line.target.value and empty:
            self.placeholder(row, "大幅超额完成", empty)
        elif "over_achieved" in flags and line.target.value:
            excess = (line.value - line.target.value) / abs(line.target.value)
            if line.target.operator.upper_bound:
                excess = -excess
            self.found(_EXPLAIN_OVER, row.where("reason"), row.name,
                       {"actual": row.actual, "target": _target_text(row), "excess": excess,
                        "threshold": self.rules.over_threshold, "rules": self.rules.name},
                       {"excess": _percent(excess), "threshold": _percent(self.rules.over_threshold)})

    def rescored_evidence(self, line: _Line, difference: Decimal, tolerance: Decimal) -> dict[str, Any]:
        """The evidence of a line's rescore.over or rescore.under (`difference`: how far its 得分 is off, as the finding
        says it); one dict for every row of its facts while their outcome is the one kept on them under this sheet's
        cases (`_RowFacts.kept`, `self.token`: what it says follows from the facts and that outcome alone), kept in
        `_RowFacts.said`."""
        facts = line.facts
        kept = facts.kept
        shared = kept is not None and kept[0] is self.token
        said = facts.said
        if shared and said is not None and said[0] is kept:
            return said[1]
        row = line.row
        evidence = {"claimed": line.score, "rescored": line.rescored, "difference": difference, "tolerance": tolerance,
                    "target": _target_text(row), "actual": row.actual, "rules": self.rules.name}
        if shared:
            if said is None:
                facts.said = [kept, evidence, None]
            else:
                said[0], said[1] = kept, evidence
        return evidence

    def placeholder(self, row: Row, need: str, why: str) -> None:
        """A 偏差原因 that explains nothing where one is needed; a template left as the only text is this one fact."""
        if why == judgement.TEMPLATE_REASON:
            self.findings = [f for f in self.findings
                             if not (f.code == codes.TEMPLATE_TEXT.code and f.location == row.where("reason"))]
        self.found(_PLACEHOLDER, row.where("reason"), row.name, {"need": need, "found": row.reason, "why": why})

    def compare_execution(self, funds, execution) -> tuple[Decimal | None, Decimal | None, Decimal, Decimal | None]:
        """The 预算执行率's 得分 against its re-score (beyond a tolerance of the printed 得分's rounding and the rate's),
        and the 偏差原因 a low rate needs: (claimed, re-scored, tolerance, the score a re-scored total counts: the 得分
        where within the tolerance of the re-score, else the re-score, from the comparison made here)."""
        if funds is None:
            return None, None, _ZERO, None
        claimed = funds.get("score")
        if execution is None:
            return claimed, None, _ZERO, claimed
        sheet_funds = self.sheet.funds
        rescored = execution.score
        slack = _ZERO
        counted = rescored  # (the re-score where the 得分 is unknown or off it)
        if claimed is not None:
            # (a block kept by its texts: its tolerance under the execution met last, and whether its 得分 is off it:
            # the same 得分, the same re-score)
            kept = self.kept_block
            if kept is not None and kept[1] is execution:
                slack, off = kept[2], kept[5]
            else:
                slack = max(self.auditor.tolerance, half_unit(sheet_funds.score))
                if execution.rate < 1:
                    slack += execution.weight * _rate_slack(sheet_funds, funds["spent"], funds["budget"])
                off = abs(claimed - rescored) > slack
                if kept is not None:
                    kept[1], kept[2], kept[5] = execution, slack, off
            if off:
                self.found(_EXECUTION, sheet_funds.where("score"), "预算执行率",
                           {"claimed": claimed, "rescored": rescored, "rate": execution.rate,
                            "difference": claimed - rescored, "tolerance": slack, "rules": self.rules.name},
                           {"rate": _percent(execution.rate)})
            else:
                counted = claimed
        if not execution.flag:
            return claimed, rescored, slack, counted
        reason = sheet_funds.reason
        empty = _placeholder_reason(reason) if reason else None
        if empty:
            self.found(_PLACEHOLDER, sheet_funds.where("reason"), "预算执行率",
                       {"need": f"执行率 {_percent(execution.rate)} 偏低", "found": reason, "why": empty},
                       {"reason_word": self.words["funds.reason"]})
        elif not reason:
            threshold = self.rules.execution_threshold
            self.found(_EXPLAIN_EXECUTION, sheet_funds.where("rate"), "预算执行率",
                       {"rate": execution.rate, "threshold": threshold},
                       {"rate": _percent(execution.rate), "threshold": _percent(threshold)})
        return claimed, rescored, slack, counted

    def graded(self, total: Decimal | None, results: list[RowResult], unscored_rows: list[str],
               counted: Decimal | None, exec_claimed, exec_rescored, exec_tolerance: Decimal,
               executed: Decimal | None) -> SheetAudit:
        """The sheet's audit from its rows' results and the sum of the scores they count (None once one is
        unknown): the 预算执行率 counted in (`executed`, from `compare_execution`), the re-scored total and grade
        against the claimed ones."""
        rules = self.rules
        claimed_grade = self.claimed_grade
        if claimed_grade is _UNSET:
            claimed_grade = self.claimed_grade_of(total)
        rescored_total = None
        any_parts = bool(self.facts)
        if self.sheet.funds is not None and (exec_claimed is not None or exec_rescored is not None):
            any_parts = True
            counted = None if executed is None or counted is None else counted + executed
        unscored = tuple(unscored_rows)
        if unscored:
            pass  # a total that mixes re-scored rows with claimed ones would look re-scored and is not
        elif self.proper_total is not None:
            rescored_total = self.proper_total
        elif any_parts and counted is not None:
            rescored_total = counted
        rescored_grade = rules.grade(rescored_total) if rescored_total is not None else None
        if rescored_grade is not None and claimed_grade is not None and rescored_grade != claimed_grade \
                and claimed_grade in _grade_names(rules):
            self.report(codes.REGRADE.code, self.sheet.where("total"), "总分", claimed=total if total is not None else "—",
                        claimed_grade=claimed_grade, rescored=rescored_total, rescored_grade=rescored_grade,
                        rules=rules.name)
        return _sheet_audit(self.sheet, tuple(self.findings), tuple(results), total, claimed_grade, rescored_total,
                            rescored_grade, exec_claimed, exec_rescored, exec_tolerance, unscored)


# The judgement helpers are pure functions of the cell texts, which repeat across a batch: looked up once each.
_template_text = lru_cache(maxsize=1 << 16)(judgement.template_text)
_placeholder_reason = lru_cache(maxsize=1 << 16)(judgement.placeholder_reason)
#: `percent` of a rate a comparison's message quotes (thresholds and 预算执行率, which repeat across a batch)
_percent = lru_cache(maxsize=1 << 12, typed=True)(percent)
_starts = judgement.template_starts()
#: None when a text holds no template instruction for sure (no character one starts with); else ask `_template_text`
_NO_TEMPLATE = _starts.search if _starts is not None else (lambda text: text)


#: `_Run.texts` scans a sheet's texts at once before it looks at each cell (tests turn it off to compare)
_LEAN_TEXTS = True
#: `_Run.finish` takes the printed 得分 `run` summed where every row counts its own (tests turn it off to compare)
_LEAN_COUNTED = True

_QUALITATIVE = Operator.QUALITATIVE
_ACHIEVED = Band.ACHIEVED
_MONEY = Dimension.MONEY  # (an enum's member looked up on its class costs more than the test it is read for)


def _outcome(facts: _RowFacts, row_score, rules: ScoringRules, least: Decimal, band_range) -> tuple:
    """What `_Run.finish` takes of a scored row's re-score, the engine's row `row_score` (its weight, score and
    flags), under `rules` (the sheet's base rule set, whose bands a 定性 row is judged by) with the auditor's
    tolerance `least`: (re-scored 得分, the 定性 band's range of points or None, the tolerance, whether the 得分 is
    off the re-score beyond it, whether `compare` has something to say whatever the 偏差原因, the score a re-scored
    total counts: the 得分 within the tolerance, else the re-score). A function of the row's facts (what its line reads: `_Run.line`) and the
    case alone (`band_range`, the auditor's, one per rule set, band and weight), so the same for every row of the
    same facts and case."""
    claimed, rounding = facts.score, facts.rounding
    rescored, band_range_ = row_score.score, None
    actual = facts.actual
    # a 定性 row keeps the unit's own points where its band allows them
    if facts.target.operator is _QUALITATIVE and not actual.not_applicable:
        low, high = band_range_ = band_range(rules, actual.band, row_score.weight)
        if claimed is not None:
            rescored = claimed if low <= claimed <= high else high if claimed > high else low
    # how far the 得分 may be from the re-score: the auditor's tolerance for a row scored as 定性 at its band, else
    # never less than the rounding of the printed 得分
    tolerance = least if band_range_ is not None or not rounding > least else rounding
    off = rescored is not None and (claimed is None or abs(claimed - rescored) > tolerance)
    # compare says nothing of a line with no flag (unmet, over achieved), not 定性 below 达成, its 得分 within the
    # tolerance of the re-score (or either unknown), unless it has a 偏差原因
    asked = bool(off and claimed is not None or row_score.flags
                 or (band_range_ is not None and actual.band is not _ACHIEVED))
    return rescored, band_range_, tolerance, off, asked, rescored if off else claimed


def _converted(value: Decimal, unit, target_unit, text: str) -> tuple[Decimal, Decimal, str, bool]:
    """`value` in `unit` as `target_unit` (`Quantity(value, unit).to(target_unit)` as a Decimal), the printed
    rounding of `text` in it, the converted value as a message shows it (with the target's unit) and whether `unit`
    is the coarser (its factor above the target unit's); once per value, units and text (kept with the units keyed
    by identity, held beside the result, so an id is never another unit's: a Unit hashes its Fraction factor in
    Python). The units' figures are worked out once per pair (`_ratio`): the value is its integer ratio times the
    pair's, reduced as the Fraction `Quantity.to` gives is, divided as Decimals as that Fraction's parts are
    (tests/test_audit_fast_paths.py compares the two)."""
    key = (value, id(unit), id(target_unit), text)
    held = _CONVERTED.get(key)
    if held is not None and held[0] is unit and held[1] is target_unit:
        return held[2]
    numerator, denominator, scale, down, target_factor, coarser = _ratio(unit, target_unit)
    top, bottom = value.as_integer_ratio()
    top, bottom = top * numerator, bottom * denominator
    common = gcd(top, bottom)
    if common != 1:
        top, bottom = top // common, bottom // common
    converted = Decimal(top) / Decimal(bottom)
    found = converted, half_unit(text) * scale / down / target_factor, show(converted) + target_unit.symbol, coarser
    if len(_CONVERTED) >= 1 << 14:
        _CONVERTED.clear()
    _CONVERTED[key] = (unit, target_unit, found)
    return found


_CONVERTED: dict[tuple, tuple] = {}


def _ratio(unit, target_unit) -> tuple[int, int, Decimal, Decimal, Decimal, bool]:
    """`_converted`'s figures of a pair of units, once per pair (keyed by identity, the units held beside them):
    unit.factor / target_unit.factor as (numerator, denominator), the Decimals the slack is scaled by (unit's factor
    as numerator and denominator, the target unit's factor) and whether unit.factor > target_unit.factor."""
    key = (id(unit), id(target_unit))
    held = _RATIOS.get(key)
    if held is None or held[0] is not unit or held[1] is not target_unit:
        if len(_RATIOS) >= 1 << 10:
            _RATIOS.clear()
        ratio = unit.factor / target_unit.factor
        held = _RATIOS[key] = (unit, target_unit, (
            ratio.numerator, ratio.denominator, Decimal(unit.factor.numerator), Decimal(unit.factor.denominator),
            Decimal(target_unit.factor.numerator) / Decimal(target_unit.factor.denominator),
            unit.factor > target_unit.factor))
    return held[2]


_RATIOS: dict[tuple, tuple] = {}


def _indicator(line: _Line) -> Indicator:
    """The row as an indicator, made once: the name checks read its names, unit and 不适用 mark, the engine
    its weight, target and text (whether a row is 不适用 the engine reads from its actual)."""
    indicator = line.indicator
    if indicator is None:
        target, row = line.target, line.row
        indicator = line.indicator = indicator_row(  # (Indicator's 17 fields in order)
            row.name, target.operator if target else Operator.QUALITATIVE, target.value if target else None,
            target.unit if target else None, line.weight, row.level1 or None, row.level2 or None, None,
            target.text_value if target else None, None, True, None, None, None, None,
            bool(line.actual and line.actual.not_applicable), row.location)
    return indicator


#: `_Run.run` judges whether the name checks can report before `names` builds a table (tests turn it off to compare
#: with the checks run on every sheet)
_LEAN_NAMES = True


_CATEGORY_ENDS = sense._CATEGORY_ENDS  # (a name ending otherwise repeats no category: `sense.name_quiet`)
#: every character `str.isspace` holds a space (a test checks them against every code point)
_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
          "\u200a\u2028\u2029\u202f\u205f\u3000"
#: the last characters of a name `sense.name_quiet` asks whether it repeats a category (`_CATEGORY_ENDS` or a space)
_NAME_ENDS = _CATEGORY_ENDS | frozenset(_SPACES)


def _name_shape(facts: _RowFacts, row: Row, held: tuple) -> list:
    """What the name checks make of a row besides its name, under the auditor's name settings `held`
    (`Auditor.name_settings`): [held, -1 where the row's 一级/二级 names are not standard else the bit of its 一级指标
    among the required ones (0: none), `sense.row_shape` of the row or None where the sense checks pass it over (it
    is 不适用, or they do not run), the name last judged with it and its verdict (`sense.name_quiet`, judged in `_Run.run`), its unit, its
    operator]: one list per distinct (unit, operator, 一级, 二级, 不适用) (unit and operator by identity, held), shared
    by the facts of every row of that shape (so a name judged on one row is not judged again on the next row of the
    shape and name: a batch's rows of one indicator differ in their numbers, not in their shape or name)."""
    _, standard, bits, _, _, _, kinds, _, sensed = held
    target = facts.target
    unit, operator = (target.unit, target.operator) if target is not None else (None, _QUALITATIVE)
    level1, level2 = row.level1 or None, row.level2 or None
    na = facts.actual is not None and facts.actual.not_applicable
    key = (id(unit), id(operator), level1, level2, na)
    shape = kinds.get(key)
    if shape is None or shape[5] is not unit or shape[6] is not operator:
        named = not standard or bool(level1 and level2 and level1 in standard and level2 in standard[level1])
        if len(kinds) >= 1 << 12:
            kinds.clear()
        shape = kinds[key] = [held, bits.get(level1, 0) if named else -1,
                              None if na or not sensed else sense.row_shape(unit, level1, level2, operator), None, True,
                              unit, operator]
    return shape


def _table(label: str, code: str, name: str, indicators: list[Indicator], goal: str, location: Location) -> TargetTable:
    """A sheet's rows as a target table (twice per sheet: for the name checks and the re-score), built by
    TargetTable's slot builder: every other field at its default."""
    return target_table_row(label, code, name, tuple(indicators), "", "", "", None, "", "", "", "", "", goal, "", (),
                            None, location)


_NO_ROWS = _table("", "", "", (), "", NOWHERE)


def _target_text(row: Row) -> str:
    """The 年度指标值 as a message quotes it: with its unit column where the text lacks it, or 定性."""
    return row.target + (row.unit if row.unit and row.unit not in row.target else "") or "定性"


def _points(text: str, field: str, what: str, events: list) -> Decimal | None:
    """A row's 分值 or 得分 (`field`, named `what`) read for `_read_row`; unreadable or missing, an event."""
    try:
        value = read_points(text, what)
    except Unreadable as exc:
        events.append((codes.NUMBER.code, field, dict(field=what, found=text, expected=exc.expected)))
        return None
    if value is None:
        events.append((codes.MISSING.code, field, dict(field=what)))
    return value


def _read_row(weight: str, score: str, level1: str, level2: str, target: str, nature: str, unit: str, actual: str,
              year: str) -> tuple:
    """What a row's cells say, read once per distinct row text by `_row_facts` (most rows of a batch repeat
    another's): (分值, 得分, target, actual, what could not be read as (code, field, evidence))."""
    events: list[tuple[str, str, dict[str, Any]]] = []
    try:  # (both read, as most are: what `_points` gives them without an event; read_points keeps each text)
        points, scored = read_points(weight, "分值"), read_points(score, "得分")
    except Unreadable:
        points = scored = None
    if points is None or scored is None:
        points = _points(weight, "weight", "分值", events)
        scored = _points(score, "score", "得分", events)
    # (`_deadline`'s first test, written out: a row not of 时效 whose target holds no date or schedule is none)
    if "时效" in level2 or target and not (_LEAN_DEADLINE and _NO_DATE(target)):
        read = _deadline(level2, target, actual, year)
        if read is not None:
            return points, scored, read[0], read[1], tuple(events)
    try:
        parsed = read_target(target, nature, unit, "成本" in level1 or "成本" in level2)  # (a 成本 row: _looks_cost)
    except Unreadable as exc:
        events.append((codes.TARGET.code, "target", dict(found=exc.found, expected=exc.expected)))
        parsed = None
    return points, scored, parsed, read_actual(actual, unit), tuple(events)


#: `_RowFacts.cost` of a cost row whose target is not money (under half its target: not compared with the funds)
_NOT_MONEY = "not money"


@define(weakref_slot=False)
class _RowFacts:
    """What a row's cells say by themselves, judged once per distinct row text (most rows of a batch repeat
    another's): 分值, 得分, target, actual and the value compared; what could not be read (`read`: code, field,
    evidence) and the data-quality findings (`quality`: code, field, evidence, display), both replayed at each
    sheet's own cells (each evidence dict is the findings' own, shared by the rows of these facts: never changed);
    why the row cannot be re-scored ("" when it can); and `cost`: None where the row is no cost row with a target
    and an actual value, or its actual is not 0 and at least half its target, `_NOT_MONEY` where its target is not
    money, else twice its actual in 万元 as (numerator, denominator) for the exact comparison with what the sheet
    spent."""

    weight: Decimal | None
    score: Decimal | None
    target: Target | None
    actual: ActualValue
    value: Decimal | None
    read: tuple
    quality: tuple
    unscorable: str
    cost: Any
    #: half the last printed place of the 得分 (`half_unit`), the least tolerance of its comparison
    rounding: Decimal
    #: a scorable quantitative row's case as the engine keys it (`_Run.rescore_lean`): operator (its value),
    #: target, value and 分值; None for any other row
    case: tuple | None = None
    #: `rounding` where the 得分 is printed with decimals, else None: what the 总分 test adds to its slack
    dotted: Decimal | None = None
    #: where the 得分 lies outside 0 to the 分值 (both read), the evidence of its finding (`{"score", "weight"}`,
    #: shared by the findings of every row of these facts: never changed), else None
    ranged: dict | None = None
    #: a row `_Run.run` only sums: re-scored (so it has a 分值), a 得分 printed without decimals and within its
    #: 分值, nothing unreadable, no quality finding, no `cost`
    common: bool = False
    #: what the name checks make of the row besides its name (`_name_shape`: shared by the rows of its shape under the
    #: auditor's name settings, the first item)
    named: list | None = None
    #: (the token of the cases it was met with, `Auditor.lean_cases`; the engine's row of its case; the row's score;
    #: then of `_outcome` of it, in one tuple with the rest: asked, re-scored 得分, tolerance, the score counted and the
    #: 定性 band's range): set by `_Run.finish`, the last case the row was met with (None: none yet)
    kept: tuple | None = None
    #: the outcome kept before `kept` under another token (a row met on sheets of two variants of the rule set, their
    #: printed points apart, keeps each one's: `_Run.rescore_lean` swaps the two where this one's token is the
    #: sheet's), or None
    other: tuple | None = None
    #: the evidence of what `_Run.compare` reported of a row of these facts, shared by the findings of every such row
    #: (never changed): [the kept outcome it was worked out with (`kept`), the evidence of its rescore.over or
    #: rescore.under there, that of its explain.unmet (the row's texts alone)], or None before any
    said: list | None = None


#: _RowFacts(...) with every field positional (one per distinct row: slotted, not frozen, so plain assignments;
#: nothing changes a row's facts once judged)
_facts_row = slot_builder(_RowFacts)

_COST_WORD = re.compile("|".join(map(re.escape, judgement.COST_WORDS)))
_SATISFACTION = "满意"
_COST, _SATISFIED_COST, _COST_SEARCH = judgement.COST_WORDS[0], _SATISFACTION + judgement.COST_WORDS[0], _COST_WORD.search
assert not _COST_WORD.search(_SATISFACTION) and not any(c in word for word in judgement.COST_WORDS for c in _SATISFACTION)


#: finds nothing in a 三级指标 whose `_name_kind` is "" (neither 满意 nor a cost word), as most are: `_Run.run` asks
#: `_name_kind` of the others
_KIND_SEARCH = re.compile("|".join(map(re.escape, (_SATISFACTION, *judgement.COST_WORDS)))).search


def _name_kind(name: str) -> str:
    """What `_row_facts` reads in a 三级指标: whether it says 满意 and whether it holds a cost word
    (`judgement.COST_WORDS`), as a short stand-in name that says the same, so rows that differ only in
    their names (most of a province's) share their facts: "", "满意", "成本" or "满意成本"."""
    if _COST_SEARCH(name) is None:
        return _SATISFACTION if _SATISFACTION in name else ""
    return _SATISFIED_COST if _SATISFACTION in name else _COST


#: each distinct row's facts by its texts, (分值, 得分, 一级, 二级, 年度指标值, 指标性质, 单位, 实际完成值, year, the
#: 三级指标's `_name_kind`) -> `_row_facts` of them, looked up by `_Run.run`; emptied when full (a plain dict: an lru
#: cache kept a link of ~72 bytes more per row)
_FACTS: dict[tuple, "_RowFacts"] = {}
_FACTS_SIZE = 1 << 16


def _row_facts(key: tuple) -> _RowFacts:
    """`_judge_row(*key)`, kept in `_FACTS` by `key` (asked only where `_FACTS` has none)."""
    if len(_FACTS) >= _FACTS_SIZE:
        _FACTS.clear()
    facts = _FACTS[key] = _judge_row(*key)
    return facts


def _judge_row(weight: str, score: str, level1: str, level2: str, target: str, nature: str, unit: str, actual: str,
               year: str, name: str) -> _RowFacts:
    """The row's facts; `name` is the 三级指标 or its `_name_kind` (they give the same facts). In one pass over
    what `_read_row` read: the data-quality findings (the category's, then the actual's), the actual as compared with the
    target (converted to its unit, or None), why the row cannot be re-scored ("" when it can; the cause itself is
    reported elsewhere), its case and `cost` (`_RowFacts`), each test of the target and actual asked once."""
    points, scored, parsed, read, events = _read_row(weight, score, level1, level2, target, nature, unit, actual, year)
    quality: list[tuple[str, str, dict[str, Any], dict[str, str] | None]] = []
    target_unit, operator = (parsed.unit, parsed.operator) if parsed is not None else (None, None)
    money = False
    if target_unit is not None:
        if id(target_unit) not in _UNITS:  # (`_keep_unit`, written out)
            _UNITS[id(target_unit)] = target_unit
        money = target_unit.dimension is _MONEY  # (`judgement.is_money`, written out)
    if level1:  # the category findings of a row with a 一级指标 (a cost row first asked where it would be misplaced)
        if ("效益" in level1 or "满意" in level1) and (
                "成本" in level2 or money and operator.upper_bound and any(w in name for w in judgement.COST_WORDS)):
            quality.append((codes.CATEGORY.code, "level1", dict(kind="成本类指标", level1=level1,
                                                                 expected="成本指标（旧表：产出指标/成本指标）"), None))
        elif money and level2 == "数量指标":
            quality.append((codes.CATEGORY.code, "level2", dict(kind="金额", level1=f"{level1}/数量指标",
                                                                 expected="成本指标/经济成本指标"), None))
        elif "满意" in name and "满意" not in level1 and "满意" not in level2:
            quality.append((codes.CATEGORY.code, "level1", dict(kind="满意度指标", level1=level1,
                                                                 expected="满意度指标/服务对象满意度指标"), None))
    # the actual's quality findings and the value compared
    value = None
    missing = read.value is None and read.missing  # (a number is never missing)
    if missing:
        quality.append((codes.ACTUAL_MISSING.code, "actual", {}, None))
    else:
        if read.as_target:
            quality.append((codes.AS_TARGET.code, "actual", dict(found=read.text), None))
        if parsed is None or operator is _QUALITATIVE or read.not_applicable:
            pass
        elif read.value is None:
            quality.append((codes.WORD.code, "actual", dict(target=target, found=read.text), None))
        else:
            unit_ = read.unit or target_unit
            if target_unit is None or unit_ is None or unit_ is target_unit or unit_ == target_unit:
                value = read.value
            else:
                value = _converted_value(quality, read, unit_, parsed)
    # why it cannot be re-scored
    if points is None:
        unscorable = "分值无法读取"
    elif parsed is None:
        unscorable = "年度指标值无法读取"
    elif read.not_applicable:
        unscorable = ""
    elif missing:
        unscorable = "缺少实际完成值"
    elif operator is not _QUALITATIVE:
        unscorable = "年度指标值没有数字" if parsed.value is None else "实际完成值不是可比较的数字" if value is None else ""
    elif read.band is None:
        unscorable = f"无法从实际完成值“{read.text}”判断定性指标的评价等级（达成 / 部分达成 / 未达成）"
    else:
        unscorable = ""
    case = None
    if not unscorable and operator is not _QUALITATIVE and not read.not_applicable:
        case = (operator._value_, parsed.value, value, points)
    # `cost`: whether the row is a cost row whose actual is 0 or under half its target, which `_Run.cost_actual`
    # compares with the funds, and how (judgement.is_cost says no to a unit that is not money: not asked of one)
    cost = None
    if value is not None and parsed.value and (
            "成本" in level1 or "成本" in level2
            or money and (operator.upper_bound or any(word in name for word in judgement.COST_WORDS))) \
            and not (value and value * 2 >= parsed.value):  # (at least half its target: nothing to set against the
        if not money:                                       # funds: a 人均 cost far under what was spent)
            cost = _NOT_MONEY
        else:
            ratio_numerator, ratio_denominator = _wan_ratio(target_unit)  # exact in integers: twice value × ratio
            numerator, denominator = value.as_integer_ratio()
            cost = 2 * numerator * ratio_numerator, denominator * ratio_denominator
    rounding = half_unit(score)
    dotted = rounding if "." in score else None
    ranged = {"score": scored, "weight": points} \
        if points is not None and scored is not None and not _ZERO <= scored <= points else None
    common = not (unscorable or scored is None or dotted is not None or ranged or events or quality) and cost is None
    return _facts_row(points, scored, parsed, read, value, events, tuple(quality), unscorable, cost, rounding, case,
                      dotted, ranged, common, None, None, None, None)


def _converted_value(found: list, actual: ActualValue, unit, target: Target) -> Decimal | None:
    """The number `actual` in `unit` (its own, else the target's), another than its `target`'s, as compared with the
    target (converted to its unit), or None where the units do not convert; the finding into `found`."""
    if not unit.convertible_to(target.unit):
        found.append((codes.UNIT_MISMATCH.code, "actual", dict(target_unit=target.unit.symbol, actual_unit=unit.symbol,
                                                                found=actual.text), None))
        return None
    value, slack, shown, coarser = _converted(actual.value, unit, target.unit, actual.text)
    if coarser and target.value is not None and value != target.value and abs(value - target.value) <= slack:
        value = target.value
        shown += f"，在 {actual.text} 的打印精度内视同 {show(value)}{target.unit.symbol}"
    found.append((codes.UNIT_CONVERTED.code, "actual", dict(found=actual.text, target_unit=target.unit.symbol,
                                                             converted=value), {"converted": shown}))
    return value


def _wan_ratio(unit) -> tuple[int, int]:
    """A money unit's factor as 万元 (元: 1/10000) as (numerator, denominator), once per unit (keyed by identity, the
    unit held beside it: see `_converted`)."""
    held = _WAN_RATIOS.get(id(unit))
    if held is None or held[0] is not unit:
        if len(_WAN_RATIOS) >= 1 << 10:
            _WAN_RATIOS.clear()
        ratio = unit.factor / _WAN.factor
        held = _WAN_RATIOS[id(unit)] = (unit, (ratio.numerator, ratio.denominator))
    return held[1]


_WAN_RATIOS: dict[int, tuple] = {}


def _deadline(level2: str, target: str, actual: str, year: str) -> tuple[Target, ActualValue] | None:
    """A 时效 target written as a date or schedule (`2025年12月前`, `按季度`) is judged as a deadline:
    the same text, an earlier date or a word of completion meets it. Such a row is scored as 定性
    (None: not a deadline)."""
    # (a number with a unit of CJK characters or %, with no 月, dot or slash, is no date or schedule: not read as one)
    deadline = judgement.parse_deadline(target) if target and not (_LEAN_DEADLINE and _NO_DATE(target)) else None
    if "时效" not in level2 and not (deadline is not None and not _starts_plain_number(target)):
        return None
    if deadline is None and target.strip() != actual.strip():
        return None
    met = judgement.deadline_met(target, actual, _year(year))
    if met is None:
        band = band_of(actual)
    else:
        band = Band.ACHIEVED if met else Band.NOT_ACHIEVED
    if not actual.strip():
        return Target(Operator.QUALITATIVE, text_value=target), ActualValue(text="")
    return Target(Operator.QUALITATIVE, text_value=target), ActualValue(band=band, word=actual.strip(),
                                                                        text=actual.strip())


#: what `judgement.parse_deadline` finds no date or schedule in, whatever the rest: an operator, ASCII digits,
#: then CJK characters (not 月) or %, nothing NFKC changes (no `.`, `-` or `/` a dotted date needs, no 月 a date
#: needs, no 按/每/及 a schedule starts with); `_LEAN_DEADLINE` off asks parse_deadline of every target
_NO_DATE = re.compile(r"[≥≤=<>]?[0-9]{1,12}[\u4e00-\u6707\u6709-\u9fff%]*\Z").match
_LEAN_DEADLINE = True


def is_department(sheet: SelfEvaluation) -> bool:
    """A 部门（单位）整体支出绩效自评表 rather than a project's."""
    name, label = sheet.project_name, sheet.label
    return sheet.project_code == DEPARTMENT_CODE or \
        (("整体" in name or "整体" in label) and any(word in name or word in label for word in _DEPARTMENT_WORDS))


#: what names a 部门（单位）整体 sheet; each holds 整体, which `is_department` looks for first (most sheets lack it)
_DEPARTMENT_WORDS = ("部门整体", "单位整体", "整体支出")
assert all("整体" in word for word in _DEPARTMENT_WORDS)


def _near(total: Decimal, bounds: tuple[Decimal, ...]) -> bool:
    """Whether a re-scored total is near enough a grade's minimum for the engine to score its table again in
    Fractions (`_NEAR_GRADE`: wider than the engine's own test, never narrower): within [low, high) of one of
    `bounds` (`_near_bounds`), found by one bisection."""
    return bisect_right(bounds, total) & 1 == 1


def _near_bounds(minimums) -> tuple[Decimal, ...]:
    """The totals `_near` a grade's minimum: from `_NEAR_GRADE` below each of `minimums` to as far above it, exactly,
    as (low, high, low, high, ...) ascending (ranges that meet made one)."""
    bounds: list[Decimal] = []
    for minimum in sorted(minimums):
        low, high = _EXACT.subtract(minimum, _NEAR_GRADE), _EXACT.add(minimum, _NEAR_GRADE)
        if bounds and low <= bounds[-1]:
            bounds[-1] = max(bounds[-1], high)
        else:
            bounds += (low, high)
    return tuple(bounds)


def _funds_row(funds: dict[str, Any] | None, rules: ScoringRules, code: str):
    """The sheet's funds as the engine scores its 预算执行率 (None where they are not scored or lack a figure)."""
    terms = _funds_terms(funds, rules.execution_points)
    return make_project_funds(code, *terms) if terms is not None else None


def _funds_terms(funds: dict[str, Any] | None, points: Decimal) -> tuple | None:
    """(年初预算数 or None, 全年预算数, 全年执行数) of `_funds_row`, which makes the engine's funds of them (None where
    they are not scored, the rule set's `points` of the 预算执行率 0, or lack a figure)."""
    if funds is not None and points:
        budget, spent = funds.get("budget"), funds.get("spent")
        if budget and spent is not None:
            initial = funds.get("initial")
            return initial if initial else None, budget, spent
    return None


def _quiet_target(row: Row) -> Target | None:
    try:
        target = read_target(row.target, row.nature, row.unit, _looks_cost(row))
    except Unreadable:
        return None
    _keep_unit(target)
    return target


def _starts_plain_number(text: str) -> bool:
    """`95%`, `≥ 30 天`: a number target, not a date."""
    return _PLAIN_NUMBER.match(text.strip()) is not None


#: the funds' amounts as `_Run.funds_block` sums their 其中 rows (each named by the sheet's word: `_Run.words`)
_FUND_FIELDS = (("initial", "funds.initial"), ("budget", "funds.budget"), ("spent", "funds.spent"))
def _display_words(words: dict[str, str]) -> dict[str, str]:
    """The words the messages write for a sheet whose column words are `words` (`SelfEvaluation.words`)."""
    shown = {name: words[field] for name, field in codes.WORDS.items()}
    shown["budget_fill"] = codes.BUDGET_FILL if shown["budget_word"] == SELF_TERMS["funds.budget"] else \
        shown["budget_word"]
    return shown
#: `_Run.run` only sums a row with nothing else to say (`_RowFacts.common`; off: every row through every test)
_LEAN_ROWS = True
#: `_Run.read_funds` reads the six cells at once where none is to be reported (off: each through `_Run.number`)
_LEAN_FUNDS = True
#: `_Run.rescore_lean` settles a sheet whose total lies near a grade's minimum itself (its rows and 预算执行率 scored
#: again in Fractions by the engine: `score_rows_lean(exact=True)`) rather than leaving it to `rescore`
_LEAN_NEAR = True
#: `_Run.rescore_lean` has the engine score a sheet's new quantitative cases from the cases alone (`score_cases`;
#: off: from a table of their rows, `score_rows_lean`)
_LEAN_CASES = True
#: near a grade's minimum, a sheet's new quantitative cases are scored again in Fractions by the engine from their
#: cases alone (`score_cases(exact=True)`) rather than from a table of their rows (`score_rows_lean(exact=True)`)
_LEAN_EXACT_CASES = True
#: `_Run.block` keeps each funds block that reported nothing (off: every block read and checked)
_LEAN_BLOCKS = True
#: `_Run.finish` keeps each row's outcome on its facts for the lean re-score (`_RowFacts.kept`; off: every row's
#: worked out on every sheet)
_LEAN_OUTCOMES = True
#: `_Run.rate` passes over a 执行率 within its own printed rounding of 执行数 ÷ 预算数 without working out the amounts'
#: share of the slack, and `_Run.funds_block` over a 执行数 not above its 预算数 without the amounts' rounding (off: the
#: whole slack worked out for every comparison)
_LEAN_SLACK = True
#: `_Run.arithmetic` keeps the verdict of the sheet-level sums that reported nothing by what they read (off: every
#: sheet's sums checked)
_LEAN_SUMS = True

# (compiled where first used: only a 时效 row with a date-like target asks it)
_PLAIN_NUMBER = lazy(r"^[≥≤=<>＞＜]?\s*\d+(?:\.\d+)?\s*(?:%|天|日|小时|个工作日|工作日|分钟|个月|年)?\s*(?:以内|内|以上)?$")


def _year(text: str) -> int | None:
    match = re.search(r"\d{4}", text or "")
    return int(match.group()) if match else None


def _looks_cost(row: Row) -> bool:
    return "成本" in row.level1 or "成本" in row.level2


def _rate_slack(funds, spent: Decimal, budget: Decimal, field: str = "budget") -> Decimal:
    """How far 执行数 ÷ 预算数 can move within the rounding of the two printed amounts (`field`: the divisor's)."""
    if not budget:
        return _ZERO
    divisor = getattr(funds, field)
    return amount_half_unit(funds.spent) / budget + spent * amount_half_unit(divisor) / (budget * budget)
