"""Small week pictures: the seven days as tiles, and minutes per day as bars.

Drawn with QPainter (QtCharts would cost ~0.4 s of import and 60-180 MB of
wheels for seven bars). Every state has a symbol and a word, never colour
alone.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from footdesk.report import DAY_MARKS
from footdesk.ui.theme import accent, dimmed_text, pixel_font
from footdesk.week import DayState

if TYPE_CHECKING:
    from footdesk.week import DaySummary

STATE_COLOURS = {"done": "done", "partial": "get-ready", "rest": "muted", "missed": "muted"}


def state_colour(widget: QWidget, state: str) -> QColor:
    name = STATE_COLOURS.get(state)
    return accent(widget, name) if name else dimmed_text(widget)


class DayStrip(QWidget):
    """Seven day tiles, Monday to Sunday. With ``selectable`` the tiles take
    focus: arrow keys move the selection, and day_selected says which."""

    day_selected = Signal(object)

    def __init__(self, compact: bool = False, selectable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dayStrip")
        self._days: tuple[DaySummary, ...] = ()
        self._compact = compact
        self._selectable = selectable
        self._selected: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(64 if compact else 110)
        if selectable:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Days of the week")

    @property
    def selected_day(self) -> date | None:
        return self._days[self._selected].day if self._selected is not None and self._days else None

    def show_days(self, days: tuple[DaySummary, ...], select: date | None = None) -> None:
        self._days = days
        if select is not None:
            matches = [i for i, d in enumerate(days) if d.day == select]
            self._selected = matches[0] if matches else None
        self.setAccessibleDescription("; ".join(f"{d.day:%A}: {DAY_MARKS[d.state][1] or 'ahead'}" for d in days))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(560, self.height())

    def _tile(self, index: int) -> QRectF:
        gap = 8
        width = (self.width() - gap * 6) / 7
        return QRectF(index * (width + gap), 0, width, self.height() - 1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for index, day in enumerate(self._days):
            tile = self._tile(index)
            colour = state_colour(self, day.state)
            fill = QColor(colour)
            fill.setAlpha(45 if day.state in (DayState.DONE, DayState.PARTIAL) else 18)
            painter.setPen(QPen(colour, 3 if index == self._selected and self.hasFocus() else 1.5))
            painter.setBrush(fill)
            painter.drawRoundedRect(tile.adjusted(1, 1, -1, -1), 8, 8)
            mark, _ = DAY_MARKS[day.state]
            small = pixel_font(self, tile.height() * (0.22 if self._compact else 0.15))
            big = pixel_font(self, tile.height() * (0.42 if self._compact else 0.3), bold=True)
            painter.setPen(text)
            painter.setFont(small)
            top = QRectF(tile.left(), tile.top() + 4, tile.width(), QFontMetricsF(small).height())
            label = f"{day.day:%a}" if self._compact else f"{day.day:%a} {day.day.day}"
            painter.drawText(top, Qt.AlignmentFlag.AlignCenter, label)
            painter.setPen(colour if day.state is not DayState.UPCOMING else dimmed_text(self))
            painter.setFont(big)
            middle = QRectF(tile.left(), top.bottom(), tile.width(), QFontMetricsF(big).height())
            painter.drawText(middle, Qt.AlignmentFlag.AlignCenter, mark)
            if not self._compact:
                painter.setPen(text)
                painter.setFont(small)
                words = DAY_MARKS[day.state][1] if day.state is not DayState.DONE else f"{round(day.minutes)} min"
                bottom = QRectF(tile.left(), middle.bottom(), tile.width(), tile.bottom() - middle.bottom())
                painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, words)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if not self._selectable:
            return
        for index in range(len(self._days)):
            if self._tile(index).contains(event.position()):
                self._select(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not self._selectable or not self._days:
            super().keyPressEvent(event)
            return
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        current = self._selected if self._selected is not None else 0
        self._select(max(0, min(len(self._days) - 1, current + step)))

    def _select(self, index: int) -> None:
        self._selected = index
        self.update()
        self.day_selected.emit(self._days[index].day)


class MinutesChart(QWidget):
    """Minutes of exercise per day, with the full routine's minutes as a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesChart")
        self.setAccessibleName("Minutes of exercise per day")
        self._days: tuple[DaySummary, ...] = ()
        self._goal = 0.0
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_minutes(self, days: tuple[DaySummary, ...], goal_minutes: float) -> None:
        self._days, self._goal = days, goal_minutes
        self.setAccessibleDescription(", ".join(f"{d.day:%A} {round(d.minutes)} minutes" for d in days))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self._days:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = pixel_font(self, max(11, self.height() * 0.09))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        label_height = metrics.height() + 4
        # a legend line on top, then room above the tallest bar for its value
        area = QRectF(0, 2 * label_height + 4, self.width(), self.height() - 3 * label_height - 8)
        top = max([self._goal] + [d.minutes for d in self._days]) or 1.0
        gap = 14
        width = (area.width() - gap * 6) / 7
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for index, day in enumerate(self._days):
            x = area.left() + index * (width + gap)
            height = area.height() * day.minutes / top
            bar = QRectF(x, area.bottom() - height, width, height)
            colour = state_colour(self, day.state)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            if height > 0:
                painter.drawRoundedRect(bar, 4, 4)
            painter.setPen(text)
            if day.minutes:
                value = QRectF(x, bar.top() - label_height, width, label_height)
                painter.drawText(value, Qt.AlignmentFlag.AlignCenter, f"{round(day.minutes)}")
            name = QRectF(x, area.bottom() + 4, width, label_height)
            painter.drawText(name, Qt.AlignmentFlag.AlignCenter, f"{day.day:%a}")
        if self._goal:
            y = area.bottom() - area.height() * self._goal / top
            pen = QPen(dimmed_text(self), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(int(area.left()), int(y), int(area.right()), int(y))
            legend = QRectF(0, 0, self.width(), label_height)
            painter.setPen(dimmed_text(self))
            painter.drawText(
                legend,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"Minutes of exercise per day   - - -  the whole routine ({round(self._goal)} min)",
            )
