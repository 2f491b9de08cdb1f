"""Every `perfeval …` command in README.md and docs/*.md code blocks runs as written.

Commands are taken from fenced code blocks (a line starting with `perfeval ` or
`$ perfeval `); synopsis lines (placeholders such as FILE..., TARGETS, `[--rules …]`) are
skipped. Each document's commands run in order, in-process (click's CliRunner), in one
temporary copy of examples/ and rules/, so a command may read what an earlier one wrote.
The exit code must be 0 or 1 (never 2: a documented command does not fail to read its input);
where the line's comment says `退出码 N` / `exit N`, exactly N. `rules check` takes tens of
seconds, so those commands run only with `-m slow`.
"""

from __future__ import annotations

import glob
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfeval.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_PLACEHOLDER = re.compile(r"\b[A-Z]{3,}\b|\[--|\.\.\.")
_EXIT = re.compile(r"(?:退出码|exit(?: code)?)\s*(\d)")
SLOW = ("rules check",)


def commands(page: Path) -> list[tuple[int, str]]:
    """(line number, command line) of every runnable perfeval command in `page`'s code blocks."""
    found, fenced = [], False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            continue
        if stripped.startswith("$ "):
            stripped = stripped[2:]
        if not stripped.startswith("perfeval "):
            continue
        command = stripped.split(" #", 1)[0]
        if _PLACEHOLDER.search(command):
            continue
        found.append((number, stripped))
    return found


def _cases():
    for page in PAGES:
        lines = commands(page)
        if not lines:
            continue
        slow = any(s in line for _, line in lines for s in SLOW)
        marks = [pytest.mark.slow] if slow else []
        fast = [(n, line) for n, line in lines if not any(s in line for s in SLOW)]
        if fast:
            yield pytest.param(page, fast, id=page.name)
        if slow:
            yield pytest.param(page, lines, id=f"{page.name}-all", marks=marks)


def _workspace(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    # the rule files docs/testing-rules.md adapts
    shutil.copy(ROOT / "rules" / "scoring" / "national.toml", tmp_path / "my-province.toml")
    shutil.copy(ROOT / "rules" / "validation" / "national.toml", tmp_path / "my-validation.toml")
    return tmp_path


def _argv(line: str) -> list[str]:
    words = shlex.split(line, comments=True)[1:]
    argv = []
    for word in words:
        argv.extend(sorted(glob.glob(word)) or [word] if any(c in word for c in "*?[") else [word])
    return argv


def test_the_pages_have_commands_to_run():
    assert sum(len(commands(p)) for p in PAGES) >= 20


@pytest.mark.parametrize(("page", "lines"), list(_cases()))
def test_documented_commands_run_as_written(page, lines, tmp_path, monkeypatch):
    monkeypatch.chdir(_workspace(tmp_path))
    monkeypatch.setenv("COLUMNS", "120")
    runner = CliRunner()
    for number, line in lines:
        result = runner.invoke(cli, _argv(line), catch_exceptions=True)
        where = f"{page.name}:{number}: {line}\n{result.output[-2000:]}"
        assert result.exception is None or isinstance(result.exception, SystemExit), where
        expected = _EXIT.search(line.split("#", 1)[1]) if "#" in line else None
        if expected:
            assert result.exit_code == int(expected.group(1)), where
        else:
            assert result.exit_code in (0, 1), where


def test_the_python_session_in_docs_api_runs(monkeypatch):
    """docs/api.md's `>>>` examples, run as doctests from the repository's root."""
    import doctest

    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    session = "\n".join(block for block in blocks if ">>>" in block)
    assert session.count(">>>") >= 10
    monkeypatch.chdir(ROOT)
    test = doctest.DocTestParser().get_doctest(session, {}, "docs/api.md", "docs/api.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries == session.count(">>>")
