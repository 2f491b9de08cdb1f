"""One error hierarchy for everything perfeval refuses to read or run.

Every error carries where it happened (file and, where known, line or cell) and
what was expected, so the command line can print one clear paragraph and exit 2
instead of a traceback.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Problem:
    """One thing wrong with an input: where, what was expected, what was found."""

    file: str
    line: int | None
    expected: str
    found: str = ""
    cell: str | None = None

    def where(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
        if self.cell:
            place += f" ({self.cell})"
        return place

    def render(self) -> str:
        text = f"{self.where()}: {self.expected}"
        if self.found:
            text += f"；实际为：{self.found}"
        return text


class PerfevalError(Exception):
    """Root of perfeval's errors; the CLI turns any of them into exit code 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems: tuple[Problem | str, ...] = tuple(problems)
        super().__init__(self.render())

    def render(self) -> str:
        lines = [p.render() if isinstance(p, Problem) else p for p in self.problems]
        return "\n".join(lines)


class InputError(PerfevalError):
    """An input file cannot be read as what it claims to be."""


class RuleError(PerfevalError):
    """A rule file is malformed: unknown key, bad threshold, disallowed formula."""


def problem_at(file: str, line: int | None, expected: str, found: object = "", cell: str | None = None) -> Problem:
    """Shorthand used by readers; `found` is shown with repr-like quoting when text."""
    return Problem(file=str(file), line=line, expected=expected, found=shown(found), cell=cell)


def shown(found: object, most: int = 400) -> str:
    """A value as a message quotes it; a 5,000-digit number or a 100 KB cell by its head and length."""
    if isinstance(found, int) and not isinstance(found, bool) and found.bit_length() > 400:
        return f"（约 {int(found.bit_length() * 0.30103):,} 位的整数）"
    text = found if isinstance(found, str) else repr(found)
    return text if len(text) <= most else f"{text[:most // 2]}…（共 {len(text):,} 个字符）"
