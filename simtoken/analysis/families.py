"""Token families: a run's refresh tokens grouped by the login they descend from.

Every login starts a *family* (a grant, a session): the auth server gives its first refresh
token a session id, the ``sid`` claim, and every refresh token rotated out of it carries the
same ``sid``. RFC 6749 §6 lets the auth server issue a new refresh token on each refresh; when
a retired one comes back, RFC 9700 §4.14.2 has it revoke the active refresh token of that grant,
and RFC 6819 §5.2.2.3 the access authorization tied to it too, which is why simtoken's reuse
detection revokes the whole family at once. Under rotation without
``extend_on_rotate`` every token of a family also carries the family's one absolute ``exp``,
which is why rotation does not lengthen a session.

:func:`families` groups the ``issued`` events of a run by family; :func:`family_table` prints
each family's size and the distinct expiries its tokens carry (one, unless the policy slides
the lifetime).

>>> import simtoken
>>> result = simtoken.run("rotation", seed=7, horizon=3600)
>>> print(family_table(result))
family (sid)      refresh tokens  exp (sim s)
b2dc50931237c3cd               4        86400
"""

from __future__ import annotations

from simtoken._text import text_table
from simtoken.record.events import Issued
from simtoken.record.result import Result

__all__ = ["families", "family_table"]


def families(result: Result, holder: str | None = None) -> dict[str, tuple[Issued, ...]]:
    """Each family's refresh tokens (their ``issued`` events) by ``sid``, in order of issue.

    ``holder`` keeps only the tokens issued to that actor (a client, a tab, the attacker).
    """
    out: dict[str, list[Issued]] = {}
    for e in result.issued("refresh"):
        if holder is None or e.holder == holder:
            out.setdefault(e.session, []).append(e)
    return {sid: tuple(tokens) for sid, tokens in out.items()}


def family_table(result: Result, holder: str | None = None) -> str:
    """One line per family: its ``sid``, how many refresh tokens, and their distinct ``exp``."""
    rows = [["family (sid)", "refresh tokens", "exp (sim s)"]]
    for sid, tokens in families(result, holder).items():
        expiries = ", ".join(f"{t:g}" for t in sorted({e.expires for e in tokens}))
        rows.append([sid, str(len(tokens)), expiries])
    return text_table(rows, right_from=1)
