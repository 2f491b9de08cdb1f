"""The batch overview: grades claimed against re-scored, largest differences, most frequent codes."""

from __future__ import annotations

import attrs

from perfeval.scoring import load_scoring_rules
from perfeval.selfeval.batch import audit_all, audit_report
from perfeval.selfeval.summary import frequent_codes, grade_matrix, largest_differences

from ._selfeval import CLEAN_ROWS, replace, sheet


def _batch():
    clean = sheet()
    zero = sheet(replace(CLEAN_ROWS, 0, actual="0人次"))                       # 优 claimed, re-scored 中
    deducted = sheet(replace(CLEAN_ROWS, 1, score="15"), total="92.8")        # under-scored by 5, no reason
    return [clean, zero, deducted]


def test_grade_matrix_counts_claimed_against_rescored():
    audits = audit_all(_batch(), load_scoring_rules("national"))
    matrix = grade_matrix(audits, ["优", "良", "中", "差"])
    assert matrix["优"] == {"优": 2, "良": 0, "中": 1, "差": 0, "—": 0}
    assert sum(sum(row.values()) for row in matrix.values()) == 3


def test_largest_differences_come_first_with_their_sign():
    audits = audit_all(_batch(), load_scoring_rules("national"))
    rows = largest_differences(audits)
    assert [(r["indicator"], r["difference"]) for r in rows] == [("培训人次", "30"), ("培训合格率", "-5")]
    assert rows[0]["location"]["line"] == 10


def test_frequent_codes_and_report_shape():
    rules = load_scoring_rules("national")
    batch = [attrs.evolve(s, label=f"s{i}.yaml") for i, s in enumerate(_batch() + [sheet(replace(CLEAN_ROWS, 0, actual="0人次"))])]
    audits = audit_all(batch, rules)
    codes = frequent_codes([f for a in audits for f in a.findings])
    assert codes[:3] == [  # ties are broken by the code
        {"code": "explain.unmet", "title": "未完成未说明原因", "findings": 2, "sheets": 2},
        {"code": "rescore.grade", "title": "复核后等级改变", "findings": 2, "sheets": 2},
        {"code": "rescore.over", "title": "得分高于复核结果", "findings": 2, "sheets": 2}]
    assert codes[3] == {"code": "rescore.under", "title": "扣分未说明原因", "findings": 1, "sheets": 1}
    report = audit_report(audits, rules, files=2)
    assert report["summary"]["sheets"] == 4 and report["summary"]["files"] == 2
    assert report["summary"]["sheets_with_errors"] == 2
    assert report["sheets"][1]["rescored_total"] == "67.8" and report["sheets"][1]["rescored_grade"] == "中"
    assert report["overview"]["largest_differences"][0]["difference"] == "30"
    assert set(report) == {"rule_set", "findings", "summary", "sheets", "overview"}
    totals = report["overview"]["largest_total_differences"]
    assert [(t["table"], t["difference"], t["rescored_grade"]) for t in totals] == [
        ("s1.yaml", "30", "中"), ("s3.yaml", "30", "中"), ("s2.yaml", "-5", "优")]
