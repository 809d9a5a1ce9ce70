"""The real app in a subprocess: starts, and ends cleanly on the signals a
desktop sends at logout or shutdown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.waiting import wait_for


@pytest.fixture
def app_env(user_dirs):
    env = dict(os.environ)
    env.update({name: str(path) for name, path in user_dirs.items()})
    env["QT_QPA_PLATFORM"] = "offscreen"
    # the footdesk a person runs, as installed: never the source tree that
    # happens to be the current folder (with a normal install, that one lacks
    # footdesk.assets, which only an install maps from assets/)
    env["PYTHONSAFEPATH"] = "1"
    return env


def log_text(user_dirs) -> str:
    logs = list(Path(user_dirs["XDG_CACHE_HOME"]).rglob("footdesk.log"))
    return logs[0].read_text(encoding="utf-8") if logs else ""


def start_then_terminate(env: dict[str, str], user_dirs, *args: str) -> tuple[int, str]:
    """Start the real app, wait until its window is shown, send SIGTERM (as a
    logout does) and return its exit code and stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "footdesk", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(lambda: "window shown" in log_text(user_dirs))
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    return process.returncode, err


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_closes_the_app_cleanly_even_with_the_welcome_open(app_env, user_dirs, signal_number):
    process = subprocess.Popen(
        [sys.executable, "-m", "footdesk", "--start"], env=app_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        wait_for(lambda: "window shown" in log_text(user_dirs))
        process.send_signal(signal_number)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err.decode()
    assert f"signal [{int(signal_number)}] received" in log_text(user_dirs)
    assert b"Traceback" not in err
    # nothing started after the signal: no session in the history, no mixer,
    # and the self-check (never read) will be shown again
    from footdesk.history import HistoryStore

    history = HistoryStore.open_for_reading(Path(user_dirs["XDG_DATA_HOME"]) / "footdesk" / "history.sqlite3")
    assert history is None or history.sessions() == []
    assert "mixer open" not in log_text(user_dirs)
    from footdesk.appstate import load_app_state

    assert load_app_state(Path(user_dirs["XDG_STATE_HOME"]) / "footdesk" / "app-state.json").welcome_seen is False


def test_a_broken_routine_is_reported_and_exits_1(monkeypatch, caplog, qapp):
    from PySide6.QtWidgets import QMessageBox

    from footdesk import app, routine
    from footdesk.routine import RoutineError

    def broken():
        raise RoutineError("foot-strength.toml", "not valid TOML (bad value at line 3)")

    shown = []
    monkeypatch.setattr(routine, "load_default_routine", broken)
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app.FootdeskApp().run() == 1
    assert "foot-strength.toml: not valid TOML (bad value at line 3)" in caplog.text
    assert "foot-strength.toml" in shown[0] and "Reinstalling" in shown[0]


def test_a_running_copy_that_hangs_is_reported_to_the_person(monkeypatch, caplog, qapp, user_dirs):
    """Its lock is held and its socket takes connections, but it never greets:
    launched from a menu there is no terminal, so a message box says so."""
    import socket

    from PySide6.QtWidgets import QMessageBox

    from footdesk import app, paths
    from footdesk.platform import handover, single_instance

    monkeypatch.setattr(handover, "TIMEOUT_S", 0.2)
    monkeypatch.setattr(single_instance, "_TIMEOUT_MS", 300)
    hung = single_instance.SingleInstance(paths.instance_lock_file())
    assert hung.become_primary()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    with socket.socket(socket.AF_UNIX) as never_greets:
        never_greets.bind(single_instance.listen_address(paths.instance_lock_file()))
        never_greets.listen(1)
        assert app.FootdeskApp(start_now=True).run() == 1
    hung.release()
    assert f"already running (process {os.getpid()}) but does not answer" in shown[0]
    assert "does not answer" in caplog.text


def test_a_running_copy_that_cannot_be_reached_is_reported_as_such(monkeypatch, caplog, qapp, user_dirs):
    """Its lock is held but nothing listens (its socket could not be made):
    not "does not answer", which would have the person end a healthy copy."""
    from PySide6.QtWidgets import QMessageBox

    from footdesk import app, paths
    from footdesk.platform import single_instance

    monkeypatch.setattr(single_instance, "_TIMEOUT_MS", 300)
    running = single_instance.SingleInstance(paths.instance_lock_file())
    assert running.become_primary()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    assert app.FootdeskApp().run() == 1
    running.release()
    address = single_instance.listen_address(paths.instance_lock_file())
    assert f"cannot reach it: nothing listens at {address}" in shown[0]
    assert "does not answer" not in shown[0]


WAITS_FOR_THE_HUNG_COPY = """
import os, sys
from footdesk.platform import handover
handover.TIMEOUT_S = 0.1  # the quick try, before Qt, gives up at once
connects = []

def follow(event, args):
    if event == "import" and args[0] == "footdesk.app":
        handover.TIMEOUT_S = 60.0  # the lock's path waits a whole minute for a greeting
    elif event == "socket.connect":
        connects.append(args[1])
        if len(connects) == 2:  # the lock's path, Qt loaded: it waits for the answer now
            os.write(2, b"waiting\\n")

sys.addaudithook(follow)
sys.argv = ["footdesk"]
from footdesk.cli import main
sys.exit(main())
"""


def test_a_launch_waiting_for_a_hung_copy_ends_at_once_on_sigterm(app_env, user_dirs):
    """Logout, a time-out or Ctrl+C while the launch waits for an answer: it
    has no window to close, so it ends at once (signals are held while Qt
    loads for a window, and must not stay held here). The launch waits a
    minute for the hung copy's greeting and the signal comes while it waits:
    held, it would end only after that minute."""
    import socket

    from footdesk.platform import single_instance

    lock = Path(user_dirs["XDG_STATE_HOME"]) / "footdesk" / "footdesk.lock"
    hung = single_instance.SingleInstance(lock)
    assert hung.become_primary()
    with socket.socket(socket.AF_UNIX) as never_greets:
        never_greets.bind(single_instance.listen_address(lock))
        never_greets.listen(8)
        launch = subprocess.Popen(
            [sys.executable, "-c", WAITS_FOR_THE_HUNG_COPY], env=app_env, stderr=subprocess.PIPE, text=True
        )
        try:
            assert launch.stderr is not None
            assert launch.stderr.readline() == "waiting\n"
            launch.send_signal(signal.SIGTERM)
            launch.wait(timeout=20)  # a third of the launch's own wait
        finally:
            launch.kill()
    hung.release()
    assert launch.returncode == -signal.SIGTERM


def test_the_terminal_gets_one_line_without_the_traceback():
    import logging

    from footdesk.app import _OneLineFormatter

    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "unexpected error: %s", ("boom",), sys.exc_info())
    assert _OneLineFormatter().format(record) == "footdesk: unexpected error: boom"


LAST_WORDS = """
import atexit, os, sys, time

def last_words():
    with open(os.environ["FOOTDESK_TEST_LAST_WORDS"], "w") as out:
        out.write(f"{time.monotonic()} {open('/proc/thread-self/schedstat').read()}")

atexit.register(last_words)  # the first registered runs last: after pygame's and footdesk's own
sys.argv = ["footdesk", *sys.argv[1:]]
from footdesk.cli import main
sys.exit(main())
"""


def main_thread_clocks(pid: int) -> tuple[float, float]:
    """Seconds a process's main thread has run and waited for a CPU (/proc/PID/schedstat)."""
    ran, waited, _ = Path(f"/proc/{pid}/schedstat").read_text().split()
    return int(ran) / 1e9, int(waited) / 1e9


@pytest.mark.skipif(not Path("/proc/self/schedstat").exists(), reason="reads the scheduler's figures from /proc")
def test_sigterm_with_the_mixer_open_ends_without_waiting(app_env, user_dirs, tmp_path):
    """From SIGTERM to its last Python line the app never waits for anything
    but a CPU: not for the sound to end, the device to close or a timer. The
    time its main thread was blocked (wall time less the time it ran or
    queued for a CPU) says so on a busy machine as on a quiet one, where a
    wall-clock bound failed under load."""
    state = Path(user_dirs["XDG_STATE_HOME"]) / "footdesk" / "app-state.json"
    state.parent.mkdir(parents=True)
    state.write_text('{"welcome_seen": true}')
    app_env["SDL_AUDIODRIVER"] = "dummy"
    app_env["FOOTDESK_TEST_LAST_WORDS"] = str(tmp_path / "last-words")
    process = subprocess.Popen(
        [sys.executable, "-c", LAST_WORDS, "--start"], env=app_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        wait_for(lambda: "sound: mixer open" in log_text(user_dirs), "the session's sound")
        sent, (ran, waited) = time.monotonic(), main_thread_clocks(process.pid)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err.decode()
    ended, ran_then, waited_then, _ = (float(n) for n in (tmp_path / "last-words").read_text().split())
    blocked = (ended - sent) - (ran_then / 1e9 - ran) - (waited_then / 1e9 - waited)
    assert blocked < 0.3, f"blocked {blocked:.2f} s of {ended - sent:.2f} s between SIGTERM and the end"
    assert "signal [15] received" in log_text(user_dirs)
    # the history was closed cleanly; the session under way had done nothing yet
    # (the first step is a habit to read), so it leaves no "partial" day behind
    from footdesk.history import HistoryStore

    history = HistoryStore.open_for_reading(Path(user_dirs["XDG_DATA_HOME"]) / "footdesk" / "history.sqlite3")
    assert history is not None and history.sessions() == []


def test_an_unwritable_log_folder_is_said_once_and_the_app_runs(app_env, user_dirs, tmp_path):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("x")
    app_env["XDG_CACHE_HOME"] = str(blocker)
    state = Path(user_dirs["XDG_STATE_HOME"]) / "footdesk" / "app-state.json"
    state.parent.mkdir(parents=True)
    state.write_text('{"welcome_seen": true}')
    process = subprocess.Popen(
        [sys.executable, "-m", "footdesk"], env=app_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(lambda: (Path(user_dirs["XDG_DATA_HOME"]) / "footdesk" / "history.sqlite3").exists())
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0
    assert err.count("cannot write the log") == 1 and "logging to the terminal only" in err
    assert "Traceback" not in err


SECOND_LAUNCH_LOADS = """
import sys
from footdesk.cli import main
code = main([])
print(code, "Qt" if "PySide6" in sys.modules else "no-Qt")
"""


def test_launching_twice_gives_one_window_and_a_killed_copy_never_blocks(app_env, user_dirs):
    state = Path(user_dirs["XDG_STATE_HOME"]) / "footdesk" / "app-state.json"
    state.parent.mkdir(parents=True)
    state.write_text('{"welcome_seen": true}')
    app_env["SDL_AUDIODRIVER"] = "dummy"
    from footdesk import paths
    from footdesk.platform.single_instance import listen_address

    listening = Path(listen_address(paths.instance_lock_file()))
    first = subprocess.Popen([sys.executable, "-m", "footdesk"], env=app_env, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: "window shown" in log_text(user_dirs))
        # it listens once the window is up (finish_start): a launch before that
        # retries for a time that a busy machine could outlast
        wait_for(listening.is_socket, "the first copy to listen")
        second = subprocess.run(
            [sys.executable, "-m", "footdesk", "--start"], env=app_env, check=False, capture_output=True, timeout=30
        )
        assert second.returncode == 0, second.stderr.decode(errors="replace")
        wait_for(lambda: "a second launch asked footdesk to start" in log_text(user_dirs))
        # the first copy took the wish: its routine started (the mixer opened for it)
        wait_for(lambda: "sound: mixer open" in log_text(user_dirs))
        # launching again, as from the menu, only tells it: Qt is never loaded for that
        again = subprocess.run(
            [sys.executable, "-c", SECOND_LAUNCH_LOADS], env=app_env, check=False, capture_output=True, timeout=30
        )
        assert again.stdout.split() == [b"0", b"no-Qt"], again.stderr.decode(errors="replace")
        wait_for(lambda: "a second launch asked footdesk to come forward" in log_text(user_dirs))
        # a start at login while it runs (the session restored it too) leaves it be
        login = subprocess.run(
            [sys.executable, "-m", "footdesk", "--background"],
            env=app_env,
            check=False,
            capture_output=True,
            timeout=30,
        )
        assert login.returncode == 0, login.stderr.decode(errors="replace")
        assert "a start at login has nothing to add" in log_text(user_dirs)
        assert log_text(user_dirs).count("a second launch asked") == 2
        assert log_text(user_dirs).count("window shown") == 1
        first.send_signal(signal.SIGKILL)  # a crash: the lock file stays behind
        first.wait(timeout=30)
        third = subprocess.Popen([sys.executable, "-m", "footdesk"], env=app_env, stderr=subprocess.PIPE)
        try:
            wait_for(lambda: log_text(user_dirs).count("window shown") == 2)
        finally:
            third.send_signal(signal.SIGTERM)
            third.communicate(timeout=30)
        assert third.returncode == 0
    finally:
        first.kill()


def test_garbage_window_geometry_is_ignored_and_replaced(app_env, user_dirs):
    import json

    state = Path(user_dirs["XDG_STATE_HOME"]) / "footdesk" / "app-state.json"
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"welcome_seen": True, "window_geometry": "!!! not base64 at all"}))
    returncode, err = start_then_terminate(app_env, user_dirs)
    assert returncode == 0 and "Traceback" not in err
    saved = json.loads(state.read_text())
    assert saved["welcome_seen"] is True and saved["window_geometry"] != "!!! not base64 at all"


def test_an_unusable_state_folder_still_runs_the_app(app_env, user_dirs, tmp_path):
    blocker = tmp_path / "state-is-a-file"
    blocker.write_text("x")
    app_env["XDG_STATE_HOME"] = str(blocker)
    returncode, err = start_then_terminate(app_env, user_dirs)
    assert returncode == 0
    assert "Traceback" not in err
    assert "cannot create the folder for the lock" in err and "cannot use the lock file" in err
    assert "stands in for it" in err  # the socket decides instead: still one copy at a time


def test_the_first_frame_needs_no_session_machinery():
    """What start-up loads before the window is shown (the start-up benchmark
    measures the time; this keeps the structure from sliding back)."""
    # PySide6 makes a class (and its Python enums) when it is first taken from
    # its module; some cost milliseconds (QStyle's about 5, QMessageBox's 2)
    probe = (
        "import sys, footdesk.app, PySide6.QtCore as c, PySide6.QtGui as g, PySide6.QtWidgets as w; "
        "print(' '.join(sorted(m for m in sys.modules))); "
        "print(' '.join(sorted(n for module in (c, g, w) for n in vars(module))))"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    modules, qt_classes = (line.split() for line in output.splitlines())
    for later in (
        "footdesk.session", "footdesk.history", "footdesk.platform.audio", "footdesk.cues", "footdesk.ui.controller",
        "footdesk.ui.session_view", "footdesk.ui.finished_view", "footdesk.platform.screen_awake",
        "footdesk.platform.reminder",
        "sqlite3", "pygame", "tomlkit", "logging.handlers", "PySide6.QtNetwork", "PySide6.QtDBus", "socket", "csv",
    ):  # fmt: skip
        assert later not in modules, f"{later} is imported before the window is shown"
    for later in ("QStyle", "QMessageBox", "QAccessible", "QSocketNotifier", "QStandardItemModel"):
        assert later not in qt_classes, f"Qt's {later} is made before the window is shown"
    assert "QLabel" in qt_classes, "the probe should see the classes the home screen uses"


def test_pyside_reads_none_of_the_modules_imported_after_it(app_env):
    """PySide read the whole source of every module imported after it (for its
    ``__feature__`` switch, which footdesk never uses) and kept it in memory:
    15-25 ms of the first window and 1.6 million characters for as long as
    footdesk ran. Qt is loaded the way the launch loads it, then the window
    is built: none of footdesk's sources is kept."""
    probe = (
        "import linecache, sys; from footdesk.platform.pyside_imports import load_qt; print(load_qt()); "
        "import footdesk.app as a; q = a.FootdeskApp.application(); "
        "from footdesk.appmodel import build_model; s = a.Shell(build_model()); "
        "print(' '.join(sorted(linecache.cache)))"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env=app_env).stdout  # fmt: skip
    turned_off, read = output.splitlines()
    assert turned_off == "True", "PySide's check of later imports was not where footdesk looks for it"
    assert "footdesk" not in read, f"PySide read footdesk's modules: {read}"


def test_the_first_frame_is_built_without_the_history_or_the_session(app_env):
    """Building the model and the window (what comes before the first frame)
    reads nothing of the history: a query made then (the home screen's week)
    answers "nothing yet" without loading SQLite or the session machinery. A
    week asked before the history opened once loaded the whole history package,
    15 ms of the first window."""
    probe = (
        "import sys, footdesk.app as a; q = a.FootdeskApp.application(); "
        "from footdesk.appmodel import build_model; s = a.Shell(build_model()); "
        "print(' '.join(sorted(sys.modules)))"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env=app_env).stdout  # fmt: skip
    modules = output.split()
    assert "footdesk.ui.main_window" in modules  # the window was built
    pictures = ("footdesk.pictures", "footdesk.model.pictures", "footdesk.ui.picture_view", "xml.etree.ElementTree",
                "footdesk.archive", "footdesk.card", "footdesk.model.cards")  # fmt: skip
    for later in ("footdesk.history", "footdesk.session", "sqlite3", "pygame", "tomlkit", *pictures):
        assert later not in modules, f"{later} is imported before the first frame"


def test_a_background_start_without_a_reminder_shows_the_window(app_env, user_dirs):
    """At login footdesk starts with --background; with nothing to remind of
    (or no tray to live in) hiding would leave an invisible process."""
    code, err = start_then_terminate(app_env, user_dirs, "--background")
    assert code == 0, err
    log = log_text(user_dirs)
    assert "no daily reminder set or no system tray: showing the window" in log
    assert "window shown" in log


def test_window_dates_are_in_the_language_of_the_interface(qapp):
    """Qt sets the process locale from the system: de_DE would give "Mo" in an English window."""
    import locale
    from datetime import date

    from footdesk.platform.display import english_dates

    try:
        locale.setlocale(locale.LC_TIME, "de_DE.ISO-8859-1")
    except locale.Error:
        pytest.skip("needs the de_DE.ISO-8859-1 locale (.ci/run generates it)")
    try:
        assert date(2026, 11, 16).strftime("%a %b") == "Mo Nov"
        english_dates()
        assert date(2026, 11, 16).strftime("%a %b") == "Mon Nov"
    finally:
        locale.setlocale(locale.LC_TIME, "C")
