"""perfeval._methods: classes whose comparisons are compiled at their first use compare, hash and refuse to hash
exactly as the same classes made by attrs itself, for every such class of the package."""

import importlib
import pkgutil
from decimal import Decimal

import attrs
import pytest

import perfeval
from perfeval import _methods
from perfeval._methods import define, frozen


def _lazy_classes() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(perfeval.__path__, "perfeval."):
        if module.name.endswith("__main__") or any(part in module.name for part in (".xlsx", ".sources.", ".writers",
                                                                                ".strategies", ".rulecheck")):
            continue  # (the entry point runs the command line; optional libraries)
        imported = importlib.import_module(module.name)
        for value in vars(imported).values():
            if isinstance(value, type) and value.__module__ == module.name and value.__dict__.get("__ne__") is _methods._ne:
                found.append(value)
    return found


def _twin(cls: type) -> type:
    """The class attrs itself makes with `cls`'s fields and settings: its own __eq__ and __hash__ (or none)."""
    fields = {a.name: attrs.field(eq=a.eq_key or a.eq, hash=a.hash, init=a.init, default=None) for a in attrs.fields(cls)}
    own_hash = cls.__dict__.get("__hash__", object)
    unsafe_hash = False if own_hash is object else None if own_hash is None else True
    twin = attrs.make_class(cls.__name__, fields, slots=True, eq=True, unsafe_hash=unsafe_hash,
                            frozen=cls.__setattr__ is not object.__setattr__)
    return twin


def _filled(cls: type, values: list) -> object:
    made = object.__new__(cls)
    for field, value in zip(attrs.fields(cls), values):
        object.__setattr__(made, field.name, value)
    return made


_SAMPLES = ["名称", 3, None, Decimal("7.26"), ("a", 1), frozenset({"x"}), True, Decimal("NaN"), 0.5, (), ""]


def test_every_class_compares_and_hashes_as_attrs_makes_it():
    classes = _lazy_classes()
    assert len(classes) >= 50  # (perfeval.model's, selfeval.model's, scoring.rules', api's ...)
    hashed = unhashable = 0
    for cls in classes:
        twin = _twin(cls)
        assert (cls.__hash__ is None) == (twin.__hash__ is None), cls
        assert (cls.__dict__.get("__hash__", object) is object) == ("__hash__" not in twin.__dict__), cls
        count = len(attrs.fields(cls))
        for start in range(3):
            values = [_SAMPLES[(start + i) % len(_SAMPLES)] for i in range(count)]
            pairs = [(values, values)] + [(values, [*values[:n], "其他", *values[n + 1:]]) for n in range(count)]
            for left, right in pairs:
                ours, theirs = (_filled(cls, left), _filled(cls, right)), (_filled(twin, left), _filled(twin, right))
                assert (ours[0] == ours[1]) == (theirs[0] == theirs[1]), (cls, left, right)
                assert (ours[0] != ours[1]) == (theirs[0] != theirs[1]), (cls, left, right)
                assert ours[0].__eq__(left) is NotImplemented and theirs[0].__eq__(left) is NotImplemented
                if cls.__hash__ is not None and "__hash__" in cls.__dict__:
                    assert (hash(ours[0]) == hash(ours[1])) == (hash(theirs[0]) == hash(theirs[1])), (cls, left, right)
        hashed += "__hash__" in cls.__dict__ and cls.__hash__ is not None
        unhashable += cls.__hash__ is None
    assert hashed >= 40 and unhashable >= 3  # (frozen classes and define(unsafe_hash=True); define alone)


def test_the_comparisons_are_compiled_at_their_first_use_and_honour_each_fields_settings():
    @frozen
    class Point:
        x: int
        note: str = attrs.field(default="", eq=False)
        label: str = attrs.field(default="", eq=str.casefold)
        cached: int = attrs.field(default=0, hash=False)

    first_eq, first_hash = Point.__dict__["__eq__"], Point.__dict__["__hash__"]
    kept_eq = Point.__eq__  # (a reference taken before the first call)
    assert Point(1, "a", "X") == Point(1, "b", "x")  # note not compared, label by its key
    assert Point(1) != Point(1, cached=1) and Point(1) != Point(2)
    assert hash(Point(1, "a", "X", 5)) == hash(Point(1, "b", "x", 6))  # cached compared, never hashed
    assert Point.__dict__["__eq__"] is not first_eq and Point.__dict__["__hash__"] is not first_hash
    compiled = Point.__dict__["__eq__"]
    assert kept_eq(Point(1), Point(1)) is True and kept_eq(Point(1), Point(2)) is False
    assert Point.__dict__["__eq__"] is compiled  # (compiled once: the kept reference calls the compiled one)
    assert Point.__eq__.__qualname__.endswith("Point.__eq__") and repr(Point(1)) == "Point(x=1, note='', label='', cached=0)"
    assert Point(1) == Point(1) and {Point(1, label="A"): 1}[Point(1, label="a")] == 1  # (compiled ones called now)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        Point(1).x = 2

    @define
    class Row:
        name: str

    @define(unsafe_hash=True)
    class Key:
        name: str

    row = Row("a")
    row.name = "b"
    assert row == Row("b") and Row.__hash__ is None and hash(Key("a")) == hash(Key("a"))
    with pytest.raises(TypeError):
        hash(row)


def test_what_it_settles_itself_is_refused():
    with pytest.raises(TypeError, match="eq"):
        frozen(eq=False)
    with pytest.raises(TypeError, match="repr"):
        define(repr=True)

    class Own:
        def __eq__(self, other):
            return True

    with pytest.raises(TypeError, match="own __eq__"):
        frozen(Own)
