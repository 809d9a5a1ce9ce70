"""The daily reminder as the person meets it: one notification, a button that starts."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from footdesk import APP_ID
from footdesk.platform.notifications import DesktopNotifier
from footdesk.platform.reminder import LONGEST_SLEEP_S, DailyReminder
from tests.helpers.desktop_bus import pump
from tests.helpers.recorders import TrayHost


class Day:
    """What the reminder reads: the clock, the setting, today's history, its own memory."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 9, 0)
        self.at: time | None = time(18, 30)
        self.done = False
        self.shown_on: date | None = None

    def reminder(self, notifier=lambda: None, tray: bool = False) -> DailyReminder:
        def mark(day: date) -> None:
            self.shown_on = day

        return DailyReminder(
            at=lambda: self.at,
            done_today=lambda: self.done,
            last_shown=lambda: self.shown_on,
            mark_shown=mark,
            body=lambda: "5 minutes on the floor.",
            icon=QIcon(),
            notifier=notifier,
            now=lambda: self.now,
            tray_available=lambda: tray,
        )


def test_the_notification_has_a_start_button_that_starts_the_routine(desktop, qtbot):
    day = Day()
    reminder = day.reminder(notifier=lambda: DesktopNotifier(desktop.address))
    started, how = [], []
    reminder.start_requested.connect(lambda: started.append(True))
    reminder.shown.connect(how.append)
    reminder.reschedule()
    reminder.check()  # 09:00: not yet
    assert desktop.no_line(pump) is None
    day.now = datetime(2026, 11, 24, 18, 30, 5)
    reminder.check()
    line = desktop.next_line(pump)
    kind, _sender, notification, rest = line.split(" ", 3)
    app_name, icon, summary, body, actions, timeout = rest.split("|")
    assert (kind, app_name, icon, summary) == ("notify", "footdesk", APP_ID, "Time for your feet")
    assert body == "5 minutes on the floor."
    assert actions == "default,Open footdesk,start,Start the routine" and timeout == "-1"
    assert how == ["notification"] and day.shown_on == date(2026, 11, 24)
    desktop.send(f"invoke {notification} start")
    qtbot.waitUntil(lambda: started == [True], timeout=10000)


def test_one_reminder_a_day_however_often_it_looks():
    day = Day()
    reminder = day.reminder()
    how = []
    reminder.shown.connect(how.append)
    for hour in (19, 20, 23):
        day.now = datetime(2026, 11, 24, hour, 0)
        reminder.check()
    assert how == ["window"]  # no notification service and no tray: the window comes forward


def test_back_after_days_away_gives_a_single_reminder():
    day = Day()
    day.shown_on = date(2026, 11, 20)
    reminder = day.reminder()
    how = []
    reminder.shown.connect(how.append)
    day.now = datetime(2026, 11, 24, 21, 0)
    reminder.check()
    reminder.check()
    assert how == ["window"]


def test_no_reminder_when_the_routine_is_done_or_the_reminder_is_off():
    day = Day()
    day.now = datetime(2026, 11, 24, 19, 0)
    day.done = True
    reminder = day.reminder()
    how = []
    reminder.shown.connect(how.append)
    reminder.check()
    day.done, day.at = False, None
    reminder.check()
    assert how == []
    assert not reminder.timer_armed  # off: no timer at all, the app sleeps


def test_the_timer_never_sleeps_longer_than_a_few_minutes_while_a_reminder_is_set():
    day = Day()
    reminder = day.reminder()
    reminder.reschedule()
    assert reminder.timer_armed
    assert reminder._timer.interval() <= LONGEST_SLEEP_S * 1000 + 50


def test_without_a_tray_closing_the_window_quits(make_app, qtbot):
    app = make_app()
    app.window.close()
    assert not app.window.isVisible()


def test_with_the_tray_closing_the_window_hides_it_and_ctrl_q_still_quits(make_app, qtbot):
    app = make_app()
    app.window.host = TrayHost()
    went = []
    app.window.went_to_tray.connect(lambda: went.append(True))
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # a session in progress is recorded as stopped
    app.window.close()
    assert not app.window.isVisible() and went == [True]
    assert not app.model.session_active
    app.window.bring_forward()
    with qtbot.waitActive(app.window):
        app.window.activateWindow()
    qtbot.keyClick(app.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not app.window.isVisible())
    assert went == [True]
