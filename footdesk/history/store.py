"""The history's store: one SQLite file that keeps every step the person did.

Each step run is written in its own transaction the moment it ends, so a
crash, a kill or a power cut keeps everything done so far; the part under way
is saved too (every ``CHECKPOINT_S`` seconds of its clock, and when it is
paused), so a crash loses at most those seconds of it. Instants are stored as
ISO 8601 with the UTC offset in force at that instant (millisecond precision),
and every session keeps the local calendar date it was done on: weeks group by
the person's own days, even after travel or a clock change.

Opening never gives up on the person's file lightly, and says what it found
as facts (``OpenedHistory.problem``), never as a sentence: a damaged file is
moved aside beside itself (never deleted) and a fresh one started; a full
disk, a read-only folder, an I/O error or another program holding the file
mean the history cannot be written *now*: the file is kept as it is, shown
read-only where it can be read, and tried again later. A file from a newer
footdesk, or a database that is not a footdesk history, is left alone.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from footdesk.history.corrections import Corrections
from footdesk.history.migrations import SCHEMA_VERSION, _check_tables, _has_tables, _migrate
from footdesk.history.questionnaires import QuestionnaireRows, merge_questionnaires
from footdesk.history.salvage import HistoryContents
from footdesk.history.set_aside import move_aside
from footdesk.history.troubles import (
    BUSY_TIMEOUT_S,
    HistoryError,
    HistoryProblem,
    ProblemKind,
    Trouble,
    _ForeignError,
    _NewerError,
    _problem,
    _ProblemError,
    _refuse_special,
    error_name,
)
from footdesk.i18n import _
from footdesk.records import (
    CheckIn,
    Effort,
    Outcome,
    SessionRecord,
    SessionStatus,
    StepRun,
    effort_of,
    in_run_order,
    instant_of,
    iso,
    note_of,
    oldest_first,
    outcome_of,
    pain_value,
    plan_phase_of,
    plan_week_of,
)

log = logging.getLogger(__name__)


class Access(Enum):
    WRITABLE = "writable"
    READ_ONLY = "read-only"  # shown as it is; writes are kept for later
    NONE = "none"  # nothing can be shown


@dataclass(frozen=True)
class OpenedHistory:
    store: HistoryStore | None
    access: Access = Access.WRITABLE
    retry: bool = False
    """Writing may work later (a full disk, a read-only folder, a lock): try again."""
    problem: HistoryProblem | None = None
    """What the person should know (a damaged file moved aside, history off),
    as facts; ``report.history_problem_text`` says it."""

    @property
    def moved_to(self) -> Path | None:
        """Where a damaged file was moved just now."""
        return self.problem.moved_to if self.problem is not None else None


@dataclass(frozen=True)
class MergeResult:
    added: int
    already: int
    """Sessions that were in the history already (merged before, or never lost)."""


class HistoryStore(Corrections, QuestionnaireRows):
    """One SQLite file. Safe to use from two processes at once (WAL, a busy
    timeout, and writes that take the lock up front)."""

    def __init__(self, path: Path, connection: sqlite3.Connection, writable: bool = True) -> None:
        self.path = path
        self._db = connection
        self.writable = writable
        self.empty = not _has_tables(connection)
        """An empty database (a new file that could not be started yet): nothing to show."""

    @classmethod
    def open(
        cls, path: Path, now: Callable[[], datetime] = datetime.now, busy_timeout_s: float = BUSY_TIMEOUT_S
    ) -> OpenedHistory:
        """Open (or create) the history for the app. Never raises for the file's
        sake: a damaged file is moved aside and replaced; a file that cannot be
        written now is kept and opened read-only where it can be read; an
        unusable folder means no history, with the problem saying why."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            problem = HistoryProblem(ProblemKind.UNUSABLE, path, exc.strerror or str(exc), writing=True)
            return OpenedHistory(None, Access.NONE, retry=True, problem=problem)
        try:
            return OpenedHistory(cls._open_checked(path, busy_timeout_s))
        except _NewerError as newer:
            problem = HistoryProblem(ProblemKind.NEWER, path, str(newer), version=newer.version, writing=True)
            return OpenedHistory(None, Access.NONE, problem=problem)
        except _ForeignError as foreign:
            return OpenedHistory(None, Access.NONE, problem=HistoryProblem(ProblemKind.FOREIGN, path, str(foreign),
                                                                           writing=True))  # fmt: skip
        except _ProblemError as problem:
            if problem.trouble is Trouble.DAMAGED:
                return cls._replace_damaged(path, problem.reason, now(), busy_timeout_s)
            if problem.trouble is Trouble.FAULT:
                log.error("%s: cannot be used", path, exc_info=problem.error)
            return cls._open_as_it_is(path, problem)

    @classmethod
    def _replace_damaged(cls, path: Path, damage: str, now: datetime, busy_timeout_s: float) -> OpenedHistory:
        moved = move_aside(path, now)
        if moved is None:
            problem = HistoryProblem(ProblemKind.DAMAGED_KEPT, path, damage, writing=True)
            return OpenedHistory(None, Access.NONE, retry=True, problem=problem)
        try:
            store = cls._open_checked(path, busy_timeout_s)
        except (_ProblemError, _NewerError, _ForeignError) as exc:
            problem = HistoryProblem(ProblemKind.UNUSABLE, path, str(exc), moved_to=moved, writing=True)
            return OpenedHistory(None, Access.NONE, retry=True, problem=problem)
        return OpenedHistory(store, problem=HistoryProblem(ProblemKind.MOVED_ASIDE, path, damage, moved_to=moved,
                                                           writing=True))  # fmt: skip

    @classmethod
    def _open_as_it_is(cls, path: Path, problem: _ProblemError) -> OpenedHistory:
        """It cannot be written now: show what it holds, change nothing."""
        name = error_name(problem.error) if problem.error else None
        if name is not None and name.startswith("SQLITE_CANTOPEN") and _read_only_folder(path.parent):
            name = "SQLITE_READONLY_DIRECTORY"  # what SQLite could not open is the -shm its folder cannot hold
        try:
            store = cls._open_read_only(path) if path.exists() else None
        except (_ProblemError, _NewerError, _ForeignError, HistoryError):
            store = None
        if store is None:
            said = HistoryProblem(ProblemKind.NOT_NOW, path, problem.reason, name, writing=True)
            return OpenedHistory(None, Access.NONE, retry=True, problem=said)
        said = HistoryProblem(ProblemKind.READ_ONLY, path, problem.reason, name, writing=True)
        return OpenedHistory(store, Access.READ_ONLY, retry=True, problem=said)

    @classmethod
    def open_for_reading(cls, path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> HistoryStore | None:
        """For the terminal commands: never creates, moves or migrates anything.
        None when there is no history file; HistoryError when it cannot be read
        (its problem says why)."""
        if not path.exists():
            return None
        try:
            return cls._open_read_only(path, busy_timeout_s)
        except _NewerError as newer:
            raise HistoryError(HistoryProblem(ProblemKind.NEWER, path, str(newer), version=newer.version)) from None
        except _ForeignError as foreign:
            raise HistoryError(HistoryProblem(ProblemKind.FOREIGN, path, str(foreign))) from None
        except _ProblemError as problem:
            raise HistoryError(HistoryProblem(ProblemKind.UNREADABLE, path, problem.reason,
                                              trouble=problem.trouble)) from None  # fmt: skip

    @classmethod
    def _open_read_only(cls, path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> HistoryStore:
        """Read-only; in a read-only folder, where a WAL file cannot get its
        shared-memory file, as an immutable file (what is shown is the file as
        it was last closed)."""
        _refuse_special(path)
        first: _ProblemError | None = None
        for options in ("mode=ro", "mode=ro&immutable=1"):
            try:
                connection = sqlite3.connect(f"{path.absolute().as_uri()}?{options}", uri=True,
                                             timeout=busy_timeout_s)  # fmt: skip
            except sqlite3.Error as exc:
                first = first or _problem(exc)
                continue
            try:
                connection.row_factory = sqlite3.Row
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise _NewerError(version)
                _check_tables(connection, version)
                if _has_tables(connection):
                    connection.execute("SELECT count(*) FROM sessions").fetchone()
            except sqlite3.Error as exc:
                connection.close()
                problem = _problem(exc)
                if problem.trouble is not Trouble.NOT_NOW:
                    raise problem from None
                first = first or problem
                continue
            except BaseException:
                connection.close()
                raise
            return cls(path, connection, writable=False)
        assert first is not None
        raise first

    @classmethod
    def _open_checked(cls, path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> HistoryStore:
        """Open for writing, check, migrate. Raises _ProblemError (sorted by trouble),
        _NewerError or _ForeignError; the file is never modified before it has passed."""
        _refuse_special(path)
        try:
            connection = sqlite3.connect(path, timeout=busy_timeout_s, isolation_level=None)
        except sqlite3.Error as exc:
            raise _problem(exc) from None
        try:
            connection.row_factory = sqlite3.Row
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _NewerError(version)
            rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
            if rows != ["ok"]:
                raise _ProblemError(Trouble.DAMAGED, rows[0] if rows else _("its check found nothing"))
            if not _has_tables(connection):
                version = 0  # an empty database (a new file, or one left empty): start it
            _check_tables(connection, version)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA foreign_keys = ON")
            _migrate(connection, version)
        except sqlite3.Error as exc:
            connection.close()
            raise _problem(exc) from None
        except BaseException:
            connection.close()
            raise
        return cls(path, connection)

    def close(self) -> None:
        self._db.close()

    def set_busy_timeout(self, seconds: float) -> None:
        self._db.execute(f"PRAGMA busy_timeout = {max(0, round(seconds * 1000))}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            if self._db.in_transaction:  # SQLite rolls back by itself after some errors (a full disk)
                try:
                    self._db.execute("ROLLBACK")
                except sqlite3.Error:
                    log.debug("rollback failed", exc_info=True)
            raise
        try:
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                try:
                    self._db.execute("ROLLBACK")
                except sqlite3.Error:
                    log.debug("rollback failed", exc_info=True)
            raise

    # Writing ---------------------------------------------------------------

    def begin_session(self, routine: str, started_at: datetime, plan_phase: str | None = None,
                      plan_week: int | None = None) -> int:  # fmt: skip
        """A session's row, with the plan's phase and week it runs in (when its routine has a plan)."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (routine, started_at, local_date, status, plan_phase, plan_week)"
                " VALUES (?, ?, ?, 'partial', ?, ?)",
                (routine, iso(started_at), started_at.astimezone().date().isoformat(), plan_phase_of(plan_phase),
                 plan_week_of(plan_week)),
            )  # fmt: skip
            return int(cursor.lastrowid or 0)

    def set_check_in(self, session_id: int, step: str, effort: Effort | None, pain: int | None) -> None:
        """How an exercise went (the check-in after it); a later answer replaces
        the one before, and nothing answered removes it."""
        if pain is not None and pain_value(pain) is None:
            raise ValueError(f"pain is 0 to 10, not {pain}")
        with self._write() as db:
            db.execute("DELETE FROM check_ins WHERE session_id = ? AND step = ?", (session_id, step))
            _insert_check_in(db, session_id, CheckIn(step, effort, pain))

    def set_note(self, session_id: int, note: str | None) -> None:
        """The person's note about a session: one line, control characters made
        spaces, capped (``records.note_of``); blank removes it."""
        with self._write() as db:
            db.execute("UPDATE sessions SET note = ? WHERE id = ?", (note_of(note), session_id))

    def add_step_run(self, session_id: int, run: StepRun) -> None:
        """A part that ended; the save of it under way, if any, goes in the same transaction."""
        with self._write() as db:
            db.execute(
                "INSERT INTO step_runs (session_id, step, side, planned_s, actual_s, outcome, started_at, ended_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, run.step, run.side, run.planned_s, run.actual_s, run.outcome, run.started_at,
                 run.ended_at),
            )  # fmt: skip
            db.execute("DELETE FROM part_under_way WHERE session_id = ?", (session_id,))

    def save_part_under_way(self, session_id: int, run: StepRun) -> None:
        """The part whose clock runs (or is paused) as far as it has got: what a
        crash leaves of it. ``run.ended_at`` is when it was saved."""
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO part_under_way (session_id, step, side, planned_s, actual_s, started_at,"
                " saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session_id, run.step, run.side, run.planned_s, run.actual_s, run.started_at, run.ended_at),
            )  # fmt: skip

    def end_session(self, session_id: int, ended_at: datetime, completed: bool) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET ended_at = ?, status = ? WHERE id = ?",
                (iso(ended_at), "completed" if completed else "partial", session_id),
            )
            db.execute("DELETE FROM part_under_way WHERE session_id = ?", (session_id,))

    def reopen_session(self, session_id: int) -> None:
        """Carry on an interrupted session (resume): it is under way again."""
        with self._write() as db:
            db.execute("UPDATE sessions SET ended_at = NULL, status = 'partial' WHERE id = ?", (session_id,))
            db.execute("DELETE FROM interrupted WHERE session_id = ?", (session_id,))

    def set_pain(self, session_id: int, pain: int | None) -> None:
        if pain is not None and not 0 <= pain <= 10:
            raise ValueError(f"pain is 0 to 10, not {pain}")
        with self._write() as db:
            db.execute("UPDATE sessions SET pain = ? WHERE id = ?", (pain, session_id))

    def delete_session(self, session_id: int, at: datetime) -> SessionRecord | None:
        """Leave a session out of everything shown, its rows kept as they are
        (``undelete_session`` brings it back); the session, or None when there is
        no such session shown."""
        session = self._shown_session(session_id)
        if session is not None:
            with self._write() as db:
                db.execute("INSERT INTO deleted (session_id, at) VALUES (?, ?)", (session_id, iso(at)))
        return session

    def undelete_session(self, session_id: int) -> SessionRecord | None:
        """A deleted session shown again; None when it was not deleted."""
        if (
            not self._has("deleted")
            or not self._db.execute("SELECT 1 FROM deleted WHERE session_id = ?", (session_id,)).fetchone()
        ):
            return None
        with self._write() as db:
            db.execute("DELETE FROM deleted WHERE session_id = ?", (session_id,))
        return self._shown_session(session_id)

    def deleted_sessions(self) -> list[tuple[SessionRecord, str]]:
        """The deleted sessions with when each was deleted, oldest first."""
        if self.empty or not self._has("deleted"):
            return []
        marks = dict(self._db.execute("SELECT session_id, at FROM deleted").fetchall())
        return [(session, marks[session.id]) for session in self._sessions(set(marks), deleted=True)]

    def _shown_session(self, session_id: int) -> SessionRecord | None:
        return next(iter(self._sessions({session_id})), None)

    def _step_run_of(self, row: sqlite3.Row) -> StepRun | None:
        return _step_run(row)

    def set_rest_day(self, day: date, rest: bool) -> None:
        with self._write() as db:
            if rest:
                db.execute("INSERT OR IGNORE INTO rest_days (local_date) VALUES (?)", (day.isoformat(),))
            else:
                db.execute("DELETE FROM rest_days WHERE local_date = ?", (day.isoformat(),))

    def close_interrupted(self, keep: Iterable[int] = ()) -> list[int]:
        """Sessions left under way by a crash, a kill or a power cut (not those in
        ``keep``: this process's own): each is closed as partial at the last
        moment it was saved, its part under way becoming a stopped step run
        with the seconds it had, and marked interrupted (so it can be resumed).
        Returns their ids."""
        keep = set(keep)
        rows = self._db.execute(
            "SELECT id, started_at FROM sessions WHERE ended_at IS NULL"
            " OR id IN (SELECT session_id FROM part_under_way) ORDER BY id"
        ).fetchall()
        closed = []
        for row in rows:
            if row["id"] in keep:
                continue
            with self._write() as db:
                part = db.execute("SELECT * FROM part_under_way WHERE session_id = ?", (row["id"],)).fetchone()
                if part is not None:
                    run = _part_run(part)  # what the terminal already showed of it
                    db.execute(
                        "INSERT INTO step_runs (session_id, step, side, planned_s, actual_s, outcome, started_at,"
                        " ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (row["id"], run.step, run.side, run.planned_s, run.actual_s, run.outcome, run.started_at,
                         run.ended_at),
                    )  # fmt: skip
                    db.execute("DELETE FROM part_under_way WHERE session_id = ?", (row["id"],))
                ends = [end for (end,) in db.execute("SELECT ended_at FROM step_runs WHERE session_id = ?",
                                                     (row["id"],))]  # fmt: skip
                last = max(ends, key=instant_of, default=None)  # by the instant: the text's offset may differ
                db.execute(
                    "UPDATE sessions SET ended_at = ?, status = 'partial' WHERE id = ?",
                    (last or row["started_at"], row["id"]),
                )
                db.execute("INSERT OR IGNORE INTO interrupted (session_id) VALUES (?)", (row["id"],))
            closed.append(row["id"])
        return closed

    # Set-aside files ---------------------------------------------------------

    def settled_set_aside(self) -> set[str]:
        """Names of moved-aside files the person already brought back or chose to leave."""
        if not self._has("set_aside"):
            return set()
        return {row[0] for row in self._db.execute("SELECT name FROM set_aside")}

    def settle_set_aside(self, name: str, outcome: str, at: datetime) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO set_aside (name, outcome, at) VALUES (?, ?, ?)",
                       (name, outcome, iso(at)))  # fmt: skip

    def merge(self, contents: HistoryContents) -> MergeResult:
        """Bring the sessions (and rest days) of another history file into this
        one, in one transaction; a session already here (same routine, same
        start) is not added twice, so merging again changes nothing."""
        added = already = 0
        with self._write() as db:
            for session in contents.sessions:
                exists = db.execute(
                    "SELECT 1 FROM sessions WHERE routine = ? AND started_at = ?", (session.routine, session.started_at)
                ).fetchone()
                if exists:
                    already += 1
                    continue
                # one a kill left open ends at its last step, as close_interrupted ends it
                ended_at = session.ended_at or max((run.ended_at for run in session.steps), key=instant_of,
                                                   default=session.started_at)  # fmt: skip
                cursor = db.execute(
                    "INSERT INTO sessions (routine, started_at, ended_at, local_date, status, pain, note, plan_phase,"
                    " plan_week) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (session.routine, session.started_at, ended_at, session.local_date.isoformat(),
                     session.status.value, session.pain, note_of(session.note), plan_phase_of(session.plan_phase),
                     plan_week_of(session.plan_week)),
                )  # fmt: skip
                for check_in in session.check_ins:
                    _insert_check_in(db, cursor.lastrowid, check_in)
                for run in session.steps:
                    db.execute(
                        "INSERT INTO step_runs (session_id, step, side, planned_s, actual_s, outcome, started_at,"
                        " ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (cursor.lastrowid, run.step, run.side, run.planned_s, run.actual_s, run.outcome,
                         run.started_at, run.ended_at),
                    )  # fmt: skip
                added += 1
            for day in contents.rest_days:
                db.execute("INSERT OR IGNORE INTO rest_days (local_date) VALUES (?)", (day.isoformat(),))
            merge_questionnaires(db, contents.questionnaires)
        return MergeResult(added, already)

    def has_session(self, routine: str, started_at: str) -> bool:
        return bool(self._db.execute(
            "SELECT 1 FROM sessions WHERE routine = ? AND started_at = ?", (routine, started_at)
        ).fetchone())  # fmt: skip

    # Reading ---------------------------------------------------------------

    def sessions(self, first: date | None = None, last: date | None = None) -> list[SessionRecord]:
        """Sessions (with their steps) done on local dates first..last, oldest first.

        A part under way that was saved (``save_part_under_way``) is part of the
        record: it is the session's last step, stopped with the seconds it had,
        exactly as ``close_interrupted`` will make it. So a session a kill left
        open reads the same in the terminal before the window opens again as
        after, and a session still running elsewhere shows what it has done."""
        return self._sessions(None, first, last)

    def _sessions(self, only: set[int] | None, first: date | None = None, last: date | None = None,
                  deleted: bool = False) -> list[SessionRecord]:  # fmt: skip
        """Sessions shown (or ``deleted`` ones), of the ids ``only`` (all when None), on first..last."""
        if self.empty or only == set():
            return []
        if deleted and not self._has("deleted"):
            return []
        parts = self._has("part_under_way")
        where, params = self._where(parts, only, first, last, deleted)
        clause = f"WHERE {' AND '.join(where)}"
        rows = self._db.execute(f"SELECT * FROM sessions {clause} ORDER BY id", params).fetchall()
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        runs: dict[int, list[StepRun]] = {}
        check_ins = self._has("check_ins")
        answers: dict[int, list[CheckIn]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for run in self._db.execute(f"SELECT * FROM step_runs WHERE session_id IN ({marks}) ORDER BY id", chunk):
                if (step_run := _step_run(run)) is not None:  # a row with an outcome footdesk never writes is left out
                    runs.setdefault(run["session_id"], []).append(step_run)
            if parts:
                for part in self._db.execute(f"SELECT * FROM part_under_way WHERE session_id IN ({marks})", chunk):
                    runs.setdefault(part["session_id"], []).append(_part_run(part))
            if check_ins:
                _read_check_ins(self._db, chunk, answers)
        return oldest_first(_session_record(row, runs.get(row["id"], ()), answers.get(row["id"], ()))
                            for row in rows)  # fmt: skip

    def _where(self, parts: bool, only: set[int] | None, first: date | None, last: date | None, deleted: bool
               ) -> tuple[list[str], list[object]]:  # fmt: skip
        """The conditions (and their values) that pick ``_sessions``' rows."""
        where = [self._something_done(parts)]
        params: list[object] = []
        if self._has("deleted"):
            where.append(f"{'' if deleted else 'NOT '}EXISTS (SELECT 1 FROM deleted WHERE session_id = sessions.id)")
        if only is not None:
            where.append(f"id IN ({','.join('?' * len(only))})")
            params.extend(sorted(only))
        if first is not None:
            where.append("local_date >= ?")
            params.append(first.isoformat())
        if last is not None:
            where.append("local_date <= ?")
            params.append(last.isoformat())
        return where, params

    @staticmethod
    def _something_done(parts: bool) -> str:
        """SQL: the session has a step run or (``parts``: the file has the table) a saved part under way."""
        done = "EXISTS (SELECT 1 FROM step_runs WHERE step_runs.session_id = sessions.id)"
        if parts:
            done += " OR EXISTS (SELECT 1 FROM part_under_way WHERE part_under_way.session_id = sessions.id)"
        return f"({done})"

    def completed_days(self) -> set[date]:
        if self.empty:
            return set()
        rows = self._db.execute(
            f"SELECT DISTINCT local_date FROM sessions WHERE status = 'completed'{self._not_deleted}"
        )
        return {date.fromisoformat(row[0]) for row in rows}

    def first_day(self, routine: str | None = None) -> date | None:
        """The first day anything was done (of ``routine``): the days before it were not missed."""
        if self.empty:
            return None
        row = self._db.execute(
            f"SELECT min(local_date) FROM sessions WHERE {self._something_done(self._has('part_under_way'))}"
            f"{self._not_deleted} AND (?1 IS NULL OR routine = ?1)", (routine,)
        ).fetchone()  # fmt: skip
        return date.fromisoformat(row[0]) if row and row[0] else None

    def rest_days(self) -> set[date]:
        if self.empty:
            return set()
        return {date.fromisoformat(row[0]) for row in self._db.execute("SELECT local_date FROM rest_days")}

    def interrupted_on(self, day: date) -> SessionRecord | None:
        """The day's last session with something done, when a crash ended it (and
        nothing was done after it that day): the one a resume would carry on."""
        if self.empty or not self._has("interrupted"):
            return None
        sessions = self.sessions(day, day)
        if not sessions:
            return None
        last = sessions[-1]
        marked = self._db.execute("SELECT 1 FROM interrupted WHERE session_id = ?", (last.id,)).fetchone()
        return last if marked else None

    @property
    def _not_deleted(self) -> str:
        """SQL to add to a WHERE on sessions: not deleted (a file before schema 3 has none)."""
        if not self._has("deleted"):
            return ""
        return " AND NOT EXISTS (SELECT 1 FROM deleted WHERE deleted.session_id = sessions.id)"

    def _has(self, table: str) -> bool:
        return bool(self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                     (table,)).fetchone())  # fmt: skip


def _step_run(row: sqlite3.Row) -> StepRun | None:
    """None for a row whose outcome is not one footdesk writes (a file edited
    with its CHECKs off): left out, as ``salvage`` leaves it out of a history
    brought back, rather than failing every read of the week."""
    outcome = outcome_of(row["outcome"])
    if outcome is None:
        return None
    return StepRun(row["step"], row["side"], row["planned_s"], row["actual_s"], outcome, row["started_at"],
                   row["ended_at"])  # fmt: skip


def _part_run(row: sqlite3.Row) -> StepRun:
    """A saved part under way, as the step run it stands for: stopped, with the
    seconds it had when it was saved (what ``close_interrupted`` writes)."""
    return StepRun(row["step"], row["side"], row["planned_s"], row["actual_s"], Outcome.STOPPED, row["started_at"],
                   row["saved_at"])  # fmt: skip


def _insert_check_in(db: sqlite3.Connection, session_id: int | None, check_in: CheckIn) -> None:
    """A check-in's row, when something was answered (nothing answered: no row)."""
    if check_in.effort is None and check_in.pain is None:
        return
    effort = None if check_in.effort is None else Effort(check_in.effort).value
    db.execute("INSERT OR REPLACE INTO check_ins (session_id, step, effort, pain) VALUES (?, ?, ?, ?)",
               (session_id, check_in.step, effort, pain_value(check_in.pain)))  # fmt: skip


def _read_check_ins(db: sqlite3.Connection, ids: list[int], answers: dict[int, list[CheckIn]]) -> None:
    """The check-ins of the sessions ``ids``, added to ``answers`` by session."""
    marks = ",".join("?" * len(ids))
    for row in db.execute(f"SELECT * FROM check_ins WHERE session_id IN ({marks})", ids):
        if (check_in := _check_in(row)) is not None:  # a value footdesk never writes: left out
            answers.setdefault(row["session_id"], []).append(check_in)


def _check_in(row: sqlite3.Row) -> CheckIn | None:
    """None for a check-in holding what footdesk never writes (an effort "x",
    a pain of 99: a file edited with its CHECKs off): left out, as a step run
    with an unknown outcome is."""
    effort, pain = row["effort"], row["pain"]
    if (effort is not None and effort_of(effort) is None) or (pain is not None and pain_value(pain) is None):
        return None
    if not isinstance(row["step"], str):
        return None
    return CheckIn(row["step"], effort_of(effort), pain_value(pain))


def _session_record(row: sqlite3.Row, runs: Iterable[StepRun], check_ins: Iterable[CheckIn] = ()) -> SessionRecord:
    steps = tuple(runs)
    columns = row.keys()
    return SessionRecord(row["id"], row["routine"], row["started_at"], row["ended_at"],
                         date.fromisoformat(row["local_date"]), SessionStatus(row["status"]), row["pain"],
                         steps, in_run_order(check_ins, steps),
                         note_of(row["note"]) if "note" in columns else None,
                         plan_phase_of(row["plan_phase"]) if "plan_phase" in columns else None,
                         plan_week_of(row["plan_week"]) if "plan_week" in columns else None)  # fmt: skip


def _read_only_folder(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY) or not os.access(folder, os.W_OK)
    except (OSError, AttributeError):  # no statvfs (Windows): let SQLite's words stand
        return False


def without_waiting_for_the_disk(store: HistoryStore) -> None:
    """Each write of ``store`` no longer waits for the disk (SQLite's ``synchronous
    = OFF``): for a made-up history written in bulk (packaging/seed_demo_history.py),
    never for a person's own, whose every part must survive a power cut."""
    store._db.execute("PRAGMA synchronous = OFF")
