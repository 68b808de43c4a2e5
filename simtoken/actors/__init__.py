"""Actors: the SimPy processes that populate a simulated world.

``Client`` (the user's app), ``AuthServer`` (login and refresh), ``ResourceServer`` (an API),
``Network`` (latency and loss between them) and ``Presenter`` (shows one token once).
"""

from simtoken.actors.attacker import Attacker
from simtoken.actors.auth_server import AuthServer
from simtoken.actors.client import Client
from simtoken.actors.network import ActorProcess, Message, Network, Response, Server
from simtoken.actors.presenter import Presenter
from simtoken.actors.resource_server import ResourceServer
from simtoken.actors.storage import Activity, HeldToken, TokenStore
from simtoken.names import ATTACKER

__all__ = [
    "ATTACKER",
    "Activity",
    "ActorProcess",
    "Attacker",
    "AuthServer",
    "Client",
    "HeldToken",
    "Message",
    "Network",
    "Presenter",
    "ResourceServer",
    "Response",
    "Server",
    "TokenStore",
]
