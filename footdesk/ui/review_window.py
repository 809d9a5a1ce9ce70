"""The weekly review: the days, the minutes, the streak, the back, the sessions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from footdesk.files import atomic_write_text
from footdesk.history import History, WeekSummary, iso_week_of, monday_of
from footdesk.platform.week_pdf import write_week_pdf
from footdesk.report import STREAK_RULE, pain_trend, sessions_csv, week_title
from footdesk.routine import Routine
from footdesk.timefmt import clock_text, spoken_duration
from footdesk.ui.theme import dimmed_text, key_button, pixel_font, scrolling_body, set_button_text
from footdesk.ui.week_widgets import DayStrip, MinutesChart


def _when(text: str) -> str:
    return f"{datetime.fromisoformat(text):%a %d %b, %H:%M}"


class ReviewWindow(QDialog):
    def __init__(self, history: History, routine: Routine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.setWindowTitle("Your week")
        self.history = history
        self.routine = routine
        self.summary: WeekSummary | None = None
        self.message: str = ""

        self.title = QLabel(objectName="weekTitle")
        self.previous_button = key_button("◀  Previous   [PgUp]", "previousWeek")
        self.this_week_button = key_button("This week   [Home]", "thisWeek")
        self.next_button = key_button("Next   [PgDn]  ▶", "nextWeek")
        self.days = DayStrip(selectable=True)
        self.rest_button = key_button("Mark as rest day   [R]", "restButton")
        self.rest_button.setToolTip("A rest day (a flare-up, say) neither breaks your streak nor adds to it")
        self.chart = MinutesChart()
        self.totals = QLabel(objectName="weekTotals")
        self.streak = QLabel(objectName="weekStreak")
        self.streak.setWordWrap(True)
        self.pain = QLabel(objectName="weekPain")
        self.sessions = QTreeWidget(objectName="weekSessions")
        self.sessions.setHeaderLabels(["When", "Result", "Exercise", "Lower back"])
        self.sessions.setRootIsDecorated(True)
        self.sessions.setMinimumHeight(140)
        self.export_button = QPushButton("Export all as CSV…", objectName="exportButton")
        self.pdf_button = QPushButton("Save this week as PDF…", objectName="pdfButton")
        self.close_button = key_button("Close   [Esc]", "closeButton")
        self.status = QLabel(objectName="reviewStatus")
        self.status.setWordWrap(True)

        self.previous_button.clicked.connect(lambda: self.move_weeks(-1))
        self.next_button.clicked.connect(lambda: self.move_weeks(1))
        self.this_week_button.clicked.connect(self.show_this_week)
        self.days.day_selected.connect(lambda _day: self._update_rest_button())
        self.rest_button.clicked.connect(self.toggle_rest_day)
        self.export_button.clicked.connect(self.export_csv)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.accept)
        for key, action in (
            (Qt.Key.Key_PageUp, lambda: self.move_weeks(-1)),
            (Qt.Key.Key_PageDown, lambda: self.move_weeks(1)),
            (Qt.Key.Key_Home, self.show_this_week),
            (Qt.Key.Key_R, self.toggle_rest_day),
        ):
            QShortcut(QKeySequence(key), self, action)

        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.this_week_button)
        navigation.addWidget(self.next_button)
        days_row = QHBoxLayout()
        days_row.addWidget(self.days, 1)
        days_row.addWidget(self.rest_button)
        facts = QVBoxLayout()
        facts.addWidget(self.totals)
        facts.addWidget(self.streak)
        facts.addWidget(self.pain)
        facts.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.chart, 3)
        middle.addLayout(facts, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        # the week scrolls when large fonts make it taller than the screen;
        # Export, PDF and Close always stay in view
        self.scroll, body, outer = scrolling_body(self)
        root = QVBoxLayout(body)
        root.setContentsMargins(24, 18, 24, 6)
        root.addWidget(self.title)
        root.addLayout(navigation)
        root.addLayout(days_row)
        root.addLayout(middle, 2)
        root.addWidget(self.sessions, 2)
        root.addWidget(self.status)
        buttons.setContentsMargins(24, 6, 24, 14)
        outer.addLayout(buttons)
        self._style()
        self.show_this_week()

    # Weeks ------------------------------------------------------------------

    def show_this_week(self) -> None:
        self.show_week(*iso_week_of(self.history.today()))

    def move_weeks(self, count: int) -> None:
        if self.summary is None:
            return
        monday = monday_of(self.summary.year, self.summary.week) + timedelta(weeks=count)
        self.show_week(*iso_week_of(monday))

    def show_week(self, year: int, week: int) -> None:
        summary = self.history.week(year, week)
        self.summary = summary
        if summary is None:
            self.title.setText("History is not being saved")
            self.status.setText("There is no history to review. The window's notice says why.")
            for widget in (self.days, self.chart, self.sessions, self.rest_button, self.pdf_button):
                widget.setEnabled(False)
            return
        today = self.history.today()
        self.title.setText(week_title(summary))
        self.next_button.setEnabled(summary.last < today)
        selected = today if summary.first <= today <= summary.last else summary.first
        self.days.show_days(summary.days, select=selected)
        self.chart.show_minutes(summary.days, self.routine.total_seconds / 60)
        self.totals.setText(
            f"{summary.days_done} of 7 days done\n{round(summary.minutes)} min of exercise\n"
            f"{summary.habits} habit{'s' if summary.habits != 1 else ''} kept"
        )
        self.streak.setText(
            f"Streak: {summary.current_streak} day{'s' if summary.current_streak != 1 else ''} "
            f"(longest {summary.longest_streak})\n{STREAK_RULE}"
        )
        self.pain.setText(pain_trend(summary) or "No lower-back ratings this week.")
        self._fill_sessions(summary)
        self._update_rest_button()

    def _fill_sessions(self, summary: WeekSummary) -> None:
        self.sessions.clear()
        titles = {step.id: step.title for step in self.routine.steps}
        for session in summary.sessions:
            minutes = spoken_duration(session.active_s)
            pain = "" if session.pain is None else f"{session.pain}/10"
            result = "✓ completed" if session.status == "completed" else "◐ partly done"
            item = QTreeWidgetItem([_when(session.started_at), result, minutes, pain])
            for run in session.steps:
                name = titles.get(run.step, run.step) + (f" — {run.side} foot" if run.side else "")
                if run.planned_s is None:
                    done = "✓ habit kept" if run.outcome == "completed" else run.outcome
                    item.addChild(QTreeWidgetItem([name, done, "", ""]))
                else:
                    mark = "✓" if run.outcome == "completed" else "↷"
                    amount = f"{clock_text(run.actual_s)} of {clock_text(run.planned_s)}"
                    item.addChild(QTreeWidgetItem([name, f"{mark} {run.outcome}", amount, ""]))
            self.sessions.addTopLevelItem(item)
        if not summary.sessions:
            self.sessions.addTopLevelItem(QTreeWidgetItem(["No sessions this week", "", "", ""]))
        for column in range(4):
            self.sessions.resizeColumnToContents(column)

    # Rest days ----------------------------------------------------------------

    def _selected(self) -> date | None:
        return self.days.selected_day

    def _update_rest_button(self) -> None:
        day = self._selected()
        if self.summary is None or day is None:
            self.rest_button.setEnabled(False)
            return
        state = next(d.state for d in self.summary.days if d.day == day)
        self.rest_button.setEnabled(state in ("rest", "missed", "today", "upcoming"))
        set_button_text(
            self.rest_button, "Not a rest day   [R]" if state == "rest" else f"Mark {day:%a} as rest day   [R]"
        )

    def toggle_rest_day(self) -> None:
        day = self._selected()
        if self.summary is None or day is None or not self.rest_button.isEnabled():
            return
        state = next(d.state for d in self.summary.days if d.day == day)
        self.history.set_rest_day(day, state != "rest")
        self.show_week(self.summary.year, self.summary.week)
        self.days.show_days(self.summary.days, select=day)
        self._update_rest_button()

    # Export -------------------------------------------------------------------

    def export_csv(self, path: Path | None = None) -> None:
        if self.history.store is None:
            return
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export history", "footdesk-history.csv", "CSV (*.csv)")
            if not chosen:
                return
            path = Path(chosen)
        sessions = self.history.store.sessions()
        try:
            atomic_write_text(path, sessions_csv(sessions))
        except OSError as exc:
            self.status.setText(f"Not exported: cannot write {path} ({exc.strerror or exc}).")
            return
        rows = sum(len(s.steps) for s in sessions)
        self.status.setText(f"Exported {rows} step runs from {len(sessions)} sessions to {path}.")

    def save_pdf(self, path: Path | None = None) -> None:
        if self.summary is None:
            return
        if path is None:
            suggested = f"footdesk-{self.summary.year}-W{self.summary.week:02d}.pdf"
            chosen, _ = QFileDialog.getSaveFileName(self, "Save week as PDF", suggested, "PDF (*.pdf)")
            if not chosen:
                return
            path = Path(chosen)
        try:
            write_week_pdf(path, self.summary, self.routine)
        except OSError as exc:
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
        self.streak.setFont(pixel_font(self, 16, bold=False))
        self._colour()
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1100, 760
        if screen is not None:  # a 1366x768 laptop keeps the whole window on screen, title bar included
            width, height = min(width, int(screen.width() * 0.95)), min(height, int(screen.height() * 0.9))
        self.resize(width, height)
