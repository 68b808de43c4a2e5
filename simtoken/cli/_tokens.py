"""The ``simtoken`` subcommands about single tokens: jwks, verify and forge."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import jwt

from simtoken.attacks import attempt, catalog
from simtoken.cli._args import UsageError
from simtoken.clock import SimClock
from simtoken.config import ISSUER
from simtoken.keys import derive_key
from simtoken.tokens import TokenType
from simtoken.verify import Verifier
from simtoken.weakness import parse_weaknesses

__all__ = ["cmd_forge", "cmd_jwks", "cmd_verify"]


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


def cmd_verify(args: argparse.Namespace) -> int:
    token = sys.stdin.read().strip() if args.token == "-" else args.token.strip()
    clock = SimClock()
    header, claims, problem = _describe(token)
    if header is None:
        print(f"cannot decode: {problem}")
    else:
        print("header:", json.dumps(header, indent=2))
        print("claims (unverified):", json.dumps(claims, indent=2))
    at = args.at
    if at is None:
        iat = (claims or {}).get("iat")
        at = clock.sim_time(iat) if isinstance(iat, int) else 0.0
    if claims:
        for name in ("iat", "nbf", "exp"):
            value = claims.get(name)
            if isinstance(value, int | float):
                t = clock.sim_time(value)
                print(f"  {name}: sim t={t:g} s ({clock.isoformat(t)})")
    verifier = Verifier.for_keys(
        [derive_key(args.seed, args.algorithm)], ISSUER, clock, args.leeway
    )
    verdict = verifier.check(
        token, now=at, audience=args.audience, expected_type=TokenType(args.type)
    )
    where = f"at sim t={at:g} s ({clock.isoformat(at)}) for audience {args.audience}"
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
        widths = {k: max(len(k), *(len(r[k]) for r in rows)) for k in rows[0] if k != "story"}
        print("  ".join(k.ljust(w) for k, w in widths.items()).rstrip())
        for row in rows:
            print("  ".join(row[k].ljust(w) for k, w in widths.items()).rstrip())
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
