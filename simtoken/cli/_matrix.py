r"""``simtoken compare SCENARIO --over KEY=V1,V2 --against KEY=V1,V2``: a matrix of attacks.

One seeded run per pair of values (:mod:`simtoken.analysis.matrix`), one line per pair: what
the attacker stole and its metrics. The classic grid, storage against theft vector::

    simtoken compare theft --set horizon=6h \\
        --over storage=memory,web_storage,cookie_rt,cookie_bff,keystore \\
        --against theft_vector=xss,persistent_xss,csrf,new_flow,device
"""

from __future__ import annotations

import argparse

from simtoken.analysis.matrix import matrix
from simtoken.cli._args import UsageError, parse_grid, parse_settings

__all__ = ["add_matrix", "cmd_matrix"]


def add_matrix(parser: argparse.ArgumentParser) -> None:
    """The ``--over`` and ``--against`` options of ``compare``."""
    for flag, role in (("--over", "the rows"), ("--against", "the columns of each row")):
        parser.add_argument(
            flag,
            metavar="KEY=V1,V2,...",
            help=f"with --over and --against: a matrix, one run per pair; {role} "
            "(e.g. --over storage=memory,cookie_rt --against theft_vector=xss,csrf)",
        )


def _axis(option: str, text: str) -> tuple[str, list[str]]:
    """One setting and its values, ``KEY=V1,V2,...``."""
    try:
        ((key, values),) = parse_grid([text]).items()
    except UsageError:
        raise UsageError(f"{option}: expected KEY=V1,V2,..., got {text!r}") from None
    return key, values


def cmd_matrix(args: argparse.Namespace) -> int:
    """Run the matrix ``--over`` x ``--against`` and print it (``--json``: as JSON)."""
    if not (args.over and args.against):
        raise UsageError("compare: --over and --against go together")
    if args.variants or len(args.presets) > 1:
        raise UsageError("compare: a matrix takes at most one --preset and no --variant")
    over, against = _axis("--over", args.over), _axis("--against", args.against)
    table = matrix(
        args.scenario,
        over,
        against,
        seed=args.seed,
        preset=args.presets[0] if args.presets else None,
        settings=parse_settings(args.settings),
        max_events=args.max_events,
    )
    if args.json:
        print(table.to_json())
    else:
        print(f"matrix {table.scenario} (seed {table.seed}): {table.over} x {table.against}")
        print(table.format_table())
    return 0
