"""The dose of the routine in use drives days of use: a day is done when the
routine was completed as many times as it asks, the weekly goal is its own
when its file says so, the streak counts the days whose dose was met, and the
reminders come once for each time a day not done yet. Driven through the model
with the fake clock, day by day, as a person would use it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from footdesk import paths
from footdesk.appmodel import Adapters, AppModel, build_model
from footdesk.report import STREAK_RULE, goal_sentence, home_week_line, streak_sentence, today_count_line
from footdesk.session import SessionOptions
from footdesk.week import DayState, iso_week_of
from tests.helpers import FakeClock
from tests.helpers.fakes import FakeWaker

MONDAY = date(2026, 11, 16)  # 2026-W47

KNEE = """schema = 3
id = "knee-care"
title = "Knee care"

[dose]
times_a_day = 2
days_a_week = 5

[[steps]]
id = "wall-sit"
title = "Wall sit"
timing = "timed"
seconds = 20
instructions = ["Sit with your back against the wall."]
"""

CALF = """schema = 3
id = "calf-care"
title = "Calf care"

[dose]
times_a_day = 3

[[steps]]
id = "stretch"
title = "Calf stretch"
timing = "timed"
seconds = 20
instructions = ["Lean into the wall."]
"""


class Days:
    """The person's own clock, moved by the test: the day and the hour."""

    def __init__(self) -> None:
        self.now = datetime(MONDAY.year, MONDAY.month, MONDAY.day, 8, 0).astimezone()

    def __call__(self) -> datetime:
        return self.now

    def at(self, day: date, hour: int, minute: int = 0) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, minute).astimezone()


@pytest.fixture
def days() -> Days:
    return Days()


def make_model(clock: FakeClock, days: Days, *routines: str, settings: str = "") -> AppModel:
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for text in routines:
        name = text.split('id = "', 1)[1].split('"', 1)[0]
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    if settings:
        paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
        paths.settings_file().write_text(settings, encoding="utf-8")
    adapters = Adapters(clock=clock, wall_clock=days, waker=FakeWaker(),
                        fixed_options=SessionOptions(get_ready_s=0, sleep_gap_s=1e9))  # fmt: skip
    model = build_model(adapters)
    model.open_history()
    return model


def run_for(model: AppModel, clock: FakeClock, seconds: float) -> None:
    end = clock.now + seconds
    while clock.now < end - 1e-9:
        wake = model.next_wakeup()
        clock.now = end if wake is None else min(wake, end)
        model.tick()


def do_routine(model: AppModel, clock: FakeClock, days: Days, day: date, hour: int, finish: bool = True) -> None:
    """One session of the routine in use at that hour: to the end, or stopped halfway."""
    days.at(day, hour)
    model.start()
    if finish:
        for _ in range(20):  # a tip or a habit waits for Space; a timed part runs by itself
            run_for(model, clock, 130)
            model.primary()
            if not model.session_active:
                break
    else:
        run_for(model, clock, 5)
        model.stop()
        model.go_home()
    assert not model.session_active


@pytest.fixture
def knee(clock, days):
    model = make_model(clock, days, KNEE)
    assert model.select_routine("knee-care")
    yield model
    model.close()


def state_of(model: AppModel, day: date) -> DayState:
    week = model.week(*iso_week_of(day))
    assert week is not None
    summary = week.day(day)
    assert summary is not None
    return summary.state


def test_twice_a_day_one_session_leaves_the_day_partial_two_make_it_done(knee, clock, days):
    do_routine(knee, clock, days, MONDAY, 8)
    assert state_of(knee, MONDAY) is DayState.PARTIAL
    assert not knee.done_today() and knee.completed_today() == 1
    week = knee.this_week()
    assert week is not None and week.days_done == 0 and week.current_streak == 0
    assert today_count_line(week) == "1 of 2 today"
    do_routine(knee, clock, days, MONDAY, 18)
    assert state_of(knee, MONDAY) is DayState.DONE
    assert knee.done_today() and knee.completed_today() == 2
    week = knee.this_week()
    assert week is not None and week.days_done == 1 and week.current_streak == 1
    assert today_count_line(week) == "2 of 2 today"


def test_a_session_stopped_halfway_does_not_count_towards_the_dose(knee, clock, days):
    do_routine(knee, clock, days, MONDAY, 8)
    do_routine(knee, clock, days, MONDAY, 12, finish=False)
    assert state_of(knee, MONDAY) is DayState.PARTIAL and knee.completed_today() == 1


def test_the_goal_and_the_streak_follow_the_dose_over_a_week(knee, clock, days):
    """Five days a week from the routine's own file (the setting says seven);
    the streak counts only the days whose dose was met."""
    for offset in range(4):  # Monday to Thursday, twice each
        day = MONDAY + timedelta(days=offset)
        do_routine(knee, clock, days, day, 8)
        do_routine(knee, clock, days, day, 18)
    friday = MONDAY + timedelta(days=4)
    do_routine(knee, clock, days, friday, 8)  # once only: partial
    days.at(friday, 20)
    week = knee.this_week()
    assert week is not None
    assert knee.settings.goal_days == 7 and week.goal_days == 5
    assert week.days_done == 4 and week.current_streak == 4 and not week.goal_met
    assert home_week_line(week) == "4 days in a row  ·  4 of 5 days this week"
    assert goal_sentence(week) == "Weekly goal: 5 days (twice a day); 1 more day to go."
    do_routine(knee, clock, days, friday, 21)
    week = knee.this_week()
    assert week is not None and week.goal_met and week.current_streak == 5
    assert goal_sentence(week) == "Weekly goal of 5 days (twice a day) reached."
    assert streak_sentence(week) == "Streak: 5 days (longest 5)."
    # a day with one session breaks the streak the next day
    saturday = friday + timedelta(days=1)
    do_routine(knee, clock, days, saturday, 8)
    days.at(saturday + timedelta(days=1), 9)
    week = knee.this_week()
    assert week is not None and week.current_streak == 0 and week.longest_streak == 5
    trend = knee.trend(*iso_week_of(MONDAY))
    assert trend[-1].days_done == 5


def test_the_built_in_routine_counts_once_a_day_and_the_setting_is_its_goal(clock, days):
    model = make_model(clock, days, KNEE, settings="[goal]\ndays = 3\n")
    try:
        do_routine(model, clock, days, MONDAY, 8)
        week = model.this_week()
        assert week is not None and state_of(model, MONDAY) is DayState.DONE
        assert week.goal_days == 3 and week.times_a_day == 1 and today_count_line(week) == ""
        assert model.select_routine("knee-care")  # the routine in use sets the goal from now on
        week = model.this_week()
        assert week is not None and week.goal_days == 5 and state_of(model, MONDAY) is DayState.DONE
    finally:
        model.close()


def test_two_routines_each_count_by_their_own_dose(clock, days):
    """A day is done when any routine's dose was met: two sessions of two
    different twice-a-day routines do not add up to one's dose."""
    second = KNEE.replace('"knee-care"', '"hip-care"').replace("Knee care", "Hip care")
    model = make_model(clock, days, KNEE, second)
    try:
        assert model.select_routine("knee-care")
        do_routine(model, clock, days, MONDAY, 8)
        assert model.select_routine("hip-care")
        do_routine(model, clock, days, MONDAY, 9)
        assert state_of(model, MONDAY) is DayState.PARTIAL
        do_routine(model, clock, days, MONDAY, 18)
        assert state_of(model, MONDAY) is DayState.DONE
        # the review of one routine alone: the knee's dose was not met
        knee_week = model.week(*iso_week_of(MONDAY), routine="knee-care")
        assert knee_week is not None and knee_week.day(MONDAY).state is DayState.PARTIAL
        assert knee_week.goal_days == 5 and knee_week.routine == "knee-care"
    finally:
        model.close()


def test_a_deleted_routine_counts_once_a_day(knee, clock, days):
    do_routine(knee, clock, days, MONDAY, 8)
    assert state_of(knee, MONDAY) is DayState.PARTIAL
    knee.delete_routine("knee-care")
    assert state_of(knee, MONDAY) is DayState.DONE  # no dose known any more: once a day, as before doses


def test_the_streak_rule_says_the_dose():
    assert "as many times as it asks" in STREAK_RULE


def test_the_dose_in_words():
    from footdesk.report import dose_words
    from footdesk.routine import Dose

    assert dose_words(Dose()) == ""
    assert dose_words(Dose(times_a_day=2)) == "twice a day"
    assert dose_words(Dose(times_a_day=3, days_a_week=1)) == "three times a day, 1 day a week"
    assert dose_words(Dose(days_a_week=5)) == "5 days a week"


# The reminders --------------------------------------------------------------------


def reminder_due(model: AppModel) -> bool:
    from footdesk.reminder import reminder_due as due

    at = model.settings.reminder_at
    assert at is not None
    memory = model.reminder_memory()
    return due(model.local_now(), at, memory.shown_on, model.done_today(), memory.snoozed_until,
               later=model.later_reminder_times(), times_done=model.completed_today(),
               shown_number=memory.shown_number)  # fmt: skip


REMINDERS = '[reminder]\ntime = "07:30"\nsecond_time = "17:00"\n'


def test_a_twice_a_day_routine_has_two_reminders_and_none_after_both_sessions(clock, days):
    model = make_model(clock, days, KNEE, settings=REMINDERS)
    try:
        assert model.select_routine("knee-care")
        assert [f"{at:%H:%M}" for at in model.later_reminder_times()] == ["17:00"]
        days.at(MONDAY, 7, 0)
        assert not reminder_due(model) and model.next_reminder_text() == "Next reminder at 07:30"
        days.at(MONDAY, 7, 30)
        assert reminder_due(model)
        model.reminder_shown()
        assert not reminder_due(model)  # once
        do_routine(model, clock, days, MONDAY, 8)
        assert model.next_reminder_text() == "Next reminder at 17:00"
        days.at(MONDAY, 17, 0)
        assert reminder_due(model)  # one session done: the second still comes
        model.reminder_shown()
        assert not reminder_due(model)
        do_routine(model, clock, days, MONDAY, 18)
        assert model.next_reminder_text() == "Today's routine is done: next reminder tomorrow at 07:30"
        # Tuesday: both done before their times, so none comes at all
        tuesday = MONDAY + timedelta(days=1)
        do_routine(model, clock, days, tuesday, 6)
        days.at(tuesday, 7, 45)
        assert not reminder_due(model) and model.next_reminder_text() == "Next reminder at 17:00"
        do_routine(model, clock, days, tuesday, 12)
        days.at(tuesday, 17, 30)
        assert not reminder_due(model)
    finally:
        model.close()


def test_each_reminder_comes_once_even_across_a_restart(clock, days):
    model = make_model(clock, days, KNEE, settings=REMINDERS)
    assert model.select_routine("knee-care")
    days.at(MONDAY, 17, 5)  # away all morning: one reminder, not two
    assert reminder_due(model)
    model.reminder_shown()
    assert model.reminder_memory().shown_number == 2
    model.close()
    again = make_model(clock, days)
    try:
        days.at(MONDAY, 20)
        assert not reminder_due(again)
        assert again.next_reminder_text() == "Next reminder tomorrow at 07:30"
    finally:
        again.close()


def test_a_once_a_day_routine_has_one_reminder_whatever_the_later_times(clock, days):
    model = make_model(clock, days, settings=REMINDERS)
    try:
        assert model.later_reminder_times() == ()
        days.at(MONDAY, 7, 30)
        model.reminder_shown()
        days.at(MONDAY, 17, 30)
        assert not reminder_due(model)
    finally:
        model.close()


def test_three_times_a_day_has_three_reminders_in_the_order_of_the_clock(clock, days):
    model = make_model(clock, days, CALF, settings=REMINDERS)
    try:
        assert model.select_routine("calf-care")
        assert [f"{at:%H:%M}" for at in model.later_reminder_times()] == ["17:00", "13:00"]  # third default 13:00
        shown = []
        for hour, minute in ((7, 30), (13, 0), (17, 0)):
            days.at(MONDAY, hour, minute)
            if reminder_due(model):
                shown.append(f"{hour:02d}:{minute:02d}")
                model.reminder_shown()
        assert shown == ["07:30", "13:00", "17:00"]
    finally:
        model.close()


def test_no_reminder_set_means_no_later_ones_either(clock, days):
    model = make_model(clock, days, KNEE, settings='[reminder]\nsecond_time = "17:00"\n')
    try:
        assert model.select_routine("knee-care")
        assert model.later_reminder_times() == () and model.next_reminder_text() == ""
    finally:
        model.close()


def test_footdesk_history_counts_by_the_dose(knee, clock, days, capsys):
    from footdesk.cli import main as cli_main

    do_routine(knee, clock, days, MONDAY, 8)
    do_routine(knee, clock, days, MONDAY + timedelta(days=1), 8)
    do_routine(knee, clock, days, MONDAY + timedelta(days=1), 18)
    knee.close()
    capsys.readouterr()
    assert cli_main(["history", "--week", "2026-W47"]) == 0
    out = capsys.readouterr().out
    assert "Mon 16 Nov  ◐ partly done" in out and "Tue 17 Nov  ✓ done" in out
    assert "1 of 7 days done" in out and "Weekly goal: 5 days (twice a day)" in out
