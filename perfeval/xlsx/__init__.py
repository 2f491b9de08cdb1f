"""Excel (.xlsx) in and out: documents in the form and flat layouts, actuals, findings and score sheets.

Everything that imports openpyxl lives in this package, and the rest of perfeval
imports it lazily, so commands that never touch a workbook never load openpyxl.
"""

from .document import read_document_xlsx, write_document_xlsx

__all__ = ["read_document_xlsx", "write_document_xlsx"]
