"""Seeded runs' ``--json`` documents, pinned byte for byte by their SHA-256, and their reasons.

Recorded before the events became keyword-only and the refusal reasons enums: a refactor of how
records are built or named must leave every exported document exactly as it was. The same runs
show that every reason a server, the auth server's revocations and the clients' logins leave in
a trace names an enum member (the trace keeps the bare name).

A setting or a metric added since the pins were recorded (:data:`ADDED_SINCE_PINNED`) is taken
out of the document before hashing, after checking that it holds its default (a setting) or 0
(a metric): the rest of every document, its events above all, stays byte-identical.
"""

from __future__ import annotations

import hashlib
import json
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
    ("expiry", None, {}, "21759fd3dfaea31e307cd0daadf93a617a2c609b28752cf785a04c8f46e130ef"),
    ("refresh", None, {}, "c89d25ccef91e45a54d8aadc40bb7528ee72f5b0467f7b9791b154f4cf763eef"),
    ("sso", None, {}, "5b378abd4d4ac0ec4e9d8e5a5812d8be2ab64022cf4984c4675d1d51c6791bc7"),
    ("rotation", None, {}, "8201938ac9e2e69f87c79a4e0eb1a38c8c1cac451ff1fd01204135331e54ce30"),
    (
        "reuse-detection",
        None,
        {},
        "124fdc0189b1f01321be211cb94b2c5616e6584ec21a1e6470f80790a08b82fb",
    ),
    (
        "grace-interval",
        None,
        {},
        "1d2b71f6455ba5193e2ec92f6f97a610b88d7ae8c1a8730859ef38908d1eb8e2",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "cab7c0436c973a30338a03464c750a8f1b1fe021b557a1c10e94397ab7bb0854",
    ),
    ("lost-response", None, {}, "672f2dc7125bb0ead00be57f7c091de5ff8bdd1698c7087341ab2a648c293cab"),
    ("logout", None, {}, "09ebcae20a8a18713a30ff8aa0e9a95990ff9e1ea81bbcfe7e3e94dd58a6374f"),
    ("mobile", None, {}, "2b99536fbac64607c7741340cd583ffbdf14fbcac760bb2c1c797b8d3d2d089a"),
    ("theft", None, {}, "d256595089a734b7012fd928d50e7cd0d506f9b65c093cd8c6e3d9e337b255cb"),
    ("theft-f1", None, {}, "6dd9fc04d57da91207568958ceda6f31040ba06816dd79a2376a3c01c6b780d5"),
    ("theft-f2", None, {}, "06c47aad0449213458e7a0f368d60a2b51886f00973168248552a38706373717"),
    ("theft-f3", None, {}, "26e1e5d9cfc4f11840898eeb2410df300458ea027d1cde62b12e4b7ab7f25c94"),
    ("theft-f3b", None, {}, "df47165802794fdeef54d8a041749ab191237208a89c46a61f6264b379bff376"),
    ("theft-f4", None, {}, "8ae295477e7d5c898dd6a861e992783c51f5495b75b46aae0500391745c6d899"),
    ("theft-f8", None, {}, "6c0665d510886a249f70446953f37ab7605bb62c48d2da26ebdf51d78d1568cc"),
    ("forgery", None, {}, "4f5956f4c3760c907fbff014e543cb2d0d0bbe84c5c2aa0abebd1afc5a6e99ab"),
    ("key-rotation", None, {}, "852991cfccfda3a97a2d03d9a3561e6a02b62a43f90a0cf215d48382fd8ec35b"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "cd8a0972e51d9774ace772efb56966dc3373b9d067652bfcb55964a7552381c2",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "ebce3d1637b14f33a8e36213687523d9693195b4a6bcc369875f789ffa7c8c43",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "35acd9cb9cdefbc5d1a92fc0b64b39142fda3ac8403d01a111af289d3a12af40",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "9c7aa621f5bb25a8ea625c64bfce28bbbf9d3f849df2ef9bff2feec627706cc0",
    ),
    ("logout", "hydra", {}, "1afcd6b92636130e66c81a89425ae418775c4bc3185ce9d575a7ca34c582bba7"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "b231d19e662bbaa557982e03bcc25fd47c8c6a571ca156378edd6ba2e6e92cf0",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "5cefe48f65d4b5273434cb98cd8b3f15ef5f4b3b5a5e241300c8502d3fcc6d56",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "983f69c94bb6964a5a1b508aae9b1f38ca582edf40f9735c0389d71bab75d628",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "0db4c3f1bd87df05595a5a1b018f465fb4ceff4754ecf5261caf9a3b0de14100",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "8a9a0415658365ee322f5824376f57b0447125af49d056ce0f95e36356608e93",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "f6fcb8b095962b62e497be95c95d988794574fe8e8c95d25498d04a3b1f3b530",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "a907d5256f70e078550ace0ddd58dfe51b65aaa437be441dc94d19f1d63af602",
    ),
)
"""(scenario, preset, settings, SHA-256 of ``Result.to_json()``) of seed 3."""


ADDED_SINCE_PINNED: dict[str, tuple[str, ...]] = {
    "config": (
        "cookie_samesite",
        "cookie_secure",
        "cookie_http_only",
        "cookie_prefix",
        "cookie_path",
        "cookie_max_age",
        "csrf_token",
        "origin_check",
    ),
    "metrics": ("csrf_accepted",),
}
"""The settings and metrics each golden document gained after its pin was recorded."""


def pinned_json(result: simtoken.Result) -> str:
    """The run's ``--json`` text as it was when pinned: later additions checked and taken out."""
    document = result.to_dict()
    defaults = simtoken.settings()
    for name in ADDED_SINCE_PINNED["config"]:
        assert document["config"].pop(name) == defaults[name].default, name
    for name in ADDED_SINCE_PINNED["metrics"]:
        assert document["metrics"].pop(name) == 0, name
    return json.dumps(document, indent=2, ensure_ascii=False)


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
        digest=hashlib.sha256(pinned_json(result).encode()).hexdigest(),
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
        LoginReason.NO_REFRESH_TOKEN  # not reached by these runs
    }
    causes = set().union(*(run.causes for run in runs)) - {"lost", ""}
    assert {type(refusal_reason(cause)) for cause in causes} == {Reason, ServerReason}
