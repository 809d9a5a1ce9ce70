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
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from footdesk.appstate import AppState, load_app_state, save_app_state
from footdesk.library import Entry, LibraryError, RoutineLibrary
from footdesk.reminder import REMINDER_CUE, ReminderMemory, Snooze, after_shown, after_snooze
from footdesk.routine import Routine
from footdesk.settings import Settings, SettingsFile, SettingsProblem, SettingsSaveError
from footdesk.sound import CuePlayer, SilentCuePlayer, SoundStatus
from footdesk.week import DayState, WeekPoint, WeekSummary, iso_week_of, summarize_week, trend, trend_span, week_span

if TYPE_CHECKING:
    # the session machinery and SQLite load with the first session or the history,
    # after the window is on screen
    from footdesk.history import HistoryStore, StoreRecorder
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

    def render(self, lines: dict[str, str]) -> str | None:
        """Render what is not rendered yet; a sentence for the person when some or
        all could not be (no speech engine), else None. Never raises."""


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
    NOT_SAVING = "not-saving"  # the notice says why


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
    titles: dict[str, str]
    routine_title: str
    made_on: date


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
        self._recorder: StoreRecorder | None = None
        self._session: Session | None = None
        self._reported_failures: set[str] = set()
        self.reminder_pending = False
        """Today's reminder is out and not yet answered (started, snoozed)."""

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

    # Building -------------------------------------------------------------------

    def use_sound(self, cue_player: CuePlayer) -> None:
        """The real cue player, once the shell can make one (it needs the shell's timer)."""
        self.cue_player = cue_player
        self.sound_changed.emit(self.sound_status())

    def open_history(self) -> None:
        """Open (or create) the history; never raises. Called after the first frame."""
        from footdesk.history import HistoryStore

        opened = HistoryStore.open(self.history_path)
        self.history = opened.store
        recorder = self._make_recorder()
        recorder.store = opened.store
        self._safely("history", recorder.flush)  # what was done before the file opened
        self.history_state = HistoryState.SAVING if opened.store is not None else HistoryState.NOT_SAVING
        self.history_notice = opened.notice
        if opened.notice:
            log.warning("%s", opened.notice)
            self.notice.emit(opened.notice)
        self.week_changed.emit(self.this_week())

    def open_history_for_reading(self) -> None:
        """For the terminal: read what is there, create or repair nothing."""
        from footdesk.history import HistoryError, HistoryStore

        try:
            self.history = HistoryStore.open_for_reading(self.history_path)
        except HistoryError as exc:
            self.history_state = HistoryState.NOT_SAVING
            self.history_notice = str(exc)
            raise
        self.history_state = HistoryState.SAVING if self.history is not None else HistoryState.NOT_SAVING

    def close(self) -> None:
        """Quitting: a session under way ends as stopped (so it is recorded), the file closes."""
        self.stop()
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

    def save_routine(self, routine: Routine) -> Path:
        """Save one of the person's routines and render its spoken lines (never
        during a countdown: now, as it is saved). Raises LibraryError."""
        path = self.library.save(routine)
        self._render_voices(routine)
        if self._own_routine is not None and self._own_routine.id == routine.id:
            self._choose_routine(routine.id, quietly=False)
            self.routine_changed.emit(self.routine)
        self.routines_changed.emit(None)
        return path

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
            self._own_routine = self.library.get(routine_id)
        except LibraryError as exc:
            self._own_routine = None
            message = f"The routine {routine_id!r} cannot be used ({exc}); the built-in routine is chosen instead."
            log.warning("%s", message)
            if not quietly:
                self.notice.emit(message)
            else:
                self._startup_notices.append(message)
            return False
        return True

    def _render_voices(self, routine: Routine) -> None:
        if self._voice_renderer is None:
            return
        from footdesk.cues import own_voice_lines

        lines = own_voice_lines(routine)
        if lines:
            said = self._voice_renderer.render(lines)
            if said:
                self.notice.emit(said)

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
            completed=bool(snap.completed),
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
        if self.session_active:
            return
        if routine_id is not None and not self.select_routine(routine_id):
            return
        self._answer_reminder()
        from footdesk.session import Session

        routine = self.routine
        self._session = Session(routine, self._session_options())
        self._make_recorder().routine_id = routine.id
        self._safely("cue player", self.cue_player.session_began)
        self._apply(self._session.start(self._clock()))

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
        if self._session is not None:
            self._apply(self._session.tick(self._clock()))

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
        self._waker.arm(None, self.tick)
        self.session_changed.emit(None)
        self.week_changed.emit(self.this_week())

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
        finished; False when it could not be kept (the screen must not claim it was)."""
        session_id = self._recorder.session_id if self._recorder is not None else None
        if self.history is None or session_id is None:
            return False
        try:
            self.history.set_pain(session_id, pain)
        except Exception as exc:  # a full disk, a locked file: say so, never crash
            log.exception("the lower-back rating could not be saved")
            self.notice.emit(f"Your rating could not be saved ({exc}).")
            return False
        self.week_changed.emit(self.this_week())
        return True

    def apply_settings(self, chosen: Settings, login_start: bool | None = None) -> SettingsApplied:
        """Save the settings and use them at once: a session under way takes them
        from its next part. ``login_start`` (where offered) starts footdesk at login."""
        outcome = SettingsApplied.UNCHANGED
        if chosen != self.settings or self.settings_problems:
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
            if kept is not None:
                self.notice.emit(f"Settings saved. Your previous settings file was kept as {kept}.")
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
        if self.history is not None:
            self.history.set_rest_day(day, rest)
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

    def this_week(self) -> WeekSummary | None:
        return self.week(*iso_week_of(self.today()))

    def trend(self, year: int, week: int, routine: str | None = None) -> tuple[WeekPoint, ...]:
        if self.history is None:
            return ()
        store = self.history
        sessions = store.sessions(*trend_span(year, week))
        if routine is not None:
            sessions = [session for session in sessions if session.routine == routine]
        return trend(sessions, year, week, first_day=store.first_day())

    def done_today(self) -> bool:
        """A routine was completed today: no reminder needed."""
        week = self.this_week()
        today = self.today()
        return week is not None and any(day.day == today and day.state is DayState.DONE for day in week.days)

    def sessions(self, week: tuple[int, int] | None = None) -> list[SessionRecord]:
        """Every session (or one ISO week's), oldest first."""
        if self.history is None:
            return []
        return self.history.sessions(*week_span(*week)) if week else self.history.sessions()

    def step_titles(self) -> dict[str, str]:
        """Step titles by id, for sessions recorded by any of the routines (the
        built-in routine's win where ids repeat)."""
        titles: dict[str, str] = {}
        for entry in reversed(self.routines()):
            if entry.routine is not None:
                titles.update({step.id: step.title for step in entry.routine.steps})
        return titles

    def routine_titles(self) -> dict[str, str]:
        return {entry.id: entry.title for entry in self.routines() if entry.usable}

    def week_report(self, year: int, week: int, routine: str | None = None) -> WeekReport | None:
        summary = self.week(year, week, routine)
        if summary is None:
            return None
        names = self.routine_titles()
        done = list(dict.fromkeys(names.get(s.routine, s.routine) for s in summary.sessions))
        title = " · ".join(done) if done else self.routine.title
        return WeekReport(summary, self.trend(year, week, routine), self.step_titles(), title, self.today())

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
        from footdesk.cues import announcement_for, cues_for
        from footdesk.session import State

        recorder = self._make_recorder()
        for event in events:
            for cue in cues_for(event):
                self._safely("cue player", self.cue_player.play, cue)
            spoken = announcement_for(event)
            if spoken:
                self.announce.emit(spoken)
            self._safely("history", recorder.record, event)
            self.session_events.emit(event)
        self._arm()
        snap = self.snapshot()
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
        if self._session is None:
            self._waker.arm(None, self.tick)
            return
        now = self._clock()
        wake = self._session.next_wakeup(now)
        self._waker.arm(None if wake is None else max(0.0, wake - now), self.tick)

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
