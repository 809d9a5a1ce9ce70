"""Command line: the window by default, plus a few commands for the terminal.

Exit codes: 0 ok, 2 bad usage (argparse), 1 a clear one-line error on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence

from footdesk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="footdesk",
        description="A guided daily foot routine for a happier lower back.",
    )
    parser.add_argument("--version", action="version", version=f"footdesk {__version__}")
    parser.add_argument("--start", action="store_true", help="open the window and start the routine at once")
    return parser


def missing_display_reason(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why the window cannot open, known before Qt is loaded. Without a display
    Qt aborts the whole process with a core dump and a misleading hint about
    xcb-cursor; one clear line is kinder."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no graphical display found (neither DISPLAY nor WAYLAND_DISPLAY is set); start footdesk from a desktop session"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    reason = missing_display_reason(os.environ)
    if reason:
        print(f"footdesk: {reason}", file=sys.stderr)
        return 1
    # Qt is imported only for the window, so terminal commands stay quick
    from footdesk.app import run_gui

    return run_gui(start_now=args.start)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
