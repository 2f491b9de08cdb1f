"""The formula whitelist and compiler: what is accepted, what is refused, and exact results."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from perfeval.errors import RuleError
from perfeval.formula import compile_formula, parse_formula

VARS = ("weight", "actual", "target", "tolerance", "deviation")


def evaluate(text: str, **values):
    formula = compile_formula(text, VARS)
    return formula({k: Decimal(str(v)) for k, v in values.items()}), formula.exact(
        {k: Fraction(str(v)) for k, v in values.items()})


@pytest.mark.parametrize("text, values, expected", [
    ("weight * Min(1, actual / target)", dict(weight=30, actual=150000, target=200000), "22.5"),
    ("weight * Min(1, actual / target)", dict(weight=30, actual=250000, target=200000), "30"),
    ("if_(actual <= target, weight, weight * target / actual)", dict(weight=20, actual=25, target=20), "16"),
    ("if_(actual <= target, weight, weight * target / actual)", dict(weight=20, actual=0, target=20), "20"),
    ("weight if actual >= target else 0", dict(weight=20, actual=94, target=95), "0"),
    ("weight * Max(0, 1 - Abs(actual - target) / target)", dict(weight=10, actual=104, target=100), "9.6"),
    ("-weight + 2 * weight - 0.25", dict(weight=10), "9.75"),
    ("weight if 0 <= actual < target else 1", dict(weight=7, actual=3, target=4), "7"),
    ("if_(actual > 0 and not actual > target or actual == 99, 1, 2)", dict(actual=99, target=4), "1"),
])
def test_formulas_evaluate_exactly(text, values, expected):
    decimal_value, exact_value = evaluate(text, **values)
    assert decimal_value == Decimal(expected)
    assert exact_value == Fraction(expected)


def test_division_is_one_exact_step():
    # 3 × (1/3) in decimals would give 0.999…; the compiler divides once, so a met target scores full.
    decimal_value, exact_value = evaluate("weight * actual / target", weight=30, actual=3, target=3)
    assert decimal_value == 30 and exact_value == 30


def test_non_terminating_quotient_is_exact_in_fractions():
    _, exact_value = evaluate("weight * actual / target", weight=10, actual=90, target=95)
    assert exact_value == Fraction(180, 19)


def test_literals_are_read_from_their_digits_not_floats():
    formula = compile_formula("weight * 0.1", VARS)
    assert formula.exact({"weight": Fraction(3)}) == Fraction(3, 10)


def test_no_float_in_results():
    value, _ = evaluate("weight * Min(1, actual / target) + 0.5", weight=10, actual=1, target=3)
    assert isinstance(value, Decimal)


def test_variables_used_are_reported():
    assert compile_formula("weight * Min(1, actual / target)", VARS).variables == {"weight", "actual", "target"}


@pytest.mark.parametrize("text, token, words", [
    ("__import__('os').system('touch PWNED')", "__import__('os').system", "属性访问"),
    ("weight.real", "weight.real", "属性访问"),
    ("(lambda: 1)()", "lambda: 1", "lambda"),
    ("wieght * 2", "wieght", "是否想写：weight？"),
    ("open('x')", "open", "未知的函数"),
    ("weight ** 2", "weight ** 2", "乘方"),
    ("[1][0]", "[1][0]", "下标"),
    ("'text'", "'text'", "数字常量"),
    ("True", "True", "数字常量"),
    ("actual >= target", "actual >= target", "应得出一个数"),
    ("Min(1)", "Min(1)", "至少需要 2 个参数"),
    ("Min(a=1, b=2)", "Min(a=1, b=2)", "按位置"),
    ("if_(weight, 1, 2)", "weight", "应为条件"),
    ("if_(1 < 2, 3)", "if_(1 < 2, 3)", "3 个参数"),
    ("weight / 0", "weight / 0", "除数为 0"),
    ("weight *", "weight *", "语法错误"),
    ("x := 1", "x := 1", "语法错误"),
])
def test_disallowed_text_is_refused_with_file_key_and_token(text, token, words):
    with pytest.raises(RuleError) as info:
        compile_formula(text, VARS, file="rules/x.toml", key="formulas.ge", line=12)
    problem = info.value.problems[0]
    assert (problem.file, problem.line, problem.found) == ("rules/x.toml", 12, token)
    assert "formulas.ge" in problem.expected and words in problem.expected


def test_refused_text_is_never_executed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for text in ("__import__('os').system('touch PWNED')", "open('PWNED', 'w')",
                 "(lambda: __import__('os').system('touch PWNED'))()", "[__import__('os').system('touch PWNED')][0]"):
        with pytest.raises(RuleError):
            compile_formula(text, VARS)
    assert not (tmp_path / "PWNED").exists()


def test_variables_are_per_context():
    with pytest.raises(RuleError, match="share"):
        parse_formula("weight * share", ("weight", "rate"))


@pytest.mark.parametrize("text, kept", [
    ("0 / (weight / if_(weight <= weight <= weight, 0, weight))", None),  # found by the sympy equivalence property
    ("weight / if_(actual + 1 > actual, 0, 1)", None),
    ("weight / if_(2 * actual - actual != actual, 1, 0)", None),
    ("weight * if_(actual >= actual, 1, 0)", "weight"),
    ("weight * if_(actual < actual + 0, 1, 0)", "0"),
])
def test_a_comparison_decided_by_algebra_is_folded_as_sympy_folds_it(text, kept):
    """A condition true (or false) whatever the variables decides its conditional when the file is loaded: a divisor
    it makes 0 is refused there, as `rules check` (sympy) refuses it, not evaluated to a value sympy would not give."""
    if kept is None:
        with pytest.raises(RuleError, match="除数为 0"):
            compile_formula(text, VARS)
        with pytest.raises(RuleError, match="除数为 0"):
            parse_formula(text, VARS)
        return
    formula = compile_formula(text, VARS)
    env = {name: Decimal(3) for name in VARS}
    assert formula(env) == (Decimal(3) if kept == "weight" else 0)
    assert str(formula.expr) == kept


def test_a_comparison_algebra_cannot_decide_is_left_to_the_values():
    """Not decided when loaded: a comparison whose difference divides by a variable (undefined where it is 0), or
    one whose sides differ by more than a constant."""
    env = {"weight": Decimal(2), "actual": Decimal(1), "target": Decimal(2), "tolerance": Decimal(0),
           "deviation": Decimal(0)}
    quotient = compile_formula("weight * if_(weight / actual <= weight / actual, 1, 0)", VARS)
    assert quotient(env) == 2
    with pytest.raises(ArithmeticError):
        quotient({**env, "actual": Decimal(0)})
    for text in ("weight * if_(actual <= target, 1, 0)", "weight * if_(weight * actual >= weight, 1, 0)"):
        formula = compile_formula(text, VARS)
        assert (formula(env), formula({**env, "actual": Decimal(3) if "target" in text else Decimal(0)})) == (2, 0)
