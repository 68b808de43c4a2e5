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
    ("expiry", None, {}, "8243f580b2dc44db16a0352a37e4708a65b580d8c59d477d82b98ea2054b36d3"),
    ("refresh", None, {}, "0099e825882503192e5a39712219cd2815ddaae1d8070523fed207077aecfc71"),
    ("sso", None, {}, "8e169dd8d2f6c9bc0f14798619ec4dd9c2aa4d2529fe06b2f2ba5ba06389db2d"),
    ("rotation", None, {}, "387b9188be7413fc13cd8faecd9c5142403dbff93549e6043ffdb57b3ca64f3d"),
    (
        "reuse-detection",
        None,
        {},
        "acadc227960d9c8eba9e51499caaab8f1bface945ff42c350c516b492d868666",
    ),
    (
        "grace-interval",
        None,
        {},
        "37b3a2b2bd581dfea4714cb8849547b9e3b1a0e1a5994191f1491e028198e413",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "061e6019ae218972c4c69d8c94b9d2dd8498c6e966feae11ffa652044b3a7afa",
    ),
    ("lost-response", None, {}, "899e74a1875835e1239ab05773b76e29e5d8b589fa2d5245ad8da1dcab157ee5"),
    ("logout", None, {}, "c3267a68ab45b0c06a1184c0aac5e00b56cb5ed88a88a3f471fd7f057e5545a9"),
    ("mobile", None, {}, "cade5a815d35ead23c83cd731283d78ade6fc3a2414f8c4cc89f726cd6ac9136"),
    ("theft", None, {}, "9de5b7ec340f0b5e3d9669bdd7b5a740e25cdec7457f7e3bc82da697cf962888"),
    ("theft-f1", None, {}, "cabdadf212275bb27fdaeb70c2cf056c0bc30322d7401b9ee4aecb59f20ae45c"),
    ("theft-f2", None, {}, "d3738c7fca5ff0e90eea73df0f01e76a5c55c3c100973606a184d4569db93021"),
    ("theft-f3", None, {}, "f6333a39a68cecab04565b262490d2a1eea09a2e6ed5bdb272377482903ebb00"),
    ("theft-f3b", None, {}, "e5f1bb45cd533de943970bf22ad2e7d52fd4602583d2d574d9081c2650cd7bfe"),
    ("theft-f4", None, {}, "cbb1a17681e0431f9314d0f371e7070922e7de6e87f84aa3b655282b1e19c3b6"),
    ("theft-f8", None, {}, "cea258eb5947876eef87ed9e1471a3e736f9e92141e1ddcf636a10631cc0395b"),
    ("forgery", None, {}, "e3972fdf21f24f962e79a8fc72a5f81a330948e2fb4f115a4a08b90232fa8131"),
    ("key-rotation", None, {}, "803a7cae0bbfb7d38ef1877b2a01cab87d0f48d5aff1af90aebce3c8cacb2c06"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "c0363c9e2685f9e5eaa6b2c72a1f941e2d0a5e265d3db36d090126bbc8094707",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "e634015070cf4cb637368df8f60bae525b36b5825923c29226a86c9f92f9f480",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "956a6418d0728eda476383ad00bbe1b7971e0d8ad6d4905c0555bde08d0d5287",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "d0028dc62511259457e6fb572e3b45a4d0f222e9a21cfe288efd14ad81341e68",
    ),
    ("logout", "hydra", {}, "f1930c666d6b0315ccd8a42fbb04a967553056c31a48e947fb1d084ba089b59f"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "8ffd39ef79c5d710de2f105319e91e15152d56c9f614284292b11825a8819373",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "6e9e749e8327977ed7327885e49bb213857f2654692cf5efe51381dd8b66a6b8",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "1fc61f3ee80c242fcfac4412bdf895a722f5e653de251d2809acb510d80384a8",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "324d0505cdfb10832dc75d7787eef1376a8af0511fa6d7327234f545a9a7b158",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "abb4ae3fe891515a302a38d56a4358d0c5e4e3cc2fec719aa3c04acaf0047684",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "b56a3eadb472b8a7037a5f7152fd1a342a8236117ffa82ce7647edd6f795141a",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "38b054d67725d175c3959d337d651cdeed1334f78ed245b0d16b12cdef6ced87",
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
