"""A private D-Bus session bus with a fake desktop on it, for tests."""

from __future__ import annotations

import queue
import shutil
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

    def close(self) -> None:
        for process in (self._fake, self._daemon):
            process.terminate()
            process.wait(timeout=10)


def pump() -> None:
    """Let Qt deliver D-Bus replies and signals while a test waits."""
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def have_dbus_daemon() -> bool:
    return shutil.which("dbus-daemon") is not None
