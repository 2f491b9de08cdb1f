"""Findings for people: grouped by table, most severe first, ending with counts by severity.

The same grouping serves the terminal table and the Markdown report; the JSON
form lives in perfeval.findings because other tools read it.
"""

from __future__ import annotations

import operator
from typing import Iterable

from ..findings import Finding, Severity, summarize

_DOCUMENT = "（全文）"


def group_by_table(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """(table label, its findings) with the groups holding the most severe findings first.

    Within a group: most severe first, then by line and code (a stable order: as reported on ties);
    the groups by their most severe finding, then file and first line (in order of first finding on ties)."""
    groups: dict[tuple[str, str], list] = {}
    rank = _RANK_OF_VALUE
    for index, finding in enumerate(findings):
        location = finding.location
        # each finding's sort key built once, its index last (unique: the sort below is the stable one)
        entry = (-rank[finding.severity._value_], location.line or 0, finding.code, index, finding)
        key = (location.file, finding.table or _DOCUMENT)
        group = groups.get(key)
        if group is None:
            groups[key] = [entry]
        else:
            group.append(entry)
    ordered = []
    for (file, label), entries in groups.items():
        if len(entries) > 1:
            entries.sort()  # never reaches the finding: the indices differ
            first_line = min([entry[1] for entry in entries])
        else:
            first_line = entries[0][1]
        ordered.append(((entries[0][0], file, first_line), label, [entry[4] for entry in entries]))
    ordered.sort(key=_FIRST)
    return [(label, items) for _, label, items in ordered]


_RANK_OF_VALUE = {severity.value: severity.rank for severity in Severity}  # keyed by str: an enum hashes in Python
_FIRST = operator.itemgetter(0)


def rule_title(code: str) -> str:
    """The Chinese title of a finding's rule (validate's or audit's, from the one catalogue), or ""."""
    from ..checks.catalogue import title_of

    return title_of(code)


def summary_line(findings: list[Finding], files: int) -> str:
    counts = summarize(findings, files)
    return (f"共 {len(findings)} 条：错误 {counts['error']} 条，警告 {counts['warning']} 条，"
            f"提示 {counts['info']} 条（{files} 个文件）")


def _rows(items: list[Finding]) -> list[tuple[str, str, str, str]]:
    return [(f.severity.label, code_with_title(f.code), _where(f), f.message) for f in items]


def code_with_title(code: str) -> str:
    """The code with its rule's Chinese title beside it: `weights.sum（权重合计）` (once per code: a table row each)."""
    shown = _TITLED.get(code)
    if shown is None:
        title = rule_title(code)
        if not title:
            return code
        shown = _TITLED[code] = f"{code}（{title}）"  # a declared rule's title never changes
    return shown


_TITLED: dict[str, str] = {}


def _where(finding: Finding) -> str:
    location = finding.location
    if location.cell:
        return location.cell
    return f"第 {location.line} 行" if location.line else ""


HEADERS = ("级别", "代码（规则）", "位置", "说明")


def render_table(findings: list[Finding], files: int, width: int | None = None) -> str:
    """The terminal report: one block per table, then the summary line; fitted to `width` columns if given."""
    from .terminal import table

    lean = None if width else _lean_layout()
    lines = []  # each block's heading and table, then a blank line; joined once
    for label, items in group_by_table(findings):
        lines.append(_heading(label, items))
        if lean is None or not _lean_table(items, lines, *lean):
            # fitted to a width, or a cell the lean layout refuses: the general layout
            lines.append(table(_rows(items), HEADERS, "table", width))
        lines.append("")
    lines.append(summary_line(findings, files))
    lines.append("")
    return "\n".join(lines)


def _lean_layout() -> tuple | None:
    """What `_lean_table` lays out with: render.terminal's lean layout (plain_frame for the columns the
    headers take and each frame's header lines, GAPPED for the pads, plain_width), or None (a header it
    refuses)."""
    from .terminal import GAPPED, REFUSED, plain_frame, plain_width

    frame = plain_frame(HEADERS, [])
    if frame is None:
        return None
    return tuple(frame[0]), plain_frame, plain_width, GAPPED, REFUSED


def _lean_table(items: list[Finding], out: list[str], columns: tuple[int, int, int, int], plain_frame,
                plain_width, gapped, refused: int) -> bool:
    """`table(_rows(items), HEADERS)` through render.terminal's lean layout, its lines appended to `out`: each
    row's four texts built with their display widths (a severity's label and a rule's code with its title
    measured once), the columns taken as they come and each line written as one f-string; False (`out` as
    it was) when the lean layout refuses a cell."""
    c0, c1, c2, c3 = columns
    rows = []
    labels, titled = _LABELS, _TITLED_WIDTHS
    for finding in items:
        label = labels.get(finding.severity._value_)
        if label is None:
            text = finding.severity.label
            label = labels[finding.severity._value_] = (text, plain_width(text))
        code = titled.get(finding.code)
        if code is None:
            text = code_with_title(finding.code)
            code = titled[finding.code] = (text, plain_width(text))
        where = _where(finding)
        where_width = plain_width(where)
        message = finding.message
        message_width = plain_width(message)
        rows.append((*label, *code, where, where_width, message, message_width))
        if label[1] > c0:
            c0 = label[1]
        if code[1] > c1:
            c1 = code[1]
        if where_width > c2:
            c2 = where_width
        if message_width > c3:
            c3 = message_width
    key = (c0, c1, c2, c3)
    top = _TOPS.get(key)
    if top is None:
        if max(key) >= refused:
            return False
        frame = plain_frame(HEADERS, [key])
        if frame is None:
            return False
        if len(_TOPS) >= 4096:
            _TOPS.clear()
        top = _TOPS[key] = frame[1]
    out.append(top)
    # each cell followed by the spaces that pad it to its column and the gap; the last cell's padding is
    # trimmed with the line's, so it is left out
    out += [f"{l}{gapped[c0 - lw]}{c}{gapped[c1 - cw]}{w}{gapped[c2 - ww]}{m}".rstrip()
            for l, lw, c, cw, w, ww, m, _ in rows]
    return True


_LABELS: dict[str, tuple[str, int]] = {}  # a severity's value -> its label and width
_TITLED_WIDTHS: dict[str, tuple[str, int]] = {}  # a rule's code -> the code with its title, and its width
_TOPS: dict[tuple[int, ...], str] = {}  # the columns' widths -> the header and rule lines


def render_markdown(findings: list[Finding], files: int) -> str:
    """A Markdown report: a heading and a table per document table, then the summary."""
    from .terminal import markdown_cell, table

    parts = ["# 绩效目标校验结果", ""]
    for label, items in group_by_table(findings):
        parts += [f"## {markdown_cell(_heading(label, items))}", "", table(_rows(items), HEADERS, "markdown"), ""]
    parts.append(summary_line(findings, files))
    return "\n".join(parts) + "\n"


def _heading(label: str, items: list[Finding]) -> str:
    if len(items) == 1:  # most tables: one finding
        project = items[0].project
    else:
        projects = {f.project for f in items}
        project = next(iter(projects)) if len(projects) == 1 else None
    heading = f"{label}（项目 {project}）" if project else label
    return f"{heading} · {items[0].location.file}"
