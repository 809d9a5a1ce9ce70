"""The benchmarks build footdesk the way footdesk builds itself: an AppModel on
files in a scratch folder (never the person's), and the Shell for a window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from footdesk.appmodel import Adapters, AppModel, NoWaker, VoiceRenderer, Waker, build_model, session_clock
from footdesk.routine import Routine, load_default_routine
from footdesk.session import SessionOptions
from footdesk.sound import CuePlayer
from tests.helpers.fakes import files_in


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
    adapters = Adapters(clock=clock, wall_clock=wall_clock, waker=waker or NoWaker(), cue_player=cue_player,
                        fixed_options=options, voice_renderer=voice_renderer)  # fmt: skip
    return build_model(adapters, files_in(scratch, history=history, routine=routine, routines=routines_dir))


def make_window(model: AppModel):  # -> MainWindow (Qt is imported by the caller's choice of platform)
    from footdesk.app import Shell

    shell = Shell(model)
    return shell.window
