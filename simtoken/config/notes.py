"""Notes on odd but legal settings: a configuration that runs, but probably not as meant.

A refresh token that lives less long than the access token it renews, or a clock leeway that
stretches every access token by more than half its lifetime, is allowed (a lesson may want
exactly that) but is more often a slip of a digit or a unit. :func:`setting_notes` returns one
sentence per such setting; the command line prints each as a note on stderr and runs anyway.

RFC 7519 §4.1.4 allows a leeway of "usually no more than a few minutes"; RFC 6749 §1.5 has the
refresh token obtain *new* access tokens after the current one expires, which a refresh token
shorter-lived than the access token cannot do. An app whose login flow the auth server refuses
outright (the implicit grant while it is off, no PKCE while it is required, plain PKCE while
only S256 is accepted) never logs in. A logout (``logout_at``) or the user closing the app for
good (``victim_stops_at``) set at or after the horizon never happens within the run.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig

__all__ = ["setting_notes"]


def setting_notes(config: RunConfig) -> list[str]:
    """One line for each odd but legal setting of ``config`` (empty when nothing is odd).

    >>> from simtoken.policy.model import Policy
    >>> [note] = setting_notes(RunConfig(policy=Policy(access_token_lifetime=300, leeway=200)))
    >>> note[:60]
    'leeway (200 s) is longer than half the access_token_lifetime'
    """
    policy = config.policy
    at, rt, leeway = policy.access_token_lifetime, policy.refresh_token_lifetime, policy.leeway
    notes = _too_late(config)
    if rt < at:
        notes.append(
            f"refresh_token_lifetime ({rt} s) is shorter than access_token_lifetime ({at} s): "
            "the refresh token expires before the access token it would renew"
        )
    if leeway > at / 2:
        notes.append(
            f"leeway ({leeway:g} s) is longer than half the access_token_lifetime ({at} s): "
            f"an expired token is accepted for {leeway:g} s more"
        )
    if config.login_flow == "implicit" and not policy.allow_implicit:
        notes.append(
            "login_flow=implicit while allow_implicit=false: the auth server refuses every "
            "login (unsupported_response_type)"
        )
    if config.login_flow == "code" and config.pkce == "none" and policy.require_pkce:
        notes.append(
            "pkce=none while require_pkce=true: the auth server refuses every login (pkce_required)"
        )
    if config.login_flow == "code" and config.pkce == "plain" and not policy.allow_plain_pkce:
        notes.append(
            "pkce=plain while allow_plain_pkce=false: the auth server refuses every login "
            "(pkce_method_not_allowed)"
        )
    return notes


def _too_late(config: RunConfig) -> list[str]:
    """A note for each user event set at or after the horizon: it never happens in the run."""
    events = {"logout_at": "the user never logs out", "victim_stops_at": "the app never closes"}
    return [
        f"{name} ({at:.10g} s) is at or after the horizon ({config.horizon:.10g} s): {what}"
        for name, what in events.items()
        if (at := getattr(config, name)) >= config.horizon
    ]
