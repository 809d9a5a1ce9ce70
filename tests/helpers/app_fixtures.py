"""The real window, built the way footdesk builds it (``footdesk.app.Shell``), on
an ``AppModel`` with a fake clock and a recording cue player; shared by
tests/ui and tests/platform through tests/conftest.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest

from footdesk import paths
from footdesk.app import Shell
from footdesk.appmodel import Adapters, AppModel, ModelFiles, build_model
from footdesk.platform.qt_timer import QtWaker
from footdesk.routine import Routine, load_default_routine
from footdesk.session import SessionOptions
from footdesk.settings import SettingsFile
from footdesk.ui.main_window import MainWindow
from tests.helpers import FakeClock
from tests.helpers.desktop_bus import DesktopBus, have_dbus_daemon
from tests.helpers.recorders import RecordingCuePlayer, RecordingRecorder

TEST_DAY = datetime(2026, 11, 18, 8, 0)


@dataclass
class App:
    """The real window and model, with a fake clock and recording listeners."""

    shell: Shell
    window: MainWindow
    model: AppModel
    waker: QtWaker
    clock: FakeClock
    cues: RecordingCuePlayer
    recorder: RecordingRecorder = field(default_factory=RecordingRecorder)

    @property
    def settings_file(self) -> SettingsFile:
        return self.model.settings_file

    def run_for(self, seconds: float) -> None:
        """Let time pass the way the QTimer would deliver it: wake at each moment
        the session asked for, never more than a second apart."""
        end = self.clock.now + seconds
        while self.clock.now < end - 1e-9:
            wake = self.model.next_wakeup()
            if wake is None:
                self.clock.now = end
                break
            assert self.waker.armed, "a running clock must have its timer armed"
            self.clock.now = min(wake, end)
            self.model.tick()


@pytest.fixture
def make_app(qtbot, clock):
    def make(
        options: SessionOptions | None = None, base: Routine | None = None, sound=None, with_history: bool = True,
        voice_renderer=None,
    ) -> App:  # fmt: skip
        """The app as footdesk builds it, from the settings file in the test's own
        config folder; ``options`` fixes the session options whatever is saved."""
        base = base or load_default_routine()
        settings_file = SettingsFile(paths.settings_file(), base.durations())
        waker = QtWaker()
        adapters = Adapters(clock=clock, wall_clock=lambda: TEST_DAY.astimezone(), waker=waker,
                            pdf_writer=_pdf_writer, card_writer=_card_writer, report_writer=_report_writer,
                            fixed_options=options,
                            voice_renderer=voice_renderer)  # fmt: skip
        files = ModelFiles(base, settings_file, paths.app_state_file(), paths.history_file(), paths.routines_dir())
        model = build_model(adapters, files)
        cues = sound(settings_file) if sound else RecordingCuePlayer()
        model.use_sound(cues)
        recorder = RecordingRecorder()
        model.session_events.connect(recorder.record)
        shell = Shell(model)
        if with_history:
            model.open_history()
        window = shell.window
        # the test is over: closing the window asks nothing (as at logout)
        qtbot.addWidget(window, before_close_func=lambda _window: setattr(shell, "closing", True))
        window.resize(1366, 768)
        # keys are window shortcuts: like on a desktop, they need the active window
        window.show()
        activate(qtbot, window)
        return App(shell, window, model, waker, clock, cues, recorder)

    return make


def activate(qtbot, window) -> None:
    """Make the window the active one, as a desktop does when it is opened.
    Asked again when the first request is lost: in a suite's parallel worker
    the offscreen platform now and then drops one (the window shows, and stays
    inactive for good), which is no behaviour of footdesk's."""
    from pytestqt.exceptions import TimeoutError as NotYet

    for _ in range(3):
        window.raise_()
        window.activateWindow()
        try:
            qtbot.waitUntil(window.isActiveWindow, timeout=10_000)
            return
        except NotYet:
            continue
    raise AssertionError(f"the window did not become active: {what_is_open()}")


def what_is_open() -> str:
    from PySide6.QtWidgets import QApplication

    shown = [f"{type(w).__name__}({w.objectName()!r})" for w in QApplication.topLevelWidgets() if w.isVisible()]
    return (f"active {QApplication.activeWindow()!r}, modal {QApplication.activeModalWidget()!r}, "
            f"popup {QApplication.activePopupWidget()!r}, visible top-level widgets {shown}")  # fmt: skip


def _pdf_writer(path, report) -> None:
    from footdesk.platform.week_pdf import write_week_pdf

    write_week_pdf(path, report)


def _card_writer(path, card) -> tuple[str, ...]:
    from footdesk.platform.card_pdf import write_card_pdf

    return write_card_pdf(path, card)


def _report_writer(path, report) -> tuple[str, ...]:
    from footdesk.platform.report_pdf import write_report_pdf

    return write_report_pdf(path, report)


@pytest.fixture
def app(make_app) -> App:
    return make_app()


@pytest.fixture
def desktop(qapp):
    """A private D-Bus session bus with a fake screen saver and notification server."""
    if not have_dbus_daemon():
        pytest.skip("needs dbus-daemon (apt-get install dbus)")
    bus = DesktopBus()
    yield bus
    bus.close()
