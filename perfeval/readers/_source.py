"""Reading a file's bytes and text with one clear error for every way it can fail.

Chinese documents are often saved as GBK/GB18030 rather than UTF-8; we detect
that instead of asking the user, and refuse binary or empty files by name.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError, problem_at
from ..limits import FILE_BYTES, Limit

_HEAD = 1 << 16


def read_bytes(path: str | Path, limit: Limit = FILE_BYTES) -> bytes:
    """A file's bytes, refusing one past `limit` without reading more than the limit (so
    `/dev/zero` or a runaway export ends at once with the limit, not in MemoryError)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit.value:
                raise limit.error(str(path), f"{size:,} 字节")
            data = handle.read(_HEAD)
            if b"\x00" in data[:4096] and not data.startswith(b"PK"):
                return data  # binary and not a workbook: every reader refuses it from its head alone
            if len(data) == _HEAD:
                if handle.seekable():
                    handle.seek(0)  # one read, no copy: a 264 MB export must not briefly take twice that
                    data = handle.read(limit.value + 1)
                else:
                    data += handle.read(limit.value + 1 - _HEAD)
        if len(data) > limit.value:
            raise limit.error(str(path), f"超过 {limit.value:,} 字节")
        return data
    except FileNotFoundError:
        raise InputError(problem_at(str(path), None, "一个存在的文件", "文件不存在")) from None
    except IsADirectoryError:
        raise InputError(problem_at(str(path), None, "一个文件", "这是一个目录")) from None
    except OSError as exc:
        raise InputError(problem_at(str(path), None, "可读取的文件", exc.strerror or str(exc))) from None


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """The text of a file and the encoding it was in: UTF-8 (with or without BOM) or GB18030."""
    if b"\x00" in data[:4096]:
        raise InputError(problem_at(str(path), None, "文本文件（UTF-8 或 GBK/GB18030 编码）", "二进制内容"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, ("utf-8" if encoding == "utf-8-sig" else encoding)
    raise InputError(problem_at(str(path), None, "UTF-8 或 GBK/GB18030 编码的文本", "无法按这两种编码解码"))


def read_text(path: str | Path) -> str:
    """A text file's content, decoded; an empty file is an error."""
    text, _ = decode(read_bytes(path), path)
    if not text.strip():
        raise InputError(problem_at(str(path), None, "有内容的文件", "文件为空"))
    return text
