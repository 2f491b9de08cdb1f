"""Reading a document from any format perfeval knows, chosen by content and extension.

- text a PDF extractor gave for a published 部门预算公开 (`.txt`, UTF-8 or GBK/GB18030)
- perfeval's own YAML (`.yaml`, `.yml`) and JSON (`.json`), see docs/format.md
- Excel workbooks (`.xlsx`, `.xlsm`), see docs/excel.md
"""

from __future__ import annotations

from pathlib import Path

from .._gc import paused_gc
from ..errors import InputError, problem_at
from ..model import Document
from ._source import decode, read_bytes

FORMATS = ("text", "yaml", "json", "xlsx")
_EXTENSIONS = {".txt": "text", ".text": "text", ".yaml": "yaml", ".yml": "yaml", ".json": "json",
               ".xlsx": "xlsx", ".xlsm": "xlsx"}
_ZIP = b"PK\x03\x04"


def sniff(data: bytes, text: str | None, path: Path) -> str:
    """The format of a file: its content decides where it is unambiguous, else its extension."""
    if data.startswith(_ZIP):
        return "xlsx"
    by_extension = _EXTENSIONS.get(path.suffix.lower())
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
    return by_extension or "text"


def read_document(path: str | Path, format: str | None = None) -> Document:
    """Read any supported file into a Document; InputError (exit 2) for anything unreadable."""
    path = Path(path)
    data = read_bytes(path)
    if format is None and data.startswith(_ZIP):
        format = "xlsx"
    if format == "xlsx" or (format is None and path.suffix.lower() in (".xlsx", ".xlsm")):
        if not data.startswith(_ZIP):
            raise InputError(problem_at(str(path), None, "Excel 工作簿（.xlsx，zip 格式）", "不是 zip 文件"))
        try:
            from ..xlsx import read_document_xlsx
        except ImportError:  # pragma: no cover - the xlsx package ships with perfeval
            raise InputError(problem_at(str(path), None, "已安装 Excel 支持（openpyxl）", "缺少")) from None
        with paused_gc():  # as for YAML and JSON: a workbook's rows and cells form no cycles
            return read_document_xlsx(path)
    text, _ = decode(data, path)
    if not text.strip():
        raise InputError(problem_at(str(path), None, "有内容的文件", "文件为空"))
    kind = format or sniff(data, text, path)
    if kind == "yaml":
        from .native import read_yaml_document

        return read_yaml_document(text, str(path))
    if kind == "json":
        from .native import read_json_document

        return read_json_document(text, str(path))
    if kind == "text":
        from .pdftext import read_pdf_text

        return read_pdf_text(text, str(path))
    raise InputError(problem_at(str(path), None, f"格式之一：{'、'.join(FORMATS)}", kind))
