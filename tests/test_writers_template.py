"""perfeval.writers.template: the template's rows and its CSV form."""

from __future__ import annotations

import csv

from perfeval.readers import read_document
from perfeval.readers.actuals import read_actuals
from perfeval.writers.template import CSV_COLUMNS, template_rows, write_template_csv

from .conftest import SEED


def test_one_row_per_indicator_with_its_target_and_weight():
    document = read_document(SEED)
    tables = list(template_rows(document.target_tables))
    assert len(tables) == 17 and sum(len(rows) for _, rows in tables) == 79
    table, rows = tables[1]  # 附件 12-2 prints 保障社会稳定 twice: the 二级指标 tells them apart
    assert [(r.level2, r.name) for r in rows if r.name == "保障社会稳定"] == [("质量指标", "保障社会稳定"),
                                                                           ("社会效益指标", "保障社会稳定")]
    first = tables[0][1][0]
    assert (first.project_code, first.level1, first.level2, first.name, first.target, first.weight) == (
        "50015224T000004337668", "产出指标", "数量指标", "流动宣传车", "= 2 台", "30")
    assert [r.qualitative for r in tables[0][1]] == [False, False, False, False, True]


def test_csv_has_a_funds_row_per_project_and_reads_back_blank(tmp_path):
    path = tmp_path / "t.csv"
    assert write_template_csv(read_document(SEED).target_tables, path) == (17, 79)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel opens UTF-8 CSV as UTF-8
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 17 + 79 and sum(1 for r in rows if not r["三级指标"]) == 17
    blank = read_actuals(path)  # the target columns are known and skipped; blank rows are not given
    assert blank.actuals == () and blank.funds == ()
