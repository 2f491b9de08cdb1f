"""Source adapters: each binary format a published document comes in, read into a `Grid`.

One module per source (`pdf`, `docx`, `xls`, `html`), each exposing
`read_grid(path, data) -> Grid`. They import their third-party library only when
called, so importing perfeval (and reading text) never loads pdfplumber, python-docx
or xlrd. This module itself only sniffs the old OLE2 Office container, which needs
no library, so the format registry can name an old `.doc` or `.xls` before choosing
an adapter.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, problem_at
from ..text import clean_cell

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _stream_name(name: str) -> bytes:
    # OLE2 directory entries hold names in UTF-16LE; enough to tell Word from Excel.
    return name.encode("utf-16-le")


_GAP = re.compile(r"[ \u3000\xa0]{2,}|\t")


def spaced_text(text: str) -> str:
    """A printed line's text: a tab or a run of spaces between two parts (`填报单位：某局      单位：万元`)
    stays a two-space gap, as a PDF's column gap does; single wrap spaces go as in any cell."""
    parts = [clean_cell(part) for part in _GAP.split(text)]
    return "  ".join(part for part in parts if part)


def ole2_kind(data: bytes) -> str | None:
    """`doc`, `xls`, `encrypted` (an encrypted .docx/.xlsx) or `ole2` for an OLE2 file; None otherwise."""
    if not data.startswith(OLE2):
        return None
    if _stream_name("EncryptedPackage") in data:
        return "encrypted"
    if _stream_name("WordDocument") in data:
        return "doc"
    if _stream_name("Workbook") in data or _stream_name("Book") in data:
        return "xls"
    return "ole2"


def refuse_ole2(path: Path, data: bytes) -> None:
    """Raise the clear error for an OLE2 file perfeval cannot read (an old .doc, an encrypted file).

    Does nothing for an old .xls, which `perfeval.sources.xls` reads.
    """
    kind = ole2_kind(data)
    if kind == "doc":
        raise InputError(problem_at(
            str(path), None,
            "Word .docx 文件；这是旧版 Word 97-2003 文档（.doc），perfeval 不读取",
            "请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再试"))
    if kind == "encrypted":
        raise InputError(problem_at(
            str(path), None, "未加密的 Office 文件",
            "文件设有打开密码（已加密），请在 Office 或 WPS 中去掉密码后另存再试"))
    if kind == "ole2":
        raise InputError(problem_at(
            str(path), None, "Word .docx、Excel .xlsx 或 .xls 文件",
            "旧版 Office 复合文档，但不是 Word 或 Excel 工作簿"))


def missing_library(path: Path, what: str, package: str) -> InputError:
    """The error for a source whose optional library is not installed."""
    return InputError(problem_at(str(path), None, f"已安装读取{what}所需的 {package}",
                                 f"缺少 Python 包 {package}，请运行 pip install {package}"))
