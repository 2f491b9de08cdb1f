"""Long fuzz run: thousands of hostile inputs per kind through the CLI, in-process.

For each kind in tests/fuzzing.py (seed text, YAML/JSON documents, actuals in every
format, 自评表, rule files, workbooks) it generates damaged inputs from a seeded
Random and checks the promise: exit code in {0, 1, 2}, no traceback, no input that
reaches the CLI's last guard, none over 10 s. It prints, per kind, the inputs
tried, the crashes, the slowest input and the process's peak memory (max RSS).

Then the round-trip oracle (tests/fuzzing.py `round_trip_run`): generated documents written
in every format perfeval writes (YAML, JSON, form and flat workbooks), generated actuals
filled into the actuals template (CSV, workbook) and generated score sheets written as the
official 自评表, each read back and compared field by field; every difference is counted
and printed as `silent changes: N` (the promise: 0).

Usage:  python benchmarks/fuzz_long.py [--per-kind 10000] [--seed 0] [--kinds "seed text,rules"]
        [--counts "workbook=500,round trip=200"] [--progress 1000] [--save-crashes DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzzing import KINDS, check, round_trip_run  # noqa: E402

ROUND_TRIP = "round trip"  # the oracle's entry in --kinds and --counts (default: per-kind / 20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kinds", default=",".join([*KINDS, ROUND_TRIP]))
    parser.add_argument("--save-crashes", type=Path)
    parser.add_argument("--progress", type=int, default=1000, help="print a progress line every N inputs")
    parser.add_argument("--counts", default="", help='per-kind overrides, e.g. "workbook=500,actuals=1000"')
    args = parser.parse_args()
    counts = {k.strip(): int(v) for k, v in (item.split("=") for item in args.counts.split(",") if "=" in item)}
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    total_crashes = 0
    print(f"{'kind':<20} {'inputs':>7} {'crashes':>7} {'over 10 s':>9} {'slowest':>9}  {'wall':>7}  peak RSS")
    for kind in kinds:
        if kind == ROUND_TRIP:
            continue
        rng = random.Random(f"{args.seed}:{kind}")
        crashes, slow, slowest, slowest_case = 0, 0, 0.0, None
        started = time.perf_counter()
        for n in range(counts.get(kind, args.per_kind)):
            if n and n % args.progress == 0:
                print(f"  … {kind}: {n} inputs, {crashes} crashes, slowest {slowest:.2f}s, "
                      f"{time.perf_counter() - started:.0f}s", flush=True)
            with tempfile.TemporaryDirectory() as tmp:
                outcome = check(KINDS[kind](rng, Path(tmp)))
                if outcome.seconds > slowest:
                    slowest, slowest_case = outcome.seconds, outcome.case
                if outcome.seconds > 10:
                    slow += 1
                if outcome.failure:
                    crashes += 1
                    print(f"  CRASH {kind} #{n}: {outcome.failure}", flush=True)
                    if args.save_crashes:
                        target = args.save_crashes / f"{kind.replace(' ', '_').replace('/', '_')}-{n}"
                        shutil.copytree(tmp, target, dirs_exist_ok=True)
                        (target / "command.txt").write_text(" ".join(outcome.case.args), encoding="utf-8")
        total_crashes += crashes
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{kind:<20} {counts.get(kind, args.per_kind):>7} {crashes:>7} {slow:>9} {slowest:>8.2f}s  {time.perf_counter() - started:>6.0f}s  "
              f"{peak:.0f} MB   slowest: {slowest_case.kind if slowest_case else ''}", flush=True)
    silent = 0
    if ROUND_TRIP in kinds:
        examples = counts.get(ROUND_TRIP, max(1, args.per_kind // 20))
        started = time.perf_counter()

        def heard(n, changes):
            for change in changes[:5]:
                print(f"  SILENT CHANGE #{n}: {change}", flush=True)

        ran, changes = round_trip_run(examples, args.seed, heard)
        silent = len(changes)
        print(f"{ROUND_TRIP:<20} {ran:>7} generated cases: 2 documents in 4 document formats each, actuals in the "
              f"template (csv, xlsx), a score sheet in the official 自评表 and its sheets in YAML/JSON; "
              f"{time.perf_counter() - started:.0f}s", flush=True)
    print(f"crashes: {total_crashes}")
    print(f"silent changes: {silent}")
    return 1 if total_crashes or silent else 0


if __name__ == "__main__":
    sys.exit(main())
