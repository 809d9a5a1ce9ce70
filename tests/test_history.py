from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from footdesk.history import (
    _MIGRATIONS,
    _TROUBLE_BY_CODE,
    SCHEMA_VERSION,
    Access,
    HistoryError,
    HistoryStore,
    StoreRecorder,
    Trouble,
    inspect_set_aside,
    read_history_file,
    set_aside_files,
    trouble_of,
)
from footdesk.history.troubles import ProblemKind
from footdesk.records import Outcome, StepRun, iso, resume_point
from footdesk.report import history_problem_text
from footdesk.routine import load_default_routine
from footdesk.session import Session, SessionOptions, State, build_phases
from footdesk.week import WeekSummary, summarize_week, week_span

T0 = 1000.0
START = datetime(2026, 11, 18, 7, 30, tzinfo=UTC)  # a Wednesday, week 47


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def said(opened) -> str:
    """What the person is told about an opened history: the store says what
    happened, report words it."""
    assert opened.problem is not None
    return history_problem_text(opened.problem)


@pytest.fixture
def store(path) -> HistoryStore:
    opened = HistoryStore.open(path)
    assert opened.problem is None
    yield opened.store
    opened.store.close()


def week_summary(store: HistoryStore, year: int, week: int, today: date) -> WeekSummary:
    """What the model asks of the store for a week, counted by footdesk.week."""
    return summarize_week(
        year, week, store.sessions(*week_span(year, week)), store.rest_days(), store.completed_days(),
        store.first_day(), today,
    )  # fmt: skip


def a_habit(store: HistoryStore, started: datetime) -> int:
    """A session in which one habit was kept: the least that leaves a row."""
    session_id = store.begin_session("foot-strength", started)
    stamp = iso(started)
    store.add_step_run(session_id, StepRun("barefoot", None, None, 0.0, "completed", stamp, stamp))
    return session_id


def run_routine(store: HistoryStore, start: datetime = START, skip_timed: int = 0, stop_after: int | None = None):
    """A whole routine through the session and the recorder, on a fake clock."""
    routine = load_default_routine()
    session = Session(routine, SessionOptions(get_ready_s=5, sleep_gap_s=1e9))
    recorder = StoreRecorder(store, routine.id, wall_clock=lambda: start)
    t = T0
    events = session.start(t)
    ended = 0
    for event in events:
        recorder.record(event)
    while session.state is not State.FINISHED:
        if stop_after is not None and ended >= stop_after and session.state is State.RUNNING:
            events = session.stop(t + 0.5)  # mid-phase: what ran so far is recorded as stopped
        elif session.state is State.TIP:
            t += 10
            events = session.skip(t)
        elif skip_timed and session.state is State.RUNNING:
            t += 30
            events = session.skip(t)
            skip_timed -= 1
        else:
            t = session.next_wakeup(t)
            events = session.tick(t)
        for event in events:
            recorder.record(event)
            ended += type(event).__name__ == "PhaseEnded"
    return recorder.session_id


def test_a_routine_leaves_exactly_the_rows_expected(store):
    session_id = run_routine(store)
    (record,) = store.sessions()
    assert record.id == session_id and record.status == "completed" and record.routine == "foot-strength"
    assert [(r.step, r.side, r.planned_s, r.actual_s, r.outcome) for r in record.steps] == [
        ("barefoot", None, None, 0.0, "completed"),
        ("roll", "left", 120, 120.0, "completed"),
        ("roll", "right", 120, 120.0, "completed"),
        ("heel-raises", None, 60, 60.0, "completed"),
        ("shoes", None, None, 0.0, "completed"),
    ]
    assert record.local_date == START.astimezone().date()
    assert record.exercise_s == 300 and record.habits_kept == {"barefoot", "shoes"}
    left = record.steps[1]
    assert datetime.fromisoformat(left.ended_at) - datetime.fromisoformat(left.started_at) == timedelta(seconds=120)


def test_times_have_offsets_and_milliseconds(store):
    run_routine(store)
    (record,) = store.sessions()
    for text in [record.started_at, record.ended_at] + [r.started_at for r in record.steps]:
        parsed = datetime.fromisoformat(text)
        assert parsed.utcoffset() is not None
        assert len(text.split("T")[1].split("+")[0].split("-")[0]) == len("07:30:00.000")


def test_json_matches_the_documented_schema(store):
    run_routine(store)
    store.set_pain(store.sessions()[0].id, 3)
    (data,) = [s.as_json() for s in store.sessions()]
    assert set(data) == {"id", "routine", "started_at", "ended_at", "status", "pain", "steps", "check_ins", "note",
                         "plan_phase", "plan_week"}  # fmt: skip
    assert data["status"] in ("completed", "partial") and data["pain"] == 3
    for step in data["steps"]:
        assert set(step) == {"step", "side", "planned_s", "actual_s", "completed", "skipped", "started_at", "ended_at"}
        assert step["side"] in ("left", "right", None)
        assert isinstance(step["completed"], bool) and isinstance(step["skipped"], bool)
    json.dumps(data)


def test_skipped_and_stopped_sessions_are_partial(store):
    run_routine(store, skip_timed=1)
    run_routine(store, start=START + timedelta(hours=2), stop_after=2)
    first, second = store.sessions()
    assert first.status == "partial" and "skipped" in [r.outcome for r in first.steps]
    assert second.status == "partial" and second.steps[-1].outcome == "stopped"


def test_each_step_is_committed_as_it_ends(store, path):
    routine = load_default_routine()
    session = Session(routine, SessionOptions(get_ready_s=0, sleep_gap_s=1e9))
    recorder = StoreRecorder(store, routine.id, wall_clock=lambda: START)
    for event in session.start(T0) + session.skip(T0) + session.tick(T0 + 120):
        recorder.record(event)
    # another connection (another process) sees the finished steps already
    other = sqlite3.connect(path)
    assert other.execute("SELECT count(*) FROM step_runs").fetchone()[0] == 2
    assert other.execute("SELECT status, ended_at FROM sessions").fetchone() == ("partial", None)


def test_a_killed_process_keeps_its_finished_steps(path, tmp_path):
    script = tmp_path / "crash.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import os
            from datetime import datetime, timezone
            from pathlib import Path
            from footdesk.history import HistoryStore, StoreRecorder
            from footdesk.routine import load_default_routine
            from footdesk.session import Session, SessionOptions
            store = HistoryStore.open(Path({str(path)!r})).store
            routine = load_default_routine()
            session = Session(routine, SessionOptions(get_ready_s=0, sleep_gap_s=1e9))
            recorder = StoreRecorder(store, routine.id, wall_clock=lambda: datetime.now(timezone.utc))
            for event in session.start(0.0) + session.skip(0.0) + session.tick(120.0) + session.tick(150.0):
                recorder.record(event)
            os.kill(os.getpid(), 9)
            """
        )
    )
    result = subprocess.run([sys.executable, str(script)], check=False, capture_output=True, timeout=60)
    assert result.returncode == -9
    opened = HistoryStore.open(path)
    (record,) = opened.store.sessions()
    assert record.status == "partial" and record.ended_at is None
    assert [(r.step, r.side) for r in record.steps] == [("barefoot", None), ("roll", "left")]


def test_garbage_is_moved_aside_and_a_fresh_history_started(path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database, but it is the person's file" * 100)
    opened = HistoryStore.open(path, now=lambda: datetime(2026, 11, 24, 9, 0, 0))
    moved = path.with_name("history.sqlite3.damaged-20261124-090000")
    assert moved.read_bytes().startswith(b"this is not a database")
    assert opened.problem.kind is ProblemKind.MOVED_ASIDE and opened.moved_to == moved
    assert str(moved) in said(opened) and "damaged" in said(opened)
    assert opened.store.sessions() == []
    run_routine(opened.store)
    assert len(opened.store.sessions()) == 1


def test_a_file_failing_the_integrity_check_is_moved_aside(path):
    opened = HistoryStore.open(path)
    run_routine(opened.store)
    opened.store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for number in (1, 2, 3):  # torn writes: the b-tree page headers of the tables are garbage
        data[page * number : page * number + 8] = b"\x55" * 8
    path.write_bytes(bytes(data))
    reopened = HistoryStore.open(path, now=lambda: datetime(2026, 11, 24, 9, 0, 1))
    assert reopened.store is not None
    assert "moved to" in said(reopened)
    assert path.with_name("history.sqlite3.damaged-20261124-090001").exists()


def test_the_history_says_what_happened_without_words(tmp_path):
    """Storage returns facts and typed errors; report words them. So nothing
    the store does, however the file is broken, loads report (it did, to word
    its notices, and the two imported each other)."""
    script = tmp_path / "facts.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            from pathlib import Path
            from footdesk.history import HistoryError, HistoryStore, ProblemKind, inspect_set_aside, set_aside_files
            folder = Path({str(tmp_path / "data")!r})
            folder.mkdir()
            damaged = folder / "history.sqlite3"
            damaged.write_bytes(b"junk" * 1000)
            try:
                HistoryStore.open_for_reading(damaged)
            except HistoryError as error:
                assert error.kind is ProblemKind.UNREADABLE, error
            opened = HistoryStore.open(damaged)
            assert opened.problem.kind is ProblemKind.MOVED_ASIDE, opened
            (aside,) = set_aside_files(damaged)
            assert inspect_set_aside(aside).unreadable.kind is ProblemKind.UNREADABLE
            unusable = HistoryStore.open(Path(aside) / "history.sqlite3")
            assert unusable.problem.kind is ProblemKind.UNUSABLE, unusable
            assert "footdesk.report" not in sys.modules, "the history loaded report"
            """
        )
    )
    result = subprocess.run([sys.executable, str(script)], check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_history_from_a_newer_footdesk_is_left_alone(path):
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = path.read_bytes()
    opened = HistoryStore.open(path)
    assert opened.store is None and opened.problem.version == SCHEMA_VERSION + 1
    assert said(opened) == (
        f"History is not being saved: {path} was written by a newer footdesk (schema {SCHEMA_VERSION + 1}); "
        "it is left as it is."
    )
    assert path.read_bytes() == before
    with pytest.raises(HistoryError) as refused:
        HistoryStore.open_for_reading(path)
    assert refused.value.kind is ProblemKind.NEWER and refused.value.path == path
    assert history_problem_text(refused.value.problem) == (
        f"{path} was written by a newer footdesk (schema {SCHEMA_VERSION + 1}); update footdesk"
    )


def test_an_unwritable_data_folder_means_no_history_and_a_notice(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    opened = HistoryStore.open(blocker / "footdesk" / "history.sqlite3")
    assert opened.store is None
    assert opened.problem.kind is ProblemKind.UNUSABLE and opened.problem.reason
    assert "History is not being saved" in said(opened) and "The routine works as usual" in said(opened)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the mode")
def test_a_read_only_history_file_is_shown_not_written(path):
    HistoryStore.open(path).store.close()
    path.chmod(stat.S_IRUSR)
    opened = HistoryStore.open(path)
    assert opened.access is Access.READ_ONLY and opened.retry
    assert opened.problem.kind is ProblemKind.READ_ONLY and opened.problem.name.startswith("SQLITE_READONLY")
    assert "cannot be saved right now" in said(opened) and "read-only" in said(opened)


def test_reading_never_creates_or_moves_anything(tmp_path):
    missing = tmp_path / "none.sqlite3"
    assert HistoryStore.open_for_reading(missing) is None and not missing.exists()
    garbage = tmp_path / "junk.sqlite3"
    garbage.write_bytes(b"junk" * 1000)
    with pytest.raises(HistoryError) as refused:
        HistoryStore.open_for_reading(garbage)
    assert refused.value.kind is ProblemKind.UNREADABLE and refused.value.trouble is Trouble.DAMAGED
    assert history_problem_text(refused.value.problem) == (
        f"{garbage} cannot be read (file is not a database); open footdesk to repair it"
    )
    assert garbage.read_bytes() == b"junk" * 1000


def test_two_processes_writing_at_once_lose_nothing(path, tmp_path):
    HistoryStore.open(path).store.close()
    script = tmp_path / "writer.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            from datetime import datetime, timezone
            from pathlib import Path
            from footdesk.history import HistoryStore, StepRun
            store = HistoryStore.open(Path({str(path)!r})).store
            for i in range(100):
                sid = store.begin_session("w" + sys.argv[1], datetime.now(timezone.utc))
                store.add_step_run(sid, StepRun("roll", "left", 120, 120.0, "completed", "x", "y"))
            """
        )
    )
    writers = [subprocess.Popen([sys.executable, str(script), str(n)]) for n in range(2)]
    reader = HistoryStore.open_for_reading(path)
    while any(w.poll() is None for w in writers):
        reader.sessions()  # reading while both write
    assert all(w.returncode == 0 for w in writers)
    assert len(HistoryStore.open_for_reading(path).sessions()) == 200


def test_week_grouping_uses_the_local_date_across_dst_and_travel(store, monkeypatch):
    # sessions late in the evening, local time: the day is the person's day
    berlin = ZoneInfo("Europe/Berlin")
    tokyo = ZoneInfo("Asia/Tokyo")
    evening_before_dst_end = datetime(2026, 10, 24, 23, 30, tzinfo=berlin)  # Saturday, CEST
    evening_after_dst_end = datetime(2026, 10, 25, 23, 30, tzinfo=berlin)  # Sunday, CET
    after_flying_east = datetime(2026, 10, 26, 0, 30, tzinfo=tokyo)  # Monday in Tokyo, Sunday in Berlin
    for start in (evening_before_dst_end, evening_after_dst_end, after_flying_east):
        monkeypatch.setenv("TZ", str(start.tzinfo))
        import time

        time.tzset()
        a_habit(store, start)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    # in the order they were made (oldest first is by the instant: 00:30 in Tokyo was before 23:30 in Berlin)
    in_order_made = sorted(store.sessions(), key=lambda s: s.id)
    dates = [s.local_date for s in in_order_made]
    assert dates == [date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 26)]
    week43 = week_summary(store, 2026, 43, today=date(2026, 10, 30))
    week44 = week_summary(store, 2026, 44, today=date(2026, 10, 30))
    assert [d.sessions for d in week43.days][-2:] == [1, 1]
    assert week44.days[0].sessions == 1
    offsets = [datetime.fromisoformat(s.started_at).utcoffset() for s in in_order_made]
    assert offsets == [timedelta(hours=2), timedelta(hours=1), timedelta(hours=9)]


def test_week_summary_marks_each_day(store):
    monday = date(2026, 11, 16)
    base = datetime(2026, 11, 16, 8, 0).astimezone()
    run_routine(store, start=base)  # Monday: done
    run_routine(store, start=base + timedelta(days=1), skip_timed=3)  # Tuesday: partial
    store.set_rest_day(monday + timedelta(days=3), True)  # Thursday: rest
    summary = week_summary(store, 2026, 47, today=monday + timedelta(days=4))
    assert [d.state for d in summary.days] == ["done", "partial", "missed", "rest", "today", "upcoming", "upcoming"]
    assert summary.sessions_on(monday)[0].exercise_s == 300
    assert summary.days[0].minutes == 5 and summary.days[0].habits == 2
    assert summary.days_done == 1 and summary.current_streak == 0 and summary.longest_streak == 1


def test_pain_is_0_to_10_or_nothing(store):
    session_id = store.begin_session("foot-strength", START)
    store.set_pain(session_id, 10)
    store.set_pain(session_id, None)
    with pytest.raises(ValueError):
        store.set_pain(session_id, 11)


def test_step_run_json_rounds_actual_seconds():
    run = StepRun("roll", "left", 120, 119.99951, Outcome.SKIPPED, "a", "b")
    assert run.as_json()["actual_s"] == 120.0 and run.as_json()["skipped"] is True


def test_iso_keeps_milliseconds():
    assert iso(datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)).split("T")[1].startswith("0")


def test_a_session_stopped_before_anything_was_done_leaves_no_row(store):
    routine = load_default_routine()
    session = Session(routine, SessionOptions(get_ready_s=5))
    recorder = StoreRecorder(store, routine.id, wall_clock=lambda: START)
    for event in session.start(T0) + session.stop(T0 + 0.3):
        recorder.record(event)
    assert store.sessions() == [] and recorder.session_id is None
    assert store.first_day() is None


def test_writes_that_cannot_be_made_yet_are_kept_and_made_later(path):
    """Steps done before the history opens, or while a write fails, are not dropped."""
    routine = load_default_routine()
    session = Session(routine, SessionOptions(get_ready_s=0, sleep_gap_s=1e9))
    recorder = StoreRecorder(None, routine.id, wall_clock=lambda: START)
    for event in session.start(T0) + session.skip(T0 + 5) + session.tick(T0 + 5 + 120):
        recorder.record(event)
    assert recorder.pending == 2  # the habit and the left foot (the session row comes with the first)
    opened = HistoryStore.open(path)
    recorder.store = opened.store
    recorder.flush()
    assert recorder.pending == 0
    assert [(run.step, run.side) for run in opened.store.sessions()[0].steps] == [("barefoot", None), ("roll", "left")]


# What an error means --------------------------------------------------------------


def an_error(kind: type[sqlite3.Error], code: int) -> sqlite3.Error:
    error = kind("made up")
    error.sqlite_errorcode = code
    return error


def test_every_sqlite_result_code_is_sorted_deliberately():
    # SQLite's primary result codes that are errors: SQLITE_ERROR (1) to SQLITE_WARNING (28)
    assert set(range(1, 29)) <= set(_TROUBLE_BY_CODE)
    damaged = {code for code, trouble in _TROUBLE_BY_CODE.items() if trouble is Trouble.DAMAGED}
    assert damaged == {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}  # the only reasons to move a file


@pytest.mark.parametrize(
    ("name", "trouble"),
    [
        ("SQLITE_FULL", Trouble.NOT_NOW), ("SQLITE_READONLY", Trouble.NOT_NOW), ("SQLITE_IOERR", Trouble.NOT_NOW),
        ("SQLITE_CANTOPEN", Trouble.NOT_NOW), ("SQLITE_BUSY", Trouble.NOT_NOW), ("SQLITE_LOCKED", Trouble.NOT_NOW),
        ("SQLITE_NOTADB", Trouble.DAMAGED), ("SQLITE_CORRUPT", Trouble.DAMAGED), ("SQLITE_ERROR", Trouble.FAULT),
        ("SQLITE_CONSTRAINT", Trouble.FAULT),
    ],
)  # fmt: skip
def test_what_an_error_means(name, trouble):
    assert trouble_of(an_error(sqlite3.OperationalError, getattr(sqlite3, name))) is trouble


def test_extended_codes_count_as_their_family_and_module_errors_as_faults():
    shm_size = sqlite3.SQLITE_IOERR | (19 << 8)  # no room for the -shm file: a full disk
    assert trouble_of(an_error(sqlite3.OperationalError, shm_size)) is Trouble.NOT_NOW
    assert trouble_of(sqlite3.ProgrammingError("Cannot operate on a closed database.")) is Trouble.FAULT


# Old, empty and foreign files ----------------------------------------------------------


def a_version_1_file(path: Path, unclosed: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.executescript(_MIGRATIONS[1])
    db.execute("INSERT INTO sessions VALUES (1, 'foot-strength', ?, ?, '2026-11-17', 'completed', 4)",
               ("2026-11-17T08:00:00.000+00:00", "2026-11-17T08:06:00.000+00:00"))  # fmt: skip
    db.execute("INSERT INTO step_runs VALUES (1, 1, 'roll', 'left', 120, 120.0, 'completed', 'a', 'b')")
    if unclosed:  # a session a kill left open, in the days before checkpoints
        db.execute("INSERT INTO sessions VALUES (2, 'foot-strength', ?, NULL, '2026-11-18', 'partial', NULL)",
                   ("2026-11-18T08:00:00.000+00:00",))  # fmt: skip
        db.execute("INSERT INTO step_runs VALUES (2, 2, 'barefoot', NULL, NULL, 0.0, 'completed', 'c', 'd')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


def test_a_version_1_history_is_read_as_it_is_and_migrated_when_opened(path):
    a_version_1_file(path)
    reader = HistoryStore.open_for_reading(path)
    assert [s.pain for s in reader.sessions()] == [4]  # the terminal reads it, changes nothing
    reader.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    opened = HistoryStore.open(path)
    assert opened.problem is None and opened.access is Access.WRITABLE
    (session,) = opened.store.sessions()
    assert session.pain == 4 and session.steps[0].actual_s == 120.0
    tables = {row[0] for row in opened.store._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"part_under_way", "interrupted", "set_aside", "deleted"} <= tables
    assert opened.store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    opened.store.close()


def test_a_session_a_kill_left_open_in_a_version_1_file_is_closed_once_migrated(path):
    a_version_1_file(path, unclosed=True)
    store = HistoryStore.open(path).store
    assert store.close_interrupted() == [2]
    interrupted = store.interrupted_on(date(2026, 11, 18))
    assert interrupted.id == 2 and interrupted.ended_at == "d" and interrupted.status == "partial"
    assert store.close_interrupted() == []  # once
    store.close()


def test_an_empty_database_is_started_whatever_version_it_claims(path):
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 1")  # and no tables at all
    db.commit()
    db.close()
    opened = HistoryStore.open(path)
    assert opened.problem is None and opened.store.sessions() == []
    run_routine(opened.store)
    assert len(opened.store.sessions()) == 1


def test_a_database_that_is_not_a_footdesk_history_is_left_alone(path):
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, what TEXT)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    before = path.read_bytes()
    opened = HistoryStore.open(path)
    assert opened.store is None and opened.problem.kind is ProblemKind.FOREIGN
    assert "is not a footdesk history" in said(opened) and "sessions" in said(opened)
    assert path.read_bytes() == before and not list(path.parent.glob("*.damaged-*"))
    with pytest.raises(HistoryError) as refused:
        HistoryStore.open_for_reading(path)
    assert history_problem_text(refused.value.problem).endswith("; nothing was changed")
    assert "not a footdesk history" in history_problem_text(refused.value.problem)


# The part under way, and carrying on ------------------------------------------------------


def test_a_crash_leaves_the_part_under_way_which_becomes_a_stopped_step(store):
    session_id = a_habit(store, START)
    part = StepRun("roll", "left", 120, 20.0, "stopped", iso(START + timedelta(seconds=15)),
                   iso(START + timedelta(seconds=35)))  # fmt: skip
    store.save_part_under_way(session_id, part)
    assert store.close_interrupted(keep=[session_id]) == []  # this process's own session is not touched
    assert store.close_interrupted() == [session_id]
    (record,) = store.sessions()
    assert record.status == "partial" and record.ended_at == part.ended_at
    assert [(r.step, r.side, r.actual_s, r.outcome) for r in record.steps][-1] == ("roll", "left", 20.0, "stopped")
    assert store.interrupted_on(record.local_date).id == session_id


def test_a_step_run_replaces_the_part_under_way_in_one_transaction(store, path):
    session_id = a_habit(store, START)
    store.save_part_under_way(session_id, StepRun("roll", "left", 120, 10.0, "stopped", "a", "b"))
    store.add_step_run(session_id, StepRun("roll", "left", 120, 120.0, "completed", "a", "c"))
    assert sqlite3.connect(path).execute("SELECT count(*) FROM part_under_way").fetchone()[0] == 0


def stopped_at(*runs: tuple[str, str | None, str, float]):
    from footdesk.records import SessionRecord, SessionStatus

    steps = tuple(StepRun(step, side, 120 if side else None, seconds, Outcome(outcome), "a", "b")
                  for step, side, outcome, seconds in runs)  # fmt: skip
    return SessionRecord(1, "foot-strength", "a", "b", date(2026, 11, 18), SessionStatus.PARTIAL, None, steps)


def test_where_an_interrupted_session_carries_on():
    phases = build_phases(load_default_routine())
    habit = ("barefoot", None, "completed", 0.0)
    mid_left = resume_point(stopped_at(habit, ("roll", "left", "stopped", 20.0)), phases)
    assert (mid_left.phase_index, mid_left.done_s, mid_left.earlier_completed) == (1, 20.0, True)
    after_left = resume_point(stopped_at(habit, ("roll", "left", "completed", 120.0)), phases)
    assert (after_left.phase_index, after_left.done_s) == (2, 0.0)
    restarting = resume_point(stopped_at(habit, ("roll", "left", "restarted", 30.0)), phases)
    assert restarting.phase_index == 1
    skipped_habit = resume_point(stopped_at(("barefoot", None, "skipped", 0.0), ("roll", "left", "stopped", 5)),
                                 phases)  # fmt: skip
    assert skipped_habit.earlier_completed is False
    everything = [habit, ("roll", "left", "completed", 120.0), ("roll", "right", "completed", 120.0),
                  ("heel-raises", None, "completed", 60.0), ("shoes", None, "completed", 0.0)]  # fmt: skip
    assert resume_point(stopped_at(*everything), phases) is None
    assert resume_point(stopped_at(("gone", None, "completed", 0.0)), phases) is None


def test_a_recorder_saves_the_part_every_ten_seconds_and_on_pause(store):
    routine = load_default_routine()
    session = Session(routine, SessionOptions(get_ready_s=0, sleep_gap_s=1e9))
    recorder = StoreRecorder(store, routine.id, wall_clock=lambda: START)
    for event in session.start(T0) + session.skip(T0):
        recorder.record(event)
    saves = [active for active in (3.0, 9.5, 10.0, 12.0, 19.9, 20.0)
             if recorder.save_part("roll", "left", 120, active, T0 + active)]  # fmt: skip
    assert saves == [10.0, 20.0]
    assert recorder.save_part("roll", "left", 120, 23.5, T0 + 23.5, paused=True)
    assert store._db.execute("SELECT actual_s FROM part_under_way").fetchone()[0] == 23.5


# Files moved aside ---------------------------------------------------------------------


def test_a_damaged_file_keeps_what_its_good_pages_hold(path):
    store = HistoryStore.open(path).store
    for day in range(40):
        run_routine(store, start=START - timedelta(days=day))
    store.close()
    data = bytearray(path.read_bytes())
    page = len(data) // 4096 - 2
    data[4096 * page : 4096 * page + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    contents = read_history_file(path)
    assert 0 < len(contents.sessions) <= 40 and contents.complete is False
    moved = HistoryStore.open(path, now=lambda: datetime(2026, 11, 24, 9, 0, 2))
    (aside,) = set_aside_files(path)
    assert aside.name == "history.sqlite3.damaged-20261124-090002"
    info = inspect_set_aside(aside)
    assert info.sessions == len(contents.sessions) and info.moved_on == datetime(2026, 11, 24, 9, 0, 2)
    result = moved.store.merge(info.contents)
    assert result.added == info.sessions and result.already == 0
    assert moved.store.merge(info.contents).added == 0  # twice changes nothing
    moved.store.settle_set_aside(aside.name, "restored", START)
    assert moved.store.settled_set_aside() == {aside.name}


def test_a_file_that_is_not_a_database_is_listed_as_unreadable(path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b"junk" * 1000)
    HistoryStore.open(path, now=lambda: datetime(2026, 11, 24, 9, 0, 3))
    (aside,) = set_aside_files(path)
    info = inspect_set_aside(aside)
    assert info.contents is None and "file is not a database" in info.unreadable.reason
