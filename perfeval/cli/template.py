"""`perfeval template actuals TARGETS -o 实际完成值.xlsx|.csv`: the blank actuals file sent to units.

Filled in, the same file is the ACTUALS of `perfeval score TARGETS 实际完成值.xlsx`.
An existing file is never overwritten without --force: it may hold a unit's answers.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError, Problems, problem_at

_FORMATS = (".xlsx", ".csv")


@click.group("template")
def template() -> None:
    """生成发给单位填写的模板。"""


@template.command("actuals")
@click.argument("targets", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="输出文件：.xlsx（两张工作表：实际完成值、项目资金）或 .csv（每个项目一行资金、其后各指标一行）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖（它可能已填有单位的数据）。")
def actuals(targets: tuple[str, ...], output: Path, force: bool) -> None:
    """实际完成值模板：TARGETS（目标表文档，可多个或目录）中每个项目支出绩效目标表的每个指标一行，留空待填。

    填好后即可评分：perfeval score TARGETS 实际完成值.xlsx
    """
    suffix = output.suffix.lower()
    if suffix not in _FORMATS:
        raise InputError(problem_at(str(output), None, "模板文件扩展名为 .xlsx 或 .csv", output.suffix or "无扩展名"))
    if output.exists() and not force:
        raise InputError(problem_at(str(output), None, "一个新的文件名（已有的文件可能已填有数据；确需覆盖请加 --force）",
                                    "文件已存在"))
    tables = _target_tables(targets)
    if suffix == ".csv":
        from ..writers.template import write_template_csv

        projects, indicators = write_template_csv(tables, output)
    else:
        from ..xlsx.template import write_template_xlsx

        projects, indicators = write_template_xlsx(tables, output)
    shown = " ".join(targets)
    click.echo(f"已写入 {output}：{projects} 个项目、{indicators} 个指标。"
               f"请填写 实际完成值（定性指标填 评价等级）与各项目的 全年预算数、全年执行数；"
               f"填好后运行 perfeval score {shown} {output}", err=True)


def _target_tables(targets: tuple[str, ...]) -> list:
    """Every project table of every target document (a folder: the documents in it); all problems at once.

    Unlike `perfeval score`, a file that cannot be read stops the command: a template that silently
    lacks some projects would be sent out and come back short.
    """
    from ..api import expand
    from ..errors import PerfevalError
    from ..readers import read_document

    files = expand(targets)
    if not files:
        raise InputError(problem_at("、".join(targets), None, "至少一个目标表文档（.txt .yaml .json .xlsx）", "没有找到"))
    tables, problems = [], Problems()
    for path in files:
        try:
            document = read_document(path)
        except PerfevalError as exc:
            problems.extend(exc.problems)
            continue
        if not document.target_tables:
            problems.add(problem_at(str(path), None, "包含至少一张项目支出绩效目标表的文档", "没有找到项目支出绩效目标表"))
        tables.extend(document.target_tables)
    problems.raise_if_any()
    return tables
