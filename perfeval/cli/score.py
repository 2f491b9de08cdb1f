"""`perfeval score TARGETS... ACTUALS`: the year-end self-evaluation sheet under a named rule set.

TARGETS are target documents or folders of them; ACTUALS (the last argument) is the actuals
file or a folder of actuals files. Exit codes: 0 a complete sheet; 1 the sheet is written
but incomplete (targets without actuals, listed all at once on stderr); 2 a file could not
be read (the others are still scored) or the input is inconsistent.
"""

from __future__ import annotations

import click

from .._gc import paused_gc
from ._common import check_output, finish, jobs_option, output_options, progress, report_unreadable

PROGRESS_MIN_PROJECTS = 200


@click.command("score")
@click.argument("targets", nargs=-1, required=True, type=click.Path(path_type=str))
@click.argument("actuals", type=click.Path(path_type=str))
@click.option("--rules", "rules_name", default="national", show_default=True, metavar="NAME|PATH",
              help="评分规则集：内置名称（national、province-20、strict）或 .toml 文件路径。")
@output_options(findings=False)
@click.option("--layout", type=click.Choice(["official", "sheet"]), default=None,
              help="-o 为 .xlsx 时的版式：official 为财预〔2020〕10号项目支出绩效自评表（默认，如已安装），"
                   "sheet 为 perfeval 的评分表。")
@jobs_option()
def score(targets: tuple[str, ...], actuals: str, rules_name: str, output: str | None, output_format: str | None,
          summary_only: bool, layout: str | None, jobs: int | None) -> None:
    """按评分规则对年终自评打分：TARGETS 为目标表文档（可多个或目录），ACTUALS 为实际完成值
    （YAML / JSON / CSV / Excel，或其目录）。"""
    with paused_gc():  # the modules this command needs and its rules: built once and kept (see perfeval/__main__.py)
        from ..api import score_files
        from ..scoring import load_scoring_rules

        inputs = (*targets, actuals)
        check_output(output_format, output, inputs)
        rules = load_scoring_rules(rules_name)
    result = score_files(targets, actuals, rules, on_unreadable=report_unreadable, progress_bar=_bar,
                         check=_workbook_check(output, layout), jobs=jobs)
    summary = ""
    if result.sheet is not None:
        summary = f"项目 {len(result.projects)} 个"
    finish("score", result, output_format, output, inputs, summary_only=summary_only, layout=layout, summary=summary)
    if result.missing:
        lines = [f"perfeval: 自评表不完整，缺少 {len(result.missing)} 项："]
        lines += [f"  {problem.render()}" for problem in result.missing]
        click.echo("\n".join(lines), err=True)
    if len(result.projects) >= PROGRESS_MIN_PROJECTS:
        _PARKED[1:] = [result]
    click.get_current_context().exit(result.exit_code)


#: The last large result, kept until the process ends: freeing a province's sheet object by object as the command
#: returns (0.36 s of CPU at a million indicators) is work the exit does for nothing. The list refers to itself, so
#: clearing this module at exit does not free it, and perfeval.cli.main freezes it out of the last collections.
#: Only the last is kept (a process that runs many commands frees each result when the next one comes).
_PARKED: list = []
_PARKED.append(_PARKED)


def _workbook_check(output: str | None, layout: str | None):
    """For an Excel output (a sheet per project), a check that refuses too many projects as soon as they
    are counted, before any actuals are read or scored."""
    if output is None or not str(output).lower().endswith(".xlsx"):
        return None

    def check(projects: int) -> None:
        if layout == "sheet":
            from ..xlsx import check_score_workbook

            check_score_workbook(projects, output)
        else:
            from ..xlsx.official import check_sheet_count

            check_sheet_count(projects, output)
    return check


def _bar(count: int):
    """The progress bar for scoring `count` projects (only on a terminal, only for large runs)."""
    return progress(count if count >= PROGRESS_MIN_PROJECTS else 0, "评分")


