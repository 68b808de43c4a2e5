"""Notebook 03-rotation-and-races's exact pins: its code cells, every assertion kept.

The notebook keeps one readable assertion per result; this script is the same code, run
headless by ``tests/course/test_notebook_pins.py``, with all of them (widget and picture cells
left out). Regenerate it when the notebook's code changes.
"""

import jwt
from IPython.display import Markdown

import simtoken
import simtoken.plots
import simtoken.widgets
from simtoken.analysis.excerpts import find, select
from simtoken.analysis.families import family_table
from simtoken.analysis.readings import column, means_by, result_table, run_variants, variants_table

rotation = simtoken.run("rotation", seed=7)
print(result_table(rotation, "victim_logins", "false_logouts", "refreshes", "reuse_detections"))
print(family_table(rotation))
refresh_tokens = rotation.issued("refresh")
refreshes = select(rotation.trace, "request", endpoint="refresh")

m = rotation.metrics
assert (m.victim_logins, m.false_logouts, m.reuse_detections, m.refreshes) == (1, 0, 0, 120)
assert (len(refresh_tokens), len(refreshes)) == (121, 120)
# every refresh presented the token the previous answer returned, each exactly once
assert [e.token for e in refreshes] == [e.token for e in refresh_tokens[:-1]]

from simtoken.analysis.decoded import claims_table

print(claims_table(refresh_tokens[:3], "jti", "sid", "iat", "exp"))

unverified = {"verify_signature": False}
first, second = (jwt.decode(e.token, options=unverified) for e in refresh_tokens[:2])
assert first["sid"] == second["sid"] and first["exp"] == second["exp"]
assert first["jti"] != second["jti"] and first["iat"] < second["iat"]

reuse = simtoken.run("reuse-detection", seed=7)
trace = reuse.trace
at = find(trace, "reuse_detected")
detected, (revoked,) = trace[at], trace.of_kind("revoked")
print(trace[at - 1 : at + 3].format_table())
print(f"\npresenter: {detected.presenter}, generation {detected.generation}")

assert (detected.presenter, detected.generation) == ("stale-copy", 0)
assert revoked.t == detected.t and revoked.reason == "reuse_detected"  # the same instant
assert reuse.metrics.reuse_detections == reuse.metrics.family_revocations == 1

relogin = find(trace, "login", nth=1)
print(trace[relogin - 4 : relogin + 1].format_table())

logins = [(e.reason, e.cause) for e in trace.of_kind("login")]
assert logins == [("first", ""), ("refresh_failed", "revoked")]
assert reuse.metrics.victim_logins == 1 and reuse.metrics.false_logouts == 0

diagram = simtoken.to_mermaid(reuse, start=36_000, end=trace[relogin].t + 0.1)
assert diagram.startswith("sequenceDiagram") and "reuse_detected" in diagram
Markdown(f"```mermaid\n{diagram}\n```")

refuse_only = simtoken.run("reuse-detection", seed=7, reuse_detection="none")
both = {"reuse_detection=family": reuse, "reuse_detection=none": refuse_only}
print(variants_table(both, "family_revocations", "victim_logins", "rejections"))

assert refuse_only.metrics.family_revocations == refuse_only.metrics.victim_logins == 0
assert refuse_only.metrics.rejections == {"expired": 38, "reused": 1}

from simtoken.analysis.facts import answer, issued_to

variants = [{}, {"grace_successor": "same"}, {"grace_interval": 0}]
grace = run_variants("grace-interval", variants, seed=7)
replays = (answer("retry"), answer("old-copy"), issued_to("retry"), "reuse_presenters")
print(variants_table(grace, *replays, "family_revocations"))

assert column(grace, answer("retry")) == ("accepted", "accepted", "reused")
assert column(grace, answer("old-copy")) == ("reused", "reused", "revoked")
assert column(grace, issued_to("retry")) == (1, 0, 0)  # a second live refresh token: a fork
assert column(grace, "reuse_presenters") == ("old-copy", "old-copy", "retry")

cures = [{}, {"grace_interval": 30}, {"single_flight": True}]
tabs = run_variants("concurrent-tabs", cures, seed=7)
print(variants_table(tabs, "false_logouts", "reuse_detections", "refreshes", "as_load_per_h"))

assert column(tabs, "false_logouts") == column(tabs, "reuse_detections") == (10, 0, 0)
assert column(tabs, "refreshes") == (165, 167, 137)
assert column(tabs, "as_load_per_h") == (3.666667, 3.520833, 2.895833)
assert set(column(tabs, "victim_availability")) == {1.0}

strict = tabs[0].trace  # strict rotation, no grace, no lock
race = find(strict, "reuse_detected", nth=1)
second = strict[race]
print(strict[race - 15 : race + 8].format_table())

assert (second.presenter, second.generation) == ("client-1.tab-1", 3)
assert [e.reason for e in strict[race + 2 : race + 5]] == ["reused", "revoked", "revoked"]

variants = [{}, {"grace_interval": 30}, {"grace_interval": 30, "grace_successor": "same"}]
lost = run_variants("lost-response", variants, seed=7)
print(variants_table(lost, "false_logouts", "relogin_causes", "reuse_detections", "refresh_tokens"))

assert column(lost, "false_logouts") == (31, 1, 1)
assert column(lost, "relogin_causes") == ("lost x4, reused x27", "lost x1", "lost x1")
assert column(lost, "reuse_detections") == (31, 0, 0)
assert column(lost, "refresh_tokens") == (600, 653, 627)  # the same successor: no forks

no_grace = lost[0].trace
dropped = find(no_grace, "response_lost", endpoint="refresh")
print(no_grace[dropped - 3 : dropped + 6].format_table())

after = [e.kind for e in no_grace[dropped + 1 : dropped + 4]]
assert after == ["request", "reuse_detected", "revoked"]

axes = {"race_window": [0.01, 0.05, 0.2, 1.0, 5.0], "grace_interval": [0, 0.02, 0.05, 0.1, 1]}
day = {"horizon": 86_400, "request_interval": 7200, "algorithm": "HS256"}
grid = simtoken.sweep("concurrent-tabs", axes, seeds=3, settings=day, workers=1, progress=False)
print(grid.format_table("false_logouts"))

by_grace = means_by(grid, "false_logouts", "grace_interval")  # a mean per race window
assert by_grace[0] == (4.0, 4.0, 3.666667, 0.333333, 0.0)  # no grace
assert by_grace[0.02] == (0.0, 3.0, 3.666667, 0.0, 0.0)
assert by_grace[0.05] == (0.0, 0.0, 2.0, 0.0, 0.0)
assert by_grace[0.1] == by_grace[1] == (0.0,) * 5  # a round trip is enough

from simtoken.widgets.readouts import RACE_TRIES, ROTATION_TRIES, tried

rotations, races = tried(ROTATION_TRIES), tried(RACE_TRIES)
print(variants_table(rotations, "false_logouts", "reuse_detections", label="rotation explorer"))
print("\n" + variants_table(races, "false_logouts_per_100_user_days", label="race explorer"))

assert column(rotations, "false_logouts") == column(rotations, "reuse_detections") == (1, 0, 0, 0)
assert column(races, "false_logouts_per_100_user_days") == (400.0, 200.0, 0.0, 0.0)
