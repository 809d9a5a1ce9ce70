"""A home folder whose name is not UTF-8 (a Latin-1 byte, as an old system or
a copied account may have): the window opens, only one footdesk runs, and
what it records lands in that home."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.helpers.waiting import wait_for

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")


def test_a_home_with_a_latin1_byte(tmp_path):
    home = os.path.join(os.fsencode(tmp_path), b"j\xfcrgen")
    os.mkdir(home)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(
        HOME=os.fsdecode(home),  # subprocess gives the child these very bytes
        XDG_RUNTIME_DIR=str(runtime),
        QT_QPA_PLATFORM="offscreen",
        SDL_AUDIODRIVER="dummy",
        PYTHONSAFEPATH="1",  # the installed footdesk, not a source tree in the current folder
    )
    log = os.path.join(home, b".cache", b"footdesk", b"log", b"footdesk.log")

    def logged() -> str:
        return open(log, encoding="utf-8").read() if os.path.exists(log) else ""

    first = subprocess.Popen(
        [sys.executable, "-m", "footdesk"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_for(lambda: "window shown" in logged() or first.poll() is not None, "the window")
        assert first.poll() is None, first.communicate()[1].decode(errors="replace")
        second = subprocess.run(
            [sys.executable, "-m", "footdesk", "--start"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == 0, second.stderr.decode(errors="replace")
        wait_for(lambda: "a second launch asked footdesk to start" in logged(), "the second copy to hand over")
        first.send_signal(signal.SIGTERM)
        _, errors = first.communicate(timeout=10)
    finally:
        first.kill()
    assert first.returncode == 0, errors.decode(errors="replace")
    assert b"Traceback" not in errors and b"Logging error" not in errors
    # the routine was started by the second launch and recorded in the real home
    assert os.path.exists(os.path.join(home, b".local", b"share", b"footdesk", b"history.sqlite3"))
