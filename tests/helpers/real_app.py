"""The real footdesk in a process of its own, under the limits a system or a
person may set (``ulimit -n``, ``ulimit -v``), for tests/faults."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

LAUNCH = """
import sys
sys.argv = ["footdesk", *sys.argv[1:]]
{before}
from footdesk.cli import main
sys.exit(main())
"""


def app_environment(user_dirs) -> dict[str, str]:
    """The test's own folders, no display, no sound card, the welcome already seen."""
    env = dict(os.environ)
    env.update({name: str(path) for name, path in user_dirs.items()})
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["SDL_AUDIODRIVER"] = "dummy"
    env["PYTHONSAFEPATH"] = "1"
    state = Path(user_dirs["XDG_STATE_HOME"]) / "footdesk" / "app-state.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text('{"welcome_seen": true}')
    return env


def limited(
    files: int | None = None, memory_kib: int | None = None, files_hard: int | None = None
) -> Callable[[], None]:
    """For ``preexec_fn``: the limits ``ulimit -n FILES`` and ``ulimit -v MEMORY``
    set (both soft and hard; ``files_hard``: a higher hard limit, as ``ulimit -Sn``)."""

    def apply() -> None:
        if files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (files, files_hard or files))
        if memory_kib is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_kib * 1024, memory_kib * 1024))

    return apply


def launch(
    env: dict[str, str], *args: str, before: str = "", limits: Callable[[], None] | None = None
) -> subprocess.Popen[str]:
    """footdesk as the ``footdesk`` command starts it; ``before`` is Python run
    first in that process (a fault to inject), ``limits`` a ``preexec_fn``."""
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCH.format(before=before), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limits,  # noqa: PLW1509 - only setrlimit, before exec
    )


def open_descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))
