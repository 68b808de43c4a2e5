"""Where requests seem to come from: the honest users' noisy contexts, and the attacker's.

Each request carries a :class:`~simtoken.record.context.RequestContext`. A detector that looks
for a thief in it must live with honest users who look suspicious too, so each user's context
follows a small model of ordinary life, drawn once per run from the user's own generator
(``user-N/context``; the draws of every other actor are untouched). Over time the user's
device moves between **stretches**, each with one network:

* **home Wi-Fi** (the home ISP's ASN, one address) and **mobile data** (the carrier's ASN; each
  stretch a new address from the carrier's pool: mobile IP churn behind carrier-grade NAT);
* now and then a **VPN** (a provider's ASN; the exit is in another country, so geo-IP places
  the user there at once: an honest "impossible travel");
* occasional **trips** to another city: the flight (in-flight Wi-Fi, its own ASN; the location
  moves along the route at 750 km/h, a plausible speed), a stay on hotel Wi-Fi (a local ASN) or
  on mobile data *roaming* (home-routed, as most roaming is: the address, ASN and geo-IP stay
  the home carrier's, so the geo-IP location jumps home and back: another honest alarm);
* one **browser update**: the User-Agent's version goes up by one at a random time.

Means (exponential draws): a stretch lasts 2 h; 10% of stretches at home are VPN, 45% Wi-Fi,
45% mobile; a trip starts every 4 days and lasts 1.5 days; the browser updates within 6 days.

**The attacker** (``attacker_context``): ``careless`` sends from a hosting company's server in
another continent with another browser and language; ``careful`` rents a residential proxy in
the victim's city on the victim's home ISP and copies the victim's User-Agent and language as
they are at the theft (a script in the page reads ``navigator.userAgent``). It still differs
in its address, and it keeps that User-Agent when the victim's browser updates.

**Simplifications.** A user's apps and tabs share one device and so one context; a second
device of the same user would start its own token family (its own login), so it never mixes
contexts inside a family and is not modelled. Servers and other actors (presenter, workers)
send from one fixed data-centre context. User-Agents are short (``Firefox/121``), not the
full header.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable
from dataclasses import dataclass

from simtoken.record.context import Place, RequestContext, distance_km

__all__ = ["HOMES", "ContextModel", "Contexts", "attacker_context"]

_DAY, _HOUR = 86_400.0, 3_600.0
_STRETCH, _TRIP_EVERY, _STAY, _UPDATE = 2 * _HOUR, 4 * _DAY, 1.5 * _DAY, 6 * _DAY
_CRUISE_KMH = 750.0
_VPN, _WIFI = 0.10, 0.45
_VPN_ASN, _HOSTING_ASN, _HOTEL_ASN, _FLIGHT_ASN, _SERVER_ASN = 64510, 64511, 65548, 65551, 64509

HOMES: tuple[tuple[Place, str], ...] = (
    (Place("Berlin", "DE", 52.52, 13.405), "de-DE"),
    (Place("Paris", "FR", 48.857, 2.352), "fr-FR"),
    (Place("Madrid", "ES", 40.417, -3.704), "es-ES"),
    (Place("Warsaw", "PL", 52.23, 21.012), "pl-PL"),
    (Place("Amsterdam", "NL", 52.37, 4.895), "nl-NL"),
    (Place("Rome", "IT", 41.903, 12.496), "it-IT"),
    (Place("Stockholm", "SE", 59.329, 18.069), "sv-SE"),
    (Place("Lisbon", "PT", 38.722, -9.139), "pt-PT"),
)
"""The users' home cities and languages, user 1 first (then round robin)."""

_VPN_EXITS = (Place("Zurich", "CH", 47.377, 8.541), Place("London", "GB", 51.507, -0.128))
_FAR = Place("Sao Paulo", "BR", -23.55, -46.633)
_DATACENTRE = Place("Frankfurt", "DE", 50.11, 8.682)


@dataclass(frozen=True, slots=True)
class _Stretch:
    """From ``start`` on: one network; a flight moves from ``origin`` (at start) to ``place``."""

    start: float
    place: Place
    ip: str
    asn: int
    origin: Place | None = None
    end: float = 0.0

    def where(self, t: float) -> Place:
        if self.origin is None:
            return self.place
        f = min(1.0, max(0.0, (t - self.start) / (self.end - self.start)))
        a, b = self.origin, self.place
        return Place("in flight", "--", a.lat + f * (b.lat - a.lat), a.lon + f * (b.lon - a.lon))


class ContextModel:
    """User ``index``'s context over time (see the module docstring); call it with a time."""

    def __init__(self, rng: random.Random, index: int, horizon: float) -> None:
        self.index = index
        self.home, self.language = HOMES[(index - 1) % len(HOMES)]
        self.version = 118 + rng.randrange(4)
        self.update_at = rng.expovariate(1 / _UPDATE)
        self.stretches = _stretches(rng, index, self.home, horizon)
        self._starts = [s.start for s in self.stretches]
        self._made: dict[tuple[int, bool], RequestContext] = {}
        """The context of each stretch before and after the update (not a flight's: it moves)."""

    def user_agent(self, t: float) -> str:
        """The browser's User-Agent at ``t`` (one version up after the update)."""
        return f"Firefox/{self.version + (t >= self.update_at)}"

    def __call__(self, t: float) -> RequestContext:
        """The context of a request the user's device sends at ``t``."""
        i = bisect.bisect_right(self._starts, t) - 1
        s = self.stretches[i]
        if s.origin is not None:
            return RequestContext(s.ip, s.asn, s.where(t), self.user_agent(t), self.language)
        key = (i, t >= self.update_at)
        made = self._made.get(key)
        if made is None:
            made = RequestContext(s.ip, s.asn, s.place, self.user_agent(t), self.language)
            self._made[key] = made
        return made


def _home_stretch(rng: random.Random, i: int, home: Place, cell: int) -> tuple[Place, str, int]:
    """A stretch at home: Wi-Fi, mobile data (a fresh address), or a VPN."""
    draw = rng.random()
    if draw < _VPN:
        return _VPN_EXITS[i % len(_VPN_EXITS)], f"203.0.113.{10 + i % 50}", _VPN_ASN
    if draw < _VPN + _WIFI:
        return home, f"192.0.2.{i % 100 + 1}", 64496 + (i - 1) % len(HOMES)
    return home, f"198.51.100.{(i * 37 + cell) % 254 + 1}", 65536 + (i - 1) % len(HOMES)


def _stretches(rng: random.Random, i: int, home: Place, horizon: float) -> list[_Stretch]:
    """The user's stretches from 0 to the horizon, trips included (all draws in time order)."""
    out: list[_Stretch] = []
    t, cell = 0.0, 0
    trip = rng.expovariate(1 / _TRIP_EVERY)
    while t < horizon:
        if t >= trip:
            t, trip = _trip(rng, i, home, t, out)
            continue
        cell += 1
        place, ip, asn = _home_stretch(rng, i, home, cell)
        out.append(_Stretch(t, place, ip, asn))
        t = min(trip, t + rng.expovariate(1 / _STRETCH))
    return out


def _trip(
    rng: random.Random, i: int, home: Place, t: float, out: list[_Stretch]
) -> tuple[float, float]:
    """A trip from ``t``: out, a stay, back; returns when it ends and when the next starts."""
    away = rng.choice([p for p, _ in HOMES if p != home])
    flight = distance_km(home, away) / _CRUISE_KMH * _HOUR
    stay = rng.expovariate(1 / _STAY)
    out.append(_Stretch(t, away, "203.0.113.200", _FLIGHT_ASN, home, t + flight))
    hotel, roaming = f"203.0.113.{100 + i % 100}", f"198.51.100.{(i * 37) % 254 + 1}"
    landed = t + flight
    at = landed
    while at < landed + stay:
        on_wifi = rng.random() < 0.6
        place, ip, asn = (away, hotel, _HOTEL_ASN) if on_wifi else (home, roaming, 65536 + i - 1)
        out.append(_Stretch(at, place, ip, asn))
        at += rng.expovariate(1 / _STRETCH)
    back = landed + stay
    out.append(_Stretch(back, home, "203.0.113.200", _FLIGHT_ASN, away, back + flight))
    return back + flight, back + flight + rng.expovariate(1 / _TRIP_EVERY)


def attacker_context(kind: str, victim: ContextModel, theft_at: float) -> RequestContext:
    """The attacker's one context: ``careless`` or ``careful`` (see the module docstring)."""
    if kind == "careful":
        ua = victim.user_agent(theft_at)
        asn = 64496 + (victim.index - 1) % len(HOMES)
        ip = f"192.0.2.{200 + victim.index % 50}"
        return RequestContext(ip, asn, victim.home, ua, victim.language)
    return RequestContext("203.0.113.66", _HOSTING_ASN, _FAR, "Chrome/119", "en-US")


class Contexts:
    """The context of each sender, by actor name: what the network stamps on a request."""

    def __init__(self) -> None:
        self._models: dict[str, Callable[[float], RequestContext]] = {}
        self._fixed = RequestContext(
            "203.0.113.250", _SERVER_ASN, _DATACENTRE, "simtoken-server", "en"
        )

    def add(self, actor: str, model: Callable[[float], RequestContext]) -> None:
        """Let ``actor``'s requests carry ``model``'s context."""
        self._models[actor] = model

    def __call__(self, actor: str, t: float) -> RequestContext:
        """The context of a request ``actor`` sends at ``t`` (a data centre's if not modelled)."""
        model = self._models.get(actor)
        return self._fixed if model is None else model(t)
