"""PKCE: Proof Key for Code Exchange (RFC 7636), the secret that ties a code to its requester.

An authorization code travels through the user's browser (or the phone's operating system) on
its way back to the app, and anything that sees it there could trade it for tokens. PKCE
closes that gap with a one-time secret, like a cloakroom ticket torn in two: before the flow
the app makes a random **code verifier** and sends only its **code challenge** with the
authorization request; the auth server binds the code to the challenge; and at the token
endpoint the code is traded only together with the verifier whose challenge it remembers.
An interceptor holding the code but not the verifier gets nothing (RFC 7636 §1).

* the verifier (§4.1) is 43 to 128 characters of the *unreserved* set ``A-Z a-z 0-9 - . _ ~``
  with enough entropy: simtoken's is the base64url encoding of 32 random bytes (43 characters),
  as §4.1 recommends, drawn from a seeded generator so that runs are reproducible;
* the challenge (§4.2) is ``BASE64URL(SHA256(ASCII(verifier)))`` for the method ``S256``, or
  the verifier itself for ``plain``. A client able to use ``S256`` MUST use it (§4.2): with
  ``plain`` anyone who reads the authorization request (a log, a proxy, attacker A4 of
  RFC 9700 §3) reads the verifier too (RFC 7636 §7.2; RFC 9700 §2.1.1);
* the server compares the verifier's challenge with the stored one (§4.6), here in constant
  time (:func:`hmac.compare_digest`), as any secret comparison should be.

>>> verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"  # RFC 7636 Appendix B
>>> code_challenge(verifier, "S256")
'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
>>> verify(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256")
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import re
from typing import Literal, get_args

__all__ = [
    "PKCE_METHODS",
    "PkceMethod",
    "code_challenge",
    "code_verifier",
    "is_verifier",
    "random_string",
    "verify",
]

PkceMethod = Literal["S256", "plain"]
"""The code challenge methods of RFC 7636 §4.2."""

PKCE_METHODS: tuple[str, ...] = get_args(PkceMethod)
"""The method names, ``S256`` first (the one a client MUST use if it can)."""

_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
"""RFC 7636 §4.1: ``code-verifier = 43*128unreserved``."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def random_string(rng: random.Random, size: int = 32) -> str:
    """``size`` random bytes from ``rng``, base64url-encoded without padding.

    The shape of every one-time value of a flow (verifier, ``state``, ``nonce``, a code); from
    a seeded generator, never the operating system, so that a run stays reproducible.

    >>> len(random_string(random.Random(1))), len(random_string(random.Random(1), 16))
    (43, 22)
    """
    return _b64url(rng.getrandbits(8 * size).to_bytes(size, "big"))


def code_verifier(rng: random.Random) -> str:
    """A new code verifier: 32 random bytes, base64url-encoded (43 characters, RFC 7636 §4.1)."""
    return random_string(rng, 32)


def is_verifier(text: object) -> bool:
    """Whether ``text`` has the shape of a code verifier (RFC 7636 §4.1).

    >>> is_verifier("a" * 43), is_verifier("a" * 42), is_verifier("a" * 42 + "!")
    (True, False, False)
    """
    return isinstance(text, str) and _VERIFIER.fullmatch(text) is not None


def code_challenge(verifier: str, method: PkceMethod) -> str:
    """The code challenge of ``verifier`` by ``method`` (RFC 7636 §4.2)."""
    if method == "S256":
        return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())
    if method == "plain":
        return verifier
    raise ValueError(f"unknown code_challenge_method {method!r}; allowed: {PKCE_METHODS}")


def verify(verifier: str, challenge: str, method: PkceMethod) -> bool:
    """Whether ``verifier`` is the one ``challenge`` was made from (RFC 7636 §4.6).

    A verifier of the wrong shape never matches; the comparison takes constant time.
    """
    if not is_verifier(verifier) or method not in PKCE_METHODS:
        return False
    return hmac.compare_digest(code_challenge(verifier, method), challenge)
