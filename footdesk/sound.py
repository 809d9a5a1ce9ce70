"""Sound as the application sees it: a small protocol the session's cues go
through, so that the model, the window and the tests work the same with no
sound device at all. The pygame implementation is ``footdesk.platform.audio``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Protocol

Scheduler = Callable[[float, Callable[[], None]], None]
"""Run an action after a delay in seconds, on the application's own loop."""


class SoundStatus(Enum):
    READY = "ready"  # cues will play (the device opens when a session starts)
    MUTED = "muted"
    OFF = "off"  # turned off in the settings
    UNAVAILABLE = "unavailable"  # no device could be opened; retried next session


class CuePlayer(Protocol):
    def session_began(self) -> None:
        """A session starts: the moment to open the audio device, not before."""

    def play(self, cue: str) -> None:
        """Start a cue at once; never blocks and never raises."""

    def session_ended(self) -> None:
        """No session runs: close the device once the last cue has played."""

    def next_cue_in(self, seconds: float | None) -> None:
        """The running session will next ask for a sound by itself this many
        seconds from now (None: not until the person acts). The device may rest
        until shortly before; a cue asked for sooner (a key press) opens it."""

    def set_paused(self, paused: bool) -> None:
        """The person paused (or resumed) the routine: a sentence being spoken
        pauses with it and goes on (or is said again) at resume."""

    @property
    def muted(self) -> bool: ...

    def set_muted(self, muted: bool) -> None: ...

    def status(self) -> SoundStatus: ...

    def preview(self, volume: int) -> None:
        """Play a tone and a voice at this volume, so the person can check their speakers."""

    def alert(self, cue: str) -> None:
        """Play one cue outside a session (the daily reminder), as the settings allow."""


class SilentCuePlayer:
    """Plays nothing: for tests, and for when footdesk is told to be quiet."""

    def __init__(self) -> None:
        self._muted = False

    def session_began(self) -> None:
        pass

    def play(self, cue: str) -> None:
        pass

    def session_ended(self) -> None:
        pass

    def next_cue_in(self, seconds: float | None) -> None:
        pass

    def set_paused(self, paused: bool) -> None:
        pass

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def status(self) -> SoundStatus:
        return SoundStatus.MUTED if self._muted else SoundStatus.OFF

    def preview(self, volume: int) -> None:
        pass

    def alert(self, cue: str) -> None:
        pass
