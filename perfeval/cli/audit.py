"""`perfeval audit SHEET...`: review filled-in self-evaluation sheets (自评表) against a scoring rule set.

SHEET may be a folder. Exit codes: 2 when a sheet file could not be read (the others are
still audited and reported) or the rule file is bad; else 1 when something is at or above
--fail-on; else 0. A progress bar goes to stderr only when stderr is a terminal and the
batch is large.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import click

from .._gc import KEEP_MIN, keep_to_exit, paused_gc
from ._common import FAIL_ON, check_output, finish, jobs_option, output_options, progress, report_unreadable


def _tolerance(ctx, param, value: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"应为非负数（如 0.01），实际为 {value!r}") from None
    if not number.is_finite() or number < 0:
        raise click.BadParameter(f"应为非负数（如 0.01），实际为 {value!r}")
    return number


@click.command()
@click.argument("sheets", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--rules", "rules_name", default="national", show_default=True, metavar="NAME|PATH",
              help="评分规则集：内置名称（national、province-20、strict）或 .toml 文件路径。")
@output_options()
@click.option("--taxonomy", default="national", show_default=True, metavar="NAME|PATH|off",
              help="按此校验规则集检查一级、二级指标名称（taxonomy.*）；off 不检查。")
@click.option("--tolerance", default="0.01", show_default=True, callback=_tolerance,
              help="得分比较的最小容差（分）；实际容差还包括所填数字末位的舍入尾差（见 docs/audit.md）。")
@jobs_option()
def audit(sheets: tuple[str, ...], rules_name: str, output: str | None, output_format: str | None, summary_only: bool,
          min_severity: str, fail_on: str, taxonomy: str, tolerance: Decimal, jobs: int | None) -> None:
    """复核已填报的项目支出绩效自评表：核算分值与得分，按评分规则集重新计分，检查偏差原因与数据质量。"""
    with paused_gc():  # the modules this command needs and its rules: built once and kept (see perfeval/__main__.py)
        from ..api import audit_files, expand
        from ..scoring import load_scoring_rules
        from ..selfeval.batch import SHEET_SUFFIXES

        check_output(output_format, output, sheets)
        rules = load_scoring_rules(rules_name)
        names = None
        if taxonomy != "off":
            from ..checks.ruleset import load_ruleset
            from ..selfeval.audit import TAXONOMY_CODES

            names = load_ruleset(taxonomy, only=TAXONOMY_CODES)  # (the audit runs its name checks alone)

    # reading, auditing and the report build acyclic data only: the collector would rescan it all
    with progress(len(expand(sheets, SHEET_SUFFIXES)), "复核自评表") as update, paused_gc():
        result = audit_files(sheets, rules, tolerance=tolerance, taxonomy=names, progress=update,
                             on_unreadable=report_unreadable, jobs=jobs)
    # the report and its text are built from the same acyclic data: a collection would rescan all of it
    with paused_gc():
        line = ""
        if output is not None:  # (said on stderr with what was written to the file; stdout gets the report only)
            from ..selfeval.summary import summarize

            summary = summarize(result.audits, None, len(result.files))
            line = (f"自评表 {summary['sheets']} 张：错误 {summary['error']} 条，警告 {summary['warning']} 条，"
                    f"提示 {summary['info']} 条（{summary['files']} 个文件）")
        finish("audit", result, output_format, output, sheets, summary_only=summary_only, min_severity=min_severity,
               summary=line)
    if len(result.audits) >= KEEP_MIN:
        # the result is left to the end of the process (freeing it object by object costs 70 ms after 10,000
        # sheets); perfeval.cli.main freezes the collector over it at exit, or the interpreter's last collections
        # would scan it all (0.2 s)
        keep_to_exit(result)
    threshold = FAIL_ON[fail_on]
    if result.unreadable:
        click.get_current_context().exit(2)
    # (the findings looked at sheet by sheet up to the first at the threshold, where result.findings lists all first)
    if threshold is not None and any(f.severity >= threshold for audit in result.audits for f in audit.findings):
        click.get_current_context().exit(1)
