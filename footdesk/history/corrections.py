"""Correcting the record (issue 29): a session's lower-back rating changed, a
part skipped or stopped marked done later. The session's rows take the new
values and what they held before is kept in the ``corrections`` table for good
(taken back: marked ``undone_at``, never removed), so nothing recorded is lost.
A deleted session is the ``deleted`` table's (``HistoryStore.delete_session``).
Facts only: ``report`` words them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum

from footdesk.records import Outcome, SessionRecord, SessionStatus, StepRun, iso, outcome_of


class CorrectionKind(Enum):
    DELETE = "delete"  # left out of everything shown (the ``deleted`` table)
    PAIN = "pain"  # the lower-back rating changed
    DONE = "done"  # a part skipped or stopped marked done later


@dataclass(frozen=True)
class Correction:
    """A correction of the record, as facts: the session as it reads now (a
    deleted one: as it read when it was deleted) and what was there before.
    ``log_id`` is its row in the ``corrections`` table (None for a delete, which
    ``undelete_session`` takes back, and for a rating set to what it was)."""

    kind: CorrectionKind
    session: SessionRecord
    log_id: int | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    step: str | None = None
    side: str | None = None
    outcome_before: Outcome | None = None
    actual_before: float | None = None
    status_before: SessionStatus | None = None

    @property
    def changed(self) -> bool:
        """Something changed (a rating set to the value it had changes nothing)."""
        return self.kind is CorrectionKind.DELETE or self.log_id is not None


class Refusal(Enum):
    NO_SESSION = "no-session"  # no session shown by that id (none, or deleted)
    UNDER_WAY = "under-way"  # still being recorded: corrected once it has ended
    NO_PART = "no-part"  # the session has no run of that part
    ALREADY_DONE = "already-done"
    NOT_MARKED = "not-marked"  # no marking of that part to take back
    NOT_DELETED = "not-deleted"  # no deleted session by that id to bring back


class CorrectionRefusedError(Exception):
    """A correction that cannot be made; nothing was changed."""

    def __init__(self, refusal: Refusal, session_id: int, step: str | None = None, side: str | None = None) -> None:
        super().__init__(f"{refusal.value}: session {session_id}" + (f", {step}:{side}" if step else ""))
        self.refusal = refusal
        self.session_id = session_id
        self.step = step
        self.side = side


class Corrections:
    """The corrections ``HistoryStore`` makes, on its connection."""

    _db: sqlite3.Connection
    empty: bool

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _sessions(self, only: set[int] | None, first: date | None = None, last: date | None = None,
                  deleted: bool = False) -> list[SessionRecord]:  # fmt: skip
        raise NotImplementedError

    def _shown_session(self, session_id: int) -> SessionRecord | None:
        raise NotImplementedError

    def _has(self, table: str) -> bool:
        raise NotImplementedError

    def _step_run_of(self, row: sqlite3.Row) -> StepRun | None:
        raise NotImplementedError

    def _correctable(self, session_id: int) -> SessionRecord:
        session = self._shown_session(session_id)
        if session is None:
            raise CorrectionRefusedError(Refusal.NO_SESSION, session_id)
        ended = self._db.execute("SELECT ended_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if ended is None or ended[0] is None:
            raise CorrectionRefusedError(Refusal.UNDER_WAY, session_id)
        return session

    def rate_session(self, session_id: int, pain: int | None, at: datetime) -> Correction:
        """The session's lower-back rating is ``pain`` (0 to 10, or None: no
        rating) from now on; the one before is kept (``undo_correction``).
        CorrectionRefusedError for a session not shown or still under way."""
        if pain is not None and not 0 <= pain <= 10:
            raise ValueError(f"pain is 0 to 10, not {pain}")
        session = self._correctable(session_id)
        if session.pain == pain:
            return Correction(CorrectionKind.PAIN, session, None, pain_before=pain, pain_after=pain)
        with self._write() as db:
            db.execute("UPDATE sessions SET pain = ? WHERE id = ?", (pain, session_id))
            cursor = db.execute(
                "INSERT INTO corrections (session_id, kind, pain_before, pain_after, at) VALUES (?, 'pain', ?, ?, ?)",
                (session_id, session.pain, pain, iso(at)),
            )
        return Correction(CorrectionKind.PAIN, self._correctable(session_id), cursor.lastrowid,
                          pain_before=session.pain, pain_after=pain)  # fmt: skip

    def mark_done(
        self, session_id: int, step: str, side: str | None, at: datetime, completes: Callable[[SessionRecord], bool]
    ) -> Correction:
        """The last run of a part (``step``, ``side``) that was skipped or stopped
        counts as completed after all, with the whole of its planned time; the
        session counts as completed when ``completes`` says every part of it is
        then. What the run and the session held is kept (``undo_correction``).
        CorrectionRefusedError: no such session or part, still under way, already done."""
        session = self._correctable(session_id)
        row = self._db.execute(
            "SELECT * FROM step_runs WHERE session_id = ? AND step = ? AND side IS ? ORDER BY id DESC LIMIT 1",
            (session_id, step, side),
        ).fetchone()
        run = self._step_run_of(row) if row is not None else None
        if row is None or run is None:
            raise CorrectionRefusedError(Refusal.NO_PART, session_id, step, side)
        if run.completed:
            raise CorrectionRefusedError(Refusal.ALREADY_DONE, session_id, step, side)
        actual = max(run.actual_s, float(run.planned_s)) if run.planned_s is not None else run.actual_s
        marked = replace(run, outcome=Outcome.COMPLETED, actual_s=actual)
        steps = list(session.steps)
        last = max(at for at, each in enumerate(steps) if (each.step, each.side) == (step, side))
        steps[last] = marked
        done = session.completed or completes(replace(session, steps=tuple(steps)))
        status = SessionStatus.COMPLETED if done else session.status
        with self._write() as db:
            db.execute("UPDATE step_runs SET outcome = ?, actual_s = ? WHERE id = ?",
                       (Outcome.COMPLETED.value, actual, row["id"]))  # fmt: skip
            db.execute("UPDATE sessions SET status = ? WHERE id = ?", (status.value, session_id))
            cursor = db.execute(
                "INSERT INTO corrections (session_id, kind, step_run_id, outcome_before, actual_before, actual_after,"
                " status_before, status_after, at) VALUES (?, 'done', ?, ?, ?, ?, ?, ?, ?)",
                (session_id, row["id"], run.outcome.value, run.actual_s, actual, session.status.value, status.value,
                 iso(at)),
            )  # fmt: skip
        return Correction(CorrectionKind.DONE, self._correctable(session_id), cursor.lastrowid, step=step, side=side,
                          outcome_before=run.outcome, actual_before=run.actual_s,
                          status_before=session.status)  # fmt: skip

    def unmark_done(self, session_id: int, step: str, side: str | None, at: datetime) -> Correction:
        """Take back the last marking done of that part: the run and the session
        read as they were recorded again. CorrectionRefusedError when there is none."""
        self._correctable(session_id)
        row = None
        if self._has("corrections"):
            row = self._db.execute(
                "SELECT corrections.id FROM corrections JOIN step_runs ON step_runs.id = corrections.step_run_id"
                " WHERE corrections.session_id = ? AND kind = 'done' AND undone_at IS NULL AND step_runs.step = ?"
                " AND step_runs.side IS ? ORDER BY corrections.id DESC LIMIT 1",
                (session_id, step, side),
            ).fetchone()
        if row is None:
            raise CorrectionRefusedError(Refusal.NOT_MARKED, session_id, step, side)
        return self.undo_correction(row[0], at)

    def undo_correction(self, log_id: int, at: datetime) -> Correction:
        """A correction taken back: what it changed reads as it did before it (its
        row stays in the log, marked undone). The correction as it was, with the
        session as it reads now. CorrectionRefusedError when it is taken back already."""
        row = None
        if self._has("corrections"):
            row = self._db.execute("SELECT * FROM corrections WHERE id = ? AND undone_at IS NULL",
                                   (log_id,)).fetchone()  # fmt: skip
        if row is None:
            raise CorrectionRefusedError(Refusal.NOT_MARKED, 0)
        session_id = row["session_id"]
        step = side = None
        with self._write() as db:
            if row["kind"] == "pain":
                db.execute("UPDATE sessions SET pain = ? WHERE id = ?", (row["pain_before"], session_id))
            else:
                run = db.execute("SELECT step, side FROM step_runs WHERE id = ?", (row["step_run_id"],)).fetchone()
                step, side = (run[0], run[1]) if run is not None else (None, None)
                db.execute("UPDATE step_runs SET outcome = ?, actual_s = ? WHERE id = ?",
                           (row["outcome_before"], row["actual_before"], row["step_run_id"]))  # fmt: skip
                db.execute("UPDATE sessions SET status = ? WHERE id = ?", (row["status_before"], session_id))
            db.execute("UPDATE corrections SET undone_at = ? WHERE id = ?", (iso(at), log_id))
        session = self._shown_session(session_id) or next(iter(self._sessions({session_id}, deleted=True)))
        if row["kind"] == "pain":
            return Correction(CorrectionKind.PAIN, session, log_id, pain_before=row["pain_before"],
                              pain_after=row["pain_after"])  # fmt: skip
        return Correction(CorrectionKind.DONE, session, log_id, step=step, side=side,
                          outcome_before=outcome_of(row["outcome_before"]), actual_before=row["actual_before"],
                          status_before=SessionStatus(row["status_before"]))  # fmt: skip

    def corrections(self) -> list[tuple[Correction, str, str | None]]:
        """Every correction made (taken back ones too), oldest first, with when it
        was made and when it was taken back: what was recorded before each, kept."""
        if self.empty or not self._has("corrections"):
            return []
        rows = self._db.execute(
            "SELECT corrections.*, step_runs.step AS run_step, step_runs.side AS run_side FROM corrections"
            " LEFT JOIN step_runs ON step_runs.id = corrections.step_run_id ORDER BY corrections.id"
        ).fetchall()
        sessions = {s.id: s for s in self._sessions({row["session_id"] for row in rows})}
        sessions.update((s.id, s) for s in self._sessions({row["session_id"] for row in rows}, deleted=True))
        listed = []
        for row in rows:
            session = sessions.get(row["session_id"])
            if session is None:
                continue
            if row["kind"] == "pain":
                correction = Correction(CorrectionKind.PAIN, session, row["id"], pain_before=row["pain_before"],
                                        pain_after=row["pain_after"])  # fmt: skip
            else:
                correction = Correction(CorrectionKind.DONE, session, row["id"], step=row["run_step"],
                                        side=row["run_side"], outcome_before=outcome_of(row["outcome_before"]),
                                        actual_before=row["actual_before"],
                                        status_before=SessionStatus(row["status_before"]))  # fmt: skip
            listed.append((correction, row["at"], row["undone_at"]))
        return listed
