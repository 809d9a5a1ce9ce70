"""Schema 6: the back questionnaires in the history; a schema-5 file (made
by the old migrations) read as it is and migrated when opened; values
footdesk never writes refused at the storage edge; carried when a history
file is brought back."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from footdesk.history import HistoryStore, read_history_file
from footdesk.history.migrations import SCHEMA_VERSION
from footdesk.questionnaires import Activity, Answered, Instrument, answered
from tests.helpers.old_history import built_by_old_migrations

AT = "2026-11-17T08:00:00.000+01:00"
DAY = date(2026, 11, 17)


def a_version_5_file(path: Path) -> None:
    """A history as footdesk wrote it before the questionnaires: the old migrations, one session."""
    built_by_old_migrations(path, 5, note="fine")


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    opened = HistoryStore.open(tmp_path / "history.sqlite3")
    assert opened.store is not None
    yield opened.store
    opened.store.close()


def test_a_version_5_history_is_read_as_it_is_and_migrated_to_6_when_opened(tmp_path):
    path = tmp_path / "history.sqlite3"
    a_version_5_file(path)
    reader = HistoryStore.open_for_reading(path)
    assert reader.questionnaires() == [] and reader.sessions()[0].note == "fine"
    reader.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 5
    store = HistoryStore.open(path).store
    assert store is not None and store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    store.add_questionnaire(answered(Instrument.ODI, DAY, AT, odi=30))
    assert [(r.instrument, r.score) for r in store.questionnaires()] == [(Instrument.ODI, 30.0)]
    assert store.sessions()[0].pain == 4
    store.close()


def test_each_instrument_is_written_and_read_back_with_its_answers(store):
    rmdq = answered(Instrument.RMDQ, DAY, AT, rmdq=[True, False] * 12)
    psfs = answered(Instrument.PSFS, DAY, AT, psfs=[Activity("=HYPERLINK(1)", 2), Activity("Stairs", 9)])
    for record in (rmdq, psfs):
        store.add_questionnaire(record)
    back = store.questionnaires()
    assert [(r.instrument, r.score, r.rmdq, r.psfs) for r in back] == [
        (Instrument.RMDQ, 12.0, rmdq.rmdq, None), (Instrument.PSFS, 5.5, None, psfs.psfs)]  # fmt: skip
    assert store.questionnaires(date(2026, 11, 18)) == []


def test_a_score_that_does_not_follow_from_its_answers_is_refused_and_nothing_written(store):
    lying = Answered(Instrument.RMDQ, DAY, AT, 3.0, rmdq=(False,) * 24)
    with pytest.raises(ValueError):
        store.add_questionnaire(lying)
    with pytest.raises(ValueError):
        store.add_questionnaire(Answered(Instrument.ODI, DAY, AT, 140.0))
    assert store.questionnaires() == []


def test_the_table_refuses_what_footdesk_never_writes_and_a_row_written_around_it_is_left_out(store):
    db = store._db
    for row in (("sf36", "2026-11-17", "a", 3, None), ("odi", "2026-11-17", "b", 101, None),
                ("rmdq", "2026-11-17", "c", 25, "[]"), ("odi", "2026-11-17", "d", 3, "[]"),
                ("psfs", "2026-11-17", "e", 3, None), ("odi", "17 Nov", "f", 3, None)):  # fmt: skip
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO questionnaires (instrument, taken_on, answered_at, score, answers)"
                       " VALUES (?, ?, ?, ?, ?)", row)  # fmt: skip
    db.execute("PRAGMA ignore_check_constraints = ON")  # a file edited with its CHECKs off
    db.execute("INSERT INTO questionnaires (instrument, taken_on, answered_at, score, answers)"
               " VALUES ('rmdq', '2026-11-17', 'g', 2, '[true, true]')")  # fmt: skip
    db.execute("INSERT INTO questionnaires (instrument, taken_on, answered_at, score, answers)"
               " VALUES ('odi', '2026-11-17', 'h', 700, NULL)")  # fmt: skip
    db.execute("PRAGMA ignore_check_constraints = OFF")
    store.add_questionnaire(answered(Instrument.ODI, DAY, AT, odi=20))
    assert [r.score for r in store.questionnaires()] == [20.0]


def test_bringing_a_history_back_carries_its_questionnaires_once(tmp_path, store):
    other = HistoryStore.open(tmp_path / "other.sqlite3").store
    other.add_questionnaire(answered(Instrument.RMDQ, DAY, AT, rmdq=[True] * 3 + [False] * 21))
    other.add_questionnaire(answered(Instrument.PSFS, DAY, AT, psfs=[Activity("Walking", 6)]))
    other.close()
    contents = read_history_file(tmp_path / "other.sqlite3")
    assert len(contents.questionnaires) == 2
    store.merge(contents)
    store.merge(contents)  # again: nothing twice
    assert [(r.instrument, r.score) for r in store.questionnaires()] == [(Instrument.RMDQ, 3.0),
                                                                       (Instrument.PSFS, 6.0)]  # fmt: skip


def test_a_version_6_history_keeps_its_scores_and_a_deleted_score_is_kept_and_can_come_back(tmp_path):
    from datetime import datetime

    path = tmp_path / "history.sqlite3"
    built_by_old_migrations(path, 6)
    db = sqlite3.connect(path)
    db.execute("INSERT INTO questionnaires (instrument, taken_on, answered_at, score) VALUES ('odi', ?, ?, 50)",
               (DAY.isoformat(), AT))  # fmt: skip
    db.commit()
    db.close()
    reader = HistoryStore.open_for_reading(path)  # read as it is, changing nothing
    assert [(r.id, r.score) for r in reader.questionnaires()] == [(1, 50.0)]
    reader.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 6
    store = HistoryStore.open(path).store
    assert store is not None and store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    store.add_questionnaire(answered(Instrument.ODI, DAY, "2026-11-17T09:00:00.000+01:00", odi=40))
    deleted = store.delete_questionnaire(1, datetime(2026, 11, 18, 8, 0).astimezone())
    assert deleted is not None and deleted.score == 50.0
    assert [r.score for r in store.questionnaires()] == [40.0]  # left out of everything shown
    assert store.delete_questionnaire(1, datetime(2026, 11, 18, 8, 0).astimezone()) is None  # once
    assert store.delete_questionnaire(99, datetime(2026, 11, 18, 8, 0).astimezone()) is None
    assert sqlite3.connect(path).execute("SELECT score FROM questionnaires WHERE id = 1").fetchone() == (50.0,)
    assert store.undelete_questionnaire(2) is None  # never deleted
    back = store.undelete_questionnaire(1)
    assert back is not None and back.id == 1 and [r.score for r in store.questionnaires()] == [50.0, 40.0]
    store.close()
