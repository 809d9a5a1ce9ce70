"""The first screen: the routine at a glance and one big way to start it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from footdesk.i18n import _, n_
from footdesk.plan import held_line
from footdesk.routine import Routine, Step
from footdesk.timefmt import spoken_duration
from footdesk.ui.theme import (
    HintedLabel,
    PlainLabel,
    dimmed_text,
    key_button,
    named,
    pixel_font,
    scrolling_body,
    set_button_text,
)
from footdesk.ui.week_widgets import DayStrip

if TYPE_CHECKING:
    from collections.abc import Sequence

    from footdesk.library import Entry
    from footdesk.model.pictures import StepPicture
    from footdesk.model.plans import PlanStatus
    from footdesk.ui.picture_view import PictureLoader, PictureView
    from footdesk.week import WeekSummary


def step_timing_text(step: Step) -> str:
    from footdesk.report import step_timing

    return step_timing(step)


def routine_summary(routine: Routine) -> str:
    from footdesk.report import dose_words

    # TRANSLATORS: the routine's length on the home screen; {duration} is "4 minutes"
    parts = [_("{duration} of exercise").format(duration=spoken_duration(routine.total_seconds))]
    habits = sum(1 for step in routine.steps if step.habit)
    tips = sum(1 for step in routine.steps if not step.timed and not step.habit)
    if habits:
        parts.append(n_("{count} habit to keep", "{count} habits to keep", habits).format(count=habits))
    if tips:
        parts.append(n_("{count} tip", "{count} tips", tips).format(count=tips))
    if dose := dose_words(routine.dose):
        parts.append(dose)
    return "  ·  ".join(parts)


_SIDE_MARGIN = 48
_COMPACT_BELOW_PX = 560
"""A home screen shorter than this (in Qt's pixels) saves room between things."""
"""The home screen's left and right margin (logical pixels)."""
_PREVIEWS_FROM_PX = 720
"""Narrower than this (a laptop at 225 %), the steps' previews step aside for their words."""


class HomeView(QWidget):
    start_requested = Signal()
    self_check_requested = Signal()
    settings_requested = Signal()
    review_requested = Signal()
    routines_requested = Signal()
    routine_chosen = Signal(str)
    """The person picked another routine (its id)."""
    resume_requested = Signal()
    restore_requested = Signal()
    leave_requested = Signal()
    questionnaire_requested = Signal()
    questionnaire_declined = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homeView")
        self._rows: list[tuple[QLabel, QLabel, QLabel]] = []  # the steps shown: number, title, timing
        self._previews: list[PictureView] = []  # a small picture beside each step that has one
        self._loader: PictureLoader | None = None  # made with the first preview (after the first frame)
        self._compact = False  # a short window: ``_fit_height``
        self._make_routine_widgets()
        self._make_week_and_offers()
        self._lay_out()

    def _make_routine_widgets(self) -> None:
        """The routine, its steps, Start and the buttons beside it."""
        self.brand = named(PlainLabel("footdesk"), "brand")
        self.sound_label = named(HintedLabel(), "homeSoundStatus")
        self.sound_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.routine_choice = named(QComboBox(), "routineChoice")
        self.routine_choice.setAccessibleName(_("Routine"))
        self.routine_choice.setToolTip(_("Which routine Start runs; footdesk remembers your choice"))
        self.routine_choice.activated.connect(self._chose)
        self.routine_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.routine_choice.hide()  # shown once there is more than one routine to choose from
        # on Linux a screen reader reads a combo box by its value ("Knee care"): its label says what it is
        self.routine_label = named(PlainLabel(_("Routine:")), "routineChoiceLabel")
        self.routine_label.setBuddy(self.routine_choice)
        self.routine_label.hide()
        self.title = named(PlainLabel(), "routineTitle")
        self.title.setWordWrap(True)
        self.summary = named(PlainLabel(), "routineSummary")
        self.plan_line = named(PlainLabel(), "planLine")  # "Week 3 of 8 · Build", for a routine with a plan
        self.plan_line.setWordWrap(True)
        self.plan_line.hide()
        self.plan_held = named(PlainLabel(), "planHeld")  # why a harder dose waits this week
        self.plan_held.setWordWrap(True)
        self.plan_held.hide()
        self._steps_gap = QSpacerItem(0, 12)
        self.steps_grid = QGridLayout()
        self.steps_grid.setHorizontalSpacing(18)
        self.steps_grid.setVerticalSpacing(12)
        self.start_button = key_button(_("▶  Start routine   [Space]"), "startButton")
        self.start_button.setMinimumHeight(64)
        self.start_button.clicked.connect(self.start_requested)
        self.start_button.setDefault(True)
        self.self_check_button = named(QPushButton(_("Is this for you?")), "selfCheckButton")
        self.self_check_button.clicked.connect(self.self_check_requested)
        self.settings_button = key_button(_("Settings   [Ctrl+,]"), "settingsButton")
        self.routines_button = key_button(_("Your routines…   [Ctrl+R]"), "routinesButton")
        self.routines_button.setToolTip(_("Make your own routine, or import one from your physiotherapist"))
        self.routines_button.clicked.connect(self.routines_requested)
        self.settings_button.clicked.connect(self.settings_requested)

    def _make_week_and_offers(self) -> None:
        """The note, this week's days and streak, and the offers that stay until the person acts."""
        self.note = named(
            PlainLabel(_("Little and often: a few minutes every day is what makes the difference.")), "homeNote"
        )
        self.note.setWordWrap(True)
        self.week_strip = DayStrip(compact=True)
        self.streak_label = named(PlainLabel(), "streakLabel")
        self.streak_label.setWordWrap(True)
        self.today_count = named(PlainLabel(), "todayCount")  # a routine done more than once a day
        self.today_count.hide()
        self.next_reminder = named(PlainLabel(), "nextReminder")
        self.next_reminder.setWordWrap(True)
        self.next_reminder.hide()  # shown while a daily reminder is set
        self.review_button = key_button(_("This week   [Ctrl+H]"), "reviewButton")
        self.review_button.clicked.connect(self.review_requested)
        # offers that stay until the person acts: an interrupted routine, a history moved aside
        self.resume_label = named(PlainLabel(), "resumeOffer")
        self.resume_label.setWordWrap(True)
        self.resume_button = named(QPushButton(_("Resume from there")), "resumeButton")
        self.resume_button.clicked.connect(self.resume_requested)
        self.set_aside_label = named(PlainLabel(), "setAsideNotice")
        self.set_aside_label.setWordWrap(True)
        self.set_aside_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = named(QPushButton(_("Bring its sessions back")), "restoreButton")
        self.restore_button.clicked.connect(self.restore_requested)
        self.leave_button = named(QPushButton(_("Leave it aside")), "leaveButton")
        self.leave_button.clicked.connect(self.leave_requested)
        # the back questionnaires, every few weeks (``questionnaires.is_due``)
        self.questionnaire_label = named(PlainLabel(), "questionnaireOffer")
        self.questionnaire_label.setWordWrap(True)
        self.questionnaire_button = named(QPushButton(), "questionnaireButton")
        set_button_text(self.questionnaire_button, _("Answer it now   [Q]"))  # read as "Answer it now", not "[Q]"
        self.questionnaire_button.clicked.connect(self.questionnaire_requested)
        self.questionnaire_later = named(QPushButton(_("Not now")), "questionnaireLaterButton")
        self.questionnaire_later.clicked.connect(self.questionnaire_declined)
        self.questionnaire_row = named(QWidget(), "questionnaireRow")  # hidden whole: no room taken when none is due
        row = QHBoxLayout(self.questionnaire_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.questionnaire_label, 1)
        row.addWidget(self.questionnaire_button)
        row.addWidget(self.questionnaire_later)
        # none due until the history says so; hidden, not shown: the note's
        # setVisible(True) here, before the layout gives it a parent, made it a
        # window of its own (created, mapped, then reparented) in every start
        self.questionnaire_row.hide()

    def _fit_height(self, compact: bool) -> None:
        """On a short window (large fonts on a laptop: 150 % of 768 pixels) the
        room between things goes first, and the note, so that this week's days
        show whole instead of cut by the scrolling edge."""
        self._compact = compact
        self._root.setContentsMargins(_SIDE_MARGIN, 6 if compact else 28, _SIDE_MARGIN, 4 if compact else 8)
        self._root.setSpacing(6 if compact else 14)
        self._steps_gap.changeSize(0, 2 if compact else 12)
        self.steps_grid.setVerticalSpacing(4 if compact else 12)
        self._buttons.setContentsMargins(48, 4 if compact else 8, 48, 8 if compact else 28)
        self.note.setVisible(not compact and self.questionnaire_row.isHidden())
        self._root.invalidate()

    def _lay_out(self) -> None:
        _scroll, body, outer = scrolling_body(self)
        root = self._root = QVBoxLayout(body)
        top = QHBoxLayout()
        self.brand.setContentsMargins(0, 0, 24, 0)  # its room goes with it when it gives way (fit_header)
        top.addWidget(self.brand)
        top.addWidget(self.routine_label)
        top.addWidget(self.routine_choice)
        top.addWidget(self.routines_button)
        top.addStretch(1)
        top.addWidget(self.sound_label)
        root.addLayout(top)
        root.addWidget(self.title)
        root.addWidget(self.plan_line)
        root.addWidget(self.summary)
        root.addWidget(self.plan_held)
        root.addSpacerItem(self._steps_gap)
        root.addLayout(self.steps_grid)
        root.addStretch(1)
        self._add_offers_and_week(root)
        root.addSpacing(8)
        root.addWidget(self.note)
        root.addWidget(self.questionnaire_row)  # in the note's place while the questionnaires are due
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button, 3)
        buttons.addSpacing(16)
        buttons.addWidget(self.settings_button, 1)
        buttons.addSpacing(8)
        buttons.addWidget(self.self_check_button, 1)
        self._buttons = buttons
        self._fit_height(compact=False)
        outer.addLayout(buttons)  # in view even when the rest scrolls

    def _add_offers_and_week(self, root: QVBoxLayout) -> None:
        """Below the steps: the offers (shown only when there is one), then this week."""
        resume_row = QHBoxLayout()
        resume_row.addWidget(self.resume_label, 1)
        resume_row.addWidget(self.resume_button)
        root.addLayout(resume_row)
        set_aside_row = QHBoxLayout()
        set_aside_row.addWidget(self.set_aside_label, 1)
        set_aside_row.addWidget(self.restore_button)
        set_aside_row.addWidget(self.leave_button)
        root.addLayout(set_aside_row)
        week_row = QHBoxLayout()
        week_row.addWidget(self.week_strip, 3)
        week_row.addSpacing(16)
        week_side = QVBoxLayout()
        week_side.addWidget(self.streak_label)
        week_side.addWidget(self.today_count)
        week_side.addWidget(self.next_reminder)
        week_side.addWidget(self.review_button)
        week_row.addLayout(week_side, 2)
        root.addLayout(week_row)

    def show_routine(self, routine: Routine) -> None:
        """The routine's title, summary and steps (their previews follow: ``show_previews``)."""
        self.show_previews(())
        self.title.setText(routine.title)
        self.summary.setText(routine_summary(routine))
        for row in self._rows:
            for label in row:
                self.steps_grid.removeWidget(label)
                label.deleteLater()
        self._rows = []
        for index, step in enumerate(routine.steps):
            number = named(PlainLabel(f"{index + 1}"), f"stepNumber{index + 1}")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title = PlainLabel(step.title)
            title.setWordWrap(True)  # a long title of one's own wraps at large font sizes, never scrolls sideways
            timing = named(PlainLabel(step_timing_text(step)), f"stepTiming{index + 1}")
            timing.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.steps_grid.addWidget(number, index, 0)
            # column 1 is the previews' (show_previews); empty, it takes no room
            self.steps_grid.addWidget(title, index, 2)
            self.steps_grid.addWidget(timing, index, 3)
            self._rows.append((number, title, timing))
        self.steps_grid.setColumnStretch(2, 1)
        self._restyle()

    def show_plan(self, status: PlanStatus | None) -> None:
        """Where the person is in the routine's plan, and why a harder dose
        waits this week; nothing for a routine without a plan."""
        self.plan_line.setText(status.summary if status is not None else "")
        self.plan_line.setVisible(status is not None)
        held = status.held if status is not None else None
        self.plan_held.setText(held_line(*held) if held is not None else "")
        self.plan_held.setVisible(held is not None)

    def show_previews(self, pictures: Sequence[StepPicture | None]) -> None:
        """A small picture beside each step that has one (``AppModel.pictures.previews``);
        a routine without pictures looks as it did. Decoded off the window's
        thread, each appears when it is ready."""
        for preview in self._previews:
            self.steps_grid.removeWidget(preview)
            preview.deleteLater()
        self._previews = []
        if not any(pictures):
            return
        from footdesk.ui.picture_view import PictureLoader, PictureView

        self._loader = self._loader or PictureLoader(self)
        for index, picture in enumerate(pictures[: len(self._rows)]):
            if picture is None:
                continue
            preview = named(PictureView(self._loader), f"stepPreview{index + 1}")
            self.steps_grid.addWidget(preview, index, 1)
            self._previews.append(preview)
        self._restyle()
        for preview, picture in zip(self._previews, (p for p in pictures if p is not None), strict=False):
            preview.show_picture(picture)

    def previews(self) -> list[PictureView]:
        return list(self._previews)

    def show_week(self, summary: WeekSummary | None, opening: bool = False) -> None:
        """This week at a glance; without a history the strip steps aside."""
        from footdesk.report import home_week_line, today_count_line

        self.week_strip.setVisible(summary is not None)
        self.review_button.setVisible(summary is not None)
        count = today_count_line(summary) if summary is not None else ""
        self.today_count.setText(count)
        self.today_count.setVisible(bool(count))
        if summary is None:
            self.streak_label.setText("" if opening else _("History is not being saved, so there is no week to show."))
            return
        self.week_strip.show_days(summary.days)
        self.streak_label.setText(home_week_line(summary))

    def show_next_reminder(self, text: str) -> None:
        """When the daily reminder next comes ("" when none is set: the line steps aside)."""
        self.next_reminder.setText(text)
        self.next_reminder.setVisible(bool(text))

    def show_routines(self, entries: list[Entry], chosen: str) -> None:
        """The routines Start can run; broken files are listed, not choosable."""
        self.routine_choice.clear()
        for entry in entries:
            # TRANSLATORS: a routine in the list to choose from whose file has a problem; {title} is its title
            label = entry.title if entry.usable else _("{title} (cannot be used)").format(title=entry.title)
            self.routine_choice.addItem(label, entry.id)
            index = self.routine_choice.count() - 1
            if not entry.usable:
                from PySide6.QtGui import QStandardItemModel

                items = self.routine_choice.model()
                if isinstance(items, QStandardItemModel) and (item := items.item(index)) is not None:
                    item.setEnabled(False)
                self.routine_choice.setItemData(index, str(entry.error), Qt.ItemDataRole.ToolTipRole)
        found = self.routine_choice.findData(chosen)
        self.routine_choice.setCurrentIndex(max(0, found))
        self.routine_choice.setVisible(len(entries) > 1)
        self.fit_header()

    def _chose(self, index: int) -> None:
        routine_id = self.routine_choice.itemData(index)
        if isinstance(routine_id, str):
            self.routine_chosen.emit(routine_id)

    def show_resume(self, text: str | None) -> None:
        """Today's interrupted routine, with a way to carry it on (None: nothing to resume)."""
        self.resume_label.setText(text or "")
        self.resume_label.setVisible(bool(text))
        self.resume_button.setVisible(bool(text))

    def show_questionnaire_offer(self, text: str | None) -> None:
        """The calm line offering the back questionnaires (None: none due)."""
        self.questionnaire_label.setText(text or "")
        self.questionnaire_row.setVisible(text is not None)
        self.note.setVisible(text is None and not self._compact)

    def show_set_aside(self, text: str | None, can_restore: bool = False) -> None:
        """A history file moved aside: where it is and what it holds, until the
        person brings its sessions back or leaves it (None: nothing to show)."""
        self.set_aside_label.setText(text or "")
        self.set_aside_label.setVisible(bool(text))
        self.restore_button.setVisible(bool(text) and can_restore)
        self.leave_button.setVisible(bool(text))

    def step_rows(self) -> list[tuple[str, str, str]]:
        return [(n.text(), t.text(), d.text()) for n, t, d in self._rows]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._restyle()
        self.fit_header()

    def fit_header(self) -> None:
        """The header row never makes the screen scroll sideways (large fonts on
        a laptop): the routine's name shortens ("Calf and kn…"), the sound's key
        hint goes, and then the wordmark, which the window's title repeats, then
        the word "Routine:" before the list (still its label to a screen reader)."""
        choice = self.routine_choice
        room = self.width() - 2 * _SIDE_MARGIN
        label = 0
        if choice.isHidden():  # one routine (most starts): nothing to shorten, and a combo's size costs a frame's share
            needed = self.routines_button.sizeHint().width() + self.sound_label.sizeHint().width()
        else:
            shortest = choice.fontMetrics().horizontalAdvance("x" * 14) + 40
            choice.setMinimumWidth(min(choice.sizeHint().width(), shortest))
            others = (choice, self.routines_button, self.sound_label)
            needed = sum(w.minimumSizeHint().width() + 8 for w in others)
            label = self.routine_label.sizeHint().width() + 8
        self.routine_label.setVisible(not choice.isHidden() and needed + label <= room)
        self.brand.setVisible(needed + label + self.brand.sizeHint().width() + 24 <= room)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # dark or light, switched while running
            self._restyle()

    def _restyle(self) -> None:
        height = max(1, self.height())
        if (height < _COMPACT_BELOW_PX) != self._compact:
            self._fit_height(compact=height < _COMPACT_BELOW_PX)
        dim = dimmed_text(self).name()
        self.brand.setFont(pixel_font(self, max(14, height * 0.026), bold=True))
        self.brand.setStyleSheet(f"color: {dim}; letter-spacing: 2px;")
        self.sound_label.setFont(pixel_font(self, max(14, height * 0.026), bold=True))
        self.routine_choice.setFont(pixel_font(self, max(14, height * 0.026)))
        self.routine_label.setFont(pixel_font(self, max(14, height * 0.026)))
        self.routines_button.setFont(pixel_font(self, max(13, height * 0.022)))
        self.title.setFont(pixel_font(self, max(24, height * 0.065), bold=True))
        self.summary.setFont(pixel_font(self, max(15, height * 0.032)))
        self.summary.setStyleSheet(f"color: {dim};")
        self.plan_line.setFont(pixel_font(self, max(15, height * 0.032), bold=True))
        self.plan_held.setFont(pixel_font(self, max(14, height * 0.026)))
        self.plan_held.setStyleSheet(f"color: {dim};")
        row_pixels = max(16, height * 0.036)
        for number, title, timing in self._rows:
            number.setFont(pixel_font(self, row_pixels, bold=True))
            size = int(row_pixels * 1.8)
            number.setFixedSize(size, size)
            number.setStyleSheet(f"border: 2px solid {dim}; border-radius: {size // 2}px;")
            title.setFont(pixel_font(self, row_pixels))
            timing.setFont(pixel_font(self, row_pixels))
            timing.setStyleSheet(f"color: {dim};")
        for preview in self._previews:  # as high as the step's number: a row is no taller for its picture
            preview.setFixedSize(int(row_pixels * 2.4), int(row_pixels * 1.8))
            preview.setVisible(self.width() >= _PREVIEWS_FROM_PX)
        self.note.setFont(pixel_font(self, max(14, height * 0.026)))
        self.streak_label.setFont(pixel_font(self, max(15, height * 0.03), bold=True))
        self.review_button.setFont(pixel_font(self, max(14, height * 0.026)))
        self.next_reminder.setFont(pixel_font(self, max(14, height * 0.024)))
        self.today_count.setFont(pixel_font(self, max(14, height * 0.026)))
        self.next_reminder.setStyleSheet(f"color: {dim};")
        for widget in (self.resume_label, self.resume_button, self.set_aside_label, self.restore_button,
                       self.leave_button):  # fmt: skip
            widget.setFont(pixel_font(self, max(14, height * 0.024)))
        self.week_strip.setFixedHeight(int(max(56, height * 0.09)))
        self.start_button.setFont(pixel_font(self, max(18, height * 0.04), bold=True))
        self.start_button.setMinimumHeight(int(max(56, height * 0.1)))
        for button in (self.settings_button, self.self_check_button):
            button.setFont(pixel_font(self, max(14, height * 0.026)))
            button.setMinimumHeight(int(max(56, height * 0.1)))
