"""The real window, built the way the app builds it, for tests that press keys
and click buttons; shared by tests/ui and tests/platform through tests/conftest.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from footdesk import paths
from footdesk.history import History, HistoryStore
from footdesk.routine import Routine, load_default_routine
from footdesk.session import SessionOptions
from footdesk.settings import SettingsFile
from footdesk.ui.controller import SessionController
from footdesk.ui.main_window import MainWindow
from tests.helpers import FakeClock
from tests.helpers.desktop_bus import DesktopBus, have_dbus_daemon
from tests.helpers.recorders import RecordingCuePlayer, RecordingRecorder


@dataclass
class App:
    """The real window and controller, with a fake clock and recording listeners."""

    window: MainWindow
    controller: SessionController
    clock: FakeClock
    cues: RecordingCuePlayer
    recorder: RecordingRecorder
    settings_file: SettingsFile
    history: History

    def run_for(self, seconds: float) -> None:
        """Let time pass the way the QTimer would deliver it: wake at each moment
        the session asked for, never more than a second apart."""
        end = self.clock.now + seconds
        while self.clock.now < end - 1e-9:
            session = self.controller.session
            wake = session.next_wakeup(self.clock.now) if session else None
            if wake is None:
                self.clock.now = end
                break
            assert self.controller.timer_armed, "a running clock must have its timer armed"
            self.clock.now = min(wake, end)
            self.controller.tick()


@pytest.fixture
def make_app(qtbot, clock):
    def make(
        options: SessionOptions | None = None, recorder=None, base: Routine | None = None, sound=None,
        with_history: bool = True,
    ) -> App:  # fmt: skip
        """The app as app.py builds it, from the settings file in the test's own
        config folder; ``options`` overrides the settings' session options."""
        base = base or load_default_routine()
        settings_file = SettingsFile(paths.settings_file(), base.durations())
        cues = sound(settings_file) if sound else RecordingCuePlayer()
        history = History(base.id, now=lambda: datetime(2026, 11, 18, 8, 0).astimezone())
        if with_history:
            history.attach(HistoryStore.open(paths.history_file()).store)
        recorder = recorder if recorder is not None else RecordingRecorder(also=history.recorder)

        def routine() -> Routine:
            return base.with_durations(settings_file.settings.durations)

        controller = SessionController(
            routine=routine,
            options=lambda: options or settings_file.settings.session_options(),
            cue_player=cues,
            recorder=recorder,
            clock=clock,
        )
        window = MainWindow(routine, settings_file)
        window.attach(controller, cues, history)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        # keys are window shortcuts: like on a desktop, they need the active window
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return App(window, controller, clock, cues, recorder, settings_file, history)

    return make


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
