from __future__ import annotations

import os
import stat

import pytest

from footdesk.files import TEMP_PREFIX, atomic_write_text, sweep_stale_temp_files


def test_atomic_write_replaces_and_keeps_the_mode(tmp_path):
    target = tmp_path / "a.toml"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    atomic_write_text(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


def test_atomic_write_creates_missing_folders(tmp_path):
    target = tmp_path / "deep" / "er" / "a.json"
    atomic_write_text(target, "{}")
    assert target.read_text(encoding="utf-8") == "{}"


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "a.toml"
    target.write_text("precious", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "precious"
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


def test_sweep_removes_only_old_temp_files(tmp_path):
    old = tmp_path / f"{TEMP_PREFIX}old"
    young = tmp_path / f"{TEMP_PREFIX}young"
    other = tmp_path / "settings.toml"
    for path in (old, young, other):
        path.write_text("x")
    os.utime(old, (1000, 1000))
    removed = sweep_stale_temp_files(tmp_path, now=1000 + 7200)
    assert removed == [old]
    assert young.exists() and other.exists()
