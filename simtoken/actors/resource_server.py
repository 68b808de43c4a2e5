"""A resource server: an API that accepts requests carrying a valid access token.

Like a door with a card reader: it does not call the front desk for every guest, it checks the
card itself. The resource server fetched the auth server's public JWKS once and verifies each
access token **locally**: signature, algorithm, issuer, its own audience, the token type, and
``exp``/``nbf``/``iat`` against *its own* clock. That clock may be skewed (``skew`` seconds
ahead, or behind if negative) to show why verifiers allow leeway (RFC 7519 §4.1.4). Because
validation is local, a token stays usable until ``exp`` no matter what happens at the auth
server afterwards.

An accepted request answers 200; a rejected one answers 401 with the named reason, as
RFC 6750 §3.1 prescribes for ``invalid_token``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import simpy

from simtoken.actors.network import Message, Response, Server
from simtoken.clock import SimClock
from simtoken.events import Event
from simtoken.tokens import TokenType
from simtoken.verify import Verifier

__all__ = ["ResourceServer"]


class ResourceServer(Server):
    """An API for one audience that validates access tokens locally against a JWKS."""

    def __init__(
        self,
        env: simpy.Environment,
        name: str,
        record: Callable[[Event], None],
        *,
        audience: str,
        issuer: str,
        jwks: Mapping[str, Any],
        clock: SimClock,
        leeway: float,
        skew: float = 0.0,
    ) -> None:
        super().__init__(env, name, record)
        self.audience = audience
        self.skew = skew
        self.verifier = Verifier.from_jwks(jwks, issuer, clock, leeway)

    def handle(self, message: Message) -> Response:
        """Accept an ``api`` request if its access token is valid for this audience now."""
        if message.endpoint != "api":
            return Response(404, "unsupported_endpoint", f"No endpoint {message.endpoint!r}")
        verdict = self.verifier.check(
            message.token,
            now=self.env.now + self.skew,
            audience=self.audience,
            expected_type=TokenType.ACCESS,
        )
        if verdict.accepted:
            return Response(200)
        assert verdict.reason is not None
        return Response(401, verdict.reason.value, verdict.detail)
