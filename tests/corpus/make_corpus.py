"""Write the reading corpus: documents laid out like real published forms, and what each should read as.

Run from the repository root (needs the `corpus` extra: reportlab, xlwt):

    python tests/corpus/make_corpus.py
    python tests/corpus/make_corpus.py --findings     # only the NAME.findings.json and NAME.audit.json files

Each document is modelled on a form published by a province's budget units (its
title, key block, column order, notes and quirks), with invented projects and
numbers. The forms are described once here as data (projects, indicators, 自评表
rows); one layout function per form variant turns them into blocks of free text
and tables with merged cells; one writer per format prints the blocks (PDF with and
without rules, .docx, .xlsx, .xls, HTML, text with tabs, pipes, spaces or one cell
per line). The expected-content file `name.expected.json` is written from the same
data, in model terms, so a document and its expectation cannot drift apart.

`modelled_on` in each expected file says which published form the layout follows. Each target
document's `name.findings.json` (FINDINGS) and each 自评表's `name.audit.json` (AUDIT_FINDINGS) say
what `perfeval validate` / `perfeval audit` must report on it, and why.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pdfwriter  # noqa: E402


# ============================================================================ the forms, as data


@dataclass
class Ind:
    """One indicator row, in model terms; `cell` overrides the printed 指标值 where a form prints it oddly."""

    level1: str
    level2: str
    name: str
    op: str = "="  # ≥ ≤ = > < 定性
    value: str | None = None
    unit: str | None = None
    weight: str | None = None
    core: bool | None = None
    text: str | None = None  # a 定性 target's words
    direction: str | None = None
    mid: str | None = None
    explain: str = ""
    cell: str | None = None  # the 指标值 cell exactly as printed, when it is not op+value+unit
    expect: dict | None = None  # for quirky rows: only these fields are expected
    empty: bool = False  # an empty category row (a 二级 with no indicator)
    # 自评表 columns
    actual: str = ""
    score: str = ""
    reason: str = ""


@dataclass
class Project:
    code: str
    name: str
    department: str
    implementer: str
    funds: str
    goal: str
    indicators: list[Ind]
    attribute: str = ""
    start: str = ""
    end: str = ""
    overview: str = ""
    basis: str = ""
    mid_goal: str = ""
    funds_rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Department:
    unit_name: str
    budget: str
    goal: str
    indicators: list[Ind]


@dataclass
class SelfEval:
    project_code: str
    project_name: str
    department: str
    implementer: str
    year: str
    funds: dict  # initial, budget, spent, weight, rate, score
    funds_rows: list[tuple[str, ...]]
    expected_goal: str
    achieved_goal: str
    rows: list[Ind]
    total_weight: str
    total: str
    grade: str = ""
    part_rates: dict = field(default_factory=dict)  # a 其中 row's own 执行率 as printed, by its label (四川's forms)


# ============================================================================ blocks: free text and tables


class TB:
    """A table as printed: rows of cells (None where a merged cell covers), spans by anchor."""

    def __init__(self, width: int, header_rows: int = 0):
        self.width = width
        self.rows: list[list[str | None]] = []
        self.spans: dict[tuple[int, int], tuple[int, int]] = {}
        self.header_rows = header_rows

    def row(self, *cells: str, spans: dict[int, int] | None = None) -> int:
        """Add a row; `spans` maps a column to its colspan (the covered cells are left out of `cells`)."""
        spans = spans or {}
        out: list[str | None] = []
        cells_iter = iter(cells)
        r = len(self.rows)
        c = 0
        pending = {(rr, cc) for (rr, cc) in self._covered() if rr == r}
        while c < self.width:
            if (r, c) in pending:
                out.append(None)
                c += 1
                continue
            text = next(cells_iter, "")
            out.append(text)
            span = spans.get(c, 1)
            if span > 1:
                self.spans[(r, c)] = (1, span)
                out.extend([None] * (span - 1))
            c += span
        self.rows.append(out[: self.width])
        return r

    def merge_down(self, r: int, c: int, count: int) -> None:
        """Merge the cell at (r, c) down over `count` rows (rows must be added afterwards as covered)."""
        if count > 1:
            rs, cs = self.spans.get((r, c), (1, 1))
            self.spans[(r, c)] = (count, cs)
            for rr in range(r + 1, r + count):
                for cc in range(c, c + cs):
                    self.spans.pop((rr, cc), None)  # a cell now covered anchors nothing

    def _covered(self) -> set[tuple[int, int]]:
        found = set()
        for (r, c), (rs, cs) in self.spans.items():
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        found.add((r + dr, c + dc))
        return found

    def finish(self) -> "TB":
        covered = self._covered()
        for r, row in enumerate(self.rows):
            for c in range(self.width):
                if (r, c) in covered:
                    row[c] = None
        return self

    def filled(self) -> list[list[str]]:
        """Every position with text: merged values repeated (what a text copy shows as blanks is left blank)."""
        return [["" if t is None else t for t in row] for row in self.rows]


def number(text: str | None) -> str | None:
    return None if text is None else format(Decimal(text.replace(",", "")).normalize(), "f")


# ============================================================================ layouts of real forms


def value_cell(ind: Ind, with_op: bool, with_unit: bool) -> str:
    if ind.cell is not None:
        return ind.cell
    if ind.op == "定性":
        return ind.text or ""
    text = ind.value or ""
    if with_op and ind.op:
        text = ind.op + text
    if with_unit and ind.unit:
        text += ind.unit
    return text


def indicator_cells(ind: Ind, columns: list[tuple[str, str]], points: dict[str, str] | None = None) -> list[str]:
    """The cells of one indicator row for the given (header, field) columns."""
    combined = not any(f == "op" for _, f in columns)
    unit_column = any(f == "unit" for _, f in columns)
    out = []
    for _, f in columns:
        if f == "level1":
            out.append(ind.level1 + (points or {}).get(ind.level1, ""))
        elif f == "level2":
            out.append(ind.level2)
        elif f == "name":
            out.append(ind.name)
        elif f == "op":
            out.append("" if ind.empty else ind.op)
        elif f == "value":
            out.append("" if ind.empty else value_cell(ind, combined, not unit_column))
        elif f == "unit":
            out.append("" if ind.empty or ind.cell is not None else (ind.unit or ""))
        elif f == "weight":
            out.append(ind.weight or "")
        elif f == "core":
            out.append("" if ind.core is None else ("是" if ind.core else "否"))
        elif f == "direction":
            out.append(ind.direction or "")
        elif f == "mid":
            out.append(ind.mid or "")
        elif f == "explain":
            out.append(ind.explain)
        elif f == "actual":
            out.append(ind.actual)
        elif f == "score":
            out.append(ind.score)
        elif f == "reason":
            out.append(ind.reason)
        elif f == "blank":
            out.append("")
        else:  # pragma: no cover
            raise KeyError(f)
    return out


def indicator_rows(tb: TB, inds: list[Ind], columns, lead: int, merge: bool, points=None, lead_text: str = "") -> None:
    """Indicator rows after `lead` leading cells; 一级/二级 merged down over their runs when `merge`."""
    start = len(tb.rows)
    for ind in inds:
        tb.row(*([lead_text] * lead), *indicator_cells(ind, columns, points))
    if not merge:
        return tb.finish()
    fields = [f for _, f in columns]
    for f in ("level1", "level2"):
        if f not in fields:
            continue
        c = lead + fields.index(f)
        k = 0
        while k < len(inds):
            j = k
            key = (inds[k].level1, inds[k].level2 if f == "level2" else "")
            while j + 1 < len(inds) and (inds[j + 1].level1, inds[j + 1].level2 if f == "level2" else "") == key:
                j += 1
            tb.merge_down(start + k, c, j - k + 1)
            k = j + 1
    if lead:
        tb.merge_down(start - 1, 0, len(inds) + 1)
    tb.finish()


# ---------------------------------------------------------------------------- the documents


SEED_COLUMNS = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标值", "value"),
                ("指标性质", "op"), ("度量单位", "unit"), ("权重", "weight"), ("是否核心指标", "core")]


def guangdong_2025() -> tuple[list, list[Project]]:
    """广东 (a county 人社局, 2025): key table and a long indicator table repeated over pages, 指标方向, 分值, tolerance."""
    projects = [
        Project("44152125T000001203318", "就业创业补贴发放经费", "人力资源和社会保障局", "就业服务中心", "386.5",
                "按时发放各类就业创业补贴，稳定重点群体就业。",
                [ind for name, n in [("高校毕业生", 420), ("就业困难人员", 260), ("退役军人", 80), ("脱贫劳动力", 150),
                                     ("返乡创业人员", 60), ("灵活就业人员", 900), ("见习学员", 120), ("技能培训学员", 640),
                                     ("创业担保贷款", 45), ("一次性创业资助", 70), ("租金补贴", 55), ("社保补贴", 310)]
                 for ind in (Ind("产出指标", "数量指标", f"{name}补贴发放人数", "≥", str(n), "人", "1.5", direction="正向"),
                             Ind("产出指标", "数量指标", f"{name}补贴审核办结率", "≥", "98", "%", "1.5", direction="正向"))]
                + [Ind("产出指标", "质量指标", "补贴发放准确率", "≥", "99", "%", "8", direction="正向"),
                   Ind("产出指标", "质量指标", "资金测算偏差", "=", None, "%", "6", direction="反向", cell="±3%以内",
                       expect={"tolerance": "3%", "weight": "6", "direction": "反向"}),
                   Ind("产出指标", "时效指标", "补贴发放及时率", "≥", "95", "%", "6", direction="正向"),
                   Ind("产出指标", "成本指标", "人均补贴标准", "≤", "3000", "元", "4", direction="反向"),
                   Ind("效益指标", "社会效益指标", "城镇新增就业人数", "≥", "1500", "人", "20", direction="正向"),
                   Ind("满意度指标", "服务对象满意度指标", "补贴对象满意度", "≥", "90", "%", "20", direction="正向")],
                funds_rows=[("财政拨款", "386.5"), ("其他资金", "0")]),
    ]
    blocks: list = []
    for p in projects:
        blocks += ["#2025年项目支出绩效目标表", "单位：万元"]
        keys = TB(4)
        keys.row("项目名称", f"{p.code}-{p.name}", spans={1: 3})
        keys.row("主管部门", p.department, "实施单位", p.implementer)
        keys.row("项目资金（万元）", p.funds, "其中：财政拨款", p.funds_rows[0][1])
        keys.row("", "", "其他资金", p.funds_rows[1][1])
        keys.row("年度绩效目标", p.goal, spans={1: 3})
        blocks.append(keys.finish())
        columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标方向", "direction"),
                   ("指标性质", "op"), ("指标值", "value"), ("计量单位", "unit"), ("分值", "weight")]
        grid = TB(len(columns), header_rows=1)
        grid.row(*[h for h, _ in columns])
        indicator_rows(grid, p.indicators, columns, 0, merge=False)  # 一级/二级 printed on every row
        blocks.append(grid)
        blocks.append("注：本表由项目单位填报，主管部门审核。")
    return blocks, projects


def sichuan_2024() -> tuple[list, list[Project]]:
    """四川 (a county 发改局, 2024): the provincial system's layout, printed without rules."""
    p = Project("51142124T000007710245", "重点项目前期工作经费", "发展和改革局", "发展和改革局", "48",
                "完成重点项目前期研究论证。",
                [Ind("产出指标", "数量指标", "编制项目建议书", "≥", "6", "个", "30", core=True),
                 Ind("产出指标", "质量指标", "报告评审通过率", "≥", "90", "%", "20", core=False),
                 Ind("产出指标", "时效指标", "报告完成时间", "≤", None, None, "10", core=False, cell="2024年11月前",
                     expect={"deadline": {"year": 2024, "month": 11, "day": None, "schedule": None}, "weight": "10"}),
                 Ind("效益指标", "社会效益指标", "项目储备作用", "定性", text="明显", weight="30", core=False),
                 Ind("满意度指标", "服务对象满意度指标", "项目单位满意度", "≥", "90", "%", "10", core=False)],
                attribute="延续项目", start="2024年", end="2024年")
    page = ["#2024年项目支出绩效目标表", "单位：万元"]
    columns = SEED_COLUMNS
    grid = TB(len(columns))
    grid.row("项目名称", f"{p.code}-{p.name}")
    grid.row("主管部门", p.department, "", "实施单位", p.implementer)
    grid.row("资金总额", p.funds, "", "项目属性", p.attribute)
    grid.row("项目起始时间", p.start, "", "项目终止时间", p.end)
    grid.row("项目当年绩效目标", p.goal)
    grid.row(*[h for h, _ in columns])
    indicator_rows(grid, p.indicators, columns, 0, merge=False)
    return [*page, grid], [p]


def zhejiang_2022() -> tuple[list, list[Project]]:
    """浙江 (a city 教育局, 2022, .docx): no 权重 and no 是否核心指标 columns, operators inside 指标值, funds sub-rows."""
    p = Project("330700220000000123", "中小学课后服务补助", "教育局", "教育局本级", "1260",
                "保障课后服务全覆盖，减轻家长接送负担。",
                [Ind("产出指标", "数量指标", "参与课后服务学校数", "≥", "120", "所"),
                 Ind("产出指标", "数量指标", "参与学生人数", "≥", "85000", "人"),
                 Ind("产出指标", "质量指标", "课后服务覆盖率", "=", "100", "%"),
                 Ind("产出指标", "时效指标", "补助资金拨付时间", "≤", None, None, cell="12月底前",
                     expect={"deadline": {"year": None, "month": 12, "day": None, "schedule": None}}),
                 Ind("产出指标", "成本指标", "生均补助标准", "≤", "150", "元"),
                 Ind("效益指标", "社会效益指标", "家长接送负担减轻", "定性", text="有效减轻"),
                 Ind("满意度指标", "服务对象满意度指标", "家长满意度", "≥", "95", "%")],
                funds_rows=[("当年财政拨款", "1200"), ("上年结转资金", "60"), ("其他资金", "0")])
    blocks = ["附件3", "#2022年度项目支出绩效目标表", "填报单位：某市教育局                    单位：万元"]
    tb = TB(5)
    tb.row("项目名称", p.name, spans={1: 4})
    tb.row("项目编码", p.code, spans={1: 4})
    tb.row("主管部门", p.department, "实施单位", p.implementer, spans={3: 2})
    tb.row("资金总额", p.funds, spans={1: 4})
    for k, (label, amount) in enumerate(p.funds_rows):
        tb.row(("其中：" if k == 0 else "") + label, amount, spans={1: 4})
    tb.row("年度绩效目标", p.goal, spans={1: 4})
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标值", "value")]
    header = tb.row("绩效指标", *[h for h, _ in columns])
    tb.finish()
    indicator_rows(tb, p.indicators, columns, 1, merge=True)
    tb.merge_down(header, 0, len(p.indicators) + 1)
    return [*blocks, tb.finish(), "注：指标值中的“≥”“≤”表示不低于、不高于。"], [p]


def _central_funds_and_goal(tb: "TB", s: SelfEval, of_which_row: bool = False) -> None:
    """The central 自评表 template's 项目资金（万元） block (年度资金总额, its 其中 rows with `—` under 分值 and 得分)
    and 年度总体目标 pair, in a 10-column table (anhui_2022, hunan_2022_self); `of_which_row`: `其中` printed on
    a row of its own above the sub-rows."""
    tb.row("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", spans={0: 3, 8: 2})
    f = s.funds
    tb.row("年度资金总额", f["initial"], f["budget"], f["spent"], f["weight"], f["rate"], f["score"], spans={0: 3, 8: 2})
    if of_which_row:
        tb.row("其中", "", "", "", "", "", "", spans={0: 3, 8: 2})
    for label, a, b, c in s.funds_rows:
        tb.row(label, a, b, c, "—", "", "—", spans={0: 3, 8: 2})
    tb.row("年度总体目标", "预期目标", "实际完成情况", spans={1: 4, 5: 5})
    tb.row("", s.expected_goal, s.achieved_goal, spans={1: 4, 5: 5})
    tb.merge_down(len(tb.rows) - 2, 0, 2)
    tb.finish()


def anhui_2022() -> tuple[list, list[SelfEval]]:
    """安徽 (a town government, 2022, .docx 自评表): central template, `产出指标(50分)`, an empty category row."""
    s = SelfEval("", "委托业务费", "219-镇人民政府", "219001-镇人民政府", "2022",
                 {"initial": "90", "budget": "90", "spent": "89.97", "weight": "10", "rate": "99.97%", "score": "10"},
                 [("其中：本年财政拨款", "90", "90", "89.97"), ("上年结转资金", "", "", ""), ("其他资金", "", "", "")],
                 "委托第三方完成工程预算编制、审计和测绘。", "完成预算编制、审计和测绘，支出89.97万元。",
                 [Ind("产出指标", "数量指标", "委托业务项目数量", cell="≥50个", actual="52", weight="10", score="10"),
                  Ind("产出指标", "质量指标", "业务报告合格率", cell="≥98%", actual="100%", weight="10", score="10"),
                  Ind("产出指标", "时效指标", "报告提交及时性", cell="按计划完成", actual="达成预期指标", weight="10", score="10"),
                  Ind("产出指标", "成本指标", "项目总成本", cell="≤90万元", actual="89.97万元", weight="20", score="20"),
                  Ind("效益指标", "经济效益指标", "", empty=True),
                  Ind("效益指标", "社会效益指标", "工程造价控制作用", cell="效果明显", actual="达成预期指标", weight="15", score="15"),
                  Ind("效益指标", "可持续影响指标", "制度执行持续性", cell="长期", actual="达成预期指标", weight="15", score="14",
                      reason="个别制度执行滞后，下年加强督促"),
                  Ind("满意度指标", "服务对象满意度指标", "委托单位满意度", cell="≥90%", actual="95%", weight="10", score="10")],
                 "100", "99", "优")
    points = {"产出指标": "(50分)", "效益指标": "(30分)", "满意度指标": "(10分)"}
    tb = TB(10)
    tb.row("项目支出绩效自评表", spans={0: 10})
    tb.row(f"（{s.year}年度）", spans={0: 10})
    tb.row("项目名称", s.project_name, spans={1: 9})
    tb.row("主管部门", s.department, "实施单位", s.implementer, spans={1: 4, 6: 4})
    _central_funds_and_goal(tb, s)
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("年度指标值", "value"),
               ("实际完成值", "actual"), ("分值", "weight"), ("得分", "score"), ("偏差原因分析及改进措施", "reason")]
    header = tb.row("绩效指标", *[h for h, _ in columns], spans={0: 2})
    tb.finish()
    start = len(tb.rows)
    for ind in s.rows:
        tb.row("", *indicator_cells(ind, columns, points), spans={0: 2})
    tb.finish()
    tb.merge_down(header, 0, len(s.rows) + 1)
    # 一级 merged over its run, the empty 经济效益指标 row included
    k = 0
    while k < len(s.rows):
        j = k
        while j + 1 < len(s.rows) and s.rows[j + 1].level1 == s.rows[k].level1:
            j += 1
        tb.merge_down(start + k, 2, j - k + 1)
        k = j + 1
    tb.finish()
    tb.row("总分", s.total_weight, s.total, "", spans={0: 7})
    tb.row("自评等级", s.grade, spans={0: 3, 3: 7})
    return ["附件1", tb.finish(), "填报人：            联系电话：", "注：定量指标按完成比例计分，定性指标按档次计分。"], [s]


def hubei_2022() -> tuple[list, list[Project]]:
    """湖北 (a city 机关事务服务中心, 2022, .xlsx): 二级指标 header over two columns, 绩效标准 explains, 当年预期实现值 carries the operator."""
    p = Project("", "办公大楼运行保障", "机关事务服务中心", "机关事务服务中心", "814",
                "保障办公大楼安全、整洁、有序运行。",
                [Ind("产出指标", "数量指标", "日常维修维护次数", "≥", "2200", "次", explain="反映全年维修维护工作量"),
                 Ind("产出指标", "数量指标", "安全巡查次数", "≥", "200", "次", explain="反映大楼安全巡查情况"),
                 Ind("产出指标", "质量指标", "维修验收合格率", ">", "92", "%", explain="反映维修维护质量"),
                 Ind("产出指标", "成本指标", "水电气消耗下降率", "≥", "2", "%", explain="反映能耗较上年下降情况"),
                 Ind("效益指标", "社会效益指标", "机关运转保障", "定性", text="有效保障", explain="反映对机关运转的保障作用"),
                 Ind("满意度指标", "服务对象满意度指标", "干部职工满意度", "≥", "90", "%", explain="反映服务对象满意程度")])
    tb = TB(5)
    tb.row("2022年市直部门预算项目支出绩效目标表", spans={0: 5})
    tb.row("项目名称", p.name, "项目类别", "本级支出项目", spans={3: 2})
    tb.row("项目性质", "持续性项目", "主管部门", p.department, spans={3: 2})
    tb.row("项目预算（万元）", p.funds, "实施单位", p.implementer, spans={3: 2})
    tb.row("绩效目标", p.goal, spans={1: 4})
    tb.row("一级指标", "二级指标", "绩效标准", "当年预期实现值", spans={1: 2})
    start = len(tb.rows)
    for ind in p.indicators:
        tb.row(ind.level1, ind.level2, ind.name, ind.explain, value_cell(ind, True, True))
    k = 0
    while k < len(p.indicators):
        j = k
        while j + 1 < len(p.indicators) and p.indicators[j + 1].level1 == p.indicators[k].level1:
            j += 1
        tb.merge_down(start + k, 0, j - k + 1)
        k = j + 1
    return [tb.finish()], [p]


def yunnan_2024() -> tuple[list, list[SelfEval]]:
    """云南 (a prefecture 数据中心, 2024, .xls export): title and unit rows above the sheet, funds sub-rows, totals."""
    s = SelfEval("53250024Y000000312001", "政务数据平台运维经费", "数据发展中心", "数据发展中心", "2024",
                 {"initial": "280", "budget": "261.46", "spent": "248.3", "weight": "10", "rate": "94.97%", "score": "9.5"},
                 [("其中：当年财政拨款", "280", "261.46", "248.3"), ("上年结转资金", "0", "0", "0"), ("其他资金", "0", "0", "0")],
                 "保障政务数据平台稳定运行。", "平台全年稳定运行，可用率99.5%。",
                 [Ind("产出指标", "数量指标", "运维服务器台数", cell="≥30台", actual="30台", weight="15", score="15"),
                  Ind("产出指标", "质量指标", "平台可用率", cell="≥99%", actual="99.5%", weight="15", score="15"),
                  Ind("产出指标", "时效指标", "故障响应时间", cell="≤2小时", actual="1.5小时", weight="10", score="10"),
                  Ind("产出指标", "成本指标", "运维成本", cell="≤280万元", actual="248.3万元", weight="10", score="10"),
                  Ind("效益指标", "社会效益指标", "数据共享调用次数", cell="≥100万次", actual="96万次", weight="30", score="28.8",
                      reason="部分部门接口改造延后"),
                  Ind("满意度指标", "服务对象满意度指标", "使用部门满意度", cell="≥90%", actual="93%", weight="10", score="10")],
                 "100", "98.3", "优")
    tb = TB(10)
    tb.row("项目名称", f"{s.project_code}-{s.project_name}", spans={1: 9})
    tb.row("主管部门", s.department, "实施单位", s.implementer, spans={1: 4, 6: 4})
    tb.row("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", spans={0: 4})
    f = s.funds
    tb.row("年度资金总额", f["initial"], f["budget"], f["spent"], f["weight"], f["rate"], f["score"], spans={0: 4})
    for label, a, b, c in s.funds_rows:
        tb.row(label, a, b, c, "—", "", "—", spans={0: 4})
    tb.row("年度总体目标", "预期目标", "实际完成情况", spans={1: 4, 5: 5})
    tb.row("", s.expected_goal, s.achieved_goal, spans={1: 4, 5: 5})
    tb.merge_down(len(tb.rows) - 2, 0, 2)
    tb.finish()
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("年度指标值", "value"),
               ("实际完成值", "actual"), ("分值", "weight"), ("得分", "score"), ("偏差原因分析及改进措施", "reason")]
    tb.row("绩效指标", *[h for h, _ in columns], spans={0: 2})
    tb.finish()
    for ind in s.rows:
        tb.row("", *indicator_cells(ind, columns), spans={0: 2})
    tb.finish()
    tb.row("总分", s.total_weight, s.total, "", spans={0: 7})
    tb.row("自评等级", s.grade, spans={0: 3, 3: 7})
    blocks = ["#项目支出绩效自评表", "（2024年度）", "单位：万元", tb.finish()]
    return blocks, [s]


def beijing_2021() -> tuple[list, list[Project]]:
    """北京 (a district 文化和旅游局, 2021, HTML): 申报表 with 中期目标 and 年度目标, 中期指标值 beside 年度指标值."""
    p = Project("11010521R000000004567", "公共文化活动场所运行补助", "文化和旅游局", "文化馆", "520",
                "年内开展群众文化活动不少于300场。",
                [Ind("产出指标", "数量指标", "群众文化活动场次", "≥", "300", "场", "20", mid="≥900场"),
                 Ind("产出指标", "质量指标", "活动安全事故发生率", "=", "0", "%", "10", mid="=0%"),
                 Ind("产出指标", "时效指标", "补助拨付时间", "≤", None, None, "10", cell="2021年6月30日前", mid="每年6月底前",
                     expect={"deadline": {"year": 2021, "month": 6, "day": 30, "schedule": None}, "weight": "10",
                             "mid_term": "每年6月底前"}),
                 Ind("效益指标", "社会效益指标", "参与群众人次", "≥", "5", "万人次", "30", mid="≥15万人次"),
                 Ind("效益指标", "可持续影响指标", "活动品牌影响", "定性", text="逐年提升", weight="10", mid="形成品牌"),
                 Ind("满意度指标", "服务对象满意度指标", "参与群众满意度", "≥", "90", "%", "20", mid="≥90%")],
                attribute="延续项目", start="2021年1月", end="2023年12月", mid_goal="三年内打造区级群众文化活动品牌。")
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("年度指标值", "value"),
               ("中期指标值", "mid"), ("权重", "weight")]
    tb = TB(7)
    tb.row("项目名称", p.name, "项目编码", p.code, spans={1: 3, 5: 2})
    tb.row("主管部门", p.department, "实施单位", p.implementer, spans={1: 3, 5: 2})
    tb.row("项目属性", p.attribute, "项目期", f"{p.start}至{p.end}", spans={1: 3, 5: 2})
    tb.row("资金总额（万元）", p.funds, spans={1: 6})
    tb.row("绩效目标", "中期目标", p.mid_goal, spans={2: 5})
    tb.row("", "年度目标", p.goal, spans={2: 5})
    tb.merge_down(len(tb.rows) - 2, 0, 2)
    tb.finish()
    header = tb.row("绩效指标", *[h for h, _ in columns])
    tb.finish()
    indicator_rows(tb, p.indicators, columns, 1, merge=True)
    tb.merge_down(header, 0, len(p.indicators) + 1)
    return ["#2021年项目支出绩效目标申报表", "单位：万元", tb.finish(), "注：中期指标值为项目期内累计目标。"], [p]


# traditional forms of the characters the 河南 re-publication uses (a re-posting site converted the page)
_TRAD_PAIRS = ("项項 目 支 出 绩績 效 标標 财財 专專 资資 门門 单單 数數 质質 时時 实實 现現 满滿 经經 济濟 会會 发發 总總 产產 业業 "
               "补補 贴貼 费費 务務 贯貫 户戶 应應 区區 级級 县縣 乡鄉 对對 计計 划劃 达達 验驗 监監 训訓 练練 岗崗 职職 个個 万萬 "
               "认認 证證 报報 额額 为為 则則 审審 贵貴 节節 运運 营營 员員 构構 带帶 动動 挥揮 种種 际際 规規 范範 开開 奖獎 "
               "励勵 严嚴 约約 况況 进進 导導 观觀 础礎 设設 责責 请請 执執 领領 编編 号號 话話 联聯 书書 记記 议議 择擇 来來 "
               "创創 准準 确確 权權 毕畢 称稱 务務 项項 点點 关關 于於 务務 类類 龄齡 预預 算算 间間 华華 结結 转轉 余餘 "
               "拨撥 农農 机機 购購 评評 兑兌 综綜")
_TRAD = dict(pair for pair in ((w[0], w[1]) for w in _TRAD_PAIRS.split() if len(w) == 2))


def traditional(text: str) -> str:
    return "".join(_TRAD.get(ch, ch) for ch in text)


def henan_2024() -> tuple[list, list[Project]]:
    """河南 (a city's 重点项目 targets, 2024, HTML re-published in traditional characters with a pinyin note)."""
    p = Project("", "青年人才生活补贴", "人力资源和社会保障局", "人才服务中心", "2293",
                "吸引高校毕业生来本市就业创业。",
                [Ind("产出指标", "数量指标", "补贴发放人数", "≥", "6000", "人", "30"),
                 Ind("产出指标", "质量指标", "补贴审核准确率", "=", "100", "%", "20"),
                 Ind("产出指标", "时效指标", "补贴发放周期", "定性", text="按季度发放", weight="10",
                     expect={"weight": "10"}),
                 Ind("效益指标", "社会效益指标", "新增留本市就业毕业生", "≥", "5000", "人", "30"),
                 Ind("满意度指标", "服务对象满意度指标", "补贴对象满意度", "≥", "90", "%", "10")])
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标性质", "op"), ("指标值", "value"),
               ("度量单位", "unit"), ("权重", "weight")]
    tb = TB(7)
    tb.row(traditional("项目名称"), traditional(p.name), spans={1: 6})
    tb.row(traditional("主管部门"), traditional(p.department), traditional("实施单位"), traditional(p.implementer), spans={1: 2, 4: 3})
    tb.row(traditional("资金总额（万元）"), p.funds, spans={1: 6})
    tb.row(traditional("年度绩效目标"), traditional(p.goal), spans={1: 6})
    tb.row(*[traditional(h) for h, _ in columns])
    tb.finish()
    indicator_rows(tb, p.indicators, columns, 0, merge=True)
    for row in tb.rows[5:]:
        for c, t in enumerate(row):
            if t is not None:
                row[c] = traditional(t)
    tb.rows[0][0] = "項(xiàng)目名稱"
    return [traditional("#2024年重大政策和重点项目绩效目标"), traditional("一、青年人才生活补贴"), tb.finish()], [p]


def shandong_2020() -> tuple[list, Department]:
    """山东 (a city 卫生健康委, 2020, pipes copied from a web page): 部门整体支出绩效目标表."""
    d = Department("卫生健康委员会", "15890.62", "提升基层医疗卫生服务能力，做好疾病预防控制。",
                   [Ind("产出指标", "数量指标", "家庭医生签约人数", "≥", "32", "万人", "15"),
                    Ind("产出指标", "数量指标", "免费孕前优生检查人数", "≥", "8000", "人", "10"),
                    Ind("产出指标", "质量指标", "适龄儿童免疫规划疫苗接种率", "≥", "90", "%", "15"),
                    Ind("产出指标", "时效指标", "传染病报告及时率", "=", "100", "%", "10"),
                    Ind("产出指标", "成本指标", "三公经费控制", "≤", "38.5", "万元", "10"),
                    Ind("效益指标", "社会效益指标", "孕产妇死亡率", "<", "10", "/10万", "15", expect={"name": "孕产妇死亡率", "weight": "15"}),
                    Ind("效益指标", "可持续影响指标", "基层医疗服务能力", "定性", text="持续提升", weight="15"),
                    Ind("满意度指标", "服务对象满意度指标", "群众就医满意度", "≥", "85", "%", "10")])
    tb = TB(7)
    tb.row("部门（单位）名称", d.unit_name, "部门支出预算数", d.budget, spans={1: 3, 5: 2})
    tb.row("年度总体目标", d.goal, spans={1: 6})
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标性质", "op"), ("指标值", "value"),
               ("度量单位", "unit"), ("权重", "weight")]
    tb.row(*[h for h, _ in columns])
    tb.finish()
    indicator_rows(tb, d.indicators, columns, 0, merge=True)
    return ["#2020年部门整体支出绩效目标表", "单位：万元", tb.finish()], d


def jiangsu_2019() -> tuple[list, list[Project]]:
    """江苏 (a county 农业农村局, 2019, `pdftotext -layout` text): two projects, runs of spaces between cells."""
    projects = [
        Project("320923190001", "高标准农田建设管护", "农业农村局", "农田建设服务站", "650", "完成高标准农田管护任务。",
                [Ind("产出指标", "数量指标", "管护农田面积", "≥", "3.2", "万亩", "30"),
                 Ind("产出指标", "质量指标", "设施完好率", "≥", "95", "%", "20"),
                 Ind("效益指标", "经济效益指标", "亩均增产", "≥", "50", "公斤", "20"),
                 Ind("效益指标", "生态效益指标", "化肥使用量", "定性", text="零增长", weight="20"),
                 Ind("满意度指标", "服务对象满意度指标", "农户满意度", "≥", "90", "%", "10")]),
        Project("320923190002", "动物疫病强制免疫", "农业农村局", "动物卫生监督所", "186", "重大动物疫病免疫密度保持在高位。",
                [Ind("产出指标", "数量指标", "免疫畜禽数量", "≥", "120", "万头（只）", "30",
                     expect={"name": "免疫畜禽数量", "operator": "≥", "value": "120", "weight": "30"}),
                 Ind("产出指标", "质量指标", "免疫密度", "≥", "90", "%", "30"),
                 Ind("效益指标", "社会效益指标", "区域性重大动物疫情", "定性", text="不发生", weight="30"),
                 Ind("满意度指标", "服务对象满意度指标", "养殖户满意度", "≥", "85", "%", "10")]),
    ]
    blocks: list = []
    for n, p in enumerate(projects, start=1):
        tb = TB(8)
        tb.row("项目名称", p.name, "", "", "项目编号", p.code)
        tb.row("主管部门", p.department, "", "", "实施单位", p.implementer)
        tb.row("资金总额", p.funds)
        tb.row("年度目标", p.goal)
        tb.row(*[h for h, _ in SEED_COLUMNS[:4]], "指标性质", "度量单位", "权重", "")
        cols = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标值", "value"),
                ("指标性质", "op"), ("度量单位", "unit"), ("权重", "weight"), ("", "blank")]
        indicator_rows(tb, p.indicators, cols, 0, merge=False)
        blocks += [f"#2019年项目支出绩效目标表（{n}）", "单位：万元", tb.finish()]
    return blocks, projects


def chongqing_2026_lines() -> tuple[list, list[Project]]:
    """重庆 (a district 医保局, 2026, one cell per line as copied from the finance bureau's web page)."""
    p = Project("50015226T000005012345", "城乡居民医保参保动员经费", "医疗保障局", "医疗保障事务中心", "18",
                "城乡居民基本医保参保率稳定在95%以上。",
                [Ind("产出指标", "数量指标", "参保动员宣传场次", "≥", "40", "场", "30", True),
                 Ind("产出指标", "质量指标", "参保信息准确率", "≥", "98", "%", "20", False),
                 Ind("效益指标", "社会效益指标", "居民医保参保率", "≥", "95", "%", "30", False),
                 Ind("满意度指标", "服务对象满意度指标", "参保群众满意度", "≥", "90", "%", "20", False)],
                attribute="延续项目", start="2026年", end="2026年", overview="开展城乡居民医保参保动员。",
                basis="根据部门职能职责")
    tb = TB(9)
    tb.row("项目名称", f"{p.code}-{p.name}")
    tb.row("主管部门", "412-医保局", "", "实施单位", "", "412001-" + p.implementer)
    tb.row("资金总额（万元）", p.funds, "", "项目属性", "", p.attribute)
    tb.row("项目起始时间", p.start, "", "项目终止时间", "", p.end)
    tb.row("项目概况", p.overview)
    tb.row("立项依据", p.basis)
    tb.row("项目当年绩效目标", p.goal)
    tb.row("绩效指标", *[h for h, _ in SEED_COLUMNS])
    indicator_rows(tb, p.indicators, SEED_COLUMNS, 1, merge=False)
    p.department = "412-医保局"
    p.implementer = "412001-" + p.implementer
    return ["#2026 年项目支出绩效目标表-3", "单位：万元", tb.finish()], [p]


def guangdong_2024_department() -> tuple[list, Department]:
    """广东 (a city 自然资源局, 2024, tab-separated text with no 附件 heading): 部门整体支出绩效目标表 with 计量单位."""
    d = Department("自然资源局", "8462.3", "完成国土空间规划编制和耕地保护任务。",
                   [Ind("产出指标", "数量指标", "完成不动产登记件数", "≥", "42000", "件", "15"),
                    Ind("产出指标", "数量指标", "耕地保有量", "≥", "56.8", "万亩", "15"),
                    Ind("产出指标", "质量指标", "登记差错率", "≤", "0.5", "%", "10"),
                    Ind("产出指标", "时效指标", "登记办理时限", "≤", "5", "个工作日", "10",
                        expect={"name": "登记办理时限", "operator": "≤", "value": "5", "weight": "10"}),
                    Ind("效益指标", "社会效益指标", "违法用地查处率", "=", "100", "%", "20"),
                    Ind("效益指标", "生态效益指标", "生态修复面积", "≥", "300", "公顷", "20"),
                    Ind("满意度指标", "服务对象满意度指标", "办事群众满意度", "≥", "90", "%", "10")])
    tb = TB(7)
    tb.row("部门名称", d.unit_name, "", "", "年度预算总额", d.budget, "")
    tb.row("年度整体绩效目标", d.goal)
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标性质", "op"), ("指标值", "value"),
               ("计量单位", "unit"), ("分值", "weight")]
    tb.row(*[h for h, _ in columns])
    indicator_rows(tb, d.indicators, columns, 0, merge=False)
    return ["#2024年部门整体支出绩效目标表", "单位：万元", tb.finish()], d


def _sichuan_system_form(s: SelfEval, *, implementer: str, overview: str | None, funds_note: str,
                         conclusion: tuple[str, str, str], signature: tuple[str, ...]) -> list:
    """The 部门预算项目支出绩效自评表 of 四川's provincial system (sichuan_2023_self, sichuan_2024_web_self,
    sichuan_2025_rate_self): 报表编号, 预算执行情况(10分) with 年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重,
    funds rows with `/` under 权重 and 得分 and their own 预算执行率 (`s.part_rates`), 绩效指标(90分) with 指标性质,
    度量单位, 完成值 and 未完成原因分析, then 合计 and the 评价结论 / 存在问题 / 改进措施 rows. What the three
    documents print differently is given: the 实施单位 label, a `2.项目实施内容及过程概述` row (None: none), the note in
    the 总额 row's 原因 cell, the three closing texts and the signature row."""
    tb = TB(11)
    tb.row("报表编号：510000_0013zp", spans={0: 11})
    tb.row(f"部门预算项目支出绩效自评表({s.year}年度)", spans={0: 11})
    tb.row("项目名称", f"{s.project_code}-{s.project_name}", spans={1: 10})
    tb.row("主管部门", s.department, implementer, s.implementer, spans={1: 4, 5: 2, 7: 4})
    tb.row("项目基本情况", "1.项目年度目标完成情况", "项目年度目标", "年度目标完成情况", spans={1: 2, 3: 4, 7: 4})
    tb.row("", "", s.expected_goal, s.achieved_goal, spans={1: 2, 3: 4, 7: 4})
    if overview is not None:
        tb.row("", "2.项目实施内容及过程概述", overview, spans={1: 2, 3: 8})
    tb.merge_down(4, 0, 2 if overview is None else 3)
    tb.merge_down(4, 1, 2)
    tb.finish()
    tb.row("预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因",
           spans={8: 3})
    f = s.funds
    first = len(tb.rows) - 1
    tb.row("", "总额", f["initial"], f["budget"], f["spent"], f["rate"], f["weight"], f["score"], funds_note, spans={8: 3})
    for label, a, b, c in s.funds_rows:
        tb.row("", label, a, b, c, s.part_rates.get(label, ""), "/", "/", "", spans={8: 3})
    tb.merge_down(first, 0, 2 + len(s.funds_rows))
    tb.finish()
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标性质", "op"), ("指标值", "value"),
               ("度量单位", "unit"), ("完成值", "actual"), ("权重", "weight"), ("得分", "score"), ("未完成原因分析", "reason")]
    header = tb.row("绩效指标(90分)", *[h for h, _ in columns])
    tb.finish()
    indicator_rows(tb, s.rows, columns, 1, merge=False)
    tb.merge_down(header, 0, len(s.rows) + 1)
    tb.finish()
    tb.row("合计", s.total_weight, s.total, "", spans={0: 8})
    for label, text in zip(("评价结论", "存在问题", "改进措施"), conclusion):
        tb.row(label, text, spans={1: 10})
    tb.row(*signature, spans={0: 5, 5: 6})
    return [tb.finish()]


def sichuan_2023_self() -> tuple[list, list[SelfEval]]:
    """四川 (a county 司法局, 2023, .xls from the provincial system): 预算执行情况(10分), funds rows with `/`, 绩效指标(90分)."""
    s = SelfEval("51092323T000010263357", "公共法律服务体系建设补助", "司法局", "司法局", "2023",
                 {"initial": "12", "budget": "15.36", "spent": "15.36", "weight": "10", "rate": "100.00%", "score": "10"},
                 [("其中：财政资金", "12", "15.36", "15.36"), ("财政专户管理资金", "0.00", "0.00", "0.00"),
                  ("单位资金", "0.00", "0.00", "0.00"), ("其他资金", "", "", "")],
                 "建成村（社区）公共法律服务点并正常运行。", "全部建成并投入使用。",
                 [Ind("产出指标", "数量指标", "公共法律服务点数量", "≥", "36", "个", "30", actual="36", score="30"),
                  Ind("产出指标", "质量指标", "服务点验收合格率", "=", "100", "%", "20", actual="100", score="20"),
                  Ind("产出指标", "时效指标", "建设完成时间", "≤", None, None, "10", cell="2023年12月前", actual="2023年11月",
                      score="10"),
                  Ind("效益指标", "社会效益指标", "群众法律咨询覆盖", "定性", text="显著提升", weight="20", actual="显著提升", score="20"),
                  Ind("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "10", actual="94", score="10")],
                 "100", "100", "", {"其中：财政资金": "100.00%", "财政专户管理资金": "0.00%", "单位资金": "0.00%"})
    return _sichuan_system_form(s, implementer="实施单位（盖章）", overview=None,
                                funds_note="预算执行率=预算执行数/调整后预算数",
                                conclusion=("项目按计划完成，自评得分100分。", "无", "无"),
                                signature=("项目负责人：", "", "", "", "", "财务负责人：")), [s]


def hunan_2022_self() -> tuple[list, list[SelfEval]]:
    """湖南 (a county 农业农村局, 2022, a web page re-posted in traditional characters): the central 自评表 template
    with `其中` printed on a row of its own above the funds sub-rows, a blank 其他资金 row, and sub-rows whose
    全年执行数 do not add up to the total's (财政拨款 124.5 + 上年结转资金 16 = 140.5, the total says 142.5)."""
    s = SelfEval("", "农机购置与应用补贴", "农业农村局", "农机事务中心", "2022",
                 {"initial": "120", "budget": "150", "spent": "142.5", "weight": "10", "rate": "95%", "score": "9.5"},
                 [("财政拨款", "100", "130", "124.5"), ("上年结转资金", "20", "20", "16"), ("其他资金", "", "", "")],
                 "落实农机购置补贴政策，提高农业机械化水平。", "全年补贴机具1260台，兑付资金142.5万元。",
                 [Ind("产出指标", "数量指标", "补贴机具数量", cell="≥1200台", actual="1260台", weight="30", score="30"),
                  Ind("产出指标", "质量指标", "补贴资金兑付准确率", cell="100%", actual="100%", weight="20", score="20"),
                  Ind("产出指标", "时效指标", "补贴兑付时限", cell="≤60天", actual="45天", weight="10", score="10"),
                  Ind("效益指标", "社会效益指标", "农作物耕种收综合机械化率", cell="≥75%", actual="76%", weight="20",
                      score="20"),
                  Ind("满意度指标", "服务对象满意度指标", "购机农户满意度", cell="≥90%", actual="93%", weight="10", score="10")],
                 "100", "99.5", "优")
    tb = TB(10)
    tb.row("项目名称", s.project_name, spans={1: 9})
    tb.row("主管部门", s.department, "实施单位", s.implementer, spans={1: 4, 6: 4})
    _central_funds_and_goal(tb, s, of_which_row=True)
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("年度指标值", "value"),
               ("实际完成值", "actual"), ("分值", "weight"), ("得分", "score"), ("偏差原因分析及改进措施", "reason")]
    header = tb.row("绩效指标", *[h for h, _ in columns], spans={0: 2})
    tb.finish()
    for ind in s.rows:
        tb.row("", *indicator_cells(ind, columns), spans={0: 2})
    tb.finish()
    tb.merge_down(header, 0, len(s.rows) + 1)
    tb.finish()
    tb.row("总分", s.total_weight, s.total, "", spans={0: 7})
    tb.row("自评等级", s.grade, spans={0: 3, 3: 7})
    tb.finish()
    for row in tb.rows:
        for c, t in enumerate(row):
            if t:
                row[c] = traditional(t)
    return [traditional("#项目支出绩效自评表"), "（2022年度）", tb], [s]


def guizhou_2024_self() -> tuple[list, list[SelfEval]]:
    """贵州 (a county 交通运输局, 2024, a ruled PDF): the funds label spans two columns, `其中` is one cell merged
    down the first column beside the sub-rows' labels, and a sub-row's 全年执行数 exceeds its 全年预算数
    (当年财政拨款 175 of 170) while the total stays within its budget."""
    s = SelfEval("52262624T000005120417", "农村公路养护", "交通运输局", "公路管理段", "2024",
                 {"initial": "200", "budget": "220", "spent": "215", "weight": "10", "rate": "97.73%", "score": "9.77"},
                 [("当年财政拨款", "150", "170", "175"), ("上年结转资金", "50", "50", "40"), ("其他资金", "0", "0", "0")],
                 "完成农村公路日常养护，保持路况良好。", "养护农村公路412公里，优良中等路率81%。",
                 [Ind("产出指标", "数量指标", "日常养护里程", cell="≥400公里", actual="412公里", weight="30", score="30"),
                  Ind("产出指标", "质量指标", "优良中等路率", cell="≥80%", actual="81%", weight="20", score="20"),
                  Ind("产出指标", "时效指标", "病害处治时限", cell="≤7天", actual="5天", weight="10", score="10"),
                  Ind("效益指标", "社会效益指标", "群众出行条件改善", cell="明显改善", actual="明显改善", weight="20", score="20"),
                  Ind("满意度指标", "服务对象满意度指标", "沿线群众满意度", cell="≥90%", actual="92%", weight="10", score="10")],
                 "100", "99.77", "优")
    tb = TB(8)
    tb.row("项目名称", f"{s.project_code}-{s.project_name}", spans={1: 7})
    tb.row("主管部门", s.department, "实施单位", s.implementer, spans={1: 3, 5: 3})
    tb.row("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", spans={0: 2})
    f = s.funds
    tb.row("年度资金总额", f["initial"], f["budget"], f["spent"], f["weight"], f["rate"], f["score"], spans={0: 2})
    first = len(tb.rows)
    for k, (label, a, b, c) in enumerate(s.funds_rows):
        tb.row("其中" if k == 0 else "", label, a, b, c, "—", "—", "—")
    tb.merge_down(first, 0, len(s.funds_rows))
    tb.finish()
    tb.row("年度总体目标", "预期目标", "实际完成情况", spans={1: 3, 4: 4})
    tb.row("", s.expected_goal, s.achieved_goal, spans={1: 3, 4: 4})
    tb.merge_down(len(tb.rows) - 2, 0, 2)
    tb.finish()
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("年度指标值", "value"),
               ("实际完成值", "actual"), ("分值", "weight"), ("得分", "score"), ("偏差原因分析及改进措施", "reason")]
    tb.row(*[h for h, _ in columns])
    tb.finish()
    indicator_rows(tb, s.rows, columns, 0, merge=True)
    tb.row("总分", s.total_weight, s.total, "", spans={0: 5})
    tb.row("自评等级", s.grade, spans={1: 7})
    return ["#项目支出绩效自评表", "（2024年度）", tb.finish(), "注：执行率=全年执行数/全年预算数。"], [s]


def sichuan_2024_web_self() -> tuple[list, list[SelfEval]]:
    """四川 (a county 卫生健康局, 2024, the 部门预算项目支出绩效自评表 published on the county's web page and copied
    cell by cell: one line per filled cell, empty cells left out). The provincial system's layout as in
    sichuan_2023_self, and what the web pages add: `实施单位 (盖章)` with a space, a `2.项目实施内容及过程概述` row,
    a note on how the rate is computed in the 总额 row's 原因 cell, `其中:财政资金` with a half-width colon.
    Two funds faults: the 总额 row prints 预算执行率 100.00% where 46.8 of 52 is 90.00%, and the 其中 rows'
    预算执行数 add up to 45.8 (财政资金 45 + 单位资金 0.8) where the total says 46.8."""
    s = SelfEval("51142124R000000031205", "基本公共卫生服务补助", "卫生健康局", "卫生健康局", "2024",
                 {"initial": "48", "budget": "52", "spent": "46.8", "weight": "10", "rate": "100.00%", "score": "10"},
                 [("其中:财政资金", "48", "51.2", "45"), ("财政专户管理资金", "0.00", "0.00", "0.00"),
                  ("单位资金", "0.00", "0.80", "0.80"), ("其他资金", "", "", "")],
                 "为辖区常住居民免费提供基本公共卫生服务。", "全年签约12450人，老年人健康管理率67.2%。",
                 [Ind("产出指标", "数量指标", "家庭医生签约服务人数", "≥", "12000", "人", "30", actual="12450", score="30"),
                  Ind("产出指标", "质量指标", "老年人健康管理率", "≥", "65", "%", "20", actual="67.2", score="20"),
                  Ind("产出指标", "时效指标", "补助资金拨付时间", "≤", None, None, "10", cell="2024年12月前",
                      actual="2024年11月", score="10"),
                  Ind("效益指标", "社会效益指标", "居民健康素养水平", "定性", text="稳步提升", weight="20", actual="稳步提升",
                      score="20"),
                  Ind("满意度指标", "服务对象满意度指标", "签约居民满意度", "≥", "90", "%", "10", actual="92", score="10")],
                 "100", "100", "", {"其中:财政资金": "87.89%", "财政专户管理资金": "0.00%", "单位资金": "100.00%"})
    return _sichuan_system_form(s, implementer="实施单位 (盖章)", overview="按季度拨付补助资金，开展签约随访和健康管理。",
                                funds_note="执行率按预算执行数除以调整后预算数计算；未达90%的须说明原因",
                                conclusion=("项目按计划实施，签约和健康管理任务全部完成。", "资金执行率未达调整后预算。",
                                            "加快资金拨付进度。"),
                                signature=("项目负责人:", "财务负责人:")), [s]


# A cell the 湖北 page prints over two lines (a line break inside it), by its one-line text.
_HUBEI_BROKEN = {"项目资金（万元）": "项目资金\n（万元）", "年度指标值": "年度\n指标值", "实际完成值": "实际\n完成值",
                 "偏差原因分析及改进措施": "偏差原因分析\n及改进措施", "社会效益指标": "社会效益\n指标",
                 "满意度指标": "满意度\n指标", "服务对象满意度指标": "服务对象\n满意度指标"}


def hubei_2019_self() -> tuple[list, list[SelfEval]]:
    """湖北 (a city 财政局, 2019, two 项目支出绩效自评表 on one web page, copied cell by cell): the central template
    with header and category cells printed over two lines (`年度` / `指标值`, `实际` / `完成值`, `社会效益` / `指标`,
    `满意度` / `指标`, `项目资金` / `（万元）`), 一级 merged down its run, blank 上年结转资金 / 其他资金 rows and no
    自评等级 row. The second form leaves its 实际完成情况 empty (the copy has no line for it), and its 执行率 75% (30
    of 40) is below 90% with no reason given (the template has no cell for one). Scores the audit recomputes: the first
    form's 系统可用率 (98% against ≥99%) keeps 18 of 20 points where the proportional rule gives 19.8."""
    sheets = [
        SelfEval("", "财政信息系统运维", "市财政局", "市财政局", "2019",
                 {"initial": "120", "budget": "120", "spent": "108", "weight": "10", "rate": "90%", "score": "9"},
                 [("其中：当年财政拨款", "120", "120", "108"), ("上年结转资金", "", "", ""), ("其他资金", "", "", "")],
                 "保障财政业务系统全年稳定运行。", "系统全年稳定运行，故障均在时限内处置。",
                 [Ind("产出指标", "数量指标", "运维系统数量", cell="≥12个", actual="12个", weight="20", score="20"),
                  Ind("产出指标", "质量指标", "系统可用率", cell="≥99%", actual="98%", weight="20", score="18",
                      reason="个别时段网络中断，下年增加备用线路"),
                  Ind("产出指标", "时效指标", "故障处置时限", cell="≤4小时", actual="3小时", weight="15", score="15"),
                  Ind("效益指标", "社会效益指标", "业务办理效率", cell="明显提升", actual="明显提升", weight="20", score="20"),
                  Ind("满意度指标", "服务对象满意度指标", "使用单位满意度", cell="≥90%", actual="93%", weight="15", score="15")],
                 "100", "97"),
        SelfEval("", "财政票据印制", "市财政局", "市财政票据管理中心", "2019",
                 {"initial": "40", "budget": "40", "spent": "30", "weight": "10", "rate": "75%", "score": "7.5"},
                 [("其中：当年财政拨款", "40", "40", "30"), ("上年结转资金", "", "", ""), ("其他资金", "", "", "")],
                 "按需印制各类财政票据，保障全市票据供应。", "",
                 [Ind("产出指标", "数量指标", "票据印制数量", cell="≥50万份", actual="42万份", weight="30", score="25",
                      reason="部分票据改为电子票据，印制量减少"),
                  Ind("产出指标", "时效指标", "票据供应及时率", cell="100%", actual="100%", weight="20", score="20"),
                  Ind("效益指标", "社会效益指标", "票据供应保障程度", cell="有效保障", actual="有效保障", weight="25", score="25"),
                  Ind("满意度指标", "服务对象满意度指标", "用票单位满意度", cell="≥90%", actual="95%", weight="15", score="15")],
                 "100", "92.5")]
    blocks: list = []
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("年度指标值", "value"),
               ("实际完成值", "actual"), ("分值", "weight"), ("得分", "score"), ("偏差原因分析及改进措施", "reason")]
    for s in sheets:
        tb = TB(10)
        tb.row("项目名称", s.project_name, spans={1: 9})
        tb.row("主管部门", s.department, "实施单位", s.implementer, spans={1: 4, 6: 4})
        _central_funds_and_goal(tb, s)
        tb.row("", "", *[h for h, _ in columns])
        tb.finish()
        indicator_rows(tb, s.rows, columns, 2, merge=True)
        tb.row("总分", s.total_weight, s.total, "", spans={0: 7})
        tb.finish()
        for row in tb.rows:
            for c, t in enumerate(row):
                if t in _HUBEI_BROKEN:
                    row[c] = _HUBEI_BROKEN[t]
        blocks += ["项目支出绩效自评表", f"（{s.year}年度）", tb]
    return blocks, sheets


def sichuan_2025_rate_self() -> tuple[list, list[SelfEval]]:
    """四川 (a county 水利局, 2025, .xls from the provincial system), laid out as sichuan_2023_self: each 其中 row
    prints its own 预算执行率. One fault: 其中：财政资金 prints 100.00% where its 30.4 of 32 is 95.00%; the 总额 row
    (34.2 of 36, 95.00%), 单位资金's own rate (3.8 of 4, 95.00%) and the sums are right."""
    s = SelfEval("51080225R000000041876", "农村饮水安全工程维修养护", "水利局", "水利局", "2025",
                 {"initial": "30", "budget": "36", "spent": "34.2", "weight": "10", "rate": "95.00%", "score": "9.5"},
                 [("其中：财政资金", "30", "32", "30.4"), ("单位资金", "0.00", "4", "3.8"), ("其他资金", "", "", "")],
                 "完成农村集中供水工程维修养护，保障群众饮水安全。", "完成全部工程维修养护，供水正常。",
                 [Ind("产出指标", "数量指标", "维修养护供水工程数量", "≥", "24", "处", "30", actual="24", score="30"),
                  Ind("产出指标", "质量指标", "维修工程验收合格率", "=", "100", "%", "20", actual="100", score="20"),
                  Ind("产出指标", "时效指标", "维修养护完成时间", "≤", None, None, "10", cell="2025年10月前",
                      actual="2025年9月", score="10"),
                  Ind("效益指标", "社会效益指标", "农村供水保障水平", "定性", text="有效提升", weight="20",
                      actual="有效提升", score="20"),
                  Ind("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥", "90", "%", "10", actual="93", score="10")],
                 "100", "99.5", "", {"其中：财政资金": "100.00%", "单位资金": "95.00%"})  # (财政资金's own: 30.4 / 32 = 95.00%)
    return _sichuan_system_form(s, implementer="实施单位（盖章）", overview=None,
                                funds_note="预算执行率=预算执行数/调整后预算数",
                                conclusion=("项目按计划实施，维修养护任务全部完成。", "部分资金年底前未支付。", "加快工程结算和资金支付。"),
                                signature=("项目负责人：", "", "", "", "", "财务负责人：")), [s]


def zhejiang_2025_flat() -> tuple[list, list[Project]]:
    """浙江 (a county's budget-system export, 2025, .xlsx): one flat sheet `部门项目支出绩效目标05-2`, project printed once per block."""
    projects = [
        Project("330522250000000345", "农村生活污水设施运维", "", "", "420", "",  # no 主管部门/实施单位 columns
                [Ind("产出指标", "数量指标", "运维处理设施数量", "≥", "310", "个", "20"),
                 Ind("产出指标", "质量指标", "出水达标率", "≥", "85", "%", "20"),
                 Ind("产出指标", "时效指标", "运维合同签订时间", "≤", None, None, "10", cell="2025年3月底前",
                     expect={"deadline": {"year": 2025, "month": 3, "day": None, "schedule": None}, "weight": "10"}),
                 Ind("效益指标", "生态效益指标", "农村水环境质量", "定性", text="持续改善", weight="30"),
                 Ind("满意度指标", "服务对象满意度指标", "村民满意度", "≥", "90", "%", "20")]),
        Project("330522250000000346", "大气污染防治专项", "", "", "160", "",
                [Ind("产出指标", "数量指标", "走航监测次数", "≥", "24", "次", "30"),
                 Ind("产出指标", "成本指标", "监测单次成本", "≤", "1.2", "万元", "20"),
                 Ind("效益指标", "生态效益指标", "PM2.5平均浓度", "≤", "30", "微克/立方米", "30",
                     expect={"name": "PM2.5平均浓度", "operator": "≤", "value": "30", "weight": "30"}),
                 Ind("满意度指标", "服务对象满意度指标", "公众满意度", "≥", "85", "%", "20")]),
    ]
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标性质", "op"), ("指标值", "value"),
               ("计量单位", "unit"), ("权重", "weight")]
    tb = TB(10)
    tb.row("部门项目支出绩效目标表", spans={0: 10})
    tb.row("单位：万元", spans={0: 10})
    tb.row("项目编码", "项目名称", "项目金额", *[h for h, _ in columns])
    for p in projects:
        start = len(tb.rows)
        for ind in p.indicators:
            tb.row(p.code, p.name, p.funds, *indicator_cells(ind, columns))
        for c in range(3):
            tb.merge_down(start, c, len(p.indicators))
        tb.finish()
    return [tb.finish()], projects


def henan_2023_flat() -> tuple[list, list[Project]]:
    """河南 (a county 教育局, 2023, .xls budget-system export): title rows above a flat table, 主管部门 column,
    the project printed only on its first row (not merged), a `是否核心指标` column, a 定性 row."""
    projects = [
        Project("41152323000000005511", "学生资助补助经费", "教育局", "学生资助管理中心", "862.4", "",
                [Ind("产出指标", "数量指标", "资助学生人数", "≥", "5200", "人", "30", True),
                 Ind("产出指标", "质量指标", "资助对象认定准确率", "=", "100", "%", "20", False),
                 Ind("产出指标", "时效指标", "资金发放及时率", "≥", "98", "%", "10", False),
                 Ind("效益指标", "社会效益指标", "因贫辍学情况", "定性", text="无因贫辍学", weight="30", core=False),
                 Ind("满意度指标", "服务对象满意度指标", "受助学生满意度", "≥", "90", "%", "10", False)]),
        Project("41152323000000005512", "乡村教师生活补助", "教育局", "教育局本级", "436", "",
                [Ind("产出指标", "数量指标", "补助教师人数", "≥", "1450", "人", "40", True),
                 Ind("产出指标", "成本指标", "人均月补助标准", "≥", "300", "元", "20", False),
                 Ind("效益指标", "可持续影响指标", "乡村教师队伍稳定", "定性", text="持续稳定", weight="30", core=False),
                 Ind("满意度指标", "服务对象满意度指标", "乡村教师满意度", "≥", "85", "%", "10", False)]),
    ]
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标性质", "op"), ("指标值", "value"),
               ("度量单位", "unit"), ("权重", "weight"), ("是否核心指标", "core")]
    tb = TB(12)
    tb.row("项目编码", "项目名称", "主管部门", "实施单位", *[h for h, _ in columns])
    for p in projects:
        for k, ind in enumerate(p.indicators):
            lead = (p.code, p.name, p.department, p.implementer) if k == 0 else ("", "", "", "")
            tb.row(*lead, *indicator_cells(ind, columns))
    return ["#2023年部门项目支出绩效目标表", "部门：教育局                单位：万元", tb.finish()], projects


def hubei_2019_department() -> tuple[list, Department]:
    """湖北 (a county 水利局, 2019, PDF printed without rules): 部门整体支出绩效目标表, no 权重 column."""
    d = Department("水利和湖泊局", "3120.5", "保障防汛安全和农村饮水安全。",
                   [Ind("产出指标", "数量指标", "堤防巡查里程", "≥", "180", "公里"),
                    Ind("产出指标", "数量指标", "农村供水工程维修", "≥", "25", "处"),
                    Ind("产出指标", "质量指标", "供水水质达标率", "≥", "95", "%"),
                    Ind("效益指标", "社会效益指标", "农村自来水普及率", "≥", "96", "%"),
                    Ind("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%")])
    rows = [["部门名称", d.unit_name, "", "预算总额", d.budget, ""],
            ["年度目标", d.goal, "", "", "", ""],
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "计量单位"]]
    for ind in d.indicators:
        rows.append([ind.level1, ind.level2, ind.name, ind.op, ind.value or "", ind.unit or ""])
    return [["#2019年部门整体支出绩效目标表", "单位：万元", ([40, 150, 270, 430, 520, 600], rows)]], d


def yunnan_2026() -> tuple[list, list[Project]]:
    """云南 (a county 民政局, 2026, ruled PDF): an indicator row cut by the page break, a `/` not-applicable row."""
    filler = [Ind("产出指标", "数量指标", f"第{n}批救助对象核查户数", "≥", str(100 + n), "户", "2", False) for n in range(1, 25)]
    cut = Ind("产出指标", "质量指标", "救助资金发放准确率", "=", "100", "%", "6", True,
              explain="按季度核查救助对象家庭经济状况、人口变动和收入来源，对不再符合条件的及时停发，确保救助资金精准发放到户到人")
    p = Project("53262226T000000881234", "困难群众救助补助", "民政局", "社会救助服务中心", "2860", "保障困难群众基本生活。",
                filler[:YUNNAN_FIRST_PAGE] + [cut] + filler[YUNNAN_FIRST_PAGE:] + [
                    Ind("产出指标", "成本指标", "其他成本指标", "=", None, None, "0", False, cell="/",
                        expect={"not_applicable": True}),
                    Ind("效益指标", "社会效益指标", "困难群众基本生活保障", "定性", text="有效保障", weight="20", core=False),
                    Ind("满意度指标", "服务对象满意度指标", "救助对象满意度", "≥", "90", "%", "16", False)])
    columns = SEED_COLUMNS + [("指标解释", "explain")]
    return [("yunnan", p, columns)], [p]


YUNNAN_FIRST_PAGE = 18  # indicator rows on page 1 before the row the page break cuts


# ============================================================================ writers, one per format


def _cells_for_text(tb: TB) -> list[list[str]]:
    return [["" if t is None else t for t in row] for row in tb.rows]


def write_pdf_ruled(path: Path, blocks, landscape: bool = True) -> None:
    out = []
    for b in blocks:
        if isinstance(b, TB):
            spans = [((c, r), (c + cs - 1, r + rs - 1)) for (r, c), (rs, cs) in b.spans.items()]
            out.append(pdfwriter.Table(_cells_for_text(b), spans=spans, header=b.header_rows))
        else:
            out.append(b)
    pdfwriter.ruled_pdf(path, out, landscape=landscape)


def _freeze_zip(path: Path) -> None:
    """Rewrite a .docx/.xlsx with fixed member times, so regenerating the corpus changes no bytes."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        members = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            if name == "docProps/core.xml":  # openpyxl stamps the save time whatever was set
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def write_docx(path: Path, blocks) -> None:
    import datetime

    import docx

    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = datetime.datetime(2026, 1, 1)
    for b in blocks:
        if isinstance(b, str):
            document.add_paragraph(b.lstrip("#"))
            continue
        table = document.add_table(rows=len(b.rows), cols=b.width)
        table.style = "Table Grid"
        for r, row in enumerate(b.rows):
            for c, text in enumerate(row):
                if text is not None:
                    table.cell(r, c).text = text
        for (r, c), (rs, cs) in b.spans.items():
            anchor = table.cell(r, c)
            text = b.rows[r][c] or ""
            merged = anchor.merge(table.cell(r + rs - 1, c + cs - 1))
            merged.text = text
    document.save(str(path))
    _freeze_zip(path)


def write_xlsx(path: Path, blocks, sheet: str = "Sheet1") -> None:
    import openpyxl

    import datetime

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = datetime.datetime(2026, 1, 1)
    ws = book.active
    ws.title = sheet
    r0 = 1
    width = max((b.width for b in blocks if isinstance(b, TB)), default=1)
    for b in blocks:
        if isinstance(b, str):
            ws.cell(r0, 1, b.lstrip("#"))
            if b.startswith("#"):
                ws.merge_cells(start_row=r0, start_column=1, end_row=r0, end_column=width)
            r0 += 1
            continue
        for r, row in enumerate(b.rows):
            for c, text in enumerate(row):
                if text:
                    ws.cell(r0 + r, c + 1, _excel_value(text))
        for (r, c), (rs, cs) in b.spans.items():
            ws.merge_cells(start_row=r0 + r, start_column=c + 1, end_row=r0 + r + rs - 1, end_column=c + cs)
        r0 += len(b.rows)
    book.save(str(path))
    _freeze_zip(path)


def _excel_value(text: str):
    """Numbers as numbers (what a budget system writes); everything else as text."""
    try:
        value = Decimal(text)
    except Exception:
        return text
    if not text or text != format(value, "f") or text.startswith("0") and text not in ("0",) and "." not in text:
        return text
    if len(text.replace(".", "")) > 15:
        return text  # a project code: budget systems write it as text (Excel keeps 15 digits of a number)
    return int(value) if value == value.to_integral_value() and "." not in text else float(value)


def write_xls(path: Path, blocks, sheet: str = "Sheet1", hidden: str | None = None) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    r0 = 0
    width = max((b.width for b in blocks if isinstance(b, TB)), default=1)
    for b in blocks:
        if isinstance(b, str):
            ws.write_merge(r0, r0, 0, width - 1, b.lstrip("#"))
            r0 += 1
            continue
        covered = set()
        for (r, c), (rs, cs) in b.spans.items():
            ws.write_merge(r0 + r, r0 + r + rs - 1, c, c + cs - 1, _excel_value(b.rows[r][c] or ""))
            covered |= {(r + dr, c + dc) for dr in range(rs) for dc in range(cs)}
        for r, row in enumerate(b.rows):
            for c, text in enumerate(row):
                if text and (r, c) not in covered:
                    ws.write(r0 + r, c, _excel_value(text))
        r0 += len(b.rows)
    if hidden:
        codes = book.add_sheet(hidden)
        codes.write(0, 0, "代码")
        codes.write(0, 1, "名称")
        codes.visibility = 1
    book.save(str(path))


def write_html(path: Path, blocks, title: str, encoding: str = "utf-8") -> None:
    import html

    parts = [f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
             f"<title>{html.escape(title)}</title><style>td{{border:1px solid #000}}</style></head><body>",
             '<table width="100%" class="layout"><tr><td>']
    for b in blocks:
        if isinstance(b, str):
            tag = "h3" if b.startswith("#") else "p"
            parts.append(f"<{tag}>{html.escape(b.lstrip('#'))}</{tag}>")
            continue
        parts.append('<table border="1" cellspacing="0">')
        for r, row in enumerate(b.rows):
            parts.append("<tr>")
            for c, text in enumerate(row):
                if text is None:
                    continue
                rs, cs = b.spans.get((r, c), (1, 1))
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                parts.append(f"<td{attrs}>{html.escape(text) if text else '&nbsp;'}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</td></tr></table></body></html>")
    path.write_bytes("\n".join(parts).encode("gb18030" if encoding.lower().startswith("gb") else "utf-8"))


def write_text(path: Path, blocks, style: str) -> None:
    """`tab` (the seed's layout), `pipe` (empty and merged cells dropped), `space` (pdftotext -layout), `lines`,
    `words` (one space between a row's filled cells; a cell printed over two lines continues on the next line)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, str):
            out += [b.lstrip("#"), ""]
            continue
        rows = b.rows
        if style == "tab":
            out += ["\t".join("" if t is None else t for t in row) for row in rows]
        elif style == "pipe":
            out += ["| " + " | ".join(t for t in row if t) + " |" for row in rows]
        elif style == "lines":
            out += [t for row in rows for t in row if t]
        elif style == "words":
            for row in rows:
                parts = [t.split("\n") for t in row if t]
                out += [" ".join(p[k] for p in parts if len(p) > k) for k in range(max(map(len, parts), default=0))]
        elif style == "space":
            widths = [max(_display(rows[r][c] or "") for r in range(len(rows))) for c in range(b.width)]
            for row in rows:
                line = ""
                for c, t in enumerate(row):
                    t = t or ""
                    line += t + " " * (widths[c] - _display(t) + 3)
                out.append(line.rstrip())
        out.append("")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _display(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_yunnan_pdf(path: Path, p: Project, columns) -> None:
    """A ruled table drawn page by page so that one row's 指标解释 is cut by the page break."""
    widths = [60, 90, 170, 50, 50, 50, 35, 60, 195]
    header = [h for h, _ in columns]
    keys = ([90, 330, 90, 250], [["项目名称", f"{p.code}-{p.name}", "资金总额（万元）", p.funds],
                                 ["主管部门", p.department, "实施单位", p.implementer],
                                 ["项目当年绩效目标", p.goal, "", ""]])
    rows = [indicator_cells(ind, columns) for ind in p.indicators]
    n = YUNNAN_FIRST_PAGE
    cut = rows[n]
    explain = cut[-1]
    cut_first = cut[:-1] + [_wrap(explain[:40], 20)]
    cut_rest = [""] * (len(cut) - 1) + [_wrap(explain[40:], 20)]
    page1 = ["2026年项目支出绩效目标表", "单位：万元", keys, (widths, [header] + rows[:n] + [cut_first])]
    page2 = ["2026年项目支出绩效目标表", "单位：万元", (widths, [header, cut_rest] + rows[n + 1:])]
    pdfwriter.drawn_pdf(path, [page1, page2], landscape=True)


def _wrap(text: str, size: int) -> str:
    return "\n".join(text[i:i + size] for i in range(0, len(text), size))


# ============================================================================ expected content, in model terms


def indicator_expected(ind: Ind, has: set[str], combined: bool) -> dict:
    if ind.expect is not None:
        return {"name": ind.name, "level1": ind.level1, "level2": ind.level2, **ind.expect}
    qualitative = ind.op == "定性"
    return {
        "name": ind.name,
        "level1": ind.level1 if "level1" in has else None,
        "level2": ind.level2 if "level2" in has else None,
        "operator": ind.op,
        "value": None if qualitative else number(ind.value),
        "unit": None if qualitative else ind.unit,
        "weight": number(ind.weight) if "weight" in has else None,
        "core": ind.core if "core" in has else None,
        "text_value": ind.text if qualitative else None,
        "direction": ind.direction if "direction" in has else None,
        "mid_term": ind.mid if "mid" in has else None,
        "not_applicable": False,
        "operator_printed": True,
    }


def project_expected(p: Project, has: set[str], combined: bool = False, lacks: tuple[str, ...] = ()) -> dict:
    out = {"kind": "project", "project_name": p.name, "funds": number(p.funds),
           "indicator_count": sum(1 for i in p.indicators if not i.empty),
           "indicators": [indicator_expected(i, has, combined) for i in p.indicators if not i.empty]}
    for key, value in (("project_code", p.code), ("department", p.department), ("implementer", p.implementer),
                       ("goal", p.goal), ("mid_goal", p.mid_goal), ("attribute", p.attribute)):
        if value:
            out[key] = value
    if p.funds_rows:
        out["funds_rows"] = [{"label": label, "amount": number(amount)} for label, amount in p.funds_rows]
    if lacks:
        out["lacks"] = list(lacks)
    return out


def department_expected(d: Department, has: set[str], lacks: tuple[str, ...] = ()) -> dict:
    out = {"kind": "department", "unit_name": d.unit_name, "budget": number(d.budget), "goal": d.goal,
           "indicator_count": len(d.indicators), "indicators": [indicator_expected(i, has, False) for i in d.indicators]}
    if lacks:
        out["lacks"] = list(lacks)
    return out


def parts_expected(s: SelfEval, numbers: bool) -> list[dict]:
    """The 其中 rows as read: the label without `其中：`; amounts as a spreadsheet shows numbers (`0.00` is 0) when
    `numbers` (the .xls/.xlsx writers store them as numbers), else as printed; each row's own 执行率 as printed
    (`part_rates`; "" where the form prints none)."""
    out = []
    for label, *amounts in s.funds_rows:
        out.append({"label": re.sub(r"^其中[:：]", "", label),
                    **{f: number(a) if numbers and a else a for f, a in zip(("initial", "budget", "spent"), amounts)},
                    "rate": s.part_rates.get(label, "")})
    return out


def selfeval_expected(s: SelfEval, columns: set[str], combined: bool, numbers: bool = False) -> dict:
    rows = []
    for ind in s.rows:
        if ind.empty:
            continue
        rows.append({"level1": ind.level1, "level2": ind.level2, "name": ind.name,
                     "nature": ind.op if "op" in columns else "",
                     "target": value_cell(ind, combined, combined) if ind.cell is None else ind.cell,
                     "unit": (ind.unit or "") if "unit" in columns and ind.cell is None else "",
                     "actual": ind.actual, "weight": ind.weight or "", "score": ind.score, "reason": ind.reason})
    out = {"kind": "selfeval", "project_name": s.project_name, "department": s.department,
           "implementer": s.implementer, "funds": dict(s.funds), "goal": {"expected": s.expected_goal, "achieved": s.achieved_goal},
           "row_count": len(rows), "rows": rows, "total_weight": s.total_weight, "total": s.total}
    if s.funds_rows:
        out["funds_parts"] = parts_expected(s, numbers)
    if s.project_code:
        out["project_code"] = s.project_code
    if s.grade:
        out["grade"] = s.grade
    return out


# ============================================================================ the corpus


ALL = {"level1", "level2", "weight", "core"}


def build(out: Path) -> list[Path]:
    written = []

    def save(name: str, province: str, year: int, fmt: str, modelled_on: str, reader: str, tables: list[dict],
             notes: str = "") -> None:
        expected = {"document": name, "province": province, "year": year, "format": fmt, "reader": reader,
                    "modelled_on": modelled_on, "tables": tables}
        if notes:
            expected["quirks"] = notes
        target = out / (name + ".expected.json")
        target.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.extend([out / name, target])

    blocks, projects = guangdong_2025()
    write_pdf_ruled(out / "guangdong-2025-jiuye.pdf", blocks, landscape=False)
    save("guangdong-2025-jiuye.pdf", "广东", 2025, "pdf-ruled", "county 人社局 项目支出绩效目标表 in a 部门预算公开 PDF",
         "document", [project_expected(p, {"level1", "level2", "weight", "direction"}, lacks=("core",)) for p in projects],
         "key block and indicator grid as two ruled tables; the grid runs over a page with its header repeated; "
         "指标方向 正向/反向 beside 指标性质; 分值 for 权重; tolerance `±3%以内`; funds sub-rows 其中：财政拨款 / 其他资金")

    blocks, projects = sichuan_2024()
    pages = [[b if isinstance(b, str) else (_xs(b), _cells_for_text(b)) for b in blocks]]
    pdfwriter.unruled_pdf(out / "sichuan-2024-qianqi.pdf", pages, landscape=True)
    save("sichuan-2024-qianqi.pdf", "四川", 2024, "pdf-unruled", "county 发改局 项目支出绩效目标表 printed by the provincial system",
         "document", [project_expected(p, ALL) for p in projects],
         "no rules: columns only by position; a deadline written as a date (`2024年11月前`); a 定性 row")

    blocks, projects = zhejiang_2022()
    write_docx(out / "zhejiang-2022-kehou.docx", blocks)
    save("zhejiang-2022-kehou.docx", "浙江", 2022, "docx", "city 教育局 附件3 项目支出绩效目标表 (Word)",
         "document", [project_expected(p, {"level1", "level2"}, combined=True, lacks=("weight", "core")) for p in projects],
         "no 权重 and no 是否核心指标 columns; operators and units written inside 指标值 (`≥120所`); "
         "funds sub-rows 当年财政拨款 / 上年结转资金 / 其他资金; a `绩效指标` label merged down the first column; `12月底前`")

    blocks, sheets = anhui_2022()
    write_docx(out / "anhui-2022-weituo-ziping.docx", blocks)
    save("anhui-2022-weituo-ziping.docx", "安徽", 2022, "docx", "town government 项目支出绩效自评表 (central template, Word)",
         "selfeval", [selfeval_expected(s, {"value", "actual"}, combined=True) for s in sheets],
         "level names with points `产出指标(50分)`; an empty 经济效益指标 row under a merged 一级; values with operators and units")

    blocks, projects = hubei_2022()
    write_xlsx(out / "hubei-2022-dalou.xlsx", blocks, sheet="项目绩效目标")
    save("hubei-2022-dalou.xlsx", "湖北", 2022, "xlsx", "city 市直部门预算项目支出绩效目标表 (Excel)",
         "document", [project_expected(p, {"level1", "level2"}, combined=True, lacks=("weight", "core")) for p in projects],
         "the 二级指标 header spans two columns (category, then the indicator's name); 绩效标准 explains the indicator "
         "and 当年预期实现值 holds the target with its operator (`>92%`); no project code")

    blocks, sheets = yunnan_2024()
    write_xls(out / "yunnan-2024-shuju-ziping.xls", blocks, sheet="自评表", hidden="代码表")
    save("yunnan-2024-shuju-ziping.xls", "云南", 2024, "xls", "prefecture 数据发展中心 项目支出绩效自评表 exported as .xls",
         "selfeval", [selfeval_expected(s, {"value", "actual"}, combined=True, numbers=True) for s in sheets],
         "title and 单位 rows above the sheet's table; a hidden code sheet; funds sub-rows; 总分 and 自评等级 rows")

    blocks, projects = beijing_2021()
    write_html(out / "beijing-2021-wenhua.html", blocks, "项目支出绩效目标申报表")
    save("beijing-2021-wenhua.html", "北京", 2021, "html", "district 文化和旅游局 项目支出绩效目标申报表 published as a web page",
         "document", [project_expected(p, {"level1", "level2", "weight", "mid"}, combined=True, lacks=("core",)) for p in projects],
         "中期目标 and 年度目标; 年度指标值 beside 中期指标值; rowspan/colspan; the data table inside a layout table; "
         "a deadline with a day (`2021年6月30日前`)")

    blocks, projects = henan_2024()
    write_html(out / "henan-2024-rencai-fanti.html", blocks, "績效目標", encoding="gb2312")
    save("henan-2024-rencai-fanti.html", "河南", 2024, "html-gb2312", "city 重大政策和重点项目绩效目标, re-posted in traditional characters",
         "document", [project_expected(p, {"level1", "level2", "weight"}, lacks=("core",)) for p in projects],
         "traditional characters throughout; a pinyin annotation in a key (`項(xiàng)目名稱`); GB2312 page; a heading "
         "`一、青年人才生活补贴` instead of 附件")

    blocks, department = shandong_2020()
    write_text(out / "shandong-2020-weijian.txt", blocks, "pipe")
    save("shandong-2020-weijian.txt", "山东", 2020, "text-pipe", "city 卫生健康委 部门整体支出绩效目标表 copied from a web page",
         "document", [department_expected(department, {"level1", "level2", "weight"}, lacks=("core",))],
         "`|`-separated rows: empty cells and merged 一级/二级 cells are dropped, so columns must be realigned against the header")

    blocks, projects = jiangsu_2019()
    write_text(out / "jiangsu-2019-nongye.txt", blocks, "space")
    save("jiangsu-2019-nongye.txt", "江苏", 2019, "text-space", "county 农业农村局 项目支出绩效目标表 as `pdftotext -layout` prints it",
         "document", [project_expected(p, ALL - {"core"}, lacks=("core",)) for p in projects],
         "runs of spaces between cells; two projects one after the other with numbered titles; project code in its own key")

    blocks, projects = chongqing_2026_lines()
    write_text(out / "chongqing-2026-yibao.txt", blocks, "lines")
    save("chongqing-2026-yibao.txt", "重庆", 2026, "text-lines", "district 医保局 附件 12-x 项目支出绩效目标表 copied cell by cell from the web page",
         "document", [project_expected(p, ALL) for p in projects],
         "one cell per line, empty cells left out; the seed's column order")

    blocks, department = guangdong_2024_department()
    write_text(out / "guangdong-2024-ziranziyuan.txt", blocks, "tab")
    save("guangdong-2024-ziranziyuan.txt", "广东", 2024, "text-tab", "city 自然资源局 部门整体支出绩效目标表, text from the PDF with no 附件 heading",
         "document", [department_expected(department, {"level1", "level2", "weight"}, lacks=("core",))],
         "tab-separated like the seed but no `附件 N` heading; 部门名称 / 年度预算总额 / 年度整体绩效目标 keys; 计量单位 and 分值")

    blocks, sheets = sichuan_2023_self()
    write_xls(out / "sichuan-2023-sifa-ziping.xls", blocks, sheet="部门预算项目支出绩效自评表")
    save("sichuan-2023-sifa-ziping.xls", "四川", 2023, "xls", "county 司法局 部门预算项目支出绩效自评表(2023年度) from the provincial system",
         "selfeval", [selfeval_expected(s, {"op", "value", "unit", "actual"}, combined=False, numbers=True) for s in sheets],
         "报表编号 row; 预算执行情况(10分) with 年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重; funds rows with `/`; "
         "绩效指标(90分); 合计 instead of 总分; 评价结论 / 存在问题 / 改进措施 rows")

    blocks, sheets = hunan_2022_self()
    write_html(out / "hunan-2022-nongji-ziping.html", blocks, traditional("项目支出绩效自评表"))
    save("hunan-2022-nongji-ziping.html", "湖南", 2022, "html", "county 农业农村局 项目支出绩效自评表 (central template), "
         "re-posted as a web page in traditional characters",
         "selfeval", [selfeval_expected(s, {"value", "actual"}, combined=True) for s in sheets],
         "traditional characters throughout (其中, 財政撥款, 上年結轉資金); `其中` on a row of its own above the funds "
         "sub-rows; a blank 其他资金 row; the sub-rows' 全年执行数 add up to 140.5 where the total says 142.5")

    blocks, sheets = guizhou_2024_self()
    write_pdf_ruled(out / "guizhou-2024-yanghu-ziping.pdf", blocks, landscape=True)
    save("guizhou-2024-yanghu-ziping.pdf", "贵州", 2024, "pdf-ruled", "county 交通运输局 项目支出绩效自评表 in a ruled PDF",
         "selfeval", [selfeval_expected(s, {"value", "actual"}, combined=True) for s in sheets],
         "`其中` merged down the first column beside the sub-rows' labels; 项目资金（万元） over two columns; "
         "当年财政拨款 spent 175 of a 170 budget while the total (215 of 220) is within its own")

    blocks, sheets = sichuan_2024_web_self()
    write_text(out / "sichuan-2024-weijian-ziping.txt", blocks, "lines")
    save("sichuan-2024-weijian-ziping.txt", "四川", 2024, "text-lines", "county 卫生健康局 部门预算项目支出绩效自评表(2024年度) "
         "published on the county's web page, copied cell by cell",
         "selfeval", [selfeval_expected(s, {"op", "value", "unit", "actual"}, combined=False) for s in sheets],
         "one line per filled cell, empty cells left out (the blank 其他资金 row keeps only its `/` under 权重 and 得分); "
         "`实施单位 (盖章)`; a `2.项目实施内容及过程概述` row; a note in the 总额 row's 原因 cell; `其中:财政资金`; "
         "预算执行率 printed 100.00% for 46.8 of 52; the 其中 rows' 预算执行数 add up to 45.8 where the total says 46.8")

    blocks, sheets = hubei_2019_self()
    write_text(out / "hubei-2019-caizheng-ziping.txt", blocks, "lines")
    save("hubei-2019-caizheng-ziping.txt", "湖北", 2019, "text-lines", "city 财政局 2019年度 项目支出绩效自评表, two "
         "forms on one web page, copied cell by cell", "selfeval",
         [selfeval_expected(s, {"value", "actual"}, combined=True) for s in sheets],
         "header and category cells printed over two lines (`年度` / `指标值`, `实际` / `完成值`, `偏差原因分析` / "
         "`及改进措施`, `社会效益` / `指标`, `满意度` / `指标`, `服务对象` / `满意度指标`, `项目资金` / `（万元）`); 一级 "
         "merged down its run; blank 上年结转资金 / 其他资金 rows; the second form's 实际完成情况 left empty; no 自评等级")

    write_text(out / "hubei-2019-caizheng-ziping-page.txt", blocks, "words")
    save("hubei-2019-caizheng-ziping-page.txt", "湖北", 2019, "text-words", "the same page as "
         "hubei-2019-caizheng-ziping.txt, copied as its text (one space between cells)", "selfeval",
         [selfeval_expected(s, {"value", "actual"}, combined=True) for s in sheets],
         "one space between a row's cells, empty cells left out; a cell printed over two lines continues on the next "
         "line under its row (`年度 实际` over `指标值 完成值`, a row's `社会效益` completed by `指标` below it)")

    blocks, sheets = sichuan_2025_rate_self()
    write_xls(out / "sichuan-2025-shuili-ziping.xls", blocks, sheet="部门预算项目支出绩效自评表")
    save("sichuan-2025-shuili-ziping.xls", "四川", 2025, "xls", "county 水利局 部门预算项目支出绩效自评表(2025年度) from the "
         "provincial system", "selfeval",
         [selfeval_expected(s, {"op", "value", "unit", "actual"}, combined=False, numbers=True) for s in sheets],
         "as sichuan-2023-sifa-ziping.xls, each 其中 row printing its own 预算执行率; 其中：财政资金 prints 100.00% "
         "where its 30.4 of 32 is 95.00%")

    blocks, projects = zhejiang_2025_flat()
    write_xlsx(out / "zhejiang-2025-huanjing.xlsx", blocks, sheet="部门项目支出绩效目标05-2")
    save("zhejiang-2025-huanjing.xlsx", "浙江", 2025, "xlsx-flat", "county budget-system export 部门项目支出绩效目标05-2",
         "document", [project_expected(p, {"level1", "level2", "weight"}, lacks=("core",)) for p in projects],
         "every project's indicators in one flat sheet, project code/name/amount printed once per block (merged); "
         "title and 单位 rows above the header; `2025年3月底前`")

    blocks, projects = henan_2023_flat()
    write_xls(out / "henan-2023-jiaoyu-flat.xls", blocks, sheet="部门项目支出绩效目标05-2")
    save("henan-2023-jiaoyu-flat.xls", "河南", 2023, "xls", "county 教育局 budget-system export 部门项目支出绩效目标05-2 (.xls)",
         "document", [_without_funds(project_expected(p, ALL)) for p in projects],
         "flat sheet of every project's indicators; title and 部门/单位 rows above the header; project code, name, "
         "主管部门 and 实施单位 printed on each project's first row only (not merged); no amount column")

    pages, department = hubei_2019_department()
    pdfwriter.unruled_pdf(out / "hubei-2019-shuili.pdf", pages, landscape=True)
    save("hubei-2019-shuili.pdf", "湖北", 2019, "pdf-unruled", "county 水利和湖泊局 部门整体支出绩效目标表 printed without rules",
         "document", [department_expected(department, {"level1", "level2"}, lacks=("weight", "core"))],
         "no rules; no 权重 column")

    layout, projects = yunnan_2026()
    _, p, columns = layout[0]
    write_yunnan_pdf(out / "yunnan-2026-jiuzhu.pdf", p, columns)
    save("yunnan-2026-jiuzhu.pdf", "云南", 2026, "pdf-ruled", "county 民政局 项目支出绩效目标表 with 指标解释, two pages",
         "document", [project_expected(p, ALL) for p in projects],
         "a row whose 指标解释 is cut by the page break (the rest printed under the repeated header on page 2); "
         "a `/` not-applicable 成本指标 row")
    return written


def xls_fixture(path: Path) -> Path:
    """A small .xls for tests/test_sources_xls.py: a merged title, number formats, a merged project cell, a hidden sheet."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("部门项目支出绩效目标05-2")
    sheet.write_merge(0, 0, 0, 5, "2021年部门项目支出绩效目标表")
    sheet.write(1, 5, "单位：万元")
    for col, text in enumerate(["项目名称", "一级指标", "三级指标", "指标值", "权重", "完成率"]):
        sheet.write(2, col, text)
    sheet.write_merge(3, 4, 0, 0, "0101-困难群众救助")
    sheet.write(3, 1, "产出指标")
    sheet.write(3, 2, "救助人数")
    sheet.write(3, 3, 1320000.0)
    sheet.write(3, 4, 30.0)
    sheet.write(3, 5, 0.95, xlwt.easyxf(num_format_str="0.00%"))
    sheet.write(4, 2, "资金")
    sheet.write(4, 3, 972.2, xlwt.easyxf(num_format_str="0.00"))
    sheet.write(4, 4, 0.1 + 0.2)
    hidden = book.add_sheet("代码表")
    hidden.write(0, 0, "001")
    hidden.visibility = 1
    book.save(str(path))
    return path


def seed_pdf(text: str, path: Path) -> Path:
    """The seed text (`examples/tongnan-shebao-2026.txt`) printed as a PDF with ruled tables.

    Tab-separated lines become ruled tables (consecutive lines, blank lines between them
    allowed), every other line a paragraph; landscape A4 like the published PDF's tables.
    """
    blocks: list = []
    table: list[list[str]] = []

    def close() -> None:
        if table:
            width = max(len(r) for r in table)
            blocks.append(pdfwriter.Table([r + [""] * (width - len(r)) for r in table]))
            table.clear()

    for line in text.splitlines():
        if "\t" in line:
            table.append(line.split("\t"))
        elif line.strip():
            close()
            blocks.append(line.strip())
    close()
    return pdfwriter.ruled_pdf(path, blocks, landscape=True, indent=True, keep_spaces=True)


def _without_funds(expected: dict) -> dict:
    expected.pop("funds", None)  # the form prints no amount
    return expected


def _xs(tb: TB) -> list[float]:
    """Column x positions for a table printed without rules: each column as wide as its longest cell."""
    xs, x = [], 40.0
    for c in range(tb.width):
        xs.append(x)
        longest = max((_display(r[c] or "") for r in tb.rows), default=4)
        x += max(longest, 4) * 4.6 + 18
    return xs


# ============================================================================ the findings each document must give

# What `perfeval validate` (national rules) must report on each target document, and why: the
# faults the data above carries (a cost target with ≥, weights adding up to 100 where the national
# rule set wants 90, rates filed under 数量指标, …) and the one note per table for what the printed
# form has no column or key for (fields.not_on_form, taxonomy.no_core_column, weights.no_column).
# Nothing else: a finding caused by reading, or a false alarm, fails tests/test_corpus_findings.py.
# Each entry: (code, table label as read, subject: the indicator or 一级指标 it names, or "").
# The seed PDF is held to the seed text's own findings instead (same document, two formats).

_W100 = "weights add up to 100 (the province's convention); the national rule set wants 90"
_SHARE = "一级 split differs from 产出 50 / 效益 30 / 满意度 10 (info)"
_LACKS = "the printed form has no such key or column: one note for the table"


def _t(label: str, *entries: tuple) -> list[tuple[str, str, str, str]]:
    return [(code, label, subject, why) for code, subject, why in entries]


FINDINGS: dict[str, list[tuple[str, str, str, str]]] = {
    "guangdong-2025-jiuye.pdf": _t(
        "2025年项目支出绩效目标表-1",
        ("weights.sum", "", _W100), ("fields.not_on_form", "", _LACKS), ("taxonomy.no_core_column", "", _LACKS),
        ("weights.level1_share", "产出指标", _SHARE), ("weights.level1_share", "效益指标", _SHARE),
        ("weights.level1_share", "满意度指标", _SHARE),
        *[("sense.rate_as_quantity", f"{name}补贴审核办结率", "a 审核办结率 (%) filed under 数量指标 in the data")
          for name in ("高校毕业生", "就业困难人员", "退役军人", "脱贫劳动力", "返乡创业人员", "灵活就业人员", "见习学员",
                       "技能培训学员", "创业担保贷款", "一次性创业资助", "租金补贴", "社保补贴")]),
    "sichuan-2024-qianqi.pdf": _t(
        "2024年项目支出绩效目标表-1",
        ("weights.sum", "", _W100), ("fields.not_on_form", "", _LACKS + " (项目概况, 立项依据)"),
        ("weights.level1_share", "产出指标", _SHARE)),
    "zhejiang-2022-kehou.docx": _t(
        "附件 3", ("fields.not_on_form", "", _LACKS), ("taxonomy.no_core_column", "", _LACKS),
        ("weights.no_column", "", _LACKS)),
    "hubei-2022-dalou.xlsx": _t(
        "2022年市直部门预算项目支出绩效目标表-1", ("fields.not_on_form", "", _LACKS),
        ("taxonomy.no_core_column", "", _LACKS), ("weights.no_column", "", _LACKS)),
    "beijing-2021-wenhua.html": _t(
        "2021年项目支出绩效目标申报表-1",
        ("weights.sum", "", _W100), ("fields.not_on_form", "", _LACKS), ("taxonomy.no_core_column", "", _LACKS),
        ("weights.level1_share", "产出指标", _SHARE), ("weights.level1_share", "效益指标", _SHARE),
        ("weights.level1_share", "满意度指标", _SHARE)),
    "henan-2024-rencai-fanti.html": _t(
        "表-1", ("weights.sum", "", _W100), ("fields.not_on_form", "", _LACKS), ("taxonomy.no_core_column", "", _LACKS),
        ("weights.level1_share", "产出指标", _SHARE)),
    "shandong-2020-weijian.txt": [],
    "jiangsu-2019-nongye.txt": _t(
        "2019年项目支出绩效目标表（1）-1",
        ("weights.sum", "", _W100), ("fields.not_on_form", "", _LACKS), ("taxonomy.no_core_column", "", _LACKS),
        ("weights.level1_share", "效益指标", _SHARE),
        ("sense.ecology", "化肥使用量", "a 生态效益指标 on a project whose name and goal say nothing of the environment (info)"))
    + _t("2019年项目支出绩效目标表（2）-2",
         ("weights.sum", "", _W100), ("fields.not_on_form", "", _LACKS), ("taxonomy.no_core_column", "", _LACKS),
         ("weights.level1_share", "产出指标", _SHARE)),
    "chongqing-2026-yibao.txt": _t(
        "2026 年项目支出绩效目标表-3-1",
        ("weights.sum", "", "weights 30+20+30+20 = 100 on a 重庆 form, whose tables add up to 90"),
        ("weights.level1_share", "满意度指标", _SHARE)),
    "guangdong-2024-ziranziyuan.txt": _t(
        "2024年部门整体支出绩效目标表",
        ("sense.ecology", "生态修复面积", "the 部门's goal names 国土空间规划 and 耕地保护, not the environment (info)")),
    "zhejiang-2025-huanjing.xlsx": _t(
        "部门项目支出绩效目标表-1",
        ("weights.sum", "", _W100), ("fields.not_on_form", "", _LACKS), ("taxonomy.no_core_column", "", _LACKS),
        ("weights.level1_share", "满意度指标", _SHARE))
    + _t("部门项目支出绩效目标表-2",
         ("weights.sum", "", _W100), ("fields.not_on_form", "", _LACKS), ("taxonomy.no_core_column", "", _LACKS),
         ("weights.level1_share", "满意度指标", _SHARE)),
    "henan-2023-jiaoyu-flat.xls": _t(
        "2023年部门项目支出绩效目标表-1",
        ("weights.sum", "", _W100), ("fields.not_on_form", "", _LACKS + " (no amount, no goal in the flat export)"),
        ("weights.level1_share", "产出指标", _SHARE))
    + _t("2023年部门项目支出绩效目标表-2",
         ("weights.sum", "", _W100), ("fields.not_on_form", "", _LACKS + " (no amount, no goal in the flat export)"),
         ("weights.level1_share", "产出指标", _SHARE),
         ("operators.cost_floor", "人均月补助标准", "the data gives this 成本指标 the operator ≥")),
    "hubei-2019-shuili.pdf": _t("2019年部门整体支出绩效目标表", ("weights.no_column", "", _LACKS)),
    "yunnan-2026-jiuzhu.pdf": _t(
        "2026年项目支出绩效目标表-1",
        ("fields.not_on_form", "", _LACKS), ("weights.level1_share", "产出指标", _SHARE),
        ("weights.level1_share", "效益指标", _SHARE), ("weights.level1_share", "满意度指标", _SHARE)),
}


# What `perfeval audit` (national rules) must report on each 自评表 of the corpus, and where: the faults the
# data carries and nothing else. Each entry: (code, line, cell as the reader locates it, subject: the row the
# finding names, why). The 其中 rows are read too, so their sums and their own budgets are checked.
AUDIT_FINDINGS: dict[str, list[tuple[str, int | None, str | None, str, str]]] = {
    "anhui-2022-weituo-ziping.docx": [],  # 本年财政拨款 90/90/89.97 is the total; blank sub-rows left out of the sums
    "yunnan-2024-shuju-ziping.xls": [],
    "sichuan-2023-sifa-ziping.xls": [],  # 其中：财政资金 12/15.36/15.36 and three sub-rows of 0 or blank
    "hunan-2022-nongji-ziping.html": [
        ("arith.funds_parts", 29, "表1 第4行第6列", "年度资金总额",
         "the 其中 rows' 全年执行数 add up to 140.5 (财政拨款 124.5 + 上年结转资金 16, the blank 其他资金 row left out) "
         "where the total says 142.5; 年初预算数 and 全年预算数 add up")],
    "hubei-2019-caizheng-ziping.txt": [
        ("explain.execution", 118, None, "预算执行率",
         "the second form (财政票据印制) spent 30 of 40 (75%, below 90%) and gives no reason; the first form's 90% "
         "needs none")],
    "hubei-2019-caizheng-ziping-page.txt": [
        ("explain.execution", 34, None, "预算执行率", "as in the cell-by-cell copy: 财政票据印制 spent 30 of 40 (75%) "
         "with no reason; its 年度资金总额 row is on line 34 of this copy")],
    "sichuan-2024-weijian-ziping.txt": [
        ("arith.funds_parts", 29, None, "总额",
         "the 其中 rows' 预算执行数 add up to 45.8 (财政资金 45 + 单位资金 0.8) where the 总额 row says 46.8; "
         "年初预算 (48) and 调整后预算数 (52) add up"),
        ("arith.rate", 30, None, "预算执行率", "预算执行率 printed 100.00% where 46.8 of 52 is 90%"),
        ("rescore.execution", 32, None, "预算执行率",
         "the 总额 row's 得分 10 follows the printed rate; at 90% the national rule set gives 9")],
    "sichuan-2025-shuili-ziping.xls": [
        ("arith.rate", 9, "部门预算项目支出绩效自评表!F9", "其中 财政资金",
         "the 其中：财政资金 row prints its own 预算执行率 100.00% where its 30.4 of 32 is 95.00%; the 总额 row's "
         "95.00% (34.2 of 36) and 单位资金's 95.00% (3.8 of 4) are right")],
    "guizhou-2024-yanghu-ziping.pdf": [
        ("arith.overspent", 7, "第5列", "当年财政拨款",
         "the 当年财政拨款 row spent 175 of its 170 budget (the total, 215 of 220, is within its own)")],
}


def write_findings(out: Path) -> list[Path]:
    """`name.findings.json` beside each target document and `name.audit.json` beside each 自评表: the findings
    `validate` or `audit` must give, and why."""
    written = []
    for name, entries in FINDINGS.items():
        target = out / (name + ".findings.json")
        data = {"document": name, "rules": "national",
                "findings": [{"code": c, "table": t, "subject": s, "why": w} for c, t, s, w in entries]}
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(target)
    for name, audit_entries in AUDIT_FINDINGS.items():
        target = out / (name + ".audit.json")
        data = {"document": name, "rules": "national",
                "findings": [{"code": c, "line": line, "cell": cell, "subject": s, "why": w}
                             for c, line, cell, s, w in audit_entries]}
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(target)
    return written


def main() -> None:
    if "--findings" in sys.argv[1:]:  # only the findings files (no document rewritten)
        for path in write_findings(HERE):
            print(path.relative_to(HERE.parent.parent))
        return
    written = build(HERE) + write_findings(HERE)
    seed = HERE.parent.parent / "examples" / "tongnan-shebao-2026.txt"
    written.append(xls_fixture(HERE / "fixture-formats.xls"))
    written.append(seed_pdf(seed.read_text(encoding="utf-8"), HERE / "chongqing-2026-tongnan-seed.pdf"))
    for path in written:
        print(path.relative_to(HERE.parent.parent))


if __name__ == "__main__":
    main()
