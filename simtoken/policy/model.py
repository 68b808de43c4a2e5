"""Policy: everything the auth server does differently between products, as one value.

Real identity products differ in a handful of numbers and switches: how long each token lives,
whether a refresh token is single-use (*rotation*), what happens when a used one comes back
(*reuse detection*), how forgiving that check is (*grace interval*, *max reuse*), whether a
session can slide forever, what logout and a password change revoke, and how APIs learn about
revocation. simtoken keeps all of them in one immutable, validated :class:`Policy`, so two
products can be compared by swapping one value, and an impossible combination is caught before
anything runs. Named product defaults live in :mod:`simtoken.policy.presets`.

Which real systems use each knob (details and sources in :mod:`simtoken.policy.presets`):

============================== ================================================================
knob                           used by
============================== ================================================================
``rotation``                   Auth0 SPAs, Okta SPAs, Cognito (optional), Hydra, Supabase,
                               simplejwt ``ROTATE_REFRESH_TOKENS``; off in Keycloak, Spring AS
``reuse_detection``            family: Auth0, Hydra, Supabase v1; user: Keycloak (observed
                               session kill), Supabase v2; none: simplejwt, Cognito
``grace_interval``             Okta 30 s, Supabase 10 s, Cognito 0-60 s, Auth0 "overlap
                               period" (off by default), Hydra (off, at most 5 min)
``grace_successor``            same: Supabase (parent of the active token returns its child);
                               new: the nightscout/nocturne#326 fork
``forgive_active_parent``      Supabase: the parent of the active token gets that token back at
                               any time, not only within the grace interval
``max_reuse``                  Keycloak ``refreshTokenMaxReuse`` (default 0)
``refresh_token_idle_lifetime`` Okta 7 d, Keycloak SSO Session Idle 30 min, Auth0 idle lifetime
``extend_on_rotate``           simplejwt, Hydra; Auth0, Okta, Cognito keep the original expiry
``revoke_on_logout``           Keycloak (session-bound); not Auth0 ``offline_access`` tokens
``revoke_on_password_change``  Entra (public clients), Supabase; not documented for Auth0
``sender_constraint``          dpop: Auth0 (per API), Okta, Keycloak; RFC 9700 §2.2.1 SHOULD;
                               mtls: RFC 8705 §3 (Keycloak "OAuth 2.0 Mutual TLS
                               Certificate Bound Access Tokens Enabled")
``validation``                 local: every JWT API; introspection: Hydra's opaque tokens
                               (RFC 7662); denylist: simplejwt's blacklist app, RFC 7519 ``jti``
``idp_session_lifetime``       Keycloak SSO Session Max (10 h) [K-to, K-code]
``code_lifetime``              Keycloak Client Login Timeout (60 s) [K-code]; RFC 6749 §4.1.2:
                               at most 10 min RECOMMENDED
``require_pkce``               OAuth 2.1 (public clients); RFC 9700 §2.1.1 (public clients MUST
                               use PKCE); Keycloak's per-client "PKCE Method", off by default
``allow_plain_pkce``           off: S256 only, as RFC 9700 §2.1.1 and OAuth 2.1 ask of clients
``redirect_uri_matching``      exact: RFC 9700 §2.1, OAuth 2.1; prefix: the loose matching of
                               RFC 9700 §4.1.1
``allow_implicit``             off: RFC 9700 §2.1.2 (SHOULD NOT), OAuth 2.1 (removed)
``require_consent``            third-party apps; Keycloak's per-client "Consent Required" (off)
``revoke_on_idp_logout``       Keycloak (refresh tokens belong to the SSO session); not Auth0's
                               ``offline_access`` refresh tokens [A-ort]
============================== ================================================================

Defaults (no rotation, a one-day refresh token, local validation) and their sources
(keys and links in ``docs/bibliography.md``):

* ``access_token_lifetime = 300`` s: Keycloak's Access Token Lifespan [K-code], Spring
  Authorization Server ``accessTokenTimeToLive`` [S-ts], simplejwt ``ACCESS_TOKEN_LIFETIME``
  [J-set], all 5 min.
* ``refresh_token_lifetime = 86400`` s, absolute from login: simplejwt
  ``REFRESH_TOKEN_LIFETIME`` (1 day) [J-set].
* ``leeway = 0`` s: PyJWT's default and simplejwt ``LEEWAY`` [J-set]; RFC 7519 §4.1.4 allows
  "some small leeway, usually no more than a few minutes".
* ``algorithm = "RS256"``: Keycloak's default signature algorithm [K-code].
* ``rotation = False``: simplejwt ``ROTATE_REFRESH_TOKENS`` [J-set] and Spring AS
  ``reuseRefreshTokens = true`` [S-ts] both default to reusable refresh tokens.
* ``revoke_on_logout = True`` and ``revoke_on_password_change = True``: what RFC 9700 §4.14.2
  allows ("MAY revoke refresh tokens ... password change or logout") and the browser-apps BCP
  recommends; several products differ (see the presets).

The authorization endpoint's knobs (used only with ``login_flow=code`` or ``implicit``, see
:mod:`simtoken.actors.authorization`):

* ``idp_session_lifetime = 36000`` s: Keycloak's SSO Session Max, 10 h [K-to, K-code].
* ``code_lifetime = 60`` s: Keycloak's Client Login Timeout (``accessCodeLifespan``) [K-code];
  RFC 6749 §4.1.2 recommends at most 10 minutes.
* ``require_pkce = False`` and ``allow_plain_pkce = True``: an AS that supports PKCE as RFC 7636
  defines it (both methods) but does not demand it, as Keycloak does unless a client's "PKCE
  Method" is set; RFC 9700 §2.1.1 and OAuth 2.1 ask for PKCE (``S256``) from every public
  client (the ``rfc9700-bcp`` preset).
* ``redirect_uri_matching = "exact"``: RFC 9700 §2.1 and §4.1.3, OAuth 2.1 (simple string
  comparison, RFC 3986 §6.2.1).
* ``allow_implicit = False``: RFC 9700 §2.1.2 (clients SHOULD NOT use it) and OAuth 2.1, which
  leaves it out.
* ``require_consent = False``: the user consents to an app at its first interactive
  authorization either way; off, ``prompt=none`` needs no recorded consent (first-party apps).
* ``revoke_on_idp_logout = True``: ending the IdP session (OpenID Connect RP-Initiated Logout)
  revokes every grant that signed in through it, as the browser-apps BCP recommends (the
  refresh token SHOULD end with the user's session at the AS [BBA]) and as Keycloak does with
  its session-bound refresh tokens [K-rh]. Off, the refresh tokens outlive the IdP session, as
  ``offline_access`` tokens are meant to (OpenID Connect Core §11; Back-Channel Logout 1.0
  §2.7: they "normally SHOULD NOT be revoked") and as Auth0's do [A-ort].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simtoken.errors import ConfigError, UnknownNameError
from simtoken.jose.keys import ALGORITHMS
from simtoken.validate import choice, flag, seconds, whole

__all__ = [
    "GraceSuccessor",
    "Policy",
    "RedirectMatching",
    "ReuseDetection",
    "SenderConstraint",
    "Validation",
]

ReuseDetection = Literal["none", "family", "user"]
"""What a replayed (already rotated) refresh token revokes: nothing, its family, or all."""

GraceSuccessor = Literal["new", "same"]
"""What an allowed replay returns: a new successor (forks the family) or the one already issued."""

SenderConstraint = Literal["none", "dpop", "mtls"]
"""Whether tokens are bearer tokens, bound to the client's key with DPoP (RFC 9449), or bound
to the client's TLS certificate (RFC 8705 §3: access tokens of confidential clients)."""

Validation = Literal["local", "introspection", "denylist"]
"""How resource servers validate access tokens (see :mod:`simtoken.actors.resource_server`)."""

RedirectMatching = Literal["exact", "prefix"]
"""How the authorization endpoint compares a ``redirect_uri`` with the registered ones."""

_DAY = 86_400


@dataclass(frozen=True)
class Policy:
    """The auth server's token policy (all durations in seconds)."""

    access_token_lifetime: int = 300
    """How long an access token is valid: ``exp - iat``."""
    refresh_token_lifetime: int = _DAY
    """Absolute lifetime of a session's refresh tokens, counted from the login."""
    refresh_token_idle_lifetime: int = 0
    """A refresh token unused this long is refused (0: no idle timeout); each refresh renews it."""
    leeway: float = 0.0
    """Clock leeway every verifier allows on ``exp``, ``nbf`` and ``iat`` (PyJWT's ``leeway``)."""
    algorithm: str = "RS256"
    """Signing algorithm: one of RS256, ES256, EdDSA, HS256."""
    rotation: bool = False
    """Each refresh returns a new refresh token and retires the one presented."""
    reuse_detection: ReuseDetection = "none"
    """On a replayed refresh token revoke: none | family (its login's tokens) | user (all)."""
    grace_interval: float = 0.0
    """Seconds after rotation during which the immediate predecessor may be replayed."""
    grace_successor: GraceSuccessor = "new"
    """What an allowed replay returns: new (a second successor: the family forks) | same."""
    max_reuse: int = 0
    """Extra times a rotated refresh token may be replayed (Keycloak refreshTokenMaxReuse)."""
    forgive_active_parent: bool = False
    """The immediate predecessor of a still-active refresh token is forgiven at any time and
    answered with that active token (Supabase); needs ``grace_successor="same"``."""
    extend_on_rotate: bool = False
    """A rotated refresh token gets a fresh full lifetime, not the session's original expiry."""
    revoke_on_logout: bool = True
    """Logout revokes the session's refresh tokens (the family)."""
    revoke_on_password_change: bool = True
    """A password change revokes every session (family) of the user."""
    validation: Validation = "local"
    """How APIs validate access tokens: local (JWT only) | introspection | denylist."""
    introspection_cache_ttl: float = 0.0
    """Seconds an API caches an introspection answer (validation=introspection only)."""
    sender_constraint: SenderConstraint = "none"
    """none (bearer tokens) | dpop: access and refresh tokens bound to the client's key | mtls:
    access tokens bound to a confidential client's TLS certificate (RFC 8705 §3)."""
    idp_session_lifetime: int = 36_000
    """How long an interactive login signs the user in without a password (the IdP session)."""
    code_lifetime: int = 60
    """How long an authorization code can be redeemed (RFC 6749 §4.1.2: at most 10 min)."""
    require_pkce: bool = False
    """Refuse an authorization-code request without a PKCE code_challenge (RFC 9700 §2.1.1)."""
    allow_plain_pkce: bool = True
    """Accept code_challenge_method=plain (RFC 7636 §4.2); off: S256 only."""
    redirect_uri_matching: RedirectMatching = "exact"
    """exact (simple string comparison, RFC 9700 §2.1) | prefix (loose, RFC 9700 §4.1.1)."""
    allow_implicit: bool = False
    """Allow response_type=token, the implicit grant (RFC 9700 §2.1.2: SHOULD NOT be used)."""
    require_consent: bool = False
    """prompt=none needs the user's recorded consent to the app (OIDC Core §3.1.2.6)."""
    revoke_on_idp_logout: bool = True
    """Ending the IdP session (RP-initiated logout) revokes every grant that signed in through
    it; off: refresh tokens outlive it, as offline_access tokens do (OIDC Core §11)."""

    def __post_init__(self) -> None:
        whole("access_token_lifetime", self.access_token_lifetime, minimum=1, unit="seconds")
        whole("refresh_token_lifetime", self.refresh_token_lifetime, minimum=1, unit="seconds")
        whole(
            "refresh_token_idle_lifetime",
            self.refresh_token_idle_lifetime,
            minimum=0,
            unit="seconds",
        )
        seconds("leeway", self.leeway)
        if self.leeway >= self.access_token_lifetime:
            raise ConfigError(
                "leeway",
                self.leeway,
                f"less than access_token_lifetime ({self.access_token_lifetime} s)",
            )
        if self.algorithm not in ALGORITHMS:
            raise UnknownNameError("algorithm", self.algorithm, ALGORITHMS)
        for name in (
            "rotation",
            "forgive_active_parent",
            "extend_on_rotate",
            "revoke_on_logout",
            "revoke_on_password_change",
        ):
            flag(name, getattr(self, name))
        choice("reuse_detection", self.reuse_detection, ReuseDetection)
        choice("grace_successor", self.grace_successor, GraceSuccessor)
        choice("validation", self.validation, Validation)
        choice("sender_constraint", self.sender_constraint, SenderConstraint)
        seconds("grace_interval", self.grace_interval)
        seconds("introspection_cache_ttl", self.introspection_cache_ttl)
        whole("max_reuse", self.max_reuse, minimum=0)
        self._check_authorization()
        self._check_combinations()

    def _check_authorization(self) -> None:
        """The authorization endpoint's knobs (see the module docstring)."""
        whole("idp_session_lifetime", self.idp_session_lifetime, minimum=1, unit="seconds")
        whole("code_lifetime", self.code_lifetime, minimum=1, unit="seconds")
        for name in ("require_pkce", "allow_plain_pkce", "allow_implicit", "require_consent"):
            flag(name, getattr(self, name))
        flag("revoke_on_idp_logout", self.revoke_on_idp_logout)
        choice("redirect_uri_matching", self.redirect_uri_matching, RedirectMatching)

    def _check_combinations(self) -> None:
        if not self.rotation:
            defaults: dict[str, object] = {
                "reuse_detection": "none",
                "grace_interval": 0.0,
                "max_reuse": 0,
                "grace_successor": "new",
                "forgive_active_parent": False,
                "extend_on_rotate": False,
            }
            for name, default in defaults.items():
                if getattr(self, name) != default:
                    raise ConfigError(
                        name,
                        getattr(self, name),
                        f"{default!r} while rotation=false (it applies to rotated refresh tokens "
                        "only; set rotation=true)",
                    )
        forgiving = self.grace_interval > 0 or self.max_reuse > 0 or self.forgive_active_parent
        if self.grace_successor == "same" and not forgiving:
            raise ConfigError(
                "grace_successor",
                self.grace_successor,
                "'new' unless grace_interval > 0, max_reuse > 0 or forgive_active_parent=true "
                "(no replay is ever allowed)",
            )
        if self.forgive_active_parent and self.grace_successor != "same":
            raise ConfigError(
                "forgive_active_parent",
                self.forgive_active_parent,
                "false unless grace_successor=same (the forgiven parent gets the active token "
                "back, never a new one)",
            )
        if self.refresh_token_idle_lifetime > self.refresh_token_lifetime:
            raise ConfigError(
                "refresh_token_idle_lifetime",
                self.refresh_token_idle_lifetime,
                f"at most refresh_token_lifetime ({self.refresh_token_lifetime} s)",
            )
        if self.introspection_cache_ttl > 0 and self.validation != "introspection":
            raise ConfigError(
                "introspection_cache_ttl",
                self.introspection_cache_ttl,
                "0 unless validation=introspection",
            )
