"""``forgery``: an attacker forges tokens instead of stealing them (F10).

Covers: the forged-token catalog (:mod:`simtoken.forgery.attacks`) inside a running world. From
``theft_at`` the attacker makes one token of the attack class ``forge`` from what it can get
legitimately (its own account's tokens, the public JWKS, keys it generated) and presents it
every ``attacker_interval`` seconds, while the victim uses the API as usual. The APIs and the
auth server are hardened unless ``vulnerable`` names weaknesses (:mod:`simtoken.jose.weakness`).

Story: one hour into the day the attacker tries ``alg: none`` (``--set forge=...`` picks any
other class, ``simtoken forge`` lists them) against an API that validates properly, then
against one with ``--set vulnerable=accept_alg_none``.

Expected outcome: hardened, every forged request is refused with the attack class's named
reason (``alg_not_allowed`` here) and ``forged_accepted`` is 0, while the victim's own calls
are unaffected. With the matching weakness every forged request is accepted
(``forged_accepted`` equals the attacker's requests) with the attacker choosing the ``sub``.
(Classes that need more than a verifier's mistake stay refused here: a refresh token of the
bench belongs to no grant of this world, and ``refresh_binding``'s flaw is modelled only by the
catalog's refresh endpoint, :mod:`simtoken.forgery.refresh_flaw`.)
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["FORGERY"]

FORGERY = Scenario(
    name="forgery",
    summary="Forged tokens (alg none, key confusion, kid injection ...) vs a hardened API (F10)",
    description=__doc__ or "",
    defaults=RunConfig(forge="alg_none", theft_at=3_600.0, attacker_interval=600.0),
)
