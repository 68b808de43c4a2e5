"""Run configuration: the world around the policy.

A run is fully described by a :class:`RunConfig` (who is in the world and how they behave) and
a seed. The policy sits inside it; every knob of either is also a ``--set`` *setting* of one
flat namespace (:mod:`simtoken.config.settings`), so ``simtoken run refresh --set
access_token_lifetime=60 --set clients=3`` and ``simtoken.run("refresh",
access_token_lifetime=60, clients=3)`` name them the same way. A configuration is validated
when it is made (:mod:`simtoken.validate`): a bad value is refused with an error that names
the field, the value and what is allowed.

How a user logs in is ``login_flow`` (:mod:`simtoken.config.flow`): one ``login`` request, the
authorization-code flow collapsed (``direct``, the default), the real flow with PKCE (``code``)
or the deprecated implicit grant (``implicit``); ``flow_attack`` names an attack on the flow.

The client's activity pattern alternates *active* periods (the user is at the app and calls
the API every ``request_interval`` seconds on average) with *idle* periods (app in the
background, no calls). Period lengths and call gaps are exponentially distributed, drawn from
the run's seeded random generator.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Literal, get_origin, get_type_hints

from simtoken.config.access import check_access, check_audiences
from simtoken.config.binding import BindingSettings
from simtoken.config.compromise import CompromiseSettings
from simtoken.config.detection import DetectionSettings
from simtoken.config.flow import AppKind, FlowAttack, LoginFlow, PkceMode, check_flow
from simtoken.config.keys import check_keys_and_forgery
from simtoken.config.kinds import (
    CookiePrefix,
    CookieSameSite,
    RefreshMode,
    Storage,
    Strategy,
    TheftVector,
)
from simtoken.config.proofs import ProofSettings
from simtoken.config.sso import LogoutKind, check_sso
from simtoken.errors import ConfigError
from simtoken.jose.client_auth import ClientAuthMethod, ClientType
from simtoken.jose.scopes import OPERATIONS, Operation
from simtoken.jose.weakness import Weakness, parse_weaknesses
from simtoken.names import DEFAULT_AUDIENCE
from simtoken.policy.model import Policy
from simtoken.validate import choice, flag, number, probability, url_path

__all__ = [
    "CookiePrefix",
    "CookieSameSite",
    "RefreshMode",
    "RunConfig",
    "Storage",
    "Strategy",
    "TheftVector",
]


@dataclass(frozen=True)
class RunConfig(DetectionSettings, ProofSettings, BindingSettings, CompromiseSettings):
    """The world of one run: its policy, its clients and their behaviour, its network.

    The settings of detection, proofs, binding and key compromise are inherited from the
    mixins of :mod:`simtoken.config.detection`, :mod:`~simtoken.config.proofs`,
    :mod:`~simtoken.config.binding` and :mod:`~simtoken.config.compromise`.
    """

    policy: Policy = field(default_factory=Policy)
    clients: int = 1
    """Number of users, each with one client app (see ``tabs``); 0 only with workers."""
    horizon: float = 86_400.0
    """Simulated seconds to run."""
    request_interval: float = 60.0
    """Mean seconds between API calls while the user is active."""
    active_period: float = 3_600.0
    """Mean length of an active period, in seconds."""
    idle_period: float = 7_200.0
    """Mean length of an idle period (app unused), in seconds."""
    refresh: RefreshMode = "reactive"
    """none | reactive (refresh after a 401) | proactive (refresh refresh_margin s before exp)."""
    refresh_margin: float = 60.0
    """Proactive refresh this many seconds before the access token expires (Auth0 suggests 60 s)."""
    latency: float = 0.05
    """One-way network latency in seconds."""
    loss: float = 0.0
    """Probability that a request is lost in the network."""
    response_loss: float = 0.0
    """Probability that a server's answer is lost (the app is killed, the connection drops)."""
    timeout: float = 10.0
    """Seconds a client waits for an answer before giving up on a request."""
    rs_skew: float = 0.0
    """Resource servers' clock offset in seconds (positive: their clock runs ahead)."""
    audiences: tuple[str, ...] = (DEFAULT_AUDIENCE,)
    """The APIs (resource servers) the clients call, one audience each."""
    tabs: int = 1
    """Tabs (or app instances) per user, sharing one token storage."""
    race_window: float = 0.2
    """With several tabs: when the user comes back, every tab calls within this many seconds."""
    single_flight: bool = False
    """Tabs coordinate (a cross-tab lock) so that only one refreshes at a time."""
    logout_at: float = 0.0
    """Sim time at which each user logs out and stops (0: never)."""
    victim_stops_at: float = 0.0
    """Sim time at which the first user closes the app for good, without logging out (0: never)."""
    storage: Storage = "web_storage"
    """Where the client keeps tokens: memory | web_storage | cookie_rt | cookie_bff | keystore."""
    tls: bool = True
    """Whether traffic is encrypted (without TLS a sniffer on the network reads every token)."""
    theft_vector: TheftVector = "none"
    """none | xss | persistent_xss | device | sniffing | log_leak | new_flow | csrf."""
    theft_at: float = 3600.0
    """Sim time of the theft (the first user is the victim)."""
    attacker_strategy: Strategy = "immediate"
    """immediate | wait_offline | aggressive | quiet | race | precompute."""
    attacker_interval: float = 60.0
    """Mean seconds between the attacker's API calls."""
    dpop_key_extractable: bool = False
    """With DPoP: whether the client's private key can be read out (a non-extractable WebCrypto
    key cannot: stealing storage does not take it)."""
    resteal_interval: float = 10.0
    """With persistent_xss: the injected script re-reads the newest tokens this often."""
    forge: str = "none"
    """An attack class (simtoken.forgery.attacks) the attacker forges tokens of from theft_at on."""
    vulnerable: tuple[str, ...] = ()
    """Weaknesses switched on in every verifier (simtoken.jose.weakness); empty: hardened."""
    key_rotation_interval: float = 0.0
    """The auth server signs with a new key (new kid) this often, in seconds (0: never)."""
    key_overlap: float = 86_400.0
    """A retired signing key stays in the published JWKS this many seconds."""
    key_prepublish: float = 0.0
    """The next signing key is published this many seconds before its first use."""
    jwks_cache_ttl: float = 300.0
    """With key rotation: APIs re-fetch the JWKS when their copy is this old (PyJWKClient 300 s)."""
    jwks_refetch: bool = True
    """With key rotation: APIs re-fetch the JWKS at once when a token names an unknown kid."""
    jwks_refetch_interval: float = 30.0
    """With key rotation: at most one unknown-kid re-fetch per API per this many seconds."""
    login_flow: LoginFlow = "direct"
    """direct (one login request: the code flow collapsed) | code (authorization code + PKCE) |
    implicit (response_type=token, deprecated)."""
    pkce: PkceMode = "S256"
    """With login_flow=code: the app's PKCE method, S256 | plain | none (RFC 7636 §4.2)."""
    use_state: bool = True
    """With login_flow=code or implicit: the app sends a random state and drops a response
    that does not bring it back (RFC 6749 §10.12)."""
    app_kind: AppKind = "web"
    """web (redirect URI https://app.example/callback) | native (com.example.app:/callback, a
    private-use URI scheme, RFC 8252 §7.1)."""
    flow_attack: FlowAttack = "none"
    """An attack on the login flow from theft_at on (the first user is the victim): none |
    code_interception | redirect_uri | login_csrf | implicit_leak."""
    apps: int = 1
    """Apps per user, each its own client_id, store and grant, sharing the user's browser (the IdP
    session): the first signs in with the password, the others silently (single sign-on). App k
    calls the k-th API (round robin). More than 1 needs login_flow=code."""
    logout_kind: LogoutKind = "app"
    """What the logout at logout_at reaches: app (its tokens forgotten, its refresh token revoked)
    | idp (also ends the IdP session) | frontchannel (idp, and iframes tell the other apps) |
    backchannel (idp, and a signed Logout Token is POSTed to each other app)."""
    block_third_party_cookies: bool = True
    """The browser blocks third-party cookies and partitions third-party storage (Safari and
    Firefox do by default): a front-channel logout iframe cannot reach its app's tokens."""
    client_type: ClientType = "public"
    """public (a browser or mobile app: no secret) | confidential (the app authenticates at the
    token endpoint with a secret kept on its server; a stolen refresh token alone is useless)."""
    client_auth: ClientAuthMethod = "client_secret_basic"
    """How a confidential client sends its secret: client_secret_basic | client_secret_post."""
    operations: tuple[Operation, ...] = ()
    """The operations every API offers (read, write, delete), each needing the scope
    <api>:<operation>; empty: APIs check no scope."""
    client_operations: tuple[Operation, ...] = OPERATIONS
    """The operations the apps and workers ask scopes for and call (least privilege: fewest)."""
    allowed_operations: tuple[Operation, ...] = OPERATIONS
    """The operations whose scopes the auth server grants a client (its registration)."""
    workers: int = 0
    """Background workers with no user: confidential clients of the client-credentials grant."""
    worker_interval: float = 60.0
    """Seconds between a worker's API calls, on a fixed schedule (a cron job)."""
    cookie_samesite: CookieSameSite = "strict"
    """The SameSite of the app's cookie (cookie_rt: the refresh cookie; cookie_bff: the session
    cookie): strict | lax (also cross-site links, not a cross-site POST) | none (all requests)."""
    cookie_secure: bool = True
    """cookie_rt: the refresh cookie is Secure (never sent, nor set, over plain HTTP)."""
    cookie_http_only: bool = True
    """cookie_rt: the refresh cookie is HttpOnly (no script of the page can read it)."""
    cookie_prefix: CookiePrefix = "__Secure-"
    """cookie_rt: the refresh cookie's name prefix: none | __Secure- (needs Secure) | __Host-
    (needs Secure and cookie_path=/)."""
    cookie_path: str = "/auth/refresh"
    """cookie_rt: the refresh cookie's Path (the browser sends it only to URLs under it)."""
    cookie_max_age: float = 86_400.0
    """cookie_rt: the refresh cookie's Max-Age in seconds (set again by every rotation)."""
    csrf_token: bool = True
    """cookie_rt, cookie_bff: the app's endpoints require the anti-CSRF token its pages carry."""
    origin_check: bool = True
    """cookie_rt, cookie_bff: the app's endpoints refuse a browser request from another Origin."""

    def __post_init__(self) -> None:
        if not isinstance(self.policy, Policy):
            raise ConfigError("policy", self.policy, "a simtoken.Policy")
        self._check_numbers()
        self._check_names_and_flags()
        self._check_timing()
        check_audiences(self.audiences)
        check_access(self)
        self._check_topics()

    def _check_topics(self) -> None:
        """The keys and the forgery, then each topic mixin's settings."""
        check_keys_and_forgery(
            algorithm=self.policy.algorithm,
            key_rotation_interval=self.key_rotation_interval,
            key_prepublish=self.key_prepublish,
            forge=self.forge,
            vulnerable=self.vulnerable,
        )
        self._check_detection()
        self._check_proofs()
        self._check_binding()
        self._check_compromise()

    def _check_numbers(self) -> None:
        """Each number on its own: its kind (whole or not) and its range."""
        number("clients", self.clients, integer=True, minimum=0 if self.workers else 1)
        number("horizon", self.horizon, positive=True)
        number("request_interval", self.request_interval, positive=True)
        number("active_period", self.active_period, positive=True)
        number("idle_period", self.idle_period, minimum=0)
        number("refresh_margin", self.refresh_margin, minimum=0)
        number("latency", self.latency, minimum=0)
        number("timeout", self.timeout, positive=True)
        number("rs_skew", self.rs_skew)
        probability("loss", self.loss)
        probability("response_loss", self.response_loss)
        number("tabs", self.tabs, integer=True, minimum=1)
        number("apps", self.apps, integer=True, minimum=1)
        number("race_window", self.race_window, minimum=0)
        number("logout_at", self.logout_at, minimum=0)
        number("victim_stops_at", self.victim_stops_at, minimum=0)
        number("theft_at", self.theft_at, minimum=0)
        number("attacker_interval", self.attacker_interval, positive=True)
        number("resteal_interval", self.resteal_interval, positive=True)
        number("key_rotation_interval", self.key_rotation_interval, minimum=0)
        number("key_overlap", self.key_overlap, minimum=0)
        number("key_prepublish", self.key_prepublish, minimum=0)
        number("jwks_cache_ttl", self.jwks_cache_ttl, positive=True)
        number("jwks_refetch_interval", self.jwks_refetch_interval, minimum=0)
        number("cookie_max_age", self.cookie_max_age, positive=True)

    def _check_names_and_flags(self) -> None:
        """Each closed set of names (a ``Literal`` field) and each true-or-false switch."""
        for name, kind in _field_types().items():
            if get_origin(kind) is Literal:
                choice(name, getattr(self, name), kind)
            elif kind is bool:
                flag(name, getattr(self, name))
        url_path("cookie_path", self.cookie_path)

    def _check_timing(self) -> None:
        """Times that must fit each other: the theft, the proactive refresh, the timeout."""
        attacked = self.theft_vector != "none" or self.forge != "none" or self.attacks_flow
        check_flow(
            self.login_flow, self.flow_attack, self.theft_vector, self.policy.sender_constraint
        )
        check_sso(self.apps, self.logout_kind, self.login_flow)
        if attacked and self.theft_at >= self.horizon:
            raise ConfigError(
                "theft_at", self.theft_at, f"a sim time before the horizon ({self.horizon:g} s)"
            )
        if self.refresh == "proactive" and self.refresh_margin >= self.policy.access_token_lifetime:
            raise ConfigError(
                "refresh_margin",
                self.refresh_margin,
                f"less than access_token_lifetime ({self.policy.access_token_lifetime} s)",
            )
        if 2 * self.latency >= self.timeout:
            raise ConfigError(
                "timeout", self.timeout, f"more than a round trip ({2 * self.latency} s)"
            )

    @property
    def attacks_flow(self) -> bool:
        """Whether an attacker goes after the login flow (``flow_attack`` other than none)."""
        return self.flow_attack != "none"

    @property
    def weaknesses(self) -> frozenset[Weakness]:
        """The ``vulnerable`` names as :class:`~simtoken.jose.weakness.Weakness` members."""
        return parse_weaknesses(self.vulnerable)


@functools.cache
def _field_types() -> dict[str, Any]:
    """The type of each :class:`RunConfig` field, read once."""
    return get_type_hints(RunConfig)
