"""The history's schema: each version's tables, the upgrades between them,
and the check a file must pass before footdesk reads or writes it.

The schema version lives in the file's ``user_version`` and changes only
through ``_MIGRATIONS`` (one script per version, run in its own transaction),
so an older file stays readable and is brought up to date the first time the
window opens it; a file from a newer footdesk is never touched.
"""

from __future__ import annotations

import sqlite3

from footdesk.history.troubles import _ForeignError
from footdesk.i18n import _

SCHEMA_VERSION = 7

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
    # a session the person deleted (``footdesk history --delete``): its rows stay
    # as they were, left out of everything shown until it is brought back
    3: """
    CREATE TABLE deleted (
        session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        at TEXT NOT NULL
    );
    """,
    # a correction the person made (a rating changed, a part marked done later,
    # ``footdesk history --rate`` / ``--mark-done`` or the review): the session's
    # rows take the new values, and what they held before is kept here for good
    # (``undone_at`` once the correction was taken back)
    4: """
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('pain', 'done')),
        step_run_id INTEGER REFERENCES step_runs (id) ON DELETE CASCADE,
        pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
        pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        outcome_before TEXT CHECK (outcome_before IN ('completed', 'skipped', 'restarted', 'stopped')),
        actual_before REAL,
        actual_after REAL,
        status_before TEXT CHECK (status_before IN ('partial', 'completed')),
        status_after TEXT CHECK (status_after IN ('partial', 'completed')),
        at TEXT NOT NULL,
        undone_at TEXT
    );
    CREATE INDEX corrections_by_session ON corrections (session_id);
    """,
    # how each exercise went, as the person said right after it (a check-in),
    # a note about the session, and the plan's phase and week it ran in
    5: """
    CREATE TABLE check_ins (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        step TEXT NOT NULL,
        effort TEXT CHECK (effort IN ('easy', 'about-right', 'hard')),
        pain INTEGER CHECK (pain BETWEEN 0 AND 10),
        PRIMARY KEY (session_id, step)
    );
    ALTER TABLE sessions ADD COLUMN note TEXT CHECK (length(note) <= 500);
    ALTER TABLE sessions ADD COLUMN plan_phase TEXT;
    ALTER TABLE sessions ADD COLUMN plan_week INTEGER CHECK (plan_week >= 1)
    """,
    # the back questionnaires (``footdesk.questionnaires``): a Roland-Morris's 24
    # answers, a PSFS's activities and ratings (JSON), an Oswestry score given
    # elsewhere (no answers); one row each time, never changed
    6: """
    CREATE TABLE questionnaires (
        id INTEGER PRIMARY KEY,
        instrument TEXT NOT NULL CHECK (instrument IN ('rmdq', 'psfs', 'odi')),
        taken_on TEXT NOT NULL CHECK (length(taken_on) = 10),
        answered_at TEXT NOT NULL,
        score REAL NOT NULL CHECK (score >= 0 AND score <= CASE instrument WHEN 'rmdq' THEN 24
                                                                           WHEN 'psfs' THEN 10 ELSE 100 END),
        answers TEXT CHECK (length(answers) <= 2000),
        CHECK ((instrument = 'odi') = (answers IS NULL)),
        UNIQUE (instrument, answered_at)
    );
    CREATE INDEX questionnaires_by_date ON questionnaires (taken_on)
    """,
    # a questionnaire's score the person deleted (``footdesk questionnaire
    # --delete``): its row stays as it was, left out of everything shown until
    # ``--undelete`` brings it back (as a deleted session)
    7: """
    CREATE TABLE deleted_questionnaires (
        questionnaire_id INTEGER PRIMARY KEY REFERENCES questionnaires (id) ON DELETE CASCADE,
        at TEXT NOT NULL
    )
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
_CHECK_INS = {"session_id", "step", "effort", "pain"}
_SESSIONS_V5 = {"note", "plan_phase", "plan_week"}
_QUESTIONNAIRES = {"id", "instrument", "taken_on", "answered_at", "score", "answers"}
_CORRECTIONS = {"id", "session_id", "kind", "step_run_id", "pain_before", "pain_after", "outcome_before",
                "actual_before", "actual_after", "status_before", "status_after", "at", "undone_at"}  # fmt: skip


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
            raise _ForeignError(
                _("it has tables footdesk does not know: {tables}").format(tables=", ".join(sorted(tables)))
            )
        return
    wanted = dict(_TABLES)
    if version >= 2:
        wanted.update(_TABLES_V2)
    if version >= 3:
        wanted["deleted"] = {"session_id", "at"}
    if version >= 4:
        wanted["corrections"] = _CORRECTIONS
    if version >= 5:
        wanted["check_ins"] = _CHECK_INS
        wanted["sessions"] = wanted["sessions"] | _SESSIONS_V5
    if version >= 6:
        wanted["questionnaires"] = _QUESTIONNAIRES
    if version >= 7:
        wanted["deleted_questionnaires"] = {"questionnaire_id", "at"}
    for table, columns in wanted.items():
        if table not in tables:
            raise _ForeignError(_("it has no {table} table").format(table=table))
        missing = columns - tables[table]
        if missing:
            raise _ForeignError(
                _("its {table} table has no {columns}").format(table=table, columns=", ".join(sorted(missing)))
            )


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
