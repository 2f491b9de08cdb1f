"""Year-end scoring: rule sets (rules.py), pairing actuals with targets (match.py),
the engine (engine.py) and the score sheet (sheet.py)."""

from .engine import ExecutionScore, IndicatorScore, ProjectScore, ScoreSheet, score
from .rules import ScoringRules, load_scoring_rules
from .sheet import render, sheet_to_json

__all__ = ["ExecutionScore", "IndicatorScore", "ProjectScore", "ScoreSheet", "ScoringRules",
           "load_scoring_rules", "render", "score", "sheet_to_json"]
