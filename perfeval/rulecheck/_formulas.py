"""Properties of a scoring rule set's formulas as written, before the engine clamps anything.

The engine keeps every score within [0, 分值], which would hide a formula that
gives 120% of the weight; so these properties evaluate each formula exactly
(Fractions) on drawn weights, targets and actuals, and name the formula key that breaks.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

from hypothesis import strategies as st

from ..operators import Operator
from ..scoring.rules import OPERATOR_KEYS, ScoringRules
from ._numbers import FACTORS, TARGETS, WEIGHTS, ratio, show
from ._result import Budget, Counterexample

KEY_OF = {op: f"formulas.{key}" for key, op in OPERATOR_KEYS.items()}
_HEADERS = ("规则", "指标性质", "分值", "指标值", "实际完成值", "得分")


class Unscorable(Exception):
    """A formula raised for these numbers (division by zero …): itself a counterexample."""


def quantitative_env(rules: ScoringRules, weight: Fraction, target: Fraction, actual: Fraction) -> dict:
    deviation = abs(actual - target) / target
    return {"weight": weight, "actual": actual, "target": target,
            "tolerance": Fraction(rules.equal_tolerance), "deviation": deviation}


def evaluate(formula, env: dict) -> Fraction:
    try:
        return formula.exact(env)
    except (ArithmeticError, KeyError) as exc:
        raise Unscorable(type(exc).__name__) from None


def _score(rules: ScoringRules, op: Operator, w, t, a):
    try:
        return evaluate(rules.formulas[op], quantitative_env(rules, w, t, a))
    except Unscorable as exc:
        return f"无法计算（{exc}）"


def _row(rules, op, w, t, a):
    return (KEY_OF[op], op.value, show(w), show(t), show(a), show(_score(rules, op, w, t, a)))


def _met_ratios(rules: ScoringRules, op: Operator) -> st.SearchStrategy[Fraction]:
    """actual / target for an actual that meets the target, as the engine decides it."""
    tolerance = Fraction(rules.equal_tolerance)
    if op is Operator.GE:
        return ratio(1000, 4000)
    if op is Operator.GT:
        return ratio(1001, 4000)
    if op is Operator.LE:
        return ratio(0, 1000)
    if op is Operator.LT:
        return ratio(0, 999)
    if rules.equal_met_when == "at_least":
        return ratio(0, 3000).map(lambda r: 1 - tolerance + r)
    return st.integers(-1000, 1000).map(lambda j: 1 + tolerance * Fraction(j, 1000))


ACTUAL_RATIOS = st.one_of(ratio(0, 3000), st.integers(0, 10**5).map(lambda n: Fraction(n, 1000)))


def _search(budget: Budget, strategy, violates: Callable, describe: Callable, key: str, note: str):
    found = budget.find(strategy, violates)
    if found is None:
        return None
    return Counterexample(key, _HEADERS, tuple(describe(found)), note)


def _safe(fn):
    def wrapped(case):
        try:
            return fn(case)
        except Unscorable:
            return True
    return wrapped


def bounds(rules: ScoringRules, budget: Budget) -> list[Counterexample]:
    """Every formula's 得分 lies in [0, 分值] for any weight, target and actual ≥ 0."""
    found = []
    for op, formula in rules.formulas.items():
        cases = st.tuples(WEIGHTS, TARGETS, ACTUAL_RATIOS)

        @_safe
        def violates(case, op=op):
            w, t, r = case
            v = evaluate(rules.formulas[op], quantitative_env(rules, w, t, t * r))
            return v < 0 or v > w

        example = _search(budget, cases, violates, lambda c, op=op: [_row(rules, op, c[0], c[1], c[1] * c[2])],
                          KEY_OF[op], "得分超出 0 到分值的范围（引擎会截断，但规则本身写错了）")
        if example:
            found.append(example)
    found += _side_bounds(rules, budget)
    return found


def _side_bounds(rules: ScoringRules, budget: Budget) -> list[Counterexample]:
    found = []
    qualitative = rules.qualitative_formula

    @_safe
    def qualitative_out(case):
        w, share = case
        v = evaluate(qualitative, {"weight": w, "share": share})
        return v < 0 or v > w

    example = budget.find(st.tuples(WEIGHTS, ratio(0, 1000)), qualitative_out)
    if example:
        w, share = example
        found.append(Counterexample("qualitative.formula", ("规则", "分值", "得分比例", "得分"),
                                    (("qualitative.formula", show(w), show(share),
                                      show(_try(qualitative, {"weight": w, "share": share}))),),
                                    "定性指标得分超出 0 到分值的范围"))
    execution = rules.execution_formula
    if rules.execution_points:
        weight = Fraction(rules.execution_points)

        @_safe
        def execution_out(case):
            budget_amount, r = case
            v = evaluate(execution, _execution_env(rules, weight, budget_amount, r))
            return v < 0 or v > weight

        example = budget.find(st.tuples(TARGETS, ratio(0, 2000)), execution_out)
        if example:
            found.append(_execution_example(rules, weight, *example, "预算执行率得分超出 0 到其分值的范围"))
    if rules.over_formula is not None:
        over = rules.over_formula
        threshold = Fraction(rules.over_threshold)
        cases = st.tuples(WEIGHTS, ratio(0, 1000), TARGETS, ratio(1, 5000))

        @_safe
        def over_out(case):
            v = evaluate(over, _over_env(threshold, *case))
            w, share = case[0], case[1]
            return v < 0 or v > w * share

        example = budget.find(cases, over_out)
        if example:
            env = _over_env(threshold, *example)
            found.append(Counterexample("over_achievement.formula", ("规则", "分值", "扣分前得分", "超额比例", "得分"),
                                        (("over_achievement.formula", show(env["weight"]), show(env["score"]),
                                          show(env["excess"]), show(_try(over, env))),),
                                        "超额扣分后的得分应在 0 与扣分前得分之间"))
    return found


def _over_env(threshold: Fraction, w, share, t, extra) -> dict:
    excess = threshold + extra
    return {"weight": w, "score": w * share, "actual": t * (1 + excess), "target": t, "excess": excess,
            "threshold": threshold}


def _execution_env(rules: ScoringRules, weight: Fraction, budget_amount: Fraction, rate: Fraction) -> dict:
    threshold = Fraction(rules.execution_threshold) if rules.execution_threshold is not None else Fraction(0)
    return {"weight": weight, "rate": rate, "budget": budget_amount, "spent": budget_amount * rate, "threshold": threshold}


def _execution_example(rules, weight, budget_amount, rate, note, *more) -> Counterexample:
    rows = []
    for r in (rate, *more):
        env = _execution_env(rules, weight, budget_amount, r)
        rows.append(("execution.formula", show(weight), show(budget_amount), show(env["spent"]), show(r),
                     show(_try(rules.execution_formula, env))))
    return Counterexample("execution.formula", ("规则", "分值", "全年预算数", "全年执行数", "预算执行率", "得分"),
                          tuple(rows), note)


def _try(formula, env):
    try:
        return evaluate(formula, env)
    except Unscorable as exc:
        return f"无法计算（{exc}）"


def met_full(rules: ScoringRules, budget: Budget) -> list[Counterexample]:
    """An actual that meets its target scores the full weight (before any over-achievement deduction)."""
    found = []
    for op in rules.formulas:
        cases = st.tuples(WEIGHTS, TARGETS, _met_ratios(rules, op))

        @_safe
        def violates(case, op=op):
            w, t, r = case
            return evaluate(rules.formulas[op], quantitative_env(rules, w, t, t * r)) != w

        example = _search(budget, cases, violates, lambda c, op=op: [_row(rules, op, c[0], c[1], c[1] * c[2])],
                          KEY_OF[op], "实际完成值达到指标值，却没有得到满分")
        if example:
            found.append(example)
    qualitative = rules.qualitative_formula
    example = budget.find(WEIGHTS, _safe(lambda w: evaluate(qualitative, {"weight": w, "share": Fraction(1)}) != w))
    if example is not None:
        found.append(Counterexample("qualitative.formula", ("规则", "分值", "得分比例", "得分"),
                                    (("qualitative.formula", show(example), "1",
                                      show(_try(qualitative, {"weight": example, "share": Fraction(1)}))),),
                                    "定性指标得分比例为 1（完全达成）却没有得到满分"))
    if rules.execution_points:
        weight = Fraction(rules.execution_points)
        example = budget.find(st.tuples(TARGETS, ratio(1000, 3000)), _safe(
            lambda c: evaluate(rules.execution_formula, _execution_env(rules, weight, *c)) != weight))
        if example is not None:
            found.append(_execution_example(rules, weight, *example, "预算全部执行（执行率 ≥ 100%）却没有得到满分"))
    return found


def _monotone_regions(rules: ScoringRules, op: Operator):
    """(weight, target, actual/target, step) cases per region, and whether the score must rise there."""
    if op is not Operator.EQ:
        return [(st.tuples(WEIGHTS, TARGETS, ACTUAL_RATIOS, ratio(1, 2000)), op.lower_bound)]
    below = st.tuples(WEIGHTS, TARGETS, ratio(0, 999), ratio(1, 1000)).map(
        lambda c: (c[0], c[1], c[2], min(c[3], 1 - c[2])))
    regions = [(below, True)]
    if rules.equal_met_when == "within_tolerance":
        regions.append((st.tuples(WEIGHTS, TARGETS, ratio(1000, 3000), ratio(1, 2000)), False))
    return regions


def monotone(rules: ScoringRules, budget: Budget) -> list[Counterexample]:
    """≥ and > never score less for a larger actual; ≤ and < never score more; = rises towards its target."""
    found = []
    for op in rules.formulas:
        for cases, rising in _monotone_regions(rules, op):
            @_safe
            def violates(case, op=op, rising=rising):
                w, t, r, step = case
                low = evaluate(rules.formulas[op], quantitative_env(rules, w, t, t * r))
                high = evaluate(rules.formulas[op], quantitative_env(rules, w, t, t * (r + step)))
                return low > high if rising else low < high

            direction = "实际完成值增大，得分却下降" if rising else "实际完成值增大（超支或超标），得分却上升"
            example = _search(budget, cases, violates,
                              lambda c, op=op: [_row(rules, op, c[0], c[1], c[1] * c[2]),
                                                _row(rules, op, c[0], c[1], c[1] * (c[2] + c[3]))],
                              KEY_OF[op], direction)
            if example:
                found.append(example)
                break
    qualitative = rules.qualitative_formula
    example = budget.find(st.tuples(WEIGHTS, ratio(0, 999), ratio(1, 1000)), _safe(
        lambda c: evaluate(qualitative, {"weight": c[0], "share": c[1]})
        > evaluate(qualitative, {"weight": c[0], "share": min(1, c[1] + c[2])})))
    if example is not None:
        w, share, step = example
        rows = tuple(("qualitative.formula", show(w), show(s), show(_try(qualitative, {"weight": w, "share": s})))
                     for s in (share, min(1, share + step)))
        found.append(Counterexample("qualitative.formula", ("规则", "分值", "得分比例", "得分"), rows,
                                    "得分比例增大，得分却下降"))
    if rules.execution_points:
        weight = Fraction(rules.execution_points)
        example = budget.find(st.tuples(TARGETS, ratio(0, 2000), ratio(1, 1000)), _safe(
            lambda c: evaluate(rules.execution_formula, _execution_env(rules, weight, c[0], c[1]))
            > evaluate(rules.execution_formula, _execution_env(rules, weight, c[0], c[1] + c[2]))))
        if example is not None:
            found.append(_execution_example(rules, weight, example[0], example[1], "执行率提高，得分却下降",
                                            example[1] + example[2]))
    return found


def unit_scale(rules: ScoringRules, budget: Budget) -> list[Counterexample]:
    """Multiplying the actual and the target by one unit factor (人 → 万人, 元 → 万元) changes no score."""
    found = []
    for op in rules.formulas:
        cases = st.tuples(WEIGHTS, TARGETS, ACTUAL_RATIOS, FACTORS)

        @_safe
        def violates(case, op=op):
            w, t, r, k = case
            plain = evaluate(rules.formulas[op], quantitative_env(rules, w, t, t * r))
            scaled = evaluate(rules.formulas[op], quantitative_env(rules, w, t * k, t * r * k))
            return plain != scaled

        example = _search(budget, cases, violates,
                          lambda c, op=op: [_row(rules, op, c[0], c[1], c[1] * c[2]),
                                            _row(rules, op, c[0], c[1] * c[3], c[1] * c[2] * c[3])],
                          KEY_OF[op], "指标值与实际完成值换用另一单位（同乘换算系数）后得分改变")
        if example:
            found.append(example)
    if rules.execution_points:
        weight = Fraction(rules.execution_points)
        example = budget.find(st.tuples(TARGETS, ratio(0, 2000), FACTORS), _safe(
            lambda c: evaluate(rules.execution_formula, _execution_env(rules, weight, c[0], c[1]))
            != evaluate(rules.execution_formula, _execution_env(rules, weight, c[0] * c[2], c[1]))))
        if example is not None:
            b, r, k = example
            rows = []
            for amount in (b, b * k):
                env = _execution_env(rules, weight, amount, r)
                rows.append(("execution.formula", show(weight), show(amount), show(env["spent"]), show(r),
                             show(_try(rules.execution_formula, env))))
            found.append(Counterexample("execution.formula", ("规则", "分值", "全年预算数", "全年执行数", "预算执行率", "得分"),
                                        tuple(rows), "预算数与执行数换用另一单位（万元 → 元）后得分改变"))
    return found


def _unmet_ratios(rules: ScoringRules, op: Operator) -> st.SearchStrategy[Fraction]:
    """actual / target for an actual that does not meet the target, as the engine decides it.

    At actual = target a > or < indicator is unmet, but the shipped rules give it full marks on
    purpose (recorded as 未完成 with a reason required), so that single point is left out."""
    tolerance = Fraction(rules.equal_tolerance)
    below = st.integers(1, 1000).map(lambda k: (1 - tolerance) * Fraction(1000 - k, 1000))
    if op in (Operator.GE, Operator.GT):
        return ratio(0, 999)
    if op in (Operator.LE, Operator.LT):
        return ratio(1001, 4000)
    if rules.equal_met_when == "at_least":
        return below
    return st.one_of(below, st.integers(1, 3000).map(lambda k: 1 + tolerance + Fraction(k, 1000)))


def unmet_below_full(rules: ScoringRules, budget: Budget) -> list[Counterexample]:
    """An indicator the engine records as 未完成 (by its operator and `equal.met_when`) scores less than its weight."""
    found = []
    for op in rules.formulas:
        cases = st.tuples(WEIGHTS, TARGETS, _unmet_ratios(rules, op))

        @_safe
        def violates(case, op=op):
            w, t, r = case
            return evaluate(rules.formulas[op], quantitative_env(rules, w, t, t * r)) >= w

        note = "实际完成值未达到指标值（记为未完成），却得到满分"
        if op is Operator.EQ and rules.equal_met_when == "within_tolerance":
            note += "；equal.met_when = \"within_tolerance\" 时超出容差（高于或低于指标值）都算未完成，公式应与之一致"
        example = _search(budget, cases, violates, lambda c, op=op: [_row(rules, op, c[0], c[1], c[1] * c[2])],
                          KEY_OF[op], note)
        if example:
            found.append(example)
    if rules.execution_points:
        weight = Fraction(rules.execution_points)
        # Below the rate that must be explained (or below 100% when none is set) the budget is not
        # fully executed: full execution points there reward unspent money.
        limit = int(Fraction(rules.execution_threshold or 1) * 1000)
        example = budget.find(st.tuples(TARGETS, ratio(0, max(0, limit - 1))), _safe(
            lambda c: evaluate(rules.execution_formula, _execution_env(rules, weight, *c)) >= weight))
        if example is not None:
            found.append(_execution_example(rules, weight, *example, "预算执行率低于 execution.threshold（未设时低于 100%），"
                                            "却得到预算执行率的满分"))
    return found


# Factors a weight is multiplied by when a table's weights are rescaled to the indicator points.
SCALES = st.sampled_from([Fraction(1, 2), Fraction(3, 2), Fraction(90, 89), Fraction(10), Fraction(1, 3)])


def weight_scale(rules: ScoringRules, budget: Budget) -> list[Counterexample]:
    """Every score is proportional to its weight: rescaling weights (points.weights = "rescale", not-applicable
    rows under not_applicable = "rescale") scales each score by the same factor, changing no share."""
    found = []
    note = "分值乘以折算系数后，得分没有按同一系数变化（按比例折算权重时，得分占分值的比例改变了）"
    for op in rules.formulas:
        cases = st.tuples(WEIGHTS, TARGETS, ACTUAL_RATIOS, SCALES)

        @_safe
        def violates(case, op=op):
            w, t, r, k = case
            plain = evaluate(rules.formulas[op], quantitative_env(rules, w, t, t * r))
            return evaluate(rules.formulas[op], quantitative_env(rules, w * k, t, t * r)) != plain * k

        example = _search(budget, cases, violates,
                          lambda c, op=op: [_row(rules, op, c[0], c[1], c[1] * c[2]),
                                            _row(rules, op, c[0] * c[3], c[1], c[1] * c[2])],
                          KEY_OF[op], note)
        if example:
            found.append(example)
    qualitative = rules.qualitative_formula
    example = budget.find(st.tuples(WEIGHTS, ratio(0, 1000), SCALES), _safe(
        lambda c: evaluate(qualitative, {"weight": c[0] * c[2], "share": c[1]})
        != evaluate(qualitative, {"weight": c[0], "share": c[1]}) * c[2]))
    if example is not None:
        w, share, k = example
        rows = tuple(("qualitative.formula", show(x), show(share), show(_try(qualitative, {"weight": x, "share": share})))
                     for x in (w, w * k))
        found.append(Counterexample("qualitative.formula", ("规则", "分值", "得分比例", "得分"), rows, note))
    if rules.over_formula is not None:
        over, threshold = rules.over_formula, Fraction(rules.over_threshold)

        def scaled(c):
            env = _over_env(threshold, *c[:4])
            return {**env, "weight": env["weight"] * c[4], "score": env["score"] * c[4]}

        example = budget.find(st.tuples(WEIGHTS, ratio(0, 1000), TARGETS, ratio(1, 5000), SCALES), _safe(
            lambda c: evaluate(over, scaled(c)) != evaluate(over, _over_env(threshold, *c[:4])) * c[4]))
        if example is not None:
            rows = tuple(("over_achievement.formula", show(env["weight"]), show(env["score"]), show(env["excess"]),
                          show(_try(over, env))) for env in (_over_env(threshold, *example[:4]), scaled(example)))
            found.append(Counterexample("over_achievement.formula", ("规则", "分值", "扣分前得分", "超额比例", "得分"), rows, note))
    return found


def over_deducts(rules: ScoringRules, budget: Budget) -> list[Counterexample]:
    """With over_achievement.policy = "deduct", an excess beyond the threshold takes something off a full score."""
    if rules.over_formula is None:
        return []
    over, threshold = rules.over_formula, Fraction(rules.over_threshold)
    cases = st.tuples(WEIGHTS, TARGETS, ratio(1, 5000))
    example = budget.find(cases, _safe(lambda c: evaluate(over, _over_env(threshold, c[0], 1, c[1], c[2])) >= c[0]))
    if example is None:
        return []
    env = _over_env(threshold, example[0], 1, example[1], example[2])
    return [Counterexample("over_achievement.formula", ("规则", "分值", "扣分前得分", "超额比例", "得分"),
                           (("over_achievement.formula", show(env["weight"]), show(env["score"]), show(env["excess"]),
                             show(_try(over, env))),),
                           "policy = \"deduct\"，超额超过 threshold 却没有扣分：公式中的 excess 与 threshold 应相减（excess - threshold）")]
