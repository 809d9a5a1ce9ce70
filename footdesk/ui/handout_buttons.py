"""The review's Report for your physio… and Add to calendar…: a save dialog,
then the model writes the file (``AppModel.handouts``) and the review's status
line says what was written, or why not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton, QWidget

from footdesk.appmodel import AppModel, ExportError
from footdesk.i18n import _
from footdesk.library import LibraryError
from footdesk.report import calendar_written
from footdesk.ui.theme import named

if TYPE_CHECKING:
    FileChooser = Callable[[QWidget, str, str, str], str]


class HandoutButtons(QWidget):
    """The two buttons side by side, or one above the other when the review is
    too narrow for its row of buttons (large fonts on a small screen)."""

    def __init__(self, window: QWidget, model: AppModel, choose_file: FileChooser, status: QLabel,
                 routine_shown: Callable[[], str | None], row: QBoxLayout) -> None:  # fmt: skip
        """Added to ``row`` (the review's buttons). ``routine_shown``: the
        review's routine (None for every routine: then the routine in use is
        the one a report or a calendar is of); ``status``: where what was done is said."""
        super().__init__(window)
        self.model = model
        self._choose_file = choose_file
        self._status = status
        self._routine_shown = routine_shown
        self._row = row
        self.report_button = named(QPushButton(_("Report for your physio…")), "physioReportButton")
        self.report_button.setToolTip(
            _(
                "A PDF to bring to your physiotherapist: the last 12 weeks (days done, lower "
                "back, how each exercise felt, your notes) and the programme card"
            )
        )
        self.calendar_button = named(QPushButton(_("Add to calendar…")), "calendarButton")
        self.calendar_button.setToolTip(_("Your daily reminder times on the routine's days, as a file your calendar "
                                          "app imports (.ics)"))  # fmt: skip
        # clicked(bool) must not reach the path parameter: a lambda drops it
        self.report_button.clicked.connect(lambda: self.save_report())
        self.calendar_button.clicked.connect(lambda: self.save_calendar())
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.report_button)
        self.box.addWidget(self.calendar_button)
        row.addWidget(self)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and isinstance(watched, QWidget):
            screen = watched.screen()  # a window never narrower than its row would leave the screen instead
            room = min(watched.width(), int(screen.availableGeometry().width() * 0.95)) if screen else watched.width()
            side_by_side = room >= self._row_width()
            direction = QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
            if direction != self.box.direction():
                clamped = watched.width() <= watched.minimumSizeHint().width()  # as wide as the row made it
                self.box.setDirection(direction)
                layout = watched.layout()
                if layout is not None:
                    layout.activate()  # the window's least width is the row's as it is now
                if clamped and watched.width() > room:  # it had to be as wide as the row side by side
                    forced = watched.width()
                    QTimer.singleShot(0, lambda: self._narrow(watched, forced, room))
        return False

    @staticmethod
    def _narrow(window: QWidget, forced: int, room: int) -> None:
        """The window back within the screen, unless it was given a width of its own meanwhile."""
        if window.width() == forced:
            window.resize(room, window.height())

    def _row_width(self) -> int:
        """What the review's row of buttons needs with these two side by side."""
        spacing = max(6, self._row.spacing(), self.box.spacing())
        others = [item.widget() for at in range(self._row.count()) if (item := self._row.itemAt(at)) is not None]
        widths = [widget.sizeHint().width() for widget in others if widget is not None and widget is not self]
        widths += [self.report_button.sizeHint().width(), self.calendar_button.sizeHint().width()]
        margins = self._row.contentsMargins()
        return sum(widths) + spacing * len(widths) + margins.left() + margins.right() + 32  # the scroll bar's room

    def _routine(self) -> str:
        return self._routine_shown() or self.model.routine.id

    def _chosen(self, caption: str, suggested: str, file_filter: str) -> Path | None:
        chosen = self._choose_file(self._status.window(), caption, suggested, file_filter)
        return Path(chosen) if chosen else None

    def save_report(self, path: Path | None = None) -> None:
        """The last 12 weeks of the routine, as the review counts them, and its programme card."""
        routine = self._routine()
        path = path or self._chosen(_("Save the report for your physiotherapist"), f"footdesk-report-{routine}.pdf",
                                    "PDF (*.pdf)")  # fmt: skip
        if path is None:
            return
        try:
            done = self.model.handouts.export_report(path, routine)
        except ExportError as exc:
            # TRANSLATORS: {problem} says why the file was not written
            self._status.setText(_("Not saved: {problem}.").format(problem=exc))
            return
        left_out = f" {' '.join(done.without)}." if done.without else ""
        # TRANSLATORS: {routine} is the routine's title, {path} the file written; what was left out may follow
        saved = _("Saved the report on {routine} to {path}.").format(routine=done.report.routine_title, path=path)
        self._status.setText(f"{saved}{left_out}")

    def save_calendar(self, path: Path | None = None) -> None:
        """The reminder times on the routine's days, for a calendar app to import."""
        routine = self._routine()
        try:  # nothing to put in a calendar (no reminder time): said before a file is asked for
            self.model.handouts.calendar(routine)
        except (ExportError, LibraryError) as exc:
            # TRANSLATORS: {problem} says why the file was not written
            self._status.setText(_("Not saved: {problem}.").format(problem=exc))
            return
        path = path or self._chosen(_("Save the reminders for your calendar"), f"footdesk-{routine}.ics",
                                    "iCalendar (*.ics)")  # fmt: skip
        if path is None:
            return
        try:
            done = self.model.handouts.export_calendar(path, routine)
        except ExportError as exc:
            # TRANSLATORS: {problem} says why the file was not written
            self._status.setText(_("Not saved: {problem}.").format(problem=exc))
            return
        self._status.setText(f"{calendar_written(done.title, done.reminders, path)}.")
