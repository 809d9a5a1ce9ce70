"""The daily reminders as a calendar file (``footdesk export plan.ics``).

iCalendar (RFC 5545), which every calendar app imports: one recurring event
per reminder time of the day (``[reminder] time``, then ``second_time`` and
``third_time`` for a routine done twice or three times a day), on the
routine's days (every day for 7 a week; fewer spread over the week,
``CALENDAR_DAYS``) from the plan's start, or today, until the plan's last day
(open-ended without a plan), each with an alarm at its time. Times are
floating (no time zone): the reminder is at 08:00 on the person's clock
wherever they are, as footdesk's own reminder is.

A routine's title is whatever its file says (the person's, or a
physiotherapist's): every text value is escaped and every line folded here,
so no title can end a line and start a property of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from footdesk import __version__
from footdesk.untrusted import without_controls

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
"""RFC 5545 3.1: a longer line is folded (a CRLF and a space), never inside a UTF-8 character."""
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CALENDAR_DAYS = {
    1: ("WE",),
    2: ("TU", "FR"),
    3: ("MO", "WE", "FR"),
    4: ("MO", "TU", "TH", "FR"),
    5: ("MO", "TU", "WE", "TH", "FR"),
    6: ("MO", "TU", "WE", "TH", "FR", "SA"),
}
"""The days of a routine done fewer than 7 days a week: spread over the week
with a rest between where there is room, the weekend free for 5 (a
physiotherapist's "5 days a week" is usually the working week). The person
moves them in their calendar app if their week is another."""
APP_ID = "io.github.footdesk.footdesk"


@dataclass(frozen=True)
class Reminder:
    """One recurring event: a reminder time of the day."""

    at: time
    summary: str
    description: str


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line
    breaks escaped; any other control character (a received title may hold
    one) made a space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [without_controls(line) for line in text.split("\n")]
    escaped = [line.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,") for line in lines]
    return "\\n".join(escaped)


def fold(line: str) -> str:
    """A content line folded at 75 octets: each further part starts with a space."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > MAX_LINE_OCTETS:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += octets
    parts.append(current)
    return CRLF.join(parts)


def calendar_days(days_a_week: int) -> tuple[str, ...]:
    """The weekdays (RFC 5545 codes) a routine of ``days_a_week`` days is on."""
    return CALENDAR_DAYS.get(max(1, days_a_week), WEEKDAYS)


def first_day(start: date, days: Sequence[str]) -> date:
    """The first day on or after ``start`` that is one of ``days``: an event
    begins on a day of its rule (RFC 5545 3.8.5.3)."""
    day = start
    while WEEKDAYS[day.weekday()] not in days:
        day += timedelta(days=1)
    return day


def rrule(days: Sequence[str], until: date | None) -> str:
    rule = "FREQ=DAILY" if len(days) == len(WEEKDAYS) else f"FREQ=WEEKLY;BYDAY={','.join(days)}"
    # the last day whole; UNTIL is floating like DTSTART (RFC 5545 3.3.10)
    return rule + (f";UNTIL={until:%Y%m%d}T235959" if until is not None else "")


def calendar_text(routine_id: str, reminders: Sequence[Reminder], days_a_week: int, start: date,
                  until: date | None, minutes: int, stamp: datetime) -> str:  # fmt: skip
    """The whole file. ``start``: the first day the reminders may fall on (the
    plan's start, or today); ``until``: the plan's last day, or None;
    ``minutes``: how long the routine takes (the event's length)."""
    days = calendar_days(days_a_week)
    begin = first_day(start, days)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//footdesk//footdesk {escape_text(__version__)}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]  # fmt: skip
    for reminder in reminders:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(f'{routine_id}-{reminder.at:%H%M}@{APP_ID}')}",
            f"DTSTAMP:{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"DTSTART:{datetime.combine(begin, reminder.at):%Y%m%dT%H%M%S}",
            f"DURATION:PT{max(1, minutes)}M",
            f"RRULE:{rrule(days, until)}",
            f"SUMMARY:{escape_text(reminder.summary)}",
            f"DESCRIPTION:{escape_text(reminder.description)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:PT0S",
            f"DESCRIPTION:{escape_text(reminder.summary)}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
