"""The weekly review: the days, the minutes, the streak, the back, the sessions,
and the last twelve weeks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
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
from footdesk.report import (
    STREAK_RULE,
    exercise_words,
    goal_sentence,
    pain_line,
    plural,
    run_row,
    session_result_words,
    streak_sentence,
    totals_sentence,
    trend_heading,
    week_title,
)
from footdesk.ui.theme import (
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

SESSION_COLUMNS = ("When · step", "Side", "Result", "Exercise", "Planned", "Lower back")

FileChooser = Callable[[QWidget, str, str, str], str]
"""(parent, caption, suggested name, filter) → the chosen path, or "" for none."""


def ask_for_file(parent: QWidget, caption: str, suggested: str, file_filter: str) -> str:
    """Qt's save dialog: it asks before replacing a file that exists."""
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, str(Path.home() / suggested), file_filter)
    return chosen


def _when(text: str) -> str:
    return f"{datetime.fromisoformat(text):%a %d %b, %H:%M}"


def _spoken_item(cells: list[str]) -> QTreeWidgetItem:
    """A row of the sessions: what a screen reader reads of each cell is its
    words without a leading symbol, and "none" rather than a blank."""
    item = QTreeWidgetItem(cells)
    for column, text in enumerate(cells):
        item.setData(column, Qt.ItemDataRole.AccessibleTextRole, spoken_text(text))
    return item


class SessionTree(QTreeWidget):
    """The week's sessions, each with its steps inside."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # a few rows: what is left of the window after the week goes to the list
        return QSize(super().sizeHint().width(), 150)


class ReviewWindow(QDialog):
    def __init__(self, model: AppModel, parent: QWidget | None = None, choose_file: FileChooser = ask_for_file) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.setWindowTitle("Your week")
        self.model = model
        self._choose_file = choose_file
        self.summary: WeekSummary | None = None
        self.message: str = ""

        self._make_widgets()
        self._connect()
        self._make_routine_filter()
        self._lay_out()
        self._style()
        self.show_this_week()
        if model.set_aside:  # a history moved aside stays in view until the person acts on it
            self.status.setText(" ".join(offer.text for offer in model.set_aside))

    # Building the window ------------------------------------------------------

    def _make_widgets(self) -> None:
        self.title = named(PlainLabel(), "weekTitle")
        self.previous_button = key_button("◀  Previous   [PgUp]", "previousWeek")
        self.this_week_button = key_button("This week   [Home]", "thisWeek")
        self.next_button = key_button("Next   [PgDn]  ▶", "nextWeek")
        self.days = DayStrip(selectable=True)
        self.rest_button = key_button("Mark as rest day   [R]", "restButton")
        self.rest_button.setToolTip("A rest day (a flare-up, say) neither breaks your streak nor adds to it")
        self.chart = MinutesChart()
        self.totals = named(PlainLabel(), "weekTotals")
        self.totals.setWordWrap(True)
        self.streak = named(PlainLabel(), "weekStreak")
        self.streak.setWordWrap(True)
        self.pain = named(PlainLabel(), "weekPain")
        self.trend = TrendChart()
        self.tabs = named(QTabWidget(), "weekTabs")
        self.sessions = named(SessionTree(), "weekSessions")
        self.sessions.setHeaderLabels(list(SESSION_COLUMNS))
        self.sessions.setAccessibleName("Sessions this week")
        self.sessions.setRootIsDecorated(True)
        self.sessions.setMinimumHeight(140)
        self.export_button = named(QPushButton("Export all as CSV…"), "exportButton")
        self.pdf_button = named(QPushButton("Save this week as PDF…"), "pdfButton")
        self.close_button = key_button("Close   [Esc]", "closeButton")
        self.status = named(PlainLabel(), "reviewStatus")
        self.status.setWordWrap(True)

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
        # each key presses its button, so a key does nothing its button could not (no week after this one)
        for key, action in (
            (Qt.Key.Key_PageUp, self.previous_button.click),
            (Qt.Key.Key_PageDown, self.next_button.click),
            (Qt.Key.Key_Home, self.this_week_button.click),
            (Qt.Key.Key_R, self.rest_button.click),
            (Qt.Key.Key_T, self.toggle_trend),
        ):
            QShortcut(QKeySequence(key), self, action)

    def _make_routine_filter(self) -> None:
        """With routines of one's own, the week (and its trend) of one of them, or of all."""
        self.routine_filter = named(QComboBox(), "routineFilter")
        self.routine_filter.setAccessibleName("Routine shown")
        self.routine_filter.addItem("All routines", None)
        self._routine_titles = self.model.routine_titles()
        for routine_id, routine_title in self._routine_titles.items():
            self.routine_filter.addItem(routine_title, routine_id)
        self.routine_filter.setVisible(len(self._routine_titles) > 1)
        self.routine_filter.currentIndexChanged.connect(lambda _index: self._show_again())
        quiet_combo(self.routine_filter)

    def _lay_out(self) -> None:
        navigation = QHBoxLayout()
        for widget in (self.previous_button, self.this_week_button, self.next_button, self.routine_filter):
            navigation.addWidget(widget)
        days_row = QHBoxLayout()
        days_row.addWidget(self.days, 1)
        days_row.addWidget(self.rest_button)
        self._add_tabs()
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        # the week scrolls when large fonts make it taller than the screen;
        # Export, PDF and Close always stay in view
        self.scroller, body, outer = scrolling_body(self)
        root = QVBoxLayout(body)
        root.setContentsMargins(24, 18, 24, 6)
        root.addWidget(self.title)
        root.addLayout(navigation)
        root.addLayout(days_row)
        root.addWidget(self.tabs, 3)
        root.addWidget(self.sessions, 2)
        root.addWidget(self.status)
        buttons.setContentsMargins(24, 6, 24, 14)
        outer.addLayout(buttons)

    def _add_tabs(self) -> None:
        """The week (its minutes beside the totals, the streak and the back) and the last twelve weeks."""
        facts = QVBoxLayout()
        facts.addWidget(self.totals)
        facts.addWidget(self.streak)
        facts.addWidget(self.pain)
        facts.addStretch(1)
        week_page = QWidget()
        middle = QHBoxLayout(week_page)
        middle.addWidget(self.chart, 3)
        middle.addLayout(facts, 2)
        trend_page = QWidget()
        trend_column = QVBoxLayout(trend_page)
        trend_column.setContentsMargins(8, 8, 8, 4)
        trend_column.addWidget(self.trend)
        self.tabs.addTab(week_page, "The week   [T]")
        self.tabs.addTab(trend_page, "Last 12 weeks   [T]")
        self.tabs.setAccessibleDescription("T switches between the week and the last 12 weeks")
        self.tabs.setAccessibleName("The week or the last 12 weeks")
        tab_bar = self.tabs.tabBar()
        for index in range(self.tabs.count()):  # the words, without the key in brackets
            tab_bar.setAccessibleTabName(index, spoken_label(self.tabs.tabText(index)))

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
            self.title.setText("History is not being saved")
            self.status.setText(" ".join([self.model.history_notice or "There is no history to review.",
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
        self.streak.setText(f"{streak_sentence(summary)}\n{STREAK_RULE}")
        self.pain.setText(pain_line(summary))
        points = self.model.trend(year, week, routine=self.routine_shown())
        self.trend.show_points(points, summary.goal_days)
        self.trend.setAccessibleName(trend_heading(points))
        self._fill_sessions(summary)
        self._update_rest_button()

    def _fill_sessions(self, summary: WeekSummary) -> None:
        self.sessions.clear()
        titles = self.model.step_titles_by_routine()
        rows: list[tuple[int, list[str]]] = []  # (depth, cells) of every row, shown or not
        for session in summary.sessions:
            pain = "" if session.pain is None else f"{session.pain}/10"
            # the routine's title after the time, once there is more than one routine
            when = _when(session.started_at)
            if len(self._routine_titles) > 1:
                when += f" · {self._routine_titles.get(session.routine, session.routine)}"
            cells = [when, "", session_result_words(session), exercise_words(session), "", pain]
            item = _spoken_item(cells)
            rows.append((1, cells))
            for run in session.steps:
                row = run_row(run, session.routine, titles)
                step_cells = [row.step, row.side, row.result, row.done, row.planned, ""]
                item.addChild(_spoken_item(step_cells))
                rows.append((2, step_cells))
            self.sessions.addTopLevelItem(item)
        if not summary.sessions:
            empty = QTreeWidgetItem(["No sessions this week"])
            self.sessions.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)  # the words in full, not cut at the first column
        self._size_columns(rows)

    def _size_columns(self, rows: list[tuple[int, list[str]]]) -> None:
        """Every column as wide as its widest text, the steps inside a session
        included whether they are shown or not (Qt measures only the rows in
        view), so no step, foot or time is ever cut short."""
        tree = self.sessions
        metrics = tree.fontMetrics()
        style = tree.style()
        padding = 2 * style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, None, tree) + 12
        for column, heading in enumerate(SESSION_COLUMNS):
            widest = metrics.horizontalAdvance(heading) + 2 * padding
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
            self.rest_button, "Not a rest day   [R]" if state is DayState.REST else f"Mark {day:%a} as rest day   [R]"
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

    # Export -------------------------------------------------------------------

    def export_csv(self, path: Path | None = None) -> None:
        if path is None:
            chosen = self._choose_file(self, "Export history", "footdesk-history.csv", "CSV (*.csv)")
            if not chosen:
                return
            path = Path(chosen)
        try:
            done = self.model.export_csv(path)
        except ExportError as exc:
            self.status.setText(f"Not exported: {exc}.")
            return
        self.status.setText(
            f"Exported {plural(done.step_runs, 'step run')} from {plural(done.sessions, 'session')} to {path}."
        )

    def save_pdf(self, path: Path | None = None) -> None:
        if self.summary is None:
            return
        if path is None:
            suggested = f"footdesk-{self.summary.label}.pdf"
            chosen = self._choose_file(self, "Save week as PDF", suggested, "PDF (*.pdf)")
            if not chosen:
                return
            path = Path(chosen)
        try:
            self.model.export_pdf(path, self.summary.year, self.summary.week, self.routine_shown())
        except ExportError as exc:
            self.status.setText(f"Not saved: {exc}.")
            return
        self.status.setText(f"Saved this week to {path}.")

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
