"""What was done, shown when the routine ends or is stopped."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from footdesk.appmodel import SessionResult
from footdesk.cues import end_heading
from footdesk.i18n import N_, _
from footdesk.model.checkins import CheckInAsk
from footdesk.records import NOTE_MAX_CHARS, Outcome
from footdesk.report import outcome_mark, outcome_words
from footdesk.session import PhaseRun
from footdesk.timefmt import clock_text, done_clock_text, duration_in_words, spoken_duration
from footdesk.ui.check_in import ButtonRows, CheckInPanel, StopCardView
from footdesk.ui.theme import (
    PlainLabel,
    accent,
    banner_fill,
    dimmed_text,
    key_button,
    named,
    pixel_font,
    scrolling_body,
    set_button_text,
)

_COMPACT_BELOW_PX = 560
_COMPACT_WITH_CARD_BELOW_PX = 760
"""A 1366x768 screen with the check-in's card: compact, or the list of parts is cut."""
"""A finished screen shorter than this (in Qt's pixels) saves room between things (as home does)."""


def run_title(run: PhaseRun) -> str:
    phase = run.phase
    title, sets, which = phase.step.title, phase.step.sets, phase.set_number
    side = phase.step.side_label(phase.side) if phase.side is not None else ""
    if sets > 1 and side:
        # TRANSLATORS: a part of the routine in the list of what was done; {side} is "left foot"
        return _("{title} — set {set} of {sets} — {side}").format(title=title, set=which, sets=sets, side=side)
    if sets > 1:
        return _("{title} — set {set} of {sets}").format(title=title, set=which, sets=sets)
    if side:
        # TRANSLATORS: a part of the routine in the list of what was done; {side} is "left foot"
        return _("{title} — {side}").format(title=title, side=side)
    return title


def run_result(run: PhaseRun, active_s: float | None = None) -> tuple[str, str]:
    """(mark, words) for one part, the mark and words the review gives the same
    run (report.outcome_mark, report.outcome_words); the mark is a symbol,
    never colour alone. ``active_s``: all the time this part's clock ran, tries
    that were restarted included."""
    mark = outcome_mark(run.outcome)
    if not run.phase.timed:
        return mark, outcome_words(run.outcome, None, habit=run.phase.step.habit)
    active = run.active_s if active_s is None else active_s
    if run.outcome is Outcome.COMPLETED:
        return mark, done_clock_text(active)
    done = done_clock_text(active)
    # TRANSLATORS: {outcome} is "stopped" or "skipped"; {done} and {planned} are times, "0:20" and "1:00"
    return mark, _("{outcome}, {done} of {planned}").format(
        outcome=outcome_words(run.outcome, active), done=done, planned=clock_text(run.planned_s or 0)
    )


class PainQuestion(QWidget):
    """ "How is your lower back right now?" 0 to 10, optional: one question with
    one answer, a group of radio buttons named by the question (one Tab stop;
    the arrows move the answer). A click or a digit key answers at once ("1"
    then "0" is 10, see ``keys.typed_rating``); ← and → change the answer. What
    was noted shows large beside the question, to be checked from across the room."""

    rated = Signal(int)
    QUESTION = N_("How is your lower back right now?")
    HINT = N_("0 = no pain, 10 = worst.  Keys 0–9 (1 then 0 for 10), ← →")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("painQuestion")
        self.question = PlainLabel(_("How is your lower back right now?  (optional)"))
        self.question.setWordWrap(True)
        self.noted = named(PlainLabel(), "painNoted")
        self.noted.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.hint = PlainLabel(_(self.HINT))
        self.hint.setWordWrap(True)
        # the group a screen reader reads as the question, its buttons as the answers
        self.choices = named(QGroupBox(), "painChoices")
        self.choices.setFlat(True)
        self.choices.setStyleSheet("QGroupBox#painChoices { border: none; margin: 0; padding: 0; }")
        self.choices.setAccessibleName(_(self.QUESTION))
        self.choices.setAccessibleDescription(_("0 no pain, 10 worst. Optional."))
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QRadioButton] = []
        row = ButtonRows(self.choices)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for value in range(11):
            button = named(QRadioButton(str(value)), f"pain{value}")
            spoken = {0: _("0, no pain"), 10: _("10, worst")}
            button.setAccessibleName(spoken.get(value, str(value)))
            button.clicked.connect(lambda _checked=False, v=value: self.rate(v))
            self.group.addButton(button, value)
            row.addWidget(button)
            self.buttons.append(button)
        top = QHBoxLayout()
        top.addWidget(self.question, 1)
        top.addWidget(self.noted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.choices)
        layout.addWidget(self.hint)
        self._value: int | None = None
        self._waiting: int | None = None
        """A rating kept to be written later (``not_kept``), shown once it is."""
        self._tab_stop()

    @property
    def value(self) -> int | None:
        return self._value

    def clear(self) -> None:
        self._value = None
        self._waiting = None
        self.hint.setText(_(self.HINT))
        self.noted.setText("")
        self._check(None)

    def _check(self, value: int | None) -> None:
        """The answer shown as chosen (none: an exclusive group must let go to show none)."""
        self.group.setExclusive(False)
        for index, button in enumerate(self.buttons):
            button.setChecked(index == value)
        self.group.setExclusive(True)
        self._tab_stop()

    def _tab_stop(self) -> None:
        """One Tab stop for the question: the chosen answer, or 0 before there is one.
        A click answers without taking the focus: Space stays the big key."""
        stop = self.buttons[self._value if self._value is not None else 0]
        for button in self.buttons:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus if button is stop else Qt.FocusPolicy.NoFocus)

    def rate(self, value: int) -> None:
        value = max(0, min(10, value))
        was_focused = any(button.hasFocus() for button in self.buttons)
        self._value = value
        self._check(value)
        # said in words and large too: the chosen button's colour is not the only sign
        # TRANSLATORS: the pain rating just given, large beside the question
        self.noted.setText(_("Noted: {value} of 10").format(value=value))
        self.hint.setText(_("Change it with 0–9 (1 then 0 for 10) or ← →, or leave it."))
        if was_focused:  # the focus follows the answer within the group, as in any radio group
            self.buttons[value].setFocus(Qt.FocusReason.OtherFocusReason)
        self.rated.emit(value)

    def not_kept(self, value: int, why: str | None = None) -> None:
        """The rating is not saved: the screen must not claim it was. ``why`` (from
        the model) says so when it is kept to be written later (``saved_now``)."""
        self._value = None
        self._waiting = value if why else None
        self._check(None)
        self.noted.setText(_("Not saved"))
        self.hint.setText(why or _("Your rating could not be kept: the history is not being saved right now."))

    def saved_now(self) -> None:
        """The rating that waited is in the history now: shown as noted, as if it
        had been saved at once (the screen must not keep saying it was not)."""
        if self._waiting is None:
            return
        value, self._waiting = self._waiting, None
        self._value = value
        self._check(value)
        # TRANSLATORS: the pain rating just given, large beside the question
        self.noted.setText(_("Noted: {value} of 10").format(value=value))
        self.hint.setText(_("Saved now. Change it with 0–9 (1 then 0 for 10) or ← →, or leave it."))

    def step(self, delta: int) -> None:
        self.rate((5 if self._value is None else self._value) + (0 if self._value is None else delta))


class NoteEdit(QLineEdit):
    """The note's line: Enter keeps it and Esc closes it, here, before the
    window's own Enter and Esc (back to the start) see them."""

    cancelled = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


class NoteField(QWidget):
    """ "Add a note…" opens a one-line field (at most ``records.NOTE_MAX_CHARS``);
    Enter or Save keeps it with the session, and what was kept shows."""

    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteField")
        self.open_button = named(QPushButton(_("Add a note…")), "addNoteButton")
        self.open_button.clicked.connect(self.open)
        self.field = named(NoteEdit(), "noteEdit")
        self.field.cancelled.connect(self.cancel)
        self.field.setMaxLength(NOTE_MAX_CHARS)
        self.field.setPlaceholderText(_("A note about today (optional), e.g. left heel sore"))
        self.field.setAccessibleName(_("Note about this session"))
        self.field.returnPressed.connect(self.save)
        self.save_button = named(QPushButton(_("Save note")), "saveNoteButton")
        self.save_button.clicked.connect(self.save)
        self.noted = named(PlainLabel(), "noteNoted")
        self.noted.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.open_button)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.save_button)
        layout.addWidget(self.noted, 1)
        self.clear()

    def clear(self) -> None:
        self.waiting: str | None = None
        """A note kept for a retry: shown as saved once the history has it."""
        self.field.clear()
        self.noted.setText("")
        self.field.hide()
        self.save_button.hide()
        self.open_button.show()
        self.open_button.setText(_("Add a note…"))

    def cancel(self) -> None:
        """Esc in the field: closed, what was kept before unchanged."""
        self.field.hide()
        self.save_button.hide()
        self.open_button.show()
        self.noted.show()
        self.open_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def open(self) -> None:
        self.open_button.hide()
        self.noted.hide()
        self.field.show()
        self.save_button.show()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        self.saved.emit(self.field.text())

    def show_saved(self, text: str, kept: bool, why: str | None = None) -> None:
        """The note as kept (``kept``), or why it is not (yet). The field closes; the button opens it again."""
        self.field.hide()
        self.save_button.hide()
        self.open_button.show()
        self.open_button.setText(_("✎  Change the note…") if text.strip() else _("Add a note…"))
        self.noted.show()
        self.waiting = text if not kept and why else None
        if not text.strip():
            self.noted.setText(_("No note.") if kept else "")
        elif kept:
            # TRANSLATORS: {note} is the note the person wrote
            self.noted.setText(_("Noted: {note}").format(note=text.strip()))
        else:
            self.noted.setText(why or _("Not saved: the history is not being saved right now."))


class FinishedView(QWidget):
    home_requested = Signal()
    again_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("finishedView")
        self.heading = named(PlainLabel(), "finishedHeading")
        self.heading.setWordWrap(True)
        self.summary = named(PlainLabel(), "finishedSummary")
        self.summary.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(8)
        self.home_button = key_button(_("Back to start   [Enter]"), "homeButton")
        self.home_button.setToolTip(_("Back to the start screen (Enter, Space or Esc)"))
        self.home_button.clicked.connect(self.home_requested)
        # no key of its own: one habitual Space must not record a second session
        self.again_button = named(QPushButton(_("↻  Start again")), "againButton")
        self.again_button.setAccessibleName(_("Start again"))
        self.again_button.clicked.connect(self.again_requested)
        self._cells: list[QLabel] = []
        self._completed = False
        self.pain = PainQuestion()
        self.check_in = CheckInPanel()
        self.stop_card = StopCardView()
        self.stop_card.stop_requested.connect(self.home_requested)
        self.note = NoteField()
        self._list_gap = QSpacerItem(0, 10)

        self.scroller, body, outer = scrolling_body(self)
        root = self._root = QVBoxLayout(body)
        root.addWidget(self.heading)
        root.addWidget(self.summary)
        # the safety card and the last exercise's check-in first, where the screen opens;
        # on a short screen they scroll with what was done, the rating stays in view
        root.addWidget(self.stop_card)
        root.addWidget(self.check_in)
        root.addSpacerItem(self._list_gap)
        root.addLayout(self.grid)
        root.addStretch(1)
        # the question stays in view with the buttons, whole, when what was done scrolls
        pain_layout = self.pain.layout()
        assert pain_layout is not None
        self._pain_layout = pain_layout
        outer.addWidget(self.pain)
        self._note_row = note_row = QHBoxLayout()
        note_row.setContentsMargins(48, 0, 48, 0)
        note_row.addWidget(self.note)
        outer.addLayout(note_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.home_button)
        buttons.addWidget(self.again_button)
        self._buttons = buttons
        self._fit_height(compact=False)
        outer.addLayout(buttons)  # in view even when the rest scrolls

    def _fit_height(self, compact: bool) -> None:
        """On a short window (large fonts on a laptop) the room between things
        goes first, so that what was done and the safety card keep a view of
        their own above the question that stays in sight; the buttons are
        lower, and the note (optional) moves onto their row, before them."""
        self._compact = compact
        if compact and self._buttons.indexOf(self.note) < 0:
            self._note_row.removeWidget(self.note)
            self._buttons.insertWidget(0, self.note, 1)
        elif not compact and self._note_row.indexOf(self.note) < 0:
            self._buttons.removeWidget(self.note)
            self._note_row.addWidget(self.note)
        self._root.setContentsMargins(48, 6 if compact else 32, 48, 4 if compact else 8)
        self._root.setSpacing(6 if compact else 14)
        self._list_gap.changeSize(0, 0 if compact else 10)
        self._pain_layout.setContentsMargins(48, 2 if compact else 8, 48, 2 if compact else 10)
        self._buttons.setContentsMargins(48, 4 if compact else 8, 48, 8 if compact else 28)
        self._root.invalidate()

    def show_result(self, result: SessionResult) -> None:
        active, wall_seconds = result.exercise_s, result.wall_s
        self._completed = result.completed
        self.heading.setText(end_heading(result.completed, result.stopped))
        times = {"active": spoken_duration(active), "wall": spoken_duration(wall_seconds)}
        if result.completed:
            # TRANSLATORS: {active} and {wall} are "4 minutes" and "5 minutes": exercising, and from start to end
            self.summary.setText(_("{active} of exercise in {wall}.").format(**times))
        else:
            self.summary.setText(_("{active} of exercise in {wall}.  Everything you did counts.").format(**times))
        # the focus lands on this button when the screen shows, and screen
        # readers read a focused button's description: the result goes there
        said = {
            "heading": self.heading.text().rstrip("!"),
            "active": duration_in_words(active),
            "wall": duration_in_words(wall_seconds),
        }
        if result.completed:
            # TRANSLATORS: read by a screen reader; {heading} is the screen's heading,
            # {active} and {wall} "four minutes"
            described = _("{heading}. {active} of exercise in {wall}. Shortcut: Enter.").format(**said)
        else:
            described = _(
                "{heading}. {active} of exercise in {wall}. Everything you did counts. Shortcut: Enter."
            ).format(**said)
        self.home_button.setAccessibleDescription(described)
        self.pain.setVisible(result.can_rate)
        for cell in self._cells:
            self.grid.removeWidget(cell)
            cell.deleteLater()
        self._cells = []
        for row, run in enumerate(result.runs):
            mark, words = run_result(run, result.time_by_phase.get(run.phase.index))
            cells = [PlainLabel(mark), PlainLabel(run_title(run)), PlainLabel(words)]
            cells[0].setAccessibleName(_("done") if run.outcome is Outcome.COMPLETED else _("not done"))
            cells[2].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            # on a narrow screen the title wraps rather than the list scrolling sideways
            cells[1].setWordWrap(True)
            for column, cell in enumerate(cells):
                self.grid.addWidget(cell, row, column)
            self._cells += cells
        self.grid.setColumnStretch(1, 1)
        self._restyle()

    def clear_answers(self) -> None:
        """A new end: no rating, no note yet."""
        self.pain.clear()
        self.note.clear()

    def saved_now(self, rating: bool, note: bool) -> None:
        """The history changed: a rating (``rating``) or a note (``note``) that waited may be in it now."""
        if rating:
            self.pain.saved_now()
        if note and self.note.waiting is not None:
            self.note.show_saved(self.note.waiting, kept=True)

    def show_stop_card(self, limit: int | None) -> None:
        """The safety card in place of "Start again" (None: no card, "Start again" back)."""
        if limit is None:
            self.stop_card.hide()
        else:
            self.stop_card.show_card(limit, after=True)
            self.scroller.ensureWidgetVisible(self.stop_card)
        self.again_button.setVisible(limit is None)
        set_button_text(
            self.home_button, _("Back to start   [Enter]") if limit is None else _("■  Stop for today   [Enter]")
        )

    def result_lines(self) -> list[str]:
        texts = [cell.text() for cell in self._cells]
        return ["  ".join(texts[i : i + 3]) for i in range(0, len(texts), 3)]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._restyle()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # dark or light, switched while running
            self._restyle()

    def show_check_in(self, ask: CheckInAsk | None, digits_here: bool) -> None:
        """The last exercise's check-in, or none; the screen saves room while it shows."""
        self.check_in.show_ask(ask, digits_here=digits_here)
        self._restyle()

    def _restyle(self) -> None:
        height = max(1, self.height())
        # the check-in's card takes a part of the screen: with it the rest saves room sooner, so
        # the list of parts stays whole (a fixed line: the card's own size changes with compactness)
        below = _COMPACT_WITH_CARD_BELOW_PX if self.check_in.isVisibleTo(self) else _COMPACT_BELOW_PX
        compact = height < below
        if compact != self._compact:
            self._fit_height(compact=compact)
        self.heading.setStyleSheet(f"color: {accent(self, 'done').name()};" if self._completed else "")
        self.heading.setFont(pixel_font(self, max(22 if self._compact else 28, height * 0.08), bold=True))
        self.summary.setFont(pixel_font(self, max(16, height * 0.036)))
        for index, cell in enumerate(self._cells):
            cell.setFont(pixel_font(self, max(15, height * 0.03), bold=index % 3 == 0))
            if index % 3 == 2:
                cell.setStyleSheet(f"color: {dimmed_text(self).name()};")
        for button in (self.home_button, self.again_button):
            button.setFont(pixel_font(self, max(16, height * 0.03), bold=button is self.home_button))
            button.setMinimumHeight(int(max(36 if self._compact else 52, height * 0.085)))
        self.pain.question.setFont(pixel_font(self, max(15, height * 0.03), bold=True))
        self.pain.hint.setFont(pixel_font(self, max(12, height * 0.022)))
        self.pain.hint.setStyleSheet(f"color: {dimmed_text(self).name()};")
        self.pain.noted.setFont(pixel_font(self, max(24, height * 0.06), bold=True))
        # its line is there before the answer: nothing moves when it comes
        self.pain.noted.setFixedHeight(self.pain.noted.fontMetrics().height())
        self.check_in.restyle(max(14, height * 0.026))
        self.stop_card.restyle(max(14, height * 0.028))
        for control in (self.note.open_button, self.note.save_button, self.note.field, self.note.noted):
            control.setFont(pixel_font(self, max(14, height * 0.025)))
        chosen = banner_fill("chosen").name()
        edge = dimmed_text(self).name()
        for answer in self.pain.buttons:
            answer.setFont(pixel_font(self, max(15, height * 0.03), bold=True))
            answer.setMinimumHeight(int(max(40, height * 0.06)))
            # narrower than a push button's usual minimum, so eleven fit a small window
            # "10" whole: its padding (4 px a side) and its thickest border (3 px, chosen) around it,
            # and the eleven in one row on a laptop at 225 % (two rows took the screen's height)
            answer.setMinimumWidth(answer.fontMetrics().horizontalAdvance("10") + 2 * 4 + 2 * 3 + 2)
            # a radio button drawn as a big key: the number is the target, the chosen one filled
            answer.setStyleSheet(
                f"QRadioButton {{ border: 2px solid {edge}; border-radius: 6px; padding: 0 4px; spacing: 0; }}"
                "QRadioButton::indicator { width: 0px; height: 0px; border: none; image: none; background: none; }"
                f"QRadioButton:checked {{ background: {chosen}; color: white; border: 3px solid {chosen}; }}"
                "QRadioButton:focus { border: 3px dashed palette(highlight); }"
                "QRadioButton:checked:focus { border: 3px dashed white; }"
            )
