"""The composition root: builds the objects, shows the window, then loads the rest.

Nothing slow happens before the window is on screen. Signals that end the
session (SIGTERM at logout or shutdown, SIGHUP, Ctrl+C in a terminal) close
the window the normal way, so whatever was done is recorded first.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from datetime import date
from importlib import resources
from logging.handlers import RotatingFileHandler
from types import TracebackType

from PySide6.QtCore import QByteArray, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from footdesk import __version__, paths
from footdesk.appstate import load_app_state, save_app_state
from footdesk.audio import PygameCuePlayer
from footdesk.files import sweep_stale_temp_files
from footdesk.history import History, HistoryStore
from footdesk.routine import Routine, RoutineError, load_default_routine
from footdesk.settings import SettingsFile, SettingsProblem
from footdesk.timefmt import spoken_duration
from footdesk.ui.controller import SessionController
from footdesk.ui.main_window import MainWindow
from footdesk.ui.single_instance import ACTIVATE, START, SingleInstance
from footdesk.ui.theme import app_icon

log = logging.getLogger(__name__)


class _OneLineFormatter(logging.Formatter):
    """The terminal gets one clear line; tracebacks go to the log file only."""

    def format(self, record: logging.LogRecord) -> str:
        return f"footdesk: {record.getMessage()}"


def configure_logging() -> None:
    root = logging.getLogger()
    if root.handlers:
        return
    root.setLevel(logging.INFO)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    to_stderr = logging.StreamHandler()
    to_stderr.setLevel(logging.WARNING)
    to_stderr.setFormatter(_OneLineFormatter())
    root.addHandler(to_stderr)
    log_file = paths.log_file()
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        to_file = RotatingFileHandler(log_file, maxBytes=512_000, backupCount=2, encoding="utf-8")
    except OSError as exc:
        log.warning("%s: cannot write the log (%s); logging to the terminal only", log_file, exc.strerror or exc)
        return
    to_file.setFormatter(formatter)
    root.addHandler(to_file)


def settings_problems_notice(problems: Sequence[SettingsProblem]) -> str:
    """One short paragraph for the window; every problem is also in the log."""
    first = str(problems[0])
    more = f" (and {len(problems) - 1} more, listed in {paths.log_file()})" if len(problems) > 1 else ""
    return (
        f"Some settings could not be used: {first}{more}. Defaults are used for them and the file is unchanged; "
        "open Settings (Ctrl+,) to save corrected values."
    )


def reminder_text(routine: Routine) -> str:
    timed = [step.title for step in routine.steps if step.timed]
    return f"{spoken_duration(routine.total_seconds)} on the floor: " + ", ".join(timed).lower() + "."


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

    def __init__(self, on_signal) -> None:
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        signal.set_wakeup_fd(self._writer.fileno())
        for number in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)):
            if number is not None:
                signal.signal(number, lambda *_: None)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._drain)
        self._on_signal = on_signal

    def _drain(self) -> None:
        try:
            received = self._reader.recv(64)
        except BlockingIOError:
            return
        if received:
            log.info("signal %s received: closing", list(received))
            self._on_signal()


def _report_unexpected_errors(window: MainWindow) -> None:
    """A bug in a slot must not print a bare traceback or vanish: the details go
    to the log file, the person gets one line in the window, and the app goes on."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error(
            "unexpected error: %s: %s (details in %s)",
            kind.__name__,
            error,
            paths.log_file(),
            exc_info=(kind, error, trace),
        )
        window.show_notice(f"Something went wrong ({kind.__name__}: {error}). Details are in {paths.log_file()}.")

    sys.excepthook = hook


def run_gui(start_now: bool = False) -> int:
    configure_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("footdesk")
    app.setApplicationDisplayName("footdesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("footdesk")
    app.setWindowIcon(app_icon())

    instance = SingleInstance(paths.instance_lock_file())
    if not instance.become_primary():
        # footdesk already runs: bring it forward (and start) instead of a second
        # window writing the same history
        if instance.send(START if start_now else ACTIVATE):
            log.info("footdesk already runs; asked it to %s", "start" if start_now else "come forward")
            return 0
        log.error("footdesk already runs but does not answer; close it, or end it if it hangs")
        return 1

    try:
        base_routine = load_default_routine()
    except RoutineError as exc:
        log.error("%s; footdesk cannot start without its routine (reinstall it)", exc)
        QMessageBox.critical(None, "footdesk", f"footdesk cannot start:\n{exc}\n\nReinstalling footdesk fixes this.")
        return 1

    sweep_stale_temp_files(paths.config_dir())
    settings_file = SettingsFile(paths.settings_file(), base_routine.durations())
    for problem in settings_file.problems:
        log.warning("%s", problem)

    def routine() -> Routine:
        return base_routine.with_durations(settings_file.settings.durations)

    def schedule(delay_s: float, action: Callable[[], None]) -> None:
        QTimer.singleShot(max(0, round(delay_s * 1000)), action)

    sound = PygameCuePlayer(
        resources.files("footdesk.assets").joinpath("sounds"),
        prefs=lambda: settings_file.settings.sound_prefs(),
        notify=lambda text: window.show_notice(text),
        schedule=schedule,
    )
    history = History(base_routine.id)
    controller = SessionController(
        routine=routine,
        options=lambda: settings_file.settings.session_options(),
        cue_player=sound,
        recorder=history.recorder,
    )
    window = MainWindow(controller, routine, settings_file, sound, history)
    if settings_file.problems:
        window.show_notice(settings_problems_notice(settings_file.problems))
    state_file = paths.app_state_file()
    state = load_app_state(state_file)
    restored = False
    if state.window_geometry:
        restored = window.restoreGeometry(QByteArray.fromBase64(state.window_geometry.encode("ascii")))
    if not restored:
        window.resize(*initial_size(app))
    window.show()
    instance.on_message(lambda message: window.bring_forward(start=message == START))

    def remember_window() -> None:
        state.window_geometry = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
        save_app_state(state_file, state)

    window.closing.connect(remember_window)

    closing = False

    def remember_welcome() -> None:
        # a self-check closed by logout or shutdown was not read: show it next time
        if not state.welcome_seen and not closing:
            state.welcome_seen = True
            save_app_state(state_file, state)

    window.welcome_acknowledged.connect(remember_welcome)

    def after_shown() -> None:
        log.info("window shown")
        # the history opens after the window is on screen: a big or damaged file never delays it
        opened = HistoryStore.open(paths.history_file())
        history.attach(opened.store)
        if opened.notice:
            log.warning("%s", opened.notice)
            window.show_notice(opened.notice)
        window.refresh_week()
        from footdesk.ui.screen_awake import screen_awake_for_this_platform  # D-Bus is not needed to show the window

        window.set_screen_awake(screen_awake_for_this_platform())
        start_reminder()
        if not state.welcome_seen:
            window.show_self_check()
        if start_now and not closing:  # the self-check may have ended with a signal to quit
            window.start_routine()

    def start_reminder() -> None:
        from footdesk.ui.reminder import DailyReminder  # the tray and D-Bus are not needed to show the window

        def mark_shown(day: date) -> None:
            state.reminder_shown_on = day.isoformat()
            save_app_state(state_file, state)

        def last_shown() -> date | None:
            return date.fromisoformat(state.reminder_shown_on) if state.reminder_shown_on else None

        reminder = DailyReminder(
            at=lambda: settings_file.settings.reminder_at,
            done_today=history.done_today,
            last_shown=last_shown,
            mark_shown=mark_shown,
            body=lambda: reminder_text(routine()),
            icon=app_icon(),
            parent=window,
        )
        reminder.start_requested.connect(lambda: window.bring_forward(start=True))
        reminder.open_requested.connect(window.bring_forward)
        reminder.quit_requested.connect(close_everything)
        window.keeps_running = lambda: reminder.in_tray and not closing
        window.tray_available = reminder.tray_available
        window.settings_changed.connect(lambda _settings: reminder.reschedule())
        controller.finished.connect(reminder.reschedule)
        told = False

        def tell_about_tray() -> None:
            nonlocal told
            if not told and reminder.tray is not None:
                told = True
                reminder.tray.showMessage(
                    "footdesk is still here",
                    "It will remind you at the time you set. Quit it from this icon's menu.",
                    app_icon(),
                    8000,
                )

        window.went_to_tray.connect(tell_about_tray)
        reminder.reschedule()

    QTimer.singleShot(0, after_shown)

    def close_everything() -> None:
        nonlocal closing
        closing = True
        window.close()  # ends a session in progress, so it is recorded
        app.quit()  # also ends a modal dialog's loop (the first-run self-check)

    bridge = _SignalBridge(close_everything)  # noqa: F841 - must live as long as the loop
    _report_unexpected_errors(window)
    code = app.exec()
    if history.store is not None:
        history.store.close()
    instance.release()
    log.info("footdesk closed")
    return code
