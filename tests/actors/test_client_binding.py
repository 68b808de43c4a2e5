"""A stolen refresh token and its client: a public one's works, a confidential one's does not."""

from __future__ import annotations

import simtoken
from simtoken import Rejected, Request
from simtoken.runner import configure
from simtoken.world import World


def test_stolen_refresh_token_public_client_vulnerable_confidential_hardened() -> None:
    # XSS at 60 s copies both tokens; the attacker uses the access token, then refreshes.
    public = simtoken.run("theft", seed=7, horizon=4 * 3600, theft_at=60)
    assert (public.metrics.attacker_access_s, public.metrics.attacker_refresh_s) == (
        14340.0,
        14340.0,
    )
    assert public.metrics.attacker_api_calls == 300
    secret = simtoken.run(
        "theft", seed=7, horizon=4 * 3600, theft_at=60, client_type="confidential"
    )
    m = secret.metrics
    # The access token is a bearer token: it works to its exp (300 s). The refresh does not.
    assert (m.attacker_access_s, m.attacker_refresh_s, m.attacker_api_calls) == (240.0, 0.0, 3)
    refused = [e for e in secret.trace if isinstance(e, Rejected) and e.reason == "invalid_client"]
    assert len(refused) == 1
    request = secret.trace.request(refused[0].request_id)
    assert request is not None and (request.actor, request.endpoint) == ("attacker", "refresh")
    assert (m.victim_logins, m.victim_availability) == (0, 1.0)  # the app itself authenticates
    assert secret.audit() == []


def test_a_confidential_clients_bff_still_refreshes_for_a_riding_script() -> None:
    # The BFF holds the secret: its refreshes for the page (and for a rider) authenticate, so
    # a confidential client changes nothing for a script that rides the open page.
    def ride(client_type: str) -> dict[str, object]:
        result = simtoken.run(
            "theft",
            seed=7,
            storage="cookie_bff",
            theft_at=60,
            horizon=4 * 3600,
            client_type=client_type,
        )
        assert result.audit() == []
        return result.metrics.to_dict()

    public, confidential = ride("public"), ride("confidential")
    assert public == confidential
    assert (public["attacker_online_calls"], public["attacker_access_s"]) == (26, 0.0)
    assert public["rejections"] == {}


def test_a_refresh_token_presented_for_another_client_is_refused_wrong_client() -> None:
    world = World(configure("refresh", None, {"clients": 2, "horizon": 600}), seed=7)
    victim = world.clients[0].store

    def stolen() -> str | None:
        return victim.refresh_token

    world.present(
        stolen,
        at=100,
        to="auth-server",
        actor="other-app",
        endpoint="refresh",
        params={"client_id": "client-2"},
    )
    world.present(stolen, at=200, to="auth-server", actor="presenter", endpoint="refresh")
    result = world.run()
    outcomes = {
        e.actor: result.trace.outcome(e.request_id)
        for e in result.trace
        if isinstance(e, Request) and e.endpoint == "refresh"
    }
    refused = outcomes["other-app"]
    assert isinstance(refused, Rejected) and refused.reason == "wrong_client"
    assert outcomes["presenter"] is not None and outcomes["presenter"].kind == "accepted"
