"""What the benchmarks on a real X server share: a private Xvfb display that
reports when windows are mapped (libX11 through ctypes, nothing polled), and
how much CPU and memory a process has used, read from /proc."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from footdesk.platform import display

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


class NoXWindowError(RuntimeError):
    """No real X window can be opened here (no Xvfb, or Qt cannot use it): a
    reason to skip a benchmark, not a failure of footdesk."""


def why_no_x_server() -> str | None:
    """Why real X windows cannot be opened here, or None when they can."""
    if shutil.which("Xvfb") is None:
        return "needs Xvfb (apt-get install xvfb; .ci/run installs it)"
    if ctypes.util.find_library("X11") is None:
        return "needs libX11 (apt-get install libx11-6)"
    missing = display.missing_xcb_reason(display.missing_xcb_libraries())
    return f"needs Qt's X11 plugin, which cannot load: {missing}" if missing else None


def free_display_number(start: int) -> int:
    """A display number no other X server here uses (its lock file is absent)."""
    number = start
    while Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    return number


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_IGNORE_X_ERRORS = _ERROR_HANDLER(lambda _display, _error: 0)


class Screen:
    """A private Xvfb display that reports when windows are mapped."""

    def __init__(self, number: int | None = None) -> None:
        number = free_display_number(number if number is not None else 90 + os.getpid() % 50)
        self.name = f":{number}"
        self._server = subprocess.Popen(
            ["Xvfb", self.name, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.pid = self._server.pid
        self.last_window: int | None = None
        """The X id of the window wait_for_window last saw mapped."""
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
        self._x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        # a window that is gone before its attributes are asked for (a program
        # that opened and closed it) is an X error: Xlib's default handler
        # would end this benchmark; XGetWindowAttributes then returns 0 instead
        self._x.XSetErrorHandler.argtypes = [_ERROR_HANDLER]
        self._x.XSetErrorHandler(_IGNORE_X_ERRORS)
        deadline = time.monotonic() + 10
        self._display = None
        while not self._display:
            if time.monotonic() > deadline or self._server.poll() is not None:
                self._server.kill()
                raise NoXWindowError(f"Xvfb {self.name} did not start")
            time.sleep(0.05)
            self._display = self._x.XOpenDisplay(self.name.encode())
        self._x.XSelectInput(self._display, self._x.XDefaultRootWindow(self._display), SUBSTRUCTURE_NOTIFY_MASK)
        self._x.XFlush(self._display)

    def wait_for_window(self, timeout: float, least: tuple[int, int] = (200, 200)) -> float | None:
        """Monotonic time at which a top-level window at least ``least`` pixels
        large was mapped (override-redirect popups and Qt's 1x1 helpers do not
        count); None if none came in time."""
        fd = self._x.XConnectionNumber(self._display)
        event = _Event()
        attributes = _Attributes()
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self._x.XPending(self._display):
                select.select([fd], [], [], max(0.0, end - time.monotonic()))
                continue
            self._x.XNextEvent(self._display, ctypes.byref(event))
            if event.type != MAP_NOTIFY or event.xmap.override_redirect:
                continue
            now = time.monotonic()
            if self._x.XGetWindowAttributes(self._display, event.xmap.window, ctypes.byref(attributes)):
                if attributes.width >= least[0] and attributes.height >= least[1]:
                    self.last_window = int(event.xmap.window)
                    return now
        return None

    def forget_windows(self) -> None:
        """Drop the windows mapped so far: the next wait sees only later ones."""
        event = _Event()
        while self._x.XPending(self._display):
            self._x.XNextEvent(self._display, ctypes.byref(event))

    def close(self) -> None:
        if self._display:
            self._x.XCloseDisplay(self._display)
            self._display = None
        self._server.terminate()
        self._server.wait(timeout=10)


_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class SessionBus:
    """A private D-Bus session bus for the programs a benchmark runs, as a
    desktop has one (Workrave does not open its window without), but with no
    services to start on demand: no accessibility bus, no portals, nothing that
    outlives the benchmark. Without dbus-daemon, ``address`` leads nowhere."""

    def __init__(self, folder: Path) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.address = f"unix:path={folder / 'no-session-bus'}"
        if shutil.which("dbus-daemon") is None:
            return
        config = folder / "session-bus.conf"
        config.write_text(_BUS_CONFIG.format(socket=folder / "session-bus"))
        self.process = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        self.address = self.process.stdout.readline().strip()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def close(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


def end_process(process: subprocess.Popen[bytes]) -> None:
    """Ask a program to end (SIGTERM, as at logout), and make it if it will not."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of ``pid``, to the nanosecond (schedstat), where
    the kernel keeps it; else user + system time in clock ticks."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
        return total / 1e9
    except (OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class ThreadCpu:
    """CPU time of every thread of a process over a span, threads that end in
    it included: footdesk's sound device rests between cues, so SDL's mixer
    thread comes and goes, and a thread that has ended is gone from /proc with
    its time. Each thread's schedstat is read every ``every`` seconds; one that
    ends counts what it had used at its last reading (at most ``every`` seconds
    of a quiet thread are missed)."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid = pid
        self._every = every
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._names: dict[int, str] = {}
        self._stop = threading.Event()
        self._read()  # threads alive now count from now; later ones from their start
        self._first = dict(self._last)
        self._thread = threading.Thread(target=self._follow, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            try:
                seconds = int((task / "schedstat").read_text().split()[0]) / 1e9
                tid = int(task.name)
                if tid not in self._names:
                    self._names[tid] = "main" if tid == self.pid else (task / "comm").read_text().strip()
            except (OSError, ValueError, IndexError):
                continue  # a thread that ended meanwhile
            self._last[tid] = seconds

    def _follow(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._read()
            except OSError:
                return  # the process ended

    def stop(self) -> dict[str, float]:
        """Seconds of CPU per thread name over the span (threads of one name added up)."""
        self._stop.set()
        self._thread.join()
        with contextlib.suppress(OSError):
            self._read()
        spent: dict[str, float] = {}
        for tid, last in self._last.items():
            name = self._names.get(tid, "?")
            spent[name] = spent.get(name, 0.0) + last - self._first.get(tid, 0.0)
        return spent


def scratch_home(prefix: str) -> tuple[Path, dict[str, str]]:
    """An environment whose XDG folders (and HOME) are empty folders of a scratch
    directory: nothing a benchmark runs can read or change the person's files.
    footdesk starts as a daily user's does: no first-run dialog."""
    scratch = Path(tempfile.mkdtemp(prefix=prefix))
    env = dict(os.environ, SDL_AUDIODRIVER="dummy", HOME=str(scratch / "home"))
    # bytecode written (and then read) as an installed footdesk has it: a machine
    # that says not to write any would time Python compiling every module at each start
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    (scratch / "home").mkdir()
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        env[name] = str(scratch / name.lower())
        Path(env[name]).mkdir(mode=0o700, parents=True, exist_ok=True)
    state = scratch / "xdg_state_home" / "footdesk" / "app-state.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text('{"welcome_seen": true}')
    # never the person's session bus, and none started behind the benchmark's
    # back: with DISPLAY set and no address, libdbus and GLib would autolaunch a
    # bus per display (and GTK its accessibility bus and portals), which outlive
    # the display and the benchmark. A benchmark that wants one starts a
    # SessionBus and puts its address here.
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={scratch / 'no-session-bus'}"
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)  # on a Wayland desktop Qt would open the windows there, not on Xvfb
    env.pop("PYTHONPATH", None)  # the installed footdesk, not a source tree on the path
    # a pip-installed app has its bytecode compiled; with this set every start
    # would compile footdesk's sources again (about 40 ms here)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return scratch, env
