"""The audit report as a reviewer's workbook: validate's 问题清单 sheet, then the audit's own views.

Built with the Excel helper's safe writer (`perfeval.xlsx.Book`, which checks every
cell before anything is written) and its findings rows, so a finding looks the same in
`perfeval validate -o x.xlsx` and `perfeval audit -o x.xlsx`. Imported only for `.xlsx` output; the JSON report stays exact, the workbook keeps 4 places.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from ..limits import quantize
from ..vocab import SEVERITY_LABELS

_POINTS = "0.00"
_PLACES = Decimal("0.0001")


def _number(value: Any) -> object:
    """A score for a cell: re-scores that do not terminate are kept to 4 places (Excel holds 15 digits)."""
    if value in (None, ""):
        return None
    number = Decimal(value)
    if number.as_tuple().exponent < -4:  # type: ignore[operator]
        number = quantize(number, _PLACES, ROUND_HALF_UP)
    from ..xlsx import Styled

    return Styled(number, _POINTS)


def _header(*names: str) -> list:
    from ..xlsx import Styled

    return [Styled(name, header=True) for name in names]


def write_audit_xlsx(report: dict[str, Any], path: str | Path) -> None:
    """问题清单 (every finding, errors first), 复核汇总 (one row per sheet), 等级对照, 差异最大, 总分差异, 常见问题, 汇总."""
    from ..xlsx import Book
    from ..xlsx.findings import COLUMNS, SEVERITY_ORDER, finding_row as _row

    findings = sorted(report["findings"], key=lambda f: SEVERITY_ORDER.get(f.get("severity"), len(SEVERITY_ORDER)))
    book = Book()
    book.add_sheet("问题清单", [_header(*COLUMNS), *(_row(f) for f in findings)], freeze="A2", auto_filter=True,
                   wrap_long=False, widths={6: 80})
    sheets = [_header("自评表", "文件", "项目编码", "项目名称", "自评总分", "自评等级", "复核总分", "复核等级",
                      *SEVERITY_LABELS.values())]
    for s in report["sheets"]:
        sheets.append([s["table"], s["file"], s["project_code"], s["project_name"], _number(s["claimed_total"]),
                       s["claimed_grade"], _number(s["rescored_total"]), s["rescored_grade"],
                       Decimal(s["error"]), Decimal(s["warning"]), Decimal(s["info"])])
    book.add_sheet("复核汇总", sheets, freeze="A2", auto_filter=True)
    grades = report["overview"]["grades"]
    names = list(grades)
    matrix = [_header("自评＼复核", *names)]
    matrix.extend([claimed, *(Decimal(grades[claimed][r]) for r in names)] for claimed in names)
    book.add_sheet("等级对照", matrix)
    differences = [_header("自评表", "项目编码", "指标", "自评得分", "复核得分", "差（自评 − 复核）", "文件", "行", "单元格")]
    for d in report["overview"]["largest_differences"]:
        where = d["location"]
        differences.append([d["table"], d["project"], d["indicator"], _number(d["claimed"]), _number(d["rescored"]),
                            _number(d["difference"]), where["file"],
                            Decimal(where["line"]) if where["line"] is not None else None, where["cell"]])
    book.add_sheet("差异最大", differences, freeze="A2")
    totals = [_header("自评表", "项目编码", "文件", "自评总分", "自评等级", "复核总分", "复核等级", "差（自评 − 复核）")]
    for d in report["overview"]["largest_total_differences"]:
        totals.append([d["table"], d["project"], d["file"], _number(d["claimed"]), d["claimed_grade"],
                       _number(d["rescored"]), d["rescored_grade"], _number(d["difference"])])
    book.add_sheet("总分差异", totals, freeze="A2")
    codes = [_header("代码", "问题", "条数", "涉及自评表")]
    codes.extend([c["code"], c["title"], Decimal(c["findings"]), Decimal(c["sheets"])]
                 for c in report["overview"]["frequent_codes"])
    book.add_sheet("常见问题", codes, freeze="A2")
    summary = report["summary"]
    counts = [_header("项目", "数量")]
    for key, label in (*SEVERITY_LABELS.items(), ("files", "文件"), ("sheets", "自评表"),
                       ("sheets_with_errors", "有错误的自评表")):
        counts.append([label, Decimal(summary[key])])
    book.add_sheet("汇总", counts)
    book.save(path)
