"""The audit report for people: a terminal table or markdown, from the audit's JSON dict.

Numbers are rounded for display only (two places); the JSON keeps them exact.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from ..findings import Severity
from ..fmt import EXACT_PLACES, evidence
from ..vocab import SEVERITY_LABELS as _SEVERITY

if TYPE_CHECKING:
    from .summary import FindingCounts


@lru_cache(maxsize=1 << 14)
def _num(value: Any) -> str:
    return "—" if value is None else evidence(Decimal(str(value)), 2)


def _where(location: dict) -> str:
    """Within a sheet's block (whose heading names the file): the cell, or the line."""
    if location.get("cell"):
        return location["cell"]
    return f"第 {location['line']} 行" if location.get("line") is not None else ""


def render(report: dict[str, Any], fmt: str = "table", per_sheet: bool = True, width: int | None = None) -> str:
    """The report as text; `markdown` gives GitHub tables under headings; `width` fits terminal tables."""
    from ..render.findings import code_with_title as _code
    from ..render.terminal import markdown_cell, table

    md = fmt == "markdown"
    h2, h3 = ("## ", "### ") if md else ("", "")
    out: list[str] = []
    rules = report["rule_set"]
    out.append(f"{h2}自评表复核（规则集：{rules['title']}，{rules['name']} {rules['version']}）")
    codes: dict[str, str] = {}  # code -> `code（title）`, looked up once per code
    by_sheet: dict[tuple, list[dict]] = {}
    for finding in report["findings"]:
        by_sheet.setdefault((finding["location"]["file"], finding["table"]), []).append(finding)
    if per_sheet:
        for sheet in report["sheets"]:
            findings = by_sheet.get((sheet["file"], sheet["table"]), [])
            name = "-".join(p for p in (sheet["project_code"], sheet["project_name"]) if p)
            out.append("")
            title = f"{sheet['table']}　{name} · {sheet['file']}"
            out.append(f"{h3}{markdown_cell(title) if md else title}")
            out.append(f"自评总分 {_num(sheet['claimed_total'])}（{sheet['claimed_grade'] or '—'}），"
                       f"复核总分 {_num(sheet['rescored_total'])}（{sheet['rescored_grade'] or '—'}）"
                       + (f"；未能复核的行：{'、'.join(sheet['unscored'])}，故不给复核总分" if sheet.get("unscored") else ""))
            if not findings:
                out.append("未发现问题。")
                continue
            if md:
                out.append("")
            rows = [[_SEVERITY[f["severity"]], codes.get(f["code"]) or codes.setdefault(f["code"], _code(f["code"])),
                     _where(f["location"]), f["message"]] for f in findings]
            out.append(table(rows, ["级别", "代码（规则）", "位置", "说明"], fmt, width))
    out.extend(["", *overview(report, md, width)])
    return "\n".join(out) + "\n"


def render_audits(result, fmt: str = "table", per_sheet: bool = True, width: int | None = None) -> str:
    """`render(result.report(), ...)`, the same text, written from the audits themselves: no JSON form of
    each finding and sheet is built only to be read back (an audit result: `audits`, `files`, `rules`)."""
    return "".join(render_audit_chunks(result, fmt, per_sheet, width))


def render_audit_chunks(result, fmt: str = "table", per_sheet: bool = True, width: int | None = None) -> Iterator[str]:
    """`render_audits`' text in pieces, in order (a sheet's block at a time where the lean layout takes the batch),
    for emit to write as they come: the report is never held as one text."""
    from ..render.findings import code_with_title as _code
    from ..render.terminal import GAPPED, markdown_cell, plain_frame, plain_width, table
    from ..scoring.sheet import exact_text
    from .summary import summary_and_overview

    md = fmt == "markdown"
    # (a fitted table wraps its cells: `table` lays it out; markdown is never fitted)
    lean = _LEAN and (md or (fmt == "table" and not width))
    labels = _Labels(_code, plain_width)
    h2, h3 = ("## ", "### ") if md else ("", "")
    rules = result.rules
    audits = result.audits
    out = [f"{h2}自评表复核（规则集：{rules.title}，{rules.name} {rules.version}）"]
    lean_blocks = _lean_blocks(audits, labels, md) if per_sheet and lean else None
    blocks, counted = lean_blocks or (None, None)
    if blocks is not None:  # (each block ends its last line)
        yield out[0] + "\n"
        yield from blocks
        out = []
    elif per_sheet:
        codes: dict[str, str] = {}  # code -> `code（title）`, looked up once per code
        by_sheet = _by_sheet(audits)  # None: each sheet's findings are its own audit's (`_own_findings`)
        for audit in audits:
            sheet = audit.sheet
            file, label, code, project = sheet.location.file, sheet.label, sheet.project_code, sheet.project_name
            found = audit.findings if by_sheet is None else by_sheet.get((file, label), ())
            name = f"{code}-{project}" if code and project else code or project or ""  # (the parts given, joined by -)
            out.append("")
            title = f"{label}　{name} · {file}"
            claimed, unscored = audit.claimed_total, audit.unscored
            out.append(f"{h3}{markdown_cell(title) if md else title}")
            out.append(f"自评总分 {_num(None if claimed is None else format(claimed, 'f'))}（{audit.claimed_grade or '—'}），"
                       f"复核总分 {_num(exact_text(audit.rescored_total))}（{audit.rescored_grade or '—'}）"
                       + (f"；未能复核的行：{'、'.join(unscored)}，故不给复核总分" if unscored else ""))
            if not found:
                out.append("未发现问题。")
                continue
            if md:
                out.append("")
            if lean and not md:  # each row's cells measured as written (a severity's and a code's once), laid out in its frame
                text = _lean_table(found, labels, plain_width, plain_frame, GAPPED)
                if text is not None:
                    out.append(text)
                    continue
            rows = [[_SEVERITY[f.severity.value], codes.get(f.code) or codes.setdefault(f.code, _code(f.code)),
                     _place(f.location), f.message] for f in found]
            out.append(table(rows, list(_HEADERS), fmt, width))
    summary, view = summary_and_overview(audits, [g.name for g in rules.grades], len(result.files), counted=counted)
    report = {"summary": summary, "overview": view}
    if out:
        yield "\n".join(out) + "\n"
    yield "\n" + "\n".join(overview(report, md, width)) + "\n"


def _lean_blocks(audits, labels: _Labels, md: bool = False) -> tuple[Iterator[str], FindingCounts] | None:
    """The sheets' blocks of `render_audits`' table (an empty line, the title, the totals, then the findings' table or
    未发现问题。, each line ended), in order, as texts of some 200,000 characters joined as they are written
    (`_joined`), for a batch whose findings are each its own sheet's (`_own_findings`) and whose messages and places
    `plain_width` takes as they are (messages not empty): one loop over the batch, each finding's cells measured as it
    comes (a severity's and a code's kept), each sheet's lines laid out in its `plain_frame` (`_lean_table`'s layout).
    A sheet with a column too wide for `plain_frame` is laid out by `table`. None for any other batch (then
    `render_audits` takes each sheet). With the pieces, the findings counted for the summary as they come
    (`summary.FindingCounts`). `md`: the markdown report, each cell taken as `markdown_cell` writes it and laid out in
    render.terminal's `github_lines` (tabulate's github table)."""
    from ..render.terminal import GAPPED, github_lines, markdown_cell, plain_frame, table
    from ..render.terminal import plain_width
    from ..render.width import wcswidth
    from ..scoring.sheet import exact_text
    from .summary import FindingCounts

    base = plain_frame(_HEADERS, [])
    if base is None:
        return None
    (h0, h1, h2, h3), _ = base
    # (severity, code) -> 级别 padded to its column and 代码（规则）, its width, its place in `tallies`, its code's in
    # `codes`, whether it is an error, and the severity; and code -> that of the code's first severity (one lookup
    # by the code where the finding's severity is that one)
    heads: dict[tuple | str, tuple[str, int, int, int, bool, Severity]] = {}
    tallies: list[int] = []  # findings per (severity, code)
    codes: dict[str, int] = {}  # code -> its place in `sheets` and `last`
    sheets: list[int] = []  # sheets per code, counted where a sheet first names it (`last`: the sheet's number)
    last: list[int] = []
    with_errors = last_error = 0
    tops: dict[tuple, str | None] = {}  # a sheet's columns -> plain_frame's header and rule lines
    # a claimed total's shown text and whether a re-scored total equal to it shows the same (`_shown_total`), by value
    claimed_shown, rescored_shown = {None: ("—", False)}, {None: "—"}
    labels_of: dict[str, set] = {}  # file -> its sheets' labels
    named, last_file = None, None
    out: list[str] = []
    add, extend = out.append, out.extend
    gap, bools = GAPPED, _BOOLS
    spaces = [" " * n for n in range(len(gap))]  # (markdown: the padding without the gap)
    for number, audit in enumerate(audits, 1):
        sheet = audit.sheet
        file, label = sheet.location.file, sheet.label
        if file is not last_file:
            named = labels_of.get(file)
            if named is None:
                named = labels_of[file] = set()
            last_file = file
        if label in named:
            return None  # (two sheets of one file and label: `render_audits` groups their findings)
        named.add(label)
        code, project = sheet.project_code, sheet.project_name
        claimed, rescored, unscored = audit.claimed_total, audit.rescored_total, audit.unscored
        known = claimed_shown.get(claimed)
        if known is None:
            known = claimed_shown[claimed] = _shown_total(claimed)
        shown, short = known
        if short and rescored == claimed and rescored.__class__ is _DECIMAL:  # (no hash of a fresh total)
            again = shown
        else:
            again = rescored_shown.get(rescored)
            if again is None:
                again = rescored_shown[rescored] = _num(exact_text(rescored))
        # (the parts of the project given, joined by -: no text of them made first)
        title = (f"{label}　{code}-{project} · {file}" if code and project
                 else f"{label}　{code or project or ''} · {file}")
        head = (f"\n{f'### {markdown_cell(title)}' if md else title}\n自评总分 {shown}（{audit.claimed_grade or '—'}），"
                f"复核总分 {again}（{audit.rescored_grade or '—'}）"
                + (f"；未能复核的行：{'、'.join(unscored)}，故不给复核总分" if unscored else ""))
        found = audit.findings
        if not found:
            extend((head, "\n未发现问题。\n"))
            continue
        rows = []
        c1, c2, c3 = h1, h2, h3
        for f in found:
            location, message = f.location, f.message
            if f.table != label or location.file != file:
                return None  # (a finding naming another sheet: `render_audits` groups them)
            place = location.cell or (f"第 {location.line} 行" if location.line is not None else "")  # (`_place`)
            if md:
                place, message = markdown_cell(place), markdown_cell(message)
            known = heads.get(f.code)  # (a code's first severity; a code met at another one keyed with it)
            if known is None or known[5] is not f.severity:
                key = (f.severity._value_, f.code)
                known = heads.get(key)
            if known is None:
                word, titled, word_width, titled_width = labels[key]
                if md:
                    word, titled = markdown_cell(word), markdown_cell(titled)
                    word_width, titled_width = plain_width(word), plain_width(titled)
                if word_width > h0:  # (a severity's column as wide as its header in every sheet)
                    return None
                at = codes.get(key[1])
                if at is None:
                    at = codes[key[1]] = len(sheets)
                    sheets.append(0)
                    last.append(0)
                head_cells = (f"| {word}{spaces[h0 - word_width]} | {titled}" if md
                              else word + gap[h0 - word_width] + titled)
                known = heads[key] = (head_cells, titled_width, len(tallies), at, f.severity is _ERROR, f.severity)
                heads.setdefault(key[1], known)
                tallies.append(0)
            tallies[known[2]] += 1  # (the summary's counts: the batch's findings are each its own sheet's)
            at = known[3]
            if last[at] != number:
                last[at] = number
                sheets[at] += 1
            if known[4] and last_error != number:
                last_error = number
                with_errors += 1
            # (`plain_width` of each: printable, no space at either end, not True or False; messages not empty. A str
            # with no space to strip is its own strip: one call, where taking its first and last characters made two
            # texts of them)
            if not (message and message.isprintable() and message.strip(" ") is message
                    and place.isprintable() and place.strip(" ") is place):
                return None
            w3, w2 = wcswidth(message), wcswidth(place)
            if w3 < 0 or w2 < 0 or (w3 < 6 and message in bools) or (w2 < 6 and place in bools):
                return None
            if known[1] > c1:
                c1 = known[1]
            if w2 > c2:
                c2 = w2
            if w3 > c3:
                c3 = w3
            rows.append((known, place, w2, message, w3))
        columns = (c1, c2, c3)
        top = tops.get(columns, 0)
        if top == 0:
            frame = plain_frame(_HEADERS, [(h0, c1, c2, c3)])
            top = tops[columns] = None if frame is None else (github_lines(_HEADERS, frame[0]) if md else frame[1])
        if top is None:  # a column too wide for the lean frame
            add(f"{head}\n{chr(10) if md else ''}" + table(
                [[_SEVERITY[f.severity.value], labels[f.severity._value_, f.code][1], _place(f.location), f.message]
                 for f in found], list(_HEADERS), "markdown" if md else "table") + "\n")
            continue
        if md:  # (each cell padded to its column, the last one too, between bars)
            extend((head, "\n\n", top, "\n"))
            for known, place, w2, message, w3 in rows:
                extend((known[0], spaces[c1 - known[1]], " | ", place, spaces[c2 - w2], " | ", message,
                        spaces[c3 - w3], " |\n"))
            continue
        extend((head, "\n", top, "\n"))  # (parts of the report: no text made per sheet but its head)
        for known, place, w2, message, w3 in rows:
            extend((known[0], gap[c1 - known[1]], place, gap[c2 - w2], message, "\n"))
    by_severity = {"error": 0, "warning": 0, "info": 0}
    by_code = dict.fromkeys(codes, 0)
    for (severity, code), known in [item for item in heads.items() if type(item[0]) is tuple]:
        by_severity[severity if severity in by_severity else "info"] += tallies[known[2]]
        by_code[code] += tallies[known[2]]
    return _joined(out), FindingCounts(by_severity["error"], by_severity["warning"], by_severity["info"], with_errors,
                                       by_code, dict(zip(codes, sheets)))


def _shown_total(claimed: Decimal) -> tuple[str, bool]:
    """A claimed total as the sheet's head shows it, and whether a re-scored total equal to it (a Decimal) shows
    the same: where it is a finite Decimal of at most 20 places, which exact_text writes exactly (then both are the
    value rounded to two places, `_num`); a longer one is rounded to 20 places first, so a re-scored total takes
    its own way (`_num(exact_text(rescored))`)."""
    text = format(claimed, "f")
    point = text.find(".")
    short = (claimed.__class__ is _DECIMAL and claimed.is_finite()
             and (point < 0 or len(text) - point <= EXACT_PLACES + 1))
    return _num(text), short


_BOOLS = frozenset(("True", "False"))
_DECIMAL = Decimal
_ERROR = Severity.ERROR
_PARTS = 1 << 12  # pieces of the lean blocks joined into one text (some 200,000 characters)


def _joined(parts: list[str]) -> Iterator[str]:
    """The parts joined _PARTS at a time, one text after the other as they are written: the parts refer to texts
    that exist anyway (messages, places, padding) but for each sheet's head, where their joined texts held at once are
    the whole report (some 14 MB for 10,000 sheets: 3,000 fresh pages)."""
    for start in range(0, len(parts), _PARTS):
        yield "".join(parts[start:start + _PARTS])


def _by_sheet(audits) -> dict[tuple, list] | None:
    """The findings of each sheet's block by (file, table), as `render` groups the report's: None where that is
    each audit's own findings (`_own_findings`), else the findings grouped."""
    if _LEAN and _own_findings(audits):
        return None
    by_sheet: dict[tuple, list] = {}
    for audit in audits:
        for finding in audit.findings:
            by_sheet.setdefault((finding.location.file, finding.table), []).append(finding)
    return by_sheet


def _own_findings(audits) -> bool:
    """True when no two sheets share a file and label and every finding names its own sheet's file and label:
    then grouping the batch's findings by (file, table) gives each sheet its own audit's findings, in order."""
    seen = set()
    for number, audit in enumerate(audits, 1):
        sheet = audit.sheet
        file, label = sheet.location.file, sheet.label
        key = (file, label)
        if key in seen:
            return False
        seen.add(key)
        for finding in audit.findings:
            if finding.table != label or finding.location.file != file:
                return False
    return True


_HEADERS = ("级别", "代码（规则）", "位置", "说明")
#: a sheet's findings laid out by `_lean_table` where they can be, and a sheet's findings taken from its own audit
#: where they are its own (tests turn it off to compare with `table` and the grouping)
_LEAN = True


class _Labels(dict):
    """(severity, code) -> the row's first two cells, 级别 and `code（title）`, and their display widths."""

    def __init__(self, code_with_title, plain_width):
        super().__init__()
        self.code_with_title, self.plain_width = code_with_title, plain_width

    def __missing__(self, key: tuple) -> tuple[str, str, int, int]:
        severity, code = key
        label, titled = _SEVERITY[severity], self.code_with_title(code)
        known = self[key] = (label, titled, self.plain_width(label), self.plain_width(titled))
        return known


def _lean_table(found, labels: _Labels, plain_width, plain_frame, gap: list[str]) -> str | None:
    """`table(rows, _HEADERS)` of a sheet's findings through render.terminal's lean layout: each cell measured once
    by `plain_width` (a severity's and a code's kept), laid out in `plain_frame`'s columns with the
    padding `plain_table` gives (`padded_run`, four cells written out); None where it refuses a cell (then `table`
    lays them out)."""
    rows, widths = [], []
    for f in found:
        label, titled, label_width, titled_width = labels[f.severity._value_, f.code]
        location = f.location
        place = location.cell or (f"第 {location.line} 行" if location.line is not None else "")  # (`_place`)
        message = f.message
        rows.append((label, titled, place, message))
        widths.append((label_width, titled_width, plain_width(place), plain_width(message)))
    frame = plain_frame(_HEADERS, widths)
    if frame is None:
        return None
    (c0, c1, c2, c3), top = frame
    lines = [top]
    for (label, titled, place, message), (w0, w1, w2, w3) in zip(rows, widths):
        lines.append(f"{label}{gap[c0 - w0]}{titled}{gap[c1 - w1]}{place}{gap[c2 - w2]}{message}{gap[c3 - w3]}"
                     .rstrip())
    return "\n".join(lines)


def _place(location) -> str:
    """`_where` of a Location itself."""
    if location.cell:
        return location.cell
    return f"第 {location.line} 行" if location.line is not None else ""


def overview(report: dict[str, Any], md: bool = False, width: int | None = None) -> list[str]:
    """The batch summary: counts, grades claimed vs re-scored, largest differences, frequent codes."""
    from ..render.terminal import table

    fmt = "markdown" if md else "table"

    h3 = "### " if md else ""
    summary, view = report["summary"], report["overview"]
    out = [f"{h3}汇总",
           f"文件 {summary['files']} 个，自评表 {summary['sheets']} 张，其中有错误的 {summary['sheets_with_errors']} 张；"
           f"错误 {summary['error']} 条，警告 {summary['warning']} 条，提示 {summary['info']} 条。", ""]
    grades = view["grades"]
    names = list(grades)
    rows = [[claimed, *(grades[claimed][r] for r in names)] for claimed in names if any(grades[claimed].values())]
    out.append("自评等级（行）与复核等级（列）：")
    if md:
        out.append("")
    out.append(table(rows, ["自评＼复核", *names], fmt, width))
    if view["largest_differences"]:
        out.extend(["", "得分差异最大的指标（自评 − 复核）：", *([""] if md else [])])
        rows = [[d["table"], d["indicator"], _num(d["claimed"]), _num(d["rescored"]), _num(d["difference"])]
                for d in view["largest_differences"]]
        out.append(table(rows, ["自评表", "指标", "自评得分", "复核得分", "差"], fmt, width))
    if view["largest_total_differences"]:
        out.extend(["", "总分差异最大的自评表（自评 − 复核）：", *([""] if md else [])])
        rows = [[d["table"], f"{_num(d['claimed'])}（{d['claimed_grade'] or '—'}）",
                 f"{_num(d['rescored'])}（{d['rescored_grade'] or '—'}）", _num(d["difference"])]
                for d in view["largest_total_differences"]]
        out.append(table(rows, ["自评表", "自评总分", "复核总分", "差"], fmt, width))
    if view["frequent_codes"]:
        out.extend(["", "最常见的问题：", *([""] if md else [])])
        rows = [[c["code"], c["title"], str(c["findings"]), str(c["sheets"])] for c in view["frequent_codes"]]
        out.append(table(rows, ["代码", "问题", "条数", "涉及自评表"], fmt, width))
    return out
