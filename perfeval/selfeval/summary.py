"""What a batch of audited sheets says as a whole: grades claimed against re-scored,
the largest score differences, and the findings that recur most."""

from __future__ import annotations

import heapq
from collections import Counter
from decimal import Decimal
from itertools import compress
from operator import itemgetter
from typing import Any, Callable, Iterable

from ..findings import Finding, Severity, finding_to_json, json_value, summarize as count_findings
from ..scoring.sheet import exact_text
from .audit import SheetAudit

NO_GRADE = "—"


def grade_matrix(audits: Iterable[SheetAudit], grades: Iterable[str]) -> dict[str, dict[str, int]]:
    """claimed grade -> re-scored grade -> number of sheets; `—` where a grade could not be found."""
    names = [*grades, NO_GRADE]
    matrix = {claimed: dict.fromkeys(names, 0) for claimed in names}
    for audit in audits:
        claimed = audit.claimed_grade if audit.claimed_grade in matrix else NO_GRADE
        rescored = audit.rescored_grade if audit.rescored_grade in matrix else NO_GRADE
        matrix[claimed][rescored] += 1
    return matrix


def largest_differences(audits: Iterable[SheetAudit], limit: int = 10) -> list[dict[str, Any]]:
    """The rows (预算执行率 included) whose claimed 得分 is furthest from the re-score, largest first."""
    found = []
    for audit in audits:
        sheet = audit.sheet
        for result in audit.rows:  # RowResult.difference, inline: this looks at every row of the batch
            claimed, rescored = result.claimed, result.rescored
            if claimed is None or rescored is None or claimed == rescored:  # (most: no difference to work out)
                continue
            difference = claimed - rescored
            if difference and abs(difference) > result.tolerance:
                found.append((abs(difference), sheet, result.row.name, result.claimed, result.rescored, difference,
                              result.row))
        claimed, rescored = audit.execution_claimed, audit.execution_rescored  # (execution_difference, inline)
        if claimed is not None and rescored is not None and claimed != rescored:
            difference = claimed - rescored
            if difference and abs(difference) > audit.execution_tolerance:
                found.append((abs(difference), sheet, "预算执行率", claimed, rescored, difference, sheet.funds))
    return _differences(found, limit)


def _differences(found: list[tuple], limit: int) -> list[dict[str, Any]]:
    """largest_differences' rows of (|difference|, sheet, name, claimed, rescored, difference, owner), as found."""
    out = []
    # (the first `limit` of the sorted list: nsmallest keeps sorted()'s order, equal keys in the order found)
    for _, sheet, name, claimed, rescored, difference, owner in heapq.nsmallest(
            limit, _contenders(found, list(map(_FIRST, found)), limit),
            key=lambda item: (-item[0], item[1].label, item[2])):
        where = owner.where("score") if owner is not None else sheet.location  # made for the rows shown only
        out.append({"table": sheet.label, "project": sheet.project_code or None, "indicator": name,
                    "claimed": exact_text(claimed), "rescored": exact_text(rescored),
                    "difference": exact_text(difference),
                    "location": {"file": where.file, "line": where.line, "cell": where.cell}})
    return out


def _row_differences(found: list[tuple], limit: int) -> list[dict[str, Any]]:
    """`_differences` of summary_and_overview's (|difference|, audit, its RowResult or None for its 预算执行率), as
    found: each contender's row of `_differences` made from its audit (the others can never be among the first
    `limit`: `_contenders` keeps every item as large as the `limit`-th largest, so `_differences` finds the same ones)."""
    full = []
    for size, audit, result in _contenders(found, list(map(_FIRST, found)), limit):
        sheet = audit.sheet
        if result is None:
            claimed, rescored = audit.execution_claimed, audit.execution_rescored
            full.append((size, sheet, "预算执行率", claimed, rescored, claimed - rescored, sheet.funds))
        else:
            claimed, rescored, row = result.claimed, result.rescored, result.row
            full.append((size, sheet, row.name, claimed, rescored, claimed - rescored, row))
    return _differences(full, limit)


def _contenders(found: list, sizes: list, limit: int) -> list:
    """The items of `found` whose size (`sizes`, item by item) is at least the `limit`-th largest, in order: those
    that sort before the others where larger sizes sort first, so the first `limit` of them sorted are the first
    `limit` of all (found by comparing the sizes alone, not by the sorting key of every item)."""
    if not 0 < limit < len(found):
        return found
    least = heapq.nlargest(limit, sizes)[-1]
    return list(compress(found, map(least.__le__, sizes)))


def largest_total_differences(audits: Iterable[SheetAudit], limit: int = 10) -> list[dict[str, Any]]:
    """The sheets whose claimed 总分 is furthest from the re-scored total, largest first (claimed − re-scored)."""
    found = [(audit.claimed_total - audit.rescored_total, audit) for audit in audits
             if audit.claimed_total is not None and audit.rescored_total is not None
             and audit.claimed_total != audit.rescored_total]
    return _total_differences(found, limit)


def _total_differences(found: list[tuple], limit: int) -> list[dict[str, Any]]:
    """largest_total_differences' rows of (claimed − re-scored, audit), as found."""
    found = heapq.nsmallest(limit, _contenders(found, list(map(abs, map(_FIRST, found))), limit),
                            key=lambda item: (-abs(item[0]), item[1].sheet.label))  # (sorted()[:limit])
    return [{"table": a.sheet.label, "project": a.sheet.project_code or None, "file": a.sheet.location.file,
             "claimed": exact_text(a.claimed_total), "claimed_grade": a.claimed_grade,
             "rescored": exact_text(a.rescored_total), "rescored_grade": a.rescored_grade,
             "difference": exact_text(difference)} for difference, a in found]


def frequent_codes(findings: Iterable[Finding], limit: int = 10) -> list[dict[str, Any]]:
    """Codes by how many findings carry them, then by how many sheets."""
    counts: Counter[str] = Counter()
    sheets: dict[str, set[tuple[str, str | None]]] = {}
    for finding in findings:
        counts[finding.code] += 1
        held = sheets.get(finding.code)
        if held is None:
            held = sheets[finding.code] = set()
        held.add((finding.location.file, finding.table))
    return _frequent(counts, {code: len(held) for code, held in sheets.items()}, limit)


def _frequent(counts: dict[str, int], sheets: dict[str, int], limit: int) -> list[dict[str, Any]]:
    """frequent_codes' list of each code's findings and sheets counted."""
    ranked = sorted(counts, key=lambda code: (-counts[code], -sheets[code], code))[:limit]
    return [{"code": code, "title": _title(code), "findings": counts[code],
             "sheets": sheets[code]} for code in ranked]


def _title(code: str) -> str:
    from ..render.findings import rule_title

    return rule_title(code)


def report(audits: list[SheetAudit], grades: Iterable[str], files: int, rules: dict[str, str]) -> dict[str, Any]:
    """The audit's JSON: validate's `{"findings", "summary"}` plus per-sheet totals and the batch overview."""
    summary, view = summary_and_overview(audits, grades, files)
    return {
        "rule_set": rules,
        "findings": [finding_to_json(f) for audit in audits for f in audit.findings],
        "summary": summary,
        "sheets": [_sheet_json(a) for a in audits],
        "overview": view,
    }


class FindingCounts:
    """What `summary_and_overview` counts of a batch's findings, counted by whoever loops over them already (the
    lean table): findings by severity, sheets with errors, and per code its findings and the (file, table) pairs
    they name (sheets)."""

    __slots__ = ("error", "warning", "info", "with_errors", "counts", "sheets")

    def __init__(self, error: int, warning: int, info: int, with_errors: int, counts: dict[str, int],
                 sheets: dict[str, int]):
        self.error, self.warning, self.info, self.with_errors = error, warning, info, with_errors
        self.counts, self.sheets = counts, sheets


def summary_and_overview(audits: list[SheetAudit], grades: Iterable[str], files: int, limit: int = 10,
                         counted: FindingCounts | None = None,
                         by_sheet: list[tuple[int, int, int]] | None = None) -> tuple[dict[str, int], dict[str, Any]]:
    """`summarize(audits, None, files)` and `overview(audits, findings, grades)` (the audits' findings) worked out
    in one loop over the audits, their findings and rows, where those take one loop each; `counted`: the findings
    counted already (then they are not looked at here). `by_sheet` (with `counted` None): a list that gets each
    sheet's findings counted as `_by_severity` counts them, sheet by sheet, for the sheets' rows."""
    names = [*grades, NO_GRADE]
    matrix = {claimed: dict.fromkeys(names, 0) for claimed in names}
    error = warning = info = with_errors = 0
    counts: dict[str, int] = {}  # code -> findings
    pairs: set[tuple] = set()  # (code, file, table)
    count, pair = counts.get, pairs.add
    counting = counted is None
    differences, totals = [], []
    error_, warning_ = _ERROR, _WARNING
    for audit in audits:
        claimed, rescored = audit.claimed_grade, audit.rescored_grade  # (grade_matrix)
        matrix[claimed if claimed in matrix else NO_GRADE][rescored if rescored in matrix else NO_GRADE] += 1
        claimed, rescored = audit.claimed_total, audit.rescored_total  # (largest_total_differences)
        if claimed is not None and rescored is not None and claimed != rescored:
            totals.append((claimed - rescored, audit))
        if counting:  # (summarize's _by_severity and frequent_codes)
            found = audit.findings
            if found:
                errors = warnings = infos = 0
                for finding in found:
                    severity = finding.severity
                    if severity is error_:
                        errors += 1
                    elif severity is warning_:
                        warnings += 1
                    else:
                        infos += 1
                    code = finding.code
                    counts[code] = count(code, 0) + 1
                    pair((code, finding.location.file, finding.table))  # (code, file, table)
                warning += warnings
                info += infos
                if errors:
                    error += errors
                    with_errors += 1
                if by_sheet is not None:
                    by_sheet.append((errors, warnings, infos))
            elif by_sheet is not None:
                by_sheet.append(_NONE)
        # (largest_differences) each row's difference beyond its tolerance, kept as (its size, the audit, the row's
        # result): the rest of what the report shows of it (its name, place, texts) is made for the contenders alone
        # (`_row_differences`). Equal 得分 (most rows) are passed over first; None equals no Decimal
        for result in audit.rows:
            claimed, rescored = result.claimed, result.rescored
            if claimed == rescored or claimed is None or rescored is None:
                continue
            difference = claimed - rescored
            size = abs(difference)
            if difference and size > result.tolerance:
                differences.append((size, audit, result))
        claimed, rescored = audit.execution_claimed, audit.execution_rescored
        if claimed is not None and rescored is not None and claimed != rescored:
            difference = claimed - rescored
            size = abs(difference)
            if difference and size > audit.execution_tolerance:
                differences.append((size, audit, None))
    if counting:
        sheets: dict[str, int] = Counter(map(_FIRST, pairs))
    else:
        error, warning, info, with_errors = counted.error, counted.warning, counted.info, counted.with_errors
        counts, sheets = counted.counts, counted.sheets
    summary = {"error": error, "warning": warning, "info": info, "files": files, "sheets": len(audits),
               "sheets_with_errors": with_errors}
    return summary, {"grades": matrix, "largest_differences": _row_differences(differences, limit),
                     "largest_total_differences": _total_differences(totals, limit),
                     "frequent_codes": _frequent(counts, sheets, limit)}


def summarize(audits: list[SheetAudit], findings: list[Finding] | None, files: int) -> dict[str, int]:
    """The report's `summary`: findings by severity, files, sheets and sheets with errors. `findings` None
    stands for the audits' own, counted in the same loop as the sheets with errors."""
    if findings is not None:
        summary = count_findings(findings, files)
        summary["sheets"] = len(audits)
        summary["sheets_with_errors"] = sum(1 for a in audits if any(f.severity is Severity.ERROR for f in a.findings))
        return summary
    error = warning = info = with_errors = 0
    for audit in audits:
        errors, warnings, infos = _by_severity(audit.findings)
        warning += warnings
        info += infos
        if errors:
            error += errors
            with_errors += 1
    return {"error": error, "warning": warning, "info": info, "files": files, "sheets": len(audits),
            "sheets_with_errors": with_errors}


def _by_severity(findings) -> tuple[int, int, int]:
    """A sheet's findings counted as (errors, warnings, infos), in one loop (a Counter per sheet cost more)."""
    error = warning = info = 0
    for finding in findings:
        severity = finding.severity
        if severity is _ERROR:
            error += 1
        elif severity is _WARNING:
            warning += 1
        else:
            info += 1
    return error, warning, info


def overview(audits: list[SheetAudit], findings: list[Finding], grades: Iterable[str]) -> dict[str, Any]:
    """The report's `overview`: grades claimed against re-scored, the largest differences, the frequent codes."""
    return {
        "grades": grade_matrix(audits, list(grades)),
        "largest_differences": largest_differences(audits),
        "largest_total_differences": largest_total_differences(audits),
        "frequent_codes": frequent_codes(findings),
    }


def _sheet_json(audit: SheetAudit) -> dict[str, Any]:
    sheet = audit.sheet
    error, warning, info = _by_severity(audit.findings)
    claimed = audit.claimed_total
    return {  # json_value's forms, written out: this runs once per sheet
        "table": sheet.label, "file": sheet.location.file, "project_code": sheet.project_code or None,
        "project_name": sheet.project_name, "claimed_total": None if claimed is None else json_value(claimed),
        "claimed_grade": audit.claimed_grade, "rescored_total": exact_text(audit.rescored_total),
        "rescored_grade": audit.rescored_grade, "unscored": list(audit.unscored),
        "error": error, "warning": warning, "info": info,
    }


class _Unusual(Exception):
    """A sheet whose row `_sheet_line` does not write (a value other than a text or None, a total not a Decimal)."""


def _sheet_line(audit: SheetAudit, show, counted: tuple[int, int, int], quote: Callable[[str], str]) -> str:
    """The JSON line of a sheet's row in the audit's `sheets` (`_sheet_json` with its department, implementer and
    the totals' displays, `show` of each total's text), as the report's encoder writes it, written straight from the
    audit: its texts quoted as the encoder quotes them (`counted`: its findings' `_by_severity`). Raises _Unusual
    where a value is not a text or None."""
    sheet = audit.sheet
    claimed = audit.claimed_total
    if claimed is None:
        claimed_text = None
    elif type(claimed) is Decimal:
        claimed_text = format(claimed, "f")  # (json_value of a Decimal)
    else:
        raise _Unusual
    rescored_text = exact_text(audit.rescored_total)
    error, warning, info = counted
    # (each value quoted in one comprehension, where a function call quoted each: a text as the encoder quotes it,
    # None as null, anything else refused)
    (label, file, code, name, claimed_text, claimed_grade, rescored_text, rescored_grade, department, implementer,
     claimed_shown, rescored_shown, *unscored) = [
        quote(value) if type(value) is str else "null" if value is None else _unusual()
        for value in (sheet.label, sheet.location.file, sheet.project_code or None, sheet.project_name, claimed_text,
                      audit.claimed_grade, rescored_text, audit.rescored_grade, sheet.department, sheet.implementer,
                      show(claimed_text), show(rescored_text), *audit.unscored)]
    return (f'{{"table": {label}, "file": {file}, "project_code": {code}, "project_name": {name}, '
            f'"claimed_total": {claimed_text}, "claimed_grade": {claimed_grade}, "rescored_total": {rescored_text}, '
            f'"rescored_grade": {rescored_grade}, "unscored": [{", ".join(unscored)}], "error": {error}, '
            f'"warning": {warning}, "info": {info}, "department": {department}, "implementer": {implementer}, '
            f'"claimed_total_display": {claimed_shown}, "rescored_total_display": {rescored_shown}}}')


def _unusual() -> str:
    raise _Unusual


_ERROR, _WARNING = Severity.ERROR, Severity.WARNING
_NONE = (0, 0, 0)  # (a sheet without findings, counted)
_FIRST = itemgetter(0)
assert len(Severity) == 3, "_sheet_json and summarize count every other severity as info"


def report_json(result: Any, summary_only: bool = False) -> dict[str, Any]:
    """`result.to_json(summary_only)` of an audit result (perfeval.api.AuditResult) for writing, the same data
    in the same order: the findings as their JSON lines (findings.finding_json_lines, written as output.Records),
    the sheets' rows made from the audits; the report dict, which holds every finding as a dict, never built."""
    from ..findings import finding_json_lines
    from ..output import Records, _encoder, separated

    audits = result.audits
    rules = result.rules
    by_sheet: list[tuple[int, int, int]] = []  # (each sheet's findings counted once, for the summary and its row)
    summary, view = summary_and_overview(audits, [g.name for g in rules.grades], len(result.files), by_sheet=by_sheet)
    data: dict[str, Any] = {"rule_set": {"name": rules.name, "title": rules.title, "version": rules.version,
                                         "source": rules.source}}
    if not summary_only:
        findings = [f for audit in audits for f in audit.findings]
        data["findings"] = Records(len(findings), separated(finding_json_lines(findings)), separated=True)
    data["summary"] = {**summary, "unreadable": len(result.unreadable)}
    if not summary_only:
        display = result.display
        shown: dict[str | None, str | None] = {None: None}  # a total's text -> its display (the same for the same text)

        def show(text: str | None) -> str | None:
            value = shown.get(text, shown)
            if value is shown:
                value = shown[text] = display(text)
            return value

        encode = _encoder()
        from json.encoder import encode_basestring as quote  # (what the encoder quotes with: ensure_ascii=False)

        lines = []
        for audit, counted in zip(audits, by_sheet):  # (AuditResult.sheet_rows, each row as the encoder writes it)
            try:
                lines.append(_sheet_line(audit, show, counted, quote))
            except _Unusual:
                entry = _sheet_json(audit)
                sheet = audit.sheet
                entry.update(department=sheet.department, implementer=sheet.implementer,
                             claimed_total_display=show(entry["claimed_total"]),
                             rescored_total_display=show(entry["rescored_total"]))
                lines.append(encode(entry))
        data["sheets"] = Records(len(lines), separated(lines), separated=True)
    data["overview"] = view
    data["groups"] = result.groups()
    data["unreadable"] = [u.to_json() for u in result.unreadable]
    return data
