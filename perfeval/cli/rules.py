"""`perfeval rules ...`: inspect rule sets. A click group so more subcommands (`check`) can join it.

Another module adds a subcommand with `@rules.command()` on this group, or by
`rules.add_command(...)`; `list` stays light (no sympy, no hypothesis).
"""

from __future__ import annotations

import json

import click


@click.group()
def rules() -> None:
    """列出或检查规则集。"""


@rules.command("list")
@click.option("--rules", "ruleset_name", default=None, metavar="NAME|PATH",
              help="显示该校验规则集中各规则的级别与参数（默认只列目录与默认值）。")
@click.option("--format", "output_format", type=click.Choice(["table", "markdown", "json"]), default="table",
              show_default=True, help="输出格式。")
def list_rules(ruleset_name: str | None, output_format: str) -> None:
    """列出全部校验规则：代码、级别、名称与参数。"""
    from ..checks.catalogue import validation_rules
    from ..checks.ruleset import load_ruleset
    from ..findings import json_value
    from ..render.rules import render_catalogue_markdown, render_catalogue_table

    catalogue = list(validation_rules().values())
    ruleset = load_ruleset(ruleset_name) if ruleset_name else None
    if output_format == "markdown":
        click.echo(render_catalogue_markdown(catalogue), nl=False)
    elif output_format == "json":
        entries = []
        for rule in catalogue:
            config = ruleset.rules.get(rule.code) if ruleset else None
            params = config.params if config else {p.name: p.default for p in rule.params}
            entries.append({"code": rule.code, "title": rule.title,
                            "severity": (config.severity.value if config else None) if ruleset else rule.severity.value,
                            "enabled": bool(config) if ruleset else None, "template": rule.template,
                            "evidence": list(rule.evidence), "params": json_value(params)})
        click.echo(json.dumps({"rule_set": ruleset.name if ruleset else None, "rules": entries},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(render_catalogue_table(catalogue, ruleset), nl=False)


from .rules_check import check as _check  # noqa: E402 - imports only click; the checks load when run

rules.add_command(_check, "check")

from .rules_mutate import mutate as _mutate  # noqa: E402 - imports only click

rules.add_command(_mutate, "mutate")
