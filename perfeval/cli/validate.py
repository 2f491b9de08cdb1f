"""`perfeval validate FILE...`: find what a reviewer would find before the tables are submitted.

Exit codes: 0 when nothing is at or above --fail-on, 1 when something is, 2 when
an input or the rule file cannot be read (the CLI group turns the error into a
message). Only the reader, the checks and tabulate are imported on this path.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import PerfevalError
from ..findings import Finding, Severity, report_to_json

_FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "never": None}
_OUTPUT_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".txt": "table", ".xlsx": "xlsx"}


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--rules", "rules", default="national", show_default=True, metavar="NAME|PATH",
              help="校验规则集：内置名称（national、chongqing）或 .toml 文件路径。")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True, help="输出格式。")
@click.option("--fail-on", type=click.Choice(list(_FAIL_ON)), default="error", show_default=True,
              help="有该级别（或更严重）的问题时以退出码 1 结束。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), metavar="FILE",
              help="把结果写入文件：.json、.md、.txt 或 .xlsx（Excel）。")
def validate(files: tuple[str, ...], rules: str, output_format: str, fail_on: str, output: str | None) -> None:
    """检查绩效目标表与预算表：权重、指标分类、指标性质、目标文字、金额与预算表合计。"""
    from ..checks import load_ruleset, validate_files

    if output is not None and Path(output).suffix.lower() not in _OUTPUT_FORMATS:
        raise click.BadParameter(f"应以 {'、'.join(_OUTPUT_FORMATS)} 结尾", param_hint="-o/--output")
    ruleset = load_ruleset(rules)
    findings = validate_files(files, ruleset)
    if output is not None:
        _write(findings, len(files), output)
        from ..render.findings import summary_line

        click.echo(f"{summary_line(findings, len(files))}；已写入 {output}")
    else:
        click.echo(_render(findings, len(files), output_format), nl=False)
    threshold = _FAIL_ON[fail_on]
    if threshold is not None and any(f.severity >= threshold for f in findings):
        click.get_current_context().exit(1)


def _render(findings: list[Finding], files: int, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(report_to_json(findings, files), ensure_ascii=False, indent=2) + "\n"
    from ..render.findings import render_markdown, render_table

    if output_format == "markdown":
        return render_markdown(findings, files)
    return render_table(findings, files)


def _write(findings: list[Finding], files: int, output: str) -> None:
    kind = _OUTPUT_FORMATS[Path(output).suffix.lower()]
    if kind == "xlsx":
        try:
            from ..xlsx import write_findings_xlsx
        except ImportError:
            raise PerfevalError(f"{output}: 写 Excel 需要 perfeval.xlsx 与 openpyxl，当前安装中没有") from None

        write_findings_xlsx(report_to_json(findings, files), output)
        return
    Path(output).write_text(_render(findings, files, kind), encoding="utf-8")
