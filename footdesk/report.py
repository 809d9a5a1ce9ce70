"""Words for people: the one writer of every sentence about a week, and the
text, JSON and CSV forms of the history. The terminal, the home screen, the
review window and the PDF all take their sentences from here, so they never
drift apart ("Streak: 1 days")."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from footdesk.timefmt import clock_text, spoken_duration
from footdesk.week import DayState, monday_of

if TYPE_CHECKING:
    from footdesk.records import SessionRecord, StepRun
    from footdesk.routine import Routine, Step
    from footdesk.week import DaySummary, WeekPoint, WeekSummary

DAY_MARKS = {
    DayState.DONE: ("✓", "done"),
    DayState.PARTIAL: ("◐", "partly done"),
    DayState.MISSED: ("✗", "missed"),
    DayState.REST: ("☾", "rest day"),
    DayState.TODAY: ("○", "today, not yet"),
    DayState.UPCOMING: ("·", ""),
    DayState.BEFORE_START: ("·", "before you started"),
}
STREAK_RULE = (
    "A day counts when any routine was completed that day. Today not done yet does not break a streak; "
    "a rest day neither breaks it nor adds to it."
)
CSV_COLUMNS = (
    "session_id", "date", "routine", "session_status", "pain",
    "step", "side", "planned_s", "actual_s", "completed", "skipped", "outcome", "started_at", "ended_at",
)  # fmt: skip


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 day', '3 days': the only place footdesk makes a plural."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def minutes_text(seconds: float) -> str:
    return f"{round(seconds / 60)} min"


def week_title(summary: WeekSummary) -> str:
    first, last = summary.first, summary.last
    span = f"{first:%a} {first.day} {first:%b} – {last:%a} {last.day} {last:%b %Y}"
    return f"Week {summary.label} ({span})"


def totals_sentence(summary: WeekSummary) -> str:
    return (
        f"{summary.days_done} of 7 days done · {minutes_text(summary.exercise_s)} of exercise · "
        f"{plural(summary.habits, 'habit')} kept"
    )


def goal_sentence(summary: WeekSummary) -> str:
    goal = plural(summary.goal_days, "day")
    if summary.goal_met:
        return f"Weekly goal of {goal} reached."
    if summary.over:
        return f"Weekly goal: {goal}; {summary.days_done} done, not reached."
    left = summary.goal_days - summary.days_done
    return f"Weekly goal: {goal}; {plural(left, 'more day')} to go."


def streak_sentence(summary: WeekSummary) -> str:
    return f"Streak: {plural(summary.current_streak, 'day')} (longest {summary.longest_streak})."


def home_week_line(summary: WeekSummary) -> str:
    """The home screen's short line: the streak and this week against the goal."""
    streak = summary.current_streak
    start = f"{plural(streak, 'day')} in a row" if streak else "Start a streak today"
    return f"{start}  ·  {summary.days_done} of {plural(summary.goal_days, 'day')} this week"


def day_line(day: DaySummary) -> str:
    mark, words = DAY_MARKS[day.state]
    parts = [f"{day.day:%a %d %b}", f"{mark} {words:<18}"]
    parts.append(f"{minutes_text(day.exercise_s):>7}" if day.exercise_s else " " * 7)
    parts.append(f"{plural(day.habits, 'habit')} kept" if day.habits else " " * 13)
    if day.pain is not None:
        parts.append(f"lower back {day.pain}/10")
    return "  ".join(parts).rstrip()


def pain_trend(summary: WeekSummary) -> str | None:
    pains = summary.pains
    if not pains:
        return None
    values = " → ".join(str(pain) for _, pain in pains)
    return f"Lower back (0 none – 10 worst): {values}"


def pain_line(summary: WeekSummary) -> str:
    return pain_trend(summary) or "No lower-back ratings this week."


def week_text(summary: WeekSummary) -> str:
    lines = [f"footdesk — {week_title(summary)}", ""]
    lines += [f"  {day_line(day)}" for day in summary.days]
    lines.append("")
    lines.append(f"  {totals_sentence(summary)}")
    lines.append(f"  {goal_sentence(summary)}")
    lines.append(f"  {streak_sentence(summary)} {STREAK_RULE}")
    trend = pain_trend(summary)
    if trend:
        lines.append(f"  {trend}")
    return "\n".join(lines) + "\n"


def trend_line(point: WeekPoint) -> str:
    pain = "–" if point.pain is None else f"{point.pain:g}/10"
    return f"{point.label}  {point.days_done} of 7 days  {minutes_text(point.exercise_s):>7}  lower back {pain}"


def trend_heading(points: tuple[WeekPoint, ...]) -> str:
    """What the twelve-week picture shows (the review and the PDF)."""
    return f"The last {len(points)} weeks: days done (of 7), minutes of exercise, lower back (mean, 0 none – 10 worst)"


def trend_short_label(point: WeekPoint) -> str:
    """Under each week's column: "W47"."""
    return f"W{point.week:02d}"


def trend_pain_text(point: WeekPoint) -> str:
    return "–" if point.pain is None else f"{point.pain:g}"


def trend_days_text(point: WeekPoint) -> str:
    """The days done, or a dash for a week before the first session (not a zero: nothing was missed)."""
    return str(point.days_done) if point.started else "–"


def trend_minutes_text(point: WeekPoint) -> str:
    return minutes_text(point.exercise_s) if point.started else "–"


def trend_words(point: WeekPoint) -> str:
    """One week of the trend in words, as a screen reader should say it."""
    monday = monday_of(point.year, point.week)
    if not point.started:
        return f"Week {point.week} (from {monday.day} {monday:%B}): before you started"
    pain = "no lower-back rating" if point.pain is None else f"lower back {point.pain:g} of 10"
    minutes = plural(round(point.minutes), "minute")
    return (
        f"Week {point.week} (from {monday.day} {monday:%B}): {point.days_done} of 7 days done, "
        f"{minutes} of exercise, {pain}"
    )


def session_result_words(session: SessionRecord) -> str:
    return "✓ completed" if session.completed else "◐ partly done"


def step_name(step: str, side: str | None, titles: dict[str, str]) -> str:
    return titles.get(step, step) + (f" — {side}" if side else "")


def exercise_words(session: SessionRecord) -> str:
    return spoken_duration(session.exercise_s)


RUN_MARKS = {"completed": "✓", "skipped": "↷", "restarted": "↻", "stopped": "■"}


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


def run_row(run: StepRun, titles: dict[str, str]) -> RunRow:
    title = titles.get(run.step, run.step)
    result = f"{RUN_MARKS.get(run.outcome, '')} {run.outcome}".strip()
    if not run.timed:
        return RunRow(title, "", "✓ habit kept" if run.completed else result, "", "")
    return RunRow(title, run.side or "", result, clock_text(run.actual_s), clock_text(run.planned_s or 0))


# The week as a table (the PDF) --------------------------------------------------


@dataclass(frozen=True)
class WeekTable:
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def week_table(summary: WeekSummary, titles: dict[str, str]) -> WeekTable:
    """One row a day: each timed part as "done / planned" (what was planned
    when it ran, as recorded, not today's settings), the habits and the rating."""
    parts: list[tuple[str, str | None]] = []
    for session in summary.sessions:
        for run in session.steps:
            if run.timed and (run.step, run.side) not in parts:
                parts.append((run.step, run.side))
    headings = ["Day", "Result"]
    for step, side in parts:
        short = titles.get(step, step).split(" with ")[0].split(" on ")[0]
        headings.append(f"{short} ({side})" if side else short)
    headings += ["Habits kept", "Lower back"]
    rows = []
    for day in summary.days:
        those = summary.sessions_on(day.day)
        mark, words = DAY_MARKS[day.state]
        cells = [f"{day.day:%a %d %b}", f"{mark} {words}".strip()]
        for step, side in parts:
            done = planned = 0.0
            reached = False
            for session in those:
                runs = [r for r in session.steps if r.step == step and r.side == side]
                if runs:
                    reached = True
                    done += sum(r.actual_s for r in runs)
                    # each set was planned; a try that was restarted is planned again by the next one
                    planned += sum(r.planned_s or 0 for r in runs if r.outcome != "restarted")
            cells.append(f"{clock_text(done)} / {clock_text(planned)}" if reached else "")
        cells.append(str(day.habits) if those else "")
        cells.append("" if day.pain is None else f"{day.pain} / 10")
        rows.append(tuple(cells))
    return WeekTable(tuple(headings), tuple(rows))


# History as data ----------------------------------------------------------------


def sessions_json(sessions: Iterable[SessionRecord]) -> str:
    return json.dumps([session.as_json() for session in sessions], indent=2, ensure_ascii=False) + "\n"


def sessions_csv(sessions: Iterable[SessionRecord]) -> str:
    """One row per step run, with a header; UTF-8 with a byte-order mark so
    spreadsheet programs open it as UTF-8 without asking."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for session in sessions:
        for run in session.steps:
            data = run.as_json()
            writer.writerow([
                session.id, session.local_date.isoformat(), session.routine, session.status.value,
                "" if session.pain is None else session.pain,
                run.step, run.side or "", "" if run.planned_s is None else run.planned_s, data["actual_s"],
                data["completed"], data["skipped"], run.outcome, run.started_at, run.ended_at,
            ])  # fmt: skip
    return "\ufeff" + out.getvalue()


def step_timing(step: Step) -> str:
    """A step's timing in a few words: "2:00 each foot", "3 × 10 reps, 0:20 rest"."""
    if not step.timed:
        return "habit" if step.shipped_voice else "tip"
    if step.reps is not None:
        one = f"{step.reps} reps"
    elif step.side_seconds:
        one = " / ".join(f"{clock_text(seconds)} {side.value}" for side, seconds in step.side_seconds)
    else:
        one = clock_text(step.seconds or 0)
    if step.sides and not step.side_seconds:
        one += f" each {step.side_noun}"
    if step.sets > 1:
        one = f"{step.sets} × {one}" + (f", {clock_text(step.rest)} rest" if step.rest else "")
    return one


def reminder_text(routine: Routine) -> str:
    timed = [step.title for step in routine.steps if step.timed]
    return f"{spoken_duration(routine.total_seconds)} on the floor: " + ", ".join(timed).lower() + "."
