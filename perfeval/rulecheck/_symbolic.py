"""Exact checks of each scoring formula with sympy, once per formula (never per example).

The formula's sympy expression (from perfeval.formula) is rewritten over positive
symbols: weight w, target t, and the actual as t·r (scale) or, on the unmet side,
t/(1+s) for ≥ and t·(1+s) for ≤. Conditions are decided by the sign of their
factored difference, so `actual >= target` becomes `r >= 1`. A check that sympy
cannot decide is reported as undecided, never as passed; the hypothesis
properties still cover it.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from ..operators import Operator
from ..scoring.rules import ScoringRules
from ._formulas import KEY_OF, evaluate, quantitative_env, Unscorable
from ._result import Counterexample


@attrs.frozen
class Verdict:
    """One symbolic check of one formula: True, False or None (undecided), and why."""

    key: str
    holds: bool | None
    detail: str


def _sympy():
    import sympy

    return sympy


def _decide(expr):
    """Replace every relation whose truth follows from the signs of its factors by True/False."""
    sp = _sympy()
    relations = expr.atoms(sp.core.relational.Relational)
    mapping = {}
    for rel in relations:
        diff = sp.factor(sp.together(rel.lhs - rel.rhs))
        positive, negative = diff.is_positive, diff.is_negative
        zero = diff.is_zero
        truth = None
        op = rel.rel_op
        if zero:
            truth = op in ("==", ">=", "<=")
        elif positive:
            truth = op in (">", ">=", "!=")
        elif negative:
            truth = op in ("<", "<=", "!=")
        if truth is None:
            reduced = _drop_positive_factors(diff)
            if reduced is not diff:
                mapping[rel] = sp.core.relational.Relational(reduced, 0, op)
        else:
            mapping[rel] = sp.true if truth else sp.false
    return expr.xreplace(mapping) if mapping else expr


def _drop_positive_factors(diff):
    sp = _sympy()
    numerator, denominator = sp.fraction(diff)
    if denominator.is_positive is not True:
        return diff
    factors = sp.Mul.make_args(numerator)
    kept = [f for f in factors if f.is_positive is not True]
    if len(kept) == len(factors):
        return diff
    return sp.Mul(*kept) if kept else sp.Integer(1)


def _simplify(expr):
    sp = _sympy()
    for _ in range(3):
        expr = sp.simplify(_decide(sp.piecewise_fold(expr)))
    return expr


class _Formula:
    """A quantitative formula over positive symbols w, t (and r or s), tolerance as its exact value."""

    def __init__(self, rules: ScoringRules, op: Operator):
        sp = _sympy()
        self.rules, self.op = rules, op
        self.formula = rules.formulas[op]
        self.w, self.t, self.r, self.s, self.k = sp.symbols("w t r s k", positive=True)
        self.symbols = {str(x): x for x in self.formula.expr.free_symbols}
        self.tolerance = sp.Rational(str(rules.equal_tolerance))

    def at(self, actual, target=None):
        sp = _sympy()
        target = self.t if target is None else target
        values = {"weight": self.w, "actual": actual, "target": target, "tolerance": self.tolerance,
                  "deviation": sp.Abs(actual - target) / target}
        return self.formula.expr.xreplace({self.symbols[n]: v for n, v in values.items() if n in self.symbols})


_CACHE: dict[tuple, list[Verdict]] = {}


def check_formula(rules: ScoringRules, op: Operator) -> list[Verdict]:
    """Unit invariance, value at actual = target, and on the unmet side: slope sign, bounds, below full marks.

    The verdicts depend only on the formula and the `=` tolerance, so they are kept per
    (operator, expression, tolerance): a mutation campaign re-derives only changed formulas."""
    key = (op, str(rules.formulas[op].expr), rules.equal_tolerance)
    if key not in _CACHE:
        _CACHE[key] = _check_formula(rules, op)
    return list(_CACHE[key])


def _check_formula(rules: ScoringRules, op: Operator) -> list[Verdict]:
    f = _Formula(rules, op)
    key = KEY_OF[op]
    verdicts = []
    sp = _sympy()

    scaled = _simplify(f.at(f.r * f.t))
    invariant = f.t not in scaled.free_symbols
    if invariant:
        verdicts.append(Verdict(key, True, "与单位无关：代入 actual = r·target 后不含 target"))
    else:
        verdicts.append(Verdict(key, _scale_counterexample(f), "代入 actual = r·target 后仍含 target"))

    if op in (Operator.GE, Operator.LE, Operator.EQ):
        value = _simplify(f.at(f.t) - f.w)
        verdicts.append(Verdict(key, bool(value == 0) if value.is_number else None,
                                f"actual = target 时 得分 − 分值 = {value}"))
    else:
        value = _simplify(f.at(f.t))
        low, high = value.is_nonnegative, _simplify(f.w - value).is_nonnegative
        holds = False if (low is False or high is False) else (True if (low and high) else None)
        verdicts.append(Verdict(key, holds, f"actual = target 时未完成（{op.value}），得分 = {value}，应在 0 与分值之间"))

    unmet = f.t / (1 + f.s) if op in (Operator.GE, Operator.GT, Operator.EQ) else f.t * (1 + f.s)
    on_unmet = _simplify(f.at(unmet))
    slope = _simplify(sp.diff(on_unmet, f.s))
    direction = slope.is_nonpositive
    verdicts.append(Verdict(key, direction, f"未完成一侧 d(得分)/d(差距) = {slope}"))
    low, high = on_unmet.is_nonnegative, _simplify(f.w - on_unmet).is_nonnegative
    bounded = False if (low is False or high is False) else (True if (low and high) else None)
    verdicts.append(Verdict(key, bounded, f"未完成一侧 得分 = {on_unmet}"))
    short = _simplify(f.w - on_unmet)
    verdicts.append(Verdict(key, short.is_positive, f"未完成一侧 分值 − 得分 = {short}"))
    return verdicts


def _scale_counterexample(f: _Formula) -> bool | None:
    """False when two unit scales give different exact scores at a simple point; None if they agree there."""
    for r in (Fraction(1, 2), Fraction(3, 2), Fraction(1)):
        try:
            base = evaluate(f.formula, quantitative_env(f.rules, Fraction(10), Fraction(8), 8 * r))
            scaled = evaluate(f.formula, quantitative_env(f.rules, Fraction(10), Fraction(80000), 80000 * r))
        except Unscorable:
            return False
        if base != scaled:
            return False
    return None


NAMES = ("unit", "at_target", "slope", "bounds", "below_full")
TITLES = {
    "unit": "符号检验：公式与度量单位无关（actual、target 同乘系数不变）",
    "at_target": "符号检验：actual = target 时 ≥ ≤ = 得满分，> < 得分在 0 与分值之间",
    "slope": "符号检验：未完成一侧差距越大得分越低（导数 ≤ 0）",
    "bounds": "符号检验：未完成一侧得分在 0 与分值之间",
    "below_full": "符号检验：未完成时得分低于分值",
}


def symbolic_results(rules: ScoringRules) -> dict[str, tuple[bool | None, list[Counterexample], str]]:
    """Per symbolic check: holds (None if nothing decided), counterexamples naming the formula, a note."""
    per_check: dict[str, list[Verdict]] = {name: [] for name in NAMES}
    for op in rules.formulas:
        for name, verdict in zip(NAMES, check_formula(rules, op)):
            per_check[name].append(verdict)
    results = {}
    for name, verdicts in per_check.items():
        failed = [v for v in verdicts if v.holds is False]
        undecided = [v.key for v in verdicts if v.holds is None]
        decided = [v for v in verdicts if v.holds is not None]
        holds = False if failed else (True if decided else None)
        examples = [Counterexample(v.key, ("规则", "符号推导"), ((v.key, v.detail),), TITLES[name]) for v in failed]
        note = f"无法符号判定：{'、'.join(undecided)}" if undecided else ""
        results[name] = (holds, examples, note)
    return results

