"""Nothing footdesk does writes into the folder it was started from: not the
window (a routine, settings, the review and its exports, quitting), not the
terminal commands, not the demo seeder. Each runs as its own process with
an empty folder as its working directory, which must stay empty."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "helpers" / "drive_app.py"
SEEDER = HERE.parent / "packaging" / "seed_demo_history.py"


@pytest.fixture
def started_from(tmp_path):
    """An empty folder to start from, a home of its own, and XDG folders given
    as relative paths (which footdesk must ignore, as the XDG spec says, rather
    than resolve against the current folder)."""
    folder = tmp_path / "started-here"
    folder.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "XDG_CONFIG_HOME": "config",
        "XDG_DATA_HOME": "data",
        "XDG_STATE_HOME": "state",
        "XDG_CACHE_HOME": "cache",
        "XDG_RUNTIME_DIR": str(runtime),
        "QT_QPA_PLATFORM": "offscreen",
        "SDL_AUDIODRIVER": "dummy",
        "PYGAME_HIDE_SUPPORT_PROMPT": "1",
    }
    return folder, home, env


def run(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def everything_in(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_the_window_the_terminal_and_the_seeder_write_nothing_where_they_started(started_from, tmp_path):
    folder, home, env = started_from
    exports = tmp_path / "exports"
    exports.mkdir()

    seeded = run(folder, env, str(SEEDER))
    assert seeded.returncode == 0, seeded.stderr
    assert everything_in(folder) == []

    window = run(folder, env, str(DRIVER), str(exports))
    assert window.returncode == 0 and "DONE" in window.stdout, window.stdout + window.stderr
    assert "Traceback" not in window.stderr
    assert everything_in(folder) == []

    for args, code in (
        (["--version"], 0),
        (["history"], 0),
        (["history", "--json"], 0),
        (["history", "--week", "2026-W01"], 0),
        (["export", "-"], 0),
        (["export", str(exports / "again.csv")], 0),
        (["export", str(exports / "again.pdf")], 0),
        (["export", str(exports / "again.pdf"), "--force", "--week", "2026-W01"], 0),
        (["export", str(exports / "again.csv")], 1),  # it exists: refused, in one line
        (["export", "again.csv", "--week", "someday"], 1),
    ):
        done = run(folder, env, "-m", "footdesk", *args)
        assert done.returncode == code, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert everything_in(folder) == [], args

    # it all went where footdesk keeps things: the relative XDG values were ignored
    assert (home / ".local" / "share" / "footdesk" / "history.sqlite3").is_file()
    assert "[goal]" in (home / ".config" / "footdesk" / "settings.toml").read_text()
    assert (home / ".local" / "state" / "footdesk" / "app-state.json").is_file()
    assert sorted(path.name for path in exports.iterdir()) == ["again.csv", "again.pdf", "all.csv", "week.pdf"]
