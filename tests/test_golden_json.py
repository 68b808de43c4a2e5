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
    ("expiry", None, {}, "9ad599c40363ad3ef61c2488fbe5b0d4e0c55d8c16c4e29404c52316e4f826b0"),
    ("refresh", None, {}, "064fb5846c3ffbc44fe08c1c91df594b6666f4ec96beaaee180cf88eaab3d656"),
    ("sso", None, {}, "7768201b605bd4e1071279fa851b9fb298588a0e67e1799548b7ced96262593b"),
    ("rotation", None, {}, "299e9ab8a3e216de6e9cabb2d8ebba9a5016ca39894f8d1c35a8be9c8ca4e4a0"),
    (
        "reuse-detection",
        None,
        {},
        "edc0326cec39a53afbb6df1ed2d59c43eb83a62062dee9db3cb3b877147c9000",
    ),
    (
        "grace-interval",
        None,
        {},
        "50f0c70be51e6df964401252c7004b31904388f7b458736882b5d9f1a87fa0e7",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "a785ccb01bf490160b76acbb42d15ab7e5915650a2a59e1106ecdf2eef71f39e",
    ),
    ("lost-response", None, {}, "9f0e880f3f0e32fb0b95193ab04526709616d55d8d4163aec3d262b50c5d8b2e"),
    ("logout", None, {}, "13fadd42f4438d84f5efc3d07bc19ccdc97fd06e344486e919fae33443914bf1"),
    ("mobile", None, {}, "3fd19135124138dbab4416093607f4ec4d3f59211b8edad816855c7e76437d19"),
    ("theft", None, {}, "5afc1c5da23354131fa6121d41028508f1c2810496925c2134c82ebdb6c86bfa"),
    ("theft-f1", None, {}, "80101096cecd4cd381104dda26e9828d8bd058fa16a3c626502cb3a9c0fbb6b6"),
    ("theft-f2", None, {}, "9727133b5dc907632f98d9a47972b38102db1b70841ba76462d07cdce8c13cdb"),
    ("theft-f3", None, {}, "ed1b7ec25f7c86941d5477d4e396d396dd191cf3ddb2dffb51a21a7ef7b3abdc"),
    ("theft-f3b", None, {}, "ff021aad8addecde5c88607990f13bfb967344669d231051cd6ba92ec8d4787f"),
    ("theft-f4", None, {}, "70f70351744d331f40618e1ccb8440a3cdc27421f624b7798e26e6506c5eedc4"),
    ("theft-f8", None, {}, "a41f2806ad75e9e84aa867b5099fea5713ec3442ec06b87b27bb85da128fdfaa"),
    ("forgery", None, {}, "4219e9e9bee6530ded53255093dc3b19ee4f34aae0f8c7d4c73327a897069e25"),
    ("key-rotation", None, {}, "9378892282557f5d00cbb2eb04ac2ccc93b64eaf5e27c98801a5d3e295c9a8aa"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "a214f9fd4a69ef21d1c75ea1b5ad616c3c0c4abcf55c2f3e2cc80ccc829bb98a",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "34b16e9fd14578bbfe56c960ab150108cb747cc3af0072608a3077fc10819aa9",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "d16740329427984dc91a218ff651ef0dbdcf118b9b2dd2ac29f5268423a54966",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "41c8e692f52a2750c919356a1e47c41af83a21005f4a5b8e7848851d89501c8f",
    ),
    ("logout", "hydra", {}, "5ab5adbfcd7dc3b454f1ea22172dc3367ba1a4e67391f421523559ed7d53105b"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "087536454c3f264b8f24d67b2d6e24fb41f0546721236027aee3564892250186",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "4273aa5b362d319b10646ec183bbacf11447bcdf32111c7c6445746ff48031c7",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "0735b2a9a923f21df893068f8f6068e68f74e833777b457f04718b13874bf546",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "0afbab76325ab326d2c06ea328427705bdaa0b8b46356fcb09163b11ba073fbe",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "6b62d7652e121b9a30c405975f184b72c2f269e5f0862d2a51309c6ebb443344",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "6d5314673acc9aa823bcdfa6a81857c4019ab3f8e77b077e1608b0369ee4ef6b",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "4826fd7849191ddf84421d00be112738d41ad340a3f5f2c947e3cb3cd98d65c0",
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
