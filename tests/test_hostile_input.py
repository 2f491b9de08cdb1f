"""One regression test per class of hostile or broken input in issues 14 and 18, built from its worst case.

Tests that bound time use a generous limit (seconds, not milliseconds): they guard
against a hang or a super-linear pattern coming back, they are not timing goals.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfeval import limits
from perfeval.cli import cli
from perfeval.errors import InputError, RuleError
from perfeval.suggestions import suggest

from .conftest import EXAMPLES, ROOT, SEED

SEED_YAML = EXAMPLES / "tongnan-shebao-2026.yaml"
ACTUALS_YAML = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"
HANG_GUARD = 1.0  # seconds; the patterns these tests replaced took minutes on the same input


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def _seed_json_with(tmp_path: Path, old: str, new: str) -> Path:
    from perfeval.readers import read_document
    from perfeval.writers.native import dump_json

    text = dump_json(read_document(SEED))
    assert old in text
    path = tmp_path / "doc.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


# -- issue 14: numbers at the edges ---------------------------------------------------------------

def test_numbers_at_the_edges_weight_1e999999_is_refused_naming_line_and_limit(tmp_path):
    path = _seed_json_with(tmp_path, '"权重": 30', '"权重": 1e999999')
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert re.search(r"doc\.json:\d+: .*number_exponent", result.output)


def test_numbers_at_the_edges_weight_written_in_yaml_is_checked_too(tmp_path):
    text = SEED_YAML.read_text(encoding="utf-8").replace("权重: 30", "权重: 1.0e-999999", 1)
    (tmp_path / "doc.yaml").write_text(text, encoding="utf-8")
    result = run("validate", str(tmp_path / "doc.yaml"))
    assert result.exit_code == 2 and "权重" in result.output and "number_exponent" in result.output


def test_numbers_at_the_edges_score_1e30_in_a_selfeval_is_a_finding_on_its_cell(tmp_path):
    data = json.loads((EXAMPLES / "audit" / "faulty-jiuye-peixun.json").read_text(encoding="utf-8"))
    data["绩效指标"][0]["得分"] = "1e30"
    (tmp_path / "s.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("audit", str(tmp_path / "s.json"), "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.output)
    assert "$.绩效指标[0].得分" in json.dumps(found, ensure_ascii=False)


def test_numbers_at_the_edges_400_digit_year_and_exponents_far_below_zero_are_refused(tmp_path):
    text = SEED_YAML.read_text(encoding="utf-8")
    (tmp_path / "y.yaml").write_text(re.sub(r"年度: \d+", "年度: " + "2" * 400, text, count=1), encoding="utf-8")
    result = run("validate", str(tmp_path / "y.yaml"))
    assert result.exit_code == 2 and "年度应为 1900–2200" in result.output
    with pytest.raises(ValueError, match="number_exponent"):
        limits.checked_decimal("1e-999999999")


def test_numbers_at_the_edges_a_selfeval_yaml_score_1e_minus_999999999_is_a_short_finding(tmp_path):
    text = (EXAMPLES / "audit" / "faulty-points-110.yaml").read_text(encoding="utf-8")
    (tmp_path / "s.yaml").write_text(text.replace("得分: 26", "得分: 1.0e-999999999", 1), encoding="utf-8")
    result, seconds = _timed(run, "audit", str(tmp_path / "s.yaml"))
    assert result.exit_code == 1 and "“1.0e-999999999”无法读作数字" in result.output and seconds < 10 * HANG_GUARD


# -- issue 18: input silently changed -------------------------------------------------------------

def test_input_silently_changed_json_key_written_twice_is_refused_with_key_and_line(tmp_path):
    from perfeval.readers import read_document
    from perfeval.writers.native import dump_json

    text = dump_json(read_document(SEED))
    assert text.rstrip().endswith("}")
    (tmp_path / "d.json").write_text(text.rstrip()[:-1] + ',\n  "项目绩效目标表": []\n}\n', encoding="utf-8")
    result = run("validate", str(tmp_path / "d.json"))
    assert result.exit_code == 2 and "重复的键 项目绩效目标表" in result.output
    assert re.search(r"d\.json:\d+: 同一层中每个键只写一次（“项目绩效目标表”已在第 \d+ 行）", result.output)


# -- issue 14: depth, Python's own limits ---------------------------------------------------------

def test_depth_json_nested_thousands_deep_exits_2_with_the_limit(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    result = run("validate", str(tmp_path / "deep.json"))
    assert result.exit_code == 2 and "deep.json" in result.output and "嵌套层数" in result.output


def test_python_limits_a_4400_digit_integer_is_perfevals_digit_limit_not_valueerror(tmp_path):
    path = _seed_json_with(tmp_path, '"权重": 30', '"权重": ' + "9" * 4400)
    result = run("validate", str(path))
    assert result.exit_code == 2 and "number_digits" in result.output
    assert "Exceeds the limit" not in result.output and "ValueError" not in result.output  # Python's own words


def test_python_limits_a_csv_cell_over_128_kib_is_perfevals_cell_limit(tmp_path):
    (tmp_path / "a.csv").write_text("项目编码,三级指标,实际完成值\n50015224T000004337668,流动宣传车," + "1" * 140_000 + "\n",
                                    encoding="utf-8")
    result = run("score", str(SEED), str(tmp_path / "a.csv"))
    assert result.exit_code == 2 and "a.csv:2" in result.output and "cell_chars" in result.output


def test_python_limits_huge_exponent_in_convert_ends_at_once(tmp_path):
    path = _seed_json_with(tmp_path, '"权重": 30', '"权重": 1e999999999')
    result, seconds = _timed(run, "convert", str(path), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2 and seconds < 10 * HANG_GUARD and not (tmp_path / "out.yaml").exists()


def test_python_limits_a_selfeval_json_with_oversized_numbers_is_refused(tmp_path):
    text = (EXAMPLES / "audit" / "faulty-jiuye-peixun.json").read_text(encoding="utf-8")
    (tmp_path / "s.json").write_text(text.replace('"分值": 20', '"分值": 1' + "0" * 100_000, 1), encoding="utf-8")
    result = run("audit", str(tmp_path / "s.json"))
    assert result.exit_code == 2 and "number_digits" in result.output


# -- issue 14 and 18: rule files ------------------------------------------------------------------

def _scoring_rules(tmp_path: Path, formula: str) -> Path:
    text = (ROOT / "rules" / "scoring" / "national.toml").read_text(encoding="utf-8")
    path = tmp_path / "r.toml"
    path.write_text(re.sub(r'^ge = ".*"$', f'ge = "{formula}"', text, count=1, flags=re.M), encoding="utf-8")
    return path


@pytest.mark.parametrize("formula", ["weight / (weight - weight)", "weight * actual / (1 - 1)", "weight / Max(0, 0)"])
def test_rule_files_formula_folding_to_a_non_real_constant_is_refused_at_load(tmp_path, formula):
    from perfeval.scoring import load_scoring_rules

    with pytest.raises(RuleError) as caught:
        load_scoring_rules(_scoring_rules(tmp_path, formula))
    assert "r.toml:22" in caught.value.render() and "formulas.ge" in caught.value.render()


def test_rule_files_numeric_literal_1e999999999_is_range_checked_before_expansion(tmp_path):
    from perfeval.scoring import load_scoring_rules

    with pytest.raises(RuleError, match="number_exponent"):
        _timed(load_scoring_rules, _scoring_rules(tmp_path, "weight * 1e999999999"))


def test_rule_files_thousands_of_chained_terms_are_refused_with_the_limit(tmp_path):
    from perfeval.formula import compile_formula

    with pytest.raises(RuleError, match="formula_chars"):
        compile_formula("+".join(["weight"] * 5000), {"weight"})
    with pytest.raises(RuleError, match="formula_depth"):
        compile_formula("-" * 60 + "weight", {"weight"})


def test_rule_files_thousands_of_extends_levels_are_refused_with_the_limit(tmp_path):
    levels = 300  # the loop stops at the limit, so 3,000 files would prove no more
    for i in range(levels):
        parent = f'"{tmp_path / f"r{i + 1}.toml"}"' if i < levels - 1 else '"national"'
        (tmp_path / f"r{i}.toml").write_text(f'[ruleset]\nname = "r{i}"\nextends = {parent}\n', encoding="utf-8")
    result = run("validate", str(SEED), "--rules", str(tmp_path / "r0.toml"))
    assert result.exit_code == 2 and "extends_depth" in result.output


def test_rule_files_an_extends_name_too_long_for_a_path_is_a_rule_error(tmp_path):
    (tmp_path / "v.toml").write_text('[ruleset]\nname = "v"\nextends = "' + "n" * 5000 + '"\n', encoding="utf-8")
    result = run("validate", str(SEED), "--rules", str(tmp_path / "v.toml"))
    assert result.exit_code == 2 and "规则集名称或 .toml 文件路径" in result.output


# -- issue 14 and 18: workbooks -------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_workbook(tmp_path_factory) -> Path:
    from perfeval.readers import read_document
    from perfeval.xlsx import write_document_xlsx

    path = tmp_path_factory.mktemp("wb") / "seed.xlsx"
    write_document_xlsx(read_document(SEED), path, layout="form")
    return path


def _rezip(source: Path, target: Path, drop=(), edit=lambda name, data: data) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename not in drop:
                zout.writestr(item, edit(item.filename, zin.read(item.filename)))
    return target


def test_workbooks_styles_part_missing_or_damaged_exits_2_not_indexerror(seed_workbook, tmp_path):
    missing = _rezip(seed_workbook, tmp_path / "a.xlsx", drop=("xl/styles.xml",))
    cut = _rezip(seed_workbook, tmp_path / "b.xlsx", edit=lambda n, d: re.sub(
        rb"<cellXfs.*?</cellXfs>", b'<cellXfs count="0"></cellXfs>', d, flags=re.S) if n == "xl/styles.xml" else d)
    for path in (missing, cut):
        result = run("validate", str(path))
        assert result.exit_code == 2 and "样式部件" in result.output and "IndexError" not in result.output


def test_input_silently_changed_a_listed_sheet_with_its_part_missing_is_reported(seed_workbook, tmp_path):
    path = _rezip(seed_workbook, tmp_path / "m.xlsx", drop=("xl/worksheets/sheet3.xml",))
    result = run("validate", str(path))
    assert result.exit_code == 2 and "“附件1” 缺失" in result.output


def test_input_silently_changed_every_target_sheet_hidden_is_not_zero_findings(seed_workbook, tmp_path):
    path = _rezip(seed_workbook, tmp_path / "h.xlsx", edit=lambda n, d: d.replace(
        b'state="visible"', b'state="hidden"') if n == "xl/workbook.xml" else d)
    result = run("validate", str(path))
    assert result.exit_code == 2 and "无法读取" in result.output  # never a quiet "共 0 条" with exit 0
    assert "隐藏的工作表" in result.output and "“附件12-1”" in result.output


def test_input_silently_changed_one_hidden_sheet_is_named_in_a_finding(seed_workbook, tmp_path):
    path = _rezip(seed_workbook, tmp_path / "h1.xlsx", edit=lambda n, d: d.replace(
        'name="附件12-1" sheetId="14" state="visible"'.encode(), 'name="附件12-1" sheetId="14" state="hidden"'.encode())
        if n == "xl/workbook.xml" else d)
    result = run("validate", str(path))
    assert "fields.unplaced" in result.output and "隐藏的工作表“附件12-1”" in result.output


def test_input_silently_changed_unit_yuan_on_a_target_sheet_and_text_beside_it(seed_workbook, tmp_path):
    from openpyxl import load_workbook

    from perfeval.readers import read_document

    book = load_workbook(seed_workbook)
    sheet = book["附件12-1"]
    assert sheet["A3"].value == "单位：万元" and sheet["A6"].value == "资金总额（万元）"
    for merged in [m for m in sheet.merged_cells.ranges if m.min_row == 3]:
        sheet.unmerge_cells(str(merged))
    sheet["A3"], sheet["A6"], sheet["B6"], sheet["D3"] = "单位：元", "资金总额", 250000, "经办人：张三"
    book.save(tmp_path / "yuan.xlsx")
    doc = read_document(tmp_path / "yuan.xlsx")
    table = next(t for t in doc.target_tables if t.label == "附件 12-1")
    assert table.funds == Decimal(25)
    assert [(u.text, u.location.cell) for u in doc.unplaced] == [("经办人：张三", "附件12-1!D3")]


# -- issue 18: names and suggestions --------------------------------------------------------------

def test_input_silently_changed_trailing_space_in_a_hand_written_indicator_still_matches(tmp_path):
    text = SEED_YAML.read_text(encoding="utf-8").replace("三级指标: 流动宣传车\n", "三级指标: '流动宣传车 '\n", 1)
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    result = run("score", str(tmp_path / "t.yaml"), str(ACTUALS_YAML), "--format", "json")
    assert result.exit_code in (0, 1) and "没有这个三级指标" not in result.output
    assert suggest("流动宣传车 ", ["流动宣传车", "宣传车"]) is None


def test_one_suggestion_phrasing_and_never_the_name_itself():
    assert suggest("weights.sun", ["weights.sum", "goal.weaker"]) == "是否想写：weights.sum？"
    assert suggest("人 数", ["人数"]) is None and suggest("完全不同", ["人数"]) is None


# -- issue 18: time that grows without bound ------------------------------------------------------

WORST_CASES = {  # each built at a size n
    "one then n spaces then a word": lambda n: "1" + " " * n + "x",
    "one then n spaces": lambda n: "1" + " " * n,
    "one then n spaces then 月": lambda n: "1" + " " * n + "月",
    "a long indicator": lambda n: "≥ " + "1 " * (n // 4) + "人",
    "digits and commas": lambda n: "1," * (n * 3 // 5) + "x",
    "a long clause before a delimiter": lambda n: "1" + "甲" * n + "，2人",
}


def _text_handlers():
    from perfeval.goaltext import extract_claims
    from perfeval.judgement import parse_deadline
    from perfeval.readers.actuals import read_actuals_csv
    from perfeval.scoring.rules import _header
    from perfeval.selfeval.values import read_actual, read_target
    from perfeval.target_text import parse_target
    from perfeval.text import parse_decimal, split_number

    def csv(text):
        read_actuals_csv("项目编码,三级指标,实际完成值\n" + f"50015224T000004337668,流动宣传车,\"{text}\"\n", "a.csv")
    return {"split_number": lambda t: (split_number(t), split_number(t, spaces=True)), "parse_target": parse_target,
            "parse_decimal": parse_decimal, "read_target": read_target, "read_actual": read_actual,
            "extract_claims": extract_claims, "parse_deadline": parse_deadline.__wrapped__,
            "rule header": lambda t: _header("[ " + t), "CSV actuals": csv}


def _seconds(function, text) -> float:
    start = time.perf_counter()
    try:
        function(text)
    except (ValueError, InputError):
        pass
    return time.perf_counter() - start


@pytest.mark.parametrize("case", list(WORST_CASES))
def test_time_that_grows_every_pattern_on_user_text_is_linear(case):
    # Growth, not a time limit: four times the text may cost at most about four times as much
    # (6x, plus 50 ms of scheduling noise). A quadratic pattern costs 16x, a cubic one 64x.
    for name, function in _text_handlers().items():
        small = min(_seconds(function, WORST_CASES[case](2500)) for _ in range(3))
        large = min(_seconds(function, WORST_CASES[case](10000)) for _ in range(3))
        assert large < 6 * small + 0.05, (name, small, large)


def test_time_that_grows_a_2_4_kb_indicator_validates_at_once(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("流动宣传车", "流动宣传车" + "1 " * 1200, 1)
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    result, seconds = _timed(run, "validate", str(tmp_path / "long.txt"))
    assert result.exit_code in (1, 2) and seconds < 5 * HANG_GUARD


def test_time_that_grows_last_years_actuals_report_unknown_codes_once_with_a_count(tmp_path):
    rows = ["项目编码,三级指标,实际完成值"] + [f"50015224T{p:012d},指标{i},{i}个" for p in range(1000) for i in range(5)]
    (tmp_path / "old.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result, seconds = _timed(run, "score", str(SEED), str(tmp_path / "old.csv"))
    assert result.exit_code == 2 and seconds < 10 * HANG_GUARD
    assert result.stdout.count("目标表中没有这个项目编码") == 20  # stderr previews the first three as found
    assert "另有 980 个项目编码（共 4900 行）" in result.output


def test_time_that_grows_validate_dev_zero_exits_2_at_once():
    result, seconds = _timed(run, "validate", "/dev/zero")
    assert result.exit_code == 2 and "/dev/zero" in result.output and seconds < 5 * HANG_GUARD


def test_resource_guards_a_file_past_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from perfeval.readers import _source

    path = tmp_path / "big.txt"
    path.write_text("x" * 2000, encoding="utf-8")
    with pytest.raises(InputError, match="file_bytes"):
        _source.read_bytes(path, limits.Limit("file_bytes", 1000, "输入文件的大小", "字节", ""))


# -- issue 14: the last guard ---------------------------------------------------------------------

def test_top_level_guard_an_unexpected_failure_is_exit_2_with_one_paragraph(monkeypatch):
    import perfeval.readers

    def broken(*args, **kwargs):
        raise KeyError("injected")

    monkeypatch.setattr(perfeval.readers, "read_document", broken)
    result = CliRunner().invoke(cli, ["validate", str(SEED)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "内部错误（KeyError）" in result.output and "--debug" in result.output
    debug = CliRunner().invoke(cli, ["--debug", "validate", str(SEED)])
    assert isinstance(debug.exception, KeyError)


# -- the limits themselves ------------------------------------------------------------------------

def test_every_limit_is_documented_with_its_value():
    text = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for limit in limits.ALL:
        assert f"`{limit.name}`" in text and f"{limit.value:,}" in text, limit.name
