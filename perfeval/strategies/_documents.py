"""Whole documents: target tables, the budget tables that fund them, and the narrative.

Budget amounts are drawn at the leaves (科目 项 rows, in cents) and summed upwards,
so every parent row, 合计 row and 合计 column adds up exactly; the project list
prints each target table's code, name and 资金总额.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from ..model import BudgetRow, BudgetTable, Column, Document, Paragraph, TargetTable
from ._args import check_count, check_range, validation_ruleset
from ._partition import tidy
from ._policy import policy_of
from ._tables import PROJECT_CODES, department_tables, target_tables
from ._vocab import PROJECT_NAMES, SUBJECTS, UNIT_NAMES

SUBJECT_COLUMNS = (Column("科目编码", False), Column("科目名称", False), Column("合计", True),
                   Column("基本支出", True), Column("项目支出", True))
PROJECT_LIST_COLUMNS = (Column("项目名称", False), Column("合计", True))
CLAIM = "本单位项目支出均实行绩效目标管理，每个项目均编制了项目支出绩效目标表。"
_CENTS = st.integers(1, 50_000_000).map(lambda c: tidy(Decimal(c) / 100))


def documents(ruleset="national", *, min_projects: int = 1, max_projects: int = 3, year: int = 2026,
              department: bool = True) -> st.SearchStrategy[Document]:
    """部门预算公开 documents valid under `ruleset`: target tables, a 部门支出总表 whose rows add up,
    a 项目支出明细表 listing every project with its 资金总额, and a department table whose
    预算数 is the 部门支出总表's 合计.

    >>> doc = documents("national", min_projects=2, max_projects=2).example()
    >>> [row.cells[1] for row in doc.budget_table("附件 9").rows][:2] == [t.funds for t in doc.target_tables]
    True
    """
    function = "documents"
    rules = validation_ruleset(function, ruleset)
    check_count(function, "min_projects", min_projects, 0)
    check_count(function, "max_projects", max_projects, 0)
    check_range(function, "min_projects", min_projects, "max_projects", max_projects)
    if max_projects > len(PROJECT_NAMES):
        check_range(function, "max_projects", max_projects, f"len(PROJECT_NAMES)", len(PROJECT_NAMES))
    check_count(function, "year", year, 1900)
    return _document(policy_of(rules), min_projects, max_projects, year, department)


@st.composite
def _document(draw, policy, min_projects: int, max_projects: int, year: int, department: bool) -> Document:
    count = draw(st.integers(min_projects, max_projects))
    codes = draw(st.lists(PROJECT_CODES, min_size=count, max_size=count, unique=True))
    names = draw(st.permutations(PROJECT_NAMES))[:count]
    unit_name = draw(st.sampled_from(UNIT_NAMES))
    tables = tuple(draw(target_tables(policy.ruleset, year=year, label=f"附件 12-{i + 1}", project_code=code, project_name=name))
                   for i, (code, name) in enumerate(zip(codes, names)))
    budget = [draw(subject_tables(unit_name))]
    spending = budget[0].rows[0].cells[2]
    if tables:
        budget.append(project_list_table(tables, unit_name))
    return Document(
        unit_name=unit_name, year=year, title=f"{unit_name}{year}年部门预算公开",
        narrative=(Paragraph(CLAIM, section="七、其他相关情况说明"),),
        budget_tables=tuple(budget),
        department_table=(draw(department_tables(policy.ruleset, unit_name=unit_name, budget=spending))
                          if department else None),
        target_tables=tables,
    )


def project_list_table(tables: tuple[TargetTable, ...], unit_name: str = "", label: str = "附件 9") -> BudgetTable:
    """The 项目支出明细表 for `tables`: one row per project and a 合计 row that adds up."""
    rows = [BudgetRow((f"{t.project_code}-{t.project_name}", t.funds)) for t in tables]
    total = sum((t.funds or Decimal(0) for t in tables), Decimal(0))
    rows.append(BudgetRow(("合计", total)))
    return BudgetTable(label=label, title=f"{unit_name}项目支出明细表", columns=PROJECT_LIST_COLUMNS, rows=rows)


_NAMES = dict(SUBJECTS)
_CLASSES = [code for code, _ in SUBJECTS if len(code) == 3]


def subject_tables(unit_name: str = "", label: str = "附件 2") -> st.SearchStrategy[BudgetTable]:
    """A 部门支出总表 by 科目编码 (类 > 款 > 项) whose parents, 合计 row and 合计 column all add up."""
    return _subject_table(unit_name, label)


@st.composite
def _subject_table(draw, unit_name: str, label: str) -> BudgetTable:
    classes, names = _CLASSES, _NAMES
    chosen = sorted(draw(st.lists(st.sampled_from(classes), min_size=1, max_size=3, unique=True)))
    amounts: dict[str, tuple[Decimal, Decimal]] = {}
    order: list[str] = []
    for top in chosen:
        order.append(top)
        middles = [c for c in names if len(c) == 5 and c.startswith(top)]
        for middle in sorted(draw(st.lists(st.sampled_from(middles), min_size=1, max_size=len(middles), unique=True))):
            order.append(middle)
            leaves = [c for c in names if len(c) == 7 and c.startswith(middle)]
            for leaf in sorted(draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=len(leaves), unique=True))):
                order.append(leaf)
                amounts[leaf] = (draw(_CENTS), draw(_CENTS))
    for code in sorted(order, key=len, reverse=True):
        if code not in amounts:
            kids = [c for c in order if len(c) == len(code) + 2 and c.startswith(code)]
            amounts[code] = (sum((amounts[k][0] for k in kids), Decimal(0)),
                             sum((amounts[k][1] for k in kids), Decimal(0)))
    basic = sum((amounts[c][0] for c in chosen), Decimal(0))
    project = sum((amounts[c][1] for c in chosen), Decimal(0))
    rows = [BudgetRow(("", "合计", basic + project, basic, project))]
    rows += [BudgetRow((code, names[code], sum(amounts[code]), *amounts[code])) for code in order]
    return BudgetTable(label=label, title=f"{unit_name}部门支出总表", columns=SUBJECT_COLUMNS, rows=rows)
