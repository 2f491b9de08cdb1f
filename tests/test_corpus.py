"""The reading corpus: every document under tests/corpus/ reads as its expected-content file says.

The documents and their `.expected.json` files are written together by
tests/corpus/make_corpus.py from one description of each form, in model terms.
A failure lists every mismatch as `document | table | row | field | expected | found`.
Indicators and 自评表 rows are matched by name, so one missed row does not shift the rest.

`NOT_YET_READ` names the documents the readers cannot read yet and why; they run as
expected failures (`pytest --runxfail tests/test_corpus.py` shows their mismatches).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED = sorted(CORPUS.glob("*.expected.json"))

NOT_YET_READ: dict[str, str] = {}


def _number(value) -> str | None:
    if value is None:
        return None
    text = format(Decimal(value).normalize(), "f")
    return text


def indicator_fields(ind) -> dict:
    deadline = getattr(ind, "deadline", None)
    tolerance = getattr(ind, "tolerance", None)
    return {
        "name": ind.name,
        "level1": ind.level1,
        "level2": ind.level2,
        "operator": ind.operator.value,
        "value": _number(ind.value),
        "unit": ind.unit.symbol if ind.unit is not None else None,
        "weight": _number(ind.weight),
        "core": ind.core,
        "text_value": ind.text_value,
        "direction": getattr(ind, "direction", None),
        "mid_term": getattr(ind, "mid_term", None),
        "not_applicable": getattr(ind, "not_applicable", False),
        "operator_printed": getattr(ind, "operator_printed", True),
        "tolerance": None if tolerance is None else f"{_number(tolerance.value)}{tolerance.unit.symbol}",
        "deadline": None if deadline is None else {"year": deadline.year, "month": deadline.month,
                                                    "day": deadline.day, "schedule": deadline.schedule},
    }


def table_fields(table) -> dict:
    fields = {}
    for key in ("project_code", "project_name", "department", "implementer", "goal", "mid_goal", "attribute",
                "unit_name"):
        if hasattr(table, key):
            fields[key] = getattr(table, key)
    if hasattr(table, "funds"):
        fields["funds"] = _number(table.funds)
    if hasattr(table, "budget"):
        fields["budget"] = _number(table.budget)
    fields["funds_rows"] = [{"label": row.label, "amount": _number(row.amount)} for row in getattr(table, "funds_rows", ())]
    profile = getattr(table, "profile", None)
    fields["lacks"] = sorted(profile.lacks) if profile is not None else []
    fields["indicator_count"] = len(table.indicators)
    return fields


def sheet_fields(sheet) -> dict:
    funds = sheet.funds
    goal = sheet.goal
    return {
        "project_name": sheet.project_name,
        "project_code": sheet.project_code,
        "department": sheet.department,
        "implementer": sheet.implementer,
        "funds": None if funds is None else {k: getattr(funds, k) for k in ("initial", "budget", "spent", "weight", "rate", "score")},
        "funds_parts": None if funds is None else [{k: getattr(part, k) for k in ("label", "initial", "budget", "spent", "rate")}
                                                   for part in funds.parts],
        "goal": None if goal is None else {"expected": goal.expected, "achieved": goal.achieved},
        "row_count": sum(1 for row in sheet.rows if row.name),
        "total_weight": sheet.total_weight,
        "total": sheet.total,
        "grade": sheet.grade,
    }


def row_fields(row) -> dict:
    return {k: getattr(row, k) for k in ("level1", "level2", "name", "nature", "target", "unit", "actual", "weight",
                                         "score", "reason")}


def compare(document: str, expected: dict) -> list[str]:
    """Every difference between a document as read and its expected content, one line each."""
    path = CORPUS / document
    mismatches: list[str] = []

    def differ(table: str, row: str, field: str, want, got) -> None:
        if want != got:
            mismatches.append(f"{document} | {table} | {row} | {field} | expected {want!r} | found {got!r}")

    try:
        if expected["reader"] == "selfeval":
            from perfeval.selfeval import read_sheets

            found = list(read_sheets(path))
        else:
            from perfeval.readers import read_document

            doc = read_document(path)
            found = []
    except Exception as exc:  # the failure message, not a traceback, is what the corpus reports
        return [f"{document} | - | - | read | a document | {type(exc).__name__}: {exc}"]

    projects = [] if expected["reader"] == "selfeval" else list(doc.target_tables)
    for n, want in enumerate(expected["tables"], start=1):
        kind = want["kind"]
        label = f"表{n}（{want.get('project_name') or want.get('unit_name')}）"
        if kind == "selfeval":
            sheet = found[n - 1] if n - 1 < len(found) else None
            if sheet is None:
                differ(label, "-", "自评表", "present", "missing")
                continue
            got = sheet_fields(sheet)
            for key, value in want.items():
                if key in got:
                    differ(label, "-", key, value, got[key])
            rows = [r for r in sheet.rows if r.name]
            for row in want["rows"]:
                match = next((r for r in rows if r.name == row["name"]), None)
                if match is None:
                    differ(label, row["name"], "row", "present", "missing")
                    continue
                fields = row_fields(match)
                for key, value in row.items():
                    differ(label, row["name"], key, value, fields[key])
            continue
        if kind == "department":
            table = doc.department_table
        else:
            table = projects.pop(0) if projects else None
        if table is None:
            differ(label, "-", kind, "present", "missing")
            continue
        got = table_fields(table)
        for key, value in want.items():
            if key in ("kind", "indicators"):
                continue
            if key == "lacks":
                missing = sorted(set(value) - set(got["lacks"]))
                differ(label, "-", "profile.lacks ⊇", value, got["lacks"]) if missing else None
                continue
            differ(label, "-", key, value, got.get(key))
        pool = list(table.indicators)
        for ind in want["indicators"]:
            match = next((i for i in pool if i.name == ind["name"] and (ind.get("level2") in (None, i.level2))), None)
            if match is None:
                match = next((i for i in pool if i.name == ind["name"]), None)
            if match is None:
                differ(label, ind["name"], "indicator", "present", "missing")
                continue
            pool.remove(match)
            fields = indicator_fields(match)
            for key, value in ind.items():
                differ(label, ind["name"], key, value, fields[key])
    if expected["reader"] != "selfeval" and projects:
        differ("-", "-", "extra project tables", [], [t.project_name for t in projects])
    return mismatches


def _cases():
    for path in EXPECTED:
        name = path.name[: -len(".expected.json")]
        marks = [pytest.mark.xfail(reason=NOT_YET_READ[name], strict=False)] if name in NOT_YET_READ else []
        yield pytest.param(name, id=name, marks=marks)


def test_corpus_is_varied_enough():
    loaded = [json.loads(p.read_text(encoding="utf-8")) for p in EXPECTED]
    assert len(loaded) >= 15
    assert len({e["province"] for e in loaded}) >= 6
    assert len({e["year"] for e in loaded}) >= 4
    formats = {e["format"] for e in loaded}
    assert {"pdf-ruled", "pdf-unruled", "docx", "xlsx", "xls", "text-tab", "text-pipe", "text-space", "text-lines"} <= formats
    assert any(f.startswith("html") for f in formats)
    for expected, path in zip(loaded, EXPECTED):
        assert (CORPUS / expected["document"]).is_file(), path


@pytest.mark.parametrize("document", list(_cases()))
def test_corpus_document_reads_as_expected(document):
    expected = json.loads((CORPUS / f"{document}.expected.json").read_text(encoding="utf-8"))
    mismatches = compare(document, expected)
    if mismatches:
        pytest.fail(f"{len(mismatches)} mismatch(es) (document | table | row | field | expected | found):\n"
                    + "\n".join(mismatches), pytrace=False)
