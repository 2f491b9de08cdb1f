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


def test_tuple_rows_are_laid_out_the_same_when_rows_stop_being_kept(monkeypatch):
    """Rows given as tuples are kept (widths, lines) while they repeat; once a trial finds they do not, the
    table is laid out without them: the same text either way, rows met again or not."""
    from perfeval.render import terminal

    monkeypatch.setattr(terminal, "_ROW_MEMO", terminal._RowMemo())
    monkeypatch.setattr(terminal, "_ROW_TRIAL", 20)
    rng = random.Random(7)
    headers = ["一级指标", "三级指标", "值", "得分"]
    seen = []
    for n in range(40):
        rows = [tuple(["产出指标", f"指标{n}-{i}" + "甲" * rng.randint(0, 3), rng.choice(["≥95%", "定性", "1人"]),
                       rng.choice(["20.00", "9.5"])]) for i in range(rng.randint(1, 6))]
        if seen and n % 5 == 0:
            rows = rng.choice(seen)  # a table met before
        seen.append(rows)
        assert table(rows, headers) == tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    assert not terminal._ROW_MEMO.on  # distinct rows: the trial turned keeping them off


def test_repeated_tuple_rows_stay_kept_and_laid_out_as_tabulate_does(monkeypatch):
    from perfeval.render import terminal

    monkeypatch.setattr(terminal, "_ROW_MEMO", terminal._RowMemo())
    monkeypatch.setattr(terminal, "_ROW_TRIAL", 20)
    rows = [("产出指标", "发放人数", "≥95%", "20.00"), ("效益指标", "满意度", "定性", "9.5")]
    headers = ["一级指标", "三级指标", "值", "得分"]
    for n in range(30):
        assert table(rows[: 1 + n % 2], headers) == tabulate(rows[: 1 + n % 2], headers=headers, tablefmt="simple",
                                                             disable_numparse=True)
    assert terminal._ROW_MEMO.on and terminal._ROW_MEMO.hits > 20
