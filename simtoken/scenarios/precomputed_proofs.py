"""``precomputed-proofs``: DPoP proofs signed ahead in the victim's page outlive the page.

Covers: the limit of a non-extractable DPoP key against script in the page (RFC 9449 §11.4:
untrusted code can make the page sign), proofs pre-generated with future ``iat`` values
(RFC 9449 §11.2), ``ath`` binding a proof to one access token (§4.2), the servers' ``iat``
window and ``jti`` replay check (§11.1), which a proof made ahead passes, and server nonces
(``use_dpop_nonce``, RFC 9449 §8 at the auth server, §9 at the API), which bound it.

Story: the app keeps its tokens in web storage and its DPoP key non-extractable (access tokens
live AT = 15 min; the auth server and the API check proofs with an ``iat`` window of ±300 s).
The user works without a break from the start until she closes the app for good at tc = 20 min
(``victim_stops_at``). At t0 = 10 min an XSS steals the tokens and, instead of only
riding the open page, makes the page sign proofs dated ahead (``attacker_strategy=precompute``):
a refresh proof every ``precompute_step`` = 30 s up to a day ahead, and API proofs for each
access token it holds up to that token's expiry. Once the page is closed the attacker keeps
going with the proofs it has, on a 6-hour horizon H.

Expected outcome: with P the time the page closed (tc),

* without nonces (the default here): the attacker's API calls go on after P with the last
  access token it held, until that token is due for refresh (at most AT after P), and its
  refreshes go on, one per access token (about every AT - 60 s), until the horizon: so
  H - P - AT < ``attacker_precomputed_reach_s`` ≤ H - P, far beyond the page. None of it counts in
  ``attacker_access_s`` (0: the tokens are bound to a key it never holds);
  ``attacker_online_s`` = ``attacker_refresh_s`` = tc - t0 (the page was open that long);
* with ``--set use_dpop_nonce=true`` (``dpop_nonce_lifetime`` L = 5 min): each proof carries the
  nonce the page knew when it was signed, and the servers accept a nonce for at most two L;
  ``attacker_precomputed_reach_s`` < 2 L (here < L: the page closes as a nonce period ends,
  P = 4 L, so the newest nonce it knew is retired at P + L), no refresh with a pre-computed
  proof is accepted, and the rest of the story is unchanged. What nonces cost the users is
  ``nonce_retries``, one extra round trip per server whenever a client comes back after a
  nonce was retired (see the ``dpop-nonce`` scenario).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["PRECOMPUTED_PROOFS"]

PRECOMPUTED_PROOFS = Scenario(
    name="precomputed-proofs",
    summary="Script in the page signs DPoP proofs ahead; without server nonces they outlive it",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(sender_constraint="dpop", access_token_lifetime=900),
        horizon=6 * 3600.0,
        theft_vector="xss",
        theft_at=600.0,
        attacker_strategy="precompute",
        victim_stops_at=1200.0,
        idle_period=0.0,  # the user works without a break until she closes the app
    ),
)
