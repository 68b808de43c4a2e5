"""Seeded runs' ``--json`` documents, pinned byte for byte by their SHA-256, and their reasons.

Recorded before the events became keyword-only and the refusal reasons enums: a refactor of how
records are built or named must leave every exported document exactly as it was. Re-pinned
when a feature changed documents on purpose: the login flows, scopes and cookies added their
settings to every document's ``config`` and their metrics to its ``metrics``, and every access
token gained its ``scope`` claim (so every token string changed); the device-binding settings
(fingerprint, DBSC, infostealer) and the copied-session-cookie metrics joined every document,
everything else left byte for byte as it was. The same runs show that every
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
    ("expiry", None, {}, "f0d2489dc74f0f64bdfa33137b2e4e71d2228742759fd9fcb09c3748343ed5bd"),
    ("refresh", None, {}, "cbde0e467de2222975b72af5fb8763ce31aa399839016f3ec6739d12eee71886"),
    ("sso", None, {}, "9bfe84da88cd70c81dea54c1ae7c2feae9a6366f5ecddb8424c079d29a3fc198"),
    ("rotation", None, {}, "5852c07f32a9d86570b5b40df1098bbd8ee0fcc59715e0e96b1597c4a27faedc"),
    (
        "reuse-detection",
        None,
        {},
        "0f55b0c8fea8db2a45e6c6d427a7abbddbe9878ec500e04546ccc33935eafd9a",
    ),
    (
        "grace-interval",
        None,
        {},
        "9ffcb782dff24b6865ad09e5f64d9a492befc98948e440930892ed90ea3d89c3",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "365fb0def611bdbb6d62dfa011e193064698e66e623a685d0ed46149d64da44d",
    ),
    ("lost-response", None, {}, "bc5c015f88d27f6e83837639e9dc94530dc07b4fae6b296d59dc01a0792e7454"),
    ("logout", None, {}, "2b67cc83eff8bde001a1a01b143ce5530b53f26e70ecd701a22ba3f846fcfd05"),
    ("mobile", None, {}, "e487be08a487df5f5d3f28eb0fbcd68b34e07f4e2b5f573159057fbcbc8af69e"),
    ("theft", None, {}, "7aca4c0feab639a53cc480ffe44b11849f2705f35e6a3e2c16a56de62d616ce2"),
    ("theft-f1", None, {}, "ec17ac6a3adce44609e35a0a581b276a28a10605aa30a0ebd4bd68c417d549ff"),
    ("theft-f2", None, {}, "0932dd9cd04686ebb105573e7790085a3d0d4c3c7056062a5fa886d77fc1cba4"),
    ("theft-f3", None, {}, "1214b8896efd4aa825fc0617c374dc26b44e69adc9924d55278d9f538c654f02"),
    ("theft-f3b", None, {}, "252b644d5220cfdaff2780cf96d485819916ecdc96fdeea34e6da261fed2a505"),
    ("theft-f4", None, {}, "73b925b1e6e0c74078eeda60761a711fa9eeeb0f4f48d22f2e6b30133f03619f"),
    ("theft-f8", None, {}, "82a3fab4512981e5ff3899a0a7298f3ae7d397b5300265d4f01a3dc35e3020ae"),
    ("forgery", None, {}, "e254a5b72b8ab7e55a20369ec20973b8fac5bd32c3866a61e20e9f2d00c6e965"),
    ("key-rotation", None, {}, "2f615eb79b7c410a0f5f9c43c791861a8c7597bcc2cf3028b4ab0e5140432449"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "a059b7d3632006558ef579bb0b4d019b00a2a7289007e61e04050d86a1ab0937",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "d0a264a7252ee1b6081167ec6be250db73e78018b1c23d0d4d7c350cf6ee092c",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "0609c8a0b6bf57ec5f436c8d8c219f6a1edee68d2961de61f07396cae048d43e",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "033c217c8a9cae6e7cc514bfa7ec4318b3df39ab79331337c4968190d2d4ba0a",
    ),
    ("logout", "hydra", {}, "c90fdc145dc1e9ac617e19faed0bbb871d317be35948709c54f36f9d3c5b59df"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "8f4cfd61fcf908ddd530de2065c0412e3811cfcf70a3f3b5ee6f9ce96bba7f53",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "72652720ea1291686a73f5286d0cd5f5ae27692e9b2848b6d1dab1ef5283c0c7",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "66b177dd63f9550bf3dfd372b4742cc45070def7507d84ac07c5944ecd7680c8",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "35240e9fb3a632a1c1e53e1b76492567524161a232eaa9d44e6757a626c9bbf7",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "33383adc5b8e3ac6d31b468844cb5a9812c6bff1658f636c66fe17375e6800e0",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "ded64645b16a2e4adbfc4b8bc421bfecb14c96feeb106974ab3b5f46a856b0fd",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "8a568b7224e47dd6046ba6c571e499b86eef64fbe008743c528c9331ca25201a",
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
