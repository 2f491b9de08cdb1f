"""Finding rule files by name or path, and reading TOML with clear errors.

Rule sets ship in the repository's `rules/` folder (installed with the package as
`perfeval/_rules`); a user names a shipped one (`national`) or passes a path.
"""

from __future__ import annotations

import sys
import importlib.util
from pathlib import Path
from typing import Any

from .errors import RuleError, problem_at
from .limits import DEPTH, NUMBER_DIGITS, RULE_FILE_BYTES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def rules_dir() -> Path:
    """The folder of shipped rule sets: `rules/` in a checkout, `perfeval/_rules` once installed."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "rules").is_dir():
        return checkout / "rules"
    spec = importlib.util.find_spec("perfeval._rules")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if Path(location).is_dir():
            return Path(location)
    return checkout / "rules"


def shipped(kind: str) -> list[Path]:
    """Shipped rule files of one kind (`validation` or `scoring`), sorted by name."""
    folder = rules_dir() / kind
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def find_rule_file(name_or_path: str, kind: str) -> Path:
    """A path as given, or a shipped rule set of `kind` by its name."""
    path = Path(name_or_path)
    try:
        if path.suffix == ".toml" or path.exists():
            if not path.is_file():
                raise RuleError(problem_at(str(path), None, "规则文件不存在或不可读", "无此文件"))
            return path
        candidate = rules_dir() / kind / f"{name_or_path}.toml"
        if candidate.is_file():
            return candidate
    except (OSError, ValueError) as exc:  # a name too long for a path, or with a NUL in it
        raise RuleError(problem_at(str(name_or_path)[:200], None, "规则集名称或 .toml 文件路径", str(exc))) from None
    names = ", ".join(p.stem for p in shipped(kind)) or "（无）"
    raise RuleError(problem_at(name_or_path, None, f"未知的规则集；内置的 {kind} 规则集有：{names}，或给出 .toml 文件路径"))


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML rule file; a syntax error names the file and line."""
    try:
        with path.open("rb") as handle:
            data = handle.read(RULE_FILE_BYTES.value + 1)
        if len(data) > RULE_FILE_BYTES.value:
            raise RuleError(RULE_FILE_BYTES.problem(str(path), f"超过 {RULE_FILE_BYTES.value:,} 字节"))
        text = data.decode("utf-8-sig")
    except OSError as exc:
        raise RuleError(problem_at(str(path), None, "可读取的规则文件", exc.strerror or str(exc))) from None
    except UnicodeDecodeError:
        raise RuleError(problem_at(str(path), None, "UTF-8 编码的 TOML 规则文件", "无法按 UTF-8 解码")) from None
    try:
        return tomllib.loads(text)
    except ValueError as exc:  # an integer past Python's digit limit, not a TOMLDecodeError
        if isinstance(exc, tomllib.TOMLDecodeError):
            return _syntax_error(path, exc)
        raise RuleError(NUMBER_DIGITS.problem(str(path), "超过 4,300 位的整数")) from None
    except RecursionError:
        raise RuleError(DEPTH.problem(str(path), "嵌套过深")) from None


def _syntax_error(path: Path, exc: Exception):
    """A TOML syntax error as a RuleError naming the line (older tomllib gives it only in the text)."""
    line = getattr(exc, "lineno", None)
    if line is None:
        import re

        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
    raise RuleError(problem_at(str(path), line, "合法的 TOML 语法", str(exc))) from None
