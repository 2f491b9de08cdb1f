"""Regular expressions compiled where they are first used, not as their module is imported.

A module-level pattern that a command never uses still costs its compilation at every start (the audit of a
JSON batch imports some 60 patterns and uses half of them: ~5 ms). `lazy(pattern, flags)` stands for
`re.compile(pattern, flags)` where the pattern is only matched, searched, substituted or split with, and read
for its `pattern`: its first use compiles it and keeps the compiled pattern's methods on it, so every later use is
the compiled pattern's own method. Not for a pattern compared by identity (`match.re is PATTERN`), handed to
`re` functions, or tested with isinstance: those need `re.compile`.
"""

from __future__ import annotations

import re
from typing import Any

#: what a lazy pattern gives of its compiled pattern (kept on it at the first use)
_KEPT = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "flags", "groups",
         "groupindex")


class LazyPattern:
    """`re.compile(pattern, flags)`, compiled at its first use (see the module's docstring)."""

    __slots__ = ("pattern", "_flags", *_KEPT)

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # (asked only for an attribute not set yet: before the first use, or one `_KEPT` does not keep)
        compiled = re.compile(self.pattern, self._flags)
        for kept in _KEPT:
            setattr(self, kept, getattr(compiled, kept))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """`re.compile(pattern, flags)`, compiled where first used."""
    return LazyPattern(pattern, flags)
