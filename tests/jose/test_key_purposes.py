"""One purpose, one key: no key derived for one purpose is ever another purpose's key."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simtoken.cli import main
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.forgery.attacks import get_attack
from simtoken.forgery.bench import Bench
from simtoken.jose.dpop_client import derive_dpop_key
from simtoken.jose.keyring import KeySchedule
from simtoken.jose.keys import ALGORITHMS, KeyPurpose, derivation_input, derive_key
from simtoken.jose.verify import Verifier
from simtoken.jose.weakness import Weakness
from simtoken.names import ISSUER
from simtoken.runner import configure
from simtoken.world import World


def _index(purpose: KeyPurpose, i: int) -> int | str:
    return f"owner-{i}" if purpose is KeyPurpose.DPOP else i


def test_kids_never_collide_across_purposes_algorithms_indices_and_seeds() -> None:
    kids: dict[str, tuple[object, ...]] = {}
    cheap = [a for a in ALGORITHMS if a != "RS256"]
    cases = [
        (seed, purpose, algorithm, _index(purpose, i))
        for seed in (0, 7, 8)
        for purpose, algorithm, i in itertools.product(KeyPurpose, cheap, [-1, *range(40), 1000])
    ]
    # RS256 derivation takes ~0.5 s a key: every purpose at the indices that used to collide
    cases += [
        (7, purpose, "RS256", _index(purpose, i))
        for purpose in KeyPurpose
        for i in ((0,) if purpose is KeyPurpose.DPOP else (0, 1000, 1001))
    ]
    cases += [(8, purpose, "RS256", _index(purpose, 0)) for purpose in KeyPurpose]
    for seed, purpose, algorithm, index in cases:
        kid = derive_key(seed, algorithm, index, purpose).kid
        assert kid not in kids, (kids[kid], (seed, purpose, algorithm, index))
        kids[kid] = (seed, purpose, algorithm, index)
    purposes = len(KeyPurpose)  # 6: signing, retired, attacker, other-tenant, dpop, emergency
    assert len(kids) == len(cases) == 3 * purposes * 3 * 42 + 3 * (purposes - 1) + 1 + purposes


@given(
    st.tuples(st.sampled_from(KeyPurpose), st.sampled_from(ALGORITHMS), st.integers(0, 2**64)),
    st.tuples(st.sampled_from(KeyPurpose), st.sampled_from(ALGORITHMS), st.integers(0, 2**64)),
    st.integers(-(2**40), 2**40) | st.text(min_size=1),
    st.integers(-(2**40), 2**40) | st.text(min_size=1),
)
def test_derivation_inputs_are_injective(
    a: tuple[KeyPurpose, str, int],
    b: tuple[KeyPurpose, str, int],
    index_a: int | str,
    index_b: int | str,
) -> None:
    def text(key: tuple[KeyPurpose, str, int], index: int | str) -> str | None:
        purpose, algorithm, seed = key
        if isinstance(index, str) is not (purpose is KeyPurpose.DPOP):
            with pytest.raises(ConfigError, match=r"^index: invalid value"):
                derivation_input(purpose, algorithm, seed, index)
            return None
        return derivation_input(purpose, algorithm, seed, index)

    first, second = text(a, index_a), text(b, index_b)
    if first is not None and second is not None and (a, index_a) != (b, index_b):
        assert first != second


def test_derivation_input_names_the_purpose_and_refuses_unknown_ones() -> None:
    assert derivation_input(KeyPurpose.SIGNING, "RS256", 7, 3) == "simtoken/key/signing/RS256/7/3"
    assert derivation_input(KeyPurpose.DPOP, "EdDSA", 7, "alice") == (
        "simtoken/key/dpop/EdDSA/7/alice"
    )
    with pytest.raises(
        UnknownNameError,
        match=r"^purpose: unknown name 'signin'; did you mean 'signing'\? allowed: one of",
    ):
        derivation_input("signin", "RS256", 7)  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError, match=r"^algorithm: unknown name 'RS512'"):
        derive_key(7, "RS512")


def test_bench_keys_are_never_a_key_of_the_rotation_schedule() -> None:
    bench, schedule = Bench(7), KeySchedule(7, "RS256", interval=60.0)
    scheduled = {schedule.key(i).kid for i in (-1, 0, 1000, 1001)}
    bench_kids = {bench.retired_key.kid, bench.attacker_key.kid, bench.tenant_key.kid}
    assert len(bench_kids) == 3
    assert not bench_kids & scheduled
    assert bench.key.kid == schedule.key(0).kid  # the auth server's key #0 is the same key


def test_dpop_keys_come_from_the_same_scheme() -> None:
    alice = derive_dpop_key(7, "alice")
    assert alice.thumbprint == derive_key(7, "EdDSA", "alice", KeyPurpose.DPOP).kid
    signing = {derive_key(7, "EdDSA", i).kid for i in range(3)}
    assert alice.thumbprint not in signing


def test_kids_are_pinned() -> None:
    # the scheme is part of the teaching material (tokens in docs and notebooks): pin it
    assert derive_key(7).kid == "yh2gB7EbDQ_MJr0FWJYZ80q5neNt4TdGsYqo1Y34A_I"
    assert derive_key(7, "EdDSA", 0, KeyPurpose.ATTACKER).kid == (
        "nhBLGVufc46DS-YMHNhB2FxyqGj5FMPCAGpll34q3oo"
    )
    assert derive_dpop_key(7, "alice").thumbprint == "2r2CPW5oSxkfA3dUz5uGktg9wP6Na8htx-gfTQ25cGM"


FORGERY = {
    "forge": "jku_header",
    "key_rotation_interval": "60",
    "key_overlap": "0",
    "horizon": "60100",
    "theft_at": "59990",
    "attacker_interval": "5",
}
"""The settings of `simtoken run forgery` that once made the auth server's key #1000 the
attacker's own (and #1001 the other tenant's)."""


@pytest.mark.parametrize(
    ("attack", "weakness"),
    [
        ("jku_header", Weakness.FOLLOW_JKU),
        ("embedded_jwk", Weakness.TRUST_EMBEDDED_JWK),
        ("other_issuer_key", Weakness.TRUST_OTHER_ISSUERS_KEYS),
    ],
)
def test_a_rotated_signing_key_is_never_the_forgers_key(attack: str, weakness: Weakness) -> None:
    # What the forgery run's API holds at the theft: the JWKS of keys #1000 (and #1001 next),
    # and the forger's token; the whole run takes minutes (1000 RSA keys), this takes seconds.
    for vulnerable in ("", weakness.value):
        settings = {**FORGERY, "forge": attack} | ({"vulnerable": vulnerable} if vulnerable else {})
        world = World(configure("forgery", None, settings), seed=7)
        token = get_attack(attack).make(world.bench)
        for now in (60_000.0, 60_060.0):
            assert world.keys.index_at(now) in (1000, 1001)
            api = Verifier.from_jwks(world.keys.jwks(now), ISSUER, world.clock)
            if vulnerable:
                api = world._weaken(api)
            verdict = api.check(
                token,
                now=now,
                audience=world.config.audiences[0],
                expected_type=get_attack(attack).present_as,
            )
            assert verdict.accepted is bool(vulnerable), (attack, vulnerable, now, verdict)


ROTATING_FORGERY = [
    "run",
    "forgery",
    "--seed",
    "7",
    "--set",
    "key_rotation_interval=60",
    "--set",
    "key_overlap=0",
    "--set",
    "horizon=60100",
    "--set",
    "theft_at=59990",
    "--set",
    "attacker_interval=5",
]


@pytest.mark.parametrize(
    ("attack", "weakness"),
    [
        ("jku_header", "follow_jku"),
        ("embedded_jwk", "trust_embedded_jwk"),
        ("other_issuer_key", "trust_other_issuers_keys"),
    ],
)
def test_the_rotating_forgery_run_lets_nothing_in_without_its_weakness(
    attack: str, weakness: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before keys had purposes, signing key #1000 was the forger's own key: 26 forgeries got in.
    assert main([*ROTATING_FORGERY, "--set", f"forge={attack}", "--events", "0"]) == 0
    assert "  forged_accepted: 0\n" in capsys.readouterr().out
    args = [*ROTATING_FORGERY, "--set", f"forge={attack}", "--set", f"vulnerable={weakness}"]
    assert main([*args, "--events", "0"]) == 0
    assert "  forged_accepted: 34\n" in capsys.readouterr().out
