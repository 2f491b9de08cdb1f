"""One self-contained HTML page for validate, score and audit: what a colleague opens in a browser.

No network and no CDN: the CSS, the filter script and the charts (SVG) are inline.
Every number shown is the JSON output's own display value (`result.to_json()`), so the
page and `--format json` never disagree; every piece of text from a document passes
through `esc`. The findings table filters by table, code and severity in the page; the
print stylesheet drops the controls and keeps cards whole.
"""

from __future__ import annotations

import html
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Sequence

from ..fmt import display
from ..vocab import FLAG_LABELS as _FLAGS, SEVERITY_LABELS, STATUS_LABELS as _STATUS

SEVERITIES = tuple(SEVERITY_LABELS.items())
SEVERITY_LABEL = dict(SEVERITIES)
KIND_TITLE = {"validate": "绩效目标表校验报告", "score": "绩效自评评分报告", "audit": "自评表复核报告"}
MAX_FINDINGS = 5000  # a page past this is slow to open; the full list is the CSV or JSON output
MAX_CARDS = 500
HISTOGRAM_BINS = tuple(range(0, 100, 10))  # 0–10, …, 90–100 (100 falls in the last bin)


def esc(value: object) -> str:
    """Text for HTML: every user string, number and label goes through here."""
    return html.escape("" if value is None else str(value), quote=True)


def render_html(kind: str, result: Any) -> str:
    """The page for a validate, score or audit result (perfeval.api's result objects)."""
    if kind not in KIND_TITLE:
        raise ValueError(f"kind must be validate, score or audit, not {kind!r}")
    data = result.to_json()
    body = {"validate": _validate, "score": _score, "audit": _audit}[kind](result, data)
    unreadable = data.get("unreadable") or []
    if unreadable:
        items = "".join(f"<li><code>{esc(u['file'])}</code>：{esc('；'.join(u['problems']))}</li>" for u in unreadable)
        body.insert(0, f'<section class="unreadable"><h2>无法读取的文件（{len(unreadable)} 个）</h2><ul>{items}</ul></section>')
    return _page(KIND_TITLE[kind], _rule_line(data), body, kind)


# -- the three reports ---------------------------------------------------------------------------

def _validate(result: Any, data: dict[str, Any]) -> list[str]:
    rows = result.rows()
    summary = data["summary"]
    parts = [_counts(summary, [("files", "文件")])]
    codes = Counter(r["code"] for r in rows)
    if len(codes) > 1:
        titles = {r["code"]: r["title"] for r in rows}
        parts.append(_section("最常见的问题", _frequent(
            [(code, titles.get(code, ""), count, None) for code, count in codes.most_common(15)], "条数"),
            "frequent"))
    parts.append(_groups(data.get("groups") or [], ("tables", "表"), result.kind))
    parts.append(_findings(rows))
    return parts


def _score(result: Any, data: dict[str, Any]) -> list[str]:
    projects = data.get("projects") or []
    summary = data.get("summary") or {}
    parts = []
    grades = summary.get("by_grade") or {}
    mean = summary.get("mean_display") or "—"
    complete = sum(1 for p in projects if p.get("complete"))
    tiles = [("项目", len(projects), ""), ("评分完整", complete, ""), ("平均分", mean, "mean")]
    tiles += [(grade, count, f"grade-{i}") for i, (grade, count) in enumerate(grades.items())]
    parts.append(_tiles(tiles))
    if len(projects) > 1:
        totals = [p.get("total_display") for p in projects if p.get("complete") and p.get("total_display")]
        parts.append(_section("等级分布与得分分布", '<div class="charts">'
                              + _bar_chart("等级分布（项目数）", list(grades.items()), "grades")
                              + _histogram("总分分布（项目数）", totals, "scores") + "</div>", "charts"))
    parts.append(_groups(data.get("groups") or [], ("projects", "项目"), result.kind))
    missing = data.get("missing") or []
    if missing:
        items = "".join(f"<li>{esc(m)}</li>" for m in missing[:MAX_FINDINGS])
        parts.append(_section(f"评分不完整：缺少 {len(missing)} 项", f'<ul class="missing">{items}</ul>', "missing"))
    cards = "".join(_score_card(p) for p in projects[:MAX_CARDS])
    note = _cut_note(len(projects), MAX_CARDS, "个项目", "-o 自评表.xlsx 或 .csv")
    parts.append(_section("各项目得分", note + f'<div class="cards">{cards}</div>', "projects"))
    return parts


def _audit(result: Any, data: dict[str, Any]) -> list[str]:
    summary = data["summary"]
    overview = data.get("overview") or {}
    sheets = data.get("sheets") or []
    parts = [_counts(summary, [("files", "文件"), ("sheets", "自评表"), ("sheets_with_errors", "有错误的自评表")])]
    if len(sheets) > 1:
        rescored = Counter(s.get("rescored_grade") or "—" for s in sheets)
        order = [g for g in (overview.get("grades") or {}) if g != "—"] + ["—"]
        totals = [s.get("rescored_total_display") for s in sheets if s.get("rescored_total_display")]
        parts.append(_section("等级分布与得分分布", '<div class="charts">'
                              + _bar_chart("复核等级分布（张数）", [(g, rescored.get(g, 0)) for g in order], "grades")
                              + _histogram("复核总分分布（张数）", totals, "scores") + "</div>"
                              + _grade_matrix(overview.get("grades") or {}), "charts"))
    differences = overview.get("largest_differences") or []
    if differences:
        rows = "".join(
            f"<tr><td>{esc(d['table'])}</td><td>{esc(d['project'])}</td><td>{esc(d['indicator'])}</td>"
            f'<td class="num">{esc(_short(d["claimed"]))}</td><td class="num">{esc(_short(d["rescored"]))}</td>'
            f'<td class="num diff">{esc(_short(d["difference"]))}</td><td>{esc(_where(d.get("location") or {}))}</td></tr>'
            for d in differences)
        parts.append(_section("自评与复核相差最大的得分", _table(
            ["自评表", "项目", "指标", "自评得分", "复核得分", "差（自评 − 复核）", "位置"], rows, "differences"), "differences"))
    totals = overview.get("largest_total_differences") or []
    if totals:
        rows = "".join(
            f"<tr><td>{esc(d['table'])}</td><td>{esc(d['project'])}</td>"
            f'<td class="num">{esc(_short(d["claimed"]))}</td><td>{esc(d["claimed_grade"])}</td>'
            f'<td class="num">{esc(_short(d["rescored"]))}</td><td>{esc(d["rescored_grade"])}</td>'
            f'<td class="num diff">{esc(_short(d["difference"]))}</td></tr>' for d in totals)
        parts.append(_section("自评总分与复核总分相差最大的自评表", _table(
            ["自评表", "项目", "自评总分", "自评等级", "复核总分", "复核等级", "差"], rows, "total-differences"),
            "total-differences"))
    frequent = overview.get("frequent_codes") or []
    if frequent:
        parts.append(_section("最常见的问题", _frequent(
            [(c["code"], c["title"], c["findings"], c["sheets"]) for c in frequent], "条数", "涉及自评表"), "frequent"))
    parts.append(_groups(data.get("groups") or [], ("sheets", "自评表"), result.kind))
    cards = "".join(_sheet_card(s) for s in sheets[:MAX_CARDS])
    note = _cut_note(len(sheets), MAX_CARDS, "张自评表", "-o 复核结果.xlsx 或 .csv")
    parts.append(_section("各自评表", note + f'<div class="cards">{cards}</div>', "sheets"))
    parts.append(_findings(result.rows()))
    return parts


# -- pieces --------------------------------------------------------------------------------------

def _rule_line(data: dict[str, Any]) -> str:
    rule = data.get("rule_set")
    if not rule:
        return ""
    return (f'<p class="rules">评分规则：{esc(rule.get("title"))}（{esc(rule.get("name"))} {esc(rule.get("version"))}）'
            f'<br><span class="source">{esc(rule.get("source"))}</span></p>')


def _section(title: str, content: str, key: str) -> str:
    return f'<section id="{esc(key)}"><h2>{esc(title)}</h2>{content}</section>'


def _table(headers: Sequence[str], rows: str, key: str) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    return f'<table class="{esc(key)}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _tiles(tiles: Iterable[tuple[str, object, str]]) -> str:
    out = "".join(f'<div class="tile {esc(cls)}" data-key="{esc(label)}"><div class="value">{esc(value)}</div>'
                  f'<div class="label">{esc(label)}</div></div>' for label, value, cls in tiles)
    return f'<section id="summary" class="tiles">{out}</section>'


def _counts(summary: dict[str, Any], extra: Sequence[tuple[str, str]]) -> str:
    tiles = [(label, summary.get(key, 0), f"sev-{key}") for key, label in SEVERITIES]
    tiles += [(label, summary.get(key, 0), key) for key, label in extra if key in summary]
    return _tiles(tiles)


def _cut_note(count: int, limit: int, what: str, instead: str) -> str:
    if count <= limit:
        return ""
    return f'<p class="note">共 {count} {esc(what)}，页面只列出前 {limit} {esc(what)}；完整清单请用 {esc(instead)}。</p>'


def _frequent(items: Sequence[tuple[str, str, int, int | None]], count_label: str, second: str | None = None) -> str:
    head = ["代码", "问题", count_label] + ([second] if second else [])
    rows = "".join(
        f'<tr><td><code>{esc(code)}</code></td><td>{esc(title)}</td><td class="num">{esc(count)}</td>'
        + (f'<td class="num">{esc(sheets)}</td>' if second else "") + "</tr>"
        for code, title, count, sheets in items)
    return _table(head, rows, "frequent")


def _groups(groups: Sequence[dict[str, Any]], count: tuple[str, str], kind: str) -> str:
    if len(groups) < 2:
        return ""
    key, label = count
    head = ["主管部门", "实施单位", label]
    if kind == "score":
        head += ["评分完整", "平均分", "等级"]
    else:
        head += ["错误", "警告", "提示"] + (["平均分"] if kind == "audit" else [])
    rows = []
    for g in groups:
        cells = [esc(g.get("department") or "—"), esc(g.get("implementer") or "—"), esc(g.get(key, 0))]
        if kind == "score":
            grades = "，".join(f"{esc(n)} {esc(c)}" for n, c in (g.get("by_grade") or {}).items() if c)
            cells += [esc(g.get("complete", 0)), esc(g.get("mean_display") or "—"), grades]
        else:
            cells += [esc(g.get("error", 0)), esc(g.get("warning", 0)), esc(g.get("info", 0))]
            if kind == "audit":
                cells.append(esc(g.get("mean_display") or "—"))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return _section("按主管部门与实施单位", _table(head, "".join(rows), "groups"), "groups")


def _findings(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return _section("问题清单", '<p class="none">没有发现问题。</p>', "findings")
    order = {key: i for i, (key, _) in enumerate(SEVERITIES)}
    rows = sorted(rows, key=lambda r: order.get(r["severity"], len(order)))  # stable: file order within a level
    shown = rows[:MAX_FINDINGS]
    tables = sorted({r.get("table") or "" for r in rows})
    codes = Counter(r["code"] for r in rows)
    titles = {r["code"]: r.get("title") or "" for r in rows}
    by_severity = Counter(r["severity"] for r in rows)
    table_options = "".join(f'<option value="{esc(t)}">{esc(t or "（无表名）")}</option>' for t in tables)
    code_options = "".join(f'<option value="{esc(c)}">{esc(c)} {esc(titles[c])}（{n}）</option>'
                           for c, n in sorted(codes.items()))
    boxes = "".join(f'<label class="sev-{key}"><input type="checkbox" class="severity" value="{key}" checked> '
                    f'{label}（{by_severity.get(key, 0)}）</label>' for key, label in SEVERITIES)
    controls = (f'<div class="filters"><label>表 <select id="filter-table"><option value="">全部</option>{table_options}'
                f'</select></label> <label>代码 <select id="filter-code"><option value="">全部</option>{code_options}'
                f'</select></label> <span class="boxes">{boxes}</span> '
                f'<span class="shown">显示 <b id="shown-count">{len(shown)}</b> / {len(shown)} 条</span></div>')
    body = "".join(_finding_row(r) for r in shown)
    table = _table(["级别", "代码", "问题", "表", "项目", "指标", "位置", "说明"], body, "findings")
    note = _cut_note(len(rows), MAX_FINDINGS, "条问题", "-o 问题清单.csv 或 .xlsx")
    return _section(f"问题清单（{len(rows)} 条）", note + controls + table, "findings")


def _finding_row(r: dict[str, Any]) -> str:
    severity = r["severity"]
    where = _where({"file": r.get("file"), "line": r.get("line"), "cell": r.get("cell")})
    return (f'<tr class="finding sev-{esc(severity)}" data-severity="{esc(severity)}" data-code="{esc(r["code"])}" '
            f'data-table="{esc(r.get("table") or "")}"><td class="level">{esc(SEVERITY_LABEL.get(severity, severity))}</td>'
            f'<td><code>{esc(r["code"])}</code></td><td>{esc(r.get("title"))}</td><td>{esc(r.get("table"))}</td>'
            f'<td>{esc(r.get("project"))}</td><td>{esc(r.get("indicator"))}</td><td class="where">{esc(where)}</td>'
            f'<td>{esc(r.get("message"))}</td></tr>')


def _where(location: dict[str, Any]) -> str:
    file, line, cell = location.get("file"), location.get("line"), location.get("cell")
    if not file:
        return ""
    if cell:
        return f"{file} {cell}"
    return f"{file}:{line}" if line is not None else str(file)


def _score_card(p: dict[str, Any]) -> str:
    grade = p.get("grade") or ""
    total = p.get("total_display") or "不完整"
    execution = p.get("execution") or {}
    rate = _percent(execution.get("rate"))
    rows = []
    for i in p.get("indicators") or []:
        flags = "；".join(_FLAGS.get(f, f) for f in i.get("flags") or [])
        rows.append(f'<tr class="status-{esc(i.get("status"))}"><td>{esc(i.get("level1"))}</td><td>{esc(i.get("level2"))}</td>'
                    f'<td>{esc(i.get("name"))}</td><td>{esc(i.get("target"))}</td><td>{esc(i.get("actual"))}</td>'
                    f'<td class="num">{esc(_short(i.get("weight")))}</td><td class="num score">{esc(i.get("score_display") or "")}</td>'
                    f'<td>{esc(_STATUS.get(i.get("status"), i.get("status")))}</td><td>{esc(flags)}</td>'
                    f'<td>{esc(i.get("reason"))}</td></tr>')
    if execution:
        rows.append(f'<tr class="execution"><td colspan="4">预算执行率</td><td>{esc(rate)}</td>'
                    f'<td class="num">{esc(_short(execution.get("weight")))}</td>'
                    f'<td class="num score">{esc(execution.get("score_display") or "")}</td><td></td>'
                    f'<td>{"执行率偏低，须说明原因" if execution.get("flag") else ""}</td><td></td></tr>')
    detail = _table(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "完成情况", "须说明",
                     "偏差原因"], "".join(rows), "sheet")
    return (f'<article class="card grade-{esc(grade)}" data-project="{esc(p.get("project_code"))}">'
            f'<header><span class="code">{esc(p.get("table"))} {esc(p.get("project_code"))}</span>'
            f'<h3>{esc(p.get("project_name"))}</h3></header>'
            f'<div class="figures"><span class="total" data-total="{esc(p.get("total_display") or "")}">{esc(total)}</span>'
            f'<span class="grade">{esc(grade)}</span><span class="rate">执行率 {esc(rate or "—")}</span></div>'
            f'<details><summary>评分明细（{len(p.get("indicators") or [])} 个指标）</summary>{detail}</details></article>')


def _sheet_card(s: dict[str, Any]) -> str:
    claimed, rescored = s.get("claimed_total_display") or "—", s.get("rescored_total_display") or "—"
    differs = (s.get("claimed_grade") or "") != (s.get("rescored_grade") or "")
    counts = "".join(f'<span class="sev-{key}">{label} {esc(s.get(key, 0))}</span>' for key, label in SEVERITIES)
    return (f'<article class="card{" differs" if differs else ""}" data-table="{esc(s.get("table"))}">'
            f'<header><span class="code">{esc(s.get("project_code"))}</span><h3>{esc(s.get("project_name") or s.get("table"))}</h3>'
            f'<span class="file">{esc(s.get("table"))}</span></header>'
            f'<div class="figures"><span>自评 <b class="claimed">{esc(claimed)}</b> {esc(s.get("claimed_grade") or "")}</span>'
            f'<span>复核 <b class="rescored">{esc(rescored)}</b> {esc(s.get("rescored_grade") or "")}</span></div>'
            f'<div class="counts">{counts}</div></article>')


def _grade_matrix(grades: dict[str, dict[str, int]]) -> str:
    if not grades:
        return ""
    names = list(grades)
    head = "".join(f"<th>{esc(n)}</th>" for n in names)
    rows = "".join(f"<tr><th>{esc(c)}</th>" + "".join(
        f'<td class="num{" same" if c == r and grades[c][r] else ""}">{esc(grades[c][r])}</td>' for r in names) + "</tr>"
                   for c in names)
    return (f'<table class="matrix"><caption>自评等级（行）与复核等级（列）</caption>'
            f"<thead><tr><th>自评＼复核</th>{head}</tr></thead><tbody>{rows}</tbody></table>")


def _short(value: object) -> str:
    """An exact decimal string shortened to 4 places for reading (the JSON keeps every digit)."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number.as_tuple().exponent < -4:  # type: ignore[operator]
        number = number.quantize(Decimal("0.0001"))
    return format(number.normalize(), "f") if number == number.to_integral_value() else format(number, "f")


def _percent(value: object) -> str:
    if value in (None, ""):
        return ""
    return display(Decimal(str(value)) * 100, 2, "ROUND_HALF_EVEN") + "%"


# -- charts (inline SVG) -------------------------------------------------------------------------

def _bar_chart(title: str, items: Sequence[tuple[str, int]], key: str) -> str:
    width, height, top, bottom, left = 360, 200, 24, 28, 8
    peak = max([count for _, count in items] + [1])
    slot = (width - 2 * left) / max(len(items), 1)
    bars = []
    for i, (label, count) in enumerate(items):
        h = (height - top - bottom) * count / peak
        x = left + i * slot + slot * 0.15
        y = height - bottom - h
        bars.append(f'<g class="bar" data-label="{esc(label)}" data-count="{esc(count)}">'
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}"></rect>'
                    f'<text x="{x + slot * 0.35:.1f}" y="{y - 4:.1f}" class="count">{esc(count)}</text>'
                    f'<text x="{x + slot * 0.35:.1f}" y="{height - 10}" class="axis">{esc(label)}</text></g>')
    return (f'<figure class="chart" id="chart-{esc(key)}"><svg viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{esc(title)}">{"".join(bars)}<line x1="{left}" y1="{height - bottom}" x2="{width - left}" '
            f'y2="{height - bottom}" class="baseline"></line></svg><figcaption>{esc(title)}</figcaption></figure>')


def _histogram(title: str, totals: Iterable[str], key: str) -> str:
    counts = [0] * len(HISTOGRAM_BINS)
    for text in totals:
        try:
            value = Decimal(str(text))
        except InvalidOperation:
            continue
        index = min(max(int(value // 10), 0), len(HISTOGRAM_BINS) - 1)
        counts[index] += 1
    labels = [f"{b}–{b + 10}" for b in HISTOGRAM_BINS]
    return _bar_chart(title, list(zip(labels, counts)), key)


# -- the page ------------------------------------------------------------------------------------

_CSS = """
:root{--error:#c62828;--error-bg:#fdecea;--warning:#b26a00;--warning-bg:#fff4e0;--info:#1565c0;--info-bg:#e8f1fb;
--line:#d0d7de;--muted:#57606a}
*{box-sizing:border-box}
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:0;
color:#1f2328;background:#f6f8fa;line-height:1.5}
main{max-width:1280px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:24px;margin:8px 0}h2{font-size:18px;margin:0 0 12px;border-left:4px solid #0969da;padding-left:8px}
h3{font-size:15px;margin:2px 0}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:16px;margin:16px 0}
.rules{color:var(--muted);margin:0}.source{font-size:12px}
.tiles{display:flex;flex-wrap:wrap;gap:12px}
.tile{min-width:110px;padding:10px 14px;border-radius:6px;background:#f6f8fa;border:1px solid var(--line)}
.tile .value{font-size:26px;font-weight:600}.tile .label{color:var(--muted);font-size:13px}
.tile.sev-error{background:var(--error-bg);color:var(--error)}.tile.sev-warning{background:var(--warning-bg);color:var(--warning)}
.tile.sev-info{background:var(--info-bg);color:var(--info)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f0f3f6}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.sev-error td.level{color:#fff;background:var(--error)}tr.sev-warning td.level{color:#fff;background:var(--warning)}
tr.sev-info td.level{color:#fff;background:var(--info)}
tr.sev-error{background:var(--error-bg)}tr.sev-warning{background:var(--warning-bg)}tr.sev-info{background:var(--info-bg)}
td.level{white-space:nowrap;font-weight:600;text-align:center}
table.findings td:nth-child(2),table.findings td:nth-child(4){white-space:nowrap}table.findings td:nth-child(3){min-width:9em}td.where{font-size:12px;color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:10px}
.filters select{max-width:320px}.shown{margin-left:auto;color:var(--muted)}
label.sev-error{color:var(--error)}label.sev-warning{color:var(--warning)}label.sev-info{color:var(--info)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 12px;background:#fff;break-inside:avoid}
.card .code,.card .file{color:var(--muted);font-size:12px}
.card .figures{display:flex;gap:16px;align-items:baseline;margin:6px 0}
.card .total{font-size:24px;font-weight:600}.card .grade{font-size:18px;font-weight:600}
.card.grade-优 .grade{color:#1a7f37}.card.grade-良 .grade{color:#0969da}.card.grade-中 .grade{color:var(--warning)}
.card.grade-差 .grade{color:var(--error)}.card.differs{border-color:var(--error)}
.card .counts span{margin-right:10px;font-size:13px}
span.sev-error{color:var(--error)}span.sev-warning{color:var(--warning)}span.sev-info{color:var(--info)}
details table{margin-top:6px}tr.status-unmet td.score{color:var(--warning)}tr.status-missing{background:var(--error-bg)}
.charts{display:flex;flex-wrap:wrap;gap:24px}
figure.chart{margin:0;width:380px}figure svg{width:100%;height:auto}
.bar rect{fill:#0969da}.bar .count{font-size:12px;text-anchor:middle;fill:#1f2328}
.bar .axis{font-size:11px;text-anchor:middle;fill:var(--muted)}.baseline{stroke:#8c959f}
figcaption{text-align:center;color:var(--muted);font-size:13px}
table.matrix{width:auto;margin-top:12px}table.matrix td.same{background:#dafbe1}
.note{color:var(--warning)}.none{color:#1a7f37}ul.missing{font-size:13px}
footer{color:var(--muted);font-size:12px;text-align:center}
@media print{
body{background:#fff}main{max-width:none;padding:0}.filters,.no-print{display:none!important}
section{border:none;padding:0;margin:12px 0;break-inside:auto}h2{break-after:avoid}
.card,tr,figure{break-inside:avoid}details>summary{display:none}details>table{display:table}
tr.finding[hidden]{display:none}a{color:inherit;text-decoration:none}
table{font-size:11px}td,table.findings td{white-space:normal!important;overflow-wrap:anywhere}
}
"""

# Filters the findings rows by the table, code and severity chosen; counts what stays visible.
_JS = """
(function(){
  var table=document.getElementById('filter-table'), code=document.getElementById('filter-code');
  if(!table||!code){return;}
  var boxes=Array.prototype.slice.call(document.querySelectorAll('input.severity'));
  var rows=Array.prototype.slice.call(document.querySelectorAll('tr.finding'));
  var shown=document.getElementById('shown-count');
  function apply(){
    var t=table.value, c=code.value, levels={}, n=0;
    boxes.forEach(function(b){levels[b.value]=b.checked;});
    rows.forEach(function(r){
      var ok=(!t||r.getAttribute('data-table')===t)&&(!c||r.getAttribute('data-code')===c)&&levels[r.getAttribute('data-severity')];
      r.hidden=!ok; if(ok){n++;}
    });
    shown.textContent=String(n);
  }
  table.addEventListener('change',apply); code.addEventListener('change',apply);
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  window.addEventListener('beforeprint',function(){
    Array.prototype.forEach.call(document.querySelectorAll('details'),function(d){d.open=true;});
  });
  apply();
})();
"""


def _page(title: str, rule_line: str, body: Sequence[str], kind: str) -> str:
    from .. import __version__ as version

    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(title)}</title><style>{_CSS}</style></head>"
        f'<body data-kind="{esc(kind)}"><main><header><h1>{esc(title)}</h1>{rule_line}</header>'
        + "".join(part for part in body if part)
        + f"<footer>由 perfeval {esc(version)} 生成</footer></main><script>{_JS}</script></body></html>\n"
    )
