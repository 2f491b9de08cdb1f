"""Benchmark: every input format read beside its library's floor, peak memory per indicator, and every Excel output.

For each size (indicators; five per project) it generates, once, in --dir:
  targets.json (perfeval's document format), the same as targets.yaml and as a flat targets.xlsx,
  actuals.json, and the same actuals as actuals.yaml, actuals.csv and actuals.xlsx (one row per indicator).
Then, in one run, each measurement in a process of its own (so peak memory, ru_maxrss, is its own):
  floor   – the library alone: json.load, yaml.load with the C loader (CSafeLoader), csv.reader,
            openpyxl's read-only iteration over every row's values;
  perfeval – read_document / read_actuals of the same file, to the model;
  imports – a process that only imports the readers: its peak is subtracted to give memory per indicator;
  writes  – each Excel output timed on its own after its input is read: the flat and form layouts
            (`convert`), the score sheet (`score -o .xlsx`), the findings list (`validate -o .xlsx`); a
            workbook over the sheet limit is refused at once, and the time to the refusal is shown;
  commands – with --commands, the whole `perfeval score/convert/validate -o .xlsx` processes: exit code,
            time, peak memory, and whether anything but a clear message reached stderr.
Times are CPU seconds (process_time; the fairer figure on a shared machine), best of --repeat.
The collector is paused in the floors as perfeval pauses it in its readers.

    python benchmarks/bench_formats.py                          # 10,000 and 100,000 indicators
    python benchmarks/bench_formats.py --sizes 500000 --repeat 1 --no-writes --commands
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

INPUTS = (  # (label, file, floor, perfeval reader)
    ("document JSON", "targets.json", "json", "document"),
    ("document YAML", "targets.yaml", "yaml", "document"),
    ("document flat .xlsx", "targets.xlsx", "xlsx", "document"),
    ("actuals JSON", "actuals.json", "json", "actuals"),
    ("actuals YAML", "actuals.yaml", "yaml", "actuals"),
    ("actuals CSV", "actuals.csv", "csv", "actuals"),
    ("actuals .xlsx", "actuals.xlsx", "xlsx", "actuals"),
)
WRITES = ("flat", "form", "score", "findings")
CSV_HEADER = ("项目编码", "三级指标", "实际完成值", "评价等级", "得分比例", "不适用", "偏差原因", "全年预算数", "全年执行数")


# -- generating the inputs -------------------------------------------------------------------------

def generate(folder: Path, indicators: int) -> None:
    """All input files for one size; kept in `folder` for later runs."""
    from bench_score import generate as generate_json

    from perfeval.readers import read_document
    from perfeval.writers.native import dump_yaml
    from perfeval.xlsx import write_document_xlsx
    from perfeval.xlsx._write import Book

    import yaml

    targets, actuals = generate_json(folder, indicators)
    doc = read_document(targets)
    (folder / "targets.yaml").write_text(dump_yaml(doc), encoding="utf-8")
    write_document_xlsx(doc, folder / "targets.xlsx", layout="flat")
    data = json.loads(actuals.read_text(encoding="utf-8"))
    (folder / "actuals.yaml").write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    rows = [list(CSV_HEADER)]
    for project in data["projects"]:
        rows.append([project["项目编码"], "", "", "", "", "", "", str(project["全年预算数"]), str(project["全年执行数"])])
        for item in project["指标"]:
            rows.append([project["项目编码"], item["三级指标"], item.get("实际完成值", ""), item.get("评价等级", ""),
                         item.get("得分比例", ""), "是" if item.get("不适用") else "", item.get("偏差原因", ""), "", ""])
    with open(folder / "actuals.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    book = Book()
    book.add_sheet("实际完成值", build=lambda: (([cell or None for cell in row] for row in rows), (), None), wrap_long=False)
    book.save(folder / "actuals.xlsx")


# -- one measurement in a process of its own -------------------------------------------------------

def child(mode: str, args: list[str]) -> dict:
    """Run one measurement; returns CPU seconds (and what else the mode reports)."""
    import perfeval.readers  # noqa: F401  # every mode pays the same imports before the clock starts
    import perfeval.readers.actuals  # noqa: F401

    path = Path(args[0])
    if mode in ("floor-xlsx", "write-flat", "write-form", "write-score", "write-findings", "read-xlsx"):
        import openpyxl  # noqa: F401
        import perfeval.xlsx  # noqa: F401
    if mode == "floor-yaml":
        import yaml
    out: dict = {}
    start = time.process_time()
    if mode == "imports":
        pass
    elif mode.startswith("floor-"):
        gc.disable()
        kind = mode[len("floor-"):]
        if kind == "json":
            with open(path, encoding="utf-8") as handle:
                json.load(handle)
        elif kind == "yaml":
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        elif kind == "csv":
            with open(path, encoding="utf-8", newline="") as handle:
                for _ in csv.reader(handle):
                    pass
        elif kind == "xlsx":
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            for ws in book.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass
            book.close()
    elif mode == "read-document":
        from perfeval.readers import read_document

        out["indicators"] = sum(len(t.indicators) for t in read_document(path).target_tables)
    elif mode == "read-actuals":
        from perfeval.readers.actuals import read_actuals

        out["indicators"] = len(read_actuals(path).actuals)
    elif mode.startswith("write-"):
        out.update(_write(mode[len("write-"):], path, Path(args[1])))
        return out
    else:
        raise SystemExit(f"unknown mode {mode}")
    out["cpu"] = time.process_time() - start
    return out


def _write(kind: str, targets: Path, out_dir: Path) -> dict:
    """Read what the output needs, then time only the writing of the workbook."""
    from perfeval.errors import InputError

    out = out_dir / f"out-{kind}.xlsx"
    if kind in ("flat", "form"):
        from perfeval.readers import read_document
        from perfeval.xlsx import write_document_xlsx

        doc = read_document(targets)
        write = lambda: write_document_xlsx(doc, out, layout=kind)  # noqa: E731
    elif kind == "score":
        from perfeval.cli.score import score_files
        from perfeval.scoring import sheet_to_json
        from perfeval.xlsx import check_score_workbook, write_score_xlsx

        try:
            sheet = score_files(targets, targets.parent / "actuals.json",
                                check=lambda d: check_score_workbook(len(d.target_tables), out))
        except InputError as exc:
            return {"cpu": 0.0, "refused": str(exc).splitlines()[0]}
        write = lambda: write_score_xlsx(sheet_to_json(sheet), out)  # noqa: E731
    else:
        from perfeval.checks import load_ruleset, validate_document
        from perfeval.findings import report_to_json
        from perfeval.readers import read_document
        from perfeval.xlsx import write_findings_xlsx

        findings = validate_document(read_document(targets), load_ruleset("national"))
        report = report_to_json(findings, 1)
        write = lambda: write_findings_xlsx(report, out)  # noqa: E731
    start = time.process_time()
    try:
        write()
    except InputError as exc:
        return {"cpu": time.process_time() - start, "refused": str(exc).splitlines()[0]}
    return {"cpu": time.process_time() - start, "bytes": out.stat().st_size}


def spawn(mode: str, *args: str) -> dict:
    """One child process; its result with its peak RSS in MiB (from wait4, the child's own)."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", mode, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    stdout = proc.stdout.read()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} {args} failed:\n{stderr.decode()}")
    result = json.loads(stdout)
    result["rss"] = usage.ru_maxrss / 1024
    return result


def best(mode: str, repeat: int, *args: str) -> dict:
    runs = [spawn(mode, *args) for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r["cpu"])
    fastest["rss"] = max(r["rss"] for r in runs)
    return fastest


def commands(folder: Path) -> None:
    """The whole commands users run for each Excel output, process start to file written (or refused)."""
    runs = (
        ("score -o .xlsx", ["score", "targets.json", "actuals.json", "-o", "cmd-score.xlsx"]),
        ("convert -o .xlsx --layout form", ["convert", "targets.json", "-o", "cmd-form.xlsx", "--layout", "form"]),
        ("convert -o .xlsx --layout flat", ["convert", "targets.json", "-o", "cmd-flat.xlsx", "--layout", "flat"]),
        ("validate -o .xlsx", ["validate", "targets.json", "-o", "cmd-findings.xlsx"]),
    )
    print("\n| whole command | exit | wall s | CPU s | peak MiB | traceback | message |")
    print("|---|---|---|---|---|---|---|")
    for label, argv in runs:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "perfeval", *argv], cwd=folder, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
        stderr = proc.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        first = next((line for line in stderr.splitlines() if line.strip()), "")
        print(f"| {label} | {os.waitstatus_to_exitcode(status)} | {wall:.1f} | {usage.ru_utime + usage.ru_stime:.1f} "
              f"| {usage.ru_maxrss / 1024:.0f} | {'yes' if 'Traceback' in stderr else 'no'} | {first[:160]} |", flush=True)


# -- the run ---------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="indicator counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best CPU time is kept)")
    parser.add_argument("--no-writes", action="store_true", help="skip the Excel outputs")
    parser.add_argument("--commands", action="store_true", help="also run the whole commands that write .xlsx "
                        "(score, convert in both layouts, validate) as users run them")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "perfeval-bench-formats")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1:])))
        return

    reads: dict[int, dict[str, dict]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        folder = args.dir / str(size)
        if not (folder / "actuals.xlsx").exists():
            print(f"generating {size:,} indicators in {folder} …", file=sys.stderr, flush=True)
            folder.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-c", f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'benchmarks')!r}]; "
                            f"import bench_formats; bench_formats.generate(__import__('pathlib').Path({str(folder)!r}), {size})"],
                           check=True)
        repeat = args.repeat if size <= 100_000 else 1
        imports = best("imports", 1, folder / "targets.json")["rss"]
        print(f"\n## {size:,} indicators ({size // 5:,} projects); CPU seconds, best of {repeat}; "
              f"peak RSS of a process that only imports the readers: {imports:.0f} MiB\n")
        print("| input | file | floor | floor s | perfeval s | ratio | peak MiB (floor / perfeval) | perfeval KiB per indicator |")
        print("|---|---|---|---|---|---|---|---|")
        reads[size] = {}
        for label, name, floor, reader in INPUTS:
            path = folder / name
            base = best(f"floor-{floor}", repeat, path)
            ours = best(f"read-{reader}", repeat, path)
            reads[size][label] = ours
            per = (ours["rss"] - imports) * 1024 / size
            floor_name = {"json": "json.load", "yaml": "yaml CSafeLoader", "csv": "csv.reader",
                          "xlsx": "openpyxl read-only"}[floor]
            print(f"| {label} | {path.stat().st_size / 1e6:.1f} MB | {floor_name} | {base['cpu']:.2f} | {ours['cpu']:.2f} "
                  f"| {ours['cpu'] / base['cpu']:.2f}× | {base['rss']:.0f} / {ours['rss']:.0f} | {per:.2f} |", flush=True)
        if args.no_writes:
            continue
        print("\n| Excel output | write s (CPU) | peak MiB | file MB | note |")
        print("|---|---|---|---|---|")
        for kind in WRITES:
            result = best(f"write-{kind}", 1, folder / "targets.json", folder)
            note = result.get("refused", "")
            size_mb = f"{result['bytes'] / 1e6:.1f}" if "bytes" in result else "–"
            print(f"| {kind} | {result['cpu']:.2f} | {result['rss']:.0f} | {size_mb} | {note} |", flush=True)
        if args.commands:
            commands(folder)
    sizes = sorted(reads)
    for small, large in zip(sizes, sizes[1:]):
        print(f"\nreading {small:,} → {large:,} indicators ({large / small:.0f}× the input):")
        for label in reads[small]:
            print(f"  {label}: {reads[large][label]['cpu'] / reads[small][label]['cpu']:.1f}×")


if __name__ == "__main__":
    main()
