"""The history file as the app uses it: opened after the first frame, written
as the session happens, writes that cannot be made now kept and tried again,
and a last try at quit.

A write that cannot be made (a lock, a full disk) never stops the routine and
never loses what was done: the recorder keeps it, this keeper tries again on
its own wake-up slot and says once that it waits, and once that it is saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from footdesk.i18n import _
from footdesk.model.plumbing import Notices, Observers, Slot, Wakeups

if TYPE_CHECKING:
    # SQLite loads with the history, after the window is on screen
    from footdesk.history import Correction, HistoryProblem, HistoryStore, OpenedHistory, StoreRecorder
    from footdesk.records import Effort, SessionRecord

log = logging.getLogger(__name__)

T = TypeVar("T")

HISTORY_RETRY_S = 3.0
"""A write that could not be made (a lock, a full disk) is tried again this often."""
HISTORY_REOPEN_S = 30.0
"""A history that could not be written at all is tried again this often while
writes wait (and at every session's start)."""
QUIT_BUSY_TIMEOUT_S = 2.0
"""At quit, the last try at what is kept may wait this long for another program's lock."""


class HistoryState(Enum):
    OPENING = "opening"  # the window is up, the file not opened yet
    SAVING = "saving"
    READ_ONLY = "read-only"  # shown as it is, not saved right now (the notice says why); tried again
    NOT_SAVING = "not-saving"  # the notice says why


class HistoryKeeper:
    def __init__(
        self,
        path: Path,
        builtin_id: str,
        clock: Callable[[], float],
        wall_clock: Callable[[], datetime],
        wakeups: Wakeups,
        notices: Notices,
    ) -> None:
        self.path = path
        self._builtin_id = builtin_id
        self._clock = clock
        self._wall_clock = wall_clock
        self._wakeups = wakeups
        self._notices = notices
        self.store: HistoryStore | None = None
        self.state = HistoryState.OPENING
        self.notice: str | None = None
        """Why the history is not being saved (or what happened to it), for the window."""
        self.problem: HistoryProblem | None = None
        """What happened opening the history (``notice`` says it), if anything."""
        self.rating_note: str | None = None
        """Why the last rating is not saved yet, when ``rate`` says it is not."""
        self.answer_note: str | None = None
        """Why the last check-in or note is not saved yet, when ``check_in`` or ``note`` says it is not."""
        self._recorder: StoreRecorder | None = None
        self._terminal = False
        self._can_retry = False
        self._problem: tuple[str, str | None] = ("", None)
        self._write_trouble: tuple[str, str | None] | None = None
        self._closed_interrupted = False
        self.changed: Observers[None] = Observers()
        """What the history holds (or whether it can be read) changed: the week may look different."""
        self.writable_again: Observers[None] = Observers()
        """A history that could not be written can be now (files moved aside may be restorable)."""

    @property
    def writable(self) -> bool:
        return self.store is not None and self.store.writable

    @property
    def recorder(self) -> StoreRecorder:
        """The one recorder: it keeps what could not be written across sessions."""
        if self._recorder is None:
            from footdesk.history import StoreRecorder

            self._recorder = StoreRecorder(self.store, self._builtin_id, wall_clock=self._wall_clock)
        return self._recorder

    @property
    def recording(self) -> bool:
        """The session under way (or just finished) has its row in the history,
        or writes kept for a retry will make it (a disk full from the start):
        a rating can be kept with them."""
        return self.store is not None and self._recorder is not None and self._recorder.has_row

    # Opening ------------------------------------------------------------------------

    def open(self) -> None:
        """Open (or create) the history for the window; never raises. Sessions a
        crash left under way are closed as partial."""
        from footdesk.history import APP_BUSY_TIMEOUT_S, HistoryStore

        opened = HistoryStore.open(self.path, busy_timeout_s=APP_BUSY_TIMEOUT_S)
        self._use(opened)
        if self.notice:
            log.warning("%s", self.notice)
            self._notices.say(self.notice)

    def open_for_reading(self) -> None:
        """For the terminal: read what is there, create or repair nothing."""
        from footdesk.history import HistoryError, HistoryStore
        from footdesk.report import history_problem_text

        self._terminal = True
        try:
            self.store = HistoryStore.open_for_reading(self.path)
        except HistoryError as exc:
            self.state = HistoryState.NOT_SAVING
            self.problem = exc.problem
            self.notice = history_problem_text(exc.problem)
            raise
        self.state = HistoryState.SAVING if self.store is not None else HistoryState.NOT_SAVING

    def open_for_terminal_writes(self) -> HistoryProblem | None:
        """For a terminal command that changes the history: opened as the window
        opens it, but waiting longer for a lock and leaving the sessions of a
        footdesk that may be running alone. Returns what happened to the file
        (a damaged one moved aside), if anything; raises HistoryError when it
        cannot be written."""
        from footdesk.history import Access, HistoryError, HistoryProblem, HistoryStore, ProblemKind

        self._terminal = True
        opened = HistoryStore.open(self.path)
        if opened.store is None or opened.access is not Access.WRITABLE:
            if opened.store is not None:
                opened.store.close()
            raise HistoryError(opened.problem or HistoryProblem(ProblemKind.NOT_WRITABLE, self.path))
        self.store = opened.store
        self.state = HistoryState.SAVING
        return opened.problem

    def unsaved(self) -> str | None:
        """Why quitting now would lose what the person did (writes kept for a
        retry that have not been made), for the window to ask first; None when
        nothing waits."""
        recorder = self._recorder
        if recorder is None or not recorder.pending or self._terminal:
            return None
        if not self.writable and not self._can_retry:  # never saved this run, and said so at start
            return None
        self.retry_now()
        if not recorder.pending:
            return None
        from footdesk.report import history_unsaved_at_quit

        reason = (self._write_trouble or self._problem)[0] or _("the history could not be opened")
        return history_unsaved_at_quit(recorder.pending, reason)

    def retry_now(self) -> None:
        """One more try at what waits, at once (the person is about to quit)."""
        if self.writable:
            self.write(self.recorder.flush)
        else:
            self.reopen()

    def close(self) -> None:
        """Quitting: what is kept gets a last try, the file closes."""
        recorder = self._recorder
        if recorder is not None and recorder.pending and not self._terminal:
            self.reopen()
            if self.store is not None and self.store.writable:
                self.store.set_busy_timeout(QUIT_BUSY_TIMEOUT_S)
                self.write(recorder.flush)
            if recorder.pending:
                from footdesk.report import history_write_lost

                reason = (self._write_trouble or self._problem)[0] or _("the history could not be opened")
                log.error("history: %s", history_write_lost(recorder.pending, reason))
        self._wakeups.set(Slot.HISTORY_RETRY, None)
        if self.store is not None:
            self.store.close()
            self.store = None
            self.recorder.store = None

    def reopen(self) -> None:
        """A history that could not be written (a full disk, a read-only folder):
        try again; when it can be written now, what was kept is written and the
        window says so."""
        if self.state not in (HistoryState.READ_ONLY, HistoryState.NOT_SAVING) or not self._can_retry:
            return
        from footdesk.history import APP_BUSY_TIMEOUT_S, Access, HistoryStore
        from footdesk.report import history_saved_again

        opened = HistoryStore.open(self.path, busy_timeout_s=APP_BUSY_TIMEOUT_S)
        if opened.access is not Access.WRITABLE:
            if opened.store is not None:
                opened.store.close()
            log.info("history: still cannot be written (%s)", opened.problem)
            return
        kept = self.recorder.pending
        self._use(opened)
        log.warning("history: %s", self.notice or "can be written again")
        self._notices.say(self.notice or history_saved_again(kept - self.recorder.pending))
        self.writable_again.emit(None)
        self.changed.emit(None)

    def _use(self, opened: OpenedHistory) -> None:
        from footdesk.history import Access
        from footdesk.report import history_problem_text

        if self.store is not None and self.store is not opened.store:
            self.store.close()
        store = opened.store
        writable = store is not None and opened.access is Access.WRITABLE
        self.store = store
        self._can_retry = opened.retry
        problem = opened.problem
        self._problem = (problem.reason, problem.name) if problem and opened.retry else ("", None)
        self.problem = problem
        self.notice = history_problem_text(problem) if problem else None
        if writable:
            self.state = HistoryState.SAVING
        else:
            self.state = HistoryState.READ_ONLY if store is not None else HistoryState.NOT_SAVING
        recorder = self.recorder
        recorder.store = store if writable else None
        if store is not None and writable and not self._closed_interrupted:
            self._closed_interrupted = True
            self._close_interrupted(store, recorder)
        if writable:
            self.write(recorder.flush)  # what was done before the file could be written
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

    # Writing ------------------------------------------------------------------------

    def write(self, action: Callable[..., object], *args: object) -> bool:
        """Run a recorder call that writes. A write that cannot be made now stays
        kept for the next try; that is said once (the window and the log), not at
        every try. True when nothing is left waiting."""
        import sqlite3

        from footdesk.history import Trouble, error_name, trouble_of
        from footdesk.report import history_saved_again, history_write_lost

        recorder = self.recorder
        waiting = recorder.pending
        try:
            action(*args)
        except sqlite3.Error as exc:
            if trouble_of(exc) is Trouble.FAULT:
                # the same write would fail the same way: give it up (said, logged), keep the rest
                log.error("history: a write failed and is given up", exc_info=True)
                recorder.drop_first()
                self._notices.say_once("history-fault", history_write_lost(1, str(exc)))
                return self.write(recorder.flush)
            self._cannot_write_now(exc, error_name(exc))
            return False
        except Exception as exc:  # a mistake in footdesk: logged, said once, the routine goes on
            log.exception("history failed")
            failed = _("The history failed ({error}); the routine goes on without it.")
            self._notices.say_once("history", failed.format(error=exc))
            return False
        if recorder.pending:
            self._schedule_retry()
            return False
        if self._write_trouble is not None:
            self._write_trouble = None
            self.rating_note = None  # the rating that waited is in the file now
            self.answer_note = None
            log.warning("history: written again; nothing kept is lost")
            self._notices.say(history_saved_again(max(waiting, 1)))
            self.changed.emit(None)  # what waited is in the file now: the week shows it
        self._wakeups.set(Slot.HISTORY_RETRY, None)
        return True

    def _cannot_write_now(self, exc: Exception, name: str | None) -> None:
        from footdesk.report import history_write_waiting

        if self._write_trouble is None:
            self._write_trouble = (str(exc), name)
            log.warning("history: cannot write now (%s); %d change(s) kept, trying again", exc, self.recorder.pending)
            self._notices.say(history_write_waiting(str(exc), name))
        else:
            log.info("history: still cannot write (%s); %d change(s) kept", exc, self.recorder.pending)
        self._schedule_retry()

    def _schedule_retry(self) -> None:
        if self._wakeups.at(Slot.HISTORY_RETRY) is not None:
            return
        if not self.writable and not self._can_retry:
            return
        self._wakeups.set(Slot.HISTORY_RETRY, self._clock() + (HISTORY_RETRY_S if self.writable else HISTORY_REOPEN_S))

    def retry_if_due(self) -> None:
        """The timer woke the model: try the waiting writes if their moment came."""
        if not self._wakeups.due(Slot.HISTORY_RETRY):
            return
        self._wakeups.set(Slot.HISTORY_RETRY, None)
        recorder = self.recorder
        if not recorder.pending:
            return
        if self.writable:
            self.write(recorder.flush)
        else:
            self.reopen()
            if recorder.pending:
                self._schedule_retry()

    def rate(self, pain: int | None) -> bool:
        """The lower-back rating of the session just finished; False when it is
        not saved (``rating_note`` then says why, when it waits for a retry)."""
        from footdesk.report import rating_waiting

        recorder = self._recorder
        self.rating_note = None
        if self.store is None or recorder is None or not recorder.has_row:
            return False
        if self.write(recorder.rate, pain):
            self.changed.emit(None)
            return True
        if pain is not None and recorder.pending:
            reason, name = self._write_trouble or self._problem
            self.rating_note = rating_waiting(pain, reason, name)
        return False

    def check_in(self, step: str, effort: Effort | None, pain: int | None) -> bool:
        """How an exercise of the session under way (or just finished) went;
        False when it is not saved now (``answer_note`` says why when it waits
        for a retry, as a late rating does)."""
        return self._answer(self.recorder.check_in if self._recorder else None, step, effort, pain)

    def note(self, text: str | None) -> bool:
        """The person's note about the session just finished (see ``check_in``)."""
        return self._answer(self.recorder.note if self._recorder else None, text)

    def _answer(self, action: Callable[..., bool] | None, *args: object) -> bool:
        from footdesk.report import answer_waiting

        recorder = self._recorder
        self.answer_note = None
        if self.store is None or recorder is None or action is None or not recorder.has_row:
            return False
        if self.write(action, *args):
            self.changed.emit(None)
            return True
        if recorder.pending:
            reason, name = self._write_trouble or self._problem
            self.answer_note = answer_waiting(reason, name)
        return False

    def set_rest_day(self, day: date, rest: bool) -> None:
        if self.store is None or not self.store.writable:
            return
        import sqlite3

        try:
            self.store.set_rest_day(day, rest)
        except sqlite3.Error as exc:
            from footdesk.history import error_name
            from footdesk.report import rest_day_not_saved

            log.warning("history: the rest day could not be saved (%s)", exc)
            self._notices.say(rest_day_not_saved(str(exc), error_name(exc)))
            return
        self.changed.emit(None)

    # Correcting the record (a session deleted, a rating changed, a part marked done) --

    def delete_session(self, session_id: int) -> Correction | None:
        """Leave a session out of everything shown, its rows kept (``undo`` brings it back)."""
        from footdesk.history import Correction, CorrectionKind, CorrectionRefusedError, Refusal

        def delete(store: HistoryStore) -> Correction:
            session = store.delete_session(session_id, self._wall_clock())
            if session is None:
                raise CorrectionRefusedError(Refusal.NO_SESSION, session_id)
            return Correction(CorrectionKind.DELETE, session)

        return self._correct(delete)

    def undelete_session(self, session_id: int) -> Correction | None:
        from footdesk.history import Correction, CorrectionKind, CorrectionRefusedError, Refusal

        def undelete(store: HistoryStore) -> Correction:
            session = store.undelete_session(session_id)
            if session is None:
                raise CorrectionRefusedError(Refusal.NOT_DELETED, session_id)
            return Correction(CorrectionKind.DELETE, session)

        return self._correct(undelete)

    def rate_session(self, session_id: int, pain: int | None) -> Correction | None:
        """A finished session's lower-back rating changed; the one before is kept."""
        return self._correct(lambda store: store.rate_session(session_id, pain, self._wall_clock()))

    def mark_done(self, session_id: int, step: str, side: str | None,
                  completes: Callable[[SessionRecord], bool]) -> Correction | None:  # fmt: skip
        """A part skipped or stopped counts as done after all (``HistoryStore.mark_done``)."""
        return self._correct(lambda store: store.mark_done(session_id, step, side, self._wall_clock(), completes))

    def unmark_done(self, session_id: int, step: str, side: str | None) -> Correction | None:
        return self._correct(lambda store: store.unmark_done(session_id, step, side, self._wall_clock()))

    def undo(self, correction: Correction) -> Correction | None:
        """Take a correction back: a deleted session comes back, a rating or a
        part reads as it did before it."""
        from footdesk.history import CorrectionKind

        if correction.kind is CorrectionKind.DELETE:
            return self.undelete_session(correction.session.id)
        log_id = correction.log_id
        if log_id is None:
            return correction  # it changed nothing
        return self._correct(lambda store: store.undo_correction(log_id, self._wall_clock()))

    def _correct(self, change: Callable[[HistoryStore], Correction]) -> Correction | None:
        """A correction, written at once; when it changed something, the week
        changes (the review, the home screen, the exports follow). None when it
        could not be written: the window gets a notice, the terminal HistoryError.
        CorrectionRefusedError (nothing changed) goes to the caller, which says why."""
        import sqlite3

        from footdesk.history import HistoryError, HistoryProblem, ProblemKind, error_name, trouble_of
        from footdesk.report import correction_not_saved

        store = self.store
        if store is None or not store.writable:
            if self._terminal:
                raise HistoryError(HistoryProblem(ProblemKind.NOT_WRITABLE, self.path))
            reason, name = self._problem if self._problem[0] else (_("the history cannot be written now"), None)
            self._notices.say(correction_not_saved(reason, name))
            return None
        try:
            correction = change(store)
        except sqlite3.Error as exc:
            if self._terminal:
                problem = HistoryProblem(ProblemKind.NOT_NOW, self.path, str(exc), error_name(exc),
                                         trouble=trouble_of(exc))  # fmt: skip
                raise HistoryError(problem) from None
            log.warning("history: a correction could not be saved (%s)", exc)
            self._notices.say(correction_not_saved(str(exc), error_name(exc)))
            return None
        if correction.changed:
            self.changed.emit(None)
        return correction

    # Reading ------------------------------------------------------------------------

    def reading(self, action: Callable[[HistoryStore], T], empty: T) -> T:
        """A read of the history (``empty`` when there is none). The terminal gets
        HistoryError (one line); the window gets ``empty``, the log the details
        and the person one notice."""
        store = self.store
        if store is None:  # before the history opens (the first frame): nothing to read, nothing loaded
            return empty
        import sqlite3

        try:
            return action(store)
        except sqlite3.Error as exc:
            from footdesk.history import HistoryError, HistoryProblem, ProblemKind, Trouble, trouble_of
            from footdesk.report import history_read_failed

            if self._terminal:
                problem = HistoryProblem(ProblemKind.UNREADABLE, self.path, str(exc), trouble=trouble_of(exc))
                raise HistoryError(problem) from None
            log.error("history: %s cannot be read (%s)", self.path, exc, exc_info=True)
            self._notices.say_once("history-read", history_read_failed(str(exc), trouble_of(exc) is Trouble.DAMAGED))
            return empty
