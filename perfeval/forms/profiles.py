"""Form variants as data: what a province's form has and lacks, and its own header words.

Each file under rules/forms/ describes one variant:

    name = "guangdong-project"                # FormProfile.name
    kind = "target"                           # target | department
    title = "项目支出绩效目标申报表"            # a regular expression the table's title matches
    headers = ["指标值"]                      # header words the form prints (optional)
    lacks = ["weight", "core"]                # model fields the form has no column or key for
    [aliases.indicator]                       # extra header words, by model field
    value = ["年度指标值（计量）"]
    [aliases.table]
    funds = ["项目总预算"]

A table read from a form that has every field of the standard form carries no profile;
otherwise it carries the variant whose title matches (or `generic`) with the fields the
printed form really lacks, so checks skip them and say so once per table.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import attrs

from .. import vocab
from ..errors import Problems, RuleError, problem_at
from ..model import FormProfile

# The fields of the standard forms (the Chongqing/national template the seed prints).
STANDARD_TARGET = ("department", "implementer", "funds", "attribute", "start", "end", "overview", "basis", "goal")
STANDARD_INDICATOR = ("level1", "level2", "name", "value", "operator", "unit", "weight", "core")
STANDARD_DEPARTMENT = ("unit_name", "budget", "goal")
STANDARD_DEPARTMENT_INDICATOR = ("name", "value", "operator", "unit", "weight")
_KEYS = {"name", "kind", "title", "headers", "lacks", "notes", "aliases", "description"}
_MODEL_FIELDS = {"target": set(STANDARD_TARGET) | set(STANDARD_INDICATOR) | {"mid_goal", "project_code"},
                 "department": set(STANDARD_DEPARTMENT) | set(STANDARD_INDICATOR)}


@attrs.frozen
class Variant:
    name: str
    kind: str
    title: re.Pattern | None
    lacks: frozenset[str]
    indicator_aliases: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    table_aliases: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    description: str = ""
    headers: tuple[str, ...] = ()


def load_variant(path: Path) -> Variant:
    """One rules/forms/*.toml file; RuleError names the file and what is wrong."""
    from ..rulesets import load_toml

    data = load_toml(path)
    problems = Problems()
    for key in data:
        if key not in _KEYS:
            problems.add(problem_at(str(path), None, f"表样文件的键之一：{'、'.join(sorted(_KEYS))}", key))
    kind = data.get("kind")
    if kind not in _MODEL_FIELDS:
        problems.add(problem_at(str(path), None, "kind = \"target\" 或 \"department\"", repr(kind)))
    lacks = data.get("lacks", [])
    for field in lacks:
        if kind in _MODEL_FIELDS and field not in _MODEL_FIELDS[kind]:
            problems.add(problem_at(str(path), None, f"lacks 中的模型字段之一：{'、'.join(sorted(_MODEL_FIELDS[kind]))}", field))
    aliases = data.get("aliases", {})
    indicator = {f: tuple(v) for f, v in aliases.get("indicator", {}).items()}
    table = {f: tuple(v) for f, v in aliases.get("table", {}).items()}
    table_fields = vocab.TARGET if kind == "target" else vocab.DEPARTMENT
    for field in indicator:
        if field not in vocab.INDICATOR:
            problems.add(problem_at(str(path), None, f"aliases.indicator 的字段之一：{'、'.join(vocab.INDICATOR)}", field))
    for field in table:
        if field not in table_fields:
            problems.add(problem_at(str(path), None, f"aliases.table 的字段之一：{'、'.join(table_fields)}", field))
    try:
        title = re.compile(data["title"]) if data.get("title") else None
    except re.error as exc:
        problems.add(problem_at(str(path), None, "title 为合法的正则表达式", str(exc)))
        title = None
    problems.raise_if_any(RuleError)
    headers = tuple(vocab.key(h) for h in data.get("headers", []))
    return Variant(str(data.get("name") or path.stem), kind, title, frozenset(lacks), indicator, table,
                   str(data.get("description", "")), headers)


@functools.lru_cache(maxsize=1)
def variants() -> tuple[Variant, ...]:
    """The shipped form variants, by file name."""
    from ..rulesets import shipped

    return tuple(load_variant(path) for path in shipped("forms"))


def indicator_lookup() -> dict[str, str]:
    """The vocabulary's indicator headers plus every variant's own words."""
    return {**vocab.lookup(*(v.indicator_aliases for v in variants())), **vocab.INDICATOR_LOOKUP}


def table_lookup(kind: str) -> dict[str, str]:
    """The vocabulary's header-block keys of `kind` plus the words of every variant of that kind
    (each variant's own: two variants naming words for the same field both count)."""
    base = vocab.TARGET_LOOKUP if kind == "target" else vocab.DEPARTMENT_LOOKUP
    return {**vocab.lookup(*(v.table_aliases for v in variants() if v.kind == kind)), **base}


def profile_for(kind: str, title: str, present: set[str], notes: tuple[str, ...],
                headers: tuple[str, ...] = ()) -> FormProfile | None:
    """The profile of a table whose form printed the fields `present`; None for a full standard form."""
    if kind == "target":
        standard = STANDARD_TARGET + STANDARD_INDICATOR
    elif {"level1", "level2"} & present:
        # A 部门整体 form printing the 一级/二级/三级 grid prints the project grid, 是否核心指标 included.
        standard = STANDARD_DEPARTMENT + STANDARD_INDICATOR
    else:
        standard = STANDARD_DEPARTMENT + STANDARD_DEPARTMENT_INDICATOR
    lacks = frozenset(f for f in standard if f not in present)
    if not lacks and not notes:
        return None
    printed = set(headers)
    matching = [v for v in variants() if v.kind == kind and v.lacks <= lacks and set(v.headers) <= printed
                and (v.title is None or v.title.search(vocab.key(title)))]
    # The most specific variant: the one that explains most of what the form lacks.
    best = max(matching, key=lambda v: (len(v.lacks), v.title is not None), default=None)
    return FormProfile(best.name if best is not None else "generic", lacks, notes)
