"""Properties of a validation rule set: valid documents pass, each injected defect is found by its rule."""

from __future__ import annotations

from ..checks import validate_document
from ..findings import Severity
from ..strategies import INJECTORS, InvalidArgument, defective_documents, documents
from ..strategies import policy_of
from ._result import Budget, Counterexample

_FINDING_HEADERS = ("规则", "级别", "表", "三级指标", "说明")


def _finding_rows(findings) -> tuple:
    return tuple((f.code, f.severity.label, f.table or "", f.indicator or "", f.message) for f in findings)


def valid_documents(ruleset, budget: Budget) -> list[Counterexample]:
    """A document built to satisfy every rule of the set raises no error-level finding."""
    def errors(document):
        return [f for f in validate_document(document, ruleset) if f.severity is Severity.ERROR]

    try:
        found = budget.find(documents(ruleset, max_projects=2), lambda d: bool(errors(d)),
                            examples=max(10, budget.max_examples // 2))
    except InvalidArgument as exc:
        return [Counterexample("ruleset", ("问题",), ((str(exc),),), "无法按此规则集构造有效文档：规则之间互相矛盾或要求无法满足")]
    if found is None:
        return []
    reported = errors(found)
    return [Counterexample(reported[0].code, _FINDING_HEADERS, _finding_rows(reported),
                           "按规则集构造的有效文档（权重合计、必备一级指标、指标性质、核心指标、目标文字均符合）却报告了错误")]


def injected_defects(ruleset, budget: Budget) -> tuple[list[Counterexample], list[str]]:
    """Each defect kind whose rule is enabled is reported by that rule; returns the failures and the kinds tried."""
    policy = policy_of(ruleset)
    kinds = [kind for kind, injector in INJECTORS.items() if policy.enabled(injector.code)]
    failures = []
    per_kind = max(5, budget.max_examples // 8)
    for kind in kinds:
        def missed(injected):
            defect = injected.defect
            return not any(f.code == defect.code and f.table == defect.table
                           and (defect.indicator is None or f.indicator == defect.indicator)
                           for f in validate_document(injected.document, ruleset))

        try:
            found = budget.find(defective_documents(ruleset, kinds=(kind,), max_projects=2), missed, examples=per_kind)
        except InvalidArgument:
            break  # no document can be built under this rule set: reported once by valid_documents
        if found is None:
            continue
        defect = found.defect
        rows = ((defect.code, "（应报告）", defect.table or "", defect.indicator or "", defect.description),)
        rows += _finding_rows(validate_document(found.document, ruleset))
        failures.append(Counterexample(defect.code, _FINDING_HEADERS, rows,
                                       f"注入的缺陷“{defect.description}”没有被规则 {defect.code} 发现；下面是实际报告的问题"))
    return failures, kinds
