"""The auditor's cookie rules: what a browser never lets a script or a cross-site page do.

Two invariants every run with the app's credential in a cookie keeps, checked on a result
document by :func:`simtoken.record.audit.audit`:

======================== ====================================================================
violation kind           rule
======================== ====================================================================
``httponly_stolen``      with ``storage=cookie_rt`` and ``cookie_http_only``, no script vector
                         (``xss``, ``persistent_xss``) is ever ``stolen`` a refresh token: a
                         script cannot read an ``HttpOnly`` cookie (RFC 6265bis §5.8.2)
``cross_site_cookie``    with ``cookie_samesite`` ``lax`` or ``strict``, no cross-site request
                         (a request noted ``csrf``: a form on the attacker's page posting to the
                         app) carries the cookie's credential: the browser keeps a ``Strict``
                         cookie off every cross-site request, and a ``Lax`` one off a
                         cross-site ``POST`` (RFC 6265bis §5.6.7.1)
``fingerprint_stolen``   with ``fingerprint``, no script vector is ever ``stolen`` the
                         ``HttpOnly`` ``__Secure-Fgp`` cookie (OWASP token sidejacking)
``copied_cookie_outlived`` with ``dbsc``, no API accepts a call made with a session cookie
                         copied off the device (noted ``stolen_cookie``) later than
                         ``dbsc_cookie_lifetime`` after the copy: nobody but the device renews it
======================== ====================================================================

Each finding is ``(kind, t, detail)``; the auditor turns it into a ``Violation``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from simtoken.config.run import RunConfig
from simtoken.record.metrics import CSRF_NOTE

__all__ = ["COOKIE_VIOLATION_KINDS", "cookie_findings"]

COOKIE_VIOLATION_KINDS = (
    "httponly_stolen",
    "cross_site_cookie",
    "fingerprint_stolen",
    "copied_cookie_outlived",
)

_SCRIPT_VECTORS = ("xss", "persistent_xss")

Finding = tuple[str, float, str]


def cookie_findings(events: Sequence[Mapping[str, Any]], config: RunConfig) -> list[Finding]:
    """The cookie rules a document's events break (see the module docstring)."""
    found: list[Finding] = []
    http_only = config.storage == "cookie_rt" and config.cookie_http_only
    same_site = config.storage in ("cookie_rt", "cookie_bff") and config.cookie_samesite != "none"
    for e in events:
        kind = e.get("kind")
        if (
            http_only
            and kind == "stolen"
            and e.get("token_type") == "refresh"
            and e.get("vector") in _SCRIPT_VECTORS
        ):
            detail = f"a script ({e['vector']}) read the HttpOnly refresh cookie"
            found.append(("httponly_stolen", e["t"], detail))
        elif (
            same_site
            and kind == "request"
            and e.get("note") == CSRF_NOTE
            and e.get("token") is not None
        ):
            detail = (
                f"cross-site request {e['request_id']} carried the SameSite="
                f"{config.cookie_samesite.title()} cookie's credential"
            )
            found.append(("cross_site_cookie", e["t"], detail))
    return found + _binding_findings(events, config)


def _binding_findings(events: Sequence[Mapping[str, Any]], config: RunConfig) -> list[Finding]:
    """The fingerprint cookie stays out of a script's reach; a copied DBSC cookie dies young."""
    found: list[Finding] = []
    accepted = {e["request_id"]: e["t"] for e in events if e.get("kind") == "accepted"}
    copied: float | None = None
    for e in events:
        kind, token_type = e.get("kind"), e.get("token_type")
        if kind == "stolen" and token_type == "session_cookie":
            copied = e["t"] if copied is None else copied
        elif config.fingerprint and kind == "stolen" and token_type == "fingerprint_cookie":
            if e.get("vector") in _SCRIPT_VECTORS:
                detail = f"a script ({e['vector']}) read the HttpOnly fingerprint cookie"
                found.append(("fingerprint_stolen", e["t"], detail))
        elif config.dbsc and kind == "request" and e.get("note") == "stolen_cookie":
            at = accepted.get(e["request_id"])
            late = (
                copied is not None and at is not None and at > copied + config.dbsc_cookie_lifetime
            )
            if late and e.get("endpoint") == "api":
                detail = f"a call with the copied session cookie was accepted at {at:g}"
                found.append(("copied_cookie_outlived", e["t"], detail))
    return found
