"""`perfeval show` and `perfeval convert` as a user runs them, bad input included."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from perfeval.cli import cli
from perfeval.readers import read_document

from .conftest import SEED


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_show_prints_every_target_table_and_indicator():
    result = run("show", str(SEED))
    assert result.exit_code == 0
    doc = read_document(SEED)
    for table in doc.target_tables:
        assert f"{table.label}  {table.title}" in result.output
        for indicator in table.indicators:
            assert indicator.name in result.output
    for table in doc.budget_tables:
        assert table.label in result.output
    assert "社会保险经办机构" in result.output
    assert "共 10 张预算表，17 张项目支出绩效目标表，79 个项目绩效指标，1 张部门整体绩效目标表。" in result.output


def test_show_one_table_aligns_chinese_columns():
    result = run("show", str(SEED), "--table", "附件12-4")
    assert result.exit_code == 0
    assert "附件 12-2" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith(("产出指标", "效益指标"))]
    assert len(lines) == 5
    from wcwidth import wcswidth

    # The 指标性质 column starts at the same display column on every row.
    starts = {wcswidth(line[: re.search(r" [>≥=] ", line).start()]) for line in lines}
    assert len(starts) == 1


def test_convert_round_trip_through_the_cli(tmp_path):
    out = tmp_path / "seed.yaml"
    assert run("convert", str(SEED), "-o", str(out)).exit_code == 0
    back = tmp_path / "back.json"
    assert run("convert", str(out), "-o", str(back)).exit_code == 0
    assert read_document(back) == read_document(SEED)


def test_convert_to_stdout_as_json():
    result = run("convert", str(SEED), "-o", "-", "--to", "json")
    assert result.exit_code == 0 and result.output.lstrip().startswith("{")


def test_convert_unknown_output_extension(tmp_path):
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
    assert "x.docx" in result.output and ".yaml" in result.output


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "\u6587\u4ef6\u4e3a\u7a7a"),  # 文件为空
        (b"  \n\n", "文件为空"),
        (b"\x00\x01binary\x00", "二进制内容"),
        (b"\xff\xfe\xfa\xfb\x80\x81\x82", "UTF-8 或 GBK/GB18030"),
    ],
)
def test_unreadable_content_exits_2_with_file_and_reason(tmp_path, content, expected):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 2
    assert str(path) in result.output and expected in result.output
    assert "Traceback" not in result.output


def test_missing_file_and_directory(tmp_path):
    missing = CliRunner().invoke(cli, ["show", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "文件不存在" in missing.output
    folder = CliRunner().invoke(cli, ["show", str(tmp_path)])
    assert folder.exit_code == 2


def test_gb18030_text_is_detected(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert read_document(path) == read_document(SEED)


def test_bad_row_exits_2_naming_line(tmp_path):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert lines[513].startswith("\t产出指标\t数量指标\t参保缴费人数")
    lines[513] = lines[513].replace("\t>\t", "\t约等于\t")
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 2
    assert f"{path}:514" in result.output and "未知的指标性质" in result.output


def test_python_dash_m_runs_without_traceback(tmp_path):
    missing = tmp_path / "none.yaml"
    proc = subprocess.run([sys.executable, "-m", "perfeval", "show", str(missing)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "文件不存在" in proc.stderr
