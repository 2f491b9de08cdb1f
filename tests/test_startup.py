"""What start-up trimming replaced gives what it replaced: differential tests against the old code."""

from __future__ import annotations

import json
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfeval.checks.ruleset import _line_of, _writes

# the pieces a rule file's lines are made of, and some that merely look like them
_PIECES = st.sampled_from(["[", "]", "[[", "]]", "rules.", "rules", ".", '"', "'", "=", " ", "\t", "\u3000",
                           "a", "b", "weights.sum", "total", "ab", "x=", "权重", "\\", "*", "+"])
_TEXTS = st.lists(_PIECES, max_size=10).map("".join)


def _old_writes(line: str, key: str) -> bool:
    """checks.ruleset before: one pattern compiled per key."""
    return re.compile(rf"""^\s*(\[+\s*)?(rules\.)?["']?{re.escape(key)}["']?\s*(\]+|=)""").search(line) is not None


@settings(max_examples=800, deadline=None)
@given(line=_TEXTS, key=_TEXTS)
@example(line='[rules."weights.sum"]', key="weights.sum")
@example(line="  [[ rules.a ]]", key="a")
@example(line='"" = 1', key="")
@example(line="a = b = 1", key="a = b")
@example(line="aa=", key="a")
@example(line="[a]", key="[a")
def test_a_line_writes_a_key_as_the_pattern_per_key_said(line, key):
    assert _writes(line, key) == _old_writes(line, key)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_TEXTS, max_size=6), key=_TEXTS, after=st.one_of(st.none(), st.integers(0, 7)))
def test_the_line_of_a_key_is_the_first_line_that_writes_it(lines, key, after):
    text = "\n".join(lines)
    split = text.splitlines()
    old = next((n + 1 for n in range(after or 0, len(split)) if _old_writes(split[n], key)), None)
    assert _line_of(text, key, after) == old


def test_the_collector_runs_again_after_a_command_paused_it_for_start_up():
    import gc
    from pathlib import Path

    from click.testing import CliRunner

    from perfeval.cli import cli

    seed = Path(__file__).resolve().parents[1] / "examples" / "tongnan-shebao-2026.txt"
    for args in (["validate", str(seed)], ["score", str(seed), str(seed.with_suffix(".actuals.yaml"))],
                 ["validate", "--rules", "nonexistent-rule-set", str(seed)]):
        assert gc.isenabled()
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 1, 2) and result.exception is None or isinstance(result.exception, SystemExit)
        assert gc.isenabled()


def test_what_a_command_kept_is_frozen_as_the_process_exits(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    seed = root / "examples" / "tongnan-shebao-2026.txt"
    out = tmp_path / "findings.json"
    # registered before main(), so it runs after main's exit handler (last in, first out)
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 10000, file=sys.stderr))\n"
            "from perfeval.cli import main\n"
            "try:\n    main(['validate', sys.argv[1], '-o', sys.argv[2]])\nexcept SystemExit:\n    pass\n")
    result = subprocess.run([sys.executable, "-c", code, str(seed), str(out)], capture_output=True, text=True,
                            cwd=root, env={"PYTHONPATH": str(root), "PATH": ""})
    assert result.stderr.strip().splitlines()[-1] == "frozen True"
    report = json.loads(out.read_text(encoding="utf-8"))  # written whole before the exit
    assert len(report["findings"]) == 88 and report["summary"]["error"] == 27


def test_by_default_small_batches_start_no_pool(tmp_path):
    import os

    from perfeval import api

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    small = []
    for n in range(6):
        small.append(tmp_path / f"small{n}.txt")
        small[-1].write_bytes(b"x" * 1000)
    assert api.workers(None, 6, small) == 1
    assert api.workers(3, 6, small) == 3  # asked for: a pool all the same
    large = [tmp_path / "large0.txt", tmp_path / "large1.txt"]
    for path in large:
        path.write_bytes(b"x" * (api.POOL_FROM_BYTES // 2))  # together exactly the limit
    assert api.workers(None, 2, large) == min(cores, 2)
    assert api.workers(None, 3, [*large, tmp_path / "missing.txt"]) == min(cores, 3)
    assert api.workers(None, 2, [large[0], tmp_path / "missing.txt"]) == 1


def test_auditing_the_example_folder_starts_no_pool():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = ("import sys\nfrom perfeval.cli import main\n"
            "try:\n    main(['audit', sys.argv[1], '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "print('pool' if 'concurrent.futures.process' in sys.modules else 'no pool', file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(root / "examples" / "audit")], capture_output=True,
                            text=True, cwd=root, env={"PYTHONPATH": str(root), "PATH": ""})
    assert result.stderr.strip().splitlines()[-1] == "no pool"


def test_the_process_entry_point_ends_as_the_interpreter_would(tmp_path):
    """perfeval.cli.run (the console script, python -m perfeval) skips the interpreter's teardown: the exit
    handlers still run, what was written is whole, the exit code and a SystemExit's message are the same."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    seed = root / "examples" / "tongnan-shebao-2026.txt"
    env = {"PYTHONPATH": str(root), "PATH": ""}
    out = tmp_path / "findings.json"
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
            "from perfeval.cli import run\n"
            "print('buffered', end='')\n"
            "run(sys.argv[1:])\n"
            "print('never reached', file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code, "validate", str(seed), "-o", str(out)], capture_output=True,
                          text=True, cwd=root, env=env)
    assert done.returncode == 1  # (the seed has errors)
    assert done.stdout == "buffered" and done.stderr.strip().splitlines()[-1] == "handler ran"
    report = json.loads(out.read_text(encoding="utf-8"))
    assert len(report["findings"]) == 88 and report["summary"]["error"] == 27
    shown = subprocess.run([sys.executable, "-m", "perfeval", "validate", str(seed)], capture_output=True, text=True,
                           cwd=root, env=env)
    assert shown.returncode == 1 and shown.stdout.count("\n") > 88  # the whole table, flushed before the end
    missing = subprocess.run([sys.executable, "-m", "perfeval", "validate", str(tmp_path / "none.txt")],
                             capture_output=True, text=True, cwd=root, env=env)
    assert missing.returncode == 2 and "none.txt" in missing.stderr
    message = subprocess.run([sys.executable, "-c", "import sys\nfrom perfeval import cli\n"
                              "cli.main = lambda argv: sys.exit('停止')\ncli.run()"], capture_output=True, text=True,
                             cwd=root, env=env)
    assert message.returncode == 1 and message.stderr == "停止\n"
