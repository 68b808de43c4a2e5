"""Attacks on a refresh token in an HttpOnly cookie (and on a BFF's cookie): one named test per
attack with its vulnerable and its hardened setting, and the browser's part in the app's flow."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pytest

import simtoken
from simtoken import CookieBlocked, Issued, Page, Request, Result, Stolen, TheftFailed
from simtoken.runner import configure

T, S, AT, HORIZON = 3600.0, 5 * 3600.0, 300.0, 8 * 3600.0


def stolen(result: Result) -> Counter[str]:
    return Counter(e.token_type for e in result.trace if isinstance(e, Stolen))


def failures(result: Result) -> list[str]:
    return [e.reason for e in result.trace if isinstance(e, TheftFailed)]


def blocked(result: Result) -> Counter[tuple[str, str]]:
    return Counter((e.action, e.rule) for e in result.trace if isinstance(e, CookieBlocked))


def notes(result: Result, note: str) -> list[Request]:
    return [e for e in result.trace if isinstance(e, Request) and e.note == note]


# -- a script in the page -------------------------------------------------------------------


def test_xss_reads_the_access_token_but_not_the_http_only_refresh_cookie() -> None:
    hardened = simtoken.run("cookie-refresh", seed=7)
    assert stolen(hardened) == {"access": 15}  # the first from memory, 14 from page refreshes
    assert failures(hardened) == [
        "the refresh token is in an HttpOnly cookie the script cannot read; it can only call "
        "the refresh endpoint from the open page"
    ]
    assert hardened.metrics.attacker_refresh_s == 0.0
    vulnerable = simtoken.run("cookie-refresh", seed=7, cookie_http_only=False)
    assert stolen(vulnerable) == {"access": 1, "refresh": 1}  # document.cookie shows it
    assert failures(vulnerable) == []
    assert vulnerable.metrics.attacker_refresh_s == HORIZON - T
    assert vulnerable.audit() == hardened.audit() == []


def test_xss_refreshes_only_through_the_open_page() -> None:
    result = simtoken.run("cookie-refresh", seed=7)
    pages = [e for e in result.trace if isinstance(e, Page)]
    opened = [(a.t, b.t) for a, b in itertools.pairwise(pages) if a.is_open]
    refreshes = notes(result, "page")
    assert len(refreshes) == result.metrics.attacker_online_calls == 14
    for request in refreshes:
        assert request.actor == "client-1" and request.endpoint == "refresh"
        assert any(start <= request.t <= end for start, end in opened), request.t
    # every access token the script took dies within one lifetime of the app's last closing
    held = {e.token for e in result.trace if isinstance(e, Stolen)}
    expiries = [e.expires for e in result.trace if isinstance(e, Issued) and e.token in held]
    assert max(expiries) <= S + AT
    assert not [e for e in result.trace if isinstance(e, Issued) and e.holder == "attacker"]


def test_persistent_xss_still_never_sees_the_refresh_cookie() -> None:
    result = simtoken.run("cookie-refresh", seed=7, theft_vector="persistent_xss")
    assert set(stolen(result)) == {"access"}
    assert result.metrics.attacker_refresh_s == 0.0
    assert result.audit() == []


def test_a_new_flow_gets_no_refresh_token_past_an_http_only_cookie() -> None:
    hardened = simtoken.run("cookie-refresh", seed=7, theft_vector="new_flow")
    assert failures(hardened) == [
        "the app's backend redeems the new flow's code and puts the refresh token in the "
        "HttpOnly cookie: the script's own flow gets none"
    ]
    assert hardened.metrics.attacker_access_s == hardened.metrics.attacker_refresh_s == 0.0
    vulnerable = simtoken.run(
        "cookie-refresh", seed=7, theft_vector="new_flow", cookie_http_only=False
    )
    assert vulnerable.metrics.attacker_refresh_s == 25_199.95  # its own family, from 3600.05


def test_device_theft_reads_the_cookie_store_whatever_httponly_says() -> None:
    result = simtoken.run("cookie-refresh", seed=7, theft_vector="device")
    assert stolen(result) == {"access": 1, "refresh": 1}
    assert result.metrics.attacker_refresh_s == HORIZON - T


# -- a sniffer on the network ---------------------------------------------------------------


def test_sniffing_a_refresh_cookie_without_secure() -> None:
    exposed: dict[str, Any] = {"cookie_secure": False, "cookie_prefix": "none", "cookie_path": "/"}
    vulnerable = simtoken.run("cookie-refresh", seed=7, theft_vector="sniffing", **exposed)
    assert stolen(vulnerable) == {"refresh": 1}  # the access token only travels over TLS
    assert vulnerable.metrics.attacker_refresh_s == HORIZON - T
    hardened = simtoken.run("cookie-refresh", seed=7, theft_vector="sniffing", cookie_path="/")
    assert stolen(hardened) == {}
    assert failures(hardened) == [
        "TLS encrypts the traffic and the refresh cookie stays off the plain-HTTP request the "
        "user typed (secure_over_http, RFC 6265bis §5.8.3)"
    ]
    assert blocked(hardened) == {("send", "secure_over_http"): 1}
    (kept,) = [e for e in hardened.trace if isinstance(e, CookieBlocked)]
    assert (kept.t, kept.url, kept.cookie) == (T, "http://app.example/", "__Secure-refresh_token")


def test_a_path_scoped_cookie_stays_off_the_typed_url() -> None:
    result = simtoken.run("cookie-refresh", seed=7, theft_vector="sniffing")
    assert blocked(result) == {("send", "path"): 1}
    assert failures(result)[0].endswith("(path, RFC 6265bis §5.1.4)")


def test_without_tls_the_sniffer_still_reads_every_token() -> None:
    plain: dict[str, Any] = {
        "tls": False,
        "cookie_secure": False,
        "cookie_prefix": "none",
    }  # else never stored
    result = simtoken.run("cookie-refresh", seed=7, theft_vector="sniffing", **plain)
    assert stolen(result) == {"access": 1, "refresh": 1}


# -- cross-site request forgery -------------------------------------------------------------

CSRF_DEFENCES = [
    ({"cookie_samesite": "lax"}, "no_cookie", {("send", "samesite"): 26}),
    ({"cookie_samesite": "strict"}, "no_cookie", {("send", "samesite"): 26}),
    ({"csrf_token": True}, "csrf_token_invalid", {}),
    ({"origin_check": True}, "origin_mismatch", {}),
]


@pytest.mark.parametrize("storage", ["cookie_bff", "cookie_rt"])
def test_csrf_rides_a_samesite_none_cookie(storage: str) -> None:
    result = simtoken.run("csrf", seed=7, storage=storage)
    forged = notes(result, "csrf")
    assert len(forged) == result.metrics.csrf_accepted == 26
    assert {e.actor for e in forged} == {"client-1"}  # the victim's browser sent them
    assert {e.endpoint for e in forged} == {"refresh" if storage == "cookie_rt" else "api"}
    m = result.metrics
    assert (m.attacker_access_s, m.attacker_refresh_s, m.attacker_api_calls) == (0.0, 0.0, 0)
    assert m.false_logouts == 0 and result.audit() == []


@pytest.mark.parametrize("storage", ["cookie_bff", "cookie_rt"])
@pytest.mark.parametrize(("defence", "reason", "kept"), CSRF_DEFENCES)
def test_csrf_is_refused_by_each_defence(
    storage: str, defence: dict[str, Any], reason: str, kept: dict[tuple[str, str], int]
) -> None:
    result = simtoken.run("csrf", seed=7, storage=storage, **defence)
    assert result.metrics.csrf_accepted == 0
    assert result.metrics.rejections[reason] == 26
    assert blocked(result) == kept
    assert result.audit() == []


def test_csrf_rotates_the_refresh_cookie_without_tripping_reuse_detection() -> None:
    settings = {"storage": "cookie_rt", "rotation": True, "reuse_detection": "family"}
    world = simtoken.World(configure("csrf", None, settings), 7)
    result = world.run()
    assert result.metrics.csrf_accepted == 26
    assert result.metrics.reuse_detections == 0  # each new cookie landed in the victim's jar
    minted = result.issued("refresh")
    assert len(minted) == 1 + result.metrics.refreshes  # the login's, then one per refresh
    cookie = world.clients[0].browser.jar.read("app.example", "__Secure-refresh_token", HORIZON)
    assert cookie is not None and cookie.value == minted[-1].token


def test_dpop_refuses_a_forged_refresh() -> None:
    result = simtoken.run("csrf", seed=7, storage="cookie_rt", sender_constraint="dpop")
    assert result.metrics.csrf_accepted == 0
    assert result.metrics.rejections["dpop_missing"] == 26  # a form cannot sign a proof


@pytest.mark.parametrize("storage", ["memory", "web_storage", "keystore"])
def test_csrf_finds_nothing_to_ride_without_a_cookie(storage: str) -> None:
    result = simtoken.run("csrf", seed=7, storage=storage)
    assert notes(result, "csrf") == []
    assert result.metrics.csrf_accepted == 0
    (reason,) = failures(result)
    assert ("native app" if storage == "keystore" else "Authorization header") in reason


# -- the browser in the app's own flow ------------------------------------------------------


def test_the_refresh_request_carries_the_cookie_value() -> None:
    result = simtoken.run("cookie-refresh", seed=7, theft_vector="none")
    refreshes = [e for e in result.trace if isinstance(e, Request) and e.endpoint == "refresh"]
    assert {e.note for e in refreshes} == {"reactive, cookie"}
    (login_rt,) = [e.token for e in result.issued("refresh")]
    assert {e.token for e in refreshes} == {login_rt}  # no rotation: one refresh token
    assert result.metrics.victim_logins == 0


@pytest.mark.parametrize(
    ("settings", "rule"),
    [
        ({"tls": False}, "secure_from_http"),  # a Secure cookie from a plain-HTTP answer
        ({"cookie_prefix": "__Host-"}, "host_prefix"),  # __Host- needs Path=/
        ({"cookie_secure": False}, "secure_prefix"),  # __Secure- needs Secure
        ({"cookie_samesite": "none", "cookie_secure": False, "cookie_prefix": "none"}, None),
    ],
)
def test_a_refused_cookie_costs_the_user_a_login_per_access_token(
    settings: dict[str, Any], rule: str | None
) -> None:
    result = simtoken.run("cookie-refresh", seed=7, theft_vector="none", **settings)
    m = result.metrics
    rule = rule or "samesite_none_not_secure"
    assert blocked(result) == {("store", rule): 19}  # the login and each re-login
    assert (m.victim_logins, m.rejections["no_cookie"], m.false_logouts) == (18, 18, 0)


def test_a_max_age_shorter_than_the_refresh_token_ends_the_session_early() -> None:
    result = simtoken.run("cookie-refresh", seed=7, theft_vector="none", cookie_max_age=3600)
    assert blocked(result) == {("send", "expired"): 3}
    assert (result.metrics.victim_logins, result.metrics.false_logouts) == (3, 0)


def test_logout_expires_the_refresh_cookie() -> None:
    world = simtoken.World(configure("cookie-refresh", None, {"logout_at": 600}), 7)
    world.run()
    browser = world.clients[0].browser
    assert browser.jar.read("app.example", "__Secure-refresh_token", 601.0) is None
