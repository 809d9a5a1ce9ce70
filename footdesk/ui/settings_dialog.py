"""The settings dialog: durations as minutes:seconds, the session's pacing and sound.

The dialog only edits a Settings value; loading, checking and saving belong to
footdesk.settings, and applying them to the app to the main window. Every row
is made from the setting's kind (``footdesk.settings.FIELDS``): its ``editor``
says which control, its range and unit how to set it up, its ``extra`` what
goes beside it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import time as dt_time
from functools import partial
from typing import Any, cast

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import QShowEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from footdesk import paths
from footdesk.i18n import LANGUAGES, _, choose_language, current_language, language_of, p_
from footdesk.reminder import could_become_time_of_day, time_of_day_text, typed_time_of_day
from footdesk.routine import STEP_SECONDS, Routine
from footdesk.settings import FIELDS, SECTIONS, Count, Kind, Settings, SettingsProblem, StepSeconds, TimeOfDay
from footdesk.timefmt import clock_text, could_become_duration, duration_in_words, parse_duration
from footdesk.ui.theme import (
    PlainLabel,
    accent,
    dialog_scroll,
    fit_dialog_to_screen,
    named,
    quiet_combo,
    wheel_scrolls_the_page,
)


def unit_text(unit: str) -> str:
    """A setting's unit (" s", " days"), as footdesk.settings marks it, in the person's language;
    none stays none (``_("")`` would be the catalog's header)."""
    return _(unit) if unit else ""


class DurationEdit(QSpinBox):
    """Minutes and seconds: shown as m:ss, typed as "1:30" (or "90" seconds),
    stepped by 5 s with the arrow keys and by a minute with Page Up / Down.
    (Qt's QTimeEdit types into one section at a time, so "1:30" typed over
    "2:00" came out as 2:30.)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        low, high = STEP_SECONDS
        self.setRange(low, high)
        self.setSingleStep(5)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setKeyboardTracking(False)  # "45" on the way to "45:00" is not a value yet
        self.setToolTip(_("Minutes:seconds, e.g. 1:30. ↑ ↓ change by 5 seconds, Page Up / Down by a minute."))
        # a screen reader reads a spin box's number (120): the words say what it shows (2:00)
        self.valueChanged.connect(lambda value: self.setAccessibleDescription(duration_in_words(value)))
        self.setAccessibleDescription(duration_in_words(self.value()))

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


class TimeOfDayEdit(QSpinBox):
    """A time of day on the 24-hour clock, edited like every other field:
    Ctrl+A and typing "7:15" (or "0715") replaces it, ↑ ↓ change it by 5
    minutes, Page Up / Down by an hour, round midnight. (Qt's QTimeEdit typed
    into one section at a time: Ctrl+A and "7:15" over 18:00 came out 18:15.)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 24 * 60 - 1)  # minutes since midnight
        self.setSingleStep(5)
        self.setWrapping(True)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setKeyboardTracking(False)  # "1" on the way to "18:30" is not a time yet
        self.setToolTip(
            _("Hours:minutes on the 24-hour clock, e.g. 18:30. ↑ ↓ change by 5 minutes, Page Up / Down by an hour.")
        )
        # a screen reader reads a spin box's number (minutes since midnight): the time is said instead
        self.valueChanged.connect(lambda value: self.setAccessibleDescription(self.textFromValue(value)))
        self.setAccessibleDescription(self.textFromValue(self.value()))

    def time(self) -> QTime:
        self.interpretText()  # what is typed counts, even before Enter or Tab
        return QTime(self.value() // 60, self.value() % 60)

    def setTime(self, at: QTime) -> None:  # noqa: N802 - QTimeEdit's name, which this replaces
        self.setValue(at.hour() * 60 + at.minute())

    def textFromValue(self, value: int) -> str:  # noqa: N802 - Qt's name
        return time_of_day_text(dt_time(value // 60, value % 60))

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt's name
        at = typed_time_of_day(text)
        return self.value() if at is None else at.hour * 60 + at.minute

    def validate(self, text: str, position: int) -> tuple[QValidator.State, str, int]:
        if typed_time_of_day(text) is not None:
            return QValidator.State.Acceptable, text, position
        if could_become_time_of_day(text):
            return QValidator.State.Intermediate, text, position
        return QValidator.State.Invalid, text, position

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        # Page Up / Down arrive as steps of 10 single steps: make those an hour
        super().stepBy(steps * 12 // 10 if abs(steps) >= 10 else steps)


class _Editor:
    """One setting's row in the dialog: its control (made as the kind's
    ``editor`` says), the value shown and the value chosen. ``row`` is where
    the kind's ``extra`` goes beside the control."""

    def __init__(self, spec: Kind[Any]) -> None:
        self.spec = spec
        self.row = QHBoxLayout()
        self.switch: QCheckBox | None = None
        """The check box that turns this setting on and off, when it has one."""

    control: QWidget
    form: QFormLayout
    """The form the row is in (``placed``)."""

    def first_field(self) -> QWidget:
        """What the focus goes to when the dialog opens on this row."""
        return self.control

    def attributes(self) -> dict[str, QWidget]:
        """The dialog's attributes for this row's widgets (``dialog.volume``, ``dialog.reminder_on``)."""
        return {self.spec.attribute: self.control}

    def show(self, value: Any) -> None:
        raise NotImplementedError

    def chosen(self, original: Any) -> Any:
        """The value the person chose; ``original`` is the one the dialog opened with."""
        raise NotImplementedError

    def set_enabled(self, enabled: bool) -> None:
        for index in range(self.row.count()):
            item = self.row.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setEnabled(enabled)

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(_(self.spec.label), self.row)

    def placed(self, form: QFormLayout) -> None:
        """The form the row was added to (a mark goes below it)."""
        self.form = form

    def mark(self, problem: SettingsProblem) -> None:
        """The file's value was refused: the control shows the default in use, and
        a mark below its row says the line and what was wrong."""
        row, _role = cast(tuple[int, Any], self.form.getLayoutPosition(self.row))
        _put_mark(self.form, row, self.control, problem, self.spec.attribute)


def problem_text(problem: SettingsProblem) -> str:
    """A mark's words: where in the file, what was wrong there, what is used instead."""
    name = problem.path.name
    # TRANSLATORS: where in the settings file a value was refused: "settings.toml, line 12"
    where = _("{file}, line {line}").format(file=name, line=problem.line) if problem.line is not None else name
    # TRANSLATORS: {where} is "settings.toml, line 12"; {problem} what was wrong there
    return _("{where}: {problem}").format(where=where, problem=problem.message)


def _put_mark(form: QFormLayout, row: int, control: QWidget, problem: SettingsProblem, key: str) -> None:
    """A mark in its own row below ``row``, and the same words in the control's tooltip."""
    said = problem_text(problem)
    not_used = _("Not used from the file: {problem}").format(problem=said)
    mark = named(PlainLabel(f"⚠ {not_used}"), f"problem-{key}")
    mark.setWordWrap(True)
    mark.setStyleSheet(f"color: {accent(mark, 'get-ready').name()}; font-weight: bold;")
    form.insertRow(row + 1, mark)
    tip = control.toolTip()
    control.setToolTip(not_used + (f"\n\n{tip}" if tip else ""))
    control.setAccessibleDescription(not_used)


class _Check(_Editor):
    control: QCheckBox

    def __init__(self, spec: Kind[Any]) -> None:
        super().__init__(spec)
        self.control = self.switch = named(QCheckBox(_(spec.label)), _camel(spec.attribute))
        self.row.addWidget(self.control)
        self.row.addStretch(1)

    def show(self, value: Any) -> None:
        self.control.setChecked(value)

    def chosen(self, original: Any) -> Any:
        return self.control.isChecked()

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(self.row)


class _Spin(_Editor):
    """A whole number with its unit; "Off" at 0. A setting that is Off or at
    least its minimum steps from Off to the minimum and back."""

    control: QSpinBox

    def __init__(self, spec: Count) -> None:
        super().__init__(spec)
        self.count = spec
        self.control = spin = named(QSpinBox(), _camel(spec.attribute))
        spin.setRange(0 if spec.off_allowed else spec.low, spec.high)
        spin.setSuffix(unit_text(spec.unit))
        if spec.off_allowed or spec.low == 0:
            # TRANSLATORS: a setting's number at 0, turned off (a spin box's text)
            spin.setSpecialValueText(p_("setting", "Off"))
        spin.setAccessibleName(_(spec.label))
        self._last = 0
        spin.valueChanged.connect(self._skip_below_low)
        self.row.addWidget(spin)
        self.row.addStretch(1)

    def show(self, value: Any) -> None:
        self.control.setValue(value)
        self._last = value

    def chosen(self, original: Any) -> Any:
        return self.control.value()

    def _skip_below_low(self, value: int) -> None:
        if self.count.off_allowed and 0 < value < self.count.low:
            value = self.count.low if self._last < value else 0
            self.control.setValue(value)
        self._last = value


class _Slider(_Editor):
    """A slider with the value and its unit beside it."""

    control: QSlider

    def __init__(self, spec: Count) -> None:
        super().__init__(spec)
        name = _camel(spec.attribute)
        self.control = slider = named(QSlider(Qt.Orientation.Horizontal), name)
        slider.setRange(spec.low, spec.high)
        slider.setPageStep(10)
        slider.setAccessibleName(_(spec.label))
        self.shown = named(PlainLabel(), f"{name}Label")
        self.shown.setMinimumWidth(48)
        self.unit = unit_text(spec.unit)
        slider.valueChanged.connect(lambda value: self.shown.setText(f"{value}{self.unit}"))
        self.row.addWidget(slider, 1)
        self.row.addWidget(self.shown)

    def attributes(self) -> dict[str, QWidget]:
        return {**super().attributes(), f"{self.spec.attribute}_label": self.shown}

    def show(self, value: Any) -> None:
        self.control.setValue(value)
        self.shown.setText(f"{value}{self.unit}")

    def chosen(self, original: Any) -> Any:
        return self.control.value()


class _Time(_Editor):
    """A time of day behind a switch: off is "", on is "HH:MM". A kind with no
    switch is a time that is never off (a later reminder of the day)."""

    control: TimeOfDayEdit
    on: QCheckBox | None = None

    def __init__(self, spec: TimeOfDay) -> None:
        super().__init__(spec)
        self.time_of_day = spec
        self.control = edit = named(TimeOfDayEdit(), _camel(spec.attribute))
        edit.setAccessibleName(_(spec.time_label))
        if spec.switch:
            self.switch = self.on = named(QCheckBox(_(spec.label)), _camel(spec.switch))
            self.on.toggled.connect(edit.setEnabled)
            self.row.addWidget(self.on)
        self.row.addWidget(edit)
        self.row.addStretch(1)

    def add_to(self, form: QFormLayout) -> None:
        if self.on is None:
            super().add_to(form)
        else:
            form.addRow(self.row)

    def attributes(self) -> dict[str, QWidget]:
        if self.on is None:
            return super().attributes()
        return {**super().attributes(), self.time_of_day.switch: self.on}

    def show(self, value: Any) -> None:
        at = self.time_of_day.time_of(value)
        shown = at or self.time_of_day.shown_when_off
        self.control.setTime(QTime(shown.hour, shown.minute))
        if self.on is not None:
            self.on.setChecked(at is not None)
            self.control.setEnabled(at is not None)

    def chosen(self, original: Any) -> Any:
        if self.on is not None and not self.on.isChecked():
            return ""
        chosen = self.control.time()
        at = self.time_of_day.time_of(original)
        if at is not None and (at.hour, at.minute) == (chosen.hour(), chosen.minute()):
            return original  # "7:05" and "07:05" are the same: nothing to save
        return chosen.toString("HH:mm")


class _Durations(_Editor):
    """One minutes:seconds editor per timed step of the built-in routine (the
    one the settings' durations are for). When one of the person's own
    routines is chosen, a line at the top says its times are in its own file,
    with a button to edit it there."""

    def __init__(self, spec: StepSeconds, routine: Routine, own: Routine | None, edit: Callable[[str], None]) -> None:
        super().__init__(spec)
        self.routine = routine
        self.control = named(QWidget(), _camel(spec.attribute))
        self.inner = form = QFormLayout(self.control)
        form.setContentsMargins(0, 0, 0, 0)
        self.own_note: PlainLabel | None = None
        self.edit_own: QPushButton | None = None
        if own is not None:
            note = _("{routine} takes its times from its own file.").format(routine=own.title)
            self.own_note = named(PlainLabel(note), "ownRoutineNote")
            self.own_note.setWordWrap(True)
            # TRANSLATORS: a button: edit the routine (its title) in the routine editor
            edit_routine = _("Edit {routine}…").format(routine=own.title.replace("&", "&&"))
            self.edit_own = named(QPushButton(edit_routine), "editOwnRoutine")
            self.edit_own.setAccessibleName(_("Edit {routine}").format(routine=own.title))
            self.edit_own.clicked.connect(lambda: edit(own.id))
            form.addRow(self.own_note)
            form.addRow(self.edit_own)
        self.edits: dict[str, DurationEdit] = {}
        for step in routine.steps:
            if step.timed:
                # TRANSLATORS: a step's duration, the same for each foot: "Calf stretch (each foot)"
                label = _("{step} (each foot)").format(step=step.title) if step.sides else step.title
                duration = named(DurationEdit(), f"duration-{step.id}")
                duration.setRange(spec.low, spec.high)
                duration.setAccessibleName(label)
                form.addRow(label, duration)
                self.edits[step.id] = duration
        self.row.addWidget(self.control)

    def first_field(self) -> QWidget:
        """The first duration, not the box around them: a focus proxy made the
        box report the focus along with the duration, two focused objects to a
        screen reader."""
        return next(iter(self.edits.values()), self.control)

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(self.row)

    def mark(self, problem: SettingsProblem) -> None:
        """A step's duration beside its own editor; anything else (the section) below them all."""
        step_id = (problem.key or "").partition(".")[2]
        edit = self.edits.get(step_id)
        if edit is None:
            super().mark(problem)
            return
        row, _role = cast(tuple[int, Any], self.inner.getWidgetPosition(edit))
        _put_mark(self.inner, row, edit, problem, step_id)

    def show(self, value: Any) -> None:
        own_seconds = self.routine.durations()
        for step_id, edit in self.edits.items():
            edit.set_seconds(value.get(step_id, own_seconds[step_id]))

    def chosen(self, original: Any) -> Any:
        return {**original, **{step_id: edit.seconds() for step_id, edit in self.edits.items()}}


class _Folder(_Editor):
    """A folder's path (empty: footdesk's own, shown greyed as the placeholder) and Choose…."""

    control: QLineEdit

    def __init__(self, spec: Kind[Any], choose: Callable[[QWidget, str, str], str]) -> None:
        super().__init__(spec)
        self.control = named(QLineEdit(), _camel(spec.attribute))
        self.control.setPlaceholderText(str(paths.default_backups_dir()))
        self.control.setAccessibleName(_(spec.label))
        self.choose_button = named(QPushButton(_("Choose…")), f"{_camel(spec.attribute)}Choose")
        self.choose_button.clicked.connect(lambda: self._choose(choose))
        self.row.addWidget(self.control, 1)
        self.row.addWidget(self.choose_button)

    def _choose(self, choose: Callable[[QWidget, str, str], str]) -> None:
        chosen = choose(self.control, _(self.spec.label), self.control.text() or self.control.placeholderText())
        if chosen:
            self.control.setText(chosen)

    def attributes(self) -> dict[str, QWidget]:
        return {self.spec.attribute: self.control, f"{self.spec.attribute}_choose": self.choose_button}

    def show(self, value: Any) -> None:
        self.control.setText(value)

    def chosen(self, original: Any) -> Any:
        text = self.control.text().strip()
        return text if not text or os.path.isabs(text) else original


class _Language(_Editor):
    """The system's language (named, so the person sees what it is) or one footdesk
    ships, each in its own name; a line under it says when the choice takes effect."""

    control: QComboBox

    def __init__(self, spec: Kind[Any]) -> None:
        super().__init__(spec)
        self.control = combo = named(QComboBox(), _camel(spec.attribute))
        combo.setAccessibleName(_(spec.label))
        system = language_of(choose_language(""))
        # TRANSLATORS: the first choice of Settings → Language; {language} is the system's, in its own name
        combo.addItem(_("The system's ({language})").format(language=system.name), "")
        for language in LANGUAGES:
            combo.addItem(language.name, language.code)
        quiet_combo(combo)  # its closed list reports no item focused
        self.later = named(PlainLabel(""), "languageLater")
        self.later.setWordWrap(True)
        self.later.hide()
        combo.currentIndexChanged.connect(self._say_when)
        self.row.addWidget(combo)
        self.row.addStretch(1)

    def placed(self, form: QFormLayout) -> None:
        super().placed(form)
        form.addRow(self.later)

    def _say_when(self) -> None:
        chosen = language_of(choose_language(self.control.currentData() or ""))
        if chosen.code == current_language().code:
            self.later.hide()
            return
        # TRANSLATORS: under Settings → Language once another is chosen; {language} in its own name
        self.later.setText(_("footdesk speaks {language} from its next start.").format(language=chosen.name))
        self.later.show()
        scroller = self.later.parentWidget()
        while scroller is not None and not isinstance(scroller, QScrollArea):
            scroller = scroller.parentWidget()
        if scroller is not None:  # the line appears below the last row: brought into view once laid out
            QTimer.singleShot(0, self.later, lambda: scroller.ensureWidgetVisible(self.later))

    def attributes(self) -> dict[str, QWidget]:
        return {self.spec.attribute: self.control, "language_later": self.later}

    def show(self, value: Any) -> None:
        index = self.control.findData(value)
        self.control.setCurrentIndex(max(0, index))
        self._say_when()

    def chosen(self, original: Any) -> Any:
        return self.control.currentData() or ""


def ask_for_folder(parent: QWidget, caption: str, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, caption, start)


class SettingsDialog(QDialog):
    """One group per settings section and one row per setting, all made from
    ``footdesk.settings.SECTIONS`` and ``FIELDS`` by each kind's editor hint:
    a new setting of an existing kind needs no change here."""

    preview_requested = Signal(int)
    """The person wants to hear a cue at this volume (percent)."""
    edit_routine_requested = Signal(str)
    """The person wants to change the times of their own routine (by id): they
    are in its file, edited in the routine editor, not here."""

    # made from the table; named here for the code that needs one in particular
    sound_enabled: QCheckBox
    volume: QSlider
    volume_label: PlainLabel
    reminder_on: QCheckBox
    reminder_time: TimeOfDayEdit
    preview_button: QPushButton
    reminder_note: PlainLabel
    login_start: QCheckBox
    choose_folder: Callable[[QWidget, str, str], str] = staticmethod(ask_for_folder)
    """The folder dialog (tests answer it)."""
    goal_note: PlainLabel | None
    """Says why the weekly goal is greyed: the chosen routine's file sets its own."""

    def __init__(
        self,
        settings: Settings,
        defaults: Settings,
        routine: Routine,
        parent: QWidget | None = None,
        tray_available: bool = True,
        login_start: bool | None = None,
        own_routine: Routine | None = None,
        problems: Sequence[SettingsProblem] = (),
    ) -> None:
        """``routine`` is the built-in routine, whose durations the settings
        hold; ``own_routine`` the person's own routine when one is chosen (its
        times are its file's). ``login_start`` is whether footdesk starts at
        login now, or None where footdesk cannot arrange that (then the
        choice is not offered). ``problems``: the values of the settings file
        that could not be used (``SettingsFile.problems``); each field that
        shows a default in place of one is marked, with the line and why."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))
        self._defaults = defaults
        self._original = settings
        self._routine = routine
        self._own_routine = own_routine
        self._tray_available = tray_available
        self._login_start_at_open = login_start
        self._offer_login_start = login_start is not None and tray_available
        self._editors: dict[str, _Editor] = {}
        self._followers: list[Callable[[], None]] = []
        """What follows a switch (the sound controls the sound cues): run when one is flipped."""
        self._on_show: list[Callable[[Settings], None]] = []
        self.controls: dict[str, QWidget] = {}
        """The control of each setting in the dialog, by Settings attribute."""
        self.duration_edits: dict[str, DurationEdit] = {}
        self.own_routine_note: PlainLabel | None = None
        self.edit_own_routine: QPushButton | None = None

        self.form = self._groups()
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
        self.scroller = dialog_scroll(self.form, "settingsScroll")
        root = QVBoxLayout(self)
        root.addWidget(self.scroller, 1)
        root.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.show_settings(settings)
        self._mark_problems(problems)

    # Building the rows from the table -------------------------------------------

    def _groups(self) -> QWidget:
        """A group per section and a row per setting in it; then which rows follow which switch."""
        form_widget = named(QWidget(), "settingsForm")
        self._section_end: list[Callable[[], None]] = []
        """Rows an extra adds once the rest of its section is in (the reminder's note)."""
        groups = QVBoxLayout(form_widget)
        groups.setContentsMargins(0, 0, 0, 0)
        for section in SECTIONS:
            form = QFormLayout()
            for spec in FIELDS:
                if spec.section == section.key and spec.in_dialog:
                    self._add_setting(form, spec)
            for finish in self._section_end:
                finish()
            self._section_end.clear()
            if form.rowCount():
                # the heading looked up, then the routine's title put in ("Durations of {routine}")
                heading = _(section.title).replace("{routine}", self._routine.title)
                box = named(QGroupBox(heading), f"section-{section.key}")
                box.setLayout(form)
                groups.addWidget(box)
        groups.addStretch(1)
        for editor in self._editors.values():
            if editor.spec.enabled_by:
                self._followers.append(partial(self._follow, editor, self._editors[editor.spec.enabled_by]))
            if editor.switch is not None:
                editor.switch.toggled.connect(self._follow_switches)
        self._follow_dose(self._own_routine or self._routine)
        return form_widget

    def _add_setting(self, form: QFormLayout, spec: Kind[Any]) -> None:
        editor = self._EDITORS[spec.editor](self, spec)
        editor.add_to(form)
        editor.placed(form)
        if spec.help:
            editor.control.setToolTip(_(spec.help))
        if spec.extra:
            self._EXTRAS[spec.extra](self, form, editor)
        for attribute, widget in editor.attributes().items():
            setattr(self, attribute, widget)
        self._editors[spec.attribute] = editor
        self.controls[spec.attribute] = editor.control

    def _durations(self, spec: Kind[Any]) -> _Editor:
        assert isinstance(spec, StepSeconds), spec
        editor = _Durations(spec, self._routine, self._own_routine, self.edit_routine_requested.emit)
        self.duration_edits.update(editor.edits)
        self.own_routine_note, self.edit_own_routine = editor.own_note, editor.edit_own
        return editor

    def _spin(self, spec: Kind[Any]) -> _Editor:
        assert isinstance(spec, Count), spec
        return _Spin(spec)

    def _slider(self, spec: Kind[Any]) -> _Editor:
        assert isinstance(spec, Count), spec
        return _Slider(spec)

    def _folder(self, spec: Kind[Any]) -> _Editor:
        return _Folder(spec, lambda parent, caption, start: self.choose_folder(parent, caption, start))

    def _time(self, spec: Kind[Any]) -> _Editor:
        assert isinstance(spec, TimeOfDay), spec
        return _Time(spec)

    _EDITORS: Mapping[str, Callable[[SettingsDialog, Kind[Any]], _Editor]] = {
        "check": lambda dialog, spec: _Check(spec),
        "spin": _spin,
        "slider": _slider,
        "time": _time,
        "folder": _folder,
        "durations": _durations,
        "language": lambda dialog, spec: _Language(spec),
    }
    """Each kind's editor hint, and what makes its row."""

    def _add_test_sound(self, form: QFormLayout, editor: _Editor) -> None:
        """A button beside the volume that plays a cue at the volume chosen."""
        self.preview_button = named(QPushButton(_("Test sound")), "previewButton")
        self.preview_button.clicked.connect(lambda: self.preview_requested.emit(editor.chosen(None)))
        editor.row.addWidget(self.preview_button)

    def _add_login_start(self, form: QFormLayout, editor: _Editor) -> None:
        """Below the reminder: where it comes from (the tray, or the window only),
        and starting footdesk at login, which is for the reminder only."""
        if self._tray_available:
            where = _(
                "footdesk stays in the system tray when you close its window, and shows a notification at that "
                "time unless you have already done the routine that day. Quit it from the tray or with Ctrl+Q."
            )
        else:
            where = _(
                "This desktop has no system tray, so the reminder comes only while the footdesk window is open; "
                "closing the window quits footdesk as usual."
            )
        self.reminder_note = named(PlainLabel(where), "reminderNote")
        self.reminder_note.setWordWrap(True)
        self.login_start = named(QCheckBox(_("Start footdesk in the tray when I log in")), "loginStart")
        self.login_start.setToolTip(_("So the reminder still comes after you restart the computer"))
        self.login_start.setVisible(self._offer_login_start)

        def below_the_times() -> None:  # a second reminder's time belongs with the first, above these
            form.addRow(self.reminder_note)
            form.addRow(self.login_start)

        self._section_end.append(below_the_times)
        switch = editor.switch
        assert switch is not None, "starting at login follows the reminder's switch"
        self._followers.append(lambda: self.login_start.setEnabled(switch.isChecked()))
        self._on_show.append(self._show_login_start)

    _EXTRAS: Mapping[str, Callable[[SettingsDialog, QFormLayout, _Editor], None]] = {
        "test-sound": _add_test_sound,
        "login-start": _add_login_start,
    }
    """Each kind's extra, and what adds it."""

    def _follow_dose(self, chosen: Routine) -> None:
        """What the chosen routine's dose decides: only the reminder times it asks
        for are shown (twice a day: a second), and a weekly goal of its own
        file's stands in for the Settings one, greyed with a note that says so."""
        from footdesk.report import goal_from_dose_note

        for editor in self._editors.values():
            if isinstance(editor.spec, TimeOfDay) and editor.spec.from_dose > chosen.dose.times_a_day:
                editor.form.setRowVisible(editor.row, False)
        goal = self._editors.get("goal_days")
        self.goal_note = None
        if goal is None or chosen.dose.days_a_week is None:
            return
        goal.set_enabled(False)
        said = goal_from_dose_note(chosen.title, chosen.dose.days_a_week)
        goal.control.setToolTip(said)
        goal.control.setAccessibleDescription(said)
        self.goal_note = named(PlainLabel(said), "goalFromDose")
        self.goal_note.setWordWrap(True)
        row, _role = cast(tuple[int, Any], goal.form.getLayoutPosition(goal.row))
        goal.form.insertRow(row + 1, self.goal_note)

    def _mark_problems(self, problems: Sequence[SettingsProblem]) -> None:
        """Each refused value at the field showing the default used instead (a
        section that is not a table: every field of it)."""
        for problem in problems:
            section, _dot, key = (problem.key or "").partition(".")
            for editor in self._editors.values():
                if editor.spec.section == section and (not key or editor.spec.knows(key)):
                    editor.mark(problem)

    # Showing and reading the settings -------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_dialog_to_screen(self, self.scroller)
        wheel_scrolls_the_page(self)
        # the first thing typed goes into the first field, not nowhere
        next(iter(self._editors.values())).first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def show_settings(self, settings: Settings) -> None:
        for attribute, editor in self._editors.items():
            editor.show(getattr(settings, attribute))
        for show in self._on_show:
            show(settings)
        self._follow_switches()

    def _show_login_start(self, settings: Settings) -> None:
        if settings is self._defaults:
            self.login_start.setChecked(False)
        elif settings is self._original:
            self.login_start.setChecked(bool(self._login_start_at_open))

    def _follow_switches(self) -> None:
        for follow in self._followers:
            follow()

    @staticmethod
    def _follow(editor: _Editor, switch: _Editor) -> None:
        assert switch.switch is not None, f"{editor.spec.attribute} follows a setting with no switch"
        editor.set_enabled(switch.switch.isChecked())

    def chosen_login_start(self) -> bool | None:
        """Whether footdesk should start at login; None when not offered here."""
        if not self._offer_login_start:
            return None
        return self.reminder_on.isChecked() and self.login_start.isChecked()

    def chosen_settings(self) -> Settings:
        """What the dialog shows, on top of the settings it was opened with (so
        durations of steps it does not show, and file-only settings, are kept)."""
        values = {
            attribute: editor.chosen(getattr(self._original, attribute)) for attribute, editor in self._editors.items()
        }
        return replace(self._original, **values)


def _camel(attribute: str) -> str:
    """The object name tests and style sheets know a control by: get_ready → getReady."""
    first, *rest = attribute.split("_")
    return first + "".join(word.capitalize() for word in rest)
