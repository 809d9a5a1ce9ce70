"""Test-wide setup: no display, no sound card, and per-user folders in a temp dir.

The environment is set before anything imports Qt or pygame, so the suite runs
the same on a headless CI machine and on a desktop.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
# Tests write many small SQLite transactions, each waiting for the disk; in memory
# (/dev/shm, a tmpfs on Linux) they take a fraction of the time: the suite ran 84 s
# on a busy two-core machine with its folders on disk, 75 s in memory. Nothing
# footdesk does depends on the kind of disk; a test that needs a particular one
# mounts it (tests/helpers/mounts.py). A TMPDIR set by whoever runs the tests wins.
if "TMPDIR" not in os.environ and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
    os.environ["TMPDIR"] = "/dev/shm"
    tempfile.tempdir = None
# The suite reads footdesk's English: a developer's German desktop must not change
# what footdesk says in it (and in the copies of footdesk the tests start).
# tests/i18n sets other languages on purpose.
os.environ["LANGUAGE"] = "en"
from pathlib import Path

import pytest

from tests.helpers import FakeClock

# A machine may set PYTHONDONTWRITEBYTECODE: then every footdesk a test starts in a
# child process compiles its modules again (a few hundred starts in the suite), which
# an installed footdesk never does. Bytecode goes to __pycache__, which git ignores.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


def pytest_configure(config: pytest.Config) -> None:
    """The catalogs compiled as the build compiles them (setup.py), once, before
    the workers start: a .po edited since ``pip install -e .`` is what the tests see."""
    if hasattr(config, "workerinput"):
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "packaging"))
    try:
        from catalogs import compile_catalogs
    finally:
        sys.path.pop(0)
    try:
        compile_catalogs()
    except ImportError as missing:  # an environment made before the translations came
        raise pytest.UsageError(
            f"{missing}: the tests compile the translations with Babel; run .venv/bin/pip install -e '.[test]' again"
        ) from None


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A test that switches footdesk's language leaves the next one in English."""
    yield
    from footdesk import i18n

    if i18n.current_language().code != i18n.ENGLISH or i18n.formats() is not i18n.ENGLISH_FORMATS:
        i18n.use_language(i18n.ENGLISH)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path, monkeypatch):
    """Every test gets empty config, data, state and cache folders of its own,
    and a private runtime folder (where the one-copy socket lives).

    The runtime folder sits directly under the system's temp folder, as a
    real one (/run/user/ID) sits near the root: a socket's path must fit in
    108 bytes, and pytest's per-test folders (deeper still under parallel
    workers) would make footdesk fall back to its state folder in tests only."""
    dirs = {}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        folder = tmp_path / name.lower()
        folder.mkdir(mode=0o700)
        monkeypatch.setenv(name, str(folder))
        dirs[name] = folder
    runtime = Path(tempfile.mkdtemp(prefix="fd-run-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    dirs["XDG_RUNTIME_DIR"] = runtime
    yield dirs
    shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def one_qt_application(qapp):
    """Every test process has its QApplication from the start. A terminal
    command run in the test process (footdesk export FILE.pdf) makes a bare
    QGuiApplication when there is none, and a window made after that in the
    same process aborts it (Qt cannot make a widget without a QApplication):
    which came first depended on how the parallel workers shared the tests."""
    return qapp


@pytest.fixture(autouse=True)
def restore_umask():
    """paths.prepare_private_dirs() (called by cli.main and the app) sets the
    umask of the whole process: every test starts and ends with the one it had."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# the window fixtures (app, make_app, desktop) for tests/ui and tests/platform
from tests.helpers.app_fixtures import app, desktop, make_app  # noqa: E402, F401


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (pyproject's addopts): one worker more than the cores. Many
    tests wait on a child process or a file (a window starting, a history
    written), and a spare worker fills those waits: on two cores the whole
    suite took 89 s with two workers and 74 s with three (four: 79 s)."""
    return (os.cpu_count() or 1) + 1
