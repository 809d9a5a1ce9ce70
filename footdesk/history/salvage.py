"""Reading a history file that may come from anyone: a file moved aside as
damaged, or one the person brings back from elsewhere.

What sits on good pages of a damaged file is read row by row; every row is
checked as received data (a routine file is checked the same way), and a row
that fails is left out with its reason, which names the row and the column,
never the value (it could be a forged log line). Reading has bounds: SQLite
computes what a file tells it to as it is read, so no value may be longer
than footdesk ever writes, and reading stops after ``READ_LIMIT_S``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from footdesk.history.questionnaires import read_received
from footdesk.history.troubles import (
    BUSY_TIMEOUT_S,
    HistoryError,
    HistoryProblem,
    ProblemKind,
    Trouble,
    _ForeignError,
    _ProblemError,
    _refuse_special,
    error_name,
    trouble_of,
)
from footdesk.i18n import N_, _
from footdesk.questionnaires import Answered
from footdesk.records import (
    MAX_RUN_S,
    CheckIn,
    SessionRecord,
    SessionStatus,
    StepRun,
    effort_of,
    in_run_order,
    note_of,
    oldest_first,
    outcome_of,
    pain_value,
    plan_phase_of,
    plan_week_of,
)

log = logging.getLogger(__name__)

READ_LIMIT_S = 3.0
"""How long reading a history file that came from elsewhere may take."""
_LONGEST_VALUE = 1_000_000
"""The longest text or blob such a file may hand footdesk, in bytes (footdesk writes a few dozen)."""


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
    questionnaires: tuple[Answered, ...] = ()
    """The back questionnaires (schema 6), each row checked; a row that fails is left out."""


def read_history_file(path: Path) -> HistoryContents:
    """Everything that can be read from a history file (damaged ones included:
    what sits on good pages is read row by row). Changes nothing; raises
    HistoryError when nothing can be read."""
    try:
        _refuse_special(path)
    except _ProblemError as special:
        raise HistoryError(_unreadable(path, special.reason, special.trouble)) from None
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
            raise HistoryError(HistoryProblem(ProblemKind.FOREIGN, path, str(foreign))) from None
        except sqlite3.Error as exc:
            if error_name(exc) in ("SQLITE_INTERRUPT", "SQLITE_TOOBIG"):
                if error_name(exc) == "SQLITE_INTERRUPT":
                    why = _("reading it took longer than {seconds} s").format(seconds=f"{READ_LIMIT_S:.0f}")
                else:
                    why = _("it holds a value far longer than footdesk writes")
                raise HistoryError(_unreadable(path, why, Trouble.FAULT)) from None
            first = first or exc
            if trouble_of(exc) is not Trouble.NOT_NOW:
                break
        finally:
            connection.close()
    assert first is not None
    raise HistoryError(_unreadable(path, str(first), trouble_of(first)))


def _unreadable(path: Path, reason: str, trouble: Trouble) -> HistoryProblem:
    return HistoryProblem(ProblemKind.UNREADABLE, path, reason, trouble=trouble)


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
    tables = _tables_to_salvage(db)
    if not tables:
        return HistoryContents(()), []
    sessions, complete = _rows(db, "sessions")
    if "deleted" in tables:  # the person deleted them in that file: bringing it back must not undo that
        gone, deletions_read = _deleted_ids(db)
        sessions = [row for row in sessions if row["id"] not in gone]
        complete = complete and deletions_read
    runs = _Runs()
    runs.take(*_rows(db, "step_runs"), kind="step run")
    if "part_under_way" in tables:  # a part under way that was saved is part of the record, after the session's runs
        runs.take(*_parts_under_way(db), kind="the part under way of session")
    if "check_ins" in tables:
        runs.check_ins, answers_read = _check_ins(db)
        runs.complete = runs.complete and answers_read
    records, sessions_complete = _salvage_sessions(sessions, runs)
    rest, rest_complete = _salvage_rest_days(db)
    questionnaires, answers_whole = read_received(db) if "questionnaires" in tables else ((), True)
    whole = complete and runs.complete and sessions_complete and rest_complete and answers_whole
    contents = HistoryContents(tuple(oldest_first(records)), frozenset(rest), whole, runs.skipped_sessions,
                               runs.skipped_runs, runs.rejected[0] if runs.rejected else None,
                               questionnaires)  # fmt: skip
    return contents, runs.rejected


def _tables_to_salvage(db: sqlite3.Connection) -> set[str]:
    """The file's tables, when they are a history's (none: an empty file);
    _ForeignError when they are not, or would compute what they hold."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"sessions", "step_runs"} <= tables:
        if not tables:
            return set()
        raise _ForeignError(_("it has no sessions or no step_runs table"))
    for table in ("sessions", "step_runs", "part_under_way", "rest_days", "deleted", "check_ins", "questionnaires"):
        if table in tables and any(column[6] for column in db.execute(f"PRAGMA table_xinfo({table})")):
            raise _ForeignError(
                _("its {table} table has computed columns, which footdesk never writes").format(table=table)
            )
    return tables


def _check_ins(db: sqlite3.Connection) -> tuple[dict[int, list[CheckIn]], bool]:
    """The check-ins by session, each checked as received data (the step an
    id, the effort one footdesk writes, the pain 0 to 10): one that fails is
    left out, the session kept. False when the table could not be read whole."""
    from footdesk.routine import is_id

    answers: dict[int, list[CheckIn]] = {}
    try:
        rows = db.execute("SELECT session_id, step, effort, pain FROM check_ins").fetchall()
    except sqlite3.DatabaseError:
        return answers, False
    for row in rows:
        session_id, step, effort, pain = row
        if type(session_id) is not int or not is_id(step):
            continue
        if (effort is not None and effort_of(effort) is None) or (pain is not None and pain_value(pain) is None):
            continue
        answers.setdefault(session_id, []).append(CheckIn(step, effort_of(effort), pain_value(pain)))
    return answers, True


def _parts_under_way(db: sqlite3.Connection) -> tuple[list[sqlite3.Row], bool]:
    """The saved parts under way, as the stopped step runs they stand for."""
    try:
        return db.execute(
            "SELECT session_id AS id, session_id, step, side, planned_s, actual_s, 'stopped' AS outcome,"
            " started_at, saved_at AS ended_at FROM part_under_way ORDER BY session_id"
        ).fetchall(), True
    except sqlite3.DatabaseError:
        return [], False


@dataclass
class _Runs:
    """The step runs read so far, by session, and what was left out of them."""

    by_session: dict[int, list[StepRun]] = field(default_factory=dict)
    check_ins: dict[int, list[CheckIn]] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)
    """Why each row left out was (of runs, then of sessions)."""
    rejected_by_session: dict[int, int] = field(default_factory=dict)
    complete: bool = True
    """False when some row could not be read at all."""
    skipped_sessions: int = 0
    skipped_runs: int = 0
    """Runs left out of the sessions that are kept (those of a session left out do not count)."""

    def take(self, rows: list[sqlite3.Row], whole: bool, kind: str) -> None:
        """Each row checked as a run of its session."""
        self.complete = self.complete and whole
        for row in rows:
            try:
                session_id, step_run = _received_run(row, kind)
            except _RejectedError as why:
                self.rejected.append(why.reason)
                owner = row["session_id"]
                if isinstance(owner, int):
                    self.rejected_by_session[owner] = self.rejected_by_session.get(owner, 0) + 1
                continue
            except (IndexError, TypeError, ValueError):
                self.complete = False
                continue
            self.by_session.setdefault(session_id, []).append(step_run)


def _salvage_sessions(sessions: list[sqlite3.Row], runs: _Runs) -> tuple[list[SessionRecord], bool]:
    """The sessions with something done that pass footdesk's checks; False
    when some row could not be read at all."""
    records = []
    complete = True
    for row in sessions:
        steps = runs.by_session.get(row["id"])
        if not steps:
            runs.skipped_runs += runs.rejected_by_session.get(row["id"], 0)
            continue  # nothing done that can be shown
        try:
            records.append(_received_session(row, steps, runs.check_ins.get(row["id"], ())))
        except _RejectedError as why:
            runs.rejected.append(why.reason)
            runs.skipped_sessions += 1
            continue
        except (IndexError, TypeError, ValueError):
            complete = False
            continue
        runs.skipped_runs += runs.rejected_by_session.get(row["id"], 0)
    return records, complete


def _deleted_ids(db: sqlite3.Connection) -> tuple[set[object], bool]:
    """The ids of the sessions deleted in the file (schema 4); False when the
    table could not be read whole (what could be is still left out)."""
    gone: set[object] = set()
    try:
        for row in db.execute("SELECT session_id FROM deleted"):
            gone.add(row[0])
    except sqlite3.DatabaseError:
        return gone, False
    return gone, True


def _salvage_rest_days(db: sqlite3.Connection) -> tuple[set[date], bool]:
    rest: set[date] = set()
    try:
        for row in db.execute("SELECT local_date FROM rest_days"):
            day = date.fromisoformat(row[0])
            if _YEARS[0] <= day.year <= _YEARS[1]:  # as a session's date: the week's arithmetic stays in range
                rest.add(day)
    except (sqlite3.DatabaseError, TypeError, ValueError):
        return rest, False
    return rest, True


class _RejectedError(Exception):
    """A row of a received history that fails footdesk's checks. ``reason``
    names the row and the column, never the value (it may be anything)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_SIDES = (None, "left", "right")


def _received_session(row: sqlite3.Row, steps: Sequence[StepRun], check_ins: Sequence[CheckIn] = ()) -> SessionRecord:
    """A session row of a file to bring back, checked as a routine file is:
    the routine an id (the whole text, ``routine.is_id``), times ISO 8601
    instants with their offsets, the date a date, the status and the rating
    what footdesk writes, no text with a control character. _RejectedError
    otherwise."""
    where = _row_name("session", row["id"])
    if type(row["id"]) is not int:
        raise _RejectedError(_("{where}: its id is not a number").format(where=where))
    routine = _received_id(row["routine"], _("the routine of {where}").format(where=where))
    started_at = _received_instant(row["started_at"], f"{where}: started_at")
    ended_at = None if row["ended_at"] is None else _received_instant(row["ended_at"], f"{where}: ended_at")
    local_date = row["local_date"]
    try:
        day = date.fromisoformat(local_date) if isinstance(local_date, str) and len(local_date) == 10 else None
    except ValueError:
        day = None
    if day is None or not _YEARS[0] <= day.year <= _YEARS[1]:
        raise _RejectedError(
            _("{where}: local_date is not a date from {first} to {last}").format(
                where=where, first=_YEARS[0], last=_YEARS[1]
            )
        )
    status = row["status"]
    if status not in ("partial", "completed"):
        raise _RejectedError(_("{where}: status is neither partial nor completed").format(where=where))
    pain = row["pain"]
    if pain is not None and not (type(pain) is int and 0 <= pain <= 10):
        raise _RejectedError(_("{where}: pain is not 0 to 10").format(where=where))
    columns = row.keys()
    return SessionRecord(row["id"], routine, started_at, ended_at, day, SessionStatus(status), pain, tuple(steps),
                         in_run_order(check_ins, steps), note_of(row["note"]) if "note" in columns else None,
                         plan_phase_of(row["plan_phase"]) if "plan_phase" in columns else None,
                         plan_week_of(row["plan_week"]) if "plan_week" in columns else None)  # fmt: skip


def _received_run(row: sqlite3.Row, kind: str = "step run") -> tuple[int, StepRun]:
    """A step run of a file to bring back, checked (its session's id, and the
    run): the step an id, the side left, right or none, seconds within
    ``MAX_RUN_S``, an outcome footdesk writes, times ISO 8601 instants."""
    where = _row_name(kind, row["id"])
    session_id = row["session_id"]
    if type(session_id) is not int:
        raise _RejectedError(_("{where}: its session is not a number").format(where=where))
    step = _received_id(row["step"], _("the step of {where}").format(where=where))
    side = row["side"]
    if side not in _SIDES:
        raise _RejectedError(_("{where}: side is neither left, right nor empty").format(where=where))
    planned = row["planned_s"]
    if planned is not None and not (type(planned) is int and 0 <= planned <= MAX_RUN_S):
        raise _RejectedError(
            _("{where}: planned_s is not a number of seconds from 0 to {most}").format(where=where, most=MAX_RUN_S)
        )
    actual = row["actual_s"]
    if type(actual) not in (int, float) or not 0 <= actual <= MAX_RUN_S:  # NaN and infinity fail too
        raise _RejectedError(
            _("{where}: actual_s is not a number of seconds from 0 to {most}").format(where=where, most=MAX_RUN_S)
        )
    outcome = outcome_of(row["outcome"])
    if outcome is None:
        raise _RejectedError(_("{where}: outcome is not one footdesk writes").format(where=where))
    started_at = _received_instant(row["started_at"], f"{where}: started_at")
    ended_at = _received_instant(row["ended_at"], f"{where}: ended_at")
    return session_id, StepRun(step, side, planned, float(actual), outcome, started_at, ended_at)


def _received_id(value: object, what: str) -> str:
    from footdesk.routine import is_id

    if not is_id(value):
        raise _RejectedError(_("{what} is not an id of lowercase letters, digits and dashes").format(what=what))
    return value


_YEARS = (1970, 2200)
"""The years a session of a history brought back may be in: dates at the ends of
Python's range (year 1 or 9999) overflow the week's arithmetic (a day after
9999-12-31 does not exist), and no one exercised then."""


def _row_name(kind: str, row_id: object) -> str:
    """A row as a message names it: by its id when that is a number, never by a
    text the file holds (it could be a forged log line)."""
    named, unnamed = _ROW_NAMES[kind]
    return _(named).format(id=row_id) if type(row_id) is int else _(unnamed)


_ROW_NAMES = {
    "session": (N_("session {id}"), N_("a session with an id that is not a number")),
    "step run": (N_("step run {id}"), N_("a step run with an id that is not a number")),
    "the part under way of session": (
        N_("the part under way of session {id}"),
        N_("the part under way of a session with an id that is not a number"),
    ),
}
"""How a message names a row of a history brought back, by its kind (the kinds are identities)."""


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
    raise _RejectedError(
        _("{what} is not a time with its UTC offset from {first} to {last}").format(
            what=what, first=_YEARS[0], last=_YEARS[1]
        )
    )


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
