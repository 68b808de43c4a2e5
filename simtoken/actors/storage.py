"""Token storage and shared activity: what the tabs of one user have in common.

A browser keeps tokens in a storage that every tab of the same site can read (web storage, a
cookie jar); a phone keeps them in the app's keystore. When several tabs (or app instances)
share one :class:`TokenStore`, each one reads the newest tokens any of them stored, and two of
them can present the same refresh token at nearly the same moment. With rotation and strict
reuse detection the slower one looks like a thief: the concurrent-refresh race behind Keycloak
issue 16081 and supabase/auth-js issue 213. A store can coordinate its tabs with a
*single-flight* lock (a Web Locks-style cross-tab lock): while one tab refreshes, the others
wait for its answer instead of refreshing themselves.

:class:`Activity` is the user's rhythm shared by all tabs: the user comes back (an active period
starts), every open tab wakes within ``race_window`` seconds and calls its API, then each tab
keeps calling on its own until the user leaves again.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import simpy

from simtoken._records import quick_init

__all__ = ["Activity", "HeldToken", "TokenStore"]


@quick_init
@dataclass(frozen=True, slots=True)
class HeldToken:
    """An access token as a client holds it: the string, and when the client thinks it expires."""

    token: str
    expires_at: float


@dataclass
class TokenStore:
    """The tokens of one user's app, shared by its tabs."""

    refresh_token: str | None = None
    access: dict[str, HeldToken] = field(default_factory=dict)
    refreshing: simpy.Event | None = None
    """Set while a tab refreshes under the single-flight lock; triggered when it is done."""
    logging_in: simpy.Event | None = None
    """Set while the user types a password; the other tabs wait for it."""
    logins: int = 0
    logged_out: bool = False
    watchers: list[Callable[[], None]] = field(default_factory=list)
    """Called whenever a tab opens or closes (its user's active period starts or ends) or the
    user logs out: how a script sitting in the page learns that it can act (or no longer)."""

    def keep(self, audience: str, body: Mapping[str, Any], now: float) -> str:
        """Store a token response and return its access token.

        The access token is kept for ``audience``, expiring ``expires_in`` seconds after
        ``now``; a refresh token in the answer (a rotation) replaces the stored one.
        """
        token = str(body["access_token"])
        self.access[audience] = HeldToken(token, now + float(body["expires_in"]))
        refresh_token = body.get("refresh_token")
        if refresh_token is not None:
            self.refresh_token = str(refresh_token)
        return token

    def notify(self) -> None:
        """Tell every watcher that a tab opened or closed, or the user logged out."""
        for watcher in self.watchers:
            watcher()

    def clear(self) -> None:
        """Forget every token (after a failed refresh or a logout)."""
        self.refresh_token = None
        self.access.clear()


class Activity:
    """The user's active periods, drawn once and shared by every tab: ``period(k)`` is the k-th."""

    def __init__(self, rng: random.Random, active_period: float, idle_period: float) -> None:
        self._rng = rng
        self._active = active_period
        self._idle = idle_period
        self._periods: list[tuple[float, float]] = []

    def period(self, k: int) -> tuple[float, float]:
        """The (start, end) of the k-th active period (0-based), starting at time 0."""
        while len(self._periods) <= k:
            start = self._periods[-1][1] if self._periods else 0.0
            if self._periods and self._idle > 0:
                start += self._rng.expovariate(1.0 / self._idle)
            end = start + self._rng.expovariate(1.0 / self._active)
            self._periods.append((start, end))
        return self._periods[k]
