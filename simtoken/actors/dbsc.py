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
registration happens with the login answer, without a request of its own. The proof is a
DPoP-format JWT (RFC 9449 §4.2) signed by the device key (key purpose ``dbsc``) for the refresh
endpoint, with a fresh ``jti`` the BFF remembers, instead of DBSC's ``dbsc+jwt`` over a server
challenge: the same proof of possession, one round trip shorter. A new cookie's value comes
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
from simtoken.actors.webapp import APP_HOST
from simtoken.config.run import RunConfig
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop import ProofVerifier
from simtoken.jose.dpop_client import DPoPKey
from simtoken.jose.keys import KeyPurpose, derive_key, jwk_thumbprint
from simtoken.record.reasons import ServerReason

__all__ = [
    "DBSC_REFRESH",
    "DBSC_URL",
    "SESSION_PARAM",
    "HeldSession",
    "SessionCookies",
    "device_key",
]

DBSC_REFRESH = "dbsc_refresh"
"""The BFF's session-refresh endpoint (an endpoint of the API in the simulator)."""
DBSC_URL = f"https://{APP_HOST}/securesession/refresh"
"""The refresh endpoint's URL, the ``htu`` of every proof."""
SESSION_PARAM = "session"
"""The request parameter that stands for the session cookie."""


@dataclass(frozen=True)
class HeldSession:
    """A session cookie as a browser (or a thief) holds it: its value and when it expires."""

    value: str
    expires: float
    """The BFF's expiry (sim time; infinite without ``dbsc``)."""


@dataclass
class _Session:
    owner: str
    key: str
    """The thumbprint of the device key registered for the session."""
    expires: float


def device_key(seed: int, owner: str) -> DPoPKey:
    """``owner``'s device-bound key (non-exportable): a pure function of seed and owner."""
    derived = derive_key(seed, "EdDSA", owner, KeyPurpose.DBSC)
    private: ed25519.Ed25519PrivateKey = derived.signing_key
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": jwt.utils.base64url_encode(raw).decode("ascii")}
    return DPoPKey(owner, private, jwk, jwk_thumbprint(jwk), extractable=False)


class SessionCookies:
    """The BFF's session cookies: who holds which, until when, and which key renews it."""

    def __init__(self, config: RunConfig, rng: random.Random, seed: int, clock: SimClock) -> None:
        self.dbsc = config.dbsc
        self.lifetime = config.dbsc_cookie_lifetime if config.dbsc else math.inf
        self.rng = rng
        self.seed = seed
        self.live: dict[str, _Session] = {}
        """Cookie value -> its session (a renewed cookie's old value is gone)."""
        self.browsers: dict[str, HeldSession] = {}
        """The cookie each user's browser holds now (the browser's side, kept here for short)."""
        self.clients: set[str] = set()
        """The users' apps, whose calls go through the BFF (a worker calls the API directly)."""
        self.proofs = ProofVerifier(clock)

    def start(self, owner: str, now: float) -> HeldSession:
        """A new session for ``owner``'s browser: its device key registered, its first cookie."""
        session = _Session(owner, device_key(self.seed, owner).thumbprint, now + self.lifetime)
        return self._issue(session)

    def _issue(self, session: _Session) -> HeldSession:
        value = f"{self.rng.getrandbits(128):032x}"
        self.live[value] = session
        return HeldSession(value, session.expires)

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
        """The DBSC refresh: a proof with the session's key buys a fresh short-lived cookie."""
        session = self.live.get(message.token or "")
        if session is None:
            detail = "The refresh names no session this BFF knows"
            return Response(401, ServerReason.SESSION_COOKIE_INVALID, detail)
        proof = self.proofs.check(
            message.proof, htm="POST", htu=DBSC_URL, now=now, expected_jkt=session.key
        )
        if not proof.accepted:
            detail = f"No proof with the session's device key ({proof.reason}: {proof.detail})"
            return Response(401, ServerReason.DBSC_PROOF_INVALID, detail)
        del self.live[message.token or ""]
        session.expires = now + self.lifetime
        held = self._issue(session)
        return Response(200, body={SESSION_PARAM: held.value, "expires": held.expires})
