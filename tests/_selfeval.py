"""Small 自评表 built in tests: a clean sheet by default, changed row by row to plant one fault.

`sheet()` gives a sheet whose numbers all add up under the national rule set
(indicators 90 + 预算执行率 10); pass `rows`, `funds` or `total` to plant a fault.
"""

from __future__ import annotations

from functools import lru_cache

import attrs

from perfeval.model import Location
from perfeval.scoring import load_scoring_rules
from perfeval.selfeval import Auditor, Funds, Row, SelfEvaluation


def row(name: str, target: str, actual: str, weight: str, score: str, *, level1: str = "产出指标",
        level2: str = "数量指标", reason: str = "", nature: str = "", unit: str = "", line: int = 10) -> Row:
    return Row(level1=level1, level2=level2, name=name, target=target, actual=actual, weight=weight, score=score,
               reason=reason, nature=nature, unit=unit, location=Location("t.yaml", line))


CLEAN_ROWS = (
    row("培训人次", "≥500人次", "520人次", "30", "30", line=10),
    row("培训合格率", "≥90%", "95%", "20", "20", level2="质量指标", line=11),
    row("就业率提升", "有效提升", "达成", "20", "18", level1="效益指标", level2="社会效益指标", line=12),
    row("参训人员满意度", "≥90%", "93%", "20", "20", level1="满意度指标", level2="服务对象满意度指标", line=13),
)
CLEAN_FUNDS = Funds(initial="100", budget="100", spent="98", weight="10", rate="98%", score="9.8",
                    location=Location("t.yaml", 5))


def sheet(rows=CLEAN_ROWS, funds=CLEAN_FUNDS, total: str = "97.8", grade: str = "优",
          total_weight: str = "100") -> SelfEvaluation:
    return SelfEvaluation("t.yaml", project_name="职业技能提升培训", project_code="P001", funds=funds,
                          rows=tuple(rows), total=total, grade=grade, total_weight=total_weight,
                          location=Location("t.yaml", 1))


def replace(rows, index: int, **changes) -> tuple[Row, ...]:
    rows = list(rows)
    rows[index] = attrs.evolve(rows[index], **changes)
    return tuple(rows)


@lru_cache(maxsize=None)
def auditor(rules: str = "national") -> Auditor:
    return Auditor(load_scoring_rules(rules))


def audit(sheet_: SelfEvaluation, rules: str = "national"):
    return auditor(rules).audit(sheet_)


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def found(result, code: str):
    """The one finding with `code` (fails the test when there is none or several)."""
    matches = [f for f in result.findings if f.code == code]
    assert len(matches) == 1, (code, [(f.code, f.message) for f in result.findings])
    return matches[0]
