"""Numeric claims in Chinese goal text: "享受缴费补贴人数大于 1176 人" → (> 1176 人, subject 享受缴费补贴人数).

项目当年绩效目标 and 项目概况 are free text. A claim is a number with a unit
(Arabic or Chinese numerals, 万/千 multipliers, units through `parse_unit`), the
comparison around it (大于, 不少于, 达到, 以上, 余, 约 …) and the words it is about,
which is what lets a check find the indicator that measures the same thing.
Numbers without a unit, years, ordinals (第三) and document numbers (〔2024〕10 号)
are not claims.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

import attrs

from .intervals import Exact, Interval, scale
from .operators import Operator
from .text import nfkc
from .units import Unit, known_units, parse_unit

# Longest spellings first, so 大于等于 wins over 大于.
_PREFIXES: tuple[tuple[str, Operator], ...] = tuple(sorted((
    ("大于等于", Operator.GE), ("大于或等于", Operator.GE), ("不少于", Operator.GE), ("不低于", Operator.GE),
    ("不小于", Operator.GE), ("至少", Operator.GE), ("达到", Operator.GE), ("达", Operator.GE),
    ("≥", Operator.GE), (">=", Operator.GE),
    ("大于", Operator.GT), ("超过", Operator.GT), ("多于", Operator.GT), ("高于", Operator.GT), (">", Operator.GT),
    ("小于等于", Operator.LE), ("不超过", Operator.LE), ("不高于", Operator.LE), ("不多于", Operator.LE),
    ("不大于", Operator.LE), ("控制在", Operator.LE), ("至多", Operator.LE), ("≤", Operator.LE), ("<=", Operator.LE),
    ("小于", Operator.LT), ("低于", Operator.LT), ("少于", Operator.LT), ("<", Operator.LT),
), key=lambda item: -len(item[0])))
_APPROX_PREFIXES = ("大约", "约为", "约", "近")
_SUFFIXES: tuple[tuple[str, Operator | None], ...] = (
    ("以上", Operator.GE), ("及以上", Operator.GE), ("以下", Operator.LE), ("以内", Operator.LE), ("左右", None),
)
_MULTIPLIERS = frozenset("万千亿百")  # 60 余万参保人员: a multiplier whose unit is the people noun after it
_PEOPLE_NOUN = re.compile(r"[^，。；、,;:：和及与并]{0,8}?(人员|人次|人)")
_DELIMITERS = "，。；、,;:：和及与并\n"

_PREPOSITIONS = "为对向给由在于将使让帮助共计合计累计完成实现"
_CN_NUMERALS = "零〇一二两三四五六七八九十百千"
_HAS_NUMBER = re.compile(f"[\\d{_CN_NUMERALS}]")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_COUNTING = set("零〇一二两三四五六七八九十")
# A number: `\d+(?:,\d{3})*(?:\.\d+)?|[零…千]+`, written to start with one character class: a pattern that
# does lets the regex engine skip to the next possible start in C (an alternation is tried at every position).
# A digit takes the first branch, which cannot fail; a numeral the second.
_NUMBER = f"[\\d{_CN_NUMERALS}](?:(?<=\\d)\\d*(?:,\\d{{3}})*(?:\\.\\d+)?|[{_CN_NUMERALS}]*)"


@attrs.frozen
class Claim:
    """One numeric promise: `operator value unit`, approximate or not, and what it is about."""

    operator: Operator
    value: Decimal
    unit: Unit
    subject: str
    text: str  # the claim as written: `大于 1176 人`
    approximate: bool = False
    quote: str = ""  # with its subject, as a message quotes it: `享受缴费补贴人数大于 1176 人`

    @property
    def base_value(self) -> Exact:
        return scale(self.value, self.unit.factor)

    @property
    def upper(self) -> bool:
        """True when the claim caps (不超过, 以内): an indicator is weaker if it allows more."""
        return self.operator.upper_bound

    def interval(self, tolerance: Fraction = Fraction(0)) -> Interval:
        """The claimed set in base units; an approximate claim (约, 左右) spans ± tolerance."""
        value = self.base_value
        if self.approximate:
            value = Fraction(value)
            return Interval(value * (1 - tolerance), value * (1 + tolerance))
        return Interval.of(self.operator, value)


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral (`三`, `十二`, `一百零五`, `两千`); None for runs like `五一`."""
    total, section, digit = 0, 0, None
    for char in text:
        if char in "零〇":
            if digit is not None:
                return None
            continue
        if char in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        elif char in _CN_BIG:
            total = (total + section + (digit or 0)) * _CN_BIG[char]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


_UNIT_SPELLINGS = frozenset(known_units()) | {"个月", "日", "自然日", "百分比", "人/次"}
_UNIT_LENGTH = max(len(u) for u in _UNIT_SPELLINGS)
_COMPOUND = re.compile(r"[^\s/，。,;；:：]{1,3}(?:/[^\s/，。,;；:：]{1,3})+")


@lru_cache(maxsize=4096)
def _unit_at(text: str) -> tuple[Unit, int] | None:
    """The longest unit spelled at the start of `text`, and its length."""
    compound = _COMPOUND.match(text)
    if compound:
        try:
            return parse_unit(compound.group()), compound.end()
        except ValueError:
            pass
    for length in range(min(_UNIT_LENGTH, len(text)), 0, -1):
        if text[:length] in _UNIT_SPELLINGS:
            return parse_unit(text[:length]), length
    return None


_PREFIX_AT_END = re.compile(
    "(" + "|".join(re.escape(s) for s in (*_APPROX_PREFIXES, *(spelling for spelling, _ in _PREFIXES))) + r")\s*$")
_PREFIX_OPERATORS = {**{s: (Operator.EQ, True) for s in _APPROX_PREFIXES}, **{s: (op, False) for s, op in _PREFIXES}}


_claim_row = None  # Claim(...) with every field positional, built by model.slot_builder on first use


@lru_cache(maxsize=8192)
def extract_claims(text: str) -> tuple[Claim, ...]:
    """Every numeric claim in `text`, in order (the Claims of `claim_parts`)."""
    parts = claim_parts(text)
    if not parts:
        return ()
    global _claim_row
    if _claim_row is None:
        from .model import slot_builder

        _claim_row = slot_builder(Claim)
    return tuple([_claim_row(*fields) for fields in parts])


def claim_parts(text: str) -> tuple[tuple, ...]:
    """Every numeric claim in `text`, in order, as the tuple of its Claim's fields (operator, value, unit,
    subject, text, approximate, quote): what the goal check reads, without a Claim built per claim.

    One scan finds the numbers, each read with the unit after it, and the words each claim is about,
    which end at the delimiters (`_claims`).
    """
    if not text or not _HAS_NUMBER.search(text):
        return ()  # most goal texts of a province carry no number: skip them in one scan
    if not unicodedata.is_normalized("NFKC", text):
        if "，" in text:  # the full-width comma nearly every Chinese text holds, replaced as NFKC would
            text = text.replace("，", ",")
        if not unicodedata.is_normalized("NFKC", text):
            text = nfkc(text)
    claims = _claims(text, None)
    return tuple(claims) if claims else ()


# Between texts scanned together: a delimiter (no subject runs past it) that no number, unit, comparative,
# suffix or space holds, so nothing found in one text reaches into the next; NFKC keeps it as it is.
_SEPARATOR = "。"
_BATCH = 4096  # texts scanned together


def claims_of_texts(texts: list[str]) -> list[tuple[tuple, ...]]:
    """`claim_parts` of each of `texts` (a text may be empty), found in one scan of the texts joined by
    `_SEPARATOR` (per batch of `_BATCH` texts): the numbers, delimiters and claims of a province's
    goal texts found by a few calls in C each, not a few calls per text. Texts that NFKC would change
    beyond their full-width commas are read one by one (`claim_parts`).
    """
    found: list[tuple[tuple, ...]] = []
    for first in range(0, len(texts), _BATCH):
        batch = texts[first:first + _BATCH]
        joined = _SEPARATOR.join(batch)
        if not unicodedata.is_normalized("NFKC", joined):
            if "，" in joined:
                joined = joined.replace("，", ",")  # one character for one: the texts keep their places
            if not unicodedata.is_normalized("NFKC", joined):
                found.extend([claim_parts(text) for text in batch])
                continue
        starts: list[int] = []
        claims = _claims(joined, starts)
        per_text: list[tuple[tuple, ...]] = [()] * len(batch)
        if claims:
            index, end, taken = 0, len(batch[0]), 0  # the text a claim is in, where it ends, the claims taken
            for at, start in enumerate(starts):
                if start > end:
                    if at > taken:
                        per_text[index] = tuple(claims[taken:at])
                        taken = at
                    while start > end:
                        index += 1
                        end += 1 + len(batch[index])
            per_text[index] = tuple(claims[taken:])
        found.extend(per_text)
    return found


def _claims(text: str, starts: list[int] | None) -> list[tuple]:
    """The claims of `text` (NFKC-normalised) as `claim_parts` gives them; each one's start is added to
    `starts` (when given).

    One loop over the numbers (`_NUMBER_RUN`: one match gives the number, a closing bracket after it, a 余 or
    多 and the text a unit is read from). A claim's words after it end where the next claim starts, so each
    claim is held until the next one is found (or the text ends) and finished then.
    """
    claims: list[tuple] = []
    through_break, clause, prefix_at_end = _THROUGH_BREAK.match, _CLAUSE.match, _PREFIX_AT_END.search
    held = False  # a claim found and not yet finished: its fields are the h_ names
    h_core = h_leading = h_end = h_operator = h_value = h_unit = h_phrase = h_approximate = h_before = None
    previous_end = 0  # where the last claim found ends (the words before the next one start after it)
    for match in _chain(_NUMBER_RUN.finditer(text), _END):
        if match is not None:
            raw, closing, more, window = match.groups()
            start = match.start()
            previous = text[start - 1] if start else ""
            if closing or previous in _OPENING:  # a document number: 〔2024〕, [3], #5
                continue
            if raw[0].isdigit():
                value = Decimal(raw.replace(",", "")) if "," in raw else Decimal(raw)
            else:
                if previous == "第" or not (set(raw) & _CN_COUNTING):
                    continue
                number = chinese_number(raw)
                if number is None or number == 1:  # 一批、一次性: an article, not a count
                    continue
                value = Decimal(number)
            pos = match.end()  # after the spaces and a 余 or 多
            noun_end = None
            at = _unit_and_suffix(window)
            if at is None:
                multiplier = window[:1]
                if multiplier not in _MULTIPLIERS:
                    continue
                noun = _PEOPLE_NOUN.match(text, pos + 1)
                if noun is None:
                    continue
                unit, length, suffix = parse_unit(multiplier + "人"), 1, None
                noun_end = noun.end()
            else:
                unit, length, suffix = at
            symbol = unit.symbol
            if symbol == "年" and 1900 <= value <= 2100:
                continue
            if (symbol == "月" or symbol == "天") and _last_char_before(text, start) in ("年", "月"):
                continue
            end = pos + length
            prefix = prefix_at_end(text, start - 8 if start > 8 else 0, start)  # the comparative just before
            if prefix is None:
                leading, claim_start, operator, approximate = False, start, _EQ, False
            else:  # (the last time the spelling is written before the number)
                leading, claim_start = True, prefix.start(1)
                operator, approximate = _PREFIX_OPERATORS[prefix.group(1)]
            if more:
                operator = _GE
            if suffix is None:  # (not told by the unit's text: read here)
                suffix = _SUFFIX.match(text, end)
                suffix = suffix.group() if suffix else ""
            if suffix:
                end += len(suffix)
                suffix_op = _SUFFIX_OPERATORS[suffix]
                if suffix_op is None:
                    approximate = True
                else:
                    operator = suffix_op
            next_start = claim_start
        else:
            next_start = len(text)
        if held:  # the claim before this one: its words after it stop here
            # 人数大于 N 人: the subject precedes the comparative; N 名工作人员: it follows the unit.
            # 为不少于 N 人发放补贴: a bare preposition before the claim leaves the object (verb and noun) after it.
            bare = len(h_before.strip(_PREPOSITIONS)) < 2
            if h_leading and not bare:  # (the words before, never empty here, are the subject: those after unread)
                claims.append((h_operator, h_value, h_unit, h_before, h_phrase, h_approximate, h_before + h_core))
            else:
                after = text[h_end:clause(text, h_end, next_start).end()].strip() if h_end < next_start else ""
                subject = after if len(after) >= 2 or bare else (h_before or after)
                subject = subject or h_before or after
                if subject:
                    quote = h_before + h_core if subject == h_before else h_core + after
                else:
                    quote = h_phrase
                claims.append((h_operator, h_value, h_unit, subject, h_phrase, h_approximate, quote))
        if match is None:
            break
        # the words before: what follows the last delimiter between the claim before and this one
        head = through_break(text, previous_end, claim_start)
        h_before = text[head.end() if head else previous_end:claim_start].strip()
        if noun_end is None:
            h_phrase = h_core = text[claim_start:end].strip()  # (the claim as written, quoted with its subject)
        else:  # an implied unit (60 余万参保人员) leaves the noun to the subject
            h_phrase = text[claim_start:max(end, noun_end)].strip()
            end = pos + 1
            h_core = text[claim_start:end].strip()
        held, h_leading, h_end, h_operator, h_value, h_unit, h_approximate = \
            True, leading, end, operator, value, unit, approximate and operator is _EQ
        previous_end = end
        if starts is not None:
            starts.append(claim_start)
    return claims


# A number, a closing bracket right after it (a document number), the spaces and a 余 or 多 after it
# (`2000 余人`), and (not taken) the text a unit is read from: up to _WINDOW characters before any 。 (texts
# scanned together keep the next text out of the unit cache's key). One match per number `_NUMBER` finds:
# neither a bracket, a space nor 余/多 can start a number, so the next number is found where it was before.
_WINDOW = 12
_NUMBER_RUN = re.compile(f"({_NUMBER})([〕\\]#]?)\\s*([余多]?)(?=([^{_SEPARATOR}]{{0,{_WINDOW}}}))")
_END = (None,)
_chain = itertools.chain

# Up to and through the last delimiter (the words before a claim follow it); up to the first one (those after it).
_THROUGH_BREAK = re.compile(f"(?s:.*)[{_DELIMITERS}]")
_CLAUSE = re.compile(f"[^{_DELIMITERS}]*")


def _last_char_before(text: str, end: int) -> str:
    """The last character before `end` that is not a space ("" if none): a backward scan over the
    spaces only, where `text[:end].rstrip()` copied the whole head once per number (quadratic)."""
    while end and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end else ""


_SUFFIX = re.compile("|".join(re.escape(suffix) for suffix, _ in _SUFFIXES))
_SUFFIX_OPERATORS = dict(_SUFFIXES)
_SUFFIX_LENGTH = max(len(suffix) for suffix, _ in _SUFFIXES)


@lru_cache(maxsize=4096)
def _unit_and_suffix(window: str) -> tuple[Unit, int, str | None] | None:
    """The unit at the start of `window` (the text after a number, up to _WINDOW characters before any 。), its
    length and the suffix right after it (以上, 左右; "" for none), or None without a unit. The suffix is None
    when the window cannot tell: cut at _WINDOW characters before the longest suffix could end. (A window cut
    short ends where the text or its clause does, at a 。 no suffix holds: the text reads as the window does.)"""
    at = _unit_at(window)
    if at is None:
        return None
    unit, length = at
    if len(window) == _WINDOW and length + _SUFFIX_LENGTH > _WINDOW:
        return unit, length, None
    suffix = _SUFFIX.match(window, length)
    return unit, length, suffix.group() if suffix else ""


_OPENING = frozenset("〔[#")  # before a document number: 〔2024〕, [3], #5 (the one after: _NUMBER_RUN)
_EQ, _GE = Operator.EQ, Operator.GE
