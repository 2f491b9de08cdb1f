"""Normalising the text a PDF extractor or a hand-typed cell gives.

Published tables arrive with full-width digits and punctuation, numbers broken by
spaces (`3, 151. 93`) and cell text wrapped onto a second line, which the
extractor joins with a space (`人力资源和社会保障 管理事务`). These helpers undo
exactly that and nothing more, so what the document says is kept.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ._lazyre import lazy
from .limits import CELL_CHARS, number_problem

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef"


@lru_cache(maxsize=None)
def _wrap_space() -> re.Pattern:
    """Spaces a line wrap put between Chinese characters: compiled when a cell first has a space to look at (its
    two large classes take 2 ms to compile, at the start of every command that never cleans a cell)."""
    return re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}（）])[ \u3000]+(?=[{_CJK}{_CJK_PUNCT}（）])")


_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?\Z")
_NUMBER = lazy(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = lazy(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def nfkc(text: str) -> str:
    """Full-width digits, letters and ASCII punctuation to their plain forms."""
    return unicodedata.normalize("NFKC", text)


def clean_cell(text: str | None) -> str:
    """A cell's text with wrap spaces between Chinese characters removed and ends trimmed.

    Full-width Chinese punctuation is kept as printed (NFKC would turn `（` into `(`),
    so names compare equal to the document's own spelling.
    """
    if not text:
        return ""
    text = text.strip()
    if " " not in text and "\u3000" not in text:  # the common cell: nothing wrapped (the pattern needs a space)
        return text
    return _wrap_space().sub("", text.replace("\u3000", " "))


def parse_decimal(text: str | None) -> Decimal | None:
    """The exact number a cell prints, or None for an empty cell.

    Accepts `3, 151. 93`, `1,320,000`, full-width digits and a trailing `%`-free
    number; raises ValueError for anything else so the caller can say where.
    """
    if text is None:
        return None
    if len(text) <= 19 and _PLAIN.match(text):  # (19 characters: never outside number_problem's range)
        return Decimal(text)
    if len(text) > CELL_CHARS.value:
        raise ValueError(f"not a number: {len(text)} characters")
    plain = nfkc(text).strip()
    if not plain:
        return None
    plain = re.sub(r"\s+", "", plain)
    if "," in plain:
        if not _GROUPED.match(plain):
            raise ValueError(f"not a number: {text!r}")
        plain = plain.replace(",", "")
    if not _NUMBER.match(plain):
        raise ValueError(f"not a number: {text!r}")
    try:
        value = Decimal(plain)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueError(f"not a number: {text!r}") from exc
    why = number_problem(value)
    if why:
        raise ValueError(why)
    return value


def is_number(text: str | None) -> bool:
    try:
        return parse_decimal(text) is not None
    except ValueError:
        return False


_DIGITS = frozenset("0123456789")
_GROUPING = frozenset(",，")


def split_number(text: str, *, spaces: bool = False) -> tuple[str, str] | None:
    """A leading number and the rest (`20.5万人` → `("20.5", "万人")`), or None without one.

    A hand-written scanner, linear in the text by construction: the regular
    expressions it replaces backtracked cubically on `1` followed by thousands of
    spaces. Digits may be grouped with `,` or `，`; with `spaces` (typed actuals,
    `3, 151. 93`), spaces inside the number are kept for parse_decimal to remove.
    The rest is stripped; its meaning (a unit, a word) is the caller's.
    """
    s = text.strip()
    # The common case in one C match: plain digits (and a fraction) followed by what ends the scan
    # below at the same place (not a digit, grouping mark or `.`, nor a space where spaces continue it).
    match = _PLAIN_START.match(s)
    if match is not None:
        end = match.end()
        if end == len(s) or (s[end] not in _CONTINUES and not (spaces and s[end].isspace())):
            return s[:end], s[end:].strip()
    return _scan_number(s, spaces)


_PLAIN_START = lazy(r"[0-9]+(?:\.[0-9]+)?")
_CONTINUES = frozenset("0123456789,，.")


def _scan_number(s: str, spaces: bool) -> tuple[str, str] | None:
    """`split_number` of stripped text, character by character (linear)."""
    n = len(s)
    i = 1 if n and s[0] in "+-" else 0
    j = i
    while j < n and (s[j] in _DIGITS or s[j] in _GROUPING or (spaces and s[j].isspace())):
        j += 1
    end = j
    if j < n and s[j] == ".":
        k = j + 1
        while k < n and (s[k] in _DIGITS or (spaces and s[k].isspace())):
            k += 1
        if any(c in _DIGITS for c in s[j + 1:k]) or (spaces and any(c in _DIGITS for c in s[i:j])):
            end = k
    number = s[:end].rstrip()
    while number and number[-1] in _GROUPING:  # `12,` : the comma belongs to what follows
        number = number[:-1]
    body = number[i:]
    if not any(c in _DIGITS for c in body) or (spaces and body[0] not in _DIGITS and body[0] != "."):
        return None
    if not spaces and body[-1] not in _DIGITS:
        return None
    return number, s[len(number):].strip()
