"""The unfitted terminal table is written directly, and is the text tabulate's `simple` format gives."""

from __future__ import annotations

import random

from tabulate import tabulate

from perfeval.render.terminal import _simple, table

PIECES = ["a", "b", " ", "1", "2.5", "-", "错误", "（", "）", "第 3 行", "·", "—", "％", "%", "é", "\u3000", "1e5", "True",
          "nan", "|", "\u200b", "🙂"]


def test_the_direct_table_is_tabulates_simple_table():
    rng = random.Random(2026)
    for _ in range(2000):
        columns = rng.randint(1, 5)
        headers = ["".join(rng.choices(PIECES, k=rng.randint(0, 4))) for _ in range(columns)]
        rows = [["".join(rng.choices(PIECES, k=rng.randint(0, 5))) for _ in range(columns)]
                for _ in range(rng.randint(0, 4))]
        assert _simple(rows, headers) == tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)


def test_cells_tabulate_lays_out_itself_are_laid_out_as_tabulate_does():
    for cells, headers in (([["两行\n文字", "x"]], ["a", "b"]), ([["\x1b[31m红\x1b[0m"]], ["a"]),
                           ([["a\tb"]], ["a"]), ([["a", "b"]], ["only one"])):
        assert _simple(cells, headers) == tabulate(cells, headers=headers, tablefmt="simple", disable_numparse=True)
    expected = tabulate([["两行\n文字", ""]], headers=["级别", "说明"], tablefmt="simple", disable_numparse=True)
    assert table([["两行\n文字", None]], ["级别", "说明"]) == expected


def test_cells_of_other_types_and_padded_texts_are_laid_out_as_tabulate_does():
    from decimal import Decimal

    rows = [[None, 3, Decimal("2.50"), " 左右 ", "x"], ["", 12, Decimal("0"), "中文", "\u3000全角\u3000"],
            ("a", "b", "c", "d", "e")]
    headers = ["空", "数", "小数", " 头 ", "末"]
    expected = tabulate([["" if c is None else str(c) for c in r] for r in rows], headers=headers, tablefmt="simple",
                        disable_numparse=True)
    assert table(rows, headers) == expected
    assert table(iter(rows), headers) == expected  # rows given as an iterator


def test_the_plain_layout_is_the_same_when_its_caches_are_emptied_midway(monkeypatch):
    from perfeval.render import terminal

    rng = random.Random(13)
    rows = [["".join(rng.choices(["发放", "人数", "1", "%", " "], k=rng.randint(0, 4))) for _ in range(4)]
            for _ in range(60)]
    headers = ["一级指标", "b", "三级", "d"]
    expected = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    monkeypatch.setattr(terminal, "_MEASURED_SIZE", 5)  # emptied every few distinct texts
    monkeypatch.setattr(terminal, "_TEXTS_SIZE", 5)
    for _ in range(2):
        assert table(rows, headers) == expected
