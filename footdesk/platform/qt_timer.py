"""The session's one timer: it only feeds the model the time and re-arms.

The model says when the next thing can happen; this sleeps until exactly then
with a single-shot Qt.PreciseTimer (Qt's default coarse timer fired up to
~50 ms early or late on a one-second interval), so a running countdown wakes
the process about once a second and an idle window not at all.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer


class QtWaker(QObject):
    """Implements ``footdesk.appmodel.Waker`` with a QTimer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._wake)
        self._target: Callable[[], None] | None = None

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def arm(self, delay_s: float | None, wake: Callable[[], None]) -> None:
        self._target = wake
        if delay_s is None:
            self._timer.stop()
            return
        # round up: waking a hair early would only cost an empty tick and a re-arm
        self._timer.start(max(0, math.ceil(delay_s * 1000)))

    def _wake(self) -> None:
        if self._target is not None:
            self._target()


def schedule(delay_s: float, action: Callable[[], None]) -> None:
    """``footdesk.sound.Scheduler`` on Qt's event loop."""
    QTimer.singleShot(max(0, round(delay_s * 1000)), action)
