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
    ("expiry", None, {}, "7b13c62c533233f9e41cba46686fc49ed974e2ec6e8fb89022be026a94807802"),
    ("refresh", None, {}, "934e8b4ed721af18dd6ddafb60da2a59876c0f28cdd40c1c03179661d2a5ac80"),
    ("sso", None, {}, "19c4e24c50eed4abffcbeb710951ba7d2ee677bec4866d7609625bae3426a9f9"),
    ("rotation", None, {}, "fc87a40c56d6ca0589d8e7f76f2eedb2f88f7e577f1ec8a1de303aa982bea881"),
    (
        "reuse-detection",
        None,
        {},
        "b9caf807f9a485ea63ef1beae66b6353d7142e1d75755ef88acb7053b3424673",
    ),
    (
        "grace-interval",
        None,
        {},
        "f16a41a48b6be9e286d0b56384cebd7e3ac80414734da35504e2faf91e5e6b8e",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "717a3d524a6f58995a0592e03a8b2e5fff4a3c9dfe5fe306a57eef563b6de896",
    ),
    ("lost-response", None, {}, "98e598ad9fc256a0a1fc06627ea1abd55409cd48b8479ca51c9711660a2635e1"),
    ("logout", None, {}, "6b28b190606f8b806428cdee6126faad871df7486a449022e1cb46480c6579a9"),
    ("mobile", None, {}, "f1d6fa386a8a541d49a25ac7f03995080b256ae6c01452947155d7e11cd5e829"),
    ("theft", None, {}, "b1571e0c2f6b22b7fe36f31a4e00c521637a7dc88262a9823818910acbb130d0"),
    ("theft-f1", None, {}, "4f835cb8e21feabf7ee61ee766073d92db2d3cfbe984635045466908a1acff87"),
    ("theft-f2", None, {}, "8989377d77b065ebc03a3f225da40fa539690bd038c8d8b466d4472a07fc7dac"),
    ("theft-f3", None, {}, "443c66209f8c77950e76a99ad3546f8da4260310a52c5f56624b65fa34d55583"),
    ("theft-f3b", None, {}, "d312ee3db7151134e9dfefd390177dadae500d774ec0dfe322688c7c4a70bf01"),
    ("theft-f4", None, {}, "def04deb6a16780eb17312e9a303cf168578649f63fa218ce6acb1fdd4516a58"),
    ("theft-f8", None, {}, "4e653b5af73c9049d520aa22d59f2dc041b205132b4cde7e889d79621a7697b8"),
    ("forgery", None, {}, "0f0c61aec739d5005b262a1acb49c7983d5628efb3c80922b131b839114aabf4"),
    ("key-rotation", None, {}, "ae8c0b91dea8f99ab4ffdb9d54cc492fd28c2030de056b2932f883cd010a80d7"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "8a1dd29817a6c86c811a40df5cba5763b4553f29f173a272e9eab11c7b8f2b3a",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "9547c3c44e180783507594cf57253e14c76bed5f0002d09cdcd439672532317f",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "770375df503c216d51c9a02cf8c458cc1d7294b2a144c5b9f33f81e5eb75e690",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "b98eaddd47ddf73ec112080790f9cee503aa164ab48a8b20236c1f8a7bde0d82",
    ),
    ("logout", "hydra", {}, "a9ec36075a7766f9447b018b3ec5a083ef0eb163d7dfc6712cf14c6e16767eac"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "3f819206c3b8131f5ba90ddcf9a9873aa498d43465fa552cffe61ece43ba7e26",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "b4db85a66f2baf6217146d6e55a1b851391f7785fb03e5c3b78bad7fb9ad5fb8",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "6e47b01d1f2d4c17f272a0a40c9ef30c097a0b5468e041d4cc5f5be5c8f5ea73",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "d5c89a02be886edb15fe8d3efca45d8ae4458222726c4e41f4b12c58b1bd8a01",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "438d4c48c970783289467f6feedcaf105415132b53bfb60780e8315d2c44dd2c",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "1aa5bc60fb63cac3f8072b6c737292a386bdd72860fb35ff1cbb47142e14f88b",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "59d418a677cfdf4bb2a5529808eac6ddac6410c510e4e6d4b64cabdec1f80a15",
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
