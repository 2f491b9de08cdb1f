"""`perfeval score` leaves its last large result to the process's exit instead of freeing it object by object."""

from __future__ import annotations

import json

from click.testing import CliRunner

from perfeval.cli import cli
from perfeval import _gc

from .conftest import EXAMPLES, SEED


def _province(folder, projects: int):
    """targets.json and actuals.json of `projects` one-row projects (every row met)."""
    tables = [{"表号": f"附件 12-{p + 1}", "项目编码": f"P{p:04d}", "项目名称": f"项目{p}", "资金总额": 10,
               "绩效指标": [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "发放人数",
                             "指标": "≥ 10 人", "权重": 90}]} for p in range(projects)]
    entries = [{"项目编码": f"P{p:04d}", "全年预算数": 10, "全年执行数": 9,
                "指标": [{"三级指标": "发放人数", "实际完成值": "12人"}]} for p in range(projects)]
    folder.mkdir()
    (folder / "targets.json").write_text(json.dumps({"格式": "perfeval 文档 1", "年度": 2026, "项目绩效目标表": tables},
                                                    ensure_ascii=False), encoding="utf-8")
    (folder / "actuals.json").write_text(json.dumps({"projects": entries}, ensure_ascii=False), encoding="utf-8")
    return str(folder / "targets.json"), str(folder / "actuals.json")


def test_only_the_last_large_result_is_kept_and_the_output_is_whole(tmp_path):
    parked = _gc._KEPT
    assert parked[0] is parked  # refers to itself: clearing the module at exit does not free it
    large = _province(tmp_path / "a", _gc.KEEP_MIN)
    first = CliRunner().invoke(cli, ["score", *large, "--format", "json", "-o", str(tmp_path / "a.json")])
    assert first.exit_code == 0, first.output
    assert len(parked) == 2 and len(parked[1].projects) == _gc.KEEP_MIN
    kept = parked[1]
    written = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert len(written["projects"]) == 200 and written["summary"]["by_grade"]["优"] == 200

    small = CliRunner().invoke(cli, ["score", str(SEED), str(EXAMPLES / "tongnan-shebao-2026.actuals.yaml")])
    assert small.exit_code == 0 and parked == [parked, kept]  # a small result is freed as the command returns

    again = CliRunner().invoke(cli, ["score", *large, "--format", "json", "-o", str(tmp_path / "b.json")])
    assert again.exit_code == 0 and len(parked) == 2 and parked[1] is not kept  # the earlier one is let go
    assert (tmp_path / "b.json").read_bytes() == (tmp_path / "a.json").read_bytes()
