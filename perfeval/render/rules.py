"""The rule catalogue for people: a terminal table, and the Markdown that docs/rules.md embeds.

All are generated from `perfeval.checks.catalogue`, so the documentation cannot
drift from the code (tests/test_cli_rules.py and tests/test_selfeval_codes.py compare them).
"""

from __future__ import annotations

from typing import Any

from ..checks.catalogue import Rule
from ..checks.ruleset import RuleSet


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _params(rule: Rule, ruleset: RuleSet | None) -> str:
    config = ruleset.rules.get(rule.code) if ruleset else None
    values = config.params if config else {p.name: p.default for p in rule.params}
    return "; ".join(f"{p.name} = {_value(values[p.name])}" for p in rule.params)


def _state(rule: Rule, ruleset: RuleSet | None) -> str:
    if ruleset is None:
        return rule.severity.value
    config = ruleset.rules.get(rule.code)
    return config.severity.value if config else "off"


def render_catalogue_table(rules: list[Rule], ruleset: RuleSet | None) -> str:
    from tabulate import tabulate

    rows = [(rule.code, _state(rule, ruleset), rule.title, _params(rule, ruleset)) for rule in rules]
    heading = f"规则集：{ruleset.name}（{ruleset.title}，{ruleset.path}）\n" if ruleset else ""
    running = sum(1 for rule in rules if ruleset is None or rule.code in ruleset.rules)
    return (heading + tabulate(rows, headers=("代码", "级别", "名称", "参数"), tablefmt="simple")
            + f"\n\n共 {len(rules)} 条规则，运行 {running} 条\n")


def render_catalogue_markdown(rules: list[Rule]) -> str:
    """One section per scope, one entry per rule: code, default severity, message, why, parameters."""
    parts: list[str] = []
    scope = None
    for rule in rules:
        if rule.scope != scope:
            scope = rule.scope
            parts += [f"### {_SCOPES.get(scope, scope)}", ""]
        parts += [f"#### `{rule.code}` — {rule.title}", "",
                  f"- 默认级别：{rule.severity.value}（{rule.severity.label}）",
                  f"- 消息：{rule.template}"]
        if rule.evidence:
            parts.append("- evidence：" + "、".join(f"`{key}`" for key in rule.evidence))
        for param in rule.params:
            parts.append(f"- 参数 `{param.name}`（{param.type.summary}；默认 `{_value(param.default)}`）：{param.doc}")
        parts += ["", rule.doc, ""]
    return "\n".join(parts)


def render_audit_markdown(rules: list[Rule]) -> str:
    """The table of `perfeval audit`'s codes that docs/rules.md embeds: code, default severity, title, why."""
    lines = ["| 代码 | 级别 | 问题 | 说明 |", "|---|---|---|---|"]
    lines += [f"| `{rule.code}` | {rule.severity.value} | {rule.title} | {rule.doc} |" for rule in rules]
    return "\n".join(lines) + "\n"


_SCOPES = {
    "fields": "完整性 (fields)",
    "weights": "权重 (weights)",
    "taxonomy": "结构与分类 (taxonomy)",
    "operators": "指标性质 (operators)",
    "goal": "目标文字与指标 (goal)",
    "money": "金额 (money)",
    "budget": "预算表 (budget)",
    "sense": "审阅常识 (sense)",
}
