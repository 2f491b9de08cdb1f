"""Benchmark: read a 200-page PDF of ruled target tables; pages per second beside pdfplumber's own tables.

The PDF is generated (reportlab's built-in Chinese font; needs the `corpus` extra): each page
holds a 项目支出绩效目标表 — title, 单位 line, a key table and a 12-row indicator table with a
merged 一级 column — so the file is like a county's 部门预算公开 annex. Measures, in one process
on the same bytes:
  plumber – pdfplumber.open + `page.extract_tables()` on every page (the extractor alone);
  read    – perfeval.sources.pdf.read_grid (tables with merged cells, free text, pages stitched);
and reports pages/second for each and the ratio read / plumber.

    python benchmarks/bench_pdf.py              # 200 pages
    python benchmarks/bench_pdf.py --pages 50
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

LEVELS = (("产出指标", "数量指标", "培训人次", "≥", "人次"), ("产出指标", "质量指标", "培训合格率", "≥", "%"),
          ("产出指标", "时效指标", "补贴发放及时率", "=", "%"), ("产出指标", "成本指标", "人均培训成本", "≤", "元"))


def make_pdf(path: Path, pages: int) -> None:
    from pdfwriter import Table, ruled_pdf

    blocks: list = []
    for n in range(pages):
        keys = [["项目名称", f"50015226T{n:012d}-职业技能培训补贴-{n}", "", ""],
                ["主管部门", "426-人社局", "实施单位", "426003-就业服务中心"],
                ["资金总额（万元）", str(100 + n), "项目属性", "延续项目"],
                ["项目当年绩效目标", "完成年度职业技能培训任务，提升劳动者就业能力。", "", ""]]
        grid = [["一级指标", "二级指标", "三级指标", "指标值", "指标性质", "度量单位", "权重", "是否核心指标"]]
        for k in range(12):
            level1, level2, name, op, unit = LEVELS[k % 4]
            grid.append([level1 if k == 0 else "", level2, f"{name}{k + 1}", str(50 + k), op, unit, "8", "否"])
        index = len(blocks) + 2
        blocks += [f"#2026 年项目支出绩效目标表-{n + 1}", "单位：万元",
                   Table(keys, spans=[((1, 0), (3, 0)), ((1, 3), (3, 3))]),
                   Table(grid, spans=[((0, 1), (0, 12))], header=1)]
        del index
    ruled_pdf(path, blocks, landscape=True, page_break_before=[i for i, b in enumerate(blocks) if isinstance(b, str)
                                                                  and b.startswith("#") and i > 0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    import pdfplumber

    from perfeval.sources.pdf import read_grid

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.pdf"
        start = time.perf_counter()
        make_pdf(path, args.pages)
        made = time.perf_counter() - start
        data = path.read_bytes()

        start = time.perf_counter()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
            tables = sum(len(page.extract_tables()) for page in pdf.pages)
        plumber = time.perf_counter() - start

        start = time.perf_counter()
        grid = read_grid(path, data)
        read = time.perf_counter() - start

    print(f"PDF: {pages} pages, {len(data) / 1e6:.2f} MB (written in {made:.1f} s); "
          f"pdfplumber found {tables} tables, perfeval {len(grid.tables())} tables and {len(grid)} rows")
    print(f"pdfplumber extract_tables: {plumber:6.2f} s  {pages / plumber:7.1f} pages/s")
    print(f"perfeval read_grid:        {read:6.2f} s  {pages / read:7.1f} pages/s   ratio {read / plumber:.2f}× the extractor alone")


if __name__ == "__main__":
    main()
