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
