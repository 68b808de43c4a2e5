"""Metrics: the numbers a run is judged by, computed from the trace alone.

Names and definitions, exactly (the words are defined in ``docs/glossary.md``):

======================== =====================================================================
``victim_logins``        interactive logins the legitimate users had to perform after their first
                         (the *forced re-logins*): ``login`` events, never a ``silent_sign_in``
``false_logouts``        those of them with no attacker involved and no deliberate revocation:
                         the refresh failed because of a race between the user's own tabs, a
                         lost request or answer, clock skew ... (not because a refresh token
                         reached its absolute or idle expiry, nor because the browser stopped
                         sending the refresh cookie, ``no_cookie``, nor because of a logout, a
                         password change or an admin)
``victim_availability``  fraction of the users' (and workers') API calls that succeeded (None if
                         none were made)
``as_load_per_h``        requests handled by the auth server per simulated hour
``residual_access_s``    after a logout or a revocation: the longest time an access token issued
                         before it still works at the APIs (None if nothing was revoked)
``attacker_access_s``    seconds during which the attacker holds at least one access token an API
                         would accept at that instant *on its own*, without the victim's page
                         (see *Attacker windows* below)
``attacker_online_s``    seconds, outside ``attacker_access_s``, during which the victim's page
                         is open and a request the attacker makes through it would be accepted
``attacker_online_calls`` accepted requests (API calls and refreshes) made through the victim's
                         open page
``attacker_refresh_s``   seconds during which the attacker holds a refresh token the auth server
                         would honour from it
``attacker_api_calls``   API calls of the attacker that an API accepted, with a token it holds or
                         through the victim's page
``detection_latency_s``  from the theft to the first reuse detection or revocation of a family
                         the attacker holds tokens of (None if never, or if there was no theft)
``forged_accepted``      requests carrying a token the attacker forged that a server accepted
                         (failure mode F10; the target is 0)
``csrf_accepted``        cross-site requests (noted ``csrf``) that the victim's browser sent for
                         the attacker's page, riding the app's cookie, and a server accepted: a
                         refresh (``cookie_rt``: it mints tokens and rotates the cookie, though
                         the attacker reads none of them) or a call through the
                         backend-for-frontend (``cookie_bff``). Not in ``attacker_api_calls``:
                         the victim's browser sent them (the target is 0)
``key_outage_s``         seconds during which the users' genuine tokens were refused as
                         ``unknown_key`` (from such a refusal to the next accepted user call;
                         failure mode K1, a JWKS cache that does not know a new key yet)
``calls_as_other_user``  the users' API calls that succeeded (``call`` events with ``ok``) with an
                         access token whose ``sub`` is another user than the calling app's: the
                         app was signed in to someone else's account (login CSRF, RFC 6749
                         §10.12: the victim's data goes to the attacker's account); 0 otherwise
``silent_sign_ins``      sign-ins of the users' apps that rode the IdP session with
                         ``prompt=none``, no password (``silent_sign_in`` events; single sign-on
                         with ``apps`` > 1)
``residual_access_by_app`` for each app of a user who logged out: seconds after the user's
                         logout (the first ``logout`` request of one of the user's apps) until
                         the app's last access token stops working at its API (``exp +
                         leeway``, or its revocation under ``denylist``/``introspection``),
                         counting the grants started before the user's next interactive
                         login; capped at the horizon (:mod:`simtoken.record.sso_metrics`);
                         empty if nobody logged out
``residual_refresh_by_app`` the same for refresh tokens: until the app's last grant stops being
                         honoured (its ``exp``, revocation or idle expiry)
``attacker_api_calls_by_scope`` with API ``operations``: the attacker's *accepted* API calls per
                         scope needed (``<api>:<operation>``); they add up to
                         ``attacker_api_calls`` (empty without operations;
                         :mod:`simtoken.record.reach`)
``attacker_scope_refusals`` with API ``operations``: the attacker's API calls refused 403
                         ``insufficient_scope``, per scope needed (what its token did not allow)
``nonce_retries``        the users' requests refused for a DPoP server nonce (``use_dpop_nonce``,
                         ``dpop_nonce_invalid``): round trips paid to learn one
``attacker_precomputed_calls`` the attacker's accepted requests made after the victim's page
                         closed with a proof signed ahead in it (noted ``precomputed``)
``attacker_precomputed_reach_s`` the longest time from the page closing to such an accepted
                         request (None if none; :mod:`simtoken.record.proof_metrics`)
``attacker_cookie_s``    ``infostealer``: seconds from the copy of the BFF's session cookie to the
                         last accepted API call made with it from the attacker's machine
                         (:mod:`simtoken.record.binding_windows`); 0 without one
``attacker_cookie_calls`` those accepted calls (also in ``attacker_api_calls``)
``true_positives``       the detector's alerts on the attacker's requests; ``false_positives``: on
                         anyone else's (ground truth; :mod:`simtoken.record.detection_metrics`)
``true_positives_per_100_user_days`` those per 100 user-days (``clients`` times days); also
                         ``false_positives_per_100_user_days``: the cost to users (None: no users)
``detection_rate``       true positives / the attacker's refreshes the detector scored (None: none)
``step_ups``             alerts whose action was ``step_up`` (a family ended: a new login needed)
``stolen_families``      token families the attacker held a token of (stolen, or issued to it)
``forged_window_s``      from the first to the last accepted forged request, in seconds (None if
                         none was accepted; :mod:`simtoken.record.compromise_metrics`)
``forged_after_rotation_s`` seconds from the emergency key rotation to the last accepted forged
                         request (0 if none after it; None without an emergency rotation)
``users_forced_to_log_in`` users who logged in again after the emergency rotation because their
                         refresh token, signed by the leaked key, was refused
======================== =====================================================================

**Attacker windows.** The attacker metrics use ground truth no server has: which tokens were
stolen and when (``stolen`` events, tokens ``issued`` to the attacker), and when the victim's
page the attacker acts through was open (``page`` events). Each is exactly:

* ``attacker_access_s``: the length of the union, over the access tokens the attacker holds
  (from the ``stolen`` or ``issued`` event on), of [held since, dies), where dies is
  ``exp + leeway``, and, once the token's family is ``revoked`` at r: r under ``denylist``;
  under ``introspection`` the end of the freshest *active* answer the API actually cached, i.e.
  max(r, f + ``introspection_cache_ttl``) over the introspection answers decided before r that
  reached the API at f (none: r); nothing changes under ``local``. A token bound by DPoP to the
  victim's key does not count unless the attacker also stole that (extractable) key (what proofs
  signed ahead in the victim's page let it do is ``attacker_precomputed_calls``). Capped at
  the horizon. It is what the attacker could do, not what it did.
* ``attacker_online_s``: the length of (reach ∩ page open) minus the ``attacker_access_s``
  windows. *Page open* runs from each ``page`` event with ``is_open`` to the next without (the
  user is in an active period and has not closed the app for good; recorded only where the
  attacker acts through the page: riding a BFF session, ``storage=cookie_bff``, refreshing
  with the page's ``HttpOnly`` refresh cookie, ``storage=cookie_rt``, or signing with the
  page's non-extractable DPoP key). *Reach*: with a BFF or a refresh cookie, the windows of the
  victim's own session (its access and refresh tokens, as above from their ``issued`` time: the
  BFF forwards a riding request with the access token, refreshing it first; the page refreshes
  with the cookie); with DPoP, the windows of the victim-key-bound access and refresh tokens the
  attacker holds.
* ``attacker_online_calls``: ``accepted`` outcomes of requests noted ``page`` (the attacker's
  API calls and refreshes signed with the page's key, and its refreshes with the page's
  refresh cookie) or ``riding`` (its API calls riding a BFF session, and the BFF's refresh made
  first for one of them). An access token a refresh through the page hands the script is a
  ``stolen`` bearer token from then on: it counts in ``attacker_access_s``.
* ``attacker_refresh_s``: the length of the union, over the refresh tokens the attacker holds,
  of [held since, min(``exp``, revocation, rotation + ``grace_interval``, horizon)) (with an
  idle lifetime: only within it of the family's creation or last refresh); a refresh token
  bound to the victim's non-extractable DPoP key counts only while the page is open (the
  attacker can sign its refresh through the page); a confidential client's
  (``client_type=confidential``) never counts: the auth server honours it only with the client's
  secret, which the attacker never has. A BFF's refreshes are not the attacker's: they count in
  ``attacker_online_calls``.
* ``attacker_api_calls``: ``accepted`` outcomes of ``api`` requests sent by the attacker, with
  any token (held, forged, or the page's); it includes the online API calls.

The users are the legitimate clients: the users' apps and tabs, and the background workers
(``workers``, the client-credentials grant), who never log in interactively.

Counters that explain them ride along: ``api_calls`` (user-level calls), ``refreshes`` (refresh
requests the auth server handled), ``reuse_detections``, ``family_revocations`` and
``rejections`` (count per reason, over all servers). Because they are computed from the trace,
a metric can never disagree with what the timeline shows.

Most counters come from one pass over the trace (:mod:`simtoken.record.tally`, also
``residual_access_s``); the attacker windows from :mod:`simtoken.record.windows`, the reach by
scope from :mod:`simtoken.record.reach`, the single sign-on metrics from
:mod:`simtoken.record.sso_metrics`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from simtoken.config.run import RunConfig
from simtoken.record.binding_windows import cookie_metrics
from simtoken.record.compromise_metrics import compromise_metrics
from simtoken.record.detection_metrics import detection_metrics
from simtoken.record.events import Event
from simtoken.record.proof_metrics import proof_metrics
from simtoken.record.reach import attacker_reach
from simtoken.record.sso_metrics import sso_metrics
from simtoken.record.tally import CSRF_NOTE, Tally, residual_access
from simtoken.record.trace import Trace
from simtoken.record.windows import attacker_metrics

__all__ = ["ATTACKER_METRICS", "CSRF_NOTE", "USER_METRICS", "Metrics", "compute_metrics"]

ATTACKER_METRICS = (
    "attacker_access_s",
    "attacker_online_s",
    "attacker_online_calls",
    "attacker_refresh_s",
    "attacker_api_calls",
    "detection_latency_s",
)
"""What a thief got, and when it was caught: the first columns of a comparison."""

USER_METRICS = ("victim_logins", "false_logouts", "victim_availability", "as_load_per_h")
"""What a policy costs the users and the auth server: the last columns of a comparison."""


@dataclass(frozen=True)
class Metrics:
    """The metrics of one run (see the module docstring for definitions).

    The fields are in the order of :meth:`to_dict`: what the attacker got first, then what the
    users and the auth server paid, then the counters that explain them.
    """

    attacker_access_s: float = 0.0
    attacker_online_s: float = 0.0
    attacker_online_calls: int = 0
    attacker_refresh_s: float = 0.0
    attacker_api_calls: int = 0
    detection_latency_s: float | None = None
    forged_accepted: int = 0
    csrf_accepted: int = 0
    key_outage_s: float = 0.0
    calls_as_other_user: int = 0
    victim_logins: int = 0
    false_logouts: int = 0
    victim_availability: float | None = None
    as_load_per_h: float = 0.0
    residual_access_s: float | None = None
    api_calls: int = 0
    refreshes: int = 0
    reuse_detections: int = 0
    family_revocations: int = 0
    rejections: Mapping[str, int] = field(default_factory=dict)
    silent_sign_ins: int = 0
    residual_access_by_app: Mapping[str, float] = field(default_factory=dict)
    residual_refresh_by_app: Mapping[str, float] = field(default_factory=dict)
    attacker_api_calls_by_scope: Mapping[str, int] = field(default_factory=dict)
    attacker_scope_refusals: Mapping[str, int] = field(default_factory=dict)
    nonce_retries: int = 0
    attacker_precomputed_calls: int = 0
    attacker_precomputed_reach_s: float | None = None
    attacker_cookie_s: float = 0.0
    attacker_cookie_calls: int = 0
    true_positives: int = 0
    false_positives: int = 0
    true_positives_per_100_user_days: float | None = None
    false_positives_per_100_user_days: float | None = None
    detection_rate: float | None = None
    step_ups: int = 0
    stolen_families: int = 0
    forged_window_s: float | None = None
    forged_after_rotation_s: float | None = None
    users_forced_to_log_in: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, keys named as in this module's docstring, in field order.

        A mapping's keys are sorted.
        """
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = dict(sorted(value.items())) if isinstance(value, Mapping) else value
        return out


def compute_metrics(
    events: Iterable[Event],
    *,
    config: RunConfig,
    auth_server: str,
    clients: Iterable[str] | Mapping[str, str],
    tally: Tally | None = None,
) -> Metrics:
    """Compute :class:`Metrics` from a trace.

    ``clients`` are the legitimate client actors, or a mapping of each to its user (without
    one, a client's user is the one its first login names); ``auth_server`` is the auth
    server's actor name. ``tally``, if given, has already counted every event of the run, and
    ``events`` may then omit the ordinary calls (:mod:`simtoken.record.stream`).
    """
    trace = Trace.of(events)
    if tally is None:
        users = dict(clients) if isinstance(clients, Mapping) else {}
        tally = Tally(set(clients), auth_server, users)
        tally.add_all(trace)
    return Metrics(
        victim_logins=sum(n - 1 for n in tally.logins.values() if n > 0),
        victim_availability=round(tally.ok_calls / tally.calls, 6) if tally.calls else None,
        as_load_per_h=round(tally.handled / (config.horizon / 3600.0), 6),
        api_calls=tally.calls,
        refreshes=tally.refreshes,
        rejections=dict(tally.rejections),
        false_logouts=tally.false_logouts,
        reuse_detections=tally.detections,
        family_revocations=len(tally.revoked),
        residual_access_s=residual_access(tally, trace, config),
        **attacker_metrics(trace, config),
        **attacker_reach(trace, config)._asdict(),
        forged_accepted=tally.forged_accepted,
        csrf_accepted=tally.csrf_accepted,
        key_outage_s=round(
            tally.key_outage
            + (config.horizon - tally.outage_since if tally.outage_since is not None else 0.0),
            6,
        ),
        calls_as_other_user=tally.as_other_user,
        **sso_metrics(trace, config, tally.users),
        **proof_metrics(trace, config),
        **cookie_metrics(trace),
        **detection_metrics(trace, config, auth_server),
        **compromise_metrics(trace),
    )
