"""The routine editor: the person's own routines, made and changed in the window.

On the left the library (the built-in routine first, then the person's own,
then files that cannot be used, with their error) and what can be done with a
routine; on the right the routine chosen there: its title, its steps and the
step chosen in them. The built-in routine and broken files are shown, not
edited. The parts are widgets of their own (``routine_list``, ``step_list``,
``step_form``, ``routine_page``) in the frame of ``routine_dialog``; this
module adds the library's commands, which the model carries out, and opens
the dialog over the window. A step's picture is chosen (or dropped) here and
copied into the routine's own folder by the library, which checks it first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QWidget

from footdesk.appmodel import AppModel, ExportError
from footdesk.draft import RoutineDraft
from footdesk.i18n import N_, _, n_
from footdesk.library import ARCHIVE_SUFFIX, AlreadyThereError, Duplicate, Entry, LibraryError
from footdesk.routine import RoutineError
from footdesk.ui.picture_field import PICTURE_FILES
from footdesk.ui.review_window import FileChooser, ask_for_file
from footdesk.ui.routine_dialog import RoutineDialog
from footdesk.ui.routine_questions import ask_about_duplicate
from footdesk.untrusted import ReceivedFileError

OpenFileChooser = Callable[[QWidget, str, str], str]
"""(parent, caption, filter) → the chosen file to open, or "" for none."""

# TRANSLATORS: a file dialog's filter: translate the words, keep each pattern in brackets and the ";;" between them
ROUTINE_FILES = N_("footdesk routines (*.toml *.zip);;All files (*)")
"""A routine file, or an archive of one with its pictures (FILE.zip); looked up with ``_`` where shown."""


def ask_for_open_file(parent: QWidget, caption: str, file_filter: str, folder: Path | None = None) -> str:
    chosen, _filter = QFileDialog.getOpenFileName(parent, caption, str(folder or Path.home()), file_filter)
    return chosen


class DialogHost(Protocol):
    """What the routines dialog needs of the window it opens over (the main
    window, which imports this module when it first opens the dialog)."""

    @property
    def model(self) -> AppModel: ...

    def run_dialog(self, dialog: QDialog) -> int: ...

    def activateWindow(self) -> None: ...  # noqa: N802 - Qt's name


def open_routines(window: DialogHost) -> None:
    """The routines dialog over the main window, as its "Routines…" action
    (Ctrl+R) and the home screen's button open it. The home screen follows
    what is chosen or saved there through the model's observers."""
    editor = RoutineEditor(window.model, window if isinstance(window, QWidget) else None)
    try:
        window.run_dialog(editor)
    finally:
        window.model.notice.disconnect(editor.hear)  # the model outlives the dialog
        window.model.routines_changed.disconnect(editor.withdraw_stale_undo)
    editor.hide()
    editor.setParent(None)
    editor.deleteLater()
    window.activateWindow()  # the routine's keys are window shortcuts


class RoutineEditor(RoutineDialog):
    def __init__(
        self,
        model: AppModel,
        parent: QWidget | None = None,
        choose_file: FileChooser = ask_for_file,
        choose_open_file: OpenFileChooser = ask_for_open_file,
    ) -> None:
        super().__init__(model, parent)
        self._choose_file = choose_file
        self._choose_open_file = choose_open_file
        self._deleted: Path | None = None
        self._name_parts()
        library = self.library
        library.new_button.clicked.connect(self.new_routine)
        library.duplicate_button.clicked.connect(self.duplicate_routine)
        library.rename_button.clicked.connect(self.rename_routine)
        library.delete_button.clicked.connect(self.delete_routine)
        library.undo_button.clicked.connect(self.undo_delete)
        library.import_button.clicked.connect(self.import_routine)
        library.export_button.clicked.connect(self.export_routine)
        library.use_button.clicked.connect(self.use_routine)
        picture = self.page.form.picture
        picture.locate = self._picture_file
        picture.choose_button.clicked.connect(self.choose_picture)
        picture.dropped.connect(self.add_picture)
        library.card_button.clicked.connect(self.print_card)
        model.routines_changed.connect(self.withdraw_stale_undo)
        self._fill_list(model.routine.id)
        self._open(model.routine.id)

    def _name_parts(self) -> None:
        """The parts by the names a person's view of the dialog (and its tests) use."""
        library, page, form = self.library, self.page, self.page.form
        self.routine_list = library.list
        self.new_button, self.duplicate_button = library.new_button, library.duplicate_button
        self.rename_button, self.delete_button = library.rename_button, library.delete_button
        self.import_button, self.export_button = library.import_button, library.export_button
        self.use_button, self.card_button = library.use_button, library.card_button
        self.undo_box, self.undo_label, self.undo_button = library.undo_box, library.undo_label, library.undo_button
        self.editor_page, self.title_edit, self.steps_list = page, page.title_edit, page.steps.list
        self.add_step_button, self.remove_step_button = page.steps.add_button, page.steps.remove_button
        self.up_button, self.down_button = page.steps.up_button, page.steps.down_button
        self.step_box, self.step_title, self.kind = form, form.step_title, form.kind
        self.seconds, self.left, self.right = form.seconds, form.left, form.right
        self.reps, self.up, self.down, self.each_side = form.reps, form.up, form.down, form.each_side
        self.sets, self.rest, self.instructions, self.say = form.sets, form.rest, form.instructions, form.say
        self.picture, self.picture_preview = form.picture, form.picture.preview
        self.choose_picture_button, self.remove_picture_button = form.picture.choose_button, form.picture.remove_button
        self.mirror, self.picture_alt = form.picture.mirror, form.picture.alt
        self.info_title, self.info = self.info_page.heading, self.info_page.info

    def _shown_entry(self) -> Entry | None:
        """The library's routine the commands act on (none while a new one is shown)."""
        return None if self._new else self._entry

    # Library actions -------------------------------------------------------------

    def new_routine(self) -> None:
        if not self._may_leave():
            return
        self._clear_problem()
        self.page.load(RoutineDraft.blank())  # nothing typed yet: closing asks nothing
        self._show_page(self.page)
        self._fill_list(None)
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._tell(_("A new routine: give it a title and its steps, then Save."))

    def duplicate_routine(self) -> None:
        entry = self._shown_entry()
        if entry is None or not entry.usable or not self._may_leave():
            return
        try:
            with self.status.gathering():
                copy = self.model.shelf.duplicate(entry.id)
        except (LibraryError, RoutineError) as exc:
            self._tell(_("Not duplicated: {reason}").format(reason=exc))
            return
        self._fill_list(copy.id)
        self._open(copy.id)
        self._tell(_("Made “{routine}”, your own copy: change it here, then Save.").format(routine=copy.title))
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.title_edit.selectAll()

    def rename_routine(self) -> None:
        entry = self._shown_entry()
        if entry is None or entry.builtin or entry.routine is None:
            return
        title, ok = QInputDialog.getText(
            self, _("Rename routine"), _("New title:"), QLineEdit.EchoMode.Normal, entry.title
        )
        if not ok or not title.strip() or title.strip() == entry.title:
            return
        try:
            with self.status.gathering():
                renamed = self.model.shelf.rename(entry.id, title)
        except (LibraryError, RoutineError) as exc:
            self._tell(_("Not renamed: {reason}").format(reason=exc))
            return
        self.page.renamed(renamed.title)  # the title is saved now; other unsaved changes stay unsaved
        draft = self.page.draft
        if self._opened is not None and draft is not None:  # what the file says now, as far as we showed it
            self._opened = replace(self._opened, title=renamed.title, routine=draft.original)
        self._fill_list(entry.id)
        self._tell(_("Renamed to “{routine}”.").format(routine=renamed.title))

    def delete_routine(self) -> None:
        entry = self._shown_entry()
        if entry is None or entry.builtin:
            return
        try:
            with self.status.gathering():
                self._deleted = self.model.delete_routine(entry.id)
        except LibraryError as exc:
            self._tell(_("Not deleted: {reason}").format(reason=exc))
            return
        self._entry = None
        self.page.load(None)  # its unsaved changes go with it
        self._fill_list(self.model.routine.id)
        self._open(self.model.routine.id)
        self.library.show_undo(_("Deleted “{routine}”.").format(routine=entry.title))
        self._tell(_("Deleted “{routine}”. Undo brings it back.").format(routine=entry.title))

    def undo_delete(self) -> None:
        if self._deleted is None or not self._may_leave():
            return
        try:
            with self.status.gathering():
                entry = self.model.shelf.undelete(self._deleted)
        except LibraryError as exc:
            self._tell(_("Not brought back: {reason}").format(reason=exc))
            self.withdraw_stale_undo()
            return
        self._deleted = None
        self.undo_box.hide()
        self.page.load(None)
        self._fill_list(entry.id)
        self._open(entry.id)
        self.routine_list.setFocus(Qt.FocusReason.OtherFocusReason)
        self._tell(_("“{routine}” is back.").format(routine=entry.title))

    def withdraw_stale_undo(self, _changed: object = None) -> None:
        """Undo of a delete goes once it no longer means what it says: the file
        is gone, or the same routine is in the library again (imported since)."""
        if self._deleted is not None and not self.model.can_undelete_routine(self._deleted):
            self._deleted = None
            self.undo_box.hide()

    def import_routine(self) -> None:
        if not self._may_leave():
            return
        chosen = self._choose_open_file(self, _("Import a routine"), _(ROUTINE_FILES))
        if not chosen:
            return
        duplicate = Duplicate.REFUSE
        try:
            with self.status.gathering():
                try:
                    entry = self.model.shelf.import_file(Path(chosen))
                except AlreadyThereError as there:  # the person chooses: replace it, keep both, or nothing
                    answer = ask_about_duplicate(self, there, self.model.library.distinct_title(there.existing.title))
                    if answer is None:
                        said = _("Not imported: “{routine}” is already in your routines.")
                        self._tell(said.format(routine=there.existing.title))
                        return
                    duplicate = answer
                    entry = self.model.shelf.import_file(Path(chosen), duplicate)
        except LibraryError as exc:
            self._tell(_("Not imported: {reason}").format(reason=exc))
            return
        self.page.load(None)
        self._fill_list(entry.id)
        self._open(entry.id)
        if duplicate is Duplicate.REPLACE:
            said = _("Imported “{routine}” in place of the one you had (a copy of its file is kept).")
        else:
            said = _("Imported “{routine}”.")
        self._tell(said.format(routine=entry.title))

    def export_routine(self) -> None:
        entry = self._shown_entry()
        if entry is None:
            return
        pictures = len(entry.routine.picture_names) if entry.routine is not None else 0
        suggested = f"{entry.id}{ARCHIVE_SUFFIX if pictures else '.toml'}"  # pictures travel in an archive
        chosen = self._choose_file(self, _("Export routine"), suggested, _(ROUTINE_FILES))
        if not chosen:
            return
        try:
            # the save dialog has asked before replacing a file
            path = self.model.shelf.export(entry.id, Path(chosen), force=True)
        except LibraryError as exc:
            self._tell(_("Not exported: {reason}").format(reason=exc))
            return
        # TRANSLATORS: put in the sentence saying where a routine was exported, before its full stop
        unsaved = _(" (as last saved: your unsaved changes are not in it)") if self.has_unsaved_changes() else ""
        if not pictures:
            # TRANSLATORS: {unsaved} is empty, or " (as last saved: your unsaved changes are not in it)"
            said = _("Exported “{routine}” to {path}{unsaved}.")
        elif path.suffix.lower() == ARCHIVE_SUFFIX:
            # TRANSLATORS: {unsaved} is empty, or " (as last saved: your unsaved changes are not in it)"
            said = n_(
                "Exported “{routine}” to {path} with {count} picture{unsaved}.",
                "Exported “{routine}” to {path} with {count} pictures{unsaved}.",
                pictures,
            )
        else:
            # TRANSLATORS: {unsaved} is empty, or " (as last saved: your unsaved changes are not in it)"
            said = n_(
                "Exported “{routine}” to {path}, without its {count} picture (a .zip carries them){unsaved}.",
                "Exported “{routine}” to {path}, without its {count} pictures (a .zip carries them){unsaved}.",
                pictures,
            )
        self._tell(said.format(routine=entry.title, path=path, count=pictures, unsaved=unsaved))

    def print_card(self) -> None:
        """The routine shown as a programme card (a PDF to print), as last saved."""
        entry = self._shown_entry()
        if entry is None or not entry.usable:
            return
        chosen = self._choose_file(self, _("Print programme card"), f"{entry.id}-card.pdf", "PDF (*.pdf)")
        if not chosen:
            return
        try:  # the save dialog has asked before replacing a file
            done = self.model.cards.export(Path(chosen), entry.id)
        except ExportError as exc:
            self._tell(_("Not saved: {reason}.").format(reason=exc))
            return
        # TRANSLATORS: put in the sentence saying where a programme card was saved, before its full stop
        unsaved = _(" (as last saved: your unsaved changes are not on it)") if self.has_unsaved_changes() else ""
        without = "".join(f" {line}." for line in done.without)
        # TRANSLATORS: {paper} is the paper size (A4, Letter); {unsaved} empty or " (as last saved: …)"
        said = _("Saved the programme card of “{routine}” ({paper}) to {path}{unsaved}.").format(
            routine=done.title, paper=done.paper.label, path=done.path, unsaved=unsaved
        )
        self._tell(said + without)

    def use_routine(self) -> None:
        entry = self._shown_entry()
        if entry is None or not entry.usable or not self._may_leave():
            return
        with self.status.gathering():
            chosen = self.model.select_routine(entry.id)
        if chosen:
            self._fill_list(entry.id)
            self._tell(_("“{routine}” is your routine now: Start runs it.").format(routine=entry.title))
        elif self.status.heard:  # the model said why (a file that no longer loads)
            self._tell(_("Not chosen."))
        else:
            self._tell(_("Not chosen: the routine cannot be changed while one is running."))

    # A step's picture --------------------------------------------------------------

    def choose_picture(self) -> None:
        chosen = self._choose_open_file(self, _("Choose a picture of the movement"), _(PICTURE_FILES))
        if chosen:
            self.add_picture(Path(chosen))

    def add_picture(self, source: Path) -> None:
        """A picture for the chosen step, chosen or dropped: the library checks it
        and copies it into the routine's own folder (a new routine takes its id
        now, for that folder); a refused one changes nothing and says why."""
        draft = self.page.draft
        if draft is None or not 0 <= self.page.chosen < len(draft.steps):
            return
        try:
            routine_id = draft.routine_id or self.model.library.new_id(draft.title.strip())
            with self.status.gathering():
                name = self.model.library.add_picture(routine_id, source)
        except (ReceivedFileError, LibraryError) as exc:
            self._tell(_("Picture not added: {reason}").format(reason=exc))
            return
        except OSError as exc:  # the routines folder cannot take it (full, read-only)
            said = _("Picture not added: {path}: cannot copy it ({reason}); nothing was changed")
            self._tell(said.format(path=source, reason=exc.strerror or exc))
            return
        draft.take_id(routine_id)
        self.page.picture_added(name)
        self._tell(_("Picture added from {file}. Save keeps it with the step.").format(file=source.name))

    def _picture_file(self, name: str) -> Path | None:
        """Where a picture the routine being edited names is (None: nowhere yet)."""
        draft = self.page.draft
        if draft is None or draft.routine_id is None:
            return None
        try:
            return self.model.library.picture_path(draft.routine_id, name)
        except LibraryError:
            return None
