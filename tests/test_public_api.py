"""The names re-exported from `perfeval` resolve, and importing perfeval loads none of them."""

from __future__ import annotations

import subprocess
import sys

import perfeval

from .conftest import ROOT, SEED


def test_every_export_resolves():
    for name in perfeval.__all__:
        assert getattr(perfeval, name) is not None, name


def test_import_is_cheap():
    code = "import sys, perfeval; print(sorted(m for m in sys.modules if m.startswith(('perfeval.', 'sympy', 'yaml', 'openpyxl'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    assert out == "[]"


def test_the_documented_path_works():
    doc = perfeval.read_document(SEED)
    findings = perfeval.validate_document(doc, perfeval.load_ruleset("national"))
    assert any(f.code == "weights.sum" and f.table == "附件 12-4" for f in findings)
