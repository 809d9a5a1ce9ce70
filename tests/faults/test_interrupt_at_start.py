"""Ctrl+C (SIGINT) at any moment of footdesk's start: never a traceback, never
a crash inside Qt's import, never a window left running.

Before: a Ctrl+C in the first ~0.2 s printed a 15–24 line KeyboardInterrupt
traceback, or aborted inside PySide6's import ("Fatal Python error:
libshiboken/signature"), or was swallowed by Qt's event loop and left footdesk
running. The child below starts footdesk exactly as the installed `footdesk`
command does, and Ctrl+C comes (SIGINT sent to itself) as a chosen module is
first imported: the same moment on every run however busy the machine, where
a delay after the start hit a different moment on each."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_app import log_text

CONSOLE_SCRIPT = """
import os, signal, sys
moment, fired = sys.argv[1], []

def at(event, args):
    if event == "import" and args[0] == moment and not fired:
        fired.append(True)
        os.write(2, b"[at the moment]\\n")
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C, felt at once unless footdesk holds it

sys.addaudithook(at)
sys.argv = ["footdesk", *sys.argv[2:]]
from footdesk.cli import main
sys.exit(main())
"""

REACHED = "[at the moment]\n"


@pytest.fixture
def env(user_dirs) -> dict[str, str]:
    environ = dict(os.environ)
    environ.update({name: str(path) for name, path in user_dirs.items()})
    environ["QT_QPA_PLATFORM"] = "offscreen"
    environ["SDL_AUDIODRIVER"] = "dummy"
    state = Path(user_dirs["XDG_STATE_HOME"]) / "footdesk" / "app-state.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text('{"welcome_seen": true}')
    return environ


def interrupt_at(moment: str, env: dict[str, str], *args: str) -> tuple[int, str]:
    """footdesk started as the installed command starts it, and Ctrl+C pressed
    as ``moment`` (a module) is first imported; its exit code and stderr."""
    process = subprocess.run(
        [sys.executable, "-c", CONSOLE_SCRIPT, moment, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=30,  # a window left running would time out here
        check=False,
    )
    assert REACHED in process.stderr, f"footdesk never imported {moment}: pick another moment"
    return process.returncode, process.stderr.replace(REACHED, "")


# Moments of the window's start, in order: footdesk's first modules (before
# signals are held), the model, inside shiboken's own start (where a Ctrl+C
# once aborted with "Fatal Python error: libshiboken/signature"), Qt's
# widgets, the window, what the home screen shows, and what loads after the
# window is up (sound, the session, the history).
WINDOW_MOMENTS = [
    "footdesk.platform.display",
    "footdesk.appmodel",
    "shibokensupport.signature.parser",
    "PySide6.QtWidgets",
    "footdesk.ui.main_window",
    "footdesk.report",
    "footdesk.platform.audio",
    "footdesk.history",
]


@pytest.mark.parametrize("moment", WINDOW_MOMENTS)
def test_ctrl_c_while_the_window_starts(env, user_dirs, moment):
    code, err = interrupt_at(moment, env)
    assert "Traceback" not in err and "Fatal Python error" not in err and "KeyboardInterrupt" not in err, err
    assert code in (0, 130, -signal.SIGINT), (code, err)
    if code == 0:  # the window was up: it closed the clean way
        assert "signal [2] received: closing" in log_text(user_dirs)


@pytest.mark.parametrize("moment", ["footdesk.appmodel", "footdesk.history", "footdesk.report"])
def test_ctrl_c_while_a_terminal_command_starts(env, moment):
    code, err = interrupt_at(moment, env, "history", "--json")
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert code in (0, 130, -signal.SIGINT), (code, err)
