"""Words for people: the one writer of every sentence about a week, and the
text, JSON and CSV forms of the history. The terminal, the home screen, the
review window and the PDF all take their sentences from here, so they never
drift apart ("Streak: 1 days")."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

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
    DayState.DONE: ("✓", "done"),
    DayState.PARTIAL: ("◐", "partly done"),
    DayState.MISSED: ("✗", "missed"),
    DayState.REST: ("☾", "rest day"),
    DayState.TODAY: ("○", "today, not yet"),
    DayState.UPCOMING: ("·", ""),
    DayState.BEFORE_START: ("·", "before you started"),
}
STREAK_RULE = (
    "A day counts when a routine was completed as many times as it asks that day (once, unless its file says "
    "twice or three times). Today not done yet does not break a streak; a rest day neither breaks it nor adds to it."
)
TIMES_A_DAY_WORDS = {1: "once a day", 2: "twice a day", 3: "three times a day"}
CSV_COLUMNS = (
    "session_id", "date", "routine", "session_status", "pain",
    "step", "side", "planned_s", "actual_s", "completed", "skipped", "outcome", "started_at", "ended_at",
    "effort", "pain_during", "note", "plan_phase", "plan_week",
)  # fmt: skip


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 day', '3 days': the only place footdesk makes a plural."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def week_title(summary: WeekSummary) -> str:
    first, last = summary.first, summary.last
    span = f"{first:%a} {first.day} {first:%b} – {last:%a} {last.day} {last:%b %Y}"
    return f"Week {summary.label} ({span})"


def totals_sentence(summary: WeekSummary) -> str:
    """The week in one line; its habits only when a routine with habits was done
    (an own routine's tips are not habits)."""
    habits = f" · {plural(summary.habits, 'habit')} kept" if summary.keeps_habits else ""
    return f"{summary.days_done} of 7 days done · {minutes_text(summary.exercise_s)} of exercise{habits}"


def times_a_day_words(times: int) -> str:
    """ "twice a day" (a routine's dose)."""
    return TIMES_A_DAY_WORDS.get(times, f"{times} times a day")


def goal_from_dose_note(routine_title: str, days_a_week: int) -> str:
    """The Settings dialog's note where the routine in use sets its own weekly goal."""
    return f"{routine_title} asks for {plural(days_a_week, 'day')} a week (its own file)."


def goal_sentence(summary: WeekSummary) -> str:
    goal = plural(summary.goal_days, "day")
    if summary.times_a_day > 1:  # a day is done only when the dose was met: say how often
        goal += f" ({times_a_day_words(summary.times_a_day)})"
    if summary.before_start:
        return f"Weekly goal: {goal}; this week was before your first session."
    if summary.goal_met:
        return f"Weekly goal of {goal} reached."
    if summary.over:
        return f"Weekly goal: {goal}; {summary.days_done} done, not reached."
    left = summary.goal_days - summary.days_done
    # days that can still be done: the ones to come, and today unless it is done (tried, or a rest day, it still can be)
    ahead = sum(
        1
        for day in summary.days
        if day.state is DayState.UPCOMING or (day.day == summary.today and day.state is not DayState.DONE)
    )
    if left > ahead:  # out of reach this week: say what is still possible, not what is not
        return f"Weekly goal: {goal}; {summary.days_done} done, {plural(ahead, 'day')} left this week."
    return f"Weekly goal: {goal}; {plural(left, 'more day')} to go."


def streak_sentence(summary: WeekSummary) -> str:
    if summary.before_start:  # today's streak is not this week's
        return "No streak yet: your first session came later."
    return f"Streak: {plural(summary.current_streak, 'day')} (longest {summary.longest_streak})."


def home_week_line(summary: WeekSummary) -> str:
    """The home screen's short line: the streak and this week against the goal."""
    streak = summary.current_streak
    start = f"{plural(streak, 'day')} in a row" if streak else "Start a streak today"
    return f"{start}  ·  {summary.days_done} of {plural(summary.goal_days, 'day')} this week"


def dose_words(dose: Dose) -> str:
    """What a routine's file prescribes, for the line under its title ("twice a
    day, 5 days a week"); "" for once a day at the person's own goal (the
    built-in routine), where there is nothing to add."""
    parts = [times_a_day_words(dose.times_a_day)] if dose.times_a_day > 1 else []
    if dose.days_a_week is not None:
        parts.append(f"{plural(dose.days_a_week, 'day')} a week")
    return ", ".join(parts)


def today_count_line(summary: WeekSummary) -> str:
    """The home screen's count of today for a routine done more than once a
    day ("1 of 2 today"); "" for once a day, where the week line says it all."""
    times = summary.times_a_day
    return f"{min(summary.completed_today, times)} of {times} today" if times > 1 else ""


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


def session_line(session: SessionRecord, routines: Mapping[str, str]) -> str:
    """One session for the terminal: when, which routine, how it went, the time done."""
    from datetime import datetime

    try:
        when = f"{datetime.fromisoformat(session.started_at):%a %d %b %H:%M}"
    except ValueError:
        when = f"{session.local_date:%a %d %b}"
    routine = routines.get(session.routine, session.routine)
    return f"{when}  {routine}  {session_result_words(session)}  {exercise_words(session)} of exercise"


def week_text(summary: WeekSummary, routines: Mapping[str, str] | None = None,
              step_titles: Mapping[tuple[str, str], str] | None = None) -> str:  # fmt: skip
    """The week for the terminal: its days, each session with its routine
    (``routines``: titles by id; the id where a routine is unknown), the totals."""
    lines = [f"footdesk — {week_title(summary)}", ""]
    lines += [f"  {day_line(day)}" for day in summary.days]
    if summary.sessions:
        lines += ["", "  Sessions:"]
        for session in summary.sessions:
            lines.append(f"  {session_line(session, routines or {})}")
            lines += [f"      {line}" for line in session_answers(session, step_titles or {})]
    lines.append("")
    lines.append(f"  {totals_sentence(summary)}")
    lines.append(f"  {goal_sentence(summary)}")
    lines.append(f"  {streak_sentence(summary)} {STREAK_RULE}")
    trend = pain_trend(summary)
    if trend:
        lines.append(f"  {trend}")
    return "\n".join(lines) + "\n"


def mean_text(mean: float) -> str:
    """A mean rating (0–10), always with one decimal: "2.0" beside "2.3", never "2"."""
    return f"{mean:.1f}"


def trend_line(point: WeekPoint) -> str:
    pain = "–" if point.pain is None else f"{mean_text(point.pain)}/10"
    return f"{point.label}  {point.days_done} of 7 days  {minutes_text(point.exercise_s):>7}  lower back {pain}"


def trend_heading(points: tuple[WeekPoint, ...]) -> str:
    """What the twelve-week picture shows (the review and the PDF)."""
    return f"The last {len(points)} weeks: days done (of 7), minutes of exercise, lower back (mean, 0 none – 10 worst)"


def trend_short_label(point: WeekPoint) -> str:
    """Under each week's column: "W47"."""
    return f"W{point.week:02d}"


def trend_pain_text(point: WeekPoint) -> str:
    return "–" if point.pain is None else mean_text(point.pain)


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
    pain = "no lower-back rating" if point.pain is None else f"lower back {mean_text(point.pain)} of 10"
    minutes = minutes_in_words(point.exercise_s)
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


# How one part went: one mark and one set of words wherever a run is shown --------
# (the finished screen, the review's steps; kept apart from the history's words)

OUTCOME_MARKS: Mapping[Outcome, str] = {
    Outcome.COMPLETED: "✓",
    Outcome.SKIPPED: "↷",
    Outcome.RESTARTED: "↻",
    Outcome.STOPPED: "■",
}
PARTLY_DONE = "partly done"


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
        return "habit kept" if habit else "done"
    if done_s is not None and done_s > 0 and outcome is Outcome.STOPPED:
        return PARTLY_DONE
    return outcome.value


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
    return RunRow(title, run.side or "", result, done_clock_text(run.actual_s), clock_text(run.planned_s or 0))


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
    headings = ["Day", "Result"]
    for routine, step, side in parts:
        short = titles.get((routine, step), step).split(" with ")[0].split(" on ")[0]
        heading = f"{short} ({side})" if side else short
        if step in shared:
            heading += f" · {(routines or {}).get(routine, routine)}"
        headings.append(heading)
    habits = summary.keeps_habits  # a tip of one's own routine is not a habit kept
    headings += [*(["Habits kept"] if habits else []), "Lower back"]
    rows = []
    for day in summary.days:
        mark, words = DAY_MARKS[day.state]
        cells = [f"{day.day:%a %d %b}", f"{mark} {words}".strip()]
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
        return "habit" if step.habit else "tip"
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


# The history file: what footdesk says about it ---------------------------------
# (footdesk.history says what happened, as facts; these are the sentences the
# window and the terminal say about it)

_WHY_NOT_NOW = {
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the file or its folder is read-only",
    "SQLITE_BUSY": "another program is writing to it",
    "SQLITE_LOCKED": "another program is writing to it",
    "SQLITE_PERM": "access to it was denied",
    "SQLITE_CANTOPEN": "it cannot be opened",
    "SQLITE_IOERR": "the disk reported an error",
    "SQLITE_NOMEM": "the computer is out of memory",
}


def history_why(reason: str, name: str | None) -> str:
    """SQLite's words, led by plain ones where they are known:
    "the disk is full (SQLite: database or disk is full)"."""
    if name is None:
        return reason
    primary = next((key for key in _WHY_NOT_NOW if name == key or name.startswith(key + "_")), None)
    if name == "SQLITE_IOERR_SHMSIZE":
        return f"the disk is full (SQLite: {reason})"  # no room for the small shared-memory file beside it
    return f"{_WHY_NOT_NOW[primary]} (SQLite: {reason})" if primary else reason


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
            p.path, f"it is damaged ({p.reason}) and cannot be moved aside"
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
        ProblemKind.NOT_WRITABLE: lambda p: f"{p.path} cannot be written right now",
        ProblemKind.IS_THE_HISTORY: lambda p: f"{p.path} is the history itself",
        ProblemKind.NOT_BROUGHT_BACK: lambda p: f"nothing was brought back: {history_why(p.reason, p.name)}",
        ProblemKind.NOT_SETTLED: lambda p: f"not changed: {history_why(p.reason, p.name)}",
    }
    return words[problem.kind](problem)


def history_not_saving(path: Path, reason: str) -> str:
    return f"History is not being saved: {path} cannot be used ({reason}). The routine works as usual."


def history_not_saving_now(path: Path, reason: str, name: str | None) -> str:
    return (
        f"History is not being saved right now: {path} cannot be written or read: {history_why(reason, name)}. "
        "The file is kept as it is; what you do is kept until footdesk can write it, and it tries again at "
        "your next session. The routine works as usual."
    )


def history_read_only(path: Path, reason: str, name: str | None) -> str:
    return (
        f"Your history is shown but cannot be saved right now: {path} cannot be written: "
        f"{history_why(reason, name)}. Nothing in it is changed; what you do is kept until footdesk can "
        "write it, and it tries again at your next session."
    )


def history_damaged(damage: str, moved: Path) -> str:
    return f"Your history file was damaged ({damage}). It was moved to {moved} and a new one was started."


def history_from_newer(path: Path, version: int) -> str:
    return (
        f"History is not being saved: {path} was written by a newer footdesk (schema {version}); it is left as it is."
    )


def history_from_newer_for_terminal(path: Path, version: int) -> str:
    return f"{path} was written by a newer footdesk (schema {version}); update footdesk"


def history_not_footdesk(path: Path, why: str) -> str:
    return (
        f"History is not being saved: {path} is not a footdesk history ({why}). It is left as it is; move or "
        "rename it and footdesk starts a new history there."
    )


def history_not_footdesk_for_terminal(path: Path, why: str) -> str:
    return f"{path} is not a footdesk history ({why}); nothing was changed"


def history_unreadable(path: Path, reason: str, trouble: Trouble | None) -> str:
    """For the terminal: only a damaged file is something the window repairs
    (it moves it aside and offers its sessions back)."""
    if trouble is not None and trouble.value == "damaged":  # history.Trouble.DAMAGED, without loading the history
        return f"{path} cannot be read ({reason}); open footdesk to repair it"
    return f"{path} cannot be read right now ({reason}); nothing was changed"


def history_empty(path: Path) -> str:
    return f"No sessions recorded yet in {path}. Do the routine once and they will be here."


def history_missing(path: Path) -> str:
    return f"No history yet ({path} does not exist). Do the routine once and it will be here."


def history_saved_again(writes: int) -> str:
    if writes:
        return f"Your history is being saved again: {plural(writes, 'kept change')} written, nothing lost."
    return "Your history is being saved again."


def history_write_waiting(reason: str, name: str | None) -> str:
    return (
        f"Not saved yet: {history_why(reason, name)}. footdesk keeps what you did and tries again; the routine goes on."
    )


def history_read_failed(reason: str, damaged: bool) -> str:
    """The window met an error reading the history while it runs."""
    if damaged:
        return (
            f"Part of your history could not be read ({reason}). When footdesk next starts it checks the file "
            "and, if it is damaged, moves it aside and offers to bring its sessions back."
        )
    return f"Your history could not be read right now ({reason}); footdesk tries again as you go on."


def rest_day_not_saved(reason: str, name: str | None) -> str:
    return f"The rest day was not saved: {history_why(reason, name)}."


def history_write_lost(writes: int, reason: str) -> str:
    return f"{plural(writes, 'change')} to your history could not be saved ({reason}); details are in the log."


def history_unsaved_at_quit(writes: int, reason: str) -> str:
    return (
        f"{plural(writes, 'change')} to your history {'is' if writes == 1 else 'are'} not saved yet ({reason}). "
        "footdesk keeps trying while it runs; if you quit now, what you did in it is lost."
    )


def rating_waiting(pain: int, reason: str, name: str | None) -> str:
    return f"Noted: {pain} of 10, not saved yet: {history_why(reason, name)}. footdesk keeps it and tries again."


def answer_waiting(reason: str, name: str | None) -> str:
    """A check-in or a note given while the history cannot be written."""
    return f"Noted, not saved yet: {history_why(reason, name)}. footdesk keeps it and tries again."


# The check-in after each exercise, and the safety stop (issue 25) ----------------

NOT_MEDICAL_ADVICE = "This is not medical advice."
TIMER_NOT_TREATMENT = "footdesk is a timer, not a treatment."
"""The self-check's words (*Is this for you?*) that every safety message repeats: one home for them."""
STOP_FOR_TODAY = "Stop for today."
SEE_SOMEONE = "If pain like this keeps coming back, talk to your doctor or physiotherapist."

EFFORT_WORDS: Mapping[Effort, str] = {Effort.EASY: "easy", Effort.ABOUT_RIGHT: "about right", Effort.HARD: "hard"}


def stop_card_lines(limit: int) -> tuple[str, str, str]:
    """The safety card: what to do, in calm words; why it shows; what it is not."""
    return (f"{STOP_FOR_TODAY} {SEE_SOMEONE}", f"You said the pain was above {limit} of 10, your limit.",
            f"{NOT_MEDICAL_ADVICE} {TIMER_NOT_TREATMENT}")  # fmt: skip


def check_in_question(title: str) -> str:
    return f"How was {title}?"


def check_in_answer(effort: Effort | None, pain: int | None) -> str:
    """What a check-in said: "about right, pain 2"; "" for nothing."""
    parts = [EFFORT_WORDS[effort]] if effort is not None else []
    if pain is not None:
        parts.append(f"pain {pain}")
    return ", ".join(parts)


def check_in_line(title: str, check_in: CheckIn) -> str:
    """One exercise's check-in as the review, the PDF and the terminal show it:
    "Roll each foot: about right, pain 2"."""
    return f"{title}: {check_in_answer(check_in.effort, check_in.pain) or 'no answer'}"


def note_line(note: str) -> str:
    return f"Note: {note}"


ANSWERS_HEADING = "How each exercise felt (effort, pain during it 0–10), and notes"


def week_answers(sessions: Iterable[SessionRecord], step_titles: Mapping[tuple[str, str], str]) -> tuple[str, ...]:
    """The week's check-ins and notes for the PDF, a line each, with when the
    session began: "Wed 18 Nov 08:00  Roll each foot: about right, pain 2"."""
    from datetime import datetime

    lines = []
    for session in sessions:
        try:
            when = f"{datetime.fromisoformat(session.started_at):%a %d %b %H:%M}"
        except ValueError:
            when = f"{session.local_date:%a %d %b}"
        lines += [f"{when}  {line}" for line in session_answers(session, step_titles)]
    return tuple(lines)


def plan_words(session: SessionRecord) -> str:
    """Where in its routine's plan a session ran: "Build, week 3"; "" without a plan."""
    if session.plan_phase is None:
        return ""
    return session.plan_phase + (f", week {session.plan_week}" if session.plan_week is not None else "")


def week_plan_line(sessions: Iterable[SessionRecord]) -> str:
    """Where in its plan a routine's week ran, for the week's PDF: "Plan: Build,
    week 3", or "Plan: Start, week 4 → Build, week 5" when a phase began in
    it; "" for a routine without a plan."""
    seen: list[str] = []
    for session in sorted(sessions, key=lambda s: s.started_at):
        words = plan_words(session)
        if words and words not in seen:
            seen.append(words)
    return f"Plan: {' → '.join(seen)}" if seen else ""


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
        return f"{first.day} {first:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def set_aside_holds(info: SetAsideFile) -> str:
    """What a moved-aside file holds, as far as it can be read."""
    if info.contents is None:
        return (
            f"it cannot be read ({history_problem_text(info.unreadable)})" if info.unreadable else "it cannot be read"
        )
    if not info.sessions:
        held = "nothing footdesk can show can be read from it"
    else:
        held = f"it holds {plural(info.sessions, 'session')} ({day_span(info.first, info.last)})"
        if not info.contents.complete:
            held += ", as far as it can be read"
    failing = failing_rows(info.contents.skipped_sessions, info.contents.skipped_runs)
    if failing:
        held += f"; {failing} in it fail footdesk's checks and would be left out"
    return held


def failing_rows(sessions: int, runs: int) -> str:
    """The rows of a history brought back that fail footdesk's checks, "2 sessions and 1 step run"
    (empty when none do)."""
    parts = [plural(count, word) for count, word in ((sessions, "session"), (runs, "step run")) if count]
    return " and ".join(parts)


def set_aside_sentence(info: SetAsideFile, new_sessions: int | None = None) -> str:
    """One moved-aside file for the window: where, when, what it holds, and
    how many of its sessions would come back."""
    when = f" on {info.moved_on:%d %b %Y}" if info.moved_on else ""
    sentence = f"An earlier history file was set aside{when}: {info.path}; {set_aside_holds(info)}."
    if new_sessions is not None and info.sessions:
        if new_sessions:
            sentence += f" {plural(new_sessions, 'session')} of it can be brought back into your history."
        else:
            sentence += " Every session in it is in your history already."
    return sentence


def set_aside_for_terminal(info: SetAsideFile, new_sessions: int | None = None) -> str:
    import shlex

    sentence = set_aside_sentence(info, new_sessions)
    pasted = shlex.quote(str(info.path))  # a command to paste: the path is one argument, whatever it holds
    if new_sessions:
        sentence += f" Bring them back: footdesk history --restore {pasted}"
    sentence += f" (or stop this note: footdesk history --leave {pasted})"
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
    sentence = f"Brought back {plural(added, 'session')} from {path}"
    if already:
        sentence += f" ({already} {'was' if already == 1 else 'were'} in your history already)"
    failing = failing_rows(skipped_sessions, skipped_runs)
    if failing:
        sentence += f"; skipped {failing} that fail footdesk's checks"
        if first_rejected:
            sentence += f" (the first: {first_rejected})"
    if not complete:
        sentence += "; some of it could not be read"
    return sentence + ". The file is left where it is."


def left_aside_sentence(path: Path) -> str:
    return f"{path} is left where it is; footdesk will not mention it again."


# An interrupted session -------------------------------------------------------------


def resume_sentence(step_title: str, side_label: str, done_s: float, planned_s: int | None) -> str:
    """The home screen's offer after a crash: where today's routine stopped.
    ``side_label`` as the step names a side ("left foot", "right side"; "" for none)."""
    part = step_title + (f" — {side_label}" if side_label else "")
    if planned_s and done_s > 0:
        done = done_clock_text(done_s)  # time done: rounded down, as everywhere
        return f"Today's routine was interrupted during {part}, at {done} of {clock_text(planned_s)}."
    return f"Today's routine was interrupted before {part}."


# The week on paper: a column a day, a row a part (the PDF, issue 29) ----------------
# However many steps a routine has, the columns stay the week's seven days: every
# heading whole, each side in a column of its own.


def day_heading(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _day_result(day: DaySummary) -> str:
    mark, words = DAY_MARKS[day.state]
    return f"{mark} {words}".strip()


def _day_rows(summary: WeekSummary, middle: list[tuple[str, ...]], blank: tuple[str, ...]) -> WeekTable:
    """The day's result first, then ``middle``, then the habits (of a routine that has them) and the rating."""
    days = summary.days
    rows = [("Result", *blank, *(_day_result(day) for day in days)), *middle]
    if summary.keeps_habits:  # an own routine's tips are not habits: no row of noughts
        rows.append(("Habits kept", *blank, *(str(day.habits) if day.sessions else "" for day in days)))
    rows.append(("Lower back", *blank, *("" if day.pain is None else f"{day.pain} / 10" for day in days)))
    return WeekTable(("", *(("Side",) if blank else ()), *(day_heading(day.day) for day in days)), tuple(rows))


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
        middle.append((title, side or "", *cells))
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


PDF_TIMES_NOTE = (
    "Times are the minutes:seconds actually done / planned when they were done. Pain: 0 = none, 10 = worst, "
    "as rated after the routine. footdesk is an exercise timer, not medical care."
)


def pdf_overview_line(routines: int) -> str:
    return f"The whole week, {plural(routines, 'routine')}; a page for each follows."


def pdf_routine_line(title: str) -> str:
    return f"{title} alone, as the review shows it with this routine chosen."


# Correcting the record: a session deleted and brought back (issue 29) -------------


def session_label(session: SessionRecord, routine_title: str) -> str:
    """A session as the person can recognise it:
    "session 12 (Tue 17 Nov 2026 08:00, Calf care, 5 min 30 s of exercise, ✓ completed)"."""
    from datetime import datetime

    try:
        started = datetime.fromisoformat(session.started_at)
        when = f"{started:%a} {started.day} {started:%b %Y %H:%M}"
    except ValueError:
        when = f"{session.local_date:%a} {session.local_date.day} {session.local_date:%b %Y}"
    return (f"session {session.id} ({when}, {routine_title}, {exercise_words(session)} of exercise, "
            f"{session_result_words(session)})")  # fmt: skip


def deleted_sentence(label: str) -> str:
    number = label.split()[1]
    return (f"Deleted {label}: the review, the PDF and the exports leave it out from now on. It is kept, not erased: "
            f"footdesk history --undelete {number} brings it back.")  # fmt: skip


def undeleted_sentence(label: str) -> str:
    return f"Brought back {label}: the review, the PDF and the exports count it again."


def deleted_list_line(label: str, at: str) -> str:
    return f"{label}, deleted {at[:16].replace('T', ' ')}"


# Correcting the record in the review and the terminal: a rating changed, a part
# marked done later, each taken back (issue 29) ---------------------------------


def rating_words(pain: int | None) -> str:
    return "no rating" if pain is None else f"{pain} of 10"


def part_words(step_title: str, side: str | None) -> str:
    """A part of a session: "Roll each foot — left"."""
    return step_title + (f" — {side}" if side else "")


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
            return deleted_sentence(label)
        return f"Deleted {label}: the week, the PDF and the exports leave it out. It is kept, not erased."
    if correction.kind is CorrectionKind.PAIN:
        if not correction.changed:
            return f"The lower-back rating of {label} is {rating_words(session.pain)} already; nothing was changed."
        said = (f"The lower-back rating of {label} is {rating_words(correction.pain_after)} now; it was "
                f"{rating_words(correction.pain_before)}, and that is kept.")  # fmt: skip
        back = "none" if correction.pain_before is None else str(correction.pain_before)
        return f"{said} footdesk history --rate {session.id} {back} puts it back." if terminal else said
    part = part_words(step_title or correction.step or "", correction.side)
    before = outcome_words(correction.outcome_before or Outcome.SKIPPED, correction.actual_before)
    if correction.actual_before:
        before += f" after {done_clock_text(correction.actual_before)}"
    counts = ("The session counts as completed now." if session.completed
              else "The session stays partly done: not every part of its routine is completed.")  # fmt: skip
    said = f"Marked {part} done in {label}; it was {before}, and that is kept. {counts}"
    if terminal:
        argument = part_argument(correction.step or "", correction.side)
        said += f" footdesk history --unmark-done {session.id} {argument} puts it back."
    return said


def undone_text(correction: Correction, routine_title: str, step_title: str = "") -> str:
    """A correction taken back (the review's Undo, ``--undelete``, ``--unmark-done``)."""
    from footdesk.history import CorrectionKind

    label = session_label(correction.session, routine_title)
    if correction.kind is CorrectionKind.DELETE:
        return undeleted_sentence(label)
    if correction.kind is CorrectionKind.PAIN:
        return f"Put back: the lower-back rating of {label} is {rating_words(correction.session.pain)} again."
    part = part_words(step_title or correction.step or "", correction.side)
    return f"Put back: {part} in {label} reads as it was recorded again."


def correction_refused_text(refused: CorrectionRefusedError, step_title: str = "", doing: str = "correct") -> str:
    """Why a correction was not made (nothing was changed), for the terminal and the review."""
    from footdesk.history import Refusal

    number = refused.session_id
    part = part_words(step_title or refused.step or "", refused.side)
    words = {
        Refusal.NO_SESSION: f"there is no session {number} to {doing} (footdesk history --json shows the ids, "
        "--deleted the deleted ones)",
        Refusal.UNDER_WAY: f"session {number} is still under way; correct it once it has ended",
        Refusal.NO_PART: f"session {number} has no {part} recorded (footdesk history --json shows its steps "
        "and sides; a part it never reached cannot be marked done)",
        Refusal.ALREADY_DONE: f"{part} in session {number} is completed already",
        Refusal.NOT_MARKED: f"{part} in session {number} was not marked done" if refused.step
        else "that correction is taken back already",
        Refusal.NOT_DELETED: f"session {number} is not deleted (footdesk history --deleted lists them)",
    }  # fmt: skip
    return f"{words[refused.refusal]}; nothing was changed"


def correction_not_saved(reason: str, name: str | None) -> str:
    return f"The correction was not saved: {history_why(reason, name)}. Nothing was changed."


def correction_list_line(correction: Correction, routine_title: str, step_title: str, at: str,
                         undone_at: str | None) -> str:  # fmt: skip
    """A line of ``footdesk history --corrections``: what was there before, when, and whether it was taken back."""
    from footdesk.history import CorrectionKind

    label = session_label(correction.session, routine_title)
    when = at[:16].replace("T", " ")
    if correction.kind is CorrectionKind.PAIN:
        what = (f"lower-back rating {rating_words(correction.pain_before)} → "
                f"{rating_words(correction.pain_after)}")  # fmt: skip
    else:
        before = outcome_words(correction.outcome_before or Outcome.SKIPPED, correction.actual_before)
        if correction.actual_before:
            before += f" after {done_clock_text(correction.actual_before)}"
        what = f"{part_words(step_title or correction.step or '', correction.side)} marked done (was {before})"
    taken_back = f", taken back {undone_at[:16].replace('T', ' ')}" if undone_at else ""
    return f"{label}: {what}, {when}{taken_back}"


# Backups -------------------------------------------------------------------------------


def backup_contents_lines(contents: Contents) -> list[str]:
    """What a backup holds, as the terminal and the window's confirmation say it."""
    made = contents.made_at.replace("T", " ")[:16]
    lines = [f"A footdesk backup made {made} (footdesk {contents.footdesk_version}):"]
    if not contents.holds("history.sqlite3"):
        lines.append("  History: none")
    elif contents.sessions and contents.first_day and contents.last_day:
        first, last = contents.first_day, contents.last_day
        lines.append(f"  History: {plural(contents.sessions, 'session')}, {first.day} {first:%b %Y} to "
                     f"{last.day} {last:%b %Y}")  # fmt: skip
    else:
        lines.append("  History: no sessions yet")
    if contents.questionnaires:
        lines.append(f"  Back questionnaires: {plural(contents.questionnaires, 'score')}")
    if contents.routines:
        shown = ", ".join(f"{routine.title} ({routine.id})" for routine in contents.routines)
        lines.append(f"  Routines of your own: {shown}")
    else:
        lines.append("  Routines of your own: none")
    lines.append(f"  Settings: {'yes' if contents.holds('settings.toml') else 'none (the defaults)'}")
    lines.extend(f"  Left out when it was made: {line}" for line in contents.left_out)
    return lines


RESTORE_PLAN = (
    "Restoring moves all your current footdesk data (history, settings, routines) aside, whole, into a folder "
    "named before-restore-<date> beside it (nothing is deleted), and puts the backup's data in its place. "
    "Nothing is merged."
)


def restored_lines(aside: Sequence[Path]) -> list[str]:
    if not aside:
        return ["Restored. There was no data before to move aside."]
    return ["Restored. Your data from before is kept in:", *(f"  {folder}" for folder in aside)]


# The report for the physiotherapist and the calendar ---------------------------------


REPORT_NOTE = (
    "Made with footdesk, an exercise timer, not medical care. The days, the lower back and the check-ins are "
    "what the person recorded; a day counts as done when the routine was completed as many times as it asks."
)
REPORT_WEEKS_HEADING = "Week by week: days done of the days prescribed, and the lower back"
REPORT_EXERCISES_HEADING = "How each exercise felt: the check-ins right after it"
REPORT_SCORES_HEADING = "Questionnaires: each score with its date and its change since the first"
REPORT_NOTES_HEADING = "Notes the person wrote after a session"
REPORT_WEEK_HEADINGS = ("Week", "Dates", "Phase of the plan", "Days done", "Lower back (mean)")
REPORT_EXERCISE_HEADINGS = ("Exercise", "Easy", "About right", "Hard", "Pain during it (0–10)")
REPORT_SCORE_HEADINGS = ("Questionnaire", "Date", "Score", "Change since the first")


def report_title(routine_title: str) -> str:
    return f"{routine_title} — report for the physiotherapist"


def report_span_line(first: date, last: date, weeks: int, made_on: date) -> str:
    """ "12 weeks: 14 Sep – 6 Dec 2026 · made 7 Dec 2026"."""
    return f"{plural(weeks, 'week')}: {day_span(first, last)} · made {made_on.day} {made_on:%b %Y}"


def report_dose_line(times_a_day: int, days_a_week: int, the_routines: bool) -> str:
    """ "Dose: twice a day, 5 days a week" (the routine's own, or the weekly goal of Settings)."""
    whose = "" if the_routines else " (the weekly goal in Settings)"
    return f"Dose: {times_a_day_words(times_a_day)}, {plural(days_a_week, 'day')} a week{whose}"


def report_plan_line(plan: str | None) -> str:
    return f"Plan: {plan}" if plan else "No plan over weeks: the numbers are the routine's own."


def report_week_cells(label: str, first: date, last: date, phases: Sequence[str], started: bool, days_done: int,
                      prescribed: int, pain: float | None) -> tuple[str, ...]:  # fmt: skip
    """One row of the weeks' table: the review's days done (of the days
    prescribed) and the lower back's mean for the week."""
    dates = f"{first.day} {first:%b} – {last.day} {last:%b}"
    days = f"{days_done} of {prescribed}" if started else "–"
    return label, dates, " · ".join(phases) or "–", days, "–" if pain is None else mean_text(pain)


def report_days_rule(times_a_day: int) -> str:
    return (f"A day is done when the routine was completed {times_a_day_words(times_a_day)}; the lower back is "
            "the mean of the days' ratings (0 none – 10 worst), as footdesk's review shows them; – before the "
            "first session, or no rating.")  # fmt: skip


def report_exercise_cells(title: str, easy: int, about_right: int, hard: int, pains: Sequence[int],
                          mean: float | None) -> tuple[str, ...]:  # fmt: skip
    if mean is None:
        return title, str(easy), str(about_right), str(hard), "no answer"
    pain = f"mean {mean_text(mean)}, {min(pains)} to {max(pains)} ({plural(len(pains), 'answer')})"
    return title, str(easy), str(about_right), str(hard), pain


def report_no_sessions(routine_title: str, weeks: int) -> str:
    return f"No sessions of {routine_title} in these {plural(weeks, 'week')}: the report holds the programme alone."


def report_no_check_ins() -> str:
    return "No check-ins after the exercises in these weeks."


def report_note_line(day: date, note: str) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}  {note}"


def report_others_line(others: Mapping[str, int]) -> str:
    done = ", ".join(f"{title} ({plural(count, 'session')})" for title, count in others.items())
    return f"Also done in these weeks, not in this report: {done}."


def report_score_cells(name: str, day: date, score: float, change: float | None, first: bool) -> tuple[str, ...]:
    """``change`` None after the first: a PSFS with other activities than the first."""
    changed = "first" if first else CHANGE_OTHER_ACTIVITIES if change is None else _signed(change)
    return name, f"{day.day} {day:%b %Y}", f"{score:g}", changed


def _signed(change: float) -> str:
    """+3, -1.5, +1.3 (a PSFS's mean over activities may be a third)."""
    return f"{change:+.1f}".rstrip("0").rstrip(".")


def report_written(title: str, weeks: int, sessions: int, paper: str, path: Path) -> str:
    return f"The report on {title} ({plural(weeks, 'week')}, {plural(sessions, 'session')}, {paper}) written to {path}"


def calendar_summary(routine_title: str, index: int, times: int) -> str:
    """A calendar event's title: "Knee care" ("Knee care (2 of 2 today)" for the second of two)."""
    return routine_title if times == 1 else f"{routine_title} ({index} of {times} today)"


def calendar_description(times_a_day: int, days_a_week: int, until: date | None) -> str:
    end = f" until {until.day} {until:%b %Y}, the end of the plan" if until is not None else ""
    return (f"footdesk: {times_a_day_words(times_a_day)}, {plural(days_a_week, 'day')} a week{end}. "
            "Open footdesk and press Space to start.")  # fmt: skip


def calendar_written(title: str, reminders: int, path: Path) -> str:
    return f"{plural(reminders, 'reminder')} a day for {title} written to {path}: import it into your calendar app"


NO_REMINDER_FOR_CALENDAR = (
    "no daily reminder time is set: choose one in Settings → Daily reminder (or [reminder] time in settings.toml), "
    "then the calendar has its times; nothing was written"
)


# Back questionnaires ---------------------------------------------------------------

QUESTIONNAIRE_NAMES = {"rmdq": "Roland-Morris", "psfs": "PSFS", "odi": "Oswestry"}
"""Short names, by ``questionnaires.Instrument`` value."""
QUESTIONNAIRE_TITLES = {
    "rmdq": "Roland-Morris Disability Questionnaire",
    "psfs": "Patient-Specific Functional Scale",
    "odi": "Oswestry Disability Index",
}
QUESTIONNAIRE_DIRECTION = {
    "rmdq": "0 to 24, lower is better",
    "psfs": "0 to 10, higher is better",
    "odi": "0 to 100 %, lower is better",
}
QUESTIONNAIRE_CSV_COLUMNS = ("date", "instrument", "score", "max_score", "answered_at", "answers")


def questionnaire_offer_text(weeks_since: int | None) -> str:
    """The calm line on the home screen when the back questionnaires are due."""
    if weeks_since is None:
        return "How is your back affecting your days? Two short back questionnaires, a few minutes."
    if weeks_since < 1:
        return "Time for your back questionnaires again."
    words = ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve")
    count = words[weeks_since - 1] if weeks_since <= len(words) else str(weeks_since)
    return f"{count} {'week' if weeks_since == 1 else 'weeks'} since your last back questionnaire."


def questionnaire_not_saved(reason: str, name: str | None, done: str = "questionnaire was not saved") -> str:
    return f"The {done}: {history_why(reason, name)}."


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def score_text(instrument: str, score: float) -> str:
    """ "Roland-Morris 7 of 24", "PSFS 6.3 of 10", "Oswestry 32 %"."""
    name = QUESTIONNAIRE_NAMES[instrument]
    if instrument == "odi":
        return f"{name} {_number(score)} %"
    return f"{name} {_number(score)} of {10 if instrument == 'psfs' else 24}"


CHANGE_OTHER_ACTIVITIES = "other activities than the first"
"""A PSFS that shares no activity with the first: no change to say."""


def change_text(change: float | None, lower_is_better: bool) -> str:
    """The change since the first in words: "3 lower than the first (better)"."""
    if change is None:
        return CHANGE_OTHER_ACTIVITIES
    if change == 0:
        return "the same as the first"
    better = (change < 0) == lower_is_better
    way = "lower" if change < 0 else "higher"
    return f"{_number(abs(change))} {way} than the first ({'better' if better else 'worse'})"


def questionnaire_week_line(records: Sequence[Answered]) -> str | None:
    """The review's week: the questionnaires answered in it, in one line (None: none)."""
    if not records:
        return None
    said = [f"{score_text(r.instrument.value, r.score)} ({r.taken_on:%a} {r.taken_on.day})" for r in records]
    return "Back questionnaires: " + " · ".join(said)


def questionnaire_list_text(scores: Sequence[Score]) -> str:
    """``footdesk questionnaire --list``: each score with its id (to delete it),
    its date and its change since the first."""
    if not scores:
        return "No back questionnaire answered yet (footdesk offers them on the home screen).\n"
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
    return f"score {record.id} ({score_text(record.instrument.value, record.score)} on {record.taken_on.isoformat()})"


def questionnaire_deleted_text(record: Answered) -> str:
    return (f"Deleted {questionnaire_label(record)}: the review, the report and the exports leave it out. It is "
            f"kept, not erased: footdesk questionnaire --undelete {record.id} brings it back.")  # fmt: skip


def questionnaire_undeleted_text(record: Answered) -> str:
    return f"Brought back {questionnaire_label(record)}."


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
        said = f"{path} could not be read ({whole.message})."
    else:
        said = f"{path} has {plural(len(problems), 'value')} footdesk could not use."
    return f"{said}\n\nSaving writes the settings shown in the dialog. A copy of the current file is kept beside it."
