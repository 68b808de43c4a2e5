"""The attacker: one named test per theft variant (its formula), per vector gate, and compare."""

from __future__ import annotations

import json

import pytest

import simtoken
import simtoken.actors
import simtoken.jose.dpop_client
from simtoken import ConfigError, Stolen, TheftFailed, UnknownNameError
from simtoken.cli import main
from simtoken.record.windows import union_length

T, AT, RT, DAY = 3600.0, 300.0, 86_400.0, 86_400.0


def test_f1_bearer_theft_without_rotation() -> None:
    m = simtoken.run("theft-f1", seed=7).metrics
    assert m.detection_latency_s is None
    assert m.attacker_refresh_s == RT - T
    assert abs(m.attacker_access_s - (RT - T + AT)) <= AT
    assert m.attacker_api_calls > 1000


def test_f2_rotation_with_reuse_detection_ends_the_theft() -> None:
    result = simtoken.run("theft-f2", seed=7)
    m = result.metrics
    assert m.detection_latency_s is not None
    # The attacker's access ends at most one access-token lifetime after detection.
    assert m.attacker_access_s <= m.detection_latency_s + AT
    (detected,) = [e for e in result.trace if isinstance(e, simtoken.ReuseDetected)]
    assert detected.presenter == "client-1"  # the attacker refreshed first; the victim tripped it
    assert m.false_logouts == 0  # an attacker was involved: not a false logout


def test_f3_persistent_theft_defeats_rotation() -> None:
    m = simtoken.run("theft-f3", seed=7).metrics
    assert m.detection_latency_s is None
    assert m.attacker_refresh_s == RT - T
    assert abs(m.attacker_access_s - (RT - 7200.0 + AT)) <= AT


def test_f3_backend_for_frontend_leaves_nothing_to_steal() -> None:
    result = simtoken.run("theft-f3", seed=7, storage="cookie_bff")
    (failed,) = [e for e in result.trace if isinstance(e, TheftFailed)]
    assert "HttpOnly" in failed.reason
    assert not [e for e in result.trace if isinstance(e, Stolen)]
    m = result.metrics
    assert (m.attacker_access_s, m.attacker_refresh_s) == (0.0, 0.0)


def test_f3b_new_flow_gets_an_independent_family() -> None:
    result = simtoken.run("theft-f3b", seed=7)
    m = result.metrics
    assert m.detection_latency_s is None and m.reuse_detections == 0
    assert abs(m.attacker_refresh_s - RT) <= 1
    attacker_families = {e.session for e in result.issued() if e.holder == "attacker"}
    victim_families = {e.session for e in result.issued() if e.holder == "client-1"}
    assert attacker_families and not attacker_families & victim_families


def test_f4_stolen_access_token_outlives_logout() -> None:
    local = simtoken.run("theft-f4", seed=7).metrics
    denylist = simtoken.run("theft-f4", seed=7, validation="denylist").metrics
    assert local.family_revocations == 1
    assert 0 < local.attacker_access_s <= AT
    assert denylist.attacker_access_s == pytest.approx(10.05)
    assert local.attacker_refresh_s == pytest.approx(10.05)  # quiet: holds the RT until logout


def test_f8_sliding_lifetime_lets_the_thief_stay_forever() -> None:
    result = simtoken.run("theft-f8", seed=7)
    assert result.metrics.attacker_refresh_s == result.config.horizon - T
    assert result.metrics.detection_latency_s is None


@pytest.mark.parametrize(
    ("vector", "storage", "tls", "stolen"),
    [
        ("xss", "web_storage", True, True),
        ("xss", "memory", True, True),
        ("xss", "cookie_bff", True, False),
        ("xss", "keystore", True, False),
        ("device", "keystore", True, True),
        ("sniffing", "web_storage", True, False),
        ("sniffing", "web_storage", False, True),
        ("log_leak", "keystore", True, True),
    ],
)
def test_theft_vectors_are_gated_by_storage_and_tls(
    vector: str, storage: str, tls: bool, stolen: bool
) -> None:
    result = simtoken.run(
        "theft", seed=3, horizon=4 * 3600, theft_vector=vector, storage=storage, tls=tls
    )
    got = [e for e in result.trace if isinstance(e, Stolen)]
    failed = [e for e in result.trace if isinstance(e, TheftFailed)]
    assert bool(got) == stolen and bool(failed) == (not stolen)


def test_persistent_xss_re_steals_rotated_tokens() -> None:
    result = simtoken.run("theft-f3", seed=7, victim_stops_at=40_000)
    assert result.metrics.detection_latency_s is None
    stolen_refresh = [
        e for e in result.trace if isinstance(e, Stolen) and e.token_type == "refresh"
    ]
    assert len(stolen_refresh) > 1  # each rotation handed the script a new refresh token


def test_riding_a_bff_session_needs_the_page_open() -> None:
    result = simtoken.run("theft", seed=7, storage="cookie_bff")
    rides = [e for e in result.trace if isinstance(e, simtoken.Request) and e.note == "riding"]
    # the BFF refreshes first (was 602: some rode an expired token); rides include its refreshes
    assert len(rides) >= result.metrics.attacker_api_calls == 700
    # Every ride happened while the victim's page was open, and the attacker held no token.
    assert result.metrics.attacker_access_s == 0.0 and result.metrics.attacker_refresh_s == 0.0
    assert result.metrics.attacker_online_s > 0


def test_quiet_attacker_never_refreshes() -> None:
    result = simtoken.run("theft", seed=7, attacker_strategy="quiet")
    refreshes = [
        e
        for e in result.trace
        if isinstance(e, simtoken.Request) and e.actor == "attacker" and e.endpoint == "refresh"
    ]
    assert not refreshes
    assert result.metrics.attacker_access_s <= AT


def test_bad_theft_settings() -> None:
    with pytest.raises(
        ConfigError,
        match=r"theft_at: invalid value 999999\.0; allowed: a sim time before the horizon",
    ):
        simtoken.run("theft", theft_at=999_999)
    with pytest.raises(UnknownNameError, match="theft_vector: unknown name 'phishing'"):
        simtoken.run("theft", theft_vector="phishing")
    with pytest.raises(UnknownNameError, match="attacker_strategy: unknown name 'polite'"):
        simtoken.run("theft", attacker_strategy="polite")


def test_union_length() -> None:
    assert union_length([(0, 10), (5, 15), (20, 25), (30, 30), (40, 35)]) == 20


def test_compare_same_theft_different_policies() -> None:
    table = simtoken.compare(
        "theft-f2",
        ["naive", "auth0-spa"],
        seed=7,
        settings={"access_token_lifetime": 300},
        variants={"auth0-spa + keystore": {"preset": "auth0-spa", "storage": "keystore"}},
    )
    naive, auth0, keystore = (row.metrics() for row in table.rows)
    assert (
        naive["attacker_access_s"] > auth0["attacker_access_s"] > keystore["attacker_access_s"] == 0
    )
    assert auth0["detection_latency_s"] is not None and naive["detection_latency_s"] is None
    assert "attacker_access_s" in table.format_table().splitlines()[0]


def test_compare_cli(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "compare",
            "theft-f1",
            "--preset",
            "naive",
            "--preset",
            "rfc9700-bcp",
            "--seed",
            "7",
            "--json",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert [row["label"] for row in data["rows"]] == ["naive", "rfc9700-bcp"]
    assert (
        data["rows"][0]["metrics"]["attacker_access_s"]
        > data["rows"][1]["metrics"]["attacker_access_s"]
    )
    assert main(["compare", "theft-f1", "--preset", "nope"]) == 2


# -- sender-constrained tokens (DPoP, RFC 9449) in a running world --------------------------


def test_dpop_binds_every_token_to_the_clients_key() -> None:
    result = simtoken.run("refresh", seed=7, sender_constraint="dpop", horizon=4 * 3600)
    assert result.metrics.victim_availability == 1.0
    key = simtoken.jose.dpop_client.derive_dpop_key(7, "user-1")
    for issued in result.issued():
        claims = jwt_claims(issued.token)
        assert claims["cnf"] == {"jkt": key.thumbprint}
    requests = [
        e for e in result.trace if isinstance(e, simtoken.Request) and e.actor == "client-1"
    ]
    assert requests and all(e.proof is not None for e in requests)


def jwt_claims(token: str) -> dict[str, object]:
    import jwt

    return dict(jwt.decode(token, options={"verify_signature": False}))


@pytest.mark.parametrize(
    ("variant", "through_page"),
    [("theft-f1", 12139.73512), ("theft-f2", 0.15), ("theft-f3", 0.0)],
)
def test_dpop_with_a_non_extractable_key_stops_token_theft(
    variant: str, through_page: float
) -> None:
    result = simtoken.run(variant, seed=7, sender_constraint="dpop")
    m = result.metrics
    assert m.attacker_access_s == 0.0
    # the bound refresh token is honoured only while the victim's page is open (was 0.0)
    assert m.attacker_refresh_s == m.attacker_online_s == through_page
    refusals = {e.reason for e in result.trace if isinstance(e, simtoken.Rejected)}
    assert refusals & {"dpop_wrong_key", "dpop_missing"}


def test_dpop_with_an_extractable_key_is_stolen_too() -> None:
    result = simtoken.run("theft-f1", seed=7, sender_constraint="dpop", dpop_key_extractable=True)
    keys = [e for e in result.trace if isinstance(e, Stolen) and e.token_type == "dpop_key"]
    assert len(keys) == 1
    assert abs(result.metrics.attacker_access_s - (RT - T + AT)) <= AT


def test_dpop_does_not_stop_a_new_flow() -> None:
    m = simtoken.run("theft-f3b", seed=7, sender_constraint="dpop").metrics
    assert abs(m.attacker_refresh_s - RT) <= 1


def test_stolen_proof_cannot_be_replayed_in_the_world() -> None:
    world = simtoken.World(
        simtoken.apply_settings(
            simtoken.get_scenario("refresh").defaults,
            {"sender_constraint": "dpop", "horizon": 3600},
        ),
        seed=7,
    )

    def last_api_request() -> simtoken.Request:
        return next(
            e
            for e in reversed(world.events)
            if isinstance(e, simtoken.Request) and e.endpoint == "api" and e.actor == "client-1"
        )

    env = world.env

    def replay() -> simtoken.actors.ActorProcess:
        yield env.timeout(600.0)
        seen = last_api_request()
        yield from world.network.request(
            "replayer", "api.example", "api", seen.token, proof=seen.proof
        )

    env.process(replay())
    result = world.run()
    request = next(
        e for e in result.trace if isinstance(e, simtoken.Request) and e.actor == "replayer"
    )
    outcome = result.trace.outcome(request.request_id)
    assert isinstance(outcome, simtoken.Rejected)
    assert outcome.reason == "dpop_replayed"  # same token, same proof, 86 s later


def test_flagship_comparison() -> None:
    """naive > rotation + reuse detection > DPoP (non-extractable) = 0 under F1/F2; under F3
    rotation alone fails while the absolute cap, DPoP and a BFF each stop the attacker."""
    dpop = {"preset": "rfc9700-bcp", "sender_constraint": "dpop"}
    bff = {"preset": "rfc9700-bcp", "storage": "cookie_bff"}
    for variant in ("theft-f1", "theft-f2"):
        table = simtoken.compare(
            variant,
            ["naive", "auth0-spa"],
            seed=7,
            settings={"access_token_lifetime": 300},
            variants={"dpop": dpop},
        )
        naive, rotation, bound = (row.metrics()["attacker_access_s"] for row in table.rows)
        assert naive >= rotation >= bound == 0.0
        assert naive > bound
    f2 = simtoken.compare(
        "theft-f2", ["naive", "auth0-spa"], seed=7, settings={"access_token_lifetime": 300}
    )
    naive_f2, rotation_f2 = (row.metrics()["attacker_access_s"] for row in f2.rows)
    assert naive_f2 > rotation_f2
    f3 = simtoken.compare(
        "theft-f3",
        ["auth0-spa", "rfc9700-bcp"],
        seed=7,
        settings={"access_token_lifetime": 300},
        variants={"dpop": dpop, "bff": bff},
    )
    rotation_only, capped, bound, backend = (row.metrics()["attacker_access_s"] for row in f3.rows)
    assert rotation_only > 100_000  # rotation alone: the thief keeps the chain for a day and more
    assert capped < 3600 and bound == 0.0 and backend == 0.0


def test_race_strategy_refreshes_before_the_victim() -> None:
    result = simtoken.run("theft-f2", seed=7, attacker_strategy="race")
    refreshes = [
        e for e in result.trace if isinstance(e, simtoken.Request) and e.endpoint == "refresh"
    ]
    stolen_at = next(e.t for e in result.trace if isinstance(e, Stolen))
    after = [e for e in refreshes if e.t >= stolen_at]
    assert after[0].actor == "attacker"  # the thief wins the race
    victim_next = next(e for e in after if e.actor == "client-1")
    assert result.metrics.detection_latency_s == pytest.approx(victim_next.t + 0.05 - stolen_at)


def test_attacker_waits_when_even_a_fresh_token_is_refused() -> None:
    """An API whose clock lags refuses brand-new tokens as not_yet_valid; the attacker waits
    and retries the same token instead of refreshing in a tight loop (which never ended)."""
    r = simtoken.run("theft-f1", seed=7, rs_skew=-3.0, leeway=0.5, horizon=7200.0)
    requests = [e for e in r.trace.of_kind("request") if e.actor == "attacker"]
    assert (len(requests), r.metrics.attacker_api_calls) == (98, 65)
    assert r.metrics.rejections == {"not_yet_valid": 24, "expired": 3}
    assert r.audit() == []
