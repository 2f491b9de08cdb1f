"""One `__repr__` for perfeval's attrs classes, where attrs compiles one per class.

attrs writes each class's `__repr__` as source and compiles it as the class is made: about a third of the
cost of making a class (0.18 of 0.53 ms), paid at every start for every class a command imports (some sixty
for `perfeval audit`). `@shared_repr` over `@attrs.define(..., repr=False)` (or `frozen`) gives the class
`attrs_repr` instead: the same text attrs' generated method writes (`Class(field=value, ...)` over the fields
whose `repr` is not False, a field's own repr callable where it has one, `...` for an object met again while
its repr is being written), worked out from the class's fields when a repr is asked for. perfeval's classes
take it through `perfeval._methods`' `frozen` and `define` (which also compile `__eq__` and `__hash__` where
first called); the rules' parameter classes (`checks.params.values_class`) take it directly.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar

import attrs

_T = TypeVar("_T", bound=type)
_WRITING = threading.local()  # .ids: the objects whose repr is being written in this thread


def attrs_repr(self: Any) -> str:
    """`repr(self)` as attrs' generated `__repr__` writes it."""
    try:
        writing = _WRITING.ids
    except AttributeError:
        writing = _WRITING.ids = set()
    if id(self) in writing:
        return "..."
    writing.add(id(self))
    try:
        parts = []
        for field in self.__class__.__attrs_attrs__:
            shown = field.repr
            if shown is False:
                continue
            value = getattr(self, field.name) if field.init else getattr(self, field.name, attrs.NOTHING)
            parts.append(f"{field.name}={value!r}" if shown is True else f"{field.name}={shown(value)}")
        return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
    finally:
        writing.discard(id(self))


def shared_repr(cls: _T) -> _T:
    """The attrs class `cls`, made with repr=False, given `attrs_repr`."""
    if "__repr__" in cls.__dict__:
        raise TypeError(f"{cls.__name__}: made with its own __repr__ (attrs.define(repr=False) is what this replaces)")
    cls.__repr__ = attrs_repr  # type: ignore[assignment]
    return cls
