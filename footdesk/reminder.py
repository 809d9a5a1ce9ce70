"""When the daily reminder is due: at most once a day, never for a day already done.

A reminder is a nudge, not an alarm clock. If the computer was asleep or off
at the set time, one reminder comes when footdesk next looks (missed days do
not pile up into a stack of notifications), and none comes once today's
routine is done or today's reminder was already shown.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

_TIME_OF_DAY = re.compile(r"([0-9]{1,2}):([0-9]{2})")


def parse_time_of_day(text: str) -> time:
    """ "18:30" or "7:05" (24-hour clock) as a time; ValueError says what is wrong."""
    match = _TIME_OF_DAY.fullmatch(text.strip())
    if not match:
        raise ValueError(f'"{text}" is not a time of day like "18:30"')
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        raise ValueError(f'"{text}" is not a time of day (00:00 to 23:59)')
    return time(hours, minutes)


def time_of_day_text(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def reminder_due(now: datetime, at: time, last_shown: date | None, done_today: bool) -> bool:
    """``now`` is local wall time: the person sets the reminder by their clock."""
    today = now.date()
    return now.time() >= at and last_shown != today and not done_today


def next_reminder_check(now: datetime, at: time, last_shown: date | None, done_today: bool) -> datetime:
    """The next moment the answer of ``reminder_due`` can change by time alone:
    today's reminder time if it is still ahead, otherwise tomorrow's."""
    today_at = datetime.combine(now.date(), at, tzinfo=now.tzinfo)
    if now < today_at:
        return today_at
    if reminder_due(now, at, last_shown, done_today):
        return now
    return datetime.combine(now.date() + timedelta(days=1), at, tzinfo=now.tzinfo)
