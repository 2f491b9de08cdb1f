"""Hypothesis strategies for perfeval's model: compose them in tests of your own rule sets.

Everything here is built constructively and valid by construction for a given
validation rule set, so tests stay fast; the defect injectors then break exactly
one thing and say which finding it must cause. See docs/testing-rules.md.

    >>> from perfeval.strategies import target_tables
    >>> target_tables("national").example().weight_total
    Decimal('90')
"""

from ._actuals import OUTCOMES, actual_for, actuals, outcomes_for
from ._args import InvalidArgument
from ._defects import INJECTORS, Defect, Injected, applicable_injectors, defective_documents, inject
from ._documents import documents, project_list_table, subject_tables
from ._indicators import indicators, values
from ._policy import Policy, policy_of
from ._printed import printed_forms
from ._tables import department_tables, goal_text, project_codes, target_tables

__all__ = [
    "INJECTORS",
    "OUTCOMES",
    "Defect",
    "Injected",
    "InvalidArgument",
    "actual_for",
    "actuals",
    "applicable_injectors",
    "defective_documents",
    "department_tables",
    "documents",
    "goal_text",
    "indicators",
    "inject",
    "outcomes_for",
    "Policy",
    "policy_of",
    "printed_forms",
    "project_codes",
    "project_list_table",
    "subject_tables",
    "target_tables",
    "values",
]

_public = {name for name in dir() if not name.startswith("_")}
assert _public == set(__all__), f"perfeval.strategies: __all__ and the public names differ: {_public ^ set(__all__)}"
del _public
