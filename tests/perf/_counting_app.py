"""footdesk as a person runs it, counting down: ``python -m tests.perf._counting_app``.

This is ``footdesk --start`` (the real FootdeskApp: window, sound, history,
screen-awake hold, reminder, one-copy server), plus the one key press a person
makes to get past the first step, a tip with no clock ("Walk around
barefoot"). The routine's durations come from the settings file the
benchmark writes, as a person's would.
"""

from __future__ import annotations

import sys

from footdesk import paths
from footdesk.platform.pyside_imports import load_qt

load_qt()  # as footdesk's launch loads Qt (cli.main)
from footdesk.app import FootdeskApp, Shell  # noqa: E402

_finish_start = Shell.finish_start


def finish_start(shell: Shell) -> None:
    _finish_start(shell)
    snap = shell.model.snapshot()
    if snap is not None and snap.state.value == "tip":
        shell.model.skip()  # Space on the tip: the next step's clock starts


def main() -> int:
    paths.prepare_private_dirs()
    Shell.finish_start = finish_start  # type: ignore[method-assign]
    return FootdeskApp(start_now=True).run()


if __name__ == "__main__":
    sys.exit(main())
