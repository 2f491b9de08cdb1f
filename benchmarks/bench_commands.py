"""Benchmark: whole perfeval commands (process start to output written) against a process
that only `json.load`s the same input files, measured side by side in one run.

Each command and each baseline runs as its own child process; CPU seconds (user + system)
and peak RSS come from the child's own resource usage (os.wait4), so the figures include
interpreter start-up, imports and writing the output, as a user's run does. The baseline is
reported twice: with the garbage collector on (as a plain script runs) and paused (as
perfeval runs), so neither side is flattered.

    python benchmarks/bench_commands.py                     # validate 100k, score 100k, audit 10k
    python benchmarks/bench_commands.py --score 1000000     # and the 1M score run
    python benchmarks/bench_commands.py --repeat 3 --only validate

Inputs are generated once into --dir with the generators of bench_validate.py,
bench_score.py and bench_audit.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

_BASELINE = ("import json, sys, gc\n"
             "if sys.argv[1] == 'paused':\n    gc.disable()\n"
             "for name in sys.argv[2:]:\n"
             "    with open(name, encoding='utf-8') as f:\n        json.load(f)\n")


# Children run as an installed perfeval does: from compiled bytecode (pip install leaves it), even
# where the environment says PYTHONDONTWRITEBYTECODE (each run would otherwise compile the package).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_package() -> None:
    import compileall

    compileall.compile_dir(str(ROOT / "perfeval"), quiet=1)


def run(argv: list[str]) -> tuple[float, float, int]:
    """(wall s, CPU s, peak RSS MiB) of one child process; its output goes to /dev/null."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        child = subprocess.Popen(argv, stdout=sink, stderr=sink, env=_ENV)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def median_run(argv: list[str], repeat: int) -> tuple[float, float, int]:
    runs = [run(argv) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), max(r[2] for r in runs))


def _paths(folder: Path, validate: int, score: int, audit: int, distinct: bool = False) -> dict[str, list[Path]]:
    """Where `inputs` writes each job's files (`distinct` inputs under their own names)."""
    made: dict[str, list[Path]] = {}
    kind = "distinct-" if distinct else ""
    if validate:
        made["validate"] = [folder / f"{kind}validate-{validate}.json"]
    if score:
        sub = folder / f"{kind}score-{score}"
        made["score"] = [sub / "targets.json", sub / "actuals.json"]
    if audit:
        made["audit"] = [folder / f"{kind}audit-{audit}.json"]
    return made


def inputs(folder: Path, validate: int, score: int, audit: int, distinct: bool = False) -> dict[str, list[Path]]:
    """Generate (once) the JSON inputs of each job."""
    folder.mkdir(parents=True, exist_ok=True)
    made = _paths(folder, validate, score, audit, distinct)
    if validate and not made["validate"][0].exists():
        from bench_validate import synthetic
        from perfeval.writers.native import dump_json
        made["validate"][0].write_text(dump_json(synthetic(validate, distinct)), encoding="utf-8")
    if score and not made["score"][1].exists():
        from bench_score import generate
        generate(made["score"][0].parent, score, distinct=distinct)
    if audit and not made["audit"][0].exists():
        from bench_audit import generate
        generate(made["audit"][0], audit, distinct=distinct)
    return made


def commands(made: dict[str, list[Path]], out: Path) -> list[tuple[str, str, list[str]]]:
    """(job, label, argv) of each whole command measured."""
    exe = [sys.executable, "-m", "perfeval"]
    jobs = []
    if "validate" in made:
        doc = str(made["validate"][0])
        jobs.append(("validate", "validate (table)", exe + ["validate", doc]))
        jobs.append(("validate", "validate --format json -o", exe + ["validate", doc, "--format", "json",
                                                                      "-o", str(out / "findings.json")]))
    if "score" in made:
        targets, actuals = (str(p) for p in made["score"])
        jobs.append(("score", "score --format json -o", exe + ["score", targets, actuals, "--format", "json",
                                                                "-o", str(out / "sheet.json")]))
        jobs.append(("score", "score (table)", exe + ["score", targets, actuals]))
    if "audit" in made:
        jobs.append(("audit", "audit (table)", exe + ["audit", str(made["audit"][0])]))
    return jobs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validate", type=int, default=100_000, help="indicators (0: skip)")
    parser.add_argument("--score", type=int, default=100_000, help="indicators (0: skip)")
    parser.add_argument("--audit", type=int, default=10_000, help="sheets (0: skip)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", choices=("validate", "score", "audit"))
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "perfeval-bench-commands")
    parser.add_argument("--distinct", action="store_true",
                        help="inputs whose rows each name their own indicator (no row written twice; see _distinct.py)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = {"validate": args.validate, "score": args.score, "audit": args.audit}
    if args.only:
        sizes = {k: (v if k == args.only else 0) for k, v in sizes.items()}
    if args.generate_only:
        inputs(args.dir, **sizes, distinct=args.distinct)
        return
    # Inputs are made in a child process: a child forked from a parent that holds the generated
    # data would start with the parent's resident memory and report it as its own peak.
    subprocess.run([sys.executable, __file__, "--generate-only", "--dir", str(args.dir),
                    *(f"--{k}={v}" for k, v in sizes.items()), *(["--distinct"] if args.distinct else [])],
                   check=True)
    made = _paths(args.dir, **sizes, distinct=args.distinct)
    compile_package()
    out = Path(tempfile.mkdtemp(prefix="perfeval-bench-out-"))

    rows, figures = [], []
    for job, label, argv in commands(made, out):
        files = [str(p) for p in made[job]]
        base_on = median_run([sys.executable, "-c", _BASELINE, "on", *files], args.repeat)
        base_off = median_run([sys.executable, "-c", _BASELINE, "paused", *files], args.repeat)
        cmd = median_run(argv, args.repeat)
        mb = sum(Path(f).stat().st_size for f in files) / 1e6
        rows.append((label, f"{mb:.1f} MB", f"{base_on[1]:.2f} s / {base_off[1]:.2f} s", f"{cmd[1]:.2f} s",
                     f"{cmd[1] / base_on[1]:.1f}× / {cmd[1] / base_off[1]:.1f}×",
                     f"{cmd[2]} MiB vs {base_on[2]} MiB"))
        figures.append({"command": label, "input_mb": round(mb, 1), "baseline_cpu_s": round(base_on[1], 3),
                        "baseline_paused_cpu_s": round(base_off[1], 3), "command_cpu_s": round(cmd[1], 3),
                        "command_wall_s": round(cmd[0], 3), "peak_rss_mib": cmd[2],
                        "baseline_peak_rss_mib": base_on[2]})
        print(f"{label}: {cmd[1]:.2f} s CPU, baseline {base_on[1]:.2f} s (gc on) / {base_off[1]:.2f} s (paused)",
              file=sys.stderr)

    from tabulate import tabulate
    print(tabulate(rows, headers=("whole command", "input", "json.load process (gc on / paused)",
                                  "perfeval", "ratio", "peak RSS"), tablefmt="github"))
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
