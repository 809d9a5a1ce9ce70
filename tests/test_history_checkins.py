"""Schema 5: a check-in per exercise, a note, and the plan's phase and week a
session ran in, kept in the history; files of schema 4 read and migrated."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from footdesk.history import HistoryStore, read_history_file
from footdesk.history.migrations import SCHEMA_VERSION
from footdesk.records import CheckIn, Effort, Outcome, StepRun
from tests.helpers.old_history import built_by_old_migrations

STARTED = datetime(2026, 11, 17, 8, 0, tzinfo=UTC)


def a_run(step: str = "roll", side: str | None = "left") -> StepRun:
    return StepRun(step, side, 120, 120.0, Outcome.COMPLETED, "2026-11-17T08:00:00.000+00:00",
                   "2026-11-17T08:02:00.000+00:00")  # fmt: skip


def a_version_4_file(path: Path) -> None:
    """A history as footdesk wrote it before check-ins: the old migrations, one session."""
    built_by_old_migrations(path, 4)


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    opened = HistoryStore.open(tmp_path / "history.sqlite3")
    assert opened.store is not None
    yield opened.store
    opened.store.close()


def test_a_version_4_history_is_read_as_it_is_and_migrated_to_5_when_opened(tmp_path):
    path = tmp_path / "history.sqlite3"
    a_version_4_file(path)
    reader = HistoryStore.open_for_reading(path)
    (session,) = reader.sessions()  # the terminal reads it as it is, changing nothing
    assert (session.pain, session.check_ins, session.note, session.plan_phase) == (4, (), None, None)
    reader.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 4
    store = HistoryStore.open(path).store
    assert store is not None and store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    store.set_check_in(1, "roll", Effort.HARD, 3)
    store.set_note(1, "Left heel sore")
    (session,) = store.sessions()
    assert session.check_ins == (CheckIn("roll", Effort.HARD, 3),) and session.note == "Left heel sore"
    assert session.pain == 4 and session.steps[0].actual_s == 120.0
    store.close()


def test_a_file_that_says_5_without_the_check_ins_is_not_footdesks(tmp_path):
    path = tmp_path / "history.sqlite3"
    a_version_4_file(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 5")
    db.commit()
    db.close()
    opened = HistoryStore.open(path)
    assert opened.store is None and opened.problem.reason == "its sessions table has no note, plan_phase, plan_week"
    db = sqlite3.connect(path)
    for column in ("note", "plan_phase", "plan_week"):
        db.execute(f"ALTER TABLE sessions ADD COLUMN {column}")
    db.commit()
    db.close()
    opened = HistoryStore.open(path)
    assert opened.store is None and opened.problem.reason == "it has no check_ins table"


def test_check_ins_a_note_and_the_plan_are_written_and_read_with_their_session(store):
    session = store.begin_session("foot-strength", STARTED, "Build", 3)
    store.add_step_run(session, a_run("roll", "left"))
    store.add_step_run(session, a_run("roll", "right"))
    store.add_step_run(session, a_run("raise", None))
    store.set_check_in(session, "raise", None, 0)
    store.set_check_in(session, "roll", Effort.EASY, None)
    store.set_check_in(session, "roll", Effort.ABOUT_RIGHT, 2)  # a later answer replaces the first
    store.set_note(session, "  calf tight\x1b[2J " + "x" * 600)
    (record,) = store.sessions()
    assert record.check_ins == (CheckIn("roll", Effort.ABOUT_RIGHT, 2), CheckIn("raise", None, 0))
    assert record.note is not None and record.note.startswith("calf tight [2J x") and len(record.note) == 500
    assert (record.plan_phase, record.plan_week) == ("Build", 3)
    store.set_check_in(session, "raise", None, None)  # nothing answered: nothing kept
    store.set_note(session, "   ")
    (record,) = store.sessions()
    assert record.check_ins == (CheckIn("roll", Effort.ABOUT_RIGHT, 2),) and record.note is None
    with pytest.raises(ValueError):
        store.set_check_in(session, "roll", None, 11)


def test_corrupt_check_ins_and_plan_values_are_refused_at_the_storage_edge(store):
    session = store.begin_session("foot-strength", STARTED)
    store.add_step_run(session, a_run())
    db = store._db
    db.execute("PRAGMA ignore_check_constraints = ON")  # a file edited by hand
    db.execute("INSERT INTO check_ins VALUES (?, 'roll', 'x', 2)", (session,))
    db.execute("INSERT INTO check_ins VALUES (?, 'raise', 'hard', 99)", (session,))
    db.execute("INSERT INTO check_ins VALUES (?, 'walk', 'easy', 1)", (session,))
    db.execute("UPDATE sessions SET plan_week = -4, plan_phase = ?, note = ? WHERE id = ?",
               ("Bu\x1bild", "a\x07b" + "y" * 900, session))  # fmt: skip
    (record,) = store.sessions()
    assert record.check_ins == (CheckIn("walk", Effort.EASY, 1),)
    assert record.plan_week is None and record.plan_phase is None
    assert record.note == "a b" + "y" * 497


def test_a_history_brought_back_keeps_its_check_ins_and_notes_and_leaves_out_bad_ones(tmp_path, store):
    other_path = tmp_path / "other.sqlite3"
    other = HistoryStore.open(other_path).store
    session = other.begin_session("foot-strength", STARTED, "Start", 1)
    other.add_step_run(session, a_run())
    other.set_check_in(session, "roll", Effort.HARD, 6)
    other.set_note(session, "=HYPERLINK(1)")
    other._db.execute("PRAGMA ignore_check_constraints = ON")
    other._db.execute("INSERT INTO check_ins VALUES (?, 'raise', 'x', 1)", (session,))
    other.close()
    contents = read_history_file(other_path)
    (received,) = contents.sessions
    assert received.check_ins == (CheckIn("roll", Effort.HARD, 6),) and received.note == "=HYPERLINK(1)"
    store.merge(contents)
    (merged,) = store.sessions()
    assert merged.check_ins == received.check_ins and merged.note == received.note
    assert (merged.plan_phase, merged.plan_week) == ("Start", 1)
