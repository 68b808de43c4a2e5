"""Tokens: minting access and refresh tokens as real, signed JWTs.

An **access token** (AT) is a short-lived pass for one API (its *audience*, ``aud``); a
**refresh token** (RT) is a longer-lived voucher that only the auth server accepts, traded in
for new access tokens without asking the user to log in again. Both are JWTs here (RFC 7519),
signed with PyJWT, so any token in a trace can be pasted into any JWT decoder.

Claims carried by every token:

========== =====================================================================
``iss``    the auth server that minted it
``sub``    the user it speaks for; with the client-credentials grant (no user) the client
           itself (RFC 9068 §2.2)
``aud``    who must accept it: the API for an AT, the auth server itself for an RT
``client_id`` the app it was issued to (RFC 9068 §2.2)
``scope``  what it allows, space-separated (RFC 9068 §2.2.3; :mod:`simtoken.jose.scopes`): an
           AT's granted scopes for its API, an RT's whole grant's; absent if none were granted
``iat``    issued-at, ``nbf`` not-before, ``exp`` expiry: NumericDates from the sim clock
``jti``    a unique id, drawn from the run's seeded random generator
``sid``    the session (token family / grant) the token descends from: one per login
``token_use`` ``"access"`` or ``"refresh"`` (the claim name AWS Cognito uses)
``cnf``    only for sender-constrained tokens: ``{"jkt": <the client key's thumbprint>}``
========== =====================================================================

The token type is also in the header: ``typ: at+jwt`` for access tokens (RFC 9068 §2.1) and
``typ: rt+jwt`` for refresh tokens (simtoken's convention; no standard names one). Explicit
typing (RFC 8725 §3.11) is what stops a refresh token from being used as an access token.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from simtoken.jose.clock import SimClock
from simtoken.jose.keys import SigningKey
from simtoken.jose.segments import StrictPyJWT

__all__ = ["TokenMinter", "TokenType"]

_JWT = StrictPyJWT()
"""PyJWT, signing through :class:`~simtoken.jose.pyjws.FastPyJWS` (same tokens, faster)."""


class TokenType(StrEnum):
    """What a token is for."""

    ACCESS = "access"
    REFRESH = "refresh"

    @property
    def typ_header(self) -> str:
        """The JOSE ``typ`` header value for this token type."""
        return "at+jwt" if self is TokenType.ACCESS else "rt+jwt"


@dataclass(frozen=True)
class TokenMinter:
    """Signs tokens for one issuer with one key on one simulated clock."""

    key: SigningKey
    issuer: str
    clock: SimClock

    def mint(
        self,
        token_type: TokenType,
        *,
        subject: str,
        audience: str,
        client_id: str,
        session: str,
        jti: str,
        now: float,
        lifetime: int,
        confirmation: dict[str, str] | None = None,
        scope: str = "",
        extra: dict[str, Any] | None = None,
    ) -> tuple[str, dict[str, Any]]:
        """Mint a token valid from ``now`` for ``lifetime`` seconds; return it and its claims.

        ``exp - iat`` equals ``lifetime`` exactly. ``confirmation`` (``{"jkt": ...}``) binds the
        token to a DPoP key: it becomes the ``cnf`` claim (RFC 9449 §6.1). A non-empty
        ``scope`` becomes the ``scope`` claim (RFC 9068 §2.2.3); ``extra`` adds claims of a
        deployment's own (the OWASP fingerprint's ``userFingerprint``).
        """
        iat = self.clock.numeric_date(now)
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": subject,
            "aud": audience,
            "client_id": client_id,
            **({"scope": scope} if scope else {}),
            "iat": iat,
            "nbf": iat,
            "exp": iat + lifetime,
            "jti": jti,
            "sid": session,
            "token_use": token_type.value,
            **(extra or {}),
        }
        if confirmation is not None:
            claims["cnf"] = dict(confirmation)
        headers = {"kid": self.key.kid, "typ": token_type.typ_header}
        token = _JWT.encode(
            claims, self.key.signing_key, algorithm=self.key.algorithm, headers=headers
        )
        return token, claims
