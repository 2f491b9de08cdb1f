"""A reader that stops early (`perfeval validate … | head`): the run ends quietly with exit code 141."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT, SEED


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess:
    """Run perfeval with standard output a pipe whose reader is already gone (so every write fails)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "perfeval", *args], stdout=write_end, stderr=subprocess.PIPE,
                              cwd=ROOT, text=True, timeout=60)
    finally:
        os.close(write_end)


@pytest.mark.skipif(sys.platform == "win32", reason="a closed pipe gives EINVAL, not EPIPE, on Windows")
@pytest.mark.parametrize("args", [
    ("validate", str(SEED)),                    # a report larger than the stream's buffer: written while it runs
    ("validate", str(SEED), "--summary-only"),  # a few lines: written by the last flush, as the run ends
])
def test_a_reader_gone_ends_the_run_with_141_and_no_message(args):
    done = run_into_closed_pipe(*args)
    assert (done.returncode, done.stderr) == (141, "")


def test_with_its_reader_the_same_run_exits_with_its_own_code():
    done = subprocess.run([sys.executable, "-m", "perfeval", "validate", str(SEED), "--summary-only"],
                          capture_output=True, cwd=ROOT, text=True, timeout=60)
    assert done.returncode == 1 and "错误" in done.stdout and done.stderr == ""
