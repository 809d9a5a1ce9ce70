"""Drives a Session from Qt: one timer, the clock, and fan-out of events.

The controller holds no rules of its own. It asks the session when the next
thing can happen and sleeps until exactly then with a single-shot
Qt.PreciseTimer (Qt's default coarse timer fired up to ~50 ms early or late on
a one-second interval), so a running countdown wakes the process about once a
second and an idle window not at all.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from footdesk.cues import announcement_for, cues_for
from footdesk.history import SessionRecorder
from footdesk.routine import Routine
from footdesk.session import Event, Session, SessionOptions, Snapshot, State
from footdesk.sound import CuePlayer

log = logging.getLogger(__name__)

Clock = Callable[[], float]


def session_clock() -> float:
    """A monotonic clock that keeps counting while the computer sleeps (Linux's
    CLOCK_BOOTTIME), so the session can notice the sleep and pause; elsewhere
    the monotonic clock already counts sleep."""
    return time.clock_gettime(time.CLOCK_BOOTTIME) if hasattr(time, "CLOCK_BOOTTIME") else time.monotonic()


class SessionController(QObject):
    changed = Signal()
    """The snapshot may look different: redraw."""
    finished = Signal()
    listener_failed = Signal(str)
    announce = Signal(str)
    """Something a screen reader should say now (step changes, the last seconds)."""

    def __init__(
        self,
        routine: Callable[[], Routine],
        options: Callable[[], SessionOptions],
        cue_player: CuePlayer,
        recorder: SessionRecorder,
        clock: Clock = session_clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._routine = routine
        self._options = options
        self._cue_player = cue_player
        self._recorder = recorder
        self._clock = clock
        self._session: Session | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.tick)
        self._reported_failures: set[str] = set()

    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def active(self) -> bool:
        return self._session is not None and self._session.state not in (State.IDLE, State.FINISHED)

    @property
    def timer_armed(self) -> bool:
        return self._timer.isActive()

    def snapshot(self) -> Snapshot | None:
        return self._session.snapshot(self._clock()) if self._session else None

    # Controls -----------------------------------------------------------------

    def start(self) -> None:
        """A new session with the routine and options as they are right now."""
        if self.active:
            return
        self._session = Session(self._routine(), self._options())
        self._safely("cue player", self._cue_player.session_began)
        self._apply(self._session.start(self._clock()))

    def toggle(self) -> None:
        if self._session is None or self._session.state is State.FINISHED:
            self.start()
        else:
            self._apply(self._session.toggle(self._clock()))

    def skip(self) -> None:
        if self._session is not None:
            self._apply(self._session.skip(self._clock()))

    def back(self) -> None:
        if self._session is not None:
            self._apply(self._session.back(self._clock()))

    def stop(self) -> None:
        if self._session is not None:
            self._apply(self._session.stop(self._clock()))

    def tick(self) -> None:
        if self._session is not None:
            self._apply(self._session.tick(self._clock()))

    def adopt_settings(self) -> None:
        """The settings changed: a session under way uses them from its next phase."""
        if self.active and self._session is not None:
            self._session.adopt(self._routine(), self._options())
            self._arm()
            self.changed.emit()

    def reset(self) -> None:
        """Forget a finished session (back to the home screen)."""
        if not self.active:
            self._session = None
            self._timer.stop()

    # Internals ----------------------------------------------------------------

    def _apply(self, events: Sequence[Event]) -> None:
        for event in events:
            for cue in cues_for(event):
                self._safely("cue player", self._cue_player.play, cue)
            spoken = announcement_for(event)
            if spoken:
                self.announce.emit(spoken)
            self._safely("history", self._recorder.record, event)
        self._arm()
        self.changed.emit()
        if self._session is not None and self._session.state is State.FINISHED and events:
            self._safely("cue player", self._cue_player.session_ended)
            self.finished.emit()

    def _arm(self) -> None:
        if self._session is None:
            self._timer.stop()
            return
        now = self._clock()
        wake = self._session.next_wakeup(now)
        if wake is None:
            self._timer.stop()
            return
        # round up: waking a hair early would only cost an empty tick and a re-arm
        self._timer.start(max(0, math.ceil((wake - now) * 1000)))

    def _safely(self, what: str, action: Callable[..., object], *args: object) -> None:
        """Sound or history failing must never stop the person's routine: log it
        with its traceback, tell the window once, and go on."""
        try:
            action(*args)
        except Exception as exc:
            log.exception("%s failed", what)
            if what not in self._reported_failures:
                self._reported_failures.add(what)
                self.listener_failed.emit(f"The {what} failed ({exc}); the routine goes on without it.")
