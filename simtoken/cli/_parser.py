"""The ``simtoken`` command line's grammar: every subcommand and its options."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from simtoken import __version__
from simtoken.cli._args import (
    Parser,
    add_policy,
    count_arg,
    events_arg,
    parse_window,
    seed_arg,
    seeds_arg,
)
from simtoken.cli._check import add_check
from simtoken.cli._demo import add_demo
from simtoken.cli._matrix import add_matrix
from simtoken.cli._tokens import AT_RANGE, MAX_LEEWAY, at_arg, leeway_arg
from simtoken.config.budget import DEFAULT_MAX_EVENTS
from simtoken.jose.keys import ALGORITHMS
from simtoken.jose.tokens import TokenType
from simtoken.names import DEFAULT_AUDIENCE
from simtoken.record.audit import MAX_AUDIT_BYTES

__all__ = ["build_parser"]

if TYPE_CHECKING:  # generic only to the type checker, not at run time
    _Subcommands = argparse._SubParsersAction[Parser]
    """What ``add_subparsers`` returns: each ``_add_*`` below adds one command to it."""


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``simtoken COMMAND ...``: one subparser per command."""
    parser = Parser(
        prog="simtoken",
        description="Simulate JWT access and refresh tokens on a simulated clock.",
    )
    parser.add_argument(
        "--version", action="version", version=f"simtoken {__version__}", help="print the version"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help="one of:")

    _add_listing(sub)
    sub.add_parser("settings", help="list every --set key with its default")
    sub.add_parser("presets", help="list the product presets and their policies")
    _add_run(sub)
    _add_compare(sub)
    _add_sweep(sub)
    _add_forge(sub)
    _add_audit(sub)
    _add_jwks(sub)
    _add_verify(sub)
    add_demo(sub)
    add_check(sub)
    return parser


def _add_listing(sub: _Subcommands) -> None:
    """``simtoken list [-v]`` and ``simtoken show SCENARIO``: the catalog, and one scenario told."""
    listing = sub.add_parser("list", help="list the scenarios")
    listing.add_argument(
        "-v", "--verbose", action="store_true", help="tell every scenario in full (as `show`)"
    )
    show = sub.add_parser(
        "show", help="tell a scenario: its story, what it covers, its expected outcome, settings"
    )
    show.add_argument("scenario", metavar="SCENARIO", help="scenario name (see `simtoken list`)")


def _add_run(sub: _Subcommands) -> None:
    """``simtoken run NAME``: one run, its metrics, and optionally a plot, a diagram, a JWKS."""
    parser = sub.add_parser("run", help="run a scenario and print its metrics")
    parser.add_argument("scenario", metavar="NAME", help="scenario name (see `simtoken list`)")
    parser.add_argument("--seed", type=seed_arg, default=0, help="random seed (default 0)")
    add_policy(parser)
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    parser.add_argument(
        "--all-metrics",
        action="store_true",
        help="print every metric, also those the scenario cannot produce (attacker metrics "
        "without an attacker, key_outage_s without key rotation); --json always has them all",
    )
    parser.add_argument(
        "--plot", metavar="FILE", help="write a timeline of the run (.png, .svg, .pdf ...)"
    )
    _add_max_events(parser, "the run")
    parser.add_argument(
        "--events",
        type=events_arg,
        default=15,
        metavar="N",
        help="show the first N events (default 15; 0: none)",
    )
    parser.add_argument(
        "--mermaid", metavar="FILE", help="write a Mermaid sequence diagram ('-': print only it)"
    )
    parser.add_argument(
        "--jwks",
        metavar="FILE",
        help="write the JWKS of every key that signed in the run ('-': print only it)",
    )
    parser.add_argument(
        "--mermaid-window",
        type=parse_window,
        metavar="FROM:TO",
        help="only sim seconds FROM..TO in the diagram (either may be empty), e.g. 3500:4000",
    )
    parser.add_argument(
        "--mermaid-max",
        type=int,
        metavar="N",
        help="at most N diagram lines (default 200; 0: all)",
    )


def _add_compare(sub: _Subcommands) -> None:
    """``simtoken compare SCENARIO``: one run per preset (and per variant), side by side."""
    parser = sub.add_parser("compare", help="run a scenario under several presets, side by side")
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario name (see `simtoken list`)")
    parser.add_argument(
        "--preset",
        dest="presets",
        action="append",
        default=[],
        metavar="PRESET",
        help="a row with this product's policy (repeatable; see `simtoken presets`)",
    )
    parser.add_argument("--seed", type=seed_arg, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override one setting in every row (repeatable; see `simtoken settings`)",
    )
    parser.add_argument(
        "--variant",
        dest="variants",
        action="append",
        default=[],
        metavar="LABEL:KEY=VALUE,...",
        help="an extra row, e.g. 'bcp+dpop:preset=rfc9700-bcp,sender_constraint=dpop'",
    )
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    add_matrix(parser)
    _add_max_events(parser, "each row's run")


def _add_sweep(sub: _Subcommands) -> None:
    """``simtoken sweep SCENARIO``: a grid of settings times a list of seeds, as a table."""
    parser = sub.add_parser(
        "sweep",
        help="run a scenario over a grid of settings and seeds",
        description="Run SCENARIO at every combination of the --grid values, once per seed, and "
        "print one row per combination. Example: simtoken sweep refresh "
        "--grid access_token_lifetime=60,300,900 --grid refresh=reactive,proactive --seeds 5",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario name (see `simtoken list`)")
    parser.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="KEY=V1,V2,...",
        help="a setting and its values (repeatable; the first --grid varies slowest)",
    )
    parser.add_argument(
        "--seeds",
        type=seeds_arg,
        default=(7,),
        metavar="S1,S2,...|N",
        help="the seeds of every point: a list (7,8,9 or 7,) or a count N for 0..N-1 (default 7,)",
    )
    add_policy(parser)
    parser.add_argument("--workers", type=int, metavar="N", help="processes (default: CPUs)")
    parser.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="run on this Dask distributed scheduler's workers (needs simtoken[distributed])",
    )
    parser.add_argument(
        "--metric",
        dest="metrics",
        action="append",
        default=[],
        metavar="NAME",
        help="a table column (repeatable; default: the user's metrics, and the attacker's)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print every run's metrics (all of them) as JSON"
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        help="a progress bar on stderr (default: for more than 8 runs, on a terminal)",
    )
    _add_max_events(parser, "each run; all the runs together may do 10 times it")


def _add_forge(sub: _Subcommands) -> None:
    """``simtoken forge [ATTACK]``: the forged-token catalog, or one forged token checked."""
    parser = sub.add_parser(
        "forge",
        help="forge tokens: the attack catalog, hardened vs vulnerable verifiers",
        description="Without ATTACK: every forged-token attack class, the hardened verifier's "
        "verdict and the verdict with the one weakness it needs. With ATTACK: forge one token "
        "and show it to a verifier with the --vulnerable weaknesses (default: hardened).",
    )
    parser.add_argument("attack", metavar="ATTACK", nargs="?", help="an attack class name")
    parser.add_argument(
        "--vulnerable",
        default="",
        metavar="WEAKNESS,...",
        help="weaknesses of the verifier (see simtoken.jose.weakness); default: none",
    )
    parser.add_argument("--seed", type=seed_arg, default=7, help="seed of the keys (default 7)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _add_audit(sub: _Subcommands) -> None:
    """``simtoken audit FILE.json``: a saved run checked against the invariants."""
    parser = sub.add_parser("audit", help="check a saved run (--json) against the invariants")
    parser.add_argument("file", metavar="FILE.json", help="a run saved by `simtoken run --json`")
    parser.add_argument(
        "--max-bytes",
        type=count_arg,
        default=MAX_AUDIT_BYTES,
        metavar="N",
        help=f"refuse a file larger than N bytes (default {MAX_AUDIT_BYTES:,}: 64 MiB)",
    )


def _add_jwks(sub: _Subcommands) -> None:
    """``simtoken jwks``: the public JWKS of a seed's key #0."""
    parser = sub.add_parser(
        "jwks",
        help="print the public JWKS of a seed's key #0 (all keys of a run: run --jwks FILE)",
    )
    parser.add_argument("--seed", type=seed_arg, default=0, help="seed of the key (default 0)")
    parser.add_argument(
        "--algorithm", choices=ALGORITHMS, default="RS256", help="signing algorithm (default RS256)"
    )


def _add_verify(sub: _Subcommands) -> None:
    """``simtoken verify TOKEN``: a token decoded and checked at a sim time."""
    parser = sub.add_parser(
        "verify",
        help="decode a token and check it at a sim time",
        description="Print a token's header and claims and check it at a sim time against the "
        "key #0 of --seed and --algorithm, or against every key of a run's --jwks FILE (as "
        "written by `simtoken run ... --jwks FILE`; needed for key rotation). "
        "Exit 0 accepted, 1 rejected, 2 bad usage.",
    )
    parser.add_argument("token", metavar="TOKEN", help="the JWT ('-' reads it from stdin)")
    parser.add_argument("--seed", type=seed_arg, help="seed of the run that minted it (default 0)")
    parser.add_argument(
        "--jwks",
        metavar="FILE",
        help="verify against the keys of this JWKS file (not with --seed or --algorithm)",
    )
    low, high = AT_RANGE
    parser.add_argument(
        "--at",
        type=at_arg,
        metavar="SIM_SECONDS",
        help=f"sim time (default: its iat); finite, {low:.0f} .. {high:.0f} "
        "(dates 1970-01-01 .. 9999-12-31 UTC)",
    )
    parser.add_argument(
        "--audience", default=DEFAULT_AUDIENCE, help=f"expected aud (default {DEFAULT_AUDIENCE})"
    )
    parser.add_argument(
        "--type",
        choices=[t.value for t in TokenType],
        default="access",
        help="the type the token must have (default access)",
    )
    parser.add_argument("--algorithm", choices=ALGORITHMS, help="key algorithm (default RS256)")
    parser.add_argument(
        "--leeway",
        type=leeway_arg,
        default=0.0,
        metavar="SECONDS",
        help=f"seconds of leeway (default 0); finite, 0 .. {MAX_LEEWAY:.0f} (one day)",
    )


def _add_max_events(parser: argparse.ArgumentParser, scope: str) -> None:
    parser.add_argument(
        "--max-events",
        type=count_arg,
        default=DEFAULT_MAX_EVENTS,
        metavar="N",
        help=f"the work budget of {scope}, in estimated events (default {DEFAULT_MAX_EVENTS:,}); "
        "a run estimated above it is refused before it starts",
    )
