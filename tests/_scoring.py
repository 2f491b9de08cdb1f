"""Small builders shared by the scoring tests: one-line tables, actuals and rule-file variants."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from perfeval.actuals import Actual, Actuals, Band, ProjectFunds
from perfeval.model import Indicator, Location, TargetTable
from perfeval.operators import parse_operator
from perfeval.rulesets import rules_dir
from perfeval.units import parse_unit


def ind(name: str, op: str, value=None, unit: str | None = None, weight=30, level2: str = "数量指标",
        line: int | None = None) -> Indicator:
    """`ind("人数", "≥", 200000, "人", 30)` -> an Indicator under 产出指标/数量指标."""
    return Indicator(name, parse_operator(op), None if value is None else Decimal(str(value)),
                     parse_unit(unit) if unit else None, Decimal(str(weight)), "产出指标", level2,
                     location=Location("targets.yaml", line))


def table(*indicators: Indicator, code: str = "P1", label: str = "附件 12-1") -> TargetTable:
    return TargetTable(label, code, "测试项目", indicators, location=Location("targets.yaml", 1))


def act(name: str, value=None, unit: str | None = None, *, code: str = "P1", band: str | None = None,
        share=None, na: bool = False, level2: str | None = None, line: int | None = None) -> Actual:
    """`act("人数", "20.5", "万人")`, `act("定性", band="部分达成", share="0.7")`, `act("x", na=True)`."""
    return Actual(code, name, None if value is None else Decimal(str(value)), parse_unit(unit) if unit else None,
                  band=Band(band) if band else None, share=None if share is None else Decimal(str(share)),
                  not_applicable=na, level2=level2, location=Location("actuals.yaml", line))


def funds(budget=100, spent=100, adjusted=None, code: str = "P1") -> ProjectFunds:
    return ProjectFunds(code, Decimal(str(budget)), Decimal(str(spent)),
                        None if adjusted is None else Decimal(str(adjusted)), location=Location("actuals.yaml", 2))


def actuals(*items: Actual, money: ProjectFunds | None = None) -> Actuals:
    return Actuals(items, [money or funds()])


def variant(tmp_path: Path, base: str, *pairs: tuple[str, str]) -> Path:
    """A copy of a shipped scoring rule set with exact text replacements: `variant(p, "national", (old, new))`."""
    text = (rules_dir() / "scoring" / f"{base}.toml").read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"{base}-variant.toml"
    path.write_text(text, encoding="utf-8")
    return path
