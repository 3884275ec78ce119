"""The ``drift`` command line: a thin layer over the library.

Only this package turns exceptions into messages and exit codes (0 ok, 2 bad input or model,
1 unexpected failure) and configures logging (:func:`main`). The options are in
:mod:`drift.cli.options`, the subcommands in :mod:`drift.cli.commands`. Heavy imports (torch,
sentence-transformers, matplotlib) happen inside the commands, so ``drift --help`` answers at
once.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from drift.errors import DriftError

log = logging.getLogger("drift")

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The ``drift`` argument parser (:mod:`drift.cli.options`)."""
    from drift.cli.options import build_parser as build

    return build()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    level = logging.ERROR if args.quiet else (logging.INFO if args.verbose else logging.WARNING)
    if args.verbose > 1:
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("drift: %(message)s"))
    # drift's own logger only, for this call: library chatter stays quiet, and the logger is
    # left as it was found (main() may run inside another program, a notebook or a test)
    saved = (log.handlers[:], log.level, log.propagate)
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False
    import warnings

    try:
        with warnings.catch_warnings():
            if args.quiet:  # -q: only errors (matplotlib's missing-glyph warnings among others)
                warnings.simplefilter("ignore")
            return _run(args)
    finally:
        log.handlers[:], log.level, log.propagate = saved[0], saved[1], saved[2]


def _run(args: argparse.Namespace) -> int:
    """Run one command; only here do exceptions become messages and exit codes."""
    try:
        return int(args.func(args))
    except DriftError as exc:
        print(f"drift: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("drift: interrupted", file=sys.stderr)
        return 130
    except ModuleNotFoundError as exc:  # an optional package imported without import_optional
        from drift._optional import extra_for

        extra = extra_for(exc.name or "")
        if extra is None:
            return _internal_error(exc)
        print(f"drift: error: this needs the optional package {exc.name!r}, which is not "
              f"installed: pip install 'newsdrift[{extra}]'", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last resort: one line, no traceback
        return _internal_error(exc)


def _internal_error(exc: BaseException) -> int:
    log.debug("unexpected error", exc_info=exc)
    first = (str(exc).strip().splitlines() or [""])[0][:300]
    print(f"drift: internal error: {type(exc).__name__}: {first} (run with -vv for details)",
          file=sys.stderr)
    return 1
