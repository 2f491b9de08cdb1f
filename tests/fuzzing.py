"""Hostile inputs for every kind of file perfeval reads, and the oracle every run must pass.

Each *kind* is a function `(rng, workdir) -> Case`: it takes a sound input (the
seed, a generated document, an example 自评表, a shipped rule file, a converted
workbook), damages it the ways real files and attackers do (numbers at the edges,
long runs, deep nesting, duplicate keys, bad bytes, missing or hidden parts), and
names the command that reads it. `check` runs the command in-process and returns
what broke the promise: an exit code outside {0, 1, 2}, a traceback, the CLI's
last-guard message (a bug perfeval did not foresee), or a run past the hang bound.

tests/test_fuzz.py runs a short profile through hypothesis (`st.randoms()`);
benchmarks/fuzz_long.py runs thousands per kind with a seeded Random.

The round-trip oracle (`silent_changes`, below) is the other half: a sound input that
perfeval writes in one of its formats must read back as what was written, field by
field. Any difference is a *silent change* (exit 0, nothing said, something else read).
"""

from __future__ import annotations

import io
import json
import random
import re
import time
import zipfile
from pathlib import Path
from typing import Callable

import attrs
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "tongnan-shebao-2026.txt"
SEED_YAML = EXAMPLES / "tongnan-shebao-2026.yaml"
ACTUALS_CSV = EXAMPLES / "tongnan-shebao-2026.actuals.csv"
ACTUALS_YAML = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"
AUDIT = EXAMPLES / "audit"
SCORING = ROOT / "rules" / "scoring" / "national.toml"
VALIDATION = ROOT / "rules" / "validation" / "chongqing.toml"
GUARD_MARK = "内部错误"  # the CLI's last guard: reaching it means a reader let something escape
HANG_SECONDS = 10.0

# Values that broke perfeval before: each class from issues 14 and 18.
HOSTILE_NUMBERS = (
    "1e999999", "1E+999999999", "-1e-999999999", "1e30", "9" * 400, "1" * 5000, "0." + "0" * 500 + "1",
    "NaN", "Infinity", "-0", "0x28", "0500", "1:30", "1_000", "１２３", "3, 151. 93", "1" + " " * 3000 + "x",
    "1e-7", "12.", ".5", "+-1", "1,2,3", "1.2.3", "９９９" * 200,
)
HOSTILE_TEXT = (
    "", " ", "\t", "\x00", "\ufeff", "≥", "定性", "=" * 2000, "（" * 500, "人" * 3000, "单位：元", "附件 12-1",
    "a" + " " * 5000 + "b", "1" + " " * 5000, "\u202e", "\ud7ff", "𠀀" * 100, "|", "=1+1", "@SUM(A1)",
)


@attrs.frozen
class Case:
    kind: str
    args: tuple[str, ...]
    note: str = ""


@attrs.frozen
class Outcome:
    case: Case
    exit_code: int | None
    seconds: float
    failure: str | None  # None when the promise held


def check(case: Case) -> Outcome:
    """Run `case` through the CLI in-process; say what, if anything, broke the promise."""
    from perfeval.cli import cli

    start = time.perf_counter()
    result = CliRunner().invoke(cli, list(case.args), catch_exceptions=True)
    seconds = time.perf_counter() - start
    output = result.output or ""
    failure = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        failure = f"exception escaped: {type(result.exception).__name__}: {result.exception}"
    elif result.exit_code not in (0, 1, 2):
        failure = f"exit code {result.exit_code}"
    elif "Traceback" in output:
        failure = "traceback in output"
    elif GUARD_MARK in output:
        failure = "last guard reached: " + output.strip().splitlines()[-1][:200]
    elif seconds > HANG_SECONDS:
        failure = f"took {seconds:.1f} s"
    return Outcome(case, result.exit_code, seconds, failure)


# -- mutations ------------------------------------------------------------------------------------

def mutate_lines(rng: random.Random, text: str, n: int = 3) -> str:
    """Drop, duplicate, swap lines; put garbage or a hostile value into one."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, n)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        action = rng.randrange(6)
        if action == 0:
            del lines[i]
        elif action == 1:
            lines.insert(i, lines[i])
        elif action == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == 3:
            lines[i] = _replace_number(rng, lines[i])
        elif action == 4:
            cut = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:cut] + rng.choice(HOSTILE_TEXT) + lines[i][cut:]
        else:
            lines[i] = "".join(rng.choice("\t ,，:：|[]{}\"'#-0123456789") for _ in range(rng.randint(1, 40)))
    return "\n".join(lines)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _replace_number(rng: random.Random, text: str) -> str:
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return text + rng.choice(HOSTILE_NUMBERS)
    match = rng.choice(numbers)
    return text[:match.start()] + rng.choice(HOSTILE_NUMBERS) + text[match.end():]


def encode(rng: random.Random, text: str) -> bytes:
    """UTF-8, GB18030, a BOM, or UTF-8 with a few bad bytes."""
    choice = rng.randrange(4)
    if choice == 0:
        return text.encode("utf-8")
    if choice == 1:
        return text.encode("gb18030", errors="replace")
    if choice == 2:
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 3)):
        if data:
            data[rng.randrange(len(data))] = rng.choice((0xFF, 0xFE, 0x80, 0xC0))
    return bytes(data)


def mutate_data(rng: random.Random, data, depth: int = 0):
    """A copy of parsed YAML/JSON data with a few values replaced by hostile ones."""
    if isinstance(data, dict):
        out = dict(data)
        for key in list(out):
            if rng.random() < 0.15:
                out[key] = _hostile_value(rng)
            elif rng.random() < 0.5:
                out[key] = mutate_data(rng, out[key], depth + 1)
        if rng.random() < 0.05:
            out[rng.choice(("未知键", "projects", "格式", "项目绩效目标表"))] = _hostile_value(rng)
        return out
    if isinstance(data, list):
        out = [mutate_data(rng, item, depth + 1) if rng.random() < 0.5 else item for item in data]
        if out and rng.random() < 0.1:
            del out[rng.randrange(len(out))]
        if out and rng.random() < 0.1:
            out.append(out[rng.randrange(len(out))])
        return out
    return _hostile_value(rng) if rng.random() < 0.1 else data


def _hostile_value(rng: random.Random):
    choice = rng.randrange(7)
    if choice == 0:
        return rng.choice(HOSTILE_NUMBERS)
    if choice == 1:
        return rng.choice(HOSTILE_TEXT)
    if choice == 2:
        return rng.choice((10 ** 50, -1, 0, 2 ** 63, True, None))
    if choice == 3:
        return [rng.choice(HOSTILE_TEXT)]
    if choice == 4:
        return {"a": rng.choice(HOSTILE_NUMBERS)}
    if choice == 5:
        return float(rng.choice(("1e308", "-1e-308", "0.1")))
    return rng.choice(HOSTILE_NUMBERS) + rng.choice(("万元", "%", "人", "分", ""))


def dump_json(rng: random.Random, data) -> str:
    """JSON text; sometimes with a key written twice or nesting thousands deep."""
    text = json.dumps(data, ensure_ascii=rng.random() < 0.2, default=str)
    choice = rng.randrange(10)
    if choice == 0 and text.startswith("{") and len(text) > 2:
        first_key = text[1:].split(":", 1)[0]
        text = "{" + first_key + ": null, " + text[1:]
    elif choice == 1:
        depth = rng.choice((100, 3000, 20000))
        text = "[" * depth + text + "]" * depth
    elif choice == 2:
        text = text.replace("1", "1" + "0" * rng.choice((50, 5000)), 1)
    return text


def dump_yaml(rng: random.Random, data) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False)
    choice = rng.randrange(8)
    if choice == 0:
        text = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b]\n" + text
    elif choice == 1:
        text = text.replace(": ", ": !!binary ", 1)
    elif choice == 2:
        lines = text.split("\n")
        if lines:
            lines.append(lines[0])
        text = "\n".join(lines)
    elif choice == 3:
        text = "x: " + "[" * 3000 + "]" * 3000 + "\n" + text
    return mutate_lines(rng, text, 1) if rng.random() < 0.3 else text


_LOADED: dict[Path, object] = {}


def _loaded(path: Path):
    """A YAML/JSON example as plain data, parsed once per process (mutations copy what they change)."""
    if path not in _LOADED:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _LOADED[path] = _plain(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
    return _LOADED[path]


def _plain(value):
    """Data from a loaded YAML/JSON file as plain dicts, lists, str, int (Decimal as text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


# -- workbooks ------------------------------------------------------------------------------------

_WORKBOOKS: dict[str, bytes] = {}


def seed_workbook(layout: str) -> bytes:
    """The seed converted to a workbook in `layout` (form or flat), made once per process."""
    if layout not in _WORKBOOKS:
        from perfeval.readers import read_document
        from perfeval.xlsx import write_document_xlsx

        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "seed.xlsx"
            write_document_xlsx(read_document(SEED), target, layout=layout)
            buffer = io.BytesIO(target.read_bytes())
        _WORKBOOKS[layout] = buffer.getvalue()
    return _WORKBOOKS[layout]


HOSTILE_CELL_NUMBERS = (1e300, -1e300, 1e-300, 1.2345678901234567e29, 2 ** 63, -(2 ** 70), 0.1 + 0.2)
"""Numbers an Excel cell can hold (floats to 1e308) that no budget table can."""


def _set(rng: random.Random, cell, value: str) -> None:
    """Write a hostile value where openpyxl allows it (not into a merged cell, no control characters);
    a number-like value is written as a number half the time, as Excel would store it."""
    try:
        if rng.random() < 0.5:
            cell.value = rng.choice(HOSTILE_CELL_NUMBERS)
            return
        cell.value = value.replace("\x00", "") or None
    except (AttributeError, ValueError):  # a merged cell; a character openpyxl refuses to write
        pass


def mutate_workbook(rng: random.Random, data: bytes) -> bytes:
    """Drop or damage a part, hide sheets, or write hostile values into cells (through openpyxl)."""
    choice = rng.randrange(5)
    if choice == 4:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        for _ in range(rng.randint(1, 6)):
            sheet = rng.choice(book.worksheets)
            row, column = rng.randint(1, max(sheet.max_row, 1)), rng.randint(1, max(sheet.max_column, 1))
            _set(rng, sheet.cell(row, column), rng.choice(HOSTILE_NUMBERS + HOSTILE_TEXT))
            if rng.random() < 0.2:
                sheet.sheet_state = "hidden"
        if all(ws.sheet_state != "visible" for ws in book.worksheets):
            book.create_sheet("空白")  # Excel keeps one sheet visible: every sheet with content hidden
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return _rezip(rng, choice, source)


def _rezip(rng: random.Random, choice: int, source: zipfile.ZipFile) -> bytes:
    names = source.namelist()
    victim = rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            part = source.read(name)
            if name == victim:
                if choice == 0:
                    continue  # a listed part missing
                if choice == 1:
                    cut = rng.randint(0, len(part))
                    part = part[:cut] + b"<garbage" + part[cut:]
            if choice == 2 and name == "xl/workbook.xml":
                part = part.replace(b'state="visible"', b'state="hidden"', rng.randint(1, 40))
            if choice == 3 and name == "xl/styles.xml":
                part = re.sub(rb"<cellXfs.*?</cellXfs>", b'<cellXfs count="0"></cellXfs>', part, flags=re.S)
            target.writestr(name, part)
    return out.getvalue()


# -- kinds ----------------------------------------------------------------------------------------

def _write(workdir: Path, name: str, data: bytes | str) -> str:
    path = workdir / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def seed_text(rng: random.Random, workdir: Path) -> Case:
    text = mutate_lines(rng, SEED.read_text(encoding="utf-8"), 4)
    if rng.random() < 0.1:
        text = "[" + text
    return Case("seed text", ("validate", _write(workdir, "doc.txt", encode(rng, text))))


def document_yaml_json(rng: random.Random, workdir: Path, doc=None) -> Case:
    """A generated (or the seed's) document as perfeval YAML or JSON, damaged."""
    from perfeval.native import document_to_data

    if doc is None:
        data = _loaded(SEED_YAML)
    else:
        data = _plain(document_to_data(doc))
    data = mutate_data(rng, data)
    if rng.random() < 0.5:
        return Case("document json", ("validate", _write(workdir, "doc.json", dump_json(rng, data))))
    return Case("document yaml", ("validate", _write(workdir, "doc.yaml", dump_yaml(rng, data))))


def actuals_any(rng: random.Random, workdir: Path) -> Case:
    """Actuals as CSV, YAML, JSON or a workbook, damaged, scored against the seed."""
    fmt = rng.choice(("csv", "yaml", "json", "xlsx"))
    if fmt == "csv":
        text = mutate_lines(rng, ACTUALS_CSV.read_text(encoding="utf-8"), 4)
        path = _write(workdir, "a.actuals.csv", encode(rng, text))
    else:
        data = mutate_data(rng, _loaded(ACTUALS_YAML))
        if fmt == "yaml":
            path = _write(workdir, "a.actuals.yaml", dump_yaml(rng, data))
        elif fmt == "json":
            path = _write(workdir, "a.actuals.json", dump_json(rng, data))
        else:
            path = _write(workdir, "a.actuals.xlsx", _actuals_workbook(rng))
    return Case(f"actuals {fmt}", ("score", str(SEED), path))


def _actuals_workbook(rng: random.Random) -> bytes:
    import csv

    from openpyxl import Workbook

    rows = list(csv.reader(io.StringIO(ACTUALS_CSV.read_text(encoding="utf-8"))))
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([_numeric(c) for c in row])
    for _ in range(rng.randint(0, 5)):
        r, c = rng.randint(1, len(rows)), rng.randint(1, len(rows[0]))
        _set(rng, sheet.cell(r, c), rng.choice(HOSTILE_NUMBERS + HOSTILE_TEXT))
    if rng.random() < 0.1:
        sheet.sheet_state = "hidden"
        book.create_sheet("空白")
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    return mutate_workbook(rng, data) if rng.random() < 0.3 else data


def _numeric(cell: str):
    try:
        return int(cell)
    except ValueError:
        return cell


def selfeval_any(rng: random.Random, workdir: Path) -> Case:
    """A 自评表 (YAML, JSON, text or workbook example), damaged, audited."""
    source = rng.choice(sorted(AUDIT.iterdir()))
    if source.suffix == ".xlsx":
        path = _write(workdir, "s.xlsx", mutate_workbook(rng, source.read_bytes()))
    elif source.suffix == ".txt":
        path = _write(workdir, "s.txt", encode(rng, mutate_lines(rng, source.read_text(encoding="utf-8"), 4)))
    else:
        data = mutate_data(rng, _loaded(source))
        path = (_write(workdir, "s.json", dump_json(rng, data)) if rng.random() < 0.5
                else _write(workdir, "s.yaml", dump_yaml(rng, data)))
    return Case(f"selfeval {Path(path).suffix[1:]}", ("audit", path))


_FORMULA_PARTS = ("weight", "actual", "target", "1", "0", "1e999999999", "9" * 5000, "(", ")", "+", "-", "*", "/",
                  "Min(", "Max(", "Abs(", "if_(", ",", ">=", "<", "==", "(1 - 1)", "1e-400", "0x10", "__import__", ".")


def rule_file(rng: random.Random, workdir: Path) -> Case:
    """A scoring rule set with damaged formulas and numbers, or a validation rule set with a long extends chain."""
    if rng.random() < 0.3:
        text = VALIDATION.read_text(encoding="utf-8")
        text = mutate_lines(rng, text, 3)
        if rng.random() < 0.3:
            depth = rng.choice((3, 20, 500))
            for i in range(depth):
                _write(workdir, f"r{i}.toml", f'[ruleset]\nname = "r{i}"\nextends = "{workdir / f"r{i + 1}.toml"}"\n')
            _write(workdir, f"r{depth}.toml", '[ruleset]\nname = "last"\nextends = "national"\n')
            path = str(workdir / "r0.toml")
        else:
            path = _write(workdir, "v.toml", text)
        return Case("rules validation", ("validate", str(SEED), "--rules", path))
    text = SCORING.read_text(encoding="utf-8")
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        formula_lines = [i for i, line in enumerate(lines) if re.match(r'^(ge|gt|le|lt|eq|formula) = "', line)]
        if formula_lines and rng.random() < 0.6:
            i = rng.choice(formula_lines)
            key = lines[i].split(" = ", 1)[0]
            size = rng.choice((3, 10, 400))
            body = "".join(rng.choice(_FORMULA_PARTS) for _ in range(size))
            lines[i] = f'{key} = "{body}"'
        else:
            lines = mutate_lines(rng, "\n".join(lines), 1).split("\n")
    path = _write(workdir, "s.toml", "\n".join(lines))
    return Case("rules scoring", ("score", str(SEED), str(ACTUALS_YAML), "--rules", path))


def workbook(rng: random.Random, workdir: Path) -> Case:
    layout = rng.choice(("form", "flat"))
    data = mutate_workbook(rng, seed_workbook(layout))
    return Case(f"workbook {layout}", ("validate", _write(workdir, "w.xlsx", data)))


KINDS: dict[str, Callable[[random.Random, Path], Case]] = {
    "seed text": seed_text,
    "document yaml/json": document_yaml_json,
    "actuals": actuals_any,
    "selfeval": selfeval_any,
    "rules": rule_file,
    "workbook": workbook,
}


# -- the round-trip oracle ------------------------------------------------------------------------

@attrs.frozen
class Change:
    """One field that read back other than it was written: a silent change."""

    format: str
    field: str  # a path into the model: `target_tables[1].indicators[3].weight`
    written: str
    read: str

    def __str__(self) -> str:
        return f"{self.format}: {self.field}: wrote {self.written}, read {self.read}"


def model_diff(written, read, path: str = "") -> list[tuple[str, str, str]]:
    """(path, written, read) for every field that differs, through attrs classes, tuples, lists and dicts.

    Fields left out of equality (locations) are left out here too: where a value was read is not
    what was written.
    """
    if attrs.has(type(written)) and type(written) is type(read):
        out = []
        for field in attrs.fields(type(written)):
            if field.eq:
                out += model_diff(getattr(written, field.name), getattr(read, field.name),
                                  f"{path}.{field.name}" if path else field.name)
        return out
    if isinstance(written, (list, tuple)) and isinstance(read, (list, tuple)):
        out = [item for i, (a, b) in enumerate(zip(written, read)) for item in model_diff(a, b, f"{path}[{i}]")]
        if len(written) != len(read):
            out.append((f"{path}.length", str(len(written)), str(len(read))))
        return out
    if isinstance(written, dict) and isinstance(read, dict):
        out = [item for k in written.keys() & read.keys() for item in model_diff(written[k], read[k], f"{path}[{k!r}]")]
        out += [(f"{path}[{k!r}]", repr(written.get(k, "（无）")), repr(read.get(k, "（无）")))
                for k in sorted(written.keys() ^ read.keys(), key=str)]
        return out
    if written == read and type(written) is type(read) or (written == read and not isinstance(written, (str, bool))):
        return []
    return [(path, repr(written), repr(read))]


def _changes(fmt: str, written, read) -> list[Change]:
    return [Change(fmt, *difference) for difference in model_diff(written, read)]


def _document_yaml(doc, workdir: Path):
    from perfeval.readers import read_document
    from perfeval.writers.native import dump_yaml

    return read_document(_write(workdir, "d.yaml", dump_yaml(doc)))


def _document_json(doc, workdir: Path):
    from perfeval.readers import read_document
    from perfeval.writers.native import dump_json

    return read_document(_write(workdir, "d.json", dump_json(doc)))


class WriteRefused(Exception):
    """A writer refused a document with a message and wrote nothing (the flat layout cannot hold two
    tables with the same 表号, 表名, 项目编码 and 项目名称): loud, nothing lost, not a silent change."""


def _document_xlsx(layout: str):
    def round_trip(doc, workdir: Path):
        from perfeval.errors import PerfevalError
        from perfeval.readers import read_document
        from perfeval.xlsx import write_document_xlsx

        path = workdir / f"d.{layout}.xlsx"
        path.unlink(missing_ok=True)
        try:
            write_document_xlsx(doc, path, layout=layout)
        except PerfevalError as exc:
            if path.exists():  # a refusal must leave nothing half-written behind
                raise AssertionError(f"{layout} writer refused ({exc.render()}) but left {path}") from exc
            raise WriteRefused(exc.render()) from exc
        return read_document(path)

    return round_trip


#: Every format perfeval writes a Document in (`perfeval convert`), as write-then-read.
DOCUMENT_FORMATS: dict[str, Callable] = {
    "document yaml": _document_yaml,
    "document json": _document_json,
    "document xlsx form": _document_xlsx("form"),
    "document xlsx flat": _document_xlsx("flat"),
}


def document_changes(doc, workdir: Path, formats=None) -> list[Change]:
    """The silent changes of `doc` written and read back in every document format (or those named)."""
    from perfeval.errors import PerfevalError

    out = []
    for name in formats or DOCUMENT_FORMATS:
        try:
            read = DOCUMENT_FORMATS[name](doc, workdir)
        except WriteRefused:  # refused before writing, with a message: nothing was written to change
            continue
        except PerfevalError as exc:  # refusing what perfeval itself wrote is a change too, and a loud one
            out.append(Change(name, "（整份）", "可读", "拒绝读取：" + exc.render()[:200]))
            continue
        out += _changes(name, doc, read)
    return out


def _fill(actual, funds, cell) -> None:
    """Fill one template row (`cell(column, value)`) with an Actual, or a funds row with ProjectFunds."""
    if funds is not None:
        cell("年初预算数", format(funds.budget, "f"))
        cell("全年预算数", format(funds.adjusted_budget, "f") if funds.adjusted_budget is not None else "")
        cell("全年执行数", format(funds.spent, "f"))
        return
    if actual.not_applicable:
        cell("不适用", "是")
    elif actual.band is not None:
        cell("评价等级", actual.band.value)
        cell("得分比例", "" if actual.share is None else format(actual.share, "f"))
    else:
        cell("实际完成值", actual.text)
    cell("偏差原因", actual.reason)


def filled_template(tables, actuals, workdir: Path, fmt: str) -> Path:
    """The actuals template perfeval writes for `tables` (CSV or workbook), filled in with `actuals`
    the way a unit would: 实际完成值 as written, 评价等级, 得分比例, 不适用, 偏差原因, and the funds."""
    import csv

    by_row = {(a.project_code, a.indicator, a.level2 or ""): a for a in actuals.actuals}
    funds = {f.project_code: f for f in actuals.funds}

    def find(code: str, name: str, level2: str):
        return by_row.get((code, name, level2 or "")) or by_row.get((code, name, ""))

    if fmt == "csv":
        from perfeval.writers.template import write_template_csv

        path = workdir / "filled.csv"
        write_template_csv(tables, path)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        column = {name: i for i, name in enumerate(rows[0])}
        for row in rows[1:]:
            code, name = row[column["项目编码"]], row[column["三级指标"]]
            given, actual = (funds.get(code), None) if not name else (None, find(code, name, row[column["二级指标"]]))
            if given is not None or actual is not None:
                _fill(actual, given, lambda c, v, row=row: row.__setitem__(column[c], v))
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8-sig", newline="")
        return path
    from openpyxl import load_workbook

    from perfeval.xlsx.template import write_template_xlsx

    path = workdir / "filled.xlsx"
    write_template_xlsx(tables, path)
    book = load_workbook(path)
    for ws in book.worksheets:  # 实际完成值 (one row per indicator) and 项目资金 (one row per project)
        header = {cell.value: cell.column for cell in ws[1] if cell.value}
        for number in range(2, ws.max_row + 1):
            value = lambda c: str(ws.cell(number, header[c]).value or "") if c in header else ""  # noqa: E731
            code, name = value("项目编码"), value("三级指标")
            given, actual = (funds.get(code), None) if "三级指标" not in header else (None, find(code, name, value("二级指标")))

            def cell(c, v, number=number):
                target = ws.cell(number, header[c])
                target.value = v or None
                if isinstance(v, str) and v:
                    target.data_type = "s"  # typed as text, as Excel stores what a person types with a leading =
            if given is not None or actual is not None:
                _fill(actual, given, cell)
    book.save(path)
    return path


def actuals_changes(tables, actuals, workdir: Path) -> list[Change]:
    """The silent changes of `actuals` filled into perfeval's template (CSV and workbook) and read back."""
    from perfeval.errors import PerfevalError
    from perfeval.readers.actuals import read_actuals

    out = []
    for fmt in ("csv", "xlsx"):
        name = f"actuals template {fmt}"
        try:
            read = read_actuals(filled_template(tables, actuals, workdir, fmt))
        except PerfevalError as exc:
            out.append(Change(name, "（整份）", "可读", "拒绝读取：" + exc.render()[:200]))
            continue
        key = lambda a: (a.project_code, a.indicator)  # noqa: E731 - the order rows are written in
        out += _changes(name, sorted(actuals.actuals, key=key), sorted(read.actuals, key=key))
        out += _changes(name, sorted(actuals.funds, key=lambda f: f.project_code),
                        sorted(read.funds, key=lambda f: f.project_code))
    return out


def official_changes(sheet, workdir: Path, year: str = "2026") -> list[Change]:
    """The silent changes of a score sheet written as the official 自评表 workbook and read back by `audit`'s
    reader: each project's header, funds, indicator rows (as shown: 分值 and 得分 rounded), 总分 and grade."""
    from decimal import Decimal

    from perfeval.errors import PerfevalError
    from perfeval.scoring.sheet import actual_text, target_text
    from perfeval.selfeval import read_sheets
    from perfeval.xlsx.official import _Numbers, is_department, write_official_form

    name = "official xlsx"
    path = workdir / "official.xlsx"
    write_official_form(sheet, path, year=year)
    try:
        read = read_sheets(path)
    except PerfevalError as exc:
        return [Change(name, "（整份）", "可读", "拒绝读取：" + exc.render()[:200])]
    out = [Change(name, "sheets.length", str(len(sheet.projects)), str(len(read)))] if len(read) != len(sheet.projects) else []
    numbers = _Numbers(sheet)

    def number(text: str):
        plain = text.rstrip("%")
        try:
            value = Decimal(plain)
        except ArithmeticError:
            return text
        return value / 100 if text.endswith("%") else value

    for i, (project, got) in enumerate(zip(sheet.projects, read)):
        table, at = project.table, f"projects[{i}]"
        want: dict[str, object] = {"project_code": table.project_code, "project_name": table.project_name,
                                   "year": year, "goal.expected": table.goal}
        if not is_department(project):
            want.update(department=table.department, implementer=table.implementer)
        have: dict[str, object] = {k: getattr(got, k) for k in want if "." not in k}
        have["goal.expected"] = got.goal.expected if got.goal is not None else None
        execution = project.execution
        if execution is not None:
            want.update({"funds.initial": execution.budget, "funds.spent": execution.spent,
                         "funds.budget": execution.adjusted_budget if execution.adjusted_budget is not None
                         else execution.budget})
            for field in ("initial", "budget", "spent"):
                have[f"funds.{field}"] = number(getattr(got.funds, field)) if got.funds is not None else None
        if project.total is not None:
            want.update(total=numbers.rounded(project.total), grade=project.grade)
            have.update(total=number(got.total), grade=got.grade)
        weights = numbers.weights(project.indicators)
        for j, (row, weight) in enumerate(zip(project.indicators, weights)):
            indicator = row.indicator
            want.update({f"rows[{j}].name": indicator.name, f"rows[{j}].level1": indicator.level1 or "",
                         f"rows[{j}].level2": indicator.level2 or "", f"rows[{j}].target": target_text(row),
                         f"rows[{j}].actual": actual_text(row),
                         f"rows[{j}].reason": row.actual.reason if row.actual is not None else "",
                         f"rows[{j}].weight": weight})
        for j, row in enumerate(got.rows[:len(project.indicators)]):
            have.update({f"rows[{j}].{f}": getattr(row, f) for f in ("name", "level1", "level2", "target", "actual",
                                                                     "reason")})
            have[f"rows[{j}].weight"] = number(row.weight) if row.weight else None
        if len(got.rows) != len(project.indicators):
            out.append(Change(name, f"{at}.rows.length", str(len(project.indicators)), str(len(got.rows))))
        for key, value in want.items():
            if have.get(key) != value:
                out.append(Change(name, f"{at}.{key}", repr(value), repr(have.get(key))))
    return out + selfeval_native_changes(read)


def selfeval_native_changes(sheets) -> list[Change]:
    """The silent changes of 自评表 written in perfeval's own YAML/JSON schema (selfeval.native.sheet_to_data)
    and read back."""
    import yaml

    from perfeval.errors import PerfevalError
    from perfeval.selfeval.native import read_json_sheets, read_yaml_sheets, sheet_to_data

    out = []
    for i, sheet in enumerate(sheets):
        data = sheet_to_data(sheet)
        for name, text, reader in (
                ("selfeval json", json.dumps(data, ensure_ascii=False), read_json_sheets),
                ("selfeval yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False), read_yaml_sheets)):
            try:
                (read,) = reader(text, "s", sheet.label)
            except (PerfevalError, ValueError) as exc:
                out.append(Change(name, f"sheets[{i}]", "可读", "拒绝读取：" + str(exc)[:200]))
                continue
            out += [Change(name, f"sheets[{i}].{path}", a, b) for path, a, b in model_diff(sheet, read)]
    return out


def draw_actuals(draw, tables):
    """(tables, Actuals for all of them) drawn with perfeval.strategies.actuals; `draw` is hypothesis's
    `data.draw` (or `lambda s: s.example()`)."""
    from perfeval.actuals import Actuals
    from perfeval.strategies import actuals

    drawn = [draw(actuals(table)) for table in tables]
    return tables, Actuals([a for d in drawn for a in d.actuals], [f for d in drawn for f in d.funds])


def draw_score_sheet(draw, doc, rules="national"):
    """A document's projects scored with drawn actuals, its 部门整体 table (if any) first, as `perfeval score`
    puts it; the department's actuals carry its funds, shown on its form at the [department] points."""
    import attrs as _attrs

    from perfeval.actuals import Actuals
    from perfeval.scoring import load_scoring_rules, score, score_department
    from perfeval.scoring.engine import department_as_table

    loaded = load_scoring_rules(rules)
    _, given = draw_actuals(draw, doc.target_tables)
    sheet = score(doc.target_tables, given, loaded)
    department = doc.department_table
    if department is not None and all(i.weight is not None for i in department.indicators):
        _, own = draw_actuals(draw, [department_as_table(department)])
        whole = score_department(department, Actuals(own.actuals, own.funds), loaded)
        sheet = _attrs.evolve(sheet, projects=(*whole.projects, *sheet.projects))
    return sheet


def round_trip_run(examples: int, seed: int = 0, on_change: Callable[[int, list[Change]], None] | None = None
                   ) -> tuple[int, list[Change]]:
    """The oracle over `examples` generated documents (seeded): every document format, the actuals template
    and the official 自评表. Returns (examples run, every silent change); `on_change(n, changes)` hears of
    each example that had some."""
    import tempfile

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as seeded
    from hypothesis import strategies as st

    from perfeval.strategies import documents, printed_forms

    from .strategies import documents as text_documents  # free Chinese text, budget tables, unplaced lines

    found: list[Change] = []
    count = [0]

    @settings(max_examples=examples, deadline=None, database=None, phases=(Phase.generate,),
              suppress_health_check=list(HealthCheck))
    @seeded(seed)
    @given(doc=printed_forms(documents("national", max_projects=3)), plain=documents("national", max_projects=2),
           text=text_documents(), data=st.data())
    def run(doc, plain, text, data):
        count[0] += 1
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            changes = document_changes(doc, workdir) + document_changes(text, workdir)
            changes += actuals_changes(*draw_actuals(data.draw, plain.target_tables), workdir)
            changes += official_changes(draw_score_sheet(data.draw, plain), workdir)
        if changes:
            found.extend(changes)
            if on_change is not None:
                on_change(count[0], changes)

    run()
    return count[0], found
