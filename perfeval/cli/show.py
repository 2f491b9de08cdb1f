"""`perfeval show FILE`: print every table of a document."""

from __future__ import annotations

import click

from ..readers import FORMATS, read_document
from ..render.document import render_document


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--table", "tables", multiple=True, metavar="LABEL", help="只显示这些附件，如 --table '附件 12-4'。")
@click.option("--from", "source_format", type=click.Choice(FORMATS), help="输入格式（默认按内容与扩展名判断）。")
@click.option("--tablefmt", default="simple", show_default=True, help="tabulate 表格样式：simple、github、grid …")
def show(file: str, tables: tuple[str, ...], source_format: str | None, tablefmt: str) -> None:
    """打印文档中的全部表格：预算表、部门整体绩效目标表与项目支出绩效目标表。"""
    doc = read_document(file, source_format)
    labels = {" ".join(t.split()).replace("附件", "附件 ").replace("  ", " ") for t in tables} or None
    from ..render.terminal import terminal_width

    click.echo(render_document(doc, tablefmt, labels, terminal_width()), nl=False)
    if doc.unplaced:
        click.echo(f"注意：{len(doc.unplaced)} 行未能归入任何表格，已在末尾列出。", err=True)
