"""The presenter's script: steal, rotate, go offline, DPoP, BFF, one click per step.

A workshop tells a story in five acts, each adding one thing to the scene before it, so the
room sees what each change buys and what it does not. Every step is data (the lab choices it
changes and the talking point the presenter reads); :func:`step_choices` gives the lab choices
after a step, so the numbers the room sees are the simulator's for exactly that scene.

1. **Steal**: XSS copies bearer tokens from web storage; no rotation: the thief refreshes all
   day, unseen (failure mode F1; RFC 9700 §4.14.1).
2. **Rotate**: rotation with reuse detection: the user's next refresh presents a retired token,
   the family is revoked (F2; RFC 9700 §4.14.2).
3. **Go offline**: a persistent script, the user closes the app: no retired token ever comes
   back, rotation is defeated (F3; draft-ietf-oauth-browser-based-apps).
4. **DPoP**: tokens bound to a non-extractable key: copies are useless; only use through the
   open page remains (RFC 9449 §11.4).
5. **BFF**: no token in the browser at all; the script can only ride the open page's session.

>>> [s.title for s in STEPS]
['Steal', 'Rotate', 'Go offline', 'DPoP', 'BFF']
>>> step_choices(4).storage, step_choices(4).dpop, step_choices(0).rotation
('cookie_bff', True, False)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from simtoken.workshop.scene import LabChoices

__all__ = ["START", "STEPS", "Step", "step_choices"]


@dataclass(frozen=True)
class Step:
    """One act: its title, what it changes in the lab, what the presenter says."""

    title: str
    changes: Mapping[str, object]
    talking_point: str


START = LabChoices(preset="naive", access_token_lifetime=300)
"""The scene before the first step: the ``naive`` policy with 5-minute access tokens."""

STEPS: tuple[Step, ...] = (
    Step(
        "Steal",
        {"theft_vector": "xss", "attacker_strategy": "immediate", "storage": "web_storage"},
        "An XSS payload copies the access and refresh tokens from web storage an hour after "
        "login. They are bearer tokens and the refresh token is not rotated, so it works for "
        "the thief exactly as for the user (RFC 9700 §4.14.1): the thief refreshes for the "
        "rest of the day, and nothing is detected.",
    ),
    Step(
        "Rotate",
        {"rotation": True},
        "Rotation with reuse detection (RFC 9700 §4.14.2): every refresh retires the refresh "
        "token presented. The thief refreshes first; the user's next refresh presents the "
        "retired token, the auth server sees the reuse and revokes the whole family. The thief "
        "keeps access until its last access token expires; the user pays one login.",
    ),
    Step(
        "Go offline",
        {
            "theft_vector": "persistent_xss",
            "attacker_strategy": "wait_offline",
            "victim_stops_at": 7200.0,
        },
        "Now the script stays in the page and copies every new token, and the user closes the "
        "app after two hours. The thief refreshes only once the user is gone, so no retired "
        "token ever comes back: reuse is never detected and rotation is defeated (failure mode "
        "F3, draft-ietf-oauth-browser-based-apps).",
    ),
    Step(
        "DPoP",
        {"dpop": True},
        "DPoP (RFC 9449) binds the tokens to a key pair the app keeps non-extractable: a copied "
        "token is useless without a proof signed by that key. The script can still have the "
        "open page sign requests for it, so what remains is its use through the page while the "
        "page is open (RFC 9449 §11.4).",
    ),
    Step(
        "BFF",
        {"storage": "cookie_bff"},
        "A backend-for-frontend keeps every token on the server and gives the browser only an "
        "HttpOnly session cookie: the page holds nothing to steal. A script can still send "
        "requests through the open page's session, and only while it is open.",
    ),
)
"""The five steps, in order."""


def step_choices(index: int, start: LabChoices = START) -> LabChoices:
    """The lab choices after steps ``0 .. index`` (each step keeps what the ones before set)."""
    choices = start
    for step in STEPS[: index + 1]:
        choices = dataclasses.replace(choices, **step.changes)  # type: ignore[arg-type]
    return choices
