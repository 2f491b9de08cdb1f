"""`perfeval convert IN -o OUT`: between extracted text, YAML, JSON and Excel, losslessly."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError, problem_at
from ..readers import FORMATS, read_document

_OUTPUTS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}


@click.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=str))
@click.option("-o", "--output", required=True, help="输出文件：.yaml/.yml、.json 或 .xlsx；“-” 表示标准输出（YAML 或 --to 指定）。")
@click.option("--to", "target_format", type=click.Choice(["yaml", "json", "xlsx"]), help="输出格式（默认按扩展名）。")
@click.option("--from", "source_format", type=click.Choice(FORMATS), help="输入格式（默认按内容与扩展名判断）。")
@click.option("--layout", type=click.Choice(["form", "flat"]), default="form", show_default=True,
              help="Excel 版式：form 每个项目一张表（同申报表），flat 每个指标一行。")
def convert(source: str, output: str, target_format: str | None, source_format: str | None, layout: str) -> None:
    """在 PDF 提取文本、YAML、JSON、Excel 之间转换文档。"""
    kind = target_format or ("yaml" if output == "-" else _OUTPUTS.get(Path(output).suffix.lower()))
    if kind is None:
        raise InputError(problem_at(output, None, "输出文件扩展名为 .yaml、.yml、.json 或 .xlsx（或用 --to 指定）",
                                    Path(output).suffix or "无扩展名"))
    from ..output import atomic_write, check_target

    if output != "-":
        check_target(output, [source])  # never onto the input; the folder must exist and be writable
    doc = read_document(source, source_format)
    if kind == "xlsx":
        if output == "-":
            raise InputError(problem_at(output, None, "Excel 输出需要一个文件名", "-"))
        from ..xlsx import write_document_xlsx

        atomic_write(output, lambda temporary: write_document_xlsx(doc, temporary, layout=layout))
    else:
        from ..writers.native import dump_json, dump_yaml

        text = dump_yaml(doc) if kind == "yaml" else dump_json(doc)
        if output == "-":
            click.echo(text, nl=False)
        else:
            atomic_write(output, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    if doc.unplaced:
        click.echo(f"注意：{len(doc.unplaced)} 行未能归入任何表格，已保留在输出的“未归位的行”中。", err=True)
    if output != "-":
        click.echo(f"已写入 {output}", err=True)
