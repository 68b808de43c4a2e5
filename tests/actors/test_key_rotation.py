"""Key rotation (K1): the signing schedule, the JWKS endpoint, and the APIs' JWKS cache."""

from __future__ import annotations

import itertools
from typing import Any

import jwt
import pytest
from jwt.warnings import InsecureKeyLengthWarning

import simtoken
from simtoken.errors import ConfigError
from simtoken.jose.keyring import KeySchedule
from simtoken.jose.keys import derive_key
from simtoken.record.events import Forged, Rejected, Request


def test_schedule_signs_with_one_key_at_a_time_and_publishes_overlap_and_next() -> None:
    s = KeySchedule(7, "EdDSA", interval=100, overlap=30, prepublish=20)
    index = {derive_key(7, "EdDSA", i).kid: i for i in range(4)}
    published = {t: [index[k.kid] for k in s.published(t)] for t in (0, 79, 80, 100, 129, 130, 185)}
    assert published == {
        0: [0],
        79: [0],
        80: [0, 1],
        100: [0, 1],
        129: [0, 1],
        130: [1],
        185: [1, 2],
    }
    assert [s.index_at(t) for t in (0, 99.9, 100, 250)] == [0, 0, 1, 2]
    assert s.jwks(185)["keys"][1]["kid"] == derive_key(7, "EdDSA", 2).kid
    assert [k.kid for k in KeySchedule(7, "EdDSA").published(10**9)] == [derive_key(7, "EdDSA").kid]


def _jwks_fetch_times(result: simtoken.Result) -> list[float]:
    return [e.t for e in result.trace if isinstance(e, Request) and e.endpoint == "jwks"]


def _jwks_fetches(result: simtoken.Result) -> int:
    return len(_jwks_fetch_times(result))


def test_without_refetch_every_rotation_opens_an_outage() -> None:
    r = simtoken.run("key-rotation", seed=7)
    m = r.metrics
    assert (m.key_outage_s, m.victim_availability, m.victim_logins) == (10523.188999, 0.872464, 0)
    assert m.rejections == {"expired": 410, "unknown_key": 691}
    assert _jwks_fetches(r) == 23
    # the refused tokens are genuine: signed by the auth server's new key, at most TTL after it
    kids = {e.token: jwt.get_unverified_header(e.token)["kid"] for e in r.issued("access")}
    refused = [e for e in r.trace if isinstance(e, Rejected) and e.reason == "unknown_key"]
    for e in refused:
        index = int(e.t // 14_400)
        assert e.token is not None and kids[e.token] == derive_key(7, "RS256", index).kid
        assert e.t - index * 14_400 <= 3_600 + 1


def test_refetch_on_unknown_kid_or_prepublishing_closes_the_outage() -> None:
    for settings in ({"jwks_refetch": True}, {"key_prepublish": 3600.0}):
        r = simtoken.run("key-rotation", seed=7, **settings)
        assert r.metrics.key_outage_s == 0.0, settings
        assert "unknown_key" not in r.metrics.rejections
        assert r.metrics.victim_availability == 1.0
        assert _jwks_fetches(r) == 23
    # six keys signed tokens over the day; the result's JWKS holds them all
    kids = {jwt.get_unverified_header(e.token)["kid"] for e in r.issued()}
    assert kids == {derive_key(7, "RS256", i).kid for i in range(6)}
    assert kids <= {k["kid"] for k in r.jwks["keys"]}


def test_refetch_is_throttled() -> None:
    r = simtoken.run(
        "key-rotation", seed=7, jwks_refetch=True, jwks_refetch_interval=3600.0, clients=1
    )
    fetch_times = _jwks_fetch_times(r)
    assert all(b - a >= 3600.0 for a, b in itertools.pairwise(fetch_times))


def test_retired_key_past_overlap_is_refused() -> None:
    r = simtoken.run("key-rotation", seed=7, key_overlap=0.0, jwks_refetch=True, clients=1)
    # a refresh token signed by the previous key is no longer verifiable at the auth server
    assert r.metrics.rejections.get("unknown_key", 0) > 0
    assert r.metrics.victim_logins > 0


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"key_rotation_interval": -1}, "key_rotation_interval: invalid value -1"),
        ({"jwks_cache_ttl": 0}, "jwks_cache_ttl: invalid value 0"),
        (
            {"key_rotation_interval": 600, "key_prepublish": 600},
            "key_prepublish: invalid value 600.0; allowed: less than key_rotation_interval (600 s)",
        ),
        ({"jwks_refetch": "maybe"}, "jwks_refetch: invalid value 'maybe'; allowed: true or false"),
    ],
)
def test_bad_key_rotation_settings(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        simtoken.run("key-rotation", seed=7, **settings)


def test_forgery_scenario_hardened_and_vulnerable() -> None:
    hardened = simtoken.run("forgery", seed=7).metrics
    assert (hardened.forged_accepted, hardened.attacker_api_calls) == (0, 0)
    assert hardened.rejections == {"expired": 38, "alg_not_allowed": 140}
    assert hardened.victim_availability == 1.0
    weak = simtoken.run("forgery", seed=7, vulnerable="accept_alg_none").metrics
    assert (weak.forged_accepted, weak.attacker_api_calls) == (140, 140)
    forged = simtoken.run(
        "forgery", seed=7, forge="access_as_refresh", vulnerable="skip_type_check"
    )
    # past the weak type check, the access token's aud (the API) is not the auth server's:
    # audience restriction is a second wall
    assert forged.metrics.forged_accepted == 0
    assert forged.metrics.rejections == {"expired": 38, "wrong_audience": 140}
    events = [e for e in forged.trace if isinstance(e, Forged)]
    assert [(e.t, e.actor, e.attack) for e in events] == [(3600.0, "attacker", "access_as_refresh")]


def test_weak_hmac_secret_in_a_running_world() -> None:
    """A typed HS256 secret: PyJWT warns at every mint, and the forger cracks it from one token."""
    with pytest.warns(InsecureKeyLengthWarning):
        weak = simtoken.run(
            "forgery",
            seed=7,
            forge="weak_hmac_secret",
            algorithm="HS256",
            vulnerable="weak_hmac_secret",
        )
    assert (weak.metrics.forged_accepted, weak.metrics.victim_availability) == (140, 1.0)
    strong = simtoken.run("forgery", seed=7, forge="weak_hmac_secret", algorithm="HS256")
    assert strong.metrics.forged_accepted == 0
    assert strong.metrics.rejections == {"expired": 38, "bad_signature": 140}
    # no public key to confuse in an HS256 deployment: the PEM guess is simply wrong
    confused = simtoken.run("forgery", seed=7, forge="alg_confusion", algorithm="HS256")
    assert confused.metrics.rejections == {"expired": 38, "bad_signature": 140}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"vulnerable": "weak_hmac_secret"},
            "vulnerable: invalid value 'weak_hmac_secret'; allowed: only with algorithm=HS256",
        ),
        (
            {"forge": "alg_nope"},
            r"forge: unknown name 'alg_nope'; did you mean 'alg_none'\? allowed: one of none, alg_none",
        ),
        ({"vulnerable": "skip_everything"}, "vulnerable: unknown name 'skip_everything'"),
        ({"theft_at": 90_000.0}, "theft_at: invalid value 90000.0; allowed: a sim time before"),
    ],
)
def test_bad_forgery_settings(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        simtoken.run("forgery", seed=7, **settings)


def test_a_jwks_fetch_for_a_request_in_flight_at_the_horizon_completes() -> None:
    """An API whose cache expired refetches even after the horizon, so the request gets its outcome."""
    config = simtoken.apply_settings(
        simtoken.RunConfig(),
        {
            "horizon": 400.0,
            "key_rotation_interval": 300.0,
            "jwks_cache_ttl": 60.0,
            "algorithm": "EdDSA",
            "request_interval": 15.0,
            "idle_period": 0.0,
        },
    )
    world = simtoken.World(config, seed=3)

    def latest() -> str | None:
        issued = world.latest_issued(holder="client-1", audience="https://api.example")
        return None if issued is None else issued.token

    world.present(latest, at=399.99, to="api.example")
    result = world.run()
    assert result.audit() == []
    last = [(e.kind, e.actor, round(e.t, 2)) for e in result.trace[-3:]]
    assert last == [
        ("request", "api.example", 400.04),
        ("accepted", "auth-server", 400.09),
        ("accepted", "api.example", 400.14),
    ]
    jwks_requests = [e for e in result.trace if isinstance(e, Request) and e.endpoint == "jwks"]
    assert jwks_requests[-1].t > config.horizon
