"""The big countdown, readable from across the room.

Painted by hand so that the digits fill the space they are given (at least a
quarter of the window height) and sit in fixed cells: a "1" never makes the
other digits jump sideways. The get-ready countdown looks different in shape,
not only in colour: a single number inside a ring that drains, where the real
countdown is m:ss with no ring.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from footdesk.ui.theme import accent, dimmed_text, pixel_font


class ClockLook(Enum):
    RUNNING = "running"
    GET_READY = "get-ready"
    PAUSED = "paused"
    WAITING = "waiting"


class CountdownDisplay(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countdown")
        self.setAccessibleName("Time left")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._text = ""
        self._look = ClockLook.RUNNING
        self._fraction_left = 1.0

    @property
    def text(self) -> str:
        return self._text

    @property
    def look(self) -> ClockLook:
        return self._look

    def show_time(self, text: str, look: ClockLook, fraction_left: float = 1.0) -> None:
        if (text, look, round(fraction_left, 3)) == (self._text, self._look, round(self._fraction_left, 3)):
            return
        self._text, self._look, self._fraction_left = text, look, max(0.0, min(1.0, fraction_left))
        self.setAccessibleDescription(text)
        self.update()

    def digit_height(self) -> float:
        """Height of the painted digits in pixels (what a person across the room sees)."""
        return QFontMetricsF(self._font_for(self.rect().toRectF())).capHeight()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(480, 260)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(160, 100)

    # Painting -----------------------------------------------------------------

    def _colour(self) -> QColor:
        if self._look is ClockLook.GET_READY:
            return accent(self, "get-ready")
        if self._look in (ClockLook.PAUSED, ClockLook.WAITING):
            return dimmed_text(self)
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _area(self) -> QRectF:
        area = self.rect().toRectF()
        if self._look is ClockLook.GET_READY:
            side = min(area.width(), area.height())
            area = QRectF(area.center().x() - side / 2, area.center().y() - side / 2, side, side)
            inset = side * 0.24
            return area.adjusted(inset, inset, -inset, -inset)
        return area.adjusted(area.width() * 0.02, area.height() * 0.04, -area.width() * 0.02, -area.height() * 0.04)

    def _font_for(self, area: QRectF) -> QFont:
        # digits are ~0.72 of the pixel size tall; fill the height, then fit the width
        pixels = area.height() / 0.95
        font = pixel_font(self, int(pixels), bold=True)
        width = self._cells_width(QFontMetricsF(font))
        if width > area.width() and width > 0:
            font = pixel_font(self, int(pixels * area.width() / width), bold=True)
        return font

    def _cells_width(self, metrics: QFontMetricsF) -> float:
        digit = max(metrics.horizontalAdvance(d) for d in "0123456789")
        return sum(digit if ch.isdigit() else metrics.horizontalAdvance(ch) for ch in self._text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self._colour()
        if self._look is ClockLook.GET_READY:
            self._paint_ring(painter, colour)
        if not self._text:
            return
        area = self._area()
        font = self._font_for(area)
        painter.setFont(font)
        painter.setPen(colour)
        metrics = QFontMetricsF(font)
        digit = max(metrics.horizontalAdvance(d) for d in "0123456789")
        x = area.center().x() - self._cells_width(metrics) / 2
        baseline = area.center().y() + metrics.capHeight() / 2
        for ch in self._text:
            cell = digit if ch.isdigit() else metrics.horizontalAdvance(ch)
            painter.drawText(
                QRectF(x, baseline - metrics.ascent(), cell, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                ch,
            )
            x += cell

    def _paint_ring(self, painter: QPainter, colour: QColor) -> None:
        area = self.rect().toRectF()
        side = min(area.width(), area.height()) * 0.92
        ring = QRectF(area.center().x() - side / 2, area.center().y() - side / 2, side, side)
        width = max(4.0, side * 0.05)
        ring = ring.adjusted(width / 2, width / 2, -width / 2, -width / 2)
        track = QColor(colour)
        track.setAlpha(60)
        painter.setPen(QPen(track, width))
        painter.drawEllipse(ring)
        pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(ring, 90 * 16, int(-360 * 16 * self._fraction_left))
