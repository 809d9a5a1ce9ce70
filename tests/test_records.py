"""How a run ended (records.Outcome) from the history file to the exports:
parsed once where a row becomes a StepRun, written back as the same text, and
a row holding anything else left out rather than failing the read."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta

from footdesk import paths
from footdesk.cli import main
from footdesk.history import HistoryStore, read_history_file
from footdesk.records import Outcome, StepRun, iso
from footdesk.report import sessions_csv, sessions_json

START = datetime(2026, 11, 18, 7, 30, tzinfo=UTC)
EVERY_OUTCOME = (Outcome.COMPLETED, Outcome.RESTARTED, Outcome.SKIPPED, Outcome.STOPPED)


def one_of_each(store: HistoryStore) -> int:
    """A session with a run of the left foot for each outcome, in that order."""
    session_id = store.begin_session("foot-strength", START)
    for second, outcome in enumerate(EVERY_OUTCOME):
        stamp = iso(START + timedelta(seconds=second))
        store.add_step_run(session_id, StepRun("roll", "left", 120, 30.0, outcome, stamp, stamp))
    return session_id


def test_each_outcome_is_stored_as_its_text_read_as_its_member_and_exported_as_its_text(tmp_path):
    path = tmp_path / "history.sqlite3"
    store = HistoryStore.open(path).store
    one_of_each(store)
    (session,) = store.sessions()
    store.close()
    assert [type(run.outcome) for run in session.steps] == [Outcome] * 4
    assert [run.outcome for run in session.steps] == list(EVERY_OUTCOME)
    # the file holds the plain words it always held
    stored = sqlite3.connect(path).execute("SELECT outcome, typeof(outcome) FROM step_runs ORDER BY id").fetchall()
    assert stored == [("completed", "text"), ("restarted", "text"), ("skipped", "text"), ("stopped", "text")]
    steps = json.loads(sessions_json([session]))[0]["steps"]
    assert [(step["completed"], step["skipped"]) for step in steps] == [
        (True, False), (False, False), (False, True), (False, False)
    ]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(sessions_csv([session]).removeprefix("\ufeff"))))
    assert [row["outcome"] for row in rows] == ["completed", "restarted", "skipped", "stopped"]
    # and a history brought back (checked as received data) gives the same members
    (received,) = read_history_file(path).sessions
    assert received.steps == session.steps and [type(run.outcome) for run in received.steps] == [Outcome] * 4


def test_a_saved_part_under_way_reads_as_a_stopped_run(tmp_path):
    store = HistoryStore.open(tmp_path / "history.sqlite3").store
    session_id = store.begin_session("foot-strength", START)
    store.save_part_under_way(session_id, StepRun("roll", "left", 120, 40.0, Outcome.STOPPED, iso(START), iso(START)))
    (session,) = store.sessions()
    store.close()
    assert [(run.outcome, run.actual_s) for run in session.steps] == [(Outcome.STOPPED, 40.0)]
    assert session.steps[0].outcome is Outcome.STOPPED


def an_unknown_outcome_in_the_history() -> None:
    """The person's own history with one run whose outcome footdesk never
    writes, as a file edited with its CHECKs off would hold."""
    path = paths.history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    store = HistoryStore.open(path).store
    session_id = one_of_each(store)
    store.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("UPDATE step_runs SET outcome = 'exploded' WHERE session_id = ? AND outcome = 'skipped'", (session_id,))
    db.commit()
    db.close()


def test_an_unknown_outcome_in_the_own_history_is_left_out_without_a_crash(capsys):
    an_unknown_outcome_in_the_history()
    reader = HistoryStore.open_for_reading(paths.history_file())
    (session,) = reader.sessions()
    reader.close()
    assert [run.outcome for run in session.steps] == [Outcome.COMPLETED, Outcome.RESTARTED, Outcome.STOPPED]
    for command in (["history", "--json"], ["export", "-"], ["history", "--week", "2026-W47"]):
        assert main(command) == 0
    said = capsys.readouterr()
    assert "Traceback" not in said.err and "exploded" not in said.out


def test_an_unknown_outcome_in_a_history_brought_back_is_counted_as_a_row_that_fails_the_checks():
    an_unknown_outcome_in_the_history()
    contents = read_history_file(paths.history_file())
    (session,) = contents.sessions
    assert [run.outcome for run in session.steps] == [Outcome.COMPLETED, Outcome.RESTARTED, Outcome.STOPPED]
    assert contents.skipped_runs == 1 and "outcome is not one footdesk writes" in (contents.first_rejected or "")
