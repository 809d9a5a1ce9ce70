from __future__ import annotations

import os
import stat
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
