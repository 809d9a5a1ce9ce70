"""Small week pictures: the seven days as tiles, minutes per day as bars, and
the last twelve weeks (days done, minutes, the back) side by side.

Drawn with QPainter (QtCharts would cost ~0.4 s of import and 60-180 MB of
wheels for seven bars). Every state has a symbol and a word, never colour
alone.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from footdesk.i18n import N_, _, n_, p_, weekday_name, weekday_short
from footdesk.report import (
    DAY_MARKS,
    trend_days_text,
    trend_minutes_text,
    trend_pain_text,
    trend_short_label,
    trend_words,
)
from footdesk.timefmt import minutes_in_words, minutes_number, minutes_text
from footdesk.ui.theme import accent, dimmed_text, pixel_font
from footdesk.week import DayState

if TYPE_CHECKING:
    from footdesk.week import DaySummary, WeekPoint

STATE_COLOURS = {DayState.DONE: "done", DayState.PARTIAL: "get-ready", DayState.REST: "muted", DayState.MISSED: "muted"}


def day_state_words(state: DayState) -> str:
    """A day's state in words ("done", "rest day"), "" for a day ahead (DAY_MARKS' words, looked up)."""
    words = DAY_MARKS[state][1]
    return _(words) if words else ""


def state_colour(widget: QWidget, state: DayState) -> QColor:
    name = STATE_COLOURS.get(state)
    return accent(widget, name) if name else dimmed_text(widget)


def _day_said(day: DaySummary) -> str:
    """A day in the strip's accessible description: "Monday: done", "Sunday: ahead"."""
    # TRANSLATORS: said of a day ahead in the week
    state = day_state_words(day.state) or p_("day", "ahead")
    # TRANSLATORS: a day of the week in words, for a screen reader: "Monday: done"
    return _("{weekday}: {state}").format(weekday=weekday_name(day.day), state=state)


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
        self.setAccessibleName(_("Days of the week"))

    @property
    def selected_day(self) -> date | None:
        return self._days[self._selected].day if self._selected is not None and self._days else None

    def show_days(self, days: tuple[DaySummary, ...], select: date | None = None) -> None:
        self._days = days
        if select is not None:
            matches = [i for i, d in enumerate(days) if d.day == select]
            self._selected = matches[0] if matches else None
        self.setAccessibleDescription("; ".join(_day_said(d) for d in days))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(560, self.height())

    def tile_centre(self, index: int) -> QPoint:
        """Where a click selects that day (Monday is 0)."""
        return self._tile(index).center().toPoint()

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
            mark = DAY_MARKS[day.state][0]
            small = pixel_font(self, tile.height() * (0.22 if self._compact else 0.15))
            big = pixel_font(self, tile.height() * (0.42 if self._compact else 0.3), bold=True)
            painter.setPen(text)
            painter.setFont(small)
            top = QRectF(tile.left(), tile.top() + 4, tile.width(), QFontMetricsF(small).height())
            weekday = weekday_short(day.day)
            # TRANSLATORS: a day's tile in the week: "Mon 7"
            label = weekday if self._compact else p_("date", "{weekday} {day}").format(weekday=weekday, day=day.day.day)
            if QFontMetricsF(small).horizontalAdvance(label) > tile.width() - 6:  # "niedz. 13" in a narrow tile
                label = QFontMetricsF(small).elidedText(weekday, Qt.TextElideMode.ElideRight, tile.width() - 6)
            painter.drawText(top, Qt.AlignmentFlag.AlignCenter, label)
            painter.setPen(colour if day.state is not DayState.UPCOMING else dimmed_text(self))
            painter.setFont(big)
            middle = QRectF(tile.left(), top.bottom(), tile.width(), QFontMetricsF(big).height())
            painter.drawText(middle, Qt.AlignmentFlag.AlignCenter, mark)
            if not self._compact:
                painter.setPen(text)
                painter.setFont(small)
                words = day_state_words(day.state) if day.state is not DayState.DONE else minutes_text(day.exercise_s)
                if day.state is DayState.BEFORE_START:
                    words = ""  # a quiet dot, as for days ahead: nothing was due (the description says it)
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
    """Minutes of exercise per day, each day's bar with the minutes planned for
    what was done that day as a dashed line across it: planned as recorded when
    it ran (``DaySummary.planned_s``), not as the durations are set today."""

    LEGEND = N_("Minutes of exercise per day   - - -  planned for what was done")
    """Looked up with ``_`` where drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesChart")
        self.setAccessibleName(_("Minutes of exercise per day"))
        self._days: tuple[DaySummary, ...] = ()
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_minutes(self, days: tuple[DaySummary, ...]) -> None:
        self._days = days
        self.setAccessibleDescription(", ".join(self._day_words(day) for day in days))
        self.update()

    @staticmethod
    def _day_words(day: DaySummary) -> str:
        weekday, done = weekday_name(day.day), minutes_in_words(day.exercise_s)
        if not day.planned_s:
            # TRANSLATORS: said of a day's bar: "Monday 12 minutes"
            return _("{weekday} {minutes}").format(weekday=weekday, minutes=done)
        # TRANSLATORS: said of a day's bar: "Monday 12 minutes of 15 minutes planned"
        return _("{weekday} {minutes} of {planned} planned").format(
            weekday=weekday, minutes=done, planned=minutes_in_words(day.planned_s)
        )

    @staticmethod
    def value_text(day: DaySummary) -> str:
        """Above a bar: its minutes ("12"), or under a minute its seconds ("30 s", never "0")."""
        return minutes_number(day.exercise_s)

    def planned_minutes(self) -> list[float]:
        """What the dashed lines stand for, a day each (0 where nothing timed was done)."""
        return [day.planned_minutes for day in self._days]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self._days:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = pixel_font(self, max(11, self.height() * 0.09))
        painter.setFont(font)
        label_height = QFontMetricsF(font).height() + 4
        # a legend line on top, then room above the tallest bar (or plan) for its value
        area = QRectF(0, 2 * label_height + 4, self.width(), self.height() - 3 * label_height - 8)
        top = max([d.minutes for d in self._days] + self.planned_minutes()) or 1.0
        gap = 14
        width = (area.width() - gap * 6) / 7
        for index, day in enumerate(self._days):
            slot = QRectF(area.left() + index * (width + gap), area.top(), width, area.height())
            self._paint_day(painter, day, slot, top, label_height)
        if any(self.planned_minutes()):
            self._paint_legend(painter, font, label_height)

    def _paint_day(self, painter: QPainter, day: DaySummary, slot: QRectF, top: float, label_height: float) -> None:
        """One day's bar, its minutes above it, its name below and its plan dashed across it."""
        height = slot.height() * day.minutes / top
        bar = QRectF(slot.left(), slot.bottom() - height, slot.width(), height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(state_colour(self, day.state))
        if height > 0:
            painter.drawRoundedRect(bar, 4, 4)
        planned_y = slot.bottom() - slot.height() * day.planned_minutes / top
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        if day.minutes:
            value = QRectF(slot.left(), min(bar.top(), planned_y) - label_height, slot.width(), label_height)
            painter.drawText(value, Qt.AlignmentFlag.AlignCenter, self.value_text(day))
        name = QRectF(slot.left(), slot.bottom() + 4, slot.width(), label_height)
        painter.drawText(name, Qt.AlignmentFlag.AlignCenter, weekday_short(day.day))
        if day.planned_s:
            painter.setPen(QPen(dimmed_text(self), 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(slot.left() - 4, planned_y), QPointF(slot.right() + 4, planned_y))

    def _paint_legend(self, painter: QPainter, font: QFont, label_height: float) -> None:
        small = QFont(font)
        words = _(self.LEGEND)
        while QFontMetricsF(small).horizontalAdvance(words) > self.width() and small.pixelSize() > 9:
            small.setPixelSize(small.pixelSize() - 1)  # the whole legend, never cut off
        painter.setFont(small)
        painter.setPen(dimmed_text(self))
        legend = QRectF(0, 0, self.width(), label_height)
        words = QFontMetricsF(small).elidedText(words, Qt.TextElideMode.ElideRight, self.width())  # still too long
        painter.drawText(legend, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, words)


RATING_SPAN_LEAST = 4.0
"""The least of the 0–10 scale the trend's line spans: a change of a few tenths stays small."""


def rating_span(ratings: list[float]) -> tuple[float, float]:
    """The part of the 0–10 scale the trend's line is drawn over: the ratings
    with half a point either side, widened to RATING_SPAN_LEAST, within 0–10."""
    if not ratings:
        return 0.0, 10.0
    lo, hi = max(0.0, min(ratings) - 0.5), min(10.0, max(ratings) + 0.5)
    short = RATING_SPAN_LEAST - (hi - lo)
    if short > 0:
        lo, hi = lo - short / 2, hi + short / 2
        lo, hi = (0.0, RATING_SPAN_LEAST) if lo < 0 else (10.0 - RATING_SPAN_LEAST, 10.0) if hi > 10 else (lo, hi)
    return lo, hi


class TrendChart(QWidget):
    """The last twelve weeks, oldest first, one column each: days done as a
    bar (of 7, the weekly goal dashed), the minutes of exercise under it, and
    the week's mean lower-back rating as a line with its value at each point.
    Every value is written as well as drawn, and said in the accessible
    description; weeks before the first session show a dash, not a zero."""

    FONT_PX = 15

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendChart")
        self.setAccessibleName(_("The last 12 weeks"))
        self.points: tuple[WeekPoint, ...] = ()
        self.marked: tuple[int, int] | None = None
        self._goal = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_points(self, points: tuple[WeekPoint, ...], goal_days: int, marked: tuple[int, int] | None = None) -> None:
        """``marked``: the (year, week) drawn in bold, the week being viewed; the last by default."""
        self.points, self._goal = points, goal_days
        self.marked = marked if marked is not None else ((points[-1].year, points[-1].week) if points else None)
        self.setAccessibleDescription("; ".join(trend_words(point) for point in points))
        self.update()

    def _line(self) -> float:
        return QFontMetricsF(pixel_font(self, self.FONT_PX)).height()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # four rows of text (the legend, the ratings' values, weeks, minutes) and the two bands
        line = self._line()
        return QSize(int(line * 24), int(line * 8 + 16))  # the 16: the gaps paintEvent leaves between them

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # no taller than it must be: the review fits a 1366x768 screen unscrolled
        line = self._line()
        return QSize(int(line * 40), int(line * 10))

    def columns(self) -> list[QRectF]:
        """Each week's column, oldest first."""
        if not self.points:
            return []
        width = self.width() / len(self.points)
        return [QRectF(index * width, 0, width, self.height()) for index in range(len(self.points))]

    def legend(self) -> str:
        if not self._goal:
            # TRANSLATORS: the legend above the last 12 weeks' chart; keep its symbols (the line, the bar)
            return _("●—●  lower back, the week's mean (0 none – 10 worst)      ▮  days done of 7")
        # TRANSLATORS: the legend above the last 12 weeks' chart; keep its symbols (the line, the bar, the dashes)
        return n_(
            "●—●  lower back, the week's mean (0 none – 10 worst)      ▮  days done of 7   - - -  your weekly goal "
            "({count} day)",
            "●—●  lower back, the week's mean (0 none – 10 worst)      ▮  days done of 7   - - -  your weekly goal "
            "({count} days)",
            self._goal,
        ).format(count=self._goal)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self.points:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = pixel_font(self, self.FONT_PX)
        line = QFontMetricsF(font).height()
        # top to bottom: the legend, the ratings (their values above them), the bars, the weeks, the minutes
        free = max(line * 4, self.height() - line * 4 - 16)
        pain_band = QRectF(0, line * 2 + 4, self.width(), free * 0.4)
        bars = QRectF(0, pain_band.bottom() + 10, self.width(), free * 0.6)
        self._paint_legend(painter, font, line)
        if self._goal:
            y = bars.bottom() - bars.height() * min(self._goal, 7) / 7
            painter.setPen(QPen(dimmed_text(self), 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(bars.left(), y), QPointF(bars.right(), y))
        columns = self.columns()
        for point, column in zip(self.points, columns, strict=True):
            self._paint_week(painter, point, column, bars, bold=(point.year, point.week) == self.marked)
        self._paint_ratings(painter, columns, pain_band, font)

    def _paint_legend(self, painter: QPainter, font: QFont, line: float) -> None:
        small = QFont(font)
        legend = self.legend()
        while QFontMetricsF(small).horizontalAdvance(legend) > self.width() and small.pixelSize() > 9:
            small.setPixelSize(small.pixelSize() - 1)  # the whole legend, never cut off
        painter.setFont(small)
        painter.setPen(dimmed_text(self))
        legend = QFontMetricsF(small).elidedText(legend, Qt.TextElideMode.ElideRight, self.width())  # still too long
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         legend)  # fmt: skip

    def _paint_week(self, painter: QPainter, point: WeekPoint, column: QRectF, bars: QRectF, bold: bool) -> None:
        """One week's column: its days done as a bar with the count, then the week and its minutes."""
        font = pixel_font(self, self.FONT_PX)
        metrics = QFontMetricsF(font)
        line = metrics.height()
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        dim = dimmed_text(self)
        centred = Qt.AlignmentFlag.AlignCenter
        bar_width = min(column.width() * 0.6, line * 3)
        height = bars.height() * point.days_done / 7
        bar = QRectF(column.center().x() - bar_width / 2, bars.bottom() - height, bar_width, height)
        painter.setFont(pixel_font(self, self.FONT_PX, bold=True) if bold else font)
        if height > 0:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent(self, "done"))
            painter.drawRoundedRect(bar, 3, 3)
        count = trend_days_text(point)
        if height >= line + 2:  # the count inside the top of its bar
            painter.setPen(palette.color(QPalette.ColorRole.Window))  # light on the dark green, dark on the light one
            painter.drawText(QRectF(bar.left(), bar.top() + 1, bar.width(), line), centred, count)
        else:
            painter.setPen(text if point.started else dim)
            painter.drawText(QRectF(column.left(), bar.top() - line - 1, column.width(), line), centred, count)
        painter.setPen(text)
        week = QRectF(column.left(), bars.bottom() + 2, column.width(), line)
        painter.drawText(week, centred, trend_short_label(point))
        painter.setPen(dim)
        painter.setFont(font)
        minutes = trend_minutes_text(point)
        if metrics.horizontalAdvance(minutes) > column.width() - 4:
            minutes = minutes_number(point.exercise_s)
        painter.drawText(QRectF(column.left(), week.bottom(), column.width(), line), centred, minutes)

    def rating_y(self, pain: float, band: QRectF) -> float:
        """Where a mean rating sits in the band: the band spans the weeks' own
        ratings (at least 4 points of the scale, within 0–10), not the whole
        scale, so that a back going from 5.8 to 2.3 is seen falling, not a
        flat line in a few pixels; every value is written beside its point."""
        lo, hi = rating_span([point.pain for point in self.points if point.pain is not None])
        return band.bottom() - band.height() * (pain - lo) / (hi - lo)

    def _paint_ratings(self, painter: QPainter, columns: list[QRectF], pain_band: QRectF, font: QFont) -> None:
        """A line through the weeks that have a rating, each value written above its point."""
        line = QFontMetricsF(font).height()
        text = self.palette().color(QPalette.ColorRole.WindowText)
        centred = Qt.AlignmentFlag.AlignCenter
        path = QPainterPath()
        joined = False
        dots: list[tuple[QPointF, str]] = []
        for point, column in zip(self.points, columns, strict=True):
            if point.pain is None:
                joined = False  # a week without ratings breaks the line
                continue
            spot = QPointF(column.center().x(), self.rating_y(point.pain, pain_band))
            if joined:
                path.lineTo(spot)
            else:
                path.moveTo(spot)
                joined = True
            dots.append((spot, trend_pain_text(point)))
        painter.setPen(QPen(text, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(text)
        painter.setFont(font)
        for spot, value in dots:
            painter.drawEllipse(spot, 4, 4)
            painter.drawText(QRectF(spot.x() - line * 2, spot.y() - line - 4, line * 4, line), centred, value)
        if not dots:
            painter.setPen(dimmed_text(self))
            painter.drawText(pain_band, centred, _("No lower-back ratings in these weeks"))
