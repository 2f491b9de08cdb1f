"""Write the `perfeval audit` report of many inputs as JSON, to prove a speed-up changed none of them.

Audits the example sheets (examples/audit/), the 自评表 documents of the test corpus
(tests/corpus/*ziping*, tests/corpus/judgement/), the seed (examples/tongnan-shebao-2026.txt,
which audit reports as unreadable) and a synthetic batch (the one bench_audit.py generates,
or --batch FILE) under every scoring rule set, and writes one JSON file per
(input, rule set) into OUT: the whole report of `perfeval audit --format json` (findings,
summary, sheets, overview, groups, unreadable) and the default table. Run it before and after a change and compare
the folders with `diff -r BEFORE AFTER`.

Usage:  python benchmarks/audit_digest.py OUT [--sheets 2000 | --batch /tmp/pb/audit-10000.json] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def inputs(batch: Path) -> list[Path]:
    corpus = ROOT / "tests" / "corpus"
    return [*sorted((ROOT / "examples" / "audit").iterdir()), *sorted(p for p in corpus.glob("*ziping*") if p.suffix != ".json"),
            *sorted((corpus / "judgement").glob("*.yaml")), ROOT / "examples" / "tongnan-shebao-2026.txt", batch]


def _relative(data: dict, *folders: Path) -> dict:
    """Paths without the checkout's or the batch's folder, so runs from different places compare equal."""
    text = json.dumps(data, ensure_ascii=False)
    for folder in folders:
        text = text.replace(str(folder) + "/", "")
    return json.loads(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sheets", type=int, default=2_000, help="size of the generated batch")
    parser.add_argument("--batch", type=Path, help="an existing batch file instead of a generated one")
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs to audit_files where it has it")
    args = parser.parse_args()

    import inspect

    from perfeval.api import audit_files
    from perfeval.output import render_text
    from perfeval.scoring import load_scoring_rules

    args.out.mkdir(parents=True, exist_ok=True)
    batch = args.batch
    if batch is None:
        from bench_audit import generate

        batch = args.out / "batch.input.json"
        generate(batch, args.sheets)
    extra = {"jobs": args.jobs} if args.jobs is not None and "jobs" in inspect.signature(audit_files).parameters else {}
    for rules_file in sorted((ROOT / "rules" / "scoring").glob("*.toml")):
        rules = load_scoring_rules(rules_file.stem)
        for path in inputs(batch):
            name = "batch.input.json" if path == batch else path.name
            result = audit_files([path], rules, **extra)
            report = _relative(result.to_json(), ROOT, batch.parent)
            target = args.out / f"{name}.{rules_file.stem}.audit.json"
            target.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
            # and the default table, as `perfeval audit` prints it to a pipe
            table = render_text("audit", result, "table")
            for folder in (ROOT, batch.parent):
                table = table.replace(str(folder) + "/", "")
            (args.out / f"{name}.{rules_file.stem}.audit.txt").write_text(table, encoding="utf-8")
            print(f"{target.name}: {len(report['findings'])} findings, {len(report['unreadable'])} unreadable")
        # every input at once, as a batch: the same files in one call (order, groups, unreadable)
        report = _relative(audit_files(inputs(batch)[:-1], rules, **extra).to_json(), ROOT)
        (args.out / f"all.{rules_file.stem}.audit.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                                                    encoding="utf-8")
    if args.batch is None:
        batch.unlink()


if __name__ == "__main__":
    main()
