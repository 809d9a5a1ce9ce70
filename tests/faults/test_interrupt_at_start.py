"""Ctrl+C (SIGINT) at any moment of footdesk's start: never a traceback, never
a crash inside Qt's import, never a window left running.

Before: a Ctrl+C in the first ~0.2 s printed a 15–24 line KeyboardInterrupt
traceback, or aborted inside PySide6's import ("Fatal Python error:
libshiboken/signature"), or was swallowed by Qt's event loop and left footdesk
running. The child below starts footdesk exactly as the installed `footdesk`
command does, after telling the test that Python itself has started (what
Python does before that, such as reading site-packages, is not footdesk's)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_app import log_text

CONSOLE_SCRIPT = """
import os, sys
os.write(int(sys.argv[1]), b"go")  # from here on, every moment is footdesk's
os.close(int(sys.argv[1]))
sys.argv = ["footdesk", *sys.argv[2:]]
from footdesk.cli import main
sys.exit(main())
"""


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


def interrupt_after(delay: float, env: dict[str, str], *args: str) -> tuple[int, str]:
    ready, told = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-c", CONSOLE_SCRIPT, str(told), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        pass_fds=(told,),
    )
    os.close(told)
    try:
        assert os.read(ready, 2) == b"go"
        time.sleep(delay)  # the moment under test
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=15)  # a window left running would time out here
    finally:
        os.close(ready)
        process.kill()
    return process.returncode, err


@pytest.mark.parametrize("delay", [0.01, 0.03, 0.06, 0.1, 0.15, 0.25, 0.4])
def test_ctrl_c_while_the_window_starts(env, user_dirs, delay):
    code, err = interrupt_after(delay, env)
    assert "Traceback" not in err and "Fatal Python error" not in err and "KeyboardInterrupt" not in err, err
    assert code in (0, 130, -signal.SIGINT), (code, err)
    if code == 0:  # the window was up: it closed the clean way
        assert "signal [2] received: closing" in log_text(user_dirs)


@pytest.mark.parametrize("delay", [0.01, 0.03, 0.06])
def test_ctrl_c_while_a_terminal_command_starts(env, delay):
    code, err = interrupt_after(delay, env, "history", "--json")
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert code in (0, 130, -signal.SIGINT), (code, err)
