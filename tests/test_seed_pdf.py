"""The seed printed as a PDF with ruled tables reads as the seed text does, byte for byte in YAML.

tests/corpus/chongqing-2026-tongnan-seed.pdf is written by tests/corpus/make_corpus.py from
examples/tongnan-shebao-2026.txt: tab-separated lines become ruled tables, other lines paragraphs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfeval.readers import read_document
from perfeval.writers.native import dump_yaml

SEED_PDF = Path(__file__).resolve().parent / "corpus" / "chongqing-2026-tongnan-seed.pdf"

try:
    from perfeval.readers import FORMATS
except ImportError:  # pragma: no cover
    FORMATS = ()
PDF_READ = "pdf" in FORMATS


@pytest.mark.xfail(not PDF_READ, reason="read_document learns PDF with the form recogniser (branch `read`)", strict=False)
def test_seed_pdf_reads_as_the_seed_text(seed_path):
    from_text = dump_yaml(read_document(seed_path))
    from_pdf = dump_yaml(read_document(SEED_PDF))
    if from_pdf != from_text:
        import difflib

        diff = "\n".join(list(difflib.unified_diff(from_text.splitlines(), from_pdf.splitlines(), "text", "pdf", lineterm=""))[:80])
        pytest.fail("the seed read from its PDF differs from the seed text:\n" + diff, pytrace=False)
