"""--jobs: many files worked on several processes give the report one process gives (issue 13.5),
through the one read-or-report loop of perfeval.api (issue 15.4)."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfeval import api
from perfeval.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "tongnan-shebao-2026.txt"
ACTUALS = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Sheets and documents, with an unreadable file in the middle of each kind."""
    root = tmp_path_factory.mktemp("jobs")
    sheets = root / "sheets"
    shutil.copytree(EXAMPLES / "audit", sheets)
    (sheets / "m-broken.json").write_text("{not json", encoding="utf-8")
    documents = root / "documents"
    documents.mkdir()
    shutil.copy(SEED, documents / "a-seed.txt")
    (documents / "b-empty.txt").write_text("", encoding="utf-8")
    shutil.copy(EXAMPLES / "tongnan-shebao-2026.yaml", documents / "c-seed.yaml")
    return root


def _run(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", ["audit", "validate", "score"])
def test_two_jobs_give_the_report_of_one(folder, command):
    if command == "audit":
        args = [command, folder / "sheets"]
    elif command == "validate":
        args = [command, folder / "documents"]
    else:
        args = [command, folder / "documents" / "a-seed.txt", folder / "documents" / "b-empty.txt", ACTUALS]
    one = _run(*args, "--format", "json", "--jobs", "1")
    two = _run(*args, "--format", "json", "--jobs", "2")
    assert one == two
    code, stdout, stderr = two
    assert code == 2 and stderr.count("无法读取 ") == 1  # the bad file reported once, as it was met
    assert ("m-broken.json" if command == "audit" else "b-empty.txt") in stdout


def test_results_come_in_input_order_and_a_bad_file_hides_none(folder):
    files = sorted((folder / "sheets").iterdir())
    one = api.audit_files(files, jobs=1)
    two = api.audit_files(files, jobs=2)
    assert [a.sheet.label for a in two.audits] == [a.sheet.label for a in one.audits]
    assert two.files == [str(f) for f in files if f.name != "m-broken.json"] and len(two.files) == len(files) - 1
    assert [u.file for u in two.unreadable] == [str(folder / "sheets" / "m-broken.json")]
    assert two.to_json() == one.to_json() and len(two.findings) == len(one.findings) == 38


def test_one_file_starts_no_pool(monkeypatch):
    import concurrent.futures

    def refuse(*args, **kwargs):
        raise AssertionError("a pool was started for one file")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    assert api.workers(8, 1) == 1 and api.workers(None, 1) == 1 and api.workers(3, 10) == 3
    assert len(api.audit_files([EXAMPLES / "audit" / "faulty-points-110.yaml"], jobs=8).findings) == 6


def test_the_workers_work_pickles_as_a_spawned_process_needs_it():
    """Under the spawn start method (Windows, macOS) each worker receives its work pickled."""
    from perfeval.checks import load_ruleset
    from perfeval.scoring import load_scoring_rules
    from perfeval.selfeval.audit import Auditor

    rules = load_scoring_rules("national")
    work = api._Audit(Auditor(rules, taxonomy=load_ruleset("national")))
    again = pickle.loads(pickle.dumps(work))
    sheet = EXAMPLES / "audit" / "faulty-jiuye-peixun.json"
    assert again(sheet) == work(sheet) and again.auditor.rules == rules
    assert pickle.loads(pickle.dumps(api._Validate(load_ruleset("national"))))(SEED)[1] == \
        api._Validate(load_ruleset("national"))(SEED)[1]


def test_every_pipeline_reads_its_files_through_the_one_loop(monkeypatch, folder):
    seen = []
    loop = api.each_file

    def counted(files, work, unreadable, **kwargs):
        seen.append([Path(f).name for f in files])
        return loop(files, work, unreadable, **kwargs)

    monkeypatch.setattr(api, "each_file", counted)
    api.validate_files(folder / "documents")
    api.score_files(SEED, ACTUALS)
    api.audit_files(folder / "sheets" / "m-broken.json")
    assert seen == [["a-seed.txt", "b-empty.txt", "c-seed.yaml"], [SEED.name], [ACTUALS.name], ["m-broken.json"]]
