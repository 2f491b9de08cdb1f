"""The workbook readers' view of the one vocabulary (`perfeval.vocab`).

Headers are compared after `vocab.key` (NFKC, no whitespace, no leading or trailing
`*`), so `资金总额(万元)`, `资金总额（万元）` and `*项目\\n名称` match. docs/excel.md lists
these tables; a test keeps the two in step. A header matching nothing is reported.
"""

from __future__ import annotations

from ..vocab import ACTUALS, ACTUALS_IGNORED, DEPARTMENT, IGNORED, INDICATOR, key, lookup, spelled
from ..vocab import TARGET as PROJECT

normalise = key

INDICATOR_LOOKUP = lookup(INDICATOR)
PROJECT_LOOKUP = lookup(PROJECT)
DEPARTMENT_LOOKUP = lookup(DEPARTMENT)
FLAT_LOOKUP = lookup(PROJECT, INDICATOR)
ACTUALS_LOOKUP = lookup(ACTUALS)

__all__ = ["ACTUALS", "ACTUALS_IGNORED", "ACTUALS_LOOKUP", "DEPARTMENT", "DEPARTMENT_LOOKUP", "FLAT_LOOKUP",
           "IGNORED", "INDICATOR", "INDICATOR_LOOKUP", "PROJECT", "PROJECT_LOOKUP", "lookup", "normalise", "spelled"]
