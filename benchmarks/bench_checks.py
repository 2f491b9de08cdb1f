"""Benchmark: the validation checks alone, per check module, as `perfeval validate` runs them.

Reads one document (default: the 100,000-indicator input of bench_commands.py, generated
if missing), then times `validate_document` and each module's walk over it in-process with
the garbage collector paused (as validate runs), CPU seconds, best of --repeat. Reading and
writing are left out: bench_commands.py times the whole command.

Usage:  python benchmarks/bench_checks.py [FILE] [--rules national] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, nargs="?")
    parser.add_argument("--rules", default="national")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from perfeval._gc import paused_gc
    from perfeval.checks import CHECKS, load_ruleset, validate_document
    from perfeval.checks.context import Context
    from perfeval.checks.walk import run
    from perfeval.goaltext import extract_claims
    from perfeval.readers import read_document

    path = args.file
    if path is None:
        import tempfile

        from bench_validate import synthetic
        from perfeval.writers.native import dump_json

        path = Path(tempfile.gettempdir()) / "perfeval-bench-checks-100000.json"
        if not path.exists():
            path.write_text(dump_json(synthetic(100_000)), encoding="utf-8")
    rules = load_ruleset(args.rules)

    def best(fn) -> float:
        times = []
        for _ in range(args.repeat):
            extract_claims.cache_clear()  # no run profits from the goal texts an earlier run read
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
        return min(times)

    with paused_gc():
        document = read_document(path)
        indicators = sum(len(t.indicators) for t in document.target_tables)
        total = best(lambda: validate_document(document, rules))
        print(f"{path.name}: {indicators} indicators in {len(document.target_tables)} tables, rules {args.rules}")
        print(f"{'all checks (validate_document)':<32} cpu {total:7.3f} s")
        for module in CHECKS:
            seconds = best(lambda: run([module.walk(document, Context(document, rules))], document))
            print(f"  {module.__name__.rsplit('.', 1)[-1]:<30} cpu {seconds:7.3f} s")


if __name__ == "__main__":
    main()
