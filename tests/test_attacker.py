"""The attacker: one named test per theft variant (its formula), per vector gate, and compare."""

from __future__ import annotations

import json

import pytest

import simtoken
from simtoken import ConfigError, Stolen, TheftFailed, UnknownNameError
from simtoken.cli import main
from simtoken.theft import union_length

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
    assert len(rides) >= result.metrics.attacker_api_calls == 602  # some rode an expired token
    # Every ride happened while the victim's page was open, and the attacker held no token.
    assert result.metrics.attacker_access_s == 0.0 and result.metrics.attacker_refresh_s == 0.0


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
