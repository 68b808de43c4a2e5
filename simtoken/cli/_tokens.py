"""The ``simtoken`` subcommands about single tokens: jwks, verify and forge.

``verify`` prints a verdict for *any* input and never a traceback: a time claim with no date
(``1e300``, ``NaN``, a 400-digit integer) is shown as out of range and judged by the verifier.
Its options are bounded: ``--at`` is a finite sim time whose date lies in 1970-01-01T00:00:00Z
.. 9999-12-31T23:59:59Z (the NumericDates 0 .. 253402300799 that Python's ``datetime`` can
show), ``--leeway`` a finite number of seconds in 0 .. :data:`MAX_LEEWAY` (RFC 7519 §4.1.4:
leeway is "usually no more than a few minutes").
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import jwt

from simtoken._text import text_table
from simtoken.cli._args import UsageError
from simtoken.forgery.attacks import attempt, catalog
from simtoken.jose.clock import SimClock
from simtoken.jose.keys import derive_key
from simtoken.jose.tokens import TokenType
from simtoken.jose.verify import Verifier
from simtoken.jose.weakness import parse_weaknesses
from simtoken.names import ISSUER

__all__ = ["AT_RANGE", "MAX_LEEWAY", "at_arg", "cmd_forge", "cmd_jwks", "cmd_verify", "leeway_arg"]

_CLOCK = SimClock()
_LAST_DATE = 253_402_300_799  # 9999-12-31T23:59:59Z, the last second datetime can show
AT_RANGE = (float(-_CLOCK.epoch_seconds), float(_LAST_DATE - _CLOCK.epoch_seconds))
"""The sim times ``--at`` accepts: those whose date is 1970-01-01 .. 9999-12-31 (UTC)."""
MAX_LEEWAY = 86_400.0
"""The largest ``--leeway`` (one day) in seconds."""


def _finite(text: str, low: float, high: float, allowed: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and low <= value <= high):
        raise argparse.ArgumentTypeError(f"invalid value {text!r}; allowed: {allowed}")
    return value


def at_arg(text: str) -> float:
    """A ``--at`` value: a finite sim time in :data:`AT_RANGE`."""
    low, high = AT_RANGE
    allowed = f"a finite number of sim seconds, {low:.0f} <= SIM_SECONDS <= {high:.0f}"
    return _finite(text, low, high, allowed + " (dates 1970-01-01 .. 9999-12-31)")


def leeway_arg(text: str) -> float:
    """A ``--leeway`` value: finite seconds, 0 .. :data:`MAX_LEEWAY`."""
    allowed = f"a finite number of seconds, 0 <= SECONDS <= {MAX_LEEWAY:.0f} (one day)"
    return _finite(text, 0.0, MAX_LEEWAY, allowed)


def cmd_jwks(args: argparse.Namespace) -> int:
    print(json.dumps(derive_key(args.seed, args.algorithm).jwks(), indent=2))
    return 0


def _describe(token: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None, str]:
    """Header and claims read *without* verification, for display only."""
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except (jwt.InvalidTokenError, ValueError, TypeError) as exc:
        return None, None, f"{type(exc).__name__}: {exc}"
    return header, claims, ""


def _sim_time(value: object) -> float | None:
    """The sim time of a NumericDate claim, if it has a date ``--at`` could name; else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        t = _CLOCK.sim_time(value)
    except OverflowError:  # an integer too large for a float
        return None
    return t if math.isfinite(t) and AT_RANGE[0] <= t <= AT_RANGE[1] else None


def _when(t: float) -> str:
    """``sim t=... s (date)`` of any sim time; a time with no date says so instead."""
    try:
        date = _CLOCK.isoformat(t)
    except (OverflowError, ValueError, OSError):  # NaN, or beyond datetime's years 1..9999
        date = "out of range: no date" if math.isfinite(t) else "not finite: no date"
    return f"sim t={t:.15g} s ({date})"


def _claim_time(value: float) -> str:
    """How a NumericDate claim reads on the sim clock, for any number JSON can hold."""
    try:
        return _when(_CLOCK.sim_time(value))
    except OverflowError:  # an integer too large for a float
        return "out of range: no sim time, no date"


def _show_times(claims: dict[str, Any]) -> None:
    for name in ("iat", "nbf", "exp"):
        value = claims.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            print(f"  {name}: {_claim_time(value)}")


def _load_jwks(path: str, leeway: float) -> Verifier:
    """A verifier for the keys in the JWKS file ``path``; any problem is a one-line UsageError."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"--jwks: cannot read {path!r}: {exc.strerror}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"--jwks: {path!r} is not JSON: {exc}") from None
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, list) or not keys:
        raise UsageError(f'--jwks: {path!r} is not a JWKS; allowed: {{"keys": [<JWK>, ...]}}')
    try:
        return Verifier.from_jwks(document, ISSUER, _CLOCK, leeway)
    except Exception as exc:  # from_jwks's every complaint is about the file: report, don't crash
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())
        raise UsageError(f"--jwks: {path!r} holds an unusable key: {detail}") from None


def _verifier(args: argparse.Namespace) -> Verifier:
    if args.jwks is None:
        seed = 0 if args.seed is None else args.seed
        key = derive_key(seed, args.algorithm or "RS256")
        return Verifier.for_keys([key], ISSUER, _CLOCK, args.leeway)
    if args.seed is not None or args.algorithm is not None:
        raise UsageError("verify: --jwks holds the keys; give it without --seed and --algorithm")
    return _load_jwks(args.jwks, args.leeway)


def cmd_verify(args: argparse.Namespace) -> int:
    verifier = _verifier(args)
    token = sys.stdin.read().strip() if args.token == "-" else args.token.strip()
    header, claims, problem = _describe(token)
    if header is None:
        print(f"cannot decode: {problem}")
    else:
        print("header:", json.dumps(header, indent=2))
        print("claims (unverified):", json.dumps(claims, indent=2))
    at = args.at
    if at is None:
        iat = (claims or {}).get("iat")
        at = _sim_time(iat)
        if at is None:
            if iat is not None:
                print("  (iat is not a time with a date: checking at sim t=0)")
            at = 0.0
    if claims:
        _show_times(claims)
    verdict = verifier.check(
        token, now=at, audience=args.audience, expected_type=TokenType(args.type)
    )
    where = f"at {_when(at)} for audience {args.audience}"
    if verdict.accepted:
        print(f"ACCEPTED {where} as a {args.type} token")
        return 0
    assert verdict.reason is not None
    print(f"REJECTED {where}: {verdict.reason.value} ({verdict.error}: {verdict.detail})")
    return 1


def cmd_forge(args: argparse.Namespace) -> int:
    weaknesses = parse_weaknesses(args.vulnerable)
    if args.attack is None:
        if weaknesses:
            raise UsageError("forge: --vulnerable needs an ATTACK (the catalog shows both sides)")
        rows = catalog(seed=args.seed)
        if args.json:
            print(json.dumps(rows, indent=2))
            return 0
        columns = [k for k in rows[0] if k != "story"]
        print(text_table([columns, *([row[k] for k in columns] for row in rows)]))
        return 0
    result = attempt(args.attack, weaknesses, seed=args.seed)
    verdict = result.verdict
    if args.json:
        out: dict[str, Any] = {
            "attack": result.attack,
            "weaknesses": sorted(weaknesses),
            "token": result.token,
        }
        out.update(accepted=verdict.accepted, reason=verdict.reason, detail=verdict.detail)
        print(json.dumps(out, indent=2))
        return 0
    weak = ", ".join(sorted(weaknesses)) or "none (hardened)"
    print(f"attack: {result.attack}\nweaknesses: {weak}\ntoken: {result.token[:200]}")
    if verdict.accepted:
        print(f"ACCEPTED as sub={verdict.claims.get('sub')!r}")
    else:
        print(f"REJECTED: {verdict.reason} ({verdict.error}: {verdict.detail})")
    return 0
