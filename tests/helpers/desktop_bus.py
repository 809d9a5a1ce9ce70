"""A private D-Bus session bus with a fake desktop on it, for tests."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop

FAKE = Path(__file__).with_name("fake_dbus_desktop.py")


class DesktopBus:
    """dbus-daemon plus fake_dbus_desktop.py; ``lines`` are what the fake saw."""

    def __init__(self) -> None:
        self._daemon = subprocess.Popen(
            ["dbus-daemon", "--session", "--print-address=1", "--nofork", "--nopidfile"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.address = self._daemon.stdout.readline().strip()  # type: ignore[union-attr]
        self._fake = subprocess.Popen(
            [sys.executable, str(FAKE), self.address],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        self._watchdogs: dict[str, subprocess.Popen[bytes]] = {}
        threading.Thread(target=self._read, daemon=True).start()
        first = self._lines.get(timeout=20)
        if first != "ready":
            raise RuntimeError(f"the fake desktop did not start: {first}")

    def _read(self) -> None:
        for line in self._fake.stdout:  # type: ignore[union-attr]
            self._lines.put(line.rstrip("\n"))

    def next_line(self, pump, timeout: float = 10.0) -> str:
        """The fake's next line, running ``pump`` (the Qt event loop) meanwhile."""
        line = self.no_line(pump, wait=timeout)
        if line is None:
            raise AssertionError("the fake desktop saw nothing")
        return line

    def no_line(self, pump, wait: float = 0.3) -> str | None:
        """The fake's next line if one comes within ``wait`` seconds, else None."""
        end = time.monotonic() + wait
        while time.monotonic() < end:
            try:
                return self._lines.get(timeout=0.01)
            except queue.Empty:
                pump()
        return None

    def send(self, command: str) -> None:
        self._fake.stdin.write(command + "\n")  # type: ignore[union-attr]
        self._fake.stdin.flush()  # type: ignore[union-attr]

    def freeze(self, what: str = "bus", for_at_most: float = 10.0) -> None:
        """A desktop that hangs: SIGSTOP the bus daemon ("bus") or the fake
        desktop ("desktop", a notification server that never answers).

        Another process continues it after ``for_at_most`` seconds at the
        latest, so that code that waits for it without a limit fails a test
        instead of hanging the suite: a window's thread blocked in a C call
        keeps Python's lock, and no thread of the test could do it."""
        process = self._process(what)
        os.kill(process.pid, signal.SIGSTOP)
        self._watchdogs[what] = subprocess.Popen(
            ["sh", "-c", f"sleep {for_at_most}; kill -CONT {process.pid}"], start_new_session=True
        )

    def thaw(self, what: str = "bus") -> None:
        watchdog = self._watchdogs.pop(what, None)
        if watchdog is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(watchdog.pid, signal.SIGKILL)  # its sleep too
            watchdog.wait()
        os.kill(self._process(what).pid, signal.SIGCONT)

    def _process(self, what: str) -> subprocess.Popen[str]:
        return {"bus": self._daemon, "desktop": self._fake}[what]

    def close(self) -> None:
        for what in list(self._watchdogs):
            self.thaw(what)
        for process in (self._fake, self._daemon):
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)  # a stopped process would not end
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # a loaded machine; the test is over, only the cleanup is left
                process.kill()
                process.wait(timeout=10)


def pump() -> None:
    """Let Qt deliver D-Bus replies and signals while a test waits."""
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def have_dbus_daemon() -> bool:
    return shutil.which("dbus-daemon") is not None
