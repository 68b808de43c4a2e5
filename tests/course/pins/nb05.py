"""Notebook 05-forged-tokens's exact pins: its code cells, every assertion kept.

The notebook keeps one readable assertion per result; this script is the same code, run
headless by ``tests/course/test_notebook_pins.py``, with all of them (widget and picture cells
left out). Regenerate it when the notebook's code changes.
"""

import jwt
from IPython.display import Markdown

import simtoken
import simtoken.plots
import simtoken.widgets
from simtoken.forgery.attacks import ATTACKS, attempt, catalog
from simtoken.forgery.bench import Bench, crack_hs256, wordlist
from simtoken.jose.naive import key_material
from simtoken.jose.weakness import Weakness

rows = catalog(seed=7)
print(f"{'attack':22} {'hardened':21} {'weakness':25} vulnerable")
for row in rows:
    print(f"{row['attack']:22} {row['hardened']:21} {row['weakness']:25} {row['vulnerable']}")

assert len(rows) == 27
assert not any(r["hardened"].startswith("accepted") for r in rows)
assert all(r["vulnerable"].startswith("accepted") for r in rows)

for weakness in Weakness:
    opened = [a.name for a in ATTACKS if attempt(a, [weakness]).accepted]
    print(f"{weakness.value:26} {', '.join(opened)}")

forged = attempt("alg_none")
print(forged.token[:120] + "…")
print("header:", jwt.get_unverified_header(forged.token))
print("hardened:", forged.outcome, "-", forged.verdict.detail)
print("with accept_alg_none:", attempt("alg_none", [Weakness.ACCEPT_ALG_NONE]).outcome)

assert forged.token.endswith(".") and forged.verdict.reason == "alg_not_allowed"

pem = key_material(Bench(seed=7).key.verification_key)
print(pem.decode().splitlines()[0])
token = attempt("alg_confusion").token
try:
    jwt.decode(token, pem, algorithms=["HS256"])
except jwt.InvalidKeyError as exc:
    print("PyJWT:", type(exc).__name__, "-", str(exc)[:80])
hand_rolled = attempt("alg_confusion", [Weakness.ALG_FROM_HEADER])
print("hand-rolled with alg_from_header:", hand_rolled.outcome)

weak = Bench(seed=7, algorithm="HS256", weak_secret=True).issued()
strong = Bench(seed=7, algorithm="HS256").issued()
print("secret of a token signed with a dictionary word:", crack_hs256(weak))
print("secret of a token signed with 32 random bytes:  ", crack_hs256(strong))
print("guesses tried:", len(wordlist()))

assert crack_hs256(weak) == b"your-256-bit-secret" and crack_hs256(strong) is None

from simtoken.analysis.readings import column, run_variants, variants_table

variants = {"hardened": {}, "accept_alg_none": {"vulnerable": "accept_alg_none"}}
forgery = run_variants("forgery", variants, seed=7)
hardened, weak = forgery
seen = ("forged_accepted", "attacker_api_calls", "victim_availability", "rejections")
print(variants_table(forgery, *seen))

assert column(forgery, "forged_accepted") == column(forgery, "attacker_api_calls") == (0, 140)
assert column(forgery, "victim_availability") == (1.0, 1.0)  # the victim notices nothing

diagram = simtoken.to_mermaid(weak, start=3590, end=3700)
assert diagram.startswith("sequenceDiagram")
Markdown(f"```mermaid\n{diagram}\n```")

mixed = simtoken.run("forgery", seed=7, forge="access_as_refresh", vulnerable="skip_type_check")
print(mixed.metrics.forged_accepted, mixed.metrics.rejections)

assert mixed.metrics.forged_accepted == 0 and "wrong_audience" in mixed.metrics.rejections
