"""Write every finding of `perfeval validate` as JSON, to prove a speed-up changed none of them.

Validates the seed (examples/tongnan-shebao-2026.txt), its YAML form and a synthetic
batch (the one bench_validate.py generates) under every validation rule set, and
writes one JSON file per (input, rule set) into OUT. Run it before and after a
change and compare the folders with `diff -r BEFORE AFTER`. Fix PYTHONHASHSEED for both
runs: budget.group_sum findings that share a place come out in set order.

Usage:  PYTHONHASHSEED=0 python benchmarks/findings_digest.py OUT [--indicators 20000] [INPUT ...]

Each INPUT (a document, or a folder: every document below it, e.g. tests/corpus) is digested
too, under every rule set (a whole-command benchmark input such as validate-100000.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--indicators", type=int, default=20_000)
    parser.add_argument("inputs", nargs="*", type=Path, help="more documents or folders to digest")
    args = parser.parse_args()

    from bench_validate import synthetic

    from perfeval.api import expand, validate_files
    from perfeval.checks import load_ruleset
    from perfeval.findings import report_to_json
    from perfeval.writers.native import dump_json

    args.out.mkdir(parents=True, exist_ok=True)
    batch = args.out / "batch.input.json"
    batch.write_text(dump_json(synthetic(args.indicators)), encoding="utf-8")
    inputs = [ROOT / "examples" / "tongnan-shebao-2026.txt", ROOT / "examples" / "tongnan-shebao-2026.yaml", batch]
    inputs += [path for path in expand([str(p) for p in args.inputs])  # not a corpus' recorded results
               if not path.name.endswith((".expected.json", ".findings.json"))]
    for rules_file in sorted((ROOT / "rules" / "validation").glob("*.toml")):
        rules = load_ruleset(rules_file.stem)
        for path in inputs:
            report = report_to_json(validate_files([path], rules).findings, 1)
            for finding in report["findings"]:  # the batch's own path differs between runs
                finding["location"]["file"] = Path(finding["location"]["file"] or "").name
            target = args.out / f"{path.name}.{rules_file.stem}.findings.json"
            target.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{target.name}: {len(report['findings'])} findings")
    batch.unlink()


if __name__ == "__main__":
    main()
