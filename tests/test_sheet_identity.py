"""The score sheet's writers keep what a row's indicator gives (project_json_lines: its text up to its actual;
render_chunks: its target's text and width) by the indicator's identity while a sheet's rows share indicators
(a reader gives one object per distinct row), and stop after a trial where they do not. On, off or switched off
part-way: project_json_lines writes each project as the C encoder writes sheet_to_json's dict of it (the projects'
numbers written a block at a time too), and the table and markdown are those of the same sheet whose rows each
have their own indicator object."""

from __future__ import annotations

import attrs
from hypothesis import given, settings, strategies as st

from perfeval.errors import InputError
from perfeval.scoring import render, score
from perfeval.scoring import sheet as sheet_module
from perfeval.output import _encoder
from perfeval.scoring.sheet import project_json_lines, sheet_to_json

from .test_scoring_lean import RULES, batches


def _sized(write, per_text: int, trial: int):
    kept = sheet_module._PROJECTS_PER_TEXT, sheet_module._BLOCK, sheet_module._LEAD_TRIAL
    sheet_module._PROJECTS_PER_TEXT, sheet_module._BLOCK, sheet_module._LEAD_TRIAL = per_text, per_text, trial
    try:
        return write()
    finally:
        sheet_module._PROJECTS_PER_TEXT, sheet_module._BLOCK, sheet_module._LEAD_TRIAL = kept


def _repeated(batch, name: str, repeats: int):
    """The batch's sheet with its projects repeated (their rows' indicators met again), or None if refused."""
    tables, actuals = batch
    try:
        scored = score(tables, actuals, RULES[name])
    except InputError:
        return None
    return attrs.evolve(scored, projects=scored.projects * (repeats + 1))


@settings(max_examples=150, deadline=None)
@given(batches(), st.sampled_from(sorted(RULES)), st.integers(0, 3), st.sampled_from([(1, 0), (1, 1), (2, 3), (128, 2048)]))
def test_rows_met_again_by_their_indicator_write_the_sheets_dicts(batch, name, repeats, sizes):
    """The sheet's projects repeated (their rows' indicators met again, in later blocks too), with leads kept
    throughout, never, or switched off after the first block(s), write the encoder's lines of its dicts."""
    sheet = _repeated(batch, name, repeats)
    if sheet is None:
        return
    expected = list(map(_encoder(), sheet_to_json(sheet, with_display=True)["projects"]))
    assert _sized(lambda: list(project_json_lines(sheet)), *sizes) == expected


@settings(max_examples=100, deadline=None)
@given(batches(), st.sampled_from(sorted(RULES)), st.integers(0, 3), st.sampled_from([(1, 0), (1, 1), (2, 3), (128, 2048)]))
def test_rows_met_again_by_their_indicator_render_as_rows_of_their_own(batch, name, repeats, sizes):
    """The table and markdown of a sheet whose projects repeat (indicators met again), with targets kept by
    indicator throughout, never, or switched off part-way, are those of the same sheet with a copy of its
    indicator for every row (never met again)."""
    sheet = _repeated(batch, name, repeats)
    if sheet is None:
        return
    own = attrs.evolve(sheet, projects=tuple(
        attrs.evolve(p, indicators=tuple(attrs.evolve(r, indicator=attrs.evolve(r.indicator)) for r in p.indicators))
        for p in sheet.projects))
    for fmt in ("table", "markdown"):
        assert _sized(lambda: render(sheet, fmt), *sizes) == render(own, fmt)
