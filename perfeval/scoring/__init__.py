"""Year-end scoring: rule sets (rules.py), pairing actuals with targets (match.py),
the engine (engine.py) and the score sheet (sheet.py)."""

from .engine import (DEPARTMENT_CODE, ExecutionScore, IndicatorScore, ProjectScore, ScoreSheet, department_codes,
                     score, score_department)
from .rules import ScoringRules, load_scoring_rules
from .sheet import render, sheet_to_json

__all__ = ["DEPARTMENT_CODE", "department_codes", "score_department", "ExecutionScore", "IndicatorScore", "ProjectScore", "ScoreSheet", "ScoringRules",
           "load_scoring_rules", "render", "score", "sheet_to_json"]
