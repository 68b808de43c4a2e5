"""The demo's five steps: each one seeded run (or a few), a compact table, and its reading.

A :class:`Step` is what the terminal shows for one idea: a setup line (who holds what, what is
stolen when and how, the lifetimes), a table of only the metrics that matter for it, durations
in human units (:func:`simtoken._text.approx_duration`), one sentence that reads the table,
computed from the same numbers, and the notebook that explains it. No step hard-codes a result:
change a setting and the sentence changes with the table.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from simtoken._text import approx_duration, duration, text_table
from simtoken.analysis.compare import compare
from simtoken.forgery.attacks import Attempt, attempt
from simtoken.jose.weakness import Weakness
from simtoken.record.metrics import Metrics
from simtoken.runner import configure, run

__all__ = ["SEED", "STEPS", "THEFT_POLICIES", "THEFT_VARIANTS", "Step", "percent", "span"]

SEED = 7
"""The seed of every run in the demo."""

THEFT_POLICIES = ("naive", "auth0-spa", "rfc9700-bcp")
"""The presets step 2 compares (rotation is ``auth0-spa``, the BCP is ``rfc9700-bcp``)."""

THEFT_VARIANTS: Mapping[str, Mapping[str, object]] = {
    "auth0-spa + DPoP": {"preset": "auth0-spa", "sender_constraint": "dpop"},
    "auth0-spa + BFF": {"preset": "auth0-spa", "storage": "cookie_bff"},
}
"""Step 2's sender-constrained (DPoP, RFC 9449) and backend-for-frontend variants."""

_AT = 300
"""The access-token lifetime of step 2 (5 min), as in the report's theft runs."""

_WIDTH = 100
"""Setup lines and readings are wrapped to this many characters."""


@dataclass(frozen=True)
class Step:
    """One step of the demo: its title, setup, table (header first), reading and notebook."""

    title: str
    setup: str
    rows: tuple[tuple[str, ...], ...]
    reading: str
    notebook: str

    def lines(self, number: int) -> list[str]:
        """The step as terminal lines."""
        return [
            f"== {number}. {self.title}  (explained in {self.notebook}) ==",
            *textwrap.wrap(
                f"setup: {self.setup}", _WIDTH, subsequent_indent="       ", break_on_hyphens=False
            ),
            *text_table(self.rows, right_from=1, rule=True).splitlines(),
            *textwrap.wrap(
                f"=> {self.reading}", _WIDTH, subsequent_indent="   ", break_on_hyphens=False
            ),
            "",
        ]


def span(seconds: float | None) -> str:
    """A measured duration for a table cell; ``-`` when there is none."""
    return "-" if seconds is None else approx_duration(seconds)


def percent(fraction: float | None) -> str:
    """A fraction as a percentage with one decimal; ``-`` when there is none."""
    return "-" if fraction is None else f"{100 * fraction:.1f} %"


def _expiry() -> Step:
    cfg = configure("refresh", None, {})
    m = run("refresh", seed=SEED).metrics
    expired = m.rejections.get("expired", 0)
    policy = cfg.policy
    setup = (
        f"one user, one tab; the browser holds an access token"
        f" ({duration(policy.access_token_lifetime)}) and a refresh token"
        f" ({duration(policy.refresh_token_lifetime)}); an API call every"
        f" {duration(cfg.request_interval)} while active; {cfg.refresh} refresh; nothing stolen;"
        f" {duration(cfg.horizon)}"
    )
    rows = (
        ("run", "API calls", "401 expired (expected)", "refreshes", "re-logins", "availability"),
        ("refresh", str(m.api_calls), str(expired), str(m.refreshes), str(m.victim_logins),
         percent(m.victim_availability)),
    )  # fmt: skip
    reading = (
        f"{expired} calls met an expired access token; {m.refreshes} of those 401s were cured by a"
        f" silent refresh and a retry, {expired - m.refreshes} by a new login ({m.victim_logins}"
        f" in {duration(cfg.horizon)}); {percent(m.victim_availability)} of the calls succeeded."
    )
    return Step("A token expires and is refreshed", setup, rows, reading, "notebook 02")


def _grouped(values: Mapping[str, str]) -> str:
    """``46 h under a, b; 0 s under c``: labels that share a value, in first-seen order."""
    groups: dict[str, list[str]] = {}
    for label, value in values.items():
        groups.setdefault(value, []).append(label)
    if len(groups) == 1:
        return f"{next(iter(groups))} under every policy"
    return "; ".join(f"{value} under {', '.join(labels)}" for value, labels in groups.items())


def _theft() -> Step:
    settings = {"access_token_lifetime": _AT}
    table = compare("theft-f3", THEFT_POLICIES, seed=SEED, settings=settings,
                    variants=THEFT_VARIANTS)  # fmt: skip
    cfg = configure("theft-f3", "auth0-spa", settings)
    vector = cfg.theft_vector.replace("_", " ").replace("xss", "XSS")
    setup = (
        f"the user's browser holds an access token ({duration(_AT)}) and a refresh token;"
        f" at {duration(cfg.theft_at)} a {vector} script steals both,"
        f" the user goes offline at {duration(cfg.victim_stops_at)} and the attacker"
        f" (strategy {cfg.attacker_strategy}) carries on; {duration(cfg.horizon)}"
    )
    rows: list[tuple[str, ...]] = [
        ("policy", "RT life", "attacker access", "attacker refresh", "attacker calls",
         "detected after", "re-logins", "available"),
    ]  # fmt: skip
    for row in table.rows:
        m, policy = row.result.metrics, row.result.config.policy
        rows.append((row.label, duration(policy.refresh_token_lifetime, compact=True),
                     span(m.attacker_access_s), span(m.attacker_refresh_s),
                     str(m.attacker_api_calls), span(m.detection_latency_s),
                     str(m.victim_logins), percent(m.victim_availability)))  # fmt: skip
    access = {r.label: span(r.result.metrics.attacker_access_s) for r in table.rows}
    cost = {r.label: f"{r.result.metrics.victim_logins} re-login(s)" for r in table.rows}
    found = {r.label: span(r.result.metrics.detection_latency_s) for r in table.rows}
    detection = (
        "no policy detects the theft"
        if set(found.values()) == {"-"}
        else f"the theft is detected after {_grouped(found)}"
    )
    reading = (
        f"the attacker keeps access for {_grouped(access)}; {detection}; the user pays"
        f" {_grouped(cost)}."
    )
    return Step("One theft, five defences", setup, tuple(rows), reading, "notebook 04")


def _tabs_row(label: str, m: Metrics) -> tuple[str, ...]:
    return (label, str(m.refreshes), str(m.reuse_detections), str(m.family_revocations),
            str(m.false_logouts), str(m.victim_logins))  # fmt: skip


def _tabs() -> Step:
    cfg = configure("concurrent-tabs", None, {})
    race = run("concurrent-tabs", seed=SEED).metrics
    cured = run("concurrent-tabs", seed=SEED, single_flight=True).metrics
    setup = (
        f"one user, {cfg.tabs} tabs sharing one token storage; access token"
        f" {duration(cfg.policy.access_token_lifetime)}, rotating refresh token"
        f" ({duration(cfg.policy.refresh_token_lifetime)}, reuse detection"
        f" '{cfg.policy.reuse_detection}'); the tabs wake within {cfg.race_window:g} s of each"
        f" other; nothing stolen"
    )
    rows = (
        ("single_flight", "refreshes", "reuse detections", "families revoked", "false logouts",
         "re-logins"),
        _tabs_row("off", race),
        _tabs_row("on", cured),
    )  # fmt: skip
    reading = (
        f"racing tabs present the same refresh token twice: {race.reuse_detections} reuse"
        f" detection(s) and {race.false_logouts} false logout(s) without single-flight,"
        f" {cured.reuse_detections} and {cured.false_logouts} with it."
    )
    return Step("The tab race and its cure", setup, rows, reading, "notebook 03")


def _verdict(tried: Attempt) -> str:
    if tried.accepted:
        return f"accepts it as sub={tried.verdict.claims.get('sub')}"
    return f"rejects it ({tried.verdict.reason})"


def _forgery() -> Step:
    hard = attempt("alg_none", seed=SEED)
    weak = attempt("alg_none", [Weakness.ACCEPT_ALG_NONE], seed=SEED)
    setup = (
        "the attacker holds no token: it writes one with header alg=none and no signature"
        " (RFC 8725 §2.1) and presents it to two verifiers"
    )
    rows = (
        ("verifier", "outcome"),
        ("hardened (no weakness)", hard.outcome),
        (f"weak ({Weakness.ACCEPT_ALG_NONE.value})", weak.outcome),
    )
    reading = (
        f"the hardened verifier {_verdict(hard)}; the weak one {_verdict(weak)}: a token nobody"
        f" signed {'gets in' if weak.accepted else 'stays out'} once alg=none is allowed."
    )
    return Step("A forged token", setup, rows, reading, "notebook 05")


def _keys_row(label: str, m: Metrics) -> tuple[str, ...]:
    return (label, span(m.key_outage_s), str(m.rejections.get("unknown_key", 0)),
            percent(m.victim_availability), f"{m.as_load_per_h:.1f}")  # fmt: skip


def _keys() -> Step:
    cfg = configure("key-rotation", None, {})
    outage = run("key-rotation", seed=SEED).metrics
    cured = run("key-rotation", seed=SEED, jwks_refetch=True).metrics
    setup = (
        f"{cfg.clients} users; the auth server signs with a new key every"
        f" {duration(cfg.key_rotation_interval)}; the APIs cache its JWKS for"
        f" {duration(cfg.jwks_cache_ttl)}; access token"
        f" {duration(cfg.policy.access_token_lifetime)}; nothing stolen; {duration(cfg.horizon)}"
    )
    rows = (
        ("jwks_refetch", "key outage", "401 unknown_key", "availability", "AS load / h"),
        _keys_row("off", outage),
        _keys_row("on", cured),
    )
    before, after = outage.rejections.get("unknown_key", 0), cured.rejections.get("unknown_key", 0)
    reading = (
        f"without re-fetching on an unknown kid the APIs refuse {before} genuine calls"
        f" ({span(outage.key_outage_s)} of outage, {percent(outage.victim_availability)}"
        f" available); with it {after} and {span(cured.key_outage_s)}"
        f" ({percent(cured.victim_availability)})."
    )
    return Step("The key-rotation outage and its cure", setup, rows, reading, "notebook 05")


STEPS: Sequence[Callable[[], Step]] = (_expiry, _theft, _tabs, _forgery, _keys)
"""The demo's steps, in the order the story tells them."""
