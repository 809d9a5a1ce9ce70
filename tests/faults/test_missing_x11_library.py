"""A machine without libxcb-cursor.so.0 (libxcb-cursor0): Qt 6.5+ aborts the
whole process when its X11 plugin cannot load. footdesk must say what to
install in one line and exit 1, or use Wayland when there is one.

The library is hidden for real (tests/helpers/hidden_library.py) where the
machine allows it; the last test fakes only the library search, so it runs
everywhere."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers.hidden_library import hide_command
from tests.helpers.waiting import wait_for

REPO = Path(__file__).resolve().parents[2]
CURSOR = "libxcb-cursor.so.0"
LINE = (
    "footdesk: Qt needs the system library libxcb-cursor.so.0 to open a window on X11; install it "
    "(Debian/Ubuntu: apt install libxcb-cursor0, Fedora: dnf install xcb-util-cursor)\n"
)


@pytest.fixture
def without_cursor_library(tmp_path) -> list[str]:
    prefix, why_not = hide_command(CURSOR, tmp_path / "hide")
    if why_not:
        pytest.skip(why_not)
    return prefix


def window_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DISPLAY")}
    return dict(env, SDL_AUDIODRIVER="dummy", **extra)


def test_footdesk_names_the_package_instead_of_aborting(without_cursor_library, tmp_path):
    # no X server is needed: Qt would abort while loading its plugin, before connecting
    result = subprocess.run(
        [*without_cursor_library, sys.executable, "-m", "footdesk"],
        env=window_env(DISPLAY=":59"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (1, LINE)


def test_footdesk_opens_on_wayland_when_x11_cannot_load(without_cursor_library, tmp_path, user_dirs):
    if shutil.which("weston") is None:
        pytest.skip("needs weston for a Wayland display (apt-get install weston)")
    with tempfile.TemporaryDirectory() as runtime:  # short: a socket path has a length limit
        os.chmod(runtime, 0o700)
        compositor = subprocess.Popen(
            ["weston", "--backend=headless-backend.so", "--socket=wayland-fd", "--idle-time=0"],
            env=dict(os.environ, XDG_RUNTIME_DIR=runtime),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            socket = Path(runtime) / "wayland-fd"
            wait_for(socket.is_socket, "weston to start", timeout=20)
            env = window_env(DISPLAY=":59", WAYLAND_DISPLAY="wayland-fd", XDG_RUNTIME_DIR=runtime)
            log = user_dirs["XDG_CACHE_HOME"] / "footdesk" / "log" / "footdesk.log"
            app = subprocess.Popen(
                [*without_cursor_library, sys.executable, "-m", "footdesk"],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )

            def window_shown() -> bool:
                assert app.poll() is None, app.communicate()[1]
                return "window shown" in (log.read_text() if log.exists() else "")

            wait_for(window_shown, "footdesk's window", timeout=40)
            maps = Path(f"/proc/{app.pid}/maps").read_text()  # unshare and sh exec footdesk: one process
            app.send_signal(signal.SIGTERM)
            assert app.wait(timeout=30) == 0, app.communicate()[1]
            assert "libqwayland" in maps and "libqxcb" not in maps
        finally:
            compositor.terminate()
            compositor.wait(timeout=10)


def test_the_startup_benchmark_says_why_it_cannot_run(without_cursor_library):
    """Its test skips with this reason instead of failing on Qt's abort."""
    if shutil.which("Xvfb") is None:
        pytest.skip("needs Xvfb, or the benchmark stops at that first")
    code = "from tests.perf import bench_startup; print(bench_startup.cannot_run())"
    result = subprocess.run(
        [*without_cursor_library, sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "apt install libxcb-cursor0" in result.stdout


def test_the_line_comes_before_qt_is_loaded(tmp_path):
    """The library search is faked (it finds everything but libxcb-cursor.so.0),
    so this runs on any machine: one line, exit 1, and Qt never loaded."""
    code = (
        "import sys\n"
        "from footdesk.platform import display\n"
        f"display.library_loads = lambda soname: soname != {CURSOR!r}\n"
        "from footdesk.cli import main\n"
        "status = main([])\n"
        "assert 'PySide6' not in sys.modules, 'Qt was loaded'\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=window_env(DISPLAY=":59"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (1, LINE)
