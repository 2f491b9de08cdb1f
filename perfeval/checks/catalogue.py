"""The one catalogue of finding codes: every rule of `perfeval validate` and of `perfeval audit`.

A rule is declared once, with `rule()`, by the module that reports it (a check module
for validate, `perfeval.selfeval.codes` for audit): its stable code, default severity,
Chinese title, message template (checked against the evidence the rule declares), the
text that says why it matters and how to fix it, and its typed parameters. The
catalogue is complete by construction: `perfeval rules list` and docs/rules.md are
generated from it, a rule file can only name validation codes and parameters that
exist, and `Rule.finding` is the one place a finding's message is rendered.
"""

from __future__ import annotations

import string
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Mapping

import attrs

from ..findings import Finding, Severity
from ..fmt import evidence
from .._methods import frozen
from ..model import NOWHERE, Location
from .params import (AT_LEAST_ONE, COUNT, HALF_CENT, NUMBER, NUMBER_MAP, PATTERNS, RATIO, TEXTS, Converter, Param,
                     ParamError, texts_from, values_class)

if TYPE_CHECKING:
    from .context import Context

__all__ = ["AT_LEAST_ONE", "AUDIT_SCOPES", "CATALOGUE", "CONTEXT_FIELDS", "COUNT", "HALF_CENT", "NUMBER", "NUMBER_MAP",
           "PATTERNS", "RATIO", "TEXTS", "Converter", "Param", "ParamError", "Rule", "audit_rules", "load_all", "rule",
           "show", "texts_from", "title_of", "validation_rules"]

#: Scopes of the audit's codes (`perfeval audit`); every other scope is a validation check's.
AUDIT_SCOPES = ("sheet", "arith", "rescore", "explain", "quality")
#: Template fields every finding fills in besides its evidence.
CONTEXT_FIELDS = frozenset({"table", "indicator", "project"})


show = evidence  # a number as a finding quotes it: `80`, `0.01`, `1176` (the one evidence format)


@frozen
class Rule:
    """One rule: stable dotted code, default severity, Chinese title, message template and why/how-to-fix text.

    `template` uses `{table}`, `{indicator}`, `{project}` and the evidence keys the
    reporter supplies (checked here, when the rule is declared); `doc` says in one or
    two sentences why the rule exists and what to change; `params` are the typed
    thresholds a validation rule file may set.
    """

    code: str
    severity: Severity
    title: str
    template: str
    doc: str
    evidence: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    #: the document's own words the message writes (a column's name as the sheet prints it): name -> the word
    #: written where the reporter gives none through `display` (the central template's); never evidence
    words: Mapping[str, str] = attrs.field(factory=dict, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        fields = {name for _, name, _, _ in string.Formatter().parse(self.template) if name}
        unknown = fields - CONTEXT_FIELDS - set(self.evidence) - set(self.words)
        if unknown:
            raise ValueError(f"{self.code}: template names undeclared evidence {sorted(unknown)}")
        if not self.title or not self.doc:
            raise ValueError(f"{self.code}: a rule needs a title and a text saying how to fix what it finds")

    @property
    def scope(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def audit(self) -> bool:
        """True for `perfeval audit`'s codes, which validation rule files cannot name."""
        return self.scope in AUDIT_SCOPES

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)

    def values(self, given: Mapping[str, Any]) -> Any:
        """The typed parameter values (one attribute each) from already converted `given` values."""
        if not self.params:
            raise TypeError(f"{self.code} has no parameters")
        return values_class(self.code, self.params)(**{param.name: given[param.name] for param in self.params})

    @property
    def defaults(self) -> Any:
        """The declared defaults, converted: what the check uses when a rule set turns the rule off."""
        return self.values({param.name: param.convert(param.default) for param in self.params})

    def params_in(self, ctx: Context) -> Any:
        """This rule's parameters in the rule set `ctx` runs: `WEAKER.params_in(ctx).tolerance`."""
        return ctx.ruleset.rules[self.code].values

    def finding(self, evidence: Mapping[str, Any], *, table: str | None, location: Location = NOWHERE,
                project: str | None = None, indicator: str | None = None, severity: Severity | None = None,
                shown: Callable[[Any], str] = show, display: Mapping[str, str] | None = None,
                owned: bool = False) -> Finding:
        """The one reporter: the finding with its message rendered from the template and the evidence.

        `shown` writes each evidence value into the message (validate and audit round
        differently; text is quoted as given, as both write it); `display` overrides the text
        of some fields without changing the evidence. The message is the template's
        `format_map` over those texts and `table`, `indicator`, `project`, written positionally.
        `owned`: `evidence` is a dict made for this finding that its reporter never touches again (a `**evidence`
        of its own), kept as the finding's evidence instead of a copy.
        """
        return self.reporter(shown)(evidence if owned else dict(evidence), table, location, project, indicator,
                                    display, severity)

    def reporter(self, shown: Callable[[Any], str] = show) -> Callable[..., Finding]:
        """`report(evidence, table, location, project, indicator, display, severity=None)`: `finding` with `shown`
        settled and every argument positional, the evidence kept as given (`owned`); made once per rule and `shown`
        (`_reporter`), for a reporter that makes thousands of findings of a few rules (the audit's `_Run.report`)."""
        held = _REPORTERS.get((self.code, shown))
        if held is None or held[0] is not self:  # (a rule of the same code not in the catalogue: a test's own)
            held = _REPORTERS[(self.code, shown)] = (self, _reporter(self, _show if shown is show else shown))
        return held[1]


def _chosen(declared: Rule, display: Mapping[str, str] | None) -> tuple[str, Mapping[str, str] | None]:
    """The template a message of `declared` is written from and the display texts it is written with: a rule naming
    the document's words (`Rule.words`) writes the central ones where `display` gives none, its template with them
    written in (`_central`) where there is no `display` to look each field up in, else `display` over the words."""
    if not declared.words:
        return declared.template, display
    if display is None:
        return _CENTRAL.get(declared.template) or _central(declared), None
    return declared.template, {**declared.words, **display}


#: (code, shown) -> (the rule, its `Rule.reporter`)
_REPORTERS: dict[tuple[str, Callable[[Any], str]], tuple[Rule, Callable[..., Finding]]] = {}


def _reporter(declared: Rule, shown: Callable[[Any], str]) -> Callable[..., Finding]:
    """`declared.reporter(shown)`: the message rendered from the template and the evidence, then the Finding.

    `display` overrides the text of some fields without changing the evidence (`_chosen`). The message is
    the template's `format_map` over those texts and `table`, `indicator`, `project`: written by the template's
    `_renderer` where every field is a plain name (all the catalogue's templates), else positionally, else (a field
    nested in a format spec, or one not a plain name) by `format_map` itself."""
    code, default, template, words = declared.code, declared.severity, declared.template, declared.words
    build = _finding_row or _finding_builder()  # (Finding(...) without attrs' __init__: the same object)
    central = _chosen(declared, None)[0]
    if _written_of(central)[2] is not None and _written_of(template)[2] is not None:
        # (`_chosen`, written out: the central words or display over them); each renderer compiled when first used
        renderers: list = [None, None]

        def report(evidence, table, location, project, indicator, display, severity=None):
            if display is None:
                render = renderers[0] or _first(renderers, 0, central)
                message = render(evidence, table, indicator, project, shown)
            else:  # (display over the words: the renderer's own constants)
                render = renderers[1] or _first(renderers, 1, template, words)
                message = render(evidence, table, indicator, project, shown, display)
            return build(code, default if severity is None else severity, message, table, project, indicator,
                         location, evidence)
        return report

    def report(evidence, table, location, project, indicator, display, severity=None):
        chosen, display = _chosen(declared, display)
        names, positional, _ = _written_of(chosen)
        if positional is not None:  # the fields in order, into the template made positional (as format_map writes)
            texts = []
            for name in names:
                if name == "table":
                    text = table or "文档"
                elif name == "indicator":
                    text = indicator or ""
                elif name == "project":
                    text = project or ""
                elif display is not None and name in display:
                    text = display[name]
                else:
                    value = evidence[name]
                    text = value if value.__class__ is str else shown(value)
                texts.append(text)
            message = positional.format(*texts)
        else:  # a field nested in a format spec, or one not a plain name: every field written, then format_map
            fields = {key: shown(value) for key, value in evidence.items()}
            if display:
                fields.update(display)
            fields["table"], fields["indicator"], fields["project"] = table or "文档", indicator or "", project or ""
            message = chosen.format_map(fields)
        return build(code, default if severity is None else severity, message, table, project, indicator, location,
                     evidence)

    return report


def _first(renderers: list, shown: int, template: str, words: Mapping[str, str] | None = None) -> Callable[..., str]:
    """`_renderer_of(template, shown)`, or its renderer with a rule's `words`, kept at `renderers[shown]` (a
    reporter's own)."""
    if words:
        names, _, pieces = _written_of(template)
        render = renderers[shown] = _renderer(names, pieces, bool(shown), words)
    else:
        render = renderers[shown] = _renderer_of(template, bool(shown))
    return render


def _finding_builder() -> Callable[..., Finding]:
    """Finding(...) with every field positional (model.slot_builder), made on first use."""
    global _finding_row
    from ..model import slot_builder

    _finding_row = slot_builder(Finding)
    return _finding_row


_finding_row = None  # Finding(...) with every field positional (model.slot_builder), made on first use
_DECIMAL_TEXT: dict[Decimal, str] = {}


def _show(value: Any) -> str:
    """`show(value)`: text as given; a Decimal's text kept per value (equal Decimals print alike: 50, 50.0,
    5E+1 are all `50`), for a province's findings quote the same few hundred values again and again."""
    kind = type(value)
    if kind is str:
        return value
    if kind is Decimal and value.is_finite():
        text = _DECIMAL_TEXT.get(value)
        if text is None:
            text = show(value)
            if len(_DECIMAL_TEXT) < 65536:
                _DECIMAL_TEXT[value] = text
        return text
    return show(value)


_WRITTEN: dict[str, tuple[tuple[str, ...], str | None, list[str] | None]] = {}


def _written_of(template: str) -> tuple[tuple[str, ...], str | None, list[str] | None]:
    """`_written(template)`, kept in `_WRITTEN`."""
    written = _WRITTEN.get(template)
    if written is None:
        written = _WRITTEN[template] = _written(template)
    return written


def _written(template: str) -> tuple[tuple[str, ...], str | None, list[str] | None]:
    """(the fields `template` writes, in order; the template with each field made positional, `{}`, its conversion
    and format spec kept, literal braces doubled; its literal texts, the text before each field, then the text after
    the last): `positional.format(*texts)` is `template.format_map(fields)`. None where a field is not a plain name
    or a format spec nests a field (then format_map writes the message); no literal texts where a field has a
    conversion or format spec (then no `_renderer` writes it)."""
    names, out, pieces, plain = [], [], [""], True
    for literal, name, spec, conversion in string.Formatter().parse(template):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        pieces[-1] += literal
        if name is None:
            continue
        pieces.append("")
        if not name.isidentifier() or (spec and ("{" in spec or "}" in spec)):
            return (), None, None
        names.append(name)
        out.append("{" + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
        plain = plain and not spec and not conversion
    return tuple(names), "".join(out), pieces if plain else None


#: (template, whether with display texts) -> its `_renderer`, compiled when first asked for (each costs ~0.3 ms)
_RENDERERS: dict[tuple[str, bool], Callable[..., str]] = {}


def _renderer_of(template: str, shown: bool) -> Callable[..., str] | None:
    """`_renderer` of `template` (None where a field of it is not a plain name), kept in `_RENDERERS`."""
    render = _RENDERERS.get((template, shown))
    if render is None:
        names, _, pieces = _written_of(template)
        if pieces is None:
            return None
        render = _RENDERERS[(template, shown)] = _renderer(names, pieces, shown)
    return render


#: each template naming the document's words (`Rule.words`) with the central words written in: template -> that
_CENTRAL: dict[str, str] = {}


def _central(declared: Rule) -> str:
    """`declared.template` with each of its words written in as literal text (braces doubled), kept in `_CENTRAL`."""
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(declared.template):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if name in declared.words and not spec and not conversion:
            out.append(declared.words[name].replace("{", "{{").replace("}", "}}"))
        else:
            out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    _CENTRAL[declared.template] = central = "".join(out)
    return central


def _renderer(names: tuple[str, ...], pieces: list[str], shown: bool,
              words: Mapping[str, str] | None = None) -> Callable[..., str]:
    """`render(evidence, table, indicator, project, shown)`, or with `shown` `render_shown(..., display)`: the message
    of a template whose fields are all plain names (no conversion, no format spec), as `Rule.finding`'s positional
    path writes it: each field's text (`table or "文档"`; an evidence field's `display` text where given, else its
    value as given when text, else `shown(value)`; with `shown`, a field of `words` its `display` text where given,
    else its word: `display` over `words`, as `_chosen` merges them) joined between the template's literal texts
    (`pieces`: the text before each field, then the text after the last). Generated from the field count only: the
    names, literals, words and "文档" are the function's constants, never their source text."""
    scope: dict[str, Any] = {"DOCUMENT": "文档"}
    body, parts, seen = [], [], {}
    for index, piece in enumerate(pieces):
        if piece:
            scope[f"L{index}"] = piece
            parts.append(f"L{index}")
        if index == len(names):
            break
        name = names[index]
        if name == "table":
            parts.append("(table or DOCUMENT)")
        elif name in ("indicator", "project"):
            parts.append(f"({name} or '')")
        else:
            variable = seen.get(name)
            if variable is None:  # a field the template writes twice is looked up once
                variable = seen[name] = f"v{len(seen)}"
                scope[f"K{variable}"] = name
                value = (f"{variable} = evidence[K{variable}]\n"
                         f"{{0}}if {variable}.__class__ is not str:\n{{0}}    {variable} = shown({variable})\n")
                if shown and words and name in words:  # (the word where display gives none)
                    scope[f"W{variable}"] = words[name]
                    value = f"{variable} = W{variable}\n"
                body.append(f"    if K{variable} in display:\n        {variable} = display[K{variable}]\n"
                            "    else:\n        " + value.format("        ") if shown else
                            "    " + value.format("    "))
            parts.append(variable)
    joined = f"    return ''.join(({', '.join(parts)},))\n" if parts else "    return ''\n"
    source = ("def render_shown(evidence, table, indicator, project, shown, display):\n" if shown else
              "def render(evidence, table, indicator, project, shown):\n") + "".join(body) + joined
    exec(compile(source, "<message renderer>", "exec"), scope)  # generated from the field count only
    return scope["render_shown" if shown else "render"]


CATALOGUE: dict[str, Rule] = {}


def rule(code: str, severity: str, title: str, template: str, doc: str,
         evidence: tuple[str, ...] = (), params: tuple[Param, ...] = (), words: Mapping[str, str] | None = None) -> Rule:
    """Declare a rule in the catalogue; the module that reports a code calls this once for it."""
    if code in CATALOGUE:
        raise ValueError(f"rule {code} declared twice")
    declared = Rule(code, Severity(severity), title, template, doc, tuple(evidence), tuple(params), dict(words or {}))
    if declared.audit and declared.params:
        raise ValueError(f"{code}: audit rules take their thresholds from the scoring rule set, not parameters")
    CATALOGUE[code] = declared
    return declared


def load_all() -> dict[str, Rule]:
    """The whole catalogue, validate's rules first, after every module has declared its rules."""
    from . import CHECKS  # noqa: F401  (importing the checks declares their rules)
    from ..selfeval import codes  # noqa: F401  (and the audit's)

    return CATALOGUE


def validation_rules() -> dict[str, Rule]:
    """The rules `perfeval validate` runs: the codes a validation rule file may name."""
    from . import CHECKS  # noqa: F401

    return {code: declared for code, declared in CATALOGUE.items() if not declared.audit}


def audit_rules() -> dict[str, Rule]:
    """The codes `perfeval audit` reports, in declaration order (docs/rules.md lists them so)."""
    return {code: declared for code, declared in load_all().items() if declared.audit}


def title_of(code: str) -> str:
    """The Chinese title of a finding's rule, or "" (the audit's codes are loaded only when asked for)."""
    declared = CATALOGUE.get(code)
    if declared is None and code.split(".", 1)[0] in AUDIT_SCOPES:
        declared = load_all().get(code)
    return declared.title if declared is not None else ""
