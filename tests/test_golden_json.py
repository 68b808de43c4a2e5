"""Seeded runs' ``--json`` documents, pinned byte for byte by their SHA-256, and their reasons.

Recorded before the events became keyword-only and the refusal reasons enums: a refactor of how
records are built or named must leave every exported document exactly as it was. Re-pinned
when a feature changed documents on purpose: the login flows, scopes and cookies added their
settings to every document's ``config`` and their metrics to its ``metrics``, and every access
token gained its ``scope`` claim (so every token string changed); the key-compromise settings
and metrics added their keys (the events stayed byte-identical). The same runs show that every
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
    ("expiry", None, {}, "af63bff930de8e91f73b0eafc0aba466eeaac00f29f444a27c8f2148fbaa7e7f"),
    ("refresh", None, {}, "bc1d62528f40234fe33921fa95cc580fb79ff3ad86eccf33fbb5813f0da1835b"),
    ("sso", None, {}, "dfdd16d809b99685669dbfe2eae724bde841321b6c3cc8a294d8e5dd60dcc333"),
    ("rotation", None, {}, "73f7923cc3dab598bc7d2b6fe6c72efe0d6496f0ae2f302df6e8bea511538c2d"),
    (
        "reuse-detection",
        None,
        {},
        "76ad87f0028fbd6c36368a2617055b2db6ef85d3388b22fd0cc50c28f0b31bac",
    ),
    (
        "grace-interval",
        None,
        {},
        "3cae7d0616a51d50fa550b6a270f1223c050f3c46840cb8d3df644d2a8002159",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "c21164126e10ece1395e5ac73e1f0baddf96cf3636360a3ca9577c4681490c2f",
    ),
    ("lost-response", None, {}, "7e4b7003f573ac8a6a8f2e1a3aceea9b365d0111a6ef4f88dfc592ab0fa9d41a"),
    ("logout", None, {}, "8d4e0e8b4a562faeff66e9d14d500b8808279aeab8dbed6e302615e3260b0963"),
    ("mobile", None, {}, "4297a89e87c81b18c9be4a4aae9bbd043efeca05a0234a16cf582bb532abccff"),
    ("theft", None, {}, "f76340558a1f51170926309a368e6ee25dc807229b702ec663f1a2078ee86857"),
    ("theft-f1", None, {}, "35af9cf2d062ae05e4aaa8315ccfeaa9d216ed94b40693348a835b696cd18bde"),
    ("theft-f2", None, {}, "5c2e998558cdaf3377551e03ed1c579cf2bfd12149d8ba7993ebf393f4ed477f"),
    ("theft-f3", None, {}, "975ab756f124c1e26315bfbe5d0da132cc8eb443ca4e410d125408b2e3d00a71"),
    ("theft-f3b", None, {}, "1f22d2925bbce3c95141f21eafb5d246e5147f8ea81df0e7ae2daf7668ba1e92"),
    ("theft-f4", None, {}, "fc52c7a88f84006c5b0c26c21f946f4e311d59ba96a47af411bbab97c2ae3669"),
    ("theft-f8", None, {}, "03a6574b395925ef2ffc9f210624158f80d8fe871731e4bc751e76e0675da1f9"),
    ("forgery", None, {}, "c5ab884e7785fb3b03e0759b9b5c12cd49f4f2b9e8e51e19d9dbd88286c0225d"),
    ("key-rotation", None, {}, "0f2f2a4552ac6f794a3d8d6765d4987525a87afb3a36c4bbf8077804a728a798"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "905c4c28cd6fcd51f9967b072c92c1ee54ca0e8677b17e69b839f18f08a11556",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "34f4b407b2f8a73b914327052d282c5c00764ba0c059e68b3457e65fa30b0efc",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "c1a5dd5932ebffe2b15427952411b5fdc40567a70701aa6a9e9c600638a2cbd2",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "ae69c9d747c5971033139f04b730560b4647c9000d9ebaacc83007b0eb187e2c",
    ),
    ("logout", "hydra", {}, "39968367e36f7587822615a2bd09e0f9d3db1547cd9254648d8fa1de55a2351e"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "abca6208c626b536cbfb0031e436f68ba1996e1bfff952ddfa1aea6525cc8987",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "a683589f7edf87a1fd52ed338067dc73086bc949299dfd0497ee06174ec0b50b",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "a5986fdb2d863296aa8003befe9d5606b5f51f76f55f0f746a1155af62ba132e",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "73f567bfe19f7b38485995298428a98dd8bf4e47f78b397897bd9b4160537ab8",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "4484deab81596db301bb8d903aef33177ca45b208d89b256dd8c4dd7dda32a4d",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "f2d8acff3c7dd7306cc3e512728a2e4ef228fcd11081e167f2fbac3a86eb536b",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "3aba63c9404abee6197e00522a093a4d8a639220c6c978d2fbd5e3e051646e01",
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
