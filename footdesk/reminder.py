"""When the daily reminder is due: at most once a day for each time a day the
routine in use asks for, never for a day already done.

A reminder is a nudge, not an alarm clock. If the computer was asleep or off
at the set time, one reminder comes when footdesk next looks (missed days do
not pile up into a stack of notifications), and none comes once today's
routine is done or today's reminder was already shown.

A reminder that is out can be snoozed: it comes back at an instant (in 10
minutes, in an hour), or not before tomorrow's time. A snooze moves the
reminder of the day it was shown for; once a newer day's reminder time has
passed it is stale, so a laptop opened days later still gets one reminder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import Enum

from footdesk.i18n import N_, _, weekday_name

# TRANSLATORS: the daily reminder's headline (a notification's title: keep it short)
TITLE = N_("Time for your feet")
"""The reminder's headline, in the notification, the tray balloon and the window
(marked for the catalog: looked up with ``_`` where shown)."""
START_LABEL = N_("Start the routine")
MAX_REMINDERS_A_DAY = 3
"""One for each time a day a routine's dose may ask for."""
REMINDER_CUE = "routine-done"
"""The tone that sounds the reminder (a window across the room is easy to miss)."""


class Snooze(Enum):
    """How long a reminder that is out can be put off."""

    TEN_MINUTES = "snooze-10m"
    ONE_HOUR = "snooze-1h"
    TOMORROW = "snooze-tomorrow"

    @property
    def label(self) -> str:
        """The button's words, in the person's language."""
        return _(_SNOOZE_LABELS[self])


_SNOOZE_LABELS = {
    # TRANSLATORS: buttons of the reminder: when it comes back
    Snooze.TEN_MINUTES: N_("In 10 minutes"),
    Snooze.ONE_HOUR: N_("In an hour"),
    Snooze.TOMORROW: N_("Tomorrow"),
}
_SNOOZE_DELAYS = {Snooze.TEN_MINUTES: timedelta(minutes=10), Snooze.ONE_HOUR: timedelta(hours=1)}


@dataclass(frozen=True)
class ReminderMemory:
    """What the reminder remembers between runs (kept in the app state)."""

    shown_on: date | None = None
    """The day whose reminder was last shown."""
    snoozed_until: datetime | None = None
    """When a snoozed reminder comes back (aware local time), if one was snoozed."""
    shown_number: int = 1
    """Which of that day's reminders was shown last (1, 2 or 3 in the order of
    the clock): a routine done twice a day has two a day."""


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


_TYPED_DIGITS = re.compile(r"([0-9]{1,2})([0-9]{2})")
_COULD_BECOME_TIME = re.compile(r"[0-9]{0,2}(:[0-9]{0,2})?|[0-9]{3,4}")


def typed_time_of_day(text: str) -> time | None:
    """A time typed into a field: "18:30", "7:05", or digits alone ("0930",
    "715"); None for anything else (the settings file takes ``parse_time_of_day``'s forms only)."""
    text = text.strip()
    digits = _TYPED_DIGITS.fullmatch(text)
    if digits:
        text = f"{digits[1]}:{digits[2]}"
    try:
        return parse_time_of_day(text)
    except ValueError:
        return None


def could_become_time_of_day(text: str) -> bool:
    """What is typed may still become a time ("1", "18:", "18:3")."""
    return _COULD_BECOME_TIME.fullmatch(text.strip()) is not None


def time_of_day_text(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def _day_times(at: time, later: Sequence[time]) -> list[time]:
    """The day's reminder times in the order of the clock."""
    return sorted((at, *later))


def times_reached(now: datetime, at: time, later: Sequence[time] = ()) -> int:
    """How many of today's reminder times have come by ``now``: the number of
    the reminder that is wanted now, if its time a day is not done yet."""
    return sum(1 for moment in _day_times(at, later) if now.time() >= moment)


def _latest_time(now: datetime, at: time, later: Sequence[time] = ()) -> datetime:
    """The last moment one of the daily times came round, at or before ``now``."""
    moments = (datetime.combine(now.date(), moment, tzinfo=now.tzinfo) for moment in (at, *later))
    return max(moment if now >= moment else moment - timedelta(days=1) for moment in moments)


def _next_time(now: datetime, at: time, later: Sequence[time] = ()) -> datetime:
    """The next moment one of the daily times comes round, after ``now``."""
    moments = (datetime.combine(now.date(), moment, tzinfo=now.tzinfo) for moment in (at, *later))
    return min(moment if now < moment else moment + timedelta(days=1) for moment in moments)


def snooze_live(now: datetime, at: time, snoozed_until: datetime | None, later: Sequence[time] = ()) -> bool:
    """A snooze counts until a newer reminder time has passed."""
    return snoozed_until is not None and snoozed_until >= _latest_time(now, at, later)


def reminder_due(
    now: datetime,
    at: time,
    last_shown: date | None,
    done_today: bool,
    snoozed_until: datetime | None = None,
    *,
    later: Sequence[time] = (),
    times_done: int = 0,
    shown_number: int = 1,
) -> bool:
    """``now`` is local wall time: the person sets the reminder by their clock.

    A routine done more than once a day has a reminder time for each time
    (``later``: the times after ``at``'s, in any order). The k-th reminder by
    the clock is due from its time while the routine was done fewer than k
    times today (``times_done``) and it was not shown yet (``last_shown`` and
    ``shown_number``, the number of the day's reminder last shown): after the
    first session the second reminder still comes, after two none does. Times
    missed while the computer slept give one reminder, not one each."""
    if done_today:
        return False
    reached = times_reached(now, at, later)
    snoozed = snoozed_until is not None and snooze_live(now, at, snoozed_until, later) and now >= snoozed_until
    if snoozed and times_done < max(reached, 1):
        return True
    return times_done < reached and not (last_shown == now.date() and shown_number >= reached)


def next_reminder_check(
    now: datetime,
    at: time,
    last_shown: date | None,
    done_today: bool,
    snoozed_until: datetime | None = None,
    *,
    later: Sequence[time] = (),
    times_done: int = 0,
    shown_number: int = 1,
) -> datetime:
    """The next moment the answer of ``reminder_due`` can change by time alone:
    a snooze's instant, the next reminder time today if one is still ahead, otherwise tomorrow's first."""
    due = reminder_due(now, at, last_shown, done_today, snoozed_until, later=later, times_done=times_done,
                       shown_number=shown_number)  # fmt: skip
    if due:
        return now
    regular = _next_time(now, at, later)
    if snoozed_until is not None and snooze_live(now, at, snoozed_until, later) and snoozed_until > now:
        return min(regular, snoozed_until)
    return regular


def after_shown(now: datetime, at: time, memory: ReminderMemory, later: Sequence[time] = ()) -> ReminderMemory:
    """What to remember once a reminder went out: today's (the one whose time
    came last) is shown once a daily time has come (a snooze that comes back
    after midnight still belongs to yesterday, so today's reminder still
    comes), and any snooze is used up."""
    reached = times_reached(now, at, later)
    if reached:
        return ReminderMemory(shown_on=now.date(), snoozed_until=None, shown_number=reached)
    return replace(memory, snoozed_until=None)


def after_snooze(now: datetime, memory: ReminderMemory, choice: Snooze, later: Sequence[time] = ()) -> ReminderMemory:
    """The reminder that is out comes back after the chosen delay; "tomorrow"
    means nothing more until tomorrow's time (today's ``later`` reminders of a
    routine done more than once a day included: the button says tomorrow)."""
    delay = _SNOOZE_DELAYS.get(choice)
    if delay is None and memory.shown_on == now.date():
        return replace(memory, snoozed_until=None, shown_number=max(memory.shown_number, 1 + len(later)))
    return replace(memory, snoozed_until=now + delay if delay is not None else None)


def next_reminder(
    now: datetime,
    at: time,
    memory: ReminderMemory,
    done_today: bool,
    *,
    later: Sequence[time] = (),
    times_done: int = 0,
) -> datetime:
    """When the next reminder comes, as the person should expect it (``now``
    when one is due): tomorrow's first once today's routine is done, the next
    time today whose reminder is still wanted, a live snooze's instant if that is sooner."""
    due = reminder_due(now, at, memory.shown_on, done_today, memory.snoozed_until, later=later,
                       times_done=times_done, shown_number=memory.shown_number)  # fmt: skip
    if due:
        return now
    times = _day_times(at, later)
    tomorrow_at = datetime.combine(now.date() + timedelta(days=1), times[0], tzinfo=now.tzinfo)
    if done_today:
        return tomorrow_at
    shown_today = memory.shown_number if memory.shown_on == now.date() else 0
    ahead = [
        datetime.combine(now.date(), moment, tzinfo=now.tzinfo)
        for number, moment in enumerate(times, 1)
        if now.time() < moment and number > max(times_done, shown_today)
    ]
    regular = ahead[0] if ahead else tomorrow_at
    snoozed = memory.snoozed_until
    if snoozed is not None and snooze_live(now, at, snoozed, later):
        return min(regular, snoozed)
    return regular


def _when(now: datetime, when: datetime, sentences: tuple[str, str, str]) -> str:
    """One of three whole sentences, by the day of ``when``: today ("… at 18:30"),
    tomorrow ("… tomorrow at 18:30"), a later day ("… on Friday at 18:30");
    each may hold ``{time}`` and ``{weekday}``."""
    days = (when.date() - now.date()).days
    sentence = sentences[0] if days <= 0 else sentences[1] if days == 1 else sentences[2]
    return sentence.format(time=time_of_day_text(when.time()), weekday=weekday_name(when.date()))


def next_reminder_text(
    now: datetime,
    at: time | None,
    memory: ReminderMemory,
    done_today: bool,
    pending: bool = False,
    *,
    later: Sequence[time] = (),
    times_done: int = 0,
) -> str:
    """The one sentence for when the next reminder comes (the home screen, the
    tray's tooltip): "Next reminder at 18:30", "Today's routine is done: next
    reminder tomorrow at 18:30"; "" when no reminder is set."""
    if at is None:
        return ""
    if pending and not done_today:
        return _("Reminder out now")
    when = next_reminder(now, at, memory, done_today, later=later, times_done=times_done)
    if when <= now:
        return _("Reminder due now")
    if done_today:
        done = (
            _("Today's routine is done: next reminder at {time}"),
            _("Today's routine is done: next reminder tomorrow at {time}"),
            # TRANSLATORS: {weekday} is a day's full name ("Friday")
            _("Today's routine is done: next reminder on {weekday} at {time}"),
        )
        return _when(now, when, done)
    return _when(
        now,
        when,
        (
            _("Next reminder at {time}"),
            _("Next reminder tomorrow at {time}"),
            _("Next reminder on {weekday} at {time}"),
        ),
    )


def snoozed_text(
    now: datetime, at: time, memory: ReminderMemory, choice: Snooze, *, later: Sequence[time] = (), times_done: int = 0
) -> str:
    """What a snooze did, said at once ("Reminder in 10 minutes (at 18:40).",
    "Reminder tomorrow at 18:30."); ``memory`` is what was remembered after it."""
    when = next_reminder(now, at, memory, done_today=False, later=later, times_done=times_done)
    if choice is Snooze.TOMORROW:
        tomorrow = (
            _("Reminder today at {time}."),
            _("Reminder tomorrow at {time}."),
            _("Reminder on {weekday} at {time}."),
        )
        return _when(now, when, tomorrow)
    if choice is Snooze.TEN_MINUTES:
        soon = (
            _("Reminder in 10 minutes (at {time})."),
            _("Reminder in 10 minutes (tomorrow at {time})."),
            _("Reminder in 10 minutes (on {weekday} at {time})."),
        )
        return _when(now, when, soon)
    later_on = (
        _("Reminder in an hour (at {time})."),
        _("Reminder in an hour (tomorrow at {time})."),
        _("Reminder in an hour (on {weekday} at {time})."),
    )
    return _when(now, when, later_on)
