"""perfeval.xlsx.headers: the alias table, and docs/excel.md listing exactly it."""

from __future__ import annotations


from perfeval.xlsx.headers import ACTUALS, DEPARTMENT, FLAT_LOOKUP, INDICATOR, PROJECT, normalise

from .conftest import ROOT


def test_normalise_ignores_width_spaces_breaks_and_required_marks():
    assert normalise("*资金总额(万元)") == normalise("资金总额（万元）")
    assert normalise(" 项目\n名称 ") == normalise("项目名称")
    assert FLAT_LOOKUP[normalise("指标方向")] == "operator"
    assert FLAT_LOOKUP[normalise("计量单位")] == "unit"
    assert FLAT_LOOKUP[normalise("分值")] == "weight"


def test_no_alias_means_two_things():
    for tables in ((INDICATOR, PROJECT), (DEPARTMENT,), (ACTUALS,)):
        seen: dict[str, str] = {}
        for table in tables:
            for field, aliases in table.items():
                for alias in aliases:
                    assert seen.setdefault(normalise(alias), field) == field, alias


def test_docs_list_every_alias_and_no_other():
    text = (ROOT / "docs" / "excel.md").read_text("utf-8")
    section = text.split("## Header aliases", 1)[1].split("\n## ", 1)[0]
    documented = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("field", "---"):
            documented.update(a.strip() for a in cells[1].split(","))
    in_code = {a for table in (INDICATOR, PROJECT, DEPARTMENT, ACTUALS) for aliases in table.values() for a in aliases}
    assert documented == in_code
