"""The audit's finding codes, declared in the one catalogue (`perfeval.checks.catalogue`).

Audit findings use the same `Rule`, `rule()`, reporter (`Rule.finding`), Finding and
JSON form as validate, under scopes of their own (`catalogue.AUDIT_SCOPES`: `sheet`,
`arith`, `rescore`, `explain`, `quality`), which validation rule files cannot name.
docs/rules.md lists every code.
"""

from __future__ import annotations

from ..checks.catalogue import AUDIT_SCOPES, CATALOGUE, Rule, rule
from ..vocab import SELF_TERMS

SCOPES = AUDIT_SCOPES

#: The columns a message names by the sheet's own word (`Rule.words`): the message's name -> the field in
#: vocab.SELF_TERMS. The audit gives each sheet's words (`SelfEvaluation.words`) once per sheet; a sheet that
#: prints the central template's words gets these.
WORDS = {"spent_word": "funds.spent", "budget_word": "funds.budget", "rate_word": "funds.rate",
         "score_word": "row.score", "weight_word": "row.weight", "target_word": "row.target",
         "actual_word": "row.actual", "reason_word": "row.reason", "total_word": "funds.total"}
#: how NO_BUDGET asks for the budget where the sheet prints the central words (else: by the sheet's word)
BUDGET_FILL = f"{SELF_TERMS['funds.budget']}（调整后预算数）"


def _words(*names: str) -> dict[str, str]:
    return {name: BUDGET_FILL if name == "budget_fill" else SELF_TERMS[WORDS[name]] for name in names}


_WHERE = "{table}「{indicator}」"

# -- reading the sheet ---------------------------------------------------------------------------
NUMBER = rule(
    "sheet.number", "error", "数值无法读取",
    _WHERE + "的{field}“{found}”无法读作数字：{expected}",
    "分值、得分、预算数、执行数、执行率、总分须为数字，否则无法核对；该项不参与后续核算，其余照常复核。",
    evidence=("field", "found", "expected"),
)
TARGET = rule(
    "sheet.target", "warning", "年度指标值无法读取",
    _WHERE + "的{target_word}“{found}”无法读取：{expected}",
    "年度指标值应为指标性质加数字和单位（如 ≥95%），或定性的描述；读不出来的行不复核得分。",
    evidence=("found", "expected"), words=_words("target_word"),
)
MISSING = rule(
    "sheet.missing", "error", "缺少必填项",
    _WHERE + "未填写{field}",
    "自评表每个指标都要有分值与得分，并有 总分；缺少的项无法核对。",
    evidence=("field",),
)

UNFILLED = rule(
    "sheet.unfilled", "error", "自评表未填写",
    "{table} 未填写：{blank} 个应填的单元格为空（实际完成值、得分、总分等）；应填写实际完成值与得分后再报送",
    "一张没有填写实际完成值与得分的自评表只报告这一条，不逐格报告缺项。",
    evidence=("blank",),
)

# -- arithmetic ------------------------------------------------------------------------------------
POINTS_TOTAL = rule(
    "arith.points_total", "error", "分值合计与规则集不符",
    "{table} 指标分值合计 {indicators} 加预算执行率分值 {execution} 为 {total}，规则集 {rules} 的满分为 {expected}；应调整分值，使满分为 {expected}",
    "自评满分由规则集规定（全国默认：预算执行率 10 分 + 绩效指标 90 分 = 100 分）；常见错误是指标分值已占满 100，又加上执行率 10 分。",
    evidence=("indicators", "execution", "total", "expected", "rules"),
)
POINTS_SPLIT = rule(
    "arith.points_split", "warning", "分值结构与规则集不符",
    "{table} 指标分值合计 {indicators}、预算执行率分值 {execution}，规则集 {rules} 规定为 {expected_indicators} 与 {expected_execution}；应按该规则集调整分值，或核对所用规则集",
    "满分相同而分配不同（如执行率 20 分、指标 80 分）说明自评用的是另一套规则，复核结果按表中所列分值计算。",
    evidence=("indicators", "execution", "expected_indicators", "expected_execution", "rules"),
)
STATED_POINTS = rule(
    "arith.stated_points", "error", "总分的分值与各项分值合计不符",
    "{table} 总分一行的分值写 {stated}，各项分值合计为 {total}；应把总分的分值改为 {total}，或核对各项分值",
    "总分的分值应等于预算执行率分值与各指标分值之和。",
    evidence=("stated", "total"),
)
SCORE_RANGE = rule(
    "arith.score_range", "error", "得分超出分值",
    _WHERE + "{score_word} {score}，{weight_word} {weight}；{score_word}应在 0 与{weight_word}之间",
    "任何一项的得分都不能高于其分值，也不能为负。",
    evidence=("score", "weight"), words=_words("score_word", "weight_word"),
)
TOTAL = rule(
    "arith.total", "error", "总分与各项得分之和不符",
    "{table} 总分写 {stated}，各项得分（含预算执行率）之和为 {sum}，相差 {difference}；应把总分改为 {sum}，或核对各项得分",
    "总分应等于各项得分之和；容差为各数打印位数的舍入尾差（见 docs/audit.md）。",
    evidence=("stated", "sum", "difference", "tolerance"),
)
RATE = rule(
    "arith.rate", "error", "执行率与执行数、预算数不符",
    "{table} {rate_word}写 {stated}，{spent_word} {spent} ÷ {basis} {budget} = {computed}；应把{rate_word}改为 {computed}，或核对{spent_word}与{basis}",
    "执行率 = 全年执行数 ÷ 全年预算数（规则集 execution.budget 为 original 时除以年初预算数）；"
    "容差为执行率、执行数与预算数打印位数的舍入尾差。其中各项印有自己的执行率时，逐项同样核对。",
    evidence=("stated", "spent", "budget", "basis", "computed", "tolerance"), words=_words("rate_word", "spent_word"),
)
GRADE = rule(
    "arith.grade", "error", "自评等级与总分不符",
    "{table} 总分 {total} 应评为“{expected}”，表中写“{stated}”",
    "等级按规则集的分数段确定（全国默认：优 ≥ 90、良 80–90、中 60–80、差 < 60）。",
    evidence=("total", "expected", "stated"),
)

FUNDS_BLANK = rule(
    "arith.funds_blank", "error", "年度资金总额为空或为 0 而其中各项有金额",
    "{table} {total_word}的{field}写 {total}，而其中各项（{parts}）合计 {sum} 万元；应把{total_word}的{field}填为 {sum}",
    "年度资金总额是其中 当年财政拨款、上年结转资金、其他资金 之和；总额留 0 或空白而分项有钱，是漏填总额。",
    evidence=("field", "total", "parts", "sum"), words=_words("total_word"),
)
FUNDS_PARTS = rule(
    "arith.funds_parts", "error", "年度资金总额与其中各项之和不符",
    "{table} {total_word}的{field} {total} 万元，其中各项（{parts}）合计 {sum} 万元，相差 {difference}；应核对总额或分项",
    "其中各项之和应等于年度资金总额；容差为各数打印位数的舍入尾差。",
    evidence=("field", "total", "parts", "sum", "difference", "tolerance"), words=_words("total_word"),
)
OVERSPENT = rule(
    "arith.overspent", "error", "执行数超过预算数",
    _WHERE + "{spent_word} {spent} 万元超过{budget_word} {budget} 万元；应核对执行数，或按调整后的预算填写{budget_word}",
    "全年执行数不能超过全年预算数（调整后预算数）；超出说明执行数或预算数填错，或预算调整没有反映在表中。",
    evidence=("spent", "budget"), words=_words("spent_word", "budget_word"),
)
NO_BUDGET = rule(
    "arith.no_budget", "error", "全年预算数为 0 而有执行数",
    "{table} {budget_word}写 {budget}，{spent_word}却有 {spent} 万元{printed}；应填写{budget_fill}",
    "没有预算数就算不出执行率；表中却写了执行率或得分，说明预算数漏填。",
    evidence=("budget", "spent", "printed"), words=_words("budget_word", "spent_word", "budget_fill"),
)
COST_VS_FUNDS = rule(
    "quality.cost_vs_funds", "warning", "成本指标的实际完成值与资金执行矛盾",
    _WHERE + "的{actual_word} {actual}（{target_word} {target}），而项目{spent_word} {spent} 万元；应按实际发生的成本填写{actual_word}",
    "资金已经花出去，成本指标的实际值却是 0 或远低于目标：没有花钱不等于成本控制得好，这一行与资金执行情况自相矛盾。",
    evidence=("actual", "target", "spent"), words=_words("actual_word", "target_word", "spent_word"),
)
TEMPLATE_TEXT = rule(
    "quality.template_text", "warning", "单元格里留有填表说明",
    _WHERE + "的{field}中留有填表说明“{found}”；应删去说明文字，填写实际内容",
    "空白表样里的说明（如“（100字以内）”“请填写…”“对照年度目标…说明”）应在填写后删去。",
    evidence=("field", "found"),
)

# -- re-scoring -------------------------------------------------------------------------------------
OVER = rule(
    "rescore.over", "error", "得分高于复核结果",
    _WHERE + "自评得分 {claimed}，按规则集 {rules} 复核为 {rescored}（{target_word} {target}，{actual_word} {actual}），高出 {difference}；应把得分改为 {rescored}，或核对{actual_word}",
    "按规则集的公式由指标值与实际完成值重新计分，自评得分高出容差以上，即所报得分没有数据支撑。",
    evidence=("claimed", "rescored", "difference", "tolerance", "target", "actual", "rules"),
    words=_words("target_word", "actual_word"),
)
UNDER = rule(
    "rescore.under", "warning", "扣分未说明原因",
    _WHERE + "自评得分 {claimed}，按规则集 {rules} 复核为 {rescored}（{target_word} {target}，{actual_word} {actual}），少 {difference}，且未填写{reason_word}",
    "按数据应得的分被扣掉，却没有偏差原因，扣分的依据无从查考。",
    evidence=("claimed", "rescored", "difference", "tolerance", "target", "actual", "rules"),
    words=_words("target_word", "actual_word", "reason_word"),
)
EXECUTION = rule(
    "rescore.execution", "error", "预算执行率得分与执行率不符",
    "{table} 预算执行率得分 {claimed}，按{rate_word} {rate} 与规则集 {rules} 应为 {rescored}",
    "预算执行率得分由执行数与预算数机械算出（全国默认：分值 × min(1, 执行率)），与之不符即计算有误。",
    evidence=("claimed", "rescored", "rate", "difference", "tolerance", "rules"), words=_words("rate_word"),
)
SKIPPED = rule(
    "rescore.skipped", "info", "未能复核得分",
    _WHERE + "未复核得分：{why}；按该行的其他提示改正后可复核",
    "读不出指标值或实际完成值、单位无法换算的行不复核，其问题另有报告；此条说明哪些行没有复核。",
    evidence=("why",),
)
REGRADE = rule(
    "rescore.grade", "warning", "复核后等级改变",
    "{table} 自评总分 {claimed}（{claimed_grade}），按规则集 {rules} 复核为 {rescored}（{rescored_grade}）；应核对各项得分，或把自评等级改为“{rescored_grade}”",
    "逐项复核后的总分落在另一个等级，自评等级不成立。",
    evidence=("claimed", "claimed_grade", "rescored", "rescored_grade", "rules"),
)

# -- explanations -----------------------------------------------------------------------------------
EXPLAIN_UNMET = rule(
    "explain.unmet", "warning", "未完成未说明原因",
    _WHERE + "未完成（{target_word} {target}，{actual_word} {actual}），未填写{reason_word}",
    "未完成的指标须在“偏差原因分析及改进措施”中说明原因与改进措施。",
    evidence=("target", "actual"), words=_words("target_word", "actual_word", "reason_word"),
)
EXPLAIN_OVER = rule(
    "explain.over", "warning", "大幅超额未说明原因",
    _WHERE + "{actual_word} {actual} 超过{target_word} {target} 的 {excess}，超过规则集 {rules} 的阈值 {threshold}，未填写{reason_word}",
    "大幅超额完成往往说明目标定得过低，须说明原因（阈值由评分规则集的 over_achievement.threshold 给出）。",
    evidence=("actual", "target", "excess", "threshold", "rules"), words=_words("actual_word", "target_word", "reason_word"),
)
EXPLAIN_EXECUTION = rule(
    "explain.execution", "warning", "执行率偏低未说明原因",
    "{table} 预算执行率 {rate} 低于 {threshold}，未说明原因",
    "执行率低于规则集的 execution.threshold（全国默认 90%）时须说明原因（项目资金一栏的 偏差原因）。",
    evidence=("rate", "threshold"),
)

PLACEHOLDER = rule(
    "explain.placeholder", "warning", "偏差原因没有说明",
    _WHERE + "须说明{reason_word}（{need}），{reason_word}却写“{found}”（{why}）；应填写{reason_word}及改进措施",
    "需要说明时，“无”“/”“同上”、照抄指标名称、重复字符或乱码都不算说明。",
    evidence=("need", "found", "why"), words=_words("reason_word"),
)

# -- data quality -----------------------------------------------------------------------------------
AS_TARGET = rule(
    "quality.actual_as_target", "warning", "实际完成值写成了目标",
    _WHERE + "的{actual_word}“{found}”写成了指标值的形式，应写实际达到的数",
    "实际完成值应是实际达到的数值（如 280米），而不是“≥266米”这样的目标写法；复核时按其中的数字计算。",
    evidence=("found",), words=_words("actual_word"),
)
WORD = rule(
    "quality.actual_word", "error", "实际完成值不是数字",
    _WHERE + "是定量指标（{target_word} {target}），{actual_word}却写“{found}”；应写实际达到的数",
    "定量指标的实际完成值须为数字，写“完成”“达成”无法核对完成程度，得分也无从复核。",
    evidence=("target", "found"), words=_words("target_word", "actual_word"),
)
ACTUAL_MISSING = rule(
    "quality.actual_missing", "error", "缺少实际完成值",
    _WHERE + "未填写{actual_word}",
    "没有实际完成值的指标无法判断是否完成，得分也无从复核。", words=_words("actual_word"),
)
UNIT_MISMATCH = rule(
    "quality.unit_mismatch", "error", "实际完成值的单位与指标值不符",
    _WHERE + "{target_word}的单位是 {target_unit}，{actual_word}“{found}”的单位是 {actual_unit}，无法换算；应以 {target_unit} 填写{actual_word}，或核对{target_word}",
    "实际完成值应与年度指标值用同一度量单位（或可换算的单位，如 万元 与 元）。",
    evidence=("target_unit", "actual_unit", "found"), words=_words("target_word", "actual_word"),
)
UNIT_CONVERTED = rule(
    "quality.unit_converted", "info", "实际完成值换算了单位",
    _WHERE + "{actual_word} {found} 按{target_word}的单位 {target_unit} 换算为 {converted}；宜以 {target_unit} 填写{actual_word}",
    "单位不同但可换算时按指标值的单位比较；换算后与指标值之差不超过实际完成值末位的舍入尾差时，视同相等（如 7.29万元 对 ≤72890元）。",
    evidence=("found", "target_unit", "converted"), words=_words("actual_word", "target_word"),
)
CATEGORY = rule(
    "quality.category", "warning", "指标归类不当",
    _WHERE + "是{kind}，却列在一级指标“{level1}”下（应列在 {expected}）",
    "成本类指标（经费、单价、补助标准等以金额设上限的指标）应列在成本指标（旧表在产出指标的成本指标）下，不应计入效益或满意度。",
    evidence=("kind", "level1", "expected"),
)

#: Every audit rule, in the order above (docs/rules.md lists them in this order).
ALL: tuple[Rule, ...] = tuple(declared for declared in CATALOGUE.values() if declared.audit)
RULES: dict[str, Rule] = {declared.code: declared for declared in ALL}
