"""Presets: named products' documented token defaults, each expressed as a :class:`Policy`.

A preset is like a car's factory settings: it says how a product behaves out of the box, not
how it should be configured. ``PRESETS["okta-spa"]`` is what an Okta single-page app gets
unless someone changes it; ``rfc9700-bcp`` is what the standards ask for; ``naive`` is the
teaching baseline that belongs to no product. **Numbers are defaults, not recommendations.**

Every number is written in the preset's :attr:`Preset.notes` with the key of its source next
to it, for example ``access_token_lifetime 86400 s [A-at]``.
:data:`~simtoken.policy.sources.SOURCES` maps each key to its public reference (a URL,
sometimes followed by the file or commit read);
``docs/presets.md`` (written by :mod:`simtoken.policy.tables`) lists every preset number with
its source and status, and a test keeps it in step. The notes use these marks:
**[unconfirmed]** (not checked against a primary source), **[secondary]** (only from a
third-party page or an issue) and **[inference]** (an interpretation no source states), plus
**[choice]** for a value simtoken had to pick because the product has no such setting or
documents none. The notes end with what the simulator cannot
model and why.

Unless a preset's notes say otherwise the signing algorithm is RS256 (Keycloak's default
[K-const]; the sources record no algorithm for most products) and the verifier leeway is
0 s (PyJWT's default [pyjwt]): leeway is a setting of the library that checks tokens, not of
the auth server. The Policy has no "unlimited" lifetime: a product's unlimited refresh token
is modelled as ten years (315,360,000 s), far beyond any simulated horizon.

>>> get_preset("okta-spa").policy.grace_interval
30.0
>>> get_preset("auth0-spa").sources[:3]
('A-cfg', 'A-exp', 'A-at')
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

from simtoken.errors import ConfigError, resolve_name
from simtoken.policy.model import Policy
from simtoken.policy.sources import MARKS, SOURCES

__all__ = [
    "PRESETS",
    "Preset",
    "cited",
    "get_preset",
]

_TEN_YEARS = 315_360_000
_CITATION = re.compile(r"\[([^\]]+)\]")


@dataclass(frozen=True)
class Preset:
    """A named product setting: its :class:`Policy`, and notes that source every number."""

    name: str
    """Short name used on the command line, e.g. ``auth0-spa``."""
    title: str
    """Product and setting, e.g. "Auth0, single-page app"."""
    policy: Policy
    """The auth server policy that reproduces the product's defaults."""
    notes: str
    """Each value with its source key, the marks [unconfirmed]/[secondary]/[inference]/[choice],
    and what the simulator cannot model."""
    sources: tuple[str, ...]
    """The source keys the notes cite, in order of first use (keys of :data:`SOURCES`)."""


def cited(notes: str) -> tuple[str, ...]:
    """Source keys cited in ``notes``: ``[A-at]``, ``[O-rt, O-sdk]``, ``[9700 §4.14.2]``."""
    keys: list[str] = []
    for group in _CITATION.findall(notes):
        for part in group.split(","):
            key = part.strip().split(" ")[0]
            if key not in MARKS and key not in keys:
                keys.append(key)
    return tuple(keys)


def _preset(name: str, title: str, notes: str, policy: Policy) -> Preset:
    text = inspect.cleandoc(notes)
    sources = cited(text)
    for key in sources:
        if key not in SOURCES:
            raise ConfigError(
                f"presets[{name!r}].notes", key, "a key of simtoken.policy.sources.SOURCES"
            )
    return Preset(name, title, policy, text, sources)


_PRESETS = (
    _preset(
        "naive",
        "Teaching baseline (no product)",
        """
        Not a product: the baseline every other preset is compared with.
        access_token_lifetime 3600 s [choice]: a common one-hour default (Okta's org AS
        [O-life], Hydra [H-cfg]).
        refresh_token_lifetime 2592000 s (30 d), no idle timeout [choice]: a long-lived bearer
        refresh token, the kind RFC 9700 calls an attractive target [9700 §4.14.1].
        rotation off [choice]: RFC 6749 makes a new refresh token optional [6749 §6], so a
        stolen one works as long as the victim's (failure mode F1).
        revoke_on_logout off, revoke_on_idp_logout off, revoke_on_password_change off [choice]:
        nothing is revoked; RFC 9700 only says the AS MAY revoke on either [9700 §4.14.2].
        validation local, leeway 0 s, RS256 [choice].
        """,
        Policy(
            access_token_lifetime=3_600,
            refresh_token_lifetime=2_592_000,
            revoke_on_logout=False,
            revoke_on_password_change=False,
            revoke_on_idp_logout=False,
        ),
    ),
    _preset(
        "auth0-spa",
        "Auth0, single-page app",
        """
        An Auth0 SPA with "Allow Refresh Token Rotation" on, as SPAs default to [A-cfg, A-exp].
        access_token_lifetime 86400 s (24 h) [A-at]: the API default (maximum 30 d).
        rotation on [A-cfg]; reuse_detection family [A-rot]: reusing an invalidated token
        revokes every refresh token issued since it, and the grant: here, the whole family.
        grace_interval 0 s [A-cfg]: the "Rotation Overlap Period" (Auth0 calls it leeway; it is
        grace_interval here, not Policy.leeway) is disabled by default. What an in-overlap
        replay returns is not documented [unconfirmed]; grace_successor stays "new".
        refresh_token_lifetime 2592000 s (30 d) [A-exp]; extend_on_rotate off: the absolute
        lifetime "does not extend when tokens are rotated" [A-cfg].
        refresh_token_idle_lifetime 1296000 s (15 d) [A-cm]: what Auth0's own configuration
        checker shows an SPA application exported from a tenant with (token_lifetime 2592000,
        idle_token_lifetime 1296000, rotating). The docs page [A-exp] shows a 30 d default in
        the table under its idle-lifetime step; its earlier text gave 30 d as the absolute
        lifetime's default, and the Management API example sets 604800, so 15 d is taken from
        the product's own export. Renewed on each exchange [A-exp].
        revoke_on_logout off, revoke_on_idp_logout off [A-ort]: offline_access refresh tokens
        are independent of the Auth0 session, so ending it (logout) leaves them working (only
        the beta, session-bound Online Refresh Tokens are not).
        revoke_on_password_change off [A-pcp]: no automatic revocation is documented; a
        post-login Action could call api.refreshToken.revoke() [A-act].
        validation local [inference]: revocation targets refresh tokens and grants, not JWT
        access tokens [A-rev]. leeway 0 s, RS256 [choice].
        Not modelled: revocation is asynchronous and eventually consistent [A-rev] (the
        simulator revokes instantly); Online Refresh Tokens [A-ort]. DPoP is optional per API
        [A-ort]: add it with sender_constraint=dpop.
        """,
        Policy(
            access_token_lifetime=86_400,
            refresh_token_lifetime=2_592_000,
            refresh_token_idle_lifetime=1_296_000,
            rotation=True,
            reuse_detection="family",
            grace_interval=0.0,
            extend_on_rotate=False,
            revoke_on_logout=False,
            revoke_on_password_change=False,
            revoke_on_idp_logout=False,
        ),
    ),
    _preset(
        "okta-spa",
        "Okta custom authorization server, single-page app",
        """
        An Okta SPA on a custom authorization server with the refresh-token defaults [O-rt].
        access_token_lifetime 3600 s [O-life]: the org AS's fixed 60 min; a custom AS allows
        5 min-24 h and its default is not documented in these sources [unconfirmed].
        rotation on [O-rt]: "Rotate token after every use" is the SPA default.
        reuse_detection family [O-rt] [inference]: reuse invalidates the most recently issued
        refresh token and all access tokens since the login; the latest refresh token is the
        family's only live one, so family is the closest value.
        grace_interval 30 s [O-rt, O-sdk]: the rotation grace period, range 0-60 s.
        grace_successor "new" [unconfirmed] [choice]: what a replay in the grace period returns
        is not documented.
        refresh_token_lifetime 315360000 s [O-rt, O-life]: unlimited in the product (custom AS
        default; range 10 min-5 y), modelled as 10 years. The org AS fixes 90 d.
        refresh_token_idle_lifetime 604800 s (7 d) [O-rt]: the token "expires every seven days
        if it hasn't been used".
        extend_on_rotate off [O-rt]: a rotated token keeps the original expiry.
        revoke_on_logout off, revoke_on_idp_logout off, revoke_on_password_change off
        [unconfirmed] [choice]: neither is
        documented; revocation takes the revoke endpoint [O-rev] or the admin call
        revokeUserSessions with oauthTokens [O-sess] [secondary].
        validation local [choice]: the invalidated access tokens of a reuse only show to APIs
        that introspect [inference]. leeway 0 s, RS256 [choice].
        DPoP-bound tokens are optional [O-dpop]: add them with sender_constraint=dpop.
        Not modelled: signing-key rotation [O-keys].
        """,
        Policy(
            access_token_lifetime=3_600,
            refresh_token_lifetime=_TEN_YEARS,
            refresh_token_idle_lifetime=604_800,
            rotation=True,
            reuse_detection="family",
            grace_interval=30.0,
            grace_successor="new",
            extend_on_rotate=False,
            revoke_on_logout=False,
            revoke_on_password_change=False,
            revoke_on_idp_logout=False,
        ),
    ),
    _preset(
        "keycloak-default",
        "Keycloak, realm defaults",
        """
        A Keycloak realm with its defaults and a browser login (not offline_access).
        access_token_lifetime 300 s [K-code].
        rotation off [K-to, K-code]: Revoke Refresh Token (revokeRefreshToken) is off by
        default, so a refresh token stays usable within the session limits. Turned on, Max
        Reuse (refreshTokenMaxReuse, default 0 [K-ui, K-code]) is max_reuse; with rotation off
        max_reuse must stay 0.
        refresh_token_lifetime 36000 s (10 h) [K-to, K-code]: SSO Session Max (Client Session
        Max 0 inherits it).
        refresh_token_idle_lifetime 1800 s (30 min) [K-to, K-code]: SSO Session Idle, renewed
        by every refresh. Keycloak keeps the session 2 more minutes (30 -> 32 min) for cluster
        replication [K-to]; the Policy has no such window, and the refresh token's own exp is
        set from the idle timeout without it [inference], so 1800 s is kept.
        revoke_on_logout on, revoke_on_idp_logout on [K-rh]: refresh tokens belong to the user
        (SSO) session, so ending it kills them (offline tokens survive a browser logout
        [K-pt] [secondary]).
        revoke_on_password_change off [unconfirmed] [choice]: a "sign out other devices"
        option exists; its default was not verified.
        validation local [K-rh]: signing out all sessions "does not revoke outstanding ATs".
        algorithm RS256 [K-const]; leeway 0 s [choice].
        idp_session_lifetime 36000 s (10 h) [K-to, K-code]: the SSO session behind
        prompt=none is the same SSO Session Max. code_lifetime 60 s [K-code]: Client Login
        Timeout (accessCodeLifespan). require_pkce off [inference]: a client's PKCE Method is
        unset unless an admin sets it.
        Not modelled: with rotation on, reuse past Max Reuse ends the whole client session,
        other tabs included [K-tm, K-16081]; offline sessions (idle 30 d, max 60 d when
        limited) [K-const]. DPoP is optional [K-dpop]: sender_constraint=dpop.
        """,
        Policy(
            access_token_lifetime=300,
            refresh_token_lifetime=36_000,
            refresh_token_idle_lifetime=1_800,
            rotation=False,
            max_reuse=0,
            revoke_on_logout=True,
            revoke_on_password_change=False,
        ),
    ),
    _preset(
        "cognito-rotation",
        "AWS Cognito user pool, refresh-token rotation enabled",
        """
        A Cognito app client with RefreshTokenRotation Feature ENABLED, an optional setting
        [C-rot], refreshing through GetTokensFromRefreshToken (REFRESH_TOKEN_AUTH cannot rotate
        [C-rt]).
        access_token_lifetime 3600 s [C-at]: "If you don't specify otherwise in the
        configuration of your app client, your access tokens are valid for one hour"; the range
        is 5 min to 1 day (ExpiresIn 3600 in AWS examples too [C-rev]).
        rotation on [C-rot]; reuse_detection none [unconfirmed]: no reuse detection or family
        revocation is documented, so a rotated-out token is just rejected.
        grace_interval 0 s [C-rot] [choice]: RetryGracePeriodSeconds is optional, 0-60 s; 0
        "immediately invalidates the submitted refresh token". The value when unset is not
        stated [unconfirmed]; 0 is the strictest documented value. What an in-grace retry
        returns is [unconfirmed]; grace_successor stays "new".
        refresh_token_lifetime 2592000 s (30 d) [C-rt] (range 60 min-10 y); extend_on_rotate
        off: a rotated token keeps the original's remaining validity [C-rt].
        refresh_token_idle_lifetime 0 (none) [unconfirmed]: no idle timeout is documented.
        revoke_on_logout on [C-rev, C-gso] [secondary]: sign-out by RevokeToken (this token's
        grant) or GlobalSignOut (all the user's refresh tokens) ends the session's tokens.
        revoke_on_password_change off [unconfirmed] [choice].
        validation local [choice]: AWS says access tokens "aren't valid" after RevokeToken
        [C-rev] yet "remain valid until they expire" after GlobalSignOut [C-gso]; an API that
        checks JWTs locally sees the latter. leeway 0 s, RS256 [choice].
        Not modelled: SDKs refresh with 2 min or more left [C-rt] (a client setting,
        refresh_margin); GlobalSignOut also ends the user's other sessions.
        """,
        Policy(
            access_token_lifetime=3_600,
            refresh_token_lifetime=2_592_000,
            rotation=True,
            reuse_detection="none",
            grace_interval=0.0,
            extend_on_rotate=False,
            revoke_on_logout=True,
            revoke_on_password_change=False,
        ),
    ),
    _preset(
        "entra-spa",
        "Microsoft Entra ID, single-page app",
        """
        A Microsoft Entra ID single-page app (public client).
        access_token_lifetime 3600 s [E-zt]: Entra picks 60-90 min; the lower end is used.
        CAE-capable apps get up to 28 h [E-cae-app] (not modelled).
        rotation off [E-rt]: refresh tokens "replace themselves with a fresh token upon every
        use" but the old one is not revoked. The simulator models that as one reusable refresh
        token; a stolen copy lives just as long, since replacements keep the original expiry.
        refresh_token_lifetime 86400 s (24 h) [E-rt]: fixed and non-sliding for SPAs, carried
        over to the replacements, not configurable; no idle timeout (0) [E-rt].
        revoke_on_logout off, revoke_on_idp_logout off [unconfirmed] [choice]: the sources
        document revocation only through revokeSignInSessions (all refresh tokens, after "a
        small delay of a few minutes") [E-rev], a delay the simulator cannot express.
        revoke_on_password_change on [E-rt]: a user change, SSPR or admin reset revokes
        password-based public-client tokens (confidential clients' stay valid).
        validation local [choice]: CAE rejects access tokens on critical events within up to
        15 min [E-cae]; not modelled. leeway 0 s, RS256 [choice].
        """,
        Policy(
            access_token_lifetime=3_600,
            refresh_token_lifetime=86_400,
            rotation=False,
            revoke_on_logout=False,
            revoke_on_idp_logout=False,
            revoke_on_password_change=True,
        ),
    ),
    _preset(
        "hydra",
        "Ory Hydra (Fosite), configuration defaults",
        """
        Ory Hydra with its configuration defaults.
        access_token_lifetime 3600 s [H-cfg]: ttl.access_token 1h (Ory Network projects 30 m).
        refresh_token_lifetime 2592000 s [H-cfg]: ttl.refresh_token 720h (-1 means never).
        rotation on [H-grace]: using a refresh token marks it used and revokes the access token
        it was issued with. reuse_detection family [H-grace]: reuse after the grace period
        "will revoke all tokens linked to the consent request".
        grace_interval 0 s [H-grace]: rotation_grace_period is off unless set. Hydra clamps it
        to at most 5 min, or, when rotation_grace_reuse_count is set, to at most 180 d
        [H-code]; the docs say 30 d for the latter [H-2217]. Tokens minted in it stay in the
        same chain, so grace_successor "new" keeps one family [H-grace].
        extend_on_rotate on [inference]: no source states it. Fosite's refresh
        handler (handler/oauth2/flow_refresh.go) gives each new refresh token now +
        ttl.refresh_token, so a chain used at least every 30 d has no absolute cap (F8).
        revoke_on_logout off, revoke_on_idp_logout off [unconfirmed] [choice]: logout is not
        documented in the sources; revoking any token of the chain revokes all of it [H-grace].
        revoke_on_password_change off [inference]: Hydra keeps no passwords (login is the
        operator's app), so it does nothing on a password change by itself.
        validation introspection, introspection_cache_ttl 0 s [H-cfg]: the default access
        token strategy is opaque ("jwt is a bad idea"), so APIs must introspect; no cache is
        assumed [choice]. The simulator still mints JWTs; only validation reflects opacity.
        leeway 0 s, RS256 [choice].
        """,
        Policy(
            access_token_lifetime=3_600,
            refresh_token_lifetime=2_592_000,
            rotation=True,
            reuse_detection="family",
            grace_interval=0.0,
            extend_on_rotate=True,
            revoke_on_logout=False,
            revoke_on_idp_logout=False,
            revoke_on_password_change=False,
            validation="introspection",
            introspection_cache_ttl=0.0,
        ),
    ),
    _preset(
        "spring-as-default",
        "Spring Authorization Server, TokenSettings defaults",
        """
        Spring Authorization Server with the TokenSettings defaults [S-ts].
        access_token_lifetime 300 s [S-ts]: accessTokenTimeToLive 5 min, self-contained JWT.
        refresh_token_lifetime 3600 s [S-ts]: refreshTokenTimeToLive 60 min; no idle timeout.
        rotation off [S-ts]: reuseRefreshTokens defaults to true.
        revoke_on_logout off, revoke_on_idp_logout off, revoke_on_password_change off
        [unconfirmed] [choice]: none is documented in these sources (Spring AS keeps no
        passwords of its own).
        validation local [S-ts]: self-contained access tokens. leeway 0 s, RS256 [choice].
        Not modelled: mTLS-bound access tokens (x509CertificateBoundAccessTokens, default off)
        [S-ts]; DPoP binding [S-18018] [secondary].
        """,
        Policy(
            access_token_lifetime=300,
            refresh_token_lifetime=3_600,
            rotation=False,
            revoke_on_logout=False,
            revoke_on_idp_logout=False,
            revoke_on_password_change=False,
        ),
    ),
    _preset(
        "simplejwt-default",
        "django-rest-framework-simplejwt, defaults",
        """
        djangorestframework-simplejwt with its default settings; token_blacklist not installed.
        access_token_lifetime 300 s [J-set]: ACCESS_TOKEN_LIFETIME 5 min.
        refresh_token_lifetime 86400 s [J-set]: REFRESH_TOKEN_LIFETIME 1 day; no idle timeout.
        rotation off [J-set]: ROTATE_REFRESH_TOKENS False.
        leeway 0 s [J-set]: LEEWAY 0. algorithm HS256 [J-set]: the ALGORITHM default (one
        shared secret signs and verifies).
        revoke_on_logout off [J-bl]: logging out needs the token_blacklist app and
        TokenBlacklistView, neither active by default.
        revoke_on_password_change off [J-set]: CHECK_REVOKE_TOKEN (default False) would compare
        a password-hash claim and reject tokens after a password change.
        validation local [J-bl]: the blacklist never checks access tokens anyway.
        Not modelled: sliding tokens (SLIDING_TOKEN_LIFETIME 5 min, refresh 1 day) [J-set].
        revoke_on_idp_logout off [choice]: simplejwt keeps no login session of its own to end.
        """,
        Policy(
            access_token_lifetime=300,
            refresh_token_lifetime=86_400,
            leeway=0.0,
            algorithm="HS256",
            rotation=False,
            revoke_on_logout=False,
            revoke_on_idp_logout=False,
            revoke_on_password_change=False,
        ),
    ),
    _preset(
        "simplejwt-rotate",
        "django-rest-framework-simplejwt, ROTATE_REFRESH_TOKENS on",
        """
        simplejwt with ROTATE_REFRESH_TOKENS True [J-set], other settings as simplejwt-default:
        access_token_lifetime 300 s, refresh_token_lifetime 86400 s, algorithm HS256 [J-set].
        rotation on, extend_on_rotate on [J-set]: each refresh returns a new refresh token whose
        expiry is renewed to now + REFRESH_TOKEN_LIFETIME (1 day, 86400 s): sliding, no cap.
        reuse_detection none [J-bl]: a blacklisted token just fails; nothing else is revoked.
        grace_interval 0 s, max_reuse 0 [J-set]: simplejwt has no grace setting.
        Limitation: BLACKLIST_AFTER_ROTATION defaults to False and needs the token_blacklist
        app [J-set, J-bl], so with literal defaults the old token stays valid until its own
        expiry. The Policy has no "new token, old one still valid" mode (rotation always
        retires the old token; max_reuse only counts replays), so this preset models rotation
        as the docs pair it: BLACKLIST_AFTER_ROTATION True, app installed. The literal default
        is an uncapped sliding token that is never retired: worse for a stolen copy.
        revoke_on_logout off [J-bl] (TokenBlacklistView must be routed by the project),
        revoke_on_password_change off [J-set], validation local, leeway 0 s, HS256 [J-set].
        revoke_on_idp_logout off [choice]: simplejwt keeps no login session of its own to end.
        """,
        Policy(
            access_token_lifetime=300,
            refresh_token_lifetime=86_400,
            leeway=0.0,
            algorithm="HS256",
            rotation=True,
            reuse_detection="none",
            grace_interval=0.0,
            max_reuse=0,
            extend_on_rotate=True,
            revoke_on_logout=False,
            revoke_on_idp_logout=False,
            revoke_on_password_change=False,
        ),
    ),
    _preset(
        "supabase-hosted",
        "Supabase Auth (GoTrue), hosted defaults",
        """
        Supabase Auth on the hosted platform.
        access_token_lifetime 3600 s [SB-conf]: GoTrue's JWT.Exp default (GOTRUE_JWT_EXP);
        the docs say "usually between 5 minutes and 1 hour" [SB-doc].
        rotation on [SB-code, SB-doc]: rotation is enabled by default and refresh tokens "can
        only be used once". reuse_detection family [SB-code]: reuse outside the interval
        revokes the token family (the v2 algorithm ends the whole session: the same set here).
        grace_interval 10 s [SB-doc, SB-213]: REFRESH_TOKEN_REUSE_INTERVAL on the hosted
        platform (the self-host example sets 0 [SB-code]).
        forgive_active_parent on, grace_successor same [SB-code]: a revoked token that is the
        parent of the currently active one gets that active child back, at any time (the
        check comes before the reuse interval's). Inside the 10 s interval Supabase also gives
        other revoked tokens a new successor; the simulator forgives only the parent of an
        active token, so such a replay is reuse here (not modelled).
        refresh_token_lifetime 315360000 s [SB-doc]: refresh tokens "never expire", modelled as
        10 years; extend_on_rotate off (nothing to extend).
        refresh_token_idle_lifetime 0 (none) [SB-doc]: session time-box and inactivity timeout
        are optional and plan-dependent [unconfirmed].
        revoke_on_logout on, revoke_on_password_change on [SB-doc]: the session ends on
        sign-out and on a password change.
        validation local [SB-doc]: access tokens are JWTs with a session_id claim.
        leeway 0 s [choice]; RS256 [choice]: no source records the algorithm [unconfirmed].
        Not modelled: the single-session-per-user option [SB-doc]; the v2 counter's tolerance
        of one lost save [SB-code].
        """,
        Policy(
            access_token_lifetime=3_600,
            refresh_token_lifetime=_TEN_YEARS,
            rotation=True,
            reuse_detection="family",
            grace_interval=10.0,
            grace_successor="same",
            forgive_active_parent=True,
            extend_on_rotate=False,
            revoke_on_logout=True,
            revoke_on_password_change=True,
        ),
    ),
    _preset(
        "rfc9700-bcp",
        "RFC 9700 / OAuth 2.1 / browser-apps BCP, public client",
        """
        Not a product: what RFC 9700, OAuth 2.1 and the browser-apps BCP ask of an AS serving a
        public client, with the BCP's example numbers.
        access_token_lifetime 600 s (10 min) [BBA]: the BCP's example; short access tokens make
        revocation effectively faster [6819 §3.3].
        refresh_token_lifetime 28800 s (8 h) [BBA]: a maximum lifetime or an idle expiry is a
        MUST; the example is 8 h. extend_on_rotate off [BBA]: a rotated token MUST NOT outlive
        the initial one (the example's rotated token gets 7 h 50 min).
        refresh_token_idle_lifetime 3600 s (1 h) [choice]: unused tokens SHOULD expire, at the
        AS's discretion [9700 §4.14.2, 2.1 §4.3.3].
        rotation on [9700 §4.14.2, 2.1 §4.3.1]: public clients MUST rotate or sender-constrain;
        this preset rotates; sender_constraint=dpop adds the other option [9449].
        reuse_detection family [9700 §4.14.2,
        2.1 §4.3.1]: revoke the active refresh token and the grant.
        grace_interval 30 s [choice], grace_successor same [FAPI2]: a retry with the previous
        token must succeed when the response was lost; handing back the successor already
        issued keeps one chain. No standard gives a number; 30 s outlasts the client's
        default 10 s timeout plus a retry.
        revoke_on_logout on, revoke_on_idp_logout on [BBA]: the refresh token SHOULD end with the
        user's AS session.
        revoke_on_password_change on [9700 §4.14.2]: the AS MAY revoke on a password change.
        validation local [choice]: the standards ask for short-lived, audience-restricted
        access tokens [9700 §2.3], not revocable ones; self-contained tokens cannot be revoked
        without RS-AS interaction [7009 §3]. Set validation=denylist to add that mitigation.
        leeway 0 s [choice]: RFC 7519 allows "some small leeway" [7519 §4.1.4]. RS256 [choice].
        Sender-constrained tokens (DPoP, RFC 9449) are off here; sender_constraint=dpop adds
        them, and only a non-extractable key stops a stolen refresh token outright [9449].
        require_pkce on [9700 §2.1.1, 2.1 §4.1.1]: public clients MUST use PKCE.
        allow_plain_pkce off [9700 §2.1.1]: clients SHOULD use a method that does not reveal
        the verifier, and S256 is the only one. redirect_uri_matching exact [9700 §2.1]:
        exact string matching. allow_implicit off [9700 §2.1.2]: clients SHOULD NOT use it.
        """,
        Policy(
            access_token_lifetime=600,
            refresh_token_lifetime=28_800,
            refresh_token_idle_lifetime=3_600,
            rotation=True,
            reuse_detection="family",
            grace_interval=30.0,
            grace_successor="same",
            extend_on_rotate=False,
            revoke_on_logout=True,
            revoke_on_password_change=True,
            require_pkce=True,
            allow_plain_pkce=False,
            redirect_uri_matching="exact",
            allow_implicit=False,
        ),
    ),
)

PRESETS: dict[str, Preset] = {p.name: p for p in _PRESETS}
"""All presets, by name, in catalog order."""


def get_preset(name: str) -> Preset:
    """The preset called ``name`` (any case); :class:`~simtoken.errors.UnknownNameError` if none."""
    return PRESETS[resolve_name("preset", name, PRESETS)]
