from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from footdesk import paths


def test_files_live_under_the_xdg_folders(user_dirs):
    assert paths.settings_file() == user_dirs["XDG_CONFIG_HOME"] / "footdesk" / "settings.toml"
    assert paths.history_file() == user_dirs["XDG_DATA_HOME"] / "footdesk" / "history.sqlite3"
    assert paths.app_state_file() == user_dirs["XDG_STATE_HOME"] / "footdesk" / "app-state.json"
    assert paths.log_file().is_relative_to(user_dirs["XDG_CACHE_HOME"])


def test_empty_or_relative_xdg_values_are_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "")
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert paths.data_dir() == tmp_path / ".local" / "share" / "footdesk"
    assert paths.config_dir() == tmp_path / ".config" / "footdesk"
    assert paths.data_dir().is_absolute()
    # the environment is left as it was
    import os

    assert os.environ["XDG_CONFIG_HOME"] == "relative/config"


def test_only_paths_imports_appdirs():
    package = Path(paths.__file__).parent
    users = [p.name for p in package.rglob("*.py") if "import appdirs" in p.read_text(encoding="utf-8")]
    assert users == ["paths.py"]


# Private folders and files --------------------------------------------------------

needs_modes = pytest.mark.skipif(os.name != "posix", reason="files have no Unix modes here")


def mode_of(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_footdesks_own_folders_are_listed_never_their_parents(user_dirs):
    found = paths.private_dirs()
    assert paths.config_dir() in found and paths.data_dir() in found and paths.state_dir() in found
    assert paths.log_dir() in found and paths.cache_dir() in found
    assert all(folder.name in ("footdesk", "log") for folder in found)
    assert not set(user_dirs.values()) & set(found)
    assert len(set(found)) == len(found)


@needs_modes
def test_what_an_older_footdesk_left_readable_is_closed_at_start(user_dirs, restore_umask):
    os.umask(0o022)
    old_files = [paths.settings_file(), paths.history_file(), paths.history_file().with_name("history.sqlite3-wal")]
    old_files += [paths.instance_lock_file(), paths.app_state_file(), paths.log_file()]
    for path in old_files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    for folder in user_dirs.values():
        folder.chmod(0o755)
    assert all(mode_of(path) == 0o644 for path in old_files)
    changed = paths.prepare_private_dirs()
    assert all(mode_of(path) == 0o600 for path in old_files), [oct(mode_of(p)) for p in old_files]
    assert all(mode_of(folder) == 0o700 for folder in paths.private_dirs())
    assert all(mode_of(folder) == 0o755 for folder in user_dirs.values())  # ~/.config and the like: not ours
    assert set(old_files) <= set(changed)
    assert paths.prepare_private_dirs() == []


@needs_modes
def test_after_start_history_log_and_settings_are_made_private(user_dirs, restore_umask):
    from footdesk.files import PrivateLogHandler
    from footdesk.history import HistoryStore
    from footdesk.settings import Settings, save_settings

    os.umask(0o022)
    for folder in user_dirs.values():
        folder.chmod(0o755)
    paths.prepare_private_dirs()
    assert os.umask(0o077) == 0o077
    opened = HistoryStore.open(paths.history_file())
    assert opened.store is not None
    try:
        made = sorted(paths.data_dir().iterdir())
        assert paths.history_file() in made and len(made) >= 2  # with its -wal and -shm while open
        assert {path.name: mode_of(path) for path in made} == {path.name: 0o600 for path in made}
        assert mode_of(paths.data_dir()) == 0o700
    finally:
        opened.store.close()
    save_settings(paths.settings_file(), Settings())
    assert mode_of(paths.settings_file()) == 0o600 and mode_of(paths.config_dir()) == 0o700
    paths.log_dir().mkdir(parents=True)
    PrivateLogHandler(paths.log_file()).close()
    assert mode_of(paths.log_file()) == 0o600
    assert mode_of(paths.log_dir()) == 0o700 and mode_of(paths.cache_dir()) == 0o700
    assert mode_of(user_dirs["XDG_CACHE_HOME"]) == 0o755


# Where the one-copy socket lives ---------------------------------------------------


@pytest.fixture
def shared_tmp(monkeypatch):
    """A stand-in for the system's shared temporary folder (1777), with a path
    as short as the real one's."""
    folder = Path(tempfile.mkdtemp(prefix="fd-"))
    folder.chmod(0o1777)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    shutil.rmtree(folder)


@needs_modes
def test_the_socket_goes_into_a_private_runtime_folder(user_dirs, tmp_path):
    lock = tmp_path / "state" / "footdesk.lock"
    socket_file = paths.instance_socket_file(lock)
    assert socket_file.parent == user_dirs["XDG_RUNTIME_DIR"]
    assert socket_file.name == f"{paths.instance_name(lock)}.sock"
    assert paths.instance_socket_file(lock) == socket_file
    assert paths.instance_socket_file(tmp_path / "other" / "footdesk.lock") != socket_file


@needs_modes
@pytest.mark.parametrize("runtime", ["unset", "relative", "open to others", "a link", "missing"])
def test_without_a_usable_runtime_folder_the_socket_goes_beside_the_lock(user_dirs, tmp_path, monkeypatch, runtime):
    real = user_dirs["XDG_RUNTIME_DIR"]
    if runtime == "unset":
        monkeypatch.delenv("XDG_RUNTIME_DIR")
    elif runtime == "relative":
        monkeypatch.setenv("XDG_RUNTIME_DIR", "run")
    elif runtime == "open to others":
        real.chmod(0o755)
    elif runtime == "a link":
        link = tmp_path / "run-link"
        link.symlink_to(real)
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(link))
    else:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "missing"))
    lock = tmp_path / "state" / "footdesk.lock"
    lock.parent.mkdir(mode=0o700)
    assert paths.instance_socket_file(lock) == lock.parent / "footdesk.sock"


@needs_modes
def test_then_a_folder_of_ones_own_in_the_shared_temporary_folder(user_dirs, tmp_path, monkeypatch, shared_tmp):
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    lock = tmp_path / "state" / "footdesk.lock"
    lock.parent.mkdir(mode=0o755)  # an old, open state folder
    socket_file = paths.instance_socket_file(lock)
    assert socket_file.parent == shared_tmp / f"footdesk-{os.geteuid()}"
    assert mode_of(socket_file.parent) == 0o700
    deep = tmp_path / ("x" * 100) / "footdesk.lock"  # too long a path for a socket
    deep.parent.mkdir(mode=0o700)
    assert paths.instance_socket_file(deep).parent == shared_tmp / f"footdesk-{os.geteuid()}"


@needs_modes
def test_a_temporary_folder_someone_else_made_first_is_not_used(user_dirs, tmp_path, monkeypatch, shared_tmp):
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    lock = tmp_path / ("x" * 100) / "footdesk.lock"
    squatted = shared_tmp / f"footdesk-{os.geteuid()}"
    squatted.mkdir(mode=0o777)
    squatted.chmod(0o777)
    assert paths.instance_socket_file(lock) is None
    squatted.rmdir()
    elsewhere = tmp_path / "theirs"
    elsewhere.mkdir(mode=0o700)
    squatted.symlink_to(elsewhere)
    assert paths.instance_socket_file(lock) is None
    squatted.unlink()
    if os.geteuid() == 0:
        squatted.mkdir(mode=0o700)
        os.chown(squatted, 12345, 12345)
        assert paths.instance_socket_file(lock) is None


@needs_modes
def test_a_path_qt_cannot_take_is_skipped_and_the_name_survives_any_bytes(user_dirs, tmp_path, monkeypatch, shared_tmp):
    lock = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9/footdesk.lock"))  # not UTF-8
    assert paths.instance_name(lock).startswith("footdesk-")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    lock.parent.mkdir(mode=0o700)
    assert paths.instance_socket_file(lock).parent == shared_tmp / f"footdesk-{os.geteuid()}"
