"""JOSE: real JSON Web Tokens without a simulation.

Everything a token is made of and checked with, usable on its own: the simulated clock
(``clock``), seeded keys and their purposes (``keys``), the signing-key schedule (``keyring``),
minting (``tokens``), strict segment parsing (``segments``), claim checks (``claims``), the
hardened verifier (``verify``) and the names of its verdicts (``reasons``), JWK sets (``jwks``),
the named weaknesses (``weakness``) and the weak verifier that has them (``naive``), URI
comparison (``uris``), and DPoP: the client's key and proofs (``dpop_client``) and the proof
checker (``dpop``).
Nothing here imports SimPy.
"""

__all__: list[str] = []
