"""The daily reminder as the person meets it: one notification, a button that
starts, buttons that snooze, and the window where nothing else can show it."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from footdesk import APP_ID
from footdesk.platform.notifications import DesktopNotifier
from footdesk.platform.reminder import LONGEST_SLEEP_S, DailyReminder
from footdesk.reminder import ReminderMemory, Snooze, after_shown, after_snooze, next_reminder_text
from tests.helpers.desktop_bus import pump
from tests.helpers.recorders import TrayHost


class Day:
    """What the reminder reads: the clock, the setting, today's history, its own memory."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 9, 0).astimezone()
        self.at: time | None = time(18, 30)
        self.done = False
        self.memory = ReminderMemory()
        self.later: tuple[time, ...] = ()
        self.body = "5 minutes on the floor."
        self.pending = False

    @property
    def shown_on(self) -> date | None:
        return self.memory.shown_on

    @shown_on.setter
    def shown_on(self, day: date | None) -> None:
        self.memory = ReminderMemory(day, self.memory.snoozed_until)

    def reminder(self, notifier=lambda: None, tray: bool = False) -> DailyReminder:
        def mark(now: datetime) -> None:
            assert self.at is not None
            self.memory = after_shown(now, self.at, self.memory, self.later)

        reminder = DailyReminder(
            at=lambda: self.at,
            done_today=lambda: self.done,
            memory=lambda: self.memory,
            mark_shown=mark,
            body=lambda: self.body,
            icon=QIcon(),
            notifier=notifier,
            now=lambda: self.now,
            tray_available=lambda: tray,
        )
        reminder.next_text = lambda: next_reminder_text(self.now, self.at, self.memory, self.done, self.pending)
        return reminder


def test_the_notification_has_a_start_button_that_starts_the_routine(desktop, qtbot):
    day = Day()
    reminder = day.reminder(notifier=lambda: DesktopNotifier(desktop.address))
    started, how = [], []
    reminder.start_requested.connect(lambda: started.append(True))
    reminder.shown.connect(how.append)
    reminder.reschedule()
    reminder.check()  # 09:00: not yet
    assert desktop.no_line(pump) is None
    day.now = datetime(2026, 11, 24, 18, 30, 5).astimezone()
    reminder.check()
    line = desktop.next_line(pump)
    kind, _sender, notification, rest = line.split(" ", 3)
    app_name, icon, summary, body, actions, timeout, hints = rest.split("|")
    assert (kind, app_name, icon, summary) == ("notify", "footdesk", APP_ID, "Time for your feet")
    assert body == "5 minutes on the floor."
    assert actions == (
        "default,Open footdesk,start,Start the routine,"
        "snooze-10m,In 10 minutes,snooze-1h,In an hour,snooze-tomorrow,Tomorrow"
    )
    assert timeout == "0"  # it stays until answered
    assert "suppress-sound=True" in hints and f"desktop-entry={APP_ID}" in hints  # footdesk sounds it itself
    qtbot.waitUntil(lambda: how == ["notification"], timeout=10000)  # the server's answer came
    assert day.shown_on == date(2026, 11, 24)
    desktop.send(f"invoke {notification} start")
    qtbot.waitUntil(lambda: started == [True], timeout=10000)


def test_the_notification_snoozes_and_an_answer_in_the_window_takes_it_away(desktop, qtbot):
    day = Day()
    reminder = day.reminder(notifier=lambda: DesktopNotifier(desktop.address))
    snoozes = []
    reminder.snooze_requested.connect(snoozes.append)
    day.now = datetime(2026, 11, 24, 18, 30, 5).astimezone()
    reminder.check()
    notification = desktop.next_line(pump).split(" ", 3)[2]
    desktop.send(f"invoke {notification} snooze-1h")
    qtbot.waitUntil(lambda: snoozes == ["snooze-1h"], timeout=10000)
    # the next one is answered in the window: footdesk takes it off the screen
    day.memory = ReminderMemory(day.memory.shown_on, datetime(2026, 11, 24, 19, 30).astimezone())
    day.now = datetime(2026, 11, 24, 19, 30).astimezone()
    reminder.check()
    again = desktop.next_line(pump).split(" ", 3)
    assert again[0] == "notify" and again[2] != notification
    reminder.follow(True)
    reminder.follow(False)
    assert desktop.next_line(pump) == f"close {again[2]}"


def test_a_server_without_buttons_gets_plain_text_and_the_window_has_the_buttons(desktop, qtbot):
    desktop.send("caps body")
    assert desktop.next_line(pump) == "caps body"
    day = Day()
    reminder = day.reminder(notifier=lambda: DesktopNotifier(desktop.address))
    how, opened = [], []
    reminder.shown.connect(how.append)
    reminder.open_requested.connect(lambda: opened.append(True))
    day.now = datetime(2026, 11, 24, 18, 31).astimezone()
    reminder.check()
    rest = desktop.next_line(pump).split(" ", 3)[3]
    assert rest.split("|")[4] == ""  # no actions sent
    qtbot.waitUntil(lambda: how == ["notification+window"], timeout=10000)
    assert opened == [True]


def test_a_server_without_a_body_gets_it_in_the_summary(desktop, qtbot):
    desktop.send("caps actions")
    assert desktop.next_line(pump) == "caps actions"
    day = Day()
    reminder = day.reminder(notifier=lambda: DesktopNotifier(desktop.address))
    day.now = datetime(2026, 11, 24, 18, 31).astimezone()
    reminder.check()
    summary, body = desktop.next_line(pump).split(" ", 3)[3].split("|")[2:4]
    assert summary == "Time for your feet: 5 minutes on the floor." and body == ""


def test_no_notification_service_means_the_window_and_one_line_in_the_log(desktop, qtbot, caplog):
    desktop.close()
    day = Day()
    reminder = day.reminder(notifier=lambda: DesktopNotifier(desktop.address))
    how = []
    reminder.shown.connect(how.append)
    day.now = datetime(2026, 11, 24, 18, 31).astimezone()
    with caplog.at_level("INFO", logger="footdesk.platform.notifications"):
        reminder.check()
        day.shown_on = None
        reminder.check()
        qtbot.waitUntil(lambda: how == ["window", "window"], timeout=10000)
    assert len(caplog.records) == 1 and "notifications are off" in caplog.text


def test_snoozing_from_the_tray_menu_only_while_a_reminder_is_out(qtbot):
    day = Day()
    reminder = day.reminder(tray=True)
    reminder.reschedule()
    assert reminder.tray is not None
    later = next(a for a in reminder.tray.contextMenu().actions() if a.menu() is not None).menu()
    assert [a.text() for a in later.actions()] == ["In 10 minutes", "In an hour", "Tomorrow"]
    assert not any(a.isEnabled() for a in later.actions())
    snoozes = []
    reminder.snooze_requested.connect(snoozes.append)
    reminder.follow(True)
    later.actions()[0].trigger()
    assert snoozes == ["snooze-10m"]
    reminder.follow(False)
    assert not any(a.isEnabled() for a in later.actions())


def test_the_tray_says_when_the_next_reminder_comes_and_offers_later_only_while_one_is_out(qtbot, monkeypatch):
    """Issue 29 (11): the tooltip said only the daily time, and "Remind me later" was always there."""
    day = Day()
    reminder = day.reminder(tray=True)
    told = []
    reminder.next_changed.connect(told.append)
    reminder.reschedule()
    assert reminder.tray is not None
    assert reminder.tray.toolTip() == "footdesk: Next reminder at 18:30"
    assert told[-1] == "Next reminder at 18:30"
    later = next(a for a in reminder.tray.contextMenu().actions() if a.menu() is not None)
    assert later.text() == "Remind me later" and not later.isVisible()

    day.now = day.now.replace(hour=18, minute=31)
    reminder.check()
    day.pending = True
    reminder.follow(True)
    assert later.isVisible() and reminder.tray.toolTip() == "footdesk: Reminder out now"

    balloons = []
    monkeypatch.setattr(reminder.tray, "supportsMessages", lambda: True)
    monkeypatch.setattr(reminder.tray, "isVisible", lambda: True)
    monkeypatch.setattr(reminder.tray, "showMessage", lambda title, text, *rest: balloons.append(text))

    def snooze(value):  # what the model does with it
        assert day.at is not None
        day.memory = after_snooze(day.now, day.memory, Snooze(value))
        day.pending = False
        reminder.follow(False)

    reminder.snooze_requested.connect(snooze)
    later.menu().actions()[0].trigger()
    assert balloons == ["Next reminder at 18:41"]
    assert reminder.tray.toolTip() == "footdesk: Next reminder at 18:41" and not later.isVisible()
    day.done = True
    reminder.reschedule()
    assert reminder.tray.toolTip() == "footdesk: Today's routine is done: next reminder tomorrow at 18:30"


def test_one_reminder_a_day_however_often_it_looks():
    day = Day()
    reminder = day.reminder()
    how = []
    reminder.shown.connect(how.append)
    for hour in (19, 20, 23):
        day.now = datetime(2026, 11, 24, hour, 0).astimezone()
        reminder.check()
    assert how == ["window"]  # no notification service and no tray: the window comes forward


def test_back_after_days_away_gives_a_single_reminder():
    day = Day()
    day.shown_on = date(2026, 11, 20)
    reminder = day.reminder()
    how = []
    reminder.shown.connect(how.append)
    day.now = datetime(2026, 11, 24, 21, 0).astimezone()
    reminder.check()
    reminder.check()
    assert how == ["window"]


def test_no_reminder_when_the_routine_is_done_or_the_reminder_is_off():
    day = Day()
    day.now = datetime(2026, 11, 24, 19, 0).astimezone()
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
    with qtbot.waitActive(app.window, timeout=30_000):
        app.window.activateWindow()
    qtbot.keyClick(app.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not app.window.isVisible())
    assert went == [True]


def test_a_server_reading_markup_gets_a_routines_titles_as_text(desktop, qtbot):
    desktop.send("caps actions,body,body-markup")
    assert desktop.next_line(pump) == "caps actions,body,body-markup"
    day = Day()
    day.body = "2 minutes on the floor: <b>calf</b> & <img src='/etc/hostname'>."  # titles from a received routine
    reminder = day.reminder(notifier=lambda: DesktopNotifier(desktop.address))
    day.now = datetime(2026, 11, 24, 18, 31).astimezone()
    reminder.check()
    body = desktop.next_line(pump).split(" ", 3)[3].split("|")[3]
    assert body == "2 minutes on the floor: &lt;b&gt;calf&lt;/b&gt; &amp; &lt;img src='/etc/hostname'&gt;."


def test_a_routine_done_twice_a_day_is_reminded_twice_and_not_after_both(qtbot):
    """The shell's reminder asks the model how many reminders the routine's dose
    wants (``later``) and how many times it was done today (``times_done``)."""
    day = Day()
    day.at, day.later = time(8, 0), (time(18, 0),)
    done = [0]
    reminder = day.reminder()
    reminder.later = lambda: day.later
    reminder.times_done = lambda: done[0]
    how = []
    reminder.shown.connect(how.append)
    for hour, times in ((8, 0), (12, 0), (18, 1), (19, 1)):
        day.now = datetime(2026, 11, 24, hour, 0, 5).astimezone()
        done[0] = times
        reminder.check()
    assert how == ["window", "window"]  # at 08:00, and at 18:00 with one session done
    assert reminder.timer_armed
    day.now = datetime(2026, 11, 25, 8, 0, 5).astimezone()
    done[0] = 0
    reminder.check()
    day.now = datetime(2026, 11, 25, 18, 0, 5).astimezone()
    done[0] = 2  # both done by then: none
    reminder.check()
    assert how == ["window", "window", "window"]
