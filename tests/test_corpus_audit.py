"""`perfeval audit` on every 自评表 of the reading corpus gives exactly its recorded findings, at their cells.

Each 自评表 document (`*ziping*`) has `NAME.audit.json` beside it, written by tests/corpus/make_corpus.py
from its AUDIT_FINDINGS table: the faults its data carries (其中 rows that do not add up to 年度资金总额, a
其中 row spent over its own budget) and nothing else. A finding caused by reading (a 其中 row read into the
wrong column, a note taken for a sub-row) is an extra entry and fails here; a fault no longer found is a
missing one. Entries are compared as a multiset of (code, line, cell, subject).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from perfeval.api import audit_files

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED = sorted(CORPUS.glob("*.audit.json"))


def _selfeval_documents() -> list[str]:
    return sorted(json.loads(p.read_text(encoding="utf-8"))["document"] for p in CORPUS.glob("*.expected.json")
                  if json.loads(p.read_text(encoding="utf-8"))["reader"] == "selfeval")


def test_every_selfeval_document_has_its_recorded_audit():
    assert [p.name.removesuffix(".audit.json") for p in EXPECTED] == _selfeval_documents()
    assert len(EXPECTED) >= 5


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.removesuffix(".audit.json"))
def test_audit_gives_exactly_the_recorded_findings(expected: Path):
    data = json.loads(expected.read_text(encoding="utf-8"))
    result = audit_files([CORPUS / data["document"]], data["rules"])
    assert result.unreadable == [], result.unreadable
    got = Counter((f.code, f.location.line, f.location.cell, f.indicator) for f in result.findings)
    want = Counter((e["code"], e["line"], e["cell"], e["subject"]) for e in data["findings"])
    extra, missing = got - want, want - got
    assert not extra and not missing, (
        f"{data['document']}: unexpected {sorted(extra.elements(), key=str)}; "
        f"expected but not found {sorted(missing.elements(), key=str)}")


def test_parts_that_do_not_add_up_are_reported_in_the_documents_terms():
    """湖南's re-posted form: 财政拨款 124.5 + 上年结转资金 16 (the blank 其他资金 row left out) = 140.5, not 142.5."""
    [finding] = audit_files([CORPUS / "hunan-2022-nongji-ziping.html"]).findings
    assert finding.code == "arith.funds_parts" and finding.location.cell == "表1 第4行第6列"  # the total's 全年执行数
    assert finding.message == ("hunan-2022-nongji-ziping.html 年度资金总额的全年执行数 142.5 万元，其中各项（财政拨款 124.5、"
                               "上年结转资金 16）合计 140.5 万元，相差 -2；应核对总额或分项")


def test_a_part_spent_over_its_own_budget_is_reported_at_its_cell():
    """贵州's PDF: 当年财政拨款 spent 175 of 170 while the total, 215 of 220, is within its budget."""
    [finding] = audit_files([CORPUS / "guizhou-2024-yanghu-ziping.pdf"]).findings
    assert finding.code == "arith.overspent" and finding.indicator == "当年财政拨款"
    assert (finding.location.line, finding.location.cell) == (7, "第5列")  # the sub-row's 全年执行数, third row of the block
    assert "「当年财政拨款」全年执行数 175 万元超过全年预算数 170 万元" in finding.message
