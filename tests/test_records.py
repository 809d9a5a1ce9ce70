"""How a run ended (records.Outcome) from the history file to the exports:
parsed once where a row becomes a StepRun, written back as the same text, and
a row holding anything else left out rather than failing the read."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import FrozenInstanceError, replace
from datetime import UTC, date, datetime, timedelta

import pytest

from footdesk import paths
from footdesk.cli import main
from footdesk.history import HistoryStore, read_history_file
from footdesk.records import (
    MAX_PLAN_WEEK,
    NOTE_MAX_CHARS,
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
    pain_over_limit,
    pain_value,
    plan_phase_of,
    plan_week_of,
)
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


# What a record adds up to, and its JSON ------------------------------------------


DAY = date(2026, 11, 16)


def run(step: str, planned: int | None, actual: float, outcome: Outcome = Outcome.COMPLETED) -> StepRun:
    return StepRun(step, "left" if planned else None, planned, actual, outcome, "2026-11-16T08:00:00.000+01:00",
                   "2026-11-16T08:00:30.000+01:00")  # fmt: skip


def record(
    *steps: StepRun, status: SessionStatus = SessionStatus.COMPLETED, id: int = 7, at: str = ""
) -> SessionRecord:
    started = at or "2026-11-16T08:00:00.000+01:00"
    return SessionRecord(id, "foot-strength", started, "2026-11-16T08:05:00.000+01:00", DAY, status, 3, steps)


def test_the_history_json_of_a_session_is_the_documented_shape():
    """CONTRIBUTING's "History JSON" contract, key for key."""
    session = record(run("walk", None, 0), run("roll", 120, 65.12345, Outcome.SKIPPED), status=SessionStatus.PARTIAL)
    assert session.as_json() == {
        "id": 7,
        "routine": "foot-strength",
        "started_at": "2026-11-16T08:00:00.000+01:00",
        "ended_at": "2026-11-16T08:05:00.000+01:00",
        "status": "partial",
        "pain": 3,
        "steps": [
            {"step": "walk", "side": None, "planned_s": None, "actual_s": 0, "completed": True, "skipped": False,
             "started_at": "2026-11-16T08:00:00.000+01:00", "ended_at": "2026-11-16T08:00:30.000+01:00"},
            {"step": "roll", "side": "left", "planned_s": 120, "actual_s": 65.123, "completed": False, "skipped": True,
             "started_at": "2026-11-16T08:00:00.000+01:00", "ended_at": "2026-11-16T08:00:30.000+01:00"},
        ],
        "check_ins": [],
        "note": None,
        "plan_phase": None,
        "plan_week": None,
    }  # fmt: skip
    assert record(status=SessionStatus.COMPLETED).as_json()["status"] == "completed"
    answered = replace(session, check_ins=(CheckIn("roll", Effort.ABOUT_RIGHT, 2), CheckIn("raise", None, None)),
                       note="Left heel sore", plan_phase="Build", plan_week=3)  # fmt: skip
    data = answered.as_json()
    assert data["check_ins"] == [{"step": "roll", "effort": "about-right", "pain": 2},
                                 {"step": "raise", "effort": None, "pain": None}]  # fmt: skip
    assert (data["note"], data["plan_phase"], data["plan_week"]) == ("Left heel sore", "Build", 3)


def test_a_note_is_one_line_of_at_most_500_characters_without_control_characters():
    assert note_of("  Sore \x1b[31mheel\u202e\n today ") == "Sore  [31mheel   today"
    assert note_of("x" * 600) == "x" * NOTE_MAX_CHARS == note_of("x" * 500)
    assert note_of("   ") is None and note_of("") is None and note_of(None) is None and note_of(7) is None


def test_stored_values_footdesk_never_writes_are_refused():
    assert effort_of("about-right") is Effort.ABOUT_RIGHT and effort_of("x") is None and effort_of(1) is None
    assert pain_value(0) == 0 and pain_value(10) == 10
    assert pain_value(11) is None and pain_value(-1) is None and pain_value(99) is None and pain_value("3") is None
    assert pain_value(True) is None
    assert plan_week_of(1) == 1 and plan_week_of(MAX_PLAN_WEEK) == MAX_PLAN_WEEK
    assert plan_week_of(0) is None and plan_week_of(MAX_PLAN_WEEK + 1) is None and plan_week_of("2") is None
    assert plan_phase_of("Build") == "Build" and plan_phase_of("x" * 120) == "x" * 120
    assert plan_phase_of("x" * 121) is None and plan_phase_of("Bu\x1bild") is None and plan_phase_of(" ") is None
    assert plan_phase_of(3) is None


def test_check_ins_read_back_in_the_order_their_exercises_ran():
    steps = (run("roll", 120, 120), run("raise", 60, 60), run("roll", 120, 120))
    answers = [CheckIn("zz", None, 1), CheckIn("raise", Effort.HARD, None), CheckIn("roll", Effort.EASY, 0)]
    assert [c.step for c in in_run_order(answers, steps)] == ["roll", "raise", "zz"]


def test_pain_over_the_limit_is_a_check_in_or_a_rating_above_it_in_that_week():
    week = DAY.isocalendar()[:2]
    calm = replace(record(), pain=5, check_ins=(CheckIn("roll", Effort.HARD, 5),))
    assert calm.worst_pain == 5 and not pain_over_limit([calm], 5, week)
    assert pain_over_limit([calm], 4, week)
    hurt = replace(record(), pain=None, check_ins=(CheckIn("roll", None, 6), CheckIn("raise", None, 2)))
    assert hurt.worst_pain == 6 and pain_over_limit([calm, hurt], 5, week)
    back = replace(record(), pain=7, check_ins=(CheckIn("roll", None, None),))
    assert back.worst_pain == 7 and pain_over_limit([back], 6, week) and not pain_over_limit([back], 7, week)
    earlier = replace(hurt, local_date=DAY - timedelta(days=7))
    assert not pain_over_limit([earlier], 5, week) and pain_over_limit([earlier], 5, (week[0], week[1] - 1))
    unrated = replace(record(), pain=None)
    assert unrated.worst_pain is None and not pain_over_limit([unrated], 0, week)
    assert pain_over_limit([replace(record(), pain=1)], 0, week)


def test_a_session_adds_up_its_timed_parts_and_keeps_its_confirmed_habits_once():
    session = record(
        run("walk", None, 0),
        run("walk", None, 0),
        run("shoes", None, 0, Outcome.SKIPPED),  # gone past, not kept
        run("roll", 120, 50, Outcome.RESTARTED),
        run("roll", 120, 120),
    )
    assert session.completed and not record(status=SessionStatus.PARTIAL).completed
    assert session.exercise_s == 170  # the restarted try was still done
    assert session.habits_kept == frozenset({"walk"})
    assert run("walk", None, 0).timed is False and run("roll", 120, 0).timed is True
    assert run("roll", 120, 0, Outcome.COMPLETED).completed and not run("roll", 120, 0, Outcome.STOPPED).completed


def test_times_are_written_with_their_offset_to_the_millisecond_and_ordered_by_the_instant():
    instant = datetime(2026, 3, 29, 0, 30, 0, 123456, tzinfo=UTC)
    written = iso(instant)
    assert written.endswith(".123" + written[-6:])
    assert datetime.fromisoformat(written) == instant.replace(microsecond=123000)
    summer = record(at="2026-03-29T02:30:00.000+02:00", id=1)  # 00:30 UTC
    winter = record(at="2026-03-29T02:10:00.000+01:00", id=2)  # 01:10 UTC: later, though its text sorts first
    broken = record(at="not a time", id=3)
    assert [s.id for s in oldest_first([winter, broken, summer])] == [3, 1, 2]
    tied = [record(at="2026-03-29T02:30:00.000+02:00", id=n) for n in (5, 4)]
    assert [s.id for s in oldest_first(tied)] == [4, 5]  # the id breaks a tie
    assert instant_of("2026-03-29T01:10:00+01:00") == datetime(2026, 3, 29, 0, 10, tzinfo=UTC)
    assert instant_of("2026-03-29T01:10:00").tzinfo is UTC  # local, made UTC
    assert instant_of("") == datetime.min.replace(tzinfo=UTC)


def test_records_are_values():
    session = record(run("roll", 120, 120))
    for value, name in ((session, "pain"), (session.steps[0], "actual_s")):
        with pytest.raises(FrozenInstanceError):
            setattr(value, name, None)
        assert hash(value) == hash(value)
    assert SessionRecord(1, "r", "", None, DAY, SessionStatus.PARTIAL, None).steps == ()


def test_an_interrupted_session_carries_on_where_it_stopped_even_after_a_restart_or_in_a_later_set():
    from footdesk.records import ResumePoint, resume_point
    from footdesk.routine import load_default_routine, parse_routine
    from footdesk.session import build_phases

    phases = build_phases(load_default_routine())  # barefoot, roll left, roll right, heel raises, shoes
    restarted = record(
        run("barefoot", None, 0), run("roll", 120, 30, Outcome.RESTARTED), run("roll", 120, 120),
        StepRun("roll", "right", 120, 45.0, Outcome.STOPPED, "", ""), status=SessionStatus.PARTIAL,
    )  # fmt: skip
    assert resume_point(restarted, phases) == ResumePoint(2, 45.0, True)
    sets = parse_routine(
        'schema = 2\nid = "own"\ntitle = "Own"\n[[steps]]\nid = "squats"\ntitle = "Squats"\ntiming = "timed"\n'
        'seconds = 10\nsets = 3\ninstructions = ["x"]\n'
    )
    second_set = record(
        StepRun("squats", None, 10, 10.0, Outcome.COMPLETED, "", ""),
        StepRun("squats", None, 10, 4.0, Outcome.STOPPED, "", ""),
        status=SessionStatus.PARTIAL,
    )
    assert resume_point(second_set, build_phases(sets)) == ResumePoint(1, 4.0, True)  # the second set, not the first
    with pytest.raises(FrozenInstanceError):
        ResumePoint(1, 0.0, True).done_s = 1.0  # type: ignore[misc]
