"""Write every score sheet of `perfeval score` by content, to prove a speed-up changed none of them.

Scores the seed (examples/tongnan-shebao-2026.txt with its YAML actuals, its YAML form with
the CSV actuals) and a synthetic batch (bench_score.py's generator, or the targets and actuals
given with --targets/--actuals) under every scoring rule set, writes each through the JSON
output (perfeval.output.emit, the way `score --format json -o` does), reads it back and writes
it canonically (keys sorted, one value per line), one file per (input, rule set) into OUT.
The exact decimal strings and the rounded `*_display` values are part of the content; the
output layer's layout is not. With --tables it also writes the default terminal table and the
CSV (unchanged layout is then part of the comparison). Run it before and after a change and
compare the folders with `diff -r BEFORE AFTER`.

Usage:  python benchmarks/sheet_digest.py OUT [--indicators 20000] [--targets T --actuals A] [--tables]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _canonical(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    for project in data.get("projects", []):  # nothing in a project names an input path; groups do not either
        project.pop("file", None)
    for item in data.get("unreadable", []):
        item["file"] = Path(item.get("file") or "").name
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--indicators", type=int, default=20_000)
    parser.add_argument("--targets", type=Path)
    parser.add_argument("--actuals", type=Path)
    parser.add_argument("--tables", action="store_true", help="also the terminal table and the CSV, as written")
    args = parser.parse_args()

    from perfeval.api import score_files
    from perfeval.output import emit
    from perfeval.scoring import load_scoring_rules

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.targets is not None:
            batch = (args.targets, args.actuals)
        else:
            from bench_score import generate

            batch = generate(work / "batch", args.indicators)
        examples = ROOT / "examples"
        inputs = {
            "seed-txt": (examples / "tongnan-shebao-2026.txt", examples / "tongnan-shebao-2026.actuals.yaml"),
            "seed-yaml": (examples / "tongnan-shebao-2026.yaml", examples / "tongnan-shebao-2026.actuals.csv"),
            "batch": batch,
        }
        for rules_file in sorted((ROOT / "rules" / "scoring").glob("*.toml")):
            rules = load_scoring_rules(rules_file.stem)
            for name, (targets, actuals) in inputs.items():
                result = score_files([targets], [actuals], rules)
                stem = f"{name}.{rules_file.stem}"
                written = work / f"{stem}.json"
                emit("score", result, "json", written)
                text = _canonical(written)
                (args.out / f"{stem}.sheet.json").write_text(text, encoding="utf-8")
                line = f"{stem}: {len(result.projects)} projects, sha256 {hashlib.sha256(text.encode()).hexdigest()[:16]}"
                if args.tables:
                    emit("score", result, "table", None, echo=lambda text, p=args.out / f"{stem}.table.txt": p.write_text(text, encoding="utf-8"))
                    emit("score", result, "csv", work / f"{stem}.csv")
                    text = (work / f"{stem}.csv").read_text(encoding="utf-8-sig")  # the folders differ between runs
                    (args.out / f"{stem}.csv").write_text(text.replace(str(work), "<work>").replace(str(ROOT), "<root>"), encoding="utf-8")
                print(line)


if __name__ == "__main__":
    main()
