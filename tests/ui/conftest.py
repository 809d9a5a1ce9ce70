from __future__ import annotations

from dataclasses import dataclass

import pytest

from footdesk.routine import Routine, load_default_routine
from footdesk.session import SessionOptions
from footdesk.ui.controller import SessionController
from footdesk.ui.main_window import MainWindow
from tests.helpers import FakeClock
from tests.helpers.recorders import RecordingCuePlayer, RecordingRecorder


@dataclass
class App:
    """The real window and controller, with a fake clock and recording listeners."""

    window: MainWindow
    controller: SessionController
    clock: FakeClock
    cues: RecordingCuePlayer
    recorder: RecordingRecorder
    routine: Routine
    options: SessionOptions

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
    def make(options: SessionOptions | None = None, recorder=None, routine: Routine | None = None) -> App:
        routine = routine or load_default_routine()
        options = options or SessionOptions()
        cues = RecordingCuePlayer()
        recorder = recorder if recorder is not None else RecordingRecorder()
        controller = SessionController(
            routine=lambda: routine,
            options=lambda: options,
            cue_player=cues,
            recorder=recorder,
            clock=clock,
        )
        window = MainWindow(controller, routine=lambda: routine)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        # keys are window shortcuts: like on a desktop, they need the active window
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return App(window, controller, clock, cues, recorder, routine, options)

    return make


@pytest.fixture
def app(make_app) -> App:
    return make_app()
