"""Startup, memory and idle CPU of the real footdesk against a bare PySide6 window.

    python -m tests.perf.bench_startup            # 5 pairs, 10 s memory, 20 s idle
    python -m tests.perf.bench_startup --quick    # 1 pair, short waits, for CI

Each run starts a fresh process on its own Xvfb display and times from the
process start to the first window of at least 200x200 pixels being mapped,
seen as an X MapNotify event on the root window (libX11 through ctypes, so
nothing is polled). The bare window and footdesk run in turns, so both see
the same machine; medians and ratios are reported. Memory is the resident
size after a while with the window open; idle CPU is measured over a span
with the window open and no session.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from footdesk.platform import display
from tests.perf._cli import run_bench

PAIRS = int(os.environ.get("FOOTDESK_BENCH_PAIRS", "5"))

BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
window = QLabel("a bare PySide6 window")
window.resize(1000, 700)
window.show()
sys.exit(app.exec())
"""

SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
MAP_NOTIFY = 19


class _MapEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _Event(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xmap", _MapEvent), ("pad", ctypes.c_long * 24)]


class _Attributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("rest", ctypes.c_char * 256)]  # fmt: skip


class Screen:
    """A private Xvfb display that reports when windows are mapped."""

    def __init__(self, number: int) -> None:
        self.name = f":{number}"
        self._server = subprocess.Popen(
            ["Xvfb", self.name, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._x.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        self._x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Event)]
        self._x.XPending.argtypes = [ctypes.c_void_p]
        self._x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        self._x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(_Attributes)]
        self._x.XFlush.argtypes = [ctypes.c_void_p]
        deadline = time.monotonic() + 10
        self._display = None
        while not self._display:
            if time.monotonic() > deadline:
                raise RuntimeError(f"Xvfb {self.name} did not start")
            time.sleep(0.05)
            self._display = self._x.XOpenDisplay(self.name.encode())
        self._x.XSelectInput(self._display, self._x.XDefaultRootWindow(self._display), SUBSTRUCTURE_NOTIFY_MASK)
        self._x.XFlush(self._display)

    def wait_for_big_window(self, timeout: float) -> float | None:
        """Seconds until a window of 200x200 or more is mapped (monotonic time)."""
        fd = self._x.XConnectionNumber(self._display)
        event = _Event()
        attributes = _Attributes()
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self._x.XPending(self._display):
                select.select([fd], [], [], max(0.0, end - time.monotonic()))
                continue
            self._x.XNextEvent(self._display, ctypes.byref(event))
            if event.type != MAP_NOTIFY:
                continue
            now = time.monotonic()
            if self._x.XGetWindowAttributes(self._display, event.xmap.window, ctypes.byref(attributes)):
                if attributes.width >= 200 and attributes.height >= 200:
                    return now
        return None

    def close(self) -> None:
        self._server.terminate()
        self._server.wait(timeout=10)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cannot_run() -> str | None:
    """Why real X windows cannot open here, so the benchmark cannot run; None when they can."""
    if shutil.which("Xvfb") is None:
        return "needs Xvfb (apt-get install xvfb; .ci/run installs it)"
    missing = display.missing_xcb_reason(display.missing_xcb_libraries())
    return f"needs Qt's X11 plugin, which cannot load: {missing}" if missing else None


def run_once(command: list[str], screen: Screen, env: dict[str, str], settle: float, idle: float) -> dict:
    env = dict(env, DISPLAY=screen.name)
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)  # on a Wayland desktop Qt would open the window there, not on Xvfb
    env.pop("PYTHONPATH", None)  # the installed footdesk, not a source tree on the path
    # a pip-installed app has its bytecode compiled; with this set every start
    # would compile footdesk's sources again (about 40 ms here)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    errors = Path(env["XDG_CACHE_HOME"]) / "stderr.txt"
    # an empty folder to start in: with "-m footdesk" the current folder comes
    # first on sys.path, and a folder named footdesk there would shadow the app
    empty = Path(env["XDG_CACHE_HOME"]).parent / "cwd"
    empty.mkdir(exist_ok=True)
    started = time.monotonic()
    with errors.open("w") as stderr:
        process = subprocess.Popen(command, env=env, cwd=empty, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        mapped = screen.wait_for_big_window(timeout=30)
        if mapped is None:
            raise RuntimeError(f"no window from {command}: {errors.read_text()[-600:]}")
        time.sleep(settle)
        memory = rss_mb(process.pid)
        before = cpu_seconds(process.pid)
        time.sleep(idle)
        idle_percent = 100 * (cpu_seconds(process.pid) - before) / idle
    finally:
        process.terminate()
        process.wait(timeout=10)
    return {"startup_s": mapped - started, "rss_mb": memory, "idle_cpu_percent": idle_percent}


def measure(quick: bool) -> dict:
    reason = cannot_run()
    if reason:
        raise SystemExit(f"bench_startup {reason}")
    pairs, settle, idle = (1, 1.0, 1.0) if quick else (PAIRS, 10.0, 20.0)
    scratch = Path(tempfile.mkdtemp(prefix="footdesk-startup-"))
    env = dict(os.environ, SDL_AUDIODRIVER="dummy")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(scratch / name.lower())
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    state = scratch / "xdg_state_home" / "footdesk" / "app-state.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text('{"welcome_seen": true}')  # a daily user: no first-run dialog
    bare = [sys.executable, "-c", BARE_WINDOW]
    real = [sys.executable, "-m", "footdesk"]
    screen = Screen(90 + os.getpid() % 9)
    results: dict[str, list[dict]] = {"bare": [], "footdesk": []}
    try:
        run_once(bare, screen, env, 0.2, 0.1)  # warm the file cache for both
        run_once(real, screen, env, 0.2, 0.1)
        for _ in range(pairs):
            results["bare"].append(run_once(bare, screen, env, settle, idle))
            results["footdesk"].append(run_once(real, screen, env, settle, idle))
    finally:
        screen.close()

    def median(kind: str, key: str) -> float:
        return statistics.median(run[key] for run in results[kind])

    figures: dict[str, float | int | bool] = {"quick": quick, "pairs": pairs}
    for key in ("startup_s", "rss_mb", "idle_cpu_percent"):
        figures[f"bare_{key}"] = round(median("bare", key), 3)
        figures[f"footdesk_{key}"] = round(median("footdesk", key), 3)
    figures["startup_ratio"] = round(figures["footdesk_startup_s"] / figures["bare_startup_s"], 3)
    figures["memory_ratio"] = round(figures["footdesk_rss_mb"] / figures["bare_rss_mb"], 3)
    return figures


def main() -> int:
    targets = {"startup_ratio": "<= 1.15", "memory_ratio": "<= 1.3", "footdesk_idle_cpu_percent": "~0"}
    return run_bench(__doc__.splitlines()[0], lambda args: measure(args.quick), targets)


if __name__ == "__main__":
    sys.exit(main())
