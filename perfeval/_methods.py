"""perfeval's attrs classes, their `__eq__` and `__hash__` compiled where first called.

attrs writes each class's `__init__`, `__eq__` and `__hash__` as source and compiles them as the class is made;
the two comparisons are about half of that source (~0.1 ms of every class, paid at every start for every class a
command imports), though a run compares or hashes few of its classes (the audit of 10,000 sheets: units.Unit
alone). `frozen` and `define` are attrs.frozen and attrs.define for classes that take the shared `__repr__`
(`perfeval._repr`): attrs is given `repr=False, eq=False`, and the class gets `attrs_repr` and an `__eq__` and
`__hash__` that, when first called, compile the method attrs would have written and put it in their place:

- `__eq__`: NotImplemented for an object of another class, else each field attrs compares (not `eq=False`; its
  `eq` key applied where it has one) compared in order, joined by `and`, as attrs' own;
- `__hash__`: a frozen class or one made with `unsafe_hash=True` hashes the tuple of its class's constant and the
  fields attrs hashes (`hash=True`, or compared and not `hash=False`); a mutable class is unhashable
  (`__hash__` None); `unsafe_hash=False` leaves object's hash, as attrs does;
- `__ne__`: the negation of `__eq__` (NotImplemented passed on), as attrs' own.

    @frozen                        # was @shared_repr over @attrs.frozen(repr=False)
    @define(unsafe_hash=True)      # was @shared_repr over @attrs.define(unsafe_hash=True, repr=False)
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

import attrs

from ._repr import shared_repr

_T = TypeVar("_T", bound=type)

# attrs' options that these decorators settle themselves
_SETTLED = ("repr", "eq", "order", "cmp", "hash", "cache_hash")


def frozen(maybe_cls: _T | None = None, /, **options: Any) -> Any:
    """`attrs.frozen(**options)` with the shared repr and comparisons compiled at their first use."""
    return _made(attrs.frozen, True, maybe_cls, options)


def define(maybe_cls: _T | None = None, /, **options: Any) -> Any:
    """`attrs.define(**options)` with the shared repr and comparisons compiled at their first use."""
    return _made(attrs.define, False, maybe_cls, options)


def _made(make: Callable[..., Any], is_frozen: bool, maybe_cls: type | None, options: dict[str, Any]) -> Any:
    settled = [option for option in _SETTLED if option in options]
    if settled:
        raise TypeError(f"{', '.join(settled)}: settled by perfeval._methods (use attrs itself for other settings)")
    unsafe_hash = options.pop("unsafe_hash", None)
    hashed = unsafe_hash is True or (unsafe_hash is None and is_frozen)

    def wrap(cls: _T) -> _T:
        if "__eq__" in cls.__dict__ or "__hash__" in cls.__dict__:
            raise TypeError(f"{cls.__name__}: has its own __eq__ or __hash__ (use attrs itself)")
        built = shared_repr(make(cls, repr=False, eq=False, **options))
        built.__eq__ = _method(built, "__eq__", _first_eq(built))
        built.__ne__ = _ne  # (one function for every class, as attrs' own)
        if hashed:
            built.__hash__ = _method(built, "__hash__", _first_hash(built))
        elif unsafe_hash is None:
            built.__hash__ = None  # (mutable and compared by its fields: unhashable, as attrs makes it)
        return built

    return wrap if maybe_cls is None else wrap(maybe_cls)


def _method(cls: type, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` named as a method of `cls` (what attrs sets on the methods it adds)."""
    function.__module__ = cls.__module__
    function.__qualname__ = f"{cls.__qualname__}.{name}"
    return function


def _ne(self: Any, other: Any) -> Any:
    """attrs' `__ne__`: the negation of `__eq__`, NotImplemented passed on."""
    result = self.__eq__(other)
    if result is NotImplemented:
        return NotImplemented
    return not result


def _first_eq(cls: type) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        compiled = cls.__dict__["__eq__"]
        if compiled is __eq__:  # (else called again through a reference kept from before: the compiled one serves)
            compiled = cls.__eq__ = _compiled(cls, "__eq__")  # type: ignore[method-assign]
        return compiled(self, other)

    return __eq__


def _first_hash(cls: type) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        compiled = cls.__dict__["__hash__"]
        if compiled is __hash__:
            compiled = cls.__hash__ = _compiled(cls, "__hash__")  # type: ignore[method-assign]
        return compiled(self)

    return __hash__


def _compiled(cls: type, name: str) -> Callable[..., Any]:
    """The `__eq__` or `__hash__` attrs writes for `cls`, compiled (its source made from the field names only)."""
    keys: dict[str, Callable[[Any], Any]] = {}

    def value(field: attrs.Attribute, of: str) -> str:
        if field.eq_key is None:
            return f"{of}.{field.name}"
        keys[f"_{field.name}_key"] = field.eq_key
        return f"_{field.name}_key({of}.{field.name})"

    fields = cls.__attrs_attrs__  # type: ignore[attr-defined]
    if name == "__eq__":
        compared = [field for field in fields if field.eq]
        body = " and\n        ".join(f"{value(field, 'self')} == {value(field, 'other')}" for field in compared)
        source = ("def __eq__(self, other):\n    if other.__class__ is not self.__class__:\n        return NotImplemented\n"
                  + (f"    return (\n        {body}\n    )\n" if compared else "    return True\n"))
    else:
        hashed = [field for field in fields if field.hash is True or (field.hash is None and field.eq is True)]
        items = "".join(f"        {value(field, 'self')},\n" for field in hashed)
        source = (f"def __hash__(self):\n    return hash((\n        {hash(f'<hash of {cls.__module__}.{cls.__qualname__}>')},\n"
                  f"{items}    ))\n")
    scope: dict[str, Any] = dict(keys)
    exec(compile(source, f"<{name} of {cls.__qualname__}>", "exec"), scope)  # generated from field names only
    return _method(cls, name, scope[name])
