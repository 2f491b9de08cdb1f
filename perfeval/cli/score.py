"""`perfeval score`: the year-end self-evaluation sheet under a named rule set.

Exit codes: 0 a complete sheet; 1 the sheet is printed but incomplete (targets without
actuals, listed all at once on stderr); 2 unreadable or inconsistent input (through the
group's PerfevalError handler).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import InputError, problem_at

PROGRESS_MIN_PROJECTS = 200


@click.command("score")
@click.argument("targets", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("actuals", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rules", "rules_name", default="national", show_default=True, metavar="NAME|PATH",
              help="评分规则集：内置名称（national、province-20、strict）或 .toml 文件路径。")
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "json"]), default="table", show_default=True,
              help="输出格式。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="写入文件而非标准输出；以 .xlsx 结尾时写 Excel 自评表。")
def score(targets: Path, actuals: Path, rules_name: str, fmt: str, output: Path | None) -> None:
    """按评分规则对年终自评打分：TARGETS 为目标表文档，ACTUALS 为实际完成值（YAML / JSON / CSV / Excel）。"""
    from ..scoring import render, sheet_to_json

    workbook = output is not None and output.suffix.lower() == ".xlsx"
    check = None
    if workbook:
        try:
            from ..xlsx import check_score_workbook, write_score_xlsx
        except ImportError:
            raise InputError(problem_at(str(output), None, "写 Excel 自评表需要 perfeval.xlsx 模块（当前安装中没有）；"
                                                           "请改用 --format json/markdown/table")) from None
        check = lambda document: check_score_workbook(len(document.target_tables), output)  # noqa: E731

    sheet = score_files(targets, actuals, rules_name, progress=sys.stderr.isatty(), check=check)

    if workbook:
        write_score_xlsx(sheet_to_json(sheet), output)
    else:
        if fmt == "json":
            text = json.dumps(sheet_to_json(sheet), ensure_ascii=False, indent=2) + "\n"
        else:
            text = render(sheet, fmt)
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")

    if sheet.missing:
        lines = [f"perfeval: 自评表不完整，缺少 {len(sheet.missing)} 项："]
        lines += [f"  {problem.render()}" for problem in sheet.missing]
        click.echo("\n".join(lines), err=True)
        click.get_current_context().exit(1)


def score_files(targets: Path, actuals: Path, rules_name: str = "national", progress: bool = False,
                timings: dict[str, float] | None = None, check=None):
    """Read both inputs and score them: everything `perfeval score` does before writing.

    A one-shot process building a province's worth of small acyclic objects: the cyclic
    GC is paused while they are built and, for large inputs, they are then frozen out of
    later collections (gc.freeze), which would otherwise rescan them again and again.
    The benchmark calls this same function, with `timings` to receive each phase's CPU seconds.
    `check(document)`, if given, may refuse the targets before the actuals are read and scored.
    """
    import gc
    import time

    clock = time.process_time()

    def phase(name: str) -> None:
        nonlocal clock
        if timings is not None:
            now = time.process_time()
            timings[name] = now - clock
            clock = now

    from .._gc import paused_gc
    from ..readers import read_document
    from ..readers.actuals import read_actuals
    import attrs

    from ..scoring import department_codes, load_scoring_rules, score, score_department

    rules = load_scoring_rules(rules_name)
    phase("rules")
    with paused_gc():
        document = read_document(targets)
        if not document.target_tables:
            raise InputError(problem_at(str(targets), None, "包含至少一张项目支出绩效目标表的文档", "没有找到项目支出绩效目标表"))
        phase("read_targets")
        if check is not None:
            check(document)
        given = read_actuals(actuals)
        phase("read_actuals")
        count = len(document.target_tables)
        big = count >= PROGRESS_MIN_PROJECTS
        if big:
            gc.freeze()
        department = document.department_table
        codes = department_codes(department) if department is not None else frozenset()
        project_actuals = given
        if codes and any(a.project_code in codes for a in (*given.actuals, *given.funds)):
            # the 部门整体 table is scored too, under the rule set's [department] section
            project_actuals = attrs.evolve(given, actuals=[a for a in given.actuals if a.project_code not in codes],
                                           funds=[f for f in given.funds if f.project_code not in codes])
        else:
            department = None
        if progress and big:
            with click.progressbar(length=count, label="评分", file=sys.stderr) as bar:
                sheet = score(document.target_tables, project_actuals, rules, targets_file=str(targets),
                              progress=bar.update)
        else:
            sheet = score(document.target_tables, project_actuals, rules, targets_file=str(targets))
        if department is not None:
            whole = score_department(department, given, rules, targets_file=str(targets))
            sheet = attrs.evolve(sheet, projects=(*whole.projects, *sheet.projects),
                                 missing=(*whole.missing, *sheet.missing))
        if big:
            gc.freeze()
        phase("score")
    return sheet
