"""What a property check returns: whether it holds, for which rule keys, and the smallest counterexample."""

from __future__ import annotations

import time
from random import Random
from typing import Any, Callable

import attrs


@attrs.frozen
class Counterexample:
    """The smallest failing example: the broken rule key, a table (headers and rows) and a note."""

    rule: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""


@attrs.frozen
class PropertyResult:
    """One property of one rule set. `holds` is None when it could not be decided (e.g. a symbolic check)."""

    name: str
    title: str
    holds: bool | None
    rules: tuple[str, ...] = ()
    counterexamples: tuple[Counterexample, ...] = ()
    note: str = ""


class _Stop(Exception):
    """Raised inside a search once shrinking has used its time; the smallest failure so far is kept."""


@attrs.frozen
class Budget:
    """How hard hypothesis searches: examples per search, a seed (None: derandomized), and how
    many seconds shrinking a found counterexample may take before the smallest so far is reported.
    With `shrink_seconds=0` the first counterexample found is reported as it is (no shrink phase):
    enough where only its existence matters, as in a mutation campaign."""

    max_examples: int = 100
    seed: int | None = None
    shrink_seconds: float = 10.0

    def settings(self, examples: int | None = None):
        from hypothesis import HealthCheck, Phase, settings

        # The explain phase only annotates failing @given tests; `find` has no use for it.
        phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
        if self.shrink_seconds > 0:
            phases.append(Phase.shrink)
        return settings(max_examples=max(1, examples or self.max_examples), database=None, deadline=None,
                        derandomize=self.seed is None, suppress_health_check=list(HealthCheck), phases=phases)

    def find(self, strategy, violates: Callable[[Any], bool], examples: int | None = None):
        """The smallest example for which `violates` is true, or None when hypothesis finds none."""
        import warnings

        from hypothesis import find
        from hypothesis.errors import FlakyFailure, HypothesisWarning, NoSuchExample

        state: dict[str, Any] = {"best": None, "until": None}

        def condition(example) -> bool:
            if state["until"] is not None and time.monotonic() > state["until"]:
                raise _Stop
            if not violates(example):
                return False
            state["best"] = example
            if state["until"] is None and self.shrink_seconds > 0:
                state["until"] = time.monotonic() + self.shrink_seconds
            return True

        random = Random(self.seed) if self.seed is not None else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HypothesisWarning)
            try:
                return find(strategy, condition, settings=self.settings(examples), random=random)
            except NoSuchExample:
                return None
            except _Stop:
                return state["best"]
            except FlakyFailure:  # the replay of the final example met the shrinking clock
                if state["best"] is None:
                    raise
                return state["best"]
