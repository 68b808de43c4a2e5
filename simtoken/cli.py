"""The ``simtoken`` command: list, run, compare, presets, settings, audit, jwks and verify.

Exit codes: 0 success; 1 when ``verify`` rejects the token or ``audit`` finds violations; 2 on
bad usage (an unknown scenario or setting, a value of the wrong type, an invalid policy ...),
reported as one line on stderr with no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import jwt

from simtoken.audit import audit_file
from simtoken.clock import SimClock
from simtoken.compare import compare
from simtoken.config import DEFAULT_AUDIENCE, ISSUER, settings
from simtoken.errors import SimTokenError
from simtoken.keys import ALGORITHMS, derive_key
from simtoken.presets import get_preset, presets_table
from simtoken.runner import resolve_config, run
from simtoken.scenarios import SCENARIOS, get_scenario
from simtoken.tokens import TokenType
from simtoken.verify import Verifier

__all__ = ["main"]


class UsageError(Exception):
    """A command-line mistake, reported as one line with exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid seed {text!r}; allowed: a whole number >= 0"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"invalid seed {text!r}; allowed: a whole number >= 0")
    return value


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="simtoken",
        description="Simulate JWT access and refresh tokens on a simulated clock.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    sub.add_parser("list", help="list the scenarios")
    sub.add_parser("settings", help="list every --set key with its default")
    sub.add_parser("presets", help="list the product presets and their policies")

    p_run = sub.add_parser("run", help="run a scenario and print its metrics")
    p_run.add_argument("scenario", metavar="NAME", help="scenario name (see `simtoken list`)")
    p_run.add_argument("--seed", type=_seed, default=0, help="random seed (default 0)")
    p_run.add_argument(
        "--preset", metavar="PRESET", help="a product's policy (see `simtoken presets`)"
    )
    p_run.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override one setting (repeatable; see `simtoken settings`)",
    )
    p_run.add_argument("--json", action="store_true", help="print the whole result as JSON")
    p_run.add_argument("--plot", metavar="FILE", help="write a PNG timeline of the run")
    p_run.add_argument(
        "--events", type=int, default=15, metavar="N", help="show the first N events (default 15)"
    )

    p_cmp = sub.add_parser("compare", help="run a scenario under several presets, side by side")
    p_cmp.add_argument("scenario", metavar="SCENARIO")
    p_cmp.add_argument("--preset", dest="presets", action="append", default=[], metavar="PRESET")
    p_cmp.add_argument("--seed", type=_seed, default=0)
    p_cmp.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE")
    p_cmp.add_argument(
        "--variant",
        dest="variants",
        action="append",
        default=[],
        metavar="LABEL:KEY=VALUE,...",
        help="an extra row, e.g. 'bcp+dpop:preset=rfc9700-bcp,sender_constraint=dpop'",
    )
    p_cmp.add_argument("--json", action="store_true", help="print the comparison as JSON")

    p_audit = sub.add_parser("audit", help="check a saved run (--json) against the invariants")
    p_audit.add_argument("file", metavar="FILE.json")

    p_jwks = sub.add_parser("jwks", help="print the public JWKS that verifies a run's tokens")
    p_jwks.add_argument("--seed", type=_seed, default=0)
    p_jwks.add_argument("--algorithm", choices=ALGORITHMS, default="RS256")

    p_verify = sub.add_parser("verify", help="decode a token and check it at a sim time")
    p_verify.add_argument("token", metavar="TOKEN", help="the JWT ('-' reads it from stdin)")
    p_verify.add_argument("--seed", type=_seed, default=0, help="seed of the run that minted it")
    p_verify.add_argument(
        "--at", type=_float, metavar="SIM_SECONDS", help="sim time (default: its iat)"
    )
    p_verify.add_argument(
        "--audience", default=DEFAULT_AUDIENCE, help=f"expected aud (default {DEFAULT_AUDIENCE})"
    )
    p_verify.add_argument("--type", choices=[t.value for t in TokenType], default="access")
    p_verify.add_argument("--algorithm", choices=ALGORITHMS, default="RS256")
    p_verify.add_argument(
        "--leeway", type=_float, default=0.0, help="seconds of leeway (default 0)"
    )
    return parser


def _parse_settings(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--set: expected KEY=VALUE, got {item!r}")
        if key in out:
            raise UsageError(f"--set: {key} given twice")
        out[key] = value
    return out


def _parse_variant(text: str) -> tuple[str, dict[str, str]]:
    label, sep, body = text.partition(":")
    if not sep or not label.strip():
        raise UsageError(f"--variant: expected LABEL:KEY=VALUE,..., got {text!r}")
    knobs = _parse_settings([item for item in body.split(",") if item.strip()])
    return label.strip(), knobs


def _cmd_list() -> int:
    width = max(map(len, SCENARIOS))
    for name, spec in SCENARIOS.items():
        print(f"{name.ljust(width)}  {spec.summary}")
    return 0


def _cmd_settings() -> int:
    rows = [(s.name, repr(s.default), " ".join(s.doc.split())) for s in settings().values()]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    for name, default, doc in rows:
        print(f"{name.ljust(w0)}  {default.ljust(w1)}  {doc}")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    base = get_scenario(args.scenario).defaults
    config = resolve_config(base, args.preset, _parse_settings(args.settings))
    result = run(args.scenario, seed=args.seed, config=config)
    if args.plot:
        from simtoken.plots import timeline

        figure = timeline(result)
        try:
            figure.savefig(args.plot, dpi=110)
        except OSError as exc:
            raise UsageError(f"--plot: cannot write {args.plot!r}: {exc.strerror}") from None
    if args.json:
        print(result.to_json())
        return 0
    spec = SCENARIOS[result.scenario]
    print(f"scenario {result.scenario} (seed {result.seed}): {spec.summary}")
    if args.preset:
        print(f"preset: {args.preset} ({get_preset(args.preset).title})")
    policy = result.config.policy
    print(
        f"policy: access_token_lifetime={policy.access_token_lifetime}s "
        f"refresh_token_lifetime={policy.refresh_token_lifetime}s leeway={policy.leeway:g}s "
        f"algorithm={policy.algorithm} rotation={str(policy.rotation).lower()} "
        f"reuse_detection={policy.reuse_detection} grace_interval={policy.grace_interval:g}s "
        f"validation={policy.validation}"
    )
    print(
        f"world: clients={result.config.clients} tabs={result.config.tabs} "
        f"horizon={result.config.horizon:g}s refresh={result.config.refresh}"
    )
    print("metrics:")
    for key, value in result.metrics.to_dict().items():
        print(f"  {key}: {value}")
    if args.events > 0:
        print(f"first events ({len(result.trace)} in all):")
        print(result.trace.format_table(limit=args.events))
    if args.plot:
        print(f"timeline written to {args.plot}")
    return 0


def _cmd_jwks(args: argparse.Namespace) -> int:
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


def _cmd_verify(args: argparse.Namespace) -> int:
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "list":
            return _cmd_list()
        if args.command == "settings":
            return _cmd_settings()
        if args.command == "presets":
            print(presets_table())
            return 0
        if args.command == "run":
            return _cmd_run(args)
        if args.command == "compare":
            variants = dict(_parse_variant(v) for v in args.variants)
            if not args.presets and not variants:
                raise UsageError("compare: give at least one --preset or --variant")
            table = compare(
                args.scenario,
                args.presets,
                seed=args.seed,
                settings=_parse_settings(args.settings),
                variants=variants,
            )
            print(table.to_json() if args.json else table.format_table())
            return 0
        if args.command == "audit":
            violations = audit_file(args.file)
            for violation in violations:
                print(violation)
            print(f"{len(violations)} violation(s)" if violations else "no violations")
            return 1 if violations else 0
        if args.command == "jwks":
            return _cmd_jwks(args)
        return _cmd_verify(args)
    except (UsageError, SimTokenError) as exc:
        print(f"simtoken: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
