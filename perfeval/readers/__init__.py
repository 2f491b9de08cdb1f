"""Reading a document from any format perfeval knows: one registry, chosen by content and extension.

Each format is declared once (in the style of frictionless-py's plugins): its name, its
file extensions, a `detect` that says from the bytes whether a file is of it, and a
`create` that names the reader, imported only when used:

- `text`: what a PDF extractor or a copy gives (`.txt`, UTF-8 or GBK/GB18030; tabs, `|`, runs
  of spaces or one cell per line), read into a grid and recognised by perfeval.forms (the
  seed's `附件 N` + tab layout keeps its exact line-by-line reader);
- `yaml`, `json`: perfeval's own format (docs/format.md);
- `xlsx`: Excel workbooks in perfeval's form or flat layout (docs/excel.md);
- `pdf`, `docx`, `xls`, `html`: published documents, read into a grid by
  `perfeval.sources.<name>.read_grid` and recognised by perfeval.forms;
- `doc`: an old Word file, refused with "save it as .docx".

When a guess fails, the error says what was tried and why (docs/reading.md).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Callable

from .._methods import frozen
from .._lazyre import lazy
from .. import vocab
from .._gc import paused_gc
from ..errors import InputError, problem_at
from ..model import Document
from ._source import decode, read_bytes

_ZIP = b"PK\x03\x04"
# Excel refusals that mean "not perfeval's layout" rather than "a bad cell": such workbooks are read as grids
# (as is any workbook perfeval did not write, whatever the refusal).
_GRID_WORTHY = ("至少一张可识别的工作表", "表头应含 三级指标 与 指标性质 两列", "已知的列名之一", "表头项之一")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_member(data: bytes, prefix: bytes) -> bool:
    return data.startswith(_ZIP) and prefix in data


def _ole2(kind: str) -> Callable[[bytes], bool]:
    def detect(data: bytes) -> bool:
        if not data.startswith(_OLE2):
            return False
        from ..sources import ole2_kind

        return ole2_kind(data) == kind
    return detect


def _html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) and b"<t" in data[:65536].lower()


@frozen
class Format:
    """One input format: how to know it from its bytes, and what reads it."""

    name: str
    extensions: tuple[str, ...]
    detect: Callable[[bytes], bool] | None
    create: str  # "module:function"; a grid reader (path, data) -> Grid, or a document reader
    grid: bool = True
    description: str = ""

    def load(self) -> Callable:
        module, _, function = self.create.partition(":")
        return getattr(importlib.import_module(module, __name__), function)


REGISTRY: tuple[Format, ...] = (
    Format("pdf", (".pdf",), lambda d: d.lstrip()[:5] == b"%PDF-", "..sources.pdf:read_grid", description="PDF"),
    Format("docx", (".docx",), lambda d: _zip_member(d, b"word/"), "..sources.docx:read_grid", description="Word .docx"),
    Format("xlsx", (".xlsx", ".xlsm"), lambda d: d.startswith(_ZIP), "..xlsx:read_document_xlsx", grid=False,
           description="Excel .xlsx"),
    Format("xls", (".xls",), _ole2("xls"), "..sources.xls:read_grid", description="Excel 97-2003 .xls"),
    Format("doc", (".doc",), _ole2("doc"), "..sources:refuse_ole2", description="Word 97-2003 .doc"),
    Format("html", (".html", ".htm"), _html, "..sources.html:read_grid", description="网页 HTML"),
    Format("json", (".json",), None, ".native:read_json_document", grid=False, description="perfeval JSON"),
    Format("yaml", (".yaml", ".yml"), None, ".native:read_yaml_document", grid=False, description="perfeval YAML"),
    Format("text", (".txt", ".text", ".csv", ".tsv", ".md"), None, "..sources.text:read_grid",
           description="文本（PDF 或网页复制的文字）"),
)
BY_NAME = {f.name: f for f in REGISTRY}
FORMATS = tuple(BY_NAME)
_BY_EXTENSION = {ext: f.name for f in REGISTRY for ext in f.extensions}


def sniff(data: bytes, text: str | None, path: Path) -> str:
    """The format of a file: its content decides where it is unambiguous, else its extension."""
    for fmt in REGISTRY:
        if fmt.detect is not None and fmt.detect(data):
            if fmt.name == "xlsx" and _zip_member(data, b"word/"):
                continue
            return fmt.name
    by_extension = _BY_EXTENSION.get(path.suffix.lower())
    if by_extension in ("pdf", "docx", "xlsx", "xls", "doc", "html") and text is None:
        return by_extension
    if text is None:
        return by_extension or "text"
    head = text.lstrip()
    if head.startswith(("{", "[")):
        return "json"
    if by_extension in ("yaml", "json"):
        return by_extension
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    if first.startswith(("格式:", "格式：", "单位名称:", "---")) or (by_extension is None and "\t" not in text and ": " in first):
        return "yaml"
    if by_extension == "html" or head[:200].lower().startswith(("<!doctype html", "<html", "<table")):
        return "html"
    return "text"


def read_grid(path: str | Path, format: str | None = None):
    """The located-cell grid of a file in a grid format (text, pdf, docx, xls, html)."""
    path = Path(path)
    data = read_bytes(path)
    name = format or binary_kind(data, path)
    fmt = BY_NAME.get(name)
    if fmt is None or not fmt.grid:
        raise InputError(problem_at(str(path), None, "文本、PDF、Word .docx、Excel .xls 或网页 HTML 文件", name))
    return grid_of(fmt, path, data)


def binary_kind(data: bytes, path: Path) -> str:
    for fmt in REGISTRY:
        if fmt.detect is not None and fmt.detect(data):
            if fmt.name == "xlsx" and _zip_member(data, b"word/"):
                continue
            return fmt.name
    return _BY_EXTENSION.get(path.suffix.lower(), "text")


def grid_of(fmt: Format, path: Path, data: bytes):
    if fmt.name == "doc":
        fmt.load()(path, data)  # raises the "save as .docx" error
    try:
        reader = fmt.load()
    except ImportError as exc:
        raise InputError(problem_at(str(path), None, f"已安装读取{fmt.description}所需的 Python 包",
                                    f"缺少 {exc.name or exc}，请运行 pip install -e .")) from None
    return reader(path, data)


def read_document(path: str | Path, format: str | None = None) -> Document:
    """Read any supported file into a Document; InputError (exit 2) for anything unreadable."""
    path = Path(path)
    data = read_bytes(path)
    if not data or data.isspace():  # the whitespace bytes.strip() drops, without a copy of the file
        raise InputError(problem_at(str(path), None, "有内容的文件", "文件为空"))
    if format is None:
        binary = binary_kind(data, path)
        if binary not in ("text", "json", "yaml"):
            format = binary
    if format == "xlsx" or (format is None and path.suffix.lower() in (".xlsx", ".xlsm")):
        if not data.startswith(_ZIP):
            raise InputError(problem_at(str(path), None, "Excel 工作簿（.xlsx，zip 格式）", "不是 zip 文件"))
        try:
            with paused_gc():  # as for YAML and JSON: a workbook's rows and cells form no cycles
                return BY_NAME["xlsx"].load()(path)
        except InputError as exc:
            if not any(reason in exc.render() for reason in _GRID_WORTHY) and _written_by_perfeval(data):
                raise
            return _xlsx_as_grid(path, exc)
    if format in ("pdf", "docx", "xls", "html", "doc"):
        from ..forms import read_document_grid

        return read_document_grid(grid_of(BY_NAME[format], path, data))
    if format == "json" or (format is None and path.suffix.lower() == ".json"):
        from .native import read_json_bytes  # from the bytes: no text copy of a province-sized file

        return read_json_bytes(data, str(path))
    text, _ = decode(data, path)
    if not text.strip():
        raise InputError(problem_at(str(path), None, "有内容的文件", "文件为空"))
    kind = format or sniff(data, text, path)
    if kind in ("yaml", "json"):
        try:
            return BY_NAME[kind].load()(text, str(path))
        except InputError as exc:
            if format is not None or path.suffix.lower() in (".yaml", ".yml", ".json"):
                raise
            return _as_text_or_explain(text, path, kind, exc)
    if kind == "html":
        from ..forms import read_document_grid

        return read_document_grid(grid_of(BY_NAME["html"], path, data))
    if kind == "text":
        return read_text_document(text, str(path))
    raise InputError(problem_at(str(path), None, f"格式之一：{'、'.join(FORMATS)}", kind))


def _written_by_perfeval(data: bytes) -> bool:
    """Whether a workbook has perfeval's own 文档信息 sheet (then its cells are held to perfeval's layout)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return "文档信息" in book.read("xl/workbook.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return True


def _xlsx_as_grid(path: Path, error: InputError) -> Document:
    """A workbook in neither of perfeval's layouts (a province's template, a budget-system export), read as a grid."""
    from ..forms import read_document_grid
    from ..xlsx.grid import read_grid as xlsx_grid

    try:
        return read_document_grid(xlsx_grid(path))
    except InputError as second:
        raise InputError([problem_at(
            str(path), None,
            f"{error.render()}；再按表样识别（表名、表头）也没有找到："
            f"{second.render()}")]) from None


def read_text_document(text: str, path: str) -> Document:
    """Text: the seed's `附件 N` + tab layout by its exact line reader, anything else through the grid."""
    from ..sources.text import layout_of, text_grid

    layout = layout_of(text)
    if layout == "text-tab" and _has_attachment_headings(text):
        from .pdftext import read_pdf_text

        try:
            return read_pdf_text(text, path)
        except InputError as exc:
            if "未找到任何表格" not in exc.render():
                raise
    from ..forms import read_document_grid

    return read_document_grid(text_grid(text, path, layout))


_ATTACHMENT_LINE = lazy(r"^[ \t]*" + vocab.ATTACHMENT_NUMBER + r"[ \t]*$", re.M)


def _has_attachment_headings(text: str) -> bool:
    """Whether the text has a line that is only an `附件 N` heading (the seed's layout)."""
    return _ATTACHMENT_LINE.search(text) is not None


def _as_text_or_explain(text: str, path: Path, kind: str, error: InputError) -> Document:
    """A file guessed as JSON/YAML from its first characters that does not parse: try it as text, else say both."""
    try:
        return read_text_document(text, str(path))
    except InputError as second:
        start = text.lstrip()[:1]
        why = f"以 `{start}` 开头" if kind == "json" else "首行像 `键: 值`"
        raise InputError([problem_at(
            str(path), None,
            f"看起来是 {kind.upper()}（{why}），但按 {kind.upper()} 读取失败：{error.render()}；"
            "再按文本（从 PDF 或网页复制的表格）读取也失败："
            f"{second.render()}。如果这是 PDF 的文本副本，请确认表名（如“项目支出绩效目标表”）与表头行都在文件中",
        )]) from None
