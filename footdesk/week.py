"""Weeks, days, streaks and trends: what the recorded sessions add up to.

Pure functions of the records, the rest days and today's date, so the home
screen, the review, the PDF and the terminal all count the same way. Weeks are
ISO weeks (Monday first) of the person's own calendar days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from footdesk.i18n import _
from footdesk.records import Outcome, SessionRecord, oldest_first
from footdesk.routine import Dose, keeps_habits
from footdesk.timefmt import seconds_done

WEEK_DAYS = 7
DEFAULT_GOAL_DAYS = 7
TREND_WEEKS = 12

TimesADay = Mapping[str, int]
"""How many times a day each routine is prescribed (its ``Dose.times_a_day``),
by routine id. A routine not in it (deleted since, or never known) counts once
a day, as every routine did before routines had a dose."""
ONCE_A_DAY: TimesADay = MappingProxyType({})
"""Every routine once a day: the rule before routines had a dose."""


class DayState(StrEnum):
    DONE = "done"  # a routine was completed as many times as its dose asks that day
    PARTIAL = "partial"  # something was done, not the whole routine
    MISSED = "missed"
    REST = "rest"  # marked by the person: neither breaks nor adds to a streak
    TODAY = "today"  # today, not done yet
    UPCOMING = "upcoming"
    BEFORE_START = "before-start"  # before the first session ever: nothing was missed

    @property
    def can_be_rest_day(self) -> bool:
        """A day with nothing done can be marked (or unmarked) as a rest day."""
        return self in (DayState.REST, DayState.MISSED, DayState.TODAY, DayState.UPCOMING, DayState.BEFORE_START)


# The dose: what a day done and the weekly goal mean ---------------------------------


def times_a_day_of(routine: str, times_a_day: TimesADay) -> int:
    """The times a day ``routine`` asks for: once, unless its dose says more."""
    return max(1, times_a_day.get(routine, 1))


def completed_by_routine(sessions: Iterable[SessionRecord]) -> Counter[str]:
    """How many completed sessions each routine has among these."""
    return Counter(session.routine for session in sessions if session.completed)


def day_done(sessions: Iterable[SessionRecord], times_a_day: TimesADay) -> bool:
    """The one rule of a day done: some routine was completed as many times as
    its own dose asks (twice a day: two completed sessions of it). Each routine
    counts by its own dose and they never add up: one session of a twice-a-day
    routine and one of another twice-a-day routine leave the day partial, while
    one completed session of a once-a-day routine makes it done whatever else
    was tried. Only the day's own sessions count."""
    return any(
        count >= times_a_day_of(routine, times_a_day) for routine, count in completed_by_routine(sessions).items()
    )


def completed_days(sessions: Iterable[SessionRecord], times_a_day: TimesADay) -> set[date]:
    """The days whose dose was met (``day_done``): what a streak counts."""
    by_day: dict[date, list[SessionRecord]] = {}
    for session in sessions:
        if session.completed:
            by_day.setdefault(session.local_date, []).append(session)
    return {day for day, those in by_day.items() if day_done(those, times_a_day)}


def weekly_goal(dose: Dose, goal_setting: int) -> int:
    """Days a week: the routine's own dose when its file says so, else the
    person's weekly goal from Settings."""
    return dose.days_a_week if dose.days_a_week is not None else goal_setting


# Weeks --------------------------------------------------------------------------


def iso_week_of(day: date) -> tuple[int, int]:
    year, week, _weekday = day.isocalendar()
    return year, week


def monday_of(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


def parse_week(text: str) -> tuple[int, int]:
    """'2026-W47' → (2026, 47); ValueError with a plain message otherwise
    (including weeks at the edge of the calendar, whose Sunday does not exist)."""
    try:
        year_text, week_text = text.strip().upper().split("-W")
        year, week = int(year_text), int(week_text)
        monday_of(year, week) + timedelta(days=WEEK_DAYS - 1)
    except (ValueError, OverflowError):
        # TRANSLATORS: {text} is what the person typed for a week; 2026-W47 is how a week is written (ISO 8601)
        raise ValueError(_("{text} is not an ISO week like 2026-W47").format(text=repr(text))) from None
    return year, week


def shift_week(year: int, week: int, count: int) -> tuple[int, int]:
    """The ISO week ``count`` weeks after (or before) this one."""
    return iso_week_of(monday_of(year, week) + timedelta(weeks=count))


def week_span(year: int, week: int) -> tuple[date, date]:
    """Its Monday and Sunday."""
    monday = monday_of(year, week)
    return monday, monday + timedelta(days=WEEK_DAYS - 1)


def trend_span(year: int, week: int, weeks: int = TREND_WEEKS) -> tuple[date, date]:
    """The first Monday and the last Sunday of the trend that ends with this week."""
    return monday_of(*trend_weeks(year, week, weeks)[0]), week_span(year, week)[1]


def trend_weeks(year: int, week: int, weeks: int = TREND_WEEKS) -> list[tuple[int, int]]:
    """The ``weeks`` weeks that end with this one, oldest first; the calendar's
    first week (0001-W01) is as far back as a trend goes."""
    found = []
    for offset in range(weeks - 1, -1, -1):
        try:
            found.append(shift_week(year, week, -offset))
        except OverflowError:
            continue
    return found


def week_label(year: int, week: int) -> str:
    return f"{year}-W{week:02d}"


# Summaries ----------------------------------------------------------------------


PartKey = tuple[str, str, str | None]
"""(routine, step, side): one timed part of one routine. Two routines may give
a step the same id (a "stretch" in each): they are two parts, never one."""


@dataclass(frozen=True)
class PartTotal:
    """One timed part of one routine on one day: every second its clock ran
    (restarts included, as records.exercise_seconds counts) against the seconds
    planned when it ran (as recorded, not today's settings)."""

    routine: str
    step: str
    side: str | None
    done_s: float
    planned_s: float

    @property
    def key(self) -> PartKey:
        return self.routine, self.step, self.side


def part_totals(sessions: Iterable[SessionRecord]) -> tuple[PartTotal, ...]:
    """The timed parts these sessions reached, keyed by (routine, step, side),
    in the order they were first done. Each set was planned; a try that was
    restarted is planned again by the next one, so it adds its seconds done
    and none planned. So is a part of a session that was not completed when a
    completed session did that part too (a try abandoned, then the routine done
    in full): its seconds count, its plan does not, or a day that was done
    would read as underdone."""
    sessions = list(sessions)
    done_in_full = {(s.routine, run.step, run.side) for s in sessions if s.completed for run in s.steps}
    done: dict[PartKey, float] = {}
    planned: dict[PartKey, float] = {}
    for session in sessions:
        for run in session.steps:
            if not run.timed:
                continue
            key = (session.routine, run.step, run.side)
            done[key] = done.get(key, 0.0) + seconds_done(run.actual_s)
            tried_again = run.outcome is Outcome.RESTARTED or (not session.completed and key in done_in_full)
            planned[key] = planned.get(key, 0.0) + (0 if tried_again else run.planned_s or 0)
    return tuple(PartTotal(*key, done[key], planned[key]) for key in done)


@dataclass(frozen=True)
class DaySummary:
    day: date
    state: DayState
    exercise_s: float
    sessions: int
    habits: int
    """Distinct habits kept that day, however many sessions kept them."""
    pain: int | None
    """The day's last lower-back rating."""
    parts: tuple[PartTotal, ...] = ()
    """Each timed part of each routine done that day, done against planned (``part_totals``)."""

    def part(self, key: PartKey) -> PartTotal | None:
        return next((part for part in self.parts if part.key == key), None)

    @property
    def minutes(self) -> float:
        return self.exercise_s / 60

    @property
    def planned_s(self) -> float:
        """The seconds planned for the timed parts done that day, as recorded when
        they ran (``part_totals``): what the day's minutes are measured against,
        whatever the durations are set to since."""
        return sum(part.planned_s for part in self.parts)

    @property
    def planned_minutes(self) -> float:
        return self.planned_s / 60


@dataclass(frozen=True)
class WeekSummary:
    year: int
    week: int
    days: tuple[DaySummary, ...]
    sessions: tuple[SessionRecord, ...]
    current_streak: int
    longest_streak: int
    goal_days: int = DEFAULT_GOAL_DAYS
    today: date | None = None
    routine: str | None = None
    """The routine whose dose the goal is (the one in use, or the one the week is of), by id."""
    times_a_day: int = 1
    """That routine's times a day."""

    @property
    def completed_today(self) -> int:
        """How many times that routine was completed today ("1 of 2 today"); 0 with no routine."""
        if self.today is None or self.routine is None:
            return 0
        return completed_by_routine(self.sessions_on(self.today))[self.routine]

    @property
    def first(self) -> date:
        return self.days[0].day

    @property
    def last(self) -> date:
        return self.days[-1].day

    @property
    def label(self) -> str:
        return week_label(self.year, self.week)

    @property
    def exercise_s(self) -> float:
        return sum(day.exercise_s for day in self.days)

    @property
    def minutes(self) -> float:
        return self.exercise_s / 60

    @property
    def days_done(self) -> int:
        return sum(1 for day in self.days if day.state is DayState.DONE)

    @property
    def habits(self) -> int:
        return sum(day.habits for day in self.days)

    @property
    def keeps_habits(self) -> bool:
        """A routine whose untimed steps are habits was done this week (the
        built-in one): its habits are counted. Tips of one's own routines never are."""
        return any(keeps_habits(session.routine) for session in self.sessions)

    @property
    def goal_met(self) -> bool:
        return self.days_done >= self.goal_days

    @property
    def over(self) -> bool:
        """The whole week is in the past."""
        return self.today is not None and self.today > self.last

    @property
    def before_start(self) -> bool:
        """The whole week came before the first session ever: nothing was due
        then, so it neither misses a goal nor has a streak."""
        states = {day.state for day in self.days}
        return DayState.BEFORE_START in states and states <= {DayState.BEFORE_START, DayState.REST}

    @property
    def pains(self) -> list[tuple[date, int]]:
        return [(day.day, day.pain) for day in self.days if day.pain is not None]

    def day(self, day: date) -> DaySummary | None:
        return next((summary for summary in self.days if summary.day == day), None)

    def sessions_on(self, day: date) -> tuple[SessionRecord, ...]:
        return tuple(session for session in self.sessions if session.local_date == day)

    @property
    def parts(self) -> tuple[PartKey, ...]:
        """Every timed part of every routine done this week, in the order first done."""
        return tuple(total.key for total in part_totals(self.sessions))

    def shared_steps(self) -> frozenset[str]:
        """Step ids that more than one routine done this week has: a view must
        say which routine each of their parts belongs to."""
        routines: dict[str, set[str]] = {}
        for routine, step, _side in self.parts:
            routines.setdefault(step, set()).add(routine)
        return frozenset(step for step, those in routines.items() if len(those) > 1)


def summarize_week(
    year: int,
    week: int,
    sessions: Sequence[SessionRecord],
    rest_days: set[date],
    completed_days: set[date],
    first_day: date | None,
    today: date,
    goal_days: int = DEFAULT_GOAL_DAYS,
    *,
    times_a_day: TimesADay = ONCE_A_DAY,
    routine: str | None = None,
) -> WeekSummary:
    """The week's days from its sessions. ``completed_days`` spans all history
    (for the streaks: the days whose dose was met, ``completed_days()``);
    ``first_day`` is the first day anything was ever done: days before it are
    neutral, not missed. ``times_a_day``: each routine's dose (``day_done``);
    ``routine``: the routine whose dose ``goal_days`` is."""
    monday, sunday = week_span(year, week)
    week_sessions = oldest_first(s for s in sessions if monday <= s.local_date <= sunday)  # the day's last rating
    days = []
    for offset in range(WEEK_DAYS):
        day = monday + timedelta(days=offset)
        those = [s for s in week_sessions if s.local_date == day]
        pains = [s.pain for s in those if s.pain is not None]
        habits: set[str] = set()
        for session in those:
            habits |= session.habits_kept
        days.append(
            DaySummary(
                day=day,
                state=_day_state(day, those, rest_days, first_day, today, times_a_day),
                exercise_s=sum(s.exercise_s for s in those),
                sessions=len(those),
                habits=len(habits),
                pain=pains[-1] if pains else None,
                parts=part_totals(those),
            )
        )
    current, longest = streaks(completed_days, rest_days, today)
    dose = times_a_day_of(routine, times_a_day) if routine is not None else 1
    return WeekSummary(year, week, tuple(days), tuple(week_sessions), current, longest, goal_days, today, routine, dose)


def _day_pains(sessions: Sequence[SessionRecord]) -> dict[date, int]:
    """One lower-back rating a day, its last: what the week's days show, and
    what a week's mean is taken over."""
    pains: dict[date, int] = {}
    for session in oldest_first(sessions):
        if session.pain is not None:
            pains[session.local_date] = session.pain
    return pains


def _day_state(
    day: date,
    those: list[SessionRecord],
    rest_days: set[date],
    first_day: date | None,
    today: date,
    times_a_day: TimesADay,
) -> DayState:
    if day_done(those, times_a_day):
        return DayState.DONE
    if day in rest_days:
        return DayState.REST
    if those:
        return DayState.PARTIAL
    if day == today:
        return DayState.TODAY
    if day > today:
        return DayState.UPCOMING
    if first_day is None or day < first_day:
        return DayState.BEFORE_START
    return DayState.MISSED


def streaks(done: set[date], rest: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of days done (``done``: the days whose dose was met).

    The rule, shown to the person (report.STREAK_RULE): today not done yet does
    not break the streak; a rest day (a flare-up, say) neither breaks it nor
    adds to it.
    """
    current = 0
    day = today if today in done else today - timedelta(days=1)
    while day in done or day in rest:
        current += day in done
        day -= timedelta(days=1)
    longest = 0
    run = 0
    if done:
        day, end = min(done), max(*done, today)
        while day <= end:
            if day in done:
                run += 1
                longest = max(longest, run)
            elif day not in rest and day != today:
                run = 0
            day += timedelta(days=1)
    return current, max(longest, current)


# Trend ------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekPoint:
    """One week of the trend: is the back getting better as the days add up?"""

    year: int
    week: int
    days_done: int
    exercise_s: float
    pain: float | None
    """The mean of the week's lower-back ratings, or None when there were none."""
    started: bool = True
    """False for a week that ended before the first session ever: nothing was missed then."""

    @property
    def minutes(self) -> float:
        return self.exercise_s / 60

    @property
    def label(self) -> str:
        return week_label(self.year, self.week)


def trend(
    sessions: Sequence[SessionRecord],
    year: int,
    week: int,
    weeks: int = TREND_WEEKS,
    first_day: date | None = None,
    times_a_day: TimesADay = ONCE_A_DAY,
) -> tuple[WeekPoint, ...]:
    """The ``weeks`` weeks ending with this one, oldest first. ``first_day`` is
    the first day anything was ever done (as in summarize_week): weeks that
    ended before it are marked not started. Without it, a week is started when
    it or an earlier week of the trend has a session. A day done is
    ``day_done``'s, by each routine's dose (``times_a_day``)."""
    first, _last = trend_span(year, week, weeks)
    if first_day is None and sessions:
        first_day = min(s.local_date for s in sessions)
    by_week: dict[tuple[int, int], list[SessionRecord]] = {}
    for session in sessions:
        if session.local_date >= first:
            by_week.setdefault(iso_week_of(session.local_date), []).append(session)
    points = []
    for key in trend_weeks(year, week, weeks):
        those = by_week.get(key, [])
        pains = [pain for pain in _day_pains(those).values()]
        points.append(
            WeekPoint(
                year=key[0],
                week=key[1],
                days_done=len(completed_days(those, times_a_day)),
                exercise_s=sum(s.exercise_s for s in those),
                pain=round(sum(pains) / len(pains), 1) if pains else None,
                started=first_day is not None and week_span(*key)[1] >= first_day,
            )
        )
    return tuple(points)
