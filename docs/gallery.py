"""Gallery: regenerate the pictures in ``docs/img/`` (``make gallery``).

One picture per kind of plot in :mod:`simtoken.plots`, each from seeded runs, so re-running
this script rewrites byte-identical files: fixed size and resolution, no software version or
date in the PNG metadata, and matplotlib's default style (``rcdefaults``), whatever the local
configuration says.

    python docs/gallery.py               # writes docs/img/*.png
    python docs/gallery.py --out DIR     # writes them somewhere else

Sweeps run short horizons and few seeds so that the whole gallery takes seconds.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

import simtoken
from simtoken import plots

__all__ = ["PICTURES", "main", "sweep_rows"]

HERE = Path(__file__).resolve().parent
DPI = 100
_HOUR = 3600.0


def sweep_rows(
    scenario: str, grid: Mapping[str, Sequence[object]], seeds: Iterable[int], **fixed: Any
) -> list[dict[str, Any]]:
    """Run ``scenario`` at every point of ``grid`` with every seed; one flat row per run."""
    names = list(grid)
    rows = []
    for values in itertools.product(*grid.values()):
        point: dict[str, Any] = dict(zip(names, values, strict=True))
        for seed in seeds:
            result = simtoken.run(scenario, seed=seed, **fixed, **point)
            rows.append({**point, "seed": seed, **result.metrics.to_dict()})
    return rows


def timeline_refresh() -> Figure:
    """Two days of one user: access tokens renewed by refresh, re-login when the session ends."""
    return plots.timeline(simtoken.run("refresh", seed=7))


def timeline_theft() -> Figure:
    """A theft under rotation with reuse detection: stolen copy, replay, detection, revocation."""
    result = simtoken.run(
        "theft-f2", seed=7, horizon=0.5 * _HOUR, theft_at=600.0, attacker_strategy="immediate"
    )
    return plots.timeline(result)


def comparison_theft() -> Figure:
    """The flagship comparison: one seeded theft (F2, as in the theft timeline), four policies."""
    comparison = simtoken.compare(
        "theft-f2",
        ["naive", "auth0-spa", "rfc9700-bcp"],
        seed=7,
        settings={
            "access_token_lifetime": 300,
            "horizon": 4 * _HOUR,
            "theft_at": 600.0,
            "attacker_strategy": "immediate",
        },
        variants={"rfc9700-bcp + DPoP": {"preset": "rfc9700-bcp", "sender_constraint": "dpop"}},
    )
    return plots.plot_comparison(comparison)


def _theft_grid() -> list[dict[str, Any]]:
    return sweep_rows(
        "theft-f2",
        {"access_token_lifetime": (120, 600, 1800), "theft_at": (1200.0, 2400.0, 3600.0)},
        seeds=(1, 2),
        horizon=3 * _HOUR,
        request_interval=300.0,
        attacker_interval=600.0,
    )


_CACHE: dict[str, list[dict[str, Any]]] = {}


def _rows(name: str, make: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    if name not in _CACHE:
        _CACHE[name] = make()
    return _CACHE[name]


def sweep() -> Figure:
    """The attacker's window against the access-token lifetime, one line per theft time."""
    return plots.plot_sweep(
        _rows("theft", _theft_grid), "access_token_lifetime", "attacker_access_s"
    )


def heatmap() -> Figure:
    """The same grid as a heatmap: lifetime x theft time -> the attacker's window."""
    rows = _rows("theft", _theft_grid)
    return plots.plot_heatmap(rows, "access_token_lifetime", "theft_at", "attacker_access_s")


def tradeoff() -> Figure:
    """The refresh-token lifetime: fewer logins for the user, a longer window for a thief."""
    rows = sweep_rows(
        "theft-f1",
        {"refresh_token_lifetime": (3600, 2 * 3600, 4 * 3600, 8 * 3600)},
        seeds=(1, 2),
        horizon=10 * _HOUR,
        request_interval=600.0,
        attacker_interval=3600.0,
    )
    return plots.plot_tradeoff(rows, "refresh_token_lifetime", "attacker_access_s", "victim_logins")


def roc() -> Figure:
    """The detector's ROC: a careless thief's refreshes flagged against false alarms."""
    rows = sweep_rows(
        "detection",
        {"detector_threshold": (1.0, 2.0, 3.0, 5.0, 7.0)},
        seeds=(1, 2),
        horizon=86_400.0,
    )
    return plots.plot_roc(rows)


PICTURES: dict[str, Callable[[], Figure]] = {
    "timeline-refresh": timeline_refresh,
    "timeline-theft": timeline_theft,
    "comparison-theft": comparison_theft,
    "sweep": sweep,
    "heatmap": heatmap,
    "tradeoff": tradeoff,
    "roc": roc,
}
"""Each picture's file name (without ``.png``) and the function that draws it."""


def main(argv: Sequence[str] | None = None) -> int:
    """Write every picture (or those named) as PNG into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE / "img", help="output directory")
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(PICTURES)}")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in PICTURES]
    if unknown:
        parser.error(f"unknown picture {unknown[0]!r}; choose from {', '.join(PICTURES)}")
    args.out.mkdir(parents=True, exist_ok=True)
    matplotlib.rcdefaults()
    matplotlib.use("Agg")
    for name in args.names or PICTURES:
        target = args.out / f"{name}.png"
        PICTURES[name]().savefig(target, dpi=DPI, metadata={"Software": None})
        print(f"{target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
