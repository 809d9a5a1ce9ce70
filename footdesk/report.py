"""History as text a person reads, JSON a program reads, and CSV a spreadsheet
opens: shared by the terminal commands and the review window."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from footdesk.history import DaySummary, SessionRecord, WeekSummary

DAY_MARKS = {
    "done": ("✓", "done"),
    "partial": ("◐", "partly done"),
    "missed": ("✗", "missed"),
    "rest": ("☾", "rest day"),
    "today": ("○", "today, not yet"),
    "upcoming": ("·", ""),
}
STREAK_RULE = "Today not done yet does not break a streak; a rest day neither breaks it nor adds to it."
CSV_COLUMNS = (
    "session_id", "date", "routine", "session_status", "pain",
    "step", "side", "planned_s", "actual_s", "completed", "skipped", "outcome", "started_at", "ended_at",
)  # fmt: skip


def week_title(summary: WeekSummary) -> str:
    first, last = summary.first, summary.last
    span = f"{first:%a} {first.day} {first:%b} – {last:%a} {last.day} {last:%b %Y}"
    return f"Week {summary.year}-W{summary.week:02d} ({span})"


def day_line(day: DaySummary) -> str:
    mark, words = DAY_MARKS[day.state]
    parts = [f"{day.day:%a %d %b}", f"{mark} {words:<14}"]
    parts.append(f"{round(day.minutes):>3} min" if day.minutes else " " * 7)
    parts.append(f"{day.habits} habit{'s' if day.habits != 1 else ''} kept" if day.habits else " " * 13)
    if day.pain is not None:
        parts.append(f"lower back {day.pain}/10")
    return "  ".join(parts).rstrip()


def pain_trend(summary: WeekSummary) -> str | None:
    pains = summary.pains
    if not pains:
        return None
    values = " → ".join(str(pain) for _, pain in pains)
    return f"Lower back (0 none – 10 worst): {values}"


def week_text(summary: WeekSummary) -> str:
    lines = [f"footdesk — {week_title(summary)}", ""]
    lines += [f"  {day_line(day)}" for day in summary.days]
    lines.append("")
    lines.append(
        f"  {summary.days_done} of 7 days done · {round(summary.minutes)} min of exercise · "
        f"{summary.habits} habit{'s' if summary.habits != 1 else ''} kept"
    )
    lines.append(
        f"  Streak: {summary.current_streak} day{'s' if summary.current_streak != 1 else ''} "
        f"(longest {summary.longest_streak}). {STREAK_RULE}"
    )
    trend = pain_trend(summary)
    if trend:
        lines.append(f"  {trend}")
    return "\n".join(lines) + "\n"


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
                session.id, session.local_date.isoformat(), session.routine, session.status,
                "" if session.pain is None else session.pain,
                run.step, run.side or "", "" if run.planned_s is None else run.planned_s, data["actual_s"],
                data["completed"], data["skipped"], run.outcome, run.started_at, run.ended_at,
            ])  # fmt: skip
    return "\ufeff" + out.getvalue()
