"""The unfitted terminal table is written directly, and is the text tabulate's `simple` format gives."""

from __future__ import annotations

import random

from tabulate import tabulate

from perfeval.render.terminal import _simple, table

PIECES = ["a", "b", " ", "1", "2.5", "-", "错误", "（", "）", "第 3 行", "·", "—", "％", "%", "é", "\u3000", "1e5", "True",
          "nan", "|", "\u200b", "🙂"]


def test_the_direct_table_is_tabulates_simple_table():
    rng = random.Random(2026)
    written = 0
    for _ in range(2000):
        columns = rng.randint(1, 5)
        headers = ["".join(rng.choices(PIECES, k=rng.randint(0, 4))) for _ in range(columns)]
        rows = [["".join(rng.choices(PIECES, k=rng.randint(0, 5))) for _ in range(columns)]
                for _ in range(rng.randint(0, 4))]
        direct = _simple(rows, headers)
        if direct is not None:
            written += 1
            assert direct == tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    assert written > 1500


def test_cells_tabulate_lays_out_itself_go_to_tabulate():
    assert _simple([["两行\n文字", "x"]], ["a", "b"]) is None   # a line break: tabulate's multi-line rows
    assert _simple([["\x1b[31m红\x1b[0m"]], ["a"]) is None      # an escape sequence
    assert _simple([["a\tb"]], ["a"]) is None                   # a control character has no width
    assert _simple([["a", "b"]], ["only one"]) is None          # a ragged row
    expected = tabulate([["两行\n文字", ""]], headers=["级别", "说明"], tablefmt="simple", disable_numparse=True)
    assert table([["两行\n文字", None]], ["级别", "说明"]) == expected
