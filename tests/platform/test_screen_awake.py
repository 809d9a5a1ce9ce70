"""The screen stays awake while a clock runs, through a real D-Bus bus and a fake screen saver."""

from __future__ import annotations

from PySide6.QtCore import Qt

from footdesk.platform.screen_awake import FreedesktopScreenAwake, NoScreenAwake
from footdesk.session import SessionOptions
from tests.helpers.desktop_bus import pump


def test_hold_inhibits_once_and_release_ends_the_inhibit(desktop):
    awake = FreedesktopScreenAwake(desktop.address)
    awake.hold(True)
    kind, sender, cookie, what = desktop.next_line(pump).split(" ", 3)
    assert kind == "inhibit" and what.startswith("footdesk|")
    awake.hold(True)  # a second tick of the same state asks for nothing more
    assert desktop.no_line(pump) is None
    assert awake.held and awake.cookie == int(cookie)
    awake.hold(False)
    assert desktop.next_line(pump) == f"gone {sender}"
    assert not awake.held


def test_release_before_the_answer_still_ends_the_inhibit(desktop):
    awake = FreedesktopScreenAwake(desktop.address)
    awake.hold(True)
    awake.hold(False)  # before the event loop delivered the reply
    seen = []
    while (line := desktop.no_line(pump, wait=1.0)) is not None:
        seen.append(line)
    inhibits = [line.split()[1] for line in seen if line.startswith("inhibit")]
    # either the call never left, or it did and its connection closed after it
    assert all(f"gone {sender}" in seen for sender in inhibits)
    assert not awake.held


def test_without_a_screen_saver_it_says_so_once_in_the_log_and_the_routine_is_unaffected(desktop, caplog):
    desktop.close()  # the bus stays up, but nobody owns org.freedesktop.ScreenSaver
    awake = FreedesktopScreenAwake(desktop.address)
    with caplog.at_level("INFO", logger="footdesk.platform.screen_awake"):
        for _ in range(2):
            awake.hold(True)
            for _ in range(20):
                pump()
            awake.hold(False)
    assert not awake.held
    assert sum("cannot keep the screen awake" in record.message for record in caplog.records) == 1


def test_without_a_session_bus_nothing_breaks(qapp, caplog):
    awake = FreedesktopScreenAwake("unix:path=/nonexistent/footdesk-test-bus")
    with caplog.at_level("INFO", logger="footdesk.platform.screen_awake"):
        awake.hold(True)
    assert not awake.held
    assert "cannot keep the screen awake" in caplog.text


def test_the_window_holds_the_screen_only_while_the_clock_runs(make_app, qtbot):
    awake = NoScreenAwake()
    app = make_app(SessionOptions(get_ready_s=3, sleep_gap_s=1e9))
    app.shell.use_screen_awake(awake)
    assert not awake.held
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # start: the first step is a habit to read
    assert not awake.held
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    app.run_for(0.5)
    assert awake.held  # get-ready counts down
    app.run_for(5)
    assert awake.held  # rolling
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    assert not awake.held  # paused
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    assert awake.held
    qtbot.keyClick(app.window, Qt.Key.Key_Escape)
    assert not awake.held  # stopped
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # home
    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # again
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    app.run_for(1)
    assert awake.held
    app.window.close()
    assert not awake.held  # closed mid-session
