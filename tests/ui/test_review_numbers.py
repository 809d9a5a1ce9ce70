"""Issue 29's numbers, as a person meets them: time done rounded one way
everywhere (defect 3), a day under a minute in seconds (7), the last twelve
weeks ending at today and weeks before the first session claiming nothing
(12), and a stopped try not planned again on a day that was done (13)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from footdesk import paths
from footdesk.cli import main as cli_main
from footdesk.report import week_table
from footdesk.session import SessionOptions
from tests.ui.test_review import FakeFileDialog, click, flat, open_review, pdf_text

QUICK = """
schema = 2
id = "quick"
title = "Quick stretch"

[[steps]]
id = "reach"
title = "Reach up"
timing = "timed"
seconds = 30
instructions = ["Reach up high."]
"""


def session_rows(review) -> list[list[str]]:
    """Each session row and its step rows, as the review lists them."""
    rows = []
    for index in range(review.sessions.topLevelItemCount()):
        item = review.sessions.topLevelItem(index)
        rows.append([item.text(column) for column in range(6)])
        rows += [[item.child(i).text(column) for column in range(6)] for i in range(item.childCount())]
    return rows


def terminal_week(capsys) -> str:
    capsys.readouterr()
    assert cli_main(["history", "--week", "2026-W47"]) == 0  # the test's today is in it
    return capsys.readouterr().out


def test_time_done_is_rounded_down_alike_on_every_screen_and_the_parts_add_up(qtbot, make_app, tmp_path, capsys):
    """Defect 3: Esc after 6.347 s of the left foot said "6 s of exercise" but "0:07";
    a skipped right foot at 10.5 s read 0:11: rows of 18 s under a 16 s session."""
    app = make_app(SessionOptions(get_ready_s=5, sleep_gap_s=1e9))
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Space):  # start; the barefoot habit, kept
        qtbot.keyClick(app.window, key)
    app.run_for(5 + 6.347)
    qtbot.keyClick(app.window, Qt.Key.Key_Right)  # on to the right foot
    app.run_for(5 + 10.5)
    qtbot.keyClick(app.window, Qt.Key.Key_Escape)
    finished = app.window.finished_view
    assert finished.summary.text().startswith("16 s of exercise in ")
    lines = finished.result_lines()
    assert any(line.endswith("skipped, 0:06 of 2:00") for line in lines), lines
    assert any(line.endswith("partly done, 0:10 of 2:00") for line in lines), lines
    assert "16 seconds of exercise" in finished.home_button.accessibleDescription()
    qtbot.keyClick(app.window, Qt.Key.Key_Return)

    pdf = tmp_path / "week.pdf"
    review = open_review(qtbot, app, FakeFileDialog(pdf))
    rows = session_rows(review)
    assert rows[0][3] == "16 s"
    done = [row[3] for row in rows[1:] if row[3]]
    assert done == ["0:06", "0:10"] and sum(int(time.split(":")[1]) for time in done) == 16
    assert review.totals.text().startswith("0 of 7 days done · 16 s of exercise")
    click(qtbot, review.pdf_button)
    page = flat(pdf_text(pdf))  # a row per part, a column per day (Wednesday the only one with times)
    assert "lacrosse ball left 0:06 / 2:00" in page and "lacrosse ball right 0:10 / 2:00" in page
    assert "16 s" in terminal_week(capsys)


def test_a_day_under_a_minute_shows_its_seconds_not_zero_minutes(qtbot, make_app, capsys):
    """Defect 7: a 30 s routine done read "0 min" in the tile, the totals and
    `footdesk history`, and the chart drew a full-height bar labelled 0."""
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quick.toml").write_text(QUICK)
    app = make_app(SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    app.model.select_routine("quick")
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    app.run_for(3 + 30)
    assert app.window.finished_view.heading.text() == "Well done!"
    qtbot.keyClick(app.window, Qt.Key.Key_Return)
    review = open_review(qtbot, app)
    wednesday = review.summary.days[2]
    assert review.totals.text().startswith("1 of 7 days done · 30 s of exercise\n")  # no habits: none were due
    assert review.chart.value_text(wednesday) == "30 s"
    assert "Wednesday 30 seconds of 30 seconds planned" in review.chart.accessibleDescription()
    assert (
        "Week 47 (from 16 November): 1 of 7 days done, 30 seconds of exercise" in review.trend.accessibleDescription()
    )
    out = terminal_week(capsys)
    assert "0 min" not in out and re.search(r"Wed 18 Nov\s+✓ done\s+30 s", out)


def test_the_last_12_weeks_end_today_and_earlier_weeks_claim_nothing(qtbot, app):
    """Defect 12: "Last 12 weeks" ended at the week viewed, and a week before the
    first session said "0 done, not reached" with today's streak."""
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Space):  # start; the barefoot habit, kept
        qtbot.keyClick(app.window, key)
    app.run_for(5 + 120 + 5 + 120 + 5 + 60)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the shoes habit: the routine done today
    qtbot.keyClick(app.window, Qt.Key.Key_Return)
    review = open_review(qtbot, app)
    assert review.streak.text().startswith("Streak: 1 day")
    qtbot.keyClick(review, Qt.Key.Key_PageUp)  # a week before the first session
    assert review.summary.label == "2026-W46"
    assert "not reached" not in review.totals.text()
    assert "this week was before your first session" in review.totals.text()
    assert not review.streak.text().startswith("Streak: 1 day")
    qtbot.keyClick(review, Qt.Key.Key_T)
    assert review.trend.isVisible()
    assert review.trend.points[-1].label == "2026-W47" and review.trend.points[-1].days_done == 1
    assert review.trend.marked == (2026, 46)


def test_a_stopped_try_is_not_planned_again_on_a_day_that_was_done(qtbot, app, tmp_path):
    """Defect 13: stopped 50 s into the left foot, then the whole routine: the PDF read
    "2:50 / 4:00" for the left foot on a day marked done."""
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Space):  # start; the barefoot habit, kept
        qtbot.keyClick(app.window, key)
    app.run_for(5 + 50)
    qtbot.keyClick(app.window, Qt.Key.Key_Escape)  # stopped
    qtbot.keyClick(app.window, Qt.Key.Key_Return)  # home
    app.model.start()  # "Start again" on purpose: a new session, the whole routine this time
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the barefoot habit
    app.run_for(5 + 120 + 5 + 120 + 5 + 60)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the shoes habit
    assert app.window.finished_view.heading.text() == "Well done!"
    qtbot.keyClick(app.window, Qt.Key.Key_Return)
    pdf = tmp_path / "week.pdf"
    review = open_review(qtbot, app, FakeFileDialog(pdf))
    wednesday = review.summary.days[2]
    assert wednesday.planned_s == 300 and review.chart.planned_minutes()[2] == 5
    report = app.model.week_report(review.summary.year, review.summary.week)
    row = week_table(review.summary, report.titles, report.routine_titles).rows[2]
    assert row[1] == "✓ done" and row[2:5] == ("2:50 / 2:00", "2:00 / 2:00", "1:00 / 1:00")
    click(qtbot, review.pdf_button)
    assert "2:50 / 2:00" in flat(pdf_text(pdf)) and "/ 4:00" not in flat(pdf_text(pdf))
