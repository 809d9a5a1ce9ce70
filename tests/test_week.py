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
