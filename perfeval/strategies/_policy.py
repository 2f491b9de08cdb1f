"""What a validation rule set demands of a valid table, read once from its rules and parameters."""

from __future__ import annotations

from decimal import Decimal

import attrs

_DEFAULT_TAXONOMY = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
}


@attrs.frozen
class Policy:
    """The constraints a generated table must meet for `ruleset` to raise no error."""

    ruleset: object = attrs.field(repr=lambda r: getattr(r, "name", "?"))
    total: Decimal
    shares: dict[str, Decimal] | None
    required: tuple[str, ...]
    core_min: int
    cost_levels: frozenset[str]
    quantity_levels: frozenset[str]
    taxonomy: dict[str, tuple[str, ...]]
    qualitative_limit: Decimal | None
    department_total: Decimal
    department_core: int
    department_kinds: int

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(f"Policy({getattr(self.ruleset, 'name', '?')})")

    def is_cost(self, level1: str | None, level2: str | None) -> bool:
        return level1 in self.cost_levels or level2 in self.cost_levels

    def enabled(self, code: str) -> bool:
        return self.ruleset.enabled(code)

    def param(self, code: str, name: str):
        """A parameter as the rule set runs it, or its declared default when the rule is off."""
        return _param(self.ruleset, code, name)


def _param(ruleset, code: str, name: str):
    """Read through the rule's declaration (perfeval.checks.catalogue): the typed value, or the declared default."""
    from ..checks.catalogue import validation_rules

    config = ruleset.rules.get(code)
    return getattr(config.values if config is not None else validation_rules()[code].defaults, name)


def policy_of(ruleset, weight_total: Decimal | None = None) -> Policy:
    """Read `ruleset`'s thresholds; `weight_total` overrides the weights.sum total (for scoring tests)."""
    def param(code, name):
        return _param(ruleset, code, name)

    total = weight_total if weight_total is not None else Decimal(param("weights.sum", "total"))
    shares = None
    if ruleset.enabled("weights.level1_share"):
        raw = {k: Decimal(v) for k, v in param("weights.level1_share", "shares").items() if Decimal(v) > 0}
        if raw and sum(raw.values()) == total:
            shares = raw
    return Policy(
        ruleset=ruleset,
        total=total,
        shares=shares,
        required=tuple(param("taxonomy.required", "levels")) if ruleset.enabled("taxonomy.required") else (),
        core_min=int(param("taxonomy.core", "min")) if ruleset.enabled("taxonomy.core") else 0,
        cost_levels=frozenset(param("operators.cost_floor", "levels")),
        quantity_levels=frozenset(param("operators.quantity_capped", "levels")),
        taxonomy=dict(ruleset.taxonomy) or dict(_DEFAULT_TAXONOMY),
        qualitative_limit=(Decimal(param("operators.qualitative_share", "max_share"))
                           if ruleset.enabled("operators.qualitative_share") else None),
        department_total=Decimal(param("weights.department_sum", "total")),
        department_core=int(param("taxonomy.department_core", "min_core")) if ruleset.enabled("taxonomy.department_core") else 0,
        department_kinds=int(param("taxonomy.department_core", "min_kinds")) if ruleset.enabled("taxonomy.department_core") else 0,
    )
