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


# --- the fast path: a table read from no printed form with every required field filled in -------------------

from decimal import Decimal  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from perfeval.checks import fields  # noqa: E402
from perfeval.checks.context import Context  # noqa: E402
from perfeval.checks.walk import run  # noqa: E402


class _Text(str):
    """A str of another class (isinstance holds): blank ones must still be reported."""


_VALUES = st.sampled_from([None, "", "  ", "\u3000", "缴费补贴", _Text(" "), _Text("新增")])
_FIELD_VALUES = st.fixed_dictionaries({name: _VALUES for name in ("project_name", "department", "implementer",
                                                                   "attribute", "start", "end", "overview", "basis",
                                                                   "goal")})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_FIELD_VALUES, st.sampled_from([None, 0, Decimal("478")]), st.booleans()), min_size=1,
                max_size=4), st.sampled_from([None, ("项目名称",), ("项目名称", "资金总额", "项目当年绩效目标")]))
def test_a_table_without_a_profile_reports_what_the_general_loop_reports(tables, required):
    # The same tables with a profile that lacks nothing take the general loop, which must agree.
    rules = load_ruleset("national")
    if required is not None:
        config = rules.rules["fields.missing"]
        rules.rules["fields.missing"] = attrs.evolve(config, values=attrs.evolve(config.values, required=required))
    built = [sound_table(label=f"附件 12-{n}", funds=funds, **values, **({"indicators": []} if empty else {}))
             for n, (values, funds, empty) in enumerate(tables)]

    def found(profile):
        doc = document([attrs.evolve(table, profile=profile) for table in built])
        ctx = Context(doc, rules)
        run([fields.walk(doc, ctx)], doc)
        return [(f.code, f.table, f.message) for f in ctx.findings]

    assert found(None) == found(FormProfile("generic"))
