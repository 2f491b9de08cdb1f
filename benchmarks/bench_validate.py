"""Benchmark: validating a province-sized batch against simply loading its JSON.

Generates a synthetic document with N indicators (default 100 000) in perfeval's
JSON format: project target tables of five indicators each, goal texts with numeric
claims in most tables, a few defects, and a project list (附件 10) for the money
checks. Then, in one run, it measures

  1. `json.load` of the file,
  2. `perfeval validate`'s work: read_document + validate_document (national rules),
  3. goal-versus-indicator comparisons with exact Fraction intervals versus sympy sets,
  4. the wall time of `perfeval validate` on the seed versus `python -c "import sympy"`.

Usage:  python benchmarks/bench_validate.py [--indicators 100000] [--repeat 3] [--keep FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfeval.model import BudgetRow, BudgetTable, Column, Document, Indicator, Paragraph, TargetTable  # noqa: E402
from perfeval.operators import Operator  # noqa: E402
from perfeval.units import parse_unit  # noqa: E402

PER_TABLE = 5
_PEOPLE, _PERCENT, _WAN = parse_unit("人"), parse_unit("%"), parse_unit("万元")
_GOALS = (
    "享受补贴人数大于 {n} 人，按时足额发放",
    "发放人数不少于 {n} 人，群众满意度达到 95%",
    "按时足额发放",
    "完成 {n} 人的补贴发放，成本控制在 {c} 万元以内",
)


def synthetic(indicators: int, distinct: bool = False) -> Document:
    """A document with `indicators` indicators in tables of five; about one table in eight has a defect
    (`distinct`: each table's rows name their own indicators, see _distinct.py)."""
    from _distinct import suffix

    tables, rows = [], []
    for t in range(indicators // PER_TABLE):
        code = f"5001522{t % 10}T{t:012d}"
        n = 100 + t  # goal texts differ from table to table, as real ones do
        asked = n if t % 8 else n // 2  # every eighth table asks less than its goal promises
        weight_first = Decimal(20) if t % 16 else Decimal(10)  # and every sixteenth sums to 80
        funds = Decimal(10 + t % 500)
        own = suffix(t) if distinct else ""
        table_indicators = (
            Indicator("享受补贴人数" + own, Operator.GE, Decimal(asked), _PEOPLE, weight_first, "产出指标", "数量指标", True),
            Indicator("补贴发放准确率" + own, Operator.GE, Decimal(95), _PERCENT, Decimal(20), "产出指标", "质量指标", False),
            Indicator("保障社会稳定" + own, Operator.QUALITATIVE, None, None, Decimal(30), "效益指标", "社会效益指标", False,
                      text_value="达成预期指标"),
            Indicator("服务对象满意度" + own, Operator.GE, Decimal(90), _PERCENT, Decimal(10), "满意度指标", "服务对象满意度指标", False),
            Indicator("发放成本" + own, Operator.LE, funds, _WAN, Decimal(10), "产出指标", "成本指标", False),
        )
        tables.append(TargetTable(
            label=f"附件 12-{t + 1}", project_code=code, project_name=f"生活补贴项目{t}", indicators=table_indicators,
            title=f"2026 年项目支出绩效目标表-{t + 1}", funds=funds, attribute="新增" if t % 3 else "延续",
            start="2026 年" if t % 3 else "2024 年", end="长期", overview=f"代发 {n} 人生活补贴", basis="根据部门职能职责",
            goal=_GOALS[t % len(_GOALS)].format(n=n, c=funds),
        ))
        rows.append(BudgetRow((str(t + 1), "426003-社会保险事务中心", f"{code}-生活补贴项目{t}", funds)))
    total = sum((row.cells[3] for row in rows), Decimal(0))
    project_list = BudgetTable(
        label="附件 10", title="项目支出明细表",
        columns=(Column("序号", False), Column("预算单位", False), Column("项目名称", False), Column("合计", True)),
        rows=(BudgetRow(("", "", "合计", total)), *rows),
    )
    return Document(unit_name="合成单位", year=2026, target_tables=tables, budget_tables=[project_list],
                    narrative=[Paragraph("2026 年项目支出均实行了绩效目标管理。")])


def best(fn, repeat: int) -> tuple[tuple[float, float], object]:
    """The best (wall, CPU) seconds of `repeat` runs; CPU time is steadier on a shared machine."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        cpus.append(time.process_time() - start_cpu)
        walls.append(time.perf_counter() - start)
    return (min(walls), min(cpus)), result


def line(label: str, measured: tuple[float, float], base: tuple[float, float] | None = None) -> str:
    text = f"{label:<44} wall {measured[0]:7.3f} s  cpu {measured[1]:7.3f} s"
    if base is not None:
        text += f"   = {measured[0] / base[0]:.2f}x / {measured[1] / base[1]:.2f}x json.load"
    return text


def wall(argv: list[str], repeat: int) -> float:
    times = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare_backends(doc: Document, repeat: int) -> tuple[int, float, float]:
    """Time every goal/indicator comparison the goal check makes, with Fractions and with sympy."""
    from perfeval.checks.goal import match_indicators
    from perfeval.goaltext import extract_claims
    from perfeval.intervals import NONNEGATIVE, Interval, compare, compare_sympy

    pairs = []
    for table in doc.target_tables:
        for claim in extract_claims(table.goal):
            for indicator in match_indicators(claim, table.indicators):
                asked = Interval.of(indicator.operator, Fraction(indicator.value) * indicator.unit.factor)
                pairs.append((claim.interval(Fraction(1, 10)), asked.intersection(NONNEGATIVE), claim.upper))
    (_, exact), _ = best(lambda: [compare(g, i, u) for g, i, u in pairs], repeat)
    sample = pairs[:2000]
    (_, symbolic), _ = best(lambda: [compare_sympy(g, i, u) for g, i, u in sample], 1)
    return len(pairs), exact, symbolic * len(pairs) / max(1, len(sample))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the synthetic JSON here instead of a temporary file")
    args = parser.parse_args()

    from perfeval.api import validate_files
    from perfeval.checks import load_ruleset, validate_document
    from perfeval.goaltext import extract_claims
    from perfeval.readers import read_document
    from perfeval.writers.native import dump_json

    doc = synthetic(args.indicators)
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "batch.json"
        path.write_text(dump_json(doc), encoding="utf-8")
        size = path.stat().st_size

        def load():
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)

        rules = load_ruleset("national")

        def cold(fn):  # no run profits from the goal-text cache an earlier run filled
            def run():
                extract_claims.cache_clear()
                return fn()
            return run

        validate_files([path], rules)  # warm up: lazy imports, regex compilation
        t_json, _ = best(load, args.repeat)
        t_total, _ = best(cold(lambda: validate_files([path], rules)), args.repeat)
        t_read, read = best(lambda: read_document(path), args.repeat)
        t_check, findings = best(cold(lambda: validate_document(read, rules)), args.repeat)

    indicators = sum(len(t.indicators) for t in read.target_tables)
    by_code: dict[str, int] = {}
    for finding in findings:
        by_code[finding.code] = by_code.get(finding.code, 0) + 1
    print(f"synthetic batch: {indicators} indicators, {len(read.target_tables)} tables, {size / 1e6:.1f} MB JSON")
    print(line("json.load", t_json))
    print(line("read + validate (validate_files, as the CLI)", t_total, t_json) + "   (aim <= 3x)")
    print(line("  read_document alone", t_read, t_json))
    print(line("  validate_document alone", t_check, t_json))
    print(f"findings: {len(findings)}  " + ", ".join(f"{code} {n}" for code, n in sorted(by_code.items())))

    pairs, exact, symbolic = compare_backends(read, args.repeat)
    print(f"goal comparisons: {pairs}; exact intervals {exact:.3f} s cpu; sympy sets {symbolic:.1f} s cpu "
          f"(extrapolated from {min(pairs, 2000)}); {symbolic / max(exact, 1e-9):.0f}x")

    seed = str(ROOT / "examples" / "tongnan-shebao-2026.txt")
    t_cli = wall([sys.executable, "-m", "perfeval", "validate", seed, "--fail-on", "never"], 5)
    t_sympy = wall([sys.executable, "-c", "import sympy"], 5)
    t_python = wall([sys.executable, "-c", "pass"], 5)
    print(f"perfeval validate <seed> wall {t_cli:.3f} s; python -c 'import sympy' {t_sympy:.3f} s; "
          f"python -c 'pass' {t_python:.3f} s (medians of 5)")


if __name__ == "__main__":
    main()
