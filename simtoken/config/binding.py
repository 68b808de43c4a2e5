"""Binding a session to the device: fingerprint cookies, DBSC, mTLS: the settings of that topic.

A bearer token works for whoever holds it. Three ways tie it (or the session behind it) to
the device it was issued to, each a setting here:

* ``fingerprint``: the OWASP token-sidejacking defence (OWASP JSON Web Token Cheat Sheet for
  Java, "Token Sidejacking"): a random value in a hardened cookie, its SHA-256 in the access
  token; an API refuses the token without the matching cookie
  (:mod:`simtoken.actors.fingerprint`). For an app whose access token lives in the page
  (``storage`` memory, web_storage or cookie_rt).
* ``dbsc``: Device Bound Session Credentials (W3C WebAppSec DBSC): the backend-for-frontend's
  session cookie lives ``dbsc_cookie_lifetime`` seconds and the browser renews it only by
  signing with a key the device will not export (:mod:`simtoken.actors.dbsc`); for
  ``storage=cookie_bff``. ``infostealer`` makes the ``device`` theft copy that cookie off the
  device, to use it from the attacker's machine.
* ``sender_constraint=mtls`` (a :class:`~simtoken.policy.model.Policy` setting, checked here
  against the client): certificate-bound access tokens (RFC 8705 §3), for confidential clients
  only (:mod:`simtoken.actors.mtls`).

These fields are settings of the run like :class:`~simtoken.config.run.RunConfig`'s own
(``--set``), gathered here so that each topic's knobs and checks live together;
:class:`~simtoken.config.run.RunConfig` inherits them. All are off by default: a run without
them is exactly what it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, cast

from simtoken.errors import ConfigError
from simtoken.policy.model import Policy
from simtoken.validate import number

__all__ = ["FINGERPRINT_STORAGES", "BindingSettings"]

FINGERPRINT_STORAGES = ("memory", "web_storage", "cookie_rt")
"""The storages whose access token lives in the page (what a fingerprint cookie protects)."""


class _Run(Protocol):
    """What the checks read of the run configuration that inherits this mixin."""

    policy: Policy
    storage: str
    theft_vector: str
    client_type: str
    login_flow: str
    apps: int


@dataclass(frozen=True)
class BindingSettings:
    """The settings of this topic (see the module docstring)."""

    fingerprint: bool = False
    """OWASP token-sidejacking fingerprint: every token answer sets a random value in the
    hardened cookie __Secure-Fgp (HttpOnly, Secure, SameSite=Strict, Max-Age = the access
    token's lifetime) and puts its SHA-256 in the access token (userFingerprint); the APIs
    refuse a token without the matching cookie. Storage memory, web_storage or cookie_rt."""
    dbsc: bool = False
    """Device Bound Session Credentials (storage=cookie_bff): the BFF's session cookie lives
    dbsc_cookie_lifetime seconds; the browser renews it by signing with a non-exportable
    device key, so a copied cookie works off the device only until it expires."""
    dbsc_cookie_lifetime: float = 600.0
    """With dbsc: seconds a session cookie lives before the browser must renew it."""
    infostealer: bool = False
    """theft_vector=device with storage=cookie_bff: the malware copies the session cookie off
    the device and the attacker uses it from its own machine, whenever it likes (without it,
    the malware rides the victim's open page)."""

    def _check_binding(self) -> None:
        """Check this topic's settings, each on its own and against each other."""
        run = cast(_Run, self)
        number("dbsc_cookie_lifetime", self.dbsc_cookie_lifetime, positive=True)
        if self.fingerprint and run.storage not in FINGERPRINT_STORAGES:
            allowed = ", ".join(FINGERPRINT_STORAGES)
            raise ConfigError(
                "fingerprint",
                True,
                f"false with storage={run.storage} (the fingerprint protects an access token "
                f"kept in the page: storage {allowed})",
            )
        if self.fingerprint and run.login_flow == "implicit":
            detail = (
                "false with login_flow=implicit (its token arrives in a redirect, with no token"
            )
            raise ConfigError("fingerprint", True, detail + " answer to set the cookie)")
        if self.fingerprint and run.apps > 1:  # every app sits on app.example here
            detail = "false with apps > 1 (the simulator's apps share one host, app.example, so"
            raise ConfigError("fingerprint", True, detail + " their fingerprint cookies collide)")
        if self.dbsc and run.storage != "cookie_bff":
            detail = "false unless storage=cookie_bff (DBSC binds the BFF's session cookie)"
            raise ConfigError("dbsc", True, detail)
        if self.infostealer and (run.theft_vector, run.storage) != ("device", "cookie_bff"):
            detail = "false unless theft_vector=device and storage=cookie_bff (it steals the BFF's"
            raise ConfigError("infostealer", True, detail + " session cookie)")
        _check_mtls(run)


def _check_mtls(run: _Run) -> None:
    """``sender_constraint=mtls`` needs a confidential client that talks to the token endpoint."""
    if run.policy.sender_constraint != "mtls":
        return
    if run.client_type != "confidential":
        raise ConfigError(
            "sender_constraint",
            "mtls",
            "none or dpop with client_type=public (RFC 8705 certificate-bound tokens are for "
            "clients with a TLS client certificate: set client_type=confidential)",
        )
    if run.login_flow == "implicit":
        raise ConfigError(
            "sender_constraint",
            "mtls",
            "none with login_flow=implicit (its tokens come from the authorization endpoint "
            "through the browser, never over the client's own TLS connection)",
        )
