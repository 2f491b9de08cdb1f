"""自评表 JSON decoded straight into structs (`selfeval._fastjson`) gives the sheets the standard reader gives
(`json.loads` and `native.sheets_from_data`), or says "not sure" (None) and leaves the file to it."""

from __future__ import annotations

import json
import pickle

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.errors import InputError
from perfeval.judgement import CATEGORY_NAMES
from perfeval.selfeval import _fastjson, native, read_sheets
from perfeval.selfeval import readers as selfeval_readers
from perfeval.selfeval.native import FUNDS_KEYS, GOAL_KEYS, PART_KEYS, ROW_KEYS, SHEET_KEYS, TOTAL_KEYS


class _Token(str):
    """A number written as this text (1.50 stays 1.50)."""


class _Pairs(list):
    """A JSON object as its (key, value) pairs: a key may be written twice."""


def _dump(value, spaced: bool, escaped: bool = False) -> str:
    """`value` as JSON text, `spaced` after its colons and commas, `escaped`: every character past ASCII as \\uXXXX."""
    colon, comma = (": ", ", ") if spaced else (":", ",")
    if isinstance(value, _Token):
        return str(value)
    if isinstance(value, _Pairs):
        return "{" + comma.join(f"{json.dumps(k, ensure_ascii=escaped)}{colon}{_dump(v, spaced, escaped)}"
                                for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + comma.join(_dump(v, spaced, escaped) for v in value) + "]"
    return json.dumps(value, ensure_ascii=escaped)


_TEXTS = st.one_of(st.sampled_from(["培训人次", "≥90%", "达成", "80.00%", "", "优"]),
                   st.text(" 　优达成%≥95人次万元\t:-", max_size=6),
                   st.sampled_from(["12:00前", "a\\u003ab"]).map(lambda t: _Token(json.dumps(t).replace("\\\\", "\\"))))
_NUMBERS = st.one_of(st.integers(-5, 200), st.sampled_from([10 ** 40 - 1, 10 ** 40, -10 ** 39 + 1, -10 ** 39]),
                     st.sampled_from(["1.50", "8.0", "419.2", "-0.0", "1e5", "1E+30", "0.0000000000000000001",
                                      "123456789012345678.5", "1" * 45 + ".5"]).map(_Token),
                     # kept as their own text where short and plain (`_fastjson._float_text`), below 1e-6 not
                     st.from_regex(r"-?(0|[1-9][0-9]{0,19})\.(0{0,8})[0-9]{1,14}", fullmatch=True).map(_Token),
                     st.sampled_from(["0.0000001", "0.000001", "-0.0000000", "0.000000", "10.00000012",
                                      "1234567890123456789.12345", "0.0000000000000000000012"]).map(_Token))
_SCALARS = st.one_of(_TEXTS, _TEXTS, _NUMBERS, st.booleans(), st.none())
_ODD = st.one_of(st.lists(st.integers(0, 3), max_size=1), st.builds(lambda v: _Pairs([("a", v)]), st.integers(0, 3)))
_VALUES = st.one_of(_SCALARS, _SCALARS, _SCALARS, _ODD)


def _pairs(keys: list[str], values=_VALUES, extra=("备注", " 分值", _fastjson._HERE_KEY)):
    """Objects of these keys: mostly each once, sometimes a key written twice or one not in the schema (also the key
    of the lean structs' own `here` field, which the standard path reports)."""
    plain = st.lists(st.sampled_from(keys), unique=True, min_size=1, max_size=len(keys)).flatmap(
        lambda chosen: st.tuples(*[st.tuples(st.just(k), values) for k in chosen]).map(_Pairs))
    wild = st.lists(st.tuples(st.sampled_from(keys + list(extra)), values), max_size=len(keys) + 1).map(_Pairs)
    return st.one_of(plain, plain, plain, wild)


_PLAIN = st.one_of(st.sampled_from(["培训人次", "≥90%", " 达成", "80.00%", "1025人次"]), st.integers(0, 100)).map(str)
_MOSTLY = st.one_of(_PLAIN, _PLAIN, _PLAIN, _TEXTS)
_SMALL = st.one_of(*[st.integers(0, 100)] * 8, st.sampled_from(["1.50", "8.0", "419.2"]).map(_Token), _NUMBERS)
# (一级/二级 mostly a category's name, which the lean structs take as their own text; sometimes another text)
_LEVEL = st.one_of(st.sampled_from(CATEGORY_NAMES), st.sampled_from(CATEGORY_NAMES), st.just(""), _MOSTLY)
_PLAIN_ROW = st.builds(lambda l1, l2, name, target, weight, actual, score: _Pairs(
    [("一级指标", l1), ("二级指标", l2), ("三级指标", name), ("年度指标值", target), ("分值", weight),
     ("实际完成值", actual), ("得分", score)]), _LEVEL, _LEVEL, _MOSTLY, _MOSTLY, _SMALL, _MOSTLY, _SMALL)
_ROWS = st.lists(st.one_of(_PLAIN_ROW, _PLAIN_ROW, _pairs(list(ROW_KEYS)), st.integers(0, 3)), max_size=4)
_PARTS = st.lists(st.one_of(_pairs(list(PART_KEYS)), st.integers(0, 3)), max_size=2)
_FUNDS = st.one_of(_pairs(list(FUNDS_KEYS), st.one_of(_VALUES, _PARTS)), _SCALARS)
_TOTAL = st.one_of(_pairs(list(TOTAL_KEYS)), _SCALARS, _ODD)
_BY_KEY = {"格式": st.sampled_from(["perfeval 自评表 1", "自评表", 1]), "项目资金": _FUNDS,
           "年度总体目标": st.one_of(_pairs(list(GOAL_KEYS)), _SCALARS), "绩效指标": st.one_of(_ROWS, _ROWS, _SCALARS),
           "总分": _TOTAL}
_SHEET = st.lists(st.sampled_from(list(SHEET_KEYS) + ["备注", _fastjson._HERE_KEY]), unique=True,
                  max_size=len(SHEET_KEYS)).flatmap(
    lambda keys: st.tuples(*[st.tuples(st.just(k), _BY_KEY.get(k, _SCALARS)) for k in keys]).map(_Pairs))
_PLAIN_SHEET = st.builds(lambda name, budget, spent, rows, total: _Pairs(
    [("项目名称", name), ("项目资金", _Pairs([("全年预算数", budget), ("全年执行数", spent), ("执行率", "80%")])),
     ("绩效指标", rows), ("总分", total), ("自评等级", "优")]),
    _MOSTLY, _SMALL, _SMALL, st.lists(_PLAIN_ROW, max_size=3), st.one_of(_SMALL, _pairs(list(TOTAL_KEYS), _SMALL)))
_SHEETS = st.one_of(_SHEET, _PLAIN_SHEET, _PLAIN_SHEET)
_FILES = st.one_of(st.lists(_SHEETS, max_size=3), st.builds(lambda s: _Pairs([("自评表", s)]), st.lists(_SHEETS, max_size=3)),
                   _SHEETS, st.builds(lambda s: _Pairs([("自评表", s), ("x", 1)]), st.lists(_SHEETS, max_size=1)))


def _block(block, fields):
    if block is None:
        return None
    kept = attrs.astuple(block, recurse=False, filter=lambda a, _: a.name not in ("cells", "rows", "funds", "goal", "parts"))
    return type(block).__name__, kept, block.location, [block.where(field) for field in (*fields, "nope")]


def _seen(sheets):
    """Each sheet's fields, locations and the cell of every field, of its funds (and 其中), goal and rows."""
    return [(_block(s, [*SHEET_KEYS.values(), *TOTAL_KEYS.values()][1:]),
             _block(s.funds, FUNDS_KEYS.values()), [_block(p, PART_KEYS.values()) for p in s.funds.parts] if s.funds else None,
             _block(s.goal, GOAL_KEYS.values()), [_block(r, ROW_KEYS.values()) for r in s.rows]) for s in sheets]


def _general(text: str, file: str = "a.json", label: str = "a.json"):
    """What the standard reader gives, with its rows read by `_Decoder.fields` (not its own lean rows)."""
    native._LEAN = False
    try:
        return _seen(native.read_json_sheets(text, file, label))
    except InputError as exc:
        return ("refused", exc.render())
    finally:
        native._LEAN = True


def test_sheets_decoded_lean_are_the_sheets_the_standard_reader_gives():
    """On generated files (keys written twice or unknown, values of every type, numbers past perfeval's range, texts
    with colons, blocks of the wrong type, rows without 三级指标): the same sheets, locations and cells, or None."""
    read = {"lean": 0}

    @settings(max_examples=400, deadline=None)
    @given(_FILES, st.booleans(), st.booleans())
    def check(data, spaced, escaped):
        text = _dump(data, spaced, escaped)
        lean = _fastjson.read_json_lean(text.encode("utf-8"), "a.json", "a.json")
        general = _general(text)
        if lean is not None:
            read["lean"] += 1
            assert _seen(lean) == general

    check()
    assert read["lean"] > 30  # (the lean path is not just saying "not sure")


def test_a_plain_file_is_read_lean_and_unusual_ones_are_left_to_the_standard_reader(tmp_path, monkeypatch):
    sheet = {"格式": "perfeval 自评表 1", "项目名称": " 50015226T000000000000-培训项目 ",
             "项目资金": {"年初预算数": 524, "调整后预算数": 524, "全年执行数": 419.2, "其中": [{"项目": "当年财政拨款", "全年执行数": 1}]},
             "年度总体目标": {"预期目标": "培训"},
             "绩效指标": [{"一级指标": "产出指标", "三级指标": " 培训人次", "分值": 20, "得分": 19.5, "偏差原因分析及改进措施": "无"}],
             "总分": {"分值": 100, "得分": 98.0}, "自评等级": "优"}
    text = json.dumps({"自评表": [sheet, sheet]}, ensure_ascii=False, indent=1)
    lean = _fastjson.read_json_lean(text.encode("utf-8"), "a.json", "a.json")
    assert lean is not None and _seen(lean) == _general(text)
    first = lean[0]
    assert (first.project_code, first.project_name, first.label, first.total_weight, first.total) == (
        "50015226T000000000000", "培训项目", "a.json#1", "100", "98.0")
    row = first.rows[0]
    assert (row.name, row.weight, row.score, row.reason, row.target) == ("培训人次", "20", "19.5", "无", "")
    assert row.location.cell == "自评表[0].绩效指标[0]" and row.where("reason").cell == "自评表[0].绩效指标[0].偏差原因分析及改进措施"
    assert row.where("target") is row.location and first.where("total").cell == "自评表[0].总分.得分"
    assert first.funds.budget == "524" and first.funds.where("budget").cell == "自评表[0].项目资金.调整后预算数"
    assert first.funds.parts[0].where("spent").cell == "自评表[0].项目资金.其中[0].全年执行数"
    again = pickle.loads(pickle.dumps(lean))  # (as --jobs hands sheets between processes)
    assert again == lean and _seen(again) == _seen(lean)
    # a category's name (产出指标) is one text however many rows write it; a file with another name there (or the
    # same name written with a space) is read by the general structs, to the same sheets as the standard reader
    assert lean[0].rows[0].level1 is lean[1].rows[0].level1 == "产出指标"
    named = _fastjson._decoded(text.replace('"产出指标"', '""', 1).encode(), b"{", *_fastjson._NAMED)[0]  # ("" too)
    assert type(named[0]) is _fastjson._NamedSheet and named[0].rows[0].level1 == ""
    for odd in (text.replace('"产出指标"', '"产出"', 1), text.replace('"产出指标"', '" 产出指标"', 1)):
        other = _fastjson.read_json_lean(odd.encode("utf-8"), "a.json", "a.json")
        assert other is not None and _seen(other) == _general(odd) and other[0].rows[0].level1 in ("产出", "产出指标")
    # read_sheets takes it (a BOM and white space before it too) from LEAN_FROM_BYTES on; a smaller file is read
    # the standard way, to the same sheets
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf \n" + text.encode("utf-8"))
    calls = []
    real = _fastjson.read_json_lean
    monkeypatch.setattr(_fastjson, "read_json_lean", lambda *args: calls.append(args[1]) or real(*args))
    assert _seen(read_sheets(path)) == _seen(real(path.read_bytes(), str(path), "a.txt")) and calls == []
    monkeypatch.setattr(selfeval_readers, "LEAN_FROM_BYTES", 0)
    assert _seen(read_sheets(path)) == _seen(real(path.read_bytes(), str(path), "a.txt")) and calls == [str(path)]
    # a key written twice, a null, a number past perfeval's range: "not sure", and the standard reader says why
    found = []
    for odd in (text.replace('"自评等级": "优"', '"自评等级": "优", "自评等级": "良"', 1),
                text.replace('"自评等级": "优"', '"自评等级": null', 1), text.replace("524", "1" * 41, 1)):
        assert _fastjson.read_json_lean(odd.encode("utf-8"), "a.json", "a.json") is None
        path.write_text(odd, encoding="utf-8")
        try:
            found.append(_seen(read_sheets(path)))
        except InputError as exc:
            found.append(("refused", exc.render()))
        assert found[-1] == _general(odd, str(path), "a.txt")
    assert "重复的键 自评等级" in found[0][1] and found[1][0][0][1][-2] == "" and "40 位" in found[2][1]
