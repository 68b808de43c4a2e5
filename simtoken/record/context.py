"""Request context: where a request seems to come from, as a server sees it.

A server never sees *who* sent a request; it sees the connection and the headers. The context
of a request is what a real server can read from them:

* the client's **IP address** (the TCP peer, or the ``X-Forwarded-For`` of a trusted proxy);
* the **ASN**, the autonomous system (network operator: a mobile carrier, a home ISP, a hosting
  company, a VPN provider) that announces that address, from a routing table;
* a **location** (city, country, coordinates) from a geo-IP database: a guess about the
  *address*, not the device (a VPN exit, a carrier's gateway, an in-flight satellite link all
  place the user where the address is registered);
* the ``User-Agent`` and ``Accept-Language`` headers (RFC 9110 §10.1.5, §12.5.4), which the
  client chooses and a careful thief copies.

So that no real network is named, the simulator's addresses come from the documentation blocks
of RFC 5737 (``192.0.2.0/24``, ``198.51.100.0/24``, ``203.0.113.0/24``) and its AS numbers from
RFC 5398 (64496 to 64511); the cities are real, with their coordinates.

:func:`distance_km` is the great-circle (haversine) distance between two contexts' locations;
with the time between two requests it gives the speed the user would have travelled at, the
*impossible travel* signal (OWASP Session Management Cheat Sheet, "Session Attacks Detection").
A ``request`` record keeps a context as its compact :attr:`RequestContext.label`.

>>> berlin = Place("Berlin", "DE", 52.52, 13.405)
>>> paris = Place("Paris", "FR", 48.857, 2.352)
>>> round(distance_km(berlin, paris))
877
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

__all__ = ["EARTH_RADIUS_KM", "Place", "RequestContext", "distance_km"]

EARTH_RADIUS_KM = 6371.0
"""The mean radius of the Earth used by :func:`distance_km`."""


@dataclass(frozen=True, slots=True)
class Place:
    """A location as a geo-IP database gives it: a city, its country code, its coordinates."""

    city: str
    country: str
    lat: float
    lon: float


@dataclass(frozen=True)
class RequestContext:
    """What a server can read of a request's origin (see the module docstring)."""

    ip: str
    asn: int
    place: Place
    user_agent: str
    language: str

    @cached_property
    def label(self) -> str:
        """The compact form a ``request`` record keeps (computed once per context).

        >>> RequestContext("192.0.2.7", 64500, Place("Lyon", "FR", 45.76, 4.84),
        ...                "Firefox/121", "fr-FR").label
        '192.0.2.7 AS64500 Lyon,FR Firefox/121 fr-FR'
        """
        where = f"{self.place.city},{self.place.country}"
        return f"{self.ip} AS{self.asn} {where} {self.user_agent} {self.language}"


def distance_km(a: Place, b: Place) -> float:
    """The great-circle distance between two places, in km (the haversine formula)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
