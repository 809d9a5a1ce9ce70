from __future__ import annotations

from pathlib import Path

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
