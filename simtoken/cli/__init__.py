"""The ``simtoken`` command line.

Commands: list, show, run, compare, sweep, presets, settings, audit, jwks, verify, forge,
demo and check; ``simtoken`` alone prints them, ``simtoken --version`` the version.

Exit codes: 0 success; 1 when ``verify`` rejects the token, ``audit`` finds violations or
``check`` finds a test that does not pass; 2 on
bad usage (an unknown scenario or setting, a value of the wrong type, an invalid policy ...),
reported as one line on stderr with no traceback. Output piped into a reader that stops early
(``simtoken compare ... | head``) ends quietly with exit code 141 (128 + SIGPIPE), as a shell
tool's would.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from simtoken.cli._args import UsageError
from simtoken.cli._check import cmd_check
from simtoken.cli._demo import cmd_demo
from simtoken.cli._parser import build_parser
from simtoken.cli._progress import LARGE_FILE_BYTES, progress_bar
from simtoken.cli._runs import cmd_compare, cmd_list, cmd_run, cmd_settings, cmd_sweep
from simtoken.cli._show import cmd_list_verbose, cmd_show
from simtoken.cli._tokens import cmd_forge, cmd_jwks, cmd_verify
from simtoken.errors import SimTokenError
from simtoken.policy.tables import presets_table
from simtoken.record.audit import audit
from simtoken.record.document import load_document

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:  # bare `simtoken`: the commands, not an error
            parser.print_help()
            return 0
        code = _dispatch(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below
        return code
    except (UsageError, SimTokenError) as exc:
        print(f"simtoken: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away: stop quietly (Python's signal docs' recipe)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush cannot fail
        return 141


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command
    if command == "presets":
        print(presets_table())
        return 0
    if command == "audit":
        large = os.path.isfile(args.file) and os.path.getsize(args.file) >= LARGE_FILE_BYTES
        with progress_bar(large, sys.stderr, "audit", steps=2) as progress:
            document = load_document(args.file, args.max_bytes)
            if progress:
                progress(0.5)  # read and checked; now the invariants
            violations = audit(document)
        for violation in violations:
            print(violation)
        print(f"{len(violations)} violation(s)" if violations else "no violations")
        return 1 if violations else 0
    if command == "show":
        return cmd_show(args.scenario)
    if command == "list":
        return cmd_list_verbose() if args.verbose else cmd_list()
    if command == "settings":
        return cmd_settings()
    handler = {
        "run": cmd_run,
        "compare": cmd_compare,
        "sweep": cmd_sweep,
        "jwks": cmd_jwks,
        "forge": cmd_forge,
        "demo": cmd_demo,
        "check": cmd_check,
    }.get(command, cmd_verify)
    return handler(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
