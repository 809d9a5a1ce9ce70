from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from footdesk.reminder import (
    ReminderMemory,
    Snooze,
    after_shown,
    after_snooze,
    next_reminder_check,
    parse_time_of_day,
    reminder_due,
    time_of_day_text,
)

AT = time(18, 30)
DAY = date(2026, 11, 24)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18:30", time(18, 30)), ("7:05", time(7, 5)), (" 00:00 ", time(0)), ("23:59", time(23, 59))],
)
def test_times_of_day_parse(text, expected):
    assert parse_time_of_day(text) == expected
    assert parse_time_of_day(time_of_day_text(expected)) == expected


@pytest.mark.parametrize("text", ["", "6pm", "18.30", "24:00", "12:60", "1830", "18:3", "-1:30", "１８:30"])
def test_other_text_is_not_a_time_of_day(text):
    with pytest.raises(ValueError, match="time of day"):
        parse_time_of_day(text)


def test_due_from_the_set_time_until_shown_or_done():
    assert not reminder_due(at(18, 29), AT, None, False)
    assert reminder_due(at(18, 30), AT, None, False)
    assert reminder_due(at(23, 59), AT, date(2026, 11, 23), False)
    assert not reminder_due(at(19), AT, DAY, False)  # shown today
    assert not reminder_due(at(19), AT, None, True)  # today's routine is done


def test_a_week_away_gives_one_reminder_not_seven():
    back = at(20, day=date(2026, 12, 1))
    assert reminder_due(back, AT, date(2026, 11, 24), False)
    # once shown, nothing more until tomorrow's time
    assert next_reminder_check(back, AT, back.date(), False) == at(18, 30, date(2026, 12, 2))


def test_next_check_is_the_next_moment_it_can_change():
    assert next_reminder_check(at(9), AT, None, False) == at(18, 30)
    assert next_reminder_check(at(19), AT, None, False) == at(19)  # due now
    assert next_reminder_check(at(19), AT, None, True) == at(18, 30, date(2026, 11, 25))


def snoozed(now: datetime, choice: Snooze) -> ReminderMemory:
    """Today's reminder shown at ``now`` and snoozed straight away."""
    return after_snooze(now, after_shown(now, AT, ReminderMemory()), choice)


def test_a_snooze_brings_the_reminder_back_once_at_its_instant():
    memory = snoozed(at(18, 30), Snooze.TEN_MINUTES)
    assert memory == ReminderMemory(DAY, at(18, 40))
    assert not reminder_due(at(18, 39), AT, DAY, False, memory.snoozed_until)
    assert next_reminder_check(at(18, 31), AT, DAY, False, memory.snoozed_until) == at(18, 40)
    assert reminder_due(at(18, 40), AT, DAY, False, memory.snoozed_until)
    shown = after_shown(at(18, 40), AT, memory)
    assert shown == ReminderMemory(DAY, None)  # used up: nothing more today
    assert not reminder_due(at(23, 59), AT, shown.shown_on, False, shown.snoozed_until)
    assert next_reminder_check(at(18, 41), AT, DAY, False, None) == at(18, 30, date(2026, 11, 25))


def test_an_hour_and_tomorrow():
    assert snoozed(at(19), Snooze.ONE_HOUR).snoozed_until == at(20)
    tomorrow = snoozed(at(19), Snooze.TOMORROW)
    assert tomorrow == ReminderMemory(DAY, None)
    assert not reminder_due(at(23), AT, DAY, False, None)
    assert reminder_due(at(18, 30, date(2026, 11, 25)), AT, tomorrow.shown_on, False, None)


def test_a_done_routine_silences_a_snooze():
    memory = snoozed(at(18, 30), Snooze.ONE_HOUR)
    assert not reminder_due(at(19, 30), AT, DAY, True, memory.snoozed_until)
    assert next_reminder_check(at(19, 30), AT, DAY, True, memory.snoozed_until) == at(18, 30, date(2026, 11, 25))


def test_a_snooze_past_midnight_is_yesterdays_and_todays_reminder_still_comes():
    memory = snoozed(at(23, 30), Snooze.ONE_HOUR)
    after_midnight = at(0, 30, date(2026, 11, 25))
    assert memory.snoozed_until == after_midnight
    assert reminder_due(after_midnight, AT, memory.shown_on, False, memory.snoozed_until)
    shown = after_shown(after_midnight, AT, memory)
    assert shown == ReminderMemory(DAY, None)
    assert reminder_due(at(18, 30, date(2026, 11, 25)), AT, shown.shown_on, False, None)


def test_a_snooze_missed_while_away_gives_one_reminder_not_two():
    memory = snoozed(at(18, 30), Snooze.ONE_HOUR)
    # back three days later before the reminder time: the old snooze is stale, nothing yet
    back = at(10, day=date(2026, 11, 27))
    assert not reminder_due(back, AT, memory.shown_on, False, memory.snoozed_until)
    assert next_reminder_check(back, AT, memory.shown_on, False, memory.snoozed_until) == at(18, 30, back.date())
    # back after the time: one reminder, and it uses up both
    later = at(20, day=date(2026, 11, 27))
    assert reminder_due(later, AT, memory.shown_on, False, memory.snoozed_until)
    shown = after_shown(later, AT, memory)
    assert not reminder_due(later + timedelta(minutes=5), AT, shown.shown_on, False, shown.snoozed_until)


def test_a_typed_time_takes_the_clock_form_or_digits_alone():
    from footdesk.reminder import could_become_time_of_day, typed_time_of_day

    assert typed_time_of_day("7:15") == time(7, 15)
    assert typed_time_of_day("0930") == time(9, 30)
    assert typed_time_of_day("715") == time(7, 15)
    assert typed_time_of_day("24:00") is None and typed_time_of_day("1860") is None
    assert typed_time_of_day("") is None and typed_time_of_day("7") is None
    assert all(could_become_time_of_day(text) for text in ("", "1", "18", "18:", "18:3", "183"))
    assert not any(could_become_time_of_day(text) for text in ("a", "18:300", "1:2:3", "18305"))


def test_the_next_reminder_in_words():
    from footdesk.reminder import next_reminder_text

    nothing = ReminderMemory()
    assert next_reminder_text(at(9), None, nothing, False) == ""  # no reminder set: nothing to say
    assert next_reminder_text(at(9), AT, nothing, False) == "Next reminder at 18:30"
    assert next_reminder_text(at(9), AT, nothing, True) == "Today's routine is done: next reminder tomorrow at 18:30"
    assert next_reminder_text(at(19), AT, ReminderMemory(shown_on=DAY), False) == "Next reminder tomorrow at 18:30"
    assert next_reminder_text(at(19), AT, nothing, False) == "Reminder due now"
    assert next_reminder_text(at(19), AT, nothing, False, pending=True) == "Reminder out now"
    snoozed = ReminderMemory(shown_on=DAY, snoozed_until=at(18, 40).astimezone())
    now = at(18, 30).astimezone()
    assert next_reminder_text(now, AT, snoozed, False) == "Next reminder at 18:40"
    assert next_reminder_text(now, AT, snoozed, True) == "Today's routine is done: next reminder tomorrow at 18:30"
    # a snooze into the small hours belongs to yesterday: today's still comes
    late = ReminderMemory(shown_on=DAY, snoozed_until=at(0, 20, DAY + timedelta(days=1)).astimezone())
    assert next_reminder_text(at(23, 50).astimezone(), AT, late, False) == "Next reminder tomorrow at 00:20"


def test_a_snooze_says_when_the_reminder_comes_back():
    from footdesk.reminder import snoozed_text

    now = at(18, 30).astimezone()
    shown = after_shown(now, AT, ReminderMemory())
    for choice, expected in (
        (Snooze.TEN_MINUTES, "Reminder in 10 minutes (at 18:40)."),
        (Snooze.ONE_HOUR, "Reminder in an hour (at 19:30)."),
        (Snooze.TOMORROW, "Reminder tomorrow at 18:30."),
    ):
        assert snoozed_text(now, AT, after_snooze(now, shown, choice), choice) == expected
    # put off "until tomorrow" after midnight, from yesterday's reminder: today's time is next
    small_hours = at(0, 30, DAY + timedelta(days=1)).astimezone()
    after = after_snooze(small_hours, ReminderMemory(shown_on=DAY), Snooze.TOMORROW)
    assert snoozed_text(small_hours, AT, after, Snooze.TOMORROW) == "Reminder today at 18:30."


def test_the_reminder_sounds_a_tone_footdesk_ships():
    from footdesk.cues import TONES
    from footdesk.reminder import REMINDER_CUE

    assert REMINDER_CUE in TONES  # every tone has its file (test_cues): the alert is never silent


def test_a_snooze_counts_until_a_newer_days_time_has_come_to_the_minute():
    from footdesk.reminder import snooze_live

    yesterday, two_days_ago = DAY - timedelta(days=1), DAY - timedelta(days=2)
    assert not snooze_live(at(18, 30), AT, at(18, 40, yesterday))  # today's time, to the minute: yesterday's is stale
    assert snooze_live(at(18, 29), AT, at(18, 40, yesterday))  # a minute before it, it still counts
    assert not snooze_live(at(12), AT, at(18, 40, two_days_ago))  # a newer day's time (yesterday's) has passed
    assert snooze_live(at(18, 45), AT, at(18, 30))  # until exactly today's time: still today's snooze


def test_what_is_wrong_with_a_time_is_said_in_full():
    with pytest.raises(ValueError) as raised:
        parse_time_of_day("6pm")
    assert str(raised.value) == '"6pm" is not a time of day like "18:30"'
    with pytest.raises(ValueError) as raised:
        parse_time_of_day("24:00")
    assert str(raised.value) == '"24:00" is not a time of day (00:00 to 23:59)'


def test_shown_at_its_very_minute_the_next_check_is_tomorrows():
    assert next_reminder_check(at(18, 30), AT, DAY, False) == at(18, 30, DAY + timedelta(days=1))


def test_what_the_reminder_remembers_is_a_value():
    from dataclasses import FrozenInstanceError

    with pytest.raises(FrozenInstanceError):
        ReminderMemory().shown_on = DAY  # type: ignore[misc]


# More than once a day ------------------------------------------------------------------

MORNING, EVENING = time(8), time(18)


NOTHING_SHOWN = ReminderMemory()


def twice_due(now: datetime, done: int, memory: ReminderMemory = NOTHING_SHOWN) -> bool:
    """Due on a day with reminders at 08:00 and 18:00, the routine done ``done`` times."""
    return reminder_due(now, MORNING, memory.shown_on, False, memory.snoozed_until, later=(EVENING,),
                        times_done=done, shown_number=memory.shown_number)  # fmt: skip


def test_twice_a_day_the_second_reminder_comes_after_one_session_and_none_after_two():
    due = twice_due
    assert not due(at(7, 59), 0) and due(at(8), 0)
    first = after_shown(at(8), MORNING, ReminderMemory(), (EVENING,))
    assert first == ReminderMemory(DAY, None, 1)
    assert not due(at(12), 0, first)  # shown once
    assert due(at(18), 0, first) and due(at(18), 1, first)  # one session done: the second still comes
    assert not due(at(18), 2, first)  # both done: none
    assert not due(at(8, 30), 1)  # done before its time: that reminder does not come
    second = after_shown(at(18), MORNING, first, (EVENING,))
    assert second.shown_number == 2 and not due(at(19), 1, second)
    # away all day: one reminder at the evening, not two
    assert due(at(19), 0) and not due(at(19, 5), 0, after_shown(at(19), MORNING, ReminderMemory(), (EVENING,)))
    # the later time may come first on the clock: the order of the clock counts
    assert reminder_due(at(8), EVENING, None, False, later=(MORNING,), times_done=0)
    assert not reminder_due(at(8), EVENING, None, False, later=(MORNING,), times_done=1)


def test_twice_a_day_next_check_and_words():
    from footdesk.reminder import next_reminder_text

    later = (EVENING,)
    assert next_reminder_check(at(9), MORNING, DAY, False, later=later, times_done=1) == at(18)
    assert next_reminder_check(at(19), MORNING, DAY, False, later=later, times_done=2, shown_number=2) == at(
        8, day=date(2026, 11, 25))  # fmt: skip
    shown = ReminderMemory(DAY, None, 1)
    assert next_reminder_text(at(9), MORNING, shown, False, later=later, times_done=0) == "Next reminder at 18:00"
    assert next_reminder_text(at(7), MORNING, ReminderMemory(), False, later=later, times_done=1) == (
        "Next reminder at 18:00")  # fmt: skip
    assert next_reminder_text(at(7), MORNING, ReminderMemory(), False, later=later) == "Next reminder at 08:00"
    assert next_reminder_text(at(19), MORNING, ReminderMemory(DAY, None, 2), False, later=later, times_done=1) == (
        "Next reminder tomorrow at 08:00")  # fmt: skip
    assert next_reminder_text(at(9), MORNING, shown, True, later=later) == (
        "Today's routine is done: next reminder tomorrow at 08:00")  # fmt: skip


def test_a_snooze_of_a_reminder_whose_session_was_done_meanwhile_does_not_come_back():
    memory = after_snooze(at(8), after_shown(at(8), MORNING, ReminderMemory(), (EVENING,)), Snooze.ONE_HOUR)
    assert memory.shown_number == 1 and memory.snoozed_until == at(9)
    assert twice_due(at(9), 0, memory) and not twice_due(at(9), 1, memory)
    assert next_reminder_check(at(8, 30), MORNING, DAY, False, at(9), later=(EVENING,)) == at(9)


def test_tomorrow_puts_off_todays_later_reminders_too():
    shown = after_shown(at(8), MORNING, ReminderMemory(), (EVENING,))
    assert after_snooze(at(8, 5), shown, Snooze.TOMORROW).shown_number == 1  # no later times: as before
    tomorrow = after_snooze(at(8, 5), shown, Snooze.TOMORROW, (EVENING,))
    assert not twice_due(at(18), 0, tomorrow) and not twice_due(at(18), 1, tomorrow)
    assert twice_due(at(8, day=date(2026, 11, 25)), 0, tomorrow)
    # a snooze past midnight of yesterday's reminder leaves today's alone
    late = after_shown(at(23), MORNING, ReminderMemory(), (EVENING,))
    after_midnight = after_snooze(at(0, 10, date(2026, 11, 25)), late, Snooze.TOMORROW, (EVENING,))
    assert after_midnight.shown_number == 2 and twice_due(at(8, day=date(2026, 11, 25)), 0, after_midnight)


def test_a_memory_from_before_two_reminders_a_day_counts_its_reminder_as_the_first():
    assert reminder_due(at(18), MORNING, DAY, False, later=(EVENING,))
    assert next_reminder_check(at(18), MORNING, DAY, False, later=(EVENING,)) == at(18)


def test_the_next_reminder_of_two_a_day_in_words_at_the_edges():
    from footdesk.reminder import next_reminder_text

    yesterday = ReminderMemory(date(2026, 11, 23), None, 1)
    assert next_reminder_text(at(7), MORNING, yesterday, False, later=(EVENING,)) == "Next reminder at 08:00"
    # at 08:00 sharp with the first session done: that time is passed over, the evening's is next
    assert next_reminder_text(at(8), MORNING, NOTHING_SHOWN, False, later=(EVENING,), times_done=1) == (
        "Next reminder at 18:00")  # fmt: skip
    stale = ReminderMemory(date(2026, 11, 23), at(20, day=date(2026, 11, 23)), 1)  # a snooze from yesterday
    assert next_reminder_text(at(9), MORNING, stale, False, later=(EVENING,), times_done=1) == "Next reminder at 18:00"
