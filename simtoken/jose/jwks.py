"""Key sets: reading a JWKS (RFC 7517) into verification keys, each bound to one algorithm.

A JWK Set is the auth server's ring of public keys, published so that anyone can check its
stamp. Reading one is a security step of its own: every key must end up bound to exactly
**one** algorithm (RFC 8725 §3.1: "each key MUST be used with exactly one algorithm"), or a
token could ask for its key to be used the wrong way (``alg: HS256`` with an RSA key is the
classic key-confusion forgery). :func:`read_jwks` applies these rules, each one stated:

* the document is a JSON object whose ``keys`` member is a non-empty array of objects
  (RFC 7517 §5);
* ``kty`` is ``RSA``, ``EC``, ``OKP`` or ``oct`` (RFC 7518 §6.1, RFC 8037 §2), with its
  members base64url strings; private members (``d``, ``p`` ...) are refused: a published set
  holds public keys only (RFC 7517 §9.2);
* a key whose ``use`` is not ``sig`` (RFC 7517 §4.2) or whose ``key_ops`` lack ``verify``
  (§4.3) is an encryption key: it is **skipped** and the skip is recorded (a real JWKS often
  publishes both kinds), never used to check a signature;
* ``alg`` (§4.4), when present, must fit the key type. When absent it is inferred where the
  key admits one algorithm: ``EC`` from its curve (P-256 → ES256, P-384 → ES384,
  P-521 → ES512, RFC 7518 §3.4), ``OKP`` Ed25519/Ed448 → ``EdDSA`` (RFC 8037 §3.1), and
  ``RSA`` → ``RS256``, the algorithm OpenID Connect Discovery §3 makes every provider support.
  An ``oct`` secret fits HS256, HS384 and HS512 alike, so its algorithm is never guessed:
  without ``alg`` it is a :class:`~simtoken.errors.ConfigError`;
* ``kid`` (§4.5), when absent, is the key's RFC 7638 thumbprint (what simtoken's own tokens
  carry as ``kid``); a token without a ``kid`` never matches. Two keys with the same ``kid``
  are a ConfigError: the set could not say which one a token means.

Anything else a set cannot be used for raises ``ConfigError(field, value, allowed)``, never
another exception.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from simtoken.errors import ConfigError
from simtoken.jose.keys import jwk_thumbprint

__all__ = ["KeySet", "algorithm_of_key", "read_jwks"]

_MEMBERS = {"RSA": ("n", "e"), "EC": ("crv", "x", "y"), "OKP": ("crv", "x"), "oct": ("k",)}
_CURVE_ALGS = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
_OKP_CURVES = ("Ed25519", "Ed448")
_FITS = {
    "RSA": ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"),
    "EC": ("ES256", "ES384", "ES512"),
    "OKP": ("EdDSA",),
    "oct": ("HS256", "HS384", "HS512"),
}
_PRIVATE = ("d", "p", "q", "dp", "dq", "qi", "oth")
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_EC_NAMES = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}


@dataclass(frozen=True)
class KeySet:
    """The usable keys of a JWKS: ``kid`` → key, ``kid`` → algorithm, and what was skipped."""

    keys: dict[str, Any]
    algorithms: dict[str, str]
    skipped: tuple[str, ...]


def algorithm_of_key(key: Any) -> str | None:
    """The one JWS algorithm simtoken uses a key object with, or None for an unknown kind."""
    if isinstance(key, bytes | str):
        return "HS256"
    if isinstance(key, rsa.RSAPublicKey):
        return "RS256"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return _EC_NAMES.get(key.curve.name)
    if isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
        return "EdDSA"
    return None


def _field(index: int, name: str) -> str:
    return f"jwks.keys[{index}].{name}"


def _algorithm(index: int, entry: Mapping[str, Any], kty: str) -> str:
    alg = entry.get("alg")
    if alg is None:
        if kty == "oct":
            raise ConfigError(
                _field(index, "alg"), None, "an oct key must name HS256, HS384 or HS512"
            )
        if kty == "EC":
            return _CURVE_ALGS[entry["crv"]]
        return "EdDSA" if kty == "OKP" else "RS256"
    if alg not in _FITS[kty] or (kty == "EC" and alg != _CURVE_ALGS[entry["crv"]]):
        fits = _FITS[kty] if kty != "EC" else (_CURVE_ALGS[entry["crv"]],)
        raise ConfigError(_field(index, "alg"), alg, f"for a {kty} key: {', '.join(fits)}")
    return str(alg)


def _check_shape(index: int, entry: object) -> str:
    """The key's ``kty`` once its members have the right types; ConfigError otherwise."""
    if not isinstance(entry, Mapping):
        raise ConfigError(f"jwks.keys[{index}]", entry, "a JSON object (a JWK)")
    kty = entry.get("kty")
    if not isinstance(kty, str) or kty not in _MEMBERS:
        raise ConfigError(_field(index, "kty"), kty, "RSA, EC, OKP or oct")
    for member in _MEMBERS[kty]:
        value = entry.get(member)
        if not isinstance(value, str) or not _B64URL.fullmatch(value):
            raise ConfigError(_field(index, member), value, f"a base64url string ({kty} key)")
    curves = {"EC": tuple(_CURVE_ALGS), "OKP": _OKP_CURVES}.get(kty)
    if curves and entry["crv"] not in curves:
        raise ConfigError(_field(index, "crv"), entry["crv"], ", ".join(curves))
    private = [m for m in _PRIVATE if m in entry]
    if private:
        raise ConfigError(_field(index, private[0]), "<private>", "public key members only")
    return kty


def _is_signing_key(entry: Mapping[str, Any]) -> bool:
    ops = entry.get("key_ops")
    return entry.get("use", "sig") == "sig" and (
        ops is None or (isinstance(ops, list) and "verify" in ops)
    )


def _read_key(index: int, entry: Mapping[str, Any], kty: str) -> tuple[str, Any, str]:
    alg = _algorithm(index, entry, kty)
    kid = entry.get("kid")
    if kid is None:
        kid = jwk_thumbprint(dict(entry))
    if not isinstance(kid, str):
        raise ConfigError(_field(index, "kid"), kid, "a string (RFC 7517 §4.5)")
    try:
        key = jwt.PyJWK(dict(entry), algorithm=alg).key
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise ConfigError(f"jwks.keys[{index}]", kid, f"a valid {kty} public key ({exc})") from None
    return kid, key, alg


def read_jwks(jwks: object) -> KeySet:
    """The usable keys of a JWKS document; ConfigError naming the field if it cannot be used."""
    entries = jwks.get("keys") if isinstance(jwks, Mapping) else None
    if not isinstance(entries, list) or not entries:
        shown = jwks if not isinstance(jwks, Mapping) else entries
        raise ConfigError("jwks.keys", shown, "a non-empty array of JWKs (RFC 7517 §5)")
    keys: dict[str, Any] = {}
    algorithms: dict[str, str] = {}
    skipped: list[str] = []
    for index, entry in enumerate(entries):
        kty = _check_shape(index, entry)
        if not _is_signing_key(entry):
            uses = f"use {entry.get('use')!r}, key_ops {entry.get('key_ops')!r}"
            skipped.append(f"jwks.keys[{index}] ({uses}): not a signature key")
            continue
        kid, key, alg = _read_key(index, entry, kty)
        if kid in keys:
            raise ConfigError(_field(index, "kid"), kid, "a kid no other key in the set has")
        keys[kid], algorithms[kid] = key, alg
    if not keys:
        raise ConfigError("jwks.keys", f"{len(entries)} keys", "at least one signature key")
    return KeySet(keys, algorithms, tuple(skipped))
