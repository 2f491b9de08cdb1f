"""What validate, score and audit share on the command line: the output options, the
progress bar, and how unreadable files and the written output are reported."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator

import click

from ..findings import Severity

SHOWN_PROBLEMS = 3  # per unreadable file on stderr; the JSON report lists them all
PROGRESS_FROM = 20  # files (or projects); smaller runs finish before a bar would help
SEVERITIES = {"info": Severity.INFO, "warning": Severity.WARNING, "error": Severity.ERROR}
FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "never": None}


def output_options(findings: bool = True) -> Callable:
    """-o/--output, --format, --summary-only and (for commands with findings) --min-severity and --fail-on."""
    from ..output import TEXT_FORMATS

    def decorate(command: Callable) -> Callable:
        options = [
            click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), metavar="FILE",
                         help="把结果写入文件，格式按扩展名：.json、.md、.html、.xlsx、.csv 或 .txt。"),
            click.option("--format", "output_format", type=click.Choice(TEXT_FORMATS), default=None,
                         help="输出格式（默认 table；给了 -o 时按扩展名）。"),
            click.option("--summary-only", is_flag=True,
                         help="只输出汇总（按主管部门、实施单位），不列逐条结果；适合大批量。"),
        ]
        if findings:
            options.append(click.option("--min-severity", type=click.Choice(list(SEVERITIES)), default="info",
                                        show_default=True, help="只显示该级别及更严重的问题（warning 隐藏提示）。"))
            options.append(click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="error", show_default=True,
                                        help="有该级别（或更严重）的问题时以退出码 1 结束。"))
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def jobs_option() -> Callable:
    """--jobs N: how many files are worked at once, each in its own process (default: every core)."""
    return click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                        help="同时处理的文件数（每个文件一个进程）；默认为全部 CPU 核。只有一个文件、或未给本选项而文件合计不足 256 KB 时，不另开进程。")


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for `total` steps, only when stderr is a terminal and the run is long."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


def report_unreadable(item) -> None:
    """Say at once that a file could not be read (the run goes on with the others)."""
    shown = [f"  {p}" for p in item.problems[:SHOWN_PROBLEMS]]
    if len(item.problems) > SHOWN_PROBLEMS:
        shown.append(f"  ……另有 {len(item.problems) - SHOWN_PROBLEMS} 处问题（--format json 列出全部）")
    lines = "\n".join(shown)
    click.echo(f"perfeval: 无法读取 {item.file}，已跳过：\n{lines}", err=True)


def finish(kind: str, result, output_format: str | None, output: str | None, inputs, *, summary_only: bool,
           min_severity: str | None = None, layout: str | None = None, summary: str = "") -> None:
    """Write the result (stdout or -o) and say on stderr what was written."""
    from ..output import emit
    from ..render.terminal import terminal_width

    message = emit(kind, result, output_format, output, inputs=inputs, layout=layout,
                   width=terminal_width() if output is None else None, summary_only=summary_only,
                   min_severity=SEVERITIES.get(min_severity or "info"))
    if message is not None:
        click.echo(f"{summary}；{message}" if summary else message, err=True)
    if result.unreadable:
        click.echo(f"perfeval: {len(result.unreadable)} 个文件无法读取（见上），退出码 2", err=True)


def check_output(output_format: str | None, output: str | None, inputs) -> None:
    """Before any work: refuse an output format, extension or path that cannot be written."""
    from ..output import check_target, format_for, require_writer

    fmt = format_for(output, output_format)
    if output is not None:
        check_target(output, inputs)
    require_writer(fmt)
