"""The words of real forms, in one place: header and key aliases keyed by model field names.

Every reader (text, grid, Excel, actuals, 自评表) looks header cells and key cells up
here, after one normaliser (`key`), so a wording learnt for one source is learnt for
all. Tables are keyed by the field of the model class they fill; a test checks every
key names a real field. Aliases are compared in normalised form: NFKC (full-width
brackets, digits and `％` become plain), no whitespace, no leading/trailing `*`, no
pinyin annotation (`項(xiàng)目`), traditional characters converted to simplified.

Adding a province's wording: add the alias under the field it fills (and to
docs/excel.md where the table is listed there); a form that lacks columns is a data
file under rules/forms/ (see docs/reading.md), not code.
"""

from __future__ import annotations

import functools
import re

from ._lazyre import lazy
from .text import nfkc

# -- 项目支出绩效目标表: header-block keys -> TargetTable fields ----------------------------------

TARGET = {
    "label": ("表号",),
    "title": ("表名",),
    "project_code": ("项目编码", "项目代码", "项目编号"),
    "project_name": ("项目名称",),
    "department": ("主管部门", "主管部门及代码", "主管单位"),
    "implementer": ("实施单位", "项目实施单位", "预算单位"),
    "funds": ("资金总额（万元）", "资金总额", "项目资金（万元）", "项目资金", "年度资金总额", "项目资金总额",
              "项目总金额", "资金情况（万元）", "项目金额", "项目预算（万元）", "项目预算"),
    "attribute": ("项目属性", "项目类型", "项目性质"),
    "start": ("项目起始时间", "起始时间", "开始时间", "项目开始时间"),
    "end": ("项目终止时间", "终止时间", "结束时间", "项目结束时间"),
    "overview": ("项目概况", "项目基本情况"),
    "basis": ("立项依据", "项目立项依据"),
    "goal": ("项目当年绩效目标", "当年绩效目标", "年度绩效目标", "年度目标", "年度总体目标", "项目年度绩效目标",
             "绩效目标"),
    "mid_goal": ("中期绩效目标", "中期目标", "项目中期绩效目标", "总体目标", "长期目标"),
}

# -- 部门（单位）整体绩效目标表 -> DepartmentTargetTable fields -------------------------------------

DEPARTMENT = {
    "unit_name": ("部门（单位）名称", "部门名称", "单位名称", "预算部门", "预算单位名称"),
    "budget": ("部门支出预算数", "部门预算总额", "年度预算总额", "预算总额", "部门整体支出预算"),
    "goal": ("当年整体绩效目标", "整体绩效目标", "年度整体绩效目标", "部门整体绩效目标", "年度总体目标"),
}

# -- the indicator grid: column headers -> Indicator fields ----------------------------------------

INDICATOR = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称", "绩效指标名称", "指标内容"),
    "value": ("指标值", "年度指标值", "目标值", "年度目标值", "当年预期实现值", "预期指标值", "绩效标准",
              "指标解释"),
    "operator": ("指标性质", "指标方向", "评判标准", "指标值类型"),
    "unit": ("度量单位", "计量单位", "单位"),
    "weight": ("权重", "指标权重", "分值", "权重（分）", "分值（分）", "指标分值"),
    "core": ("是否核心指标", "核心指标"),
    "mid_term": ("中期指标值", "中期目标值"),
}

# -- year-end actuals (perfeval.actuals.Actual / ProjectFunds fields) ------------------------------

ACTUALS = {
    "project_code": TARGET["project_code"],
    "project_name": TARGET["project_name"],
    "name": INDICATOR["name"],
    "level2": INDICATOR["level2"],
    "actual": ("实际完成值", "全年实际完成值", "全年实际值", "实际值", "完成值"),
    "band": ("评价等级", "完成档次"),
    "not_applicable": ("不适用",),
    "unit": INDICATOR["unit"],
    "reason": ("偏差原因", "偏差原因分析及改进措施", "偏差原因分析", "原因分析"),
    "share": ("档内比例", "得分比例"),
    # 年初预算数, 全年预算数 (= 调整后预算数) and 全年执行数 mean the same here as on the 自评表 (SELF_FUNDS)
    "initial": ("年初预算数", "年初预算"),
    "budget": ("全年预算数", "调整后预算数", "全年预算数（调整后）", "全年调整预算数", "调整后预算", "全年预算"),
    "spent": ("全年执行数", "执行数", "预算执行数", "实际执行数"),
}

# -- 自评表 (perfeval.selfeval.model): funds columns, indicator columns, project keys ---------------

SELF_FUNDS = {
    "initial": ACTUALS["initial"],
    "budget": ACTUALS["budget"],
    "spent": ACTUALS["spent"],
    "weight": ("分值", "权重"),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分",),
    "reason": ("偏差原因", "偏差原因分析及改进措施", "未执行原因", "原因"),
}
SELF_ROW = {
    "level1": INDICATOR["level1"],
    "level2": INDICATOR["level2"],
    "name": ("三级指标", "指标名称"),
    "nature": ("指标性质", "指标方向"),
    "target": ("年度指标值", "指标值", "年度目标值", "目标值", "绩效标准", "当年预期实现值"),
    "unit": ("度量单位", "计量单位"),
    "actual": ACTUALS["actual"],
    "weight": ("分值", "权重"),
    "score": ("得分", "自评得分"),
    "reason": ("偏差原因分析及改进措施", "偏差原因", "偏差原因分析", "原因分析", "偏差原因及改进措施", "未完成原因分析"),
}
SELF_GOAL = {
    "expected": ("预期目标", "项目年度目标", "年度目标"),
    "achieved": ("实际完成情况", "年度目标完成情况", "目标完成情况", "实际完成"),
}
SELF_PROJECT = {
    "project_name": ("项目名称",),
    "project_code": ("项目编码", "项目代码"),
    "department": ("主管部门",),
    "implementer": ("实施单位",),
    "year": ("年度",),
}
# The flat 自评表 layout's project columns: `funds.x` fills Funds.x, `goal.x` Goal.x.
SELF_FLAT = {
    **SELF_PROJECT,
    "funds.initial": SELF_FUNDS["initial"][:1],
    "funds.budget": SELF_FUNDS["budget"][:3],
    "funds.spent": SELF_FUNDS["spent"][:2],
    "funds.weight": ("预算执行率分值", "执行率分值"),
    "funds.rate": SELF_FUNDS["rate"],
    "funds.score": ("预算执行率得分", "执行率得分"),
    "funds.reason": ("执行率偏差原因", "预算执行偏差原因"),
    "goal.expected": ("预期目标",),
    "goal.achieved": ("实际完成情况",),
    "total_weight": ("总分分值", "满分"),
    "total": ("总分",),
    "grade": ("自评等级", "等级", "评价等级"),
}
GRADE_LABELS = ("自评等级", "评价等级", "等级", "自评结果")
# The grades a 自评表 prints beside its 总分 or after 自评等级.
GRADES = ("优", "良", "中", "差", "优秀", "良好", "中等", "合格", "较差", "不合格")
# The labels of a 自评表's 总分 row, under the indicator rows: 总分 first (also as `总分（100分）`), then the
# others (四川's 合计).
SELF_TOTAL = ("总分", "合计", "总计")

# Funds sub-rows under 资金总额 (FundsRow.label is the printed label without `其中：`).
FUNDS_ROWS = ("当年财政拨款", "财政拨款", "财政资金", "上年结转资金", "上年结转", "其他资金", "其中：财政拨款",
              "一般公共预算", "政府性基金", "国有资本经营预算", "财政专户管理资金", "单位资金", "自有资金")
# `其中` before the first funds sub-row's label (`其中：当年财政拨款`, `其中:财政资金`), on the printed or `key`ed text.
OF_WHICH = lazy(r"^\s*其中\s*[:：]?\s*")
# The 其中 rows of a 自评表's 项目资金 block (selfeval.model.FundsPart): the funds sub-rows above, and the
# 部门整体 form's 年度预算 split by kind of spending (其中：基本支出 / 项目支出).
SELF_FUNDS_ROWS = FUNDS_ROWS + ("基本支出", "项目支出")
# The funds line of a 自评表 and its 10-point weight (`预算执行情况(10分)`).
FUNDS_LINE = ("年度资金总额", "资金总额", "预算执行情况", "预算执行率", "总额")
# The 预算执行率 row some 自评表 (and perfeval's own score sheet) print among the indicator rows: its 实际完成值
# cell holds the rate.
EXECUTION_ROW = ("预算执行率", "预算执行率得分", "预算执行")

# Row labels of the indicator part that are labels, not indicators.
INDICATOR_BLOCK = ("绩效指标", "年度绩效指标", "绩效指标体系", "指标", "年度绩效指标完成情况", "绩效指标完成情况")

# Columns known and deliberately not read.
IGNORED = ("序号",)
# Header-block keys of target tables known and deliberately not read (the model has no field for them):
# 项目类别 本级支出项目 / 转移支付项目 (湖北's 市直部门预算 form), 项目分类.
TARGET_KEYS_IGNORED = ("项目类别", "项目分类")
ACTUALS_IGNORED = IGNORED + ("表号", "表名", "一级指标", "年度指标值", "指标值", "指标性质",
                             "指标方向", "权重", "分值", "得分", "是否核心指标")

# -- words ----------------------------------------------------------------------------------------

YES = frozenset({"是", "Y", "y", "YES", "Yes", "yes", "true", "TRUE", "True", "√", "核心", "✓"})
NO = frozenset({"否", "N", "n", "NO", "No", "no", "false", "FALSE", "False", "", "×"})
NOT_APPLICABLE = frozenset({"/", "／", "无", "不适用", "—", "--", "-", "——", "N/A", "n/a"})
QUANTITATIVE = ("定量", "定量指标")
QUALITATIVE = ("定性", "定性指标")
DIRECTIONS = ("正向", "反向")

# Project codes as real documents print them: 50015224T000004337668 (Chongqing), 44152125T000001203318
# (Guangdong), 11010521R000000004567 (Beijing), 51092323T000010263357 (Sichuan): region digits, a letter,
# a serial; 330522250000000345 (Zhejiang, 18 digits) and 320923190001 (Jiangsu, 12 digits) without one.
# In a target table's 项目名称 cell `CODE-名称`, any code of six or more letters/digits is the code:
PROJECT_CODE = lazy(r"^([0-9A-Za-z]{6,})\s*[-－—]\s*(.+)$", re.S)
# In a budget table's text cell, where 7-digit 科目编码 (`2080501-行政运行`) also stand before a dash, only
# a code with a letter between digit runs, or of twelve or more digits, names a project:
LISTED_PROJECT_CODE = lazy(r"^\s*([0-9]{6,}[A-Z][0-9]{6,}|[0-9]{12,})\s*[-－—]\s*(.+?)\s*$")

# Titles of the forms perfeval reads, with or without `附件 N` and a year in front.
TARGET_TITLE = lazy(r"项目(?:支出)?绩效目标(?:申报|批复)?表|绩效目标批复表|项目绩效目标表")
DEPARTMENT_TITLE = lazy(r"(?:部门|单位)(?:（单位）|\(单位\))?整体(?:支出)?绩效目标(?:申报|批复)?表|整体绩效目标表")
SELF_TITLE = lazy(r"(?:项目支出|部门整体支出|部门预算项目支出|项目)绩效自评表|绩效自评表")
# The 自评表 of a whole department (部门整体支出绩效自评表, 部门（单位）整体支出绩效自评表), on a `key`ed title.
DEPARTMENT_SELF_TITLE = lazy(r"(?:部门|单位)(?:\(单位\))?整体支出绩效自评表")
# `附件 N` / `附件 12-4`, the number in group 1: a label that starts a cell or line (ATTACHMENT_LABEL), a
# line that is only the label (ATTACHMENT_ONLY), or the label with the title after it (ATTACHMENT).
ATTACHMENT_NUMBER = r"附件\s*(\d+(?:\s*[-－—]\s*\d+)?)"
ATTACHMENT_LABEL = lazy("^" + ATTACHMENT_NUMBER)
ATTACHMENT_ONLY = lazy("^" + ATTACHMENT_NUMBER + "$")
ATTACHMENT = lazy("^" + ATTACHMENT_NUMBER + r"\s*[:：]?\s*(.*)$")
# `单位：万元`: a cell that starts with the amount unit's key (UNIT_LABEL), or a line that is only it and the unit.
UNIT_LABEL = lazy(r"^(?:金额)?单位[:：]")
UNIT_LINE = lazy(UNIT_LABEL.pattern + r"\s*(\S+)$")
NOTE = lazy(r"^[（(]?(?:备注|注|说明)\s*\d*\s*[:：]")
# A numbered heading or list item on a `key`ed text: `2.`, `2、`, `二、`, `(二)`, `(2)` (see `numbered`).
NUMBERED = lazy(r"^(?:(\d{1,2})[.、](?!\d)|([一二三四五六七八九十]{1,3})[、.]|\((\d{1,2}|[一二三四五六七八九十]{1,3})\))(.*)$")
_NUMERALS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}


def numbered(text: str) -> tuple[int, str] | None:
    """The number and the rest of a numbered heading or item (`二、项目实施内容` -> (2, `项目实施内容`)), on a `key`ed text."""
    match = NUMBERED.match(text)
    if match is None:
        return None
    mark = match.group(1) or match.group(2) or match.group(3)
    if mark.isdigit():
        return int(mark), match.group(4)
    tens, _, units = mark.rpartition("十")  # 十 10, 十二 12, 二十 20, 二十三 23 (一 alone: 1)
    value = (_NUMERALS.get(tens, 1) * 10 if "十" in mark else 0) + _NUMERALS.get(units, 0)
    return (value, match.group(4)) if value else None


_SENTENCE = lazy(r"[。；;，,！!？?\d]")  # (on a `key`ed text: full-width marks are NFKC'd)


def part_heading(text: str) -> bool:
    """The heading of a later part of a form or report (`2.项目实施内容及过程概述`, `二、…`, `(二)…`): numbered after
    the first, a short title, no sentence and no figure in it. A goal text written as a list (`1.全年签约12450人`,
    `2.完成签约；…。`) is none."""
    found = numbered(key(text))
    if found is None or found[0] < 2:
        return False
    title = found[1].rstrip(":")
    return 0 < len(title) <= 24 and _SENTENCE.search(title) is None

# -- labels people read: severities (most severe first), score statuses, score flags ------------------
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_LABELS = {"met": "完成", "unmet": "未完成", "exceeded": "超额完成", "not_applicable": "不适用",
                 "qualitative": "定性", "missing": "缺少实际完成值"}
FLAG_LABELS = {"unmet": "未完成，须说明偏差原因", "over_achieved": "大幅超额，须说明原因"}

# -- the one key normaliser -----------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
_POINTS = lazy(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]$")
_TRAILING_NOTE = lazy(r"[（(][^()（）]*[)）]$")


def _simplified_only(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def has_traditional(text: str) -> bool:
    """Whether text holds a CJK character outside GB2312 (which holds simplified characters only)."""
    try:
        text.encode("gb2312")  # (every character in GB2312, as most texts: none to look at one by one)
        return False
    except UnicodeEncodeError:
        return any("\u4e00" <= ch <= "\u9fff" and not _simplified_only(ch) for ch in text)


@functools.lru_cache(maxsize=1)
def _converter():
    try:
        import opencc  # imported only when a traditional character is present
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Text with traditional characters converted to simplified (OpenCC), when it has any."""
    if not has_traditional(text):
        return text
    converter = _converter()
    return converter.convert(text) if converter is not None else text


def key(text: object) -> str:
    """The comparable form of a header or key cell: `*部门(单位) 名称` == `部门（单位）名称`."""
    if text is None:
        return ""
    return text_key(str(text))


@functools.lru_cache(maxsize=1 << 16)
def text_key(text: str) -> str:
    """`key` for a str, cached: a province's tables repeat the same few hundred header and key cells."""
    out = _SPACE.sub("", nfkc(text)).strip("*＊:：")
    if "(" in out:
        out = _PINYIN.sub("", out)
    if out and not out.isascii() and has_traditional(out):
        out = nfkc(simplified(out))
    return out


def level_name(text: str) -> tuple[str, str]:
    """A level name and the points it carries: `产出指标（50分）` -> (`产出指标`, `50`)."""
    plain = text.strip()
    match = _POINTS.search(nfkc(plain))
    if match is None:
        return plain, ""
    return plain[: len(plain) - (len(nfkc(plain)) - match.start())].rstrip(), match.group(1)


def lookup(*tables: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """normalised alias -> field, over the given tables (the first table wins a clash)."""
    out: dict[str, str] = {}
    for table in tables:
        for field, aliases in table.items():
            for alias in aliases:
                out.setdefault(key(alias), field)
    return out


def find(text: str, table_lookup: dict[str, str]) -> str | None:
    """The field a header cell names: exactly, else without its trailing bracket (`指标值（包含数字及文字描述）`)."""
    k = key(text)
    found = table_lookup.get(k)
    if found is None and k.endswith(")"):
        found = table_lookup.get(_TRAILING_NOTE.sub("", k))
    return found


def of_which(text: str) -> tuple[bool, str]:
    """Whether a label starts with `其中`, and the label without it: `其中：本年财政拨款` -> (True, `本年财政拨款`)."""
    rest = OF_WHICH.sub("", text, count=1)
    return rest != text, rest.strip()


@functools.lru_cache(maxsize=1)
def _self_funds_rows() -> tuple[str, ...]:
    return tuple(key(word) for word in SELF_FUNDS_ROWS)


def funds_part_label(text: str) -> str | None:
    """The label of a 自评表 funds 其中 row as printed, without `其中：` (`其中：財政撥款` -> `財政撥款`), when the
    label says it is one: printed after `其中`, or naming a funds source or kind of spending (SELF_FUNDS_ROWS,
    compared after `key`: full-width, spaces and traditional characters do not matter). None otherwise; `""` for
    a `其中` cell alone (the labels follow it)."""
    marked, rest = of_which(text.strip())
    if marked:
        return rest
    plain = key(rest)
    if plain and len(plain) <= 20 and any(word in plain for word in _self_funds_rows()):
        return rest
    return None


def spelled(table: dict[str, tuple[str, ...]]) -> str:
    """The aliases of a table, for messages: `三级指标/指标名称、指标值/…`."""
    return "、".join("/".join(aliases) for aliases in table.values())


def yes_no(text: str) -> bool | None:
    """True for 是, False for 否, None for empty; ValueError for anything else."""
    word = (text or "").strip()
    if word in YES:
        return True
    if word in NO:
        return False if word else None
    raise ValueError(word)


def split_project(text: str) -> tuple[str, str]:
    """`50015224T000004337668-全民参保…` -> (code, name); text without a code is all name."""
    code, dash, rest = text.partition("-")
    if dash and len(code) >= 6 and code.isascii() and code.isalnum():  # (most: the code, `-`, the name)
        name = rest.strip()  # (PROJECT_CODE's \s is what strip takes)
        if name:
            return code, name
    match = PROJECT_CODE.match(text.strip())
    return (match.group(1), match.group(2).strip()) if match else ("", text.strip())


def form_kind(text: str) -> str | None:
    """`target`, `department` or `self` for a form title (with or without 附件 N and a year), else None."""
    k = key(text)
    if len(k) > 60:
        return None
    if SELF_TITLE.search(k):
        return "self"
    if DEPARTMENT_TITLE.search(k):
        return "department"
    if TARGET_TITLE.search(k):
        return "target"
    return None


INDICATOR_LOOKUP = lookup(INDICATOR)
TARGET_LOOKUP = lookup(TARGET)
DEPARTMENT_LOOKUP = lookup(DEPARTMENT)
SELF_FUNDS_LOOKUP = lookup(SELF_FUNDS)
SELF_ROW_LOOKUP = lookup(SELF_ROW)
SELF_FLAT_LOOKUP = {**lookup(SELF_ROW), **lookup(SELF_FLAT)}

# The words the audit names a 自评表's columns by, by field (`funds.x`: the 项目资金 block's, `row.x`: an indicator
# row's): the central template's words, the first alias of each field. A sheet that prints another word for a
# column keeps it in SelfEvaluation.terms, and the audit's findings name the column by that word.
SELF_TERMS = {
    **{f"funds.{field}": words[0] for field, words in SELF_FUNDS.items()},
    **{f"row.{field}": words[0] for field, words in SELF_ROW.items()},
    "row.reason": SELF_FUNDS["reason"][0],  # (the audit names both reason columns 偏差原因)
    "funds.total": FUNDS_LINE[0],  # the funds block's total row (四川's system prints 总额)
}
# What the central template prints where its messages' word is shorter: 偏差原因分析及改进措施, called 偏差原因.
_CENTRAL_PRINTED = {"row.reason": SELF_ROW["reason"][0]}


def central_term(name: str, word: str) -> bool:
    """Whether `word` is the central template's for the column `name` (a `SELF_TERMS` key): no word to keep."""
    return word == SELF_TERMS.get(name) or word == _CENTRAL_PRINTED.get(name)
_TERM_NOTE = lazy(r"[(（][^()（）]*[)）]$")


def printed_term(text: str) -> str:
    """A header cell as the word a finding names its column by: `key`ed, without a unit or note in brackets
    (`全年执行数（万元）` -> 全年执行数, `年初预算(万元)` -> 年初预算)."""
    word = key(text)
    while word.endswith(")") and _TERM_NOTE.search(word):
        shorter = _TERM_NOTE.sub("", word)
        if not shorter:
            break
        word = shorter
    return word
