from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from footdesk import paths
from footdesk.history import HistoryStore
from footdesk.model.keeper import HISTORY_RETRY_S
from footdesk.session import SessionOptions
from footdesk.ui.review_window import ReviewWindow
from tests.helpers.palette import dark_desktop


def keys(qtbot, app, *pressed):
    for key in pressed:
        qtbot.keyClick(app.window, key)


def finish_routine(qtbot, app):
    keys(qtbot, app, Qt.Key.Key_Space, Qt.Key.Key_Space)
    app.run_for(5 + 120 + 5 + 120 + 5 + 60)
    keys(qtbot, app, Qt.Key.Key_Space)


def test_a_routine_through_the_window_is_in_the_history(qtbot, make_app):
    app = make_app()
    finish_routine(qtbot, app)
    (record,) = app.model.history.sessions()
    assert record.status == "completed" and len(record.steps) == 5
    assert [r.actual_s for r in record.steps] == [0, 120, 120, 60, 0]


def test_the_back_pain_rating_is_kept_with_the_session(qtbot, make_app):
    app = make_app()
    finish_routine(qtbot, app)
    pain = app.window.finished_view.pain
    assert pain.isVisible() and pain.value is None
    keys(qtbot, app, Qt.Key.Key_4)
    assert app.model.history.sessions()[0].pain == 4
    keys(qtbot, app, Qt.Key.Key_Right, Qt.Key.Key_Right)
    assert pain.value == 6 and app.model.history.sessions()[0].pain == 6
    keys(qtbot, app, Qt.Key.Key_Left)
    assert app.model.history.sessions()[0].pain == 5
    pain.buttons[10].click()
    assert app.model.history.sessions()[0].pain == 10


def test_skipping_the_question_leaves_no_rating(qtbot, make_app):
    app = make_app()
    finish_routine(qtbot, app)
    keys(qtbot, app, Qt.Key.Key_Return)
    assert app.model.history.sessions()[0].pain is None
    assert app.window.stack.currentWidget() is app.window.home


def test_home_shows_this_week_and_the_streak(qtbot, make_app):
    app = make_app()
    assert "Start a streak today" in app.window.home.streak_label.text()
    finish_routine(qtbot, app)
    keys(qtbot, app, Qt.Key.Key_Return)
    assert app.window.home.streak_label.text().startswith("1 day in a row")
    assert "1 of 7 days this week" in app.window.home.streak_label.text()


def test_without_history_the_routine_runs_and_home_says_so(qtbot, make_app):
    app = make_app(with_history=False)
    assert app.window.home.streak_label.text() == ""  # not opened yet: nothing to say
    unusable_history_folder()
    app.model.open_history()
    assert "History is not being saved" in app.window.home.streak_label.text()
    assert "History is not being saved" in app.window.notice.text()
    finish_routine(qtbot, app)
    assert app.window.finished_view.heading.text() == "Well done!"
    assert not app.window.finished_view.pain.isVisible()


def in_review(qtbot, action):
    """Run ``action(review)`` once the modal review is open and active; the
    review is closed afterwards even if the action fails, so a failure never hangs."""

    def handle():
        review = QApplication.activeModalWidget()
        assert isinstance(review, ReviewWindow)
        try:
            review.activateWindow()
            qtbot.waitUntil(review.isActiveWindow)
            action(review)
        finally:
            review.accept()

    QTimer.singleShot(0, handle)


def seed(store: HistoryStore, days: list[int], pain: dict[int, int] | None = None) -> None:
    """Completed sessions on the given days of November 2026."""
    for day in days:
        start = datetime(2026, 11, day, 8, 0).astimezone()
        session_id = store.begin_session("foot-strength", start)
        from footdesk.history import StepRun, iso

        ran = StepRun("roll", "left", 120, 120.0, "completed", iso(start), iso(start + timedelta(minutes=2)))
        store.add_step_run(session_id, ran)
        store.end_session(session_id, start + timedelta(minutes=6), True)
        if pain and day in pain:
            store.set_pain(session_id, pain[day])


def test_the_review_opens_with_ctrl_h_and_walks_the_weeks(qtbot, make_app):
    app = make_app()
    seed(app.model.history, [9, 10, 16, 17], pain={16: 6, 17: 4})
    seen = {}

    def look(review):
        seen["title"] = review.title.text()
        seen["pain"] = review.pain.text()
        seen["streak"] = review.streak.text()
        qtbot.keyClick(review, Qt.Key.Key_PageUp)
        seen["previous"] = review.title.text()
        seen["previous_done"] = review.summary.days_done
        qtbot.keyClick(review, Qt.Key.Key_Home)
        seen["back"] = review.title.text()
        seen["next_enabled"] = review.next_button.isEnabled()
        review.accept()

    in_review(qtbot, look)
    qtbot.keyClick(app.window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert seen["title"].startswith("Week 2026-W47 (Mon 16 Nov")
    assert seen["pain"] == "Lower back (0 none – 10 worst): 6 → 4"
    assert seen["streak"].startswith("Streak: 2 days (longest 2)")
    assert seen["previous"].startswith("Week 2026-W46") and seen["previous_done"] == 2
    assert seen["back"] == seen["title"] and seen["next_enabled"] is False


def test_a_rest_day_bridges_the_streak(qtbot, make_app):
    app = make_app()  # "today" is Wednesday 18 November
    seed(app.model.history, [15, 17])

    def rest_on_monday(review):
        assert review.summary.current_streak == 1
        review.days.setFocus()
        review.days.show_days(review.summary.days, select=date(2026, 11, 16))
        qtbot.keyClick(review, Qt.Key.Key_R)
        assert review.summary.days[0].state == "rest"
        assert review.summary.current_streak == 2
        review.accept()

    in_review(qtbot, rest_on_monday)
    app.window.open_review()
    assert app.model.history.rest_days() == {date(2026, 11, 16)}


def test_export_and_pdf_from_the_review(qtbot, make_app, tmp_path):
    app = make_app()
    seed(app.model.history, [16, 17], pain={17: 3})
    results = {}

    def export(review):
        review.export_csv(tmp_path / "all.csv")
        review.save_pdf(tmp_path / "week.pdf")
        results["status"] = review.status.text()
        review.export_csv(tmp_path / "missing-folder" / "x" / "all.csv")
        results["created_folder"] = (tmp_path / "missing-folder" / "x" / "all.csv").exists()
        review.accept()

    in_review(qtbot, export)
    app.window.open_review()
    csv_text = (tmp_path / "all.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("session_id,date,routine")
    assert len(csv_text.splitlines()) == 3
    pdf = (tmp_path / "week.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Count 1" in pdf
    assert str(tmp_path / "week.pdf") in results["status"]


def test_the_review_without_history_says_why(qtbot, make_app):
    unusable_history_folder()
    app = make_app()
    titles = []
    in_review(qtbot, lambda review: titles.append(review.title.text()) or review.accept())
    app.window.open_review()
    assert titles == ["History is not being saved"]


def test_a_damaged_history_is_reported_in_the_window(qtbot, make_app):
    path = paths.history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not sqlite at all" * 50)
    app = make_app(with_history=False, options=SessionOptions())
    app.model.open_history()
    assert "moved to" in app.window.notice.text() and "damaged" in app.window.notice.text()
    assert list(path.parent.glob("history.sqlite3.damaged-*"))


def test_a_short_review_scrolls_and_close_stays_in_view(qtbot, make_app):
    """Large fonts on a laptop make the week taller than the screen: it
    scrolls, and Export, PDF and Close are never pushed out of the window."""
    app = make_app()

    def check(review):
        review.resize(review.width(), 260)
        qtbot.waitUntil(lambda: review.scroller.verticalScrollBar().isVisible(), timeout=2000)
        assert review.height() <= 300
        for button in (review.close_button, review.export_button, review.pdf_button):
            assert button.isVisible()
            assert button.mapTo(review, button.rect().bottomLeft()).y() < review.height()
        checked.append(True)

    checked: list[bool] = []
    in_review(qtbot, check)
    qtbot.keyClick(app.window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert checked == [True]


def test_the_review_follows_a_palette_switch(qtbot, make_app):
    app = make_app()
    colours = []

    def switch(review):
        review.status.setText("Saved this week.")
        colours.append(review.status.styleSheet())
        with dark_desktop():
            QApplication.processEvents()
            colours.append(review.status.styleSheet())
        review.accept()

    in_review(qtbot, switch)
    app.window.open_review()
    assert len(colours) == 2 and colours[0] != colours[1]


def unusable_history_folder() -> None:
    """A file where the data folder should be: no history can be kept there."""
    folder = paths.history_file().parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("in the way")


def test_home_offers_to_resume_a_routine_a_crash_interrupted(qtbot, make_app):
    from footdesk.history import StepRun
    from footdesk.records import iso

    started = datetime(2026, 11, 18, 7, 0).astimezone()  # today in the tests
    store = HistoryStore.open(paths.history_file()).store
    session_id = store.begin_session("foot-strength", started)
    store.add_step_run(session_id, StepRun("barefoot", None, None, 0.0, "completed", iso(started), iso(started)))
    store.save_part_under_way(session_id, StepRun("roll", "left", 120, 40.0, "stopped", iso(started),
                                                  iso(started + timedelta(seconds=45))))  # fmt: skip
    store.close()  # and then the power went
    app = make_app()
    home = app.window.home
    assert home.resume_button.isVisible()
    assert home.resume_label.text() == (
        "Today's routine was interrupted during Roll each foot on a lacrosse ball — left foot, at 0:40 of 2:00."
    )
    home.resume_button.click()
    assert app.window.stack.currentWidget() is app.window.session_view
    assert app.model.snapshot().phase.step.id == "roll" and app.model.snapshot().phase.side.value == "left"
    app.model.stop()
    app.model.go_home()
    assert not home.resume_button.isVisible()  # carried on (and stopped again by the person): settled


def test_the_resume_offer_names_an_own_routines_side_as_the_routine_does(qtbot, make_app):
    """An own routine's sides are "left side", not "left foot" (issue 29, fresh eyes)."""
    from footdesk.history import StepRun
    from footdesk.records import iso
    from tests.helpers.three_routines import own_routines

    own_routines()
    started = datetime(2026, 11, 18, 7, 0).astimezone()
    store = HistoryStore.open(paths.history_file()).store
    session_id = store.begin_session("calf-care", started)
    store.save_part_under_way(session_id, StepRun("roll", "left", 45, 20.0, "stopped", iso(started),
                                                  iso(started + timedelta(seconds=25))))  # fmt: skip
    store.close()
    app = make_app()
    assert app.window.home.resume_label.text() == (
        "Today's routine was interrupted during Roll each calf on a foam roller — left side, at 0:20 of 0:45."
    )


def damaged_history_with_sessions(days: int) -> None:
    store = HistoryStore.open(paths.history_file()).store
    seed(store, list(range(1, days + 1)))
    store.close()
    path = paths.history_file()
    data = bytearray(path.read_bytes())
    page = len(data) // 4096 - 1
    data[4096 * page : 4096 * page + 64] = b"\xa5" * 64  # one torn page
    path.write_bytes(bytes(data))


def test_a_history_moved_aside_stays_in_view_until_its_sessions_are_brought_back(qtbot, make_app):
    damaged_history_with_sessions(12)
    app = make_app()
    assert "damaged" in app.window.notice.text() and "moved to" in app.window.notice.text()
    (aside,) = paths.history_file().parent.glob("history.sqlite3.damaged-*[0-9]")
    home = app.window.home
    assert home.set_aside_label.isVisible() and str(aside) in home.set_aside_label.text()
    assert "can be brought back into your history" in home.set_aside_label.text()
    assert home.restore_button.isVisible() and home.leave_button.isVisible()
    seen = []
    in_review(qtbot, lambda review: seen.append(review.status.text()) or review.accept())
    app.window.open_review()
    assert str(aside) in seen[0]
    home.restore_button.click()
    assert app.window.notice.text().startswith(f"Brought back {len(app.model.sessions())} session")
    assert len(app.model.sessions()) >= 10 and aside.exists()
    assert not home.set_aside_label.isVisible() and not home.restore_button.isVisible()


def test_a_rating_that_cannot_be_written_yet_is_not_claimed(qtbot, make_app, monkeypatch):
    import sqlite3

    app = make_app()
    finish_routine(qtbot, app)
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL

    def disk_full(*args):
        raise full

    monkeypatch.setattr(app.model.history, "set_pain", disk_full)
    keys(qtbot, app, Qt.Key.Key_5)
    pain = app.window.finished_view.pain
    assert pain.value is None and not any(button.isChecked() for button in pain.buttons)
    assert pain.hint.text().startswith("Noted: 5 of 10, not saved yet: the disk is full")
    assert app.window.notice.text().startswith("Not saved yet: the disk is full")
    assert "Something went wrong" not in app.window.notice.text()
    monkeypatch.undo()  # room on the disk again: the next try writes it
    app.clock.now += HISTORY_RETRY_S + 1
    app.model.tick()  # the window's timer, at the moment the next try was asked for
    assert app.model.history.sessions()[0].pain == 5
    assert pain.noted.text() == "Noted: 5 of 10" and pain.value == 5 and pain.buttons[5].isChecked()
    assert pain.hint.text().startswith("Saved now.")
    app.model.close()


def test_an_empty_database_that_claims_a_version_opens_quietly(qtbot, make_app):
    import sqlite3

    path = paths.history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    app = make_app()
    assert not app.window.statusBar().isVisible()
    finish_routine(qtbot, app)
    assert app.model.history.sessions()[0].status == "completed"
