"""Session history: every step the person did, kept safely in SQLite.

Each step run is written in its own transaction the moment it ends, so a
crash, a kill or a power cut keeps everything done so far; the part under way
is saved too (every ``CHECKPOINT_S`` seconds of its clock, and when it is
paused), so a crash loses at most those seconds of it. Instants are stored as
ISO 8601 with the UTC offset in force at that instant (millisecond precision),
and every session keeps the local calendar date it was done on: weeks group by
the person's own days, even after travel or a clock change.

Every SQLite error is sorted by what it means (``trouble_of``): only a file
that is not a database, or fails its check, is damaged. A damaged file is
moved aside beside itself (never deleted), a fresh one is started, and the
moved file stays listed (``set_aside_files``) until the person brings its
sessions back (``HistoryStore.merge``) or chooses to leave it. A full disk, a
read-only folder, an I/O error or another program holding the file mean the
history cannot be written *now*: the file is kept as it is, shown read-only
where it can be read, and tried again later. A file from a newer footdesk, or
a database that is not a footdesk history, is left alone.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Protocol

from footdesk.records import MAX_RUN_S, Outcome, SessionRecord, SessionStatus, StepRun, instant_of, iso, oldest_first
from footdesk.session import Event, Phase, PhaseEnded, PhaseStarted, RoutineFinished, RoutineStarted

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 5.0
"""How long the terminal's reads and merges wait for another program's write."""
APP_BUSY_TIMEOUT_S = 0.25
"""How long the window waits for another program's write before keeping its
own for later: a write never holds up the countdown for longer than this."""
CHECKPOINT_S = 10.0
"""Seconds of a running part's clock between two saves of it."""
SET_ASIDE_MARK = ".damaged-"
"""What a moved-aside history's name has after the history's own name."""

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        local_date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('partial', 'completed')),
        pain INTEGER CHECK (pain BETWEEN 0 AND 10)
    );
    CREATE TABLE step_runs (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        step TEXT NOT NULL,
        side TEXT CHECK (side IN ('left', 'right')),
        planned_s INTEGER,
        actual_s REAL NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'skipped', 'restarted', 'stopped')),
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL
    );
    CREATE TABLE rest_days (
        local_date TEXT PRIMARY KEY
    );
    CREATE INDEX sessions_by_date ON sessions (local_date);
    CREATE INDEX step_runs_by_session ON step_runs (session_id);
    """,
    2: """
    CREATE TABLE part_under_way (
        session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        step TEXT NOT NULL,
        side TEXT CHECK (side IN ('left', 'right')),
        planned_s INTEGER,
        actual_s REAL NOT NULL,
        started_at TEXT NOT NULL,
        saved_at TEXT NOT NULL
    );
    CREATE TABLE interrupted (
        session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE
    );
    CREATE TABLE set_aside (
        name TEXT PRIMARY KEY,
        outcome TEXT NOT NULL CHECK (outcome IN ('restored', 'left')),
        at TEXT NOT NULL
    );
    """,
}
# the tables (and their columns) each version has: what a file that says it is
# a footdesk history must hold before footdesk reads or writes it
_TABLES = {
    "sessions": {"id", "routine", "started_at", "ended_at", "local_date", "status", "pain"},
    "step_runs": {"id", "session_id", "step", "side", "planned_s", "actual_s", "outcome", "started_at", "ended_at"},
    "rest_days": {"local_date"},
}
_TABLES_V2 = {
    "part_under_way": {"session_id", "step", "side", "planned_s", "actual_s", "started_at", "saved_at"},
    "interrupted": {"session_id"},
    "set_aside": {"name", "outcome", "at"},
}


class HistoryError(Exception):
    """The history cannot be used; the message says which file and why."""


# What an SQLite error means ------------------------------------------------------


class Trouble(Enum):
    DAMAGED = "damaged"
    """Not a database, or its pages are broken: the only reason to move a file aside."""
    NOT_NOW = "not-now"
    """It cannot be written (or read) right now: a full disk, a read-only file or
    folder, an I/O error, a file that cannot be opened, another program holding
    it. The file is fine: keep it, keep the writes, try again later."""
    FAULT = "fault"
    """A mistake (footdesk's, or a file that is not what it claims): retrying the
    same thing will fail the same way. Keep the file; say so."""


# Every primary result code SQLite can raise (sqlite3.Error.sqlite_errorcode & 0xFF),
# sorted deliberately; a code missing here is a FAULT.
_TROUBLE_BY_CODE: dict[int, Trouble] = {
    sqlite3.SQLITE_NOTADB: Trouble.DAMAGED,  # the file is not a database
    sqlite3.SQLITE_CORRUPT: Trouble.DAMAGED,  # "database disk image is malformed"
    sqlite3.SQLITE_FULL: Trouble.NOT_NOW,  # the disk (or the quota) is full
    sqlite3.SQLITE_READONLY: Trouble.NOT_NOW,  # a read-only file, folder or mount
    sqlite3.SQLITE_IOERR: Trouble.NOT_NOW,  # the disk failed a read or write (also: no room for -shm)
    sqlite3.SQLITE_CANTOPEN: Trouble.NOT_NOW,  # the file or its -wal/-shm cannot be opened
    sqlite3.SQLITE_BUSY: Trouble.NOT_NOW,  # another program holds the write lock
    sqlite3.SQLITE_LOCKED: Trouble.NOT_NOW,  # a lock within this process
    sqlite3.SQLITE_PERM: Trouble.NOT_NOW,  # the system denied access
    sqlite3.SQLITE_AUTH: Trouble.NOT_NOW,  # denied by an authorizer
    sqlite3.SQLITE_NOMEM: Trouble.NOT_NOW,  # out of memory
    sqlite3.SQLITE_NOLFS: Trouble.NOT_NOW,  # the file system cannot hold a file this large
    sqlite3.SQLITE_PROTOCOL: Trouble.NOT_NOW,  # a lock race between programs
    sqlite3.SQLITE_INTERRUPT: Trouble.NOT_NOW,  # the operation was interrupted
    sqlite3.SQLITE_ABORT: Trouble.NOT_NOW,  # rolled back under it
    sqlite3.SQLITE_ERROR: Trouble.FAULT,  # bad SQL, e.g. a missing table: the file is not what it claims
    sqlite3.SQLITE_INTERNAL: Trouble.FAULT,
    sqlite3.SQLITE_NOTFOUND: Trouble.FAULT,
    sqlite3.SQLITE_EMPTY: Trouble.FAULT,
    sqlite3.SQLITE_SCHEMA: Trouble.FAULT,
    sqlite3.SQLITE_TOOBIG: Trouble.FAULT,
    sqlite3.SQLITE_CONSTRAINT: Trouble.FAULT,
    sqlite3.SQLITE_MISMATCH: Trouble.FAULT,
    sqlite3.SQLITE_MISUSE: Trouble.FAULT,
    sqlite3.SQLITE_FORMAT: Trouble.FAULT,
    sqlite3.SQLITE_RANGE: Trouble.FAULT,
    sqlite3.SQLITE_NOTICE: Trouble.FAULT,
    sqlite3.SQLITE_WARNING: Trouble.FAULT,
}


def trouble_of(exc: BaseException) -> Trouble:
    """What an error from the history means for the file and for the writes."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return Trouble.FAULT  # raised by the sqlite3 module itself (a closed connection, a bad call)
    return _TROUBLE_BY_CODE.get(code & 0xFF, Trouble.FAULT)


def error_name(exc: BaseException) -> str | None:
    """SQLite's own name for the error (SQLITE_FULL, SQLITE_IOERR_SHMSIZE …), if any."""
    name = getattr(exc, "sqlite_errorname", None)
    return name if isinstance(name, str) else primary_name(exc)


def primary_name(exc: BaseException) -> str | None:
    """SQLite's primary name for the error (SQLITE_IOERR for SQLITE_IOERR_SHMSIZE)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else _PRIMARY_NAMES.get(code & 0xFF)


_PRIMARY_NAMES = {getattr(sqlite3, name): name for name in (
    "SQLITE_ERROR", "SQLITE_INTERNAL", "SQLITE_PERM", "SQLITE_ABORT", "SQLITE_BUSY", "SQLITE_LOCKED",
    "SQLITE_NOMEM", "SQLITE_READONLY", "SQLITE_INTERRUPT", "SQLITE_IOERR", "SQLITE_CORRUPT", "SQLITE_NOTFOUND",
    "SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_PROTOCOL", "SQLITE_EMPTY", "SQLITE_SCHEMA", "SQLITE_TOOBIG",
    "SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_MISUSE", "SQLITE_NOLFS", "SQLITE_AUTH", "SQLITE_FORMAT",
    "SQLITE_RANGE", "SQLITE_NOTADB", "SQLITE_NOTICE", "SQLITE_WARNING",
)}  # fmt: skip


class _ProblemError(Exception):
    """Why a file cannot be opened as a history: its trouble and SQLite's words."""

    def __init__(self, trouble: Trouble, reason: str, error: BaseException | None = None) -> None:
        super().__init__(reason)
        self.trouble = trouble
        self.reason = reason
        self.error = error


def _refuse_special(path: Path) -> None:
    """SQLite opens whatever is at the path: a named pipe there would hold the
    open until something writes into it (the window froze), a device would be
    read without end. Anything but a regular file (or nothing yet) is refused."""
    import stat

    from footdesk.untrusted import kind_of

    try:
        mode = path.stat().st_mode
    except OSError:
        return  # nothing there yet (SQLite makes it), or a link to nowhere: SQLite says why
    if not stat.S_ISREG(mode):
        raise _ProblemError(Trouble.NOT_NOW, f"it is {kind_of(mode)}, not a file")


class _NewerError(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(f"schema {version}")
        self.version = version


class _ForeignError(Exception):
    """An SQLite database, but not a footdesk history (its tables say so)."""


def _problem(exc: sqlite3.Error) -> _ProblemError:
    return _ProblemError(trouble_of(exc), str(exc), exc)


# Opening ------------------------------------------------------------------------


class Access(Enum):
    WRITABLE = "writable"
    READ_ONLY = "read-only"  # shown as it is; writes are kept for later
    NONE = "none"  # nothing can be shown


@dataclass(frozen=True)
class OpenedHistory:
    store: HistoryStore | None
    notice: str | None = None
    """Something the person should know (a damaged file moved aside, history off)."""
    access: Access = Access.WRITABLE
    retry: bool = False
    """Writing may work later (a full disk, a read-only folder, a lock): try again."""
    moved_to: Path | None = None
    """Where a damaged file was moved just now."""
    problem: str | None = None
    """SQLite's words for why it cannot be written, when it cannot."""
    problem_name: str | None = None
    """SQLite's name for it (SQLITE_FULL, SQLITE_READONLY …)."""


# The store --------------------------------------------------------------------


class HistoryStore:
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
        unusable folder means no history, with a notice saying so."""
        from footdesk import report

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return OpenedHistory(None, report.history_not_saving(path, reason), Access.NONE, retry=True,
                                 problem=reason)  # fmt: skip
        try:
            return OpenedHistory(cls._open_checked(path, busy_timeout_s))
        except _NewerError as newer:
            return OpenedHistory(None, report.history_from_newer(path, newer.version), Access.NONE)
        except _ForeignError as foreign:
            return OpenedHistory(None, report.history_not_footdesk(path, str(foreign)), Access.NONE)
        except _ProblemError as problem:
            if problem.trouble is Trouble.DAMAGED:
                return cls._replace_damaged(path, problem.reason, now(), busy_timeout_s)
            if problem.trouble is Trouble.FAULT:
                log.error("%s: cannot be used", path, exc_info=problem.error)
            return cls._open_as_it_is(path, problem)

    @classmethod
    def _replace_damaged(cls, path: Path, damage: str, now: datetime, busy_timeout_s: float) -> OpenedHistory:
        from footdesk import report

        moved = _move_aside(path, now)
        if moved is None:
            reason = f"it is damaged ({damage}) and cannot be moved aside"
            return OpenedHistory(None, report.history_not_saving(path, reason), Access.NONE, retry=True,
                                 problem=damage)  # fmt: skip
        try:
            store = cls._open_checked(path, busy_timeout_s)
        except (_ProblemError, _NewerError, _ForeignError) as exc:
            return OpenedHistory(None, report.history_not_saving(path, str(exc)), Access.NONE, retry=True,
                                 moved_to=moved, problem=str(exc))  # fmt: skip
        return OpenedHistory(store, report.history_damaged(damage, moved), moved_to=moved)

    @classmethod
    def _open_as_it_is(cls, path: Path, problem: _ProblemError) -> OpenedHistory:
        """It cannot be written now: show what it holds, change nothing."""
        from footdesk import report

        name = error_name(problem.error) if problem.error else None
        if name is not None and name.startswith("SQLITE_CANTOPEN") and _read_only_folder(path.parent):
            name = "SQLITE_READONLY_DIRECTORY"  # what SQLite could not open is the -shm its folder cannot hold
        try:
            store = cls._open_read_only(path) if path.exists() else None
        except (_ProblemError, _NewerError, _ForeignError, HistoryError):
            store = None
        if store is None:
            return OpenedHistory(None, report.history_not_saving_now(path, problem.reason, name), Access.NONE,
                                 retry=True, problem=problem.reason, problem_name=name)  # fmt: skip
        return OpenedHistory(store, report.history_read_only(path, problem.reason, name), Access.READ_ONLY,
                             retry=True, problem=problem.reason, problem_name=name)  # fmt: skip

    @classmethod
    def open_for_reading(cls, path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> HistoryStore | None:
        """For the terminal commands: never creates, moves or migrates anything.
        None when there is no history file; HistoryError when it cannot be read
        (the message says why and what to do)."""
        from footdesk import report

        if not path.exists():
            return None
        try:
            return cls._open_read_only(path, busy_timeout_s)
        except _NewerError as newer:
            raise HistoryError(report.history_from_newer_for_terminal(path, newer.version)) from None
        except _ForeignError as foreign:
            raise HistoryError(report.history_not_footdesk_for_terminal(path, str(foreign))) from None
        except _ProblemError as problem:
            raise HistoryError(report.history_unreadable(path, problem.reason, problem.trouble)) from None

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
                raise _ProblemError(Trouble.DAMAGED, rows[0] if rows else "its check found nothing")
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

    def begin_session(self, routine: str, started_at: datetime) -> int:
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (routine, started_at, local_date, status) VALUES (?, ?, ?, 'partial')",
                (routine, iso(started_at), started_at.astimezone().date().isoformat()),
            )
            return int(cursor.lastrowid or 0)

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
                    "INSERT INTO sessions (routine, started_at, ended_at, local_date, status, pain)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (session.routine, session.started_at, ended_at, session.local_date.isoformat(),
                     session.status.value, session.pain),
                )  # fmt: skip
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
        if self.empty:
            return []
        parts = self._has("part_under_way")
        where, params = [self._something_done(parts)], []
        if first is not None:
            where.append("local_date >= ?")
            params.append(first.isoformat())
        if last is not None:
            where.append("local_date <= ?")
            params.append(last.isoformat())
        clause = f"WHERE {' AND '.join(where)}"
        rows = self._db.execute(f"SELECT * FROM sessions {clause} ORDER BY id", params).fetchall()
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        runs: dict[int, list[StepRun]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for run in self._db.execute(f"SELECT * FROM step_runs WHERE session_id IN ({marks}) ORDER BY id", chunk):
                if (step_run := _step_run(run)) is not None:  # a row with an outcome footdesk never writes is left out
                    runs.setdefault(run["session_id"], []).append(step_run)
            if parts:
                for part in self._db.execute(f"SELECT * FROM part_under_way WHERE session_id IN ({marks})", chunk):
                    runs.setdefault(part["session_id"], []).append(_part_run(part))
        return oldest_first(_session_record(row, runs.get(row["id"], ())) for row in rows)

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
        rows = self._db.execute("SELECT DISTINCT local_date FROM sessions WHERE status = 'completed'")
        return {date.fromisoformat(row[0]) for row in rows}

    def first_day(self) -> date | None:
        """The first day anything was done: the days before it were not missed."""
        if self.empty:
            return None
        row = self._db.execute(
            f"SELECT min(local_date) FROM sessions WHERE {self._something_done(self._has('part_under_way'))}"
        ).fetchone()
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

    def _has(self, table: str) -> bool:
        return bool(self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                     (table,)).fetchone())  # fmt: skip


def _step_run(row: sqlite3.Row) -> StepRun | None:
    """None for a row whose outcome is not one footdesk writes (a file edited
    with its CHECKs off): left out, as ``_received_run`` leaves it out of a
    history brought back, rather than failing every read of the week."""
    outcome = _OUTCOMES.get(row["outcome"])
    if outcome is None:
        return None
    return StepRun(row["step"], row["side"], row["planned_s"], row["actual_s"], outcome, row["started_at"],
                   row["ended_at"])  # fmt: skip


def _part_run(row: sqlite3.Row) -> StepRun:
    """A saved part under way, as the step run it stands for: stopped, with the
    seconds it had when it was saved (what ``close_interrupted`` writes)."""
    return StepRun(row["step"], row["side"], row["planned_s"], row["actual_s"], Outcome.STOPPED, row["started_at"],
                   row["saved_at"])  # fmt: skip


def _session_record(row: sqlite3.Row, runs: Iterable[StepRun]) -> SessionRecord:
    return SessionRecord(row["id"], row["routine"], row["started_at"], row["ended_at"],
                         date.fromisoformat(row["local_date"]), SessionStatus(row["status"]), row["pain"],
                         tuple(runs))  # fmt: skip


def _read_only_folder(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY) or not os.access(folder, os.W_OK)
    except (OSError, AttributeError):  # no statvfs (Windows): let SQLite's words stand
        return False


def _has_tables(connection: sqlite3.Connection) -> bool:
    return bool(connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").fetchone())


def _check_tables(connection: sqlite3.Connection, version: int) -> None:
    """A file that says it is footdesk's (its version) must have footdesk's tables;
    an unversioned one must be empty. Raises _ForeignError otherwise."""
    tables = {
        row[0]: {column[1] for column in connection.execute(f"PRAGMA table_info('{row[0]}')")}
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_")
    }
    if version == 0:
        if tables:
            raise _ForeignError(f"it has tables footdesk does not know: {', '.join(sorted(tables))}")
        return
    wanted = dict(_TABLES)
    if version >= 2:
        wanted.update(_TABLES_V2)
    for table, columns in wanted.items():
        if table not in tables:
            raise _ForeignError(f"it has no {table} table")
        missing = columns - tables[table]
        if missing:
            raise _ForeignError(f"its {table} table has no {', '.join(sorted(missing))}")


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    for target in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _MIGRATIONS[target].split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {target}")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")


def _move_aside(path: Path, now: datetime) -> Path | None:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}{SET_ASIDE_MARK}{stamp}")
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.rename(target.with_name(target.name + suffix))
    except OSError as exc:
        log.error("%s: cannot move the damaged history aside (%s)", path, exc)
        return None
    log.warning("%s: damaged; moved to %s", path, target)
    return target


# Files moved aside, and bringing them back -----------------------------------


@dataclass(frozen=True)
class HistoryContents:
    """What could be read from a history file."""

    sessions: tuple[SessionRecord, ...]
    rest_days: frozenset[date] = frozenset()
    complete: bool = True
    """False when some of it could not be read (damaged pages were skipped)."""
    skipped_sessions: int = 0
    """Sessions that could be read but fail footdesk's checks (``_received_session``): left out."""
    skipped_runs: int = 0
    """Step runs (of sessions that pass) that fail footdesk's checks: left out."""
    first_rejected: str | None = None
    """Why the first row left out was (its row and column, never its value)."""


@dataclass(frozen=True)
class MergeResult:
    added: int
    already: int
    """Sessions that were in the history already (merged before, or never lost)."""


@dataclass(frozen=True)
class SetAsideFile:
    """A history file that was moved aside, and what it holds."""

    path: Path
    moved_on: datetime | None
    """When it was moved (from its name), local time."""
    contents: HistoryContents | None
    """None when nothing of it can be read."""
    unreadable: str | None = None
    """Why it cannot be read, when it cannot."""

    @property
    def sessions(self) -> int:
        return len(self.contents.sessions) if self.contents else 0

    @property
    def first(self) -> date | None:
        return self.contents.sessions[0].local_date if self.contents and self.contents.sessions else None

    @property
    def last(self) -> date | None:
        return self.contents.sessions[-1].local_date if self.contents and self.contents.sessions else None


_SET_ASIDE_TAIL = re.compile(r"[0-9A-Za-z._-]{1,64}")
"""What may follow the mark in a moved-aside file's name: footdesk writes a time
stamp; a name with a line break, a bidi control or a shell's ``;`` in it is
not footdesk's, and is not shown in the window or in a command to paste."""


def set_aside_files(history: Path) -> list[Path]:
    """Every file moved aside from this history (oldest first), whoever moved it,
    by a plain name."""
    try:
        found = [
            candidate
            for candidate in history.parent.glob(f"{history.name}{SET_ASIDE_MARK}*")
            if not candidate.name.endswith(("-wal", "-shm", "-journal"))
            and _SET_ASIDE_TAIL.fullmatch(candidate.name.removeprefix(f"{history.name}{SET_ASIDE_MARK}"))
            and candidate.is_file()
        ]
    except OSError:
        return []
    return sorted(found, key=lambda candidate: candidate.name)


def moved_on(path: Path) -> datetime | None:
    _, _, stamp = path.name.rpartition(SET_ASIDE_MARK)
    try:
        return datetime.strptime(stamp, "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def inspect_set_aside(path: Path) -> SetAsideFile:
    try:
        contents = read_history_file(path)
    except HistoryError as exc:
        return SetAsideFile(path, moved_on(path), None, str(exc))
    return SetAsideFile(path, moved_on(path), contents)


def read_history_file(path: Path) -> HistoryContents:
    """Everything that can be read from a history file (damaged ones included:
    what sits on good pages is read row by row). Changes nothing; raises
    HistoryError when nothing can be read."""
    from footdesk import report

    try:
        _refuse_special(path)
    except _ProblemError as special:
        raise HistoryError(report.history_unreadable(path, special.reason, special.trouble)) from None
    first: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            connection = sqlite3.connect(f"{path.absolute().as_uri()}?{options}", uri=True, timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:
            first = first or exc
            continue
        try:
            connection.row_factory = sqlite3.Row
            _bound_reading(connection)
            contents, rejected = _salvage(connection)
            for reason in rejected:
                log.info("%s: left out, it fails footdesk's checks: %s", path, reason)
            return contents
        except _ForeignError as foreign:
            raise HistoryError(report.history_not_footdesk_for_terminal(path, str(foreign))) from None
        except sqlite3.Error as exc:
            if error_name(exc) in ("SQLITE_INTERRUPT", "SQLITE_TOOBIG"):
                why = (f"reading it took longer than {READ_LIMIT_S:.0f} s" if error_name(exc) == "SQLITE_INTERRUPT"
                       else "it holds a value far longer than footdesk writes")  # fmt: skip
                raise HistoryError(report.history_unreadable(path, why, Trouble.FAULT)) from None
            first = first or exc
            if trouble_of(exc) is not Trouble.NOT_NOW:
                break
        finally:
            connection.close()
    assert first is not None
    raise HistoryError(report.history_unreadable(path, str(first), trouble_of(first)))


READ_LIMIT_S = 3.0
"""How long reading a history file that came from elsewhere may take."""
_LONGEST_VALUE = 1_000_000
"""The longest text or blob such a file may hand footdesk, in bytes (footdesk writes a few dozen)."""


def _bound_reading(db: sqlite3.Connection) -> None:
    """A history file to bring back may have been made by anyone, and SQLite
    computes what a file tells it to as it is read (a generated column of
    hex(zeroblob(200000000)) took 2.2 GB from a 45 kB file): no value longer
    than _LONGEST_VALUE, and no more than READ_LIMIT_S of reading."""
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, _LONGEST_VALUE)
    deadline = time.monotonic() + READ_LIMIT_S
    db.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)


def _salvage(db: sqlite3.Connection) -> tuple[HistoryContents, list[str]]:
    """What a history file holds, each row checked as received data (a file
    to bring back may have been made by anyone): the contents, and why each
    row left out was."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"sessions", "step_runs"} <= tables:
        if not tables:
            return HistoryContents(()), []
        raise _ForeignError("it has no sessions or no step_runs table")
    for table in ("sessions", "step_runs", "part_under_way", "rest_days"):
        if table in tables and any(column[6] for column in db.execute(f"PRAGMA table_xinfo({table})")):
            raise _ForeignError(f"its {table} table has computed columns, which footdesk never writes")
    sessions, complete = _rows(db, "sessions")
    runs, runs_complete = _rows(db, "step_runs")
    rejected: list[str] = []
    by_session: dict[int, list[StepRun]] = {}
    rejected_runs: dict[int, int] = {}

    def take(rows: list[sqlite3.Row], kind: str) -> bool:
        """Each row checked as a run of its session; False when some row could not be read at all."""
        whole = True
        for row in rows:
            try:
                session_id, step_run = _received_run(row, kind)
            except _RejectedError as why:
                rejected.append(why.reason)
                owner = row["session_id"]
                if isinstance(owner, int):
                    rejected_runs[owner] = rejected_runs.get(owner, 0) + 1
                continue
            except (IndexError, TypeError, ValueError):
                whole = False
                continue
            by_session.setdefault(session_id, []).append(step_run)
        return whole

    runs_complete = take(runs, "step run") and runs_complete
    if "part_under_way" in tables:  # a part under way that was saved is part of the record, after the session's runs
        try:
            parts = db.execute(
                "SELECT session_id AS id, session_id, step, side, planned_s, actual_s, 'stopped' AS outcome,"
                " started_at, saved_at AS ended_at FROM part_under_way ORDER BY session_id"
            ).fetchall()
        except sqlite3.DatabaseError:
            parts, runs_complete = [], False
        runs_complete = take(parts, "the part under way of session") and runs_complete
    records = []
    skipped_sessions = skipped_runs = 0
    for row in sessions:
        steps = by_session.get(row["id"])
        if not steps:
            skipped_runs += rejected_runs.get(row["id"], 0)
            continue  # nothing done that can be shown
        try:
            records.append(_received_session(row, steps))
        except _RejectedError as why:
            rejected.append(why.reason)
            skipped_sessions += 1
            continue
        except (IndexError, TypeError, ValueError):
            complete = False
            continue
        skipped_runs += rejected_runs.get(row["id"], 0)
    rest: set[date] = set()
    try:
        for row in db.execute("SELECT local_date FROM rest_days"):
            day = date.fromisoformat(row[0])
            if _YEARS[0] <= day.year <= _YEARS[1]:  # as a session's date: the week's arithmetic stays in range
                rest.add(day)
    except (sqlite3.DatabaseError, TypeError, ValueError):
        complete = False
    contents = HistoryContents(tuple(oldest_first(records)), frozenset(rest), complete and runs_complete,
                               skipped_sessions, skipped_runs, rejected[0] if rejected else None)  # fmt: skip
    return contents, rejected


class _RejectedError(Exception):
    """A row of a received history that fails footdesk's checks. ``reason``
    names the row and the column, never the value (it may be anything)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_OUTCOMES: dict[object, Outcome] = {outcome.value: outcome for outcome in Outcome}
"""Each outcome by the text a history file holds for it; anything else (another
text, a number, a blob) is not an outcome."""
_SIDES = (None, "left", "right")


def _received_session(row: sqlite3.Row, steps: Sequence[StepRun]) -> SessionRecord:
    """A session row of a file to bring back, checked as a routine file is:
    the routine an id (the whole text, ``routine.is_id``), times ISO 8601
    instants with their offsets, the date a date, the status and the rating
    what footdesk writes, no text with a control character. _RejectedError
    otherwise."""
    where = _row_name("session", row["id"])
    if type(row["id"]) is not int:
        raise _RejectedError(f"{where}: its id is not a number")
    routine = _received_id(row["routine"], f"{where}: its routine")
    started_at = _received_instant(row["started_at"], f"{where}: started_at")
    ended_at = None if row["ended_at"] is None else _received_instant(row["ended_at"], f"{where}: ended_at")
    local_date = row["local_date"]
    try:
        day = date.fromisoformat(local_date) if isinstance(local_date, str) and len(local_date) == 10 else None
    except ValueError:
        day = None
    if day is None or not _YEARS[0] <= day.year <= _YEARS[1]:
        raise _RejectedError(f"{where}: local_date is not a date from {_YEARS[0]} to {_YEARS[1]}")
    status = row["status"]
    if status not in ("partial", "completed"):
        raise _RejectedError(f"{where}: status is neither partial nor completed")
    pain = row["pain"]
    if pain is not None and not (type(pain) is int and 0 <= pain <= 10):
        raise _RejectedError(f"{where}: pain is not 0 to 10")
    return SessionRecord(row["id"], routine, started_at, ended_at, day, SessionStatus(status), pain, tuple(steps))


def _received_run(row: sqlite3.Row, kind: str = "step run") -> tuple[int, StepRun]:
    """A step run of a file to bring back, checked (its session's id, and the
    run): the step an id, the side left, right or none, seconds within
    ``MAX_RUN_S``, an outcome footdesk writes, times ISO 8601 instants."""
    where = _row_name(kind, row["id"])
    session_id = row["session_id"]
    if type(session_id) is not int:
        raise _RejectedError(f"{where}: its session is not a number")
    step = _received_id(row["step"], f"{where}: its step")
    side = row["side"]
    if side not in _SIDES:
        raise _RejectedError(f"{where}: side is neither left, right nor empty")
    planned = row["planned_s"]
    if planned is not None and not (type(planned) is int and 0 <= planned <= MAX_RUN_S):
        raise _RejectedError(f"{where}: planned_s is not a number of seconds from 0 to {MAX_RUN_S}")
    actual = row["actual_s"]
    if type(actual) not in (int, float) or not 0 <= actual <= MAX_RUN_S:  # NaN and infinity fail too
        raise _RejectedError(f"{where}: actual_s is not a number of seconds from 0 to {MAX_RUN_S}")
    outcome = _OUTCOMES.get(row["outcome"])
    if outcome is None:
        raise _RejectedError(f"{where}: outcome is not one footdesk writes")
    started_at = _received_instant(row["started_at"], f"{where}: started_at")
    ended_at = _received_instant(row["ended_at"], f"{where}: ended_at")
    return session_id, StepRun(step, side, planned, float(actual), outcome, started_at, ended_at)


def _received_id(value: object, what: str) -> str:
    from footdesk.routine import is_id

    if not is_id(value):
        raise _RejectedError(f"{what} is not an id of lowercase letters, digits and dashes")
    return value


_YEARS = (1970, 2200)
"""The years a session of a history brought back may be in: dates at the ends of
Python's range (year 1 or 9999) overflow the week's arithmetic (a day after
9999-12-31 does not exist), and no one exercised then."""


def _row_name(kind: str, row_id: object) -> str:
    """A row as a message names it: by its id when that is a number, never by a
    text the file holds (it could be a forged log line)."""
    return f"{kind} {row_id}" if type(row_id) is int else f"a {kind} with an id that is not a number"


def _received_instant(value: object, what: str) -> str:
    """An instant as footdesk writes it: ISO 8601 with its UTC offset, no control
    character, in the years a person can have exercised."""
    from footdesk.untrusted import control_character

    if isinstance(value, str) and len(value) <= 40 and control_character(value) is None:
        try:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None and _YEARS[0] <= moment.year <= _YEARS[1]:
                moment.astimezone(UTC)  # an offset that carries it out of range fails here
                return value
        except (ValueError, OverflowError):
            pass
    raise _RejectedError(f"{what} is not a time with its UTC offset from {_YEARS[0]} to {_YEARS[1]}")


_MOST_PROBES = 20_000
"""How many looks a damaged table gets, row by row: a file with a row id of 2**63
was read id after id, for ever (the window froze at every start while it lay
moved aside in the data folder)."""


def _rows(db: sqlite3.Connection, table: str) -> tuple[list[sqlite3.Row], bool]:
    """All rows of a table; on a damaged table, the rows that can still be
    reached one by one (by id, through the table's own tree)."""
    try:
        return db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall(), True
    except sqlite3.DatabaseError as exc:
        if trouble_of(exc) is not Trouble.DAMAGED:
            raise
    try:
        last = db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        return [], False
    rows = []
    after, probes = 0, 0
    while after < last and probes < _MOST_PROBES:  # each row found skips to the next: a huge id costs one step
        probes += 1
        try:
            row = db.execute(f"SELECT * FROM {table} WHERE id > ? ORDER BY id LIMIT 1", (after,)).fetchone()
        except sqlite3.DatabaseError:  # the next row is on a broken page: step past it one id at a time
            after += 1
            continue
        if row is None:
            break
        rows.append(row)
        after = row["id"]
    if probes >= _MOST_PROBES:
        log.warning("%s: a damaged table read up to id %d of %d; the rest is left out", table, after, last)
    return rows, False


# Carrying on an interrupted session ---------------------------------------------


@dataclass(frozen=True)
class ResumePoint:
    phase_index: int
    """The part to start at (it starts again from its beginning)."""
    done_s: float
    """How far that part had got when the session was interrupted."""
    earlier_completed: bool
    """Every part before it was completed (its last run did)."""


def resume_point(record: SessionRecord, phases: Sequence[Phase]) -> ResumePoint | None:
    """Where an interrupted session carries on: the part it stopped in (or was
    restarting), otherwise the part after the last one it ended. Step runs are
    matched to the routine's parts in order (a step with sets has one part per
    set; rests are not recorded). None when the routine has changed so that a
    part is gone, or nothing is left to do."""
    work = [(phase.index, (phase.step.id, phase.side.value if phase.side else None)) for phase in phases
            if not phase.rest]  # fmt: skip
    latest: dict[int, StepRun] = {}
    position, last = 0, None
    for run in record.steps:
        found = next((at for at in range(position, len(work)) if work[at][1] == (run.step, run.side)), None)
        if found is None:
            return None
        latest[found] = run
        last = found
        position = found if run.outcome is Outcome.RESTARTED else found + 1
    if last is None:
        return None
    run = latest[last]
    at = last if run.outcome in (Outcome.STOPPED, Outcome.RESTARTED) else last + 1
    if at >= len(work):
        return None
    done = run.actual_s if run.outcome is Outcome.STOPPED else 0.0
    earlier = all(before in latest and latest[before].completed for before in range(at))
    return ResumePoint(work[at][0], done, earlier)


# Recording a live session -----------------------------------------------------


class SessionRecorder(Protocol):
    def record(self, event: Event) -> None:
        """Called for every session event, in order, as it happens."""


@dataclass
class _Row:
    """One session as the recorder writes it: its row is made with its first
    step run (or carried on, for a resumed session)."""

    routine: str
    started_at: datetime
    id: int | None = None
    reopen: bool = False
    earlier_completed: bool = True
    """For a resumed session: whether the parts done before it were all completed."""


@dataclass
class _Write:
    kind: str  # "step", "part", "end", "pain", "reopen"
    row: _Row
    make: Callable[[HistoryStore], None]


@dataclass
class StoreRecorder:
    """Writes a live session to the store. Session events carry monotonic times;
    the wall-clock instant is taken once at the start and the rest follow from
    it, so a clock change mid-session never bends the record.

    The session's row is written with its first step run: a session stopped
    before anything was done leaves no row (nothing to count, nothing to show).
    A write that cannot be made yet (the history not open yet, a locked or full
    disk) is kept, in order, and tried again with the next write or ``flush``:
    nothing done is dropped while footdesk runs. ``flush`` raises the first
    failure (an sqlite3.Error) and keeps it and the rest.
    """

    store: HistoryStore | None
    routine_id: str
    wall_clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    _origin: tuple[float, datetime] | None = None
    _row: _Row | None = None
    _pending: list[_Write] = field(default_factory=list)
    _part_started: float | None = None
    _part_saved_s: float = 0.0
    _resume: tuple[int, bool] | None = None
    written_ids: set[int] = field(default_factory=set)
    """Sessions this recorder made or carried on (never closed as interrupted)."""

    @property
    def pending(self) -> int:
        """Writes kept for later."""
        return len(self._pending)

    @property
    def session_id(self) -> int | None:
        """The row of the session being (or last) recorded, once it is written."""
        return self._row.id if self._row is not None else None

    @property
    def has_row(self) -> bool:
        """Whether the last session has (or will have, once written) a row: something was done."""
        row = self._row
        if row is None:
            return False
        return row.id is not None or any(w.row is row and w.kind in ("step", "part", "reopen") for w in self._pending)

    def resume_into(self, session_id: int, earlier_completed: bool) -> None:
        """The next session carries on this interrupted one (same row)."""
        self._resume = (session_id, earlier_completed)

    def record(self, event: Event) -> None:
        if isinstance(event, RoutineStarted):
            self._origin = (event.at, self.wall_clock())
            self._row = _Row(self.routine_id, self._origin[1])
            self._part_started = None
            if self._resume is not None:
                self._row.id, self._row.earlier_completed = self._resume
                self._row.reopen = True
                self._resume = None
                row = self._row
                self._queue(_Write("reopen", row, lambda store: self._reopen(store, row)))
                self.written_ids.add(self._row.id)
            return
        if self._origin is None or self._row is None:
            return
        row = self._row
        if isinstance(event, PhaseStarted) and not event.phase.rest:
            self._part_started = event.at
            self._part_saved_s = 0.0
        elif isinstance(event, PhaseEnded) and not event.run.phase.rest:  # a rest is not exercise
            run = event.run
            step_run = StepRun(
                step=run.phase.step.id,
                side=run.phase.side.value if run.phase.side else None,
                planned_s=run.planned_s,
                actual_s=run.active_s,
                outcome=run.outcome,
                started_at=iso(self._wall(run.started_at)),
                ended_at=iso(self._wall(run.ended_at)),
            )
            self._part_started = None
            # the saved part under way is superseded by the step run (same transaction)
            self._pending = [w for w in self._pending if not (w.kind == "part" and w.row is row)]
            self._queue(_Write("step", row, lambda store: self._add(store, row, step_run)))
            self.flush()
        elif isinstance(event, RoutineFinished):
            ended, completed = self._wall(event.at), event.completed
            self._part_started = None
            self._queue(_Write("end", row, lambda store: self._end(store, row, ended, completed)))
            self.flush()

    def save_part(self, step: str, side: str | None, planned_s: int | None, active_s: float, now: float,
                  paused: bool = False) -> bool:  # fmt: skip
        """The part whose clock runs has got this far: saved every CHECKPOINT_S
        seconds of its clock and when it is paused (a crash then loses at most
        that). Returns whether a save was due (then flushes, which may raise)."""
        if self._row is None or self._part_started is None or active_s <= 0:
            return False
        if not paused and active_s - self._part_saved_s < CHECKPOINT_S:
            return False
        if paused and active_s == self._part_saved_s:
            return False
        self._part_saved_s = active_s
        row = self._row
        run = StepRun(step, side, planned_s, active_s, Outcome.STOPPED, iso(self._wall(self._part_started)),
                      iso(self._wall(now)))  # fmt: skip
        self._pending = [w for w in self._pending if not (w.kind == "part" and w.row is row)]
        self._queue(_Write("part", row, lambda store: self._save_part(store, row, run)))
        self.flush()
        return True

    def rate(self, pain: int | None) -> bool:
        """The lower-back rating of the last session, kept like any write (the
        latest rating replaces one not written yet). False when that session
        left no row to rate. Flushes, which may raise."""
        row = self._row
        if row is None or not self.has_row:
            return False
        self._pending = [w for w in self._pending if not (w.kind == "pain" and w.row is row)]
        self._queue(_Write("pain", row, lambda store: self._pain(store, row, pain)))
        self.flush()
        return True

    def flush(self) -> None:
        """Make the writes kept so far, oldest first; the first failure stops and
        raises, keeping it and the rest for the next try."""
        if self.store is None:
            return
        while self._pending:
            self._pending[0].make(self.store)
            self._pending.pop(0)

    def drop_first(self) -> str | None:
        """Give up the write that keeps failing the same way (a fault, not a full
        disk); returns what it was."""
        return self._pending.pop(0).kind if self._pending else None

    def _queue(self, write: _Write) -> None:
        self._pending.append(write)

    def _ensure_row(self, store: HistoryStore, row: _Row) -> int:
        if row.id is None:
            row.id = store.begin_session(row.routine, row.started_at)
            self.written_ids.add(row.id)
        return row.id

    def _reopen(self, store: HistoryStore, row: _Row) -> None:
        if row.id is not None:
            store.reopen_session(row.id)

    def _add(self, store: HistoryStore, row: _Row, run: StepRun) -> None:
        store.add_step_run(self._ensure_row(store, row), run)

    def _save_part(self, store: HistoryStore, row: _Row, run: StepRun) -> None:
        store.save_part_under_way(self._ensure_row(store, row), run)

    def _end(self, store: HistoryStore, row: _Row, ended_at: datetime, completed: bool) -> None:
        if row.id is not None:
            store.end_session(row.id, ended_at, completed and row.earlier_completed)

    def _pain(self, store: HistoryStore, row: _Row, pain: int | None) -> None:
        if row.id is not None:
            store.set_pain(row.id, pain)

    def _wall(self, at: float) -> datetime:
        assert self._origin is not None
        mono, wall = self._origin
        return wall + timedelta(seconds=at - mono)
