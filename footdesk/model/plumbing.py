"""What every part of the model shares: observers, the shell's one timer as
named wake-ups, and notices that are said once.

Kept apart so the parts can be built and tested alone, each handed the same
``Wakeups`` and ``Notices`` the facade made.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from typing import Generic, Protocol, TypeVar

from footdesk.i18n import N_, _

log = logging.getLogger(__name__)
CUE_PLAYER = "cue player"
"""What plays the sounds: the key a failure of it is said once by."""
_FAILED = {
    # TRANSLATORS: {error} is the error's own words; the session carries on silently
    CUE_PLAYER: N_("The cue player failed ({error}); the routine goes on without it."),
}
_ANY_PART_FAILED = N_("Something failed ({error}); the routine goes on without it.")
"""A whole sentence for each part that may fail (a sentence built around its name
could not make its article agree in every language)."""

T = TypeVar("T")


class Observers(Generic[T]):
    """Plain callbacks, called in the order they were connected."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], object]] = []

    def connect(self, callback: Callable[[T], object]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[T], object]) -> None:
        """For listeners that go away before the model does (a dialog)."""
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        for callback in list(self._callbacks):
            callback(value)


class Waker(Protocol):
    """The shell's one timer: call ``wake`` after ``delay_s`` seconds (None: disarm)."""

    def arm(self, delay_s: float | None, wake: Callable[[], None]) -> None: ...


class NoWaker:
    """For the terminal: nothing runs on its own there."""

    def arm(self, delay_s: float | None, wake: Callable[[], None]) -> None:
        pass


class Slot(Enum):
    """Who needs the model woken, and why."""

    SESSION = "session"  # the running session's next moment (a second ticks, a part ends)
    HISTORY_RETRY = "history-retry"  # the next try at history writes that wait
    BACKUP = "backup"  # the daily look at whether the weekly backup is due


class Wakeups:
    """Each part sets its own slot (a moment on the model's clock, or None);
    the shell's one timer is armed at the earliest, and ``wake`` is called then.
    A part never clears another's moment by accident."""

    def __init__(self, waker: Waker, clock: Callable[[], float], wake: Callable[[], None]) -> None:
        self._waker = waker
        self._clock = clock
        self._wake = wake
        self._at: dict[Slot, float] = {}

    def set(self, slot: Slot, at: float | None) -> None:
        if at is None:
            self._at.pop(slot, None)
        else:
            self._at[slot] = at
        self.arm()

    def at(self, slot: Slot) -> float | None:
        return self._at.get(slot)

    def due(self, slot: Slot) -> bool:
        at = self._at.get(slot)
        return at is not None and self._clock() >= at

    def arm(self) -> None:
        if not self._at:
            self._waker.arm(None, self._wake)
            return
        self._waker.arm(max(0.0, min(self._at.values()) - self._clock()), self._wake)

    def clear(self) -> None:
        """Closing: nothing is woken again."""
        self._at.clear()
        self._waker.arm(None, self._wake)


class Notices:
    """What the person should read (``notice``), and the failures that must
    never stop the routine: logged with their traceback, said once."""

    def __init__(self) -> None:
        self.notice: Observers[str] = Observers()
        self.withdrawn: Observers[str] = Observers()
        """A notice that no longer holds (``say_until_next_session``): whoever shows it takes it away."""
        self._told: set[str] = set()
        self._until_next_session: list[str] = []

    def say(self, text: str) -> None:
        self.notice.emit(text)

    def say_until_next_session(self, text: str) -> None:
        """A notice about a start that did not happen: withdrawn when a session starts."""
        self._until_next_session.append(text)
        self.notice.emit(text)

    def session_started(self) -> None:
        said, self._until_next_session = self._until_next_session, []
        for text in said:
            self.withdrawn.emit(text)

    def told(self, key: str) -> bool:
        """Whether ``say_once`` said ``key`` already."""
        return key in self._told

    def say_once(self, key: str, text: str) -> None:
        if key not in self._told:
            self._told.add(key)
            self.notice.emit(text)

    def safely(self, what: str, action: Callable[..., object], *args: object) -> None:
        """Sound or history failing must never stop the person's routine. ``what``
        names the part (``CUE_PLAYER``); its notice is a whole sentence of ``_FAILED``."""
        try:
            action(*args)
        except Exception as exc:
            log.exception("%s failed", what)
            failed = _(_FAILED.get(what, _ANY_PART_FAILED))
            self.say_once(what, failed.format(error=exc))
