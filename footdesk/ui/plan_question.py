"""The question before a session that would be harder than the last: "Go up
now" or "Not yet", answered by a key from across the room.

A page of the window, not a modal box: the person stands a few metres away,
so the answer is two big buttons and keys (Enter or U, N or Esc), and the
numbers before and after are large enough to read from there.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from footdesk.plan import Proposal, proposal_line
from footdesk.ui.theme import PlainLabel, dimmed_text, key_button, named, pixel_font, scrolling_body

GO_UP = "Go up now"
NOT_YET = "Not yet"


def question_text(proposal: Proposal) -> str:
    """ "Next: Build — Wall sit: 3 × 0:45 (now 2 × 0:30)"."""
    return f"Next: {proposal.title} — {proposal_line(proposal)}"


class PlanQuestion(QWidget):
    answered = Signal(bool)
    """True: go up now; False: not yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planQuestion")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the keys reach the window's, not a button's, meaning
        self.heading = named(PlainLabel("Ready to make it harder?"), "planQuestionHeading")
        self.heading.setWordWrap(True)
        self.body = named(PlainLabel(), "planQuestionBody")
        self.body.setWordWrap(True)
        self.note = named(
            PlainLabel("Not yet keeps today's numbers; footdesk asks again on another day."), "planQuestionNote"
        )
        self.note.setWordWrap(True)
        self.go_up_button = key_button(f"▲  {GO_UP}   [Enter / U]", "goUpButton")
        self.go_up_button.setAccessibleName(GO_UP)
        self.go_up_button.clicked.connect(lambda: self.answered.emit(True))
        self.not_yet_button = key_button(f"{NOT_YET}   [N / Esc]", "notYetButton")
        self.not_yet_button.setAccessibleName(NOT_YET)
        self.not_yet_button.clicked.connect(lambda: self.answered.emit(False))
        _, body, outer = scrolling_body(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(48, 48, 48, 8)
        column.setSpacing(18)
        column.addWidget(self.heading)
        column.addWidget(self.body)
        column.addWidget(self.note)
        column.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.go_up_button, 1)
        buttons.addSpacing(16)
        buttons.addWidget(self.not_yet_button, 1)
        buttons.setContentsMargins(48, 8, 48, 28)
        outer.addLayout(buttons)  # in view even when the words scroll

    def ask(self, proposal: Proposal) -> str:
        """Show the question; returns it in words (for the screen reader)."""
        self.body.setText(question_text(proposal))
        return f"{self.heading.text()} {self.body.text()}. {GO_UP}, or {NOT_YET}."

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        height = max(1, self.height())
        self.heading.setFont(pixel_font(self, max(24, height * 0.065), bold=True))
        self.body.setFont(pixel_font(self, max(18, height * 0.045)))
        self.note.setFont(pixel_font(self, max(14, height * 0.026)))
        self.note.setStyleSheet(f"color: {dimmed_text(self).name()};")
        for button in (self.go_up_button, self.not_yet_button):
            button.setFont(pixel_font(self, max(18, height * 0.04), bold=True))
            button.setMinimumHeight(int(max(56, height * 0.1)))
