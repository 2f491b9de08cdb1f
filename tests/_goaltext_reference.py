"""The goal-claim extraction as it was before the one-scan rewrite (commit 744ea47): the oracle that
tests/test_goaltext.py compares `perfeval.goaltext.extract_claims` with on generated texts.

Frozen on purpose: it is not used by perfeval. The tables it reads (prefixes, units, patterns)
are perfeval.goaltext's own, so only the scanning and the per-claim steps are the old ones.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from perfeval.goaltext import (_CN_COUNTING, _DELIMITERS, _MULTIPLIERS, _PEOPLE_NOUN, _PREFIX_AT_END,
                               _PREFIX_OPERATORS, _PREPOSITIONS, _SUFFIX, _SUFFIX_OPERATORS, _HAS_NUMBER,
                               _last_char_before, _unit_at, chinese_number)
from perfeval.operators import Operator
from perfeval.text import nfkc
from perfeval.units import parse_unit

_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+")
_FIRST_CLAUSE = re.compile(f"[^{_DELIMITERS}]*")
_SPACES = re.compile(r"\s*")


def extract_claims(text: str) -> list[tuple]:
    """Every claim of `text` as (operator, value, unit, subject, text, approximate, quote)."""
    if not text or not _HAS_NUMBER.search(text):
        return []
    if not unicodedata.is_normalized("NFKC", text):
        text = nfkc(text)
    found = []
    for match in _NUMBER.finditer(text):
        claim = _claim_at(text, match)
        if claim is not None:
            found.append(claim)
    if not found:
        return []
    first_clause = _FIRST_CLAUSE.match
    claims = []
    last = len(found) - 1
    previous_end = 0
    for index, (start, leading, end, operator, value, unit, phrase, approximate) in enumerate(found):
        next_start = found[index + 1][0] if index < last else len(text)
        before = _last_clause(text, previous_end, start).strip()
        after = first_clause(text, end, next_start).group().strip()
        previous_end = end
        # 人数大于 N 人: the subject precedes the comparative; N 名工作人员: it follows the unit.
        # 为不少于 N 人发放补贴: a bare preposition before the claim leaves the object (verb and noun) after it.
        bare = len(before.strip(_PREPOSITIONS)) < 2
        if leading and not bare:
            subject = before
        else:
            subject = after if len(after) >= 2 or bare else (before or after)
        subject = subject or before or after
        if subject:
            core = text[start:end].strip()
            quote = before + core if subject == before else core + after
        else:
            quote = phrase
        claims.append((operator, value, unit, subject, phrase, approximate, quote))
    return claims


def _last_clause(text: str, low: int, high: int) -> str:
    """The text after the last delimiter in text[low:high]: a backward scan, linear where a
    `[^…]*$` search restarted at every position (quadratic on a long clause)."""
    start = high
    while start > low and text[start - 1] not in _DELIMITERS:
        start -= 1
    return text[start:high]


def _claim_at(text: str, match: re.Match) -> tuple | None:
    """(start, has a comparative, end, operator, value, unit, phrase, approximate) of the number `match`, or None."""
    raw = match.group()
    start, pos = match.start(), match.end()
    previous = text[start - 1] if start else ""
    if previous in ("〔", "[", "#") or text[pos:pos + 1] in ("〕", "]", "#"):
        return None
    if raw[0].isdigit():
        value = Decimal(raw.replace(",", "") if "," in raw else raw)
    else:
        if previous == "第" or not (set(raw) & _CN_COUNTING):
            return None
        number = chinese_number(raw)
        if number is None or number == 1:  # 一批、一次性: an article, not a count
            return None
        value = Decimal(number)
    following = text[pos:pos + 1]
    if following.isspace():
        pos = _SPACES.match(text, pos).end()
        following = text[pos:pos + 1]
    more = following in ("余", "多")
    if more:
        pos += 1
    unit_at = _unit_at(text[pos:pos + 12])
    noun_end = None
    if unit_at is None:
        multiplier = text[pos:pos + 1]
        if multiplier not in _MULTIPLIERS:
            return None
        noun = _PEOPLE_NOUN.match(text, pos + 1)
        if noun is None:
            return None
        unit_at = (parse_unit(multiplier + "人"), 1)
        noun_end = noun.end()
    unit, length = unit_at
    if unit.symbol == "年" and 1900 <= value <= 2100:
        return None
    if unit.symbol in ("月", "天") and _last_char_before(text, start) in ("年", "月"):
        return None
    end = pos + length
    prefix = _PREFIX_AT_END.search(text, max(0, start - 8), start)  # the comparative written just before
    if prefix is None:
        spelling, operator, approximate = "", Operator.EQ, False
    else:
        spelling = prefix.group(1)
        operator, approximate = _PREFIX_OPERATORS[spelling]
    if more:
        operator = Operator.GE
    suffix = _SUFFIX.match(text, end)
    if suffix:
        end = suffix.end()
        suffix_op = _SUFFIX_OPERATORS[suffix.group()]
        if suffix_op is None:
            approximate = True
        else:
            operator = suffix_op
    claim_start = text.rfind(spelling, 0, start) if spelling else start
    phrase = text[claim_start:max(end, noun_end or 0)].strip()
    # An implied unit (60 余万参保人员) leaves the noun to the subject.
    return (claim_start, bool(spelling), (pos + 1 if noun_end else end), operator, value, unit, phrase,
            approximate and operator is Operator.EQ)
