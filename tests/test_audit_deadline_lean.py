"""`_deadline` asks `judgement.parse_deadline` only of a target that could hold a date or a schedule
(`_NO_DATE`): the same judgement with the test on and off, on generated 时效 and other rows."""

from __future__ import annotations

from hypothesis import example, given, settings, strategies as st

from perfeval import judgement
from perfeval.selfeval import audit

_PIECES = ["≥", "≤", "=", "<", "﹦", "2025", "12", "1", "30", "2024", "5", "０", "１２", "年", "月", "日", "底", "前", "以内",
           "内", ".", "-", "/", "．", "%", "天", "个工作日", "按季度", "每月", "及时", "按时", "完成", " ", "万元", "人次"]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=5).map("".join)


def _switched(lean, read, *args):
    """`repr(read(*args))` with the deadline shortcut on or off (the date parser's memo cleared first)."""
    audit._LEAN_DEADLINE = lean
    judgement.parse_deadline.cache_clear()
    try:
        return repr(read(*args))
    finally:
        audit._LEAN_DEADLINE = True


def _judged(level2, target, actual, year, lean):
    return _switched(lean, audit._deadline, level2, target, actual, year)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(["时效指标", "数量指标", ""]), _TEXTS, _TEXTS, st.sampled_from(["2025", ""]))
@example("时效指标", "12月前", "11月", "2025")
@example("数量指标", "2025.12前", "2025.11", "2025")
@example("数量指标", "≥12月", "完成", "2025")
@example("时效指标", "≥30天", "≥30天", "2025")
def test_a_target_with_no_date_is_judged_as_before(level2, target, actual, year):
    assert _judged(level2, target, actual, year, True) == _judged(level2, target, actual, year, False)


def test_plain_numbers_are_not_asked():
    assert audit._NO_DATE("≥1025人次") and audit._NO_DATE("60%以上") and audit._NO_DATE("30天")
    assert not audit._NO_DATE("12月底前") and not audit._NO_DATE("2025.12前") and not audit._NO_DATE("按季度")


def _read(level2, target, actual, year, lean):
    return _switched(lean, audit._read_row, "10", "8", "产出指标", level2, target, "", "", actual, year)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["时效指标", "数量指标", ""]), _TEXTS, _TEXTS, st.sampled_from(["2025", ""]))
@example("时效指标", "12月前", "11月", "2025")
@example("数量指标", "2025.12前", "2025.11", "2025")
@example("数量指标", "", "完成", "2025")
@example("时效指标", "", "", "2025")
def test_a_row_asks_deadline_where_it_could_be_one(level2, target, actual, year):
    # `_read_row` asks `_deadline` only of a 时效 row or a target that may hold a date (its first test, written out):
    # the row read as when every target with text is asked (the test off)
    assert _read(level2, target, actual, year, True) == _read(level2, target, actual, year, False)
