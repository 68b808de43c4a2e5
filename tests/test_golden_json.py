"""Seeded runs' ``--json`` documents, pinned byte for byte by their SHA-256, and their reasons.

Recorded before the events became keyword-only and the refusal reasons enums: a refactor of how
records are built or named must leave every exported document exactly as it was. Re-pinned
when a feature changed documents on purpose: the login flows, scopes and cookies added their
settings to every document's ``config`` and their metrics to its ``metrics`` (so did the DPoP
nonce and pre-computed-proof settings and metrics: traces unchanged), and every access
token gained its ``scope`` claim (so every token string changed). The same runs show that every
reason a server, the auth server's revocations and the clients' logins leave in a trace names an
enum member (the trace keeps the bare name).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest

import simtoken
from simtoken.jose.dpop import DPoPReason
from simtoken.jose.reasons import Reason
from simtoken.record.events import Login, Rejected, Revoked
from simtoken.record.reasons import LoginReason, RevocationReason, ServerReason, refusal_reason

GOLDEN: tuple[tuple[str, str | None, dict[str, Any], str], ...] = (
    ("expiry", None, {}, "b7ff06bd9a3f6830a47eb5cfcda95b66d2202464f08acbe7757a5e3aab5c3788"),
    ("refresh", None, {}, "9cccab3dacb052b4e21ab068f315884c47fce7a9e0cc630e05c7604c6fcae3b0"),
    ("sso", None, {}, "dc4a17958a57fc576718349a07da3af28cc84924991881412d39bef100db1c8b"),
    ("rotation", None, {}, "d9ea6c16d0e5f8ad4781a680b6d7b93d80c6ba4a27b9a0cae19f1422703a4680"),
    (
        "reuse-detection",
        None,
        {},
        "d5e26a51bacaa540d7ea071990112936e2850df66a7e210e2c960df4b8fa41ba",
    ),
    (
        "grace-interval",
        None,
        {},
        "18ccc95ae43e96a2b92ae7b9588b404fbb76761d3573737903f78944962ec2c3",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "36e69f063d9a7b269757d2f9acea0ef2eb53a3505f6970363910fc5e80256194",
    ),
    ("lost-response", None, {}, "341535f4ea5d6369f27da5f2914393fc10f2f21b214c7f42168bff71644ebd9e"),
    ("logout", None, {}, "a3b0e5751effb5a7c55a0c6df4f35ee235b28b9d8c4b2f93d820c8560e6f8137"),
    ("mobile", None, {}, "2f1f2793a06d0a3f9b5ff38be07576fb939bf7c5d17c803bcabefa2216e7e36e"),
    ("theft", None, {}, "2b3bbacdfa80b054d635936b2d14958af04e275a9a67ad28672edae9010f93a1"),
    ("theft-f1", None, {}, "dfe92395bd4f2fd91cfa88040f1ed387e7b5ebe4d89893bcc80d935e49463c58"),
    ("theft-f2", None, {}, "b0e096da7089fac75e640cb1ac945aa07bfdb4504b7491f9d5869d183b52cbf2"),
    ("theft-f3", None, {}, "407517543f9594fde7cf02327ce8da8a66bbc5a6d42a0cd537231e9c51e4147a"),
    ("theft-f3b", None, {}, "2f9634dfe9ec8cd04691d1f8df41011f736ad466668916a7484f3f70e44dc62d"),
    ("theft-f4", None, {}, "285d45efa5634f85e475929c78122b2e294c491f89bfe8d4c54a885703d05192"),
    ("theft-f8", None, {}, "b74d4d1ddf4d426578fb7d5feb140d90d18e62321c27adf019123a4ea28a6d3d"),
    ("forgery", None, {}, "d4b6e92e5adcb6623894f7a45f327514447619768c349b712084f30eeb624d72"),
    ("key-rotation", None, {}, "ec40604f2d561f73140c57b34013c0c2a9907f31e4b81ebb303e1b875a6ae3eb"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "544cf33312f8d5c58486617268c5d427ec45cc7c05033923f6e116701cbb0c3f",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "7a94ef6630ed4ee9cbfb9f2e63de84e7ac0179d3763bba5400eb90bb595b1721",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "0ba168bf80f9c557a16a18d1c0ede1a51fdf9325bb823fba2445002d8e4d66bd",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "cadec2e8336f0bb1c3a2ee62ca7136c6dd06946862d44477ee715ab80f31a6fb",
    ),
    ("logout", "hydra", {}, "73947c899f10c55cb203aa6f1352f605c743002ec069c6595219887b8247d0b2"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "ea99c10aa58c49a0228f58e3288ca3e73376b233c035905ce5aa009531cb3506",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "244097ba2a971e7047af20efd612da44bbb9fa794c29f4b2dc57564c968a5c4e",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "428cb9ef1bb160f22e9037cc52b5e2d5951bb069eb64ddb047569e3304f7dabf",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "f64beb5c585cc8013708d39ee10d2845f8d6d096dd3e0b072589db3176acfb2b",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "eca5aa92c3e738231dd492ff57b11ef9cb3954a3ed94ea0e68d7767c9abbd9b6",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "33d8beb2bb401c4ba61e0d85fbd96613fddd360f52313cec00d8b270178b3151",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "c06802a436699e213705cfb3b462216744ee2fea2035f7d7841d53a829d29ecb",
    ),
)
"""(scenario, preset, settings, SHA-256 of ``Result.to_json()``) of seed 3."""


@dataclass(frozen=True)
class Seen:
    """What one golden run left: its document's digest and every reason its records carry."""

    digest: str
    refusals: frozenset[tuple[type, str]]
    revocations: frozenset[tuple[type, str]]
    logins: frozenset[tuple[type, str]]
    causes: frozenset[str]


@cache
def seen(index: int) -> Seen:
    """Run golden run ``index`` once per session; keep only what the tests read."""
    scenario, preset, settings, _ = GOLDEN[index]
    result = simtoken.run(scenario, seed=3, preset=preset, **settings)
    events = result.trace.events
    return Seen(
        digest=hashlib.sha256(result.to_json().encode()).hexdigest(),
        refusals=frozenset((type(e.reason), e.reason) for e in events if isinstance(e, Rejected)),
        revocations=frozenset((type(e.reason), e.reason) for e in events if isinstance(e, Revoked)),
        logins=frozenset((type(e.reason), e.reason) for e in events if isinstance(e, Login)),
        causes=frozenset(e.cause for e in events if isinstance(e, Login)),
    )


@pytest.mark.parametrize(
    ("index", "digest"),
    [(i, digest) for i, (*_, digest) in enumerate(GOLDEN)],
    ids=[f"{s}-{p or 'default'}-{i}" for i, (s, p, _, _) in enumerate(GOLDEN)],
)
def test_json_document_is_byte_identical(index: int, digest: str) -> None:
    assert seen(index).digest == digest


def test_every_reason_in_the_golden_traces_names_an_enum_member() -> None:
    runs = [seen(i) for i in range(len(GOLDEN))]
    refusals = set().union(*(run.refusals for run in runs))
    assert {kind for kind, _ in refusals} == {str}  # the trace keeps the bare name
    members = {refusal_reason(name) for _, name in refusals}  # ValueError: not a member
    assert {type(member) for member in members} == {Reason, DPoPReason, ServerReason}
    assert members >= {
        Reason.EXPIRED,
        Reason.UNKNOWN_KEY,
        Reason.ALG_NOT_ALLOWED,
        Reason.WRONG_TOKEN_TYPE,
        Reason.MALFORMED,
        DPoPReason.WRONG_KEY,
        ServerReason.REUSED,
        ServerReason.REVOKED,
        ServerReason.IDLE_EXPIRED,
        ServerReason.INACTIVE,
    }
    revocations = set().union(*(run.revocations for run in runs))
    logins = set().union(*(run.logins for run in runs))
    assert {kind for kind, _ in revocations | logins} == {str}
    assert {RevocationReason(name) for _, name in revocations} == {
        RevocationReason.REUSE_DETECTED,
        RevocationReason.LOGOUT,
    }
    assert {LoginReason(name) for _, name in logins} == set(LoginReason) - {
        LoginReason.NO_REFRESH_TOKEN,  # not reached by these runs
        LoginReason.LOGIN_FAILED,  # only a real login flow fails (none of these runs has one)
    }
    causes = set().union(*(run.causes for run in runs)) - {"lost", ""}
    assert {type(refusal_reason(cause)) for cause in causes} == {Reason, ServerReason}
