"""The settings dialog: durations as minutes:seconds, the session's pacing and sound.

The dialog only edits a Settings value; loading, checking and saving belong to
footdesk.settings, and applying them to the app to the main window.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QShowEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSlider,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from footdesk.routine import Routine
from footdesk.settings import DURATION_RANGE, FIELD_BY_ATTRIBUTE, FIELDS, SECTIONS, Field, Settings
from footdesk.timefmt import clock_text, could_become_duration, parse_duration
from footdesk.ui.theme import PlainLabel, dialog_scroll, fit_dialog_to_screen, named


class DurationEdit(QSpinBox):
    """Minutes and seconds: shown as m:ss, typed as "1:30" (or "90" seconds),
    stepped by 5 s with the arrow keys and by a minute with Page Up / Down.
    (Qt's QTimeEdit types into one section at a time, so "1:30" typed over
    "2:00" came out as 2:30.)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        low, high = DURATION_RANGE
        self.setRange(low, high)
        self.setSingleStep(5)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setKeyboardTracking(False)  # "45" on the way to "45:00" is not a value yet
        self.setToolTip("Minutes:seconds, e.g. 1:30. ↑ ↓ change by 5 seconds, Page Up / Down by a minute.")

    def seconds(self) -> int:
        return self.value()

    def set_seconds(self, seconds: int) -> None:
        self.setValue(seconds)

    def textFromValue(self, value: int) -> str:  # noqa: N802 - Qt's name
        return clock_text(value)

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt's name
        parsed = parse_duration(text)
        return self.value() if parsed is None else parsed

    def validate(self, text: str, position: int) -> tuple[QValidator.State, str, int]:
        parsed = parse_duration(text)
        if parsed is not None and self.minimum() <= parsed <= self.maximum():
            return QValidator.State.Acceptable, text, position
        if could_become_duration(text):
            return QValidator.State.Intermediate, text, position
        return QValidator.State.Invalid, text, position

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        # Page Up / Down arrive as steps of 10 single steps: make those a minute
        super().stepBy(steps * 12 // 10 if abs(steps) >= 10 else steps)


class SettingsDialog(QDialog):
    """One group per settings section and one row per field, all made from
    ``footdesk.settings.SECTIONS`` and ``FIELDS``: a new setting needs no
    change here unless it wants a control of its own."""

    preview_requested = Signal(int)
    """The person wants to hear a cue at this volume (percent)."""

    # made from the table in _add_field; named here for the code that needs one in particular
    sound_enabled: QCheckBox
    volume: QSlider
    reminder_on: QCheckBox
    reminder_time: QTimeEdit

    def __init__(
        self,
        settings: Settings,
        defaults: Settings,
        routine: Routine,
        parent: QWidget | None = None,
        tray_available: bool = True,
        login_start: bool | None = None,
    ) -> None:
        """``login_start`` is whether footdesk starts at login now, or None
        where footdesk cannot arrange that (then the choice is not offered)."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self._defaults = defaults
        self._original = settings
        self._tray_available = tray_available
        self._login_start_at_open = login_start
        self._offer_login_start = login_start is not None and tray_available
        self.controls: dict[str, QWidget] = {}
        """The control of each field in the dialog, by Settings attribute."""
        self._last_off_values: dict[str, int] = {}

        self.duration_edits: dict[str, DurationEdit] = {}
        self.form = named(QWidget(), "settingsForm")
        groups = QVBoxLayout(self.form)
        groups.setContentsMargins(0, 0, 0, 0)
        for section in SECTIONS:
            form = QFormLayout()
            if section.key == "durations":
                self._add_durations(form, routine)
            for spec in FIELDS:
                if spec.section == section.key and spec.in_dialog:
                    self._add_field(form, spec)
            if section.key == "reminder":
                self._add_reminder_extras(form)
            if form.rowCount():
                box = named(QGroupBox(section.title), f"section-{section.key}")
                box.setLayout(form)
                groups.addWidget(box)
        groups.addStretch(1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.show_settings(self._defaults)
        )
        self.sound_enabled.toggled.connect(self._enable_sound_controls)
        self.reminder_on.toggled.connect(self.reminder_time.setEnabled)
        self.reminder_on.toggled.connect(self._follow_reminder)

        # the groups scroll when the screen is too short for them (a laptop
        # with large fonts); Save and Cancel always stay in view
        self.scroller = dialog_scroll(self.form, "settingsScroll")
        root = QVBoxLayout(self)
        root.addWidget(self.scroller, 1)
        root.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.show_settings(settings)

    # Building the rows from the table -------------------------------------------

    def _add_durations(self, form: QFormLayout, routine: Routine) -> None:
        for step in routine.steps:
            if not step.timed:
                continue
            edit = DurationEdit()
            edit.setObjectName(f"duration-{step.id}")
            label = f"{step.title}{' (each foot)' if step.sides else ''}"
            edit.setAccessibleName(label)
            form.addRow(label, edit)
            self.duration_edits[step.id] = edit

    def _add_field(self, form: QFormLayout, spec: Field) -> None:
        name = _camel(spec.attribute)
        control: QWidget
        if spec.kind is bool:
            control = named(QCheckBox(spec.label), name)
            form.addRow(control)
        elif spec.kind is str:  # a time of day, or off
            self.reminder_on = named(QCheckBox(spec.label), "reminderOn")
            control = named(QTimeEdit(), "reminderTime")
            control.setDisplayFormat("HH:mm")
            control.setAccessibleName("Reminder time")
            row = QHBoxLayout()
            row.addWidget(self.reminder_on)
            row.addWidget(control)
            row.addStretch(1)
            form.addRow(row)
        elif spec.control == "slider":
            control = named(QSlider(Qt.Orientation.Horizontal), name)
            control.setRange(spec.low or 0, spec.high or 100)
            control.setPageStep(10)
            control.setAccessibleName(spec.label)
            shown = named(PlainLabel(), f"{name}Label")
            shown.setMinimumWidth(48)
            control.valueChanged.connect(lambda value, label=shown, unit=spec.unit: label.setText(f"{value}{unit}"))
            row = QHBoxLayout()
            row.addWidget(control, 1)
            row.addWidget(shown)
            if spec.attribute == "volume":
                self.volume_label = shown
                self.preview_button = named(QPushButton("Test sound"), "previewButton")
                self.preview_button.clicked.connect(lambda: self.preview_requested.emit(self.volume.value()))
                row.addWidget(self.preview_button)
            form.addRow(spec.label, row)
        else:
            spin = named(QSpinBox(), name)
            spin.setRange(0 if spec.off_allowed else spec.low or 0, spec.high or 0)
            spin.setSuffix(spec.unit)
            if spec.off_allowed or spec.low == 0:
                spin.setSpecialValueText("Off")
            if spec.off_allowed and spec.low:
                spin.valueChanged.connect(lambda value, field=spec: self._skip_below_low(field, value))
            spin.setAccessibleName(spec.label)
            control = spin
            form.addRow(spec.label, control)
        if spec.help:
            control.setToolTip(spec.help)
        setattr(self, spec.attribute, control)
        self.controls[spec.attribute] = control

    def _add_reminder_extras(self, form: QFormLayout) -> None:
        if self._tray_available:
            where = (
                "footdesk stays in the system tray when you close its window, and shows a notification at that "
                "time unless you have already done the routine that day. Quit it from the tray or with Ctrl+Q."
            )
        else:
            where = (
                "This desktop has no system tray, so the reminder comes only while the footdesk window is open; "
                "closing the window quits footdesk as usual."
            )
        self.reminder_note = named(PlainLabel(where), "reminderNote")
        self.reminder_note.setWordWrap(True)
        form.addRow(self.reminder_note)
        self.login_start = named(QCheckBox("Start footdesk in the tray when I log in"), "loginStart")
        self.login_start.setToolTip("So the reminder still comes after you restart the computer")
        self.login_start.setVisible(self._offer_login_start)
        form.addRow(self.login_start)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_dialog_to_screen(self, self.scroller)
        # the first thing typed goes into the first field, not nowhere
        first = next(iter(self.duration_edits.values()), None) or next(iter(self.controls.values()))
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_settings(self, settings: Settings) -> None:
        for step_id, edit in self.duration_edits.items():
            edit.set_seconds(settings.durations.get(step_id, self._defaults.durations.get(step_id, 60)))
        for attribute, control in self.controls.items():
            value = getattr(settings, attribute)
            if isinstance(control, QCheckBox):
                control.setChecked(value)
            elif isinstance(control, QTimeEdit):
                at = settings.reminder_at
                self.reminder_on.setChecked(at is not None)
                control.setTime(QTime(at.hour, at.minute) if at else QTime(18, 0))
                control.setEnabled(at is not None)
                self._follow_reminder(at is not None)
            elif isinstance(control, (QSpinBox, QSlider)):
                control.setValue(value)
                self._last_off_values[attribute] = value
        self.volume_label.setText(f"{settings.volume}{FIELD_BY_ATTRIBUTE['volume'].unit}")
        self._enable_sound_controls(settings.sound_enabled)
        if settings is self._defaults:
            self.login_start.setChecked(False)
        elif settings is self._original:
            self.login_start.setChecked(bool(self._login_start_at_open))

    def _follow_reminder(self, reminder_on: bool) -> None:
        """Starting at login is only for the reminder: without one it is off."""
        self.login_start.setEnabled(reminder_on)

    def chosen_login_start(self) -> bool | None:
        """Whether footdesk should start at login; None when not offered here."""
        if not self._offer_login_start:
            return None
        return self.reminder_on.isChecked() and self.login_start.isChecked()

    def chosen_settings(self) -> Settings:
        """What the dialog shows, on top of the settings it was opened with (so
        durations of steps it does not show, and file-only settings, are kept)."""
        durations = dict(self._original.durations)
        durations.update({step_id: edit.seconds() for step_id, edit in self.duration_edits.items()})
        values: dict[str, Any] = {}
        for attribute, control in self.controls.items():
            if isinstance(control, QCheckBox):
                values[attribute] = control.isChecked()
            elif isinstance(control, QTimeEdit):
                values[attribute] = self._chosen_reminder_time()
            elif isinstance(control, (QSpinBox, QSlider)):
                values[attribute] = control.value()
        return replace(self._original, durations=durations, **values)

    def _chosen_reminder_time(self) -> str:
        if not self.reminder_on.isChecked():
            return ""
        chosen = self.reminder_time.time()
        at = self._original.reminder_at
        if at is not None and (at.hour, at.minute) == (chosen.hour(), chosen.minute()):
            return self._original.reminder_time  # "7:05" and "07:05" are the same: nothing to save
        return chosen.toString("HH:mm")

    def _enable_sound_controls(self, enabled: bool) -> None:
        for attribute, control in self.controls.items():
            if FIELD_BY_ATTRIBUTE[attribute].section == "sound" and attribute != "sound_enabled":
                control.setEnabled(enabled)
        self.preview_button.setEnabled(enabled)

    def _skip_below_low(self, spec: Field, value: int) -> None:
        """A setting that is Off (0) or at least its minimum: a step from Off lands
        on the minimum, a step down from the minimum lands on Off."""
        low = spec.low or 0
        control = self.controls[spec.attribute]
        assert isinstance(control, QSpinBox)
        if 0 < value < low:
            value = low if self._last_off_values.get(spec.attribute, 0) < value else 0
            control.setValue(value)
        self._last_off_values[spec.attribute] = value


def _camel(attribute: str) -> str:
    """The object name tests and style sheets know a control by: get_ready → getReady."""
    first, *rest = attribute.split("_")
    return first + "".join(word.capitalize() for word in rest)
