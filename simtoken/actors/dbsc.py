"""Device Bound Session Credentials (DBSC): a short-lived session cookie, renewed by the device.

A backend-for-frontend (``storage=cookie_bff``) keeps the tokens on its server; the browser
holds only a session cookie. ``HttpOnly`` keeps that cookie from a script, not from malware
on the device: an *infostealer* copies the browser's cookie store and sends it to its owner,
who replays the session cookie from another machine for as long as the session lives (OWASP
Cookie Theft Mitigation Cheat Sheet). DBSC (W3C WebAppSec "Device Bound Session Credentials",
implemented in Chrome) is the cookie-world analogue of DPoP:

* at sign-in the browser makes a key pair the device will not export (a TPM-held key, say)
  and registers its public half with the site's session;
* the site sets a *short-lived* session cookie (``dbsc_cookie_lifetime``, minutes);
* when it expires, the browser calls the site's refresh endpoint and proves possession of the
  key by signing the site's challenge; only then does the site set a fresh cookie.

A copied cookie then works off the device only until it expires: the thief cannot renew it,
having no key (``dbsc_proof_invalid``; an expired or unknown cookie is
``session_cookie_invalid``). Malware that *stays* on the device can still make the browser
renew the cookie and ride the session online, while it runs: DBSC binds the session to the
device, not to the person at it.

Simplifications: the BFF's session is drawn at the APIs (as the rest of the BFF, see
:mod:`simtoken.actors.resource_server`): the refresh endpoint is an endpoint of the API
(``dbsc_refresh``), and a call carries its session cookie as the ``session`` parameter. The
registration happens with the login answer, without a request of its own. Each answer that
sets a cookie also sends the next challenge ahead (as the spec lets a server do with
``Secure-Session-Challenge``, saving the round trip of a refused first attempt); the browser's
refresh proof is a ``dbsc+jwt`` whose ``jti`` is that challenge, signed by the device key (key
purpose ``dbsc``; EdDSA here) and checked with the key registered for the session, its ``iat``
on the simulated clock (``dbsc_proof_invalid`` otherwise). Cookie values and challenges come
from the BFF's own generator (``webapp/dbsc``). The browser renews a cookie once it would
expire before its request arrives (a latency early), so the user's calls never meet an expired
one. With ``infostealer`` but without ``dbsc`` the session cookie never expires: it lives as
long as the BFF session.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import jwt
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from simtoken.actors.network import Message, Response
from simtoken.config.run import RunConfig
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop_client import DPoPKey
from simtoken.jose.keys import KeyPurpose, derive_key, jwk_thumbprint
from simtoken.record.reasons import ServerReason

__all__ = [
    "DBSC_REFRESH",
    "DBSC_TYP",
    "PROOF_WINDOW",
    "SESSION_PARAM",
    "HeldSession",
    "SessionCookies",
    "device_key",
    "refresh_proof",
]

DBSC_REFRESH = "dbsc_refresh"
"""The BFF's session-refresh endpoint (an endpoint of the API in the simulator)."""
SESSION_PARAM = "session"
"""The request parameter that stands for the session cookie."""
DBSC_TYP = "dbsc+jwt"
"""The ``typ`` of a DBSC proof JWT."""
PROOF_WINDOW = 300
"""How far (seconds) a proof's ``iat`` may be from the BFF's clock."""


@dataclass(frozen=True)
class HeldSession:
    """A session cookie as a browser (or a thief) holds it, with the BFF's latest challenge."""

    value: str
    expires: float
    """The BFF's expiry (sim time; infinite without ``dbsc``)."""
    challenge: str
    """The challenge to sign at the next refresh (``Secure-Session-Challenge``, sent ahead)."""


@dataclass
class _Session:
    owner: str
    key: ed25519.Ed25519PublicKey
    """The public half of the device key registered for the session."""
    expires: float
    challenge: str = ""


def device_key(seed: int, owner: str) -> DPoPKey:
    """``owner``'s device-bound key (non-exportable): a pure function of seed and owner."""
    derived = derive_key(seed, "EdDSA", owner, KeyPurpose.DBSC)
    private: ed25519.Ed25519PrivateKey = derived.signing_key
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": jwt.utils.base64url_encode(raw).decode("ascii")}
    return DPoPKey(owner, private, jwk, jwk_thumbprint(jwk), extractable=False)


def refresh_proof(key: DPoPKey, challenge: str, iat: int) -> str:
    """A refresh proof: a ``dbsc+jwt`` whose ``jti`` is the BFF's challenge, signed by ``key``."""
    claims = {"jti": challenge, "iat": iat}
    return jwt.encode(claims, key.private_key, algorithm="EdDSA", headers={"typ": DBSC_TYP})


class SessionCookies:
    """The BFF's session cookies: who holds which, until when, and which key renews it."""

    def __init__(self, config: RunConfig, rng: random.Random, seed: int, clock: SimClock) -> None:
        self.dbsc = config.dbsc
        self.lifetime = config.dbsc_cookie_lifetime if config.dbsc else math.inf
        self.rng = rng
        self.seed = seed
        self.clock = clock
        self.live: dict[str, _Session] = {}
        """Cookie value -> its session (a renewed cookie's old value is gone)."""
        self.browsers: dict[str, HeldSession] = {}
        """The cookie each user's browser holds now (the browser's side, kept here for short)."""
        self.clients: set[str] = set()
        """The users' apps, whose calls go through the BFF (a worker calls the API directly)."""

    def start(self, owner: str, now: float) -> HeldSession:
        """A new session for ``owner``'s browser: its device key registered, its first cookie."""
        key = device_key(self.seed, owner).private_key.public_key()
        return self._issue(_Session(owner, key, now + self.lifetime))

    def _issue(self, session: _Session) -> HeldSession:
        """A fresh cookie value for ``session``, and the challenge its next refresh must sign."""
        value = f"{self.rng.getrandbits(128):032x}"
        session.challenge = f"{self.rng.getrandbits(128):032x}"
        self.live[value] = session
        return HeldSession(value, session.expires, session.challenge)

    def refusal(self, message: Message, now: float) -> Response | None:
        """Refuse a BFF call without a live session cookie (None: the cookie is good).

        A BFF call is one from a user's app or one that carries a session cookie; a worker's
        (or a forger's) call goes to the API directly and is not checked here.
        """
        value = message.params.get(SESSION_PARAM)
        if value is None and message.sender not in self.clients:
            return None
        session = None if value is None else self.live.get(value)
        if session is None or now >= session.expires:
            why = "no" if value is None else ("an unknown" if session is None else "an expired")
            detail = f"The call carries {why} session cookie"
            return Response(401, ServerReason.SESSION_COOKIE_INVALID, detail)
        return None

    def refresh(self, message: Message, now: float) -> Response:
        """The DBSC refresh: the challenge signed with the session's key buys a fresh cookie."""
        session = self.live.get(message.token or "")
        if session is None:
            detail = "The refresh names no session this BFF knows"
            return Response(401, ServerReason.SESSION_COOKIE_INVALID, detail)
        problem = self._proof_problem(message.proof, session, now)
        if problem is not None:
            return Response(401, ServerReason.DBSC_PROOF_INVALID, problem)
        del self.live[message.token or ""]
        session.expires = now + self.lifetime
        held = self._issue(session)
        body = {SESSION_PARAM: held.value, "expires": held.expires, "challenge": held.challenge}
        return Response(200, body=body)

    def _proof_problem(self, proof: str | None, session: _Session, now: float) -> str | None:
        """Why ``proof`` does not prove the session's key over its challenge (None: it does)."""
        if proof is None:
            return "The refresh carries no proof"
        try:
            typ = jwt.get_unverified_header(proof).get("typ")
            claims = jwt.decode(  # no wall-clock check: the iat is checked on the sim clock below
                proof,
                session.key,
                algorithms=["EdDSA"],
                options={"verify_exp": False, "verify_nbf": False, "verify_iat": False},
            )
        except jwt.InvalidTokenError as error:
            return f"The proof does not verify with the session's device key ({error})"
        if typ != DBSC_TYP:
            return f"The proof's typ is {typ!r}, not {DBSC_TYP!r}"
        if claims.get("jti") != session.challenge:
            return "The proof signs another challenge than the one this BFF sent last"
        iat = claims.get("iat")
        if not isinstance(iat, int) or abs(iat - self.clock.numeric_date(now)) > PROOF_WINDOW:
            return f"The proof's iat is more than {PROOF_WINDOW} s from now"
        return None
