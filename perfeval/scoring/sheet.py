"""The score sheet (自评表) as JSON, and as a table or markdown for people.

JSON holds exact numbers as decimal strings (documented in docs/scoring.md); the
table and markdown views round for display only, with the rule set's places and
rounding mode. Nothing here computes a score.
"""

from __future__ import annotations

import gc
import heapq
import operator
from decimal import Decimal, InvalidOperation
from itertools import chain, repeat
from typing import Any, Iterator

from .._gc import paused_gc
from .._memo import Memo
from ..fmt import _ROUNDINGS, display, exact, exact_display, exact_display_texts, exact_texts, plain
from ..vocab import FLAG_LABELS, STATUS_LABELS
from .engine import ExecutionScore, IndicatorScore, ProjectScore, ScoreSheet

FREEZE_MIN_PROJECTS = 200


def exact_text(value: Decimal | None) -> str | None:
    """The decimal string of a value: exact when it terminates within 20 places, else rounded there (half-even)."""
    if value is None:
        return None
    text = _EXACT_CACHE.get(value)
    if text is None:
        text = _EXACT_CACHE.keep(value, exact(value))
    return text


def unique_text(value: Decimal | None) -> str | None:
    """exact_text for values that rarely repeat (a project's budget, spending, execution rate):
    kept out of the cache so they do not crowd out the weights and scores that do repeat."""
    return None if value is None else exact(value)


_EXACT_CACHE = Memo()  # weights and full scores repeat across a province's rows


def target_text(row: IndicatorScore) -> str:
    """年度指标值 as printed: operator, number and unit (`≥95%`), or the 定性 text."""
    indicator = row.indicator
    operator = indicator.operator._value_
    if operator == "定性":
        return indicator.text_value or "定性"
    value, unit = indicator.value, indicator.unit
    return operator + ("" if value is None else plain(value)) + ("" if unit is None else unit.symbol)


def actual_text(row: IndicatorScore) -> str:
    actual = row.actual
    if actual is None:
        return ""
    if actual.not_applicable:
        return actual.text or "不适用"
    if actual.text:
        return actual.text
    if actual.band is not None:
        share = f"（{exact_text(actual.share * 100)}%）" if actual.share is not None else ""
        return actual.band._value_ + share  # (an Enum's value: its property costs 0.4 us a row)
    unit = actual.unit or row.indicator.unit
    return plain(actual.value) + (unit.symbol if unit else "")


def sheet_to_json(sheet: ScoreSheet, with_display: bool = False, projects: bool = True) -> dict[str, Any]:
    """The score sheet in the stable JSON schema shared with the Excel writer (docs/scoring.md, "The JSON sheet").

    `with_display` adds, beside each exact score and total, its value rounded for people
    (`score_display`, `total_display`, `mean_display`: the rule set's places and rounding).
    `projects=False` leaves the projects out (`project_json_lines` writes them one by one).
    """
    rules = sheet.rules
    with paused_gc():
        rows = [_project_json(p) for p in sheet.projects] if projects else []
        if with_display:
            _add_display(rows, rules.display_places, rules.display_rounding)
        if len(rows) >= FREEZE_MIN_PROJECTS:
            # Like score_files: a province's sheet is millions of acyclic dicts and lists, which the
            # collector would otherwise scan in each generation in turn as soon as it is re-enabled.
            # Frozen objects are still freed by reference counting when the sheet is dropped.
            gc.freeze()
    info = summary(sheet)
    if with_display:
        places, rounding = rules.display_places, rules.display_rounding
        info["mean_display"] = _shown(info["mean"], places, rounding)
        for low in info["lowest"]:
            low["total_display"] = _shown(low["total"], places, rounding)
    return {
        "rule_set": {"name": rules.name, "title": rules.title, "version": rules.version, "source": rules.source},
        **({"projects": rows} if projects else {}),
        "summary": info,
        "display": {"places": rules.display_places, "rounding": rules.display_rounding},
    }


def _shown(text: str | None, places: int, rounding: str) -> str | None:
    return None if text is None else display(Decimal(text), places, rounding)


def _add_display(projects: list[dict[str, Any]], places: int, rounding: str) -> None:
    """Insert `*_display` right after each exact score and total (display cache: scores repeat)."""
    cache: dict[str | None, str | None] = {None: None}

    def shown(text: str | None) -> str | None:
        value = cache.get(text, cache)
        if value is cache:
            value = cache[text] = display(Decimal(text), places, rounding)
        return value

    for project in projects:
        for row in project["indicators"]:
            row["score_display"] = shown(row["score"])
        execution = project["execution"]
        if execution is not None:
            execution["score_display"] = shown(execution["score"])
        project["total_display"] = shown(project["total"])


def _project_json(project: ProjectScore) -> dict[str, Any]:
    table = project.table
    return {
        "project_code": table.project_code,
        "project_name": table.project_name,
        "table": table.label,
        "indicators": [_indicator_json(row) for row in project.indicators],
        "execution": _execution_json(project.execution),
        "total": exact_text(project.total),
        "grade": project.grade,
        "complete": project.complete,
    }


def _indicator_json(row: IndicatorScore) -> dict[str, Any]:
    indicator, actual = row.indicator, row.actual
    return {
        "level1": indicator.level1,
        "level2": indicator.level2,
        "name": indicator.name,
        "operator": indicator.operator._value_,
        "target": target_text(row),
        "actual": actual_text(row),
        "weight": exact_text(row.weight),
        "score": exact_text(row.score),
        "status": row.status,
        "flags": list(row.flags),
        "reason": actual.reason if actual is not None else "",
    }


def _execution_json(execution: ExecutionScore | None) -> dict[str, Any] | None:
    if execution is None:
        return None
    return {
        "budget": unique_text(execution.budget),
        "adjusted_budget": unique_text(execution.adjusted_budget),
        "spent": unique_text(execution.spent),
        "rate": unique_text(execution.rate),
        "weight": exact_text(execution.weight),
        "score": exact_text(execution.score),
        "flag": execution.flag,
    }


# ---------------------------------------------------------------------------------------------
# the projects as JSON text, one line each, without building their dicts
#
# `perfeval score --format json` writes a province (a million rows) as it goes: each project is
# written straight to its line, with the same keys, values and order as
# `json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode` gives for
# `sheet_to_json(sheet, with_display=True)["projects"][i]` (tests/test_output.py holds them equal),
# at a fraction of the cost: no dict per row, the texts that repeat (names, levels, exact
# scores; a row's text up to its actual, by its indicator's identity) quoted once, a block's amounts,
# rates and totals written in C loops (fmt.exact_texts), and the text made as UTF-8 bytes (written as
# they are: no wide text to encode).


def project_json_lines(sheet: ScoreSheet, separated: bool = False, encoded: bool = False) -> Iterator[str]:
    """Each project of `sheet` as one line of JSON, `*_display` values included. `separated`: the lines as
    output.json_chunks writes a list's records (the first after "  ", each later one after ",\n  "), those of
    up to _PROJECTS_PER_TEXT projects in one text: each project's pieces are joined once, with those of the
    projects around it, where a line was joined, then copied behind its separator, then joined again into
    the text written (output.Records(separated=True); tests/test_scoring_lean.py holds the two the same).
    `encoded`: the texts as UTF-8 bytes, as they are made (a file's writer writes them as they are; the texts
    are their decoding)."""
    texts = _project_json_bytes(sheet, separated)
    return texts if encoded else map(_DECODE, texts)


def _project_json_bytes(sheet: ScoreSheet, separated: bool) -> Iterator[bytes]:
    """project_json_lines' texts in UTF-8, made so: the pieces kept (a row's lead, head and middle, a band's
    text) are kept encoded, each row's own (its actual's text, its name where no lead is kept, its reason)
    encoded as they are quoted, a project's head and its tail from 预算执行率 on each encoded as one text, and
    the pieces joined as bytes (a copy of each byte: no wide text to widen ASCII into, none to encode after)."""
    from json.encoder import encode_basestring as quote  # (the C function the encoder quotes strings with)

    from ..output import _encoder

    rules = sheet.rules
    places, rounding = rules.display_places, rules.display_rounding
    numbers: dict[Decimal | None, tuple[str, str]] = {None: ("null", "null")}
    flags_text: dict[tuple[str, ...], str] = {}
    encode = _encoder()  # (made where JSON is first written: the audit and a table import no json)

    def q(value: object) -> str:
        """A value that may be None (or, from a reader we do not know, not a str)."""
        if value is None:
            return "null"
        return quote(value) if type(value) is str else encode(value)

    # An exact or display text is digits, a point and a sign (or NaN, Infinity): quoted as it is, as
    # encode_basestring would quote it.
    def number(value: Decimal) -> tuple[str, str]:
        """(exact text, display text), quoted: weights and scores repeat across a province."""
        exact, shown = exact_display(value, places, rounding)
        pair = (f'"{exact}"', f'"{shown}"')
        if len(numbers) < _QUOTED_SIZE:
            numbers[value] = pair
        return pair

    def head(row: IndicatorScore, key: tuple, keep: bool = True) -> tuple[str, str]:
        """A row's text up to its name (its 一级指标 and 二级指标) and from its operator to its actual, kept by
        those names, the operator, the identity of the target's number and unit (alive while the sheet is: a
        reader gives one object for each distinct 指标 text) and its text: few distinct ones in a province.
        Names are not part of it: they rarely repeat (each row may name its own indicator)."""
        text = ("".join(('{"level1": ', q(key[0]), ', "level2": ', q(key[1]), ', "name": ')).encode(),
                "".join((', "operator": ', quote(key[2]), ', "target": ', quote(target_text(row)),
                         ', "actual": ')).encode())
        if (keep and len(heads) < _QUOTED_SIZE and (key[0] is None or type(key[0]) is str)
                and (key[1] is None or type(key[1]) is str) and (key[5] is None or type(key[5]) is str)):
            heads[key] = text  # only texts are kept: 1 and True would be the same key
        return text

    def middle(key: tuple, keep: bool = True) -> tuple[str, str, str]:
        """A row's text from its weight to its reason, from its reason to its end (score_display), and from its
        weight to its end with an empty reason: few distinct ones in a province."""
        weight, score, status, row_flags = key
        flags = flags_text.get(row_flags)
        if flags is None:
            flags = flags_text[row_flags] = encode(list(row_flags))
        weight = numbers.get(weight) or number(weight)
        score = numbers.get(score) or number(score)
        pair = (f', "weight": {weight[0]}, "score": {score[0]}, "status": {quote(status)}, "flags": {flags}, "reason": ',
                f', "score_display": {score[1]}}}')
        # and the two with an empty reason between them (most rows')
        pair = (pair[0].encode(), pair[1].encode(), f'{pair[0]}""{pair[1]}'.encode())
        if keep and len(middles) < _QUOTED_SIZE:
            middles[key] = pair
        return pair

    heads: dict[tuple, tuple[bytes, bytes]] = {}
    middles: dict[tuple, tuple[bytes, bytes, bytes]] = {}
    banded: dict[tuple, bytes] = {}
    # a row's text up to its actual (levels, name, operator, target), kept by the identity of its Indicator (alive
    # while the sheet is): a reader gives one object for each distinct row it reads, so a province's repeated
    # rows are met again whole; kept only while they are (a trial of _LEAD_TRIAL rows; see the block's end)
    leads: dict[int, bytes] | None = {}
    trial, seen, missed = True, 0, 0
    parts: list[bytes] = []
    extend = parts.extend
    separator = b"  "
    projects = sheet.projects
    for begin in range(0, len(projects), _PROJECTS_PER_TEXT):
        # a block of projects at a time: their amounts, 预算执行率, scores and totals written in C loops (they
        # rarely repeat: not looked up or kept; hashing a 50-digit Decimal costs about as much as writing it)
        block = projects[begin:begin + _PROJECTS_PER_TEXT]
        executions = list(map(_EXECUTION, block))
        totals, totals_shown = exact_display_texts(list(map(_TOTAL, block)), places, rounding)
        if all(executions):
            budgets, adjusteds, spents, rates = (exact_texts(list(map(amount, executions))) for amount in _AMOUNTS)
            scores, scores_shown = exact_display_texts(list(map(_SCORE, executions)), places, rounding)
        else:
            budgets, adjusteds, spents, rates = (exact_texts([None if e is None else amount(e) for e in executions])
                                                 for amount in _AMOUNTS)
            scores, scores_shown = exact_display_texts([None if e is None else e.score for e in executions],
                                                       places, rounding)
        for project, execution, budget, adjusted, spent, rate, exact_score, shown_score, exact_total, shown_total in zip(
                block, executions, budgets, adjusteds, spents, rates, scores, scores_shown, totals, totals_shown):
            table = project.table
            code, name, label = table.project_code, table.project_name, table.label
            # the project's line in pieces, joined once: its head, its rows, its 预算执行率, total and grade
            if separated:
                parts.append(separator)
                separator = b",\n  "
            parts.append(f'{{"project_code": {quote(code) if type(code) is str else q(code)}, '
                         f'"project_name": {quote(name) if type(name) is str else q(name)}, '
                         f'"table": {quote(label) if type(label) is str else q(label)}, "indicators": ['.encode())
            head_size = len(parts)
            for row in project.indicators:
                indicator, actual = row.indicator, row.actual
                # a row's text up to its actual, kept by its indicator's identity while rows share indicators
                lead = leads.get(id(indicator)) if leads is not None else None
                if lead is None:
                    key = (indicator.level1, indicator.level2, indicator.operator._value_, id(indicator.value),
                           id(indicator.unit), indicator.text_value)
                    name = indicator.name
                    name = (quote(name) if type(name) is str else q(name)).encode()
                    try:
                        front, aim = heads.get(key) or head(row, key)
                    except TypeError:  # a value that does not hash (from a reader we do not know): not kept
                        front, aim = head(row, key, False)
                    else:
                        if leads is not None:
                            missed += 1
                            lead = front + name + aim
                            if len(leads) < _QUOTED_SIZE:
                                leads[id(indicator)] = lead
                values = (row.weight, row.score, row.status, row.flags)
                try:
                    mid = middles.get(values) or middle(values)
                except TypeError:  # a value that does not hash (from a reader we do not know): worked out, not kept
                    mid = middle(values, False)
                if actual is None:
                    shown, reason = b'""', ""
                else:
                    text = actual.text  # what actual_text gives whenever the actual has a text
                    if text:
                        shown = quote(text).encode()
                    else:
                        band, share = actual.band, actual.share
                        if band is not None and not actual.not_applicable and (share is None or type(share) is Decimal):
                            # a band with no text (达成（85%）): its text is its band's and share's, kept by them
                            # (a province's 定性 rows give a few: actual_text's multiplication and text made once)
                            case = (band._value_, share)
                            shown = banded.get(case)
                            if shown is None:
                                shown = quote(actual_text(row)).encode()
                                if len(banded) < _QUOTED_SIZE:
                                    banded[case] = shown
                        else:
                            shown = quote(actual_text(row)).encode()
                    reason = actual.reason
                if lead is None:
                    if reason == "" and type(reason) is str:
                        extend((front, name, aim, shown, mid[2], b", "))
                    else:
                        extend((front, name, aim, shown, mid[0],
                                (quote(reason) if type(reason) is str else q(reason)).encode(), mid[1], b", "))
                elif reason == "" and type(reason) is str:
                    extend((lead, shown, mid[2], b", "))
                else:
                    extend((lead, shown, mid[0], (quote(reason) if type(reason) is str else q(reason)).encode(), mid[1],
                            b", "))
            if len(parts) > head_size:
                parts.pop()  # the last row's separator
            # the project's tail, from its 预算执行率 to its total and grade: one text, encoded once
            if execution is None:
                tail = '], "execution": null'
            else:
                flag = execution.flag
                weight = numbers.get(execution.weight) or number(execution.weight)
                budget = "null" if budget is None else f'"{budget}"'
                adjusted = "null" if adjusted is None else f'"{adjusted}"'
                spent = "null" if spent is None else f'"{spent}"'
                rate = "null" if rate is None else f'"{rate}"'
                exact_score = "null" if exact_score is None else f'"{exact_score}"'
                shown_score = "null" if shown_score is None else f'"{shown_score}"'
                flag = "true" if flag is True else "false" if flag is False else encode(flag)
                tail = (f'], "execution": {{"budget": {budget}, "adjusted_budget": {adjusted}, "spent": {spent}, '
                        f'"rate": {rate}, "weight": {weight[0]}, "score": {exact_score}, "flag": {flag}, '
                        f'"score_display": {shown_score}}}')
            grade, complete = project.grade, project.complete
            grade = quote(grade) if type(grade) is str else q(grade)
            complete = "true" if complete is True else encode(complete)
            exact_total = "null" if exact_total is None else f'"{exact_total}"'
            shown_total = "null" if shown_total is None else f'"{shown_total}"'
            parts.append(f'{tail}, "total": {exact_total}, "grade": {grade}, "complete": {complete}, '
                         f'"total_display": {shown_total}}}'.encode())
            if not separated:
                yield b"".join(parts)
                parts.clear()
        if separated:  # the block's projects, one text
            yield b"".join(parts)
            parts.clear()
        if trial and leads is not None:
            # rows that do not share indicators (each names its own: a lead made per row, never met again) stop
            # keeping leads after a trial: under a quarter met again, they are off for the rest of the sheet
            seen += sum(map(len, map(_INDICATORS, block)))
            trial, keep = _lead_trial(seen, missed)
            if not keep:
                leads = None


#: projects written as one text by project_json_lines(separated=True): about 200,000 characters at a province's
#: five rows each, most of output._BATCH, so the writer takes each text as it is
_PROJECTS_PER_TEXT = 128
#: rows project_json_lines keeps their texts up to their actual by their indicator's identity for, before it
#: looks whether a quarter of them were met again (else it stops)
_LEAD_TRIAL = 2048


def _lead_trial(seen: int, missed: int) -> tuple[bool, bool]:
    """(whether the trial goes on, whether to keep what is kept per Indicator) after `seen` rows of which `missed`
    met no kept one: the trial runs for _LEAD_TRIAL rows; then under a quarter met again turns keeping off."""
    if seen < _LEAD_TRIAL:
        return True, True
    return False, missed * 4 <= seen * 3


_DECODE = bytes.decode  # UTF-8
_QUOTED_SIZE = 65536
_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "完成情况", "须说明", "偏差原因")


def summary(sheet: ScoreSheet, lowest: int = 5) -> dict[str, Any]:
    """Count by grade (every grade of the rule set, zeros included), mean total, the lowest projects."""
    scored = [p for p in sheet.projects if p.complete and p.total is not None]
    by_grade = {g.name: 0 for g in sheet.rules.grades}
    for project in scored:
        by_grade[project.grade] += 1
    mean = sum(map(_TOTAL, scored), Decimal(0)) / len(scored) if scored else None
    return {
        "projects": len(sheet.projects),
        "by_grade": by_grade,
        "mean": exact_text(mean),
        "lowest": [{"project_code": p.table.project_code, "project_name": p.table.project_name,
                    "total": exact_text(p.total), "grade": p.grade} for p in lowest_projects(scored, lowest)],
    }


def lowest_projects(scored: list[ProjectScore], count: int) -> list[ProjectScore]:
    """heapq.nsmallest(count, scored, key=(total, project code)), with the `count`-th lowest total found first
    over the totals alone (in C) and the key then made only for the projects at or below it (a province's
    sheet has hundreds of thousands; tests/test_scoring_lean.py holds the two equal, ties included)."""
    if len(scored) > count > 0:
        cut = heapq.nsmallest(count, map(_TOTAL, scored))[-1]
        scored = [p for p in scored if p.total <= cut]
    return heapq.nsmallest(count, scored, key=lambda p: (p.total, p.table.project_code))


_TOTAL = operator.attrgetter("total")


def render(sheet: ScoreSheet, fmt: str = "table", width: int | None = None, summary_only: bool = False) -> str:
    """The sheet for a terminal (`table`, fitted to `width` columns if given) or a report (`markdown`),
    rounded for display; `summary_only` leaves out the per-project tables."""
    return "".join(render_chunks(sheet, fmt, width, summary_only))


def render_chunks(sheet: ScoreSheet, fmt: str = "table", width: int | None = None,
                  summary_only: bool = False) -> Iterator[str]:
    """`render`'s text in pieces, a block of projects at a time (written as they come: a province's table is
    never held whole).

    Each project's rows are built once, with the display width of each cell: a row's levels and last four
    cells (which depend on six values that repeat across a province: 一级指标, 二级指标, weight, score,
    status, flags) and its target carry their texts and widths from the caches they are kept in, actuals'
    widths are kept by text, a block's names are measured together (plain_widths), and each column's widest
    cell is kept as the rows come; a block's 预算执行率, scores and totals are rounded together (_displays).
    The unfitted table is then written line by line from them (render.terminal's lean layout: a row's levels
    and its last four cells padded once per frame, the latter also right-trimmed for a line with no reason,
    the 预算执行率 and 总分 lines begun from the frame's own text up to their first value); a project with
    a cell that layout does not take as it is goes through `table`."""
    from ..render.terminal import (GAPPED, REFUSED, markdown_cell, padded_run, plain_frame, plain_width,
                                   plain_widths, table)

    rules = sheet.rules
    md = fmt == "markdown"
    lean = fmt == "table" and not width
    places, rounding = rules.display_places, rules.display_rounding
    heading = "## " if fmt == "markdown" else ""
    yield f"{heading}评分规则：{rules.title}（{rules.name} {rules.version}）\n"
    shown: dict[Decimal | None, str] = {None: ""}  # weights and scores repeat across a province's rows

    def rounded(value: Decimal | None) -> str:
        text = shown.get(value)
        if text is None:
            text = shown[value] = display(value, places, rounding)
        return text

    def cells_of(key: tuple, keep: bool = True) -> tuple:
        """一级指标, 二级指标, 分值, 得分, 完成情况 and 须说明 of a row, their widths, and their text padded per frame
        (filled by `padded`): few distinct ones in a province. A row whose last four are empty is refused (the
        width REFUSED): its line's trim would reach back into the cells before them."""
        level1, level2, weight, score, status, flags = key
        texts = (level1 or "", level2 or "", rounded(weight), rounded(score), STATUS_LABELS[status],
                 "；".join(FLAG_LABELS[f] for f in flags))
        widths = (*map(measure, texts[:5]), measure(texts[5]) if any(texts[2:]) else REFUSED)
        cells = (*texts, *widths, {})
        if (keep and len(rows_of) < _QUOTED_SIZE and (level1 is None or type(level1) is str)
                and (level2 is None or type(level2) is str)):
            rows_of[key] = cells  # only texts are kept: 1 and True would be the same key
        return cells

    def target_of(row: IndicatorScore, key: tuple, keep: bool = True) -> tuple[str, int]:
        """年度指标值 of a row and its width, kept per operator, the identity of the target's number and unit
        (alive while the sheet is: a reader gives one object for each distinct 指标 text) and its text."""
        text = target_text(row)
        pair = (text, measure(text))
        if keep and len(targets) < _QUOTED_SIZE and (key[3] is None or type(key[3]) is str):
            targets[key] = pair  # only texts are kept: 1 and True would be the same key
        return pair

    def padded(cells: tuple, frame: int, columns: list[int]) -> tuple[str, str, str]:
        """A row's levels and its last four cells (cells_of's) padded to `columns` (the frame's), and the
        last four right-trimmed with the line break (the line's end when there is no reason): kept per frame."""
        tail = padded_run(cells[2:6], cells[8:12], columns[5:9])
        runs = (padded_run(cells[:2], cells[6:8], columns[:2]), tail, tail.rstrip() + "\n")
        if len(cells[12]) < 64:
            cells[12][frame] = runs
        return runs

    def shape_of(widest: tuple[int, ...]) -> tuple | None:
        """The frame of a project whose widest cells are `widest` (plain_frame's columns and header lines; None
        when it gives none) and what it gives every project laid out in it: the widths the lines read, the
        keys of the runs padded per frame (`padded`), the 预算执行率 line up to its rate, the gap after its
        score, and the 总分 line up to its total (their empty cells are known spaces). Kept by `widest`:
        a province's projects come in a few thousand shapes."""
        frame = plain_frame(_HEADERS, [widest])
        if frame is None:
            return None
        columns, top = frame
        W0, W1, W2, W3, W4, W5, W6, W7, W8, _ = columns
        g = GAPPED
        shape = (columns, top, W2, W3, W4, W5, W6, ((((W0 << 8 | W1) << 8 | W5) << 8 | W6) << 8 | W7) << 8 | W8,
                 f"{execution_label}{g[W0 - execution_width]}{g[W1]}{g[W2]}{g[W3]}", g[W7],
                 f"{total_label}{g[W0 - total_width]}{g[W1]}{g[W2]}{g[W3]}{g[W4]}{points}{g[W5 - points_width]}")
        if len(shapes) < _QUOTED_SIZE:
            shapes[widest] = shape
        return shape

    measure = plain_width
    points = display(rules.total_points, places, rounding)
    points_width = measure(points)
    rows_of: dict[tuple, tuple] = {}  # (一级指标, 二级指标, weight, score, status, flags) -> cells_of's
    targets: dict[tuple, tuple[str, int]] = {}
    banded: dict[tuple, str] = {}  # (band, share) -> the text of an actual given as a band with no text
    shapes: dict[tuple[int, ...], tuple] = {}  # a project's widest cells -> shape_of's
    execution_label, total_label = "预算执行率", "总分"
    execution_width, total_width = measure(execution_label), measure(total_label)
    flag_label = "执行率偏低，须说明原因"
    flag_width = measure(flag_label)
    incomplete = "（不完整）"
    incomplete_width = measure(incomplete)
    grades: dict[str, int] = {}
    done_widths: dict[str, int] = {}
    # a row's target text and width, and its name's width, kept by the identity of its Indicator too (as
    # project_json_lines keeps its lead): a province's repeated rows share one; kept only while they are met
    # again (a trial of _LEAD_TRIAL rows; the block's names are measured together when they are not)
    aims: dict[int, tuple[tuple[str, int], int]] | None = {}
    trial, seen, missed = True, 0, 0
    projects = () if summary_only else sheet.projects
    for begin in range(0, len(projects), _BLOCK):
        # a block of projects at a time: their 预算执行率, scores and totals rounded in C loops, their text joined
        block = projects[begin:begin + _BLOCK]
        executions = list(map(_EXECUTION, block))
        if all(executions):
            rates = _displays(list(map(operator.mul, map(_RATE, executions), repeat(100))), places, rounding)
            scores = _displays(list(map(_SCORE, executions)), places, rounding)
        else:
            rates = [None if e is None else display(e.rate * 100, places, rounding) for e in executions]
            scores = [None if e is None else display(e.score, places, rounding) for e in executions]
        totals = _displays(list(map(_TOTAL, block)), places, rounding)  # "" for None (display's)
        # names rarely repeat (each row may name its own indicator): the block's measured together, in C
        # (each row takes its name and width from these as it comes: zip takes a project's rows first, so it
        # stops at its last row without taking the next project's name)
        if aims is None:
            names = list(map(_NAME, chain.from_iterable(map(_INDICATORS, block))))
            names_left, name_widths_left = iter(names), iter(plain_widths(names))
        else:  # rows that share indicators: each name's width kept with its target (`aims`), measured when first met
            names_left, name_widths_left = map(_NAME, chain.from_iterable(map(_INDICATORS, block))), repeat(None)
        out: list[str] = []  # the block's text, in pieces (joined once: a row's line is not joined on its own)
        for project, execution, rate, score, total in zip(block, executions, rates, scores, totals):
            rows: list = []  # per row: its cells_of, name, its width, target (and width), actual, its width, reason
            w0 = w1 = w2 = w3 = w4 = w5 = w6 = w7 = w8 = w9 = 0
            for row, name, name_width in zip(project.indicators, names_left, name_widths_left):
                indicator, actual = row.indicator, row.actual
                # names rarely repeat in a province (each row may name its own indicator): the row is built
                # around them, and only its levels, its target text and its last four cells are looked up
                values = (indicator.level1, indicator.level2, row.weight, row.score, row.status, row.flags)
                kept = aims.get(id(indicator)) if aims is not None else None
                if kept is not None:  # (its name's width is kept with it: names are not measured by the block)
                    aim, name_width = kept
                else:
                    key = (indicator.operator._value_, id(indicator.value), id(indicator.unit), indicator.text_value)
                    try:
                        aim = targets.get(key) or target_of(row, key)
                    except TypeError:  # a value that does not hash (from a reader we do not know): worked out, not kept
                        aim = target_of(row, key, False)
                    if aims is not None:
                        name_width = measure(name)
                        missed += 1
                        if len(aims) < _QUOTED_SIZE:
                            aims[id(indicator)] = (aim, name_width)
                try:
                    cells = rows_of.get(values) or cells_of(values)
                except TypeError:  # a value that does not hash (from a reader we do not know): worked out, not kept
                    cells = cells_of(values, False)
                if actual is None:
                    done = reason = ""
                else:
                    done = actual.text  # what actual_text gives whenever the actual has a text
                    if not done:
                        band, share = actual.band, actual.share
                        if (band is not None and not actual.not_applicable
                                and (share is None or type(share) is Decimal)):
                            # a band with no text (达成（85%）): its text is its band's and share's, kept by
                            # them (as project_json_lines keeps it: a province's 定性 rows give a few)
                            case = (band._value_, share)
                            done = banded.get(case)
                            if done is None:
                                done = actual_text(row)
                                if len(banded) < _QUOTED_SIZE:
                                    banded[case] = done
                        else:
                            done = actual_text(row)
                    reason = actual.reason
                # a province's actual values repeat (a reader keeps one object per value): their texts' widths kept
                done_width = done_widths.get(done) if type(done) is str else measure(done)
                if done_width is None:
                    done_width = measure(done)
                    if len(done_widths) < _QUOTED_SIZE:
                        done_widths[done] = done_width
                rows.append((cells, name, name_width, aim, done, done_width, reason))
                # the project's widest cell in each column, kept as the rows come (no tuple of widths per row)
                if cells[6] > w0:
                    w0 = cells[6]
                if cells[7] > w1:
                    w1 = cells[7]
                if name_width > w2:
                    w2 = name_width
                if aim[1] > w3:
                    w3 = aim[1]
                if done_width > w4:
                    w4 = done_width
                if cells[8] > w5:
                    w5 = cells[8]
                if cells[9] > w6:
                    w6 = cells[9]
                if cells[10] > w7:
                    w7 = cells[10]
                if cells[11] > w8:
                    w8 = cells[11]
                if reason != "":
                    reason_width = measure(reason)
                    if reason_width > w9:
                        w9 = reason_width
            if execution is not None:  # display's texts are ASCII digits, sign and point: their length is their width
                rate += "%"
                weight = rounded(execution.weight)
                flag = flag_label if execution.flag else ""
                if execution_width > w0:
                    w0 = execution_width
                if len(rate) > w4:
                    w4 = len(rate)
                if len(weight) > w5:
                    w5 = len(weight)
                if len(score) > w6:
                    w6 = len(score)
                if flag and flag_width > w8:
                    w8 = flag_width
            total = total or incomplete  # totals rarely repeat: not looked up (a 50-digit hash)
            grade = project.grade or ""
            grade_width = grades.get(grade)
            if grade_width is None:
                grade_width = grades[grade] = measure(grade)
            total_cell_width = incomplete_width if project.total is None else len(total)
            if total_width > w0:
                w0 = total_width
            if points_width > w5:
                w5 = points_width
            if total_cell_width > w6:
                w6 = total_cell_width
            if grade_width > w7:
                w7 = grade_width
            widest = (w0, w1, w2, w3, w4, w5, w6, w7, w8, w9)
            shape = shapes.get(widest) or (shape_of(widest) if lean else None)
            if shape is not None:
                columns, top, W2, W3, W4, W5, W6, frame, execution_head, gap7, total_head = shape
                g = GAPPED
                pieces = out.extend  # the title and header lines, each row's, 预算执行率 and 总分, in pieces
                target = project.table  # (shapes are made for the table alone: no heading, no markdown)
                out.append(f"\n{target.label} {target.project_code}-{target.project_name}\n{top}\n")
                # each line ends in its reason, or without one in its last four cells right-trimmed (kept so)
                for cells, name, name_width, aim, done, done_width, reason in rows:
                    runs = cells[12].get(frame) or padded(cells, frame, columns)
                    if reason:
                        pieces((runs[0], name, g[W2 - name_width], aim[0], g[W3 - aim[1]], done, g[W4 - done_width],
                                runs[1], reason, "\n"))
                    else:  # (its last four cells right-trimmed, with the line break)
                        pieces((runs[0], name, g[W2 - name_width], aim[0], g[W3 - aim[1]], done, g[W4 - done_width],
                                runs[2]))
                if execution is not None:
                    pieces((f"{execution_head}{rate}{g[W4 - len(rate)]}{weight}{g[W5 - len(weight)]}"
                            f"{score}{g[W6 - len(score)]}{gap7}{flag}".rstrip(), "\n"))
                pieces((f"{total_head}{total}{g[W6 - total_cell_width]}{grade}".rstrip(), "\n"))
            else:
                cells = [(*row_cells[:2], name, aim[0], done, *row_cells[2:6], reason)
                         for row_cells, name, name_width, aim, done, done_width, reason in rows]
                if execution is not None:
                    cells.append((execution_label, "", "", "", rate, weight, score, "", flag, ""))
                cells.append((total_label, "", "", "", "", points, total, grade, "", ""))
                target = project.table
                title = f"{target.label} {target.project_code}-{target.project_name}"
                out.append(f"\n{heading}{markdown_cell(title) if md else title}\n"
                           f"{table(cells, _HEADERS, fmt, width)}\n")
        yield "".join(out)  # the block's text, each line ending in a line break
        if trial and aims is not None:
            seen += sum(map(len, map(_INDICATORS, block)))
            trial, keep = _lead_trial(seen, missed)
            if not keep:
                aims = None
    info = summary(sheet)
    out = [""]
    out.append(f"{heading}汇总")
    mean = display(Decimal(info["mean"]), places, rounding) if info["mean"] is not None else "—"
    grades = "，".join(f"{name} {count} 个" for name, count in info["by_grade"].items())
    out.append(f"项目 {info['projects']} 个；{grades}；平均分 {mean}")
    if info["lowest"]:
        lowest = "；".join(f"{p['project_code']}-{p['project_name']} {display(Decimal(p['total']), places, rounding)}（{p['grade']}）"
                          for p in info["lowest"])
        out.append(f"得分最低：{lowest}")
    yield "\n".join(out) + "\n"


_BLOCK = 256  # projects rendered together (render_chunks)
_EXECUTION, _RATE, _SCORE, _INDICATORS = (operator.attrgetter(n) for n in ("execution", "rate", "score", "indicators"))
_NAME = operator.attrgetter("indicator.name")
_AMOUNTS = tuple(operator.attrgetter(n) for n in ("budget", "adjusted_budget", "spent", "rate"))


def _displays(values: list, places: int, rounding: str) -> list[str]:
    """[display(v, places, rounding) for v in values], plain Decimals rounded in C loops with display's own steps
    (quantize to the places, then str); any other value, or a text display would write otherwise (NaN, an
    exponent), by display itself. tests/test_render_lean.py holds the two equal."""
    if {*map(type, values)} <= _DECIMAL:
        try:
            texts = list(map(str, map(Decimal.quantize, values, repeat(Decimal(1).scaleb(-places)),
                                      repeat(_ROUNDINGS[rounding]))))
        except InvalidOperation:
            pass
        else:
            joined = "".join(texts)
            if "E" not in joined and "N" not in joined and "I" not in joined:  # NaN, Infinity, an exponent
                return texts
    return [display(value, places, rounding) for value in values]


_DECIMAL = {Decimal}
