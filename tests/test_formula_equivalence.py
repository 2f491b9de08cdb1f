"""The formula evaluator, compiled straight from the whitelisted ast, against two oracles.

For generated whitelisted formulas and exact inputs, `Formula.exact` equals the value of
the formula's sympy expression with the inputs substituted as Rationals (sympy's algebra),
and the value of the text read as plain Python arithmetic over Fractions; it raises only
where that plain reading divides by zero. `Formula.decimal` gives the exact value whenever
every quotient terminates. And compiling, scoring and auditing never import sympy.
"""

from __future__ import annotations

import ast
import decimal
import pickle
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval.errors import RuleError
from perfeval.formula import compile_formula

from .conftest import EXAMPLES, ROOT, SEED

VARS = ("weight", "actual", "target", "tolerance", "deviation")
_COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


@st.composite
def _formula(draw, leaves, divisor=None, budget: int = 10) -> str:
    """A whitelisted formula text with at most about `budget` leaves: every operator, function and
    conditional form of the grammar. With `divisor`, the right of every `/` is drawn from it."""
    if budget <= 1 or draw(st.integers(0, 3)) == 0:
        return draw(leaves)
    inner = _formula(leaves, divisor, budget // 2)
    shape = draw(st.integers(0, 7))
    if shape == 0:
        return f"({draw(inner)} {draw(st.sampled_from('+-*'))} {draw(inner)})"
    if shape == 1:
        return f"({draw(inner)} / {draw(divisor if divisor is not None else inner)})"
    if shape == 2:
        return f"(-{draw(inner)})"
    if shape == 3:
        args = ", ".join(draw(inner) for _ in range(draw(st.integers(2, 3))))
        return f"{draw(st.sampled_from(('Min', 'Max')))}({args})"
    if shape == 4:
        return f"Abs({draw(inner)})"
    condition = draw(_condition(inner))
    if shape in (5, 6):
        return f"if_({condition}, {draw(inner)}, {draw(inner)})"
    return f"({draw(inner)} if {condition} else {draw(inner)})"


@st.composite
def _condition(draw, inner) -> str:
    def comparison():
        return f"{draw(inner)} {draw(st.sampled_from(_COMPARISONS))} {draw(inner)}"

    shape = draw(st.integers(0, 4))
    if shape == 0:
        return f"{comparison()} {draw(st.sampled_from(_COMPARISONS))} {draw(inner)}"  # a chain
    if shape == 1:
        return f"({comparison()} {draw(st.sampled_from(('and', 'or')))} {comparison()})"
    if shape == 2:
        return f"(not {comparison()})"
    return comparison()


LITERALS = ("0", "1", "2", "3", "0.5", "0.3", "90", "1.25", "1e2", "1_000")
FORMULAS = _formula(st.sampled_from(VARS + LITERALS))
VALUES = st.sampled_from([Fraction(0), Fraction(1), Fraction(-1), Fraction(3), Fraction(95), Fraction(1, 2),
                          Fraction(-7, 4), Fraction(9, 10), Fraction(100), Fraction(1, 3)])
ENVS = st.fixed_dictionaries({name: VALUES for name in VARS})


@st.composite
def _divisor(draw, budget: int = 4) -> str:
    """A ± product of powers of 2 and 5 (or 0) whenever its inputs are: no sums."""
    leaf = st.sampled_from(VARS + _POWER_LITERALS)
    if budget <= 1 or draw(st.integers(0, 2)) == 0:
        return draw(leaf)
    inner = _divisor(budget // 2)
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return f"({draw(inner)} {draw(st.sampled_from('*/'))} {draw(inner)})"
    if shape == 1:
        return f"(-{draw(inner)})"
    if shape == 2:
        return f"{draw(st.sampled_from(('Min', 'Max')))}({draw(inner)}, {draw(inner)})"
    if shape == 3:
        return f"Abs({draw(inner)})"
    return f"if_({draw(inner)} < {draw(inner)}, {draw(inner)}, {draw(inner)})"


# Divisors that are ± products of powers of 2 and 5 (or 0), over inputs of that form: then
# every quotient terminates, and a Decimal evaluation must be exact.
_POWERS = [Fraction(n) for n in ("0", "1", "2", "4", "5", "8", "10", "16", "25", "100", "0.5", "0.2", "0.25", "0.125")]
_POWER_LITERALS = ("1", "2", "5", "10", "0.5", "0.25", "0.2")
TERMINATING = _formula(st.sampled_from(VARS + LITERALS), _divisor())
POWER_ENVS = st.fixed_dictionaries({name: st.sampled_from(_POWERS + [-p for p in _POWERS[1:]]) for name in VARS})


class _Undefined(Exception):
    """The oracle has no value here (a division by zero, or sympy's zoo/nan)."""


def _plain(text: str, env: dict) -> Fraction:
    """The text read as plain Python arithmetic over Fractions: left to right, short-circuit
    `and`/`or`, only the chosen branch of a conditional, no algebra at all."""

    def value(node):
        if isinstance(node, ast.Constant):
            return Fraction(str(Decimal(ast.get_source_segment(text, node).replace("_", ""))))
        if isinstance(node, ast.Name):
            return env[node.id]
        if isinstance(node, ast.UnaryOp):
            inner = value(node.operand)
            return -inner if isinstance(node.op, ast.USub) else (not inner) if isinstance(node.op, ast.Not) else inner
        if isinstance(node, ast.BinOp):
            left, right = value(node.left), value(node.right)
            op = type(node.op)
            if op is ast.Div and right == 0:
                raise _Undefined
            return {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}[op] if op is not ast.Div \
                else left / right
        if isinstance(node, ast.BoolOp):
            for part in node.values:
                truth = value(part)
                if truth is isinstance(node.op, ast.Or):
                    return truth
            return truth
        if isinstance(node, ast.Compare):
            left = value(node.left)
            for op, right_node in zip(node.ops, node.comparators):
                right = value(right_node)
                if not {ast.Lt: left < right, ast.LtE: left <= right, ast.Gt: left > right, ast.GtE: left >= right,
                        ast.Eq: left == right, ast.NotEq: left != right}[type(op)]:
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return value(node.body) if value(node.test) else value(node.orelse)
        name, args = node.func.id, node.args
        if name == "if_":
            return value(args[1]) if value(args[0]) else value(args[2])
        values = [value(a) for a in args]
        return abs(values[0]) if name == "Abs" else (min if name == "Min" else max)(values)

    return value(ast.parse(text, mode="eval").body)


def _symbolic(formula, env: dict) -> Fraction:
    """The formula's sympy expression evaluated with the inputs as Rationals: sympy's algebra,
    then its arithmetic, taking a conditional's first branch whose condition holds (as
    substituting into the whole expression would not: it evaluates unused branches too)."""
    import sympy

    values = {s: sympy.Rational(env[str(s)].numerator, env[str(s)].denominator) for s in formula.expr.free_symbols}

    def evaluate(expr):
        if isinstance(expr, sympy.Piecewise):
            for branch, condition in expr.args:
                if evaluate(condition) is sympy.true:
                    return evaluate(branch)
            raise _Undefined
        if isinstance(expr, (sympy.And, sympy.Or)):
            decisive = sympy.true if isinstance(expr, sympy.Or) else sympy.false
            for part in expr.args:
                if evaluate(part) is decisive:
                    return decisive
            return sympy.false if decisive is sympy.true else sympy.true
        if not expr.args:
            return values.get(expr, expr)
        return expr.func(*(evaluate(a) for a in expr.args))

    try:
        result = evaluate(formula.expr)
    except (TypeError, ValueError):  # sympy compared zoo or nan (a quotient by 0) with a number
        raise _Undefined from None
    if not result.is_Rational:
        raise _Undefined
    return Fraction(int(result.p), int(result.q))


def _outcome(evaluate, *args):
    try:
        return evaluate(*args)
    except (_Undefined, ArithmeticError):
        return _Undefined


def _compiled(text: str):
    try:
        return compile_formula(text, VARS)
    except RuleError:  # a literal or identically-zero divisor: refused, nothing to evaluate
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FORMULAS, ENVS)
def test_exact_value_is_sympys_and_the_plain_arithmetic_value(text, env):
    formula = _compiled(text)
    if formula is None:
        return
    value = _outcome(formula.exact, env)
    plain = _outcome(_plain, text, env)
    if value is _Undefined:
        # the evaluator raises only where the text itself divides by zero
        assert plain is _Undefined, (text, env, plain)
        return
    assert isinstance(value, Fraction)
    try:
        symbolic = _outcome(_symbolic, formula, env)
    except RuleError:  # a divisor only sympy's algebra shows to be 0 (Min(x, x) - x): refused by rules check
        symbolic = _Undefined
    # where the text divides by zero, sympy's algebra may have cancelled it (0 * (weight / actual)):
    # then the value is sympy's; never both undefined
    assert plain is not _Undefined or symbolic is not _Undefined, (text, env)
    assert plain is _Undefined or value == plain, (text, env, value, plain)
    assert symbolic is _Undefined or value == symbolic, (text, env, value, symbolic)


# Decimals written several ways (1, 1.0, 1.00, 1E+2): an evaluator that took another path to the same value would
# show in the exponent of its result
_DECIMALS = st.sampled_from([Decimal(0), Decimal("0.0"), Decimal("-0"), Decimal(1), Decimal("1.0"), Decimal("1.00"),
                             Decimal(-1), Decimal(3), Decimal("95.5"), Decimal("0.5"), Decimal("-1.75"), Decimal("0.9"),
                             Decimal("1E+2"), Decimal(100), Decimal("160.02"), Decimal(7) / 3])
_ORDERS = st.permutations(VARS)
# chains of products and quotients (`-weight / actual * 3 / target`): where the order of multiplying and dividing shows
_CHAINS = st.builds(lambda sign, first, rest: sign + first + "".join(f" {op} {leaf}" for op, leaf in rest),
                    st.sampled_from(["", "-"]), st.sampled_from(VARS),
                    st.lists(st.tuples(st.sampled_from("*/"), st.sampled_from(VARS + ("3", "0.3", "7"))), min_size=1,
                             max_size=5))


def _decimal_outcome(evaluate, *args):
    try:
        return repr(evaluate(*args))
    except ArithmeticError as exc:
        return type(exc)


@settings(max_examples=400, deadline=None)
@given(FORMULAS | _CHAINS, st.fixed_dictionaries({name: _DECIMALS for name in VARS}), _ORDERS, st.sampled_from([50, 4]))
def test_the_positional_function_gives_the_decimal_evaluators_digits(text, env, order, precision):
    """`Formula.positional` (one generated function, the variables in any order) gives what `decimal` gives, to the
    last digit and exponent, or raises the same exception; at 4 digits too, where any other order of operations
    would round apart. It fails if a chain's divisors are divided one by one, a constant divided before it is
    evaluated, Min/Max's ties broken the other way, or a branch not taken is evaluated."""
    formula = _compiled(text)
    if formula is None:
        return
    function = formula.positional(tuple(order))
    assert function is not None
    assert formula.positional(tuple(order)) is function  # made once
    values = [env[name] for name in order]
    with decimal.localcontext() as ctx:
        ctx.prec = precision
        ctx.traps[decimal.Inexact] = False
        assert _decimal_outcome(function, *values) == _decimal_outcome(formula.decimal, env), (text, env)


def test_the_positional_function_needs_every_variable_the_formula_reads():
    formula = compile_formula("weight * Min(1, rate) + 1 / 3", ("weight", "rate", "spent"))
    assert formula.positional(("weight",)) is None
    function = formula.positional(("rate", "weight", "spent"))
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        assert repr(function(Decimal("0.95"), Decimal("10.0"), Decimal(1))) == \
            repr(formula.decimal({"weight": Decimal("10.0"), "rate": Decimal("0.95")})) == \
            "Decimal('9.8333333333333333333333333333333333333333333333333')"
    assert "weight" not in function.__code__.co_varnames  # the source is the generator's own names
    guarded = compile_formula("if_(rate > 0, weight / rate, weight)", ("weight", "rate")).positional(("weight", "rate"))
    assert guarded(Decimal(10), Decimal(0)) == 10  # the branch not taken is not evaluated (no division by 0)


@settings(max_examples=300, deadline=None)
@given(TERMINATING, POWER_ENVS)
def test_decimal_value_is_exact_where_every_quotient_terminates(text, env):
    formula = _compiled(text)
    if formula is None:
        return
    exact = _outcome(formula.exact, env)
    with decimal.localcontext() as ctx:
        ctx.prec = 200  # far more digits than ten leaves of these numbers need
        ctx.clear_flags()  # the copy keeps whatever flags earlier tests left in the thread's context
        value = _outcome(formula.decimal, {k: Decimal(v.numerator) / Decimal(v.denominator) for k, v in env.items()})
        inexact = ctx.flags[decimal.Inexact]
    if exact is _Undefined:
        assert value is _Undefined, (text, env, value)
        return
    assert not inexact and isinstance(value, Decimal) and Fraction(value) == exact, (text, env, value, exact)
    plain = _outcome(_plain, text, env)
    assert plain is _Undefined or exact == plain, (text, env, exact, plain)


@pytest.mark.parametrize("text, env, expected", [
    # sympy's algebra, kept: a product with a literal 0 is 0, whatever the other factor
    ("0 * (weight / actual)", {"weight": 5, "actual": 0}, 0),
    ("weight * (1 - 1) / actual", {"weight": 5, "actual": 0}, 0),
    # constant parts are folded exactly, and a constant condition picks its branch once
    ("weight * (1 / 3) * 3", {"weight": 7}, 7),
    ("if_(1 > 2, weight / actual, weight)", {"weight": 5, "actual": 0}, 5),
    ("weight / 3", {"weight": 1}, Fraction(1, 3)),
    ("Min(1 / 3, weight)", {"weight": 1}, Fraction(1, 3)),
])
def test_folded_constants_and_zero_products(text, env, expected):
    formula = compile_formula(text, VARS)
    assert formula.exact({k: Fraction(v) for k, v in env.items()}) == expected
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        value = formula({k: Decimal(v) for k, v in env.items()})
    assert abs(Fraction(value) - Fraction(expected)) < Fraction(1, 10 ** 49)


def test_a_quotient_by_zero_raises_where_the_text_divides_by_zero():
    formula = compile_formula("weight * actual / actual", VARS)
    assert formula.exact({"weight": Fraction(3), "actual": Fraction(2)}) == 3
    with pytest.raises(ZeroDivisionError):
        formula.exact({"weight": Fraction(3), "actual": Fraction(0)})
    with pytest.raises(ArithmeticError):  # decimal.InvalidOperation: 0 / 0
        formula({"weight": Decimal(3), "actual": Decimal(0)})


@pytest.mark.parametrize("text", ["weight / (actual - actual)", "weight / (2 * target - target - target)",
                                  "weight / ((actual + 1) * (actual - 1) - actual * actual + 1)",
                                  "weight / (Min(actual, 1) - Min(actual, 1))"])
def test_a_divisor_that_is_zero_whatever_the_variables_is_refused(text):
    with pytest.raises(RuleError) as info:
        compile_formula(text, VARS, file="rules/x.toml", key="formulas.ge", line=3)
    problem = info.value.problems[0]
    assert (problem.file, problem.line, problem.found) == ("rules/x.toml", 3, text)
    assert "formulas.ge：除数为 0" == problem.expected


def test_expr_is_built_on_first_use_and_pickling_recompiles_with_the_file_and_key():
    formula = compile_formula("if_(actual >= target, weight, weight * actual / target)", VARS,
                              file="rules/x.toml", key="formulas.ge", line=9)
    assert formula._expr is None
    assert str(formula) == "Piecewise((weight, actual >= target), (actual*weight/target, True))"
    assert formula.variables == {"weight", "actual", "target"}
    again = pickle.loads(pickle.dumps(formula))
    assert again == formula and again._expr is None and again.where == ("rules/x.toml", "formulas.ge", 9)
    env = {"weight": Fraction(20), "actual": Fraction(90), "target": Fraction(95)}
    assert again.exact(env) == formula.exact(env) == Fraction(360, 19)


_HEAVY = {"sympy", "mpmath", "hypothesis", "openpyxl", "pdfplumber", "pdfminer", "docx", "xlrd", "opencc", "lxml",
          "bs4", "html5lib"}


@pytest.mark.parametrize("argv", [
    ["score", str(SEED), str(EXAMPLES / "tongnan-shebao-2026.actuals.csv"), "--format", "json"],
    ["score", str(SEED), str(EXAMPLES / "tongnan-shebao-2026.actuals.csv"), "--rules", "province-20"],
    ["audit", str(EXAMPLES / "audit" / "faulty-daolu-yanghu.txt"), "--format", "json"],
    ["audit", str(EXAMPLES / "audit" / "faulty-jiuye-peixun.json")],
], ids=["score-json", "score-table", "audit-txt", "audit-json"])
def test_score_and_audit_import_no_sympy_nor_any_heavy_module(argv):
    code = ("import sys\nfrom perfeval.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(_HEAVY)!r}), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.stdout.strip(), result.stderr  # it did score / audit
    assert result.stderr.strip().splitlines()[-1] == "[]"
