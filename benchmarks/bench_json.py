"""Benchmark: writing the JSON reports, perfeval.output.dumps_json against json.dumps(indent=2).

json.dumps with `indent` runs the pure-Python encoder; dumps_json builds each record with the
C encoder and puts one record per line. Both give the same data (checked). Measured on the
score sheet JSON of a synthetic batch (bench_score's generator) and on validate's report of
bench_validate's synthetic document, CPU seconds, best of --repeat.

Usage:  python benchmarks/bench_json.py [--indicators 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def compare(name: str, data: dict, repeat: int) -> None:
    from perfeval.output import dumps_json

    assert json.loads(dumps_json(data)) == data
    slow = best(lambda: json.dumps(data, ensure_ascii=False, indent=2), repeat)
    fast = best(lambda: dumps_json(data), repeat)
    print(f"{name:<40} indent=2 {slow:6.3f} s   dumps_json {fast:6.3f} s   {slow / fast:4.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from bench_score import generate
    from bench_validate import synthetic

    from perfeval.api import score_files, validate_files
    from perfeval.writers.native import dump_json

    with tempfile.TemporaryDirectory() as folder:
        targets, actuals = generate(Path(folder), args.indicators)
        compare(f"score sheet, {args.indicators} indicators", score_files(targets, actuals).to_json(), args.repeat)
        document = Path(folder) / "batch.json"
        document.write_text(dump_json(synthetic(args.indicators // 5)), encoding="utf-8")
        compare(f"validate report, {args.indicators // 5} indicators", validate_files(document).to_json(),
                args.repeat)


if __name__ == "__main__":
    main()
