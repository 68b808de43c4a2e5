"""Seeded runs' ``--json`` documents, pinned byte for byte by their SHA-256, and their reasons.

Recorded before the events became keyword-only and the refusal reasons enums: a refactor of how
records are built or named must leave every exported document exactly as it was. Re-pinned when
the login flows came (``login_flow`` ...): their settings joined every document's ``config`` and
``calls_as_other_user`` its ``metrics``; every run's events, JWKS and other metrics stayed
byte-identical. The same runs
show that every reason a server, the auth server's revocations and the clients' logins leave in
a trace names an enum member (the trace keeps the bare name).
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
    ("expiry", None, {}, "fcefa0e3e83ff10313a028b74aae65a9d061f9249bbb7ab1efa9f4eee4722936"),
    ("refresh", None, {}, "d507e4031522743a9f7889d8d7418331a37935349d2e784749cb98ea8f3d78ba"),
    ("sso", None, {}, "9809e6e3f995fbbc53e00982e242322be64a36aba0f0452abe821a70f0ccc42c"),
    ("rotation", None, {}, "bf9b3ff81a9620e79f42c8d9c2369a21a07ac71756b7ee129852ca97f0c6e1fa"),
    (
        "reuse-detection",
        None,
        {},
        "aeb955a8d46db7567876a46af3c238663c18b4e0cd426b0264810848a1165bb9",
    ),
    (
        "grace-interval",
        None,
        {},
        "aa184706b2f056a84c3acba593b233c3a6986f9ff6a155b15fa65ba192532825",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "16de0bb5ba55c799dc439109ec6e703114dc1ef515ca71b06a1eb7c43305fdab",
    ),
    ("lost-response", None, {}, "91b3d30ee4aa64b6e98df70e4cc7afbc0fcbabadd822c69ed478ed16080ba488"),
    ("logout", None, {}, "541291fd33dad1ff53f74625176f6ad617b24132fdca282f5f855e33054261e8"),
    ("mobile", None, {}, "d8e0a5a901f299f274bcdfee78edc2c42f9aab426f39dd65692e0eab50dd1c2e"),
    ("theft", None, {}, "09bb4a7e71b9ed5ffe004783935d203423a4639c1d128310f19378f59ff37105"),
    ("theft-f1", None, {}, "f19287c07f9f2510702f07b618e9aba8c8ed0b409fc83eb00f3a6d47eb500893"),
    ("theft-f2", None, {}, "59d25ad63d14ccb0e1c6b4d33960c96423bea25f6c28a1d2a25da824b8b1fa95"),
    ("theft-f3", None, {}, "0098cc08e2b5e8a5864e916b8e35ba62c4c04ff3ae592e84f33e9bcd973ef22e"),
    ("theft-f3b", None, {}, "ac214b047169c70d234b5278da4e6fe30c4eb6f5340b5bb373bbd368eab1b02e"),
    ("theft-f4", None, {}, "e0693abf0966b58ddb4bb278040b07bfa04ea9def17bf2ed81e089b67b14ad98"),
    ("theft-f8", None, {}, "ab401c1bb175b07a9ca7b184d12ac452e7e15db06ac29bb34a6cb7881f91bdc4"),
    ("forgery", None, {}, "ae41943ed8aa1deda5ef7ce85733d016900a70b239544f3ceba0633c466ba5e9"),
    ("key-rotation", None, {}, "4cbed03c88adecb22b75369c00f85426bf81b2e76f61bc72c1f7355f680bd5dd"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "cb8a3b542341e143ae5dde448e8474cc5c39f888535968eed28d9286f0b2c0e8",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "6409c180f41c81e6423bb2719852db12c84f19ed2832991edc890698f0372553",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "102a4c62c6485b01059a9d7504033747e69e59f6cc7ff867bdedd7e6a532b021",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "4a26accee8043ce4535fd94e355a82e9e07c66d567f13a6905408330e68f9a98",
    ),
    ("logout", "hydra", {}, "1741f9632a2c6eba4bb1cc4ea82c58d529a1d81dd08a0f6a023ccce242081bf8"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "0d3b1aba9e28047ee762eceae330c2cac61c301a6579c7861b744f82b299e388",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "6eb23d8f3ffd3a77f81b4e46718cc34a132ce819147aff233565b84a21993291",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "955147682b3a312439d83b7abbed5f431222447144ed00ae864050772f2649d5",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "5dee5b9b722f2a8ea099bcd0cda4bd6b246146f120c74ee0df795351d3d9ae38",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "0bb7c68a2eeb8bd4392fb7ddf58dcb174646ecfb7c18d3dfad60fb64f5fe3a31",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "9f2b0c9197d26a6fc85ff4c2c8b1f771001f97409be067618ee2e509f42eba66",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "73d6357483e187ad04e253b9a2b0c129f1443f8179222036af3436a03cd8df2b",
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
