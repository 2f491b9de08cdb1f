"""The words generated tables are made of: indicator names per 二级指标, and what each kind of indicator measures.

Names are chosen so that no name's character pairs are a subset of another's
(a test holds this): the goal-text check matches a claim to indicators by shared
character pairs, so a goal written about one indicator matches that one alone.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..operators import Operator
from ..units import Dimension, Unit, parse_unit


@attrs.frozen
class Profile:
    """What an indicator of one kind looks like: its units, operators and the range of its 指标值."""

    kind: str
    units: tuple[str, ...]
    operators: tuple[Operator, ...]
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    places: int = 0

    @property
    def quantitative(self) -> bool:
        return Operator.QUALITATIVE not in self.operators

    def unit_objects(self) -> tuple[Unit, ...]:
        return tuple(parse_unit(u) for u in self.units)


_D = Decimal
PROFILES: dict[str, Profile] = {p.kind: p for p in (
    Profile("people", ("人", "人次"), (Operator.GE, Operator.EQ, Operator.GT), _D(10), _D(50000)),
    Profile("count", ("个", "场", "台", "份", "项"), (Operator.GE, Operator.EQ, Operator.GT), _D(1), _D(500)),
    Profile("area", ("亩", "平方米"), (Operator.GE, Operator.EQ), _D(10), _D(20000)),
    Profile("percent_up", ("%",), (Operator.GE, Operator.EQ, Operator.GT), _D(60), _D(100)),
    Profile("percent_down", ("%",), (Operator.LE, Operator.LT), _D(1), _D(20)),
    Profile("days", ("天", "工作日"), (Operator.LE, Operator.LT), _D(1), _D(90)),
    Profile("money_cost", ("万元", "元"), (Operator.LE, Operator.LT), _D("0.01"), _D(0), 2),
    Profile("money_benefit", ("万元",), (Operator.GE,), _D(1), _D(1000), 2),
    Profile("satisfaction", ("%",), (Operator.GE,), _D(80), _D(99)),
    Profile("qualitative", (), (Operator.QUALITATIVE,)),
)}

# Per 二级指标: (三级指标 name, profile kind).
NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "数量指标": (
        ("职业技能培训人数", "people"), ("资助困难学生人次", "people"), ("临时救助对象人数", "people"),
        ("新增参保登记人数", "people"), ("慰问退役军人", "people"), ("开展宣传活动场次", "count"),
        ("购置执法设备数量", "count"), ("建成村级服务站点", "count"), ("印制政策宣传资料", "count"),
        ("完成造林面积", "area"),
    ),
    "质量指标": (
        ("补贴发放准确率", "percent_up"), ("设备验收合格率", "percent_up"), ("培训考核通过率", "percent_up"),
        ("档案资料完整率", "percent_up"), ("资金发放差错率", "percent_down"), ("服务质量符合规范", "qualitative"),
    ),
    "时效指标": (
        ("资金拨付及时率", "percent_up"), ("项目按期完工率", "percent_up"), ("审批办结时限", "days"),
        ("按时完成年度任务", "qualitative"),
    ),
    "成本指标": (
        ("项目总成本", "money_cost"), ("设备购置成本", "money_cost"), ("宣传印刷费用", "money_cost"),
    ),
    "经济成本指标": (
        ("年度运行维护费用", "money_cost"), ("工程建设成本", "money_cost"), ("场地租赁开支", "money_cost"),
    ),
    "社会成本指标": (
        ("群众投诉发生率", "percent_down"), ("对周边居民生活的影响", "qualitative"),
    ),
    "生态环境成本指标": (
        ("环境污染事件比例", "percent_down"), ("施工期生态影响", "qualitative"),
    ),
    "经济效益指标": (
        ("带动农户增收金额", "money_benefit"), ("节约财政资金", "money_benefit"), ("产业产值增长率", "percent_up"),
    ),
    "社会效益指标": (
        ("城乡居民参保覆盖率", "percent_up"), ("惠民政策知晓率", "percent_up"), ("社会保障水平提升", "qualitative"),
    ),
    "生态效益指标": (
        ("森林覆盖率", "percent_up"), ("污水处理达标率", "percent_up"), ("生态环境改善", "qualitative"),
    ),
    "可持续影响指标": (
        ("长效管理机制建立", "qualitative"), ("服务能力持续增强", "qualitative"),
    ),
    "服务对象满意度指标": (
        ("服务对象满意度", "satisfaction"), ("参训学员满意度", "satisfaction"), ("受助群众满意度", "satisfaction"),
        ("项目区村民满意度", "satisfaction"),
    ),
}

# Names that fix their unit (a count of 场 is not a count of 台).
NAME_UNITS: dict[str, str] = {
    "开展宣传活动场次": "场", "购置执法设备数量": "台", "建成村级服务站点": "个", "印制政策宣传资料": "份",
    "慰问退役军人": "人次", "资助困难学生人次": "人次", "职业技能培训人数": "人", "临时救助对象人数": "人",
    "新增参保登记人数": "人", "办理业务件数": "件", "全年服务群众人次": "人次",
}

# Department-level (整体) indicators carry no 一级/二级 names; each kind the core check
# recognises (产出, 效益, 满意度, 成本) is represented.
DEPARTMENT_NAMES: tuple[tuple[str, str], ...] = (
    ("全年服务群众人次", "people"), ("办理业务件数", "count"), ("业务按时办结率", "percent_up"),
    ("政策宣传覆盖率", "percent_up"), ("办事群众满意度", "satisfaction"), ("部门运行经费", "money_cost"),
    ("信息公开完整率", "percent_up"), ("重点工作完成情况", "qualitative"),
)

QUALITATIVE_TEXTS = ("达成预期指标", "有效提升", "按时完成", "明显改善", "逐步建立")

UNIT_NAMES = ("人力资源和社会保障局", "社会保险事务中心", "农业农村委员会", "生态环境局", "退役军人事务局", "民政局")
PROJECT_NAMES = (
    "职业技能提升行动经费", "困难群众临时救助资金", "退役军人慰问专项经费", "城乡居民医疗保险参保补助",
    "乡村振兴产业发展补助", "国土绿化造林专项资金", "政务服务站点建设经费", "社会保险经办服务经费",
    "农村饮水安全维护经费", "公共法律服务体系建设", "学生资助管理工作经费", "生态环境监测能力建设",
)

# Codes of a 功能分类科目 hierarchy: 类 (3 digits) > 款 (5) > 项 (7), with names.
SUBJECTS: tuple[tuple[str, str], ...] = (
    ("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行"), ("2010102", "一般行政管理事务"),
    ("208", "社会保障和就业支出"), ("20801", "人力资源和社会保障管理事务"), ("2080101", "行政运行"),
    ("2080109", "社会保险经办机构"), ("2080199", "其他人力资源和社会保障管理事务支出"),
    ("20805", "行政事业单位养老支出"), ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "机关事业单位职业年金缴费支出"),
    ("210", "卫生健康支出"), ("21011", "行政事业单位医疗"), ("2101101", "行政单位医疗"), ("2101102", "事业单位医疗"),
    ("221", "住房保障支出"), ("22102", "住房改革支出"), ("2210201", "住房公积金"),
)


def unit_of(symbol: str) -> Unit:
    return parse_unit(symbol)


def dimension_profiles(dimension: Dimension) -> tuple[Profile, ...]:
    """The profiles whose units are of `dimension`."""
    return tuple(p for p in PROFILES.values() if p.units and parse_unit(p.units[0]).dimension is dimension)
