"""The audit's codes: in the one catalogue under scopes of their own, documented in docs/rules.md, each one emitted by some test sheet."""

from __future__ import annotations

import re

from perfeval.checks.catalogue import load_all, validation_rules
from perfeval.selfeval import codes

from .conftest import ROOT


def test_audit_codes_live_in_the_one_catalogue_under_scopes_validation_rule_files_cannot_name():
    assert codes.ALL and {r.scope for r in codes.ALL} == set(codes.SCOPES)
    catalogue = load_all()
    assert all(catalogue[r.code] is r for r in codes.ALL)
    assert not set(codes.RULES) & set(validation_rules())
    assert not {code.split(".", 1)[0] for code in validation_rules()} & set(codes.SCOPES)


def test_docs_list_exactly_the_audit_codes_with_their_severity():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").split("自评表复核（perfeval audit）的代码", 1)[1]
    documented = dict(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| (error|warning|info) \|", text, re.M))
    assert documented == {r.code: r.severity.value for r in codes.ALL}


def test_docs_embed_the_audit_table_generated_from_the_catalogue():
    from perfeval.checks.catalogue import audit_rules
    from perfeval.render.rules import render_audit_markdown

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    embedded = text.split("<!-- audit-codes:begin -->\n", 1)[1].split("<!-- audit-codes:end -->", 1)[0]
    assert embedded == render_audit_markdown(list(audit_rules().values()))


def test_every_code_is_exercised_by_a_test():
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*audit*.py"))
    missing = [r.code for r in codes.ALL if f'"{r.code}"' not in tests]
    assert missing == []
