"""The form for one step of a routine being edited: its title, its kind of
timing and the fields that kind has, its instructions, its spoken line and
its picture (``picture_field``).

It shows a ``StepDraft`` and reads one back; the rows a kind does not use are
hidden (their values kept, so choosing another kind and back loses nothing).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from footdesk.draft import StepDraft, StepKind, instruction_lines
from footdesk.i18n import N_, _, p_
from footdesk.routine import REPS, REST_SECONDS, SETS, TEMPO_SECONDS
from footdesk.ui.picture_field import PictureField
from footdesk.ui.settings_dialog import DurationEdit
from footdesk.ui.theme import PlainLabel, named, quiet_combo, wrapping_form

KIND_WORDS = {
    StepKind.TIP: N_("Tip (no clock: go on when ready)"),
    StepKind.TIMED: N_("Timed (one countdown)"),
    StepKind.PER_SIDE: N_("Per side (left, then right)"),
    StepKind.REPS: N_("Reps (counted to a tempo)"),
}
"""The kinds of step offered, in words (looked up with ``_`` where shown)."""


def duration_field(name: str, bounds: tuple[int, int] | None = None) -> DurationEdit:
    edit = named(DurationEdit(), name)
    if bounds is not None:
        edit.setRange(*bounds)
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0") * 14)
    return edit


def number_field(name: str, bounds: tuple[int, int], suffix: str) -> QSpinBox:
    spin = named(QSpinBox(), name)
    spin.setRange(*bounds)
    spin.setSuffix(suffix)
    spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0") * 14)
    return spin


class StepForm(QGroupBox):
    edited = Signal()
    """The person changed a field (not sent while a step is being shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # TRANSLATORS: the title of the box with the chosen step's fields
        super().__init__(p_("routine", "Step"), parent)
        self.setObjectName("stepBox")
        self._showing = False
        self.step_title = named(QLineEdit(), "stepTitle")
        self.step_title.setMaxLength(200)
        self.kind = named(QComboBox(), "stepKind")
        for kind, words in KIND_WORDS.items():
            self.kind.addItem(_(words), kind.value)
        quiet_combo(self.kind)  # its closed list reports no item focused
        self.seconds = duration_field("stepSeconds")
        self.left = duration_field("leftSeconds")
        self.right = duration_field("rightSeconds")
        self.reps = number_field("stepReps", REPS, "")
        # TRANSLATORS: after a number of seconds (a spin box): the time to raise, then to lower
        self.up = number_field("tempoUp", TEMPO_SECONDS, _(" s up"))
        self.down = number_field("tempoDown", TEMPO_SECONDS, _(" s down"))
        self.tempo_box = QWidget()
        tempo_row = QHBoxLayout(self.tempo_box)
        tempo_row.setContentsMargins(0, 0, 0, 0)
        tempo_row.addWidget(self.up)
        tempo_row.addWidget(self.down)
        tempo_row.addStretch(1)
        self.each_side = named(QCheckBox(_("On each side (left, then right)")), "repsEachSide")
        self.sets = number_field("stepSets", SETS, "")
        self.rest = duration_field("stepRest", REST_SECONDS)
        self.instructions = named(QPlainTextEdit(), "stepInstructions")
        self.instructions.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere else
        self.instructions.setMinimumHeight(90)
        self.instructions.setPlaceholderText(
            # TRANSLATORS: keep {side} as it is: a routine file's instruction writes it, and it becomes left or right
            _("What to do, one line each; in a per-side step {side} says left or right")
        )
        self.say = named(QLineEdit(), "stepSay")
        self.say.setMaxLength(300)
        self.say.setPlaceholderText(_("e.g. “Step two: calf stretch.” Leave empty for no voice."))
        self.picture = PictureField()
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        self.rows = wrapping_form(QFormLayout(self))
        rows: list[tuple[str, QWidget, str]] = [
            # TRANSLATORS: the step's fields: & marks the Alt key of each; keep them different from each other
            (_("Step titl&e"), self.step_title, _("Step title")),
            (_("Timin&g"), self.kind, _("Timing")),
            (_("Lengt&h"), self.seconds, _("Length, minutes and seconds")),
            (_("Le&ft side"), self.left, _("Left side, minutes and seconds")),
            (_("Rig&ht side"), self.right, _("Right side, minutes and seconds")),
            (_("Reps"), self.reps, _("Repetitions")),
            (_("Tempo"), self.tempo_box, _("Tempo")),
            ("", self.each_side, _("Repetitions on each side")),
            (_("Sets"), self.sets, _("Sets")),
            (_("Rest between sets"), self.rest, _("Rest between sets, minutes and seconds")),
            (_("Instru&ctions\n(one per line)"), self.instructions, _("Instructions, one per line")),
            (_("Spo&ken as the\nstep comes up"), self.say, _("Spoken as the step comes up")),
        ]
        for label, field, spoken in rows:
            field.setAccessibleName(spoken)
            if label:
                self.rows.addRow(label, field)
            else:
                self.rows.addRow(field)
        self.up.setAccessibleName(_("Seconds up"))
        self.down.setAccessibleName(_("Seconds down"))
        self.rows.addRow(_("Picture"), self.picture)
        alt_label = PlainLabel(_("Descri&be the picture\nfor screen readers"))
        alt_label.setBuddy(self.picture.alt)
        self.rows.addRow(alt_label, self.picture.alt)

    def _connect(self) -> None:
        self.step_title.textChanged.connect(self._changed)
        self.kind.currentIndexChanged.connect(self._changed)
        for spin in (self.seconds, self.left, self.right, self.reps, self.up, self.down, self.sets, self.rest):
            spin.valueChanged.connect(self._changed)
        self.each_side.toggled.connect(self._changed)
        self.instructions.textChanged.connect(self._changed)
        self.say.textChanged.connect(self._changed)
        self.step_title.textChanged.connect(self.picture.set_title)
        self.picture.edited.connect(self._changed)

    def fields(self) -> list[QWidget]:
        """In reading (and Tab) order."""
        return [self.step_title, self.kind, self.seconds, self.left, self.right, self.reps, self.up, self.down,
                self.each_side, self.sets, self.rest, self.instructions, self.say, *self.picture.fields()]  # fmt: skip

    def show_draft(self, draft: StepDraft | None, number: int, count: int) -> None:
        """Step ``number`` of ``count`` (None: no step chosen, the form disabled)."""
        self.setEnabled(draft is not None)
        self.setTitle(_("Step {number} of {count}").format(number=number, count=count) if draft is not None
                      else p_("routine", "Step"))  # fmt: skip
        draft = draft or StepDraft()
        self._showing = True
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
        self.picture.show_draft(draft, self._sided(draft.kind, draft.reps_each_side))
        self._showing = False
        self._show_rows()

    def values(self) -> dict[str, object]:
        """What the form shows, as the draft's fields."""
        for spin in (self.seconds, self.left, self.right, self.rest):
            spin.interpretText()  # what was typed counts even before the field is left
        return {
            "title": self.step_title.text(),
            "kind": self.chosen_kind(),
            "seconds": self.seconds.seconds(),
            "left": self.left.seconds(),
            "right": self.right.seconds(),
            "reps": self.reps.value(),
            "up": self.up.value(),
            "down": self.down.value(),
            "reps_each_side": self.each_side.isChecked(),
            "sets": self.sets.value(),
            "rest": self.rest.seconds(),
            "instructions": instruction_lines(self.instructions.toPlainText()),
            "say": self.say.text(),
            **self.picture.values(),
        }

    def chosen_kind(self) -> StepKind:
        return StepKind(self.kind.currentData())

    def field_for(self, key: str | None) -> QWidget:
        """The field that shows a routine file's key (the instructions for the others)."""
        seconds = {StepKind.TIMED: self.seconds, StepKind.PER_SIDE: self.left}.get(self.chosen_kind(), self.reps)
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
            "picture_alt": self.picture.alt,
            **dict.fromkeys(("picture", "mirror", "picture_left", "picture_right", "picture_guide"),
                            self.picture.choose_button),
        }  # fmt: skip
        return fields.get(key, self.instructions)

    def _changed(self) -> None:
        if self._showing:
            return
        self._show_rows()
        self.edited.emit()

    def _show_rows(self) -> None:
        kind = self.chosen_kind()
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
            self.rows.setRowVisible(field, shown)
        self.rest.setEnabled(self.sets.value() > 1)
        self.picture.set_sided(self._sided(kind, self.each_side.isChecked()))

    @staticmethod
    def _sided(kind: StepKind, reps_each_side: bool) -> bool:
        """Done on the left, then on the right (so its picture may be flipped for the right)."""
        return kind is StepKind.PER_SIDE or (kind is StepKind.REPS and reps_each_side)
