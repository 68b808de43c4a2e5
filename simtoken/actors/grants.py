"""Grants: what the auth server remembers about each login, and what revoking one reaches.

Every login starts a **grant** (also called a session, or a *token family*): the refresh token
it returns and every refresh token descended from it by rotation share the grant's id (the
``sid`` claim). Think of a family tree: each refresh with rotation adds a child generation and
retires its parent. A retired (rotated) token that comes back is a *replay*; unless the policy
forgives it (a grace interval for the immediate predecessor, or a reuse count), the auth
server cannot tell the legitimate client from a thief, so it revokes the whole family, and the
grant with it (RFC 9700 §4.14.2; RFC 6819 §5.2.2.3).

Revoking a family stops its refresh tokens at once, because only the auth server honours
them. Its access tokens are another matter: an API that validates JWTs locally never hears of
the revocation and keeps accepting them until ``exp``. The :class:`Denylist` is the shared
list of revoked access-token ``jti`` values that APIs in ``denylist`` mode consult; the auth
server adds a family's unexpired access tokens to it when it revokes the family.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simtoken.record.reasons import RevocationReason

__all__ = ["Denylist", "Grant", "RefreshRecord"]


@dataclass
class RefreshRecord:
    """The auth server's bookkeeping for one refresh token it issued (mutable server state)."""

    jti: str
    token: str
    generation: int
    expires: int
    """``exp`` as a NumericDate."""
    rotated_at: float | None = None
    """When it was first exchanged under rotation (None while it is the active token)."""
    children: list[str] = field(default_factory=list)
    replays: int = 0
    """Replays allowed so far (counted against ``max_reuse``)."""

    @property
    def active(self) -> bool:
        """True while it has not been rotated."""
        return self.rotated_at is None


@dataclass
class Grant:
    """One login: its refresh-token family, its access tokens, and whether it was revoked."""

    sid: str
    user: str
    client: str
    expires: int
    """The family's absolute expiry (NumericDate): the first refresh token's ``exp``."""
    last_used: float
    refresh_tokens: dict[str, RefreshRecord] = field(default_factory=dict)
    access_tokens: dict[str, int] = field(default_factory=dict)
    """jti -> exp (NumericDate) of the access tokens minted for this grant that a revocation
    would still deny (those past ``exp + leeway`` are dropped at the next one minted)."""
    revoked_at: float | None = None
    revoked_reason: RevocationReason | None = None
    jkt: str | None = None
    """With DPoP: the thumbprint of the key the grant's tokens are bound to."""
    idp_session: str | None = None
    """The IdP session (:mod:`simtoken.actors.idp`) the login rode or started, if any."""
    scope: str = ""
    """The scope granted (RFC 6749 §3.3): every token of the grant carries at most this."""
    kids: set[str] = field(default_factory=set)
    """The ``kid`` of every key that signed one of its tokens (what a key compromise reaches)."""

    @property
    def revoked(self) -> bool:
        """True once the grant has been revoked."""
        return self.revoked_at is not None

    def has_active_child(self, record: RefreshRecord) -> bool:
        """Whether ``record`` is the immediate predecessor of a still-active refresh token."""
        return any(self.refresh_tokens[c].active for c in record.children)


@dataclass
class Denylist:
    """Revoked access-token ids, shared by the auth server and the APIs that check it."""

    jtis: set[str] = field(default_factory=set)

    def add(self, jti: str) -> None:
        """Deny one access token from now on."""
        self.jtis.add(jti)

    def __contains__(self, jti: object) -> bool:
        return jti in self.jtis
