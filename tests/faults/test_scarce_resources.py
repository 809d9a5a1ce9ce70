"""footdesk short of what a system gives: disk space, a writable folder, file
descriptors (``ulimit -n``), memory (``ulimit -v``). Each is made for real
(a small tmpfs, a read-only bind mount, resource limits on the real
process); footdesk says what it cannot do once, in one clear line, keeps to
one copy at a time, and ends on SIGTERM."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from footdesk.platform.single_instance import listen_address
from tests.helpers.mounts import fill, read_only, small_disk
from tests.helpers.real_app import app_environment, launch, limited
from tests.test_app import log_text, wait_for

pytestmark = pytest.mark.skipif(os.name != "posix", reason="mounts and resource limits of Linux")


@pytest.fixture
def env(user_dirs) -> dict[str, str]:
    return app_environment(user_dirs)


@pytest.fixture
def state(user_dirs) -> Path:
    """footdesk's state folder, where its lock file lives."""
    return Path(user_dirs["XDG_STATE_HOME"]) / "footdesk"


def end(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=10)
    finally:
        process.kill()
    return process.returncode, err


def second_launch(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footdesk", *args], env=env, capture_output=True, text=True, timeout=30, check=False
    )


def one_copy_without_the_lock(env: dict[str, str], user_dirs) -> str:
    """Start footdesk, launch it again: the second hands over. Returns the first's stderr."""
    first = launch(env)
    try:
        wait_for(lambda: "window shown" in log_text(user_dirs))
        again = second_launch(env, "--start")
        assert again.returncode == 0, again.stderr
        wait_for(lambda: "a second launch asked footdesk to start" in log_text(user_dirs))
        assert log_text(user_dirs).count("window shown") == 1, "one window, one copy writing the history"
    finally:
        code, err = end(first)
    assert code == 0 and "Traceback" not in err, err
    return err


# Without the lock file -------------------------------------------------------------


def test_a_read_only_state_folder_still_gives_one_copy(env, user_dirs, state):
    with read_only(state):
        err = one_copy_without_the_lock(env, user_dirs)
    assert "footdesk.lock: cannot use the lock file (its folder cannot be written)" in err
    assert "stands in for it" in err


def test_a_full_disk_under_the_lock_still_gives_one_copy(env, user_dirs, state, tmp_path):
    with small_disk(state, "64k"):
        (state / "app-state.json").write_text('{"welcome_seen": true}')
        fill(state)
        err = one_copy_without_the_lock(env, user_dirs)
    assert "footdesk.lock: cannot use the lock file (it cannot be made or written)" in err


def test_a_lock_left_by_a_copy_that_ended_in_a_folder_now_read_only_does_not_block(env, user_dirs, state):
    """Qt cannot take the stale lock over (it cannot remove it): before, the
    launch took it for a running copy and said nothing listens there."""
    leave_lock = (
        "import os, sys; from PySide6.QtCore import QLockFile; "
        "lock = QLockFile(sys.argv[1]); assert lock.tryLock(0); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", leave_lock, str(state / "footdesk.lock")], check=True, env=env)
    assert (state / "footdesk.lock").exists()
    with read_only(state):
        err = one_copy_without_the_lock(env, user_dirs)
    assert "left by a copy that ended, and it cannot be removed" in err


def test_with_neither_lock_nor_socket_footdesk_says_it_cannot_be_sure(env, user_dirs, request):
    """No runtime folder, so the socket would be beside the lock, in the same
    read-only folder: footdesk runs, and says plainly what it cannot check."""
    del env["XDG_RUNTIME_DIR"]
    # a short state folder, as in a home folder, so that a socket fits there (108 bytes)
    short = Path(tempfile.mkdtemp(prefix="fd-state-"))
    request.addfinalizer(lambda: shutil.rmtree(short, ignore_errors=True))
    env["XDG_STATE_HOME"] = str(short)
    user_dirs = {**user_dirs, "XDG_STATE_HOME": short}
    state = short / "footdesk"
    state.mkdir(mode=0o700)  # private, so the socket's place is beside the lock
    lock = state / "footdesk.lock"
    with read_only(state):
        process = launch(env)
        try:
            wait_for(lambda: "window shown" in log_text(user_dirs))
        finally:
            code, err = end(process)
    assert code == 0 and "Traceback" not in err, err
    assert f"{lock}: cannot use the lock file (its folder cannot be written) nor listen at" in err
    assert "footdesk cannot be sure it is the only copy running" in err
    assert not os.path.exists(listen_address(lock) or "")


# A full disk under the log ---------------------------------------------------------


def test_a_full_disk_under_the_log_is_said_once_without_a_traceback(env, user_dirs):
    from footdesk.platform.handover import ACTIVATE, hand_over_quickly

    logs = Path(user_dirs["XDG_CACHE_HOME"]) / "footdesk" / "log"
    lock = Path(user_dirs["XDG_STATE_HOME"]) / "footdesk" / "footdesk.lock"
    with small_disk(logs, "64k"):
        process = launch(env)
        try:
            wait_for(lambda: "window shown" in log_text(user_dirs))
            fill(logs)
            for _ in range(80):  # a line each: past the log's last page (4 kB), which had room left
                wait_for(lambda: hand_over_quickly(ACTIVATE, lock), timeout=5)
        finally:
            code, err = end(process)
    assert code == 0, err
    assert "Logging error" not in err and "Traceback" not in err, err
    assert err.count("cannot write the log (No space left on device)") == 1, err


# Out of file descriptors (ulimit -n) ----------------------------------------------

EXHAUST_FILES_IN_A_SESSION = """
import logging, os, sys
from footdesk import app
started = app.Shell.finish_start

def finish_start(shell):
    if getattr(shell, "driven", False):
        return
    shell.driven = True
    started(shell)
    held = []
    try:
        while True:  # every descriptor left taken, as a leak or a busy desktop would
            held.append(os.open(os.devnull, os.O_RDONLY))
    except OSError:
        pass
    # as keys pressed in the window: what fails in a slot goes to sys.excepthook
    for press in (shell.model.start, shell.model.skip, *[shell.model.toggle] * 10):
        try:
            press()  # pause, resume: the session screen is wanted at each change, as at each tick
        except Exception:
            sys.excepthook(*sys.exc_info())
    logging.getLogger("driver").warning("driven")

app.Shell.finish_start = finish_start
"""


def test_out_of_file_descriptors_is_said_once_not_at_every_tick(env, user_dirs, state):
    """Before: a session ran behind the home screen (its screen could not be
    loaded, for want of a descriptor) with an error at every tick."""
    process = launch(env, before=EXHAUST_FILES_IN_A_SESSION, limits=limited(files=40))
    try:
        wait_for(lambda: "driven" in log_text(user_dirs))
    finally:
        code, err = end(process)
    assert code == 0 and "Traceback" not in err, err
    assert err.count("Only 40 files may be open at once (ulimit -n) and footdesk needs about 64") == 1, err
    assert err.count("Out of file descriptors: footdesk may have only 40 files open at once") == 1, err
    assert "unexpected error" not in err
    assert "signal [15] received: closing" in log_text(user_dirs)
    assert not (state / "footdesk.lock").exists()


def test_the_same_error_at_every_tick_is_said_once(caplog, monkeypatch):
    import sys

    from footdesk import app

    class Window:
        def __init__(self) -> None:
            self.notices: list[str] = []

        def show_notice(self, text: str) -> None:
            self.notices.append(text)

    window = Window()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app._report_unexpected_errors(window)  # type: ignore[arg-type]
    for _ in range(5):
        try:
            raise ValueError("a slot that fails each second")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    try:
        raise ImportError("libQt6DBus.so.6: cannot open shared object file: Too many open files")
    except ImportError:
        sys.excepthook(*sys.exc_info())
    try:
        raise OSError(24, "Too many open files", "footdesk/ui/session_view.py")
    except OSError:
        sys.excepthook(*sys.exc_info())
    assert len(window.notices) == 2
    assert window.notices[0].startswith("Something went wrong (ValueError: a slot that fails each second)")
    assert window.notices[1].startswith("Out of file descriptors: footdesk may have only")
    assert caplog.text.count("Traceback") == 2


def test_a_low_soft_limit_on_files_is_raised_quietly(env, user_dirs):
    process = launch(env, limits=limited(files=30, files_hard=4096))
    try:
        wait_for(lambda: "window shown" in log_text(user_dirs))
    finally:
        code, err = end(process)
    assert code == 0 and "may be open at once" not in err, err
    assert "open files: the limit was 30; raised it to 1024" in log_text(user_dirs)


# SIGTERM, whatever failed (ulimit -v) ----------------------------------------------


def ended_by_sigterm(process: subprocess.Popen[str], user_dirs, started: str, within_s: float) -> tuple[int, str]:
    try:
        try:
            wait_for(lambda: started in log_text(user_dirs) or process.poll() is not None, timeout=8)
        except AssertionError:
            pass  # stuck short of its start (a window that cannot paint): SIGTERM must end it all the same
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=within_s)
    finally:
        process.kill()  # a footdesk that did not end is not left behind
    return process.returncode, err


def lock_is_free(state: Path) -> bool:
    from footdesk.platform.single_instance import SingleInstance

    instance = SingleInstance(state / "footdesk.lock")
    try:
        return instance.become_primary()
    finally:
        instance.release()


def test_sigterm_ends_footdesk_when_its_start_failed_before_signals_were_watched(env, user_dirs, state, qapp):
    """Short of memory, loading the screen-saver module failed (QtDBus could
    not be mapped) before the signals held during the start were let through:
    they stayed held, SIGTERM never ended footdesk, and it kept its lock."""
    fail = "import sys; sys.modules['footdesk.platform.screen_awake'] = None  # its import fails"
    process = launch(env, before=fail)
    code, err = ended_by_sigterm(process, user_dirs, "footdesk.platform.screen_awake", within_s=5)
    assert code == 0, err
    assert "signal [15] received: closing" in log_text(user_dirs)
    assert lock_is_free(state)


def test_sigterm_ends_footdesk_when_signals_cannot_be_watched_the_usual_way(env, user_dirs, state, qapp):
    no_socketpair = (
        "import socket\n"
        "def socketpair(*args):\n"
        "    raise OSError(24, 'Too many open files')\n"
        "socket.socketpair = socketpair\n"
    )
    process = launch(env, before=no_socketpair)
    code, err = ended_by_sigterm(process, user_dirs, "window shown", within_s=5)
    assert code == 0, err
    assert "cannot watch for the signals that end footdesk that way (Too many open files)" in err
    assert "signal [15] received: closing" in log_text(user_dirs)
    assert lock_is_free(state)


@pytest.mark.parametrize("memory_kib", [150_000, 280_000])
def test_sigterm_ends_footdesk_short_of_memory(env, user_dirs, state, qapp, memory_kib):
    """Under ``ulimit -v`` footdesk fails in ways that depend on where memory
    runs out: a crash inside Qt, an import that fails, or Qt's painting
    waiting for ever on a thread it could not start. Whichever, a SIGTERM
    ends it, and the lock is free for the next launch."""
    hung_start = "from footdesk.platform import held_signals; held_signals.HUNG_START_S = 2"
    process = launch(env, before=hung_start, limits=limited(memory_kib=memory_kib))
    code, _err = ended_by_sigterm(process, user_dirs, "window shown", within_s=5)
    assert code is not None
    assert lock_is_free(state)


PAINT_WITH_NO_DESCRIPTOR_LEFT = """
import os
from PySide6.QtWidgets import QPushButton, QScrollBar, QVBoxLayout, QWidget
from footdesk.app import FootdeskApp

app = FootdeskApp.application()
window = QWidget()
layout = QVBoxLayout(window)
layout.addWidget(QPushButton("Start"))
layout.addWidget(QScrollBar())
window.resize(1366, 768)
held = []
try:
    while True:  # every descriptor taken before the first paint
        held.append(os.open(os.devnull, os.O_RDONLY))
except OSError:
    pass
window.show()
for _ in range(3):
    window.grab()
    app.processEvents()
print("painted", flush=True)
"""


def test_painting_with_no_descriptor_left_does_not_end_footdesk(env):
    """Before: Qt's painting pool started a thread at a large paint, GLib could
    not make that thread's wake-up pipe and aborted footdesk (SIGTRAP)."""
    done = subprocess.run(
        [sys.executable, "-c", PAINT_WITH_NO_DESCRIPTOR_LEFT],
        env=env, capture_output=True, text=True, timeout=30, check=False, preexec_fn=limited(files=64),
    )  # fmt: skip
    assert done.returncode == 0 and "painted" in done.stdout, done.stderr
    assert "GWakeup" not in done.stderr
