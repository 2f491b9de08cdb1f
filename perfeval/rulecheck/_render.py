"""Printing check results: one line per property, and a table for each counterexample."""

from __future__ import annotations

from ._run import Report

MARKS = {True: "通过", False: "失败", None: "未判定"}


def render(report: Report, tablefmt: str = "simple") -> str:
    from tabulate import tabulate

    kind = {"scoring": "评分规则集", "form": "表样"}.get(report.kind, "校验规则集")
    lines = [f"{kind} {report.name}（{report.path}）"]
    for result in report.results:
        line = f"  [{MARKS[result.holds]}] {result.title}"
        if result.rules:
            line += f"  ← {', '.join(result.rules)}"
        if result.note:
            line += f"（{result.note}）"
        lines.append(line)
        for example in result.counterexamples:
            lines.append(f"      反例（规则 {example.rule}）：{example.note}")
            table = tabulate(example.rows, headers=example.headers, tablefmt=tablefmt, disable_numparse=True)
            lines.extend("      " + row for row in table.splitlines())
    failed = sum(1 for r in report.results if r.holds is False)
    lines.append(f"  共 {len(report.results)} 项，{'全部成立' if not failed else f'{failed} 项不成立'}")
    return "\n".join(lines)
