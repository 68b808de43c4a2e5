"""Admission of a forged token: the weak verifier takes it as what the forger wanted.

A forgery succeeds against a verifier with one :class:`~simtoken.jose.weakness.Weakness` when
three things hold at the bench's time: the weak verifier accepts the token, the claims it
accepts are the ones the forger wanted (``sub`` and ``role`` ``admin``, say: a token accepted
as someone else is no privilege escalation), and the hardened verifier refuses it (else the
token was no forgery but a genuine one; RFC 8725 §2 lists the weaknesses).
:func:`admission_problem` checks the three in that order and says which failed, in words a
learner can act on; the empty string means the forgery works.
"""

from __future__ import annotations

from collections.abc import Mapping

from simtoken.forgery.bench import Bench
from simtoken.jose.tokens import TokenType
from simtoken.jose.verify import Verdict
from simtoken.jose.weakness import Weakness
from simtoken.names import DEFAULT_AUDIENCE

__all__ = ["ADMIN", "admission_problem", "verdict_at"]

ADMIN: Mapping[str, object] = {"sub": "admin", "role": "admin"}
"""The claims a privilege-escalating forger wants."""


def verdict_at(bench: Bench, token: str, weaknesses: frozenset[Weakness] = frozenset()) -> Verdict:
    """The API's verdict on ``token`` at the bench's time: hardened, or with ``weaknesses``."""
    verifier = bench.verifier(weaknesses)
    return verifier.check(
        token, now=bench.now, audience=DEFAULT_AUDIENCE, expected_type=TokenType.ACCESS
    )


def admission_problem(
    bench: Bench, token: str, weakness: Weakness, wanted: Mapping[str, object] = ADMIN
) -> str:
    """Why ``token`` is not a working forgery against ``weakness`` ('' if it is one)."""
    weak = verdict_at(bench, token, frozenset([weakness]))
    if not weak.accepted:
        return f"the {weakness} verifier refuses it: {weak.reason} ({weak.detail})"
    got = {name: weak.claims.get(name) for name in wanted}
    if got != dict(wanted):
        return f"accepted, but as {got}, not {dict(wanted)}"
    hardened = verdict_at(bench, token)
    return "the hardened verifier accepts it too: not a forgery" if hardened.accepted else ""
