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

import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from footdesk import __version__, paths
from footdesk.appstate import load_app_state, save_app_state
from footdesk.files import sweep_stale_temp_files
from footdesk.platform.single_instance import ACTIVATE, START, SingleInstance
from footdesk.routine import Routine, RoutineError, load_default_routine
from footdesk.settings import SettingsFile, SettingsProblem
from footdesk.timefmt import spoken_duration
from footdesk.ui.main_window import MainWindow
from footdesk.ui.theme import app_icon

if TYPE_CHECKING:
    from footdesk.history import History
    from footdesk.platform.reminder import DailyReminder
    from footdesk.ui.controller import SessionController

# the session machinery is built at most this long after the window is shown,
# even if the window manager never lets it paint (a minimised start)
_LATEST_FINISH_MS = 500
# started at login: how long to wait for the desktop's tray before showing the window
_TRAY_WAIT_S = 30

log = logging.getLogger(__name__)


class _OneLineFormatter(logging.Formatter):
    """The terminal gets one clear line; tracebacks go to the log file only."""

    def format(self, record: logging.LogRecord) -> str:
        return f"footdesk: {record.getMessage()}"


LOG_MAX_BYTES = 512_000
LOG_BACKUPS = 2


def rotate_log(log_file: Path, max_bytes: int = LOG_MAX_BYTES, backups: int = LOG_BACKUPS) -> None:
    """Keep the log small by rotating it when footdesk starts. footdesk writes
    a few lines per session, so once per start is often enough, and it spares
    importing logging.handlers (and its socket and pickle) before the window."""
    try:
        if log_file.stat().st_size < max_bytes:
            return
        for number in range(backups - 1, 0, -1):
            older = log_file.with_name(f"{log_file.name}.{number}")
            if older.exists():
                older.replace(log_file.with_name(f"{log_file.name}.{number + 1}"))
        log_file.replace(log_file.with_name(f"{log_file.name}.1"))
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("%s: cannot rotate the log (%s); it keeps growing", log_file, exc.strerror or exc)


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
        rotate_log(log_file)
        to_file = logging.FileHandler(log_file, encoding="utf-8")
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
        import signal
        import socket

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


def run_gui(start_now: bool = False, background: bool = False) -> int:
    """``background`` (a start at login): stay in the tray, without the window,
    when a reminder is set and the desktop has a tray; otherwise show it."""
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

    window = MainWindow(routine, settings_file)
    if settings_file.problems:
        window.show_notice(settings_problems_notice(settings_file.problems))
    state_file = paths.app_state_file()
    state = load_app_state(state_file)
    restored = False
    if state.window_geometry:
        restored = window.restoreGeometry(QByteArray.fromBase64(state.window_geometry.encode("ascii")))
    if not restored:
        window.resize(*initial_size(app))
    if not background:
        window.show()

    def remember_window() -> None:
        state.window_geometry = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
        save_app_state(state_file, state)

    window.closing.connect(remember_window)

    closing = False
    history: History | None = None
    bridge: _SignalBridge | None = None

    def remember_welcome() -> None:
        # a self-check closed by logout or shutdown was not read: show it next time
        if not state.welcome_seen and not closing:
            state.welcome_seen = True
            save_app_state(state_file, state)

    window.welcome_acknowledged.connect(remember_welcome)

    def finish_start() -> None:
        """Everything the first frame did not need, built once it is on screen."""
        nonlocal history, bridge
        if history is not None or closing:
            return
        from importlib import resources

        from footdesk.history import History, HistoryStore
        from footdesk.platform.audio import PygameCuePlayer
        from footdesk.ui.controller import SessionController

        bridge = _SignalBridge(close_everything)
        instance.listen(lambda message: window.bring_forward(start=message == START))

        def schedule(delay_s: float, action: Callable[[], None]) -> None:
            QTimer.singleShot(max(0, round(delay_s * 1000)), action)

        sound = PygameCuePlayer(
            resources.files("footdesk.assets").joinpath("sounds"),
            prefs=lambda: settings_file.settings.sound_prefs(),
            notify=window.show_notice,
            schedule=schedule,
        )
        history = History(base_routine.id)
        controller = SessionController(
            routine=routine,
            options=lambda: settings_file.settings.session_options(),
            cue_player=sound,
            recorder=history.recorder,
        )
        # the history opens after the window is on screen: a big or damaged file never delays it
        opened = HistoryStore.open(paths.history_file())
        history.attach(opened.store)
        window.attach(controller, sound, history)
        if opened.notice:
            log.warning("%s", opened.notice)
            window.show_notice(opened.notice)
        from footdesk.platform.screen_awake import screen_awake_for_this_platform

        window.set_screen_awake(screen_awake_for_this_platform())
        entry = paths.autostart_file()
        if entry is not None:
            from footdesk.platform.autostart import LoginStart, launch_command

            window.login_start = LoginStart(entry, launch_command())
        reminder = start_reminder(controller, history)
        if background:
            show_unless_in_tray(reminder)
            return
        log.info("window shown")
        if not state.welcome_seen:
            window.show_self_check()
        if start_now and not closing:  # the self-check may have ended with a signal to quit
            window.start_routine()

    def show_unless_in_tray(reminder: DailyReminder, waited_s: int = 0) -> None:
        if closing or window.isVisible():
            return
        if reminder.in_tray:
            log.info("started in the tray; the window opens from the tray icon or the reminder")
            return
        if settings_file.settings.reminder_at is not None and waited_s < _TRAY_WAIT_S:
            # at login the panel that holds the tray may come up after footdesk
            def again() -> None:
                reminder.reschedule()
                show_unless_in_tray(reminder, waited_s + 1)

            QTimer.singleShot(1000, again)
            return
        log.info("no daily reminder set or no system tray: showing the window")
        window.show()
        log.info("window shown")

    def start_reminder(controller: SessionController, history: History) -> DailyReminder:
        from footdesk.platform.reminder import DailyReminder

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
        return reminder

    window.first_frame.connect(finish_start)
    QTimer.singleShot(0 if background else _LATEST_FINISH_MS, finish_start)

    def close_everything() -> None:
        nonlocal closing
        closing = True
        window.close()  # ends a session in progress, so it is recorded
        app.quit()  # also ends a modal dialog's loop (the first-run self-check)

    _report_unexpected_errors(window)
    code = app.exec()
    if history is not None and history.store is not None:
        history.store.close()
    instance.release()
    log.info("footdesk closed")
    return code
