"""The back questionnaires as the person answers them: the offer on the home
screen (``questionnaires.is_due``: every few weeks after a session, never
during one, "Not now" for the rest of the day), a Roland-Morris answered one
statement at a time, a PSFS with the activities of last time offered again,
an Oswestry score given elsewhere; each saved in the history once complete,
never half-done.

Qt-free: the window, the terminal and the tests drive it alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from footdesk.i18n import _
from footdesk.model.plumbing import Notices, Observers
from footdesk.questionnaires import (
    RMDQ_COUNT,
    Activity,
    Answered,
    Instrument,
    Score,
    answered,
    is_due,
    last_activities,
    scores,
    taken_on_problem,
)
from footdesk.records import iso

if TYPE_CHECKING:
    from footdesk.history import HistoryStore
    from footdesk.model.keeper import HistoryKeeper

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RmdqRun:
    """A Roland-Morris under way: the answers so far (the statement shown is the next one)."""

    answers: tuple[bool, ...] = ()

    @property
    def index(self) -> int:
        """The statement shown, 0-based."""
        return len(self.answers)

    @property
    def complete(self) -> bool:
        return len(self.answers) == RMDQ_COUNT


class PutOff:
    """The day of the last "Not now" (kept in memory unless told where to keep it)."""

    def __init__(self, read: Callable[[], str | None] = lambda: None,
                 write: Callable[[str], None] = lambda _day: None) -> None:  # fmt: skip
        self._read, self._write = read, write
        self._day: date | None = None

    def on(self) -> date | None:
        kept = self._read()
        return self._day or (date.fromisoformat(kept) if kept else None)

    def remember(self, day: date) -> None:
        self._day = day
        self._write(day.isoformat())


class Questionnaires:
    def __init__(self, keeper: HistoryKeeper, today: Callable[[], date], wall_now: Callable[[], datetime],
                 interval_weeks: Callable[[], int], session_active: Callable[[], bool],
                 notices: Notices, put_off: PutOff | None = None) -> None:  # fmt: skip
        """``put_off``: where "Not now" is kept, so that a restart that day does not ask again."""
        self._keeper = keeper
        self._today = today
        self._wall_now = wall_now
        self._interval_weeks = interval_weeks
        self._session_active = session_active
        self._notices = notices
        self._put_off = put_off or PutOff()
        self.rmdq: RmdqRun | None = None
        """The Roland-Morris being answered (None: none)."""
        self.changed: Observers[None] = Observers()
        """The offer, the run under way or the saved questionnaires changed."""

    # The offer ------------------------------------------------------------------

    def due(self) -> bool:
        """The home screen offers the questionnaires now (``questionnaires.is_due``)."""

        if self._session_active() or self._interval_weeks() <= 0:
            return False  # (``is_due`` says so too) without reading the history on every tick of a session

        def ask(store: HistoryStore) -> bool:
            taken = [r.taken_on for r in store.questionnaires() if r.instrument is not Instrument.ODI]
            return is_due(self._today(), self._interval_weeks(), max(taken, default=None), store.first_day(),
                          self._put_off.on(), self._session_active())  # fmt: skip

        return self._keeper.reading(ask, False)

    def weeks_since_last(self) -> int | None:
        """Whole weeks since the last Roland-Morris or PSFS (None: never answered)."""
        taken = [r.taken_on for r in self.history() if r.instrument is not Instrument.ODI]
        return (self._today() - max(taken)).days // 7 if taken else None

    def not_now(self) -> None:
        """ "Not now": the offer stays away for the rest of today."""
        self._put_off.remember(self._today())
        self.changed.emit(None)

    # Answering --------------------------------------------------------------------

    def begin_rmdq(self) -> RmdqRun | None:
        """A Roland-Morris from its first statement (never during a session)."""
        if self._session_active():
            return None
        self.rmdq = RmdqRun()
        self.changed.emit(None)
        return self.rmdq

    def answer(self, yes: bool) -> Answered | None:
        """The statement shown answered; the last one saves the whole
        questionnaire (returned; None while statements remain, or when it
        could not be saved: the answers stay, to try again)."""
        run = self.rmdq
        if run is None:
            return None
        if not run.complete:
            run = self.rmdq = RmdqRun((*run.answers, yes))
        saved = self._save(Instrument.RMDQ, rmdq=run.answers) if run.complete else None
        if saved is not None:
            self.rmdq = None
        self.changed.emit(None)
        return saved

    def back(self) -> None:
        """The statement before (its answer taken back)."""
        if self.rmdq is not None and self.rmdq.answers:
            self.rmdq = RmdqRun(self.rmdq.answers[:-1])
            self.changed.emit(None)

    def leave(self) -> None:
        """Stop answering: nothing of a half-answered Roland-Morris is kept."""
        if self.rmdq is not None:
            self.rmdq = None
            self.changed.emit(None)

    def activities(self) -> tuple[str, ...]:
        """The activities of the last PSFS: offered again, to change or keep."""
        return last_activities(self.history())

    def save_psfs(self, rated: Sequence[Activity]) -> Answered | None:
        """A PSFS (one to three activities, each 0-10), saved; ValueError when it is not one."""
        return self._save(Instrument.PSFS, psfs=tuple(rated))

    def record_odi(self, score: float, taken_on: date) -> Answered | None:
        """An Oswestry score the person got elsewhere (0-100 %), with its date;
        ValueError when the date is one ``questionnaires.taken_on_problem`` refuses."""
        problem = taken_on_problem(taken_on, self._today())
        if problem is not None:
            raise ValueError(problem)
        return self._save(Instrument.ODI, odi=score, taken_on=taken_on)

    def delete(self, questionnaire_id: int) -> Answered | None:
        """Leave a score out of the chart, the report and the exports, its row
        kept (``undelete`` brings it back): a wrong score can be taken back.
        None when there is no such score, or the history cannot be written
        (a notice says why)."""
        when = self._wall_now()
        return self._change(lambda store: store.delete_questionnaire(questionnaire_id, when), "deleted")

    def undelete(self, questionnaire_id: int) -> Answered | None:
        """A deleted score shown again; None when it was not deleted (or the history cannot be written)."""
        return self._change(lambda store: store.undelete_questionnaire(questionnaire_id), "brought back")

    def deleted(self, questionnaire_id: int) -> bool:
        """Whether ``questionnaire_id`` is a score deleted before (to say so rather than "no such score")."""
        return self._keeper.reading(lambda store: store.is_deleted_questionnaire(questionnaire_id), False)

    def _change(self, action: Callable[[HistoryStore], Answered | None], done: str) -> Answered | None:
        """``done``: what is not done if it fails, as ``report.questionnaire_not_saved`` says it."""
        import sqlite3

        from footdesk.history import error_name
        from footdesk.report import questionnaire_not_saved

        store = self._keeper.store
        if store is None or not store.writable:
            self._notices.say(questionnaire_not_saved(_("the history cannot be written now"), None, done))
            return None
        try:
            changed = action(store)
        except sqlite3.Error as exc:
            log.warning("history: a questionnaire could not be changed (%s)", exc)
            self._notices.say(questionnaire_not_saved(str(exc), error_name(exc), done))
            return None
        if changed is not None:
            self.changed.emit(None)
        return changed

    def _save(self, instrument: Instrument, taken_on: date | None = None, **answers: object) -> Answered | None:
        import sqlite3

        from footdesk.history import error_name
        from footdesk.report import questionnaire_not_saved

        record = answered(instrument, taken_on or self._today(), iso(self._wall_now()), **answers)  # type: ignore[arg-type]
        store = self._keeper.store
        if store is None or not store.writable:
            self._notices.say(questionnaire_not_saved(_("the history cannot be written now"), None))
            return None
        try:
            row = store.add_questionnaire(record)
        except sqlite3.Error as exc:
            log.warning("history: a questionnaire could not be saved (%s)", exc)
            self._notices.say(questionnaire_not_saved(str(exc), error_name(exc)))
            return None
        self.changed.emit(None)
        return Answered(record.instrument, record.taken_on, record.answered_at, record.score, record.rmdq,
                        record.psfs, row)  # fmt: skip

    # Exports ----------------------------------------------------------------------

    def export(self, path: Path) -> int:
        """Every questionnaire to a file of its own: JSON for FILE.json, CSV
        otherwise (``report.questionnaires_csv``, formula-safe cells); how many.
        ExportError (nothing written) when the file cannot be written."""
        from footdesk.files import atomic_write_text, check_export_target
        from footdesk.model.review import ExportError
        from footdesk.report import questionnaires_csv, questionnaires_json

        records = self.history()
        text = questionnaires_json(records) if path.suffix.lower() == ".json" else questionnaires_csv(records)
        try:
            check_export_target(path, force=True)  # whoever asked for the path has agreed to replace it
            atomic_write_text(path, text, follow_symlinks=False)
        except OSError as exc:
            # TRANSLATORS: {reason} is the system's message, in English
            raise ExportError(
                _("cannot write {path} ({reason}); nothing was written").format(path=path, reason=exc.strerror or exc)
            ) from None
        return len(records)

    # Reading ----------------------------------------------------------------------

    def history(self, first: date | None = None, last: date | None = None) -> list[Answered]:
        """The questionnaires answered on first..last (all when None), oldest first."""
        return self._keeper.reading(lambda store: store.questionnaires(first, last), [])

    def scores(self, first: date | None = None, last: date | None = None) -> tuple[Score, ...]:
        """Every score with its change since the first of its kind (the first ever,
        not the first in the range): what the review's chart and the physio's report show."""
        every = scores(self.history())
        return tuple(
            s for s in every if (first is None or s.taken_on >= first) and (last is None or s.taken_on <= last)
        )


def beside(path: Path) -> Path:
    """Where the questionnaires go when the sessions are exported to ``path``: a file of their own beside it."""
    return path.with_name(f"{path.stem}-questionnaires{path.suffix or '.csv'}")
