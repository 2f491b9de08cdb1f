"""`perfeval audit SHEET...`: review filled-in self-evaluation sheets (自评表) against a scoring rule set.

Exit codes as for validate: 0 when nothing is at or above --fail-on, 1 when something
is, 2 when a sheet or the rule file cannot be read (every unreadable file is named at
once). A progress bar goes to stderr only when stderr is a terminal and the batch is large.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from ..errors import PerfevalError

PROGRESS_FROM = 20  # sheets; smaller batches finish before a bar would help
_FAIL_ON = {"error": "error", "warning": "warning", "never": None}
_OUTPUT_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".txt": "table", ".xlsx": "xlsx"}


def _tolerance(ctx, param, value: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"应为非负数（如 0.01），实际为 {value!r}") from None
    if not number.is_finite() or number < 0:
        raise click.BadParameter(f"应为非负数（如 0.01），实际为 {value!r}")
    return number


@click.command()
@click.argument("sheets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--rules", "rules_name", default="national", show_default=True, metavar="NAME|PATH",
              help="评分规则集：内置名称（national、province-20、strict）或 .toml 文件路径。")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True,
              help="输出格式。")
@click.option("--fail-on", type=click.Choice(list(_FAIL_ON)), default="error", show_default=True,
              help="有该级别（或更严重）的问题时以退出码 1 结束。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="把报告写入文件：.json、.md、.txt 或 .xlsx（Excel）。")
@click.option("--taxonomy", default="national", show_default=True, metavar="NAME|PATH|off",
              help="按此校验规则集检查一级、二级指标名称（taxonomy.*）；off 不检查。")
@click.option("--tolerance", default="0.01", show_default=True, callback=_tolerance,
              help="得分比较的最小容差（分）；实际容差还包括所填数字末位的舍入尾差（见 docs/audit.md）。")
def audit(sheets: tuple[Path, ...], rules_name: str, fmt: str, fail_on: str, output: Path | None,
          taxonomy: str, tolerance: Decimal) -> None:
    """复核已填报的项目支出绩效自评表：核算分值与得分，按评分规则集重新计分，检查偏差原因与数据质量。"""
    from .._gc import paused_gc
    from ..findings import Severity
    from ..scoring import load_scoring_rules
    from ..selfeval.batch import SHEET_SUFFIXES, audit_all, audit_report, expand, read_all

    if output is not None and output.suffix.lower() not in _OUTPUT_FORMATS:
        raise click.BadParameter(f"应以 {'、'.join(_OUTPUT_FORMATS)} 结尾", param_hint="-o/--output")
    rules = load_scoring_rules(rules_name)
    names = None
    if taxonomy != "off":
        from ..checks.ruleset import load_ruleset

        names = load_ruleset(taxonomy)
    files = expand(sheets)
    if not files:
        raise PerfevalError(f"{'、'.join(map(str, sheets))}: 没有自评表文件（{'、'.join(SHEET_SUFFIXES)}）")
    with paused_gc():  # reading, auditing, the report and its rendering build acyclic data only
        read = read_all(files)
        if sys.stderr.isatty() and len(read) >= PROGRESS_FROM:
            with click.progressbar(length=len(read), label="复核自评表", file=sys.stderr) as bar:
                audits = audit_all(read, rules, tolerance, progress=bar.update, taxonomy=names)
        else:
            audits = audit_all(read, rules, tolerance, taxonomy=names)
        report = audit_report(audits, rules, len(files))
        if output is not None:
            _write(report, output)
            summary = report["summary"]
            click.echo(f"自评表 {summary['sheets']} 张：错误 {summary['error']} 条，警告 {summary['warning']} 条，"
                       f"提示 {summary['info']} 条（{summary['files']} 个文件）；已写入 {output}")
        else:
            click.echo(_render(report, fmt), nl=False)
    threshold = _FAIL_ON[fail_on]
    if threshold is not None and any(Severity(f["severity"]) >= Severity(threshold) for f in report["findings"]):
        click.get_current_context().exit(1)


def _render(report: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    from ..selfeval.render import render

    return render(report, fmt)


def _write(report: dict, output: Path) -> None:
    kind = _OUTPUT_FORMATS[output.suffix.lower()]
    if kind == "xlsx":
        try:
            from ..selfeval.workbook import write_audit_xlsx
        except ImportError:
            raise PerfevalError(f"{output}: 写 Excel 需要 perfeval.xlsx 与 openpyxl，当前安装中没有；请改用 .json 或 .md") from None
        write_audit_xlsx(report, output)
        return
    try:
        output.write_text(_render(report, kind), encoding="utf-8")
    except OSError as exc:
        raise PerfevalError(f"{output}: 无法写入（{exc.strerror or exc}）") from None
