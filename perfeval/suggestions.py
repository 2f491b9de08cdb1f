"""One "did you mean" for every message that names something unknown.

One cutoff, one phrasing, one way of comparing names (trimmed, wrap spaces
removed, as `text.clean_cell` reads a cell), so a suggestion never offers back
the very name the user wrote. Callers ask once per distinct unknown word; the
work per call is bounded by `MAX_CHOICES`, so a file of a thousand unknown
project codes costs milliseconds, not minutes.
"""

from __future__ import annotations

from typing import Iterable

from .text import clean_cell

CUTOFF = 0.6
"""difflib similarity a choice needs to be offered (0.6 is difflib's own default)."""
MAX_CHOICES = 5_000
"""Choices compared at most; past this, only those sharing the word's first character or length."""


def closest(word: object, choices: Iterable[object]) -> str | None:
    """The choice most like `word`, or None when none is close enough or it is `word` itself."""
    given = clean_cell(str(word))
    if not given:
        return None
    pool = {clean_cell(str(c)): str(c) for c in choices}
    pool.pop("", None)
    if given in pool:
        return None  # the same name, written with other spaces: matching, not suggesting, is the answer
    keys = list(pool)
    if len(keys) > MAX_CHOICES:
        keys = [k for k in keys if k[:1] == given[:1] or abs(len(k) - len(given)) <= 1][:MAX_CHOICES]
    import difflib  # here, not at start-up: only a bad name needs a suggestion

    found = difflib.get_close_matches(given, keys, n=1, cutoff=CUTOFF)
    return pool[found[0]] if found else None


def suggest(word: object, choices: Iterable[object]) -> str | None:
    """`是否想写：…？` for the closest choice, or None (see `closest`)."""
    match = closest(word, choices)
    return None if match is None else f"是否想写：{match}？"


def suggestion(word: object, choices: Iterable[object]) -> str:
    """`suggest` as a parenthesised phrase to append to a message, or ""."""
    text = suggest(word, choices)
    return f"（{text}）" if text else ""
