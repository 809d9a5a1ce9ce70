"""The X11 screen saver suspension on a real X server (Xvfb), as under a plain
window manager: the server's own screen saver stays off while footdesk holds
it, comes on again once it lets go, and its settings are never touched."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess

import pytest

from footdesk.platform.screen_awake import X11ScreenSaverSuspend
from tests.helpers.waiting import wait_for

SAVER_ON = 1


class Info(ctypes.Structure):
    _fields_ = [("window", ctypes.c_ulong), ("state", ctypes.c_int), ("kind", ctypes.c_int),
                ("til_or_since", ctypes.c_ulong), ("idle", ctypes.c_ulong), ("event_mask", ctypes.c_ulong)]  # fmt: skip


class Server:
    """Xvfb with a one-second screen saver, and a client that asks it how the saver is."""

    def __init__(self) -> None:
        try:
            self.x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
            self.xss = ctypes.CDLL(ctypes.util.find_library("Xss") or "libXss.so.1")
        except OSError as exc:
            pytest.skip(f"needs libX11 and libXss ({exc})")
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.x.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x.XSetScreenSaver.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self.x.XGetScreenSaver.argtypes = [ctypes.c_void_p] + [ctypes.POINTER(ctypes.c_int)] * 4
        self.x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x.XResetScreenSaver.argtypes = [ctypes.c_void_p]
        self.xss.XScreenSaverQueryInfo.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(Info)]
        read, write = os.pipe()
        # -displayfd: Xvfb picks a free display and writes its number when it is ready
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "320x240x24", "-nolisten", "tcp", "-noreset"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as numbers:
            self.name = f":{numbers.readline().strip()}"
        self.display = self.x.XOpenDisplay(self.name.encode())
        assert self.display, f"cannot open {self.name}"
        self.x.XSetScreenSaver(self.display, 1, 1, 1, 1)  # blank after one idle second
        self.x.XSync(self.display, 0)

    def touch(self) -> None:
        """As a key press would: the saver goes off and the idle time starts again."""
        self.x.XResetScreenSaver(self.display)
        self.x.XSync(self.display, 0)

    def info(self) -> Info:
        info = Info()
        self.xss.XScreenSaverQueryInfo(self.display, self.x.XDefaultRootWindow(self.display), ctypes.byref(info))
        return info

    def saver_on(self) -> bool:
        return self.info().state == SAVER_ON

    def idle_ms(self) -> int:
        """How long the server has seen no input, by its own clock."""
        return self.info().idle

    def timeout_s(self) -> int:
        values = [ctypes.c_int() for _ in range(4)]
        self.x.XGetScreenSaver(self.display, *(ctypes.byref(v) for v in values))
        return values[0].value

    def close(self) -> None:
        self.x.XCloseDisplay(self.display)
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def server():
    if shutil.which("Xvfb") is None:
        pytest.skip("needs Xvfb (.ci/run installs it)")
    started = Server()
    yield started
    started.close()


def test_the_screen_saver_stays_off_while_held_and_comes_on_after(server, caplog):
    awake = X11ScreenSaverSuspend(server.name)
    with caplog.at_level("INFO", logger="footdesk.platform.screen_awake"):
        for _ in range(3):
            awake.hold(True)  # every tick asks; one suspension
        assert awake.held
        server.touch()  # the key that started the clock
        # past the one-second timeout by the server's own clock, the saver is still off
        wait_for(lambda: server.idle_ms() >= 1300, "the server to be idle past its screen saver's timeout")
        assert not server.saver_on()
        awake.hold(False)
        assert not awake.held
        wait_for(server.saver_on, "the screen saver to come on once let go", timeout=10)
    assert server.timeout_s() == 1  # the person's settings are untouched
    assert [r.message for r in caplog.records] == [
        "screen kept awake during sessions by suspending the X11 screen saver"
    ]


def test_no_display_is_one_line_and_no_hold(caplog):
    awake = X11ScreenSaverSuspend("")
    with caplog.at_level("INFO", logger="footdesk.platform.screen_awake"):
        for _ in range(3):
            awake.hold(True)
            awake.hold(False)
    assert not awake.held
    assert len(caplog.records) == 1 and "unavailable" in caplog.text
