"""Help → Your files: where footdesk keeps the person's things, each with a
button that opens its folder (issue 29, "What people expect")."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from footdesk import paths
from footdesk.ui.theme import PlainLabel


def help_action(window, text):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    return next(a for a in help_menu.actions() if a.text().replace("&", "").startswith(text))


def fake_opener(monkeypatch, folder, exit_code: int) -> Path:
    """An xdg-open first on PATH that writes down what it was asked to open, and
    exits as told (3: "no method available", as on a bare window manager)."""
    folder.mkdir()
    log = folder / "opened"
    script = folder / "xdg-open"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{log}"\nexit {exit_code}\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def test_help_your_files_lists_where_things_live_and_opens_each_folder(qtbot, app, monkeypatch, tmp_path):
    log = fake_opener(monkeypatch, tmp_path / "bin", 0)
    paths.routines_dir().mkdir(parents=True, exist_ok=True)
    paths.log_file().parent.mkdir(parents=True, exist_ok=True)
    seen = {}

    def in_dialog():
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, QDialog) and dialog.objectName() == "yourFilesDialog"
            for what in ("settings", "routines", "history", "log"):
                label = dialog.findChild(PlainLabel, f"path-{what}")
                button = dialog.findChild(QPushButton, f"open-{what}")
                seen[what] = (label.text(), button.isEnabled(), button.accessibleName())
            qtbot.mouseClick(dialog.findChild(QPushButton, "open-routines"), Qt.MouseButton.LeftButton)
            qtbot.mouseClick(dialog.findChild(QPushButton, "open-history"), Qt.MouseButton.LeftButton)
        finally:
            dialog.reject()

    QTimer.singleShot(0, in_dialog)
    help_action(app.window, "Your files").trigger()

    assert seen["settings"][0] == str(paths.settings_file())
    assert seen["routines"][0] == str(paths.routines_dir())
    assert seen["history"][0] == str(paths.history_file())
    assert seen["log"][0] == str(paths.log_file())
    assert seen["routines"][1:] == (True, "Open folder: Your routines")
    expected = [str(paths.routines_dir()), str(paths.history_file().parent)]
    # two openers run side by side: either may write first
    qtbot.waitUntil(lambda: log.exists() and sorted(log.read_text().splitlines()) == sorted(expected), timeout=20_000)


def test_a_folder_not_made_yet_says_so_and_opens_nothing(qtbot, app, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    seen = {}

    def in_dialog():
        dialog = QApplication.activeModalWidget()
        try:
            button = dialog.findChild(QPushButton, "open-routines")
            seen["routines"] = (button.isEnabled(), button.text())
        finally:
            dialog.reject()

    QTimer.singleShot(0, in_dialog)
    help_action(app.window, "Your files").trigger()
    assert seen["routines"][0] is False and "not made yet" in seen["routines"][1]
    assert opened == []


def test_without_a_program_to_open_folders_the_dialog_says_so(qtbot, app, monkeypatch, tmp_path):
    """A bare window manager has no file manager: xdg-open exits 3, and the
    button said nothing (Qt counts xdg-open started as the folder opened)."""
    fake_opener(monkeypatch, tmp_path / "bin", 3)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)  # as Qt says once xdg-open has started
    paths.routines_dir().mkdir(parents=True, exist_ok=True)
    seen = {}

    def in_dialog():
        dialog = QApplication.activeModalWidget()
        try:
            status = dialog.findChild(PlainLabel, "yourFilesStatus")
            seen["before"] = status.isVisible()
            qtbot.mouseClick(dialog.findChild(QPushButton, "open-routines"), Qt.MouseButton.LeftButton)
            qtbot.waitUntil(status.isVisible)
            seen["after"] = (status.isVisible(), status.text())
        finally:
            dialog.reject()

    QTimer.singleShot(0, in_dialog)
    help_action(app.window, "Your files").trigger()
    assert seen["before"] is False
    assert seen["after"] == (
        True,
        f"Nothing on this computer opens folders, so {paths.routines_dir()} was not opened. "
        "Its path above can be selected and copied.",
    )
