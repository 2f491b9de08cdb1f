"""Single-point mutants of a rule file, generated from its parsed TOML and formula structure.

Each mutant changes one thing a rule-set author could get wrong: a number nudged,
negated, zeroed or multiplied by 10; a comparison flipped; Min and Max swapped; a
formula variable replaced by another; a policy switched; a grade or band threshold
moved across its neighbour; an `extends` or a listed rule removed. Formulas are read
with `ast.parse` (never evaluated) and edited by splicing the source text at the
node's position, so every other character stays as the author wrote it.
"""

from __future__ import annotations

import ast
import copy
import json
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator

import attrs

from ..fmt import exact as _plain
from ..scoring.rules import BAND_RANGE, POLICY_CHOICES, schema_keys

# Formula keys and the variables each may use (the loader's own declarations).
FORMULA_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {
    path: key.variables for path, key in schema_keys() if key.kind == "formula"}
# Scalar numbers of a scoring rule set (written as TOML integers or as decimal strings). The [department]
# section's are left out until a campaign has sorted their survivors into rules/mutation-notes.toml.
SCORING_NUMBERS = tuple(path for path, key in schema_keys()
                        if key.kind in ("number", "integer") and path[0] != "department")
_METADATA = {"name", "title", "version", "source", "description"}
_NEGATED = {ast.Lt: ">=", ast.LtE: ">", ast.Gt: "<=", ast.GtE: "<", ast.Eq: "!=", ast.NotEq: "=="}
_MIRRORED = {ast.Lt: ">", ast.LtE: ">=", ast.Gt: "<", ast.GtE: "<=", ast.Eq: None, ast.NotEq: None}
_SYMBOLS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
SEVERITIES = ("error", "warning", "info")


@attrs.frozen
class Mutant:
    """One changed rule file: where (`key`), which operator, the value before and after."""

    key: str
    operator: str
    before: str
    after: str
    data: dict = attrs.field(eq=False, repr=False, hash=False)

    @property
    def id(self) -> str:
        return f"{self.key} [{self.operator}] {self.before} → {self.after}"


def _get(data: dict, path: tuple[str, ...]):
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _with(data: dict, path: tuple[str, ...], value: Any, remove: bool = False) -> dict:
    out = copy.deepcopy(data)
    target = out
    for part in path[:-1]:
        target = target[part]
    if remove:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


def _number_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return value.strip() if number.is_finite() else None
    return None


def number_variants(text: str) -> list[tuple[str, str]]:
    """(operator, new text) for a number as written: nudged by one in its last place, negated, 0, ×10."""
    number = Decimal(text)
    exponent = min(number.as_tuple().exponent, 0)
    step = Decimal(1).scaleb(exponent)
    out = [("nudge", number + step), ("negate", -number), ("zero", Decimal(0)), ("times10", number * 10)]
    seen, variants = {number}, []
    for name, value in out:
        if value in seen:
            continue
        seen.add(value)
        variants.append((name, _plain(value)))
    return variants


def _as_written(original: Any, text: str) -> Any:
    """The new number in the original's TOML type: an integer stays an integer when it can."""
    if isinstance(original, int) and not isinstance(original, bool) and "." not in text:
        return int(text)
    if isinstance(original, float):
        return float(text)
    return text


def _number_mutants(data: dict, path: tuple[str, ...]) -> Iterator[Mutant]:
    value = _get(data, path)
    text = _number_text(value)
    if text is None:
        return
    for name, new in number_variants(text):
        yield Mutant(".".join(path), name, text, new, _with(data, path, _as_written(value, new)))


# ---- formulas ----------------------------------------------------------------------------

def _offsets(source: str) -> list[int]:
    starts, total = [0], 0
    for line in source.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def formula_variants(source: str, variables: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    """(operator, before, after, new source) for each single-point change of a formula's text."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        return []
    text = source.strip()
    starts = _offsets(text)

    def pos(line, col):
        return starts[line - 1] + col

    def splice(node, new: str) -> str:
        return text[:pos(node.lineno, node.col_offset)] + new + text[pos(node.end_lineno, node.end_col_offset):]

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            written = text[pos(node.lineno, node.col_offset):pos(node.end_lineno, node.end_col_offset)]
            for name, new in number_variants(written):
                found.append((name, written, new, splice(node, f"({new})" if new.startswith("-") else new)))
        elif isinstance(node, ast.Name) and node.id in variables:
            for other in variables:
                if other != node.id:
                    found.append(("variable", node.id, other, splice(node, other)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("Min", "Max"):
            other = "Max" if node.func.id == "Min" else "Min"
            found.append(("minmax", node.func.id, other, splice(node.func, other)))
        elif isinstance(node, ast.Compare):
            left = node.left
            for op, right in zip(node.ops, node.comparators):
                start, end = pos(left.end_lineno, left.end_col_offset), pos(right.lineno, right.col_offset)
                gap = text[start:end]
                symbol = _SYMBOLS[type(op)]
                at = gap.find(symbol)
                for name, new in (("flip", _NEGATED[type(op)]), ("mirror", _MIRRORED[type(op)])):
                    if new is None or at < 0:
                        continue
                    changed = text[:start] + gap[:at] + new + gap[at + len(symbol):] + text[end:]
                    found.append((name, symbol, new, changed))
                left = right
    return found


def _formula_mutants(data: dict, path: tuple[str, ...], variables: tuple[str, ...]) -> Iterator[Mutant]:
    source = _get(data, path)
    if not isinstance(source, str):
        return
    for name, before, after, new in formula_variants(source, variables):
        yield Mutant(".".join(path), name, f"{before}（{source.strip()}）", f"{after}（{new}）", _with(data, path, new))


# ---- scoring rule sets -------------------------------------------------------------------

def scoring_mutants(data: dict) -> list[Mutant]:
    """Every single-point mutant of a parsed scoring rule set."""
    mutants: list[Mutant] = []
    for path in SCORING_NUMBERS:
        mutants += _number_mutants(data, path)
    for name in (_get(data, ("grades",)) or {}):
        mutants += _number_mutants(data, ("grades", name))
    bands = _get(data, ("qualitative", "bands")) or {}
    for band, spec in bands.items():
        if not isinstance(spec, dict):
            continue
        mutants += _range_mutants(data, band, spec)
        if "default" in spec:
            mutants += _number_mutants(data, ("qualitative", "bands", band, "default"))
    for path, variables in FORMULA_KEYS.items():
        mutants += _formula_mutants(data, path, variables)
    for (section, key), choices in POLICY_CHOICES.items():
        value = _get(data, (section, key))
        if value is None:
            continue
        for other in choices:
            if other != value:
                mutants.append(Mutant(f"{section}.{key}", "policy", str(value), other, _with(data, (section, key), other)))
    mutants += _threshold_moves(data, ("grades",), "grade")
    mutants += _band_moves(data)
    mutants += _removals(data)
    return _unique(mutants)


def _range_mutants(data: dict, band: str, spec: dict) -> Iterator[Mutant]:
    written = str(spec.get("range", ""))
    match = BAND_RANGE.match(written)
    if not match:
        return
    for group in (2, 3):
        number = match.group(group)
        for name, new in number_variants(number):
            parts = [match.group(1), match.group(2), match.group(3), match.group(4)]
            parts[group - 1] = new
            changed = f"{parts[0]}{parts[1]}, {parts[2]}{parts[3]}"
            path = ("qualitative", "bands", band, "range")
            yield Mutant(".".join(path), name, f"{number}（{written}）", f"{new}（{changed}）", _with(data, path, changed))
    for group, flipped in ((1, {"[": "(", "(": "["}), (4, {"]": ")", ")": "]"})):
        parts = [match.group(1), match.group(2), match.group(3), match.group(4)]
        parts[group - 1] = flipped[parts[group - 1]]
        changed = f"{parts[0]}{parts[1]}, {parts[2]}{parts[3]}"
        path = ("qualitative", "bands", band, "range")
        yield Mutant(".".join(path), "bracket", written, changed, _with(data, path, changed))


def _threshold_moves(data: dict, path: tuple[str, ...], what: str) -> list[Mutant]:
    """Each grade's minimum moved past its neighbour's (the order written: best first)."""
    table = _get(data, path) or {}
    names = [n for n in table if _number_text(table[n]) is not None]
    mutants = []
    for upper, lower in zip(names, names[1:]):
        high, low = Decimal(_number_text(table[upper])), Decimal(_number_text(table[lower]))
        half = abs(high - low) / 2
        for name, value in ((upper, low - half), (lower, high + half)):
            if value < 0:
                continue
            new = _plain(value)
            before = _number_text(table[name])
            mutants.append(Mutant(".".join((*path, name)), f"{what}_across", before, new,
                                  _with(data, (*path, name), _as_written(table[name], new))))
    return mutants


def _band_moves(data: dict) -> list[Mutant]:
    """Two neighbouring qualitative bands exchange their ranges (a threshold moved across its neighbour)."""
    bands = _get(data, ("qualitative", "bands")) or {}
    names = [n for n in bands if isinstance(bands[n], dict) and "range" in bands[n]]
    mutants = []
    for upper, lower in zip(names, names[1:]):
        out = copy.deepcopy(data)
        table = out["qualitative"]["bands"]
        table[upper]["range"], table[lower]["range"] = bands[lower]["range"], bands[upper]["range"]
        mutants.append(Mutant(f"qualitative.bands.{upper}", "band_across", f"{upper} {bands[upper]['range']}、{lower} {bands[lower]['range']}",
                              f"{upper} {bands[lower]['range']}、{lower} {bands[upper]['range']}", out))
    return mutants


def _removals(data: dict) -> list[Mutant]:
    """Each rule removed: every key of every section (not the metadata), and each optional section."""
    mutants = []
    for section, table in data.items():
        if section in _METADATA:
            continue
        mutants.append(Mutant(section, "remove", "[" + section + "]", "（删除）", _with(data, (section,), None, remove=True)))
        if not isinstance(table, dict):
            continue
        for key, value in table.items():
            if isinstance(value, dict):
                for inner in value:
                    mutants.append(Mutant(f"{section}.{key}.{inner}", "remove", _short(value[inner]), "（删除）",
                                          _with(data, (section, key, inner), None, remove=True)))
            mutants.append(Mutant(f"{section}.{key}", "remove", _short(value), "（删除）",
                                  _with(data, (section, key), None, remove=True)))
    return mutants


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


# ---- validation rule sets ----------------------------------------------------------------

def validation_mutants(data: dict) -> list[Mutant]:
    """Every single-point mutant of a parsed validation rule set (as written, before `extends`)."""
    from ..checks.catalogue import validation_rules

    declared = validation_rules()  # each parameter's declared type says which values are numbers to change
    mutants: list[Mutant] = []
    meta = data.get("ruleset", {})
    if "extends" in meta:
        mutants.append(Mutant("ruleset.extends", "remove", meta["extends"], "（删除）",
                              _with(data, ("ruleset", "extends"), None, remove=True)))
    for code, params in (data.get("rules") or {}).items():
        mutants.append(Mutant(f"rules.{code}", "remove", "[rules.\"" + code + "\"]", "（删除）",
                              _with(data, ("rules", code), None, remove=True)))
        if not isinstance(params, dict):
            continue
        shapes = {param.name: param.type.shape for param in getattr(declared.get(code), "params", ())}
        for key, value in params.items():
            path = ("rules", code, key)
            if key == "severity":
                for other in SEVERITIES:
                    if other != value:
                        mutants.append(Mutant(f"rules.{code}.severity", "policy", str(value), other, _with(data, path, other)))
            elif shapes.get(key) == "map" and isinstance(value, dict):
                for inner in value:
                    mutants += _number_mutants(data, (*path, inner))
            elif shapes.get(key) == "number":
                mutants += _number_mutants(data, path)
    return _unique(mutants)


def _unique(mutants: list[Mutant]) -> list[Mutant]:
    seen, out = set(), []
    for m in mutants:
        if m.id not in seen:
            seen.add(m.id)
            out.append(m)
    return out


# ---- writing a mutant back to TOML -------------------------------------------------------

def to_toml(data: dict) -> str:
    """A rule set's data as TOML: top-level values first, then one [section] per table."""
    lines = [f"{_key(k)} = {_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for key, value in data.items():
        if isinstance(value, dict):
            lines += _table((key,), value)
    return "\n".join(lines) + "\n"


def _table(path: tuple[str, ...], table: dict) -> list[str]:
    lines = ["", "[" + ".".join(_key(p) for p in path) + "]"]
    nested = []
    for key, value in table.items():
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            nested.append((key, value))
        elif isinstance(value, dict) and not value:
            nested.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in nested:
        lines += _table((*path, key), value)
    return lines


def _key(key: str) -> str:
    if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key):
        return key
    return json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")
