"""Verifier cases: the tokens a hand-written API verifier must judge, with the right verdicts.

A learner who writes an API's token check (with PyJWT, say) is graded on the same tokens the
hardened :class:`~simtoken.jose.verify.Verifier` judges, and must reach the same verdicts:

* every attack class of :data:`~simtoken.forgery.attacks.ATTACKS` aimed at an API (the ones
  presented as access tokens and judged by the API's verifier, not by a refresh endpoint), made
  on a :class:`~simtoken.forgery.bench.Bench` of the given seed and time: all refused;
* a genuine access token of each signing algorithm at its ``iat``, one second before ``exp``, at
  ``exp`` and one second before ``iat``: accepted, accepted, refused, refused (RFC 7519
  §4.1.4 to §4.1.6, with PyJWT's comparisons and no leeway).

Each :class:`VerifierCase` carries what the API is configured with (its trusted keys by
``kid`` and the one algorithm), the instant as a NumericDate, and the expected result: the
claims, or None. :func:`verifier_switched_off` disables the hardened verifier for a while, so
that a check that merely calls it fails instead of passing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from simtoken.forgery.attacks import ATTACKS
from simtoken.forgery.bench import Bench
from simtoken.jose.keys import ALGORITHMS
from simtoken.jose.tokens import TokenType
from simtoken.jose.verify import Verifier
from simtoken.names import DEFAULT_AUDIENCE

__all__ = ["VerifierCase", "verifier_cases", "verifier_switched_off"]

_OFFSETS = (0, 299, 300, -1)
"""Instants after ``iat`` at which a genuine five-minute token is judged."""


@dataclass(frozen=True)
class VerifierCase:
    """One token to judge, what the API trusts, when, and the hardened verifier's answer."""

    name: str
    token: str
    keys: Mapping[str, Any]
    algorithm: str
    now: int
    """The instant of the check, as a NumericDate of the simulated clock."""
    expected: dict[str, Any] | None
    """The claims the API must accept, or None if it must refuse the token."""


def _case(name: str, bench: Bench, token: str, now: int) -> VerifierCase:
    verdict = bench.verifier().check(
        token,
        now=bench.clock.sim_time(now),
        audience=DEFAULT_AUDIENCE,
        expected_type=TokenType.ACCESS,
    )
    keys = {bench.key.kid: bench.key.verification_key}
    expected = dict(verdict.claims) if verdict.accepted else None
    return VerifierCase(name, token, keys, bench.key.algorithm, now, expected)


def verifier_cases(benches: Iterable[tuple[int, float]]) -> list[VerifierCase]:
    """The cases for each ``(seed, sim time)``: every API attack class, then genuine tokens."""
    found = []
    for seed, at in benches:
        for attack in ATTACKS:
            if attack.judge is None and attack.present_as is TokenType.ACCESS:
                bench = Bench(seed=seed, algorithm=attack.algorithm, now=at)
                found.append(
                    _case(f"{attack.name}/{seed}", bench, attack.make(bench), bench.epoch(at))
                )
        for algorithm in ALGORITHMS:
            bench = Bench(seed=seed, algorithm=algorithm, now=at)
            token = bench.issued(sub=f"user-{seed}")
            for offset in _OFFSETS:
                name = f"genuine {algorithm}/{seed} at iat{offset:+}"
                found.append(_case(name, bench, token, bench.epoch(at) + offset))
    return found


@contextmanager
def verifier_switched_off() -> Iterator[None]:
    """Within the block, :meth:`Verifier.verify` (and so ``check``) raises ``AssertionError``."""
    original = Verifier.verify

    def switched_off(self: Verifier, *args: object, **kwargs: object) -> dict[str, Any]:
        raise AssertionError("write the check with PyJWT, not with simtoken's Verifier")

    Verifier.verify = switched_off  # type: ignore[method-assign]
    try:
        yield
    finally:
        Verifier.verify = original  # type: ignore[method-assign]
