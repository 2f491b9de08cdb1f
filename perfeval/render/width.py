"""`wcswidth`: a text's display width exactly as wcwidth measures it, without wcwidth's start-up.

Importing the `wcwidth` package costs about 15 ms (its __init__ loads its text wrapper, clipping,
escape-sequence and hyperlink modules, and through them `secrets` and `hashlib`), a tenth of a small
command, though a table needs one function of it. When wcwidth is built with its C extension, the
package's `wcswidth` *is* that extension's function; this module loads the extension alone (about
1 ms) and binds the same function, so every width is the one wcwidth gives. Where there is no
extension (an older or a pure-Python wcwidth, or WCWIDTH_PYTHON set), it binds the package's own.
Import it where a width is first needed, not at start-up.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from typing import Callable

_EXTENSION = "wcwidth._wcwidth_c"  # the module wcwidth's __init__ takes `wcswidth` from when it is built


def _extension():
    """wcwidth's C extension, loaded without running the package's __init__ (None if there is none)."""
    try:
        package = importlib.util.find_spec("wcwidth")  # finds the package without importing it
        for folder in (package.submodule_search_locations or ()) if package is not None else ():
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                path = os.path.join(folder, "_wcwidth_c" + suffix)
                if not os.path.isfile(path):
                    continue
                spec = importlib.util.spec_from_file_location(_EXTENSION, path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                sys.modules[_EXTENSION] = module  # the package, imported later, finds and uses this same module
                return module
    except (ImportError, OSError, ValueError, AttributeError):
        return None
    return None


def _load() -> Callable[[str], int]:
    module = sys.modules.get(_EXTENSION)
    if module is None and "wcwidth" not in sys.modules and not os.environ.get("WCWIDTH_PYTHON"):
        module = _extension()
    function = getattr(module, "wcswidth", None)
    if function is None:
        from wcwidth import wcswidth as function
    return function


wcswidth: Callable[[str], int] = _load()
"""wcwidth.wcswidth(text): the columns `text` takes on a terminal, -1 if it holds a control character."""
