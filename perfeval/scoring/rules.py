"""Scoring rule sets: the TOML schema, declared once, its validation, and the compiled `ScoringRules`.

A rule set says everything a province or evaluator may choose (points, formulas,
the `=` policy, bands, thresholds, grades); the engine holds no policy of its own.
The schema is the frozen sections below, one class per `[section]` of the file, each
field declaring its TOML key (kind, default, bounds, policy enum) in its metadata: the
loader, `rules_data` (the way back to TOML) and `perfeval rules mutate` all read those
declarations. Every key is checked at load time and every formula compiled once, so a
typo or a forbidden token is one clear error naming the file, the line and the key.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Iterator

import attrs

from .._methods import frozen
from ..actuals import Band
from ..errors import Problem, Problems, RuleError, problem_at
from ..formula import Formula, compile_formula
from ..limits import checked_decimal, number_problem
from ..operators import Operator
from ..rulesets import find_rule_file, load_toml
from ..suggestions import suggestion

QUANTITATIVE_VARIABLES = ("weight", "actual", "target", "tolerance", "deviation")
OVER_VARIABLES = ("weight", "score", "actual", "target", "excess", "threshold")
QUALITATIVE_VARIABLES = ("weight", "share")
EXECUTION_VARIABLES = ("weight", "rate", "budget", "spent", "threshold")

OPERATOR_KEYS = {"ge": Operator.GE, "gt": Operator.GT, "le": Operator.LE, "lt": Operator.LT, "eq": Operator.EQ}
# The four grades of the 自评表 (财预〔2020〕10号), best first.
GRADE_NAMES = ("优", "良", "中", "差")
ROUNDINGS = {"ROUND_HALF_UP": ROUND_HALF_UP, "ROUND_HALF_EVEN": ROUND_HALF_EVEN}
_RANGE = re.compile(r"^\s*([\[(])\s*([0-9.]+)\s*,\s*([0-9.]+)\s*([\])])\s*$")
# Public name for tools that read rule files (perfeval rules mutate): the band range syntax.
BAND_RANGE = _RANGE


# ---- policies: a word in the file, a member here, a Chinese label for people -------------------

class Choice(str, enum.Enum):
    """A policy as the rule file spells it (`rescale`), with its Chinese `label`.

    Members are strings equal to their spelling, so the file's word, JSON output and
    comparisons with the word all keep working; the first member is the fallback the
    loader uses while it collects problems.
    """

    def __new__(cls, word: str, label: str):
        member = str.__new__(cls, word)
        member._value_ = word
        member.label = label
        return member

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    def __reduce_ex__(self, protocol):
        return type(self), (self.value,)


class Weights(Choice):
    """[points] weights: a table whose weights do not total the indicator points."""

    RESCALE = "rescale", "按比例折算到指标总分"
    AS_PRINTED = "as_printed", "按原权重计分"


class MetWhen(Choice):
    """[equal] met_when: when a `=` indicator counts as met."""

    AT_LEAST = "at_least", "不低于指标值即完成"
    WITHIN_TOLERANCE = "within_tolerance", "须在容差内"


class OverPolicy(Choice):
    """[over_achievement] policy: what far exceeding a target does."""

    OFF = "off", "不处理"
    FLAG = "flag", "只标记、要求说明原因"
    DEDUCT = "deduct", "按公式扣分"


class BudgetBase(Choice):
    """[execution] budget: the denominator of the 预算执行率."""

    ADJUSTED = "adjusted", "以全年预算数（调整后预算数）为分母"
    ORIGINAL = "original", "有年初预算数时以其为分母"


class NotApplicablePolicy(Choice):
    """[not_applicable] policy: how an indicator marked 不适用 is scored."""

    RESCALE = "rescale", "不计分，其余指标按比例折算"
    FULL = "full", "计满分"
    FORBID = "forbid", "不允许"


class Rounding(Choice):
    """[display] rounding: how shown scores are rounded (exact values are kept)."""

    HALF_UP = "ROUND_HALF_UP", "四舍五入"
    HALF_EVEN = "ROUND_HALF_EVEN", "四舍六入五成双"


# ---- the declarations ------------------------------------------------------------------------

@frozen
class Key:
    """How one TOML key is read: its kind and what it must satisfy.

    `kind` is text, number (a Decimal, written as an integer or a decimal string), integer,
    choice (`choice` is its enum), formula (over `variables`), table (read by the loader's
    method named `reader`) or section (`section` is its class; `defaults` override that
    class's defaults where the section is reused). A key with `when` is read, and required,
    only when `when(section read so far)` holds; given otherwise, `refused` is the problem.
    """

    kind: str
    toml: str | None = None
    minimum: Decimal | None = None
    bounds: tuple[int, int] | None = None
    choice: type[Choice] | None = None
    variables: tuple[str, ...] = ()
    reader: str | None = None
    section: type | None = None
    defaults: dict[str, Any] = attrs.field(factory=dict)
    when: Callable[[dict[str, Any]], bool] | None = None
    refused: str | None = None


def _key(kind: str, default: Any = attrs.NOTHING, *, eq: bool = True, **spec) -> Any:
    return attrs.field(default=default, eq=eq, metadata={"toml": Key(kind, **spec)})


def _text(default: Any = attrs.NOTHING) -> Any:
    return _key("text", default)


def _number(default: Any = attrs.NOTHING, **spec) -> Any:
    return _key("number", default, minimum=Decimal(0), **spec)


def _choice(default: Choice) -> Any:
    return _key("choice", default, choice=type(default))


def _formula(variables: tuple[str, ...], default: Any = attrs.NOTHING, **spec) -> Any:
    return _key("formula", default, eq=False, variables=variables, **spec)


def _section(cls: type, default: Any = attrs.NOTHING, **spec) -> Any:
    return _key("section", default, section=cls, **spec)


def _not_off(section: dict[str, Any]) -> bool:
    return section["policy"] is not OverPolicy.OFF


def _deduct(section: dict[str, Any]) -> bool:
    return section["policy"] is OverPolicy.DEDUCT


@frozen
class BandRule:
    """A qualitative band: the share interval of the weight and the share used when none is given."""

    band: Band
    low: Decimal
    high: Decimal
    low_inclusive: bool
    high_inclusive: bool
    default: Decimal | None

    def contains(self, share: Decimal) -> bool:
        above = share >= self.low if self.low_inclusive else share > self.low
        below = share <= self.high if self.high_inclusive else share < self.high
        return above and below

    @property
    def interval(self) -> str:
        return f"{'[' if self.low_inclusive else '('}{self.low}, {self.high}{']' if self.high_inclusive else ')'}"


@frozen
class Grade:
    """A grade and the lowest total (inclusive) that earns it."""

    name: str
    minimum: Decimal


@frozen(kw_only=True)
class Points:
    """[points] (and [department]): indicator and 预算执行率 points, and how printed weights are used."""

    indicators: Decimal = _number()
    execution: Decimal = _number()
    weights: Weights = _choice(Weights.RESCALE)


@frozen(kw_only=True)
class Formulas(Mapping):
    """[formulas]: one quantitative formula per operator; read as a mapping Operator -> Formula."""

    ge: Formula = _formula(QUANTITATIVE_VARIABLES)
    gt: Formula = _formula(QUANTITATIVE_VARIABLES)
    le: Formula = _formula(QUANTITATIVE_VARIABLES)
    lt: Formula = _formula(QUANTITATIVE_VARIABLES)
    eq: Formula = _formula(QUANTITATIVE_VARIABLES)

    def __getitem__(self, op: Operator) -> Formula:
        if op not in _KEY_OF:
            raise KeyError(op)
        return getattr(self, _KEY_OF[op])

    def __iter__(self) -> Iterator[Operator]:
        return iter(OPERATOR_KEYS.values())

    def __len__(self) -> int:
        return len(OPERATOR_KEYS)


_KEY_OF = {op: key for key, op in OPERATOR_KEYS.items()}


@frozen(kw_only=True)
class Equal:
    """[equal]: when a `=` indicator is met."""

    tolerance: Decimal = _number(Decimal(0))
    met_when: MetWhen = _choice(MetWhen.WITHIN_TOLERANCE)


@frozen(kw_only=True)
class OverAchievement:
    """[over_achievement]: far exceeding a target; threshold unless off, formula only to deduct."""

    policy: OverPolicy = _choice(OverPolicy.OFF)
    threshold: Decimal | None = _number(None, when=_not_off)
    formula: Formula | None = _formula(OVER_VARIABLES, None, when=_deduct,
                                       refused="只有 policy = \"deduct\" 时才使用 formula")


@frozen(kw_only=True)
class Qualitative:
    """[qualitative] and [qualitative.bands]: the 定性 formula and the three bands of shares."""

    formula: Formula = _formula(QUALITATIVE_VARIABLES)
    bands: dict[Band, BandRule] = _key("table", reader="bands")


@frozen(kw_only=True)
class Execution:
    """[execution]: the 预算执行率 formula, its denominator and the rate below which reasons are due."""

    formula: Formula = _formula(EXECUTION_VARIABLES)
    budget: BudgetBase = _choice(BudgetBase.ADJUSTED)
    threshold: Decimal | None = _number(None)


@frozen(kw_only=True)
class NotApplicable:
    """[not_applicable]: indicators marked 不适用."""

    policy: NotApplicablePolicy = _choice(NotApplicablePolicy.RESCALE)


@frozen(kw_only=True)
class Display:
    """[display]: how shown scores are rounded."""

    places: int = _key("integer", 2, bounds=(0, 10))
    rounding: Rounding = _choice(Rounding.HALF_UP)


@frozen(kw_only=True)
class ScoringRules:
    """A loaded, validated scoring rule set with its formulas compiled: the file's sections, as declared.

    The flat names below the fields (`indicator_points`, `over_policy`, ...) are the engine's
    view of the same values.
    """

    name: str = _text()
    title: str = _text()
    version: str = _text()
    source: str = _text()
    description: str = _text("")
    points: Points = _section(Points)
    formulas: Formulas = _section(Formulas, eq=False)
    equal: Equal = _section(Equal, Equal())
    over_achievement: OverAchievement = _section(OverAchievement, OverAchievement())
    qualitative: Qualitative = _section(Qualitative)
    execution: Execution = _section(Execution)
    not_applicable_rule: NotApplicable = _section(NotApplicable, NotApplicable(), toml="not_applicable")
    grades: tuple[Grade, ...] = _key("table", reader="grades")
    display: Display = _section(Display, Display())
    #: [department]: how the 部门整体绩效目标表 (附件 11) is scored: its indicator points, 预算执行率
    #: points and weight policy (None: scored like a project table).
    department: Points | None = _section(Points, None, defaults={"execution": Decimal(0)})
    path: str = ""

    def for_department(self) -> "ScoringRules":
        """These rules as they score a 部门整体 table ([department] section; unchanged without one)."""
        if self.department is None:
            return self
        return attrs.evolve(self, points=self.department, title=f"{self.title}（部门整体）")

    def with_points(self, **changes: Any) -> "ScoringRules":
        """These rules with [points] changed (`indicators`, `execution`, `weights`): a sheet re-scored
        under the split it printed."""
        if "weights" in changes:
            changes["weights"] = Weights(changes["weights"])
        return attrs.evolve(self, points=attrs.evolve(self.points, **changes))

    def grade(self, total) -> str:
        for grade in self.grades:
            if total >= grade.minimum:
                return grade.name
        return self.grades[-1].name

    @property
    def total_points(self) -> Decimal:
        return self.indicator_points + self.execution_points

    # The engine's flat view of the sections.
    indicator_points = property(lambda self: self.points.indicators)
    execution_points = property(lambda self: self.points.execution)
    weights = property(lambda self: self.points.weights)
    equal_tolerance = property(lambda self: self.equal.tolerance)
    equal_met_when = property(lambda self: self.equal.met_when)
    over_policy = property(lambda self: self.over_achievement.policy)
    over_threshold = property(lambda self: self.over_achievement.threshold)
    over_formula = property(lambda self: self.over_achievement.formula)
    bands = property(lambda self: self.qualitative.bands)
    qualitative_formula = property(lambda self: self.qualitative.formula)
    execution_formula = property(lambda self: self.execution.formula)
    execution_budget = property(lambda self: self.execution.budget)
    execution_threshold = property(lambda self: self.execution.threshold)
    not_applicable = property(lambda self: self.not_applicable_rule.policy)
    display_places = property(lambda self: self.display.places)
    display_rounding = property(lambda self: self.display.rounding)


def _fields(cls: type) -> dict[str, attrs.Attribute]:
    """A section's TOML keys (by their name in the file) and the fields declaring them."""
    return {field.metadata["toml"].toml or field.name: field for field in attrs.fields(cls) if "toml" in field.metadata}


def schema_keys(cls: type = ScoringRules, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Key]]:
    """Every key of the file, in declaration order, with its path (`("points", "weights")`); sections
    are yielded before their keys."""
    for field in attrs.fields(cls):
        key = field.metadata.get("toml")
        if key is None:
            continue
        here = (*path, key.toml or field.name)
        yield here, key
        if key.kind == "section":
            yield from schema_keys(key.section, here)


# Public names for tools that read rule files (perfeval rules mutate): each policy key and its choices.
POLICY_CHOICES = {path: tuple(m.value for m in key.choice) for path, key in schema_keys() if key.kind == "choice"}


def rules_data(rules: ScoringRules, formula: Callable[[Formula], Any] = lambda f: f.text) -> dict[str, Any]:
    """The rule set as the TOML file's data (what `load_scoring_rules` reads back to the same rules);
    `formula` says how to write a formula (its text by default)."""
    def section(value: Any) -> dict[str, Any]:
        out = {}
        for field in attrs.fields(type(value)):
            key = field.metadata.get("toml")
            item = getattr(value, field.name)
            if key is None or item is None:
                continue
            out[key.toml or field.name] = written(key, item)
        return out

    def written(key: Key, item: Any) -> Any:
        if key.kind == "section":
            return section(item)
        if key.kind == "formula":
            return formula(item)
        if key.kind == "choice":
            return item.value
        if key.kind == "number":
            return str(item)
        if key.reader == "bands":
            return {band.value: {"range": rule.interval, **({} if rule.default is None else {"default": str(rule.default)})}
                    for band, rule in item.items()}
        if key.reader == "grades":
            return {grade.name: str(grade.minimum) for grade in item}
        return item

    return section(rules)


def load_scoring_rules(name_or_path: str | Path = "national") -> ScoringRules:
    """Find (by shipped name or path), read, validate and compile a scoring rule set."""
    path = find_rule_file(str(name_or_path), "scoring")
    data = load_toml(path)
    text = path.read_text(encoding="utf-8-sig")
    return _Loader(str(path), text).load(data)


class _Loader:
    def __init__(self, file: str, text: str):
        self.file = file
        self.lines = _key_lines(text)
        self.problems = Problems()

    def line(self, section: str | None, key: str | None = None) -> int | None:
        return self.lines.get((section, key)) or self.lines.get((section, None))

    def problem(self, section: str | None, key: str | None, expected: str, found: object = "") -> None:
        where = ".".join(p for p in (section, key) if p)
        self.problems.add(problem_at(self.file, self.line(section, key), f"{where}：{expected}" if where else expected, found))

    def load(self, data: dict[str, Any]) -> ScoringRules:
        self.check_keys(data, ScoringRules, None)
        for name, field in _fields(ScoringRules).items():
            if field.default is attrs.NOTHING and name not in data:
                self.problem(None, None, f"缺少必需的键 {name}")
        self.problems.raise_if_any(RuleError)
        values = self.section(ScoringRules, data, None)
        self.check_ranges(values)
        self.problems.raise_if_any(RuleError)
        return ScoringRules(**values, path=self.file)

    def check_keys(self, data: dict[str, Any], cls: type, section: str | None) -> None:
        """The shape of the file: known keys, each of the declared type (tables, strings, integers)."""
        keys = {name: field.metadata["toml"] for name, field in _fields(cls).items()}
        for name, value in data.items():
            key = keys.get(name)
            if key is None:
                self.problem(section, name, f"未知的键{suggestion(name, keys)}；允许的键：{'、'.join(keys)}", name)
            elif key.kind == "section":
                if not isinstance(value, dict):
                    self.problem(section, name, "应为一个表（[section]）", value)
                else:
                    self.check_keys(value, key.section, name if section is None else f"{section}.{name}")
            elif key.kind in ("text", "choice", "formula") and not isinstance(value, str):
                self.problem(section, name, "应为字符串", value)
            elif key.kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
                self.problem(section, name, "应为整数", value)
            elif key.kind == "table" and not isinstance(value, dict):
                self.problem(section, name, "应为一个表", value)

    def section(self, cls: type, data: dict[str, Any], section: str | None,
                defaults: dict[str, Any] | None = None) -> dict[str, Any]:
        """The values of one section, read key by key as declared (problems collected, never raised)."""
        values: dict[str, Any] = {}
        for field in attrs.fields(cls):
            key = field.metadata.get("toml")
            if key is None:
                continue
            name = key.toml or field.name
            if key.when is not None and not key.when(values):
                if name in data and key.refused:
                    self.problem(section, name, key.refused, data[name])
                values[field.name] = None
                continue
            default = (defaults or {}).get(field.name, field.default)
            required = default is attrs.NOTHING or key.when is not None
            values[field.name] = self.value(key, section, name, data.get(name), default, required)
        return values

    def value(self, key: Key, section: str | None, name: str, given: Any, default: Any, required: bool) -> Any:
        if key.kind == "section":
            if given is None:
                return default
            inner = name if section is None else f"{section}.{name}"
            return key.section(**self.section(key.section, given, inner, key.defaults))
        if key.kind == "text":
            return default if given is None else given
        if key.kind == "number":
            if given is None and not required:
                return default
            return self.number(section, name, given, minimum=key.minimum)
        if key.kind == "integer":
            value = default if given is None else given
            low, high = key.bounds
            if not low <= value <= high:
                self.problem(section, name, f"应为 {low} 到 {high} 之间的整数", value)
            return value
        if key.kind == "choice":
            return default if given is None else self.choice(section, name, given, key.choice)
        if key.kind == "formula":
            return self.formula(section, name, given, key.variables)
        return getattr(self, key.reader)(given)

    def check_ranges(self, values: dict[str, Any]) -> None:
        """What the official 自评表 fixes and the ranges rates must lie in (found by `perfeval rules mutate`)."""
        points, over, execution = values["points"], values["over_achievement"], values["execution"]
        total = points.indicators + points.execution
        if total != 100 and not self.problems:
            self.problem("points", "indicators", f"绩效指标分值与预算执行率分值之和应为自评表的总分 100（如 90 + 10、80 + 20）；"
                         f"现为 {points.indicators} + {points.execution} = {total}，"
                         "请改 points.indicators 或 points.execution", total)
        for section, key, value in (("over_achievement", "threshold", over.threshold),
                                    ("execution", "threshold", execution.threshold)):
            if value is not None and not 0 < value <= 1:
                what = "超过指标值的比例" if section == "over_achievement" else "预算执行率"
                self.problem(section, key, f"应为 0 到 1 之间的{what}（不含 0，含 1；0.9 即 90%）：写成 0 等于没有阈值（不需要时删去此键），"
                             "大于 1 多半是把百分数写成了整数", value)
        if not values["equal"].tolerance < 1:
            self.problem("equal", "tolerance", "= 指标的相对容差应小于 1（0.01 即 1%）：容差 1 以上时实际完成值为 0 也算完成",
                         values["equal"].tolerance)

    def number(self, section: str, key: str, value: Any, minimum: Decimal | None = None) -> Decimal:
        if value is None:
            self.problem(section, key, "缺少必需的数值")
            return Decimal(0)
        number = _decimal(value)
        if number is None:
            self.problem(section, key, "应为数（整数或写成字符串的小数，如 \"0.9\"）", value)
            return Decimal(0)
        if minimum is not None and number < minimum:
            self.problem(section, key, f"应不小于 {minimum}", value)
        return number

    def choice(self, section: str, key: str, value: Any, choices: type[Choice]) -> Choice:
        allowed = [member.value for member in choices]
        if value not in allowed:
            self.problem(section, key, f"应为 {' | '.join(allowed)} 之一", value)
            return next(iter(choices))
        return choices(value)

    def formula(self, section: str, key: str, text: Any, variables) -> Formula | None:
        if text is None:
            self.problem(section, key, "缺少必需的公式")
            return None
        try:
            formula = compile_formula(text, variables, file=self.file, key=f"{section}.{key}", line=self.line(section, key))
        except RuleError as exc:
            self.problems.extend(p for p in exc.problems if isinstance(p, Problem))
            return None
        for name, why in _ONLY_COMPARED.items():
            if name in formula.variables and _used_outside_comparisons(formula.text, name):
                self.problem(section, key, f"{name} {why}，只能出现在比较中（如 deviation <= {name}），不能参与得分的计算；"
                             f"多半是把 weight、actual 或 target 写成了 {name}", formula.text)
        return formula

    def bands(self, table: Any) -> dict[Band, BandRule]:
        section = "qualitative.bands"
        if not isinstance(table, dict):
            self.problem("qualitative", "bands", "应为一个表，列出 达成、部分达成、未达成 三档", table)
            return {}
        names = {b.value: b for b in Band}
        bands: dict[Band, BandRule] = {}
        for key, spec in table.items():
            band = names.get(key)
            if band is None:
                self.problem(section, key, f"未知的等级；应为 {'、'.join(names)}", key)
                continue
            if not isinstance(spec, dict) or set(spec) - {"range", "default"} or "range" not in spec:
                self.problem(section, key, "应为 { range = \"[0.8, 1]\", default = \"1\" }（default 可省略）", spec)
                continue
            match = _RANGE.match(str(spec["range"]))
            low = high = None
            if match:
                low, high = _decimal(match.group(2)), _decimal(match.group(3))
            if not match or low is None or high is None or not (0 <= low <= high <= 1):
                self.problem(section, key, "range 应为 0 到 1 之间的区间，如 \"[0.8, 1]\" 或 \"[0.6, 0.8)\"", spec["range"])
                continue
            default = None
            rule = BandRule(band, low, high, match.group(1) == "[", match.group(4) == "]", None)
            if "default" in spec:
                default = _decimal(spec["default"])
                if default is None or not rule.contains(default):
                    self.problem(section, key, f"default 应为区间 {rule.interval} 内的数", spec["default"])
                    continue
            bands[band] = attrs.evolve(rule, default=default)
        missing = [b.value for b in Band if b not in bands and b.value not in table]
        if missing:
            self.problem("qualitative", "bands", f"缺少等级 {'、'.join(missing)}")
        return bands

    def grades(self, table: dict[str, Any]) -> tuple[Grade, ...]:
        unknown = [name for name in table if name not in GRADE_NAMES]
        missing = [name for name in GRADE_NAMES if name not in table]
        if unknown:
            self.problem("grades", unknown[0], f"未知的等级；自评表的等级为 {'、'.join(GRADE_NAMES)} 四档（财预〔2020〕10号）", unknown[0])
        elif missing:
            self.problem("grades", None, f"缺少等级 {'、'.join(missing)}：自评表的等级为 {'、'.join(GRADE_NAMES)} 四档"
                         f"（财预〔2020〕10号），请在 [grades] 中写出 {'、'.join(missing)} 的最低总分")
        grades = []
        for name, minimum in table.items():
            value = _decimal(minimum)
            if value is None:
                self.problem("grades", name, "应为该等级的最低总分（含）", minimum)
                continue
            grades.append(Grade(name, value))
        for upper, lower in zip(grades, grades[1:]):
            if upper.minimum <= lower.minimum:
                self.problem("grades", lower.name, f"等级应从高到低写出、最低分依次递减：{lower.name}（{lower.minimum}）写在 "
                             f"{upper.name}（{upper.minimum}）之后，却不低于它，总分更高的项目会得到更差的等级；"
                             f"请改 grades.{upper.name} 或 grades.{lower.name} 的分数线，或调换两行的顺序", lower.minimum)
                break
        grades.sort(key=lambda g: g.minimum, reverse=True)
        if not grades or grades[-1].minimum != 0:
            self.problem("grades", None, "最低的等级应从 0 分起（如 差 = 0），使每个总分都有等级")
        if len({g.minimum for g in grades}) != len(grades):
            self.problem("grades", None, "各等级的最低分不能相同")
        return tuple(grades)




# Variables that say whether an indicator is met, never how many points it earns.
_ONLY_COMPARED = {"tolerance": "是 = 指标的相对容差（equal.tolerance）"}


def _used_outside_comparisons(text: str, name: str) -> bool:
    """Whether variable `name` occurs in the formula outside every comparison (read with ast, never run)."""
    import ast

    def walk(node, compared: bool) -> bool:
        if isinstance(node, ast.Name):
            return node.id == name and not compared
        inside = compared or isinstance(node, ast.Compare)
        return any(walk(child, inside) for child in ast.iter_child_nodes(node))

    return walk(ast.parse(text, mode="eval"), False)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value) if value.bit_length() < 128 and number_problem(Decimal(value)) is None else None
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        try:
            return checked_decimal(value.strip())
        except (InvalidOperation, ValueError):
            return None
    return None


def _header(line: str) -> str | None:
    """The name in a `[section]` line (a comment may follow), else None; a scan, not a lazy
    pattern, so a long unclosed `[` line costs linear time."""
    text = line.strip()
    close = text.find("]")
    if not text.startswith("[") or close < 0:
        return None
    name, after = text[1:close].strip(), text[close + 1:].strip()
    if not name or "[" in name or (after and not after.startswith("#")):
        return None
    return name


#: what a bare key is written with: ASCII letters, digits, _ and - (and CJK characters, `_key_of`)
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _key_of(line: str) -> str | None:
    """The key a `key = …` line writes, as written (quoted or bare), else None: what
    `^\\s*("[^"]+"|'[^']+'|[A-Za-z0-9_\\-\\u4e00-\\u9fff]+)\\s*=` matches as its group, read by a scan (the pattern's
    CJK class took 1 ms to compile at every start; each alternative has one way to match, so the scan is that)."""
    text = line.lstrip()  # (what \s* skips: the characters str.isspace takes)
    if not text:
        return None
    if text[0] in "\"'":
        end = text.find(text[0], 1)
        if end < 2:  # no closing quote, or nothing between the quotes
            return None
        end += 1
    else:
        end = 0
        while end < len(text) and (text[end] in _BARE or "\u4e00" <= text[end] <= "\u9fff"):
            end += 1
        if not end:
            return None
    return text[:end] if text[end:].lstrip().startswith("=") else None


def _key_lines(text: str) -> dict[tuple[str | None, str | None], int]:
    """Line numbers of `[section]` headers and `key =` lines, for error messages (TOML parsers drop them)."""
    lines: dict[tuple[str | None, str | None], int] = {}
    section: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _header(raw)
        if header:
            section = header.replace('"', "").replace(" ", "")
            lines.setdefault((section, None), number)
            continue
        key = _key_of(raw)
        if key:
            lines.setdefault((section, key.strip("\"'")), number)
    return lines
