"""Property-based invariants over random policies, worlds and seeds (``simtoken.record.audit``).

The random worlds include the real login flows (``login_flow=code`` or ``implicit``, each with
random PKCE, ``state``, redirect-URI matching ... and sometimes an attack on the flow), so that
the authorization-code rules hold over random worlds too.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Protocol

import jwt
import pytest
from conftest import FUZZ_COUNTS
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import simtoken
from simtoken import (
    Request,
    Result,
    Revoked,
    SimClock,
)
from simtoken.actors.network import SERVER_TO_SERVER
from simtoken.forgery.attacks import ATTACKS
from simtoken.jose.scopes import OPERATIONS

CLOCK = SimClock()


class Pick(Protocol):
    """Where random choices come from: Hypothesis (shrinkable) or a seeded ``random.Random``."""

    def one(self, values: Sequence[Any]) -> Any: ...
    def int(self, low: int, high: int) -> int: ...
    def num(self, low: float, high: float) -> float: ...
    def flag(self) -> bool: ...


class _Hypothesis:
    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def one(self, values: Sequence[Any]) -> Any:
        return self.draw(st.sampled_from(values))

    def int(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))

    def num(self, low: float, high: float) -> float:
        return self.draw(st.floats(low, high))

    def flag(self) -> bool:
        return self.draw(st.booleans())


class _Seeded:
    def __init__(self, seed: str) -> None:
        self.rng = random.Random(seed)

    def one(self, values: Sequence[Any]) -> Any:
        return self.rng.choice(list(values))

    def int(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def num(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high)

    def flag(self) -> bool:
        return self.rng.random() < 0.5


def spec(pick: Pick) -> tuple[str, int, dict[str, Any]]:
    """A random world: scenario, seed and settings, drawn through ``pick``."""
    lifetime = pick.int(5, 900)
    refresh = pick.one(["none", "reactive", "proactive"])
    algorithm = pick.one(["EdDSA", "HS256", "RS256"])
    forge = pick.one(["none"] * 4 + [a.name for a in ATTACKS])
    few_keys = algorithm == "RS256" or forge != "none"  # RSA keys take 0.4 s each to derive
    seed = pick.int(0, 2 if few_keys else 2**32)
    knobs: dict[str, Any] = {
        "access_token_lifetime": lifetime,
        "refresh_token_lifetime": pick.int(1, 7200),
        "leeway": pick.one([0.0, 0.5, 2.0, lifetime / 2]),
        "algorithm": algorithm,
        "refresh": refresh,
        "refresh_margin": pick.num(0, lifetime - 1),
        "clients": pick.int(1, 3),
        "horizon": pick.num(60, 2 * 3600),
        # at most a few thousand requests per world: 500 of them must run in minutes
        "request_interval": pick.num(15, 600),
        "latency": pick.one([0.0, 0.05, 0.5]),
        "loss": pick.one([0.0, 0.0, 0.1, 0.5]),
        "rs_skew": pick.one([0.0, -3.0, 3.0]),
        "idle_period": pick.one([0.0, 600.0, 3600.0]),
    }
    rotation = pick.flag()
    if rotation:
        grace = pick.one([0.0, 0.0, 5.0, 30.0])
        reuse = pick.int(0, 2)
        forgive = pick.flag()  # Supabase: the active token's parent is forgiven at any time
        knobs.update(
            rotation=True,
            reuse_detection=pick.one(["none", "family", "user"]),
            grace_interval=grace,
            max_reuse=reuse,
            grace_successor=pick.one(["new", "same"]) if grace or reuse else "new",
            extend_on_rotate=pick.flag(),
        )
        if forgive:
            knobs.update(grace_successor="same", forgive_active_parent=True)
    idle = pick.one([0, 600, 3600])
    knobs["refresh_token_idle_lifetime"] = min(idle, knobs["refresh_token_lifetime"])
    validation = pick.one(["local", "denylist", "introspection"])
    knobs["validation"] = validation
    if validation == "introspection":
        knobs["introspection_cache_ttl"] = pick.one([0.0, 30.0])
    knobs["tabs"] = pick.one([1, 1, 2, 3])
    knobs["single_flight"] = pick.flag()
    knobs["response_loss"] = pick.one([0.0, 0.0, 0.1])
    knobs["race_window"] = pick.one([0.0, 0.05, 1.0])
    if pick.flag():
        knobs["logout_at"] = pick.num(1, knobs["horizon"])
    knobs["sender_constraint"] = pick.one(["none", "none", "dpop"])
    knobs["dpop_key_extractable"] = pick.flag()
    if pick.flag():
        knobs["theft_vector"] = pick.one(
            ["xss", "persistent_xss", "device", "sniffing", "log_leak", "new_flow"]
        )
        knobs["theft_at"] = pick.num(0, knobs["horizon"] - 1)
        strategies = ["immediate", "wait_offline", "aggressive", "quiet", "race"]
        if knobs["sender_constraint"] == "dpop" and knobs["theft_vector"] in (
            "xss",
            "persistent_xss",
        ):
            strategies.append("precompute")  # a script in the page signs proofs ahead
        knobs["attacker_strategy"] = pick.one(strategies)
        knobs["storage"] = pick.one(["memory", "web_storage", "cookie_bff", "keystore"])
        knobs["tls"] = pick.flag()
        if pick.flag():
            knobs["victim_stops_at"] = pick.num(1, knobs["horizon"])
    if knobs["sender_constraint"] == "dpop" and pick.flag():
        knobs["use_dpop_nonce"] = True  # server nonces (RFC 9449 §8, §9)
        knobs["dpop_nonce_lifetime"] = pick.one([60.0, 300.0])
    if forge != "none":
        knobs["forge"] = forge
        knobs["theft_at"] = pick.num(0, knobs["horizon"] - 1)
    if algorithm != "RS256" and pick.flag():
        interval = pick.one([600.0, 1800.0])
        knobs.update(
            key_rotation_interval=interval,
            key_overlap=pick.one([0.0, 600.0, 86_400.0]),
            key_prepublish=pick.one([0.0, 300.0]),
            jwks_cache_ttl=pick.one([60.0, 3600.0]),
            jwks_refetch=pick.flag(),
            jwks_refetch_interval=pick.one([0.0, 30.0]),
        )
    scenario = pick.one(
        ["expiry", "refresh", "sso", "rotation", "reuse-detection", "grace-interval"]
    )
    if pick.one([False, False, False, True]):  # several apps per user, one IdP session
        knobs.update(
            apps=pick.int(2, 3),
            login_flow="code",
            logout_kind=pick.one(["app", "idp", "frontchannel", "backchannel"]),
            block_third_party_cookies=pick.flag(),
            revoke_on_idp_logout=pick.flag(),
        )
    _access(pick, knobs)  # drawn last: the draws above stay those of the seeded corpus
    if "theft_vector" in knobs and pick.flag():
        knobs.update(cookie_knobs(pick, knobs["theft_vector"]))
    knobs.update(login_flow_knobs(pick, knobs))
    if pick.flag():  # a stolen-session detector (drawn last, like the access knobs)
        knobs.update(
            detector_action=pick.one(["log", "step_up", "revoke", "revoke_all", "remediate"]),
            detector_threshold=pick.one([1.0, 2.0, 4.0]),
            attacker_context=pick.one(["careless", "careful"]),
        )
        if pick.flag():
            knobs["remediation_at"] = pick.num(1, knobs["horizon"])
    return scenario, seed, knobs


def _access(pick: Pick, knobs: dict[str, Any]) -> None:
    """Sometimes APIs with operations and scopes, confidential clients, background workers."""
    if pick.flag():
        offered = tuple(op for op in OPERATIONS if pick.flag()) or ("read",)
        asked = tuple(op for op in OPERATIONS if pick.flag() or op == offered[0])
        allowed = tuple(op for op in OPERATIONS if pick.flag())
        knobs.update(operations=offered, client_operations=asked, allowed_operations=allowed)
    if pick.flag():
        knobs["client_type"] = "confidential"
        knobs["client_auth"] = pick.one(["client_secret_basic", "client_secret_post"])
    if pick.flag():
        knobs["workers"] = pick.int(1, 2)
        knobs["worker_interval"] = pick.num(30, 600)


def login_flow_knobs(pick: Pick, knobs: dict[str, Any]) -> dict[str, Any]:
    """Sometimes a real login flow (code or implicit), with its settings and maybe an attack."""
    flow = pick.one(["direct", "direct", "code", "code", "implicit"])
    if flow == "direct" or (flow == "implicit" and knobs["sender_constraint"] == "dpop"):
        return {}
    out: dict[str, Any] = {
        "login_flow": flow,
        "pkce": pick.one(["S256", "plain", "none"]),
        "use_state": pick.flag(),
        "app_kind": pick.one(["web", "native"]),
        "allow_implicit": flow == "implicit" or pick.flag(),
        "require_pkce": pick.flag(),
        "allow_plain_pkce": pick.flag(),
        "redirect_uri_matching": pick.one(["exact", "prefix"]),
        "idp_session_lifetime": pick.one([600, 36_000]),
        "code_lifetime": pick.one([1, 60]),
    }
    if "theft_vector" not in knobs and pick.flag():
        attack = ["code_interception", "redirect_uri", "login_csrf", "implicit_leak"]
        out.update(flow_attack=pick.one(attack), theft_at=pick.num(0, knobs["horizon"] - 1))
    return out


def cookie_knobs(pick: Pick, vector: str) -> dict[str, Any]:
    """A browser app that keeps its credential in a cookie, sometimes attacked cross-site."""
    return {
        "storage": pick.one(["cookie_rt", "cookie_rt", "cookie_bff"]),
        "theft_vector": pick.one([vector, "csrf"]),
        "cookie_samesite": pick.one(["strict", "lax", "none"]),
        "cookie_secure": pick.flag(),
        "cookie_http_only": pick.flag(),
        "cookie_prefix": pick.one(["none", "__Secure-", "__Host-"]),
        "cookie_path": pick.one(["/", "/auth", "/auth/refresh", "/api"]),
        "cookie_max_age": pick.one([600.0, 3600.0, 86_400.0]),
        "csrf_token": pick.flag(),
        "origin_check": pick.flag(),
    }


@st.composite
def runs(draw: st.DrawFn) -> tuple[str, int, dict[str, Any]]:
    return spec(_Hypothesis(draw))


def check_invariants(result: Result) -> None:
    # The invariants, as the package's auditor checks them on any trace: one outcome per
    # request; no token accepted outside [iat - leeway, exp + leeway); token types; no rotated
    # refresh token accepted outside its grace interval; revocation in the instant of
    # detection; no rotated token outliving its family unless extend_on_rotate.
    assert result.audit() == []
    policy = result.config.policy
    first_of_family: set[str] = set()
    for event in result.issued():
        claims = jwt.decode(event.token, options={"verify_signature": False})
        assert CLOCK.numeric_date(event.t) == claims["iat"]
        if event.token_type == "access":
            assert claims["exp"] - claims["iat"] == policy.access_token_lifetime
        elif event.session not in first_of_family or policy.extend_on_rotate:
            # The login's refresh token (and, if extended, every successor) lives a full lifetime.
            first_of_family.add(event.session)
            assert claims["exp"] - claims["iat"] == policy.refresh_token_lifetime
    for request in (e for e in result.trace if isinstance(e, Request)):
        # Nothing is sent after the horizon, except what an API asks the auth server for a
        # request that was already in flight (an introspection, a JWKS fetch for a new kid).

        # Nothing is sent after the horizon, except what an API asks the auth server (an
        # introspection, a JWKS fetch) for a request that was already in flight.
        assert request.t <= result.config.horizon or request.endpoint in SERVER_TO_SERVER
    # The client-credentials grant never hands out a refresh token (RFC 6749 §4.4.3).
    assert not [e for e in result.issued("refresh") if e.holder.startswith("worker-")]
    if policy.reuse_detection == "none":
        assert not [
            e for e in result.trace if isinstance(e, Revoked) and e.reason == "reuse_detected"
        ]
    m = result.metrics
    assert m.victim_availability is None or 0 <= m.victim_availability <= 1
    assert m.victim_logins >= 0 and m.as_load_per_h >= 0
    assert 0 <= m.false_logouts <= m.victim_logins
    # Metrics are rounded to the microsecond: a window of the whole horizon may round up by 5e-7.
    assert 0 <= m.attacker_access_s <= result.config.horizon + 5e-7
    assert 0 <= m.attacker_refresh_s <= result.config.horizon + 5e-7
    assert m.detection_latency_s is None or m.detection_latency_s >= 0
    # Detection: every alert is a true or a false positive; a rate is a fraction.
    alerts = [e for e in result.trace if e.kind == "alert"]
    assert m.true_positives + m.false_positives == len(alerts)
    assert m.detection_rate is None or 0 <= m.detection_rate <= 1
    assert m.step_ups == sum(getattr(a, "action", "") == "step_up" for a in alerts)
    # Single sign-on: each silent sign-in is one in the trace; per app, the residues of a
    # logout lie within the run.
    assert m.silent_sign_ins == sum(e.kind == "silent_sign_in" for e in result.trace)
    for residue in (*m.residual_access_by_app.values(), *m.residual_refresh_by_app.values()):
        assert 0 <= residue <= result.config.horizon
    cfg = result.config
    if cfg.cookie_samesite != "none" or cfg.csrf_token or cfg.origin_check:
        assert m.csrf_accepted == 0  # the browser or the app stops every cross-site request


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # shrinking these runs takes minutes
)
@given(runs())
def test_invariants_hold_for_random_worlds(spec: tuple[str, int, dict[str, Any]]) -> None:
    scenario, seed, knobs = spec
    result = simtoken.run(scenario, seed=seed, **knobs)
    check_invariants(result)


CORPUS = 500


@pytest.mark.slow
def test_audit_corpus_of_random_policies_and_seeds_is_clean() -> None:
    """The auditor finds nothing in 500 random worlds (policies, attacks, key rotation, seeds).

    The same corpus on every run: world ``i`` is drawn from ``random.Random("corpus/i")``.
    """
    for i in range(CORPUS):
        scenario, seed, knobs = spec(_Seeded(f"corpus/{i}"))
        check_invariants(simtoken.run(scenario, seed=seed, **knobs))
    FUZZ_COUNTS["the invariant auditor (random policies x seeds)"] = CORPUS


@settings(max_examples=15, deadline=None)
@given(runs())
def test_runs_are_pure_functions_of_config_and_seed(spec: tuple[str, int, dict[str, Any]]) -> None:
    scenario, seed, knobs = spec
    if (
        knobs["algorithm"] == "ES256"
    ):  # pragma: no cover - not drawn; ES256 signatures are randomized
        return
    assert (
        simtoken.run(scenario, seed=seed, **knobs).to_json()
        == simtoken.run(scenario, seed=seed, **knobs).to_json()
    )
