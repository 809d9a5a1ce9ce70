"""Session history: every step the person did, kept safely in SQLite.

Each step run is written in its own transaction the moment it ends, so a
crash, a kill or a power cut keeps everything done so far. Instants are
stored as ISO 8601 with the UTC offset in force at that instant (millisecond
precision), and every session keeps the local calendar date it was done on:
weeks group by the person's own days, even after travel or a clock change.

A history file that is not a database, or fails its integrity check, is moved
aside beside itself (never deleted) and a fresh one is started; a file from a
newer footdesk is left alone and nothing is written to it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol

from footdesk.records import SessionRecord, SessionStatus, StepRun, iso
from footdesk.session import Event, PhaseEnded, RoutineFinished, RoutineStarted

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 5.0

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
}


class HistoryError(Exception):
    """The history cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class OpenedHistory:
    store: HistoryStore | None
    notice: str | None = None
    """Something the person should know (a damaged file moved aside, history off)."""


# The store --------------------------------------------------------------------


class HistoryStore:
    """One SQLite file. Safe to use from two processes at once (WAL, a busy
    timeout, and writes that take the lock up front)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    @classmethod
    def open(cls, path: Path, now: Callable[[], datetime] = datetime.now) -> OpenedHistory:
        """Open (or create) the history for the app. Never raises for the file's
        sake: a damaged file is moved aside and replaced, an unusable folder
        means no history with a notice saying so."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return OpenedHistory(None, _not_saving(path, exc.strerror or str(exc)))
        try:
            return OpenedHistory(cls._open_checked(path))
        except _DamagedError as damage:
            moved = _move_aside(path, now())
            if moved is None:
                return OpenedHistory(None, _not_saving(path, f"it is damaged ({damage}) and cannot be moved aside"))
            try:
                store = cls._open_checked(path)
            except (_DamagedError, HistoryError, sqlite3.Error) as exc:
                return OpenedHistory(None, _not_saving(path, str(exc)))
            return OpenedHistory(
                store,
                f"Your history file was damaged ({damage}). It was moved to {moved} and a new one was started.",
            )
        except HistoryError as exc:
            return OpenedHistory(None, f"History is not being saved: {exc}.")
        except sqlite3.Error as exc:
            return OpenedHistory(None, _not_saving(path, str(exc)))

    @classmethod
    def open_for_reading(cls, path: Path) -> HistoryStore | None:
        """For the terminal commands: never creates, moves or migrates anything.
        None when there is no history yet; HistoryError when it cannot be read."""
        if not path.exists():
            return None
        try:
            connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise HistoryError(f"{path} was written by a newer footdesk (schema {version}); update footdesk")
            if version < SCHEMA_VERSION:
                connection.close()
                return None  # an empty file or an old one: nothing this footdesk can show yet
            connection.row_factory = sqlite3.Row
            connection.execute("SELECT count(*) FROM sessions").fetchone()
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"{path} cannot be read ({exc}); open footdesk to repair it") from None
        return cls(path, connection)

    @classmethod
    def _open_checked(cls, path: Path) -> HistoryStore:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            connection.row_factory = sqlite3.Row
            try:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise HistoryError(
                        f"{path} was written by a newer footdesk (schema {version}); it is left as it is"
                    )
                check = connection.execute("PRAGMA quick_check").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                    raise
                raise _DamagedError(str(exc)) from None
            if check != "ok":
                raise _DamagedError(check)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA foreign_keys = ON")
            _migrate(connection, version)
        except BaseException:
            connection.close()
            raise
        return cls(path, connection)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # Writing ---------------------------------------------------------------

    def begin_session(self, routine: str, started_at: datetime) -> int:
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (routine, started_at, local_date, status) VALUES (?, ?, ?, 'partial')",
                (routine, iso(started_at), started_at.astimezone().date().isoformat()),
            )
            return int(cursor.lastrowid or 0)

    def add_step_run(self, session_id: int, run: StepRun) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO step_runs (session_id, step, side, planned_s, actual_s, outcome, started_at, ended_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, run.step, run.side, run.planned_s, run.actual_s, run.outcome, run.started_at,
                 run.ended_at),
            )  # fmt: skip

    def end_session(self, session_id: int, ended_at: datetime, completed: bool) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET ended_at = ?, status = ? WHERE id = ?",
                (iso(ended_at), "completed" if completed else "partial", session_id),
            )

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

    # Reading ---------------------------------------------------------------

    def sessions(self, first: date | None = None, last: date | None = None) -> list[SessionRecord]:
        """Sessions (with their steps) done on local dates first..last, oldest first."""
        where, params = ["EXISTS (SELECT 1 FROM step_runs WHERE step_runs.session_id = sessions.id)"], []
        if first is not None:
            where.append("local_date >= ?")
            params.append(first.isoformat())
        if last is not None:
            where.append("local_date <= ?")
            params.append(last.isoformat())
        clause = f"WHERE {' AND '.join(where)}"
        rows = self._db.execute(f"SELECT * FROM sessions {clause} ORDER BY started_at, id", params).fetchall()
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        runs: dict[int, list[StepRun]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for run in self._db.execute(f"SELECT * FROM step_runs WHERE session_id IN ({marks}) ORDER BY id", chunk):
                runs.setdefault(run["session_id"], []).append(
                    StepRun(run["step"], run["side"], run["planned_s"], run["actual_s"], run["outcome"],
                            run["started_at"], run["ended_at"])
                )  # fmt: skip
        return [
            SessionRecord(row["id"], row["routine"], row["started_at"], row["ended_at"],
                          date.fromisoformat(row["local_date"]), SessionStatus(row["status"]), row["pain"],
                          tuple(runs.get(row["id"], ())))
            for row in rows
        ]  # fmt: skip

    def completed_days(self) -> set[date]:
        rows = self._db.execute("SELECT DISTINCT local_date FROM sessions WHERE status = 'completed'")
        return {date.fromisoformat(row[0]) for row in rows}

    def first_day(self) -> date | None:
        """The first day anything was done: the days before it were not missed."""
        row = self._db.execute(
            "SELECT min(local_date) FROM sessions WHERE EXISTS"
            " (SELECT 1 FROM step_runs WHERE step_runs.session_id = sessions.id)"
        ).fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def rest_days(self) -> set[date]:
        return {date.fromisoformat(row[0]) for row in self._db.execute("SELECT local_date FROM rest_days")}


class _DamagedError(Exception):
    pass


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    for target in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _MIGRATIONS[target].split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {target}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")


def _move_aside(path: Path, now: datetime) -> Path | None:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
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


def _not_saving(path: Path, reason: str) -> str:
    return f"History is not being saved: {path} cannot be used ({reason}). The routine works as usual."


# Recording a live session -----------------------------------------------------


class SessionRecorder(Protocol):
    def record(self, event: Event) -> None:
        """Called for every session event, in order, as it happens."""


@dataclass
class StoreRecorder:
    """Writes a live session to the store. Session events carry monotonic times;
    the wall-clock instant is taken once at the start and the rest follow from
    it, so a clock change mid-session never bends the record.

    The session's row is written with its first step run: a session stopped
    before anything was done leaves no row (nothing to count, nothing to show).
    A write that cannot be made yet (the history not open yet, a locked or full
    disk) is kept, in order, and tried again with the next event or ``flush``:
    nothing done is dropped while footdesk runs.
    """

    store: HistoryStore | None
    routine_id: str
    wall_clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    session_id: int | None = None
    _origin: tuple[float, datetime] | None = None
    _pending: list[Callable[[HistoryStore], None]] = field(default_factory=list)
    _begin_args: tuple[str, datetime] | None = None

    @property
    def pending(self) -> int:
        """Writes kept for later."""
        return len(self._pending)

    def record(self, event: Event) -> None:
        if isinstance(event, RoutineStarted):
            if self.store is None:
                self._pending.clear()  # nothing of an earlier session could be kept anywhere
            self._origin = (event.at, self.wall_clock())
            self.session_id = None
            origin, routine = self._origin[1], self.routine_id
            self._pending.append(lambda store: self._begin(store, routine, origin))
            return
        if self._origin is None:
            return
        if isinstance(event, PhaseEnded) and not event.run.phase.rest:  # a rest is not exercise
            run = event.run
            step_run = StepRun(
                step=run.phase.step.id,
                side=run.phase.side.value if run.phase.side else None,
                planned_s=run.planned_s,
                actual_s=run.active_s,
                outcome=run.outcome.value,
                started_at=iso(self._wall(run.started_at)),
                ended_at=iso(self._wall(run.ended_at)),
            )
            self._pending.append(lambda store: self._add(store, step_run))
            self.flush()
        elif isinstance(event, RoutineFinished):
            ended, completed = self._wall(event.at), event.completed
            self._pending.append(lambda store: self._end(store, ended, completed))
            self.flush()

    def flush(self) -> None:
        """Make the writes kept so far, oldest first; the first failure stops and
        raises, keeping it and the rest for the next try."""
        if self.store is None:
            return
        while self._pending:
            self._pending[0](self.store)
            self._pending.pop(0)

    def _begin(self, store: HistoryStore, routine: str, started_at: datetime) -> None:
        self.session_id = None
        self._begin_args = (routine, started_at)

    def _add(self, store: HistoryStore, run: StepRun) -> None:
        if self.session_id is None:
            assert self._begin_args is not None
            routine, started_at = self._begin_args
            self.session_id = store.begin_session(routine, started_at)
        store.add_step_run(self.session_id, run)

    def _end(self, store: HistoryStore, ended_at: datetime, completed: bool) -> None:
        if self.session_id is not None:
            store.end_session(self.session_id, ended_at, completed)

    def _wall(self, at: float) -> datetime:
        assert self._origin is not None
        mono, wall = self._origin
        return wall + timedelta(seconds=at - mono)
