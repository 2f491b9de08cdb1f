"""The terminal table writer (perfeval.render.terminal): tabulate's "simple" layout written directly
(issue 13.2), the same text as tabulate's to the character, wrapped and fitted or not."""

from __future__ import annotations

import random

import pytest
import tabulate as module
from wcwidth import wcswidth

from perfeval.render import terminal
from perfeval.render.terminal import table

PIECES = ["a", "ab c", " x ", "中文", "预算执行率", "≥95%", "", " ", "\n", "1.5", "-3", "True", "—", "（不完整）",
          "a-b-c", "长长的一段中文说明没有空格也要折行", "word word word", "\u3000全角", "x\ty", "e\u0301", "😀"]


def _tabulate(cells, headers, limits):
    if limits is None:
        return module.tabulate(cells, headers=headers, tablefmt="simple", disable_numparse=True)
    padding, module.MIN_PADDING = module.MIN_PADDING, 0
    try:
        return module.tabulate(cells, headers=headers, tablefmt="simple", disable_numparse=True,
                               maxcolwidths=limits, maxheadercolwidths=limits)
    finally:
        module.MIN_PADDING = padding


@pytest.mark.parametrize("seed", range(4))
def test_the_direct_layout_is_tabulates_to_the_character(seed):
    rng = random.Random(seed)
    compared = 0
    for _ in range(300):
        count = rng.randint(1, 5)
        headers = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3))).replace("\n", "") or "h"
                   for _ in range(count)]
        if rng.random() < 0.2:
            headers[0] = "一级\n指标"
        rows = [["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4))) for _ in range(count)]
                for _ in range(rng.randint(0, 5))]
        limits = [rng.choice([None, 3, 6, 8, 10]) for _ in range(count)] if rng.random() < 0.5 else None
        if limits is not None and not any(limits):
            limits = None
        try:
            expected = _tabulate([list(r) for r in rows], list(headers), limits)
        except ValueError:  # tabulate cannot wrap a cell holding only a line break
            continue
        assert terminal._simple([list(r) for r in rows], headers, limits) == expected, (headers, rows, limits)
        compared += 1
    assert compared > 250


@pytest.mark.parametrize("seed", range(2))
def test_rows_given_as_tuples_are_laid_out_as_lists_are_when_their_widths_and_lines_are_kept(seed):
    """Rows given as tuples (score's sheet) keep their cells' widths and their line per frame: a row met
    again, in a table of the same or of other column widths, is laid out as tabulate lays it out."""
    rng = random.Random(seed)
    plain = [p for p in PIECES if "\n" not in p and p not in ("True", "x\ty")]
    pool = [tuple("".join(rng.choice(plain) for _ in range(rng.randint(0, 3))) for _ in range(3)) for _ in range(6)]
    headers = ["一级指标", "得分", "h"]
    for _ in range(200):
        rows = [rng.choice(pool) for _ in range(rng.randint(0, 4))]
        expected = _tabulate([list(r) for r in rows], headers, None)
        assert table(rows, headers) == expected, rows
        assert table([list(r) for r in rows], headers) == expected


def test_a_chinese_table_stays_aligned_and_fits_the_width():
    rows = [["产出指标", "数量指标", "发放人数", "≥985人", "2462人", "20.00", "20.00", "超额完成",
             "大幅超额，须说明原因", "今年新增了两个乡镇的补贴对象，发放人数因此远超年初的计划"]] * 3
    headers = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "完成情况", "须说明", "偏差原因"]
    plain = table(rows, headers)
    lines = plain.split("\n")
    assert lines[0].startswith("一级指标    二级指标") and lines[2].startswith("产出指标    数量指标    发放人数")
    assert len({wcswidth(line[:line.index("20.00")]) for line in lines[2:]}) == 1  # the columns line up
    fitted = table(rows, headers, width=80)
    assert max(wcswidth(line) for line in fitted.split("\n")) <= 80
    reason = "".join(line.split("  ")[-1] for line in fitted.split("\n")[3:13])
    assert reason == "今年新增了两个乡镇的补贴对象，发放人数因此远超年初的计划"  # wrapped inside its cell, nothing lost
