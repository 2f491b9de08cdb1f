"""`perfeval validate FILE...`: find what a reviewer would find before the tables are submitted.

FILE may be a folder (every document below it is read). Exit codes: 2 when a file could
not be read (the others are still checked and reported) or the rule file is bad; else 1
when something is at or above --fail-on; else 0. Only the reader, the checks and tabulate
are imported on this path.
"""

from __future__ import annotations

import click

from .._gc import KEEP_MIN, keep_to_exit, paused_gc
from ._common import FAIL_ON, check_output, finish, jobs_option, output_options, progress, report_unreadable


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--rules", "rules", default="national", show_default=True, metavar="NAME|PATH",
              help="校验规则集：内置名称（national、chongqing）或 .toml 文件路径。")
@output_options()
@jobs_option()
def validate(files: tuple[str, ...], rules: str, output: str | None, output_format: str | None, summary_only: bool,
             min_severity: str, fail_on: str, jobs: int | None) -> None:
    """检查绩效目标表与预算表：权重、指标分类、指标性质、目标文字、金额与预算表合计。FILE 可为文件或目录。"""
    with paused_gc():  # the modules this command needs and its rule set: built once and kept (see perfeval/__main__.py)
        from ..api import expand, validate_files
        from ..checks import load_ruleset
        from ..render.findings import summary_line

        check_output(output_format, output, files)
        ruleset = load_ruleset(rules)
    with progress(len(expand(files)), "校验") as update:
        result = validate_files(files, ruleset, progress=update, on_unreadable=report_unreadable, jobs=jobs)
    finish("validate", result, output_format, output, files, summary_only=summary_only, min_severity=min_severity,
           summary=summary_line(result.findings, len(result.files)))
    threshold = FAIL_ON[fail_on]
    if len(result.units) >= KEEP_MIN:
        keep_to_exit(result, beside=True)  # (beside the document validate_files kept: see api._Validate)
    if result.unreadable:
        click.get_current_context().exit(2)
    if threshold is not None and any(f.severity >= threshold for f in result.findings):
        click.get_current_context().exit(1)
