"""One bounded memo for results that depend on a text (or number) alone.

A province repeats a few hundred 指标 texts, 实际完成值 texts, names, weights and scores over
hundreds of thousands of rows, so readers and writers remember what they worked out for each
distinct one. A `Memo` is a dict that stops taking new keys at `size`: on input that never
repeats, memory stays bounded and every later value is simply worked out again.
"""

from __future__ import annotations

from typing import TypeVar

V = TypeVar("V")

SIZE = 1 << 16


class Memo(dict):
    """A dict of results by exact key that stops growing at `size` entries (`get` as usual, `keep` to add)."""

    __slots__ = ("size",)

    def __init__(self, size: int = SIZE) -> None:
        super().__init__()
        self.size = size

    def keep(self, key: object, value: V) -> V:
        """Remember `value` for `key` while there is room; return it either way."""
        if len(self) < self.size:
            self[key] = value
        return value
