"""The weekly review: the days, the minutes, the streak, the back, the sessions,
and the last twelve weeks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from footdesk.appmodel import AppModel, ExportError
from footdesk.i18n import _, capital_first, clock_time, n_, p_, pN_, weekday_day_month, weekday_short
from footdesk.model.questionnaires import beside
from footdesk.records import Outcome, SessionRecord
from footdesk.report import (
    STREAK_RULE,
    correction_refused_text,
    correction_text,
    exercise_words,
    goal_sentence,
    pain_line,
    plan_words,
    rating_words,
    run_row,
    session_answers,
    session_result_words,
    streak_sentence,
    totals_sentence,
    trend_heading,
    undone_text,
    week_title,
)
from footdesk.ui.handout_buttons import HandoutButtons
from footdesk.ui.score_chart import ScoresPanel
from footdesk.ui.theme import (
    FlowLayout,
    PlainLabel,
    dimmed_text,
    key_button,
    named,
    pixel_font,
    quiet_combo,
    scrolling_body,
    set_button_text,
    spoken_label,
    spoken_text,
)
from footdesk.ui.week_widgets import DayStrip, MinutesChart, TrendChart
from footdesk.week import DayState, WeekSummary, iso_week_of, shift_week

if TYPE_CHECKING:
    from footdesk.history import Correction

SESSION_COLUMNS = (
    pN_("sessions column", "When · step"),
    # TRANSLATORS: a column of the week's sessions: which foot (left, right) a step was done on
    pN_("sessions column", "Side"),
    pN_("sessions column", "Result"),
    # TRANSLATORS: a column of the week's sessions: the minutes of exercise done
    pN_("sessions column", "Exercise"),
    # TRANSLATORS: a column of the week's sessions: the minutes planned
    pN_("sessions column", "Planned"),
    # TRANSLATORS: a column of the week's sessions: the lower-back rating (0-10)
    pN_("sessions column", "Lower back"),
)
"""The sessions' column headings (looked up with ``p_`` where shown: "Exercise" here is minutes done)."""

ROW = Qt.ItemDataRole.UserRole
"""Where a row of the sessions keeps what it is: (session id, step, side, can be marked done)."""

FileChooser = Callable[[QWidget, str, str, str], str]
"""(parent, caption, suggested name, filter) → the chosen path, or "" for none."""


def ask_for_file(parent: QWidget, caption: str, suggested: str, file_filter: str) -> str:
    """Qt's save dialog: it asks before replacing a file that exists."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, caption, str(Path.home() / suggested), file_filter)
    return chosen


def _when(text: str) -> str:
    moment = datetime.fromisoformat(text)
    # TRANSLATORS: when a session started: {date} is "Mon 7 Dec", {time} "18:05"
    return p_("date", "{date}, {time}").format(date=weekday_day_month(moment.date()), time=clock_time(moment))


def _spoken_item(cells: list[str]) -> QTreeWidgetItem:
    """A row of the sessions: what a screen reader reads of each cell is its
    words without a leading symbol, and "none" rather than a blank."""
    item = QTreeWidgetItem(cells)
    for column, text in enumerate(cells):
        item.setData(column, Qt.ItemDataRole.AccessibleTextRole, spoken_text(text))
    return item


def _add_answers(item: QTreeWidgetItem, session: SessionRecord, titles: dict[tuple[str, str], str]) -> None:
    """Each exercise's check-in and the note under a session's steps, a row each, in full."""
    for said in session_answers(session, titles):
        answer = _spoken_item([said])
        answer.setData(0, ROW, (session.id, None, None, False))  # selecting it selects the session
        item.addChild(answer)
        answer.setFirstColumnSpanned(True)


class SessionTree(QTreeWidget):
    """The week's sessions, each with its steps inside."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # a few rows: what is left of the window after the week goes to the list
        return QSize(super().sizeHint().width(), 150)


class ReviewWindow(QDialog):
    def __init__(self, model: AppModel, parent: QWidget | None = None, choose_file: FileChooser = ask_for_file) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.setWindowTitle(_("Your week"))
        self.model = model
        self._choose_file = choose_file
        self.summary: WeekSummary | None = None
        self.message: str = ""
        self.corrections: list[Correction] = []
        """What Undo takes back (the last change, newest last); emptied by the next change or closing."""

        self._make_widgets()
        self._connect()
        self._make_routine_filter()
        self._lay_out()
        for combo in (self.routine_filter, self.rating_box, self.scores.range):  # closed: their lists report no focus
            quiet_combo(combo)
        self._style()
        self.show_this_week()
        if model.set_aside:  # a history moved aside stays in view until the person acts on it
            self.status.setText(" ".join(offer.text for offer in model.set_aside))

    # Building the window ------------------------------------------------------

    def _make_widgets(self) -> None:
        self.title = named(PlainLabel(), "weekTitle")
        self.title.setWordWrap(True)  # "Week 2026-W50 (Mon 7 Dec to Sun 13 Dec)" at 225 % is wider than the screen
        self.previous_button = key_button(_("◀  Previous   [PgUp]"), "previousWeek")
        self.this_week_button = key_button(_("This week   [Home]"), "thisWeek")
        self.next_button = key_button(_("Next   [PgDn]  ▶"), "nextWeek")
        self.days = DayStrip(selectable=True)
        self.rest_button = key_button(_("Mark as rest day   [R]"), "restButton")
        self.rest_button.setToolTip(_("A rest day (a flare-up, say) neither breaks your streak nor adds to it"))
        self.chart = MinutesChart()
        self.totals = named(PlainLabel(), "weekTotals")
        self.streak = named(PlainLabel(), "weekStreak")
        self.pain = named(PlainLabel(), "weekPain")
        for words in (self.totals, self.streak, self.pain):  # the pain's line grows with the questionnaires
            words.setWordWrap(True)
        self.trend = TrendChart()
        self.scores = ScoresPanel()
        self.scores.range_changed.connect(self._show_again)
        self.tabs = named(QTabWidget(), "weekTabs")
        self.sessions = named(SessionTree(), "weekSessions")
        self.sessions.setHeaderLabels([p_(*heading) for heading in SESSION_COLUMNS])
        self.sessions.setAccessibleName(_("Sessions this week"))
        self.sessions.setRootIsDecorated(True)
        self.sessions.setMinimumHeight(140)
        self.export_button = named(QPushButton(_("Export all as CSV…")), "exportButton")
        self.pdf_button = named(QPushButton(_("Save this week as PDF…")), "pdfButton")
        self.close_button = key_button(_("Close   [Esc]"), "closeButton")
        self.status = named(PlainLabel(), "reviewStatus")
        self.status.setWordWrap(True)
        self._make_correction_widgets()

    def _make_correction_widgets(self) -> None:
        """Correcting the record: the selected session deleted, its lower-back
        rating changed, a part of it marked done; what was done said in a line
        with Undo beside it, until the next change or the review closes."""
        self.delete_button = key_button(_("Delete session   [Del]"), "deleteSession")
        self.delete_button.setToolTip(
            _(
                "Leave the selected session out of the week, the PDF and the exports "
                "(it is kept: Undo, or footdesk history --undelete, brings it back)"
            )
        )
        self.mark_done_button = named(QPushButton(_("Mark part done")), "markPartDone")
        self.mark_done_button.setToolTip(_("The selected part was skipped or stopped but you did it: count it as done"))
        self.rating_label = named(PlainLabel(_("Lower back:")), "ratingLabel")
        self.rating_box = named(QComboBox(), "sessionRating")
        self.rating_box.addItem(rating_words(None), None)
        for value in range(11):
            self.rating_box.addItem(rating_words(value), value)
        self.rating_label.setBuddy(self.rating_box)
        self.rating_box.setAccessibleName(_("Lower-back rating of the selected session"))
        self.correction_line = named(PlainLabel(), "correctionStatus")
        self.correction_line.setWordWrap(True)
        self.undo_button = key_button(_("Undo   [Ctrl+Z]"), "undoCorrection")
        self.undo_button.hide()

    def _connect(self) -> None:
        self.previous_button.clicked.connect(lambda: self.move_weeks(-1))
        self.next_button.clicked.connect(lambda: self.move_weeks(1))
        self.this_week_button.clicked.connect(self.show_this_week)
        self.days.day_selected.connect(lambda _day: self._update_rest_button())
        self.rest_button.clicked.connect(self.toggle_rest_day)
        # clicked(bool) must not reach the path parameter: a lambda drops it
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.close_button.clicked.connect(self.accept)
        self.sessions.itemSelectionChanged.connect(self._update_correction_buttons)
        self.delete_button.clicked.connect(self.delete_session)
        self.mark_done_button.clicked.connect(self.mark_part_done)
        self.rating_box.activated.connect(lambda _index: self.rate_session())
        self.undo_button.clicked.connect(self.undo)
        # each key presses its button, so a key does nothing its button could not (no week after this one)
        for key, action in (
            (Qt.Key.Key_PageUp, self.previous_button.click),
            (Qt.Key.Key_PageDown, self.next_button.click),
            (Qt.Key.Key_Home, self.this_week_button.click),
            (Qt.Key.Key_R, self.rest_button.click),
            (Qt.Key.Key_T, self.toggle_trend),
            (Qt.Key.Key_Delete, self.delete_button.click),
        ):
            QShortcut(QKeySequence(key), self, action)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_button.click)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not _return_where_no_button_is(self, event):
            super().keyPressEvent(event)

    def _make_routine_filter(self) -> None:
        """With routines of one's own, the week (and its trend) of one of them, or of all."""
        self.routine_filter = named(QComboBox(), "routineFilter")
        self.routine_filter.setAccessibleName(_("Routine shown"))
        self.routine_filter.addItem(_("All routines"), None)
        self._routine_titles = self.model.shelf.titles()
        for routine_id, routine_title in self._routine_titles.items():
            self.routine_filter.addItem(routine_title, routine_id)
        self.routine_filter.setVisible(len(self._routine_titles) > 1)
        # a long routine title gives way ("Knee programme fr…") before the window scrolls sideways
        self.routine_filter.setMinimumWidth(self.routine_filter.fontMetrics().horizontalAdvance("x" * 14) + 40)
        self.routine_filter.currentIndexChanged.connect(lambda _index: self._show_again())

    def _lay_out(self) -> None:
        navigation = QHBoxLayout()
        for widget in (self.previous_button, self.this_week_button, self.next_button, self.routine_filter):
            navigation.addWidget(widget)
        self.days_row = days_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        days_row.addWidget(self.days, 1)
        days_row.addWidget(self.rest_button, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        _add_tabs(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.pdf_button)
        self.handouts = HandoutButtons(self, self.model, self._choose_file, self.status, self.routine_shown, buttons)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        # the week scrolls when large fonts make it taller than the screen; the buttons' row stays in view
        self.scroller, body, outer = scrolling_body(self)
        root = QVBoxLayout(body)
        root.setContentsMargins(24, 18, 24, 6)
        root.addWidget(self.title)
        root.addLayout(navigation)
        root.addLayout(days_row)
        root.addWidget(self.tabs, 3)
        root.addWidget(self.sessions, 2)
        self.correction_row = FlowLayout()  # wraps where a language's words (or large fonts) need the room
        corrections: tuple[QWidget, ...] = (self.delete_button, self.mark_done_button, self.rating_label,
                                            self.rating_box)  # fmt: skip
        for part in corrections:
            self.correction_row.addWidget(part)
        root.addLayout(self.correction_row)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.correction_line, 1)
        undo_row.addWidget(self.undo_button)
        root.addLayout(undo_row)
        root.addWidget(self.status)
        buttons.setContentsMargins(24, 6, 24, 14)
        outer.addLayout(buttons)
        # Tab goes along the row as it is seen (once the row is in place); Close is the
        # dialog's default (Qt made the report's button it, for Return pressed anywhere)
        QWidget.setTabOrder(self.pdf_button, self.handouts.report_button)
        QWidget.setTabOrder(self.handouts.calendar_button, self.close_button)
        self.close_button.setDefault(True)

    # Weeks ------------------------------------------------------------------

    def show_this_week(self) -> None:
        self.show_week(*iso_week_of(self.model.today()))

    def show_trend(self, shown: bool = True) -> None:
        self.tabs.setCurrentIndex(1 if shown else 0)

    def toggle_trend(self) -> None:
        self.show_trend(self.tabs.currentIndex() == 0)

    def move_weeks(self, count: int) -> None:
        if self.summary is not None:
            self.show_week(*shift_week(self.summary.year, self.summary.week, count))

    def routine_shown(self) -> str | None:
        """The routine whose week is shown, or None for every routine."""
        chosen = self.routine_filter.currentData()
        return chosen if isinstance(chosen, str) else None

    def _show_again(self) -> None:
        if self.summary is not None:
            self.show_week(self.summary.year, self.summary.week)

    def show_week(self, year: int, week: int) -> None:
        summary = self.model.week(year, week, routine=self.routine_shown())
        self.summary = summary
        if summary is None:
            self.title.setText(_("History is not being saved"))
            self.status.setText(" ".join([self.model.history_notice or _("There is no history to review."),
                                          *(offer.text for offer in self.model.set_aside)]))  # fmt: skip
            for widget in (self.days, self.chart, self.trend, self.sessions, self.rest_button, self.pdf_button,
                           self.export_button):  # fmt: skip
                widget.setEnabled(False)
            return
        today = self.model.today()
        self.title.setText(week_title(summary))
        self.next_button.setEnabled(summary.last < today)
        selected = today if summary.first <= today <= summary.last else summary.first
        self.days.show_days(summary.days, select=selected)
        self.chart.show_minutes(summary.days)
        self.totals.setText(f"{totals_sentence(summary)}\n{goal_sentence(summary)}")
        self.streak.setText(f"{streak_sentence(summary)}\n{_(STREAK_RULE)}")
        show_questionnaires(self, summary, pain_line(summary))
        # the last 12 weeks are the twelve up to today's, whichever week is viewed (that one in bold)
        points = self.model.trend(*iso_week_of(today), routine=self.routine_shown())
        self.trend.show_points(points, summary.goal_days, marked=(year, week))
        self.trend.setAccessibleName(trend_heading(points))
        self._fill_sessions(summary)
        self._update_rest_button()

    def _fill_sessions(self, summary: WeekSummary) -> None:
        selected = self._selected_row()
        self.sessions.clear()
        titles = self.model.shelf.step_titles()
        rows: list[tuple[int, list[str]]] = []  # (depth, cells) of every row, shown or not
        for session in summary.sessions:
            pain = "" if session.pain is None else f"{session.pain}/10"
            # the routine's title after the time, once there is more than one routine
            when = _when(session.started_at)
            if len(self._routine_titles) > 1:
                when += f" · {self._routine_titles.get(session.routine, session.routine)}"
            when += f" · {plan_words(session)}" if session.plan_phase else ""  # the plan's phase and week
            cells = [when, "", session_result_words(session), exercise_words(session), "", pain]
            item = _spoken_item(cells)
            item.setData(0, ROW, (session.id, None, None, False))
            rows.append((1, cells))
            last = {(run.step, run.side): at for at, run in enumerate(session.steps)}
            for at, run in enumerate(session.steps):
                row = run_row(run, session.routine, titles)
                step_cells = [row.step, row.side, row.result, row.done, row.planned, ""]
                child = _spoken_item(step_cells)
                # the last run of a part, skipped or stopped, of a session that has ended
                markable = last[(run.step, run.side)] == at and run.outcome is not Outcome.COMPLETED
                child.setData(0, ROW, (session.id, run.step, run.side, markable and session.ended_at is not None))
                item.addChild(child)
                rows.append((2, step_cells))
            self.sessions.addTopLevelItem(item)
            _add_answers(item, session, titles)
        if not summary.sessions:
            empty = QTreeWidgetItem([_("No sessions this week")])
            self.sessions.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)  # the words in full, not cut at the first column
        self._size_columns(rows)
        if selected is not None:
            self._select(*selected[:3])
        self._update_correction_buttons()

    def _size_columns(self, rows: list[tuple[int, list[str]]]) -> None:
        """Every column as wide as its widest text, the steps inside a session
        included whether they are shown or not (Qt measures only the rows in
        view), so no step, foot or time is ever cut short."""
        tree = self.sessions
        metrics = tree.fontMetrics()
        style = tree.style()
        padding = 2 * style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, None, tree) + 12
        for column, heading in enumerate(SESSION_COLUMNS):
            widest = metrics.horizontalAdvance(p_(*heading)) + 2 * padding
            for depth, cells in rows:
                indent = depth * tree.indentation() if column == 0 else 0
                widest = max(widest, metrics.horizontalAdvance(cells[column]) + indent + padding)
            tree.header().resizeSection(column, widest)

    # Rest days ----------------------------------------------------------------

    def _selected(self) -> date | None:
        return self.days.selected_day

    def _update_rest_button(self) -> None:
        day = self._selected()
        if self.summary is None or day is None:
            self.rest_button.setEnabled(False)
            return
        summary = self.summary.day(day)
        state = summary.state if summary else None
        self.rest_button.setEnabled(state is not None and state.can_be_rest_day)
        set_button_text(
            self.rest_button,
            _("Not a rest day   [R]")
            if state is DayState.REST
            else _("Mark {weekday} as rest day   [R]").format(weekday=weekday_short(day)),
        )

    def toggle_rest_day(self) -> None:
        day = self._selected()
        if self.summary is None or day is None or not self.rest_button.isEnabled():
            return
        summary = self.summary.day(day)
        self.model.set_rest_day(day, summary is not None and summary.state is not DayState.REST)
        self.show_week(self.summary.year, self.summary.week)
        self.days.show_days(self.summary.days, select=day)
        self._update_rest_button()

    # Correcting the record ------------------------------------------------------

    def _selected_row(self) -> tuple[int, str | None, str | None, bool] | None:
        """The selected row: (session id, step, side, can be marked done); step None for a session's row."""
        items = self.sessions.selectedItems()
        data = items[0].data(0, ROW) if items else None
        return (int(data[0]), data[1], data[2], bool(data[3])) if data else None

    def _selected_session(self) -> SessionRecord | None:
        row = self._selected_row()
        if row is None or self.summary is None:
            return None
        return next((session for session in self.summary.sessions if session.id == row[0]), None)

    def _select(self, session_id: int, step: str | None = None, side: str | None = None) -> None:
        """Select a session's row (or its part's last row) again, after the week was shown anew."""
        for index in range(self.sessions.topLevelItemCount()):
            item = self.sessions.topLevelItem(index)
            data = item.data(0, ROW) if item is not None else None
            if item is None or not data or data[0] != session_id:
                continue
            found = item
            if step is not None:
                parts = [child for at in range(item.childCount()) if (child := item.child(at)) is not None]
                found = next((c for c in reversed(parts) if tuple(c.data(0, ROW)[1:3]) == (step, side)), item)
                item.setExpanded(True)
            self.sessions.setCurrentItem(found)
            return

    def _update_correction_buttons(self) -> None:
        session = self._selected_session()
        row = self._selected_row()
        history = self.model.history
        can = session is not None and session.ended_at is not None and history is not None and history.writable
        self.delete_button.setEnabled(can)
        self.rating_box.setEnabled(can)
        self.mark_done_button.setEnabled(can and row is not None and row[3])
        pain = session.pain if session is not None else None
        self.rating_box.setCurrentIndex(0 if pain is None else pain + 1)

    def delete_session(self) -> None:
        """Delete (the Delete key): the selected session leaves the week, the PDF and
        the exports; Undo brings it back."""
        session = self._selected_session()
        if session is not None and self.delete_button.isEnabled():
            self._correct(lambda: self.model.corrections.delete(session.id))

    def rate_session(self) -> None:
        """The rating chosen in the box is the selected session's from now on; Undo puts back the one before."""
        session = self._selected_session()
        chosen = self.rating_box.currentData()
        value = chosen if isinstance(chosen, int) else None
        if session is not None and self.rating_box.isEnabled() and value != session.pain:
            self._correct(lambda: self.model.corrections.rate(session.id, value), session.id)

    def mark_part_done(self) -> None:
        """The selected part, skipped or stopped, counts as done after all; Undo puts it back."""
        row = self._selected_row()
        if row is not None and row[1] is not None and row[3] and self.mark_done_button.isEnabled():
            session_id, step, side = row[0], row[1], row[2]
            self._correct(lambda: self.model.corrections.mark_done(session_id, step, side))

    def _correct(self, change: Callable[[], Correction | None], rating_of: int | None = None) -> None:
        """Make a correction and say it, with Undo beside it. Ratings of the same
        session chosen one after another are one change: Undo puts back the
        rating it had before the first."""
        from dataclasses import replace

        from footdesk.history import CorrectionKind, CorrectionRefusedError

        try:
            done = change()
        except CorrectionRefusedError as refused:
            self._show_again()
            said = correction_refused_text(refused, self._step_title(refused.session_id, refused.step))
            self._say_correction(capital_first(said) + ".", undo=False)
            return
        if done is None:  # the history cannot be written now: the window's notice says why
            self._show_again()
            reason = self.model.history_notice or _("your history cannot be written now")
            self._say_correction(_("Not changed: {reason}").format(reason=reason), undo=False)
            return
        if not done.changed:
            return
        earlier = self.corrections
        follows = (rating_of is not None and earlier and earlier[-1].kind is CorrectionKind.PAIN
                   and earlier[-1].session.id == rating_of)  # fmt: skip
        self.corrections = [*earlier, done] if follows else [done]
        shown = replace(done, pain_before=earlier[0].pain_before) if follows else done
        self._show_again()
        if done.kind is not CorrectionKind.DELETE:
            self._select(done.session.id, done.step, done.side)
        routine = done.session.routine
        self._say_correction(correction_text(shown, self._routine_titles.get(routine, routine),
                                             self._step_title(done.session.id, done.step)), undo=True)  # fmt: skip

    def undo(self) -> None:
        """Undo (Ctrl+Z): the last change taken back; the record reads as it did before it."""
        from footdesk.history import CorrectionRefusedError

        taken, self.corrections = self.corrections, []
        if not taken:
            return
        undone = None
        try:
            for correction in reversed(taken):
                undone = self.model.corrections.undo(correction) or undone
        except CorrectionRefusedError as refused:
            said = correction_refused_text(refused)
            self._say_correction(capital_first(said) + ".", undo=False)
            self._show_again()
            return
        self._show_again()
        if undone is None:
            reason = self.model.history_notice or _("your history cannot be written now")
            self._say_correction(_("Not put back: {reason}").format(reason=reason), undo=False)
            self.corrections = taken
            self.undo_button.show()
            self.undo_button.setEnabled(True)
            return
        self._select(undone.session.id, undone.step, undone.side)
        routine = undone.session.routine
        self._say_correction(undone_text(undone, self._routine_titles.get(routine, routine),
                                         self._step_title(undone.session.id, undone.step)), undo=False)  # fmt: skip

    def _say_correction(self, text: str, undo: bool) -> None:
        self.correction_line.setText(text)
        self.undo_button.setVisible(undo)
        self.undo_button.setEnabled(undo)

    def _step_title(self, session_id: int, step: str | None) -> str:
        if step is None:
            return ""
        routine = next((s.routine for s in self.summary.sessions if s.id == session_id), "") if self.summary else ""
        return self.model.shelf.step_titles().get((routine, step), step)

    # Export -------------------------------------------------------------------

    def export_csv(self, path: Path | None = None) -> None:
        if path is None:
            chosen = self._choose_file(self, _("Export history"), "footdesk-history.csv", "CSV (*.csv)")
            if not chosen:
                return
            path = Path(chosen)
        try:
            done = self.model.export_csv(path)
        except ExportError as exc:
            self.status.setText(_("Not exported: {reason}.").format(reason=exc))
            return
        self.status.setText(
            _exported_text(done.step_runs, done.sessions, path, bool(self.model.questionnaires.history()))
        )

    def save_pdf(self, path: Path | None = None) -> None:
        if self.summary is None:
            return
        if path is None:
            suggested = f"footdesk-{self.summary.label}.pdf"
            chosen = self._choose_file(self, _("Save week as PDF"), suggested, "PDF (*.pdf)")
            if not chosen:
                return
            path = Path(chosen)
        try:
            self.model.export_pdf(path, self.summary.year, self.summary.week, self.routine_shown())
        except ExportError as exc:
            self.status.setText(_("Not saved: {reason}.").format(reason=exc))
            return
        self.status.setText(_("Saved this week to {path}.").format(path=path))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # too narrow for the tiles and the rest-day button side by side: one under the other
        wide = self.width() >= self.days.sizeHint().width() + self.rest_button.sizeHint().width() + 96
        self.days_row.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # dark or light, switched while open
            self._colour()

    def _colour(self) -> None:
        self.status.setStyleSheet(f"color: {dimmed_text(self).name()};")

    def _style(self) -> None:
        self.title.setFont(pixel_font(self, 26, bold=True))
        for label in (self.totals, self.streak, self.pain):
            label.setFont(pixel_font(self, 16))
        self.sessions.setFont(pixel_font(self, 15))
        self.streak.setFont(pixel_font(self, 16, bold=False))
        self._colour()
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1100, 760
        if screen is not None:  # a 1366x768 laptop keeps the whole window on screen, title bar included
            width, height = min(width, int(screen.width() * 0.95)), min(height, int(screen.height() * 0.9))
        self.resize(width, height)


def _add_tabs(review: ReviewWindow) -> None:
    """The week (its minutes beside the totals, the streak and the back) and the last twelve weeks
    (days done, minutes, the back, and the back questionnaires' scores under them)."""
    facts = QVBoxLayout()
    facts.addWidget(review.totals)
    facts.addWidget(review.streak)
    facts.addWidget(review.pain)
    facts.addStretch(1)
    week_page = QWidget()
    middle = QHBoxLayout(week_page)
    middle.addWidget(review.chart, 3)
    middle.addLayout(facts, 2)
    trend_page = QWidget()
    trend_column = QVBoxLayout(trend_page)
    trend_column.setContentsMargins(8, 8, 8, 4)
    trend_column.addWidget(review.trend, 1)
    trend_column.addWidget(review.scores, 1)  # the back questionnaires beside days done and pain
    review.tabs.addTab(week_page, _("The week   [T]"))
    review.tabs.addTab(trend_page, _("Last 12 weeks   [T]"))
    review.tabs.setAccessibleDescription(_("T switches between the week and the last 12 weeks"))
    review.tabs.setAccessibleName(_("The week or the last 12 weeks"))
    tab_bar = review.tabs.tabBar()
    for index in range(review.tabs.count()):  # the words, without the key in brackets
        tab_bar.setAccessibleTabName(index, spoken_label(review.tabs.tabText(index)))


def show_questionnaires(review: ReviewWindow, summary: WeekSummary, pain: str) -> None:
    """The week's questionnaires under its pain line, and the scores' chart over the range chosen."""
    from footdesk.report import questionnaire_week_line

    questionnaires = review.model.questionnaires
    line = questionnaire_week_line(questionnaires.history(summary.first, summary.last))
    review.pain.setText(pain if line is None else f"{pain}\n{line}")
    today = review.model.today()
    monday = today - timedelta(days=today.weekday())
    weeks = review.scores.weeks()
    scores = questionnaires.scores(monday - timedelta(weeks=weeks - 1) if weeks else None, today)
    first = scores[0].taken_on if scores and weeks is None else monday - timedelta(weeks=(weeks or 12) - 1)
    review.scores.show_scores(scores, min(first, today - timedelta(days=6)), monday + timedelta(days=6))


def _exported_text(step_runs: int, sessions: int, path: Path, questionnaires: bool) -> str:
    """What Export all as CSV… says it wrote (and where the back questionnaires went, when there are any)."""
    runs = n_("{count} step run", "{count} step runs", step_runs).format(count=step_runs)
    in_sessions = n_("{count} session", "{count} sessions", sessions).format(count=sessions)
    # TRANSLATORS: {step_runs} is "12 step runs", {sessions} "3 sessions", {path} the file written
    said = _("Exported {step_runs} from {sessions} to {path}.").format(step_runs=runs, sessions=in_sessions, path=path)
    if questionnaires:
        # TRANSLATORS: {exported} is the sentence "Exported … to FILE."; {path} the questionnaires' file beside it
        said = _("{exported} Back questionnaires: {path}.").format(exported=said, path=beside(path))
    return said


def _return_where_no_button_is(window: ReviewWindow, event: QKeyEvent) -> bool:
    """Return or Enter with the focus on the list of sessions (or a tab, a
    list box): the dialog would press its default button. Before, that was the
    physio report's, whose save dialog opened. On the list it opens or closes
    the session's parts; elsewhere it does nothing. True when it was handled."""
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or isinstance(window.focusWidget(), QAbstractButton):
        return False
    item = window.sessions.currentItem()
    if window.focusWidget() is window.sessions and item is not None and item.childCount():
        item.setExpanded(not item.isExpanded())
    event.accept()
    return True
