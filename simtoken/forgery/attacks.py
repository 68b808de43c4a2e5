"""Attack classes: the catalog of forged and misdirected tokens (failure mode F10).

Each :class:`AttackClass` is one trick from RFC 8725 §2 or the PortSwigger, Juice Shop and
WebGoat JWT labs: how the attacker makes the token (from what it legitimately holds, from
public keys, or from a service that signs what it is given), which :class:`Reason` the
hardened verifier rejects it with, and the one :class:`Weakness` under which it gets in.
:func:`attempt` runs one class against a :class:`~simtoken.forgery.bench.Bench` deployment and
returns the verdict; :func:`catalog` lists every class with both outcomes, the table the
notebooks and ``simtoken forge`` print.

Some tokens need the real signing key on claims the auth server would never choose (no
``exp``, a ``crit`` extension, duplicate names ...). Their ``story`` names the component that
signs them: a sibling service sharing the key, a claims-mapping feature copying user input
into the token, a multi-tenant provider signing every tenant with one key. Those things
happen; the point of the check is that the verifier does not have to trust them.

One class is not a verifier's mistake but an endpoint's: ``refresh_binding`` combines two real
tokens, and a refresh endpoint that takes the user from the wrong one renews the victim's
session (:mod:`simtoken.forgery.refresh_flaw`); its ``judge`` is that endpoint.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from simtoken.errors import resolve_name
from simtoken.forgery.bench import ATTACKER_JKU, NOW, OTHER_TENANT, Bench, crack_hs256, wordlist
from simtoken.forgery.refresh_flaw import FLAW as REFRESH_FLAW
from simtoken.forgery.refresh_flaw import logged_token, refresh
from simtoken.jose.naive import key_material
from simtoken.jose.reasons import Reason
from simtoken.jose.tokens import TokenType
from simtoken.jose.verify import Verdict
from simtoken.jose.weakness import Weakness
from simtoken.names import DEFAULT_AUDIENCE

__all__ = ["ATTACKS", "AttackClass", "Attempt", "attempt", "catalog", "get_attack"]

ACCESS, REFRESH = TokenType.ACCESS, TokenType.REFRESH
_VICTIM = {"sub": "victim", "jti": "forged-1", "sid": "s-victim"}
_DAY = 86_400


@dataclass(frozen=True)
class AttackClass:
    """One way to forge or misdirect a token, and what stops it."""

    name: str
    story: str
    weakness: Weakness
    hardened: Reason
    make: Callable[[Bench], str]
    present_as: TokenType = ACCESS
    algorithm: str = "RS256"
    judge: Callable[[Bench, str, frozenset[Weakness]], Verdict] | None = None
    """Who decides, if not the API's verifier: e.g. a refresh endpoint's logic."""


def _victim(b: Bench, **changes: object) -> dict[str, object]:
    return b.claims(**{**_VICTIM, "exp": b.epoch(b.now + _DAY), **changes})


def _tampered(b: Bench) -> str:
    header, _, signature = b.issued().split(".")
    forged = b.sign({}, _victim(b)).split(".")[1]
    return f"{header}.{forged}.{signature}"


def _expired(b: Bench) -> str:
    hour_ago = b.epoch(b.now - 3600)
    return b.issued(iat=hour_ago, nbf=hour_ago, exp=hour_ago + 300)


def _cracked(b: Bench) -> str:
    secret = crack_hs256(b.issued()) or wordlist()[0]
    return b.sign(b.header(), _victim(b), secret)


def _nested(depth: int) -> object:
    value: object = "admin"
    for _ in range(depth):
        value = {"role": value}
    return value


def _raw(b: Bench, text: str, **changes: object) -> bytes:
    """The victim's claims as JSON, with ``text`` spliced in as raw members."""
    claims = json.dumps(b.claims(**{**_VICTIM, **changes}), separators=(",", ":"))
    return (claims[:-1] + "," + text + "}").encode("latin-1")


_A = AttackClass
ATTACKS: tuple[AttackClass, ...] = (
    _A("alg_none", "Header alg none, no signature (CVE-2022-23540).", Weakness.ACCEPT_ALG_NONE,
       Reason.ALG_NOT_ALLOWED, lambda b: b.sign(b.header(alg="none"), _victim(b))),
    _A("alg_confusion", "HS256 with the public key's PEM as the secret (CVE-2015-9235).",
       Weakness.ALG_FROM_HEADER, Reason.ALG_NOT_ALLOWED,
       lambda b: b.sign(b.header(alg="HS256"), _victim(b), _pem(b))),
    _A("unverified_signature", "Claims signed with the attacker's own key.",
       Weakness.SKIP_SIGNATURE, Reason.BAD_SIGNATURE,
       lambda b: b.sign(b.header(), _victim(b), b.attacker_key)),
    _A("tampered_payload", "A real token with sub and exp edited; the signature kept.",
       Weakness.SKIP_SIGNATURE, Reason.BAD_SIGNATURE, _tampered),
    _A("weak_hmac_secret", "The HS256 secret guessed offline from the bundled word list.",
       Weakness.WEAK_HMAC_SECRET, Reason.BAD_SIGNATURE, _cracked, algorithm="HS256"),
    _A("wrong_audience", "A real token for another API replayed here.", Weakness.SKIP_AUDIENCE,
       Reason.WRONG_AUDIENCE, lambda b: b.issued(aud="https://other-api.example")),
    _A("wrong_issuer", "A token of the attacker's tenant, signed with the provider's shared key.",
       Weakness.SKIP_ISSUER, Reason.WRONG_ISSUER, lambda b: b.issued(iss=OTHER_TENANT, **_VICTIM)),
    _A("missing_exp", "A sibling service sharing the key mints tokens without exp.",
       Weakness.EXP_OPTIONAL, Reason.MISSING_CLAIM, lambda b: b.issued(exp=None)),
    _A("expired", "A real token from a log, replayed an hour after exp.", Weakness.SKIP_EXPIRY,
       Reason.EXPIRED, _expired),
    _A("future_nbf", "A token minted ahead for later use (nbf tomorrow).",
       Weakness.SKIP_NOT_BEFORE, Reason.NOT_YET_VALID,
       lambda b: b.issued(nbf=b.epoch(b.now + _DAY), exp=b.epoch(b.now + 2 * _DAY))),
    _A("future_iat", "A token from a signer whose clock runs a day fast.",
       Weakness.SKIP_NOT_BEFORE, Reason.NOT_YET_VALID,
       lambda b: b.issued(iat=b.epoch(b.now + _DAY), nbf=None, exp=b.epoch(b.now + 2 * _DAY))),
    _A("refresh_as_access", "A refresh token whose aud names the API, shown to that API.",
       Weakness.SKIP_TYPE_CHECK, Reason.WRONG_TOKEN_TYPE, lambda b: b.issued(REFRESH)),
    _A("access_as_refresh", "An access token shown as a refresh token, to a verifier of its aud.",
       Weakness.SKIP_TYPE_CHECK, Reason.WRONG_TOKEN_TYPE, lambda b: b.issued(), REFRESH),
    _A("unknown_kid", "A kid nobody knows, signed with a framework's default secret.",
       Weakness.FALLBACK_KEY, Reason.UNKNOWN_KEY,
       lambda b: b.sign(b.header(kid="k-2026-01"), _victim(b), b"secret"), algorithm="HS256"),
    _A("kid_path_traversal", "kid ../../dev/null: an empty file becomes the HMAC secret.",
       Weakness.KID_AS_PATH, Reason.UNKNOWN_KEY,
       lambda b: b.sign(b.header(kid="../../../../dev/null"), _victim(b), b""), algorithm="HS256"),
    _A("kid_sql_injection", "kid with a UNION SELECT that makes the key table return a secret.",
       Weakness.KID_IN_SQL, Reason.UNKNOWN_KEY,
       lambda b: b.sign(b.header(kid="x' UNION SELECT 'pwned"), _victim(b), b"pwned"),
       algorithm="HS256"),
    _A("jku_header", "jku points to the attacker's JWKS; signed with the attacker's key.",
       Weakness.FOLLOW_JKU, Reason.UNKNOWN_KEY,
       lambda b: b.sign(b.header(kid=b.attacker_key.kid, jku=ATTACKER_JKU), _victim(b),
                        b.attacker_key)),
    _A("embedded_jwk", "The attacker's public key embedded in the jwk header (CVE-2018-0114).",
       Weakness.TRUST_EMBEDDED_JWK, Reason.UNKNOWN_KEY,
       lambda b: b.sign(b.header(kid=b.attacker_key.kid, jwk=b.attacker_key.public_jwk),
                        _victim(b), b.attacker_key)),
    _A("crit_unknown", "A device-bound token whose binding is a crit extension.",
       Weakness.IGNORE_CRIT, Reason.UNSUPPORTED_CRITICAL,
       lambda b: b.sign(b.header(crit=["https://as.example/device"],
                                 **{"https://as.example/device": "d-1"}), b.claims())),
    _A("retired_key", "Signed with the key the auth server rotated away from (leaked since).",
       Weakness.KEEP_RETIRED_KEYS, Reason.UNKNOWN_KEY,
       lambda b: b.sign(b.header(kid=b.retired_key.kid), _victim(b), b.retired_key)),
    _A("duplicate_claims", "Claims mapping copied user input: sub twice, the last one admin.",
       Weakness.ALLOW_DUPLICATE_CLAIMS, Reason.DUPLICATE_CLAIM,
       lambda b: b.sign(b.header(), _raw(b, '"sub":"admin"', sub="attacker"))),
    _A("oversized_token", "A 64 KiB claim: a parser and memory denial of service.",
       Weakness.NO_SIZE_LIMIT, Reason.OVERSIZED, lambda b: b.issued(pad="x" * 65_536)),
    _A("nested_claims", "A claim nested 64 levels deep: a parser bomb.", Weakness.NO_DEPTH_LIMIT,
       Reason.MALFORMED, lambda b: b.issued(roles=_nested(64))),
    _A("non_json_segment", "exp: Infinity, which Python's json accepts and RFC 8259 does not.",
       Weakness.LENIENT_JSON, Reason.MALFORMED,
       lambda b: b.sign(b.header(), _raw(b, '"x":0').replace(b'"exp":', b'"exp":Infinity,"y":'))),
    _A("non_utf8_segment", "A Latin-1 encoded name in the claims (not UTF-8).",
       Weakness.LENIENT_UTF8, Reason.MALFORMED,
       lambda b: b.sign(b.header(), _raw(b, '"name":"Ren\xe9e"'))),
    _A("other_issuer_key", "Our issuer's name, signed with the attacker's tenant key.",
       Weakness.TRUST_OTHER_ISSUERS_KEYS, Reason.UNKNOWN_KEY,
       lambda b: b.sign(b.header(kid=b.tenant_key.kid), _victim(b), b.tenant_key)),
    _A("refresh_binding", "Own refresh token + the victim's expired access token from a log "
       "(WebGoat; emtunc.org 2017).", REFRESH_FLAW, Reason.SESSION_MISMATCH,
       lambda b: b.issued(REFRESH), REFRESH,
       judge=lambda b, token, weak: refresh(b, token, logged_token(b), weak)),
)  # fmt: skip


def _pem(b: Bench) -> bytes:
    """The public key as PEM text; an HS256 deployment publishes none, so the guess is wrong."""
    public = b.attacker_key if b.key.algorithm == "HS256" else b.key
    return key_material(public.verification_key)


def get_attack(name: str) -> AttackClass:
    """The attack class called ``name`` (any case); else :class:`UnknownNameError`."""
    found = resolve_name("attack", name, (a.name for a in ATTACKS))
    return next(attack for attack in ATTACKS if attack.name == found)


@dataclass(frozen=True)
class Attempt:
    """One forged token against one verifier, and the verdict."""

    attack: str
    weaknesses: frozenset[Weakness]
    token: str
    verdict: Verdict

    @property
    def accepted(self) -> bool:
        """Whether the forged token got in."""
        return self.verdict.accepted

    @property
    def outcome(self) -> str:
        """``accepted (sub=...)`` or the rejection reason."""
        if self.verdict.accepted:
            return f"accepted (sub={self.verdict.claims.get('sub')})"
        return str(self.verdict.reason)


def attempt(
    attack: str | AttackClass,
    weaknesses: Iterable[Weakness] = (),
    *,
    seed: int = 7,
    now: float = NOW,
) -> Attempt:
    """Forge one token of class ``attack`` and present it to a verifier with ``weaknesses``."""
    cls = get_attack(attack) if isinstance(attack, str) else attack
    found = frozenset(weaknesses)
    weak_secret = Weakness.WEAK_HMAC_SECRET in found and cls.algorithm == "HS256"
    bench = Bench(seed, cls.algorithm, weak_secret=weak_secret, now=now)
    token = cls.make(bench)
    if cls.judge is not None:
        return Attempt(cls.name, found, token, cls.judge(bench, token, found))
    verdict = bench.verifier(found).check(
        token, now=bench.now, audience=DEFAULT_AUDIENCE, expected_type=cls.present_as
    )
    return Attempt(cls.name, found, token, verdict)


def catalog(seed: int = 7) -> list[dict[str, str]]:
    """Every attack class: its story, hardened outcome, weakness and vulnerable outcome."""
    rows = []
    for cls in ATTACKS:
        vulnerable = attempt(cls, [cls.weakness], seed=seed)
        rows.append(
            {
                "attack": cls.name,
                "story": cls.story,
                "hardened": attempt(cls, seed=seed).outcome,
                "weakness": cls.weakness.value,
                "vulnerable": vulnerable.outcome,
            }
        )
    return rows
