"""Where footdesk keeps its files: the one module that asks appdirs.

Tests and people redirect everything with the XDG_* variables. A relative or
empty XDG value is ignored, as the XDG spec says, so files never land in
whatever folder the app happened to be started from.

What footdesk keeps is the person's alone (back-pain ratings are health data):
prepare_private_dirs(), called first thing at start, makes sure of it.
"""

from __future__ import annotations

import contextlib
import enum
import os
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import appdirs

from footdesk.files import create_private_dirs, is_private_dir, tighten_private_dir

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


def routines_dir() -> Path:
    """The person's own routines, one TOML file each."""
    return config_dir() / "routines"


def voice_cache_dir() -> Path:
    """Spoken lines of the person's routines, rendered on this computer, by text."""
    return cache_dir() / "voice"


def history_file() -> Path:
    return data_dir() / "history.sqlite3"


def plans_file() -> Path:
    """Where the person is in each routine's plan (the phase taken on, the answers given)."""
    return data_dir() / "plans.json"


def app_state_file() -> Path:
    """Small facts about the app itself (the welcome was seen), not the person's records."""
    return state_dir() / "app-state.json"


class KeptKind(enum.Enum):
    """How a backup reads, checks and restores one of footdesk's files."""

    HISTORY = "history"
    """The SQLite history: copied through SQLite, checked as footdesk opens a history."""
    SETTINGS = "settings"
    """settings.toml, read by settings.py's reader."""
    ROUTINES = "routines"
    """The routines folder: each routine's TOML and its ``<id>.pictures/`` folder."""
    JSON = "json"
    """A small JSON object of footdesk's own (the app state)."""


@dataclass(frozen=True)
class Kept:
    """One thing footdesk keeps for the person: its name inside a backup, where it lives, and its kind."""

    name: str
    path: Path
    kind: KeptKind


def kept_files() -> tuple[Kept, ...]:
    """Everything a backup holds and a restore puts back, in one list: a file
    footdesk starts keeping is one more line here (never the log, the cache,
    the lock or the socket: they belong to this computer, not the person)."""
    return (
        Kept("history.sqlite3", history_file(), KeptKind.HISTORY),
        Kept("settings.toml", settings_file(), KeptKind.SETTINGS),
        Kept("routines", routines_dir(), KeptKind.ROUTINES),
        Kept("app-state.json", app_state_file(), KeptKind.JSON),
        Kept("plans.json", plans_file(), KeptKind.JSON),
    )


RESTORE_STAGING = ".footdesk-restore-staging"
"""The folder beside each kept file where a restore stages the backup's copy."""


def restore_staging_left() -> bool:
    """A restore killed while it staged left its folders (and no journal): a
    start holding the one-copy lock removes them (``backup.remove_staging``).
    A few stat calls: cheap enough for every start."""
    return any((item.path.parent / RESTORE_STAGING).exists() for item in kept_files())


def restore_journal_file() -> Path:
    """What a restore under way has staged and where it moves things: a start
    that finds it finishes the swap (backup.finish_interrupted_restore)."""
    return state_dir() / "restore-journal.json"


def default_backups_dir() -> Path:
    """Where automatic backups go unless the person chooses a folder."""
    return data_dir() / "Backups"


def instance_lock_file() -> Path:
    """Held by the running footdesk, so a second launch hands over instead."""
    return state_dir() / "footdesk.lock"


def log_file() -> Path:
    return log_dir() / "footdesk.log"


# sun_path holds 108 bytes on Linux and 104 on macOS and the BSDs, with the
# closing NUL: a longer path cannot be a socket's
SOCKET_PATH_MAX_BYTES = 103


def instance_socket_file(lock_file: Path | None = None) -> Path | None:
    """Where the running footdesk listens for later copies: a full path in a
    folder only this person can create things in, so nobody else can take the
    name first or listen in their place. None where the system has no such
    paths (Windows uses a named pipe) or no safe place was found.

    In order: $XDG_RUNTIME_DIR when it is absolute, a real folder, this user's
    and closed to others (as the spec promises); else the folder of the lock
    (footdesk's state folder, when private); else a ``footdesk-<uid>`` folder of
    this user's own in the temporary folder (made 0700, refused when another
    user made it first). A path too long for a socket, or that Qt could not
    pass through (not UTF-8), is skipped.
    """
    if os.name != "posix":
        return None
    lock_file = lock_file or instance_lock_file()
    name = f"{instance_name(lock_file)}.sock"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if os.path.isabs(runtime) and is_private_dir(Path(runtime)) and _fits_a_socket(Path(runtime) / name):
        return Path(runtime) / name
    beside_lock = lock_file.parent / "footdesk.sock"
    with contextlib.suppress(OSError):  # every copy makes it, so all choose alike
        create_private_dirs(lock_file.parent)
    if is_private_dir(lock_file.parent) and _fits_a_socket(beside_lock):
        return beside_lock
    shared = Path(tempfile.gettempdir()) / f"{APP_NAME}-{os.geteuid()}"
    in_shared = shared / name
    if not _fits_a_socket(in_shared):
        return None
    try:
        create_private_dirs(shared)
    except OSError:
        return None
    return in_shared if is_private_dir(shared) else None


def instance_name(lock_file: Path) -> str:
    """A name unique to one footdesk's lock (two people on one machine, or
    tests with their own folders, never meet)."""
    # a checksum, not a secure hash: hashlib would load OpenSSL (about 4 MB) for
    # a name; fsencode gives the path's own bytes, whatever the locale
    return f"{APP_NAME}-{zlib.crc32(os.fsencode(lock_file)):08x}"


def _fits_a_socket(path: Path) -> bool:
    raw = os.fsencode(path)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return len(raw) <= SOCKET_PATH_MAX_BYTES


def autostart_file(platform: str = sys.platform) -> Path | None:
    """The XDG autostart entry that starts footdesk at login (freedesktop
    desktops only; None elsewhere). It lives in the autostart folder beside
    footdesk's own config folder, so XDG_CONFIG_HOME moves it too."""
    if not platform.startswith("linux") and "bsd" not in platform:
        return None
    with _absolute_xdg_only():
        return Path(appdirs.user_config_dir("autostart", appauthor=False)) / f"{APP_NAME}.desktop"
