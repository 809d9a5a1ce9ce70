"""The model's adapters as tests hand them in: a clock the test moves, a timer
that only remembers, a cue player that records; and model files in a folder
of the test's own (``build_model`` otherwise uses the test's XDG folders)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from footdesk.appmodel import Adapters, ModelFiles
from footdesk.routine import Routine, load_default_routine
from footdesk.settings import SettingsFile


class FakeWaker:
    """Remembers when the model asked to be woken (None: disarmed)."""

    def __init__(self) -> None:
        self.delay: float | None = None

    def arm(self, delay_s: float | None, wake: Callable[[], None]) -> None:
        self.delay = delay_s


def files_in(folder: Path, history: Path | None = None, routine: Routine | None = None,
             routines: Path | None = None) -> ModelFiles:  # fmt: skip
    """Settings, state and history in ``folder`` (the history elsewhere when given)."""
    routine = routine or load_default_routine()
    return ModelFiles(routine, SettingsFile(folder / "settings.toml", routine.durations()), folder / "state.json",
                      history or folder / "history.sqlite3", routines)  # fmt: skip


def at(moment: datetime) -> Callable[[], datetime]:
    """A wall clock stopped at ``moment``."""
    return lambda: moment


__all__ = ["Adapters", "FakeWaker", "at", "files_in"]
