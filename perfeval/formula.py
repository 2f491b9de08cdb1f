"""Scoring formulas as data: parsed through a whitelist, compiled once, evaluated many times.

A rule file writes a formula such as `weight * Min(1, actual / target)`. The text is
parsed with Python's `ast` and every node is checked against a short whitelist before
a sympy expression is built from it, node by node; nothing in the text is ever handed
to eval, exec, sympify or parse_expr. The sympy expression is then compiled into a tree
of small closures over exact Python numbers (Decimal or Fraction), so sympy never runs
per indicator and no float can creep in.

Grammar (Python expression syntax, restricted):
  numbers (`90`, `0.8`, read exactly from their digits), the variables the caller allows,
  `+ - * /`, unary minus, comparisons (`< <= > >= == !=`, chains allowed), `and or not`,
  `Min(a, b, ...)`, `Max(a, b, ...)`, `Abs(x)`, and conditionals written either
  `if_(condition, then, otherwise)` or `then if condition else otherwise`.
"""

from __future__ import annotations

import ast
import operator
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Collection, Mapping

import attrs

from .errors import RuleError, problem_at
from .limits import FORMULA_CHARS, FORMULA_DEPTH, NUMBER_DIGITS, checked_decimal
from .suggestions import suggestion

FUNCTIONS = ("Min", "Max", "Abs", "if_")

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}

# What a rejected node is called in the message, so users see their own token.
_NODE_NAMES = {
    ast.Attribute: "属性访问（.）", ast.Lambda: "lambda", ast.Subscript: "下标（[]）",
    ast.Pow: "乘方（**）", ast.FloorDiv: "整除（//）", ast.Mod: "取余（%）",
    ast.ListComp: "推导式", ast.GeneratorExp: "生成器表达式", ast.Dict: "字典", ast.List: "列表",
    ast.Tuple: "元组", ast.Set: "集合", ast.Starred: "星号展开", ast.NamedExpr: "赋值表达式（:=）",
    ast.JoinedStr: "f-字符串", ast.Await: "await", ast.Yield: "yield",
}


class _Reject(Exception):
    """Internal: carries the offending token up to the place that knows the file and key."""

    def __init__(self, token: str, why: str):
        super().__init__(token)
        self.token = token
        self.why = why


@attrs.frozen
class Formula:
    """A checked, compiled formula: its text, its sympy expression and a fast exact evaluator.

    Call it (or `decimal`) with a mapping of Decimal values, or `exact`/`fraction` with
    Fractions; constants are compiled for both, and the result has the type of the inputs.
    """

    text: str
    expr: Any = attrs.field(repr=False, eq=False)
    variables: frozenset[str]
    decimal: Callable[[Mapping[str, Any]], Any] = attrs.field(repr=False, eq=False)
    fraction: Callable[[Mapping[str, Any]], Any] = attrs.field(repr=False, eq=False)

    def __call__(self, env: Mapping[str, Any]) -> Any:
        return self.decimal(env)

    def exact(self, env: Mapping[str, Any]) -> Fraction:
        """Evaluate over Fractions: exact even where a quotient does not terminate."""
        return self.fraction(env)

    def __str__(self) -> str:
        return str(self.expr)

    def __reduce__(self):
        # compiled closures do not pickle: a worker process (api.each_file) compiles the text again
        return compile_formula, (self.text, self.variables)


def parse_formula(text: str, variables: Collection[str], *, file: str = "<formula>",
                  key: str = "formula", line: int | None = None):
    """The sympy expression of `text`, built only from whitelisted nodes.

    Raises RuleError naming the file, the key and the offending token; nothing in the
    text is executed.
    """
    if not isinstance(text, str) or not text.strip():
        raise RuleError(problem_at(file, line, f"{key}：应为非空的公式字符串", text))
    if len(text) > FORMULA_CHARS.value:
        raise RuleError(problem_at(file, line, f"{key}：{FORMULA_CHARS.expected()}", text))
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (RecursionError, MemoryError):
        raise RuleError(problem_at(file, line, f"{key}：{FORMULA_DEPTH.expected()}", text)) from None
    except ValueError as exc:  # an integer literal past Python's digit limit
        raise RuleError(problem_at(file, line, f"{key}：{NUMBER_DIGITS.expected()}", str(exc))) from None
    except SyntaxError as exc:
        column = f"第 {exc.offset} 列" if exc.offset else ""
        raise RuleError(problem_at(file, line, f"{key}：公式语法错误{column}，应为如 weight * Min(1, actual / target) 的算式",
                                   text)) from None
    depth = _depth(tree.body)
    if depth > FORMULA_DEPTH.value:
        raise RuleError(problem_at(file, line, f"{key}：{FORMULA_DEPTH.expected()}", f"{depth} 层"))
    try:
        expr = _Builder(text.strip(), frozenset(variables)).build(tree.body)
    except _Reject as rej:
        raise RuleError(problem_at(file, line, f"{key}：{rej.why}", rej.token)) from None
    import sympy

    if not isinstance(expr, sympy.Expr):
        raise RuleError(problem_at(file, line, f"{key}：公式应得出一个数（得分），而不是条件", text))
    bad = next((a for a in expr.atoms(sympy.Number) if a.is_finite is not True), None)
    if bad is not None:  # zoo from a division by zero sympy folded, oo, nan
        raise RuleError(problem_at(file, line, f"{key}：公式化简后含有非实数常量 {bad}（通常是某处除以 0），应为有限的实数", text))
    return expr


def _depth(root: ast.AST) -> int:
    """The nesting depth of an ast, measured iteratively (the builder below recurses)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= FORMULA_DEPTH.value:
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def compile_formula(text: str, variables: Collection[str], *, file: str = "<formula>",
                    key: str = "formula", line: int | None = None) -> Formula:
    """Parse `text` through the whitelist and compile it once for Decimal and Fraction evaluation."""
    expr = parse_formula(text, variables, file=file, key=key, line=line)
    try:
        decimal_fn = _Compiler(_decimal_constant).compile(expr)
        fraction_fn = _Compiler(_fraction_constant).compile(expr)
    except _Reject as rej:
        raise RuleError(problem_at(file, line, f"{key}：{rej.why}", rej.token)) from None
    used = frozenset(str(s) for s in expr.free_symbols)
    return Formula(text.strip(), expr, used, decimal_fn, fraction_fn)


class _Builder:
    """Walks a Python ast and builds the sympy expression, refusing any node not on the whitelist."""

    def __init__(self, source: str, variables: frozenset[str]):
        import sympy

        self.sympy = sympy
        self.source = source
        self.variables = variables
        self.symbols: dict[str, Any] = {}

    def token(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or type(node).__name__

    def build(self, node: ast.AST):
        sp = self.sympy
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise _Reject(self.token(node), "公式中只允许数字常量")
            literal = self.token(node).replace("_", "")
            try:  # range first: Rational("1e999999999") would build a billion-digit integer
                checked_decimal(literal)
            except ValueError as exc:
                raise _Reject(literal, str(exc)) from None
            except ArithmeticError:
                raise _Reject(literal, "数字常量应写成十进制数，如 0.5 或 90") from None
            return sp.Rational(literal)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = self.build(node.left), self.build(node.right)
            self.require_number(node.left, left)
            self.require_number(node.right, right)
            symbol = _BINARY[type(node.op)]
            if symbol == "+":
                return left + right
            if symbol == "-":
                return left - right
            if symbol == "*":
                return left * right
            if right == 0:
                raise _Reject(self.token(node), "除数为 0")
            return left / right
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self.build(node.operand)
            self.require_number(node.operand, value)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return sp.Not(self.condition(node.operand))
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(v) for v in node.values]
            return sp.And(*parts) if isinstance(node.op, ast.And) else sp.Or(*parts)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            return self.conditional(node.test, node.body, node.orelse)
        if isinstance(node, ast.Call):
            return self.call(node)
        kind = _NODE_NAMES.get(type(node)) or _NODE_NAMES.get(type(getattr(node, "op", None))) or type(node).__name__
        raise _Reject(self.token(node), f"公式中不允许 {kind}；只允许数字、变量、+ - * /、比较、Min、Max、Abs、if_")

    def name(self, node: ast.Name):
        if node.id in FUNCTIONS:
            raise _Reject(node.id, f"{node.id} 是函数，应写成 {node.id}(…)")
        if node.id not in self.variables:
            allowed = "、".join(sorted(self.variables))
            raise _Reject(node.id, f"未知的名称{suggestion(node.id, sorted(self.variables))}；此处可用的变量：{allowed}")
        symbol = self.symbols.get(node.id)
        if symbol is None:
            symbol = self.symbols[node.id] = self.sympy.Symbol(node.id, real=True)
        return symbol

    def call(self, node: ast.Call):
        func = node.func
        if not isinstance(func, ast.Name):
            kind = _NODE_NAMES.get(type(func))
            why = f"公式中不允许 {kind}" if kind else "只能调用 Min、Max、Abs、if_ 这几个函数"
            raise _Reject(self.token(func), why)
        if func.id not in FUNCTIONS:
            raise _Reject(func.id, "未知的函数；只允许 Min、Max、Abs、if_")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise _Reject(self.token(node), f"{func.id} 只接受按位置给出的参数")
        if func.id == "if_":
            if len(node.args) != 3:
                raise _Reject(self.token(node), "if_ 需要 3 个参数：if_(条件, 成立时的值, 否则的值)")
            return self.conditional(*node.args)
        args = [self.build(a) for a in node.args]
        for a, value in zip(node.args, args):
            self.require_number(a, value)
        if func.id == "Abs":
            if len(args) != 1:
                raise _Reject(self.token(node), "Abs 需要 1 个参数")
            return self.sympy.Abs(args[0])
        if len(args) < 2:
            raise _Reject(self.token(node), f"{func.id} 至少需要 2 个参数")
        return (self.sympy.Min if func.id == "Min" else self.sympy.Max)(*args)

    def conditional(self, test: ast.AST, body: ast.AST, orelse: ast.AST):
        cond = self.condition(test)
        then, other = self.build(body), self.build(orelse)
        self.require_number(body, then)
        self.require_number(orelse, other)
        return self.sympy.Piecewise((then, cond), (other, True))

    def compare(self, node: ast.Compare):
        sp = self.sympy
        ops = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "==": sp.Eq, "!=": sp.Ne}
        parts = []
        left_node, left = node.left, self.build(node.left)
        self.require_number(left_node, left)
        for op, right_node in zip(node.ops, node.comparators):
            if type(op) not in _COMPARE:
                raise _Reject(self.token(node), "只允许 < <= > >= == != 比较")
            right = self.build(right_node)
            self.require_number(right_node, right)
            parts.append(ops[_COMPARE[type(op)]](left, right, evaluate=False))
            left = right
        return parts[0] if len(parts) == 1 else sp.And(*parts)

    def condition(self, node: ast.AST):
        value = self.build(node)
        if isinstance(value, self.sympy.Expr):
            raise _Reject(self.token(node), "此处应为条件（比较），例如 actual >= target")
        return value

    def require_number(self, node: ast.AST, value) -> None:
        if not isinstance(value, self.sympy.Expr):
            raise _Reject(self.token(node), "此处应为数值，而不是条件")


def _decimal_constant(p: int, q: int):
    return Decimal(p) if q == 1 else Decimal(p) / Decimal(q)


def _fraction_constant(p: int, q: int):
    return Fraction(p, q)


_RELATIONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
              "==": operator.eq, "!=": operator.ne}


class _Compiler:
    """Turns a sympy expression into nested closures `env -> number` (no exec, no lambdify).

    Products keep their divisors apart and divide once at the end, so `actual / target`
    is one exact division rather than `actual * (1 / target)`.
    """

    def __init__(self, constant: Callable[[int, int], Any]):
        self.constant = constant

    def compile(self, expr) -> Callable[[Mapping[str, Any]], Any]:
        import sympy as sp

        if expr is sp.true or expr is sp.false:
            value = bool(expr)
            return lambda env: value
        if isinstance(expr, sp.Symbol):
            return operator.itemgetter(str(expr))
        if isinstance(expr, sp.Rational):  # Integer is a Rational
            value = self.constant(int(expr.p), int(expr.q))
            return lambda env: value
        if isinstance(expr, sp.Add):
            return self.add(expr.args)
        if isinstance(expr, sp.Mul):
            return self.mul(expr.args)
        if isinstance(expr, sp.Pow):
            return self.mul((expr,))
        if isinstance(expr, (sp.Min, sp.Max)):
            parts = [self.compile(a) for a in expr.args]
            pick = min if isinstance(expr, sp.Min) else max
            if len(parts) == 2:
                a, b = parts
                return lambda env: pick(a(env), b(env))
            return lambda env: pick([p(env) for p in parts])
        if isinstance(expr, sp.Abs):
            inner = self.compile(expr.args[0])
            return lambda env: abs(inner(env))
        if isinstance(expr, sp.Piecewise):
            branches = [(self.compile(e), self.compile(c)) for e, c in expr.args]

            def piecewise(env):
                for value, cond in branches:
                    if cond(env):
                        return value(env)
                raise ArithmeticError("no branch of the conditional applies")

            return piecewise
        if isinstance(expr, sp.core.relational.Relational):
            relation = _RELATIONS[expr.rel_op]
            left, right = self.compile(expr.lhs), self.compile(expr.rhs)
            return lambda env: relation(left(env), right(env))
        if isinstance(expr, sp.And):
            parts = [self.compile(a) for a in expr.args]
            return lambda env: all(p(env) for p in parts)
        if isinstance(expr, sp.Or):
            parts = [self.compile(a) for a in expr.args]
            return lambda env: any(p(env) for p in parts)
        if isinstance(expr, sp.Not):
            inner = self.compile(expr.args[0])
            return lambda env: not inner(env)
        raise _Reject(type(expr).__name__, "公式化简后出现了无法编译的运算")

    def add(self, args):
        terms = [self.compile(a) for a in args]
        if len(terms) == 2:
            a, b = terms
            return lambda env: a(env) + b(env)

        def total(env):
            value = terms[0](env)
            for term in terms[1:]:
                value = value + term(env)
            return value

        return total

    def mul(self, args):
        import sympy as sp

        numerator, denominator = [], []
        for arg in args:
            if isinstance(arg, sp.Pow):
                base, exp = arg.args
                if not (isinstance(exp, sp.Integer) and exp != 0 and abs(int(exp)) <= 16):
                    raise _Reject(str(arg), "只允许整数次幂（由乘除化简得到）")
                (numerator if exp > 0 else denominator).extend([base] * abs(int(exp)))
            elif isinstance(arg, sp.Rational) and not isinstance(arg, sp.Integer):
                numerator.append(sp.Integer(arg.p))
                denominator.append(sp.Integer(arg.q))
            else:
                numerator.append(arg)
        top = self.product([self.compile(a) for a in numerator])
        if not denominator:
            return top
        bottom = self.product([self.compile(a) for a in denominator])
        return lambda env: top(env) / bottom(env)

    def product(self, factors):
        if not factors:
            one = self.constant(1, 1)
            return lambda env: one
        if len(factors) == 1:
            return factors[0]
        if len(factors) == 2:
            a, b = factors
            return lambda env: a(env) * b(env)

        def product(env):
            value = factors[0](env)
            for factor in factors[1:]:
                value = value * factor(env)
            return value

        return product
