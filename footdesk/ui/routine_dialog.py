"""The routines dialog's frame: the library on the left, the routine chosen
there on the right (edited when it is the person's own, shown otherwise), and
what saving and leaving a routine ask. The library's own commands (new,
duplicate, rename, delete, import, export, use) are added by ``RoutineEditor``.

The rules live in ``footdesk.draft`` (the routine being edited) and below it;
the dialog hands the result to ``AppModel.save_routine`` with the routine as
it opened it: when the file was changed since (by hand, say), the library says
so and the dialog asks the person what to keep.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from footdesk.appmodel import AppModel
from footdesk.draft import Problem, RoutineDraft, problem_of
from footdesk.i18n import _
from footdesk.library import Entry, LibraryError, RoutineChangedError, Saved
from footdesk.routine import Routine, RoutineError
from footdesk.ui.routine_list import RoutineInfo, RoutineList
from footdesk.ui.routine_page import RoutinePage
from footdesk.ui.routine_questions import KEEP_MINE, LET_GO, ask_about_changed_file, ask_to_save
from footdesk.ui.status_line import StatusLine
from footdesk.ui.step_list import command_button
from footdesk.ui.theme import PlainLabel, accent, dialog_scroll, fit_dialog_to_screen, named, wheel_scrolls_the_page


class RoutineDialog(QDialog):
    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("routineEditor")
        self.setWindowTitle(_("Routines"))
        self.model = model
        self._entries: list[Entry] = []
        self._entry: Entry | None = None
        """The library's routine shown on the right."""
        self._opened: Entry | None = None
        """The person's routine being edited, as read from its file: a save goes to
        that file, and asks first when the file says something else by then."""
        # the model outlives the dialog: let go in done(), and when Qt deletes it unclosed
        model.notice.connect(self.hear)
        self.destroyed.connect(partial(model.notice.disconnect, self.hear))
        self.library = RoutineList()
        self.page = RoutinePage()
        self.page.plan_form.today = model.today
        self.info_page = RoutineInfo()
        self._build()

    @property
    def _new(self) -> bool:
        """A new routine is shown, not saved yet."""
        return self.page.draft is not None and self.page.draft.new

    def _build(self) -> None:
        self.pages = named(QStackedWidget(), "routinePages")
        self.pages.addWidget(self.page)
        self.pages.addWidget(self.info_page)
        # the routine scrolls when large fonts make it taller than the screen;
        # the library beside it, the problem and Save / Close stay in view
        self.scroller = dialog_scroll(self.pages, "routineEditorScroll")
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: a field shown is scrolled to
        columns = QHBoxLayout()
        columns.addWidget(self.library, 2)
        columns.addSpacing(12)
        columns.addWidget(self.scroller, 5)
        self.problem = named(PlainLabel(), "routineProblem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Problem"))
        self.problem.hide()
        self.problem.setStyleSheet(f"color: {accent(self, 'get-ready').name()}; font-weight: bold;")
        self.status = StatusLine("routineStatus")
        self.save_button = command_button(_("&Save"), "saveRoutine", _("Save this routine (Ctrl+S)"))
        self.close_button = command_button(
            _("Close"), "closeRoutines", _("Close (Esc); asks first about unsaved changes")
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        root = QVBoxLayout(self)
        root.addLayout(columns, 1)
        root.addWidget(self.problem)
        root.addLayout(bottom)
        self.library.chosen.connect(self._routine_chosen)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        for first, second in pairwise(
            [*self.library.tab_chain(), *self.page.tab_chain(), self.save_button, self.close_button]
        ):
            QWidget.setTabOrder(first, second)
        self.setMinimumWidth(min(860, self._screen_width()))
        self.resize(min(1000, self._screen_width()), 700)

    def _screen_width(self) -> int:
        screen = self.screen()
        return int(screen.availableGeometry().width() * 0.95) if screen is not None else 1000

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # as tall as a routine being edited needs (up to the screen), whichever page shows first
        shown = self.pages.currentWidget() or self.page
        self._show_page(self.page)
        fit_dialog_to_screen(self, self.scroller)
        self._show_page(shown)
        wheel_scrolls_the_page(self)
        self.library.list.setFocus(Qt.FocusReason.OtherFocusReason)

    # The library ------------------------------------------------------------------

    def _fill_list(self, select: str | None) -> None:
        """List the library as it is now, with ``select`` (or the new routine) chosen.
        What is shown on the right stays as it is."""
        self._entries = self.model.routines()
        if self._entry is not None:  # the same routine, as the library has it now
            self._entry = next((e for e in self._entries if e.id == self._entry.id), self._entry)
        self.library.fill(self._entries, self.model.routine.id, select, self._new)
        self._enable()

    def _open(self, entry_id: str) -> None:
        """Show one of the library's routines on the right (edited, if it is the person's own)."""
        entry = next((e for e in self._entries if e.id == entry_id), self._entries[0])
        self._entry = entry
        self.library.select(entry.id)
        self._clear_problem()
        if entry.routine is not None and not entry.builtin:
            self._opened = entry
            self.page.load(RoutineDraft(entry.routine))
            self._show_page(self.page)
        else:
            self._opened = None
            self.page.load(None)
            # the built-in routine as it runs: with the durations from Settings (RoutineShelf.as_run)
            shown = replace(entry, routine=self.model.routine_as_run(entry.routine)) if entry.routine else entry
            self.info_page.show_entry(shown)
            self._show_page(self.info_page)
        self._enable()

    def _routine_chosen(self, entry_id: str) -> None:
        if not self._new and self._entry is not None and entry_id == self._entry.id:
            return
        was_new = self._new
        if not self._may_leave():
            self.library.select(None if self._new else self._entry.id if self._entry else None)
            return
        if was_new:  # the new routine was saved or given up: its "not saved yet" row goes
            self.page.load(None)
            self._fill_list(entry_id)
        self._open(entry_id)

    def _show_page(self, page: QWidget) -> None:
        """Only the page on show counts toward the size (or the short one would scroll for the long one)."""
        for other in (self.page, self.info_page):
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.pages.setCurrentWidget(page)

    def _enable(self) -> None:
        entry = None if self._new else self._entry
        self.library.enable(entry, self.model.routine.id)
        self.save_button.setEnabled(self._new or (entry is not None and not entry.builtin and entry.usable))

    # Saving ------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.page.unsaved()

    def edited_routine(self) -> Routine | None:
        """The routine as the form shows it (None when none is being edited)."""
        draft = self.page.draft
        if draft is None:
            return None
        self.page.keep_form()
        # a new routine's id is made from its title as it is first saved
        return draft.routine(self.model.library.new_id(draft.title.strip()) if draft.new else None)

    def save(self) -> bool:
        """Save the routine shown; its first problem is shown (and nothing written)
        when it cannot be. When its file was changed since it was opened here, the
        person chooses: their edits over it (a copy is kept), the file as it is
        now, or neither for now."""
        routine = self.edited_routine()
        if routine is None or self.page.draft is None:
            return True
        self._clear_problem()
        problems = self.page.draft.problems()
        if problems:
            self._show_problem(problems[0])
            return False
        opened = None if self._new else self._opened
        try:
            saved = self._write(routine, opened, replace_changes=False)
        except RoutineChangedError as exc:
            title = opened.title if opened is not None else routine.title
            answer = ask_about_changed_file(self, title, exc)
            if answer == KEEP_MINE:
                saved = self._write(routine, opened, replace_changes=True)
            elif answer == LET_GO:
                self._reload(exc.path)
                return False
            else:
                self._tell(
                    _("Not saved: {path} was changed since you opened it here. Your changes are still here.").format(
                        path=exc.path
                    )
                )
                return False
        if saved is not None:
            self._saved(routine, saved)
        return saved is not None

    def _saved(self, routine: Routine, saved: Saved) -> None:
        step = self.page.chosen
        self.page.load(None)
        self._fill_list(routine.id)
        self._open(routine.id)  # as saved: new steps have their ids now
        self.page.steps.list.setCurrentRow(max(0, min(step, self.page.steps.list.count() - 1)))
        if saved.kept:
            # TRANSLATORS: {kept} is the file the routine's file was copied to before it was saved over
            said = _("Saved “{routine}”. The file as it was (with the changes made to it meanwhile) is kept as {kept}.")
            self._tell(said.format(routine=routine.title, kept=saved.kept))
        else:
            self._tell(_("Saved “{routine}”.").format(routine=routine.title))

    def _write(self, routine: Routine, opened: Entry | None, replace_changes: bool) -> Saved | None:
        """The model saves it; None (and the problem shown) when it cannot.
        RoutineChangedError goes to the caller, which asks."""
        self._clear_problem()
        try:
            with self.status.gathering():
                return self.model.shelf.save(routine, opened, replace_changes)
        except RoutineError as exc:
            self._show_problem(problem_of(exc, routine))
        except RoutineChangedError:
            raise
        except LibraryError as exc:
            self._show_problem(Problem(str(exc)))
        return None

    def _reload(self, path: Path) -> None:
        """Show the routine as its file is now (or, gone, the routine in use)."""
        self.page.load(None)
        self._entries = self.model.routines()
        entry = next((e for e in self._entries if e.path == path), None)
        shown = entry.id if entry is not None else self.model.routine.id
        self._fill_list(shown)
        self._open(shown)
        if entry is None:
            self._tell(_("{path} is gone; your changes were not saved.").format(path=path))
        else:
            said = _("Showing “{routine}” as its file is now; your changes were not saved.")
            self._tell(said.format(routine=entry.title))

    def _show_problem(self, problem: Problem) -> None:
        """A problem of a field (its step chosen, the focus on it) or of the save itself."""
        self._tell("")
        # TRANSLATORS: {problem} is what stops the routine from being saved
        self.problem.setText(_("Not saved — {problem}").format(problem=problem.text))
        self.problem.show()
        self.page.point_at(problem)
        # TRANSLATORS: said by a screen reader; {problem} is what stops the routine from being saved
        self._announce(_("Not saved. {problem}").format(problem=problem.text))

    def _clear_problem(self) -> None:
        self.problem.hide()
        self.problem.clear()
        self.page.clear_marks()

    # Leaving -------------------------------------------------------------------------

    def _may_leave(self) -> bool:
        """Unsaved changes: Save (and go on only if that worked), Discard, or stay."""
        if not self.has_unsaved_changes() or self.page.draft is None:
            return True
        answer = ask_to_save(self, self.page.draft.title.strip(), self._new)
        if answer == KEEP_MINE:
            return self.save()
        if answer == LET_GO:
            self._discard()
            return True
        return False

    def _discard(self) -> None:
        draft = self.page.draft
        if draft is None or draft.new:
            self.page.load(None)
        else:
            self.page.load(RoutineDraft(draft.original), step=max(0, self.page.chosen))

    def reject(self) -> None:
        """Esc, Close and the window's close button: unsaved changes are asked about."""
        if self._may_leave():
            super().reject()

    # Telling the person ------------------------------------------------------------

    def _tell(self, text: str) -> None:
        self.status.tell(text)

    def _announce(self, text: str) -> None:
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, text))

    def done(self, result: int) -> None:
        self.model.notice.disconnect(self.hear)
        super().done(result)

    def hear(self, text: str) -> None:
        """A notice of the model while the dialog is open (on the status line)."""
        self.status.hear(text)
