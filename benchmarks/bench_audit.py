"""Benchmark: audit ≥ 10,000 synthetic 自评表 (seven indicator rows each), stored as JSON.

Generated sheets are a realistic mix: most add up, some carry the faults the audit looks
for (over-scored rows, deductions without reason, words for numbers, results written as
targets, totals that do not add up, a wrong grade). Measures, in one process:
  load   – `json.load` of the same file (the floor any reader pays);
  read   – perfeval.selfeval.batch.read_all (JSON to the sheet model);
  audit  – audit every sheet (taxonomy checks included);
  report – build the batch report and render it as JSON (what `perfeval audit --format json` prints;
           --format table: the default table);
with the collector paused as the command pauses it, and reports sheets/second and the ratio to load.

    python benchmarks/bench_audit.py                   # 10,000 sheets, national rules
    python benchmarks/bench_audit.py --sheets 50000 --rules strict
    python benchmarks/bench_audit.py --sizes 1000,10000,30000 --cpu   # the cost per sheet at each size
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (一级, 二级, 三级, 年度指标值, 分值) of each sheet's rows; 分值 total 90, 预算执行率 10.
ROWS = (
    ("产出指标", "数量指标", "培训人次", "≥{n}人次", 20),
    ("产出指标", "质量指标", "培训合格率", "≥90%", 15),
    ("产出指标", "时效指标", "补贴发放及时率", "﹦100%", 10),
    ("成本指标", "经济成本指标", "人均培训成本", "≤{c}元", 10),
    ("效益指标", "社会效益指标", "培训后就业率", "60%以上", 15),
    ("效益指标", "可持续影响指标", "职业技能水平", "有效提升", 10),
    ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥９０％", 10),
)


def _sheet(rng: random.Random, i: int, distinct: bool = False) -> dict:
    from _distinct import suffix

    own = suffix(i) if distinct else ""
    people, cost = rng.randint(50, 5000), rng.randint(500, 3000)
    budget = rng.randint(10, 900)
    spent = round(budget * rng.choice((1, 1, 0.98, 0.95, 0.8)), 2)
    rate = spent / budget
    execution = round(10 * min(1, rate), 2)
    rows, total = [], execution
    for level1, level2, name, target, weight in ROWS:
        target = target.format(n=people, c=cost)
        fault = rng.random()
        row = {"一级指标": level1, "二级指标": level2, "三级指标": name + own, "年度指标值": target, "分值": weight}
        if name == "培训人次":
            got = people if fault > 0.2 else int(people * 0.7)
            row["实际完成值"] = f"{got}人次" if fault > 0.05 else "完成"
            score = weight if got >= people else round(weight * got / people, 2)
        elif name == "人均培训成本":
            row["实际完成值"] = f"{cost / 10000:.2f}万元" if fault > 0.5 else f"{cost - 20}元"
            score = weight
        elif name == "职业技能水平":
            row["实际完成值"] = "达成" if fault > 0.1 else "部分达成"
            score = weight if fault > 0.1 else 7
        else:
            met = {"培训合格率": "96%", "补贴发放及时率": "100%", "培训后就业率": "72%", "参训人员满意度": "93%"}[name]
            row["实际完成值"] = met if fault > 0.1 else "≥" + met
            score = weight
        if fault < 0.03:
            score = weight + 1                   # above its 分值
        elif fault < 0.08:
            score = weight - 2                   # deduction without reason
        elif score < weight:
            row["偏差原因"] = "年中政策调整，次年按新标准制定目标"
        row["得分"] = score
        total += score
        rows.append(row)
    total = round(total, 2)
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    if rng.random() < 0.03:
        total += 5
    if rng.random() < 0.03:
        grade = "优"
    return {
        "项目名称": f"50015226T{i:012d}-合成培训项目{i}",
        "项目资金": {"年初预算数": budget, "全年预算数": budget, "全年执行数": spent, "分值": 10,
                 "执行率": f"{rate * 100:.2f}%", "得分": execution},
        "绩效指标": rows,
        "总分": {"分值": 100, "得分": total},
        "自评等级": grade,
    }


def generate(path: Path, sheets: int, seed: int = 2026, distinct: bool = False) -> None:
    """Write `sheets` 自评表 sheets (`distinct`: each sheet's rows name their own indicators, see _distinct.py)."""
    rng = random.Random(seed)
    path.write_text(json.dumps({"自评表": [_sheet(rng, i, distinct) for i in range(sheets)]}, ensure_ascii=False), encoding="utf-8")


def measure(path: Path, args) -> dict:
    """One size: json.load, then what `perfeval audit --format json` does, phase by phase, as the CLI runs it."""
    from perfeval._gc import paused_gc
    from perfeval.api import AuditResult
    from perfeval.checks import load_ruleset
    from perfeval.output import render_text
    from perfeval.scoring import load_scoring_rules
    from perfeval.selfeval.batch import audit_all, read_all

    clock = time.process_time if args.cpu else time.perf_counter
    start = clock()
    with path.open(encoding="utf-8") as handle:
        json.load(handle)
    load = clock() - start

    rules = load_scoring_rules(args.rules)
    names = None if args.taxonomy == "off" else load_ruleset(args.taxonomy)
    with paused_gc():  # as `perfeval audit` runs
        start = clock()
        sheets = read_all([path])
        read = clock() - start
        start = clock()
        audits = audit_all(sheets, rules, taxonomy=names)
        audit = clock() - start
        start = clock()
        result = AuditResult(audits, [str(path)], [], rules)
        render_text("audit", result, args.format)
        report = result.report()
        output = clock() - start
    return {"sheets": len(sheets), "load": load, "read": read, "audit": audit, "output": output, "report": report,
            "rules": rules, "size": path.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=10_000)
    parser.add_argument("--sizes", help="several sizes in one run, e.g. 1000,10000,30000: prints the cost per sheet "
                        "of each, to show it stays the same")
    parser.add_argument("--rules", default="national")
    parser.add_argument("--taxonomy", default="national", help="validation rule set for the name checks, or off")
    parser.add_argument("--format", default="json", choices=("json", "table"), help="the output rendered")
    parser.add_argument("--cpu", action="store_true", help="time with CPU time (process_time) instead of wall time, "
                        "for machines shared with other jobs")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "perfeval-bench-audit")
    parser.add_argument("--distinct", action="store_true", help="sheets whose rows each name their own indicator "
                        "(no row written twice; see _distinct.py)")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    sizes = [int(n) for n in args.sizes.split(",")] if args.sizes else [args.sheets]
    per_sheet = []
    for size in sizes:
        path = args.dir / f"{'distinct-' if args.distinct else ''}sheets-{size}.json"
        if not path.exists():
            generate(path, size, distinct=args.distinct)
        m = measure(path, args)
        total = m["read"] + m["audit"] + m["output"]
        summary = m["report"]["summary"]
        print(f"sheets: {m['sheets']:,} ({m['sheets'] * len(ROWS):,} indicator rows), rules: {m['rules'].name}, "
              f"clock: {'CPU' if args.cpu else 'wall'}, file: {m['size'] / 1e6:.1f} MB")
        print(f"findings: error {summary['error']:,}, warning {summary['warning']:,}, info {summary['info']:,}; "
              f"sheets with errors {summary['sheets_with_errors']:,}")
        print(f"json.load   {m['load']:8.2f} s")
        print(f"read        {m['read']:8.2f} s")
        print(f"audit       {m['audit']:8.2f} s")
        print(f"report+{args.format:<6}{m['output']:8.2f} s")
        print(f"total       {total:8.2f} s  = {m['sheets'] / total:,.0f} sheets/s; {total / m['load']:.0f}× json.load of the same file")
        per_sheet.append((m["sheets"], *(1000 * m[k] / m["sheets"] for k in ("read", "audit", "output")), 1000 * total / m["sheets"]))
    if len(per_sheet) > 1:
        print("\nper sheet (ms)   read   audit  report+out   total")
        for n, read, audit, output, total in per_sheet:
            print(f"{n:>12,}  {read:6.3f}  {audit:6.3f}  {output:11.3f}  {total:6.3f}")


if __name__ == "__main__":
    main()
