"""Seeded runs' ``--json`` documents, pinned byte for byte by their SHA-256, and their reasons.

Recorded before the events became keyword-only and the refusal reasons enums: a refactor of how
records are built or named must leave every exported document exactly as it was. The same runs
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
    ("expiry", None, {}, "160c660ce1b4d7872b575ffd50be78a8249977b649056b1e49ec7845ea31b4e4"),
    ("refresh", None, {}, "73e7f22c143f8d173c5196ed6b7faef1517af18de3ca80b6890e8ea8355da069"),
    ("sso", None, {}, "96898cbe1e42374bf364772ec5264b73a7322d3813f7fec417fbbef61d92d559"),
    ("rotation", None, {}, "e960c40577a3fb17e168d99bf871978901d6bc2ffc8fc2a6fce98a39147db1a1"),
    (
        "reuse-detection",
        None,
        {},
        "20944f50d8fbf63a2fa7f103d6e8807849d221b2f7e7c5326705e6a0db95a10f",
    ),
    (
        "grace-interval",
        None,
        {},
        "5c59b8c471ce0de715a6f40761d1a48dfa528974e60df313e5b4a4753ff09ca7",
    ),
    (
        "concurrent-tabs",
        None,
        {},
        "0f4caad1c2ce66559315b7b8433010ccf51ec71021383f289a06e6dadcbc1d4f",
    ),
    ("lost-response", None, {}, "53b6844cbcb8d21ed1eb7775539f2f2898d532d3f2c302903165e00f97cdcdf2"),
    ("logout", None, {}, "cf5240ab755a89fdb62a6a04557663218a20327cc478e3cbf47d761e24055723"),
    ("mobile", None, {}, "628819947c5156a3b451eda019242a8c754ca0e16bf5b8d0e783919d3ea732f0"),
    ("theft", None, {}, "7f1bcb2166809caace5b6ecb306bb36202b4e19611ac0751ddf3706b9a52a806"),
    ("theft-f1", None, {}, "0b59730fe161fb2455e5a7dc1dafd0fbd473816d6b2c4a412fcfac32fa209200"),
    ("theft-f2", None, {}, "121f881b6630c09acf406cd69b6a137124c86fa2dcca779306c9606331bcd2d3"),
    ("theft-f3", None, {}, "399e58ee654c6e761696e32e7b79840ca245671146e517963570806ee87d8661"),
    ("theft-f3b", None, {}, "cf1c1f7ead8bc3dcafd038101004951958afbb983e5ad420d522b12510243e46"),
    ("theft-f4", None, {}, "0653f798392a798dda011b3799fecf7b901425077792fb108d4339a2e02e5b50"),
    ("theft-f8", None, {}, "3efa4e6daf8a19b255f3a97facd25dd58dca100a49de83e75cab51d8b598a2be"),
    ("forgery", None, {}, "5b37cc6a63f1028079a5713f14acbeb8c7ccb9791cfaa45b4a24fbe7acf7bb12"),
    ("key-rotation", None, {}, "fa67b70fc91b60e0ac931fde38a40d6ba21750a924decc58a90d830b8f27030b"),
    (
        "concurrent-tabs",
        "supabase-hosted",
        {},
        "abe659f8c5cab43dcfae515fcbb47fcff4bbd6660e7585e9e7a7140639f28ecf",
    ),
    (
        "concurrent-tabs",
        "rfc9700-bcp",
        {},
        "9396102b5e684bba3417c1acfa0a1f86438dfe0a5e826b085b23c60e3ed2691b",
    ),
    (
        "concurrent-tabs",
        None,
        {"max_reuse": 1, "reuse_detection": "user"},
        "62c6feac0715bf89b7e5e17e83afb2e846db48bda3c5d8f7339d3554769eafa2",
    ),
    (
        "lost-response",
        "okta-spa",
        {"refresh_token_idle_lifetime": 1800},
        "d758eda12e5167699652c06124a229c71d880525bcfc8e50053a5490e360efe2",
    ),
    ("logout", "hydra", {}, "e3e338321df467b8b3c2f2466a9df568e60ffd265967957f554a696f7a9c5644"),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        "a6066438b83dc17fbbbe3f2158e9d53d8813168698c5468820295cbc5bd206b3",
    ),
    (
        "mobile",
        "keycloak-default",
        {},
        "3483c006710f73bf8781365f3f1a6e20c2ae4a685b4fecb1f4f1ec358b939849",
    ),
    (
        "forgery",
        None,
        {"forge": "access_as_refresh"},
        "0cb6b7816d7941ba841caf157b3f9f49b1295c9c8e2903971bb390ae8f60052c",
    ),
    (
        "forgery",
        None,
        {"forge": "nested_claims"},
        "45ce3127dd57551edb657ebe5591d066943aa923b8881489c92157f1d5c1e781",
    ),
    (
        "logout",
        None,
        {"validation": "introspection"},
        "82babd444a65135645cc44fdc5b6dde9c4be609401c67cc918220ec2505fab67",
    ),
    (
        "logout",
        None,
        {"validation": "denylist"},
        "f605c7f3df946a3c6b6be853ab89adffe197f4725df140ba5bd82de9f3d77e6b",
    ),
    (
        "theft",
        None,
        {"sender_constraint": "dpop", "theft_vector": "sniffing", "tls": False},
        "aa1edc2e7809e70129d1f7ee56872d27bf401fe6cc8114135c42b6929bf3799e",
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
        LoginReason.NO_REFRESH_TOKEN  # not reached by these runs
    }
    causes = set().union(*(run.causes for run in runs)) - {"lost", ""}
    assert {type(refusal_reason(cause)) for cause in causes} == {Reason, ServerReason}
