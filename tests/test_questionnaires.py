"""The back questionnaires without a window: scoring by the published rules,
the rule of when one is offered (over weeks of a fake calendar), and the
model the window drives, each answer read back from the history file."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from footdesk import paths
from footdesk.appmodel import Adapters, AppModel, build_model
from footdesk.history import HistoryStore
from footdesk.keys import Command
from footdesk.questionnaires import (
    RMDQ_COUNT,
    RMDQ_STATEMENTS,
    Activity,
    Instrument,
    activity_name,
    answered,
    is_due,
    next_due,
    odi_score,
    psfs_score,
    rmdq_score,
    scores,
    stored,
)
from footdesk.session import SessionOptions
from tests.helpers import FakeClock
from tests.helpers.fakes import FakeWaker

MONDAY = date(2026, 11, 16)


# Scoring ---------------------------------------------------------------------------


def test_the_roland_morris_has_the_24_statements_of_the_published_form_and_scores_the_yes_answers():
    assert RMDQ_COUNT == len(set(RMDQ_STATEMENTS)) == 24
    assert RMDQ_STATEMENTS[0] == "I stay at home most of the time because of my back."
    assert RMDQ_STATEMENTS[23] == "I stay in bed most of the time because of my back."
    assert rmdq_score([False] * 24) == 0
    assert rmdq_score([True] * 24) == 24
    assert rmdq_score([i % 3 == 0 for i in range(24)]) == 8
    for wrong in ([True] * 23, [True] * 25, [1] * 24, ["yes"] * 24):
        with pytest.raises(ValueError):
            rmdq_score(wrong)


def test_the_psfs_score_is_the_mean_of_one_to_three_ratings_from_0_to_10():
    assert psfs_score([Activity("Sitting at work", 4)]) == 4
    assert psfs_score([Activity("Sitting", 4), Activity("Lifting", 7)]) == 5.5
    assert psfs_score([Activity("a", 3), Activity("b", 4), Activity("c", 4)]) == pytest.approx(11 / 3)
    for wrong in ([], [Activity("a", 1)] * 4, [Activity("a", 11)], [Activity("a", -1)], [Activity("a", 5.5)],
                  [Activity("two\nlines", 5)], [Activity("x" * 81, 5)]):  # fmt: skip
        with pytest.raises(ValueError):
            psfs_score(wrong)
    assert activity_name("  Carrying\tthe shopping\n ") == "Carrying the shopping"
    assert activity_name("   ") is None and activity_name(3) is None


def test_an_oswestry_score_is_kept_as_given_from_0_to_100():
    assert odi_score(32) == 32.0 and odi_score(0) == 0.0 and odi_score(100) == 100.0 and odi_score(44.5) == 44.5
    for wrong in (-1, 100.5, float("nan"), float("inf"), True, "30"):
        with pytest.raises(ValueError):
            odi_score(wrong)


def test_a_stored_row_is_read_only_when_its_score_follows_from_its_answers():
    rmdq = answered(Instrument.RMDQ, MONDAY, "2026-11-16T09:00:00.000+01:00", rmdq=[True] * 5 + [False] * 19)
    assert stored("rmdq", "2026-11-16", rmdq.answered_at, 5.0, rmdq.answers_text()) == rmdq
    assert stored("rmdq", "2026-11-16", rmdq.answered_at, 6.0, rmdq.answers_text()) is None  # a score not theirs
    assert stored("rmdq", "2026-11-16", rmdq.answered_at, 5.0, "[true]") is None
    assert stored("psfs", "2026-11-16", "t", 5.0, '[{"activity": "Walking", "rating": 5}]') is not None
    assert stored("psfs", "2026-11-16", "t", 5.0, '[{"activity": "Walking", "rating": 5, "x": 1}]') is None
    assert stored("odi", "2026-11-16", "t", 30, None) is not None
    assert stored("odi", "2026-11-16", "t", 130, None) is None
    assert stored("odi", "2026-11-16", "t", 30, "[]") is None
    assert stored("sf36", "2026-11-16", "t", 3, None) is None
    assert stored("odi", "16/11/2026", "t", 3, None) is None
    assert stored("rmdq", "2026-11-16", "t", 0, "[" * 1500 + "]" * 1500) is None  # no recursion error escapes


def test_scores_say_the_change_since_the_first_of_each_kind():
    at = "2026-11-16T09:00:00.000+01:00"
    records = [
        answered(Instrument.RMDQ, MONDAY + timedelta(weeks=2), at, rmdq=[True] * 6 + [False] * 18),
        answered(Instrument.RMDQ, MONDAY, at, rmdq=[True] * 10 + [False] * 14),
        answered(Instrument.PSFS, MONDAY, at, psfs=[Activity("Walking", 4)]),
        answered(Instrument.PSFS, MONDAY + timedelta(weeks=2), at, psfs=[Activity("Walking", 7)]),
    ]
    got = [(s.instrument, s.score, s.max_score, s.change_since_first, s.lower_is_better) for s in scores(records)]
    assert got == [(Instrument.RMDQ, 10, 24, 0, True), (Instrument.PSFS, 4, 10, 0, False),
                   (Instrument.RMDQ, 6, 24, -4, True), (Instrument.PSFS, 7, 10, 3, False)]  # fmt: skip


def test_a_psfs_changes_over_the_activities_rated_both_times_never_from_a_new_one():
    at = "2026-11-16T09:00:00.000+01:00"

    def psfs(weeks: int, *rated: tuple[str, int]) -> object:
        return answered(Instrument.PSFS, MONDAY + timedelta(weeks=weeks), at,
                        psfs=[Activity(name, rating) for name, rating in rated])  # fmt: skip

    records = [psfs(0, ("Sitting through a film", 4), ("Gardening", 1)),
               psfs(2, ("sitting through a FILM", 5), ("Gardening", 3), ("Lifting my child", 10)),
               psfs(4, ("Lifting my child", 9)), psfs(6, ("Gardening", 2))]  # fmt: skip
    got = [(s.score, s.change_since_first) for s in scores(records)]
    # the mean went 2.5 -> 6: the activities both rated moved +1 and +2, a mean of +1.5
    assert got == [(2.5, 0.0), (6.0, 1.5), (9.0, None), (2.0, 1.0)]
    from footdesk.report import change_text, questionnaire_list_text, report_score_cells

    assert change_text(None, False) == "other activities than the first"
    lines = questionnaire_list_text(scores(records)).splitlines()
    assert lines[1].endswith("1.5 higher than the first (better)")
    assert lines[2].endswith("other activities than the first")
    assert report_score_cells("PSFS", MONDAY, 9.0, None, False)[3] == "other activities than the first"
    assert report_score_cells("PSFS", MONDAY, 2.5, None, True)[3] == "first"
    assert report_score_cells("PSFS", MONDAY, 6, 4 / 3, False)[3] == "+1.3"


# When one is due ---------------------------------------------------------------------


def test_none_is_due_before_the_first_session_nor_when_off():
    assert next_due(2, None, None) is None
    assert not is_due(MONDAY, 2, None, None, None, False)
    assert next_due(0, None, MONDAY) is None and not is_due(MONDAY + timedelta(weeks=9), 0, MONDAY, MONDAY, None,
                                                            False)  # fmt: skip


def test_the_first_comes_after_the_first_session_then_every_interval():
    assert is_due(MONDAY, 2, None, MONDAY, None, False)
    assert not is_due(MONDAY, 2, None, MONDAY, None, True)  # never during a session
    assert not is_due(MONDAY, 2, None, MONDAY, MONDAY, False)  # "Not now" today
    assert is_due(MONDAY + timedelta(days=1), 2, None, MONDAY, MONDAY, False)  # ... only today
    taken = MONDAY
    assert not is_due(taken + timedelta(days=13), 2, taken, MONDAY, None, False)
    assert is_due(taken + timedelta(days=14), 2, taken, MONDAY, None, False)
    assert not is_due(taken + timedelta(days=20), 3, taken, MONDAY, None, False)
    assert is_due(taken + timedelta(days=21), 3, taken, MONDAY, None, False)


# The model -------------------------------------------------------------------------


class Calendar:
    """The wall clock the model reads, moved by days."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 16, 18, 0).astimezone()

    def __call__(self) -> datetime:
        return self.now

    def days(self, count: int) -> None:
        self.now += timedelta(days=count)


@pytest.fixture
def calendar() -> Calendar:
    return Calendar()


@pytest.fixture
def model(clock: FakeClock, calendar: Calendar) -> AppModel:
    built = build_model(Adapters(clock=clock, wall_clock=calendar, waker=FakeWaker(),
                                 fixed_options=SessionOptions(get_ready_s=5, sleep_gap_s=1e9)))  # fmt: skip
    built.open_history()
    yield built
    built.close()


def a_session(model: AppModel, clock: FakeClock) -> None:
    """A session begun and stopped after a few seconds: something done, recorded."""
    model.start()
    model.press(Command.PRIMARY)
    for _ in range(20):
        clock.advance(1)
        model.tick()
    model.stop()
    model.go_home()


def saved() -> list:
    store = HistoryStore.open_for_reading(paths.history_file())
    try:
        return store.questionnaires()
    finally:
        store.close()


def answer_all(model: AppModel, yes_at: set[int]) -> object:
    model.questionnaires.begin_rmdq()
    result = None
    for index in range(24):
        result = model.questionnaires.answer(index in yes_at)
    return result


def test_the_offer_over_weeks_after_the_first_session_every_two_weeks_not_now_for_the_day(model, clock, calendar):
    q = model.questionnaires
    assert not q.due()  # first start: nothing yet
    model.start()
    clock.advance(3)
    model.tick()
    assert not q.due()
    model.stop()  # (the session ends, something done)
    model.go_home()
    a_session(model, clock)
    assert q.due() and q.weeks_since_last() is None
    q.not_now()
    assert not q.due()
    calendar.days(1)
    assert q.due()
    answer_all(model, {0, 2})
    assert not q.due()
    for _day in range(13):
        calendar.days(1)
        assert not q.due()
    calendar.days(1)
    assert q.due() and q.weeks_since_last() == 2
    model.start()  # during a session: never
    assert not q.due()
    model.stop()
    model.go_home()
    model.apply_settings(model.settings.__class__(**{**model.settings.__dict__, "questionnaire_weeks": 0}))
    assert not q.due()


def test_not_now_holds_for_the_day_across_a_restart_and_not_the_next_day(model, clock, calendar):
    """Before: "Not now" was kept in memory only, and a restart offered again that day."""
    a_session(model, clock)
    model.questionnaires.not_now()
    model.close()
    again = build_model(Adapters(clock=clock, wall_clock=calendar, waker=FakeWaker(),
                                 fixed_options=SessionOptions(get_ready_s=5, sleep_gap_s=1e9)))  # fmt: skip
    again.open_history()
    try:
        assert not again.questionnaires.due()
        calendar.days(1)
        assert again.questionnaires.due()
    finally:
        again.close()


def test_a_put_off_day_that_is_not_a_date_is_ignored(tmp_path):
    from footdesk.appstate import load_app_state

    state = tmp_path / "app-state.json"
    for garbage in ('"yesterday"', "20261207", '"2026-13-40"', "null", '"' + "9" * 5000 + '"'):
        state.write_text('{"questionnaires_put_off_on": ' + garbage + "}")
        assert load_app_state(state).questionnaires_put_off_on is None
    state.write_text('{"questionnaires_put_off_on": "2026-12-07"}')
    assert load_app_state(state).questionnaires_put_off_on == "2026-12-07"


def test_a_roland_morris_is_saved_only_when_every_statement_is_answered(model, clock):
    q = model.questionnaires
    q.begin_rmdq()
    for _ in range(10):
        q.answer(True)
    q.back()
    assert q.rmdq is not None and q.rmdq.index == 9
    q.leave()
    assert q.rmdq is None and saved() == []  # left half-done: nothing kept
    record = answer_all(model, {1, 4, 9, 23})
    assert record is not None and record.score == 4
    (row,) = saved()
    assert row.instrument is Instrument.RMDQ and row.score == 4 and row.rmdq[1] and not row.rmdq[0]
    assert row.taken_on == date(2026, 11, 16)


def test_psfs_activities_are_offered_again_and_odi_is_recorded_with_its_date(model):
    q = model.questionnaires
    assert q.activities() == ()
    q.save_psfs([Activity("Sitting at work", 3), Activity("Lifting my child", 5)])
    assert q.activities() == ("Sitting at work", "Lifting my child")
    q.record_odi(34, date(2026, 11, 2))
    rows = saved()
    assert [(r.instrument, r.score, r.taken_on) for r in rows] == [
        (Instrument.ODI, 34.0, date(2026, 11, 2)), (Instrument.PSFS, 4.0, date(2026, 11, 16))]  # fmt: skip
    with pytest.raises(ValueError):
        q.record_odi(120, date(2026, 11, 2))
    for wrong_day in (date(1900, 1, 1), date(2023, 11, 13), date(2026, 11, 17)):  # years back, or after today
        with pytest.raises(ValueError):
            q.record_odi(30, wrong_day)
    assert len(saved()) == 2
