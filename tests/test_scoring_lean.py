"""The engine's lean row path (a memo of each distinct case) gives what scoring every row through the
general path gives: the same rows, totals, grades, problems and missing actuals, to the last digit."""

from __future__ import annotations

from decimal import Decimal, localcontext

from hypothesis import example, given, settings, strategies as st

from perfeval.actuals import Actual, Actuals, Band, ProjectFunds
from perfeval.errors import InputError
from perfeval.model import Indicator, Location, TargetTable
from perfeval.operators import Operator
from perfeval.scoring import load_scoring_rules, score
from perfeval.scoring.engine import _Project
from perfeval.scoring.sheet import project_json_lines
from perfeval.units import parse_unit

RULES = {name: load_scoring_rules(name) for name in ("national", "province-20", "strict")}
# few values, so that cases repeat within and across tables (the memo's hits) beside new ones
TARGETS = st.sampled_from(["95", "95.0", "100", "0", "0.5"]).map(Decimal)
MEASURED = st.sampled_from(["90", "95", "100", "150", "0", "0.6"]).map(Decimal)
WEIGHTS = st.sampled_from(["10", "20", "20.0", "0", "7.5"]).map(Decimal)
UNITS = {None: (None,), "人": (None, "人", "万人", "万人"), "%": (None, "%"), "万元": (None, "万元", "元", "元")}
SHARES = {Band.ACHIEVED: [Decimal(1), Decimal("0.85"), None, None], Band.PARTLY: [Decimal("0.7")],
          Band.NOT_ACHIEVED: [Decimal("0.3"), None, None]}
OPERATORS = [Operator.GE, Operator.GT, Operator.LE, Operator.LT, Operator.EQ, Operator.QUALITATIVE, Operator.QUALITATIVE]


@st.composite
def specs(draw, odd: bool):
    """An indicator's operator, target, unit and weight (a batch draws its rows from a few of these)."""
    operator = draw(st.sampled_from(OPERATORS))
    unit = draw(st.sampled_from(["人", "人", "%", "万元", None]))
    value = None if operator is Operator.QUALITATIVE or (odd and draw(st.integers(0, 9)) == 0) else draw(TARGETS)
    weight = None if odd and draw(st.integers(0, 9)) == 0 else draw(WEIGHTS)
    return operator, value, unit, weight


@st.composite
def rows(draw, index: int, spec: tuple, odd: bool):
    operator, value, unit, weight = spec
    name = f"指标{index}"
    indicator = Indicator(name, operator, value, parse_unit(unit) if unit else None, weight, "产出指标", "数量指标",
                          text_value="达成" if operator is Operator.QUALITATIVE else None,
                          location=Location("t.yaml", index + 1))
    # what the row asks for; in odd batches sometimes anything else
    usual = "band" if operator is Operator.QUALITATIVE else "number"
    kind = draw(st.sampled_from([usual] * 8 + ["number", "band", "na", "text", "missing"])) if odd else usual
    if kind == "missing":
        return indicator, None
    common = {"location": Location("a.yaml", index + 1)}
    if kind == "na":
        actual = Actual("P", name, not_applicable=True, **common)
    elif kind == "band":
        band = draw(st.sampled_from(list(Band)))
        share = draw(st.sampled_from(SHARES[band] + [None, Decimal("0.9")] * odd))  # odd: none, or out of the band
        actual = Actual("P", name, band=band, share=share, **common)
    elif kind == "text":
        actual = Actual("P", name, text=draw(st.sampled_from(["2026年11月", "已完成", "达成"])), **common)
    else:
        symbol = draw(st.sampled_from(UNITS[unit]))
        actual = Actual("P", name, draw(MEASURED), parse_unit(symbol) if symbol else None, **common)
    return indicator, actual


@st.composite
def batches(draw):
    tables, given, funds = [], [], []
    odd = draw(st.integers(0, 2)) == 0  # a third of the batches hold rows or funds the engine refuses or cannot score
    palette = draw(st.lists(specs(odd), min_size=1, max_size=3))  # rows repeat a few specs: the memo's hits
    for n in range(draw(st.integers(1, 5))):
        code = f"P{n}"
        pairs = [draw(rows(i, draw(st.sampled_from(palette)), odd)) for i in range(draw(st.integers(1, 6)))]
        tables.append(TargetTable("附件 12-1", code, f"项目{n}", tuple(i for i, _ in pairs),
                                  location=Location("t.yaml", 1)))
        given += [Actual(code, a.indicator, a.value, a.unit, a.band, a.share, a.not_applicable, text=a.text,
                         location=a.location) for _, a in pairs if a is not None]
        if draw(st.booleans()) or n == 0:
            funds.append(ProjectFunds(code, draw(st.sampled_from([Decimal(100), Decimal(168)] + [Decimal(0)] * odd)),
                                      draw(st.sampled_from([Decimal(90), Decimal("160.02")])), None,
                                      location=Location("a.yaml", 99)))
    return tables, Actuals(given, funds)


def _outcome(tables, actuals, rules, lean: bool):
    _Project.LEAN = lean
    try:
        sheet = score(tables, actuals, rules)
    except InputError as exc:
        return ("refused", [p.render() for p in exc.problems])
    finally:
        _Project.LEAN = True
    return ("scored", list(project_json_lines(sheet)), [p.render() for p in sheet.missing], sheet.projects)


@settings(max_examples=300)  # a collision the memo could get wrong needs two rows of one case: a few per hundred
@given(batches(), st.sampled_from(sorted(RULES)))
def test_the_lean_rows_score_as_the_general_path(batch, name):
    tables, actuals = batch
    lean = _outcome(tables, actuals, RULES[name], True)
    general = _outcome(tables, actuals, RULES[name], False)
    assert lean == general


def test_the_lean_rows_work_out_a_case_once_and_keep_each_rows_own_objects(monkeypatch):
    rules = RULES["national"]
    people = parse_unit("人")
    indicators = tuple(Indicator(f"指标{i}", Operator.GE, Decimal(95), people, Decimal(30), "产出指标", "数量指标")
                       for i in range(3))
    table = TargetTable("附件 12-1", "P", "项目", indicators)
    given = [Actual("P", f"指标{i}", Decimal(90), people) for i in range(3)]
    general = _Project.judge  # where every quantitative row's score is worked out
    calls = []
    monkeypatch.setattr(_Project, "judge", lambda self, *args: calls.append(args[0]) or general(self, *args))
    sheet = score([table], Actuals(given, [ProjectFunds("P", Decimal(100), Decimal(100), None)]), rules)
    assert calls == [indicators[0]]  # the two later rows of the same case are not worked out again
    rows = sheet.projects[0].indicators
    assert [r.actual for r in rows] == given and [r.indicator for r in rows] == list(indicators)
    with localcontext() as ctx:
        ctx.prec = 50
        expected = Decimal(30) * 90 / 95
        assert [r.score for r in rows] == [expected] * 3 and {r.status for r in rows} == {"unmet"}
        assert sheet.projects[0].total == +(expected * 3 + 10)


_NAME_PARTS = st.sampled_from(["发放人数", "满意度", "甲", "a", " ", "\u3000", "\t", "\n", "\xa0", "\u200b", "（一）", "x y"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_NAME_PARTS, max_size=4).map("".join), max_size=7))
def test_the_plain_index_of_names_is_the_general_index(names):
    """Where the matcher's C-built index of a table's names answers, it is the general index (positions
    alike); a repeated name, a space or anything to trim leaves the names to the general loop."""
    from perfeval.scoring.match import _index, _plain_index

    names = tuple(names)
    general = _index(names, {})
    plain = _plain_index(names)
    if plain is None:
        assert len(set(names)) < len(names) or not "".join(names).isprintable() or any(" " in n for n in names)
    else:
        assert {name: list(positions) for name, positions in plain.items()} == general
    plain_names = tuple(f"指标{i}" for i in range(len(names)))
    assert _plain_index(plain_names) == {name: (i,) for i, name in enumerate(plain_names)}


_MINIMUM = st.sampled_from([Decimal(0), Decimal(60), Decimal(80), Decimal("89.5"), Decimal(90), Decimal(100)])


@settings(max_examples=300, deadline=None)
@given(st.lists(_MINIMUM, min_size=1, max_size=5, unique=True), _MINIMUM,
       st.sampled_from([Decimal(0), Decimal("1e-31"), Decimal("-1e-31"), Decimal("1e-30"), Decimal("-1e-30"),
                        Decimal("2e-30"), Decimal("0.5"), Decimal("-7"), Decimal(1) / Decimal(3) * Decimal("1e-29")]))
def test_the_grade_boundary_found_by_bisection_is_any_minimum_that_near(minimums, near, offset):
    """The engine rescores a total in Fractions when it lies within 1e-30 of a grade's minimum: looking at the
    nearest minimum on each side (bisection) answers as testing every minimum."""
    from perfeval.scoring.engine import PRECISION, _NEAR, _near_boundary

    with localcontext() as ctx:
        ctx.prec = PRECISION
        total = near + offset
        expected = any(abs(total - minimum) < _NEAR for minimum in minimums)
        assert _near_boundary(total, tuple(sorted(minimums))) is expected


_D = Decimal
_SCORES = (st.decimals(allow_nan=True, allow_infinity=True)
           | st.sampled_from([_D("-0"), _D("-0.000"), _D("-1e-25"), _D("1e-25"), _D("0.005"), _D("2.665"), _D("1E+30"),
                              _D("9" * 30 + ".995"), _D("99.99999999999999999999500"), _D("-7.4999999999999999999995")])
           | st.integers(0, 10 ** 6).map(lambda n: _D(n) / _D(7)))


@settings(max_examples=400, deadline=None)
@given(_SCORES, st.integers(0, 6), st.sampled_from(["ROUND_HALF_UP", "ROUND_HALF_EVEN"]), st.sampled_from([28, 50]))
@example(_D("101185238447016525371036177.719490"), 2, "ROUND_HALF_UP", 28)  # too long to round: shown as written
def test_exact_display_is_the_exact_text_and_its_display(value, places, rounding, precision):
    """The JSON writer's (exact, display) of a score from one rounding to 20 places is exact(value) and the
    display of that text read back, as the sheet always wrote them (a zero's display is a positive zero's)."""
    from perfeval.fmt import display, exact, exact_display

    with localcontext() as ctx:
        ctx.prec = precision
        text = exact(value)
        assert exact_display(value, places, rounding) == (text, display(Decimal(text), places, rounding))


@settings(max_examples=100, deadline=None)
@given(batches())
def test_the_matcher_reports_what_check_kind_reports_of_every_pair(batch):
    """match_actuals skips the kind check where it can tell without the call that nothing is wrong: its
    problems are still exactly those check_kind gives for every pair it makes."""
    from perfeval.scoring.match import check_kind, match_actuals

    tables, actuals = batch
    matched = match_actuals(tuple(tables), actuals)
    expected = [p for table in tables for indicator, actual in zip(table.indicators, matched.actuals[table.project_code])
                if actual is not None for p in check_kind(table, indicator, actual)]
    assert sorted(p.render() for p in matched.problems) == sorted(p.render() for p in expected)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([Decimal(0), Decimal("59.5"), Decimal(60), Decimal("60.0"), Decimal(95)]),
                          st.sampled_from(["P1", "P2", "P3", "A"])), max_size=12),
       st.integers(-1, 6))
def test_the_lowest_projects_are_nsmallest_by_total_and_code(pairs, count):
    """The summary's lowest projects (the count-th lowest total found over the totals first) are what nsmallest
    by (total, project code) gives, ties and repeated codes included, in the same order."""
    import heapq

    from perfeval.scoring.engine import ProjectScore
    from perfeval.scoring.sheet import lowest_projects

    scored = [ProjectScore(TargetTable("附件 12-1", code, "项目", ()), (), None, total, "优", True) for total, code in pairs]
    expected = heapq.nsmallest(count, scored, key=lambda p: (p.total, p.table.project_code))
    assert [id(p) for p in lowest_projects(scored, count)] == [id(p) for p in expected]


@settings(max_examples=150, deadline=None)
@given(batches(), st.sampled_from(sorted(RULES)), st.integers(1, 3))
def test_the_separated_project_texts_are_the_lines_behind_their_separators(batch, name, per_text):
    """project_json_lines(separated=True) (projects' lines with their separators, a few projects per text) writes
    the list json_chunks writes from one line per project: the same text to the character."""
    from perfeval.output import Records, json_chunks
    from perfeval.scoring import sheet as sheet_module

    tables, actuals = batch
    try:
        scored = score(tables, actuals, RULES[name])
    except InputError:
        return
    kept = sheet_module._PROJECTS_PER_TEXT
    sheet_module._PROJECTS_PER_TEXT = per_text  # texts of one, two or three projects, and a last shorter one
    try:
        texts = list(project_json_lines(scored, separated=True))
    finally:
        sheet_module._PROJECTS_PER_TEXT = kept
    count = len(scored.projects)
    assert len(texts) == -(-count // per_text)
    lines = list(project_json_lines(scored))
    assert "".join(json_chunks({"projects": Records(count, iter(texts), separated=True), "n": 1})) \
        == "".join(json_chunks({"projects": Records(count, iter(lines)), "n": 1}))


@settings(max_examples=200, deadline=None)
@given(batches(), st.sampled_from(sorted(RULES)))
def test_the_project_lines_are_the_sheets_dicts_encoded(batch, name):
    """project_json_lines (texts written per row, a band's text kept by its band and share, heads and scores
    kept by their cases) writes each project as the C encoder writes sheet_to_json's dict of it."""
    from perfeval.output import _encoder
    from perfeval.scoring.sheet import sheet_to_json

    tables, actuals = batch
    try:
        scored = score(tables, actuals, RULES[name])
    except InputError:
        return
    assert list(project_json_lines(scored)) == list(map(_encoder(), sheet_to_json(scored, with_display=True)["projects"]))


_GRADE_MINIMUM = st.sampled_from([Decimal(0), Decimal(60), Decimal(80), Decimal("89.5"), Decimal(90), Decimal(-5)])
_TOTAL = st.builds(lambda near, offset: near + offset, _GRADE_MINIMUM | st.decimals(-10, 120, places=3),
                   st.sampled_from([Decimal(0), Decimal("1e-31"), Decimal("-1e-31"), Decimal("1e-30"), Decimal("2e-30"),
                                    Decimal("-1e-30"), Decimal("-0.5"), Decimal(1) / Decimal(3) * Decimal("1e-29")]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_GRADE_MINIMUM, min_size=1, max_size=5), _TOTAL)
def test_the_lean_grade_is_the_rule_sets_grade_and_nearness(minimums, total):
    """The lean path's grade and nearness from one bisection (engine._graded) answer as rules.grade and
    _near_boundary, for grades in any order (a rule set's, from the highest minimum down, or not), ties included."""
    import attrs

    from perfeval.scoring.engine import PRECISION, _graded, _near_boundary, _plan
    from perfeval.scoring.rules import Grade

    rules = attrs.evolve(RULES["national"], grades=tuple(Grade(f"g{i}", m) for i, m in enumerate(minimums)))
    plan = _plan(rules)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        assert _graded(total, plan, rules.grade) == (rules.grade(total), _near_boundary(total, plan[("minimums",)]))


_MONEY = st.sampled_from([Decimal(0), Decimal(100), Decimal("100.00"), Decimal(168), Decimal("160.02"), Decimal("0.003"),
                          Decimal(7) / 3, Decimal("-5.0")])


@settings(max_examples=300, deadline=None)
@given(_MONEY, st.none() | _MONEY, _MONEY, st.sampled_from(sorted(RULES)), st.sampled_from(["adjusted", "original"]),
       st.sampled_from([None, Decimal("0.9")]), st.sampled_from(["weight * Min(1, rate)", "weight * spent / budget",
                                                                 "weight * rate / threshold", "Min(weight, weight * rate / 3)",
                                                                 "if_(rate >= threshold, weight, weight * rate - 1)"]))
def test_the_lean_execution_score_is_the_general_one(budget, adjusted, spent, name, base, threshold, formula):
    """The 预算执行率's common case from the plan (LEAN) gives the general steps' row and problems: adjusted
    budgets given or not, a zero budget, no threshold, a formula that divides by zero, a score below 0; the same
    digits (repr: 1.00 is not 1)."""
    import attrs

    from perfeval.formula import compile_formula
    from perfeval.scoring.engine import PRECISION, _plan, _same
    from perfeval.scoring.rules import EXECUTION_VARIABLES, BudgetBase

    rules = RULES[name]
    rules = attrs.evolve(rules, execution=attrs.evolve(rules.execution, budget=BudgetBase(base), threshold=threshold,
                                                       formula=compile_formula(formula, EXECUTION_VARIABLES)))
    table = TargetTable("附件 12-1", "P", "项目", (), location=Location("t.yaml", 1))
    funds = ProjectFunds("P", budget, spent, adjusted, location=Location("a.yaml", 9))
    outcomes = []
    for lean in (True, False):
        project = _Project(table, [], funds, rules, _plan(rules), "t")
        _Project.LEAN = lean
        try:
            with localcontext() as ctx:
                ctx.prec = PRECISION
                outcomes.append((project.execution(_same, False), [p.render() for p in project.problems]))
        finally:
            _Project.LEAN = True
    assert outcomes[0] == outcomes[1]
    assert repr(outcomes[0]) == repr(outcomes[1])


@settings(max_examples=150, deadline=None)
@given(batches(), st.sampled_from(sorted(RULES)),
       st.lists(st.tuples(st.sampled_from([None, "", "财政局", "教育局"]), st.sampled_from([None, "", "一中"])),
                min_size=1, max_size=2))
def test_the_groups_of_one_unit_taken_at_once_are_the_general_groups(batch, name, units):
    """ScoreResult.groups of projects that all name one unit (taken at once) equal the general loop's; several
    units, names written differently for one unit (None and ""), ties in the lowest total included."""
    import attrs

    from perfeval.api import ScoreResult

    tables, actuals = batch
    tables = [attrs.evolve(t, department=units[i % len(units)][0], implementer=units[i % len(units)][1])
              for i, t in enumerate(tables)]
    try:
        sheet = score(tables, actuals, RULES[name])
    except InputError:
        return
    result = ScoreResult(sheet, ["t.yaml"], ["a.yaml"], [], RULES[name])
    at_once = result.groups()
    ScoreResult.GROUP_AT_ONCE = False
    try:
        assert result.groups() == at_once
    finally:
        ScoreResult.GROUP_AT_ONCE = True
    assert sum(g["projects"] for g in at_once) == len(tables)


def test_each_tables_factor_is_its_own_weights_as_written():
    """Tables whose weights are equal but written apart (0.4 + 0.50 and 0.4 + 0.5: 90 / 0.90 is 1E+2, 90 / 0.9 is
    1.0E+2, so the first row weighs 4E+1 or 40) each get their own factor, in one run as when scored alone: a
    factor kept by the weights' values would fail this. (Each table its own targets: the rows' memo of cases,
    keyed by value, shares a case's scaled weight.)"""
    rules = RULES["national"]
    tables, given, funds = [], [], []
    first = [Decimal("0.4"), Decimal("0.50")]
    for n, weights in enumerate([first, [Decimal("0.4"), Decimal("0.5")], first]):
        code = f"P{n}"
        indicators = tuple(Indicator(f"指标{i}", Operator.GE, Decimal(95 - n), parse_unit("%"), weight, "产出指标",
                                     "数量指标", location=Location("t.yaml", n + 1)) for i, weight in enumerate(weights))
        tables.append(TargetTable("附件 12-1", code, f"项目{n}", indicators, location=Location("t.yaml", 1)))
        given += [Actual(code, f"指标{i}", Decimal(95), parse_unit("%"), location=Location("a.yaml", n + 1))
                  for i in range(len(weights))]
        funds.append(ProjectFunds(code, Decimal(100), Decimal(90), None, location=Location("a.yaml", 99)))
    together = score(tables, Actuals(given, funds), rules).projects

    def weights(project):
        return [repr(row.weight) for row in project.indicators]

    alone = [score([t], Actuals([a for a in given if a.project_code == t.project_code], [f]), rules).projects[0]
             for t, f in zip(tables, funds)]
    assert list(map(weights, together)) == list(map(weights, alone)) == [
        ["Decimal('4E+1')", "Decimal('50')"], ["Decimal('40')", "Decimal('50')"], ["Decimal('4E+1')", "Decimal('50')"]]
