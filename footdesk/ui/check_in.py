"""The check-in after an exercise and the safety card, as the session screen
and the finished screen show them: large enough to read from 3 m, every
answer a key (E, A, H, the digits) and a button. What was asked and
answered is the model's (``footdesk.model.checkins``); this only shows it."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from footdesk.i18n import _
from footdesk.keys import EFFORT_KEYS
from footdesk.model.checkins import CheckInAsk, Saved
from footdesk.records import Effort
from footdesk.report import check_in_answer, check_in_question, stop_card_lines
from footdesk.ui.theme import (
    FlowLayout,
    ItemLayout,
    PlainLabel,
    banner_fill,
    dimmed_text,
    key_button,
    named,
    pixel_font,
    set_button_text,
)


class ButtonRows(ItemLayout):
    """Buttons side by side, sharing the width: in one row when they all fit,
    otherwise in two (eleven become 6 and 5), so that with large fonts on a
    small screen every button stays whole, as wide as its text needs at least."""

    ROWS = 2

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation.Horizontal

    def _cell(self) -> QSize:
        """The least size of one button: the widest and tallest of them."""
        cell = QSize(0, 0)
        for item in self._items:
            cell = cell.expandedTo(item.minimumSize()).expandedTo(QSize(0, item.sizeHint().height()))
        return cell

    def _per_row(self, width: int) -> int:
        cell, count = self._cell(), len(self._items)
        room = width - self.contentsMargins().left() - self.contentsMargins().right() + self.spacing()
        if count == 0 or count * (cell.width() + self.spacing()) <= room:
            return max(1, count)
        return math.ceil(count / self.ROWS)

    def _height(self, rows: int) -> int:
        margins = self.contentsMargins()
        return rows * self._cell().height() + (rows - 1) * self.spacing() + margins.top() + margins.bottom()

    def _size(self, per_row: int) -> QSize:
        margins = self.contentsMargins()
        width = per_row * self._cell().width() + (per_row - 1) * self.spacing() + margins.left() + margins.right()
        rows = math.ceil(len(self._items) / per_row) if self._items else 1
        return QSize(width, self._height(rows))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._size(max(1, len(self._items)))

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        return self._size(max(1, math.ceil(len(self._items) / self.ROWS)))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._height(math.ceil(len(self._items) / self._per_row(width)) if self._items else 1)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        if not self._items:
            return
        area = self.contentsRect()
        per_row = self._per_row(rect.width())
        spacing, height = self.spacing(), self._cell().height()
        width = (area.width() - (per_row - 1) * spacing) / per_row
        for index, item in enumerate(self._items):
            row, column = divmod(index, per_row)
            left = area.left() + round(column * (width + spacing))
            right = area.left() + round(column * (width + spacing) + width)
            item.setGeometry(QRect(left, area.top() + row * (height + spacing), right - left, height))


def _answer_style(widget: QWidget) -> str:
    """A button drawn as a big key: the answer given filled, never colour alone (it is also in words)."""
    chosen = banner_fill("chosen").name()
    edge = dimmed_text(widget).name()
    return (
        f"QPushButton {{ border: 2px solid {edge}; border-radius: 6px; padding: 2px 8px; }}"
        f"QPushButton:checked {{ background: {chosen}; color: white; border: 3px solid {chosen}; }}"
        "QPushButton:focus { border: 3px dashed palette(highlight); }"
    )


def _pain_spoken(value: int) -> str:
    """A pain digit's button as a screen reader says it."""
    if value == 0:
        return _("pain during it: {value}, none").format(value=value)
    if value == 10:
        return _("pain during it: {value}, worst").format(value=value)
    return _("pain during it: {value}").format(value=value)


def _in_rows(buttons: list[QPushButton]) -> QWidget:
    """Buttons side by side, in two rows where one does not fit (``ButtonRows``)."""
    holder = QWidget()
    rows = ButtonRows(holder)
    rows.setContentsMargins(0, 0, 0, 0)
    rows.setSpacing(4)
    for button in buttons:
        rows.addWidget(button)
    return holder


class CheckInPanel(QFrame):
    """ "How was Roll each foot?  E easy · A about right · H hard", then the
    pain during it, 0 to 10, and what was noted, large. Clicks answer without
    taking the focus: Space stays the session's big key."""

    effort_chosen = Signal(object)
    """An Effort."""
    pain_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None, compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("checkInPanel")
        self._compact = compact
        """On the session screen, beside the clock: a column, the keys on the
        buttons, and the line of hints only for a problem."""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.question = named(PlainLabel(), "checkInQuestion")
        self.question.setWordWrap(True)
        self.noted = named(PlainLabel(), "checkInNoted")
        self.noted.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.noted.setWordWrap(True)
        self.hint = named(PlainLabel(), "checkInHint")
        self.hint.setWordWrap(True)
        self.effort_buttons = [self._answer(f"effort-{effort.value}", f"{_(words)}   [{key}]", None,
                                            partial(self.effort_chosen.emit, effort))
                               for effort, (key, words) in zip(Effort, EFFORT_KEYS, strict=True)]  # fmt: skip
        self.pain_label = named(PlainLabel(_("Pain during it:")), "checkInPainLabel")
        self.pain_label.setWordWrap(True)
        self.pain_buttons = [self._answer(f"checkInPain{value}", str(value), _pain_spoken(value),
                                          partial(self.pain_chosen.emit, value))
                             for value in range(11)]  # fmt: skip
        efforts, digits = _in_rows(self.effort_buttons), _in_rows(self.pain_buttons)
        # a screen reader names the row an answer is in as the focus enters it
        efforts.setAccessibleName(_("How it felt"))
        digits.setAccessibleName(_("Pain during it, 0 to 10"))
        self.effort_row, self.pain_row = efforts, digits
        self._lay_out(efforts, digits)
        self.ask: CheckInAsk | None = None
        self.announced: CheckInAsk | None = None
        """The answer last said to the screen reader (each is said once)."""
        self.hide()

    def _lay_out(self, efforts: QWidget, digits: QWidget) -> None:
        """A column beside the session's clock (``compact``); on the finished screen,
        the question beside what was noted above the answers, which wrap where they must."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        if self._compact:  # a column beside the clock: one thing under the other
            # what was noted on the pain label's line: on a short screen (large fonts) a line less
            pain_line = QHBoxLayout()
            pain_line.addWidget(self.pain_label)
            pain_line.addWidget(self.noted, 1)
            for row in (self.question, efforts, pain_line, digits, self.hint):
                if isinstance(row, QLayout):
                    layout.addLayout(row)
                else:
                    layout.addWidget(row)
        else:
            top = QHBoxLayout()
            top.addWidget(self.question, 3)
            top.addWidget(self.noted, 2)
            # the pain's digits go under the efforts where both do not fit side by side (large fonts)
            answers = FlowLayout(spacing=12)
            answers.addWidget(efforts)
            pain = QWidget()
            pain_row = QHBoxLayout(pain)
            pain_row.setContentsMargins(0, 0, 0, 0)
            pain_row.addWidget(self.pain_label)
            pain_row.addWidget(digits, 1)
            answers.addWidget(pain)
            layout.addLayout(top)
            layout.addLayout(answers)
            layout.addWidget(self.hint)

    @staticmethod
    def _answer(name: str, text: str, spoken: str | None, chosen: Callable[[], None]) -> QPushButton:
        """One answer's button: it shows which answer was given, and a click gives it without taking the focus."""
        button = named(QPushButton(), name)
        set_button_text(button, text)
        if spoken:
            button.setAccessibleName(spoken)
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(lambda _checked=False: chosen())
        return button

    def show_ask(self, ask: CheckInAsk | None, digits_here: bool = True) -> None:
        """The check-in asked (None: none, hidden). ``digits_here``: whether the
        digit keys answer its pain now (on the finished screen, only while it
        waits for it; the lower back's after that)."""
        self.ask = ask
        self.setVisible(ask is not None)
        if ask is None:
            return
        self.question.setText(check_in_question(ask.title))
        for effort, button in zip(Effort, self.effort_buttons, strict=True):
            button.setChecked(ask.effort is effort)
        for value, button in enumerate(self.pain_buttons):
            button.setChecked(ask.pain == value)
        answer = check_in_answer(ask.effort, ask.pain)
        if not answer:
            self.noted.setText("")
        elif ask.saved is Saved.SAVED:
            # TRANSLATORS: {answer} is the check-in's answer, "hard, pain 3"
            self.noted.setText(_("Noted: {answer}").format(answer=answer))
        elif ask.saved is Saved.WAITING:
            self.noted.setText(_("Noted: {answer} (not saved yet)").format(answer=answer))
        else:
            self.noted.setText(_("Noted: {answer} (not saved)").format(answer=answer))
        keys = " · ".join(f"{key} {_(words)}" for key, words in EFFORT_KEYS)
        self.hint.setVisible(not self._compact or ask.saved in (Saved.WAITING, Saved.NOT_SAVED))
        if ask.saved is Saved.WAITING and ask.why:
            self.hint.setText(ask.why)
        elif ask.saved is Saved.NOT_SAVED:
            self.hint.setText(_("Your history is not being saved right now: this answer is not kept."))
        elif self._compact:
            self.hint.setText("")
        elif digits_here:
            self.hint.setText(_("Now the digits answer this: the pain during it, 0–9 (1 then 0 for 10). "
                                "After that they are your lower back's."))  # fmt: skip
        else:
            # TRANSLATORS: {keys} is the effort keys and their words, "E easy · A about right · H hard"
            self.hint.setText(_("{keys}, then the digits give the pain during it. Until then they are your "
                                "lower back's.   Optional.").format(keys=keys))  # fmt: skip
        self.setAccessibleName(f"{self.question.text()} {self.noted.text()}".strip())

    def restyle(self, pixels: float) -> None:
        """Sizes from the page's: the question and what was noted read from 3 m."""
        self.question.setFont(pixel_font(self, pixels * 1.15, bold=True))
        self.noted.setFont(pixel_font(self, pixels * 1.15, bold=True))
        self.hint.setFont(pixel_font(self, max(12, pixels * 0.7)))
        self.hint.setStyleSheet(f"color: {dimmed_text(self).name()};")
        self.pain_label.setFont(pixel_font(self, pixels))
        style = _answer_style(self)
        for button in (*self.effort_buttons, *self.pain_buttons):
            button.setFont(pixel_font(self, pixels, bold=True))
            button.setMinimumHeight(int(pixels * 1.7))
            if button.styleSheet() != style:  # set again, it would re-polish the button at every fitting
                button.setStyleSheet(style)
        for button in self.pain_buttons:
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance("10") + 2 * 8 + 2 * 3 + 2)


class StopCardView(QFrame):
    """The safety card: stop for today, and why; not medical advice. During a
    session (paused for it) its answers are "Stop for today" [Esc] and, quieter,
    "Carry on anyway" [C]; on the finished screen it takes the place of
    "Start again", and "Stop for today" goes back to the start [Enter]."""

    stop_requested = Signal()
    carry_on_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stopCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # it takes the focus when it shows: Space presses nothing
        self.advice = named(PlainLabel(), "stopCardAdvice")
        self.advice.setWordWrap(True)
        self.why = named(PlainLabel(), "stopCardWhy")
        self.why.setWordWrap(True)
        self.caveat = named(PlainLabel(), "stopCardCaveat")
        self.caveat.setWordWrap(True)
        self.stop_button = key_button(_("■  Stop for today   [Esc]"), "stopForTodayButton")
        self.stop_button.clicked.connect(self.stop_requested)
        self.carry_on_button = named(QPushButton(), "carryOnButton")
        set_button_text(self.carry_on_button, _("Carry on anyway   [C]"))
        self.carry_on_button.setFlat(True)
        self.carry_on_button.clicked.connect(self.carry_on_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.stop_button, 2)
        buttons.addStretch(1)
        buttons.addWidget(self.carry_on_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.advice)
        layout.addWidget(self.why)
        layout.addWidget(self.caveat)
        layout.addStretch(1)  # the words together at the top, the answers at the foot
        layout.addLayout(buttons)
        self.hide()

    def show_card(self, limit: int, after: bool) -> None:
        advice, why, caveat = stop_card_lines(limit)
        self.advice.setText(advice)
        self.why.setText(why)
        self.caveat.setText(caveat)
        # after the session, the screen's own "Back to start" is the stop (it says so then)
        self.stop_button.setVisible(not after)
        self.setAccessibleName(f"{advice} {why} {caveat}")
        self.show()

    def restyle(self, pixels: float) -> None:
        self.advice.setFont(pixel_font(self, pixels * 1.25, bold=True))
        self.why.setFont(pixel_font(self, pixels))
        self.caveat.setFont(pixel_font(self, max(12, pixels * 0.8)))
        self.caveat.setStyleSheet(f"color: {dimmed_text(self).name()};")
        self.stop_button.setFont(pixel_font(self, pixels, bold=True))
        self.stop_button.setMinimumHeight(int(pixels * 2.4))
        self.carry_on_button.setFont(pixel_font(self, max(12, pixels * 0.8)))
