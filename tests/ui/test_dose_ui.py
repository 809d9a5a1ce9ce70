"""A routine done twice a day, five days a week, as a person meets it in the
window: home says the dose under its title and today's count beside the week, the review's goal is the
routine's own, and the Settings dialog greys the weekly goal its file sets and
offers a second reminder time (and only for such a routine)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from footdesk import paths
from footdesk.reminder import Snooze
from footdesk.session import SessionOptions
from footdesk.settings import load_settings
from footdesk.week import DayState
from tests.test_dose import KNEE
from tests.ui.test_review import open_review
from tests.ui.test_settings_dialog import in_settings_dialog, open_settings


def knee_app(make_app, settings: str = ""):
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "knee-care.toml").write_text(KNEE, encoding="utf-8")
    if settings:
        paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
        paths.settings_file().write_text(settings, encoding="utf-8")
    app = make_app(SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    assert app.model.select_routine("knee-care")
    return app


def do_the_routine(qtbot, app) -> None:
    """Space starts it, its one wall sit runs by itself, Space goes home."""
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    app.run_for(3 + 20)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    assert not app.model.session_active


def test_home_says_the_dose_and_counts_both_sessions_of_the_day(qtbot, make_app):
    app = knee_app(make_app)
    home = app.window.home
    assert home.summary.text() == "20 s of exercise  ·  twice a day, 5 days a week"
    assert home.today_count.isVisible() and home.today_count.text() == "0 of 2 today"
    assert home.streak_label.text().endswith("0 of 5 days this week")
    do_the_routine(qtbot, app)
    assert home.today_count.text() == "1 of 2 today"
    today = app.model.today()
    assert [day.state for day in home.week_strip._days if day.day == today] == [DayState.PARTIAL]
    assert home.streak_label.text() == "Start a streak today  ·  0 of 5 days this week"
    do_the_routine(qtbot, app)
    assert home.today_count.text() == "2 of 2 today"
    assert [day.state for day in home.week_strip._days if day.day == today] == [DayState.DONE]
    assert home.streak_label.text() == "1 day in a row  ·  1 of 5 days this week"
    review = open_review(qtbot, app)
    assert "Weekly goal: 5 days (twice a day); 4 more days to go." in review.totals.text()
    review.close()


def test_a_once_a_day_routine_shows_no_dose_and_no_count(qtbot, app):
    home = app.window.home
    assert not home.today_count.isVisible() and home.today_count.text() == ""
    assert home.summary.text() == "5 min of exercise  ·  2 habits to keep"


def test_the_dialog_greys_the_goal_the_routine_sets_and_offers_its_second_reminder(qtbot, make_app):
    app = knee_app(make_app, '[reminder]\ntime = "07:30"\n')
    seen = {}

    def second_reminder(dialog):
        seen["goal enabled"] = dialog.goal_days.isEnabled()
        seen["note"] = dialog.goal_note.text() if dialog.goal_note is not None else None
        seen["second shown"] = dialog.reminder_second_time.isVisibleTo(dialog)
        seen["third shown"] = dialog.reminder_third_time.isVisibleTo(dialog)
        edit = dialog.reminder_second_time
        seen["second enabled"] = edit.isEnabled()
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(edit, "17:45")
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    in_settings_dialog(second_reminder)
    open_settings(qtbot, app)
    assert seen == {"goal enabled": False, "note": "Knee care asks for 5 days a week (its own file).",
                    "second shown": True, "third shown": False, "second enabled": True}  # fmt: skip
    saved = load_settings(paths.settings_file(), {"roll": 120, "heel-raises": 60}).settings
    assert saved.reminder_second_time == "17:45" and saved.goal_days == 7
    assert [f"{at:%H:%M}" for at in app.model.later_reminder_times()] == ["17:45"]
    assert app.model.next_reminder_text() == "Reminder due now"  # 08:00 on the test's day: 07:30's has not come yet
    app.model.reminder_shown()
    qtbot.mouseClick(app.window.reminder_banner.snooze_buttons[Snooze.TEN_MINUTES], Qt.MouseButton.LeftButton)
    assert app.model.next_reminder_text() == "Next reminder at 08:10"
    app.model.reminder_shown()  # it came back: "Tomorrow" puts off today's second one too
    qtbot.mouseClick(app.window.reminder_banner.snooze_buttons[Snooze.TOMORROW], Qt.MouseButton.LeftButton)
    assert app.model.next_reminder_text() == "Next reminder tomorrow at 07:30"


def test_the_second_reminder_follows_the_reminders_switch(qtbot, make_app):
    app = knee_app(make_app)
    seen = {}

    def switch(dialog):
        seen["off"] = dialog.reminder_second_time.isEnabled()
        qtbot.mouseClick(dialog.reminder_on, Qt.MouseButton.LeftButton)
        seen["on"] = (dialog.reminder_on.isChecked(), dialog.reminder_second_time.isEnabled())
        dialog.reject()

    in_settings_dialog(switch)
    open_settings(qtbot, app)
    assert seen == {"off": False, "on": (True, True)}


def test_with_the_built_in_routine_the_goal_is_the_settings_and_no_second_reminder(qtbot, app):
    seen = {}

    def look(dialog):
        seen["goal"] = dialog.goal_days.isEnabled() and dialog.goal_note is None
        seen["second"] = dialog.reminder_second_time.isVisibleTo(dialog)
        dialog.reject()

    in_settings_dialog(look)
    open_settings(qtbot, app)
    assert seen == {"goal": True, "second": False}
