"""Benchmark: `perfeval rules check` on every shipped rule set, and generation speed of the strategies.

Reports wall-clock and CPU seconds per rule set at the default --max-examples (100),
and how many valid documents per second `perfeval.strategies.documents` draws
(the cost that dominates validation checks). CPU time is the fairer figure on a shared machine.

    python benchmarks/bench_rules_check.py
    python benchmarks/bench_rules_check.py --max-examples 500
"""

from __future__ import annotations

import argparse
import time

from hypothesis import given, settings

from perfeval.checks import load_ruleset
from perfeval.rulecheck import Budget, check
from perfeval.rulesets import shipped
from perfeval.strategies import documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--documents", type=int, default=200, help="documents to draw for the generation rate")
    args = parser.parse_args()
    budget = Budget(max_examples=args.max_examples)
    for path in shipped("validation") + shipped("scoring"):
        wall, cpu = time.perf_counter(), time.process_time()
        (report,) = check(str(path), budget)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        status = "all hold" if report.holds else "FAILS"
        print(f"{path.parent.name}/{path.stem:<12} {len(report.results):>2} properties  {status:<8} "
              f"wall {wall:6.2f} s  cpu {cpu:6.2f} s")

    ruleset = load_ruleset("national")
    drawn = [0]

    @settings(max_examples=args.documents, database=None, deadline=None)
    @given(documents(ruleset, max_projects=3))
    def draw(document):
        drawn[0] += 1

    cpu = time.process_time()
    draw()
    cpu = time.process_time() - cpu
    print(f"documents(national, ≤3 projects): {drawn[0]} drawn in {cpu:.2f} s cpu, {drawn[0] / cpu:.0f} per second")


if __name__ == "__main__":
    main()
