"""Excel (.xlsx) in and out: documents in the form and flat layouts, actuals, findings and score sheets.

Everything that imports openpyxl lives in this package, and the rest of perfeval
imports it lazily, so commands that never touch a workbook never load openpyxl.
"""

from .actuals import read_actuals_xlsx
from .document import read_document_xlsx, write_document_xlsx
from .findings import write_findings_xlsx
from .score import check_score_workbook, write_score_xlsx

__all__ = ["check_score_workbook", "read_actuals_xlsx", "read_document_xlsx", "write_document_xlsx", "write_findings_xlsx", "write_score_xlsx"]
