"""The audit's lean paths give what the general ones give: the paired re-score, the rule-set variants,
the table written from the audits, and evidence as JSON."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from perfeval.actuals import Band
from perfeval.api import audit_files
from perfeval.errors import InputError
from perfeval.findings import Severity, _evidence_json, json_value
from perfeval.scoring import load_scoring_rules, score
from perfeval.scoring.engine import plan, score_paired
from perfeval.selfeval import Auditor
from perfeval.selfeval.render import render, render_audits

from ._scoring import act, actuals, funds, ind, table

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = load_scoring_rules("national")


def _rows(project):
    return [(r.indicator.name, r.weight, r.score, r.status, r.flags) for r in project.indicators]


@pytest.mark.parametrize("rules", ["national", "strict", "province-20"])
def test_score_paired_gives_the_rows_total_and_execution_of_score(rules):
    rules = load_scoring_rules(rules)
    target = table(ind("培训人次", "≥", 500, "人次", 30, line=10), ind("合格率", "≥", 90, "%", 20, line=11),
                   ind("成本", "≤", 2000, "元", 20, line=12), ind("提升", "定性", None, None, 20, line=13))
    items = [act("培训人次", 450, "人次"), act("合格率", 96, "%"), act("成本", "0.18", "万元"),
             act("提升", band="部分达成", share="0.6")]
    money = funds(budget=100, spent=80)
    general = score([target], actuals(*items, money=money), rules).projects[0]
    paired = score_paired(target, items, money, rules, plan(rules))
    assert _rows(paired) == _rows(general)
    assert paired.execution == general.execution and paired.execution.rate == Decimal("0.8")
    assert (paired.total, paired.grade, paired.complete) == (general.total, general.grade, True)
    if rules.name == "national":
        assert paired.indicators[0].score == Decimal(27)  # 450 of 500 at 30 points


def test_score_paired_refuses_what_score_refuses():
    target = table(ind("提升", "定性", None, None, 90, line=13))
    items = [act("提升", 5, "个")]  # a number for a 定性 row
    with pytest.raises(InputError) as general:
        score([target], actuals(*items, money=funds()), NATIONAL)
    with pytest.raises(InputError) as paired:
        score_paired(target, items, funds(), NATIONAL, plan(NATIONAL))
    assert [p.expected for p in paired.value.problems] == [p.expected for p in general.value.problems]
    assert "定性指标" in paired.value.problems[0].expected


def test_rule_set_variants_are_kept_apart_by_their_base():
    auditor = Auditor(NATIONAL)
    national = auditor.rules_for(Decimal(10), Decimal(90))
    assert auditor.rules_for(Decimal(10), Decimal(90)) is national  # made once
    # another base with the same points (a different weighting) is not the national variant
    other = attrs.evolve(NATIONAL.with_points(weights="rescale"), title="另一规则集")
    variant = auditor.rules_for(Decimal(10), Decimal(90), base=other)
    assert variant is not national and variant.title == "另一规则集"
    assert (variant.weights, variant.indicator_points, variant.execution_points) == ("as_printed", 90, 10)
    # the 部门整体 rule set is made once and scores 100 points of indicators
    assert auditor.department is auditor.department
    assert (auditor.department.indicator_points, auditor.department.execution_points) == (100, 0)


def _examples():
    return sorted((ROOT / "examples" / "audit").glob("*.[jty]*"))  # json, txt, yaml


@pytest.mark.parametrize("fmt,width", [("table", None), ("table", 80), ("markdown", None)])
def test_the_table_written_from_the_audits_is_the_report_rendered(fmt, width):
    result = audit_files(_examples(), NATIONAL)
    assert len(result.audits) >= 5 and result.findings
    text = render_audits(result, fmt, width=width)
    assert text == render(result.report(), fmt, width=width)
    assert text == render(result.report(), fmt, width=width)
    assert render_audits(result, fmt, per_sheet=False) == render(result.report(), fmt, per_sheet=False)


def test_evidence_as_json_is_json_value():
    class Level(str, __import__("enum").Enum):
        HIGH = "高"

    evidence = {"claimed": Decimal("12.50"), "rate": Fraction(1, 3), "whole": Fraction(4, 1), "count": 3,
                "flag": True, "none": None, "text": "达成", "band": Band.ACHIEVED, "severity": Severity.ERROR,
                "level": Level.HIGH, "parts": [Decimal("1.0"), ("a", 2)], "nested": {"x": Decimal("0.5")}, 7: "seven"}
    assert _evidence_json(evidence) == json_value(evidence)
    assert _evidence_json(evidence)["claimed"] == "12.50" and _evidence_json(evidence)["level"] == "高"


def test_what_is_built_while_paused_joins_the_oldest_generation():
    import gc

    from perfeval._gc import paused_gc

    assert gc.isenabled()
    with paused_gc():
        built = [[i] for i in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0  # nothing is left frozen
    # not young: the next collection does not rescan it (a full one still would)
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(built) in oldest and id(built[-1]) in oldest


def test_name_checks_run_only_where_the_rule_set_turns_them_on():
    from perfeval.checks import load_ruleset

    from ._selfeval import CLEAN_ROWS, replace, sheet

    names = load_ruleset("national")
    rows = replace(CLEAN_ROWS, 0, level1="产出指示")  # a 一级 name off the taxonomy
    rows = replace(rows, 1, name="质量指标")          # a 三级 name that only repeats its category
    faulty = sheet(rows=rows)

    def name_codes(ruleset):
        auditor = Auditor(NATIONAL, taxonomy=ruleset)
        return sorted({f.code for f in auditor.audit(faulty).findings if f.code.startswith(("taxonomy.", "sense."))})

    everything = name_codes(names)
    assert "taxonomy.near_miss" in everything and "sense.name_is_category" in everything
    sense_only = attrs.evolve(names, rules={c: r for c, r in names.rules.items() if not c.startswith("taxonomy.")})
    assert name_codes(sense_only) == [c for c in everything if c.startswith("sense.")]
    neither = attrs.evolve(names, rules={c: r for c, r in names.rules.items()
                                         if not c.startswith(("taxonomy.", "sense."))})
    assert Auditor(NATIONAL, taxonomy=neither).taxonomy is None and name_codes(neither) == []


def test_a_row_read_once_is_reported_at_each_sheets_own_cells():
    from perfeval.model import Location

    from ._selfeval import CLEAN_ROWS, replace, sheet

    auditor = Auditor(NATIONAL)
    found = []
    for file, line in (("a.yaml", 10), ("b.yaml", 30)):
        rows = replace(CLEAN_ROWS, 0, weight="三十", target="≥五百人次", location=Location(file, line))
        result = auditor.audit(attrs.evolve(sheet(rows=rows), label=file))
        found.append([(f.code, f.location.file, f.location.line, f.evidence.get("found")) for f in result.findings
                      if f.indicator == "培训人次" and f.code in ("sheet.number", "sheet.target")])
    assert found[0] == [("sheet.number", "a.yaml", 10, "三十"), ("sheet.target", "a.yaml", 10, "≥五百人次")]
    assert found[1] == [("sheet.number", "b.yaml", 30, "三十"), ("sheet.target", "b.yaml", 30, "≥五百人次")]


_SHEET_JSON = ('{"自评表": [{"项目名称": "P1-培训", "项目资金": {"年初预算数": 100, "全年预算数": 100, "全年执行数": 90.50,'
               ' "分值": 10, "执行率": "90.5%", "得分": 9.05, "其中": [{"项目": "当年财政拨款", "全年预算数": 100}]},'
               ' "年度总体目标": {"预期目标": "培训", "实际完成情况": "完成"},'
               ' "绩效指标": [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥10人次",'
               ' "分值": 90, "实际完成值": "12人次", "得分": 90.0, "偏差原因": " 无 "}], "总分": {"分值": 100, "得分": 99.05},'
               ' "自评等级": "优"}, {"格式": "perfeval 自评表 1", "项目名称": "P2", "绩效指标": [], "总分": 88}]}')


def _located(sheet):
    parts = [sheet, *sheet.rows, *((sheet.funds, *sheet.funds.parts) if sheet.funds else ()), *(() if sheet.goal is None else (sheet.goal,))]
    fields = ("weight", "score", "actual", "reason", "total", "total_weight", "grade", "budget", "spent", "expected", "label")
    return [(part.location, [part.where(f) for f in fields]) for part in parts]


@pytest.mark.parametrize("text", [
    _SHEET_JSON,
    _SHEET_JSON.replace('"偏差原因": " 无 "', '"偏差原因分析及改进措施": "原因"'),
    "[" + _SHEET_JSON[len('{"自评表": ['):-1],
])
def test_sheets_decoded_typed_are_the_sheets_read_the_standard_way(text):
    from perfeval.selfeval._fastjson import read_json_sheets_fast
    from perfeval.selfeval.native import read_json_sheets

    fast = read_json_sheets_fast(text.encode(), "a.json", "a.json")
    standard = read_json_sheets(text, "a.json", "a.json")
    assert fast is not None and fast == standard
    assert fast[0].funds.spent == "90.50" and fast[0].rows[0].score == "90.0" and fast[0].total_weight == "100"
    assert [_located(s) for s in fast] == [_located(s) for s in standard]


@pytest.mark.parametrize("text, says", [
    (_SHEET_JSON.replace('"自评等级": "优"', '"自评等级": "优", "自评等级": "良"'), "重复的键 自评等级"),
    (_SHEET_JSON.replace('"得分": 90.0', '"得分": ' + "9" * 41), "9999"),
    (_SHEET_JSON.replace('"三级指标": "培训人次"', '"三级指标 ": "培训人次", "三级": 1'), "三级指标"),
    (_SHEET_JSON.replace('"perfeval 自评表 1"', '"别的格式"'), "格式 应为"),
])
def test_what_the_typed_decoder_cannot_vouch_for_is_read_the_standard_way(tmp_path, text, says):
    from perfeval.selfeval._fastjson import read_json_sheets_fast
    from perfeval.selfeval.readers import read_sheets

    assert read_json_sheets_fast(text.encode(), "a.json", "a.json") is None
    path = tmp_path / "a.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_sheets(path)
    assert says in refused.value.render()


def test_both_spellings_of_a_field_keep_the_last_written_as_the_standard_reader_does():
    from perfeval.selfeval._fastjson import read_json_sheets_fast
    from perfeval.selfeval.native import read_json_sheets

    text = _SHEET_JSON.replace('"偏差原因": " 无 "', '"偏差原因分析及改进措施": "甲", "偏差原因": "乙"')
    assert read_json_sheets_fast(text.encode(), "a.json", "a.json") is None
    assert read_json_sheets(text, "a.json", "a.json")[0].rows[0].reason == "乙"
