"""Reasons: the one stable name of each way a token can fail verification.

A learner, a metric and a plot all need to say *why* a token was refused, and PyJWT answers
with an exception class. :class:`Reason` is the closed set of names simtoken uses in verdicts,
``rejected`` events and metrics; :func:`reason_of` maps a PyJWT (or simtoken) exception to its
name, the most specific class first (``jwt.ExpiredSignatureError`` is ``expired``, although it
is also a ``jwt.InvalidTokenError``). The hardened verifier (:mod:`simtoken.jose.verify`) and
the naive one (:mod:`simtoken.jose.naive`) raise the same classes, so both get the same names.
"""

from __future__ import annotations

from enum import StrEnum

import jwt

from simtoken.errors import (
    DuplicateClaimError,
    OversizedTokenError,
    UnknownKeyError,
    UnsupportedCriticalError,
    WrongTokenTypeError,
)

__all__ = ["Reason", "reason_of"]


class Reason(StrEnum):
    """Why a token was rejected: one stable name per failure class.

    ``invalid`` is the fallback for a ``jwt.InvalidTokenError`` subclass not mapped here; no
    input reaches it (the verifier's tests assert so).
    """

    MALFORMED = "malformed"
    ALG_NOT_ALLOWED = "alg_not_allowed"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    WRONG_AUDIENCE = "wrong_audience"
    WRONG_ISSUER = "wrong_issuer"
    MISSING_CLAIM = "missing_claim"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    WRONG_TOKEN_TYPE = "wrong_token_type"
    UNSUPPORTED_CRITICAL = "unsupported_critical"
    DUPLICATE_CLAIM = "duplicate_claim"
    OVERSIZED = "oversized"
    SESSION_MISMATCH = "session_mismatch"
    """A refresh request whose access token (``Authorization`` header) is of another session
    than its refresh token (:mod:`simtoken.forgery.refresh_flaw`)."""
    INVALID = "invalid"


_REASONS: tuple[tuple[type[jwt.InvalidTokenError], Reason], ...] = (
    (jwt.InvalidSignatureError, Reason.BAD_SIGNATURE),
    (jwt.InvalidAlgorithmError, Reason.ALG_NOT_ALLOWED),
    (UnknownKeyError, Reason.UNKNOWN_KEY),
    (jwt.InvalidAudienceError, Reason.WRONG_AUDIENCE),
    (jwt.InvalidIssuerError, Reason.WRONG_ISSUER),
    (jwt.MissingRequiredClaimError, Reason.MISSING_CLAIM),
    (jwt.ExpiredSignatureError, Reason.EXPIRED),
    (jwt.ImmatureSignatureError, Reason.NOT_YET_VALID),
    (WrongTokenTypeError, Reason.WRONG_TOKEN_TYPE),
    (UnsupportedCriticalError, Reason.UNSUPPORTED_CRITICAL),
    (DuplicateClaimError, Reason.DUPLICATE_CLAIM),
    (OversizedTokenError, Reason.OVERSIZED),
    (jwt.DecodeError, Reason.MALFORMED),
    (jwt.InvalidIssuedAtError, Reason.MALFORMED),
    (jwt.exceptions.InvalidSubjectError, Reason.MALFORMED),
    (jwt.exceptions.InvalidJTIError, Reason.MALFORMED),
)


def reason_of(exc: jwt.InvalidTokenError) -> Reason:
    """The named reason for a PyJWT (or simtoken) token error."""
    for cls, reason in _REASONS:
        if isinstance(exc, cls):
            return reason
    return Reason.INVALID
