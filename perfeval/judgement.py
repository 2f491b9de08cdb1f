"""What a careful reviewer recognises in a target table or 自评表 beyond its arithmetic.

One home for the reviewer's vocabulary, shared by validation (`perfeval.checks.sense`)
and the audit (`perfeval.selfeval.audit`): which indicators are about money or cost,
which count people, which are rates; which texts are template instructions left in a
cell or placeholders instead of an explanation; money parts in goal text that must add
up; a form's own printed split of points; dates and schedules written as 时效 targets.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from ._lazyre import lazy
from .model import Deadline

try:
    from re import _parser as _sre_parser  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parser
from .text import clean_cell, nfkc
from .units import Dimension, Unit

#: Words that make an indicator a cost or money item (经费、单价 …): it belongs under 成本指标.
COST_WORDS = ("成本", "费用", "经费", "单价", "造价", "补助标准", "补贴标准", "价格", "支出")
#: Level names a 三级指标 must not repeat (it should name what is measured, not the category).
CATEGORY_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标", "数量指标", "质量指标", "时效指标",
                  "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
                  "经济成本指标", "社会成本指标", "生态环境成本指标", "预算执行率")
#: Words that name the environment; a 生态效益指标 on a project whose texts have none of them is suspicious.
ENVIRONMENT_WORDS = ("环境", "生态", "绿色", "绿化", "节能", "减排", "排放", "污染", "环保", "低碳", "碳", "水土",
                     "水质", "河", "湖", "林", "植", "草", "土壤", "空气", "大气", "垃圾", "能耗", "节水", "农药",
                     "化肥", "秸秆", "湿地", "噪声", "扬尘", "废", "污水")
#: Nouns that say an indicator counts people.
PEOPLE_NOUNS = ("人数", "人次", "人员", "名", "学生", "职工", "群众", "老人", "儿童", "患者", "对象人")
#: Name endings that say what is counted is not people (`群众文化活动场次` counts events).
THING_COUNTS = ("场次", "场数", "次数", "个数", "项数", "件数", "户数", "期数", "批次", "班次", "课时")
#: Words that make a rate a reduction (`能耗下降率 ≥ 2%` caps the cost, as `≤` would).
REDUCTION_WORDS = ("下降", "降低", "节约", "节省", "节支", "减少", "压减", "压缩")

#: Template instructions printed in the blank form, left in a filled cell.
TEMPLATE_PATTERNS = (
    r"[（(]\s*\d+\s*字(?:以内|以下|左右)\s*[）)]",
    r"请(?:填写|填报|根据|按照|简要|详细|在此|列明)",
    r"对照年度(?:绩效)?目标.{0,12}说明",
    r"(?:此处|本栏)(?:填写|说明)",
    r"填写说明",
    r"[（(]\s*(?:如|例如)[:：].{0,20}[）)]",
    r"X{2,}|x{2,}|××|＊＊",
)

TEMPLATE_REASON = "只是表样的填表说明"
_PLACEHOLDERS = frozenset({"无", "/", "／", "—", "-", "--", "——", "同上", "略", "见上", "见上表", "无偏差", "暂无", "没有",
                           "空", "null", "none", "n/a", "na", "0", "…", "...", "。", "，", "x", "xx", "?", "？"})


def template_text(text: str, patterns: tuple[str, ...] | None = None) -> str | None:
    """The template instruction left in `text` (`（100字以内）`, `请填写…`), or None."""
    if not text:
        return None
    regex, first = _compiled(TEMPLATE_PATTERNS if patterns is None else patterns)
    if first is not None and first.search(text) is None:
        return None  # no text a match can start with: one C scan, where the alternation tries every position
    match = regex.search(text)
    return match.group() if match else None


def template_starts(patterns: tuple[str, ...] | None = None) -> re.Pattern | None:
    """A pattern matching where any match of `patterns` can start (None: not known for sure): a text it
    does not match holds no template instruction."""
    return _compiled(TEMPLATE_PATTERNS if patterns is None else tuple(patterns))[1]


_PREFIX_RUN = 4  # literal characters a start keeps (对照年度): enough to pass over 对 in 服务对象


@lru_cache(maxsize=16)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern | None]:
    """The patterns as one regex, and a pattern of how any match starts (None: not known).

    The starts are literal texts (`对照年度`, `请`, `（`): every match begins with one of them, so where
    none is found no pattern matches. Written as an alternation of literals, the regex engine skips to a
    possible start in C (a class of first characters stopped at every 对, ~45,000 times on 100,000 rows).
    """
    regex = re.compile("|".join(patterns))
    starts: set[str] = set()
    for pattern in patterns:
        try:
            parsed = _sre_parser.parse(pattern)
        except Exception:  # noqa: BLE001 - compiled above; the parser's internals are no contract
            return regex, None
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE) or not _starts_of(list(parsed), starts):
            return regex, None
    if not starts:
        return regex, None
    # a start that begins with another is redundant (×× after ×); the longest first, as a regex tries them
    kept = sorted((s for s in starts if not any(s != t and s.startswith(t) for t in starts)), key=lambda s: (-len(s), s))
    return regex, re.compile("|".join(map(re.escape, kept)))


def _starts_of(items: list, out: set[str]) -> bool:
    """Add to `out` literal texts one of which every match of the parsed sequence `items` starts with; False
    when that is not known for sure (a wide class, any character, an optional start, an anchor), so no
    prefilter is used."""
    if not items:
        return False
    op, av = items[0]
    name = str(op)
    if name == "LITERAL":
        run = [chr(av)]
        for next_op, next_av in items[1:_PREFIX_RUN]:
            if str(next_op) != "LITERAL":
                break
            run.append(chr(next_av))
        out.add("".join(run))
        return True
    if name == "IN":
        for item_op, item_av in av:
            if str(item_op) == "LITERAL":
                out.add(chr(item_av))
            elif str(item_op) == "RANGE" and item_av[1] - item_av[0] < 256:
                out.update(map(chr, range(item_av[0], item_av[1] + 1)))
            else:
                return False
        return True
    if name == "BRANCH":
        return all(_starts_of(list(branch), out) for branch in av[1])
    if name == "SUBPATTERN":
        return not av[1] and not av[2] and _starts_of(list(av[3]), out)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return av[0] >= 1 and _starts_of(list(av[2]), out)
    return False


def placeholder_reason(reason: str, name: str = "") -> str | None:
    """Why a 偏差原因 explains nothing (a placeholder, a copy of the indicator name, repeated
    characters, mojibake), or None when it reads as an explanation."""
    text = unicodedata.normalize("NFKC", reason or "").strip()
    if not text:
        return None
    bare = text.strip("。.，,；; ").lower()
    if bare in _PLACEHOLDERS or not bare:
        return "只写了占位符"
    if name and bare == unicodedata.normalize("NFKC", name).strip().lower():
        return "照抄了指标名称"
    if len(set(bare)) == 1 and len(bare) >= 2:
        return "只有重复的字符"
    if _mojibake(text):
        return "是乱码"
    if template_text(text) and len(bare) <= 30:
        return TEMPLATE_REASON
    if re.fullmatch(r"[\W\d_]+", bare):
        return "只有数字或符号"
    return None


_MOJIBAKE = re.compile(r"[\ufffd\u00c0-\u00ff]{2,}|锟斤拷|烫烫|屯屯|[\ue000-\uf8ff]")


def _mojibake(text: str) -> bool:
    return bool(_MOJIBAKE.search(text))


def stated_funds(total: Decimal | None, rows) -> Decimal | None:
    """The funds a table states: its 资金总额, or the sum of its 其中 rows when the total is left 0 or blank.

    A blank total is one fact (reported by `sense.funds_total_blank`); the checks that compare the
    funds with other tables judge the rest of the table on what the rows say.
    """
    if total:
        return total
    amounts = [row.amount for row in rows if row.amount is not None]
    summed = sum(amounts, Decimal(0))
    return summed if summed else total


#: the dimensions the tests below compare with, by identity (`Dimension.MONEY` looked up on the enum class costs more
#: than the test)
_DIM_MONEY, _DIM_RATIO, _DIM_COUNT, _DIM_RATE = Dimension.MONEY, Dimension.RATIO, Dimension.COUNT, Dimension.RATE


def is_money(unit: Unit | None) -> bool:
    return unit is not None and unit.dimension is _DIM_MONEY


def is_cost(name: str, unit: Unit | None, upper_bound: bool) -> bool:
    """A cost item: money capped from above, or a name that says 成本/费用/经费 … with a money unit."""
    if not is_money(unit):
        return False
    return upper_bound or any(word in name for word in COST_WORDS)


def is_rate(name: str, unit: Unit | None) -> bool:
    """A rate or share (unit `%`, or a name ending in 率): a 质量指标, not a 数量指标."""
    return (unit is not None and unit.dimension is _DIM_RATIO) or name.rstrip().endswith(("率", "比例", "占比"))


def counts_people(name: str) -> bool:
    if name.rstrip().endswith(THING_COUNTS):
        return False  # `群众文化活动场次`: the people are a modifier, the events are counted
    return any(noun in name for noun in PEOPLE_NOUNS) and not any(w in name for w in ("人均", "/人", "每人"))


def is_reduction(name: str) -> bool:
    """A target measured as a reduction (`水电气消耗下降率`): a floor on it is a cap on what it reduces."""
    return any(word in name for word in REDUCTION_WORDS)


def people_in_count_unit(name: str, unit: Unit | None) -> bool:
    """People counted in 个/项/次 …: the unit should be 人 (or 人次)."""
    return unit is not None and unit.dimension is _DIM_COUNT and counts_people(name)


def people_per_time(unit: Unit | None) -> bool:
    """`人/年`, `人/月`: a quantity per period, not a quality standard."""
    return unit is not None and unit.dimension is _DIM_RATE and unit.symbol.startswith("人")


def repeats_category(name: str) -> str | None:
    """The category name a 三级指标 repeats (`经济成本指标`), or None."""
    plain = "".join(name.split())
    return plain if plain in _CATEGORIES else None  # (a set: asked for every row of every table)


_CATEGORIES = frozenset(CATEGORY_NAMES)


def mentions_environment(*texts: str) -> bool:
    return any(word in text for text in texts if text for word in ENVIRONMENT_WORDS)


# -- money parts in free text -------------------------------------------------------------------

_MONEY = lazy(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|元)")
_MONEY_FACTORS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
_SENTENCE = lazy(r"[^。；;\n]+")


def money_parts(text: str) -> list[tuple[str, Decimal, list[Decimal], Decimal]]:
    """Each `total … 其中 part、part …` in `text` whose parts do not add up to the total.

    Returns (quote, total, parts, tolerance) in 元; the tolerance is half the last printed
    digit of each number (尾数误差). Only sentences with a total before 其中 and at least two
    parts after it are judged.
    """
    if not text or "其中" not in text:
        return []
    found = []
    for sentence in _SENTENCE.finditer(text):
        clause = sentence.group()
        split = clause.find("其中")
        if split < 0:
            continue
        before = list(_MONEY.finditer(clause, 0, split))
        after = list(_MONEY.finditer(clause, split))
        if not before or len(after) < 2:
            continue
        total, total_slack = _amount(before[-1])
        parts = [_amount(m) for m in after]
        summed = sum((p for p, _ in parts), Decimal(0))
        slack = total_slack + sum((s for _, s in parts), Decimal(0))
        if abs(summed - total) > slack:
            found.append((clause.strip(), total, [p for p, _ in parts], slack))
    return found


def _amount(match: re.Match) -> tuple[Decimal, Decimal]:
    digits = match.group(1).replace(",", "")
    factor = _MONEY_FACTORS[match.group(2)]
    places = len(digits.split(".")[1]) if "." in digits else 0
    slack = Decimal(5).scaleb(-places - 1) * factor if places else Decimal(0)
    return Decimal(digits) * factor, slack


def yuan(amount: Decimal) -> str:
    """An amount in 元 as a message writes it, in 万元 where it is large."""
    if abs(amount) >= 10000:
        text = format((amount / 10000).normalize(), "f")
        return f"{text}万元"
    return f"{format(amount.normalize(), 'f')}元"


# -- the form's own notes ---------------------------------------------------------------------

_NOTE_SPLIT = lazy(r"(产出|效益|满意度|成本|预算执行率)(?:指标)?\s*(?:占|为|共)?\s*(\d+(?:\.\d+)?)\s*分")


def note_split(notes: tuple[str, ...] | list[str]) -> dict[str, Decimal]:
    """The points a form's printed note gives each 一级指标 (and 预算执行率): `产出指标 50 分` → {产出指标: 50}."""
    split: dict[str, Decimal] = {}
    for note in notes:
        for name, points in _NOTE_SPLIT.findall(unicodedata.normalize("NFKC", note)):
            split.setdefault(name if name == "预算执行率" else name + "指标", Decimal(points))
    return split


# -- deadlines ----------------------------------------------------------------------------------

# Every match starts at a digit: a leading `\s*` would be tried from each space of a long run
# of spaces (quadratic on `1` followed by thousands of spaces, issue 18).
_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?(底|末|中旬|上旬|下旬)?")
_DOTTED = re.compile(r"(?<![\d.])(\d{4})[.\-/](\d{1,2})(?:[.\-/](\d{1,2}))?(?![\d.])")
# What may follow a dotted date: nothing, a bracket or a separator, or a word of time (前, 底, 完成 …).
_DATE_TAIL = lazy(r"\s*(?:$|[（(，,；;。、)）]|前|之前|以前|内|以内|底|末|中旬|上旬|下旬|日|号|止|截止|完成|起|开始|到|至|[-~～—])")
_SCHEDULES = ("按季度", "按月", "按年", "按季", "每季度", "每月", "每年", "每周", "按周", "按时", "按期", "及时", "按计划",
              "按进度")
# A form's target cell, read whole (parse_deadline(..., cell=True)).
_CELL_DATE = re.compile(r"^(?:(?P<year>\d{4})\s*年)?\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日)?\s*(?:底|末|份|中旬|上旬|下旬)?"
                        r"\s*(?P<before>之前|以前|前|内|完成|止)?$")
_YEAR_END = lazy(r"^(?P<year>\d{4})\s*年\s*(?:底|末|年底|年末)\s*(?:之前|以前|前|完成)?$")
_CELL_ISO_DATE = lazy(r"^(?P<year>\d{4})[-./](?P<month>\d{1,2})[-./](?P<day>\d{1,2})\s*(?:之前|以前|前)?$")
_QUARTER = lazy(r"^(?:(?P<year>\d{4})\s*年)?\s*第?(?P<q>[一二三四1-4])季度(?:末|底)?\s*(?:之前|以前|前)?$")
_CELL_SCHEDULE = lazy(r"^(?:按|每)(?:月|季度|季|年|周|半年|期|时|日|旬)")
_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_BEFORE = ("前", "之前", "以前", "内", "以内", "底前", "末前")


@lru_cache(maxsize=4096)
def parse_deadline(text: str, *, cell: bool = False) -> Deadline | None:
    """A 时效 target written as a date or a schedule, else None: the one deadline reader.

    `cell=True` reads a target cell of a form whole (`2023年12月前`, `12月底前`, `2024-06-30前`,
    `第三季度前`, `按季度`), where `12月` alone is a count of months, not a deadline. Otherwise a
    date (`2025年12月前`, `2025.11.30前`) or a schedule (`按季度`) is looked for in the text, as a
    自评表's target or an actual is judged.
    """
    if cell:
        return _deadline_cell(text)
    plain = unicodedata.normalize("NFKC", text or "").strip().lstrip("≤<=")
    if not plain:
        return None
    date = _date(plain)
    if date is not None:
        year, month, day = date
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            return None
        return Deadline(year, month, day)
    if plain.startswith(_SCHEDULES):  # one C call over the tuple (an actuals file reads every distinct text)
        return Deadline(schedule=plain)
    return None


def _deadline_cell(text: str) -> Deadline | None:
    plain = re.sub(r"\s+", "", nfkc(text or ""))
    if not plain:
        return None
    if _CELL_SCHEDULE.match(plain):
        return Deadline(schedule=clean_cell(text))
    match = _YEAR_END.match(plain)
    if match:
        return Deadline(int(match["year"]), 12)
    match = _CELL_ISO_DATE.match(plain) or _CELL_DATE.match(plain)
    if match and 1 <= int(match["month"]) <= 12:
        day = match["day"]
        if match.re is _CELL_DATE and not (match["before"] or day or "底" in plain or "末" in plain):
            return None  # `12月` alone is a count of months, not a deadline
        return Deadline(int(match["year"]) if match["year"] else None, int(match["month"]), int(day) if day else None)
    match = _QUARTER.match(plain)
    if match:
        return Deadline(int(match["year"]) if match["year"] else None, _Q[match["q"]] * 3)
    return None


def _date(text: str) -> tuple[int | None, int, int | None] | None:
    match = _DOTTED.search(text)
    if match is not None and not _DATE_TAIL.match(text, match.end()):
        match = None  # `2025.5万元`, `1004.5人`: a number with its unit, not May 2025
    match = match or _DATE.search(text)
    if match is None:
        return None
    year = int(match.group(1)) if match.group(1) else None
    month = int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    return year, month, day


_TIMING_WORDS = ("完成", "按时", "按期", "及时", "延期", "滞后", "逾期", "提前")
_TIMING_WORD = lazy("|".join(map(re.escape, _TIMING_WORDS)))  # any of them, in one scan


def is_timing_text(text: str) -> bool:
    """A result a 时效 target can be judged by: a date, a schedule, or a word of (late) completion."""
    return parse_deadline(text) is not None or _TIMING_WORD.search(text or "") is not None


@lru_cache(maxsize=4096)
def deadline_met(target: str, actual: str, default_year: int | None = None) -> bool | None:
    """Whether `actual` meets the 时效 target `target`: True, False, or None when it cannot say.

    The same text on both sides is met; an actual date is compared with the deadline's last
    day; a schedule is met by the same schedule or a word of completion.
    """
    norm = lambda s: re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))
    if not actual.strip():
        return None
    if norm(target) == norm(actual):
        return True
    deadline = parse_deadline(target)
    if deadline is None:
        return None
    actual_plain = norm(actual)
    if any(word in actual_plain for word in ("未完成", "未按时", "延期", "滞后", "逾期", "未")):
        return False
    date = _date(actual_plain)
    if deadline.schedule is None and date is not None:
        year, month, day = date
        last = deadline.last_day(default_year)
        year = year or (last.year if last else default_year)
        if last is None or year is None:
            return None
        try:
            when = datetime.date(year, month, day or 1)
        except ValueError:
            return None
        return when <= last
    if any(word in actual_plain for word in ("完成", "按时", "按期", "及时", "已", "达成", "实现")):
        return True
    return None
