"""`perfeval template actuals`: the template, filled in with the example actuals, scores as the YAML actuals do."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from perfeval.cli import cli
from perfeval.api import score_files
from perfeval.readers.actuals import read_actuals
from perfeval.scoring import sheet_to_json

from ._template_fill import fill_csv, fill_xlsx
from .conftest import EXAMPLES, SEED

ACTUALS = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"


def _scores(sheet):
    return [(p["project_code"], p["total"], p["grade"], [(i["name"], i["weight"], i["score"], i["status"])
                                                         for i in p["indicators"]], p["execution"])
            for p in sheet_to_json(sheet)["projects"]]


@pytest.fixture(scope="module")
def expected():
    return _scores(score_files(str(SEED), str(ACTUALS)).sheet)


@pytest.mark.parametrize("suffix, fill", [(".xlsx", fill_xlsx), (".csv", fill_csv)])
def test_filled_template_scores_as_the_yaml_actuals(tmp_path, expected, suffix, fill):
    path = tmp_path / f"实际完成值{suffix}"
    result = CliRunner().invoke(cli, ["template", "actuals", str(SEED), "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert "17 个项目、79 个指标" in result.output
    blank = CliRunner().invoke(cli, ["score", str(SEED), str(path), "--format", "json"])
    assert blank.exit_code == 1  # nothing filled in yet: every indicator and every project's funds listed as missing
    assert blank.stderr.count("缺少实际完成值") == 79 and blank.stderr.count("缺少全年预算数、全年执行数") == 17
    fill(path, read_actuals(ACTUALS))
    assert _scores(score_files(str(SEED), str(path)).sheet) == expected
    scored = CliRunner().invoke(cli, ["score", str(SEED), str(path)])
    assert scored.exit_code == 0, scored.output


def test_refuses_other_extensions_and_existing_files(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli, ["template", "actuals", str(SEED), "-o", str(tmp_path / "a.json")])
    assert bad.exit_code == 2 and "模板文件扩展名为 .xlsx 或 .csv" in bad.output
    existing = tmp_path / "a.csv"
    existing.write_text("已填写的数据", encoding="utf-8")
    kept = runner.invoke(cli, ["template", "actuals", str(SEED), "-o", str(existing)])
    assert kept.exit_code == 2 and "--force" in kept.output
    assert existing.read_text(encoding="utf-8") == "已填写的数据"
    forced = runner.invoke(cli, ["template", "actuals", str(SEED), "-o", str(existing), "--force"])
    assert forced.exit_code == 0 and existing.read_text(encoding="utf-8-sig").startswith("项目编码,")


def test_targets_without_project_tables_are_refused(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("格式: perfeval 1\n单位名称: 某单位\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["template", "actuals", str(empty), "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_several_targets_and_folders_and_every_unreadable_one_listed(tmp_path):
    folder = tmp_path / "目标表"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "t.csv"
    result = CliRunner().invoke(cli, ["template", "actuals", str(folder), "-o", str(out)])
    assert result.exit_code == 0 and "17 个项目" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("格式: [\n", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["template", "actuals", str(SEED), str(bad), str(tmp_path / "none.txt"),
                                       "-o", str(tmp_path / "u.csv")])
    assert refused.exit_code == 2 and "bad.yaml" in refused.output and "none.txt" in refused.output
    assert not (tmp_path / "u.csv").exists()


def test_a_gbk_console_gets_no_traceback(tmp_path):
    result = CliRunner(charset="gbk").invoke(cli, ["template", "actuals", str(SEED), "-o", str(tmp_path / "g.xlsx")])
    assert result.exception is None and result.exit_code == 0 and "已写入" in result.stderr
