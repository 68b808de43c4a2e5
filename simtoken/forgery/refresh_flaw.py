"""The refresh-binding flaw: a refresh endpoint that asks the wrong token who the user is.

A refresh request (RFC 6749 §6) carries a refresh token, and the refresh token's own grant says
whose session it renews. A bug-bounty write-up of 2017 (emtunc.org, "JWT refresh token
manipulation") found an endpoint that took the user from somewhere else: from the *access*
token in the request's ``Authorization`` header, expired or not, while it only checked that the
refresh token was one it had issued, to anyone. OWASP WebGoat's JWT lesson turned it into its
refresh assignment: Jerry sends *his own* refresh token with *Tom's* expired access token (found
in a log) and gets fresh tokens for Tom. No signature is forged and no secret guessed; two real
tokens are combined, and the endpoint binds the new tokens to the wrong one.

:func:`refresh` models that endpoint on a :class:`~simtoken.forgery.bench.Bench`:

1. the refresh token is verified like any other (signature, issuer, audience, type, expiry);
2. an access token in the ``Authorization`` header is verified too, but, as in the write-up,
   an expired one is still read (the endpoint catches the expiry error to learn who the user
   was; a bad signature is still refused);
3. **flawed** (weakness ``refresh_user_from_access_token``): the new tokens are minted for the
   access token's ``sub`` and session: the victim's, with the attacker's refresh token;
   **hardened**: the user comes from the refresh token's grant alone, and an access token of
   another session is refused as ``session_mismatch`` (the "binding access token and refresh
   token" WebGoat names as a defence). An endpoint that simply ignores the header is just as
   safe (RFC 6749 §6 puts no access token in a refresh request): the attacker then renews only
   its own session.

The attack class ``refresh_binding`` of :mod:`simtoken.forgery.attacks` presents the attacker's
own refresh token; the victim's expired access token comes from the log (:func:`logged_token`).
Simplification: only the catalog models the flaw; the running world's auth server
(:mod:`simtoken.actors.auth_server`) never reads an ``Authorization`` header on a refresh.
"""

from __future__ import annotations

from collections.abc import Iterable

from simtoken.forgery.bench import Bench
from simtoken.jose.reasons import Reason
from simtoken.jose.tokens import TokenType
from simtoken.jose.verify import Verdict
from simtoken.jose.weakness import Weakness
from simtoken.names import DEFAULT_AUDIENCE

__all__ = ["FLAW", "logged_token", "refresh"]

FLAW = Weakness.REFRESH_USER_FROM_ACCESS_TOKEN
"""The weakness that makes the refresh endpoint take the user from the access token."""


def logged_token(b: Bench) -> str:
    """The victim's access token, expired an hour ago, as the attacker found it in a log."""
    two_hours_ago = b.epoch(b.now - 7200)
    return b.issued(
        sub="victim",
        sid="s-victim",
        jti="access-victim-1",
        iat=two_hours_ago,
        nbf=two_hours_ago,
        exp=two_hours_ago + 3600,
    )


def refresh(
    b: Bench, refresh_token: str, authorization: str | None, weaknesses: Iterable[Weakness] = ()
) -> Verdict:
    """The refresh endpoint's verdict: accepted with the claims of the session it renews."""
    weak = frozenset(weaknesses)
    verdict = b.verifier(weak - {FLAW}).check(
        refresh_token, now=b.now, audience=DEFAULT_AUDIENCE, expected_type=TokenType.REFRESH
    )
    if not verdict.accepted or authorization is None:
        return verdict
    bearer = b.verifier(frozenset({Weakness.SKIP_EXPIRY})).check(
        authorization, now=b.now, audience=DEFAULT_AUDIENCE, expected_type=TokenType.ACCESS
    )
    if not bearer.accepted:
        return bearer
    if FLAW in weak:  # the new tokens are the access token's user's: the victim's
        whose = {k: bearer.claims[k] for k in ("sub", "sid") if k in bearer.claims}
        return Verdict(True, claims={**verdict.claims, **whose})
    if (bearer.claims.get("sub"), bearer.claims.get("sid")) != (
        verdict.claims.get("sub"),
        verdict.claims.get("sid"),
    ):
        detail = "The access token in the Authorization header belongs to another session"
        return Verdict(False, Reason.SESSION_MISMATCH, detail)
    return verdict
