"""Keeps the screen from blanking while a step's clock runs, and only then.

During a step the person is on the floor rolling a ball, away from the keys,
so the computer thinks nobody is there and would blank or lock the screen in
the middle of the countdown. Each platform has one polite way to say "someone
is watching": a freedesktop ScreenSaver inhibit over D-Bus on Linux,
SetThreadExecutionState on Windows, an IOKit power assertion on macOS. All of
them are released the moment the clock stops (pause, finish, stop, exit), so
footdesk never keeps a forgotten screen on.

Nothing here may stop a session: a missing service or a failed call is logged
once and the routine goes on.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

log = logging.getLogger(__name__)

REASON = "A footdesk exercise is counting down"
SCREENSAVER_SERVICE = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATH = "/org/freedesktop/ScreenSaver"
SCREENSAVER_INTERFACE = "org.freedesktop.ScreenSaver"


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
    footdesk harmless. UnInhibit itself cannot be used from PySide6, which
    sends every Python int as a signed int32 where the interface wants a uint32
    and the services reject the call.

    The Inhibit call is asynchronous: a slow or hung screen saver must never
    freeze the countdown.
    """

    def __init__(self, bus_address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus_address = bus_address  # None: the session bus
        self._connection_name: str | None = None
        self._holds = 0
        self._cookie: int | None = None
        self._warned = False

    @property
    def held(self) -> bool:
        return self._connection_name is not None

    @property
    def cookie(self) -> int | None:
        """The screen saver's number for the current inhibit, once it answered."""
        return self._cookie

    def hold(self, wanted: bool) -> None:
        if wanted == self.held:
            return
        if wanted:
            self._inhibit()
        else:
            self.release()

    def release(self) -> None:
        name, self._connection_name = self._connection_name, None
        if name is None:
            return
        QDBusConnection.disconnectFromBus(name)
        log.info("screen allowed to sleep again (inhibit %s ended)", self._cookie)
        self._cookie = None

    def _inhibit(self) -> None:
        self._holds += 1
        name = f"footdesk-screen-awake-{self._holds}"
        if self._bus_address is None:
            bus = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, name)
        else:
            bus = QDBusConnection.connectToBus(self._bus_address, name)
        if not bus.isConnected():
            reason = bus.lastError().message() or "no D-Bus session bus"
            del bus
            QDBusConnection.disconnectFromBus(name)
            self._warn_once(reason)
            return
        self._connection_name = name
        message = QDBusMessage.createMethodCall(SCREENSAVER_SERVICE, SCREENSAVER_PATH, SCREENSAVER_INTERFACE, "Inhibit")
        message.setArguments(["footdesk", REASON])
        watcher = QDBusPendingCallWatcher(bus.asyncCall(message), self)
        watcher.finished.connect(lambda done, for_name=name: self._inhibited(done, for_name))

    def _inhibited(self, watcher: QDBusPendingCallWatcher, for_name: str) -> None:
        watcher.deleteLater()
        if for_name != self._connection_name:
            return  # released before the answer came: the closed connection ended it
        if watcher.isError():
            self._warn_once(f"{watcher.error().name()}: {watcher.error().message()}")
            self.release()
            return
        arguments = watcher.reply().arguments()
        self._cookie = int(arguments[0]) if arguments else None
        log.info("screen kept awake during the session (inhibit %s)", self._cookie)

    def _warn_once(self, reason: str) -> None:
        if not self._warned:
            self._warned = True
            log.info("cannot keep the screen awake during sessions (%s); it may blank while you exercise", reason)


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
        return FreedesktopScreenAwake()
    except (OSError, AttributeError) as exc:
        log.info("cannot keep the screen awake on this system (%s)", exc)
        return NoScreenAwake()
