"""`perfeval rules check PATH`: run every property of a rule set and print one line per property.

Exit 0 when all hold, 1 when one fails (its smallest counterexample is printed as a
table naming the broken rule key), 2 when the rule file cannot be read. hypothesis
and sympy are imported only here, never on `perfeval validate`'s path.
"""

from __future__ import annotations

import click

from ..errors import PerfevalError


@click.command()
@click.argument("path", metavar="PATH")
@click.option("--max-examples", type=click.IntRange(min=1), default=100, show_default=True,
              help="每项随机检验最多尝试的例子数。")
@click.option("--seed", type=int, default=None, help="随机种子；省略时使用固定的确定性搜索（结果可复现）。")
@click.option("--tables", "validation", default="national", show_default=True, metavar="RULESET",
              help="评分检验所用目标表按此校验规则集生成（内置名称或 .toml 路径）。")
@click.option("--tablefmt", default="simple", show_default=True, help="反例表格的 tabulate 样式。")
def check(path: str, max_examples: int, seed: int | None, validation: str, tablefmt: str) -> None:
    """检查规则集：评分规则（得分范围、单调性、单位无关、等级档位、总分、顺序无关、符号推导）
    或校验规则（有效文档不报错、注入的缺陷被对应规则发现）。PATH 为 .toml 文件或内置规则集名称。"""
    from ..rulecheck import Budget, check as run_checks, render
    from ..rulecheck import steps, targets
    from ._common import progress

    try:
        total = sum(steps(kind) for kind, _ in targets(path))
        with progress(total * 10, "检查规则集") as update:  # x10: even one rule set's run is long enough for a bar
            tick = None if update is None else (lambda n: update(10 * n))
            reports = run_checks(path, Budget(max_examples=max_examples, seed=seed), validation, progress=tick)
    except PerfevalError as exc:
        click.echo(f"perfeval: 错误：\n{exc.render()}", err=True)
        raise click.exceptions.Exit(exc.exit_code) from None
    for report in reports:
        click.echo(render(report, tablefmt))
    if not all(report.holds for report in reports):
        raise click.exceptions.Exit(1)
