"""Source libraries stay out of start-up: reading the seed text loads no PDF, Word or Excel-97 library."""

from __future__ import annotations

import subprocess
import sys


def test_reading_seed_text_imports_no_source_library(seed_path):
    code = ("import sys, perfeval.sources, perfeval.readers as r; r.read_document(sys.argv[1]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pdfplumber', 'pdfminer', 'pypdfium2', 'docx', 'lxml', 'xlrd', 'reportlab')))")
    out = subprocess.run([sys.executable, "-c", code, str(seed_path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
