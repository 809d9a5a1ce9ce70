"""The question before a session that would be harder than the last: "Go up
now" or "Not yet", answered by a key from across the room.

A page of the window, not a modal box: the person stands a few metres away,
so the answer is two big buttons and keys (Enter or U, N or Esc), and the
numbers before and after are large enough to read from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from footdesk.i18n import N_, _
from footdesk.plan import Change, Proposal, held_line, pain_gate, proposal_line
from footdesk.report import step_timing
from footdesk.ui.theme import PlainLabel, dimmed_text, key_button, named, pixel_font, scrolling_body

if TYPE_CHECKING:
    from footdesk.ui.main_window import MainWindow

GO_UP = N_("Go up now")
NOT_YET = N_("Not yet")


def question_text(proposal: Proposal) -> str:
    """ "Next: Build — Wall sit: 3 × 0:45 (now 2 × 0:30)"; for a plan that began
    before the first session, where its calendar is."""
    if proposal.change is Change.CATCH_UP:
        # TRANSLATORS: {phase} is the plan's phase ("Build"), {change} what changes
        # ("Wall sit: 3 x 0:45 (now 2 x 0:30)"); "Not yet" is the button's name
        return _("Your plan began before your first session here: by its calendar this week is {phase} — "
                 "{change}. Not yet starts at its beginning.").format(phase=proposal.title,
                                                                       change=proposal_line(proposal))  # fmt: skip
    # TRANSLATORS: {phase} is the plan's next phase ("Build"), {change} what changes
    # ("Wall sit: 3 x 0:45 (now 2 x 0:30)")
    return _("Next: {phase} — {change}").format(phase=proposal.title, change=proposal_line(proposal))


class PlanQuestion(QWidget):
    answered = Signal(bool)
    """True: go up now; False: not yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planQuestion")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the keys reach the window's, not a button's, meaning
        self.heading = named(PlainLabel(_("Ready to make it harder?")), "planQuestionHeading")
        self.setAccessibleName(self.heading.text())  # the page takes the focus: it says what it asks
        self.heading.setWordWrap(True)
        self.body = named(PlainLabel(), "planQuestionBody")
        self.body.setWordWrap(True)
        self.note = named(
            PlainLabel(_("Not yet keeps today's numbers; footdesk asks again on another day.")), "planQuestionNote"
        )
        self.note.setWordWrap(True)
        self.go_up_button = key_button(_("▲  Go up now   [Enter / U]"), "goUpButton")
        self.go_up_button.setAccessibleName(_(GO_UP))
        self.go_up_button.clicked.connect(lambda: self.answered.emit(True))
        self.not_yet_button = key_button(_("Not yet   [N / Esc]"), "notYetButton")
        self.not_yet_button.setAccessibleName(_(NOT_YET))
        self.not_yet_button.clicked.connect(lambda: self.answered.emit(False))
        _scroll, body, outer = scrolling_body(self)
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
        self.setAccessibleDescription(self.body.text())
        # TRANSLATORS: read by a screen reader: the question's heading and body, then the two buttons' names
        return _("{heading} {question}. Go up now, or Not yet.").format(
            heading=self.heading.text(), question=self.body.text()
        )

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


class PlanPrompts(QObject):
    """The window's part of a routine's plan, kept beside the window rather
    than in it: the plan's lines on home, the question page before a harder
    session (and its U key; Enter, N and Esc are the model's keys), and
    Routine → Move to the next phase, asked first with what changes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = model = window.model
        self._page: PlanQuestion | None = None
        self.next_phase_action = QAction(_("Move to the &next phase…"), window)
        self.next_phase_action.setObjectName("nextPhaseAction")
        self.next_phase_action.triggered.connect(self.move_to_next_phase)
        separator = next((action for action in window.routine_menu.actions() if action.isSeparator()), None)
        window.routine_menu.insertAction(separator, self.next_phase_action)  # type: ignore[arg-type]
        window.routine_menu.aboutToShow.connect(self.enable)
        go_up = QShortcut(QKeySequence("U"), window)  # "Go up now", besides Enter
        go_up.setContext(Qt.ShortcutContext.WindowShortcut)
        go_up.activated.connect(lambda: model.answer(go_up=True) if model.plans.question is not None else None)
        model.plans.question_changed.connect(self._show_question)
        for changed in (model.routine_changed, model.settings_changed, model.week_changed):
            changed.connect(lambda _changed: self.show_plan())  # a rating changes what the pain gate says
        self.show_plan()

    @property
    def page(self) -> PlanQuestion:
        """The question page, made the first time a question is asked."""
        if self._page is None:
            self._page = PlanQuestion()
            self._page.answered.connect(lambda go_up: self.model.answer(go_up))
            self.window._add_page(self._page)
        return self._page

    def show_plan(self) -> None:
        self.window.home.show_plan(self.model.plans.status())
        self.enable()

    def enable(self) -> None:
        """Moving on early is there for a routine with a plan, before its last phase, between sessions."""
        self.next_phase_action.setEnabled(not self.model.session_active and self.model.plans.early_move() is not None)

    def _show_question(self, proposal: Proposal | None) -> None:
        """A start waits for the person's answer (None: answered, or no longer asked)."""
        window = self.window
        if proposal is not None:
            words = self.page.ask(proposal)
            window._show_page(self.page, self.page)
            window.announce(words)
        elif self._page is not None and window.stack.currentWidget() is self._page:
            window._show_page(window.home, window.home.start_button)

    def move_to_next_phase(self) -> None:
        """Routine → Move to the next phase: asked first, with what changes."""
        move = None if self.model.session_active else self.model.plans.early_move()
        if move is None:
            return
        from PySide6.QtWidgets import QMessageBox  # its enums cost 2 ms: not before the first frame

        # TRANSLATORS: a step's dose after moving on, and now; {after} and {before} are "3 x 0:45"
        lines = [_("{step}: {after} (now {before})").format(step=change.after.title, after=step_timing(change.after),
                                                             before=step_timing(change.before))
                 for change in move.changes] or [_("The numbers stay as they are.")]  # fmt: skip
        # TRANSLATORS: {phase} is the plan's next phase ("Build")
        asked = _("Move to {phase} now?").format(phase=move.title)
        held = pain_gate(self.model.plans.pain_week())  # moving on early is the person's choice; the pain is said
        pain = (
            # TRANSLATORS: {held} says why the plan holds back ("Your lower back was 6 or more on 2 days this week.")
            [_("{held} footdesk proposes nothing harder this week.").format(held=held_line(*held)), ""] if held else []
        )
        text = "\n".join([asked, "", *lines, "", *pain, _("Its weeks count from today.")])
        box = QMessageBox(QMessageBox.Icon.Question, asked, text, QMessageBox.StandardButton.NoButton, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # titles come from a routine file: never markup
        box.setObjectName("nextPhaseQuestion")
        move_on = box.addButton(_("Move to {phase}").format(phase=move.title), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(_("Stay"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        self.window.run_dialog(box)
        moved = box.clickedButton() is move_on
        self.window._done_with(box)
        if moved and self.model.plans.move_on_early():
            self.window.show_notice(_("You are in {phase} now.").format(phase=move.title))
