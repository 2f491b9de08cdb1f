"""Completeness rules: required table fields, tables without indicators, lines the reader could not place."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from perfeval.checks.ruleset import load_ruleset
from perfeval.errors import RuleError
from perfeval.model import FormProfile, Location, UnplacedLine

from .builders import Case, case_id, document, only, sound_table

OK = document([sound_table()])
# A form with no 项目属性 / 项目起始时间 keys (e.g. 江苏's 项目支出绩效目标表): the fields are empty because not printed.
UNPRINTED = document([attrs.evolve(sound_table(), attribute="", start="",
                                   profile=FormProfile("generic", lacks={"attribute", "start", "end"}))])

CASES = [
    Case("fields.missing", document([sound_table(basis="  ")]), OK, {"field": "立项依据"}),
    Case("fields.not_on_form", UNPRINTED, OK, {"fields": "项目属性」「项目起始时间"}),
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


def test_fields_the_form_does_not_print_are_one_info_for_the_table_not_a_warning_each():
    from perfeval.findings import Severity

    from .builders import findings

    found = [f for f in findings(UNPRINTED) if f.code.startswith("fields.")]
    assert [(f.code, f.severity) for f in found] == [("fields.not_on_form", Severity.INFO)]
    assert "表样没有「项目属性」「项目起始时间」栏目" in found[0].message
    # a field the form prints but left blank is still a warning, beside the note
    blank = document([attrs.evolve(UNPRINTED.target_tables[0], basis="")])
    assert sorted(f.code for f in findings(blank) if f.code.startswith("fields.")) == ["fields.missing", "fields.not_on_form"]
