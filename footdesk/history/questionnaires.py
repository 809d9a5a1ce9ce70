"""The back questionnaires in the history (schema 6's ``questionnaires``
table): written as ``footdesk.questionnaires`` scores them, read back each
row checked (a row holding what footdesk never writes is left out, as a step
run with an unknown outcome is), and carried when a history is brought back.
Facts only: ``report`` words them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date, datetime

from footdesk.questionnaires import Answered, answered, stored
from footdesk.records import iso


class QuestionnaireRows:
    """Mixed into ``HistoryStore``: its connection, its write transaction and its table check."""

    _db: sqlite3.Connection
    empty: bool
    _write: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _has: Callable[[str], bool]

    def add_questionnaire(self, record: Answered) -> int:
        """One questionnaire answered (or an Oswestry score given); its id.
        The score is computed again from the answers: a record whose score
        does not follow from them is refused (ValueError), nothing written."""
        checked = answered(record.instrument, record.taken_on, record.answered_at, rmdq=record.rmdq,
                           psfs=record.psfs, odi=record.score if record.rmdq is None and record.psfs is None
                           else None)  # fmt: skip
        if checked.score != record.score:
            raise ValueError("a score that does not follow from its answers")
        with self._write() as db:
            return _insert(db, checked)

    def questionnaires(self, first: date | None = None, last: date | None = None) -> list[Answered]:
        """The questionnaires answered on first..last (every one when None), oldest first."""
        if self.empty or not self._has("questionnaires"):
            return []
        where, params = [], []
        if first is not None:
            where.append("taken_on >= ?")
            params.append(first.isoformat())
        if last is not None:
            where.append("taken_on <= ?")
            params.append(last.isoformat())
        if self._has("deleted_questionnaires"):
            where.append("id NOT IN (SELECT questionnaire_id FROM deleted_questionnaires)")
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._db.execute(f"SELECT * FROM questionnaires{clause} ORDER BY taken_on, answered_at, id", params)
        return [record for row in rows if (record := row_record(row)) is not None]

    def delete_questionnaire(self, questionnaire_id: int, at: datetime) -> Answered | None:
        """Leave a score out of everything shown, its row kept as it is
        (``undelete_questionnaire`` brings it back); the score, or None when
        there is no such score shown."""
        shown = self._questionnaire(questionnaire_id)
        if shown is not None:
            with self._write() as db:
                db.execute("INSERT INTO deleted_questionnaires (questionnaire_id, at) VALUES (?, ?)",
                           (questionnaire_id, iso(at)))  # fmt: skip
        return shown

    def undelete_questionnaire(self, questionnaire_id: int) -> Answered | None:
        """A deleted score shown again; None when it was not deleted."""
        if not self.is_deleted_questionnaire(questionnaire_id):
            return None
        with self._write() as db:
            db.execute("DELETE FROM deleted_questionnaires WHERE questionnaire_id = ?", (questionnaire_id,))
        return self._questionnaire(questionnaire_id)

    def is_deleted_questionnaire(self, questionnaire_id: int) -> bool:
        if self.empty or not self._has("deleted_questionnaires"):
            return False
        marked = "SELECT 1 FROM deleted_questionnaires WHERE questionnaire_id = ?"
        return self._db.execute(marked, (questionnaire_id,)).fetchone() is not None

    def _questionnaire(self, questionnaire_id: int) -> Answered | None:
        return next((r for r in self.questionnaires() if r.id == questionnaire_id), None)


def row_record(row: sqlite3.Row) -> Answered | None:
    """A row as a record, or None when it holds what footdesk never writes."""
    record = stored(row["instrument"], row["taken_on"], row["answered_at"], row["score"], row["answers"])
    if record is None or type(row["id"]) is not int:
        return None
    return Answered(record.instrument, record.taken_on, record.answered_at, record.score, record.rmdq, record.psfs,
                    row["id"])  # fmt: skip


def _insert(db: sqlite3.Connection, record: Answered) -> int:
    cursor = db.execute(
        "INSERT INTO questionnaires (instrument, taken_on, answered_at, score, answers) VALUES (?, ?, ?, ?, ?)",
        (record.instrument.value, record.taken_on.isoformat(), record.answered_at, record.score,
         record.answers_text()),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def merge_questionnaires(db: sqlite3.Connection, records: Iterable[Answered]) -> int:
    """Those of a history brought back that are not here yet (the same
    instrument answered at the same instant); how many were added."""
    added = 0
    for record in records:
        exists = db.execute("SELECT 1 FROM questionnaires WHERE instrument = ? AND answered_at = ?",
                            (record.instrument.value, record.answered_at)).fetchone()  # fmt: skip
        if not exists:
            _insert(db, record)
            added += 1
    return added


def read_received(db: sqlite3.Connection) -> tuple[tuple[Answered, ...], bool]:
    """The questionnaires of a file to bring back, each row checked; False when the table could not be read whole."""
    query = "SELECT instrument, taken_on, answered_at, score, answers FROM questionnaires"
    try:
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'deleted_questionnaires'").fetchone():
            query += " WHERE id NOT IN (SELECT questionnaire_id FROM deleted_questionnaires)"  # deleted there
        rows = db.execute(query).fetchall()
    except sqlite3.DatabaseError:
        return (), False
    found = (stored(*tuple(row)) for row in rows)
    return tuple(record for record in found if record is not None), True
