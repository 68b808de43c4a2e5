"""IdP sessions: started by a login, live until they expire or a logout ends them."""

from __future__ import annotations

from itertools import count

from simtoken.actors.idp import IdpSessions


def sessions() -> IdpSessions:
    ids = count(1)
    return IdpSessions(lambda: f"s{next(ids)}")


def test_a_session_signs_in_silently_until_it_expires_or_ends() -> None:
    store = sessions()
    first = store.start("user-1", "user-1/browser", now=10.0, lifetime=100.0)
    second = store.start("user-1", "user-1/browser", now=20.0, lifetime=100.0)
    assert (first.sid, first.expires, second.sid) == ("s1", 110.0, "s2")
    assert store.current("s1", 109.9) is first
    assert store.current("s1", 110.0) is None  # expired
    assert store.current(None, 50.0) is None and store.current("nope", 50.0) is None
    assert store.end("s2", 30.0, "logout") is second
    assert (second.ended, second.ended_reason, store.current("s2", 31.0)) == (30.0, "logout", None)
    assert store.end("s2", 40.0, "logout") is None  # already ended: nothing more to end
    assert store.end("unknown", 40.0, "logout") is None
