"""Benchmark: write the official 自评表 workbook, the actuals template and the HTML score report.

Generates a synthetic document with bench_score's generator (5 indicators per project), scores it,
then times each writer in CPU seconds and reports the file sizes. 999 projects is the most one
official workbook holds with the 汇总 sheet (perfeval.xlsx.official.MAX_FORM_SHEETS = 1,000).

    python benchmarks/bench_outputs.py                   # 999 projects
    python benchmarks/bench_outputs.py --projects 200
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def timed(label: str, call) -> float:
    start = time.process_time()
    call()
    seconds = time.process_time() - start
    print(f"{label:<40} {seconds:8.2f} s CPU")
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=999)
    args = parser.parse_args(argv)

    from bench_score import PER_PROJECT, generate

    from perfeval.api import score_files
    from perfeval.readers import read_document
    from perfeval.render.html import render_html
    from perfeval.writers.template import write_template_csv
    from perfeval.xlsx.official import write_official_form
    from perfeval.xlsx.template import write_template_xlsx

    folder = Path(tempfile.mkdtemp(prefix="perfeval-bench-outputs-"))
    targets, actuals = generate(folder, args.projects * PER_PROJECT)
    result = score_files(str(targets), str(actuals))
    tables = read_document(targets).target_tables
    print(f"{len(result.projects)} projects, {sum(len(p.indicators) for p in result.projects)} indicators")
    outputs = {"official": folder / "自评表.xlsx", "template_xlsx": folder / "实际完成值.xlsx",
               "template_csv": folder / "实际完成值.csv", "html": folder / "report.html"}
    timed("official 自评表 (.xlsx)", lambda: write_official_form(result, outputs["official"]))
    timed("actuals template (.xlsx)", lambda: write_template_xlsx(tables, outputs["template_xlsx"]))
    timed("actuals template (.csv)", lambda: write_template_csv(tables, outputs["template_csv"]))
    timed("HTML score report", lambda: outputs["html"].write_text(render_html("score", result), encoding="utf-8"))
    for name, path in outputs.items():
        print(f"{name:<40} {path.stat().st_size / 1e6:8.2f} MB")

    from perfeval.selfeval import read_sheets

    timed("audit reads the official 自评表 back", lambda: read_sheets(outputs["official"]))


if __name__ == "__main__":
    main()
