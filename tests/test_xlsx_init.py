"""perfeval.xlsx as a package: its public functions, and openpyxl staying inside it."""

from __future__ import annotations

import ast
import subprocess
import sys

import perfeval.xlsx

from .conftest import ROOT


def test_public_functions():
    assert set(perfeval.xlsx.__all__) == {"read_document_xlsx", "write_document_xlsx", "read_actuals_xlsx",
                                          "write_findings_xlsx", "write_score_xlsx", "check_score_workbook",
                                          # the face other packages build and read workbooks with
                                          "Book", "Styled", "Workbook", "cell_text", "is_percent",
                                          "number_to_decimal", "shown_places"}


def test_openpyxl_is_imported_only_inside_perfeval_xlsx_at_module_level():
    offenders = []
    for path in (ROOT / "perfeval").rglob("*.py"):
        if "xlsx" in path.relative_to(ROOT / "perfeval").parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [a.name for a in node.names]
            if any(n.split(".")[0] == "openpyxl" or n.endswith("xlsx") for n in names):
                offenders.append(str(path))
    assert offenders == []


def test_reading_text_documents_does_not_load_openpyxl():
    code = ("import sys; from perfeval.readers import read_document; "
            f"read_document({str(ROOT / 'examples' / 'tongnan-shebao-2026.txt')!r}); "
            "print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"
