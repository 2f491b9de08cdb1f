"""Validation rule sets: which rules run, at what severity, with which thresholds.

A rule set is a TOML file in `rules/validation/` (or any path). It is checked
completely when loaded: an unknown section, rule code or parameter, or a bad
threshold is a RuleError naming the file, the line and a "did you mean", never a
surprise halfway through a run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Collection

import attrs

from .._lazyre import lazy
from .._methods import frozen
from ..errors import Problems, RuleError, problem_at
from ..findings import Severity
from ..limits import EXTENDS_DEPTH
from ..rulesets import find_rule_file, load_toml
from ..suggestions import suggestion
from .catalogue import Rule, validation_rules
from .params import ParamError

DEFAULT = "national"
_TOP_KEYS = ("ruleset", "taxonomy", "rules")
_META_KEYS = ("name", "title", "version", "source", "description", "extends")
_RULE_KEYS = ("enabled", "severity")


@frozen
class RuleConfig:
    """One rule as a rule set runs it: its severity and its parameters' values (typed, one attribute each)."""

    rule: Rule
    severity: Severity
    values: Any = attrs.field(default=None, hash=False)

    @property
    def params(self) -> dict[str, Any]:
        """The parameters by name, in declaration order (for listings, comparisons and fingerprints)."""
        return {param.name: getattr(self.values, param.name) for param in self.rule.params}

    def __getitem__(self, name: str) -> Any:
        return getattr(self.values, name)


@frozen
class RuleSet:
    """A loaded validation rule set: metadata, the indicator taxonomy and the enabled rules."""

    name: str
    title: str
    version: str
    source: str
    path: str
    taxonomy: dict[str, tuple[str, ...]] = attrs.field(hash=False)
    rules: dict[str, RuleConfig] = attrs.field(hash=False)

    def enabled(self, code: str) -> bool:
        return code in self.rules

    def __getitem__(self, code: str) -> RuleConfig:
        return self.rules[code]

    @property
    def level2_parent(self) -> dict[str, str]:
        """Each standard 二级指标 name and the 一级指标 it belongs to."""
        parents: dict[str, str] = {}
        for level1, names in self.taxonomy.items():
            for name in names:
                parents.setdefault(name, level1)
        return parents


def load_ruleset(name_or_path: str | Path | None = None, only: Collection[str] | None = None) -> RuleSet:
    """A validation rule set by shipped name (`national`, `chongqing`) or by path.

    `only`: the codes of the rules the caller runs (the audit's name checks); the file is checked as a whole all
    the same (every rule's values converted, the same errors), but the other rules are left out of the rule set
    and their values never built (a class per rule with parameters, made as it is first asked for).
    """
    path = find_rule_file(str(name_or_path or DEFAULT), "validation")
    raw = _merged(path, ())
    return _build(raw, path, only)


def _merged(path: Path, seen: tuple[Path, ...]) -> dict:
    """The file's data with its `extends` chain applied: rules merge key by key, taxonomy replaces.

    The chain is followed in a loop (not recursion) and bounded, so a file extending
    thousands of others is refused with the limit instead of ending in RecursionError.
    """
    chain: list[tuple[Path, dict]] = []
    visited = list(seen)
    while True:
        resolved = path.resolve()
        if resolved in visited:
            names = " → ".join(str(p) for p in (*visited, resolved))
            raise RuleError(problem_at(str(path), None, "extends 不能循环引用", names))
        if len(chain) > EXTENDS_DEPTH.value:
            raise RuleError(EXTENDS_DEPTH.problem(str(chain[0][0]), f"超过 {EXTENDS_DEPTH.value} 层（已到 {path}）"))
        visited.append(resolved)
        data = load_toml(path)
        _check_shape(data, path)
        chain.append((path, data))
        parent_name = data.get("ruleset", {}).get("extends")
        if not parent_name:
            break
        path = find_rule_file(parent_name, "validation")
    base_path, base_data = chain.pop()
    merged = {"path": base_path, **base_data}
    for path, data in reversed(chain):
        merged = _extend(merged, path, data)
    return merged


def _extend(base: dict, path: Path, data: dict) -> dict:
    """`data` (read from `path`) applied over the merged data of the rule set it extends."""
    rules = {code: dict(values) for code, values in base.get("rules", {}).items()}
    for code, values in data.get("rules", {}).items():
        rules.setdefault(code, {}).update(values)
    return {
        "path": path,
        "ruleset": {**{k: v for k, v in base.get("ruleset", {}).items() if k != "extends"}, **data.get("ruleset", {})},
        "taxonomy": data.get("taxonomy", base.get("taxonomy", {})),
        "rules": rules,
        "_lines": {**base.get("_lines", {}), **data.get("_lines", {})},
    }


def _check_shape(data: dict, path: Path) -> None:
    """Reject unknown sections, unknown rule codes and unknown parameters, all at once."""
    text = path.read_text(encoding="utf-8-sig")
    problems = Problems()
    catalogue = validation_rules()
    for key in data:
        if key not in _TOP_KEYS:
            problems.add(problem_at(str(path), _line_of(text, key), f"已知的节：{', '.join(_TOP_KEYS)}", key + suggestion(key, _TOP_KEYS)))
    meta = data.get("ruleset", {})
    if not isinstance(meta, dict):
        problems.add(problem_at(str(path), _line_of(text, "ruleset"), "[ruleset] 应为表", type(meta).__name__))
        meta = {}
    for key, value in meta.items():
        if key not in _META_KEYS:
            problems.add(problem_at(str(path), _line_of(text, key), f"[ruleset] 中已知的键：{', '.join(_META_KEYS)}", key + suggestion(key, _META_KEYS)))
        elif not isinstance(value, str):
            problems.add(problem_at(str(path), _line_of(text, key), f"[ruleset] {key} 应为字符串", repr(value)))
    taxonomy = data.get("taxonomy", {})
    if not isinstance(taxonomy, dict):
        problems.add(problem_at(str(path), _line_of(text, "taxonomy"), "[taxonomy] 应为表：一级指标 = [二级指标, …]", repr(taxonomy)))
    else:
        for level1, names in taxonomy.items():
            if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
                problems.add(problem_at(str(path), _line_of(text, level1), f"[taxonomy] {level1} 应为二级指标名称的数组", repr(names)))
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        problems.add(problem_at(str(path), _line_of(text, "rules"), "[rules.\"代码\"] 表", repr(rules)))
        rules = {}
    lines: list[tuple[str, str | None]] = []  # (code, key) as written; their lines found where a problem names them
    for code, values in rules.items():
        lines.append((code, None))
        rule = catalogue.get(code)
        if rule is None:
            problems.add(problem_at(str(path), _line_of(text, code), "已知的规则代码（见 perfeval rules list）", code + suggestion(code, catalogue)))
            continue
        if not isinstance(values, dict):
            problems.add(problem_at(str(path), _line_of(text, code), f"[rules.\"{code}\"] 应为表", repr(values)))
            continue
        allowed = _RULE_KEYS + tuple(p.name for p in rule.params)
        for key in values:
            lines.append((code, key))
            if key not in allowed:
                problems.add(problem_at(str(path), _key_line(text, code, key), f"规则 {code} 的已知参数：{', '.join(allowed)}", key + suggestion(key, allowed)))
    problems.raise_if_any(RuleError)
    # (file, code, key) -> the file's text, where `_build` finds the line of a bad value (`_key_line`): a rule set
    # without one never looks (68 keys of the national set looked for in every command took ~2.5 ms)
    data["_lines"] = {(str(path), code, key): text for code, key in lines}


def _build(raw: dict, path: Path, only: Collection[str] | None = None) -> RuleSet:
    """Convert every value to its parameter's type; collect every bad value into one error."""
    catalogue = validation_rules()
    lines = raw.get("_lines", {})
    problems = Problems()
    configs: dict[str, RuleConfig] = {}

    def where(code: str, key: str | None) -> tuple[str, int | None]:
        for (file, c, k), text in lines.items():
            if c == code and k == key:
                return file, _key_line(text, code, key)
        return str(path), None

    for code, values in raw.get("rules", {}).items():
        rule = catalogue[code]
        enabled = values.get("enabled", True)
        if not isinstance(enabled, bool):
            problems.add(problem_at(*where(code, "enabled"), f"{code}.enabled 应为 true 或 false", repr(enabled)))
            continue
        severity = rule.severity
        if "severity" in values:
            try:
                severity = Severity.parse(values["severity"])
            except ValueError:
                problems.add(problem_at(*where(code, "severity"), f"{code}.severity 应为 error、warning 或 info", repr(values["severity"])))
        params: dict[str, Any] = {}
        for param in rule.params:
            value = values.get(param.name, param.default)
            try:
                params[param.name] = param.convert(value)
            except ParamError as exc:
                problems.add(problem_at(*where(code, param.name), f"{code}.{param.name} {exc.expected}", repr(value)))
        if only is not None and code not in only:  # (checked above all the same)
            continue
        if enabled and len(params) == len(rule.params):  # else a problem above is raised below
            configs[code] = RuleConfig(rule, severity, rule.values(params) if params else None)
    problems.raise_if_any(RuleError)
    meta = raw.get("ruleset", {})
    taxonomy = {level1: tuple(names) for level1, names in (raw.get("taxonomy") or {}).items()}
    return RuleSet(
        name=meta.get("name", path.stem),
        title=meta.get("title", path.stem),
        version=meta.get("version", ""),
        source=meta.get("source", ""),
        path=str(path),
        taxonomy=taxonomy,
        rules=configs,
    )


def _key_line(text: str, code: str, key: str | None) -> int | None:
    """The line of rule `code`'s header (`key` None) or of its `key`, the first written after its header."""
    header = _line_of(text, code)
    return header if key is None else _line_of(text, key, after=header)


def _line_of(text: str, key: str, after: int | None = None) -> int | None:
    """The 1-based line where `key` is written (as a bare key, a quoted key or a table header)."""
    lines = text.splitlines()
    start = after or 0
    for number in range(start, len(lines)):
        if _writes(lines[number], key):
            return number + 1
    return None


# A line writes `key` when it matches ^\s*(\[+\s*)?(rules\.)?["']?KEY["']?\s*(\]+|=): the key where it
# occurs, with what may come before it and after it matched by two patterns compiled once (not one
# pattern per key: ~70 compilations, 7 ms of every command).
_BEFORE_KEY = lazy(r"""\s*(\[+\s*)?(rules\.)?["']?""")
_AFTER_KEY = lazy(r"""["']?\s*(\]+|=)""")


def _writes(line: str, key: str) -> bool:
    at = line.find(key)
    while at >= 0:
        if _BEFORE_KEY.fullmatch(line, 0, at) is not None and _AFTER_KEY.match(line, at + len(key)) is not None:
            return True
        at = line.find(key, at + 1)
    return False
