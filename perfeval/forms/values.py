"""What an indicator row's cells say: the one row-to-Indicator builder for every grid source.

Real forms print the target in many ways: a separate 指标性质 column (`≥`, `定量`, `定性`,
`正向`/`反向`) or the operator inside the value (`≥60%`, `>92%`, `≤90万元`, `95%以上`);
tolerance bands (`±3%以内`, `误差不超过5%`); dates and schedules (`2023年12月前`,
`12月底前`, `按季度`); text under a 定量 column (`按月安排`); a value carrying its own
unit beside a unit column (`28.8万元` under `%`); not-applicable marks (`/`, `无`).
`build_indicator` turns one row of cells (by Indicator field) into the model, keeping
the printed cell wherever the fields cannot say it, and returns problems as text.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from .. import vocab
from ..judgement import parse_deadline
from ..model import Indicator, Location
from ..operators import Operator, parse_operator
from ..target_text import parse_target
from ..text import clean_cell, nfkc, parse_decimal
from ..units import Quantity, parse_unit

_NUM = r"[+-]?\d[\d,]*(?:\.\d+)?|[+-]?\.\d+"
_SUFFIX = re.compile(r"^(?P<body>.*?)(?P<suffix>及以上|以上|及以下|以下|以内|之内)$")
_TOLERANCE_ALONE = re.compile(rf"^(?:误差|偏差)?(?:率)?(?:控制在)?±\s*(?P<tol>{_NUM})\s*(?P<unit>[^\d\s]*?)(?:以内|之内)?$")
_TOLERANCE_AROUND = re.compile(rf"^(?P<num>{_NUM})\s*(?P<vunit>[^\d±\s]*?)\s*±\s*(?P<tol>{_NUM})\s*(?P<unit>[^\d\s]*?)(?:以内|之内)?$")
_TOLERANCE_WORDS = re.compile(
    rf"^(?:误差|偏差)(?:率)?(?:不超过|不大于|小于等于|小于|低于|控制在|≤|<=|<)\s*(?P<tol>{_NUM})\s*(?P<unit>[^\d\s]*?)(?:以内|之内)?$")


def parse_tolerance(text: str):
    """(value, value unit, tolerance Quantity) for `±3%以内`, `误差不超过5%`, `100±2%`; else None."""
    plain = re.sub(r"\s+", "", nfkc(text or "")).replace("＋", "+")
    plain = plain.replace("+-", "±").replace("+/-", "±")
    for pattern in (_TOLERANCE_AROUND, _TOLERANCE_ALONE, _TOLERANCE_WORDS):
        match = pattern.match(plain)
        if match is None:
            continue
        try:
            tol_unit = parse_unit(match["unit"]) if match["unit"] else None
            value = parse_decimal(match["num"]) if "num" in match.groupdict() else Decimal(0)
            value_unit = parse_unit(match["vunit"]) if match.groupdict().get("vunit") else tol_unit
        except ValueError:
            return None
        if tol_unit is None:
            tol_unit = value_unit
        if tol_unit is None:
            return None
        return value, value_unit, Quantity(parse_decimal(match["tol"]), tol_unit)
    return None


def known_unit(text: str):
    """The unit a cell names, trying the forms print it (`个工作日`, `万头（只）`); None when unknown."""
    plain = nfkc(text or "").strip()
    for candidate in (plain, re.sub(r"\([^()]*\)$", "", plain), plain[1:] if plain.startswith("个") else ""):
        if not candidate:
            continue
        try:
            return parse_unit(candidate)
        except ValueError:
            continue
    return None


def _points(text: str) -> Decimal | None:
    plain = nfkc(text or "").strip().rstrip("分").strip()
    return parse_decimal(plain) if plain else None


@attrs.frozen
class Built:
    indicator: Indicator | None
    problems: tuple[str, ...] = ()


def build_indicator(row: dict[str, str], location: Location, assume_cost: bool = False) -> Built:
    """The Indicator a row of cells says (cells keyed by Indicator field), or problems saying why not.

    Without an operator anywhere, a number is read as `≥` (`≤` under a 成本 level) with
    `operator_printed=False`, so a check can say the form printed none.
    """
    problems: list[str] = []
    name = clean_cell(row.get("name"))
    level1 = vocab.level_name(clean_cell(row.get("level1")))[0] or None
    level2 = vocab.level_name(clean_cell(row.get("level2")))[0] or None
    nature = vocab.key(row.get("operator") or "")
    raw = clean_cell(row.get("value"))
    unit_text = clean_cell(row.get("unit"))

    operator: Operator | None = None
    direction: str | None = None
    quantitative_column = False
    printed_direction = vocab.key(row.get("direction") or "")
    if nature in vocab.QUALITATIVE:
        operator = Operator.QUALITATIVE
    elif nature in vocab.QUANTITATIVE:
        quantitative_column = True
    elif nature in vocab.DIRECTIONS:
        direction = nature
        operator = Operator.GE if nature == "正向" else Operator.LE
    elif nature:
        try:
            operator = parse_operator(nature)
        except ValueError as exc:
            problems.append(f"{exc}|{row.get('operator')}")

    unit = None
    unknown_unit = False
    if unit_text and unit_text not in vocab.NOT_APPLICABLE:
        unit = known_unit(unit_text)
        unknown_unit = unit is None  # kept as printed below, never a reason to drop the row

    value = text_value = printed = None
    tolerance = deadline = None
    not_applicable = False
    operator_printed = True
    cost = assume_cost or "成本" in (level1 or "") or "成本" in (level2 or "")
    default = Operator.LE if cost else Operator.GE
    if direction == "反向":
        default = Operator.LE
    elif direction == "正向":
        default = Operator.GE

    if raw in vocab.NOT_APPLICABLE:
        not_applicable = True
        printed = raw
    elif raw:
        plain = nfkc(raw).replace(" ", "")
        suffix = _SUFFIX.match(plain)
        suffix_op = None
        if suffix and suffix["body"]:
            suffix_op = Operator.GE if "上" in suffix["suffix"] else Operator.LE
        tol = parse_tolerance(raw)
        due = None if tol else parse_deadline(raw, cell=True)
        if tol is not None:
            value, value_unit, tolerance = tol
            unit = unit or value_unit
            operator = operator or Operator.EQ
            printed = raw
        elif due is not None:
            deadline, printed = due, raw
            if operator is None:
                operator, operator_printed = (Operator.LE if due.schedule is None else Operator.EQ), bool(nature)
        else:
            body = suffix["body"] if suffix_op else plain
            target = None
            if operator is not Operator.QUALITATIVE:
                try:
                    target = parse_target(body, default=None)
                    inside = True
                except ValueError:
                    try:
                        target = parse_target(body, default=suffix_op or operator or default)
                        inside = bool(suffix_op)
                    except ValueError:
                        target = None
            if target is not None and target.value is not None:
                value = target.value
                if inside:
                    if operator is not None and operator is not target.operator and nature:
                        printed = raw
                    operator = target.operator if (operator is None or not nature or quantitative_column
                                                   or direction) else operator
                elif operator is None:
                    operator = suffix_op or default
                    operator_printed = bool(suffix_op)
                if target.unit is not None:
                    if unit is not None and target.unit != unit:
                        printed = raw
                    unit = target.unit if unit is None or target.unit != unit else unit
            elif operator is Operator.QUALITATIVE or (operator is None and not quantitative_column and direction is None):
                operator = Operator.QUALITATIVE
                text_value = raw
            else:
                printed = raw  # a 定量 target printed as text (`按月安排`)
                if operator is None:
                    operator, operator_printed = default, False
    if operator is None:
        operator = Operator.QUALITATIVE if not (quantitative_column or direction) else default
        operator_printed = bool(nature) and not quantitative_column
    if printed_direction in vocab.DIRECTIONS:
        direction = printed_direction
    if unknown_unit and printed is None:
        printed = f"{raw}{unit_text}" if raw else unit_text

    weight = None
    if clean_cell(row.get("weight")):
        try:
            weight = _points(row["weight"])
        except ValueError:
            problems.append(f"权重应为数字|{row['weight']}")
    core = None
    if "core" in row:
        try:
            core = vocab.yes_no(clean_cell(row["core"]))
        except ValueError:
            problems.append(f"是否核心指标应为 是 或 否|{row['core']}")
    if not name:
        problems.append("指标行应有三级指标（指标名称）|空")
    if problems:
        return Built(None, tuple(problems))
    return Built(Indicator(
        name=name, operator=operator, value=value, unit=unit, weight=weight, level1=level1, level2=level2,
        core=core, text_value=text_value, printed=printed, operator_printed=operator_printed,
        tolerance=tolerance, deadline=deadline, direction=direction,
        mid_term=clean_cell(row.get("mid_term")) or None, not_applicable=not_applicable, location=location,
    ))


# -- cell kinds, for realigning rows that dropped cells -------------------------------------------

_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标", "效果指标", "影响指标")
_EITHER_LEVEL = ("成本指标",)
# A 自评表 funds block's cells (vocab.SELF_FUNDS): an amount (`89.97`, `1,200`, `72890元`), a rate (`99.97%`).
_AMOUNT = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?(?:万元|亿元|元)?$")
_RATE = re.compile(r"^[+-]?\d+(?:\.\d+)?%$")


def fits(field: str | None, text: str) -> int:
    """How well `text` fits a column of `field`: positive fits, negative does not (for realignment)."""
    k = vocab.key(text)
    if field is None:
        return -1
    name = vocab.level_name(k)[0]
    if name in _EITHER_LEVEL:
        return 2 if field in ("level1", "level2") else -3  # 一级 in newer forms, 二级 under 产出指标 in older ones
    if field == "level1":
        return 4 if name in _LEVEL1 else -3
    if field == "level2":
        return 3 if name.endswith("指标") and name not in _LEVEL1 else -3
    if field == "operator":
        try:
            parse_operator(k)
            return 4
        except ValueError:
            return 4 if k in vocab.QUANTITATIVE + vocab.QUALITATIVE else -4
    if field == "unit":
        try:
            parse_unit(k)
            return 3 if len(k) <= 6 else -2
        except ValueError:
            return -3
    if field in ("weight", "score"):
        try:
            number = _points(k)
            return 3 if number is not None and 0 <= number <= 100 else -3
        except ValueError:
            return -3
    if field == "core":
        return 4 if k in vocab.YES | vocab.NO and k else -4
    if field == "name":
        return 1 if not vocab.level_name(k)[0].endswith("指标") or len(k) > 8 else -1
    if field in ("initial", "budget", "spent"):  # a funds block's 年初预算数 / 全年预算数 / 全年执行数
        return 3 if _AMOUNT.match(k) else -3
    if field == "rate":  # its 执行率
        return 4 if _RATE.match(k) else -3
    return 1
