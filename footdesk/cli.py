"""Command line: the window by default, plus history commands for the terminal.

Exit codes: 0 ok, 2 bad usage (argparse), 1 a clear one-line error on stderr,
130 interrupted (Ctrl+C), without a traceback at any moment.
"""

from __future__ import annotations

import sys
from types import TracebackType


def interrupted(error: BaseException | None) -> bool:
    """Ctrl+C, or an error Python raised because of it (while defining a class, say)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


_previous_hook = sys.excepthook


def _quiet_when_interrupted(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """Ctrl+C while footdesk itself loads, before ``main`` can catch it: no
    traceback (Python still exits as interrupted). Installed first thing, so the
    console script's own import of this module is covered too."""
    if not interrupted(error):
        _previous_hook(kind, error, trace)


sys.excepthook = _quiet_when_interrupted

import os  # noqa: E402 - after the hook: a Ctrl+C while these load is quiet too
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

from footdesk import __version__  # noqa: E402
from footdesk.i18n import N_, _, n_, p_  # noqa: E402
from footdesk.platform import console, display  # noqa: E402

if TYPE_CHECKING:
    import argparse
    from datetime import date
    from types import SimpleNamespace

    from footdesk.appmodel import AppModel, WeekReport
    from footdesk.card import ProgrammeCard
    from footdesk.library import Entry
    from footdesk.physio_report import PhysioReport
    from footdesk.platform.single_instance import SingleInstance
    from footdesk.routine import Routine, Step


ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
)
"""argparse's own words footdesk's --help and usage errors show: argparse looks
them up with the ``_`` and ``ngettext`` of its module, which ``build_parser``
points at footdesk's catalog (gettext's default domain has none of them)."""
ARGPARSE_PLURALS = ((N_("expected %s argument"), N_("expected %s arguments")),)


def _argparse_in_footdesk_words(argparse: object) -> None:
    """argparse's words (\"usage: \", \"options\", its errors) from footdesk's
    catalog, in the language in use."""
    setattr(argparse, "_", _)  # noqa: B010 - argparse's module-level gettext, looked up at each call
    setattr(argparse, "ngettext", n_)  # noqa: B010


def build_parser() -> argparse.ArgumentParser:
    import argparse  # not for the window started without options (the menu's launch): see _main

    _argparse_in_footdesk_words(argparse)
    parser = argparse.ArgumentParser(
        prog="footdesk",
        description=_("A guided daily foot routine for a happier lower back."),
    )
    _add_window_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_history(commands)
    export = commands.add_parser(
        "export",
        help=_(
            "write every step run to a CSV file, or a week's one-page review to a PDF (by the file's suffix); "
            "with --card, a routine's programme card; with --report, the report for your physiotherapist; "
            "FILE.ics, the daily reminders for your calendar"
        ),
    )
    export.add_argument("file", metavar="FILE.csv|FILE.pdf|FILE.ics|-", help=_("- writes the CSV to standard output"))
    export.add_argument(
        "--week", metavar="YYYY-Www", help=_("the PDF's week (this week by default); for CSV, only that week")
    )
    export.add_argument(
        "--routine",
        metavar="ID",
        dest="export_routine",
        help=_(
            "the PDF of that routine alone (footdesk routine list shows the ids); without it, a week of two "
            "routines or more has a page for the whole week and a page for each routine; with --card, the "
            "routine on the card (the one in use by default)"
        ),
    )
    export.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    _add_card(export)
    _add_report(export)
    _add_routine(commands)
    _add_plan(commands)
    _add_questionnaire(commands)
    _add_backup(commands)
    entry = commands.add_parser(
        "install-desktop-entry", help=_("from source: put footdesk in your applications menu (entry and icon)")
    )
    entry.add_argument("--remove", action="store_true", help=_("take the entry and icon out of your menu again"))
    return parser


def _add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--version",
        action="version",
        version=f"footdesk {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument("--start", action="store_true", help=_("open the window and start the routine at once"))
    parser.add_argument(
        "--routine", metavar="ID", help=_("with --start: the routine to start (footdesk routine list shows them)")
    )
    parser.add_argument(
        "--background",
        action="store_true",
        help=_(
            "start in the system tray without the window when a daily reminder is set (used at login); "
            "otherwise open the window"
        ),
    )


def _add_routine(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    routine = commands.add_parser("routine", help=_("your routines: list, show, check, import and export them"))
    routine_commands = routine.add_subparsers(dest="routine_command", metavar="ACTION", required=True)
    routine_commands.add_parser("list", help=_("every routine, with its id (broken files with what is wrong)"))
    shown = routine_commands.add_parser("show", help=_("one routine's steps, with the pictures each shows"))
    shown.add_argument("id")
    check = routine_commands.add_parser("check", help=_("check a routine file; exit 1 with what is wrong where"))
    check.add_argument("file", type=Path)
    imported = routine_commands.add_parser(
        "import",
        help=_(
            "copy a routine into your routines: FILE.toml (with the pictures it names, beside it) or FILE.zip "
            "(a routine exported with its pictures); one already there: --replace or --as-new"
        ),
    )
    imported.add_argument("file", type=Path)
    duplicate = imported.add_mutually_exclusive_group()
    duplicate.add_argument(
        "--replace", action="store_true", help=_("replace the routine already there (its id stays; a copy is kept)")
    )
    duplicate.add_argument("--as-new", action="store_true", help=_("keep both: this one gets a title of its own"))
    exported = routine_commands.add_parser(
        "export",
        help=_("write one of the routines to a file, to share it: FILE.zip with its pictures, FILE.toml without"),
    )
    exported.add_argument("id")
    exported.add_argument("file", type=Path, help=_("FILE.zip, FILE.toml, or - (its file on standard output)"))
    exported.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))


def _add_plan(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plan = commands.add_parser(
        "plan", help=_("where you are in a routine's plan this week: its phase, the dose and each step's numbers")
    )
    plan.add_argument(
        "--routine",
        metavar="ID",
        dest="plan_routine",
        help=_("that routine (footdesk routine list shows the ids); the one chosen in the window by default"),
    )
    plan.add_argument("--json", action="store_true", help=_("as JSON"))


def _add_questionnaire(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    questionnaire = commands.add_parser(
        "questionnaire",
        help=_(
            "your back questionnaires' scores with their dates and the change since the first; "
            "or record an Oswestry score you got elsewhere (odi SCORE)"
        ),
    )
    questionnaire.add_argument("instrument", nargs="?", choices=("rmdq", "psfs", "odi"),
                               help=_("odi: record an Oswestry Disability Index score (the Roland-Morris and the "
                                      "PSFS are answered in the window: Routine → Back questionnaire…)"))  # fmt: skip
    # TRANSLATORS: argparse formats this help: "%%" is written as one "%"
    questionnaire.add_argument("score", nargs="?", help=_("with odi: the score, 0 to 100 (%%)"))
    questionnaire.add_argument("--date", metavar="YYYY-MM-DD", dest="taken_on",
                               help=_("with odi: the day it was answered (today by default)"))  # fmt: skip
    questionnaire.add_argument("--list", action="store_true",
                               help=_("every score with its id (what it does without odi)"))  # fmt: skip
    questionnaire.add_argument("--json", action="store_true", help=_("every questionnaire with its answers, as JSON"))
    questionnaire.add_argument("--delete", metavar="ID", help=_("leave out score ID (the id --list shows) from the "
                               "review, the report and the exports, after asking; it is kept, and --undelete ID "
                               "brings it back"))  # fmt: skip
    questionnaire.add_argument("--undelete", metavar="ID", help=_("bring back score ID, deleted before"))
    questionnaire.add_argument("--yes", action="store_true", help=_("with --delete: confirm without being asked"))


def _add_card(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "--card",
        action="store_true",
        help=_(
            "FILE.pdf is the programme card of a routine, to print: each step with its pictures, instructions, "
            "times and sides"
        ),
    )
    export.add_argument(
        "--paper",
        choices=("a4", "letter"),
        help=_(
            "with --card: the paper size (by default your locale's: Letter in the Americas' Letter countries, "
            "A4 elsewhere)"
        ),
    )


def _add_report(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "--report",
        action="store_true",
        help=_(
            "FILE.pdf is the report for your physiotherapist: days done of the days prescribed and the lower back "
            "week by week, how each exercise felt, your notes, then the programme card (--routine: of that "
            "routine; --paper as for --card)"
        ),
    )
    export.add_argument(
        "--weeks", metavar="N", type=int, help=_("with --report: the last N weeks (12 by default, as the review)")
    )


def _add_history(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = commands.add_parser("history", help=_("this week's review as text (or every session as JSON)"))
    history.add_argument("--week", metavar="YYYY-Www", help=_("another ISO week, e.g. 2026-W47"))
    history.add_argument("--json", action="store_true", help=_("every session (or that week's), oldest first, as JSON"))
    history.add_argument(
        "--restore",
        metavar="FILE",
        help=_(
            "bring the sessions of FILE (a history moved aside as damaged, or any footdesk history) back into "
            "your history; sessions already there are not added twice, and FILE is left as it is"
        ),
    )
    history.add_argument(
        "--leave", metavar="FILE", help=_("stop mentioning FILE, a history moved aside (it stays where it is)")
    )
    history.add_argument(
        "--delete",
        metavar="ID",
        help=_(
            "leave out session ID (the id history --json shows) from the review, the PDF and the exports; "
            "it is kept, and --undelete ID brings it back"
        ),
    )
    history.add_argument("--undelete", metavar="ID", help=_("bring back session ID, deleted before"))
    history.add_argument("--deleted", action="store_true", help=_("list the deleted sessions, with their ids"))
    history.add_argument(
        "--rate",
        nargs=2,
        metavar=("ID", "N|none"),
        help=_(
            "change the lower-back rating of session ID to N (0 to 10) or none; the one before is kept, "
            "and said with the command that puts it back"
        ),
    )
    history.add_argument(
        "--mark-done",
        nargs=2,
        metavar=("ID", "STEP[:SIDE]"),
        help=_(
            "a part of session ID that was skipped or stopped counts as done after all (e.g. roll:left; "
            "history --json shows the steps and sides); the session counts as completed once every part is"
        ),
    )
    history.add_argument(
        "--unmark-done",
        nargs=2,
        metavar=("ID", "STEP[:SIDE]"),
        help=_("take back --mark-done: the part reads as it was recorded again"),
    )
    history.add_argument(
        "--corrections", action="store_true", help=_("list every correction made, with what was there before")
    )


_HISTORY_ACTIONS = ("restore", "leave", "delete", "undelete", "rate", "mark_done", "unmark_done", "deleted",
                   "corrections")  # fmt: skip
"""What ``history`` can do besides showing the week (--week, --json): one at a time."""


def _one_history_action(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Two actions at once (``--json --delete 3``) would do one and drop the
    other without a word: refused before anything is read or changed."""
    given = [f"--{name.replace('_', '-')}" for name in _HISTORY_ACTIONS if getattr(args, name) not in (None, False)]
    shown = [option for option, on in (("--week", args.week is not None), ("--json", args.json)) if on]
    if len(given) > 1 or (given and shown):
        options = _joined([*given, *shown])
        parser.error(_("history: {options}: one at a time; nothing was changed").format(options=options))


def _joined(options: Sequence[str]) -> str:
    """Options given together, as "--json and --delete" (and "a and b and c")."""
    joined = options[0]
    for option in options[1:]:
        # TRANSLATORS: two command options (or more, one pair at a time) given together: "--json and --delete"
        joined = p_("options", "{first} and {second}").format(first=joined, second=option)
    return joined


class CommandError(Exception):
    """A terminal command failed for a reason the person can act on."""


INTERRUPTED = 130
"""The exit code of a program ended by Ctrl+C (128 + SIGINT), as shells expect."""


def main(argv: Sequence[str] | None = None) -> int:
    """Ctrl+C ends any command quietly with 130; while the window starts, the
    signals that end it wait (held, not lost) until it can close cleanly."""
    try:
        return _main(argv)
    except BrokenPipeError:
        return _reader_gone()
    except Exception as exc:
        if interrupted(exc):
            return INTERRUPTED
        raise
    except KeyboardInterrupt:
        return INTERRUPTED


def _reader_gone() -> int:
    """The reader of the output stopped reading (``footdesk history | head -1``):
    nothing more to say, and no traceback; what Python flushes at exit goes
    nowhere instead of failing again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real stdout (a test's stream): nothing to flush
        pass
    return 1


WINDOW_WITHOUT_OPTIONS = {"start": False, "routine": None, "background": False, "command": None}
"""What the parser makes of no arguments at all (a test keeps the two the same)."""


def _main(argv: Sequence[str] | None) -> int:
    console.tolerant_streams()
    if not (sys.argv[1:] if argv is None else argv):
        # the window as the menu starts it: nothing to parse or check, and no
        # parser built (argparse and footdesk's commands took 6 ms of the first window)
        from types import SimpleNamespace

        from footdesk import paths

        paths.prepare_private_dirs()  # health data: footdesk's folders and files are the person's alone
        return _window(SimpleNamespace(**WINDOW_WITHOUT_OPTIONS))
    _speak_the_persons_language()
    parser = build_parser()
    args = parser.parse_args(argv)
    from footdesk import paths

    paths.prepare_private_dirs()  # health data: footdesk's folders and files are the person's alone
    if args.command == "history":
        _one_history_action(parser, args)
    if args.command is not None:
        try:
            if args.command == "install-desktop-entry":
                return _desktop_entry(remove=args.remove)
            if args.command in ("backup", "restore"):
                return _backup_command(args)
            return run_command(args)
        except CommandError as exc:
            console.say(_("footdesk: {problem}").format(problem=exc), file=sys.stderr)
            return 1
    if not _launch_makes_sense(parser, args):
        return 1
    return _window(args)


def _speak_the_persons_language() -> None:
    """Settings → Language, else the system's, before the parser words its help;
    another language than English takes its day and month names from QLocale
    (QtCore only), as the window does."""
    from footdesk import paths
    from footdesk.i18n import ENGLISH, choose_language, use_language
    from footdesk.settings import language_in

    language = use_language(choose_language(language_in(paths.settings_file())))
    if language.code != ENGLISH:
        from footdesk.platform.locale_formats import use_formats

        use_formats(language)


def _window(args: argparse.Namespace | SimpleNamespace) -> int:
    """The window (its options checked), or the wish handed to the footdesk that runs."""
    reason = display.prepare_qt_platform(os.environ)
    if reason:
        console.say(_("footdesk: {problem}").format(problem=reason), file=sys.stderr)
        return 1
    if not args.background or args.start:  # a start at login is in no hurry: the lock decides
        from footdesk.platform.handover import hand_over_quickly, wish

        if hand_over_quickly(wish(args.start, args.routine)):
            return 0  # footdesk already runs and brings its window forward: no Qt loaded for nothing
    # a signal that lands while Qt loads would crash its import or be lost in its
    # event loop: held until the window handles signals, then it arrives
    from footdesk.platform import held_signals

    held_signals.hold()
    # no cyclic garbage collection until the window is on screen (finish_start
    # turns it back on): starting makes objects that live as long as footdesk,
    # and looking through them again and again while they were made took 7 ms
    import gc

    gc.disable()
    # the Qt-free model loads before Qt: once PySide6 is imported, it looks into
    # every module imported after it (for its __feature__ switch)
    import footdesk.appmodel  # noqa: F401

    # Qt is imported only for the window, so terminal commands stay quick; and
    # first on its own, so that PySide reads none of the modules after it
    from footdesk.platform.pyside_imports import load_qt

    load_qt()
    from footdesk.app import FootdeskApp

    return FootdeskApp(args.start, args.background and not args.start, args.routine).run()


def _launch_makes_sense(parser: argparse.ArgumentParser, args: argparse.Namespace) -> bool:
    """The window's options checked before anything starts: a usage error exits
    2 (argparse); a routine that cannot be used is said, and False (exit 1)."""
    if args.routine and not args.start:
        parser.error(_("--routine goes with --start"))
    if args.start and args.background:
        parser.error(_("--start and --background: one or the other (--background is the quiet start at login)"))
    if args.routine is None:
        return True
    from footdesk.routine import is_id
    from footdesk.untrusted import for_terminal

    if not is_id(args.routine):  # a running footdesk would refuse it without a word: say so here
        parser.error(
            _("--routine: '{id}' is not a routine id (footdesk routine list shows them)").format(
                id=for_terminal(args.routine)
            )
        )
    why = _unusable_routine(args.routine)
    if why:  # no window, and nothing handed to a running footdesk: the terminal is told, with exit 1
        console.say(_("footdesk: --routine: {problem}; nothing was started").format(problem=why), file=sys.stderr)
        return False
    return True


def _unusable_routine(routine_id: str) -> str | None:
    """Why the routine ``--start --routine`` names cannot be started, read from
    the same files the window (or the running footdesk) would read it from."""
    from footdesk import paths
    from footdesk.library import LibraryError, RoutineLibrary
    from footdesk.routine import RoutineError, load_default_routine

    try:
        builtin = load_default_routine()
    except RoutineError:
        return None  # the window says so, and what to do
    try:
        RoutineLibrary(paths.routines_dir(), builtin).get(routine_id)
    except LibraryError as exc:
        return str(exc)
    return None


def _desktop_entry(remove: bool) -> int:
    from footdesk.platform import desktop_entry

    everyone = None if remove else desktop_entry.installed_for_everyone()
    if everyone is not None:
        console.say(
            _("footdesk is in the applications menu already: it was installed with its entry for everyone "
              "({path}). Nothing was written.").format(path=everyone)
        )  # fmt: skip
        return 0
    try:
        files = desktop_entry.remove() if remove else desktop_entry.install()
    except (desktop_entry.DesktopEntryError, OSError) as exc:
        raise CommandError(_("{problem}; the menu was not changed").format(problem=exc)) from None
    for path in files:
        console.say((_("removed {path}") if remove else _("wrote {path}")).format(path=path))
    if remove and not files:
        console.say(_("Nothing to remove: footdesk's entry and icons are not in {folder}.").format(
            folder=desktop_entry.data_home()))  # fmt: skip
    if not remove:
        console.say(
            _("footdesk is in your applications menu now, starting {program}").format(program=desktop_entry.program())
        )
    return 0


def run_command(args: argparse.Namespace) -> int:
    _finish_interrupted_restore()
    from footdesk import paths
    from footdesk.appmodel import Adapters, build_model
    from footdesk.history import HistoryError
    from footdesk.platform.speech import SpeechRenderer
    from footdesk.report import history_problem_text
    from footdesk.routine import RoutineError
    from footdesk.week import parse_week

    try:
        speech = SpeechRenderer(paths.voice_cache_dir())
        model = build_model(Adapters(pdf_writer=_write_pdf_offscreen, card_writer=_write_card_offscreen,
                                     report_writer=_write_report_offscreen, voice_renderer=speech))  # fmt: skip
    except RoutineError as exc:
        raise CommandError(_("{problem}; reinstall footdesk").format(problem=exc)) from None
    # the window says so too; a terminal command must not hide it (nor a key footdesk does not know: a typo)
    for problem in (*model.settings_problems, *model.settings_file.notices):
        console.say(_("footdesk: {problem}").format(problem=problem), file=sys.stderr)
    model.notice.connect(lambda text: console.say(_("footdesk: {problem}").format(problem=text), file=sys.stderr))
    without_history = _needs_no_history(args)
    if without_history is not None:
        return without_history(model, args)
    try:
        week = parse_week(args.week) if args.week is not None else None
    except ValueError as exc:
        raise CommandError(_("--week: {problem}").format(problem=exc)) from None
    if args.command == "history" and (args.restore or args.leave):
        return _settle(model, Path(args.restore or args.leave), restore=bool(args.restore))
    if args.command == "history" and _correcting(args):
        return _correct(model, args)
    try:
        model.open_history_for_reading()
    except HistoryError as exc:
        raise CommandError(history_problem_text(exc.problem)) from None
    try:
        if args.command == "export":
            return _export(model, args, week)
        if args.command == "history" and args.deleted:
            return _deleted(model)
        if args.command == "history" and args.corrections:
            return _corrections(model)
        return _history(model, week, args.json)
    except HistoryError as exc:  # a damaged page met while reading
        raise CommandError(history_problem_text(exc.problem)) from None
    finally:
        model.close()


def _needs_no_history(args: argparse.Namespace) -> Callable[[AppModel, argparse.Namespace], int] | None:
    """The commands that never open the history (the routines, and the programme
    card), or only to count this week's days (the plan)."""
    if args.command == "routine":
        return _routine
    if args.command == "plan":
        return _plan
    if args.command == "questionnaire":
        return _questionnaire
    if args.command == "export" and Path(args.file).suffix.lower() == ".ics":
        return _export_calendar
    if args.command == "export" and (args.card or args.paper) and not args.report:
        return _export_card
    return None


def _settle(model: AppModel, path: Path, restore: bool) -> int:
    """--restore FILE and --leave FILE: the terminal's way to act on a moved-aside history."""
    from footdesk.history import HistoryError
    from footdesk.report import history_problem_text

    if not path.is_file():
        raise CommandError(_("{path}: no such file; nothing was changed").format(path=path))
    try:
        happened = model.open_history_for_terminal_writes()
        if happened:
            console.say(_("footdesk: {problem}").format(problem=history_problem_text(happened)), file=sys.stderr)
        console.say(model.restore_set_aside(path) if restore else model.leave_set_aside(path))
    except HistoryError as exc:
        raise CommandError(history_problem_text(exc.problem)) from None
    finally:
        model.close()
    return 0


_CORRECTIONS = ("delete", "undelete", "rate", "mark_done", "unmark_done")


def _correcting(args: argparse.Namespace) -> bool:
    return any(getattr(args, name) is not None for name in _CORRECTIONS)


def _correct(model: AppModel, args: argparse.Namespace) -> int:
    """--delete, --undelete, --rate, --mark-done and --unmark-done: the record
    corrected, what was there before kept, and said with how to put it back."""
    from footdesk.history import CorrectionRefusedError, HistoryError
    from footdesk.report import history_problem_text

    given = [f"--{name.replace('_', '-')}" for name in _CORRECTIONS if getattr(args, name) is not None]  # one
    try:
        happened = model.open_history_for_terminal_writes()
        if happened:
            console.say(_("footdesk: {problem}").format(problem=history_problem_text(happened)), file=sys.stderr)
        console.say(_corrected(model, args))
    except CorrectionRefusedError as refused:
        from footdesk.report import correction_refused_text

        doing = {"delete": "delete", "rate": "rate", "mark_done": "mark done"}.get(given[0][2:].replace("-", "_"),
                                                                                  "correct")  # fmt: skip
        title = _step_title(model, refused.session_id, refused.step)
        raise CommandError(correction_refused_text(refused, title, doing)) from None
    except HistoryError as exc:
        raise CommandError(
            _("{problem}; nothing was changed").format(problem=history_problem_text(exc.problem))
        ) from None
    finally:
        model.close()
    return 0


def _corrected(model: AppModel, args: argparse.Namespace) -> str:
    """Make the correction asked for; what it did, in words."""
    from footdesk.report import correction_text, undone_text

    if args.delete is not None or args.undelete is not None:
        deleting = args.delete is not None
        number = _session_id(args.delete if deleting else args.undelete, "--delete" if deleting else "--undelete")
        done = model.corrections.delete(number) if deleting else model.corrections.undelete(number)
        assert done is not None  # the terminal gets HistoryError instead
        title = model.shelf.titles().get(done.session.routine, done.session.routine)
        return correction_text(done, title, terminal=True) if deleting else undone_text(done, title)
    if args.rate is not None:
        number, rating = _session_id(args.rate[0], "--rate"), _rating(args.rate[1])
        done = model.corrections.rate(number, rating)
    else:
        mark = args.mark_done is not None
        number_text, part = args.mark_done if mark else args.unmark_done
        option = "--mark-done" if mark else "--unmark-done"
        number = _session_id(number_text, option)
        step, side = _part(part, option)
        done = (
            model.corrections.mark_done(number, step, side)
            if mark
            else model.corrections.unmark_done(number, step, side)
        )
        assert done is not None
        title = model.shelf.titles().get(done.session.routine, done.session.routine)
        if not mark:
            return undone_text(done, title, _step_title(model, number, step))
    assert done is not None
    title = model.shelf.titles().get(done.session.routine, done.session.routine)
    return correction_text(done, title, _step_title(model, number, done.step), terminal=True)


def _session_id(text: str, option: str) -> int:
    from footdesk.untrusted import for_terminal

    # SQLite's integers end at 2**63 - 1; a longer number is no session of ours (and no traceback)
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise CommandError(_("{option}: '{id}' is not a session id (footdesk history --json shows them); nothing "
                             "was changed").format(option=option, id=for_terminal(text)))  # fmt: skip
    return int(text)


def _rating(text: str) -> int | None:
    from footdesk.untrusted import for_terminal

    if text.lower() == "none":
        return None
    if not text.isdigit() or not 0 <= int(text) <= 10:
        raise CommandError(
            _("--rate: '{rating}' is not a rating: 0 to 10, or none; nothing was changed").format(
                rating=for_terminal(text)
            )
        )
    return int(text)


def _part(text: str, option: str) -> tuple[str, str | None]:
    """STEP[:SIDE], as history --json shows a step run's step and side."""
    from footdesk.untrusted import for_terminal

    step, _colon, side = text.partition(":")
    if not step or (side and side not in ("left", "right")):
        raise CommandError(_("{option}: '{part}' is not a part: STEP, or STEP:left or STEP:right (history --json "
                             "shows them); nothing was changed").format(option=option,
                                                                        part=for_terminal(text)))  # fmt: skip
    return step, side or None


def _yes(answer: str) -> bool:
    """Whether an answer typed at "[y/N]" is yes: y or yes, in English or in the language in use."""
    # TRANSLATORS: the short yes a person types at a "[y/N]" question (English "y" works too)
    short = p_("answer", "y")
    # TRANSLATORS: the whole yes a person types at a "[y/N]" question (English "yes" works too)
    whole = p_("answer", "yes")
    return answer.strip().lower() in ("y", "yes", short.lower(), whole.lower())


def _step_title(model: AppModel, session_id: int, step: str | None) -> str:
    """The title of a step of the session's routine, for the sentence (its id when unknown)."""
    if step is None:
        return ""
    routine = next((s.routine for s in model.sessions() if s.id == session_id), None)
    return model.shelf.step_titles().get((routine or "", step), step)


def _corrections(model: AppModel) -> int:
    from footdesk.report import correction_list_line

    titles = model.shelf.titles()
    steps = model.shelf.step_titles()
    made = model.corrections.made()
    for correction, at, undone_at in made:
        routine = correction.session.routine
        step = steps.get((routine, correction.step or ""), correction.step or "")
        console.say(correction_list_line(correction, titles.get(routine, routine), step, at, undone_at))
    if not made:
        console.say(_("No corrections."))
    return 0


def _deleted(model: AppModel) -> int:
    from footdesk.report import deleted_list_line, session_label

    titles = model.shelf.titles()
    store = model.history
    deleted = store.deleted_sessions() if store is not None else []
    for session, at in deleted:
        console.say(deleted_list_line(session_label(session, titles.get(session.routine, session.routine)), at))
    if not deleted:
        console.say(_("No deleted sessions."))
    return 0


def _routine(model: AppModel, args: argparse.Namespace) -> int:
    from footdesk.library import LibraryError
    from footdesk.report import step_timing

    try:
        if args.routine_command == "list":
            for entry in model.routines():
                if entry.routine is None:
                    # TRANSLATORS: a routine file that cannot be used: its title, then what is wrong with it
                    console.say(_("{title}  ✗ {problem}").format(title=entry.title, problem=entry.error))
                    continue
                shown = model.routine_as_run(entry.routine)
                console.say(_routine_line(entry.id, entry.title, len(entry.routine.steps), shown.total_seconds,
                                          None if entry.builtin else entry.path))  # fmt: skip
            return 0
        if args.routine_command == "check":
            routine = _checked(args.file)
            # TRANSLATORS: a step of a routine in `footdesk routine check`: its title, then its times ("30 s each side")
            parts = "; ".join(
                _("{step}: {timing}").format(step=step.title, timing=step_timing(step)) for step in routine.steps
            )
            console.say(
                _("{file}: ok — '{title}' ({id}): {steps}").format(
                    file=args.file, title=routine.title, id=routine.id, steps=parts
                )
            )
            return 0
        if args.routine_command == "show":
            console.say(*_shown_routine(model, args.id))
            return 0
        if args.routine_command == "import":
            entry = _import_routine(model, args)
            count = len(entry.routine.picture_names) if entry.routine is not None else 0
            if count:
                said = n_("Imported '{title}' as {id} ({path}) with {count} picture; start it with: footdesk "
                          "--start --routine {id}", "Imported '{title}' as {id} ({path}) with {count} pictures; "
                          "start it with: footdesk --start --routine {id}", count)  # fmt: skip
            else:
                said = _("Imported '{title}' as {id} ({path}); start it with: footdesk --start --routine {id}")
            console.say(said.format(title=entry.title, id=entry.id, path=entry.path, count=count))
            return 0
        if str(args.file) == "-":
            console.data(model.library.text_of(args.id))
            return 0
        return _export_routine(model, args.id, args.file, args.force)
    except LibraryError as exc:
        raise CommandError(str(exc)) from None


def _routine_line(routine_id: str, title: str, steps: int, seconds: float, path: Path | None) -> str:
    """A routine in ``routine list`` and ``routine show``: id, title, steps, time, and where its file is."""
    from footdesk.timefmt import spoken_duration

    total = spoken_duration(seconds)
    if path is None:
        # TRANSLATORS: {total} is a time ("4 minutes 30 seconds"); "built in" is where the routine comes from
        said = n_("{id}  {title} — {count} step, {total} of exercise (built in)",
                  "{id}  {title} — {count} steps, {total} of exercise (built in)", steps)  # fmt: skip
    else:
        # TRANSLATORS: {total} is a time ("4 minutes 30 seconds"); {path} is the routine's file
        said = n_("{id}  {title} — {count} step, {total} of exercise ({path})",
                  "{id}  {title} — {count} steps, {total} of exercise ({path})", steps)  # fmt: skip
    return said.format(id=routine_id, title=title, count=steps, total=total, path=path)


def _questionnaire(model: AppModel, args: argparse.Namespace) -> int:
    """``questionnaire``: the scores (``--list``, ``--json``), ``odi SCORE [--date D]`` recorded,
    or a score deleted (``--delete ID``, asked first) or brought back (``--undelete ID``)."""
    from footdesk.history import HistoryError
    from footdesk.report import history_problem_text, questionnaire_list_text, questionnaires_json, score_text

    changing = _one_questionnaire_action(args)
    if args.instrument is not None:
        if args.instrument != "odi":
            raise CommandError(_("the Roland-Morris and the PSFS are answered in the window (Routine → Back "
                                 "questionnaire…); the terminal records an Oswestry score: footdesk questionnaire "
                                 "odi SCORE [--date YYYY-MM-DD]"))  # fmt: skip
        score, taken_on = _odi_given(model, args.score, args.taken_on)
    try:
        if changing:
            return _questionnaire_deleted(model, args)
        if args.instrument is None:
            model.open_history_for_reading()
            records = model.questionnaires.history()
            if args.json:
                console.data(questionnaires_json(records))
            else:
                for line in questionnaire_list_text(model.questionnaires.scores()).splitlines():
                    console.say(line)  # an activity or nothing else the person typed: scores and dates only
            return 0
        happened = model.open_history_for_terminal_writes()
        if happened:
            console.say(_("footdesk: {problem}").format(problem=history_problem_text(happened)), file=sys.stderr)
        if model.questionnaires.record_odi(score, taken_on) is None:
            return 1  # said (a notice on stderr)
        # TRANSLATORS: {score} is a questionnaire's score ("Oswestry 42 %"); {date} is 2026-11-30
        console.say(_("Recorded: {score} on {date}.").format(score=score_text("odi", score), date=taken_on.isoformat()))
        return 0
    except HistoryError as exc:
        raise CommandError(history_problem_text(exc.problem)) from None
    finally:
        model.close()


def _one_questionnaire_action(args: argparse.Namespace) -> list[str]:
    """--delete or --undelete, alone (refused before anything is read or
    changed when given with another action); the one given, or none."""
    changing = [option for option, value in (("--delete", args.delete), ("--undelete", args.undelete))
                if value is not None]  # fmt: skip
    shown = [option for option, on in (("--list", args.list), ("--json", args.json)) if on]
    if changing and (len(changing) > 1 or shown or args.instrument is not None):
        options = _joined([*changing, *shown])
        if args.instrument:
            said = _("questionnaire: {options} and a score: one at a time; nothing was changed")
        else:
            said = _("questionnaire: {options}: one at a time; nothing was changed")
        raise CommandError(said.format(options=options))
    if args.yes and args.delete is None:
        raise CommandError(_("--yes goes with --delete: footdesk questionnaire --delete ID --yes"))
    if args.instrument is None and (args.score is not None or args.taken_on is not None):
        raise CommandError(_("a score and --date go with odi: footdesk questionnaire odi SCORE [--date YYYY-MM-DD]"))
    return changing


def _questionnaire_deleted(model: AppModel, args: argparse.Namespace) -> int:
    """--delete ID (asked y/N in a terminal, --yes without; refused with neither)
    and --undelete ID: the row is kept either way, as ``history --delete`` keeps a session."""
    from footdesk.report import (
        history_problem_text,
        questionnaire_deleted_text,
        questionnaire_label,
        questionnaire_undeleted_text,
    )

    deleting = args.delete is not None
    option = "--delete" if deleting else "--undelete"
    number = _questionnaire_id(args.delete if deleting else args.undelete, option)
    happened = model.open_history_for_terminal_writes()
    if happened:
        console.say(_("footdesk: {problem}").format(problem=history_problem_text(happened)), file=sys.stderr)
    if deleting:
        record = next((r for r in model.questionnaires.history() if r.id == number), None)
        if record is None:
            raise CommandError(_no_score(number, model.questionnaires.deleted(number)))
        if not args.yes:
            if not sys.stdin or not sys.stdin.isatty():
                raise CommandError(_("--delete: {score} not deleted: confirm with --yes (no terminal to ask "
                                     "in)").format(score=questionnaire_label(record)))  # fmt: skip
            try:
                # TRANSLATORS: a question at the terminal; {score} is a questionnaire's score and date
                answer = input(_("Delete {score}? [y/N] ").format(score=questionnaire_label(record)))
            except EOFError:
                answer = ""
            if not _yes(answer):
                console.say(_("Not deleted; nothing was changed."))
                return 1
    done = model.questionnaires.delete(number) if deleting else model.questionnaires.undelete(number)
    if done is None:
        store = model.history
        if store is None or not store.writable:
            return 1  # said (a notice on stderr)
        if deleting:
            said = _("{option}: there is no score {number} (footdesk questionnaire --list shows them); nothing "
                     "was changed")  # fmt: skip
        else:
            said = _("{option}: there is no deleted score {number} (footdesk questionnaire --list shows them); "
                     "nothing was changed")  # fmt: skip
        raise CommandError(said.format(option=option, number=number))
    console.say(questionnaire_deleted_text(done) if deleting else questionnaire_undeleted_text(done))
    return 0


def _no_score(number: int, deleted_before: bool) -> str:
    if deleted_before:
        return _("--delete: there is no score {number} (it was deleted before): footdesk questionnaire --list shows "
                 "them; nothing was changed").format(number=number)  # fmt: skip
    return _("--delete: there is no score {number}: footdesk questionnaire --list shows them; nothing was "
             "changed").format(number=number)  # fmt: skip


def _questionnaire_id(text: str, option: str) -> int:
    from footdesk.untrusted import for_terminal

    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise CommandError(_("{option}: '{id}' is not a score id (footdesk questionnaire --list shows them); "
                             "nothing was changed").format(option=option, id=for_terminal(text)))  # fmt: skip
    return int(text)


def _odi_given(model: AppModel, score: str | None, taken_on: str | None) -> tuple[float, date]:
    """An Oswestry score and its day as typed: plain digits 0 to 100, a date
    neither in the future nor years back (``questionnaires.taken_on_problem``)."""
    from datetime import date

    from footdesk.questionnaires import odi_typed, taken_on_problem
    from footdesk.untrusted import for_terminal

    value = odi_typed(score) if score is not None else None
    if value is None:
        raise CommandError(_("odi: '{score}' is not a score from 0 to 100 (like 42 or 42.5); nothing was "
                             "recorded").format(score=for_terminal(score or "")))  # fmt: skip
    if taken_on is None:
        return value, model.today()
    try:
        day = date.fromisoformat(taken_on) if len(taken_on) == 10 and taken_on.isascii() else None
    except ValueError:
        day = None
    if day is None:
        raise CommandError(_("--date: '{date}' is not a date like 2026-11-30; nothing was "
                             "recorded").format(date=for_terminal(taken_on)))  # fmt: skip
    problem = taken_on_problem(day, model.today())
    if problem is not None:
        raise CommandError(_("--date: {problem}; nothing was recorded").format(problem=problem))
    return value, day


def _plan(model: AppModel, args: argparse.Namespace) -> int:
    """``plan``: this week's phase, dose and numbers of a routine, read only: a
    plan not taken up yet is shown as if begun today, and nothing is written."""
    from footdesk.history import HistoryError
    from footdesk.library import LibraryError
    from footdesk.plan import summary_line
    from footdesk.report import history_problem_text, times_a_day_words
    from footdesk.week import iso_week_of

    try:
        entry = model.library.entry(args.plan_routine or model.routine.id)
    except LibraryError as exc:
        raise CommandError(str(exc)) from None
    if entry.routine is None:
        raise CommandError(str(entry.error))
    # a plan not taken up yet: where its calendar is (the first session asks whether to start there)
    routine = model.plans.as_planned(model.shelf.before_plan(entry.routine), as_prescribed=True)
    try:
        model.open_history_for_reading()
        summary = model.week(*iso_week_of(model.today()), routine=routine.id)
    except HistoryError as exc:
        console.say(_("footdesk: {problem}; the days done this week are not counted").format(
                    problem=history_problem_text(exc.problem)), file=sys.stderr)  # fmt: skip
        summary = None
    finally:
        model.close()
    done = summary.days_done if summary is not None else 0
    days = routine.dose.days_a_week or model.settings.goal_days
    if args.json:
        console.data(_plan_json(routine, done, days))
        return 0
    progress = model.plans.progress(model.shelf.before_plan(entry.routine), as_prescribed=True)
    where = _("no plan; the numbers are the file's")
    if routine.plan is not None and progress is not None:
        where = summary_line(routine.plan, progress, model.today())
    times = times_a_day_words(routine.dose.times_a_day)
    # TRANSLATORS: {times} is how often a day ("Once a day", "3 times a day"); the two counts are days
    dose = _("{times}, {days_a_week} a week; {days_done} done this week").format(
        times=times,
        days_a_week=n_("{count} day", "{count} days", days).format(count=days),
        days_done=n_("{count} day", "{count} days", done).format(count=done),
    )
    lines = [_("{title} ({id}): {plan}").format(title=routine.title, id=routine.id, plan=where), dose]
    lines += [_step_line(number, step) for number, step in enumerate(routine.steps, 1)]
    console.say(*lines)
    return 0


def _plan_json(routine: Routine, done: int, days: int) -> str:
    import json

    def seconds(step: Step) -> int | None:
        return step.seconds_for(step.sides[0] if step.sides else None) if step.timed else None

    steps = [{"id": step.id, "seconds": seconds(step), "sets": step.sets, "reps": step.reps, "rest": step.rest}
             for step in routine.steps]  # fmt: skip
    shown = {
        "routine": routine.id,
        "week": routine.plan_week,
        "weeks": routine.plan.weeks if routine.plan is not None else None,
        "phase": routine.plan_phase,
        "days_done": done,
        "days_prescribed": days,
        "times_a_day": routine.dose.times_a_day,
        "steps": steps,
    }
    return json.dumps(shown, indent=2) + "\n"


def _step_line(number: int, step: Step) -> str:
    """A step in ``plan`` and ``routine show``: "2. Toe spread — 30 s each side"."""
    from footdesk.report import step_timing

    # TRANSLATORS: {number} is the step's place in the routine; {timing} its times ("30 s each side")
    return _("{number}. {title} — {timing}").format(number=number, title=step.title, timing=step_timing(step))


def _export_routine(model: AppModel, routine_id: str, target: Path, force: bool) -> int:
    """``routine export ID FILE``: FILE.zip carries the pictures; a plain file says it does not."""
    from footdesk.library import ARCHIVE_SUFFIX

    entry = model.library.entry(routine_id)
    count = len(entry.routine.picture_names) if entry.routine is not None else 0
    written = model.shelf.export(routine_id, target, force=force)
    zipped = target.with_suffix(ARCHIVE_SUFFIX)
    if target.suffix.lower() == ARCHIVE_SUFFIX:
        said = n_("Routine {id} written to {path} with {count} picture",
                  "Routine {id} written to {path} with {count} pictures", count)  # fmt: skip
    elif count:
        said = n_("Routine {id} written to {path}, without its {count} picture: they travel in an archive "
                  "(footdesk routine export {id} {archive})", "Routine {id} written to {path}, without its {count} "
                  "pictures: they travel in an archive (footdesk routine export {id} {archive})", count)  # fmt: skip
    else:
        said = _("Routine {id} written to {path}")
    console.say(said.format(id=routine_id, path=written, count=count, archive=zipped))
    return 0


def _shown_routine(model: AppModel, routine_id: str) -> list[str]:
    """``routine show ID``: the routine, a line a step, and each picture with whether it is there:
    what an imported routine brought with it, seen from the terminal."""
    entry = model.library.entry(routine_id)
    if entry.routine is None:
        raise CommandError(str(entry.error))
    routine = model.routine_as_run(entry.routine)
    path = None if entry.builtin else entry.path
    lines = [_routine_line(routine.id, routine.title, len(routine.steps), routine.total_seconds, path)]
    for number, step in enumerate(routine.steps, 1):
        lines.append(_step_line(number, step))
        pictures: list[tuple[str, str, int]] = []
        if step.picture:
            # TRANSLATORS: a step's picture in `footdesk routine show`; {name} is its file name
            pictures.append((step.picture, _("picture {name} (flipped for the right side)") if step.mirror
                             else _("picture {name}"), 0))  # fmt: skip
        for side, name in step.side_pictures:
            pictures.append((name, _("picture {name} (the left side)") if side.value == "left"
                             else _("picture {name} (the right side)"), 0))  # fmt: skip
        for stage, name in enumerate(step.guide_pictures, 1):
            pictures.append((name, _("picture {name} (guide stage {stage})"), stage))
        for name, said, stage in pictures:
            line = said.format(name=name, stage=stage)
            lines.append("   " + _picture_state(line, model.library.picture_path(routine.id, name)))
    return lines


def _picture_state(line: str, path: Path) -> str:
    """A picture's line as it is for a picture the window will show; else with why not (the check the window makes)."""
    from footdesk.pictures import check_picture
    from footdesk.untrusted import ReceivedFileError

    try:
        check_picture(path)
    except ReceivedFileError as exc:
        # TRANSLATORS: {picture} is a line "picture NAME (…)"; {reason} why the window will not show it
        return _("{picture} — not shown ({reason}): the step runs without it").format(picture=line, reason=exc.reason)
    return line


def _import_routine(model: AppModel, args: argparse.Namespace) -> Entry:
    """``routine import FILE``: a routine already there is refused, unless --replace or --as-new."""
    from footdesk.library import AlreadyThereError, Duplicate

    duplicate = Duplicate.REPLACE if args.replace else Duplicate.AS_NEW if args.as_new else Duplicate.REFUSE
    try:
        return model.shelf.import_file(args.file, duplicate)
    except AlreadyThereError as exc:
        raise CommandError(_("{problem} (--replace replaces it, --as-new keeps both)").format(problem=exc)) from None


PROBLEMS_SHOWN = 30
"""``routine check`` lists at most this many problems of one file, then says how many more."""


def _checked(path: Path) -> Routine:
    """``routine check FILE``: the routine, or every problem of the file at once
    on stderr, a line each (file, line, step, key), then how many."""
    from footdesk.routine import RoutineError, parse_routine, read_routine_text, routine_problems

    if path.suffix.lower() == ".zip":
        return _checked_archive(path)
    try:
        text = read_routine_text(path)
    except RoutineError as exc:
        raise CommandError(str(exc)) from None
    problems: list[Exception] = list(routine_problems(text, str(path)))
    if not problems:  # the pictures it names, checked as an import checks them
        from footdesk.library import picture_problems

        routine = parse_routine(text, str(path))
        problems = list(picture_problems(routine, path.parent))
    if len(problems) == 1:
        raise CommandError(str(problems[0]))
    if problems:
        shown = problems[:PROBLEMS_SHOWN]  # a hostile or broken file can have thousands: a terminal's worth
        left = len(problems) - len(shown)
        more = [n_("footdesk: … and {count} more problem", "footdesk: … and {count} more problems", left).format(
            count=left)] if left else []  # fmt: skip
        console.say(*(_("footdesk: {problem}").format(problem=problem) for problem in shown), *more, file=sys.stderr)
        if more:
            # TRANSLATORS: {shown} is how many problems were written, the first ones
            said = n_("{path}: {count} problem, the first {shown} each on a line above; nothing was changed",
                      "{path}: {count} problems, the first {shown} each on a line above; nothing was changed",
                      len(problems))  # fmt: skip
        else:
            said = n_("{path}: {count} problem, each on a line above; nothing was changed",
                      "{path}: {count} problems, each on a line above; nothing was changed", len(problems))  # fmt: skip
        raise CommandError(said.format(path=path, count=len(problems), shown=len(shown)))
    return parse_routine(text, str(path))


def _checked_archive(path: Path) -> Routine:
    """``routine check FILE.zip``: the archive checked entry by entry, as an import reads it."""
    from footdesk.archive import RoutineArchive
    from footdesk.routine import RoutineError
    from footdesk.untrusted import ReceivedFileError

    try:
        with RoutineArchive(path) as archive:
            routine = archive.routine().routine
            for name in routine.picture_names:
                archive.picture(name)
    except (RoutineError, ReceivedFileError) as exc:
        raise CommandError(str(exc)) from None
    return routine


def _history(model: AppModel, week: tuple[int, int] | None, as_json: bool) -> int:
    from footdesk.report import history_empty, history_missing, sessions_json, set_aside_for_terminal, week_text
    from footdesk.week import iso_week_of

    model.look_for_set_aside()
    notes = [set_aside_for_terminal(offer.info, offer.new_sessions) for offer in model.set_aside]
    if as_json:
        console.data(sessions_json(model.sessions(week)))
        for note in notes:  # standard output stays JSON
            console.say(_("footdesk: {problem}").format(problem=note), file=sys.stderr)
        return 0
    summary = model.week(*(week or iso_week_of(model.today())))
    if model.history is None or summary is None:
        console.say(history_missing(model.history_path))
    elif model.history.empty:
        console.say(history_empty(model.history_path))
    else:
        console.say(*week_text(summary, model.shelf.titles(), model.shelf.step_titles()).splitlines())
    for note in notes:
        console.say("", note)
    return 0


def _export(model: AppModel, args: argparse.Namespace, week: tuple[int, int] | None) -> int:
    """``export``: the CSV or the week's PDF by FILE's suffix; ``--report`` (or
    ``--weeks``) the physio's report. (``--card`` and FILE.ics need no history:
    ``_needs_no_history``.)"""
    if args.report or args.weeks is not None:
        return _export_report(model, args)
    return _export_history(model, args.file, week, args.force, args.export_routine)


def _export_history(model: AppModel, target: str, week: tuple[int, int] | None, force: bool,
                    routine: str | None) -> int:  # fmt: skip
    from footdesk.appmodel import ExportError
    from footdesk.report import sessions_csv
    from footdesk.week import iso_week_of

    if routine is not None:
        _check_routine_for_pdf(model, target, routine)
    if target == "-":
        console.data(sessions_csv(model.sessions(week)))
        return 0
    path = Path(target)
    kind = path.suffix.lower()
    if kind not in (".csv", ".pdf"):
        raise CommandError(
            _(
                "{file}: say what to write by the suffix: FILE.csv (every step run), FILE.pdf (a week, "
                "--card, --report) or FILE.ics (the reminders for a calendar)"
            ).format(file=target)
        )
    from footdesk.files import ExportTargetError, check_export_target

    try:
        check_export_target(target, force)  # as typed: Path(target) has lost a final slash (a folder meant)
    except ExportTargetError as exc:
        raise CommandError(_("{problem} (nothing was written)").format(problem=exc)) from None
    try:
        if kind == ".pdf":
            if model.history is None:
                raise CommandError(
                    _("no history yet ({path} does not exist); nothing was written").format(path=model.history_path)
                )
            year, number = week or iso_week_of(model.today())
            done = model.export_pdf(path, year, number, routine)
            if routine:
                # TRANSLATORS: {week} is an ISO week, 2026-W47; {routine} a routine's title
                said = n_("Week {week} of {routine} ({count} session) written to {path}",
                          "Week {week} of {routine} ({count} sessions) written to {path}", done.sessions)  # fmt: skip
            else:
                # TRANSLATORS: {week} is an ISO week, 2026-W47
                said = n_("Week {week} ({count} session) written to {path}",
                          "Week {week} ({count} sessions) written to {path}", done.sessions)  # fmt: skip
            title = model.shelf.titles().get(routine, routine) if routine else ""
            console.say(said.format(week=f"{year}-W{number:02d}", routine=title, count=done.sessions, path=path))
            return 0
        done = model.export_csv(path, week)
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    # TRANSLATORS: {step_runs} is "12 step runs", {sessions} "3 sessions" (the next two texts)
    print(_("{step_runs} from {sessions} written to {path}").format(
        step_runs=n_("{count} step run", "{count} step runs", done.step_runs).format(count=done.step_runs),
        sessions=n_("{count} session", "{count} sessions", done.sessions).format(count=done.sessions),
        path=path))  # fmt: skip
    if week is None and (answered := model.questionnaires.history()):
        from footdesk.model.questionnaires import beside

        count = len(answered)
        console.say(n_("{count} back questionnaire written to {path}", "{count} back questionnaires written to {path}",
                       count).format(count=count, path=beside(path)))  # fmt: skip
    return 0


def _check_routine_for_pdf(model: AppModel, target: str, routine: str) -> None:
    """--routine ID: a PDF's, of a routine in the library or in the history."""
    from footdesk.untrusted import for_terminal

    if not target.lower().endswith(".pdf"):
        raise CommandError(_("--routine goes with a PDF (FILE.pdf); nothing was written"))
    known = set(model.shelf.titles()) | {session.routine for session in model.sessions()}
    if routine not in known:
        raise CommandError(_("--routine: no routine '{id}' in your routines or your history (footdesk routine list "
                             "shows them); nothing was written").format(id=for_terminal(routine)))  # fmt: skip


def _export_card(model: AppModel, args: argparse.Namespace) -> int:
    """``export --card FILE.pdf [--routine ID] [--paper a4|letter]``: the programme
    card, of the routine in use unless ``--routine`` names another; it needs no history."""
    from footdesk.appmodel import ExportError
    from footdesk.card import Paper
    from footdesk.files import ExportTargetError, check_export_target

    target, routine = args.file, args.export_routine
    if not args.card:
        raise CommandError(_("--paper goes with --card (the week's PDF is A4); nothing was written"))
    if args.week is not None:
        raise CommandError(_("--week goes with the week's PDF, not with --card; nothing was written"))
    if target == "-" or Path(target).suffix.lower() != ".pdf":  # "card.pdf/" is refused below: a folder meant
        raise CommandError(_("{file}: the card is a PDF: give FILE.pdf; nothing was written").format(file=target))
    _check_routine_id(routine)
    try:
        check_export_target(target, args.force)  # as typed: a final slash means a folder
        done = model.cards.export(Path(target), routine, Paper(args.paper) if args.paper else None)
    except ExportTargetError as exc:
        raise CommandError(_("{problem} (nothing was written)").format(problem=exc)) from None
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    for line in done.without:
        console.say(_("footdesk: {problem}").format(problem=line), file=sys.stderr)
    # TRANSLATORS: {paper} is the paper size ("A4", "Letter")
    console.say(n_("The programme card of {title} ({count} step, {paper}) written to {path}",
                   "The programme card of {title} ({count} steps, {paper}) written to {path}",
                   done.steps).format(title=done.title, count=done.steps, paper=done.paper.label,
                                      path=done.path))  # fmt: skip
    return 0


def _export_report(model: AppModel, args: argparse.Namespace) -> int:
    """``export FILE.pdf --report [--weeks N] [--routine ID] [--paper a4|letter]``:
    the report for the physiotherapist, of the routine in use unless ``--routine``
    names another, over the last N weeks (the review's twelve by default)."""
    from footdesk.appmodel import ExportError
    from footdesk.card import Paper
    from footdesk.files import ExportTargetError, check_export_target
    from footdesk.physio_report import MAX_REPORT_WEEKS
    from footdesk.report import report_written

    target, routine = args.file, args.export_routine
    if not args.report:
        raise CommandError(_("--weeks goes with --report (the report for your physiotherapist); nothing was written"))
    if args.card or args.week is not None:
        raise CommandError(_("--report and {option}: one or the other; nothing was written").format(
            option="--card" if args.card else "--week"))  # fmt: skip
    if args.weeks is not None and not 1 <= args.weeks <= MAX_REPORT_WEEKS:
        raise CommandError(_("--weeks: from 1 to {most}; nothing was written").format(most=MAX_REPORT_WEEKS))
    if target == "-" or Path(target).suffix.lower() != ".pdf":
        raise CommandError(_("{file}: the report is a PDF: give FILE.pdf; nothing was written").format(file=target))
    _check_routine_id(routine)
    try:
        check_export_target(target, args.force)  # as typed: a final slash means a folder
        done = model.handouts.export_report(Path(target), routine, args.weeks,
                                            Paper(args.paper) if args.paper else None)  # fmt: skip
    except ExportTargetError as exc:
        raise CommandError(_("{problem} (nothing was written)").format(problem=exc)) from None
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    for line in done.without:
        console.say(_("footdesk: {problem}").format(problem=line), file=sys.stderr)
    report = done.report
    console.say(report_written(report.routine_title, len(report.weeks), report.sessions, report.paper.label,
                               done.path))  # fmt: skip
    return 0


def _export_calendar(model: AppModel, args: argparse.Namespace) -> int:
    """``export FILE.ics [--routine ID]``: the daily reminders as calendar events; it needs no history."""
    from footdesk.appmodel import ExportError
    from footdesk.files import ExportTargetError, check_export_target
    from footdesk.report import calendar_written

    options = (("--card", args.card), ("--report", args.report), ("--paper", args.paper), ("--week", args.week),
               ("--weeks", args.weeks))  # fmt: skip
    given = [option for option, on in options if on not in (None, False)]
    if given:
        raise CommandError(
            _("{options}: not for a calendar (FILE.ics); nothing was written").format(options=_joined(given))
        )
    _check_routine_id(args.export_routine)
    try:
        check_export_target(args.file, args.force)
        done = model.handouts.export_calendar(Path(args.file), args.export_routine)
    except ExportTargetError as exc:
        raise CommandError(_("{problem} (nothing was written)").format(problem=exc)) from None
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    console.say(calendar_written(done.title, done.reminders, done.path))
    return 0


def _check_routine_id(routine: str | None) -> None:
    from footdesk.routine import is_id
    from footdesk.untrusted import for_terminal

    if routine is not None and not is_id(routine):
        raise CommandError(_("--routine: '{id}' is not a routine id (footdesk routine list shows them); nothing "
                             "was written").format(id=for_terminal(routine)))  # fmt: skip


def _offscreen_qt() -> object:
    """Qt for drawing PDF pages from a terminal, without a display: keep what
    it returns (the application) while drawing."""
    import locale

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if "utf" not in (locale.getpreferredencoding(False) or "").lower().replace("-", ""):
        os.environ["LC_ALL"] = "C.UTF-8"  # Qt would warn in four lines on a legacy 8-bit locale, then do the same
    from footdesk.platform import held_signals

    held_signals.hold()  # Ctrl+C during Qt's import would crash it; it is felt right after
    try:
        from PySide6.QtGui import QGuiApplication
    finally:
        held_signals.release()

    from footdesk.platform.display import english_dates

    app = QGuiApplication.instance() or QGuiApplication(["footdesk"])
    english_dates()  # Qt took the system's locale: the page is in the language of its words
    return app


def _write_pdf_offscreen(path: Path, report: WeekReport) -> None:
    """The review window's PDF writer, from a terminal: Qt draws the page without a display."""
    from footdesk.platform.week_pdf import write_week_pdf

    _app = _offscreen_qt()
    write_week_pdf(path, report)


def _write_report_offscreen(path: Path, report: PhysioReport) -> tuple[str, ...]:
    """The physio's report's writer, from a terminal (as the week's PDF)."""
    from footdesk.platform.report_pdf import write_report_pdf

    _app = _offscreen_qt()
    return write_report_pdf(path, report)


def _write_card_offscreen(path: Path, card: ProgrammeCard) -> tuple[str, ...]:
    """The programme card's writer, from a terminal (as the week's PDF)."""
    from footdesk.platform.card_pdf import write_card_pdf

    _app = _offscreen_qt()
    return write_card_pdf(path, card)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


# Backup and restore ------------------------------------------------------------------


def _add_backup(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup", help=_("write your history, settings, routines (with their pictures) and app state to one file")
    )
    backup.add_argument("file", metavar="FILE", help=_("e.g. footdesk.footdesk-backup.zip"))
    backup.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    restore = commands.add_parser(
        "restore", help=_("check a backup, say what it holds, and put it in place of your data (kept aside)")
    )
    restore.add_argument("file", metavar="FILE", help=_("a file footdesk backup wrote"))
    restore.add_argument("--yes", action="store_true", help=_("confirm without being asked"))


def _backup_command(args: argparse.Namespace) -> int:
    """``footdesk backup FILE`` / ``footdesk restore FILE [--yes]``."""
    from datetime import datetime

    from footdesk import backup, paths
    from footdesk.report import backup_contents_lines

    if args.command == "backup":
        _finish_interrupted_restore()
        try:
            contents = backup.write_backup(args.file, paths.kept_files(), datetime.now().astimezone(), args.force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:  # said of the file asked for, never of the temp file beside it
            raise CommandError(_("cannot write {path} ({problem}); no backup was written").format(
                path=args.file, problem=exc.strerror or exc)) from None  # fmt: skip
        console.say(_("wrote {path}").format(path=args.file), *backup_contents_lines(contents)[1:])
        return 0
    return _restore(Path(args.file), args.yes)


def _restore(path: Path, yes: bool) -> int:
    from datetime import datetime

    from footdesk import backup, paths
    from footdesk.report import RESTORE_PLAN, backup_contents_lines, restored_lines
    from footdesk.routine import RoutineError, load_default_routine
    from footdesk.untrusted import ReceivedFileError

    kept = paths.kept_files()
    try:
        durations = load_default_routine().durations()
    except RoutineError as exc:
        raise CommandError(_("{problem}; reinstall footdesk").format(problem=exc)) from None
    try:
        checked = backup.read_backup(path, kept, durations)
    except ReceivedFileError as exc:
        raise CommandError(_("{problem}; nothing was changed").format(problem=exc)) from None
    instance = _one_copy_for_restore(path)
    try:
        console.say(*backup_contents_lines(checked.contents), "", RESTORE_PLAN)
        if not yes:
            if not sys.stdin or not sys.stdin.isatty():
                raise CommandError(
                    _("{path}: not restored: confirm with --yes (no terminal to ask in)").format(path=path)
                )
            try:
                # TRANSLATORS: a question at the terminal: [y/N] are the answers (the next texts), no the default
                answer = input(_("Restore this backup? [y/N] "))
            except EOFError:
                answer = ""
            if not _yes(answer):
                console.say(_("Not restored; nothing was changed."))
                return 1
        try:
            done = backup.restore(checked, kept, paths.restore_journal_file(), datetime.now())
        except OSError as exc:
            raise CommandError(
                _("{path}: could not restore ({problem}); your data was not changed").format(path=path, problem=exc)
            ) from None
        console.say(*restored_lines(done.aside))
        return 0
    finally:
        instance.release()


def _one_copy_for_restore(path: Path) -> SingleInstance:
    """The one-copy lock, held while a restore swaps the files: a footdesk
    window that runs would keep writing the history it had open."""
    from footdesk import paths
    from footdesk.platform.single_instance import SingleInstance

    instance = SingleInstance(paths.instance_lock_file())
    if not instance.become_primary():
        raise CommandError(
            _(
                "{path}: not restored: footdesk is running (close its window, and quit it from the tray icon if "
                "it is there), or restore from its window: Routine → Restore from a backup…; nothing was "
                "changed"
            ).format(path=path)
        )
    return instance


def _finish_interrupted_restore() -> None:
    """A restore a kill interrupted is finished before anything reads the data
    (only while no footdesk runs: the window finishes it at its start)."""
    from footdesk import paths

    journal = paths.restore_journal_file()
    if not journal.exists() and not paths.restore_staging_left():
        return
    from footdesk import backup
    from footdesk.platform.single_instance import SingleInstance

    instance = SingleInstance(paths.instance_lock_file())
    if not instance.become_primary():
        if not journal.exists():
            return  # copies a killed restore staged: whoever holds the lock removes them
        raise CommandError(_("a restore is under way (or footdesk runs and will finish it); try again in a moment"))
    try:
        done = backup.finish_interrupted_restore(journal)
        if done is not None:
            console.say(_("footdesk: finished a restore that was interrupted"), file=sys.stderr)
        else:  # one killed while staging: its copies of the data go (the data itself was never touched)
            backup.remove_staging(paths.kept_files())
    finally:
        instance.release()
