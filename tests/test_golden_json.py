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
    ("expiry", None, {}, "80e834a2feaccd785f1f0edd733607a90161cb23956b0bd28e09adb3e9822a72"),
    ("refresh", None, {}, "c3c065ff10ee69cedf3f0c331fab23bad41fed2414a27f3bb712b5698b122d42"),
    ("sso", None, {}, "3061f520bd3007662c5393dbe868008bdfbf3a3e7fbfd98849dc52e844f7947a"),
    ("rotation", None, {}, "b889392289fa33fc84a1d1071a7781784863bae1a6d71438eae3d497f5f64701"),
    (
        "reuse-detection",
        None,
        {},
        "0850cf2c4598e0f69e820b16d45eff22a1b9ac9674e795a69bbdac3e912e19b0",
    ),
    (
        "grace-interval",
        None,
        {},
        "ed6d4d90b2c5c5721db0e841e7fff7f8b85fe510f3e22ac9609230a0e59317eb",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "33b67c753e0cf2aef6fe8e12b919cf33f50368e447ecefe4541f7c33e4adc708",
    ),
    ("lost-response", None, {}, "2669c873f721acc762e24a4dd1090e0f7e941fcc1ab226c077899346586d58f2"),
    ("logout", None, {}, "8b8f876cc498219c8b72d85cbd3ab665cd144caca3ad74f2e56b53aee69ed8a8"),
    ("mobile", None, {}, "34b67bdce480a02759e483a98695b46842cc7d3629cf3ed42b47e0662a91639a"),
    ("theft", None, {}, "a9ff4634243f47f9c109702ffc5743ff7b2d6a1531fe1154845e0fad4e52c0bb"),
    ("theft-f1", None, {}, "0a2c9eb328b24deb2b7693473eddad48e775fcc9bfb30293f90e2f630199c98e"),
    ("theft-f2", None, {}, "f5ec3654a6a63af359c3ec4657475e7ebae18e11ecd0b2c423cef03c7386d765"),
    ("theft-f3", None, {}, "208d75c238c9a7ed94f605d6201ce65cb9a964ec0e720ee7dc8d3165bc6764f8"),
    ("theft-f3b", None, {}, "c90ea7b960cdee19d2526904c14bb794665b109383473ae1a47226778320780e"),
    ("theft-f4", None, {}, "ca4ebb566393cd985b8ac85daa78aa53c9a00a2f79047968e400b13d5e471e9a"),
    ("theft-f8", None, {}, "6f0306356d1eec6bf0b69786e476f39574ac239c91f131f759d486b2316cfc29"),
    ("forgery", None, {}, "b9e0fe8aeb3ce4c9a8dc1f5d3f35d4fa3af86d9ea586ae04288cedd826311664"),
    ("key-rotation", None, {}, "cc07a43a0b6604d7586a85aa6db62a2f421fa116098ef60387debeb1e1ce4741"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "5279b7ed89806b61a6430e42876d5a2223a47f61b195151ac24a61d257c5132c",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "eaab83026654511f138c72a7b4beb79d7c70779c4007cbd4dd562465d1a03d63",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "0642ce85a9a0960d31254ea0eb8872d6a1bb8476101f688a3677340128b67b65",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "bc9d0fa46cb77e28c71858afc0f8762b8dcb00e523f4dc586be29bb0075db538",
    ),
    ("logout", "hydra", {}, "306e347e57de1793491ce9b2b917b349f23657f69c0ee57de89764d90b103e69"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "bb0470b9037a3a9f4a7c34d49cbdfdb82fb944688865f68728cddb40f5c20895",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "caad8d0bfa20e0eecd312731b8aa61dc9c63214b6bfd4482172ae9f83f6b9f52",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "fbc9d942906bc7db933a2c8ba5aada376315586ecd4ad9c599883912f10fe3e2",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "96b78ed7aa89b7916bfbdba15781b2a65af25c73d4cc1cb36dd111fcb9bf121b",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "fb622a5749c0448c5172df5c0c5fe8e8fc974d286a5513bd5b8efed3a8f69ec6",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "977a2ca938c16d4efe95a6ee56d35fd043119acb04054897f3db02e5b4970953",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "d133cbb5ea6d5f9e62e3fc76de07779129221e5422fe2d767ca6415ff619e18f",
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
