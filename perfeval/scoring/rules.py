"""Scoring rule sets: the TOML schema, its validation, and the compiled `ScoringRules`.

A rule set says everything a province or evaluator may choose (points, formulas,
the `=` policy, bands, thresholds, grades); the engine holds no policy of its own.
Every key is checked at load time and every formula compiled once, so a typo or a
forbidden token is one clear error naming the file, the line and the key.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from ..actuals import Band
from ..errors import Problem, RuleError, problem_at
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

_SCHEMA: dict[str, Any] = {
    "name": str, "title": str, "version": str, "source": str, "description": str,
    "points": {"indicators": "number", "execution": "number", "weights": str},
    "formulas": {key: str for key in OPERATOR_KEYS},
    "equal": {"tolerance": "number", "met_when": str},
    "over_achievement": {"policy": str, "threshold": "number", "formula": str},
    "qualitative": {"formula": str, "bands": dict},
    "execution": {"formula": str, "budget": str, "threshold": "number"},
    "not_applicable": {"policy": str},
    "grades": dict,
    "display": {"places": int, "rounding": str},
    "department": {"indicators": "number", "execution": "number", "weights": str},
}
_REQUIRED = ("name", "title", "version", "source", "points", "formulas", "qualitative", "execution", "grades")
_CHOICES = {
    ("points", "weights"): ("rescale", "as_printed"),
    ("department", "weights"): ("rescale", "as_printed"),
    ("equal", "met_when"): ("at_least", "within_tolerance"),
    ("over_achievement", "policy"): ("off", "flag", "deduct"),
    ("execution", "budget"): ("adjusted", "original"),
    ("not_applicable", "policy"): ("rescale", "full", "forbid"),
    ("display", "rounding"): tuple(ROUNDINGS),
}
_RANGE = re.compile(r"^\s*([\[(])\s*([0-9.]+)\s*,\s*([0-9.]+)\s*([\])])\s*$")
# Public names for tools that read rule files (perfeval rules mutate): the policy choices, the band range syntax.
POLICY_CHOICES = _CHOICES
BAND_RANGE = _RANGE


@attrs.frozen
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


@attrs.frozen
class Grade:
    """A grade and the lowest total (inclusive) that earns it."""

    name: str
    minimum: Decimal


@attrs.frozen
class ScoringRules:
    """A loaded, validated scoring rule set with its formulas compiled."""

    name: str
    title: str
    version: str
    source: str
    path: str
    indicator_points: Decimal
    execution_points: Decimal
    weights: str
    formulas: dict[Operator, Formula] = attrs.field(eq=False)
    equal_tolerance: Decimal
    equal_met_when: str
    over_policy: str
    over_threshold: Decimal | None
    over_formula: Formula | None = attrs.field(eq=False)
    bands: dict[Band, BandRule]
    qualitative_formula: Formula = attrs.field(eq=False)
    execution_formula: Formula = attrs.field(eq=False)
    execution_budget: str
    execution_threshold: Decimal | None
    not_applicable: str
    grades: tuple[Grade, ...]
    display_places: int = 2
    display_rounding: str = "ROUND_HALF_UP"
    description: str = ""
    #: [department]: how the 部门整体绩效目标表 (附件 11) is scored: its indicator points, 预算执行率
    #: points and weight policy (None: scored like a project table).
    department_points: tuple[Decimal, Decimal, str] | None = None

    def for_department(self) -> "ScoringRules":
        """These rules as they score a 部门整体 table ([department] section; unchanged without one)."""
        if self.department_points is None:
            return self
        indicators, execution, weights = self.department_points
        return attrs.evolve(self, indicator_points=indicators, execution_points=execution, weights=weights,
                            title=f"{self.title}（部门整体）")

    def grade(self, total) -> str:
        for grade in self.grades:
            if total >= grade.minimum:
                return grade.name
        return self.grades[-1].name

    @property
    def total_points(self) -> Decimal:
        return self.indicator_points + self.execution_points


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
        self.problems: list[Problem] = []

    def line(self, section: str | None, key: str | None = None) -> int | None:
        return self.lines.get((section, key)) or self.lines.get((section, None))

    def problem(self, section: str | None, key: str | None, expected: str, found: object = "") -> None:
        where = ".".join(p for p in (section, key) if p)
        self.problems.append(problem_at(self.file, self.line(section, key), f"{where}：{expected}" if where else expected, found))

    def load(self, data: dict[str, Any]) -> ScoringRules:
        self.check_keys(data, _SCHEMA, None)
        for key in _REQUIRED:
            if key not in data:
                self.problem(None, None, f"缺少必需的键 {key}")
        if self.problems:
            raise RuleError(self.problems)
        points = data["points"]
        indicators = self.number("points", "indicators", points.get("indicators"), minimum=Decimal(0))
        execution = self.number("points", "execution", points.get("execution"), minimum=Decimal(0))
        formulas = {}
        for key, op in OPERATOR_KEYS.items():
            formulas[op] = self.formula("formulas", key, data["formulas"].get(key), QUANTITATIVE_VARIABLES)
        equal = data.get("equal", {})
        over = data.get("over_achievement", {})
        over_policy = self.choice("over_achievement", "policy", over.get("policy", "off"))
        over_threshold = None
        over_formula = None
        if over_policy != "off":
            over_threshold = self.number("over_achievement", "threshold", over.get("threshold"), minimum=Decimal(0))
        if over_policy == "deduct":
            over_formula = self.formula("over_achievement", "formula", over.get("formula"), OVER_VARIABLES)
        elif "formula" in over:
            self.problem("over_achievement", "formula", "只有 policy = \"deduct\" 时才使用 formula", over.get("formula"))
        qualitative = data["qualitative"]
        bands = self.bands(qualitative.get("bands"))
        execution_table = data["execution"]
        threshold = execution_table.get("threshold")
        rules = dict(
            name=data["name"], title=data["title"], version=data["version"], source=data["source"],
            path=self.file, description=data.get("description", ""),
            indicator_points=indicators, execution_points=execution,
            weights=self.choice("points", "weights", points.get("weights", "rescale")),
            formulas=formulas,
            equal_tolerance=self.number("equal", "tolerance", equal.get("tolerance", 0), minimum=Decimal(0)),
            equal_met_when=self.choice("equal", "met_when", equal.get("met_when", "within_tolerance")),
            over_policy=over_policy, over_threshold=over_threshold, over_formula=over_formula,
            bands=bands,
            qualitative_formula=self.formula("qualitative", "formula", qualitative.get("formula"), QUALITATIVE_VARIABLES),
            execution_formula=self.formula("execution", "formula", execution_table.get("formula"), EXECUTION_VARIABLES),
            execution_budget=self.choice("execution", "budget", execution_table.get("budget", "adjusted")),
            execution_threshold=None if threshold is None else self.number("execution", "threshold", threshold, minimum=Decimal(0)),
            not_applicable=self.choice("not_applicable", "policy", data.get("not_applicable", {}).get("policy", "rescale")),
            grades=self.grades(data["grades"]),
            display_places=data.get("display", {}).get("places", 2),
            display_rounding=self.choice("display", "rounding", data.get("display", {}).get("rounding", "ROUND_HALF_UP")),
        )
        department = data.get("department")
        if department is not None:
            rules["department_points"] = (
                self.number("department", "indicators", department.get("indicators"), minimum=Decimal(0)),
                self.number("department", "execution", department.get("execution", 0), minimum=Decimal(0)),
                self.choice("department", "weights", department.get("weights", "rescale")))
        if not 0 <= rules["display_places"] <= 10:
            self.problem("display", "places", "应为 0 到 10 之间的整数", rules["display_places"])
        self.check_ranges(rules)
        if self.problems:
            raise RuleError(self.problems)
        return ScoringRules(**rules)

    def check_ranges(self, rules: dict[str, Any]) -> None:
        """What the official 自评表 fixes and the ranges rates must lie in (found by `perfeval rules mutate`)."""
        total = rules["indicator_points"] + rules["execution_points"]
        if total != 100 and not self.problems:
            self.problem("points", "indicators", f"绩效指标分值与预算执行率分值之和应为自评表的总分 100（如 90 + 10、80 + 20）；"
                         f"现为 {rules['indicator_points']} + {rules['execution_points']} = {total}，"
                         "请改 points.indicators 或 points.execution", total)
        for section, key, value in (("over_achievement", "threshold", rules["over_threshold"]),
                                    ("execution", "threshold", rules["execution_threshold"])):
            if value is not None and not 0 < value <= 1:
                what = "超过指标值的比例" if section == "over_achievement" else "预算执行率"
                self.problem(section, key, f"应为 0 到 1 之间的{what}（不含 0，含 1；0.9 即 90%）：写成 0 等于没有阈值（不需要时删去此键），"
                             "大于 1 多半是把百分数写成了整数", value)
        if not rules["equal_tolerance"] < 1:
            self.problem("equal", "tolerance", "= 指标的相对容差应小于 1（0.01 即 1%）：容差 1 以上时实际完成值为 0 也算完成", rules["equal_tolerance"])

    def check_keys(self, data: dict[str, Any], schema: dict[str, Any], section: str | None) -> None:
        for key, value in data.items():
            expected = schema.get(key)
            if expected is None:
                self.problem(section, key, f"未知的键{suggestion(key, schema)}；允许的键：{'、'.join(schema)}", key)
            elif isinstance(expected, dict):
                if not isinstance(value, dict):
                    self.problem(section, key, "应为一个表（[section]）", value)
                else:
                    self.check_keys(value, expected, key if section is None else f"{section}.{key}")
            elif expected is str and not isinstance(value, str):
                self.problem(section, key, "应为字符串", value)
            elif expected is int and (not isinstance(value, int) or isinstance(value, bool)):
                self.problem(section, key, "应为整数", value)
            elif expected is dict and not isinstance(value, dict):
                self.problem(section, key, "应为一个表", value)

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

    def choice(self, section: str, key: str, value: Any) -> str:
        allowed = _CHOICES[(section, key)]
        if value not in allowed:
            self.problem(section, key, f"应为 {' | '.join(allowed)} 之一", value)
            return allowed[0]
        return value

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


_KEY = re.compile(r"^\s*(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_\-\u4e00-\u9fff]+)\s*=")


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
        key = _KEY.match(raw)
        if key:
            lines.setdefault((section, key.group(1).strip("\"'")), number)
    return lines
