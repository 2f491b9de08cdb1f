"""The audit's codes: apart from the validation catalogue, documented in docs/rules.md, each one emitted by some test sheet."""

from __future__ import annotations

import re

from perfeval.checks.catalogue import CATALOGUE
from perfeval.selfeval import codes

from .conftest import ROOT


def test_audit_codes_use_their_own_scopes_and_leave_the_validation_catalogue_alone():
    assert codes.ALL and {r.scope for r in codes.ALL} == set(codes.SCOPES)
    assert not set(codes.RULES) & set(CATALOGUE)
    assert not {code.split(".", 1)[0] for code in CATALOGUE} & set(codes.SCOPES)


def test_docs_list_exactly_the_audit_codes_with_their_severity():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").split("自评表复核（perfeval audit）的代码", 1)[1]
    documented = dict(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| (error|warning|info) \|", text, re.M))
    assert documented == {r.code: r.severity.value for r in codes.ALL}


def test_every_code_is_exercised_by_a_test():
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*audit*.py"))
    missing = [r.code for r in codes.ALL if f'"{r.code}"' not in tests]
    assert missing == []
