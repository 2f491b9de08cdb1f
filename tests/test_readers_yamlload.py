"""The YAML loader's schema: values kept as written, nothing expanded, every refusal with its line."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from perfeval.errors import InputError
from perfeval.readers.actuals import read_actuals
from perfeval.readers.native import read_yaml_document
from perfeval.readers.yamlload import line_of, load_yaml
from perfeval.writers.native import dump_yaml

from .test_native import HAND_WRITTEN


def _problem(text: str, path: str = "f.yaml"):
    with pytest.raises(InputError) as info:
        load_yaml(text, path)
    return info.value.problems[0]


def test_yaml_typing_keeps_codes_and_texts_as_written():
    data = load_yaml("a: 0500\nb: 1:30\nc: 0x28\nd: 2026-01-01\ne: yes\nf: 012.5\ng: 12E45\nh: 0o17\n", "f.yaml")
    assert data == {"a": "0500", "b": "1:30", "c": "0x28", "d": "2026-01-01", "e": "yes", "f": "012.5",
                    "g": "12E45", "h": "0o17"}


def test_yaml_typing_reads_plain_numbers_exactly():
    data = load_yaml("a: 20\nb: 7.26\nc: -0.50\nd: 1.5e3\ne: ~\nf: true\ng: '20'\nh: !!str 20\ni:\n", "f.yaml")
    assert data == {"a": 20, "b": Decimal("7.26"), "c": Decimal("-0.50"), "d": Decimal("1.5e3"), "e": None,
                    "f": True, "g": "20", "h": "20", "i": None}
    assert type(data["a"]) is int and str(data["c"]) == "-0.50"


def test_yaml_typing_octal_code_stays_a_code_in_the_document():
    text = HAND_WRITTEN.replace('项目编码: "5001"', "项目编码: 0500")
    assert read_yaml_document(text, "hand.yaml").target_tables[0].project_code == "0500"


@pytest.mark.parametrize("weight", ["1:30", "0x28"])
def test_yaml_typing_sexagesimal_and_hex_weight_is_refused_at_its_line(weight):
    text = HAND_WRITTEN.replace("权重: 20", f"权重: {weight}")
    with pytest.raises(InputError) as info:
        read_yaml_document(text, "hand.yaml")
    problem = info.value.problems[0]
    assert (problem.line, problem.found) == (11, weight) and "权重应为数字" in problem.expected


def test_yaml_typing_sexagesimal_actual_is_refused_not_read_as_90():
    text = "项目:\n  - 项目编码: '5001'\n    指标:\n      - 三级指标: 发放时间\n        实际完成值: 1:30\n"
    with pytest.raises(InputError) as info:
        read_actuals_text(text)
    assert info.value.problems[0].line == 4 and ":30" in str(info.value.problems[0].found)


def read_actuals_text(text: str):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.yaml"
        path.write_text(text, encoding="utf-8")
        return read_actuals(path)


@pytest.mark.parametrize("text, line, found", [
    ("a: 1\nb: !!binary aGk=\n", 2, "标签 !!binary"),
    ("a:\n  b: !!set {x, y}\n", 2, "标签 !!set"),
    ("a: !!python/object:os.system {}\n", 1, "标签 !!python/object:os.system"),
    ("a: !!timestamp 2026-01-01\n", 1, "标签 !!timestamp"),
])
def test_yaml_typing_tags_are_refused_with_their_line(text, line, found):
    problem = _problem(text)
    assert (problem.line, problem.found) == (line, found)


def test_yaml_alias_bomb_is_refused_quickly_at_the_first_anchor():
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 12):
        prev, name = chr(96 + i), chr(97 + i)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    problem = _problem("\n".join(levels) + "\n", "bomb.yaml")
    assert time.perf_counter() - start < 1
    assert (problem.file, problem.line, problem.found) == ("bomb.yaml", 1, "锚点 &a")
    assert "锚点与别名" in problem.expected


def test_yaml_alias_is_refused_with_its_line():
    problem = _problem("a: 1\nb:\n  - *x\n")
    assert (problem.line, problem.found) == (3, "别名 *x")
    assert _problem("a: &x\n  k: 1\nb: *x\n").found == "锚点 &x"  # a mapping's anchor: refused at once


def test_yaml_alias_of_one_value_is_read_as_older_perfeval_wrote_it():
    assert load_yaml("a: &id001 17\nb: [x, *id001]\n", "f.yaml") == {"a": 17, "b": ["x", 17]}


def test_yaml_second_document_and_compound_key_are_refused():
    assert _problem("a: 1\n---\nb: 2\n").line == 2
    assert _problem("a: 1\n? [x]\n: 2\n").found == "复合键"


def test_yaml_duplicate_key_is_found_without_key_lines_then_located():
    problem = _problem("a:\n  b: 1\n  c: 2\n  b: 3\n")
    assert problem.line == 4 and "第 2 行" in problem.expected
    with pytest.raises(InputError):
        load_yaml("a:\n  b: 1\n  b: 3\n", "f.yaml", key_lines=False)


def test_yaml_lines_of_mappings_lists_and_keys():
    data = load_yaml("top:\n  - x: 1\n    y: 2\n  - x: 3\n", "f.yaml")
    first = data["top"][0]
    assert (line_of(data), line_of(data["top"]), line_of(first), line_of(first, "y")) == (1, 2, 2, 3)
    lean = load_yaml("top:\n  - x: 1\n    y: 2\n", "f.yaml", key_lines=False)
    assert (line_of(lean["top"][0]), line_of(lean["top"][0], "y")) == (2, 2)  # the row's line, no key lines kept


def test_yaml_deep_nesting_is_refused_not_a_recursion_error():
    problem = _problem("[" * 20_000 + "]" * 20_000)
    assert "合法的 YAML" in problem.expected


def test_yaml_written_by_perfeval_has_no_anchors_and_reads_back():
    doc = read_yaml_document(HAND_WRITTEN, "hand.yaml")
    text = dump_yaml(doc)
    assert "&id" not in text and "*id" not in text
    assert read_yaml_document(text, "again.yaml") == doc
