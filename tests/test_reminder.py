from __future__ import annotations

from datetime import date, datetime, time

import pytest

from footdesk.reminder import next_reminder_check, parse_time_of_day, reminder_due, time_of_day_text

AT = time(18, 30)
DAY = date(2026, 11, 24)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


@pytest.mark.parametrize(("text", "expected"), [("18:30", time(18, 30)), ("7:05", time(7, 5)), (" 00:00 ", time(0))])
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
