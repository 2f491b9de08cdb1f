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
    "unmet": "未完成的指标（按指标性质与 equal.met_when 判断）得分低于分值",
    "weight_scale": "分值按比例折算时，得分按同一比例变化",
    "over_deducts": "超额扣分（deduct）时，超过阈值确实扣分",
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
    if data.get("kind") in ("target", "department") and "name" in data:
        return "form"
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


def _ticked(results, progress):
    """Each result as it comes, with `progress(1)` after each property."""
    for result in results:
        _tick(progress)
        yield result


def steps(kind: str) -> int:
    """How many properties a rule set of `kind` is checked for (the progress bar's length)."""
    if kind == "validation":
        return len(VALIDATION_TITLES)
    if kind == "form":
        return 1
    from . import _symbolic

    return len(SCORING_TITLES) + len(_symbolic.TITLES)


def scoring_results(rules, tables_rules, budget: Budget):
    """Each property's result in turn (a generator, so a caller may stop at the first failure)."""
    from . import _bands, _engine, _formulas, _symbolic

    for name, run in (("bounds", _formulas.bounds), ("met_full", _formulas.met_full),
                      ("monotone", _formulas.monotone), ("unmet", _formulas.unmet_below_full),
                      ("weight_scale", _formulas.weight_scale), ("over_deducts", _formulas.over_deducts),
                      ("unit_scale", _formulas.unit_scale)):
        yield _result(name, SCORING_TITLES[name], run(rules, budget))
    yield _result("bands", SCORING_TITLES["bands"], _bands.band_problems(rules))
    for name, run in (("total", _engine.total_bounds), ("reorder", _engine.reordering),
                      ("unit_change", _engine.unit_change)):
        yield _result(name, SCORING_TITLES[name], run(rules, tables_rules, budget))
    for name, (holds, examples, note) in _symbolic.symbolic_results(rules).items():
        yield PropertyResult(f"symbolic.{name}", _symbolic.TITLES[name], holds,
                             tuple(e.rule for e in examples), tuple(examples), note)


def check_scoring(path: Path, budget: Budget, validation="national", progress=None) -> Report:
    from ..checks import load_ruleset
    from ..scoring.rules import load_scoring_rules

    rules = load_scoring_rules(path)
    tables_rules = load_ruleset(validation)
    return Report("scoring", rules.name, str(path), tuple(_ticked(scoring_results(rules, tables_rules, budget),
                                                                 progress)))


def validation_results(ruleset, budget: Budget):
    """Each validation property's result in turn."""
    from . import _validation

    yield _result("valid", VALIDATION_TITLES["valid"], _validation.valid_documents(ruleset, budget))
    failures, kinds = _validation.injected_defects(ruleset, budget)
    yield _result("injected", VALIDATION_TITLES["injected"], failures, note=f"{len(kinds)} 种缺陷")


def check_validation(path: Path, budget: Budget, progress=None) -> Report:
    from ..checks import load_ruleset

    ruleset = load_ruleset(path)
    return Report("validation", ruleset.name, str(path), tuple(_ticked(validation_results(ruleset, budget), progress)))


def check_form(path: Path, budget: Budget, progress=None) -> Report:
    """A form variant (rules/forms/*.toml): it loads, and a form printed as it describes reads back as it."""
    from ..forms.profiles import load_variant
    from . import _forms

    variant = load_variant(path)
    examples = _forms.recognised(variant, budget) if variant.kind == "target" else []
    result = _result("recognised", _forms.TITLE, examples)
    _tick(progress)
    return Report("form", variant.name, str(path), (result,))


def check(name_or_path: str, budget: Budget | None = None, validation="national", progress=None) -> list[Report]:
    """Run every property on the named or given rule set(s); scoring checks draw their target
    tables valid under the validation rule set `validation`. `progress(1)` is called after each property."""
    budget = budget or Budget()
    reports = []
    for kind, path in targets(name_or_path):
        if kind == "form":
            reports.append(check_form(path, budget, progress))
        elif kind == "scoring":
            reports.append(check_scoring(path, budget, validation, progress))
        else:
            reports.append(check_validation(path, budget, progress))
    return reports


def _result(name: str, title: str, examples: list, note: str = "") -> PropertyResult:
    return PropertyResult(name, title, not examples, tuple(dict.fromkeys(e.rule for e in examples)), tuple(examples), note)
