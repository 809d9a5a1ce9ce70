"""The daily reminder as the app remembers it: one a day for each time a day
the routine in use asks for, a snooze that survives a restart, and whether one
is out now. ``footdesk.reminder`` has the
rule of when; the shell's adapter shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path

from footdesk.appstate import AppState, save_app_state
from footdesk.model.plumbing import CUE_PLAYER, Notices, Observers
from footdesk.reminder import (
    REMINDER_CUE,
    ReminderMemory,
    Snooze,
    after_shown,
    after_snooze,
    next_reminder_text,
    snoozed_text,
)
from footdesk.sound import CuePlayer


class Reminders:
    def __init__(
        self,
        state: AppState,
        state_file: Path,
        local_now: Callable[[], datetime],
        remind_at: Callable[[], time | None],
        cue_player: Callable[[], CuePlayer],
        notices: Notices,
        done_today: Callable[[], bool] = lambda: False,
        later: Callable[[], Sequence[time]] = tuple,
        times_done: Callable[[], int] = lambda: 0,
    ) -> None:
        """``done_today``: today's routine is done (no reminder before tomorrow).
        ``later``: the reminder times after the first that the routine's dose
        asks for; ``times_done``: how many times it was completed today."""
        self._state = state
        self._done_today = done_today
        self._later = later
        self._times_done = times_done
        self._state_file = state_file
        self._local_now = local_now
        self._remind_at = remind_at
        self._cue_player = cue_player
        self._notices = notices
        self.pending = False
        """Today's reminder is out and not yet answered (started, snoozed)."""
        self.changed: Observers[bool] = Observers()
        """The reminder came (True) or was answered (False): the window shows it or not."""

    def memory(self) -> ReminderMemory:
        shown, snoozed = self._state.reminder_shown_on, self._state.reminder_snoozed_until
        return ReminderMemory(
            date.fromisoformat(shown) if shown else None,
            datetime.fromisoformat(snoozed) if snoozed else None,
            self._state.reminder_shown_number,
        )

    def shown(self, now: datetime | None = None) -> None:
        """The daily reminder went out: remember it (one a day for each time a
        day), show it in the window and sound it, for a person who may be in another room."""
        at = self._remind_at()
        if at is not None:
            self._remember(after_shown(now or self._local_now(), at, self.memory(), self._later()))
        self.pending = True
        self._notices.safely(CUE_PLAYER, self._cue_player().alert, REMINDER_CUE)
        self.changed.emit(True)

    def snooze(self, choice: Snooze) -> bool:
        """Put off the reminder that is out, and say when it comes back ("Reminder
        in 10 minutes (at 18:40)."); False when none is out."""
        if not self.pending:
            return False
        now = self._local_now()
        snoozed = after_snooze(now, self.memory(), choice, self._later())
        self._remember(snoozed)
        self.answered()
        at = self._remind_at()
        if at is not None:
            self._notices.say(
                snoozed_text(now, at, snoozed, choice, later=self._later(), times_done=self._times_done())
            )
        return True

    def next_text(self) -> str:
        """When the next reminder comes, in words ("Next reminder at 18:00"); "" with none set."""
        return next_reminder_text(self._local_now(), self._remind_at(), self.memory(), self._done_today(),
                                  self.pending, later=self._later(), times_done=self._times_done())  # fmt: skip

    def answered(self) -> None:
        """A session started (or the reminder was snoozed): it is no longer out."""
        if self.pending:
            self.pending = False
            self.changed.emit(False)

    def _remember(self, memory: ReminderMemory) -> None:
        self._state.reminder_shown_on = memory.shown_on.isoformat() if memory.shown_on else None
        self._state.reminder_snoozed_until = memory.snoozed_until.isoformat() if memory.snoozed_until else None
        self._state.reminder_shown_number = memory.shown_number
        save_app_state(self._state_file, self._state)
