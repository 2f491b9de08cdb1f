"""perfeval._repr: the shared `__repr__` writes what attrs' generated one writes, for every class that takes it."""

import importlib
import pkgutil
from decimal import Decimal

import attrs
import pytest

import perfeval
from perfeval._repr import attrs_repr, shared_repr


def _generated(cls: type) -> type:
    """A twin of the attrs class `cls` with attrs' own generated __repr__: the same name and fields."""
    fields = {a.name: attrs.field(repr=a.repr, init=a.init, default=None) for a in attrs.fields(cls)}
    twin = attrs.make_class(cls.__name__, fields, slots=True, repr=True, eq=False)
    twin.__qualname__ = cls.__qualname__
    return twin


def _filled(cls: type, values: list) -> object:
    """An instance of `cls` with its fields set to `values` in turn, as stored (no __init__, no converter);
    a field not init'ed is left unset where its value is `attrs.NOTHING`."""
    made = object.__new__(cls)
    for field, value in zip(attrs.fields(cls), values):
        if value is not attrs.NOTHING:
            object.__setattr__(made, field.name, value)
    return made


def _shared_classes() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(perfeval.__path__, "perfeval."):
        if module.name.endswith("__main__") or any(part in module.name for part in (".xlsx", ".sources.", ".writers",
                                                                                ".strategies", ".rulecheck")):
            continue  # (the entry point runs the command line; optional libraries: no class there takes it)
        imported = importlib.import_module(module.name)
        for value in vars(imported).values():
            if isinstance(value, type) and value.__module__ == module.name and value.__dict__.get("__repr__") is attrs_repr:
                found.append(value)
    return found


_SAMPLES = ["名称", 3, None, Decimal("7.26"), ("a", 1), {"k": "v"}, frozenset({"x"}), True, "it's", 0.5, (), ""]


def test_every_shared_class_writes_attrs_repr():
    classes = _shared_classes()
    assert len(classes) >= 50  # (perfeval.model's, selfeval.model's, scoring.rules', api's ...)
    for cls in classes:
        twin = _generated(cls)
        count = len(attrs.fields(cls))
        for start in range(3):
            values = [_SAMPLES[(start + i) % len(_SAMPLES)] for i in range(count)]
            assert attrs_repr(_filled(cls, values)) == repr(_filled(twin, values)), cls


def test_custom_field_reprs_unset_fields_and_recursion():
    @shared_repr
    @attrs.define(repr=False)
    class Node:
        name: str
        hidden: int = attrs.field(default=0, repr=False)
        shown: int = attrs.field(default=1, repr=lambda value: f"<{value}>")
        later: object = attrs.field(default=None, init=False)
        child: object = None

    @attrs.define
    class Generated:
        name: str
        hidden: int = attrs.field(default=0, repr=False)
        shown: int = attrs.field(default=1, repr=lambda value: f"<{value}>")
        later: object = attrs.field(default=None, init=False)
        child: object = None

    node, generated = Node("a", 5, 7), Generated("a", 5, 7)
    assert repr(node).replace("Node", "X") == repr(generated).replace("Generated", "X")
    object.__delattr__(node, "later")
    object.__delattr__(generated, "later")  # an init=False field never set: NOTHING, as attrs writes it
    assert repr(node).replace("Node", "X") == repr(generated).replace("Generated", "X") and "later=NOTHING" in repr(node)
    node.child, generated.child = node, generated  # itself, met again while written: ...
    assert repr(node).replace("Node", "X") == repr(generated).replace("Generated", "X") and "child=...)" in repr(node)
    node.child, generated.child = generated, node  # through each other's repr and back, as through two of attrs'
    assert repr(node) == "Node(name='a', shown=<7>, later=NOTHING, child=Generated(name='a', shown=<7>, later=NOTHING, " \
                         "child=...))"
    assert repr(generated) == "Generated(name='a', shown=<7>, later=NOTHING, child=Node(name='a', shown=<7>, " \
                              "later=NOTHING, child=...))"


def test_a_class_with_its_own_repr_is_refused():
    with pytest.raises(TypeError):
        @shared_repr
        @attrs.define(repr=False)
        class Own:
            value: int

            def __repr__(self):
                return "own"
