"""``footdesk export plan.ics``: the reminder times on the plan's days as an
iCalendar file, read back by a real RFC 5545 parser (``icalendar``) and its
recurrence expanded by ``dateutil``: an event per reminder of the day, on
the routine's days until the plan's end, an alarm at its time, stable UIDs,
CRLF lines of at most 75 octets; a hostile title stays a title."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from footdesk import paths
from footdesk.calendar_file import CALENDAR_DAYS, Reminder, calendar_days, calendar_text, escape_text, fold
from footdesk.cli import main
from tests.helpers.physio_weeks import KNEE, this_monday

REMINDERS = '[reminder]\ntime = "07:30"\nsecond_time = "18:15"\n'


def set_up(settings: str = REMINDERS, start: date | None = None, title: str = '"Knee care"') -> date:
    """The knee programme (twice a day, 5 days a week, a 4-week plan from
    ``start``: two weeks ago by default); its plan's last day."""
    start = start or this_monday() - timedelta(weeks=2)
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text(settings, encoding="utf-8")
    paths.routines_dir().mkdir(parents=True, exist_ok=True)
    text = KNEE.format(start=start.isoformat()).replace('title = "Knee care"', f"title = {title}", 1)
    (paths.routines_dir() / "knee-care.toml").write_text(text, encoding="utf-8")
    return start + timedelta(weeks=4) - timedelta(days=1)


def exported(tmp_path, capsys, *options: str) -> tuple[bytes, Calendar]:
    target = tmp_path / "plan.ics"
    assert main(["export", str(target), *options, "--force"]) == 0, capsys.readouterr().err
    data = target.read_bytes()
    return data, Calendar.from_ical(data)


def test_each_reminder_time_recurs_on_the_plans_weekdays_with_an_alarm(tmp_path, capsys):
    until = set_up()
    data, calendar = exported(tmp_path, capsys, "--routine", "knee-care")
    assert capsys.readouterr().out.strip().startswith("2 reminders a day for Knee care written to ")
    events = calendar.walk("VEVENT")
    assert [event["SUMMARY"] for event in events] == ["Knee care (1 of 2 today)", "Knee care (2 of 2 today)"]
    today = date.today()
    for event, at in zip(events, (time(7, 30), time(18, 15)), strict=True):
        start = event.decoded("DTSTART")
        assert start.tzinfo is None and start.time() == at  # floating: at 07:30 on the person's clock
        rule = event["RRULE"]
        assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
        assert rule["UNTIL"] == [datetime.combine(until, time(23, 59, 59))]
        days = list(rrulestr(event["RRULE"].to_ical().decode(), dtstart=start))
        assert days[0].date() >= today and days[0].weekday() < 5
        assert all(day.weekday() < 5 and day.time() == at for day in days)
        assert days[-1].date() <= until and len({day.isocalendar()[1] for day in days}) >= 2
        weekdays_left = sum(1 for n in range((until - today).days + 1) if (today + timedelta(days=n)).weekday() < 5)
        assert len(days) == weekdays_left
        (alarm,) = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(0)
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
        assert event.decoded("DTSTAMP").tzinfo is not None
    assert [str(event["UID"]) for event in events] == ["knee-care-0730@io.github.footdesk.footdesk",
                                                       "knee-care-1815@io.github.footdesk.footdesk"]  # fmt: skip
    _, again = exported(tmp_path, capsys, "--routine", "knee-care")
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]  # stable: re-imports update
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line and len(line) <= 75 for line in lines)


def test_a_routine_every_day_without_a_plan_is_daily_and_open_ended(tmp_path, capsys):
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text('[reminder]\ntime = "08:00"\n', encoding="utf-8")
    _, calendar = exported(tmp_path, capsys)  # the routine in use: the built-in one, once a day, 7 days a week
    (event,) = calendar.walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["DAILY"] and "UNTIL" not in event["RRULE"]
    assert event.decoded("DTSTART") == datetime.combine(date.today(), time(8, 0))
    assert str(event["SUMMARY"]) == "Strong feet, happier back"


def test_a_hostile_title_stays_one_escaped_text_value(tmp_path, capsys):
    hostile = 'Knee, care; \\"x\\\\y\\" END:VEVENT BEGIN:VEVENT ' + "ü" * 40
    set_up(title=f'"{hostile}"')
    data, calendar = exported(tmp_path, capsys, "--routine", "knee-care")
    title = 'Knee, care; "x\\y" END:VEVENT BEGIN:VEVENT ' + "ü" * 40
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [f"{title} (1 of 2 today)",
                                                                          f"{title} (2 of 2 today)"]  # fmt: skip
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 2
    for line in data.split(b"\r\n"):
        line.decode("utf-8")  # folded between characters, never inside one


def test_line_breaks_in_a_text_cannot_start_a_property_of_their_own():
    """routine.py refuses a title with a line break; the calendar escapes one anyway."""
    evil = "Walk\r\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:owned\x1b[2J;,\\"
    text = calendar_text("walk", [Reminder(time(9, 0), evil, evil)], 7, date(2026, 12, 7), None, 5,
                         datetime(2026, 12, 7, 9, 0).astimezone())  # fmt: skip
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Walk\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:owned [2J;,\\"
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_folding_keeps_every_line_within_75_octets_and_unfolds_to_the_same():
    line = "DESCRIPTION:" + "é€𝄞x" * 60
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1 and all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


@pytest.mark.parametrize("days", range(1, 8))
def test_the_days_of_the_week_are_spread(days):
    chosen = calendar_days(days)
    assert len(chosen) == days and len(set(chosen)) == days
    if days in (2, 3):  # a rest day between
        order = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        assert all(order.index(b) - order.index(a) > 1 for a, b in itertools.pairwise(chosen))
    assert set(CALENDAR_DAYS) == set(range(1, 7))


def test_no_reminder_time_is_one_line_and_nothing_written(tmp_path, capsys):
    set_up(settings="")
    target = tmp_path / "plan.ics"
    assert main(["export", str(target), "--routine", "knee-care"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footdesk: no daily reminder time is set: choose one in Settings → Daily reminder")
    assert len(err.splitlines()) == 1 and not target.exists()


def test_a_plan_that_has_ended_is_refused(tmp_path, capsys):
    set_up(start=this_monday() - timedelta(weeks=10))
    target = tmp_path / "plan.ics"
    assert main(["export", str(target), "--routine", "knee-care"]) == 1
    assert "its calendar would be in the past; nothing was written" in capsys.readouterr().err
    assert not target.exists()


def test_options_of_the_pdfs_are_refused_for_a_calendar(tmp_path, capsys):
    set_up()
    target = tmp_path / "plan.ics"
    assert main(["export", str(target), "--report", "--paper", "a4"]) == 1
    assert capsys.readouterr().err == (
        "footdesk: --report and --paper: not for a calendar (FILE.ics); nothing was written\n"
    )
    target.write_text("mine")
    assert main(["export", str(target)]) == 1
    assert "exists; use --force to replace it" in capsys.readouterr().err and target.read_text() == "mine"
