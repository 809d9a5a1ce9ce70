"""The application: everything footdesk knows and does, without a window.

``AppModel`` is the facade the Qt window, the terminal commands and the tests
all drive: they send the person's commands (``start``, ``toggle``,
``apply_settings``, ``rate`` …) and listen to plain observer callbacks that
carry what changed. Behind it, parts with one job each (``footdesk.model``):
the routine shelf, the session runner, the history keeper, recovery, the
review, the reminders and the pictures of the movement. This file builds them, wires what one part's change
means for another (a session recorded: the week looks different), and holds
the settings and the app's small state file.

It is built in two steps so the first frame stays fast: the constructor reads
only what the home screen shows (routine, settings, state); ``open_history``
opens the SQLite file once the window is up. Commands work in between: a
session started before the history opens is recorded from its first step.

Nothing here imports Qt or pygame (an import-linter contract checks it): time
comes from an injected clock, and a ``Waker`` arms whatever timer the shell has.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as dt_time
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from footdesk import paths
from footdesk.appstate import read_app_state, save_app_state
from footdesk.i18n import _
from footdesk.keys import Command, typed_rating
from footdesk.library import Entry, RoutineLibrary
from footdesk.model.backups import AutoBackups
from footdesk.model.checkins import CheckIns, StopCard
from footdesk.model.corrections import RecordCorrections
from footdesk.model.keeper import HISTORY_REOPEN_S, HISTORY_RETRY_S, QUIT_BUSY_TIMEOUT_S, HistoryKeeper, HistoryState
from footdesk.model.plans import Plans
from footdesk.model.plumbing import CUE_PLAYER, Notices, NoWaker, Observers, Waker, Wakeups
from footdesk.model.questionnaires import PutOff, Questionnaires
from footdesk.model.questionnaires import beside as questionnaires_beside
from footdesk.model.recovery import Recovery, ResumeOffer, SetAsideOffer
from footdesk.model.reminders import Reminders
from footdesk.model.review import Export, ExportError, PdfWriter, Review, WeekReport
from footdesk.model.runner import Resume, Screen, SessionResult, SessionRunner
from footdesk.model.shelf import RoutineShelf, VoiceRenderer
from footdesk.reminder import ReminderMemory, Snooze
from footdesk.routine import Routine
from footdesk.settings import Settings, SettingsFile, SettingsProblem, SettingsSaveError
from footdesk.sound import CuePlayer, SilentCuePlayer, SoundStatus
from footdesk.week import WeekPoint, WeekSummary, weekly_goal

if TYPE_CHECKING:
    from footdesk.history import HistoryProblem, HistoryStore
    from footdesk.model.cards import Cards, CardWriter
    from footdesk.model.handouts import Handouts, ReportWriter
    from footdesk.model.pictures import StepPictures
    from footdesk.plan import Progress
    from footdesk.records import SessionRecord
    from footdesk.routine import Plan
    from footdesk.session import SessionOptions, Snapshot

__all__ = [
    "HISTORY_REOPEN_S", "HISTORY_RETRY_S", "QUIT_BUSY_TIMEOUT_S", "Adapters", "AppModel", "Export", "ExportError",
    "HistoryState", "LoginStart", "ModelFiles", "NoWaker", "Observers", "PdfWriter", "ResumeOffer", "Screen",
    "SessionResult", "SetAsideOffer", "SettingsApplied", "VoiceRenderer", "Waker", "WeekReport", "build_model",
    "session_clock",
]  # fmt: skip


class LoginStart(Protocol):
    """Starting footdesk at login, where the desktop allows it."""

    def enabled(self) -> bool: ...

    def set(self, on: bool) -> None:
        """Raises OSError (naming the file) when it cannot be changed."""


def session_clock() -> float:
    """A monotonic clock that keeps counting while the computer sleeps (Linux's
    CLOCK_BOOTTIME), so the session can notice the sleep and pause; elsewhere
    the monotonic clock already counts sleep."""
    return time.clock_gettime(time.CLOCK_BOOTTIME) if hasattr(time, "CLOCK_BOOTTIME") else time.monotonic()


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Adapters:
    """Everything the model is handed from outside: the clocks, the shell's
    timer, sound and the desktop's services. ``app.run`` hands in the real ones,
    the terminal the defaults, tests their fakes (``tests/helpers``)."""

    clock: Callable[[], float] = session_clock
    wall_clock: Callable[[], datetime] = _utc_now
    waker: Waker = field(default_factory=NoWaker)
    cue_player: CuePlayer | None = None
    """None: silent until the shell hands in a player (``use_sound``)."""
    login_start: LoginStart | None = None
    pdf_writer: PdfWriter | None = None
    card_writer: CardWriter | None = None
    report_writer: ReportWriter | None = None
    voice_renderer: VoiceRenderer | None = None
    fixed_options: SessionOptions | None = None
    """Session options that do not follow the settings (tests and benchmarks
    that need, say, no sleep detection)."""


@dataclass(frozen=True)
class ModelFiles:
    """Where the model keeps what it knows (``person_files()``: the person's own)."""

    builtin: Routine
    settings: SettingsFile
    state: Path
    history: Path
    routines: Path | None = None
    plans: Path | None = None
    """Where the person is in each plan (None: ``plans.json`` beside the history)."""


class SettingsApplied(Enum):
    UNCHANGED = "unchanged"
    SAVED = "saved"
    NOT_SAVED = "not-saved"  # in force until footdesk quits; a notice says why


class AppModel:
    def __init__(self, files: ModelFiles, adapters: Adapters | None = None) -> None:
        adapters = adapters or Adapters()
        self.adapters = adapters
        self.files = files
        self.base_routine = files.builtin
        self.settings_file = files.settings
        self.state_file = files.state
        self.history_path = files.history
        self.state, self._state_problems = read_app_state(files.state)
        self.login_start = adapters.login_start
        self._clock = adapters.clock
        self._last_typed: tuple[int, float] | None = None  # the rating last typed, and when
        self._wall_clock = adapters.wall_clock
        self.notices = Notices()
        self.wakeups = Wakeups(adapters.waker, adapters.clock, self.tick)
        plans = self.plans = _plans_for(self, files)
        self.shelf = RoutineShelf(files.builtin, files.routines, lambda: self.settings.durations, self.state,
                                  files.state, self.notices, adapters.voice_renderer, plans.as_planned,
                                  self.today)  # fmt: skip
        self.keeper = HistoryKeeper(files.history, files.builtin.id, adapters.clock, self._wall_now,
                                    self.wakeups, self.notices)  # fmt: skip
        self.runner = SessionRunner(adapters.clock, adapters.cue_player or SilentCuePlayer(), self.keeper,
                                    self.wakeups, self.notices)  # fmt: skip
        self.recovery = Recovery(self.keeper, self.shelf.runnable, self.today, self._wall_now)
        self.corrections = RecordCorrections(self.keeper, self.shelf.runnable)
        """Correcting the record (delete, rate, mark done, undo): the review and the terminal use it."""
        self.review = Review(self.keeper, self.today, lambda rid: weekly_goal(self.shelf.dose_of(rid),
                             self.settings.goal_days), self.shelf.titles, self.shelf.step_titles,
                             lambda: self.routine.title, adapters.pdf_writer, self.shelf.times_a_day,
                             lambda: self.routine.id)  # fmt: skip
        self.backups = AutoBackups(lambda: self.settings, paths.kept_files, paths.default_backups_dir, self.local_now,
                                   adapters.clock, self.wakeups, lambda: self.session_active, self.notices)  # fmt: skip
        """The weekly backup (``start`` once the history is open)."""
        self.reminders = Reminders(self.state, files.state, self.local_now, lambda: self.settings.reminder_at,
                                   lambda: self.cue_player, self.notices, self.review.done_today,
                                   self.later_reminder_times, self.review.completed_today)  # fmt: skip

        # what the views listen to: the parts' own observers, and the few the facade emits
        self.notice = self.notices.notice
        """Something the person should read (a file that could not be used, a failure)."""
        self.notice_withdrawn = self.notices.withdrawn
        """A notice that no longer holds (why a routine did not start, once a session starts)."""
        self.session_changed = self.runner.session_changed
        self.finished = self.runner.finished
        self.announce = self.runner.announce
        self.session_events = self.runner.session_events
        self.routine_changed = self.shelf.routine_changed
        self.routines_changed = self.shelf.routines_changed
        self.reminder_changed = self.reminders.changed
        self.week_changed: Observers[WeekSummary | None] = Observers()
        """This week looks different (a session recorded, a rest day, the history opened)."""
        self.settings_changed: Observers[Settings] = Observers()
        self.sound_changed: Observers[SoundStatus] = Observers()
        self.offers_changed: Observers[None] = Observers()
        """The resume offer or the moved-aside files changed (``resume_offer``, ``set_aside``)."""

        _one_change_for_all(self)
        self.check_ins = _check_ins_for(self)
        """The check-in after each exercise, the note and the safety stop (``[safety] pain_limit``)."""
        self.questionnaires = _questionnaires_for(self)  # the home screen's offer, answering, the scores

    # Building -------------------------------------------------------------------

    def use_sound(self, cue_player: CuePlayer) -> None:
        """The real cue player, once the shell can make one (it needs the shell's timer)."""
        self.runner.cue_player = cue_player
        self.sound_changed.emit(self.sound_status())

    def open_history(self) -> None:
        """Open (or create) the history; never raises. Called after the first frame.
        Sessions a crash left under way are closed as partial (``resume_offer``)."""
        self.keeper.open()
        self.recovery.look_for_set_aside()
        self.week_changed.emit(self.this_week())
        self.offers_changed.emit(None)

    def open_history_for_reading(self) -> None:
        """For the terminal: read what is there, create or repair nothing."""
        self.keeper.open_for_reading()

    def open_history_for_terminal_writes(self) -> HistoryProblem | None:
        """For a terminal command that changes the history (see ``HistoryKeeper``)."""
        return self.keeper.open_for_terminal_writes()

    def unsaved_history(self) -> str | None:
        """What quitting now would lose, in a sentence (None: nothing waits to be written)."""
        return self.keeper.unsaved()

    def close(self) -> None:
        """Quitting: a session under way ends as stopped (so it is recorded), what
        is kept for later gets a last try, the file closes."""
        self.stop()
        self.keeper.close()
        self.wakeups.clear()

    # What is shown --------------------------------------------------------------

    @cached_property
    def pictures(self) -> StepPictures:
        """The picture of the movement now and next (made when first wanted: not before the first frame)."""
        from footdesk.model.pictures import StepPictures

        return StepPictures(self.shelf.library.picture_path, self.base_routine.id, self.notices,
                            lambda: self.settings, lambda: self.runner.routine_id)  # fmt: skip

    @cached_property
    def cards(self) -> Cards:
        """The programme card on paper."""
        from footdesk.model.cards import Cards

        return Cards(self.shelf, self.today, self.adapters.card_writer)

    @cached_property
    def handouts(self) -> Handouts:
        """The report for the physiotherapist and the calendar of the reminders."""
        return _handouts_for(self)

    @property
    def settings(self) -> Settings:
        return self.settings_file.settings

    @property
    def startup_notices(self) -> list[str]:
        return [*self._state_problems, *self.shelf.startup_notices]

    @property
    def settings_unsaved(self) -> bool:
        """Settings in force that could not be saved: the next save writes them."""
        return self.settings_file.unsaved

    @property
    def settings_problems(self) -> tuple[SettingsProblem, ...]:
        return self.settings_file.problems

    @property
    def routine(self) -> Routine:
        """The chosen routine as the next session runs it (``RoutineShelf.as_run``)."""
        return self.shelf.chosen

    @property
    def library(self) -> RoutineLibrary:
        return self.shelf.library

    @property
    def cue_player(self) -> CuePlayer:
        return self.runner.cue_player

    @property
    def history(self) -> HistoryStore | None:
        return self.keeper.store

    @property
    def history_state(self) -> HistoryState:
        return self.keeper.state

    @property
    def history_notice(self) -> str | None:
        return self.keeper.notice

    @property
    def history_problem(self) -> HistoryProblem | None:
        """What happened opening the history (``history_notice`` says it), if anything."""
        return self.keeper.problem

    @property
    def rating_note(self) -> str | None:
        """Why the last rating is not saved yet, when ``rate`` says it is not."""
        return self.keeper.rating_note

    @property
    def set_aside(self) -> tuple[SetAsideOffer, ...]:
        """Files moved aside that the person has not brought back or left yet."""
        return self.recovery.set_aside

    @property
    def reminder_pending(self) -> bool:
        """Today's reminder is out and not yet answered (started, snoozed)."""
        return self.reminders.pending

    @property
    def screen(self) -> Screen:
        return self.runner.screen

    @property
    def session_active(self) -> bool:
        return self.runner.active

    def snapshot(self) -> Snapshot | None:
        return self.runner.snapshot()

    def next_wakeup(self) -> float | None:
        """When the running session next needs time to move on (clock seconds)."""
        return self.runner.next_wakeup()

    def result(self) -> SessionResult | None:
        return self.runner.result()

    def sound_status(self) -> SoundStatus:
        return self.cue_player.status()

    # Routines ---------------------------------------------------------------------

    def routines(self) -> list[Entry]:
        return self.shelf.entries()

    def routine_as_run(self, routine: Routine) -> Routine:
        """How ``routine`` runs (the built-in one with the settings' durations)."""
        return self.shelf.as_run(routine)

    def prepare_voices(self) -> None:
        """The chosen routine's spoken lines not rendered yet, in the background (after the first frame)."""
        self.shelf.prepare_voices()

    def select_routine(self, routine_id: str) -> bool:
        """Choose the routine the next session runs (and the home screen shows);
        remembered for next time. False (and a notice) when it cannot be used."""
        return not self.session_active and self.shelf.select(routine_id)

    def delete_routine(self, routine_id: str) -> Path:
        return self.shelf.delete(routine_id, running=self.session_active)

    def can_undelete_routine(self, deleted: Path) -> bool:
        """Undo of a delete still means what it says (nothing the same is in the library since)."""
        return self.shelf.library.can_undelete(deleted)

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

    def _start(self, offer: ResumeOffer | None, routine_id: str | None, asked: bool = False) -> None:
        if self.session_active or (self.plans.question is not None and not asked):
            return
        if routine_id is not None and not self.select_routine(routine_id):
            return
        # a harder dose is asked first, in the window, and the answer starts it; a resumed session is not asked
        if offer is None and not asked and self.plans.ask():
            return
        self.reminders.answered()
        self.shelf.prepare_voices()  # edited by hand since it was chosen: its new lines are on their way
        self.keeper.reopen()  # a history that could not be written: try again at each session
        self.keeper.rating_note = None
        resume = None if offer is None else Resume(offer.session_id, offer.phase_index, offer.earlier_completed)
        self.runner.start(self.routine, self._session_options(), resume)
        self.notices.session_started()
        self.offers_changed.emit(None)

    def answer(self, go_up: bool) -> None:
        """The answer to ``plans.question`` (Go up now / Not yet); then the session starts with its numbers."""
        if not self.session_active and self.plans.answered(go_up):
            self._start(None, None, asked=True)

    def toggle(self) -> None:
        """Start, pause or resume, whichever the moment calls for; on a tip, go on."""
        if self.session_active:
            self.runner.toggle()
        else:
            self.start()

    def skip(self) -> None:
        self.runner.skip()

    def back(self) -> None:
        self.runner.back()

    def stop(self) -> None:
        self.runner.stop()

    def tick(self) -> None:
        """The timer: history writes that wait are tried again, and the session's clock moves on."""
        self.keeper.retry_if_due()
        self.backups.wake_if_due()
        self.runner.tick()

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
        self.runner.go_home()

    def press(self, command: Command, value: int | None = None) -> Command | None:
        """A key of the window (``footdesk.keys``; ``value``: a digit's, E/A/H's), as this screen means it.
        Returns the command when it is the view's to do: the rating keys and
        arrows on the finished screen, Esc at home (leave full screen)."""
        screen = self.screen
        if _press_check_in(self, command, value):
            return None
        if self.plans.question is not None and screen is Screen.HOME:
            _press_when_asked(self, command)
        elif command is Command.PRIMARY:
            self.primary()
        elif command is Command.MUTE:
            self.toggle_mute()
        elif screen is Screen.SESSION:
            _press_in_session(self, command)
        elif screen is Screen.FINISHED:
            if command in (Command.ESCAPE, Command.CONFIRM):
                self.go_home()
            elif command in (Command.RIGHT, Command.LEFT, Command.RATE):
                return command
        elif command is Command.CONFIRM:
            self.start()
        elif command is Command.ESCAPE:
            return command
        return None

    def typed_rating(self, digit: int) -> int:
        """The rating a digit key gives on the finished screen ("1" then "0" is 10: ``keys.typed_rating``)."""
        self._last_typed = (typed_rating(digit, self._clock(), self._last_typed), self._clock())
        return self._last_typed[0]

    def toggle_mute(self) -> SoundStatus:
        self.cue_player.set_muted(not self.cue_player.muted)
        status = self.sound_status()
        self.sound_changed.emit(status)
        return status

    def preview_sound(self, volume: int) -> None:
        self.notices.safely(CUE_PLAYER, self.cue_player.preview, volume)

    # The person's commands: after a session, settings, the week ----------------

    def rate(self, pain: int | None) -> bool:
        """The answer to "how is your lower back right now?" for the session just
        finished; False when it is not saved (the screen must not claim it was).
        A rating that cannot be written yet is kept and tried again like every
        other write; ``rating_note`` then says so (above the pain limit: the stop card)."""
        self.check_ins.rated(pain)
        return self.keeper.rate(pain)

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
                if login_start:
                    self.notices.say(_("{error}; footdesk will not start when you log in.").format(error=exc))
                else:
                    self.notices.say(_("{error}; footdesk still starts when you log in.").format(error=exc))
        return outcome

    def _save_settings(self, chosen: Settings) -> SettingsApplied:
        try:
            kept = self.settings_file.save(chosen)
        except SettingsSaveError as exc:
            self.settings_file.use_for_now(chosen)
            self.notices.say(_("Settings not saved: {error}. They apply until you quit footdesk.").format(error=exc))
            outcome = SettingsApplied.NOT_SAVED
        else:
            # only what was changed here is written: the file's own edits count from now on,
            # and a value someone wrote by hand meanwhile that cannot be used is said, not replaced
            said = [_("Your previous settings file was kept as {path}.").format(path=kept)] if kept is not None else []
            kept_there = _("{problem}; the file keeps what was written there.")
            said += [kept_there.format(problem=problem) for problem in self.settings_problems]
            if said:  # whole sentences, one after another
                self.notices.say(" ".join([_("Settings saved."), *said]))
            outcome = SettingsApplied.SAVED
        self.runner.adopt(self.routine, self._session_options())
        self.settings_changed.emit(self.settings)
        self.sound_changed.emit(self.sound_status())
        self._week_moved()
        return outcome

    def set_rest_day(self, day: date, rest: bool) -> None:
        self.keeper.set_rest_day(day, rest)

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
        return self.reminders.memory()

    def later_reminder_times(self) -> tuple[dt_time, ...]:
        """The reminder times after the first that the routine in use asks for (none while no reminder is set)."""
        return self.settings.later_reminder_times(self.routine.dose.times_a_day)

    def reminder_shown(self, now: datetime | None = None) -> None:
        self.reminders.shown(now)

    def snooze_reminder(self, choice: Snooze) -> bool:
        return self.reminders.snooze(choice)

    def next_reminder_text(self) -> str:
        """When the next reminder comes, in words (the home screen, the tray's tooltip)."""
        return self.reminders.next_text()

    def reminder_text(self) -> str:
        from footdesk.report import reminder_text

        return reminder_text(self.routine)

    # Review queries and exports (``Review``) -----------------------------------

    def today(self) -> date:
        """The person's own calendar day, as sessions are dated."""
        return self._wall_clock().astimezone().date()

    def week(self, year: int, week: int, routine: str | None = None) -> WeekSummary | None:
        return self.review.week(year, week, routine)

    def this_week(self) -> WeekSummary | None:
        return self.review.this_week()

    def trend(self, year: int, week: int, routine: str | None = None) -> tuple[WeekPoint, ...]:
        return self.review.trend(year, week, routine)

    def done_today(self) -> bool:
        return self.review.done_today()

    def completed_today(self) -> int:
        """How many times the routine in use was completed today (which of the day's reminders are still wanted)."""
        return self.review.completed_today()

    def sessions(self, week: tuple[int, int] | None = None) -> list[SessionRecord]:
        return self.review.sessions(week)

    def week_report(self, year: int, week: int, routine: str | None = None) -> WeekReport | None:
        return self.review.week_report(year, week, routine)

    def export_csv(self, path: Path, week: tuple[int, int] | None = None) -> Export:
        """The sessions' CSV; with every week, the questionnaires' beside it (``model.questionnaires.beside``)."""
        done = self.review.export_csv(path, week)
        if week is None and self.questionnaires.history():
            self.questionnaires.export(questionnaires_beside(path))
        return done

    def export_pdf(self, path: Path, year: int, week: int, routine: str | None = None) -> Export:
        return self.review.export_pdf(path, year, week, routine)

    # Correcting the record (``HistoryKeeper``): written at once, the week follows --

    # What a crash or a damaged file left (``Recovery``) --------------------------

    def resume_offer(self) -> ResumeOffer | None:
        """Today's routine, when a crash interrupted it and nothing was done since."""
        return None if self.session_active else self.recovery.resume_offer()

    def look_for_set_aside(self) -> None:
        self.recovery.look_for_set_aside()

    def restore_set_aside(self, path: Path) -> str:
        return self.recovery.restore(path)

    def leave_set_aside(self, path: Path) -> str:
        return self.recovery.leave(path)

    # Inside ---------------------------------------------------------------------

    def _wall_now(self) -> datetime:
        return self._wall_clock()

    def _session_options(self) -> SessionOptions:
        return self.adapters.fixed_options or self.settings.session_options()

    def _week_moved(self) -> None:
        self.week_changed.emit(self.this_week())

    def _back_home(self) -> None:
        self._week_moved()
        self.offers_changed.emit(None)


def _one_change_for_all(model: AppModel) -> None:
    """What one part's change means for the others: said here, once."""
    model.keeper.changed.connect(lambda _: model._week_moved())
    model.keeper.writable_again.connect(lambda _: model.recovery.look_for_set_aside())
    model.recovery.changed.connect(model.offers_changed.emit)
    model.runner.recorded.connect(lambda _: model._week_moved())
    model.shelf.routine_changed.connect(lambda _: model._week_moved())  # its dose: the goal, a day done
    model.runner.left.connect(lambda _: model._back_home())
    model.plans.changed.connect(lambda _: model.routine_changed.emit(model.routine))
    model.shelf.routine_changed.connect(lambda _: model.plans.drop_question())


def _plans_for(model: AppModel, files: ModelFiles) -> Plans:
    """Where the person is in each plan: it asks the review for pain, the shelf for the routine and its titles."""
    return Plans(files.plans or files.history.with_name("plans.json"), model.today,
                 lambda year, week: model.review.week(year, week), model.notices,
                 lambda: model.shelf.chosen_before_plan, lambda: model.settings.pain_limit,
                 lambda: model.shelf.step_titles())  # fmt: skip


def _handouts_for(model: AppModel) -> Handouts:
    """The report and the calendar: the card's programme, the review's numbers, the plan's place."""
    from footdesk.model.handouts import Handouts

    def plan_of(routine: Routine) -> tuple[Plan, Progress] | None:
        if routine.plan is None:
            return None
        before = model.shelf.before_plan(model.library.get(routine.id))  # the numbers its plan starts from
        progress = model.plans.progress(before, as_prescribed=True)  # as `footdesk plan` shows one not taken up yet
        return (before.plan, progress) if before.plan is not None and progress is not None else None

    return Handouts(model.cards, model.review, plan_of, lambda: model.settings, model.shelf.titles,
                    model.shelf.step_titles, model.today, model._wall_now, model.adapters.report_writer,
                    model.questionnaires.scores)  # fmt: skip


def _check_ins_for(model: AppModel) -> CheckIns:
    """The check-ins, following the session (asked after each exercise) and the history (saved late)."""
    check_ins = CheckIns(model.keeper, lambda: model.settings.pain_limit, model.runner)
    model.runner.session_events.connect(check_ins.on_event)
    model.runner.left.connect(lambda _: check_ins.left())
    model.keeper.changed.connect(lambda _: check_ins.history_changed())
    return check_ins


def _questionnaires_for(model: AppModel) -> Questionnaires:
    """The back questionnaires: offered by the setting's interval, never during a session."""

    def put_off(day: str) -> None:
        model.state.questionnaires_put_off_on = day
        save_app_state(model.state_file, model.state)

    return Questionnaires(model.keeper, model.today, model._wall_now, lambda: model.settings.questionnaire_weeks,
                          lambda: model.session_active, model.notices,
                          PutOff(lambda: model.state.questionnaires_put_off_on, put_off))  # fmt: skip


def _press_check_in(model: AppModel, command: Command, value: int | None) -> bool:
    """The check-in's and the stop card's keys (``AppModel.press``); True when
    the key was theirs. While the card shows in a session, only its answers
    (Esc stop for today, C carry on) and M act: Space must not carry on by habit."""
    from footdesk.records import Effort

    check_ins = model.check_ins
    if command is Command.CARRY_ON:
        check_ins.carry_on()
        return True
    if check_ins.card is StopCard.DURING:
        if command is Command.ESCAPE:
            check_ins.stop_for_today()
        return command is not Command.MUTE
    asking = check_ins.asking
    if command is Command.EFFORT:
        if asking is not None and value is not None and 0 <= value < len(Effort):
            check_ins.answer_effort(tuple(Effort)[value])
        return True
    if command is Command.RATE and value is not None and asking is not None:
        # in a session the digits are the check-in's; on the finished screen only while
        # it waits for its pain (after E, A or H), and the "0" of a "10" begun there
        ten = check_ins.typing and asking.pain == 1 and typed_rating(value, model._clock(), model._last_typed) == 10
        if model.screen is Screen.SESSION or asking.waits_for_pain or ten:
            check_ins.answer_pain(model.typed_rating(value))
            check_ins.typing = True
            return True
    check_ins.typing = False
    return False


def _press_in_session(model: AppModel, command: Command) -> None:
    """What a key means during a session (``AppModel.press``)."""
    if command in (Command.SKIP, Command.RIGHT):
        model.skip()
    elif command in (Command.BACK, Command.LEFT):
        model.back()
    elif command is Command.ESCAPE:
        model.stop()


def _press_when_asked(model: AppModel, command: Command) -> None:
    """What a key means while a harder dose is asked about: Enter goes up, N
    and Esc say not yet. Space, the habitual start key, answers nothing."""
    if command is Command.CONFIRM:
        model.answer(go_up=True)
    elif command in (Command.SKIP, Command.ESCAPE):
        model.answer(go_up=False)
    elif command is Command.MUTE:
        model.toggle_mute()


def person_files() -> ModelFiles:
    """The person's own files (found by ``footdesk.paths``). Raises RoutineError
    when the built-in routine cannot be loaded (a broken install)."""
    from footdesk import paths
    from footdesk.files import sweep_stale_temp_files
    from footdesk.routine import load_default_routine

    base = load_default_routine()
    sweep_stale_temp_files(paths.config_dir())
    settings_file = SettingsFile(paths.settings_file(), base.durations())
    return ModelFiles(base, settings_file, paths.app_state_file(), paths.history_file(), paths.routines_dir(),
                      paths.plans_file())  # fmt: skip


def build_model(adapters: Adapters | None = None, files: ModelFiles | None = None) -> AppModel:
    """The model the window, the terminal, the tests and the benchmarks all
    start from: on the person's own files unless ``files`` says otherwise."""
    return AppModel(files or person_files(), adapters)
