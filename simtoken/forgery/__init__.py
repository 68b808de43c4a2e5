"""Forgery: forged and misdirected tokens, made with real cryptography, without a simulation.

``bench`` is one deployment under attack and everything an attacker holds against it;
``attacks`` is the catalog of 27 attack classes, each refused by the hardened verifier with a
named reason and admitted only by its named weakness (one of them, ``refresh_flaw``, is a refresh
endpoint that takes the user from the wrong token); ``data/jwt-secrets.txt`` is the word list of
common HS256 secrets an offline guess tries.
"""

__all__: list[str] = []
