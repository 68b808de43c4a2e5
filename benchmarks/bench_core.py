"""Core benchmark: a population run of the ``refresh`` world, timed against its physical floor.

What is measured
================

1. **The run.** A ``refresh``-scenario world (default: 1,000 clients for 7 simulated days) is
   built and run exactly as :func:`simtoken.run` does it (``simtoken.runner.configure`` →
   ``simtoken.runner.build``, which checks the work budget, makes the ``World`` and runs the
   scenario's ``setup`` → ``World.run``, which also builds the trace and the metrics). The
   wall time covers all of that. The signing key is derived *before* timing (RS256 key
   derivation takes ~0.5 s and is cached per seed), and a tiny warm-up world runs first.

2. **The floor**, measured in the same process right after the run, for the run's *exact*
   operation counts, taken from the run itself:

   * **mints** = the trace's ``issued`` events. The floor calls ``jwt.encode`` once per
     issued token, with the run's key and algorithm, the same headers (``kid``, ``typ``) and
     the same claims (rebuilt from the event; for deterministic algorithms the floor's tokens
     are checked to be byte-identical to the run's).
   * **verifications** = outcomes (``accepted``/``rejected``) recorded by the resource
     servers, plus outcomes of ``refresh`` requests at the auth server, minus outcomes whose
     reason shows that ``jwt.decode`` was never reached (``malformed``, ``alg_not_allowed``,
     ``unknown_key``, and ``wrong_token_type`` when the token's ``typ`` header already shows
     the wrong type: ``simtoken.jose.verify`` checks these before decoding). The floor calls
     ``jwt.decode`` once per verification, on the very token the server saw, with the
     server's own key object, audience, issuer and options (signature verified, time checks
     off, required claims), i.e. what the verifier asks of PyJWT.
   * **SimPy events** = events the run's environment processed (heap pops, i.e.
     ``Environment.step`` calls, read off the environment's event-id counter minus what is
     still queued, so counting costs nothing during the timed run; ``--check-events``
     re-runs the world untimed with a counting ``step`` to confirm the number). The floor
     processes exactly as many events as bare ``env.timeout`` loops spread over as many
     processes as there are clients (so the event heap is about as deep as in the run).

How to read the ratios
======================

``run / floor`` says how much slower the simulator is than the unavoidable work: the same
signatures, the same verifications and the same number of SimPy events with nothing around
them. 1.0x would mean the package adds nothing; ``(ratio - 1) * floor`` is the time spent in
simtoken's own code (actors, verifier checks, trace records, metrics) and in the parts of
PyJWT/SimPy that simtoken calls beyond the floor's bare calls. ``run / PyJWT floor`` leaves
SimPy out: it compares the run with the cryptographic work alone. With RS256 the floor is
dominated by ``jwt.encode`` (RSA signing), so the ratios are lower for RS256 than for the cheap
algorithms (HS256, EdDSA), where simtoken's own overhead is a larger share. Both ratios come
from one process on one machine and are robust to the machine's speed, but not to other load
on it: the report shows the load average and CPU time next to wall time, and ratios of both
(wall well above CPU means the process was starved; on a shared machine the CPU-time ratio is
the steadier one, and the median of a few runs steadier still).

Two things to keep in mind when reading the ratio. The floor calls PyJWT in tight loops, with
its code and data hot in the processor's caches; inside a run the same call costs more, because
everything between two calls evicts them (measured: an HS256 signature through simtoken's
PyJWT instance took 15-16 µs inside the quick run against 9.9 µs in a loop; the floor's bare
``jwt.encode`` 13.3 µs), so part of the "overhead" is that, not simtoken's code. In the other
direction, simtoken verifies through :class:`simtoken.jose.pyjws.FastPyJWS`, which reads a
token once however often it is verified, checks base64url with one regular expression and each
HMAC secret once, so a verification can cost less than the floor's bare ``jwt.decode`` (every
signature is still checked, every time). The run is also slower per call at 1,000 clients than
at 100 (more memory touched per call).

The default ``--request-interval`` is 1800 s (a call every 30 minutes, on average, while the
user is active), not the scenario's 60 s. With access tokens living 300 s, most calls still
meet an expired token, so a call is typically a 401, a refresh (one mint) and a retry: the mix
is refresh-heavy, as the scenario intends. On the 2-core development machine (RS256 signing
~0.24 ms) the 1,000 x 7-day RS256 run takes about a minute, and its floor about as long.

Run::

    .venv/bin/python benchmarks/bench_core.py --quick          # 100 clients x 1 day, ~5 s
    .venv/bin/python benchmarks/bench_core.py                  # 1,000 clients x 7 days, ~3 min
    .venv/bin/python benchmarks/bench_core.py --algorithm HS256 --clients 200 --days 2
    .venv/bin/python benchmarks/bench_core.py --quick --check-events --profile 25

``--check-events`` re-runs the world untimed with a counting ``Environment.step``;
``--profile N`` re-runs it under cProfile and prints the top N functions (profiler times are
inflated, PyJWT's per-character base64 check most of all; use it to rank, not to measure).

This is not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import platform
import pstats
import sys
import time
from collections import Counter
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import jwt
import simpy

from simtoken.jose.claims import REQUIRED_CLAIMS
from simtoken.jose.keys import ALGORITHMS, derive_key
from simtoken.jose.tokens import TokenType
from simtoken.names import AUTH_SERVER
from simtoken.record.events import Accepted, Issued, Rejected, Request
from simtoken.record.result import Result
from simtoken.runner import build, configure
from simtoken.world import World

SCENARIO = "refresh"
DEFAULT_CLIENTS = 1_000
DEFAULT_DAYS = 7.0
QUICK_CLIENTS = 100
QUICK_DAYS = 1.0
DEFAULT_REQUEST_INTERVAL = 1_800.0
BENCH_MAX_EVENTS = sys.maxsize
"""The work budget of the benchmark's runs: none (see :func:`build_world`)."""

NO_DECODE_REASONS = frozenset({"malformed", "alg_not_allowed", "unknown_key"})
"""Rejection reasons the verifier reaches before calling ``jwt.decode``."""

WRONG_TYPE = "wrong_token_type"
"""Reached before ``jwt.decode`` if the ``typ`` header is wrong, after it if ``token_use`` is."""

DECODE_OPTIONS: dict[str, Any] = {
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
    "require": list(REQUIRED_CLAIMS),
}
"""The options simtoken's verifier passes to ``jwt.decode`` (it checks time claims on sim time)."""


@dataclass(frozen=True)
class Timing:
    """Wall and CPU seconds of one timed section."""

    wall: float
    cpu: float


@dataclass(frozen=True)
class Mint:
    """One ``jwt.encode`` call of the run: claims, signing key, algorithm, headers, its token."""

    claims: dict[str, Any]
    headers: dict[str, Any]
    token: str


@dataclass(frozen=True)
class Verification:
    """One ``jwt.decode`` call of the run: the token, the server's key and expected audience."""

    token: str
    key: Any
    audience: str


@dataclass(frozen=True)
class RunCounts:
    """The run's exact operation counts and the inputs to replay them on the floor."""

    mints: list[Mint]
    verifications: list[Verification]
    verifications_at_rs: int
    verifications_at_as: int
    skipped_before_decode: int
    simpy_events: int
    trace_events: int
    kinds: Counter[str]


def timed(fn: Callable[[], object]) -> tuple[Timing, object]:
    """Run ``fn`` once after a full collection; return its wall/CPU time and its value."""
    gc.collect()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    value = fn()
    wall1, cpu1 = time.perf_counter(), time.process_time()
    return Timing(wall1 - wall0, cpu1 - cpu0), value


def processed_events(env: Any) -> int:
    """Events ``env`` has processed so far: events scheduled minus events still queued.

    Reads SimPy's event-id counter (``env._eid``, an ``itertools.count`` advanced once per
    ``schedule``); consuming one id here is harmless after the run.
    """
    scheduled = int(next(env._eid))
    return scheduled - len(env._queue)


def build_world(
    *, clients: int, days: float, request_interval: float, seed: int, algorithm: str
) -> World:
    """A ready-to-run ``refresh`` world, built exactly as :func:`simtoken.run` builds it.

    The library's default work budget is for interactive runs (the default population run is
    ~8 million estimated events); a benchmark is sized by its own flags, so it lifts the budget.
    """
    knobs = {
        "clients": clients,
        "horizon": days * 86_400.0,
        "request_interval": request_interval,
        "algorithm": algorithm,
    }
    return build(SCENARIO, configure(SCENARIO, None, knobs), seed, max_events=BENCH_MAX_EVENTS)


def decode_reached(event: Accepted | Rejected, expected: TokenType) -> bool:
    """Whether the verifier called ``jwt.decode`` for this outcome (``simtoken.jose.verify``)."""
    if event.token is None:
        return False
    if not isinstance(event, Rejected):
        return True
    if event.reason in NO_DECODE_REASONS:
        return False
    if event.reason == WRONG_TYPE:
        try:
            return bool(jwt.get_unverified_header(event.token).get("typ") == expected.typ_header)
        except jwt.InvalidTokenError:
            return False
    return True


def collect_counts(world: World, result: Result) -> RunCounts:
    """Exact operation counts of a finished run, and the inputs to replay them."""
    key = world.key
    clock = world.clock
    epoch = clock.epoch_seconds
    issuer = world.auth_server.issuer
    grants = world.auth_server.grants
    as_key = world.auth_server.verifier.keys[key.kid]
    rs_by_name = {rs.name: rs for rs in world.resource_servers.values()}
    rs_keys = {name: rs.verifier.keys[key.kid] for name, rs in rs_by_name.items()}

    mints: list[Mint] = []
    verifications: list[Verification] = []
    refresh_ids: set[int] = set()
    at_rs = at_as = skipped = 0
    kinds: Counter[str] = Counter()
    for event in result.trace:
        kinds[event.kind] += 1
        if isinstance(event, Issued):
            token_type = TokenType(event.token_type)
            iat = clock.numeric_date(event.t)
            claims = {
                "iss": issuer,
                "sub": event.subject,
                "aud": event.audience,
                "client_id": grants[event.session].client,
                **({"scope": event.scope} if event.scope else {}),
                "iat": iat,
                "nbf": iat,
                "exp": epoch + round(event.expires),
                "jti": event.jti,
                "sid": event.session,
                "token_use": token_type.value,
            }
            headers = {"kid": key.kid, "typ": token_type.typ_header}
            mints.append(Mint(claims, headers, event.token))
        elif isinstance(event, Request):
            if event.endpoint == "refresh" and event.target == AUTH_SERVER:
                refresh_ids.add(event.request_id)
        elif isinstance(event, Accepted | Rejected):
            if event.actor == AUTH_SERVER:
                if event.request_id not in refresh_ids:
                    continue  # a login: nothing verified
                audience, verify_key, expected = issuer, as_key, TokenType.REFRESH
            elif event.actor in rs_by_name:
                audience = rs_by_name[event.actor].audience
                verify_key, expected = rs_keys[event.actor], TokenType.ACCESS
            else:  # pragma: no cover - no other servers exist
                continue
            if event.token is None or not decode_reached(event, expected):
                skipped += 1
                continue
            verifications.append(Verification(event.token, verify_key, audience))
            if event.actor == AUTH_SERVER:
                at_as += 1
            else:
                at_rs += 1
    return RunCounts(
        mints=mints,
        verifications=verifications,
        verifications_at_rs=at_rs,
        verifications_at_as=at_as,
        skipped_before_decode=skipped,
        simpy_events=processed_events(world.env),
        trace_events=len(result.trace),
        kinds=kinds,
    )


# -- the floor ---------------------------------------------------------------------------------


def floor_encode(mints: Sequence[Mint], signing_key: Any, algorithm: str) -> list[str]:
    """``jwt.encode`` once per mint of the run."""
    encode = jwt.encode
    return [encode(m.claims, signing_key, algorithm=algorithm, headers=m.headers) for m in mints]


def floor_decode(verifications: Sequence[Verification], algorithm: str, issuer: str) -> int:
    """``jwt.decode`` (signature verified) once per verification of the run; returns failures."""
    decode = jwt.decode
    algorithms = [algorithm]
    options: Any = DECODE_OPTIONS
    failures = 0
    for v in verifications:
        try:
            decode(
                v.token,
                v.key,
                algorithms=algorithms,
                audience=v.audience,
                issuer=issuer,
                options=options,
            )
        except jwt.InvalidTokenError:
            failures += 1
    return failures


def floor_simpy(n_events: int, processes: int) -> int:
    """Process exactly ``n_events`` SimPy events with bare timeout loops; returns the count.

    Each process costs an ``Initialize`` event, its timeouts, and its own completion event.
    """
    env = simpy.Environment()
    procs = max(1, min(processes, n_events // 2))
    base, extra = divmod(max(0, n_events - 2 * procs), procs)

    def ticker(count: int) -> Generator[Any, None, None]:
        timeout = env.timeout
        for _ in range(count):
            yield timeout(1)

    for i in range(procs):
        env.process(ticker(base + (1 if i < extra else 0)))
    env.run()
    return processed_events(env)


# -- reporting ---------------------------------------------------------------------------------


def per_op(seconds: float, count: int) -> str:
    """Microseconds per operation, or a dash for no operations."""
    return f"{seconds / count * 1e6:9.1f} µs/op" if count else "        - µs/op"


def line(label: str, t: Timing, count: int | None = None) -> str:
    """One aligned report line: label, wall, CPU and (optionally) per-op time."""
    text = f"  {label:<34} {t.wall:9.3f} s wall {t.cpu:9.3f} s cpu"
    if count is not None:
        text += f"   {per_op(t.wall, count)}"
    return text


def world_for(args: argparse.Namespace) -> World:
    """The world the command-line arguments describe."""
    return build_world(
        clients=args.clients,
        days=args.days,
        request_interval=args.request_interval,
        seed=args.seed,
        algorithm=args.algorithm,
    )


def check_events(args: argparse.Namespace, expected: int) -> None:
    """Re-run the same world untimed with a counting ``step`` and compare with ``expected``."""
    world = world_for(args)
    env: Any = world.env  # simpy is untyped; an instance attribute shadows the method
    real_step = env.step
    steps = 0

    def counting_step() -> None:
        nonlocal steps
        steps += 1
        real_step()

    env.step = counting_step  # Environment.run calls self.step()
    world.run()
    verdict = "matches" if steps == expected else f"DIFFERS from {expected:,}"
    print(f"  check: counting Environment.step gives {steps:,} events, which {verdict}")


def profile_run(args: argparse.Namespace, top: int) -> None:
    """Run the same world again under cProfile and print the top functions."""
    world = world_for(args)
    profiler = cProfile.Profile()
    profiler.enable()
    world.run()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs()
    for order in ("tottime", "cumulative"):
        print(f"\n-- cProfile of the run (times inflated by the profiler), by {order} --")
        stats.sort_stats(order).print_stats(top)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line; ``--quick`` fills in clients and days that were not given."""
    parser = argparse.ArgumentParser(
        description="Time a refresh-scenario population run against its PyJWT + SimPy floor."
    )
    parser.add_argument("--clients", type=int, default=None, help="clients (default 1000)")
    parser.add_argument("--days", type=float, default=None, help="simulated days (default 7)")
    parser.add_argument(
        "--request-interval",
        type=float,
        default=DEFAULT_REQUEST_INTERVAL,
        help="mean seconds between API calls while active (default %(default)g)",
    )
    parser.add_argument("--seed", type=int, default=0, help="run seed (default 0)")
    parser.add_argument(
        "--algorithm", choices=ALGORITHMS, default="RS256", help="signing algorithm (RS256)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_CLIENTS} clients x {QUICK_DAYS:g} day unless --clients/--days are given",
    )
    parser.add_argument(
        "--check-events",
        action="store_true",
        help="re-run untimed with a counting Environment.step to confirm the event count",
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        default=0,
        help="afterwards, re-run under cProfile and print the top N functions (use with --quick)",
    )
    args = parser.parse_args(argv)
    if args.clients is None:
        args.clients = QUICK_CLIENTS if args.quick else DEFAULT_CLIENTS
    if args.days is None:
        args.days = QUICK_DAYS if args.quick else DEFAULT_DAYS
    if args.clients < 1 or args.days <= 0 or args.request_interval <= 0:
        parser.error("--clients, --days and --request-interval must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the report."""
    args = parse_args(argv)
    load_before = os.getloadavg()

    # Warm-up: derive (and cache) the key, touch every code path once.
    key = derive_key(args.seed, args.algorithm)
    build_world(
        clients=2, days=0.1, request_interval=60.0, seed=args.seed, algorithm=args.algorithm
    ).run()

    # The run.
    built = timed(lambda: world_for(args))
    build_time, world_obj = built
    assert isinstance(world_obj, World)
    world = world_obj
    run_time, result_obj = timed(world.run)
    assert isinstance(result_obj, Result)
    result = result_obj
    total_run = Timing(build_time.wall + run_time.wall, build_time.cpu + run_time.cpu)

    counts = collect_counts(world, result)
    metrics = result.metrics
    config = world.config
    issuer = world.auth_server.issuer
    n_clients = len(world.clients)
    del world, world_obj, result, result_obj, built  # the floor runs without the run's heap
    gc.collect()

    # The floor, for the exact counts.
    enc_time, enc_value = timed(lambda: floor_encode(counts.mints, key.signing_key, key.algorithm))
    dec_time, dec_value = timed(lambda: floor_decode(counts.verifications, key.algorithm, issuer))
    sim_time, sim_value = timed(lambda: floor_simpy(counts.simpy_events, n_clients))
    assert isinstance(enc_value, list) and isinstance(dec_value, int)
    assert isinstance(sim_value, int)
    pyjwt_floor = enc_time.wall + dec_time.wall
    floor = pyjwt_floor + sim_time.wall
    pyjwt_floor_cpu = enc_time.cpu + dec_time.cpu
    floor_cpu = pyjwt_floor_cpu + sim_time.cpu
    starved = [
        name
        for name, t in (
            ("run", total_run),
            ("encode", enc_time),
            ("decode", dec_time),
            ("simpy", sim_time),
        )
        if t.wall > 1.1 * t.cpu
    ]
    load_after = os.getloadavg()

    n_mints = len(counts.mints)
    n_verify = len(counts.verifications)
    if key.algorithm == "ES256":
        identical = "n/a (ES256 signatures are randomized)"
    else:
        same = sum(tok == m.token for tok, m in zip(enc_value, counts.mints, strict=True))
        identical = f"{same:,} of {n_mints:,}" + ("" if same == n_mints else "  <-- MISMATCH")

    kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(counts.kinds.items()))
    print("simtoken core benchmark: population run vs. PyJWT + SimPy floor (same process)")
    print(
        f"  python {platform.python_version()}, PyJWT {version('pyjwt')}, "
        f"cryptography {version('cryptography')}, simpy {version('simpy')}, "
        f"{os.cpu_count()} CPUs"
    )
    print(f"  load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f} (1 min)")
    print("\nConfiguration")
    print(
        f"  scenario {SCENARIO}, seed {args.seed}, algorithm {config.policy.algorithm}, "
        f"clients {config.clients:,}, horizon {args.days:g} days ({config.horizon:,.0f} s)"
    )
    print(
        f"  request_interval {config.request_interval:g} s, active/idle periods "
        f"{config.active_period:g}/{config.idle_period:g} s, refresh {config.refresh}, "
        f"access/refresh token lifetime {config.policy.access_token_lifetime}/"
        f"{config.policy.refresh_token_lifetime} s"
    )
    print("\nCounts (exact, from the run)")
    print(f"  mints (issued events)               {n_mints:>12,}")
    print(
        f"  verifications (jwt.decode)          {n_verify:>12,}"
        f"   (resource servers {counts.verifications_at_rs:,}, auth-server refreshes "
        f"{counts.verifications_at_as:,}; skipped before decode {counts.skipped_before_decode:,})"
    )
    print(f"  SimPy events processed              {counts.simpy_events:>12,}")
    print(f"  trace events                        {counts.trace_events:>12,}   ({kinds})")
    print(
        f"  metrics: api_calls {metrics.api_calls:,}, refreshes {metrics.refreshes:,}, "
        f"victim_logins {metrics.victim_logins:,}, availability {metrics.victim_availability}, "
        f"rejections {dict(metrics.rejections)}"
    )
    print("\nRun")
    print(line("build world", build_time))
    print(line("World.run (sim + trace + metrics)", run_time))
    print(line("total", total_run))
    print("\nFloor (same counts, bare calls)")
    print(line(f"jwt.encode x {n_mints:,}", enc_time, n_mints))
    print(line(f"jwt.decode x {n_verify:,}", dec_time, n_verify))
    print(line(f"SimPy timeout events x {counts.simpy_events:,}", sim_time, counts.simpy_events))
    print(f"  {'PyJWT floor':<34} {pyjwt_floor:9.3f} s wall {pyjwt_floor_cpu:9.3f} s cpu")
    print(f"  {'total floor':<34} {floor:9.3f} s wall {floor_cpu:9.3f} s cpu")
    print(f"  floor tokens identical to the run's: {identical}")
    if dec_value:
        print(f"  floor decodes that raised (as in the run): {dec_value:,}")
    if sim_value != counts.simpy_events:
        print(f"  WARNING: SimPy floor processed {sim_value:,} events")
    print("\nRatios                   wall      cpu")
    print(
        f"  run / floor          {total_run.wall / floor:6.2f}x  {total_run.cpu / floor_cpu:6.2f}x"
    )
    print(
        f"  run / PyJWT floor    {total_run.wall / pyjwt_floor:6.2f}x  "
        f"{total_run.cpu / pyjwt_floor_cpu:6.2f}x"
    )
    own_wall, own_cpu = total_run.wall - floor, total_run.cpu - floor_cpu
    print(f"  overhead above floor {own_wall:9.3f} s wall {own_cpu:9.3f} s cpu", end="")
    if metrics.api_calls:
        per_call = 1e6 / metrics.api_calls
        print(
            f" ({own_wall * per_call:,.0f} µs wall, {own_cpu * per_call:,.0f} µs cpu "
            "of own work per user-level API call)"
        )
    else:
        print()

    if starved:
        print(
            f"  NOTE: wall > 1.1 x cpu for {', '.join(starved)}: the machine was busy; "
            "trust the cpu ratios more"
        )

    if args.check_events:
        check_events(args, counts.simpy_events)
    if args.profile:
        profile_run(args, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
