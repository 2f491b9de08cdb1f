"""project_json_lines keeps a row's text up to its actual by its indicator's identity while a sheet's rows share
indicators (a reader gives one object per distinct row), and stops after a trial where they do not: on, off or
switched off part-way, and with the projects' numbers written a block at a time, each project's line is the C
encoder's of sheet_to_json's dict of it."""

from __future__ import annotations

import attrs
from hypothesis import given, settings, strategies as st

from perfeval.errors import InputError
from perfeval.scoring import score
from perfeval.scoring import sheet as sheet_module
from perfeval.scoring.sheet import _ENCODE, project_json_lines, sheet_to_json

from .test_scoring_lean import RULES, batches


def _lines(sheet, per_text: int, trial: int) -> list[str]:
    kept = sheet_module._PROJECTS_PER_TEXT, sheet_module._LEAD_TRIAL
    sheet_module._PROJECTS_PER_TEXT, sheet_module._LEAD_TRIAL = per_text, trial
    try:
        return list(project_json_lines(sheet))
    finally:
        sheet_module._PROJECTS_PER_TEXT, sheet_module._LEAD_TRIAL = kept


@settings(max_examples=150, deadline=None)
@given(batches(), st.sampled_from(sorted(RULES)), st.integers(0, 3), st.sampled_from([(1, 0), (1, 1), (2, 3), (128, 2048)]))
def test_rows_met_again_by_their_indicator_write_the_sheets_dicts(batch, name, repeats, sizes):
    """The sheet's projects repeated (their rows' indicators met again, in later blocks too), with leads kept
    throughout, never, or switched off after the first block(s), write the encoder's lines of its dicts."""
    tables, actuals = batch
    try:
        scored = score(tables, actuals, RULES[name])
    except InputError:
        return
    projects = scored.projects * (repeats + 1)
    sheet = attrs.evolve(scored, projects=projects)
    expected = list(map(_ENCODE, sheet_to_json(sheet, with_display=True)["projects"]))
    assert _lines(sheet, *sizes) == expected
