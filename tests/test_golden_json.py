"""Seeded runs' ``--json`` documents, pinned byte for byte by their SHA-256, and their reasons.

Recorded before the events became keyword-only and the refusal reasons enums: a refactor of how
records are built or named must leave every exported document exactly as it was. Re-pinned when
the login flows came (``login_flow`` ...): their settings joined every document's ``config`` and
``calls_as_other_user`` its ``metrics``; every run's events, JWKS and other metrics stayed
byte-identical. Re-pinned again when single sign-on came: ``apps``, ``logout_kind``,
``block_third_party_cookies`` and ``revoke_on_idp_logout`` joined the ``config`` and
``silent_sign_ins``, ``residual_access_by_app`` and ``residual_refresh_by_app`` the ``metrics``
(0 and empty in these runs); events, JWKS and the other metrics stayed byte-identical. The same runs
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
    ("expiry", None, {}, "8c862a0362230f0049c82553c2baa5d2cb51af40abf104fe4766bba97c82b438"),
    ("refresh", None, {}, "5507ab0144307b548ee160c02460d9864d0c4ad295366f4f043735e4d7cd6a20"),
    ("sso", None, {}, "3167c5a14e7e3043869233a50958f0f93b5c9d29b067bd145e414d41aa4ba919"),
    ("rotation", None, {}, "e1954c71c5e3730695dcbd7dc9ff8383233cdff7e01fec70dc2bceea63960a92"),
    (
        "reuse-detection",
        None,
        {},
        "07e81524eaf9bee79a10a78cda10521e7e0a8125b501aa7c1aa65ffba8d87345",
    ),
    (
        "grace-interval",
        None,
        {},
        "badcfb920d4b3a5674539ba7d44db36af56ec8c26d5ad1614c1efc7f1361f903",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "fe817e9405bf07c6870ea29da1f5c7201eafff8e198dfb70eb87721138096f04",
    ),
    ("lost-response", None, {}, "30e3cfef828d246bd2a03c7ec5b5ad1bec3b0bb4a6f9200363aa0ab269ef1b05"),
    ("logout", None, {}, "90c3e48b3d7fc3163ae7026e681de0565a115e4d8c29c90d110ba276a7c89958"),
    ("mobile", None, {}, "ee3ff14d20cba157ce72478d0877deaaf1981ac2b3b9de4a287a602b2a99b30e"),
    ("theft", None, {}, "c0164c2cb6863f84528bf635300dc60a22ebc22a0b4bf10f8807cd6e239382bc"),
    ("theft-f1", None, {}, "f90f1e5948f0822613fb258db3a6137241c1341ac3b45b06bbc0c79e787aee5c"),
    ("theft-f2", None, {}, "a7dc9942a783ac6f7b1a6d6fd2e4f60f4740df2f711acc71581d0c9b0d144f99"),
    ("theft-f3", None, {}, "d1ffc362264e27383ddd8482992c05a7817b2be0523fd2a0a152d48761bb8f01"),
    ("theft-f3b", None, {}, "bcec8fb6951fcf2c663559307c63d10bf8e6396485f09a146245700657235787"),
    ("theft-f4", None, {}, "77d78b8fd7ef8a0be21c3c092702f9748246f32b245a4b6835591b047e46b7a7"),
    ("theft-f8", None, {}, "a8b30b6d5427038f9a712707ec31015034c39e577177af944dafb18d14c21e14"),
    ("forgery", None, {}, "15ebda59d988da83f46e9051d3cc4fe131d5ba786b996dab4d77a9c20b9ca092"),
    ("key-rotation", None, {}, "583070aac578c7096128225e48fbfcb0349dee10113e969645d3754e34a5d1db"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "bf76f4001b58c7296420c3085db5b5bba5902bb334fffa4b13115d228f40f590",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "31261a3310743b936569fe245fa337cd4ed8156485c3975d5af8c18a099c0a1c",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "c93b6c345333af67ba750e45910447f8c259d653e8120460793835bdf69c68f4",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "17cd56f68ced9d3a9de601bb5f55bbb4707a2e02eef67b857b77f3343d4dde7f",
    ),
    ("logout", "hydra", {}, "faf0b77d892c7495e3254901d1c5aa11a964386fa6621e46925666a2eacd091f"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "ed59cd00acd352cd9f1dce3bb66ebf636cc18aeaec2deb934fc869307d754c2e",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "6ce6d0831b7ebcbcee31005e57e33567cf88821945d8a2bc2caf9876e02a8bbf",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "7461d6d0640b293de6458c2cbb5153a9224e0106b079201c0c3701016ef155c8",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "849f66da1e47f48c4e0ff82f4b32a16e470791c2ec386ac252168cd32fd0e283",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "6ade86297f228a8dbfe0e01e1748ca961a285c572d12ce473aa85b9dff8e31ff",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "b6e3375f9f2ddd81cdeaec06e04815b7326996cf28ea48837a6c5889998fd26b",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "7de0a785ef566a575dce51f0f7f610d095ce808a581361fd7250a28abf155f68",
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
