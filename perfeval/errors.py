"""One error hierarchy for everything perfeval refuses to read or run.

Every error carries where it happened (file and, where known, line or cell) and
what was expected, so the command line can print one clear paragraph and exit 2
instead of a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._methods import frozen

if TYPE_CHECKING:
    from .model import Location


@frozen
class Problem:
    """One thing wrong with an input: where (a `model.Location`), what was expected, what was found.

    `code` names the kind of problem for programs (`limit`, ...); messages never show it.
    """

    location: Location
    expected: str
    found: str = ""
    code: str | None = None

    def __attrs_post_init__(self) -> None:
        # The old positional form Problem(file, line, expected, found), until its last caller
        # (api.py, the "no target table" problem) moves to problem_at.
        if isinstance(self.location, str) and (self.expected is None or isinstance(self.expected, int)):
            file, line, expected, found = self.location, self.expected, self.found, self.code
            object.__setattr__(self, "location", _location(file, line, None))
            object.__setattr__(self, "expected", expected)
            object.__setattr__(self, "found", found or "")
            object.__setattr__(self, "code", None)

    @property
    def file(self) -> str:
        return self.location.file

    @property
    def line(self) -> int | None:
        return self.location.line

    @property
    def cell(self) -> str | None:
        return self.location.cell

    def where(self) -> str:
        return str(self.location)

    def render(self) -> str:
        text = f"{self.where()}: {self.expected}"
        if self.found:
            text += f"；实际为：{self.found}"
        return text


class Problems:
    """The one way to collect every problem in an input and raise them together.

    Readers and loaders add each problem as they find it and raise once at the end, so the
    user fixes a file in one pass; past `limit` (by default the `reported` limit of
    docs/limits.md) the rest are counted, not listed.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.items: list[Problem | str] = []
        self.limit = limit

    def add(self, problem: Problem | str) -> None:
        self.items.append(problem)

    def at(self, file: str, line: int | None, expected: str, found: object = "", cell: str | None = None) -> None:
        """Add the problem at a file, line and cell (see `problem_at`)."""
        self.items.append(problem_at(file, line, expected, found, cell))

    def extend(self, problems) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def shown(self) -> list[Problem | str]:
        """The problems as an error lists them: the first `limit`, then how many more."""
        from .limits import REPORTED  # limits imports this module

        limit = REPORTED.value if self.limit is None else self.limit
        if len(self.items) <= limit:
            return list(self.items)
        return [*self.items[:limit], f"……另有 {len(self.items) - limit} 处问题未列出"]

    def raise_if_any(self, error: type[PerfevalError] | None = None) -> None:
        """Raise them all (InputError unless `error` says otherwise); nothing when none was found."""
        if self.items:
            raise (error or InputError)(self.shown())


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


def problem_at(file: str, line: int | None, expected: str, found: object = "", cell: str | None = None,
               code: str | None = None) -> Problem:
    """Shorthand used by readers; `found` is shown with repr-like quoting when text."""
    return Problem(_location(str(file), line, cell), expected, shown(found), code)


def _location(file: str, line: int | None, cell: str | None):
    from .model import Location  # model imports (through text and limits) this module

    return Location(file, line, cell)


def shown(found: object, most: int = 400) -> str:
    """A value as a message quotes it; a 5,000-digit number or a 100 KB cell by its head and length."""
    if isinstance(found, int) and not isinstance(found, bool) and found.bit_length() > 400:
        return f"（约 {int(found.bit_length() * 0.30103):,} 位的整数）"
    text = found if isinstance(found, str) else repr(found)
    return text if len(text) <= most else f"{text[:most // 2]}…（共 {len(text):,} 个字符）"
