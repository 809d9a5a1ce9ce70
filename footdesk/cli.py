"""Command line: the window by default, plus history commands for the terminal.

Exit codes: 0 ok, 2 bad usage (argparse), 1 a clear one-line error on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from footdesk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="footdesk",
        description="A guided daily foot routine for a happier lower back.",
    )
    parser.add_argument("--version", action="version", version=f"footdesk {__version__}")
    parser.add_argument("--start", action="store_true", help="open the window and start the routine at once")
    parser.add_argument(
        "--background",
        action="store_true",
        help="start in the system tray without the window when a daily reminder is set (used at login); "
        "otherwise open the window",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    history = commands.add_parser("history", help="this week's review as text (or every session as JSON)")
    history.add_argument("--week", metavar="YYYY-Www", help="another ISO week, e.g. 2026-W47")
    history.add_argument("--json", action="store_true", help="every session, oldest first, as JSON")
    export = commands.add_parser("export", help="write every step run to a CSV file")
    export.add_argument("file", metavar="FILE.csv", type=Path)
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


class CommandError(Exception):
    """A terminal command failed for a reason the person can act on."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is not None:
        try:
            return run_command(args)
        except CommandError as exc:
            print(f"footdesk: {exc}", file=sys.stderr)
            return 1
    reason = missing_display_reason(os.environ)
    if reason:
        print(f"footdesk: {reason}", file=sys.stderr)
        return 1
    # Qt is imported only for the window, so terminal commands stay quick
    from footdesk.app import run_gui

    return run_gui(start_now=args.start, background=args.background and not args.start)


def run_command(args: argparse.Namespace) -> int:
    from datetime import date

    from footdesk import paths
    from footdesk.files import atomic_write_text
    from footdesk.history import HistoryError, HistoryStore, iso_week_of, parse_week, week_summary
    from footdesk.report import sessions_csv, sessions_json, week_text

    path = paths.history_file()
    try:
        store = HistoryStore.open_for_reading(path)
    except HistoryError as exc:
        raise CommandError(str(exc)) from None
    sessions = store.sessions() if store else []

    if args.command == "export":
        try:
            atomic_write_text(args.file, sessions_csv(sessions))
        except OSError as exc:
            raise CommandError(f"cannot write {args.file} ({exc.strerror or exc}); nothing was written") from None
        rows = sum(len(session.steps) for session in sessions)
        print(f"{rows} step run{'s' if rows != 1 else ''} from {len(sessions)} session"
              f"{'s' if len(sessions) != 1 else ''} written to {args.file}")  # fmt: skip
        return 0

    if args.json:
        sys.stdout.write(sessions_json(sessions))
        return 0
    try:
        year, week = parse_week(args.week) if args.week else iso_week_of(date.today())
    except ValueError as exc:
        raise CommandError(f"--week: {exc}") from None
    if store is None:
        print(f"No history yet ({path} does not exist). Do the routine once and it will be here.")
        return 0
    sys.stdout.write(week_text(week_summary(store, year, week, date.today())))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
