"""Time how fast hostile or broken workbooks are refused (they must never hang).

    python benchmarks/xlsx_guard.py

Builds a small valid workbook, then variants: a sheet declaring A1:XFD1048576, a
40 MB zip-bomb part, a truncated file, broken sheet XML; prints the seconds each
takes to become an InputError.
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from perfeval.errors import InputError  # noqa: E402
from perfeval.xlsx import read_document_xlsx  # noqa: E402

SHEET = "xl/worksheets/sheet1.xml"


def rewrite(source: Path, target: Path, transform) -> Path:
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[SHEET] = transform(parts[SHEET])
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return target


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        good = tmp / "good.xlsx"
        wb = openpyxl.Workbook()
        wb.active.append(["项目名称", "三级指标", "指标性质"])
        wb.active.append(["P0000001-项目甲", "数量", "定性"])
        wb.save(good)
        truncated = tmp / "cut.xlsx"
        truncated.write_bytes(good.read_bytes()[:700])
        cases = {
            "declared A1:XFD1048576": rewrite(good, tmp / "dim.xlsx", lambda b: b.replace(b'ref="A1:C2"', b'ref="A1:XFD1048576"')),
            "40 MB zip-bomb part": rewrite(good, tmp / "bomb.xlsx", lambda b: b + b" " * (40 << 20)),
            "truncated file": truncated,
            "broken sheet XML": rewrite(good, tmp / "xml.xlsx", lambda b: b.replace(b"</sheetData>", b"<row><c><v>1")),
        }
        for name, path in cases.items():
            start = time.perf_counter()
            try:
                read_document_xlsx(path)
                outcome = "read (unexpected)"
            except InputError:
                outcome = "InputError"
            print(f"{name:24} {outcome:12} {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
