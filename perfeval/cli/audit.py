"""`perfeval audit`: review filled-in self-evaluation sheets (自评表) against a scoring rule set."""

from __future__ import annotations

import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from ..errors import InputError, problem_at

PROGRESS_FROM = 20  # sheets; smaller batches finish before a bar would help


def _tolerance(ctx, param, value: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"应为非负数（如 0.01），实际为 {value!r}") from None
    if not number.is_finite() or number < 0:
        raise click.BadParameter(f"应为非负数（如 0.01），实际为 {value!r}")
    return number


@click.command(help="复核已填报的项目支出绩效自评表：核算、按规则集重新计分、检查偏差说明与数据质量。")
@click.argument("sheets", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rules", "rules_name", default="national", show_default=True, metavar="NAME|PATH",
              help="评分规则集：内置名称（national、province-20、strict）或 TOML 文件路径。")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True,
              help="输出格式。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="把报告写入文件，格式按扩展名：.xlsx、.json、.md（其他扩展名按 --format）。")
@click.option("--tolerance", default="0.01", show_default=True, callback=_tolerance,
              help="得分比较的最小容差（分）；实际容差还包括所填数字末位的舍入尾差。")
def audit(sheets: tuple[Path, ...], rules_name: str, fmt: str, output: Path | None, tolerance: Decimal) -> None:
    from ..findings import Severity
    from ..scoring import load_scoring_rules
    from ..selfeval.batch import audit_all, audit_report, read_all

    rules = load_scoring_rules(rules_name)
    read = read_all(sheets)
    progress_wanted = sys.stderr.isatty() and len(read) >= PROGRESS_FROM
    if progress_wanted:
        with click.progressbar(length=len(read), label="复核自评表", file=sys.stderr) as bar:
            audits = audit_all(read, rules, tolerance, progress=bar.update)
    else:
        audits = audit_all(read, rules, tolerance)
    report = audit_report(audits, rules, len(sheets))
    if output is not None:
        _write(report, output, fmt)
        summary = report["summary"]
        click.echo(f"已写入 {output}：自评表 {summary['sheets']} 张，错误 {summary['error']} 条，"
                   f"警告 {summary['warning']} 条，提示 {summary['info']} 条。", err=True)
    else:
        click.echo(_text(report, fmt), nl=False)
    worst = max((Severity(f["severity"]) for f in report["findings"]), default=None)
    sys.exit(1 if worst is not None and worst >= Severity.ERROR else 0)


def _text(report: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    from ..selfeval.render import render

    return render(report, fmt)


def _write(report: dict, output: Path, fmt: str) -> None:
    suffix = output.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            from ..xlsx import write_findings_xlsx
        except ImportError:
            raise InputError(problem_at(str(output), None, "写 Excel 报告需要 perfeval.xlsx 的 write_findings_xlsx（当前安装中没有）；"
                                                           "请改用 .json 或 .md")) from None
        write_findings_xlsx(report, output)
        return
    text = _text(report, "json" if suffix == ".json" else "markdown" if suffix == ".md" else fmt)
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(problem_at(str(output), None, "可写入的输出文件", exc.strerror or str(exc))) from None
