"""The 其中 rows of the official 自评表 workbook read back: target funds rows -> `perfeval score -o 自评表.xlsx` -> audit.

perfeval.strategies generates target tables with funds rows (当年财政拨款 / 上年结转资金 / 其他资金, adding up to
the table's funds); the official form prints them as the 年初预算数 of its 其中 rows; the form reader reads
them back as Funds.parts with the same amounts, and the audit finds them consistent with 年度资金总额.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval.actuals import Actual, Actuals, Band, ProjectFunds
from perfeval.model import FundsRow, TargetTable
from perfeval.scoring import load_scoring_rules, score
from perfeval.selfeval import read_sheets
from perfeval.selfeval.batch import audit_all
from perfeval.selfeval.values import read_amount
from perfeval.strategies import printed_forms
from perfeval.xlsx.official import FUNDS_PARTS, write_official_form

from .builders import sound_table

RULES = load_scoring_rules("national")
# the strategies' printed forms of one scorable table: funds rows drawn by perfeval.strategies, weights kept
_WITH_ROWS = printed_forms(st.just(sound_table())).filter(
    lambda t: bool(t.funds_rows) and (t.profile is None or "weight" not in t.profile.lacks))


def _written_and_read(table: TargetTable, spent_share: int = 90):
    """`table` scored with every indicator achieved and 年初预算数 = its funds, written as the official form, read."""
    code = table.project_code
    actuals = Actuals([Actual(code, i.name, i.value, i.unit) if i.value is not None
                       else Actual(code, i.name, band=Band.ACHIEVED) for i in table.indicators],
                      [ProjectFunds(code, table.funds, table.funds * spent_share / 100)])
    sheet = score([table], actuals, RULES, targets_file="t.yaml")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "自评表.xlsx"
        write_official_form(sheet, path, year=2026)
        [read] = read_sheets(path)
    return read


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=_WITH_ROWS)
def test_the_funds_rows_come_back_as_the_parts_and_add_up(table):
    sheet = _written_and_read(table)
    parts = sheet.funds.parts
    assert [p.label for p in parts] == [label.removeprefix("其中：") for label, _ in FUNDS_PARTS]
    for part, (_, words) in zip(parts, FUNDS_PARTS):
        row = next((r for r in table.funds_rows if any(w in r.label for w in words)), None)
        assert read_amount(part.initial, "年初预算数") == (row.amount if row is not None else None)
        assert part.budget == part.spent == ""  # the form leaves the sub-rows' 全年 columns to the unit
    assert sum(read_amount(p.initial, "") or 0 for p in parts) == read_amount(sheet.funds.initial, "") == table.funds
    [audit] = audit_all([sheet], RULES)
    assert [f.code for f in audit.findings if f.code in ("arith.funds_parts", "arith.funds_blank")] == []


def test_a_target_whose_rows_do_not_add_up_gives_a_form_the_audit_questions():
    """The printed form carries the target's own inconsistency (rows 400 + 30 under funds of 478) to the audit."""
    table = sound_table(funds_rows=(FundsRow("当年财政拨款", Decimal(400)), FundsRow("上年结转资金", Decimal(30))))
    sheet = _written_and_read(table)
    assert [(p.label, p.initial) for p in sheet.funds.parts] == [("当年财政拨款", "400"), ("上年结转资金", "30"),
                                                               ("其他资金", "")]
    [audit] = audit_all([sheet], RULES)
    [finding] = [f for f in audit.findings if f.code == "arith.funds_parts"]
    assert "年度资金总额的年初预算数 478 万元，其中各项（当年财政拨款 400、上年结转资金 30）合计 430 万元" in finding.message
