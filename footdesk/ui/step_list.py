"""The steps of a routine being edited, one line each (number, title, timing),
with the buttons that add, remove and move the chosen step."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from footdesk.i18n import _
from footdesk.ui.theme import FlowLayout, PlainLabel, named


def command_button(text: str, name: str, tip: str) -> QPushButton:
    button = named(QPushButton(text), name)
    button.setToolTip(tip)
    button.setAutoDefault(False)  # Enter in a field must not press whichever button had the focus
    return button


class StepList(QWidget):
    chosen = Signal(int)
    """The person chose another step (its row; -1 for none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        # TRANSLATORS: & marks the letter Alt presses; choose one no other control of the dialog uses
        self.label = PlainLabel(_("Ste&ps"))
        self.list = named(QListWidget(), "stepsList")
        self.list.setAccessibleName(_("Steps"))
        self.list.setMinimumHeight(110)
        self.label.setBuddy(self.list)
        self.add_button = command_button(_("&Add step"), "addStep", _("A new step after the chosen one"))
        self.remove_button = command_button(_("&Remove step"), "removeStep", _("Take the chosen step out"))
        self.up_button = command_button(_("Mo&ve up"), "moveStepUp", _("Do the chosen step earlier"))
        self.down_button = command_button(_("Move do&wn"), "moveStepDown", _("Do the chosen step later"))
        buttons = FlowLayout()  # wraps onto two lines rather than widen the dialog (large fonts)
        for button in self.buttons():
            buttons.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.label)
        column.addWidget(self.list)
        column.addLayout(buttons)
        self.list.currentRowChanged.connect(self._row_changed)

    def buttons(self) -> list[QPushButton]:
        return [self.add_button, self.remove_button, self.up_button, self.down_button]

    def fill(self, lines: Sequence[str], select: int) -> None:
        """Show these steps, ``select`` chosen (without telling: the caller shows it)."""
        self._filling = True
        self.list.clear()
        for line in lines:
            self.list.addItem(QListWidgetItem(line))
        self.list.setCurrentRow(select)
        self._filling = False

    def set_line(self, row: int, line: str) -> None:
        item = self.list.item(row)
        if item is not None:
            item.setText(line)

    def enable(self, chosen: int, count: int, can_add: bool) -> None:
        self.add_button.setEnabled(can_add)
        self.remove_button.setEnabled(count > 1 and chosen >= 0)
        self.up_button.setEnabled(chosen > 0)
        self.down_button.setEnabled(0 <= chosen < count - 1)

    def focus_after_move(self, by: int) -> None:
        """The focus stays on the button pressed, so it can be pressed again; at an end, on the list."""
        button = self.up_button if by < 0 else self.down_button
        (button if button.isEnabled() else self.list).setFocus(Qt.FocusReason.OtherFocusReason)

    def _row_changed(self, row: int) -> None:
        if not self._filling:
            self.chosen.emit(row)
