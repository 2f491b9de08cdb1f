"""Constructive weights: a total split into positive parts, drawn directly, never filtered."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st


def step_of(*amounts: Decimal) -> Decimal:
    """The coarsest step (1, 0.1, 0.01 …) in which every amount is a whole number of steps."""
    places = max((max(0, -a.normalize().as_tuple().exponent) for a in amounts), default=0)
    return Decimal(1).scaleb(-places)


def tidy(value: Decimal) -> Decimal:
    """`value` without trailing zeros and never in exponent form: 40.0 → 40, 0.50 → 0.5."""
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def partitions(total: Decimal, parts: int, step: Decimal | None = None) -> st.SearchStrategy[tuple[Decimal, ...]]:
    """`parts` positive multiples of `step` that add up to `total` exactly.

    Cuts are drawn as distinct points on the grid of `total / step` steps, so every
    draw is valid and shrinking moves weight towards the last part.
    """
    step = step or step_of(total)
    units = int(total / step)
    if parts < 1 or units < parts:
        raise ValueError(f"cannot split {total} into {parts} positive parts of {step}")
    if parts == 1:
        return st.just((tidy(total),))

    def build(cuts: list[int]) -> tuple[Decimal, ...]:
        points = [0, *sorted(cuts), units]
        return tuple(tidy(Decimal(b - a) * step) for a, b in zip(points, points[1:]))

    return st.lists(st.integers(1, units - 1), min_size=parts - 1, max_size=parts - 1, unique=True).map(build)
