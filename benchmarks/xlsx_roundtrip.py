"""Time writing and reading a province-sized document as .xlsx, flat and form layouts.

    python benchmarks/xlsx_roundtrip.py [indicators] [projects-for-form]

Builds a document by repeating the seed's 17 project tables with new codes until it
holds `indicators` indicators (default 100 000), then writes and reads it back in the
flat layout; and the same for the form layout with `projects-for-form` projects
(default 1 000). Prints seconds, file size and rows per second; checks the round trip.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfeval.readers import read_document  # noqa: E402
from perfeval.xlsx import read_document_xlsx, write_document_xlsx  # noqa: E402


def scaled(doc, projects: int):
    tables = []
    i = 0
    while len(tables) < projects:
        for table in doc.target_tables:
            if len(tables) == projects:
                break
            tables.append(attrs.evolve(table, label=f"附件 12-{i + 1}", project_code=f"5001{i:017d}"))
            i += 1
    return attrs.evolve(doc, target_tables=tables)


def run(doc, layout: str, out: Path) -> None:
    indicators = sum(len(t.indicators) for t in doc.target_tables)
    start = time.perf_counter()
    write_document_xlsx(doc, out, layout=layout)
    written = time.perf_counter() - start
    start = time.perf_counter()
    back = read_document_xlsx(out)
    read = time.perf_counter() - start
    assert back == doc, "round trip changed the document"
    print(f"{layout:4}  {len(doc.target_tables):6} projects  {indicators:7} indicators  "
          f"write {written:6.1f} s  read {read:6.1f} s  ({indicators / read:,.0f} indicators/s read)  "
          f"{out.stat().st_size / 1e6:.1f} MB")


def main() -> None:
    indicators = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    form_projects = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    seed = read_document(ROOT / "examples" / "tongnan-shebao-2026.txt")
    per_project = sum(len(t.indicators) for t in seed.target_tables) / len(seed.target_tables)
    with tempfile.TemporaryDirectory() as tmp:
        run(scaled(seed, round(indicators / per_project)), "flat", Path(tmp) / "flat.xlsx")
        run(scaled(seed, form_projects), "form", Path(tmp) / "form.xlsx")


if __name__ == "__main__":
    main()
