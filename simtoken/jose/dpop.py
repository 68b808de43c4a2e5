"""Sender-constrained tokens: DPoP proofs of possession (RFC 9449).

A bearer token works for whoever holds it, like cash. A **sender-constrained** token is a key
card that only opens the door together with its owner's fingerprint: the auth server writes the
fingerprint of the client's public key into the token (``cnf: {"jkt": ...}``, RFC 9449 §6.1),
and on every request the client shows a fresh **DPoP proof**, a small JWT signed with the
matching private key, naming the request it belongs to (RFC 9449 §4.2)::

    header  {"typ": "dpop+jwt", "alg": "EdDSA", "jwk": <the client's public key>}
    claims  {"jti": <unique id>, "htm": "GET", "htu": "https://api.example/data",
             "iat": <NumericDate>, "ath": <base64url SHA-256 of the access token>}

A thief who copies the token alone cannot sign a proof whose key matches ``cnf.jkt``
(``dpop_wrong_key``); one who copies a proof cannot replay it (``dpop_replayed``), move it to
another request (``dpop_wrong_htm``, ``dpop_wrong_htu``), attach it to another token
(``dpop_wrong_ath``) or keep it for later (``dpop_stale``). The private key is the weak spot:
a WebCrypto key made **non-extractable** can sign but cannot be read out, so stealing the
browser's storage does not take it; script running in the page can still *use* it while the
page is open, so theft shrinks to an online attack (RFC 9449 §11.4).

:class:`ProofVerifier` checks a proof in the order of RFC 9449 §4.3 and names the first
failure: ``dpop_missing``, ``dpop_malformed``, ``dpop_wrong_typ``, ``dpop_alg_not_allowed``,
``dpop_bad_key`` (no usable public ``jwk``, or one carrying private members),
``dpop_bad_signature``, ``dpop_wrong_htm``, ``dpop_wrong_htu`` (compared in the normal form of
:mod:`simtoken.jose.uris`, RFC 9449 §4.3 check 9; an ``htu`` with userinfo never matches),
``dpop_stale`` (``iat`` more
than ``window + leeway`` seconds from sim time), ``dpop_wrong_ath``, ``dpop_wrong_key`` and
``dpop_replayed`` (the ``jti`` of an accepted proof, remembered while that proof is fresh,
RFC 9449 §11.1). Given the nonces the server accepts now (RFC 9449 §8, §9;
:mod:`simtoken.jose.dpop_nonce`), it also checks the ``nonce`` claim after ``htu`` and before
``iat`` (§4.3 check 10): ``use_dpop_nonce`` if the proof has none, ``dpop_nonce_invalid`` if
it carries another. The proof is parsed like a
token (:mod:`simtoken.jose.segments`): at most :data:`MAX_PROOF_LENGTH` characters, UTF-8 JSON
without duplicate names in header or claims (RFC 7515 §4: reject or take the last; a proof
checker and a logger that disagree about ``htu`` is the attack), else ``dpop_malformed``.

The client's half (its key, :func:`~simtoken.jose.dpop_client.make_proof` and the
:class:`~simtoken.jose.dpop_client.Prover`) is :mod:`simtoken.jose.dpop_client`; simtoken's
clients sign with Ed25519, and the verifier also accepts ES256 and RS256 proofs, as real
servers do.

>>> from simtoken.jose.dpop_client import derive_dpop_key, make_proof
>>> key = derive_dpop_key(7, "alice")
>>> url = "https://api.example/data"
>>> proof = make_proof(key, htm="GET", htu=url, now=10.0, jti="p-1", clock=SimClock())
>>> verifier = ProofVerifier(SimClock())
>>> verifier.check(proof, htm="GET", htu=url, now=12.0, expected_jkt=key.thumbprint).accepted
True
>>> verifier.check(proof, htm="GET", htu=url, now=13.0).reason
<DPoPReason.REPLAYED: 'dpop_replayed'>
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import jwt
import jwt.utils
from jwt.types import Options

from simtoken.errors import ConfigError
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop_client import PROOF_TYP, access_token_hash
from simtoken.jose.keys import jwk_thumbprint
from simtoken.jose.segments import ShapeProblem, StrictPyJWT, parse_segment, shape_problem
from simtoken.jose.uris import normalized_htu, without_query

__all__ = ["ALLOWED_ALGORITHMS", "MAX_PROOF_LENGTH", "DPoPReason", "ProofVerdict", "ProofVerifier"]

ALLOWED_ALGORITHMS = ("EdDSA", "ES256", "RS256")
"""Asymmetric algorithms a proof may use; ``none`` and HMAC never (RFC 9449 §4.3)."""

MAX_PROOF_LENGTH = 4096
"""Longest proof accepted, in characters. An RS256 proof carrying a 4096-bit RSA ``jwk`` is
about 1,900; RFC 9449 sets no limit, so this is simtoken's, half the token limit."""

_KEY_SHAPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "EdDSA": ("OKP", ("Ed25519", "Ed448")),
    "ES256": ("EC", ("P-256",)),
    "RS256": ("RSA", ()),
}
_PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")  # RFC 7518 §6
_STRICT_JWT = StrictPyJWT()
_NOT_A_JWS = "not a JWT: expected three base64url segments"
_DECODE_OPTIONS: Options = {
    "verify_exp": False,
    "verify_iat": False,
    "verify_nbf": False,
    "verify_aud": False,
    "enforce_minimum_key_length": True,
}


class DPoPReason(StrEnum):
    """Why a DPoP proof was rejected: one stable name per failure class."""

    MISSING = "dpop_missing"
    MALFORMED = "dpop_malformed"
    WRONG_TYP = "dpop_wrong_typ"
    ALG_NOT_ALLOWED = "dpop_alg_not_allowed"
    BAD_KEY = "dpop_bad_key"
    BAD_SIGNATURE = "dpop_bad_signature"
    WRONG_HTM = "dpop_wrong_htm"
    WRONG_HTU = "dpop_wrong_htu"
    STALE = "dpop_stale"
    WRONG_ATH = "dpop_wrong_ath"
    WRONG_KEY = "dpop_wrong_key"
    REPLAYED = "dpop_replayed"
    USE_NONCE = "use_dpop_nonce"
    NONCE_INVALID = "dpop_nonce_invalid"


@dataclass(frozen=True)
class ProofVerdict:
    """The outcome of checking a proof; ``jkt`` is the thumbprint of the key that signed it.

    ``jkt`` is set once the signature has been verified, so a proof rejected later (wrong
    method, wrong key ...) still says whose key made it.
    """

    accepted: bool
    reason: DPoPReason | None = None
    detail: str = ""
    jkt: str | None = None


def _public_key(jwk: object, alg: str) -> tuple[jwt.PyJWK, str] | str:
    """The header's public key and its thumbprint, or why it cannot be used."""
    if not isinstance(jwk, dict):
        return "the header carries no jwk object"
    private = [member for member in _PRIVATE_MEMBERS if member in jwk]
    if private:
        return f"the jwk contains private key members {private}: the private key is exposed"
    kty, curves = _KEY_SHAPES[alg]
    if jwk.get("kty") != kty or (curves and jwk.get("crv") not in curves):
        return f"{alg} needs a {kty} key{' on ' + ' or '.join(curves) if curves else ''}"
    try:
        pyjwk = jwt.PyJWK(jwk, algorithm=alg)
        thumbprint = jwk_thumbprint(jwk)
    except (jwt.PyJWTError, ValueError, TypeError, KeyError, OverflowError) as exc:
        return f"the jwk is not a valid {kty} public key ({type(exc).__name__})"
    weak = pyjwk.Algorithm.check_key_length(pyjwk.key)
    return weak if weak else (pyjwk, thumbprint)


def _claims_problem(claims: dict[str, Any]) -> str | None:
    """What is missing or mistyped among the proof's claims, if anything."""
    for name in ("jti", "htm", "htu"):
        if not isinstance(claims.get(name), str) or not claims[name]:
            return f"claim {name!r} must be a non-empty string"
    iat = claims.get("iat")
    if isinstance(iat, bool) or not isinstance(iat, int | float):
        return "claim 'iat' must be a NumericDate"
    if isinstance(iat, float) and not math.isfinite(iat):  # json reads NaN and Infinity
        return "claim 'iat' must be a finite NumericDate"
    if "ath" in claims and not isinstance(claims["ath"], str):
        return "claim 'ath' must be a string"
    return None


class ProofVerifier:
    """Checks DPoP proofs on the simulated clock and remembers accepted ``jti`` values.

    ``window`` is how far (seconds, either direction) a proof's ``iat`` may be from sim time;
    ``leeway`` widens it for clock skew. An accepted proof's ``(jkt, jti)`` is remembered until
    the proof would be stale anyway, so memory stays bounded (RFC 9449 §11.1). Keying by the
    key's thumbprint as well keeps two clients that pick the same ``jti`` apart; a replayed
    proof always carries the same key, because the key is inside the signed header.
    """

    def __init__(self, clock: SimClock, window: float = 300.0, leeway: float = 0.0) -> None:
        if not math.isfinite(window) or window <= 0:
            raise ConfigError("window", window, "a positive number of seconds")
        if not math.isfinite(leeway) or leeway < 0:
            raise ConfigError("leeway", leeway, "zero or a positive number of seconds")
        self.clock = clock
        self.window = window
        self.leeway = leeway
        self._seen: dict[tuple[str, str], float] = {}
        self._expiries: list[tuple[float, str, str]] = []

    @property
    def remembered(self) -> int:
        """How many proof ids the replay cache holds now."""
        return len(self._seen)

    def _forget_stale(self, now: float) -> None:
        while self._expiries and self._expiries[0][0] < now:
            _, jkt, jti = heapq.heappop(self._expiries)
            del self._seen[jkt, jti]

    def check(
        self,
        proof: object,
        *,
        htm: str,
        htu: str,
        now: float,
        access_token: str | None = None,
        expected_jkt: str | None = None,
        nonces: tuple[str, ...] | None = None,
    ) -> ProofVerdict:
        """Check ``proof`` for a request ``htm htu`` at sim time ``now``; never raises.

        Give ``access_token`` when the proof accompanies one (its ``ath`` must match),
        ``expected_jkt`` when the token is bound (its ``cnf.jkt``; the proof key must match) and
        ``nonces`` when the server requires a nonce (the ones it accepts now).
        """
        if proof is None or proof == "":
            return _reject(DPoPReason.MISSING, "no DPoP proof was sent")
        if not isinstance(proof, str):
            return _reject(DPoPReason.MALFORMED, _NOT_A_JWS)
        problem = shape_problem(proof, MAX_PROOF_LENGTH)
        if problem is ShapeProblem.OVERSIZED:
            detail = f"the proof is {len(proof)} characters long; the limit is {MAX_PROOF_LENGTH}"
            return _reject(DPoPReason.MALFORMED, detail)
        if problem is ShapeProblem.NOT_JWS:
            return _reject(DPoPReason.MALFORMED, _NOT_A_JWS)
        try:
            header = parse_segment(proof.partition(".")[0], "header")
        except jwt.InvalidTokenError as exc:
            return _reject(DPoPReason.MALFORMED, f"unreadable header: {exc}")
        if header.get("typ") != PROOF_TYP:
            return _reject(DPoPReason.WRONG_TYP, f"typ must be {PROOF_TYP!r}")
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in ALLOWED_ALGORITHMS:
            allowed = ", ".join(ALLOWED_ALGORITHMS)
            return _reject(DPoPReason.ALG_NOT_ALLOWED, f"alg must be one of {allowed}")
        key = _public_key(header.get("jwk"), alg)
        if isinstance(key, str):
            return _reject(DPoPReason.BAD_KEY, key)
        pyjwk, jkt = key
        try:
            claims = _STRICT_JWT.decode(proof, pyjwk, algorithms=[alg], options=_DECODE_OPTIONS)
        except jwt.InvalidSignatureError:
            return _reject(DPoPReason.BAD_SIGNATURE, "the signature does not verify with the jwk")
        except jwt.InvalidKeyError as exc:  # pragma: no cover - _public_key checked the length
            return _reject(DPoPReason.BAD_KEY, str(exc))
        except (jwt.PyJWTError, ValueError, RecursionError) as exc:
            return _reject(DPoPReason.MALFORMED, f"unreadable claims: {exc}")
        return self._check_claims(claims, jkt, (htm, htu, access_token, expected_jkt, nonces), now)

    def _check_claims(
        self,
        claims: dict[str, Any],
        jkt: str,
        request: tuple[str, str, str | None, str | None, tuple[str, ...] | None],
        now: float,
    ) -> ProofVerdict:
        htm, htu, access_token, expected_jkt, nonces = request
        problem = _claims_problem(claims)
        if problem:
            return _reject(DPoPReason.MALFORMED, problem, jkt)
        if claims["htm"] != htm:
            detail = f"the proof is for method {claims['htm']!r}, not {htm!r}"
            return _reject(DPoPReason.WRONG_HTM, detail, jkt)
        wanted = normalized_htu(htu)
        if wanted is None or normalized_htu(claims["htu"]) != wanted:
            detail = f"the proof is for another URI than {without_query(htu)!r}"
            return _reject(DPoPReason.WRONG_HTU, detail, jkt)
        if nonces is not None and claims.get("nonce") not in nonces:
            return _nonce_refusal(claims, jkt)
        moment = self.clock.epoch_seconds + now
        limit = self.window + self.leeway
        iat = claims["iat"]
        if iat < moment - limit or iat > moment + limit:
            when = "too old" if iat < moment else "from the future"
            return _reject(DPoPReason.STALE, f"iat is {when}: outside ±{limit:g} s", jkt)
        if access_token is not None and claims.get("ath") != access_token_hash(access_token):
            what = "has no ath" if "ath" not in claims else "ath is another token's hash"
            return _reject(DPoPReason.WRONG_ATH, f"the proof {what}", jkt)
        if expected_jkt is not None and jkt != expected_jkt:
            detail = f"the token is bound to key {expected_jkt}, the proof was signed by {jkt}"
            return _reject(DPoPReason.WRONG_KEY, detail, jkt)
        self._forget_stale(moment)
        if (jkt, claims["jti"]) in self._seen:
            return _reject(DPoPReason.REPLAYED, f"jti {claims['jti']!r} was already used", jkt)
        self._seen[jkt, claims["jti"]] = iat + limit
        heapq.heappush(self._expiries, (iat + limit, jkt, claims["jti"]))
        return ProofVerdict(True, None, "", jkt)


def _nonce_refusal(claims: dict[str, Any], jkt: str) -> ProofVerdict:
    """A proof for this request without an accepted nonce (§4.3 check 10)."""
    if "nonce" not in claims:
        return _reject(DPoPReason.USE_NONCE, "the server requires a nonce in the proof", jkt)
    return _reject(DPoPReason.NONCE_INVALID, "the proof's nonce is not one the server accepts", jkt)


def _reject(reason: DPoPReason, detail: str, jkt: str | None = None) -> ProofVerdict:
    return ProofVerdict(False, reason, detail, jkt)
