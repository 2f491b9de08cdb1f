"""`perfeval validate` on every target document of the reading corpus gives exactly its expected findings.

Each target document has `NAME.findings.json` beside it, written by tests/corpus/make_corpus.py
from its FINDINGS table: the faults the document's data carries and the one note per table for
what its printed form lacks. A finding caused by reading (a misplaced column, a "missing" field
the form does not print) or a false alarm is an extra entry and fails here; a fault no longer
found is a missing entry. Entries are compared as a multiset of (code, table, subject), so a
flood (one finding per row where the table deserves one) fails too.

The seed PDF is held to the seed text's own findings: the same document in two formats.
The 自评表 files are read by `perfeval audit`; `validate` refuses them, saying so.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from perfeval.api import validate_files

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
EXPECTED = sorted(CORPUS.glob("*.findings.json"))
TARGET_SUFFIXES = (".txt", ".pdf", ".docx", ".xls", ".xlsx", ".html")


def _target_documents() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in TARGET_SUFFIXES and "ziping" not in p.name
                  and p.name not in ("fixture-formats.xls", "chongqing-2026-tongnan-seed.pdf"))


def _found(path: Path) -> Counter:
    result = validate_files([path], "national")
    assert result.unreadable == [], result.unreadable
    return Counter((f.code, f.table or "", f.indicator or str(f.evidence.get("level1", "") or ""))
                   for f in result.findings)


def test_every_target_document_has_its_expected_findings():
    assert [p.name.removesuffix(".findings.json") for p in EXPECTED] == [p.name for p in _target_documents()]


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.removesuffix(".findings.json"))
def test_validate_gives_exactly_the_expected_findings(expected: Path):
    data = json.loads(expected.read_text(encoding="utf-8"))
    want = Counter((e["code"], e["table"], e["subject"]) for e in data["findings"])
    got = _found(CORPUS / data["document"])
    extra, missing = got - want, want - got
    assert not extra and not missing, (
        f"{data['document']}: unexpected (a reading error or a false alarm?) {sorted(extra.elements())}; "
        f"expected but not found {sorted(missing.elements())}")


def test_no_corpus_target_document_has_an_error_or_warning_about_an_absent_field():
    lacking = {"fields.missing", "taxonomy.core"}
    for path in _target_documents():
        codes = {f.code for f in validate_files([path], "national").findings}
        assert not codes & lacking, (path.name, codes & lacking)


def test_the_seed_pdf_gives_the_seed_texts_findings():
    def key(result):
        return Counter((f.code, f.severity, f.table, f.indicator, f.message) for f in result.findings)

    text = validate_files([ROOT / "examples" / "tongnan-shebao-2026.txt"], "national")
    pdf = validate_files([CORPUS / "chongqing-2026-tongnan-seed.pdf"], "national")
    assert pdf.unreadable == [] and key(pdf) == key(text)


@pytest.mark.parametrize("name", ["anhui-2022-weituo-ziping.docx", "yunnan-2024-shuju-ziping.xls",
                                  "sichuan-2023-sifa-ziping.xls"])
def test_validate_on_a_selfeval_file_says_it_is_a_selfeval_and_to_use_audit(name):
    result = validate_files([CORPUS / name])
    assert result.findings == [] and len(result.unreadable) == 1
    problem = " ".join(result.unreadable[0].problems)
    assert "未找到任何表格" in problem and "绩效自评表" in problem and "perfeval audit" in problem
