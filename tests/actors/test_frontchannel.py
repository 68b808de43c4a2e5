"""The front channel: where a browser takes an authorization response, resolved like a browser."""

from __future__ import annotations

import pytest
import simpy

from simtoken.actors.frontchannel import FrontChannel, redirect_uri, response_params
from simtoken.actors.idp import Browser
from simtoken.record.events import Event, Redirect


class Catcher:
    """A receiver that takes (or drops) everything and remembers what it took."""

    def __init__(self, name: str, refuse: str = "") -> None:
        self.name = name
        self.refuse = refuse
        self.taken: list[str] = []

    def check(self, location: str) -> str:
        return self.refuse

    def take(self, location: str) -> None:
        self.taken.append(location)


def channel(app_kind: str = "web") -> tuple[FrontChannel, list[Event], Catcher, Catcher]:
    events: list[Event] = []
    front = FrontChannel(simpy.Environment(), events.append, app_kind)
    app, attacker = Catcher("client-1"), Catcher("attacker")
    front.add_app("user-1", app)
    front.attacker_site = attacker
    return front, events, app, attacker


@pytest.mark.parametrize(
    ("location", "receiver", "final"),
    [
        ("https://app.example/callback?code=c", "client-1", "https://app.example/callback?code=c"),
        (
            "https://app.example/callback/../out?to=https%3A%2F%2Fattacker.example%2Fc&code=x",
            "attacker",
            "https://attacker.example/c?code=x",
        ),
        (  # the open redirector keeps the fragment the new address lacks (RFC 9110 §10.2.2)
            "https://app.example/out?to=https://attacker.example/c#access_token=t",
            "attacker",
            "https://attacker.example/c#access_token=t",
        ),
        (
            "https://APP.example/./callback?code=c",
            "client-1",
            "https://APP.example/./callback?code=c",
        ),
        ("https://app.example/callbackx?code=c", "", "https://app.example/callbackx?code=c"),
        ("https://elsewhere.example/cb?code=c", "", "https://elsewhere.example/cb?code=c"),
        ("com.example.app:/callback?code=c", "", "com.example.app:/callback?code=c"),  # web app
    ],
)
def test_a_response_goes_where_a_browser_takes_it(location: str, receiver: str, final: str) -> None:
    front, events, app, attacker = channel()
    browser = Browser("user-1/browser", "user-1")
    assert front.navigate(browser, location, None) == ("" if receiver else "no_receiver")
    (event,) = events
    assert isinstance(event, Redirect)
    assert (event.actor, event.receiver, event.location) == ("user-1/browser", receiver, final)
    assert {"client-1": app.taken, "attacker": attacker.taken, "": []}[receiver] == (
        [final] if receiver else []
    )
    assert browser.history == [location]


def test_a_native_apps_scheme_goes_to_the_squatter_if_there_is_one() -> None:
    front, events, app, _ = channel("native")
    browser = Browser("user-1/browser", "user-1")
    uri = redirect_uri("native") + "?code=c"
    front.navigate(browser, uri, app, top_level=False)
    squatter = Catcher("malware")
    front.squatters["user-1"] = squatter
    front.navigate(browser, uri, app)
    assert (app.taken, squatter.taken) == ([uri], [uri])
    assert browser.history == [uri]  # the silent (iframe) one left no trace in the history
    assert [e.receiver for e in events if isinstance(e, Redirect)] == ["client-1", "malware"]


def test_a_dropped_response_is_recorded_with_why_and_not_taken() -> None:
    front, events, _, _ = channel()
    refusing = Catcher("client-2", refuse="state_mismatch")
    front.add_app("user-2", refusing)
    assert front.navigate(Browser("b", "user-2"), "https://app.example/callback?code=c", None) == (
        "state_mismatch"
    )
    assert refusing.taken == [] and isinstance(events[0], Redirect)
    assert events[0].refused == "state_mismatch"


def test_response_params_prefer_the_fragment() -> None:
    assert response_params("https://a.example/cb?code=1#access_token=2") == {"access_token": "2"}
    assert response_params("https://a.example/cb") == {}
