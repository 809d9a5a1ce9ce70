"""Fakes for the session's listeners that remember what they were given."""

from __future__ import annotations

from dataclasses import dataclass, field

from footdesk.session import Event
from footdesk.sound import SoundStatus


@dataclass
class RecordingCuePlayer:
    cues: list[str] = field(default_factory=list)
    sessions_began: int = 0
    sessions_ended: int = 0

    def session_began(self) -> None:
        self.sessions_began += 1

    def play(self, cue: str) -> None:
        self.cues.append(cue)

    def session_ended(self) -> None:
        self.sessions_ended += 1

    next_cues: list[float | None] = field(default_factory=list)

    def next_cue_in(self, seconds: float | None) -> None:
        self.next_cues.append(seconds)

    pauses: list[bool] = field(default_factory=list)

    def set_paused(self, paused: bool) -> None:
        self.pauses.append(paused)

    muted: bool = False
    previews: list[int] = field(default_factory=list)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def status(self) -> SoundStatus:
        return SoundStatus.MUTED if self.muted else SoundStatus.READY

    def preview(self, volume: int) -> None:
        self.previews.append(volume)

    alerts: list[str] = field(default_factory=list)

    def alert(self, cue: str) -> None:
        self.alerts.append(cue)


@dataclass
class RecordingRecorder:
    events: list[Event] = field(default_factory=list)
    also: object | None = None
    """Another recorder (the real history) that gets every event too."""

    def record(self, event: Event) -> None:
        self.events.append(event)
        if self.also is not None:
            self.also.record(event)


class TrayHost:
    """A window host whose reminder lives on in the tray."""

    def keeps_running(self) -> bool:
        return True

    def tray_available(self) -> bool:
        return True

    def closing_unasked(self) -> bool:
        return False
