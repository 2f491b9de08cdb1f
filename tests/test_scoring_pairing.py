"""The engine's pairing of actuals listed in the tables' order (match.paired_in_order, its kinds checked on the
way by the lean rows) scores as pairing everything with match_actuals first: the same sheets, missing actuals and
problems, in the same order, for actuals in order, reordered, split, missing, repeated, of unknown or repeated
codes, with 二级指标, names to trim, wrong kinds and units, and funds in or out of order."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from perfeval.actuals import Actual, Actuals, Band, ProjectFunds
from perfeval.errors import InputError
from perfeval.model import Indicator, Location, TargetTable
from perfeval.operators import Operator
from perfeval.scoring import load_scoring_rules, match, score
from perfeval.scoring.sheet import project_json_lines
from perfeval.units import parse_unit

RULES = load_scoring_rules("national")
_NAMES = ["发放人数", "满意度", "完成率", "项目成本", "发放人数 ", "保障社会稳定"]
_UNITS = {"人": ["人", "人", "万人", None, "%", "元"], "%": ["%", "%", None, "人"], None: [None, None, "人"]}


@st.composite
def _indicator(draw, index: int, names: list[str]):
    name = draw(st.sampled_from(names)) if draw(st.integers(0, 7)) == 0 else names[index % len(names)]
    operator = draw(st.sampled_from([Operator.GE, Operator.LE, Operator.EQ, Operator.QUALITATIVE]))
    unit = None if operator is Operator.QUALITATIVE else draw(st.sampled_from(["人", "%", None]))
    value = None if operator is Operator.QUALITATIVE else draw(st.sampled_from([Decimal(95), Decimal(100)]))
    deadline = "2026年12月" if operator is not Operator.QUALITATIVE and draw(st.integers(0, 9)) == 0 else None
    return Indicator(name, operator, value, parse_unit(unit) if unit else None, draw(st.sampled_from([Decimal(20),
                     Decimal(15)])), "产出指标", draw(st.sampled_from(["数量指标", "质量指标"])), deadline=deadline,
                     text_value="达成" if operator is Operator.QUALITATIVE else None,
                     location=Location("t.yaml", index + 1))


@st.composite
def _actual(draw, code: str, indicator: Indicator, line: int):
    where = Location("a.yaml", line)
    name = indicator.name if draw(st.integers(0, 9)) else draw(st.sampled_from(_NAMES + ["没有的指标"]))
    level2 = draw(st.sampled_from([indicator.level2, "时效指标"])) if draw(st.integers(0, 7)) == 0 else None
    kind = draw(st.sampled_from(["usual"] * 6 + ["band", "number", "text", "na"]))
    if kind == "usual":
        kind = "band" if indicator.operator is Operator.QUALITATIVE else "number"
    if kind == "band":
        return Actual(code, name, band=draw(st.sampled_from(list(Band))), level2=level2, location=where)
    if kind == "text":
        return Actual(code, name, text=draw(st.sampled_from(["2026年11月", "已完成"])), level2=level2, location=where)
    if kind == "na":
        return Actual(code, name, not_applicable=True, level2=level2, location=where)
    symbol = draw(st.sampled_from(_UNITS[indicator.unit.symbol if indicator.unit else None]))
    return Actual(code, name, draw(st.sampled_from([Decimal(90), Decimal(100), Decimal("0.01")])),
                  parse_unit(symbol) if symbol else None, level2=level2, location=where)


@st.composite
def _batches(draw):
    names = draw(st.lists(st.sampled_from(_NAMES), min_size=2, max_size=4, unique=True))
    tables, runs, funds = [], [], []
    for n in range(draw(st.integers(1, 5))):
        code = f"P{n}" if draw(st.integers(0, 11)) else f"P{max(n - 1, 0)}"  # now and then a repeated code
        indicators = tuple(draw(_indicator(i, names)) for i in range(draw(st.integers(1, 4))))
        tables.append(TargetTable("附件 12-1", code, f"项目{n}", indicators, location=Location("t.yaml", 1)))
        listed = code if draw(st.integers(0, 11)) else draw(st.sampled_from(["P9", f"{code}-1", ""]))
        rows = [draw(_actual(listed, indicator, 10 * n + i)) for i, indicator in enumerate(indicators)]
        shape = draw(st.sampled_from(["as printed"] * 5 + ["reversed", "one dropped", "one twice", "none"]))
        if shape == "reversed":
            rows.reverse()
        elif shape == "one dropped":
            rows.pop(draw(st.integers(0, len(rows) - 1)))
        elif shape == "one twice":
            rows.append(rows[0])
        elif shape == "none":
            rows = []
        runs.append(rows)
        if draw(st.integers(0, 5)):
            budget = Decimal(100) if draw(st.integers(0, 5)) else Decimal(0)  # 0: a problem the engine reports
            funds.append(ProjectFunds(listed, budget, Decimal(90), location=Location("a.yaml", 99)))
            if not draw(st.integers(0, 11)):
                funds.append(ProjectFunds(listed, Decimal(100), Decimal(80), location=Location("a.yaml", 98)))
    order = draw(st.sampled_from(["tables"] * 4 + ["shuffled", "split", "swapped"]))
    if order == "shuffled":
        runs = draw(st.permutations(runs))
    listed = [row for rows in runs for row in rows]
    if order == "split" and len(listed) > 2:
        cut = draw(st.integers(1, len(listed) - 1))
        listed = listed[cut:] + listed[:cut]
    elif order == "swapped" and len(listed) > 2:  # one row in another project's block
        i, j = draw(st.integers(0, len(listed) - 1)), draw(st.integers(0, len(listed) - 1))
        listed[i], listed[j] = listed[j], listed[i]
    if draw(st.integers(0, 5)) == 0:
        funds = draw(st.permutations(funds))
    return tables, Actuals(listed, funds)


def _outcome(tables, actuals, lean: bool):
    match.LEAN = lean
    ticks = []
    try:
        sheet = score(tables, actuals, RULES, progress=ticks.append)
    except InputError as exc:
        return ("refused", [p.render() for p in exc.problems], len(ticks))
    finally:
        match.LEAN = True
    return ("scored", list(project_json_lines(sheet)), [p.render() for p in sheet.missing], sheet.projects,
            len(ticks))


@settings(max_examples=400, deadline=None)
@given(_batches())
def test_pairing_in_the_tables_order_scores_as_match_actuals(batch):
    tables, actuals = batch
    assert _outcome(tables, actuals, True) == _outcome(tables, actuals, False)


def test_actuals_in_the_tables_order_are_paired_without_match_actuals(monkeypatch):
    """The common file (each project's rows in its table's order, then the next) takes no match_actuals at all;
    a project whose rows come in another order is paired by match_actuals on its own table only."""
    people = parse_unit("人")
    indicators = (Indicator("人数", Operator.GE, Decimal(95), people, Decimal(45), "产出指标", "数量指标"),
                  Indicator("满意度", Operator.QUALITATIVE, None, None, Decimal(45), "满意度指标", "服务对象满意度指标",
                            text_value="达成"))
    tables = [TargetTable("附件 12-1", f"P{n}", "项目", indicators) for n in range(3)]
    rows = {f"P{n}": [Actual(f"P{n}", "人数", Decimal(90), people), Actual(f"P{n}", "满意度", band=Band.ACHIEVED)]
            for n in range(3)}
    rows["P1"].reverse()
    calls = []
    general = match.match_actuals
    monkeypatch.setattr(match, "match_actuals", lambda t, a: calls.append([x.project_code for x in t]) or general(t, a))
    sheet = score(tables, Actuals([a for n in range(3) for a in rows[f"P{n}"]],
                                  [ProjectFunds(f"P{n}", Decimal(100), Decimal(100)) for n in range(3)]), RULES)
    assert calls == [["P1"]]
    assert [p.total for p in sheet.projects] == [sheet.projects[0].total] * 3 and sheet.projects[0].complete
    assert [r.actual.indicator for r in sheet.projects[1].indicators] == ["人数", "满意度"]


def _pair(code: str, *rows: Actual) -> list[Actual]:
    return [Actual(code, a.indicator, a.value, a.unit, a.band, a.share, a.not_applicable, text=a.text,
                   location=a.location) for a in rows]


def test_the_cases_pairing_in_order_must_leave_to_match_actuals():
    """Each case turns to match_actuals for the whole pairing, which gives its problems first, in its order: a
    定性 row given a number (in a table scored lean, and in one with a 不适用 row, scored by run) after a table
    the engine reports (a zero budget), and a row of the next project in the middle of a project's rows."""
    people = parse_unit("人")
    indicators = (Indicator("人数", Operator.GE, Decimal(95), people, Decimal(30), "产出指标", "数量指标"),
                  Indicator("完成率", Operator.GE, Decimal(95), None, Decimal(30), "产出指标", "质量指标"),
                  Indicator("满意度", Operator.QUALITATIVE, None, None, Decimal(30), "满意度指标", "服务对象满意度指标",
                            text_value="达成"))
    tables = [TargetTable("附件 12-1", f"P{n}", "项目", indicators, location=Location("t.yaml", n)) for n in range(2)]
    usual = (Actual("", "人数", Decimal(90), people, location=Location("a.yaml", 1)),
             Actual("", "完成率", Decimal(90), location=Location("a.yaml", 2)),
             Actual("", "满意度", band=Band.ACHIEVED, location=Location("a.yaml", 3)))
    number = Actual("", "满意度", Decimal(90), location=Location("a.yaml", 4))
    na = Actual("", "完成率", not_applicable=True, location=Location("a.yaml", 5))
    funds = [ProjectFunds("P0", Decimal(0), Decimal(90)), ProjectFunds("P1", Decimal(100), Decimal(90))]
    wrong_kind = _pair("P0", *usual) + _pair("P1", usual[0], usual[1], number)
    wrong_kind_not_lean = _pair("P0", *usual) + _pair("P1", usual[0], na, number)
    mixed = _pair("P0", *usual) + _pair("P1", *usual)
    mixed[1], mixed[4] = mixed[4], mixed[1]  # P1's 完成率 among P0's rows, and P0's among P1's
    for listed in (wrong_kind, wrong_kind_not_lean):
        actuals = Actuals(listed, funds)
        lean = _outcome(tables, actuals, True)
        assert lean == _outcome(tables, actuals, False) and lean[0] == "refused" and "定性指标" in lean[1][0]
    actuals = Actuals(mixed, [ProjectFunds(f"P{n}", Decimal(100), Decimal(90)) for n in range(2)])
    lean = _outcome(tables, actuals, True)
    assert lean == _outcome(tables, actuals, False) and lean[0] == "scored"
    assert [r.actual.project_code for p in lean[3] for r in p.indicators] == ["P0"] * 3 + ["P1"] * 3


def test_actuals_in_another_order_go_to_match_actuals_at_once():
    """Rows or funds listed in another order than the tables' (here reversed) stop the pairing after a few tables,
    not after every table was scored without its actuals; the sheets are match_actuals' all the same."""
    people = parse_unit("人")
    indicators = (Indicator("人数", Operator.GE, Decimal(95), people, Decimal(90), "产出指标", "数量指标"),)
    tables = tuple(TargetTable("附件 12-1", f"P{n}", "项目", indicators) for n in range(300))
    rows = [Actual(f"P{n}", "人数", Decimal(90 + n % 7), people) for n in range(300)]
    funds = [ProjectFunds(f"P{n}", Decimal(100), Decimal(90)) for n in range(300)]
    for listed, money in ((rows[::-1], funds), (rows, funds[::-1])):
        pairs = match.paired_in_order(tables, Actuals(listed, money))
        taken = []
        try:
            for pair in pairs:
                taken.append(pair)
        except match.Unpaired:
            pass
        else:
            raise AssertionError("paired actuals in another order")
        assert len(taken) <= match._SKIPPED + 1
        assert _outcome(list(tables), Actuals(listed, money), True) == _outcome(list(tables), Actuals(listed, money), False)
