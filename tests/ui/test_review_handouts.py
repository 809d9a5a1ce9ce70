"""The review's Report for your physio… and Add to calendar… buttons, pressed
with the mouse as a person does, the save dialog answered by a fake: the
report's weeks read back with pdftotext equal the review's trend of the
routine shown, and the calendar read back by a real iCalendar parser."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt

from footdesk import paths
from footdesk.report import trend_pain_text
from footdesk.ui.review_window import ReviewWindow
from footdesk.week import iso_week_of
from tests.helpers.app_fixtures import TEST_DAY
from tests.helpers.physio_weeks import pdf_lines, seed_knee_weeks
from tests.ui.test_routine_editor import FakeFiles


def open_review(qtbot, app, files: FakeFiles) -> ReviewWindow:
    review = ReviewWindow(app.model, app.window, choose_file=files.choose_file)
    qtbot.addWidget(review)
    review.show()
    return review


def show_routine(review: ReviewWindow, routine: str) -> None:
    """The routine filter set to ``routine``, as a person picks it in the box."""
    review.routine_filter.setCurrentIndex(review.routine_filter.findData(routine))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is missing (poppler-utils)")
def test_report_for_your_physio_writes_the_reviews_weeks_of_the_routine_shown(qtbot, make_app, tmp_path):
    seeded = seed_knee_weeks(TEST_DAY.date())
    app = make_app()
    files = FakeFiles(filters=True)
    target = tmp_path / "for the physio.pdf"
    files.save_answer = str(target)
    review = open_review(qtbot, app, files)
    show_routine(review, "knee-care")
    qtbot.mouseClick(review.handouts.report_button, Qt.MouseButton.LeftButton)
    assert files.asked == [("Save the report for your physiotherapist", "footdesk-report-knee-care.pdf",
                            "PDF (*.pdf)")]  # fmt: skip
    assert review.status.text() == f"Saved the report on Knee care to {target}."
    points = app.model.trend(*iso_week_of(app.model.today()), routine="knee-care")  # the trend the review shows
    lines = pdf_lines(target)
    rows = {line.split(" ")[0]: line for line in lines if line[:4].isdigit() and "-W" in line[:8]}
    assert list(rows) == [point.label for point in points]
    for point in points:
        days = f"{point.days_done} of 5" if point.started else "–"
        assert rows[point.label].endswith(f" {days} {trend_pain_text(point)}")
    second = iso_week_of(seeded.first_week + timedelta(weeks=1))
    assert rows[f"{second[0]}-W{second[1]:02d}"].endswith("Build, week 2 3 of 5 2.0")
    assert lines[0] == "Knee care — report for the physiotherapist"


def test_the_report_asked_for_and_cancelled_writes_nothing(qtbot, app, tmp_path):
    files = FakeFiles()
    review = open_review(qtbot, app, files)
    qtbot.mouseClick(review.handouts.report_button, Qt.MouseButton.LeftButton)
    assert files.asked == [("Save the report for your physiotherapist", "footdesk-report-foot-strength.pdf")]
    assert review.status.text() == "" and not list(tmp_path.rglob("*.pdf"))  # nothing written, nothing said


def test_add_to_calendar_writes_the_reminders_of_the_routine_in_use(qtbot, make_app, tmp_path):
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text('[reminder]\ntime = "07:45"\n', encoding="utf-8")
    app = make_app()
    files = FakeFiles()
    target = tmp_path / "footdesk.ics"
    files.save_answer = str(target)
    review = open_review(qtbot, app, files)
    qtbot.mouseClick(review.handouts.calendar_button, Qt.MouseButton.LeftButton)
    assert files.asked == [("Save the reminders for your calendar", "footdesk-foot-strength.ics")]
    assert review.status.text() == f"1 reminder a day for Strong feet, happier back written to {target}: import it " \
                                   "into your calendar app."  # fmt: skip
    (event,) = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["DAILY"] and event.decoded("DTSTART").time().isoformat() == "07:45:00"
    assert event.decoded("DTSTART").date() == app.model.today()


def test_add_to_calendar_without_a_reminder_time_says_where_to_set_one(qtbot, app, tmp_path):
    files = FakeFiles()
    target = tmp_path / "footdesk.ics"
    files.save_answer = str(target)
    review = open_review(qtbot, app, files)
    qtbot.mouseClick(review.handouts.calendar_button, Qt.MouseButton.LeftButton)
    assert review.status.text().startswith("Not saved: no daily reminder time is set: choose one in Settings → ")
    assert files.asked == [] and not target.exists()  # said before a file is asked for
