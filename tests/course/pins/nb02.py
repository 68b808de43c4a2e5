"""Notebook 02-expiry-and-refresh's exact pins: its code cells, every assertion kept.

The notebook keeps one readable assertion per result; this script is the same code, run
headless by ``tests/course/test_notebook_pins.py``, with all of them (widget and picture cells
left out). Regenerate it when the notebook's code changes.
"""

import jwt

import simtoken
import simtoken.plots
import simtoken.widgets
from simtoken.analysis.decoded import claim_values, claims_table, claims_text
from simtoken.analysis.excerpts import find
from simtoken.analysis.readings import column, result_table, run_variants, variants_table

expiry = simtoken.run("expiry", seed=7)
print(result_table(expiry, "victim_logins", "api_calls", "rejections", "victim_availability"))
print(expiry.trace.format_table(limit=10))

assert expiry.config.refresh == "none"
assert set(expiry.metrics.rejections) == {"expired"}  # every rejection is an expired AT
assert 25 <= expiry.metrics.victim_logins <= 36  # about one re-login per 5-minute token
assert expiry.metrics.victim_availability == 1.0  # each call was retried after the login

refresh = simtoken.run("refresh", seed=7)
print(result_table(refresh, "victim_logins", "refreshes", "rejections", "as_load_per_h"))
print(refresh.trace.format_table(limit=10))

assert refresh.config.refresh == "reactive"
assert refresh.metrics.victim_logins == 1
assert refresh.metrics.victim_availability == 1.0

first_401 = find(refresh.trace, "rejected")
print(refresh.trace[first_401 - 1 : first_401 + 7].format_table())

assert refresh.trace[first_401].reason == "expired"

relogin = find(refresh.trace, "login", nth=1)
print(refresh.trace[relogin - 4 : relogin + 4].format_table())
rt = refresh.issued("refresh")[0]
print(f"\nfirst refresh token: issued at t={rt.t:.2f} s, expired at t={rt.expires:.0f} s (one day)")

assert [e.reason for e in refresh.trace.of_kind("login")] == ["first", "refresh_failed"]
refused = refresh.trace[relogin - 1]
assert refused.kind == "rejected" and refused.actor == "auth-server" and refused.reason == "expired"
assert refused.t >= rt.expires

access = refresh.issued("access")[0]
header = jwt.get_unverified_header(access.token)
claims = jwt.decode(access.token, options={"verify_signature": False})
print(access.token[:48] + "…", header, claims_text(claims), sep="\n")

assert header["typ"] == "at+jwt" and claims["aud"] == "https://api.example"
assert claims["exp"] - claims["iat"] == 300

key = jwt.PyJWK(refresh.jwks["keys"][0])
algorithms = [refresh.config.policy.algorithm]  # from the configuration, never from the token
audience = refresh.config.audiences[0]  # the API's own name: https://api.example
sim_time = {"verify_exp": False, "verify_nbf": False, "verify_iat": False}  # on sim time
verified = jwt.decode(access.token, key, algorithms, audience=audience, options=sim_time)
assert verified == claims

print(claims_table([rt], "typ", "aud", "exp - iat"))  # the refresh token of the cell before
assert claim_values(rt.token, "typ", "exp - iat") == ("rt+jwt", 86_400)

modes = run_variants("refresh", [{"refresh": "reactive"}, {"refresh": "proactive"}], seed=7)
print(variants_table(modes, "api_rejections", "victim_logins", "refreshes", "as_load_per_h"))

assert column(modes, "api_rejections") == (120, 0)  # the API's 401s
assert column(modes, "victim_logins") == (1, 1)
reactive_load, proactive_load = column(modes, "as_load_per_h")
assert proactive_load > reactive_load

from simtoken.widgets.readouts import lifetime_table

sweep = simtoken.widgets.lifetime_sweep(7, simtoken.widgets.DEFAULT_LIFETIMES)
print(lifetime_table(sweep))

five_min = next(p for p in sweep if p.lifetime == 300)
assert five_min.without_refresh.victim_logins > 100 * five_min.with_refresh.victim_logins
loads = [p.with_refresh.as_load_per_h for p in sweep]
assert loads == sorted(loads, reverse=True)  # the shorter the AT, the busier the auth server
