"""The back questionnaires in the history (schema 6's ``questionnaires``
table): written as ``footdesk.questionnaires`` scores them, read back each
row checked (a row holding what footdesk never writes is left out, as a step
run with an unknown outcome is), and carried when a history is brought back.
Facts only: ``report`` words them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date

from footdesk.questionnaires import Answered, answered, stored


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
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._db.execute(f"SELECT * FROM questionnaires{clause} ORDER BY taken_on, answered_at, id", params)
        return [record for row in rows if (record := row_record(row)) is not None]


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
    try:
        rows = db.execute("SELECT instrument, taken_on, answered_at, score, answers FROM questionnaires").fetchall()
    except sqlite3.DatabaseError:
        return (), False
    found = (stored(*tuple(row)) for row in rows)
    return tuple(record for record in found if record is not None), True
