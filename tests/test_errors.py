"""The one problem type and the one collector every reader and loader raises through."""

from __future__ import annotations

import pytest

from perfeval.errors import InputError, Problem, Problems, RuleError, problem_at
from perfeval.limits import REPORTED
from perfeval.model import Location


def test_a_problem_carries_a_location_and_renders_it():
    problem = problem_at("附件.xlsx", 12, "数字", "abc", cell="附件12-4!D12")
    assert problem.location == Location("附件.xlsx", 12, "附件12-4!D12")
    assert (problem.file, problem.line, problem.cell) == ("附件.xlsx", 12, "附件12-4!D12")
    assert problem.render() == "附件.xlsx:12 (附件12-4!D12): 数字；实际为：abc"
    assert Problem(Location("a.pdf", 3, page=2), "表头").render() == "a.pdf 第2页:3: 表头"


def test_the_old_positional_form_still_reads_as_file_line_expected_found():
    assert Problem("a.txt", None, "期望", "实际") == problem_at("a.txt", None, "期望", "实际")


def test_problems_are_raised_together_and_counted_past_the_cap():
    problems = Problems(limit=3)
    assert not problems
    problems.raise_if_any()  # nothing found: nothing raised
    for line in range(1, 6):
        problems.at("a.csv", line, "数字", "x")
    with pytest.raises(InputError) as info:
        problems.raise_if_any()
    assert [p.line for p in info.value.problems[:3]] == [1, 2, 3]
    assert info.value.problems[3:] == ("……另有 2 处问题未列出",)


def test_the_default_cap_is_the_reported_limit_and_the_error_class_is_chosen():
    problems = Problems()
    problems.extend(problem_at("r.toml", n, "键") for n in range(REPORTED.value + 1))
    with pytest.raises(RuleError) as info:
        problems.raise_if_any(RuleError)
    assert len(info.value.problems) == REPORTED.value + 1 and info.value.problems[-1] == "……另有 1 处问题未列出"
