"""The D-Bus session bus is shared with every program of the session: what
comes over it is hostile, and a bus that hangs must never hang the window.

Findings of issue 23 reproduced here, on a private dbus-daemon with the fake
desktop of tests/helpers:

- F12: any program on the bus could send ``ActionInvoked`` and start the
  routine (or, with the wrong arguments, raise ``IndexError`` in the window).
- F23: a notification server that did not answer was logged as "failed ()".
- F8: a frozen bus (SIGSTOP on dbus-daemon) or one that never answers
  ``Hello`` held the window: the reminder's connection, the screen-awake
  inhibit at the clock's start, and SDL's own bus connection inside
  ``pygame.mixer.init`` at the first sound (forever, as long as the bus was
  stopped).

The time limits are made short here (a few tenths of a second); a hang that
the code under test does not bound is ended by the test after ``HANG_S``, so a
regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from PySide6.QtCore import QTimer

from footdesk.platform import notifications, screen_awake
from footdesk.platform.notifications import INTERFACE, PATH, DesktopNotifier, Heard, hear
from footdesk.platform.screen_awake import LinuxScreenAwake
from tests.helpers.desktop_bus import pump
from tests.helpers.fake_bus_socket import FakeBusSocket
from tests.platform.test_reminder import Day
from tests.platform.test_screen_awake import RecordingHold

jeepney = pytest.importorskip("jeepney")

HANG_S = 3.0
"""How long a hang lasts in these tests before the test itself ends it."""
WINDOW_LIMIT_S = 0.3
"""The most the window's thread may be held here. footdesk's own budget is
about 0.1 s; the margin is for a loaded test machine."""
SHORT_S = 0.6
"""The time limit given to each D-Bus step in these tests (2 s in footdesk):
longer than WINDOW_LIMIT_S, so that waiting it out on the window's thread fails."""


# Measuring the window's thread ------------------------------------------------


class Stalls:
    """The longest the window's thread went without turning its event loop,
    seen by a timer that asks to run every 5 ms."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._last = time.monotonic()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.worst = max(self.worst, now - self._last)
        self._last = now

    def stop(self) -> float:
        self._tick()
        self._timer.stop()
        return self.worst


def timed(action: Callable[[], object]) -> float:
    """How long ``action`` held the window's thread."""
    start = time.monotonic()
    action()
    return time.monotonic() - start


@contextmanager
def frozen(desktop, what: str = "bus") -> Iterator[None]:
    """dbus-daemon (or the fake desktop) stopped with SIGSTOP, as a hung desktop
    is; continued after HANG_S at the latest, and at the end."""
    desktop.freeze(what, for_at_most=HANG_S)
    try:
        yield
    finally:
        desktop.thaw(what)


@pytest.fixture
def silent_bus(tmp_path) -> Iterator[FakeBusSocket]:
    """A bus that takes connections and their authentication, then never
    answers anything (no reply to ``Hello``); it hangs up after HANG_S."""
    bus = FakeBusSocket(tmp_path, answer=None, hang_up_after=HANG_S)
    yield bus
    bus.close()


@pytest.fixture
def short_calls(monkeypatch) -> None:
    monkeypatch.setattr(notifications, "CALL_TIMEOUT_S", SHORT_S)
    monkeypatch.setattr(screen_awake, "CALL_TIMEOUT_S", SHORT_S)


# F12: forged and malformed signals -------------------------------------------------


def other_program(desktop):
    """Another program of the session, on the same bus."""
    from jeepney.io.blocking import open_dbus_connection

    return open_dbus_connection(bus=desktop.address)


def signal(member: str, signature: str, body: tuple, to: str | None = None):
    """``member`` as if from the notification server; to everyone, or to one connection."""
    from jeepney import DBusAddress, HeaderFields, new_signal

    message = new_signal(DBusAddress(PATH, interface=INTERFACE), member, signature, body)
    if to is not None:
        message.header.fields[HeaderFields.destination] = to
    return message


def remind(desktop, qtbot, reminder, day: Day) -> tuple[str, int]:
    """The reminder goes out as a notification: who sent it and its id."""
    day.now = datetime(2026, 11, 24, 18, 30, 5).astimezone()
    reminder.check()
    kind, ours, notification, _rest = desktop.next_line(pump).split(" ", 3)
    assert kind == "notify"
    return ours, int(notification)


def test_an_action_forged_by_another_program_does_not_start_the_routine(desktop, qtbot, caplog):
    day = Day()
    reminder = day.reminder(notifier=lambda: DesktopNotifier(desktop.address))
    started, snoozed = [], []
    reminder.start_requested.connect(lambda: started.append(True))
    reminder.snooze_requested.connect(snoozed.append)
    ours, notification = remind(desktop, qtbot, reminder, day)
    with other_program(desktop) as forger, caplog.at_level("INFO", logger="footdesk.platform.notifications"):
        for _ in range(20):
            forger.send(signal("ActionInvoked", "us", (notification, "start")))  # to everyone
            forger.send(signal("ActionInvoked", "us", (notification, "start"), to=ours))  # to footdesk alone
        desktop.send("invoke 999 start")  # the server, for a notification footdesk never sent
        desktop.send(f"invoke {notification} snooze-10m")  # the person, on the real one
        qtbot.waitUntil(lambda: snoozed == ["snooze-10m"], timeout=10000)
    assert started == []
    ignored = [r.getMessage() for r in caplog.records if "ignored" in r.getMessage()]
    assert len(ignored) <= 1, ignored  # said once at most, however many came
    assert all(line.isprintable() and len(line) < 300 for line in ignored)


@pytest.mark.parametrize(
    ("member", "signature", "body"),
    [
        ("ActionInvoked", "u", (1,)),
        ("ActionInvoked", "", ()),
        ("ActionInvoked", "su", ("start", 1)),
        ("ActionInvoked", "uu", (1, 2)),
        ("NotificationClosed", "", ()),
        ("NotificationClosed", "s", ("x",)),
    ],
)
def test_a_malformed_signal_is_ignored_without_an_error(desktop, qtbot, member, signature, body):
    day = Day()
    reminder = day.reminder(notifier=lambda: DesktopNotifier(desktop.address))
    answered, snoozed = [], []
    reminder.start_requested.connect(lambda: answered.append(True))
    reminder.snooze_requested.connect(snoozed.append)
    ours, notification = remind(desktop, qtbot, reminder, day)
    if body and isinstance(body[0], int):
        body = (notification, *body[1:])
    with other_program(desktop) as forger:
        forger.send(signal(member, signature, body))
        forger.send(signal(member, signature, body, to=ours))
    desktop.send(f"invoke {notification} snooze-1h")
    qtbot.waitUntil(lambda: snoozed == ["snooze-1h"], timeout=10000)  # an error in the window would fail here
    assert answered == []


SERVER, OTHER = ":1.5", ":1.9"


def from_(sender: str, member: str, signature: str, body: tuple, path: str = PATH):
    from jeepney import DBusAddress, HeaderFields, new_signal

    message = new_signal(DBusAddress(path, interface=INTERFACE), member, signature, body)
    message.header.fields[HeaderFields.sender] = sender
    return message


@pytest.mark.parametrize(
    ("message", "meaning"),
    [
        (lambda: from_(SERVER, "ActionInvoked", "us", (7, "start")), Heard("ActionInvoked", 7, "start")),
        (lambda: from_(SERVER, "NotificationClosed", "uu", (7, 2)), Heard("NotificationClosed", 7)),
        (lambda: from_(SERVER, "ActionInvoked", "us", (8, "start")), None),  # another program's notification
        (lambda: from_(SERVER, "ActivationToken", "us", (7, "x")), None),  # not one footdesk listens to
        (lambda: from_(OTHER, "ActionInvoked", "us", (7, "start")), "not the notification server"),
        (lambda: from_(SERVER, "ActionInvoked", "u", (7,)), "with arguments (u) instead of (us)"),
        (lambda: from_(SERVER, "ActionInvoked", "", ()), "with arguments () instead of (us)"),
        (lambda: from_(SERVER, "NotificationClosed", "us", (7, "x")), "instead of (uu)"),
        (lambda: from_(SERVER, "ActionInvoked", "us", (7, "start"), path="/x"), "from /x"),
    ],
)
def test_only_the_server_that_took_a_notification_answers_for_it(message, meaning):
    """Even from the server's own name, a signal with the wrong arguments is
    ignored (the bus tests above cannot make the server send one)."""
    heard = hear(message(), {7: SERVER})
    if isinstance(meaning, str):
        assert isinstance(heard, str) and meaning in heard and heard.isprintable(), heard
    else:
        assert heard == meaning


# F23: a notification server that does not answer -----------------------------------


def test_a_notification_server_that_does_not_answer_is_named_in_the_log(desktop, qtbot, caplog, short_calls):
    day = Day()
    reminder = day.reminder(notifier=lambda: DesktopNotifier(desktop.address))
    how: list[str] = []
    reminder.shown.connect(how.append)
    day.now = datetime(2026, 11, 24, 18, 31).astimezone()
    with frozen(desktop, "desktop"), caplog.at_level("INFO", logger="footdesk.platform.notifications"):
        reminder.check()
        qtbot.waitUntil(lambda: how == ["window"], timeout=10000)
    lines = [r.getMessage() for r in caplog.records]
    assert any("did not answer" in line and f"within {SHORT_S:g} s" in line for line in lines), lines
    assert not any("()" in line for line in lines), lines


# F8: a bus that hangs never hangs the window ---------------------------------------


def reminded_over(address: str, qtbot) -> tuple[float, float, list[str]]:
    """A reminder falls due with the bus at ``address``: how long the check held
    the window's thread, the longest stall until the reminder showed, and how it showed."""
    day = Day()
    reminder = day.reminder(notifier=lambda: DesktopNotifier(address))
    how: list[str] = []
    reminder.shown.connect(how.append)
    day.now = datetime(2026, 11, 24, 18, 31).astimezone()
    stalls = Stalls()
    blocked = timed(reminder.check)
    qtbot.waitUntil(lambda: how != [], timeout=10000)
    return blocked, stalls.stop(), how


def test_a_bus_that_never_answers_hello_does_not_hold_the_window(silent_bus, qtbot, caplog, short_calls):
    with caplog.at_level("INFO", logger="footdesk.platform.notifications"):
        blocked, worst, how = reminded_over(silent_bus.address, qtbot)
    assert blocked < WINDOW_LIMIT_S and worst < WINDOW_LIMIT_S, (blocked, worst)
    assert how == ["window"]  # no notification: the window has the reminder
    assert "did not answer" in caplog.text, caplog.text


def test_a_frozen_bus_does_not_hold_the_window_when_a_reminder_is_due(desktop, qtbot, caplog, short_calls):
    with frozen(desktop), caplog.at_level("INFO", logger="footdesk.platform.notifications"):
        blocked, worst, how = reminded_over(desktop.address, qtbot)
    assert blocked < WINDOW_LIMIT_S and worst < WINDOW_LIMIT_S, (blocked, worst)
    assert how == ["window"]
    assert "did not answer" in caplog.text, caplog.text


def test_a_frozen_bus_does_not_hold_the_window_when_the_clock_starts(desktop, qtbot, caplog, short_calls):
    x11 = RecordingHold()
    awake = LinuxScreenAwake(desktop.address, system_bus=desktop.address, x11=x11)
    with frozen(desktop), caplog.at_level("INFO", logger="footdesk.platform.screen_awake"):
        stalls = Stalls()
        blocked = timed(lambda: awake.hold(True))
        assert blocked < WINDOW_LIMIT_S, blocked
        qtbot.waitUntil(lambda: x11.changes == [True], timeout=10000)  # the bus did not answer: X11 it is
        blocked = timed(awake.release)
        worst = stalls.stop()
    assert blocked < WINDOW_LIMIT_S and worst < WINDOW_LIMIT_S, (blocked, worst)
    assert not awake.held
    assert "did not answer" in caplog.text, caplog.text


SOUND_SCRIPT = r"""
import json, sys, time
from importlib import resources
from footdesk.platform import audio
from footdesk.settings import SoundPrefs

audio.SDL_BUS_WAIT_S = 0.1
notices, pending = [], []
player = audio.PygameCuePlayer(
    resources.files("footdesk.assets").joinpath("sounds"), prefs=SoundPrefs, notify=notices.append,
    schedule=lambda delay, action: pending.append(action),
)

def report(step, blocked=0.0):
    status = player.status().name
    opened = bool(player._pygame and player._pygame.mixer.get_init())
    figures = {"step": step, "blocked": blocked, "notices": notices, "status": status, "open": opened}
    print(json.dumps(figures), flush=True)

def session_began():
    start = time.monotonic()
    player.session_began()
    return time.monotonic() - start

report("first session", session_began())
player.session_ended()
report("second session", session_began())
sys.stdin.readline()  # the bus answers again, mid-session
end = time.monotonic() + 10
while player.status().name != "READY" and time.monotonic() < end:
    for action in [pending.pop(0) for _ in list(pending)]:
        action()  # the player's looks at the bus, on its scheduler
    time.sleep(0.01)
player.play("go")
report("after")
"""


def test_a_frozen_bus_does_not_hold_the_first_sound(desktop):
    """SDL connects to the session (and system) bus inside mixer.init, with the
    interpreter's lock held: a stopped bus held the window as long as it was
    stopped. Now the session goes on silently (said once), and the sound comes
    once the bus answers again."""
    environ = dict(os.environ, SDL_AUDIODRIVER="dummy", DBUS_SESSION_BUS_ADDRESS=desktop.address)
    environ["DBUS_SYSTEM_BUS_ADDRESS"] = desktop.address
    lines: queue.Queue[str] = queue.Queue()
    with frozen(desktop):
        child = subprocess.Popen(
            [sys.executable, "-c", SOUND_SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environ
        )
        threading.Thread(target=lambda: [lines.put(line) for line in child.stdout], daemon=True).start()  # type: ignore[union-attr]
        first = json.loads(lines.get(timeout=60))
        second = json.loads(lines.get(timeout=60))
    child.stdin.write("\n")  # type: ignore[union-attr]
    child.stdin.flush()  # type: ignore[union-attr]
    after = json.loads(lines.get(timeout=60))
    child.stdin.close()  # type: ignore[union-attr]
    assert child.wait(timeout=30) == 0
    assert first["blocked"] < WINDOW_LIMIT_S and second["blocked"] < WINDOW_LIMIT_S, (first, second)
    assert first["status"] == "UNAVAILABLE" and len(second["notices"]) == 1, second  # said once
    assert "bus" in first["notices"][0], first
    assert after["status"] == "READY" and after["open"], after


# Qt's own look for the tray (found after F8: it asked the bus on the window's thread) ------


def test_a_bus_that_never_answers_keeps_qt_from_looking_for_the_tray(silent_bus, qtbot, caplog, monkeypatch):
    from footdesk.platform import reminder
    from footdesk.platform.reminder import TrayCheck

    monkeypatch.setattr(reminder, "TRAY_CALL_TIMEOUT_S", SHORT_S)
    asked: list[bool] = []
    check = TrayCheck(qt_check=lambda: asked.append(True) or True, address=silent_bus.address)
    with caplog.at_level("INFO", logger="footdesk.platform.reminder"):
        blocked = timed(lambda: check())
        qtbot.waitUntil(lambda: "not looked for while the session bus does not answer" in caplog.text, timeout=10000)
        assert check() is False
    assert blocked < WINDOW_LIMIT_S, blocked
    assert asked == []  # Qt never got to wait on the bus


def test_with_a_bus_that_answers_qt_looks_for_the_tray_and_a_change_is_said(desktop, qtbot):
    from footdesk.platform.reminder import TrayCheck

    check = TrayCheck(qt_check=lambda: True, address=desktop.address)
    with qtbot.waitSignal(check.changed, timeout=10000):
        assert check() is False  # not known yet: the bus is asked first
    assert check() is True


def test_a_frozen_bus_does_not_hold_the_window_when_footdesk_looks_for_the_tray(desktop, qtbot, monkeypatch, caplog):
    from footdesk.platform import reminder
    from footdesk.platform.reminder import TrayCheck

    monkeypatch.setattr(reminder, "TRAY_CALL_TIMEOUT_S", SHORT_S)
    asked: list[bool] = []
    check = TrayCheck(qt_check=lambda: asked.append(True) or False, address=desktop.address)
    with frozen(desktop), caplog.at_level("INFO", logger="footdesk.platform.reminder"):
        blocked = timed(lambda: check())
        qtbot.waitUntil(lambda: "does not answer" in caplog.text, timeout=10000)  # the first look gave up
        blocked = max(blocked, timed(lambda: check()))
    assert blocked < WINDOW_LIMIT_S and asked == []
