"""The one output layer (perfeval.output) and safe writing, in every command and format (issues 12.4, 18.1)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from click.testing import CliRunner

from perfeval.cli import cli
from perfeval.output import OutputError, find_spec, atomic_write, csv_cell, dumps_csv, dumps_json, format_for
from perfeval.render.terminal import markdown_cell, table

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "tongnan-shebao-2026.txt"
ACTUALS = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"
SHEET = EXAMPLES / "audit" / "faulty-daolu-yanghu.txt"
EXTENSIONS = [".json", ".md", ".html", ".xlsx", ".csv", ".txt"]


@pytest.fixture
def inputs(tmp_path):
    """Copies of one input per command, so a test that went wrong could not damage examples/."""
    copies = {}
    for name in (SEED, ACTUALS, SHEET):
        copies[name.name] = tmp_path / name.name
        shutil.copy(name, copies[name.name])
    return copies


def command(kind: str, files: dict[str, Path]) -> list[str]:
    if kind == "validate":
        return ["validate", str(files[SEED.name])]
    if kind == "score":
        return ["score", str(files[SEED.name]), str(files[ACTUALS.name])]
    return ["audit", str(files[SHEET.name])]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def no_traceback(result) -> bool:
    return result.exception is None or isinstance(result.exception, SystemExit)


# --- the format follows the extension -----------------------------------------------------------------


def test_format_follows_the_extension_and_refuses_what_it_cannot_write():
    assert [format_for(f"x{e}", None) for e in EXTENSIONS] == ["json", "markdown", "html", "xlsx", "csv", "table"]
    assert format_for(None, None) == "table" and format_for(None, "json") == "json"
    assert format_for("x.txt", "json") == "json"  # .txt takes any text format
    with pytest.raises(OutputError, match=r"\.pdf"):
        format_for("x.pdf", None)
    with pytest.raises(OutputError, match="不一致"):
        format_for("x.md", "json")


@pytest.mark.parametrize("kind", ["validate", "score", "audit"])
def test_an_unknown_extension_is_refused_before_any_work(kind, inputs, tmp_path):
    result = run(*command(kind, inputs), "-o", tmp_path / "out.docx")
    assert result.exit_code == 2 and no_traceback(result) and ".docx" in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_score_json_output_is_json_not_the_terminal_table(tmp_path):
    """Regression: `score -o s.json` used to write the terminal table into s.json."""
    out = tmp_path / "s.json"
    result = run("score", SEED, ACTUALS, "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["projects"]) == 17 and data["unreadable"] == []
    row = data["projects"][0]["indicators"][0]
    assert (row["score"], row["score_display"]) == ("30", "30.00")
    lowest = data["summary"]["lowest"][0]
    assert lowest["total"] == "90.78947368421052631579" and lowest["total_display"] == "90.79"
    assert f"已写入 {out}（JSON" in result.stderr


@pytest.mark.parametrize("kind", ["validate", "score", "audit"])
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_every_command_writes_every_format(kind, extension, inputs, tmp_path):
    if extension == ".html" and find_spec("perfeval.render.html") is None:
        pytest.skip("the HTML report (perfeval.render.html) is built on branch forms; refused cleanly here")
    out = tmp_path / f"out{extension}"
    result = run(*command(kind, inputs), "-o", out)
    assert result.exit_code in (0, 1) and no_traceback(result), result.output
    data = out.read_bytes()
    assert data and "已写入" in result.stderr and result.stdout == ""
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    if extension == ".json":
        assert "unreadable" in json.loads(data)
    elif extension == ".csv":
        assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    elif extension == ".xlsx":
        assert data.startswith(b"PK")


# --- safe writing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["validate", "score", "audit"])
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_an_output_onto_an_input_is_refused_and_the_input_is_unchanged(kind, extension, inputs, tmp_path):
    argv = command(kind, inputs)
    victim = Path(argv[-1]).with_suffix(extension)
    if victim.name not in {p.name for p in inputs.values()}:
        # the same file under another extension is not an input: use a link to an input instead
        victim = tmp_path / f"link{extension}"
        victim.symlink_to(argv[-1])
    before = Path(argv[-1]).read_bytes()
    result = run(*argv, "-o", victim)
    assert result.exit_code == 2 and no_traceback(result)
    assert "输入文件之一" in result.stderr and Path(argv[-1]).read_bytes() == before


def test_an_output_onto_a_file_inside_an_input_folder_is_refused(tmp_path):
    folder = tmp_path / "sheets"
    folder.mkdir()
    shutil.copy(SHEET, folder / SHEET.name)
    result = run("audit", folder, "-o", folder / SHEET.name)
    assert result.exit_code == 2 and "输入文件之一" in result.stderr


@pytest.mark.parametrize("kind", ["validate", "score", "audit"])
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_a_missing_folder_is_one_message_and_exit_2(kind, extension, inputs, tmp_path):
    result = run(*command(kind, inputs), "-o", tmp_path / "no-such-folder" / f"out{extension}")
    assert result.exit_code == 2 and no_traceback(result)
    assert result.stderr.count("不存在") == 1 and "Traceback" not in result.output
    assert "Exception ignored" not in result.output


@pytest.mark.parametrize("kind", ["validate", "score", "audit"])
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_an_unwritable_folder_is_one_message_and_exit_2(kind, extension, inputs, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")  # a "folder" that is a file: unwritable for root too
    result = run(*command(kind, inputs), "-o", blocker / f"out{extension}")
    assert result.exit_code == 2 and no_traceback(result) and "不是目录" in result.stderr
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            result = run(*command(kind, inputs), "-o", locked / f"out{extension}")
            assert result.exit_code == 2 and "不可写" in result.stderr and not list(locked.iterdir())
        finally:
            locked.chmod(0o700)


def test_a_failed_write_leaves_nothing_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")

    def half_then_fail(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left"):
        atomic_write(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["report.json"]

    def crash(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "new.xlsx", crash)
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


# --- escaping ------------------------------------------------------------------------------------------


def test_markdown_cells_escape_the_pipe_so_columns_hold():
    text = table([["a|b", "第一行\n第二行", "c\\|"]], ["x|y", "说明", "z"], "markdown")
    header, rule, row = text.splitlines()
    unescaped = lambda line: len(line.replace("\\\\", "").replace("\\|", "")) - len(
        line.replace("\\\\", "").replace("\\|", "").replace("|", ""))
    assert unescaped(header) == unescaped(rule) == unescaped(row) == 4
    assert markdown_cell("a|b") == "a\\|b" and "第一行 第二行" in row


def test_validate_markdown_escapes_a_pipe_in_user_text(tmp_path):
    doc = tmp_path / "pipe.txt"
    doc.write_text(SEED.read_text(encoding="utf-8").replace("流动宣传车", "流动|宣传车", 1), encoding="utf-8")
    out = tmp_path / "report.md"
    run("validate", doc, "-o", out)
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.startswith("| "):
            assert line.replace("\\|", "").count("|") == 5, line


def test_csv_quotes_separators_and_keeps_excel_from_running_formulas():
    rows = [{"a": 'say "hi", then', "b": "two\nlines", "c": "=SUM(A1)", "d": "-3.5", "e": None, "f": "@x"}]
    text = dumps_csv(rows)
    back = list(csv.reader(io.StringIO(text)))
    assert back[0] == ["a", "b", "c", "d", "e", "f"]
    assert back[1] == ['say "hi", then', "two\nlines", "'=SUM(A1)", "-3.5", "", "'@x"]
    assert csv_cell("+1") == "+1" and csv_cell("+A1") == "'+A1"


def test_csv_findings_have_one_row_per_finding_and_the_rule_title(tmp_path):
    out = tmp_path / "f.csv"
    run("validate", SEED, "-o", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    report = json.loads(run("validate", SEED, "--format", "json").stdout)
    assert len(rows) == len(report["findings"]) == 88  # the seed's findings, one per CSV row
    assert rows[0]["code"] == "budget.sum" and rows[0]["title"] == "上级科目不等于下级之和"


def test_json_is_written_by_the_c_encoder_one_record_per_line():
    data = {"findings": [{"code": "a", "n": "1.50"}, {"code": "b"}], "summary": {"error": 1}, "empty": []}
    text = dumps_json(data)
    assert json.loads(text) == data
    assert text.splitlines()[2] == '  {"code": "a", "n": "1.50"},'


def _score_result(rules: str = "national"):
    from perfeval.api import score_files

    return score_files([SEED], [ACTUALS], rules)


@pytest.mark.parametrize("rules", ["national", "province-20", "strict"])
def test_the_streamed_score_json_is_the_sheet_to_the_character(rules):
    """-o out.json writes each project as it goes (issue 13.2): the same text the whole dict tree gave."""
    from perfeval.output import result_json_chunks

    result = _score_result(rules)
    for summary_only in (False, True):
        streamed = "".join(result_json_chunks("score", result, summary_only))
        assert streamed == dumps_json(result.to_json(summary_only=summary_only))
    data = json.loads(streamed)
    assert data["summary"]["projects"] == 17 and "projects" not in data


def test_the_streamed_json_keeps_nulls_of_an_incomplete_sheet_and_a_missing_sheet(tmp_path):
    from perfeval.api import score_files, validate_files
    from perfeval.output import result_json_chunks

    partial = tmp_path / "actuals.csv"
    lines = (EXAMPLES / "tongnan-shebao-2026.actuals.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    partial.write_text("".join(lines[:1] + lines[4:]), encoding="utf-8")
    result = score_files([SEED], [partial])
    assert result.missing and any(p.total is None for p in result.projects)
    assert "".join(result_json_chunks("score", result)) == dumps_json(result.to_json())
    empty = score_files([SEED], [tmp_path / "absent.yaml"])
    assert empty.sheet is None
    assert "".join(result_json_chunks("score", empty)) == dumps_json(empty.to_json())
    findings = validate_files([SEED])
    assert "".join(result_json_chunks("validate", findings)) == dumps_json(findings.to_json())
    assert json.loads("".join(result_json_chunks("validate", findings)))["summary"]["error"] == 27


def test_score_json_to_a_file_and_to_stdout_are_the_same_text(tmp_path):
    out = tmp_path / "sheet.json"
    written = CliRunner().invoke(cli, ["score", str(SEED), str(ACTUALS), "-o", str(out)])
    printed = CliRunner().invoke(cli, ["score", str(SEED), str(ACTUALS), "--format", "json"])
    assert written.exit_code == printed.exit_code == 0
    assert out.read_text(encoding="utf-8") == printed.stdout
    assert json.loads(printed.stdout)["projects"][0]["indicators"][0]["score_display"]


def test_html_is_refused_cleanly_when_the_report_module_is_absent(tmp_path, monkeypatch):
    import perfeval.output as output

    monkeypatch.setattr(output, "find_spec", lambda name: None)
    result = run("validate", SEED, "-o", tmp_path / "r.html")
    assert result.exit_code == 2 and "perfeval.render.html" in result.stderr and not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("extension", [".yaml", ".json", ".xlsx"])
def test_convert_is_guarded_too(extension, tmp_path):
    source = tmp_path / f"doc{extension}"
    shutil.copy(EXAMPLES / "tongnan-shebao-2026.yaml", source) if extension != ".xlsx" else None
    if extension == ".xlsx":
        assert run("convert", SEED, "-o", source).exit_code == 0
    before = source.read_bytes()
    onto = run("convert", source, "-o", source)
    assert onto.exit_code == 2 and "输入文件之一" in onto.stderr and source.read_bytes() == before
    missing = run("convert", SEED, "-o", tmp_path / "nope" / f"out{extension}")
    assert missing.exit_code == 2 and no_traceback(missing) and "不存在" in missing.stderr


def test_the_score_table_shows_groups_for_two_units_and_none_for_one():
    """A score run's table skips making groups when every project names one unit (output._one_unit): the
    same text as when they are made; two units (even one project apart) show them."""
    import attrs

    from perfeval import output
    from perfeval.api import score_files

    result = score_files(SEED, ACTUALS)
    assert len(result.files) == 2 and len(result.groups()) == 1 and output._one_unit(result.projects)
    one = output.render_text("score", result, "table")
    assert "按主管部门、实施单位汇总" not in one
    projects = result.sheet.projects
    moved = attrs.evolve(projects[-1], table=attrs.evolve(projects[-1].table, implementer="427001-救助站"))
    two = attrs.evolve(result, sheet=attrs.evolve(result.sheet, projects=(*projects[:-1], moved)))
    assert not output._one_unit(two.projects) and len(two.groups()) == 2
    text = output.render_text("score", two, "table")
    assert "按主管部门、实施单位汇总" in text and "427001-救助站" in text and text.startswith(one.rstrip("\n"))
    # made anyway, one group shows nothing: the skip changes no text
    original = output._one_unit
    try:
        output._one_unit = lambda projects: False
        assert output.render_text("score", result, "table") == one
    finally:
        output._one_unit = original


def test_stdout_written_directly_is_what_click_echo_writes(capsys):
    from perfeval import output

    for text in ("评分\n表", "", "a\x1b[1mb\x1b[0m", "x" * 10):
        output._stdout(text)
        direct = capsys.readouterr().out
        import click

        click.echo(text, nl=False)
        assert direct == capsys.readouterr().out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=12))
def test_batches_give_every_piece_in_order_none_longer_than_a_batch(lengths):
    """_batches (pieces joined into batches, a long one on its own or in slices) writes the pieces' text."""
    from perfeval import output

    pieces = ["".join(chr(0x4e00 + (i * 7 + j) % 50) for j in range(n)) for i, n in enumerate(lengths)]
    kept = output._BATCH, output._BATCH_ALONE
    output._BATCH, output._BATCH_ALONE = 16, 4
    try:
        texts = list(output._batches(iter(pieces)))
    finally:
        output._BATCH, output._BATCH_ALONE = kept
    assert "".join(texts) == "".join(pieces)
    assert all(len(t) <= 16 + 3 for t in texts)  # a batch ends once it passes 16 with a piece under 4
    assert not [p for p in pieces if 4 <= len(p) <= 16 and p not in texts]  # such a piece is written as it is


@pytest.mark.parametrize("count", [0, 1, 2, 255, 256, 257, 600])
def test_validate_json_written_in_blocks_of_records_is_the_whole_report_dumped(count):
    # result_json_chunks joins a few hundred findings' lines at a time with the list's separators
    from perfeval.api import ValidateResult
    from perfeval.findings import Finding, Severity
    from perfeval.model import Location
    from perfeval.output import result_json_chunks

    findings = [Finding(code="weights.sum", severity=Severity.ERROR, message=f"附件 12-{n} 各指标权重合计为 80，应为 90",
                        table=f"附件 12-{n}", project=f"P{n}", location=Location("a.json"), evidence={"total": n})
                for n in range(count)]
    result = ValidateResult(findings, ["a.json"], [])
    assert "".join(result_json_chunks("validate", result)) == dumps_json(result.to_json())
