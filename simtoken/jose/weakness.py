"""Weaknesses: the named mistakes a token verifier can be built with, off unless asked for.

A hardened verifier is a lock with every pin in place. Each :class:`Weakness` removes exactly
one pin, the one a well-known attack needs (RFC 8725 §2 lists them; PortSwigger's JWT labs,
OWASP Juice Shop and WebGoat each teach several), so a notebook can show that the attack
works with that pin missing and fails with it present. They exist only to teach: every
verifier simtoken builds is hardened unless a weakness is switched on explicitly, by name,
with the ``vulnerable`` setting (``--set vulnerable=accept_alg_none``) or
``Verifier(weaknesses=...)``.

==================================  ============================================================
weakness                            what the verifier then does wrong
==================================  ============================================================
``accept_alg_none``                 takes ``alg: none`` as "no signature needed" (RFC 8725 §2.1)
``alg_from_header``                 trusts the header's ``alg``, so an RS256 public key becomes an
                                    HS256 secret (key confusion, RFC 8725 §2.1, CVE-2016-10555)
``skip_signature``                  decodes without verifying the signature (the classic
                                    ``verify_signature: False`` left in production)
``weak_hmac_secret``                signs HS256 with a dictionary word instead of 32 random bytes
                                    (RFC 7518 §3.2; RFC 8725 §3.5), so it can be guessed offline
``skip_audience``                   does not check ``aud`` (RFC 8725 §3.9)
``skip_issuer``                     does not check ``iss`` (RFC 8725 §3.8)
``exp_optional``                    accepts a token without ``exp`` (PyJWT's default
                                    ``require=[]``)
``skip_expiry``                     does not check ``exp``
``skip_not_before``                 does not check ``nbf`` / ``iat``
``skip_type_check``                 ignores ``typ`` / ``token_use`` (RFC 8725 §3.11)
``fallback_key``                    verifies an unknown ``kid`` with a hard-coded default secret
``kid_as_path``                     reads the key from a file named by ``kid`` (path traversal)
``kid_in_sql``                      looks ``kid`` up with string-built SQL (injection)
``follow_jku``                      fetches keys from the token's ``jku`` URL (RFC 8725 §3.10)
``trust_embedded_jwk``              verifies with the key in the token's own ``jwk`` header
``ignore_crit``                     ignores ``crit`` extensions it does not understand (RFC 7515
                                    §4.1.11 says reject)
``keep_retired_keys``               still trusts signing keys the auth server retired
``allow_duplicate_claims``          takes the last of duplicate claim names (RFC 7519 §4)
``no_size_limit``                   parses a token of any length
``no_depth_limit``                  parses claims nested to any depth
``lenient_json``                    accepts ``NaN``/``Infinity``, so ``exp: Infinity`` never expires
``lenient_utf8``                    decodes non-UTF-8 segments as Latin-1
``trust_other_issuers_keys``        trusts every tenant's keys of a multi-tenant provider, not
                                    only its own issuer's
``refresh_user_from_access_token``  a refresh endpoint takes the user from the (expired)
                                    access token in the ``Authorization`` header, not from the
                                    refresh token's grant (the WebGoat refresh lesson;
                                    :mod:`simtoken.forgery.refresh_flaw`)
==================================  ============================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from simtoken.errors import resolve_name

__all__ = ["KEY_DIRECTORY", "KeySources", "Weakness", "parse_weaknesses"]

KEY_DIRECTORY = "/srv/keys"
"""Where a ``kid_as_path`` verifier looks for key files."""


class Weakness(StrEnum):
    """One named verifier mistake (see the module docstring for what each one does)."""

    ACCEPT_ALG_NONE = "accept_alg_none"
    ALG_FROM_HEADER = "alg_from_header"
    SKIP_SIGNATURE = "skip_signature"
    WEAK_HMAC_SECRET = "weak_hmac_secret"
    SKIP_AUDIENCE = "skip_audience"
    SKIP_ISSUER = "skip_issuer"
    EXP_OPTIONAL = "exp_optional"
    SKIP_EXPIRY = "skip_expiry"
    SKIP_NOT_BEFORE = "skip_not_before"
    SKIP_TYPE_CHECK = "skip_type_check"
    FALLBACK_KEY = "fallback_key"
    KID_AS_PATH = "kid_as_path"
    KID_IN_SQL = "kid_in_sql"
    FOLLOW_JKU = "follow_jku"
    TRUST_EMBEDDED_JWK = "trust_embedded_jwk"
    IGNORE_CRIT = "ignore_crit"
    KEEP_RETIRED_KEYS = "keep_retired_keys"
    ALLOW_DUPLICATE_CLAIMS = "allow_duplicate_claims"
    NO_SIZE_LIMIT = "no_size_limit"
    NO_DEPTH_LIMIT = "no_depth_limit"
    LENIENT_JSON = "lenient_json"
    LENIENT_UTF8 = "lenient_utf8"
    TRUST_OTHER_ISSUERS_KEYS = "trust_other_issuers_keys"
    REFRESH_USER_FROM_ACCESS_TOKEN = "refresh_user_from_access_token"


def parse_weaknesses(value: str | Iterable[str], field: str = "vulnerable") -> frozenset[Weakness]:
    """Weaknesses from a comma-separated string or names (any case); ``""`` or ``"none"``: none.

    >>> sorted(parse_weaknesses("skip_expiry,accept_alg_none"))
    [<Weakness.ACCEPT_ALG_NONE: 'accept_alg_none'>, <Weakness.SKIP_EXPIRY: 'skip_expiry'>]
    """
    names = value.split(",") if isinstance(value, str) else list(value)
    names = [n.strip() for n in names if n.strip() and n.strip().lower() != "none"]
    allowed = "none, or a comma-separated list of " + ", ".join(w.value for w in Weakness)
    choices = [w.value for w in Weakness]
    return frozenset(Weakness(resolve_name(field, name, choices, allowed)) for name in names)


@dataclass(frozen=True)
class KeySources:
    """What a weak verifier can reach for keys besides its trusted ones (all off by default).

    Each field is only consulted when the matching weakness is on: ``retired`` keys
    (``keep_retired_keys``), other tenants' keys of the same provider
    (``trust_other_issuers_keys``), JWKS documents served at URLs (``follow_jku``), files on
    the verifier's disk (``kid_as_path``), rows of its key table (``kid_in_sql``), and the
    hard-coded default secret (``fallback_key``).
    """

    retired: Mapping[str, Any] = field(default_factory=dict)
    other_issuers: Mapping[str, Any] = field(default_factory=dict)
    web: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    files: Mapping[str, bytes] = field(default_factory=lambda: {"/dev/null": b""})
    table: Mapping[str, bytes] = field(default_factory=dict)
    fallback_secret: bytes = b"secret"
