"""Words for people: the one writer of every sentence about a week, and the
text, JSON and CSV forms of the history. The terminal, the home screen, the
review window and the PDF all take their sentences from here, so they never
drift apart ("Streak: 1 days")."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from footdesk.i18n import (
    N_,
    _,
    clock_time,
    day_full_month,
    day_month,
    day_month_year,
    decimal,
    formats,
    n_,
    p_,
    weekday_day_month,
    weekday_day_month_year,
    weekday_short,
)
from footdesk.records import CheckIn, Effort, Outcome
from footdesk.routine import keeps_habits
from footdesk.timefmt import clock_text, done_clock_text, minutes_in_words, minutes_text, spoken_duration
from footdesk.week import DayState, monday_of

if TYPE_CHECKING:
    from footdesk.backup import Contents
    from footdesk.history import Correction, CorrectionRefusedError, HistoryProblem, SetAsideFile, Trouble
    from footdesk.questionnaires import Answered, Score
    from footdesk.records import SessionRecord, StepRun
    from footdesk.routine import Dose, Routine, Step
    from footdesk.settings import SettingsProblem
    from footdesk.week import DaySummary, WeekPoint, WeekSummary

DAY_MARKS = {
    # TRANSLATORS: how a day of the week went, beside its mark in the week's table
    DayState.DONE: ("✓", N_("done")),
    # TRANSLATORS: how a day of the week went: something was done, not the whole routine
    DayState.PARTIAL: ("◐", N_("partly done")),
    # TRANSLATORS: how a day of the week went
    DayState.MISSED: ("✗", N_("missed")),
    # TRANSLATORS: how a day of the week went: the person marked it a day of rest
    DayState.REST: ("☾", N_("rest day")),
    # TRANSLATORS: how a day of the week went: it is today and nothing is done yet
    DayState.TODAY: ("○", N_("today, not yet")),
    DayState.UPCOMING: ("·", ""),
    # TRANSLATORS: how a day of the week went: before the person's first session ever
    DayState.BEFORE_START: ("·", N_("before you started")),
}
"""Each day's mark and words (marked N_: ``day_state_words`` says them in the person's language)."""
STREAK_RULE = N_(
    "A day counts when a routine was completed as many times as it asks that day (once, unless its file says "
    "twice or three times). Today not done yet does not break a streak; a rest day neither breaks it nor adds to it."
)
TIMES_A_DAY_WORDS = {1: N_("once a day"), 2: N_("twice a day"), 3: N_("three times a day")}
CSV_COLUMNS = (
    "session_id", "date", "routine", "session_status", "pain",
    "step", "side", "planned_s", "actual_s", "completed", "skipped", "outcome", "started_at", "ended_at",
    "effort", "pain_during", "note", "plan_phase", "plan_week",
)  # fmt: skip


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 day', '3 days', in English only: kept for the callers not yet moved
    to ``n_`` (which every language's plurals go through)."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def day_state_words(state: DayState) -> str:
    """How a day went, in words ("partly done"); "" for a day still to come."""
    words = DAY_MARKS[state][1]
    return _(words) if words else ""


def date_range(first: str, last: str) -> str:
    """ "Mon 16 Nov – Sun 22 Nov 2026": two dates already written."""
    # TRANSLATORS: a span of days; {first} and {last} are dates ("Mon 16 Nov", "Sun 22 Nov 2026")
    return p_("date range", "{first} – {last}").format(first=first, last=last)


def date_and_time(day: str, moment: datetime) -> str:
    """ "Tue 17 Nov 2026 08:00": a date already written, and the time of ``moment``."""
    return p_("date", "{date} {time}").format(date=day, time=clock_time(moment))


def week_title(summary: WeekSummary) -> str:
    span = date_range(weekday_day_month(summary.first), weekday_day_month_year(summary.last))
    # TRANSLATORS: the week's heading, "Week 2026-W50 (Mon 7 Dec - Sun 13 Dec 2026)": {year} and {week} as your
    # language writes a week of the year (German "KW {week}/{year}"; {week} alone has no leading zero)
    return _("Week {year}-W{week:02d} ({span})").format(year=summary.year, week=summary.week, span=span)


def totals_sentence(summary: WeekSummary) -> str:
    """The week in one line; its habits only when a routine with habits was done
    (an own routine's tips are not habits)."""
    minutes = minutes_text(summary.exercise_s)
    if summary.keeps_habits:
        return n_(
            "{done} of 7 days done · {minutes} of exercise · {count} habit kept",
            "{done} of 7 days done · {minutes} of exercise · {count} habits kept",
            summary.habits,
        ).format(done=summary.days_done, minutes=minutes, count=summary.habits)
    return _("{done} of 7 days done · {minutes} of exercise").format(done=summary.days_done, minutes=minutes)


def times_a_day_words(times: int) -> str:
    """ "twice a day" (a routine's dose)."""
    if times in TIMES_A_DAY_WORDS:
        return _(TIMES_A_DAY_WORDS[times])
    return n_("{count} time a day", "{count} times a day", times).format(count=times)


def days_words(days: int) -> str:
    """ "5 days"."""
    return n_("{count} day", "{count} days", days).format(count=days)


def goal_from_dose_note(routine_title: str, days_a_week: int) -> str:
    """The Settings dialog's note where the routine in use sets its own weekly goal."""
    return n_(
        "{routine} asks for {count} day a week (its own file).",
        "{routine} asks for {count} days a week (its own file).",
        days_a_week,
    ).format(routine=routine_title, count=days_a_week)


def goal_sentence(summary: WeekSummary) -> str:
    goal = days_words(summary.goal_days)
    if summary.times_a_day > 1:  # a day is done only when the dose was met: say how often
        # TRANSLATORS: a weekly goal: {days} is "5 days", {times_a_day} "twice a day"
        goal = _("{days} ({times_a_day})").format(days=goal, times_a_day=times_a_day_words(summary.times_a_day))
    if summary.before_start:
        # TRANSLATORS: {goal} is the weekly goal, "5 days" or "5 days (twice a day)"
        return _("Weekly goal: {goal}; this week was before your first session.").format(goal=goal)
    if summary.goal_met:
        # TRANSLATORS: {goal} is the weekly goal, "5 days" or "5 days (twice a day)"
        return _("Weekly goal of {goal} reached.").format(goal=goal)
    if summary.over:
        # TRANSLATORS: {goal} is the weekly goal, "5 days"; {done} the days done
        return _("Weekly goal: {goal}; {done} done, not reached.").format(goal=goal, done=summary.days_done)
    left = summary.goal_days - summary.days_done
    # days that can still be done: the ones to come, and today unless it is done (tried, or a rest day, it still can be)
    ahead = sum(
        1
        for day in summary.days
        if day.state is DayState.UPCOMING or (day.day == summary.today and day.state is not DayState.DONE)
    )
    if left > ahead:  # out of reach this week: say what is still possible, not what is not
        # TRANSLATORS: {goal} is the weekly goal, "5 days"; {done} the days done; {count} the days left
        return n_(
            "Weekly goal: {goal}; {done} done, {count} day left this week.",
            "Weekly goal: {goal}; {done} done, {count} days left this week.",
            ahead,
        ).format(goal=goal, done=summary.days_done, count=ahead)
    # TRANSLATORS: {goal} is the weekly goal, "5 days" or "5 days (twice a day)"
    return n_("Weekly goal: {goal}; {count} more day to go.", "Weekly goal: {goal}; {count} more days to go.",
              left).format(goal=goal, count=left)  # fmt: skip


def streak_sentence(summary: WeekSummary) -> str:
    if summary.before_start:  # today's streak is not this week's
        return _("No streak yet: your first session came later.")
    streak = summary.current_streak
    # TRANSLATORS: {count} days done in a row up to today; {longest} the most days ever in a row
    return n_("Streak: {count} day (longest {longest}).", "Streak: {count} days (longest {longest}).", streak).format(
        count=streak, longest=summary.longest_streak
    )


def home_week_line(summary: WeekSummary) -> str:
    """The home screen's short line: the streak and this week against the goal."""
    streak = summary.current_streak
    if streak:
        start = n_("{count} day in a row", "{count} days in a row", streak).format(count=streak)
    else:
        start = _("Start a streak today")
    goal = summary.goal_days
    # TRANSLATORS: the home screen's line; {streak} is "3 days in a row" or "Start a streak today"; {done} of {count}:
    # days done this week of the weekly goal
    return n_("{streak}  ·  {done} of {count} day this week", "{streak}  ·  {done} of {count} days this week",
              goal).format(streak=start, done=summary.days_done, count=goal)  # fmt: skip


def dose_words(dose: Dose) -> str:
    """What a routine's file prescribes, for the line under its title ("twice a
    day, 5 days a week"); "" for once a day at the person's own goal (the
    built-in routine), where there is nothing to add."""
    times = times_a_day_words(dose.times_a_day) if dose.times_a_day > 1 else ""
    if dose.days_a_week is None:
        return times
    days = n_("{count} day a week", "{count} days a week", dose.days_a_week).format(count=dose.days_a_week)
    # TRANSLATORS: a routine's dose: {times_a_day} is "twice a day", {days_a_week} "5 days a week"
    return p_("dose", "{times_a_day}, {days_a_week}").format(times_a_day=times, days_a_week=days) if times else days


def today_count_line(summary: WeekSummary) -> str:
    """The home screen's count of today for a routine done more than once a
    day ("1 of 2 today"); "" for once a day, where the week line says it all."""
    times = summary.times_a_day
    if times <= 1:
        return ""
    # TRANSLATORS: the sessions done today of the sessions a day the routine asks for ("1 of 2 today")
    return _("{done} of {times} today").format(done=min(summary.completed_today, times), times=times)


def day_line(day: DaySummary) -> str:
    mark = DAY_MARKS[day.state][0]
    words = day_state_words(day.state)
    parts = [weekday_day_month(day.day, two_digit_day=True), f"{mark} {words:<18}"]
    parts.append(f"{minutes_text(day.exercise_s):>7}" if day.exercise_s else " " * 7)
    habits = n_("{count} habit kept", "{count} habits kept", day.habits).format(count=day.habits)
    parts.append(habits if day.habits else " " * 13)
    if day.pain is not None:
        # TRANSLATORS: the day's lower-back pain rating, 0 to 10
        parts.append(_("lower back {pain}/10").format(pain=day.pain))
    return "  ".join(parts).rstrip()


def pain_trend(summary: WeekSummary) -> str | None:
    pains = summary.pains
    if not pains:
        return None
    values = " → ".join(str(pain) for _day, pain in pains)
    # TRANSLATORS: {values} are the week's ratings, "2 → 3 → 1"
    return _("Lower back (0 none – 10 worst): {values}").format(values=values)


def pain_line(summary: WeekSummary) -> str:
    return pain_trend(summary) or _("No lower-back ratings this week.")


def _when(session: SessionRecord) -> str:
    """When a session began, for the terminal's columns: "Wed 18 Nov 08:00"."""
    try:
        started = datetime.fromisoformat(session.started_at)
    except ValueError:
        return weekday_day_month(session.local_date, two_digit_day=True)
    return date_and_time(weekday_day_month(started, two_digit_day=True), started)


def session_line(session: SessionRecord, routines: Mapping[str, str]) -> str:
    """One session for the terminal: when, which routine, how it went, the time done."""
    routine = routines.get(session.routine, session.routine)
    # TRANSLATORS: a session in the terminal's list, its columns apart by two spaces: when, the routine's title, "✓
    # completed", "5 min"
    return _("{when}  {routine}  {result}  {exercise} of exercise").format(
        when=_when(session), routine=routine, result=session_result_words(session), exercise=exercise_words(session)
    )


def week_text(summary: WeekSummary, routines: Mapping[str, str] | None = None,
              step_titles: Mapping[tuple[str, str], str] | None = None) -> str:  # fmt: skip
    """The week for the terminal: its days, each session with its routine
    (``routines``: titles by id; the id where a routine is unknown), the totals."""
    lines = [f"footdesk — {week_title(summary)}", ""]
    lines += [f"  {day_line(day)}" for day in summary.days]
    if summary.sessions:
        lines += ["", "  " + _("Sessions:")]
        for session in summary.sessions:
            lines.append(f"  {session_line(session, routines or {})}")
            lines += [f"      {line}" for line in session_answers(session, step_titles or {})]
    lines.append("")
    lines.append(f"  {totals_sentence(summary)}")
    lines.append(f"  {goal_sentence(summary)}")
    lines.append(f"  {streak_sentence(summary)} {_(STREAK_RULE)}")
    trend = pain_trend(summary)
    if trend:
        lines.append(f"  {trend}")
    return "\n".join(lines) + "\n"


def mean_text(mean: float) -> str:
    """A mean rating (0–10), always with one decimal: "2.0" beside "2.3", never "2"."""
    return decimal(mean, 1)


def trend_line(point: WeekPoint) -> str:
    pain = "–" if point.pain is None else f"{mean_text(point.pain)}/10"
    minutes = f"{minutes_text(point.exercise_s):>7}"
    # TRANSLATORS: a week of the trend in the terminal, columns apart by two spaces: "2026-W47", days done of 7, "12
    # min", the lower back's mean ("2.3/10")
    return _("{week}  {done} of 7 days  {minutes}  lower back {pain}").format(
        week=point.label, done=point.days_done, minutes=minutes, pain=pain
    )


def trend_heading(points: tuple[WeekPoint, ...]) -> str:
    """What the twelve-week picture shows (the review and the PDF)."""
    return n_(
        "The last {count} week: days done (of 7), minutes of exercise, lower back (mean, 0 none – 10 worst)",
        "The last {count} weeks: days done (of 7), minutes of exercise, lower back (mean, 0 none – 10 worst)",
        len(points),
    ).format(count=len(points))


def trend_short_label(point: WeekPoint) -> str:
    """Under each week's column: "W47"."""
    # TRANSLATORS: short for "week 47" under a narrow column of the trend (3 or 4 characters)
    return _("W{week}").format(week=f"{point.week:02d}")


def trend_pain_text(point: WeekPoint) -> str:
    return "–" if point.pain is None else mean_text(point.pain)


def trend_days_text(point: WeekPoint) -> str:
    """The days done, or a dash for a week before the first session (not a zero: nothing was missed)."""
    return str(point.days_done) if point.started else "–"


def trend_minutes_text(point: WeekPoint) -> str:
    return minutes_text(point.exercise_s) if point.started else "–"


def trend_words(point: WeekPoint) -> str:
    """One week of the trend in words, as a screen reader should say it."""
    monday = day_full_month(monday_of(point.year, point.week))
    if not point.started:
        # TRANSLATORS: read out by a screen reader; {monday} is "16 November"
        return _("Week {week} (from {monday}): before you started").format(week=point.week, monday=monday)
    if point.pain is None:
        pain = _("no lower-back rating")
    else:
        pain = _("lower back {mean} of 10").format(mean=mean_text(point.pain))
    minutes = minutes_in_words(point.exercise_s)
    # TRANSLATORS: read out by a screen reader; {monday} is "16 November", {minutes} "12 minutes", {pain} "lower back
    # 2.3 of 10" or "no lower-back rating"
    return _("Week {week} (from {monday}): {done} of 7 days done, {minutes} of exercise, {pain}").format(
        week=point.week, monday=monday, done=point.days_done, minutes=minutes, pain=pain
    )


def session_result_words(session: SessionRecord) -> str:
    return _("✓ completed") if session.completed else _("◐ partly done")


SIDE_WORDS: Mapping[str, str] = {
    # TRANSLATORS: a side (of the body: the left foot), as a column of the week's table shows it
    "left": N_("left"),
    # TRANSLATORS: a side (of the body: the right foot), as a column of the week's table shows it
    "right": N_("right"),
}
"""A side as recorded (``routine.Side``'s value), in words."""


def side_words(side: str | None) -> str:
    """ "left" in the person's language; "" for no side."""
    if not side:
        return ""
    return _(SIDE_WORDS[side]) if side in SIDE_WORDS else side


def step_name(step: str, side: str | None, titles: dict[str, str]) -> str:
    return part_words(titles.get(step, step), side_words(side) if side else None)


def exercise_words(session: SessionRecord) -> str:
    return spoken_duration(session.exercise_s)


# How one part went: one mark and one set of words wherever a run is shown --------
# (the finished screen, the review's steps; kept apart from the history's words)

OUTCOME_MARKS: Mapping[Outcome, str] = {
    Outcome.COMPLETED: "✓",
    Outcome.SKIPPED: "↷",
    Outcome.RESTARTED: "↻",
    Outcome.STOPPED: "■",
}
OUTCOME_WORDS: Mapping[Outcome, str] = {
    # TRANSLATORS: how a part of a session went
    Outcome.COMPLETED: N_("completed"),
    # TRANSLATORS: how a part of a session went
    Outcome.SKIPPED: N_("skipped"),
    # TRANSLATORS: how a part of a session went: it was started again
    Outcome.RESTARTED: N_("restarted"),
    # TRANSLATORS: how a part of a session went: the session was stopped in it
    Outcome.STOPPED: N_("stopped"),
}
# TRANSLATORS: how a part of a session went: stopped with some of its time done
PARTLY_DONE = N_("partly done")


def outcome_mark(outcome: Outcome) -> str:
    """The symbol beside a part, so that how it went never rests on colour alone;
    the finished screen and the review draw the same one."""
    return OUTCOME_MARKS[outcome]


def outcome_words(outcome: Outcome, done_s: float | None, habit: bool = True) -> str:
    """How a part went, in words. ``done_s`` is every second a timed part's
    clock ran, None for an untimed part (a habit, or with ``habit`` False a
    tip). A timed part stopped with time on its clock is "partly done": the
    time counts, and "stopped" alone would read as nothing done."""
    if done_s is None and outcome is Outcome.COMPLETED:
        # TRANSLATORS: how an untimed part went: a habit kept, or a tip done
        return _("habit kept") if habit else p_("tip", "done")
    if done_s is not None and done_s > 0 and outcome is Outcome.STOPPED:
        return _(PARTLY_DONE)
    return _(OUTCOME_WORDS[outcome])


def outcome_result(outcome: Outcome, done_s: float | None, habit: bool = True) -> str:
    """The mark and the words together, as the review's result column shows them: "■ partly done"."""
    return f"{outcome_mark(outcome)} {outcome_words(outcome, done_s, habit)}"


@dataclass(frozen=True)
class RunRow:
    """One step run as the review lists it, a cell each: which step, which
    side (left or right: a foot in the built-in routine), how it went, the time
    done and the time planned when it ran."""

    step: str
    side: str
    result: str
    done: str
    planned: str


def run_row(run: StepRun, routine: str, titles: Mapping[tuple[str, str], str]) -> RunRow:
    """A step run of a session of ``routine``, titled by that routine's own step
    (two routines may share a step id, each with its own title)."""
    title = titles.get((routine, run.step), run.step)
    result = outcome_result(run.outcome, run.actual_s if run.timed else None, habit=keeps_habits(routine))
    if not run.timed:
        return RunRow(title, "", result, "", "")
    return RunRow(title, side_words(run.side), result, done_clock_text(run.actual_s), clock_text(run.planned_s or 0))


# The week as a table (the PDF) --------------------------------------------------


@dataclass(frozen=True)
class WeekTable:
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    parts: int = 0
    """How many columns are timed parts (after the day and its result; the habits
    kept, when the week has habits, and the lower back follow them)."""


def week_table(
    summary: WeekSummary, titles: Mapping[tuple[str, str], str], routines: Mapping[str, str] | None = None
) -> WeekTable:
    """One row a day: each timed part of each routine as "done / planned" (the
    day's ``parts``, counted in footdesk.week: what was planned when it ran, as
    recorded, not today's settings), the habits and the rating. ``titles`` are
    step titles by (routine, step); where two routines share a step id, the
    heading says whose part it is (``routines``: routine titles by id)."""
    parts = summary.parts
    shared = summary.shared_steps()
    headings = [_("Day"), _("Result")]
    for routine, step, side in parts:
        short = titles.get((routine, step), step).split(" with ")[0].split(" on ")[0]
        # TRANSLATORS: a column of the week's table: a step's title and its side ("Toe curls (left)")
        heading = _("{step} ({side})").format(step=short, side=side_words(side)) if side else short
        if step in shared:
            heading += f" · {(routines or {}).get(routine, routine)}"
        headings.append(heading)
    habits = summary.keeps_habits  # a tip of one's own routine is not a habit kept
    headings += [*([_("Habits kept")] if habits else []), _("Lower back")]
    rows = []
    for day in summary.days:
        cells = [weekday_day_month(day.day, two_digit_day=True), _day_result(day)]
        for key in parts:
            total = day.part(key)
            cells.append("" if total is None else f"{done_clock_text(total.done_s)} / {clock_text(total.planned_s)}")
        if habits:
            cells.append(str(day.habits) if day.sessions else "")
        cells.append("" if day.pain is None else f"{day.pain} / 10")
        rows.append(tuple(cells))
    return WeekTable(tuple(headings), tuple(rows), len(parts))


# History as data ----------------------------------------------------------------


def sessions_json(sessions: Iterable[SessionRecord]) -> str:
    return json.dumps([session.as_json() for session in sessions], indent=2, ensure_ascii=False) + "\n"


def sessions_csv(sessions: Iterable[SessionRecord]) -> str:
    """One row per step run, with a header; UTF-8 with a byte-order mark so
    spreadsheet programs open it as UTF-8 without asking.

    Every cell goes through ``untrusted.csv_cell``: a routine shared by someone
    else names its routine and steps, and a cell starting like a formula
    (``=``, ``+``, ``-``, ``@``, a tab, a carriage return) would be run by the
    spreadsheet that opens the file; it is written with a leading apostrophe."""
    out = io.StringIO()
    import csv  # only for an export, not for the home screen

    from footdesk.untrusted import csv_cell

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for session in sessions:
        for run in session.steps:
            data = run.as_json()
            writer.writerow([csv_cell(cell) for cell in (
                session.id, session.local_date.isoformat(), session.routine, session.status.value,
                "" if session.pain is None else session.pain,
                run.step, run.side or "", "" if run.planned_s is None else run.planned_s, data["actual_s"],
                data["completed"], data["skipped"], run.outcome.value, run.started_at, run.ended_at,
                *_check_in_cells(session.check_in(run.step)), session.note or "", session.plan_phase or "",
                "" if session.plan_week is None else session.plan_week,
            )])  # fmt: skip
    return "\ufeff" + out.getvalue()


def _check_in_cells(check_in: CheckIn | None) -> tuple[str, int | str]:
    """The effort and the pain during it of a step's check-in, on each of the step's rows."""
    if check_in is None:
        return "", ""
    return ("" if check_in.effort is None else check_in.effort.value), ("" if check_in.pain is None else check_in.pain)


def step_timing(step: Step) -> str:
    """A step's timing in a few words: "2:00 each foot", "3 × 10 reps, 0:20 rest"."""
    if not step.timed:
        # TRANSLATORS: what an untimed step is, in place of its times
        return _("habit") if step.habit else _("tip")
    if step.reps is not None:
        one = n_("{count} rep", "{count} reps", step.reps).format(count=step.reps)
    elif step.side_seconds:
        # TRANSLATORS: a side's own time: "2:00 left"
        one = " / ".join(p_("timing", "{time} {side}").format(time=clock_text(seconds), side=side_words(side.value))
                         for side, seconds in step.side_seconds)  # fmt: skip
    else:
        one = clock_text(step.seconds or 0)
    if step.sides and not step.side_seconds:
        one = _(EACH_SIDE.get(step.side_noun, EACH_SIDE["side"])).format(timing=one)
    if step.sets > 1:
        if step.rest:
            # TRANSLATORS: {sets} sets of {timing} ("10 reps", "2:00 each foot"), {rest} the rest between ("0:20")
            one = _("{sets} × {timing}, {rest} rest").format(sets=step.sets, timing=one, rest=clock_text(step.rest))
        else:
            # TRANSLATORS: {sets} sets of {timing} ("10 reps", "2:00 each foot")
            one = _("{sets} × {timing}").format(sets=step.sets, timing=one)
    return one


EACH_SIDE: Mapping[str, str] = {
    # TRANSLATORS: a step's time for each foot: {timing} is "2:00" or "10 reps"
    "foot": N_("{timing} each foot"),
    # TRANSLATORS: a step's time for each side (of the body): {timing} is "2:00" or "10 reps"
    "side": N_("{timing} each side"),
}
"""A per-side step's timing, by what its sides are called (``Step.side_noun``)."""


def reminder_text(routine: Routine) -> str:
    timed = [title_mid_sentence(step.title) for step in routine.steps if step.timed]
    # TRANSLATORS: the daily reminder's text; {duration} is "5 min", {steps} the timed steps' titles
    return _("{duration} on the floor: {steps}.").format(
        duration=spoken_duration(routine.total_seconds), steps=", ".join(timed)
    )


def title_mid_sentence(title: str) -> str:
    """A step's title inside a sentence: with a small first letter where the
    language writes it so ("roll each foot…"), as it is where it must keep its
    capital (German nouns: "Fersenheben")."""
    # TRANSLATORS: not shown. "lowercase" if your language writes a step's title ("Roll each foot on a ball") with a
    # small first letter inside a sentence; "keep" if the first letter must stay as it is (German: its nouns)
    if p_("step title inside a sentence", "lowercase") != "lowercase":
        return title
    return title[:1].lower() + title[1:]


# The history file: what footdesk says about it ---------------------------------
# (footdesk.history says what happened, as facts; these are the sentences the
# window and the terminal say about it)

_WHY_NOT_NOW = {
    # TRANSLATORS: why the history file cannot be written or read ("it" is the file)
    "SQLITE_FULL": N_("the disk is full"),
    # TRANSLATORS: why the history file cannot be written or read ("it" is the file)
    "SQLITE_READONLY": N_("the file or its folder is read-only"),
    # TRANSLATORS: why the history file cannot be written or read ("it" is the file)
    "SQLITE_BUSY": N_("another program is writing to it"),
    # TRANSLATORS: why the history file cannot be written or read ("it" is the file)
    "SQLITE_LOCKED": N_("another program is writing to it"),
    # TRANSLATORS: why the history file cannot be written or read ("it" is the file)
    "SQLITE_PERM": N_("access to it was denied"),
    # TRANSLATORS: why the history file cannot be written or read ("it" is the file)
    "SQLITE_CANTOPEN": N_("it cannot be opened"),
    # TRANSLATORS: why the history file cannot be written or read ("it" is the file)
    "SQLITE_IOERR": N_("the disk reported an error"),
    # TRANSLATORS: why the history file cannot be written or read ("it" is the file)
    "SQLITE_NOMEM": N_("the computer is out of memory"),
}


def history_why(reason: str, name: str | None) -> str:
    """SQLite's words, led by plain ones where they are known:
    "the disk is full (SQLite: database or disk is full)"."""
    if name is None:
        return reason
    primary = next((key for key in _WHY_NOT_NOW if name == key or name.startswith(key + "_")), None)
    if name == "SQLITE_IOERR_SHMSIZE":  # no room for the small shared-memory file beside it
        # TRANSLATORS: {reason} is SQLite's own message, in English
        return _("the disk is full (SQLite: {reason})").format(reason=reason)
    if primary is None:
        return reason
    # TRANSLATORS: {why} is "the disk is full", {reason} SQLite's own message, in English
    return _("{why} (SQLite: {reason})").format(why=_(_WHY_NOT_NOW[primary]), reason=reason)


def history_problem_text(problem: HistoryProblem) -> str:
    """What happened to a history file, in one sentence. The words follow what
    was being done, wherever they are shown: opening the history to keep
    sessions in (``problem.writing``) gives the window's notice, which a
    terminal command that changes the history says too; reading one (the
    terminal's commands, a file to bring back) gives the terminal's line,
    which the window says too when it brings a file back."""
    from footdesk.history.troubles import ProblemKind

    words: dict[ProblemKind, Callable[[HistoryProblem], str]] = {
        ProblemKind.UNUSABLE: lambda p: history_not_saving(p.path, p.reason),
        ProblemKind.DAMAGED_KEPT: lambda p: history_not_saving(
            p.path, _("it is damaged ({reason}) and cannot be moved aside").format(reason=p.reason)
        ),
        ProblemKind.MOVED_ASIDE: lambda p: history_damaged(p.reason, p.moved_to or p.path),
        ProblemKind.NOT_NOW: lambda p: history_not_saving_now(p.path, p.reason, p.name),
        ProblemKind.READ_ONLY: lambda p: history_read_only(p.path, p.reason, p.name),
        ProblemKind.NEWER: lambda p: (history_from_newer if p.writing else history_from_newer_for_terminal)(
            p.path, p.version or 0
        ),
        ProblemKind.FOREIGN: lambda p: (history_not_footdesk if p.writing else history_not_footdesk_for_terminal)(
            p.path, p.reason
        ),
        ProblemKind.UNREADABLE: lambda p: history_unreadable(p.path, p.reason, p.trouble),
        ProblemKind.NOT_WRITABLE: lambda p: _("{path} cannot be written right now").format(path=p.path),
        ProblemKind.IS_THE_HISTORY: lambda p: _("{path} is the history itself").format(path=p.path),
        ProblemKind.NOT_BROUGHT_BACK: lambda p: _("nothing was brought back: {why}").format(
            why=history_why(p.reason, p.name)
        ),
        ProblemKind.NOT_SETTLED: lambda p: _("not changed: {why}").format(why=history_why(p.reason, p.name)),
    }
    return words[problem.kind](problem)


def history_not_saving(path: Path, reason: str) -> str:
    # TRANSLATORS: {path} is the history file; {reason} why it cannot be used
    return _("History is not being saved: {path} cannot be used ({reason}). The routine works as usual.").format(
        path=path, reason=reason
    )


def history_not_saving_now(path: Path, reason: str, name: str | None) -> str:
    # TRANSLATORS: {path} is the history file; {why} why it cannot be written ("the disk is full (SQLite: …)")
    return _(
        "History is not being saved right now: {path} cannot be written or read: {why}. "
        "The file is kept as it is; what you do is kept until footdesk can write it, and it tries again at "
        "your next session. The routine works as usual."
    ).format(path=path, why=history_why(reason, name))


def history_read_only(path: Path, reason: str, name: str | None) -> str:
    # TRANSLATORS: {path} is the history file; {why} why it cannot be written ("the disk is full (SQLite: …)")
    return _(
        "Your history is shown but cannot be saved right now: {path} cannot be written: "
        "{why}. Nothing in it is changed; what you do is kept until footdesk can "
        "write it, and it tries again at your next session."
    ).format(path=path, why=history_why(reason, name))


def history_damaged(damage: str, moved: Path) -> str:
    # TRANSLATORS: {damage} is SQLite's own message, in English; {moved} where the damaged file is now
    return _("Your history file was damaged ({damage}). It was moved to {moved} and a new one was started.").format(
        damage=damage, moved=moved
    )


def history_from_newer(path: Path, version: int) -> str:
    # TRANSLATORS: {version} is the number of the file's layout
    return _(
        "History is not being saved: {path} was written by a newer footdesk (schema {version}); it is left as it is."
    ).format(path=path, version=version)


def history_from_newer_for_terminal(path: Path, version: int) -> str:
    # TRANSLATORS: {version} is the number of the file's layout
    return _("{path} was written by a newer footdesk (schema {version}); update footdesk").format(
        path=path, version=version
    )


def history_not_footdesk(path: Path, why: str) -> str:
    return _(
        "History is not being saved: {path} is not a footdesk history ({why}). It is left as it is; move or "
        "rename it and footdesk starts a new history there."
    ).format(path=path, why=why)


def history_not_footdesk_for_terminal(path: Path, why: str) -> str:
    return _("{path} is not a footdesk history ({why}); nothing was changed").format(path=path, why=why)


def history_unreadable(path: Path, reason: str, trouble: Trouble | None) -> str:
    """For the terminal: only a damaged file is something the window repairs
    (it moves it aside and offers its sessions back)."""
    if trouble is not None and trouble.value == "damaged":  # history.Trouble.DAMAGED, without loading the history
        return _("{path} cannot be read ({reason}); open footdesk to repair it").format(path=path, reason=reason)
    return _("{path} cannot be read right now ({reason}); nothing was changed").format(path=path, reason=reason)


def history_empty(path: Path) -> str:
    return _("No sessions recorded yet in {path}. Do the routine once and they will be here.").format(path=path)


def history_missing(path: Path) -> str:
    return _("No history yet ({path} does not exist). Do the routine once and it will be here.").format(path=path)


def history_saved_again(writes: int) -> str:
    if writes:
        # TRANSLATORS: {count} changes made while the history could not be written, now written
        return n_(
            "Your history is being saved again: {count} kept change written, nothing lost.",
            "Your history is being saved again: {count} kept changes written, nothing lost.",
            writes,
        ).format(count=writes)
    return _("Your history is being saved again.")


def history_write_waiting(reason: str, name: str | None) -> str:
    return _("Not saved yet: {why}. footdesk keeps what you did and tries again; the routine goes on.").format(
        why=history_why(reason, name)
    )


def history_read_failed(reason: str, damaged: bool) -> str:
    """The window met an error reading the history while it runs."""
    if damaged:
        return _(
            "Part of your history could not be read ({reason}). When footdesk next starts it checks the file "
            "and, if it is damaged, moves it aside and offers to bring its sessions back."
        ).format(reason=reason)
    return _("Your history could not be read right now ({reason}); footdesk tries again as you go on.").format(
        reason=reason
    )


def rest_day_not_saved(reason: str, name: str | None) -> str:
    return _("The rest day was not saved: {why}.").format(why=history_why(reason, name))


def history_write_lost(writes: int, reason: str) -> str:
    return n_(
        "{count} change to your history could not be saved ({reason}); details are in the log.",
        "{count} changes to your history could not be saved ({reason}); details are in the log.",
        writes,
    ).format(count=writes, reason=reason)


def history_unsaved_at_quit(writes: int, reason: str) -> str:
    return n_(
        "{count} change to your history is not saved yet ({reason}). "
        "footdesk keeps trying while it runs; if you quit now, what you did in it is lost.",
        "{count} changes to your history are not saved yet ({reason}). "
        "footdesk keeps trying while it runs; if you quit now, what you did in it is lost.",
        writes,
    ).format(count=writes, reason=reason)


def rating_waiting(pain: int, reason: str, name: str | None) -> str:
    # TRANSLATORS: {pain} is the lower-back rating just given, 0 to 10; {why} why it cannot be saved
    return _("Noted: {pain} of 10, not saved yet: {why}. footdesk keeps it and tries again.").format(
        pain=pain, why=history_why(reason, name)
    )


def answer_waiting(reason: str, name: str | None) -> str:
    """A check-in or a note given while the history cannot be written."""
    return _("Noted, not saved yet: {why}. footdesk keeps it and tries again.").format(why=history_why(reason, name))


# The check-in after each exercise, and the safety stop (issue 25) ----------------

NOT_MEDICAL_ADVICE = N_("This is not medical advice.")
TIMER_NOT_TREATMENT = N_("footdesk is a timer, not a treatment.")
"""The self-check's words (*Is this for you?*) that every safety message repeats: one home for them
(marked N_: shown with ``_``)."""
STOP_FOR_TODAY = N_("Stop for today.")
SEE_SOMEONE = N_("If pain like this keeps coming back, talk to your doctor or physiotherapist.")

EFFORT_WORDS: Mapping[Effort, str] = {
    # TRANSLATORS: how an exercise felt (the check-in's answer)
    Effort.EASY: N_("easy"),
    # TRANSLATORS: how an exercise felt (the check-in's answer)
    Effort.ABOUT_RIGHT: N_("about right"),
    # TRANSLATORS: how an exercise felt (the check-in's answer)
    Effort.HARD: N_("hard"),
}
"""Marked N_: ``effort_words`` says them in the person's language."""


def effort_words(effort: Effort) -> str:
    return _(EFFORT_WORDS[effort])


def stop_card_lines(limit: int) -> tuple[str, str, str]:
    """The safety card: what to do, in calm words; why it shows; what it is not."""
    return (f"{_(STOP_FOR_TODAY)} {_(SEE_SOMEONE)}",
            _("You said the pain was above {limit} of 10, your limit.").format(limit=limit),
            f"{_(NOT_MEDICAL_ADVICE)} {_(TIMER_NOT_TREATMENT)}")  # fmt: skip


def check_in_question(title: str) -> str:
    # TRANSLATORS: asked right after an exercise; {title} is the exercise's title
    return _("How was {title}?").format(title=title)


def check_in_answer(effort: Effort | None, pain: int | None) -> str:
    """What a check-in said: "about right, pain 2"; "" for nothing."""
    if pain is None:
        return effort_words(effort) if effort is not None else ""
    # TRANSLATORS: the pain during an exercise, 0 to 10
    pain_words = _("pain {pain}").format(pain=pain)
    if effort is None:
        return pain_words
    # TRANSLATORS: a check-in's answer: {effort} is "about right", {pain} "pain 2"
    return _("{effort}, {pain}").format(effort=effort_words(effort), pain=pain_words)


def check_in_line(title: str, check_in: CheckIn) -> str:
    """One exercise's check-in as the review, the PDF and the terminal show it:
    "Roll each foot: about right, pain 2"."""
    # TRANSLATORS: {title} is the exercise's title; {answer} "about right, pain 2"
    return _("{title}: {answer}").format(
        title=title, answer=check_in_answer(check_in.effort, check_in.pain) or _("no answer")
    )


def note_line(note: str) -> str:
    # TRANSLATORS: {note} is what the person wrote after a session
    return _("Note: {note}").format(note=note)


ANSWERS_HEADING = N_("How each exercise felt (effort, pain during it 0–10), and notes")


def week_answers(sessions: Iterable[SessionRecord], step_titles: Mapping[tuple[str, str], str]) -> tuple[str, ...]:
    """The week's check-ins and notes for the PDF, a line each, with when the
    session began: "Wed 18 Nov 08:00  Roll each foot: about right, pain 2"."""
    lines = []
    for session in sessions:
        when = _when(session)
        lines += [f"{when}  {line}" for line in session_answers(session, step_titles)]
    return tuple(lines)


def plan_words(session: SessionRecord) -> str:
    """Where in its routine's plan a session ran: "Build, week 3"; "" without a plan."""
    if session.plan_phase is None:
        return ""
    if session.plan_week is None:
        return session.plan_phase
    # TRANSLATORS: where in a plan a session ran: {phase} is the phase's name from the routine's file ("Build")
    return _("{phase}, week {week}").format(phase=session.plan_phase, week=session.plan_week)


def week_plan_line(sessions: Iterable[SessionRecord]) -> str:
    """Where in its plan a routine's week ran, for the week's PDF: "Plan: Build,
    week 3", or "Plan: Start, week 4 → Build, week 5" when a phase began in
    it; "" for a routine without a plan."""
    seen: list[str] = []
    for session in sorted(sessions, key=lambda s: s.started_at):
        words = plan_words(session)
        if words and words not in seen:
            seen.append(words)
    # TRANSLATORS: {phases} is "Build, week 3" or "Start, week 4 → Build, week 5"
    return _("Plan: {phases}").format(phases=" → ".join(seen)) if seen else ""


def session_answers(session: SessionRecord, step_titles: Mapping[tuple[str, str], str]) -> list[str]:
    """What the person said of a session, a line each: each exercise's check-in
    ("Roll each foot: about right, pain 2"), then the note. Titles are the
    session's routine's (``step_titles`` by routine and step; the id where it is gone)."""
    lines = [check_in_line(step_titles.get((session.routine, check_in.step), check_in.step), check_in)
             for check_in in session.check_ins]  # fmt: skip
    if session.note:
        lines.append(note_line(session.note))
    return lines


# Files moved aside ----------------------------------------------------------------


def day_span(first: date | None, last: date | None) -> str:
    if first is None or last is None:
        return ""
    if first == last:
        return day_month_year(first)
    if first.year == last.year:
        return date_range(day_month(first), day_month_year(last))
    return date_range(day_month_year(first), day_month_year(last))


def set_aside_holds(info: SetAsideFile) -> str:
    """What a moved-aside file holds, as far as it can be read."""
    if info.contents is None:
        if info.unreadable:
            # TRANSLATORS: a history file set aside; {problem} says why it cannot be read
            return _("it cannot be read ({problem})").format(problem=history_problem_text(info.unreadable))
        return _("it cannot be read")
    if not info.sessions:
        held = _("nothing footdesk can show can be read from it")
    else:
        span = day_span(info.first, info.last)
        if info.contents.complete:
            # TRANSLATORS: a history file set aside; {span} the days of its sessions ("14 Sep - 6 Dec 2026")
            held = n_("it holds {count} session ({span})", "it holds {count} sessions ({span})", info.sessions)
        else:
            held = n_("it holds {count} session ({span}), as far as it can be read",
                      "it holds {count} sessions ({span}), as far as it can be read", info.sessions)  # fmt: skip
        held = held.format(count=info.sessions, span=span)
    failing = failing_rows(info.contents.skipped_sessions, info.contents.skipped_runs)
    if failing:
        # TRANSLATORS: {held} says what a history file holds; {failing} is "2 sessions and 1 step run"
        held = _("{held}; {failing} in it fail footdesk's checks and would be left out").format(
            held=held, failing=failing
        )
    return held


def failing_rows(sessions: int, runs: int) -> str:
    """The rows of a history brought back that fail footdesk's checks, "2 sessions and 1 step run"
    (empty when none do)."""
    session_words = n_("{count} session", "{count} sessions", sessions).format(count=sessions)
    # TRANSLATORS: a step run is one part of a session as the history records it (a step, on one side)
    run_words = n_("{count} step run", "{count} step runs", runs).format(count=runs)
    if sessions and runs:
        # TRANSLATORS: {sessions} is "2 sessions", {runs} "1 step run"
        return _("{sessions} and {runs}").format(sessions=session_words, runs=run_words)
    return session_words if sessions else run_words if runs else ""


def set_aside_sentence(info: SetAsideFile, new_sessions: int | None = None) -> str:
    """One moved-aside file for the window: where, when, what it holds, and
    how many of its sessions would come back."""
    if info.moved_on:
        # TRANSLATORS: {date} is the day it was set aside; {holds} what it holds ("it holds 3 sessions (…)")
        sentence = _("An earlier history file was set aside on {date}: {path}; {holds}.").format(
            date=day_month_year(info.moved_on), path=info.path, holds=set_aside_holds(info)
        )
    else:
        # TRANSLATORS: {holds} is what it holds ("it holds 3 sessions (…)")
        sentence = _("An earlier history file was set aside: {path}; {holds}.").format(
            path=info.path, holds=set_aside_holds(info)
        )
    if new_sessions is not None and info.sessions:
        if new_sessions:
            sentence += " " + n_(
                "{count} session of it can be brought back into your history.",
                "{count} sessions of it can be brought back into your history.",
                new_sessions,
            ).format(count=new_sessions)
        else:
            sentence += " " + _("Every session in it is in your history already.")
    return sentence


def set_aside_for_terminal(info: SetAsideFile, new_sessions: int | None = None) -> str:
    import shlex

    sentence = set_aside_sentence(info, new_sessions)
    pasted = shlex.quote(str(info.path))  # a command to paste: the path is one argument, whatever it holds
    if new_sessions:
        # TRANSLATORS: {command} is a command to paste in the terminal
        sentence += " " + _("Bring them back: {command}").format(command=f"footdesk history --restore {pasted}")
    # TRANSLATORS: {command} is a command to paste in the terminal
    sentence += " " + _("(or stop this note: {command})").format(command=f"footdesk history --leave {pasted}")
    return sentence


def restored_sentence(
    path: Path,
    added: int,
    already: int,
    complete: bool = True,
    skipped_sessions: int = 0,
    skipped_runs: int = 0,
    first_rejected: str | None = None,
) -> str:
    """What bringing a history back did: sessions added, already there, and
    rows left out because they fail footdesk's checks (the file may come from
    anyone), with why the first one was."""
    sentence = n_("Brought back {count} session from {path}", "Brought back {count} sessions from {path}",
                  added).format(count=added, path=path)  # fmt: skip
    if already:
        # TRANSLATORS: {sentence} is "Brought back 3 sessions from …"; {count} sessions of it were there already
        sentence = n_("{sentence} ({count} was in your history already)",
                      "{sentence} ({count} were in your history already)", already).format(
            sentence=sentence, count=already
        )  # fmt: skip
    failing = failing_rows(skipped_sessions, skipped_runs)
    if failing:
        # TRANSLATORS: {sentence} is "Brought back 3 sessions from …"; {failing} "2 sessions and 1 step run"
        sentence = _("{sentence}; skipped {failing} that fail footdesk's checks").format(
            sentence=sentence, failing=failing
        )
        if first_rejected:
            # TRANSLATORS: {reason} says why the first row left out failed footdesk's checks
            sentence = _("{sentence} (the first: {reason})").format(sentence=sentence, reason=first_rejected)
    if not complete:
        sentence = _("{sentence}; some of it could not be read").format(sentence=sentence)
    return _("{sentence}. The file is left where it is.").format(sentence=sentence)


def left_aside_sentence(path: Path) -> str:
    return _("{path} is left where it is; footdesk will not mention it again.").format(path=path)


# An interrupted session -------------------------------------------------------------


def resume_sentence(step_title: str, side_label: str, done_s: float, planned_s: int | None) -> str:
    """The home screen's offer after a crash: where today's routine stopped.
    ``side_label`` as the step names a side ("left foot", "right side"; "" for none)."""
    part = part_words(step_title, side_label or None)
    if planned_s and done_s > 0:
        done = done_clock_text(done_s)  # time done: rounded down, as everywhere
        # TRANSLATORS: {part} is a step's title and its side ("Toe curls — left foot"); {done} of {planned}: times,
        # "0:45 of 2:00"
        return _("Today's routine was interrupted during {part}, at {done} of {planned}.").format(
            part=part, done=done, planned=clock_text(planned_s)
        )
    # TRANSLATORS: {part} is a step's title and its side ("Toe curls — left foot")
    return _("Today's routine was interrupted before {part}.").format(part=part)


# The week on paper: a column a day, a row a part (the PDF, issue 29) ----------------
# However many steps a routine has, the columns stay the week's seven days: every
# heading whole, each side in a column of its own.


def day_heading(day: date) -> str:
    return weekday_day_month(day)


def _day_result(day: DaySummary) -> str:
    return f"{DAY_MARKS[day.state][0]} {day_state_words(day.state)}".strip()


def _day_rows(summary: WeekSummary, middle: list[tuple[str, ...]], blank: tuple[str, ...]) -> WeekTable:
    """The day's result first, then ``middle``, then the habits (of a routine that has them) and the rating."""
    days = summary.days
    rows = [(_("Result"), *blank, *(_day_result(day) for day in days)), *middle]
    if summary.keeps_habits:  # an own routine's tips are not habits: no row of noughts
        rows.append((_("Habits kept"), *blank, *(str(day.habits) if day.sessions else "" for day in days)))
    rows.append((_("Lower back"), *blank, *("" if day.pain is None else f"{day.pain} / 10" for day in days)))
    # TRANSLATORS: the heading of a narrow column: the side (left or right) of a step
    side = p_("column", "Side")
    return WeekTable(("", *((side,) if blank else ()), *(day_heading(day.day) for day in days)), tuple(rows))


def parts_table(
    summary: WeekSummary, titles: Mapping[tuple[str, str], str], routines: Mapping[str, str] | None = None
) -> WeekTable:
    """The week with a row per timed part (its full title, its side) and a
    column a day, each cell "done / planned" (the day's ``parts``, as
    ``week_table`` counts them). Where two routines share a step id, the part
    says whose it is (``routines``: routine titles by id)."""
    shared = summary.shared_steps()
    middle = []
    for key in summary.parts:
        routine, step, side = key
        title = titles.get((routine, step), step)
        if step in shared:
            title += f" · {(routines or {}).get(routine, routine)}"
        cells = []
        for day in summary.days:
            total = day.part(key)
            cells.append("" if total is None else f"{clock_text(total.done_s)} / {clock_text(total.planned_s)}")
        middle.append((title, side_words(side), *cells))
    return _day_rows(summary, middle, ("",))


def routines_table(summary: WeekSummary, each: Iterable[tuple[str, WeekSummary]]) -> WeekTable:
    """The whole week with a row per routine (``each``: its title and its week
    alone, as the review's routine filter shows it): the time done that day
    against the time planned for what was done."""
    middle = []
    for title, alone in each:
        cells = (f"{clock_text(day.exercise_s)} / {clock_text(day.planned_s)}" if day.sessions else ""
                 for day in alone.days)  # fmt: skip
        middle.append((title, *cells))
    return _day_rows(summary, middle, ())


PDF_TIMES_NOTE = N_(
    "Times are the minutes:seconds actually done / planned when they were done. Pain: 0 = none, 10 = worst, "
    "as rated after the routine. footdesk is an exercise timer, not medical care."
)


def pdf_overview_line(routines: int) -> str:
    return n_(
        "The whole week, {count} routine; a page for each follows.",
        "The whole week, {count} routines; a page for each follows.",
        routines,
    ).format(count=routines)


def pdf_routine_line(title: str) -> str:
    return _("{title} alone, as the review shows it with this routine chosen.").format(title=title)


# Correcting the record: a session deleted and brought back (issue 29) -------------


def session_label(session: SessionRecord, routine_title: str) -> str:
    """A session as the person can recognise it:
    "session 12 (Tue 17 Nov 2026 08:00, Calf care, 5 min 30 s of exercise, ✓ completed)"."""
    try:
        started = datetime.fromisoformat(session.started_at)
        when = date_and_time(weekday_day_month_year(started), started)
    except ValueError:
        when = weekday_day_month_year(session.local_date)
    # TRANSLATORS: a session as the person can recognise it; {when} is "Tue 17 Nov 2026 08:00", {exercise} "5 min 30
    # s", {result} "✓ completed"
    return _("session {id} ({when}, {routine}, {exercise} of exercise, {result})").format(
        id=session.id, when=when, routine=routine_title, exercise=exercise_words(session),
        result=session_result_words(session),
    )  # fmt: skip


def deleted_sentence(label: str, number: int | None = None) -> str:
    """``label``: ``session_label``; ``number``: the session's id (read from the
    label, English's "session 12 (…)", when not given)."""
    shown = label.split()[1] if number is None else str(number)
    # TRANSLATORS: {label} is "session 12 (Tue 17 Nov 2026 08:00, …)"; {command} a command to paste in the terminal
    return _(
        "Deleted {label}: the review, the PDF and the exports leave it out from now on. It is kept, not erased: "
        "{command} brings it back."
    ).format(label=label, command=f"footdesk history --undelete {shown}")


def undeleted_sentence(label: str) -> str:
    # TRANSLATORS: {label} is "session 12 (Tue 17 Nov 2026 08:00, …)"
    return _("Brought back {label}: the review, the PDF and the exports count it again.").format(label=label)


def deleted_list_line(label: str, at: str) -> str:
    # TRANSLATORS: {label} is "session 12 (…)"; {at} when it was deleted, "2026-11-18 08:00"
    return _("{label}, deleted {at}").format(label=label, at=at[:16].replace("T", " "))


# Correcting the record in the review and the terminal: a rating changed, a part
# marked done later, each taken back (issue 29) ---------------------------------


def rating_words(pain: int | None) -> str:
    # TRANSLATORS: a lower-back rating, 0 to 10
    return _("no rating") if pain is None else _("{pain} of 10").format(pain=pain)


def part_words(step_title: str, side: str | None) -> str:
    """A part of a session: "Roll each foot — left" (``side`` as it is to be shown)."""
    # TRANSLATORS: a part of a session: a step's title and its side ("Roll each foot — left")
    return p_("part", "{step} — {side}").format(step=step_title, side=side) if side else step_title


def part_argument(step: str, side: str | None) -> str:
    """A part as ``footdesk history --mark-done ID STEP[:SIDE]`` takes it."""
    return step + (f":{side}" if side else "")


def correction_text(correction: Correction, routine_title: str, step_title: str = "", terminal: bool = False) -> str:
    """What a correction did, said once in the review's status line (beside its
    Undo) or on the terminal (with the command that puts it back)."""
    from footdesk.history import CorrectionKind

    session = correction.session
    label = session_label(session, routine_title)
    if correction.kind is CorrectionKind.DELETE:
        if terminal:
            return deleted_sentence(label, session.id)
        # TRANSLATORS: {label} is "session 12 (Tue 17 Nov 2026 08:00, …)"
        return _("Deleted {label}: the week, the PDF and the exports leave it out. It is kept, not erased.").format(
            label=label
        )
    if correction.kind is CorrectionKind.PAIN:
        if not correction.changed:
            # TRANSLATORS: {label} is "session 12 (…)"; {rating} "3 of 10" or "no rating"
            return _("The lower-back rating of {label} is {rating} already; nothing was changed.").format(
                label=label, rating=rating_words(session.pain)
            )
        # TRANSLATORS: {label} is "session 12 (…)"; {after} and {before} are "3 of 10" or "no rating"
        said = _("The lower-back rating of {label} is {after} now; it was {before}, and that is kept.").format(
            label=label, after=rating_words(correction.pain_after), before=rating_words(correction.pain_before)
        )
        back = "none" if correction.pain_before is None else str(correction.pain_before)
        if not terminal:
            return said
        # TRANSLATORS: {command} is a command to paste in the terminal
        return f"{said} " + _("{command} puts it back.").format(command=f"footdesk history --rate {session.id} {back}")
    part = part_words(step_title or correction.step or "", side_words(correction.side))
    before = _outcome_before(correction)
    if session.completed:
        counts = _("The session counts as completed now.")
    else:
        counts = _("The session stays partly done: not every part of its routine is completed.")
    # TRANSLATORS: {part} is "Roll each foot — left"; {label} "session 12 (…)"; {before} how it went, "skipped" or
    # "partly done after 0:45"
    said = _("Marked {part} done in {label}; it was {before}, and that is kept.").format(
        part=part, label=label, before=before
    )
    said = f"{said} {counts}"
    if terminal:
        argument = part_argument(correction.step or "", correction.side)
        # TRANSLATORS: {command} is a command to paste in the terminal
        said += " " + _("{command} puts it back.").format(
            command=f"footdesk history --unmark-done {session.id} {argument}"
        )
    return said


def _outcome_before(correction: Correction) -> str:
    """How a part marked done had gone: "skipped", "partly done after 0:45"."""
    before = outcome_words(correction.outcome_before or Outcome.SKIPPED, correction.actual_before)
    if not correction.actual_before:
        return before
    # TRANSLATORS: {outcome} is how a part went ("partly done"); {time} the time done ("0:45")
    return _("{outcome} after {time}").format(outcome=before, time=done_clock_text(correction.actual_before))


def undone_text(correction: Correction, routine_title: str, step_title: str = "") -> str:
    """A correction taken back (the review's Undo, ``--undelete``, ``--unmark-done``)."""
    from footdesk.history import CorrectionKind

    label = session_label(correction.session, routine_title)
    if correction.kind is CorrectionKind.DELETE:
        return undeleted_sentence(label)
    if correction.kind is CorrectionKind.PAIN:
        # TRANSLATORS: {label} is "session 12 (…)"; {rating} "3 of 10" or "no rating"
        return _("Put back: the lower-back rating of {label} is {rating} again.").format(
            label=label, rating=rating_words(correction.session.pain)
        )
    part = part_words(step_title or correction.step or "", side_words(correction.side))
    # TRANSLATORS: {part} is "Roll each foot — left"; {label} "session 12 (…)"
    return _("Put back: {part} in {label} reads as it was recorded again.").format(part=part, label=label)


def correction_refused_text(refused: CorrectionRefusedError, step_title: str = "", doing: str = "correct") -> str:
    """Why a correction was not made (nothing was changed), for the terminal and the review."""
    from footdesk.history import Refusal

    number = refused.session_id
    part = part_words(step_title or refused.step or "", side_words(refused.side))
    # TRANSLATORS: the texts below say why a correction of the history was not made; {number} is a session's id,
    # {part} "Roll each foot — left"
    words = {
        Refusal.NO_SESSION: _(_NO_SESSION_TO.get(doing, _NO_SESSION_TO["correct"])),
        Refusal.UNDER_WAY: _("session {number} is still under way; correct it once it has ended"),
        Refusal.NO_PART: _("session {number} has no {part} recorded (footdesk history --json shows its steps "
                           "and sides; a part it never reached cannot be marked done)"),
        Refusal.ALREADY_DONE: _("{part} in session {number} is completed already"),
        Refusal.NOT_MARKED: _("{part} in session {number} was not marked done") if refused.step
        else _("that correction is taken back already"),
        Refusal.NOT_DELETED: _("session {number} is not deleted (footdesk history --deleted lists them)"),
    }  # fmt: skip
    # TRANSLATORS: {why} says why a correction was not made ("session 12 is still under way; …")
    return _("{why}; nothing was changed").format(why=words[refused.refusal].format(number=number, part=part))


_NO_SESSION_TO: Mapping[str, str] = {
    # TRANSLATORS: {number} is a session's id; --json and --deleted are options of the command
    "correct": N_("there is no session {number} to correct (footdesk history --json shows the ids, "
                  "--deleted the deleted ones)"),
    # TRANSLATORS: {number} is a session's id; --json and --deleted are options of the command
    "delete": N_("there is no session {number} to delete (footdesk history --json shows the ids, "
                 "--deleted the deleted ones)"),
    # TRANSLATORS: {number} is a session's id; --json and --deleted are options of the command
    "rate": N_("there is no session {number} to rate (footdesk history --json shows the ids, "
               "--deleted the deleted ones)"),
    # TRANSLATORS: {number} is a session's id; --json and --deleted are options of the command
    "mark done": N_("there is no session {number} to mark done (footdesk history --json shows the ids, "
                    "--deleted the deleted ones)"),
}  # fmt: skip
"""By what was being done (``correction_refused_text``'s ``doing``): a whole sentence each."""


def correction_not_saved(reason: str, name: str | None) -> str:
    return _("The correction was not saved: {why}. Nothing was changed.").format(why=history_why(reason, name))


def correction_list_line(correction: Correction, routine_title: str, step_title: str, at: str,
                         undone_at: str | None) -> str:  # fmt: skip
    """A line of ``footdesk history --corrections``: what was there before, when, and whether it was taken back."""
    from footdesk.history import CorrectionKind

    label = session_label(correction.session, routine_title)
    when = at[:16].replace("T", " ")
    if correction.kind is CorrectionKind.PAIN:
        # TRANSLATORS: {before} and {after} are "3 of 10" or "no rating"
        what = _("lower-back rating {before} → {after}").format(
            before=rating_words(correction.pain_before), after=rating_words(correction.pain_after)
        )
    else:
        part = part_words(step_title or correction.step or "", side_words(correction.side))
        # TRANSLATORS: {part} is "Roll each foot — left"; {before} how it went, "skipped" or "partly done after 0:45"
        what = _("{part} marked done (was {before})").format(part=part, before=_outcome_before(correction))
    if undone_at:
        # TRANSLATORS: a correction in the terminal's list; {what} is what it changed, {when} and {undone} are
        # "2026-11-18 08:00"
        return _("{label}: {what}, {when}, taken back {undone}").format(
            label=label, what=what, when=when, undone=undone_at[:16].replace("T", " ")
        )
    # TRANSLATORS: a correction in the terminal's list; {what} is what it changed, {when} "2026-11-18 08:00"
    return _("{label}: {what}, {when}").format(label=label, what=what, when=when)


# Backups -------------------------------------------------------------------------------


def backup_contents_lines(contents: Contents) -> list[str]:
    """What a backup holds, as the terminal and the window's confirmation say it."""
    made = contents.made_at.replace("T", " ")[:16]
    # TRANSLATORS: {made} is when the backup was made, "2026-12-07 18:05"; {version} footdesk's version
    lines = [
        _("A footdesk backup made {made} (footdesk {version}):").format(made=made, version=contents.footdesk_version)
    ]
    if not contents.holds("history.sqlite3"):
        lines.append("  " + _("History: none"))
    elif contents.sessions and contents.first_day and contents.last_day:
        first, last = contents.first_day, contents.last_day
        # TRANSLATORS: {first} and {last} are dates, "14 Sep 2026"
        history = n_("History: {count} session, {first} to {last}", "History: {count} sessions, {first} to {last}",
                     contents.sessions)  # fmt: skip
        lines.append("  " + history.format(count=contents.sessions, first=day_month_year(first),
                                           last=day_month_year(last)))  # fmt: skip
    else:
        lines.append("  " + _("History: no sessions yet"))
    if contents.questionnaires:
        lines.append("  " + n_("Back questionnaires: {count} score", "Back questionnaires: {count} scores",
                               contents.questionnaires).format(count=contents.questionnaires))  # fmt: skip
    if contents.routines:
        shown = ", ".join(f"{routine.title} ({routine.id})" for routine in contents.routines)
        # TRANSLATORS: {routines} are the routines' titles, each with its id: "Knee care (knee-care), …"
        lines.append("  " + _("Routines of your own: {routines}").format(routines=shown))
    else:
        lines.append("  " + _("Routines of your own: none"))
    lines.append("  " + (_("Settings: yes") if contents.holds("settings.toml") else _("Settings: none (the defaults)")))
    # TRANSLATORS: {what} is a file or folder left out of the backup, and why
    lines.extend("  " + _("Left out when it was made: {what}").format(what=line) for line in contents.left_out)
    return lines


RESTORE_PLAN = N_(
    "Restoring moves all your current footdesk data (history, settings, routines) aside, whole, into a folder "
    "named before-restore-<date> beside it (nothing is deleted), and puts the backup's data in its place. "
    "Nothing is merged."
)


def restored_lines(aside: Sequence[Path]) -> list[str]:
    if not aside:
        return [_("Restored. There was no data before to move aside.")]
    return [_("Restored. Your data from before is kept in:"), *(f"  {folder}" for folder in aside)]


# The report for the physiotherapist and the calendar ---------------------------------


REPORT_NOTE = N_(
    "Made with footdesk, an exercise timer, not medical care. The days, the lower back and the check-ins are "
    "what the person recorded; a day counts as done when the routine was completed as many times as it asks."
)
REPORT_WEEKS_HEADING = N_("Week by week: days done of the days prescribed, and the lower back")
REPORT_EXERCISES_HEADING = N_("How each exercise felt: the check-ins right after it")
REPORT_SCORES_HEADING = N_("Questionnaires: each score with its date and its change since the first")
REPORT_NOTES_HEADING = N_("Notes the person wrote after a session")
# TRANSLATORS: the headings of the report's table of weeks (a narrow column each)
REPORT_WEEK_HEADINGS = (N_("Week"), N_("Dates"), N_("Phase of the plan"), N_("Days done"), N_("Lower back (mean)"))
# TRANSLATORS: the headings of the report's table of exercises: how many check-ins said each effort (a narrow column
# each)
REPORT_EXERCISE_HEADINGS = (N_("Exercise"), N_("Easy"), N_("About right"), N_("Hard"), N_("Pain during it (0–10)"))
# TRANSLATORS: the headings of the report's table of questionnaires' scores
REPORT_SCORE_HEADINGS = (N_("Questionnaire"), N_("Date"), N_("Score"), N_("Change since the first"))
"""The report's texts, marked N_: ``platform/report_pdf.py`` shows them with ``_``."""


def report_title(routine_title: str) -> str:
    return _("{routine} — report for the physiotherapist").format(routine=routine_title)


def report_span_line(first: date, last: date, weeks: int, made_on: date) -> str:
    """ "12 weeks: 14 Sep – 6 Dec 2026 · made 7 Dec 2026"."""
    # TRANSLATORS: {span} is "14 Sep - 6 Dec 2026"; {made} the day the report was made, "7 Dec 2026"
    return n_("{count} week: {span} · made {made}", "{count} weeks: {span} · made {made}", weeks).format(
        count=weeks, span=day_span(first, last), made=day_month_year(made_on)
    )


def report_dose_line(times_a_day: int, days_a_week: int, the_routines: bool) -> str:
    """ "Dose: twice a day, 5 days a week" (the routine's own, or the weekly goal of Settings)."""
    if the_routines:
        # TRANSLATORS: {times_a_day} is "twice a day"
        text = n_("Dose: {times_a_day}, {count} day a week", "Dose: {times_a_day}, {count} days a week", days_a_week)
    else:
        # TRANSLATORS: {times_a_day} is "twice a day"
        text = n_("Dose: {times_a_day}, {count} day a week (the weekly goal in Settings)",
                  "Dose: {times_a_day}, {count} days a week (the weekly goal in Settings)", days_a_week)  # fmt: skip
    return text.format(times_a_day=times_a_day_words(times_a_day), count=days_a_week)


def report_plan_line(plan: str | None) -> str:
    if plan:
        # TRANSLATORS: {plan} is "Week 3 of 8 · Build"
        return _("Plan: {plan}").format(plan=plan)
    return _("No plan over weeks: the numbers are the routine's own.")


def report_week_cells(label: str, first: date, last: date, phases: Sequence[str], started: bool, days_done: int,
                      prescribed: int, pain: float | None) -> tuple[str, ...]:  # fmt: skip
    """One row of the weeks' table: the review's days done (of the days
    prescribed) and the lower back's mean for the week."""
    dates = date_range(day_month(first), day_month(last))
    # TRANSLATORS: a cell of the report's table: days done of the days prescribed that week ("4 of 5")
    days = _("{done} of {prescribed}").format(done=days_done, prescribed=prescribed) if started else "–"
    return label, dates, " · ".join(phases) or "–", days, "–" if pain is None else mean_text(pain)


def report_days_rule(times_a_day: int) -> str:
    # TRANSLATORS: {times_a_day} is "once a day", "twice a day"
    return _("A day is done when the routine was completed {times_a_day}; the lower back is "
             "the mean of the days' ratings (0 none – 10 worst), as footdesk's review shows them; – before the "
             "first session, or no rating.").format(times_a_day=times_a_day_words(times_a_day))  # fmt: skip


def report_exercise_cells(title: str, easy: int, about_right: int, hard: int, pains: Sequence[int],
                          mean: float | None) -> tuple[str, ...]:  # fmt: skip
    if mean is None:
        return title, str(easy), str(about_right), str(hard), _("no answer")
    # TRANSLATORS: the pain during an exercise over the weeks: its mean ("2.3"), lowest and highest, and how many
    # answers gave one
    pain = n_("mean {mean}, {low} to {high} ({count} answer)", "mean {mean}, {low} to {high} ({count} answers)",
              len(pains)).format(mean=mean_text(mean), low=min(pains), high=max(pains), count=len(pains))  # fmt: skip
    return title, str(easy), str(about_right), str(hard), pain


def report_no_sessions(routine_title: str, weeks: int) -> str:
    return n_("No sessions of {routine} in these {count} week: the report holds the programme alone.",
              "No sessions of {routine} in these {count} weeks: the report holds the programme alone.",
              weeks).format(routine=routine_title, count=weeks)  # fmt: skip


def report_no_check_ins() -> str:
    return _("No check-ins after the exercises in these weeks.")


def report_note_line(day: date, note: str) -> str:
    return f"{weekday_day_month_year(day)}  {note}"


def report_others_line(others: Mapping[str, int]) -> str:
    # TRANSLATORS: a routine's title and how many sessions of it were done: "Knee care (3 sessions)"
    done = ", ".join(n_("{title} ({count} session)", "{title} ({count} sessions)", count).format(
        title=title, count=count) for title, count in others.items())  # fmt: skip
    # TRANSLATORS: {done} is "Knee care (3 sessions), Calf care (1 session)"
    return _("Also done in these weeks, not in this report: {done}.").format(done=done)


def report_score_cells(name: str, day: date, score: float, change: float | None, first: bool) -> tuple[str, ...]:
    """``change`` None after the first: a PSFS with other activities than the first."""
    # TRANSLATORS: in the column of the change since the first score: this score is the first
    changed = p_("score", "first") if first else _(CHANGE_OTHER_ACTIVITIES) if change is None else _signed(change)
    return name, day_month_year(day), _with_decimal_sign(f"{score:g}"), changed


def _with_decimal_sign(number: str) -> str:
    """A number already written, with the language's decimal sign ("6,5")."""
    return number.replace(".", formats().decimal_point)


def _signed(change: float) -> str:
    """+3, -1.5, +1.3 (a PSFS's mean over activities may be a third)."""
    return _with_decimal_sign(f"{change:+.1f}".rstrip("0").rstrip("."))


def report_written(title: str, weeks: int, sessions: int, paper: str, path: Path) -> str:
    weeks_words = n_("{count} week", "{count} weeks", weeks).format(count=weeks)
    sessions_words = n_("{count} session", "{count} sessions", sessions).format(count=sessions)
    # TRANSLATORS: {weeks} is "12 weeks", {sessions} "40 sessions", {paper} "A4" or "Letter"
    return _("The report on {title} ({weeks}, {sessions}, {paper}) written to {path}").format(
        title=title, weeks=weeks_words, sessions=sessions_words, paper=paper, path=path
    )


def calendar_summary(routine_title: str, index: int, times: int) -> str:
    """A calendar event's title: "Knee care" ("Knee care (2 of 2 today)" for the second of two)."""
    if times == 1:
        return routine_title
    # TRANSLATORS: a calendar event's title: the routine's title, and which of the day's sessions ("2 of 2 today")
    return _("{routine} ({index} of {times} today)").format(routine=routine_title, index=index, times=times)


def calendar_description(times_a_day: int, days_a_week: int, until: date | None) -> str:
    if until is not None:
        # TRANSLATORS: a calendar event's description; {times_a_day} is "twice a day", {until} the plan's last day ("6
        # Dec 2026"); Space is the key
        text = n_("footdesk: {times_a_day}, {count} day a week until {until}, the end of the plan. "
                  "Open footdesk and press Space to start.",
                  "footdesk: {times_a_day}, {count} days a week until {until}, the end of the plan. "
                  "Open footdesk and press Space to start.", days_a_week)  # fmt: skip
    else:
        # TRANSLATORS: a calendar event's description; {times_a_day} is "twice a day"; Space is the key
        text = n_("footdesk: {times_a_day}, {count} day a week. Open footdesk and press Space to start.",
                  "footdesk: {times_a_day}, {count} days a week. Open footdesk and press Space to start.",
                  days_a_week)  # fmt: skip
    return text.format(times_a_day=times_a_day_words(times_a_day), count=days_a_week,
                       until=day_month_year(until) if until is not None else "")  # fmt: skip


def calendar_written(title: str, reminders: int, path: Path) -> str:
    return n_("{count} reminder a day for {title} written to {path}: import it into your calendar app",
              "{count} reminders a day for {title} written to {path}: import it into your calendar app",
              reminders).format(count=reminders, title=title, path=path)  # fmt: skip


NO_REMINDER_FOR_CALENDAR = N_(
    "no daily reminder time is set: choose one in Settings → Daily reminder (or [reminder] time in settings.toml), "
    "then the calendar has its times; nothing was written"
)


# Back questionnaires ---------------------------------------------------------------

QUESTIONNAIRE_NAMES = {
    # TRANSLATORS: a back questionnaire's short name: keep the name its published translation uses
    "rmdq": N_("Roland-Morris"),
    # TRANSLATORS: a back questionnaire's short name (Patient-Specific Functional Scale): keep the abbreviation its
    # published translation uses
    "psfs": N_("PSFS"),
    # TRANSLATORS: a back questionnaire's short name (Oswestry Disability Index)
    "odi": N_("Oswestry"),
}
"""Short names, by ``questionnaires.Instrument`` value (marked N_: shown with ``_``)."""
QUESTIONNAIRE_TITLES = {
    # TRANSLATORS: a validated questionnaire's name: use its published translation's name where there is one
    "rmdq": N_("Roland-Morris Disability Questionnaire"),
    # TRANSLATORS: a validated questionnaire's name: use its published translation's name where there is one
    "psfs": N_("Patient-Specific Functional Scale"),
    # TRANSLATORS: a validated questionnaire's name: use its published translation's name where there is one
    "odi": N_("Oswestry Disability Index"),
}
QUESTIONNAIRE_DIRECTION = {
    "rmdq": N_("0 to 24, lower is better"),
    "psfs": N_("0 to 10, higher is better"),
    "odi": N_("0 to 100 %, lower is better"),
}
QUESTIONNAIRE_CSV_COLUMNS = ("date", "instrument", "score", "max_score", "answered_at", "answers")


def questionnaire_offer_text(weeks_since: int | None) -> str:
    """The calm line on the home screen when the back questionnaires are due."""
    if weeks_since is None:
        return _("How is your back affecting your days? Two short back questionnaires, a few minutes.")
    if weeks_since < 1:
        return _("Time for your back questionnaires again.")
    count = _(_WEEKS_IN_WORDS[weeks_since - 1]) if weeks_since <= len(_WEEKS_IN_WORDS) else str(weeks_since)
    # TRANSLATORS: the home screen's offer; {count} is the number of weeks, in words and capitalised ("Two"), or in
    # digits from 13 on
    return n_("{count} week since your last back questionnaire.", "{count} weeks since your last back questionnaire.",
              weeks_since).format(count=count)  # fmt: skip


_WEEKS_IN_WORDS = (
    # TRANSLATORS: a number of weeks in words, at the start of a sentence ("One week since your last back
    # questionnaire.")
    N_("One"), N_("Two"), N_("Three"), N_("Four"), N_("Five"), N_("Six"),
    N_("Seven"), N_("Eight"), N_("Nine"), N_("Ten"), N_("Eleven"), N_("Twelve"),
)  # fmt: skip

_NOT_DONE = {
    "saved": N_("The questionnaire was not saved: {why}."),
    "deleted": N_("The score was not deleted: {why}."),
    "brought back": N_("The score was not brought back: {why}."),
}


def questionnaire_not_saved(reason: str, name: str | None, done: str = "saved") -> str:
    """``done``: what was not done, "saved" (a questionnaire), "deleted" or "brought back" (a score)."""
    return _(_NOT_DONE.get(done, _NOT_DONE["saved"])).format(why=history_why(reason, name))


def _number(value: float) -> str:
    """A score: "7", "6.3" (one decimal at most, with the language's sign)."""
    if value == int(value):
        return str(int(value))
    text, sign = decimal(value, 1), formats().decimal_point
    return text[: -len(sign) - 1] if text.endswith(sign + "0") else text


def score_text(instrument: str, score: float) -> str:
    """ "Roland-Morris 7 of 24", "PSFS 6.3 of 10", "Oswestry 32 %"."""
    name = _(QUESTIONNAIRE_NAMES[instrument])
    if instrument == "odi":
        # TRANSLATORS: a questionnaire's short name and its score in per cent ("Oswestry 32 %")
        return _("{name} {score} %").format(name=name, score=_number(score))
    # TRANSLATORS: a questionnaire's short name and its score out of its maximum ("Roland-Morris 7 of 24")
    return _("{name} {score} of {most}").format(
        name=name, score=_number(score), most=10 if instrument == "psfs" else 24
    )


CHANGE_OTHER_ACTIVITIES = N_("other activities than the first")
"""A PSFS that shares no activity with the first: no change to say (marked N_: shown with ``_``)."""


def change_text(change: float | None, lower_is_better: bool) -> str:
    """The change since the first in words: "3 lower than the first (better)"."""
    if change is None:
        return _(CHANGE_OTHER_ACTIVITIES)
    if change == 0:
        return _("the same as the first")
    better = (change < 0) == lower_is_better
    # TRANSLATORS: a score's change since the first score; {change} is how much
    if change < 0:
        text = _("{change} lower than the first (better)") if better else _("{change} lower than the first (worse)")
    else:
        text = _("{change} higher than the first (better)") if better else _("{change} higher than the first (worse)")
    return text.format(change=_number(abs(change)))


def questionnaire_week_line(records: Sequence[Answered]) -> str | None:
    """The review's week: the questionnaires answered in it, in one line (None: none)."""
    if not records:
        return None
    # TRANSLATORS: a score and the day it was got: {weekday} is "Tue", {day} the day of the month
    said = [_("{score} ({weekday} {day})").format(score=score_text(r.instrument.value, r.score),
                                                  weekday=weekday_short(r.taken_on), day=r.taken_on.day)
            for r in records]  # fmt: skip
    # TRANSLATORS: {scores} is "Roland-Morris 7 of 24 (Tue 17) · PSFS 6.3 of 10 (Tue 17)"
    return _("Back questionnaires: {scores}").format(scores=" · ".join(said))


def questionnaire_list_text(scores: Sequence[Score]) -> str:
    """``footdesk questionnaire --list``: each score with its id (to delete it),
    its date and its change since the first."""
    if not scores:
        return _("No back questionnaire answered yet (footdesk offers them on the home screen).") + "\n"
    lines = []
    width = max(len(str(score.id or "")) for score in scores)
    for score in scores:
        said = score_text(score.instrument.value, score.score)
        line = f"{score.id or '':>{width}}  {score.taken_on.isoformat()}  {said}"
        if score.change_since_first != 0 or any(s.instrument is score.instrument and s.taken_on < score.taken_on
                                           for s in scores):  # fmt: skip
            line += f"  · {change_text(score.change_since_first, score.lower_is_better)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def questionnaire_label(record: Answered) -> str:
    """A score as the person can recognise it: "score 12 (Oswestry 50 % on 2026-11-30)"."""
    # TRANSLATORS: {id} is the score's number; {score} "Oswestry 50 %"; {date} an ISO date, "2026-11-30"
    return _("score {id} ({score} on {date})").format(
        id=record.id, score=score_text(record.instrument.value, record.score), date=record.taken_on.isoformat()
    )


def questionnaire_deleted_text(record: Answered) -> str:
    # TRANSLATORS: {label} is "score 12 (Oswestry 50 % on 2026-11-30)"; {command} a command to paste in the terminal
    return _("Deleted {label}: the review, the report and the exports leave it out. It is "
             "kept, not erased: {command} brings it back.").format(
        label=questionnaire_label(record), command=f"footdesk questionnaire --undelete {record.id}"
    )  # fmt: skip


def questionnaire_undeleted_text(record: Answered) -> str:
    # TRANSLATORS: {label} is "score 12 (Oswestry 50 % on 2026-11-30)"
    return _("Brought back {label}.").format(label=questionnaire_label(record))


def questionnaires_json(records: Iterable[Answered]) -> str:
    return json.dumps([record.as_json() for record in records], indent=2, ensure_ascii=False) + "\n"


def questionnaires_csv(records: Iterable[Answered]) -> str:
    """One row per questionnaire, a file of its own beside the sessions' CSV;
    each cell through ``untrusted.csv_cell`` (an activity's name is the
    person's own text, and may start like a formula)."""
    import csv

    from footdesk.untrusted import csv_cell

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(QUESTIONNAIRE_CSV_COLUMNS)
    for record in records:
        if record.rmdq is not None:
            answers = " ".join("Y" if yes else "N" for yes in record.rmdq)
        elif record.psfs is not None:
            answers = "; ".join(f"{activity.name}: {activity.rating}" for activity in record.psfs)
        else:
            answers = ""
        writer.writerow([csv_cell(cell) for cell in (
            record.taken_on.isoformat(), record.instrument.value, _number(record.score), record.max_score,
            record.answered_at, answers)])  # fmt: skip
    return "\ufeff" + out.getvalue()


def replace_settings_question(path: Path, problems: Sequence[SettingsProblem]) -> str:
    """Asked before Settings' Save writes over a file with problems: a file
    read as a whole is not "1 value footdesk could not use"."""
    whole = next((problem for problem in problems if problem.key is None), None)
    if whole is not None:
        # TRANSLATORS: {path} is the settings file; {problem} why it could not be read
        said = _("{path} could not be read ({problem}).").format(path=path, problem=whole.message)
    else:
        said = n_("{path} has {count} value footdesk could not use.",
                  "{path} has {count} values footdesk could not use.", len(problems)).format(
            path=path, count=len(problems))  # fmt: skip
    saving = _("Saving writes the settings shown in the dialog. A copy of the current file is kept beside it.")
    return f"{said}\n\n{saving}"
