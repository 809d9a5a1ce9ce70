"""Routine → Back up now… and Restore from a backup…: the terminal's
``footdesk backup`` and ``footdesk restore`` in the window, over the same core
(``footdesk.backup``) and the same words (``report``).

After a restore footdesk closes: everything it holds in memory (the history's
connection, the settings, the routines, the app state) came from the data now
moved aside, and starting again is the one way that provably reads nothing
old. It says so before the person confirms, and it writes nothing of its own
on the way out (the window's place would overwrite the restored app state).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from footdesk import paths
from footdesk.i18n import N_, _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from footdesk.appmodel import AppModel

# TRANSLATORS: a file dialog's filter: translate the words, keep each pattern in brackets and the ";;" between them
BACKUP_FILES = N_("footdesk backups (*.footdesk-backup.zip);;Zip archives (*.zip);;All files (*)")
CLOSES = N_("footdesk then closes: open it again to use the restored data.")
CLOSING = N_("footdesk closes now: open it again to use the restored data.")
"""The three are looked up with ``_`` where shown."""


class BackupActions:
    """The two menu actions; the file dialogs are passed in (tests answer them)."""

    def __init__(
        self,
        window: QWidget,
        model: AppModel,
        quit_after_restore: Callable[[], None],
        choose_file: Callable[[QWidget, str, str, str], str] | None = None,
        choose_open_file: Callable[[QWidget, str, str], str] | None = None,
    ) -> None:
        """Made with the window (it is small: the dialogs and the core load when first used)."""
        self.window = window
        self.model = model
        self.quit_after_restore = quit_after_restore
        self.choose_file = choose_file or _ask_for_file
        self.choose_open_file = choose_open_file or self._ask_in_backups
        self.restored = False
        """A restore was done: nothing of this run's may be written any more."""

    def back_up_now(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from footdesk.backup import SUFFIX, BackupError, write_backup
        from footdesk.report import backup_contents_lines

        now = self.model.local_now()
        chosen = self.choose_file(self.window, _("Back up now"), f"footdesk-{now:%Y-%m-%d}{SUFFIX}", _(BACKUP_FILES))
        if not chosen:
            return
        try:  # the save dialog asked before replacing a file
            contents = write_backup(chosen, paths.kept_files(), now, force=True)
        except (BackupError, OSError) as exc:
            self._say("backupFailed", QMessageBox.Icon.Warning, _("No backup was written: {reason}").format(reason=exc))
            return
        lines = backup_contents_lines(contents)[1:]
        written = _("Backed up to {path}").format(path=chosen)
        self._say("backupWritten", QMessageBox.Icon.Information, "\n".join([written, *lines]))

    def restore_from_backup(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from footdesk.backup import read_backup, restore
        from footdesk.report import RESTORE_PLAN, backup_contents_lines, restored_lines
        from footdesk.untrusted import ReceivedFileError

        if self.model.session_active:
            self._say("restoreRefused", QMessageBox.Icon.Information,
                      _("Finish or stop the routine first: a restore replaces the history it is writing."))  # fmt: skip
            return
        chosen = self.choose_open_file(self.window, _("Restore from a backup"), _(BACKUP_FILES))
        if not chosen:
            return
        kept = paths.kept_files()
        try:
            checked = read_backup(Path(chosen), kept, self.model.files.builtin.durations())
        except ReceivedFileError as exc:
            # TRANSLATORS: {problem} is why the backup cannot be restored
            refused = _("{problem}; nothing was changed.").format(problem=exc)
            self._say("restoreRefused", QMessageBox.Icon.Warning, refused)
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Restore from a backup"),
                          "\n".join([*backup_contents_lines(checked.contents), "", _(RESTORE_PLAN), "", _(CLOSES)]),
                          parent=self.window)  # fmt: skip
        box.setObjectName("restoreConfirm")
        box.setTextFormat(Qt.TextFormat.PlainText)
        restore_button = box.addButton(_("Restore"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        if box.clickedButton() is not restore_button:
            return
        self.model.close()  # the history's file is closed before it is moved
        try:
            done = restore(checked, kept, paths.restore_journal_file(), datetime.now())
        except OSError as exc:
            self.model.open_history()
            self._say("restoreFailed", QMessageBox.Icon.Warning,
                      _("{path}: could not restore ({reason}); your data was not changed.").format(
                          path=chosen, reason=exc))  # fmt: skip
            return
        self.restored = True
        self._say("restoreDone", QMessageBox.Icon.Information, "\n".join([*restored_lines(done.aside), "", _(CLOSING)]))
        self.quit_after_restore()

    def _ask_in_backups(self, parent: QWidget, caption: str, file_filter: str) -> str:
        """The open dialog starts where the weekly backups are, when that folder is there."""
        from footdesk.ui.routine_editor import ask_for_open_file

        folder = self.model.backups.folder()
        return ask_for_open_file(parent, caption, file_filter, folder if folder.is_dir() else None)

    def _say(self, name: str, icon: QMessageBox.Icon, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(icon, "footdesk", text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName(name)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()


def _ask_for_file(parent: QWidget, caption: str, suggested: str, file_filter: str) -> str:
    from footdesk.ui.review_window import ask_for_file

    return ask_for_file(parent, caption, suggested, file_filter)
