"""The model's side of the history without a window: the part under way saved
as it runs, an interrupted routine carried on, writes kept and retried, reads
that fail said once, files moved aside brought back."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from footdesk import paths
from footdesk.appmodel import HISTORY_RETRY_S, Adapters, AppModel, HistoryState, build_model
from footdesk.history import HistoryStore
from footdesk.records import StepRun, iso
from footdesk.session import SessionOptions, State
from tests.helpers import FakeClock
from tests.helpers.fakes import FakeWaker

WEDNESDAY = datetime(2026, 11, 18, 8, 0).astimezone()


def make_model(clock: FakeClock, notices: list[str] | None = None, open_history: bool = True) -> AppModel:
    adapters = Adapters(clock=clock, wall_clock=lambda: WEDNESDAY, waker=FakeWaker(),
                        fixed_options=SessionOptions(get_ready_s=5, sleep_gap_s=1e9))  # fmt: skip
    model = build_model(adapters)
    if notices is not None:
        model.notice.connect(notices.append)
    if open_history:
        model.open_history()
    return model


@pytest.fixture
def model(clock):
    built = make_model(clock)
    yield built
    built.close()


def run_for(model: AppModel, clock: FakeClock, seconds: float) -> None:
    end = clock.now + seconds
    while clock.now < end - 1e-9:
        wake = model.next_wakeup()
        clock.now = end if wake is None else min(wake, end)
        model.tick()


def part_under_way() -> tuple | None:
    db = sqlite3.connect(paths.history_file())
    try:
        return db.execute("SELECT step, side, actual_s FROM part_under_way").fetchone()
    finally:
        db.close()


def test_the_running_part_is_saved_every_ten_seconds_on_pause_and_gone_at_the_switch(model, clock):
    model.start()
    model.skip()  # the habit
    run_for(model, clock, 5 + 9)
    assert part_under_way() is None  # less than ten seconds: nothing yet
    run_for(model, clock, 1)
    assert part_under_way() == ("roll", "left", 10.0)
    run_for(model, clock, 13)
    assert part_under_way() == ("roll", "left", 20.0)
    model.toggle()  # pause at 23 s
    assert part_under_way() == ("roll", "left", 23.0)
    model.toggle()
    run_for(model, clock, 97 + 1)  # the left foot ends: a step run, in the same transaction
    assert part_under_way() is None
    assert [(r.step, r.side) for r in model.sessions()[0].steps][-1] == ("roll", "left")


def an_interrupted_routine(clock: FakeClock, seconds_into_left: float) -> None:
    """A footdesk that crashed: its history left as a kill leaves it."""
    crashed = make_model(clock)
    crashed.start()
    crashed.skip()
    run_for(crashed, clock, 5 + seconds_into_left)
    crashed.history.close()  # no stop, no end: the process is gone
    crashed.keeper.store = None


def test_an_interrupted_routine_is_closed_and_carried_on_in_the_same_session(clock):
    an_interrupted_routine(clock, 25)
    notices: list[str] = []
    model = make_model(clock, notices)
    (session,) = model.sessions()
    assert session.status == "partial" and session.steps[-1].actual_s == 20.0
    offer = model.resume_offer()
    assert offer.phase_index == 1 and "left foot, at 0:20 of 2:00" in offer.text
    model.resume()
    snap = model.snapshot()
    assert snap.phase.index == 1 and snap.state is State.GET_READY
    assert model.resume_offer() is None  # under way
    run_for(model, clock, 5 + 120 + 5 + 120 + 5 + 60)
    model.skip()  # shoes
    result = model.result()
    assert result.completed  # the habit done before the crash, the rest now
    (session,) = model.sessions()
    assert session.status == "completed" and session.ended_at > session.started_at
    assert [(r.step, r.side, r.outcome) for r in session.steps] == [
        ("barefoot", None, "completed"), ("roll", "left", "stopped"), ("roll", "left", "completed"),
        ("roll", "right", "completed"), ("heel-raises", None, "completed"), ("shoes", None, "completed"),
    ]  # fmt: skip
    model.go_home()
    assert model.resume_offer() is None
    assert model.this_week().days_done == 1
    model.close()


def test_an_interrupted_routine_from_another_day_is_not_offered(clock):
    an_interrupted_routine(clock, 25)
    model = make_model(clock)
    model._wall_clock = lambda: WEDNESDAY + timedelta(days=1)
    assert model.resume_offer() is None
    model.close()


def test_a_fresh_start_instead_leaves_the_interrupted_session_as_it_was(clock):
    an_interrupted_routine(clock, 25)
    model = make_model(clock)
    model.start()
    model.skip()
    model.stop()
    model.go_home()
    assert model.resume_offer() is None
    assert [s.status for s in model.sessions()] == ["partial", "partial"]
    model.close()


def test_a_read_that_fails_in_the_window_is_said_once_and_the_window_goes_on(model, monkeypatch):
    notices: list[str] = []
    model.notice.connect(notices.append)
    broken = sqlite3.DatabaseError("database disk image is malformed")
    broken.sqlite_errorcode = sqlite3.SQLITE_CORRUPT

    def fail(*args):
        raise broken

    monkeypatch.setattr(model.history, "sessions", fail)
    assert model.this_week() is None and model.this_week() is None
    assert len(notices) == 1 and notices[0].startswith("Part of your history could not be read")
    assert "moves it aside and offers to bring its sessions back" in notices[0]


def test_a_write_that_can_never_succeed_is_given_up_not_retried_forever(model, clock, monkeypatch):
    notices: list[str] = []
    model.notice.connect(notices.append)
    model.start()
    original = model.history.add_step_run
    calls = []

    def refuse_once(session_id, run):
        calls.append(run.step)
        if len(calls) == 1:
            error = sqlite3.IntegrityError("CHECK constraint failed")
            error.sqlite_errorcode = sqlite3.SQLITE_CONSTRAINT
            raise error
        original(session_id, run)

    monkeypatch.setattr(model.history, "add_step_run", refuse_once)
    model.skip()  # the habit: refused as a fault, given up
    run_for(model, clock, 5 + 120)  # the left foot: written
    assert model.keeper.recorder.pending == 0
    assert [(r.step, r.side) for r in model.sessions()[0].steps] == [("roll", "left")]
    assert len([n for n in notices if "could not be saved" in n]) == 1


def test_a_history_that_cannot_be_opened_is_tried_again_at_the_next_session(clock, monkeypatch):
    folder = paths.history_file().parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("in the way")  # the data folder cannot be made
    notices: list[str] = []
    model = make_model(clock, notices)
    assert model.history_state is HistoryState.NOT_SAVING
    model.start()
    model.skip()  # kept
    model.stop()
    folder.unlink()  # the person cleared the way
    model.go_home()
    model.start()  # tried again: the habit kept from before is written
    assert model.history_state is HistoryState.SAVING
    assert [(r.step,) for s in model.sessions() for r in s.steps] == [("barefoot",)]
    model.close()


def test_kept_writes_are_retried_on_the_timer_even_on_the_home_screen(model, clock, monkeypatch):
    model.start()
    model.skip()
    original = model.history.end_session
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY

    def locked(*args):
        raise busy

    monkeypatch.setattr(model.history, "end_session", locked)
    model.stop()
    model.go_home()
    assert model.keeper.recorder.pending == 1 and model.adapters.waker.delay == pytest.approx(HISTORY_RETRY_S)
    monkeypatch.setattr(model.history, "end_session", original)
    weeks: list = []
    model.week_changed.connect(weeks.append)  # the home screen's week listens here
    clock.advance(HISTORY_RETRY_S)
    model.tick()  # the timer
    assert model.keeper.recorder.pending == 0 and model.sessions()[0].ended_at is not None
    assert model.adapters.waker.delay is None
    assert weeks and weeks[-1].sessions[-1].ended_at is not None  # what waited is shown, not only written


def test_files_moved_aside_are_offered_back_until_settled(clock):
    history = paths.history_file()
    store = HistoryStore.open(history).store
    session_id = store.begin_session("foot-strength", WEDNESDAY - timedelta(days=30))
    store.add_step_run(session_id, StepRun("roll", "left", 120, 120.0, "completed", iso(WEDNESDAY), iso(WEDNESDAY)))
    store.close()
    aside = history.with_name("history.sqlite3.damaged-20261101-080000")
    history.rename(aside)
    junk = history.with_name("history.sqlite3.damaged-20261102-080000")
    junk.write_bytes(b"junk" * 100)
    model = make_model(clock)
    first, second = model.set_aside
    assert first.info.path == aside and first.new_sessions == 1 and first.can_restore
    assert "1 session (19 Oct 2026)" in first.text and str(aside) in first.text
    assert second.info.contents is None and not second.can_restore and "cannot be read" in second.text
    said = model.restore_set_aside(aside)
    assert said.startswith(f"Brought back 1 session from {aside}")
    assert len(model.sessions()) == 1 and aside.exists()  # the file itself stays
    assert [offer.info.path for offer in model.set_aside] == [junk]
    model.leave_set_aside(junk)
    assert model.set_aside == () and junk.exists()
    model.close()
    again = make_model(clock)
    assert again.set_aside == ()
    again.close()
