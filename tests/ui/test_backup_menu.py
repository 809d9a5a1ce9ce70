"""Routine → Back up now… and Restore from a backup…, pressed as a person does
(the menu opened with its keys), the file dialogs answered by a fake."""

from __future__ import annotations

import json
import zipfile

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from footdesk import paths
from tests.helpers.answers import BoxAnswerer
from tests.helpers.app_fixtures import activate
from tests.ui.test_routine_editor import FakeFiles


def press_in_routine_menu(qtbot, window, item_letter: str) -> None:
    """Alt+R opens the Routine menu; the item's underlined letter presses it."""
    activate(qtbot, window)  # as the desktop does when the box over it closed
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    qtbot.keyClick(QApplication.activePopupWidget(), item_letter)


def with_fake_dialogs(window) -> FakeFiles:
    files = FakeFiles()
    actions = window.backups
    actions.choose_file = files.choose_file
    actions.choose_open_file = files.choose_open_file
    return files


def test_back_up_now_writes_the_backup_the_save_dialog_names(qtbot, app, tmp_path):
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text("[goal]\ndays = 4\n")
    files = with_fake_dialogs(app.window)
    files.save_answer = str(tmp_path / "mine.footdesk-backup.zip")
    told = BoxAnswerer(qtbot, "backupWritten", "OK")
    try:
        press_in_routine_menu(qtbot, app.window, "B")
        qtbot.waitUntil(lambda: bool(told.asked))
    finally:
        told.stop()
    assert files.asked[0][0] == "Back up now" and files.asked[0][1].endswith(".footdesk-backup.zip")
    with zipfile.ZipFile(files.save_answer) as archive:
        assert archive.read("settings.toml") == b"[goal]\ndays = 4\n"
        assert "history.sqlite3" in json.loads(archive.read("manifest.json"))["holds"]
    assert files.save_answer in told.asked[0]


def test_restore_from_a_backup_says_what_it_holds_asks_then_restores_and_closes(qtbot, app, tmp_path):
    from datetime import datetime

    from footdesk.backup import write_backup

    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text("[goal]\ndays = 6\n")
    made = tmp_path / "old.footdesk-backup.zip"
    write_backup(made, paths.kept_files(), datetime(2026, 12, 1, 9))
    paths.settings_file().write_text("[goal]\ndays = 2\n")
    files = with_fake_dialogs(app.window)
    files.open_answer = str(made)

    confirm = BoxAnswerer(qtbot, "restoreConfirm", "Cancel")
    try:
        press_in_routine_menu(qtbot, app.window, "t")
        qtbot.waitUntil(lambda: bool(confirm.asked))
    finally:
        confirm.stop()
    assert "History:" in confirm.asked[0] and "nothing is deleted" in confirm.asked[0]
    assert paths.settings_file().read_text() == "[goal]\ndays = 2\n"  # cancelled: nothing changed

    confirm = BoxAnswerer(qtbot, "restoreConfirm", "Restore")
    done = BoxAnswerer(qtbot, "restoreDone", "OK")
    try:
        press_in_routine_menu(qtbot, app.window, "t")
        qtbot.waitUntil(lambda: bool(done.asked))
    finally:
        confirm.stop()
        done.stop()
    assert paths.settings_file().read_text() == "[goal]\ndays = 6\n"
    aside = next(paths.config_dir().glob("before-restore-*"))
    assert (aside / "settings.toml").read_text() == "[goal]\ndays = 2\n"
    assert str(aside) in done.asked[0]
    qtbot.waitUntil(lambda: not app.window.isVisible())
    assert not paths.app_state_file().exists()  # closing wrote nothing over the restored data


def test_a_refused_backup_is_said_and_nothing_changes(qtbot, app, tmp_path):
    received = tmp_path / "garbage.zip"
    received.write_bytes(b"not a zip at all")
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text("[goal]\ndays = 2\n")
    files = with_fake_dialogs(app.window)
    files.open_answer = str(received)
    refused = BoxAnswerer(qtbot, "restoreRefused", "OK")
    try:
        press_in_routine_menu(qtbot, app.window, "t")
        qtbot.waitUntil(lambda: bool(refused.asked))
    finally:
        refused.stop()
    assert "not a zip archive" in refused.asked[0] and "nothing was changed" in refused.asked[0]
    assert paths.settings_file().read_text() == "[goal]\ndays = 2\n"
    assert app.window.isVisible()


def test_restore_opens_its_file_dialog_where_the_weekly_backups_are(qtbot, app, monkeypatch):
    """Before: it opened in the home folder, far from the backups footdesk made."""
    from PySide6.QtWidgets import QFileDialog

    folder = app.model.backups.folder()
    folder.mkdir(parents=True)
    opened_in: list[str] = []

    def answer(parent, caption, directory, file_filter):
        opened_in.append(directory)
        return "", ""  # the person cancels

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    press_in_routine_menu(qtbot, app.window, "t")
    qtbot.waitUntil(lambda: bool(opened_in))
    assert opened_in == [str(folder)]
