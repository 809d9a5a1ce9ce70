"""Where footdesk keeps its files: the one module that asks appdirs.

Tests and people redirect everything with the XDG_* variables. A relative or
empty XDG value is ignored, as the XDG spec says, so files never land in
whatever folder the app happened to be started from.

What footdesk keeps is the person's alone (back-pain ratings are health data):
prepare_private_dirs(), called first thing at start, makes sure of it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import appdirs

from footdesk.files import tighten_private_dir

APP_NAME = "footdesk"
_XDG_VARIABLES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")


@contextmanager
def _absolute_xdg_only() -> Iterator[None]:
    ignored = {
        name: os.environ.pop(name)
        for name in _XDG_VARIABLES
        if name in os.environ and not os.path.isabs(os.environ[name])
    }
    try:
        yield
    finally:
        os.environ.update(ignored)


def _ask(finder: Callable[..., str]) -> Path:
    with _absolute_xdg_only():
        return Path(finder(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _ask(appdirs.user_config_dir)


def data_dir() -> Path:
    return _ask(appdirs.user_data_dir)


def state_dir() -> Path:
    return _ask(appdirs.user_state_dir)


def log_dir() -> Path:
    return _ask(appdirs.user_log_dir)


def cache_dir() -> Path:
    return _ask(appdirs.user_cache_dir)


def private_dirs() -> tuple[Path, ...]:
    """footdesk's own folders (several are one on macOS and Windows), never
    the shared folders they live in (~/.config, ~/.local/share...)."""
    found: list[Path] = []
    for folder in (config_dir(), data_dir(), state_dir(), cache_dir(), log_dir()):
        if folder not in found:
            found.append(folder)
    return tuple(found)


PRIVATE_UMASK = 0o077


def prepare_private_dirs() -> list[Path]:
    """Call once at start, before footdesk writes anything (the log included):
    everything footdesk makes from then on is the person's alone, and what an
    older footdesk left readable is closed. Returns what was tightened.

    It sets the process umask to 0o077 rather than passing modes to each
    file's creation, because much of what footdesk writes is created by code
    that takes no mode: SQLite makes history.sqlite3 and its -wal and -shm
    files, logging makes the log, Qt makes the lock and the socket, mkdir
    makes missing parent folders. With the umask every one of them is 0600
    (folders 0700), including files made later, e.g. a CSV or PDF export,
    which carries the same ratings. (Child processes would inherit it;
    footdesk starts none.)

    Existing folders of footdesk's own (private_dirs: config, data, state,
    cache and log, never their parents such as ~/.config) are made 0700 and
    the files directly in them owner-only. Folders that do not exist yet are
    not made here: what writes into them makes them, 0700 by the umask.
    Nothing happens on systems without Unix modes (Windows).
    """
    if os.name != "posix":
        return []
    os.umask(PRIVATE_UMASK)
    changed: list[Path] = []
    for folder in private_dirs():
        changed.extend(tighten_private_dir(folder))
    return changed


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def history_file() -> Path:
    return data_dir() / "history.sqlite3"


def app_state_file() -> Path:
    """Small facts about the app itself (the welcome was seen), not the person's records."""
    return state_dir() / "app-state.json"


def instance_lock_file() -> Path:
    """Held by the running footdesk, so a second launch hands over instead."""
    return state_dir() / "footdesk.lock"


def log_file() -> Path:
    return log_dir() / "footdesk.log"


def autostart_file(platform: str = sys.platform) -> Path | None:
    """The XDG autostart entry that starts footdesk at login (freedesktop
    desktops only; None elsewhere). It lives in the autostart folder beside
    footdesk's own config folder, so XDG_CONFIG_HOME moves it too."""
    if not platform.startswith("linux") and "bsd" not in platform:
        return None
    with _absolute_xdg_only():
        return Path(appdirs.user_config_dir("autostart", appauthor=False)) / f"{APP_NAME}.desktop"
