"""The settings dialog: durations as minutes:seconds, the session's pacing and sound.

The dialog only edits a Settings value; loading, checking and saving belong to
footdesk.settings, and applying them to the app to the main window.
"""

from __future__ import annotations

from dataclasses import replace

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
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from footdesk.routine import Routine
from footdesk.settings import DURATION_RANGE, FIELDS, Settings
from footdesk.timefmt import clock_text, could_become_duration, parse_duration
from footdesk.ui.theme import dialog_scroll, fit_dialog_to_screen

_SPECS = {spec.attribute: spec for spec in FIELDS}


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
    preview_requested = Signal(int)
    """The person wants to hear a cue at this volume (percent)."""

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

        self.duration_edits: dict[str, DurationEdit] = {}
        durations = QFormLayout()
        for step in routine.steps:
            if not step.timed:
                continue
            edit = DurationEdit()
            edit.setObjectName(f"duration-{step.id}")
            label = f"{step.title}{' (each foot)' if step.sides else ''}"
            edit.setAccessibleName(label)
            durations.addRow(label, edit)
            self.duration_edits[step.id] = edit
        durations_box = QGroupBox("Durations (minutes:seconds)")
        durations_box.setLayout(durations)

        self.get_ready = QSpinBox(objectName="getReady")
        spec = _SPECS["get_ready"]
        self.get_ready.setRange(spec.low or 0, spec.high or 30)
        self.get_ready.setSuffix(" s")
        self.get_ready.setSpecialValueText("Off")
        self.get_ready.setAccessibleName("Get-ready countdown")
        self.auto_advance = QCheckBox("Start each timed part by itself (auto-advance)", objectName="autoAdvance")
        pacing = QFormLayout()
        pacing.addRow("Get-ready countdown", self.get_ready)
        pacing.addRow(self.auto_advance)
        pacing_box = QGroupBox("Pacing")
        pacing_box.setLayout(pacing)

        self.sound_enabled = QCheckBox("Sound cues", objectName="soundEnabled")
        self.volume = QSlider(Qt.Orientation.Horizontal, objectName="volume")
        self.volume.setRange(0, 100)
        self.volume.setPageStep(10)
        self.volume.setAccessibleName("Volume")
        self.volume_label = QLabel(objectName="volumeLabel")
        self.volume_label.setMinimumWidth(48)
        self.volume.valueChanged.connect(lambda value: self.volume_label.setText(f"{value} %"))
        self.preview_button = QPushButton("Test sound", objectName="previewButton")
        self.preview_button.clicked.connect(lambda: self.preview_requested.emit(self.volume.value()))
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.volume_label)
        volume_row.addWidget(self.preview_button)
        self.voice = QCheckBox("Spoken prompts", objectName="voice")
        self.tempo = QSpinBox(objectName="tempo")
        spec = _SPECS["tempo"]
        self.tempo.setRange(0, spec.high or 10)
        self.tempo.setSuffix(" s per raise")
        self.tempo.setSpecialValueText("Off")
        self.tempo.setAccessibleName("Heel-raise tempo")
        self._last_tempo = 0
        self.tempo.valueChanged.connect(self._skip_invalid_tempo)
        sound = QFormLayout()
        sound.addRow(self.sound_enabled)
        sound.addRow("Volume", volume_row)
        sound.addRow(self.voice)
        sound.addRow("Heel-raise tempo tick", self.tempo)
        sound_box = QGroupBox("Sound")
        sound_box.setLayout(sound)
        self.sound_enabled.toggled.connect(self._enable_sound_controls)

        self.reminder_on = QCheckBox("Remind me every day at", objectName="reminderOn")
        self.reminder_time = QTimeEdit(objectName="reminderTime")
        self.reminder_time.setDisplayFormat("HH:mm")
        self.reminder_time.setAccessibleName("Reminder time")
        self.reminder_on.toggled.connect(self.reminder_time.setEnabled)
        reminder_row = QHBoxLayout()
        reminder_row.addWidget(self.reminder_on)
        reminder_row.addWidget(self.reminder_time)
        reminder_row.addStretch(1)
        if tray_available:
            where = (
                "footdesk stays in the system tray when you close its window, and shows a notification at that "
                "time unless you have already done the routine that day. Quit it from the tray or with Ctrl+Q."
            )
        else:
            where = (
                "This desktop has no system tray, so the reminder comes only while the footdesk window is open; "
                "closing the window quits footdesk as usual."
            )
        self.reminder_note = QLabel(where, objectName="reminderNote")
        self.reminder_note.setWordWrap(True)
        self._login_start_at_open = login_start
        self.login_start = QCheckBox("Start footdesk in the tray when I log in", objectName="loginStart")
        self.login_start.setToolTip("So the reminder still comes after you restart the computer")
        self._offer_login_start = login_start is not None and tray_available
        self.login_start.setVisible(self._offer_login_start)
        self.reminder_on.toggled.connect(self._follow_reminder)
        reminder = QVBoxLayout()
        reminder.addLayout(reminder_row)
        reminder.addWidget(self.reminder_note)
        reminder.addWidget(self.login_start)
        reminder_box = QGroupBox("Daily reminder")
        reminder_box.setLayout(reminder)

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

        # the groups scroll when the screen is too short for them (a laptop
        # with large fonts); Save and Cancel always stay in view
        self.form = QWidget(objectName="settingsForm")
        groups = QVBoxLayout(self.form)
        groups.setContentsMargins(0, 0, 0, 0)
        for box in (durations_box, pacing_box, sound_box, reminder_box):
            groups.addWidget(box)
        groups.addStretch(1)
        self.scroller = dialog_scroll(self.form, "settingsScroll")
        root = QVBoxLayout(self)
        root.addWidget(self.scroller, 1)
        root.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.show_settings(settings)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_dialog_to_screen(self, self.scroller)

    def show_settings(self, settings: Settings) -> None:
        for step_id, edit in self.duration_edits.items():
            edit.set_seconds(settings.durations.get(step_id, self._defaults.durations.get(step_id, 60)))
        self.get_ready.setValue(settings.get_ready)
        self.auto_advance.setChecked(settings.auto_advance)
        self.sound_enabled.setChecked(settings.sound_enabled)
        self.volume.setValue(settings.volume)
        self.volume_label.setText(f"{settings.volume} %")
        self.voice.setChecked(settings.voice)
        self.tempo.setValue(settings.tempo)
        self._enable_sound_controls(settings.sound_enabled)
        at = settings.reminder_at
        self.reminder_on.setChecked(at is not None)
        self.reminder_time.setTime(QTime(at.hour, at.minute) if at else QTime(18, 0))
        self.reminder_time.setEnabled(at is not None)
        if settings is self._defaults:
            self.login_start.setChecked(False)
        elif settings is self._original:
            self.login_start.setChecked(bool(self._login_start_at_open))
        self._follow_reminder(at is not None)

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
        durations of steps it does not show are kept)."""
        durations = dict(self._original.durations)
        durations.update({step_id: edit.seconds() for step_id, edit in self.duration_edits.items()})
        return replace(
            self._original,
            durations=durations,
            get_ready=self.get_ready.value(),
            auto_advance=self.auto_advance.isChecked(),
            sound_enabled=self.sound_enabled.isChecked(),
            volume=self.volume.value(),
            voice=self.voice.isChecked(),
            tempo=self.tempo.value(),
            reminder_time=self._chosen_reminder_time(),
        )

    def _chosen_reminder_time(self) -> str:
        if not self.reminder_on.isChecked():
            return ""
        chosen = self.reminder_time.time()
        at = self._original.reminder_at
        if at is not None and (at.hour, at.minute) == (chosen.hour(), chosen.minute()):
            return self._original.reminder_time  # "7:05" and "07:05" are the same: nothing to save
        return chosen.toString("HH:mm")

    def _enable_sound_controls(self, enabled: bool) -> None:
        for widget in (self.volume, self.preview_button, self.voice, self.tempo):
            widget.setEnabled(enabled)

    def _skip_invalid_tempo(self, value: int) -> None:
        """Tempo is Off (0) or at least its minimum: a step from Off lands on the
        minimum, a step down from the minimum lands on Off."""
        low = _SPECS["tempo"].low or 0
        if 0 < value < low:
            value = low if self._last_tempo < value else 0
            self.tempo.setValue(value)
        self._last_tempo = value
