"""The application: everything footdesk knows and does, without a window.

One ``AppModel`` owns the settings file and the routine they shape, the
history, the app's small state file, and the running session with its
fan-out (cue player, history recorder, screen-reader announcements). The Qt
window, the terminal commands and the tests all drive this same object: they
send the person's commands (``start``, ``toggle``, ``apply_settings``, ``rate``
…) and listen to plain observer callbacks that carry what changed.

It is built in two steps so the first frame stays fast: the constructor reads
only what the home screen shows (routine, settings, state); ``open_history``
opens the SQLite file once the window is up. Commands work in between: a
session started before the history opens is recorded from its first step.

Nothing here imports Qt or pygame (an import-linter contract checks it): time
comes from an injected clock, and a ``Waker`` arms whatever timer the shell has.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from footdesk.appstate import AppState, load_app_state, save_app_state
from footdesk.library import Entry, LibraryError, RoutineLibrary, Saved
from footdesk.reminder import REMINDER_CUE, ReminderMemory, Snooze, after_shown, after_snooze
from footdesk.routine import Routine
from footdesk.settings import Settings, SettingsFile, SettingsProblem, SettingsSaveError
from footdesk.sound import CuePlayer, SilentCuePlayer, SoundStatus
from footdesk.week import DayState, WeekPoint, WeekSummary, iso_week_of, summarize_week, trend, trend_span, week_span

if TYPE_CHECKING:
    # the session machinery and SQLite load with the first session or the history,
    # after the window is on screen
    from footdesk.history import HistoryProblem, HistoryStore, OpenedHistory, SetAsideFile, StoreRecorder
    from footdesk.records import SessionRecord
    from footdesk.session import Event, PhaseRun, Session, SessionOptions, Snapshot

log = logging.getLogger(__name__)

T = TypeVar("T")


class Observers(Generic[T]):
    """Plain callbacks, called in the order they were connected."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], object]] = []

    def connect(self, callback: Callable[[T], object]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[T], object]) -> None:
        """For listeners that go away before the model does (a dialog)."""
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        for callback in list(self._callbacks):
            callback(value)


class Waker(Protocol):
    """The shell's one timer: call ``wake`` after ``delay_s`` seconds (None: disarm)."""

    def arm(self, delay_s: float | None, wake: Callable[[], None]) -> None: ...


class NoWaker:
    """For the terminal: nothing runs on its own there."""

    def arm(self, delay_s: float | None, wake: Callable[[], None]) -> None:
        pass


class LoginStart(Protocol):
    """Starting footdesk at login, where the desktop allows it."""

    def enabled(self) -> bool: ...

    def set(self, on: bool) -> None:
        """Raises OSError (naming the file) when it cannot be changed."""


PdfWriter = Callable[[Path, "WeekReport"], None]


class VoiceRenderer(Protocol):
    """Renders spoken lines (cue → text) with a local speech engine, ahead of time."""

    def render(self, lines: dict[str, str], told: Callable[[str], None]) -> None:
        """Render what is not rendered yet; never raises. ``told`` gets each
        sentence for the person (what is being prepared, what could not be
        rendered), on the model's thread, possibly after this returns: the
        window renders in the background, never in a tick."""


def session_clock() -> float:
    """A monotonic clock that keeps counting while the computer sleeps (Linux's
    CLOCK_BOOTTIME), so the session can notice the sleep and pause; elsewhere
    the monotonic clock already counts sleep."""
    return time.clock_gettime(time.CLOCK_BOOTTIME) if hasattr(time, "CLOCK_BOOTTIME") else time.monotonic()


class Screen(Enum):
    """What the window shows, decided by the model's state alone."""

    HOME = "home"
    SESSION = "session"
    FINISHED = "finished"


class HistoryState(Enum):
    OPENING = "opening"  # the window is up, the file not opened yet
    SAVING = "saving"
    READ_ONLY = "read-only"  # shown as it is, not saved right now (the notice says why); tried again
    NOT_SAVING = "not-saving"  # the notice says why


HISTORY_RETRY_S = 3.0
"""A write that could not be made (a lock, a full disk) is tried again this often."""
HISTORY_REOPEN_S = 30.0
"""A history that could not be written at all is tried again this often while
writes wait (and at every session's start)."""
QUIT_BUSY_TIMEOUT_S = 2.0
"""At quit, the last try at what is kept may wait this long for another program's lock."""


@dataclass(frozen=True)
class ResumeOffer:
    """Today's routine was interrupted (a crash, a kill, a power cut): carry it on
    from the part it stopped in."""

    session_id: int
    routine_id: str
    phase_index: int
    text: str
    earlier_completed: bool
    """Whether every part before that one was completed (the session can still end completed)."""


@dataclass(frozen=True)
class SetAsideOffer:
    """A history file that was moved aside, until the person brings it back or leaves it."""

    info: SetAsideFile
    new_sessions: int | None
    """How many of its sessions are not in the history now (None: cannot tell)."""
    text: str
    can_restore: bool


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
class WeekReport:
    """A week with what a page for a physiotherapist needs besides the numbers."""

    summary: WeekSummary
    trend: tuple[WeekPoint, ...]
    titles: dict[tuple[str, str], str]
    """Step titles by (routine id, step id): two routines may share a step id."""
    routine_title: str
    made_on: date
    routine_titles: dict[str, str] = field(default_factory=dict)
    """Routine titles by id (a part of a step id two routines share is named with its routine's)."""


@dataclass(frozen=True)
class Export:
    path: Path
    sessions: int
    step_runs: int


class ExportError(Exception):
    """An export could not be written; the message names the file and why."""


class SettingsApplied(Enum):
    UNCHANGED = "unchanged"
    SAVED = "saved"
    NOT_SAVED = "not-saved"  # in force until footdesk quits; a notice says why


class AppModel:
    def __init__(
        self,
        base_routine: Routine,
        settings_file: SettingsFile,
        state_file: Path,
        history_path: Path,
        *,
        clock: Callable[[], float] = session_clock,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        waker: Waker | None = None,
        cue_player: CuePlayer | None = None,
        login_start: LoginStart | None = None,
        pdf_writer: PdfWriter | None = None,
        fixed_options: SessionOptions | None = None,
        routines_dir: Path | None = None,
        voice_renderer: VoiceRenderer | None = None,
    ) -> None:
        """``fixed_options``: session options that do not follow the settings
        (tests and benchmarks that need, say, no sleep detection)."""
        self.base_routine = base_routine
        self.settings_file = settings_file
        self.state_file = state_file
        self.history_path = history_path
        self.state: AppState = load_app_state(state_file)
        self._clock = clock
        self._wall_clock = wall_clock
        self._waker: Waker = waker or NoWaker()
        self.cue_player: CuePlayer = cue_player or SilentCuePlayer()
        self.login_start = login_start
        self._pdf_writer = pdf_writer
        self._fixed_options = fixed_options
        self.library = RoutineLibrary(routines_dir, base_routine)
        self._voice_renderer = voice_renderer
        self._own_routine: Routine | None = None
        self._startup_notices: list[str] = []
        """What the first frame should tell (a chosen routine that no longer loads)."""
        self._choose_routine(self.state.routine, quietly=True)
        self.history: HistoryStore | None = None
        self.history_state = HistoryState.OPENING
        self.history_notice: str | None = None
        self.history_problem: HistoryProblem | None = None
        """What happened opening the history (``history_notice`` says it), if anything."""
        self.set_aside: tuple[SetAsideOffer, ...] = ()
        """Files moved aside that the person has not brought back or left yet."""
        self.rating_note: str | None = None
        """Why the last rating is not saved yet, when ``rate`` says it is not."""
        self._recorder: StoreRecorder | None = None
        self._session: Session | None = None
        self._reported_failures: set[str] = set()
        self.reminder_pending = False
        """Today's reminder is out and not yet answered (started, snoozed)."""
        self._terminal = False
        self._history_retry = False
        self._history_problem: tuple[str, str | None] = ("", None)
        self._write_trouble: tuple[str, str | None] | None = None
        self._retry_at: float | None = None
        self._closed_interrupted = False
        self._resumed_earlier_ok = True

        self.session_changed: Observers[Snapshot | None] = Observers()
        """The session moved on (None: back to the home screen)."""
        self.finished: Observers[SessionResult] = Observers()
        self.week_changed: Observers[WeekSummary | None] = Observers()
        """This week looks different (a session recorded, a rest day, the history opened)."""
        self.settings_changed: Observers[Settings] = Observers()
        self.routine_changed: Observers[Routine] = Observers()
        """Another routine was chosen, or the chosen one was edited."""
        self.routines_changed: Observers[None] = Observers()
        """The library changed (a routine saved, imported, deleted)."""
        self.sound_changed: Observers[SoundStatus] = Observers()
        self.notice: Observers[str] = Observers()
        """Something the person should read (a file that could not be used, a failure)."""
        self.announce: Observers[str] = Observers()
        """Something a screen reader should say now."""
        self.session_events: Observers[Event] = Observers()
        """Every event of the running session, after the cue player and the history had it."""
        self.reminder_changed: Observers[bool] = Observers()
        """The reminder came (True) or was answered (False): the window shows it or not."""
        self.offers_changed: Observers[None] = Observers()
        """The resume offer or the moved-aside files changed (``resume_offer``, ``set_aside``)."""

    # Building -------------------------------------------------------------------

    def use_sound(self, cue_player: CuePlayer) -> None:
        """The real cue player, once the shell can make one (it needs the shell's timer)."""
        self.cue_player = cue_player
        self.sound_changed.emit(self.sound_status())

    def open_history(self) -> None:
        """Open (or create) the history; never raises. Called after the first frame.
        Sessions a crash left under way are closed as partial (``resume_offer``)."""
        from footdesk.history import APP_BUSY_TIMEOUT_S, HistoryStore

        opened = HistoryStore.open(self.history_path, busy_timeout_s=APP_BUSY_TIMEOUT_S)
        self._use_history(opened)
        if self.history_notice:
            log.warning("%s", self.history_notice)
            self.notice.emit(self.history_notice)
        self.look_for_set_aside()
        self.week_changed.emit(self.this_week())
        self.offers_changed.emit(None)

    def open_history_for_reading(self) -> None:
        """For the terminal: read what is there, create or repair nothing."""
        from footdesk.history import HistoryError, HistoryStore
        from footdesk.report import history_problem_text

        self._terminal = True
        try:
            self.history = HistoryStore.open_for_reading(self.history_path)
        except HistoryError as exc:
            self.history_state = HistoryState.NOT_SAVING
            self.history_problem = exc.problem
            self.history_notice = history_problem_text(exc.problem)
            raise
        self.history_state = HistoryState.SAVING if self.history is not None else HistoryState.NOT_SAVING

    def open_history_for_terminal_writes(self) -> HistoryProblem | None:
        """For a terminal command that changes the history (bringing a file back):
        opened as the window opens it, but waiting longer for a lock and leaving
        the sessions of a footdesk that may be running alone. Returns what
        happened to the file (a damaged one moved aside), if anything; raises
        HistoryError when it cannot be written."""
        from footdesk.history import Access, HistoryError, HistoryProblem, HistoryStore, ProblemKind

        self._terminal = True
        opened = HistoryStore.open(self.history_path)
        if opened.store is None or opened.access is not Access.WRITABLE:
            if opened.store is not None:
                opened.store.close()
            raise HistoryError(opened.problem or HistoryProblem(ProblemKind.NOT_WRITABLE, self.history_path))
        self.history = opened.store
        self.history_state = HistoryState.SAVING
        return opened.problem

    def close(self) -> None:
        """Quitting: a session under way ends as stopped (so it is recorded), what
        is kept for later gets a last try, the file closes."""
        self.stop()
        recorder = self._recorder
        if recorder is not None and recorder.pending and not self._terminal:
            self._reopen_history()
            if self.history is not None and self.history.writable:
                self.history.set_busy_timeout(QUIT_BUSY_TIMEOUT_S)
                self._write_history(recorder.flush)
            if recorder.pending:
                from footdesk.report import history_write_lost

                reason = (self._write_trouble or self._history_problem)[0] or "the history could not be opened"
                log.error("history: %s", history_write_lost(recorder.pending, reason))
        self._retry_at = None
        self._waker.arm(None, self.tick)  # closed: nothing is tried again
        if self.history is not None:
            self.history.close()
            self.history = None
            self._make_recorder().store = None

    # What is shown --------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self.settings_file.settings

    @property
    def startup_notices(self) -> list[str]:
        return list(self._startup_notices)

    @property
    def settings_unsaved(self) -> bool:
        """Settings in force that could not be saved: the next save writes them."""
        return self.settings_file.unsaved

    @property
    def settings_problems(self) -> tuple[SettingsProblem, ...]:
        return self.settings_file.problems

    @property
    def routine(self) -> Routine:
        """The chosen routine as the person set it up: the built-in one takes the
        durations from the settings; one of their own is as its file says."""
        if self._own_routine is not None:
            return self._own_routine
        return self.base_routine.with_durations(self.settings.durations)

    # Routines ---------------------------------------------------------------------

    def routines(self) -> list[Entry]:
        return self.library.entries()

    def select_routine(self, routine_id: str) -> bool:
        """Choose the routine the next session runs (and the home screen shows);
        remembered for next time. False (and a notice) when it cannot be used."""
        if self.session_active:
            return False
        chosen = self._choose_routine(routine_id, quietly=False)
        if chosen:
            self.state.routine = routine_id
            save_app_state(self.state_file, self.state)
            self.routine_changed.emit(self.routine)
        return chosen

    def save_routine(self, routine: Routine, opened: Entry | None = None, replace_changes: bool = False) -> Saved:
        """Save one of the person's routines and render its spoken lines (never
        during a countdown: now, as it is saved). ``opened``: the routine as the
        editor opened it; when its file was changed since, RoutineChangedError
        and nothing is saved, unless ``replace_changes`` (a copy is then kept).
        Raises LibraryError."""
        saved = self.library.save(routine, opened, replace_changes)
        self._render_voices(routine)
        if self._own_routine is not None and self._own_routine.id == routine.id:
            self._choose_routine(routine.id, quietly=False)
            self.routine_changed.emit(self.routine)
        self.routines_changed.emit(None)
        return saved

    def import_routine(self, source: Path) -> Entry:
        entry = self.library.import_file(source)
        if entry.routine is not None:
            self._render_voices(entry.routine)
        self.routines_changed.emit(None)
        return entry

    def export_routine(self, routine_id: str, target: Path, force: bool = False) -> Path:
        from footdesk.files import atomic_write_text, check_export_target

        text = self.library.text_of(routine_id)
        try:
            check_export_target(target, force)
            atomic_write_text(target, text, follow_symlinks=False)
        except OSError as exc:
            raise LibraryError(f"{exc}; nothing was written") from None
        return target

    def duplicate_routine(self, routine_id: str, title: str | None = None) -> Routine:
        copy = self.library.duplicate(routine_id, title)
        self._render_voices(copy)
        self.routines_changed.emit(None)
        return copy

    def rename_routine(self, routine_id: str, title: str) -> Routine:
        """A new title for one of the person's routines (its id and file stay)."""
        renamed = self.library.rename(routine_id, title)
        if self._own_routine is not None and self._own_routine.id == routine_id:
            self._choose_routine(routine_id, quietly=False)
            self.routine_changed.emit(self.routine)
        self.routines_changed.emit(None)
        return renamed

    def delete_routine(self, routine_id: str) -> Path:
        """Delete (move aside, for undo). A routine running now finishes as it is;
        the built-in routine is chosen from then on."""
        moved = self.library.delete(routine_id)
        if self.state.routine == routine_id:
            self.state.routine = None
            save_app_state(self.state_file, self.state)
            if not self.session_active:
                self._own_routine = None
                self.routine_changed.emit(self.routine)
        self.routines_changed.emit(None)
        return moved

    def undelete_routine(self, deleted: Path) -> Entry:
        entry = self.library.undelete(deleted)
        self.routines_changed.emit(None)
        return entry

    def _choose_routine(self, routine_id: str | None, quietly: bool) -> bool:
        if routine_id is None or routine_id == self.base_routine.id:
            self._own_routine = None
            return True
        try:
            chosen = self.library.get(routine_id)
        except LibraryError as exc:
            if quietly:  # the routine remembered from last time: the built-in one takes its place
                self._own_routine = None
                message = f"The routine {routine_id!r} cannot be used ({exc}); the built-in routine is chosen instead."
                log.info("%s", message)
                self._startup_notices.append(message)
            else:  # asked for now: nothing changes
                message = f"The routine {routine_id!r} cannot be used ({exc}); nothing was started or changed."
                log.warning("%s", message)
                self.notice.emit(message)
            return False
        self._own_routine = chosen
        return True

    def _render_voices(self, routine: Routine) -> None:
        if self._voice_renderer is None:
            return
        from footdesk.cues import own_voice_lines

        lines = own_voice_lines(routine)
        if lines:
            self._voice_renderer.render(lines, self.notice.emit)

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
    def session_active(self) -> bool:
        return self.screen is Screen.SESSION

    def snapshot(self) -> Snapshot | None:
        return self._session.snapshot(self._clock()) if self._session else None

    def next_wakeup(self) -> float | None:
        """When the running session next needs time to move on (clock seconds)."""
        return self._session.next_wakeup(self._clock()) if self._session else None

    def result(self) -> SessionResult | None:
        from footdesk.records import exercise_seconds
        from footdesk.session import State, latest_runs

        snap = self.snapshot()
        if snap is None or snap.state is not State.FINISHED:
            return None
        time_by_phase: dict[int, float] = {}
        for run in snap.runs:
            time_by_phase[run.phase.index] = time_by_phase.get(run.phase.index, 0.0) + run.active_s
        recorded = self._recorder is not None and self._recorder.session_id is not None
        return SessionResult(
            completed=bool(snap.completed) and self._resumed_earlier_ok,
            stopped=snap.stopped,
            exercise_s=exercise_seconds(snap.runs),
            wall_s=(snap.finished_at or 0.0) - (snap.started_at or 0.0),
            runs=tuple(run for run in latest_runs(snap.runs) if not run.phase.rest),
            time_by_phase=time_by_phase,
            can_rate=self.history is not None and recorded,
        )

    def sound_status(self) -> SoundStatus:
        return self.cue_player.status()

    # The person's commands: the session ----------------------------------------

    def start(self, routine_id: str | None = None) -> None:
        """A new session with the routine (the chosen one, or ``routine_id``) and
        the options as they are right now."""
        self._start(None, routine_id)

    def resume(self) -> None:
        """Carry on today's interrupted routine (``resume_offer``) from the part it
        stopped in: that part starts again from its beginning, and what is done is
        recorded in the same session."""
        offer = self.resume_offer()
        if offer is not None and not self.session_active:
            self._start(offer, offer.routine_id)

    def _start(self, resume: ResumeOffer | None, routine_id: str | None) -> None:
        if self.session_active:
            return
        if routine_id is not None and not self.select_routine(routine_id):
            return
        self._answer_reminder()
        from footdesk.session import Session

        self._reopen_history()  # a history that could not be written: try again at each session
        routine = self.routine
        self._session = Session(routine, self._session_options())
        recorder = self._make_recorder()
        recorder.routine_id = routine.id
        if resume is not None:
            recorder.resume_into(resume.session_id, resume.earlier_completed)
        self._resumed_earlier_ok = resume.earlier_completed if resume is not None else True
        self.rating_note = None
        self._safely("cue player", self.cue_player.session_began)
        self._apply(self._session.start(self._clock(), 0 if resume is None else resume.phase_index))
        self.offers_changed.emit(None)

    def toggle(self) -> None:
        """Start, pause or resume, whichever the moment calls for; on a tip, go on."""
        if not self.session_active or self._session is None:
            self.start()
        else:
            self._apply(self._session.toggle(self._clock()))

    def skip(self) -> None:
        if self.session_active and self._session is not None:
            self._apply(self._session.skip(self._clock()))

    def back(self) -> None:
        if self.session_active and self._session is not None:
            self._apply(self._session.back(self._clock()))

    def stop(self) -> None:
        if self.session_active and self._session is not None:
            self._apply(self._session.stop(self._clock()))

    def tick(self) -> None:
        """The timer: the session's clock moves on, and history writes that wait are tried again."""
        self._retry_history()
        if self._session is not None and self._session.next_wakeup(self._clock()) is not None:
            self._apply(self._session.tick(self._clock()))
        else:
            self._arm()  # only a retry was due: the session (paused, finished or none) has not moved

    def primary(self) -> None:
        """The main key (Space): start at home, start/pause/resume in a session,
        and on the finished screen go home. Starting again from there is a
        deliberate Start: one habitual key press must not record a second session."""
        screen = self.screen
        if screen is Screen.FINISHED:
            self.go_home()
        elif screen is Screen.SESSION:
            self.toggle()
        else:
            self.start()

    def go_home(self) -> None:
        """Leave the finished screen (nothing happens during a session)."""
        if self.session_active:
            return
        self._session = None
        self._arm()
        self.session_changed.emit(None)
        self.week_changed.emit(self.this_week())
        self.offers_changed.emit(None)

    def toggle_mute(self) -> SoundStatus:
        self.cue_player.set_muted(not self.cue_player.muted)
        status = self.sound_status()
        self.sound_changed.emit(status)
        return status

    def preview_sound(self, volume: int) -> None:
        self._safely("cue player", self.cue_player.preview, volume)

    # The person's commands: after a session, settings, the week ----------------

    def rate(self, pain: int | None) -> bool:
        """The answer to "how is your lower back right now?" for the session just
        finished; False when it is not saved (the screen must not claim it was).
        A rating that cannot be written yet (a full disk, a lock) is kept and
        tried again like every other write; ``rating_note`` then says so."""
        from footdesk.report import rating_waiting

        recorder = self._recorder
        self.rating_note = None
        if self.history is None or recorder is None or not recorder.has_row:
            return False
        if self._write_history(recorder.rate, pain):
            self.week_changed.emit(self.this_week())
            return True
        if pain is not None and recorder.pending:
            reason, name = self._write_trouble or self._history_problem
            self.rating_note = rating_waiting(pain, reason, name)
        return False

    def apply_settings(self, chosen: Settings, login_start: bool | None = None) -> SettingsApplied:
        """Save the settings and use them at once: a session under way takes them
        from its next part. ``login_start`` (where offered) starts footdesk at login."""
        outcome = SettingsApplied.UNCHANGED
        if chosen != self.settings or self.settings_problems or self.settings_unsaved:
            outcome = self._save_settings(chosen)
        if login_start is not None and self.login_start is not None and login_start != self.login_start.enabled():
            try:
                self.login_start.set(login_start)
            except OSError as exc:
                self.notice.emit(f"{exc}; footdesk {'will not' if login_start else 'still'} start when you log in.")
        return outcome

    def _save_settings(self, chosen: Settings) -> SettingsApplied:
        try:
            kept = self.settings_file.save(chosen)
        except SettingsSaveError as exc:
            self.settings_file.use_for_now(chosen)
            self.notice.emit(f"Settings not saved: {exc}. They apply until you quit footdesk.")
            outcome = SettingsApplied.NOT_SAVED
        else:
            # only what was changed here is written: the file's own edits count from now on,
            # and a value someone wrote by hand meanwhile that cannot be used is said, not replaced
            said = [f"Your previous settings file was kept as {kept}."] if kept is not None else []
            said += [f"{problem}; the file keeps what was written there." for problem in self.settings_problems]
            if said:
                self.notice.emit(" ".join(["Settings saved.", *said]))
            outcome = SettingsApplied.SAVED
        if self.session_active and self._session is not None:
            self._session.adopt(self.routine, self._session_options())
            self._arm()
            self.session_changed.emit(self.snapshot())
        self.settings_changed.emit(self.settings)
        self.sound_changed.emit(self.sound_status())
        self.week_changed.emit(self.this_week())
        return outcome

    def set_rest_day(self, day: date, rest: bool) -> None:
        if self.history is None or not self.history.writable:
            return
        import sqlite3

        try:
            self.history.set_rest_day(day, rest)
        except sqlite3.Error as exc:
            from footdesk.history import error_name
            from footdesk.report import rest_day_not_saved

            log.warning("history: the rest day could not be saved (%s)", exc)
            self.notice.emit(rest_day_not_saved(str(exc), error_name(exc)))
            return
        self.week_changed.emit(self.this_week())

    def acknowledge_welcome(self) -> None:
        if not self.state.welcome_seen:
            self.state.welcome_seen = True
            save_app_state(self.state_file, self.state)

    def remember_window(self, geometry: str) -> None:
        self.state.window_geometry = geometry
        save_app_state(self.state_file, self.state)

    # The daily reminder (footdesk.reminder has the rule of when) ---------------

    def local_now(self) -> datetime:
        """Wall time on the person's own clock, by which the reminder is set."""
        return self._wall_clock().astimezone()

    def reminder_memory(self) -> ReminderMemory:
        shown, snoozed = self.state.reminder_shown_on, self.state.reminder_snoozed_until
        return ReminderMemory(
            date.fromisoformat(shown) if shown else None, datetime.fromisoformat(snoozed) if snoozed else None
        )

    def reminder_shown(self, now: datetime | None = None) -> None:
        """The daily reminder went out: remember it (one a day), show it in the
        window and sound it, for a person who may be in another room."""
        at = self.settings.reminder_at
        if at is not None:
            self._remember_reminder(after_shown(now or self.local_now(), at, self.reminder_memory()))
        self.reminder_pending = True
        self._safely("cue player", self.cue_player.alert, REMINDER_CUE)
        self.reminder_changed.emit(True)

    def snooze_reminder(self, choice: Snooze) -> bool:
        """Put off the reminder that is out; False when none is."""
        if not self.reminder_pending:
            return False
        self._remember_reminder(after_snooze(self.local_now(), self.reminder_memory(), choice))
        self._answer_reminder()
        return True

    def _remember_reminder(self, memory: ReminderMemory) -> None:
        self.state.reminder_shown_on = memory.shown_on.isoformat() if memory.shown_on else None
        self.state.reminder_snoozed_until = memory.snoozed_until.isoformat() if memory.snoozed_until else None
        save_app_state(self.state_file, self.state)

    def _answer_reminder(self) -> None:
        if self.reminder_pending:
            self.reminder_pending = False
            self.reminder_changed.emit(False)

    def reminder_text(self) -> str:
        from footdesk.report import reminder_text

        return reminder_text(self.routine)

    # Review queries -------------------------------------------------------------

    def today(self) -> date:
        """The person's own calendar day, as sessions are dated."""
        return self._wall_clock().astimezone().date()

    def week(self, year: int, week: int, routine: str | None = None) -> WeekSummary | None:
        """The week's summary: of every routine, or of one (``routine``, its id)."""
        if self.history is None:
            return None
        store = self.history

        def summary() -> WeekSummary:
            sessions = store.sessions(*week_span(year, week))
            completed = store.completed_days()
            if routine is not None:
                sessions = [session for session in sessions if session.routine == routine]
                completed = {s.local_date for s in store.sessions() if s.routine == routine and s.completed}
            return summarize_week(
                year,
                week,
                sessions,
                store.rest_days(),
                completed,
                store.first_day(),
                self.today(),
                self.settings.goal_days,
            )

        return self._reading(summary, None)

    def this_week(self) -> WeekSummary | None:
        return self.week(*iso_week_of(self.today()))

    def trend(self, year: int, week: int, routine: str | None = None) -> tuple[WeekPoint, ...]:
        store = self.history
        if store is None:
            return ()

        def points() -> tuple[WeekPoint, ...]:
            sessions = store.sessions(*trend_span(year, week))
            if routine is not None:
                sessions = [session for session in sessions if session.routine == routine]
            return trend(sessions, year, week, first_day=store.first_day())

        return self._reading(points, ())

    def done_today(self) -> bool:
        """A routine was completed today: no reminder needed."""
        week = self.this_week()
        today = self.today()
        return week is not None and any(day.day == today and day.state is DayState.DONE for day in week.days)

    def sessions(self, week: tuple[int, int] | None = None) -> list[SessionRecord]:
        """Every session (or one ISO week's), oldest first."""
        store = self.history
        if store is None:
            return []
        return self._reading(lambda: store.sessions(*week_span(*week)) if week else store.sessions(), [])

    def resume_offer(self) -> ResumeOffer | None:
        """Today's routine, when a crash interrupted it and nothing was done since."""
        store = self.history
        if store is None or not store.writable or self.session_active:
            return None
        from footdesk.records import resume_point
        from footdesk.report import resume_sentence
        from footdesk.session import build_phases

        record = self._reading(lambda: store.interrupted_on(self.today()), None)
        if record is None:
            return None
        routine = self._routine_by_id(record.routine)
        if routine is None:
            return None
        phases = build_phases(routine)
        point = resume_point(record, phases)
        if point is None:
            return None
        phase = phases[point.phase_index]
        text = resume_sentence(phase.step.title, phase.side.value if phase.side else None, point.done_s,
                               phase.seconds)  # fmt: skip
        return ResumeOffer(record.id, routine.id, point.phase_index, text, point.earlier_completed)

    def _routine_by_id(self, routine_id: str) -> Routine | None:
        """A routine as the next session would run it, if it can still be run."""
        if routine_id == self.routine.id:
            return self.routine
        if routine_id == self.base_routine.id:
            return self.base_routine.with_durations(self.settings.durations)
        entry = next((e for e in self.routines() if e.id == routine_id and e.routine is not None), None)
        return entry.routine if entry is not None else None

    # Moved-aside history files ----------------------------------------------------

    def look_for_set_aside(self) -> None:
        """The files moved aside that the person has not settled (``set_aside``), with what each holds."""
        import sqlite3

        from footdesk.history import inspect_set_aside, set_aside_files
        from footdesk.report import set_aside_sentence

        store = self.history
        try:
            settled = store.settled_set_aside() if store is not None and not store.empty else set()
        except sqlite3.Error:
            settled = set()
        offers = []
        for path in set_aside_files(self.history_path):
            if path.name in settled:
                continue
            info = inspect_set_aside(path)
            new: int | None = None
            if info.contents is not None and (store is None or store.empty):
                new = info.sessions  # nothing is in the history now
            elif info.contents is not None and store is not None:
                try:
                    new = sum(1 for s in info.contents.sessions if not store.has_session(s.routine, s.started_at))
                except sqlite3.Error:
                    new = None
            can_restore = bool(new) and store is not None and store.writable
            offers.append(SetAsideOffer(info, new, set_aside_sentence(info, new), can_restore))
        if offers or self.set_aside:
            self.set_aside = tuple(offers)
            self.offers_changed.emit(None)

    def restore_set_aside(self, path: Path) -> str:
        """Bring the sessions of a history file (one moved aside, or any footdesk
        history) back into this one; the file itself is left where it is. Returns
        the sentence to show; raises HistoryError (its problem says why) when it cannot."""
        import sqlite3

        from footdesk.history import HistoryError, HistoryProblem, ProblemKind, read_history_file
        from footdesk.report import restored_sentence

        store = self.history
        if store is None or not store.writable:
            raise HistoryError(self.history_problem or HistoryProblem(ProblemKind.NOT_WRITABLE, self.history_path))
        if path.resolve() == self.history_path.resolve():
            raise HistoryError(HistoryProblem(ProblemKind.IS_THE_HISTORY, path))
        contents = read_history_file(path)
        try:
            merged = store.merge(contents)
            if path.resolve().parent == self.history_path.resolve().parent:
                store.settle_set_aside(path.name, "restored", self._wall_clock())
        except sqlite3.Error as exc:
            from footdesk.history import error_name

            raise HistoryError(HistoryProblem(ProblemKind.NOT_BROUGHT_BACK, path, str(exc), error_name(exc))) from None
        said = restored_sentence(path, merged.added, merged.already, contents.complete, contents.skipped_sessions,
                                 contents.skipped_runs, contents.first_rejected)  # fmt: skip
        log.info("history: %s", said)
        self.look_for_set_aside()
        self.week_changed.emit(self.this_week())
        return said

    def leave_set_aside(self, path: Path) -> str:
        """The person keeps a moved-aside file as it is: footdesk stops mentioning it."""
        import sqlite3

        from footdesk.history import HistoryError, HistoryProblem, ProblemKind, error_name
        from footdesk.report import left_aside_sentence

        store = self.history
        if store is None or not store.writable:
            raise HistoryError(self.history_problem or HistoryProblem(ProblemKind.NOT_WRITABLE, self.history_path))
        try:
            store.settle_set_aside(path.name, "left", self._wall_clock())
        except sqlite3.Error as exc:
            raise HistoryError(HistoryProblem(ProblemKind.NOT_SETTLED, path, str(exc), error_name(exc))) from None
        self.look_for_set_aside()
        return left_aside_sentence(path)

    def routine_titles(self) -> dict[str, str]:
        return {entry.id: entry.title for entry in self.routines() if entry.usable}

    def step_titles_by_routine(self) -> dict[tuple[str, str], str]:
        """Step titles by (routine id, step id): each routine's own, where two share a step id."""
        routines = [entry.routine for entry in self.routines() if entry.routine is not None]
        return {(routine.id, step.id): step.title for routine in routines for step in routine.steps}

    def week_report(self, year: int, week: int, routine: str | None = None) -> WeekReport | None:
        summary = self.week(year, week, routine)
        if summary is None:
            return None
        names = self.routine_titles()
        done = list(dict.fromkeys(names.get(s.routine, s.routine) for s in summary.sessions))
        title = " · ".join(done) if done else self.routine.title
        return WeekReport(summary, self.trend(year, week, routine), self.step_titles_by_routine(), title, self.today(),
                          names)  # fmt: skip

    # Exports --------------------------------------------------------------------

    def export_csv(self, path: Path, week: tuple[int, int] | None = None) -> Export:
        from footdesk.files import atomic_write_text, check_export_target
        from footdesk.report import sessions_csv

        sessions = self.sessions(week)
        try:
            check_export_target(path, force=True)  # whoever asked for the path has agreed to replace it
            atomic_write_text(path, sessions_csv(sessions), follow_symlinks=False)
        except OSError as exc:
            raise ExportError(f"cannot write {path} ({exc.strerror or exc}); nothing was written") from None
        return Export(path, len(sessions), sum(len(s.steps) for s in sessions))

    def export_pdf(self, path: Path, year: int, week: int, routine: str | None = None) -> Export:
        """The week's page (of every routine, or of one) for a physiotherapist."""
        if self._pdf_writer is None:
            raise ExportError("this footdesk cannot write PDF files")
        report = self.week_report(year, week, routine)
        if report is None:
            raise ExportError("there is no history to put in a PDF")
        from footdesk.files import check_export_target

        try:
            check_export_target(path, force=True)
            self._pdf_writer(path, report)
        except OSError as exc:
            raise ExportError(f"cannot write {path} ({exc.strerror or exc}); nothing was written") from None
        return Export(path, len(report.summary.sessions), sum(len(s.steps) for s in report.summary.sessions))

    # Internals ------------------------------------------------------------------

    def _session_options(self) -> SessionOptions:
        return self._fixed_options or self.settings.session_options()

    def _make_recorder(self) -> StoreRecorder:
        if self._recorder is None:
            from footdesk.history import StoreRecorder

            self._recorder = StoreRecorder(self.history, self.base_routine.id, wall_clock=self._wall_clock)
        return self._recorder

    def _apply(self, events: Sequence[Event]) -> None:
        from footdesk.cues import announcement_for, cues_for, next_cue_in
        from footdesk.session import State

        recorder = self._make_recorder()
        for event in events:
            for cue in cues_for(event):
                self._safely("cue player", self.cue_player.play, cue)
            spoken = announcement_for(event)
            if spoken:
                self.announce.emit(spoken)
            self._write_history(recorder.record, event)
            self.session_events.emit(event)
        snap = self.snapshot()
        self._save_part_under_way(events, snap)
        self._arm()
        if self._session is not None:
            self._safely("cue player", self.cue_player.next_cue_in, next_cue_in(self._session, self._clock()))
        self.session_changed.emit(snap)
        if snap is not None and snap.state is State.FINISHED and events:
            self._safely("cue player", self.cue_player.session_ended)
            result = self.result()
            assert result is not None
            if not result.runs:  # stopped before anything was done: nothing to show, rate or keep
                self.go_home()
                return
            self.finished.emit(result)
            self.week_changed.emit(self.this_week())

    def _arm(self) -> None:
        """One timer for both: the session's next moment, and the next try at
        history writes that are waiting."""
        now = self._clock()
        wake = self._session.next_wakeup(now) if self._session is not None else None
        if self._retry_at is not None:
            wake = self._retry_at if wake is None else min(wake, self._retry_at)
        self._waker.arm(None if wake is None else max(0.0, wake - now), self.tick)

    # The history's writes ------------------------------------------------------------

    def _use_history(self, opened: OpenedHistory) -> None:
        from footdesk.history import Access
        from footdesk.report import history_problem_text

        if self.history is not None and self.history is not opened.store:
            self.history.close()
        store = opened.store
        writable = store is not None and opened.access is Access.WRITABLE
        self.history = store
        self._history_retry = opened.retry
        problem = opened.problem
        self._history_problem = (problem.reason, problem.name) if problem and opened.retry else ("", None)
        self.history_problem = problem
        self.history_notice = history_problem_text(problem) if problem else None
        if writable:
            self.history_state = HistoryState.SAVING
        else:
            self.history_state = HistoryState.READ_ONLY if store is not None else HistoryState.NOT_SAVING
        recorder = self._make_recorder()
        recorder.store = store if writable else None
        if store is not None and writable and not self._closed_interrupted:
            self._closed_interrupted = True
            self._close_interrupted(store, recorder)
        if writable:
            self._write_history(recorder.flush)  # what was done before the file could be written
        elif recorder.pending:
            self._schedule_retry()

    def _close_interrupted(self, store: HistoryStore, recorder: StoreRecorder) -> None:
        import sqlite3

        try:
            closed = store.close_interrupted(keep=recorder.written_ids)
        except sqlite3.Error as exc:
            log.warning("history: sessions left under way could not be closed yet (%s)", exc)
            self._closed_interrupted = False
            return
        if closed:
            log.info("history: %d session(s) interrupted by a crash closed as partial", len(closed))

    def _reopen_history(self) -> None:
        """A history that could not be written (a full disk, a read-only folder):
        try again; when it can be written now, what was kept is written and the
        window says so."""
        if self.history_state not in (HistoryState.READ_ONLY, HistoryState.NOT_SAVING) or not self._history_retry:
            return
        from footdesk.history import APP_BUSY_TIMEOUT_S, Access, HistoryStore
        from footdesk.report import history_saved_again

        opened = HistoryStore.open(self.history_path, busy_timeout_s=APP_BUSY_TIMEOUT_S)
        if opened.access is not Access.WRITABLE:
            if opened.store is not None:
                opened.store.close()
            log.info("history: still cannot be written (%s)", opened.problem)
            return
        kept = self._make_recorder().pending
        self._use_history(opened)
        log.warning("history: %s", self.history_notice or "can be written again")
        self.notice.emit(self.history_notice or history_saved_again(kept - self._make_recorder().pending))
        self.look_for_set_aside()
        self.week_changed.emit(self.this_week())

    def _write_history(self, action: Callable[..., object], *args: object) -> bool:
        """Run a recorder call that writes. A write that cannot be made now stays
        kept for the next try; that is said once (the window and the log), not at
        every try. True when nothing is left waiting."""
        import sqlite3

        from footdesk.history import Trouble, error_name, trouble_of
        from footdesk.report import history_saved_again, history_write_lost, history_write_waiting

        recorder = self._make_recorder()
        waiting = recorder.pending
        try:
            action(*args)
        except sqlite3.Error as exc:
            if trouble_of(exc) is Trouble.FAULT:
                # the same write would fail the same way: give it up (said, logged), keep the rest
                log.error("history: a write failed and is given up", exc_info=True)
                recorder.drop_first()
                self._tell_once("history-fault", history_write_lost(1, str(exc)))
                return self._write_history(recorder.flush)
            if self._write_trouble is None:
                self._write_trouble = (str(exc), error_name(exc))
                log.warning("history: cannot write now (%s); %d change(s) kept, trying again", exc, recorder.pending)
                self.notice.emit(history_write_waiting(str(exc), error_name(exc)))
            else:
                log.info("history: still cannot write (%s); %d change(s) kept", exc, recorder.pending)
            self._schedule_retry()
            return False
        except Exception as exc:  # a mistake in footdesk: logged, said once, the routine goes on
            log.exception("history failed")
            self._tell_once("history", f"The history failed ({exc}); the routine goes on without it.")
            return False
        if recorder.pending:
            self._schedule_retry()
            return False
        if self._write_trouble is not None:
            self._write_trouble = None
            log.warning("history: written again; nothing kept is lost")
            self.notice.emit(history_saved_again(max(waiting, 1)))
        self._retry_at = None
        return True

    def _schedule_retry(self) -> None:
        if self._retry_at is not None:
            return
        writable = self.history is not None and self.history.writable
        if not writable and not self._history_retry:
            return
        self._retry_at = self._clock() + (HISTORY_RETRY_S if writable else HISTORY_REOPEN_S)
        self._arm()

    def _retry_history(self) -> None:
        if self._retry_at is None or self._clock() < self._retry_at:
            return
        self._retry_at = None
        recorder = self._make_recorder()
        if not recorder.pending:
            return
        if self.history is not None and self.history.writable:
            self._write_history(recorder.flush)
        else:
            self._reopen_history()
            if recorder.pending:
                self._schedule_retry()

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
        self._write_history(self._make_recorder().save_part, phase.step.id, phase.side.value if phase.side else None,
                            phase.seconds, snap.timer_total_s - snap.remaining_s, self._clock(), paused)  # fmt: skip

    def _reading(self, action: Callable[[], T], empty: T) -> T:
        """A read of the history. The terminal gets HistoryError (one line); the
        window gets ``empty``, the log the details and the person one notice."""
        import sqlite3

        from footdesk.history import HistoryError, HistoryProblem, ProblemKind, Trouble, trouble_of
        from footdesk.report import history_read_failed

        try:
            return action()
        except sqlite3.Error as exc:
            if self._terminal:
                raise HistoryError(HistoryProblem(ProblemKind.UNREADABLE, self.history_path, str(exc),
                                                  trouble=trouble_of(exc))) from None  # fmt: skip
            log.error("history: %s cannot be read (%s)", self.history_path, exc, exc_info=True)
            self._tell_once("history-read", history_read_failed(str(exc), trouble_of(exc) is Trouble.DAMAGED))
            return empty

    def _tell_once(self, key: str, text: str) -> None:
        if key not in self._reported_failures:
            self._reported_failures.add(key)
            self.notice.emit(text)

    def _safely(self, what: str, action: Callable[..., object], *args: object) -> None:
        """Sound or history failing must never stop the person's routine: log it
        with its traceback, tell the window once, and go on."""
        try:
            action(*args)
        except Exception as exc:
            log.exception("%s failed", what)
            if what not in self._reported_failures:
                self._reported_failures.add(what)
                self.notice.emit(f"The {what} failed ({exc}); the routine goes on without it.")


def build_model(
    *,
    waker: Waker | None = None,
    pdf_writer: PdfWriter | None = None,
    clock: Callable[[], float] = session_clock,
    wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    voice_renderer: VoiceRenderer | None = None,
) -> AppModel:
    """The model on the person's own files (found by ``footdesk.paths``): what
    the window and the terminal both start from. Raises RoutineError when the
    built-in routine cannot be loaded (a broken install)."""
    from footdesk import paths
    from footdesk.files import sweep_stale_temp_files
    from footdesk.routine import load_default_routine

    base = load_default_routine()
    sweep_stale_temp_files(paths.config_dir())
    settings_file = SettingsFile(paths.settings_file(), base.durations())
    return AppModel(
        base,
        settings_file,
        paths.app_state_file(),
        paths.history_file(),
        clock=clock,
        wall_clock=wall_clock,
        waker=waker,
        pdf_writer=pdf_writer,
        routines_dir=paths.routines_dir(),
        voice_renderer=voice_renderer,
    )
