"""Completeness: every part of a target table filled in, and nothing the reader could not place."""

from __future__ import annotations

from operator import attrgetter

from ..model import Document, TargetTable
from ..judgement import stated_funds
from .catalogue import Param, rule, texts_from
from .context import Context
from .walk import Walk, run

# The printed label of each table field, and the model attribute holding it.
FIELDS = {
    "项目名称": "project_name", "主管部门": "department", "实施单位": "implementer", "资金总额": "funds",
    "项目属性": "attribute", "项目起始时间": "start", "项目终止时间": "end", "项目概况": "overview",
    "立项依据": "basis", "项目当年绩效目标": "goal",
}

MISSING = rule(
    "fields.missing", "warning", "项目表栏目未填写",
    "{table} 未填写「{field}」",
    "审核绩效目标首先看完整性：项目表的各栏目都应填写；哪些栏目必填由规则集的 required 决定。",
    evidence=("field",),
    params=(Param("required", texts_from(tuple(FIELDS)), ["项目名称", "资金总额", "项目属性", "项目起始时间", "项目概况", "立项依据",
                                           "项目当年绩效目标"], "必须填写的栏目"),),
)
NOT_ON_FORM = rule(
    "fields.not_on_form", "info", "表样没有的栏目",
    "{table} 的表样没有「{fields}」栏目，未检查是否填写；如需审核，应按规则集要求另行提供",
    "表样本身没有某些栏目（读取时记入表样的缺列）时，不逐项报告“未填写”：每张表只提示一次，列出表样缺少的必填栏目。",
    evidence=("fields",),
)
NO_INDICATORS = rule(
    "fields.no_indicators", "error", "项目表没有绩效指标",
    "{table} 没有任何绩效指标；应填写绩效指标（或核对是否缺页）",
    "没有指标的目标表既无法审核，也无法在年终自评；多为漏填或公开文本缺页。",
)
UNPLACED = rule(
    "fields.unplaced", "warning", "未能归入表格的内容",
    "第 {line} 行的内容未能归入任何表格或段落（{reason}），应核对原文此处是否缺行或断页：{text}",
    "读取时无法归位的行可能是缺失的表格行或被截断的页面；逐条列出，不静默丢弃。",
    evidence=("line", "reason", "text"),
)


def check(document: Document, ctx: Context) -> None:
    run([walk(document, ctx)], document)


def walk(document: Document, ctx: Context) -> Walk:
    required = MISSING.params_in(ctx).required if ctx.on(MISSING.code) else None
    # the required fields' values of a table in one call: a table read from no printed form (no profile) with every
    # one filled in (nearly all) has nothing to report here, settled without the general loop below
    values = attrgetter(*[FIELDS[label] for label in required]) if required else None

    def table(table: TargetTable) -> None:
        if values is not None and table.profile is None:
            for value in values(table) if len(required) > 1 else (values(table),):
                if value is None or (isinstance(value, str) and not value.strip()):
                    break
            else:
                if not table.indicators:
                    ctx.report(NO_INDICATORS.code, table=table)
                return
        if required is not None:
            absent = [] if table.profile is None else [label for label in required if not table.has(FIELDS[label])]
            if absent:
                # the printed form has no such key: one note for the table, never a warning per field
                ctx.report(NOT_ON_FORM.code, table=table, fields="」「".join(absent))
            for label in required:
                if label in absent:
                    continue
                value = getattr(table, FIELDS[label])
                if value is None or (isinstance(value, str) and not value.strip()):
                    if FIELDS[label] == "funds" and stated_funds(None, table.funds_rows):
                        continue  # the 其中 rows carry the money: sense.funds_total_blank says it once
                    ctx.report(MISSING.code, table=table, field=label)
        if not table.indicators:
            ctx.report(NO_INDICATORS.code, table=table)

    def finish() -> None:
        for line in document.unplaced:
            ctx.report(UNPLACED.code, location=line.location, line=line.location.line or "", reason=line.reason,
                       text=line.text)

    return Walk(table=table, finish=finish)
