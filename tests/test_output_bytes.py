"""Score's JSON projects are made as UTF-8 bytes (scoring.sheet.project_json_lines(encoded=True)) and written as
they are: _batches gives them in order between the batched texts, write_chunks writes them beside the encoded
texts (one BOM for utf-8-sig), and a file or stdout gets the text the str pieces make."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from perfeval import output


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.booleans()), max_size=12))
def test_batches_give_bytes_as_they_are_between_the_texts(pieces):
    made = ["".join(chr(0x4e00 + (i * 7 + j) % 50) for j in range(n)) for i, (n, _) in enumerate(pieces)]
    given_ = [text.encode() if as_bytes else text for text, (_, as_bytes) in zip(made, pieces)]
    kept = output._BATCH, output._BATCH_ALONE
    output._BATCH, output._BATCH_ALONE = 16, 4
    try:
        got = list(output._batches(iter(given_)))
    finally:
        output._BATCH, output._BATCH_ALONE = kept
    assert "".join(t.decode() if type(t) is bytes else t for t in got) == "".join(made)
    assert [t for t in got if type(t) is bytes] == [p for p in given_ if type(p) is bytes]  # each as it is


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_write_chunks_writes_texts_and_bytes_in_order(tmp_path, encoding):
    path = tmp_path / "out.json"
    texts = ["{\n", "评分", "x" * 5000, "。\n"]
    pieces = texts if encoding != "utf-8" else [texts[0], texts[1].encode(), texts[2], texts[3].encode()]
    output.write_chunks(path, iter(pieces), encoding)
    assert path.read_bytes() == "".join(texts).encode(encoding)  # one BOM for utf-8-sig


def test_bytes_are_refused_for_a_file_of_another_encoding(tmp_path):
    with pytest.raises(ValueError):
        output.write_chunks(tmp_path / "out.csv", iter(["a", b"b"]), "utf-8-sig")


def test_the_encoded_project_texts_are_the_texts_encoded():
    from perfeval.api import score_files
    from perfeval.scoring.sheet import project_json_lines
    from tests.test_output import ACTUALS, SEED

    sheet = score_files([SEED], ACTUALS, "national").sheet
    for separated in (False, True):
        encoded = list(project_json_lines(sheet, separated, encoded=True))
        assert all(type(b) is bytes for b in encoded)
        assert [b.decode() for b in encoded] == list(project_json_lines(sheet, separated))
    assert '"level1": "产出指标"' in list(project_json_lines(sheet))[0]


def test_score_json_on_stdout_is_the_file_s_text_through_the_binary_stream(capsys):
    """emit to stdout writes the projects' bytes to the binary stream, in order with the text around them."""
    from perfeval.api import score_files
    from tests.test_output import ACTUALS, SEED

    result = score_files([SEED], ACTUALS, "national")
    output.emit("score", result, "json", None)
    printed = capsys.readouterr().out
    assert printed == output.render_text("score", result, "json")


def test_stdout_writes_bytes_as_click_echo_writes_their_text(capsys):
    """Bytes reach stdout as click.echo writes their text: as they are, or with an escape code stripped where
    stdout is no terminal (through click.echo as a text)."""
    import click

    for text in ("评分\n表", "a\x1b[1mb\x1b[0m", ""):
        output._stdout(text.encode())
        direct = capsys.readouterr().out
        click.echo(text, nl=False)
        assert direct == capsys.readouterr().out
    assert "\x1b" not in direct
