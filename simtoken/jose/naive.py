"""The naive verifier: a hand-rolled JWT check with chosen checks missing, to show their worth.

Most real JWT vulnerabilities are not in the crypto but in the glue around it: code that reads
the algorithm from the token, looks the key up by a string the attacker wrote, or forgets one
claim. This module is that glue, written the way the PortSwigger and WebGoat labs' targets
are: split the token, find a key, check the signature with PyJWT's own algorithm objects,
parse the claims, check them. With no weakness switched on it rejects everything the hardened
:class:`~simtoken.jose.verify.Verifier` rejects, with the same named reasons; each
:class:`~simtoken.jose.weakness.Weakness` removes exactly one check or adds exactly one bad key
source. It is only used by a ``Verifier`` built with ``weaknesses``.

Two shortcuts PyJWT itself refuses are implemented by hand here, because that is how the
vulnerable servers did it: an HS256 check that accepts any bytes as the secret (PyJWT will
not use a PEM public key or an empty key as an HMAC secret, which is what defeats key
confusion and ``kid: ../../dev/null`` when PyJWT is used directly), and ``alg: none``.
"""

from __future__ import annotations

import hashlib
import hmac
import posixpath
import re
from collections.abc import Mapping
from typing import Any, Protocol

import jwt
import jwt.utils
from cryptography.hazmat.primitives import serialization

from simtoken.errors import UnknownKeyError, WrongTokenTypeError
from simtoken.jose.claims import (
    REQUIRED_CLAIMS,
    check_claim_types,
    check_crit,
    check_times,
    check_token_use,
    typ_matches,
)
from simtoken.jose.clock import SimClock
from simtoken.jose.jwks import algorithm_of_key
from simtoken.jose.segments import check_shape, parse_segment
from simtoken.jose.tokens import TokenType
from simtoken.jose.weakness import KEY_DIRECTORY, KeySources, Weakness

__all__ = ["VerifierSettings", "key_material", "sql_lookup", "verify_naive"]


class VerifierSettings(Protocol):
    """What the hand-rolled pipeline reads of a :class:`~simtoken.jose.verify.Verifier`.

    A protocol rather than an import keeps the modules free of an import circle: the verifier
    calls this module, and this module needs only the verifier's settings.
    """

    @property
    def keys(self) -> Mapping[str, Any]:
        """The trusted keys by ``kid``."""

    @property
    def algorithms(self) -> tuple[str, ...]:
        """The algorithms allowed."""

    @property
    def key_algorithms(self) -> Mapping[str, str]:
        """Each ``kid``'s one algorithm."""

    @property
    def issuer(self) -> str:
        """The expected ``iss``."""

    @property
    def clock(self) -> SimClock:
        """The simulated clock."""

    @property
    def leeway(self) -> float:
        """Seconds of leeway on the time claims."""

    @property
    def weaknesses(self) -> frozenset[Weakness]:
        """The weaknesses switched on."""

    @property
    def sources(self) -> KeySources | None:
        """Where a weak verifier may look for keys besides ``keys``."""


_NO_SOURCES = KeySources()
_HMAC = "hmac"  # a secret checked by hand, whatever its length
_ASYMMETRIC = "pyjwt"  # a key checked by PyJWT's algorithm object
_NONE = "none"
_SQL_UNION = re.compile(r"'\s+UNION\s+SELECT\s+'([^']*)'", re.IGNORECASE)


def key_material(key: Any) -> bytes:
    """The bytes a naive server stores for a key: PEM for a public key, the secret itself."""
    if isinstance(key, bytes):
        return key
    return bytes(
        key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


def sql_lookup(kid: str, table: Mapping[str, bytes]) -> bytes | None:
    """Run ``SELECT secret FROM keys WHERE kid = '<kid>'`` as string-built SQL would.

    Only the shapes that matter are modelled: a plain match, and a ``' UNION SELECT 'x'``
    injection, whose literal becomes the "secret" the query returns.
    """
    query = f"SELECT secret FROM keys WHERE kid = '{kid}'"
    injected = _SQL_UNION.search(query)
    if injected is not None:
        return injected.group(1).encode("utf-8")
    return table.get(kid)


def _jwk_key(jwk: Mapping[str, Any]) -> Any:
    """The key a JWK describes, or None when it describes none (a forger's garbled ``n``)."""
    try:
        return jwt.PyJWK(dict(jwk)).key
    except (jwt.PyJWKError, jwt.InvalidKeyError):
        return None


def _find_key(v: VerifierSettings, header: Mapping[str, Any], alg: str) -> tuple[str, Any]:
    """(mode, key) for this header, through whatever key sources the weaknesses open."""
    w, sources = v.weaknesses, v.sources or _NO_SOURCES
    kid = header.get("kid")
    if alg == "none":
        if Weakness.ACCEPT_ALG_NONE in w:
            return _NONE, None
        raise jwt.InvalidAlgorithmError("The specified alg value is not allowed")
    found: Any = None
    if Weakness.TRUST_EMBEDDED_JWK in w and isinstance(header.get("jwk"), dict):
        found = _jwk_key(header["jwk"])
    elif Weakness.FOLLOW_JKU in w and isinstance(header.get("jku"), str):
        for entry in sources.web.get(header["jku"], {}).get("keys", []):
            if entry.get("kid") == kid:
                found = _jwk_key(entry)
    elif isinstance(kid, str):
        secret = None
        if Weakness.KID_AS_PATH in w:
            secret = sources.files.get(posixpath.normpath(posixpath.join(KEY_DIRECTORY, kid)))
        if secret is None and Weakness.KID_IN_SQL in w:
            secret = sql_lookup(kid, sources.table)
        if secret is None and kid not in v.keys and Weakness.FALLBACK_KEY in w:
            secret = sources.fallback_secret
        if secret is not None:
            if alg != "HS256":
                raise jwt.InvalidAlgorithmError("The specified alg value is not allowed")
            return _HMAC, secret
        found = v.keys.get(kid)
        if found is None and Weakness.KEEP_RETIRED_KEYS in w:
            found = sources.retired.get(kid)
        if found is None and Weakness.TRUST_OTHER_ISSUERS_KEYS in w:
            found = sources.other_issuers.get(kid)
    if found is None:
        raise UnknownKeyError(f"No trusted key has kid {kid!r}")
    trusted = isinstance(kid, str) and v.keys.get(kid) is found
    own = v.key_algorithms.get(str(kid)) if trusted else algorithm_of_key(found)
    if alg not in v.algorithms or alg != own:  # RFC 8725 §3.1: one algorithm per key
        if Weakness.ALG_FROM_HEADER in w and alg.startswith("HS"):
            return _HMAC, key_material(found)
        raise jwt.InvalidAlgorithmError("The specified alg value is not allowed")
    return _ASYMMETRIC, found


def _check_signature(mode: str, key: Any, alg: str, token: str) -> None:
    signing_input, _, signature_b64 = token.rpartition(".")
    try:
        signature = jwt.utils.base64url_decode(signature_b64)
    except (ValueError, TypeError):
        raise jwt.DecodeError("Invalid crypto padding") from None
    message = signing_input.encode("ascii")
    if mode == _NONE:
        return
    if mode == _HMAC:
        digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
        if alg not in digest:
            raise jwt.InvalidAlgorithmError("The specified alg value is not allowed")
        expected = hmac.new(key, message, digest[alg]).digest()
        ok = hmac.compare_digest(expected, signature)
    else:
        algorithm = jwt.get_algorithm_by_name(alg)
        ok = algorithm.verify(message, algorithm.prepare_key(key), signature)
    if not ok:
        raise jwt.InvalidSignatureError("Signature verification failed")


def _check_audience(claims: Mapping[str, Any], audience: str) -> None:
    """PyJWT's ``aud`` rule: a string or a list of strings, one of which is ours."""
    aud = claims["aud"]
    audiences = [aud] if isinstance(aud, str) else aud
    if not isinstance(audiences, list) or not all(isinstance(a, str) for a in audiences):
        raise jwt.InvalidAudienceError("Invalid claim format in token")
    if audience not in audiences:
        raise jwt.InvalidAudienceError("Audience doesn't match")


def verify_naive(
    v: VerifierSettings, token: str, *, now: float, audience: str, expected_type: TokenType
) -> dict[str, Any]:
    """Verify ``token`` the hand-rolled way, with ``v.weaknesses`` switched on.

    Raises the same exception classes as :meth:`simtoken.jose.verify.Verifier.verify`.
    """
    w = v.weaknesses
    check_shape(token, w)
    parts = token.split(".")
    header = parse_segment(parts[0], "header", w)
    if Weakness.IGNORE_CRIT not in w:
        check_crit(header)
    alg = str(header.get("alg"))
    if Weakness.SKIP_TYPE_CHECK not in w and not typ_matches(header.get("typ"), expected_type):
        raise WrongTokenTypeError(
            f"Expected a {expected_type} token (typ {expected_type.typ_header!r}), "
            f"got typ {header.get('typ')!r}"
        )
    mode, key = _find_key(v, header, alg)
    if Weakness.SKIP_SIGNATURE not in w:
        _check_signature(mode, key, alg, token)
    claims = parse_segment(parts[1], "payload", w)
    check_claim_types(claims, lenient=Weakness.LENIENT_JSON in w)
    for name in REQUIRED_CLAIMS:
        if name == "exp" and Weakness.EXP_OPTIONAL in w:
            continue
        if claims.get(name) is None:
            raise jwt.MissingRequiredClaimError(name)
    if Weakness.SKIP_ISSUER not in w and claims["iss"] != v.issuer:
        raise jwt.InvalidIssuerError("Invalid issuer")
    if Weakness.SKIP_AUDIENCE not in w:
        _check_audience(claims, audience)
    check_times(
        claims,
        v.clock.epoch_seconds + now,
        v.leeway,
        not_before=Weakness.SKIP_NOT_BEFORE not in w,
        expiry=Weakness.SKIP_EXPIRY not in w,
        lenient=Weakness.LENIENT_JSON in w,
    )
    if Weakness.SKIP_TYPE_CHECK not in w:
        check_token_use(claims, expected_type)
    return claims
