"""The lean table layout (render.terminal.plain_width / plain_table, which score's sheet feeds a project at
a time) gives `table`'s text, tabulate's, to the character; and a score sheet rendered through it is the
sheet rendered through `table` (the general path, which the lean one falls back to for any cell it refuses)."""

from __future__ import annotations

from decimal import Decimal

import attrs
import tabulate as module
from hypothesis import given, reject, settings, strategies as st

from perfeval.errors import InputError
from perfeval.render import terminal
from perfeval.render.terminal import REFUSED, plain_table, plain_width, plain_widths, table
from perfeval.scoring import load_scoring_rules, render, score, sheet as sheet_module

from ._scoring import act, actuals, funds, ind, table as target_table

# ASCII, Chinese (wide), narrow non-ASCII (≥, —), full-width punctuation, the separators and controls tabulate
# treats specially or str.strip removes, a combining accent, an emoji
PLAIN = ["a", "7", ".", "%", " ", "中", "文", "≥", "—", "（", "）", "e\u0301", "😀", "-", "Tru", "e"]
ODD = ["\u3000", "\xa0", "\t", "\n", "\x1b", "\u2028", "\x85", "True", "False"]
# mostly plain cells (a table with one odd cell is refused whole), some with a space to strip, a few odd ones
TEXTS = st.lists(st.sampled_from(PLAIN * 6 + ODD), max_size=4).map("".join)


def _tabulate(rows, headers):
    return module.tabulate([list(r) for r in rows], headers=list(headers), tablefmt="simple", disable_numparse=True)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10).flatmap(lambda count: st.tuples(
    st.lists(TEXTS.filter(lambda h: "\n" not in h), min_size=count, max_size=count),
    st.lists(st.lists(TEXTS, min_size=count, max_size=count).map(tuple), max_size=6))))
def test_the_lean_layout_is_tabulates_for_every_cell_it_takes(case):
    headers, rows = case
    headers = tuple(h or "h" for h in headers)
    widths = [tuple(map(plain_width, row)) for row in rows]
    text = plain_table(headers, rows, widths)
    taken = all(w < REFUSED for row in widths for w in row)
    if text is not None:
        assert taken
        assert text == _tabulate(rows, headers) == table(rows, headers)
    elif taken and all(plain_width(h) < REFUSED for h in headers):
        raise AssertionError(f"a table of plain cells refused: {headers} {rows}")


def test_the_cells_it_refuses():
    for cell in (" a", "a ", "\u3000中", "中\u3000", "a\nb", "x\ty", "\x1b[1m", "True", "False", None, 1, "\u2028"):
        assert plain_width(cell) == REFUSED, cell
    assert [plain_width(c) for c in ("", "a b", "中文", "≥95%", "（不完整）", "e\u0301")] == [0, 3, 4, 4, 10, 1]


NAMES = st.one_of(st.sampled_from(["人数", "发放人数甲乙", "rate", "中 文"]), TEXTS.filter(lambda t: t.strip() != ""))
# levels and last cells shared by projects of different column widths (each is padded once per frame)
LEVELS = st.one_of(st.sampled_from(["产出指标", "效益指标", "", "满意度指标", "服务对象满意度指标"]), TEXTS)
CODES = ["P1", "P2", "P3"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(NAMES, LEVELS, LEVELS, st.sampled_from(["≥", "≤", "定性"]),
                          st.sampled_from([None, 1, 95, 168, 985]), st.sampled_from([None, "90", "100", "2462", "99999"]),
                          st.one_of(st.just(""), TEXTS), st.sampled_from(CODES), st.sampled_from([5, 10, 30])),
                min_size=1, max_size=9, unique_by=lambda r: r[0]),
       st.sampled_from(["national", "province-20", "strict"]))
def test_a_score_sheet_is_the_same_through_the_lean_layout_and_through_table(rows, rules):
    tables: dict[str, list] = {code: [] for code in CODES}
    given_actuals = []
    for name, level1, level2, operator, value, measured, reason, code, weight in rows:
        indicator = ind(name, operator, None if operator == "定性" else value or 1, None if operator == "定性" else "人",
                        weight=weight, level2=level2)
        tables[code].append(attrs.evolve(indicator, level1=level1))
        if measured is not None:
            actual = act(name, band="达成", code=code) if operator == "定性" else act(name, measured, "人", code=code)
            given_actuals.append(attrs.evolve(actual, reason=reason))
    for code, indicators in tables.items():
        if not indicators:  # a project whose only row has no actual: incomplete, no total
            indicators.append(ind(f"空{code}", "≥", 1, "人", 10))
    money = [funds(100, 80), funds(50, 50, code="P2"), funds(100, 10, code="P3")]
    try:
        sheet = score([target_table(*tables[code], code=code) for code in CODES],
                      type(actuals())(given_actuals, money), load_scoring_rules(rules))
    except InputError:  # two names the matcher takes for one (中 文, 中文)
        reject()
    text, markdown = render(sheet, "table"), render(sheet, "markdown")
    assert text == _general(sheet)
    original, sheet_module._BLOCK = sheet_module._BLOCK, 2  # blocks of two projects: one of three is cut
    try:
        assert render(sheet, "table") == text and render(sheet, "markdown") == markdown
    finally:
        sheet_module._BLOCK = original


def _general(sheet) -> str:
    original, terminal.plain_frame = terminal.plain_frame, lambda headers, widths: None
    try:
        return render(sheet, "table")
    finally:
        terminal.plain_frame = original


def test_levels_and_last_cells_met_again_in_a_project_of_other_column_widths():
    """A row's levels and last four cells are padded once per frame: met again in a project whose 二级指标
    and 须说明 columns are wider, they are padded to those (a reason after them shows any stale padding)."""
    met = [ind("甲", "≥", 100, "人", 30), ind("丁", "≥", 100, "人", 30), ind("乙", "≥", 100, "人", 30)]
    wider = ind("丙", "≥", 100, "人", 30, level2="服务对象满意度指标")
    given = [attrs.evolve(act("甲", 100, "人"), reason="说明"), act("丁", 100, "人"),
             attrs.evolve(act("乙", 100, "人", code="P2"), reason="说明"), act("丙", 50, "人", code="P2")]
    sheet = score([target_table(*met[:2]), target_table(met[2], wider, code="P2")],
                  type(actuals())(given, [funds(), funds(code="P2")]), load_scoring_rules("national"))
    text = render(sheet, "table")
    assert text == _general(sheet)
    assert "数量指标            乙" in text and "说明" in text and "未完成，须说明偏差原因" in text


def test_a_level_that_does_not_hash_or_a_long_cell_goes_through_table():
    """Values from a reader we do not know (a list for a level, its target text unhashable) are worked out,
    not kept, and the project laid out by `table`; so is a cell wider than the lean layout pads."""
    odd = attrs.evolve(ind("人数", "≥", 200000, "人", 60), level1=["产出"])
    wide = ind("长" * 200, "≥", 1, "人", 30)
    sheet = score([target_table(odd, wide)], actuals(act("人数", "15", "万人"), act("长" * 200, 2, "人")),
                  load_scoring_rules("national"))
    text = render(sheet, "table")
    assert text == _general(sheet) and "['产出']" in text and "长" * 200 in text


def test_the_seed_sheet_takes_the_lean_layout(monkeypatch):
    indicators = [ind("人数", "≥", 200000, "人", 60), ind("定性", "定性", None, None, 30, level2="社会效益指标")]
    sheet = score([target_table(*indicators)], actuals(act("人数", "15", "万人"), act("定性", band="部分达成", share="0.7"),
                                                       money=funds(100, 80)), load_scoring_rules("national"))
    calls = []
    original = terminal.plain_frame
    monkeypatch.setattr(terminal, "plain_frame", lambda *args: calls.append(1) or original(*args))
    text = render(sheet, "table")
    assert calls == [1] and "15万人" in text and "74.00" in text
    assert Decimal("74") == sheet.projects[0].total


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXTS, TEXTS.map(lambda t: t.replace(" ", "")), st.sampled_from(["True", "False", "Tr", "ue"]),
                          st.sampled_from([None, 1, True])), max_size=8))
def test_names_measured_together_are_measured_one_by_one(texts):
    """plain_widths (a block's names at once: one scan of their joined text) gives each its plain_width."""
    assert plain_widths(texts) == [plain_width(t) for t in texts]
    plain = [t for t in texts if type(t) is str and t.strip() == t and " " not in t]
    assert plain_widths(plain) == [plain_width(t) for t in plain]


DECIMALS = st.one_of(st.decimals(allow_nan=True, allow_infinity=True, places=None),
                     st.decimals(min_value=-1000, max_value=1000, places=4), st.sampled_from(
                         [Decimal("0"), Decimal("-0"), Decimal("0E-9"), Decimal("1E+3"), Decimal("2.675"),
                          Decimal("1" * 40 + ".5"), Decimal("sNaN")]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(DECIMALS, st.none()), max_size=6), st.integers(0, 8),
       st.sampled_from(["ROUND_HALF_UP", "ROUND_HALF_EVEN"]))
def test_a_blocks_scores_rounded_together_are_displays(values, places, rounding):
    """sheet._displays (a block's rates, scores and totals rounded in C loops) gives display's text for each."""
    from perfeval.fmt import display

    def shown(value):
        try:
            return display(value, places, rounding)
        except Exception as error:  # an sNaN: both raise the same
            return type(error)

    try:
        texts = sheet_module._displays(values, places, rounding)
    except Exception as error:
        texts = [type(error)]
        assert type(error) in [shown(v) for v in values]
    else:
        assert texts == [shown(v) for v in values]
    plain = [v for v in values if v is not None and v.is_finite() and abs(v) < 10 ** 20]
    assert sheet_module._displays(plain, places, rounding) == [display(v, places, rounding) for v in plain]


def test_a_row_whose_last_four_cells_are_empty_goes_through_table(monkeypatch):
    """A line without a reason ends in its last four cells right-trimmed, kept per frame; were those all empty
    (no weight, no score, a status shown as nothing) the trim would reach into the cells before them: such a
    row is refused, and its project laid out by `table`."""
    sheet = score([target_table(ind("人数", "≥", 100, "人", 30), ind("次数", "≥", 5, "次", 30))],
                  actuals(act("人数", 120, "人"), act("次数", 5, "次")), load_scoring_rules("national"))
    project = sheet.projects[0]
    blank = attrs.evolve(project.indicators[0], weight=None, score=None, status="met", flags=())
    sheet = attrs.evolve(sheet, projects=(attrs.evolve(project, indicators=(blank, project.indicators[1])),))
    monkeypatch.setattr(sheet_module, "STATUS_LABELS", {**sheet_module.STATUS_LABELS, "met": ""})
    text = render(sheet, "table")
    assert text == _general(sheet) and "120人\n" in text


# shares written several ways (0.7, 0.70, 7E-1: equal Decimals, one text), and none
BAND_SHARES = {"达成": [None, "0.8", "0.80", "8E-1", "0.95", "1"], "部分达成": [None, "0.7", "0.70", "7E-1", "0.6"],
               "未达成": [None, "0", "0.0"]}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([(band, share) for band, shares in BAND_SHARES.items() for share in shares]),
                          st.sampled_from(["", "说明"]), st.booleans()).map(lambda c: (*c[0], *c[1:])),
                min_size=1, max_size=8))
def test_an_actual_given_as_a_band_is_written_as_actual_text_writes_it(cases):
    """A 定性 actual given as a band with no text (达成（70%）) is written from its band and share, kept by them:
    the table is the one of the same sheet with each actual's text spelled out by actual_text; each row's line
    holds its own name and that text (the names of a block's projects are taken row by row, in order)."""
    codes = [("P1", "P2")[i % 2] for i in range(len(cases))]
    indicators = [ind(f"定性{i}", "定性", None, None, 10) for i in range(len(cases))]
    given = [attrs.evolve(act(f"定性{i}", band=band, share=share, code=code), reason=reason)
             for i, ((band, share, reason, _), code) in enumerate(zip(cases, codes))]
    tables = [target_table(*[x for x, c in zip(indicators, codes) if c == code] or [ind("人数", "≥", 1, "人", 10)],
                           code=code) for code in ("P1", "P2")]
    try:
        sheet = score(tables, type(actuals())(given, [funds(), funds(code="P2")]), load_scoring_rules("national"))
    except InputError:  # a share outside its band's range
        reject()
    spelled = attrs.evolve(sheet, projects=tuple(
        attrs.evolve(project, indicators=tuple(
            attrs.evolve(row, actual=attrs.evolve(row.actual, text=sheet_module.actual_text(row)))
            if row.actual is not None and keep else row
            for row, keep in zip(project.indicators, [c[3] for c in cases] * 2)))
        for project in sheet.projects))
    text = render(sheet, "table")
    assert text == render(spelled, "table")
    for project in sheet.projects:
        for row in project.indicators:
            if row.actual is not None:
                line = next(line for line in text.splitlines() if f" {row.indicator.name} " in line)
                assert f" {sheet_module.actual_text(row)} " in f"{line} "
