"""Policy: everything the auth server does differently between products, as one value.

Real identity products differ in a handful of numbers and switches: how long an access token
lives, how long a refresh token lives, how much clock leeway verifiers allow, which algorithm
signs. simtoken keeps all of them in one immutable, validated :class:`Policy`, so that two
products can be compared by swapping one value, and a bad number is caught before any
simulation runs. (The refresh-token policy engine extends this object with rotation, reuse
detection, grace and revocation knobs.)

Defaults and their sources (``shared/reference/refresh-token-landscape.md``):

* ``access_token_lifetime = 300`` s: Keycloak's Access Token Lifespan (5 min) [K-code], Spring
  Authorization Server ``accessTokenTimeToLive`` (5 min) [S-ts], simplejwt
  ``ACCESS_TOKEN_LIFETIME`` (5 min) [J-set].
* ``refresh_token_lifetime = 86400`` s (absolute, counted from login): simplejwt
  ``REFRESH_TOKEN_LIFETIME`` (1 day) [J-set]; the browser-apps BCP's example session is 8 h.
* ``leeway = 0`` s: PyJWT's default, and simplejwt ``LEEWAY`` (0) [J-set]; RFC 7519 §4.1.4
  allows "some small leeway, usually no more than a few minutes".
* ``algorithm = "RS256"``: Keycloak's default signature algorithm [K-code]; also Auth0's and
  Okta's default for their own tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from simtoken.errors import ConfigError, UnknownNameError
from simtoken.keys import ALGORITHMS

__all__ = ["Policy"]


def _positive_int(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(name, value, "a whole number of seconds > 0")


@dataclass(frozen=True)
class Policy:
    """The auth server's token policy (all durations in seconds)."""

    access_token_lifetime: int = 300
    """How long an access token is valid: ``exp - iat``."""
    refresh_token_lifetime: int = 86_400
    """Absolute lifetime of the refresh token, counted from the login that created the session."""
    leeway: float = 0.0
    """Clock leeway every verifier allows on ``exp``, ``nbf`` and ``iat`` (PyJWT's ``leeway``)."""
    algorithm: str = "RS256"
    """Signing algorithm: one of RS256, ES256, EdDSA, HS256."""

    def __post_init__(self) -> None:
        _positive_int("access_token_lifetime", self.access_token_lifetime)
        _positive_int("refresh_token_lifetime", self.refresh_token_lifetime)
        leeway = self.leeway
        if isinstance(leeway, bool) or not isinstance(leeway, int | float) or not leeway >= 0:
            raise ConfigError("leeway", leeway, "a number of seconds >= 0")
        if leeway >= self.access_token_lifetime:
            raise ConfigError(
                "leeway",
                leeway,
                f"less than access_token_lifetime ({self.access_token_lifetime} s)",
            )
        if self.algorithm not in ALGORITHMS:
            raise UnknownNameError("algorithm", self.algorithm, ALGORITHMS)
