"""The library in the routine editor: the routines listed (the built-in one
first, then the person's own, then files that cannot be used), the buttons for
what can be done with the chosen one, the undo of a delete; and the page that
shows a routine that is not edited (the built-in one, a broken file)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from footdesk.i18n import _
from footdesk.library import Entry
from footdesk.report import step_timing
from footdesk.ui.step_list import command_button
from footdesk.ui.theme import PlainLabel, dimmed_text, named


class RoutineList(QWidget):
    chosen = Signal(str)
    """The person chose a routine in the list (its id)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = PlainLabel(_("Your routines"))
        self.list = named(QListWidget(), "routineList")
        self.list.setAccessibleName(_("Routines"))
        self.list.setMinimumHeight(90)
        self.list.setWordWrap(True)  # long titles wrap instead of scrolling sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        label.setBuddy(self.list)
        self._make_buttons()
        self.undo_label = named(PlainLabel(), "undoLabel")
        self.undo_label.setWordWrap(True)
        self.undo_button = command_button(_("Und&o"), "undoDelete", _("Bring the deleted routine back"))
        self.undo_box = named(QWidget(), "undoBox")
        undo_row = QHBoxLayout(self.undo_box)
        undo_row.setContentsMargins(0, 0, 0, 0)
        undo_row.addWidget(self.undo_label, 1)
        undo_row.addWidget(self.undo_button)
        self.undo_box.hide()
        self._lay_out(label)

    def _make_buttons(self) -> None:
        """What can be done with the chosen routine."""
        self.new_button = command_button(
            # TRANSLATORS: the routines' buttons: & marks the Alt key of each; keep them different from each other
            _("&New"),
            "newRoutine",
            _("A new routine of your own, with one step to fill in"),
        )
        self.duplicate_button = command_button(
            _("&Duplicate"), "duplicateRoutine", _("A copy of this routine to change")
        )
        self.rename_button = command_button(_("Rena&me…"), "renameRoutine", _("Give this routine another title"))
        self.delete_button = command_button(_("De&lete"), "deleteRoutine", _("Delete this routine (you can undo it)"))
        self.import_button = command_button(
            _("&Import…"),
            "importRoutine",
            _("Add a routine someone gave you: a routine file, or a .zip with its pictures"),
        )
        self.export_button = command_button(
            _("E&xport…"), "exportRoutine", _("Save this routine as a file to share (a .zip carries its pictures)")
        )
        self.card_button = command_button(
            _("Print card…"),
            "printCard",
            _(
                "Save this routine's programme card as a PDF to print: each step with its pictures, instructions "
                "and times"
            ),
        )
        self.use_button = command_button(_("&Use this routine"), "useRoutine", _("Start runs this routine from now on"))

    def _lay_out(self, label: PlainLabel) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label)
        column.addWidget(self.list, 1)
        for left, right in (
            (self.new_button, self.duplicate_button),
            (self.rename_button, self.delete_button),
            (self.import_button, self.export_button),
        ):
            row = QHBoxLayout()
            row.addWidget(left)
            row.addWidget(right)
            column.addLayout(row)
        column.addWidget(self.card_button)
        column.addWidget(self.use_button)
        column.addWidget(self.undo_box)
        self.undo_label.setStyleSheet(f"color: {dimmed_text(self).name()};")
        self.list.currentRowChanged.connect(self._row_changed)

    def tab_chain(self) -> list[QWidget]:
        return [self.list, self.new_button, self.duplicate_button, self.rename_button, self.delete_button,
                self.import_button, self.export_button, self.card_button, self.use_button,
                self.undo_button]  # fmt: skip

    def fill(self, entries: Sequence[Entry], in_use: str, select: str | None, new_row: bool) -> None:
        """List these routines, ``select`` chosen, or (``new_row``) a last row for
        a new routine not saved yet, chosen. Choosing here tells no one."""
        self.list.blockSignals(True)
        self.list.clear()
        row_to_select = 0
        for row, entry in enumerate(entries):
            self.list.addItem(_item(entry, entry.usable and entry.id == in_use))
            if entry.id == select:
                row_to_select = row
        if new_row:
            self.list.addItem(QListWidgetItem(_("New routine (not saved yet)")))
            row_to_select = self.list.count() - 1
        self.list.setCurrentRow(row_to_select)
        self.list.blockSignals(False)

    def select(self, entry_id: str | None) -> None:
        """Choose a row without acting on it (None: the new routine's row)."""
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == entry_id:
                self.list.setCurrentRow(row)
        self.list.blockSignals(False)

    def enable(self, entry: Entry | None, in_use: str) -> None:
        """The buttons for the routine shown (None: a new one, not saved yet)."""
        own = entry is not None and not entry.builtin
        usable = entry is not None and entry.usable
        self.duplicate_button.setEnabled(usable)
        self.rename_button.setEnabled(own and usable)
        self.delete_button.setEnabled(own)
        self.export_button.setEnabled(entry is not None)
        self.card_button.setEnabled(usable)
        self.use_button.setEnabled(usable and entry is not None and entry.id != in_use)

    def show_undo(self, text: str) -> None:
        self.undo_label.setText(text)
        self.undo_box.show()
        self.undo_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _row_changed(self, row: int) -> None:
        item = self.list.item(row) if row >= 0 else None
        entry_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if entry_id is not None:
            self.chosen.emit(entry_id)


def _item(entry: Entry, in_use: bool) -> QListWidgetItem:
    words: list[str] = []
    if entry.builtin:
        # TRANSLATORS: said of a routine in the list, in brackets after its title with the others: "(built-in, in use)"
        words.append(_("built-in"))
    if not entry.usable:
        words.append(_("cannot be used"))
    if in_use:
        words.append(_("in use"))
    # TRANSLATORS: a routine in the list: {title} its title, {notes} "built-in, in use"
    text = _("{title} ({notes})").format(title=entry.title, notes=", ".join(words)) if words else entry.title
    item = QListWidgetItem(("✓ " if in_use else "") + text)
    item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
    item.setData(Qt.ItemDataRole.UserRole, entry.id)
    if entry.error is not None:
        item.setToolTip(str(entry.error))
    return item


class RoutineInfo(QWidget):
    """A routine shown, not edited: the built-in one, or a file that cannot be used (with why)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("infoPage")
        self.heading = named(PlainLabel(), "routineInfoTitle")
        self.heading.setWordWrap(True)
        title_font = self.heading.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.heading.setFont(title_font)
        self.info = named(PlainLabel(), "routineInfo")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.info)
        column.addStretch(1)

    def show_entry(self, entry: Entry) -> None:
        self.heading.setText(entry.title)
        if entry.routine is None:
            self.info.setText(
                _(
                    "This file cannot be used:\n{error}\n\n"
                    "footdesk leaves it as it is. Fix it in a text editor, or delete it here."
                ).format(error=entry.error)
            )
            return
        steps = "\n".join(
            # TRANSLATORS: a step of the built-in routine: "1. Calf stretch — 1:00 each foot"
            _("{number}. {step} — {timing}").format(number=number, step=step.title, timing=step_timing(step))
            for number, step in enumerate(entry.routine.steps, 1)
        )
        self.info.setText(
            _(
                "This is footdesk's built-in routine: it cannot be changed (its times are set in Settings). Duplicate "
                "it to make your own.\n\n{steps}"
            ).format(steps=steps)
        )
