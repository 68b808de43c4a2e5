"""Seeded runs' ``--json`` documents, pinned byte for byte by their SHA-256, and their reasons.

Recorded before the events became keyword-only and the refusal reasons enums: a refactor of how
records are built or named must leave every exported document exactly as it was. Re-pinned
when a feature changed documents on purpose: the login flows, scopes and cookies added their
settings to every document's ``config`` and their metrics to its ``metrics``, and every access
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
    ("expiry", None, {}, "3468fbe3178afe46938b108d9b4ac760bc20e2ce90fffe3d1e21c6874a52b091"),
    ("refresh", None, {}, "b8e24d8112097d69667b5f1e00b4bd6db83871494908d62d66069637ae9e6623"),
    ("sso", None, {}, "27137b747aa009903eb03b53c536095e044ad432cac2e631658628d3fca6fd91"),
    ("rotation", None, {}, "edbbcb808522d4bf2a2ae2d3002526bfda1b0e77be3355f3c458fa0594e35664"),
    (
        "reuse-detection",
        None,
        {},
        "c08ac9e84d1bb1a3501a0ffee79cf962e78bc6b429f75d676698ae7fe54c39f4",
    ),
    (
        "grace-interval",
        None,
        {},
        "0121a8855c8033074002b4828ed5679412e2098cecf3f5f2ca3d6460511bb204",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "e911f61aca88ffe848ee2468542d8a4f27cc59b851f7b0baaac31a1296fa895c",
    ),
    ("lost-response", None, {}, "1f0c095445a1d6a2cf925fc7170150c6a04416bd294bd9841c489e2afb3d82c5"),
    ("logout", None, {}, "604b49c6b1098ce1445023c91078dfc6f5cff9b6b5f7b13ae467cce6066c2c78"),
    ("mobile", None, {}, "b4c1098376f2a10488794301cf0eb735ed476712a3a6fb0c0df10e13f78eef85"),
    ("theft", None, {}, "12c6b8a7b6b01765fc3332303cec419ca04b95394dbf109ada079f6a7287411c"),
    ("theft-f1", None, {}, "e7ca30b6606c16f38a5c40947feac56101962871bc37ce559f97e6bf2d3db242"),
    ("theft-f2", None, {}, "9cb27d819a79f5dfc770ff914a27fca3bd6f6d4e0f31f8da0a36fe3353fa8b9a"),
    ("theft-f3", None, {}, "9e19a5c5dc99e5d5fbf73053d51273967cfc1ac56d12a24c41561f7700647a80"),
    ("theft-f3b", None, {}, "cbffd28d9b5a3b81cc9eb86508eb5ca99f0348854c5305a3f7fba144c6cdf07b"),
    ("theft-f4", None, {}, "6ecdc22bce3d8351cc05545d88101bc59d4805c2b514f55f6aa8d26e323db7c6"),
    ("theft-f8", None, {}, "b26de9da94b876dd8f295b066d6d541e17a3716ddf009ad578c601661e0e82d6"),
    ("forgery", None, {}, "9660ddbc94c493238ecaa740fd04d648bf60717c17e66336f2b8d5c007beb39d"),
    ("key-rotation", None, {}, "f2d03da3e7e0a2c1a7045907a797a1767c37dc31dbff4d0b2ba9db275b8f0398"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "29351f11ca510611531a58d0f6f7eb5d2fa44f946a1d8abb031be26141cf8dda",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "07994393aa0de8a709e83af8972f3107026948effc51c016acaa5fc98316192a",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "13974e8d342c8038fdc5f32f89e1c0ed5b9be6a3d7ae3650913dcb3a919197ce",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "002ea3441da03452596dd4a6c764de50296bdbf8b2fb214af7a8efb8440941cb",
    ),
    ("logout", "hydra", {}, "c40e6a522017d3e175f57fed573b1c4f62a939de43a2123093df9de6c4d2de98"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "b7fb970c826b9e3d1b105f8890b868af680fd820ca643396f81baa7c9c5647ce",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "eab9d46f22425aebdd77186ead40cc8d396f005efd29c9747baa6fde790b46e3",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "38a31631b112e5238dbe38f2c965ca3245962efca7ba8ddafc45241d934662bb",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "aba59dbaee5c78e59f3f3e46df23c306c63c1aaac85a296b5d3130b0897433b0",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "63b9eeb9dc77d4279d2333bd761dca7884a033e38743f9de0bf8f5a6be461414",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "9fecbb79d4c692de8cf160b2bd9675fc708ca39c59717a78c37a2e253d0c50b0",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "0736acf0dba0e2ba6584579391be710b27e3ffd08f41186e0a3088cee9d3e672",
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
