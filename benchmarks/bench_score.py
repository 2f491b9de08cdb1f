"""Benchmark: score ≥ 1,000,000 synthetic indicators with their actuals, both stored as JSON.

Measures, in one process that did not generate the data:
  load   – `json.load` of the targets file and of the actuals file (the floor any reader pays);
  score  – what `perfeval score --format json` does before writing (perfeval.api.score_files:
           read the targets with read_document, the actuals with read_actuals, load the rule set,
           score every project) plus building the JSON sheet dict;
and reports score / load in wall-clock and CPU time (aim: ≤ 3×) and the peak resident memory.
CPU time is the fairer figure on a shared machine.

    python benchmarks/bench_score.py                      # 1,000,000 indicators, national rules
    python benchmarks/bench_score.py --indicators 200000 --rules strict

Generated files are cached in --dir (default: a folder under the system temp dir).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_PROJECT = 5
# (一级, 二级, 三级, 指标 as printed, 权重) of each synthetic project's rows; weights total 90.
ROWS = (
    ("产出指标", "数量指标", "发放人数", ">= {n} 人", 20),
    ("产出指标", "质量指标", "足额发放率", "≥ 95 %", 20),
    ("效益指标", "社会效益指标", "补贴享受率", "= 100 %", 20),
    ("成本指标", "经济成本指标", "项目成本", "≤ {c} 万元", 15),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "定性", 15),
)


def generate(folder: Path, indicators: int, seed: int = 2026, distinct: bool = False) -> tuple[Path, Path]:
    """Write targets.json (perfeval's document format) and actuals.json for `indicators` rows
    (`distinct`: each project's row names its own, see _distinct.py)."""
    from _distinct import suffix

    rng = random.Random(seed)
    projects = indicators // PER_PROJECT
    tables, entries = [], []
    for p in range(projects):
        code = f"50015226T{p:012d}"
        people, cost = rng.randint(10, 5000), rng.randint(5, 500)
        own = suffix(p) if distinct else ""
        rows = []
        for level1, level2, name, target, weight in ROWS:
            rows.append({"一级指标": level1, "二级指标": level2, "三级指标": name + own,
                         "指标": target.format(n=people, c=cost), "权重": weight})
        tables.append({"表号": f"附件 12-{p + 1}", "项目编码": code, "项目名称": f"合成项目{p}",
                       "资金总额": cost, "绩效指标": rows})
        roll = rng.random()
        actual_people = people * rng.choice((0.8, 1, 1, 1.2, 2.5))
        items = [
            {"三级指标": "发放人数" + own,
             "实际完成值": f"{actual_people / 10000:.4f}万人" if roll < 0.3 else f"{int(actual_people)}人"},
            {"三级指标": "足额发放率" + own, "实际完成值": f"{rng.choice((88, 95, 97.5, 100))}%"},
            {"三级指标": "补贴享受率" + own, "实际完成值": f"{rng.choice((96, 100, 100))}%"} if roll > 0.02 else
            {"三级指标": "补贴享受率" + own, "不适用": True, "偏差原因": "政策调整"},
            {"三级指标": "项目成本" + own, "实际完成值": f"{cost * rng.choice((0.4, 0.9, 1, 1.1))}万元"},
            {"三级指标": "服务对象满意度" + own, "评价等级": rng.choice(("达成", "达成", "部分达成")), "得分比例": "0.7"}
            if roll < 0.5 else {"三级指标": "服务对象满意度" + own, "评价等级": "达成"},
        ]
        if items[4]["评价等级"] == "达成" and "得分比例" in items[4]:
            items[4]["得分比例"] = "0.9"
        entries.append({"项目编码": code, "全年预算数": cost, "全年执行数": round(cost * rng.uniform(0.6, 1.05), 2),
                        "指标": items})
    folder.mkdir(parents=True, exist_ok=True)
    targets = folder / "targets.json"
    actuals = folder / "actuals.json"
    targets.write_text(json.dumps({"格式": "perfeval 文档 1", "单位名称": "合成单位", "年度": 2026,
                                   "项目绩效目标表": tables}, ensure_ascii=False), encoding="utf-8")
    actuals.write_text(json.dumps({"projects": entries}, ensure_ascii=False), encoding="utf-8")
    return targets, actuals


def measure(targets: Path, actuals: Path, rules_name: str) -> dict:
    """json.load of both files, then what `perfeval score --format json` does before writing, timed apart."""
    from perfeval.api import score_files
    from perfeval.scoring import sheet_to_json

    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    with open(targets, encoding="utf-8") as f:
        json.load(f)
    with open(actuals, encoding="utf-8") as f:
        json.load(f)
    load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
    gc.collect()

    wall, cpu = time.perf_counter(), time.process_time()
    phases: dict[str, float] = {}
    result = score_files(targets, actuals, rules_name, timings=phases)
    if result.unreadable:
        raise SystemExit("\n".join(p for u in result.unreadable for p in u.problems))
    sheet = result.sheet
    scored_wall = time.perf_counter() - wall
    sheet_cpu = time.process_time()
    data = sheet_to_json(sheet)
    phases["sheet"] = time.process_time() - sheet_cpu
    total_wall, total_cpu = time.perf_counter() - wall, time.process_time() - cpu

    rows = sum(len(p.indicators) for p in sheet.projects)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "indicators": rows, "projects": len(sheet.projects), "rules": sheet.rules.name,
        "mean": data["summary"]["mean"], "by_grade": data["summary"]["by_grade"],
        "targets_mb": round(targets.stat().st_size / 1e6, 1), "actuals_mb": round(actuals.stat().st_size / 1e6, 1),
        "json_load_s": round(load_wall, 2), "json_load_cpu_s": round(load_cpu, 2),
        "read_and_score_s": round(scored_wall, 2), "sheet_s": round(total_wall - scored_wall, 2),
        "total_s": round(total_wall, 2), "total_cpu_s": round(total_cpu, 2),
        "ratio": round(total_wall / load_wall, 2), "ratio_cpu": round(total_cpu / load_cpu, 2),
        "peak_rss_mb": round(peak_kib / 1024),
        "cpu_s_by_phase": {name: round(seconds, 2) for name, seconds in phases.items()},
        "cpu_ratio_by_phase": {name: round(seconds / load_cpu, 2) for name, seconds in phases.items()},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--indicators", type=int, default=1_000_000)
    parser.add_argument("--rules", default="national")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "perfeval-bench-score")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    folder = args.dir / str(args.indicators)
    targets, actuals = folder / "targets.json", folder / "actuals.json"
    if args.generate_only:
        generate(folder, args.indicators)
        return
    if not (targets.exists() and actuals.exists()):
        print(f"generating {args.indicators:,} indicators in {folder} …", file=sys.stderr)
        # In a child process, so generation does not count towards this process's peak memory.
        subprocess.run([sys.executable, __file__, "--indicators", str(args.indicators), "--dir", str(args.dir),
                        "--generate-only"], check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    result = measure(targets, actuals, args.rules)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
