"""Scoring formulas as data: parsed through a whitelist, compiled once, evaluated many times.

A rule file writes a formula such as `weight * Min(1, actual / target)`. The text is
parsed with Python's `ast` and every node is checked against a short whitelist into a
small tree of its own (`_Node`); nothing in the text is ever handed to eval, exec,
sympify or parse_expr. That tree is compiled straight into small closures over exact
Python numbers (Decimal or Fraction), so no float can creep in and loading a rule set
never imports sympy (≈ 0.3 s of CPU at every start). For a caller that evaluates one formula
for every project, `Formula.positional` writes the same Decimal steps as one Python function
of positional parameters: its source is the compiler's own (parameter and constant names it
makes up, operators from the whitelist's tables), never any text of the formula. The sympy expression, which only the
symbolic checks of `perfeval rules check` need, is built from the same tree on first use
of `Formula.expr`.

Grammar (Python expression syntax, restricted):
  numbers (`90`, `0.8`, read exactly from their digits), the variables the caller allows,
  `+ - * /`, unary minus, comparisons (`< <= > >= == !=`, chains allowed), `and or not`,
  `Min(a, b, ...)`, `Max(a, b, ...)`, `Abs(x)`, and conditionals written either
  `if_(condition, then, otherwise)` or `then if condition else otherwise`.

Evaluation follows the algebra sympy would apply, where it matters for exactness: a chain of
products and quotients is one fraction (`actual / target * weight` multiplies out the
numerator and divides once), constant parts are folded exactly, a product with a literal 0
is 0, and only the chosen branch of a conditional is evaluated.
"""

from __future__ import annotations

import ast
import operator
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Collection, Mapping

import attrs

from ._methods import frozen
from .errors import RuleError, problem_at
from .limits import FORMULA_CHARS, FORMULA_DEPTH, NUMBER_DIGITS, checked_decimal
from .suggestions import suggestion

FUNCTIONS = ("Min", "Max", "Abs", "if_")

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_RELATIONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
              "==": operator.eq, "!=": operator.ne}

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


@frozen
class Formula:
    """A checked, compiled formula: its text, the variables it reads and a fast exact evaluator.

    Call it (or `decimal`) with a mapping of Decimal values, or `exact`/`fraction` with
    Fractions; constants are compiled for both, and the result has the type of the inputs.
    `expr`, the sympy expression, is built (and sympy imported) only when first asked for.
    """

    text: str
    variables: frozenset[str]
    decimal: Callable[[Mapping[str, Any]], Any] = attrs.field(repr=False, eq=False)
    fraction: Callable[[Mapping[str, Any]], Any] = attrs.field(repr=False, eq=False)
    # (file, key, line) of the rule file, for a problem the sympy expression reveals later
    where: tuple = attrs.field(default=("<formula>", "formula", None), repr=False, eq=False)
    _expr: Any = attrs.field(default=None, init=False, repr=False, eq=False)
    _positional: dict = attrs.field(factory=dict, init=False, repr=False, eq=False)  # `positional`'s, by names

    def __call__(self, env: Mapping[str, Any]) -> Any:
        return self.decimal(env)

    def exact(self, env: Mapping[str, Any]) -> Fraction:
        """Evaluate over Fractions: exact even where a quotient does not terminate."""
        return self.fraction(env)

    def positional(self, names: tuple[str, ...]) -> Callable[..., Any] | None:
        """The Decimal evaluator as one plain function of the values of `names`, in that order: `f(*values)` is
        `decimal(dict(zip(names, values)))` to the last digit (the same operations in the same order, by `_Source`),
        without building the mapping and a closure call per node, for a caller that evaluates the formula for every
        project. Made once per `names`. None where the formula reads a variable not in `names`, or Python cannot
        compile the function (nested too deep): the caller uses `decimal`."""
        known = self._positional.get(names)
        if known is None and names not in self._positional:
            file, key, line = self.where
            known = self._positional[names] = _Source(names).function(_checked(self.text, self.variables, file, key, line))
        return known

    @property
    def expr(self):
        """The sympy expression of the text (imports sympy; built once, on first use)."""
        if self._expr is None:
            file, key, line = self.where
            object.__setattr__(self, "_expr", parse_formula(self.text, self.variables, file=file, key=key, line=line))
        return self._expr

    def __str__(self) -> str:
        return str(self.expr)

    def __reduce__(self):
        # compiled closures do not pickle: a worker process (api.each_file) compiles the text again
        return _recompiled, (self.text, self.variables, self.where)


def _recompiled(text: str, variables: Collection[str], where: tuple) -> Formula:
    file, key, line = where
    return compile_formula(text, variables, file=file, key=key, line=line)


def compile_formula(text: str, variables: Collection[str], *, file: str = "<formula>",
                    key: str = "formula", line: int | None = None) -> Formula:
    """Parse `text` through the whitelist and compile it once for Decimal and Fraction evaluation."""
    tree = _checked(text, variables, file, key, line)
    return Formula(text.strip(), frozenset(tree.names()), _Compiler(_decimal_constant).compile(tree),
                   _Compiler(_fraction_constant).compile(tree), (file, key, line))


def parse_formula(text: str, variables: Collection[str], *, file: str = "<formula>",
                  key: str = "formula", line: int | None = None):
    """The sympy expression of `text`, built only from whitelisted nodes.

    Raises RuleError naming the file, the key and the offending token; nothing in the
    text is executed.
    """
    tree = _checked(text, variables, file, key, line)
    import sympy

    try:
        expr = _Sympy(sympy, text.strip()).build(tree)
    except _Reject as rej:
        raise RuleError(problem_at(file, line, f"{key}：{rej.why}", rej.token)) from None
    except (TypeError, ValueError) as exc:  # sympy gives up on some nested conditions
        raise RuleError(problem_at(file, line, f"{key}：无法对公式做符号推导（sympy：{exc}）；应把其中的条件写得简单些，"
                                               "例如删去恒成立或恒不成立的比较", text)) from None
    if not isinstance(expr, sympy.Expr):
        raise RuleError(problem_at(file, line, f"{key}：公式应得出一个数（得分），而不是条件", text))
    bad = next((a for a in expr.atoms(sympy.Number) if a.is_finite is not True), None)
    if bad is not None:  # zoo from a division by zero sympy folded, oo, nan
        raise RuleError(problem_at(file, line, f"{key}：公式化简后含有非实数常量 {bad}（通常是某处除以 0），应为有限的实数", text))
    return expr


def _checked(text: str, variables: Collection[str], file: str, key: str, line: int | None) -> _Node:
    """The whitelisted tree of `text`, or RuleError naming the file, line, key and token."""
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
        node = _Builder(text.strip(), frozenset(variables)).build(tree.body)
    except _Reject as rej:
        raise RuleError(problem_at(file, line, f"{key}：{rej.why}", rej.token)) from None
    if not node.number:
        raise RuleError(problem_at(file, line, f"{key}：公式应得出一个数（得分），而不是条件", text))
    return node


def _depth(root: ast.AST) -> int:
    """The nesting depth of an ast, measured iteratively (the builder below recurses)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= FORMULA_DEPTH.value:
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


class _Node:
    """One whitelisted operation. `kind` is one of: num (a literal), var (its name in `op`),
    + - * /, neg, Min, Max, Abs, if, rel (its comparison in `op`), and, or, not. `value` is the
    exact value (a Fraction, or a bool for a condition) when the node does not depend on any
    variable, else None. `number` says whether it yields a number or a condition; `source` is
    the ast node, for messages; `form` caches `_rational`."""

    __slots__ = ("kind", "args", "op", "value", "number", "source", "form")

    def __init__(self, kind: str, args: tuple, source: ast.AST, *, number: bool = True, value=None, op: str = ""):
        self.kind, self.args, self.source, self.number, self.value, self.op = kind, args, source, number, value, op
        self.form = None

    def names(self) -> set[str]:
        if self.kind == "var":
            return {self.op}
        return set().union(*(a.names() for a in self.args)) if self.args else set()


def _fold(kind: str, args: tuple, op: str = ""):
    """The exact value of an operation whose operands are all constant, else None.

    Like sympy, a product with a constant 0 is 0 whatever the other factor, a conditional
    whose branches are the same constant is that constant whatever the condition, and a
    comparison whose sides differ by a constant is decided (`_decided`)."""
    values = [a.value for a in args]
    if kind == "*" and any(v is not None and v == 0 for v in values):
        return Fraction(0)
    if kind == "/" and values[0] is not None and values[0] == 0:
        return Fraction(0)
    if kind == "and" and any(v is False for v in values):
        return False
    if kind == "or" and any(v is True for v in values):
        return True
    if kind == "if" and values[0] is not None:
        return values[1] if values[0] else values[2]
    if kind == "if" and values[1] is not None and values[1] == values[2]:
        return values[1]  # both branches the same constant: the condition does not matter
    if kind == "rel" and (values[0] is None or values[1] is None):
        return _decided(op, args[0], args[1])
    if any(v is None for v in values):
        return None
    if kind == "+":
        return values[0] + values[1]
    if kind == "-":
        return values[0] - values[1]
    if kind == "*":
        return values[0] * values[1]
    if kind == "/":
        return values[0] / values[1]
    if kind == "neg":
        return -values[0]
    if kind in ("Min", "Max"):
        return (min if kind == "Min" else max)(values)
    if kind == "Abs":
        return abs(values[0])
    if kind == "rel":
        return _RELATIONS[op](values[0], values[1])
    if kind == "and":
        return True
    if kind == "or":
        return False
    if kind == "not":
        return not values[0]
    return None  # pragma: no cover - every kind is listed above


def _decided(op: str, left: _Node, right: _Node) -> bool | None:
    """A comparison whose two sides differ by a constant whatever their variables (`weight <= weight`,
    `actual + 1 > actual`), decided by the exact algebra of `_rational`, as sympy decides it when the
    formula is checked (so `weight / if_(weight <= weight, 0, 1)` is refused as a division by 0 when
    the file is loaded, not only by `rules check`); None for any other, and where the difference
    divides by a variable (undefined for some values: `weight / actual <= weight / actual`)."""
    try:
        (p1, q1), (p2, q2) = _rational(left), _rational(right)
        top, bottom = _plus(_times(p1, q2), _times(p2, q1), -1), _times(q1, q2)
    except _TooLarge:
        return None
    if top.keys() - {()} or bottom.keys() != {()}:
        return None
    return _RELATIONS[op](top.get((), 0) / bottom[()], 0)


def _identically_zero(node: _Node) -> bool:
    """Whether a number node is 0 whatever its variables, by exact algebra over sums, products
    and quotients (Min, Max, Abs and conditionals taken as opaque terms): a divisor such as
    `weight - weight` is refused when the rule file is loaded, as sympy's algebra refused it."""
    try:
        return not _rational(node)[0]
    except _TooLarge:
        return False


class _TooLarge(Exception):
    """Internal: a polynomial past `_TERMS` terms; the divisor is then taken as not identically 0."""


_TERMS = 256


def _rational(node: _Node) -> tuple[dict, dict]:
    """The node as numerator and denominator polynomials, {monomial: coefficient}, where a
    monomial is a sorted tuple of (term, power). Kept on the node once computed."""
    if node.form is not None:
        return node.form
    kind, one = node.kind, {(): Fraction(1)}
    if node.value is not None:
        form = ({(): node.value} if node.value else {}, one)
    elif kind == "var":
        form = ({((node.op, 1),): Fraction(1)}, one)
    elif kind in ("+", "-", "*", "/"):
        (p1, q1), (p2, q2) = _rational(node.args[0]), _rational(node.args[1])
        if kind == "*":
            form = (_times(p1, p2), _times(q1, q2))
        elif kind == "/":
            form = (_times(p1, q2), _times(q1, p2))
        else:
            form = (_plus(_times(p1, q2), _times(p2, q1), 1 if kind == "+" else -1), _times(q1, q2))
    elif kind == "neg":
        p, q = _rational(node.args[0])
        form = ({m: -c for m, c in p.items()}, q)
    else:  # Min, Max, Abs, a conditional: one opaque term, equal only to the same text
        form = ({(("\0" + ast.dump(node.source), 1),): Fraction(1)}, one)
    node.form = form
    return form


def _plus(a: dict, b: dict, sign: int) -> dict:
    out = dict(a)
    for monomial, c in b.items():
        value = out.get(monomial, 0) + sign * c
        if value:
            out[monomial] = value
        else:
            out.pop(monomial, None)
    return out


def _times(a: dict, b: dict) -> dict:
    if len(a) * len(b) > _TERMS:
        raise _TooLarge
    out: dict = {}
    for m1, c1 in a.items():
        for m2, c2 in b.items():
            powers = dict(m1)
            for term, k in m2:
                powers[term] = powers.get(term, 0) + k
            monomial = tuple(sorted(powers.items()))
            value = out.get(monomial, 0) + c1 * c2
            if value:
                out[monomial] = value
            else:
                out.pop(monomial, None)
    return out


class _Builder:
    """Walks a Python ast into `_Node`s, refusing any node not on the whitelist."""

    def __init__(self, source: str, variables: frozenset[str]):
        self.source = source
        self.variables = variables

    def token(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or type(node).__name__

    def node(self, kind: str, args: tuple, source: ast.AST, *, number: bool = True, op: str = "") -> _Node:
        return _Node(kind, args, source, number=number, op=op, value=_fold(kind, args, op))

    def build(self, node: ast.AST) -> _Node:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise _Reject(self.token(node), "公式中只允许数字常量")
            literal = self.token(node).replace("_", "")
            try:  # range first: an exponent such as 1e999999999 would build a billion-digit integer
                value = checked_decimal(literal)
            except ValueError as exc:
                raise _Reject(literal, str(exc)) from None
            except ArithmeticError:
                raise _Reject(literal, "数字常量应写成十进制数，如 0.5 或 90") from None
            if not value.is_finite():
                raise _Reject(literal, "数字常量应写成十进制数，如 0.5 或 90")
            return _Node("num", (), node, value=Fraction(value))
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = self.build(node.left), self.build(node.right)
            self.require_number(node.left, left)
            self.require_number(node.right, right)
            symbol = _BINARY[type(node.op)]
            if symbol == "/" and (right.value == 0 if right.value is not None else _identically_zero(right)):
                raise _Reject(self.token(node), "除数为 0")
            return self.node(symbol, (left, right), node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self.build(node.operand)
            self.require_number(node.operand, value)
            return self.node("neg", (value,), node) if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self.node("not", (self.condition(node.operand),), node, number=False)
        if isinstance(node, ast.BoolOp):
            parts = tuple(self.condition(v) for v in node.values)
            return self.node("and" if isinstance(node.op, ast.And) else "or", parts, node, number=False)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            return self.conditional(node, node.test, node.body, node.orelse)
        if isinstance(node, ast.Call):
            return self.call(node)
        kind = _NODE_NAMES.get(type(node)) or _NODE_NAMES.get(type(getattr(node, "op", None))) or type(node).__name__
        raise _Reject(self.token(node), f"公式中不允许 {kind}；只允许数字、变量、+ - * /、比较、Min、Max、Abs、if_")

    def name(self, node: ast.Name) -> _Node:
        if node.id in FUNCTIONS:
            raise _Reject(node.id, f"{node.id} 是函数，应写成 {node.id}(…)")
        if node.id not in self.variables:
            allowed = "、".join(sorted(self.variables))
            raise _Reject(node.id, f"未知的名称{suggestion(node.id, sorted(self.variables))}；此处可用的变量：{allowed}")
        return _Node("var", (), node, op=node.id)

    def call(self, node: ast.Call) -> _Node:
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
            return self.conditional(node, *node.args)
        args = tuple(self.build(a) for a in node.args)
        for a, value in zip(node.args, args):
            self.require_number(a, value)
        if func.id == "Abs":
            if len(args) != 1:
                raise _Reject(self.token(node), "Abs 需要 1 个参数")
        elif len(args) < 2:
            raise _Reject(self.token(node), f"{func.id} 至少需要 2 个参数")
        return self.node(func.id, args, node)

    def conditional(self, node: ast.AST, test: ast.AST, body: ast.AST, orelse: ast.AST) -> _Node:
        cond = self.condition(test)
        then, other = self.build(body), self.build(orelse)
        self.require_number(body, then)
        self.require_number(orelse, other)
        return self.node("if", (cond, then, other), node)

    def compare(self, node: ast.Compare) -> _Node:
        parts = []
        left_node, left = node.left, self.build(node.left)
        self.require_number(left_node, left)
        for op, right_node in zip(node.ops, node.comparators):
            if type(op) not in _COMPARE:
                raise _Reject(self.token(node), "只允许 < <= > >= == != 比较")
            right = self.build(right_node)
            self.require_number(right_node, right)
            parts.append(self.node("rel", (left, right), node, number=False, op=_COMPARE[type(op)]))
            left = right
        return parts[0] if len(parts) == 1 else self.node("and", tuple(parts), node, number=False)

    def condition(self, node: ast.AST) -> _Node:
        value = self.build(node)
        if value.number:
            raise _Reject(self.token(node), "此处应为条件（比较），例如 actual >= target")
        return value

    def require_number(self, node: ast.AST, value: _Node) -> None:
        if not value.number:
            raise _Reject(self.token(node), "此处应为数值，而不是条件")


class _Sympy:
    """The sympy expression of a checked tree, node by node (only `rules check` and `expr` need it)."""

    def __init__(self, sympy, source: str):
        self.sp = sympy
        self.source = source
        self.symbols: dict[str, Any] = {}

    def build(self, node: _Node):
        sp, kind = self.sp, node.kind
        if kind == "num":
            return sp.Rational(node.value.numerator, node.value.denominator)
        if kind == "var":
            symbol = self.symbols.get(node.op)
            if symbol is None:
                symbol = self.symbols[node.op] = sp.Symbol(node.op, real=True)
            return symbol
        if not node.number and node.value is not None:
            # a condition between constants, decided exactly: sympy's unevaluated `1000 == 1000`
            # reads as false in a Piecewise, and `0 < 1` there raises "comparison of non-real zoo"
            return sp.true if node.value else sp.false
        args = [self.build(a) for a in node.args]
        if kind == "+":
            return args[0] + args[1]
        if kind == "-":
            return args[0] - args[1]
        if kind == "*":
            return args[0] * args[1]
        if kind == "/":
            if args[1] == 0:  # a divisor only sympy's algebra shows to be 0, such as actual - actual
                raise _Reject(ast.get_source_segment(self.source, node.source) or "/", "除数为 0")
            return args[0] / args[1]
        if kind == "neg":
            return -args[0]
        if kind == "Abs":
            return sp.Abs(args[0])
        if kind in ("Min", "Max"):
            return (sp.Min if kind == "Min" else sp.Max)(*args)
        if kind == "if":
            return sp.Piecewise((args[1], args[0]), (args[2], True))
        if kind == "rel":
            ops = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "==": sp.Eq, "!=": sp.Ne}
            return ops[node.op](args[0], args[1], evaluate=False)
        if kind == "and":
            return sp.And(*args)
        if kind == "or":
            return sp.Or(*args)
        return sp.Not(args[0])


def _decimal_constant(value: Fraction) -> Callable[[Mapping[str, Any]], Any]:
    """A constant as a Decimal: exact when it terminates (1/4 is 0.25), else divided when
    evaluated, at the caller's precision (1/3 in the engine's 50 digits)."""
    number, bottom = _decimal_parts(value)
    if bottom is None:
        return lambda env: number
    top = number
    return lambda env: top / bottom


def _decimal_parts(value: Fraction) -> tuple[Decimal, Decimal | None]:
    """(the constant as a Decimal, None) when it terminates, else (numerator, denominator) to divide when
    evaluated (`_decimal_constant`, `_Source`)."""
    p, q = value.numerator, value.denominator
    if q == 1:
        return Decimal(p), None
    twos, fives = _multiplicity(q, 2), _multiplicity(q, 5)
    if 2 ** twos * 5 ** fives == q:
        places = max(twos, fives)
        return Decimal(f"{p * (10 ** places // q)}E-{places}"), None
    return Decimal(p), Decimal(q)


def _multiplicity(n: int, prime: int) -> int:
    count = 0
    while n % prime == 0:
        n //= prime
        count += 1
    return count


def _fraction_constant(value: Fraction) -> Callable[[Mapping[str, Any]], Any]:
    return lambda env: value


class _Compiler:
    """Turns a checked tree into nested closures `env -> number` (no exec, no lambdify).

    A chain of products and quotients keeps its divisors apart and divides once at the end,
    so `actual / target * weight` is one exact division rather than a rounded quotient times
    `weight`; constant subtrees are folded exactly before any closure is built.
    """

    def __init__(self, constant: Callable[[Fraction], Callable[[Mapping[str, Any]], Any]]):
        self.constant = constant

    def compile(self, node: _Node) -> Callable[[Mapping[str, Any]], Any]:
        value = node.value
        if value is not None:
            if isinstance(value, bool):
                return lambda env: value
            return self.constant(value)
        kind = node.kind
        if kind == "var":
            return operator.itemgetter(node.op)
        if kind in ("*", "/", "neg"):
            return self.product(node)
        if kind == "if":
            cond, then, other = node.args
            if cond.value is not None:  # a constant condition: only one branch is ever taken
                return self.compile(then if cond.value else other)
            test, yes, no = (self.compile(a) for a in node.args)
            return lambda env: yes(env) if test(env) else no(env)
        if kind == "and" or kind == "or":
            # a constant part that cannot decide the result is left out (the result is not constant)
            parts = [self.compile(a) for a in node.args if a.value is None]
            if len(parts) == 1:
                return parts[0]
            if len(parts) == 2:  # the common case, without a generator
                a, b = parts
                if kind == "and":
                    return lambda env: a(env) and b(env)
                return lambda env: a(env) or b(env)
            if kind == "and":
                return lambda env: all(p(env) for p in parts)
            return lambda env: any(p(env) for p in parts)
        if kind == "not":
            inner = self.compile(node.args[0])
            return lambda env: not inner(env)
        parts = [self.compile(a) for a in node.args]
        if kind == "+":
            a, b = parts
            return lambda env: a(env) + b(env)
        if kind == "-":
            a, b = parts
            return lambda env: a(env) - b(env)
        if kind == "rel":
            relation = _RELATIONS[node.op]
            a, b = parts
            return lambda env: relation(a(env), b(env))
        if kind == "Abs":
            inner = parts[0]
            return lambda env: abs(inner(env))
        pick = min if kind == "Min" else max
        if len(parts) == 2:
            a, b = parts
            return lambda env: pick(a(env), b(env))
        return lambda env: pick([p(env) for p in parts])

    def product(self, node: _Node) -> Callable[[Mapping[str, Any]], Any]:
        top: list[_Node] = []
        bottom: list[_Node] = []
        coefficient = _factors(node, top, bottom, True)
        numerator = [self.compile(n) for n in top]
        denominator = [self.compile(n) for n in bottom]
        if coefficient.numerator != 1 or not numerator:
            numerator.insert(0, self.constant(Fraction(coefficient.numerator)))
        if coefficient.denominator != 1:
            denominator.insert(0, self.constant(Fraction(coefficient.denominator)))
        upper = _product(numerator)
        if not denominator:
            return upper
        lower = _product(denominator)
        return lambda env: upper(env) / lower(env)


class _Source:
    """A checked tree's Decimal evaluator as one Python function of positional parameters, compiled once: the same
    operations as `_Compiler(_decimal_constant)`'s closures in the same order (a chain of products and quotients
    multiplied left to right and divided once, constants as `_decimal_parts` gives them, only the chosen branch of a
    conditional evaluated, `Min`/`Max`/`Abs` as the same builtins), so the same Decimals to the last digit and the
    same exceptions. The source is the generator's own: the variables are parameters named v0, v1, ... in the
    caller's order and the constants objects named c0, c1, ... in the function's scope; no text of the formula
    (no name, no digit) goes into it, the operators come from the whitelist's own tables."""

    def __init__(self, names: tuple[str, ...]):
        self.params = {name: f"v{i}" for i, name in enumerate(names)}
        self.scope: dict[str, Any] = {"_min": min, "_max": max, "_abs": abs}
        self.constants = 0

    def function(self, tree: _Node) -> Callable[..., Any] | None:
        try:
            source = f"def formula({', '.join(self.params.values())}):\n    return {self.emit(tree)}\n"
        except KeyError:  # a variable the caller does not pass
            return None
        try:
            code = compile(source, "<formula>", "exec")
        except (SyntaxError, RecursionError, MemoryError, ValueError):  # nested past what Python's parser takes
            return None
        exec(code, self.scope)  # the generator's own source (see the class docstring)
        return self.scope["formula"]

    def constant(self, value: Decimal) -> str:
        name = f"c{self.constants}"
        self.constants += 1
        self.scope[name] = value
        return name

    def number(self, value: Fraction) -> str:
        number, bottom = _decimal_parts(value)
        if bottom is None:
            return self.constant(number)
        return f"({self.constant(number)} / {self.constant(bottom)})"

    def emit(self, node: _Node) -> str:
        value = node.value
        if value is not None:
            if isinstance(value, bool):
                return "True" if value else "False"
            return self.number(value)
        kind = node.kind
        if kind == "var":
            return self.params[node.op]
        if kind in ("*", "/", "neg"):
            return self.product(node)
        if kind == "if":
            cond, then, other = node.args
            if cond.value is not None:  # a constant condition: only one branch is ever taken
                return self.emit(then if cond.value else other)
            return f"({self.emit(then)} if {self.emit(cond)} else {self.emit(other)})"
        if kind == "and" or kind == "or":
            # a constant part that cannot decide the result is left out; only the truth of a condition is read
            parts = [self.emit(a) for a in node.args if a.value is None]
            return parts[0] if len(parts) == 1 else "(" + f" {_CONNECTIVES[kind]} ".join(parts) + ")"
        if kind == "not":
            return f"(not {self.emit(node.args[0])})"
        parts = [self.emit(a) for a in node.args]
        if kind == "+" or kind == "-":
            return f"({parts[0]} {_SUMS[kind]} {parts[1]})"
        if kind == "rel":
            return f"({parts[0]} {_RELATION_TOKENS[node.op]} {parts[1]})"
        if kind == "Abs":
            return f"_abs({parts[0]})"
        pick = "_min" if kind == "Min" else "_max"
        return f"{pick}({', '.join(parts)})" if len(parts) == 2 else f"{pick}([{', '.join(parts)}])"

    def product(self, node: _Node) -> str:
        top: list[_Node] = []
        bottom: list[_Node] = []
        coefficient = _factors(node, top, bottom, True)
        numerator = [self.emit(n) for n in top]
        denominator = [self.emit(n) for n in bottom]
        if coefficient.numerator != 1 or not numerator:
            numerator.insert(0, self.number(Fraction(coefficient.numerator)))
        if coefficient.denominator != 1:
            denominator.insert(0, self.number(Fraction(coefficient.denominator)))
        upper = _chain(numerator)
        return upper if not denominator else f"({upper} / {_chain(denominator)})"


def _chain(factors: list[str]) -> str:
    """`_product`'s left-to-right multiplication as source."""
    text = factors[0]
    for factor in factors[1:]:
        text = f"({text} * {factor})"
    return text


_CONNECTIVES = {"and": "and", "or": "or"}
_SUMS = {"+": "+", "-": "-"}
_RELATION_TOKENS = {op: op for op in _RELATIONS}


def _factors(node: _Node, top: list, bottom: list, upper: bool) -> Fraction:
    """Sort the factors of a product/quotient chain into `top` and `bottom`; return the constant
    coefficient (never 0: a product with a constant 0 factor was folded to 0 by the builder)."""
    if node.value is not None:
        return node.value if upper else 1 / node.value
    if node.kind == "*":
        return _factors(node.args[0], top, bottom, upper) * _factors(node.args[1], top, bottom, upper)
    if node.kind == "/":
        return _factors(node.args[0], top, bottom, upper) * _factors(node.args[1], top, bottom, not upper)
    if node.kind == "neg":
        return -_factors(node.args[0], top, bottom, upper)
    (top if upper else bottom).append(node)
    return Fraction(1)


def _product(factors: list) -> Callable[[Mapping[str, Any]], Any]:
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
