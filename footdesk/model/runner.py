"""The running session and its fan-out: every event goes to the cue player,
the screen reader's announcements, the history's recorder and the views, in
that order.

The session itself (``footdesk.session``) is pure: given ``now`` it answers
with events. This runner asks the clock, hands the events on, and sets the
session's wake-up slot to the next moment anything can happen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from footdesk.model.plumbing import CUE_PLAYER, Notices, Observers, Slot, Wakeups
from footdesk.sound import CuePlayer

if TYPE_CHECKING:
    # the session machinery loads with the first session, after the window is on screen
    from footdesk.history import StoreRecorder
    from footdesk.routine import Routine
    from footdesk.session import Event, PhaseRun, Session, SessionOptions, Snapshot

log = logging.getLogger(__name__)


class Screen(Enum):
    """What the window shows, decided by the model's state alone."""

    HOME = "home"
    SESSION = "session"
    FINISHED = "finished"


@dataclass(frozen=True)
class SessionResult:
    """What the finished screen shows: counted by the same rules as the review."""

    completed: bool
    stopped: bool
    exercise_s: float
    """Time actually exercised (records.exercise_seconds): restarts included."""
    wall_s: float
    runs: tuple[PhaseRun, ...]
    """How each part went: the last try of each part reached, in routine order
    (rests between sets are not parts)."""
    time_by_phase: dict[int, float]
    """Every second each part's clock ran, tries that were restarted included."""
    can_rate: bool
    """Whether a lower-back rating can be kept (history is being saved)."""


@dataclass(frozen=True)
class Resume:
    """Carry on an interrupted session: from which part, into which history row."""

    session_id: int
    phase_index: int
    earlier_completed: bool


class Recording(Protocol):
    """Where the session is written (the history keeper)."""

    @property
    def recorder(self) -> StoreRecorder: ...

    @property
    def recording(self) -> bool: ...

    def write(self, action: Callable[..., object], *args: object) -> bool: ...


class SessionRunner:
    def __init__(
        self,
        clock: Callable[[], float],
        cue_player: CuePlayer,
        recording: Recording,
        wakeups: Wakeups,
        notices: Notices,
    ) -> None:
        self._clock = clock
        self.cue_player = cue_player
        self._recording = recording
        self._wakeups = wakeups
        self._notices = notices
        self._session: Session | None = None
        self._resumed_earlier_ok = True
        self.session_changed: Observers[Snapshot | None] = Observers()
        """The session moved on (None: back to the home screen)."""
        self.finished: Observers[SessionResult] = Observers()
        self.session_events: Observers[Event] = Observers()
        """Every event of the running session, after the cue player and the history had it."""
        self.announce: Observers[str] = Observers()
        """Something a screen reader should say now."""
        self.recorded: Observers[None] = Observers()
        """A session reached its end and what it did is recorded (after ``finished``)."""
        self.left: Observers[None] = Observers()
        """Back to the home screen (after ``session_changed(None)``)."""

    @property
    def screen(self) -> Screen:
        if self._session is None:
            return Screen.HOME
        from footdesk.session import State  # loaded with the session

        if self._session.state is State.IDLE:
            return Screen.HOME
        if self._session.state is State.FINISHED:
            return Screen.FINISHED
        return Screen.SESSION

    @property
    def active(self) -> bool:
        return self.screen is Screen.SESSION

    def snapshot(self) -> Snapshot | None:
        return self._session.snapshot(self._clock()) if self._session else None

    @property
    def routine_id(self) -> str | None:
        """The routine the session runs (another may be chosen meanwhile, or edited)."""
        return self._session.routine.id if self._session is not None else None

    def next_wakeup(self) -> float | None:
        """When the running session next needs time to move on (clock seconds)."""
        return self._session.next_wakeup(self._clock()) if self._session else None

    def result(self) -> SessionResult | None:
        from footdesk.records import exercise_seconds
        from footdesk.session import State, latest_runs
        from footdesk.timefmt import seconds_done

        snap = self.snapshot()
        if snap is None or snap.state is not State.FINISHED:
            return None
        time_by_phase: dict[int, float] = {}
        for run in snap.runs:
            time_by_phase[run.phase.index] = time_by_phase.get(run.phase.index, 0.0) + seconds_done(run.active_s)
        return SessionResult(
            completed=bool(snap.completed) and self._resumed_earlier_ok,
            stopped=snap.stopped,
            exercise_s=exercise_seconds(snap.runs),
            wall_s=(snap.finished_at or 0.0) - (snap.started_at or 0.0),
            runs=tuple(run for run in latest_runs(snap.runs) if not run.phase.rest),
            time_by_phase=time_by_phase,
            can_rate=self._recording.recording,
        )

    # Commands -----------------------------------------------------------------------

    def start(self, routine: Routine, options: SessionOptions, resume: Resume | None = None) -> None:
        from footdesk.session import Session

        self._session = Session(routine, options)
        recorder = self._recording.recorder
        recorder.routine_id = routine.id
        recorder.plan = (routine.plan_phase, routine.plan_week)  # where in its plan it runs, kept with its row
        if resume is not None:
            recorder.resume_into(resume.session_id, resume.earlier_completed)
        self._resumed_earlier_ok = resume.earlier_completed if resume is not None else True
        self._notices.safely(CUE_PLAYER, self.cue_player.session_began)
        self._apply(self._session.start(self._clock(), 0 if resume is None else resume.phase_index))

    def toggle(self) -> None:
        if self.active and self._session is not None:
            self._apply(self._session.toggle(self._clock()))

    def skip(self) -> None:
        if self.active and self._session is not None:
            self._apply(self._session.skip(self._clock()))

    def back(self) -> None:
        if self.active and self._session is not None:
            self._apply(self._session.back(self._clock()))

    def pause(self) -> None:
        """Hold the clock (the safety card asks the person what next); nothing when it is held already."""
        if self.active and self._session is not None:
            self._apply(self._session.pause(self._clock()))

    def resume(self) -> None:
        if self.active and self._session is not None:
            self._apply(self._session.resume(self._clock()))

    def stop(self) -> None:
        if self.active and self._session is not None:
            self._apply(self._session.stop(self._clock()))

    def tick(self) -> None:
        """The session's clock moves on, if it has anywhere to go."""
        if self._session is not None and self._session.next_wakeup(self._clock()) is not None:
            self._apply(self._session.tick(self._clock()))
        else:
            self._set_wakeup()  # paused, finished or none: nothing moved

    def adopt(self, routine: Routine, options: SessionOptions) -> None:
        """New durations and options mid-session: from the next part on."""
        if self.active and self._session is not None:
            self._session.adopt(routine, options)
            self._set_wakeup()
            self.session_changed.emit(self.snapshot())

    def go_home(self) -> None:
        """Leave the finished screen (nothing happens during a session)."""
        if self.active:
            return
        self._session = None
        self._set_wakeup()
        self.session_changed.emit(None)
        self.left.emit(None)

    # Inside -------------------------------------------------------------------------

    def _set_wakeup(self) -> None:
        self._wakeups.set(Slot.SESSION, self.next_wakeup())

    def _apply(self, events: Sequence[Event]) -> None:
        from footdesk.cues import next_cue_in

        for event in events:
            self._fan_out(event)
        snap = self.snapshot()
        self._save_part_under_way(events, snap)
        self._set_wakeup()
        if self._session is not None:
            self._notices.safely(CUE_PLAYER, self.cue_player.next_cue_in, next_cue_in(self._session, self._clock()))
        self.session_changed.emit(snap)
        if snap is not None and events and self._ended(snap):
            self._show_end()

    def _fan_out(self, event: Event) -> None:
        from footdesk.cues import announcement_for, cues_for
        from footdesk.session import Paused, Resumed

        for cue in cues_for(event):
            self._notices.safely(CUE_PLAYER, self.cue_player.play, cue)
        if isinstance(event, Paused | Resumed):  # the voice pauses with the routine
            self._notices.safely(CUE_PLAYER, self.cue_player.set_paused, isinstance(event, Paused))
        spoken = announcement_for(event)
        if spoken:
            self.announce.emit(spoken)
        self._recording.write(self._recording.recorder.record, event)
        self.session_events.emit(event)

    @staticmethod
    def _ended(snap: Snapshot) -> bool:
        from footdesk.session import State

        return snap.state is State.FINISHED

    def _show_end(self) -> None:
        self._notices.safely(CUE_PLAYER, self.cue_player.session_ended)
        result = self.result()
        assert result is not None
        if not result.runs:  # stopped before anything was done: nothing to show, rate or keep
            self.go_home()
            return
        self.finished.emit(result)
        self.recorded.emit(None)

    def _save_part_under_way(self, events: Sequence[Event], snap: Snapshot | None) -> None:
        """Save how far the part whose clock runs has got (the recorder decides
        when: every few seconds of its clock, and on a pause)."""
        from footdesk.session import Paused, State

        if snap is None or snap.phase is None or not snap.phase.timed or snap.phase.rest:
            return
        if snap.clock_state is not State.RUNNING:
            return
        if snap.remaining_s is None or snap.timer_total_s is None:
            return
        phase = snap.phase
        paused = any(isinstance(event, Paused) for event in events)
        recorder = self._recording.recorder
        self._recording.write(recorder.save_part, phase.step.id, phase.side.value if phase.side else None,
                              phase.seconds, snap.timer_total_s - snap.remaining_s, self._clock(), paused)  # fmt: skip
