"""Keeps the screen from blanking while a step's clock runs, and only then.

During a step the person is on the floor rolling a ball, away from the keys,
so the computer thinks nobody is there and would blank or lock the screen in
the middle of the countdown. Each platform has a polite way to say "someone
is watching": SetThreadExecutionState on Windows, an IOKit power assertion on
macOS. Linux desktops differ, so there it is the freedesktop ScreenSaver
inhibit over D-Bus where a desktop provides it (GNOME, KDE, Xfce), otherwise
the X server's own screen saver suspended for us (the MIT-SCREEN-SAVER
extension, as on a plain window manager), and besides either the
systemd-logind "idle" inhibitor where logind runs (idle daemons on Wayland
honour it). All of them are released the moment the clock stops (pause,
finish, stop, exit), and each also ends by itself if footdesk dies, so it
never keeps a forgotten screen on.

Nothing here may stop a session: a missing service or a failed call is logged
once and the routine goes on. A hold is asked for once when the clock starts,
never again on each tick, so a missing service costs one line in the log.
Nor may it hold the window: the D-Bus inhibits are asked for on a
connection of their own, on a thread of their own, with a time limit
(footdesk.platform.bus), so a hung bus (a stopped dbus-daemon) costs the hold,
not the countdown. QtDBus could not do that: it connects to a bus on the
caller's thread, and libdbus waits without a limit while it authenticates.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject

from footdesk.i18n import N_, _
from footdesk.platform.bus import ENDED, BusError, BusLine, session_bus_address, system_bus_address
from footdesk.to_window import ToWindow

log = logging.getLogger(__name__)

CALL_TIMEOUT_S = 2.0
"""The longest a hold waits for the bus or the service at each step (connecting, Inhibit)."""

# TRANSLATORS: why footdesk keeps the screen awake; the desktop may show it (GNOME's list of what stops blanking)
REASON = N_("A footdesk exercise is counting down")
SCREENSAVER_SERVICE = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATH = "/org/freedesktop/ScreenSaver"
SCREENSAVER_INTERFACE = "org.freedesktop.ScreenSaver"
LOGIN1_SERVICE = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
LOGIN1_INTERFACE = "org.freedesktop.login1.Manager"


class ScreenAwake(Protocol):
    def hold(self, wanted: bool) -> None:
        """Keep the screen awake (True) or let the system's idle rules apply (False)."""

    @property
    def held(self) -> bool: ...

    def release(self) -> None:
        """Give up any hold now; called at exit."""


class NoScreenAwake:
    """For platforms with no known way, and for tests that do not care."""

    def __init__(self) -> None:
        self.held = False

    def hold(self, wanted: bool) -> None:
        self.held = wanted

    def release(self) -> None:
        self.held = False


class FreedesktopScreenAwake(QObject):
    """org.freedesktop.ScreenSaver Inhibit on a D-Bus connection of its own.

    The inhibit is ended by closing that connection: every screen saver that
    implements the interface (GNOME's proxy, KDE, Xfce) drops the inhibits of a
    client whose bus name goes away, which is also what makes a crashed
    footdesk harmless, and what a release before the answer came relies on.

    The connection and the call are made on the connection's own thread: a
    slow or hung bus or screen saver must never freeze the countdown.
    ``on_failed`` hears why an inhibit could not be had (no such service, a bus
    that does not answer); without it the reason is logged, once.
    """

    def __init__(
        self,
        bus_address: str | None = None,
        parent: QObject | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus_address = bus_address  # None: the session bus
        self._line: BusLine | None = None
        self._holds = 0
        self._cookie: int | None = None
        self._warned = False
        self._wanted = False
        self._on_failed = on_failed
        self._window = ToWindow(self)

    @property
    def held(self) -> bool:
        """Asked for, or granted: released only by ``release``."""
        return self._line is not None

    @property
    def cookie(self) -> int | None:
        """The screen saver's number for the current inhibit, once it answered."""
        return self._cookie

    def hold(self, wanted: bool) -> None:
        """Asked on every tick: only a change of mind does anything (a failed
        inhibit is not retried until the clock stops and starts again)."""
        if wanted == self._wanted:
            return
        if wanted:
            self._wanted = True
            self._inhibit()
        else:
            self.release()

    def release(self) -> None:
        self._wanted = False
        line, self._line = self._line, None
        if line is None:
            return
        line.close()
        if self._cookie is not None:
            log.debug("screen allowed to sleep again (inhibit %s ended)", self._cookie)
        self._cookie = None

    def _inhibit(self) -> None:
        self._holds += 1
        address = self._bus_address or session_bus_address()
        if address is None:
            self._failed("no D-Bus session bus")
            return
        line = BusLine(address, CALL_TIMEOUT_S, self._window.post, name=f"footdesk-screen-awake-{self._holds}")
        self._line = line
        line.submit(
            _screensaver_inhibit, lambda cookie: self._inhibited(line, cookie), lambda error: self._refused(line, error)
        )

    def _inhibited(self, line: BusLine, cookie: int) -> None:
        if line is not self._line:
            return  # released before the answer came: the closed connection ended it
        self._cookie = cookie
        if not self._warned:
            self._warned = True
            log.info("screen kept awake during sessions by org.freedesktop.ScreenSaver")
        log.debug("screen kept awake (inhibit %s)", self._cookie)

    def _refused(self, line: BusLine, error: BusError) -> None:
        if line is self._line:
            wanted = self._wanted
            self.release()
            self._wanted = wanted  # asked for once: not again on the next tick
        elif error.kind == ENDED:
            return  # released before it was asked: nothing failed
        self._failed(error.words)

    def _failed(self, reason: str) -> None:
        if self._on_failed is not None:
            self._on_failed(reason)
        elif not self._warned:
            self._warned = True
            log.info("cannot keep the screen awake during sessions (%s); it may blank while you exercise", reason)


def _screensaver_inhibit(bus: BusLine) -> int:
    """On the connection's thread: the inhibit, and the screen saver's number for it."""
    from jeepney import DBusAddress, new_method_call

    address = DBusAddress(SCREENSAVER_PATH, SCREENSAVER_SERVICE, SCREENSAVER_INTERFACE)
    (cookie,) = bus.call(new_method_call(address, "Inhibit", "ss", ("footdesk", _(REASON))), who="the screen saver")
    return int(cookie)


class X11ScreenSaverSuspend:
    """XScreenSaverSuspend (MIT-SCREEN-SAVER 1.1) on an X connection of its own.

    What keeps the screen on under a plain window manager, where nothing
    provides the D-Bus interface: the X server neither blanks nor powers the
    screen down (DPMS) while a client holds a suspension, and it undoes the
    suspension of a client whose connection closes, so a crashed footdesk
    leaves nothing behind. The screen saver's settings (``xset q``) are not
    touched.
    """

    def __init__(self, display: str | None = None) -> None:
        self._display_name = display  # None: $DISPLAY
        self._libs: tuple[ctypes.CDLL, ctypes.CDLL] | None = None
        self._display: int | None = None
        self._told: set[str] = set()

    @property
    def held(self) -> bool:
        return self._display is not None

    def hold(self, wanted: bool) -> None:
        if wanted == self.held:
            return
        if wanted:
            self._suspend()
        else:
            self.release()

    def release(self) -> None:
        display, self._display = self._display, None
        if display is None or self._libs is None:
            return
        x11, xss = self._libs
        xss.XScreenSaverSuspend(display, 0)
        x11.XCloseDisplay(display)  # closing alone would undo it too
        log.debug("X11 screen saver resumed")

    def _load(self) -> tuple[ctypes.CDLL, ctypes.CDLL]:
        if self._libs is None:
            x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
            xss = ctypes.CDLL(ctypes.util.find_library("Xss") or "libXss.so.1")
            x11.XOpenDisplay.restype = ctypes.c_void_p
            x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
            x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
            x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
            number = ctypes.POINTER(ctypes.c_int)
            xss.XScreenSaverQueryExtension.argtypes = [ctypes.c_void_p, number, number]
            xss.XScreenSaverQueryVersion.argtypes = [ctypes.c_void_p, number, number]
            xss.XScreenSaverSuspend.argtypes = [ctypes.c_void_p, ctypes.c_int]
            self._libs = (x11, xss)
        return self._libs

    def _suspend(self) -> None:
        try:
            x11, xss = self._load()
        except OSError as exc:
            self._tell_once("library", "X11 screen saver suspension unavailable (%s)", exc)
            return
        name = self._display_name if self._display_name is not None else os.environ.get("DISPLAY")
        if not name:
            self._tell_once("display", "X11 screen saver suspension unavailable (no X display)")
            return
        display = x11.XOpenDisplay(name.encode())
        if not display:
            self._tell_once("display", "X11 screen saver suspension unavailable (cannot open display %s)", name)
            return
        first, second = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(display, ctypes.byref(first), ctypes.byref(second)):
            x11.XCloseDisplay(display)
            self._tell_once("extension", "X11 screen saver suspension unavailable (no MIT-SCREEN-SAVER extension)")
            return
        known = xss.XScreenSaverQueryVersion(display, ctypes.byref(first), ctypes.byref(second))
        if not known or (first.value, second.value) < (1, 1):
            x11.XCloseDisplay(display)
            self._tell_once("extension", "X11 screen saver suspension unavailable (MIT-SCREEN-SAVER before 1.1)")
            return
        xss.XScreenSaverSuspend(display, 1)
        x11.XSync(display, 0)
        self._display = display
        self._tell_once("held", "screen kept awake during sessions by suspending the X11 screen saver")
        log.debug("X11 screen saver suspended")

    def _tell_once(self, key: str, message: str, *args: object) -> None:
        if key not in self._told:
            self._told.add(key)
            log.info(message, *args)


class LogindIdleInhibit(QObject):
    """systemd-logind's "idle" inhibitor, on the system bus.

    logind answers Inhibit with a file descriptor: the inhibitor holds while
    it is open, so releasing (or dying) is closing it. The call is made on a
    connection and thread of its own, like the ScreenSaver's; an answer that
    comes after the clock stopped is closed at once.
    """

    def __init__(self, bus_address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus_address = bus_address  # None: the system bus
        self._wanted = False
        self._fd: int | None = None
        self._line: BusLine | None = None
        self._asked = 0
        self._told: set[str] = set()
        self._window = ToWindow(self)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def hold(self, wanted: bool) -> None:
        if wanted == self._wanted:
            return
        if wanted:
            self._wanted = True
            self._inhibit()
        else:
            self.release()

    def release(self) -> None:
        self._wanted = False
        line, self._line = self._line, None
        if line is not None:
            line.close()  # an answer still on its way goes with the connection
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)
            log.debug("logind idle inhibitor released")

    def _inhibit(self) -> None:
        self._asked += 1
        asked = self._asked
        address = self._bus_address or system_bus_address()
        line = BusLine(
            address, CALL_TIMEOUT_S, self._window.post, who="the system bus", enable_fds=True, name="footdesk-logind"
        )
        self._line = line
        line.submit(_logind_inhibit, lambda fd: self._inhibited(line, asked, fd), lambda e: self._refused(line, e))

    def _inhibited(self, line: BusLine, asked: int, fd: int) -> None:
        line.close()  # the descriptor holds the inhibitor, not the connection
        if line is self._line:
            self._line = None
        if asked != self._asked or not self._wanted or self._fd is not None:
            os.close(fd)  # the clock stopped before logind answered
            return
        self._fd = fd
        self._tell_once("held", "systemd-logind idle inhibitor held during sessions")

    def _refused(self, line: BusLine, error: BusError) -> None:
        if line is self._line:
            self._line = None
        elif error.kind == ENDED:
            return
        self._tell_once("error", "no systemd-logind idle inhibitor (%s)", error.words)

    def _tell_once(self, key: str, message: str, *args: object) -> None:
        if key not in self._told:
            self._told.add(key)
            log.info(message, *args)


def _logind_inhibit(bus: BusLine) -> int:
    """On the connection's thread: the inhibitor's file descriptor, ours to close."""
    from jeepney import DBusAddress, new_method_call

    address = DBusAddress(LOGIN1_PATH, LOGIN1_SERVICE, LOGIN1_INTERFACE)
    call = new_method_call(address, "Inhibit", "ssss", ("idle", "footdesk", REASON, "block"))
    (descriptor, *_rest) = bus.call(call, who="systemd-logind") or (None,)
    if not hasattr(descriptor, "to_raw_fd"):
        raise BusError("systemd-logind sent no file descriptor", "no-fd")
    fd: int = descriptor.to_raw_fd()
    return fd


def wayland_session() -> bool:
    return bool(os.environ.get("WAYLAND_DISPLAY")) or os.environ.get("XDG_SESSION_TYPE") == "wayland"


class LinuxScreenAwake(QObject):
    """The freedesktop ScreenSaver where a desktop provides it, else the X11
    screen saver suspended; with either, logind's idle inhibitor where logind
    runs. Once the ScreenSaver service is known to be missing, later holds go
    straight to X11 without asking D-Bus again."""

    def __init__(
        self,
        session_bus: str | None = None,
        system_bus: str | None = None,
        x11: X11ScreenSaverSuspend | None = None,
        wayland: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._wayland = wayland_session() if wayland is None else wayland
        self.screensaver = FreedesktopScreenAwake(session_bus, self, on_failed=self._screensaver_failed)
        self.x11 = None if self._wayland else (x11 or X11ScreenSaverSuspend())
        self.logind = LogindIdleInhibit(system_bus, self)
        self._screensaver_missing = False
        self._wanted = False

    @property
    def held(self) -> bool:
        return self.screensaver.held or bool(self.x11 and self.x11.held) or self.logind.held

    def hold(self, wanted: bool) -> None:
        if wanted == self._wanted:
            return
        if not wanted:
            self.release()
            return
        self._wanted = True
        if self._screensaver_missing:
            if self.x11 is not None:
                self.x11.hold(True)
        else:
            self.screensaver.hold(True)
        self.logind.hold(True)

    def release(self) -> None:
        self._wanted = False
        self.screensaver.release()
        if self.x11 is not None:
            self.x11.release()
        self.logind.release()

    def _screensaver_failed(self, reason: str) -> None:
        if self._screensaver_missing:
            return
        self._screensaver_missing = True
        if self.x11 is None:
            log.info(
                "cannot keep the screen awake on this Wayland desktop (%s); it may blank while you exercise", reason
            )
            return
        log.info("no org.freedesktop.ScreenSaver (%s); using the X11 screen saver instead", reason)
        if self._wanted:
            self.x11.hold(True)


class WindowsScreenAwake:
    """SetThreadExecutionState: the documented way for a presentation-like app."""

    ES_CONTINUOUS = 0x80000000
    ES_SYSTEM_REQUIRED = 0x00000001
    ES_DISPLAY_REQUIRED = 0x00000002

    def __init__(self) -> None:
        self.held = False
        self._kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]

    def hold(self, wanted: bool) -> None:
        if wanted == self.held:
            return
        flags = self.ES_CONTINUOUS | (self.ES_SYSTEM_REQUIRED | self.ES_DISPLAY_REQUIRED if wanted else 0)
        if self._kernel32.SetThreadExecutionState(flags) == 0:
            log.info("SetThreadExecutionState failed; the screen may blank while you exercise")
            return
        self.held = wanted

    def release(self) -> None:
        self.hold(False)


class MacScreenAwake:
    """An IOKit "PreventUserIdleDisplaySleep" assertion, released by its id."""

    def __init__(self) -> None:
        self.held = False
        self._assertion = ctypes.c_uint32(0)
        self._iokit = ctypes.cdll.LoadLibrary(ctypes.util.find_library("IOKit") or "IOKit")
        self._cf = ctypes.cdll.LoadLibrary(ctypes.util.find_library("CoreFoundation") or "CoreFoundation")
        self._cf.CFStringCreateWithCString.restype = ctypes.c_void_p
        self._cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32]
        self._iokit.IOPMAssertionCreateWithName.argtypes = [
            ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32)
        ]  # fmt: skip
        self._iokit.IOPMAssertionRelease.argtypes = [ctypes.c_uint32]

    def _cfstring(self, text: str) -> int:
        utf8 = 0x08000100
        return int(self._cf.CFStringCreateWithCString(None, text.encode(), utf8))

    def hold(self, wanted: bool) -> None:
        if wanted == self.held:
            return
        if wanted:
            k_iopm_assertion_level_on = 255
            result = self._iokit.IOPMAssertionCreateWithName(
                self._cfstring("PreventUserIdleDisplaySleep"),
                k_iopm_assertion_level_on,
                self._cfstring(REASON),
                ctypes.byref(self._assertion),
            )
            if result != 0:
                log.info("IOPMAssertionCreateWithName failed (%s); the screen may sleep while you exercise", result)
                return
        else:
            self._iokit.IOPMAssertionRelease(self._assertion)
        self.held = wanted

    def release(self) -> None:
        self.hold(False)


def screen_awake_for_this_platform() -> ScreenAwake:
    try:
        if sys.platform.startswith("win"):
            return WindowsScreenAwake()
        if sys.platform == "darwin":
            return MacScreenAwake()
        return LinuxScreenAwake()
    except (OSError, AttributeError) as exc:
        log.info("cannot keep the screen awake on this system (%s)", exc)
        return NoScreenAwake()
