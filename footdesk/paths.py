"""Where footdesk keeps its files: the one module that asks appdirs.

Tests and people redirect everything with the XDG_* variables. A relative or
empty XDG value is ignored, as the XDG spec says, so files never land in
whatever folder the app happened to be started from.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import appdirs

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
