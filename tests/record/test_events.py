"""Trace records are built with keywords only, and export their fields in declaration order."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from simtoken.record import events
from simtoken.record.events import Event, Issued, Rejected

EVENT_CLASSES = [
    cls
    for _, cls in inspect.getmembers(events, inspect.isclass)
    if issubclass(cls, Event) and cls.__module__.startswith("simtoken.record.")
]
"""Every record class importable from ``events``, wherever it is defined (see its docstring)."""


def test_there_are_twenty_five_event_classes() -> None:
    assert len(EVENT_CLASSES) == 25
    assert {cls.__name__ for cls in EVENT_CLASSES} == set(events.__all__)


def test_every_kind_is_in_the_table_of_events() -> None:
    assert events.__doc__ is not None
    kinds = {cls.kind for cls in EVENT_CLASSES if cls is not Event}
    assert len(kinds) == 24
    assert all(f"``{kind}``" in events.__doc__ for kind in kinds)


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.__name__)
def test_every_event_field_is_keyword_only(cls: type[Event]) -> None:
    fields = dataclasses.fields(cls)
    assert [f.name for f in fields][:2] == ["t", "actor"]
    assert all(f.kw_only for f in fields)
    params = inspect.signature(cls).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)


def test_a_positional_issued_is_refused() -> None:
    args = (0.0, "auth-server", "tok", "access", "c1", "u", "sid", "aud", "jti", 300.0)
    with pytest.raises(TypeError, match="positional"):
        Issued(*args)  # type: ignore[call-arg]


def test_to_dict_keeps_the_declared_order() -> None:
    issued = Issued(
        expires=300.0,
        jti="j",
        audience="https://api.example",
        session="s",
        subject="u",
        holder="client-1",
        token_type="access",
        token="tok",
        actor="auth-server",
        t=1.5,
    )
    assert list(issued.to_dict()) == [
        "t",
        "kind",
        "actor",
        "token",
        "token_type",
        "holder",
        "subject",
        "session",
        "audience",
        "jti",
        "expires",
    ]
    rejected = Rejected(t=2.0, actor="api", request_id=7, token=None, reason="x", detail="d")
    assert rejected.to_dict() == {
        "t": 2.0,
        "kind": "rejected",
        "actor": "api",
        "request_id": 7,
        "reason": "x",
        "detail": "d",
    }


def test_no_event_class_derives_from_another() -> None:
    # Trace.where and Tally.add tell events apart by their exact class.
    assert all(cls.__bases__ == (Event,) for cls in EVENT_CLASSES if cls is not Event)
