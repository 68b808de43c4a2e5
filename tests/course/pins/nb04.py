"""Notebook 04-theft-and-mitigations's exact pins: its code cells, every assertion kept.

The notebook keeps one readable assertion per result; this script is the same code, run
headless by ``tests/course/test_notebook_pins.py``, with all of them (widget and picture cells
left out). Regenerate it when the notebook's code changes.
"""

from IPython.display import Markdown

import simtoken
import simtoken.plots
import simtoken.widgets
from simtoken.analysis.facts import ATTACKER_METRICS, USER_METRICS
from simtoken.analysis.readings import column, result_table, run_variants, values_of, variants_table

T, AT, RT = 3600.0, 300.0, 86_400.0  # theft time, access-token and refresh-token lifetimes

f1 = simtoken.run("theft-f1", seed=7)
print(result_table(f1, *ATTACKER_METRICS, *USER_METRICS))

m = f1.metrics
assert m.attacker_refresh_s == RT - T == 82_800.0
assert RT - T <= m.attacker_access_s == 82_893.95 <= RT - T + AT
assert m.detection_latency_s is None and m.attacker_api_calls == 1738
assert values_of(f1, *USER_METRICS) == (1, 0, 1.0, 9.75)

f2 = simtoken.run("theft-f2", seed=7)
(detected,) = f2.trace.of_kind("reuse_detected")
print(result_table(f2, *ATTACKER_METRICS, *USER_METRICS))
print(f"\nreuse detected at t={detected.t:.3f} s, presented by {detected.presenter}")

assert values_of(f2, *ATTACKER_METRICS) == (19_484.95, 0.0, 0, 19_224.774099, 345, 19_224.774099)
assert f2.metrics.attacker_access_s <= f2.metrics.detection_latency_s + AT
assert detected.presenter == "client-1" and round(detected.t, 3) == 22_824.774
assert values_of(f2, *USER_METRICS) == (2, 0, 1.0, 4.625)

early = simtoken.run("theft-f2", seed=7, theft_at=600)
print(result_table(early, "detection_latency_s", "attacker_access_s", "attacker_api_calls"))

m = early.metrics
assert (m.detection_latency_s, m.attacker_access_s, m.attacker_api_calls) == (215.5236, 481.0, 7)
assert m.attacker_access_s <= m.detection_latency_s + AT

detected_at = early.trace.of_kind("reuse_detected")[0].t
diagram = simtoken.to_mermaid(early, start=600, end=detected_at + 0.06)
assert "stolen RT" in diagram and "reuse_detected" in diagram and "revoked session" in diagram
Markdown(f"```mermaid\n{diagram}\n```")

f3 = simtoken.run("theft-f3", seed=7)
print(result_table(f3, *ATTACKER_METRICS))

m = f3.metrics
assert m.detection_latency_s is None and m.reuse_detections == 0
assert m.attacker_refresh_s == RT - T
assert abs(m.attacker_access_s - (RT - 7200 + AT)) <= AT
assert (m.attacker_access_s, m.attacker_api_calls) == (79_291.95, 1671)

mitigations = [{"storage": "cookie_bff"}, {"sender_constraint": "dpop"}]
mitigated = run_variants("theft-f3", mitigations, seed=7)
print(variants_table(mitigated, *ATTACKER_METRICS, "rejections"))
print("\ntheft failed:", mitigated[0].trace.of_kind("theft_failed")[0].reason)

# nothing with a token; and the user never opens the page between the theft and leaving
assert {values_of(r, *ATTACKER_METRICS[:5]) for r in mitigated} == {(0.0, 0.0, 0, 0.0, 0)}
assert column(mitigated, "rejections") == ({"expired": 3}, {"expired": 3, "dpop_wrong_key": 1})

from simtoken.analysis.families import families

f3b = simtoken.run("theft-f3b", seed=7)
print(result_table(f3b, *ATTACKER_METRICS))
shared = set(families(f3b, "client-1")) & set(families(f3b, "attacker"))
print("families shared by user and attacker:", shared)

m = f3b.metrics
assert m.attacker_refresh_s == 86_399.95 and m.detection_latency_s is None
assert m.reuse_detections == 0 and not shared
assert (m.attacker_access_s, m.attacker_api_calls) == (86_494.95, 1810)

bff = simtoken.run("theft-f3b", seed=7, storage="cookie_bff")
print(bff.trace.of_kind("theft_failed")[0].reason)

assert (bff.metrics.attacker_access_s, bff.metrics.attacker_refresh_s) == (0.0, 0.0)
assert bff.trace.of_kind("theft_failed")[0].reason.endswith("no new flow")

modes = [{"validation": v} for v in ("local", "denylist", "introspection")]
validations = run_variants("theft-f4", modes, seed=7)
f4 = ("stolen_access_left_s", "attacker_access_s", "residual_access_s", "as_load_per_h")
print(variants_table(validations, *f4))

assert column(validations, "stolen_access_left_s") == (38.0, 38.0, 43.0)
assert column(validations, "attacker_access_s") == (38.0, 10.05, 10.05)  # to exp; to the logout
assert column(validations, "residual_access_s") == (27.95, 0.0, 0.0)
assert column(validations, "as_load_per_h") == (0.229167, 0.229167, 1.458333)
assert validations[0].metrics.family_revocations == 1

lifetimes = [{"access_token_lifetime": s} for s in (60, 300, 900)]
runs = run_variants("theft-f4", lifetimes, seed=7)
print(variants_table(runs, "stolen_access_left_s", "attacker_access_s"))

left = column(runs, "stolen_access_left_s")  # what the stolen token had left at the theft
assert column(runs, "attacker_access_s") == left == (13.0, 38.0, 221.0)

variants = {
    "auth0-spa + DPoP": {"preset": "auth0-spa", "sender_constraint": "dpop"},
    "auth0-spa + BFF": {"preset": "auth0-spa", "storage": "cookie_bff"},
}
presets, settings = ["naive", "auth0-spa", "rfc9700-bcp"], {"access_token_lifetime": 300}
flagship = simtoken.compare("theft-f3", presets, seed=7, settings=settings, variants=variants)
print(flagship.format_table())

assert column(flagship, "attacker_access_s") == (165_599.95, 165_599.95, 0.0, 0.0, 0.0)
assert column(flagship, "attacker_refresh_s") == (169_200.0, 169_200.0, 1121.979617, 0.0, 0.0)
assert set(column(flagship, "detection_latency_s")) == {None}  # nothing is ever detected

f2_table = simtoken.compare("theft-f2", presets, seed=7, settings=settings, variants=variants)
print(f2_table.format_table())

assert column(f2_table, "attacker_access_s") == (169_199.95, 19_484.95, 19_484.95, 0.0, 0.0)
assert column(f2_table, "detection_latency_s") == (None, 19_224.774099, 19_224.774099, None, None)
assert column(f2_table, "victim_logins") == (0, 1, 8, 0, 0)
# riding the open page: no token of its own, but the BFF forwards its calls (refreshing first)
online = ("attacker_api_calls", "attacker_online_calls", "attacker_online_s")
dpop, bff = (row.result for row in f2_table.rows[3:])
assert values_of(bff, *online) == (700, 758, 40_133.808761)  # 700 calls + 58 BFF refreshes
assert values_of(dpop, *online) == (0, 0, 0.15)  # until the user's next rotation

from simtoken.widgets.readouts import THEFT_TRIES, tried

tries = tried(THEFT_TRIES)
print(variants_table(tries, "attacker_refresh_s", "attacker_access_s", "detection_latency_s"))
explorer = simtoken.widgets.compare_outcome(simtoken.widgets.CompareChoices()).comparison
print("\n" + variants_table(explorer, "attacker_access_s", label="compare explorer (theft-f3)"))

assert column(tries, "attacker_refresh_s") == (82_800.0, 0.0, 10_349.283022, 3574.602629, 82_800.0)
assert column(tries, "attacker_access_s") == (82_799.95, 0.0, 0.0, 7139.95, 82_800.0)
assert column(tries, "detection_latency_s") == (None, None, None, 3574.602629, None)
assert column(explorer, "attacker_access_s") == (79_220.0, 82_800.0, 29_220.0)
