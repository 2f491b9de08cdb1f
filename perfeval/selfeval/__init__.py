"""Reviewing submitted self-evaluation sheets (项目支出绩效自评表): read, re-score, report.

Data flows reader (`readers.read_sheets`) → model (`model.SelfEvaluation`) → audit
(`audit.Auditor`) → summary (`summary.summarize`); `perfeval audit` is the command.
"""

from .audit import DEFAULT_TOLERANCE, Auditor, RowResult, SheetAudit
from .model import Funds, Goal, Row, SelfEvaluation
from .readers import read_sheets

__all__ = ["DEFAULT_TOLERANCE", "Auditor", "Funds", "Goal", "Row", "RowResult", "SelfEvaluation", "SheetAudit",
           "read_sheets"]
