"""The back questionnaires in the window: the Roland-Morris one statement at
a time, large, answered by Y / N (← goes back one), then the PSFS (the
person's activities, each rated 0-10), and a box to record an Oswestry score
got elsewhere. Pages of the window, like the plan's question: the person may
stand back from the screen, so the statement is large and every answer has
a key. Nothing here scores or decides: ``footdesk.questionnaires`` and the
model's ``Questionnaires`` do.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeySequence, QResizeEvent, QShortcut, QValidator
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from footdesk.appmodel import Screen
from footdesk.i18n import _, n_, weekday_day_month_year
from footdesk.questionnaires import (
    PSFS_ACTIVITY_MAX_CHARS,
    PSFS_HIGH,
    PSFS_LOW,
    PSFS_MAX_ACTIVITIES,
    RMDQ_COUNT,
    RMDQ_INSTRUCTIONS,
    RMDQ_STATEMENTS,
    Activity,
    activity_name,
    earliest_taken_on,
)
from footdesk.report import QUESTIONNAIRE_TITLES, score_text
from footdesk.ui.theme import PlainLabel, dimmed_text, key_button, named, pixel_font, scrolling_body

if TYPE_CHECKING:
    from footdesk.ui.main_window import MainWindow


class RmdqPage(QWidget):
    answered = Signal(bool)
    back_requested = Signal()
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rmdqPage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._index = 0
        self.heading = named(PlainLabel(_(QUESTIONNAIRE_TITLES["rmdq"])), "rmdqHeading")
        self.heading.setWordWrap(True)
        self.instructions = named(PlainLabel(_(RMDQ_INSTRUCTIONS)), "rmdqInstructions")
        self.instructions.setWordWrap(True)
        self.counter = named(PlainLabel(), "rmdqCounter")
        self.statement = named(PlainLabel(), "rmdqStatement")
        self.statement.setWordWrap(True)
        self.yes_button = key_button(_("Yes   [Y]"), "rmdqYes")
        self.yes_button.clicked.connect(lambda: self.answered.emit(True))
        self.no_button = key_button(_("No   [N]"), "rmdqNo")
        self.no_button.clicked.connect(lambda: self.answered.emit(False))
        # TRANSLATORS: a button: back to the statement before
        self.back_button = key_button(_("←  Back"), "rmdqBack")
        self.back_button.clicked.connect(self.back_requested)
        self.stop_button = key_button(_("Stop, keep nothing   [Esc]"), "rmdqStop")
        self.stop_button.clicked.connect(self.stop_requested)
        self.setAccessibleName(_("Roland-Morris questionnaire"))
        # TRANSLATORS: the buttons' names for a screen reader; "Back": to the statement before
        for button, name in ((self.yes_button, _("Yes")), (self.no_button, _("No")), (self.back_button, _("Back")),
                             (self.stop_button, _("Stop, keep nothing"))):  # fmt: skip
            button.setAccessibleName(name)  # the words, without the key in brackets
        _scroller, body, outer = scrolling_body(self)
        column = self._column = QVBoxLayout(body)
        column.setContentsMargins(48, 32, 48, 8)
        column.setSpacing(14)
        top = self._top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        column.addLayout(top)
        column.addWidget(self.instructions)
        column.addWidget(self.statement)
        column.addStretch(1)
        answers = self._answers = QHBoxLayout()
        answers.addWidget(self.yes_button, 2)
        answers.addSpacing(16)
        answers.addWidget(self.no_button, 2)
        answers.setContentsMargins(48, 8, 48, 8)
        others = self._others = QHBoxLayout()
        others.addWidget(self.back_button, 1)
        others.addStretch(1)
        others.addWidget(self.stop_button, 1)
        others.setContentsMargins(48, 0, 48, 20)
        outer.addLayout(answers)
        outer.addLayout(others)

    def show_statement(self, index: int) -> str:
        """The statement ``index`` (0-based); returns it in words for the screen reader."""
        self.counter.setText(_("Statement {number} of {count}").format(number=index + 1, count=RMDQ_COUNT))
        self.statement.setText(_(RMDQ_STATEMENTS[index]))
        self.back_button.setEnabled(index > 0)
        self._index = index
        self._fit()
        # TRANSLATORS: said by a screen reader: {counter} is "Statement 3 of 24", {statement} the statement
        return _("{counter}: {statement} Yes or no?").format(
            counter=self.counter.text(), statement=self.statement.text()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The statement as large as the height allows; on a short window (a
        laptop at 225 %) the instructions show with the first statement when
        they fit above it, so the statement itself is never cut."""
        height = max(1, self.height())
        short = height < 520
        margin = 16 if short else 48
        self._column.setContentsMargins(margin, 12 if short else 32, margin, 4)
        self._answers.setContentsMargins(margin, 4 if short else 8, margin, 4 if short else 8)
        self._others.setContentsMargins(margin, 0, margin, 8 if short else 20)
        self.heading.setFont(pixel_font(self, max(13, height * 0.032), bold=True))
        self.counter.setFont(pixel_font(self, max(13, height * 0.03)))
        self.instructions.setFont(pixel_font(self, max(12, height * 0.024)))
        self.instructions.setStyleSheet(f"color: {dimmed_text(self).name()};")
        self.statement.setFont(pixel_font(self, max(20, height * 0.062), bold=True))
        for button in (self.yes_button, self.no_button):
            button.setFont(pixel_font(self, max(16, height * 0.045), bold=True))
            button.setMinimumHeight(int(max(40, height * 0.1)))
        for button in (self.back_button, self.stop_button):
            button.setFont(pixel_font(self, max(12, height * 0.026)))
        self.instructions.setVisible(self._index == 0 and self.instructions_fit())

    def instructions_fit(self) -> bool:
        """Whether the heading, the instructions and the statement all fit above
        the answers at this size (the buttons below stay in view, the text
        above them scrolls: only what fits without scrolling counts)."""
        width = max(1, self.width() - 2 * self._column.contentsMargins().left())
        spacing = self._column.spacing()
        top = max(self.heading.heightForWidth(max(1, width - self.counter.sizeHint().width() - 8)),
                  self.counter.sizeHint().height())  # fmt: skip
        margins = self._column.contentsMargins()
        needed = (margins.top() + top + spacing + self.instructions.heightForWidth(width) + spacing
                  + self.statement.heightForWidth(width) + margins.bottom())  # fmt: skip
        below = self._answers.sizeHint().height() + self._others.sizeHint().height()
        return needed <= self.height() - below


NOT_RATED = "–"


class RatingBox(QSpinBox):
    """A PSFS rating, 0-10, "–" until rated (never a silent 0). A digit typed
    beside the "–" rates it (a plain spin box refused the keystroke without a
    word), the whole text is selected when the box gets the focus (so a digit
    replaces the rating there), and a number past 10 becomes 10, shown,
    rather than the second digit dropped silently."""

    def __init__(self) -> None:
        super().__init__()
        self.setRange(-1, 10)
        self.setSpecialValueText(NOT_RATED)
        self.setValue(-1)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.selectAll()
        if (
            event.reason() is Qt.FocusReason.MouseFocusReason
        ):  # the click places the cursor after this: select again then
            QTimer.singleShot(0, self, self.selectAll)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        digits = text.replace(NOT_RATED, "").strip()
        if not digits:
            return QValidator.State.Intermediate, text, pos
        if not digits.isascii() or not digits.isdigit():
            return QValidator.State.Invalid, text, pos
        kept = str(min(int(digits), 10))
        return QValidator.State.Acceptable, kept, min(pos, len(kept))

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt's name
        digits = text.replace(NOT_RATED, "").strip()
        return min(int(digits), 10) if digits.isascii() and digits.isdigit() else -1


class PsfsPage(QWidget):
    save_requested = Signal()
    skip_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("psfsPage")
        self.heading = named(PlainLabel(_(QUESTIONNAIRE_TITLES["psfs"])), "psfsHeading")
        self.heading.setWordWrap(True)
        self.before = named(PlainLabel(), "psfsBefore")  # what was just saved (the Roland-Morris)
        self.before.setWordWrap(True)
        # TRANSLATORS: {low} and {high} say what the ends of the 0-10 scale mean ("0 = unable to do the activity")
        instructions = n_(
            "Name up to {count} activity you find hard because of your back, and rate how well you can do it today. "
            "{low}; {high}.",
            "Name up to {count} activities you find hard because of your back, and rate how well you can do each "
            "today. {low}; {high}.",
            PSFS_MAX_ACTIVITIES,
        ).format(count=PSFS_MAX_ACTIVITIES, low=_(PSFS_LOW), high=_(PSFS_HIGH))
        self.instructions = named(PlainLabel(instructions), "psfsInstructions")
        self.instructions.setWordWrap(True)
        self.problem = named(PlainLabel(), "psfsProblem")
        self.problem.setWordWrap(True)
        grid = self._make_rows()
        self.save_button = key_button(_("Save   [Enter]"), "psfsSave")
        self.save_button.clicked.connect(self.save_requested)
        self.skip_button = key_button(_("Not this time   [Esc]"), "psfsSkip")
        self.skip_button.clicked.connect(self.skip_requested)
        self.save_button.setAccessibleName(_("Save"))
        self.skip_button.setAccessibleName(_("Not this time"))
        _scroller, body, outer = scrolling_body(self)
        column = self._column = QVBoxLayout(body)
        column.setContentsMargins(48, 32, 48, 8)
        column.setSpacing(14)
        for widget in (self.heading, self.before, self.instructions):
            column.addWidget(widget)
        column.addLayout(grid)
        column.addWidget(self.problem)
        column.addStretch(1)
        buttons = self._buttons = QHBoxLayout()
        buttons.addWidget(self.save_button, 2)
        buttons.addSpacing(16)
        buttons.addWidget(self.skip_button, 1)
        buttons.setContentsMargins(48, 8, 48, 20)
        outer.addLayout(buttons)

    def _make_rows(self) -> QGridLayout:
        """Each activity's name and its rating, under their column names."""
        self.names: list[QLineEdit] = []
        self.ratings: list[RatingBox] = []
        grid = self._grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.column_names = (named(PlainLabel(_("Activity")), "psfsActivityHeading"),
                             named(PlainLabel(_("Today, 0 – 10")), "psfsRatingHeading"))  # fmt: skip
        grid.addWidget(self.column_names[0], 0, 0)
        grid.addWidget(self.column_names[1], 0, 1)
        for row in range(PSFS_MAX_ACTIVITIES):
            name = named(QLineEdit(), f"psfsActivity{row + 1}")
            name.setMaxLength(PSFS_ACTIVITY_MAX_CHARS)
            name.setPlaceholderText(
                _("An activity, e.g. sitting through a film") if row == 0 else _("Another (optional)")
            )
            name.setAccessibleName(_("Activity {number}").format(number=row + 1))
            rating = named(RatingBox(), f"psfsRating{row + 1}")
            # TRANSLATORS: a rating box's name for a screen reader, with what the ends of the 0-10 scale mean
            rating.setAccessibleName(_("Activity {number}: 0 unable, 10 as before").format(number=row + 1))
            grid.addWidget(name, row + 1, 0)
            grid.addWidget(rating, row + 1, 1)
            self.names.append(name)
            self.ratings.append(rating)
        grid.setColumnStretch(0, 1)
        return grid

    def begin(self, activities: tuple[str, ...], before: str | None) -> None:
        """Empty ratings, the activities of last time in their fields (to keep or change)."""
        self.before.setText(before or "")
        self.before.setVisible(before is not None)
        self.problem.hide()
        for row, (name, rating) in enumerate(zip(self.names, self.ratings, strict=True)):
            name.setText(activities[row] if row < len(activities) else "")
            rating.setValue(-1)

    def rated(self) -> list[Activity] | str:
        """The activities named and rated, or what is missing in words."""
        out = []
        for row, (name, rating) in enumerate(zip(self.names, self.ratings, strict=True)):
            text = activity_name(name.text())
            if text is None and rating.value() < 0:
                continue
            if text is None:
                return _("Activity {number} has a rating but no name.").format(number=row + 1)
            if rating.value() < 0:
                return _("Rate “{activity}” from 0 to 10.").format(activity=text)
            out.append(Activity(text, rating.value()))
        return out or _("Name at least one activity and rate it, or choose Not this time.")

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        height = max(1, self.height())
        short = height < 520  # a laptop at 225 %: smaller margins and type, so the three rows stay in view
        margin = 16 if short else 48
        self._column.setContentsMargins(margin, 8 if short else 32, margin, 4)
        self._column.setSpacing(6 if short else 14)
        self._grid.setVerticalSpacing(4 if short else 8)
        self._buttons.setContentsMargins(margin, 4, margin, 8 if short else 20)
        self.heading.setFont(pixel_font(self, max(14, height * 0.034), bold=True))
        for label in (self.before, self.instructions, self.problem):
            label.setFont(pixel_font(self, max(12, height * 0.026)))
        for field in (*self.names, *self.ratings):
            field.setFont(pixel_font(self, max(14, height * 0.034)))
        for label in self.column_names:
            label.setFont(pixel_font(self, max(11, height * 0.024)))
            label.setStyleSheet(f"color: {dimmed_text(self).name()};")
        for rating in self.ratings:
            rating.setMinimumWidth(int(rating.fontMetrics().horizontalAdvance("10") * 2 + height * 0.06))
        for button in (self.save_button, self.skip_button):
            button.setFont(pixel_font(self, max(14, height * 0.032), bold=True))
            button.setMinimumHeight(int(max(36, height * 0.08)))


class OdiDialog(QDialog):
    """An Oswestry score got elsewhere (the questionnaire is licensed: footdesk has none of its text)."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("odiDialog")
        self.setWindowTitle(_("Record an Oswestry score"))
        note = PlainLabel(
            _(
                "The Oswestry Disability Index is licensed, so footdesk does not include it. "
                "If you answered it elsewhere (with your physiotherapist, say), record its score here."
            )
        )
        note.setWordWrap(True)
        self.score = named(QSpinBox(), "odiScore")
        self.score.setRange(0, 100)
        self.score.setSuffix(" %")
        self.taken_on = named(QDateEdit(), "odiDate")
        self.taken_on.setCalendarPopup(True)
        self.taken_on.setMaximumDate(QDate(today.year, today.month, today.day))
        earliest = earliest_taken_on(today)
        self.taken_on.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        self.taken_on.setDate(QDate(today.year, today.month, today.day))
        self.taken_on.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow(_("Score"), self.score)
        form.addRow(_("Answered on"), self.taken_on)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("odiButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(note)
        column.addLayout(form)
        column.addWidget(buttons)

    def chosen_date(self) -> date:
        picked = self.taken_on.date()
        return date(picked.year(), picked.month(), picked.day())


class QuestionnairePrompts(QObject):
    """The window's part of the back questionnaires, kept beside the window:
    the offer on home (its Q key and Not now), the pages, and Routine →
    Back questionnaire… / Record an Oswestry score…"""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = model = window.model
        self._rmdq: RmdqPage | None = None
        self._psfs: PsfsPage | None = None
        self._saved: list[str] = []  # this round's scores, said once it ends
        self.answer_action = QAction(_("Bac&k questionnaire…"), window)
        self.answer_action.setObjectName("questionnaireAction")
        self.answer_action.triggered.connect(self.begin)
        self.odi_action = QAction(_("Record an &Oswestry score…"), window)
        self.odi_action.setObjectName("odiAction")
        self.odi_action.triggered.connect(self.record_odi)
        separator = next((action for action in window.routine_menu.actions() if action.isSeparator()), None)
        for action in (self.answer_action, self.odi_action):
            window.routine_menu.insertAction(separator, action)  # type: ignore[arg-type]
        window.routine_menu.aboutToShow.connect(self.enable)
        self._shortcut("Q", self._q_pressed).setEnabled(True)
        # on the pages their own keys answer; the window's (Space starts, N skips…) wait meanwhile
        self._rmdq_keys = [self._shortcut(key, lambda: self._answer(True)) for key in ("Y",)]
        self._rmdq_keys += [self._shortcut("N", lambda: self._answer(False))]
        self._rmdq_keys += [self._shortcut(key, self._back) for key in ("Left", "Backspace", "B")]
        self._rmdq_keys += [self._shortcut("Esc", self._stop)]
        self._psfs_keys = [self._shortcut(key, self._save_psfs) for key in ("Return", "Enter")]
        self._psfs_keys += [self._shortcut("Esc", self._skip_psfs)]
        window.stack.currentChanged.connect(lambda _index: self._keys_follow_the_page())
        window.home.questionnaire_requested.connect(self.begin)
        window.home.questionnaire_declined.connect(model.questionnaires.not_now)
        for changed in (model.week_changed, model.settings_changed, model.session_changed, model.offers_changed,
                        model.questionnaires.changed):  # fmt: skip
            changed.connect(lambda _changed: self.show_offer())
        self.show_offer()

    def _shortcut(self, key: str, slot: Callable[[], object]) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self.window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        shortcut.setEnabled(False)
        return shortcut

    def _keys_follow_the_page(self) -> None:
        """The pages' keys while one shows; the window's everywhere else."""
        page = self.window.stack.currentWidget()
        ours = page is not None and page in (self._rmdq, self._psfs)
        for shortcut in self.window._shortcuts:
            shortcut.setEnabled(not ours)
        for shortcut in self._rmdq_keys:
            shortcut.setEnabled(page is not None and page is self._rmdq)
        for shortcut in self._psfs_keys:
            shortcut.setEnabled(page is not None and page is self._psfs)

    def show_offer(self) -> None:
        from footdesk.report import questionnaire_offer_text

        q = self.model.questionnaires
        due = self.model.screen is Screen.HOME and q.due()
        self.window.home.show_questionnaire_offer(questionnaire_offer_text(q.weeks_since_last()) if due else None)

    def enable(self) -> None:
        self.answer_action.setEnabled(not self.model.session_active)

    def _q_pressed(self) -> None:
        if self.window.stack.currentWidget() is self.window.home and self.model.plans.question is None:
            self.begin()

    @property
    def rmdq_page(self) -> RmdqPage:
        if self._rmdq is None:
            page = self._rmdq = RmdqPage()
            page.answered.connect(self._answer)
            page.back_requested.connect(self._back)
            page.stop_requested.connect(self._stop)
            self.window._add_page(page)
        return self._rmdq

    @property
    def psfs_page(self) -> PsfsPage:
        if self._psfs is None:
            page = self._psfs = PsfsPage()
            page.save_requested.connect(self._save_psfs)
            page.skip_requested.connect(self._skip_psfs)
            self.window._add_page(page)
        return self._psfs

    def begin(self) -> None:
        """The Roland-Morris from its first statement (never during a session)."""
        if self.model.questionnaires.begin_rmdq() is None:
            return
        page = self.rmdq_page
        words = page.show_statement(0)
        self.window._show_page(page, page)
        self.window.announce(words)

    def _answer(self, yes: bool) -> None:
        q = self.model.questionnaires
        if q.rmdq is None:
            return
        saved = q.answer(yes)
        if q.rmdq is not None and not q.rmdq.complete:
            self.window.announce(self.rmdq_page.show_statement(q.rmdq.index))
        elif saved is not None:
            self._saved = [score_text("rmdq", saved.score)]
            self._to_psfs(_("Saved: {score}.").format(score=self._saved[0]))

    def _back(self) -> None:
        q = self.model.questionnaires
        q.back()
        if q.rmdq is not None:
            self.window.announce(self.rmdq_page.show_statement(q.rmdq.index))

    def _stop(self) -> None:
        self.model.questionnaires.leave()
        self._home()
        self.window.show_notice(_("Stopped: nothing of that questionnaire was kept."))

    def _to_psfs(self, before: str) -> None:
        page = self.psfs_page
        page.begin(self.model.questionnaires.activities(), before)
        first = page.names[0] if not page.names[0].text() else page.ratings[0]
        self.window._show_page(page, first)
        first.setFocus(Qt.FocusReason.TabFocusReason)
        # TRANSLATORS: said by a screen reader: {before} is "Saved: …", then the page's heading and instructions
        said = _("{before} {heading}: {instructions}")
        self.window.announce(
            said.format(before=before, heading=page.heading.text(), instructions=page.instructions.text())
        )

    def _save_psfs(self) -> None:
        page = self.psfs_page
        rated = page.rated()
        if isinstance(rated, str):
            page.show_problem(rated)
            self.window.announce(rated)
            return
        saved = self.model.questionnaires.save_psfs(rated)
        if saved is None:
            return  # said as a notice; the answers stay on the page
        self._saved.append(score_text("psfs", saved.score))
        self._home()

    def _skip_psfs(self) -> None:
        self._home()

    def _home(self) -> None:
        self.window._show_page(self.window.home, self.window.home.start_button)
        self.show_offer()
        if self._saved:
            # TRANSLATORS: {scores} is "Roland-Morris 5 of 24 · PSFS 6.3 of 10"
            said = _("Saved: {scores}. Your week (Ctrl+H) shows the trend.")
            self.window.show_notice(said.format(scores=" · ".join(self._saved)))
            self._saved = []

    def record_odi(self) -> None:
        dialog = OdiDialog(self.model.today(), self.window)
        accepted = self.window.run_dialog(dialog) == QDialog.DialogCode.Accepted
        score, taken_on = dialog.score.value(), dialog.chosen_date()
        self.window._done_with(dialog)
        if accepted and self.model.questionnaires.record_odi(score, taken_on) is not None:
            said = _("Recorded: {score} on {date}.")
            self.window.show_notice(said.format(score=score_text("odi", score), date=weekday_day_month_year(taken_on)))
