"""Completeness rules: required table fields, tables without indicators, lines the reader could not place."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from perfeval.checks.ruleset import load_ruleset
from perfeval.errors import RuleError
from perfeval.model import Location, UnplacedLine

from .builders import Case, case_id, document, only, sound_table

OK = document([sound_table()])

CASES = [
    Case("fields.missing", document([sound_table(basis="  ")]), OK, {"field": "立项依据"}),
    Case("fields.no_indicators", document([sound_table(indicators=[])]), OK),
    Case("fields.unplaced",
         attrs.evolve(OK, unplaced=[UnplacedLine("426003 社会保险事务中心 5", "表格外的数字行", location=Location("s.txt", 223))]),
         OK, {"line": 223, "reason": "表格外的数字行"}),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_breaks_and_holds(case):
    case.verify()


def test_missing_funds_is_reported_by_its_printed_label():
    assert [f.evidence["field"] for f in only(document([sound_table(funds=None)]), "fields.missing")] == ["资金总额"]


def test_required_fields_must_be_known_labels(tmp_path: Path):
    path = tmp_path / "r.toml"
    path.write_text('[rules."fields.missing"]\nrequired = ["项目名称", "项目负责人"]\n', encoding="utf-8")
    with pytest.raises(RuleError, match="立项依据"):
        load_ruleset(str(path))
