"""The history against real faults: a disk that fills up, a folder that turns
read-only, another program holding the lock, a kill -9, a damaged page. Each
fault is made for real (a small tmpfs, a read-only bind mount, a second
process, SIGKILL, bytes overwritten in the file); the clock of a session is
the tests' fake one, so nothing here waits for a countdown."""

from __future__ import annotations

import hashlib
import json
import logging
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from footdesk.appmodel import HISTORY_RETRY_S, Adapters, AppModel, HistoryState, build_model
from footdesk.history import HistoryStore
from footdesk.routine import load_default_routine
from footdesk.session import SessionOptions
from tests.helpers import FakeClock
from tests.helpers.fakes import files_in
from tests.helpers.mounts import fill, read_only, small_disk
from tests.helpers.real_app import app_environment
from tests.test_app import log_text, wait_for
from tests.test_history import START, run_routine

OPTIONS = SessionOptions(get_ready_s=5, sleep_gap_s=1e9)


@pytest.fixture
def data(user_dirs) -> Path:
    """footdesk's data folder (where history.sqlite3 lives), not created yet."""
    return Path(user_dirs["XDG_DATA_HOME"]) / "footdesk"


@pytest.fixture
def app_env(user_dirs) -> dict[str, str]:
    return app_environment(user_dirs)


def make_model(tmp_path: Path, history: Path, clock: FakeClock, notices: list[str] | None = None) -> AppModel:
    """The model as the window has it, on real files, with the tests' clock."""
    routine = load_default_routine()
    model = build_model(Adapters(clock=clock, wall_clock=lambda: START, fixed_options=OPTIONS),
                        files_in(tmp_path, history=history, routine=routine))  # fmt: skip
    if notices is not None:
        model.notice.connect(notices.append)
    return model


def run_until(model: AppModel, clock: FakeClock, seconds: float) -> None:
    """Time passes as the window's timer delivers it (never more than a second apart)."""
    end = clock.now + seconds
    while clock.now < end - 1e-9:
        wake = model.next_wakeup()
        clock.now = end if wake is None else min(wake, end, clock.now + 1.0)
        model.tick()


def record_one_routine(history: Path) -> bytes:
    """One whole routine, recorded; the file closed as at quit (no -wal or -shm left)."""
    opened = HistoryStore.open(history)
    run_routine(opened.store)
    opened.store.close()
    assert sorted(p.name for p in history.parent.iterdir()) == ["history.sqlite3"]
    return history.read_bytes()


def start_and_quit(env: dict[str, str], user_dirs, *args: str) -> str:
    """The real footdesk: start it, wait for its window, end it as a logout
    does; returns what it logged in this run."""
    before = log_text(user_dirs)
    process = subprocess.Popen([sys.executable, "-m", "footdesk", *args], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        wait_for(lambda: log_text(user_dirs).count("window shown") > before.count("window shown"))
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    return log_text(user_dirs)[len(before) :]


# 1. A full disk is not damage -------------------------------------------------------


def test_a_full_disk_keeps_the_history_as_it_is_and_shows_it(app_env, user_dirs, data):
    """Before: "history.sqlite3: damaged; moved to …", a 0-byte history left, and
    after space was freed a fresh empty history while the moved copy was fine."""
    with small_disk(data):
        history = data / "history.sqlite3"
        before = record_one_routine(history)
        filler = fill(data)
        logged = start_and_quit(app_env, user_dirs)
        assert "damaged" not in logged and not list(data.glob("*.damaged-*"))
        assert "cannot be saved right now" in logged and "the disk is full" in logged
        assert history.read_bytes() == before  # not moved, not emptied, not changed
        assert len(HistoryStore.open_for_reading(history).sessions()) == 1
        filler.unlink()
        logged = start_and_quit(app_env, user_dirs)
        assert "cannot be saved" not in logged and "damaged" not in logged
        (session,) = HistoryStore.open_for_reading(history).sessions()
        assert session.status == "completed" and len(session.steps) == 5


def test_on_a_full_disk_the_window_shows_the_week_and_saves_at_the_next_session(tmp_path, data, clock):
    with small_disk(data):
        history = data / "history.sqlite3"
        record_one_routine(history)
        filler = fill(data)
        notices: list[str] = []
        model = make_model(tmp_path, history, clock, notices)
        model.open_history()
        assert model.history_state is HistoryState.READ_ONLY
        assert model.this_week().days_done == 1  # what it holds is shown
        assert "cannot be saved right now" in notices[0] and "the disk is full" in notices[0]
        model.start()
        model.skip()  # the first habit is done: kept, not written
        assert model.keeper.recorder.pending == 1
        filler.unlink()
        model.stop()
        model.go_home()
        model.start()  # the next session tries again: what was kept is written
        assert model.history_state is HistoryState.SAVING
        assert len(model.sessions()) == 2 and model.keeper.recorder.pending == 0
        assert "being saved again" in notices[-1]
        model.close()


# 7. A read-only folder can still be read ---------------------------------------------


def test_a_read_only_data_folder_is_read_by_the_terminal_and_the_window(tmp_path, data, app_env, clock):
    """Before: history, --json and export all said "cannot be read (unable to open
    database file); open footdesk to repair it", and the window called the file damaged."""
    history = data / "history.sqlite3"
    data.mkdir(parents=True)
    before = record_one_routine(history)
    with read_only(data):
        for command in (["history", "--week", "2026-W47"], ["history", "--json"], ["export", "-"]):
            result = subprocess.run([sys.executable, "-m", "footdesk", *command], env=app_env, capture_output=True,
                                    text=True, timeout=60, check=False)  # fmt: skip
            assert result.returncode == 0, result.stderr
            assert "cannot be read" not in result.stderr and "repair" not in result.stderr
            assert result.stdout.count("roll") >= 1 or "1 of 7 days done" in result.stdout
        listed = subprocess.run([sys.executable, "-m", "footdesk", "history", "--json"], env=app_env,
                                capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
        assert len(json.loads(listed.stdout)) == 1
        notices: list[str] = []
        model = make_model(tmp_path, history, clock, notices)
        model.open_history()
        assert model.history_state is HistoryState.READ_ONLY and model.this_week().days_done == 1
        assert "damaged" not in notices[0] and "cannot be written: the file or its folder is read-only" in notices[0]
        model.close()
        assert history.read_bytes() == before and sorted(p.name for p in data.iterdir()) == ["history.sqlite3"]


# 8. Another program holding the lock --------------------------------------------------

LOCKER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
"""


def hold_the_lock(history: Path) -> subprocess.Popen:
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(history)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert locker.stdout.readline().strip() == "locked"
    return locker


def let_go(locker: subprocess.Popen) -> None:
    locker.communicate("\n", timeout=10)
    assert locker.returncode == 0


def steps_written(history: Path) -> list[tuple[str, str | None]]:
    """The step runs written, without the part under way (saved every ten seconds of its clock)."""
    reader = HistoryStore.open_for_reading(history)
    steps = [(run.step, run.side) for session in reader.sessions() for run in session.steps
             if run.outcome != "stopped"]  # fmt: skip
    reader.close()
    return steps


def test_a_writer_holding_the_lock_never_freezes_the_countdown_and_nothing_is_lost(tmp_path, clock, caplog):
    """Before: the window froze for the 5 s busy timeout, then "The history failed
    (database is locked)", and the left foot waited for the next step to be written."""
    history = tmp_path / "data" / "history.sqlite3"
    notices: list[str] = []
    model = make_model(tmp_path, history, clock, notices)
    model.open_history()
    model.start()
    model.skip()  # the habit: written
    run_until(model, clock, 5 + 118)  # 2 s before the left foot ends
    locker = hold_the_lock(history)
    try:
        started = time.monotonic()
        run_until(model, clock, 12)  # across left → right, and on
        took = time.monotonic() - started
        assert took < 2.0, f"the countdown was held up {took:.1f} s"
        assert steps_written(history) == [("barefoot", None)]
        assert model.keeper.recorder.pending == 1
        waiting = [n for n in notices if n.startswith("Not saved yet")]
        assert len(waiting) == 1 and "another program is writing to it" in waiting[0]
        assert not any("failed" in n for n in notices)
    finally:
        let_go(locker)
    run_until(model, clock, HISTORY_RETRY_S + 1)  # the next try, on the timer (no step has ended)
    assert steps_written(history) == [("barefoot", None), ("roll", "left")]
    assert "being saved again" in notices[-1]
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING and "history" in r.getMessage()]
    assert len(loud) == 2  # cannot write now; written again: once each, not every second
    model.close()


def test_what_is_kept_is_written_at_quit(tmp_path, clock):
    """Before: what could not be written waited for the next step to end; at
    quit, with the routine already over, it was lost."""
    history = tmp_path / "data" / "history.sqlite3"
    model = make_model(tmp_path, history, clock)
    model.open_history()
    model.start()
    locker = hold_the_lock(history)
    try:
        model.skip()  # the habit ends while the lock is held
        model.stop()  # and the routine with it
        assert model.keeper.recorder.pending == 2
    finally:
        let_go(locker)
    model.close()  # quitting: no step ends any more, and what was kept is written
    assert steps_written(history) == [("barefoot", None)]
    reader = HistoryStore.open_for_reading(history)
    assert reader.sessions()[0].ended_at is not None
    reader.close()


# 17. A rating on a full disk -------------------------------------------------------------


def test_a_rating_on_a_full_disk_is_kept_said_once_and_written_later(tmp_path, data, clock, caplog):
    """Before: the screen said "Noted: 5 of 10" while the file held NULL, the status
    bar said "Something went wrong (OperationalError …)", and stderr had
    "footdesk: history failed" up to five times."""
    with small_disk(data):
        history = data / "history.sqlite3"
        notices: list[str] = []
        model = make_model(tmp_path, history, clock, notices)
        model.open_history()
        model.start()
        model.skip()
        run_until(model, clock, 5 + 120)  # the left foot: written
        filler = fill(data)
        run_until(model, clock, 5 + 120 + 5 + 60 + 1)  # the right foot and the heel raises: not written
        model.skip()  # shoes: finished
        assert model.result().completed
        assert model.rate(5) is False
        assert model.rating_note.startswith("Noted: 5 of 10, not saved yet: the disk is full")
        reader = HistoryStore.open_for_reading(history)
        assert [s.pain for s in reader.sessions()] == [None]
        reader.close()
        assert [n for n in notices if "Something went wrong" in n or "failed" in n] == []
        assert len([n for n in notices if n.startswith("Not saved yet")]) == 1
        loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(loud) == 1, [r.getMessage() for r in loud]  # the terminal hears it once
        filler.unlink()
        model.go_home()
        run_until(model, clock, HISTORY_RETRY_S + 1)
        (session,) = model.sessions()
        assert session.pain == 5 and session.status == "completed" and len(session.steps) == 5
        model.close()


# 3. kill -9 in the middle of a part --------------------------------------------------------

KILLED_MID_PART = """
import os, signal, sys
from footdesk.appmodel import Adapters, build_model

class Clock:
    now = 1000.0
    def __call__(self):
        return self.now

clock = Clock()
model = build_model(Adapters(clock=clock))
model.open_history()
model.start()
model.skip()  # the first habit: done
until = clock.now + 5 + float(sys.argv[1])  # get ready, then into the left foot
while clock.now < until:
    clock.now = min(model.next_wakeup(), until)
    model.tick()
print(model.snapshot().remaining_s, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_kill_9_twenty_seconds_into_a_foot_keeps_those_seconds_and_offers_to_resume(app_env, user_dirs, data):
    """Before: a crash 20 s into the left foot kept 0 s of it, and the session
    stayed open forever (no end, no way to carry on)."""
    killed = subprocess.run([sys.executable, "-c", KILLED_MID_PART, "20"], env=app_env, capture_output=True,
                            text=True, timeout=60, check=False)  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert float(killed.stdout) == 100.0  # 20 s of the 120 s left foot had run
    logged = start_and_quit(app_env, user_dirs)  # the next start closes it
    assert "interrupted by a crash closed as partial" in logged
    (session,) = HistoryStore.open_for_reading(data / "history.sqlite3").sessions()
    assert session.status == "partial" and session.ended_at is not None
    _habit, left = session.steps
    assert (left.step, left.side, left.outcome) == ("roll", "left", "stopped")
    assert 10.0 <= left.actual_s <= 20.0  # at most one checkpoint interval lost
    assert datetime.fromisoformat(session.ended_at) == datetime.fromisoformat(left.ended_at)
    from footdesk.appmodel import Adapters, build_model

    model = build_model(Adapters(wall_clock=lambda: datetime.now(UTC)))
    model.open_history()
    offer = model.resume_offer()
    assert offer is not None and offer.phase_index == 1 and "left foot, at 0:20 of 2:00" in offer.text
    model.close()


# 14. Bad files reach one clear line ------------------------------------------------------


def footdesk_command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "footdesk", *args], env=env, capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip


def many_sessions(history: Path, days: int = 60) -> None:
    from datetime import timedelta

    opened = HistoryStore.open(history)
    for day in range(days):
        run_routine(opened.store, start=START - timedelta(days=day))
    opened.store.close()


def corrupt_one_page(history: Path, page: int) -> None:
    data = bytearray(history.read_bytes())
    data[4096 * page : 4096 * page + 64] = b"\xa5" * 64
    history.write_bytes(bytes(data))


def test_one_damaged_page_is_one_line_in_the_terminal_never_a_traceback(app_env, data):
    history = data / "history.sqlite3"
    many_sessions(history)
    pages = history.stat().st_size // 4096
    corrupt_one_page(history, pages - 3)  # one page of the steps, far from the start
    before = hashlib.sha256(history.read_bytes()).hexdigest()
    for command in (["history"], ["history", "--json"], ["export", "-"]):
        result = footdesk_command(app_env, *command)
        assert "Traceback" not in result.stderr and "DatabaseError" not in result.stderr
        assert result.returncode == 1, result.stdout
        assert result.stderr.count("\n") == 1 and "cannot be read" in result.stderr
        assert "open footdesk to repair it" in result.stderr  # it is damaged: the window repairs it
    assert hashlib.sha256(history.read_bytes()).hexdigest() == before


def test_an_empty_or_foreign_file_is_named_for_what_it_is(app_env, data):
    history = data / "history.sqlite3"
    data.mkdir(parents=True)
    history.write_bytes(b"")
    result = footdesk_command(app_env, "history")
    assert result.returncode == 0 and "does not exist" not in result.stdout
    assert f"No sessions recorded yet in {history}" in result.stdout
    assert footdesk_command(app_env, "history", "--json").stdout.strip() == "[]"
    history.unlink()
    import sqlite3

    foreign = sqlite3.connect(history)
    foreign.execute("CREATE TABLE notes (text)")
    foreign.commit()
    foreign.close()
    before = history.read_bytes()
    result = footdesk_command(app_env, "history")
    assert result.returncode == 1 and "does not exist" not in result.stdout
    assert "is not a footdesk history" in result.stderr and "notes" in result.stderr
    assert history.read_bytes() == before


def test_on_a_disk_full_from_the_start_the_rating_is_offered_and_kept(tmp_path, data, clock):
    """Before: the session's writes were kept for later, but the finished screen
    offered no rating, since the session had no row in the file yet."""
    with small_disk(data):
        history = data / "history.sqlite3"
        record_one_routine(history)
        filler = fill(data)
        model = make_model(tmp_path, history, clock, [])
        model.open_history()
        assert model.history_state is HistoryState.READ_ONLY
        model.start()
        model.skip()
        run_until(model, clock, 5 + 120 + 5 + 120 + 5 + 60 + 1)
        model.skip()
        result = model.result()
        assert result.completed and result.can_rate
        assert model.rate(4) is False
        assert model.rating_note.startswith("Noted: 4 of 10, not saved yet")
        filler.unlink()
        model.go_home()
        model.start()  # the next session tries again: what was kept is written, the rating with it
        model.stop()
        assert model.sessions()[1].pain == 4 and model.rating_note is None
        model.close()
