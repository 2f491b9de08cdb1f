"""Running every property on a rule file: which kind of rule set it is, and the results in order."""

from __future__ import annotations

from pathlib import Path

import attrs

from ..errors import RuleError, problem_at
from ..rulesets import find_rule_file, load_toml, rules_dir
from ._result import Budget, PropertyResult

SCORING_TITLES = {
    "bounds": "每个指标得分在 0 与分值之间",
    "met_full": "完成指标值得满分",
    "monotone": "≥ 随实际完成值增大不减，≤ 不增",
    "unit_scale": "实际完成值与指标值同乘单位系数，得分不变",
    "bands": "等级与定性档位覆盖全范围，无缺口、无重叠",
    "total": "总分在 0 与满分之间",
    "reorder": "调换指标或项目的顺序，得分不变",
    "unit_change": "实际完成值换用同量纲的其他单位，得分不变",
}
VALIDATION_TITLES = {
    "valid": "按规则构造的有效文档不报错误级问题",
    "injected": "注入的每种缺陷都被它对应的规则发现",
}


@attrs.frozen
class Report:
    """The results of one rule set."""

    kind: str
    name: str
    path: str
    results: tuple[PropertyResult, ...]

    @property
    def holds(self) -> bool:
        return all(r.holds is not False for r in self.results)


def rule_kind(path: Path) -> str:
    """`scoring` or `validation`, from the sections the file has."""
    data = load_toml(path)
    if "formulas" in data or "points" in data:
        return "scoring"
    if "rules" in data or "taxonomy" in data or "ruleset" in data:
        return "validation"
    raise RuleError(problem_at(str(path), None, "评分规则集（含 [points]、[formulas]）或校验规则集（含 [ruleset]、[rules]）",
                               "两者的节都没有"))


def targets(name_or_path: str) -> list[tuple[str, Path]]:
    """(kind, path) for a rule file, or for every shipped rule set of that name."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        path = find_rule_file(name_or_path, "scoring")
        return [(rule_kind(path), path)]
    found = [(kind, rules_dir() / kind / f"{name_or_path}.toml") for kind in ("validation", "scoring")]
    found = [(kind, p) for kind, p in found if p.is_file()]
    if not found:
        find_rule_file(name_or_path, "scoring")  # raises with the list of shipped names
    return found


def _tick(progress) -> None:
    if progress is not None:
        progress(1)


def steps(kind: str) -> int:
    """How many properties a rule set of `kind` is checked for (the progress bar's length)."""
    if kind == "validation":
        return 2
    from . import _symbolic

    return len(SCORING_TITLES) + len(_symbolic.TITLES)


def check_scoring(path: Path, budget: Budget, validation="national", progress=None) -> Report:
    from ..checks import load_ruleset
    from ..scoring.rules import load_scoring_rules
    from . import _bands, _engine, _formulas, _symbolic

    rules = load_scoring_rules(path)
    tables_rules = load_ruleset(validation)
    results = []
    for name, run in (("bounds", _formulas.bounds), ("met_full", _formulas.met_full),
                      ("monotone", _formulas.monotone), ("unit_scale", _formulas.unit_scale)):
        results.append(_result(name, SCORING_TITLES[name], run(rules, budget)))
        _tick(progress)
    results.append(_result("bands", SCORING_TITLES["bands"], _bands.band_problems(rules)))
    _tick(progress)
    for name, run in (("total", _engine.total_bounds), ("reorder", _engine.reordering),
                      ("unit_change", _engine.unit_change)):
        results.append(_result(name, SCORING_TITLES[name], run(rules, tables_rules, budget)))
        _tick(progress)
    for name, (holds, examples, note) in _symbolic.symbolic_results(rules).items():
        results.append(PropertyResult(f"symbolic.{name}", _symbolic.TITLES[name], holds,
                                      tuple(e.rule for e in examples), tuple(examples), note))
        _tick(progress)
    return Report("scoring", rules.name, str(path), tuple(results))


def check_validation(path: Path, budget: Budget, progress=None) -> Report:
    from ..checks import load_ruleset
    from . import _validation

    ruleset = load_ruleset(path)
    results = [_result("valid", VALIDATION_TITLES["valid"], _validation.valid_documents(ruleset, budget))]
    _tick(progress)
    failures, kinds = _validation.injected_defects(ruleset, budget)
    results.append(_result("injected", VALIDATION_TITLES["injected"], failures, note=f"{len(kinds)} 种缺陷"))
    _tick(progress)
    return Report("validation", ruleset.name, str(path), tuple(results))


def check(name_or_path: str, budget: Budget | None = None, validation="national", progress=None) -> list[Report]:
    """Run every property on the named or given rule set(s); scoring checks draw their target
    tables valid under the validation rule set `validation`. `progress(1)` is called after each property."""
    budget = budget or Budget()
    reports = []
    for kind, path in targets(name_or_path):
        reports.append(check_scoring(path, budget, validation, progress) if kind == "scoring"
                       else check_validation(path, budget, progress))
    return reports


def _result(name: str, title: str, examples: list, note: str = "") -> PropertyResult:
    return PropertyResult(name, title, not examples, tuple(dict.fromkeys(e.rule for e in examples)), tuple(examples), note)
