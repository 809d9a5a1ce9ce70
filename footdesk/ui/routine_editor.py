"""The routine editor: the person's own routines, made and changed in the window.

On the left the library (the built-in routine first, then the person's own,
then files that cannot be used, with their error) and what can be done with a
routine; on the right the routine chosen there: its title, its steps and the
step chosen in them. The built-in routine and broken files are shown, not
edited. The rules (which kinds of step there are, ids made from titles, what
is kept of a step the form does not show, what is a valid routine) live in
``footdesk.draft`` and ``footdesk.routine``; the dialog only shows a routine
as ``StepDraft`` values and hands the result to ``AppModel.save_routine``, with
the routine as it opened it: when the file was changed since (by hand, say),
the library says so and the dialog asks the person what to keep.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from footdesk.appmodel import AppModel
from footdesk.draft import StepDraft, StepKind, drafted_routine, instruction_lines, problem_text, step_draft
from footdesk.library import Entry, LibraryError, RoutineChangedError, Saved
from footdesk.report import step_timing
from footdesk.routine import MAX_STEPS, REPS, REST_SECONDS, SETS, TEMPO_SECONDS, Routine, RoutineError
from footdesk.ui.review_window import FileChooser, ask_for_file
from footdesk.ui.settings_dialog import DurationEdit
from footdesk.ui.theme import PlainLabel, accent, dialog_scroll, dimmed_text, fit_dialog_to_screen, named

OpenFileChooser = Callable[[QWidget, str, str], str]
"""(parent, caption, filter) → the chosen file to open, or "" for none."""

ROUTINE_FILES = "footdesk routines (*.toml);;All files (*)"

KIND_WORDS = {
    StepKind.TIP: "Tip (no clock: go on when ready)",
    StepKind.TIMED: "Timed (one countdown)",
    StepKind.PER_SIDE: "Per side (left, then right)",
    StepKind.REPS: "Reps (counted to a tempo)",
}


def ask_for_open_file(parent: QWidget, caption: str, file_filter: str) -> str:
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, str(Path.home()), file_filter)
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
    editor.hide()
    editor.setParent(None)
    editor.deleteLater()
    window.activateWindow()  # the routine's keys are window shortcuts


class RoutineEditor(QDialog):
    def __init__(
        self,
        model: AppModel,
        parent: QWidget | None = None,
        choose_file: FileChooser = ask_for_file,
        choose_open_file: OpenFileChooser = ask_for_open_file,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("routineEditor")
        self.setWindowTitle("Routines")
        self.model = model
        self._choose_file = choose_file
        self._choose_open_file = choose_open_file
        self._entries: list[Entry] = []
        self._entry: Entry | None = None
        """The library's routine shown on the right."""
        self._original: Routine | None = None
        """The routine being edited as it was loaded (or an empty one for a new routine)."""
        self._opened: Entry | None = None
        """The person's routine being edited, as read from its file: a save goes to
        that file, and asks first when the file says something else by then."""
        self._drafts: list[StepDraft] = []
        self._saved: tuple[str, tuple[StepDraft, ...]] = ("", ())
        """What the form showed when the routine was loaded: unsaved changes are any difference."""
        self._step = -1
        self._loading = False
        self._new = False
        """A new routine is shown, not saved yet."""
        self._deleted: Path | None = None
        self._heard: list[str] = []
        self._in_command = False
        # the model outlives the dialog: let go in done(), and when Qt deletes it unclosed
        model.notice.connect(self.hear)
        self.destroyed.connect(partial(model.notice.disconnect, self.hear))
        self._build()
        self._fill_list(model.routine.id)
        self._open(model.routine.id)

    # Building -------------------------------------------------------------------

    def _build(self) -> None:
        # the library
        routines_label = PlainLabel("Your routines")
        self.routine_list = named(QListWidget(), "routineList")
        self.routine_list.setAccessibleName("Routines")
        self.routine_list.setMinimumHeight(90)
        self.routine_list.setWordWrap(True)  # long titles wrap instead of scrolling sideways
        self.routine_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        routines_label.setBuddy(self.routine_list)
        self.new_button = self._button("&New", "newRoutine", "A new routine of your own, with one step to fill in")
        self.duplicate_button = self._button("&Duplicate", "duplicateRoutine", "A copy of this routine to change")
        self.rename_button = self._button("Rena&me…", "renameRoutine", "Give this routine another title")
        self.delete_button = self._button("De&lete", "deleteRoutine", "Delete this routine (you can undo it)")
        self.import_button = self._button("&Import…", "importRoutine", "Add a routine file someone gave you")
        self.export_button = self._button("E&xport…", "exportRoutine", "Save this routine as a file to share")
        self.use_button = self._button("&Use this routine", "useRoutine", "Start runs this routine from now on")
        self.undo_label = named(PlainLabel(), "undoLabel")
        self.undo_label.setWordWrap(True)
        self.undo_button = self._button("Und&o", "undoDelete", "Bring the deleted routine back")
        self.undo_box = named(QWidget(), "undoBox")
        undo_row = QHBoxLayout(self.undo_box)
        undo_row.setContentsMargins(0, 0, 0, 0)
        undo_row.addWidget(self.undo_label, 1)
        undo_row.addWidget(self.undo_button)
        self.undo_box.hide()
        library = QVBoxLayout()
        library.addWidget(routines_label)
        library.addWidget(self.routine_list, 1)
        for left, right in (
            (self.new_button, self.duplicate_button),
            (self.rename_button, self.delete_button),
            (self.import_button, self.export_button),
        ):
            row = QHBoxLayout()
            row.addWidget(left)
            row.addWidget(right)
            library.addLayout(row)
        library.addWidget(self.use_button)
        library.addWidget(self.undo_box)

        # one of the person's routines, edited
        self.title_edit = named(QLineEdit(), "routineTitle")
        self.title_edit.setAccessibleName("Routine title")
        self.title_edit.setMaxLength(200)
        title_label = PlainLabel("&Title")
        title_label.setBuddy(self.title_edit)
        steps_label = PlainLabel("Ste&ps")
        self.steps_list = named(QListWidget(), "stepsList")
        self.steps_list.setAccessibleName("Steps")
        self.steps_list.setMinimumHeight(110)
        steps_label.setBuddy(self.steps_list)
        self.add_step_button = self._button("&Add step", "addStep", "A new step after the chosen one")
        self.remove_step_button = self._button("&Remove step", "removeStep", "Take the chosen step out")
        self.up_button = self._button("Mo&ve up", "moveStepUp", "Do the chosen step earlier")
        self.down_button = self._button("Move do&wn", "moveStepDown", "Do the chosen step later")
        step_buttons = QHBoxLayout()
        for button in (self.add_step_button, self.remove_step_button, self.up_button, self.down_button):
            step_buttons.addWidget(button)
        step_buttons.addStretch(1)

        self.step_box = named(QGroupBox("Step"), "stepBox")
        self.step_form = QFormLayout(self.step_box)
        self.step_title = named(QLineEdit(), "stepTitle")
        self.step_title.setMaxLength(200)
        self.kind = named(QComboBox(), "stepKind")
        for kind, words in KIND_WORDS.items():
            self.kind.addItem(words, kind.value)
        self.seconds = self._duration("stepSeconds")
        self.left = self._duration("leftSeconds")
        self.right = self._duration("rightSeconds")
        self.reps = self._spin("stepReps", REPS, "")
        self.up = self._spin("tempoUp", TEMPO_SECONDS, " s up")
        self.down = self._spin("tempoDown", TEMPO_SECONDS, " s down")
        tempo_row = QHBoxLayout()
        tempo_row.addWidget(self.up)
        tempo_row.addWidget(self.down)
        tempo_row.addStretch(1)
        self.tempo_box = QWidget()
        self.tempo_box.setLayout(tempo_row)
        tempo_row.setContentsMargins(0, 0, 0, 0)
        self.each_side = named(QCheckBox("On each side (left, then right)"), "repsEachSide")
        self.sets = self._spin("stepSets", SETS, "")
        self.rest = self._duration("stepRest", REST_SECONDS)
        self.instructions = named(QPlainTextEdit(), "stepInstructions")
        self.instructions.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere else
        self.instructions.setMinimumHeight(90)
        self.instructions.setPlaceholderText("What to do, one line each; in a per-side step {side} says left or right")
        self.say = named(QLineEdit(), "stepSay")
        self.say.setMaxLength(300)
        self.say.setPlaceholderText("e.g. “Step two: calf stretch.” Leave empty for no voice.")
        rows: list[tuple[str, QWidget, str]] = [
            ("Step titl&e", self.step_title, "Step title"),
            ("Timin&g", self.kind, "Timing"),
            ("Lengt&h", self.seconds, "Length, minutes and seconds"),
            ("Le&ft side", self.left, "Left side, minutes and seconds"),
            ("Rig&ht side", self.right, "Right side, minutes and seconds"),
            ("Reps", self.reps, "Repetitions"),
            ("Tempo", self.tempo_box, "Tempo"),
            ("", self.each_side, "Repetitions on each side"),
            ("Sets", self.sets, "Sets"),
            ("Rest between sets", self.rest, "Rest between sets, minutes and seconds"),
            ("Instru&ctions\n(one per line)", self.instructions, "Instructions, one per line"),
            ("Spo&ken as the\nstep comes up", self.say, "Spoken as the step comes up"),
        ]
        for label, field, spoken in rows:
            field.setAccessibleName(spoken)
            if label:
                self.step_form.addRow(label, field)
            else:
                self.step_form.addRow(field)
        self.up.setAccessibleName("Seconds up")
        self.down.setAccessibleName("Seconds down")

        editor_page = named(QWidget(), "editorPage")
        editor = QVBoxLayout(editor_page)
        editor.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(title_label)
        title_row.addWidget(self.title_edit, 1)
        editor.addLayout(title_row)
        editor.addWidget(steps_label)
        editor.addWidget(self.steps_list)
        editor.addLayout(step_buttons)
        editor.addWidget(self.step_box)

        # the built-in routine and broken files: shown, not edited
        self.info_title = named(PlainLabel(), "routineInfoTitle")
        self.info_title.setWordWrap(True)
        title_font = self.info_title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.info_title.setFont(title_font)
        self.info = named(PlainLabel(), "routineInfo")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        info_page = named(QWidget(), "infoPage")
        info_layout = QVBoxLayout(info_page)
        info_layout.setContentsMargins(0, 0, 0, 0)
        info_layout.addWidget(self.info_title)
        info_layout.addWidget(self.info)
        info_layout.addStretch(1)
        self.pages = named(QStackedWidget(), "routinePages")
        self.pages.addWidget(editor_page)
        self.pages.addWidget(info_page)
        self.editor_page, self.info_page = editor_page, info_page

        # the routine scrolls when large fonts make it taller than the screen;
        # the library beside it, the problem and Save / Close stay in view
        self.scroller = dialog_scroll(self.pages, "routineEditorScroll")
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: a field shown is scrolled to
        columns = QHBoxLayout()
        columns.addLayout(library, 2)
        columns.addSpacing(12)
        columns.addWidget(self.scroller, 5)

        self.problem = named(PlainLabel(), "routineProblem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        self.status = named(PlainLabel(), "routineStatus")
        self.status.setWordWrap(True)
        self.save_button = self._button("&Save", "saveRoutine", "Save this routine (Ctrl+S)")
        self.save_button.setAutoDefault(False)
        self.close_button = self._button("Close", "closeRoutines", "Close (Esc); asks first about unsaved changes")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        root = QVBoxLayout(self)
        root.addLayout(columns, 1)
        root.addWidget(self.problem)
        root.addLayout(bottom)

        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field must not press whichever button had the focus
        self._connect()
        self._tab_order()
        self._colour()
        self.setMinimumWidth(min(860, self._screen_width()))
        self.resize(min(1000, self._screen_width()), 700)

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = named(QPushButton(text), name)
        button.setToolTip(tip)
        return button

    def _duration(self, name: str, bounds: tuple[int, int] | None = None) -> DurationEdit:
        edit = named(DurationEdit(), name)
        if bounds is not None:
            edit.setRange(*bounds)
        edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0") * 14)
        return edit

    def _spin(self, name: str, bounds: tuple[int, int], suffix: str) -> QSpinBox:
        spin = named(QSpinBox(), name)
        spin.setRange(*bounds)
        spin.setSuffix(suffix)
        spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0") * 14)
        return spin

    def _screen_width(self) -> int:
        screen = self.screen()
        return int(screen.availableGeometry().width() * 0.95) if screen is not None else 1000

    def _connect(self) -> None:
        self.routine_list.currentRowChanged.connect(self._routine_chosen)
        self.new_button.clicked.connect(self.new_routine)
        self.duplicate_button.clicked.connect(self.duplicate_routine)
        self.rename_button.clicked.connect(self.rename_routine)
        self.delete_button.clicked.connect(self.delete_routine)
        self.undo_button.clicked.connect(self.undo_delete)
        self.import_button.clicked.connect(self.import_routine)
        self.export_button.clicked.connect(self.export_routine)
        self.use_button.clicked.connect(self.use_routine)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.steps_list.currentRowChanged.connect(self._step_chosen)
        self.add_step_button.clicked.connect(self.add_step)
        self.remove_step_button.clicked.connect(self.remove_step)
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button.clicked.connect(lambda: self.move_step(1))
        self.title_edit.textChanged.connect(self._edited)
        self.step_title.textChanged.connect(self._edited)
        self.kind.currentIndexChanged.connect(self._edited)
        for spin in (self.seconds, self.left, self.right, self.reps, self.up, self.down, self.sets, self.rest):
            spin.valueChanged.connect(self._edited)
        self.each_side.toggled.connect(self._edited)
        self.instructions.textChanged.connect(self._edited)
        self.say.textChanged.connect(self._edited)

    def _tab_order(self) -> None:
        chain: list[QWidget] = [
            self.routine_list, self.new_button, self.duplicate_button, self.rename_button, self.delete_button,
            self.import_button, self.export_button, self.use_button, self.undo_button,
            self.title_edit, self.steps_list, self.add_step_button, self.remove_step_button, self.up_button,
            self.down_button, self.step_title, self.kind, self.seconds, self.left, self.right, self.reps, self.up,
            self.down, self.each_side, self.sets, self.rest, self.instructions, self.say,
            self.save_button, self.close_button,
        ]  # fmt: skip
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # as tall as a routine being edited needs (up to the screen), whichever page shows first
        shown = self.pages.currentWidget() or self.editor_page
        self._show_page(self.editor_page)
        fit_dialog_to_screen(self, self.scroller)
        self._show_page(shown)
        self.routine_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _colour(self) -> None:
        self.problem.setStyleSheet(f"color: {accent(self, 'get-ready').name()}; font-weight: bold;")
        self.undo_label.setStyleSheet(f"color: {dimmed_text(self).name()};")

    # The library ------------------------------------------------------------------

    def _fill_list(self, select: str | None) -> None:
        """List the library as it is now, with ``select`` (or the new routine) chosen.
        What is shown on the right stays as it is."""
        self._entries = self.model.routines()
        if self._entry is not None:  # the same routine, as the library has it now
            self._entry = next((e for e in self._entries if e.id == self._entry.id), self._entry)
        in_use = self.model.routine.id
        self.routine_list.blockSignals(True)
        self.routine_list.clear()
        row_to_select = 0
        for row, entry in enumerate(self._entries):
            words: list[str] = []
            if entry.builtin:
                words.append("built-in")
            if not entry.usable:
                words.append("cannot be used")
            chosen = entry.usable and entry.id == in_use
            if chosen:
                words.append("in use")
            text = entry.title + (f" ({', '.join(words)})" if words else "")
            item = QListWidgetItem(("✓ " if chosen else "") + text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            if entry.error is not None:
                item.setToolTip(str(entry.error))
            self.routine_list.addItem(item)
            if entry.id == select:
                row_to_select = row
        if self._new:
            self.routine_list.addItem(QListWidgetItem("New routine (not saved yet)"))
            row_to_select = self.routine_list.count() - 1
        self.routine_list.setCurrentRow(row_to_select)
        self.routine_list.blockSignals(False)
        self._enable()

    def _open(self, entry_id: str) -> None:
        """Show one of the library's routines on the right (edited, if it is the person's own)."""
        entry = next((e for e in self._entries if e.id == entry_id), self._entries[0])
        self._new = False
        self._entry = entry
        self._select_row_of(entry.id)
        self._clear_problem()
        if entry.routine is not None and not entry.builtin:
            self._opened = entry
            self._load(entry.routine)
            self._show_page(self.editor_page)
        else:
            self._opened = None
            self._original = None
            self._drafts = []
            self._step = -1
            self._saved = ("", ())
            self.info_title.setText(entry.title)
            self.info.setText(self._info_text(entry))
            self._show_page(self.info_page)
        self._enable()

    def _routine_chosen(self, row: int) -> None:
        item = self.routine_list.item(row) if row >= 0 else None
        entry_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if entry_id is None or (not self._new and self._entry is not None and entry_id == self._entry.id):
            return
        was_new = self._new
        if not self._may_leave():
            self._select_row_of(None if self._new else self._entry.id if self._entry else None)
            return
        if was_new:  # the new routine was saved or given up: its "not saved yet" row goes
            self._new = False
            self._fill_list(entry_id)
        self._open(entry_id)

    def _select_row_of(self, entry_id: str | None) -> None:
        """Choose a row without acting on it (None: the new routine's row)."""
        self.routine_list.blockSignals(True)
        for row in range(self.routine_list.count()):
            item = self.routine_list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == entry_id:
                self.routine_list.setCurrentRow(row)
        self.routine_list.blockSignals(False)

    def _info_text(self, entry: Entry) -> str:
        if entry.routine is None:
            return (
                f"This file cannot be used:\n{entry.error}\n\n"
                "footdesk leaves it as it is. Fix it in a text editor, or delete it here."
            )
        steps = "\n".join(
            f"{number}. {step.title} — {step_timing(step)}" for number, step in enumerate(entry.routine.steps, 1)
        )
        return f"This is footdesk's built-in routine: it cannot be changed. Duplicate it to make your own.\n\n{steps}"

    def _show_page(self, page: QWidget) -> None:
        """Only the page on show counts toward the size (or the short one would scroll for the long one)."""
        for other in (self.editor_page, self.info_page):
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.pages.setCurrentWidget(page)

    def _enable(self) -> None:
        entry = None if self._new else self._entry
        own = entry is not None and not entry.builtin
        usable = entry is not None and entry.usable
        self.duplicate_button.setEnabled(usable)
        self.rename_button.setEnabled(own and usable)
        self.delete_button.setEnabled(own)
        self.export_button.setEnabled(entry is not None)
        self.use_button.setEnabled(usable and entry is not None and entry.id != self.model.routine.id)
        self.save_button.setEnabled(self._new or (own and usable))
        count = len(self._drafts)
        self.add_step_button.setEnabled(count < MAX_STEPS)
        self.remove_step_button.setEnabled(count > 1 and self._step >= 0)
        self.up_button.setEnabled(self._step > 0)
        self.down_button.setEnabled(0 <= self._step < count - 1)

    # Library actions -------------------------------------------------------------

    def new_routine(self) -> None:
        if not self._may_leave():
            return
        self._new = True
        self._clear_problem()
        self._load(Routine(id="", title="", steps=()), drafts=[StepDraft()])
        self._saved = ("", (StepDraft(),))  # nothing typed yet: closing asks nothing
        self._show_page(self.editor_page)
        self._fill_list(None)
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._tell("A new routine: give it a title and its steps, then Save.")

    def duplicate_routine(self) -> None:
        entry = None if self._new else self._entry
        if entry is None or not entry.usable or not self._may_leave():
            return
        try:
            with self._notices():
                copy = self.model.duplicate_routine(entry.id)
        except (LibraryError, RoutineError) as exc:
            self._tell(f"Not duplicated: {exc}")
            return
        self._fill_list(copy.id)
        self._open(copy.id)
        self._tell(f"Made “{copy.title}”, your own copy: change it here, then Save.")
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.title_edit.selectAll()

    def rename_routine(self) -> None:
        entry = None if self._new else self._entry
        if entry is None or entry.builtin or entry.routine is None:
            return
        title, ok = QInputDialog.getText(self, "Rename routine", "New title:", QLineEdit.EchoMode.Normal, entry.title)
        if not ok or not title.strip() or title.strip() == entry.title:
            return
        try:
            with self._notices():
                renamed = self.model.rename_routine(entry.id, title)
        except (LibraryError, RoutineError) as exc:
            self._tell(f"Not renamed: {exc}")
            return
        # the title is saved now; other unsaved changes stay unsaved
        self._saved = (renamed.title, self._saved[1])
        if self._original is not None:
            self._original = replace(self._original, title=renamed.title)
        if self._opened is not None and self._original is not None:  # what the file says now, as far as we showed it
            self._opened = replace(self._opened, title=renamed.title, routine=self._original)
        self._loading = True
        self.title_edit.setText(renamed.title)
        self._loading = False
        self._fill_list(entry.id)
        self._tell(f"Renamed to “{renamed.title}”.")

    def delete_routine(self) -> None:
        entry = None if self._new else self._entry
        if entry is None or entry.builtin:
            return
        try:
            with self._notices():
                moved = self.model.delete_routine(entry.id)
        except LibraryError as exc:
            self._tell(f"Not deleted: {exc}")
            return
        self._deleted = moved
        self._entry = None
        self._original = None  # its unsaved changes go with it
        self.undo_label.setText(f"Deleted “{entry.title}”.")
        self.undo_box.show()
        self._fill_list(self.model.routine.id)
        self._open(self.model.routine.id)
        self.undo_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._tell(f"Deleted “{entry.title}”. Undo brings it back.")

    def undo_delete(self) -> None:
        if self._deleted is None or not self._may_leave():
            return
        try:
            with self._notices():
                entry = self.model.undelete_routine(self._deleted)
        except LibraryError as exc:
            self._tell(f"Not brought back: {exc}")
            return
        self._deleted = None
        self.undo_box.hide()
        self._new = False
        self._fill_list(entry.id)
        self._open(entry.id)
        self.routine_list.setFocus(Qt.FocusReason.OtherFocusReason)
        self._tell(f"“{entry.title}” is back.")

    def import_routine(self) -> None:
        if not self._may_leave():
            return
        chosen = self._choose_open_file(self, "Import a routine", ROUTINE_FILES)
        if not chosen:
            return
        try:
            with self._notices():
                entry = self.model.import_routine(Path(chosen))
        except LibraryError as exc:
            self._tell(f"Not imported: {exc}")
            return
        self._new = False
        self._fill_list(entry.id)
        self._open(entry.id)
        self._tell(f"Imported “{entry.title}”.")

    def export_routine(self) -> None:
        entry = None if self._new else self._entry
        if entry is None:
            return
        chosen = self._choose_file(self, "Export routine", f"{entry.id}.toml", ROUTINE_FILES)
        if not chosen:
            return
        try:
            # the save dialog has asked before replacing a file
            path = self.model.export_routine(entry.id, Path(chosen), force=True)
        except LibraryError as exc:
            self._tell(f"Not exported: {exc}")
            return
        unsaved = " (as last saved: your unsaved changes are not in it)" if self.has_unsaved_changes() else ""
        self._tell(f"Exported “{entry.title}” to {path}{unsaved}.")

    def use_routine(self) -> None:
        entry = None if self._new else self._entry
        if entry is None or not entry.usable or not self._may_leave():
            return
        with self._notices():
            chosen = self.model.select_routine(entry.id)
        if chosen:
            self._fill_list(entry.id)
            self._tell(f"“{entry.title}” is your routine now: Start runs it.")
        elif self._heard:  # the model said why (a file that no longer loads)
            self._tell("Not chosen.")
        else:
            self._tell("Not chosen: the routine cannot be changed while one is running.")

    # One routine ------------------------------------------------------------------

    def _load(self, routine: Routine, drafts: list[StepDraft] | None = None, step: int = 0) -> None:
        self._original = routine
        self._drafts = drafts if drafts is not None else [step_draft(s) for s in routine.steps]
        self._saved = (routine.title, tuple(step_draft(s) for s in routine.steps))
        self._loading = True
        self.title_edit.setText(routine.title)
        self._loading = False
        self._fill_steps(min(step, len(self._drafts) - 1))

    def _fill_steps(self, select: int) -> None:
        self._loading = True
        self.steps_list.clear()
        for index, draft in enumerate(self._drafts):
            self.steps_list.addItem(QListWidgetItem(self._step_text(index, draft)))
        self.steps_list.setCurrentRow(select)
        self._loading = False
        self._show_step(select)

    def _step_text(self, index: int, draft: StepDraft) -> str:
        routine = self._original or Routine(id="", title="", steps=())
        step = drafted_routine(routine, "", [draft]).steps[0]
        return f"{index + 1}. {draft.title.strip() or '(no title yet)'} — {step_timing(step)}"

    def _step_chosen(self, row: int) -> None:
        if self._loading:
            return
        self._keep_form()
        self._show_step(row)

    def _show_step(self, index: int) -> None:
        self._step = index
        shown = 0 <= index < len(self._drafts)
        self.step_box.setEnabled(shown)
        draft = self._drafts[index] if shown else StepDraft()
        self.step_box.setTitle(f"Step {index + 1} of {len(self._drafts)}" if shown else "Step")
        self._loading = True
        self.step_title.setText(draft.title)
        self.kind.setCurrentIndex(self.kind.findData(draft.kind.value))
        self.seconds.set_seconds(draft.seconds)
        self.left.set_seconds(draft.left)
        self.right.set_seconds(draft.right)
        self.reps.setValue(draft.reps)
        self.up.setValue(draft.up)
        self.down.setValue(draft.down)
        self.each_side.setChecked(draft.reps_each_side)
        self.sets.setValue(draft.sets)
        self.rest.set_seconds(draft.rest)
        self.instructions.setPlainText("\n".join(draft.instructions))
        self.say.setText(draft.say)
        self._loading = False
        self._show_rows(draft.kind)
        self._enable()

    def _show_rows(self, kind: StepKind) -> None:
        visible = {
            self.seconds: kind is StepKind.TIMED,
            self.left: kind is StepKind.PER_SIDE,
            self.right: kind is StepKind.PER_SIDE,
            self.reps: kind is StepKind.REPS,
            self.tempo_box: kind is StepKind.REPS,
            self.each_side: kind is StepKind.REPS,
            self.sets: kind is not StepKind.TIP,
            self.rest: kind is not StepKind.TIP,
        }
        for field, shown in visible.items():
            self.step_form.setRowVisible(field, shown)
        self.rest.setEnabled(self.sets.value() > 1)

    def _form_draft(self) -> StepDraft:
        for spin in (self.seconds, self.left, self.right, self.rest):
            spin.interpretText()  # what was typed counts even before the field is left
        previous = self._drafts[self._step] if 0 <= self._step < len(self._drafts) else StepDraft()
        return replace(
            previous,
            title=self.step_title.text(),
            kind=self._kind(),
            seconds=self.seconds.seconds(),
            left=self.left.seconds(),
            right=self.right.seconds(),
            reps=self.reps.value(),
            up=self.up.value(),
            down=self.down.value(),
            reps_each_side=self.each_side.isChecked(),
            sets=self.sets.value(),
            rest=self.rest.seconds(),
            instructions=instruction_lines(self.instructions.toPlainText()),
            say=self.say.text(),
        )

    def _kind(self) -> StepKind:
        return StepKind(self.kind.currentData())

    def _keep_form(self) -> None:
        """What the form shows, into the step it shows."""
        if 0 <= self._step < len(self._drafts) and self.pages.currentWidget() is self.editor_page:
            draft = self._form_draft()
            self._drafts[self._step] = draft
            item = self.steps_list.item(self._step)
            if item is not None:
                item.setText(self._step_text(self._step, draft))

    def _edited(self) -> None:
        if self._loading:
            return
        self._keep_form()
        self._show_rows(self._kind())

    def add_step(self) -> None:
        self._keep_form()
        at = self._step + 1 if self._step >= 0 else len(self._drafts)
        self._drafts.insert(at, StepDraft())
        self._fill_steps(at)
        self.step_title.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_step(self) -> None:
        if not 0 <= self._step < len(self._drafts) or len(self._drafts) <= 1:
            return
        at = self._step
        del self._drafts[at]
        self._fill_steps(min(at, len(self._drafts) - 1))
        self.steps_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_step(self, by: int) -> None:
        self._keep_form()
        at, to = self._step, self._step + by
        if not (0 <= at < len(self._drafts) and 0 <= to < len(self._drafts)):
            return
        self._drafts[at], self._drafts[to] = self._drafts[to], self._drafts[at]
        self._fill_steps(to)
        # the focus stays on the button pressed, so it can be pressed again; at an end, on the list
        button = self.up_button if by < 0 else self.down_button
        (button if button.isEnabled() else self.steps_list).setFocus(Qt.FocusReason.OtherFocusReason)

    # Saving ------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        if self._original is None or self.pages.currentWidget() is not self.editor_page:
            return False
        self._keep_form()
        return (self.title_edit.text(), tuple(self._drafts)) != self._saved

    def edited_routine(self) -> Routine | None:
        """The routine as the form shows it (None when none is being edited)."""
        if self._original is None:
            return None
        self._keep_form()
        routine = drafted_routine(self._original, self.title_edit.text(), self._drafts)
        if self._new:  # its id is made from its title as it is first saved
            routine = replace(routine, id=self.model.library.new_id(routine.title))
        return routine

    def save(self) -> bool:
        """Save the routine shown; a problem is shown (and nothing written) when it
        cannot be. When its file was changed since it was opened here, the
        person chooses: their edits over it (a copy is kept), the file as it is
        now, or neither for now."""
        routine = self.edited_routine()
        if routine is None:
            return True
        opened = None if self._new else self._opened
        try:
            saved = self._write(routine, opened, replace_changes=False)
        except RoutineChangedError as exc:
            answer = self._ask_about_changed_file(opened, exc)
            if answer == QMessageBox.StandardButton.Save:
                saved = self._write(routine, opened, replace_changes=True)
            elif answer == QMessageBox.StandardButton.Discard:
                self._reload(exc.path)
                return False
            else:
                self._tell(f"Not saved: {exc.path} was changed since you opened it here. Your changes are still here.")
                return False
        if saved is None:
            return False
        step = self._step
        self._new = False
        self._fill_list(routine.id)
        self._open(routine.id)  # as saved: new steps have their ids now
        self.steps_list.setCurrentRow(max(0, min(step, self.steps_list.count() - 1)))
        kept = f" The file as it was (with the changes made to it meanwhile) is kept as {saved.kept}."
        self._tell(f"Saved “{routine.title}”.{kept if saved.kept else ''}")
        return True

    def _write(self, routine: Routine, opened: Entry | None, replace_changes: bool) -> Saved | None:
        """The model saves it; None (and the problem shown) when it cannot.
        RoutineChangedError goes to the caller, which asks."""
        self._clear_problem()
        try:
            with self._notices():
                return self.model.save_routine(routine, opened, replace_changes)
        except RoutineError as exc:
            self._show_problem(problem_text(exc, routine), exc)
        except RoutineChangedError:
            raise
        except LibraryError as exc:
            self._show_problem(str(exc), None)
        return None

    def _ask_about_changed_file(self, opened: Entry | None, changed: RoutineChangedError) -> int:
        """Keep my edits (Save), reload the file (Discard), or Cancel (the default, and Esc)."""
        title = opened.title if opened is not None else self.title_edit.text().strip()
        keep = (
            "Keep my edits saves what is shown here as a new file."
            if changed.gone
            else "Keep my edits saves what is shown here over it; a copy of the file as it is now is kept beside it."
        )
        box = self._question(
            QMessageBox.Icon.Warning,
            "Changed in its file",
            f"“{title}” was changed in its file since you opened it here.",
            f"In {changed.path}: {changed.what}.\n\n{keep}\n"
            "Reload the file shows the file as it is now; your changes here are dropped.",
            "fileChangedQuestion",
            QMessageBox.StandardButton.Cancel,
            ("&Keep my edits", "&Reload the file"),  # Alt+K, Alt+R; Esc is Cancel
        )
        reload_button = box.button(QMessageBox.StandardButton.Discard)
        if reload_button is not None:  # Discard's own icon is a bin: nothing is thrown away on disk
            reload_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        answer = box.exec()
        box.deleteLater()
        return answer

    def _question(
        self,
        icon: QMessageBox.Icon,
        title: str,
        text: str,
        more: str,
        name: str,
        default: QMessageBox.StandardButton,
        save_and_discard: tuple[str, str],
    ) -> QMessageBox:
        """A Save / Discard / Cancel question with words of its own on the first
        two; its text is plain (a routine's title may come from a received file)."""
        box = QMessageBox(
            icon,
            title,
            text,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName(name)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(more)
        box.setDefaultButton(default)
        for which, words in zip(
            (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard), save_and_discard, strict=True
        ):
            button = box.button(which)
            if button is not None:
                button.setText(words)
        return box

    def _reload(self, path: Path) -> None:
        """Show the routine as its file is now (or, gone, the routine in use)."""
        self._new = False
        self._entries = self.model.routines()
        entry = next((e for e in self._entries if e.path == path), None)
        shown = entry.id if entry is not None else self.model.routine.id
        self._fill_list(shown)
        self._open(shown)
        if entry is None:
            self._tell(f"{path} is gone; your changes were not saved.")
        else:
            self._tell(f"Showing “{entry.title}” as its file is now; your changes were not saved.")

    def _show_problem(self, text: str, error: RoutineError | None) -> None:
        self._tell("")
        self.problem.setText(f"Not saved — {text}")
        self.problem.show()
        field: QWidget = self.title_edit
        if error is not None and error.number is not None and 1 <= error.number <= len(self._drafts):
            self.steps_list.setCurrentRow(error.number - 1)
            field = self._field_for(error.key)
        elif error is not None and error.key not in (None, "title"):
            field = self.steps_list
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.setAccessibleDescription(text)
        self._announce(f"Not saved. {text}")

    def _field_for(self, key: str | None) -> QWidget:
        kind = self._kind()
        seconds = {StepKind.TIMED: self.seconds, StepKind.PER_SIDE: self.left}.get(kind, self.reps)
        fields: dict[str | None, QWidget] = {
            "id": self.step_title,
            "title": self.step_title,
            "timing": self.kind,
            "sides": self.kind,
            "seconds": seconds,
            "reps": self.reps,
            "tempo": self.up,
            "sets": self.sets,
            "rest": self.rest,
            "say": self.say,
        }
        return fields.get(key, self.instructions)

    def _clear_problem(self) -> None:
        self.problem.hide()
        self.problem.clear()
        for field in (self.title_edit, self.steps_list, *self.step_box.findChildren(QWidget)):
            if field.accessibleDescription():
                field.setAccessibleDescription("")

    # Leaving -------------------------------------------------------------------------

    def _may_leave(self) -> bool:
        """Unsaved changes: Save (and go on only if that worked), Discard, or stay."""
        if not self.has_unsaved_changes():
            return True
        title = self.title_edit.text().strip()
        question = f"Save your changes to “{title}”?"
        if self._new:
            question = f"Save the new routine “{title}”?" if title else "Save the new routine?"
        box = self._question(
            QMessageBox.Icon.Question,
            "Unsaved changes",
            question,
            "Discard leaves it unsaved: it is not kept."
            if self._new
            else "Discard leaves the saved routine as it was.",
            "unsavedQuestion",
            QMessageBox.StandardButton.Save,
            ("&Save", "&Discard"),  # Alt+S, Alt+D; Esc is Cancel
        )
        answer = box.exec()
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self._discard()
            return True
        return False

    def _discard(self) -> None:
        if self._new:
            self._new = False
            self._original = None
            self._drafts = []
        elif self._original is not None:
            self._load(self._original, step=max(0, self._step))

    def reject(self) -> None:
        """Esc, Close and the window's close button: unsaved changes are asked about."""
        if self._may_leave():
            super().reject()

    # Telling the person ------------------------------------------------------------

    def _tell(self, text: str) -> None:
        """A line under the dialog, with what the model said meanwhile (no speech engine, say)."""
        said, self._heard = self._heard, []
        self.status.setText(" ".join([text, *said]))

    def _announce(self, text: str) -> None:
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, text))

    def done(self, result: int) -> None:
        self.model.notice.disconnect(self.hear)
        super().done(result)

    def hear(self, text: str) -> None:
        """A notice of the model while the dialog is open: said with the outcome of
        the command that caused it, or, when it comes later (spoken lines being
        prepared in the background), on the status line at once. The window's own
        status bar says it too, but this dialog covers it."""
        if self._in_command:
            self._heard.append(text)
        else:
            self.status.setText(text)

    @contextmanager
    def _notices(self) -> Iterator[None]:
        """Gather what the model says while it does what was asked, for ``_tell``."""
        self._in_command = True
        try:
            yield
        finally:
            self._in_command = False
