"""The screen stays awake while a clock runs, through a real D-Bus bus and a fake screen saver."""

from __future__ import annotations

from PySide6.QtCore import Qt

from footdesk.platform.screen_awake import FreedesktopScreenAwake, LinuxScreenAwake, LogindIdleInhibit, NoScreenAwake
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


def test_without_a_screen_saver_it_says_so_once_in_the_log_and_the_routine_is_unaffected(desktop, caplog, qtbot):
    desktop.close()  # the bus stays up, but nobody owns org.freedesktop.ScreenSaver
    awake = FreedesktopScreenAwake(desktop.address)
    said = lambda: sum("cannot keep the screen awake" in record.message for record in caplog.records)  # noqa: E731
    with caplog.at_level("INFO", logger="footdesk.platform.screen_awake"):
        for _ in range(2):
            awake.hold(True)
            qtbot.waitUntil(lambda: said() >= 1, timeout=10000)  # the bus answers on its own thread
            for _ in range(20):
                pump()
            awake.hold(False)
    assert not awake.held
    assert said() == 1


def test_without_a_session_bus_nothing_breaks(qapp, qtbot, caplog):
    awake = FreedesktopScreenAwake("unix:path=/nonexistent/footdesk-test-bus")
    with caplog.at_level("INFO", logger="footdesk.platform.screen_awake"):
        awake.hold(True)
        qtbot.waitUntil(lambda: "cannot keep the screen awake" in caplog.text, timeout=10000)
    assert not awake.held


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


class RecordingHold:
    """Stands in for the X11 suspension: remembers each change."""

    def __init__(self) -> None:
        self.held = False
        self.changes: list[bool] = []

    def hold(self, wanted: bool) -> None:
        if wanted != self.held:
            self.held = wanted
            self.changes.append(wanted)

    def release(self) -> None:
        self.hold(False)


def ticks(awake, count: int = 10) -> None:
    """A running clock asks to hold the screen on every tick."""
    for _ in range(count):
        awake.hold(True)
        for _ in range(5):
            pump()


def test_without_a_screen_saver_service_x11_keeps_the_screen_on_asked_once_and_logged_once(desktop, caplog, qtbot):
    desktop.send("unregister org.freedesktop.ScreenSaver")
    assert desktop.next_line(pump) == "unregistered org.freedesktop.ScreenSaver"
    x11 = RecordingHold()
    awake = LinuxScreenAwake(desktop.address, system_bus="unix:path=/nonexistent/footdesk-system-bus", x11=x11)
    with caplog.at_level("INFO", logger="footdesk.platform.screen_awake"):
        ticks(awake)
        qtbot.waitUntil(lambda: x11.changes == [True], timeout=10000)  # once the bus said there is none
        # logind's answer (no system bus) comes back on its own thread, in its own time
        qtbot.waitUntil(lambda: any("systemd-logind" in r.message for r in caplog.records), timeout=10000)
        ticks(awake)
        assert x11.changes == [True] and awake.held
        assert awake.screensaver._holds == 1  # one D-Bus try, not one a second
        awake.hold(False)  # paused
        assert x11.changes == [True, False] and not awake.held
        ticks(awake)  # resumed: straight to X11, D-Bus is not asked again
        assert awake.screensaver._holds == 1 and x11.changes == [True, False, True]
        awake.release()  # exit
        assert not awake.held
    lines = [record.message for record in caplog.records]
    assert len(lines) == len(set(lines)) == 2, lines  # no ScreenSaver; no logind: one line each
    assert any("no org.freedesktop.ScreenSaver" in line for line in lines)
    assert any("no systemd-logind idle inhibitor" in line for line in lines)


def test_with_a_screen_saver_service_x11_is_left_alone(desktop):
    x11 = RecordingHold()
    awake = LinuxScreenAwake(desktop.address, system_bus="unix:path=/nonexistent/footdesk-system-bus", x11=x11)
    ticks(awake, 3)
    assert desktop.next_line(pump).startswith("inhibit ")
    assert awake.held and x11.changes == []
    awake.hold(False)
    assert desktop.next_line(pump).startswith("gone ")


def test_the_logind_idle_inhibitor_is_held_while_the_clock_runs_and_closed_after(desktop, qtbot):
    awake = LinuxScreenAwake(desktop.address, system_bus=desktop.address, x11=RecordingHold())
    ticks(awake, 3)
    seen = {desktop.next_line(pump).split(" ")[0] for _ in range(2)}
    assert seen == {"inhibit", "idle-inhibit"}
    qtbot.waitUntil(lambda: awake.logind.held, timeout=10000)
    awake.hold(False)
    released = {desktop.next_line(pump).split(" ")[0] for _ in range(2)}
    assert released == {"gone", "idle-released"}
    assert not awake.held


def test_a_logind_answer_after_the_clock_stopped_is_closed_at_once(desktop):
    logind = LogindIdleInhibit(desktop.address)
    logind.hold(True)
    assert desktop.next_line(pump).startswith("idle-inhibit ")
    logind.hold(False)  # logind has answered, and footdesk may not have read it yet
    assert desktop.next_line(pump) == "idle-released"
    assert not logind.held


def test_on_wayland_without_a_screen_saver_it_says_so_once(desktop, caplog, qtbot):
    desktop.send("unregister org.freedesktop.ScreenSaver")
    assert desktop.next_line(pump) == "unregistered org.freedesktop.ScreenSaver"
    awake = LinuxScreenAwake(desktop.address, system_bus="unix:path=/nonexistent/footdesk-system-bus", wayland=True)
    assert awake.x11 is None
    with caplog.at_level("INFO", logger="footdesk.platform.screen_awake"):
        for _ in range(3):
            ticks(awake, 3)
            qtbot.waitUntil(lambda: awake._screensaver_missing, timeout=10000)
            awake.hold(False)
    assert sum("cannot keep the screen awake on this Wayland desktop" in r.message for r in caplog.records) == 1


def test_the_screen_is_let_go_when_the_routine_finishes(make_app):
    from footdesk.appmodel import Screen
    from footdesk.routine import load_default_routine
    from footdesk.session import State

    awake = NoScreenAwake()
    app = make_app(
        SessionOptions(get_ready_s=1, sleep_gap_s=1e9),
        base=load_default_routine().with_durations({"roll": 2, "heel-raises": 2}),
    )
    app.shell.use_screen_awake(awake)
    app.model.start()
    held_at_some_point = False
    for _ in range(100):
        if app.model.screen is not Screen.SESSION:
            break
        snap = app.model.snapshot()
        if snap is not None and snap.state in (State.TIP, State.READY):
            app.model.toggle()
        else:
            app.run_for(1)
        held_at_some_point = held_at_some_point or awake.held
    assert app.model.screen is Screen.FINISHED
    assert held_at_some_point and not awake.held
