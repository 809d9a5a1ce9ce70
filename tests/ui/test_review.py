"""The week review as a person uses it: every button and key pressed on the real
window (the file dialog answered by a fake), and whatever it writes read back
and checked against what was recorded (``model.sessions()``, ``footdesk
history --json``, ``pdftotext``)."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QImage
from PySide6.QtWidgets import QApplication, QDialog

from footdesk import paths
from footdesk.cli import main as cli_main
from footdesk.report import (
    pain_line,
    parts_table,
    totals_sentence,
    trend_days_text,
    trend_minutes_text,
    trend_pain_text,
    trend_short_label,
    trend_words,
    week_title,
)
from footdesk.ui.review_window import ReviewWindow
from footdesk.ui.theme import pixel_font
from footdesk.week import DayState

SEEDER = Path(__file__).resolve().parents[2] / "packaging" / "seed_demo_history.py"
REVIEW_SIZE = (1100, 691)  # what the review takes of a 1366x768 screen
REVIEW_SIZE_AT_150 = (865, 460)  # the same screen with everything at 150 %: 910x512 to lay out in


class FakeFileDialog:
    """Answers the save dialog with the given paths, in turn; "" (cancel) after them."""

    def __init__(self, *answers: Path) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, str, str]] = []

    def __call__(self, parent, caption: str, suggested: str, file_filter: str) -> str:
        self.asked.append((caption, suggested, file_filter))
        return str(self.answers.pop(0)) if self.answers else ""


def seed_demo(today: str = "2026-11-18") -> None:
    """The packaging demo (six weeks: restarts, a partial day, a rest day, a
    missed day…) into the test's own history, through the same script a person runs."""
    spec = importlib.util.spec_from_file_location("seed_demo_history", SEEDER)
    assert spec is not None and spec.loader is not None
    seeder = sys.modules.get(spec.name)
    if seeder is None:
        seeder = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = seeder  # its dataclasses look their module up
        spec.loader.exec_module(seeder)
    assert seeder.main(["--today", today]) == 0


def open_review(qtbot, app, dialog: FakeFileDialog | None = None, size=REVIEW_SIZE) -> ReviewWindow:
    review = ReviewWindow(app.model, app.window, choose_file=dialog or FakeFileDialog())
    review.resize(*size)
    # the review's keys are window shortcuts: like on a desktop, they need it active
    review.show()
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    return review


def go_back_to(qtbot, review: ReviewWindow, state: DayState) -> int:
    """Click Previous until the week shown has a day in that state; its index."""
    for _ in range(8):
        found = [i for i, day in enumerate(review.summary.days) if day.state is state]
        if found:
            return found[0]
        click(qtbot, review.previous_button)
    raise AssertionError(f"no {state} day in the demo")


def click(qtbot, widget, position=None) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget.objectName()} cannot be clicked"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=position or widget.rect().center())


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is missing (Debian: apt-get install poppler-utils)")
    return subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def history_json(capsys) -> list[dict]:
    capsys.readouterr()
    assert cli_main(["history", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="session")
def demo_history(tmp_path_factory) -> Path:
    """The demo seeded once, in folders of its own; each test gets a copy."""
    folder = tmp_path_factory.mktemp("demo")
    names = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
    saved = {name: os.environ.get(name) for name in names}
    umask = os.umask(0o077)
    try:
        os.environ.update({name: str(folder / name.lower()) for name in names})
        seed_demo()
        return paths.history_file()
    finally:
        os.umask(umask)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def demo(make_app, demo_history):
    target = paths.history_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_history, target)
    return make_app()  # today is Wednesday 18 November 2026 (2026-W47)


# Walking the weeks -------------------------------------------------------------


def test_previous_this_week_and_next_are_clicked(qtbot, demo):
    review = open_review(qtbot, demo)
    assert review.summary.label == "2026-W47" and not review.next_button.isEnabled()
    click(qtbot, review.previous_button)
    assert review.summary.label == "2026-W46" and review.title.text().startswith("Week 2026-W46 (Mon 9 Nov")
    click(qtbot, review.previous_button)
    assert review.summary.label == "2026-W45"
    click(qtbot, review.next_button)
    assert review.summary.label == "2026-W46"
    click(qtbot, review.this_week_button)
    assert review.summary.label == "2026-W47" and not review.next_button.isEnabled()
    # every week shown is the model's, and so is its trend
    assert review.summary == demo.model.week(2026, 47)
    assert review.trend.points == demo.model.trend(2026, 47)


def test_page_up_page_down_home_t_r_and_esc_are_the_buttons_keys(qtbot, demo):
    review = open_review(qtbot, demo)
    qtbot.keyClick(review, Qt.Key.Key_PageUp)
    qtbot.keyClick(review, Qt.Key.Key_PageUp)
    assert review.summary.label == "2026-W45"
    qtbot.keyClick(review, Qt.Key.Key_PageDown)
    assert review.summary.label == "2026-W46"
    qtbot.keyClick(review, Qt.Key.Key_Home)
    assert review.summary.label == "2026-W47"
    qtbot.keyClick(review, Qt.Key.Key_PageDown)  # no week after this one
    assert review.summary.label == "2026-W47"
    qtbot.keyClick(review, Qt.Key.Key_T)
    assert review.tabs.currentWidget().isAncestorOf(review.trend) and review.trend.isVisible()
    qtbot.keyClick(review, Qt.Key.Key_T)
    assert review.chart.isVisible() and not review.trend.isVisible()
    # R marks the selected day (today, nothing done yet) as a rest day, and again unmarks it
    assert review.days.selected_day == date(2026, 11, 18)
    qtbot.keyClick(review, Qt.Key.Key_R)
    assert demo.model.history.rest_days() >= {date(2026, 11, 18)}
    assert review.summary.day(date(2026, 11, 18)).state is DayState.REST
    qtbot.keyClick(review, Qt.Key.Key_R)
    assert date(2026, 11, 18) not in demo.model.history.rest_days()
    review.days.setFocus()  # Tab reaches the days; ← and → choose one
    qtbot.keyClick(review.days, Qt.Key.Key_Right)
    assert review.days.selected_day == date(2026, 11, 19) and review.rest_button.text() == "Mark Thu as rest day   [R]"
    qtbot.keyClick(review.days, Qt.Key.Key_Left)
    qtbot.keyClick(review.days, Qt.Key.Key_Left)
    assert review.days.selected_day == date(2026, 11, 17) and not review.rest_button.isEnabled()  # done
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert not review.isVisible()


def test_a_day_tile_clicked_then_mark_as_rest_day_clicked(qtbot, demo):
    review = open_review(qtbot, demo)
    click(qtbot, review.days, review.days.tile_centre(0))  # Monday: done, cannot be a rest day
    assert review.days.selected_day == date(2026, 11, 16) and not review.rest_button.isEnabled()
    click(qtbot, review.days, review.days.tile_centre(4))  # Friday, ahead
    assert review.days.selected_day == date(2026, 11, 20)
    assert review.rest_button.text() == "Mark Fri as rest day   [R]"
    click(qtbot, review.rest_button)
    assert date(2026, 11, 20) in demo.model.history.rest_days()
    assert review.summary.day(date(2026, 11, 20)).state is DayState.REST
    assert review.days.selected_day == date(2026, 11, 20) and review.rest_button.text() == "Not a rest day   [R]"
    click(qtbot, review.rest_button)
    assert date(2026, 11, 20) not in demo.model.history.rest_days()
    # an earlier week's missed day can be marked too (a flare-up remembered later)
    missed = go_back_to(qtbot, review, DayState.MISSED)
    click(qtbot, review.days, review.days.tile_centre(missed))
    click(qtbot, review.rest_button)
    assert review.summary.days[missed].state is DayState.REST
    assert review.summary.days[missed].day in demo.model.history.rest_days()


def test_close_is_clicked(qtbot, demo):
    review = open_review(qtbot, demo)
    click(qtbot, review.close_button)
    assert not review.isVisible() and review.result() == QDialog.DialogCode.Accepted


def test_the_menu_action_and_the_home_button_open_the_review(qtbot, demo):
    opened = []

    def look_and_close():
        review = QApplication.activeModalWidget()
        assert isinstance(review, ReviewWindow)
        opened.append(review.summary.label)
        review.accept()

    (week_action,) = [a for a in demo.window.menuBar().actions()[0].menu().actions() if a.text() == "Your &week…"]
    QTimer.singleShot(0, look_and_close)
    week_action.trigger()
    QTimer.singleShot(0, look_and_close)
    click(qtbot, demo.window.home.review_button)
    assert opened == ["2026-W47", "2026-W47"]


# Exports, read back ------------------------------------------------------------


def test_export_all_as_csv_is_clicked_and_the_file_is_every_step_run_recorded(qtbot, demo, tmp_path, capsys):
    target = tmp_path / "all.csv"
    dialog = FakeFileDialog(target)
    review = open_review(qtbot, demo, dialog)
    click(qtbot, review.export_button)
    assert dialog.asked == [("Export history", "footdesk-history.csv", "CSV (*.csv)")]
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    sessions = demo.model.sessions()
    recorded = history_json(capsys)
    assert len(recorded) == len(sessions) >= 40
    expected = [(session, step) for session in recorded for step in session["steps"]]
    assert len(rows) == len(expected) == sum(len(s.steps) for s in sessions)
    local_dates = {s.id: s.local_date.isoformat() for s in sessions}
    for row, (session, step) in zip(rows, expected, strict=True):
        assert row["session_id"] == str(session["id"]) and row["date"] == local_dates[session["id"]]
        assert row["routine"] == session["routine"] and row["session_status"] == session["status"]
        assert row["pain"] == ("" if session["pain"] is None else str(session["pain"]))
        assert row["step"] == step["step"] and row["side"] == (step["side"] or "")
        assert row["planned_s"] == ("" if step["planned_s"] is None else str(step["planned_s"]))
        assert float(row["actual_s"]) == step["actual_s"]
        assert row["completed"] == str(step["completed"]) and row["skipped"] == str(step["skipped"])
        assert (row["started_at"], row["ended_at"]) == (step["started_at"], step["ended_at"])
    assert {row["outcome"] for row in rows} >= {"completed", "restarted", "skipped", "stopped"}
    assert review.status.text() == (f"Exported {len(rows)} step runs from {len(sessions)} sessions to {target}.")
    # cancelled: nothing is written, nothing said
    before, said = target.read_bytes(), review.status.text()
    click(qtbot, review.export_button)
    assert target.read_bytes() == before and review.status.text() == said and len(dialog.asked) == 2


def test_save_this_week_as_pdf_is_clicked_and_the_page_says_what_the_review_says(qtbot, demo, tmp_path):
    target = tmp_path / "week.pdf"
    dialog = FakeFileDialog(target)
    review = open_review(qtbot, demo, dialog)
    go_back_to(qtbot, review, DayState.REST)  # an earlier week, with a rest day, restarts and ratings
    summary = review.summary
    assert summary.label < "2026-W47" and summary.pains
    click(qtbot, review.pdf_button)
    assert dialog.asked == [("Save week as PDF", f"footdesk-{summary.label}.pdf", "PDF (*.pdf)")]
    assert review.status.text() == f"Saved this week to {target}."
    text = pdf_text(target)
    page = flat(text)
    assert week_title(summary) in page
    for sentence in (totals_sentence(summary), pain_line(summary)):
        assert sentence in page
    report = demo.model.week_report(summary.year, summary.week)
    table = parts_table(summary, report.titles, report.routine_titles)
    assert table.rows[0][0] == "Result"  # a day's result may wrap in its cell ("◐ partly / done")
    for cells in table.rows[1:]:  # a part's line: done / planned each day; the habits; the ratings
        assert flat("  ".join(cell for cell in cells if cell)) in page
    # the trend strip: the same twelve weeks as the review's, value for value
    points = review.trend.points
    assert points == demo.model.week_report(summary.year, summary.week).trend and points[-1].label == "2026-W47"
    lines = [flat(line) for line in text.splitlines()]
    assert flat(" ".join(["Week", *map(trend_short_label, points)])) in lines
    assert flat(" ".join(["Days done", *map(trend_days_text, points)])) in lines
    assert flat(" ".join(["Minutes", *map(trend_minutes_text, points)])) in lines
    assert flat(" ".join(["Lower back", *map(trend_pain_text, points)])) in lines


def test_the_pdf_renders_as_one_landscape_page(qtbot, demo, tmp_path):
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm is missing (Debian: apt-get install poppler-utils)")
    target = tmp_path / "week.pdf"
    review = open_review(qtbot, demo, FakeFileDialog(target))
    click(qtbot, review.pdf_button)
    subprocess.run([tool, "-png", "-r", "20", str(target), str(tmp_path / "page")], check=True)
    (page,) = tmp_path.glob("page*.png")
    image = QImage(str(page))
    assert image.width() > image.height() > 0


# The trend -----------------------------------------------------------------------


def test_the_trend_tab_is_clicked_and_says_every_value_in_words(qtbot, demo):
    review = open_review(qtbot, demo)
    bar = review.tabs.tabBar()
    click(qtbot, bar, bar.tabRect(1).center())
    assert review.trend.isVisible()
    points = review.trend.points
    assert len(points) == 12 and points[-1].label == "2026-W47"
    assert points == demo.model.trend(2026, 47)
    assert [p.started for p in points] == [False] * 5 + [True] * 7  # the demo began in 2026-W41
    assert [p.pain for p in points if p.started] == sorted((p.pain for p in points if p.started), reverse=True)
    description = review.trend.accessibleDescription()
    assert description == "; ".join(trend_words(point) for point in points)
    assert "Week 47 (from 16 November): 2 of 7 days done, " in description
    assert "Week 40 (from 28 September): before you started" in description
    assert review.trend.accessibleName().startswith("The last 12 weeks")
    assert review.trend.marked == (2026, 47)
    click(qtbot, review.previous_button)  # the last 12 weeks still end at today's; the week shown is marked
    assert review.trend.points == demo.model.trend(2026, 47) and review.trend.marked == (2026, 46)
    click(qtbot, bar, bar.tabRect(0).center())
    assert review.chart.isVisible()


def test_a_trend_ending_next_year_loads_this_years_sessions(demo):
    """The history is read for the trend's span (trend_span): last year's
    sessions of a trend that crosses New Year are in it, week for week."""
    this_year = {point.label: point for point in demo.model.trend(2026, 47)}
    next_year = demo.model.trend(2027, 5)  # 2026-W47 to W53, then 2027-W01 to W05
    assert [point.label for point in next_year[:2]] == ["2026-W47", "2026-W48"]
    assert next_year[0] == this_year["2026-W47"] and next_year[0].days_done == 2


@pytest.mark.parametrize("size", [REVIEW_SIZE, REVIEW_SIZE_AT_150], ids=["1366x768", "1366x768-at-150%"])
def test_the_trend_fits_its_tab_with_every_label_readable(qtbot, demo, size):
    review = open_review(qtbot, demo, size=size)
    review.show_trend()
    qtbot.waitUntil(review.trend.isVisible)
    chart = review.trend
    assert chart.height() >= chart.minimumSizeHint().height()
    metrics = QFontMetricsF(pixel_font(chart, chart.FONT_PX, bold=True))
    for point, column in zip(chart.points, chart.columns(), strict=True):
        for words in (trend_short_label(point), trend_days_text(point)):
            assert metrics.horizontalAdvance(words) <= column.width()
    image = chart.grab().toImage()
    assert image.width() == chart.width() * image.devicePixelRatio()


# Session rows ------------------------------------------------------------------


@pytest.mark.parametrize("size", [REVIEW_SIZE, REVIEW_SIZE_AT_150], ids=["1366x768", "1366x768-at-150%"])
def test_every_step_row_is_shown_whole_when_expanded(qtbot, demo, size):
    """Step, foot, result, done and planned: each in its column, never cut short,
    and every column in view without scrolling sideways."""
    review = open_review(qtbot, demo, size=size)
    tree = review.sessions
    checked = 0
    for _ in range(3):  # this week and two before it: restarts, skips, a stop, two sessions a day
        tree.expandAll()
        QApplication.processEvents()
        metrics = tree.fontMetrics()
        margin = 2 * (tree.style().pixelMetric(tree.style().PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)
        for index in range(tree.topLevelItemCount()):
            session = tree.topLevelItem(index)
            for child_index in range(session.childCount()):
                child = session.child(child_index)
                for column in range(tree.columnCount()):
                    cell = tree.visualRect(tree.indexFromItem(child, column))
                    text = child.text(column)
                    assert metrics.horizontalAdvance(text) + margin <= cell.width(), (text, cell.width())
                    assert cell.right() <= tree.viewport().width(), f"column {column} is out of view"
                    checked += 1
        click(qtbot, review.previous_button)
    assert checked > 100
    heading = tree.header()
    for column in range(tree.columnCount()):
        assert heading.fontMetrics().horizontalAdvance(tree.headerItem().text(column)) < heading.sectionSize(column)


def test_step_rows_say_step_foot_result_done_and_planned(qtbot, demo):
    review = open_review(qtbot, demo)
    click(qtbot, review.previous_button)
    tree = review.sessions
    rows = [
        tuple(tree.topLevelItem(i).child(c).text(col) for col in range(5))
        for i in range(tree.topLevelItemCount())
        for c in range(tree.topLevelItem(i).childCount())
    ]
    assert ("Walk around barefoot", "", "✓ habit kept", "", "") in rows
    assert ("Roll each foot on a lacrosse ball", "left", "✓ completed", "2:00", "2:00") in rows
    assert ("Roll each foot on a lacrosse ball", "right", "✓ completed", "2:00", "2:00") in rows
    assert any(row[2] == "↻ restarted" and row[4] in ("2:00", "1:00") for row in rows)
    # the same runs the model recorded, in the same order
    recorded = [run for session in review.summary.sessions for run in session.steps]
    assert len(rows) == len(recorded)
    assert [row[1] for row in rows] == [run.side or "" for run in recorded]


# One session, the same minutes on every screen and in every export ---------------


def test_a_session_with_a_restart_counts_the_same_everywhere(qtbot, make_app, tmp_path, capsys):
    """Roll the left foot 30 s, go back (restart it), then do the whole routine:
    330 s of exercise on the finished screen, in the review's totals and its
    session row, in the CSV, in the PDF and in `footdesk history`."""
    app = make_app()
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Space):  # start; the barefoot habit, done
        qtbot.keyClick(app.window, key)
    app.run_for(5 + 30)
    qtbot.keyClick(app.window, Qt.Key.Key_Left)  # back: the left foot again from its get-ready
    app.run_for(5 + 120 + 5 + 120 + 5 + 60)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the shoes habit, done
    finished = app.window.finished_view
    assert finished.heading.text() == "Well done!"
    assert finished.summary.text().startswith("5 min 30 s of exercise in ")
    qtbot.keyClick(app.window, Qt.Key.Key_3)  # lower back 3/10
    qtbot.keyClick(app.window, Qt.Key.Key_Return)

    csv_path, pdf_path = tmp_path / "all.csv", tmp_path / "week.pdf"
    review = open_review(qtbot, app, FakeFileDialog(csv_path, pdf_path))
    assert review.totals.text().startswith("1 of 7 days done · 5 min of exercise · 2 habits kept\n")  # 5:30, down
    (session,) = [review.sessions.topLevelItem(i) for i in range(review.sessions.topLevelItemCount())]
    assert session.text(3) == "5 min 30 s" and session.text(5) == "3/10"
    left = [session.child(i) for i in range(session.childCount()) if session.child(i).text(1) == "left"]
    assert [(row.text(2), row.text(3)) for row in left] == [("↻ restarted", "0:30"), ("✓ completed", "2:00")]
    assert review.days.accessibleDescription().startswith("Monday: before you started")
    assert "Wednesday 5 minutes of 5 minutes planned" in review.chart.accessibleDescription()  # 5:30, down
    assert review.trend.points[-1].exercise_s == 330

    click(qtbot, review.export_button)
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sum(float(row["actual_s"]) for row in rows if row["planned_s"]) == 330

    click(qtbot, review.pdf_button)
    page = flat(pdf_text(pdf_path))
    assert "1 of 7 days done · 5 min of exercise · 2 habits kept" in page
    wednesday = re.findall(r"(?:left|right)? ?(\d+:\d\d) / ([12]:00) ", page)  # Wednesday's column alone
    assert wednesday == [("2:30", "2:00"), ("2:00", "2:00"), ("1:00", "1:00")]  # 150 + 120 + 60 = 330 s
    assert "Habits kept 2 Lower back 3 / 10" in page
    lines = [flat(line) for line in pdf_text(pdf_path).splitlines()]
    assert [line.split()[-1] for line in lines if line.startswith(("Week W", "Days done", "Lower back –"))] == [
        "W47",
        "1",
        "3.0",
    ]
    assert any(line.startswith("Minutes") and line.endswith("– 5 min") for line in lines)

    capsys.readouterr()
    assert cli_main(["history", "--week", "2026-W47"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Wed 18 Nov\s+✓ done\s+5 min\s+2 habits kept\s+lower back 3/10", out)
    assert "1 of 7 days done · 5 min of exercise · 2 habits kept" in out
    (recorded,) = history_json(capsys)
    assert sum(step["actual_s"] for step in recorded["steps"] if step["planned_s"]) == 330


def test_two_routines_sharing_a_step_id_each_show_their_own_step_title(qtbot, make_app):
    from datetime import UTC, datetime

    from footdesk.history import HistoryStore
    from footdesk.records import StepRun
    from tests.faults.test_history_input import KNEE

    paths.routines_dir().mkdir(parents=True)
    (paths.routines_dir() / "knee-rehab.toml").write_text(KNEE)
    store = HistoryStore.open(paths.history_file()).store
    for routine, hour in (("foot-strength", 8), ("knee-rehab", 18)):
        started = datetime(2026, 11, 16, hour, 0, tzinfo=UTC).isoformat(timespec="milliseconds")
        session = store.begin_session(routine, datetime(2026, 11, 16, hour, 0, tzinfo=UTC))
        store.add_step_run(session, StepRun("roll", "left" if hour == 8 else None, 30, 30.0, "completed",
                                            started, started))  # fmt: skip
    store.close()
    review = open_review(qtbot, make_app())
    tree = review.sessions
    titles = [tree.topLevelItem(i).child(0).text(0) for i in range(tree.topLevelItemCount())]
    assert titles == ["Roll each foot on a lacrosse ball", "Roll the knee cap"]


def test_return_on_the_list_of_sessions_opens_its_parts_never_the_report_dialog(qtbot, demo):
    """Before: Return with a session row focused pressed the dialog's default
    button, the physio report's, and its save dialog opened."""
    dialog = FakeFileDialog()
    review = open_review(qtbot, demo, dialog)
    review.sessions.setFocus(Qt.FocusReason.TabFocusReason)
    row = review.sessions.topLevelItem(0)
    review.sessions.setCurrentItem(row)
    expanded = row.isExpanded()
    qtbot.keyClick(review.sessions, Qt.Key.Key_Return)
    assert dialog.asked == [] and review.isVisible()
    assert row.isExpanded() is not expanded  # the session's parts opened (or closed)
    assert review.close_button.isDefault() and not review.handouts.report_button.isDefault()


def test_tab_goes_along_the_row_of_buttons_as_it_is_seen(qtbot, demo):
    review = open_review(qtbot, demo)
    review.pdf_button.setFocus(Qt.FocusReason.TabFocusReason)
    seen = []
    for _ in range(3):
        qtbot.keyClick(review.focusWidget(), Qt.Key.Key_Tab)
        seen.append(review.focusWidget())
    assert seen == [review.handouts.report_button, review.handouts.calendar_button, review.close_button]


def test_the_trend_line_shows_a_back_getting_better_not_a_flat_line(qtbot, demo):
    """Before: the week's means 5.8 … 2.3 were drawn over the whole 0–10 scale
    in a band of a few dozen pixels: a 60 % fall looked like no change."""
    from PySide6.QtCore import QRectF

    from footdesk.ui.week_widgets import RATING_SPAN_LEAST, rating_span

    review = open_review(qtbot, demo)
    means = [point.pain for point in review.trend.points if point.pain is not None]
    assert max(means) - min(means) > 3
    band = QRectF(0, 0, 100, 100)
    drawn = review.trend.rating_y(min(means), band) - review.trend.rating_y(max(means), band)
    assert drawn >= 0.7 * band.height()  # most of the band, where the whole scale gave it 35 %
    # a change of a few tenths stays a small one; the span stays within the scale
    assert rating_span([3.1, 3.3]) == pytest.approx((1.2, 1.2 + RATING_SPAN_LEAST))
    assert rating_span([0.0, 0.4]) == (0.0, RATING_SPAN_LEAST)
    assert rating_span([9.8, 10.0]) == (10.0 - RATING_SPAN_LEAST, 10.0)
    assert rating_span([]) == (0.0, 10.0) and rating_span([0.0, 10.0]) == (0.0, 10.0)
