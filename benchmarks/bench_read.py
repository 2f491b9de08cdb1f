"""Benchmark: reading perfeval JSON (documents and actuals) against a plain `json.load`, in one run.

Three measurements, each side by side with its baseline so the machine's load cancels out:

1. Whole reads, each in its own child process (CPU seconds and peak RSS from os.wait4, interpreter
   start-up included): a process that only `json.load`s the file (collector on, and paused as
   perfeval runs), perfeval's standard JSON reader (json.loads with perfeval's hooks, then the dict
   decoder: the path every file took before the typed decoder, and still takes when the typed one
   says no) and perfeval's reader as users call it (`read_document` / `read_actuals`).
2. The decoders alone, in this process, collector paused: the standard library (plain, and with
   perfeval's hooks: exact Decimal, duplicate keys refused), orjson (if installed: floats only, no
   exact decimals, so not a candidate), msgspec untyped, and msgspec into perfeval's typed tables (each row kept
   as its JSON text, decoded once per distinct text as the reader goes).
3. The cost of one row object of Indicator's 17 fields: attrs frozen (as the model's rows were until
   the third speed round), the model's Indicator (attrs slotted, not frozen) and its slot builder,
   msgspec.Struct(gc=False), a tuple.

    python benchmarks/bench_read.py                       # 100,000 indicators
    python benchmarks/bench_read.py --indicators 1000000 --repeat 1

Inputs are the ones benchmarks/bench_commands.py generates (validate-N.json and score-N/{targets,
actuals}.json), made once into --dir.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

_CHILD = {
    "json.load (gc on)": "import json\nwith open(FILE, encoding='utf-8') as f:\n    json.load(f)\n",
    "json.load (gc paused)": "import gc, json\ngc.disable()\nwith open(FILE, encoding='utf-8') as f:\n    json.load(f)\n",
    "standard reader": (
        "from perfeval._gc import paused_gc\n"
        "from perfeval.readers.native import load_json, read_json_document\n"
        "from perfeval.readers.actuals import actuals_from_data\n"
        "with open(FILE, encoding='utf-8') as f:\n    text = f.read()\n"
        "if KIND == 'actuals':\n"
        "    with paused_gc():\n        actuals_from_data(load_json(text, FILE), FILE)\n"
        "else:\n    read_json_document(text, FILE, fast=False)\n"),
    "perfeval reader": (
        "if KIND == 'actuals':\n    from perfeval.readers.actuals import read_actuals\n    read_actuals(FILE)\n"
        "else:\n    from perfeval.readers import read_document\n    read_document(FILE)\n"),
}


def child(label: str, kind: str, path: Path) -> tuple[float, int]:
    """(CPU s, peak RSS MiB) of a process running _CHILD[label] on one file."""
    code = f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nFILE, KIND = {str(path)!r}, {kind!r}\n" + _CHILD[label]
    process = subprocess.Popen([sys.executable, "-c", code])
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{label} on {path} failed")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def whole_reads(files: list[tuple[str, Path]], repeat: int) -> list[tuple]:
    rows = []
    for kind, path in files:
        figures = {}
        for label in _CHILD:
            runs = [child(label, kind, path) for _ in range(repeat)]
            figures[label] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
        base = figures["json.load (gc on)"][0]
        for label, (cpu, rss) in figures.items():
            rows.append((path.parent.name + "/" + path.name if kind != "validate" else path.name, label,
                         f"{cpu:.2f} s", f"{cpu / base:.2f}×", f"{rss} MiB"))
    return rows


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        result = function()
        times.append(time.process_time() - start)
        del result
    return min(times)


def decoders(files: list[tuple[str, Path]], repeat: int) -> list[tuple]:
    import json

    import msgspec

    from perfeval.readers import _fastjson
    from perfeval.readers.native import _float, _int, _unique

    rows = []
    gc.disable()
    for kind, path in files:
        data = path.read_bytes()
        text = data.decode("utf-8")
        typed = _fastjson._ACTUALS if kind == "actuals" else _fastjson._DECODER
        untyped = msgspec.json.Decoder(float_hook=_float)
        candidates = {
            "json.loads": lambda: json.loads(text),
            "json.loads + perfeval's hooks": lambda: json.loads(text, parse_float=_float, parse_int=_int,
                                                                object_pairs_hook=_unique),
            "msgspec untyped (Decimal floats)": lambda: untyped.decode(data),
            "msgspec typed tables, rows as text": lambda: typed.decode(data),
            "msgspec typed tables + duplicate-key check": lambda: _checked_decode(kind, typed, data),
        }
        try:
            import orjson

            candidates["orjson (floats, inexact)"] = lambda: orjson.loads(data)
        except ImportError:
            pass
        base = best(candidates["json.loads"], repeat)
        for label, function in candidates.items():
            seconds = base if label == "json.loads" else best(function, repeat)
            rows.append((path.name, label, f"{seconds:.3f} s", f"{seconds / base:.2f}×"))
    gc.enable()
    return rows


def _checked_decode(kind: str, typed, data: bytes):
    from perfeval.readers import _fastjson

    decoded = typed.decode(data)
    if kind == "actuals":
        projects = decoded if type(decoded) is list else decoded.projects or decoded.chinese
        assert _fastjson._colons_agree(data, 0 if type(decoded) is list else 1, projects)
    else:
        assert _fastjson._members_agree(data, decoded)
    return decoded


def row_objects(number: int = 100_000) -> list[tuple]:
    from decimal import Decimal

    import attrs
    import msgspec

    from perfeval.model import Indicator, Location, indicator_row
    from perfeval.operators import Operator

    names = [field.name for field in attrs.fields(Indicator)]
    frozen = attrs.frozen(type("FrozenIndicator", (), {"__annotations__": {n: object for n in names}}))
    struct = msgspec.defstruct("StructIndicator", [(n, object) for n in names], gc=False, frozen=True)
    where, five, ge = Location("x.json"), Decimal(5), Operator.GE
    args = ("发放人数", ge, five, None, five, "产出指标", "数量指标", None, None, None, True, None, None, None, None,
            False)
    makers = {
        "attrs.frozen (the model's rows until round 3)": lambda: frozen(*args, where),
        "Indicator(...) (the model: slotted, not frozen)": lambda: Indicator(*args, location=where),
        "model.indicator_row (its slot builder)": lambda: indicator_row(*args, where),
        "msgspec.Struct(gc=False, frozen=True)": lambda: struct(*args, where),
        "tuple": lambda: (*args, where),
    }
    gc.disable()
    base = None
    rows = []
    for label, make in makers.items():
        seconds = min(timeit.repeat(make, number=number, repeat=5, timer=time.process_time)) / number
        base = base or seconds
        rows.append((label, f"{seconds * 1e9:.0f} ns", f"{seconds / base:.2f}×", f"{seconds * 1e6:.2f} s per million"))
    gc.enable()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "perfeval-bench-commands")
    parser.add_argument("--only", choices=("reads", "decoders", "rows"))
    args = parser.parse_args()
    n = args.indicators
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_commands.py"), "--generate-only", "--dir",
                    str(args.dir), f"--validate={n if n <= 100_000 else 0}", f"--score={n}", "--audit=0"], check=True)
    files = [("targets", args.dir / f"score-{n}" / "targets.json"), ("actuals", args.dir / f"score-{n}" / "actuals.json")]
    if n <= 100_000:
        files.insert(0, ("validate", args.dir / f"validate-{n}.json"))

    from tabulate import tabulate

    if args.only in (None, "reads"):
        print(f"Whole reads, {n:,} indicators (child processes; CPU median of {args.repeat}, peak RSS)\n")
        print(tabulate(whole_reads(files, args.repeat), headers=("file", "reader", "CPU", "vs json.load", "peak RSS"),
                       tablefmt="github"), "\n")
    if args.only in (None, "decoders"):
        print(f"Decoders alone (in process, collector paused, best of {args.repeat})\n")
        print(tabulate(decoders(files, args.repeat), headers=("file", "decoder", "CPU", "vs json.loads"),
                       tablefmt="github"), "\n")
    if args.only in (None, "rows"):
        print("One row object of Indicator's 17 fields (CPU, best of 5 × 100,000)\n")
        print(tabulate(row_objects(), headers=("row object", "each", "vs the model's", "per million"),
                       tablefmt="github"))


if __name__ == "__main__":
    main()
