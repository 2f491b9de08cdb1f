"""The round-trip oracle (issue 18): what perfeval writes reads back as written, field by field.

Generated documents (perfeval.strategies) go through every format perfeval writes a document
in (YAML, JSON, the form and flat workbooks); generated actuals are filled into the actuals
template perfeval writes (CSV and workbook); generated score sheets, the 部门整体 table
included, are written as the official 自评表 and read back by `perfeval audit`'s reader.
Any difference is a silent change (tests/fuzzing.py: `Change`). benchmarks/fuzz_long.py
runs the same oracle by the hundred and reports `silent changes: N`.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from perfeval.api import score_files
from perfeval.judgement import parse_deadline
from perfeval.readers import read_document
from perfeval.readers.actuals import read_actuals_csv
from perfeval.strategies import documents, printed_forms

from . import fuzzing

_SHORT = settings(max_examples=4, deadline=None, derandomize=True, database=None,
                  phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))


@_SHORT
@given(doc=printed_forms(documents("national", max_projects=2)), data=st.data())
def test_documents_and_actuals_read_back_as_written_in_every_format(doc, data, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("oracle")
    assert fuzzing.document_changes(doc, workdir) == []
    tables, actuals = fuzzing.draw_actuals(data.draw, doc.target_tables)
    assert fuzzing.actuals_changes(tables, actuals, workdir) == []


@_SHORT
@given(doc=documents("national", max_projects=2), data=st.data())
def test_score_sheets_read_back_from_the_official_form_as_scored(doc, data, tmp_path_factory):
    sheet = fuzzing.draw_score_sheet(data.draw, doc)
    assert fuzzing.official_changes(sheet, tmp_path_factory.mktemp("official")) == []


def test_the_oracle_reports_a_field_read_back_otherwise(tmp_path, monkeypatch):
    doc = read_document(fuzzing.SEED_YAML)
    changed = attrs.evolve(doc.target_tables[0], implementer=doc.target_tables[0].implementer + "（盖章）")
    monkeypatch.setitem(fuzzing.DOCUMENT_FORMATS, "document yaml",
                        lambda d, w: attrs.evolve(d, target_tables=[changed, *d.target_tables[1:]]))
    (change,) = fuzzing.document_changes(doc, tmp_path, ["document yaml"])
    assert change.field == "target_tables[0].implementer" and change.read.endswith("（盖章）'")


def test_a_layout_that_refuses_to_write_leaves_nothing_and_is_no_silent_change(tmp_path):
    # Two tables the flat layout cannot tell apart (same 表号, 表名, 项目编码, 项目名称): the flat writer
    # refuses with a message and writes nothing; the form layout still reads back as written.
    doc = read_document(fuzzing.SEED_YAML)
    doc = attrs.evolve(doc, target_tables=[doc.target_tables[0], doc.target_tables[0]])
    assert fuzzing.document_changes(doc, tmp_path, ["document xlsx flat", "document xlsx form"]) == []
    assert not (tmp_path / "d.flat.xlsx").exists() and (tmp_path / "d.form.xlsx").exists()
    with pytest.raises(fuzzing.WriteRefused, match="平铺版式无法区分"):
        fuzzing.DOCUMENT_FORMATS["document xlsx flat"](doc, tmp_path)


def test_the_oracle_reports_an_official_form_cell_read_back_otherwise(tmp_path, monkeypatch):
    import perfeval.selfeval as selfeval

    result = score_files(str(fuzzing.SEED), str(fuzzing.ACTUALS_YAML))
    sheet = attrs.evolve(result.sheet, projects=result.sheet.projects[:1])
    real = selfeval.read_sheets

    def edited(path):
        (first,) = real(path)
        rows = (attrs.evolve(first.rows[0], weight="99"), *first.rows[1:])
        return [attrs.evolve(first, rows=rows)]

    monkeypatch.setattr(selfeval, "read_sheets", edited)
    changes = fuzzing.official_changes(sheet, tmp_path)
    assert [(c.field, c.read) for c in changes] == [("projects[0].rows[0].weight", "Decimal('99')")]


# -- the silent change the oracle found: a number with its unit read as a date ----------------------

@pytest.mark.parametrize("text", ["2025.5万元", "1004.5人", "2026.12%", "2024.05 吨"])
def test_silent_change_a_dotted_number_with_its_unit_is_not_a_date(text):
    # `2025.5万元` was read as the deadline May 2025, so an actual lost its number without a word
    assert parse_deadline(text) is None
    (actual,) = read_actuals_csv(f"项目编码,三级指标,实际完成值\nP1,指标,{text}\n", "a.csv").actuals
    assert actual.value == Decimal(text.split("万")[0].rstrip("人%吨 ").strip()) and actual.unit is not None


@pytest.mark.parametrize("text, date", [("2025.11.30前", (2025, 11, 30)), ("2025.12", (2025, 12, None)),
                                        ("2025.12.31（含）", (2025, 12, 31)), ("2025/12/31完成", (2025, 12, 31))])
def test_dotted_dates_stay_dates(text, date):
    deadline = parse_deadline(text)
    assert (deadline.year, deadline.month, deadline.day) == date
