"""validate's findings table written through render.terminal's lean layout (render.findings._lean_table) is
the table the general layout (`table` per block, which it falls back to) writes, to the character; and the
groups come in the order the report promises."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from perfeval.api import validate_files
from perfeval.findings import Finding, Severity
from perfeval.model import Location
from perfeval.render import findings as module
from perfeval.render.findings import HEADERS, group_by_table, render_table, summary_line
from perfeval.render.terminal import table

SEED = Path(__file__).resolve().parent.parent / "examples" / "tongnan-shebao-2026.txt"

# plain pieces (ASCII, wide, narrow non-ASCII) and the ones the lean layout refuses (spaces to strip, controls,
# separators, line breaks, True/False); a long run of wide characters makes a column wider than it pads
PLAIN = ["a", "7", " ", "中", "文", "≥", "（", "）", "%", "e\u0301"]
ODD = ["\u3000", "\t", "\n", "\x1b", "\u2028", "True", "False", "长" * 130]
TEXTS = st.lists(st.sampled_from(PLAIN * 8 + ODD), max_size=5).map("".join)
CODES = st.sampled_from(["weights.sum", "goal.unit", "structure.level1", "x.y", "未知 ", "a\nb"])
LOCATIONS = st.builds(Location, st.sampled_from(["a.txt", "b.xlsx"]),
                      st.sampled_from([None, 0, 1, 7, 12, 100000]),
                      st.one_of(st.sampled_from([None, "", "附件12-4!D12", "表2 第3行第4列", " B3"]), TEXTS))
FINDINGS = st.lists(st.builds(Finding, code=CODES, severity=st.sampled_from(list(Severity)), message=TEXTS,
                              table=st.sampled_from([None, "", "附件 12-4", "附件 2"]),
                              project=st.sampled_from([None, "P1", "P2"]), location=LOCATIONS), max_size=14)


def _general(findings: list[Finding], files: int) -> str:
    """The report as first written: each block its heading and `table`'s text, blank lines between."""
    blocks = []
    for label, items in _groups_as_promised(findings):
        projects = {f.project for f in items}
        project = next(iter(projects)) if len(projects) == 1 else None
        heading = f"{label}（项目 {project}）" if project else label
        blocks.append(f"{heading} · {items[0].location.file}\n{table(module._rows(items), HEADERS)}")
    blocks.append(summary_line(findings, files))
    return "\n\n".join(blocks) + "\n"


def _groups_as_promised(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """group_by_table as first written: a stable sort of each group, then of the groups."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.location.file, finding.table or "（全文）"), []).append(finding)
    ordered = []
    for (file, label), items in groups.items():
        items.sort(key=lambda f: (-f.severity.rank, f.location.line or 0, f.code))
        ordered.append(((-items[0].severity.rank, file, min(f.location.line or 0 for f in items)), label, items))
    ordered.sort(key=lambda entry: entry[0])
    return [(label, items) for _, label, items in ordered]


@settings(max_examples=250, deadline=None)
@given(FINDINGS)
def test_the_lean_findings_table_is_the_general_one(findings):
    assert group_by_table(findings) == _groups_as_promised(findings)
    expected = _general(findings, 2)
    assert render_table(findings, 2) == expected
    original, module._lean_layout = module._lean_layout, lambda: None  # every block through `table`
    try:
        assert render_table(findings, 2) == expected
    finally:
        module._lean_layout = original


def test_the_seed_takes_the_lean_layout_for_every_block():
    findings = validate_files([SEED]).findings
    lean = module._lean_layout()
    groups = group_by_table(findings)
    assert len(findings) == 88 and len(groups) == 22
    for _, items in groups:
        lines: list[str] = []
        assert module._lean_table(items, lines, *lean)
        assert "\n".join(lines) == table(module._rows(items), HEADERS)
    assert render_table(findings, 1) == _general(findings, 1)


def test_a_refused_cell_sends_its_block_to_table():
    plain = Finding("x.y", Severity.ERROR, "合计不符", table="附件 2", location=Location("a.txt", 3))
    broken = Finding("x.y", Severity.WARNING, "第一行\n第二行", table="附件 1", location=Location("a.txt", 9))
    lean = module._lean_layout()
    lines: list[str] = []
    assert not module._lean_table([broken], lines, *lean) and lines == []
    assert module._lean_table([plain], lines, *lean) and "\n".join(lines) == table(module._rows([plain]), HEADERS)
    text = render_table([plain, broken], 1)
    assert text == _general([plain, broken], 1)
    assert "第一行\n" in text and "第二行" in text and "第 3 行" in text and "第 9 行" in text


def test_a_fitted_table_keeps_the_general_layout():
    long = Finding("weights.sum", Severity.ERROR, "权重合计" * 20, table="附件 2", location=Location("a.txt", 3))
    text = render_table([long], 1, width=60)
    assert text.split("\n", 1)[1].startswith(table(module._rows([long]), HEADERS, "table", 60))
    assert max(map(len, text.split("\n"))) < len("权重合计" * 20)
