"""Hostile inputs of every kind end in exit 0, 1 or 2 with a message, never a traceback or a hang.

A short profile of tests/fuzzing.py runs here (a few seconds); benchmarks/fuzz_long.py
runs the same kinds by the ten thousand. Plus "nothing lost": what a reader takes in
is either in the model or reported.
"""

from __future__ import annotations

import csv
import io
import random
import resource
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from perfeval.errors import InputError
from perfeval.readers.actuals import actuals_from_data, read_actuals, read_actuals_csv

from . import fuzzing

# Examples per kind, sized so the whole profile stays within a few seconds (workbooks cost most).
SHORT = {"seed text": 12, "document yaml/json": 12, "actuals": 8, "selfeval": 12, "rules": 12, "workbook": 5}


@pytest.mark.parametrize("kind", list(fuzzing.KINDS))
def test_hostile_inputs_end_in_exit_0_1_or_2_without_traceback(kind):
    @settings(max_examples=SHORT[kind], deadline=None, derandomize=True, database=None,
              phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
    @given(rng=st.randoms(use_true_random=False))
    def run(rng):
        with tempfile.TemporaryDirectory() as tmp:
            outcome = fuzzing.check(fuzzing.KINDS[kind](rng, Path(tmp)))
        assert outcome.failure is None, (outcome.case, outcome.failure)

    run()


def test_memory_stays_bounded_over_the_fuzz_profile():
    # ru_maxrss is the process's peak (KiB on Linux): the whole test session, fuzz included.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1 << 20


# -- nothing lost ---------------------------------------------------------------------------------

def _csv_data_rows(text: str) -> list[int]:
    """Physical line numbers of the CSV's non-blank data rows."""
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    rows = []
    for cells in reader:
        if any(c.strip() for c in cells):
            rows.append(reader.line_num)
    return rows


def _csv_rows_accounted(text: str) -> None:
    rows = _csv_data_rows(text)
    try:
        actuals = read_actuals_csv(text, "a.csv")
    except InputError as exc:
        # refused whole: nothing modelled, and every problem names a real row
        lines = {p.line for p in exc.problems if not isinstance(p, str)}
        assert lines and lines <= set(rows) | {1}, (lines, rows)
        return
    assert len(actuals.actuals) + len(actuals.funds) == len(rows)


def test_nothing_lost_csv_actuals_every_row_modelled_or_reported():
    _csv_rows_accounted(fuzzing.ACTUALS_CSV.read_text(encoding="utf-8"))
    rng = random.Random(14)
    for _ in range(40):
        _csv_rows_accounted(fuzzing.mutate_lines(rng, fuzzing.ACTUALS_CSV.read_text(encoding="utf-8"), 3))


def test_nothing_lost_yaml_and_json_actuals_every_entry_modelled():
    data = fuzzing._loaded(fuzzing.ACTUALS_YAML)
    entries = sum(len(p.get("指标", [])) for p in data["projects"])
    funded = sum(1 for p in data["projects"] if "全年预算数" in p)
    read = read_actuals(fuzzing.ACTUALS_YAML)
    assert (len(read.actuals), len(read.funds)) == (entries, funded)
    assert (len(actuals_from_data(data).actuals), len(actuals_from_data(data).funds)) == (entries, funded)


def test_nothing_lost_documents_every_indicator_modelled_in_every_format(tmp_path):
    from perfeval.readers import read_document
    from perfeval.writers.native import dump_json
    from perfeval.xlsx import write_document_xlsx

    seed = read_document(fuzzing.SEED)
    count = sum(len(t.indicators) for t in seed.target_tables)
    data = fuzzing._loaded(fuzzing.SEED_YAML)
    assert sum(len(t["绩效指标"]) for t in data["项目绩效目标表"]) == count
    (tmp_path / "d.json").write_text(dump_json(seed), encoding="utf-8")
    paths = [fuzzing.SEED_YAML, tmp_path / "d.json"]
    for layout in ("form", "flat"):
        write_document_xlsx(seed, tmp_path / f"{layout}.xlsx", layout=layout)
        paths.append(tmp_path / f"{layout}.xlsx")
    for path in paths:
        doc = read_document(path)
        assert sum(len(t.indicators) for t in doc.target_tables) == count, path
        assert doc.target_tables == seed.target_tables, path


def _strings(node, out: list[str]) -> list[str]:
    """Every str in a model object (fields, paragraphs, unplaced lines …), locations left out."""
    import attrs

    if isinstance(node, str):
        out.append(node)
    elif attrs.has(type(node)):
        for field in attrs.fields(type(node)):
            if field.eq:
                _strings(getattr(node, field.name), out)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _strings(item, out)
    return out


_MARK = "某某核对行"  # text no form uses: wherever it goes, it must come out somewhere


def _pdf_text_accounts_for_mark(text: str) -> None:
    from perfeval.readers.pdftext import read_pdf_text

    try:
        doc = read_pdf_text(text, "x.txt")
    except InputError as exc:  # refused whole: loud, nothing modelled
        assert exc.problems
        return
    assert any(_MARK in s for s in _strings(doc, [])), "a line's text was read into nothing"


def test_nothing_lost_pdf_text_every_line_placed_or_reported():
    from perfeval.readers.pdftext import read_pdf_text

    seed = fuzzing.SEED.read_text(encoding="utf-8").split("\n")
    assert read_pdf_text("\n".join(seed), "seed.txt").unplaced == ()
    rng = random.Random(18)
    for _ in range(20):  # a line added anywhere, alone, with a second cell, or indented by empty cells
        lines = list(seed)
        lines.insert(rng.randrange(len(lines) + 1), rng.choice((_MARK, f"{_MARK}\t说明", f"\t{_MARK}\t\t")))
        _pdf_text_accounts_for_mark("\n".join(lines))
    filled = [i for i, line in enumerate(seed) if line.strip()]
    for _ in range(20):  # a cell added to a printed row
        lines = list(seed)
        i = rng.choice(filled)
        cells = lines[i].split("\t")
        cells.insert(rng.randint(0, len(cells)), _MARK)
        lines[i] = "\t".join(cells)
        _pdf_text_accounts_for_mark("\n".join(lines))


def test_nothing_lost_pdf_text_beside_a_unit_line():
    # `单位：万元` with text in the next cell was skipped whole as a page repeat (issue 18)
    from perfeval.readers.pdftext import read_pdf_text

    seed = fuzzing.SEED.read_text(encoding="utf-8").split("\n")
    i = next(n for n, line in enumerate(seed) if line == "单位：万元" and "绩效目标" in seed[n - 2])
    seed[i] = f"单位：万元\t{_MARK}"
    doc = read_pdf_text("\n".join(seed), "x.txt")
    assert [(u.text, u.location.line) for u in doc.unplaced] == [(f"单位：万元\t{_MARK}", i + 1)]
