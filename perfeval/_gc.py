"""Pausing the cyclic garbage collector while building many small objects.

Reading and scoring a province creates millions of acyclic objects (rows, Decimals,
dicts); each generation-2 collection rescans the whole growing heap, which costs more
than the work itself. Nothing built in these phases forms reference cycles.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
