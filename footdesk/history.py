"""Session history. For now only the seam the session controller calls; the
SQLite store that keeps every step comes with the history issue."""

from __future__ import annotations

from typing import Protocol

from footdesk.session import Event


class SessionRecorder(Protocol):
    def record(self, event: Event) -> None:
        """Called for every session event, in order, as it happens."""


class NullRecorder:
    """Keeps nothing: the app runs the same, it just has no history yet."""

    def record(self, event: Event) -> None:
        pass
