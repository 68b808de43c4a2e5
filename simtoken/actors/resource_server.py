"""A resource server: an API that accepts requests carrying a valid access token.

Like a door with a card reader. The resource server fetched the auth server's public JWKS once
and always verifies each access token itself: signature, algorithm, issuer, its own audience,
the token type, and ``exp``/``nbf``/``iat`` against *its own* clock (which may be skewed by
``skew`` seconds, to show why verifiers allow leeway, RFC 7519 §4.1.4). What it does next
depends on the policy's ``validation`` mode:

* ``local``: nothing more. Stateless and fast, but blind: a token stays usable until ``exp``
  whatever the auth server revokes in the meantime (RFC 7009 §3).
* ``denylist``: also refuse tokens whose ``jti`` is on the shared denylist the auth server
  fills when it revokes (reason ``revoked``); RFC 7519 §4.1.7 names ``jti`` for this.
* ``introspection``: also ask the auth server (RFC 7662) whether the token is still active,
  a real request that costs a round trip and auth-server load, and cache the answer for
  ``introspection_cache_ttl`` seconds: a longer cache means less load and a longer window in
  which a revoked token still works (reason ``inactive`` once the auth server says so).

A token bound to a key (``cnf.jkt``, RFC 9449) is accepted only with a valid DPoP proof for this
request made with that key: a stolen token without the key is refused (``dpop_missing``,
``dpop_wrong_key``), as is a replayed or misdirected proof. A token bound to a TLS client
certificate (``cnf.x5t#S256``, RFC 8705) or to a fingerprint cookie, and a BFF session cookie
bound to the device (DBSC), are checked by :mod:`simtoken.actors.binding`.

**Keys.** Without key rotation the API holds the auth server's JWKS from the start. With it
(``jwks_cache_ttl``), the API keeps a cached copy and fetches a fresh one from the auth
server's ``jwks`` endpoint (a real request) when its copy is older than the TTL, and, if
``jwks_refetch`` is on, as soon as a token names a ``kid`` it does not know, at most once per
``jwks_refetch_interval`` seconds (what PyJWKClient does on a ``kid`` miss, plus a throttle so
that junk ``kid`` values cannot make it hammer the auth server). Without the re-fetch, tokens
signed with a new key fail as ``unknown_key`` until the cache expires: failure mode K1.

**Operations and scopes.** With ``operations`` (say ``read`` and ``write``), a request names
the operation it asks for (a request naming none asks for the first one); the API serves it
only if the token's ``scope`` claim (RFC 9068 §2.2.3) covers ``<api>:<operation>``
(:func:`~simtoken.jose.scopes.scope_for`). A valid token without it is answered 403
``insufficient_scope`` (RFC 6750 §3.1), once the token has passed every other check: refreshing
would bring a token of the same scope, so a client must not refresh and retry on a 403. Without
operations (the default) an API checks no scope.

With ``storage=cookie_bff`` the API also stands in for the backend-for-frontend in front of it:
a browser request (one with an ``Origin``) first passes the app's cookie and anti-CSRF checks
(``gate``, :mod:`simtoken.actors.webapp`).

An accepted request answers 200; a rejected one answers 401 with the named reason, as
RFC 6750 §3.1 prescribes for ``invalid_token`` (403 for ``insufficient_scope``).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any

import simpy

from simtoken.actors.binding import BoundTokenChecks
from simtoken.actors.grants import Denylist
from simtoken.actors.network import Message, Network, Response, Server
from simtoken.actors.nonces import accepted_nonces, stamped
from simtoken.actors.webapp import WebApp
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop import ProofVerifier
from simtoken.jose.dpop_nonce import NonceSource
from simtoken.jose.reasons import Reason
from simtoken.jose.scopes import METHODS, covers, scope_for
from simtoken.jose.tokens import TokenType
from simtoken.jose.verify import Verifier
from simtoken.names import api_url
from simtoken.policy.model import Validation
from simtoken.record.events import Event
from simtoken.record.reasons import ServerReason

__all__ = ["JwksCache", "ResourceServer"]


@dataclass(frozen=True)
class JwksCache:
    """How an API refreshes its copy of the auth server's JWKS."""

    ttl: float = 300.0
    refetch_on_unknown_kid: bool = True
    refetch_interval: float = 30.0


class ResourceServer(BoundTokenChecks, Server):
    """An API for one audience that validates access tokens against a JWKS (and maybe more)."""

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
        validation: Validation = "local",
        denylist: Denylist | None = None,
        network: Network | None = None,
        auth_server: str = "",
        cache_ttl: float = 0.0,
        jwks_cache: JwksCache | None = None,
        weaken: Callable[[Verifier], Verifier] | None = None,
        operations: tuple[str, ...] = (),
        gate: WebApp | None = None,
    ) -> None:
        super().__init__(env, name, record)
        self.gate = gate
        """With ``storage=cookie_bff``: the BFF's checks of a request sent by a browser page."""
        self.audience = audience
        self.operations = operations
        """The operations this API offers, each needing its scope (empty: no scope checked)."""
        self.skew = skew
        self.validation = validation
        self.denylist = denylist if denylist is not None else Denylist()
        self.network = network
        self.auth_server = auth_server
        self.cache_ttl = cache_ttl
        self.cache: dict[str, tuple[bool, float]] = {}
        """Introspection answers by jti: (active, cached until)."""
        self.issuer = issuer
        self.leeway = leeway
        self.weaken = weaken
        self.clock = clock
        self.jwks_cache = jwks_cache
        self.jwks_fetched_at = 0.0
        """Sim time of the last JWKS fetch (the first copy is installed at start)."""
        self.verifier = self._install(jwks)
        self.proofs: ProofVerifier | None = None
        self.nonces: NonceSource | None = None
        """With ``use_dpop_nonce``: the server nonces its proofs must carry (set by the world)."""
        if validation == "introspection" and network is None:
            raise ValueError("validation='introspection' needs a network to reach the auth server")

    def _install(self, jwks: Mapping[str, Any]) -> Verifier:
        verifier = Verifier.from_jwks(jwks, self.issuer, self.clock, self.leeway)
        return verifier if self.weaken is None else self.weaken(verifier)

    def _fetch_jwks(self) -> Generator[simpy.Event, Any, None]:
        assert self.network is not None
        self.jwks_fetched_at = self.env.now
        answer = yield from self.network.request(self.name, self.auth_server, "jwks", None)
        if answer is not None and answer.ok:
            self.verifier = self._install(answer.body)

    def handle(self, message: Message) -> Response | Generator[simpy.Event, Any, Response]:
        """Accept an ``api`` request if its access token is valid for this audience now."""
        return stamped(self._handle(message), self.nonces, self.env)  # DPoP-Nonce (RFC 9449 §9)

    def _handle(self, message: Message) -> Response | Generator[simpy.Event, Any, Response]:
        session = self._session_gate(message, self.env.now)  # DBSC (actors/binding.py)
        if session is not None:
            return session
        if message.endpoint != "api":
            return Response(
                404, ServerReason.UNSUPPORTED_ENDPOINT, f"No endpoint {message.endpoint!r}"
            )
        refused = None if self.gate is None else self.gate.check(message, 401)
        if refused is not None:
            return refused
        cache = self.jwks_cache
        if cache is not None and self.env.now >= self.jwks_fetched_at + cache.ttl:
            return self._with_fresh_keys(message)
        return self._answer(message)

    def _with_fresh_keys(self, message: Message) -> Generator[simpy.Event, Any, Response]:
        yield from self._fetch_jwks()
        answer = self._answer(message, refetched=True)
        return answer if isinstance(answer, Response) else (yield from answer)

    def _operation(self, message: Message) -> str:
        """The operation a request asks for: the one it names, else the API's first (or none)."""
        return message.params.get("operation") or (self.operations[0] if self.operations else "")

    def _scope_refusal(self, claims: Mapping[str, Any], operation: str) -> Response | None:
        """403 ``insufficient_scope`` if the token's scope misses the operation's (None: fine)."""
        if not self.operations:
            return None
        if operation not in self.operations:
            offered = ", ".join(self.operations)
            return Response(405, ServerReason.UNSUPPORTED_ENDPOINT, f"Operations: {offered}")
        needed = scope_for(self.audience, operation)
        scope = claims.get("scope")
        if isinstance(scope, str) and covers(scope, needed):
            return None
        detail = f"The operation needs scope {needed!r}; the token has {scope or ''!r}"
        return Response(403, ServerReason.INSUFFICIENT_SCOPE, detail)

    def _answer(
        self, message: Message, refetched: bool = False
    ) -> Response | Generator[simpy.Event, Any, Response]:
        operation = self._operation(message)
        verdict = self.verifier.check(
            message.token,
            now=self.env.now + self.skew,
            audience=self.audience,
            expected_type=TokenType.ACCESS,
        )
        if not verdict.accepted:
            assert verdict.reason is not None
            cache = self.jwks_cache
            if (
                verdict.reason is Reason.UNKNOWN_KEY
                and cache is not None
                and cache.refetch_on_unknown_kid
                and not refetched
                and self.env.now >= self.jwks_fetched_at + cache.refetch_interval
            ):
                return self._with_fresh_keys(message)
            return Response(401, verdict.reason, verdict.detail)
        bound = self._binding_refusal(verdict.claims, message)  # fingerprint, mTLS
        if bound is not None:
            return bound
        refused = self._dpop_refusal(verdict.claims, message, operation)
        if refused is not None:
            return refused
        jti = str(verdict.claims["jti"])
        if self.validation == "denylist" and jti in self.denylist:
            return Response(401, ServerReason.REVOKED, "The token's jti is on the denylist")
        scoped = self._scope_refusal(verdict.claims, operation)
        if self.validation == "introspection":
            cached = self.cache.get(jti)
            if cached is not None and self.env.now < cached[1]:
                return _introspected(cached[0], scoped)
            return self._introspect(jti, message.token, scoped)
        return scoped or Response(200)

    def _dpop_refusal(
        self, claims: Mapping[str, Any], message: Message, operation: str
    ) -> Response | None:
        """A DPoP-bound token's (``cnf.jkt``) refusal if its proof does not fit; else None."""
        cnf = claims.get("cnf")
        if not isinstance(cnf, dict) or "x5t#S256" in cnf:  # unbound, or bound by mTLS
            return None
        if self.proofs is None:
            self.proofs = ProofVerifier(self.clock)
        proof = self.proofs.check(
            message.proof,
            htm=METHODS.get(operation, "GET"),
            htu=api_url(self.audience),
            now=self.env.now + self.skew,
            access_token=message.token,
            expected_jkt=str(cnf.get("jkt", "")),
            nonces=accepted_nonces(self.nonces, self.env.now),
        )
        if proof.accepted:
            return None
        assert proof.reason is not None
        return Response(401, proof.reason, proof.detail)

    def _introspect(
        self, jti: str, token: str | None, scoped: Response | None = None
    ) -> Generator[simpy.Event, Any, Response]:
        assert self.network is not None
        answer = yield from self.network.request(self.name, self.auth_server, "introspect", token)
        if answer is None:
            return Response(
                503, ServerReason.INTROSPECTION_FAILED, "The auth server did not answer"
            )
        active = bool(answer.body.get("active"))
        if self.cache_ttl > 0:
            self.cache[jti] = (active, self.env.now + self.cache_ttl)
        if active:  # the round trip took time: the token must still be unexpired now
            verdict = self.verifier.check(
                token,
                now=self.env.now + self.skew,
                audience=self.audience,
                expected_type=TokenType.ACCESS,
            )
            if not verdict.accepted:
                assert verdict.reason is not None
                return Response(401, verdict.reason, verdict.detail)
        return _introspected(active, scoped)


def _introspected(active: bool, scoped: Response | None = None) -> Response:
    """The answer once the auth server said ``active``: 200, or ``scoped``'s 403 if given."""
    if active:
        return scoped or Response(200)
    return Response(
        401, ServerReason.INACTIVE, "The auth server says the token is no longer active"
    )
