"""The theft explorer offers the refresh cookie and CSRF, and its table counts CSRF's requests."""

from __future__ import annotations

import simtoken.widgets.theft as w
from simtoken.widgets._controls import Choice
from simtoken.widgets.theft import TheftChoices


def test_the_explorer_offers_the_refresh_cookie_and_csrf() -> None:
    storage, vector = w.TheftExplorer.SPEC["storage"], w.TheftExplorer.SPEC["theft_vector"]
    assert isinstance(storage, Choice) and isinstance(vector, Choice)
    assert ("refresh token in an HttpOnly cookie", "cookie_rt") in storage.options
    assert "csrf" in vector.options
    explorer = w.theft_explorer(TheftChoices(scenario="csrf", preset=None))
    assert explorer.choices.theft_vector == "csrf"


def test_the_table_counts_the_accepted_cross_site_requests() -> None:
    outcome = w.theft_outcome(TheftChoices(scenario="csrf", preset=None))
    assert outcome.metrics.csrf_accepted == 8
    table = w.theft_table(outcome)
    row = table[table.index("(csrf_accepted)") :]
    assert row[: row.index("</tr>")].endswith(">8</td>")
    script = w.theft_outcome(TheftChoices(scenario="theft", preset=None, storage="cookie_rt"))
    assert script.failures[0].startswith("the refresh token is in an HttpOnly cookie")
    assert script.metrics.attacker_refresh_s == 0.0
