"""quick_init: the faster ``__init__`` of frozen records stores exactly what the dataclass's would."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pickle
import pkgutil
import sys
from dataclasses import FrozenInstanceError, InitVar, dataclass, field
from typing import Any

import pytest

import simtoken
from simtoken._records import quick_init
from simtoken.record.events import Event


def _quick_classes() -> list[type]:
    """Every class in the package whose ``__init__`` quick_init made."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(simtoken.__path__, "simtoken."):
        if info.name == "simtoken.__main__":
            continue
        for value in vars(importlib.import_module(info.name)).values():
            if not isinstance(value, type) or not value.__module__.startswith("simtoken"):
                continue
            code = getattr(vars(value).get("__init__"), "__code__", None)
            names: tuple[str, ...] = () if code is None else code.co_names
            if "__dataclass_fields__" in dir(value) and any(n.startswith("_set_") for n in names):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


QUICK = _quick_classes()


def test_the_hot_records_use_it() -> None:
    names = {cls.__name__ for cls in QUICK}
    assert {"Request", "Accepted", "Rejected", "Issued", "Message", "Response", "Verdict"} <= names
    assert len(QUICK) >= 25
    # (slots=True makes a new class; the class it replaced may linger in __subclasses__)
    events = {
        c for c in Event.__subclasses__() if getattr(sys.modules[c.__module__], c.__name__) is c
    }
    assert len(events) >= 20 and events <= set(QUICK), "every trace record class uses it"


@pytest.mark.parametrize("cls", QUICK, ids=lambda cls: cls.__qualname__)
def test_every_field_is_stored_as_given_and_defaults_as_declared(cls: type) -> None:
    fields = dataclasses.fields(cls)
    parameters = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in parameters] == [f.name for f in fields]
    for p, f in zip(parameters, fields, strict=True):
        keyword_only = inspect.Parameter.KEYWORD_ONLY
        assert (p.kind is keyword_only) == bool(f.kw_only), f.name
    given = {f.name: object() for f in fields}  # a distinct object per field
    record = cls(**given)
    assert all(getattr(record, name) is value for name, value in given.items())
    required = {f.name: given[f.name] for f in fields if _no_default(f)}
    first, second = cls(**required), cls(**required)
    for f in fields:
        if f.default is not dataclasses.MISSING:
            assert getattr(first, f.name) is f.default, f.name
        elif f.default_factory is not dataclasses.MISSING:
            assert getattr(first, f.name) == f.default_factory(), f.name
            assert getattr(first, f.name) is not getattr(second, f.name), "a fresh one each time"
    with pytest.raises(FrozenInstanceError):
        setattr(record, fields[0].name, 1)


def _no_default(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


@quick_init
@dataclass(frozen=True, slots=True)
class _Pair:
    left: int
    right: list[int] = field(default_factory=list)
    label: str = "pair"


@dataclass(frozen=True, slots=True)
class _Triple(_Pair):
    extra: int = 0


def test_a_record_equals_hashes_pickles_and_is_subclassed_as_before() -> None:
    pair = _Pair(1, [2], label="p")
    assert pair == _Pair(left=1, right=[2], label="p")
    assert repr(_Pair(1)) == "_Pair(left=1, right=[], label='pair')"
    assert pickle.loads(pickle.dumps(pair)) == pair
    frozen = _Pair(1, None, "x")  # type: ignore[arg-type]
    assert hash(frozen) == hash(_Pair(1, None, "x"))  # type: ignore[arg-type]
    assert _Triple(1, [], "t", 4).extra == 4  # a subclass gets its dataclass __init__
    assert (
        str(inspect.signature(_Pair))
        == "(left: 'int', right: 'list[int]' = <factory>, label: 'str' = 'pair') -> None"
    )


def test_classes_it_cannot_mirror_are_refused_at_decoration() -> None:
    @dataclass(frozen=True)
    class Unslotted:
        x: int

    @dataclass(slots=True)
    class Mutable:
        x: int

    @dataclass(frozen=True, slots=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True, slots=True)
    class Derived:
        x: int
        y: int = field(default=0, init=False)

    @dataclass(frozen=True, slots=True)
    class WithInitVar:
        x: int
        seed: InitVar[int] = 0

    class Plain:
        pass

    for cls, why in [
        (Unslotted, "frozen=True and slots=True"),
        (Mutable, "frozen=True and slots=True"),
        (Plain, "frozen=True and slots=True"),
        (Checked, "__post_init__"),
        (Derived, "init=False"),
        (WithInitVar, "takes more than its fields"),
    ]:
        with pytest.raises(TypeError, match=why):
            quick_init(cls)
