"""footdesk backup / restore: a round trip into a fresh home, every hostile or
damaged backup refused with the data untouched, and a restore cut short at
each step leaving the old data or (once the next start finishes it) the new."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest

from footdesk import backup, cli, paths
from tests.helpers.picture_files import pictured_routine
from tests.helpers.three_routines import seed_three_routines


def seed_home() -> None:
    seed_three_routines()
    pictured_routine()
    paths.settings_file().write_text("[goal]\ndays = 5\n")
    paths.app_state_file().parent.mkdir(parents=True, exist_ok=True)
    paths.app_state_file().write_text(json.dumps({"welcome_seen": True, "routine": "knee-rehab"}))
    paths.plans_file().write_text(json.dumps({"knee-rehab": {"start": "2026-11-16", "phase": 1}}))


def snapshot(dirs) -> dict[str, bytes | None]:
    """Every file under footdesk's folders, byte for byte (folders as None)."""
    found: dict[str, bytes | None] = {}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        root = dirs[name]
        for folder, subfolders, files in os.walk(root):
            for sub in subfolders:
                found[os.path.relpath(os.path.join(folder, sub), root.parent)] = None
            for file in files:
                path = Path(folder, file)
                if file.startswith("footdesk.lock"):
                    continue  # the one-copy lock a restore takes and lets go
                found[os.path.relpath(path, root.parent)] = path.read_bytes()
    return found


def history_json(capsys) -> str:
    capsys.readouterr()
    assert cli.main(["history", "--json"]) == 0
    return capsys.readouterr().out


def move_home(dirs, tmp_path, monkeypatch, name: str) -> None:
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        folder = tmp_path / name / variable.lower()
        folder.mkdir(parents=True, mode=0o700)
        monkeypatch.setenv(variable, str(folder))
        dirs[variable] = folder


@pytest.fixture
def made(tmp_path, capsys) -> Path:
    """A real backup of a seeded home."""
    seed_home()
    target = tmp_path / "mine.footdesk-backup.zip"
    assert cli.main(["backup", str(target)]) == 0
    capsys.readouterr()
    return target


def test_backup_then_restore_into_a_fresh_home_gives_the_same_history_and_routines(
    made, user_dirs, tmp_path, monkeypatch, capsys
):
    before_json = history_json(capsys)
    routines = {path.relative_to(paths.routines_dir()): path.read_bytes()
                for path in paths.routines_dir().rglob("*") if path.is_file()}  # fmt: skip
    with zipfile.ZipFile(made) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "footdesk-backup" and manifest["history"]["sessions"] == 7
    assert {routine["id"] for routine in manifest["routines"]} == {"calf-care", "knee-rehab", "pictured"}

    move_home(user_dirs, tmp_path, monkeypatch, "new-laptop")
    assert history_json(capsys) == "[]\n"
    assert cli.main(["restore", str(made), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "7 sessions, 16 Nov 2026 to 20 Nov 2026" in out and "Pictured (pictured)" in out
    assert history_json(capsys) == before_json
    assert {path.relative_to(paths.routines_dir()): path.read_bytes()
            for path in paths.routines_dir().rglob("*") if path.is_file()} == routines  # fmt: skip
    assert paths.settings_file().read_text() == "[goal]\ndays = 5\n"
    assert json.loads(paths.app_state_file().read_text())["routine"] == "knee-rehab"
    assert json.loads(paths.plans_file().read_text())["knee-rehab"]["phase"] == 1  # where one is in a plan


def test_restore_over_data_moves_it_aside_whole_and_merges_nothing(made, user_dirs, capsys):
    old_settings = "[goal]\ndays = 2\n"
    paths.settings_file().write_text(old_settings)
    (paths.routines_dir() / "extra.toml").write_text(
        (paths.routines_dir() / "calf-care.toml").read_text().replace('"calf-care"', '"extra"')
    )
    old_history = paths.history_file().read_bytes()
    assert cli.main(["restore", str(made), "--yes"]) == 0
    out = capsys.readouterr().out
    asides = sorted(paths.config_dir().glob("before-restore-*"))
    assert len(asides) == 1 and str(asides[0]) in out
    assert (asides[0] / "settings.toml").read_text() == old_settings
    assert (asides[0] / "routines" / "extra.toml").exists()
    assert not (paths.routines_dir() / "extra.toml").exists()  # never merged
    assert (next(paths.data_dir().glob("before-restore-*")) / "history.sqlite3").read_bytes() == old_history
    assert not list(paths.config_dir().glob(backup.STAGING)) and not paths.restore_journal_file().exists()


def test_backup_never_replaces_a_file_without_force(made, capsys):
    before = made.read_bytes()
    assert cli.main(["backup", str(made)]) == 1
    assert "use --force" in capsys.readouterr().err
    assert made.read_bytes() == before
    assert cli.main(["backup", str(made), "--force"]) == 0


def test_a_backup_of_a_fresh_home_holds_nothing_and_says_so(tmp_path, capsys):
    target = tmp_path / "empty.footdesk-backup.zip"
    assert cli.main(["backup", str(target)]) == 0
    assert "History: none" in capsys.readouterr().out
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["manifest.json"]
        assert json.loads(archive.read("manifest.json"))["holds"] == []


def test_without_a_terminal_and_without_yes_nothing_is_restored(made, user_dirs, capsys):
    before = snapshot(user_dirs)
    assert cli.main(["restore", str(made)]) == 1
    assert "confirm with --yes" in capsys.readouterr().err
    assert snapshot(user_dirs) == before


def test_a_restore_while_footdesk_runs_is_refused(made, user_dirs, capsys):
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(paths.instance_lock_file()))  # what the running window holds
    assert lock.tryLock(0)
    try:
        before = snapshot(user_dirs)
        assert cli.main(["restore", str(made), "--yes"]) == 1
        assert "footdesk is running" in capsys.readouterr().err
        assert snapshot(user_dirs) == before
    finally:
        lock.unlock()


# Hostile and damaged backups ----------------------------------------------------------------


def rewritten(source: Path, replace: dict[str, bytes] | None = None, add: tuple[zipfile.ZipInfo, bytes] | None = None,
              compress: int = zipfile.ZIP_STORED) -> bytes:  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            data = (replace or {}).get(info.filename, old.read(info))
            new.writestr(info.filename, data, compress_type=compress)
        if add is not None:
            new.writestr(*add)
    return buffer.getvalue()


def sqlite_bytes(version: int) -> bytes:
    connection = sqlite3.connect(":memory:")
    connection.execute(f"PRAGMA user_version = {version}")
    connection.execute("CREATE TABLE sessions (id INTEGER)")
    data = connection.serialize()
    connection.close()
    return data


def link_entry() -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo("routines/pictured.pictures/foot2.png")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, b"/etc/passwd"


def newer_manifest(made: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(made) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    return {"manifest.json": json.dumps({**manifest, "version": 99}).encode()}


HOSTILE = {
    "garbage": (lambda made: os.urandom(3000), "not a zip archive"),
    "truncated": (lambda made: made.read_bytes()[: made.stat().st_size // 2], "not a zip archive"),
    "zip slip": (lambda made: rewritten(made, add=(zipfile.ZipInfo("../../evil.toml"), b"x")), "climbs out"),
    "absolute name": (lambda made: rewritten(made, add=(zipfile.ZipInfo("/etc/evil"), b"x")), "an absolute path"),
    "symlink entry": (lambda made: rewritten(made, add=link_entry()), "a symbolic link"),
    "zip bomb": (
        lambda made: rewritten(made, {"history.sqlite3": bytes(8 * 1024 * 1024)}, compress=zipfile.ZIP_DEFLATED),
        "a zip bomb",
    ),
    "history not sqlite": (
        lambda made: rewritten(made, {"history.sqlite3": b"hello, not a database" * 50}),
        "history.sqlite3: not an SQLite database",
    ),
    "history of a newer schema": (
        lambda made: rewritten(made, {"history.sqlite3": sqlite_bytes(99)}),
        "schema 99, from a newer footdesk",
    ),
    "history of another program": (
        lambda made: rewritten(made, {"history.sqlite3": sqlite_bytes(2)}),
        "not a footdesk history",
    ),
    "broken settings": (lambda made: rewritten(made, {"settings.toml": b"[goal\ndays = 5\n"}), "settings.toml:"),
    "broken routine": (
        lambda made: rewritten(made, {"routines/knee-rehab.toml": b"schema = 2\nid = 3\n"}),
        "knee-rehab.toml",
    ),
    "picture that is not one": (
        lambda made: rewritten(made, {"routines/pictured.pictures/foot.png": b"GIF89a..."}),
        "foot.png",
    ),
    "a name no backup holds": (
        lambda made: rewritten(made, add=(zipfile.ZipInfo("evil.sh"), b"x")),
        "not a name this kind of archive holds",
    ),
    "no manifest": (
        lambda made: rewritten(made, {}, add=None).replace(b"manifest.json", b"manifest.jsox"),
        "manifest",
    ),
    "newer format": (lambda made: rewritten(made, newer_manifest(made)), "format 99, made by a newer footdesk"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_or_damaged_backup_is_refused_in_one_line_and_nothing_changes(kind, made, user_dirs, tmp_path,
                                                                                 capsys):  # fmt: skip
    make, reason = HOSTILE[kind]
    received = tmp_path / "received.zip"
    received.write_bytes(make(made))
    paths.settings_file().write_text("[goal]\ndays = 3\n")  # the current data differs from the backup's
    before = snapshot(user_dirs)
    assert cli.main(["restore", str(received), "--yes"]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and str(received) in lines[0] and reason in lines[0], captured.err
    assert "nothing was changed" in lines[0] and captured.out == ""
    assert snapshot(user_dirs) == before


# Cut short ----------------------------------------------------------------------------------------


class Killed(BaseException):
    """What a kill -9 leaves: the process stops between two steps, nothing cleans up."""


def plant(user_dirs, files: dict[str, bytes | None]) -> None:
    for name, data in files.items():
        target = user_dirs[name.split("/")[0].upper()].parent / name
        if data is None:
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def restore_dying_at(made: Path, cut: int | None, monkeypatch) -> int:
    """A restore whose process dies before its rename number ``cut`` (never: None); the renames it did."""
    from datetime import datetime

    done = [0]
    real = os.rename

    def dies(source, target):
        if done[0] == cut:
            raise Killed
        done[0] += 1
        real(source, target)

    checked = backup.read_backup(made, paths.kept_files(), {})
    monkeypatch.setattr(backup.os, "rename", dies)
    try:
        backup.restore(checked, paths.kept_files(), paths.restore_journal_file(), datetime(2026, 12, 1, 9))
    except Killed:
        pass
    finally:
        monkeypatch.setattr(backup.os, "rename", real)
    return done[0]


def test_a_restore_cut_short_at_every_rename_is_finished_at_the_next_start(made, user_dirs, tmp_path, monkeypatch,
                                                                            capsys):  # fmt: skip
    paths.settings_file().write_text("[goal]\ndays = 3\n")
    old = snapshot(user_dirs)
    move_home(user_dirs, tmp_path, monkeypatch, "whole")
    plant(user_dirs, old)
    renames = restore_dying_at(made, None, monkeypatch)
    new = {name: data for name, data in snapshot(user_dirs).items() if "before-restore" not in name}
    assert renames >= 8 and new != old
    for cut in range(renames):
        move_home(user_dirs, tmp_path, monkeypatch, f"cut-{cut}")
        plant(user_dirs, old)
        assert restore_dying_at(made, cut, monkeypatch) == cut
        assert paths.restore_journal_file().exists()
        assert cli.main(["history", "--json"]) == 0  # the next start (of any command) finishes it first
        after = snapshot(user_dirs)
        assert {name: data for name, data in after.items() if "before-restore" not in name} == new, f"cut at {cut}"
        aside = {name.replace("before-restore-20261201-090000/", ""): data
                 for name, data in after.items() if "before-restore-" in name and data is not None}  # fmt: skip
        assert aside == {name: data for name, data in old.items() if data is not None}, f"cut at {cut}"
        assert not paths.restore_journal_file().exists()


def test_a_restore_cut_short_while_staging_leaves_the_old_data_whole(made, user_dirs, monkeypatch):
    from datetime import datetime

    before = snapshot(user_dirs)
    real = backup.create_private_dirs
    calls = [0]

    def dies(folder):
        calls[0] += 1
        if calls[0] == 3:
            raise Killed
        real(folder)

    monkeypatch.setattr(backup, "create_private_dirs", dies)
    checked = backup.read_backup(made, paths.kept_files(), {})
    with pytest.raises(Killed):
        backup.restore(checked, paths.kept_files(), paths.restore_journal_file(), datetime(2026, 12, 1, 9))
    monkeypatch.setattr(backup, "create_private_dirs", real)
    assert not paths.restore_journal_file().exists()
    backup.remove_staging(paths.kept_files())  # what the next restore does first
    assert snapshot(user_dirs) == before


KILLED_WHILE_STAGING = """
import os, signal, sys
from footdesk import backup
real, calls = backup.create_private_dirs, [0]
def dies(folder):
    calls[0] += 1
    if calls[0] == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    real(folder)
backup.create_private_dirs = dies
from footdesk.cli import main
sys.exit(main(["restore", sys.argv[1], "--yes"]))
"""


def test_the_copies_a_restore_killed_while_staging_left_go_at_the_next_start(made, user_dirs, capsys):
    """Fresh eyes: `kill -9` while a restore staged left hidden copies of the
    backup's health data beside the person's, which only the next restore removed."""
    import subprocess
    import sys

    before = snapshot(user_dirs)
    child = subprocess.run([sys.executable, "-c", KILLED_WHILE_STAGING, str(made)], env=dict(os.environ),
                           capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert child.returncode == -9, child.stderr
    assert paths.restore_staging_left() and not paths.restore_journal_file().exists()
    assert cli.main(["history", "--json"]) == 0  # the next start of any command removes them
    assert not paths.restore_staging_left()
    assert {name: data for name, data in snapshot(user_dirs).items() if "footdesk.lock" not in name} == before
    capsys.readouterr()


KILLED_AT_RENAME = """
import os, signal, sys
from footdesk import backup
cut, real, done = int(sys.argv[1]), os.rename, [0]
def rename(source, target):
    if done[0] == cut:
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9, between one rename and the next
    done[0] += 1
    real(source, target)
backup.os.rename = rename
from footdesk.cli import main
sys.exit(main(["restore", sys.argv[2], "--yes"]))
"""


def test_kill_9_during_a_real_restore_leaves_the_old_or_the_new_data_whole(made, user_dirs, tmp_path, monkeypatch,
                                                                         capsys):  # fmt: skip
    """A `footdesk restore` process killed with SIGKILL (no handler runs, no
    finally) at the first, a middle and the last of its renames: the next
    start of footdesk finishes the swap, and nothing of either side is lost."""
    import subprocess
    import sys

    old = snapshot(user_dirs)
    move_home(user_dirs, tmp_path, monkeypatch, "whole")
    renames = restore_dying_at(made, None, monkeypatch)
    new = {name: data for name, data in snapshot(user_dirs).items() if "before-restore" not in name}
    for cut in (0, renames // 2, renames - 1):
        move_home(user_dirs, tmp_path, monkeypatch, f"killed-{cut}")
        plant(user_dirs, old)
        child = subprocess.run([sys.executable, "-c", KILLED_AT_RENAME, str(cut), str(made)], env=dict(os.environ),
                               capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
        assert child.returncode == -9, child.stderr
        assert cli.main(["history", "--json"]) == 0  # the next start finishes what the killed one began
        after = snapshot(user_dirs)
        restored = {name: data for name, data in after.items() if "before-restore" not in name}
        assert restored == new, f"killed at rename {cut}"
        aside = [data for name, data in after.items() if "before-restore-" in name and data is not None]
        assert sorted(aside) == sorted(data for data in old.values() if data is not None), f"killed at {cut}"
        assert not paths.restore_journal_file().exists()
    capsys.readouterr()


def test_a_backup_that_cannot_be_written_names_the_file_asked_for(tmp_path, capsys, monkeypatch):
    """Fresh eyes: a read-only folder was said with Python's words, naming the temp file beside the target."""
    seed_home()
    target = tmp_path / "usb" / "mine.footdesk-backup.zip"
    target.parent.mkdir()
    real = os.replace

    def read_only(source, destination):
        raise OSError(30, "Read-only file system", str(source))

    monkeypatch.setattr(backup.os, "replace", read_only)
    assert cli.main(["backup", str(target)]) == 1
    monkeypatch.setattr(backup.os, "replace", real)
    err = capsys.readouterr().err
    assert err == f"footdesk: cannot write {target} (Read-only file system); no backup was written\n"
    assert list(target.parent.iterdir()) == []  # nor a temp file left behind


def test_what_a_backup_holds_counts_its_questionnaires(tmp_path, user_dirs, monkeypatch, capsys):
    """Before: the backup's summary, and the restore's question, left them out."""
    seed_home()
    assert cli.main(["questionnaire", "odi", "32", "--date", "2026-11-18"]) == 0
    target = tmp_path / "with-scores.footdesk-backup.zip"
    assert cli.main(["backup", str(target)]) == 0
    assert "Back questionnaires: 1 score" in capsys.readouterr().out
    with zipfile.ZipFile(target) as archive:
        assert json.loads(archive.read("manifest.json"))["history"]["questionnaires"] == 1
    move_home(user_dirs, tmp_path, monkeypatch, "new-laptop")
    assert cli.main(["restore", str(target), "--yes"]) == 0
    assert "Back questionnaires: 1 score" in capsys.readouterr().out
