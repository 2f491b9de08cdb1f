"""`perfeval rules mutate RULESET...`: the mutation campaign over rule sets, and its score.

Exit 0 when every survivor is sorted (equivalent or a legitimate variant in the notes
file) and the score reaches --min-score; 1 otherwise; 2 when a rule file cannot be read.
"""

from __future__ import annotations

import click

from ..errors import PerfevalError

_STATUS = {"load": "载入时拒绝", "property": "性质不成立", "detection": "检出结果改变", "equivalent": "等价（已证明）",
           "survived": "存活"}


@click.command()
@click.argument("rulesets", nargs=-1, metavar="RULESET...")
@click.option("--max-examples", type=click.IntRange(min=1), default=30, show_default=True,
              help="每个变异体每项随机检验最多尝试的例子数。")
@click.option("--notes", "notes_path", default=None, metavar="PATH",
              help="存活变异体的分类记录（默认随规则一起发布的 mutation-notes.toml）。")
@click.option("--tables", "validation", default="national", show_default=True, metavar="RULESET",
              help="评分检验所用目标表按此校验规则集生成。")
@click.option("--only", default=None, metavar="TEXT", help="只运行编号（键、算子、改动）含此文字的变异体。")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.95, show_default=True,
              help="变异分数（应杀死者中被杀死的比例）低于此值时退出码为 1。")
@click.option("-v", "--verbose", is_flag=True, help="逐个列出每个变异体的结果。")
def mutate(rulesets: tuple[str, ...], max_examples: int, notes_path: str | None, validation: str, only: str | None,
           min_score: float, verbose: bool) -> None:
    """变异测试：对规则集的每一处（数值、比较、Min/Max、变量、政策选项、等级与档位、extends、规则）
    做单点改动，看载入与 rules check 能否发现。RULESET 为 .toml 文件或内置规则集名称；省略时为全部内置规则集。"""
    from pathlib import Path

    from ..rulecheck import Budget, load_notes, run_campaign, scoring_mutants, targets, validation_mutants
    from ..rulesets import load_toml, shipped

    try:
        if rulesets:
            files = [item for name in rulesets for item in targets(name)]
        else:
            files = [("scoring", p) for p in shipped("scoring")] + [("validation", p) for p in shipped("validation")]
        notes = load_notes(Path(notes_path) if notes_path else None)
        budget = Budget(max_examples=max_examples, shrink_seconds=0)
        campaigns = []
        for kind, path in files:
            data = load_toml(path)
            mutants = scoring_mutants(data) if kind == "scoring" else validation_mutants(data)
            if only:
                mutants = [m for m in mutants if only in m.id]

            def progress(outcome):
                if verbose:
                    by = f"：{outcome.by}" if outcome.by else ""
                    click.echo(f"    {_STATUS[outcome.status]}{by}  {outcome.mutant.id}")

            click.echo(f"{'评分' if kind == 'scoring' else '校验'}规则集 {path}：{len(mutants)} 个变异体")
            campaign = run_campaign(path, kind, budget, validation, notes, mutants, progress)
            campaigns.append(campaign)
            click.echo(render_campaign(campaign))
    except PerfevalError as exc:
        click.echo(f"perfeval: 错误：\n{exc.render()}", err=True)
        raise click.exceptions.Exit(exc.exit_code) from None
    killed = sum(c.killed for c in campaigns)
    relevant = sum(len(c.outcomes) - c.excused for c in campaigns)
    total = sum(len(c.outcomes) for c in campaigns)
    seconds = sum(c.seconds for c in campaigns)
    score = killed / relevant if relevant else 1.0
    unsorted = sum(1 for c in campaigns for o in c.survivors if not o.kind)
    click.echo(f"合计：{total} 个变异体，应杀死 {relevant} 个，杀死 {killed} 个，变异分数 {score:.1%}；"
               f"未分类的存活者 {unsorted} 个；用时 {seconds:.0f} 秒")
    if score < min_score or unsorted:
        raise click.exceptions.Exit(1)


def render_campaign(campaign) -> str:
    from collections import Counter

    lines = []
    by_property = Counter(o.by for o in campaign.outcomes if o.status == "property")
    by_detection = campaign.count("detection")
    lines.append(f"  载入时拒绝 {campaign.count('load')}；性质不成立 {campaign.count('property')}"
                 + (f"（{'、'.join(f'{k} {v}' for k, v in by_property.most_common())}）" if by_property else "")
                 + (f"；检出结果改变 {by_detection}" if by_detection else "")
                 + f"；等价（已证明） {campaign.count('equivalent')}；存活 {len(campaign.survivors)}")
    for outcome in campaign.survivors:
        kind = {"equivalent": "等价", "variant": "合理变体", "gap": "缺口"}.get(outcome.kind, "未分类")
        why = f"：{outcome.why}" if outcome.why else ""
        lines.append(f"    存活［{kind}］{outcome.mutant.id}{why}")
    lines.append(f"  变异分数 {campaign.score:.1%}（杀死 {campaign.killed} / 应杀死 {len(campaign.outcomes) - campaign.excused}）；"
                 f"用时 {campaign.seconds:.1f} 秒")
    return "\n".join(lines)
