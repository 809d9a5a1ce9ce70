"""The composition root: builds the objects, shows the window, then loads the rest.

Only what the home screen shows is loaded before the window is on screen: the
routine, the settings and the window's state. The session machinery (controller,
sound, history, the session and finished screens), the one-copy server, the
screen-awake hold and the reminder are built once the first frame is painted,
so a start costs little more than Qt's own. Signals that end the session
(SIGTERM at logout or shutdown, SIGHUP, Ctrl+C in a terminal) close the window
the normal way, so whatever was done is recorded first.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import QApplication

from footdesk import APP_ID, __version__, paths
from footdesk.appmodel import Adapters, AppModel, WeekReport, build_model
from footdesk.i18n import N_, _, n_
from footdesk.platform.display import english_dates
from footdesk.platform.handover import START, Delivery, wish
from footdesk.platform.qt_timer import QtWaker
from footdesk.platform.single_instance import SingleInstance
from footdesk.routine import RoutineError
from footdesk.settings import SettingsProblem
from footdesk.ui.main_window import MainWindow
from footdesk.ui.plan_question import PlanPrompts
from footdesk.ui.questionnaire_page import QuestionnairePrompts
from footdesk.ui.theme import TITLE_BAR_GUESS, app_icon

if TYPE_CHECKING:
    from footdesk.card import ProgrammeCard
    from footdesk.physio_report import PhysioReport
    from footdesk.platform.reminder import DailyReminder
    from footdesk.platform.screen_awake import ScreenAwake
    from footdesk.platform.speech import BackgroundSpeech
    from footdesk.session import Snapshot

# the session machinery is built at most this long after the window is shown,
# even if the window manager never lets it paint (a minimised start)
_LATEST_FINISH_MS = 500
# started at login: how long to wait for the desktop's tray before showing the window
_TRAY_WAIT_S = 30

log = logging.getLogger(__name__)


class _EscapingFormatter(logging.Formatter):
    """Every message one line with its control and bidi characters written out:
    a message may carry text from a received file (a settings value, a routine's
    title), and a line break or an escape in it would forge a line of the log or
    drive the terminal. A traceback, footdesk's own, stays as Python writes it."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        from footdesk.untrusted import for_terminal

        record.message = for_terminal(record.message)
        return super().formatMessage(record)


class _OneLineFormatter(_EscapingFormatter):
    """The terminal gets one clear line; tracebacks go to the log file only."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        return f"footdesk: {self.formatMessage(record)}"


class _QuietStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The terminal's handler: a terminal that is gone (closed, a broken
    pipe) loses the line, without Python's "--- Logging error ---" traceback."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass


LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
"""footdesk.log and up to three older ones of 1 MB: a few lines per session
make years of it; a program flooding footdesk cannot make more."""


def configure_logging() -> None:
    root = logging.getLogger()
    if root.handlers:
        return
    root.setLevel(logging.INFO)
    formatter = _EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    to_stderr = _QuietStreamHandler()
    to_stderr.setLevel(logging.WARNING)
    to_stderr.setFormatter(_OneLineFormatter())
    root.addHandler(to_stderr)
    log_file = paths.log_file()
    try:
        from footdesk.files import PrivateLogHandler, create_private_dirs

        create_private_dirs(log_file.parent)
        to_file = PrivateLogHandler(log_file, max_bytes=LOG_MAX_BYTES, backups=LOG_BACKUPS)
    except OSError as exc:
        log.warning("%s: cannot write the log (%s); logging to the terminal only", log_file, exc.strerror or exc)
        return
    to_file.setFormatter(formatter)
    root.addHandler(to_file)


def settings_problems_notice(problems: Sequence[SettingsProblem]) -> str:
    """One short paragraph for the window; every problem is also in the log."""
    first = str(problems[0])
    if problems[0].key is None:  # the file as a whole (it says so: "all defaults are used")
        unread = _(
            "Your settings could not be read: {problem}. The file is unchanged; Settings (Ctrl+,) saves new ones."
        )
        return unread.format(problem=first)
    if len(problems) > 1:
        more = len(problems) - 1
        # TRANSLATORS: {problem} is the first problem found; {count} how many more, listed in the log file {log}
        unused = n_(
            "Some settings could not be used: {problem} (and {count} more, listed in {log}). Defaults are used for "
            "them and the file is unchanged; open Settings (Ctrl+,) to save corrected values.",
            "Some settings could not be used: {problem} (and {count} more, listed in {log}). Defaults are used for "
            "them and the file is unchanged; open Settings (Ctrl+,) to save corrected values.",
            more,
        )
        return unused.format(problem=first, count=more, log=paths.log_file())
    unused = _(
        "Some settings could not be used: {problem}. Defaults are used for them and the file is unchanged; "
        "open Settings (Ctrl+,) to save corrected values."
    )
    return unused.format(problem=first)


def unknown_settings_notice(notices: Sequence[SettingsProblem]) -> str:
    """Keys footdesk does not know (a typo, or a newer footdesk's): said once a
    start, so a misspelt setting does not silently do nothing."""
    if len(notices) == 1:
        return str(notices[0])
    more = len(notices) - 1
    # TRANSLATORS: {problem} is the first key footdesk does not know; {count} how many more, listed in the log {log}
    return n_(
        "{problem} (and {count} more, listed in {log})",
        "{problem} (and {count} more, listed in {log})",
        more,
    ).format(problem=notices[0], count=more, log=paths.log_file())


def write_week_pdf_later(path: Path, report: WeekReport) -> None:
    """The PDF writer, imported when a PDF is first wanted (not at start)."""
    from footdesk.platform.week_pdf import write_week_pdf

    write_week_pdf(path, report)


def write_card_pdf_later(path: Path, card: ProgrammeCard) -> tuple[str, ...]:
    """The programme card's writer, imported when a card is first wanted."""
    from footdesk.platform.card_pdf import write_card_pdf

    return write_card_pdf(path, card)


def write_report_pdf_later(path: Path, report: PhysioReport) -> tuple[str, ...]:
    """The physio's report's writer, imported when a report is first wanted."""
    from footdesk.platform.report_pdf import write_report_pdf

    return write_report_pdf(path, report)


# below this many logical pixels of height (a 768-pixel laptop screen with
# text at 160 % or more) the window opens maximised: the session screen would
# otherwise shrink its sizes further, or scroll
SMALL_SCREEN_HEIGHT = 480


def initial_size(app: QApplication) -> tuple[int, int]:
    """Big enough to read from across the room, never larger than the screen
    (a 1366x768 laptop gets most of its screen)."""
    screen = app.primaryScreen()
    if screen is None:
        return 1200, 720
    available = screen.availableGeometry()
    return min(1280, int(available.width() * 0.92)), min(820, int(available.height() * 0.92))


class _SignalBridge:
    """Turns POSIX signals into a Qt event without a polling timer: the C-level
    handler writes to a socket that a QSocketNotifier watches."""

    def __init__(self, on_signal: Callable[[], None]) -> None:
        import signal
        import socket

        from PySide6.QtCore import QSocketNotifier

        self._reader, self._writer = socket.socketpair()
        try:
            self._reader.setblocking(False)
            self._writer.setblocking(False)
            self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
            self._notifier.activated.connect(self._drain)
            signal.set_wakeup_fd(self._writer.fileno())
        except BaseException:
            self._reader.close()
            self._writer.close()
            raise
        for number in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)):
            if number is not None:
                signal.signal(number, lambda *_: None)
        self._on_signal = on_signal
        # a signal that came while footdesk started was held (cli.main): it arrives now
        from footdesk.platform import held_signals

        held_signals.release()

    def _drain(self) -> None:
        try:
            received = self._reader.recv(64)
        except BlockingIOError:
            return
        if received:
            log.info("signal %s received: closing", list(received))
            self._on_signal()


class _PolledSignals:
    """When the bridge cannot be made (no file descriptor or no memory left
    for it): Python's own handlers, which run only between Python's lines,
    given a turn a few times a second by a timer. Only then: it wakes the
    process all the time."""

    POLL_MS = 250

    def __init__(self, on_signal: Callable[[], None]) -> None:
        import signal
        from types import FrameType

        self._received: list[int] = []
        self._on_signal = on_signal
        self._timer = QTimer()
        self._timer.timeout.connect(self._check)
        self._timer.start(self.POLL_MS)

        def note(number: int, _frame: FrameType | None) -> None:
            self._received.append(number)

        for number in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)):
            if number is not None:
                signal.signal(number, note)
        from footdesk.platform import held_signals

        held_signals.release()

    def _check(self) -> None:
        if self._received:
            received, self._received = self._received, []
            log.info("signal %s received: closing", received)
            self._on_signal()


FILES_NEEDED = 64
"""Open files footdesk may need at once: about 20 at rest (the window, the
log, the lock, the history and its journal), more while sound plays, the
desktop services answer and launches connect."""


def room_for_files(needed: int = FILES_NEEDED) -> str | None:
    """Raise the limit on open files to what footdesk needs where the system
    allows it (the soft limit, up to the hard one); a sentence for the
    person when it does not (``ulimit -n 20``). Out of descriptors, footdesk
    would fail wherever the next file is opened: a screen, a sound, a write."""
    try:
        import resource
    except ImportError as exc:  # Windows: no such limit; or none left even to load this
        return _(_OUT_OF_FILES_AT_START).format(soft=_("a few"), needed=needed) if out_of_files(exc) else None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return None
    wanted = 1024 if hard == resource.RLIM_INFINITY else min(hard, 1024)
    if wanted > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError):
            pass
        else:
            log.info("open files: the limit was %d; raised it to %d", soft, wanted)
            soft = wanted
    return None if soft >= needed else _(_OUT_OF_FILES_AT_START).format(soft=soft, needed=needed)


# TRANSLATORS: {soft} is a number, or "a few" when the limit is not known
_OUT_OF_FILES_AT_START = N_(
    "Only {soft} files may be open at once (ulimit -n) and footdesk needs about {needed}: sounds, your history "
    "or parts of the window may fail. Quit it and start it with a higher limit (ulimit -n 1024)."
)


def out_of_files(error: BaseException) -> bool:
    """An error that only says the process has no file descriptor left."""
    import errno

    if isinstance(error, OSError) and error.errno in (errno.EMFILE, errno.ENFILE):
        return True
    return "Too many open files" in str(error)  # a library that could not be loaded, say


def _files_limit() -> str:
    try:
        import resource

        return str(resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    except (ImportError, OSError, ValueError):
        # TRANSLATORS: how many files may be open at once, when the number is not known
        return _("a few")


def _stacks_file() -> TextIO | None:
    """Where the stacks of a footdesk that is stuck go before it is ended
    (held_signals.end_if_stuck): the log, on a descriptor of its own (the
    log handler's may be rotated and closed meanwhile); else standard error."""
    from footdesk.files import open_log

    try:
        return open_log(paths.log_file())
    except OSError:
        pass
    try:
        sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # no terminal (pythonw)
        return None
    return sys.stderr


class _SpeechWhenNeeded:
    """``footdesk.appmodel.VoiceRenderer`` that starts the speech worker (and
    loads subprocess and threading) the first time a routine's lines are to be
    rendered, when one is saved or imported: not before the first frame."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self.worker: BackgroundSpeech | None = None

    def render(self, lines: dict[str, str], told: Callable[[str], None], voice: str = "en-us") -> None:
        if self.worker is None:
            from footdesk.platform.speech import BackgroundSpeech, SpeechRenderer
            from footdesk.to_window import ToWindow

            self._window = ToWindow()  # what the worker says reaches the window's thread
            self.worker = BackgroundSpeech(lambda: SpeechRenderer(self._folder), self._window.post)
        self.worker.render(lines, told, voice)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()


REPEATS_SAID_EVERY_S = 60.0


def _close_dialogs_unasked() -> None:
    """Every open dialog closes as cancelled without its questions: a logout
    does not wait for "Save your changes?", and nobody may be there to answer.
    What a dialog had not saved is said in the log."""
    from PySide6.QtWidgets import QDialog

    for widget in QApplication.topLevelWidgets():
        if not isinstance(widget, QDialog) or not widget.isVisible():
            continue
        unsaved = getattr(widget, "has_unsaved_changes", None)
        if callable(unsaved) and unsaved():
            log.warning("closing: the changes in %r were not saved", widget.windowTitle())
        widget.done(QDialog.DialogCode.Rejected)


def _report_unexpected_errors(window: MainWindow) -> None:
    """A bug in a slot must not print a bare traceback or vanish: the details go
    to the log file, the person gets one line in the window, and the app goes on.
    The same error again (a slot that fails at every tick of a countdown) is
    not said again, only counted in the log once a minute; running out of
    file descriptors is said once, whatever failed for want of one."""
    import time

    said: dict[str, list[float]] = {}  # what was said: when last, how many since

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        try:
            no_files = out_of_files(error)
            key = "out of files" if no_files else f"{kind.__name__}: {error}"
            now = time.monotonic()
            if key in said:
                said[key][1] += 1
                if now - said[key][0] >= REPEATS_SAID_EVERY_S:
                    log.warning("the same error %d more times: %s", said[key][1], key)
                    said[key] = [now, 0]
                return
            said[key] = [now, 0]
            if no_files:
                text = _("Out of file descriptors: footdesk may have only {limit} files open at once "
                         "({error}). Quit it and start it with a higher limit (ulimit -n 1024); until then parts "
                         "of it may not work.").format(limit=_files_limit(), error=error)  # fmt: skip
                log.error("%s", text, exc_info=(kind, error, trace))
                window.show_notice(text)
                return
            log.error(
                "unexpected error: %s: %s (details in %s)",
                kind.__name__,
                error,
                paths.log_file(),
                exc_info=(kind, error, trace),
            )
            wrong = _("Something went wrong ({kind}: {error}). Details are in {log}.")
            window.show_notice(wrong.format(kind=kind.__name__, error=error, log=paths.log_file()))
        except Exception:  # noqa: BLE001 - short of memory even to say it: one plain line at most
            try:
                sys.stderr.write(f"footdesk: unexpected error: {kind.__name__}\n")
            except Exception:  # noqa: BLE001 - no terminal either
                pass

    sys.excepthook = hook


class FootdeskApp:
    """What ``footdesk`` does: logging, the one-copy lock (or handing the wish
    to the copy that runs), the model, then a ``Shell`` on it, and the signals
    that end it the clean way.

    ``background`` (a start at login): stay in the tray, without the window,
    when a reminder is set and the desktop has a tray; otherwise show it.
    """

    def __init__(self, start_now: bool = False, background: bool = False, routine: str | None = None) -> None:
        self.start_now = start_now
        self.routine_to_start = routine
        self.background = background
        self.shell: Shell | None = None
        """Built once the lock is ours (a launch that hands its wish over has none)."""
        self._signals: _SignalBridge | _PolledSignals | None = None
        self._stacks: TextIO | None = None
        self._instance: SingleInstance | None = None

    def run(self) -> int:
        from footdesk.platform import held_signals

        tightened = paths.prepare_private_dirs()  # before the log, the lock and the history are written
        configure_logging()
        for path in tightened:
            log.info("%s: made private (owner only)", path)
        # the signals that end footdesk are held until the window handles them:
        # a start that hangs before then is ended from outside Python
        self._stacks = _stacks_file()
        if self._stacks is not None:
            held_signals.end_if_stuck(held_signals.HUNG_START_S, self._stacks)
        try:
            return self._run()
        finally:
            held_signals.not_stuck()
            self._close_stacks()

    def _run(self) -> int:
        app = self.application()
        speak_the_persons_language()
        instance = self._instance = SingleInstance(paths.instance_lock_file())
        if not instance.become_primary():
            return self._hand_over(instance)
        if paths.restore_journal_file().exists():  # a restore a kill interrupted: finished before anything reads
            from footdesk.backup import finish_interrupted_restore

            finish_interrupted_restore(paths.restore_journal_file())
        elif paths.restore_staging_left():  # one killed while staging: its copies of the data go
            from footdesk.backup import remove_staging

            remove_staging(paths.kept_files())
        try:
            speech = _SpeechWhenNeeded(paths.voice_cache_dir())
            adapters = Adapters(waker=QtWaker(), pdf_writer=write_week_pdf_later, card_writer=write_card_pdf_later,
                                report_writer=write_report_pdf_later, voice_renderer=speech)  # fmt: skip
            model = build_model(adapters)
            shell = self.shell = Shell(model, start_now=self.start_now, background=self.background,
                                       routine=self.routine_to_start, started=self._started)  # fmt: skip
        except RoutineError as exc:
            log.error("%s; footdesk cannot start without its routine (reinstall it)", exc)
            from PySide6.QtWidgets import QMessageBox

            from footdesk.platform import held_signals

            held_signals.let_them_end_it()  # no window to close: a logout ends this box at once
            cannot = _("footdesk cannot start:\n{error}\n\nReinstalling footdesk fixes this.").format(error=exc)
            QMessageBox.critical(None, "footdesk", cannot)
            instance.release()
            return 1
        window = shell.window
        if instance.unsure:
            unsure = _(
                "footdesk cannot be sure it is the only copy running: {reason}. Two copies would "
                "both write your history: close any other footdesk window."
            )
            window.show_notice(unsure.format(reason=instance.unsure))
        shell.restore_window(app)
        window.first_frame.connect(shell.finish_start)
        if not self.background:
            window.show()
        QTimer.singleShot(0 if self.background else _LATEST_FINISH_MS, shell.finish_start)
        _report_unexpected_errors(window)
        code = app.exec()
        try:
            speech.stop()
            model.close()
        except Exception as exc:  # noqa: BLE001 - short of memory, say: the lock still goes
            log.error("closing failed (%s: %s); what was written before is kept", type(exc).__name__, exc)
        finally:
            instance.release()
        log.info("footdesk closed")
        return code

    def _started(self, shell: Shell) -> None:
        """The first frame is up: the signals are watched, and a second launch is listened to."""
        self._watch_signals(shell)
        if self._instance is not None:
            self._instance.listen(shell.on_message)

    def _close_stacks(self) -> None:
        stacks, self._stacks = self._stacks, None
        if stacks is not None and stacks is not sys.stderr:
            stacks.close()

    @staticmethod
    def application() -> QApplication:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        from footdesk.platform.paint_threads import keep_paint_threads

        keep_paint_threads()
        app.setApplicationName("footdesk")
        app.setApplicationDisplayName("footdesk")
        app.setApplicationVersion(__version__)
        app.setDesktopFileName(APP_ID)
        app.setWindowIcon(app_icon())
        english_dates()
        return app

    def _hand_over(self, instance: SingleInstance) -> int:
        """footdesk already runs: bring it forward (and start) instead of a second
        window writing the same history. A start at login finds it running
        (the session manager restored it too): nothing to ask, no window
        thrown in front at login."""
        from footdesk.platform import held_signals

        held_signals.let_them_end_it()  # no window to close: a time-out or Ctrl+C ends this launch at once
        if self.background:
            log.info("footdesk already runs; a start at login has nothing to add")
            return 0
        outcome = instance.hand_over(wish(self.start_now, self.routine_to_start))
        if outcome is Delivery.TAKEN:
            log.info("footdesk already runs; asked it to %s", "start" if self.start_now else "come forward")
            return 0
        pid = instance.holder_pid()
        if outcome is Delivery.NOT_ANSWERING:
            texts = (_("footdesk is already running (process {pid}) but does not answer.\n\nIf its window does not "
                       "come back, end it (or log out and in again) and start footdesk again."),
                     _("footdesk is already running but does not answer.\n\nIf its window does not come "
                       "back, end it (or log out and in again) and start footdesk again."))  # fmt: skip
        elif outcome is Delivery.ANOTHER_USER:
            texts = (_("footdesk is already running (process {pid}), but {address} is answered by another "
                       "user's program, so this launch told it nothing."),
                     _("footdesk is already running, but {address} is answered by another "
                       "user's program, so this launch told it nothing."))  # fmt: skip
        else:
            texts = (_("footdesk is already running (process {pid}), but this launch cannot reach it: nothing "
                       "listens at {address}. Bring it forward from its window or tray icon; its log ({log}) says "
                       "why."),
                     _("footdesk is already running, but this launch cannot reach it: nothing listens at "
                       "{address}. Bring it forward from its window or tray icon; its log ({log}) says "
                       "why."))  # fmt: skip
        why = texts[0 if pid is not None else 1].format(pid=pid, address=instance.address, log=paths.log_file())
        log.error("%s", why.replace("\n\n", " "))
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, "footdesk", why)  # launched from a menu, there is no terminal to say it in
        return 1

    def _watch_signals(self, shell: Shell) -> None:
        """Let the held signals through to the window's clean close: through
        the bridge, or polled if it cannot be made, or, if nothing can be
        made, ending footdesk at once (the history keeps all but the part
        under way). Never left held: a logout must end footdesk."""
        from footdesk.platform import held_signals

        held_signals.not_stuck()  # the start got here
        self._close_stacks()
        for way in (_SignalBridge, _PolledSignals):
            try:
                self._signals = way(lambda: self._on_signal(shell))
            except Exception as exc:  # noqa: BLE001 - MemoryError, no descriptor left...
                why = (exc.strerror if isinstance(exc, OSError) else None) or type(exc).__name__
                log.warning("cannot watch for the signals that end footdesk that way (%s)", why)
                continue
            return
        held_signals.let_them_end_it()
        log.warning("SIGTERM, SIGINT and SIGHUP end footdesk at once now, without recording the part under way")

    def _on_signal(self, shell: Shell) -> None:
        """Logout, shutdown, Ctrl+C: close the clean way, and if that hangs,
        end anyway (from outside Python) with the stacks in the log."""
        from footdesk.platform import held_signals

        if self._stacks is None:
            self._stacks = _stacks_file()
        if self._stacks is not None:
            held_signals.end_if_stuck(held_signals.HUNG_CLOSE_S, self._stacks)
        shell.close_everything()


def speak_the_persons_language() -> None:
    """Settings → Language, else the system's: chosen before footdesk says a word
    (the hand-over's messages, the settings' problems, the built-in routine's
    texts), and given to Qt (its own words, dates, the layout's direction)."""
    from footdesk import paths
    from footdesk.i18n import choose_language, use_language
    from footdesk.platform.locale_formats import apply_to_application
    from footdesk.settings import language_in

    language = use_language(choose_language(language_in(paths.settings_file())))
    apply_to_application(language)
    log.info("language: %s", language.code)


class Shell:
    """The window on the model, wired to the adapters: built in one step (the
    model and the window, what the first frame needs), then ``finish_start``
    adds what the first frame did not need once it is on screen (sound, the
    history, screen awake, the reminder). Tests build the same object, so
    nothing is wired by hand twice."""

    def __init__(
        self,
        model: AppModel,
        *,
        start_now: bool = False,
        background: bool = False,
        routine: str | None = None,
        started: Callable[[Shell], None] | None = None,
    ) -> None:
        """``started``: what the launcher adds once the first frame is up (the
        signals watched, the one-copy socket listened to)."""
        self.model = model
        self.start_now = start_now
        self.routine_to_start = routine
        self.background = background
        self.closing = False
        self._started = started
        self._finished_start = False
        self._told_about_tray = False
        self.reminder: DailyReminder | None = None
        """The tray and the daily reminder: made by ``finish_start``."""
        self.screen_awake: ScreenAwake | None = None
        """Made by ``finish_start``."""
        self._routines_watch: object | None = None
        """The routines folder watched (``watch_routines``, by ``finish_start``)."""
        for problem in (*model.settings_problems, *model.settings_file.notices):
            log.warning("%s", problem)
        self.window = MainWindow(model, host=self)
        self.plan_prompts = PlanPrompts(self.window)  # the plan's line on home, its question, moving on early
        self.questionnaire_prompts = QuestionnairePrompts(self.window)  # the back questionnaires' offer and pages
        # a key or value in the file is written out where it holds control or
        # direction characters (a right-to-left override showed "evil" as "live")
        from footdesk.untrusted import for_terminal

        if model.settings_problems:
            self.window.show_notice(for_terminal(settings_problems_notice(model.settings_problems)))
        if model.settings_file.notices:
            self.window.show_notice(for_terminal(unknown_settings_notice(model.settings_file.notices)))
        for notice in model.startup_notices:
            self.window.show_notice(notice)
        self.window.closing.connect(self.remember_window)

    # The window host (what MainWindow asks) ----------------------------------

    def keeps_running(self) -> bool:
        return self.reminder is not None and self.reminder.in_tray and not self.closing

    def tray_available(self) -> bool:
        return self.reminder is not None and self.reminder.tray_available()

    def closing_unasked(self) -> bool:
        return self.closing

    # Building ----------------------------------------------------------------

    def use_screen_awake(self, awake: ScreenAwake) -> None:
        """Keep the screen from blanking while a clock runs, and only then.
        Asked when that changes, not on every tick: where the desktop has no
        screen saver to ask, each hold is a new D-Bus connection that fails."""
        self.screen_awake = awake
        wanted_before = [False]

        def follow(snap: Snapshot | None) -> None:
            wanted = snap is not None and snap.keeps_screen_awake
            if wanted != wanted_before[0]:
                wanted_before[0] = wanted
                awake.hold(wanted)

        self.model.session_changed.connect(follow)

    def restore_window(self, app: QApplication) -> None:
        geometry = self.model.state.window_geometry
        restored = False
        if geometry:
            restored = self.window.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        window = self.window
        if not restored:
            window.resize(*initial_size(app))
        screen = window.screen()
        if screen is not None and not window.isFullScreen():
            available = screen.availableGeometry()
            # a small screen is best used whole, unless the person chose a window
            # smaller than it (one saved on a bigger screen is not smaller)
            chosen = restored and window.height() + TITLE_BAR_GUESS <= available.height()
            if available.height() < SMALL_SCREEN_HEIGHT and not chosen:
                window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        # a size saved on a bigger screen (or at smaller fonts) may not fit this
        # one: the whole window, frame included, must
        window.fit_to_screen()

    def remember_window(self) -> None:
        if self.screen_awake is not None:
            self.screen_awake.release()
        if self.window.backups.restored:  # the app state now is the backup's: this run's must not overwrite it
            return
        self.model.remember_window(bytes(self.window.saveGeometry().toBase64().data()).decode("ascii"))

    def finish_start(self) -> None:
        """Everything the first frame did not need, built once it is on screen."""
        if self._finished_start or self.closing:
            return
        self._finished_start = True
        model, window = self.model, self.window
        # first, before anything that can fail for want of memory or files: a
        # signal that ends footdesk is held until it is watched for
        files_problem = room_for_files()
        if self._started is not None:
            self._started(self)
        if files_problem:
            log.warning("%s", files_problem)
            window.show_notice(files_problem)
        # what starting made (modules, classes, the window) lives as long as
        # footdesk: set apart from every later collection, which then only looks
        # at what a session makes (cli.main turned collection off until now)
        gc.freeze()
        gc.enable()
        from importlib import resources

        from footdesk.platform.audio import PygameCuePlayer
        from footdesk.platform.qt_timer import schedule
        from footdesk.platform.screen_awake import screen_awake_for_this_platform

        model.use_sound(
            PygameCuePlayer(
                resources.files("footdesk.assets").joinpath("sounds"),
                prefs=lambda: model.settings.sound_prefs(),
                notify=window.show_notice,
                schedule=schedule,
                voices=paths.voice_cache_dir(),
            )
        )
        model.prepare_voices()  # the chosen routine's spoken lines, if a file came by hand
        self.watch_routines()
        # the history opens after the window is on screen: a big or damaged file never delays it
        model.open_history()
        model.backups.start()
        self.use_screen_awake(screen_awake_for_this_platform())
        entry = paths.autostart_file()
        if entry is not None:
            from footdesk.platform.autostart import LoginStart, launch_command

            model.login_start = LoginStart(entry, launch_command())
        self.reminder = self.start_reminder()
        if self.background:
            self.show_unless_in_tray()
            return
        log.info("window shown")
        if not model.state.welcome_seen:
            window.show_self_check()
        if self.start_now and not self.closing:  # the self-check may have ended with a signal to quit
            model.start(self.routine_to_start)

    def on_message(self, message: bytes) -> None:
        """What a second launch asked for: come forward, and maybe start (a routine)."""
        from footdesk.untrusted import for_log

        asked, _, routine = message.partition(b":")
        name = routine.decode("ascii", "replace")
        named = f" '{for_log(name, limit=80)}'" if name else ""
        log.info("a second launch asked footdesk to %s", f"start{named}" if asked == START else "come forward")
        if asked != START:
            self.window.bring_forward()
            return
        self.window.bring_forward(start=True, routine=name or None)

    def show_unless_in_tray(self, waited_s: int = 0) -> None:
        window, reminder, model = self.window, self.reminder, self.model
        assert reminder is not None, "made by finish_start, which calls this"
        if self.closing or window.isVisible():
            return
        if reminder.in_tray:
            log.info("started in the tray; the window opens from the tray icon or the reminder")
            return
        if model.settings.reminder_at is not None and waited_s < _TRAY_WAIT_S:
            # at login the panel that holds the tray may come up after footdesk
            def again() -> None:
                reminder.reschedule()
                self.show_unless_in_tray(waited_s + 1)

            QTimer.singleShot(1000, again)
            return
        log.info("no daily reminder set or no system tray: showing the window")
        window.show()
        log.info("window shown")

    def start_reminder(self) -> DailyReminder:
        from footdesk.platform.reminder import DailyReminder
        from footdesk.reminder import Snooze

        model, window = self.model, self.window
        reminder = DailyReminder(
            at=lambda: model.settings.reminder_at,
            # no reminder in the middle of a session either
            done_today=lambda: model.session_active or model.done_today(),
            memory=model.reminder_memory,
            mark_shown=model.reminder_shown,
            body=model.reminder_text,
            icon=app_icon(),
            now=model.local_now,
            parent=window,
        )
        reminder.later = model.later_reminder_times  # as many a day as the routine's dose asks for
        reminder.times_done = model.completed_today
        reminder.next_text = model.next_reminder_text
        reminder.next_changed.connect(window.home.show_next_reminder)
        reminder.start_requested.connect(lambda: window.bring_forward(start=True))
        reminder.open_requested.connect(window.bring_forward)
        reminder.snooze_requested.connect(lambda value: model.snooze_reminder(Snooze(value)))
        reminder.quit_requested.connect(self.quit_from_tray)
        model.settings_changed.connect(lambda _settings: reminder.reschedule())
        model.finished.connect(lambda _result: reminder.reschedule())
        model.routine_changed.connect(lambda _routine: reminder.reschedule())  # its dose: how many a day

        def follow(pending: bool) -> None:
            reminder.follow(pending)
            reminder.reschedule()

        model.reminder_changed.connect(follow)
        window.went_to_tray.connect(self.tell_about_tray)
        reminder.reschedule()
        return reminder

    def tell_about_tray(self) -> None:
        if self._told_about_tray or self.reminder is None or self.reminder.tray is None:
            return
        self._told_about_tray = True
        self.reminder.tray.showMessage(
            # TRANSLATORS: a tray balloon's title, when the window is closed to the tray
            _("footdesk is still here"),
            _("It will remind you at the time you set. Quit it from this icon's menu."),
            app_icon(),
            8000,
        )

    def watch_routines(self) -> None:
        """Routines put in their folder while footdesk runs show at once (not at the next start)."""
        if self.model.files.routines is None:
            return
        from footdesk.platform.folder_watch import FolderWatch

        self._routines_watch = FolderWatch(self.model.files.routines, self.model.shelf.folder_changed, self.window)

    def quit_from_tray(self) -> None:
        """Quit chosen in the tray's menu: a person asked, so they are asked first
        when quitting would lose history writes that wait for the disk, as the
        window's Quit does (logout and signals do not ask: nobody is there to answer)."""
        from footdesk.ui.main_window import quit_losing

        unsaved = self.model.unsaved_history()
        if unsaved and not quit_losing(self.window, unsaved):
            return
        self.close_everything()

    def close_everything(self) -> None:
        """Logout, shutdown, Ctrl+C or Quit from the tray (once answered): end a session in progress
        (so it is recorded) and leave, even from inside a modal dialog."""
        self.closing = True
        try:
            _close_dialogs_unasked()
            self.window.close()
        finally:
            QApplication.quit()  # even when closing failed (no memory left for it, say)
