"""Running a callable on the window's thread, posted from any thread.

A worker (a D-Bus line, the voice renderer, a picture decode) ends on its own
thread and hands what it found to the window's. It must never touch a QObject
the window's thread may delete meanwhile: a signal emitted on a QObject while
it is deleted ends the program with a segmentation fault (a picture that
still decoded as its dialog closed did, in the tests). So every worker emits
on one carrier made on the window's thread and never deleted, and what it
posts for an owner (a reminder, a picture loader) is dropped on arrival if
that owner is gone by then.

Qt plumbing, not core: the views (``footdesk.ui``) and the adapters
(``footdesk.platform``) both use it, and neither may import the other.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot


class _Carrier(QObject):
    """The one object workers emit on; lives as long as footdesk."""

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, action: Callable[[], None]) -> None:
        action()


_CARRIER: list[_Carrier] = []
"""Made by the first ``ToWindow`` (on the window's thread), never deleted."""


def _carrier() -> _Carrier:
    if not _CARRIER:
        _CARRIER.append(_Carrier())
    return _CARRIER[0]


class ToWindow:
    """Runs callables on the window's thread, in the order they were posted
    from any thread; those posted for an ``owner`` that is deleted by the
    time they arrive are dropped (its window is gone: nobody waits for them).
    Made on the window's thread."""

    def __init__(self, owner: QObject | None = None) -> None:
        self._carrier = _carrier()
        self._owner = weakref.ref(owner) if owner is not None else None

    def post(self, action: Callable[[], None]) -> None:
        try:
            self._carrier.posted.emit(partial(self._deliver, action))
        except RuntimeError:  # Python is shutting down and took the carrier: nobody waits for it
            pass

    def _deliver(self, action: Callable[[], None]) -> None:
        if self._owner is not None:
            owner = self._owner()
            if owner is None or not shiboken6.isValid(owner):
                return
        action()
