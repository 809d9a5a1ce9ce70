"""The daily reminder in the window and through the app's wiring: it sounds,
it shows what to do, it starts or snoozes, and a snooze survives a restart."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from footdesk import paths
from footdesk.appmodel import Adapters, build_model
from footdesk.appstate import load_app_state
from footdesk.reminder import REMINDER_CUE, Snooze
from tests.helpers.app_fixtures import TEST_DAY
from tests.helpers.desktop_bus import pump

NOW = TEST_DAY.astimezone()


@pytest.fixture
def reminded_app(make_app):
    """The app with a reminder set for 07:00 on a day whose clock says 08:00."""
    settings = paths.settings_file()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('[reminder]\ntime = "07:00"\n', encoding="utf-8")
    return make_app()


def test_the_reminder_sounds_and_shows_its_buttons_in_the_window(reminded_app, qtbot):
    app = reminded_app
    banner = app.window.reminder_banner
    assert not banner.isVisible()
    app.model.reminder_shown(NOW)
    assert banner.isVisible() and app.model.reminder_pending
    assert app.cues.alerts == [REMINDER_CUE]  # heard from another room
    assert banner.heading.text() == "Time for your feet" and "on the floor" in banner.body.text()
    assert [b.text() for b in banner.snooze_buttons.values()] == ["In 10 minutes", "In an hour", "Tomorrow"]
    assert banner.start_button.hasFocus()
    assert load_app_state(paths.app_state_file()).reminder_shown_on == NOW.date().isoformat()
    qtbot.mouseClick(banner.start_button, Qt.MouseButton.LeftButton)
    assert app.model.session_active and not banner.isVisible() and not app.model.reminder_pending


def test_space_starts_from_the_reminder(reminded_app, qtbot):
    app = reminded_app
    app.model.reminder_shown(NOW)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    assert app.model.session_active and not app.window.reminder_banner.isVisible()


def test_a_snooze_from_the_window_is_kept_across_a_restart(reminded_app, qtbot, clock):
    app = reminded_app
    app.model.reminder_shown(NOW)
    qtbot.mouseClick(app.window.reminder_banner.snooze_buttons[Snooze.TEN_MINUTES], Qt.MouseButton.LeftButton)
    assert not app.window.reminder_banner.isVisible() and not app.model.session_active
    assert app.model.reminder_memory().snoozed_until == NOW + timedelta(minutes=10)
    assert not app.model.snooze_reminder(Snooze.ONE_HOUR)  # nothing is out any more
    again = build_model(Adapters(clock=clock, wall_clock=lambda: TEST_DAY.astimezone()))
    assert again.reminder_memory() == app.model.reminder_memory()
    assert again.reminder_memory().shown_on == NOW.date()


def test_tomorrow_puts_it_off_until_tomorrows_time(reminded_app, qtbot):
    app = reminded_app
    app.model.reminder_shown(NOW)
    qtbot.mouseClick(app.window.reminder_banner.snooze_buttons[Snooze.TOMORROW], Qt.MouseButton.LeftButton)
    memory = app.model.reminder_memory()
    assert memory.snoozed_until is None and memory.shown_on == NOW.date()


def test_with_no_notification_service_and_no_tray_the_window_comes_forward_and_sounds(reminded_app, qtbot, monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/footdesk-test-bus")
    app = reminded_app
    app.window.hide()
    reminder = app.shell.start_reminder()
    how = []
    reminder.shown.connect(how.append)
    reminder.check()
    qtbot.waitUntil(lambda: how == ["window"], timeout=10000)  # once the bus was found missing
    assert app.window.isVisible() and app.window.reminder_banner.isVisible()
    assert app.cues.alerts == [REMINDER_CUE]
    reminder.check()  # one a day: nothing is asked of the desktop
    assert how == ["window"]


def test_the_notification_snoozes_through_the_model_and_the_snooze_comes_back(
    desktop, reminded_app, qtbot, monkeypatch
):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.address)
    app = reminded_app
    reminder = app.shell.start_reminder()
    reminder.check()
    kind, _sender, notification, _rest = desktop.next_line(pump).split(" ", 3)
    assert kind == "notify" and app.model.reminder_pending
    assert app.cues.alerts == [REMINDER_CUE]
    desktop.send(f"invoke {notification} snooze-10m")
    qtbot.waitUntil(lambda: not app.model.reminder_pending, timeout=10000)
    assert app.model.reminder_memory().snoozed_until == NOW + timedelta(minutes=10)
    assert not app.window.reminder_banner.isVisible()
    assert reminder.timer_armed
    # ten minutes later it comes back, once
    later = TEST_DAY + timedelta(minutes=10)
    app.model._wall_clock = lambda: later.astimezone()
    reminder.check()
    line = desktop.next_line(pump)
    if line == f"close {notification}":  # answered: footdesk took it off (dunst leaves it)
        line = desktop.next_line(pump)
    kind, _sender, second, _rest = line.split(" ", 3)
    assert kind == "notify" and second != notification
    reminder.check()
    assert desktop.no_line(pump) is None
    # answered in the window: the notification leaves the screen
    qtbot.mouseClick(app.window.reminder_banner.start_button, Qt.MouseButton.LeftButton)
    assert desktop.next_line(pump) == f"close {second}"
    assert app.model.session_active


def test_no_reminder_in_the_middle_of_a_session(reminded_app, qtbot, monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/footdesk-test-bus")
    app = reminded_app
    reminder = app.shell.start_reminder()
    app.model.start()
    how = []
    reminder.shown.connect(how.append)
    reminder.check()
    assert how == [] and app.cues.alerts == []
    app.model.stop()
    reminder.check()
    qtbot.waitUntil(lambda: how == ["window"], timeout=10000)


def test_the_tray_menu_snoozes_through_the_model(reminded_app, qtbot, monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/footdesk-test-bus")
    app = reminded_app
    reminder = app.shell.start_reminder()
    reminder.snooze_requested.emit(Snooze.ONE_HOUR.value)  # as the tray menu's item does
    assert app.model.reminder_memory().snoozed_until is None  # nothing out: nothing to snooze
    reminder.check()
    reminder.snooze_requested.emit(Snooze.ONE_HOUR.value)
    assert app.model.reminder_memory().snoozed_until == NOW + timedelta(hours=1)
    assert isinstance(app.model.reminder_memory().snoozed_until, datetime)


def test_a_snooze_says_when_and_the_home_screen_says_when_the_next_reminder_comes(reminded_app, qtbot):
    """Issue 29 (11): snoozing gave no feedback and nothing said when the next reminder was due."""
    app = reminded_app
    home = app.window.home
    assert home.next_reminder.isVisible() and home.next_reminder.text() == "Reminder due now"  # 07:00 passed
    app.model.reminder_shown(NOW)
    assert home.next_reminder.text() == "Reminder out now"
    qtbot.mouseClick(app.window.reminder_banner.snooze_buttons[Snooze.TEN_MINUTES], Qt.MouseButton.LeftButton)
    assert app.window.statusBar().isVisible() and app.window.notice.text() == "Reminder in 10 minutes (at 08:10)."
    assert home.next_reminder.text() == "Next reminder at 08:10"

    app.model.reminder_shown(NOW + timedelta(minutes=10))
    qtbot.mouseClick(app.window.reminder_banner.snooze_buttons[Snooze.TOMORROW], Qt.MouseButton.LeftButton)
    assert app.window.notice.text() == "Reminder tomorrow at 07:00."
    assert home.next_reminder.text() == "Next reminder tomorrow at 07:00"


def test_once_the_routine_is_done_the_home_screen_says_the_next_reminder_is_tomorrows(make_app, qtbot):
    settings = paths.settings_file()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('[reminder]\ntime = "18:00"\n', encoding="utf-8")
    app = make_app()
    home = app.window.home
    assert home.next_reminder.text() == "Next reminder at 18:00"
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    app.run_for(5 + 120 + 5 + 120 + 5 + 60)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # the last step, a habit, is done
    app.model.go_home()
    assert home.isVisible() and home.next_reminder.text() == "Today's routine is done: next reminder tomorrow at 18:00"


def test_with_no_reminder_set_the_home_screen_says_nothing_about_one(app):
    assert app.window.home.next_reminder.isHidden() and app.window.home.next_reminder.text() == ""


def test_quit_from_the_tray_asks_before_losing_what_is_not_saved_yet(reminded_app, qtbot, monkeypatch):
    """The tray's Quit is a person's choice like Ctrl+Q: with history writes
    waiting for a full disk it asks first, and keeping footdesk open keeps them."""
    import sqlite3

    from tests.helpers.answers import BoxAnswerer

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/footdesk-test-bus")
    app = reminded_app
    reminder = app.shell.start_reminder()
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL

    def no_room(*_args):
        raise full

    monkeypatch.setattr(app.model.history, "end_session", no_room)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Space, Qt.Key.Key_Escape, Qt.Key.Key_Return):
        qtbot.keyClick(app.window, key)
    assert app.model.unsaved_history()
    answers = BoxAnswerer(qtbot, "quitLosing", "Keep footdesk open")
    reminder.quit_requested.emit()  # as the tray menu's "Quit footdesk" does
    assert len(answers.asked) == 1 and "not saved yet (database or disk is full)" in answers.asked[0]
    assert app.window.isVisible() and not app.shell.closing
    answers.button = "Quit anyway"
    reminder.quit_requested.emit()
    answers.stop()
    assert len(answers.asked) == 2 and app.shell.closing and not app.window.isVisible()
