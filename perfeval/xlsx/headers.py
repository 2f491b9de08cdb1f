"""The one alias table: every header wording a workbook may use, mapped to a model field.

Units' templates word their headers differently (`指标性质` or `指标方向`, `度量单位`
or `计量单位`, `权重` or `分值`) and order them freely. Headers are compared after
NFKC normalisation with all whitespace and a leading or trailing `*` removed, so
`资金总额(万元)`, `资金总额（万元）` and `*项目\\n名称` match. docs/excel.md lists this
table; a test keeps the two in step. A header matching nothing is reported, never skipped.
"""

from __future__ import annotations

import re

from ..readers.actuals import TARGET_COLUMNS
from ..text import nfkc

INDICATOR = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称", "绩效指标名称"),
    "value": ("指标值", "年度指标值", "目标值"),
    "operator": ("指标性质", "指标方向"),
    "unit": ("度量单位", "计量单位", "单位"),
    "weight": ("权重", "指标权重", "分值", "权重（分）", "分值（分）"),
    "core": ("是否核心指标", "核心指标"),
}

PROJECT = {
    "label": ("表号",),
    "title": ("表名",),
    "project_code": ("项目编码", "项目代码", "项目编号"),
    "project_name": ("项目名称",),
    "department": ("主管部门",),
    "implementer": ("实施单位",),
    "funds": ("资金总额（万元）", "资金总额", "项目资金（万元）", "项目资金"),
    "attribute": ("项目属性",),
    "start": ("项目起始时间", "起始时间", "开始时间"),
    "end": ("项目终止时间", "终止时间", "结束时间"),
    "overview": ("项目概况",),
    "basis": ("立项依据",),
    "goal": ("项目当年绩效目标", "当年绩效目标", "年度绩效目标"),
}

DEPARTMENT = {
    "unit_name": ("部门（单位）名称", "部门名称", "单位名称"),
    "budget": ("部门支出预算数",),
    "goal": ("当年整体绩效目标", "整体绩效目标"),
}

ACTUALS = {
    "project_code": PROJECT["project_code"],
    "project_name": PROJECT["project_name"],
    "name": INDICATOR["name"],
    "level2": INDICATOR["level2"],
    "actual": ("实际完成值", "全年实际完成值", "实际值", "完成值"),
    "band": ("评价等级", "完成档次"),
    "not_applicable": ("不适用",),
    "unit": INDICATOR["unit"],
    "reason": ("偏差原因", "偏差原因分析及改进措施", "偏差原因分析", "原因分析"),
    "share": ("档内比例", "得分比例"),
    "budget": ("全年预算数", "年初预算数"),
    "adjusted_budget": ("调整后预算数", "全年调整预算数"),
    "spent": ("全年执行数", "执行数"),
}

# Columns a workbook may carry that perfeval knows and deliberately does not read:
# row numbers, and in actuals files the target columns copied from the 自评表.
IGNORED = ("序号",)
ACTUALS_IGNORED = IGNORED + TARGET_COLUMNS

_STRIP = re.compile(r"\s+")


def normalise(text: object) -> str:
    """The comparable form of a header cell."""
    if text is None:
        return ""
    return _STRIP.sub("", nfkc(str(text))).strip("*＊")


def lookup(*tables: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """normalised alias -> field, over the given tables."""
    out: dict[str, str] = {}
    for table in tables:
        for field, aliases in table.items():
            for alias in aliases:
                out[normalise(alias)] = field
    return out


def spelled(table: dict[str, tuple[str, ...]]) -> str:
    """The aliases of a table, for messages: `三级指标/指标名称、指标值/…`."""
    return "、".join("/".join(aliases) for aliases in table.values())


INDICATOR_LOOKUP = lookup(INDICATOR)
PROJECT_LOOKUP = lookup(PROJECT)
DEPARTMENT_LOOKUP = lookup(DEPARTMENT)
FLAT_LOOKUP = lookup(PROJECT, INDICATOR)
ACTUALS_LOOKUP = lookup(ACTUALS)
