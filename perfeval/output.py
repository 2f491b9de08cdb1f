"""One way out for validate, score and audit: render a pipeline result and write it safely.

`emit(kind, result, fmt, path)` renders a result of perfeval.api in one format and
writes it to `path` (None: standard output):

- the format follows `-o`'s extension (.json .md .html .xlsx .csv .txt); an extension we
  cannot write is refused before any work is done (`format_for`);
- an `-o` that is one of the inputs (after resolving links) is refused (`check_target`);
- a file is written to a temporary file in the target folder and renamed into place, so a
  failed write leaves nothing behind; a missing or unwritable folder is one message, exit 2;
- JSON keeps exact decimal strings, with rounded `*_display` values beside scores and totals,
  and is written by the C encoder (one record per line), not the pure-Python indenting one;
  score's projects and validate's findings are encoded and written one by one as they are
  produced (`result_json_chunks`), so a province's output is never held whole, let alone twice;
- CSV is UTF-8 with a BOM (Excel opens it), cells that Excel would take for a formula are
  prefixed with `'`; Markdown cells escape `|`.

It returns the Chinese line that says what was written (the CLI prints it on stderr).
"""

from __future__ import annotations

import io
import os
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import attrs

from .errors import PerfevalError
from .findings import Severity

FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
           ".xlsx": "xlsx", ".csv": "csv", ".txt": "table"}
NAMES = {"json": "JSON", "markdown": "Markdown", "html": "HTML 报告", "xlsx": "Excel 工作簿", "csv": "CSV",
         "table": "文本"}
TEXT_FORMATS = ("table", "json", "markdown", "csv", "html")  # --format choices (xlsx only with -o)
KINDS = {"validate": "校验结果", "score": "自评评分", "audit": "复核报告"}


def find_spec(name: str):
    """importlib's find_spec, None (not an error) when a parent is not a package."""
    from importlib.util import find_spec as find

    try:
        return find(name)
    except (ImportError, ValueError):
        return None


class OutputError(PerfevalError):
    """An output that cannot or must not be written (exit 2)."""


# ---------------------------------------------------------------------------------------------
# choosing and checking the target


def format_for(path: str | Path | None, fmt: str | None) -> str:
    """The format to write: the extension of `path` decides; `fmt` (--format) must agree with it
    (except with .txt, which takes any text format). Refuses an extension we cannot write."""
    if path is None:
        return fmt or "table"
    suffix = Path(path).suffix.lower()
    by_extension = FORMATS.get(suffix)
    if by_extension is None:
        raise OutputError(f"{path}: 不能写这种文件（扩展名 {suffix or '无'}）；-o 的扩展名应为 "
                          f"{'、'.join(sorted(set(FORMATS)))} 之一")
    if fmt is not None and fmt != by_extension:
        if suffix == ".txt" and fmt != "xlsx":
            return fmt
        raise OutputError(f"{path}: 扩展名 {suffix} 写 {NAMES[by_extension]}，与 --format {fmt} 不一致；"
                          f"请改扩展名或去掉 --format")
    return by_extension


def require_writer(fmt: str) -> None:
    """Refuse, before any work, a format whose writer is not installed (the HTML report)."""
    if fmt == "html" and find_spec("perfeval.render.html") is None:
        raise OutputError("HTML 报告需要 perfeval.render.html，当前安装中没有；请改用 .json、.md、.csv 或 .xlsx")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_target(path: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Refuse an output that is one of the inputs, or whose folder is missing or not writable.

    `inputs` may name folders: every file below one counts as an input."""
    from .api import expand

    target = Path(path)
    if target.exists():
        if target.is_dir():
            raise OutputError(f"{target}: 是一个目录；-o 应为文件路径")
        for source in expand(inputs, suffixes=_ALL_SUFFIXES):
            if _same_file(target, source):
                raise OutputError(f"{target}: 这是输入文件之一，写入会覆盖它；请换一个输出文件名")
    folder = target.resolve().parent
    if not folder.exists():
        raise OutputError(f"{target}: 目录 {folder} 不存在；请先创建它或换一个输出路径")
    if not folder.is_dir():
        raise OutputError(f"{target}: {folder} 不是目录；请换一个输出路径")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{target}: 目录 {folder} 不可写；请换一个输出路径")
    return target


_ALL_SUFFIXES = (".txt", ".text", ".yaml", ".yml", ".json", ".xlsx", ".xlsm", ".csv", ".md", ".html", ".htm")


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> None:
    """Call `write(temporary path)` for a file in `path`'s folder, then rename it onto `path`.

    On any failure the temporary file is removed and `path` is untouched; an OSError becomes
    one OutputError naming the file."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    # a new file of this process's own beside the target, made as tempfile.mkstemp makes one (a random name,
    # O_EXCL, mode 0600, another name if it exists), without importing tempfile (shutil and random: 4 ms)
    for _ in range(100):
        temporary = folder / f".{target.stem}.{os.urandom(6).hex()}.tmp{target.suffix}"
        try:
            fd = os.open(temporary, _NEW_FILE, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"{target}: 无法写入（{exc.strerror or exc}）") from None
        break
    else:
        raise OutputError(f"{target}: 无法写入（目录中找不到可用的临时文件名）")
    os.close(fd)
    try:
        write(temporary)
        mode = 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{target}: 无法写入（{exc.strerror or exc}）") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


_NEW_FILE = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------------------------------------
# JSON and CSV


def dumps_json(data: Any) -> str:
    """JSON for people and programs alike, built by the C encoder: the top level's lists hold one
    record per line. (json.dumps(indent=2) runs the pure-Python encoder: several times slower.)"""
    if not isinstance(data, dict):
        return _encoder()(data) + "\n"
    return "".join(json_chunks(data))


class Records:
    """A top-level list given as its records already encoded, one per line (`json_chunks` writes them
    as they come: a province's score sheet is never built as one tree of dicts, nor held as one text)."""

    def __init__(self, count: int, lines: Iterable[str], separated: bool = False):
        # separated: `lines` are texts that already hold the list's separators ("  " before the first record,
        # ",\n  " before each later one), any number of records each, written as they are
        self.count, self.lines, self.separated = count, lines, separated


def separated(lines: Iterable[str], count: int = 128) -> Iterator[str]:
    """Records' lines as `Records(separated=True)` takes them: `count` lines a text, each after its separator."""
    batch: list[str] = []
    head = "  "
    for line in lines:
        batch.append(line)
        if len(batch) == count:
            yield head + ",\n  ".join(batch)
            head, batch = ",\n  ", []
    if batch:
        yield head + ",\n  ".join(batch)


_ENCODE: Callable[[Any], str] | None = None


def _encoder() -> Callable[[Any], str]:
    """The records' encoder (the C one, no indent), made when JSON is first written: a table imports no json."""
    global _ENCODE
    if _ENCODE is None:
        import json

        _ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    return _ENCODE


def json_chunks(data: dict[str, Any]) -> Iterator[str]:
    """dumps_json's text in pieces, in order; a value may be `Records` (written as it is produced)."""
    encode = _encoder()
    yield "{\n"
    comma = ""
    for key, value in data.items():
        head = f"{comma} {encode(key)}: "
        comma = ",\n"
        if isinstance(value, Records):
            if not value.count:
                yield head + "[]"
                continue
            lines: Iterable[str] = value.lines
        elif isinstance(value, list) and value:
            lines = map(encode, value)
        else:
            yield head + encode(value)
            continue
        yield head + "[\n"
        if isinstance(value, Records) and value.separated:
            yield from lines
            yield "\n ]"
            continue
        separator = "  "
        for line in lines:
            yield separator + line
            separator = ",\n  "
        yield "\n ]"
    yield "\n}\n"


def result_json_chunks(kind: str, result: Any, summary_only: bool = False, encoded: bool = False) -> Iterator[str]:
    """The JSON of a pipeline result (the same data as `result.to_json()`), in pieces: score's projects
    and validate's findings are encoded one by one as they are written, not built as one tree first.
    `encoded`: score's projects come as UTF-8 bytes (as they are made), the other pieces as text, for
    `write_chunks`, which writes each as it comes."""
    if kind == "score" and result.sheet is not None:
        from .scoring.sheet import project_json_lines, sheet_to_json

        sheet = result.sheet
        head = sheet_to_json(sheet, with_display=True, projects=False)
        data: dict[str, Any] = {"rule_set": head.pop("rule_set")}
        if not summary_only:
            data["projects"] = Records(len(sheet.projects), project_json_lines(sheet, separated=True, encoded=encoded),
                                       separated=True)
        data.update(head)  # summary, display
        data["groups"] = result.groups()
        data["missing"] = [p.render() for p in result.missing]
        data["unreadable"] = [u.to_json() for u in result.unreadable]
        return json_chunks(data)
    if kind == "validate" and not summary_only:
        from .findings import finding_json_lines

        findings = result.findings
        data = {"findings": Records(len(findings), _separated(finding_json_lines(findings)), separated=True),
                **result.to_json(summary_only=True)}
        return json_chunks(data)
    if kind == "audit":
        from .selfeval.summary import report_json

        return json_chunks(report_json(result, summary_only))
    data = result.to_json(summary_only=summary_only)
    return json_chunks(data) if isinstance(data, dict) else iter((dumps_json(data),))


def _separated(lines: Iterator[str], size: int = 256) -> Iterator[str]:
    """A list's records (one line each) with the list's separators, as `json_chunks` writes them ("  " before the
    first, ",\n  " before each later one), `size` of them joined into one text at a time (`Records(separated=True)`):
    one piece per few hundred records for json_chunks and the batches to pass on, not one per record."""
    head = "  "
    while True:
        block = list(islice(lines, size))
        if not block:
            return
        yield head + ",\n  ".join(block)
        head = ",\n  "


def write_chunks(path: Path, chunks: Iterable[str | bytes], encoding: str = "utf-8") -> None:
    """Write text given in pieces, a few hundred kilobytes at a time; a piece given as bytes (text already
    encoded in UTF-8: score's projects) as it is, between the texts around it."""
    import codecs

    encode = codecs.getincrementalencoder(encoding)().encode  # (one BOM for utf-8-sig, however many pieces)
    with open(path, "wb") as out:
        for text in _batches(chunks):
            if type(text) is bytes:
                if encoding != "utf-8":
                    raise ValueError(f"UTF-8 bytes written to a {encoding} file")
                out.write(text)
            else:
                out.write(encode(text))


_BATCH = 1 << 18
_BATCH_ALONE = _BATCH >> 2  # a piece this long is written on its own, not copied into a batch first


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that Excel shows as written: text that Excel would take for a formula gets a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(text).is_finite()
    except (InvalidOperation, ValueError):
        return False


def dumps_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """Rows as CSV text (quoting by the csv module; no BOM here: `write_text` adds it for files)."""
    import csv

    if columns is None:
        columns = list(rows[0]) if rows else []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    write, formula = writer.writerow, _FORMULA_START
    for row in rows:  # (a text that starts no formula is its own cell: asked here, not by a call of csv_cell)
        write([v if type(v) is str and not v.startswith(formula) else csv_cell(v) for v in map(row.get, columns)])
    return buffer.getvalue()


CSV_COLUMNS = {
    "validate": ["severity", "级别", "code", "title", "file", "line", "cell", "table", "project", "indicator",
                 "department", "implementer", "message"],
    "audit": ["severity", "级别", "code", "title", "file", "line", "cell", "table", "project", "project_name",
              "indicator", "department", "implementer", "message"],
    "score": ["project_code", "project_name", "department", "implementer", "file", "level1", "level2", "indicator",
              "target", "actual", "weight", "score", "score_display", "status", "完成情况", "flags", "reason"],
}


# ---------------------------------------------------------------------------------------------
# filtering and rendering


def at_least(result: Any, minimum: Severity | None) -> Any:
    """The result with findings below `minimum` left out (validate and audit; score has none)."""
    if minimum is None or minimum is Severity.INFO:
        return result
    if result.kind == "validate":
        return attrs.evolve(result, findings=[f for f in result.findings if f.severity >= minimum])
    if result.kind == "audit":
        audits = [attrs.evolve(a, findings=tuple(f for f in a.findings if f.severity >= minimum)) for a in result.audits]
        return attrs.evolve(result, audits=audits)
    return result


def render_text(kind: str, result: Any, fmt: str, width: int | None = None, summary_only: bool = False) -> str:
    """The result as `table`, `markdown`, `json`, `csv` or `html` text."""
    return "".join(render_chunks(kind, result, fmt, width, summary_only))


def render_chunks(kind: str, result: Any, fmt: str, width: int | None = None,
                  summary_only: bool = False, encoded: bool = False) -> Iterator[str]:
    """`render_text` in pieces, in order: score's sheet and the JSON reports come a project (a record)
    at a time, so they are written as they are produced; the other reports come whole. `encoded`: JSON
    pieces may come as UTF-8 bytes (result_json_chunks), for write_chunks."""
    if fmt == "json":
        return result_json_chunks(kind, result, summary_only, encoded)
    if kind == "score" and fmt in ("table", "markdown"):
        return _score_chunks(result, fmt, width, summary_only)
    if kind == "audit" and fmt in ("table", "markdown"):
        return _audit_chunks(result, fmt, width, summary_only)
    return iter((_render_whole(kind, result, fmt, width, summary_only),))


def _score_chunks(result: Any, fmt: str, width: int | None, summary_only: bool) -> Iterator[str]:
    if result.sheet is not None:
        from .scoring.sheet import render_chunks as sheet_chunks

        yield from sheet_chunks(result.sheet, fmt, width, summary_only=summary_only)
    yield "".join(line + "\n" for line in _groups_text("score", result, fmt, width, summary_only))
    yield _unreadable_text(result, fmt)


def _audit_chunks(result: Any, fmt: str, width: int | None, summary_only: bool) -> Iterator[str]:
    from .selfeval.render import render_audit_chunks

    yield from render_audit_chunks(result, fmt, per_sheet=not summary_only, width=width)
    yield "".join(line + "\n" for line in _groups_text("audit", result, fmt, width, summary_only))
    yield _unreadable_text(result, fmt)


def _render_whole(kind: str, result: Any, fmt: str, width: int | None, summary_only: bool) -> str:
    if fmt == "csv":
        rows = result.groups() if summary_only else result.rows()
        return dumps_csv(_flat(rows) if summary_only else rows, None if summary_only else CSV_COLUMNS[kind])
    if fmt == "html":
        require_writer(fmt)
        from .render.html import render_html

        return render_html(kind, result)
    if fmt not in ("table", "markdown"):
        raise OutputError(f"{NAMES.get(fmt, fmt)} 只能写入文件；请用 -o 指定文件名")
    if kind == "validate":
        from .render.findings import render_markdown, render_table

        if summary_only:
            body = ""
        elif fmt == "markdown":
            body = render_markdown(result.findings, len(result.files))
        else:
            body = render_table(result.findings, len(result.files), width)
        tail = _groups_text(kind, result, fmt, width, summary_only)
        if summary_only:
            from .render.findings import summary_line

            tail.append(summary_line(result.findings, len(result.files)))
        return body + "".join(line + "\n" for line in tail) + _unreadable_text(result, fmt)
    return "".join(_audit_chunks(result, fmt, width, summary_only))


def _flat(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group rows for CSV: nested dicts (codes, grades, lowest) as `key: value` text."""
    out = []
    for row in rows:
        flat = {}
        for key, value in row.items():
            if isinstance(value, dict):
                value = "；".join(f"{k} {v}" for k, v in value.items())
            flat[key] = value
        out.append(flat)
    return out


def _groups_text(kind: str, result: Any, fmt: str, width: int | None, summary_only: bool) -> list[str]:
    """The summary per 主管部门 and 实施单位: shown for batches (more than one unit) or with --summary-only."""
    from .render.findings import rule_title
    from .render.terminal import table

    if len(result.files) < 2 and not summary_only:  # one file: no summary, and no groups made to find that out
        return []
    if kind == "score" and not summary_only and _one_unit(result.projects):  # a group at most: none shown
        return []
    groups = result.groups()
    if not groups or (len(groups) < 2 and not summary_only):
        return []
    heading = "## " if fmt == "markdown" else ""
    out = ["", f"{heading}按主管部门、实施单位汇总", ""]
    rows = []
    for g in groups:
        if kind == "score":
            grades = "，".join(f"{k} {v}" for k, v in g["by_grade"].items() if v)
            low = g["lowest"]
            rows.append([g["department"], g["implementer"], g["projects"], grades or "—", g["mean_display"] or "—",
                         f"{low['project_code']} {low['total_display']}" if low else "—"])
        else:
            codes = "；".join(f"{code}（{rule_title(code)}）{n}" if rule_title(code) else f"{code} {n}"
                             for code, n in list(g["codes"].items())[:5])
            row = [g["department"], g["implementer"], g.get("tables", g.get("sheets")), g["error"], g["warning"],
                   g["info"], codes or "—"]
            if kind == "audit":
                grades = "，".join(f"{k} {v}" for k, v in g["grades"].items())
                low = g["lowest"]
                row += [grades, g["mean_display"] or "—", f"{low['table']} {low['total_display']}" if low else "—"]
            rows.append(row)
    if kind == "score":
        headers = ["主管部门", "实施单位", "项目", "等级", "平均分", "最低分"]
    elif kind == "validate":
        headers = ["主管部门", "实施单位", "表", "错误", "警告", "提示", "最常见的问题"]
    else:
        headers = ["主管部门", "实施单位", "自评表", "错误", "警告", "提示", "最常见的问题", "复核等级", "平均分", "最低分"]
    out.append(table(rows, headers, fmt, width))
    return out


def _one_unit(projects: list[Any]) -> bool:
    """Whether projects all name one 主管部门 and 实施单位 as written (ScoreResult.groups then makes one group at
    most: none is shown)."""
    from .api import unit_pair

    return not projects or unit_pair(projects) is not None


def _unreadable_text(result: Any, fmt: str) -> str:
    if not result.unreadable:
        return ""
    heading = "## " if fmt == "markdown" else ""
    lines = ["", f"{heading}无法读取的文件（{len(result.unreadable)} 个）"]
    bullet = "- " if fmt == "markdown" else "  "
    for item in result.unreadable:
        for problem in item.problems:
            lines.append(f"{bullet}{problem}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# writing


def emit(kind: str, result: Any, fmt: str | None, path: str | Path | None, *, inputs: Iterable[str | Path] = (),
         layout: str | None = None, width: int | None = None, summary_only: bool = False,
         min_severity: Severity | None = None, echo: Callable[[str], None] | None = None) -> str | None:
    """Write `result` (a perfeval.api result of `kind`) as `fmt` to `path`, or to `echo` (stdout) when
    `path` is None. Returns the Chinese line saying what was written to a file (None for stdout)."""
    fmt = format_for(path, fmt)
    result = at_least(result, min_severity)
    if path is None:
        if echo is None:
            for text in _batches(render_chunks(kind, result, fmt, width, summary_only, encoded=True)):
                _stdout(text)
        else:
            echo(render_text(kind, result, fmt, width, summary_only))
        return None
    target = check_target(path, inputs)
    if fmt == "xlsx":
        writer = _xlsx_writer(kind, result, layout)
        atomic_write(target, writer)
    else:
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        atomic_write(target, lambda temporary: write_chunks(
            temporary, render_chunks(kind, result, fmt, None, summary_only, encoded=encoding == "utf-8"), encoding))
    return f"已写入 {target}（{NAMES[fmt]}，{KINDS[kind]}）"


def _batches(chunks: Iterable[str | bytes]) -> Iterator[str | bytes]:
    """The pieces joined into texts of about _BATCH characters; a piece of _BATCH_ALONE characters or more
    is given as it is (not copied into a batch), a longer one than _BATCH cut into slices (encoding a whole
    report at once would hold it twice); a piece already encoded (bytes) is given as it is."""
    batch: list[str] = []
    size = 0
    for chunk in chunks:
        length = len(chunk)
        if type(chunk) is bytes:  # encoded already (write_chunks writes it as it is), after what is waiting
            if batch:
                yield "".join(batch)
                batch, size = [], 0
            yield chunk
            continue
        if length >= _BATCH_ALONE:  # written as it is (a longer one in slices), after what is waiting
            if batch:
                yield "".join(batch)
                batch, size = [], 0
            if length <= _BATCH:
                yield chunk
                continue
            for start in range(0, length, _BATCH):
                yield chunk[start:start + _BATCH]
            continue
        batch.append(chunk)
        size += length
        if size > _BATCH:
            yield "".join(batch)
            batch, size = [], 0
    yield "".join(batch)


def _stdout(text: str | bytes) -> None:
    """click.echo(text, nl=False), whose one step for a text with no escape code (stripping escape codes
    where stdout is no terminal: a regular expression over the text, 13 ms of a 100,000-row score table)
    leaves it as it is: such a text is written to the stream click.echo writes to (click.utils'
    _default_text_stdout) directly; a find for ESC costs a quarter of the strip. Anything else, or a click
    without that function, through click.echo (bytes, UTF-8 already: to the binary stream, after the text;
    with an escape code, as a text)."""
    import click
    import click.utils

    stream_of = getattr(click.utils, "_default_text_stdout", None)
    if type(text) is bytes:  # UTF-8 already (score's JSON projects): click.echo writes it to the binary stream
        if b"\x1b" not in text:
            click.echo(text, nl=False)
            return
        text = text.decode()  # (an escape code: click.echo strips it from a text where stdout is no terminal)
    if stream_of is None or "\x1b" in text:
        click.echo(text, nl=False)
        return
    stream = stream_of()
    if stream is None:  # no standard streams (pythonw): click.echo writes nothing either
        return
    if text:
        stream.write(text)
    stream.flush()


def _xlsx_writer(kind: str, result: Any, layout: str | None) -> Callable[[Path], None]:
    if kind == "validate":
        from .findings import report_to_json
        from .xlsx import write_findings_xlsx

        return lambda temporary: write_findings_xlsx(report_to_json(result.findings, len(result.files)), temporary)
    if kind == "audit":
        from .selfeval.workbook import write_audit_xlsx

        return lambda temporary: write_audit_xlsx(result.report(), temporary)
    if result.sheet is None:
        raise OutputError("没有可评分的目标表，未写入 Excel 自评表；请先解决无法读取的文件")
    official = find_spec("perfeval.xlsx.official") is not None
    if layout == "official" and not official:
        raise OutputError("正式自评表格式需要 perfeval.xlsx.official，当前安装中没有；请改用 --layout sheet")
    if layout in (None, "official") and official:
        from .xlsx.official import write_official_form

        return lambda temporary: write_official_form(result, temporary)
    from .scoring.sheet import sheet_to_json
    from .xlsx import write_score_xlsx

    return lambda temporary: write_score_xlsx(sheet_to_json(result.sheet), temporary)
