"""The benchmarks build footdesk the way footdesk builds itself: an AppModel on
files in a scratch folder (never the person's), and FootdeskApp for a window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from footdesk.appmodel import AppModel, VoiceRenderer, Waker, session_clock
from footdesk.routine import Routine, load_default_routine
from footdesk.session import SessionOptions
from footdesk.settings import SettingsFile
from footdesk.sound import CuePlayer


def make_model(
    scratch: Path,
    routine: Routine | None = None,
    options: SessionOptions | None = None,
    cue_player: CuePlayer | None = None,
    waker: Waker | None = None,
    clock: Callable[[], float] = session_clock,
    wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    history: Path | None = None,
    routines_dir: Path | None = None,
    voice_renderer: VoiceRenderer | None = None,
) -> AppModel:
    routine = routine or load_default_routine()
    return AppModel(
        routine,
        SettingsFile(scratch / "settings.toml", routine.durations()),
        scratch / "state.json",
        history or scratch / "history.sqlite3",
        clock=clock,
        wall_clock=wall_clock,
        waker=waker,
        cue_player=cue_player,
        fixed_options=options,
        routines_dir=routines_dir,
        voice_renderer=voice_renderer,
    )


def make_window(model: AppModel):  # -> MainWindow (Qt is imported by the caller's choice of platform)
    from footdesk.app import FootdeskApp

    shell = FootdeskApp()
    shell.build(model)
    return shell.window
