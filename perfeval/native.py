"""perfeval's own document format: plain data with Chinese keys, written as YAML or JSON.

`document_to_data` and `document_from_data` are exact inverses on the model, so
read → write → read gives an equal Document. Keys are the documents' own terms so
a person can write a target table by hand; docs/format.md describes every key.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from .errors import InputError, Problems, problem_at, shown
from .model import (
    BudgetRow,
    BudgetTable,
    Column,
    Deadline,
    DepartmentTargetTable,
    Document,
    FormProfile,
    FundsRow,
    Indicator,
    Location,
    Paragraph,
    TargetTable,
    UnplacedLine,
    indicator_row,
    slot_builder,
)
from .limits import NUMBER_EXPONENT, YEAR_RANGE, number_problem
from ._memo import Memo
from .operators import Operator, parse_operator
from .judgement import parse_deadline
from .target_text import Target, format_target, parse_target, representable, target_parts
from .text import parse_decimal
from .units import Quantity, parse_unit

FORMAT_MARK = "perfeval 文档"
FORMAT_VERSION = 1

DOC_KEYS = {"格式": None, "单位名称": "unit_name", "年度": "year", "标题": "title", "情况说明": "narrative",
            "预算表": "budget_tables", "部门整体绩效目标表": "department_table",
            "项目绩效目标表": "target_tables", "未归位的行": "unplaced"}
TARGET_KEYS = {"表号": "label", "表名": "title", "项目编码": "project_code", "项目名称": "project_name",
               "主管部门": "department", "实施单位": "implementer", "资金总额": "funds", "项目属性": "attribute",
               "项目起始时间": "start", "项目终止时间": "end", "项目概况": "overview", "立项依据": "basis",
               "项目当年绩效目标": "goal", "中期绩效目标": "mid_goal", "绩效指标": "indicators",
               "资金来源": "funds_rows", "表样": "profile"}
DEPARTMENT_KEYS = {"表号": "label", "表名": "title", "部门名称": "unit_name", "部门支出预算数": "budget",
                   "当年整体绩效目标": "goal", "绩效指标": "indicators", "资金来源": "funds_rows", "表样": "profile"}
INDICATOR_KEYS = {"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标": "target",
                  "指标性质": "operator", "指标值": "value", "度量单位": "unit", "权重": "weight",
                  "核心指标": "core", "指标值原文": "printed", "指标性质为推定": "operator_assumed",
                  "容差": "tolerance", "时限": "deadline", "指标方向": "direction", "中期指标值": "mid_term",
                  "不适用": "not_applicable"}
_EXTRA_INDICATOR_KEYS = frozenset(("指标值原文", "指标性质为推定", "容差", "时限", "指标方向", "中期指标值", "不适用"))
DEADLINE_KEYS = {"年": "year", "月": "month", "日": "day", "安排": "schedule", "含当日": "inclusive"}
PROFILE_KEYS = {"名称": "name", "缺少": "lacks", "注": "notes"}
FUNDS_ROW_KEYS = {"名称": "label", "金额": "amount"}
BUDGET_KEYS = {"表号": "label", "表名": "title", "单位": "unit", "列": "columns", "文字列": "text_columns",
               "行": "rows", "备注": "notes"}
_INDICATOR_KEYSET = frozenset(INDICATOR_KEYS)
#: The keys of the common row that `_Decoder.plain_indicator` builds directly.
_PLAIN_INDICATOR_KEYS = frozenset(("一级指标", "二级指标", "三级指标", "指标", "权重", "核心指标"))
_PLAIN_TARGET_FIELDS = tuple((k, f) for k, f in TARGET_KEYS.items()
                             if f not in ("label", "funds", "indicators", "funds_rows", "profile"))
_PLAIN_TARGET_NAMES = tuple(name for _, name in _PLAIN_TARGET_FIELDS)
_CORE_FLAGS = {"是": True, "否": False, True: True, False: False}
#: 表样 缺少 may name a column as the form prints it (权重) or as the model field (weight).
_FIELD_OF_KEY = {key: field for key, field in (*TARGET_KEYS.items(), *INDICATOR_KEYS.items()) if field != "target"}
PARAGRAPH_KEYS = {"章节": "section", "内容": "text"}
UNPLACED_KEYS = {"内容": "text", "原因": "reason"}


_EXPONENT = NUMBER_EXPONENT.value
_NAME_TRIAL = 4096  # distinct names `plain_indicator` shares before it asks whether names repeat
_budget_row = slot_builder(BudgetRow)  # BudgetRow(cells as a tuple, location): a row per project in 项目支出明细表
_TARGETS: Memo = Memo()  # 指标 text -> its parts
_UNSEEN = object()


def _target_parts(text: str) -> tuple | None:
    """(operator, value, unit, text_value, printed, deadline) of a 指标 text, or None when it is neither a target
    nor a date or schedule (the full reading reports it). Cached: a province repeats a few hundred texts,
    and the parts depend on the text alone."""
    parts = _TARGETS.get(text, _UNSEEN)
    if parts is _UNSEEN:
        try:
            parts = (*target_parts(text), None, None)
        except ValueError:
            deadline = parse_deadline(text)  # by a date: 2026年12月前, 12月底前, 按季度
            parts = None if deadline is None else (Operator.LE, None, None, None, text, deadline)
        _TARGETS.keep(text, parts)
    return parts


# -- model -> data ---------------------------------------------------------------------------------

def _drop_empty(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [], ())}


def indicator_to_data(indicator: Indicator) -> dict:
    data: dict[str, Any] = {"一级指标": indicator.level1, "二级指标": indicator.level2, "三级指标": indicator.name}
    parts = (indicator.operator, indicator.value, indicator.unit, indicator.text_value)
    if representable(*parts):
        data["指标"] = format_target(*parts)
    else:
        data["指标性质"] = indicator.operator.value
        data["指标值"] = indicator.value if indicator.value is not None else indicator.text_value
        data["度量单位"] = indicator.unit.symbol if indicator.unit else None
    data["权重"] = indicator.weight
    if indicator.core is not None:
        data["核心指标"] = "是" if indicator.core else "否"
    if (indicator.printed is not None or not indicator.operator_printed or indicator.tolerance is not None
            or indicator.deadline is not None or indicator.direction or indicator.mid_term or indicator.not_applicable):
        data["指标值原文"] = indicator.printed
        data["指标性质为推定"] = None if indicator.operator_printed else "是"
        if indicator.tolerance is not None:
            data["容差"] = f"{format(indicator.tolerance.value, 'f')} {indicator.tolerance.unit.symbol}"
        if indicator.deadline is not None:
            data["时限"] = deadline_to_data(indicator.deadline)
        data["指标方向"] = indicator.direction
        data["中期指标值"] = indicator.mid_term
        data["不适用"] = "是" if indicator.not_applicable else None
    return _drop_empty(data)


def deadline_to_data(deadline) -> dict:
    return _drop_empty({"年": deadline.year, "月": deadline.month, "日": deadline.day, "安排": deadline.schedule,
                        "含当日": None if deadline.inclusive else "否"})


def _table_extras(data: dict, table) -> dict:
    data["资金来源"] = [_drop_empty({"名称": r.label, "金额": r.amount}) for r in table.funds_rows]
    if table.profile is not None:
        data["表样"] = _drop_empty({"名称": table.profile.name, "缺少": sorted(table.profile.lacks),
                                   "注": list(table.profile.notes)})
    return data


def target_table_to_data(table: TargetTable) -> dict:
    data = {key: getattr(table, field) for key, field in TARGET_KEYS.items()
            if field not in ("indicators", "funds_rows", "profile")}
    data["绩效指标"] = [indicator_to_data(i) for i in table.indicators]
    return _drop_empty(_table_extras(data, table))


def department_table_to_data(table: DepartmentTargetTable) -> dict:
    data = {key: getattr(table, field) for key, field in DEPARTMENT_KEYS.items()
            if field not in ("indicators", "funds_rows", "profile")}
    data["绩效指标"] = [indicator_to_data(i) for i in table.indicators]
    return _drop_empty(_table_extras(data, table))


def budget_table_to_data(table: BudgetTable) -> dict:
    return _drop_empty({
        "表号": table.label,
        "表名": table.title,
        "单位": table.unit,
        "列": [c.name for c in table.columns],
        "文字列": [c.name for c in table.columns if not c.numeric],
        "行": [list(row.cells) for row in table.rows],
        "备注": list(table.notes),
    })


def document_to_data(doc: Document) -> dict:
    """The document as plain data (dicts, lists, str, int, Decimal, None), ready for YAML or JSON."""
    data: dict[str, Any] = {
        "格式": f"{FORMAT_MARK} {FORMAT_VERSION}",
        "单位名称": doc.unit_name,
        "年度": doc.year,
        "标题": doc.title,
        "情况说明": [_drop_empty({"章节": p.section, "内容": p.text}) for p in doc.narrative],
        "预算表": [budget_table_to_data(t) for t in doc.budget_tables],
        "部门整体绩效目标表": department_table_to_data(doc.department_table) if doc.department_table else None,
        "项目绩效目标表": [target_table_to_data(t) for t in doc.target_tables],
        "未归位的行": [{"内容": u.text, "原因": u.reason} for u in doc.unplaced],
    }
    return _drop_empty(data)


# -- data -> model ---------------------------------------------------------------------------------

class _Decoder:
    """Builds the model from loaded data, collecting every problem with its line."""

    def __init__(self, path: str, line_of: Callable[..., int | None]):
        self.path = path
        self.line_of = line_of
        self.has_lines = line_of is not _no_lines  # else every row is at file_location, without a call
        self.problems = Problems()
        self.file_location = Location(path)
        # A province repeats the same level names, indicator names and whole-number weights on
        # every table: one shared object each keeps a million-row model (and its sheet) smaller.
        self.shared_texts: dict[str, str] = {}
        # Indicator names are shared (`plain_indicator`) while they repeat: where the first _NAME_TRIAL rows'
        # names were nearly all new (each project names its own), names are left as read (None).
        self.shared_names: dict[str, str] | None = {}
        self.names_seen = 0
        self.int_decimals: dict[int, Decimal] = {}

    def loc(self, node: Any) -> Location:
        line = self.line_of(node)
        if line is None:  # JSON: one shared location for the file
            return self.file_location
        return Location(self.path, line)

    def fail(self, node: Any, expected: str, found: object = "", key: str | None = None) -> None:
        line = self.line_of(node, key) if key else self.line_of(node)
        self.problems.add(problem_at(self.path, line, expected, found))

    def mapping(self, node: Any, keys: dict[str, str | None], what: str) -> dict[str, Any] | None:
        if not isinstance(node, dict):
            self.fail(node, f"{what}应为键值对（映射）", type(node).__name__)
            return None
        if node.keys() <= keys.keys():
            return {keys[key]: value for key, value in node.items() if keys[key] is not None}
        out = {}
        for key, value in node.items():
            if key not in keys:
                self.fail(node, f"{what}的键之一：{'、'.join(keys)}", str(key), key=key)
            elif keys[key] is not None:
                out[keys[key]] = value
        return out

    def listing(self, node: Any, what: str) -> list:
        if node is None:
            return []
        if not isinstance(node, list):
            self.fail(node, f"{what}应为列表", type(node).__name__)
            return []
        return node

    def text(self, node: Any, value: Any, what: str, required: bool = False, key: str | None = None) -> str:
        if type(value) is str:
            if required and not value.strip():
                self.fail(node, f"必填项：{what}", "空")
            return value
        if value is None:
            if required:
                self.fail(node, f"必填项：{what}", "缺失")
            return ""
        if isinstance(value, (dict, list)):
            self.fail(node, f"{what}应为文字", type(value).__name__, key=key or what)
            return ""
        return str(value) if not isinstance(value, Decimal) else format(value, "f")

    def number(self, node: Any, value: Any, what: str, key: str | None = None) -> Decimal | None:
        key = key or what
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.fail(node, f"{what}应为数字", str(value), key=key)
            return None
        try:
            if type(value) is Decimal:
                number = value
            elif isinstance(value, (int, Decimal)):
                number = Decimal(value)
            elif isinstance(value, float):  # only from JSON loaded without parse_float
                number = Decimal(repr(value))
            else:
                return parse_decimal(str(value))
        except ValueError as exc:
            why = str(exc) if "perfeval" in str(exc) else ""
            self.fail(node, f"{what}应为数字{'：' + why if why else ''}", shown(value), key=key)
            return None
        why = number_problem(number)
        if why:
            self.fail(node, f"{what}：{why}", shown(value), key=key)
            return None
        return number

    def plain_indicator(self, name: Any, target_text: Any, weight: Any, level1: Any, level2: Any, core: Any,
                        location: Location) -> Indicator | None:
        """The common row (names, a 指标 text, a whole or in-range weight, a core flag) built directly, or None:
        anything else takes `indicator`'s full reading, which gives the same model or reports the problem.

        The hot path of a province-sized file, shared by every reader of this format (the JSON fast
        decoder passes its typed rows' fields here).
        """
        if name.__class__ is not str or not name or target_text.__class__ is not str:
            return None
        if level1 is not None and level1.__class__ is not str or level2 is not None and level2.__class__ is not str:
            return None
        parts = _TARGETS.get(target_text, _UNSEEN)  # `_target_parts`, its memo looked at here first
        if parts is _UNSEEN:
            parts = _target_parts(target_text)
        if parts is None:
            return None
        if core is not None:
            core = _CORE_FLAGS.get(core) if core.__class__ is str or core.__class__ is bool else None
            if core is None:
                return None
        if weight.__class__ is int and -1000 < weight < 1000:
            small = self.int_decimals.get(weight)
            weight = small if small is not None else self.int_decimals.setdefault(weight, Decimal(weight))
        elif weight is not None and (weight.__class__ is not Decimal
                                     or not -_EXPONENT <= weight.adjusted() <= _EXPONENT):
            return None
        names = self.shared_names
        if names is not None:
            known = names.get(name)
            if known is None:
                names[name] = name
                if len(names) == _NAME_TRIAL and self.names_seen < _NAME_TRIAL * 4 // 3:  # under a quarter seen before
                    self.shared_names = None
            else:
                name = known
            self.names_seen += 1
        share = self.shared_texts.setdefault
        operator, value, unit, text_value, printed, deadline = parts
        return indicator_row(name, operator, value, unit, weight, level1 and share(level1, level1),
                             level2 and share(level2, level2), core, text_value, printed, True, None, deadline,
                             None, None, False, location)

    def indicator(self, node: Any, table: str) -> Indicator | None:
        # Read the Chinese keys directly, and take the slower, reporting path only for values of an unexpected type.
        if not isinstance(node, dict):
            self.fail(node, f"{table} 的绩效指标应为键值对（映射）", type(node).__name__)
            return None
        if node.keys() <= _PLAIN_INDICATOR_KEYS:
            get = node.get
            row = self.plain_indicator(get("三级指标"), get("指标"), get("权重"), get("一级指标"), get("二级指标"),
                                       get("核心指标"), self.loc(node) if self.has_lines else self.file_location)
            if row is not None:
                return row
        if not node.keys() <= _INDICATOR_KEYSET:
            self.mapping(node, INDICATOR_KEYS, f"{table} 的绩效指标")  # reports the unknown keys
        get = node.get
        name = get("三级指标")
        if type(name) is not str or not name:
            name = self.text(node, name, "三级指标（指标名称）", required=True)
        value = unit = text_value = deadline = printed = None
        target_text = get("指标")
        if target_text is not None:
            if "指标性质" in node or "指标值" in node or "度量单位" in node:
                self.fail(node, "“指标”与“指标性质/指标值/度量单位”二选一", "两者都有")
                return None
            try:
                target = parse_target(target_text if type(target_text) is str else self.text(node, target_text, "指标"))
            except ValueError as exc:
                deadline = parse_deadline(target_text) if type(target_text) is str else None
                if deadline is None:
                    self.fail(node, str(exc) + "；时效指标也可写日期或进度，如“2026年12月前”“按季度”", key="指标")
                    return None
                target = Target(Operator.LE)  # by a date: 2026年12月前, 12月底前, 按季度
                printed = target_text
            operator, value, unit, text_value = target.operator, target.value, target.unit, target.text_value
        else:
            try:
                operator = parse_operator(self.text(node, get("指标性质"), "指标性质", required=True))
            except ValueError as exc:
                self.fail(node, str(exc), key="指标性质")
                return None
            raw = get("指标值")
            if isinstance(raw, str) and not operator.quantitative:
                try:
                    value = parse_decimal(raw)
                except ValueError:
                    text_value = raw
            else:
                value = self.number(node, raw, "指标值")
            if get("度量单位"):
                try:
                    unit = parse_unit(self.text(node, get("度量单位"), "度量单位"))
                except ValueError as exc:
                    self.fail(node, str(exc), key="度量单位")
        core = get("核心指标")
        if core is not None:
            core = _CORE_FLAGS.get(core, "bad") if isinstance(core, (str, bool)) else "bad"
            if core == "bad":
                self.fail(node, "核心指标应为 是 或 否", str(get("核心指标")), key="核心指标")
                core = None
        weight = get("权重")
        if type(weight) is int and -1000 < weight < 1000:
            weight = self.int_decimals.get(weight) or self.int_decimals.setdefault(weight, Decimal(weight))
        elif type(weight) is not Decimal or not -_EXPONENT <= weight.adjusted() <= _EXPONENT:
            weight = self.number(node, weight, "权重")
        level1, level2 = get("一级指标"), get("二级指标")
        share = self.shared_texts.setdefault
        extras = self.indicator_extras(node) if not node.keys().isdisjoint(_EXTRA_INDICATOR_KEYS) else {}
        if printed is not None:  # a date or schedule written as the 指标 itself
            extras = {"printed": printed, "deadline": deadline, **extras}
        level1 = level1 if type(level1) is str and level1 else (self.text(node, level1, "一级指标") or None)
        level2 = level2 if type(level2) is str and level2 else (self.text(node, level2, "二级指标") or None)
        return Indicator(
            name=share(name, name), operator=operator, value=value, unit=unit, weight=weight,
            level1=level1 and share(level1, level1), level2=level2 and share(level2, level2),
            core=core, text_value=text_value, location=self.loc(node) if self.has_lines else self.file_location,
            **extras,
        )

    def flag(self, node: Any, key: str) -> bool | None:
        value = node.get(key)
        if value is None:
            return None
        flag = _CORE_FLAGS.get(value, "bad")
        if flag == "bad":
            self.fail(node, f"{key}应为 是 或 否", str(value), key=key)
            return None
        return flag

    def indicator_extras(self, node: dict) -> dict[str, Any]:
        """What real forms print beyond the standard columns (docs/format.md): each key only when present."""
        out: dict[str, Any] = {}
        get = node.get
        if get("指标值原文") is not None:
            out["printed"] = self.text(node, get("指标值原文"), "指标值原文")
        if self.flag(node, "指标性质为推定"):
            out["operator_printed"] = False
        if get("容差") is not None:
            raw = self.text(node, get("容差"), "容差")
            try:
                target = parse_target(raw, default=Operator.EQ)
                if target.value is None or target.unit is None:
                    raise ValueError(raw)
                out["tolerance"] = Quantity(target.value, target.unit)
            except ValueError:
                self.fail(node, "容差应为数字加单位，如“3 %”", raw, key="容差")
        if get("时限") is not None:
            out["deadline"] = self.deadline(node, get("时限"))
        if get("指标方向") is not None:
            out["direction"] = self.text(node, get("指标方向"), "指标方向") or None
        if get("中期指标值") is not None:
            out["mid_term"] = self.text(node, get("中期指标值"), "中期指标值") or None
        if self.flag(node, "不适用"):
            out["not_applicable"] = True
        return out

    def deadline(self, node: Any, value: Any) -> Deadline | None:
        fields = self.mapping(value, DEADLINE_KEYS, "时限")
        if fields is None:
            return None
        numbers = {}
        for key, name in (("年", "year"), ("月", "month"), ("日", "day")):
            raw = fields.get(name)
            if raw is not None and not (isinstance(raw, int) and not isinstance(raw, bool)):
                self.fail(value, f"时限的{key}应为整数", str(raw), key=key)
                raw = None
            numbers[name] = raw
        if numbers["month"] is not None and not 1 <= numbers["month"] <= 12:
            self.fail(value, "时限的月应在 1–12 之间", str(numbers["month"]), key="月")
            numbers["month"] = None
        schedule = fields.get("schedule")
        return Deadline(schedule=self.text(value, schedule, "安排") or None if schedule is not None else None,
                        inclusive=fields.get("inclusive") not in ("否", False), **numbers)

    def table_extras(self, node: Any, fields: dict) -> dict[str, Any]:
        out: dict[str, Any] = {}
        rows = []
        for item in self.listing(fields.get("funds_rows"), "资金来源"):
            entry = self.mapping(item, FUNDS_ROW_KEYS, "资金来源的一行")
            if entry is not None:
                rows.append(FundsRow(self.text(item, entry.get("label"), "名称", required=True),
                                     self.number(item, entry.get("amount"), "金额"), location=self.loc(item)))
        if rows:
            out["funds_rows"] = rows
        profile = fields.get("profile")
        if profile is not None:
            entry = self.mapping(profile, PROFILE_KEYS, "表样")
            if entry is not None:
                out["profile"] = FormProfile(
                    self.text(profile, entry.get("name"), "名称", required=True),
                    [_FIELD_OF_KEY.get(f, f) for f in (self.text(profile, f, "缺少") for f in self.listing(entry.get("lacks"), "缺少"))],
                    [self.text(profile, n, "注") for n in self.listing(entry.get("notes"), "注")])
        return out

    def indicators(self, node: Any, items: Any, table: str) -> list[Indicator]:
        out = [self.indicator(item, table) for item in self.listing(items, f"{table} 的绩效指标")]
        return [i for i in out if i is not None]

    def target_table(self, node: Any) -> TargetTable | None:
        fields = self.mapping(node, TARGET_KEYS, "项目绩效目标表")
        if fields is None:
            return None
        label = self.text(node, fields.get("label"), "表号", required=True)
        # Once per table of a province: most fields are absent or already text, and only the
        # rest need self.text's checks.
        plain = dict.fromkeys(_PLAIN_TARGET_NAMES, "")
        for key, name in _PLAIN_TARGET_FIELDS:
            value = fields.get(name)
            if value is not None:
                plain[name] = value if type(value) is str else self.text(node, value, key)
        if not plain["project_code"] and not plain["project_name"]:
            self.fail(node, f"{label}：必填项 项目编码 或 项目名称", "缺失")
        extras = self.table_extras(node, fields) if ("funds_rows" in fields or "profile" in fields) else {}
        return TargetTable(label=label, funds=self.number(node, fields.get("funds"), "资金总额"),
                           indicators=self.indicators(node, fields.get("indicators"), label or "项目绩效目标表"),
                           location=self.loc(node), **plain, **extras)

    def department_table(self, node: Any) -> DepartmentTargetTable | None:
        fields = self.mapping(node, DEPARTMENT_KEYS, "部门整体绩效目标表")
        if fields is None:
            return None
        label = self.text(node, fields.get("label"), "表号", required=True)
        return DepartmentTargetTable(
            label=label,
            title=self.text(node, fields.get("title"), "表名"),
            unit_name=self.text(node, fields.get("unit_name"), "部门名称"),
            budget=self.number(node, fields.get("budget"), "部门支出预算数"),
            goal=self.text(node, fields.get("goal"), "当年整体绩效目标"),
            indicators=self.indicators(node, fields.get("indicators"), label or "部门整体绩效目标表"),
            location=self.loc(node),
            **self.table_extras(node, fields),
        )

    def budget_table(self, node: Any) -> BudgetTable | None:
        fields = self.mapping(node, BUDGET_KEYS, "预算表")
        if fields is None:
            return None
        label = self.text(node, fields.get("label"), "表号", required=True)
        names = [self.text(node, n, "列名") for n in self.listing(fields.get("columns"), f"{label} 的列")]
        text_columns = {self.text(node, n, "列名") for n in self.listing(fields.get("text_columns"), "文字列")}
        for name in text_columns - set(names):
            self.fail(node, f"{label} 的文字列应是“列”中的列名", name)
        columns = [Column(name, numeric=name not in text_columns) for name in names]
        # Per column once, not per cell: a province's 项目支出明细表 has a row per project.
        kinds = [(column.numeric, f"{label}“{column.name}”列" if column.numeric else column.name) for column in columns]
        small = self.int_decimals
        rows = []
        has_lines, file_location = self.has_lines, self.file_location  # (JSON: every row at the file's location)
        for item in self.listing(fields.get("rows"), f"{label} 的行"):
            if not isinstance(item, list) or len(item) != len(columns):
                self.fail(item, f"{label} 的每一行应是含 {len(columns)} 个单元格的列表（与“列”一致）",
                          f"{len(item) if isinstance(item, list) else type(item).__name__}")
                continue
            cells = []
            for cell, (numeric, what) in zip(item, kinds):
                if numeric:
                    if type(cell) is int and -1000 < cell < 1000:
                        cell = small.get(cell) or small.setdefault(cell, Decimal(cell))
                    else:
                        cell = self.number(item, cell, what)
                elif type(cell) is not str:
                    cell = self.text(item, cell, what)
                cells.append(cell)
            rows.append(_budget_row(tuple(cells), self.loc(item) if has_lines else file_location))
        return BudgetTable(label=label, title=self.text(node, fields.get("title"), "表名"), columns=columns,
                           rows=rows, unit=self.text(node, fields.get("unit"), "单位") or "万元",
                           notes=[self.text(node, n, "备注") for n in self.listing(fields.get("notes"), "备注")],
                           location=self.loc(node))

    def document(self, node: Any) -> Document:
        fields = self.mapping(node, DOC_KEYS, "文档")
        if fields is None:
            raise InputError(self.problems.shown())
        mark = node.get("格式")
        if mark is not None and not str(mark).startswith(FORMAT_MARK):
            self.fail(node, f"格式应为“{FORMAT_MARK} {FORMAT_VERSION}”", str(mark), key="格式")
        year = fields.get("year")
        if year is not None and not (isinstance(year, int) and not isinstance(year, bool)
                                     and YEAR_RANGE[0] <= year <= YEAR_RANGE[1]):
            self.fail(node, f"年度应为 {YEAR_RANGE[0]}–{YEAR_RANGE[1]} 之间的整数年份，如 2026", shown(year), key="年度")
            year = None
        narrative = []
        for item in self.listing(fields.get("narrative"), "情况说明"):
            para = self.mapping(item, PARAGRAPH_KEYS, "情况说明的段落")
            if para is not None:
                narrative.append(Paragraph(self.text(item, para.get("text"), "内容", required=True),
                                           self.text(item, para.get("section"), "章节"), location=self.loc(item)))
        unplaced = []
        for item in self.listing(fields.get("unplaced"), "未归位的行"):
            entry = self.mapping(item, UNPLACED_KEYS, "未归位的行")
            if entry is not None:
                unplaced.append(UnplacedLine(self.text(item, entry.get("text"), "内容"),
                                             self.text(item, entry.get("reason"), "原因"), location=self.loc(item)))
        department = fields.get("department_table")
        doc = Document(
            unit_name=self.text(node, fields.get("unit_name"), "单位名称"),
            year=year,
            title=self.text(node, fields.get("title"), "标题"),
            narrative=narrative,
            budget_tables=[t for t in map(self.budget_table, self.listing(fields.get("budget_tables"), "预算表")) if t],
            department_table=self.department_table(department) if department is not None else None,
            target_tables=[t for t in map(self.target_table, self.listing(fields.get("target_tables"), "项目绩效目标表")) if t],
            unplaced=unplaced,
            location=Location(self.path, 1),
        )
        self.problems.raise_if_any()
        return doc


def _no_lines(node: Any, key: str | None = None) -> None:
    """The line_of of data that keeps no lines (JSON)."""
    return None


def document_from_data(data: Any, path: str, line_of: Callable[..., int | None] = _no_lines) -> Document:
    """A Document from loaded YAML/JSON data; InputError lists every problem with its line."""
    return _Decoder(path, line_of).document(data)
