"""Sound for the session, behind a small protocol so that the app and the tests
run the same with no sound device at all."""

from __future__ import annotations

from typing import Protocol


class CuePlayer(Protocol):
    def session_began(self) -> None:
        """A session starts: the moment to open the audio device, not before."""

    def play(self, cue: str) -> None:
        """Start a cue at once; never blocks and never raises for a missing sound."""

    def session_ended(self) -> None:
        """No session runs: close the device so nothing wakes the process."""


class SilentCuePlayer:
    """Plays nothing; used when sound is off or no device could be opened."""

    def session_began(self) -> None:
        pass

    def play(self, cue: str) -> None:
        pass

    def session_ended(self) -> None:
        pass
