"""Command line: the window by default, plus a few commands for the terminal.

Exit codes: 0 ok, 2 bad usage (argparse), 1 a clear one-line error on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from footdesk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="footdesk",
        description="A guided daily foot routine for a happier lower back.",
    )
    parser.add_argument("--version", action="version", version=f"footdesk {__version__}")
    parser.add_argument("--start", action="store_true", help="open the window and start the routine at once")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Qt is imported only for the window, so terminal commands stay quick
    from footdesk.app import run_gui

    return run_gui(start_now=args.start)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
