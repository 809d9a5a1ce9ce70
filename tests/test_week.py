from __future__ import annotations

from datetime import date, timedelta

import pytest

from footdesk.records import Outcome, SessionRecord, SessionStatus, StepRun, exercise_seconds
from footdesk.week import DayState, parse_week, shift_week, streaks, summarize_week, trend

MONDAY = date(2026, 11, 16)  # week 2026-W47


def run(
    step: str, side: str | None, planned: int | None, actual: float, outcome: Outcome = Outcome.COMPLETED
) -> StepRun:
    return StepRun(step, side, planned, actual, outcome, "2026-11-16T08:00:00.000+00:00", "x")


def session(
    day: date, *steps: StepRun, completed: bool = True, pain: int | None = None, id: int = 1, routine: str = "mine"
) -> SessionRecord:
    status = SessionStatus.COMPLETED if completed else SessionStatus.PARTIAL
    return SessionRecord(id, routine, f"{day.isoformat()}T08:00:00.000+00:00", None, day, status, pain, steps)


BUILT_IN = "foot-strength"  # its untimed steps are habits; those of "mine" are tips


WHOLE = (run("walk", None, None, 0), run("stretch", "left", 30, 30), run("stretch", "right", 30, 30))


@pytest.mark.parametrize(
    ("done", "rest", "today", "expected"),
    [
        ([], [], 10, (0, 0)),
        ([8, 9], [], 10, (2, 2)),  # today not done yet does not break it
        ([8, 9, 10], [], 10, (3, 3)),
        ([6, 7, 9], [], 10, (1, 2)),  # a missed day breaks it
        ([6, 7, 9], [8], 10, (3, 3)),  # a rest day bridges it but does not count
        ([7, 9], [8, 10], 10, (2, 2)),  # resting today
        ([1, 2, 3, 4, 8], [], 10, (0, 4)),
        ([1, 2, 4], [3], 10, (0, 3)),  # a rest day bridges a past streak too
        ([1, 2, 4, 5], [], 10, (0, 2)),  # after a missed day the run starts again
        ([11], [], 10, (0, 1)),  # done "tomorrow" (the clock was set back since): still a day done
    ],
)
def test_streak_rules(done, rest, today, expected):
    day = lambda n: date(2026, 11, n)  # noqa: E731
    assert streaks({day(n) for n in done}, {day(n) for n in rest}, day(today)) == expected


def test_parse_week():
    assert parse_week("2026-W47") == (2026, 47)
    assert parse_week("2026-w01") == (2026, 1)
    for bad in ("2026-47", "W47", "2026-W54", "soon", "9999-W52", "0-W01", "99999-W01"):
        with pytest.raises(ValueError, match="is not an ISO week"):
            parse_week(bad)


def test_shift_week_crosses_years():
    assert shift_week(2026, 1, -1) == (2025, 52)
    assert shift_week(2026, 53, 1) == (2027, 1)


def test_exercise_counts_every_second_the_clock_ran_restarts_included():
    restarted = (
        run("stretch", "left", 30, 10, Outcome.RESTARTED),
        run("stretch", "left", 30, 30),
        run("walk", None, None, 5),
    )
    assert exercise_seconds(restarted) == 40


def test_a_day_is_planned_as_its_runs_were_recorded():
    """What the review's chart measures a day against: the planned seconds stored
    with each run (a restarted try is planned again by the next one; a habit has
    none), never today's durations."""
    monday = session(
        MONDAY,
        run("stretch", "left", 30, 10, Outcome.RESTARTED),
        run("stretch", "left", 30, 30),
        run("stretch", "right", 45, 20, Outcome.STOPPED),
        run("walk", None, None, 0),
    )
    summary = summarize_week(2026, 47, [monday], set(), set(), MONDAY, today=MONDAY + timedelta(days=1))
    assert summary.days[0].planned_s == 30 + 45 and summary.days[0].planned_minutes == 1.25
    assert [day.planned_s for day in summary.days[1:]] == [0] * 6


def test_days_before_the_first_session_are_not_missed():
    first = MONDAY.replace(day=19)  # Thursday
    summary = summarize_week(2026, 47, [session(first, *WHOLE)], set(), {first}, first, today=first)
    states = [day.state for day in summary.days]
    assert states[:3] == [DayState.BEFORE_START] * 3
    assert states[3:] == [DayState.DONE, DayState.UPCOMING, DayState.UPCOMING, DayState.UPCOMING]
    never = summarize_week(2026, 46, [], set(), {first}, first, today=first)
    assert {day.state for day in never.days} == {DayState.BEFORE_START}


def test_habits_count_once_a_day_however_many_sessions():
    day = MONDAY
    sessions = [session(day, *WHOLE, id=n, routine=BUILT_IN) for n in range(4)]
    summary = summarize_week(2026, 47, sessions, set(), {day}, day, today=day)
    assert summary.days[0].habits == 1 and summary.habits == 1
    assert summary.days[0].exercise_s == 4 * 60


def test_the_goal_is_met_when_enough_days_are_done():
    days = [MONDAY.replace(day=16 + n) for n in range(3)]
    sessions = [session(day, *WHOLE, id=n) for n, day in enumerate(days)]
    summary = summarize_week(2026, 47, sessions, set(), set(days), days[0], today=days[-1], goal_days=3)
    assert summary.goal_met and summary.days_done == 3
    assert not summarize_week(2026, 47, sessions, set(), set(days), days[0], days[-1], goal_days=4).goal_met


def test_rest_days_can_be_marked_only_where_nothing_was_done():
    assert DayState.MISSED.can_be_rest_day and DayState.REST.can_be_rest_day
    assert not DayState.DONE.can_be_rest_day and not DayState.PARTIAL.can_be_rest_day


def test_trend_gives_twelve_weeks_oldest_first_with_the_mean_rating():
    sessions = [
        session(MONDAY, *WHOLE, pain=6, id=1),
        session(MONDAY.replace(day=17), *WHOLE, pain=4, id=2),
        session(date(2026, 8, 20), *WHOLE, pain=9, id=3),  # more than twelve weeks before
    ]
    points = trend(sessions, 2026, 47)
    assert len(points) == 12 and points[-1].label == "2026-W47" and points[0].label == "2026-W36"
    assert points[-1].days_done == 2 and points[-1].pain == 5 and points[-1].minutes == 2
    assert all(point.days_done == 0 and point.pain is None for point in points[:-1])


def test_trend_weeks_before_the_first_session_are_not_started():
    sessions = [session(MONDAY, *WHOLE, pain=6, id=1)]
    points = trend(sessions, 2026, 48, first_day=MONDAY)
    assert [point.started for point in points] == [False] * 10 + [True, True]
    assert trend(sessions, 2026, 48)[-2:] == points[-2:]  # the first session found among those given
    assert not any(point.started for point in trend([], 2026, 48))


def test_a_trend_goes_back_no_further_than_the_calendars_first_week():
    from footdesk.week import trend_span

    assert [point.label for point in trend([], 1, 2)] == ["1-W01", "1-W02"]
    assert trend_span(1, 1) == (date(1, 1, 1), date(1, 1, 7))
    assert len(trend([], 9999, 51)) == 12


def test_a_trend_across_new_year_keeps_last_years_weeks():
    sessions = [
        session(date(2026, 12, 21), *WHOLE, pain=7, id=1),  # 2026-W52
        session(date(2026, 12, 31), *WHOLE, pain=5, id=2),  # 2026-W53, a Thursday
        session(date(2027, 1, 4), *WHOLE, pain=3, id=3),  # 2027-W01
    ]
    points = trend(sessions, 2027, 2, weeks=4)
    assert [point.label for point in points] == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    assert [point.days_done for point in points] == [1, 1, 1, 0]
    assert [point.pain for point in points] == [7, 5, 3, None]
    assert all(point.started for point in points)


def test_a_trend_counts_its_first_monday_and_its_last_sunday_but_nothing_outside():
    from footdesk.week import trend_span

    first, last = trend_span(2026, 47, weeks=2)
    assert (first, last) == (date(2026, 11, 9), date(2026, 11, 22))
    sessions = [
        session(date(2026, 11, 8), *WHOLE, pain=9, id=1),  # the Sunday before: not in it
        session(first, *WHOLE, pain=2, id=2),
        session(last, *WHOLE, pain=4, id=3),
        session(date(2026, 11, 23), *WHOLE, pain=9, id=4),  # the Monday after: not in it
    ]
    points = trend(sessions, 2026, 47, weeks=2)
    assert [(point.days_done, point.pain, point.minutes) for point in points] == [(1, 2, 1), (1, 4, 1)]


def test_a_weeks_mean_rating_is_rounded_to_a_tenth():
    sessions = [
        session(MONDAY, *WHOLE, pain=4, id=1),
        session(MONDAY.replace(day=17), *WHOLE, pain=5, id=2),
        session(MONDAY.replace(day=18), *WHOLE, pain=5, id=3),
    ]
    assert trend(sessions, 2026, 47)[-1].pain == 4.7  # 14 / 3, not 5.0 nor 4.67


def test_habits_kept_in_different_sessions_of_one_day_all_count():
    walked = session(MONDAY, run("walk", None, None, 0), completed=False, id=1, routine="foot-strength")
    shod = session(MONDAY, run("shoes", None, None, 0), completed=False, id=2, routine="foot-strength")
    both_again = session(
        MONDAY, run("walk", None, None, 0), run("shoes", None, None, 0), completed=False, id=3, routine="foot-strength"
    )
    summary = summarize_week(2026, 47, [walked, shod, both_again], set(), set(), MONDAY, today=MONDAY)
    assert summary.days[0].habits == 2 and summary.habits == 2
    assert summary.days[0].sessions == 3 and summary.days[0].state is DayState.PARTIAL


def test_without_a_goal_every_day_of_the_week_is_the_goal():
    days = [MONDAY.replace(day=16 + n) for n in range(7)]
    sessions = [session(day, *WHOLE, id=n) for n, day in enumerate(days)]
    whole = summarize_week(2026, 47, sessions, set(), set(days), days[0], today=days[-1])
    assert whole.goal_days == 7 and whole.goal_met
    short = summarize_week(2026, 47, sessions[:6], set(), set(days[:6]), days[0], today=days[-1])
    assert short.days_done == 6 and not short.goal_met


def test_day_states_are_the_texts_the_views_look_them_up_by():
    # ui/week_widgets.STATE_COLOURS is keyed by these texts; ui/review_window compares a state with "rest"
    assert [DayState.DONE, DayState.PARTIAL, DayState.REST, DayState.MISSED] == ["done", "partial", "rest", "missed"]


def test_a_week_that_is_not_one_is_named_in_the_message():
    with pytest.raises(ValueError) as raised:
        parse_week("soon")
    assert str(raised.value) == "'soon' is not an ISO week like 2026-W47"


def test_each_timed_part_of_a_day_is_done_against_planned_and_habits_are_not_parts():
    restarted = session(
        MONDAY,
        run("walk", None, None, 0),
        run("stretch", "left", 30, 12, Outcome.RESTARTED),  # planned again by the next try
        run("stretch", "left", 30, 30),
        run("stretch", "right", 40, 25, Outcome.SKIPPED),
        run("shoes", None, None, 0),
    )
    summary = summarize_week(2026, 47, [restarted], set(), set(), MONDAY, today=MONDAY)
    day = summary.days[0]
    assert [(p.key, p.done_s, p.planned_s) for p in day.parts] == [
        (("mine", "stretch", "left"), 42, 30),
        (("mine", "stretch", "right"), 25, 40),
    ]
    assert day.part(("mine", "stretch", "right")).done_s == 25 and day.part(("mine", "walk", None)) is None
    assert day.minutes == 67 / 60 and summary.minutes == 67 / 60
    assert summary.parts == (("mine", "stretch", "left"), ("mine", "stretch", "right"))


def test_a_weeks_days_ratings_and_sessions_are_found_by_their_day():
    sunday = MONDAY.replace(day=22)
    sessions = [session(MONDAY, *WHOLE, pain=3, id=1), session(sunday, *WHOLE, pain=6, id=2)]
    summary = summarize_week(2026, 47, sessions, set(), {MONDAY, sunday}, MONDAY, today=sunday)
    assert (summary.first, summary.last) == (MONDAY, sunday)
    assert summary.days[-1].state is DayState.DONE and summary.days_done == 2  # its Sunday is in it
    assert summary.pains == [(MONDAY, 3), (sunday, 6)]
    assert summary.day(sunday).pain == 6 and summary.day(MONDAY.replace(day=23)) is None
    assert summary.sessions_on(sunday) == (sessions[1],) and summary.sessions_on(MONDAY.replace(day=18)) == ()


def test_steps_of_the_same_id_in_two_routines_are_told_apart():
    from dataclasses import replace

    mine = session(MONDAY, *WHOLE, id=1)
    theirs = replace(session(MONDAY, run("stretch", "left", 30, 30), id=2), routine="theirs")
    alone = replace(session(MONDAY, run("squat", None, 60, 60), id=3), routine="theirs")
    summary = summarize_week(2026, 47, [mine, theirs, alone], set(), {MONDAY}, MONDAY, today=MONDAY)
    assert summary.shared_steps() == frozenset({"stretch"})


def test_the_first_day_ever_with_nothing_of_this_routine_is_missed_not_before_the_start():
    """The review shows one routine's week with the first day of all of them:
    that day, with nothing of this routine, was missed."""
    tuesday = MONDAY.replace(day=17)
    summary = summarize_week(2026, 47, [session(tuesday, *WHOLE)], set(), {tuesday}, MONDAY, today=tuesday)
    assert [day.state for day in summary.days[:2]] == [DayState.MISSED, DayState.DONE]


def test_a_trend_week_whose_sunday_is_the_first_day_is_started():
    sunday = MONDAY.replace(day=22)
    points = trend([session(sunday, *WHOLE)], 2026, 48, weeks=2, first_day=sunday)
    assert [point.started for point in points] == [True, True]


def test_summaries_are_values_that_views_can_share():
    from dataclasses import FrozenInstanceError

    summary = summarize_week(2026, 47, [session(MONDAY, *WHOLE, pain=4)], set(), {MONDAY}, MONDAY, today=MONDAY)
    point = trend([session(MONDAY, *WHOLE)], 2026, 47)[-1]
    for value, name in ((summary, "week"), (summary.days[0], "habits"), (summary.days[0].parts[0], "done_s"),
                        (point, "pain")):  # fmt: skip
        with pytest.raises(FrozenInstanceError):
            setattr(value, name, None)
        assert hash(value) == hash(value)


def test_a_tip_of_an_own_routine_is_not_counted_as_a_habit():
    """Issue 29, defect 6: "3 habits kept" for the tips of one's own routine."""
    own = [session(MONDAY, *WHOLE, id=1), session(MONDAY + timedelta(days=1), *WHOLE, id=2)]
    summary = summarize_week(2026, 47, own, set(), {MONDAY}, MONDAY, today=MONDAY + timedelta(days=2))
    assert summary.habits == 0 and not summary.keeps_habits
    both = summarize_week(2026, 47, [*own, session(MONDAY, *WHOLE, id=3, routine=BUILT_IN)], set(), {MONDAY},
                          MONDAY, today=MONDAY)  # fmt: skip
    assert both.habits == 1 and both.keeps_habits


def test_time_done_counts_whole_seconds_so_the_parts_add_up_to_the_session():
    """Issue 29, defect 3: parts of 5.6 + 10 + 6.4 + 10 s read 0:05 + 0:10 + 0:06 + 0:10 = 31 s,
    and the session says 31 s, not 32 (or 29 under rows that add up to 31)."""
    skipped = Outcome.SKIPPED
    runs = (run("a", None, 10, 5.6, skipped), run("b", None, 10, 10.0), run("c", None, 10, 6.4, skipped),
            run("d", None, 10, 9.9999999))  # fmt: skip
    record = session(MONDAY, *runs, completed=False)
    assert record.exercise_s == 5 + 10 + 6 + 10
    summary = summarize_week(2026, 47, [record], set(), set(), MONDAY, today=MONDAY)
    assert [part.done_s for part in summary.days[0].parts] == [5, 10, 6, 10]
    assert summary.days[0].exercise_s == 31


def test_a_stopped_try_is_not_planned_again_on_a_day_that_was_done():
    """Issue 29, defect 13: stopped at 0:50 of the left side, then the whole routine done:
    the day is 2:50 done of 2:00 planned for that side, not "2:50 / 4:00" on a day marked done."""
    stopped = session(MONDAY, run("stretch", "left", 120, 50, Outcome.STOPPED), completed=False, id=1)
    whole = session(MONDAY, run("stretch", "left", 120, 120), run("stretch", "right", 120, 120), id=2)
    day = summarize_week(2026, 47, [stopped, whole], set(), {MONDAY}, MONDAY, today=MONDAY).days[0]
    assert day.state is DayState.DONE
    left = day.part(("mine", "stretch", "left"))
    assert left is not None and (left.done_s, left.planned_s) == (170, 120)
    assert day.planned_s == 240
    # a stopped try alone still measures against its plan: that day was not done
    alone = summarize_week(2026, 47, [stopped], set(), set(), MONDAY, today=MONDAY).days[0]
    assert alone.part(("mine", "stretch", "left")).planned_s == 120


def test_a_week_is_before_the_start_only_when_nothing_in_it_was_due():
    first = MONDAY.replace(day=30)  # the first session, two weeks on
    rested = {MONDAY.replace(day=16 + n) for n in (1, 2)}
    assert summarize_week(2026, 47, [], set(), {first}, first, today=first).before_start
    assert summarize_week(2026, 47, [], rested, {first}, first, today=first).before_start  # rest days too
    every_day = {MONDAY.replace(day=16 + n) for n in range(7)}
    assert not summarize_week(2026, 47, [], every_day, set(), None, today=first).before_start  # all rest: not
    assert not summarize_week(2026, 47, [], set(), {MONDAY}, MONDAY, today=first).before_start  # missed days


# The dose: a day done, the weekly goal ----------------------------------------------


def test_a_day_is_done_when_a_routine_met_its_own_dose():
    from footdesk.week import completed_days, day_done

    twice = {"knee": 2, "hip": 2}
    knee = session(MONDAY, *WHOLE, routine="knee")
    hip = session(MONDAY, *WHOLE, routine="hip", id=2)
    tried = session(MONDAY, *WHOLE, routine="knee", id=3, completed=False)
    assert not day_done([knee], twice) and not day_done([knee, tried], twice)
    assert not day_done([knee, hip], twice)  # two routines' sessions never add up
    assert day_done([knee, knee], twice)
    assert day_done([knee], {}) and day_done([knee], {"knee": 1})  # unknown (deleted since): once a day
    assert day_done([knee, session(MONDAY, *WHOLE, routine="mine", id=4)], twice)  # another routine's once
    assert not day_done([], twice) and not day_done([tried], {})
    tuesday = MONDAY + timedelta(days=1)
    assert completed_days([knee, hip, session(tuesday, *WHOLE, routine="hip"), session(tuesday, routine="hip")],
                          twice) == {tuesday}  # fmt: skip
    assert completed_days([knee, session(tuesday, *WHOLE, routine="knee")], twice) == set()  # days never add up


def test_the_week_counts_each_day_by_the_dose():
    twice = {"mine": 2}
    once_then_twice = [session(MONDAY, *WHOLE), session(MONDAY + timedelta(days=1), *WHOLE)]
    once_then_twice += [session(MONDAY + timedelta(days=1), *WHOLE, id=2)]
    summary = summarize_week(2026, 47, once_then_twice, set(), {MONDAY + timedelta(days=1)}, MONDAY,
                             MONDAY + timedelta(days=2), goal_days=5, times_a_day=twice, routine="mine")  # fmt: skip
    assert [day.state for day in summary.days[:3]] == [DayState.PARTIAL, DayState.DONE, DayState.TODAY]
    assert summary.days_done == 1 and summary.times_a_day == 2 and summary.goal_days == 5
    assert summary.completed_today == 0
    old = summarize_week(2026, 47, once_then_twice, set(), {MONDAY}, MONDAY, MONDAY + timedelta(days=1))
    assert old.days_done == 2 and old.times_a_day == 1 and old.completed_today == 0  # no dose: once a day, as ever
    today = summarize_week(2026, 47, once_then_twice, set(), set(), MONDAY, MONDAY + timedelta(days=1),
                           times_a_day=twice, routine="mine")  # fmt: skip
    assert today.completed_today == 2
    assert summarize_week(2026, 47, [], {MONDAY}, set(), MONDAY, MONDAY, times_a_day=twice, routine="other"
                          ).times_a_day == 1  # fmt: skip
    points = trend(once_then_twice, 2026, 47, weeks=1, times_a_day=twice)
    assert [point.days_done for point in points] == [1]
    assert [point.days_done for point in trend(once_then_twice, 2026, 47, weeks=1)] == [2]


def test_a_rest_day_with_one_of_two_sessions_is_a_rest_day():
    summary = summarize_week(2026, 47, [session(MONDAY, *WHOLE)], {MONDAY}, set(), MONDAY, MONDAY,
                             times_a_day={"mine": 2})  # fmt: skip
    assert summary.days[0].state is DayState.REST


def test_the_weekly_goal_is_the_routines_own_when_its_file_says_so():
    from footdesk.routine import Dose
    from footdesk.week import weekly_goal

    assert weekly_goal(Dose(), 6) == 6
    assert weekly_goal(Dose(times_a_day=2), 6) == 6
    assert weekly_goal(Dose(times_a_day=2, days_a_week=5), 6) == 5
