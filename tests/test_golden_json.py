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
    ("expiry", None, {}, "a91d605edba78a356a9cc769558d6d7cd7756ae3065c502cdeb5f58f4ee4aaa7"),
    ("refresh", None, {}, "e4b030993afa2f338f4813f0fbe7d4a42750e0f252f2bd2efbb0582e9e2ea326"),
    ("sso", None, {}, "3c0d62f33a8188a2850d7bd6e8712b5d037b50d7e862f6427c39982cd28d2bf7"),
    ("rotation", None, {}, "6f935832705bdebff4d85eb5e45b4b30fdec442b9a233b0ad1418539e5f41485"),
    (
        "reuse-detection",
        None,
        {},
        "0b0d4713e54f38f9c71acd127ce9984138aed5ffd227d2ee73b27173a49a27a9",
    ),
    (
        "grace-interval",
        None,
        {},
        "a16edcddd644427f229a59751ef0fa27155f2116bf7a1c7f7508ce8d41ef7077",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "98b69c1e2868979cb83ce76eb56074f81a0915e1ceff7e4a58915eaa2656b6c6",
    ),
    ("lost-response", None, {}, "f8fd7c96c7456f6ff96278bf83711dd67d87f216d3f6ff92e848968ad9f61a23"),
    ("logout", None, {}, "8629fff06e22681aeeb23a1e6934905f8db00376a28a3b4e96f6985f967c07ec"),
    ("mobile", None, {}, "6a767a4440e110eded20ceb85f4816a4c079eb19a1786296aa43b717f997e3c8"),
    ("theft", None, {}, "454fbadbc35c8c21b09be04ef6749c732a31ee45c6955f2262428200dfab4939"),
    ("theft-f1", None, {}, "09c7b1856af95360ce8ad22d707183af472b8c1ec608ed18c0b0351faf4f163b"),
    ("theft-f2", None, {}, "94a121a0accfa708f01025f8e09fceceecc8a74cf62df9d3d7c4505d6645bfad"),
    ("theft-f3", None, {}, "9d0364be8c225a41e803f3ad3cbd3772090cc5c43e95608c478b73d5d43583c3"),
    ("theft-f3b", None, {}, "e6422df100ffb86f226e1ec0693cea0c946f223edcaeca4d0ed0c0f7a448b0f9"),
    ("theft-f4", None, {}, "f85049437ad20bc0b07626e2e99db3e4a9210e2d7c7446835bd6f048ef3c7351"),
    ("theft-f8", None, {}, "c2eb2cd26b3c4056e6d868aabdd0dc8e39b4e3829ede501270335d539de40f57"),
    ("forgery", None, {}, "555fa6e2d85ba7706ecd35f7c8a798e0604adb72112ef5d903f40f6d6bb6b29c"),
    ("key-rotation", None, {}, "70a2b0dc9fa45d1ca64d2b0522a78b7fbe082f3f0cb2b86cadc533bdfda8241d"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "2b974d78a76e2fcd284ba98f5a402af74ed339bec6d84ba7bab42786cf7368d5",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "1e28a31720b800e5b939380b5d545cef5a4939b65108929da39872f934813827",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "80d6803e82d08b580475a14ff4433a6af744e3185d83547a630e9ffd31b5b16d",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "5b0c08645778b094f011c8306d2c50ed76fa0ae0e6013e8017e6429e236a7a74",
    ),
    ("logout", "hydra", {}, "0548d032b66fe09f8471837b7fcc48c50a97d2c2982f22982fb4a7201ddc433d"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "08d5e71d109552282993bf84b296c94dba9a1d9a899cc3777268d49576b9a4d6",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "9be769e9137062819da6a7735b168edb7ce809a2ff8441c2214e114068bdef1f",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "7cb57005265b7cd4027d76e66726ae974cac1e4f9bcfbd8374b1b5fd3de21e70",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "a211d8f54b3764c083adce342dccbde4c813cd00d47ac8f15391a55f8b738bbe",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "4dae997b410da1599d164525e540e8128648baf73f6114199a12fa9cb8b4493f",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "1bb3ccae43763cc72d25d06c3aeb96cddcbf60c9094cf9986c27b8c3cbd218c6",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "becfc341e35d53855890884f3661d8094736babf277e52d73f7f0ee24f45d5b9",
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
