"""The check-in after each exercise, the note and the safety stop, without a
window: the same model the window drives, keys as ``AppModel.press`` takes
them, answers read back from the history file."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime

import pytest

from footdesk import paths
from footdesk.appmodel import HISTORY_RETRY_S, Adapters, AppModel, Screen, build_model
from footdesk.history import HistoryStore
from footdesk.keys import SECOND_DIGIT_S, Command
from footdesk.model.checkins import Saved, StopCard
from footdesk.records import CheckIn, Effort, SessionStatus
from footdesk.session import SessionOptions, State
from tests.helpers import FakeClock
from tests.helpers.fakes import FakeWaker

WEDNESDAY = datetime(2026, 11, 18, 8, 0).astimezone()
EASY, ABOUT_RIGHT, HARD = range(3)  # the EFFORT keys' values: E, A, H


@pytest.fixture
def model(clock: FakeClock) -> AppModel:
    built = build_model(Adapters(clock=clock, wall_clock=lambda: WEDNESDAY, waker=FakeWaker(),
                                 fixed_options=SessionOptions(get_ready_s=5, sleep_gap_s=1e9)))  # fmt: skip
    built.open_history()
    yield built
    built.close()


def run_until(model: AppModel, clock: FakeClock, done, limit: float = 600) -> None:
    """Let the session's clock run as the timer would, until ``done()``."""
    end = clock.now + limit
    while not done():
        wake = model.next_wakeup()
        assert wake is not None and wake <= end, "the session stopped before it happened"
        clock.now = wake
        model.tick()


def asked(model: AppModel, step: str):
    return lambda: model.check_ins.asking is not None and model.check_ins.asking.step == step


def to_the_roll_check_in(model: AppModel, clock: FakeClock) -> None:
    model.start()
    model.press(Command.PRIMARY)  # the first habit: read, go on
    run_until(model, clock, asked(model, "roll"))


def stored() -> list:
    store = HistoryStore.open_for_reading(paths.history_file())
    try:
        return store.sessions()
    finally:
        store.close()


def test_each_timed_exercise_is_checked_in_after_its_last_part_and_the_answers_are_kept(model, clock):
    to_the_roll_check_in(model, clock)
    snap = model.snapshot()
    assert snap.phase.step.id == "heel-raises" and snap.state is not State.PAUSED  # the routine goes on
    ask = model.check_ins.asking
    assert ask.title == "Roll each foot on a lacrosse ball" and not ask.answered
    assert model.press(Command.EFFORT, ABOUT_RIGHT) is None
    assert model.check_ins.asking.waits_for_pain
    model.press(Command.RATE, 2)
    ask = model.check_ins.asking
    assert (ask.effort, ask.pain, ask.saved) == (Effort.ABOUT_RIGHT, 2, Saved.SAVED)
    assert stored()[0].check_ins == (CheckIn("roll", Effort.ABOUT_RIGHT, 2),)  # in the file at once
    run_until(model, clock, asked(model, "heel-raises"))  # the next exercise's replaces it
    model.press(Command.RATE, 1)  # in a session a digit answers the pain directly, no effort needed
    assert model.check_ins.asking.pain == 1 and model.check_ins.asking.effort is None
    model.press(Command.PRIMARY)  # the last habit: the end
    assert model.screen is Screen.FINISHED and model.check_ins.asking.step == "heel-raises"  # still answerable
    assert model.press(Command.RATE, 3) is Command.RATE  # the digits are the lower back's: no effort was given
    model.press(Command.EFFORT, HARD)  # its pain is given already: the digits stay the lower back's
    assert model.check_ins.asking.pain == 1 and not model.check_ins.asking.waits_for_pain
    assert model.press(Command.RATE, 4) is Command.RATE
    (session,) = stored()
    assert session.check_ins == (CheckIn("roll", Effort.ABOUT_RIGHT, 2), CheckIn("heel-raises", Effort.HARD, 1))
    model.go_home()
    assert model.check_ins.asking is None


def test_on_the_finished_screen_the_digits_answer_the_last_exercise_only_after_its_effort(model, clock):
    to_the_roll_check_in(model, clock)
    run_until(model, clock, asked(model, "heel-raises"))
    model.press(Command.PRIMARY)
    assert model.screen is Screen.FINISHED
    model.press(Command.EFFORT, EASY)
    assert model.check_ins.asking.waits_for_pain
    clock.advance(SECOND_DIGIT_S * 2)
    assert model.press(Command.RATE, 1) is None  # the check-in's: "1" then "0" is 10, never 0
    clock.advance(0.5)
    assert model.press(Command.RATE, 0) is None
    assert model.check_ins.asking.pain == 10
    assert model.press(Command.RATE, 3) is Command.RATE  # answered: the digits are the lower back's now
    model.press(Command.EFFORT, HARD)
    assert model.check_ins.asking.pain == 10 and not model.check_ins.asking.waits_for_pain
    assert stored()[0].check_ins == (CheckIn("heel-raises", Effort.HARD, 10),)


def test_a_late_zero_after_the_check_ins_one_is_the_lower_backs(model, clock):
    to_the_roll_check_in(model, clock)
    run_until(model, clock, asked(model, "heel-raises"))
    model.press(Command.PRIMARY)
    model.press(Command.EFFORT, EASY)
    model.press(Command.RATE, 1)
    clock.advance(SECOND_DIGIT_S + 0.5)
    assert model.press(Command.RATE, 0) is Command.RATE  # too late for "10": the lower back's 0
    assert model.check_ins.asking.pain == 1
    assert stored()[0].check_ins == (CheckIn("heel-raises", Effort.EASY, 1),)


def test_an_unanswered_check_in_records_nothing_and_a_stopped_exercise_asks_nothing(model, clock):
    to_the_roll_check_in(model, clock)
    run_until(model, clock, lambda: model.snapshot().clock_state is State.RUNNING)  # heel raises under way
    model.stop()  # stopped in the middle of it: no check-in for it, and roll's goes with the session
    assert model.screen is Screen.FINISHED and model.check_ins.asking is None
    assert model.press(Command.EFFORT, HARD) is None and model.check_ins.asking is None
    assert stored()[0].check_ins == ()


def test_pain_above_the_limit_pauses_the_session_and_stop_for_today_ends_it(model, clock):
    to_the_roll_check_in(model, clock)
    cards: list = []
    model.check_ins.card_changed.connect(cards.append)
    model.press(Command.EFFORT, HARD)
    model.press(Command.RATE, 6)  # the limit is 5 by default
    assert model.snapshot().state is State.PAUSED and model.check_ins.card is StopCard.DURING
    model.press(Command.PRIMARY)  # Space by habit does not carry on
    model.press(Command.SKIP)
    assert model.snapshot().state is State.PAUSED and model.snapshot().phase.step.id == "heel-raises"
    model.press(Command.ESCAPE)  # Esc: stop for today
    assert model.screen is Screen.FINISHED and model.result().stopped
    assert model.check_ins.card is StopCard.AFTER  # on the finished screen, in place of "Start again"
    assert cards == [StopCard.DURING, None, StopCard.AFTER]
    (session,) = stored()
    assert session.status is SessionStatus.PARTIAL and session.check_ins == (CheckIn("roll", Effort.HARD, 6),)


def test_carry_on_anyway_resumes_and_a_pain_at_the_limit_shows_no_card(model, clock):
    model.apply_settings(replace(model.settings, pain_limit=3))
    to_the_roll_check_in(model, clock)
    model.press(Command.RATE, 3)  # at the limit: fine
    assert model.check_ins.card is None and model.snapshot().state is not State.PAUSED
    model.press(Command.RATE, 4)  # changed to above it
    assert model.check_ins.card is StopCard.DURING and model.snapshot().state is State.PAUSED
    model.press(Command.CARRY_ON)  # C: the person decides
    assert model.check_ins.card is None and model.snapshot().state is not State.PAUSED
    assert model.press(Command.CARRY_ON) is None and model.snapshot().state is not State.PAUSED  # nothing to carry


def test_a_lower_back_rating_above_the_limit_replaces_the_suggestion_to_go_on(model, clock):
    model.start()
    model.press(Command.PRIMARY)
    run_until(model, clock, lambda: model.snapshot().clock_state is State.RUNNING)
    model.stop()
    assert model.check_ins.card is None
    model.rate(8)
    assert model.check_ins.card is StopCard.AFTER
    model.rate(2)  # a slip put right
    assert model.check_ins.card is None
    model.rate(9)
    model.check_ins.carry_on()
    assert model.check_ins.card is None
    model.rate(10)  # the person said they carry on: not asked again for the same session
    assert model.check_ins.card is None
    model.go_home()
    model.start()
    assert model.check_ins.card is None


def test_a_check_in_given_while_the_disk_is_full_lands_when_it_can(model, clock, monkeypatch):
    to_the_roll_check_in(model, clock)
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL
    original = model.history.set_check_in

    def no_room(*args):
        raise full

    monkeypatch.setattr(model.history, "set_check_in", no_room)
    model.press(Command.EFFORT, EASY)
    ask = model.check_ins.asking
    assert ask.saved is Saved.WAITING and ask.why.startswith("Noted, not saved yet:")
    monkeypatch.setattr(model.history, "set_check_in", original)
    clock.advance(HISTORY_RETRY_S)
    model.tick()
    assert model.check_ins.asking.saved is Saved.SAVED and model.check_ins.asking.why is None
    assert stored()[0].check_ins == (CheckIn("roll", Effort.EASY, None),)


def test_without_a_history_an_answer_is_noted_and_not_claimed_saved(clock):
    model = build_model(Adapters(clock=clock, wall_clock=lambda: WEDNESDAY, waker=FakeWaker(),
                                 fixed_options=SessionOptions(get_ready_s=5, sleep_gap_s=1e9)))  # fmt: skip
    to_the_roll_check_in(model, clock)  # the history never opened
    model.press(Command.EFFORT, EASY)
    assert model.check_ins.asking.saved is Saved.NOT_SAVED
    model.press(Command.RATE, 9)
    assert model.check_ins.card is StopCard.DURING  # safety does not depend on saving
    model.close()


def test_a_note_and_the_plan_phase_are_kept_with_the_session(model, clock):
    planned = replace(model.routine, plan_phase="Build", plan_week=2)
    model.runner.start(planned, model._session_options())
    model.press(Command.PRIMARY)
    run_until(model, clock, asked(model, "roll"))
    model.stop()
    assert model.check_ins.add_note("Left heel \x1b[31msore\n") and model.check_ins.answer_note is None
    (session,) = stored()
    assert (session.note, session.plan_phase, session.plan_week) == ("Left heel  [31msore", "Build", 2)
    assert model.check_ins.add_note("")
    assert stored()[0].note is None
