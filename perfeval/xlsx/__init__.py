"""Excel (.xlsx) in and out: documents in the form and flat layouts, actuals, findings and score sheets.

Everything that imports openpyxl lives in this package, and the rest of perfeval
imports it lazily, so commands that never touch a workbook never load openpyxl.
"""

from ._cells import cell_text, is_percent, number_to_decimal, shown_places
from ._workbook import Workbook
from ._write import Book, Styled
from .actuals import read_actuals_xlsx
from .document import read_document_xlsx, write_document_xlsx
from .findings import write_findings_xlsx
from .score import check_score_workbook, write_score_xlsx

# The public face other packages use (selfeval writes and reads its workbooks with these; sources
# reads an .xls number as shown): they import these names, never this package's private modules.
__all__ = ["Book", "Styled", "Workbook", "cell_text", "check_score_workbook", "is_percent",
           "number_to_decimal", "shown_places",
           "read_actuals_xlsx", "read_document_xlsx", "write_document_xlsx", "write_findings_xlsx", "write_score_xlsx"]
