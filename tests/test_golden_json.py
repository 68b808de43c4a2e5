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
    ("expiry", None, {}, "e1524873b6243989fbf3fd2d21753d6df9458464eaf71eded296eb9a27ccd09b"),
    ("refresh", None, {}, "12f9a3906be13e1575bc8f63f7de7dc37f7b2cba3bad885bac4e4266d3cdc26a"),
    ("sso", None, {}, "81a593164f1678ce7617cdf1a2fe506bf354e8bf19831f862d52a232a61c2ca2"),
    ("rotation", None, {}, "3467b681b4fa932c36f661ccd683af382c54516ac01560d762589c78c38d4b94"),
    (
        "reuse-detection",
        None,
        {},
        "133910c06cacb2307540d6ab0ccf4db4e82c8d9a6949e0e885335ad41c0b9c0e",
    ),
    (
        "grace-interval",
        None,
        {},
        "47ad1eebaf29c1d5f09ec6bdd3fc9733dc602cb6d64bb5a2e8815a1a9f815c48",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "1c33abd04b1633cbf0adc7836da6b9b4963ae044bda3c95b1f802374303399b8",
    ),
    ("lost-response", None, {}, "b1c39e3b0489ba61f3688b3db6618c7acca919015a92d3d40d4662ba4bf714ed"),
    ("logout", None, {}, "1a68c672e364b5cdb2d350285257413c0987bea17884eb8224dce08208922765"),
    ("mobile", None, {}, "096e37c85e7bcdb313bbd68dafb3ee70c337dba37e9916b4ef9dcf18c7810b9f"),
    ("theft", None, {}, "d02badacc4ceb80586ff3f74dbb77116c8ebd5e93d52a774d870bc3f973f13c2"),
    ("theft-f1", None, {}, "3a4b0a445a6dea302d9e1b395525c18a1f8cb1a4737c03c1689996f9cdf127e6"),
    ("theft-f2", None, {}, "629f877bb3be2ba7f7a80e3c7200797697604c3798c75e5bbcaa9fecd7c31144"),
    ("theft-f3", None, {}, "93c5a08cff48cc0b4dfadd87aaa0c34e6c0c18edd790546e589a8f7d1fc247d3"),
    ("theft-f3b", None, {}, "9af673a51335bb6cf2b9ec9deec45ecd00684582dad2f630ae526951fe2df347"),
    ("theft-f4", None, {}, "aedb9e8fa4c0bc35be95572173529016fd4492007806d4afb4806e2e16777afc"),
    ("theft-f8", None, {}, "e37e2b230fb94fd4f04946f4404c23f749b2e05febd48b32b3f387a89cf939cf"),
    ("forgery", None, {}, "3985085443a12918159d67d7124af79690c6500b4a9b389a673e5ac9b910bf2e"),
    ("key-rotation", None, {}, "a709934ed9d68a900998cd70c30b2f24644bc6ff300f04fce65114a300b2e9e3"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "9d40cd0ecaa250d2f911e15a75456f463d56fb46cbb64f97525ec685563a1d79",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "cf68ba0df0e7141ac5155e2de12b995db8bc5cf0a4a186c9eee39a10565dddb1",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "d02d508c2194a67f1cbdd5d43a6a2f9089dcc09f0c855a3e2d992c95a56e1a1b",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "f9e884063832868ae94d8b372226d8cd99633c0b819b7c77cb75a64912ff18cd",
    ),
    ("logout", "hydra", {}, "470f7f311a8a1cda62824c128c1bdf29731f2b39a2ed3bc1e5863cc4ce40fade"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "dbecd2d67382c54b3a0a6c5b566261c8a818058c60869f9d845c41cbd89d3c71",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "a4696fdb41154b0cabfe34ce6c4979a707cc18c6c19a1d77843197a0dad9ff69",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "c00c4497f95efd0db968fce25a9dccd766ea33431d9c84f2295b0c07878e0e2f",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "506dc0ff0a18cfa2abf1947b95f72f10bdb74168882657e59b2535df1e8c6f57",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "9af3a0f86f22bdde4de9f08c7f790d77b699f6d4e126466313c8c4881727c7dd",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "c0fc26a56e1ba90b6e44613b780d5074c6169a812088c8c9c442da755f3f0a70",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "289e8d5b8ca6e25985ed2978251abd01026003620818d12bdfc83dacd0f75148",
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
