"""Packages meet at their public faces: no module imports another package's private modules or names.

Private means a leading underscore (`perfeval.xlsx._write`, `from ..scoring.rules import _decimal`).
Within a package (and its subpackages) anything goes; across packages only the names a package
exports. The root package's own private modules (`perfeval._gc`) are shared by every subpackage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import perfeval

ROOT = Path(perfeval.__file__).parent


def _is_package(dotted: str) -> bool:
    return ROOT.joinpath(*dotted.split(".")[1:]).is_dir()


def _package_of(dotted: str) -> str:
    """`perfeval.xlsx._write` → `perfeval.xlsx`; `perfeval.xlsx` → itself; `perfeval.api` → `perfeval`."""
    return dotted if _is_package(dotted) else dotted.rpartition(".")[0]


def crossings(source: str, package: str) -> list[str]:
    """Imports in a module of `package` that reach another package's private modules or names."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
            bad += [problem for target in targets for problem in _check(node.lineno, target, [], package)]
            continue
        else:
            continue
        bad += _check(node.lineno, target, names, package)
    return bad


def _check(line: int, target: str, names: list[str], package: str) -> list[str]:
    if not target.startswith("perfeval."):
        return []
    parts = target.split(".")
    for depth in range(1, len(parts)):
        if parts[depth].startswith("_"):
            owner = ".".join(parts[:depth])
            if owner != "perfeval" and not _inside(package, owner):
                return [f"{line}: imports {target}"]
            return []
    owner = _package_of(target)
    if owner == "perfeval" or _inside(package, owner):
        return []
    private = [name for name in names if name.startswith("_") and not name.endswith("__")]
    return [f"{line}: imports {'private module' if _is_package(target) and _exists(target, name) else 'private name'} "
            f"{name} from {target}" for name in private]


def _inside(package: str, owner: str) -> bool:
    return package == owner or package.startswith(owner + ".")


def _exists(package: str, name: str) -> bool:
    folder = ROOT.joinpath(*package.split(".")[1:])
    return (folder / f"{name}.py").exists() or (folder / name).is_dir()


def test_no_module_imports_another_packages_private_modules_or_names():
    bad = []
    for path in sorted(ROOT.rglob("*.py")):
        dotted = "perfeval." + ".".join(path.relative_to(ROOT).with_suffix("").parts)
        package = dotted.removesuffix(".__init__") if path.name == "__init__.py" else dotted.rpartition(".")[0]
        bad += [f"{path.relative_to(ROOT.parent)}:{problem}" for problem in crossings(path.read_text("utf-8"), package)]
    assert bad == []


def test_the_check_sees_each_kind_of_private_import_across_packages():
    probe = ("from ..xlsx._write import Book\n"
             "from ..xlsx import _cells\n"
             "import perfeval.readers._source\n"
             "from ..scoring.rules import _decimal\n"
             "from ..xlsx import Book\n"            # the public face: fine
             "from ._private import helper\n"       # its own package: fine
             "from .._gc import paused_gc\n")        # the root package's shared module: fine
    assert crossings(probe, "perfeval.selfeval") == [
        "1: imports perfeval.xlsx._write",
        "2: imports private module _cells from perfeval.xlsx",
        "3: imports perfeval.readers._source",
        "4: imports private name _decimal from perfeval.scoring.rules",
    ]
