"""The line under a dialog that says what a command did, with what the model
said meanwhile (spoken lines being prepared, a voice missing): the window's
own status bar says it too, but the dialog covers it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from footdesk.ui.theme import PlainLabel


class StatusLine(PlainLabel):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(True)
        self.heard: list[str] = []
        """What the model said during the command under way."""
        self._in_command = False

    def tell(self, text: str) -> None:
        """The outcome of a command, followed by what the model said while it ran."""
        said, self.heard = self.heard, []
        self.setText(" ".join([text, *said]))

    def hear(self, text: str) -> None:
        """A notice of the model: kept for the outcome of the command that
        caused it, or, when it comes later (from the background), said at once."""
        if self._in_command:
            self.heard.append(text)
        else:
            self.setText(text)

    @contextmanager
    def gathering(self) -> Iterator[None]:
        """Keep what the model says while it does what was asked, for ``tell``."""
        self._in_command = True
        try:
            yield
        finally:
            self._in_command = False
