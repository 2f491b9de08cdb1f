"""Benchmark: where one whole perfeval command spends its CPU time, phase by phase.

The command runs in a child process as `python -m perfeval` runs it (perfeval.cli imported with the
collector paused, then perfeval.cli.run), with marks taken from the child's own CPU clock at:

    start-up      the interpreter and site, before perfeval is imported
    command line  perfeval.cli (click, the command group)
    imports       the command's own modules and its rule set, up to the api call (validate_files,
                  score_files or audit_files)
    work          that call: reading, checking, scoring or auditing
    output        perfeval.output.emit: the report rendered and written (stdout goes to /dev/null)
    exit          the exit handlers and the interpreter's end (the child's total CPU from os.wait4
                  less the clock at the last mark)

Each phase is the median over --repeat runs (CPU s, user + system); the total is the median total.

    python benchmarks/bench_phases.py score /tmp/fastread-bench/score-100000/targets.json \\
        /tmp/fastread-bench/score-100000/actuals.json --repeat 5
    python benchmarks/bench_phases.py validate /tmp/fastread-bench/validate-100000.json

Run it with the tree to measure as the working directory (or on PYTHONPATH); like bench_commands.py
it compiles the package first, as an installed perfeval runs from bytecode.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PHASES = ("start-up", "command line", "imports", "work", "output", "exit")

# The child: marks on its CPU clock (time.process_time: user + system of this process), written as JSON to
# the file named by PERFEVAL_PHASES by the first exit handler registered, which runs last.
_CHILD = """
import time
marks = [time.process_time()]
import atexit, json, os, sys

def _done():
    marks.append(time.process_time())
    with open(os.environ["PERFEVAL_PHASES"], "w") as f:
        json.dump(marks, f)

atexit.register(_done)
from perfeval._gc import paused_gc

with paused_gc():
    from perfeval.cli import run
marks.append(time.process_time())
import perfeval.api as api
import perfeval.output as output

def _marked(function, before):
    def call(*args, **kwargs):
        if before:
            marks.append(time.process_time())
        result = function(*args, **kwargs)
        marks.append(time.process_time())
        return result
    return call

for name in ("validate_files", "score_files", "audit_files"):
    setattr(api, name, _marked(getattr(api, name), True))
output.emit = _marked(output.emit, False)
run(sys.argv[1:])
"""


def run(args: list[str]) -> tuple[list[float], float]:
    """The phases (CPU s, in PHASES' order) and the total of one child run."""
    with tempfile.TemporaryDirectory() as folder:
        marks_file = Path(folder) / "marks.json"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PERFEVAL_PHASES"] = str(marks_file)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
        with open(os.devnull, "wb") as sink:
            child = subprocess.Popen([sys.executable, "-c", _CHILD, *args], stdout=sink, stderr=sink, env=env)
            _, status, usage = os.wait4(child.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1) or not marks_file.exists():
            raise SystemExit(f"perfeval {' '.join(args)} exited {code}")
        marks = json.loads(marks_file.read_text())
    total = usage.ru_utime + usage.ru_stime
    if len(marks) != len(PHASES):  # start, cli, api call, api return, emit, last handler
        raise SystemExit(f"perfeval {' '.join(args)}: {len(marks)} marks, expected {len(PHASES)}")
    phases = [marks[0]] + [b - a for a, b in zip(marks, marks[1:])]
    phases[-1] = total - marks[-2]  # the exit handlers and the interpreter's end
    return phases, total


def main() -> None:
    argv = sys.argv[1:]
    repeat = 3
    if "--repeat" in argv:
        at = argv.index("--repeat")
        repeat = int(argv[at + 1])
        del argv[at:at + 2]
    if not argv or argv[0] in ("-h", "--help"):
        raise SystemExit(__doc__)
    import compileall

    compileall.compile_dir(str(ROOT / "perfeval"), quiet=1)
    runs = [run(argv) for _ in range(repeat)]
    print(f"perfeval {' '.join(argv)}  (median CPU s of {repeat} runs)")
    for index, name in enumerate(PHASES):
        print(f"  {name:<13} {statistics.median(r[0][index] for r in runs):.3f}")
    print(f"  {'total':<13} {statistics.median(r[1] for r in runs):.3f}")


if __name__ == "__main__":
    main()
